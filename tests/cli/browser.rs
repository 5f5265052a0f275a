//! The search page in a real browser: headless Chromium driven through
//! chromedriver (Debian's `chromium` and `chromium-driver`) over WebDriver,
//! against the real `accords serve`. Nothing is mocked and nothing is
//! downloaded. Screenshots are left in `target/screenshots/`.
//!
//! Without chromedriver these tests fail, saying how to install it: a
//! browser test that silently passes would prove nothing.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::serve::{encode, hostile_fixture, Server};

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn start_driver() -> Driver {
    let program = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| find_program(&["chromedriver"]))
        .unwrap_or_else(|| {
            panic!(
                "chromedriver is not installed, so the browser tests cannot run. \
                 On Debian or Ubuntu: `sudo apt-get install -y chromium chromium-driver` \
                 (CI's .ci/run does this), or set CHROMEDRIVER to its path."
            )
        });
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn browser(driver: &Driver) -> Client {
    let mut options = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--window-size=1280,900",
        ],
    });
    let binary = std::env::var_os("CHROME")
        .map(PathBuf::from)
        .or_else(|| find_program(&["chromium", "chromium-browser", "google-chrome"]));
    if let Some(binary) = binary {
        options["binary"] = json!(binary);
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    // On a loaded machine chromedriver may drop the first request while
    // several tests start browsers at once: try again before giving up.
    let mut attempt = 1;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => return client,
            Err(e) if attempt == 3 => panic!(
                "chromedriver could not start Chromium ({e}); install it with \
                 `sudo apt-get install -y chromium chromium-driver`"
            ),
            Err(_) => {
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Evaluates `expression` in the page.
async fn eval(client: &Client, expression: &str) -> Value {
    client
        .execute(&format!("return ({expression});"), vec![])
        .await
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
}

/// Waits until `expression` is true in the page.
/// Clicks the first element `css` finds.
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn until(client: &Client, expression: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if eval(client, expression).await == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let state = eval(
                client,
                "location.href + ' | ' + document.getElementById('status').textContent + ' | ' + \
                 document.getElementById('error').textContent",
            )
            .await;
            panic!("still not true after 15 s: {expression}\npage: {state}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshot_dir().join(name), png).unwrap();
}

/// A Chrome DevTools command, sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    command: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.command, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Sets the size of the page's viewport, which a window cannot be made as
/// narrow as a phone's, so the layout is tested at exactly that width.
async fn viewport(client: &Client, width: u32, height: u32) {
    let metrics = Cdp {
        command: "Emulation.setDeviceMetricsOverride",
        params: json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
    };
    client.issue_cmd(metrics).await.unwrap();
    let inner = eval(client, "window.innerWidth").await;
    assert_eq!(inner, json!(width));
}

async fn no_horizontal_scroll(client: &Client) {
    let widths = eval(
        client,
        "[document.documentElement.scrollWidth, window.innerWidth]",
    )
    .await;
    assert!(
        widths[0].as_u64() <= widths[1].as_u64(),
        "the page scrolls sideways: {widths}"
    );
}

async fn type_query(client: &Client, text: &str) {
    let input = client.find(Locator::Id("q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
    until(
        client,
        &format!(
            "new URLSearchParams(location.search).get('q') === {} && \
             document.getElementById('status').textContent.includes({})",
            json!(text),
            json!(format!("\u{201c}{text}\u{201d}"))
        ),
    )
    .await;
}

async fn hit_ids(client: &Client) -> Vec<String> {
    let ids = eval(
        client,
        "[...document.querySelectorAll('#hits .hit')].map(h => h.dataset.id)",
    )
    .await;
    serde_json::from_value(ids).unwrap()
}

/// The matched words the API reports for the first page of `query`: the
/// text under each highlight's byte range, in order.
fn expected_marks(server: &Server, query: &str, filters: &str) -> Vec<String> {
    let results = server
        .get(&format!("/api/search?q={}{filters}", encode(query)))
        .json();
    let mut marks = Vec::new();
    for hit in results["hits"].as_array().unwrap() {
        let text = hit["text"].as_str().unwrap();
        for range in hit["highlights"].as_array().unwrap() {
            let (start, end) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            marks.push(text[start..end].to_string());
        }
    }
    marks
}

fn run(test: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test);
}

#[test]
fn searching_filtering_and_reading_in_a_browser() {
    let server = Server::start(hostile_fixture(), &[]);
    let driver = start_driver();
    run(async {
        let client = browser(&driver).await;
        viewport(&client, 1280, 900).await;
        client.goto(&format!("{}/", server.base)).await.unwrap();
        until(
            &client,
            "document.getElementById('status').textContent !== ''",
        )
        .await;

        // `/` focuses the search box.
        let slash = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: '/' })
            .then(KeyAction::Up { value: '/' });
        client.perform_actions(slash).await.unwrap();
        until(&client, "document.activeElement.id === 'q'").await;

        // Search as you type; matched words are marked from the API's
        // byte ranges.
        let query = "Chinese medicine standardisation";
        type_query(&client, query).await;
        let marks: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#hits mark')].map(m => m.textContent)",
            )
            .await,
        )
        .unwrap();
        assert!(!marks.is_empty());
        assert_eq!(marks, expected_marks(&server, query, "&limit=10"));
        for mark in &marks {
            let word = mark.to_lowercase();
            assert!(
                ["chinese", "medicine", "medical", "standard"]
                    .iter()
                    .any(|w| word.contains(w)),
                "{mark}"
            );
        }
        let unfiltered = hit_ids(&client).await;
        assert_eq!(unfiltered.len(), 10);
        // Clauses holding only some of the words follow those holding all,
        // marked, and the status says so.
        let kinds: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#hits .hit')].map(h => h.dataset.match)",
            )
            .await,
        )
        .unwrap();
        let api = server
            .get(&format!("/api/search?q={}&limit=10", encode(query)))
            .json();
        let api_kinds: Vec<&str> = api["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["match"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, api_kinds);
        let first_partial = kinds.iter().position(|k| k == "partial");
        if let Some(first) = first_partial {
            assert!(kinds[first..].iter().all(|k| k == "partial"), "{kinds:?}");
            let status = eval(&client, "document.getElementById('status').textContent").await;
            assert!(
                status.as_str().unwrap().contains("partial matches"),
                "{status}"
            );
            let labels = eval(
                &client,
                "document.querySelectorAll('#hits .partial-label').length",
            )
            .await;
            assert_eq!(labels, json!(kinds.len() - first));
        }
        screenshot(&client, "search-1280.png").await;
        no_horizontal_scroll(&client).await;

        // A partner facet narrows the hits to that partner: the first one
        // listed, which holds the most full matches.
        let partner = eval(
            &client,
            "document.querySelector(\"button.facet[data-param='partner']\").dataset.value",
        )
        .await;
        let partner = partner.as_str().unwrap().to_string();
        click(
            &client,
            &format!(
                "button.facet[data-param='partner'][data-value={}]",
                json!(partner)
            ),
        )
        .await;
        until(
            &client,
            &format!(
                "location.search.includes('partner=' + encodeURIComponent({p})) && \
                 document.querySelectorAll('#hits .hit').length > 0 && \
                 [...document.querySelectorAll('#hits .hit')].every(h => h.dataset.partner === {p})",
                p = json!(partner)
            ),
        )
        .await;
        let chip = eval(
            &client,
            "document.querySelector('#chips .chip').textContent",
        )
        .await;
        assert_eq!(chip, format!("Partner: {partner}"));
        let narrowed = hit_ids(&client).await;
        let filtered_url = client.current_url().await.unwrap().to_string();
        screenshot(&client, "filtered-1280.png").await;

        // Back restores the unfiltered list.
        client.back().await.unwrap();
        until(
            &client,
            "!location.search.includes('partner=') && \
             document.querySelectorAll('#chips .chip').length === 0",
        )
        .await;
        until(
            &client,
            &format!(
                "JSON.stringify([...document.querySelectorAll('#hits .hit')].map(h => h.dataset.id)) === {}",
                json!(serde_json::to_string(&unfiltered).unwrap())
            ),
        )
        .await;

        // A shared URL opens in the same state.
        client.goto(&filtered_url).await.unwrap();
        until(
            &client,
            "document.querySelectorAll('#hits .hit').length > 0",
        )
        .await;
        assert_eq!(hit_ids(&client).await, narrowed);
        assert_eq!(
            eval(&client, "document.getElementById('q').value").await,
            query
        );
        assert_eq!(
            eval(
                &client,
                "document.querySelector('#chips .chip').textContent"
            )
            .await,
            format!("Partner: {partner}")
        );

        // Export: the CSV button's link holds every hit under the filters.
        let href = eval(&client, "document.getElementById('export-csv').href").await;
        let href = href.as_str().unwrap();
        let path = &href[href.find("/api/export").unwrap()..];
        let csv = server.get(path);
        assert_eq!(csv.status, 200);
        assert!(csv
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment"));
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let partner_column = headers.iter().position(|h| h == "partner").unwrap();
        let id = headers.iter().position(|h| h == "id").unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let total = server
            .get(&format!(
                "/api/search?q={}&partner={}",
                encode(query),
                encode(&partner)
            ))
            .json()["total"]
            .as_u64()
            .unwrap();
        assert_eq!(rows.len() as u64, total);
        assert!(rows.iter().all(|r| r[partner_column] == partner));
        // The export holds the full matches, the first of the page's hits.
        let exported: Vec<&str> = rows.iter().map(|r| &r[id]).take(narrowed.len()).collect();
        assert!(!exported.is_empty());
        assert_eq!(exported, narrowed[..exported.len()]);

        // A clause opens in its document, marked, with its neighbours.
        let first = narrowed[0].clone();
        click(&client, "#hits .hit .open-clause").await;
        until(
            &client,
            &format!(
                "!document.getElementById('clause-view').hidden && \
                 document.querySelector('.doc-clause.current') !== null && \
                 document.querySelector('.doc-clause.current').dataset.id === {}",
                json!(first)
            ),
        )
        .await;
        // The document replaces the results.
        assert_eq!(
            eval(
                &client,
                "getComputedStyle(document.getElementById('results-view')).display"
            )
            .await,
            "none"
        );
        let title = eval(&client, "document.getElementById('doc-title').textContent").await;
        assert!(title.as_str().unwrap().contains(&partner), "{title}");
        let meta = eval(&client, "document.getElementById('doc-meta').textContent").await;
        assert!(meta.as_str().unwrap().contains(&partner), "{meta}");
        let clauses = eval(
            &client,
            "document.querySelectorAll('#doc-clauses li').length",
        )
        .await;
        assert!(clauses.as_u64().unwrap() > 1, "{clauses}");
        assert!(client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains(&format!("clause={first}")));
        screenshot(&client, "clause-1280.png").await;

        // The narrow layout: no sideways scrolling, on the results and on
        // the document.
        viewport(&client, 390, 844).await;
        no_horizontal_scroll(&client).await;
        screenshot(&client, "clause-390.png").await;
        client.back().await.unwrap();
        until(&client, "!document.getElementById('results-view').hidden").await;
        until(
            &client,
            "document.querySelectorAll('#hits .hit').length > 0",
        )
        .await;
        no_horizontal_scroll(&client).await;
        screenshot(&client, "filtered-390.png").await;

        // One page of hits has no pager.
        assert_eq!(
            eval(
                &client,
                "getComputedStyle(document.getElementById('pager')).display"
            )
            .await,
            "none"
        );

        // A misspelt query offers its correction, which searches.
        client.goto(&format!("{}/", server.base)).await.unwrap();
        type_query(&client, "Chinese medecine standardsation").await;
        until(&client, "!document.getElementById('suggestion').hidden").await;
        let suggestion = eval(
            &client,
            "document.querySelector('#suggestion a').textContent",
        )
        .await;
        let suggestion = suggestion.as_str().unwrap().to_string();
        assert_eq!(
            suggestion.to_lowercase(),
            "chinese medicine standardisation"
        );
        no_horizontal_scroll(&client).await;
        screenshot(&client, "suggestion-390.png").await;
        click(&client, "#suggestion a").await;
        until(
            &client,
            &format!(
                "document.getElementById('q').value === {0} && \
                 new URLSearchParams(location.search).get('q') === {0} && \
                 document.querySelectorAll('#hits mark').length > 0",
                json!(suggestion)
            ),
        )
        .await;
        viewport(&client, 1280, 900).await;

        client.close().await.unwrap();
    });
}

