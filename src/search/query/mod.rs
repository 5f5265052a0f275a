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

use std::fmt;

use crate::error::{Error, Result};
use crate::index::{FacetField, TextField};

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
    Area,
    Meeting,
    Kind,
    Year,
}

impl QueryField {
    pub const ALL: [QueryField; 9] = [
        QueryField::Text,
        QueryField::Title,
        QueryField::Heading,
        QueryField::Partner,
        QueryField::PartnerKind,
        QueryField::Area,
        QueryField::Meeting,
        QueryField::Kind,
        QueryField::Year,
    ];

    /// The name users type before the colon.
    pub fn name(self) -> &'static str {
        match self {
            QueryField::Text => "text",
            QueryField::Title => "title",
            QueryField::Heading => "heading",
            QueryField::Partner => "partner",
            QueryField::PartnerKind => "partner_kind",
            QueryField::Area => "area",
            QueryField::Meeting => "meeting",
            QueryField::Kind => "kind",
            QueryField::Year => "year",
        }
    }

    /// Accepts the name in any case, and the plural and schema spellings
    /// (`areas`, `meeting_types`).
    pub fn parse(name: &str) -> Option<QueryField> {
        let name = name.to_ascii_lowercase().replace('-', "_");
        let field = match name.as_str() {
            "areas" => QueryField::Area,
            "meetings" | "meeting_type" | "meeting_types" => QueryField::Meeting,
            "kinds" => QueryField::Kind,
            "partners" => QueryField::Partner,
            "partnerkind" => QueryField::PartnerKind,
            "area_heading" => QueryField::Heading,
            other => *QueryField::ALL.iter().find(|f| f.name() == other)?,
        };
        Some(field)
    }

    /// The facet a category field filters on; `None` for text fields.
    pub fn facet(self) -> Option<FacetField> {
        match self {
            QueryField::Partner => Some(FacetField::Partner),
            QueryField::PartnerKind => Some(FacetField::PartnerKind),
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
    let tokens = lex(text, &chars)?;
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
        depth: 0,
        terms: 0,
    };
    let root = parser.group(None, None)?;
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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Prefix(String),
    Phrase(String),
    Field(QueryField),
    LParen,
    RParen,
    And,
    Or,
    Not,
    Plus,
    Minus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    tok: Tok,
    pos: usize,
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

fn lex(text: &str, chars: &[char]) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                tokens.push(Token {
                    tok: Tok::LParen,
                    pos: i,
                });
                i += 1;
            }
            ')' => {
                tokens.push(Token {
                    tok: Tok::RParen,
                    pos: i,
                });
                i += 1;
            }
            '"' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .ok_or_else(|| {
                        syntax(text, i, "this quote is never closed; add a closing \"")
                    })?;
                let words: String = chars[i + 1..i + 1 + close].iter().collect();
                if words.trim().is_empty() {
                    return Err(syntax(text, i, "there is nothing between these quotes"));
                }
                tokens.push(Token {
                    tok: Tok::Phrase(words.trim().to_string()),
                    pos: i,
                });
                i += close + 2;
            }
            '+' | '-' => {
                let attached = chars
                    .get(i + 1)
                    .is_some_and(|&n| !is_word_end(n) || n == '(' || n == '"');
                if !attached {
                    let (what, example) = if c == '+' {
                        ("requires", "+finance")
                    } else {
                        ("excludes", "-finance")
                    };
                    return Err(syntax(
                        text,
                        i,
                        format!("'{c}' must be attached to what it {what}, as in {example}"),
                    ));
                }
                let tok = if c == '+' { Tok::Plus } else { Tok::Minus };
                tokens.push(Token { tok, pos: i });
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !is_word_end(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                lex_word(text, &word, start, &mut tokens)?;
            }
        }
    }
    Ok(tokens)
}

