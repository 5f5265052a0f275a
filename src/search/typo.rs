//! Typo tolerance: words the index has never seen, corrected against the
//! words the clauses actually use.
//!
//! A query word whose analysed terms hold no clause cannot be part of a
//! full match, so a query with one finds nothing or only partial matches.
//! Such a word, when it is long enough to judge (five letters or more) and
//! not a word accords' own data knows (a synonym, a form of a family or
//! concept group, a signed instrument: "reduction" is English even where no
//! clause writes it, and must not become "education"), is
//! compared with the words of the clause texts: one edit is allowed in
//! words of five to eight letters, two in longer ones, an edit being an
//! insertion, deletion, substitution or swap of neighbouring letters. The
//! nearest word wins, ties going to the word more clauses use. The
//! correction keeps the user's spelling where the index cannot tell the
//! difference ("standardization" stays American), and their capital.
//!
//! Candidates come from the index's term dictionary, searched with a
//! Levenshtein automaton, and only when a word needs correcting, so
//! ordinary searches never pay for it and a correction never reads every
//! clause: the written words are taken from one clause per candidate term.
//! What to do with
//! a correction (search it, rank it lower, suggest it) is the caller's
//! business.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term, TERMINATED};

use crate::error::Result;
use crate::index::analysis::analyze;
use crate::index::related::{names_an_instrument, Related};
use crate::index::synonyms::Synonyms;
use crate::index::ClauseIndex;
use crate::search::query::{Node, Query, QueryField};

/// Words shorter than this are never corrected: too many short words are
/// one edit apart.
const MIN_LETTERS: usize = 5;

/// A misspelt word of the query and its correction.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Correction {
    /// The word as typed.
    pub typed: String,
    /// The word it was taken for.
    pub corrected: String,
    /// Character offset of the word in the query.
    #[serde(skip)]
    pub pos: usize,
}

/// Edits allowed to correct a word of `letters` letters.
pub fn allowed_edits(letters: usize) -> usize {
    match letters {
        0..MIN_LETTERS => 0,
        MIN_LETTERS..=8 => 1,
        _ => 2,
    }
}

/// The optimal string alignment distance: insertions, deletions,
/// substitutions and swaps of neighbouring characters each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The nearest word of `vocabulary` (word, clauses using it) to `typed`
/// within the allowed edits; ties go to the more used word, then the first
/// in alphabetical order.
pub fn nearest<'a>(typed: &str, vocabulary: &'a HashMap<String, u32>) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let letters = typed.chars().count();
    let allowed = allowed_edits(letters);
    if allowed == 0 {
        return None;
    }
    vocabulary
        .iter()
        .filter(|(word, _)| word.chars().count().abs_diff(letters) <= allowed)
        .map(|(word, &count)| (edit_distance(&typed, word), count, word.as_str()))
        .filter(|&(distance, _, _)| distance <= allowed)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, word)| word)
}

/// `corrected` as the user would have written it: when a spelling of it
/// nearer to what they typed means the same to the index (British "-ise"
/// against American "-ize", "-our" against "-or", "-re" against "-er"),
/// that spelling; and capitalised if they capitalised.
pub fn in_users_spelling(typed: &str, corrected: &str) -> String {
    let lower = typed.to_lowercase();
    let mut best = corrected.to_string();
    let terms = |w: &str| analyze(w).into_iter().map(|t| t.term).collect::<Vec<_>>();
    let meaning = terms(corrected);
    for (from, to) in [
        ("is", "iz"),
        ("ys", "yz"),
        ("our", "or"),
        ("re", "er"),
        ("mme", "m"),
    ] {
        for (at, _) in corrected.match_indices(from) {
            let variant = format!("{}{to}{}", &corrected[..at], &corrected[at + from.len()..]);
            if edit_distance(&lower, &variant) < edit_distance(&lower, &best)
                && terms(&variant) == meaning
            {
                best = variant;
            }
        }
    }
    if typed.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = best.chars();
        if let Some(first) = chars.next() {
            best = first.to_uppercase().chain(chars).collect();
        }
    }
    best
}

/// Corrections for the plain words of `query` that no clause holds.
pub(crate) fn corrections(
    index: &ClauseIndex,
    searcher: &Searcher,
    synonyms: &Synonyms,
    query: &Query,
) -> Result<Vec<Correction>> {
    let text_field = index.fields().text;
    let mut unknown: Vec<(String, usize)> = Vec::new();
    let mut words = Vec::new();
    plain_words(&query.root, &mut words);
    for (word, pos) in words {
        if !word.chars().all(char::is_alphabetic) || word.chars().count() < MIN_LETTERS {
            continue;
        }
        if !synonyms.expansions(word).is_empty()
            || Related::builtin().knows_word(word)
            || names_an_instrument(word)
        {
            continue;
        }
        let terms = analyze(word);
        if terms.is_empty() {
            continue;
        }
        let mut held = false;
        for token in &terms {
            let term = Term::from_field_text(text_field, &token.term);
            for segment in searcher.segment_readers() {
                if !live_holders(segment, &term, 1)?.is_empty() {
                    held = true;
                }
            }
        }
        if !held {
            unknown.push((word.to_string(), pos));
        }
    }
    if unknown.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for (typed, pos) in unknown {
        let vocabulary = vocabulary(index, searcher, &typed)?;
        if let Some(word) = nearest(&typed, &vocabulary) {
            found.push(Correction {
                corrected: in_users_spelling(&typed, word),
                typed,
                pos,
            });
        }
    }
    Ok(found)
}

