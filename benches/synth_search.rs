//! Search over a synthetic corpus (see `support/synth.rs`): a fixed mixed
//! query set, top ten with highlights, and facet counts over a broad query.
//! The corpus is 20k clauses so a run stays short; `benches/compare.rs`
//! takes the figures at 100k and 1M against SQLite FTS5 and bare tantivy.

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

use accords::index::Provenance;
use accords::ingest::JsonlReader;
use accords::{Engine, SearchRequest};

const CLAUSES: usize = 20_000;

fn build(dir: &Path) -> Engine {
    let mut generator = synth::Synth::new(Path::new("seeds"), 7);
    let mut lines = Vec::new();
    let mut count = 0;
    while count < CLAUSES {
        for record in generator.next_doc().records() {
            serde_json::to_writer(&mut lines, &record).expect("a record encodes");
            lines.push(b'\n');
            count += 1;
        }
    }
    let mut reader = JsonlReader::new(&lines[..], "synth");
    let mut next = || Ok(reader.next_document().expect("in-memory input"));
    Engine::from_documents(dir, &mut next, &Provenance::default()).expect("index builds")
}

fn bench_search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let engine = build(dir.path());
    assert!(engine.health().clauses as usize >= CLAUSES);
    let queries = [
        "finance",
        "technology",
        "green finance",
        "youth exchange programme",
        "\"belt and road\"",
        "\"chinese medicine\"",
    ];
    let mut group = c.benchmark_group("synth_search");
    group.bench_function("mixed_queries_top10", |b| {
        b.iter(|| {
            for q in queries {
                let results = engine.search(&SearchRequest::new(q)).expect("search runs");
                assert!(results.total > 0, "{q} matches");
                assert!(results.hits.len() <= 10);
            }
        })
    });
    group.bench_function("facets_broad_query", |b| {
        b.iter(|| {
            let mut request = SearchRequest::new("co-operation");
            request.facets = true;
            request.limit = Some(0);
            let results = engine.search(&request).expect("search runs");
            assert!(results.total as usize > CLAUSES / 4);
            assert!(results.facets.is_some());
        })
    });
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
