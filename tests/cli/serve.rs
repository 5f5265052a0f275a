//! `accords serve`: the real binary on an ephemeral loopback port, over an
//! index built from a copy of the seeds, asked over HTTP with a small
//! blocking client. Its answers are compared with the command line's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{accords_in, accords_ok, fixture, seeds, stdout};

/// A folder holding `seeds/` (the bundled releases and `extra` files) and
/// `index/` built from them, made once per test run under the target
/// folder and shared read-only by the servers of every test.
fn build_fixture(name: &str, extra: &[PathBuf]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&seeds(), &dir.join("seeds"));
    for file in extra {
        std::fs::copy(file, dir.join("seeds").join(file.file_name().unwrap())).unwrap();
    }
    accords_ok(&dir, &["index", "seeds", "--index", "index"]);
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The bundled seeds, indexed.
pub fn seeds_fixture() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_fixture("seeds", &[]))
}

/// The seeds and a release whose clause holds markup and script.
pub fn hostile_fixture() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_fixture("hostile", &[fixture("script_in_clause.txt")]))
}

/// A running `accords serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    pub log: PathBuf,
    agent: ureq::Agent,
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Requires an error answer with this status and the API's JSON body.
    pub fn error(&self, status: u16) -> (String, String) {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.content_type.starts_with("application/json"),
            "{self:?}"
        );
        let body = self.json();
        let message = body["message"].as_str().expect("a message").to_string();
        let code = body["code"].as_str().expect("a code").to_string();
        assert!(!message.is_empty());
        (message, code)
    }
}

