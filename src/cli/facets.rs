//! `accords facets`: counts per partner, area, meeting type, kind and year,
//! over the clauses a query matches or over every clause.

use std::io::Write;

use clap::Args;

use crate::cli::output::OutputArgs;
use crate::cli::refresh::open_fresh;
use crate::cli::search::FilterArgs;
use crate::cli::{Env, IndexDir};
use crate::export::{self, FacetReport};
use crate::search::{self, query};

#[derive(Debug, Args)]
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
    let query = query::parse(args.query.as_deref().unwrap_or(""))?;
    let filters = args.filters.resolve()?;
    let output = args.output.resolve(env)?;
    let index = open_fresh(&args.index.dir, err)?;
    let results = search::count_facets(&index, &query, &filters)?;
    let total = results.total;
    let report = FacetReport {
        query: query.text.clone(),
        total,
        facets: results.facets.unwrap_or_default(),
        default_kinds: results.default_kinds,
    };
    output.emit(out, err, &format!("facets of {total} clauses"), |w| {
        export::write_facets(w, output.format, &report, &output.style)
    })
}
