//! Reading the analysis layer's built-in word lists.
//!
//! Every list the analyzer relies on lives under `data/` as plain text (one
//! entry a line, `#` starting a comment) so that it can be reviewed without
//! reading Rust. Each file is compiled in with `include_str!` and parsed once.
//! This module holds what the parsers share: the walk over meaningful lines
//! and an error that names the file and line at fault.

use std::fmt;

/// A malformed line in a built-in data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataError {
    pub file: &'static str,
    /// One-based line number.
    pub line: usize,
    pub message: String,
}

impl DataError {
    pub(crate) fn new(file: &'static str, line: usize, message: impl Into<String>) -> DataError {
        DataError {
            file,
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DataError {}

/// The lines of `text` that say something, with their one-based numbers:
/// comments (from `#` to the end of the line) and surrounding whitespace
/// removed, blank lines skipped.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(index, line)| {
        let line = match line.find('#') {
            Some(at) => &line[..at],
            None => line,
        }
        .trim();
        (!line.is_empty()).then_some((index + 1, line))
    })
}

/// Whether `word` is a non-empty run of ASCII lowercase letters: the only
/// shape the spelling and compound lists deal in.
pub(crate) fn is_lowercase_word(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_lines_drop_comments_and_blanks() {
        let text = "# heading\n\nalpha beta  # trailing note\n   \n  gamma\n";
        let lines: Vec<(usize, &str)> = content_lines(text).collect();
        assert_eq!(lines, vec![(3, "alpha beta"), (5, "gamma")]);
    }

    #[test]
    fn data_error_names_file_and_line() {
        let error = DataError::new("data/x.txt", 7, "expected two words");
        assert_eq!(error.to_string(), "data/x.txt:7: expected two words");
    }

    #[test]
    fn lowercase_word_shape() {
        assert!(is_lowercase_word("centre"));
        assert!(!is_lowercase_word("Centre"));
        assert!(!is_lowercase_word("co-op"));
        assert!(!is_lowercase_word(""));
    }
}
