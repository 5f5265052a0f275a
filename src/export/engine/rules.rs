//! accords' analyzer and query expansion as rule sets another engine loads:
//! the British spellings it rewrites, the synonyms and abbreviations it
//! expands, the solid compounds it splits, the words it leaves out of a
//! ranking, and its ranking weights.
//!
//! The spelling rules of `data/spelling/` are suffix rewrites with
//! exceptions, which no engine's filter expresses. So they are applied here,
//! by accords' own code, to every word of the exported clauses (and to the
//! whole-word pairs of `pairs.txt`), and each word they change is written
//! as a stemmer override from the word to accords' final term: the engine's
//! stemmer then leaves it alone, and the term is the one accords indexes.
//! The British forms of the clauses' American words are added, so a query
//! in British spelling meets them. Synonyms come from the index's own table, which holds the groups of
//! `data/synonyms.txt` and the abbreviations learned from the documents, one
//! rule per form as accords expands it.

use std::collections::BTreeSet;

use crate::engine::Engine;
use crate::error::Result;
use crate::export::engine::EngineRecord;
use crate::index::analysis::{
    analyze, british_spellings, compound_entries, spelling_pairs, unify_spelling,
};
use crate::index::synonyms::SynonymRule;
use crate::search::RankingWeights;

/// Every rule of the export, computed once and written by each target in
/// its own syntax.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// British word (lowercase, as the engine's filters leave it) to the
    /// term accords indexes for it, sorted.
    pub spelling: Vec<(String, String)>,
    /// Every other word of the clauses (and the American form of each
    /// British one) to accords' term for it, sorted.
    pub terms: Vec<(String, String)>,
    /// Synonym rules the engine applies.
    pub synonyms: Vec<SynonymRule>,
    /// Rules for forms that only count when typed in capitals ("WHO"):
    /// after the engine's lowercasing they would fire on the common word,
    /// so they are listed as comments only.
    pub exact_case: Vec<SynonymRule>,
    /// Solid compounds: a first part and the second parts that follow it
    /// in a listed compound ("co": "operat", "ordinat", ...), in file order.
    pub compounds: Vec<(String, Vec<String>)>,
    pub weights: RankingWeights,
}

impl RuleSet {
    /// The rules for an index whose exported clauses are `records`.
    pub fn of_index(engine: &Engine, records: &[EngineRecord]) -> Result<RuleSet> {
        let (exact_case, synonyms) = engine
            .snapshot()
            .synonyms()
            .rules()?
            .into_iter()
            .filter(|rule| !rule.expansions.is_empty())
            .partition(|rule| rule.exact_case);
        let texts = records.iter().flat_map(|record| {
            [
                Some(&record.text),
                record.area_heading.as_ref(),
                Some(&record.title),
            ]
            .into_iter()
            .flatten()
        });
        let words = vocabulary(texts.map(String::as_str));
        Ok(RuleSet {
            spelling: spelling_overrides(&words),
            terms: term_overrides(&words),
            synonyms,
            exact_case,
            compounds: compounds(),
            weights: RankingWeights::current(),
        })
    }

    /// The stemmer override rules, one `british => term` a line.
    pub fn spelling_lines(&self) -> Vec<String> {
        self.spelling
            .iter()
            .map(|(british, term)| format!("{british} => {term}"))
            .collect()
    }

    /// The synonym rules in Solr's format, one `form => form, other, ...` a
    /// line, so a query holding a form searches the others too and nothing
    /// else changes: accords expands a form to the other forms of its
    /// groups only, never through a second group.
    pub fn synonym_lines(&self) -> Vec<String> {
        self.synonyms.iter().map(solr_line).collect()
    }

    /// The Solr synonym file: a header saying where the rules come from,
    /// the rules, and the exact-case ones as comments.
    pub fn synonym_file(&self) -> String {
        let mut out = String::from(
            "# Synonyms and abbreviations of an accords index, in Solr's format:\n\
             # data/synonyms.txt and the abbreviations the documents define.\n\
             # One rule per form: the form, then the forms a query holding it also searches.\n",
        );
        for line in self.synonym_lines() {
            out.push_str(&line);
            out.push('\n');
        }
        if !self.exact_case.is_empty() {
            out.push_str(
                "# Forms accords expands only when typed in capitals; after lowercasing they\n\
                 # would also fire on the common word, so they are left out:\n",
            );
            for rule in &self.exact_case {
                out.push_str("# ");
                out.push_str(&solr_line(rule));
                out.push('\n');
            }
        }
        out
    }

    /// The term override rules, one `word => term` a line.
    pub fn term_lines(&self) -> Vec<String> {
        self.terms
            .iter()
            .map(|(word, term)| format!("{word} => {term}"))
            .collect()
    }

