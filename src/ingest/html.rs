//! HTML pages to release text: the same lines a plain-text copy of the page
//! would have, so one parser serves both.
//!
//! A real parser (html5ever, through `scraper`) reads the page, so broken
//! markup, entities and character references come out as a browser would
//! show them. The release body is found by structure: the containers
//! government sites put it in (`#contentBody`, the parent of
//! `#pressrelease`, `#content`, `main`, `article`), or failing those the
//! block holding the most paragraph text. Scripts, styles, navigation,
//! forms and share bars are dropped; paragraphs, line breaks, headings and
//! bold lines keep their shape (headings as `## `, bold paragraphs as
//! `**…**`), and non-breaking-space indents are kept, because the block
//! splitter reads them as paragraph starts. The character set comes from a
//! byte-order mark or the page's own `charset`, else UTF-8, else
//! Windows-1252.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use regex::bytes::Regex as BytesRegex;
use scraper::{ElementRef, Html, Node, Selector};

use super::text;

/// Elements that never hold release text.
const SKIPPED_TAGS: [&str; 16] = [
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select",
    "option", "iframe", "svg", "canvas", "head", "input", "textarea",
];

/// Words in an `id` or `class` that mark site furniture.
const CHROME_MARKS: [&str; 12] = [
    "nav",
    "menu",
    "breadcrumb",
    "share",
    "social",
    "skip",
    "sidebar",
    "banner",
    "masthead",
    "toolbar",
    "topbar",
    "fontsize",
];

/// Elements that start and end a block of text.
const BLOCK_TAGS: [&str; 27] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "pre",
    "figure",
    "figcaption",
    "address",
    "center",
    "hr",
    "body",
];

/// Containers in which government sites and news sites put the body, most
/// specific first.
const CONTAINERS: [&str; 6] = [
    "#contentBody",
    "#content",
    "main",
    "article",
    "[role=main]",
    "#main",
];

static CHARSET: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(r#"(?i)charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).expect("valid regex")
});

/// Decodes an HTML page and extracts its release text (LF line ends), or
/// says why the page cannot be used.
pub(crate) fn page_text(bytes: &[u8]) -> Result<String, String> {
    let html = decode_bytes(bytes)?;
    let text = extract(&html);
    if text.chars().all(text::is_space) {
        return Err("skipped: HTML page with no text".into());
    }
    text::decode(text.as_bytes())
}

/// The page's characters, in the encoding its byte-order mark or `charset`
/// declares.
fn decode_bytes(bytes: &[u8]) -> Result<String, String> {
    let (encoding, body) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom_len..])
    } else {
        let head = &bytes[..bytes.len().min(4096)];
        let declared = CHARSET
            .captures(head)
            .and_then(|c| Encoding::for_label(&c[1]))
            // A page that says UTF-16 in ASCII cannot be UTF-16.
            .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE);
        let enc = declared.unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                encoding_rs::WINDOWS_1252
            }
        });
        (enc, bytes)
    };
    let utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
    if !utf16 && body.contains(&0) {
        return Err("skipped: binary file (NUL byte in an HTML page)".into());
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    Ok(text.into_owned())
}

/// The release text of a parsed page.
fn extract(html: &str) -> String {
    let doc = Html::parse_document(html);
    let root = body_root(&doc);
    let is_body = root.value().name() == "body" || root.value().name() == "html";
    let mut out = String::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => push_inline(&mut out, t),
                    Node::Element(e) => {
                        let Some(element) = ElementRef::wrap(node) else {
                            continue;
                        };
                        let name = e.name();
                        if node.id() != root.id() && skipped(element, is_body) {
                            skipping = Some(node.id());
                            continue;
                        }
                        if let Some(level) = heading_level(name) {
                            let text = flat_text(element);
                            if !text.is_empty() {
                                out.push_str("\n\n");
                                out.push_str(&"#".repeat(level));
                                out.push(' ');
                                out.push_str(&text);
                                out.push_str("\n\n");
                            }
                            skipping = Some(node.id());
                            continue;
                        }
                        if name == "p" || name == "div" || name == "td" {
                            if let Some(bold) = bold_only(element) {
                                out.push_str("\n\n**");
                                out.push_str(&bold);
                                out.push_str("**\n\n");
                                skipping = Some(node.id());
                                continue;
                            }
                        }
                        if name == "br" {
                            out.push('\n');
                        } else if is_block(element) {
                            out.push_str("\n\n");
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Some(element) = ElementRef::wrap(node) {
                    if is_block(element) {
                        out.push_str("\n\n");
                    }
                }
            }
        }
    }
    tidy(&out)
}

