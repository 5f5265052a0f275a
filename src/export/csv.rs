//! CSV: RFC 4180, a header row, one row per hit, ready for spreadsheets
//! and data tools. Written with the `csv` crate, so commas, quotes and line
//! breaks inside fields are quoted correctly. Records end in CRLF, as RFC
//! 4180 says, and the file starts with a UTF-8 byte order mark, without
//! which Excel reads accents and dashes as mojibake; `--no-bom` leaves the
//! mark out for programs that do not expect one.
//!
//! Search results, one row per hit, columns in this order:
//!
//! | column          | meaning                                              |
//! |-----------------|------------------------------------------------------|
//! | `rank`          | 1-based position in the result set                   |
//! | `score`         | relevance, comparable within one result list only    |
//! | `match`         | `all` (holds every word) or `partial`                |
//! | `id`, `doc_id`  | clause and document ids                              |
//! | `kind`          | commitment, agreement or statement                   |
//! | `partner`, `partner_kind` | the Mainland partner and its kind          |
//! | `areas`         | canonical areas, joined with `; `                    |
//! | `area_heading`  | the heading as written                               |
//! | `date`          | `YYYY-MM-DD`, or `--MM-DD` when the year is unknown  |
//! | `meeting_types` | joined with `; `                                     |
//! | `title`, `source` | the document's title and source file               |
//! | `url`           | where the release was published; empty when unknown  |
//! | `text`          | the whole clause                                     |
//! | `matched`       | the words that matched, as written in `text`, each once, `; `-joined |
//! | `snippet`       | about 200 characters around the best match           |
//! | `citation`      | one line to quote: title, issuer, date, clause number, URL |
//!
//! With `--facets`, the hits are followed by one empty line and a second
//! table, `facet,value,count`, one row per facet value; `accords facets`
//! writes that table alone. A reader that wants only the hits stops at the
//! first empty line. `accords docs` writes one row per document, its columns
//! named after the fields of the JSON format.

use std::io::{self, Write};

use crate::export::{date_source_name, hit_cells, join, FacetReport, Style, HIT_COLUMNS};
use crate::index::DocumentRecord;
use crate::search::{Facets, Matrix, SearchResults};

/// The I/O error inside a CSV error, so a closed pipe stays recognisable
/// as one.
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn writer(out: &mut dyn Write) -> ::csv::Writer<&mut dyn Write> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out)
}

fn bom(out: &mut dyn Write, style: &Style) -> io::Result<()> {
    if style.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    Ok(())
}

pub(super) fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    style: &Style,
) -> io::Result<()> {
    bom(out, style)?;
    {
        let mut csv = writer(out);
        csv.write_record(HIT_COLUMNS).map_err(io_error)?;
        for hit in &results.hits {
            csv.write_record(hit_cells(
                hit,
                hit.score.map(|s| s.to_string()).unwrap_or_default(),
            ))
            .map_err(io_error)?;
        }
        csv.flush()?;
    }
    if let Some(facets) = &results.facets {
        out.write_all(b"\r\n")?;
        write_facet_table(out, facets)?;
    }
    Ok(())
}

fn write_facet_table(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    let mut csv = writer(out);
    csv.write_record(["facet", "value", "count"])
        .map_err(io_error)?;
    for (facet, counts) in &facets.fields {
        for (value, count) in counts {
            csv.write_record([facet.name(), value, &count.to_string()])
                .map_err(io_error)?;
        }
    }
    csv.flush()
}

pub(super) fn write_facet_report(
    out: &mut dyn Write,
    report: &FacetReport,
    style: &Style,
) -> io::Result<()> {
    bom(out, style)?;
    write_facet_table(out, &report.facets)
}

