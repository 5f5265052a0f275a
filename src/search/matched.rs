//! How each query word matched one hit: as typed, through a spelling, a
//! stem, a synonym, a word family, a concept group, a correction or
//! feedback. `--explain` shows it per hit so an analyst can trust a match
//! or reject it.
//!
//! It is worked out from the explanation of the query, not from the
//! compiled query: every word and name there carries the forms it was
//! searched in and where each came from. A form is found in a clause's text
//! the way highlights are ([`highlight`]), so what is reported is what the
//! index matched.

use serde::Serialize;

use crate::index::analysis::spelling::Spelling;
use crate::index::analysis::{analyze, phrase_paths};
use crate::model::ClauseKind;
use crate::search::explain::Explain;
use crate::search::feedback::FeedbackTerm;
use crate::search::highlight::{highlight, HighlightSpec};

/// One query word or name found in a clause, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordMatch {
    /// The word or name of the query.
    pub word: String,
    /// What the clause holds in its place, as it is written there.
    pub found: String,
    /// "as typed", "spelling", "stem", "synonym", "family", "concept",
    /// "correction", "feedback", or "kind" (an agreement holding a word
    /// that names a signed instrument).
    pub how: &'static str,
    /// True when the match is in the area heading the clause sits under,
    /// not in its text: a word there ranks the clause with less weight.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_heading: bool,
}

/// A form to look for and what it stands for.
struct Form {
    /// The query word's place among the words and names.
    order: usize,
    word: String,
    /// `None` for the word's own terms, told apart per occurrence into "as
    /// typed", "spelling" and "stem".
    how: Option<&'static str>,
    spec: HighlightSpec,
}

/// The forms of one query, ready to be found in any number of clauses.
pub(crate) struct Matcher {
    forms: Vec<Form>,
    /// Words naming a signed instrument, which any agreement holds, with
    /// their place among the words.
    instruments: Vec<(usize, String)>,
}

