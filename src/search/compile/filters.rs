//! Filters as tantivy queries: the `--partner`, `--area`, `--meeting`,
//! `--kind` and date flags, the default kinds, and `field:value` on a
//! category in the query.
//!
//! A filter never scores: its queries are wrapped to score zero, so it
//! decides only which clauses are hits. Values are resolved against what
//! the index holds (read once per facet and kept) by
//! [`resolve_value`] and [`resolve_prefix`], which own the rules and the
//! messages; this file turns the resolved values into queries and records
//! them in the explanation. How a filter combines with the words of a
//! group is `rank`'s business.

use std::ops::Bound;

use chrono::{Days, NaiveDate};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::Term;

use super::{Compiler, Part};
use crate::error::Result;
use crate::index::FacetField;
use crate::search::explain::FilterExplain;
use crate::search::facets::known_values;
use crate::search::filters::{
    resolve_prefix, resolve_value, DateRange, Filters, Origin, ALL_KINDS, DEFAULT_KINDS,
};
use crate::search::query::QueryField;

/// The origin an explanation gives a filter the request asked for.
const REQUESTED: &str = "requested";

impl Compiler<'_> {
    /// Adds a query for each filter of the command line (and the default
    /// kinds, unless the query names a kind) to `musts`, recording each in
    /// the explanation. Returns true when the default kinds applied.
    pub(super) fn filter_queries(
        &mut self,
        filters: &Filters,
        musts: &mut Vec<Box<dyn TantivyQuery>>,
    ) -> Result<bool> {
        let requested = [
            (FacetField::Partner, &filters.partners),
            (FacetField::Province, &filters.provinces),
            (FacetField::PartnerKind, &filters.partner_kinds),
            (FacetField::DocumentKind, &filters.document_kinds),
            (FacetField::Areas, &filters.areas),
            (FacetField::MeetingTypes, &filters.meetings),
        ];
        for (facet, typed) in requested {
            if typed.is_empty() {
                continue;
            }
            let values = typed
                .iter()
                .map(|t| {
                    let known = self.known(facet)?;
                    resolve_value(facet, Origin::Filter, t, known)
                })
                .collect::<Result<Vec<_>>>()?;
            self.explain.filters.push(FilterExplain {
                field: facet.name(),
                values: values.clone(),
                origin: REQUESTED.to_string(),
            });
            musts.push(facet_query(self.fields.facet(facet), &values));
        }
        let default_kinds = filters.kinds.is_empty() && !self.mentions_kind;
        let kinds: Vec<String> = if default_kinds {
            DEFAULT_KINDS
                .iter()
                .map(|k| k.as_str().to_string())
                .collect()
        } else if filters
            .kinds
            .iter()
            .any(|k| k.trim().eq_ignore_ascii_case(ALL_KINDS))
        {
            Vec::new()
        } else {
            filters
                .kinds
                .iter()
                .map(|t| {
                    let known = self.known(FacetField::Kind)?;
                    resolve_value(FacetField::Kind, Origin::Filter, t, known)
                })
                .collect::<Result<Vec<_>>>()?
        };
        if !kinds.is_empty() {
            self.explain.filters.push(FilterExplain {
                field: FacetField::Kind.name(),
                values: kinds.clone(),
                origin: if default_kinds { "default" } else { REQUESTED }.to_string(),
            });
            musts.push(facet_query(self.fields.facet(FacetField::Kind), &kinds));
        }
        if !filters.dates.is_unbounded() {
            musts.push(date_query(self.fields.date, &filters.dates));
        }
        if let Some(since) = filters.added_since {
            musts.push(added_query(self.fields.added, since));
        }
        Ok(default_kinds)
    }

    pub(super) fn known(&mut self, facet: FacetField) -> Result<&[String]> {
        if !self.known.contains_key(&facet) {
            let values = known_values(self.searcher, facet)?;
            self.known.insert(facet, values);
        }
        Ok(self.known.get(&facet).map_or(&[], |v| v.as_slice()))
    }

    /// A `field:value` on a category: a filter on the value(s) it names.
    pub(super) fn category(
        &mut self,
        field: QueryField,
        facet: FacetField,
        typed: &str,
        prefix: bool,
    ) -> Result<Part> {
        if facet == FacetField::Kind {
            self.mentions_kind = true;
            if !prefix && typed.trim().eq_ignore_ascii_case(ALL_KINDS) {
                return Ok(Part::filter(facet, Box::new(AllQuery)));
            }
        }
        let origin = Origin::Query(field.name());
        let known = self.known(facet)?;
        let values = if prefix {
            resolve_prefix(facet, origin, typed, known)?
        } else {
            vec![resolve_value(facet, origin, typed, known)?]
        };
        self.explain.filters.push(FilterExplain {
            field: facet.name(),
            values: values.clone(),
            origin: format!("{}:", field.name()),
        });
        Ok(Part::filter(
            facet,
            facet_query(self.fields.facet(facet), &values),
        ))
    }
}

