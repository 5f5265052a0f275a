//! The engine: one typed API over an index folder, for the command line, a
//! server, or any program.
//!
//! An [`Engine`] owns an open index and answers [`SearchRequest`]s,
//! clause and document look-ups, and health checks; it builds and
//! refreshes the index from release files ([`Engine::build`],
//! [`Engine::open_or_build`]) and picks up commits another process makes
//! ([`Engine::reload`]). It is `Send + Sync`: share one behind an `Arc`.
//! Every request runs against a snapshot of the index taken when it
//! starts, so a reload never changes an answer half-way.
//!
//! What it says about its own work (an index built on first use, an update
//! of a stale one) comes back as [`Notice`]s for the caller to show or log;
//! the engine writes nothing to the terminal.

mod build;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::{ClauseIndex, DocumentRecord, Mode, Provenance, SkippedFile, LAYOUT_VERSION};
use crate::model::Document;
use crate::search::similar::{self, CompareRequest, Comparison, SimilarRequest, SimilarResults};
use crate::search::{
    self, ClauseContext, DocumentView, Matrix, MatrixAxis, SearchRequest, SearchResults,
};

pub use build::BuildReport;

/// The folder of releases an index is built from when there is none yet.
pub const DEFAULT_SOURCES: &str = "seeds";

/// An open index and everything that can be asked of it.
pub struct Engine {
    dir: PathBuf,
    current: RwLock<Arc<ClauseIndex>>,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Something the engine did on its own while opening an index.
#[derive(Debug, Clone)]
pub enum Notice {
    /// There was no index, so one was built from `from`.
    Built {
        dir: PathBuf,
        from: PathBuf,
        report: BuildReport,
    },
    /// The index's sources had changed, so it was updated.
    Updated {
        dir: PathBuf,
        reason: String,
        report: BuildReport,
    },
    /// The index's sources have changed, but another process is writing
    /// it: its last committed state is used.
    StaleWhileBusy { dir: PathBuf, reason: String },
    /// The last build stopped before it finished: what it committed is
    /// used.
    Unfinished { dir: PathBuf },
    /// Whether the index is up to date could not be told; it is used as
    /// built.
    FreshnessUnknown { dir: PathBuf, error: String },
    /// The index's state could not be read, so it is being rebuilt.
    Unreadable { dir: PathBuf, error: String },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Built { dir, from, report } => write!(
                f,
                "there is no index in {} yet; built it from {}/: {}",
                dir.display(),
                from.display(),
                report.describe(dir)
            ),
            Notice::Updated {
                dir,
                reason,
                report,
            } => write!(
                f,
                "the index in {} {reason}; updated it: {}",
                dir.display(),
                report.describe(dir)
            ),
            Notice::StaleWhileBusy { dir, reason } => write!(
                f,
                "the index in {} {reason}, but another accords process is updating it; \
                 searching its last committed state",
                dir.display()
            ),
            Notice::Unfinished { dir } => write!(
                f,
                "the last build of the index in {} did not finish; searching what it committed",
                dir.display()
            ),
            Notice::FreshnessUnknown { dir, error } => write!(
                f,
                "cannot tell whether the index in {} is up to date ({error}); using it as built",
                dir.display()
            ),
            Notice::Unreadable { dir, error } => write!(
                f,
                "the index in {} cannot be read ({error}); rebuilding it",
                dir.display()
            ),
        }
    }
}

/// What a health check reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    /// The on-disk layout the index was written in.
    pub layout: u32,
    /// The accords version that wrote it.
    pub accords_version: String,
    pub documents: usize,
    pub clauses: u64,
    /// When the last commit was made, in seconds since the Unix epoch.
    pub last_commit: u64,
    /// False when the last build stopped before it finished.
    pub complete: bool,
}

/// Every indexed document, and the files the build could not use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentList {
    pub documents: Vec<DocumentRecord>,
    pub skipped: Vec<SkippedFile>,
}

/// The order documents are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentOrder {
    /// Latest meeting first; documents without a known year last.
    #[default]
    Date,
    /// By partner, then latest first.
    Partner,
    /// In the order of the files they came from.
    File,
}

