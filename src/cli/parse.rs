//! `accords parse`: shows what ingest extracted from each release, so a
//! user can trust or debug the parse before indexing.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use accords::ingest::{self, Corpus};
use accords::model::{ClauseKind, Document};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords parse seeds
  accords parse seeds/004_24afc51462363563.txt --format json")]
pub struct ParseArgs {
    /// Press releases, or folders of them (.txt, .md, .htm and .html,
    /// searched recursively).
    #[arg(default_value = "seeds")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// A readable outline of each document.
    Text,
    /// A JSON list of documents with every extracted field.
    Json,
}

pub fn run(args: &ParseArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let corpus = ingest::ingest_paths(&args.paths)?;
    match args.format {
        ParseFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &corpus.documents)?;
            writeln!(out)?;
        }
        ParseFormat::Text => {
            for doc in &corpus.documents {
                write_outline(out, doc)?;
            }
        }
    }
    write_summary(err, &corpus)?;
    Ok(())
}

fn write_summary(err: &mut dyn Write, corpus: &Corpus) -> std::io::Result<()> {
    let warnings = corpus.warnings();
    for w in &warnings {
        writeln!(err, "warning: {w}")?;
    }
    let clauses: usize = corpus.documents.iter().map(|d| d.clauses.len()).sum();
    writeln!(
        err,
        "{} documents, {clauses} clauses, {} skipped files, {} warnings",
        corpus.documents.len(),
        corpus.skipped.len(),
        warnings.len()
    )
}

/// The text outline: metadata, then each area with its clauses, then the
/// agreements.
fn write_outline(out: &mut dyn Write, doc: &Document) -> std::io::Result<()> {
    let or_dash = |s: Option<String>| s.unwrap_or_else(|| "-".into());
    writeln!(out, "== {}", doc.facts.source)?;
    writeln!(out, "id:          {}", doc.id)?;
    writeln!(out, "title:       {}", doc.facts.title)?;
    writeln!(
        out,
        "partner:     {}",
        or_dash(
            doc.facts
                .partner
                .as_ref()
                .map(|p| match doc.facts.partner_kind {
                    Some(k) => format!("{p} ({k})"),
                    None => p.clone(),
                })
        )
    )?;
    writeln!(out, "province:    {}", or_dash(doc.facts.province.clone()))?;
    writeln!(
        out,
        "release:     {} ({}; {})",
        if doc.meeting_release {
            "meeting release"
        } else {
            "not a meeting release"
        },
        doc.release_reason,
        doc.language
    )?;
    let meetings: Vec<String> = doc
        .facts
        .meeting_types
        .iter()
        .map(|m| match (m, doc.plenary_ordinal) {
            (accords::model::MeetingType::PlenarySession, Some(n)) => format!("{m} (no. {n})"),
            _ => m.to_string(),
        })
        .collect();
    writeln!(out, "meeting:     {}", meetings.join(", "))?;
    writeln!(out, "conference:  {}", or_dash(doc.conference.clone()))?;
    writeln!(out, "location:    {}", or_dash(doc.location.clone()))?;
    writeln!(
        out,
        "date:        {} (from {})",
        or_dash(doc.facts.date.map(|d| d.to_string())),
        serde_json::to_value(doc.date_source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    )?;
    let headings = doc.areas.iter().filter(|a| a.heading.is_some()).count();
    writeln!(
        out,
        "areas:       {} declared, {headings} headings, {} inferred",
        or_dash(doc.declared_areas.map(|n| n.to_string())),
        doc.areas.len() - headings
    )?;
    let count = |k| doc.clauses.iter().filter(|c| c.kind == k).count();
    writeln!(
        out,
        "clauses:     {} commitments, {} agreements, {} statements",
        count(ClauseKind::Commitment),
        count(ClauseKind::Agreement),
        count(ClauseKind::Statement)
    )?;
    let mut last_heading: Option<(&Option<String>, &Vec<String>)> = None;
    for clause in doc
        .clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::Commitment)
    {
        let key = (&clause.area_heading, &clause.areas);
        if last_heading != Some(key) {
            let heading = clause.area_heading.as_deref().unwrap_or("(no heading)");
            let flag = if clause.inferred { ", inferred" } else { "" };
            writeln!(out, "  ## {heading}  [{}{flag}]", clause.areas.join("; "))?;
            last_heading = Some(key);
        }
        writeln!(
            out,
            "     {:>3}. {}",
            clause.position,
            ellipsis(&clause.text, 110)
        )?;
    }
    if !doc.agreements.is_empty() {
        writeln!(out, "  ## agreements")?;
        for (i, a) in doc.agreements.iter().enumerate() {
            writeln!(out, "     {:>3}. {}", i + 1, ellipsis(a, 110))?;
        }
    }
    for w in &doc.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    writeln!(out)
}

fn ellipsis(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
