//! The routes: the page and its two assets, and the JSON API, each handler
//! a few lines from request to engine call to response.

use std::io::{self, Write};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use tokio::sync::mpsc;

use super::error::ApiError;
use super::params::{self, Purpose};
use super::{assets, AppState};
use crate::export::{self, Format, Style};
use crate::search::{MatrixAxis, SearchRequest};

type Shared = State<Arc<AppState>>;

/// Neighbours `/api/clauses/{id}` returns at most on each side.
const MAX_AROUND: usize = 50;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(assets::index_html))
        .route("/assets/app.js", get(assets::app_js))
        .route("/assets/style.css", get(assets::style_css))
        .route("/api/search", get(search_get).post(search_post))
        .route("/api/export", get(export_get))
        .route("/api/facets", get(facets))
        .route("/api/matrix", get(matrix))
        .route("/api/clauses/{id}", get(clause))
        .route("/api/documents", get(documents))
        .route("/api/documents/{doc_id}", get(document))
        .route("/api/health", get(health))
        .route(
            "/api/similar",
            get(super::similar::similar_get).post(super::similar::similar_post),
        )
        .route("/api/compare", get(super::similar::compare_get))
        .fallback(not_found)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "nothing at {}; the page is at / and the API under /api/ (see docs/api.md)",
        uri.path()
    ))
}

async fn search_get(State(state): Shared, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = params::from_query_string(raw.as_deref().unwrap_or(""), Purpose::Page)?;
    run_search(&state, params.request).await
}

async fn search_post(
    State(state): Shared,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return super::error::for_status(e.status());
        }
        ApiError::new(e.status(), "bad_body", e.body_text())
    })?;
    let request = params::from_body(body, Purpose::Page)?;
    run_search(&state, request).await
}

async fn run_search(state: &AppState, request: SearchRequest) -> Result<Response, ApiError> {
    let results = state.run(move |engine| engine.search(&request)).await?;
    Ok(Json(results).into_response())
}

async fn facets(State(state): Shared, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    if let Some(name) = raw
        .as_deref()
        .and_then(|r| r.split('&').find(|p| !p.is_empty()))
    {
        return Err(ApiError::bad_request(
            "unknown_parameter",
            format!(
                "/api/facets takes no parameters (got {name:?}); \
                 for the facets of a search use /api/search?q=...&facets=true"
            ),
        ));
    }
    let request = params::from_body(
        serde_json::json!({"query": "", "facets": true, "limit": 0}),
        Purpose::Page,
    )?;
    run_search(&state, request).await
}

/// `/api/matrix`: the search parameters of `/api/search` (page and sort
/// aside) with `rows` and `cols`, each one of partner, province, area,
/// meeting, year or kind.
async fn matrix(State(state): Shared, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let raw = raw.unwrap_or_default();
    let mut axes = [("rows", MatrixAxis::Partner), ("cols", MatrixAxis::Area)];
    let mut rest = Vec::new();
    let mut seen = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let name = part.split('=').next().unwrap_or_default();
        let Some(axis) = axes.iter_mut().find(|(n, _)| *n == name) else {
            rest.push(part);
            continue;
        };
        if seen.contains(&axis.0) {
            return Err(ApiError::bad_request(
                "bad_parameter",
                format!("parameter {name:?} is given more than once; give it once"),
            ));
        }
        seen.push(axis.0);
        let value = params::decode_pairs(part)?
            .pop()
            .map(|(_, v)| v)
            .unwrap_or_default();
        axis.1 = MatrixAxis::parse(&value).ok_or_else(|| {
            let valid: Vec<&str> = MatrixAxis::ALL.iter().map(|a| a.name()).collect();
            ApiError::bad_request(
                "bad_parameter",
                format!("{name} must be one of {}, not {value:?}", valid.join(", ")),
            )
        })?;
    }
    let request = params::from_query_string(&rest.join("&"), Purpose::Page)?.request;
    let [(_, rows), (_, columns)] = axes;
    let matrix = state
        .run(move |engine| engine.matrix(&request, rows, columns))
        .await?;
    Ok(Json(matrix).into_response())
}

