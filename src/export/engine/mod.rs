//! Exports for a distributed search engine: the clauses of an index and
//! accords' search behaviour, written as files OpenSearch, Elasticsearch 8
//! or Quickwit load, so a cluster finds what accords finds.
//!
//! This module owns what every target shares: the flat clause record each
//! engine indexes ([`EngineRecord`]), the rules of accords' analyzer turned
//! into data ([`rules`]), the splitting of the records into request bodies
//! under a size limit, and the manifest of exported documents that lets a
//! second export write only what changed. `elastic.rs` (OpenSearch and
//! Elasticsearch) and `quickwit.rs` write their engine's own files from
//! these. The records are read through [`Engine::search`], so the same
//! filters as `accords search` choose them; no file here touches tantivy.
//!
//! What each file holds, and what the engines can and cannot reproduce, is
//! written up in `docs/scale-out.md`.

mod elastic;
mod quickwit;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::{ClauseView, MEETING_RELEASE, OTHER_RELEASE};
use crate::search::SearchRequest;

pub use self::rules::RuleSet;

/// The engines accords exports for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    OpenSearch,
    Elasticsearch,
    Quickwit,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::OpenSearch => "opensearch",
            Target::Elasticsearch => "elasticsearch",
            Target::Quickwit => "quickwit",
        }
    }
}

/// Request bodies stay under this many bytes unless told otherwise: the
/// default `http.max_content_length` of OpenSearch and Elasticsearch is
/// 100 MB, Quickwit's ingest API takes 10 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10_000_000;

/// The file in the output folder that lists what was exported.
pub const MANIFEST_FILE: &str = "manifest.json";

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub target: Target,
    /// The index the cluster keeps the clauses in.
    pub index_name: String,
    /// The largest data file written, in bytes.
    pub max_file_bytes: u64,
    /// Rule sets written into the index settings instead of referenced as
    /// files in the engine's config folder (for clusters whose nodes'
    /// files cannot be reached, such as managed services).
    pub inline_rules: bool,
    /// A manifest of an earlier export: only documents changed since are
    /// written, with deletes for clauses that are gone.
    pub changed_since: Option<PathBuf>,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// Every file written, relative to the output folder.
    pub files: Vec<PathBuf>,
    /// The data files among them, in load order.
    pub data_files: Vec<PathBuf>,
    /// Clauses written to the data files.
    pub clauses: usize,
    /// Documents the clauses belong to.
    pub documents: usize,
    /// Documents left out because the earlier export holds them unchanged.
    pub unchanged_documents: usize,
    /// Clause ids deleted: clauses of changed documents that are gone, and
    /// every clause of removed documents.
    pub deleted_clauses: usize,
    /// Documents the earlier export held that are gone.
    pub removed_documents: usize,
}

/// One clause as the engines index it: the clause, its document's facts and
/// the document kind, flat. Field names are those of `accords search
/// --format json`; an absent value is left out.
///
/// `date` is the full meeting date (`YYYY-MM-DD`), which engines index as a
/// date; `meeting_date` is the date as accords writes it, which may lack
/// its year (`--05-11`). `_id` in the engine is `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineRecord {
    pub id: String,
    pub doc_id: String,
    pub kind: String,
    pub position: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_heading: Option<String>,
    pub areas: Vec<String>,
    pub inferred: bool,
    pub title: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    pub meeting_types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// "meeting release" or "other release", as the `document-kind` filter
    /// names them.
    pub document_kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub citation: String,
}

impl EngineRecord {
    pub fn new(view: &ClauseView, meeting_release: bool) -> EngineRecord {
        let (clause, facts) = (&view.clause, &view.document);
        EngineRecord {
            id: clause.id.clone(),
            doc_id: clause.doc_id.clone(),
            kind: clause.kind.as_str().to_string(),
            position: clause.position,
            text: clause.text.clone(),
            area_heading: clause.area_heading.clone(),
            areas: clause.areas.clone(),
            inferred: clause.inferred,
            title: facts.title.clone(),
            source: facts.source.clone(),
            partner: facts.partner.clone(),
            partner_kind: facts.partner_kind.map(|kind| kind.as_str().to_string()),
            province: facts.province.clone(),
            meeting_types: facts
                .meeting_types
                .iter()
                .map(|meeting| meeting.as_str().to_string())
                .collect(),
            date: facts
                .date
                .filter(|date| date.year.is_some())
                .map(|date| date.to_string()),
            meeting_date: facts.date.map(|date| date.to_string()),
            year: facts.date.and_then(|date| date.year),
            document_kind: if meeting_release {
                MEETING_RELEASE
            } else {
                OTHER_RELEASE
            }
            .to_string(),
            url: facts.url.clone(),
            citation: view.citation.clone(),
        }
    }
}

/// The manifest an export leaves in its folder: each exported document's
/// fingerprint and clause ids, so that the next export with
/// `changed_since` writes only what differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub target: String,
    pub index_name: String,
    pub documents: BTreeMap<String, ManifestEntry>,
}

