//! Filters: narrowing a search by partner, area, meeting, kind and date.
//!
//! This module owns what a filter value may look like and what it means:
//! date bounds (`2023`, `2023-06`, `2023-06-26`), and how a value the user
//! typed is matched against the values the index actually holds, case
//! aside, with a unique prefix or word good enough (`--area health`). A value
//! that matches nothing is an error listing what would; a value that matches
//! several is an error listing them. It does no I/O and builds no index
//! query; [`compile`](super::compile) turns resolved values into one.

use chrono::{Datelike, NaiveDate};

use crate::error::{DateBound, Error, Result, ValueOrigin};
use crate::index::FacetField;
use crate::model::{ClauseKind, MeetingType, PartnerKind};

/// The filters of one search, as typed. Repeated values of one filter are
/// alternatives (OR); different filters must all hold (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub partners: Vec<String>,
    /// Provincial-level divisions: a province's own meetings and those of
    /// its cities and zones.
    pub provinces: Vec<String>,
    pub partner_kinds: Vec<String>,
    /// "meeting release" or "other release".
    pub document_kinds: Vec<String>,
    pub areas: Vec<String>,
    pub meetings: Vec<String>,
    /// Clause kinds; empty means commitments and agreements, `all` means
    /// every kind.
    pub kinds: Vec<String>,
    pub dates: DateRange,
    /// Only clauses that first entered the index at or after this time, in
    /// seconds since the Unix epoch.
    pub added_since: Option<i64>,
}

/// The value of `--kind` that lifts the kind filter.
pub const ALL_KINDS: &str = "all";

/// The kinds searched when neither `--kind` nor `kind:` says otherwise: the
/// clauses that commit to something, not the introductions and quotes.
pub const DEFAULT_KINDS: [ClauseKind; 2] = [ClauseKind::Commitment, ClauseKind::Agreement];

/// An inclusive range of meeting days. Clauses whose year is unknown have no
/// date and fall outside every range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Parses `--from` and `--to`. `--from 2023` starts on 1 January 2023;
    /// `--to 2023-06` ends on 30 June 2023.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<DateRange> {
        let from = from
            .map(|s| parse_date(DateBound::From, s, false))
            .transpose()?;
        let to = to.map(|s| parse_date(DateBound::To, s, true)).transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(Error::EmptyDateRange {
                    from: f.to_string(),
                    to: t.to_string(),
                });
            }
        }
        Ok(DateRange { from, to })
    }

    /// No bound: every clause, with a date or without.
    pub fn unbounded() -> DateRange {
        DateRange::default()
    }

    /// Every date there can be: every clause whose meeting has a known year.
    pub fn every_date() -> DateRange {
        DateRange {
            from: NaiveDate::from_ymd_opt(1, 1, 1),
            to: NaiveDate::from_ymd_opt(9999, 12, 31),
        }
    }

    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// Parses an `added-since` bound: a day (`2024-06-01`, from its first
/// second, UTC) or an RFC 3339 time (`2024-06-01T09:30:00+08:00`). Returns
/// seconds since the Unix epoch.
pub fn parse_added_since(value: &str) -> Result<i64> {
    let trimmed = value.trim();
    if let Ok(day) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        if trimmed.len() == 10 {
            return Ok(day
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()));
        }
    }
    chrono::DateTime::parse_from_rfc3339(trimmed)
        .map(|t| t.timestamp())
        .map_err(|_| Error::BadTime {
            given: value.to_string(),
            reason: "not a day or a time".to_string(),
        })
}

