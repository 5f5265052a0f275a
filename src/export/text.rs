//! Text: what a person reads in a terminal. Not a stable interface; use JSON
//! or CSV for programs.
//!
//! Search results open with a summary line (hits, the page shown, time).
//! Each hit is then a header line (rank, partner, areas, date, meeting
//! types), the clause wrapped to the terminal width with the matched words
//! in bold red when colour is on (plain, and still readable, when it is
//! off), and a dim line with the clause id (for `accords show`), kind and
//! score. Facets, when asked for, follow as one line per facet, values by
//! count.

use std::io::{self, Write};

use crate::export::{FacetReport, Style};
use crate::index::{DocumentRecord, SkippedFile};
use crate::model::MeetingDate;
use crate::search::{
    ClauseContext, ClauseView, DocumentView, Facets, Hit, MatchKind, Matrix, MatrixAxis,
    SearchResults, WordMatch,
};

const RESET: &str = "\x1b[0m";
pub(super) const BOLD: &str = "\x1b[1m";
pub(super) const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;31m";
const WARN: &str = "\x1b[33m";

/// Columns the clause text is indented by, under a rank of up to three digits.
const INDENT: usize = 5;

pub(super) struct Painter {
    pub(super) color: bool,
}

impl Painter {
    pub(super) fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

pub(super) fn date(date: Option<MeetingDate>) -> String {
    match date {
        Some(d) if d.year.is_none() => format!("{d} (year unknown)"),
        Some(d) => d.to_string(),
        None => "date unknown".to_string(),
    }
}

fn comma_list<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits text into lines of at most `width` characters at whitespace; a
/// word longer than the width gets a line of its own. Returns byte ranges.
fn wrap(text: &str, width: usize) -> Vec<(usize, usize)> {
    let width = width.max(20);
    let mut lines = Vec::new();
    // The line being filled: its start and end bytes, and its length in
    // characters.
    let mut line: Option<(usize, usize, usize)> = None;
    let mut word_start = None;
    let mut words = Vec::new();
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), word_start) {
            (false, None) => word_start = Some(i),
            (true, Some(s)) => {
                words.push((s, i));
                word_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = word_start {
        words.push((s, text.len()));
    }
    for (from, to) in words {
        let chars = text[from..to].chars().count();
        line = match line {
            Some((start, _, len)) if len + 1 + chars <= width => Some((start, to, len + 1 + chars)),
            Some((start, end, _)) => {
                lines.push((start, end));
                Some((from, to, chars))
            }
            None => Some((from, to, chars)),
        };
    }
    if let Some((start, end, _)) = line {
        lines.push((start, end));
    }
    lines
}

/// Line breaks and tabs inside a line become plain spaces.
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Writes `text` wrapped and indented, painting the highlighted ranges.
pub(super) fn write_wrapped(
    out: &mut dyn Write,
    text: &str,
    highlights: &[(usize, usize)],
    indent: usize,
    style: &Style,
) -> io::Result<()> {
    let painter = Painter { color: style.color };
    let pad = " ".repeat(indent);
    for (start, end) in wrap(text, style.width.saturating_sub(indent)) {
        let mut line = String::new();
        let mut at = start;
        for &(from, to) in highlights {
            let (from, to) = (from.max(start), to.min(end));
            if from >= to || from < at {
                continue;
            }
            line.push_str(&spaced(&text[at..from]));
            line.push_str(&painter.paint(MATCH, &spaced(&text[from..to])));
            at = to;
        }
        line.push_str(&spaced(&text[at..end]));
        writeln!(out, "{pad}{line}")?;
    }
    Ok(())
}

fn hit_header(hit: &Hit, painter: &Painter) -> String {
    let partner = hit.document.partner.as_deref().unwrap_or("no partner");
    let areas = if !hit.clause.areas.is_empty() {
        hit.clause.areas.join("; ")
    } else {
        hit.clause
            .area_heading
            .clone()
            .unwrap_or_else(|| "no area".into())
    };
    let mut parts = vec![painter.paint(BOLD, partner), areas, date(hit.document.date)];
    if !hit.document.meeting_types.is_empty() {
        parts.push(comma_list(&hit.document.meeting_types));
    }
    if hit.match_kind == MatchKind::Partial {
        parts.push(painter.paint(DIM, "partial match"));
    }
    format!(
        "{} {}",
        painter.paint(BOLD, &format!("{:>3}.", hit.rank)),
        parts.join(" · ")
    )
}

fn summary(results: &SearchResults) -> String {
    let partial = results
        .hits
        .iter()
        .filter(|hit| hit.match_kind == MatchKind::Partial)
        .count();
    let partial_note = match (partial, results.partial_total) {
        (0, _) => String::new(),
        (shown, Some(of)) => format!("; {shown} of {of} partial matches follow"),
        (shown, None) => format!("; {shown} partial matches follow"),
    };
    let what = if results.query.trim().is_empty() {
        format!("{} clauses", results.total)
    } else if results.total == 0 && partial > 0 {
        format!("No clause holds every word of \"{}\"", results.query)
    } else if results.total == 0 {
        format!("No hits for \"{}\"", results.query)
    } else {
        let noun = if results.total == 1 { "hit" } else { "hits" };
        format!("{} {noun} for \"{}\"", results.total, results.query)
    };
    let full = results.hits.len() - partial;
    let page = match (results.hits.first(), results.hits.get(full.max(1) - 1)) {
        (Some(first), Some(last)) if full > 0 && (full as u64) < results.total => {
            format!(", showing {}–{}", first.rank, last.rank)
        }
        _ => String::new(),
    };
    format!("{what}{page}{partial_note} ({} ms)", results.took_ms)
}

pub(super) fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    style: &Style,
) -> io::Result<()> {
    let painter = Painter { color: style.color };
    writeln!(out, "{}", summary(results))?;
    for hit in &results.hits {
        writeln!(out)?;
        writeln!(out, "{}", hit_header(hit, &painter))?;
        write_wrapped(out, &hit.clause.text, &hit.highlights, INDENT, style)?;
        let footer = match hit.score {
            Some(score) => format!("{} · {} · score {score:.2}", hit.clause.id, hit.clause.kind),
            None => format!("{} · {}", hit.clause.id, hit.clause.kind),
        };
        writeln!(out, "{}{}", " ".repeat(INDENT), painter.paint(DIM, &footer))?;
        if !hit.matched.is_empty() {
            let line = format!("matched: {}", matched_line(&hit.matched));
            for (from, to) in wrap(&line, style.width.saturating_sub(INDENT)) {
                let part = &line[from..to];
                writeln!(out, "{}{}", " ".repeat(INDENT), painter.paint(DIM, part))?;
            }
        }
    }
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            painter.paint(BOLD, &format!("Facets over {} hits", results.total))
        )?;
        write_facets(out, facets, style)?;
    }
    Ok(())
}

