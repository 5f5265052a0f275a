//! The ranking arithmetic: how the parts of a group combine, and every
//! weight and bound that decides the order of hits.
//!
//! A group's required, excluded and filter items keep their meaning; its
//! plain words ([`Slot`]s) each add their BM25 score, neighbouring words add
//! a pair phrase (kept apart for the search to score late), and holding
//! every word adds a bonus above what any partial match can reach. Every
//! part carries the most it can score, so that bonus is computed, not
//! guessed. The constants below are the only ranking weights. What a word
//! stands for is `terms`' and `expand`'s job; the score of one term is
//! tantivy's BM25.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery,
    Occur as TantivyOccur, PhraseQuery, Query as TantivyQuery,
};
use tantivy::Term;

use super::expand::{expansion, MAX_SYNONYMS};
use super::{Compiler, Part};
use crate::error::Result;
use crate::index::FacetField;
use crate::search::exclusion::exclusion;
use crate::search::explain::NameExplain;
use crate::search::query::{Node, Occur, QueryField};

/// BM25's term-frequency saturation, as tantivy sets it.
const BM25_K1: f32 = 1.2;
/// The weight of the phrase score of two neighbouring words.
const PAIR_BOOST: f32 = 0.5;
/// Words a neighbouring pair may have between them and still count.
const PAIR_SLOP: u32 = 1;
/// The weight of a word's match in the clause's area heading, against one
/// in the clause text: a clause under "Health and Chinese Medicine" is
/// about medicine even when it only says "hospitals".
pub(super) const HEADING_BOOST: f32 = 0.3;
/// The weight of a corrected misspelling, against a word as typed, so
/// clauses found through a correction rank below exact matches.
pub(super) const CORRECTION_WEIGHT: f32 = 0.5;

/// Words too common to decide anything: a clause holding "and" is not a
/// match for "innovation and technology", nor ranked up by it. They are
/// left out of a group of plain words unless the group has nothing else;
/// quoted phrases keep them.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "these", "this", "those",
    "to", "was", "were", "which", "with",
];

/// True for a word [`STOP_WORDS`] holds, in any case.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS
        .iter()
        .any(|stop| stop.eq_ignore_ascii_case(word.trim()))
}

/// True when the item is a plain word of the clause text that is a stop
/// word.
fn is_plain_stop_word(occur: Occur, node: &Node) -> bool {
    match (occur, node) {
        (Occur::Should, Node::Term { field, word, .. }) => {
            field.is_none_or(|f| f == QueryField::Text) && is_stop_word(word)
        }
        _ => false,
    }
}

/// The highest score one term can give a clause in an index of `docs`
/// clauses: BM25 stays below `idf * (k1 + 1)`, and the idf is highest for a
/// term only one clause holds.
pub(super) fn max_term_score(docs: u64) -> f32 {
    let docs = docs.max(1) as f32;
    let max_idf = (1.0 + (docs - 0.5) / 1.5).ln();
    max_idf * (BM25_K1 + 1.0)
}

