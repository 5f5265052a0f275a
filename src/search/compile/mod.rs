//! From a parsed query and filters to one tantivy query.
//!
//! This is where ranking is decided. Plain words side by side form a group
//! whose clauses are scored by BM25 and summed, plus two extras:
//!
//! - **All words first.** When a group has two or more words, a clause that
//!   holds every one of them gets a constant bonus larger than the highest
//!   score a clause missing any of them could reach (computed from the
//!   index's size: the BM25 of one term cannot exceed `idf_max * (k1 + 1)`).
//!   So complete matches always outrank partial ones, and partial matches
//!   still follow, ranked among themselves by BM25.
//! - **Words together.** Each pair of neighbouring words also scores as a
//!   phrase (one word apart at most), so "Chinese medicine" beats a clause
//!   with "Chinese" and "medicine" far apart. Matching a phrase reads word
//!   positions, so these pair phrases are kept out of the main query and
//!   returned apart ([`Compiled::pairs`]): the search adds them only to the
//!   best candidates of the other scores. Their scores only add, never
//!   decide whether a clause matches, and the all-words bonus already
//!   counts their highest score, so complete matches still come first.
//!
//! - **Names and their abbreviations.** A word, phrase or run of words with
//!   synonyms ("HKSAR", "B&R", "Hong Kong Special Administrative Region")
//!   also matches its other forms, from the built-in synonym data and the
//!   abbreviations the documents taught at index time. A run of words counts
//!   as held, for the bonus above, when all its words are or any of its
//!   other forms is.
//!
//! Category fields (`partner:`, `area:`, ...) are filters: they never add to
//! a score, values of one field are alternatives, and different fields must
//! all hold, exactly like the command-line filters. Their values are
//! resolved against the values the index holds, so a typo is an error that
//! lists what would work instead of an empty result.

use std::collections::HashMap;
use std::ops::Bound;

use chrono::Days;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery,
    Occur as TantivyOccur, PhrasePrefixQuery, PhraseQuery, Query as TantivyQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{Searcher, Term};

use super::exclusion::exclusion;
use crate::error::{Error, Result};
use crate::index::analysis::{analyze, phrase_paths};
use crate::index::schema::Fields;
use crate::index::synonyms::Synonyms;
use crate::index::{FacetField, TextField};
use crate::search::explain::{Expansion, Explain, FilterExplain, NameExplain, WordExplain};
use crate::search::facets::known_values;
use crate::search::filters::{
    resolve_prefix, resolve_value, Filters, Origin, ALL_KINDS, DEFAULT_KINDS,
};
use crate::search::highlight::HighlightSpec;
use crate::search::query::{Node, Occur, Query, QueryField};
use crate::search::typo::Correction;

