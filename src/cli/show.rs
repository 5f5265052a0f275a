//! `accords show`: one clause, its document, and the clauses around it.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::refresh::open_fresh;
use crate::cli::{Env, IndexDir};
use crate::export::{self, Format, Style};
use crate::search;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The clause id, as search results show it (e.g. 2bbc4fd7d71ce70b-019).
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
        bom: false,
    }
    .resolve(env)?;
    // Neighbours beyond a few dozen are a different command (`docs`, `parse`).
    let around = args.context.min(50);
    let index = open_fresh(&args.index.dir, err)?;
    let context = search::show(&index, &args.id, around)?;
    let format: Format = output.format;
    let style: Style = output.style;
    output.emit(out, err, "the clause", |w| {
        export::write_context(w, format, &context, &style)
    })
}
