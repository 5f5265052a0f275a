//! From a folded word to its index term: spelling unification, then the
//! English (Snowball) stemmer, remembered per analyzer.
//!
//! Both steps depend on the word alone, and clause text is Zipfian: a few
//! thousand words make up nearly all of it. So each analyzer keeps the
//! terms of the words it has met and computes a term only for a word it has
//! not, which takes the stemmer, the costliest step of analysis, off almost
//! every token. The stemmer is the one tantivy's `Stemmer` filter runs
//! (`frostem`), so terms are the same as that filter would make, except
//! for the few words `data/stem_guards.txt` keeps apart from a stem that
//! names something else ("securities" from "security").

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::data::{content_lines, is_lowercase_word, DataError};
use super::spelling::Spelling;

const GUARDS_FILE: &str = "data/stem_guards.txt";

/// Word → the term it gets instead of its stem.
static GUARDS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    parse_guards(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/stem_guards.txt"
    )))
    // Compiled-in data, parsed by a unit test: failing here means the tests
    // were skipped, not that a user did something wrong.
    .unwrap_or_else(|error| panic!("built-in stem guards are malformed: {error}"))
});

/// Parses stem guards: `term: word word ...` a line. A term ends in `-`,
/// which no word's stem does, so a guard never joins another word's family.
fn parse_guards(text: &str) -> Result<HashMap<String, String>, DataError> {
    let mut guards = HashMap::new();
    for (line, content) in content_lines(text) {
        let error = |message: String| DataError::new(GUARDS_FILE, line, message);
        let Some((term, words)) = content.split_once(':') else {
            return Err(error(format!("{content:?} needs \"term: words\"")));
        };
        let term = term.trim();
        if !term.ends_with('-') || !is_lowercase_word(term.trim_end_matches('-')) {
            return Err(error(format!(
                "the term {term:?} must be lowercase letters ending in \"-\""
            )));
        }
        for word in words.split_whitespace() {
            if !is_lowercase_word(word) {
                return Err(error(format!("{word:?} is not a lowercase word")));
            }
            if guards.insert(word.to_string(), term.to_string()).is_some() {
                return Err(error(format!("{word:?} is guarded twice")));
            }
        }
    }
    Ok(guards)
}

/// Words remembered per analyzer at most. Frequent words come early in any
/// text, so once the memo is full the words it holds are the ones worth
/// holding; the rest are computed each time. About 3 MB when full.
const MEMO_WORDS: usize = 50_000;

/// Words longer than this are not remembered: they are rare, and the
/// analyzer drops terms this long anyway.
const MEMO_WORD_BYTES: usize = 40;

/// The term of one folded word, computed without a memo.
pub(crate) fn term_of(stemmer: &frostem::Stemmer, word: &mut String) {
    Spelling::builtin().unify(word);
    if let Some(term) = GUARDS.get(word.as_str()) {
        word.clear();
        word.push_str(term);
        return;
    }
    if let Cow::Owned(stemmed) = stemmer.stem(word) {
        *word = stemmed;
    }
}

/// The spelling of one folded word unified, without stemming: the term of
/// the exact analyzer, which quoted words are matched against.
pub(crate) fn spelling_term_of(word: &mut String) {
    Spelling::builtin().unify(word);
}

/// Unifies spelling and stems each token, remembering what it computed.
#[derive(Clone, Copy)]
pub(crate) struct TermFilter {
    stem: bool,
}

impl TermFilter {
    /// Spelling unification, then the stemmer: the terms most searches use.
    pub(crate) const STEMMED: TermFilter = TermFilter { stem: true };
    /// Spelling unification alone: the terms of quoted words, which match
    /// a word's other spelling but not its other forms.
    pub(crate) const SPELLING: TermFilter = TermFilter { stem: false };
}

impl TokenFilter for TermFilter {
    type Tokenizer<T: Tokenizer> = TermTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> TermTokenizer<T> {
        TermTokenizer {
            inner,
            memo: Memo {
                stemmer: self
                    .stem
                    .then(|| frostem::Stemmer::new(frostem::Algorithm::English)),
                terms: HashMap::default(),
            },
        }
    }
}

#[derive(Clone)]
pub(crate) struct TermTokenizer<T> {
    inner: T,
    memo: Memo,
}

