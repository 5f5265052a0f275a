//! Search throughput on the bundled seeds: query parsing alone, a ranked
//! search, and a search that also counts facets over every hit. Each
//! benchmark checks its result count, so a broken search cannot look fast.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use accords::index::{ClauseIndex, Provenance};
use accords::search::{parse, search, SearchRequest};

fn seeds_index() -> (tempfile::TempDir, ClauseIndex) {
    let corpus = accords::ingest::ingest_paths(&[PathBuf::from("seeds")]).expect("seeds ingest");
    let dir = tempfile::tempdir().expect("temporary folder");
    let index = ClauseIndex::build(dir.path(), &corpus.documents, &Provenance::default())
        .expect("index builds");
    (dir, index)
}

fn bench_search(c: &mut Criterion) {
    let (_dir, index) = seeds_index();
    let clauses = index.clause_count();
    let query = "Chinese medicine standardisation";

    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(1));
    group.bench_function("parse", |b| {
        b.iter(|| parse("(green OR sustainable) finance -bonds partner:Shanghai \"Greater Bay Area\" standard*").unwrap())
    });

    let request = SearchRequest::new(query).unwrap();
    let expected = search(&index, &request).unwrap().total;
    assert!(expected >= 5, "the acceptance query finds its clauses");
    group.throughput(Throughput::Elements(clauses));
    group.bench_function("ranked", |b| {
        b.iter(|| {
            let results = search(&index, &request).unwrap();
            assert_eq!(results.total, expected);
            results
        })
    });

    let mut with_facets = SearchRequest::new("co-operation").unwrap();
    with_facets.facets = true;
    with_facets.limit = None;
    let expected = search(&index, &with_facets).unwrap().total;
    assert!(expected > 50);
    group.bench_function("all_hits_with_facets", |b| {
        b.iter(|| {
            let results = search(&index, &with_facets).unwrap();
            assert_eq!(results.hits.len() as u64, expected);
            results
        })
    });
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
