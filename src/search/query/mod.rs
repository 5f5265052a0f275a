//! The query language: text in, a syntax tree out, or an error that points
//! at the character where the query went wrong.
//!
//! ```text
//! chinese medicine            words: clauses with all of them rank first
//! "green finance"             a phrase
//! standard*                   a prefix (standard, standards, standardisation)
//! finance AND NOT bonds       AND, OR, NOT (upper case); a AND b OR c = (a AND b) OR c
//! +finance -bonds             required and excluded
//! (finance OR bank*) green    grouping
//! partner:Beijing area:health field:value (partner, partner_kind, area,
//! title:"plenary session"       meeting, kind, year, title, heading, text)
//! ```
//!
//! This module only parses: it knows no index, analyzer or tantivy type, so
//! every rule can be tested on literal strings. Turning the tree into an
//! index query (analysing words, resolving `partner:` values against the
//! index) is [`compile`](super::compile)'s job. Parsing is bounded in input
//! length, nesting depth and number of words, so no input can make it
//! recurse or allocate without limit.
//!
//! This file holds the tree ([`Query`], [`Node`], [`QueryField`]), the
//! limits and [`parse`]; the work is done in three steps, one file each:
//! `lex` cuts the text into tokens, `parse` builds the tree from them, and
//! `render` spells a tree back as query text (and checks that the two
//! agree).

mod lex;
mod parse;
mod render;

use crate::error::{Error, Result};
use crate::index::{FacetField, TextField};

#[doc(hidden)]
pub use render::check_round_trip;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The deepest nesting of parentheses and NOTs accepted.
pub const MAX_DEPTH: usize = 32;
/// The most words, phrases and prefixes one query may hold.
pub const MAX_TERMS: usize = 64;

/// A field a query word may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryField {
    Text,
    Title,
    Heading,
    Partner,
    PartnerKind,
    Province,
    Area,
    Meeting,
    Kind,
    Year,
}

impl QueryField {
    pub const ALL: [QueryField; 10] = [
        QueryField::Text,
        QueryField::Title,
        QueryField::Heading,
        QueryField::Partner,
        QueryField::PartnerKind,
        QueryField::Province,
        QueryField::Area,
        QueryField::Meeting,
        QueryField::Kind,
        QueryField::Year,
    ];

    /// The name users type before the colon: the schema's name of the
    /// field, except the two categories whose schema names are plural.
    pub fn name(self) -> &'static str {
        match self {
            QueryField::Text => TextField::Text.name(),
            QueryField::Title => TextField::Title.name(),
            QueryField::Heading => TextField::Heading.name(),
            QueryField::Partner => FacetField::Partner.name(),
            QueryField::PartnerKind => FacetField::PartnerKind.name(),
            QueryField::Province => FacetField::Province.name(),
            QueryField::Area => "area",
            QueryField::Meeting => "meeting",
            QueryField::Kind => FacetField::Kind.name(),
            QueryField::Year => FacetField::Year.name(),
        }
    }

    /// Accepts the name in any case, and the plural and schema spellings
    /// (`areas`, `meeting_types`).
    pub fn parse(name: &str) -> Option<QueryField> {
        let name = name.to_ascii_lowercase().replace('-', "_");
        let field = match name.as_str() {
            "meetings" | "meeting_type" => QueryField::Meeting,
            "kinds" => QueryField::Kind,
            "partners" => QueryField::Partner,
            "partnerkind" => QueryField::PartnerKind,
            "provinces" => QueryField::Province,
            "area_heading" => QueryField::Heading,
            other => *QueryField::ALL
                .iter()
                .find(|f| f.name() == other || f.facet().is_some_and(|c| c.name() == other))?,
        };
        Some(field)
    }

    /// The facet a category field filters on; `None` for text fields.
    pub fn facet(self) -> Option<FacetField> {
        match self {
            QueryField::Partner => Some(FacetField::Partner),
            QueryField::PartnerKind => Some(FacetField::PartnerKind),
            QueryField::Province => Some(FacetField::Province),
            QueryField::Area => Some(FacetField::Areas),
            QueryField::Meeting => Some(FacetField::MeetingTypes),
            QueryField::Kind => Some(FacetField::Kind),
            QueryField::Year => Some(FacetField::Year),
            QueryField::Text | QueryField::Title | QueryField::Heading => None,
        }
    }

    /// The analysed field a text field searches; `None` for categories.
    pub fn text_field(self) -> Option<TextField> {
        match self {
            QueryField::Text => Some(TextField::Text),
            QueryField::Title => Some(TextField::Title),
            QueryField::Heading => Some(TextField::Heading),
            _ => None,
        }
    }
}

