//! Output formats: search results, facet counts, document lists and clause
//! contexts, written as text, JSON, JSON lines, CSV or Markdown, and search
//! results as an Excel workbook.
//!
//! Each format lives in its own file, with its fields and their meaning
//! documented beside the code that writes them. Formats know formats, not
//! queries: they receive finished, plain data from [`crate::search`] and
//! [`crate::index`] and write it to any [`Write`]; choosing the destination,
//! colour and atomic file output is the command line's job.

mod csv;
pub mod engine;
mod json;
mod jsonl;
mod md;
pub mod similar;
mod text;
pub mod xlsx;

use std::io::{self, Write};

use crate::index::{DocumentRecord, SkippedFile};
use crate::search::{ClauseContext, DocumentView, Facets, Matrix, SearchResults};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For reading in a terminal: a header line per hit, the clause with its
    /// matched words highlighted.
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// RFC 4180 CSV with a header row: CRLF line ends, and a byte order
    /// mark unless [`Style::bom`] is off.
    Csv,
    /// Markdown tables.
    Md,
    /// An Excel workbook, for search results only: binary, so for files.
    Xlsx,
}

/// How text output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours and bold.
    pub color: bool,
    /// Wrap text at this many columns.
    pub width: usize,
    /// Start CSV output with a UTF-8 byte order mark, which spreadsheet
    /// programs need to read the file as UTF-8 (on unless asked otherwise).
    pub bom: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: 100,
            bom: true,
        }
    }
}

/// Facet counts on their own, as `accords facets` prints them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FacetReport {
    /// The query as typed; empty for every clause.
    pub query: String,
    /// The clauses counted.
    pub total: u64,
    pub facets: Facets,
    /// True when only commitments and agreements were counted (the default
    /// kinds), so text can say so.
    #[serde(skip)]
    pub default_kinds: bool,
}

/// Writes search results: the hits, then the facets when present.
pub fn write_results(
    out: &mut dyn Write,
    format: Format,
    results: &SearchResults,
    style: &Style,
) -> io::Result<()> {
    match format {
        Format::Text => text::write_results(out, results, style),
        Format::Json => json::write_results(out, results),
        Format::Jsonl => jsonl::write_results(out, results),
        Format::Csv => csv::write_results(out, results, style),
        Format::Md => md::write_results(out, results),
        Format::Xlsx => xlsx::write_results(out, results),
    }
}

/// Writes facet counts alone.
pub fn write_facets(
    out: &mut dyn Write,
    format: Format,
    report: &FacetReport,
    style: &Style,
) -> io::Result<()> {
    match format {
        Format::Text => text::write_facet_report(out, report, style),
        Format::Json => json::write_facet_report(out, report),
        Format::Jsonl => jsonl::write_facets(out, &report.facets),
        Format::Csv => csv::write_facet_report(out, report, style),
        Format::Md => md::write_facet_report(out, report),
        Format::Xlsx => Err(no_workbook("facet counts")),
    }
}

/// Writes a coverage matrix: a table that fits `style.width` (text), CSV,
/// Markdown, JSON (the [`Matrix`] fields) or a workbook described by
/// `info`.
pub fn write_matrix(
    out: &mut dyn Write,
    format: Format,
    matrix: &Matrix,
    style: &Style,
    info: &xlsx::WorkbookInfo,
) -> io::Result<()> {
    match format {
        Format::Text => text::write_matrix(out, matrix, style),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, matrix)?;
            writeln!(out)
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, matrix)?;
            writeln!(out)
        }
        Format::Csv => csv::write_matrix(out, matrix, style),
        Format::Md => md::write_matrix(out, matrix),
        Format::Xlsx => xlsx::write_matrix(out, matrix, info),
    }
}

/// Writes the documents of an index and the files its build skipped.
pub fn write_documents(
    out: &mut dyn Write,
    format: Format,
    documents: &[DocumentRecord],
    skipped: &[SkippedFile],
    style: &Style,
) -> io::Result<()> {
    match format {
        Format::Text => text::write_documents(out, documents, skipped, style),
        Format::Json => json::write_documents(out, documents, skipped),
        Format::Jsonl => jsonl::write_documents(out, documents),
        Format::Csv => csv::write_documents(out, documents, style),
        Format::Md => md::write_documents(out, documents, skipped),
        Format::Xlsx => Err(no_workbook("document lists")),
    }
}

/// Writes one clause with its neighbours. Only text and JSON make sense for
/// a single passage; other formats write JSON.
pub fn write_context(
    out: &mut dyn Write,
    format: Format,
    context: &ClauseContext,
    style: &Style,
) -> io::Result<()> {
    match format {
        Format::Text => text::write_context(out, context, style),
        _ => json::write_context(out, context),
    }
}

/// Writes a whole document with its clauses. Only text and JSON make sense
/// for one document; other formats write JSON.
pub fn write_document(
    out: &mut dyn Write,
    format: Format,
    document: &DocumentView,
    style: &Style,
) -> io::Result<()> {
    match format {
        Format::Text => text::write_document(out, document, style),
        _ => json::write_document(out, document),
    }
}

/// The error for a workbook of something other than search results.
fn no_workbook(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("{what} are not written as xlsx; use csv"),
    )
}

/// The columns of a hit in the tabular formats (CSV, Markdown and the
/// spreadsheet), in order.
pub(crate) const HIT_COLUMNS: [&str; 19] = [
    "rank",
    "score",
    "match",
    "id",
    "doc_id",
    "kind",
    "partner",
    "partner_kind",
    "areas",
    "area_heading",
    "date",
    "meeting_types",
    "title",
    "source",
    "url",
    "text",
    "matched",
    "snippet",
    "citation",
];

