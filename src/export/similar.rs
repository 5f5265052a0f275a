//! Similar clauses and partner comparisons, as text, Markdown or JSON.
//!
//! Text (not a stable interface) opens a similar list with a line saying
//! what the clauses are like and the distinctive terms searched for; each
//! clause then gets a header line (rank, partner, areas, date), its text
//! with the shared words highlighted, a dim line of why it came back (the
//! shared words, heaviest first, and their share of the source's term
//! weight), and one of its id and kind. A comparison lists each area with the first
//! partner's clauses (labelled `A1`, `A2`, ...) and then the second's
//! (`B1`, ...), an area only one partner has marked as such, and ends with
//! the closest pairs (`A3 ≈ B1`). Markdown writes each area as a two-column
//! table. JSON is [`SimilarResults`] or [`Comparison`] as serde writes
//! them; docs/api.md lists the fields.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::engine::count;
use crate::export::md::cell;
use crate::export::text::{date, write_wrapped, Painter, BOLD, DIM};
use crate::export::{Format, Style};
use crate::model::ClauseView;
use crate::search::similar::{Comparison, SimilarResults};

const INDENT: usize = 5;

/// `text` cut at spaces into lines of at most `width` characters.
fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width.max(20) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn place(view: &ClauseView) -> String {
    let partner = view.document.partner.as_deref().unwrap_or("no partner");
    let areas = if view.clause.areas.is_empty() {
        view.clause
            .area_heading
            .clone()
            .unwrap_or_else(|| "no area".into())
    } else {
        view.clause.areas.join("; ")
    };
    format!("{partner} · {areas} · {}", date(view.document.date))
}

fn percent(share: f32) -> String {
    format!("{:.0}%", (share * 100.0).clamp(0.0, 100.0))
}

/// Writes a similar list: text, or JSON for every other format.
pub fn write_similar(
    out: &mut dyn Write,
    format: Format,
    results: &SimilarResults,
    style: &Style,
) -> io::Result<()> {
    if format != Format::Text {
        serde_json::to_writer_pretty(&mut *out, results)?;
        return writeln!(out);
    }
    let painter = Painter { color: style.color };
    let like = match &results.source.clause {
        Some(view) => format!(
            "{} ({})",
            view.clause.id,
            view.document.partner.as_deref().unwrap_or("no partner")
        ),
        None => format!(
            "the text given ({} words)",
            results.source.text.split_whitespace().count()
        ),
    };
    let scope = match (&results.source.clause, results.same_partner) {
        (Some(_), false) => ", from other partners",
        _ => "",
    };
    writeln!(
        out,
        "{} like {like}{scope} ({} ms)",
        count(results.hits.len(), "clause"),
        results.took_ms
    )?;
    let words: Vec<&str> = results
        .source
        .terms
        .iter()
        .take(8)
        .map(|t| t.word.as_str())
        .collect();
    let words = if words.is_empty() {
        "distinctive words: none; no clause holds any of its words".to_string()
    } else {
        format!("distinctive words: {}", words.join(", "))
    };
    writeln!(out, "{}", painter.paint(DIM, &words))?;
    for hit in &results.hits {
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            painter.paint(BOLD, &format!("{:>3}.", hit.rank)),
            place(&hit.view)
        )?;
        write_wrapped(out, &hit.view.clause.text, &hit.highlights, INDENT, style)?;
        let why = format!(
            "shares {} ({} of the weight)",
            hit.shared.join(", "),
            percent(hit.overlap)
        );
        let id = format!("{} · {}", hit.view.clause.id, hit.view.clause.kind);
        for line in wrap_plain(&why, style.width.saturating_sub(INDENT))
            .iter()
            .chain([&id])
        {
            writeln!(out, "{}{}", " ".repeat(INDENT), painter.paint(DIM, line))?;
        }
    }
    Ok(())
}

/// Labels `A1`, `A2`, ... and `B1`, ... for each side's clauses, in the
/// order the areas list them.
fn labels(comparison: &Comparison) -> HashMap<(usize, String), String> {
    let mut labels = HashMap::new();
    let mut next = [0usize; 2];
    for area in &comparison.areas {
        for (side, views) in [&area.left, &area.right].into_iter().enumerate() {
            for view in views {
                labels
                    .entry((side, view.clause.id.clone()))
                    .or_insert_with(|| {
                        next[side] += 1;
                        format!("{}{}", ["A", "B"][side], next[side])
                    });
            }
        }
    }
    labels
}