async fn clause(
    State(state): Shared,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut around = 2;
    for (name, value) in params::decode_pairs(raw.as_deref().unwrap_or(""))? {
        if name != "around" {
            return Err(ApiError::bad_request(
                "unknown_parameter",
                format!("unknown parameter {name:?}; /api/clauses/{{id}} takes only around"),
            ));
        }
        around = value
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= MAX_AROUND)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "bad_parameter",
                    format!("around must be a whole number from 0 to {MAX_AROUND}, not {value:?}"),
                )
            })?;
    }
    let context = state.run(move |engine| engine.show(&id, around)).await?;
    Ok(Json(context).into_response())
}

async fn documents(State(state): Shared) -> Result<Response, ApiError> {
    let list = state.run(|engine| engine.documents()).await?;
    Ok(Json(list).into_response())
}

async fn document(State(state): Shared, Path(doc_id): Path<String>) -> Result<Response, ApiError> {
    let view = state.run(move |engine| engine.document(&doc_id)).await?;
    Ok(Json(view).into_response())
}

async fn health(State(state): Shared) -> Result<Response, ApiError> {
    let health = state.run(|engine| Ok(engine.health())).await?;
    Ok(Json(health).into_response())
}

/// `/api/export`: every hit of a search, written by the same code as
/// `accords search --format ...`, streamed as it is written.
async fn export_get(State(state): Shared, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = params::from_query_string(raw.as_deref().unwrap_or(""), Purpose::Export)?;
    let (format, extension, content_type) = match params.format.as_deref().unwrap_or("csv") {
        "csv" => (Format::Csv, "csv", "text/csv; charset=utf-8"),
        "json" => (Format::Json, "json", "application/json"),
        "jsonl" => (Format::Jsonl, "jsonl", "application/x-ndjson"),
        "md" => (Format::Md, "md", "text/markdown; charset=utf-8"),
        other => {
            return Err(ApiError::bad_request(
                "bad_parameter",
                format!("format must be csv, json, jsonl or md, not {other:?}"),
            ))
        }
    };
    let file_name = format!("{}.{extension}", file_stem(&params.request.query));
    let request = params.request;
    let results = state.run(move |engine| engine.search(&request)).await?;

    let (sender, receiver) = mpsc::channel::<Bytes>(8);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter::new(sender);
        let written = export::write_results(&mut out, format, &results, &Style::default())
            .and_then(|()| out.flush());
        if let Err(e) = written {
            // The client went away, most likely; nothing is left to tell.
            tracing::debug!("export stopped: {e}");
        }
    });
    let disposition = format!("attachment; filename=\"{file_name}\"");
    let mut response = super::stream_body(receiver).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A file name for an export of `query`: its words in lower case joined by
/// hyphens, ASCII letters and digits only, at most 60 characters.
pub fn file_stem(query: &str) -> String {
    let mut stem = String::from("accords");
    let mut words = 0;
    for word in query
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() + word.len() + 1 > 60 {
            break;
        }
        stem.push('-');
        stem.push_str(&word.to_ascii_lowercase());
        words += 1;
    }
    if words == 0 {
        stem.push_str("-all");
    }
    stem
}

/// A writer that hands what is written to an async body in chunks; it
/// fails once the receiving side (the client) is gone.
struct ChannelWriter {
    buffer: Vec<u8>,
    sender: mpsc::Sender<Bytes>,
}

impl ChannelWriter {
    const CHUNK: usize = 64 * 1024;

    fn new(sender: mpsc::Sender<Bytes>) -> ChannelWriter {
        ChannelWriter {
            buffer: Vec::with_capacity(Self::CHUNK),
            sender,
        }
    }

    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(Self::CHUNK),
        ));
        self.sender
            .blocking_send(chunk)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= Self::CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn export_file_names_keep_only_safe_characters() {
        assert_eq!(
            file_stem("Chinese medicine \"standard*\""),
            "accords-chinese-medicine-standard"
        );
        assert_eq!(file_stem("../../etc/passwd\r\n"), "accords-etc-passwd");
        assert_eq!(file_stem(""), "accords-all");
        assert_eq!(file_stem("長三角"), "accords-all");
        assert!(file_stem(&"word ".repeat(50)).len() <= 60);
    }
}
