//! The fixed query set every engine answers, drawn deterministically from
//! the corpus, and what an engine reports back so the figures can be
//! checked: a bench that finds nothing must not look fast.
//!
//! Two hundred queries in five kinds, in turn: one of the 200 most frequent
//! words; a rare word (two to five occurrences in the first 20k clauses);
//! two and three frequent words; a quoted two-word phrase taken from a
//! random clause. A fifth of them, spread evenly over the kinds, carry a
//! partner or an area filter.

#![allow(dead_code)]

use std::collections::HashMap;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::corpus::Record;

/// The query whose facets are counted: it matches most clauses.
pub const BROAD_QUERY: &str = "co-operation";

/// Partners and areas the filters name; all are common in the corpus.
const PARTNERS: [&str; 4] = ["Guangdong", "Beijing", "Shanghai", "Sichuan"];
const AREAS: [&str; 4] = [
    "Finance",
    "Education",
    "Health and Chinese Medicine",
    "Innovation and Technology",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Partner(String),
    Area(String),
}

/// One query: lowercase words, searched as a phrase or as words.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub words: Vec<String>,
    pub phrase: bool,
    pub filter: Option<Filter>,
}

impl BenchQuery {
    /// The query as a user types it, in the syntax accords and tantivy's
    /// query parser share: bare words, or a quoted phrase.
    pub fn text(&self) -> String {
        let words = self.words.join(" ");
        if self.phrase {
            format!("\"{words}\"")
        } else {
            words
        }
    }
}

/// What one search returned: hits on the page and highlighted spans among
/// them, so the highlighting cannot be skipped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page {
    pub hits: usize,
    pub marks: usize,
}

/// Facet counts over one query: the clauses it matched (where the engine
/// says), and for partner, area, meeting type and year the number of
/// distinct values and the sum of their counts.
#[derive(Debug, Clone, Default)]
pub struct FacetTally {
    pub matched: Option<u64>,
    pub dims: [(usize, u64); 4],
}

pub const FACET_NAMES: [&str; 4] = ["partner", "area", "meeting type", "year"];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[(rng.next_u64() % items.len() as u64) as usize]
}

/// `k` distinct items of `items`, in draw order.
fn sample(rng: &mut ChaCha8Rng, items: &[String], k: usize) -> Vec<String> {
    let mut chosen: Vec<String> = Vec::with_capacity(k);
    while chosen.len() < k.min(items.len()) {
        let item = pick(rng, items);
        if !chosen.contains(item) {
            chosen.push(item.clone());
        }
    }
    chosen
}

fn letter_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
}

/// The query set for `records`, the same for the same records.
pub fn query_set(records: &[Record], count: usize) -> Vec<BenchQuery> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for record in records.iter().take(20_000) {
        for word in letter_runs(&record.text).filter(|w| w.len() >= 4) {
            *counts.entry(word.to_ascii_lowercase()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let frequent: Vec<String> = ranked.iter().take(200).map(|(w, _)| w.clone()).collect();
    let rare: Vec<String> = ranked
        .iter()
        .filter(|(_, c)| (2..=5).contains(c))
        .map(|(w, _)| w.clone())
        .collect();
    assert!(
        frequent.len() >= 150 && !rare.is_empty(),
        "the corpus is too small for a query set"
    );

    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut queries = Vec::with_capacity(count);
    for i in 0..count {
        let (words, phrase) = match i % 5 {
            0 => (vec![pick(&mut rng, &frequent).clone()], false),
            1 => (vec![pick(&mut rng, &rare).clone()], false),
            2 => (sample(&mut rng, &frequent[..100], 2), false),
            3 => (sample(&mut rng, &frequent[..150], 3), false),
            _ => loop {
                let words: Vec<&str> = letter_runs(&pick(&mut rng, records).text).collect();
                if words.len() < 2 {
                    continue;
                }
                let at = (rng.next_u64() % (words.len() - 1) as u64) as usize;
                // Pairs of real words: "Kong s" from "Kong's" is a
                // tokeniser's quirk, not a phrase anyone searches.
                if words[at..at + 2].iter().all(|w| w.len() >= 3) {
                    break (
                        words[at..at + 2]
                            .iter()
                            .map(|w| w.to_ascii_lowercase())
                            .collect(),
                        true,
                    );
                }
            },
        };
        // Every fifth query is filtered, the kind shifting each round so
        // each kind gets its share; partner and area take turns.
        let filter = (i % 5 == (i / 5) % 5).then(|| {
            if (i / 5) % 2 == 0 {
                Filter::Partner(pick(&mut rng, &PARTNERS).to_string())
            } else {
                Filter::Area(pick(&mut rng, &AREAS).to_string())
            }
        });
        queries.push(BenchQuery {
            words,
            phrase,
            filter,
        });
    }
    queries
}
