//! Evaluation: how well accords ranks clauses for a set of judged queries,
//! side by side with a plain tantivy baseline.
//!
//! A query set (`eval/queries.json`, described in `eval/README.md`) lists
//! queries, each with a kind, optional filters and the clauses that answer
//! it, keyed by partner and the first words of their text. [`evaluate`]
//! resolves those keys against the documents, builds an accords index and a
//! [`baseline`] index of the same clauses in temporary folders, runs every
//! query on both, and scores the first [`DEPTH`] hits with the [`metrics`].
//! Results are plain data; printing them is the command line's job.

pub mod baseline;
pub mod metrics;
pub mod similar;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::{ClauseIndex, Provenance};
use crate::model::Document;
use crate::search::SearchRequest;
use crate::Engine;

use baseline::{Baseline, BaselineFilters};

/// Hits scored per query.
pub const DEPTH: usize = 10;

/// A set of judged queries as stored in JSON.
#[derive(Debug, Clone, Deserialize)]
pub struct QuerySet {
    pub queries: Vec<JudgedQuery>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JudgedQuery {
    pub id: String,
    pub kind: String,
    pub query: String,
    #[serde(default)]
    pub filters: QueryFilters,
    pub relevant: Vec<Judgement>,
}

/// Filter values, canonical as the index holds them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QueryFilters {
    #[serde(default)]
    pub partner: Vec<String>,
    #[serde(default)]
    pub area: Vec<String>,
    #[serde(default)]
    pub kind: Vec<String>,
}

/// One relevant clause: its document's partner and an exact prefix of its
/// text, unique within that partner's clauses.
#[derive(Debug, Clone, Deserialize)]
pub struct Judgement {
    pub partner: String,
    pub starts: String,
    pub grade: u8,
}

impl QuerySet {
    /// Reads a query set from a JSON file.
    pub fn read(path: &Path) -> Result<QuerySet> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::BadFile {
            path: path.to_path_buf(),
            message: format!("not a query set ({e}); see eval/README.md for the format"),
        })
    }

    /// Each query's judged clauses as clause ids and grades. A key that
    /// matches no clause, or several, is an error naming the query.
    pub fn resolve(&self, documents: &[Document]) -> Result<Vec<HashMap<String, u8>>> {
        self.queries
            .iter()
            .map(|query| {
                let mut grades = HashMap::new();
                for judged in &query.relevant {
                    let found: Vec<&str> = documents
                        .iter()
                        .filter(|d| d.facts.partner.as_deref() == Some(judged.partner.as_str()))
                        .flat_map(|d| &d.clauses)
                        .filter(|c| c.text.starts_with(&judged.starts))
                        .map(|c| c.id.as_str())
                        .collect();
                    match found.as_slice() {
                        [id] => {
                            grades.insert(id.to_string(), judged.grade);
                        }
                        [] => {
                            return Err(Error::BadRequest(format!(
                                "query {}: no {} clause starts with {:?}",
                                query.id, judged.partner, judged.starts
                            )))
                        }
                        many => {
                            return Err(Error::BadRequest(format!(
                                "query {}: {} {} clauses start with {:?} ({}); lengthen the key",
                                query.id,
                                many.len(),
                                judged.partner,
                                judged.starts,
                                many.join(", ")
                            )))
                        }
                    }
                }
                Ok(grades)
            })
            .collect()
    }
}

/// The four measures for one query, or their means over several.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// nDCG at [`DEPTH`].
    pub ndcg: f64,
    /// Recall at [`DEPTH`].
    pub recall: f64,
    /// R-precision (within [`DEPTH`]).
    pub precision: f64,
    /// Reciprocal rank of the first relevant clause (within [`DEPTH`]); its
    /// mean is the MRR.
    pub mrr: f64,
}

impl Scores {
    fn of(ranked: &[String], grades: &HashMap<String, u8>) -> Scores {
        Scores {
            ndcg: metrics::ndcg(ranked, grades, DEPTH),
            recall: metrics::recall(ranked, grades, DEPTH),
            precision: metrics::r_precision(ranked, grades, DEPTH),
            mrr: metrics::reciprocal_rank(ranked, grades, DEPTH),
        }
    }

    fn mean<'a>(all: impl Iterator<Item = &'a Scores>) -> Scores {
        let mut sum = Scores::default();
        let mut n = 0usize;
        for s in all {
            sum.ndcg += s.ndcg;
            sum.recall += s.recall;
            sum.precision += s.precision;
            sum.mrr += s.mrr;
            n += 1;
        }
        if n == 0 {
            return sum;
        }
        let n = n as f64;
        Scores {
            ndcg: sum.ndcg / n,
            recall: sum.recall / n,
            precision: sum.precision / n,
            mrr: sum.mrr / n,
        }
    }
}

