//! The accords text analyzer: how clause text becomes index terms, and how a
//! query's words become the same terms.
//!
//! The clauses are Hong Kong government British English ("co-operation",
//! "standardisation", "programme", "centre"); users type American spelling,
//! solid or spaced compounds and abbreviations. One analyzer serves both
//! sides, so whatever it does to the text it also does to the query. It
//! runs four stages:
//!
//! 1. Words (`tokenizer.rs`): Unicode word splitting, lowercasing, accent
//!    and apostrophe folding, and hyphenated compounds spread over
//!    positions: "co-operation" gives its joined form "cooperation" and its
//!    parts "co", "operation"; a solid compound listed in
//!    `data/compounds.txt` gives the same parts.
//! 2. Spelling (`spelling.rs`): British spellings rewritten to the American
//!    ones the stemmer expects, by rules and exception lists kept as data
//!    in `data/spelling/`.
//! 3. The English (Snowball) stemmer tantivy uses. Stages 2 and 3 depend on
//!    the word alone and run as one step that remembers each word's term
//!    (`term.rs`), since most tokens are words met before.
//! 4. Terms longer than 40 bytes are dropped: they are encoded blobs or
//!    URLs, never words anyone searches for.
//!
//! No stopwords are removed. "Belt and Road" must phrase-match as written,
//! and BM25 already gives common words little weight.
//!
//! Abbreviations and synonyms ("HKSAR", "B&R") are not the analyzer's job:
//! they are expanded on the query's raw words before analysis, in
//! [`crate::index::synonyms`].

mod compounds;
pub(crate) mod data;
pub(crate) mod spelling;
mod term;
mod tokenizer;

use std::cell::RefCell;
use std::ops::Range;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TokenStream, TokenizerManager};

use self::term::TermFilter;
use self::tokenizer::WordTokenizer;

/// The name the analyzer is registered under; text fields of the schema
/// name it as their tokenizer.
pub const TEXT_ANALYZER: &str = "accords";

/// The name of the exact analyzer: the same words, spellings unified, no
/// stemming. The exact copies of the clause text and heading use it, and
/// quoted words and phrases are matched there, so that `"organ"` finds
/// "organ" and not "organisation".
pub const EXACT_ANALYZER: &str = "accords_exact";

/// Terms longer than this many bytes are not indexed.
const MAX_TERM_BYTES: usize = 40;

/// The accords analyzer, the same at index and at query time.
pub fn text_analyzer() -> TextAnalyzer {
    analyzer(TermFilter::STEMMED)
}

/// The exact analyzer (see [`EXACT_ANALYZER`]), the same at index and at
/// query time.
pub fn exact_analyzer() -> TextAnalyzer {
    analyzer(TermFilter::SPELLING)
}

fn analyzer(terms: TermFilter) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        // Spelling unification (and the stemmer), one step with a memo.
        .filter(terms)
        // The filter keeps tokens strictly shorter than its limit.
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES + 1))
        .build()
}

/// Registers [`text_analyzer`] under [`TEXT_ANALYZER`] and
/// [`exact_analyzer`] under [`EXACT_ANALYZER`].
pub fn register(manager: &TokenizerManager) {
    manager.register(TEXT_ANALYZER, text_analyzer());
    manager.register(EXACT_ANALYZER, exact_analyzer());
}

/// The key spelling of a lowercase word when the spelling data rewrites it
/// ("standardisation" gives "standardization"), `None` when the word is
/// left as it is. This is the step between folding and stemming.
pub fn unify_spelling(word: &str) -> Option<String> {
    let mut word = word.to_string();
    spelling::Spelling::builtin()
        .unify(&mut word)
        .then_some(word)
}

/// The British spellings that [`unify_spelling`] rewrites to the lowercase
/// word `american`, as far as one rule or pair leads there
/// ("organization" gives "organisation"), sorted.
pub fn british_spellings(american: &str) -> Vec<String> {
    spelling::Spelling::builtin().british_forms(american)
}

