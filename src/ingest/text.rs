//! Bytes to text: reading a release, refusing what is not text, and the
//! whitespace rules every later step relies on.
//!
//! Government releases indent with non-breaking spaces and sprinkle them
//! mid-sentence, so "whitespace" here means every Unicode kind, plus the
//! zero-width characters that render as nothing.

use std::io::Read;
use std::path::Path;

use super::{MAX_FILE_BYTES, MAX_LINE_BYTES};

/// Reads and decodes one release. The error is a message for a warning that
/// names the file.
pub(crate) fn read_release(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit so an oversized file is recognised
    // without reading all of it.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "skipped: larger than {} MiB, too large for a press release",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    if is_html(path) {
        super::html::page_text(&bytes)
    } else {
        decode(&bytes)
    }
}

/// Saved web pages are read by their ending.
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("htm") || e.eq_ignore_ascii_case("html"))
}

/// Decodes UTF-8 with or without a byte-order mark, with LF, CRLF or CR line
/// ends, into text with LF line ends.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("skipped: UTF-16 text; save the file as UTF-8".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "skipped: binary file (NUL byte on line {})",
            line_of(bytes, at)
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        format!(
            "skipped: not valid UTF-8 (line {}, byte {at})",
            line_of(bytes, at)
        )
    })?;
    if text.chars().all(is_space) {
        return Err("skipped: empty file".into());
    }
    // Checked before any copy is made, so a huge line costs one read.
    if let Some((no, len)) = longest_line_over(text.as_bytes(), MAX_LINE_BYTES) {
        return Err(format!(
            "skipped: line {no} is {len} bytes long; a press release's lines are under {} KiB",
            MAX_LINE_BYTES / 1024
        ));
    }
    Ok(normalize_line_ends(text))
}

/// The first line (one-based, with LF, CRLF or CR line ends) longer than
/// `limit` bytes, and its length.
fn longest_line_over(bytes: &[u8], limit: usize) -> Option<(usize, usize)> {
    let mut line = 1;
    let mut start = 0;
    let mut i = 0;
    let over = |line: usize, len: usize| (len > limit).then_some((line, len));
    while i < bytes.len() {
        if matches!(bytes[i], b'\n' | b'\r') {
            if let Some(found) = over(line, i - start) {
                return Some(found);
            }
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            line += 1;
            start = i + 1;
        }
        i += 1;
    }
    over(line, bytes.len() - start)
}

/// CRLF and lone CR become LF, in one pass and one allocation.
fn normalize_line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// True for every character that shows as blank: Unicode white space
/// (including NO-BREAK SPACE) and the zero-width characters.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Collapses every run of blank characters into one ASCII space, drops
/// control characters, and trims the ends.
pub(crate) fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
        } else if c.is_control() {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_normalises_line_ends() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc\n").unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn decode_refuses_binary_empty_and_invalid_utf8() {
        assert_eq!(
            decode(b"ab\ncd\0ef").unwrap_err(),
            "skipped: binary file (NUL byte on line 2)"
        );
        assert_eq!(decode(b" \n\xC2\xA0\n").unwrap_err(), "skipped: empty file");
        assert_eq!(decode(b"").unwrap_err(), "skipped: empty file");
        assert_eq!(
            decode(b"ok\n\n\xFF\xFE rest").unwrap_err(),
            "skipped: not valid UTF-8 (line 3, byte 4)"
        );
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn decode_refuses_a_line_too_long_for_a_release() {
        let mut long = b"Title\n\n".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_LINE_BYTES + 1));
        assert_eq!(
            decode(&long).unwrap_err(),
            format!(
                "skipped: line 3 is {} bytes long; a press release's lines are under 1024 KiB",
                MAX_LINE_BYTES + 1
            )
        );
        long.truncate(long.len() - 1);
        assert!(decode(&long).is_ok());
    }

    #[test]
    fn long_lines_are_found_with_every_line_end() {
        assert_eq!(longest_line_over(b"ab\r\nabcd\rab", 3), Some((2, 4)));
        assert_eq!(longest_line_over(b"ab\rab\nabcd", 3), Some((3, 4)));
        assert_eq!(longest_line_over(b"abc\r\n\r\nabc", 3), None);
        assert_eq!(longest_line_over(b"", 0), None);
    }

    #[test]
    fn line_ends_normalise_in_every_mix() {
        assert_eq!(normalize_line_ends("a\r\r\nb\n\rc\r"), "a\n\nb\n\nc\n");
        assert_eq!(normalize_line_ends("\r\n\r\n"), "\n\n");
        assert_eq!(normalize_line_ends("中\r文"), "中\n文");
    }

    #[test]
    fn normalize_space_folds_unicode_blanks() {
        assert_eq!(
            normalize_space(
                "\u{a0}\u{a0} Mr Lee said that\u{a0} both\u{200B} \t sides\u{7}. \u{a0}"
            ),
            "Mr Lee said that both sides."
        );
        assert_eq!(normalize_space("\u{a0} \u{2003}"), "");
    }
}