/// How each query word matched a hit: `medicine (as typed), medical
/// (family of medicine)`.
fn matched_line(matched: &[WordMatch]) -> String {
    let described: Vec<String> = matched
        .iter()
        .map(|m| {
            let place = if m.in_heading { ", in the heading" } else { "" };
            match m.how {
                "as typed" => format!("{} (as typed{place})", m.found),
                "kind" => format!("{} (holds {:?})", m.found, m.word),
                how => format!("{} ({how} of {:?}{place})", m.found, m.word),
            }
        })
        .collect();
    described.join(", ")
}

/// One line per facet: its name, then `value (count)` entries, wrapped
/// under the first entry.
fn write_facets(out: &mut dyn Write, facets: &Facets, style: &Style) -> io::Result<()> {
    const NAME_WIDTH: usize = 17;
    let painter = Painter { color: style.color };
    let room = style.width.saturating_sub(NAME_WIDTH).max(20);
    for (facet, counts) in &facets.fields {
        let entries: Vec<String> = counts.iter().map(|(v, n)| format!("{v} ({n})")).collect();
        let mut lines: Vec<String> = Vec::new();
        for entry in entries {
            match lines.last_mut() {
                Some(line) if line.chars().count() + 3 + entry.chars().count() <= room => {
                    line.push_str(" · ");
                    line.push_str(&entry);
                }
                _ => lines.push(entry),
            }
        }
        if lines.is_empty() {
            lines.push("none".into());
        }
        for (i, line) in lines.iter().enumerate() {
            let name = if i == 0 { facet.name() } else { "" };
            let name = format!("  {name:<width$}", width = NAME_WIDTH - 2);
            writeln!(out, "{}{line}", painter.paint(DIM, &name))?;
        }
    }
    Ok(())
}

