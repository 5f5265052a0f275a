//! Document-level records kept beside the clause index.
//!
//! The clause index holds clauses; what belongs to a whole release (its
//! title, partner, date, warnings, the agreements it lists, the catalog
//! url) lives here, one [`DocumentRecord`] per document, in a document table
//! (`documents-<hex>.tsv`) named by the index state. A clause stores only
//! its own fields and its document's ordinal, so a document's metadata is
//! kept once however many clauses it has, and a hit looks its document up
//! in the table without reading the rest. The abbreviations each document
//! teaches ("China International Import Expo (CIIE)") are kept with it, so
//! the synonym table can be rebuilt when documents come and go.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::synonyms::learn_abbreviations;
use crate::index::table::{self, Table};
use crate::model::Document;

/// One document's metadata and warnings, as `accords docs` lists them:
/// the document without its clauses, and how many it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    #[serde(flatten)]
    pub document: Document,
    /// How many clauses the document was cut into.
    pub clauses: usize,
}

impl DocumentRecord {
    pub fn from_document(doc: &Document) -> DocumentRecord {
        // Every field but the clauses, which are most of a document's text
        // and would be copied only to be dropped.
        let Document {
            id,
            facts,
            plenary_ordinal,
            conference,
            location,
            date_source,
            declared_areas,
            areas,
            clauses,
            agreements,
            warnings,
            meeting_release,
            release_reason,
            language,
        } = doc;
        DocumentRecord {
            document: Document {
                id: id.clone(),
                facts: facts.clone(),
                plenary_ordinal: *plenary_ordinal,
                conference: conference.clone(),
                location: location.clone(),
                date_source: *date_source,
                declared_areas: *declared_areas,
                areas: areas.clone(),
                clauses: Vec::new(),
                agreements: agreements.clone(),
                warnings: warnings.clone(),
                meeting_release: *meeting_release,
                release_reason: release_reason.clone(),
                language: language.clone(),
            },
            clauses: clauses.len(),
        }
    }
}

impl std::ops::Deref for DocumentRecord {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.document
    }
}

/// A file that ingest found but did not use, kept so `accords docs` can
/// say why a file is missing from the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFile {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// An abbreviation a document defines or implies, learned at build time so
/// that a query's abbreviation finds the name the documents spell out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LearnedAbbreviation {
    pub short: String,
    pub long: String,
}

/// Every abbreviation the documents teach, each once, in document order.
pub(crate) fn learn(documents: &[Document]) -> Vec<LearnedAbbreviation> {
    let mut learned: Vec<LearnedAbbreviation> = Vec::new();
    for doc in documents {
        let mut text = doc.facts.title.clone();
        for clause in &doc.clauses {
            text.push_str("\n\n");
            text.push_str(&clause.text);
        }
        for a in learn_abbreviations(&text) {
            let a = LearnedAbbreviation {
                short: a.short,
                long: a.long,
            };
            if !learned.contains(&a) {
                learned.push(a);
            }
        }
    }
    learned
}

/// A document as the document table keeps it: its record, and the
/// abbreviations it teaches, so that the synonym table can be rebuilt when
/// other documents come and go without reading this one again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredDocument {
    pub record: DocumentRecord,
    #[serde(default)]
    pub abbreviations: Vec<LearnedAbbreviation>,
}

/// The header line of a document table.
const TABLE_HEADER: &str = "accords-documents 1";

/// The key of a document ordinal in the table: fixed-width hex, so that key
/// order is number order.
pub(crate) fn ordinal_key(ordinal: u64) -> String {
    format!("{ordinal:016x}")
}

/// Writes the document table to `path`.
pub(crate) fn write_table<'a>(
    path: &Path,
    documents: impl Iterator<Item = (u64, &'a StoredDocument)>,
) -> Result<()> {
    let mut entries = Vec::new();
    for (ordinal, doc) in documents {
        let json = serde_json::to_string(doc)
            .map_err(|e| Error::Index(format!("cannot encode document {}: {e}", doc.record.id)))?;
        entries.push((ordinal_key(ordinal), json));
    }
    table::write(path, TABLE_HEADER, entries)
}

