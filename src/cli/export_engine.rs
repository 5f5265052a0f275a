//! `accords export-engine`: the clauses and accords' search behaviour as
//! files OpenSearch, Elasticsearch or Quickwit load.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::search::FilterArgs;
use crate::cli::{text_value, IndexDir};
use accords::engine::count;
use accords::export::engine::{
    export, ExportOptions, Target, DEFAULT_MAX_FILE_BYTES, MANIFEST_FILE,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// OpenSearch 2.x.
    Opensearch,
    /// Elasticsearch 8.x.
    Elasticsearch,
    /// Quickwit 0.8.
    Quickwit,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords export-engine --to opensearch --output cluster/
  accords export-engine --to quickwit --output qw/ --partner Shanghai --from 2023
  accords export-engine --to elasticsearch --output cluster/ --changed-since cluster/manifest.json")]
pub struct ExportEngineArgs {
    /// The engine the files are for.
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub to: TargetArg,

    /// The folder to write into (created when missing); see
    /// docs/scale-out.md for what it holds.
    #[arg(long, value_name = "DIR")]
    pub output: PathBuf,

    /// The name of the index in the cluster.
    #[arg(long, default_value = "accords", value_parser = text_value(), value_name = "NAME")]
    pub index_name: String,

    /// The largest data file to write, in bytes; more files are written
    /// when the clauses take more.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_BYTES, value_name = "BYTES")]
    pub max_file_bytes: u64,

    /// Write the synonym and spelling rules into the index settings instead
    /// of referencing them as files in each node's config folder (for
    /// managed clusters).
    #[arg(long)]
    pub inline_rules: bool,

    /// The manifest.json of an earlier export: write only the documents
    /// changed since, with deletes for clauses that are gone.
    #[arg(long, value_name = "MANIFEST")]
    pub changed_since: Option<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &ExportEngineArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let target = match args.to {
        TargetArg::Opensearch => Target::OpenSearch,
        TargetArg::Elasticsearch => Target::Elasticsearch,
        TargetArg::Quickwit => Target::Quickwit,
    };
    let request = args.filters.request("");
    request.validate()?;
    let options = ExportOptions {
        target,
        index_name: args.index_name.clone(),
        max_file_bytes: args.max_file_bytes,
        inline_rules: args.inline_rules,
        changed_since: args.changed_since.clone(),
    };
    let engine = args.index.open(err)?;
    let report = export(&engine, &request, &options, &args.output)?;
    for file in &report.files {
        writeln!(out, "{}", args.output.join(file).display())?;
    }
    let mut summary = format!(
        "accords: wrote {} of {} in {}",
        count(report.clauses, "clause"),
        count(report.documents, "document"),
        count(report.data_files.len(), "data file"),
    );
    if args.changed_since.is_some() {
        summary.push_str(&format!(
            "; {} unchanged, {} removed, {} deleted",
            count(report.unchanged_documents, "document"),
            count(report.removed_documents, "document"),
            count(report.deleted_clauses, "clause"),
        ));
    }
    writeln!(err, "{summary}")?;
    writeln!(
        err,
        "accords: load with {}; the next export can take --changed-since {}",
        args.output.join("load.sh").display(),
        args.output.join(MANIFEST_FILE).display()
    )?;
    Ok(())
}