pub(super) fn write_facet_report(
    out: &mut dyn Write,
    report: &FacetReport,
    style: &Style,
) -> io::Result<()> {
    let what = if report.query.trim().is_empty() {
        if report.default_kinds {
            format!("Facets of the {} commitments and agreements", report.total)
        } else {
            format!("Facets of {} clauses", report.total)
        }
    } else {
        format!(
            "Facets of the {} hits for \"{}\"",
            report.total, report.query
        )
    };
    let painter = Painter { color: style.color };
    writeln!(out, "{}", painter.paint(BOLD, &what))?;
    write_facets(out, &report.facets, style)
}

pub(super) fn write_documents(
    out: &mut dyn Write,
    documents: &[DocumentRecord],
    skipped: &[SkippedFile],
    style: &Style,
) -> io::Result<()> {
    let painter = Painter { color: style.color };
    let warnings: usize = documents.iter().map(|d| d.warnings.len()).sum();
    writeln!(
        out,
        "{} documents, {} clauses, {} warnings, {} skipped files",
        documents.len(),
        documents.iter().map(|d| d.clauses).sum::<usize>(),
        warnings,
        skipped.len()
    )?;
    for doc in documents {
        writeln!(out)?;
        let partner = match (&doc.facts.partner, doc.facts.partner_kind) {
            (Some(p), Some(k)) => format!("{p} ({k})"),
            (Some(p), None) => p.clone(),
            (None, _) => "no partner".into(),
        };
        let mut meeting = comma_list(&doc.facts.meeting_types);
        if let Some(n) = doc.plenary_ordinal {
            meeting.push_str(&format!(" (plenary no. {n})"));
        }
        writeln!(
            out,
            "{}  {}  {}  {}",
            painter.paint(BOLD, &doc.id),
            date(doc.facts.date),
            painter.paint(BOLD, &partner),
            meeting
        )?;
        write_wrapped(out, &doc.facts.title, &[], 4, style)?;
        let mut facts = vec![doc.facts.source.clone(), format!("{} clauses", doc.clauses)];
        if let Some(n) = doc.declared_areas {
            facts.push(format!("{n} areas declared"));
        }
        if let Some(location) = &doc.location {
            facts.push(format!("held in {location}"));
        }
        if let Some(url) = &doc.facts.url {
            facts.push(url.clone());
        }
        writeln!(out, "    {}", painter.paint(DIM, &facts.join(" · ")))?;
        for warning in &doc.warnings {
            writeln!(
                out,
                "    {}",
                painter.paint(WARN, &format!("warning: {warning}"))
            )?;
        }
    }
    if !skipped.is_empty() {
        writeln!(out)?;
        for file in skipped {
            let place = match file.line {
                Some(line) => format!("{}:{line}", file.path.display()),
                None => file.path.display().to_string(),
            };
            writeln!(
                out,
                "{}",
                painter.paint(WARN, &format!("skipped {place}: {}", file.message))
            )?;
        }
    }
    Ok(())
}

