//! Abbreviations a text teaches, learned at index time so that a user's
//! abbreviation finds the name the documents spell out.
//!
//! Two sources, both conservative, because a wrong abbreviation makes
//! queries match the wrong clauses:
//!
//! - Defined in place: "China International Import Expo (CIIE)". The long
//!   form is the run of words before the parenthesis whose initials spell
//!   the short form. Function words (of, and, the, for) may be skipped or
//!   give their initial ("Memorandum of Understanding (MoU)"); a word may
//!   give more letters than its first ("Invest Hong Kong (InvestHK)",
//!   "Exchanges" → EX); one other word may give none ("Hong Kong-Zhuhai-Macao
//!   Bridge (HZMB)"); up to two words may trail ("Hong Kong Exchanges and
//!   Clearing Limited (HKEX)"). Parentheses that hold no abbreviation
//!   ("(Chinese only)", "(the plenary)", "(International)", "(iii)") and
//!   abbreviations the words before do not spell are ignored.
//! - Initials of names: a run of capitalised words, with of/and/the/for
//!   allowed inside ("Innovation and Technology Commission" → ITC). A name
//!   has three to six capitalised words. "and the", and "and" right after a
//!   head noun, always separate two names; a run with more initials is also
//!   cut at "of the" and "for the", then at any "and". The name must end in a head noun from `data/name_heads.txt` (Council,
//!   Commission, Region...) or have one right before "of" ("Communist Party
//!   of China"), so "Jiangsu and Hong Kong" teaches nothing. A capitalised
//!   word that starts a sentence and also occurs in lowercase is not part of
//!   a name ("Support Hong Kong Trade Development Council").
//!   Names of people (after Mr, Ms, Dr, Professor...), whole-line headings
//!   and initials that spell a common English word ("ART") are skipped, and
//!   so is a name the text already gave an abbreviation of its own.

use std::collections::HashSet;
use std::sync::LazyLock;

use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::is_common_word;
use crate::index::analysis::data::content_lines;

static NAME_HEADS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    content_lines(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/name_heads.txt"
    )))
    .flat_map(|(_, line)| line.split_whitespace())
    .map(str::to_lowercase)
    .collect()
});

/// A short form and the long form it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Abbreviation {
    pub short: String,
    pub long: String,
}

/// The most initials a name may give; longer runs are cut or dropped.
const MAX_INITIALS: usize = 6;
/// The fewest capitalised words a name needs to be abbreviated.
const MIN_INITIALS: usize = 3;

/// Abbreviations defined in `text` and initials of the names it uses,
/// in-place definitions first, each once.
pub fn learn_abbreviations(text: &str) -> Vec<Abbreviation> {
    let words = words(text);
    let mut learned: Vec<Abbreviation> = Vec::new();
    for abbreviation in defined_in_place(text, &words) {
        if !learned.contains(&abbreviation) {
            learned.push(abbreviation);
        }
    }
    let defined: HashSet<String> = learned.iter().map(|a| a.long.to_lowercase()).collect();
    for abbreviation in initials_of_names(text, &words) {
        if !defined.contains(&abbreviation.long.to_lowercase()) && !learned.contains(&abbreviation)
        {
            learned.push(abbreviation);
        }
    }
    learned
}

/// What separates a word from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Only spaces and tabs.
    Space,
    /// A line break, perhaps with other things.
    Line,
    /// Punctuation on the same line.
    Punctuation,
}

#[derive(Debug)]
struct Word<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    gap: Gap,
    /// First word of the text, of a line, or after sentence punctuation or
    /// an opening quote.
    sentence_start: bool,
}

/// Splits text into words: letters and digits, joined inside a word by
/// hyphens, apostrophes and "&" ("Co-operation", "People's", "R&D"). An "&"
/// standing alone is a word too, since names use it for "and".
fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut previous_end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(at, next)) = chars.peek() {
                let joins = matches!(next, '-' | '\'' | '’' | '&')
                    && text[at + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if next.is_alphanumeric() || joins {
                    end = at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        } else if c != '&' {
            continue;
        }
        let between = &text[previous_end..start];
        let gap = if between.contains('\n') {
            Gap::Line
        } else if between.chars().all(char::is_whitespace) {
            Gap::Space
        } else {
            Gap::Punctuation
        };
        let sentence_start = words.is_empty()
            || gap == Gap::Line
            || between.contains(['.', '!', '?', ';', ':', '•', '“', '"', '(', '—', '–']);
        words.push(Word {
            text: &text[start..end],
            start,
            end,
            gap,
            sentence_start,
        });
        previous_end = end;
    }
    words
}

