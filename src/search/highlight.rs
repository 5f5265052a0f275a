//! Highlights and snippets: where in a clause's text the query matched.
//!
//! Matches are found by running the index's own analyzer over the stored
//! text and comparing the resulting terms with the query's analysed terms,
//! so a highlight covers exactly what the index matched: "standards" in the
//! query lights up "standard" and "standardisation" in the text, a prefix
//! lights up every word it covered, and a phrase lights up only where its
//! words stand at the right positions. Ranges are byte offsets into the text,
//! `[start, end)`, always on character boundaries.

use std::collections::{BTreeSet, HashMap};

use crate::index::analysis::{analyze, analyze_exact, AnalyzedToken};

/// What to highlight: the positive text terms of a query, analysed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HighlightSpec {
    /// Single analysed terms.
    pub terms: BTreeSet<String>,
    /// Analysed terms with their offsets in a phrase, the first at 0.
    pub phrases: Vec<Vec<(usize, String)>>,
    /// Prefixes, lower-cased and folded like the index terms they expand to.
    pub prefixes: Vec<String>,
    /// The single terms of quoted words, through the exact analyzer: they
    /// light up a word in its other spelling, never in another form.
    pub exact_terms: BTreeSet<String>,
    /// The phrases of quoted words, through the exact analyzer.
    pub exact_phrases: Vec<Vec<(usize, String)>>,
}

impl HighlightSpec {
    pub fn is_empty(&self) -> bool {
        !self.has_stemmed() && !self.has_exact()
    }

    fn has_stemmed(&self) -> bool {
        !(self.terms.is_empty() && self.phrases.is_empty() && self.prefixes.is_empty())
    }

    fn has_exact(&self) -> bool {
        !(self.exact_terms.is_empty() && self.exact_phrases.is_empty())
    }

    /// Adds the term sequences a word or phrase analysed to (see
    /// [`crate::index::analysis::phrase_paths`]): a single term, or a phrase.
    pub fn add_paths(&mut self, paths: &[Vec<(usize, String)>]) {
        add_paths(&mut self.terms, &mut self.phrases, paths);
    }

    /// Adds the term sequences quoted words analysed to through the exact
    /// analyzer.
    pub fn add_exact_paths(&mut self, paths: &[Vec<(usize, String)>]) {
        add_paths(&mut self.exact_terms, &mut self.exact_phrases, paths);
    }

    pub fn add_prefix(&mut self, prefix: String) {
        if !prefix.is_empty() && !self.prefixes.contains(&prefix) {
            self.prefixes.push(prefix);
        }
    }
}

fn add_paths(
    terms: &mut BTreeSet<String>,
    phrases: &mut Vec<Vec<(usize, String)>>,
    paths: &[Vec<(usize, String)>],
) {
    for path in paths {
        match path.as_slice() {
            [] => {}
            [(_, term)] => {
                terms.insert(term.clone());
            }
            _ => phrases.push(path.clone()),
        }
    }
}