/// Classifies one run of non-space characters: an operator, `field:value`,
/// a prefix or a plain word.
fn lex_word(text: &str, word: &str, pos: usize, tokens: &mut Vec<Token>) -> Result<()> {
    let tok = match word {
        "AND" | "&&" => Some(Tok::And),
        "OR" | "||" => Some(Tok::Or),
        "NOT" => Some(Tok::Not),
        _ => None,
    };
    if let Some(tok) = tok {
        tokens.push(Token { tok, pos });
        return Ok(());
    }
    if let Some((name, value)) = word.split_once(':') {
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
            let field = QueryField::parse(name).ok_or_else(|| {
                let names: Vec<&str> = QueryField::ALL.iter().map(|f| f.name()).collect();
                syntax(
                    text,
                    pos,
                    format!("unknown field \"{name}\"; fields are {}", names.join(", ")),
                )
            })?;
            tokens.push(Token {
                tok: Tok::Field(field),
                pos,
            });
            let value_pos = pos + name.chars().count() + 1;
            if !value.is_empty() {
                lex_plain_word(text, value, value_pos, tokens)?;
            }
            return Ok(());
        }
    }
    lex_plain_word(text, word, pos, tokens)
}

fn lex_plain_word(text: &str, word: &str, pos: usize, tokens: &mut Vec<Token>) -> Result<()> {
    let stem = word.trim_end_matches('*');
    if let Some(star) = stem.chars().position(|c| c == '*') {
        return Err(syntax(
            text,
            pos + star,
            "'*' can only end a word, as in standard*",
        ));
    }
    let tok = if stem.len() == word.len() {
        Tok::Word(word.to_string())
    } else if stem.is_empty() {
        return Err(syntax(
            text,
            pos,
            "'*' needs letters before it, as in standard*",
        ));
    } else {
        Tok::Prefix(stem.to_string())
    };
    tokens.push(Token { tok, pos });
    Ok(())
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
    terms: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn end_pos(&self) -> usize {
        self.text.chars().count()
    }

    fn error(&self, pos: usize, message: impl Into<String>) -> Error {
        syntax(self.text, pos, message)
    }

    fn enter(&mut self, pos: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                pos,
                format!("the query nests too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    /// Items side by side, up to the end or (when `open` is the position of
    /// a '(') the matching ')'.
    fn group(&mut self, field: Option<QueryField>, open: Option<usize>) -> Result<Node> {
        let mut items = Vec::new();
        loop {
            let Some(token) = self.peek().cloned() else {
                if let Some(open) = open {
                    return Err(self.error(open, "this '(' is never closed; add a ')'"));
                }
                break;
            };
            match token.tok {
                Tok::RParen => match open {
                    Some(open) => {
                        self.next();
                        if items.is_empty() {
                            return Err(
                                self.error(open, "there is nothing between these parentheses")
                            );
                        }
                        break;
                    }
                    None => {
                        return Err(self.error(token.pos, "this ')' has no matching '('"));
                    }
                },
                Tok::Plus => {
                    self.next();
                    let node = self.or(field)?;
                    items.push(match node {
                        Node::Not(inner) => (Occur::MustNot, *inner),
                        node => (Occur::Must, node),
                    });
                }
                _ => {
                    let node = self.or(field)?;
                    items.push(match node {
                        Node::Not(inner) => (Occur::MustNot, *inner),
                        node => (Occur::Should, node),
                    });
                }
            }
        }
        Ok(Node::Group(items))
    }

    /// Checks that a binary operator at `pos` has something after it.
    fn operand_after(&self, name: &str, pos: usize) -> Result<()> {
        match self.peek().map(|t| &t.tok) {
            None | Some(Tok::RParen) | Some(Tok::And) | Some(Tok::Or) => Err(self.error(
                pos,
                format!("{name} needs something after it, as in finance {name} banks"),
            )),
            _ => Ok(()),
        }
    }

    fn or(&mut self, field: Option<QueryField>) -> Result<Node> {
        let mut operands = vec![self.and(field)?];
        while let Some(Token { tok: Tok::Or, pos }) = self.peek().cloned() {
            self.next();
            self.operand_after("OR", pos)?;
            operands.push(self.and(field)?);
        }
        Ok(if operands.len() == 1 {
            operands.remove(0)
        } else {
            Node::Or(operands)
        })
    }

    fn and(&mut self, field: Option<QueryField>) -> Result<Node> {
        let mut operands = vec![self.unary(field)?];
        while let Some(Token { tok: Tok::And, pos }) = self.peek().cloned() {
            self.next();
            self.operand_after("AND", pos)?;
            operands.push(self.unary(field)?);
        }
        Ok(if operands.len() == 1 {
            operands.remove(0)
        } else {
            Node::And(operands)
        })
    }

    fn unary(&mut self, field: Option<QueryField>) -> Result<Node> {
        match self.peek().cloned() {
            Some(Token { tok: Tok::Not, pos })
            | Some(Token {
                tok: Tok::Minus,
                pos,
            }) => {
                self.next();
                if matches!(
                    self.peek().map(|t| &t.tok),
                    None | Some(Tok::RParen) | Some(Tok::And) | Some(Tok::Or)
                ) {
                    return Err(self.error(pos, "NOT needs something after it, as in NOT bonds"));
                }
                self.enter(pos)?;
                let inner = self.unary(field)?;
                self.depth -= 1;
                Ok(Node::Not(Box::new(inner)))
            }
            Some(Token { tok: Tok::Plus, .. }) => {
                // A '+' inside an OR or AND adds nothing: its operand is
                // already required or optional by the operator.
                self.next();
                self.unary(field)
            }
            _ => self.primary(field),
        }
    }

    fn count_term(&mut self, pos: usize) -> Result<()> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(self.error(
                pos,
                format!("the query has too many words (at most {MAX_TERMS})"),
            ));
        }
        Ok(())
    }

    fn primary(&mut self, field: Option<QueryField>) -> Result<Node> {
        let Some(token) = self.next() else {
            return Err(self.error(self.end_pos(), "the query ends too early"));
        };
        match token.tok {
            Tok::Word(word) => {
                self.count_term(token.pos)?;
                Ok(Node::Term {
                    field,
                    word,
                    pos: token.pos,
                })
            }
            Tok::Prefix(stem) => {
                self.count_term(token.pos)?;
                Ok(Node::Prefix {
                    field,
                    stem,
                    pos: token.pos,
                })
            }
            Tok::Phrase(words) => {
                self.count_term(token.pos)?;
                Ok(Node::Phrase {
                    field,
                    words,
                    pos: token.pos,
                })
            }
            Tok::LParen => {
                self.enter(token.pos)?;
                let group = self.group(field, Some(token.pos))?;
                self.depth -= 1;
                Ok(group)
            }
            Tok::Field(named) => match self.peek().map(|t| &t.tok) {
                Some(Tok::Word(_) | Tok::Prefix(_) | Tok::Phrase(_) | Tok::LParen) => {
                    self.primary(Some(named))
                }
                _ => Err(self.error(
                    token.pos,
                    format!(
                        "{0}: needs a value right after it, as in {0}:{1}",
                        named.name(),
                        example_value(named)
                    ),
                )),
            },
            Tok::And | Tok::Or => {
                let name = if token.tok == Tok::And { "AND" } else { "OR" };
                Err(self.error(
                    token.pos,
                    format!("{name} needs something before it, as in finance {name} banks"),
                ))
            }
            Tok::RParen => Err(self.error(token.pos, "this ')' has no matching '('")),
            Tok::Not | Tok::Minus | Tok::Plus => {
                // unary() consumes these before primary() is reached.
                Err(self.error(token.pos, "misplaced operator"))
            }
        }
    }
}

