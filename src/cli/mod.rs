//! The command line: argument structs, one file per subcommand, and the
//! glue that runs them.
//!
//! Each subcommand first turns its parsed arguments into a resolved
//! configuration without touching the disk (a bad query, date or flag
//! combination fails here, before any index is opened or built), then does
//! its work through the library's [`accords::Engine`]. Only this module
//! touches flags, stdout, stderr and the process environment; `main.rs`
//! maps the outcome to an exit code. It belongs to the binary alone: the
//! library knows nothing of clap or terminals.

pub mod cite;
pub mod compare;
pub mod docs;
pub mod eval;
pub mod export_engine;
pub mod facets;
pub mod index;
pub mod matrix;
pub mod output;
pub mod parse;
pub mod search;
#[cfg(feature = "server")]
pub mod serve;
pub mod shell;
pub mod show;
pub mod similar;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use accords::Engine;

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
    /// Count clauses for every pair of two facets (partner × area, year ×
    /// meeting...), with totals: a coverage matrix or a timeline.
    Matrix(matrix::MatrixArgs),
    /// Show one clause with its document and the clauses around it.
    Show(show::ShowArgs),
    /// Print the citation of a clause for a report: plain, Markdown or
    /// BibTeX.
    Cite(cite::CiteArgs),
    /// List the indexed documents with their metadata and warnings.
    Docs(docs::DocsArgs),
    /// List the clauses most like a clause or a pasted paragraph, from
    /// other partners.
    Similar(similar::SimilarArgs),
    /// Set two partners' commitments side by side, area by area.
    Compare(compare::CompareArgs),
    /// Show what ingest extracts from press releases.
    Parse(parse::ParseArgs),
    /// Measure ranking on judged queries, beside a plain tantivy baseline.
    Eval(eval::EvalArgs),
    /// Serve the search page and a JSON API over HTTP.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
    /// Write the clauses and accords' analyzer and ranking as files for
    /// OpenSearch, Elasticsearch or Quickwit.
    ExportEngine(export_engine::ExportEngineArgs),
    /// Print a shell completion script (bash, zsh, fish or powershell).
    Completions(shell::CompletionsArgs),
    /// Print the manual page, in roff, to standard output.
    Man(shell::ManArgs),
}

/// The index folder, shared by every subcommand that uses one.
#[derive(Debug, Clone, Args)]
pub struct IndexDir {
    /// The index folder [default: index, built from seeds/ on first use].
    #[arg(long = "index", value_name = "DIR", env = "ACCORDS_INDEX")]
    pub dir: Option<PathBuf>,
}

/// The index folder used when none is named.
pub const DEFAULT_INDEX: &str = "index";

impl IndexDir {
    /// The folder named, or the default.
    pub fn path(&self) -> PathBuf {
        self.dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
    }

    /// Opens the index for a reading command. The default index is built
    /// from `seeds/` on first use, so a new user's first search just works;
    /// an index named with `--index` must exist. Either is updated first
    /// when its sources have changed. What was done is said on `err`.
    pub fn open(&self, err: &mut dyn Write) -> anyhow::Result<Engine> {
        let dir = self.path();
        let opened = match &self.dir {
            None => {
                let root = std::env::current_dir().map_err(|e| accords::Error::io(".", e))?;
                Engine::open_or_build(&dir, &root)
            }
            Some(_) => Engine::open_refreshed(&dir),
        };
        let (engine, notices) = opened.map_err(|e| match e {
            accords::Error::NoIndex { dir } => anyhow::Error::new(UsageError(format!(
                "there is no index in {}; build one with `accords index PATH... --index {}`{}",
                dir.display(),
                dir.display(),
                if self.dir.is_none() {
                    " (or run accords where a seeds/ folder is)"
                } else {
                    ""
                }
            ))),
            other => anyhow::Error::new(other),
        })?;
        for notice in notices {
            writeln!(err, "accords: {notice}")?;
        }
        Ok(engine)
    }
}

/// A library error in the command line's words: a filter value or date is
/// named by the flag that gave it (`--partner Jiangsuu: unknown partner`).
pub fn describe(error: &accords::Error) -> String {
    use accords::error::ValueOrigin;
    use accords::Error as E;
    let message = error.to_string();
    match error {
        E::UnknownValue { origin, .. }
        | E::AbsentValue { origin, .. }
        | E::AmbiguousValue { origin, .. }
        | E::EmptyValue { origin, .. }
        | E::NoPrefixMatch { origin, .. }
            if *origin == ValueOrigin::Filter =>
        {
            format!("--{message}")
        }
        E::BadDate { .. } | E::BadTime { .. } => format!("--{message}"),
        E::EmptyDateRange { from, to } => {
            format!("--from {from} is after --to {to}; no clause can match")
        }
        E::NoSuchClause { .. } => format!(
            "{message}; ids are shown by `accords search` (e.g. in --format json) and `accords show DOC_ID` lists a document's clauses"
        ),
        E::NotAnIndexFolder { .. } => format!("{message} with --index"),
        _ => message,
    }
}

/// A mistake in the command line itself that the library never sees (a
/// flag combination, a flag-like query): exit code 2, like the library's
/// user errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

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
    /// The width of the terminal standard output is, if it is one.
    pub terminal_columns: Option<usize>,
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
            terminal_columns: console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns)),
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
        Command::Matrix(args) => matrix::run(&args, env, out, err),
        Command::Show(args) => show::run(&args, env, out, err),
        Command::Cite(args) => cite::run(&args, env, out, err),
        Command::Docs(args) => docs::run(&args, env, out, err),
        Command::Similar(args) => similar::run(&args, env, out, err),
        Command::Compare(args) => compare::run(&args, env, out, err),
        Command::Parse(args) => parse::run(&args, out, err),
        Command::Eval(args) => eval::run(&args, out, err),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(&args, out, err),
        Command::ExportEngine(args) => export_engine::run(&args, out, err),
        Command::Completions(args) => shell::completions(&args, out),
        Command::Man(args) => shell::man(&args, out),
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
    fn every_subcommand_ends_its_help_with_examples() {
        use clap::CommandFactory;
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let examples = help
                .split_once("Examples:\n")
                .map(|(_, e)| e)
                .unwrap_or_else(|| panic!("accords {} has no examples", sub.get_name()));
            let lines: Vec<&str> = examples.lines().collect();
            assert!(
                (2..=3).contains(&lines.len()),
                "accords {}: {lines:?}",
                sub.get_name()
            );
            for line in lines {
                assert!(
                    line.starts_with(&format!("  accords {}", sub.get_name())),
                    "accords {}: {line}",
                    sub.get_name()
                );
            }
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