/// Parses a year, year-month or full date; `end` picks the last day the
/// value covers instead of the first.
fn parse_date(bound: DateBound, value: &str, end: bool) -> Result<NaiveDate> {
    let bad = |why: &str| Error::BadDate {
        bound,
        given: value.to_string(),
        reason: why.to_string(),
    };
    let parts: Vec<&str> = value.trim().split('-').collect();
    let number = |s: &str, digits: usize| -> Option<u32> {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = parts
        .first()
        .and_then(|y| number(y, 4))
        .ok_or_else(|| bad("not a date"))? as i32;
    let month = match parts.get(1) {
        Some(m) => Some(number(m, 2).ok_or_else(|| bad("not a date"))?),
        None => None,
    };
    let day = match parts.get(2) {
        Some(d) => Some(number(d, 2).ok_or_else(|| bad("not a date"))?),
        None => None,
    };
    if parts.len() > 3 {
        return Err(bad("not a date"));
    }
    let (month, day) = match (month, day, end) {
        (None, _, false) => (1, 1),
        (None, _, true) => (12, 31),
        (Some(m), None, false) => (m, 1),
        (Some(m), None, true) => {
            if !(1..=12).contains(&m) {
                return Err(bad("there is no such month"));
            }
            (m, last_day_of_month(year, m))
        }
        (Some(m), Some(d), _) => (m, d),
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| bad("there is no such day"))
}

fn last_day_of_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

/// Where a value came from, for messages: a flag or a `field:` in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A filter of the request.
    Filter,
    /// A `field:value` term of the query.
    Query(&'a str),
}

impl Origin<'_> {
    fn to_value_origin(self) -> ValueOrigin {
        match self {
            Origin::Filter => ValueOrigin::Filter,
            Origin::Query(field) => ValueOrigin::Query {
                field: field.to_string(),
            },
        }
    }
}

fn key(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Turns the loose spellings the model accepts into the canonical name the
/// index holds ("plenary" into "plenary session").
fn canonical_spelling(facet: FacetField, value: &str) -> String {
    let canonical = match facet {
        FacetField::MeetingTypes => MeetingType::parse(value).map(|t| t.as_str()),
        FacetField::PartnerKind => PartnerKind::parse(value).map(|k| k.as_str()),
        FacetField::Kind => ClauseKind::parse(value).map(|k| k.as_str()),
        _ => None,
    };
    canonical.map_or_else(|| value.trim().to_string(), str::to_string)
}

/// True when the words of `needle` appear side by side in `haystack`, the
/// last one possibly cut short ("chinese med" in "health and chinese
/// medicine").
fn has_words(haystack: &str, needle: &str) -> bool {
    let hay: Vec<&str> = haystack.split(' ').collect();
    let needle: Vec<&str> = needle.split(' ').collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len()).any(|window| {
        let (last, rest) = needle.split_last().expect("needle is not empty");
        window[..rest.len()] == *rest && window[rest.len()].starts_with(last)
    })
}

/// Resolves one typed value to the index value it names. `valid` is every
/// value of the facet in the index.
pub fn resolve_value(
    facet: FacetField,
    origin: Origin<'_>,
    typed: &str,
    valid: &[String],
) -> Result<String> {
    let wanted = key(&canonical_spelling(facet, typed));
    if wanted.is_empty() {
        return Err(Error::EmptyValue {
            facet,
            origin: origin.to_value_origin(),
            given: typed.to_string(),
            valid: valid.to_vec(),
        });
    }
    if let Some(v) = valid.iter().find(|v| key(v) == wanted) {
        return Ok(v.clone());
    }
    // Partners and provinces are also known by other names ("Canton",
    // "廣東"): the partner list says which of the index's values is meant.
    let known_partner = matches!(facet, FacetField::Partner | FacetField::Province)
        .then(|| crate::ingest::canonical_partner(typed))
        .flatten();
    if let Some(v) = known_partner.and_then(|name| valid.iter().find(|v| v.as_str() == name)) {
        return Ok(v.clone());
    }
    // Years and kinds are short closed sets where a partial match is more
    // likely a typo than a shorthand.
    if !matches!(facet, FacetField::Year | FacetField::Kind) {
        for matches in [
            valid
                .iter()
                .filter(|v| key(v).starts_with(&wanted))
                .collect::<Vec<_>>(),
            valid
                .iter()
                .filter(|v| has_words(&key(v), &wanted))
                .collect(),
        ] {
            match matches.as_slice() {
                [] => {}
                [one] => return Ok((*one).clone()),
                several => {
                    return Err(Error::AmbiguousValue {
                        facet,
                        origin: origin.to_value_origin(),
                        given: typed.to_string(),
                        matches: several.iter().map(|s| (*s).clone()).collect(),
                    });
                }
            }
        }
    }
    if let Some(name) = known_partner {
        return Err(Error::AbsentValue {
            facet,
            origin: origin.to_value_origin(),
            given: typed.to_string(),
            name: name.to_string(),
            valid: valid.to_vec(),
        });
    }
    Err(Error::UnknownValue {
        facet,
        origin: origin.to_value_origin(),
        given: typed.to_string(),
        nearest: closest(&wanted, valid).map(str::to_string),
        valid: valid.to_vec(),
    })
}

