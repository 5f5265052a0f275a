//! The index's own state beside tantivy's files: what the index was built
//! from, in which layout, and where its tables are.
//!
//! Each commit of the clause index writes a new state file
//! (`state-<hex>.json`) and names it in the tantivy commit's payload, so the
//! clauses and the state describing them become visible together: a reader
//! finds the live state through the committed `meta.json`, never by listing
//! the folder. The state records each source file's path, size and
//! modification time, so a later run can tell that the sources changed, and
//! each release's fingerprint (a hash of its text and of its catalog entry)
//! and documents, so that run re-reads only what changed. Listing the
//! current source files is the caller's job (ingest knows which files it
//! reads); comparing them is this module's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::documents::SkippedFile;

/// The layout of the index folder, the state and the schema. Bumped
/// whenever a change makes older indexes unreadable or wrong; an index of
/// another layout is refused with the command that rebuilds it. Layouts 1
/// and 2 were generation folders switched by `manifest.json`.
pub const LAYOUT_VERSION: u32 = 7;

/// What an index was built from and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub layout: u32,
    /// The accords version that wrote the state.
    pub accords_version: String,
    /// Seconds since the Unix epoch.
    pub built_at: u64,
    /// The working folder of the build, against which relative inputs
    /// resolve.
    pub root: PathBuf,
    /// The paths the index was built from, as given.
    pub inputs: Vec<PathBuf>,
    /// Every file read, resolved against `root`, catalogs included.
    pub sources: Vec<SourceFile>,
    /// Each release in the index, with its fingerprint and documents.
    pub files: Vec<FileEntry>,
    /// Files ingest found but could not use.
    pub skipped: Vec<SkippedFile>,
    pub documents: usize,
    pub clauses: usize,
    pub warnings: usize,
    /// False while a build that commits in batches has more to add: the
    /// index holds what was committed so far.
    pub complete: bool,
    /// The ordinal the next new document gets.
    pub next_ordinal: u64,
    /// The document table, in the index folder.
    pub documents_file: String,
    /// The synonym table, in the index folder.
    pub synonyms_file: String,
}

/// A source file's identity for staleness checks. Size and modification time
/// (to the nanosecond where the file system keeps it) catch edits without
/// reading every file on every search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub path: PathBuf,
    pub size: u64,
    pub modified_ns: u64,
}

/// One release in the index: where it is, what it held when read, and the
/// documents it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The file, resolved against the build's working folder.
    pub path: PathBuf,
    /// The file as its documents name it (and as clauses are indexed
    /// under), which may be relative.
    pub source: String,
    pub size: u64,
    pub modified_ns: u64,
    /// A hash of the text and one of the release's catalog entry: either
    /// changing makes the file "updated".
    pub text_hash: u64,
    pub catalog_hash: u64,
    /// Ordinals of the file's documents in the document table.
    pub documents: Vec<u64>,
}

impl SourceFile {
    pub fn stat(path: &Path) -> Result<SourceFile> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        Ok(SourceFile {
            path: path.to_path_buf(),
            size: meta.len(),
            modified_ns,
        })
    }
}

/// Resolves a path given at build time against the build's working folder.
pub fn resolve(root: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

/// The prefix of state files.
pub(crate) const STATE_PREFIX: &str = "state-";

impl State {
    /// The input paths resolved against the build's working folder.
    pub fn resolved_inputs(&self) -> Vec<PathBuf> {
        self.inputs.iter().map(|p| resolve(&self.root, p)).collect()
    }

    /// Compares the recorded sources with the files there are now (as
    /// listed by ingest, resolved against [`State::root`]). Returns why the
    /// index is stale, or `None` when it is up to date.
    pub fn staleness(&self, current: &[SourceFile]) -> Option<String> {
        let before: BTreeMap<&Path, &SourceFile> =
            self.sources.iter().map(|s| (s.path.as_path(), s)).collect();
        let now: BTreeMap<&Path, &SourceFile> =
            current.iter().map(|s| (s.path.as_path(), s)).collect();
        let mut changes = Vec::new();
        for (path, file) in &now {
            match before.get(path) {
                None => changes.push(format!("{} was added", self.show(path))),
                Some(old) if old != file => changes.push(format!("{} changed", self.show(path))),
                Some(_) => {}
            }
        }
        for path in before.keys() {
            if !now.contains_key(path) {
                changes.push(format!("{} was removed", self.show(path)));
            }
        }
        // Only a build from files can be finished by another run; records
        // read from a stream are not kept to read again.
        if changes.is_empty() && !self.complete && !self.inputs.is_empty() {
            return Some("its last build did not finish".to_string());
        }
        match changes.len() {
            0 => None,
            1 => Some(changes.remove(0)),
            2 => Some(format!("{} (and 1 more change)", changes[0])),
            n => Some(format!("{} (and {} more changes)", changes[0], n - 1)),
        }
    }

    fn show<'a>(&self, path: &'a Path) -> std::path::Display<'a> {
        path.strip_prefix(&self.root).unwrap_or(path).display()
    }

    /// Reads the state file `name` in `dir`. A missing file is an I/O error
    /// of kind `NotFound`, which a reader racing a writer retries.
    pub(crate) fn read(dir: &Path, name: &str) -> Result<State> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        // The layout is read first, alone, so that a state of another
        // layout is named as such rather than as unreadable.
        #[derive(Deserialize)]
        struct Versions {
            layout: u32,
            accords_version: String,
        }
        let versions: Versions = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Index(format!(
                "{}: unreadable index state ({e}); run `accords index --rebuild`",
                path.display()
            ))
        })?;
        if versions.layout != LAYOUT_VERSION {
            return Err(other_layout(
                dir,
                &versions.accords_version,
                versions.layout,
            ));
        }
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::Index(format!(
                "{}: unreadable index state ({e}); run `accords index --rebuild`",
                path.display()
            ))
        })
    }

    /// Writes the state to a new file `name` in `dir`, flushed to disk.
    pub(crate) fn write(&self, dir: &Path, name: &str) -> Result<()> {
        let json = serde_json::to_vec(self)
            .map_err(|e| Error::Index(format!("cannot encode the index state: {e}")))?;
        let path = dir.join(name);
        write_synced(&path, &json)
    }
}