/// One exported document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// The source file the document came from.
    pub source: String,
    /// The index's fingerprint of that file's text and catalog entry
    /// (hex), as `accords index` keeps it to find changed releases.
    pub source_fingerprint: String,
    /// A hash (hex) of the document's exported records: any change in what
    /// the engine would hold, a re-parse by a newer accords included.
    pub records_fingerprint: String,
    pub clauses: Vec<String>,
}

const MANIFEST_FORMAT: u32 = 1;

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| Error::BadFile {
            path: path.to_path_buf(),
            message: format!(
                "not a manifest of `accords export-engine` ({e}); export without --changed-since for a full export"
            ),
        })?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(Error::BadFile {
                path: path.to_path_buf(),
                message: format!(
                    "manifest format {} is not {MANIFEST_FORMAT}; export without --changed-since for a full export",
                    manifest.format
                ),
            });
        }
        Ok(manifest)
    }
}

/// One document's records, as they will be written.
struct DocumentLines {
    source: String,
    /// (clause id, source line) in clause order.
    lines: Vec<(String, String)>,
}

/// A change for the engine, one data file entry.
pub(crate) enum Action<'a> {
    /// Index (create or replace) the clause with this id.
    Index { id: &'a str, source: &'a str },
    /// Delete the clause with this id.
    Delete { id: &'a str },
}

/// The records of every clause `request` admits (every kind unless the
/// request names kinds; every clause, not a page), in index order.
pub fn records(engine: &Engine, request: &SearchRequest) -> Result<Vec<EngineRecord>> {
    let mut request = request.clone();
    request.query = String::new();
    request.limit = None;
    request.offset = 0;
    request.facets = false;
    request.explain = false;
    if request.kind.is_empty() {
        request.kind = vec!["all".to_string()];
    }
    let results = engine.search(&request)?;
    let (documents, _) = engine.snapshot().documents()?;
    let meeting: HashMap<&str, bool> = documents
        .iter()
        .map(|record| (record.document.id.as_str(), record.document.meeting_release))
        .collect();
    Ok(results
        .hits
        .iter()
        .map(|hit| {
            let release = meeting.get(hit.clause.doc_id.as_str()).copied();
            EngineRecord::new(&hit.view, release.unwrap_or(false))
        })
        .collect())
}

/// Writes the export for `options.target` into `dir`: the engine's index
/// settings, search template and load script, the rule files, the data
/// files and the manifest.
pub fn export(
    engine: &Engine,
    request: &SearchRequest,
    options: &ExportOptions,
    dir: &Path,
) -> Result<ExportReport> {
    if options.max_file_bytes == 0 {
        return Err(Error::BadRequest(
            "the file size limit must be above 0 bytes".to_string(),
        ));
    }
    check_index_name(&options.index_name, options.target)?;
    let previous = options
        .changed_since
        .as_deref()
        .map(Manifest::read)
        .transpose()?;
    if let Some(previous) = &previous {
        if previous.index_name != options.index_name || previous.target != options.target.name() {
            return Err(Error::BadRequest(format!(
                "the earlier export was for {} index {:?}, not {} index {:?}; give the same --to and --index-name, or export without --changed-since",
                previous.target,
                previous.index_name,
                options.target.name(),
                options.index_name
            )));
        }
    }

    let records = records(engine, request)?;
    let rules = RuleSet::of_index(engine, &records)?;
    let snapshot = engine.snapshot();
    let source_fingerprints: HashMap<&str, String> = snapshot
        .info()
        .files
        .iter()
        .map(|file| {
            (
                file.source.as_str(),
                format!("{:016x}{:016x}", file.text_hash, file.catalog_hash),
            )
        })
        .collect();

    // Each document's lines, in the order the index gives them.
    let mut order: Vec<String> = Vec::new();
    let mut documents: HashMap<String, DocumentLines> = HashMap::new();
    for record in &records {
        let line = serde_json::to_string(record)
            .map_err(|e| Error::Index(format!("clause {}: {e}", record.id)))?;
        let entry = documents.entry(record.doc_id.clone()).or_insert_with(|| {
            order.push(record.doc_id.clone());
            DocumentLines {
                source: record.source.clone(),
                lines: Vec::new(),
            }
        });
        entry.lines.push((record.id.clone(), line));
    }

    let mut manifest = Manifest {
        format: MANIFEST_FORMAT,
        target: options.target.name().to_string(),
        index_name: options.index_name.clone(),
        documents: BTreeMap::new(),
    };
    let mut report = ExportReport::default();
    let mut actions: Vec<Action> = Vec::new();
    let mut deleted_docs: Vec<String> = Vec::new();
    let mut changed_docs: Vec<String> = Vec::new();
    for doc_id in &order {
        let doc = &documents[doc_id];
        let mut hashed = Vec::new();
        for (_, line) in &doc.lines {
            hashed.extend_from_slice(line.as_bytes());
            hashed.push(b'\n');
        }
        let entry = ManifestEntry {
            source: doc.source.clone(),
            source_fingerprint: source_fingerprints
                .get(doc.source.as_str())
                .cloned()
                .unwrap_or_default(),
            records_fingerprint: format!("{:016x}", xxh3_64(&hashed)),
            clauses: doc.lines.iter().map(|(id, _)| id.clone()).collect(),
        };
        let earlier = previous.as_ref().and_then(|p| p.documents.get(doc_id));
        if earlier.is_some_and(|e| e.records_fingerprint == entry.records_fingerprint) {
            report.unchanged_documents += 1;
        } else {
            if let Some(earlier) = earlier {
                let now: BTreeSet<&String> = entry.clauses.iter().collect();
                for id in earlier.clauses.iter().filter(|id| !now.contains(id)) {
                    actions.push(Action::Delete { id });
                    report.deleted_clauses += 1;
                }
                changed_docs.push(doc_id.clone());
            }
            for (id, line) in &doc.lines {
                actions.push(Action::Index { id, source: line });
                report.clauses += 1;
            }
            report.documents += 1;
        }
        manifest.documents.insert(doc_id.clone(), entry);
    }
    if let Some(previous) = &previous {
        for (doc_id, earlier) in &previous.documents {
            if !documents.contains_key(doc_id) {
                report.removed_documents += 1;
                deleted_docs.push(doc_id.clone());
                for id in &earlier.clauses {
                    actions.push(Action::Delete { id });
                    report.deleted_clauses += 1;
                }
            }
        }
    }

    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let written = Written {
        dir,
        options,
        rules: &rules,
        incremental: previous.is_some(),
    };
    let files = match options.target {
        Target::OpenSearch | Target::Elasticsearch => elastic::write(&written, &actions)?,
        Target::Quickwit => {
            // Quickwit replaces nothing by id: a changed document's old
            // clauses go by a delete task on its id before the new ones
            // are ingested.
            let mut replaced = changed_docs;
            replaced.extend(deleted_docs);
            quickwit::write(&written, &actions, &replaced)?
        }
    };
    report.files = files.all;
    report.data_files = files.data;

    let manifest_path = dir.join(MANIFEST_FILE);
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Index(format!("manifest: {e}")))?;
    write_file(&manifest_path, &json)?;
    report.files.push(PathBuf::from(MANIFEST_FILE));
    Ok(report)
}

