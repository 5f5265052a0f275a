//! Any string through the query front end: parsing never panics, an error
//! points inside the query, a parsed query renders to text that parses back
//! to the same tree, and searching a small index with it never panics.

#![no_main]

use std::sync::LazyLock;

use accords::index::{ClauseIndex, Provenance};
use accords::search::query;
use accords::{Engine, SearchRequest};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    engine: Engine,
}

static INDEX: LazyLock<Fixture> = LazyLock::new(|| {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let corpus = accords::ingest::ingest_paths(&[seeds]).expect("the seeds ingest");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = ClauseIndex::build(dir.path(), &corpus.documents, &Provenance::default())
        .expect("the seeds index");
    Fixture {
        _dir: dir,
        engine: Engine::from_index(index),
    }
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Err(problem) = query::check_round_trip(text) {
        panic!("{problem}");
    }
    let _ = INDEX.engine.search(&SearchRequest::new(text));
});
