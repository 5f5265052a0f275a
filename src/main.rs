//! The `accords` binary: parses the command line, runs the command, and maps
//! the outcome to an exit code: 0 for success, 2 for a mistake the user can
//! fix (bad arguments, query syntax, unknown filter values, missing paths),
//! 1 for anything else.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Cli, Env, UsageError};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let env = Env::from_process();
    let stdout = std::io::stdout();
    // Standard error is not locked for the whole run: `accords serve` logs
    // to it from other threads.
    let mut stderr = std::io::stderr();
    let result = cli::run(cli, &env, &mut stdout.lock(), &mut stderr);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            let user_error = e.chain().any(|c| {
                c.downcast_ref::<UsageError>().is_some()
                    || c.downcast_ref::<accords::Error>()
                        .is_some_and(accords::Error::is_user_error)
            });
            if user_error {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Prints the error once, its causes on the same line, and for a query
/// syntax error the query with a caret under the position.
fn report(e: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
    let chain: Vec<String> = e
        .chain()
        .map(|c| match c.downcast_ref::<accords::Error>() {
            Some(error) => cli::describe(error),
            None => c.to_string(),
        })
        .collect();
    // A cause whose text the previous message already includes adds nothing.
    let mut parts: Vec<&str> = Vec::new();
    for message in &chain {
        if !parts.last().is_some_and(|p| p.contains(message.as_str())) {
            parts.push(message);
        }
    }
    let _ = writeln!(stderr, "accords: {}", parts.join(": "));
    if let Some(accords::Error::QuerySyntax {
        query, position, ..
    }) = e.chain().find_map(|c| c.downcast_ref::<accords::Error>())
    {
        let (shown, caret) = caret_line(query, *position);
        let _ = writeln!(stderr, "  {shown}\n  {caret}");
    }
}

/// The query on one line (cropped around the position when long) and a
/// caret under the character at `position`.
fn caret_line(query: &str, position: usize) -> (String, String) {
    const ROOM: usize = 70;
    let chars: Vec<char> = query
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let start = position
        .saturating_sub(ROOM / 2)
        .min(chars.len().saturating_sub(ROOM));
    let end = (start + ROOM).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut offset = position - start;
    if start > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, format!("{}^", " ".repeat(offset)))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
