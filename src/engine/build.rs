//! Building the index from release files, file by file.
//!
//! [`build`] updates the index in place: a release whose text and catalog
//! entry are as the index recorded them is left alone, and only the others
//! are read and parsed again; files that are gone are removed. Whether an
//! index is stale, and what to do about it, is [`super::Engine`]'s
//! business.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::Result;

use xxhash_rust::xxh3::xxh3_64;

use crate::index::{
    resolve, ClauseIndex, FileEntry, IndexUpdate, Mode, Provenance, SkippedFile, SourceFile,
    Summary,
};
use crate::ingest::{self, Catalogs, FileWarning, CATALOG_FILE};

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
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
pub(crate) fn build(
    dir: &Path,
    root: &Path,
    inputs: &[PathBuf],
    mode: Mode,
) -> Result<(ClauseIndex, BuildReport)> {
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
                path: PathBuf::from(&doc.facts.source),
                line: w.line,
                message: w.message.clone(),
            });
        }
    }
    let report = BuildReport {
        summary,
        documents: documents.len(),
        clauses: documents.iter().map(|d| d.clauses).sum(),
        warnings,
    };
    Ok((index, report))
}

/// The files a build from `inputs` reads, with their sizes and times: the
/// releases ingest collects and, for each, the catalog nearest above it.
pub(crate) fn source_files(inputs: &[PathBuf]) -> Result<Vec<SourceFile>> {
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
