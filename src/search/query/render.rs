//! The renderer: a syntax tree back to text.
//!
//! [`Node::render`] spells a tree as query text that parses back to the
//! same tree (the canonical form, each word with its own field);
//! [`Display`](fmt::Display) gives the compact form tests and debugging
//! output use. [`check_round_trip`] holds the two halves of the front end
//! to each other for the fuzzers and property tests. Reading text is left
//! to `lex` and `parse`.

use std::fmt;

use super::{parse, Node, Occur, QueryField, MAX_QUERY_CHARS};
use crate::error::Error;

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
    use crate::search::query::tests::tree;

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

    #[test]
    fn the_compact_form_shows_fields_signs_and_operators() {
        assert_eq!(
            tree("partner:Beijing +\"green finance\" -st* (a OR b AND NOT c)"),
            "(partner:Beijing +\"green finance\" -st* ((OR a (AND b (NOT c)))))"
        );
    }

    #[test]
    fn positions_are_zeroed_to_compare_shapes() {
        let a = parse("x  y").unwrap().root;
        let b = parse("x y").unwrap().root;
        assert_ne!(a, b);
        assert_eq!(a.without_positions(), b.without_positions());
    }

    #[test]
    fn a_broken_promise_is_reported() {
        assert_eq!(check_round_trip("(a"), Ok(()));
        assert_eq!(check_round_trip("a b"), Ok(()));
        // A rendering that does not fit the limit is not checked.
        assert_eq!(check_round_trip(&"title:(a b c) ".repeat(70)), Ok(()));
    }
}