/// The byte ranges of `text` the spec matches, sorted, overlaps merged.
pub fn highlight(text: &str, spec: &HighlightSpec) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    if spec.has_stemmed() {
        let tokens = analyze(text);
        find(
            &tokens,
            &spec.terms,
            &spec.phrases,
            &spec.prefixes,
            &mut ranges,
        );
    }
    if spec.has_exact() {
        let tokens = analyze_exact(text);
        find(
            &tokens,
            &spec.exact_terms,
            &spec.exact_phrases,
            &[],
            &mut ranges,
        );
    }
    if ranges.is_empty() {
        return ranges;
    }
    ranges.retain(|&(from, to)| {
        from < to && to <= text.len() && text.is_char_boundary(from) && text.is_char_boundary(to)
    });
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Adds to `ranges` where `tokens` hold a term, a phrase or a prefix.
fn find(
    tokens: &[AnalyzedToken],
    terms: &BTreeSet<String>,
    phrases: &[Vec<(usize, String)>],
    prefixes: &[String],
    ranges: &mut Vec<(usize, usize)>,
) {
    for token in tokens {
        if terms.contains(&token.term)
            || prefixes.iter().any(|p| token.term.starts_with(p.as_str()))
        {
            ranges.push((token.start, token.end));
        }
    }
    if !phrases.is_empty() {
        let at: HashMap<(usize, &str), (usize, usize)> = tokens
            .iter()
            .map(|t| ((t.position, t.term.as_str()), (t.start, t.end)))
            .collect();
        for phrase in phrases {
            let Some((first_offset, first_term)) = phrase.first() else {
                continue;
            };
            for token in tokens.iter().filter(|t| &t.term == first_term) {
                let Some(base) = token.position.checked_sub(*first_offset) else {
                    continue;
                };
                let found: Option<Vec<(usize, usize)>> = phrase
                    .iter()
                    .map(|(offset, term)| at.get(&(base + offset, term.as_str())).copied())
                    .collect();
                if let Some(found) = found {
                    let start = found.iter().map(|r| r.0).min().unwrap_or(token.start);
                    let end = found.iter().map(|r| r.1).max().unwrap_or(token.end);
                    ranges.push((start, end));
                }
            }
        }
    }
}

/// The length of a snippet, in characters, before the ellipses.
pub const SNIPPET_CHARS: usize = 200;

