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
    /// The first dateline above the body ("April 10, 2015", "Updated:
    /// 2021-04-21", a page's leading `date 2019-04-02`), with its line.
    pub dateline: Option<(String, usize)>,
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
static TRAILING_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S.{0,250}?\S)\s+(?:\*{5,}|={5,}|-{5,}|_{5,})$").expect("valid regex")
});
static FOOTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^ends\s*/\s*(\S.*)$").expect("valid regex"));

/// Site furniture that news and government pages put around a release,
/// folded to lower case; such a line is never a title or a heading.
const CHROME: [&str; 40] = [
    "skip to main content",
    "skip to content",
    "skip to the main content",
    "press here to skip to the main content",
    "jump to the beginning of content",
    "border image",
    "press releases",
    "press release",
    "print table",
    "print",
    "print version",
    "email this article",
    "email",
    "share",
    "share this",
    "font size",
    "search",
    "home",
    "menu",
    "english version",
    "english",
    "繁體",
    "简体",
    "繁體版",
    "简体版",
    "繁體 简体",
    "traditional chinese simplified chinese",
    "subscribe to e-newsletter",
    "weather traffic conditions",
    "hot topics",
    "off the wire",
    "image_pdfimage_print",
    "more images",
    "photo",
    "video",
    "top",
    "related news",
    "sitemap",
    "contact us",
    "advanced search",
];

/// How furniture lines begin when they carry more words.
const CHROME_PREFIXES: [&str; 10] = [
    "default font size",
    "traditional chinese simplified chinese",
    "your current location",
    "print mail",
    "home >",
    "home ›",
    "logo 首页",
    "photo photo",
    "editor in charge",
    "font size:",
];

/// Labels a dateline starts with.
const DATE_LABELS: [&str; 6] = [
    "updated",
    "time",
    "date",
    "posted",
    "published",
    "release date",
];

static LEADING_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$").expect("valid regex"));

/// Splits a release's text (LF line ends) into blocks.
pub(crate) fn split_blocks(text: &str) -> Segmented {
    let mut dateline = None;
    let mut lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| classify(i + 1, raw))
        .collect();
    strip_leading_date(&mut lines, text, &mut dateline);
    drop_breadcrumbs(&mut lines);
    mark_datelines(&mut lines, &mut dateline);
    drop_caption_titles(&mut lines);
    mark_underlined_headings(&mut lines);
    mark_bare_headings(&mut lines);
    let mut out = group(&lines);
    keep_last_leading_title(&mut out.blocks, dateline.as_ref().map(|(_, line)| *line));
    drop_repeated_headlines(&mut out.blocks);
    drop_trailing_headings(&mut out.blocks);
    out.dateline = dateline;
    out
}

/// Is this line site furniture (folded to lower case)?
fn is_chrome(folded: &str) -> bool {
    let bare = folded.trim_matches(|c: char| c.is_whitespace() || c == '|');
    CHROME.contains(&bare)
        || CHROME_PREFIXES.iter().any(|p| bare.starts_with(p))
        // A source credit alone in brackets: "( chinadaily.com.cn )".
        || (bare.starts_with('(')
            && bare.ends_with(')')
            && bare.split_whitespace().count() <= 4)
        // A run of menu words split by bars or breadcrumb arrows.
        || (bare.contains(" > ") && bare.starts_with("home"))
}

/// News pages open with a machine-readable `date 2019-04-02` before the
/// text of the first line; the date is kept as the dateline and the rest
/// of the line read as usual.
fn strip_leading_date(lines: &mut [Line], text: &str, dateline: &mut Option<(String, usize)>) {
    let Some(first) = lines.iter().position(|l| l.kind != LineKind::Blank) else {
        return;
    };
    let raw = text.split('\n').nth(first).unwrap_or_default();
    if let Some(c) = LEADING_DATE.captures(raw) {
        *dateline = Some((c[1].to_string(), first + 1));
        lines[first] = classify(first + 1, &c[2]);
    }
}

