//! The page of a search by relevance, with the pair phrases of neighbouring
//! words scored only where they can change it.
//!
//! A pair phrase reads the word positions of each clause it tests, and a
//! broad query of two frequent words has hundreds of thousands of clauses
//! holding both. [`PairRanker`] collects the page by the other scores and
//! adds a clause's pair scores only when its score plus the most the pairs
//! could add would still beat the weakest clause on the page so far. The
//! page is the one the full query would give; only the work differs.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader};

/// Collects the best `keep` clauses by their full score: the query's score
/// plus that of each pair phrase they match.
pub(crate) struct PairRanker {
    pairs: Vec<Box<dyn Weight>>,
    /// The most all pairs together can add to one clause.
    bound: Score,
    keep: usize,
}

impl PairRanker {
    pub(crate) fn new(
        searcher: &Searcher,
        pairs: &[Box<dyn Query>],
        bound: Score,
        keep: usize,
    ) -> tantivy::Result<PairRanker> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let pairs = pairs
            .iter()
            .map(|pair| pair.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(PairRanker { pairs, bound, keep })
    }
}

/// A clause on the page; the greater entry is the better clause: higher
/// score, then lower address, as tantivy breaks ties.
#[derive(Clone, Copy)]
struct Entry {
    score: Score,
    doc: DocId,
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

/// One pair phrase's scorer in a segment.
struct Pair {
    scorer: Box<dyn Scorer>,
    /// False after a miss, when the scorer is only known to be at or below
    /// its next match.
    positioned: bool,
}

impl Pair {
    /// The pair's score at `doc`, zero when the clause does not hold it.
    /// Clauses come in rising order, as `seek_danger` requires; it tests
    /// one clause without matching the phrase at the clauses in between.
    fn score(&mut self, doc: DocId) -> Score {
        let at = self.scorer.doc();
        let found = if at > doc {
            false
        } else if self.positioned && at == doc {
            true
        } else {
            self.positioned = self.scorer.seek_danger(doc) == SeekDangerResult::Found;
            self.positioned
        };
        if found {
            self.scorer.score()
        } else {
            0.0
        }
    }
}

pub(crate) struct SegmentPairRanker {
    segment: u32,
    pairs: Vec<Pair>,
    bound: Score,
    keep: usize,
    /// The page so far, weakest on top.
    page: BinaryHeap<Reverse<Entry>>,
}

impl Collector for PairRanker {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentPairRanker;

    fn for_segment(
        &self,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPairRanker> {
        let pairs = self
            .pairs
            .iter()
            .map(|weight| {
                Ok(Pair {
                    scorer: weight.scorer(reader, 1.0)?,
                    positioned: true,
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentPairRanker {
            segment,
            pairs,
            bound: self.bound,
            keep: self.keep,
            page: BinaryHeap::with_capacity(self.keep.min(4096) + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Runs the query telling it, after each clause, the lowest score a
    /// clause must beat to reach the page: the weakest on the page less
    /// the most the pairs could add. tantivy then skips the blocks of
    /// clauses that cannot beat it.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut child = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                child.collect(doc, score);
            }
            child.threshold()
        })?;
        Ok(child.harvest())
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(Score, DocAddress)>>,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut all: Vec<(Score, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        all.truncate(self.keep);
        Ok(all)
    }
}

impl SegmentPairRanker {
    /// The score a clause must beat, before its pairs, to reach the page.
    fn threshold(&self) -> Score {
        match self.page.peek() {
            Some(Reverse(weakest)) if self.page.len() == self.keep => weakest.score - self.bound,
            _ => Score::MIN,
        }
    }
}

impl SegmentCollector for SegmentPairRanker {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let full = self.page.len() == self.keep;
        if full {
            if let Some(Reverse(weakest)) = self.page.peek() {
                if score + self.bound < weakest.score {
                    return;
                }
            }
        }
        let score = score + self.pairs.iter_mut().map(|p| p.score(doc)).sum::<Score>();
        let entry = Entry { score, doc };
        if !full {
            self.page.push(Reverse(entry));
        } else if let Some(mut weakest) = self.page.peek_mut() {
            if entry > weakest.0 {
                *weakest = Reverse(entry);
            }
        }
    }

    fn harvest(self) -> Vec<(Score, DocAddress)> {
        let segment = self.segment;
        let mut page: Vec<Entry> = self.page.into_iter().map(|Reverse(e)| e).collect();
        page.sort_by(|a, b| b.cmp(a));
        page.into_iter()
            .map(|e| (e.score, DocAddress::new(segment, e.doc)))
            .collect()
    }
}
