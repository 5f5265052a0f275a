//! Words out of running text: where each term starts and ends, what it is
//! made of, and at which position it sits.
//!
//! This is the first stage of the accords analyzer. The filters after it
//! (spelling, stemming, length) rewrite a term's text but never its offsets
//! or position, so everything about word boundaries is decided here.
//!
//! - A word is a run of letters and digits in any script. Han, Hiragana and
//!   Katakana characters are a token each: written Chinese has no spaces,
//!   and a phrase of single characters still finds a multi-character name.
//! - Terms are lowercase and folded: accents go ("é" → e, pinyin "ī" → i,
//!   combining marks of decomposed text), ligatures open ("æ" → ae,
//!   "œ" → oe), fullwidth Latin letters and digits become ASCII.
//! - Apostrophes (' ’ ‘ ʼ) never reach a term. A final "'s" is dropped
//!   ("country's" → country, "People’s" → people); any other apostrophe
//!   inside a word just vanishes ("Xi'an" → xian).
//! - An acronym's plural loses its "s" ("SMEs" → sme, "MoUs" → mou), which
//!   the stemmer would keep.
//! - Numbers keep a decimal point ("3.5") and lose thousands separators
//!   ("1,000" → 1000).
//! - A hyphenated compound ("co-operation", "cross-boundary", "COVID-19")
//!   gives its joined form first ("cooperation", spanning the whole
//!   compound, at the first part's position) and then each part at
//!   consecutive positions. The parts let the spaced phrase "cross boundary"
//!   match; the joined form lets the solid spelling match. Parts that are
//!   all numbers ("2023-24") are not joined. A solid word listed in
//!   `data/compounds.txt` ("cooperation") gives the same parts as its
//!   hyphenated spelling, so a phrase built from either spelling matches
//!   both.
//! - Everything else separates words: spaces, punctuation, "&", "/" and
//!   dashes. "R&D" gives r, d, which is also what "R & D" gives.
//!
//! Offsets are byte ranges into the original text and cover the word as
//! written, possessive included.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::compounds::Compounds;

/// Splits text into folded, lowercase word tokens; see the module
/// documentation for the rules.
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    /// Reused from one text to the next so that tokens are not allocated
    /// per word.
    tokens: Vec<Token>,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            cursor: 0,
            position: 0,
            tokens: &mut self.tokens,
            len: 0,
            current: 0,
            next: 0,
            compounds: Compounds::builtin(),
        }
    }
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word resumes.
    cursor: usize,
    /// Position the next word starts at.
    position: usize,
    /// The current word's tokens. Slot 0 holds a compound's joined form,
    /// slots 1.. its parts (or the word itself).
    tokens: &'a mut Vec<Token>,
    /// How many slots belong to the current word.
    len: usize,
    /// The slot handed out last.
    current: usize,
    /// The slot to hand out next.
    next: usize,
    compounds: &'static Compounds,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next >= self.len && !self.read_word() {
            return false;
        }
        self.current = self.next;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.tokens[self.current]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.current]
    }
}

/// How a character takes part in words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter or digit outside the CJK scripts.
    Word,
    /// A Han, Hiragana or Katakana character: a word on its own.
    Cjk,
    /// Part of a word but never of its term: combining accents, soft
    /// hyphens, zero-width joiners.
    Mark,
    Apostrophe,
    Hyphen,
    Other,
}

fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => Kind::Word,
            '\'' => Kind::Apostrophe,
            '-' => Kind::Hyphen,
            _ => Kind::Other,
        };
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => Kind::Apostrophe,
        '\u{2010}' | '\u{2011}' => Kind::Hyphen,
        '\u{00AD}' | '\u{200C}' | '\u{200D}' | '\u{2060}' => Kind::Mark,
        c if is_combining(c) => Kind::Mark,
        c if c.is_alphanumeric() && is_cjk(c) => Kind::Cjk,
        c if c.is_alphanumeric() => Kind::Word,
        _ => Kind::Other,
    }
}

fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'      // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'    // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'    // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'    // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3134F}') // CJK Extensions B to G
}

/// The character starting at byte `at`, with fullwidth ASCII forms
/// ("Ｈ", "２") read as ASCII, and its length in bytes.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((byte as char, 1));
    }
    let c = text[at..].chars().next()?;
    let narrow = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Some((narrow, c.len_utf8()))
}

fn kind_at(text: &str, at: usize) -> Option<Kind> {
    char_at(text, at).map(|(c, _)| kind(c))
}

