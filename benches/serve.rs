//! `accords serve` under load, beside the library in process on the same
//! queries: how much of the engine's throughput survives HTTP.
//!
//! Not a criterion bench: it needs an index of the synthetic corpus and a
//! load generator, so `benches/serve.sh` prepares both and runs it:
//!
//! ```text
//! bash benches/serve.sh                 # 100k clauses, 10 s per level
//! cargo bench --bench serve -- --jsonl out.jsonl --index DIR --binary target/release/accords
//! ```
//!
//! It writes the bench's mixed query set (`support/queries.rs`, 200
//! queries) as `/api/search` URLs, measures searches per second in process
//! with one thread per core for the same time, then starts the server on a
//! loopback port and runs `wrk` at 1, 8 and 32 connections. Every level
//! is bounded in time and sends traffic to 127.0.0.1 only. A level with an
//! error or a non-200 answer fails the run.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/queries.rs"]
mod queries;
#[path = "support/synth.rs"]
mod synth;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use accords::server::params::{from_query_string, Purpose};
use accords::Engine;

use queries::{BenchQuery, Filter};

const QUERIES: usize = 200;
const LEVELS: [usize; 3] = [1, 8, 32];

/// Prints the figures `wrk` gathered as one JSON line.
const WRK_SCRIPT: &str = r#"
local paths = {}
for line in io.lines(os.getenv("ACCORDS_URLS")) do paths[#paths + 1] = line end
local next_path = 0
init = function(args)
  next_path = math.random(#paths)
end
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"socket_errors":%d,"non_2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"#;

struct Args {
    jsonl: PathBuf,
    index: PathBuf,
    binary: PathBuf,
    seconds: u64,
}

fn args() -> Args {
    let mut jsonl = None;
    let mut index = None;
    let mut binary = PathBuf::from("target/release/accords");
    let mut seconds = 10;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jsonl" => jsonl = args.next().map(PathBuf::from),
            "--index" => index = args.next().map(PathBuf::from),
            "--binary" => binary = args.next().map(PathBuf::from).unwrap(),
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap(),
            // cargo bench passes --bench.
            _ => {}
        }
    }
    match (jsonl, index) {
        (Some(jsonl), Some(index)) => Args {
            jsonl,
            index,
            binary,
            seconds,
        },
        _ => {
            eprintln!("usage: cargo bench --bench serve -- --jsonl FILE --index DIR [--binary PATH] [--seconds N]\n(benches/serve.sh prepares both)");
            std::process::exit(0);
        }
    }
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The query string of one bench query, as the page would send it.
fn query_string(query: &BenchQuery) -> String {
    let mut qs = format!("q={}&limit=10", encode(&query.text()));
    match &query.filter {
        Some(Filter::Partner(p)) => qs.push_str(&format!("&partner={}", encode(p))),
        Some(Filter::Area(a)) => qs.push_str(&format!("&area={}", encode(a))),
        None => {}
    }
    qs
}

/// Searches per second with one thread per core, each running the query
/// set from its own starting point until time is up.
fn in_process(engine: Arc<Engine>, strings: &[String], seconds: u64) -> f64 {
    let requests: Arc<Vec<_>> = Arc::new(
        strings
            .iter()
            .map(|qs| {
                from_query_string(qs, Purpose::Page)
                    .expect("a valid request")
                    .request
            })
            .collect(),
    );
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let hits = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (engine, requests, stop, done, hits) = (
                engine.clone(),
                requests.clone(),
                stop.clone(),
                done.clone(),
                hits.clone(),
            );
            std::thread::spawn(move || {
                let mut i = t * requests.len() / threads;
                while !stop.load(Ordering::Relaxed) {
                    let results = engine
                        .search(&requests[i % requests.len()])
                        .expect("a search");
                    hits.fetch_add(results.hits.len() as u64, Ordering::Relaxed);
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        hits.load(Ordering::Relaxed) > 0,
        "the queries found nothing"
    );
    done.load(Ordering::Relaxed) as f64 / elapsed
}

struct Level {
    connections: usize,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn load(base: &str, urls: &Path, script: &Path, connections: usize, seconds: u64) -> Level {
    let threads = connections.min(2);
    let output = Command::new("wrk")
        .args([
            &format!("-t{threads}"),
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(script)
        .arg(base)
        .env("ACCORDS_URLS", urls)
        .stderr(Stdio::inherit())
        .output()
        .expect("wrk runs (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("{\"requests\""))
        .unwrap_or_else(|| panic!("no figures from wrk:\n{text}"));
    let figures: serde_json::Value = serde_json::from_str(line).unwrap();
    let get = |k: &str| figures[k].as_f64().unwrap();
    Level {
        connections,
        rps: get("requests") / (get("duration_us") / 1e6),
        p50_ms: get("p50_us") / 1000.0,
        p99_ms: get("p99_us") / 1000.0,
        errors: (get("socket_errors") + get("non_2xx")) as u64,
    }
}

fn main() {
    let args = args();
    let records = corpus::read_jsonl(&args.jsonl).expect("the clause records");
    let queries = queries::query_set(&records, QUERIES);
    drop(records);
    let strings: Vec<String> = queries.iter().map(query_string).collect();

    let work = tempfile::tempdir().unwrap();
    let urls = work.path().join("urls.txt");
    let lines: Vec<String> = strings
        .iter()
        .map(|qs| format!("/api/search?{qs}"))
        .collect();
    std::fs::write(&urls, lines.join("\n") + "\n").unwrap();
    let script = work.path().join("mixed.lua");
    std::fs::write(&script, WRK_SCRIPT).unwrap();

    // In process before and after the HTTP levels, so a machine whose load
    // changes during the run is seen in both figures.
    let engine = Arc::new(Engine::open(&args.index).expect("an index of the synthetic corpus"));
    let clauses = engine.health().clauses;
    let before = in_process(engine.clone(), &strings, args.seconds);

    let index = std::fs::canonicalize(&args.index).unwrap();
    let binary = std::fs::canonicalize(&args.binary).expect("the release binary");
    let mut server = Command::new(binary)
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(&index)
        .current_dir(work.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the release binary runs");
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line[line.find("http://").expect("the server's URL")..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    std::thread::spawn(move || {
        let _ = stdout.read_to_end(&mut Vec::new());
    });

    let mut levels = Vec::new();
    for connections in LEVELS {
        levels.push(load(&base, &urls, &script, connections, args.seconds));
    }
    let _ = server.kill();
    let _ = server.wait();
    let after = in_process(engine, &strings, args.seconds);
    let in_process_qps = (before + after) / 2.0;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    println!(
        "accords serve, {clauses} clauses, {QUERIES} mixed queries (top 10 with highlights), {} s per level",
        args.seconds
    );
    println!(
        "in process, {} threads: {in_process_qps:.0} searches/s ({before:.0} before the HTTP \
         levels, {after:.0} after); load average {}\n",
        std::thread::available_parallelism().map_or(2, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("| connections | requests/s | p50 | p99 | errors | of in-process |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for l in &levels {
        println!(
            "| {} | {:.0} | {:.2} ms | {:.2} ms | {} | {:.0}% |",
            l.connections,
            l.rps,
            l.p50_ms,
            l.p99_ms,
            l.errors,
            100.0 * l.rps / in_process_qps
        );
    }
    let failed: Vec<_> = levels.iter().filter(|l| l.errors > 0).collect();
    assert!(failed.is_empty(), "errors under load");
}
