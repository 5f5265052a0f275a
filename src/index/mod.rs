//! The clause index: documents in, a searchable tantivy index on disk out.
//!
//! This module owns the index folder. [`ClauseIndex::build`] replaces the
//! index's content with every clause of a set of [`Document`]s, laid out by
//! [`schema`] (the only place that names fields) and analysed by
//! [`analysis`]; an [`IndexUpdate`] changes it file by file;
//! [`ClauseIndex::open`] opens what the last commit left. Searching is
//! [`crate::search`]'s business, and reading source files is ingest's: this
//! module never reads a press release.
//!
//! # On disk
//!
//! ```text
//! index/
//!   README.md             optional, left alone (the bundled index/ has one)
//!   tantivy/              one tantivy index, updated in place
//!   state-<hex>.json      the state of one commit: versions, sources and their
//!                         fingerprints, skipped files, and the names of
//!   documents-<hex>.tsv     the document table, looked up by ordinal
//!   synonyms-<hex>.tsv      the synonym table, learned abbreviations merged in
//! ```
//!
//! Every change is one tantivy commit whose payload names the state file
//! written (and flushed) just before it, so tantivy's atomic replacement of
//! `meta.json` switches the clauses and the state together. A reader finds
//! the live state through the committed payload, never by listing the
//! folder. Files of older states are deleted only after the commit that
//! replaces them, and leftovers of a killed run are swept by the next; a run
//! killed at any point leaves the last committed state. Large builds commit
//! in batches, with a state saying what has been committed, so the next run
//! carries on from there. Only one process writes at a time: tantivy's
//! writer lock is taken without waiting, and a second writer is told the
//! index is busy ([`Error::Busy`]).

mod documents;
mod state;
mod table;
mod update;
mod writer;

pub mod analysis;
pub mod related;
pub mod schema;
pub mod synonyms;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::error::{Error, Result};
use crate::model::{Clause, ClauseView, Document};

pub use documents::{DocumentRecord, LearnedAbbreviation, SkippedFile};
pub use schema::{FacetField, TextField};
pub use state::{resolve, FileEntry, SourceFile, State, LAYOUT_VERSION};
pub use update::{IndexUpdate, Mode, Summary};

pub(crate) use writer::day_start;

use documents::DocumentTable;
use schema::{Fields, StoredClause};
use synonyms::Synonyms;
use update::PreparedDocument;

/// The sub-folder holding tantivy's files.
const TANTIVY_DIR: &str = "tantivy";
/// Files of the generation layout (layouts 1 and 2).
const OLD_MANIFEST: &str = "manifest.json";
const OLD_PREFIXES: [&str; 3] = ["clauses-", ".build-", ".manifest-"];

/// Where a set of documents came from, recorded so that a later run can tell
/// whether the index is stale and rebuild it from the same paths.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The working folder of the build; relative inputs and files are
    /// resolved against it.
    pub root: PathBuf,
    /// The paths ingest was given.
    pub inputs: Vec<PathBuf>,
    /// Every file ingest read (and any catalog it consulted), stated before
    /// reading, so an edit made during the build shows up as a change next
    /// time.
    pub sources: Vec<SourceFile>,
    /// Files ingest found but could not use.
    pub skipped: Vec<SkippedFile>,
}

/// An open clause index.
pub struct ClauseIndex {
    dir: PathBuf,
    /// The commit payload this index was opened at: the name of its state.
    payload: String,
    state: State,
    reader: IndexReader,
    fields: Fields,
    documents: DocumentTable,
    /// Documents already looked up, by ordinal: the hits of a search often
    /// share a few documents.
    cache: Mutex<HashMap<u64, Arc<DocumentRecord>>>,
    /// The built-in synonym groups and the abbreviations the documents
    /// taught, for query expansion.
    synonyms: Synonyms,
}

impl std::fmt::Debug for ClauseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClauseIndex")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Why an attempt to open the index failed: for good, or because a writer
/// replaced what the attempt was reading, so that another try will do.
enum OpenError {
    Fatal(Error),
    Retry(Error),
}