impl DocumentOrder {
    pub fn sort(self, documents: &mut [DocumentRecord]) {
        // A missing year sorts before every year, so reversed it comes last.
        let date = |d: &DocumentRecord| {
            d.facts
                .date
                .map(|d| (d.year.is_some(), d.year, d.month, d.day))
        };
        match self {
            DocumentOrder::Date => documents.sort_by_key(|d| std::cmp::Reverse(date(d))),
            DocumentOrder::Partner => documents.sort_by(|a, b| {
                (a.facts.partner.is_none(), &a.facts.partner)
                    .cmp(&(b.facts.partner.is_none(), &b.facts.partner))
                    .then_with(|| date(b).cmp(&date(a)))
            }),
            DocumentOrder::File => {}
        }
    }
}

impl Engine {
    /// Opens the index in `dir` as its last commit left it.
    /// [`Error::NoIndex`] when there is none.
    pub fn open(dir: &Path) -> Result<Engine> {
        Ok(Engine::from_index(ClauseIndex::open(dir)?))
    }

    /// Wraps an index already open.
    pub fn from_index(index: ClauseIndex) -> Engine {
        Engine {
            dir: index.dir().to_path_buf(),
            current: RwLock::new(Arc::new(index)),
        }
    }

    /// Replaces the content of the index in `dir` with the clauses of
    /// `documents` (already parsed, or read from clause records), and opens
    /// it. The index records no source files, so it is never refreshed from
    /// files behind the caller's back.
    pub fn from_documents(
        dir: &Path,
        documents: &mut dyn FnMut() -> Result<Option<Document>>,
        provenance: &Provenance,
    ) -> Result<Engine> {
        Ok(Engine::from_index(ClauseIndex::build_streaming(
            dir, documents, provenance,
        )?))
    }

    /// Builds or updates the index in `dir` from release files: `inputs`
    /// are paths (files or folders) relative to `root`. In
    /// [`Mode::Incremental`] only the files that changed since the index
    /// recorded them are read again.
    pub fn build(
        dir: &Path,
        root: &Path,
        inputs: &[PathBuf],
        mode: Mode,
    ) -> Result<(Engine, BuildReport)> {
        let (index, report) = build::build(dir, root, inputs, mode)?;
        Ok((Engine::from_index(index), report))
    }

    /// Opens the index in `dir`, building it from `root`'s
    /// [`DEFAULT_SOURCES`] folder when there is none, and updating it when
    /// the files it was built from have changed. What it did is in the
    /// notices.
    pub fn open_or_build(dir: &Path, root: &Path) -> Result<(Engine, Vec<Notice>)> {
        Engine::open_fresh(dir, Some(root))
    }

    /// Opens the index in `dir`, updating it first when the files it was
    /// built from have changed. [`Error::NoIndex`] when there is none.
    pub fn open_refreshed(dir: &Path) -> Result<(Engine, Vec<Notice>)> {
        Engine::open_fresh(dir, None)
    }

    fn open_fresh(dir: &Path, build_root: Option<&Path>) -> Result<(Engine, Vec<Notice>)> {
        let mut notices = Vec::new();
        let state = match ClauseIndex::state(dir) {
            Ok(state) => state,
            // An index of another layout: the error names the fix.
            Err(e) if e.is_user_error() => return Err(e),
            // Damaged, and nothing to rebuild it from.
            Err(e) if build_root.is_none() => return Err(e),
            Err(e) => {
                notices.push(Notice::Unreadable {
                    dir: dir.to_path_buf(),
                    error: e.to_string(),
                });
                None
            }
        };
        let Some(state) = state else {
            return match build_root {
                Some(root) => Engine::first_build(dir, root, notices),
                None => Err(Error::NoIndex {
                    dir: dir.to_path_buf(),
                }),
            };
        };
        if !state.complete && state.inputs.is_empty() {
            notices.push(Notice::Unfinished {
                dir: dir.to_path_buf(),
            });
        }
        let stale =
            build::source_files(&state.resolved_inputs()).map(|current| state.staleness(&current));
        let (reason, mode) = match stale {
            Ok(None) => match ClauseIndex::open(dir) {
                Ok(index) => return Ok((Engine::from_index(index), notices)),
                // The state is fine but the files it names are damaged or
                // gone: rebuilding from the same sources repairs it.
                Err(e) if !e.is_user_error() => (format!("cannot be opened ({e})"), Mode::Replace),
                Err(e) => return Err(e),
            },
            Ok(Some(reason)) => (format!("is out of date ({reason})"), Mode::Incremental),
            Err(e) => {
                notices.push(Notice::FreshnessUnknown {
                    dir: dir.to_path_buf(),
                    error: e.to_string(),
                });
                return Ok((Engine::open(dir)?, notices));
            }
        };
        match build::build(dir, &state.root, &state.inputs, mode) {
            Ok((index, report)) => {
                notices.push(Notice::Updated {
                    dir: dir.to_path_buf(),
                    reason,
                    report,
                });
                Ok((Engine::from_index(index), notices))
            }
            Err(Error::Busy { .. }) => {
                notices.push(Notice::StaleWhileBusy {
                    dir: dir.to_path_buf(),
                    reason,
                });
                Ok((Engine::open(dir)?, notices))
            }
            Err(e) => Err(e),
        }
    }