/// What the target writers share.
pub(crate) struct Written<'a> {
    pub dir: &'a Path,
    pub options: &'a ExportOptions,
    pub rules: &'a RuleSet,
    /// Whether this export holds only changes since an earlier one.
    pub incremental: bool,
}

/// The files a target wrote, relative to the output folder.
pub(crate) struct Files {
    pub all: Vec<PathBuf>,
    pub data: Vec<PathBuf>,
}

/// Index names every target accepts: lowercase letters, digits, `-` and
/// `_`, starting with a letter (OpenSearch refuses capitals and a leading
/// `-` or `_`; Quickwit wants a letter first).
fn check_index_name(name: &str, target: Target) -> Result<()> {
    let valid = name.len() <= 100
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Error::BadRequest(format!(
            "index name {name:?} is not one {} accepts: use lowercase letters, digits, - and _, starting with a letter (e.g. accords)",
            target.name()
        )))
    }
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Writes `entries` (each one or more whole lines) into numbered files
/// `folder/0001.ndjson`, ... so no file exceeds `max_bytes`, after removing
/// the numbered files an earlier export left there. An entry larger than
/// the limit is refused with its clause id. Returns the files written,
/// relative to `dir`.
pub(crate) fn write_split(
    dir: &Path,
    folder: &str,
    entries: &[(String, &str)],
    max_bytes: u64,
) -> Result<Vec<PathBuf>> {
    let folder_path = dir.join(folder);
    std::fs::create_dir_all(&folder_path).map_err(|e| Error::io(&folder_path, e))?;
    remove_numbered(&folder_path)?;
    let mut files = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let flush = |current: &mut Vec<u8>, files: &mut Vec<PathBuf>| -> Result<()> {
        if current.is_empty() {
            return Ok(());
        }
        let name = PathBuf::from(folder).join(format!("{:04}.ndjson", files.len() + 1));
        write_file(&dir.join(&name), current)?;
        files.push(name);
        current.clear();
        Ok(())
    };
    for (entry, id) in entries {
        let size = entry.len() as u64;
        if size > max_bytes {
            return Err(Error::BadRequest(format!(
                "clause {id} takes {size} bytes in a data file, more than the limit of {max_bytes}; raise --max-file-bytes"
            )));
        }
        if current.len() as u64 + size > max_bytes {
            flush(&mut current, &mut files)?;
        }
        current
            .write_all(entry.as_bytes())
            .map_err(|e| Error::io(&folder_path, e))?;
    }
    flush(&mut current, &mut files)?;
    Ok(files)
}

/// Removes `NNNN.ndjson` files, which only an export writes, so a smaller
/// export leaves no stale data file behind for the load script.
fn remove_numbered(folder: &Path) -> Result<()> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let numbered = name
            .strip_suffix(".ndjson")
            .is_some_and(|stem| !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit()));
        if numbered {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}