/// Where the body is: a known container, else the block with the most
/// paragraph text, else the whole body.
fn body_root(doc: &Html) -> ElementRef<'_> {
    if let Some(pr) = select_first(doc, "#pressrelease") {
        // The headline and footer sit beside the body, inside its parent.
        let parent = pr.parent().and_then(ElementRef::wrap);
        if let Some(container) = select_first(doc, "#contentBody") {
            return container;
        }
        if let Some(parent) = parent {
            return parent;
        }
    }
    for css in CONTAINERS {
        if let Some(found) = select_first(doc, css) {
            if flat_text(found).len() >= 200 {
                return found;
            }
        }
    }
    largest_text_block(doc)
        .or_else(|| select_first(doc, "body"))
        .unwrap_or_else(|| doc.root_element())
}

fn select_first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(css).ok()?;
    doc.select(&selector).next()
}

/// The element whose own paragraphs (direct text and `p` children) hold
/// the most text: the body of a page without a known container.
fn largest_text_block(doc: &Html) -> Option<ElementRef<'_>> {
    let selector = Selector::parse("div, td, section, article, main, body").ok()?;
    doc.select(&selector)
        .map(|e| {
            let own: usize = e
                .children()
                .map(|child| match child.value() {
                    Node::Text(t) => t.trim().len(),
                    Node::Element(c) if matches!(c.name(), "p" | "br" | "span" | "font" | "b") => {
                        ElementRef::wrap(child).map_or(0, |c| flat_text(c).len())
                    }
                    _ => 0,
                })
                .sum();
            (own, e)
        })
        .filter(|(own, _)| *own >= 200)
        .max_by_key(|(own, _)| *own)
        .map(|(_, e)| e)
}

fn skipped(element: ElementRef<'_>, is_body: bool) -> bool {
    let e = element.value();
    let name = e.name();
    if SKIPPED_TAGS.contains(&name) {
        return true;
    }
    // Outside a known container, page headers and footers are furniture.
    if is_body && matches!(name, "header" | "footer") {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = |value: &str| {
        let value = value.to_ascii_lowercase();
        value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| CHROME_MARKS.contains(&word))
    };
    e.id().is_some_and(marks) || e.classes().any(marks)
}

fn heading_level(name: &str) -> Option<usize> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_block(element: ElementRef<'_>) -> bool {
    let e = element.value();
    BLOCK_TAGS.contains(&e.name())
        // The government site's headline and body are spans.
        || (e.name() == "span"
            && matches!(e.id(), Some("pressrelease" | "PRHeadlineSpan")))
}

/// The text of a paragraph whose every word is bold, as one line.
fn bold_only(element: ElementRef<'_>) -> Option<String> {
    let all = flat_text(element);
    if all.is_empty() || all.chars().count() > 200 {
        return None;
    }
    let selector = Selector::parse("b, strong").ok()?;
    let bold: String = element
        .select(&selector)
        .map(flat_text)
        .collect::<Vec<_>>()
        .join(" ");
    (text::normalize_space(&bold) == all).then_some(all)
}

