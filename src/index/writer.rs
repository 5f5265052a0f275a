//! Writing clauses into a fresh tantivy index.
//!
//! This module turns each [`Clause`] of each [`Document`] into one index
//! document laid out by [`schema`](super::schema). It writes into a folder it
//! is given and knows nothing of where that folder ends up: making the new
//! index visible atomically is [`ClauseIndex::build`](super::ClauseIndex::build)'s job.

use std::path::Path;

use chrono::NaiveDate;
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

use crate::error::{Error, Result};
use crate::index::analysis;
use crate::index::schema::{build_schema, Fields, StoredClause};
use crate::model::{Clause, Document, MeetingDate};

/// The writer's memory budget per indexing thread. Each thread fills an
/// arena this large before it writes a segment, so a larger one means fewer
/// segments to merge; 128 MB keeps a two-thread build of a million clauses
/// well under a gigabyte, and the arena grows only as it fills, so a small
/// corpus costs little.
const WRITER_MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;

/// Indexing threads at most: tantivy tokenises and inverts documents on its
/// own threads while ours builds them, and more than a few threads only
/// makes more segments to merge.
const MAX_WRITER_THREADS: usize = 4;

/// Writes clauses into a new index, one document at a time.
pub(crate) struct ClauseWriter {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    count: usize,
}

impl ClauseWriter {
    /// Starts an index in `dir`, which must be empty.
    pub(crate) fn create(dir: &Path) -> Result<ClauseWriter> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_dir(dir, schema)?;
        analysis::register(index.tokenizers());
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_WRITER_THREADS);
        let writer = index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        Ok(ClauseWriter {
            writer,
            fields,
            count: 0,
        })
    }

    /// Adds every clause of `doc`.
    pub(crate) fn add(&mut self, doc: &Document) -> Result<()> {
        for clause in &doc.clauses {
            self.writer
                .add_document(clause_document(&self.fields, doc, clause)?)?;
            self.count += 1;
        }
        Ok(())
    }

    /// Commits, waits for merges, and returns the number of clauses written.
    pub(crate) fn finish(mut self) -> Result<usize> {
        self.writer.commit()?;
        // Merges run in the background; they must finish before the folder
        // is moved into place.
        self.writer.wait_merging_threads()?;
        Ok(self.count)
    }
}

/// Midnight UTC of a date with a known year.
pub(crate) fn date_value(date: &MeetingDate) -> Option<DateTime> {
    let day = NaiveDate::from_ymd_opt(date.year?, date.month, date.day)?;
    Some(day_start(day))
}

pub(crate) fn day_start(day: NaiveDate) -> DateTime {
    let seconds = day
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    DateTime::from_timestamp_secs(seconds)
}

fn clause_document(fields: &Fields, doc: &Document, clause: &Clause) -> Result<TantivyDocument> {
    let mut out = TantivyDocument::new();
    out.add_text(fields.id, &clause.id);
    out.add_text(fields.doc_id, &clause.doc_id);
    out.add_text(fields.text, &clause.text);
    out.add_text(fields.title, &doc.title);
    if let Some(heading) = &clause.area_heading {
        out.add_text(fields.heading, heading);
    }
    let mut add_facets = |field, values: &mut dyn Iterator<Item = String>| {
        let mut seen: Vec<String> = Vec::new();
        for value in values {
            let value = facet_value(&value);
            if !value.is_empty() && !seen.contains(&value) {
                out.add_facet(field, Facet::from_path([value.as_str()]));
                seen.push(value);
            }
        }
    };
    add_facets(fields.partner, &mut doc.partner.iter().cloned());
    add_facets(
        fields.partner_kind,
        &mut doc.partner_kind.iter().map(|k| k.as_str().to_string()),
    );
    add_facets(fields.areas, &mut clause.areas.iter().cloned());
    add_facets(
        fields.meeting_types,
        &mut doc.meeting_types.iter().map(|t| t.as_str().to_string()),
    );
    add_facets(
        fields.kind,
        &mut std::iter::once(clause.kind.as_str().to_string()),
    );
    add_facets(
        fields.year,
        &mut doc
            .date
            .and_then(|d| d.year)
            .map(|y| y.to_string())
            .into_iter(),
    );
    if let Some(date) = doc.date.as_ref().and_then(date_value) {
        out.add_date(fields.date, date);
    }
    let record = StoredClause {
        id: clause.id.clone(),
        doc_id: clause.doc_id.clone(),
        kind: clause.kind,
        position: clause.position,
        partner: doc.partner.clone(),
        partner_kind: doc.partner_kind,
        areas: clause.areas.clone(),
        area_heading: clause.area_heading.clone(),
        inferred: clause.inferred,
        date: doc.date,
        meeting_types: doc.meeting_types.clone(),
        title: doc.title.clone(),
        source: doc.file.clone(),
    };
    let json = serde_json::to_string(&record)
        .map_err(|e| Error::Index(format!("cannot encode clause {}: {e}", clause.id)))?;
    out.add_text(fields.record, json);
    Ok(out)
}

/// A facet value as indexed: whitespace collapsed, and without the NUL
/// byte tantivy uses to separate facet path steps.
pub(crate) fn facet_value(value: &str) -> String {
    value
        .split(|c: char| c.is_whitespace() || c == '\0')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_a_year_have_no_index_value() {
        let known = MeetingDate::full(2023, 6, 26);
        assert_eq!(
            date_value(&known).map(|d| d.into_timestamp_secs()),
            Some(1_687_737_600)
        );
        let yearless = MeetingDate {
            year: None,
            month: 5,
            day: 11,
        };
        assert_eq!(date_value(&yearless), None);
    }

    #[test]
    fn facet_values_are_tidied() {
        assert_eq!(
            facet_value("  Health and\n Chinese  Medicine "),
            "Health and Chinese Medicine"
        );
        assert_eq!(facet_value("a\0b"), "a b");
        assert_eq!(facet_value(" "), "");
    }
}
