//! The terms a word, phrase or prefix stands for in one text field.
//!
//! A word is analysed exactly as the index analysed the text (so "co-
//! operation" is tried both as its parts and joined); a prefix is folded
//! and looked up in the term dictionary, with its analysed form too, up to
//! [`MAX_PREFIX_EXPANSIONS`] terms. Each becomes a scored [`Part`] with the
//! highest score it can give a clause. Other forms of a word (synonyms,
//! corrections) are `expand`'s; the weights (of the heading, of pairs) are
//! `rank`'s.

use std::collections::BTreeSet;

use tantivy::query::{
    DisjunctionMaxQuery, EmptyQuery, PhrasePrefixQuery, PhraseQuery, Query as TantivyQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::rank::with_heading;
use super::{Compiler, Part};
use crate::error::{Error, Result};
use crate::index::analysis::{analyze, analyze_exact, phrase_paths};
use crate::index::TextField;
use crate::search::explain::WordExplain;

/// The most index terms one prefix may stand for.
pub const MAX_PREFIX_EXPANSIONS: usize = 200;

impl Compiler<'_> {
    /// The analysed terms of a text, compounds as their parts.
    pub(super) fn analyse(&self, text: &str) -> Vec<String> {
        phrase_paths(&analyze(text))
            .into_iter()
            .next()
            .unwrap_or_default()
            .into_iter()
            .map(|(_, term)| term)
            .collect()
    }

    pub(super) fn fold(&mut self, text: &str) -> String {
        let mut stream = self.folder.token_stream(text);
        let mut out = String::new();
        while let Some(token) = stream.next() {
            out.push_str(&token.text);
        }
        out
    }

    /// A word or phrase on a text field: a term, or a phrase when it
    /// analyses to several terms ("Hong Kong's"). A compound may be indexed
    /// by its parts or joined ("co-operation", "cooperation"), so each way
    /// the analyzer offers is tried and the best one scores. `exact` words
    /// (quoted ones) are looked up unstemmed, in the field's exact copy.
    pub(super) fn words(
        &mut self,
        field: TextField,
        words: &str,
        exact: bool,
        negated: bool,
    ) -> Option<Part> {
        // A field without an exact copy (the title) matches quoted words by
        // their stems.
        let exact = exact && self.fields.exact_field(field).is_some();
        let paths = analysed_paths(words, exact);
        if !negated && field == TextField::Text {
            if exact {
                self.highlight.add_exact_paths(&paths);
            } else {
                self.highlight.add_paths(&paths);
            }
        }
        let part = self.paths(field, exact, paths.clone())?;
        if field != TextField::Text {
            return Some(part);
        }
        // The area heading counts too, with less weight, when some heading
        // holds the word: most words are in none, and then the word stays
        // one term query, which tantivy can run skipping whole blocks.
        let in_headings: Vec<Vec<(usize, String)>> = paths
            .into_iter()
            .filter(|path| self.every_term_in(TextField::Heading, exact, path))
            .collect();
        if in_headings.is_empty() {
            return Some(part);
        }
        match self.paths(TextField::Heading, exact, in_headings) {
            Some(heading) => Some(with_heading(part, heading)),
            None => Some(part),
        }
    }

    /// True when every term of `path` is in some clause's `field` (its
    /// exact copy when `exact`).
    fn every_term_in(&self, field: TextField, exact: bool, path: &[(usize, String)]) -> bool {
        let field = self.field(field, exact);
        !path.is_empty()
            && path.iter().all(|(_, term)| {
                self.searcher
                    .doc_freq(&Term::from_field_text(field, term))
                    .is_ok_and(|freq| freq > 0)
            })
    }

    /// The tantivy field of a text field, or of its exact copy when it has
    /// one.
    fn field(&self, field: TextField, exact: bool) -> Field {
        match self.fields.exact_field(field) {
            Some(copy) if exact => copy,
            _ => self.fields.text_field(field),
        }
    }

    /// The analysed term sequences of some words on one field (its exact
    /// copy when `exact`), the best sequence scoring.
    pub(super) fn paths(
        &self,
        field: TextField,
        exact: bool,
        paths: Vec<Vec<(usize, String)>>,
    ) -> Option<Part> {
        let tantivy_field = self.field(field, exact);
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

    /// `standard*`: the index terms the prefix starts, the best of them
    /// scoring. A prefix with several pieces (`co-oper*`) is a phrase whose
    /// last word is a prefix.
    pub(super) fn prefix(
        &mut self,
        field: TextField,
        stem: &str,
        negated: bool,
    ) -> Result<Option<Part>> {
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
        let mut expansions = BTreeSet::new();
        for prefix in &prefixes {
            expansions.extend(self.expand(tantivy_field, prefix)?);
        }
        self.explain.words.push(WordExplain {
            typed: format!("{stem}*"),
            kind: "prefix",
            field: field.name(),
            terms: expansions.iter().map(|t| vec![t.clone()]).collect(),
            expansions: Vec::new(),
            excluded: negated,
            corrected_from: None,
        });
        if expansions.len() > MAX_PREFIX_EXPANSIONS {
            return Err(Error::PrefixTooBroad {
                prefix: stem.to_string(),
                limit: MAX_PREFIX_EXPANSIONS,
            });
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
    pub(super) fn expand(&self, field: Field, prefix: &str) -> Result<Vec<String>> {
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
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
}

/// The term sequences of some words, through the exact analyzer when
/// `exact` and the text analyzer otherwise.
fn analysed_paths(words: &str, exact: bool) -> Vec<Vec<(usize, String)>> {
    if exact {
        phrase_paths(&analyze_exact(words))
    } else {
        phrase_paths(&analyze(words))
    }
}

/// The term sequences the analyzer (the exact one when `exact`) makes of
/// some words.
pub(super) fn term_paths(words: &str, exact: bool) -> Vec<Vec<String>> {
    analysed_paths(words, exact)
        .into_iter()
        .map(|path| path.into_iter().map(|(_, term)| term).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::compile::tests::{found, run};
    use crate::search::filters::Filters;

    #[test]
    fn a_compound_is_tried_as_its_parts_and_joined() {
        assert_eq!(
            term_paths("co-operation", false),
            [vec!["co", "oper"], vec!["cooper"]]
        );
        assert_eq!(
            term_paths("Chinese medicine", false),
            [["chines", "medicin"]]
        );
        assert_eq!(
            term_paths("Chinese medicine", true),
            [["chinese", "medicine"]]
        );
        assert_eq!(term_paths("organisations", true), [["organizations"]]);
        assert_eq!(term_paths("...", false), Vec::<Vec<String>>::new());
    }

    #[test]
    fn a_quoted_word_matches_its_spellings_but_not_its_stem() {
        let none = Filters::default();
        // "standardisation" shares the stem of "standards".
        assert_eq!(
            found("standards", &none),
            ["beijing-1", "chongqing-0", "jiangsu-2"]
        );
        assert_eq!(found("\"standards\"", &none), ["beijing-1"]);
        assert_eq!(
            found("\"standardization\"", &none),
            ["chongqing-0", "jiangsu-2"]
        );
        assert_eq!(
            found("\"standardisation of Chinese medicine\"", &none),
            ["chongqing-0", "jiangsu-2"]
        );
        assert!(found("\"standard\"", &none).is_empty());
        let (_, explain) = run("\"standards\" finance", &none).unwrap();
        assert_eq!(explain.words[0].terms, [["standards"]]);
        assert_eq!(explain.words[1].terms, [["financ"]]);
    }

    #[test]
    fn a_word_on_the_text_also_finds_its_area_heading() {
        // No clause text says "health"; three sit under a health heading.
        assert_eq!(
            found("health", &Filters::default()),
            ["beijing-0", "chongqing-0", "jiangsu-2"]
        );
        assert_eq!(
            found("text:health", &Filters::default()),
            found("health", &Filters::default())
        );
        assert_eq!(
            found("heading:finance", &Filters::default()),
            ["beijing-1", "jiangsu-1"]
        );
    }

    #[test]
    fn a_prefix_stands_for_the_index_terms_it_starts() {
        let (mut ids, explain) = run("standard*", &Filters::default()).unwrap();
        ids.sort();
        assert_eq!(ids, ["beijing-1", "chongqing-0", "jiangsu-2"]);
        assert_eq!(explain.words.len(), 1);
        assert_eq!(explain.words[0].kind, "prefix");
        assert_eq!(explain.words[0].field, "text");
        assert_eq!(explain.words[0].terms, [["standard"]]);
    }

    #[test]
    fn a_prefix_of_several_pieces_is_a_phrase() {
        assert_eq!(
            found("financial-stand*", &Filters::default()),
            ["beijing-1"]
        );
        assert_eq!(found("green-fin*", &Filters::default()), ["jiangsu-1"]);
        assert_eq!(
            found("green-stand*", &Filters::default()),
            Vec::<String>::new()
        );
    }
}
