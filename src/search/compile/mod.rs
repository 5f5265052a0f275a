//! From a parsed query and filters to one tantivy query.
//!
//! This is where matching and ranking are decided. Plain words side by side
//! form a group whose clauses are scored by BM25 and summed, compiled one
//! of two ways:
//!
//! - **Full matches** (the default [`Compiler`]): every plain word of a
//!   group must be held, so the group is one conjunction, which tantivy
//!   runs skipping the blocks that cannot reach the page. These are the
//!   matches a search counts.
//! - **Any word** ([`Compiler::any_word`]): a clause holding some of the
//!   words matches, and each word held adds a tier above the most the
//!   words can score, so more words held rank first. The search lists
//!   these after the full matches, leaving those out, when the full ones
//!   do not fill the page.
//!
//! Common words ("and", "of") are left out of a group unless it has
//! nothing else, and under an exclusion both ways compile alike, so both
//! exclude the same clauses. On top of BM25:
//!
//! - **Words together.** Each pair of neighbouring words also scores as a
//!   phrase (one word apart at most), so "Chinese medicine" beats a clause
//!   with "Chinese" and "medicine" far apart. Matching a phrase reads word
//!   positions, so these pair phrases are kept out of the main query and
//!   returned apart ([`Compiled::pairs`]): the search adds them only to the
//!   best candidates of the other scores. Their scores only add, never
//!   decide whether a clause matches, and the tiers already count their
//!   highest score.
//!
//! - **Names and their abbreviations.** A word, phrase or run of words with
//!   synonyms ("HKSAR", "B&R", "Hong Kong Special Administrative Region")
//!   also matches its other forms, from the built-in synonym data and the
//!   abbreviations the documents taught at index time. A run of words counts
//!   as held when all its words are or any of its other forms is.
//!
//! Category fields (`partner:`, `area:`, ...) are filters: they never add to
//! a score, values of one field are alternatives, and different fields must
//! all hold, exactly like the command-line filters. Their values are
//! resolved against the values the index holds, so a typo is an error that
//! lists what would work instead of an empty result.
//!
//! This file holds the [`Compiler`], what it returns ([`Compiled`]) and the
//! walk over the syntax tree. The work is cut by job, one file each:
//! `filters` (category values, `--partner` and the other flags, dates),
//! `terms` (the terms and prefixes a word stands for), `expand` (synonyms,
//! abbreviations and corrections of a word or name) and `rank` (how a
//! group's parts combine and score, with every ranking constant). Each part
//! records its own line of the [`Explain`] as it compiles, so the
//! explanation is what ran.

mod expand;
mod filters;
mod rank;
mod terms;

pub(crate) use rank::is_stop_word;

use std::collections::HashMap;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur as TantivyOccur, Query as TantivyQuery,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{Searcher, Term};

use super::exclusion::exclusion;
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::index::synonyms::Synonyms;
use crate::index::FacetField;
use crate::search::explain::Explain;
use crate::search::filters::Filters;
use crate::search::highlight::HighlightSpec;
use crate::search::query::{Node, Query, QueryField};
use crate::search::typo::Correction;

/// A compiled query and what else compiling it learned.
pub(crate) struct Compiled {
    /// Every clause that matches, scored without the pair phrases.
    pub query: Box<dyn TantivyQuery>,
    /// The pair phrases of neighbouring words, each already weighted: a
    /// clause's full score is its score from `query` plus the scores of
    /// the pairs it matches.
    pub pairs: Vec<Box<dyn TantivyQuery>>,
    /// No clause can score more than this from all the pairs together.
    pub pair_bound: f32,
    /// The text terms to highlight in hits.
    pub highlight: HighlightSpec,
    /// True when the default kind filter applied (no `--kind`, no `kind:`).
    pub default_kinds: bool,
    /// How the query was understood.
    pub explain: Explain,
    /// True when the query, compiled the other way, would find clauses
    /// this one does not: some group has two or more plain words, so
    /// holding every word and holding some differ.
    pub may_be_partial: bool,
    /// No clause can score more than this from `query` and the pairs.
    pub bound: f32,
}

/// A compiled part of the query.
struct Part {
    query: Box<dyn TantivyQuery>,
    /// No clause can score higher than this from this part.
    bound: f32,
    /// Set when the part is a `field:value` filter on a category.
    filter: Option<FacetField>,
    /// Set when the part is one analysed word of a text field, for pair
    /// phrases.
    word: Option<Term>,
}

impl Part {
    fn filter(facet: FacetField, query: Box<dyn TantivyQuery>) -> Part {
        Part {
            query: Box::new(ConstScoreQuery::new(query, 0.0)),
            bound: 0.0,
            filter: Some(facet),
            word: None,
        }
    }

