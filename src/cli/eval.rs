//! `accords eval`: ranking quality on a judged query set, accords beside a
//! plain tantivy baseline.
//!
//! Text output is a table for people (not a stable interface); JSON is the
//! [`Evaluation`] as is: `depth`, `overall` and `by_kind` summaries (each
//! with `kind`, `queries` and `accords`/`baseline` scores `ndcg`, `recall`, `precision` (R-precision),
//! `mrr`), `baseline_rejected`, and one entry per query in `queries`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use accords::eval::similar::{evaluate_similar, SimilarSet};
use accords::eval::{self, Evaluation, QuerySet, Scores};
use accords::ingest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A table of scores, then the queries accords does worst on.
    Text,
    /// One JSON object with every score.
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords eval
  accords eval --format json --worst 0
  accords eval --similar eval/similar.json")]
pub struct EvalArgs {
    /// The judged queries.
    #[arg(long, value_name = "FILE", default_value = "eval/queries.json")]
    pub queries: PathBuf,

    /// The releases the judgements refer to; both indexes are built from
    /// them in temporary folders.
    #[arg(long, value_name = "PATH", default_value = "seeds")]
    pub seeds: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,

    /// Queries listed per kind as the worst for accords (text only).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub worst: usize,

    /// Measure `accords similar` instead, on these judged clauses
    /// (eval/similar.json).
    #[arg(long, value_name = "FILE")]
    pub similar: Option<PathBuf>,
}

pub fn run(args: &EvalArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(path) = &args.similar {
        return run_similar(args, path, out, err);
    }
    let set = QuerySet::read(&args.queries)?;
    let corpus = ingest::ingest_paths(std::slice::from_ref(&args.seeds))
        .with_context(|| format!("reading {}", args.seeds.display()))?;
    let evaluation = eval::evaluate(&set, &corpus.documents)
        .with_context(|| format!("evaluating {}", args.queries.display()))?;
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &evaluation)?;
            writeln!(out)?;
        }
        EvalFormat::Text => write_text(out, &evaluation, args.worst)?,
    }
    writeln!(
        err,
        "accords: {} queries; tantivy's parser rejected {} of them (scored 0 for the baseline)",
        evaluation.queries.len(),
        evaluation.baseline_rejected
    )?;
    Ok(())
}

/// Scores `accords similar` on judged source clauses.
fn run_similar(
    args: &EvalArgs,
    path: &std::path::Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let set = SimilarSet::read(path)?;
    let corpus = ingest::ingest_paths(std::slice::from_ref(&args.seeds))
        .with_context(|| format!("reading {}", args.seeds.display()))?;
    let evaluation = evaluate_similar(&set, &corpus.documents)
        .with_context(|| format!("evaluating {}", path.display()))?;
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &evaluation)?;
            writeln!(out)?;
        }
        EvalFormat::Text => {
            let depth = evaluation.depth;
            writeln!(
                out,
                "{:<5} {:<24} {:<10} {:>8} {:>10} {:>7} {:>6}",
                "id",
                "clause",
                "partner",
                format!("nDCG@{depth}"),
                format!("Recall@{depth}"),
                "R-Prec",
                "RR"
            )?;
            for s in &evaluation.sources {
                writeln!(
                    out,
                    "{:<5} {:<24} {:<10} {:>8.3} {:>10.3} {:>7.3} {:>6.3}",
                    s.id,
                    s.clause,
                    s.partner,
                    s.scores.ndcg,
                    s.scores.recall,
                    s.scores.precision,
                    s.scores.mrr
                )?;
            }
            let o = &evaluation.overall;
            writeln!(
                out,
                "{:<5} {:<24} {:<10} {:>8.3} {:>10.3} {:>7.3} {:>6.3}",
                "all", "", "", o.ndcg, o.recall, o.precision, o.mrr
            )?;
        }
    }
    writeln!(
        err,
        "accords: {} judged clauses; similar clauses from other partners",
        evaluation.sources.len()
    )?;
    Ok(())
}

fn row(out: &mut dyn Write, label: &str, n: usize, a: &Scores, b: &Scores) -> std::io::Result<()> {
    writeln!(
        out,
        "{label:<13} {n:>3}   {:>6.3} {:>6.3}   {:>6.3} {:>6.3}   {:>6.3} {:>6.3}   {:>6.3} {:>6.3}",
        a.ndcg, b.ndcg, a.recall, b.recall, a.precision, b.precision, a.mrr, b.mrr
    )
}

fn write_text(out: &mut dyn Write, evaluation: &Evaluation, worst: usize) -> std::io::Result<()> {
    let depth = evaluation.depth;
    writeln!(
        out,
        "{:<13} {:>3}   {:^13}   {:^13}   {:^13}   {:^13}",
        "kind",
        "n",
        format!("nDCG@{depth}"),
        format!("Recall@{depth}"),
        "R-Precision",
        "MRR"
    )?;
    writeln!(
        out,
        "{:<13} {:>3}   {:>6} {:>6}   {:>6} {:>6}   {:>6} {:>6}   {:>6} {:>6}",
        "", "", "ours", "base", "ours", "base", "ours", "base", "ours", "base"
    )?;
    let o = &evaluation.overall;
    row(out, "all", o.queries, &o.accords, &o.baseline)?;
    for s in &evaluation.by_kind {
        row(out, &s.kind, s.queries, &s.accords, &s.baseline)?;
    }
    if worst == 0 {
        return Ok(());
    }
    writeln!(out, "\nworst queries per kind (nDCG@{depth}, ours / base):")?;
    for s in &evaluation.by_kind {
        let mut queries: Vec<_> = evaluation
            .queries
            .iter()
            .filter(|q| q.kind == s.kind)
            .collect();
        queries.sort_by(|a, b| a.accords.ndcg.total_cmp(&b.accords.ndcg));
        for q in queries.into_iter().take(worst) {
            let suggestion = q
                .suggestion
                .as_deref()
                .map(|s| format!("  (did you mean: {s})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<12} {:<5} {:.3} / {:.3}  {}{suggestion}",
                q.kind, q.id, q.accords.ndcg, q.baseline.ndcg, q.query
            )?;
        }
    }
    Ok(())
}
