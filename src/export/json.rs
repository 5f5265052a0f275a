//! JSON: one pretty-printed object per command, for programs.
//!
//! Search results:
//!
//! ```text
//! {
//!   "query": "chinese medicine",      the query as typed
//!   "total": 37,                      matches in the whole result set: clauses holding
//!                                     every word (with "match": "any", every word or some)
//!   "partial_total": 120,             clauses holding some words but not all; null when
//!                                     not counted (the full matches filled the page) or
//!                                     when the query cannot match in part
//!   "took_ms": 4,                     search time in milliseconds
//!   "offset": 0,                      hits skipped before the first one here
//!   "limit": 10,                      the most hits asked for; null for all
//!   "hits": [{
//!     "rank": 1,                      1-based, counting from the first hit of the result set
//!     "score": 52.3,                  relevance, comparable within one result list only;
//!                                     null when the query has no words to rank by
//!     "match": "all",                 "all" when the clause holds every word of the query,
//!                                     "partial" when only some (listed after every full match)
//!     "id": "2bbc4fd7d71ce70b-019",   the clause id, for `accords show`
//!     "doc_id": "2bbc4fd7d71ce70b",   the document id, for `accords show` too
//!     "kind": "commitment",           commitment | agreement | statement
//!     "area_heading": "Health and hygiene",       the heading as written, or null
//!     "areas": ["Health and Chinese Medicine"],   canonical areas
//!     "inferred": false,              true when the areas were inferred from the text
//!     "position": 19,                 0-based place among the document's clauses
//!     "text": "...",                  the whole clause
//!     "title": "...",                 the document's title
//!     "source": "seeds/000_c03b07a5dcbd86b3.txt",
//!     "partner": "Jiangsu",           null when the release names none
//!     "partner_kind": "province",     province | municipality | autonomous region | ...
//!     "province": "Jiangsu",          the provincial-level division the partner is or
//!                                     lies in; null for a grouping or national body
//!     "meeting_types": ["high-level meeting", "signing ceremony"],
//!     "date": "2023-10-13",           or "--05-11" when the year is unknown, or null
//!     "url": null,                    where the release was published, when known
//!     "highlights": [[12, 27]],       matched words: [start, end) byte offsets into text
//!     "citation": "\"...\", HKSAR Government press release, 13 October 2023, clause 20, https://...",
//!                                     one line to quote: title, issuer (from the URL's
//!                                     host; left out without a URL), date, the clause's
//!                                     1-based number, the URL or "source URL not recorded"
//!     "added": "2024-06-01T09:30:00Z", when the clause first entered the index (UTC);
//!                                     kept while its text is unchanged across re-indexing
//!     "snippet": "..."                about 200 characters around the best match
//!   }],
//!   "facets": {                       null unless facets were asked for
//!     "partner": {"Jiangsu": 5},      value -> hits, highest first, "(none)" last for
//!     ...                             hits without a value; for each of partner,
//!                                     partner_kind, province, areas, meeting_types, kind, year
//!   },
//!   "suggestion": null,               the query with misspelt words corrected, or null
//!   "other_kinds": 3,                 only when nothing matched among commitments and
//!                                     agreements but other kinds of clause would have
//!   "undated_left_out": 2             only when a date filter left out clauses whose
//!                                     meeting year is unknown
//! }
//! ```
//!
//! `accords facets` writes `{"query", "total", "facets"}`; `accords docs`
//! writes `{"documents": [...], "skipped": [...]}` with every field of
//! [`DocumentRecord`]; `accords show` writes `{"clause", "before", "after"}`
//! with the clause fields above (less rank, score, highlights and
//! snippet), and for a document id `{"document", "clauses"}`. Fields may be added in later versions; none will be
//! renamed or removed without a major version.

use std::io::{self, Write};

use serde::Serialize;

use super::FacetReport;
use crate::index::{DocumentRecord, SkippedFile};
use crate::search::{ClauseContext, DocumentView, SearchResults};

fn write_pretty<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

pub(super) fn write_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    write_pretty(out, results)
}

pub(super) fn write_facet_report(out: &mut dyn Write, report: &FacetReport) -> io::Result<()> {
    write_pretty(out, report)
}

pub(super) fn write_documents(
    out: &mut dyn Write,
    documents: &[DocumentRecord],
    skipped: &[SkippedFile],
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Documents<'a> {
        documents: &'a [DocumentRecord],
        skipped: &'a [SkippedFile],
    }
    write_pretty(out, &Documents { documents, skipped })
}

pub(super) fn write_context(out: &mut dyn Write, context: &ClauseContext) -> io::Result<()> {
    write_pretty(out, context)
}

pub(super) fn write_document(out: &mut dyn Write, document: &DocumentView) -> io::Result<()> {
    write_pretty(out, document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

    #[test]
    fn results_are_one_object_with_the_documented_fields() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(true)).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys.len(), 9);
        for key in [
            "query",
            "total",
            "partial_total",
            "took_ms",
            "offset",
            "limit",
            "hits",
            "facets",
            "suggestion",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
        let hit = &value["hits"][0];
        assert_eq!(hit["partner_kind"], "province");
        assert_eq!(hit["meeting_types"][1], "signing ceremony");
        assert_eq!(hit["highlights"], serde_json::json!([[30, 37], [38, 46]]));
        assert_eq!(value["hits"][1]["date"], "--05-11");
        assert_eq!(value["hits"][1]["partner"], serde_json::Value::Null);
        assert_eq!(value["facets"]["partner"]["Jiangsu"], 5);
        assert_eq!(hit.as_object().unwrap().len(), 22);
        assert_eq!(hit["match"], "all");
        assert_eq!(
            hit["citation"],
            "\"High-Level Meeting\", HKSAR Government press release, 13 October 2023, \
             clause 2, https://www.info.gov.hk/gia/a.htm"
        );
        assert_eq!(hit["province"], "Jiangsu");
        assert_eq!(hit["position"], 1);
    }

    #[test]
    fn facets_are_null_when_not_asked_for() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(false)).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(value["facets"].is_null());
    }
}