/// A page's breadcrumb trail ("1. Home", "2. News", "3. The title") is a
/// run of numbered items before anything else, starting at "Home".
fn drop_breadcrumbs(lines: &mut [Line]) {
    let Some(first) = lines.iter().position(|l| l.kind != LineKind::Blank) else {
        return;
    };
    if lines[first].kind != LineKind::Item || !lines[first].text.eq_ignore_ascii_case("home") {
        return;
    }
    for line in lines[first..].iter_mut() {
        match line.kind {
            LineKind::Item => line.kind = LineKind::Separator,
            LineKind::Blank => {}
            _ => break,
        }
    }
}

/// Datelines above the body ("April 10, 2015", "22 September 2017",
/// "Updated: 2021-04-21", "NANNING, China, May 28, 2024 /Xinhua/ --"):
/// short lines that are mostly a date. They are not titles or headings;
/// the first is kept for the document's date.
fn mark_datelines(lines: &mut [Line], dateline: &mut Option<(String, usize)>) {
    let mut seen = 0;
    for i in 0..lines.len() {
        if lines[i].kind == LineKind::Blank || lines[i].kind == LineKind::Separator {
            continue;
        }
        seen += 1;
        if seen > 15 {
            break;
        }
        // A dateline stands alone: not inside a wrapped sentence.
        let alone =
            i == 0 || lines[i - 1].kind != LineKind::Text || heading_like(&lines[i - 1].text);
        let line = &mut lines[i];
        if !alone
            || !matches!(line.kind, LineKind::Text | LineKind::Heading)
            || line.text.chars().count() > 100
            || line.text.ends_with('.')
        {
            continue;
        }
        let Some((_, at)) = super::metadata::full_date(&line.text) else {
            continue;
        };
        let folded = line.text.to_lowercase();
        let labelled = DATE_LABELS.iter().any(|l| {
            folded.starts_with(l)
                || folded.contains(&format!("( {l}"))
                || folded.contains(&format!("({l}"))
        });
        let others = line.text.split_whitespace().count();
        if labelled || others <= 9 || at == 0 {
            if dateline.is_none() {
                *dateline = Some((line.text.clone(), line.no));
            }
            line.kind = LineKind::Separator;
        }
    }
}

/// A photo's caption title ("Deal sealed") stands above its caption
/// ("Deal sealed: Officials mark ..."); it is neither a title nor a
/// heading.
fn drop_caption_titles(lines: &mut [Line]) {
    for i in 0..lines.len() {
        if !matches!(lines[i].kind, LineKind::Text | LineKind::Heading)
            || lines[i].text.split_whitespace().count() > 8
        {
            continue;
        }
        let next = lines[i + 1..]
            .iter()
            .find(|l| l.kind != LineKind::Blank)
            .map(|l| l.text.as_str())
            .unwrap_or_default();
        if next
            .strip_prefix(lines[i].text.as_str())
            .is_some_and(|rest| rest.starts_with(':'))
        {
            // The caption goes too: it describes a photo, not the meeting.
            lines[i].kind = LineKind::Separator;
            if let Some(caption) = lines[i + 1..]
                .iter_mut()
                .find(|l| l.kind != LineKind::Blank)
            {
                caption.kind = LineKind::Separator;
            }
        }
    }
}

/// Above the dateline, pages stack their section name and headline; the
/// headline is the last of them. (Without a dateline between them and the
/// body, a line under the headline is a heading.)
fn keep_last_leading_title(blocks: &mut Vec<Block>, dateline: Option<usize>) {
    let body = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Item))
        .unwrap_or(blocks.len());
    if body < 2 || body == blocks.len() {
        return;
    }
    // Between a dateline and the body, or after short lines (a masthead,
    // a section name) that the headline outgrows, the last is the headline.
    let words = |b: &Block| b.text.split_whitespace().count();
    let last_words = words(&blocks[body - 1]);
    let outgrown = last_words >= 5
        && blocks[..body - 1]
            .iter()
            .all(|b| words(b) <= 6 && words(b) < last_words);
    let dated = dateline.is_some_and(|d| (blocks[body - 1].line..blocks[body].line).contains(&d));
    if !dated && !outgrown {
        return;
    }
    let leading = &blocks[..body];
    if leading
        .iter()
        .all(|b| matches!(b.kind, BlockKind::Title | BlockKind::Heading))
        && leading[0].kind == BlockKind::Title
    {
        let mut last = blocks[body - 1].clone();
        last.kind = BlockKind::Title;
        blocks.splice(..body, [last]);
    }
}

