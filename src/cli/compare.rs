//! `accords compare`: two partners' commitments side by side, area by
//! area, with the closest pairs across them linked.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::output::{ColorArg, FormatArg, OutputArgs};
use crate::cli::{text_value, Env, IndexDir};
use accords::export::similar::write_comparison;
use accords::search::similar::CompareRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Text,
    Md,
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords compare Shanghai Chongqing
  accords compare Shanghai Chongqing medicine --format md
  accords compare Beijing Jiangsu --area finance --format json")]
pub struct CompareArgs {
    /// The first partner, named as `accords search --partner` takes it.
    #[arg(value_name = "PARTNER", value_parser = text_value())]
    pub left: String,

    /// The second partner.
    #[arg(value_name = "PARTNER", value_parser = text_value())]
    pub right: String,

    /// Only the clauses matching this query (the search syntax).
    #[arg(value_name = "QUERY", value_parser = text_value())]
    pub query: Option<String>,

    /// Only clauses in this area (repeatable).
    #[arg(long = "area", value_parser = text_value(), value_name = "AREA")]
    pub areas: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,

    /// Colour and bold: auto, always or never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &CompareArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let output = OutputArgs {
        format: match args.format {
            CompareFormat::Text => FormatArg::Text,
            CompareFormat::Md => FormatArg::Md,
            CompareFormat::Json => FormatArg::Json,
        },
        output: None,
        color: args.color,
        no_bom: false,
        bom: false,
    }
    .resolve(env)?;
    let request = CompareRequest {
        partners: vec![args.left.clone(), args.right.clone()],
        query: args.query.clone().unwrap_or_default(),
        area: args.areas.clone(),
    };
    // A bad query fails before any index is opened.
    accords::search::parse(&request.query)?;
    let engine = args.index.open(err)?;
    let comparison = engine.compare(&request)?;
    output.emit(out, err, "the comparison", |w| {
        write_comparison(w, output.format, &comparison, &output.style)
    })
}