/// How one query fared.
#[derive(Debug, Clone, Serialize)]
pub struct QueryOutcome {
    pub id: String,
    pub kind: String,
    pub query: String,
    pub accords: Scores,
    pub baseline: Scores,
    /// True when tantivy's query parser rejected the query, so the baseline
    /// scored 0.
    pub baseline_rejected: bool,
    /// The correction accords suggested, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Mean scores over a group of queries.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The kind of query, or "all".
    pub kind: String,
    pub queries: usize,
    pub accords: Scores,
    pub baseline: Scores,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Hits scored per query.
    pub depth: usize,
    pub overall: Summary,
    /// One summary per kind of query, in order of first appearance.
    pub by_kind: Vec<Summary>,
    /// Queries tantivy's parser rejected.
    pub baseline_rejected: usize,
    pub queries: Vec<QueryOutcome>,
}

/// Runs every query of `set` on accords and on the baseline, both built
/// from `documents` in temporary folders.
pub fn evaluate(set: &QuerySet, documents: &[Document]) -> Result<Evaluation> {
    let judged = set.resolve(documents)?;
    let folder = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let accords_dir = folder.path().join("accords");
    let baseline_dir = folder.path().join("baseline");
    std::fs::create_dir_all(&baseline_dir).map_err(|e| Error::io(&baseline_dir, e))?;
    let engine = Engine::from_index(ClauseIndex::build(
        &accords_dir,
        documents,
        &Provenance::default(),
    )?);
    let plain = Baseline::build(&baseline_dir, documents)?;

    let mut outcomes = Vec::with_capacity(set.queries.len());
    for (query, grades) in set.queries.iter().zip(&judged) {
        let request = SearchRequest {
            query: query.query.clone(),
            partner: query.filters.partner.clone(),
            area: query.filters.area.clone(),
            kind: query.filters.kind.clone(),
            limit: Some(DEPTH),
            ..SearchRequest::default()
        };
        let results = engine.search(&request).map_err(|e| in_query(query, e))?;
        let ranked: Vec<String> = results.hits.iter().map(|h| h.clause.id.clone()).collect();

        let filters = BaselineFilters {
            partners: &query.filters.partner,
            areas: &query.filters.area,
            kinds: &query.filters.kind,
        };
        let plain_ranked = plain.search(&query.query, &filters, DEPTH)?;
        outcomes.push(QueryOutcome {
            id: query.id.clone(),
            kind: query.kind.clone(),
            query: query.query.clone(),
            accords: Scores::of(&ranked, grades),
            baseline: plain_ranked
                .as_ref()
                .map_or_else(Scores::default, |r| Scores::of(r, grades)),
            baseline_rejected: plain_ranked.is_none(),
            suggestion: results.suggestion.clone(),
        });
    }
    Ok(summarise(outcomes))
}

fn in_query(query: &JudgedQuery, e: Error) -> Error {
    Error::BadRequest(format!("query {} ({:?}): {e}", query.id, query.query))
}

fn summarise(queries: Vec<QueryOutcome>) -> Evaluation {
    let summary = |kind: &str, group: &[&QueryOutcome]| Summary {
        kind: kind.to_string(),
        queries: group.len(),
        accords: Scores::mean(group.iter().map(|q| &q.accords)),
        baseline: Scores::mean(group.iter().map(|q| &q.baseline)),
    };
    let all: Vec<&QueryOutcome> = queries.iter().collect();
    let mut kinds: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&QueryOutcome>> = BTreeMap::new();
    for q in &queries {
        if !kinds.contains(&q.kind.as_str()) {
            kinds.push(&q.kind);
        }
        groups.entry(&q.kind).or_default().push(q);
    }
    let by_kind: Vec<Summary> = kinds
        .iter()
        .map(|k| summary(k, groups.get(k).map_or(&[][..], |g| g.as_slice())))
        .collect();
    let overall = summary("all", &all);
    let baseline_rejected = queries.iter().filter(|q| q.baseline_rejected).count();
    Evaluation {
        depth: DEPTH,
        overall,
        by_kind,
        baseline_rejected,
        queries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_matching_no_clause_names_its_query() {
        let set: QuerySet = serde_json::from_str(
            r#"{"queries": [{"id": "q7", "kind": "topical", "query": "finance",
                "relevant": [{"partner": "Jiangsu", "starts": "Nothing like this", "grade": 2}]}]}"#,
        )
        .unwrap();
        let docs = crate::index::tests::sample_documents();
        let err = set.resolve(&docs).unwrap_err();
        assert!(err.to_string().starts_with("query q7:"), "{err}");
    }

    #[test]
    fn keys_resolve_to_clause_ids() {
        let set: QuerySet = serde_json::from_str(
            r#"{"queries": [{"id": "q1", "kind": "topical", "query": "finance",
                "relevant": [{"partner": "Jiangsu", "starts": "Support financial", "grade": 2},
                             {"partner": "Beijing", "starts": "Deepen", "grade": 1}]}]}"#,
        )
        .unwrap();
        let docs = crate::index::tests::sample_documents();
        let grades = set.resolve(&docs).unwrap();
        let expected: HashMap<String, u8> =
            [("jiangsu-1".to_string(), 2), ("beijing-1".to_string(), 1)].into();
        assert_eq!(grades, [expected]);
    }
}