/// BM25's term-frequency saturation, as tantivy sets it.
const BM25_K1: f32 = 1.2;
/// The weight of the phrase score of two neighbouring words.
const PAIR_BOOST: f32 = 0.5;
/// Words a neighbouring pair may have between them and still count.
const PAIR_SLOP: u32 = 1;
/// The weight of a word's match in the clause's area heading, against one
/// in the clause text: a clause under "Health and Chinese Medicine" is
/// about medicine even when it only says "hospitals".
const HEADING_BOOST: f32 = 0.3;
/// The weight of a corrected misspelling, against a word as typed, so
/// clauses found through a correction rank below exact matches.
const CORRECTION_WEIGHT: f32 = 0.5;
/// The most synonyms one word or name expands to.
const MAX_SYNONYMS: usize = 8;
/// The most index terms one prefix may stand for.
pub const MAX_PREFIX_EXPANSIONS: usize = 200;

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
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        synonyms: &'a Synonyms,
    ) -> Compiler<'a> {
        let docs = searcher.num_docs().max(1) as f32;
        let max_idf = (1.0 + (docs - 0.5) / 1.5).ln();
        Compiler {
            searcher,
            fields,
            synonyms,
            folder: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            known: HashMap::new(),
            max_term: max_idf * (BM25_K1 + 1.0),
            highlight: HighlightSpec::default(),
            mentions_kind: false,
            corrections: HashMap::new(),
            pairs: Vec::new(),
            pair_bounds: Vec::new(),
            explain: Explain::default(),
        }
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
        if !query.is_empty() {
            match self.node(&query.root, false)? {
                Some(part) => musts.push(part.query),
                None => {
                    return Err(Error::Usage(format!(
                        "nothing to search for in {:?}: it has no letters or digits",
                        query.text
                    )))
                }
            }
        }
        let flag_filters = [
            (FacetField::Partner, "--partner", &filters.partners),
            (FacetField::Areas, "--area", &filters.areas),
            (FacetField::MeetingTypes, "--meeting", &filters.meetings),
        ];
        for (facet, flag, typed) in flag_filters {
            if typed.is_empty() {
                continue;
            }
            let values = typed
                .iter()
                .map(|t| {
                    let known = self.known(facet)?;
                    resolve_value(facet, Origin::Flag(flag), t, known)
                })
                .collect::<Result<Vec<_>>>()?;
            self.explain.filters.push(FilterExplain {
                field: facet.name(),
                values: values.clone(),
                origin: flag.to_string(),
            });
            musts.push(self.facet_query(facet, &values));
        }
        let default_kinds = filters.kinds.is_empty() && !self.mentions_kind;
        let kinds: Vec<String> = if default_kinds {
            DEFAULT_KINDS
                .iter()
                .map(|k| k.as_str().to_string())
                .collect()
        } else if filters
            .kinds
            .iter()
            .any(|k| k.trim().eq_ignore_ascii_case(ALL_KINDS))
        {
            Vec::new()
        } else {
            filters
                .kinds
                .iter()
                .map(|t| {
                    let known = self.known(FacetField::Kind)?;
                    resolve_value(FacetField::Kind, Origin::Flag("--kind"), t, known)
                })
                .collect::<Result<Vec<_>>>()?
        };
        if !kinds.is_empty() {
            self.explain.filters.push(FilterExplain {
                field: FacetField::Kind.name(),
                values: kinds.clone(),
                origin: if default_kinds { "default" } else { "--kind" }.to_string(),
            });
            musts.push(self.facet_query(FacetField::Kind, &kinds));
        }
        if !filters.dates.is_unbounded() {
            let term = |day| Term::from_field_date(self.fields.date, crate::index::day_start(day));
            let lower = filters
                .dates
                .from
                .map_or(Bound::Unbounded, |d| Bound::Included(term(d)));
            let upper = filters
                .dates
                .to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map_or(Bound::Unbounded, |d| Bound::Excluded(term(d)));
            musts.push(Box::new(ConstScoreQuery::new(
                Box::new(RangeQuery::new(lower, upper)),
                0.0,
            )));
        }
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
        })
    }

    fn known(&mut self, facet: FacetField) -> Result<&[String]> {
        if !self.known.contains_key(&facet) {
            let values = known_values(self.searcher, facet)?;
            self.known.insert(facet, values);
        }
        Ok(self.known.get(&facet).map_or(&[], |v| v.as_slice()))
    }

    /// Clauses with any of the values.
    fn facet_query(&self, facet: FacetField, values: &[String]) -> Box<dyn TantivyQuery> {
        let field = self.fields.facet(facet);
        let mut terms: Vec<Box<dyn TantivyQuery>> = values
            .iter()
            .map(|v| {
                let term = Term::from_facet(field, &Facet::from_path([v.as_str()]));
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn TantivyQuery>
            })
            .collect();
        let query: Box<dyn TantivyQuery> = if terms.len() == 1 {
            terms.remove(0)
        } else {
            Box::new(BooleanQuery::union(terms))
        };
        Box::new(ConstScoreQuery::new(query, 0.0))
    }

    /// The analysed terms of a text, compounds as their parts.
    fn analyse(&self, text: &str) -> Vec<String> {
        phrase_paths(&analyze(text))
            .into_iter()
            .next()
            .unwrap_or_default()
            .into_iter()
            .map(|(_, term)| term)
            .collect()
    }

    fn fold(&mut self, text: &str) -> String {
        let mut stream = self.folder.token_stream(text);
        let mut out = String::new();
        while let Some(token) = stream.next() {
            out.push_str(&token.text);
        }
        out
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
                Ok(boolean(clauses, bound))
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
                Ok(boolean(clauses, bound))
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

    /// The idf tantivy gives a term, or the highest possible when its
    /// frequency cannot be read.
    fn idf(&self, term: &Term) -> f32 {
        let docs: u64 = self
            .searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        match self.searcher.doc_freq(term) {
            Ok(freq) if freq <= docs => {
                let x = ((docs - freq) as f32 + 0.5) / (freq as f32 + 0.5);
                (1.0 + x).ln()
            }
            _ => self.max_term / (BM25_K1 + 1.0),
        }
    }

    /// Compiles a node whose clauses are excluded: its pair phrases are
    /// dropped, as nothing under an exclusion scores.
    fn excluded(&mut self, node: &Node, negated: bool) -> Result<Option<Part>> {
        let kept = self.pairs.len();
        let part = self.node(node, negated);
        self.pairs.truncate(kept);
        self.pair_bounds.truncate(kept);
        part
    }

    /// A `field:value` on a category: a filter on the value(s) it names.
    fn category(
        &mut self,
        field: QueryField,
        facet: FacetField,
        typed: &str,
        prefix: bool,
    ) -> Result<Part> {
        if facet == FacetField::Kind {
            self.mentions_kind = true;
            if !prefix && typed.trim().eq_ignore_ascii_case(ALL_KINDS) {
                return Ok(Part::filter(facet, Box::new(AllQuery)));
            }
        }
        let origin = Origin::Query(field.name());
        let known = self.known(facet)?;
        let values = if prefix {
            resolve_prefix(facet, origin, typed, known)?
        } else {
            vec![resolve_value(facet, origin, typed, known)?]
        };
        self.explain.filters.push(FilterExplain {
            field: facet.name(),
            values: values.clone(),
            origin: format!("{}:", field.name()),
        });
        Ok(Part::filter(facet, self.facet_query(facet, &values)))
    }

    /// A word or phrase on a text field: a term, or a phrase when it
    /// analyses to several terms ("Hong Kong's"). A compound may be indexed
    /// by its parts or joined ("co-operation", "cooperation"), so each way
    /// the analyzer offers is tried and the best one scores.
    fn words(&mut self, field: TextField, words: &str, negated: bool) -> Option<Part> {
        let paths = phrase_paths(&analyze(words));
        if !negated && field == TextField::Text {
            self.highlight.add_paths(&paths);
        }
        let part = self.paths(field, paths.clone())?;
        if field != TextField::Text {
            return Some(part);
        }
        // The area heading counts too, with less weight.
        let Some(heading) = self.paths(TextField::Heading, paths) else {
            return Some(part);
        };
        Some(Part {
            query: Box::new(BooleanQuery::new(vec![
                (TantivyOccur::Should, part.query),
                (
                    TantivyOccur::Should,
                    Box::new(BoostQuery::new(heading.query, HEADING_BOOST)),
                ),
            ])),
            bound: part.bound + heading.bound * HEADING_BOOST,
            filter: None,
            word: part.word,
        })
    }

    /// The analysed term sequences of some words on one field, the best
    /// sequence scoring.
    fn paths(&self, field: TextField, paths: Vec<Vec<(usize, String)>>) -> Option<Part> {
        let tantivy_field = self.fields.text_field(field);
        let mut alternatives: Vec<(Box<dyn TantivyQuery>, f32, Option<Term>)> = paths
            .into_iter()
            .filter(|path| !path.is_empty())
            .map(|path| {
                let bound = self.max_term * path.len() as f32;
                let mut terms: Vec<(usize, Term)> = path
                    .into_iter()
                    .map(|(offset, t)| (offset, Term::from_field_text(tantivy_field, &t)))
                    .collect();
                if terms.len() == 1 {
                    let (_, term) = terms.remove(0);
                    let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                    (Box::new(query) as Box<dyn TantivyQuery>, bound, Some(term))
                } else {
                    let query = PhraseQuery::new_with_offset(terms);
                    (Box::new(query) as Box<dyn TantivyQuery>, bound, None)
                }
            })
            .collect();
        match alternatives.len() {
            0 => None,
            1 => {
                let (query, bound, word) = alternatives.remove(0);
                Some(Part {
                    query,
                    bound,
                    filter: None,
                    word,
                })
            }
            _ => {
                let bound = alternatives.iter().map(|a| a.1).fold(0.0, f32::max);
                let queries = alternatives.into_iter().map(|a| a.0).collect();
                Some(Part::scored(
                    Box::new(DisjunctionMaxQuery::new(queries)),
                    bound,
                ))
            }
        }
    }

    /// A word or phrase and its synonyms ("HKSAR" and "Hong Kong Special
    /// Administrative Region"), the best of them scoring.
    fn words_and_synonyms(
        &mut self,
        field: TextField,
        words: &str,
        kind: &'static str,
        negated: bool,
    ) -> Option<Part> {
        let expansions = self.synonyms.expansions(words);
        self.explain.words.push(WordExplain {
            typed: words.to_string(),
            kind,
            field: field_name(field),
            terms: term_paths(words),
            expansions: expansions
                .iter()
                .take(MAX_SYNONYMS)
                .map(|form| expansion(words, form))
                .collect(),
            excluded: negated,
            corrected_from: None,
        });
        let original = self.words(field, words, negated)?;
        if expansions.is_empty() {
            return Some(original);
        }
        let mut parts = vec![original];
        parts.extend(
            expansions
                .iter()
                .take(MAX_SYNONYMS)
                .filter_map(|form| self.words(field, form, negated)),
        );
        best_of(parts)
    }

    /// A misspelt word: its correction, with less weight than a word typed
    /// right.
    fn corrected(
        &mut self,
        field: TextField,
        correction: &Correction,
        negated: bool,
    ) -> Option<Part> {
        let part = self.words_and_synonyms(field, &correction.corrected, "word", negated)?;
        if let Some(last) = self.explain.words.last_mut() {
            last.corrected_from = Some(correction.typed.clone());
        }
        Some(Part {
            query: Box::new(BoostQuery::new(part.query, CORRECTION_WEIGHT)),
            bound: part.bound * CORRECTION_WEIGHT,
            filter: None,
            word: part.word,
        })
    }

    /// `standard*`: the index terms the prefix starts, the best of them
    /// scoring. A prefix with several pieces (`co-oper*`) is a phrase whose
    /// last word is a prefix.
    fn prefix(&mut self, field: TextField, stem: &str, negated: bool) -> Result<Option<Part>> {
        let tantivy_field = self.fields.text_field(field);
        let pieces: Vec<&str> = stem
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        let Some((last, leading)) = pieces.split_last() else {
            return Ok(None);
        };
        let prefix = self.fold(last);
        if prefix.is_empty() {
            return Ok(None);
        }
        let mut leading_terms = Vec::new();
        for piece in leading {
            leading_terms.extend(self.analyse(piece));
        }
        // The index holds American spellings of British words ("organis"
        // is indexed as "organiz"), so the prefix's own analysed form is
        // tried as well.
        let mut prefixes = vec![prefix.clone()];
        if let [analysed] = self.analyse(last).as_slice() {
            if !analysed.is_empty() && !prefixes.contains(analysed) {
                prefixes.push(analysed.clone());
            }
        }
        if !negated && field == TextField::Text {
            for term in &leading_terms {
                self.highlight.terms.insert(term.clone());
            }
            for prefix in &prefixes {
                self.highlight.add_prefix(prefix.clone());
            }
        }
        if !leading_terms.is_empty() {
            let mut terms: Vec<Term> = leading_terms
                .iter()
                .map(|t| Term::from_field_text(tantivy_field, t))
                .collect();
            terms.push(Term::from_field_text(tantivy_field, &prefix));
            let bound = self.max_term * terms.len() as f32;
            let mut query = PhrasePrefixQuery::new(terms);
            query.set_max_expansions(MAX_PREFIX_EXPANSIONS as u32);
            return Ok(Some(Part::scored(Box::new(query), bound)));
        }
        let mut expansions = std::collections::BTreeSet::new();
        for prefix in &prefixes {
            expansions.extend(self.expand(tantivy_field, prefix)?);
        }
        self.explain.words.push(WordExplain {
            typed: format!("{stem}*"),
            kind: "prefix",
            field: field_name(field),
            terms: expansions.iter().map(|t| vec![t.clone()]).collect(),
            expansions: Vec::new(),
            excluded: negated,
            corrected_from: None,
        });
        if expansions.len() > MAX_PREFIX_EXPANSIONS {
            return Err(Error::Usage(format!(
                "{stem}* matches more than {MAX_PREFIX_EXPANSIONS} different words; type more of the word"
            )));
        }
        let query: Box<dyn TantivyQuery> = if expansions.is_empty() {
            Box::new(EmptyQuery)
        } else {
            Box::new(DisjunctionMaxQuery::new(
                expansions
                    .into_iter()
                    .map(|t| {
                        Box::new(TermQuery::new(
                            Term::from_field_text(tantivy_field, &t),
                            IndexRecordOption::WithFreqs,
                        )) as Box<dyn TantivyQuery>
                    })
                    .collect(),
            ))
        };
        Ok(Some(Part::scored(query, self.max_term)))
    }

    /// The index terms starting with `prefix`, at most one more than the
    /// limit so the caller can tell it was exceeded.
    fn expand(&self, field: Field, prefix: &str) -> Result<Vec<String>> {
        let mut found = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| Error::Index(e.to_string()))?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                found.insert(String::from_utf8_lossy(key).into_owned());
                if found.len() > MAX_PREFIX_EXPANSIONS {
                    break;
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    /// Items side by side: required and excluded items as typed, category
    /// filters as filters, and the plain words ranked by how many of them a
    /// clause holds (see the module documentation).
    fn group(&mut self, items: &[(Occur, Node)], negated: bool) -> Result<Option<Part>> {
        let stretches = self.synonym_stretches(items);
        let mut musts: Vec<Part> = Vec::new();
        let mut must_nots: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let mut slots: Vec<Slot> = Vec::new();
        let mut filters: Vec<(FacetField, Vec<Box<dyn TantivyQuery>>)> = Vec::new();
        for (i, (occur, node)) in items.iter().enumerate() {
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
                (Occur::Should, None) => {
                    let in_stretch = stretches.iter().any(|s| (s.first..=s.last).contains(&i));
                    match slots.last_mut() {
                        Some(slot) if in_stretch => slot.parts.push(part),
                        _ => slots.push(Slot {
                            parts: vec![part],
                            alternative: None,
                        }),
                    }
                }
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
            let (ranked, ranked_bound) = self.ranked_words(slots, bound);
            bound += ranked_bound;
            // With `+word` items the plain words only rank (as in Lucene);
            // next to category filters they must still match, or
            // `partner:Beijing finance` would list all of Beijing.
            let occur = if has_musts {
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

    /// Runs of plain words that together name something with synonyms
    /// ("Hong Kong Special Administrative Region", "belt and road"), found in
    /// the words as typed.
    fn synonym_stretches(&self, items: &[(Occur, Node)]) -> Vec<Stretch> {
        let mut stretches = Vec::new();
        let mut i = 0;
        while i < items.len() {
            // A run of plain words on the clause text, and where each starts
            // and ends in the run's text.
            let mut text = String::new();
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            while let Some((
                Occur::Should,
                Node::Term {
                    field: None | Some(QueryField::Text),
                    word,
                    ..
                },
            )) = items.get(i)
            {
                if !text.is_empty() {
                    text.push(' ');
                }
                spans.push((i, text.len(), text.len() + word.len()));
                text.push_str(word);
                i += 1;
            }
            if spans.len() >= 2 {
                for found in self.synonyms.find(&text) {
                    let covered: Vec<usize> = spans
                        .iter()
                        .filter(|(_, start, end)| *start < found.end && *end > found.start)
                        .map(|(item, _, _)| *item)
                        .collect();
                    if let (Some(&first), Some(&last)) = (covered.first(), covered.last()) {
                        if last > first {
                            stretches.push(Stretch {
                                first,
                                last,
                                typed: text[found.start..found.end].to_string(),
                                expansions: found.expansions,
                            });
                        }
                    }
                }
            }
            if spans.is_empty() {
                i += 1;
            }
        }
        stretches
    }

    /// The other forms of a name, as one part whose best form scores.
    fn alternatives(&mut self, forms: &[String], negated: bool) -> Option<Part> {
        let parts: Vec<Part> = forms
            .iter()
            .take(MAX_SYNONYMS)
            .filter_map(|form| self.words(TextField::Text, form, negated))
            .collect();
        best_of(parts)
    }

    /// The plain words of a group: any of them matches; each adds its score;
    /// neighbouring words add a phrase score (kept apart, in `self.pairs`);
    /// holding all of them adds a bonus above anything a partial match can
    /// reach. `other_bound` is the
    /// most the rest of the group can add, which the bonus must also exceed.
    /// A slot of several words with synonyms counts as held when all its
    /// words are, or any of its synonyms.
    fn ranked_words(&mut self, slots: Vec<Slot>, other_bound: f32) -> (Box<dyn TantivyQuery>, f32) {
        let words: usize = slots.iter().map(|s| s.parts.len()).sum();
        let mut clauses: Vec<(TantivyOccur, Box<dyn TantivyQuery>)> = Vec::new();
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
                    self.pair_bounds
                        .push(idf * (BM25_K1 + 1.0) * PAIR_BOOST * 1.01 + 1e-3);
                    bound += 2.0 * self.max_term * PAIR_BOOST;
                }
            }
        }
        let mut all: Vec<(TantivyOccur, Box<dyn TantivyQuery>)> = Vec::new();
        for slot in slots {
            let mut held: Vec<(TantivyOccur, Box<dyn TantivyQuery>)> = Vec::new();
            for part in slot.parts {
                bound += part.bound;
                held.push((TantivyOccur::Must, part.query.box_clone()));
                clauses.push((TantivyOccur::Should, part.query));
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
                    clauses.push((TantivyOccur::Should, alternative.query));
                    either
                }
                (1, None) => held.remove(0).1,
                (_, None) => Box::new(BooleanQuery::new(held)),
            };
            all.push((TantivyOccur::Must, held));
        }
        if words < 2 {
            return (Box::new(BooleanQuery::new(clauses)), bound);
        }
        let bonus = (bound + other_bound + 1.0).ceil();
        clauses.push((
            TantivyOccur::Should,
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(all)),
                bonus,
            )),
        ));
        (Box::new(BooleanQuery::new(clauses)), bound + bonus)
    }
}