#[test]
fn markup_in_a_clause_is_shown_as_text_and_never_runs() {
    let server = Server::start(hostile_fixture(), &[]);
    let driver = start_driver();
    run(async {
        let client = browser(&driver).await;
        client
            .goto(&format!("{}/?q=Tianjin+green+bonds", server.base))
            .await
            .unwrap();
        until(
            &client,
            "document.querySelectorAll('#hits .hit').length > 0",
        )
        .await;
        let text = eval(
            &client,
            "document.querySelector('#hits .hit-text').textContent",
        )
        .await;
        let text = text.as_str().unwrap();
        assert!(text.contains("<script>window.accordsInjected"), "{text}");
        assert!(text.contains("<img src=x onerror="), "{text}");
        // Give an injected image time to fail to load.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            eval(&client, "typeof window.accordsInjected").await,
            "undefined"
        );
        assert_eq!(
            eval(
                &client,
                "document.querySelectorAll('main img, main script').length"
            )
            .await,
            0
        );

        // And in its document.
        click(&client, "#hits .hit .open-clause").await;
        until(
            &client,
            "document.querySelector('.doc-clause.current') !== null",
        )
        .await;
        let text = eval(
            &client,
            "document.querySelector('.doc-clause.current .clause-text').textContent",
        )
        .await;
        assert!(text.as_str().unwrap().contains("<img src=x onerror="));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            eval(&client, "typeof window.accordsInjected").await,
            "undefined"
        );
        screenshot(&client, "markup-as-text-1280.png").await;
        client.close().await.unwrap();
    });
}

