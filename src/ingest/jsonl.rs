//! Clause records in, [`Document`]s out: the reader for text that another
//! tool has already cut into clauses.
//!
//! Each line is one JSON object with the field names of a search hit:
//! `id` and `text` are required; `partner`, `areas`, `date`,
//! `meeting_types`, `kind`, `title`, `doc_id`, `source` and `area_heading`
//! are optional. Consecutive records with the same `doc_id` form one
//! document (a record without one is a document of its own), so the file
//! streams: only one document is held at a time, whatever the file's size.
//!
//! A line that is not such an object is reported with its line number and
//! skipped; the rest still ingests. Values the model has no word for (an
//! unknown meeting type or kind, a malformed date) are warnings on the
//! document, not reasons to drop the clause.

use std::io::BufRead;

use serde::Deserialize;

use crate::model::{
    Clause, ClauseKind, DateSource, Document, DocumentFacts, MeetingDate, MeetingType, Warning,
};

use super::{partner_kind, partner_province};

#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    text: String,
    #[serde(default)]
    partner: Option<String>,
    #[serde(default)]
    areas: Vec<String>,
    #[serde(default)]
    area_heading: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    meeting_types: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    doc_id: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// A line that could not be read as a clause record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

/// Reads documents from clause records, one at a time.
pub struct JsonlReader<R> {
    input: R,
    /// Shown as a document's source when its records name none.
    name: String,
    line: usize,
    buffer: Vec<u8>,
    pending: Option<Document>,
    /// Lines skipped so far.
    pub bad_lines: Vec<BadLine>,
    /// Bytes read so far, for progress reports.
    pub bytes_read: u64,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R, name: &str) -> JsonlReader<R> {
        JsonlReader {
            input,
            name: name.to_string(),
            line: 0,
            buffer: Vec::new(),
            pending: None,
            bad_lines: Vec::new(),
            bytes_read: 0,
            done: false,
        }
    }

    /// The next document, or `None` at the end of the input. An I/O error
    /// ends the input.
    pub fn next_document(&mut self) -> std::io::Result<Option<Document>> {
        while !self.done {
            self.buffer.clear();
            // Read bytes, not a String: a line that is not UTF-8 is then
            // consumed whole and only that line is lost.
            let n = self.input.read_until(b'\n', &mut self.buffer)?;
            if n == 0 {
                self.done = true;
                break;
            }
            self.bytes_read += n as u64;
            self.line += 1;
            let Ok(line) = std::str::from_utf8(&self.buffer) else {
                self.bad_lines.push(BadLine {
                    line: self.line,
                    message: "not UTF-8".to_string(),
                });
                continue;
            };
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let record: Record = match serde_json::from_str(line) {
                Ok(r) => r,
                Err(e) => {
                    self.bad_lines.push(BadLine {
                        line: self.line,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if record.id.trim().is_empty() {
                self.bad_lines.push(BadLine {
                    line: self.line,
                    message: "the record's \"id\" is empty".to_string(),
                });
                continue;
            }
            let doc_id = record.doc_id.clone().unwrap_or_else(|| record.id.clone());
            let same = self.pending.as_ref().is_some_and(|d| d.id == doc_id);
            let finished = if same { None } else { self.pending.take() };
            let line = self.line;
            let doc = self
                .pending
                .get_or_insert_with(|| new_document(&doc_id, &record, &self.name, line));
            add_clause(doc, record, line);
            if finished.is_some() {
                return Ok(finished);
            }
        }
        Ok(self.pending.take())
    }
}

fn new_document(doc_id: &str, record: &Record, name: &str, line: usize) -> Document {
    let mut warnings = Vec::new();
    let date = record.date.as_deref().and_then(|d| {
        let parsed = MeetingDate::parse(d);
        if parsed.is_none() {
            warnings.push(Warning {
                line: Some(line),
                message: format!("unreadable date {d:?}; expected YYYY-MM-DD"),
            });
        }
        parsed
    });
    let mut meeting_types = Vec::new();
    for t in &record.meeting_types {
        match MeetingType::parse(t) {
            Some(t) if !meeting_types.contains(&t) => meeting_types.push(t),
            Some(_) => {}
            None => warnings.push(Warning {
                line: Some(line),
                message: format!("unknown meeting type {t:?}"),
            }),
        }
    }
    let partner = record.partner.clone().filter(|p| !p.trim().is_empty());
    Document {
        id: doc_id.to_string(),
        facts: DocumentFacts {
            title: record.title.clone().unwrap_or_default(),
            source: record.source.clone().unwrap_or_else(|| name.to_string()),
            province: partner.as_deref().and_then(partner_province),
            partner_kind: partner.as_deref().and_then(partner_kind),
            partner,
            meeting_types,
            date,
            url: None,
        },
        plenary_ordinal: None,
        conference: None,
        location: None,
        // The date came from beside the text, as a catalog's would.
        date_source: if date.is_some() {
            DateSource::Catalog
        } else {
            DateSource::None
        },
        declared_areas: None,
        areas: Vec::new(),
        clauses: Vec::new(),
        agreements: Vec::new(),
        warnings,
        // Clause records come from meetings' documents by construction.
        meeting_release: true,
        release_reason: "clause records given as JSON lines".into(),
        language: "en".into(),
    }
}

fn add_clause(doc: &mut Document, record: Record, line: usize) {
    // Records without a kind are commitments: that is what clause lists
    // from elsewhere hold, and what searches show by default.
    let kind = match record.kind.as_deref() {
        None => ClauseKind::Commitment,
        Some(k) => ClauseKind::parse(k).unwrap_or_else(|| {
            doc.warnings.push(Warning {
                line: Some(line),
                message: format!("unknown clause kind {k:?}; read as a commitment"),
            });
            ClauseKind::Commitment
        }),
    };
    if kind == ClauseKind::Agreement {
        doc.agreements.push(record.text.clone());
    }
    doc.clauses.push(Clause {
        id: record.id,
        doc_id: doc.id.clone(),
        kind,
        area_heading: record.area_heading,
        areas: record.areas,
        inferred: false,
        position: doc.clauses.len(),
        text: record.text,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> (Vec<Document>, Vec<BadLine>) {
        let mut reader = JsonlReader::new(input.as_bytes(), "-");
        let mut docs = Vec::new();
        while let Some(doc) = reader.next_document().unwrap() {
            docs.push(doc);
        }
        (docs, reader.bad_lines)
    }

    #[test]
    fn consecutive_records_of_a_document_are_grouped() {
        let input = r#"{"id":"a-0","doc_id":"a","text":"One.","partner":"Beijing","date":"2023-11-29","meeting_types":["plenary session"],"kind":"commitment","areas":["Finance"],"title":"T"}
{"id":"a-1","doc_id":"a","text":"Two.","kind":"agreement"}

{"id":"b-0","text":"Three."}
"#;
        let (docs, bad) = read_all(input);
        assert!(bad.is_empty());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].facts.partner.as_deref(), Some("Beijing"));
        assert_eq!(docs[0].facts.date, Some(MeetingDate::full(2023, 11, 29)));
        assert_eq!(docs[0].facts.meeting_types, [MeetingType::PlenarySession]);
        assert_eq!(docs[0].clauses.len(), 2);
        assert_eq!(docs[0].clauses[1].kind, ClauseKind::Agreement);
        assert_eq!(docs[0].clauses[1].position, 1);
        assert_eq!(docs[0].agreements, ["Two."]);
        assert_eq!(docs[1].id, "b-0");
        assert_eq!(docs[1].facts.source, "-");
        assert_eq!(docs[1].clauses[0].kind, ClauseKind::Commitment);
    }

    #[test]
    fn bad_lines_are_reported_by_number_and_skipped() {
        let input = "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"text\":\"no id\"}\n{\"id\":\"c\",\"text\":\"y\",\"date\":\"soon\"}\n";
        let (docs, bad) = read_all(input);
        assert_eq!(docs.len(), 2);
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(docs[1].facts.date, None);
        assert_eq!(docs[1].warnings.len(), 1);
    }

    /// The line after one that was not UTF-8 used to be skipped with it.
    #[test]
    fn a_line_that_is_not_utf8_costs_only_that_line() {
        let mut input = b"{\"id\": \"a\", \"text\": \"one\"}\n".to_vec();
        input.extend(b"{\"id\": \"b\", \"text\": \"t\xffo\"}\n");
        input.extend(b"{\"id\": \"c\", \"text\": \"three\"}\n");
        let mut reader = JsonlReader::new(input.as_slice(), "-");
        let mut ids = Vec::new();
        while let Some(doc) = reader.next_document().unwrap() {
            ids.extend(doc.clauses.into_iter().map(|c| c.text));
        }
        assert_eq!(ids, ["one", "three"]);
        assert_eq!(
            reader.bad_lines,
            [BadLine {
                line: 2,
                message: "not UTF-8".to_string()
            }]
        );
    }
}