/// The idf tantivy gives a term that `freq` of `docs` clauses hold.
fn idf(docs: u64, freq: u64) -> f32 {
    let x = ((docs - freq) as f32 + 0.5) / (freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The most a pair phrase whose words' idfs sum to `idf` can add to a
/// clause's score. A phrase scores by BM25 with the idf of its words
/// summed, and BM25 stays below `idf * (k1 + 1)`; the margin covers
/// rounding.
fn pair_bound(idf: f32) -> f32 {
    idf * (BM25_K1 + 1.0) * PAIR_BOOST * 1.01 + 1e-3
}

/// The constant each word held adds to a clause holding only some of a
/// group's words: a whole number above the most the group's words and pairs
/// (`bound`) and the rest of the group (`other_bound`) can score, so the
/// number of words held decides the order first.
fn word_tier(bound: f32, other_bound: f32) -> f32 {
    (bound + other_bound + 1.0).ceil()
}

/// A word on the clause text that also matches the area heading, with less
/// weight.
pub(super) fn with_heading(text: Part, heading: Part) -> Part {
    Part {
        query: Box::new(BooleanQuery::new(vec![
            (TantivyOccur::Should, text.query),
            (
                TantivyOccur::Should,
                Box::new(BoostQuery::new(heading.query, HEADING_BOOST)),
            ),
        ])),
        bound: text.bound + heading.bound * HEADING_BOOST,
        filter: None,
        word: text.word,
    }
}

/// A part whose score counts `weight` times.
pub(super) fn weighted(part: Part, weight: f32) -> Part {
    Part {
        query: Box::new(BoostQuery::new(part.query, weight)),
        bound: part.bound * weight,
        filter: None,
        word: part.word,
    }
}

impl Compiler<'_> {
    /// The idf tantivy gives a term, or the highest possible when its
    /// frequency cannot be read.
    pub(super) fn idf(&self, term: &Term) -> f32 {
        let docs: u64 = self
            .searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        match self.searcher.doc_freq(term) {
            Ok(freq) if freq <= docs => idf(docs, freq),
            _ => self.max_term / (BM25_K1 + 1.0),
        }
    }

    /// Items side by side: required and excluded items as typed, category
    /// filters as filters, and the plain words ranked by how many of them a
    /// clause holds (see the module documentation).
    pub(super) fn group(&mut self, items: &[(Occur, Node)], negated: bool) -> Result<Option<Part>> {
        let stretches = self.synonym_stretches(items);
        let in_stretch = |i: usize| stretches.iter().any(|s| (s.first..=s.last).contains(&i));
        // Common words are left out, unless they are all the group has.
        let stop: Vec<bool> = items
            .iter()
            .enumerate()
            .map(|(i, (occur, node))| !in_stretch(i) && is_plain_stop_word(*occur, node))
            .collect();
        let searches_text = |node: &Node| match node {
            Node::Term { field, .. } | Node::Phrase { field, .. } | Node::Prefix { field, .. } => {
                field.is_none_or(|f| f.text_field().is_some())
            }
            Node::Not(_) => false,
            _ => true,
        };
        let has_content = items
            .iter()
            .enumerate()
            .any(|(i, (occur, node))| !stop[i] && *occur != Occur::MustNot && searches_text(node));
        let mut musts: Vec<Part> = Vec::new();
        let mut must_nots: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let mut slots: Vec<Slot> = Vec::new();
        let mut filters: Vec<(FacetField, Vec<Box<dyn TantivyQuery>>)> = Vec::new();
        for (i, (occur, node)) in items.iter().enumerate() {
            if stop[i] && has_content {
                if let Node::Term { word, .. } = node {
                    if self.excluding == 0 && !self.explain.ignored.contains(word) {
                        self.explain.ignored.push(word.clone());
                    }
                }
                continue;
            }
            let negate = *occur == Occur::MustNot;
            let part = if negate {
                self.excluded(node, !negated)?
            } else {
                self.node(node, negated)?
            };
            // The words of a stretch with synonyms share one slot, which the
            // synonyms can satisfy as a whole.
            if let Some(stretch) = stretches.iter().find(|s| s.first == i) {
                self.explain.names.push(NameExplain {
                    typed: stretch.typed.clone(),
                    expansions: stretch
                        .expansions
                        .iter()
                        .take(MAX_SYNONYMS)
                        .map(|form| expansion(&stretch.typed, form))
                        .collect(),
                });
                let alternative = self.alternatives(&stretch.expansions, negated);
                slots.push(Slot {
                    parts: Vec::new(),
                    alternative,
                });
            }
            let Some(part) = part else {
                continue;
            };
            match (occur, part.filter) {
                (Occur::MustNot, _) => must_nots.push(part.query),
                (Occur::Should, Some(facet)) => match filters.iter_mut().find(|(f, _)| *f == facet)
                {
                    Some((_, queries)) => queries.push(part.query),
                    None => filters.push((facet, vec![part.query])),
                },
                (Occur::Must, _) => musts.push(part),
                (Occur::Should, None) => match slots.last_mut() {
                    Some(slot) if in_stretch(i) => slot.parts.push(part),
                    _ => slots.push(Slot {
                        parts: vec![part],
                        alternative: None,
                    }),
                },
            }
        }
        slots.retain(|slot| !slot.parts.is_empty() || slot.alternative.is_some());
        if musts.is_empty() && must_nots.is_empty() && slots.is_empty() && filters.is_empty() {
            return Ok(None);
        }
        // A group of one plain word is just that word.
        if musts.is_empty()
            && must_nots.is_empty()
            && filters.is_empty()
            && slots.len() == 1
            && slots[0].parts.len() == 1
            && slots[0].alternative.is_none()
        {
            return Ok(slots.pop().and_then(|mut slot| slot.parts.pop()));
        }

        let mut clauses: Vec<(TantivyOccur, Box<dyn TantivyQuery>)> = Vec::new();
        let mut bound: f32 = musts.iter().map(|p| p.bound).sum();
        let has_musts = !musts.is_empty();
        let has_filters = !filters.is_empty();
        for part in musts {
            clauses.push((TantivyOccur::Must, part.query));
        }
        for (_, mut alternatives) in filters {
            let query = if alternatives.len() == 1 {
                alternatives.remove(0)
            } else {
                Box::new(BooleanQuery::union(alternatives))
            };
            clauses.push((TantivyOccur::Must, query));
        }
        for query in must_nots {
            clauses.push((TantivyOccur::MustNot, exclusion(query)));
        }
        if !slots.is_empty() {
            if has_musts && self.excluding == 0 {
                self.may_be_partial = true;
            }
            let (ranked, ranked_bound) = self.ranked_words(slots, bound);
            bound += ranked_bound;
            // With `+word` items the plain words only rank (as in Lucene)
            // among the clauses holding some of the words; a full match
            // holds them too. Next to category filters they must still
            // match, or `partner:Beijing finance` would list all of Beijing.
            let occur = if has_musts && !self.strict_here() {
                TantivyOccur::Should
            } else {
                TantivyOccur::Must
            };
            clauses.push((occur, ranked));
        } else if !has_musts && !has_filters {
            // Only exclusions: everything but them.
            clauses.push((
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            ));
        }
        Ok(Some(Part::scored(
            Box::new(BooleanQuery::new(clauses)),
            bound,
        )))
    }

    /// True when a group's plain words must all be held here: compiling
    /// for full matches, and not inside an exclusion.
    fn strict_here(&self) -> bool {
        self.strict && self.excluding == 0
    }

    /// The plain words of a group. Each adds its score, and neighbouring
    /// words add a phrase score (kept apart, in `self.pairs`). Compiled for
    /// full matches, every word must be held; otherwise any may be, and a
    /// clause holding more of them ranks above one holding fewer, whatever
    /// their scores: each word held adds a tier above the most the words,
    /// the pairs and the rest of the group (`other_bound`) can score. A
    /// slot of several words with synonyms counts as held when all its
    /// words are, or any of its synonyms.
    pub(super) fn ranked_words(
        &mut self,
        slots: Vec<Slot>,
        other_bound: f32,
    ) -> (Box<dyn TantivyQuery>, f32) {
        let words: usize = slots.iter().map(|s| s.parts.len()).sum();
        if words >= 2 && self.excluding == 0 {
            self.may_be_partial = true;
        }
        let mut scoring: Vec<(TantivyOccur, Box<dyn TantivyQuery>)> = Vec::new();
        let mut bound: f32 = 0.0;
        let flat: Vec<&Part> = slots.iter().flat_map(|s| &s.parts).collect();
        for pair in flat.windows(2) {
            if let (Some(a), Some(b)) = (&pair[0].word, &pair[1].word) {
                if a.field() == b.field() {
                    let phrase = PhraseQuery::new_with_offset_and_slop(
                        vec![(0, a.clone()), (1, b.clone())],
                        PAIR_SLOP,
                    );
                    self.pairs
                        .push(Box::new(BoostQuery::new(Box::new(phrase), PAIR_BOOST)));
                    // A phrase scores by BM25 with the idf of its words
                    // summed, and BM25 stays below `idf * (k1 + 1)`; the
                    // margin covers rounding.
                    let idf = self.idf(a) + self.idf(b);
                    self.pair_bounds.push(pair_bound(idf));
                    bound += 2.0 * self.max_term * PAIR_BOOST;
                }
            }
        }
        let mut held_slots: Vec<Box<dyn TantivyQuery>> = Vec::new();
        for slot in slots {
            let mut held: Vec<(TantivyOccur, Box<dyn TantivyQuery>)> = Vec::new();
            for part in slot.parts {
                bound += part.bound;
                held.push((TantivyOccur::Must, part.query.box_clone()));
                // A common word inside a name ("innovation and technology")
                // counts towards holding the name, never on its own.
                let common = part
                    .word
                    .as_ref()
                    .is_some_and(|term| term.value().as_str().is_some_and(is_stop_word));
                if !common {
                    scoring.push((TantivyOccur::Should, part.query));
                }
            }
            let held: Box<dyn TantivyQuery> = match (held.len(), slot.alternative) {
                (_, Some(alternative)) => {
                    bound += alternative.bound;
                    let either: Box<dyn TantivyQuery> = if held.is_empty() {
                        alternative.query.box_clone()
                    } else {
                        Box::new(BooleanQuery::new(vec![
                            (
                                TantivyOccur::Should,
                                Box::new(BooleanQuery::new(held)) as Box<dyn TantivyQuery>,
                            ),
                            (TantivyOccur::Should, alternative.query.box_clone()),
                        ]))
                    };
                    scoring.push((TantivyOccur::Should, alternative.query));
                    either
                }
                (1, None) => held.remove(0).1,
                (_, None) => Box::new(BooleanQuery::new(held)),
            };
            held_slots.push(held);
        }
        if self.strict_here() {
            // Every slot must be held, and each scores what it matches. A
            // group of plain words becomes a conjunction of term queries,
            // which tantivy runs skipping the blocks that cannot reach
            // the page.
            let query: Box<dyn TantivyQuery> = if held_slots.len() == 1 {
                held_slots.remove(0)
            } else {
                Box::new(BooleanQuery::new(
                    held_slots
                        .into_iter()
                        .map(|held| (TantivyOccur::Must, held))
                        .collect(),
                ))
            };
            return (query, bound);
        }
        if words < 2 {
            return (Box::new(BooleanQuery::new(scoring)), bound);
        }
        let tier = word_tier(bound, other_bound);
        let tiers = tier * held_slots.len() as f32;
        for held in held_slots {
            scoring.push((
                TantivyOccur::Should,
                Box::new(ConstScoreQuery::new(held, tier)),
            ));
        }
        (Box::new(BooleanQuery::new(scoring)), bound + tiers)
    }
}

/// Plain words of a group that count as one when the group's words are
/// ranked: a single word, or the words of a name with synonyms.
pub(super) struct Slot {
    pub parts: Vec<Part>,
    /// The name's synonyms, any of which holds the slot.
    pub alternative: Option<Part>,
}

/// One part matching whatever any of `parts` matches, scoring as the best.
pub(super) fn best_of(mut parts: Vec<Part>) -> Option<Part> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => {
            let bound = parts.iter().map(|p| p.bound).fold(0.0, f32::max);
            let queries = parts.into_iter().map(|p| p.query).collect();
            Some(Part::scored(
                Box::new(DisjunctionMaxQuery::new(queries)),
                bound,
            ))
        }
    }
}