impl Node {
    /// The tree as query text that parses back to the same tree: the
    /// canonical spelling of what was typed, each word with its own field.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        let field = |out: &mut String, field: &Option<QueryField>| {
            if let Some(field) = field {
                out.push_str(field.name());
                out.push(':');
            }
        };
        let join = |out: &mut String, op: &str, nodes: &[Node]| {
            for (i, node) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push_str(op);
                }
                node.render_nested(out);
            }
        };
        match self {
            Node::Term { field: f, word, .. } => {
                field(out, f);
                out.push_str(word);
            }
            Node::Prefix { field: f, stem, .. } => {
                field(out, f);
                out.push_str(stem);
                out.push('*');
            }
            Node::Phrase {
                field: f, words, ..
            } => {
                field(out, f);
                out.push('"');
                out.push_str(words);
                out.push('"');
            }
            Node::Group(items) => {
                for (i, (occur, node)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    match occur {
                        Occur::Should => {}
                        Occur::Must => out.push('+'),
                        Occur::MustNot => out.push('-'),
                    }
                    node.render_nested(out);
                }
            }
            Node::And(nodes) => join(out, " AND ", nodes),
            Node::Or(nodes) => join(out, " OR ", nodes),
            Node::Not(node) => {
                out.push_str("NOT ");
                node.render_nested(out);
            }
        }
    }

    /// A group below the top level needs its parentheses back.
    fn render_nested(&self, out: &mut String) {
        if let Node::Group(_) = self {
            out.push('(');
            self.render_into(out);
            out.push(')');
        } else {
            self.render_into(out);
        }
    }

    /// The same tree with every position zeroed, to compare shapes.
    fn without_positions(&self) -> Node {
        match self {
            Node::Term { field, word, .. } => Node::Term {
                field: *field,
                word: word.clone(),
                pos: 0,
            },
            Node::Prefix { field, stem, .. } => Node::Prefix {
                field: *field,
                stem: stem.clone(),
                pos: 0,
            },
            Node::Phrase { field, words, .. } => Node::Phrase {
                field: *field,
                words: words.clone(),
                pos: 0,
            },
            Node::Group(items) => Node::Group(
                items
                    .iter()
                    .map(|(o, n)| (*o, n.without_positions()))
                    .collect(),
            ),
            Node::And(nodes) => Node::And(nodes.iter().map(Node::without_positions).collect()),
            Node::Or(nodes) => Node::Or(nodes.iter().map(Node::without_positions).collect()),
            Node::Not(node) => Node::Not(Box::new(node.without_positions())),
        }
    }
}