/// The whole-word spelling pairs of `data/spelling/pairs.txt`, British
/// first, sorted.
pub fn spelling_pairs() -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = spelling::Spelling::builtin()
        .pairs()
        .map(|(british, american)| (british.to_string(), american.to_string()))
        .collect();
    pairs.sort();
    pairs
}

/// The solid compounds of `data/compounds.txt` as their two parts, in file
/// order: ("co", "operat") covers every word beginning "cooperat".
pub fn compound_entries() -> Vec<(String, String)> {
    compounds::Compounds::builtin()
        .entries()
        .map(|(first, second)| (first.to_string(), second.to_string()))
        .collect()
}

/// One term of analyzed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The index term.
    pub term: String,
    /// Byte offset in the analyzed text where the word starts.
    pub start: usize,
    /// Byte offset just past the word, so `&text[start..end]` is the word
    /// as written (a possessive "'s" included).
    pub end: usize,
    /// Word position, counted from 0.
    pub position: usize,
}

/// Runs the analyzer over `text`.
///
/// Tokens come in text order. A compound gives its joined form first,
/// spanning the whole compound at its first part's position, then its parts
/// at consecutive positions: "cross-boundary trade" gives crossboundari@0,
/// cross@0, boundari@1, trade@2. So a token followed by another at the same
/// position is a compound's joined form. [`phrase_paths`] turns this into
/// the term sequences a phrase query needs.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    thread_local! {
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(text_analyzer());
    }
    ANALYZER.with(|analyzer| tokens_of(&mut analyzer.borrow_mut(), text))
}

/// Runs the exact analyzer over `text`: the tokens of [`analyze`], with
/// each word's spelling unified but not stemmed.
pub fn analyze_exact(text: &str) -> Vec<AnalyzedToken> {
    thread_local! {
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(exact_analyzer());
    }
    ANALYZER.with(|analyzer| tokens_of(&mut analyzer.borrow_mut(), text))
}

fn tokens_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(AnalyzedToken {
            term: token.text.clone(),
            start: token.offset_from,
            end: token.offset_to,
            position: token.position,
        });
    }
    tokens
}

/// The term sequences a phrase query over `tokens` should try, each term
/// with its offset in the phrase. A query matching any of them matches.
///
/// The first sequence uses every compound's parts. Because the index holds
/// the parts of hyphenated words and of the listed solid compounds, it
/// matches "co-operation agreement", "cooperation agreement" and
/// "co operation agreement" alike. When the text has a compound, a second
/// sequence uses joined forms instead, for documents that write an unlisted
/// compound solid ("smartcity" for "smart-city"). Text without tokens gives
/// no sequence.
pub fn phrase_paths(tokens: &[AnalyzedToken]) -> Vec<Vec<(usize, String)>> {
    let Some(first) = tokens.first() else {
        return Vec::new();
    };
    let is_joined = |i: usize| is_joined_form(tokens, i);

    let parts: Vec<(usize, String)> = parts_only(tokens)
        .map(|token| (token.position - first.position, token.term.clone()))
        .collect();
    if parts.len() == tokens.len() {
        return vec![parts];
    }

    let mut joined = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        joined.push((joined.len(), token.term.clone()));
        i += 1;
        if is_joined(i - 1) {
            while tokens
                .get(i)
                .is_some_and(|part| part.start >= token.start && part.end <= token.end)
            {
                i += 1;
            }
        }
    }
    vec![parts, joined]
}

/// Whether `tokens[i]` is a compound's joined form: the next token shares
/// its position.
fn is_joined_form(tokens: &[AnalyzedToken], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_some_and(|next| next.position == tokens[i].position)
}

/// The tokens with every compound as its parts, the joined forms left out.
pub(crate) fn parts_only(tokens: &[AnalyzedToken]) -> impl Iterator<Item = &AnalyzedToken> {
    (0..tokens.len())
        .filter(|&i| !is_joined_form(tokens, i))
        .map(|i| &tokens[i])
}

