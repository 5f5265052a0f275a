//! Changing the index: one session holding the writer lock, adding,
//! replacing and removing documents, and committing them with the state
//! that describes them.
//!
//! An [`IndexUpdate`] starts from the live state (or from nothing, in
//! [`Mode::Replace`]) and ends with [`IndexUpdate::finish`]. Between the
//! two, clauses are committed in batches of about [`BATCH_CLAUSES`], each
//! commit naming a state that lists exactly what the index then holds: a
//! file whose new clauses are not committed yet is still listed with its old
//! fingerprint and old clauses, and a new one not at all. A run killed at any
//! point therefore leaves an index that a later run completes by redoing
//! only the files its state does not list as they are.
//!
//! Which files changed is for the caller to tell, by comparing the
//! fingerprints of [`IndexUpdate::previous`] with the files as they are now;
//! this module never reads a source file.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::collector::DocSetCollector;
use tantivy::directory::error::LockError;
use tantivy::directory::INDEX_WRITER_LOCK;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::store::Compressor;
use tantivy::{
    DateTime, Directory, Index, IndexSettings, ReloadPolicy, Searcher, TantivyError, Term,
};

use super::documents::{self, LearnedAbbreviation, StoredDocument};
use super::schema::{build_schema, Fields};
use super::schema::{ADDED_FIELD_NAME, FINGERPRINT_FIELD_NAME};
use super::state::{FileEntry, State, LAYOUT_VERSION, STATE_PREFIX};
use super::synonyms::{Abbreviation, Synonyms};
use super::writer::{ClauseWriter, FirstSeen};
use super::{
    analysis, live_state, old_layout, prepare_folder, remove_old_layout, ClauseIndex,
    DocumentRecord, OpenError, Provenance, SkippedFile, TANTIVY_DIR,
};
use crate::error::{Error, Result};
use crate::model::Document;

/// About how many clauses are added before the first commit of a large
/// build. Each later batch is twice the one before, up to
/// [`MAX_BATCH_CLAUSES`]: every commit rewrites the document and synonym
/// tables whole, so batches of one size would make a build's cost grow with
/// the square of its size, while doubling keeps it linear and still loses at
/// most the last batch when a run is killed.
pub const BATCH_CLAUSES: usize = 50_000;

/// The largest batch between two commits.
const MAX_BATCH_CLAUSES: usize = 8 * BATCH_CLAUSES;

/// The stored-document block size: larger blocks compress better, and a hit
/// reads and decompresses one.
const DOCSTORE_BLOCK_BYTES: usize = 16 * 1024;

const DOCUMENTS_PREFIX: &str = "documents-";
const SYNONYMS_PREFIX: &str = "synonyms-";

/// Whether a file name is one of the state files an update writes.
pub(crate) fn is_state_file(name: &str) -> bool {
    [STATE_PREFIX, DOCUMENTS_PREFIX, SYNONYMS_PREFIX]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Where an update starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The live state: unchanged files are kept as they are.
    Incremental,
    /// Nothing: the content of the index is replaced. An index of another
    /// layout is replaced too.
    Replace,
}

/// What an update did, counted in files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// An update of the index in one folder, holding its writer lock.
pub struct IndexUpdate {
    dir: PathBuf,
    writer: ClauseWriter,
    provenance: Provenance,
    /// The files of the state the update started from, not yet kept,
    /// replaced or removed.
    previous: BTreeMap<PathBuf, FileEntry>,
    /// The files as of the last change, kept or replaced.
    files: BTreeMap<PathBuf, FileEntry>,
    /// Every document the index holds as of the last change, by ordinal.
    documents: BTreeMap<u64, StoredDocument>,
    next_ordinal: u64,
    /// Files of the last committed state, deleted once the next commit no
    /// longer names them.
    committed: Vec<String>,
    /// The tables of the last committed state, reused while the documents
    /// have not changed.
    documents_file: Option<String>,
    synonyms_file: Option<String>,
    /// Clauses added since the last commit.
    pending: usize,
    /// Clauses due before the next commit.
    batch: usize,
    summary: Summary,
    /// The index as committed when the update began, before anything was
    /// removed: where a file's clauses are found again, with the time each
    /// first entered the index.
    earlier: Option<Searcher>,
    /// When this update began, in seconds since the Unix epoch: the time a
    /// new or changed clause records as its first.
    now: i64,
    /// The first times of the clauses of the last source looked up.
    first_seen: Option<(String, FirstSeen)>,
}

