//! The only place the comparison calls accords: indexing from clause
//! records and from press releases, a search as the command line runs it
//! (top ten with highlights and snippets) and facet counts. Kept small so a
//! change to the library's API is fixed here alone.

#![allow(dead_code)]

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use accords::index::{FacetField, Provenance};
use accords::ingest::JsonlReader;
use accords::search::{self, SearchRequest};
use accords::Engine;

use crate::queries::{BenchQuery, FacetTally, Filter, Page};

pub struct Accords {
    engine: Engine,
}

impl Accords {
    /// Indexes a clause-record file into `dir`, as `accords index --jsonl`.
    pub fn index_jsonl(jsonl: &Path, dir: &Path) -> Result<Accords, String> {
        let file = File::open(jsonl).map_err(|e| format!("{}: {e}", jsonl.display()))?;
        let mut reader = JsonlReader::new(
            BufReader::with_capacity(1 << 20, file),
            &jsonl.display().to_string(),
        );
        let mut next = || {
            reader
                .next_document()
                .map_err(|e| accords::Error::io(jsonl, e))
        };
        let engine = Engine::from_documents(dir, &mut next, &Provenance::default())
            .map_err(|e| e.to_string())?;
        if !reader.bad_lines.is_empty() {
            return Err(format!(
                "{}: {} lines skipped",
                jsonl.display(),
                reader.bad_lines.len()
            ));
        }
        Ok(Accords { engine })
    }

    /// Indexes a folder of press releases into `dir` through the parser, as
    /// `accords index FOLDER`. Returns the clauses indexed.
    pub fn index_texts(folder: &Path, dir: &Path) -> Result<u64, String> {
        let root = std::env::current_dir().map_err(|e| e.to_string())?;
        let (_, built) = Engine::build(
            dir,
            &root,
            &[PathBuf::from(folder)],
            accords::index::Mode::Replace,
        )
        .map_err(|e| e.to_string())?;
        Ok(built.clauses as u64)
    }

    pub fn clause_count(&self) -> u64 {
        self.engine.health().clauses
    }

    /// A request over every kind of clause, so accords searches the rows
    /// the others do.
    fn request(query: &str, filter: Option<&Filter>) -> SearchRequest {
        let mut request = SearchRequest::new(query);
        request.kind = vec![search::filters::ALL_KINDS.to_string()];
        match filter {
            Some(Filter::Partner(p)) => request.partner = vec![p.clone()],
            Some(Filter::Area(a)) => request.area = vec![a.clone()],
            None => {}
        }
        request
    }

    /// The first ten hits with highlights and snippets.
    pub fn search(&self, query: &BenchQuery) -> Page {
        let request = Accords::request(&query.text(), query.filter.as_ref());
        let results = self.engine.search(&request).expect("the search runs");
        Page {
            hits: results.hits.len(),
            marks: results
                .hits
                .iter()
                .map(|h| h.highlights.len() + usize::from(!h.snippet.is_empty()))
                .sum(),
        }
    }

    /// Facet counts over every clause `query` matches.
    pub fn facets(&self, query: &str) -> FacetTally {
        let mut request = Accords::request(query, None);
        request.limit = Some(0);
        request.facets = true;
        let results = self.engine.search(&request).expect("the facet count runs");
        let facets = results.facets.expect("facets were asked for");
        let tally = |f: FacetField| {
            let counts = facets.get(f);
            (counts.len(), counts.iter().map(|(_, n)| n).sum())
        };
        FacetTally {
            matched: Some(results.total),
            dims: [
                tally(FacetField::Partner),
                tally(FacetField::Areas),
                tally(FacetField::MeetingTypes),
                tally(FacetField::Year),
            ],
        }
    }
}