impl Server {
    /// Starts `accords serve --index index` in `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut all = vec!["--index", "index"];
        all.extend_from_slice(args);
        Server::start_with(dir, &all)
    }

    /// Starts `accords serve` in `dir` with `args`.
    pub fn start_with(dir: &Path, args: &[&str]) -> Server {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "serve-{}-{}.log",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        ));
        let mut child = Command::new(env!("CARGO_BIN_EXE_accords"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("ACCORDS_INDEX")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("the accords binary runs");
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let base = loop {
            line.clear();
            let read = lines.read_line(&mut line).unwrap();
            if read == 0 {
                let _ = child.wait();
                panic!(
                    "accords serve stopped before printing its URL:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            if let Some(at) = line.find("http://") {
                let url = line[at..].split_whitespace().next().unwrap();
                break url.trim_end_matches('/').to_string();
            }
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = lines.read_to_end(&mut sink);
        });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server {
            child,
            base,
            log,
            agent,
        }
    }

    /// A server over the indexed seeds.
    pub fn seeds() -> Server {
        Server::start(seeds_fixture(), &[])
    }

    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut response = response.expect("the server answers");
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("").to_string())
            .unwrap_or_default();
        let body = response
            .body_mut()
            .with_config()
            .limit(200 * 1024 * 1024)
            .read_to_string()
            .expect("a UTF-8 body");
        Reply {
            status: response.status().as_u16(),
            content_type,
            headers,
            body,
        }
    }

    /// GET `path` (with its query string, already encoded).
    pub fn get(&self, path: &str) -> Reply {
        Server::reply(self.agent.get(format!("{}{path}", self.base)).call())
    }

    pub fn post_json(&self, path: &str, body: &str) -> Reply {
        Server::reply(
            self.agent
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/json")
                .send(body),
        )
    }

    /// Sends `request` as it is over a new connection and returns the
    /// status and body of the answer (the request should say
    /// `Connection: close`).
    pub fn raw(&self, request: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        // The server may answer and close before reading all of a large
        // request; what was sent does not matter then.
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {answer:?}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// The server's stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Asks the server to stop as Ctrl-C would, and waits for it.
    pub fn stop(mut self) -> std::process::ExitStatus {
        signal(self.child.id(), "-TERM");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn signal(pid: u32, which: &str) {
    let status = Command::new("kill")
        .args([which, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn hit_ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// `accords search ... --format json` in the fixture folder.
fn cli_search(args: &[&str]) -> Value {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--index", "index"]);
    let out = accords_ok(seeds_fixture(), &all);
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn the_api_and_the_command_line_return_the_same_search() {
    let server = Server::seeds();
    let cases: [(&str, &[&str], &str); 7] = [
        ("Chinese medicine standardisation", &[], ""),
        (
            "Chinese medicine standardisation",
            &["--match", "all"],
            "&match=all",
        ),
        (
            "Chinese medicine culture",
            &["--match", "any", "--facets"],
            "&match=any&facets=true",
        ),
        (
            "Chinese medicine",
            &["--partner", "Beijing", "--facets"],
            "&partner=Beijing&facets=true",
        ),
        (
            "exchanges",
            &[
                "--area",
                "health",
                "--area",
                "education",
                "--from",
                "2023-06",
            ],
            "&area=health&area=education&from=2023-06",
        ),
        (
            "memorandum",
            &["--kind", "agreement", "--limit", "3", "--offset", "2"],
            "&kind=agreement&limit=3&offset=2",
        ),
        (
            "",
            &["--sort", "date", "--limit", "20"],
            "&sort=date&limit=20",
        ),
    ];
    for (query, cli_args, api_params) in cases {
        let mut args = vec![query];
        args.extend_from_slice(cli_args);
        let cli = cli_search(&args);
        let reply = server.get(&format!("/api/search?q={}{api_params}", encode(query)));
        assert_eq!(reply.status, 200, "{query}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"));
        let mut api = reply.json();
        assert_eq!(hit_ids(&api), hit_ids(&cli), "{query}");
        assert!(!hit_ids(&api).is_empty() || query.is_empty(), "{query}");
        assert!(api["took_ms"].is_u64());
        // Everything else is the same, to the byte offsets of highlights.
        let mut cli = cli;
        api.as_object_mut().unwrap().remove("took_ms");
        cli.as_object_mut().unwrap().remove("took_ms");
        assert_eq!(api, cli, "{query}");
    }
}

#[test]
fn a_posted_search_is_the_same_as_a_query_string() {
    let server = Server::seeds();
    let get = server
        .get("/api/search?q=green+finance&partner=Shanghai,Beijing&facets=true")
        .json();
    let post = server
        .post_json(
            "/api/search",
            r#"{"query": "green finance", "partner": ["Shanghai", "Beijing"], "facets": true}"#,
        )
        .json();
    assert_eq!(hit_ids(&get), hit_ids(&post));
    assert_eq!(get["total"], post["total"]);
    assert_eq!(get["facets"], post["facets"]);
    assert!(get["total"].as_u64().unwrap() > 0);
}

#[test]
fn every_route_answers_json() {
    let server = Server::seeds();

    let health = server.get("/api/health");
    assert_eq!(health.status, 200, "{}", health.body);
    let health = health.json();
    assert!(health["clauses"].as_u64().unwrap() > 100, "{health}");

    let facets = server.get("/api/facets").json();
    assert_eq!(facets["query"], "");
    let partners = facets["facets"]["partner"].as_object().unwrap();
    assert_eq!(partners.len(), 5, "{facets}");
    let counted: u64 = partners.values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(counted, facets["total"].as_u64().unwrap());

    let documents = server.get("/api/documents").json();
    let list = documents["documents"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    let doc_id = list[0]["id"].as_str().unwrap();

    let document = server.get(&format!("/api/documents/{doc_id}"));
    assert_eq!(document.status, 200, "{}", document.body);
    let document = document.json();
    let clauses = document["clauses"].as_array().unwrap();
    assert!(clauses.len() > 5);
    let positions: Vec<u64> = clauses
        .iter()
        .map(|c| c["position"].as_u64().unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    let best = &server
        .get("/api/search?q=Chinese+medicine+standardisation&limit=1")
        .json()["hits"][0];
    let id = best["id"].as_str().unwrap();
    let context = server.get(&format!("/api/clauses/{id}?around=2"));
    assert_eq!(context.status, 200, "{}", context.body);
    let context = context.json();
    assert_eq!(context["clause"]["id"], id);
    assert_eq!(context["clause"]["text"], best["text"]);
    assert!(context["before"].as_array().unwrap().len() <= 2);
    assert_eq!(context["after"].as_array().unwrap().len(), 2);

    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("<script src=\"/assets/app.js\""));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    for (path, kind) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/style.css", "text/css"),
    ] {
        let asset = server.get(path);
        assert_eq!(asset.status, 200);
        assert!(asset.content_type.starts_with(kind), "{path}");
    }
}

#[test]
fn exports_hold_every_hit_in_the_command_lines_format() {
    let server = Server::seeds();
    let query = "exchanges";
    let reply = server.get(&format!("/api/export?q={}&format=csv", encode(query)));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.content_type.starts_with("text/csv"));
    assert_eq!(
        reply.header("content-disposition"),
        Some("attachment; filename=\"accords-exchanges.csv\"")
    );
    let cli = accords_ok(
        seeds_fixture(),
        &[
            "search", query, "--format", "csv", "--limit", "0", "--index", "index",
        ],
    );
    let rows = |text: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .collect()
    };
    let api_rows = rows(&reply.body);
    assert_eq!(api_rows, rows(&stdout(&cli)));
    let total = server
        .get(&format!("/api/search?q={}", encode(query)))
        .json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(api_rows.len() as u64, total);
    assert!(total > 10, "more than one page: {total}");

    let json = server.get("/api/export?q=exchanges&format=json").json();
    assert_eq!(json["hits"].as_array().unwrap().len() as u64, total);
    let jsonl = server.get("/api/export?q=exchanges&format=jsonl");
    assert_eq!(jsonl.body.lines().count() as u64, total);
    let md = server.get("/api/export?q=exchanges&format=md");
    assert!(
        md.body.starts_with('|') || md.body.contains("\n|"),
        "{}",
        md.body
    );
    let (message, _) = server.get("/api/export?q=x&format=xls").error(400);
    assert!(message.contains("csv, json, jsonl or md"), "{message}");
}

#[test]
fn mistakes_are_4xx_with_a_message_that_helps() {
    let server = Server::seeds();

    let syntax = server.get("/api/search?q=partner%3A(Jiangsu+OR+%22");
    let (message, code) = syntax.error(400);
    assert_eq!(code, "syntax");
    assert!(message.contains("position 20"), "{message}");
    assert_eq!(syntax.json()["position"], 20);

    let (message, code) = server.get("/api/search?q=x&partner=Jiangsuu").error(400);
    assert_eq!(code, "unknown_value");
    assert!(message.contains("did you mean Jiangsu"), "{message}");
    assert!(message.contains("Beijing, Chongqing"), "{message}");

    let (message, _) = server.get("/api/search?q=x&from=2023-13").error(400);
    assert!(message.contains("2023-13"), "{message}");

    let (message, code) = server.get("/api/clauses/0000000000000000-999").error(404);
    assert_eq!(code, "no_such_clause");
    assert!(message.contains("0000000000000000-999"), "{message}");
    server.get("/api/documents/nosuchdocument").error(404);
    server.get("/api/nothing").error(404);
    server.get("/nothing.html").error(404);

    let (message, _) = server.get("/api/search?q=x&sort=alphabetical").error(400);
    assert!(message.contains("sort"), "{message}");
    let (message, _) = server.get("/api/search?q=x&match=most").error(400);
    assert!(message.contains("match must be all or any"), "{message}");
    let (message, _) = server.get("/api/clauses/x?around=1000").error(400);
    assert!(message.contains("around"), "{message}");

    let (_, code) = server.post_json("/api/search", "{not json").error(400);
    assert_eq!(code, "bad_body");
    let reply = Server::reply(
        server
            .agent
            .delete(format!("{}/api/search", server.base))
            .call(),
    );
    reply.error(405);
}

#[test]
fn without_an_index_the_api_answers_503_until_one_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let (message, code) = server.get("/api/search?q=finance").error(503);
    assert_eq!(code, "unavailable");
    assert!(message.contains("accords index"), "{message}");
    assert!(message.contains("index"), "{message}");
    server.get("/api/health").error(503);
    // The page itself is still served, and says what the API says.
    assert_eq!(server.get("/").status, 200);

    copy_dir(&seeds(), &dir.path().join("seeds"));
    accords_ok(dir.path(), &["index", "seeds", "--index", "index"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let reply = server.get("/api/search?q=finance");
        if reply.status == 200 {
            assert!(reply.json()["total"].as_u64().unwrap() > 0);
            break;
        }
        assert!(Instant::now() < deadline, "{}", reply.body);
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn clauses_indexed_while_serving_are_found_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&seeds(), &dir.path().join("seeds"));
    accords_ok(dir.path(), &["index", "seeds", "--index", "index"]);
    let server = Server::start(dir.path(), &[]);
    let probe = "/api/search?q=%22Tianjin+enterprises%22";
    let before = server.get(probe).json();
    assert_eq!(before["total"], 0, "{before}");

    std::fs::copy(
        fixture("numbered_agreements.md"),
        dir.path().join("seeds").join("tianjin.md"),
    )
    .unwrap();
    accords_ok(dir.path(), &["index", "seeds", "--index", "index"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let after = server.get(probe).json();
        if after["total"].as_u64().unwrap() > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "not seen: {after}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_first_run_builds_the_index_from_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&seeds(), &dir.path().join("seeds"));
    let server = Server::start_with(dir.path(), &[]);
    let results = server.get("/api/search?q=Chinese+medicine").json();
    assert!(results["total"].as_u64().unwrap() > 0);
    assert!(
        server.log().contains("built it from seeds/"),
        "{}",
        server.log()
    );
}

#[test]
fn a_signal_stops_the_server_cleanly() {
    let server = Server::seeds();
    assert_eq!(server.get("/api/health").status, 200);
    let log = server.log.clone();
    let status = server.stop();
    assert!(status.success(), "{status:?}");
    let log = std::fs::read_to_string(log).unwrap();
    assert!(log.contains("stopped"), "{log}");
}

#[test]
fn listening_beyond_loopback_warns() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_accords"))
        .args(["serve", "--addr", "0.0.0.0:0", "--index", "index"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("warning"), "{line}");
    assert!(
        line.contains("network") || line.contains("machine"),
        "{line}"
    );
}

#[test]
fn a_bad_address_is_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let out = accords_in(dir.path(), &["serve", "--addr", "localhost"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Each `curl` line of docs/api.md, run against the server; the JSON shown
/// under it must hold the same keys, and the same values where the doc
/// gives a literal.
#[test]
fn the_api_documentation_examples_are_true() {
    let doc = std::fs::read_to_string(super::root().join("docs/api.md")).unwrap();
    let server = Server::seeds();
    let examples = doc_examples(&doc);
    assert!(examples.len() >= 8, "{} examples", examples.len());
    for example in examples {
        let reply = if let Some(body) = &example.body {
            server.post_json(&example.path, body)
        } else {
            server.get(&example.path)
        };
        assert_eq!(
            reply.status, example.status,
            "{}: {}",
            example.path, reply.body
        );
        let Some(shown) = &example.output else {
            continue;
        };
        if example.path.starts_with("/api/export") && !example.path.contains("format=json") {
            let first = shown.lines().next().unwrap();
            // The doc leaves out the CSV's invisible byte-order mark.
            let body = match example.path.contains("format=csv") {
                true => reply
                    .body
                    .strip_prefix('\u{feff}')
                    .unwrap_or_else(|| panic!("{}: no byte-order mark", example.path)),
                false => &reply.body,
            };
            assert_eq!(body.lines().next().unwrap(), first, "{}", example.path);
            continue;
        }
        let shown: Value = serde_json::from_str(shown)
            .unwrap_or_else(|e| panic!("{}: the doc's JSON does not parse: {e}", example.path));
        contains(&reply.json(), &shown, &example.path);
    }
}

struct Example {
    path: String,
    body: Option<String>,
    status: u16,
    output: Option<String>,
}

/// The examples of docs/api.md: a `curl` line in a ```sh block, and the
/// first block after it (```json or ```text), whose first line may be
/// `HTTP/1.1 <status>`. Elided parts of the output are written `...` and
/// are left out of the comparison.
fn doc_examples(doc: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut lines = doc.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("curl ") {
            let url = rest
                .split_whitespace()
                .find_map(|w| {
                    w.trim_matches(|c| c == '\'' || c == '"')
                        .strip_prefix("http://127.0.0.1:7700")
                        .map(str::to_string)
                })
                .expect("a URL on the curl line");
            let body = rest
                .split_once("-d '")
                .map(|(_, b)| b.trim_end_matches('\'').to_string());
            examples.push(Example {
                path: url,
                body,
                status: 200,
                output: None,
            });
            continue;
        }
        if line.starts_with("```json") || line.starts_with("```text") {
            let mut block = Vec::new();
            for line in lines.by_ref() {
                if line.trim_start().starts_with("```") {
                    break;
                }
                block.push(line);
            }
            let Some(example) = examples.last_mut() else {
                continue;
            };
            if example.output.is_some() {
                continue;
            }
            if let Some(status) = block.first().and_then(|l| l.strip_prefix("HTTP/1.1 ")) {
                example.status = status[..3].parse().unwrap();
                block.remove(0);
            }
            let text = block.join("\n");
            example.output = Some(strip_ellipses(&text));
        }
    }
    examples
}

/// Removes `...` lines and `, ...` tails of JSON written for people, so it
/// parses, and what it leaves out is not compared.
fn strip_ellipses(text: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| l.trim() != "..." && l.trim() != "...,")
        .collect();
    let joined = kept.join("\n").replace(", ...", "");
    // A trailing comma before a closing bracket, left by a removed line.
    let mut out = String::new();
    let chars: Vec<char> = joined.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// Requires every key of `shown` in `actual`, with equal values for
/// scalars (except `took_ms` and `score`, which vary), and arrays shown
/// as a prefix of the actual array.
fn contains(actual: &Value, shown: &Value, path: &str) {
    match (actual, shown) {
        (Value::Object(a), Value::Object(s)) => {
            for (key, value) in s {
                let Some(found) = a.get(key) else {
                    panic!("{path}: the doc shows {key:?}, the API has no such key: {actual}");
                };
                if key == "took_ms" || key == "score" {
                    assert_eq!(found.is_number(), value.is_number(), "{path}: {key}");
                    continue;
                }
                contains(found, value, &format!("{path} .{key}"));
            }
        }
        (Value::Array(a), Value::Array(s)) => {
            assert!(a.len() >= s.len(), "{path}: fewer items than shown");
            for (a, s) in a.iter().zip(s) {
                contains(a, s, path);
            }
        }
        (Value::String(a), Value::String(s)) if s.ends_with('…') => {
            assert!(
                a.starts_with(s.trim_end_matches('…')),
                "{path}: {a:?} vs {s:?}"
            );
        }
        _ => assert_eq!(actual, shown, "{path}"),
    }
}