/// A passage of about `max_chars` characters around the densest run of
/// highlights (or the start, when there is none), cut at word boundaries
/// and marked with "…" where text was left out.
pub fn snippet(text: &str, highlights: &[(usize, usize)], max_chars: usize) -> String {
    let text = text.trim();
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    if char_starts.len() <= max_chars {
        return text.to_string();
    }
    let char_at = |byte: usize| char_starts.partition_point(|&b| b < byte);
    let byte_at = |ch: usize| char_starts.get(ch).copied().unwrap_or(text.len());

    // The highlight that begins the window holding the most highlights.
    let mut best = None::<(usize, usize)>; // (count, first char)
    for (i, &(from, _)) in highlights.iter().enumerate() {
        let first = char_at(from);
        let count = highlights[i..]
            .iter()
            .take_while(|&&(_, to)| char_at(to) <= first + max_chars)
            .count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, first));
        }
    }
    let lead = max_chars / 5;
    let mut start = best.map_or(0, |(_, first)| first.saturating_sub(lead));
    start = start.min(char_starts.len().saturating_sub(max_chars));
    let mut end = (start + max_chars).min(char_starts.len());

    let chars: Vec<char> = text.chars().collect();
    if start > 0 && !chars[start - 1].is_whitespace() {
        // Move forward to the start of the next word, unless that would skip
        // most of the window.
        if let Some(skip) = chars[start..end].iter().position(|c| c.is_whitespace()) {
            if skip < max_chars / 4 {
                start += skip + 1;
            }
        }
    }
    if end < chars.len() && !chars[end].is_whitespace() {
        if let Some(back) = chars[start..end].iter().rposition(|c| c.is_whitespace()) {
            if back > max_chars / 2 {
                end = start + back;
            }
        }
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[byte_at(start)..byte_at(end)].trim());
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::index::analysis::phrase_paths;

    fn spec(terms: &[&str], phrases: &[&str], prefixes: &[&str]) -> HighlightSpec {
        let mut spec = HighlightSpec::default();
        for words in terms.iter().chain(phrases) {
            spec.add_paths(&phrase_paths(&analyze(words)));
        }
        for p in prefixes {
            spec.add_prefix(p.to_string());
        }
        spec
    }

    fn marked(text: &str, ranges: &[(usize, usize)]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for &(from, to) in ranges {
            out.push_str(&text[at..from]);
            out.push('[');
            out.push_str(&text[from..to]);
            out.push(']');
            at = to;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn stemmed_variants_are_highlighted() {
        let text = "Strengthen standardisation of Chinese medicine and medical standards.";
        let ranges = highlight(text, &spec(&["standards", "medicines"], &[], &[]));
        assert_eq!(
            marked(text, &ranges),
            "Strengthen [standardisation] of Chinese [medicine] and medical [standards]."
        );
        let ranges = highlight(text, &spec(&["standardization"], &[], &[]));
        assert_eq!(ranges, [(11, 26), (59, 68)]);
    }

    #[test]
    fn quoted_words_light_up_in_their_spellings_only() {
        let text = "Organise the organisation of organ donation; organizations help.";
        let mut quoted = HighlightSpec::default();
        quoted.add_exact_paths(&phrase_paths(&analyze_exact("organisation")));
        assert_eq!(
            marked(text, &highlight(text, &quoted)),
            "Organise the [organisation] of organ donation; organizations help."
        );
        let mut both = quoted.clone();
        both.add_paths(&phrase_paths(&analyze("donations")));
        both.add_exact_paths(&phrase_paths(&analyze_exact("organ donation")));
        assert_eq!(
            marked(text, &highlight(text, &both)),
            "Organise the [organisation] of [organ donation]; organizations help."
        );
    }

    #[test]
    fn prefixes_cover_every_word_they_start() {
        let text = "Standard setting, standardisation and stands.";
        let ranges = highlight(text, &spec(&[], &[], &["standard"]));
        assert_eq!(
            marked(text, &ranges),
            "[Standard] setting, [standardisation] and stands."
        );
    }

    #[test]
    fn phrases_are_highlighted_only_where_their_words_stand_together() {
        let text = "Chinese culture and medicine; Chinese medicine.";
        let ranges = highlight(text, &spec(&[], &["chinese medicine"], &[]));
        assert_eq!(
            marked(text, &ranges),
            "Chinese culture and medicine; [Chinese medicine]."
        );
    }

    #[test]
    fn compounds_are_highlighted_whole_or_by_part() {
        let text = "Deepen co-operation on cross-boundary trade.";
        let ranges = highlight(text, &spec(&["cooperation"], &[], &[]));
        assert_eq!(
            marked(text, &ranges),
            "Deepen [co-operation] on cross-boundary trade."
        );
        let ranges = highlight(text, &spec(&["operation", "boundary trade"], &[], &[]));
        assert_eq!(
            marked(text, &ranges),
            "Deepen co-[operation] on cross-[boundary trade]."
        );
    }

    #[test]
    fn ranges_are_bytes_and_overlaps_merge() {
        let text = "Café médecine chinoise";
        let ranges = highlight(
            text,
            &spec(&["medecine", "chinoise"], &["médecine chinoise"], &[]),
        );
        assert_eq!(ranges, [(6, 24)]);
        assert_eq!(&text[6..24], "médecine chinoise");
    }

    #[test]
    fn nothing_to_highlight_gives_no_ranges() {
        assert!(highlight("some text", &HighlightSpec::default()).is_empty());
        assert!(highlight("", &spec(&["a"], &[], &[])).is_empty());
    }

    #[test]
    fn short_texts_are_their_own_snippet() {
        assert_eq!(snippet("  A short clause. ", &[], 200), "A short clause.");
    }

    #[test]
    fn long_texts_are_cropped_around_the_densest_highlights() {
        let text = format!(
            "{} Chinese medicine standards here. {}",
            "word ".repeat(60),
            "tail ".repeat(60)
        );
        let ranges = highlight(
            &text,
            &spec(&["chinese", "medicine", "standards"], &[], &[]),
        );
        let s = snippet(&text, &ranges, 60);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("Chinese medicine standards"), "{s}");
        assert!(s.chars().count() <= 62, "{s}");
        assert!(!s.contains("wor…") && !s.starts_with("…ord"), "{s}");
    }

    #[test]
    fn without_highlights_the_snippet_is_the_start() {
        let text = "alpha ".repeat(100);
        let s = snippet(&text, &[], 50);
        assert!(s.starts_with("alpha") && s.ends_with('…'), "{s}");
    }

    #[test]
    fn snippets_cut_on_character_boundaries() {
        let text = "é".repeat(300);
        let s = snippet(&text, &[(200, 202)], 50);
        assert_eq!(s.chars().filter(|&c| c == 'é').count(), 50);
    }
}
