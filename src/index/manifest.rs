//! The manifest: which generation of the index is live, and what it was built
//! from.
//!
//! `manifest.json` in the index folder is the commit point of a build: a new
//! generation becomes visible only when the manifest naming it replaces the
//! old one (written to a temporary file, then renamed). It also records each
//! source file's path, size and modification time, so a later run can tell
//! that the sources changed and the index needs a refresh, and which paths to
//! rebuild it from. Listing the current source files is the caller's job
//! (ingest knows which files it reads); comparing them is this module's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::schema::SCHEMA_VERSION;

pub(crate) const MANIFEST_FILE: &str = "manifest.json";

/// What an index was built from and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// The accords version that built the index.
    pub accords_version: String,
    /// The folder, inside the index folder, holding the live generation.
    pub generation: String,
    /// Seconds since the Unix epoch.
    pub built_at: u64,
    /// The working folder of the build, against which relative inputs
    /// resolve.
    pub root: PathBuf,
    /// The paths the index was built from, as given.
    pub inputs: Vec<PathBuf>,
    /// Every file read, resolved against `root`.
    pub sources: Vec<SourceFile>,
    pub documents: usize,
    pub clauses: usize,
    pub warnings: usize,
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

impl Manifest {
    /// The input paths resolved against the build's working folder.
    pub fn resolved_inputs(&self) -> Vec<PathBuf> {
        self.inputs.iter().map(|p| resolve(&self.root, p)).collect()
    }

    /// Compares the recorded sources with the files there are now (as
    /// listed by ingest, resolved against [`Manifest::root`]). Returns why the
    /// index is stale, or `None` when it is up to date.
    pub fn staleness(&self, current: &[SourceFile]) -> Option<String> {
        if self.schema_version != SCHEMA_VERSION {
            return Some(format!(
                "it was built by accords {} in an older layout",
                self.accords_version
            ));
        }
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

    pub(crate) fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // No folder, or a path through a file: there is no index there.
            // Building one will say why the folder cannot be made.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(None)
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::Index(format!(
                "{}: unreadable manifest ({e}); rebuild with `accords index`",
                path.display()
            ))
        })
    }

    /// Replaces the manifest atomically: a reader sees the old one or the
    /// new one, never half of either.
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Index(format!("cannot encode the manifest: {e}")))?;
        let mut file = tempfile::Builder::new()
            .prefix(".manifest-")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        use std::io::Write;
        file.write_all(&json)
            .and_then(|()| file.as_file().sync_all())
            .map_err(|e| Error::io(file.path(), e))?;
        let path = dir.join(MANIFEST_FILE);
        file.persist(&path).map_err(|e| Error::io(path, e.error))?;
        Ok(())
    }
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

    fn manifest(sources: Vec<SourceFile>) -> Manifest {
        Manifest {
            schema_version: SCHEMA_VERSION,
            accords_version: "0.1.0".into(),
            generation: "clauses-1".into(),
            built_at: 0,
            root: PathBuf::from("/work"),
            inputs: vec![PathBuf::from("seeds")],
            sources,
            documents: 1,
            clauses: 1,
            warnings: 0,
        }
    }

    #[test]
    fn unchanged_sources_are_fresh() {
        let m = manifest(vec![file("/work/seeds/a.txt", 10, 5)]);
        assert_eq!(m.staleness(&[file("/work/seeds/a.txt", 10, 5)]), None);
    }

    #[test]
    fn edits_additions_and_removals_are_named() {
        let m = manifest(vec![file("/work/seeds/a.txt", 10, 5)]);
        assert_eq!(
            m.staleness(&[file("/work/seeds/a.txt", 10, 6)]).as_deref(),
            Some("seeds/a.txt changed")
        );
        assert_eq!(m.staleness(&[]).as_deref(), Some("seeds/a.txt was removed"));
        assert_eq!(
            m.staleness(&[
                file("/work/seeds/a.txt", 10, 5),
                file("/work/seeds/b.txt", 1, 1)
            ])
            .as_deref(),
            Some("seeds/b.txt was added")
        );
        assert_eq!(
            m.staleness(&[file("/work/seeds/b.txt", 1, 1)]).as_deref(),
            Some("seeds/b.txt was added (and 1 more change)")
        );
    }

    #[test]
    fn another_schema_version_is_stale() {
        let mut m = manifest(vec![]);
        m.schema_version = 0;
        assert!(m.staleness(&[]).unwrap().contains("older layout"));
    }

    #[test]
    fn relative_inputs_resolve_against_the_build_folder() {
        let m = manifest(vec![]);
        assert_eq!(m.resolved_inputs(), [PathBuf::from("/work/seeds")]);
        assert_eq!(
            resolve(Path::new("/work"), Path::new("/abs")),
            PathBuf::from("/abs")
        );
    }
}
