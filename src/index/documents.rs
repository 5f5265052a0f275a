//! Document-level records kept beside the clause index.
//!
//! The clause index holds clauses; what belongs to a whole release (its
//! warnings, the agreements it lists, the conference, the catalog url) lives
//! here, one [`DocumentRecord`] per document, written as `documents.json`
//! into the same generation folder as the tantivy files. Keeping it in that
//! folder means it is swapped in and out with the clauses it describes, so
//! the two can never disagree; keeping it out of the tantivy documents means
//! a clause hit does not drag its release's metadata along, and `accords
//! docs` reads one small file instead of scanning every clause. The
//! abbreviations the documents teach ("China International Import Expo
//! (CIIE)") are kept the same way, in `abbreviations.json`, for query
//! expansion.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::synonyms::learn_abbreviations;
use crate::model::{
    AreaSection, DateSource, Document, MeetingDate, MeetingType, PartnerKind, Warning,
};

/// The file holding the document records, inside a generation folder.
pub(crate) const DOCUMENTS_FILE: &str = "documents.json";

/// One document's metadata and warnings, as `accords docs` lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: String,
    /// The source file as given to ingest.
    pub source: String,
    pub title: String,
    pub partner: Option<String>,
    pub partner_kind: Option<PartnerKind>,
    pub meeting_types: Vec<MeetingType>,
    pub plenary_ordinal: Option<u32>,
    pub conference: Option<String>,
    pub location: Option<String>,
    pub date: Option<MeetingDate>,
    pub date_source: DateSource,
    pub url: Option<String>,
    pub declared_areas: Option<usize>,
    pub areas: Vec<AreaSection>,
    pub agreements: Vec<String>,
    /// How many clauses the document was cut into.
    pub clauses: usize,
    pub warnings: Vec<Warning>,
}

impl DocumentRecord {
    pub fn from_document(doc: &Document) -> DocumentRecord {
        DocumentRecord {
            id: doc.id.clone(),
            source: doc.file.clone(),
            title: doc.title.clone(),
            partner: doc.partner.clone(),
            partner_kind: doc.partner_kind,
            meeting_types: doc.meeting_types.clone(),
            plenary_ordinal: doc.plenary_ordinal,
            conference: doc.conference.clone(),
            location: doc.location.clone(),
            date: doc.date,
            date_source: doc.date_source,
            url: doc.url.clone(),
            declared_areas: doc.declared_areas,
            areas: doc.areas.clone(),
            agreements: doc.agreements.clone(),
            clauses: doc.clauses.len(),
            warnings: doc.warnings.clone(),
        }
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

/// The file holding the abbreviations learned from the documents.
pub(crate) const ABBREVIATIONS_FILE: &str = "abbreviations.json";

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
        let mut text = doc.title.clone();
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

pub(crate) fn write_abbreviations(dir: &Path, learned: &[LearnedAbbreviation]) -> Result<()> {
    let path = dir.join(ABBREVIATIONS_FILE);
    let json = serde_json::to_vec_pretty(learned)
        .map_err(|e| Error::Index(format!("cannot encode abbreviations: {e}")))?;
    std::fs::write(&path, json).map_err(|e| Error::io(path, e))
}

pub(crate) fn read_abbreviations(dir: &Path) -> Result<Vec<LearnedAbbreviation>> {
    let path = dir.join(ABBREVIATIONS_FILE);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::Index(format!(
            "{}: unreadable abbreviations ({e}); rebuild with `accords index`",
            path.display()
        ))
    })
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DocumentsFile {
    pub documents: Vec<DocumentRecord>,
    pub skipped: Vec<SkippedFile>,
}

impl DocumentsFile {
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(DOCUMENTS_FILE);
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Index(format!("cannot encode document records: {e}")))?;
        std::fs::write(&path, json).map_err(|e| Error::io(path, e))
    }

    pub(crate) fn read(dir: &Path) -> Result<DocumentsFile> {
        let path = dir.join(DOCUMENTS_FILE);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::Index(format!(
                "{}: unreadable document records ({e}); rebuild with `accords index`",
                path.display()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_json_with_plain_partner_kinds() {
        let file = DocumentsFile {
            documents: vec![DocumentRecord {
                id: "abc".into(),
                source: "seeds/a.txt".into(),
                title: "Meeting".into(),
                partner: Some("Guangxi".into()),
                partner_kind: Some(PartnerKind::AutonomousRegion),
                meeting_types: vec![MeetingType::PlenarySession],
                plenary_ordinal: Some(2),
                conference: None,
                location: None,
                date: Some(MeetingDate {
                    year: None,
                    month: 5,
                    day: 11,
                }),
                date_source: DateSource::Text,
                url: None,
                declared_areas: None,
                areas: vec![],
                agreements: vec![],
                clauses: 3,
                warnings: vec![Warning::new(Some(4), "no year")],
            }],
            skipped: vec![],
        };
        let json = serde_json::to_string(&file).unwrap();
        assert!(
            json.contains(r#""partner_kind":"autonomous region""#),
            "{json}"
        );
        assert!(json.contains(r#""date":"--05-11""#), "{json}");
        let back: DocumentsFile = serde_json::from_str(&json).unwrap();
        assert_eq!(back.documents, file.documents);
    }
}
