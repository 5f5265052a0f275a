//! Building the index, and keeping it fresh for the commands that read it.
//!
//! A new user's first `accords search` must just work, so every reading
//! command opens the index through [`open_fresh`]: with no index yet it
//! builds one from the bundled `seeds/`; with an index whose sources have
//! changed since the build (files added, removed, or with another size or
//! modification time) it rebuilds from the paths the index was built from.
//! Either way it says so on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::error::{Error, Result};
use crate::index::{resolve, ClauseIndex, Manifest, Provenance, SkippedFile, SourceFile};
use crate::ingest::{self, FileWarning, CATALOG_FILE};

/// What `accords index` and a first search read when given no path.
pub const DEFAULT_SOURCES: &str = "seeds";

/// What a build did.
pub struct Built {
    pub index: ClauseIndex,
    pub documents: usize,
    pub clauses: usize,
    /// Skipped files and document warnings, each naming its file.
    pub warnings: Vec<FileWarning>,
}

/// Ingests `inputs` (paths as the user gave them, relative to `root`) and
/// builds the index in `dir` from them.
pub fn build(dir: &Path, root: &Path, inputs: &[PathBuf]) -> Result<Built> {
    let resolved: Vec<PathBuf> = inputs.iter().map(|p| resolve(root, p)).collect();
    // Sources are stated before they are read, so a file edited during the
    // build looks changed next time rather than fresh.
    let sources = source_files(&resolved)?;
    // Read through the paths as given when the working folder is the
    // build's own, so sources show as the user typed them.
    let cwd = std::env::current_dir().ok();
    let read_from = if cwd.as_deref() == Some(root) {
        inputs.to_vec()
    } else {
        resolved
    };
    let corpus = ingest::ingest_paths(&read_from)?;
    let provenance = Provenance {
        root: root.to_path_buf(),
        inputs: inputs.to_vec(),
        sources,
        skipped: corpus
            .skipped
            .iter()
            .map(|w| SkippedFile {
                path: w.path.clone(),
                line: w.line,
                message: w.message.clone(),
            })
            .collect(),
    };
    let index = ClauseIndex::build(dir, &corpus.documents, &provenance)?;
    Ok(Built {
        documents: corpus.documents.len(),
        clauses: corpus.documents.iter().map(|d| d.clauses.len()).sum(),
        warnings: corpus.warnings(),
        index,
    })
}

/// The files a build from `inputs` reads, with their sizes and times: the
/// releases ingest collects and, for each, the catalog nearest above it.
pub fn source_files(inputs: &[PathBuf]) -> Result<Vec<SourceFile>> {
    let files = ingest::collect_files(inputs)?;
    let mut all: Vec<PathBuf> = files.clone();
    for file in &files {
        let mut dir = file.parent();
        while let Some(d) = dir {
            let catalog = d.join(CATALOG_FILE);
            if catalog.is_file() {
                all.push(catalog);
                break;
            }
            dir = d.parent().filter(|p| !p.as_os_str().is_empty());
        }
    }
    all.sort();
    all.dedup();
    all.iter().map(|f| SourceFile::stat(f)).collect()
}

/// Opens the index in `dir`, building or refreshing it first when it is
/// missing or stale, and saying so on `err`.
pub fn open_fresh(dir: &Path, err: &mut dyn Write) -> anyhow::Result<ClauseIndex> {
    let manifest = match ClauseIndex::manifest(dir) {
        Ok(manifest) => manifest,
        Err(e) => {
            writeln!(err, "accords: {e}; rebuilding the index")?;
            None
        }
    };
    let Some(manifest) = manifest else {
        return first_build(dir, err);
    };
    let reason = match staleness(&manifest) {
        Ok(None) => match ClauseIndex::open(dir) {
            Ok(index) => return Ok(index),
            // The manifest is fine but the generation it names is damaged
            // or gone: rebuilding from the same sources repairs it.
            Err(Error::Index(e)) => format!("cannot be opened ({e})"),
            Err(e) => return Err(e.into()),
        },
        Ok(Some(reason)) => format!("is out of date ({reason})"),
        Err(e) => {
            writeln!(
                err,
                "accords: cannot tell whether the index in {} is up to date ({e}); using it as built",
                dir.display()
            )?;
            return Ok(ClauseIndex::open(dir)?);
        }
    };
    writeln!(
        err,
        "accords: the index in {} {reason}; rebuilding it",
        dir.display()
    )?;
    let built = build(dir, &manifest.root, &manifest.inputs)
        .with_context(|| format!("cannot rebuild the index in {}", dir.display()))?;
    report_build(&built, dir, err)?;
    Ok(built.index)
}

fn staleness(manifest: &Manifest) -> Result<Option<String>> {
    let current = source_files(&manifest.resolved_inputs())?;
    Ok(manifest.staleness(&current))
}

fn first_build(dir: &Path, err: &mut dyn Write) -> anyhow::Result<ClauseIndex> {
    let root = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let seeds = PathBuf::from(DEFAULT_SOURCES);
    if !root.join(&seeds).is_dir() {
        return Err(Error::Usage(format!(
            "there is no index in {} and no {DEFAULT_SOURCES}/ folder here to build one from; \
             build one with `accords index PATH... --index {}`",
            dir.display(),
            dir.display()
        ))
        .into());
    }
    writeln!(
        err,
        "accords: there is no index in {} yet; building it from {DEFAULT_SOURCES}/",
        dir.display()
    )?;
    let built = build(dir, &root, &[seeds])
        .with_context(|| format!("cannot build the index in {}", dir.display()))?;
    report_build(&built, dir, err)?;
    Ok(built.index)
}

/// One line after an automatic build; the warnings themselves are for
/// `accords index` and `accords docs`.
fn report_build(built: &Built, dir: &Path, err: &mut dyn Write) -> std::io::Result<()> {
    let warnings = match built.warnings.len() {
        0 => String::new(),
        1 => "; 1 warning, see `accords docs`".to_string(),
        n => format!("; {n} warnings, see `accords docs`"),
    };
    writeln!(
        err,
        "accords: indexed {} documents, {} clauses into {}{warnings}",
        built.documents,
        built.clauses,
        dir.display()
    )
}
