//! The command line: argument structs, one file per subcommand, and the
//! glue that runs them.
//!
//! Each subcommand first turns its parsed arguments into a resolved
//! configuration without touching the disk (a bad query, date or flag
//! combination fails here, before any index is opened or built), then does
//! its work. Only this module touches flags, stdout, stderr and the process
//! environment; `main.rs` maps the outcome to an exit code.

pub mod docs;
pub mod eval;
pub mod facets;
pub mod index;
pub mod output;
pub mod parse;
pub mod refresh;
pub mod search;
#[cfg(feature = "server")]
pub mod serve;
pub mod show;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

/// Search the clauses of Hong Kong's co-operation agreements with Mainland
/// provinces and municipalities.
#[derive(Debug, Parser)]
#[command(name = "accords", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the search index from press releases.
    Index(index::IndexArgs),
    /// Search clauses; builds or refreshes the index first when needed.
    Search(search::SearchArgs),
    /// Count clauses per partner, area, meeting type, kind and year.
    Facets(facets::FacetsArgs),
    /// Show one clause with its document and the clauses around it.
    Show(show::ShowArgs),
    /// List the indexed documents with their metadata and warnings.
    Docs(docs::DocsArgs),
    /// Show what ingest extracts from press releases.
    Parse(parse::ParseArgs),
    /// Measure ranking on judged queries, beside a plain tantivy baseline.
    Eval(eval::EvalArgs),
    /// Serve the search page and a JSON API over HTTP.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
}

/// The index folder, shared by every subcommand that uses one.
#[derive(Debug, Clone, Args)]
pub struct IndexDir {
    /// The index folder.
    #[arg(
        long = "index",
        value_name = "DIR",
        default_value = "index",
        env = "ACCORDS_INDEX"
    )]
    pub dir: PathBuf,
}

/// Parses an argument that must be text. Clap's own check refuses bytes
/// that are not UTF-8 without saying which argument held them; this names
/// the argument and shows the value with the bad bytes replaced.
pub(crate) fn text_value() -> impl TypedValueParser<Value = String> {
    OsStringValueParser::new().try_map(|value: OsString| {
        value
            .into_string()
            .map_err(|bad| format!("not valid UTF-8: {}", bad.to_string_lossy()))
    })
}

/// What a command may learn from the process it runs in, gathered once so
/// that argument resolution stays a pure function.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// Standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Standard error is a terminal, so progress bars may be drawn there.
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to something non-empty (<https://no-color.org>).
    pub no_color: bool,
    /// `TERM=dumb`.
    pub dumb_terminal: bool,
    /// `COLUMNS`, when set to a number.
    pub columns: Option<usize>,
}

impl Env {
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        Env {
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            dumb_terminal: std::env::var("TERM").is_ok_and(|t| t == "dumb"),
            columns: std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok()),
        }
    }
}

/// Runs a parsed command line. Results go to `out`; progress, warnings and
/// summaries to `err`.
pub fn run(cli: Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(args) => index::run(&args, env, out, err),
        Command::Search(args) => search::run(&args, env, out, err),
        Command::Facets(args) => facets::run(&args, env, out, err),
        Command::Show(args) => show::run(&args, env, out, err),
        Command::Docs(args) => docs::run(&args, env, out, err),
        Command::Parse(args) => parse::run(&args, out, err),
        Command::Eval(args) => eval::run(&args, out, err),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(&args, out, err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_that_are_not_utf8_name_themselves() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(b"fin\xffance".to_vec());
        let err = Cli::try_parse_from([
            OsString::from("accords"),
            "search".into(),
            "x".into(),
            "--area".into(),
            bad,
        ])
        .unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        let message = err.to_string();
        assert!(message.contains("--area"), "{message}");
        assert!(message.contains("not valid UTF-8"), "{message}");
        assert!(message.contains("fin\u{FFFD}ance"), "{message}");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