fn is_connector(word: &str) -> bool {
    ["of", "and", "the", "for", "&"]
        .iter()
        .any(|connector| word.eq_ignore_ascii_case(connector))
}

fn is_honorific(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs" | "Ms" | "Miss" | "Dr" | "Professor" | "Prof" | "Sir" | "Madam" | "Mdm"
    )
}

/// A capital first and some lowercase after: "Council", "People's",
/// "Co-operation", but not "HKSAR" or "III".
fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

/// The text from the first word's start to the last word's end, with each
/// run of whitespace made one space.
fn span_text(text: &str, first: &Word, last: &Word) -> String {
    text[first.start..last.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the inside of a parenthesis looks like an abbreviation: one
/// token of 2 to 10 letters, digits, "&" or "-", starting with a capital,
/// with at least two capitals, and not a Roman numeral.
fn is_short_form(inner: &str) -> bool {
    let count = inner.chars().count();
    (2..=10).contains(&count)
        && inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '&' || c == '-')
        && inner.chars().filter(char::is_ascii_uppercase).count() >= 2
        && !inner.chars().all(|c| "IVXLCDM".contains(c))
}

fn defined_in_place(text: &str, words: &[Word]) -> Vec<Abbreviation> {
    let mut found = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(length) = text[open + 1..].find(')') else {
            continue;
        };
        let inner = text[open + 1..open + 1 + length].trim();
        if !is_short_form(inner) {
            continue;
        }
        // The word right before the parenthesis, with only spaces between.
        let before = words.partition_point(|word| word.end <= open);
        let Some(last) = before.checked_sub(1) else {
            continue;
        };
        if !text[words[last].end..open].trim().is_empty() {
            continue;
        }
        let letters: Vec<char> = inner
            .chars()
            .filter(|&c| c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // Look back as far as a long form could reach, within the clause.
        let reach = (letters.len() + 5).min(letters.len() * 2);
        let mut first = last;
        while first > 0 && last - first + 1 < reach && words[first].gap == Gap::Space {
            first -= 1;
        }
        if let Some(start) = spelling_start(&letters, &words[first..=last]) {
            found.push(Abbreviation {
                short: inner.to_string(),
                long: span_text(text, &words[first + start], &words[last]),
            });
        }
    }
    found
}

/// One hyphen-separated piece of a word, as the matcher sees it.
struct Component {
    letters: Vec<char>,
    connector: bool,
    /// Starts its word (so it counts as a trailing word when unused).
    word_start: bool,
}

/// Where in `window` a long form spelling `letters` starts, preferring the
/// nearest start (the shortest long form).
fn spelling_start(letters: &[char], window: &[Word]) -> Option<usize> {
    let first_letter = *letters.first()?;
    (0..window.len()).rev().find(|&start| {
        let word = window[start].text;
        let initial = word.chars().next().map(|c| c.to_ascii_uppercase());
        if is_connector(word) || initial != Some(first_letter) {
            return false;
        }
        let components: Vec<Component> = window[start..]
            .iter()
            .flat_map(|word| {
                word.text
                    .split('-')
                    .filter(|piece| !piece.is_empty())
                    .enumerate()
                    .map(|(i, piece)| Component {
                        letters: piece
                            .chars()
                            .filter(|c| c.is_alphanumeric())
                            .map(|c| c.to_ascii_uppercase())
                            .collect(),
                        connector: is_connector(piece),
                        word_start: i == 0,
                    })
            })
            .collect();
        spells(letters, &components, 0, 0, 1, 0)
    })
}

/// Whether `components` from `ci` on can spell `letters` from `si` on.
/// `skips` is how many more non-connector components may give no letter,
/// `used` how many have given letters so far.
fn spells(
    letters: &[char],
    components: &[Component],
    si: usize,
    ci: usize,
    skips: usize,
    used: usize,
) -> bool {
    if si == letters.len() {
        let trailing = components[ci..]
            .iter()
            .filter(|c| !c.connector && c.word_start)
            .count();
        return used >= 2 && trailing <= 2;
    }
    let Some(component) = components.get(ci) else {
        return false;
    };
    let want = letters[si];
    if want == '&' {
        let is_and = component.letters == ['A', 'N', 'D'] || component.letters.is_empty();
        return (component.connector
            && is_and
            && spells(letters, components, si + 1, ci + 1, skips, used))
            || (component.connector && spells(letters, components, si, ci + 1, skips, used));
    }
    if component.connector && spells(letters, components, si, ci + 1, skips, used) {
        return true;
    }
    if component.letters.first() != Some(&want) {
        // A name word that gives no letter: "Kong" in "Hong Kong-Zhuhai-Macao
        // Bridge (HZMB)". Only once, and never the first.
        return !component.connector
            && skips > 0
            && used > 0
            && spells(letters, components, si, ci + 1, skips - 1, used);
    }
    // The initial, then perhaps further letters of the same component in
    // order ("EX" from "Exchanges", "Invest" from "Invest").
    let mut next = si + 1;
    let mut at = 1;
    loop {
        if spells(letters, components, next, ci + 1, skips, used + 1) {
            return true;
        }
        let Some(&wanted) = letters.get(next) else {
            return false;
        };
        match component.letters[at..].iter().position(|&c| c == wanted) {
            Some(offset) => {
                at += offset + 1;
                next += 1;
            }
            None => return false,
        }
    }
}

fn initials_of_names(text: &str, words: &[Word]) -> Vec<Abbreviation> {
    // Words written in lowercase somewhere: borrowed, and hashed with
    // xxh3 rather than SipHash, as this runs over every word of every
    // document at index time.
    let lowercase: HashSet<&str, Xxh3DefaultBuilder> = words
        .iter()
        .filter(|word| word.text.chars().next().is_some_and(char::is_lowercase))
        .map(|word| word.text)
        .collect();
    let in_name = |word: &Word| {
        (is_capitalised(word.text) || is_connector(word.text)) && !is_honorific(word.text)
    };

    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !in_name(&words[i]) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < words.len() && words[end].gap == Gap::Space && in_name(&words[end]) {
            end += 1;
        }
        let (run_start, run_end) = (i, end);
        let (mut first, mut last) = (i, end);
        i = end;

        // A person's name: "Mr John Lee", "Dr Choi Yuk-lin".
        if first > 0 && is_honorific(words[first - 1].text) && words[first].gap != Gap::Line {
            continue;
        }
        // "Support Hong Kong ...": a sentence's first word, capitalised only
        // for being first.
        let opener = &words[first];
        if opener.sentence_start
            && (is_common_word(opener.text)
                || lowercase.contains(opener.text.to_lowercase().as_str()))
        {
            first += 1;
        }
        while first < last && is_connector(words[first].text) {
            first += 1;
        }
        while last > first && is_connector(words[last - 1].text) {
            last -= 1;
        }
        if first == last {
            continue;
        }
        // A heading: the run, opener and connectors included, is its whole
        // line.
        let starts_line = run_start == 0 || words[run_start].gap == Gap::Line;
        let ends_line = run_end == words.len() || words[run_end].gap == Gap::Line;
        if starts_line && ends_line {
            continue;
        }
        for piece in cut(&words[first..last]) {
            let initials: String = initials(piece).into_iter().collect();
            if (MIN_INITIALS..=MAX_INITIALS).contains(&initials.len())
                && !is_common_word(&initials)
                && has_head(piece)
            {
                found.push(Abbreviation {
                    short: initials,
                    long: span_text(text, &piece[0], &piece[piece.len() - 1]),
                });
            }
        }
    }
    found
}

