//! Ingest: files in, [`Document`]s out.
//!
//! This stage owns everything between the bytes of a press release and the
//! model: finding files, decoding them, splitting text into blocks, reading
//! metadata (partner, meeting, date), mapping area headings onto the
//! taxonomy, and cutting the result into clauses. It never touches the index.
//!
//! A file that cannot be used (unreadable, binary, empty, not UTF-8) is
//! skipped with a [`FileWarning`] naming it; the rest of the input still
//! ingests. Problems inside a usable file become the document's own
//! warnings.

mod areas;
mod blocks;
mod catalog;
mod jsonl;
mod metadata;
mod parse;
mod partners;
mod text;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Document;

pub use areas::{canonical_areas, Taxonomy};
pub(crate) use catalog::Catalogs;
pub use catalog::{Catalog, CatalogEntry, CATALOG_FILE};
pub use jsonl::{BadLine, JsonlReader};
pub use partners::{partner_kind, PARTNER_NAMES};
pub(crate) use text::read_release;

/// The file endings ingest reads when walking a folder. A file named
/// directly is read whatever its ending.
pub const EXTENSIONS: [&str; 3] = ["txt", "md", "markdown"];

/// Files larger than this are skipped: no press release comes near it, and
/// reading one whole would only spend memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The outcome of ingesting some paths.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Files that were found but not used, each with the reason.
    pub skipped: Vec<FileWarning>,
}

impl Corpus {
    /// Every warning, the skipped files' first and then each document's,
    /// each naming its file.
    pub fn warnings(&self) -> Vec<FileWarning> {
        let mut all = self.skipped.clone();
        for doc in &self.documents {
            for w in &doc.warnings {
                all.push(FileWarning {
                    path: PathBuf::from(&doc.file),
                    line: w.line,
                    message: w.message.clone(),
                });
            }
        }
        all
    }
}

/// A warning tied to a file, shown as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWarning {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for FileWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Ingests files and folders (folders recursively, `.txt` and `.md` files
/// only). A path that does not exist is an error; a file that cannot be used
/// is skipped with a warning.
pub fn ingest_paths(paths: &[PathBuf]) -> Result<Corpus> {
    let files = collect_files(paths)?;
    let mut corpus = Corpus::default();
    let mut catalogs = catalog::Catalogs::default();
    for file in &files {
        match text::read_release(file) {
            Ok(text) => {
                let entry = catalogs.entry_for(file, &mut corpus.skipped);
                corpus.documents.push(parse_release(
                    &file.to_string_lossy(),
                    &text,
                    entry.as_ref(),
                ));
            }
            Err(message) => corpus.skipped.push(FileWarning {
                path: file.clone(),
                line: None,
                message,
            }),
        }
    }
    Ok(corpus)
}

/// Parses one release's text. `file` is recorded as the document's source;
/// `entry` supplies facts the text lacks (a missing year).
pub fn parse_release(file: &str, text: &str, entry: Option<&CatalogEntry>) -> Document {
    parse::parse_document(file, text, entry)
}

/// Lists the files that [`ingest_paths`] would read, sorted, without reading
/// them. Symbolic links are not followed into folders, so a link loop cannot
/// trap the walk.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingPath { path: path.clone() },
            _ => Error::io(path, e),
        })?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files)?;
        } else if (kind.is_file() || kind.is_symlink()) && has_release_extension(&path) {
            files.push(path);
        }
    }
    Ok(())
}

fn has_release_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
