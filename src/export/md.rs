//! Markdown: tables to paste into notes, issues and reports.
//!
//! Search results start with a line saying what was searched and how many
//! hits there are, then one table with one row per hit and the same columns
//! as [CSV](super::csv) (multi-valued fields joined with `; `, the whole
//! clause text). With `--facets` a `## Facets` section follows, one small
//! table per facet. Pipes in values are escaped and line breaks become
//! `<br>`, so every row stays one table row. `accords facets` writes the
//! facet section alone; `accords docs` one table of documents and, when the
//! build skipped files, a list of them.

use std::io::{self, Write};

use crate::export::{hit_cells, join, FacetReport, HIT_COLUMNS};
use crate::index::{DocumentRecord, SkippedFile};
use crate::search::{Facets, Matrix, SearchResults};

/// A value made safe for a table cell.
pub(super) fn cell(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

fn row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    write!(out, "|")?;
    for c in cells {
        write!(out, " {} |", cell(c))?;
    }
    writeln!(out)
}

fn header(out: &mut dyn Write, names: &[&str]) -> io::Result<()> {
    row(
        out,
        &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    )?;
    write!(out, "|")?;
    for _ in names {
        write!(out, " --- |")?;
    }
    writeln!(out)
}

pub(super) fn write_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let what = if results.query.trim().is_empty() {
        "All clauses".to_string()
    } else {
        format!("Search for `{}`", results.query.replace('`', "'"))
    };
    match results.partial_total {
        Some(partial) if partial > 0 => writeln!(
            out,
            "{what}: {} hits holding every word, {partial} holding some.",
            results.total
        )?,
        _ => writeln!(out, "{what}: {} hits.", results.total)?,
    }
    writeln!(out)?;
    header(out, &HIT_COLUMNS)?;
    for hit in &results.hits {
        row(
            out,
            &hit_cells(
                hit,
                hit.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            ),
        )?;
    }
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        write_facets(out, facets)?;
    }
    Ok(())
}

fn write_facets(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    writeln!(out, "## Facets")?;
    for (facet, counts) in &facets.fields {
        writeln!(out)?;
        header(out, &[facet.name(), "hits"])?;
        for (value, count) in counts {
            row(out, &[value.clone(), count.to_string()])?;
        }
    }
    Ok(())
}

pub(super) fn write_facet_report(out: &mut dyn Write, report: &FacetReport) -> io::Result<()> {
    if report.query.trim().is_empty() {
        let what = if report.default_kinds {
            "commitments and agreements"
        } else {
            "clauses"
        };
        writeln!(out, "Facets of {} {what}.", report.total)?;
    } else {
        writeln!(
            out,
            "Facets of the {} hits for `{}`.",
            report.total,
            report.query.replace('`', "'")
        )?;
    }
    writeln!(out)?;
    write_facets(out, &report.facets)
}

pub(super) fn write_documents(
    out: &mut dyn Write,
    documents: &[DocumentRecord],
    skipped: &[SkippedFile],
) -> io::Result<()> {
    header(
        out,
        &[
            "id",
            "date",
            "partner",
            "meeting_types",
            "title",
            "source",
            "clauses",
            "warnings",
        ],
    )?;
    for doc in documents {
        row(
            out,
            &[
                doc.id.clone(),
                doc.facts.date.map(|d| d.to_string()).unwrap_or_default(),
                doc.facts.partner.clone().unwrap_or_default(),
                join(&doc.facts.meeting_types),
                doc.facts.title.clone(),
                doc.facts.source.clone(),
                doc.clauses.to_string(),
                join(&doc.warnings),
            ],
        )?;
    }
    if !skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Skipped files:")?;
        writeln!(out)?;
        for file in skipped {
            writeln!(out, "- `{}`: {}", file.path.display(), file.message)?;
        }
    }
    Ok(())
}

/// A coverage matrix: a title line, then one table with a `total` column
/// and row; zeros are left blank.
pub(super) fn write_matrix(out: &mut dyn Write, matrix: &Matrix) -> io::Result<()> {
    writeln!(
        out,
        "{}.",
        super::text::matrix_title(matrix).replace('`', "'")
    )?;
    writeln!(out)?;
    let mut names: Vec<&str> = vec![matrix.rows.name()];
    names.extend(matrix.column_labels.iter().map(String::as_str));
    names.push("total");
    header(out, &names)?;
    let blank = |n: u64| if n == 0 { String::new() } else { n.to_string() };
    for (i, label) in matrix.row_labels.iter().enumerate() {
        let mut cells = vec![label.clone()];
        cells.extend(matrix.counts[i].iter().map(|n| blank(*n)));
        cells.push(matrix.row_totals[i].to_string());
        row(out, &cells)?;
    }
    let mut totals = vec!["**total**".to_string()];
    totals.extend(matrix.column_totals.iter().map(|n| blank(*n)));
    totals.push(matrix.total.to_string());
    row(out, &totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

    #[test]
    fn every_hit_is_one_table_row() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(true)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains("-00"))
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(
            rows[1].contains(r"pipes \| and<br>new lines"),
            "{}",
            rows[1]
        );
        assert_eq!(rows[1].matches(" | ").count(), 18, "{}", rows[1]);
        assert!(text.starts_with("Search for `chinese medicine`: 7 hits."));
        assert!(
            text.contains("## Facets\n\n| partner | hits |\n| --- | --- |\n| Jiangsu | 5 |"),
            "{text}"
        );
    }
}
