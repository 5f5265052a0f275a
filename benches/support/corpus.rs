//! The corpus the comparison runs on: clause records as JSON lines, read
//! back into plain values every engine can index, and (when synthesised
//! here) the same meetings as press releases for the parser's figure.

#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde::Deserialize;

use crate::synth;

/// One clause record, with the fields the engines index.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub meeting_types: Vec<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub doc_id: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl Record {
    /// The meeting's year, from a date that starts `YYYY`.
    pub fn year(&self) -> Option<i64> {
        self.date.as_deref()?.get(..4)?.parse().ok()
    }
}

/// Hands each record of a JSON lines file to `each`, in order; a line that
/// is not a record stops the run, naming the line, since the engines would
/// disagree on it.
pub fn each_record(
    path: &Path,
    mut each: impl FnMut(Record) -> Result<(), String>,
) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for (n, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        each(record)?;
    }
    Ok(())
}

/// Every record of a JSON lines file.
pub fn read_jsonl(path: &Path) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    each_record(path, |r| {
        records.push(r);
        Ok(())
    })?;
    Ok(records)
}

/// Writes `clauses` synthetic clause records (seed `seed`) to `jsonl` and,
/// when `texts` is given, the same meetings as press releases into that
/// folder. Returns the number of releases written.
pub fn synthesise(
    seeds: &Path,
    seed: u64,
    clauses: usize,
    jsonl: &Path,
    texts: Option<&Path>,
) -> Result<usize, String> {
    let mut synth = synth::Synth::new(seeds, seed);
    let file = File::create(jsonl).map_err(|e| format!("{}: {e}", jsonl.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    if let Some(dir) = texts {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let (mut written, mut releases) = (0, 0);
    while written < clauses {
        let doc = synth.next_doc();
        let records = doc.records();
        // Whole meetings only, so the releases and the records hold the
        // same clauses.
        for record in &records {
            serde_json::to_writer(&mut out, record).map_err(|e| e.to_string())?;
            out.write_all(b"\n").map_err(|e| e.to_string())?;
        }
        written += records.len();
        if let Some(dir) = texts {
            let name = doc.source.trim_start_matches("synth/");
            let path = dir.join(name);
            fs::write(&path, doc.release()).map_err(|e| format!("{}: {e}", path.display()))?;
            releases += 1;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(releases)
}
