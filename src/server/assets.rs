//! The search page: three files compiled into the binary, so the server
//! needs nothing beside it and fetches nothing at run time. Only these
//! exact paths are served; anything else under `/` is a 404, so no path,
//! however encoded, reaches the file system.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

pub async fn index_html() -> Response {
    asset(INDEX_HTML, "text/html; charset=utf-8")
}

pub async fn app_js() -> Response {
    asset(APP_JS, "text/javascript; charset=utf-8")
}

pub async fn style_css() -> Response {
    asset(STYLE_CSS, "text/css; charset=utf-8")
}
