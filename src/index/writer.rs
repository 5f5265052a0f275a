//! Writing clauses into the tantivy index.
//!
//! This module turns each [`Clause`] of each [`Document`] into one index
//! document laid out by [`schema`](super::schema), deletes a file's clauses
//! by its source, and commits with a payload. What the payload names, and
//! when to commit, is the business of [`super::update`].

use chrono::NaiveDate;
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::index::schema::{order_value, Fields, StoredClause};
use crate::model::{Clause, Document, MeetingDate, MEETING_RELEASE, OTHER_RELEASE};

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

/// Writes clauses into the index, one document at a time, and commits them
/// with the name of the state that describes them.
pub(crate) struct ClauseWriter {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
}

impl ClauseWriter {
    /// Takes the index's writer lock. Fails at once with
    /// [`tantivy::TantivyError::LockFailure`] when another writer holds it.
    pub(crate) fn open(index: &Index, fields: Fields) -> tantivy::Result<ClauseWriter> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_WRITER_THREADS);
        let writer = index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        Ok(ClauseWriter { writer, fields })
    }

    /// Adds every clause of `doc`, whose document table ordinal is
    /// `ordinal`, and returns how many there were. A clause whose text is
    /// in `first_seen` keeps the time found there; the others are added
    /// `now` (both in seconds since the Unix epoch).
    pub(crate) fn add(
        &mut self,
        doc: &Document,
        ordinal: u64,
        first_seen: &FirstSeen,
        now: i64,
    ) -> Result<usize> {
        for clause in &doc.clauses {
            let fingerprint = clause_fingerprint(&clause.text);
            let added = first_seen.get(&fingerprint).copied().unwrap_or(now);
            self.writer.add_document(clause_document(
                &self.fields,
                doc,
                ordinal,
                clause,
                (fingerprint, added),
            )?)?;
        }
        Ok(doc.clauses.len())
    }

    /// The handles of the fields the writer writes.
    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Removes every clause indexed from `source`, as of the next commit.
    pub(crate) fn delete_source(&mut self, source: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.source, source));
    }

    /// Removes every clause, as of the next commit.
    pub(crate) fn delete_all(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits what was added and deleted, naming `state` in the commit.
    pub(crate) fn commit(&mut self, state: &str) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(state);
        prepared.commit()?;
        Ok(())
    }

    /// Waits for background merges, then releases the lock.
    pub(crate) fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// When each clause text of a file first entered the index, by
/// [`clause_fingerprint`], in seconds since the Unix epoch.
pub(crate) type FirstSeen = std::collections::HashMap<u64, i64>;

/// What identifies a clause across updates of its file: its text. An edited
/// clause is a new one.
pub(crate) fn clause_fingerprint(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Midnight UTC of a date with a known year.
pub(crate) fn date_value(date: &MeetingDate) -> Option<DateTime> {
    let day = NaiveDate::from_ymd_opt(date.year?, date.month, date.day)?;
    Some(day_start(day))
}

/// Midnight UTC of `day`. Days beyond the years an index date can hold
/// (tantivy counts nanoseconds from 1970 in 64 bits) are moved to the
/// nearest one that fits, which no meeting is near.
pub(crate) fn day_start(day: NaiveDate) -> DateTime {
    let earliest = NaiveDate::from_ymd_opt(1700, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = NaiveDate::from_ymd_opt(2200, 12, 31).unwrap_or(NaiveDate::MAX);
    let seconds = day
        .clamp(earliest, latest)
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    DateTime::from_timestamp_secs(seconds)
}

fn clause_document(
    fields: &Fields,
    doc: &Document,
    ordinal: u64,
    clause: &Clause,
    (fingerprint, added): (u64, i64),
) -> Result<TantivyDocument> {
    let facts = &doc.facts;
    let mut out = TantivyDocument::new();
    out.add_text(fields.id, &clause.id);
    out.add_text(fields.doc_id, &clause.doc_id);
    out.add_text(fields.source, &facts.source);
    out.add_text(fields.text, &clause.text);
    out.add_text(fields.text_exact, &clause.text);
    out.add_text(fields.title, &facts.title);
    if let Some(heading) = &clause.area_heading {
        out.add_text(fields.heading, heading);
        out.add_text(fields.heading_exact, heading);
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
    add_facets(fields.partner, &mut facts.partner.iter().cloned());
    add_facets(fields.province, &mut facts.province.iter().cloned());
    let document_kind = if doc.meeting_release {
        MEETING_RELEASE
    } else {
        OTHER_RELEASE
    };
    add_facets(
        fields.document_kind,
        &mut std::iter::once(document_kind.to_string()),
    );
    add_facets(
        fields.partner_kind,
        &mut facts.partner_kind.iter().map(|k| k.as_str().to_string()),
    );
    add_facets(fields.areas, &mut clause.areas.iter().cloned());
    add_facets(
        fields.meeting_types,
        &mut facts.meeting_types.iter().map(|t| t.as_str().to_string()),
    );
    add_facets(
        fields.kind,
        &mut std::iter::once(clause.kind.as_str().to_string()),
    );
    add_facets(
        fields.year,
        &mut facts
            .date
            .and_then(|d| d.year)
            .map(|y| y.to_string())
            .into_iter(),
    );
    if let Some(date) = facts.date.as_ref().and_then(date_value) {
        out.add_date(fields.date, date);
    }
    out.add_u64(fields.order, order_value(ordinal, clause.position));
    out.add_u64(fields.fingerprint, fingerprint);
    out.add_date(fields.added, DateTime::from_timestamp_secs(added));
    // Every field but the text, which is stored in its own field and is
    // most of the clause: not worth copying only to leave it out.
    let Clause {
        id,
        doc_id,
        kind,
        area_heading,
        areas,
        inferred,
        position,
        text: _,
    } = clause;
    let record = StoredClause {
        doc: ordinal,
        added,
        clause: Clause {
            id: id.clone(),
            doc_id: doc_id.clone(),
            kind: *kind,
            area_heading: area_heading.clone(),
            areas: areas.clone(),
            inferred: *inferred,
            position: *position,
            text: String::new(),
        },
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
