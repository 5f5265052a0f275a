//! Building the index, and keeping it fresh for the commands that read it.
//!
//! `accords index` and every reading command go through [`build`], which
//! updates the index file by file: a release whose text and catalog entry
//! are as the index recorded them is left alone, and only the others are
//! read and parsed again. A new user's first `accords search` must just
//! work, so every reading command opens the index through [`open_fresh`]:
//! with no index yet it builds one from the bundled `seeds/`; with an index
//! whose sources have changed since the build (files added, removed, or with
//! another size or modification time) it updates it from the paths the index
//! was built from. Either way it says so on stderr. When another process is
//! writing the index, the search uses the last committed state and says so.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::error::{Error, Result};
use std::collections::HashSet;

use xxhash_rust::xxh3::xxh3_64;

use crate::index::{
    resolve, ClauseIndex, FileEntry, IndexUpdate, Mode, Provenance, SkippedFile, SourceFile, State,
    Summary,
};
use crate::ingest::{self, Catalogs, FileWarning, CATALOG_FILE};

/// What `accords index` and a first search read when given no path.
pub const DEFAULT_SOURCES: &str = "seeds";

/// What a build did.
pub struct Built {
    pub index: ClauseIndex,
    /// Files added, updated, removed and left unchanged.
    pub summary: Summary,
    pub documents: usize,
    pub clauses: usize,
    /// Skipped files and document warnings, each naming its file.
    pub warnings: Vec<FileWarning>,
}

