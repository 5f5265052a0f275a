//! `accords docs`: the indexed documents, their metadata and warnings.

use std::io::Write;

use clap::Args;

use crate::cli::output::OutputArgs;
use crate::cli::refresh::open_fresh;
use crate::cli::{Env, IndexDir};
use crate::export;

#[derive(Debug, Args)]
pub struct DocsArgs {
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
    let index = open_fresh(&args.index.dir, err)?;
    let (documents, skipped) = index.documents()?;
    let summary = format!("{} documents", documents.len());
    output.emit(out, err, &summary, |w| {
        export::write_documents(w, output.format, &documents, &skipped, &output.style)
    })
}
