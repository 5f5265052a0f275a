//! accords side by side with SQLite FTS5 (rusqlite's bundled SQLite) and
//! bare tantivy, every figure from the same run on the same records and
//! reported as a ratio: indexing throughput, index size and peak memory;
//! query latency percentiles over a fixed mixed query set, top ten with
//! highlights; facet counts over a broad query; and accords indexing the
//! same meetings from press releases through its parser.
//!
//! ```text
//! cargo bench --features bench --bench compare   # 20k synthetic clauses
//! ACCORDS_BENCH_CLAUSES=100000 cargo bench --features bench --bench compare
//! cargo bench --features bench --bench compare -- CLAUSES.jsonl  # a corpus of your own
//! ```
//!
//! Environment: `ACCORDS_BENCH_CLAUSES` (clauses to synthesise, default
//! 20000), `ACCORDS_BENCH_JSONL` (a corpus instead), `ACCORDS_BENCH_WORK`
//! (a folder to keep the corpus and the three indexes in; default a
//! temporary one), `ACCORDS_BENCH_OUT` (the JSON report; default
//! `target/compare.json`), `ACCORDS_BENCH_TEXTS` (`0` skips the press
//! release figure; with a corpus of your own, a folder of releases to
//! index), `ACCORDS_BENCH_ROUNDS` (timed passes over the query set,
//! default 3). See `benches/README.md` for what each figure means.

#[path = "support/accords_side.rs"]
mod accords_side;
#[path = "support/bare_tantivy.rs"]
mod bare_tantivy;
#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/fts5.rs"]
mod fts5;
#[path = "support/measure.rs"]
mod measure;
#[path = "support/queries.rs"]
mod queries;
#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use accords_side::Accords;
use bare_tantivy::Bare;
use fts5::Fts5;
use measure::{disk_size, median, percentile_ms, PeakMemory};
use queries::{BenchQuery, FacetTally, Page, BROAD_QUERY, FACET_NAMES};

const QUERIES: usize = 200;
const FACET_RUNS: usize = 5;

struct Config {
    jsonl: Option<PathBuf>,
    clauses: usize,
    work: PathBuf,
    out: PathBuf,
    texts: Option<PathBuf>,
    skip_texts: bool,
    rounds: usize,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn number(name: &str, default: usize) -> usize {
    var(name).map_or(default, |v| {
        v.replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: not a whole number"))
    })
}

/// One engine's figures.
#[derive(Default)]
struct Figures {
    build: Duration,
    peak_mb: Option<f64>,
    size: u64,
    clauses: u64,
    latencies: Vec<Duration>,
    pages: Vec<Page>,
    facets: Duration,
    tally: FacetTally,
}

fn main() {
    // `cargo bench` passes `--bench`; the first other argument is a corpus.
    let argument = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let (work, _temporary) = match var("ACCORDS_BENCH_WORK") {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            (dir.path().to_path_buf(), Some(dir))
        }
    };
    std::fs::create_dir_all(&work).expect("the work folder");
    let texts_var = var("ACCORDS_BENCH_TEXTS");
    let config = Config {
        jsonl: argument
            .or_else(|| var("ACCORDS_BENCH_JSONL"))
            .map(PathBuf::from),
        clauses: number("ACCORDS_BENCH_CLAUSES", 20_000),
        work,
        out: var("ACCORDS_BENCH_OUT")
            .map_or_else(|| PathBuf::from("target/compare.json"), PathBuf::from),
        skip_texts: texts_var.as_deref() == Some("0"),
        texts: texts_var.filter(|v| v != "0").map(PathBuf::from),
        rounds: number("ACCORDS_BENCH_ROUNDS", 3).max(1),
    };
    if let Err(e) = run(&config) {
        eprintln!("compare: {e}");
        std::process::exit(1);
    }
}

