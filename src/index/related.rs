//! Related words: the families the stemmer leaves apart ("regulatory" and
//! "regulator") and the concept groups of the co-operation agreements
//! ("home return permit" and "Mainland Travel Permit", "air pollution" and
//! "atmospheric environment").
//!
//! Synonyms ([`crate::index::synonyms`]) are other names of one thing and
//! score as the word typed. Related words are weaker: a query finds them
//! with less weight than its own words ([`Relation::weight`]), so a clause
//! naming the concept in other words comes up, below the clauses that say
//! what was typed. Both lists are reviewed data, `data/families.txt` and
//! `data/concepts.txt`, each group with a note of why its forms belong
//! together; this module parses them and answers which forms a word or a
//! run of words is related to. Forms are compared by their analyzed terms,
//! like synonyms, so spelling, case and plurals do not matter.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::index::analysis::data::{content_lines, is_lowercase_word, DataError};
use crate::index::analysis::{analyze, longest_runs, parts_only};

const FAMILIES_FILE: &str = "data/families.txt";
const INSTRUMENTS_FILE: &str = "data/instruments.txt";

/// The analysed terms of the words `data/instruments.txt` lists.
static INSTRUMENTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    parse_instruments(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/instruments.txt"
    )))
    // Compiled-in data, parsed by a unit test: failing here means the tests
    // were skipped, not that a user did something wrong.
    .unwrap_or_else(|error| panic!("built-in instrument words are malformed: {error}"))
});

/// Parses the instrument words: one word a line, lowercase letters.
fn parse_instruments(text: &str) -> Result<Vec<String>, DataError> {
    let mut terms = Vec::new();
    for (line, content) in content_lines(text) {
        if !is_lowercase_word(content) {
            return Err(DataError::new(
                INSTRUMENTS_FILE,
                line,
                format!("{content:?} is not one lowercase word"),
            ));
        }
        let term = analyze(content)
            .into_iter()
            .map(|token| token.term)
            .next()
            .unwrap_or_default();
        if terms.contains(&term) {
            return Err(DataError::new(
                INSTRUMENTS_FILE,
                line,
                format!("{content:?} is listed twice (as {term:?})"),
            ));
        }
        terms.push(term);
    }
    Ok(terms)
}

/// Whether `word`, one word as typed, names a signed instrument
/// ("agreement", "MoU", "memoranda"): see `data/instruments.txt`.
pub fn names_an_instrument(word: &str) -> bool {
    match analyze(word).as_slice() {
        [token] => INSTRUMENTS.contains(&token.term),
        _ => false,
    }
}
const CONCEPTS_FILE: &str = "data/concepts.txt";

static BUILTIN: LazyLock<Related> = LazyLock::new(|| {
    let mut related = Related::default();
    related
        .parse(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/families.txt")),
            FAMILIES_FILE,
            Relation::Family,
        )
        .and_then(|()| {
            related.parse(
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/concepts.txt")),
                CONCEPTS_FILE,
                Relation::Concept,
            )
        })
        // Compiled-in data, parsed by a unit test: failing here means the
        // tests were skipped, not that a user did something wrong.
        .unwrap_or_else(|error| panic!("built-in related-word data is malformed: {error}"));
    related
});

/// How a form is related to the words typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// Another member of the word's family, across parts of speech.
    Family,
    /// Another name of the concept the words name.
    Concept,
}

impl Relation {
    /// What a clause matching the related form scores, against one
    /// matching the words as typed. A family member is nearly the word; a
    /// concept's other name is a guess worth showing below the words'
    /// own matches.
    pub fn weight(self) -> f32 {
        match self {
            Relation::Family => 0.8,
            Relation::Concept => 0.5,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Relation::Family => "family",
            Relation::Concept => "concept",
        }
    }
}

/// A form related to what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedForm {
    /// As written in the data.
    pub form: String,
    pub relation: Relation,
}

/// A run of a query's words that has related forms.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedMatch {
    /// Byte range of the run in the query.
    pub start: usize,
    pub end: usize,
    /// How many analysed words the run has.
    pub words: usize,
    pub forms: Vec<RelatedForm>,
}

#[derive(Debug, Clone)]
struct Form {
    text: String,
    /// The analysed terms, space-separated.
    key: String,
    /// A narrower form (after `>`): it reaches the broader forms of its
    /// group, and they reach it, but not the other narrow forms:
    /// arbitration is dispute resolution, and so is mediation, yet
    /// arbitration is not mediation.
    narrow: bool,
}

#[derive(Debug, Clone)]
struct Group {
    relation: Relation,
    forms: Vec<Form>,
    /// Why the forms belong together.
    note: String,
}