/// The error for an index of another layout.
pub(crate) fn other_layout(dir: &Path, accords_version: &str, layout: u32) -> Error {
    Error::OtherLayout {
        dir: dir.to_path_buf(),
        version: accords_version.to_string(),
        layout,
        expected: LAYOUT_VERSION,
    }
}

/// Writes `bytes` to a new file at `path` and flushes it to disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64, modified_ns: u64) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            size,
            modified_ns,
        }
    }

    fn state(sources: Vec<SourceFile>) -> State {
        State {
            layout: LAYOUT_VERSION,
            accords_version: "0.1.0".into(),
            built_at: 0,
            root: PathBuf::from("/work"),
            inputs: vec![PathBuf::from("seeds")],
            sources,
            files: vec![],
            skipped: vec![],
            documents: 1,
            clauses: 1,
            warnings: 0,
            complete: true,
            next_ordinal: 1,
            documents_file: "documents-1.tsv".into(),
            synonyms_file: "synonyms-1.tsv".into(),
        }
    }

    #[test]
    fn unchanged_sources_are_fresh() {
        let s = state(vec![file("/work/seeds/a.txt", 10, 5)]);
        assert_eq!(s.staleness(&[file("/work/seeds/a.txt", 10, 5)]), None);
    }

    #[test]
    fn edits_additions_and_removals_are_named() {
        let s = state(vec![file("/work/seeds/a.txt", 10, 5)]);
        assert_eq!(
            s.staleness(&[file("/work/seeds/a.txt", 10, 6)]).as_deref(),
            Some("seeds/a.txt changed")
        );
        assert_eq!(s.staleness(&[]).as_deref(), Some("seeds/a.txt was removed"));
        assert_eq!(
            s.staleness(&[
                file("/work/seeds/a.txt", 10, 5),
                file("/work/seeds/b.txt", 1, 1)
            ])
            .as_deref(),
            Some("seeds/b.txt was added")
        );
        assert_eq!(
            s.staleness(&[file("/work/seeds/b.txt", 1, 1)]).as_deref(),
            Some("seeds/b.txt was added (and 1 more change)")
        );
    }

    #[test]
    fn an_unfinished_build_from_files_is_stale() {
        let mut s = state(vec![]);
        s.complete = false;
        assert_eq!(
            s.staleness(&[]).as_deref(),
            Some("its last build did not finish")
        );
        s.inputs.clear();
        assert_eq!(s.staleness(&[]), None);
    }

    #[test]
    fn a_state_of_another_layout_is_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = state(vec![]);
        s.write(dir.path(), "state-a.json").unwrap();
        assert_eq!(State::read(dir.path(), "state-a.json").unwrap(), s);
        s.layout = LAYOUT_VERSION + 1;
        s.accords_version = "9.9.9".into();
        s.write(dir.path(), "state-b.json").unwrap();
        let err = State::read(dir.path(), "state-b.json").unwrap_err();
        assert!(err.is_user_error());
        let message = err.to_string();
        assert!(
            message.contains(&format!(
                "built by accords 9.9.9 in layout {}",
                LAYOUT_VERSION + 1
            )),
            "{message}"
        );
        assert!(message.contains("accords index --rebuild"), "{message}");
    }

    #[test]
    fn relative_inputs_resolve_against_the_build_folder() {
        let s = state(vec![]);
        assert_eq!(s.resolved_inputs(), [PathBuf::from("/work/seeds")]);
        assert_eq!(
            resolve(Path::new("/work"), Path::new("/abs")),
            PathBuf::from("/abs")
        );
    }
}