/// A document table opened for lookups by ordinal.
#[derive(Debug)]
pub(crate) struct DocumentTable {
    table: Table,
}

impl DocumentTable {
    pub(crate) fn open(path: &Path) -> std::io::Result<DocumentTable> {
        let table = Table::open(path)?;
        if table.header() != TABLE_HEADER {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not a document table of this version",
            ));
        }
        Ok(DocumentTable { table })
    }

    fn decode(&self, json: &str) -> Result<StoredDocument> {
        serde_json::from_str(json).map_err(|e| {
            Error::Index(format!(
                "{}: unreadable document record ({e}); run `accords index --rebuild`",
                self.table.path().display()
            ))
        })
    }

    /// The document with `ordinal`.
    pub(crate) fn get(&self, ordinal: u64) -> Result<Option<StoredDocument>> {
        match self.table.get(&ordinal_key(ordinal))? {
            Some(json) => self.decode(&json).map(Some),
            None => Ok(None),
        }
    }

    /// Every document with its ordinal, in ordinal order.
    pub(crate) fn all(&self) -> Result<Vec<(u64, StoredDocument)>> {
        let mut out = Vec::new();
        for (key, json) in self.table.entries()? {
            let ordinal = u64::from_str_radix(&key, 16).map_err(|_| {
                Error::Index(format!(
                    "{}: a bad key {key:?}; run `accords index --rebuild`",
                    self.table.path().display()
                ))
            })?;
            out.push((ordinal, self.decode(&json)?));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateSource, DocumentFacts, MeetingDate, MeetingType, PartnerKind, Warning};

    fn record(id: &str) -> DocumentRecord {
        DocumentRecord {
            document: Document {
                id: id.into(),
                facts: DocumentFacts {
                    title: "Meeting".into(),
                    source: "seeds/a.txt".into(),
                    partner: Some("Guangxi".into()),
                    partner_kind: Some(PartnerKind::AutonomousRegion),
                    province: Some("Guangxi".into()),
                    meeting_types: vec![MeetingType::PlenarySession],
                    date: Some(MeetingDate {
                        year: None,
                        month: 5,
                        day: 11,
                    }),
                    url: None,
                },
                plenary_ordinal: Some(2),
                conference: None,
                location: None,
                date_source: DateSource::Text,
                declared_areas: None,
                areas: vec![],
                clauses: vec![],
                agreements: vec![],
                warnings: vec![Warning::new(Some(4), "no year")],
                meeting_release: true,
                release_reason: "a plenary session".into(),
                language: "en".into(),
            },
            clauses: 3,
        }
    }

    #[test]
    fn records_round_trip_through_the_table_with_plain_partner_kinds() {
        let json = serde_json::to_string(&record("abc")).unwrap();
        assert!(
            json.contains(r#""partner_kind":"autonomous region""#),
            "{json}"
        );
        assert!(json.contains(r#""date":"--05-11""#), "{json}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("documents.tsv");
        let docs: Vec<(u64, StoredDocument)> = [(17, "a\nb"), (3, "c")]
            .into_iter()
            .map(|(ordinal, id)| {
                let doc = StoredDocument {
                    record: record(id),
                    abbreviations: vec![LearnedAbbreviation {
                        short: "GX".into(),
                        long: "Guangxi".into(),
                    }],
                };
                (ordinal, doc)
            })
            .collect();
        write_table(&path, docs.iter().map(|(o, d)| (*o, d))).unwrap();
        let table = DocumentTable::open(&path).unwrap();
        assert_eq!(table.get(17).unwrap().as_ref(), Some(&docs[0].1));
        assert_eq!(table.get(4).unwrap(), None);
        let all = table.all().unwrap();
        assert_eq!(all.iter().map(|(o, _)| *o).collect::<Vec<_>>(), [3, 17]);
        assert_eq!(all[1].1, docs[0].1);
    }
}