/// Every index value a typed prefix (`area:heal*`) covers, by its start or
/// the start of any of its words. An error when it covers none.
pub fn resolve_prefix(
    facet: FacetField,
    origin: Origin<'_>,
    typed: &str,
    valid: &[String],
) -> Result<Vec<String>> {
    let wanted = key(typed);
    let found: Vec<String> = valid
        .iter()
        .filter(|v| {
            let k = key(v);
            k.starts_with(&wanted) || has_words(&k, &wanted)
        })
        .cloned()
        .collect();
    if found.is_empty() {
        return Err(Error::NoPrefixMatch {
            facet,
            origin: origin.to_value_origin(),
            given: typed.to_string(),
            valid: valid.to_vec(),
        });
    }
    Ok(found)
}

/// The valid value nearest to a typo, if it is near enough to be a guess.
fn closest<'a>(wanted: &str, valid: &'a [String]) -> Option<&'a str> {
    let (distance, best) = valid
        .iter()
        .map(|v| (edit_distance(wanted, &key(v)), v.as_str()))
        .min()?;
    let allowed = (wanted.chars().count() / 3).max(1);
    (distance <= allowed).then_some(best)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_since_takes_a_day_or_an_rfc_3339_time() {
        assert_eq!(parse_added_since("2024-06-01").unwrap(), 1_717_200_000);
        assert_eq!(
            parse_added_since("2024-06-01T09:30:00+08:00").unwrap(),
            1_717_200_000 + 3600 + 1800
        );
        assert_eq!(
            parse_added_since(" 2024-06-01T01:30:00Z ").unwrap(),
            1_717_200_000 + 3600 + 1800
        );
        for bad in ["yesterday", "2024-13-01", "2024-6-1", "2024-06", ""] {
            let err = parse_added_since(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
            assert!(
                err.contains("YYYY-MM-DD") && err.contains("RFC 3339"),
                "{err}"
            );
        }
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn range(from: Option<&str>, to: Option<&str>) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let r = DateRange::parse(from, to).unwrap();
        (r.from, r.to)
    }

    #[test]
    fn date_bounds_cover_whole_years_and_months() {
        assert_eq!(range(Some("2023"), None), (Some(date("2023-01-01")), None));
        assert_eq!(range(None, Some("2023")), (None, Some(date("2023-12-31"))));
        assert_eq!(
            range(Some("2023-06"), Some("2023-06")),
            (Some(date("2023-06-01")), Some(date("2023-06-30")))
        );
        assert_eq!(
            range(None, Some("2024-02")),
            (None, Some(date("2024-02-29")))
        );
        assert_eq!(
            range(None, Some("2023-02")),
            (None, Some(date("2023-02-28")))
        );
        assert_eq!(
            range(Some("2023-06-26"), Some(" 2023-06-26 ")),
            (Some(date("2023-06-26")), Some(date("2023-06-26")))
        );
    }

    #[test]
    fn invalid_dates_are_user_errors() {
        for bad in [
            "23",
            "2023-6",
            "2023-13",
            "2023-02-30",
            "2023/06/26",
            "June 2023",
            "",
            "2023-06-26-1",
            "-2023",
            "２０２３",
        ] {
            let err = DateRange::parse(Some(bad), None).unwrap_err();
            assert!(err.is_user_error(), "{bad}");
            assert!(err.to_string().contains("YYYY-MM-DD"), "{bad}: {err}");
        }
        let err = DateRange::parse(None, Some("2023-13")).unwrap_err();
        assert!(err.to_string().starts_with("to \"2023-13\""), "{err}");
        let err = DateRange::parse(Some("2024"), Some("2023")).unwrap_err();
        assert!(err.to_string().contains("after"), "{err}");
    }

    fn partners() -> Vec<String> {
        ["Beijing", "Chongqing", "Jiangsu", "Shanghai", "Zhejiang"]
            .map(String::from)
            .to_vec()
    }

    fn areas() -> Vec<String> {
        [
            "Health and Chinese Medicine",
            "Education",
            "Environment and Ecology",
            "Social Welfare",
            "Finance",
        ]
        .map(String::from)
        .to_vec()
    }

    fn resolve(facet: FacetField, typed: &str, valid: &[String]) -> Result<String> {
        resolve_value(facet, Origin::Filter, typed, valid)
    }

    #[test]
    fn values_match_case_insensitively() {
        assert_eq!(
            resolve(FacetField::Partner, "beijing", &partners()).unwrap(),
            "Beijing"
        );
        assert_eq!(
            resolve(FacetField::Partner, " JIANGSU ", &partners()).unwrap(),
            "Jiangsu"
        );
        assert_eq!(
            resolve(FacetField::Areas, "health, and chinese-medicine", &areas()).unwrap(),
            "Health and Chinese Medicine"
        );
    }

    #[test]
    fn a_unique_prefix_or_word_is_enough() {
        assert_eq!(
            resolve(FacetField::Areas, "health", &areas()).unwrap(),
            "Health and Chinese Medicine"
        );
        assert_eq!(
            resolve(FacetField::Areas, "chinese medicine", &areas()).unwrap(),
            "Health and Chinese Medicine"
        );
        assert_eq!(
            resolve(FacetField::Areas, "welf", &areas()).unwrap(),
            "Social Welfare"
        );
        assert_eq!(
            resolve(FacetField::Partner, "chong", &partners()).unwrap(),
            "Chongqing"
        );
    }

    #[test]
    fn an_ambiguous_value_lists_the_candidates() {
        let err = resolve(FacetField::Areas, "e", &areas()).unwrap_err();
        assert!(err.is_user_error());
        let message = err.to_string();
        assert!(
            message.contains("matches several areas: Education, Environment and Ecology"),
            "{message}"
        );
    }

    #[test]
    fn an_unknown_value_lists_the_valid_ones_and_suggests_a_close_one() {
        let message = resolve(FacetField::Partner, "Jiangsuu", &partners())
            .unwrap_err()
            .to_string();
        assert!(message.contains("did you mean Jiangsu?"), "{message}");
        assert!(
            message.contains("Beijing, Chongqing, Jiangsu, Shanghai, Zhejiang"),
            "{message}"
        );
        let message = resolve(FacetField::Partner, "Atlantis", &partners())
            .unwrap_err()
            .to_string();
        assert!(!message.contains("did you mean"), "{message}");
        assert!(
            message.starts_with("partner Atlantis: unknown partner. The index has these partners"),
            "{message}"
        );
    }

    #[test]
    fn a_partner_known_by_another_name_or_absent_from_the_index_is_told_apart() {
        assert_eq!(
            resolve(FacetField::Partner, "Peking", &partners()).unwrap(),
            "Beijing"
        );
        let err = resolve(FacetField::Partner, "guangdong", &partners()).unwrap_err();
        assert!(matches!(err, Error::AbsentValue { ref name, .. } if name == "Guangdong"));
        assert!(
            err.to_string()
                .starts_with("partner guangdong: no clause from Guangdong in this index; it has these partners: Beijing"),
            "{err}"
        );
    }

    #[test]
    fn loose_spellings_of_closed_sets_are_understood() {
        let meetings = vec![
            "plenary session".to_string(),
            "high-level meeting".to_string(),
        ];
        assert_eq!(
            resolve(FacetField::MeetingTypes, "Plenary", &meetings).unwrap(),
            "plenary session"
        );
        assert_eq!(
            resolve(FacetField::MeetingTypes, "high_level_meeting", &meetings).unwrap(),
            "high-level meeting"
        );
        let kinds = vec![
            "agreement".to_string(),
            "commitment".to_string(),
            "statement".to_string(),
        ];
        assert_eq!(
            resolve(FacetField::Kind, "Statement", &kinds).unwrap(),
            "statement"
        );
        let message = resolve(FacetField::Kind, "state", &kinds)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("agreement, commitment, statement, all"),
            "{message}"
        );
        let years = vec!["2023".to_string(), "2024".to_string()];
        assert!(resolve(FacetField::Year, "202", &years).is_err());
    }

    #[test]
    fn prefixes_cover_every_value_they_start() {
        let origin = Origin::Query("area");
        assert_eq!(
            resolve_prefix(FacetField::Areas, origin, "e", &areas()).unwrap(),
            ["Education", "Environment and Ecology"]
        );
        assert_eq!(
            resolve_prefix(FacetField::Areas, origin, "eco", &areas()).unwrap(),
            ["Environment and Ecology"]
        );
        assert!(resolve_prefix(FacetField::Areas, origin, "zz", &areas()).is_err());
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("jiangsuu", "jiangsu"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
