//! Feedback when recall is thin: when few clauses hold every word of a
//! query, the terms its best clauses share say what the query is about, and
//! the clauses holding some of its words are ranked by those terms too.
//!
//! This is pseudo-relevance feedback, kept on a short lead: it only orders
//! the partial matches (a clause holding more of the query's words still
//! ranks above one holding fewer), a term counts only when two of the best
//! clauses share it and few clauses of the index hold it, and `--explain`
//! names every term it added.

use std::collections::{BTreeSet, HashMap};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::error::Result;
use crate::index::analysis::analyze;
use crate::index::{ClauseIndex, TextField};

/// Fewer full matches than this and feedback applies.
pub(crate) const THIN: u64 = 3;
/// How many of the best clauses are read for terms.
pub(crate) const FROM_CLAUSES: usize = 3;
/// The most terms feedback adds.
const TERMS: usize = 5;
/// The weight of a feedback term against a query word.
const WEIGHT: f32 = 0.3;
/// A feedback term is held by at most this share of the clauses: a word
/// most clauses hold says nothing about any of them.
const MAX_SHARE: f64 = 0.05;

/// A term the best clauses share.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeedbackTerm {
    /// The index term.
    pub term: String,
    /// The word as one of the clauses writes it.
    pub word: String,
}

/// The distinctive terms two or more of `texts` (the best clauses, best
/// first) share, leaving out the query's own terms (`known`) and common
/// words.
pub(crate) fn terms(
    index: &ClauseIndex,
    searcher: &Searcher,
    texts: &[String],
    known: &BTreeSet<String>,
) -> Result<Vec<FeedbackTerm>> {
    if texts.len() < 2 {
        return Ok(Vec::new());
    }
    let field = index.fields().text_field(TextField::Text);
    let docs = searcher.num_docs().max(1);
    // For each term: in how many of the texts, and as written first.
    let mut held: HashMap<String, (usize, String)> = HashMap::new();
    for text in texts {
        let mut seen = BTreeSet::new();
        for token in analyze(text) {
            let word = &text[token.start..token.end];
            let useful = token.term.chars().count() >= 3
                && token.term.chars().all(char::is_alphabetic)
                && !super::compile::is_stop_word(word)
                && !known.contains(&token.term);
            if useful && seen.insert(token.term.clone()) {
                held.entry(token.term)
                    .or_insert_with(|| (0, word.to_string()))
                    .0 += 1;
            }
        }
    }
    let mut scored = Vec::new();
    for (term, (count, word)) in held {
        if count < 2 {
            continue;
        }
        let freq = searcher.doc_freq(&Term::from_field_text(field, &term))?;
        if freq as f64 > MAX_SHARE * docs as f64 {
            continue;
        }
        let idf = ((docs as f64 + 1.0) / (freq as f64 + 0.5)).ln();
        scored.push((count as f64 * idf, FeedbackTerm { term, word }));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.term.cmp(&b.1.term)));
    Ok(scored.into_iter().take(TERMS).map(|(_, t)| t).collect())
}

/// The most `terms` can add to a clause's score, when one term scores at
/// most `max_term`.
pub(crate) fn bound(terms: &[FeedbackTerm], max_term: f32) -> f32 {
    max_term * WEIGHT * terms.len() as f32
}

/// `query`, ranked also by the feedback terms a clause holds.
pub(crate) fn boosted(
    index: &ClauseIndex,
    query: Box<dyn TantivyQuery>,
    terms: &[FeedbackTerm],
) -> Box<dyn TantivyQuery> {
    let field = index.fields().text_field(TextField::Text);
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(Occur::Must, query)];
    for term in terms {
        let query = TermQuery::new(
            Term::from_field_text(field, &term.term),
            IndexRecordOption::WithFreqs,
        );
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(query), WEIGHT)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}