#[test]
fn the_coverage_matrix_is_shaded_and_a_cell_opens_its_clauses() {
    let server = Server::seeds();
    let expected = server
        .get("/api/matrix?q=cooperation&rows=partner&cols=area")
        .json();
    let driver = start_driver();
    run(async {
        let client = browser(&driver).await;
        viewport(&client, 1280, 900).await;
        // From the hits of a search, the matrix link keeps the search.
        client
            .goto(&format!("{}/?q=cooperation", server.base))
            .await
            .unwrap();
        until(&client, "!document.getElementById('exports').hidden").await;
        click(&client, "#open-matrix").await;
        until(
            &client,
            "!document.getElementById('matrix-view').hidden && \
             document.querySelectorAll('#matrix tbody tr').length > 0",
        )
        .await;
        let url = eval(&client, "location.search").await;
        let url = url.as_str().unwrap();
        assert!(
            url.contains("q=cooperation") && url.contains("view=matrix"),
            "{url}"
        );

        // The table holds the API's counts, zeros blank, the largest
        // count in the darkest shade.
        let rows = expected["row_labels"].as_array().unwrap();
        let columns = expected["column_labels"].as_array().unwrap();
        let cells = eval(
            &client,
            "[...document.querySelectorAll('#matrix tbody tr')].map(tr => \
               [...tr.querySelectorAll('td:not(.total)')].map(td => td.textContent))",
        )
        .await;
        let cells: Vec<Vec<String>> = serde_json::from_value(cells).unwrap();
        assert_eq!(cells.len(), rows.len() + 1, "rows and a total row");
        let counts = expected["counts"].as_array().unwrap();
        let mut largest = 0;
        for (shown, want) in cells.iter().zip(counts) {
            let want: Vec<u64> = serde_json::from_value(want.clone()).unwrap();
            assert_eq!(shown.len(), columns.len());
            for (s, w) in shown.iter().zip(&want) {
                let blank_or_count = if *w == 0 {
                    String::new()
                } else {
                    w.to_string()
                };
                assert_eq!(s, &blank_or_count);
                largest = largest.max(*w);
            }
        }
        let darkest = eval(
            &client,
            "[...document.querySelectorAll('#matrix td.heat-5')].map(td => Number(td.dataset.count))",
        )
        .await;
        let darkest: Vec<u64> = serde_json::from_value(darkest).unwrap();
        assert!(darkest.contains(&largest), "{darkest:?} vs {largest}");
        let total = eval(
            &client,
            "document.querySelector('#matrix tbody tr:last-child td:last-child').textContent",
        )
        .await;
        assert_eq!(total, json!(expected["total"].to_string()));
        screenshot(&client, "matrix.png").await;

        // A click on a cell runs the search filtered to its pair.
        let (i, j) = counts
            .iter()
            .enumerate()
            .flat_map(|(i, row)| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.as_u64() > Some(0))
                    .map(move |(j, _)| (i, j))
            })
            .find(|&(i, j)| rows[i] != "(none)" && columns[j] != "(none)")
            .unwrap();
        let count = counts[i][j].as_u64().unwrap();
        let (row, column) = (rows[i].as_str().unwrap(), columns[j].as_str().unwrap());
        click(
            &client,
            &format!(
                "#matrix tbody tr:nth-child({}) td:nth-child({}) a",
                i + 1,
                j + 2
            ),
        )
        .await;
        until(
            &client,
            &format!(
                "!document.getElementById('results-view').hidden && \
                 document.getElementById('status').textContent.startsWith({})",
                json!(format!("{count} clause"))
            ),
        )
        .await;
        let params = eval(
            &client,
            "[...new URLSearchParams(location.search)].map(p => p.join('='))",
        )
        .await;
        let params: Vec<String> = serde_json::from_value(params).unwrap();
        assert!(params.contains(&format!("partner={row}")), "{params:?}");
        assert!(params.contains(&format!("area={column}")), "{params:?}");
        assert!(!params.iter().any(|p| p.starts_with("view=")), "{params:?}");
        let hits = hit_ids(&client).await;
        assert_eq!(hits.len() as u64, count.min(10));

        // Back returns to the matrix; the row picker turns it into a
        // timeline.
        client.back().await.unwrap();
        until(&client, "!document.getElementById('matrix-view').hidden").await;
        client
            .execute(
                "const s = document.getElementById('matrix-rows'); s.value = 'year'; \
                 s.dispatchEvent(new Event('change'));",
                vec![],
            )
            .await
            .unwrap();
        until(
            &client,
            "new URLSearchParams(location.search).get('rows') === 'year' && \
             document.getElementById('matrix-status').textContent.includes('per year')",
        )
        .await;
        let years = eval(
            &client,
            "[...document.querySelectorAll('#matrix tbody tr th')].map(th => th.textContent)",
        )
        .await;
        let years: Vec<String> = serde_json::from_value(years).unwrap();
        let mut sorted = years[..years.len() - 1].to_vec();
        sorted.sort();
        assert_eq!(years[..years.len() - 1], sorted);
        viewport(&client, 390, 800).await;
        no_horizontal_scroll(&client).await;
        client.close().await.unwrap();
    });
}