/// The query as typed with each corrected word replaced.
pub fn suggest(query: &str, corrections: &[Correction]) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    let mut sorted: Vec<&Correction> = corrections.iter().collect();
    sorted.sort_by_key(|c| c.pos);
    for c in sorted {
        let len = c.typed.chars().count();
        let word: String = chars.iter().skip(c.pos).take(len).collect();
        if c.pos < at || word != c.typed {
            continue;
        }
        out.extend(&chars[at..c.pos]);
        out.push_str(&c.corrected);
        at = c.pos + len;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}

/// The plain words on the clause text, with their positions in the query.
fn plain_words<'a>(node: &'a Node, out: &mut Vec<(&'a str, usize)>) {
    match node {
        Node::Term {
            field: None | Some(QueryField::Text),
            word,
            pos,
        } => out.push((word, *pos)),
        Node::Group(items) => {
            for (_, node) in items {
                plain_words(node, out);
            }
        }
        Node::And(nodes) | Node::Or(nodes) => {
            for node in nodes {
                plain_words(node, out);
            }
        }
        Node::Not(_) | Node::Term { .. } | Node::Prefix { .. } | Node::Phrase { .. } => {}
    }
}

/// Letters a misspelt word may have beyond the stem of what was meant:
/// index terms are stems ("arbitr" for "arbitration"), so the typed word's
/// prefixes down to this many letters shorter are matched against them.
const STEM_SLACK: usize = 5;

/// Index terms to look up written words for, at most, the most used first.
const MAX_CANDIDATES: usize = 40;

/// Clauses read for the words written for one index term, at most. One
/// term stands for several written words ("standards", "standardisation"):
/// reading a single clause would make the words found depend on which
/// clause an index happens to list first, which varies between builds.
const HOLDERS_PER_TERM: usize = 8;

/// The written words that may be what `typed` meant, with the number of
/// clauses using their index term.
///
/// The term dictionary is searched, not the clause texts: every prefix of
/// the typed word a stem could be, and its own analysed term, is matched
/// within the allowed edits by a Levenshtein automaton, which walks only
/// the part of the dictionary it can accept. Each term found gives the
/// words written for it in one clause that holds it. [`nearest`] then
/// judges the words as written.
fn vocabulary(
    index: &ClauseIndex,
    searcher: &Searcher,
    typed: &str,
) -> Result<HashMap<String, u32>> {
    let field = index.fields().text;
    let lower = typed.to_lowercase();
    let letters: Vec<char> = lower.chars().collect();
    let allowed = allowed_edits(letters.len());
    let mut patterns: Vec<String> = (letters
        .len()
        .saturating_sub(STEM_SLACK)
        .max(MIN_LETTERS - 2)..=letters.len())
        .map(|n| letters[..n].iter().collect())
        .collect();
    patterns.extend(analyze(&lower).into_iter().map(|token| token.term));
    patterns.sort();
    patterns.dedup();

    // Term -> (clauses using it, the first clauses holding it).
    let mut terms: HashMap<Vec<u8>, (u32, Vec<DocAddress>)> = HashMap::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(field)?;
        // Patterns overlap: count each term of a segment once.
        let mut in_segment: HashMap<Vec<u8>, u32> = HashMap::new();
        for pattern in &patterns {
            let automaton =
                FuzzyTermQuery::new(Term::from_field_text(field, pattern), allowed as u8, true)
                    .automaton()?;
            let mut stream = inverted
                .terms()
                .search(automaton)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                in_segment
                    .entry(stream.key().to_vec())
                    .or_insert(stream.value().doc_freq);
            }
        }
        for (key, doc_freq) in in_segment {
            let term = Term::from_field_bytes(field, &key);
            let (count, holders) = terms.entry(key).or_default();
            *count += doc_freq;
            if holders.len() >= HOLDERS_PER_TERM {
                continue;
            }
            let wanted = HOLDERS_PER_TERM - holders.len();
            holders.extend(
                live_holders(segment, &term, wanted)?
                    .into_iter()
                    .map(|doc| DocAddress::new(segment_ord as u32, doc)),
            );
        }
    }
    let mut ranked: Vec<(Vec<u8>, u32, Vec<DocAddress>)> = terms
        .into_iter()
        .filter(|(_, (count, holders))| *count > 0 && !holders.is_empty())
        .map(|(term, (count, holders))| (term, count, holders))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(MAX_CANDIDATES);

    let mut words: HashMap<String, u32> = HashMap::new();
    // Terms of one word often share clauses: read each clause once.
    let mut texts: HashMap<DocAddress, String> = HashMap::new();
    for (term, count, holders) in ranked {
        for address in holders {
            let text = match texts.entry(address) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(index.load_clause(searcher, address)?.clause.text)
                }
            };
            collect_written(text, &term, count, &mut words);
        }
    }
    Ok(words)
}

