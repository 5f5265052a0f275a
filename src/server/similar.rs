//! `/api/similar` and `/api/compare`: similar clauses and two partners side
//! by side, each parameter checked and named in its error like the search
//! routes do.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::error::ApiError;
use super::params::decode_pairs;
use super::AppState;
use crate::search::similar::{CompareRequest, SimilarRequest, MAX_SIMILAR_LIMIT};

type Shared = State<Arc<AppState>>;

fn unknown(name: &str, route: &str, takes: &str) -> ApiError {
    ApiError::bad_request(
        "unknown_parameter",
        format!("unknown parameter {name:?}; {route} takes {takes}"),
    )
}

fn once(slot: &mut Option<String>, name: &str, value: String) -> Result<(), ApiError> {
    if slot.replace(value).is_some() {
        return Err(ApiError::bad_request(
            "bad_parameter",
            format!("parameter {name:?} is given more than once; give it once"),
        ));
    }
    Ok(())
}

/// `GET /api/similar?id=...` or `?text=...`, with `limit`,
/// `same_partner` and `partner`.
pub async fn similar_get(
    State(state): Shared,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut request = SimilarRequest::default();
    let (mut limit, mut same) = (None, None);
    for (name, value) in decode_pairs(raw.as_deref().unwrap_or(""))? {
        match name.as_str() {
            "id" => once(&mut request.id, "id", value)?,
            "text" => once(&mut request.text, "text", value)?,
            "limit" => once(&mut limit, "limit", value)?,
            "same_partner" => once(&mut same, "same_partner", value)?,
            "partner" => request.partner.push(value),
            other => {
                return Err(unknown(
                    other,
                    "/api/similar",
                    "id or text, limit, same_partner and partner",
                ))
            }
        }
    }
    if let Some(value) = limit {
        request.limit = Some(
            value
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_SIMILAR_LIMIT).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "bad_parameter",
                        format!(
                            "limit must be a whole number from 1 to {MAX_SIMILAR_LIMIT}, not {value:?}"
                        ),
                    )
                })?,
        );
    }
    if let Some(value) = same {
        request.same_partner = match value.as_str() {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => {
                return Err(ApiError::bad_request(
                    "bad_parameter",
                    format!("same_partner must be true or false, not {value:?}"),
                ))
            }
        };
    }
    let results = state.run(move |engine| engine.similar(&request)).await?;
    Ok(Json(results).into_response())
}

/// `POST /api/similar` with a JSON body: for a pasted text too long for a
/// URL.
pub async fn similar_post(
    State(state): Shared,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return super::error::for_status(e.status());
        }
        ApiError::new(e.status(), "bad_body", e.body_text())
    })?;
    let request: SimilarRequest = serde_json::from_value(body).map_err(|e| {
        ApiError::bad_request(
            "bad_body",
            format!("{e}; the body takes id or text, limit, same_partner and partner"),
        )
    })?;
    let results = state.run(move |engine| engine.similar(&request)).await?;
    Ok(Json(results).into_response())
}

/// `GET /api/compare?partner=A&partner=B`, with `q` and `area`.
pub async fn compare_get(
    State(state): Shared,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut request = CompareRequest::default();
    let mut query = None;
    for (name, value) in decode_pairs(raw.as_deref().unwrap_or(""))? {
        match name.as_str() {
            "partner" => request.partners.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
            ),
            "q" => once(&mut query, "q", value)?,
            "area" => request.area.push(value),
            other => {
                return Err(unknown(
                    other,
                    "/api/compare",
                    "partner (twice), q and area",
                ))
            }
        }
    }
    if request.partners.len() != 2 {
        return Err(ApiError::bad_request(
            "bad_parameter",
            format!(
                "give two partners to compare (partner=Shanghai&partner=Chongqing), not {}",
                request.partners.len()
            ),
        ));
    }
    request.query = query.unwrap_or_default();
    let comparison = state.run(move |engine| engine.compare(&request)).await?;
    Ok(Json(comparison).into_response())
}