/// Checks the parser's promises on one input: an error points inside the
/// query, and a parsed query renders to text that parses back to the same
/// tree (when the rendering, which spells out every field, still fits the
/// length limit). The error says which promise broke. Used by the fuzzers
/// and the property tests.
#[doc(hidden)]
pub fn check_round_trip(text: &str) -> std::result::Result<(), String> {
    match parse(text) {
        Err(Error::QuerySyntax { position, .. }) => {
            let len = text.chars().count();
            if position > len {
                return Err(format!(
                    "{text:?}: error at {position}, past the end ({len})"
                ));
            }
            Ok(())
        }
        Err(e) => Err(format!("{text:?}: not a syntax error: {e}")),
        Ok(query) => {
            let rendered = query.root.render();
            if rendered.chars().count() > MAX_QUERY_CHARS {
                return Ok(());
            }
            match parse(&rendered) {
                Ok(again) if again.root.without_positions() == query.root.without_positions() => {
                    Ok(())
                }
                Ok(again) => Err(format!(
                    "{text:?} parses as {} but its rendering {rendered:?} as {}",
                    query.root, again.root
                )),
                Err(e) => Err(format!(
                    "{text:?} parses but its rendering {rendered:?} does not: {e}"
                )),
            }
        }
    }
}

fn example_value(field: QueryField) -> &'static str {
    match field {
        QueryField::Text => "finance",
        QueryField::Title => "plenary",
        QueryField::Heading => "health",
        QueryField::Partner => "Beijing",
        QueryField::PartnerKind => "municipality",
        QueryField::Area => "health",
        QueryField::Meeting => "plenary",
        QueryField::Kind => "agreement",
        QueryField::Year => "2023",
    }
}

