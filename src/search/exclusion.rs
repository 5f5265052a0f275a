//! Excluded parts of a query, made safe to probe, and a query with some
//! clauses left out.
//!
//! tantivy removes excluded clauses by probing their scorer at each
//! candidate with `seek_danger`, which requires the probe to lie at or
//! beyond the scorer's position. A phrase scorer that has already run out
//! (the phrase does not occur in a segment) breaks that rule: its position
//! is past every candidate, and debug builds of tantivy stop on an
//! assertion. [`exclusion`] wraps an excluded query so that a probe behind
//! the scorer's position answers "not here" from the position alone, which
//! is the answer the scorer would give.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, Term, TERMINATED,
};

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

/// `query` without the clauses at `addresses`: how the partial matches of a
/// search leave out its full matches. The full matches are few whenever
/// partial ones are listed (they did not fill the page), so they are
/// collected first and skipped by address, which works for any query
/// however its scorers nest.
pub(crate) fn without(
    query: Box<dyn Query>,
    searcher: &Searcher,
    addresses: &HashSet<DocAddress>,
) -> Box<dyn Query> {
    let mut skip: HashMap<SegmentId, Vec<DocId>> = HashMap::new();
    for address in addresses {
        let segment = searcher.segment_reader(address.segment_ord).segment_id();
        skip.entry(segment).or_default().push(address.doc_id);
    }
    for docs in skip.values_mut() {
        docs.sort_unstable();
    }
    Box::new(Without {
        query,
        skip: Arc::new(skip),
    })
}

#[derive(Debug)]
struct Without {
    query: Box<dyn Query>,
    /// Per segment, the clauses to skip, in rising order.
    skip: Arc<HashMap<SegmentId, Vec<DocId>>>,
}

impl Clone for Without {
    fn clone(&self) -> Self {
        Without {
            query: self.query.box_clone(),
            skip: Arc::clone(&self.skip),
        }
    }
}

impl Query for Without {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WithoutWeight {
            weight: self.query.weight(enable_scoring)?,
            skip: Arc::clone(&self.skip),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct WithoutWeight {
    weight: Box<dyn Weight>,
    skip: Arc<HashMap<SegmentId, Vec<DocId>>>,
}

impl Weight for WithoutWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.weight.scorer(reader, boost)?;
        match self.skip.get(&reader.segment_id()) {
            Some(skip) if !skip.is_empty() => {
                let mut skipping = Skipping {
                    scorer,
                    skip: skip.clone(),
                    next: 0,
                };
                skipping.settle();
                Ok(Box::new(skipping))
            }
            _ => Ok(scorer),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.weight.explain(reader, doc)
    }
}

/// A scorer that passes over the clauses of `skip`.
struct Skipping {
    scorer: Box<dyn Scorer>,
    skip: Vec<DocId>,
    /// The first entry of `skip` not below the scorer's clause.
    next: usize,
}

impl Skipping {
    /// Moves off a skipped clause, to the next one the scorer holds that
    /// is not skipped.
    fn settle(&mut self) -> DocId {
        loop {
            let doc = self.scorer.doc();
            if doc == TERMINATED {
                return doc;
            }
            while self.next < self.skip.len() && self.skip[self.next] < doc {
                self.next += 1;
            }
            if self.skip.get(self.next) != Some(&doc) {
                return doc;
            }
            self.scorer.advance();
        }
    }
}

impl DocSet for Skipping {
    fn advance(&mut self) -> DocId {
        self.scorer.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.scorer.doc() >= target {
            return self.scorer.doc();
        }
        self.scorer.seek(target);
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.scorer.doc()
    }

    fn size_hint(&self) -> u32 {
        self.scorer.size_hint()
    }

    fn cost(&self) -> u64 {
        self.scorer.cost()
    }
}

impl Scorer for Skipping {
    fn score(&mut self) -> Score {
        self.scorer.score()
    }
}