    fn first_build(
        dir: &Path,
        root: &Path,
        mut notices: Vec<Notice>,
    ) -> Result<(Engine, Vec<Notice>)> {
        let seeds = PathBuf::from(DEFAULT_SOURCES);
        if !root.join(&seeds).is_dir() {
            return Err(Error::NoIndex {
                dir: dir.to_path_buf(),
            });
        }
        let (index, report) =
            build::build(dir, root, std::slice::from_ref(&seeds), Mode::Incremental)?;
        notices.push(Notice::Built {
            dir: dir.to_path_buf(),
            from: seeds,
            report,
        });
        Ok((Engine::from_index(index), notices))
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The index as it is now; a request keeps the snapshot it started
    /// with.
    pub fn snapshot(&self) -> Arc<ClauseIndex> {
        match self.current.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Picks up a commit another process made to the index since it was
    /// opened, if any. True when the index changed.
    pub fn reload(&self) -> Result<bool> {
        if self.snapshot().is_current() {
            return Ok(false);
        }
        let fresh = Arc::new(ClauseIndex::open(&self.dir)?);
        match self.current.write() {
            Ok(mut current) => *current = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(true)
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let parsed = request.validate()?;
        search::search(&self.snapshot(), &parsed)
    }

    /// Clause counts for every pair of a `rows` value and a `columns` value
    /// over the clauses `request` matches (its page, sort and facet options
    /// aside), with the totals of each row and column.
    pub fn matrix(
        &self,
        request: &SearchRequest,
        rows: MatrixAxis,
        columns: MatrixAxis,
    ) -> Result<Matrix> {
        let parsed = request.validate()?;
        search::matrix(&self.snapshot(), &parsed, rows, columns)
    }

    /// The clauses most like a clause of the index or a pasted text.
    pub fn similar(&self, request: &SimilarRequest) -> Result<SimilarResults> {
        similar::similar(&self.snapshot(), request)
    }

    /// Two partners' clauses side by side, area by area, with the closest
    /// pairs across them linked.
    pub fn compare(&self, request: &CompareRequest) -> Result<Comparison> {
        similar::compare(&self.snapshot(), request)
    }

    /// The clause with id `id` and up to `around` clauses on each side of
    /// it in its document.
    pub fn show(&self, id: &str, around: usize) -> Result<ClauseContext> {
        search::show(&self.snapshot(), id, around)
    }

    /// One document with every clause it was cut into, in order.
    pub fn document(&self, doc_id: &str) -> Result<DocumentView> {
        search::document(&self.snapshot(), doc_id)
    }

    /// Every indexed document, latest meeting first, and the files the
    /// build skipped.
    pub fn documents(&self) -> Result<DocumentList> {
        let (mut documents, skipped) = self.snapshot().documents()?;
        DocumentOrder::Date.sort(&mut documents);
        Ok(DocumentList { documents, skipped })
    }

    /// What the index is and holds.
    pub fn health(&self) -> Health {
        let index = self.snapshot();
        let state = index.info();
        Health {
            layout: LAYOUT_VERSION,
            accords_version: state.accords_version.clone(),
            documents: state.documents,
            clauses: index.clause_count(),
            last_commit: state.built_at,
            complete: state.complete,
        }
    }
}

impl BuildReport {
    /// One line: files added, updated, removed and unchanged, documents
    /// and clauses in all, and how many warnings.
    pub fn describe(&self, dir: &Path) -> String {
        let s = &self.summary;
        let warnings = match self.warnings.len() {
            0 => String::new(),
            n => format!("; {}, see `accords docs`", count(n, "warning")),
        };
        format!(
            "{} added, {} updated, {} removed, {} unchanged; {}, {} in {}{warnings}",
            s.added,
            s.updated,
            s.removed,
            s.unchanged,
            count(self.documents, "document"),
            count(self.clauses, "clause"),
            dir.display()
        )
    }
}

/// `n` and a noun, made plural unless `n` is one.
pub fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::sample_documents;

    fn sample_engine() -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let docs = sample_documents();
        let mut next = docs.into_iter();
        let engine =
            Engine::from_documents(dir.path(), &mut || Ok(next.next()), &Provenance::default())
                .unwrap();
        (dir, engine)
    }

    #[test]
    fn an_engine_is_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Engine>();
        let (_dir, engine) = sample_engine();
        let engine = Arc::new(engine);
        let totals: Vec<u64> = (0..4)
            .map(|_| {
                let engine = engine.clone();
                std::thread::spawn(move || {
                    engine
                        .search(&SearchRequest::new("medicine"))
                        .unwrap()
                        .total
                })
            })
            .map(|t| t.join().unwrap())
            .collect();
        assert_eq!(totals, [3, 3, 3, 3]);
    }

