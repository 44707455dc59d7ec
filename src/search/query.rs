//! The query language, parsed into a small tree before tantivy sees anything.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary+
//! unary   := "-" atom | atom
//! atom    := "(" or ")" | phrase | FIELD ":" (word | phrase) | word
//! phrase  := '"' words '"'
//! ```
//! Words side by side are all required (in the default mode; see `search::Mode`). Limits are
//! checked on the raw string first (length, nesting depth, number of words), so a hostile
//! query costs a linear scan and a one-line error, never a stack overflow.

use crate::error::{user, UserError};
use crate::text::fold::ascii_punct;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Deepest parenthesis nesting accepted.
pub const MAX_DEPTH: usize = 16;
/// Most words (including words inside phrases) accepted.
pub const MAX_WORDS: usize = 64;
/// Field names a query may use as `FIELD:value`.
pub const FIELDS: [&str; 3] = ["outlet", "speaker", "entity"];

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// One word as the user typed it (analysed later).
    Word(String),
    /// Words that must appear in this order, side by side.
    Phrase(String),
    /// `field:value`.
    Field(String, String),
    /// All of these (positives) and none of the negated ones.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(String),
    Field(String, String),
    Open,
    Close,
    Minus,
    Or,
}

/// Parses `input`, or explains in one line why it cannot.
pub fn parse(input: &str) -> Result<Node, UserError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(UserError::new(format!(
            "query too long: {chars} characters (at most {MAX_QUERY_CHARS})"
        )));
    }
    check_depth(input)?;
    let toks = lex(input)?;
    let words: usize = toks
        .iter()
        .map(|t| match t {
            Tok::Word(_) => 1,
            Tok::Phrase(p) | Tok::Field(_, p) => p.split_whitespace().count().max(1),
            _ => 0,
        })
        .sum();
    if words > MAX_WORDS {
        return Err(UserError::new(format!("query has too many words: {words} (at most {MAX_WORDS})")));
    }
    let mut p = Parser { toks, pos: 0 };
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return Err(UserError::new("unbalanced parentheses: `)` without `(`"));
    }
    if !has_positive(&node) {
        return Err(UserError::new(
            "query has nothing to look for: add a word, phrase or field (exclusions alone match nothing)",
        ));
    }
    Ok(node)
}

fn check_depth(input: &str) -> Result<(), UserError> {
    let mut depth = 0usize;
    let mut in_phrase = false;
    for c in input.chars().map(ascii_punct) {
        match c {
            '"' => in_phrase = !in_phrase,
            '(' if !in_phrase => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(UserError::new(format!(
                        "query nests parentheses too deeply (at most {MAX_DEPTH} levels)"
                    )));
                }
            }
            ')' if !in_phrase => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn lex(input: &str) -> Result<Vec<Tok>, UserError> {
    let chars: Vec<char> = input.chars().map(ascii_punct).collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let read_phrase = |i: &mut usize| -> Result<String, UserError> {
        let open = *i;
        *i += 1;
        let start = *i;
        while *i < chars.len() && chars[*i] != '"' {
            *i += 1;
        }
        if *i == chars.len() {
            return Err(UserError::new(format!(
                "unbalanced quote: the `\"` at character {} is never closed",
                open + 1
            )));
        }
        let s: String = chars[start..*i].iter().collect();
        *i += 1;
        Ok(s)
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push(Tok::Open);
            i += 1;
        } else if c == ')' {
            toks.push(Tok::Close);
            i += 1;
        } else if c == '"' {
            toks.push(Tok::Phrase(read_phrase(&mut i)?));
        } else if c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
            toks.push(Tok::Minus);
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')' | '"') {
                if chars[i] == ':' && i > start && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let is_field = i < chars.len()
                && chars[i] == ':'
                && word.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
            if is_field {
                i += 1;
                let field = word.to_ascii_lowercase();
                if !FIELDS.contains(&field.as_str()) {
                    return Err(UserError::new(format!(
                        "unknown field `{word}:` (known fields: {})",
                        FIELDS.join(", ")
                    )));
                }
                let value = if i < chars.len() && chars[i] == '"' {
                    read_phrase(&mut i)?
                } else {
                    let s = i;
                    while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
                        i += 1;
                    }
                    chars[s..i].iter().collect()
                };
                if value.trim().is_empty() {
                    return Err(UserError::new(format!("field `{field}:` needs a value")));
                }
                toks.push(Tok::Field(field, value));
            } else if word == "OR" {
                toks.push(Tok::Or);
            } else if i < chars.len() && chars[i] == ':' {
                // `word:` followed by more text with a non-name prefix, e.g. `3:30`.
                let s = i;
                while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')' | '"') {
                    i += 1;
                }
                let rest: String = chars[s..i].iter().collect();
                toks.push(Tok::Word(word + &rest));
            } else {
                toks.push(Tok::Word(word));
            }
        }
    }
    Ok(toks)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn or(&mut self) -> Result<Node, UserError> {
        let mut alts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or)) {
                return Err(UserError::new("`OR` needs a term on each side"));
            }
            alts.push(self.and()?);
        }
        Ok(if alts.len() == 1 { alts.pop().unwrap_or(Node::And(vec![])) } else { Node::Or(alts) })
    }

    fn and(&mut self) -> Result<Node, UserError> {
        let mut parts = Vec::new();
        while let Some(t) = self.peek() {
            if matches!(t, Tok::Or | Tok::Close) {
                break;
            }
            parts.push(self.unary()?);
        }
        if parts.is_empty() {
            return Err(UserError::new(match self.peek() {
                Some(Tok::Or) => "`OR` needs a term on each side",
                Some(Tok::Close) => "empty parentheses or `)` without `(`",
                _ => "query is empty",
            }));
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap_or(Node::And(vec![])) } else { Node::And(parts) })
    }

    fn unary(&mut self) -> Result<Node, UserError> {
        if self.peek() == Some(&Tok::Minus) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Minus) | Some(Tok::Or) | Some(Tok::Close)) {
                return Err(UserError::new("`-` must be followed by a word, phrase or group"));
            }
            return Ok(Node::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, UserError> {
        let tok = self.toks.get(self.pos).cloned();
        self.pos += 1;
        match tok {
            Some(Tok::Word(w)) => Ok(Node::Word(w)),
            Some(Tok::Phrase(p)) => Ok(Node::Phrase(p)),
            Some(Tok::Field(f, v)) => Ok(Node::Field(f, v)),
            Some(Tok::Open) => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(UserError::new("unbalanced parentheses: `(` is never closed"));
                }
                self.pos += 1;
                Ok(inner)
            }
            _ => Err(UserError::new("unexpected end of query")),
        }
    }
}