    fn scored(query: Box<dyn TantivyQuery>, bound: f32) -> Part {
        Part {
            query,
            bound,
            filter: None,
            word: None,
        }
    }
}

pub(crate) struct Compiler<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    synonyms: &'a Synonyms,
    folder: TextAnalyzer,
    known: HashMap<FacetField, Vec<String>>,
    /// The highest score one term can give a clause in this index.
    max_term: f32,
    highlight: HighlightSpec,
    mentions_kind: bool,
    /// Corrections of misspelt words, by their position in the query.
    corrections: HashMap<usize, Correction>,
    /// Pair phrases of the words that score (none under an exclusion).
    pairs: Vec<Box<dyn TantivyQuery>>,
    /// The most each of `pairs` can add to a clause's score.
    pair_bounds: Vec<f32>,
    explain: Explain,
    /// Whether a group's plain words must all be held (full matches) or
    /// any may be (every clause holding some word).
    strict: bool,
    /// How deep the compiler is inside exclusions, where words are
    /// compiled the same way in both modes so that the two modes exclude
    /// the same clauses.
    excluding: u32,
    may_be_partial: bool,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        synonyms: &'a Synonyms,
    ) -> Compiler<'a> {
        Compiler {
            searcher,
            fields,
            synonyms,
            folder: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            known: HashMap::new(),
            max_term: rank::max_term_score(searcher.num_docs()),
            highlight: HighlightSpec::default(),
            mentions_kind: false,
            corrections: HashMap::new(),
            pairs: Vec::new(),
            pair_bounds: Vec::new(),
            explain: Explain::default(),
            strict: true,
            excluding: 0,
            may_be_partial: false,
        }
    }

    /// Compiles for the clauses that hold any plain word of a group, ranked
    /// by how many of them they hold, rather than only those holding all.
    pub(crate) fn any_word(mut self) -> Compiler<'a> {
        self.strict = false;
        self
    }

    /// Searches these corrected words in place of the misspelt ones, with
    /// less weight.
    pub(crate) fn with_corrections(mut self, corrections: &[Correction]) -> Compiler<'a> {
        self.corrections = corrections.iter().map(|c| (c.pos, c.clone())).collect();
        self.explain.corrections = corrections.to_vec();
        self
    }

    /// The query and the filters as one tantivy query.
    pub(crate) fn compile(mut self, query: &Query, filters: &Filters) -> Result<Compiled> {
        let mut musts: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let mut bound = 0.0;
        if !query.is_empty() {
            match self.node(&query.root, false)? {
                Some(part) => {
                    bound = part.bound;
                    musts.push(part.query);
                }
                None => {
                    return Err(Error::NothingToSearch {
                        query: query.text.clone(),
                    })
                }
            }
        }
        let default_kinds = self.filter_queries(filters, &mut musts)?;
        let query: Box<dyn TantivyQuery> = match musts.len() {
            0 => Box::new(AllQuery),
            1 => musts.remove(0),
            _ => Box::new(BooleanQuery::new(
                musts.into_iter().map(|q| (TantivyOccur::Must, q)).collect(),
            )),
        };
        Ok(Compiled {
            query,
            pairs: self.pairs,
            pair_bound: self.pair_bounds.iter().sum(),
            highlight: self.highlight,
            default_kinds,
            explain: self.explain,
            may_be_partial: self.may_be_partial,
            bound: bound + self.pair_bounds.iter().sum::<f32>(),
        })
    }

    /// Compiles a node; `None` when it holds nothing searchable (a word of
    /// punctuation only), so the caller can drop it. `negated` is true under
    /// a NOT, where words are not highlighted.
    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Part>> {
        match node {
            Node::Term { field, word, pos }
            | Node::Phrase {
                field,
                words: word,
                pos,
            } => {
                let kind = if matches!(node, Node::Term { .. }) {
                    "word"
                } else {
                    "phrase"
                };
                let field = field.unwrap_or(QueryField::Text);
                match (field.facet(), field.text_field()) {
                    (Some(facet), _) => self.category(field, facet, word, false).map(Some),
                    (None, Some(text)) => match self.corrections.get(pos).cloned() {
                        Some(correction) if kind == "word" => {
                            Ok(self.corrected(text, &correction, negated))
                        }
                        _ => Ok(self.words_and_synonyms(text, word, kind, negated)),
                    },
                    (None, None) => Ok(None),
                }
            }
            Node::Prefix { field, stem, .. } => {
                let field = field.unwrap_or(QueryField::Text);
                match (field.facet(), field.text_field()) {
                    (Some(facet), _) => self.category(field, facet, stem, true).map(Some),
                    (None, Some(text)) => self.prefix(text, stem, negated),
                    (None, None) => Ok(None),
                }
            }
            Node::Group(items) => self.group(items, negated),
            Node::And(nodes) => {
                let mut clauses = Vec::new();
                let mut bound = 0.0;
                for node in nodes {
                    let (occur, node, negated) = match node {
                        Node::Not(inner) => (TantivyOccur::MustNot, inner.as_ref(), !negated),
                        node => (TantivyOccur::Must, node, negated),
                    };
                    let part = if occur == TantivyOccur::MustNot {
                        self.excluded(node, negated)?
                    } else {
                        self.node(node, negated)?
                    };
                    if let Some(part) = part {
                        if occur == TantivyOccur::Must {
                            bound += part.bound;
                        }
                        clauses.push((occur, part.query));
                    }
                }
                Ok(rank::boolean(clauses, bound))
            }
            Node::Or(nodes) => {
                let mut clauses = Vec::new();
                let mut bound = 0.0;
                for node in nodes {
                    if let Some(part) = self.node(node, negated)? {
                        bound += part.bound;
                        clauses.push((TantivyOccur::Should, part.query));
                    }
                }
                Ok(rank::boolean(clauses, bound))
            }
            Node::Not(inner) => Ok(self.excluded(inner, !negated)?.map(|part| {
                Part::scored(
                    Box::new(BooleanQuery::new(vec![
                        (
                            TantivyOccur::Must,
                            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
                        ),
                        (TantivyOccur::MustNot, exclusion(part.query)),
                    ])),
                    0.0,
                )
            })),
        }
    }

    /// Compiles a node whose clauses are excluded: its pair phrases are
    /// dropped, as nothing under an exclusion scores.
    fn excluded(&mut self, node: &Node, negated: bool) -> Result<Option<Part>> {
        let kept = self.pairs.len();
        self.excluding += 1;
        let part = self.node(node, negated);
        self.excluding -= 1;
        self.pairs.truncate(kept);
        self.pair_bounds.truncate(kept);
        part
    }
}

