//! `accords docs`: the indexed documents, their metadata and warnings.

use std::io::Write;

use clap::Args;

use crate::cli::output::OutputArgs;
use crate::cli::{Env, IndexDir};
use accords::engine::DocumentOrder;
use accords::export;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocsSort {
    /// Latest meeting first; documents without a known year last.
    Date,
    /// By partner, then latest first.
    Partner,
    /// In the order of the files they came from.
    File,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords docs
  accords docs --format csv --output documents.csv")]
pub struct DocsArgs {
    /// The order of the list.
    #[arg(long, value_enum, default_value_t = DocsSort::Date)]
    pub sort: DocsSort,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &DocsArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let output = args.output.resolve(env)?;
    output.refuse_workbook("docs")?;
    let engine = args.index.open(err)?;
    // In file order, as the index keeps them; sorted once, as asked.
    let (mut documents, skipped) = engine.snapshot().documents()?;
    let order = match args.sort {
        DocsSort::Date => DocumentOrder::Date,
        DocsSort::Partner => DocumentOrder::Partner,
        DocsSort::File => DocumentOrder::File,
    };
    order.sort(&mut documents);
    let summary = accords::engine::count(documents.len(), "document");
    output.emit(out, err, &summary, |w| {
        export::write_documents(w, output.format, &documents, &skipped, &output.style)
    })
}