/// Every run of `text`'s words (compounds as their parts) that `lookup`
/// knows, longest first from left to right: at each word the longest run
/// of at most `longest` words whose space-separated terms `lookup` answers
/// is taken, and the scan goes on after it. Each answer comes with the
/// byte range of its run in `text` and the run's number of words.
pub(crate) fn longest_runs<T>(
    text: &str,
    longest: usize,
    mut lookup: impl FnMut(&str, Range<usize>) -> Option<T>,
) -> Vec<(T, Range<usize>, usize)> {
    let tokens = analyze(text);
    let parts: Vec<&AnalyzedToken> = parts_only(&tokens).collect();
    let mut runs = Vec::new();
    let mut i = 0;
    'words: while i < parts.len() {
        for n in (1..=longest.min(parts.len() - i)).rev() {
            let window = &parts[i..i + n];
            let key = window
                .iter()
                .map(|token| token.term.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let range = window[0].start..window[n - 1].end;
            if let Some(found) = lookup(&key, range.clone()) {
                runs.push((found, range, n));
                i += n;
                continue 'words;
            }
        }
        i += 1;
    }
    runs
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::{doc, Index, Term};

    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|token| token.term).collect()
    }

    fn token(term: &str, start: usize, end: usize, position: usize) -> AnalyzedToken {
        AnalyzedToken {
            term: term.to_string(),
            start,
            end,
            position,
        }
    }

    #[test]
    fn chinese_medicine_clause() {
        assert_eq!(
            terms("Co-operation on the standardisation of Chinese medicine"),
            vec!["cooper", "co", "oper", "on", "the", "standard", "of", "chines", "medicin"]
        );
    }

    #[test]
    fn american_solid_spelling_gives_the_same_terms() {
        assert_eq!(
            terms("cooperation standardization"),
            vec!["cooper", "co", "oper", "standard"]
        );
    }

    #[test]
    fn hyphenated_compounds_give_joined_form_and_parts() {
        assert_eq!(
            terms("cross-boundary e-commerce"),
            vec![
                "crossboundari",
                "cross",
                "boundari",
                "ecommerc",
                "e",
                "commerc"
            ]
        );
    }

    #[test]
    fn british_spellings_reach_the_stemmer_as_american() {
        assert_eq!(
            terms("organise programmes at the centre"),
            vec!["organiz", "program", "at", "the", "center"]
        );
        assert_eq!(
            terms("organized programs at the center"),
            vec!["organiz", "program", "at", "the", "center"]
        );
    }

    #[test]
    fn ise_exceptions_are_left_to_the_stemmer() {
        assert_eq!(terms("enterprise exercise"), vec!["enterpris", "exercis"]);
    }

    #[test]
    fn spelling_variants_share_terms() {
        let groups: [&[&str]; 9] = [
            &[
                "standardisation",
                "standardization",
                "standardise",
                "standardized",
            ],
            &["programme", "program", "programmes", "programs"],
            &["labour", "labor"],
            &["licence", "license", "licences", "licensed"],
            &["analyse", "analyze", "analysed"],
            &["centre", "center", "centres"],
            &["travelled", "traveled", "travelling", "traveling"],
            &["enrolment", "enrollment"],
            &["enquiry", "inquiry"],
        ];
        for group in groups {
            let stems: BTreeSet<Vec<String>> = group.iter().map(|word| terms(word)).collect();
            assert_eq!(stems.len(), 1, "{group:?} analyze to {stems:?}");
        }
    }

    #[test]
    fn typographic_apostrophes_and_accents_index_alike() {
        assert_eq!(terms("People’s Café"), terms("people's cafe"));
        assert_eq!(terms("People’s Café"), vec!["peopl", "cafe"]);
    }

    #[test]
    fn stopwords_are_kept() {
        assert_eq!(
            terms("The Belt and Road Initiative"),
            vec!["the", "belt", "and", "road", "initi"]
        );
    }

    #[test]
    fn overlong_terms_are_dropped_without_shifting_positions() {
        let long = "a".repeat(41);
        let longest_kept = "b".repeat(40);
        let text = format!("x {long} {longest_kept} y");
        assert_eq!(
            analyze(&text),
            vec![
                token("x", 0, 1, 0),
                token(&longest_kept, 44, 84, 2),
                token("y", 85, 86, 3),
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_words_as_written() {
        let text = "Hong Kong’s co-operation";
        let tokens = analyze(text);
        assert_eq!(
            tokens,
            vec![
                token("hong", 0, 4, 0),
                token("kong", 5, 13, 1),
                token("cooper", 14, 26, 2),
                token("co", 14, 16, 2),
                token("oper", 17, 26, 3),
            ]
        );
        let written: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            written,
            vec!["Hong", "Kong’s", "co-operation", "co", "operation"]
        );
    }

    #[test]
    fn phrase_paths_without_compounds() {
        assert_eq!(
            phrase_paths(&analyze("Belt and Road")),
            vec![vec![
                (0, "belt".to_string()),
                (1, "and".to_string()),
                (2, "road".to_string())
            ]]
        );
        assert_eq!(phrase_paths(&[]), Vec::<Vec<(usize, String)>>::new());
    }

    #[test]
    fn phrase_paths_with_compounds() {
        let owned = |path: &[(usize, &str)]| -> Vec<(usize, String)> {
            path.iter()
                .map(|&(offset, term)| (offset, term.to_string()))
                .collect()
        };
        assert_eq!(
            phrase_paths(&analyze("international co-operation on e-commerce")),
            vec![
                owned(&[
                    (0, "internat"),
                    (1, "co"),
                    (2, "oper"),
                    (3, "on"),
                    (4, "e"),
                    (5, "commerc")
                ]),
                owned(&[(0, "internat"), (1, "cooper"), (2, "on"), (3, "ecommerc")]),
            ]
        );
    }

    #[test]
    fn seed_press_releases_analyze_with_sound_offsets_and_positions() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut files: Vec<_> = std::fs::read_dir(&seeds)
            .expect("seeds folder")
            .map(|entry| entry.expect("seed entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no seeds in {}", seeds.display());
        let mut all_terms = BTreeSet::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("seed text");
            let tokens = analyze(&text);
            let mut last_position = 0;
            for token in &tokens {
                assert!(token.start < token.end, "{token:?} in {}", file.display());
                assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
                assert!(token.position >= last_position, "{token:?} goes back");
                assert!(!token.term.is_empty() && token.term.len() <= MAX_TERM_BYTES);
                last_position = token.position;
            }
            all_terms.extend(tokens.into_iter().map(|token| token.term));
        }
        // British spellings of the seeds meet their American twins...
        for term in [
            "cooper", "standard", "center", "program", "organiz", "labor",
        ] {
            assert!(all_terms.contains(term), "no {term:?} in the seeds");
        }
        // ...and no British form survives to the index.
        for term in ["centr", "programm", "organis", "labour", "standardis"] {
            assert!(!all_terms.contains(term), "{term:?} reached the index");
        }
    }

    /// An in-memory index of `texts`, one document each, in one segment so
    /// that document ids follow the order of `texts`.
    fn index_of(texts: &[&str]) -> (Index, Field) {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = schema.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(schema.build());
        register(index.tokenizers());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for text in texts {
            writer.add_document(doc!(body => *text)).expect("add");
        }
        writer.commit().expect("commit");
        (index, body)
    }

    fn matching(index: &Index, query: &dyn Query) -> Vec<u32> {
        let searcher = index.reader().expect("reader").searcher();
        let found = searcher.search(query, &DocSetCollector).expect("search");
        let mut ids: Vec<u32> = found.into_iter().map(|address| address.doc_id).collect();
        ids.sort_unstable();
        ids
    }

    /// The phrase query a search layer builds from `text`: any of its
    /// phrase paths, a single term standing for itself.
    fn phrase(field: Field, text: &str) -> Box<dyn Query> {
        let paths = phrase_paths(&analyze(text));
        let alternatives: Vec<(Occur, Box<dyn Query>)> = paths
            .into_iter()
            .map(|path| {
                let mut terms: Vec<(usize, Term)> = path
                    .into_iter()
                    .map(|(offset, term)| (offset, Term::from_field_text(field, &term)))
                    .collect();
                let query: Box<dyn Query> = if terms.len() == 1 {
                    Box::new(TermQuery::new(
                        terms.remove(0).1,
                        IndexRecordOption::WithFreqsAndPositions,
                    ))
                } else {
                    Box::new(PhraseQuery::new_with_offset(terms))
                };
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(alternatives))
    }

    fn term(field: Field, term: &str) -> TermQuery {
        TermQuery::new(
            Term::from_field_text(field, term),
            IndexRecordOption::WithFreqsAndPositions,
        )
    }

    #[test]
    fn cooperation_in_every_spelling_matches_every_spelling() {
        let (index, body) = index_of(&[
            "international co-operation agreements",
            "international cooperation agreements",
            "international co operation agreements",
            "military operations abroad",
            "agreements on international trade",
        ]);
        for query in [
            "co-operation",
            "cooperation",
            "co operation",
            "Co-Operation",
            "international co-operation",
            "international cooperation",
            "co-operation agreements",
            "cooperation agreements",
            "international co-operation agreements",
            "international co operation agreement",
        ] {
            assert_eq!(
                matching(&index, &*phrase(body, query)),
                vec![0, 1, 2],
                "{query}"
            );
        }
        // The joined term alone finds the hyphenated and solid spellings;
        // the parts find the spaced one too, and "operation" alone also
        // finds co-operation (the accepted price of indexing parts).
        assert_eq!(matching(&index, &term(body, "cooper")), vec![0, 1]);
        assert_eq!(
            matching(&index, &*phrase(body, "operation")),
            vec![0, 1, 2, 3]
        );
        assert_eq!(
            matching(&index, &*phrase(body, "cooperation trade")),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn cross_boundary_e_commerce_in_every_spelling() {
        let (index, body) = index_of(&[
            "cross-boundary e-commerce platforms",
            "crossboundary ecommerce platforms",
            "cross boundary e commerce platforms",
            "boundary commerce crossing",
        ]);
        for query in [
            "cross-boundary",
            "crossboundary",
            "cross boundary",
            "e-commerce",
            "ecommerce",
            "e commerce",
            "cross-boundary e-commerce platform",
            "crossboundary ecommerce",
        ] {
            assert_eq!(
                matching(&index, &*phrase(body, query)),
                vec![0, 1, 2],
                "{query}"
            );
        }
    }

    #[test]
    fn unlisted_solid_compound_in_a_document_matches_through_the_joined_path() {
        // "smartcity" is not in data/compounds.txt, so it is not split.
        let (index, body) = index_of(&["smart-city development", "smartcity development"]);
        assert_eq!(
            matching(&index, &*phrase(body, "smart-city development")),
            vec![0, 1]
        );
        assert_eq!(
            matching(&index, &*phrase(body, "smart city development")),
            vec![0]
        );
    }

    #[test]
    fn stopword_phrases_and_spelling_through_the_index() {
        let (index, body) = index_of(&[
            "Support the Belt and Road Initiative",
            "the belt of the road",
            "organise programmes at the centre for standardisation",
        ]);
        assert_eq!(matching(&index, &*phrase(body, "Belt and Road")), vec![0]);
        assert_eq!(
            matching(&index, &*phrase(body, "organized programs at the center")),
            vec![2]
        );
        assert_eq!(matching(&index, &*phrase(body, "standardization")), vec![2]);
    }

    #[test]
    fn register_names_the_analyzer() {
        let manager = TokenizerManager::default();
        assert!(manager.get(TEXT_ANALYZER).is_none());
        register(&manager);
        let mut analyzer = manager.get(TEXT_ANALYZER).expect("registered");
        let mut stream = analyzer.token_stream("Programmes");
        assert_eq!(
            stream.next().map(|t| t.text.clone()),
            Some("program".to_string())
        );
    }
}
