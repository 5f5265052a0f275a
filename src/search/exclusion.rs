//! Excluded parts of a query, made safe to probe.
//!
//! tantivy removes excluded clauses by probing their scorer at each
//! candidate with `seek_danger`, which requires the probe to lie at or
//! beyond the scorer's position. A phrase scorer that has already run out
//! (the phrase does not occur in a segment) breaks that rule: its position
//! is past every candidate, and debug builds of tantivy stop on an
//! assertion. [`exclusion`] wraps an excluded query so that a probe behind
//! the scorer's position answers "not here" from the position alone, which
//! is the answer the scorer would give.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

/// `query`, to be used as a `MustNot` clause.
pub(crate) fn exclusion(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(Excluded(query))
}

#[derive(Debug)]
struct Excluded(Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(Guarded(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct Guarded(Box<dyn Scorer>);

impl DocSet for Guarded {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let at = self.0.doc();
        if at > target {
            return at;
        }
        self.0.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let at = self.0.doc();
        if at > target {
            return SeekDangerResult::SeekLowerBound(at);
        }
        self.0.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for Guarded {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
