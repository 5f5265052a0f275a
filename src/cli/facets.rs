//! `accords facets`: counts per partner, area, meeting type, kind and year,
//! over the clauses a query matches or over every clause.

use std::io::Write;

use clap::Args;

use crate::cli::output::OutputArgs;
use crate::cli::search::{check_not_a_flag, print_hints, FilterArgs};
use crate::cli::{Env, IndexDir};
use accords::export::{self, FacetReport};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords facets
  accords facets \"green finance\" --partner Shanghai
  accords facets --from 2024 --format json")]
pub struct FacetsArgs {
    /// Count only the clauses this query matches [default: every clause].
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &FacetsArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let query = args.query.as_deref().unwrap_or("");
    check_not_a_flag(query, "facets")?;
    let mut request = args.filters.request(query);
    request.limit = Some(0);
    request.facets = true;
    request.validate()?;
    let output = args.output.resolve(env)?;
    output.refuse_workbook("facets")?;
    let engine = args.index.open(err)?;
    let results = engine.search(&request)?;
    let total = results.total;
    let report = FacetReport {
        query: results.query.clone(),
        total,
        facets: results.facets.clone().unwrap_or_default(),
        default_kinds: results.default_kinds,
    };
    output.emit(out, err, &format!("facets of {total} clauses"), |w| {
        export::write_facets(w, output.format, &report, &output.style)
    })?;
    print_hints(&results, err)?;
    Ok(())
}