#[cfg(test)]
pub(super) mod tests {
    use tantivy::collector::TopDocs;

    use super::*;
    use crate::index::tests::sample_index;
    use crate::search::query::parse;

    /// Compiles a query and filters over the sample index, and returns the
    /// ids of the clauses the main query finds, best first, with the
    /// explanation.
    pub(crate) fn run(query: &str, filters: &Filters) -> Result<(Vec<String>, Explain)> {
        let (_dir, index) = sample_index();
        let searcher = index.searcher();
        let compiled = Compiler::new(&searcher, index.fields(), index.synonyms())
            .compile(&parse(query)?, filters)?;
        let top = searcher.search(
            compiled.query.as_ref(),
            &TopDocs::with_limit(20).order_by_score(),
        )?;
        let ids = top
            .into_iter()
            .map(|(_, address)| Ok(index.load_clause(&searcher, address)?.clause.id))
            .collect::<Result<Vec<String>>>()?;
        Ok((ids, compiled.explain))
    }

    /// The ids `run` finds, sorted, for tests where the order is not the
    /// point.
    pub(crate) fn found(query: &str, filters: &Filters) -> Vec<String> {
        let mut ids = run(query, filters).unwrap().0;
        ids.sort();
        ids
    }

    #[test]
    fn an_empty_query_finds_every_clause_of_the_default_kinds() {
        assert_eq!(
            found("", &Filters::default()),
            [
                "beijing-0",
                "beijing-1",
                "chongqing-0",
                "jiangsu-1",
                "jiangsu-2",
                "jiangsu-3"
            ]
        );
    }

    #[test]
    fn a_query_without_letters_or_digits_is_refused() {
        let err = run("... ,", &Filters::default()).unwrap_err();
        assert!(matches!(err, Error::NothingToSearch { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "nothing to search for in \"... ,\": it has no letters or digits"
        );
    }

    #[test]
    fn operators_combine_what_their_operands_find() {
        let filters = Filters::default();
        assert_eq!(
            found("chinese", &filters),
            ["beijing-0", "chongqing-0", "jiangsu-2"]
        );
        assert_eq!(
            found("chinese NOT culture", &filters),
            ["chongqing-0", "jiangsu-2"]
        );
        assert_eq!(
            found("-culture chinese", &filters),
            found("chinese NOT culture", &filters)
        );
        assert_eq!(
            found("fintech OR green", &filters),
            ["beijing-1", "jiangsu-1"]
        );
        assert_eq!(found("fintech AND green", &filters), Vec::<String>::new());
        assert_eq!(found("NOT chinese", &filters).len(), 3);
    }
}
