//! What a search did with the query: the terms each word became, the
//! synonyms and abbreviations it was expanded with, the filters as
//! resolved, and the corrections of misspelt words.
//!
//! [`compile`](super::compile) records this as it builds the index query,
//! so the explanation is what ran, not a second guess. It is plain data
//! (serialised as the `explain` object of JSON results) with a readable
//! [`Display`](std::fmt::Display) for the terminal.

use std::fmt;

use serde::Serialize;

use crate::index::TextField;
use crate::search::typo::Correction;

/// How a query was understood.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Explain {
    /// Each word, phrase or prefix, in query order.
    pub words: Vec<WordExplain>,
    /// Runs of words that name something with other forms ("belt and
    /// road"), which match as a whole.
    pub names: Vec<NameExplain>,
    /// Every filter that applied, with the index values it resolved to.
    pub filters: Vec<FilterExplain>,
    /// Misspelt words and what they were taken for.
    pub corrections: Vec<Correction>,
    /// Common words ("and", "of") left out of the query: they neither make
    /// a clause a match nor rank it, though phrases and neighbouring words
    /// still read them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    /// When few clauses held every word: the terms the best clauses share,
    /// which then ranked the partial matches too (pseudo-relevance
    /// feedback), as the clauses write them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<String>,
}

/// One word, phrase or prefix of the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordExplain {
    /// As typed.
    pub typed: String,
    /// "word", "phrase" or "prefix".
    pub kind: &'static str,
    /// The text field searched: "text", "title" or "heading". A word on
    /// the clause text also matches the area heading, with less weight.
    pub field: &'static str,
    /// The term sequences tried (a compound gives its parts and its joined
    /// form); for a prefix, the index terms it stands for.
    pub terms: Vec<Vec<String>>,
    /// Other forms searched as well.
    pub expansions: Vec<Expansion>,
    /// True under NOT or `-`.
    pub excluded: bool,
    /// Set when the word was a correction of a misspelling: the word typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<String>,
}

/// A run of query words with synonyms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameExplain {
    pub typed: String,
    pub expansions: Vec<Expansion>,
}

/// Another form a word or name was searched in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    pub form: String,
    /// "built-in" (`data/synonyms.txt`), "learned" (an abbreviation a
    /// document defined), "family" (`data/families.txt`: another part of
    /// speech of the word, weighted 0.8) or "concept" (`data/concepts.txt`:
    /// another name of the concept, weighted 0.5).
    pub source: &'static str,
}

/// A filter and the index values it resolved to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilterExplain {
    /// The facet: "partner", "areas", "kind", ...
    pub field: &'static str,
    pub values: Vec<String>,
    /// Where it came from: the request ("requested"), the query ("partner:") or
    /// "default".
    pub origin: String,
}

fn forms(expansions: &[Expansion]) -> String {
    expansions
        .iter()
        .map(|e| format!("{:?} ({})", e.form, e.source))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Explain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.corrections {
            writeln!(f, "corrected: {} -> {}", c.typed, c.corrected)?;
        }
        for w in &self.words {
            let terms = w
                .terms
                .iter()
                .map(|path| path.join(" "))
                .collect::<Vec<_>>()
                .join(" | ");
            let field = if w.field == TextField::Text.name() {
                String::new()
            } else {
                format!(" in {}", w.field)
            };
            let excluded = if w.excluded { " (excluded)" } else { "" };
            let corrected = w
                .corrected_from
                .as_deref()
                .map(|t| format!(" (for {t:?})"))
                .unwrap_or_default();
            writeln!(
                f,
                "{} {:?}{field}{excluded}{corrected} -> {}",
                w.kind,
                w.typed,
                if terms.is_empty() {
                    "(no terms)"
                } else {
                    &terms
                }
            )?;
            if !w.expansions.is_empty() {
                writeln!(f, "  also as {}", forms(&w.expansions))?;
            }
        }
        if !self.ignored.is_empty() {
            writeln!(f, "common words left out: {}", self.ignored.join(", "))?;
        }
        for n in &self.names {
            writeln!(f, "name {:?} also as {}", n.typed, forms(&n.expansions))?;
        }
        if !self.feedback.is_empty() {
            writeln!(
                f,
                "few clauses hold every word: partial matches also ranked by {}",
                self.feedback.join(", ")
            )?;
        }
        for filter in &self.filters {
            writeln!(
                f,
                "filter {} = {} ({})",
                filter.field,
                filter.values.join(" OR "),
                filter.origin
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_read_as_lines() {
        let explain = Explain {
            words: vec![WordExplain {
                typed: "co-operation".into(),
                kind: "word",
                field: "text",
                terms: vec![vec!["co".into(), "oper".into()], vec!["cooper".into()]],
                expansions: vec![],
                excluded: false,
                corrected_from: None,
            }],
            names: vec![NameExplain {
                typed: "B&R".into(),
                expansions: vec![Expansion {
                    form: "Belt and Road".into(),
                    source: "built-in",
                }],
            }],
            filters: vec![FilterExplain {
                field: "kind",
                values: vec!["commitment".into(), "agreement".into()],
                origin: "default".into(),
            }],
            corrections: vec![],
            ignored: vec!["of".into()],
            feedback: vec![],
        };
        assert_eq!(
            explain.to_string(),
            "word \"co-operation\" -> co oper | cooper\n\
             common words left out: of\n\
             name \"B&R\" also as \"Belt and Road\" (built-in)\n\
             filter kind = commitment OR agreement (default)\n"
        );
    }
}