fn run(config: &Config) -> Result<(), String> {
    let (jsonl, texts) = match &config.jsonl {
        Some(path) => (path.clone(), config.texts.clone()),
        None => {
            let jsonl = config.work.join("clauses.jsonl");
            let texts = (!config.skip_texts).then(|| config.work.join("releases"));
            if let Some(dir) = &texts {
                let _ = std::fs::remove_dir_all(dir);
            }
            eprintln!(
                "synthesising {} clauses into {}",
                config.clauses,
                jsonl.display()
            );
            corpus::synthesise(
                Path::new("seeds"),
                7,
                config.clauses,
                &jsonl,
                texts.as_deref(),
            )?;
            (jsonl, texts)
        }
    };

    // The query set comes from the records; they are dropped before any
    // index is built so the memory figures are each engine's own.
    let (clauses, text_bytes, queries) = {
        let records = corpus::read_jsonl(&jsonl)?;
        let bytes: u64 = records.iter().map(|r| r.text.len() as u64).sum();
        (
            records.len() as u64,
            bytes,
            queries::query_set(&records, QUERIES),
        )
    };
    let jsonl_bytes = disk_size(&jsonl);
    eprintln!(
        "{clauses} clauses, {:.1} MB of clause text, {} queries",
        text_bytes as f64 / 1e6,
        queries.len()
    );

    let accords_dir = config.work.join("accords-index");
    let fts_path = config.work.join("fts5.db");
    let bare_dir = config.work.join("tantivy-index");
    for dir in [&accords_dir, &bare_dir] {
        let _ = std::fs::remove_dir_all(dir);
    }

    eprintln!("indexing: accords");
    let (accords, mut a) = timed_build(|| Accords::index_jsonl(&jsonl, &accords_dir))?;
    a.size = disk_size(&accords_dir);
    a.clauses = accords.clause_count();
    eprintln!("indexing: FTS5");
    let (fts, mut f) = timed_build(|| Fts5::build(&fts_path, &jsonl))?;
    f.size = disk_size(&fts_path);
    f.clauses = fts.clause_count();
    eprintln!("indexing: tantivy");
    let (bare, mut t) = timed_build(|| Bare::build(&bare_dir, &jsonl))?;
    t.size = disk_size(&bare_dir);
    t.clauses = bare.clause_count();
    assert_eq!(a.clauses, clauses, "accords indexed every record");
    assert_eq!(f.clauses, clauses, "FTS5 indexed every record");
    assert_eq!(t.clauses, clauses, "tantivy indexed every record");

    eprintln!("querying: accords");
    time_queries(&queries, config.rounds, &mut a, |q| accords.search(q));
    eprintln!("querying: FTS5");
    time_queries(&queries, config.rounds, &mut f, |q| fts.search(q));
    eprintln!("querying: tantivy");
    time_queries(&queries, config.rounds, &mut t, |q| bare.search(q));
    check_pages(&queries, &[("accords", &a), ("FTS5", &f), ("tantivy", &t)]);

    eprintln!("counting facets over {BROAD_QUERY:?}");
    time_facets(&mut a, || accords.facets(BROAD_QUERY));
    time_facets(&mut f, || fts.facets(BROAD_QUERY));
    time_facets(&mut t, || bare.facets(BROAD_QUERY));
    for (name, figures) in [("accords", &a), ("FTS5", &f), ("tantivy", &t)] {
        let (partners, partner_sum) = figures.tally.dims[0];
        assert!(
            partners > 1 && partner_sum > clauses / 4,
            "{name}: {BROAD_QUERY:?} matches most clauses ({partner_sum} counted under {partners} partners)"
        );
    }

    let releases = match &texts {
        Some(dir) => {
            eprintln!("indexing releases from {}", dir.display());
            let release_dir = config.work.join("accords-releases-index");
            let _ = std::fs::remove_dir_all(&release_dir);
            let started = Instant::now();
            let indexed = Accords::index_texts(dir, &release_dir)?;
            let took = started.elapsed();
            assert!(indexed > 0, "the releases hold clauses");
            Some((indexed, disk_size(dir), took))
        }
        None => None,
    };

    let report = Report {
        clauses,
        text_bytes,
        jsonl_bytes,
        queries: queries.len(),
        rounds: config.rounds,
        engines: [a, f, t],
        releases,
    };
    report.print();
    let json = report.json();
    if let Some(parent) = config.out.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(
        &config.out,
        serde_json::to_string_pretty(&json).expect("JSON"),
    )
    .map_err(|e| format!("{}: {e}", config.out.display()))?;
    eprintln!("wrote {}", config.out.display());
    Ok(())
}

