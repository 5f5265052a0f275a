//! The lexer: query text to tokens, each with the character position where
//! it starts.
//!
//! It decides what a run of characters is (a word, a `prefix*`, a quoted
//! phrase, `field:`, a parenthesis, an operator or a sign) and refuses what
//! no parser could use: an unclosed or empty quote, a detached `+` or `-`,
//! a `*` inside a word, an unknown field name. How tokens combine (operator
//! precedence, groups, what may follow what) is left to `parse`.

use super::{syntax, QueryField};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
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

/// A token and the character position where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub tok: Tok,
    pub pos: usize,
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

/// The tokens of a query; `chars` are the query's characters, so positions
/// count characters, not bytes.
pub(super) fn lex(text: &str, chars: &[char]) -> Result<Vec<Token>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::tests::{error, tree};

    /// The tokens of a query, which must lex.
    fn tokens(query: &str) -> Vec<(Tok, usize)> {
        let chars: Vec<char> = query.chars().collect();
        lex(query, &chars)
            .unwrap()
            .into_iter()
            .map(|t| (t.tok, t.pos))
            .collect()
    }

    #[test]
    fn each_kind_of_token_is_told_apart() {
        assert_eq!(
            tokens("+a -(b) \"c  d\" title:st* AND OR || NOT and"),
            [
                (Tok::Plus, 0),
                (Tok::Word("a".into()), 1),
                (Tok::Minus, 3),
                (Tok::LParen, 4),
                (Tok::Word("b".into()), 5),
                (Tok::RParen, 6),
                (Tok::Phrase("c  d".into()), 8),
                (Tok::Field(QueryField::Title), 15),
                (Tok::Prefix("st".into()), 21),
                (Tok::And, 25),
                (Tok::Or, 29),
                (Tok::Or, 32),
                (Tok::Not, 35),
                (Tok::Word("and".into()), 39),
            ]
        );
    }

    #[test]
    fn a_field_with_nothing_after_the_colon_is_a_field_alone() {
        assert_eq!(
            tokens("partner: é*"),
            [
                (Tok::Field(QueryField::Partner), 0),
                (Tok::Prefix("é".into()), 9),
            ]
        );
        assert_eq!(tokens("10:30"), [(Tok::Word("10:30".into()), 0)]);
    }

    #[test]
    fn colons_that_do_not_name_a_field_stay_in_the_word() {
        assert_eq!(tree("10:30"), "(10:30)");
        assert_eq!(tree(":x"), "(:x)");
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
}