/// The one clause of `partner` a search for `query` finds first, by the
/// API.
fn first_clause(server: &Server, query: &str, partner: &str) -> String {
    let results = server
        .get(&format!(
            "/api/search?q={}&partner={}&limit=1",
            encode(query),
            encode(partner)
        ))
        .json();
    results["hits"][0]["id"].as_str().unwrap().to_string()
}

#[test]
fn similar_clauses_and_two_partners_side_by_side_in_a_browser() {
    let server = Server::seeds();
    let driver = start_driver();
    let chongqing = first_clause(&server, "Chinese medicine standardisation", "Chongqing");
    let shanghai = first_clause(&server, "Chinese medicine standardisation", "Shanghai");
    run(async {
        let client = browser(&driver).await;
        viewport(&client, 1280, 900).await;
        client
            .goto(&format!(
                "{}/?q=Chinese+medicine+standardisation&partner=Chongqing",
                server.base
            ))
            .await
            .unwrap();
        until(
            &client,
            "document.querySelectorAll('#hits .hit').length > 0",
        )
        .await;

        // Every hit has a "similar" link; the first one opens the list.
        let links = eval(
            &client,
            "[...document.querySelectorAll('#hits .hit')].every(h => h.querySelector('a.similar-link'))",
        )
        .await;
        assert_eq!(links, json!(true));
        click(
            &client,
            &format!("#hits .hit[data-id='{chongqing}'] a.similar-link"),
        )
        .await;
        until(
            &client,
            "!document.getElementById('similar-view').hidden && \
             document.querySelectorAll('#similar-hits .similar-hit').length > 0",
        )
        .await;
        assert_eq!(
            eval(
                &client,
                "new URLSearchParams(location.search).get('similar')"
            )
            .await,
            json!(chongqing)
        );
        let shown: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#similar-hits .similar-hit')].map(h => h.dataset.id)",
            )
            .await,
        )
        .unwrap();
        let api = server
            .get(&format!("/api/similar?id={chongqing}&limit=10"))
            .json();
        let api_ids: Vec<&str> = api["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        assert_eq!(shown, api_ids);
        assert!(shown.contains(&shanghai), "{shown:?}");
        let partners: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#similar-hits .similar-hit')].map(h => h.dataset.partner)",
            )
            .await,
        )
        .unwrap();
        assert!(partners.iter().all(|p| p != "Chongqing"), "{partners:?}");
        // The shared words are marked, and the reason names them.
        let marks: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#similar-hits mark')].map(m => m.textContent.toLowerCase())",
            )
            .await,
        )
        .unwrap();
        assert!(marks.iter().any(|m| m == "standardisation"), "{marks:?}");
        let why = eval(
            &client,
            "document.querySelector('#similar-hits .why').textContent",
        )
        .await;
        assert!(why.as_str().unwrap().contains("medicine"), "{why}");
        screenshot(&client, "similar.png").await;

        // Back to the results.
        click(&client, "#similar-back").await;
        until(
            &client,
            "!document.getElementById('results-view').hidden && \
             document.querySelectorAll('#hits .hit').length > 0",
        )
        .await;

        // Compare: two pickers, two columns per area, pairs linked.
        click(&client, "#compare-link").await;
        until(
            &client,
            "!document.getElementById('compare-view').hidden && \
             document.querySelectorAll('#compare-left option').length === 5",
        )
        .await;
        eval(
            &client,
            "(document.getElementById('compare-left').value = 'Shanghai', \
              document.getElementById('compare-right').value = 'Chongqing', true)",
        )
        .await;
        click(&client, "#compare-form button[type=submit]").await;
        until(
            &client,
            "document.querySelectorAll('#compare-areas .compare-area').length > 0 && \
             new URLSearchParams(location.search).get('left') === 'Shanghai'",
        )
        .await;
        let api = server
            .get("/api/compare?partner=Shanghai&partner=Chongqing")
            .json();
        let api_areas: Vec<&str> = api["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["area"].as_str().unwrap())
            .collect();
        let areas: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#compare-areas .compare-area')].map(a => a.dataset.area)",
            )
            .await,
        )
        .unwrap();
        assert_eq!(areas, api_areas);
        let only: Vec<String> = serde_json::from_value(
            eval(
                &client,
                "[...document.querySelectorAll('#compare-areas .compare-area[data-only]')].map(a => a.dataset.only)",
            )
            .await,
        )
        .unwrap();
        assert!(!only.is_empty() && only.iter().all(|p| p == "Shanghai" || p == "Chongqing"));
        // Each area shows both columns, headed by the partners.
        let heads = eval(
            &client,
            "[...document.querySelectorAll('.compare-area')[0].querySelectorAll('.compare-col h4')].map(h => h.textContent)",
        )
        .await;
        assert_eq!(heads, json!(["Shanghai", "Chongqing"]));
        // The Chinese medicine clauses are linked as a pair; following the
        // link marks both.
        let pair = format!(".compare-pair[data-left='{shanghai}'][data-right='{chongqing}'] a");
        click(&client, &pair).await;
        until(
            &client,
            &format!(
                "document.querySelector(\".compare-clause[data-side='0'][data-id='{shanghai}']\").classList.contains('paired-focus') && \
                 document.querySelector(\".compare-clause[data-side='1'][data-id='{chongqing}']\").classList.contains('paired-focus')"
            ),
        )
        .await;
        screenshot(&client, "compare.png").await;
        viewport(&client, 390, 844).await;
        no_horizontal_scroll(&client).await;
        viewport(&client, 1280, 900).await;
        client.close().await.unwrap();
    });
}