impl Matcher {
    pub(crate) fn new(explain: &Explain) -> Matcher {
        let mut forms = Vec::new();
        let mut instruments = Vec::new();
        for (order, word) in explain
            .words
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.excluded)
        {
            let mut spec = HighlightSpec::default();
            if word.kind == "prefix" {
                for terms in &word.terms {
                    for term in terms {
                        spec.terms.insert(term.clone());
                    }
                }
            } else {
                let paths: Vec<Vec<(usize, String)>> = word
                    .terms
                    .iter()
                    .map(|terms| terms.iter().cloned().enumerate().collect())
                    .collect();
                if word.kind == "phrase" {
                    spec.add_exact_paths(&paths);
                } else {
                    spec.add_paths(&paths);
                }
            }
            let how = if word.corrected_from.is_some() {
                Some("correction")
            } else if word.kind == "prefix" {
                Some("prefix")
            } else {
                None
            };
            let typed = word.corrected_from.clone().unwrap_or(word.typed.clone());
            forms.push(Form {
                order,
                word: typed.clone(),
                how,
                spec,
            });
            for expansion in &word.expansions {
                if expansion.source == "kind" {
                    instruments.push((order, typed.clone()));
                    continue;
                }
                forms.push(Form {
                    order,
                    word: typed.clone(),
                    how: Some(how_of(expansion.source)),
                    spec: spec_of(&expansion.form),
                });
            }
        }
        for (i, name) in explain.names.iter().enumerate() {
            for expansion in &name.expansions {
                forms.push(Form {
                    order: explain.words.len() + i,
                    word: name.typed.clone(),
                    how: Some(how_of(expansion.source)),
                    spec: spec_of(&expansion.form),
                });
            }
        }
        // A word's own terms claim the words they cover before any wider
        // form does.
        forms.sort_by_key(|form| form.how.is_some());
        Matcher { forms, instruments }
    }

    /// Adds terms found by pseudo-relevance feedback.
    pub(crate) fn add_feedback(&mut self, terms: &[FeedbackTerm]) {
        for term in terms {
            let mut spec = HighlightSpec::default();
            spec.terms.insert(term.term.clone());
            self.forms.push(Form {
                order: usize::MAX,
                word: term.word.clone(),
                how: Some("feedback"),
                spec,
            });
        }
    }

    /// How the query's words matched a clause of `kind` with `text`, and
    /// its area `heading` when it has one, in the order of the query, each
    /// distinct form once: where the word's own terms and a wider form
    /// cover the same words, the word's own terms tell. A word naming an
    /// instrument that an agreement holds nowhere in its words is held by
    /// the agreement itself.
    pub(crate) fn matches(
        &self,
        text: &str,
        heading: Option<&str>,
        kind: ClauseKind,
    ) -> Vec<WordMatch> {
        let mut found = self.matches_in(text, false);
        if let Some(heading) = heading {
            for matched in self.matches_in(heading, true) {
                if !found.iter().any(|m| m.word == matched.word) {
                    found.push(matched);
                }
            }
        }
        if kind == ClauseKind::Agreement {
            for (_, word) in &self.instruments {
                if !found.iter().any(|m| &m.word == word) {
                    found.push(WordMatch {
                        word: word.clone(),
                        found: "a signed agreement".to_string(),
                        how: "kind",
                        in_heading: false,
                    });
                }
            }
        }
        found
    }

    fn matches_in(&self, text: &str, in_heading: bool) -> Vec<WordMatch> {
        let mut covered: Vec<(usize, usize)> = Vec::new();
        let mut found: Vec<(usize, WordMatch)> = Vec::new();
        for form in &self.forms {
            for (start, end) in highlight(text, &form.spec) {
                if covered.iter().any(|&(s, e)| s < end && start < e) {
                    continue;
                }
                covered.push((start, end));
                let surface = &text[start..end];
                let how = form.how.unwrap_or_else(|| own_form(&form.word, surface));
                let matched = WordMatch {
                    word: form.word.clone(),
                    found: surface.to_string(),
                    how,
                    in_heading,
                };
                let seen = found.iter().any(|(_, m)| {
                    m.word == matched.word
                        && m.how == matched.how
                        && m.found.eq_ignore_ascii_case(&matched.found)
                });
                if !seen {
                    found.push((form.order, matched));
                }
            }
        }
        found.sort_by_key(|(order, _)| *order);
        found.into_iter().map(|(_, m)| m).collect()
    }
}

