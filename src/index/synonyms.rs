//! Synonyms and abbreviations: "HKSAR" for "Hong Kong Special Administrative
//! Region", "B&R" for "Belt and Road", "fintech" for "financial technology".
//!
//! The analyzer cannot do this: it works word by word, and it splits "B&R"
//! into b and r. So the search layer asks this module about the query's raw
//! words and phrases before analysis ([`Synonyms::find`],
//! [`Synonyms::expansions`]) and adds the other forms, a form of several
//! words as a phrase.
//!
//! Groups come from `data/synonyms.txt`, reviewed by hand, and from the
//! documents themselves: [`learn_abbreviations`] reads the abbreviations a
//! text defines ("China International Import Expo (CIIE)") and the initials
//! of the names it uses, and [`Synonyms::merge_learned`] adds them.
//!
//! Forms are compared by their analyzed terms, so case, British or American
//! spelling, accents, hyphens and plurals do not matter: "SMEs" finds
//! "small and medium enterprises". The one exception is an all-capital form
//! that spells a common English word ("WHO", "STEM"): it only matches when
//! typed exactly, so that "who signed" stays a question about people.

mod learn;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, LazyLock};

pub use self::learn::{learn_abbreviations, Abbreviation};
use crate::index::analysis::data::{content_lines, DataError};
use crate::index::analysis::{analyze, longest_runs, parts_only, AnalyzedToken};
use crate::index::table::{self, Table};

const SYNONYMS_FILE: &str = "data/synonyms.txt";

static BUILTIN: LazyLock<Synonyms> = LazyLock::new(|| {
    Synonyms::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/synonyms.txt"
    )))
    // Compiled-in data, parsed by a unit test: failing here means the tests
    // were skipped, not that a user did something wrong.
    .unwrap_or_else(|error| panic!("built-in synonym data is malformed: {error}"))
});

static COMMON_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    content_lines(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/common_words.txt"
    )))
    .flat_map(|(_, line)| line.split_whitespace())
    .map(str::to_lowercase)
    .collect()
});

/// Whether `word` (any case) is a common English word.
pub(crate) fn is_common_word(word: &str) -> bool {
    COMMON_WORDS.contains(&word.to_lowercase())
}

/// Groups of equivalent names.
///
/// Built in memory from data ([`Synonyms::parse`], [`Synonyms::merge_learned`]),
/// or opened from a table an index build wrote ([`Synonyms::write_table`],
/// [`Synonyms::open_table`]): analysing tens of thousands of learned forms
/// takes a second, so a build does it once and every search looks up only
/// the keys its query has, in the sorted table on disk.
#[derive(Debug, Clone)]
pub struct Synonyms {
    groups: Vec<Vec<Form>>,
    /// Every form's key, to the (group, form) pairs that have it.
    by_key: HashMap<String, Vec<(usize, usize)>>,
    /// The most words any form has, bounding the phrases [`Synonyms::find`]
    /// tries.
    longest: usize,
    /// Every group, on disk; when set, `groups` and `by_key` are empty.
    table: Option<Arc<Table>>,
    /// How many groups the table holds.
    table_groups: usize,
}

/// The first word of a synonym table's header, and its format version.
const TABLE_MAGIC: &str = "accords-synonyms";
const TABLE_VERSION: u32 = 1;
/// Separates the parts of one group entry in a table line; entries are
/// separated by tabs.
const PART: char = '\u{1f}';

#[derive(Debug, Clone)]
struct Form {
    /// As written in the data or the document.
    text: String,
    /// The analyzed terms, space-separated.
    key: String,
    words: usize,
    /// Only matches when typed exactly as `text`.
    exact_case: bool,
}

impl Form {
    fn new(text: &str) -> Form {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let tokens = analyze(&text);
        let terms = part_terms(&tokens);
        let exact_case = !text.chars().any(char::is_lowercase) && is_common_word(&text);
        Form {
            key: terms.join(" "),
            words: terms.len(),
            text,
            exact_case,
        }
    }

    /// Whether the form answers to `written`, the text a key matched.
    fn accepts(&self, written: &str) -> bool {
        !self.exact_case || written.trim() == self.text
    }
}