impl IndexUpdate {
    /// Takes the writer lock of the index in `dir` (creating the folder and
    /// the index if need be) and starts an update from the live state, or
    /// from nothing. Fails at once with [`Error::Busy`] if another process
    /// holds the lock.
    pub fn begin(dir: &Path, mode: Mode, provenance: &Provenance) -> Result<IndexUpdate> {
        prepare_folder(dir)?;
        match mode {
            Mode::Replace => {
                remove_old_layout(dir)?;
                remove_other_schema(dir, &dir.join(TANTIVY_DIR))?;
            }
            Mode::Incremental => {
                if let Some(error) = old_layout(dir) {
                    return Err(error);
                }
            }
        }
        let index = open_or_create(&dir.join(TANTIVY_DIR))?;
        analysis::register(index.tokenizers());
        let fields = Fields::from_schema(&index.schema())?;
        // Taken before the writer may delete everything (a rebuild), so a
        // rebuild keeps the first times too.
        let earlier = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .ok()
            .map(|reader: tantivy::IndexReader| reader.searcher());
        let mut writer = match ClauseWriter::open(&index, fields) {
            Ok(writer) => writer,
            Err(TantivyError::LockFailure(..)) => {
                return Err(Error::Busy {
                    dir: dir.to_path_buf(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        // Under the lock, the live state cannot change any more.
        let live = match live_state(dir) {
            Ok(live) => live.map(|(_, name, state)| (name, state)),
            Err(OpenError::Retry(e) | OpenError::Fatal(e)) => {
                if mode == Mode::Replace {
                    None
                } else {
                    return Err(e);
                }
            }
        };
        let mut update = IndexUpdate {
            dir: dir.to_path_buf(),
            writer: {
                if mode == Mode::Replace {
                    writer.delete_all()?;
                }
                writer
            },
            provenance: provenance.clone(),
            previous: BTreeMap::new(),
            files: BTreeMap::new(),
            documents: BTreeMap::new(),
            next_ordinal: 0,
            committed: Vec::new(),
            documents_file: None,
            synonyms_file: None,
            pending: 0,
            batch: BATCH_CLAUSES,
            summary: Summary::default(),
            earlier,
            now: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            first_seen: None,
        };
        if let Some((name, state)) = live {
            update.committed = vec![
                name,
                state.documents_file.clone(),
                state.synonyms_file.clone(),
            ];
            update.next_ordinal = state.next_ordinal;
            if mode == Mode::Incremental {
                let table = documents::DocumentTable::open(&dir.join(&state.documents_file))
                    .map_err(|e| Error::io(dir.join(&state.documents_file), e))?;
                update.documents = table.all()?.into_iter().collect();
                update.previous = state
                    .files
                    .into_iter()
                    .map(|f| (f.path.clone(), f))
                    .collect();
                update.documents_file = Some(state.documents_file);
                update.synonyms_file = Some(state.synonyms_file);
            }
        }
        update.sweep();
        Ok(update)
    }

    /// The file at `path` as the state the update started from recorded it,
    /// if it was in the index and has not been handled yet.
    pub fn previous(&self, path: &Path) -> Option<&FileEntry> {
        self.previous.get(path)
    }

    /// Removes every file of the previous state that is not in `current`:
    /// the index reflects the inputs of this run.
    pub fn remove_missing(&mut self, current: &HashSet<PathBuf>) {
        let gone: Vec<PathBuf> = self
            .previous
            .keys()
            .filter(|path| !current.contains(*path))
            .cloned()
            .collect();
        for path in gone {
            if let Some(old) = self.previous.remove(&path) {
                self.drop_entry(&old);
                self.summary.removed += 1;
            }
        }
    }

    /// Keeps a file whose content did not change, with its new size and
    /// time in `entry`.
    pub fn keep(&mut self, mut entry: FileEntry) {
        if let Some(old) = self.previous.remove(&entry.path) {
            entry.source = old.source;
            entry.documents = old.documents;
            self.files.insert(entry.path.clone(), entry);
            self.summary.unchanged += 1;
        }
    }

    /// Puts a file's documents in the index, replacing what an earlier
    /// version of the file gave. `entry`'s documents are filled in here.
    pub fn put(&mut self, mut entry: FileEntry, docs: &[Document]) -> Result<()> {
        match self.previous.remove(&entry.path) {
            Some(old) => {
                self.drop_entry(&old);
                self.summary.updated += 1;
            }
            None => self.summary.added += 1,
        }
        // A file indexed under another name by a state this one replaces
        // is gone with its entry; under this name it may still have clauses
        // from a run that was killed before its state was committed.
        self.writer.delete_source(&entry.source);
        entry.documents.clear();
        for doc in docs {
            entry.documents.push(self.insert(doc)?);
        }
        self.files.insert(entry.path.clone(), entry);
        self.commit_if_due()
    }

    /// Adds a document that is not tracked as a file (a clause record read
    /// from a stream).
    pub fn add_document(&mut self, doc: &Document) -> Result<()> {
        self.insert(doc)?;
        self.commit_if_due()
    }

    /// Records a file ingest found but could not use.
    pub fn skip(&mut self, file: SkippedFile) {
        self.provenance.skipped.push(file);
    }

    /// What the update did so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// Adds a document prepared by [`PreparedDocument::new`], perhaps on
    /// another thread, like [`IndexUpdate::add_document`].
    pub(crate) fn add_prepared(&mut self, prepared: PreparedDocument) -> Result<()> {
        self.insert_prepared(&prepared.doc, prepared.stored)?;
        self.commit_if_due()
    }

    fn insert(&mut self, doc: &Document) -> Result<u64> {
        let stored = PreparedDocument::stored(doc);
        self.insert_prepared(doc, stored)
    }

    fn insert_prepared(&mut self, doc: &Document, stored: StoredDocument) -> Result<u64> {
        let ordinal = self.next_ordinal;
        self.next_ordinal += 1;
        let source = &doc.facts.source;
        if self.first_seen.as_ref().is_none_or(|(s, _)| s != source) {
            let found = self.first_seen_of(source)?;
            self.first_seen = Some((source.clone(), found));
        }
        let first_seen = self.first_seen.as_ref().map(|(_, f)| f);
        let empty = FirstSeen::new();
        self.pending += self
            .writer
            .add(doc, ordinal, first_seen.unwrap_or(&empty), self.now)?;
        self.documents.insert(ordinal, stored);
        self.documents_file = None;
        self.synonyms_file = None;
        Ok(ordinal)
    }

    /// When each clause the index held from `source` as the update began
    /// first entered the index, by the fingerprint of its text.
    fn first_seen_of(&self, source: &str) -> Result<FirstSeen> {
        let mut found = FirstSeen::new();
        let Some(searcher) = &self.earlier else {
            return Ok(found);
        };
        let field = self.writer.fields().source;
        let query = TermQuery::new(
            Term::from_field_text(field, source),
            IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&query, &DocSetCollector)?;
        let mut by_segment = std::collections::HashMap::new();
        for address in addresses {
            let segment = address.segment_ord;
            let columns = by_segment.entry(segment).or_insert_with(|| {
                let fast = searcher.segment_reader(segment).fast_fields();
                let fingerprints = fast.u64(FINGERPRINT_FIELD_NAME).ok();
                let added = fast.date(ADDED_FIELD_NAME).ok();
                fingerprints.zip(added)
            });
            let Some((fingerprints, added)) = columns else {
                continue;
            };
            if let (Some(fingerprint), Some(time)) = (
                fingerprints.first(address.doc_id),
                added.first(address.doc_id),
            ) {
                let time: DateTime = time;
                let seconds = time.into_timestamp_secs();
                found
                    .entry(fingerprint)
                    .and_modify(|t| *t = (*t).min(seconds))
                    .or_insert(seconds);
            }
        }
        Ok(found)
    }

    fn drop_entry(&mut self, old: &FileEntry) {
        self.writer.delete_source(&old.source);
        for ordinal in &old.documents {
            self.documents.remove(ordinal);
        }
        self.documents_file = None;
        self.synonyms_file = None;
    }

    fn commit_if_due(&mut self) -> Result<()> {
        if self.pending >= self.batch {
            self.commit(false)?;
            self.batch = (self.batch * 2).min(MAX_BATCH_CLAUSES);
        }
        Ok(())
    }

    /// Commits everything still pending, with a state of what the index
    /// now holds, and opens the index.
    pub fn finish(mut self) -> Result<(ClauseIndex, Summary)> {
        // Files neither kept nor replaced stay as they were: the caller did
        // not look at them (a refresh told to keep going after an error).
        let left: Vec<FileEntry> = std::mem::take(&mut self.previous).into_values().collect();
        for entry in left {
            self.files.insert(entry.path.clone(), entry);
        }
        self.commit(true)?;
        let dir = self.dir.clone();
        let summary = self.summary;
        self.writer.finish()?;
        Ok((ClauseIndex::open(&dir)?, summary))
    }

    /// The documents in listing order: by file, then by ordinal.
    fn ordered_documents(&self) -> Vec<&StoredDocument> {
        let order: std::collections::HashMap<&str, usize> = self
            .files
            .values()
            .chain(self.previous.values())
            .enumerate()
            .map(|(i, f)| (f.source.as_str(), i))
            .collect();
        let mut docs: Vec<(&u64, &StoredDocument)> = self.documents.iter().collect();
        docs.sort_by_key(|(ordinal, doc)| {
            (
                order.get(doc.record.facts.source.as_str()).copied(),
                **ordinal,
            )
        });
        docs.into_iter().map(|(_, doc)| doc).collect()
    }

    fn commit(&mut self, complete: bool) -> Result<()> {
        let documents_file = match &self.documents_file {
            Some(name) => name.clone(),
            None => {
                let name = unique_name(DOCUMENTS_PREFIX, "tsv");
                documents::write_table(
                    &self.dir.join(&name),
                    self.documents.iter().map(|(o, d)| (*o, d)),
                )?;
                name
            }
        };
        let synonyms_file = match &self.synonyms_file {
            Some(name) => name.clone(),
            None => {
                let name = unique_name(SYNONYMS_PREFIX, "tsv");
                self.synonyms().write_table(&self.dir.join(&name))?;
                name
            }
        };
        let mut files: Vec<FileEntry> = self
            .files
            .values()
            .chain(self.previous.values())
            .cloned()
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let records = || self.documents.values().map(|d| &d.record);
        let state = State {
            layout: LAYOUT_VERSION,
            accords_version: env!("CARGO_PKG_VERSION").to_string(),
            built_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            root: self.provenance.root.clone(),
            inputs: self.provenance.inputs.clone(),
            sources: self.provenance.sources.clone(),
            files,
            skipped: self.provenance.skipped.clone(),
            documents: self.documents.len(),
            clauses: records().map(|r| r.clauses).sum(),
            warnings: self.provenance.skipped.len()
                + records().map(|r| r.warnings.len()).sum::<usize>(),
            complete,
            next_ordinal: self.next_ordinal,
            documents_file: documents_file.clone(),
            synonyms_file: synonyms_file.clone(),
        };
        let state_file = unique_name(STATE_PREFIX, "json");
        state.write(&self.dir, &state_file)?;
        sync_dir(&self.dir);
        self.writer.commit(&state_file)?;
        self.pending = 0;
        let live = [state_file, documents_file, synonyms_file];
        for old in &self.committed {
            if !live.contains(old) {
                // A reader that read the old state retries with the new one.
                let _ = std::fs::remove_file(self.dir.join(old));
            }
        }
        self.documents_file = Some(live[1].clone());
        self.synonyms_file = Some(live[2].clone());
        self.committed = live.to_vec();
        Ok(())
    }

    /// The built-in synonyms with every document's abbreviations merged in,
    /// in listing order.
    fn synonyms(&self) -> Synonyms {
        let mut synonyms = Synonyms::builtin().clone();
        let mut seen: HashSet<&LearnedAbbreviation> = HashSet::new();
        let learned: Vec<Abbreviation> = self
            .ordered_documents()
            .into_iter()
            .flat_map(|doc| doc.abbreviations.iter())
            .filter(|a| seen.insert(a))
            .map(|a| Abbreviation {
                short: a.short.clone(),
                long: a.long.clone(),
            })
            .collect();
        synonyms.merge_learned(&learned);
        synonyms
    }

    /// Removes state files no commit names: leftovers of a run killed
    /// between writing its state and committing it.
    fn sweep(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_state_file(&name) && !self.committed.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A document with what the document table keeps of it: its record and
/// the abbreviations it teaches. Learning them reads the whole text and is
/// a good part of an update's work outside tantivy, so a stream of
/// documents is prepared on one thread while the update indexes the ones
/// before it on another.
pub(crate) struct PreparedDocument {
    doc: Document,
    stored: StoredDocument,
}

impl PreparedDocument {
    pub(crate) fn new(doc: Document) -> PreparedDocument {
        let stored = PreparedDocument::stored(&doc);
        PreparedDocument { doc, stored }
    }

    fn stored(doc: &Document) -> StoredDocument {
        StoredDocument {
            record: DocumentRecord::from_document(doc),
            abbreviations: documents::learn(std::slice::from_ref(doc)),
        }
    }
}

/// Removes the tantivy index in `tantivy_dir` when its fields are not the
/// ones this accords writes: an index of an older layout cannot take the
/// clauses of a rebuild, and every one of them is about to be replaced.
/// Fails with [`Error::Busy`] when another process is writing it.
fn remove_other_schema(dir: &Path, tantivy_dir: &Path) -> Result<()> {
    if !tantivy_dir.join("meta.json").is_file() {
        return Ok(());
    }
    let index = Index::open_in_dir(tantivy_dir)?;
    if index.schema() == build_schema().0 {
        return Ok(());
    }
    // Held while the files go, so no writer is cut off half-way.
    let _lock = match index.directory().acquire_lock(&INDEX_WRITER_LOCK) {
        Ok(lock) => lock,
        Err(LockError::LockBusy) => {
            return Err(Error::Busy {
                dir: dir.to_path_buf(),
            })
        }
        Err(e) => return Err(TantivyError::from(e).into()),
    };
    std::fs::remove_dir_all(tantivy_dir).map_err(|e| Error::io(tantivy_dir, e))
}

/// Opens the tantivy index in `dir`, creating it if there is none.
fn open_or_create(dir: &Path) -> Result<Index> {
    if dir.join("meta.json").is_file() {
        return Ok(Index::open_in_dir(dir)?);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (schema, _) = build_schema();
    // Every hit shown decompresses one block of stored clauses: lz4 blocks
    // of 16 KiB cost a fraction of what 64 KiB zstd blocks did (a fifth of
    // a query's time went to zstd), for a larger store.
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    match Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(dir)
    {
        Ok(index) => Ok(index),
        // Another process created it a moment ago.
        Err(_) if dir.join("meta.json").is_file() => Ok(Index::open_in_dir(dir)?),
        Err(e) => Err(e.into()),
    }
}

/// Flushes the folder's entries, so the state file named by the commit is
/// found after a crash. Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// A file name no other run picks, even one running at the same moment.
fn unique_name(prefix: &str, extension: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!(
        "{nanos}:{}:{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    format!(
        "{prefix}{:016x}.{extension}",
        xxhash_rust::xxh3::xxh3_64(seed.as_bytes())
    )
}
