//! Hostile HTTP against `accords serve`: each request gets a clear 4xx
//! answer (JSON from the API; the HTTP layer's own status where a request
//! is too malformed to reach it) and the server keeps answering.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::serve::{encode, seeds_fixture, Server};

fn still_answers(server: &Server) {
    let reply = server.get("/api/search?q=finance&limit=1");
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn a_huge_query_is_refused() {
    let server = Server::seeds();
    // A query string of a megabyte never reaches a handler: the HTTP layer
    // refuses the head.
    let long = "a".repeat(1024 * 1024);
    let (status, _) = server.raw(
        format!("GET /api/search?q={long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert!((400..500).contains(&status), "{status}");
    // A body of a megabyte is refused from its length alone, before any
    // of it is read (none is sent, so the answer cannot be lost to a
    // reset of a connection closed with unread data).
    let (status, body) = server.raw(
        format!(
            "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            1024 * 1024
        )
        .as_bytes(),
    );
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"code\":\"too_large\""), "{body}");
    assert!(body.contains("KiB"), "{body}");
    // A long query that fits the limits is a syntax error naming the limit.
    let (message, _) = server
        .get(&format!("/api/search?q={}", "word+".repeat(2000)))
        .error(400);
    assert!(message.contains("1000"), "{message}");
    still_answers(&server);
}

#[test]
fn malformed_queries_and_encodings_are_400() {
    let server = Server::seeds();
    let (message, code) = server.get("/api/search?q=%22green+finance").error(400);
    assert_eq!(code, "syntax");
    assert!(message.contains("position"), "{message}");
    let (message, _) = server.get("/api/search?q=green%2").error(400);
    assert!(message.contains("%25"), "{message}");
    let (message, _) = server.get("/api/search?q=fin%FF%FEance").error(400);
    assert!(message.contains("UTF-8"), "{message}");
    let (message, _) = server.get("/api/search?q=x&partner=%C3%28").error(400);
    assert!(message.contains("partner"), "{message}");
    // Raw bytes that are not UTF-8 in the request line.
    let (status, _) = server
        .raw(b"GET /api/search?q=fin\xff\xfeance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!((400..500).contains(&status), "{status}");
    // In a path segment.
    let (_, _) = server.get("/api/clauses/%FF%FE").error(400);
    still_answers(&server);
}

#[test]
fn limits_and_offsets_out_of_range_are_400() {
    let server = Server::seeds();
    for params in [
        "limit=-1",
        "limit=1001",
        "limit=99999999999999999999999999",
        "offset=-5",
        "offset=100001",
        "offset=18446744073709551615",
        "limit=ten",
        "facets=maybe",
    ] {
        let (message, code) = server.get(&format!("/api/search?q=x&{params}")).error(400);
        assert_eq!(code, "bad_parameter", "{params}");
        let name = params.split('=').next().unwrap();
        assert!(message.contains(name), "{params}: {message}");
    }
    // The deepest page allowed is simply empty.
    let reply = server
        .get("/api/search?q=finance&offset=100000&limit=1000")
        .json();
    assert_eq!(reply["hits"].as_array().unwrap().len(), 0);
    let (_, _) = server
        .post_json("/api/search", r#"{"query": "x", "limit": 1e30}"#)
        .error(400);
    still_answers(&server);
}

#[test]
fn unknown_parameters_are_refused_with_the_known_ones() {
    let server = Server::seeds();
    let (message, code) = server.get("/api/search?q=x&partners=Beijing").error(400);
    assert_eq!(code, "unknown_parameter");
    assert!(message.contains("\"partners\""), "{message}");
    assert!(message.contains("partner, province, area"), "{message}");
    server
        .post_json("/api/search", r#"{"query": "x", "colour": "red"}"#)
        .error(400);
    server.get("/api/facets?q=x").error(400);
    server.get("/api/clauses/x?context=3").error(400);
    still_answers(&server);
}

#[test]
fn paths_that_climb_out_find_nothing() {
    let server = Server::seeds();
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/app.js/../../src/main.rs",
        "/assets//app.js",
        "/api/documents/..%2f..%2fCargo.toml",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let (status, body) = server.raw(request.as_bytes());
        assert!((400..500).contains(&status), "{path}: {status}");
        assert!(!body.contains("[package]"), "{path}");
        assert!(!body.contains("root:"), "{path}");
        assert!(body.contains("\"code\""), "{path}: {body}");
    }
    still_answers(&server);
}

#[test]
fn a_body_that_never_finishes_is_cut_off() {
    let server = Server::start(seeds_fixture(), &["--timeout", "2"]);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .write_all(
            b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 1000\r\n\r\n{\"query\": \"fin",
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    still_answers(&server);
}

#[test]
fn a_burst_of_connections_is_served() {
    let server = Server::seeds();
    let base = server.base.clone();
    let queries = [
        "finance",
        "Chinese medicine",
        "\"green finance\"",
        "innovation",
    ];
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let url = format!(
                "{base}/api/search?q={}&facets=true",
                encode(queries[i % queries.len()])
            );
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build()
                    .into();
                let mut response = agent.get(&url).call().expect("an answer");
                let status = response.status().as_u16();
                let body = response.body_mut().read_to_string().unwrap();
                (status, body)
            })
        })
        .collect();
    for thread in threads {
        let (status, body) = thread.join().unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("\"total\""));
    }
    still_answers(&server);
}