pub(super) fn write_context(
    out: &mut dyn Write,
    context: &ClauseContext,
    style: &Style,
) -> io::Result<()> {
    let clause = &context.clause;
    write_header(out, clause, style)?;
    for view in &context.before {
        writeln!(out)?;
        write_clause(out, view, false, style)?;
    }
    writeln!(out)?;
    write_clause(out, clause, true, style)?;
    for view in &context.after {
        writeln!(out)?;
        write_clause(out, view, false, style)?;
    }
    Ok(())
}

/// A whole document: its title and facts, then every clause in order.
pub(super) fn write_document(
    out: &mut dyn Write,
    document: &DocumentView,
    style: &Style,
) -> io::Result<()> {
    let Some(first) = document.clauses.first() else {
        return writeln!(out, "{}", document.document.facts.title);
    };
    write_header(out, first, style)?;
    for view in &document.clauses {
        writeln!(out)?;
        write_clause(out, view, false, style)?;
    }
    Ok(())
}

/// The title, partner, date, meeting types and source of a clause's
/// document.
fn write_header(out: &mut dyn Write, clause: &ClauseView, style: &Style) -> io::Result<()> {
    let painter = Painter { color: style.color };
    for (start, end) in wrap(&clause.document.title, style.width) {
        writeln!(
            out,
            "{}",
            painter.paint(BOLD, &clause.document.title[start..end])
        )?;
    }
    let mut facts = vec![clause
        .document
        .partner
        .clone()
        .unwrap_or_else(|| "no partner".into())];
    if let Some(kind) = clause.document.partner_kind {
        facts[0].push_str(&format!(" ({kind})"));
    }
    facts.push(date(clause.document.date));
    if !clause.document.meeting_types.is_empty() {
        facts.push(comma_list(&clause.document.meeting_types));
    }
    writeln!(out, "{}", facts.join(" · "))?;
    writeln!(out, "{}", painter.paint(DIM, &clause.document.source))
}

/// One clause of a context: a marker for the clause asked for, its position,
/// kind and area, then its text.
fn write_clause(
    out: &mut dyn Write,
    view: &ClauseView,
    current: bool,
    style: &Style,
) -> io::Result<()> {
    let painter = Painter { color: style.color };
    let mut label = format!("[{}] {}", view.clause.position, view.clause.kind);
    match (&view.clause.area_heading, view.clause.areas.is_empty()) {
        (Some(h), false) => label.push_str(&format!(" · {h} ({})", view.clause.areas.join("; "))),
        (Some(h), true) => label.push_str(&format!(" · {h}")),
        (None, false) => label.push_str(&format!(" · {}", view.clause.areas.join("; "))),
        (None, true) => {}
    }
    if current {
        writeln!(
            out,
            "{}",
            painter.paint(BOLD, &format!("> {label} · {}", view.clause.id))
        )?;
    } else {
        writeln!(
            out,
            "{}",
            painter.paint(DIM, &format!("  {label} · {}", view.clause.id))
        )?;
    }
    write_wrapped(out, &view.clause.text, &[], 4, style)
}

/// A matrix's title: what was counted, over which clauses.
pub(super) fn matrix_title(matrix: &Matrix) -> String {
    let what = if matrix.query.trim().is_empty() {
        if matrix.default_kinds {
            format!("{} commitments and agreements", matrix.total)
        } else {
            format!("{} clauses", matrix.total)
        }
    } else {
        format!("the {} hits for \"{}\"", matrix.total, matrix.query)
    };
    format!(
        "Clauses per {} and {}, of {what}",
        matrix.rows.name(),
        matrix.columns.name()
    )
}

/// The widest a row label is shown, in characters; longer ones are cut
/// with an ellipsis.
const MAX_LABEL: usize = 32;
/// Spaces between two columns of a matrix.
const GAP: usize = 2;

/// A matrix as a grid of text: labels, counts and totals.
struct Grid<'a> {
    row_labels: Vec<&'a str>,
    column_labels: Vec<&'a str>,
    /// `cells[i][j]`: row `i`, column `j`.
    cells: Vec<Vec<u64>>,
    row_totals: &'a [u64],
    column_totals: &'a [u64],
    total: u64,
}