/// Appends `c` to a term: lowercased, accents and marks removed.
fn push_folded(c: char, term: &mut String) {
    if c.is_ascii() {
        term.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        if is_combining(lower) {
            continue;
        }
        match fold(lower) {
            Some(ascii) => term.push_str(ascii),
            None => term.push(lower),
        }
    }
}

/// The plain letters for an accented or ligature lowercase Latin letter:
/// Latin-1, Latin Extended-A, the pinyin tone letters of Extended-B and
/// the common ligatures.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ƒ' => "f",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' | 'ǹ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ơ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ß' => "ss",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => {
            "u"
        }
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

/// Slot `index` of the token buffer, emptied for reuse.
fn slot(tokens: &mut Vec<Token>, index: usize) -> &mut Token {
    while tokens.len() <= index {
        tokens.push(Token::default());
    }
    let token = &mut tokens[index];
    token.text.clear();
    token.position_length = 1;
    token
}

/// How a part of a word ended.
struct PartEnd {
    /// Byte offset just past the part as written.
    end: usize,
    /// The part ended in a possessive "'s", which also ends the word.
    possessive: bool,
}

impl WordStream<'_> {
    /// Reads the next word into the token slots. Returns false at the end of
    /// the text.
    fn read_word(&mut self) -> bool {
        let text = self.text;
        let mut at = self.cursor;
        let first_kind = loop {
            let Some((c, n)) = char_at(text, at) else {
                self.cursor = at;
                return false;
            };
            match kind(c) {
                Kind::Word => break Kind::Word,
                Kind::Cjk => break Kind::Cjk,
                _ => at += n,
            }
        };

        if first_kind == Kind::Cjk {
            let (c, n) = char_at(text, at).expect("a character was just read here");
            let token = slot(self.tokens, 1);
            token.text.push(c);
            token.offset_from = at;
            token.offset_to = at + n;
            token.position = self.position;
            self.position += 1;
            self.cursor = at + n;
            self.len = 2;
            self.next = 1;
            return true;
        }

        let mut parts = 0;
        loop {
            parts += 1;
            let PartEnd { end, possessive } = self.read_part(at, parts);
            self.cursor = end;
            // A hyphen continues the compound only when a word follows it
            // directly: "co-operation", not "co- and cross-border".
            let Some((c, n)) = char_at(text, end) else {
                break;
            };
            if possessive || kind(c) != Kind::Hyphen || kind_at(text, end + n) != Some(Kind::Word) {
                break;
            }
            at = end + n;
        }

        let position = self.position;
        if parts == 1 {
            self.emit_single(position);
            return true;
        }
        for (index, token) in self.tokens[1..=parts].iter_mut().enumerate() {
            token.position = position + index;
        }
        self.position += parts;
        self.len = parts + 1;
        let all_numbers = self.tokens[1..=parts]
            .iter()
            .all(|token| token.text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        if all_numbers {
            self.next = 1;
            return true;
        }
        let (from, to) = (self.tokens[1].offset_from, self.tokens[parts].offset_to);
        let mut joined = std::mem::take(&mut slot(self.tokens, 0).text);
        for token in &self.tokens[1..=parts] {
            joined.push_str(&token.text);
        }
        let token = &mut self.tokens[0];
        token.text = joined;
        token.offset_from = from;
        token.offset_to = to;
        token.position = position;
        self.next = 0;
        true
    }

    /// Sets up a word of one part, split in two when it is a listed solid
    /// compound.
    fn emit_single(&mut self, position: usize) {
        self.tokens[1].position = position;
        let split = self
            .compounds
            .split(&self.tokens[1].text)
            .filter(|&at| at < self.tokens[1].text.len());
        let Some(split) = split else {
            self.position += 1;
            self.len = 2;
            self.next = 1;
            return;
        };
        let (from, to) = (self.tokens[1].offset_from, self.tokens[1].offset_to);
        // Split the offsets too when the written word matches its term byte
        // for byte up to the split; otherwise ("coöperation") both parts
        // cover the whole word.
        let written = &self.text[from..to];
        let middle = match written.get(..split) {
            Some(head) if head.eq_ignore_ascii_case(&self.tokens[1].text[..split]) => {
                Some(from + split)
            }
            _ => None,
        };
        let whole = self.tokens[1].text.clone();
        let joined = slot(self.tokens, 0);
        joined.text.push_str(&whole);
        joined.offset_from = from;
        joined.offset_to = to;
        joined.position = position;
        let second = slot(self.tokens, 2);
        second.text.push_str(&whole[split..]);
        second.offset_from = middle.unwrap_or(from);
        second.offset_to = to;
        second.position = position + 1;
        let first = &mut self.tokens[1];
        first.text.truncate(split);
        first.offset_to = middle.unwrap_or(to);
        self.position += 2;
        self.len = 3;
        self.next = 0;
    }

    /// Reads one part of a word (the whole word unless it is hyphenated),
    /// starting at a word character, into slot `index`.
    fn read_part(&mut self, start: usize, index: usize) -> PartEnd {
        let text = self.text;
        let token = slot(self.tokens, index);
        token.offset_from = start;
        let mut at = start;
        let mut possessive = false;
        let mut uppercase = 0;
        // The last two word characters as written, for acronym plurals.
        let mut written = [' ', ' '];
        while let Some((c, n)) = char_at(text, at) {
            match kind(c) {
                Kind::Word => {
                    push_folded(c, &mut token.text);
                    uppercase += usize::from(c.is_uppercase());
                    written = [written[1], c];
                    at += n;
                }
                Kind::Mark => at += n,
                Kind::Apostrophe => match char_at(text, at + n) {
                    Some((next, m)) if kind(next) == Kind::Word => {
                        let after = at + n + m;
                        let word_goes_on =
                            matches!(kind_at(text, after), Some(Kind::Word | Kind::Mark));
                        if (next == 's' || next == 'S') && !word_goes_on {
                            at = after;
                            possessive = true;
                            break;
                        }
                        at += n;
                    }
                    _ => break,
                },
                Kind::Other if c == '.' && ends_in_digit(&token.text) => {
                    if !text.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit) {
                        break;
                    }
                    token.text.push('.');
                    at += 1;
                }
                Kind::Other if c == ',' && ends_in_digit(&token.text) => {
                    if !is_thousands_group(&text.as_bytes()[at + 1..]) {
                        break;
                    }
                    at += 1;
                }
                _ => break,
            }
        }
        // "SMEs", "MoUs", "NGOs": an acronym of two or more capitals with a
        // plural s. One capital ("Ms", "Its") is an ordinary word.
        if !possessive && written[1] == 's' && written[0].is_uppercase() && uppercase >= 2 {
            token.text.pop();
        }
        token.offset_to = at;
        PartEnd {
            end: at,
            possessive,
        }
    }
}