#[derive(Clone)]
struct Memo {
    /// `None` for spelling unification alone.
    stemmer: Option<frostem::Stemmer>,
    /// Word as folded by the tokenizer → its term.
    terms: HashMap<Box<str>, Box<str>, Xxh3DefaultBuilder>,
}

impl Memo {
    fn rewrite(&mut self, word: &mut String) {
        if let Some(term) = self.terms.get(word.as_str()) {
            word.clear();
            word.push_str(term);
            return;
        }
        if word.len() > MEMO_WORD_BYTES || self.terms.len() >= MEMO_WORDS {
            self.compute(word);
            return;
        }
        let key: Box<str> = word.as_str().into();
        self.compute(word);
        self.terms.insert(key, word.as_str().into());
    }

    fn compute(&self, word: &mut String) {
        match &self.stemmer {
            Some(stemmer) => term_of(stemmer, word),
            None => spelling_term_of(word),
        }
    }
}

impl<T: Tokenizer> Tokenizer for TermTokenizer<T> {
    type TokenStream<'a> = TermStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TermStream {
            inner: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

pub(crate) struct TermStream<'a, S> {
    inner: S,
    memo: &'a mut Memo,
}

impl<S: TokenStream> TokenStream for TermStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        self.memo.rewrite(&mut self.inner.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        Language, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream as _,
    };

    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn remembered_terms_are_the_spelling_rules_and_tantivys_stemmer() {
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(TermFilter::STEMMED)
            .build();
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut reference = |word: &str| {
            let mut word = word.to_string();
            Spelling::builtin().unify(&mut word);
            match GUARDS.get(&word) {
                Some(term) => vec![term.clone()],
                None => terms(&mut stemmer, &word),
            }
        };
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(&seeds)
            .expect("seeds folder")
            .map(|entry| entry.expect("seed entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .map(|path| {
                std::fs::read_to_string(path)
                    .expect("seed text")
                    .to_lowercase()
            })
            .collect();
        texts.sort();
        assert!(!texts.is_empty());
        // Twice over, so the second pass reads every word from the memo.
        for text in texts.iter().chain(&texts) {
            let expected: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .flat_map(&mut reference)
                .collect();
            assert_eq!(terms(&mut memo, text), expected);
        }
        assert_eq!(
            terms(&mut memo, "organise organise centres"),
            ["organiz", "organiz", "center"]
        );
    }

    #[test]
    fn spelling_terms_unify_spellings_and_keep_every_other_form_apart() {
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(TermFilter::SPELLING)
            .build();
        assert_eq!(
            terms(
                &mut memo,
                "organisation organization organisations organ centre universities"
            ),
            [
                "organization",
                "organization",
                "organizations",
                "organ",
                "center",
                "universities"
            ]
        );
    }

    #[test]
    fn guarded_words_keep_apart_from_the_stem_of_another_concept() {
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(TermFilter::STEMMED)
            .build();
        assert_eq!(
            terms(&mut memo, "securities security national nation nations"),
            ["securities-", "secur", "national-", "nation", "nation"]
        );
        // Guards apply after spelling: the British form is guarded too.
        assert_eq!(
            terms(&mut memo, "publicity public"),
            ["publicity-", "public"]
        );
    }

    #[test]
    fn malformed_guards_are_refused_with_their_line() {
        let error = parse_guards("# note\nsecur: securities\n").unwrap_err();
        assert_eq!((error.file, error.line), (GUARDS_FILE, 2));
        assert!(parse_guards("securities\n").is_err());
        assert!(parse_guards("a-: Word\n").is_err());
        assert!(parse_guards("a-: word\nb-: word\n").is_err());
        assert_eq!(parse_guards("a-: word words\n").unwrap().len(), 2);
    }

    #[test]
    fn a_full_memo_still_computes_terms() {
        let mut filter = TermTokenizer {
            inner: SimpleTokenizer::default(),
            memo: Memo {
                stemmer: Some(frostem::Stemmer::new(frostem::Algorithm::English)),
                terms: HashMap::default(),
            },
        };
        for i in 0..MEMO_WORDS {
            filter.memo.terms.insert(format!("w{i}").into(), "x".into());
        }
        let mut word = "programmes".to_string();
        filter.memo.rewrite(&mut word);
        assert_eq!(word, "program");
        assert_eq!(filter.memo.terms.len(), MEMO_WORDS);
    }
}