/// Clauses with any of the values of one facet field, scoring nothing.
pub(super) fn facet_query(field: Field, values: &[String]) -> Box<dyn TantivyQuery> {
    let mut terms: Vec<Box<dyn TantivyQuery>> = values
        .iter()
        .map(|v| {
            let term = Term::from_facet(field, &Facet::from_path([v.as_str()]));
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn TantivyQuery>
        })
        .collect();
    let query: Box<dyn TantivyQuery> = if terms.len() == 1 {
        terms.remove(0)
    } else {
        Box::new(BooleanQuery::union(terms))
    };
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// The bounds of a range of meeting days on the date field: from midnight
/// of the first day to midnight after the last.
pub(super) fn date_bounds(dates: &DateRange) -> (Bound<NaiveDate>, Bound<NaiveDate>) {
    let lower = dates.from.map_or(Bound::Unbounded, Bound::Included);
    let upper = dates
        .to
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .map_or(Bound::Unbounded, Bound::Excluded);
    (lower, upper)
}

/// Clauses whose meeting day is in the range, scoring nothing.
fn date_query(field: Field, dates: &DateRange) -> Box<dyn TantivyQuery> {
    let term = |day| Term::from_field_date(field, crate::index::day_start(day));
    let (lower, upper) = date_bounds(dates);
    Box::new(ConstScoreQuery::new(
        Box::new(RangeQuery::new(lower.map(term), upper.map(term))),
        0.0,
    ))
}

/// Clauses that first entered the index at or after `since` (seconds since
/// the Unix epoch), scoring nothing.
fn added_query(field: Field, since: i64) -> Box<dyn TantivyQuery> {
    // An index date counts nanoseconds in 64 bits, so it ends in 2262: a
    // later bound is moved to a time still after every clause's, not
    // wrapped around to one before them.
    const LAST: i64 = 9_000_000_000;
    let since = since.clamp(-LAST, LAST);
    let term = Term::from_field_date(field, tantivy::DateTime::from_timestamp_secs(since));
    Box::new(ConstScoreQuery::new(
        Box::new(RangeQuery::new(Bound::Included(term), Bound::Unbounded)),
        0.0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::compile::tests::{found, run};

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn a_range_of_days_runs_to_midnight_after_the_last() {
        let dates = DateRange {
            from: Some(day(2023, 10, 13)),
            to: Some(day(2023, 12, 31)),
        };
        assert_eq!(
            date_bounds(&dates),
            (
                Bound::Included(day(2023, 10, 13)),
                Bound::Excluded(day(2024, 1, 1))
            )
        );
        assert_eq!(
            date_bounds(&DateRange::default()),
            (Bound::Unbounded, Bound::Unbounded)
        );
    }

    #[test]
    fn flags_filter_and_are_explained_with_their_values() {
        let filters = Filters {
            partners: vec!["beijing".into()],
            ..Filters::default()
        };
        let (mut ids, explain) = run("", &filters).unwrap();
        ids.sort();
        assert_eq!(ids, ["beijing-0", "beijing-1"]);
        assert_eq!(
            explain.filters,
            [
                FilterExplain {
                    field: "partner",
                    values: vec!["Beijing".into()],
                    origin: REQUESTED.into(),
                },
                FilterExplain {
                    field: "kind",
                    values: vec!["commitment".into(), "agreement".into()],
                    origin: "default".into(),
                },
            ]
        );
    }

    #[test]
    fn values_of_one_field_are_alternatives() {
        let filters = Filters::default();
        assert_eq!(
            found("partner:(Beijing OR Chongqing)", &filters),
            ["beijing-0", "beijing-1", "chongqing-0"]
        );
        assert_eq!(
            found("partner:Beijing area:Finance", &filters),
            ["beijing-1"]
        );
    }

    #[test]
    fn naming_a_kind_lifts_the_default_kinds() {
        let filters = Filters::default();
        assert_eq!(found("jiangsu", &filters), Vec::<String>::new());
        assert_eq!(found("jiangsu kind:all", &filters), ["jiangsu-0"]);
        assert_eq!(found("kind:statement", &filters), ["jiangsu-0"]);
        let all = Filters {
            kinds: vec![" ALL ".into()],
            ..Filters::default()
        };
        assert_eq!(found("jiangsu", &all), ["jiangsu-0"]);
    }

    #[test]
    fn dates_keep_clauses_met_in_the_range() {
        let filters = Filters {
            dates: DateRange {
                from: Some(day(2024, 1, 1)),
                to: None,
            },
            ..Filters::default()
        };
        assert_eq!(found("", &filters), ["beijing-0", "beijing-1"]);
        let filters = Filters {
            dates: DateRange {
                from: None,
                to: Some(day(2024, 1, 29)),
            },
            ..Filters::default()
        };
        assert_eq!(found("", &filters), ["jiangsu-1", "jiangsu-2", "jiangsu-3"]);
    }

    #[test]
    fn an_unknown_value_is_an_error() {
        assert!(run("partner:Atlantis", &Filters::default()).is_err());
        assert!(run(
            "",
            &Filters {
                meetings: vec!["picnic".into()],
                ..Filters::default()
            }
        )
        .is_err());
    }
}