fn ends_in_digit(term: &str) -> bool {
    term.as_bytes().last().is_some_and(u8::is_ascii_digit)
}

/// Whether `rest` (what follows a comma) starts with exactly three digits,
/// as in "1,000" but not "1,2" or "3,5000".
fn is_thousands_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (term, start, end, position) for every token of `text`.
    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        out
    }

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(term, ..)| term).collect()
    }

    fn t(term: &str, start: usize, end: usize, position: usize) -> (String, usize, usize, usize) {
        (term.to_string(), start, end, position)
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        assert_eq!(
            tokens("Finance: (green) bonds, etc."),
            vec![
                t("finance", 0, 7, 0),
                t("green", 10, 15, 1),
                t("bonds", 17, 22, 2),
                t("etc", 24, 27, 3),
            ]
        );
    }

    #[test]
    fn possessives_and_typographic_apostrophes() {
        // "’" is three bytes.
        assert_eq!(
            tokens("the country's People’s Xi'an consumers' rights"),
            vec![
                t("the", 0, 3, 0),
                t("country", 4, 13, 1),
                t("people", 14, 24, 2),
                t("xian", 25, 30, 3),
                t("consumers", 31, 40, 4),
                t("rights", 42, 48, 5),
            ]
        );
    }

    #[test]
    fn accents_ligatures_and_fullwidth_fold() {
        assert_eq!(
            terms("Café Xīn Chángxīng naïve ÆON Œuvre Straße ＨＫ２０２３"),
            vec![
                "cafe",
                "xin",
                "changxing",
                "naive",
                "aeon",
                "oeuvre",
                "strasse",
                "hk2023"
            ]
        );
    }

    #[test]
    fn combining_marks_and_soft_hyphens_stay_inside_the_word() {
        assert_eq!(
            tokens("Cafe\u{301} co\u{AD}operation"),
            vec![
                t("cafe", 0, 6, 0),
                t("cooperation", 7, 20, 1),
                t("co", 7, 9, 1),
                t("operation", 9, 20, 2),
            ]
        );
    }

    #[test]
    fn han_characters_are_one_token_each() {
        assert_eq!(
            tokens("香港 HKSAR特區"),
            vec![
                t("香", 0, 3, 0),
                t("港", 3, 6, 1),
                t("hksar", 7, 12, 2),
                t("特", 12, 15, 3),
                t("區", 15, 18, 4),
            ]
        );
    }

    #[test]
    fn numbers_keep_decimals_and_drop_thousands_separators() {
        assert_eq!(
            terms("1,000 and 3.5 per cent, items 1,2 in 2023. Annex 10,5000"),
            vec![
                "1000", "and", "3.5", "per", "cent", "items", "1", "2", "in", "2023", "annex",
                "10", "5000"
            ]
        );
    }

    #[test]
    fn acronym_plurals_lose_their_s() {
        assert_eq!(
            terms("SMEs signed MoUs with NGOs; Ms Yip, Its, HKSAR's"),
            vec!["sme", "signed", "mou", "with", "ngo", "ms", "yip", "its", "hksar"]
        );
    }

    #[test]
    fn ampersands_slashes_and_dashes_separate() {
        assert_eq!(
            terms("R&D, B & R, Hong Kong/Jiangsu, Macao – Zhejiang"),
            vec!["r", "d", "b", "r", "hong", "kong", "jiangsu", "macao", "zhejiang"]
        );
    }

    #[test]
    fn hyphenated_compound_gives_joined_form_then_parts() {
        assert_eq!(
            tokens("international co-operation agreements"),
            vec![
                t("international", 0, 13, 0),
                t("cooperation", 14, 26, 1),
                t("co", 14, 16, 1),
                t("operation", 17, 26, 2),
                t("agreements", 27, 37, 3),
            ]
        );
    }

    #[test]
    fn compound_of_three_parts_and_numeric_parts() {
        assert_eq!(
            tokens("Beijing-Tianjin-Hebei COVID-19 2023-24"),
            vec![
                t("beijingtianjinhebei", 0, 21, 0),
                t("beijing", 0, 7, 0),
                t("tianjin", 8, 15, 1),
                t("hebei", 16, 21, 2),
                t("covid19", 22, 30, 3),
                t("covid", 22, 27, 3),
                t("19", 28, 30, 4),
                t("2023", 31, 35, 5),
                t("24", 36, 38, 6),
            ]
        );
    }

    #[test]
    fn hyphen_without_a_word_on_both_sides_separates() {
        assert_eq!(
            terms("co- and cross-border, -e well-"),
            vec!["co", "and", "crossborder", "cross", "border", "e", "well"]
        );
    }

    #[test]
    fn listed_solid_compound_gives_the_same_parts() {
        assert_eq!(
            tokens("cooperation ECommerce coöperation Ｃｏoperation"),
            vec![
                t("cooperation", 0, 11, 0),
                t("co", 0, 2, 0),
                t("operation", 2, 11, 1),
                t("ecommerce", 12, 21, 2),
                t("e", 12, 13, 2),
                t("commerce", 13, 21, 3),
                t("cooperation", 22, 34, 4),
                t("co", 22, 24, 4),
                t("operation", 24, 34, 5),
                // Fullwidth letters are longer than their terms, so both
                // parts cover the whole word.
                t("cooperation", 35, 50, 6),
                t("co", 35, 50, 6),
                t("operation", 35, 50, 7),
            ]
        );
    }

    #[test]
    fn possessive_ends_a_compound() {
        assert_eq!(
            tokens("Kong-Macao's-"),
            vec![
                t("kongmacao", 0, 12, 0),
                t("kong", 0, 4, 0),
                t("macao", 5, 12, 1),
            ]
        );
    }

    #[test]
    fn empty_and_separator_only_text_has_no_tokens() {
        assert_eq!(tokens(""), vec![]);
        assert_eq!(tokens(" — “ ” ‘ ’ ... "), vec![]);
    }

    #[test]
    fn stream_can_be_reused_for_a_second_text() {
        let mut tokenizer = WordTokenizer::default();
        let mut first = Vec::new();
        tokenizer
            .token_stream("e-commerce")
            .process(&mut |token| first.push(token.text.clone()));
        let mut second = Vec::new();
        tokenizer
            .token_stream("trade")
            .process(&mut |token| second.push((token.text.clone(), token.position)));
        assert_eq!(first, vec!["ecommerce", "e", "commerce"]);
        assert_eq!(second, vec![("trade".to_string(), 0)]);
    }
}