pub(super) fn boolean(
    clauses: Vec<(TantivyOccur, Box<dyn TantivyQuery>)>,
    bound: f32,
) -> Option<Part> {
    if clauses.is_empty() {
        return None;
    }
    let mut clauses = clauses;
    if clauses.iter().all(|(o, _)| *o == TantivyOccur::MustNot) {
        clauses.push((
            TantivyOccur::Must,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
        ));
    }
    Some(Part::scored(Box::new(BooleanQuery::new(clauses)), bound))
}

#[cfg(test)]
mod tests {
    use tantivy::query::EmptyQuery;

    use super::*;
    use crate::search::compile::tests::run;
    use crate::search::filters::Filters;

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-5
    }

    fn part(bound: f32) -> Part {
        Part::scored(Box::new(EmptyQuery), bound)
    }

    #[test]
    fn the_highest_term_score_grows_with_the_index() {
        // ln(1 + 6.5 / 1.5) * 2.2
        assert!(close(max_term_score(7), 3.682_748), "{}", max_term_score(7));
        // An empty index counts as one clause.
        assert_eq!(max_term_score(0), max_term_score(1));
        assert!(max_term_score(1_000_000) > max_term_score(7));
    }

    #[test]
    fn idf_falls_as_more_clauses_hold_the_term() {
        assert!(close(idf(7, 1), 1.673_976), "{}", idf(7, 1));
        assert!(close(idf(7, 7), 0.064_538_5), "{}", idf(7, 7));
        assert!(close(idf(7, 1) * (BM25_K1 + 1.0), max_term_score(7)));
    }

    #[test]
    fn a_word_tier_is_a_whole_number_above_every_score_of_the_group() {
        assert_eq!(word_tier(3.2, 1.5), 6.0);
        assert_eq!(word_tier(2.0, 0.0), 3.0);
        assert!(close(pair_bound(2.0), 2.223));
    }

    #[test]
    fn the_heading_and_a_correction_count_less() {
        let both = with_heading(part(2.0), part(1.0));
        assert!(close(both.bound, 2.3), "{}", both.bound);
        assert_eq!(both.filter, None);
        assert!(close(weighted(part(3.0), CORRECTION_WEIGHT).bound, 1.5));
        assert_eq!(
            best_of(vec![part(1.0), part(4.0), part(2.0)])
                .unwrap()
                .bound,
            4.0
        );
        assert!(best_of(Vec::new()).is_none());
        assert!(boolean(Vec::new(), 1.0).is_none());
    }

    #[test]
    fn the_full_query_finds_only_clauses_holding_every_word() {
        let (mut ids, _) = run("chinese medicine standardisation", &Filters::default()).unwrap();
        ids.sort();
        assert_eq!(ids, ["chongqing-0", "jiangsu-2"]);
        // "and" is left out: the clauses hold both other words.
        let (mut with_and, explain) = run(
            "chinese and medicine and standardisation",
            &Filters::default(),
        )
        .unwrap();
        with_and.sort();
        assert_eq!(with_and, ids);
        assert_eq!(explain.ignored, ["and"]);
    }

    #[test]
    fn a_full_match_holds_the_plain_words_beside_required_ones() {
        let (ids, _) = run("+medicine culture", &Filters::default()).unwrap();
        assert_eq!(ids, ["beijing-0"]);
    }

    #[test]
    fn a_group_of_common_words_alone_is_searched_as_typed() {
        let (ids, explain) = run("the", &Filters::default()).unwrap();
        assert!(!ids.is_empty());
        assert!(explain.ignored.is_empty());
    }
}
