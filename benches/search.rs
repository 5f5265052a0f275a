//! Search throughput on the bundled seeds: query parsing alone, a ranked
//! search, and a search that also counts facets over every hit. Each
//! benchmark checks its result count, so a broken search cannot look fast.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use accords::index::Mode;
use accords::search::parse;
use accords::{Engine, SearchRequest};

fn seeds_index() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = std::env::current_dir().expect("a working folder");
    let (engine, _) = Engine::build(dir.path(), &root, &[PathBuf::from("seeds")], Mode::Replace)
        .expect("index builds");
    (dir, engine)
}

fn bench_search(c: &mut Criterion) {
    let (_dir, engine) = seeds_index();
    let clauses = engine.health().clauses;
    let query = "Chinese medicine standardisation";

    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(1));
    group.bench_function("parse", |b| {
        b.iter(|| parse("(green OR sustainable) finance -bonds partner:Shanghai \"Greater Bay Area\" standard*").unwrap())
    });

    let request = SearchRequest::new(query);
    let expected = engine.search(&request).unwrap().total;
    assert!(expected >= 5, "the acceptance query finds its clauses");
    group.throughput(Throughput::Elements(clauses));
    group.bench_function("ranked", |b| {
        b.iter(|| {
            let results = engine.search(&request).unwrap();
            assert_eq!(results.total, expected);
            results
        })
    });

    let mut with_facets = SearchRequest::new("co-operation");
    with_facets.facets = true;
    with_facets.limit = None;
    let expected = engine.search(&with_facets).unwrap().total;
    assert!(expected > 50);
    group.bench_function("all_hits_with_facets", |b| {
        b.iter(|| {
            let results = engine.search(&with_facets).unwrap();
            assert_eq!(results.hits.len() as u64, expected);
            results
        })
    });
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
