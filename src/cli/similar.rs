//! `accords similar`: the clauses most like a clause, or like a pasted
//! paragraph, by default those other partners made.

use std::io::{Read, Write};

use clap::{Args, ValueEnum};

use crate::cli::output::{ColorArg, FormatArg, OutputArgs};
use crate::cli::{text_value, Env, IndexDir, UsageError};
use accords::export::similar::write_similar;
use accords::search::similar::{SimilarRequest, MAX_SIMILAR_LIMIT};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimilarFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords similar e789e4217965ec8b-021
  accords similar e789e4217965ec8b-021 --same-partner --limit 3 --format json
  accords similar --text - < paragraph.txt")]
pub struct SimilarArgs {
    /// A clause id, as search results and `accords show` give it.
    #[arg(value_name = "ID", value_parser = text_value(), required_unless_present = "text", conflicts_with = "text")]
    pub id: Option<String>,

    /// Find clauses like this text instead of a clause; `-` reads it from
    /// standard input. Any length: it is not a query.
    #[arg(long, value_name = "TEXT", value_parser = text_value())]
    pub text: Option<String>,

    /// Similar clauses to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Also list clauses of the clause's own partner and document.
    #[arg(long)]
    pub same_partner: bool,

    /// Only clauses of this partner (repeatable), named as `accords search
    /// --partner` takes it.
    #[arg(long = "partner", value_parser = text_value(), value_name = "PARTNER")]
    pub partners: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SimilarFormat::Text)]
    pub format: SimilarFormat,

    /// Colour and bold: auto, always or never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &SimilarArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let output = OutputArgs {
        format: match args.format {
            SimilarFormat::Text => FormatArg::Text,
            SimilarFormat::Json => FormatArg::Json,
        },
        output: None,
        color: args.color,
        no_bom: false,
        bom: false,
    }
    .resolve(env)?;
    if args.limit == 0 || args.limit > MAX_SIMILAR_LIMIT {
        return Err(UsageError(format!(
            "--limit {}: give a number from 1 to {MAX_SIMILAR_LIMIT}",
            args.limit
        ))
        .into());
    }
    let text = match args.text.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                UsageError(format!(
                    "--text -: cannot read standard input as UTF-8 text ({e})"
                ))
            })?;
            Some(text)
        }
        other => other.map(str::to_string),
    };
    if let Some(text) = &text {
        if !text.chars().any(char::is_alphanumeric) {
            let from = if args.text.as_deref() == Some("-") {
                "standard input held no words"
            } else {
                "the text has no words"
            };
            return Err(UsageError(format!(
                "--text: {from}; paste a paragraph (e.g. `accords similar --text - < clause.txt`) or give a clause ID"
            ))
            .into());
        }
    }
    let request = SimilarRequest {
        id: args.id.clone(),
        text,
        limit: Some(args.limit),
        same_partner: args.same_partner,
        partner: args.partners.clone(),
    };
    let engine = args.index.open(err)?;
    let results = engine.similar(&request)?;
    output.emit(out, err, "the similar clauses", |w| {
        write_similar(w, output.format, &results, &output.style)
    })
}
