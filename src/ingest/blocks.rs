//! Text to blocks: the title, headings, paragraphs and list items of a
//! release, with site boilerplate, rules and the dated footer taken out.
//!
//! Releases in this family reach us in many shapes (plain text copied from
//! the government site, markdown conversions, hand-edited files), so blocks
//! are found by structure alone:
//! - a heading is a line underlined by a rule, a markdown `#` line, a line
//!   in bold, or a bare short line without end punctuation that starts a new
//!   thought;
//! - a paragraph is a run of lines; lines join when the earlier one is
//!   unfinished, even across a blank line when the next one visibly
//!   continues the sentence;
//! - an item is a `•`/`-` bullet or an `(i)`, `1.`, `a)` numbered line, and
//!   keeps its wrapped lines.

use std::sync::LazyLock;

use regex::Regex;

use super::text::normalize_space;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// The text with whitespace normalised and markdown escapes removed; for
    /// an item, without its bullet or number.
    pub text: String,
    /// One-based line where the block starts.
    pub line: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Segmented {
    pub blocks: Vec<Block>,
    /// The footer's text after `Ends/`, with its line.
    pub footer: Option<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Site furniture and rules: dropped, but they end a paragraph.
    Separator,
    Rule,
    Footer(String),
    Heading,
    Item,
    Text,
}

#[derive(Debug, Clone)]
struct Line {
    no: usize,
    kind: LineKind,
    text: String,
    /// Starts with blank characters (releases indent paragraphs, not
    /// headings).
    indented: bool,
}

/// Lines the government site adds around every release.
const BOILERPLATE: [&str; 6] = [
    "go to main content",
    "today's press releases",
    "nnnn",
    "back to top",
    "print this page",
    "ends",
];

/// Words a heading never ends with but a wrapped line often does.
const TRAILING_FUNCTION_WORDS: [&str; 22] = [
    "a", "an", "and", "as", "at", "between", "by", "for", "from", "in", "into", "its", "of", "on",
    "or", "the", "their", "to", "with", "which", "that", "such",
];

static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{1,6}\s+(.*?)\s*#*\s*$").expect("valid regex"));
static BOLD_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\*\*|__)([^*_].*?)(?:\*\*|__)$").expect("valid regex"));
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    // An optional bullet, then an optional number in the forms (iv), (4), (d),
    // 4., 4), iv., d); at least one of the two must be there.
    Regex::new(
        r"^(?:[•·▪◦‣●○■□►➢\-\*\+–]\s*)?(?:\((?:x{0,3}(?:ix|iv|v?i{1,3}|v)|x{1,3}|\d{1,3}|[a-z])\)|(?:\d{1,3}|x{0,3}(?:ix|iv|v?i{1,3}|v)|[a-z])[.)])\s+(\S.*)$",
    )
    .expect("valid regex")
});
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•·▪◦‣●○■□►➢\-\*\+–]\s+(\S.*)$").expect("valid regex"));
static FOOTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^ends\s*/\s*(\S.*)$").expect("valid regex"));

/// Splits a release's text (LF line ends) into blocks.
pub(crate) fn split_blocks(text: &str) -> Segmented {
    let mut lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| classify(i + 1, raw))
        .collect();
    mark_underlined_headings(&mut lines);
    mark_bare_headings(&mut lines);
    group(&lines)
}

fn classify(no: usize, raw: &str) -> Line {
    let text = normalize_space(&unescape_markdown(raw));
    let indented = raw.chars().next().is_some_and(super::text::is_space);
    let line = |kind, text| Line {
        no,
        kind,
        text,
        indented,
    };
    if text.is_empty() {
        return line(LineKind::Blank, text);
    }
    if is_rule(&text) {
        return line(LineKind::Rule, String::new());
    }
    let folded = text.to_lowercase().replace(['’', '‘'], "'");
    if BOILERPLATE.contains(&folded.as_str()) || folded.starts_with("issued at hkt") {
        return line(LineKind::Separator, text);
    }
    if let Some(c) = FOOTER.captures(&text) {
        return line(LineKind::Footer(c[1].to_string()), text);
    }
    if let Some(c) = MD_HEADING.captures(&text) {
        let heading = c[1].to_string();
        let kind = if heading.is_empty() {
            LineKind::Separator
        } else {
            LineKind::Heading
        };
        return line(kind, heading);
    }
    if let Some(c) = BOLD_LINE.captures(&text) {
        return line(LineKind::Heading, c[1].trim().to_string());
    }
    if let Some(c) = ITEM.captures(&text).or_else(|| BULLET.captures(&text)) {
        return line(LineKind::Item, c[1].to_string());
    }
    line(LineKind::Text, text)
}