/// Documents read and prepared ahead of the one being indexed, at most.
const PREPARED_AHEAD: usize = 64;

/// How many times opening is tried while a writer keeps replacing files.
const OPEN_ATTEMPTS: u32 = 20;

/// Runs `attempt` until it succeeds, fails for good, or has been retried
/// [`OPEN_ATTEMPTS`] times, waiting a little longer before each retry.
fn with_retries<T>(mut attempt: impl FnMut() -> std::result::Result<T, OpenError>) -> Result<T> {
    let mut tries = 0;
    loop {
        match attempt() {
            Ok(value) => return Ok(value),
            Err(OpenError::Retry(_)) if tries < OPEN_ATTEMPTS => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(5 * u64::from(tries)));
            }
            Err(OpenError::Retry(e) | OpenError::Fatal(e)) => return Err(e),
        }
    }
}

impl ClauseIndex {
    /// Reads the live state of the index in `dir`. `None` means there is no
    /// index there: the folder is missing, empty, holds only a README, or
    /// nothing was ever committed. An index of another layout is an error
    /// naming the command that rebuilds it.
    pub fn state(dir: &Path) -> Result<Option<State>> {
        Ok(with_retries(|| live_state(dir))?.map(|(_, _, state)| state))
    }

    /// Opens the index in `dir` as its last commit left it. A commit made
    /// while opening is waited out: the index opens in the state before it or
    /// the one after, never half of each.
    pub fn open(dir: &Path) -> Result<ClauseIndex> {
        with_retries(|| ClauseIndex::try_open(dir))
    }

