//! `accords show`: one clause, its document, and the clauses around it.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::{Env, IndexDir};
use accords::export::{self, Format, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords show 88463f97ea07769f-033
  accords show 88463f97ea07769f-033 --context 0 --format json
  accords show 88463f97ea07769f")]
pub struct ShowArgs {
    /// A clause id, as search results show it (e.g. 2bbc4fd7d71ce70b-019),
    /// or a document id (2bbc4fd7d71ce70b) for the whole document.
    #[arg(value_name = "ID")]
    pub id: String,

    /// Clauses to show on each side.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub context: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,

    /// Colour and bold: auto, always or never.
    #[arg(long, value_enum, default_value_t = crate::cli::output::ColorArg::Auto, value_name = "WHEN")]
    pub color: crate::cli::output::ColorArg,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &ShowArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let output = crate::cli::output::OutputArgs {
        format: match args.format {
            ShowFormat::Text => crate::cli::output::FormatArg::Text,
            ShowFormat::Json => crate::cli::output::FormatArg::Json,
        },
        output: None,
        color: args.color,
        no_bom: false,
        bom: false,
    }
    .resolve(env)?;
    // Neighbours beyond a few dozen are a different command (`docs`, `parse`).
    let around = args.context.min(50);
    let engine = args.index.open(err)?;
    let format: Format = output.format;
    let style: Style = output.style;
    // A clause id is a document id and a position; a document id alone
    // shows the whole document.
    match engine.show(&args.id, around) {
        Ok(context) => output.emit(out, err, "the clause", |w| {
            export::write_context(w, format, &context, &style)
        }),
        Err(no_clause @ accords::Error::NoSuchClause { .. }) => match engine.document(&args.id) {
            Ok(document) => output.emit(out, err, "the document", |w| {
                export::write_document(w, format, &document, &style)
            }),
            Err(accords::Error::NoSuchDocument { .. }) => Err(no_clause.into()),
            Err(e) => Err(e.into()),
        },
        Err(e) => Err(e.into()),
    }
}