/// Copies of a release repeat its headline, sometimes behind the site's
/// own prefix ("Hong Kong – CS meets ..." then "CS meets ..."); the
/// repeats above the first paragraph go, and the plainest form is the
/// title.
fn drop_repeated_headlines(blocks: &mut Vec<Block>) {
    let fold = |s: &str| {
        s.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if blocks.first().is_none_or(|b| b.kind != BlockKind::Title) {
        return;
    }
    let mut i = 1;
    // A repeat too long to be a heading reads as a paragraph.
    while i < blocks.len() && matches!(blocks[i].kind, BlockKind::Heading | BlockKind::Paragraph) {
        let (title, repeat) = (fold(&blocks[0].text), fold(&blocks[i].text));
        // A repeat differs from the title by a site's prefix at most.
        let same = (title.contains(&repeat) || repeat.contains(&title))
            && title.len().abs_diff(repeat.len()) <= 40
            && title.len().min(repeat.len()) >= 20;
        if blocks[i].kind == BlockKind::Paragraph && !same {
            break;
        }
        if same {
            let repeat = blocks.remove(i);
            if repeat.text.len() < blocks[0].text.len() {
                blocks[0].text = repeat.text;
            }
        } else {
            i += 1;
        }
    }
}

/// Headings after the last paragraph govern nothing: they are the page's
/// closing furniture.
fn drop_trailing_headings(blocks: &mut Vec<Block>) {
    let Some(last_body) = blocks
        .iter()
        .rposition(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Item))
    else {
        return;
    };
    blocks.truncate(last_body + 1);
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
    // A headline whose underline a copy joined onto its own line:
    // "CS to visit Guangzhou *****".
    if let Some(c) = TRAILING_RULE.captures(&text) {
        return line(LineKind::Heading, c[1].to_string());
    }
    let folded = text.to_lowercase().replace(['’', '‘'], "'");
    if BOILERPLATE.contains(&folded.as_str())
        || folded.starts_with("issued at hkt")
        || is_chrome(&folded)
        || is_chrome(folded.trim_start_matches(['#', ' ']))
    {
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
    if indents_paragraphs {
        join_wrapped_headings(lines);
    }
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

/// Where paragraphs are indented, a heading too long for the page's width
/// comes as two unindented lines between blank lines, the first ending
/// mid-phrase ("Promoting early achievement of liberalisation of" /
/// "trade in services between Hong Kong and Guangdong"), with an indented
/// paragraph under them. The two are joined into one line.
fn join_wrapped_headings(lines: &mut [Line]) {
    for i in 0..lines.len().saturating_sub(2) {
        let blank_before = i == 0 || lines[i - 1].kind == LineKind::Blank;
        let (first, second) = (&lines[i], &lines[i + 1]);
        if !blank_before
            || first.kind != LineKind::Text
            || second.kind != LineKind::Text
            || first.indented
            || second.indented
            || lines[i + 2].kind != LineKind::Blank
            || !ends_with_function_word(&first.text)
            || starts_lowercase(&first.text)
        {
            continue;
        }
        let next = lines[i + 2..].iter().find(|l| l.kind != LineKind::Blank);
        if !next.is_some_and(|n| n.kind == LineKind::Text && n.indented) {
            continue;
        }
        let joined = format!("{} {}", first.text, second.text);
        if heading_like(&joined) {
            lines[i].text = joined;
            lines[i + 1].kind = LineKind::Blank;
            lines[i + 1].text.clear();
        }
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
    let words = word_count(text);
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
        && !reads_as_sentence(text)
}

/// Verbs that make a line a sentence: a line of many words with one of
/// them is a summary sentence, not a heading.
const SENTENCE_VERBS: [&str; 22] = [
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "has",
    "have",
    "had",
    "reached",
    "agreed",
    "said",
    "held",
    "signed",
    "co-chaired",
    "attended",
    "set",
    "made",
    "discussed",
    "expressed",
    "noted",
    "welcomed",
];

fn reads_as_sentence(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    words.len() >= 8
        && words
            .iter()
            .skip(1)
            .any(|w| SENTENCE_VERBS.contains(&w.as_str()))
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
    word_count(text) <= 40 && !text.ends_with(['.', '。'])
}

/// Words in a line, counting two Chinese characters as a word (Chinese
/// writes no spaces).
fn word_count(text: &str) -> usize {
    let ideographs = text
        .chars()
        .filter(|c| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'))
        .count();
    text.split_whitespace().count() + ideographs / 2
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
    fn page_chrome_datelines_and_captions_are_not_titles_or_headings() {
        let s = split_blocks(
            " date 2017-04-26 Press here to Skip to the main content\nFont Size\nDefault Font Size Larger Font Size 繁體 简体\nSearch\n\nMinister opens office\n\nApril 26, 2017\nBoosting ties\n\nBoosting ties:  The minister (left) meets a guest.\n\nThe minister opened the office today.\n\nTop\nA Twentieth Anniversary Banner\n",
        );
        assert_eq!(
            s.blocks
                .iter()
                .map(|b| (b.kind, b.text.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (Title, "Minister opens office"),
                (Paragraph, "The minister opened the office today."),
            ]
        );
        assert_eq!(s.dateline, Some(("2017-04-26".to_string(), 1)));
    }

    #[test]
    fn breadcrumbs_and_a_section_name_give_way_to_the_headline() {
        let s = split_blocks(
            "1. Home\n  2. Maritime news - Port\n  3. Two cities sign agreements\n\nChina / HK Macao\n\nTwo cities sign agreements\n\n2009 December 1   13:59\n\nThe annual meeting was held yesterday.\n",
        );
        let kinds: Vec<_> = s.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (Title, "Two cities sign agreements"),
                (Paragraph, "The annual meeting was held yesterday.")
            ]
        );
        assert_eq!(
            s.dateline.map(|d| d.0).as_deref(),
            Some("2009 December 1 13:59")
        );
    }

    #[test]
    fn a_headline_with_its_underline_on_the_same_line() {
        assert_eq!(
            blocks("CS to visit Shenzhen *********\n\nThe Chief Secretary will visit.")[0],
            b(Title, "CS to visit Shenzhen")
        );
    }

    #[test]
    fn a_heading_wrapped_over_two_lines_is_one_heading() {
        let text = "Title\n\n     The two sides met today.\n\nPromoting early achievement of liberalisation of\ntrade in services between the two places\n\n     One of the key issues discussed was trade.\n\n     Another paragraph here.";
        assert_eq!(
            blocks(text),
            vec![
                b(Title, "Title"),
                b(Paragraph, "The two sides met today."),
                b(Heading, "Promoting early achievement of liberalisation of trade in services between the two places"),
                b(Paragraph, "One of the key issues discussed was trade."),
                b(Paragraph, "Another paragraph here."),
            ]
        );
    }

    #[test]
    fn a_repeated_headline_is_the_title_once_in_its_plainest_form() {
        assert_eq!(
            blocks("Hong Kong – CS meets Mayor (with photo)\n\nCS meets Mayor (with photo)\n\nThe CS met the Mayor today."),
            vec![
                b(Title, "CS meets Mayor (with photo)"),
                b(Paragraph, "The CS met the Mayor today."),
            ]
        );
    }

    #[test]
    fn summary_sentences_are_not_headings() {
        assert!(!heading_like(
            "Hong Kong and Sichuan reached consensus on the following 12 co-operation areas"
        ));
        assert!(heading_like(
            "Early basic achievement of liberalisation of trade in services between Hong Kong and Guangdong"
        ));
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
