//! `accords index`: builds or updates the search index from press releases,
//! or replaces its content with clause records another tool has already cut
//! (`--jsonl`).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Env, IndexDir};
use accords::engine::{count, DEFAULT_SOURCES};
use accords::error::Error;
use accords::index::{Mode, Provenance};
use accords::ingest::JsonlReader;
use accords::Engine;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords index seeds
  accords index path/to/releases seeds --index my-index
  accords index --rebuild")]
pub struct IndexArgs {
    /// Press releases, or folders of them (.txt and .md, searched
    /// recursively).
    #[arg(default_value = DEFAULT_SOURCES, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Index clause records instead: one JSON object per line with the
    /// field names of a search hit ("id" and "text" required; "partner",
    /// "areas", "date", "meeting_types", "kind", "title", "doc_id",
    /// "source" optional). "-" reads standard input. Bad lines are reported
    /// and skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub jsonl: Option<PathBuf>,

    /// Start from nothing: read every file again, and replace an index of
    /// another layout. Without it, only files whose text or catalog entry
    /// changed are read again.
    #[arg(long)]
    pub rebuild: bool,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &IndexArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    if let Some(path) = &args.jsonl {
        return run_jsonl(args, path, env, out, err);
    }
    let root = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let mode = if args.rebuild {
        Mode::Replace
    } else {
        Mode::Incremental
    };
    let dir = args.index.path();
    let (_, built) = Engine::build(&dir, &root, &args.paths, mode)
        .with_context(|| format!("cannot build the index in {}", dir.display()))?;
    for warning in &built.warnings {
        writeln!(err, "{warning}")?;
    }
    let s = &built.summary;
    writeln!(
        out,
        "Indexed {} into {}: {} added, {} updated, {} removed, {} unchanged; \
         {}, {} in all ({}).",
        count(s.added + s.updated + s.unchanged, "file"),
        dir.display(),
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        count(built.documents, "document"),
        count(built.clauses, "clause"),
        count(built.warnings.len(), "warning")
    )?;
    Ok(())
}

fn run_jsonl(
    args: &IndexArgs,
    path: &PathBuf,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "-".to_string()
    } else {
        path.display().to_string()
    };
    let (input, size): (Box<dyn BufRead>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 20, file)), size)
    };
    let progress = progress_bar(env, size);
    let mut reader = JsonlReader::new(input, &name);
    let mut clauses = 0u64;
    let mut next = || {
        let doc = reader
            .next_document()
            .map_err(|e| Error::io(path.as_path(), e))?;
        if let Some(doc) = &doc {
            clauses += doc.clauses.len() as u64;
            progress.set_position(reader.bytes_read);
            progress.set_message(format!("{clauses} clauses"));
        }
        Ok(doc)
    };
    // The records are not files that can go stale, so the index records no
    // sources and is never rebuilt from them behind the user's back.
    let provenance = Provenance {
        root: std::env::current_dir().map_err(|e| Error::io(".", e))?,
        ..Provenance::default()
    };
    let dir = args.index.path();
    let engine = Engine::from_documents(&dir, &mut next, &provenance)
        .with_context(|| format!("cannot build the index in {}", dir.display()))?;
    progress.finish_and_clear();
    for bad in &reader.bad_lines {
        writeln!(
            err,
            "warning: {name}:{}: skipped: {}",
            bad.line, bad.message
        )?;
    }
    let health = engine.health();
    writeln!(
        out,
        "Indexed {}, {} into {} ({}).",
        count(health.documents, "document"),
        count(health.clauses as usize, "clause"),
        dir.display(),
        count(reader.bad_lines.len(), "skipped line")
    )?;
    Ok(())
}

/// A bar with rate and time left on a terminal; nothing elsewhere, so logs
/// and pipes stay clean.
fn progress_bar(env: &Env, size: Option<u64>) -> ProgressBar {
    if !env.stderr_is_terminal {
        return ProgressBar::hidden();
    }
    let bar = match size {
        Some(size) => ProgressBar::new(size).with_style(
            ProgressStyle::with_template(
                "{bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta} {msg}",
            )
            .expect("a valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {binary_bytes} {binary_bytes_per_sec} {msg}")
                .expect("a valid template"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
    bar
}
