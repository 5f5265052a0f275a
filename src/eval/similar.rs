//! Evaluating `similar`: for judged source clauses (`eval/similar.json`),
//! how well the clauses accords finds like each one match the clauses of
//! other partners a reader judged to make the same commitment.
//!
//! The judged clauses are keyed like the query set (partner and an exact
//! prefix of the text) and resolved against the documents; an index is
//! built from them in a temporary folder and each source's similar list,
//! with the default scope (other partners, other documents), is scored by
//! nDCG, recall and reciprocal rank at [`DEPTH`].

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Judgement, Scores, DEPTH};
use crate::error::{Error, Result};
use crate::index::{ClauseIndex, Provenance};
use crate::model::Document;
use crate::search::similar::SimilarRequest;
use crate::Engine;

/// Judged similar lists as stored in JSON.
#[derive(Debug, Clone, Deserialize)]
pub struct SimilarSet {
    pub clauses: Vec<JudgedSource>,
}

/// One source clause and the clauses judged like it.
#[derive(Debug, Clone, Deserialize)]
pub struct JudgedSource {
    pub id: String,
    pub partner: String,
    pub starts: String,
    pub similar: Vec<Judgement>,
}

/// How one source fared.
#[derive(Debug, Clone, Serialize)]
pub struct SourceOutcome {
    /// The judgement's id (`s01`).
    pub id: String,
    /// The source clause's id in the index.
    pub clause: String,
    pub partner: String,
    pub scores: Scores,
}

/// The whole evaluation of `similar`.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarEvaluation {
    /// Similar clauses scored per source.
    pub depth: usize,
    /// Means over every source.
    pub overall: Scores,
    pub sources: Vec<SourceOutcome>,
}

impl SimilarSet {
    /// Reads a judged set from a JSON file.
    pub fn read(path: &Path) -> Result<SimilarSet> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::BadFile {
            path: path.to_path_buf(),
            message: format!("not a judged similar set ({e}); see eval/README.md for the format"),
        })
    }
}

/// The one clause of `partner` whose text starts with `starts`.
fn resolve<'a>(
    documents: &'a [Document],
    source: &str,
    partner: &str,
    starts: &str,
) -> Result<&'a str> {
    let found: Vec<&str> = documents
        .iter()
        .filter(|d| d.facts.partner.as_deref() == Some(partner))
        .flat_map(|d| &d.clauses)
        .filter(|c| c.text.starts_with(starts))
        .map(|c| c.id.as_str())
        .collect();
    match found.as_slice() {
        [id] => Ok(id),
        [] => Err(Error::BadRequest(format!(
            "similar {source}: no {partner} clause starts with {starts:?}"
        ))),
        many => Err(Error::BadRequest(format!(
            "similar {source}: {} {partner} clauses start with {starts:?} ({}); lengthen the key",
            many.len(),
            many.join(", ")
        ))),
    }
}

/// Runs `similar` for every judged source of `set` on an index of
/// `documents` built in a temporary folder.
pub fn evaluate_similar(set: &SimilarSet, documents: &[Document]) -> Result<SimilarEvaluation> {
    let mut judged = Vec::with_capacity(set.clauses.len());
    for source in &set.clauses {
        let id = resolve(documents, &source.id, &source.partner, &source.starts)?;
        let mut grades = HashMap::new();
        for j in &source.similar {
            grades.insert(
                resolve(documents, &source.id, &j.partner, &j.starts)?.to_string(),
                j.grade,
            );
        }
        judged.push((source, id.to_string(), grades));
    }
    let folder = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let engine = Engine::from_index(ClauseIndex::build(
        &folder.path().join("accords"),
        documents,
        &Provenance::default(),
    )?);
    let mut sources = Vec::with_capacity(judged.len());
    for (source, id, grades) in judged {
        let results = engine.similar(&SimilarRequest {
            id: Some(id.clone()),
            limit: Some(DEPTH),
            ..SimilarRequest::default()
        })?;
        let ranked: Vec<String> = results
            .hits
            .iter()
            .map(|h| h.view.clause.id.clone())
            .collect();
        sources.push(SourceOutcome {
            id: source.id.clone(),
            clause: id,
            partner: source.partner.clone(),
            scores: Scores::of(&ranked, &grades),
        });
    }
    Ok(SimilarEvaluation {
        depth: DEPTH,
        overall: Scores::mean(sources.iter().map(|s| &s.scores)),
        sources,
    })
}
