//! Errors as the API answers them: a status and a JSON body
//! `{"message", "code"}`, where `message` is what to show a person and
//! `code` a stable word for programs.
//!
//! A user's mistake is a 4xx, an index that cannot be used a 503; a 500
//! means a fault in accords itself, never something a request contained.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::response::IntoResponse;
use serde::Serialize;

use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// For a query syntax error, the zero-based character position.
    pub position: Option<usize>,
}

#[derive(Serialize)]
struct Body_<'a> {
    message: &'a str,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            position: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The body of this error.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Body_ {
            message: &self.message,
            code: self.code,
            position: self.position,
        })
        .unwrap_or_else(|_| String::from("{\"message\":\"error\",\"code\":\"internal\"}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        let mut response = Response::new(Body::from(self.to_json()));
        *response.status_mut() = self.status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let status = if e.is_not_found() {
            StatusCode::NOT_FOUND
        } else if e.is_unavailable() {
            StatusCode::SERVICE_UNAVAILABLE
        } else if e.is_user_error() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        let position = match &e {
            Error::QuerySyntax { position, .. } => Some(*position),
            _ => None,
        };
        ApiError {
            status,
            code: e.code(),
            message: e.to_string(),
            position,
        }
    }
}

/// The message and code for a status that a layer (body limit, timeout,
/// routing) answered without a body of ours.
pub fn for_status(status: StatusCode) -> ApiError {
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            format!(
                "the request body is larger than the {} KiB the API accepts",
                super::MAX_BODY_BYTES / 1024
            ),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            "the request was not received and answered within the server's time limit \
             (--timeout)"
                .to_string(),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "the API is read-only: use GET (or POST for /api/search)".to_string(),
        ),
        StatusCode::NOT_FOUND => ("not_found", "no such page or API route".to_string()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "bad_body",
            "send the body as JSON with Content-Type: application/json".to_string(),
        ),
        s if s.is_client_error() => (
            "bad_request",
            format!(
                "the request was refused: {}",
                s.canonical_reason().unwrap_or("bad request")
            ),
        ),
        s => (
            "internal",
            format!(
                "the server failed: {}",
                s.canonical_reason().unwrap_or("error")
            ),
        ),
    };
    ApiError::new(status, code, message)
}