/// The terms of a token sequence with compounds as their parts (the joined
/// forms left out), so that "e-commerce" and "e commerce" give one key.
fn part_terms(tokens: &[AnalyzedToken]) -> Vec<&str> {
    parts_only(tokens)
        .map(|token| token.term.as_str())
        .collect()
}

/// One way a query's words are expanded: the form, as written in the data
/// or a document, and the other forms a query holding it also searches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SynonymRule {
    /// The form's analyzed terms, space-separated: what a query's words are
    /// compared by.
    pub key: String,
    pub form: String,
    /// The form only counts when typed exactly so ("WHO", "STEM").
    pub exact_case: bool,
    pub expansions: Vec<String>,
}

/// A stretch of a query that has synonyms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymMatch {
    /// Byte range of the stretch in the query.
    pub start: usize,
    pub end: usize,
    /// The other forms of its groups.
    pub expansions: Vec<String>,
}

impl Synonyms {
    /// The synonym groups compiled into accords (`data/synonyms.txt`).
    pub fn builtin() -> &'static Synonyms {
        &BUILTIN
    }

    /// Parses synonym data: one group a line, forms separated by `|`.
    pub(crate) fn parse(text: &str) -> Result<Synonyms, DataError> {
        let mut synonyms = Synonyms {
            groups: Vec::new(),
            by_key: HashMap::new(),
            longest: 0,
            table: None,
            table_groups: 0,
        };
        for (line, content) in content_lines(text) {
            let error = |message: String| DataError::new(SYNONYMS_FILE, line, message);
            let mut group: Vec<Form> = Vec::new();
            for written in content.split('|') {
                let form = Form::new(written);
                if form.key.is_empty() {
                    return Err(error(format!("{:?} has no words", written.trim())));
                }
                if let Some(twin) = group.iter().find(|other| other.key == form.key) {
                    return Err(error(format!(
                        "{:?} and {:?} are the same form",
                        twin.text, form.text
                    )));
                }
                group.push(form);
            }
            if group.len() < 2 {
                return Err(error(format!(
                    "{content:?} needs at least two forms separated by \" | \""
                )));
            }
            synonyms.push_group(group);
        }
        Ok(synonyms)
    }

    fn push_group(&mut self, group: Vec<Form>) {
        let index = self.groups.len();
        self.groups.push(Vec::new());
        for form in group {
            self.push_form(index, form);
        }
    }

    fn push_form(&mut self, group: usize, form: Form) {
        let forms = &mut self.groups[group];
        self.by_key
            .entry(form.key.clone())
            .or_default()
            .push((group, forms.len()));
        self.longest = self.longest.max(form.words);
        forms.push(form);
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len() + self.table_groups
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes every group to a table at `path` that [`Synonyms::open_table`]
    /// reads back: one line per form key, holding for each form with that
    /// key whether it needs exact case, its text, and the texts of the other
    /// forms of its group.
    pub(crate) fn write_table(&self, path: &Path) -> crate::error::Result<()> {
        let clean = |text: &str| text.replace(PART, " ");
        let entries = self
            .by_key
            .iter()
            .map(|(key, hits)| {
                let value = hits
                    .iter()
                    .map(|&(group, form)| {
                        let form = &self.groups[group][form];
                        let mut parts = vec![
                            if form.exact_case { "1" } else { "0" }.to_string(),
                            clean(&form.text),
                        ];
                        parts.extend(
                            self.groups[group]
                                .iter()
                                .filter(|other| other.key != *key)
                                .map(|other| clean(&other.text)),
                        );
                        parts.join(&PART.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join("\t");
                (key.clone(), value)
            })
            .collect();
        let header = format!(
            "{TABLE_MAGIC} {TABLE_VERSION} {} {}",
            self.longest,
            self.groups.len()
        );
        table::write(path, &header, entries)
    }

    /// Every rule the groups make, sorted: for each form, the other forms
    /// of its groups, as [`Synonyms::expansions`] gives them. Reads the
    /// whole table when the groups are on disk.
    pub fn rules(&self) -> crate::error::Result<Vec<SynonymRule>> {
        let mut rules = Vec::new();
        if let Some(table) = &self.table {
            for (key, line) in table.entries()? {
                for entry in line.split('\t').filter(|e| !e.is_empty()) {
                    let mut parts = entry.split(PART);
                    let exact_case = parts.next() == Some("1");
                    let form = parts.next().unwrap_or_default().to_string();
                    rules.push(SynonymRule {
                        key: key.clone(),
                        form,
                        exact_case,
                        expansions: parts.map(str::to_string).collect(),
                    });
                }
            }
        } else {
            for (key, hits) in &self.by_key {
                for &(group, form) in hits {
                    let form = &self.groups[group][form];
                    rules.push(SynonymRule {
                        key: key.clone(),
                        form: form.text.clone(),
                        exact_case: form.exact_case,
                        expansions: self.groups[group]
                            .iter()
                            .filter(|other| other.key != *key)
                            .map(|other| other.text.clone())
                            .collect(),
                    });
                }
            }
        }
        rules.sort();
        Ok(rules)
    }

    /// Opens a table written by [`Synonyms::write_table`].
    pub(crate) fn open_table(path: &Path) -> std::io::Result<Synonyms> {
        let table = Table::open(path)?;
        let header: Vec<&str> = table.header().split(' ').collect();
        let invalid = || {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not a synonym table of this version",
            )
        };
        let (longest, groups) = match header.as_slice() {
            [magic, version, longest, groups]
                if *magic == TABLE_MAGIC && version.parse() == Ok(TABLE_VERSION) =>
            {
                (
                    longest.parse().map_err(|_| invalid())?,
                    groups.parse().map_err(|_| invalid())?,
                )
            }
            _ => return Err(invalid()),
        };
        Ok(Synonyms {
            groups: Vec::new(),
            by_key: HashMap::new(),
            longest,
            table: Some(Arc::new(table)),
            table_groups: groups,
        })
    }

    /// The other forms of every group that `phrase` (a word or several, as
    /// the user typed them) belongs to; empty when it belongs to none.
    pub fn expansions(&self, phrase: &str) -> Vec<String> {
        let tokens = analyze(phrase);
        let key = part_terms(&tokens).join(" ");
        self.expansions_of_key(&key, phrase)
    }

    fn expansions_of_key(&self, key: &str, written: &str) -> Vec<String> {
        let mut expansions: Vec<String> = Vec::new();
        if let Some(table) = &self.table {
            // A table that cannot be read gives no expansions: the search
            // still answers, on the words as typed.
            let line = table.get(key).ok().flatten().unwrap_or_default();
            for entry in line.split('\t').filter(|e| !e.is_empty()) {
                let mut parts = entry.split(PART);
                let exact = parts.next() == Some("1");
                let text = parts.next().unwrap_or_default();
                if exact && written.trim() != text {
                    continue;
                }
                for other in parts {
                    if !expansions.iter().any(|e| e == other) {
                        expansions.push(other.to_string());
                    }
                }
            }
            return expansions;
        }
        for &(group, form) in self.by_key.get(key).into_iter().flatten() {
            if !self.groups[group][form].accepts(written) {
                continue;
            }
            for other in &self.groups[group] {
                if other.key != key && !expansions.contains(&other.text) {
                    expansions.push(other.text.clone());
                }
            }
        }
        expansions
    }

    /// Every stretch of `query` that is a form of some group, longest first
    /// from left to right, with the other forms of its groups. "HKSAR and
    /// B&R" gives the ranges of "HKSAR" and "B&R".
    pub fn find(&self, query: &str) -> Vec<SynonymMatch> {
        longest_runs(query, self.longest, |key, range| {
            let expansions = self.expansions_of_key(key, &query[range]);
            (!expansions.is_empty()).then_some(expansions)
        })
        .into_iter()
        .map(|(expansions, range, _)| SynonymMatch {
            start: range.start,
            end: range.end,
            expansions,
        })
        .collect()
    }

    /// Adds abbreviations learned from documents. A short form joins the
    /// group that already holds its long form; otherwise the pair starts a
    /// group of its own. A learned pair never joins a group through its short
    /// form alone: "ITC" learned for "International Trade Centre" must not
    /// make "Innovation and Technology Commission" expand to it. Groups
    /// opened from a table are not merged into: lookups answer from the
    /// table alone.
    pub fn merge_learned(&mut self, learned: &[Abbreviation]) {
        for abbreviation in learned {
            let short = Form::new(&abbreviation.short);
            let long = Form::new(&abbreviation.long);
            if short.key.is_empty() || long.key.is_empty() || short.key == long.key {
                continue;
            }
            let home = self
                .by_key
                .get(&long.key)
                .and_then(|hits| hits.first())
                .map(|&(group, _)| group);
            match home {
                Some(group) => {
                    if !self.groups[group].iter().any(|form| form.key == short.key) {
                        self.push_form(group, short);
                    }
                }
                None => self.push_group(vec![short, long]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn builtin_data_parses_with_enough_groups() {
        assert!(
            Synonyms::builtin().len() >= 30,
            "{}",
            Synonyms::builtin().len()
        );
        assert!(!Synonyms::builtin().is_empty());
    }

    #[test]
    fn every_builtin_form_finds_the_rest_of_its_group() {
        let synonyms = Synonyms::builtin();
        for group in &synonyms.groups {
            for form in group {
                let expansions = synonyms.expansions(&form.text);
                for other in group.iter().filter(|other| other.key != form.key) {
                    assert!(
                        expansions.contains(&other.text),
                        "{:?} does not expand to {:?}",
                        form.text,
                        other.text
                    );
                }
            }
        }
    }

    #[test]
    fn abbreviation_expands_to_its_long_forms() {
        let synonyms = Synonyms::builtin();
        assert_eq!(
            synonyms.expansions("HKSAR"),
            strings(&["Hong Kong Special Administrative Region", "Hong Kong SAR"])
        );
        assert_eq!(
            synonyms.expansions("tcm"),
            strings(&["traditional Chinese medicine", "Chinese medicine"])
        );
    }

    #[test]
    fn ampersand_forms_are_looked_up_before_analysis_splits_them() {
        let synonyms = Synonyms::builtin();
        assert_eq!(
            synonyms.expansions("B&R"),
            strings(&[
                "BRI",
                "Belt and Road",
                "Belt and Road Initiative",
                "One Belt One Road",
                "OBOR"
            ])
        );
        assert_eq!(
            synonyms.expansions("R & D"),
            strings(&["research and development"])
        );
        assert_eq!(
            synonyms.expansions("I&T"),
            strings(&["innovation and technology"])
        );
    }

    #[test]
    fn long_forms_match_regardless_of_case_spelling_and_plural() {
        let synonyms = Synonyms::builtin();
        assert_eq!(
            synonyms.expansions("Small and Medium Enterprise"),
            strings(&["SME", "small and medium-sized enterprises"])
        );
        assert_eq!(
            synonyms.expansions("SMEs"),
            strings(&[
                "small and medium enterprises",
                "small and medium-sized enterprises"
            ])
        );
        assert_eq!(
            synonyms.expansions("Hong Kong International Arbitration Center"),
            strings(&["HKIAC"])
        );
        assert_eq!(
            synonyms.expansions("memoranda of understanding"),
            Vec::<String>::new()
        );
        assert_eq!(
            synonyms.expansions("MoUs"),
            strings(&["memorandum of understanding"])
        );
    }

    #[test]
    fn common_word_abbreviations_need_capitals() {
        let synonyms = Synonyms::builtin();
        assert_eq!(
            synonyms.expansions("WHO"),
            strings(&["World Health Organization"])
        );
        assert_eq!(synonyms.expansions("who"), Vec::<String>::new());
        assert_eq!(synonyms.expansions("stem"), Vec::<String>::new());
        assert_eq!(
            synonyms.expansions("World Health Organisation"),
            strings(&["WHO"])
        );
    }

    #[test]
    fn unknown_phrases_have_no_expansions() {
        let synonyms = Synonyms::builtin();
        assert_eq!(synonyms.expansions("bonds"), Vec::<String>::new());
        assert_eq!(synonyms.expansions(""), Vec::<String>::new());
        assert_eq!(synonyms.expansions("Hong"), Vec::<String>::new());
    }

    #[test]
    fn find_marks_the_longest_forms_in_a_query() {
        let query = "HKSAR and Guangdong-Hong Kong-Macao Greater Bay Area fintech who";
        let found = Synonyms::builtin().find(query);
        let spans: Vec<(&str, Vec<String>)> = found
            .iter()
            .map(|m| (&query[m.start..m.end], m.expansions.clone()))
            .collect();
        assert_eq!(
            spans,
            vec![
                (
                    "HKSAR",
                    strings(&["Hong Kong Special Administrative Region", "Hong Kong SAR"])
                ),
                (
                    "Guangdong-Hong Kong-Macao Greater Bay Area",
                    strings(&["GBA", "Greater Bay Area", "Bay Area"])
                ),
                ("fintech", strings(&["financial technology"])),
            ]
        );
    }

    #[test]
    fn learned_abbreviations_join_the_group_of_their_long_form() {
        let mut synonyms =
            Synonyms::parse("ITC | Innovation and Technology Commission\nHK | Hong Kong\n")
                .expect("valid");
        synonyms.merge_learned(&[
            Abbreviation {
                short: "ITCom".to_string(),
                long: "Innovation and Technology Commission".to_string(),
            },
            Abbreviation {
                short: "ITC".to_string(),
                long: "International Trade Centre".to_string(),
            },
            Abbreviation {
                short: "HKPC".to_string(),
                long: "Hong Kong Productivity Council".to_string(),
            },
            Abbreviation {
                short: "HK".to_string(),
                long: "Hong Kong".to_string(),
            },
        ]);
        assert_eq!(synonyms.len(), 4);
        assert_eq!(
            synonyms.expansions("Innovation and Technology Commission"),
            strings(&["ITC", "ITCom"])
        );
        assert_eq!(
            synonyms.expansions("ITC"),
            strings(&[
                "Innovation and Technology Commission",
                "ITCom",
                "International Trade Centre"
            ])
        );
        assert_eq!(
            synonyms.expansions("hkpc"),
            strings(&["Hong Kong Productivity Council"])
        );
        assert_eq!(synonyms.expansions("HK"), strings(&["Hong Kong"]));
    }

    #[test]
    fn a_written_table_answers_as_the_groups_it_was_written_from() {
        let mut synonyms = Synonyms::builtin().clone();
        synonyms.merge_learned(&[
            Abbreviation {
                short: "CIIE".to_string(),
                long: "China International Import Expo".to_string(),
            },
            Abbreviation {
                short: "HKPC".to_string(),
                long: "Hong Kong Productivity Council".to_string(),
            },
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synonyms.tsv");
        synonyms.write_table(&path).unwrap();
        let table = Synonyms::open_table(&path).unwrap();
        assert_eq!(table.len(), synonyms.len());
        for phrase in [
            "HKSAR", "B&R", "WHO", "who", "SMEs", "CIIE", "hkpc", "bonds", "",
        ] {
            assert_eq!(
                table.expansions(phrase),
                synonyms.expansions(phrase),
                "{phrase}"
            );
        }
        let query = "HKSAR and the China International Import Expo, fintech who";
        assert_eq!(table.find(query), synonyms.find(query));
        assert!(!table.find(query).is_empty());
    }

    #[test]
    fn a_table_of_another_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synonyms.tsv");
        std::fs::write(&path, "accords-synonyms 0 3 1\n").unwrap();
        assert!(Synonyms::open_table(&path).is_err());
    }

    #[test]
    fn malformed_groups_are_reported_with_their_line() {
        let cases = [
            (
                "HK | Hong Kong\nfintech\n",
                "data/synonyms.txt:2: \"fintech\" needs at least two forms separated by \" | \"",
            ),
            (
                "HK |  | Hong Kong\n",
                "data/synonyms.txt:1: \"\" has no words",
            ),
            (
                "# groups\nCentre | Center\n",
                "data/synonyms.txt:2: \"Centre\" and \"Center\" are the same form",
            ),
        ];
        for (text, expected) in cases {
            let error = Synonyms::parse(text).err().map(|e| e.to_string());
            assert_eq!(error.as_deref(), Some(expected));
        }
    }

    #[test]
    fn common_words_list_answers_in_any_case() {
        assert!(is_common_word("The"));
        assert!(is_common_word("ART"));
        assert!(!is_common_word("HKSAR"));
    }
}
