//! The page of a search by relevance, with the pair phrases of neighbouring
//! words scored only where they can change it.
//!
//! A pair phrase reads the word positions of each clause it tests, and a
//! broad query of two frequent words has hundreds of thousands of clauses
//! holding both. [`PageRanker`] collects the page by the other scores and
//! adds a clause's pair scores only when its score plus the most the pairs
//! could add would still beat the weakest clause on the page so far. The
//! page is the one the full query would give; only the work differs.
//!
//! Clauses of equal score are ordered by their place in the corpus (the
//! `order` fast field: document, then position), not by where the index
//! happens to store them: a build with several threads stores clauses in
//! an order that varies from run to run, and the same query on the same
//! releases must list the same page.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader};

use crate::index::schema::ORDER_FIELD_NAME;

/// Collects the best `keep` clauses by their full score: the query's score
/// plus that of each pair phrase they match.
pub(crate) struct PageRanker {
    pairs: Vec<Box<dyn Weight>>,
    /// The most all pairs together can add to one clause.
    bound: Score,
    keep: usize,
}

impl PageRanker {
    pub(crate) fn new(
        searcher: &Searcher,
        pairs: &[Box<dyn Query>],
        bound: Score,
        keep: usize,
    ) -> tantivy::Result<PageRanker> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let pairs = pairs
            .iter()
            .map(|pair| pair.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(PageRanker { pairs, bound, keep })
    }
}

/// A clause on the page; the greater entry is the better clause: higher
/// score, then earlier in the corpus.
#[derive(Clone, Copy)]
struct Entry {
    score: Score,
    order: u64,
    doc: DocId,
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.order.cmp(&self.order))
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

pub(crate) struct SegmentPageRanker {
    segment: u32,
    pairs: Vec<Pair>,
    /// Each clause's place in the corpus.
    order: Column<u64>,
    bound: Score,
    keep: usize,
    /// The page so far, weakest on top.
    page: BinaryHeap<Reverse<Entry>>,
}

impl Collector for PageRanker {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentPageRanker;

    fn for_segment(
        &self,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPageRanker> {
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
        Ok(SegmentPageRanker {
            segment,
            pairs,
            order: reader.fast_fields().u64(ORDER_FIELD_NAME)?,
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
    ) -> tantivy::Result<Vec<(Score, u64, DocAddress)>> {
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
        fruits: Vec<Vec<(Score, u64, DocAddress)>>,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut all: Vec<(Score, u64, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        all.truncate(self.keep);
        Ok(all
            .into_iter()
            .map(|(score, _, address)| (score, address))
            .collect())
    }
}

impl SegmentPageRanker {
    /// The score a clause must beat, before its pairs, to reach the page:
    /// just under the weakest on the page less the most the pairs could
    /// add, since a clause of equal score may still come earlier in the
    /// corpus.
    fn threshold(&self) -> Score {
        match self.page.peek() {
            Some(Reverse(weakest)) if self.page.len() == self.keep => {
                just_below(weakest.score - self.bound)
            }
            _ => Score::MIN,
        }
    }
}

/// The greatest score below `x` (`f32::next_down`, which needs a newer
/// Rust than accords asks for).
fn just_below(x: Score) -> Score {
    if x.is_nan() || x == Score::NEG_INFINITY {
        x
    } else if x == 0.0 {
        -Score::from_bits(1)
    } else if x > 0.0 {
        Score::from_bits(x.to_bits() - 1)
    } else {
        Score::from_bits(x.to_bits() + 1)
    }
}

impl SegmentCollector for SegmentPageRanker {
    type Fruit = Vec<(Score, u64, DocAddress)>;

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
        let order = self.order.first(doc).unwrap_or(u64::MAX);
        let entry = Entry { score, order, doc };
        if !full {
            self.page.push(Reverse(entry));
        } else if let Some(mut weakest) = self.page.peek_mut() {
            if entry > weakest.0 {
                *weakest = Reverse(entry);
            }
        }
    }

    fn harvest(self) -> Vec<(Score, u64, DocAddress)> {
        let segment = self.segment;
        let mut page: Vec<Entry> = self.page.into_iter().map(|Reverse(e)| e).collect();
        page.sort_by(|a, b| b.cmp(a));
        page.into_iter()
            .map(|e| (e.score, e.order, DocAddress::new(segment, e.doc)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, FAST, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    use super::*;

    /// Clauses of equal score come in corpus order, whatever order the
    /// index stores them in; a pair phrase still lifts the clause holding
    /// it above them.
    #[test]
    fn ties_go_to_the_clause_earlier_in_the_corpus() {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT);
        let order = builder.add_u64_field(ORDER_FIELD_NAME, FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Stored last-first: addresses 0..4 hold corpus places 40, 30, 20, 10.
        for place in [40u64, 30, 20, 10] {
            writer
                .add_document(doc!(text => "green finance", order => place))
                .unwrap();
        }
        writer
            .add_document(doc!(text => "finance green", order => 50u64))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let word = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, w),
                IndexRecordOption::WithFreqsAndPositions,
            ))
        };
        let query = tantivy::query::BooleanQuery::union(vec![word("green"), word("finance")]);
        let places = |keep: usize, pairs: &[Box<dyn Query>], bound: Score| -> Vec<u64> {
            let ranker = PageRanker::new(&searcher, pairs, bound, keep).unwrap();
            let column = searcher
                .segment_reader(0)
                .fast_fields()
                .u64("order")
                .unwrap();
            searcher
                .search(&query, &ranker)
                .unwrap()
                .into_iter()
                .map(|(_, address)| column.first(address.doc_id).unwrap())
                .collect()
        };
        assert_eq!(places(3, &[], 0.0), [10, 20, 30]);
        assert_eq!(places(5, &[], 0.0), [10, 20, 30, 40, 50]);
        let pair: Box<dyn Query> = Box::new(tantivy::query::PhraseQuery::new(vec![
            Term::from_field_text(text, "finance"),
            Term::from_field_text(text, "green"),
        ]));
        assert_eq!(places(2, &[pair], 10.0), [50, 10]);
    }

    #[test]
    fn just_below_is_the_next_score_down() {
        for x in [1.0, 0.0, -1.0, 1e-30, 3.5e7] {
            let below = just_below(x);
            assert!(below < x, "{x}");
            assert!(below.midpoint(x) == below || below.midpoint(x) == x, "{x}");
        }
    }
}