    fn try_open(dir: &Path) -> std::result::Result<ClauseIndex, OpenError> {
        let (index, payload, state) = live_state(dir)?.ok_or_else(|| {
            OpenError::Fatal(Error::NoIndex {
                dir: dir.to_path_buf(),
            })
        })?;
        analysis::register(index.tokenizers());
        let fields = Fields::from_schema(&index.schema()).map_err(OpenError::Fatal)?;
        let documents = DocumentTable::open(&dir.join(&state.documents_file))
            .map_err(|e| retry_io(&dir.join(&state.documents_file), e))?;
        let synonyms = Synonyms::open_table(&dir.join(&state.synonyms_file))
            .map_err(|e| retry_io(&dir.join(&state.synonyms_file), e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| OpenError::Retry(e.into()))?;
        // The reader read meta.json again: if a commit came in between, its
        // segments belong to another state than the one read above.
        let now = index
            .load_metas()
            .map_err(|e| OpenError::Retry(e.into()))?
            .payload;
        if now.as_deref() != Some(payload.as_str()) {
            return Err(OpenError::Retry(Error::Index(format!(
                "the index in {} changed while it was opened",
                dir.display()
            ))));
        }
        Ok(ClauseIndex {
            dir: dir.to_path_buf(),
            payload,
            state,
            reader,
            fields,
            documents,
            cache: Mutex::new(HashMap::new()),
            synonyms,
        })
    }

    /// Replaces the content of the index in `dir` with every clause of
    /// `documents`, and opens it. `dir` is created if need be; it must not
    /// hold files other than an index's (a README is fine).
    pub fn build(
        dir: &Path,
        documents: &[Document],
        provenance: &Provenance,
    ) -> Result<ClauseIndex> {
        let mut docs = documents.iter();
        ClauseIndex::build_streaming(dir, &mut || Ok(docs.next().cloned()), provenance)
    }

    /// Builds an index like [`ClauseIndex::build`] from documents handed
    /// over one at a time by `next` until it returns `None`, so a corpus
    /// larger than memory can be indexed: only each document's record is
    /// kept, and clauses are committed in batches.
    ///
    /// Two threads share the work: this one reads each document and learns
    /// its abbreviations, while a second one hands the documents before it
    /// to tantivy and commits. A few documents wait between the two, so
    /// memory stays bounded. If `next` fails, the documents already
    /// committed stay committed and the rest are not, as when a run is
    /// killed.
    pub fn build_streaming(
        dir: &Path,
        next: &mut dyn FnMut() -> Result<Option<Document>>,
        provenance: &Provenance,
    ) -> Result<ClauseIndex> {
        let mut update = IndexUpdate::begin(dir, Mode::Replace, provenance)?;
        std::thread::scope(|scope| {
            let (send, receive) =
                std::sync::mpsc::sync_channel::<Result<PreparedDocument>>(PREPARED_AHEAD);
            let indexer = scope.spawn(move || -> Result<ClauseIndex> {
                for prepared in receive {
                    update.add_prepared(prepared?)?;
                }
                let (index, _) = update.finish()?;
                Ok(index)
            });
            loop {
                let prepared = match next() {
                    Ok(Some(doc)) => Ok(PreparedDocument::new(doc)),
                    Ok(None) => break,
                    // Handed on, so the indexer stops without finishing.
                    Err(e) => Err(e),
                };
                let failed = prepared.is_err();
                // The indexer stops early only on an error, which it
                // returns below.
                if send.send(prepared).is_err() || failed {
                    break;
                }
            }
            drop(send);
            indexer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Whether the last commit in the folder is still the one this index
    /// was opened at. Reads only tantivy's small `meta.json`, so it is cheap
    /// enough to ask before every request of a long-running process.
    pub fn is_current(&self) -> bool {
        #[derive(serde::Deserialize)]
        struct Meta {
            payload: Option<String>,
        }
        let meta = self.dir.join(TANTIVY_DIR).join("meta.json");
        std::fs::read(&meta)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Meta>(&bytes).ok())
            .is_some_and(|m| m.payload.as_deref() == Some(self.payload.as_str()))
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the index was built from.
    pub fn info(&self) -> &State {
        &self.state
    }

    /// Number of clauses in the index.
    pub fn clause_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Every document's metadata and warnings, in the order of the files
    /// they came from (records read from a stream, in stream order), and the
    /// files the build skipped.
    pub fn documents(&self) -> Result<(Vec<DocumentRecord>, Vec<SkippedFile>)> {
        let order: HashMap<&str, usize> = self
            .state
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.source.as_str(), i))
            .collect();
        let mut all = self.documents.all()?;
        all.sort_by_key(|(ordinal, doc)| {
            (
                order.get(doc.record.facts.source.as_str()).copied(),
                *ordinal,
            )
        });
        Ok((
            all.into_iter().map(|(_, doc)| doc.record).collect(),
            self.state.skipped.clone(),
        ))
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The synonym groups queries on this index expand with.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    fn document(&self, ordinal: u64) -> Result<Arc<DocumentRecord>> {
        if let Some(found) = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.get(&ordinal).cloned())
        {
            return Ok(found);
        }
        let doc = self.documents.get(ordinal)?.ok_or_else(|| {
            Error::Index(format!(
                "a clause names document {ordinal}, which the document table lacks; \
                 run `accords index --rebuild`"
            ))
        })?;
        let record = Arc::new(doc.record);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(ordinal, record.clone());
        }
        Ok(record)
    }

    /// The record of the document a clause belongs to.
    pub(crate) fn document_of(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Arc<DocumentRecord>> {
        let (clause, _) = self.read_clause(searcher, address)?;
        self.document(clause.doc)
    }

    /// Reads a clause with its document's facts.
    pub(crate) fn load_clause(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<ClauseView> {
        let (stored, text) = self.read_clause(searcher, address)?;
        let document = self.document(stored.doc)?;
        let added = chrono::DateTime::from_timestamp(stored.added, 0)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        Ok(ClauseView {
            added,
            ..ClauseView::new(
                Clause {
                    text,
                    ..stored.clause
                },
                document.facts.clone(),
            )
        })
    }

    /// A clause's own stored fields and its text.
    fn read_clause(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<(StoredClause, String)> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = doc
            .get_first(self.fields.text)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let record = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::Index("a clause has no stored record".into()))?;
        let stored: StoredClause = serde_json::from_str(record)
            .map_err(|e| Error::Index(format!("unreadable clause record: {e}")))?;
        Ok((stored, text))
    }
}

/// A missing file is what a writer's clean-up leaves a reader that read an
/// older state: worth another try. Anything else is not.
fn retry_io(path: &Path, e: std::io::Error) -> OpenError {
    let error = Error::io(path, e);
    match &error {
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            OpenError::Retry(error)
        }
        _ => OpenError::Fatal(Error::Index(format!(
            "{error}; run `accords index --rebuild`"
        ))),
    }
}

/// The tantivy index in `dir`, the name of its live state and the state.
fn live_state(dir: &Path) -> std::result::Result<Option<(Index, String, State)>, OpenError> {
    let tantivy_dir = dir.join(TANTIVY_DIR);
    if !tantivy_dir.join("meta.json").is_file() {
        return match old_layout(dir) {
            Some(error) => Err(OpenError::Fatal(error)),
            None => Ok(None),
        };
    }
    let index = Index::open_in_dir(&tantivy_dir).map_err(|e| OpenError::Retry(e.into()))?;
    let payload = index
        .load_metas()
        .map_err(|e| OpenError::Retry(e.into()))?
        .payload;
    let Some(payload) = payload else {
        return Ok(None);
    };
    match State::read(dir, &payload) {
        Ok(state) => Ok(Some((index, payload, state))),
        Err(Error::Io { path, source }) if source.kind() == std::io::ErrorKind::NotFound => {
            Err(OpenError::Retry(Error::Io { path, source }))
        }
        Err(e) => Err(OpenError::Fatal(e)),
    }
}

/// The error for a folder holding an index of the generation layout, if it
/// holds one.
fn old_layout(dir: &Path) -> Option<Error> {
    let bytes = std::fs::read(dir.join(OLD_MANIFEST)).ok()?;
    #[derive(serde::Deserialize)]
    struct OldManifest {
        #[serde(default)]
        schema_version: u32,
        #[serde(default)]
        accords_version: String,
    }
    let old: OldManifest = serde_json::from_slice(&bytes).unwrap_or(OldManifest {
        schema_version: 0,
        accords_version: "unknown".into(),
    });
    Some(state::other_layout(
        dir,
        &old.accords_version,
        old.schema_version,
    ))
}

/// Whether a name in an index folder belongs to an index (of this layout
/// or the generation layout before it), or is the README.
fn belongs_in_index_folder(name: &str) -> bool {
    name.eq_ignore_ascii_case("README.md")
        || name == TANTIVY_DIR
        || update::is_state_file(name)
        || name == OLD_MANIFEST
        || OLD_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Removes the files of the generation layout from `dir`.
fn remove_old_layout(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if name == OLD_MANIFEST {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        } else if OLD_PREFIXES.iter().any(|p| name.starts_with(p)) {
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Creates the index folder if need be, and refuses a folder that holds
/// anything but an index, so a mistyped `--index` cannot litter a folder of
/// the user's.
fn prepare_folder(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !belongs_in_index_folder(&name) {
            return Err(Error::NotAnIndexFolder {
                dir: dir.to_path_buf(),
                holds: name.into_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{
        ClauseKind, DateSource, DocumentFacts, MeetingDate, MeetingType, PartnerKind,
    };

    /// A small corpus of hand-built documents, shared by the index and
    /// search tests.
    pub(crate) fn sample_documents() -> Vec<Document> {
        let doc = |id: &str,
                   partner: &str,
                   kind: PartnerKind,
                   date: Option<MeetingDate>,
                   clauses: &[(ClauseKind, &str, &[&str], &str)]| {
            Document {
                id: id.into(),
                facts: DocumentFacts {
                    title: format!("Meeting of Hong Kong and {partner}"),
                    source: format!("seeds/{id}.txt"),
                    partner: Some(partner.into()),
                    partner_kind: Some(kind),
                    province: Some(partner.into()),
                    meeting_types: vec![MeetingType::PlenarySession],
                    date,
                    url: None,
                },
                plenary_ordinal: None,
                conference: None,
                location: None,
                date_source: DateSource::Footer,
                declared_areas: None,
                areas: vec![],
                clauses: clauses
                    .iter()
                    .enumerate()
                    .map(|(i, (kind, heading, areas, text))| Clause {
                        id: format!("{id}-{i}"),
                        doc_id: id.into(),
                        kind: *kind,
                        area_heading: (!heading.is_empty()).then(|| heading.to_string()),
                        areas: areas.iter().map(|a| a.to_string()).collect(),
                        inferred: false,
                        position: i,
                        text: text.to_string(),
                    })
                    .collect(),
                agreements: vec![],
                warnings: vec![],
                meeting_release: true,
                release_reason: String::new(),
                language: "en".into(),
            }
        };
        use ClauseKind::*;
        let health: &[&str] = &["Health and Chinese Medicine"];
        let finance: &[&str] = &["Finance"];
        vec![
            doc(
                "jiangsu",
                "Jiangsu",
                PartnerKind::Province,
                Some(MeetingDate::full(2023, 10, 13)),
                &[
                    (Statement, "", &[], "The Chief Executive met the Secretary of Jiangsu."),
                    (Commitment, "Finance", finance, "Support financial institutions of both sides to forge ahead with green finance."),
                    (Commitment, "Health", health, "Enhance talent exchanges in Chinese medicine, and strengthen co-operation in the international standardisation of Chinese medicine."),
                    (Agreement, "", &[], "Framework Agreement on Finance Co-operation"),
                ],
            ),
            doc(
                "beijing",
                "Beijing",
                PartnerKind::Municipality,
                Some(MeetingDate::full(2024, 1, 30)),
                &[
                    (Commitment, "Health and Chinese Medicine", health, "Strengthen the promotion of Chinese medicine culture and internationalisation of Chinese medicine."),
                    (Commitment, "Finance", finance, "Deepen co-operation in financial standards and fintech."),
                ],
            ),
            doc(
                "chongqing",
                "Chongqing",
                PartnerKind::Municipality,
                Some(MeetingDate { year: None, month: 5, day: 11 }),
                &[(Commitment, "Health and Chinese Medicine", health, "Accelerate academic exchanges of Chinese medicine and strengthen the standardisation of Chinese medicine.")],
            ),
        ]
    }

    /// The names in a folder, sorted.
    fn folder_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    pub(crate) fn sample_index() -> (tempfile::TempDir, ClauseIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index =
            ClauseIndex::build(dir.path(), &sample_documents(), &Provenance::default()).unwrap();
        (dir, index)
    }

    #[test]
    fn a_built_index_holds_every_clause_and_document() {
        let (_dir, index) = sample_index();
        assert_eq!(index.clause_count(), 7);
        assert_eq!(index.info().documents, 3);
        assert_eq!(index.info().layout, LAYOUT_VERSION);
        let (docs, skipped) = index.documents().unwrap();
        assert_eq!(
            docs.iter()
                .map(|d| (d.id.as_str(), d.clauses))
                .collect::<Vec<_>>(),
            [("jiangsu", 4), ("beijing", 2), ("chongqing", 1)]
        );
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_clause_is_read_back_with_its_documents_metadata() {
        let (_dir, index) = sample_index();
        let searcher = index.searcher();
        let mut records = Vec::new();
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                let address = DocAddress::new(ordinal as u32, doc);
                records.push(index.load_clause(&searcher, address).unwrap());
            }
        }
        records.sort_by(|a, b| a.clause.id.cmp(&b.clause.id));
        let (record, text) = (&records[0].document, &records[0].clause.text);
        assert_eq!(records[0].clause.id, "beijing-0");
        assert_eq!(record.partner.as_deref(), Some("Beijing"));
        assert_eq!(record.title, "Meeting of Hong Kong and Beijing");
        assert_eq!(record.source, "seeds/beijing.txt");
        assert_eq!(record.date, Some(MeetingDate::full(2024, 1, 30)));
        assert_eq!(records[0].clause.areas, ["Health and Chinese Medicine"]);
        assert!(text.starts_with("Strengthen the promotion"), "{text}");
    }

    #[test]
    fn rebuilding_replaces_the_content_and_keeps_the_readme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "keep me").unwrap();
        let docs = sample_documents();
        ClauseIndex::build(dir.path(), &docs, &Provenance::default()).unwrap();
        let second = ClauseIndex::build(dir.path(), &docs[..1], &Provenance::default()).unwrap();
        assert_eq!(second.clause_count(), 4);
        let state = second.info();
        let mut expected = vec![
            "README.md".to_string(),
            "tantivy".to_string(),
            state.documents_file.clone(),
            state.synonyms_file.clone(),
        ];
        let names = folder_names(dir.path());
        let state_files: Vec<&String> = names.iter().filter(|n| n.starts_with("state-")).collect();
        assert_eq!(state_files.len(), 1, "{names:?}");
        expected.push(state_files[0].clone());
        expected.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn leftovers_of_a_killed_run_are_swept_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let docs = sample_documents();
        ClauseIndex::build(dir.path(), &docs, &Provenance::default()).unwrap();
        for name in ["state-dead.json", "documents-dead.tsv", "synonyms-dead.tsv"] {
            std::fs::write(dir.path().join(name), "half written").unwrap();
        }
        let index = ClauseIndex::build(dir.path(), &docs, &Provenance::default()).unwrap();
        let names = folder_names(dir.path());
        assert!(!names.iter().any(|n| n.contains("dead")), "{names:?}");
        assert_eq!(index.clause_count(), 7);
    }

    #[test]
    fn a_second_writer_is_told_the_index_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        ClauseIndex::build(dir.path(), &sample_documents(), &Provenance::default()).unwrap();
        let held =
            IndexUpdate::begin(dir.path(), Mode::Incremental, &Provenance::default()).unwrap();
        let err = IndexUpdate::begin(dir.path(), Mode::Incremental, &Provenance::default())
            .err()
            .unwrap();
        assert!(matches!(err, Error::Busy { .. }), "{err}");
        assert!(err.to_string().contains(&dir.path().display().to_string()));
        // Readers are not held up by the writer.
        assert_eq!(ClauseIndex::open(dir.path()).unwrap().clause_count(), 7);
        drop(held);
        IndexUpdate::begin(dir.path(), Mode::Incremental, &Provenance::default()).unwrap();
    }

    #[test]
    fn an_index_of_the_generation_layout_is_refused_until_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("manifest.json"),
            r#"{"schema_version": 2, "accords_version": "0.1.0", "generation": "clauses-1"}"#,
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("clauses-1")).unwrap();
        let err = ClauseIndex::open(dir.path()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("built by accords 0.1.0 in layout 2"),
            "{message}"
        );
        assert!(message.contains("accords index --rebuild"), "{message}");
        let err = IndexUpdate::begin(dir.path(), Mode::Incremental, &Provenance::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("layout 2"), "{err}");
        let index =
            ClauseIndex::build(dir.path(), &sample_documents(), &Provenance::default()).unwrap();
        assert_eq!(index.clause_count(), 7);
        let names = folder_names(dir.path());
        assert!(
            !names
                .iter()
                .any(|n| n == "manifest.json" || n == "clauses-1"),
            "{names:?}"
        );
    }

    #[test]
    fn a_folder_of_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = ClauseIndex::build(dir.path(), &sample_documents(), &Provenance::default())
            .unwrap_err();
        assert!(err.is_user_error());
        assert!(err.to_string().contains("notes.txt"), "{err}");
    }

    #[test]
    fn a_folder_under_a_regular_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        let target = file.join("index");
        let err =
            ClauseIndex::build(&target, &sample_documents(), &Provenance::default()).unwrap_err();
        assert!(
            err.to_string().contains(&target.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn opening_a_folder_without_an_index_says_how_to_build_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = ClauseIndex::open(dir.path()).unwrap_err();
        assert!(err.is_user_error());
        assert!(err.to_string().contains("accords index"), "{err}");
    }
}