/// Ingests `inputs` (paths as the user gave them, relative to `root`) into
/// the index in `dir`: in [`Mode::Incremental`], only the files that changed
/// since the index recorded them.
pub fn build(dir: &Path, root: &Path, inputs: &[PathBuf], mode: Mode) -> Result<Built> {
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
    let (files, unusable) = ingest::collect(&read_from)?;
    let provenance = Provenance {
        root: root.to_path_buf(),
        inputs: inputs.to_vec(),
        sources,
        skipped: Vec::new(),
    };
    let mut update = IndexUpdate::begin(dir, mode, &provenance)?;
    let keys: Vec<PathBuf> = files.iter().map(|f| resolve(root, f)).collect();
    update.remove_missing(&keys.iter().cloned().collect::<HashSet<_>>());
    let mut catalogs = Catalogs::default();
    let mut skipped: Vec<FileWarning> = unusable;
    for (file, key) in files.iter().zip(keys) {
        let source = file.to_string_lossy().into_owned();
        let catalog = catalogs.entry_for(file, &mut skipped);
        // The catalog entry has no serialised form of its own; its debug
        // form names every field and is stable within a layout.
        let catalog_hash = catalog
            .as_ref()
            .map_or(0, |e| xxh3_64(format!("{e:?}").as_bytes()));
        let stat = SourceFile::stat(file).ok();
        let previous = update.previous(&key).cloned();
        let mut entry = FileEntry {
            path: key,
            source: source.clone(),
            size: stat.as_ref().map_or(0, |s| s.size),
            modified_ns: stat.as_ref().map_or(0, |s| s.modified_ns),
            text_hash: 0,
            catalog_hash,
            documents: Vec::new(),
        };
        // Same size and time as the index recorded: the bytes are taken to
        // be the same too.
        let same_stat = stat.is_some()
            && previous
                .as_ref()
                .is_some_and(|old| old.size == entry.size && old.modified_ns == entry.modified_ns);
        if let Some(old) = previous.as_ref().filter(|_| same_stat) {
            // A file that gave no documents last time is read again, so the
            // warning that says why is given again too.
            if !old.documents.is_empty() && old.catalog_hash == catalog_hash {
                entry.text_hash = old.text_hash;
                update.keep(entry);
                continue;
            }
        }
        match ingest::read_release(file) {
            Ok(text) => {
                entry.text_hash = xxh3_64(text.as_bytes());
                let same = previous.as_ref().is_some_and(|old| {
                    old.text_hash == entry.text_hash && old.catalog_hash == catalog_hash
                });
                if same {
                    update.keep(entry);
                } else {
                    let doc = ingest::parse_release(&source, &text, catalog.as_ref());
                    update.put(entry, std::slice::from_ref(&doc))?;
                }
            }
            Err(message) => {
                skipped.push(FileWarning {
                    path: file.clone(),
                    line: None,
                    message,
                });
                let still_unusable = same_stat
                    && previous
                        .as_ref()
                        .is_some_and(|old| old.documents.is_empty());
                if still_unusable {
                    update.keep(entry);
                } else {
                    // An unusable file has no clauses, whatever it had before.
                    update.put(entry, &[])?;
                }
            }
        }
    }
    for warning in &skipped {
        update.skip(SkippedFile {
            path: warning.path.clone(),
            line: warning.line,
            message: warning.message.clone(),
        });
    }
    let (index, summary) = update.finish()?;
    let (documents, _) = index.documents()?;
    let mut warnings = skipped;
    for doc in &documents {
        for w in &doc.warnings {
            warnings.push(FileWarning {
                path: PathBuf::from(&doc.source),
                line: w.line,
                message: w.message.clone(),
            });
        }
    }
    Ok(Built {
        summary,
        documents: documents.len(),
        clauses: documents.iter().map(|d| d.clauses).sum(),
        warnings,
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
    let state = match ClauseIndex::state(dir) {
        Ok(state) => state,
        // An index of another layout: the message names the fix.
        Err(e) if e.is_user_error() => return Err(e.into()),
        Err(e) => {
            writeln!(err, "accords: {e}; rebuilding the index")?;
            None
        }
    };
    let Some(state) = state else {
        return first_build(dir, err);
    };
    if !state.complete && state.inputs.is_empty() {
        writeln!(
            err,
            "accords: the last build of the index in {} did not finish; searching what it committed",
            dir.display()
        )?;
    }
    let (reason, mode) = match staleness(&state) {
        Ok(None) => match ClauseIndex::open(dir) {
            Ok(index) => return Ok(index),
            // The state is fine but the files it names are damaged or
            // gone: rebuilding from the same sources repairs it.
            Err(e) if !e.is_user_error() => (format!("cannot be opened ({e})"), Mode::Replace),
            Err(e) => return Err(e.into()),
        },
        Ok(Some(reason)) => (format!("is out of date ({reason})"), Mode::Incremental),
        Err(e) => {
            writeln!(
                err,
                "accords: cannot tell whether the index in {} is up to date ({e}); using it as built",
                dir.display()
            )?;
            return Ok(ClauseIndex::open(dir)?);
        }
    };
    match build(dir, &state.root, &state.inputs, mode) {
        Ok(built) => {
            writeln!(
                err,
                "accords: the index in {} {reason}; updated it",
                dir.display()
            )?;
            report_build(&built, dir, err)?;
            Ok(built.index)
        }
        Err(Error::Busy { .. }) => {
            writeln!(
                err,
                "accords: the index in {} {reason}, but another accords process is updating it; \
                 searching its last committed state",
                dir.display()
            )?;
            Ok(ClauseIndex::open(dir)?)
        }
        Err(e) => {
            Err(anyhow::Error::new(e)
                .context(format!("cannot update the index in {}", dir.display())))
        }
    }
}

fn staleness(state: &State) -> Result<Option<String>> {
    let current = source_files(&state.resolved_inputs())?;
    Ok(state.staleness(&current))
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
    let built = build(dir, &root, &[seeds], Mode::Incremental)
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
    let s = &built.summary;
    writeln!(
        err,
        "accords: {} files added, {} updated, {} removed, {} unchanged; \
         {} documents, {} clauses in {}{warnings}",
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        built.documents,
        built.clauses,
        dir.display()
    )
}
