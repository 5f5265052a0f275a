//! Other forms of what was typed: synonyms and abbreviations of a word,
//! phrase or run of words, and the correction of a misspelt word.
//!
//! The forms come from the synonym table (built-in groups and the
//! abbreviations the documents taught) and from the typo corrections found
//! before compiling; this file finds which words of a group name something
//! ([`Stretch`]), searches each form through `terms`, keeps the best form's
//! score, and records every form with where it came from. How a name's
//! forms count towards holding every word, and the weight of a
//! correction, are `rank`'s.

use tantivy::query::{ConstScoreQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use super::rank::{best_of, weighted, CORRECTION_WEIGHT};
use super::terms::term_paths;
use super::{Compiler, Part};
use crate::index::related::{names_an_instrument, Related, RelatedForm, Relation};
use crate::index::synonyms::Synonyms;
use crate::index::TextField;
use crate::model::ClauseKind;
use crate::search::explain::{Expansion, WordExplain};
use crate::search::query::{Node, Occur, QueryField};
use crate::search::typo::Correction;

/// The most synonyms one word or name expands to.
pub(super) const MAX_SYNONYMS: usize = 8;

impl Compiler<'_> {
    /// A word or phrase and its synonyms ("HKSAR" and "Hong Kong Special
    /// Administrative Region"), the best of them scoring, and a word's
    /// related forms (its family, its concept's other names) with less
    /// weight. A quoted phrase has no related forms: it asks for its words.
    /// With [`Compiler::exact`], only the words as typed.
    pub(super) fn words_and_synonyms(
        &mut self,
        field: TextField,
        words: &str,
        kind: &'static str,
        negated: bool,
    ) -> Option<Part> {
        let expansions = if self.exact {
            Vec::new()
        } else {
            self.synonyms.expansions(words)
        };
        // A quoted word or phrase matches its spellings, not its stems; the
        // names it stands for are matched as names are, in any form.
        let exact = kind == "phrase";
        // An excluded word leaves out the clauses holding it, not those
        // holding its kin.
        let widen = !(self.exact || exact || negated);
        let related = if widen {
            related_forms(words, &expansions)
        } else {
            Vec::new()
        };
        // "agreement", "MoU": any signed instrument holds the word.
        let instrument = widen && field == TextField::Text && names_an_instrument(words);
        let mut listed: Vec<Expansion> = expansions
            .iter()
            .take(MAX_SYNONYMS)
            .map(|form| expansion(words, form))
            .collect();
        listed.extend(related.iter().map(related_expansion));
        if instrument {
            listed.push(Expansion {
                form: format!("kind:{}", ClauseKind::Agreement.as_str()),
                source: "kind",
            });
        }
        self.explain.words.push(WordExplain {
            typed: words.to_string(),
            kind,
            field: field.name(),
            terms: term_paths(words, exact && self.fields.exact_field(field).is_some()),
            expansions: listed,
            excluded: negated,
            corrected_from: None,
        });
        let original = self.words(field, words, exact, negated)?;
        if expansions.is_empty() && related.is_empty() && !instrument {
            return Some(original);
        }
        // Only the word as typed makes pair phrases with its neighbours;
        // a word with synonyms stands for a name and makes none.
        let word = if expansions.is_empty() {
            original.word.clone()
        } else {
            None
        };
        let mut parts = vec![original];
        parts.extend(
            expansions
                .iter()
                .take(MAX_SYNONYMS)
                .filter_map(|form| self.words(field, form, false, negated)),
        );
        parts.extend(self.related_parts(field, &related, negated));
        if instrument {
            parts.extend(self.any_instrument(words));
        }
        let mut part = best_of(parts)?;
        part.word = word;
        Some(part)
    }

    /// Every signed instrument (a clause of kind agreement), as holding a
    /// word that names one: it scores what holding the word once would,
    /// weighted like a concept's other name, since the instrument may call
    /// itself something else.
    fn any_instrument(&self, word: &str) -> Option<Part> {
        let term = self.analyse(word).into_iter().next()?;
        let idf = self.idf(&Term::from_field_text(self.fields.text, &term));
        let score = Relation::Concept.weight() * idf;
        let kind = Term::from_facet(
            self.fields.kind,
            &Facet::from_path([ClauseKind::Agreement.as_str()]),
        );
        let query = ConstScoreQuery::new(
            Box::new(TermQuery::new(kind, IndexRecordOption::Basic)),
            score,
        );
        Some(Part::scored(Box::new(query), score))
    }

    /// Each related form as a part, weighted by its relation.
    fn related_parts(
        &mut self,
        field: TextField,
        related: &[RelatedForm],
        negated: bool,
    ) -> Vec<Part> {
        related
            .iter()
            .filter_map(|form| {
                let part = self.words(field, &form.form, false, negated)?;
                Some(weighted(part, form.relation.weight()))
            })
            .collect()
    }

    /// A misspelt word: its correction, with less weight than a word typed
    /// right.
    pub(super) fn corrected(
        &mut self,
        field: TextField,
        correction: &Correction,
        negated: bool,
    ) -> Option<Part> {
        let part = self.words_and_synonyms(field, &correction.corrected, "word", negated)?;
        if let Some(last) = self.explain.words.last_mut() {
            last.corrected_from = Some(correction.typed.clone());
        }
        Some(weighted(part, CORRECTION_WEIGHT))
    }

    /// Runs of plain words that together name something with synonyms
    /// ("Hong Kong Special Administrative Region", "belt and road"), found in
    /// the words as typed.
    pub(super) fn synonym_stretches(&self, items: &[(Occur, Node)]) -> Vec<Stretch> {
        let mut stretches = Vec::new();
        let mut i = 0;
        while i < items.len() {
            // A run of plain words on the clause text, and where each starts
            // and ends in the run's text.
            let mut text = String::new();
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            while let Some((
                Occur::Should,
                Node::Term {
                    field: None | Some(QueryField::Text),
                    word,
                    ..
                },
            )) = items.get(i)
            {
                if !text.is_empty() {
                    text.push(' ');
                }
                spans.push((i, text.len(), text.len() + word.len()));
                text.push_str(word);
                i += 1;
            }
            if spans.len() >= 2 && !self.exact {
                for found in self.synonyms.find(&text) {
                    let covered: Vec<usize> = spans
                        .iter()
                        .filter(|(_, start, end)| *start < found.end && *end > found.start)
                        .map(|(item, _, _)| *item)
                        .collect();
                    if let (Some(&first), Some(&last)) = (covered.first(), covered.last()) {
                        if last > first {
                            stretches.push(Stretch {
                                first,
                                last,
                                typed: text[found.start..found.end].to_string(),
                                expansions: found.expansions,
                                related: Vec::new(),
                            });
                        }
                    }
                }
                // Runs naming a concept ("air pollution") where no name
                // with synonyms was found.
                for found in Related::builtin().find(&text) {
                    let covered: Vec<usize> = spans
                        .iter()
                        .filter(|(_, start, end)| *start < found.end && *end > found.start)
                        .map(|(item, _, _)| *item)
                        .collect();
                    if let (Some(&first), Some(&last)) = (covered.first(), covered.last()) {
                        let taken = stretches.iter().any(|s| s.first <= last && first <= s.last);
                        if last > first && !taken {
                            let typed = text[found.start..found.end].to_string();
                            let related = related_forms(&typed, &[]);
                            stretches.push(Stretch {
                                first,
                                last,
                                typed,
                                expansions: Vec::new(),
                                related,
                            });
                        }
                    }
                }
                stretches.sort_by_key(|s| s.first);
            }
            if spans.is_empty() {
                i += 1;
            }
        }
        stretches
    }

    /// The other forms of a name, as one part whose best form scores; its
    /// related forms count with their weight.
    pub(super) fn alternatives(&mut self, stretch: &Stretch, negated: bool) -> Option<Part> {
        let mut parts: Vec<Part> = stretch
            .expansions
            .iter()
            .take(MAX_SYNONYMS)
            .filter_map(|form| self.words(TextField::Text, form, false, negated))
            .collect();
        if !negated {
            parts.extend(self.related_parts(TextField::Text, &stretch.related, negated));
        }
        best_of(parts)
    }
}