/// Adds to `words` every word of `text` written for the index term `term`,
/// as used by `count` clauses.
/// Up to `limit` clauses of `segment` that hold `term` and are still in the
/// index. A term's dictionary entry and frequency outlive the clauses that
/// used it until their segment is merged, so a release removed from the
/// corpus would otherwise still lend its words.
fn live_holders(
    segment: &tantivy::SegmentReader,
    term: &Term,
    limit: usize,
) -> Result<Vec<tantivy::DocId>> {
    let inverted = segment.inverted_index(term.field())?;
    let Some(mut postings) = inverted
        .read_postings(term, IndexRecordOption::Basic)
        .map_err(tantivy::TantivyError::from)?
    else {
        return Ok(Vec::new());
    };
    let alive = segment.alive_bitset();
    let mut found = Vec::new();
    let mut doc = postings.doc();
    while doc != TERMINATED && found.len() < limit {
        if alive.is_none_or(|alive| alive.is_alive(doc)) {
            found.push(doc);
        }
        doc = postings.advance();
    }
    Ok(found)
}

fn collect_written(text: &str, term: &[u8], count: u32, words: &mut HashMap<String, u32>) {
    for token in analyze(text) {
        if token.term.as_bytes() != term {
            continue;
        }
        let written = &text[token.start..token.end];
        let written = written
            .strip_suffix("'s")
            .or_else(|| written.strip_suffix("’s"))
            .unwrap_or(written);
        if written.chars().count() >= MIN_LETTERS - 2 && written.chars().all(char::is_alphabetic) {
            let word = words.entry(written.to_lowercase()).or_default();
            *word = (*word).max(count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_are_found_through_the_term_dictionary() {
        let (_dir, index) = crate::index::tests::sample_index();
        let searcher = index.searcher();
        let query = crate::search::parse("Chinese medecine standardsation arbitraton").unwrap();
        let found = corrections(&index, &searcher, index.synonyms(), &query).unwrap();
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|c| (c.typed.as_str(), c.corrected.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("medecine", "medicine"),
                ("standardsation", "standardisation")
            ]
        );
        // A word the clauses use is never corrected, and a word with
        // nothing near it in the index gets no correction.
        let query = crate::search::parse("medicine zzzzzzz").unwrap();
        let found = corrections(&index, &searcher, index.synonyms(), &query).unwrap();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn edits_count_swaps_as_one() {
        assert_eq!(edit_distance("medecine", "medicine"), 1);
        assert_eq!(edit_distance("arbitraton", "arbitration"), 1);
        assert_eq!(edit_distance("standardsation", "standardisation"), 1);
        assert_eq!(edit_distance("fiannce", "finance"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn longer_words_allow_more_edits() {
        assert_eq!(
            (1..=10).map(allowed_edits).collect::<Vec<_>>(),
            [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
        );
    }

    #[test]
    fn the_nearest_and_most_used_word_wins() {
        let vocabulary: HashMap<String, u32> = [
            ("medicine".to_string(), 9),
            ("medicines".to_string(), 1),
            ("finance".to_string(), 5),
            ("fiance".to_string(), 1),
        ]
        .into();
        assert_eq!(nearest("Medecine", &vocabulary), Some("medicine"));
        assert_eq!(nearest("fianance", &vocabulary), Some("finance"));
        assert_eq!(nearest("bonds", &vocabulary), None);
        assert_eq!(nearest("fine", &vocabulary), None);
    }

    #[test]
    fn corrections_keep_the_users_spelling_and_capitals() {
        assert_eq!(
            in_users_spelling("standardizaton", "standardisation"),
            "standardization"
        );
        assert_eq!(
            in_users_spelling("standardsation", "standardisation"),
            "standardisation"
        );
        assert_eq!(in_users_spelling("Medecine", "medicine"), "Medicine");
    }

    #[test]
    fn suggestions_replace_only_the_corrected_words() {
        let corrections = [Correction {
            typed: "medecine".into(),
            corrected: "medicine".into(),
            pos: 8,
        }];
        assert_eq!(
            suggest("chinese medecine \"medecine\"", &corrections),
            "chinese medicine \"medecine\""
        );
    }
}
