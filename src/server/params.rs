//! The parameters of a request: the query string of `GET /api/search` and
//! `/api/export`, or the JSON body of `POST /api/search`, turned into the
//! library's search request.
//!
//! The query string is decoded here rather than by a generic extractor so
//! that every mistake gets a message naming the parameter: bad
//! percent-encoding, bytes that are not UTF-8, a number out of range, a
//! parameter given twice or one the API does not know (refused rather than
//! ignored, so a typo such as `partners=` cannot silently widen a search).

use serde_json::{Map, Value};

use super::error::ApiError;
use crate::search::SearchRequest;

/// Hits one page may hold; `/api/export` has no such limit.
pub const MAX_LIMIT: usize = 1000;
/// Hits a page may skip: deeper pages cost memory for every hit skipped.
pub const MAX_OFFSET: usize = 100_000;
/// Hits a page holds when the request does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// Filters that take several values: repeated, or comma-separated.
const LIST_FIELDS: [&str; 7] = [
    "partner",
    "province",
    "area",
    "meeting",
    "kind",
    "partner_kind",
    "document_kind",
];
/// Parameters that take one value.
const SCALAR_FIELDS: [&str; 11] = [
    "q",
    "from",
    "to",
    "added_since",
    "sort",
    "match",
    "limit",
    "offset",
    "facets",
    "explain",
    "exact",
];

/// Which route the parameters are for: export adds `format` and has no
/// page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Page,
    Export,
}

/// The parameters of a search request, decoded and checked.
#[derive(Debug, Clone)]
pub struct SearchParams {
    pub request: SearchRequest,
    /// `format=` of `/api/export`.
    pub format: Option<String>,
}