/// True when `node` can match something by itself (not only exclusions). A field alone
/// (`entity:"Harry Kane"`) lists the passages it selects.
pub fn has_positive(node: &Node) -> bool {
    match node {
        Node::Word(_) | Node::Phrase(_) | Node::Field(..) => true,
        Node::Not(_) => false,
        Node::And(v) => v.iter().any(has_positive),
        Node::Or(v) => v.iter().all(has_positive),
    }
}

/// For callers that build errors from parse failures.
pub fn parse_anyhow(input: &str) -> anyhow::Result<Node> {
    parse(input).map_err(|e| user(e.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(s.into())
    }

    #[test]
    fn words_phrases_negation_or_and_fields() {
        assert_eq!(parse("Kane penalty").unwrap(), Node::And(vec![w("Kane"), w("penalty")]));
        assert_eq!(
            parse("“missed penalty” -Rooney").unwrap(),
            Node::And(vec![Node::Phrase("missed penalty".into()), Node::Not(Box::new(w("Rooney")))])
        );
        assert_eq!(
            parse("Kane OR Giroud header").unwrap(),
            Node::Or(vec![w("Kane"), Node::And(vec![w("Giroud"), w("header")])])
        );
        assert_eq!(
            parse("(Kane OR Giroud) outlet:\"The National\"").unwrap(),
            Node::And(vec![
                Node::Or(vec![w("Kane"), w("Giroud")]),
                Node::Field("outlet".into(), "The National".into())
            ])
        );
        assert_eq!(parse("2-1 world-class").unwrap(), Node::And(vec![w("2-1"), w("world-class")]));
        assert_eq!(parse("kick-off at 3:30").unwrap(), Node::And(vec![w("kick-off"), w("at"), w("3:30")]));
    }

    #[test]
    fn bad_queries_get_one_line_errors() {
        for (q, needle) in [
            ("\"unbalanced", "unbalanced quote"),
            ("nosuchfield:x", "unknown field `nosuchfield:`"),
            ("(Kane", "never closed"),
            ("Kane)", "without `(`"),
            ("-Kane", "nothing to look for"),
            ("Kane OR", "`OR` needs a term"),
            ("", "empty"),
            ("-outlet:AFP", "nothing to look for"),
        ] {
            let err = parse(q).unwrap_err().0;
            assert!(err.contains(needle), "{q:?} gave {err:?}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn limits_hold_before_any_recursion() {
        let deep = format!("{}Kane{}", "(".repeat(20_000), ")".repeat(20_000));
        assert!(parse(&deep).unwrap_err().0.contains("too long"));
        let deep = format!("{}Kane{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert!(parse(&deep).unwrap_err().0.contains("too deeply"));
        let ok = format!("{}Kane{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(parse(&ok).unwrap(), w("Kane"));
        let many = vec!["w"; 10_000].join(" ");
        assert!(parse(&many).unwrap_err().0.contains("too long"));
        let many = vec!["w"; MAX_WORDS + 1].join(" ");
        assert!(parse(&many).unwrap_err().0.contains("too many words"));
    }
}