/// Items `first..=last` of a group name something with these other forms.
pub(super) struct Stretch {
    pub first: usize,
    pub last: usize,
    /// The words as typed.
    pub typed: String,
    pub expansions: Vec<String>,
    /// Forms related to the run (a concept's other names), weaker than
    /// its synonyms.
    pub related: Vec<RelatedForm>,
}

/// The most related forms one word or run expands to.
const MAX_RELATED: usize = 8;

/// The forms related to `typed` that are not among its synonyms.
fn related_forms(typed: &str, synonyms: &[String]) -> Vec<RelatedForm> {
    Related::builtin()
        .forms(typed)
        .into_iter()
        .filter(|form| !synonyms.iter().any(|s| s.eq_ignore_ascii_case(&form.form)))
        .take(MAX_RELATED)
        .collect()
}

/// A related form as the explanation lists it.
pub(super) fn related_expansion(form: &RelatedForm) -> Expansion {
    Expansion {
        form: form.form.clone(),
        source: form.relation.name(),
    }
}

/// `form` as another form of `typed`, with where the pairing comes from.
pub(super) fn expansion(typed: &str, form: &str) -> Expansion {
    let builtin = Synonyms::builtin()
        .expansions(typed)
        .iter()
        .any(|f| f == form);
    Expansion {
        form: form.to_string(),
        source: if builtin { "built-in" } else { "learned" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::compile::tests::run;
    use crate::search::explain::NameExplain;
    use crate::search::filters::Filters;

    #[test]
    fn a_form_says_where_it_comes_from() {
        assert_eq!(
            expansion("HKSAR", "Hong Kong SAR"),
            Expansion {
                form: "Hong Kong SAR".into(),
                source: "built-in",
            }
        );
        assert_eq!(
            expansion("HKSAR", "Hong Kong Sports Academy Region"),
            Expansion {
                form: "Hong Kong Sports Academy Region".into(),
                source: "learned",
            }
        );
    }

    #[test]
    fn a_run_of_words_naming_something_is_expanded_as_a_whole() {
        let (_, explain) = run("Hong Kong SAR finance", &Filters::default()).unwrap();
        assert_eq!(
            explain.names,
            [NameExplain {
                typed: "Hong Kong SAR".into(),
                expansions: vec![
                    Expansion {
                        form: "HKSAR".into(),
                        source: "built-in",
                    },
                    Expansion {
                        form: "Hong Kong Special Administrative Region".into(),
                        source: "built-in",
                    },
                ],
            }]
        );
    }

    #[test]
    fn a_word_with_synonyms_lists_them() {
        let (_, explain) = run("HKSAR", &Filters::default()).unwrap();
        assert_eq!(explain.words[0].typed, "HKSAR");
        assert_eq!(
            explain.words[0].expansions,
            [
                Expansion {
                    form: "Hong Kong Special Administrative Region".into(),
                    source: "built-in",
                },
                Expansion {
                    form: "Hong Kong SAR".into(),
                    source: "built-in",
                },
            ]
        );
    }
}
