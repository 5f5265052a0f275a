//! The clause index: documents in, a searchable tantivy index on disk out.
//!
//! This module owns the index folder. [`ClauseIndex::build`] writes every
//! clause of a set of [`Document`]s as one index document, laid out by
//! [`schema`] (the only place that names fields) and analysed by
//! [`analysis`]; [`ClauseIndex::open`] opens what a build left. Searching is
//! [`crate::search`]'s business, and reading source files is ingest's: this
//! module never reads a press release.
//!
//! # On disk
//!
//! ```text
//! index/
//!   README.md             optional, left alone (the bundled index/ has one)
//!   manifest.json         the live generation, the sources and their sizes and times
//!   clauses-<hex>/        one generation: tantivy's files, documents.json
//!                         and abbreviations.json
//! ```
//!
//! A build writes a new generation into a temporary folder inside the index
//! folder, moves it to its final name, then replaces `manifest.json`
//! atomically; only then is the old generation deleted. A build that fails
//! at any point leaves the previous index untouched and readable. Keeping
//! generations inside the index folder, rather than renaming the folder
//! itself, lets the folder hold files of its own (the bundled README).

mod documents;
mod manifest;
mod writer;

pub mod analysis;
pub mod schema;
pub mod synonyms;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::error::{Error, Result};
use crate::model::Document;

pub use documents::{DocumentRecord, LearnedAbbreviation, SkippedFile};
pub use manifest::{resolve, Manifest, SourceFile};
pub use schema::{FacetField, StoredClause, TextField, SCHEMA_VERSION};

pub(crate) use writer::day_start;

use documents::DocumentsFile;
use manifest::MANIFEST_FILE;
use schema::Fields;
use synonyms::{Abbreviation, Synonyms};

/// Prefix of generation folders.
const GENERATION_PREFIX: &str = "clauses-";
/// Prefix of the temporary folder a build writes into.
const BUILD_PREFIX: &str = ".build-";

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
    generation: PathBuf,
    manifest: Manifest,
    reader: IndexReader,
    fields: Fields,
    /// The built-in synonym groups and the abbreviations the documents
    /// taught, for query expansion.
    synonyms: Synonyms,
}

impl std::fmt::Debug for ClauseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClauseIndex")
            .field("dir", &self.dir)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

impl ClauseIndex {
    /// Reads the manifest of the index in `dir`. `None` means there is no
    /// index there: the folder is missing, empty, or holds only a README.
    pub fn manifest(dir: &Path) -> Result<Option<Manifest>> {
        Manifest::read(dir)
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<ClauseIndex> {
        let manifest = Manifest::read(dir)?.ok_or_else(|| {
            Error::Usage(format!(
                "there is no index in {}; build one with `accords index PATH... --index {}`",
                dir.display(),
                dir.display()
            ))
        })?;
        if manifest.schema_version != SCHEMA_VERSION {
            return Err(Error::Index(format!(
                "{} was built by accords {} in an older layout; rebuild it with `accords index`",
                dir.display(),
                manifest.accords_version
            )));
        }
        let generation = dir.join(&manifest.generation);
        let index = Index::open_in_dir(&generation).map_err(|e| {
            Error::Index(format!(
                "cannot open {}: {e}; rebuild it with `accords index`",
                generation.display()
            ))
        })?;
        analysis::register(index.tokenizers());
        let fields = Fields::from_schema(&index.schema())?;
        let mut synonyms = Synonyms::builtin().clone();
        let learned: Vec<Abbreviation> = documents::read_abbreviations(&generation)?
            .into_iter()
            .map(|a| Abbreviation {
                short: a.short,
                long: a.long,
            })
            .collect();
        synonyms.merge_learned(&learned);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(ClauseIndex {
            dir: dir.to_path_buf(),
            generation,
            manifest,
            reader,
            fields,
            synonyms,
        })
    }

    /// Builds an index of every clause of `documents` in `dir`, replacing
    /// any index there, and opens it. `dir` is created if need be; it must
    /// not hold files other than an index's (a README is fine).
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
    /// larger than memory can be indexed: only each document's summary is
    /// kept until the end.
    pub fn build_streaming(
        dir: &Path,
        next: &mut dyn FnMut() -> Result<Option<Document>>,
        provenance: &Provenance,
    ) -> Result<ClauseIndex> {
        prepare_folder(dir)?;
        let previous = Manifest::read(dir).ok().flatten();

        let staging = tempfile::Builder::new()
            .prefix(BUILD_PREFIX)
            .tempdir_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        let mut writer = writer::ClauseWriter::create(staging.path())?;
        let mut records = DocumentsFile {
            documents: Vec::new(),
            skipped: provenance.skipped.clone(),
        };
        let mut learned: Vec<documents::LearnedAbbreviation> = Vec::new();
        // A set beside the list: a large corpus teaches many thousands of
        // abbreviations, and searching the list for each was quadratic.
        let mut seen: HashSet<documents::LearnedAbbreviation> = HashSet::new();
        let mut warnings = provenance.skipped.len();
        while let Some(doc) = next()? {
            writer.add(&doc)?;
            for a in documents::learn(std::slice::from_ref(&doc)) {
                if seen.insert(a.clone()) {
                    learned.push(a);
                }
            }
            warnings += doc.warnings.len();
            records.documents.push(DocumentRecord::from_document(&doc));
        }
        let clauses = writer.finish()?;
        records.write(staging.path())?;
        documents::write_abbreviations(staging.path(), &learned)?;
        let documents = &records.documents;

        let generation = generation_name(documents.len(), clauses);
        let final_path = dir.join(&generation);
        let staged = staging.keep();
        if let Err(e) = std::fs::rename(&staged, &final_path) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(final_path, e));
        }