fn timed_build<E>(build: impl FnOnce() -> Result<E, String>) -> Result<(E, Figures), String> {
    let memory = PeakMemory::start();
    let started = Instant::now();
    let engine = build()?;
    let figures = Figures {
        build: started.elapsed(),
        peak_mb: memory.growth_mb(),
        ..Figures::default()
    };
    eprintln!("  {:.1} s", figures.build.as_secs_f64());
    Ok((engine, figures))
}

/// Queries run untimed first, to warm caches: every kind of query, without
/// paying for a whole pass, which at a million clauses is FTS5's largest
/// cost.
const WARM_QUERIES: usize = 20;

/// A short untimed warm-up, then `rounds` timed passes, each query timed on
/// its own; the first pass's pages are kept for the checks.
fn time_queries(
    queries: &[BenchQuery],
    rounds: usize,
    figures: &mut Figures,
    search: impl Fn(&BenchQuery) -> Page,
) {
    for q in queries.iter().take(WARM_QUERIES) {
        black_box(search(q));
    }
    for round in 0..rounds {
        for q in queries {
            let started = Instant::now();
            let page = black_box(search(black_box(q)));
            figures.latencies.push(started.elapsed());
            if round == 0 {
                figures.pages.push(page);
            }
        }
    }
    eprintln!(
        "  p50 {:.2} ms, p99 {:.2} ms",
        percentile_ms(&figures.latencies, 50.0),
        percentile_ms(&figures.latencies, 99.0)
    );
}

fn time_facets(figures: &mut Figures, count: impl Fn() -> FacetTally) {
    figures.tally = count();
    let runs: Vec<Duration> = (0..FACET_RUNS)
        .map(|_| {
            let started = Instant::now();
            black_box(count());
            started.elapsed()
        })
        .collect();
    figures.facets = median(&runs);
}

/// A bench that finds nothing must not look fast: every unfiltered single
/// word query was drawn from the corpus, so every engine finds it, with a
/// highlight on each hit.
fn check_pages(queries: &[BenchQuery], engines: &[(&str, &Figures)]) {
    for (name, figures) in engines {
        let mut empty = 0;
        for (q, page) in queries.iter().zip(&figures.pages) {
            if q.words.len() == 1 && q.filter.is_none() {
                assert!(page.hits > 0, "{name}: {:?} finds its clauses", q.text());
            }
            assert!(page.hits <= 10, "{name}: at most ten hits");
            assert!(page.marks >= page.hits, "{name}: every hit highlighted");
            empty += usize::from(page.hits == 0);
        }
        eprintln!(
            "{name}: {} of {} queries with hits, {} hits in all",
            queries.len() - empty,
            queries.len(),
            figures.pages.iter().map(|p| p.hits).sum::<usize>()
        );
    }
}

struct Report {
    clauses: u64,
    text_bytes: u64,
    jsonl_bytes: u64,
    queries: usize,
    rounds: usize,
    /// accords, FTS5, tantivy.
    engines: [Figures; 3],
    /// Clauses indexed from releases, bytes of releases, time.
    releases: Option<(u64, u64, Duration)>,
}

/// One row of the table: a figure and its value for each engine.
struct Row {
    figure: String,
    unit: &'static str,
    values: [Option<f64>; 3],
}