/// Decodes a query string (`a=b&c=d`, without the `?`) into name and value
/// pairs, with `+` as a space. Malformed percent-encoding and bytes that are
/// not UTF-8 are errors that name the parameter.
pub fn decode_pairs(raw: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let name = decode_component(name).map_err(|why| {
            ApiError::bad_request("bad_parameter", format!("a parameter name {why}"))
        })?;
        let value = decode_component(value).map_err(|why| {
            ApiError::bad_request(
                "bad_parameter",
                format!("the value of parameter {name:?} {why}"),
            )
        })?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

fn decode_component(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                let Some(byte) = hex else {
                    return Err(format!(
                        "has a % at byte {i} not followed by two hexadecimal digits; \
                         write a literal % as %25"
                    ));
                };
                out.push(byte);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|e| {
        format!(
            "is not valid UTF-8 once decoded (bad byte at {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Turns the decoded pairs of a query string into a search request.
pub fn from_query_string(raw: &str, purpose: Purpose) -> Result<SearchParams, ApiError> {
    let pairs = decode_pairs(raw)?;
    let mut body = Map::new();
    let mut format = None;
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in &pairs {
        if let Some(field) = LIST_FIELDS.iter().find(|f| **f == name.as_str()) {
            let values = body
                .entry(field.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(values) = values {
                values.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(|v| Value::String(v.to_string())),
                );
            }
            continue;
        }
        let field = if purpose == Purpose::Export && name == "format" {
            "format"
        } else if let Some(field) = SCALAR_FIELDS.iter().find(|f| **f == name.as_str()) {
            field
        } else {
            return Err(unknown_parameter(name, purpose));
        };
        if seen.contains(&field) {
            return Err(ApiError::bad_request(
                "bad_parameter",
                format!("parameter {field:?} is given more than once; give it once"),
            ));
        }
        seen.push(field);
        match field {
            "format" => format = Some(value.clone()),
            "q" => {
                body.insert("query".into(), Value::String(value.clone()));
            }
            "limit" | "offset" => {
                body.insert(field.into(), Value::from(number(field, value, purpose)?));
            }
            "facets" | "explain" | "exact" => {
                body.insert(field.into(), Value::Bool(flag(field, value)?));
            }
            "sort" if !matches!(value.as_str(), "relevance" | "date") => {
                return Err(ApiError::bad_request(
                    "bad_parameter",
                    format!("sort must be relevance or date, not {value:?}"),
                ));
            }
            "match" if !matches!(value.as_str(), "all" | "any") => {
                return Err(ApiError::bad_request(
                    "bad_parameter",
                    format!("match must be all or any, not {value:?}"),
                ));
            }
            _ => {
                body.insert(field.into(), Value::String(value.clone()));
            }
        }
    }
    let request = from_body(Value::Object(body), purpose)?;
    Ok(SearchParams { request, format })
}

/// Turns a JSON object (the body of `POST /api/search`, or the decoded
/// query string) into a search request, with the API's page size rules.
pub fn from_body(body: Value, purpose: Purpose) -> Result<SearchRequest, ApiError> {
    let Value::Object(mut body) = body else {
        return Err(ApiError::bad_request(
            "bad_body",
            "the body must be a JSON object such as {\"query\": \"green finance\", \"partner\": [\"Beijing\"]}",
        ));
    };
    // `q` is the query string's name for `query`; accept it in a body too.
    if let Some(q) = body.remove("q") {
        body.entry("query").or_insert(q);
    }
    for (name, _) in body.iter() {
        let known = name == "query"
            || LIST_FIELDS.contains(&name.as_str())
            || SCALAR_FIELDS.contains(&name.as_str());
        if !known {
            return Err(unknown_parameter(name, purpose));
        }
    }
    for field in ["limit", "offset"] {
        if let Some(value) = body.get(field) {
            let text = value.to_string();
            number(field, text.trim_matches('"'), purpose)?;
        }
    }
    match purpose {
        // Every hit: the export has no pages.
        Purpose::Export => {
            body.insert("limit".into(), Value::Null);
            body.remove("offset");
            body.insert("facets".into(), Value::Bool(false));
        }
        Purpose::Page => {
            body.entry("limit").or_insert(Value::from(DEFAULT_LIMIT));
        }
    }
    serde_json::from_value(Value::Object(body))
        .map_err(|e| ApiError::bad_request("bad_parameter", e.to_string()))
}

fn unknown_parameter(name: &str, purpose: Purpose) -> ApiError {
    let mut known: Vec<&str> = SCALAR_FIELDS.iter().chain(&LIST_FIELDS).copied().collect();
    if purpose == Purpose::Export {
        known.retain(|f| !matches!(*f, "limit" | "offset" | "facets"));
        known.push("format");
    }
    ApiError::bad_request(
        "unknown_parameter",
        format!(
            "unknown parameter {name:?}; the parameters are {}",
            known.join(", ")
        ),
    )
}

fn number(field: &str, value: &str, purpose: Purpose) -> Result<usize, ApiError> {
    let max = match (field, purpose) {
        ("limit", Purpose::Page) => MAX_LIMIT,
        ("limit", Purpose::Export) => usize::MAX,
        _ => MAX_OFFSET,
    };
    let hint = if field == "limit" {
        "; /api/export returns every hit"
    } else {
        ""
    };
    value
        .parse::<usize>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| {
            ApiError::bad_request(
                "bad_parameter",
                format!("{field} must be a whole number from 0 to {max}, not {value:?}{hint}"),
            )
        })
}

fn flag(field: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "" | "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ApiError::bad_request(
            "bad_parameter",
            format!("{field} must be true or false, not {value:?}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(raw: &str) -> SearchRequest {
        from_query_string(raw, Purpose::Page).unwrap().request
    }

    fn refusal(raw: &str) -> String {
        from_query_string(raw, Purpose::Page).unwrap_err().message
    }

    #[test]
    fn pairs_are_percent_and_plus_decoded() {
        assert_eq!(
            decode_pairs("q=green+finance%21&partner=Bei%20jing&&x").unwrap(),
            [
                ("q".to_string(), "green finance!".to_string()),
                ("partner".to_string(), "Bei jing".to_string()),
                ("x".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn malformed_percent_encoding_names_the_parameter() {
        let message = refusal("q=50%zz");
        assert!(message.contains("\"q\""), "{message}");
        assert!(message.contains("%25"), "{message}");
        assert!(refusal("q=%e").contains("two hexadecimal digits"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        let message = refusal("q=fin%FFance");
        assert!(message.contains("not valid UTF-8"), "{message}");
    }

    #[test]
    fn filters_repeat_or_take_commas() {
        let r = request("q=x&partner=Beijing&partner=Jiangsu,Shanghai&area=health");
        assert_eq!(r.partner, ["Beijing", "Jiangsu", "Shanghai"]);
        assert_eq!(r.area, ["health"]);
        assert_eq!(r.query, "x");
    }

    #[test]
    fn numbers_out_of_range_are_refused() {
        assert!(refusal("limit=-1").contains("limit must be a whole number from 0 to 1000"));
        assert!(refusal("limit=1001").contains("/api/export"));
        assert!(refusal("offset=99999999999999999999999").contains("offset"));
        assert_eq!(request("limit=5&offset=20").offset, 20);
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        let message = refusal("q=x&partners=Beijing");
        assert!(
            message.contains("unknown parameter \"partners\""),
            "{message}"
        );
        assert!(message.contains("partner"), "{message}");
        assert!(refusal("q=a&q=b").contains("more than once"));
        assert!(from_query_string("format=csv", Purpose::Page).is_err());
    }

    #[test]
    fn an_export_has_no_pages() {
        let params = from_query_string("q=x&format=csv", Purpose::Export).unwrap();
        assert_eq!(params.format.as_deref(), Some("csv"));
        assert_eq!(params.request.limit, None);
    }

    #[test]
    fn a_body_uses_the_same_rules() {
        let body = serde_json::json!({"q": "x", "partner": ["Beijing"], "limit": 5});
        let r = from_body(body, Purpose::Page).unwrap();
        assert_eq!((r.query.as_str(), r.limit), ("x", Some(5)));
        let body = serde_json::json!({"query": "x", "limit": -3});
        assert!(from_body(body, Purpose::Page).is_err());
        assert!(from_body(serde_json::json!([1]), Purpose::Page).is_err());
    }
}
