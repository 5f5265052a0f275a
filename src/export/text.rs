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
    ClauseContext, ClauseView, DocumentView, Facets, Hit, MatchKind, SearchResults,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

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