    /// The term override file, with its header.
    pub fn terms_file(&self) -> String {
        let mut out = String::from(
            "# Every other word of the exported clauses, and the American form of each British one,\n\
             # mapped to the term accords indexes for it, so the engine's stemmer need not agree.\n",
        );
        for line in self.term_lines() {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// The spelling override file, with its header.
    pub fn spelling_file(&self) -> String {
        let mut out = String::from(
            "# British spellings: those of the exported clauses, the British forms of their American\n\
             # words, and the pairs of data/spelling/pairs.txt, mapped to the term accords indexes for\n\
             # them (spelling unified, then stemmed).\n",
        );
        for line in self.spelling_lines() {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

/// The word pieces a text gives the engine's tokenizer and word splitter:
/// every run of letters, and each hyphenated word joined, lowercased.
/// Pieces with other than ASCII letters are left out: the spelling rules
/// touch only those.
pub fn word_pieces(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for token in analyze(text) {
        let written = text[token.start..token.end].to_lowercase();
        if written.contains('-') {
            let joined: String = written.chars().filter(|&c| c != '-').collect();
            words.insert(joined);
        }
        for piece in written.split(|c: char| !c.is_alphabetic()) {
            words.insert(piece.to_string());
        }
    }
    words.retain(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()));
    words
}

/// The term accords indexes for one lowercase word: the first term its
/// analysis gives (a compound's joined form comes first).
fn term_of(word: &str) -> Option<String> {
    analyze(word).into_iter().next().map(|token| token.term)
}

/// Every word piece of `texts`.
fn vocabulary<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in texts {
        words.extend(word_pieces(text));
    }
    words
}

/// The British words to override: those of the clauses, their British
/// forms of the clauses' American words (a query may be in British
/// spelling where the clauses are not), and the pairs of `pairs.txt`.
fn spelling_overrides(words: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut british: BTreeSet<String> = words
        .iter()
        .filter(|word| unify_spelling(word).is_some())
        .cloned()
        .collect();
    british.extend(spelling_pairs().into_iter().map(|(british, _)| british));
    british.extend(
        words
            .iter()
            .filter(|word| unify_spelling(word).is_none())
            .flat_map(|word| british_spellings(word)),
    );
    british
        .into_iter()
        .filter_map(|word| term_of(&word).map(|term| (word, term)))
        .collect()
}

/// The other words to override: every word of the clauses the spelling
/// data leaves alone, and the American form of each British one (what a
/// query in American spelling types), each to accords' term. The engine's
/// Snowball English stemmer is an older snapshot of the one accords runs
/// and differs on some words ("organization": "organ" there, "organiz"
/// here); with these, the words of the clauses get accords' terms exactly.
fn term_overrides(words: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut plain: BTreeSet<String> = BTreeSet::new();
    for word in words {
        match unify_spelling(word) {
            Some(american) => {
                plain.insert(american);
            }
            None => {
                plain.insert(word.clone());
            }
        }
    }
    plain
        .into_iter()
        .filter(|word| unify_spelling(word).is_none())
        .filter_map(|word| term_of(&word).map(|term| (word, term)))
        .collect()
}

fn compounds() -> Vec<(String, Vec<String>)> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (first, second) in compound_entries() {
        match grouped.iter_mut().find(|(f, _)| *f == first) {
            Some((_, seconds)) => seconds.push(second),
            None => grouped.push((first, vec![second])),
        }
    }
    grouped
}

/// Escapes what Solr's synonym parser reads as syntax (a leading `#`
/// would make the line a comment).
fn solr_escape(form: &str) -> String {
    let mut out = String::with_capacity(form.len() + 1);
    if form.starts_with('#') {
        out.push('\\');
    }
    for c in form.chars() {
        if matches!(c, '\\' | ',' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn solr_line(rule: &SynonymRule) -> String {
    let mut right = vec![solr_escape(&rule.form)];
    right.extend(rule.expansions.iter().map(|form| solr_escape(form)));
    format!("{} => {}", solr_escape(&rule.form), right.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_joined_compounds_and_drop_other_scripts() {
        let pieces = word_pieces("Co-operation on the standardisation of Kong's café 2023");
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        assert_eq!(
            pieces,
            vec![
                "co",
                "cooperation",
                "kong",
                "of",
                "on",
                "operation",
                "s",
                "standardisation",
                "the"
            ]
        );
    }

    #[test]
    fn british_words_map_to_accords_terms() {
        let words = vocabulary(["The standardisation programme centre"].into_iter());
        let overrides = spelling_overrides(&words);
        for (word, term) in [
            ("standardisation", "standard"),
            ("programme", "program"),
            ("centre", "center"),
        ] {
            assert!(
                overrides.contains(&(word.to_string(), term.to_string())),
                "{word}: {overrides:?}"
            );
        }
        assert!(!overrides.iter().any(|(word, _)| word == "the"));
        // American words in the clauses bring their British forms.
        let overrides = spelling_overrides(&vocabulary(["organization labor"].into_iter()));
        for (british, american) in [("organisation", "organization"), ("labour", "labor")] {
            let term = term_of(american).unwrap();
            assert!(
                overrides.contains(&(british.to_string(), term.clone())),
                "{british} => {term}: {overrides:?}"
            );
        }
        // A British word brings no made-up forms of itself.
        assert!(!overrides
            .iter()
            .any(|(word, _)| word.ends_with("our") && word.contains("ett")));
    }

    #[test]
    fn other_words_and_american_forms_map_to_accords_terms() {
        let terms = term_overrides(&vocabulary(["Organisations of the centre"].into_iter()));
        let lines: Vec<String> = terms.iter().map(|(w, t)| format!("{w} {t}")).collect();
        assert_eq!(
            lines,
            vec![
                "center center".to_string(),
                format!("of {}", term_of("of").unwrap()),
                format!("organizations {}", term_of("organisations").unwrap()),
                "the the".to_string(),
            ]
        );
    }

    #[test]
    fn solr_syntax_is_escaped() {
        let rule = SynonymRule {
            key: "b r".to_string(),
            form: "B&R".to_string(),
            exact_case: false,
            expansions: vec!["Belt, Road".to_string(), "a=>b".to_string()],
        };
        assert_eq!(solr_line(&rule), r"B&R => B&R, Belt\, Road, a\=>b");
    }
}