        let manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            accords_version: env!("CARGO_PKG_VERSION").to_string(),
            generation,
            built_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            root: provenance.root.clone(),
            inputs: provenance.inputs.clone(),
            sources: provenance.sources.clone(),
            documents: documents.len(),
            clauses,
            warnings,
        };
        if let Err(e) = manifest.write(dir) {
            let _ = std::fs::remove_dir_all(&final_path);
            return Err(e);
        }
        if let Some(previous) = previous {
            if previous.generation != manifest.generation
                && previous.generation.starts_with(GENERATION_PREFIX)
            {
                // Best effort: a reader may still hold the old files open, and
                // on Unix it keeps reading them after the unlink.
                let _ = std::fs::remove_dir_all(dir.join(&previous.generation));
            }
        }
        sweep(dir, &manifest.generation);
        ClauseIndex::open(dir)
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the index was built from.
    pub fn info(&self) -> &Manifest {
        &self.manifest
    }

    /// Number of clauses in the index.
    pub fn clause_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Every document's metadata and warnings, in build order, and the files
    /// the build skipped.
    pub fn documents(&self) -> Result<(Vec<DocumentRecord>, Vec<SkippedFile>)> {
        let file = DocumentsFile::read(&self.generation)?;
        Ok((file.documents, file.skipped))
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

    /// Reads a clause's stored record and text.
    pub(crate) fn load_clause(
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
        let record: StoredClause = serde_json::from_str(record)
            .map_err(|e| Error::Index(format!("unreadable clause record: {e}")))?;
        Ok((record, text))
    }
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
            return Err(Error::Usage(format!(
                "{} is not an index folder: it holds {name:?}; \
                 name an empty or new folder with --index",
                dir.display()
            )));
        }
    }
    Ok(())
}

fn belongs_in_index_folder(name: &str) -> bool {
    name.eq_ignore_ascii_case("README.md")
        || name == MANIFEST_FILE
        || name.starts_with(GENERATION_PREFIX)
        || name.starts_with(BUILD_PREFIX)
        || name.starts_with(".manifest-")
}

/// How long a generation that is not live, or a build folder, may stay
/// before a later build removes it. Builds that ran at the same time each
/// leave a generation; a killed build leaves its staging folder. Neither is
/// touched while it may still be in use.
const LEFTOVER_AGE: Duration = Duration::from_secs(3600);

/// Removes leftovers of concurrent or interrupted builds.
fn sweep(dir: &Path, live: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let leftover =
            (name.starts_with(GENERATION_PREFIX) && name != live) || name.starts_with(BUILD_PREFIX);
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > LEFTOVER_AGE);
        if leftover && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A name no other build picks, even one running at the same moment.
fn generation_name(documents: usize, clauses: usize) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{nanos}:{}:{documents}:{clauses}", std::process::id());
    format!(
        "{GENERATION_PREFIX}{:016x}",
        xxhash_rust::xxh3::xxh3_64(seed.as_bytes())
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Clause, ClauseKind, DateSource, MeetingDate, MeetingType, PartnerKind};

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
                file: format!("seeds/{id}.txt"),
                title: format!("Meeting of Hong Kong and {partner}"),
                partner: Some(partner.into()),
                partner_kind: Some(kind),
                meeting_types: vec![MeetingType::PlenarySession],
                plenary_ordinal: None,
                conference: None,
                location: None,
                date,
                date_source: DateSource::Footer,
                url: None,
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
    fn rebuilding_replaces_the_generation_and_keeps_the_readme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "keep me").unwrap();
        let docs = sample_documents();
        let first = ClauseIndex::build(dir.path(), &docs, &Provenance::default()).unwrap();
        let first_generation = first.info().generation.clone();
        let second = ClauseIndex::build(dir.path(), &docs[..1], &Provenance::default()).unwrap();
        assert_ne!(second.info().generation, first_generation);
        assert_eq!(second.clause_count(), 4);
        let names = folder_names(dir.path());
        let mut expected = vec![
            "README.md".to_string(),
            "manifest.json".to_string(),
            second.info().generation.clone(),
        ];
        expected.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn old_leftovers_of_other_builds_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let index =
            ClauseIndex::build(dir.path(), &sample_documents(), &Provenance::default()).unwrap();
        let live = index.info().generation.clone();
        let age = |name: &str, seconds: u64| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(&path).unwrap();
            let when = SystemTime::now() - Duration::from_secs(seconds);
            std::fs::File::open(&path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        };
        age("clauses-old", 2 * 3600);
        age(".build-crashed", 2 * 3600);
        age("clauses-concurrent", 10);
        age(&live, 2 * 3600);
        sweep(dir.path(), &live);
        let names = folder_names(dir.path());
        let mut expected = vec![
            "clauses-concurrent".to_string(),
            live,
            "manifest.json".into(),
        ];
        expected.sort();
        assert_eq!(names, expected);
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
