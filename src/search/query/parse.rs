//! The parser: tokens to the syntax tree.
//!
//! A query is a group of items side by side; each item is an OR of ANDs of
//! unary items (NOT, `-`, `+`) over words, phrases, prefixes, `field:`
//! values and parenthesised groups, so NOT binds tightest, then AND, then
//! OR. The parser enforces the depth and word limits and names, for every
//! misplaced token, the position and what would work instead. Cutting the
//! text into tokens is `lex`'s job; spelling a tree back is `render`'s.

use super::lex::{Tok, Token};
use super::{syntax, Node, Occur, QueryField, MAX_DEPTH, MAX_TERMS};
use crate::error::{Error, Result};

/// Reads tokens into a tree, counting nesting depth and words as it goes.
pub(super) struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
    terms: usize,
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a str, tokens: Vec<Token>) -> Parser<'a> {
        Parser {
            text,
            tokens,
            at: 0,
            depth: 0,
            terms: 0,
        }
    }

    /// The whole query: one top-level group.
    pub(super) fn query(mut self) -> Result<Node> {
        self.group(None, None)
    }

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

fn example_value(field: QueryField) -> &'static str {
    match field {
        QueryField::Text => "finance",
        QueryField::Title => "plenary",
        QueryField::Heading => "health",
        QueryField::Partner => "Beijing",
        QueryField::Province => "Guangdong",
        QueryField::PartnerKind => "municipality",
        QueryField::Area => "health",
        QueryField::Meeting => "plenary",
        QueryField::Kind => "agreement",
        QueryField::Year => "2023",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::tests::{error, tree};
    use crate::search::query::MAX_QUERY_CHARS;

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
    fn a_field_before_a_group_applies_to_its_words() {
        let chars: Vec<char> = "title:(a -b)".chars().collect();
        let tokens = crate::search::query::lex::lex("title:(a -b)", &chars).unwrap();
        let title = Some(QueryField::Title);
        assert_eq!(
            Parser::new("title:(a -b)", tokens).query().unwrap(),
            Node::Group(vec![(
                Occur::Should,
                Node::Group(vec![
                    (
                        Occur::Should,
                        Node::Term {
                            field: title,
                            word: "a".into(),
                            pos: 7,
                        }
                    ),
                    (
                        Occur::MustNot,
                        Node::Term {
                            field: title,
                            word: "b".into(),
                            pos: 10,
                        }
                    ),
                ])
            )])
        );
    }
}