/// The explanation's source of a form, as a kind of match.
fn how_of(source: &'static str) -> &'static str {
    match source {
        "family" | "concept" | "feedback" | "correction" => source,
        _ => "synonym",
    }
}

fn spec_of(form: &str) -> HighlightSpec {
    let mut spec = HighlightSpec::default();
    spec.add_paths(&phrase_paths(&analyze(form)));
    spec
}

/// How `surface` in a clause relates to the query word it shares terms
/// with: the same word, the other spelling of it, or another form of its
/// stem (an inflection, a derivation, a joined or hyphenated form).
fn own_form(typed: &str, surface: &str) -> &'static str {
    let (mut typed, mut surface) = (typed.to_lowercase(), surface.to_lowercase());
    if typed == surface {
        return "as typed";
    }
    let spelling = Spelling::builtin();
    spelling.unify(&mut typed);
    spelling.unify(&mut surface);
    if typed == surface {
        "spelling"
    } else {
        "stem"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::explain::{Expansion, WordExplain};

    fn word(typed: &str, expansions: &[(&str, &'static str)]) -> WordExplain {
        let tokens = analyze(typed);
        WordExplain {
            typed: typed.to_string(),
            kind: "word",
            field: "text",
            terms: phrase_paths(&tokens)
                .into_iter()
                .map(|path| path.into_iter().map(|(_, term)| term).collect())
                .collect(),
            expansions: expansions
                .iter()
                .map(|(form, source)| Expansion {
                    form: form.to_string(),
                    source,
                })
                .collect(),
            excluded: false,
            corrected_from: None,
        }
    }

    fn hows(explain: &Explain, text: &str) -> Vec<(String, String, &'static str)> {
        Matcher::new(explain)
            .matches(text, None, ClauseKind::Commitment)
            .into_iter()
            .map(|m| (m.word, m.found, m.how))
            .collect()
    }

    #[test]
    fn own_terms_are_told_apart_by_spelling_and_stem() {
        let explain = Explain {
            words: vec![word("standardization", &[]), word("organise", &[])],
            ..Explain::default()
        };
        let found = hows(
            &explain,
            "Standardization, standardisation and standards; organising events.",
        );
        assert_eq!(
            found,
            vec![
                (
                    "standardization".into(),
                    "Standardization".into(),
                    "as typed"
                ),
                (
                    "standardization".into(),
                    "standardisation".into(),
                    "spelling"
                ),
                ("standardization".into(), "standards".into(), "stem"),
                ("organise".into(), "organising".into(), "stem"),
            ]
        );
    }

    #[test]
    fn wider_forms_are_named_by_where_they_came_from() {
        let explain = Explain {
            words: vec![
                word("collaboration", &[("co-operation", "concept")]),
                word("medicine", &[("medical", "family")]),
            ],
            ..Explain::default()
        };
        let found = hows(
            &explain,
            "Strengthen co-operation in medical services and medicine.",
        );
        assert_eq!(
            found,
            vec![
                ("collaboration".into(), "co-operation".into(), "concept"),
                ("medicine".into(), "medicine".into(), "as typed"),
                ("medicine".into(), "medical".into(), "family"),
            ]
        );
    }

    #[test]
    fn a_word_only_the_heading_holds_is_marked_so() {
        let explain = Explain {
            words: vec![word("aviation", &[]), word("co-operation", &[])],
            ..Explain::default()
        };
        let found = Matcher::new(&explain).matches(
            "Strengthen co-operation on shipping.",
            Some("Civil Aviation and Maritime Transport"),
            ClauseKind::Commitment,
        );
        let heading: Vec<(&str, bool)> = found
            .iter()
            .map(|m| (m.found.as_str(), m.in_heading))
            .collect();
        assert_eq!(heading, vec![("co-operation", false), ("Aviation", true)]);
    }

    #[test]
    fn an_agreement_holds_a_word_naming_an_instrument() {
        let explain = Explain {
            words: vec![
                word("youth", &[]),
                word("agreement", &[("kind:agreement", "kind")]),
            ],
            ..Explain::default()
        };
        let matcher = Matcher::new(&explain);
        let found = |text: &str, kind: ClauseKind| -> Vec<(String, String, &'static str)> {
            matcher
                .matches(text, None, kind)
                .into_iter()
                .map(|m| (m.word, m.found, m.how))
                .collect()
        };
        let memorandum = "Memorandum of Understanding on Youth Exchange";
        assert_eq!(
            found(memorandum, ClauseKind::Agreement),
            vec![
                ("youth".into(), "Youth".into(), "as typed"),
                ("agreement".into(), "a signed agreement".into(), "kind"),
            ]
        );
        assert_eq!(
            found(memorandum, ClauseKind::Commitment),
            vec![("youth".into(), "Youth".into(), "as typed")]
        );
        assert_eq!(
            found("Youth Co-operation Agreement", ClauseKind::Agreement),
            vec![
                ("youth".into(), "Youth".into(), "as typed"),
                ("agreement".into(), "Agreement".into(), "as typed"),
            ]
        );
    }

    #[test]
    fn excluded_words_match_nothing() {
        let mut excluded = word("bonds", &[]);
        excluded.excluded = true;
        let explain = Explain {
            words: vec![excluded],
            ..Explain::default()
        };
        assert!(hows(&explain, "Issue green bonds.").is_empty());
    }
}