/// Groups of related forms, looked up by a form's analysed terms.
#[derive(Debug, Clone, Default)]
pub struct Related {
    groups: Vec<Group>,
    by_key: HashMap<String, Vec<usize>>,
    /// Every analysed term of every form.
    terms: HashSet<String>,
    /// The most words any form has.
    longest: usize,
}

impl Related {
    /// The families and concept groups compiled into accords.
    pub fn builtin() -> &'static Related {
        &BUILTIN
    }

    /// Adds the groups of one data file: one group a line, forms separated
    /// by `|`, then `#` and a note saying why they belong together. A `>`
    /// may part the broader forms from narrower ones, which do not reach
    /// each other.
    fn parse(
        &mut self,
        text: &str,
        file: &'static str,
        relation: Relation,
    ) -> Result<(), DataError> {
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| DataError::new(file, number + 1, message);
            let (forms, note) = match line.split_once('#') {
                Some((forms, note)) if !note.trim().is_empty() => (forms, note.trim()),
                _ => {
                    return Err(error(format!(
                        "{line:?} needs a note after \"#\" saying why its forms belong together"
                    )))
                }
            };
            let mut group = Group {
                relation,
                forms: Vec::new(),
                note: note.to_string(),
            };
            let (broad, narrow) = match forms.split_once('>') {
                Some((broad, narrow)) => (broad, narrow),
                None => (forms, ""),
            };
            if narrow.contains('>') {
                return Err(error(format!("{forms:?} has more than one \">\"")));
            }
            let written_forms = broad.split('|').map(|f| (f, false)).chain(
                narrow
                    .split('|')
                    .filter(|f| !f.trim().is_empty())
                    .map(|f| (f, true)),
            );
            for (written, narrow) in written_forms {
                let text = written.split_whitespace().collect::<Vec<_>>().join(" ");
                let key = key_of(&text);
                if key.is_empty() {
                    return Err(error(format!("{:?} has no words", written.trim())));
                }
                if group.forms.iter().any(|other| other.key == key) {
                    return Err(error(format!("{text:?} is in the group twice")));
                }
                self.longest = self.longest.max(key.split(' ').count());
                group.forms.push(Form { text, key, narrow });
            }
            if group.forms.len() < 2 {
                return Err(error(format!(
                    "{forms:?} needs at least two forms separated by \" | \""
                )));
            }
            let index = self.groups.len();
            for form in &group.forms {
                self.by_key.entry(form.key.clone()).or_default().push(index);
                self.terms.extend(form.key.split(' ').map(str::to_string));
            }
            self.groups.push(group);
        }
        Ok(())
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The forms related to `phrase` (a word or several, as typed), the
    /// closest relation first; empty when it is in no group.
    pub fn forms(&self, phrase: &str) -> Vec<RelatedForm> {
        self.forms_of_key(&key_of(phrase))
    }

    /// Whether `word`, one word as typed, is written in some form of some
    /// group, alone or beside others: a word of the domain's vocabulary,
    /// which a corpus that never uses it must not take for a misspelling.
    pub fn knows_word(&self, word: &str) -> bool {
        match analyze(word).as_slice() {
            [token] => self.terms.contains(&token.term),
            _ => false,
        }
    }

    /// The notes of the groups `phrase` belongs to.
    pub fn notes(&self, phrase: &str) -> Vec<&str> {
        let key = key_of(phrase);
        self.by_key
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&group| self.groups[group].note.as_str())
            .collect()
    }

    fn forms_of_key(&self, key: &str) -> Vec<RelatedForm> {
        let mut forms: Vec<RelatedForm> = Vec::new();
        let mut groups: Vec<usize> = self.by_key.get(key).cloned().unwrap_or_default();
        groups.sort_by_key(|&group| self.groups[group].relation);
        for group in groups {
            let group = &self.groups[group];
            let narrow = group
                .forms
                .iter()
                .any(|form| form.key == key && form.narrow);
            for form in &group.forms {
                if narrow && form.narrow {
                    continue;
                }
                if form.key != key && !forms.iter().any(|f| key_of(&f.form) == form.key) {
                    forms.push(RelatedForm {
                        form: form.text.clone(),
                        relation: group.relation,
                    });
                }
            }
        }
        forms
    }

    /// Every run of `query`'s words that is a form of some group, longest
    /// first from left to right, with its related forms.
    pub fn find(&self, query: &str) -> Vec<RelatedMatch> {
        longest_runs(query, self.longest, |key, _| {
            let forms = self.forms_of_key(key);
            (!forms.is_empty()).then_some(forms)
        })
        .into_iter()
        .map(|(forms, range, words)| RelatedMatch {
            start: range.start,
            end: range.end,
            words,
            forms,
        })
        .collect()
    }
}