impl Report {
    fn rows(&self) -> Vec<Row> {
        let e = &self.engines;
        let each = |f: &dyn Fn(&Figures) -> Option<f64>| [f(&e[0]), f(&e[1]), f(&e[2])];
        let n = self.clauses as f64;
        let text = self.text_bytes as f64;
        let mut rows = vec![
            Row {
                figure: "index: clauses/s".into(),
                unit: "clauses/s",
                values: each(&|f| Some(n / f.build.as_secs_f64())),
            },
            Row {
                figure: "index: MB/s of clause text".into(),
                unit: "MB/s",
                values: each(&|f| Some(text / 1e6 / f.build.as_secs_f64())),
            },
            Row {
                figure: "index size / clause text".into(),
                unit: "ratio",
                values: each(&|f| Some(f.size as f64 / text)),
            },
            Row {
                figure: "index: peak memory growth, MB".into(),
                unit: "MB",
                values: each(&|f| f.peak_mb),
            },
        ];
        for p in [50.0, 95.0, 99.0] {
            rows.push(Row {
                figure: format!("query p{p:.0}, ms"),
                unit: "ms",
                values: each(&|f| Some(percentile_ms(&f.latencies, p))),
            });
        }
        rows.push(Row {
            figure: format!("facets over {BROAD_QUERY:?}, ms"),
            unit: "ms",
            values: each(&|f| Some(f.facets.as_secs_f64() * 1e3)),
        });
        if let Some((clauses, bytes, took)) = self.releases {
            let s = took.as_secs_f64();
            rows.push(Row {
                figure: "index from releases: clauses/s".into(),
                unit: "clauses/s",
                values: [Some(clauses as f64 / s), None, None],
            });
            rows.push(Row {
                figure: "index from releases: MB/s of releases".into(),
                unit: "MB/s",
                values: [Some(bytes as f64 / 1e6 / s), None, None],
            });
        }
        rows
    }

    fn print(&self) {
        println!(
            "\n{} clauses, {:.1} MB of clause text ({:.1} MB of JSONL), {} queries x {} rounds\n",
            self.clauses,
            self.text_bytes as f64 / 1e6,
            self.jsonl_bytes as f64 / 1e6,
            self.queries,
            self.rounds
        );
        println!("| figure | accords | FTS5 | tantivy | accords / FTS5 | accords / tantivy |");
        println!("| --- | ---: | ---: | ---: | ---: | ---: |");
        for row in self.rows() {
            let [a, f, t] = row.values;
            println!(
                "| {} | {} | {} | {} | {} | {} |",
                row.figure,
                show(a),
                show(f),
                show(t),
                show_ratio(a, f),
                show_ratio(a, t)
            );
        }
        println!();
        for (dim, name) in FACET_NAMES.iter().enumerate() {
            let cell = |f: &Figures| {
                let (values, sum) = f.tally.dims[dim];
                format!("{values} values, {sum} counted")
            };
            println!(
                "facet {name}: accords {}; FTS5 {}; tantivy {}",
                cell(&self.engines[0]),
                cell(&self.engines[1]),
                cell(&self.engines[2])
            );
        }
    }

    fn json(&self) -> serde_json::Value {
        let rows: Vec<serde_json::Value> = self
            .rows()
            .into_iter()
            .map(|row| {
                let [a, f, t] = row.values;
                json!({
                    "figure": row.figure,
                    "unit": row.unit,
                    "accords": a,
                    "fts5": f,
                    "tantivy": t,
                    "accords_over_fts5": ratio(a, f),
                    "accords_over_tantivy": ratio(a, t),
                })
            })
            .collect();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        json!({
            "date": chrono::DateTime::from_timestamp(now as i64, 0).map(|d| d.to_rfc3339()),
            "machine": machine(),
            "clauses": self.clauses,
            "clause_text_bytes": self.text_bytes,
            "jsonl_bytes": self.jsonl_bytes,
            "queries": self.queries,
            "rounds": self.rounds,
            "figures": rows,
        })
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b != 0.0 => Some(a / b),
        _ => None,
    }
}

fn show(v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(v) if v >= 1000.0 => {
            let digits = format!("{v:.0}");
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }
        Some(v) if v >= 10.0 => format!("{v:.1}"),
        Some(v) => format!("{v:.2}"),
    }
}

fn show_ratio(a: Option<f64>, b: Option<f64>) -> String {
    ratio(a, b).map_or("–".into(), |r| format!("{r:.2}"))
}

/// Cores and processor model, as /proc/cpuinfo says.
fn machine() -> serde_json::Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(str::trim)
        .unwrap_or("unknown")
        .to_string();
    json!({
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu": model,
    })
}