/// Removes markdown's backslash escapes (`\_`, `\*`, `\#`).
fn unescape_markdown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A line made only of rule characters: `****`, `————`, `____`, `---`.
fn is_rule(text: &str) -> bool {
    let marks: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let all_rule = marks.iter().all(|c| {
        matches!(
            c,
            '*' | '-' | '_' | '—' | '–' | '=' | '~' | '─' | '━' | '═' | '#'
        )
    });
    let wide = marks.iter().any(|c| matches!(c, '—' | '─' | '━' | '═'));
    all_rule && (marks.len() >= 3 || (wide && marks.len() >= 2))
}

/// A text line directly above a rule (or above blank lines and then a rule)
/// is a heading, when it is short enough to be one.
fn mark_underlined_headings(lines: &mut [Line]) {
    for i in 0..lines.len() {
        if lines[i].kind != LineKind::Rule {
            continue;
        }
        let Some(above) = (0..i).rev().find(|&j| lines[j].kind != LineKind::Blank) else {
            continue;
        };
        if lines[above].kind == LineKind::Text && lines[above].text.chars().count() <= 300 {
            lines[above].kind = LineKind::Heading;
        }
    }
}

/// Finds headings that have no markup: short lines without end punctuation
/// that do not continue the line before or run on into the line after.
fn mark_bare_headings(lines: &mut [Line]) {
    let indents_paragraphs = indents_paragraphs(lines);
    for i in 0..lines.len() {
        if lines[i].kind != LineKind::Text || !heading_like(&lines[i].text) {
            continue;
        }
        // Where paragraphs are indented, an indented line starts a
        // paragraph.
        if indents_paragraphs && lines[i].indented {
            continue;
        }
        let prev = (0..i)
            .rev()
            .map(|j| &lines[j])
            .find(|l| !matches!(l.kind, LineKind::Blank));
        if let Some(p) = prev {
            if matches!(p.kind, LineKind::Text | LineKind::Item) && ends_with_function_word(&p.text)
            {
                continue;
            }
            // Directly under an unfinished line, with no blank between, it is
            // that line's continuation.
            if p.no + 1 == lines[i].no && matches!(p.kind, LineKind::Text) && unfinished(&p.text) {
                continue;
            }
        }
        if let Some(next) = lines.get(i + 1).filter(|n| n.kind == LineKind::Text) {
            if starts_lowercase(&next.text) {
                continue;
            }
            // A line about as long as the unindented line under it is the
            // first line of a hard-wrapped paragraph; a heading is much
            // shorter than the paragraph line that follows it.
            if !next.indented && lines[i].text.chars().count() * 5 >= next.text.chars().count() * 3
            {
                continue;
            }
        }
        lines[i].kind = LineKind::Heading;
    }
}

/// Does the file indent its paragraphs? Then indentation tells a
/// paragraph's first line from a heading.
fn indents_paragraphs(lines: &[Line]) -> bool {
    let text = lines.iter().filter(|l| l.kind == LineKind::Text);
    let (all, indented) = text.fold((0, 0), |(a, n), l| (a + 1, n + usize::from(l.indented)));
    indented >= 3 && indented * 100 >= all * 15
}

/// Could this line be a heading, judged on its own text?
pub(crate) fn heading_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let starts_well = text
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || !c.is_alphabetic());
    (1..=16).contains(&words)
        && text.chars().count() <= 120
        && starts_well
        && !unfinished_punctuation(text)
        && !ends_with_function_word(text)
        && !text.contains(". ")
}

/// Ends with punctuation that closes or pauses a sentence, so it cannot be a
/// heading.
fn unfinished_punctuation(text: &str) -> bool {
    text.ends_with(['.', ';', ':', '!', '?', ',', '。', '；', '：'])
}

/// True when a line does not end a sentence or a list item: it has no final
/// punctuation, or ends in a word that needs more after it.
pub(crate) fn unfinished(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '\'', ')', ' ']);
    let without_conjunction = trimmed
        .strip_suffix(" and")
        .or_else(|| trimmed.strip_suffix(" or"))
        .map(str::trim_end)
        .filter(|t| t.ends_with([';', ',']));
    let last = without_conjunction.unwrap_or(trimmed);
    !last.ends_with(['.', ';', ':', '!', '?', '。', '；', '：', '！', '？'])
}