    #[test]
    fn a_request_from_json_is_validated_and_answered() {
        let (_dir, engine) = sample_engine();
        let request: SearchRequest =
            serde_json::from_str(r#"{"query": "medicine", "partner": ["beijing,chongqing"]}"#)
                .unwrap();
        let results = engine.search(&request).unwrap();
        let mut partners: Vec<_> = results
            .hits
            .iter()
            .map(|h| h.document.partner.clone().unwrap())
            .collect();
        partners.sort();
        assert_eq!(partners, ["Beijing", "Chongqing"]);
        let bad: SearchRequest = serde_json::from_str(r#"{"query": "\"open"}"#).unwrap();
        assert!(matches!(
            engine.search(&bad),
            Err(Error::QuerySyntax { position: 0, .. })
        ));
        assert!(serde_json::from_str::<SearchRequest>(r#"{"qeury": "x"}"#).is_err());
    }

    #[test]
    fn reload_sees_a_commit_made_elsewhere() {
        let (dir, engine) = sample_engine();
        assert!(!engine.reload().unwrap());
        let fewer = sample_documents().into_iter().take(1).collect::<Vec<_>>();
        ClauseIndex::build(dir.path(), &fewer, &Provenance::default()).unwrap();
        assert!(engine.reload().unwrap());
        assert_eq!(engine.health().clauses, 4);
        assert!(!engine.reload().unwrap());
    }

    #[test]
    fn missing_ids_and_indexes_are_told_apart() {
        let (_dir, engine) = sample_engine();
        assert!(engine.show("nope", 1).unwrap_err().is_not_found());
        assert!(engine.document("nope").unwrap_err().is_not_found());
        let empty = tempfile::tempdir().unwrap();
        let err = Engine::open_refreshed(&empty.path().join("none")).unwrap_err();
        assert!(matches!(err, Error::NoIndex { .. }), "{err}");
    }

    #[test]
    fn documents_list_latest_first_with_yearless_dates_last() {
        let (_dir, engine) = sample_engine();
        let list = engine.documents().unwrap();
        let dates: Vec<String> = list
            .documents
            .iter()
            .map(|d| d.facts.date.map(|d| d.to_string()).unwrap_or_default())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by_key(|d| (d.starts_with("--"), std::cmp::Reverse(d.clone())));
        assert_eq!(dates, sorted);
    }
}