/// The text under an element on one line, blanks collapsed.
fn flat_text(element: ElementRef<'_>) -> String {
    let joined: String = element.text().collect::<Vec<_>>().join(" ");
    text::normalize_space(&joined)
}

/// Inline text: source line breaks are only layout, so they become spaces;
/// non-breaking spaces stay, for the indents they make.
fn push_inline(out: &mut String, t: &str) {
    for c in t.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// Lines without the source's indentation (but with their non-breaking
/// spaces) and without trailing blanks; at most one blank line in a row.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.split('\n') {
        let line = line
            .trim_start_matches([' ', '\t'])
            .trim_end_matches(|c: char| c.is_whitespace());
        if line.chars().all(text::is_space) {
            blank_run += 1;
            if blank_run == 1 && !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_container_paragraphs_and_indents_are_kept() {
        let page = "<html><head><title>x</title><script>var a = '<p>no</p>';</script></head><body>\
            <div id=\"nav\"><a href=\"/\">Home</a></div>\
            <div id=\"contentBody\"><span id=\"PRHeadlineSpan\">Plenary held</span>\
            <span id=\"pressrelease\">&nbsp;&nbsp;&nbsp; The plenary was held today (May 2).<br><br>Trade\
            <br><br>&nbsp;&nbsp;&nbsp; Both sides agreed &amp; signed.</span></div></body></html>";
        let text = page_text(page.as_bytes()).unwrap();
        assert_eq!(
            text,
            "Plenary held\n\n\u{a0}\u{a0}\u{a0} The plenary was held today (May 2).\n\nTrade\n\n\u{a0}\u{a0}\u{a0} Both sides agreed & signed.\n"
        );
    }

    #[test]
    fn headings_and_bold_paragraphs_keep_their_markup() {
        let page = "<body><div id=\"content\"><h3>Title here</h3><p><b>Finance</b></p>\
            <p>Support enterprises to list in Hong Kong and to issue bonds, and support the two places in \
            deepening co-operation between their financial regulators and their exchanges and markets.</p></div></body>";
        let text = page_text(page.as_bytes()).unwrap();
        assert!(
            text.starts_with("### Title here\n\n**Finance**\n\nSupport"),
            "{text}"
        );
    }

    #[test]
    fn declared_charset_decodes_big5_and_gbk() {
        let (big5, _, _) =
            encoding_rs::BIG5.encode("<meta charset=\"big5\"><p>粵港合作聯席會議</p>");
        assert!(page_text(&big5).unwrap().contains("粵港合作聯席會議"));
        let (gbk, _, _) = encoding_rs::GBK
            .encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>粤港合作联席会议</p>");
        assert!(page_text(&gbk).unwrap().contains("粤港合作联席会议"));
    }

    #[test]
    fn broken_and_empty_pages_do_not_panic() {
        for page in [
            &b""[..],
            b"<",
            b"<html><body><p>unclosed <b>bold <i>and more",
            b"<div><div><div></span></p></td>text</div>",
            b"\xff\xfe<\x00p\x00>\x00h\x00i\x00",
            b"<p>\x00</p>",
        ] {
            let _ = page_text(page);
        }
        let deep = "<div>".repeat(20_000) + "deep text" + &"</div>".repeat(20_000);
        assert!(page_text(deep.as_bytes()).unwrap().contains("deep text"));
    }

    #[test]
    fn without_a_container_the_largest_text_block_is_the_body() {
        let para = "The two sides reviewed the co-operation of the past year and agreed on the directions for the next. ";
        let page = format!(
            "<body><div class=\"menu\">Home | Press Releases | Font size</div>\
             <div class=\"x\"><p>{}</p><p>{}</p></div><div>Copyright</div></body>",
            para.repeat(2),
            para
        );
        let text = page_text(page.as_bytes()).unwrap();
        assert!(!text.contains("Home"), "{text}");
        assert!(!text.contains("Copyright"), "{text}");
        assert!(text.starts_with("The two sides"), "{text}");
    }
}