fn is_head(word: &Word) -> bool {
    NAME_HEADS.contains(&word.text.to_lowercase())
}

/// Whether a run names a body, place or programme: it ends in a head noun
/// or has one right before "of".
fn has_head(run: &[Word]) -> bool {
    run.last().is_some_and(is_head)
        || run
            .windows(2)
            .any(|pair| is_head(&pair[0]) && pair[1].text.eq_ignore_ascii_case("of"))
}

/// The capital initials of a run's capitalised words and hyphen pieces:
/// "Guangdong-Hong Kong" gives G, H, K; "Co-operation" gives C.
fn initials(run: &[Word]) -> Vec<char> {
    run.iter()
        .filter(|word| !is_connector(word.text))
        .flat_map(|word| word.text.split('-'))
        .filter_map(|piece| piece.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

/// A run cut into names. "and the" always separates two names ("Hangzhou
/// Airport and the Hong Kong Airport Authority"), and so does "and" right
/// after a head noun ("Education Bureau and Beijing Municipal Education
/// Commission"). A piece with too many initials is cut at "of the" and "for
/// the", then at any "and", keeping only what then ends in a head noun.
/// Pieces come without connectors at either end.
fn cut<'r, 't>(run: &'r [Word<'t>]) -> Vec<&'r [Word<'t>]> {
    let is_and = |word: &Word| word.text.eq_ignore_ascii_case("and") || word.text == "&";
    let is_the = |word: Option<&Word>| word.is_some_and(|w| w.text.eq_ignore_ascii_case("the"));
    let mut pieces = Vec::new();
    for piece in split(run, |words, i| {
        is_and(&words[i]) && (is_the(words.get(i + 1)) || i > 0 && is_head(&words[i - 1]))
    }) {
        if initials(piece).len() <= MAX_INITIALS {
            pieces.push(piece);
            continue;
        }
        for smaller in split(piece, |words, i| {
            is_connector(words[i].text) && !is_the(Some(&words[i])) && is_the(words.get(i + 1))
        }) {
            if initials(smaller).len() <= MAX_INITIALS {
                pieces.push(smaller);
                continue;
            }
            for smallest in split(smaller, |words, i| is_and(&words[i])) {
                if initials(smallest).len() <= MAX_INITIALS && smallest.last().is_some_and(is_head)
                {
                    pieces.push(smallest);
                }
            }
        }
    }
    pieces
}