impl<'a> Grid<'a> {
    fn of(matrix: &'a Matrix) -> Grid<'a> {
        Grid {
            row_labels: matrix.row_labels.iter().map(String::as_str).collect(),
            column_labels: matrix.column_labels.iter().map(String::as_str).collect(),
            cells: matrix.counts.clone(),
            row_totals: &matrix.row_totals,
            column_totals: &matrix.column_totals,
            total: matrix.total,
        }
    }

    fn transposed(&self) -> Grid<'a> {
        let cells = (0..self.column_labels.len())
            .map(|j| self.cells.iter().map(|row| row[j]).collect())
            .collect();
        Grid {
            row_labels: self.column_labels.clone(),
            column_labels: self.row_labels.clone(),
            cells,
            row_totals: self.column_totals,
            column_totals: self.row_totals,
            total: self.total,
        }
    }
}

/// Column keys for abbreviated headers: A, B, ..., Z, AA, AB, ...
fn column_key(mut i: usize) -> String {
    let mut key = Vec::new();
    loop {
        key.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    key.reverse();
    String::from_utf8(key).unwrap_or_default()
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Lays out `grid` with `headers` over its columns, in blocks of columns no
/// wider than `width` when `split` (the row labels repeated in each), or
/// `None` when it does not fit in one block and may not be split.
fn lay_out(grid: &Grid, headers: &[String], width: usize, split: bool) -> Option<Vec<String>> {
    let count_width = |n: u64| n.to_string().len();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(j, h)| {
            grid.cells
                .iter()
                .map(|row| count_width(row[j]))
                .chain([h.chars().count(), count_width(grid.column_totals[j])])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let total_width = grid
        .row_totals
        .iter()
        .map(|n| count_width(*n))
        .chain(["total".len(), count_width(grid.total)])
        .max()
        .unwrap_or(5);
    // Split in blocks, the labels are cut so that one column and the
    // totals fit beside them.
    let label_cap = if split {
        let widest = widths.iter().copied().max().unwrap_or(1);
        MAX_LABEL.min(width.saturating_sub(2 * GAP + widest + total_width).max(8))
    } else {
        MAX_LABEL
    };
    let label_width = grid
        .row_labels
        .iter()
        .map(|l| l.chars().count().min(label_cap))
        .chain(["total".len()])
        .max()
        .unwrap_or(0);
    // Columns in blocks: each block starts with the labels, and the last
    // ends with the totals.
    let mut blocks: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = label_width;
    for (j, w) in widths.iter().enumerate() {
        let last = j + 1 == widths.len();
        let need = GAP + w + if last { GAP + total_width } else { 0 };
        let block = blocks.last_mut()?;
        if used + need > width && !block.is_empty() {
            if !split {
                return None;
            }
            blocks.push(vec![j]);
            used = label_width + GAP + w;
        } else {
            block.push(j);
            used += GAP + w;
        }
        if last {
            used += GAP + total_width;
        }
    }
    if used > width && !split {
        return None;
    }
    let mut lines = Vec::new();
    let blank = |n: u64| if n == 0 { String::new() } else { n.to_string() };
    for (b, block) in blocks.iter().enumerate() {
        let last = b + 1 == blocks.len();
        if b > 0 {
            lines.push(String::new());
        }
        let mut line = format!("{:label_width$}", "");
        for &j in block {
            line.push_str(&format!(
                "{:>gap$}{:>w$}",
                "",
                headers[j],
                gap = GAP,
                w = widths[j]
            ));
        }
        if last {
            line.push_str(&format!("{:>GAP$}{:>total_width$}", "", "total"));
        }
        lines.push(line.trim_end().to_string());
        let rows = grid
            .row_labels
            .iter()
            .enumerate()
            .map(|(i, label)| (cut(label, label_cap), &grid.cells[i], grid.row_totals[i]));
        for (label, cells, row_total) in rows {
            let mut line = format!("{label:label_width$}");
            for &j in block {
                line.push_str(&format!(
                    "{:>GAP$}{:>w$}",
                    "",
                    blank(cells[j]),
                    w = widths[j]
                ));
            }
            if last {
                line.push_str(&format!("{:>GAP$}{:>total_width$}", "", blank(row_total)));
            }
            lines.push(line.trim_end().to_string());
        }
        let mut line = format!("{:label_width$}", "total");
        for &j in block {
            line.push_str(&format!(
                "{:>GAP$}{:>w$}",
                "",
                blank(grid.column_totals[j]),
                w = widths[j]
            ));
        }
        if last {
            line.push_str(&format!("{:>GAP$}{:>total_width$}", "", grid.total));
        }
        lines.push(line.trim_end().to_string());
    }
    Some(lines)
}

/// A matrix as a table that fits the terminal: with its column labels as
/// headers if they fit, else with short keys (A, B, ...) explained below
/// the table, else turned so the shorter side runs across, else in blocks
/// of columns. Zeros are left blank; the total column counts distinct
/// clauses.
pub(super) fn write_matrix(out: &mut dyn Write, matrix: &Matrix, style: &Style) -> io::Result<()> {
    let painter = Painter { color: style.color };
    writeln!(out, "{}", painter.paint(BOLD, &matrix_title(matrix)))?;
    if matrix.total == 0 {
        return Ok(());
    }
    let width = style.width;
    let straight = Grid::of(matrix);
    let turned = straight.transposed();
    let full =
        |g: &Grid| -> Vec<String> { g.column_labels.iter().map(|l| l.to_string()).collect() };
    let keyed = |g: &Grid| -> Vec<String> { (0..g.column_labels.len()).map(column_key).collect() };
    // The side with fewer values runs across when the table must turn.
    let across = if matrix.column_labels.len() <= matrix.row_labels.len() {
        &straight
    } else {
        &turned
    };
    let tries: [(&Grid, bool, bool); 5] = [
        (&straight, false, false),
        (&straight, true, false),
        (&turned, false, false),
        (&turned, true, false),
        (across, true, true),
    ];
    for (grid, keys, split) in tries {
        let headers = if keys { keyed(grid) } else { full(grid) };
        let Some(lines) = lay_out(grid, &headers, width, split) else {
            continue;
        };
        for line in lines {
            writeln!(out, "{line}")?;
        }
        if keys {
            writeln!(out)?;
            for (key, label) in headers.iter().zip(&grid.column_labels) {
                writeln!(out, "{}", painter.paint(DIM, &format!("{key:>3}  {label}")))?;
            }
        }
        break;
    }
    let several = matches!(matrix.rows, MatrixAxis::Area | MatrixAxis::Meeting)
        || matches!(matrix.columns, MatrixAxis::Area | MatrixAxis::Meeting);
    if several {
        let note = "A clause with several areas or meeting types counts in each; \
                    totals count clauses once.";
        for (start, end) in wrap(note, width) {
            writeln!(out, "{}", painter.paint(DIM, &note[start..end]))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

    fn wide_matrix(columns: usize) -> Matrix {
        let column_labels: Vec<String> = (0..columns)
            .map(|j| format!("Area number {j} with a long name"))
            .collect();
        let counts: Vec<Vec<u64>> = (0..3)
            .map(|i| (0..columns).map(|j| ((i + j) % 3) as u64 * 7).collect())
            .collect();
        Matrix {
            query: String::new(),
            rows: MatrixAxis::Partner,
            columns: MatrixAxis::Area,
            row_labels: vec!["Beijing".into(), "Shanghai".into(), "Jiangsu".into()],
            column_labels,
            row_totals: counts.iter().map(|r| r.iter().sum()).collect(),
            column_totals: (0..columns)
                .map(|j| counts.iter().map(|r| r[j]).sum())
                .collect(),
            total: counts.iter().flatten().sum(),
            counts,
            default_kinds: false,
        }
    }

    fn table(matrix: &Matrix, width: usize) -> String {
        let mut out = Vec::new();
        let style = Style {
            color: false,
            width,
            bom: false,
        };
        write_matrix(&mut out, matrix, &style).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_matrix_table_abbreviates_turns_or_splits_to_fit() {
        // Long headers become keys explained below.
        let keyed = table(&wide_matrix(4), 60);
        assert!(
            keyed
                .lines()
                .nth(1)
                .unwrap()
                .trim_start()
                .starts_with("A   B"),
            "{keyed}"
        );
        assert!(
            keyed.contains("  A  Area number 0 with a long name"),
            "{keyed}"
        );
        // Too many columns even as keys: blocks of columns, each within
        // the width, the totals in the last.
        let split = table(&wide_matrix(40), 40);
        for line in split.lines().skip(1) {
            assert!(line.chars().count() <= 40, "{line:?}\n{split}");
        }
        assert!(split.contains("Area number 39"), "{split}");
        // Zeros are blank; counts and totals are written.
        let zeros = table(&wide_matrix(4), 200);
        let beijing = zeros.lines().find(|l| l.starts_with("Beijing")).unwrap();
        assert_eq!(
            beijing.split_whitespace().collect::<Vec<_>>(),
            ["Beijing", "7", "14", "21"]
        );
        let count_lines = zeros.lines().filter(|l| {
            ["Beijing", "Shanghai", "Jiangsu", "total"]
                .iter()
                .any(|r| l.starts_with(r))
        });
        assert!(!count_lines
            .clone()
            .any(|l| l.split_whitespace().any(|w| w == "0")));
        assert_eq!(count_lines.count(), 4);
    }

    fn render(results: &SearchResults, color: bool, width: usize) -> String {
        let mut out = Vec::new();
        let style = Style {
            color,
            width,
            bom: false,
        };
        write_results(&mut out, results, &style).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_text_has_a_header_line_per_hit_and_no_escape_codes() {
        let text = render(&sample_results(false), false, 100);
        let expected = "\
7 hits for \"chinese medicine\", showing 1–2 (3 ms)

  1. Jiangsu · Health and Chinese Medicine; Education · 2023-10-13 · high-level meeting, signing ceremony
     Strengthen standardisation of Chinese medicine.
     abc-001 · commitment · score 12.50

  2. no partner · no area · --05-11 (year unknown)
     Quotes \"here\", pipes | and new lines; café.
     def-002 · agreement · score 1.00
";
        assert_eq!(text, expected);
    }

    #[test]
    fn colour_paints_the_matched_words() {
        let text = render(&sample_results(false), true, 100);
        assert!(
            text.contains("of \x1b[1;31mChinese\x1b[0m \x1b[1;31mmedicine\x1b[0m."),
            "{text}"
        );
    }

    #[test]
    fn long_clauses_wrap_at_the_width() {
        let mut results = sample_results(false);
        results.hits.truncate(1);
        results.hits[0].view.clause.text = "word ".repeat(40).trim().to_string();
        results.hits[0].highlights.clear();
        let text = render(&results, false, 40);
        let body: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("word"))
            .collect();
        assert!(body.len() > 1);
        assert!(body.iter().all(|l| l.chars().count() <= 40), "{body:?}");
    }

    #[test]
    fn facets_follow_the_hits() {
        let text = render(&sample_results(true), false, 100);
        assert!(text.contains("Facets over 7 hits\n  partner        Jiangsu (5) · Beijing (2)\n  year           2023 (7)\n"), "{text}");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
        let lines: Vec<&str> = wrap(text, 20)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect();
        assert_eq!(
            lines,
            [
                "alpha beta gamma",
                "delta epsilon zeta",
                "eta theta iota kappa"
            ]
        );
        assert!(wrap("", 20).is_empty());
    }
}