/// A hit's cells under [`HIT_COLUMNS`]; each format chooses how precise the
/// score is. Multi-valued fields are joined with "; ".
pub(crate) fn hit_cells(hit: &crate::search::Hit, score: String) -> [String; 19] {
    [
        hit.rank.to_string(),
        score,
        hit.match_kind.name().to_string(),
        hit.clause.id.clone(),
        hit.clause.doc_id.clone(),
        hit.clause.kind.to_string(),
        hit.document.partner.clone().unwrap_or_default(),
        hit.document
            .partner_kind
            .map(|k| k.to_string())
            .unwrap_or_default(),
        join(&hit.clause.areas),
        hit.clause.area_heading.clone().unwrap_or_default(),
        hit.document.date.map(|d| d.to_string()).unwrap_or_default(),
        join(&hit.document.meeting_types),
        hit.document.title.clone(),
        hit.document.source.clone(),
        hit.document.url.clone().unwrap_or_default(),
        hit.clause.text.clone(),
        join(&matched_words(hit)),
        hit.snippet.clone(),
        hit.citation.clone(),
    ]
}

/// The words of a hit's text that matched the query, as they are written
/// there, each once, in the order they first appear.
pub fn matched_words(hit: &crate::search::Hit) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    for &(start, end) in &hit.highlights {
        if let Some(word) = hit.clause.text.get(start..end) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    words
}

pub(crate) fn join<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The name of a date source, as the JSON format spells it.
pub(crate) fn date_source_name(source: crate::model::DateSource) -> &'static str {
    use crate::model::DateSource;
    match source {
        DateSource::Footer => "footer",
        DateSource::Catalog => "catalog",
        DateSource::Text => "text",
        DateSource::None => "none",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::index::FacetField;
    use crate::model::{
        Clause, ClauseKind, ClauseView, DocumentFacts, MeetingDate, MeetingType, PartnerKind,
    };
    use crate::search::{Facets, Hit, MatchKind, SearchResults};

    /// Two hits, one with awkward characters, for every format's tests.
    pub(crate) fn sample_results(with_facets: bool) -> SearchResults {
        let text = "Strengthen standardisation of Chinese medicine.".to_string();
        let awkward = "Quotes \"here\", pipes | and\nnew lines; café.".to_string();
        SearchResults {
            query: "chinese medicine".into(),
            total: 7,
            partial_total: None,
            took_ms: 3,
            offset: 0,
            limit: Some(10),
            other_kinds: None,
            undated_left_out: 0,
            hits: vec![
                Hit {
                    rank: 1,
                    score: Some(12.5),
                    match_kind: MatchKind::All,
                    view: ClauseView::new(
                        Clause {
                            id: "abc-001".into(),
                            doc_id: "abc".into(),
                            kind: ClauseKind::Commitment,
                            area_heading: Some("Health".into()),
                            areas: vec!["Health and Chinese Medicine".into(), "Education".into()],
                            inferred: false,
                            position: 1,
                            text: text.clone(),
                        },
                        DocumentFacts {
                            title: "High-Level Meeting".into(),
                            source: "seeds/a.txt".into(),
                            partner: Some("Jiangsu".into()),
                            partner_kind: Some(PartnerKind::Province),
                            province: Some("Jiangsu".into()),
                            meeting_types: vec![
                                MeetingType::HighLevelMeeting,
                                MeetingType::SigningCeremony,
                            ],
                            date: Some(MeetingDate::full(2023, 10, 13)),
                            url: Some("https://www.info.gov.hk/gia/a.htm".into()),
                        },
                    ),
                    highlights: vec![(30, 37), (38, 46)],
                    snippet: text,
                    matched: Vec::new(),
                },
                Hit {
                    rank: 2,
                    score: Some(1.0),
                    match_kind: MatchKind::All,
                    view: ClauseView::new(
                        Clause {
                            id: "def-002".into(),
                            doc_id: "def".into(),
                            kind: ClauseKind::Agreement,
                            area_heading: None,
                            areas: vec![],
                            inferred: false,
                            position: 2,
                            text: awkward.clone(),
                        },
                        DocumentFacts {
                            title: "Signing".into(),
                            source: "seeds/b.txt".into(),
                            date: Some(MeetingDate {
                                year: None,
                                month: 5,
                                day: 11,
                            }),
                            ..DocumentFacts::default()
                        },
                    ),
                    highlights: vec![],
                    snippet: awkward,
                    matched: Vec::new(),
                },
            ],
            suggestion: None,
            explain: None,
            facets: with_facets.then(|| Facets {
                fields: vec![
                    (
                        FacetField::Partner,
                        vec![("Jiangsu".into(), 5), ("Beijing".into(), 2)],
                    ),
                    (FacetField::Year, vec![("2023".into(), 7)]),
                ],
            }),
            default_kinds: true,
        }
    }

    #[test]
    fn multi_valued_cells_join_with_semicolons() {
        assert_eq!(super::join(&["a", "b"]), "a; b");
        assert_eq!(super::join::<&str>(&[]), "");
    }

    #[test]
    fn matched_words_are_distinct_and_as_written() {
        let mut results = sample_results(false);
        let hit = &mut results.hits[0];
        hit.highlights = vec![(30, 37), (38, 46), (30, 37), (40, 200)];
        assert_eq!(super::matched_words(hit), ["Chinese", "medicine"]);
    }
}
