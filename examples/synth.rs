//! Writes a synthetic corpus for benchmarking: clause records as JSON lines
//! and, optionally, the same meetings as press releases.
//!
//! ```text
//! cargo run --release --example synth -- --clauses 100000 --seed 7 --jsonl out.jsonl [--texts DIR]
//! ```
//!
//! It reports on stderr what it wrote, with the number of distinct terms
//! (lowercased runs of letters and digits), so the vocabulary's growth with
//! size can be checked against Heaps' law. The generator itself lives in
//! `benches/support/synth.rs`, shared with the benches.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

#[derive(Debug, Parser)]
#[command(about = "Write a synthetic corpus of co-operation clauses")]
struct Args {
    /// How many clause records to write.
    #[arg(long, default_value_t = 100_000)]
    clauses: usize,
    /// The random seed: the same seed and size give the same corpus.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Where to write the clause records, one JSON object per line.
    #[arg(long)]
    jsonl: Option<PathBuf>,
    /// A folder to write one press release per meeting into (about one per
    /// 30 clauses).
    #[arg(long)]
    texts: Option<PathBuf>,
    /// The releases whose language the corpus imitates.
    #[arg(long, default_value = "seeds")]
    seeds: PathBuf,
    /// Skip counting distinct terms (it holds the vocabulary in memory).
    #[arg(long)]
    no_stats: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut synth = synth::Synth::new(&args.seeds, args.seed);
    let mut jsonl = match &args.jsonl {
        Some(path) => Some(BufWriter::with_capacity(
            1 << 20,
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => None,
    };
    if let Some(dir) = &args.texts {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut terms: HashSet<String> = HashSet::new();
    let (mut clauses, mut bytes, mut docs, mut text_bytes) = (0usize, 0usize, 0usize, 0usize);
    while clauses < args.clauses {
        let doc = synth.next_doc();
        docs += 1;
        if let Some(dir) = &args.texts {
            let release = doc.release();
            text_bytes += release.len();
            let name = doc.source.trim_start_matches("synth/");
            fs::write(dir.join(name), release)?;
        }
        for record in doc.records().into_iter().take(args.clauses - clauses) {
            clauses += 1;
            bytes += record.text.len();
            if !args.no_stats {
                for word in record.text.split(|c: char| !c.is_alphanumeric()) {
                    if word.is_empty() {
                        continue;
                    }
                    let lower = word.to_lowercase();
                    if !terms.contains(&lower) {
                        terms.insert(lower);
                    }
                }
            }
            if let Some(out) = jsonl.as_mut() {
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
        }
    }
    if let Some(mut out) = jsonl {
        out.flush()?;
    }
    eprintln!(
        "{clauses} clauses from {docs} meetings; {bytes} bytes of clause text ({:.0} per clause){}",
        bytes as f64 / clauses.max(1) as f64,
        if args.texts.is_some() {
            format!("; {text_bytes} bytes of releases")
        } else {
            String::new()
        }
    );
    if !args.no_stats {
        eprintln!("{} distinct terms", terms.len());
    }
    Ok(())
}