fn summary(comparison: &Comparison) -> String {
    let [a, b] = &comparison.partners;
    let both = comparison.areas.iter().filter(|x| x.only.is_none()).count();
    let only = |p: &str| {
        comparison
            .areas
            .iter()
            .filter(|x| x.only.as_deref() == Some(p))
            .count()
    };
    let query = if comparison.query.trim().is_empty() {
        String::new()
    } else {
        format!(" for \"{}\"", comparison.query)
    };
    format!(
        "{a} and {b}{query}: {} ({both} both, {} only {a}, {} only {b}); {}",
        count(comparison.areas.len(), "area"),
        only(a),
        only(b),
        count(comparison.pairs.len(), "closest pair")
    )
}

/// Writes a comparison as text, Markdown, or JSON for every other format.
pub fn write_comparison(
    out: &mut dyn Write,
    format: Format,
    comparison: &Comparison,
    style: &Style,
) -> io::Result<()> {
    match format {
        Format::Text => write_comparison_text(out, comparison, style),
        Format::Md => write_comparison_md(out, comparison),
        _ => {
            serde_json::to_writer_pretty(&mut *out, comparison)?;
            writeln!(out)
        }
    }
}

fn write_comparison_text(
    out: &mut dyn Write,
    comparison: &Comparison,
    style: &Style,
) -> io::Result<()> {
    let painter = Painter { color: style.color };
    let labels = labels(comparison);
    writeln!(out, "{}", summary(comparison))?;
    writeln!(
        out,
        "{}",
        painter.paint(
            DIM,
            &format!(
                "A = {}, B = {}",
                comparison.partners[0], comparison.partners[1]
            )
        )
    )?;
    for area in &comparison.areas {
        writeln!(out)?;
        let title = match &area.only {
            Some(p) => format!("== {} · only {p}", area.area),
            None => format!("== {}", area.area),
        };
        writeln!(out, "{}", painter.paint(BOLD, &title))?;
        for (side, views) in [&area.left, &area.right].into_iter().enumerate() {
            if views.is_empty() {
                continue;
            }
            writeln!(out, "   {}", comparison.partners[side])?;
            for view in views {
                let label = labels
                    .get(&(side, view.clause.id.clone()))
                    .cloned()
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}",
                    painter.paint(DIM, &format!("   {label:<4} {}", view.clause.id))
                )?;
                write_wrapped(out, &view.clause.text, &[], 8, style)?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", painter.paint(BOLD, "Closest pairs"))?;
    if comparison.pairs.is_empty() {
        writeln!(out, "   none share enough distinctive words")?;
    }
    for pair in &comparison.pairs {
        let a = labels
            .get(&(0, pair.left.clone()))
            .cloned()
            .unwrap_or_else(|| pair.left.clone());
        let b = labels
            .get(&(1, pair.right.clone()))
            .cloned()
            .unwrap_or_else(|| pair.right.clone());
        writeln!(
            out,
            "   {a:<4} ≈ {b:<4} {:>4}  {}",
            percent(pair.overlap),
            pair.shared.join(", ")
        )?;
    }
    Ok(())
}

fn write_comparison_md(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    let labels = labels(comparison);
    let [a, b] = &comparison.partners;
    writeln!(out, "{}.", summary(comparison))?;
    let text = |side: usize, view: &ClauseView| {
        let label = labels
            .get(&(side, view.clause.id.clone()))
            .cloned()
            .unwrap_or_default();
        cell(&format!("**{label}** {}", view.clause.text))
    };
    for area in &comparison.areas {
        writeln!(out)?;
        match &area.only {
            Some(p) => writeln!(out, "## {} (only {p})", cell(&area.area))?,
            None => writeln!(out, "## {}", cell(&area.area))?,
        }
        writeln!(out)?;
        writeln!(out, "| {} | {} |", cell(a), cell(b))?;
        writeln!(out, "| --- | --- |")?;
        for i in 0..area.left.len().max(area.right.len()) {
            let l = area.left.get(i).map(|v| text(0, v)).unwrap_or_default();
            let r = area.right.get(i).map(|v| text(1, v)).unwrap_or_default();
            writeln!(out, "| {l} | {r} |")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "## Closest pairs")?;
    writeln!(out)?;
    if comparison.pairs.is_empty() {
        return writeln!(out, "None share enough distinctive words.");
    }
    writeln!(out, "| {} | {} | shared | words |", cell(a), cell(b))?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for pair in &comparison.pairs {
        let l = labels.get(&(0, pair.left.clone())).cloned();
        let r = labels.get(&(1, pair.right.clone())).cloned();
        writeln!(
            out,
            "| {} ({}) | {} ({}) | {} | {} |",
            l.unwrap_or_default(),
            pair.left,
            r.unwrap_or_default(),
            pair.right,
            percent(pair.overlap),
            cell(&pair.shared.join(", "))
        )?;
    }
    Ok(())
}