/// Plain words of a group that count as one when the group's words are
/// ranked: a single word, or the words of a name with synonyms.
struct Slot {
    parts: Vec<Part>,
    /// The name's synonyms, any of which holds the slot.
    alternative: Option<Part>,
}

/// Items `first..=last` of a group name something with these other forms.
struct Stretch {
    first: usize,
    last: usize,
    /// The words as typed.
    typed: String,
    expansions: Vec<String>,
}

fn field_name(field: TextField) -> &'static str {
    match field {
        TextField::Text => "text",
        TextField::Title => "title",
        TextField::Heading => "heading",
    }
}

/// The term sequences the analyzer makes of some words.
fn term_paths(words: &str) -> Vec<Vec<String>> {
    phrase_paths(&analyze(words))
        .into_iter()
        .map(|path| path.into_iter().map(|(_, term)| term).collect())
        .collect()
}

/// `form` as another form of `typed`, with where the pairing comes from.
fn expansion(typed: &str, form: &str) -> Expansion {
    let builtin = Synonyms::builtin()
        .expansions(typed)
        .iter()
        .any(|f| f == form);
    Expansion {
        form: form.to_string(),
        source: if builtin { "built-in" } else { "learned" },
    }
}

/// One part matching whatever any of `parts` matches, scoring as the best.
fn best_of(mut parts: Vec<Part>) -> Option<Part> {
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

fn boolean(clauses: Vec<(TantivyOccur, Box<dyn TantivyQuery>)>, bound: f32) -> Option<Part> {
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