/// A form's analysed terms, compounds as their parts, space-separated.
fn key_of(text: &str) -> String {
    let tokens = analyze(text);
    parts_only(&tokens)
        .map(|token| token.term.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instrument_words_are_told_by_their_terms() {
        assert!(INSTRUMENTS.len() >= 5);
        for word in [
            "agreement",
            "Agreements",
            "MoU",
            "MOUs",
            "memoranda",
            "memorandum",
        ] {
            assert!(names_an_instrument(word), "{word}");
        }
        for word in [
            "agree",
            "letter",
            "memorandum of understanding",
            "finance",
            "",
        ] {
            assert!(!names_an_instrument(word), "{word}");
        }
        let error = parse_instruments("agreement\nagreements\n").unwrap_err();
        assert!(
            error.to_string().contains("data/instruments.txt:2"),
            "{error}"
        );
        let error = parse_instruments("letter of intent\n").unwrap_err();
        assert!(error.to_string().contains(":1"), "{error}");
    }

    fn texts(forms: &[RelatedForm]) -> Vec<(&str, Relation)> {
        forms
            .iter()
            .map(|f| (f.form.as_str(), f.relation))
            .collect()
    }

    #[test]
    fn builtin_data_parses_and_every_group_has_a_note() {
        let related = Related::builtin();
        assert!(related.len() >= 100, "{} groups", related.len());
        assert!(related.groups.iter().all(|g| !g.note.is_empty()));
    }

    #[test]
    fn a_family_member_finds_the_others_across_parts_of_speech() {
        let forms = Related::builtin().forms("regulators");
        assert!(texts(&forms).contains(&("regulatory", Relation::Family)));
    }

    #[test]
    fn a_concept_is_found_by_its_other_names_in_any_spelling() {
        let forms = Related::builtin().forms("Home Return Permits");
        assert!(texts(&forms).contains(&(
            "Mainland Travel Permit for Hong Kong and Macao Residents",
            Relation::Concept
        )));
        let forms = Related::builtin().forms("civil servants");
        assert!(texts(&forms).contains(&("government official", Relation::Concept)));
    }

    #[test]
    fn family_forms_come_before_concept_forms() {
        let forms = Related::builtin().forms("scientist");
        let relations: Vec<Relation> = forms.iter().map(|f| f.relation).collect();
        let mut sorted = relations.clone();
        sorted.sort();
        assert_eq!(relations, sorted);
        assert_eq!(relations.first(), Some(&Relation::Family));
    }

    #[test]
    fn find_marks_the_longest_runs_with_related_forms() {
        let found = Related::builtin().find("air pollution and home return permit rules");
        let runs: Vec<(usize, usize, usize)> =
            found.iter().map(|m| (m.start, m.end, m.words)).collect();
        assert_eq!(runs, [(0, 13, 2), (18, 36, 3)]);
    }

    #[test]
    fn words_in_no_group_have_no_related_forms() {
        assert!(Related::builtin().forms("Chongqing").is_empty());
        assert!(Related::builtin().find("Chongqing Zhejiang").is_empty());
    }

    #[test]
    fn narrower_forms_reach_the_broader_ones_not_each_other() {
        let mut related = Related::default();
        related
            .parse(
                "dispute resolution | dispute settlement > arbitration | mediation  # ways to settle\n",
                "test.txt",
                Relation::Concept,
            )
            .unwrap();
        let forms = |phrase: &str| -> Vec<String> {
            related.forms(phrase).into_iter().map(|f| f.form).collect()
        };
        assert_eq!(
            forms("arbitration"),
            ["dispute resolution", "dispute settlement"]
        );
        assert_eq!(
            forms("dispute resolution"),
            ["dispute settlement", "arbitration", "mediation"]
        );
        let error = Related::default()
            .parse("a > b > c # why\n", "test.txt", Relation::Concept)
            .unwrap_err();
        assert!(error.to_string().contains("test.txt:1"), "{error}");
    }

    #[test]
    fn a_group_without_a_note_is_refused_with_its_line() {
        let mut related = Related::default();
        let error = related
            .parse(
                "# header\nbond | debt\n",
                "data/test.txt",
                Relation::Concept,
            )
            .unwrap_err();
        assert_eq!((error.file, error.line), ("data/test.txt", 2));
        assert!(error.message.contains("needs a note"), "{error}");
        let error = related
            .parse("bond # alone\n", "data/test.txt", Relation::Concept)
            .unwrap_err();
        assert!(error.message.contains("at least two forms"), "{error}");
        let error = related
            .parse("bond | bonds # twice\n", "data/test.txt", Relation::Concept)
            .unwrap_err();
        assert!(error.message.contains("twice"), "{error}");
    }
}
