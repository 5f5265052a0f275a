//! `accords index`: builds the search index from press releases.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::cli::refresh::{self, DEFAULT_SOURCES};
use crate::cli::IndexDir;
use crate::error::Error;

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Press releases, or folders of them (.txt and .md, searched
    /// recursively).
    #[arg(default_value = DEFAULT_SOURCES, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(args: &IndexArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let root = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let built = refresh::build(&args.index.dir, &root, &args.paths)
        .with_context(|| format!("cannot build the index in {}", args.index.dir.display()))?;
    for warning in &built.warnings {
        writeln!(err, "{warning}")?;
    }
    let warnings = match built.warnings.len() {
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    writeln!(
        out,
        "Indexed {} documents, {} clauses into {} ({warnings}).",
        built.documents,
        built.clauses,
        args.index.dir.display()
    )?;
    Ok(())
}
