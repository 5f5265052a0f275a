//! Indexing throughput: the bundled seeds, already ingested, written into a
//! fresh index, in bytes of clause text per second.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use accords::index::{ClauseIndex, Provenance};

fn bench_index(c: &mut Criterion) {
    let corpus = accords::ingest::ingest_paths(&[PathBuf::from("seeds")]).expect("seeds ingest");
    let clauses: usize = corpus.documents.iter().map(|d| d.clauses.len()).sum();
    let bytes: usize = corpus
        .documents
        .iter()
        .flat_map(|d| &d.clauses)
        .map(|c| c.text.len())
        .sum();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("build_seeds", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let index = ClauseIndex::build(dir.path(), &corpus.documents, &Provenance::default())
                .expect("index builds");
            assert_eq!(index.clause_count() as usize, clauses);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