fn ends_with_function_word(text: &str) -> bool {
    let last = text
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    TRAILING_FUNCTION_WORDS.contains(&last.as_str()) || text.ends_with([',', '-', '–'])
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

fn group(lines: &[Line]) -> Segmented {
    let mut out = Segmented::default();
    let mut open: Option<Block> = None;
    let mut blank_since_open = false;
    let mut seen_content = false;
    for line in lines {
        match &line.kind {
            LineKind::Blank | LineKind::Separator | LineKind::Rule => {
                blank_since_open = true;
                if line.kind != LineKind::Blank {
                    // Furniture ends a paragraph for good.
                    out.blocks.extend(open.take());
                }
            }
            LineKind::Footer(rest) => {
                out.blocks.extend(open.take());
                out.footer = Some((rest.clone(), line.no));
            }
            LineKind::Heading => {
                out.blocks.extend(open.take());
                let kind = if seen_content {
                    BlockKind::Heading
                } else {
                    BlockKind::Title
                };
                out.blocks.push(Block {
                    kind,
                    text: line.text.clone(),
                    line: line.no,
                });
            }
            LineKind::Item => {
                out.blocks.extend(open.take());
                open = Some(Block {
                    kind: BlockKind::Item,
                    text: line.text.clone(),
                    line: line.no,
                });
            }
            LineKind::Text => {
                if !seen_content && looks_like_title(&line.text) {
                    out.blocks.push(Block {
                        kind: BlockKind::Title,
                        text: line.text.clone(),
                        line: line.no,
                    });
                } else if let Some(block) = open
                    .as_mut()
                    .filter(|b| continues(b, line, blank_since_open))
                {
                    block.text.push(' ');
                    block.text.push_str(&line.text);
                } else {
                    out.blocks.extend(open.take());
                    open = Some(Block {
                        kind: BlockKind::Paragraph,
                        text: line.text.clone(),
                        line: line.no,
                    });
                }
            }
        }
        if !matches!(
            line.kind,
            LineKind::Blank | LineKind::Separator | LineKind::Rule
        ) {
            seen_content = true;
            if !matches!(line.kind, LineKind::Footer(_)) {
                blank_since_open = false;
            }
        }
    }
    out.blocks.extend(open);
    out
}

/// The first line of a release is its title unless it reads as a paragraph.
fn looks_like_title(text: &str) -> bool {
    text.split_whitespace().count() <= 40 && !text.ends_with('.')
}

/// Does `line` carry on the open block?
fn continues(block: &Block, line: &Line, after_blank: bool) -> bool {
    if !unfinished(&block.text) {
        return false;
    }
    if !after_blank {
        return true;
    }
    // Across a blank line only when the sentence visibly runs on: the next
    // line starts in lower case, or the block stopped on a word that needs
    // more after it.
    starts_lowercase(&line.text) || ends_with_function_word(&block.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(BlockKind, String)> {
        split_blocks(text)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    use BlockKind::*;

    fn b(kind: BlockKind, text: &str) -> (BlockKind, String) {
        (kind, text.to_string())
    }

    #[test]
    fn boilerplate_rules_and_footer_are_dropped() {
        let s = split_blocks(
            "Go to main content\n\u{a0}\nA title (with photos)\n****\nSome text.\nEnds/Friday, October 13, 2023\nIssued at HKT 20:41\nNNNN\nToday’s Press Releases",
        );
        assert_eq!(
            s.blocks
                .iter()
                .map(|b| (b.kind, b.text.as_str(), b.line))
                .collect::<Vec<_>>(),
            vec![
                (Title, "A title (with photos)", 3),
                (Paragraph, "Some text.", 5)
            ]
        );
        assert_eq!(s.footer, Some(("Friday, October 13, 2023".to_string(), 6)));
    }

    #[test]
    fn underlined_headings_in_every_rule_style() {
        assert_eq!(
            blocks("T\n\nFinance\n————\n\nText one.\n\nLegal services\n\\_\\_\\_\\_\n\nText two.\n\nHealth\n\n-----\nText three."),
            vec![
                b(Title, "T"),
                b(Heading, "Finance"),
                b(Paragraph, "Text one."),
                b(Heading, "Legal services"),
                b(Paragraph, "Text two."),
                b(Heading, "Health"),
                b(Paragraph, "Text three."),
            ]
        );
    }

    #[test]
    fn markdown_and_bold_headings() {
        assert_eq!(
            blocks("# The title\n\nIntro.\n\n### Finance\n\n\\_\\_\\_\\_\n\nA.\n\n#### Logistics ##\nB.\n\n**Education**\nC."),
            vec![
                b(Title, "The title"),
                b(Paragraph, "Intro."),
                b(Heading, "Finance"),
                b(Paragraph, "A."),
                b(Heading, "Logistics"),
                b(Paragraph, "B."),
                b(Heading, "Education"),
                b(Paragraph, "C."),
            ]
        );
    }

    #[test]
    fn bare_headings_including_long_ones() {
        assert_eq!(
            blocks("Title line\n\nThey agreed on 3 areas:\n\nJoint Pursuit of the Belt and Road Development and Business Investment\n\nTo support enterprises.\n\nHealth, Hygiene and Chinese Medicine\n   Promote exchanges.\n   Accelerate exchanges."),
            vec![
                b(Title, "Title line"),
                b(Paragraph, "They agreed on 3 areas:"),
                b(Heading, "Joint Pursuit of the Belt and Road Development and Business Investment"),
                b(Paragraph, "To support enterprises."),
                b(Heading, "Health, Hygiene and Chinese Medicine"),
                b(Paragraph, "Promote exchanges."),
                b(Paragraph, "Accelerate exchanges."),
            ]
        );
    }

    #[test]
    fn paragraph_wrapped_across_a_blank_line_is_joined() {
        assert_eq!(
            blocks("T\n\nSupport the docking and\n\nestablishment of relationships.\n\nStrengthen the co-operation on ecological and\n\nenvironmental industries.\n\nNext one."),
            vec![
                b(Title, "T"),
                b(Paragraph, "Support the docking and establishment of relationships."),
                b(Paragraph, "Strengthen the co-operation on ecological and environmental industries."),
                b(Paragraph, "Next one."),
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_join_and_keep_their_headings() {
        let text = "T\n\nFinance\n\nEncourage Hong Kong enterprises to establish or invest in\nfinancial institutions in the region, build two-way investment\nchannels and support more potential enterprises to issue bonds\nand list in Hong Kong.\nExplore the establishment of a working mechanism for the\nregulators of the two places.\n\nTrade\n\nSupport trade.";
        assert_eq!(
            blocks(text),
            vec![
                b(Title, "T"),
                b(Heading, "Finance"),
                b(Paragraph, "Encourage Hong Kong enterprises to establish or invest in financial institutions in the region, build two-way investment channels and support more potential enterprises to issue bonds and list in Hong Kong."),
                b(Paragraph, "Explore the establishment of a working mechanism for the regulators of the two places."),
                b(Heading, "Trade"),
                b(Paragraph, "Support trade."),
            ]
        );
    }

    #[test]
    fn bullets_and_numbered_items_keep_their_wrapped_lines() {
        assert_eq!(
            blocks("T\n\nIn addition, agreements were signed:\n  • \"Memorandum one\";\n- (ii) Agreement on Finance;\n- (xi) Memorandum on Promoting Innovation of Hong Kong and\n\nShanghai Enterprises;\n\n(xii) Memorandum on Trade; and\n\n(xx) Memorandum of\nCo-operation.\nThe documents are at Annex 2."),
            vec![
                b(Title, "T"),
                b(Paragraph, "In addition, agreements were signed:"),
                b(Item, "\"Memorandum one\";"),
                b(Item, "Agreement on Finance;"),
                b(Item, "Memorandum on Promoting Innovation of Hong Kong and Shanghai Enterprises;"),
                b(Item, "Memorandum on Trade; and"),
                b(Item, "Memorandum of Co-operation."),
                b(Paragraph, "The documents are at Annex 2."),
            ]
        );
    }

    #[test]
    fn nbsp_only_lines_are_blank() {
        assert_eq!(
            blocks("T\n\u{a0}\u{a0}\u{a0}\n\u{a0}\u{a0} First.\n \u{a0} \nSecond."),
            vec![
                b(Title, "T"),
                b(Paragraph, "First."),
                b(Paragraph, "Second.")
            ]
        );
    }

    #[test]
    fn unfinished_sees_through_closing_quotes_and_list_conjunctions() {
        assert!(!unfinished("the \"Region\"; and"));
        assert!(!unfinished("ends here.\""));
        assert!(unfinished("Hong Kong and"));
        assert!(unfinished("Facilitation for Hong Kong people"));
    }

    #[test]
    fn heading_like_rejects_sentences_and_fragments() {
        assert!(heading_like("The \"Belt and Road\" Initiative"));
        assert!(heading_like("Exchange of talent"));
        assert!(!heading_like("support the docking and"));
        assert!(!heading_like("Shanghai Enterprises;"));
        assert!(!heading_like("Text. More text"));
        assert!(!heading_like(
            "reached consensus on the following 12 areas:"
        ));
    }
}
