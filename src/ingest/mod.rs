//! Ingest: files in, [`Document`]s out.
//!
//! This stage owns everything between the bytes of a press release and the
//! model: finding files, decoding them, splitting text into blocks, reading
//! metadata (partner, meeting, date), mapping area headings onto the
//! taxonomy, and cutting the result into clauses. It never touches the index.
//!
//! Releases come as text (`.txt`, `.md`) or as saved web pages (`.htm`,
//! `.html`), which `html.rs` turns into the same text first.
//!
//! A file that cannot be used (unreadable, binary, empty, not UTF-8) is
//! skipped with a [`FileWarning`] naming it; the rest of the input still
//! ingests. Problems inside a usable file become the document's own
//! warnings.

mod areas;
mod blocks;
mod catalog;
mod html;
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
pub use partners::{canonical_partner, partner_kind, partner_province, PARTNER_NAMES};
pub(crate) use text::read_release;

/// The file endings ingest reads when walking a folder. A file named
/// directly is read whatever its ending; `.htm` and `.html` files are read
/// as web pages.
pub const EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "htm", "html"];

/// Files larger than this are skipped: no press release comes near it, and
/// reading one whole would only spend memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Files with a line longer than this are skipped: a paragraph of a press
/// release is a few kilobytes, and one line of many megabytes would become
/// one clause too big to show or rank.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

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
                    path: PathBuf::from(&doc.facts.source),
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

/// Ingests files and folders (folders recursively, `.txt`, `.md`, `.htm`
/// and `.html` files only). A path that does not exist is an error; a file that cannot be used
/// is skipped with a warning.
pub fn ingest_paths(paths: &[PathBuf]) -> Result<Corpus> {
    let (files, unusable) = collect(paths)?;
    let mut corpus = Corpus {
        skipped: unusable,
        ..Corpus::default()
    };
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
    corpus.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(corpus)
}

/// Decodes the bytes of a release file into text with LF line ends, or
/// says why the file cannot be used (binary, not UTF-8, empty, a line too
/// long).
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    text::decode(bytes)
}

/// Decodes the bytes of a saved web page (in the charset it declares) and
/// extracts its release text, or says why the page cannot be used.
pub fn decode_html(bytes: &[u8]) -> std::result::Result<String, String> {
    html::page_text(bytes)
}

/// Parses one release's text. `file` is recorded as the document's source;
/// `entry` supplies facts the text lacks (a missing year).
pub fn parse_release(file: &str, text: &str, entry: Option<&CatalogEntry>) -> Document {
    parse::parse_document(file, text, entry)
}

/// Lists the files that [`ingest_paths`] would read, sorted, without reading
/// them. Symbolic links are not followed into folders, so a link loop cannot
/// trap the walk; entries that cannot be releases (broken links, pipes,
/// sockets) are left out here and reported by [`ingest_paths`] and
/// [`collect`].
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    Ok(collect(paths)?.0)
}

/// The files to read, and a warning for each entry with a release's name
/// that cannot be read as one.
pub fn collect(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<FileWarning>)> {
    let mut files = Vec::new();
    let mut unusable = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingPath { path: path.clone() },
            _ => Error::io(path, e),
        })?;
        if meta.is_dir() {
            walk(path, &mut files, &mut unusable)?;
        } else {
            consider(path.clone(), &meta, &mut files, &mut unusable);
        }
    }
    files.sort();
    files.dedup();
    unusable.sort_by(|a, b| a.path.cmp(&b.path));
    unusable.dedup();
    Ok((files, unusable))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, unusable: &mut Vec<FileWarning>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files, unusable)?;
        } else if has_release_extension(&path) {
            // The link's target decides; a link to a folder is not followed.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => unusable.push(FileWarning {
                    path,
                    line: None,
                    message: "skipped: a link to a folder (links are not followed into folders)"
                        .into(),
                }),
                Ok(meta) => consider(path, &meta, files, unusable),
                Err(e) => unusable.push(FileWarning {
                    path,
                    line: None,
                    message: match e.kind() {
                        std::io::ErrorKind::NotFound => {
                            "skipped: a broken link (its target does not exist)".into()
                        }
                        _ => format!("cannot read: {e}"),
                    },
                }),
            }
        }
    }
    Ok(())
}

/// Keeps a regular file; anything else (a pipe, a socket, a device) would
/// block or never end when read, so it is reported instead.
fn consider(
    path: PathBuf,
    meta: &std::fs::Metadata,
    files: &mut Vec<PathBuf>,
    unusable: &mut Vec<FileWarning>,
) {
    if meta.is_file() {
        files.push(path);
    } else {
        unusable.push(FileWarning {
            path,
            line: None,
            message: "skipped: not a regular file (a pipe, socket or device)".into(),
        });
    }
}

fn has_release_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Checks the promises a parsed document keeps whatever its input: clauses
/// numbered in order with their document's id, each clause's text non-empty,
/// with its blanks folded, and found in the release's text; warnings on
/// lines the text has. The error says which promise broke. Used by the
/// fuzzers and the property tests.
#[doc(hidden)]
pub fn check_document(doc: &Document, text: &str) -> std::result::Result<(), String> {
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|&c| !text::is_space(c) && !c.is_control() && c != '\\')
            .collect()
    };
    let source = bare(text);
    for (i, clause) in doc.clauses.iter().enumerate() {
        if clause.position != i || clause.id != format!("{}-{i:03}", doc.id) {
            return Err(format!("clause {i} is numbered {:?}", clause.id));
        }
        if clause.doc_id != doc.id {
            return Err(format!("clause {i} names document {:?}", clause.doc_id));
        }
        if clause.text.is_empty() || text::normalize_space(&clause.text) != clause.text {
            return Err(format!("clause {i} has text {:?}", clause.text));
        }
        if !source.contains(&bare(&clause.text)) {
            return Err(format!("clause {i} {:?} is not in the text", clause.text));
        }
        if clause.areas.iter().any(String::is_empty) {
            return Err(format!("clause {i} has an empty area"));
        }
    }
    let lines = text.split('\n').count();
    if let Some(w) = doc
        .warnings
        .iter()
        .find(|w| w.line.is_some_and(|l| l == 0 || l > lines))
    {
        return Err(format!(
            "warning on line {:?} of {lines}: {}",
            w.line, w.message
        ));
    }
    if doc.facts.title.is_empty()
        != doc
            .warnings
            .iter()
            .any(|w| w.message == "no title line found")
    {
        return Err(format!(
            "title {:?} and its warnings disagree",
            doc.facts.title
        ));
    }
    Ok(())
}
