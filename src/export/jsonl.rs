//! JSON lines: one compact JSON object per line, for streaming tools (`jq`,
//! pandas `read_json(lines=True)`).
//!
//! Search results: one line per hit, each the hit object described in
//! [`json`](super::json); with `--facets`, one last line
//! `{"facets": {...}}`. Facet counts alone: one line per value,
//! `{"facet": "partner", "value": "Beijing", "count": 3}`. Documents: one
//! line per document record (skipped files are listed by the text and JSON
//! formats only).

use std::io::{self, Write};

use serde::Serialize;

use crate::index::DocumentRecord;
use crate::search::{Facets, SearchResults};

fn write_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

pub(super) fn write_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        write_line(out, hit)?;
    }
    if let Some(facets) = &results.facets {
        #[derive(Serialize)]
        struct FacetsLine<'a> {
            facets: &'a Facets,
        }
        write_line(out, &FacetsLine { facets })?;
    }
    Ok(())
}

pub(super) fn write_facets(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    #[derive(Serialize)]
    struct Count<'a> {
        facet: &'a str,
        value: &'a str,
        count: u64,
    }
    for (facet, counts) in &facets.fields {
        for (value, count) in counts {
            write_line(
                out,
                &Count {
                    facet: facet.name(),
                    value,
                    count: *count,
                },
            )?;
        }
    }
    Ok(())
}

pub(super) fn write_documents(out: &mut dyn Write, documents: &[DocumentRecord]) -> io::Result<()> {
    for doc in documents {
        write_line(out, doc)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

    #[test]
    fn one_hit_per_line_then_the_facets() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(true)).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["id"], "abc-001");
        assert_eq!(
            lines[1]["text"],
            "Quotes \"here\", pipes | and\nnew lines; café."
        );
        assert_eq!(lines[2]["facets"]["year"]["2023"], 7);
    }

    #[test]
    fn facet_counts_are_one_value_per_line() {
        let mut out = Vec::new();
        write_facets(&mut out, sample_results(true).facets.as_ref().unwrap()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            r#"{"facet":"partner","value":"Jiangsu","count":5}"#
        );
        assert_eq!(text.lines().count(), 3);
    }
}