/// How an item of a group takes part in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// A plain word: the more of them a clause holds, the higher it ranks.
    Should,
    /// `+word`: every hit holds it.
    Must,
    /// `-word`: no hit holds it.
    MustNot,
}

/// The syntax tree. `pos` is the zero-based character offset where the
/// item starts in the query, for messages about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word; `field` is `None` for the default field (the clause text).
    Term {
        field: Option<QueryField>,
        word: String,
        pos: usize,
    },
    /// A word ending in `*`, without the star.
    Prefix {
        field: Option<QueryField>,
        stem: String,
        pos: usize,
    },
    /// A quoted phrase, without the quotes.
    Phrase {
        field: Option<QueryField>,
        words: String,
        pos: usize,
    },
    /// Items side by side, as typed. An empty group matches every clause.
    Group(Vec<(Occur, Node)>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query as typed.
    pub text: String,
    pub root: Node,
}

impl Query {
    /// True when the query has no words at all and so matches every clause.
    pub fn is_empty(&self) -> bool {
        matches!(&self.root, Node::Group(items) if items.is_empty())
    }
}

/// Parses a query. Never panics; every malformed input is a
/// [`Error::QuerySyntax`] naming the position to fix.
pub fn parse(text: &str) -> Result<Query> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_QUERY_CHARS {
        return Err(syntax(
            text,
            MAX_QUERY_CHARS,
            format!(
                "the query is too long ({} characters; at most {MAX_QUERY_CHARS})",
                chars.len()
            ),
        ));
    }
    let tokens = lex::lex(text, &chars)?;
    let root = parse::Parser::new(text, tokens).query()?;
    Ok(Query {
        text: text.to_string(),
        root,
    })
}

fn syntax(query: &str, position: usize, message: impl Into<String>) -> Error {
    Error::QuerySyntax {
        query: query.to_string(),
        position,
        message: message.into(),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The compact tree of a query that must parse.
    pub(crate) fn tree(query: &str) -> String {
        match parse(query) {
            Ok(q) => q.root.to_string(),
            Err(e) => panic!("{query:?} did not parse: {e}"),
        }
    }

    /// The error position and message for a query that must fail.
    pub(crate) fn error(query: &str) -> (usize, String) {
        match parse(query) {
            Ok(q) => panic!("{query:?} parsed as {}", q.root),
            Err(Error::QuerySyntax {
                position, message, ..
            }) => (position, message),
            Err(e) => panic!("{query:?}: unexpected error {e}"),
        }
    }

    #[test]
    fn an_empty_query_matches_everything() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   \t ").unwrap().is_empty());
        assert!(!parse("a").unwrap().is_empty());
    }

    #[test]
    fn parse_keeps_the_text_as_typed() {
        assert_eq!(
            parse("  a  b ").unwrap(),
            Query {
                text: "  a  b ".into(),
                root: Node::Group(vec![
                    (
                        Occur::Should,
                        Node::Term {
                            field: None,
                            word: "a".into(),
                            pos: 2,
                        }
                    ),
                    (
                        Occur::Should,
                        Node::Term {
                            field: None,
                            word: "b".into(),
                            pos: 5,
                        }
                    ),
                ]),
            }
        );
    }

    #[test]
    fn field_names_are_read_in_every_spelling() {
        let read = |names: &[&str]| -> Vec<Option<QueryField>> {
            names.iter().map(|n| QueryField::parse(n)).collect()
        };
        assert_eq!(
            read(&["TEXT", "title", "area_heading", "Heading"]),
            [
                Some(QueryField::Text),
                Some(QueryField::Title),
                Some(QueryField::Heading),
                Some(QueryField::Heading)
            ]
        );
        assert_eq!(
            read(&["partner", "partners", "partner-kind", "partnerkind"]),
            [
                Some(QueryField::Partner),
                Some(QueryField::Partner),
                Some(QueryField::PartnerKind),
                Some(QueryField::PartnerKind)
            ]
        );
        assert_eq!(
            read(&[
                "area",
                "areas",
                "meeting",
                "meetings",
                "meeting_type",
                "meeting_types"
            ]),
            [
                Some(QueryField::Area),
                Some(QueryField::Area),
                Some(QueryField::Meeting),
                Some(QueryField::Meeting),
                Some(QueryField::Meeting),
                Some(QueryField::Meeting)
            ]
        );
        assert_eq!(
            read(&["kind", "kinds", "year", "years", "date", ""]),
            [
                Some(QueryField::Kind),
                Some(QueryField::Kind),
                Some(QueryField::Year),
                None,
                None,
                None
            ]
        );
        for field in QueryField::ALL {
            assert_eq!(QueryField::parse(field.name()), Some(field));
        }
    }
}