pub(super) fn write_documents(
    out: &mut dyn Write,
    documents: &[DocumentRecord],
    style: &Style,
) -> io::Result<()> {
    bom(out, style)?;
    let mut csv = writer(out);
    csv.write_record([
        "id",
        "source",
        "title",
        "partner",
        "partner_kind",
        "meeting_types",
        "plenary_ordinal",
        "conference",
        "location",
        "date",
        "date_source",
        "url",
        "declared_areas",
        "areas",
        "agreements",
        "clauses",
        "warnings",
    ])
    .map_err(io_error)?;
    let or_empty = |v: Option<String>| v.unwrap_or_default();
    for doc in documents {
        let areas: Vec<&String> = doc.areas.iter().flat_map(|a| &a.canonical).collect();
        csv.write_record([
            doc.id.clone(),
            doc.facts.source.clone(),
            doc.facts.title.clone(),
            or_empty(doc.facts.partner.clone()),
            or_empty(doc.facts.partner_kind.map(|k| k.to_string())),
            join(&doc.facts.meeting_types),
            or_empty(doc.plenary_ordinal.map(|n| n.to_string())),
            or_empty(doc.conference.clone()),
            or_empty(doc.location.clone()),
            or_empty(doc.facts.date.map(|d| d.to_string())),
            date_source_name(doc.date_source).to_string(),
            or_empty(doc.facts.url.clone()),
            or_empty(doc.declared_areas.map(|n| n.to_string())),
            join(&areas),
            join(&doc.agreements),
            doc.clauses.to_string(),
            join(&doc.warnings),
        ])
        .map_err(io_error)?;
    }
    csv.flush()
}

/// A coverage matrix: a header row (the row facet's name, each column
/// value, `total`), one row per row value, and a last `total` row; every
/// count written as a number, zeros included. The `total` column and row
/// count distinct clauses.
pub(super) fn write_matrix(out: &mut dyn Write, matrix: &Matrix, style: &Style) -> io::Result<()> {
    bom(out, style)?;
    let mut csv = writer(out);
    let mut header = vec![matrix.rows.name().to_string()];
    header.extend(matrix.column_labels.iter().cloned());
    header.push("total".into());
    csv.write_record(&header).map_err(io_error)?;
    for (i, label) in matrix.row_labels.iter().enumerate() {
        let mut record = vec![label.clone()];
        record.extend(matrix.counts[i].iter().map(u64::to_string));
        record.push(matrix.row_totals[i].to_string());
        csv.write_record(&record).map_err(io_error)?;
    }
    let mut totals = vec!["total".to_string()];
    totals.extend(matrix.column_totals.iter().map(u64::to_string));
    totals.push(matrix.total.to_string());
    csv.write_record(&totals).map_err(io_error)?;
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

    fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn one_row_per_hit_with_awkward_text_quoted() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(false), &Style::default()).unwrap();
        let rows = rows(&out);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], HIT_COLUMNS);
        let column = |name: &str| HIT_COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(
            rows[1][column("areas")],
            "Health and Chinese Medicine; Education"
        );
        assert_eq!(
            rows[1][column("meeting_types")],
            "high-level meeting; signing ceremony"
        );
        assert_eq!(rows[1][column("matched")], "Chinese; medicine");
        assert_eq!(rows[1][column("url")], "https://www.info.gov.hk/gia/a.htm");
        assert!(
            rows[1][column("citation")].ends_with(", clause 2, https://www.info.gov.hk/gia/a.htm")
        );
        assert_eq!(
            rows[2][column("text")],
            "Quotes \"here\", pipes | and\nnew lines; café."
        );
        assert_eq!(rows[2][column("date")], "--05-11");
        assert_eq!(rows[2][column("partner")], "");
        assert_eq!(rows[2][column("url")], "");
        assert_eq!(rows[1][column("match")], "all");
        assert!(rows[2][column("citation")].ends_with("source URL not recorded"));
    }

    #[test]
    fn facets_follow_the_hits_after_an_empty_line() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(true), &Style::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (hits, facets) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(rows(hits.as_bytes()).len(), 3);
        assert_eq!(
            rows(facets.as_bytes()),
            [
                ["facet", "value", "count"],
                ["partner", "Jiangsu", "5"],
                ["partner", "Beijing", "2"],
                ["year", "2023", "7"]
            ]
        );
    }

    #[test]
    fn spreadsheet_ready_by_default_with_crlf_and_a_bom() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(false), &Style::default()).unwrap();
        assert!(out.starts_with("\u{feff}rank,".as_bytes()));
        let text = String::from_utf8(out).unwrap();
        // Every record ends in CRLF; the bare LFs inside the quoted text
        // and snippet of the second hit stay as they are.
        assert_eq!(text.matches("\r\n").count(), 3);
        assert_eq!(text.matches('\n').count(), 5);

        let mut out = Vec::new();
        let style = Style {
            bom: false,
            ..Style::default()
        };
        write_results(&mut out, &sample_results(false), &style).unwrap();
        assert!(out.starts_with(b"rank,"));
    }
}