/// A compact form of the tree, for tests and debugging output:
/// groups in parentheses, `+`/`-` for required and excluded items,
/// operators as prefixes.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = |field: &Option<QueryField>| match field {
            Some(field) => format!("{}:", field.name()),
            None => String::new(),
        };
        let list = |f: &mut fmt::Formatter<'_>, op: &str, nodes: &[Node]| {
            write!(f, "({op}")?;
            for node in nodes {
                write!(f, " {node}")?;
            }
            write!(f, ")")
        };
        match self {
            Node::Term {
                field: fd, word, ..
            } => write!(f, "{}{word}", field(fd)),
            Node::Prefix {
                field: fd, stem, ..
            } => write!(f, "{}{stem}*", field(fd)),
            Node::Phrase {
                field: fd, words, ..
            } => write!(f, "{}\"{words}\"", field(fd)),
            Node::Group(items) => {
                write!(f, "(")?;
                for (i, (occur, node)) in items.iter().enumerate() {
                    let sign = match occur {
                        Occur::Should => "",
                        Occur::Must => "+",
                        Occur::MustNot => "-",
                    };
                    let sep = if i == 0 { "" } else { " " };
                    write!(f, "{sep}{sign}{node}")?;
                }
                write!(f, ")")
            }
            Node::And(nodes) => list(f, "AND", nodes),
            Node::Or(nodes) => list(f, "OR", nodes),
            Node::Not(node) => write!(f, "(NOT {node})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(query: &str) -> String {
        match parse(query) {
            Ok(q) => q.root.to_string(),
            Err(e) => panic!("{query:?} did not parse: {e}"),
        }
    }

    /// The error position and message for a query that must fail.
    fn error(query: &str) -> (usize, String) {
        match parse(query) {
            Ok(q) => panic!("{query:?} parsed as {}", q.root),
            Err(Error::QuerySyntax {
                position, message, ..
            }) => (position, message),
            Err(e) => panic!("{query:?}: unexpected error {e}"),
        }
    }

    #[test]
    fn plain_words_form_a_group() {
        assert_eq!(tree("chinese medicine"), "(chinese medicine)");
        assert_eq!(tree("  finance  "), "(finance)");
        assert_eq!(
            tree("co-operation Hong Kong's"),
            "(co-operation Hong Kong's)"
        );
    }

    #[test]
    fn an_empty_query_matches_everything() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   \t ").unwrap().is_empty());
        assert!(!parse("a").unwrap().is_empty());
    }

    #[test]
    fn phrases_prefixes_and_fields() {
        assert_eq!(tree("\"green finance\" bank*"), "(\"green finance\" bank*)");
        assert_eq!(tree("standard*"), "(standard*)");
        assert_eq!(tree("partner:Beijing"), "(partner:Beijing)");
        assert_eq!(tree("AREA:health"), "(area:health)");
        assert_eq!(tree("meeting_types:plenary"), "(meeting:plenary)");
        assert_eq!(
            tree("partner:\"Inner Mongolia\""),
            "(partner:\"Inner Mongolia\")"
        );
        assert_eq!(tree("partner: Beijing"), "(partner:Beijing)");
        assert_eq!(tree("title:plen*"), "(title:plen*)");
        assert_eq!(
            tree("area:(health OR finance) bonds"),
            "(((OR area:health area:finance)) bonds)"
        );
        assert_eq!(tree("title:(a text:b)"), "((title:a text:b))");
    }

    #[test]
    fn colons_that_do_not_name_a_field_stay_in_the_word() {
        assert_eq!(tree("10:30"), "(10:30)");
        assert_eq!(tree(":x"), "(:x)");
    }

    #[test]
    fn operators_bind_not_and_or_in_that_order() {
        assert_eq!(tree("a AND b OR c"), "((OR (AND a b) c))");
        assert_eq!(tree("a OR b AND c"), "((OR a (AND b c)))");
        assert_eq!(tree("a b OR c d"), "(a (OR b c) d)");
        assert_eq!(tree("NOT a AND b"), "((AND (NOT a) b))");
        assert_eq!(tree("a && b || c"), "((OR (AND a b) c))");
        assert_eq!(tree("(a OR b) AND c"), "((AND ((OR a b)) c))");
    }

    #[test]
    fn lower_case_operators_are_words() {
        assert_eq!(
            tree("research and development"),
            "(research and development)"
        );
        assert_eq!(tree("not or"), "(not or)");
    }

    #[test]
    fn signs_and_not_make_required_and_excluded_items() {
        assert_eq!(tree("+finance -bonds green"), "(+finance -bonds green)");
        assert_eq!(tree("NOT bonds"), "(-bonds)");
        assert_eq!(tree("-(a b)"), "(-(a b))");
        assert_eq!(tree("+-a"), "(-a)");
        assert_eq!(tree("a OR -b"), "((OR a (NOT b)))");
        assert_eq!(tree("a OR +b"), "((OR a b))");
        assert_eq!(tree("NOT NOT a"), "(-(NOT a))");
        assert_eq!(tree("-\"green finance\""), "(-\"green finance\")");
    }

    #[test]
    fn hyphens_inside_words_are_not_operators() {
        assert_eq!(tree("high-level co-operation"), "(high-level co-operation)");
        assert_eq!(tree("a-"), "(a-)");
    }

    #[test]
    fn unbalanced_quotes_point_at_the_open_quote() {
        assert_eq!(error("chinese \"medicine").0, 8);
        assert!(error("\"").1.contains("never closed"));
        assert!(error("a \"\" b").1.contains("nothing between"));
        assert_eq!(error("a \"  \"").0, 2);
    }

    #[test]
    fn unbalanced_parentheses_point_at_the_culprit() {
        assert_eq!(error("(a b").0, 0);
        assert!(error("(a b").1.contains("never closed"));
        assert_eq!(error("a b)").0, 3);
        assert!(error("a b)").1.contains("no matching"));
        assert_eq!(error("((a)").0, 0);
        assert_eq!(error("a ()").0, 2);
        assert_eq!(error(")(").0, 0);
    }

    #[test]
    fn lone_operators_are_errors() {
        assert_eq!(
            error("AND"),
            (
                0,
                "AND needs something before it, as in finance AND banks".into()
            )
        );
        assert_eq!(
            error("a OR"),
            (
                2,
                "OR needs something after it, as in finance OR banks".into()
            )
        );
        assert_eq!(error("a AND OR b").0, 2);
        assert_eq!(error("NOT").0, 0);
        assert_eq!(error("a NOT").0, 2);
        assert_eq!(error("(NOT)").0, 1);
        assert_eq!(error("a - b").0, 2);
        assert_eq!(error("-").0, 0);
        assert_eq!(error("a +").0, 2);
        assert_eq!(error("OR a").0, 0);
    }

    #[test]
    fn stars_only_end_words() {
        assert_eq!(error("*").0, 0);
        assert_eq!(error("a st*ndard").0, 4);
        assert_eq!(tree("bank**"), "(bank*)");
        assert_eq!(error("partner:*").0, 8);
    }

    #[test]
    fn unknown_fields_and_missing_values_are_named() {
        let (pos, message) = error("chinese parter:Beijing");
        assert_eq!(pos, 8);
        assert!(message.contains("unknown field \"parter\""), "{message}");
        assert!(message.contains("partner"), "{message}");
        let (pos, message) = error("a partner:");
        assert_eq!(pos, 2);
        assert!(message.contains("partner:Beijing"), "{message}");
        assert_eq!(error("partner:)").0, 0);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_eq!(error("médecine chinoise (").0, 18);
        assert_eq!(error("中医 \"标准").0, 3);
    }

    #[test]
    fn hostile_inputs_are_bounded() {
        let long = "a ".repeat(MAX_QUERY_CHARS);
        assert!(error(&long).1.contains("too long"));
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(error(&deep).1.contains("nests too deeply"));
        let nots = format!("{}a", "NOT ".repeat(200));
        assert!(error(&nots).1.contains("nests too deeply"));
        let many = "w ".repeat(MAX_TERMS + 1);
        assert!(error(&many).1.contains("too many words"));
        assert_eq!(
            tree(&"w ".repeat(MAX_TERMS)).matches('w').count(),
            MAX_TERMS
        );
    }

    #[test]
    fn rendering_spells_the_tree_as_a_query() {
        for (query, rendered) in [
            ("a AND b OR c", "a AND b OR c"),
            ("title:(a b) -c", "(title:a title:b) -c"),
            ("NOT NOT a", "-NOT a"),
            ("+(a OR b) \"x  y\" st*", "+(a OR b) \"x  y\" st*"),
            ("a OR -b", "a OR NOT b"),
            ("partner:-x 10:30", "partner:-x 10:30"),
            // Found by fuzzing: a parenthesised operand kept its parentheses.
            ("+fin* -bank (a OR b) AND c", "+fin* -bank (a OR b) AND c"),
        ] {
            assert_eq!(parse(query).unwrap().root.render(), rendered, "{query}");
            assert_eq!(check_round_trip(query), Ok(()));
        }
    }

    #[test]
    fn odd_characters_never_panic() {
        for query in [
            "\u{0}",
            "\"\"\"",
            "((((",
            "))))",
            "+-+-",
            "a:b:c",
            "::",
            "-\"",
            "+(",
            "NOT (",
            "\u{200b}",
            "a\u{301}*",
            "🙂*",
            "*🙂",
            "a OR (b AND",
            "x:",
            "year:",
            "\"a\"\"b\"",
        ] {
            assert_eq!(check_round_trip(query), Ok(()));
        }
    }
}
