//! Solid spellings of compounds that are also written with a hyphen.
//!
//! The tokenizer indexes a hyphenated word ("co-operation") as its parts and
//! its joined form. For the solid spelling ("cooperation") to give the same
//! parts, and so match the same phrases, the tokenizer must know where it
//! splits. That knowledge is `data/compounds.txt`: each entry is the start
//! of a word with a hyphen where the word splits, and covers every word
//! beginning with its letters ("co-operat": cooperate, cooperation,
//! cooperative). Only compounds whose hyphenated spelling is common are
//! listed; any other solid word stays one term.

use std::sync::LazyLock;

use super::data::{content_lines, is_lowercase_word, DataError};

const COMPOUNDS_FILE: &str = "data/compounds.txt";

static BUILTIN: LazyLock<Compounds> = LazyLock::new(|| {
    Compounds::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/compounds.txt"
    )))
    // Compiled-in data, parsed by a unit test: failing here means the tests
    // were skipped, not that a user did something wrong.
    .unwrap_or_else(|error| panic!("built-in compound data is malformed: {error}"))
});

/// The listed compounds, looked up by a word's first letter.
pub(crate) struct Compounds {
    entries: Vec<Entry>,
    /// Indices into `entries` by first letter, longest entry first.
    index: [Vec<u16>; 26],
}

struct Entry {
    /// The entry without its hyphen: what a word must begin with.
    letters: Box<str>,
    /// Byte index in `letters` where the second part begins.
    split: usize,
}

impl Compounds {
    /// The compound list compiled into accords.
    pub(crate) fn builtin() -> &'static Compounds {
        &BUILTIN
    }

    /// Parses a compound list. Errors name the file and line.
    pub(crate) fn parse(text: &str) -> Result<Compounds, DataError> {
        let mut entries: Vec<Entry> = Vec::new();
        for (line, content) in content_lines(text) {
            let error = |message: String| DataError::new(COMPOUNDS_FILE, line, message);
            let Some((first, second)) = content.split_once('-') else {
                return Err(error(format!("{content:?} has no hyphen to split at")));
            };
            if !is_lowercase_word(first) || !is_lowercase_word(second) {
                return Err(error(format!(
                    "{content:?} must be two lowercase words joined by one hyphen"
                )));
            }
            let letters = format!("{first}{second}");
            if entries.iter().any(|entry| *entry.letters == letters) {
                return Err(error(format!("{content:?} is listed twice")));
            }
            entries.push(Entry {
                letters: letters.into(),
                split: first.len(),
            });
        }
        let mut index: [Vec<u16>; 26] = std::array::from_fn(|_| Vec::new());
        for (i, entry) in entries.iter().enumerate() {
            index[(entry.letters.as_bytes()[0] - b'a') as usize].push(i as u16);
        }
        for bucket in &mut index {
            bucket.sort_by_key(|&i| std::cmp::Reverse(entries[i as usize].letters.len()));
        }
        Ok(Compounds { entries, index })
    }

    /// Every entry as its two parts, in file order ("co", "operat").
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|entry| entry.letters.split_at(entry.split))
    }

    /// Where a lowercase word splits, if it begins with a listed compound:
    /// the byte index at which its second part starts.
    pub(crate) fn split(&self, word: &str) -> Option<usize> {
        let first = *word.as_bytes().first()?;
        if !first.is_ascii_lowercase() {
            return None;
        }
        self.index[(first - b'a') as usize]
            .iter()
            .map(|&i| &self.entries[i as usize])
            .find(|entry| word.starts_with(&*entry.letters))
            .map(|entry| entry.split)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splits(words: &[&str]) -> Vec<Option<(String, String)>> {
        words
            .iter()
            .map(|word| {
                Compounds::builtin()
                    .split(word)
                    .map(|at| (word[..at].to_string(), word[at..].to_string()))
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn builtin_list_parses() {
        assert!(Compounds::builtin().entries.len() >= 30);
    }

    #[test]
    fn listed_solid_words_split_where_the_hyphen_would_be() {
        assert_eq!(
            splits(&[
                "cooperation",
                "cooperative",
                "coordinated",
                "ecommerce",
                "emails",
                "crossboundary",
                "nonprofit",
                "coorganised",
                "reindustrialisation",
            ]),
            vec![
                pair("co", "operation"),
                pair("co", "operative"),
                pair("co", "ordinated"),
                pair("e", "commerce"),
                pair("e", "mails"),
                pair("cross", "boundary"),
                pair("non", "profit"),
                pair("co", "organised"),
                pair("re", "industrialisation"),
            ]
        );
    }

    #[test]
    fn other_words_do_not_split() {
        assert_eq!(
            splits(&[
                "cooper",
                "coordinates2",
                "commerce",
                "economy",
                "operation",
                "",
                "Émail"
            ]),
            vec![None, pair("co", "ordinates2"), None, None, None, None, None]
        );
    }

    #[test]
    fn malformed_lines_are_reported() {
        let cases = [
            ("cooperat\n", "data/compounds.txt:1: \"cooperat\" has no hyphen to split at"),
            (
                "# x\nco-op-erat\n",
                "data/compounds.txt:2: \"co-op-erat\" must be two lowercase words joined by one hyphen",
            ),
            ("e-mail\ne-mail\n", "data/compounds.txt:2: \"e-mail\" is listed twice"),
        ];
        for (text, expected) in cases {
            let error = Compounds::parse(text).err().map(|e| e.to_string());
            assert_eq!(error.as_deref(), Some(expected));
        }
    }
}