/// Splits `run` wherever `at(run, i)` holds, dropping the connectors around
/// each cut, and keeps the non-empty pieces.
fn split<'r, 't>(
    run: &'r [Word<'t>],
    at: impl Fn(&[Word<'t>], usize) -> bool,
) -> Vec<&'r [Word<'t>]> {
    let mut pieces = Vec::new();
    let mut from = 0;
    for i in 0..=run.len() {
        if i < run.len() && !at(run, i) {
            continue;
        }
        let mut piece = &run[from..i];
        while piece.first().is_some_and(|w| is_connector(w.text)) {
            piece = &piece[1..];
        }
        while piece.last().is_some_and(|w| is_connector(w.text)) {
            piece = &piece[..piece.len() - 1];
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        from = i + 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        learn_abbreviations(text)
            .into_iter()
            .map(|a| (a.short, a.long))
            .collect()
    }

    fn pair(short: &str, long: &str) -> (String, String) {
        (short.to_string(), long.to_string())
    }

    #[test]
    fn defined_in_place_from_the_seeds() {
        assert_eq!(
            pairs(
                "supporting Beijing companies to list on the Hong Kong Exchanges and Clearing \
                 Limited (HKEX), and explore mutual access"
            ),
            vec![pair("HKEX", "Hong Kong Exchanges and Clearing Limited")]
        );
        assert_eq!(
            pairs("To support Hong Kong enterprises to participate in the China International Import Expo (CIIE) to engage in trade"),
            vec![pair("CIIE", "China International Import Expo")]
        );
        assert_eq!(
            pairs("leading the delegations of the governments of Hong Kong Special Administrative Region (HKSAR) and Shanghai respectively"),
            vec![pair("HKSAR", "Hong Kong Special Administrative Region")]
        );
    }

    #[test]
    fn long_form_starts_at_the_word_giving_the_first_letter() {
        assert_eq!(
            pairs(
                "the Secretary of the Chongqing Municipal Committee of the Communist Party of \
                 China (CPC), Mr Yuan Jiajun"
            ),
            vec![
                pair("CPC", "Communist Party of China"),
                pair("CMC", "Chongqing Municipal Committee"),
            ]
        );
    }

    #[test]
    fn function_words_extra_letters_and_one_silent_word() {
        assert_eq!(
            pairs(
                "a Memorandum of Understanding (MoU) with Invest Hong Kong (InvestHK) on \
                 research and development (R&D) near the Hong Kong-Zhuhai-Macao Bridge (HZMB)"
            ),
            vec![
                pair("MoU", "Memorandum of Understanding"),
                pair("InvestHK", "Invest Hong Kong"),
                pair("R&D", "research and development"),
                pair("HZMB", "Hong Kong-Zhuhai-Macao Bridge"),
            ]
        );
    }

    #[test]
    fn parentheses_without_a_matching_abbreviation_teach_nothing() {
        assert_eq!(
            pairs(
                "The document (Chinese only) is at Annex 1. Signing ceremony held in Hong Kong \
                 (with photos/video). The meeting (the plenary) met. Jiangsu and Hong Kong \
                 (International) bases; item (iii) and Bureau (III). The trade council \
                 (HKTDC) met. A fund (CPC) exists."
            ),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn initials_of_names_split_where_names_join() {
        assert_eq!(
            pairs(
                "Memorandum between Jiangsu Provincial Department of Science and Technology and \
                 the Innovation and Technology Commission of the Government of the Hong Kong \
                 Special Administrative Region on Launching co-operation"
            ),
            vec![
                pair(
                    "JPDST",
                    "Jiangsu Provincial Department of Science and Technology"
                ),
                pair("ITC", "Innovation and Technology Commission"),
                pair("HKSAR", "Hong Kong Special Administrative Region"),
            ]
        );
        assert_eq!(
            pairs(
                "(xiv) Memorandum of Understanding on High-Quality Industrial Development by \
                 Shanghai Municipal Commission of Economy and Informatization and Hong Kong \
                 Productivity Council;"
            ),
            // Nine initials: cut at "and", where only the piece ending in a
            // head noun is kept.
            vec![pair("HKPC", "Hong Kong Productivity Council")]
        );
        assert_eq!(
            pairs(
                "between Hangzhou Airport and the Hong Kong Airport Authority; between HKSAR \
                 Education Bureau and Beijing Municipal Education Commission"
            ),
            vec![
                pair("HKAA", "Hong Kong Airport Authority"),
                pair("BMEC", "Beijing Municipal Education Commission"),
            ]
        );
    }

    #[test]
    fn sentence_openers_people_headings_and_common_words_are_not_names() {
        assert_eq!(
            pairs(
                "Legal and Dispute Resolution Bureau\n\
                 City Management and Public Services\n\
                 Support Hong Kong Trade Development Council to organise events. We support \
                 it, said Mr Chan Kwok-ki and Professor Sun Dong Wei, with the Mutual Aid \
                 Programme and Jiangsu and Hong Kong partners."
            ),
            vec![pair("HKTDC", "Hong Kong Trade Development Council")]
        );
    }

    #[test]
    fn the_same_pair_is_learned_once() {
        assert_eq!(
            pairs(
                "the Hong Kong Productivity Council helps. Later the Hong Kong Productivity \
                 Council (HKPC) said so."
            ),
            vec![pair("HKPC", "Hong Kong Productivity Council")]
        );
    }

    #[test]
    fn name_heads_load() {
        assert!(NAME_HEADS.len() > 80, "{}", NAME_HEADS.len());
        assert!(NAME_HEADS.contains("council") && NAME_HEADS.contains("region"));
    }

    #[test]
    fn short_form_shape() {
        let shapes: Vec<bool> = [
            "HKSAR",
            "MoU",
            "R&D",
            "InvestHK",
            "HK",
            "Chinese only",
            "International",
            "iii",
            "III",
            "H",
            "5G",
            "TOOLONGABBREV",
        ]
        .iter()
        .map(|inner| is_short_form(inner))
        .collect();
        assert_eq!(
            shapes,
            vec![true, true, true, true, true, false, false, false, false, false, false, false]
        );
    }
}
