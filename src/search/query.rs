//! The query language, parsed into a small tree before tantivy sees anything.
//!
//! ```text
//! query   := or
//! or      := and (("OR" | "||") and)*
//! and     := unary (("AND" | "&&")? unary)*
//! unary   := ("-" | "NOT" | "+")* atom
//! atom    := "(" or ")" | phrase | FIELD ":" (word | phrase) | "date:" DATES | "event:" EVENT
//!          | "minute:" MINUTES | word "*" | word
//! phrase  := OPEN words CLOSE      (" “ ” „ « » and ‘ ’ open and close phrases)
//! ```
//! Words side by side are all required (in the default mode; see `search::Mode`); `AND` says the
//! same thing aloud; `+word` keeps a word required even when a search is widened. The habits
//! users bring from other engines are read as they mean them, and anything that is not
//! understood (a dangling `OR`, a lone `*`, `~` or `^`, a quote never closed) becomes a
//! warning in [`Parsed::warnings`], never a word searched in silence. Limits are checked on the
//! raw string first (length), then on the tokens (nesting depth, number of words): a hostile
//! query costs a linear scan and a one-line error, never a stack overflow.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::error::{user, UserError};
use crate::text::fold::ascii_punct;
use crate::text::words;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Deepest parenthesis nesting accepted.
pub const MAX_DEPTH: usize = 16;
/// Most words (including words inside phrases) accepted.
pub const MAX_WORDS: usize = 64;
/// Field names a query may use as `FIELD:value`.
pub const FIELDS: [&str; 6] = ["outlet", "speaker", "entity", "date", "event", "minute"];
/// Shortest prefix `word*` expands (shorter ones would match most of the dictionary).
pub const MIN_PREFIX_CHARS: usize = 2;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// One word as the user typed it (analysed later).
    Word(String),
    /// `word*`: any indexed word starting with this, as typed without the `*`.
    Prefix(String),
    /// Words that must appear in this order, side by side.
    Phrase(String),
    /// `field:value`.
    Field(String, String),
    /// `date:...`: articles published in this range.
    Date(DateRange),
    /// All of these (positives) and none of the negated ones.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
    /// `+word`: required in every mode, even when the search is widened.
    Must(Box<Node>),
}

/// A parsed query and what in it was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub node: Node,
    /// One line per thing ignored or read in a particular way.
    pub warnings: Vec<String>,
}

/// Publication times from `from` (inclusive) to `until` (exclusive); either may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct DateRange {
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl DateRange {
    /// Both ranges at once (the later start, the earlier end).
    pub fn intersect(self, other: DateRange) -> DateRange {
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        DateRange { from, until }
    }

    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the days it covers (UTC): `[first day, day after last)`.
fn date_span(s: &str) -> Option<(Timestamp, Timestamp)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<i16> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
    };
    let (start, end) = match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            (Date::new(y, 1, 1).ok()?, Date::new(y.checked_add(1)?, 1, 1).ok()?)
        }
        [y, m] => {
            let d = Date::new(num(y, 4)?, num(m, 2)? as i8, 1).ok()?;
            (d, d.checked_add(jiff::Span::new().months(1)).ok()?)
        }
        [y, m, d] => {
            let d = Date::new(num(y, 4)?, num(m, 2)? as i8, num(d, 2)? as i8).ok()?;
            (d, d.tomorrow().ok()?)
        }
        _ => return None,
    };
    let at = |d: Date| TimeZone::UTC.to_timestamp(jiff::civil::DateTime::from(d)).ok();
    Some((at(start)?, at(end)?))
}

const DATE_FORMS: &str = "YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 2022-12..2023-01";

/// A `date:` value: one day, month or year, or `A..B` (either side may be left out); both ends
/// inclusive of their whole day, month or year.
pub fn parse_date_range(value: &str) -> Result<DateRange, UserError> {
    let bad = || UserError::new(format!("cannot read the date `{value}`: expected {DATE_FORMS}"));
    match value.split_once("..") {
        Some((a, b)) => {
            let from = if a.trim().is_empty() { None } else { Some(date_span(a).ok_or_else(bad)?.0) };
            let until = if b.trim().is_empty() { None } else { Some(date_span(b).ok_or_else(bad)?.1) };
            if from.is_none() && until.is_none() {
                return Err(bad());
            }
            if let (Some(f), Some(u)) = (from, until) {
                if u <= f {
                    return Err(UserError::new(format!("the date range `{value}` ends before it starts")));
                }
            }
            Ok(DateRange { from, until })
        }
        None => {
            let (from, until) = date_span(value).ok_or_else(bad)?;
            Ok(DateRange { from: Some(from), until: Some(until) })
        }
    }
}

/// `--since DAY` / `--until DAY` (`YYYY-MM-DD`, or a month or year): from the start of the
/// first to the end of the second.
pub fn since_until(since: Option<&str>, until: Option<&str>) -> Result<DateRange, UserError> {
    let one = |flag: &str, v: &str| {
        date_span(v).ok_or_else(|| UserError::new(format!("cannot read {flag} `{v}`: expected YYYY-MM-DD")))
    };
    let from = since.map(|v| one("since", v)).transpose()?.map(|s| s.0);
    let to = until.map(|v| one("until", v)).transpose()?.map(|s| s.1);
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            return Err(UserError::new("until is before since"));
        }
    }
    Ok(DateRange { from, until: to })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Prefix(String),
    Phrase(String),
    Field(String, String),
    Date(DateRange),
    Open,
    Close,
    Minus,
    Plus,
    Not,
    And,
    Or,
}

impl Tok {
    fn words(&self) -> usize {
        match self {
            Tok::Word(_) | Tok::Prefix(_) => 1,
            Tok::Phrase(p) | Tok::Field(_, p) => p.split_whitespace().count().max(1),
            _ => 0,
        }
    }
}

/// Parses `input`, or explains in one line why it cannot.
pub fn parse(input: &str) -> Result<Parsed, UserError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(UserError::new(format!(
            "query too long: {chars} characters (at most {MAX_QUERY_CHARS})"
        )));
    }
    let mut warnings = Vec::new();
    let toks = lex(input, &mut warnings)?;
    check_depth(&toks)?;
    let words: usize = toks.iter().map(Tok::words).sum();
    if words > MAX_WORDS {
        return Err(UserError::new(format!("query has too many words: {words} (at most {MAX_WORDS})")));
    }
    let mut p = Parser { toks, pos: 0, warnings };
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return Err(UserError::new("unbalanced parentheses: `)` without `(`"));
    }
    let node = node.ok_or_else(|| UserError::new("query is empty"))?;
    if !has_positive(&node) {
        return Err(UserError::new(
            "query has nothing to look for: add a word, phrase or field (exclusions alone match nothing)",
        ));
    }
    Ok(Parsed { node, warnings: p.warnings })
}

fn check_depth(toks: &[Tok]) -> Result<(), UserError> {
    let mut depth = 0usize;
    for t in toks {
        match t {
            Tok::Open => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(UserError::new(format!(
                        "query nests parentheses too deeply (at most {MAX_DEPTH} levels)"
                    )));
                }
            }
            Tok::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Marks that open a phrase closed by any double mark: `"` `“` `”` `„` `‟` `«` `»`.
fn double_mark(c: char) -> bool {
    ascii_punct(c) == '"'
}

/// Characters of other engines' syntax that pressbox does not use (`?` only inside a word: at
/// its end it is punctuation).
const FOREIGN: [char; 6] = ['~', '^', '{', '}', '[', ']'];

/// Byte offset of the first character of `w` that belongs to another engine's syntax.
fn foreign_at(w: &str) -> Option<usize> {
    let last = w.trim_end_matches(['?', '*']).len();
    w.char_indices().find(|&(i, c)| FOREIGN.contains(&c) || (c == '?' && i < last)).map(|(i, _)| i)
}

fn lex(input: &str, warnings: &mut Vec<String>) -> Result<Vec<Tok>, UserError> {
    let raw: Vec<char> = input.chars().collect();
    // Syntax is read on the typographic marks made plain, except single quotes (see below).
    let chars: Vec<char> = raw.iter().map(|&c| if double_mark(c) { '"' } else { ascii_punct(c) }).collect();
    let n = chars.len();
    let boundary = |i: usize| i >= n || chars[i].is_whitespace() || matches!(chars[i], '(' | ')');
    let mut toks = Vec::new();
    // A phrase from the mark at `open`: to the next double mark, or for `‘` to the next `’`
    // ending a word; an unclosed phrase runs to the end of the query, with a warning.
    let read_phrase = |i: &mut usize, warnings: &mut Vec<String>| -> String {
        let open = *i;
        let single = raw[open] == '\u{2018}' || raw[open] == '\u{201A}';
        *i += 1;
        let start = *i;
        while *i < n {
            let closes = if single {
                matches!(raw[*i], '\u{2019}' | '\u{2018}' | '\'')
                    && (*i + 1 >= n || !chars[*i + 1].is_alphanumeric())
            } else {
                chars[*i] == '"'
            };
            if closes {
                break;
            }
            *i += 1;
        }
        let s: String = raw[start..*i].iter().collect();
        if *i == n {
            warnings.push(format!(
                "the quotation mark `{}` at character {} is never closed: the words after it are searched as a phrase",
                raw[open],
                open + 1
            ));
        } else {
            *i += 1;
        }
        s
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let at_start = i == 0 || chars[i - 1].is_whitespace() || matches!(chars[i - 1], '(' | ')');
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push(Tok::Open);
            i += 1;
        } else if c == ')' {
            toks.push(Tok::Close);
            i += 1;
        } else if c == '"' || (at_start && matches!(raw[i], '\u{2018}' | '\u{201A}')) {
            let p = read_phrase(&mut i, warnings);
            if p.trim().is_empty() {
                warnings.push("empty quotation marks: ignored".to_string());
            } else {
                toks.push(Tok::Phrase(p));
            }
        } else if matches!(c, '-' | '+' | '!') && at_start && !boundary(i + 1) {
            toks.push(match c {
                '-' => Tok::Minus,
                '+' => Tok::Plus,
                _ => Tok::Not,
            });
            i += 1;
        } else {
            let start = i;
            while i < n && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')' | '"') {
                if chars[i] == ':' && i > start && i + 1 < n && !chars[i + 1].is_whitespace() {
                    break;
                }
                i += 1;
            }
            let word: String = raw[start..i].iter().collect();
            let is_field =
                i < n && chars[i] == ':' && word.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
            if is_field {
                i += 1;
                let field = word.to_ascii_lowercase();
                if !FIELDS.contains(&field.as_str()) {
                    return Err(UserError::new(format!(
                        "unknown field `{word}:` (known fields: {})",
                        FIELDS.join(", ")
                    )));
                }
                let value = if i < n && chars[i] == '"' {
                    read_phrase(&mut i, warnings)
                } else {
                    let s = i;
                    while i < n && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
                        i += 1;
                    }
                    raw[s..i].iter().collect()
                };
                if value.trim().is_empty() {
                    return Err(UserError::new(format!("field `{field}:` needs a value")));
                }
                if field == "date" {
                    toks.push(Tok::Date(parse_date_range(value.trim())?));
                } else if field == "event" {
                    toks.push(Tok::Field(field, parse_event(&value)?.to_string()));
                } else if field == "minute" {
                    let (a, b) = parse_minute_range(value.trim())?;
                    toks.push(Tok::Field(field, format!("{a}..{b}")));
                } else {
                    toks.push(Tok::Field(field, value));
                }
            } else if i < n && chars[i] == ':' {
                // `word:` followed by more text with a non-name prefix, e.g. `3:30`.
                let s = i;
                while i < n && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')' | '"') {
                    i += 1;
                }
                let rest: String = raw[s..i].iter().collect();
                toks.extend(word_tok(word + &rest, warnings));
            } else {
                toks.extend(word_tok(word, warnings));
            }
        }
    }
    Ok(toks)
}

/// One bare word: an operator, a prefix, or a word; `None` (with a warning) when nothing in it
/// can be searched.
fn word_tok(word: String, warnings: &mut Vec<String>) -> Option<Tok> {
    match word.as_str() {
        "OR" | "||" => return Some(Tok::Or),
        "AND" | "&&" => return Some(Tok::And),
        "NOT" | "!" => return Some(Tok::Not),
        _ => {}
    }
    let mut w = word.clone();
    let foreign = foreign_at(&w);
    if let Some(cut) = foreign {
        // `Kane~`, `Kane~2`, `penalty^3`, `ma?e`: the mark and what follows it go.
        let mark = w[cut..].chars().next().unwrap_or('?');
        w.truncate(cut);
        warnings.push(format!(
            "`{mark}` is not pressbox syntax: searched `{w}` (typos are allowed on words of 5 letters or more)"
        ));
    }
    let prefix = w.ends_with('*');
    let stem = w.trim_end_matches('*').to_string();
    if stem.contains('*') {
        warnings.push(format!("`*` works only at the end of a word: `{word}` searched without it"));
    }
    let stem: String = stem.chars().filter(|&c| c != '*').collect();
    let searchable = words(&stem).next().is_some();
    if !searchable {
        if !word.trim().is_empty() && foreign.is_none() {
            warnings.push(format!("`{word}` has no letter or digit: ignored"));
        }
        return None;
    }
    if prefix {
        if stem.chars().filter(|c| c.is_alphanumeric()).count() < MIN_PREFIX_CHARS {
            warnings.push(format!(
                "`{word}`: a prefix needs at least {MIN_PREFIX_CHARS} letters; searched `{stem}` as a word"
            ));
            return Some(Tok::Word(stem));
        }
        return Some(Tok::Prefix(stem));
    }
    Some(Tok::Word(stem))
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    warnings: Vec<String>,
}

fn op_name(t: &Tok) -> &'static str {
    match t {
        Tok::Or => "OR",
        Tok::And => "AND",
        Tok::Not => "NOT",
        Tok::Minus => "-",
        Tok::Plus => "+",
        _ => "?",
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn warn(&mut self, w: String) {
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    fn or(&mut self) -> Result<Option<Node>, UserError> {
        let mut alts = Vec::new();
        let mut dangling = false;
        loop {
            match self.and()? {
                Some(n) => alts.push(n),
                None => dangling |= self.peek() == Some(&Tok::Or) || !alts.is_empty(),
            }
            if self.peek() != Some(&Tok::Or) {
                break;
            }
            self.pos += 1;
        }
        if dangling {
            self.warn("`OR` needs a term on each side: the lone `OR` was ignored".to_string());
        }
        Ok(match alts.len() {
            0 => None,
            1 => alts.pop(),
            _ => Some(Node::Or(alts)),
        })
    }

    fn and(&mut self) -> Result<Option<Node>, UserError> {
        let mut parts = Vec::new();
        let mut pending_and = false;
        while let Some(t) = self.peek() {
            match t {
                Tok::Or | Tok::Close => break,
                Tok::And => {
                    if parts.is_empty() || pending_and {
                        self.warn("`AND` needs a term on each side: the lone `AND` was ignored".to_string());
                    }
                    pending_and = true;
                    self.pos += 1;
                }
                _ => {
                    pending_and = false;
                    if let Some(n) = self.unary()? {
                        parts.push(n);
                    }
                }
            }
        }
        if pending_and && !parts.is_empty() {
            self.warn("`AND` needs a term on each side: the lone `AND` was ignored".to_string());
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::And(parts)),
        })
    }

    /// Operators before an atom (`-`, `NOT`, `+`), read in a loop (never recursively).
    fn unary(&mut self) -> Result<Option<Node>, UserError> {
        let mut ops: Vec<Tok> = Vec::new();
        while let Some(t @ (Tok::Minus | Tok::Not | Tok::Plus)) = self.peek() {
            ops.push(t.clone());
            self.pos += 1;
        }
        if matches!(self.peek(), None | Some(Tok::Or) | Some(Tok::Close) | Some(Tok::And)) {
            if let Some(op) = ops.first() {
                let name = op_name(op);
                self.warn(format!("`{name}` must be followed by a word, phrase or group: ignored"));
            }
            return Ok(None);
        }
        let atom = self.atom()?;
        let negate = ops.iter().any(|t| matches!(t, Tok::Minus | Tok::Not));
        if ops.len() > 1 {
            let names: Vec<&str> = ops.iter().map(op_name).collect();
            self.warn(format!("`{}` read as `{}`", names.join(" "), if negate { "NOT" } else { "+" }));
        }
        Ok(atom.map(|a| match (negate, ops.is_empty()) {
            (true, _) => Node::Not(Box::new(a)),
            (false, false) => Node::Must(Box::new(a)),
            (false, true) => a,
        }))
    }

    fn atom(&mut self) -> Result<Option<Node>, UserError> {
        let tok = self.toks.get(self.pos).cloned();
        self.pos += 1;
        match tok {
            Some(Tok::Word(w)) => Ok(Some(Node::Word(w))),
            Some(Tok::Prefix(w)) => Ok(Some(Node::Prefix(w))),
            Some(Tok::Phrase(p)) => Ok(Some(Node::Phrase(p))),
            Some(Tok::Field(f, v)) => Ok(Some(Node::Field(f, v))),
            Some(Tok::Date(r)) => Ok(Some(Node::Date(r))),
            Some(Tok::Open) => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(UserError::new("unbalanced parentheses: `(` is never closed"));
                }
                self.pos += 1;
                if inner.is_none() {
                    self.warn("empty parentheses: ignored".to_string());
                }
                Ok(inner)
            }
            _ => Err(UserError::new("unexpected end of query")),
        }
    }
}

/// True when `node` can match something by itself (not only exclusions). A field alone
/// (`entity:"Harry Kane"`, `date:2022-12`) lists the passages it selects.
pub fn has_positive(node: &Node) -> bool {
    match node {
        Node::Word(_) | Node::Prefix(_) | Node::Phrase(_) | Node::Field(..) | Node::Date(_) => true,
        Node::Not(_) => false,
        Node::Must(inner) => has_positive(inner),
        Node::And(v) => v.iter().any(has_positive),
        Node::Or(v) => v.iter().all(has_positive),
    }
}

/// An `event:` value, as [`crate::analysis::facts::EVENTS`] names it (case aside; `card` is
/// not one: say `yellow-card` or `red-card`).
pub fn parse_event(value: &str) -> Result<&'static str, UserError> {
    let v = crate::text::key(value).replace(' ', "-");
    let v = match v.as_str() {
        "goals" => "goal",
        "penalties" | "pen" => "penalty",
        "red" => "red-card",
        "yellow" | "booking" => "yellow-card",
        "sub" | "substitutions" => "substitution",
        "owngoal" => "own-goal",
        other => other,
    };
    crate::analysis::facts::EVENTS.iter().copied().find(|e| *e == v).ok_or_else(|| {
        UserError::new(format!(
            "unknown event `{value}` (known events: {})",
            crate::analysis::facts::EVENTS.join(", ")
        ))
    })
}

/// Latest minute a `minute:` range may name (extra time and its stoppage time).
pub const MAX_MINUTE: u16 = 130;

/// A `minute:` value: `78`, `60..90`, `..45` or `80..` (inclusive; stoppage time counts as
/// the minute its half ends: 45+2 is 45).
pub fn parse_minute_range(value: &str) -> Result<(u16, u16), UserError> {
    let bad = || {
        UserError::new(format!(
            "cannot read the minute `{value}`: expected a minute from 0 to {MAX_MINUTE} or a range such as 60..90"
        ))
    };
    let num = |s: &str| -> Result<u16, UserError> {
        let s = s.trim().trim_end_matches('\'');
        s.parse::<u16>().ok().filter(|m| *m <= MAX_MINUTE).ok_or_else(bad)
    };
    let (a, b) = match value.split_once("..") {
        Some((a, b)) => (
            if a.trim().is_empty() { 0 } else { num(a)? },
            if b.trim().is_empty() { MAX_MINUTE } else { num(b)? },
        ),
        None => {
            let m = num(value)?;
            (m, m)
        }
    };
    if a > b {
        return Err(UserError::new(format!("the minute range `{value}` ends before it starts")));
    }
    Ok((a, b))
}

/// For callers that build errors from parse failures.
pub fn parse_anyhow(input: &str) -> anyhow::Result<Parsed> {
    parse(input).map_err(|e| user(e.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(s.into())
    }

    fn node(q: &str) -> Node {
        let p = parse(q).unwrap();
        assert!(p.warnings.is_empty(), "{q:?}: {:?}", p.warnings);
        p.node
    }

    fn warned(q: &str) -> (Node, Vec<String>) {
        let p = parse(q).unwrap();
        assert!(!p.warnings.is_empty(), "{q:?} should warn");
        (p.node, p.warnings)
    }

    #[test]
    fn words_phrases_negation_or_and_fields() {
        assert_eq!(node("Kane penalty"), Node::And(vec![w("Kane"), w("penalty")]));
        assert_eq!(
            node("“missed penalty” -Rooney"),
            Node::And(vec![Node::Phrase("missed penalty".into()), Node::Not(Box::new(w("Rooney")))])
        );
        assert_eq!(
            node("Kane OR Giroud header"),
            Node::Or(vec![w("Kane"), Node::And(vec![w("Giroud"), w("header")])])
        );
        assert_eq!(
            node("(Kane OR Giroud) outlet:\"The National\""),
            Node::And(vec![
                Node::Or(vec![w("Kane"), w("Giroud")]),
                Node::Field("outlet".into(), "The National".into())
            ])
        );
        assert_eq!(node("2-1 world-class"), Node::And(vec![w("2-1"), w("world-class")]));
        assert_eq!(node("kick-off at 3:30"), Node::And(vec![w("kick-off"), w("at"), w("3:30")]));
        // Lower-case `and`, `or` and `not` are words.
        assert_eq!(node("salt and pepper"), Node::And(vec![w("salt"), w("and"), w("pepper")]));
    }

    #[test]
    fn lucene_and_google_habits() {
        let kp = Node::And(vec![w("Kane"), w("penalty")]);
        assert_eq!(node("Kane AND penalty"), kp);
        assert_eq!(node("Kane && penalty"), kp);
        assert_eq!(
            node("Kane penalty NOT Rooney"),
            Node::And(vec![w("Kane"), w("penalty"), Node::Not(Box::new(w("Rooney")))])
        );
        assert_eq!(node("Kane || Giroud"), Node::Or(vec![w("Kane"), w("Giroud")]));
        assert_eq!(node("penalty !Rooney"), Node::And(vec![w("penalty"), Node::Not(Box::new(w("Rooney")))]));
        assert_eq!(node("+Kane penalty"), Node::And(vec![Node::Must(Box::new(w("Kane"))), w("penalty")]));
        assert_eq!(node("Mour* press"), Node::And(vec![Node::Prefix("Mour".into()), w("press")]));
        // Every quotation mark opens and closes a phrase; ‘ ’ only around words (not Kane’s).
        for q in ["\"long run\"", "“long run”", "„long run“", "«long run»", "‘long run’", "”long run”"]
        {
            assert_eq!(node(q), Node::Phrase("long run".into()), "{q}");
        }
        assert_eq!(node("Kane’s penalty"), Node::And(vec![w("Kane’s"), w("penalty")]));
        assert_eq!(node("‘Kane’s penalty’"), Node::Phrase("Kane’s penalty".into()));
        let r = parse_date_range("2022-12..2023-01").unwrap();
        assert_eq!(node("date:2022-12..2023-01 Kane"), Node::And(vec![Node::Date(r), w("Kane")]));
        assert_eq!(node("who scored?"), Node::And(vec![w("who"), w("scored?")]));
    }

    #[test]
    fn what_is_not_understood_is_a_warning_never_a_word() {
        // An unclosed quote runs to the end; the warning shows the mark as typed.
        let (n, warn) = warned("“We know how many penalties");
        assert_eq!(n, Node::Phrase("We know how many penalties".into()));
        assert!(warn[0].contains("`“` at character 1 is never closed"), "{warn:?}");
        for (q, expect, needle) in [
            ("Kane OR", w("Kane"), "`OR` needs a term"),
            ("OR Kane", w("Kane"), "`OR` needs a term"),
            ("Kane AND", w("Kane"), "`AND` needs a term"),
            ("AND Kane", w("Kane"), "`AND` needs a term"),
            ("Kane NOT", w("Kane"), "`NOT` must be followed"),
            ("Kane -", w("Kane"), "has no letter or digit"),
            ("Kane *", w("Kane"), "has no letter or digit"),
            ("Kane~", w("Kane"), "`~` is not pressbox syntax"),
            ("Kane^2", w("Kane"), "`^` is not pressbox syntax"),
            ("K*", w("K"), "a prefix needs at least"),
            ("Ka*ne", w("Kane"), "only at the end"),
            ("ma?e", w("ma"), "`?` is not pressbox syntax"),
            (
                "[2022 TO 2023] Kane",
                Node::And(vec![w("TO"), w("2023"), w("Kane")]),
                "`[` is not pressbox syntax",
            ),
            ("Kane \"\"", w("Kane"), "empty quotation marks"),
            ("Kane ()", w("Kane"), "empty parentheses"),
        ] {
            let (n, warn) = warned(q);
            assert_eq!(n, expect, "{q}");
            assert!(warn.iter().any(|x| x.contains(needle)), "{q}: {warn:?}");
        }
    }

    #[test]
    fn events_and_minutes_are_checked_when_parsed() {
        assert_eq!(
            node("event:Penalty Kane"),
            Node::And(vec![Node::Field("event".into(), "penalty".into()), w("Kane")])
        );
        assert_eq!(node("event:red"), Node::Field("event".into(), "red-card".into()));
        assert_eq!(node("minute:70..90"), Node::Field("minute".into(), "70..90".into()));
        assert_eq!(node("minute:..45"), Node::Field("minute".into(), "0..45".into()));
        assert_eq!(node("minute:78"), Node::Field("minute".into(), "78..78".into()));
        assert!(parse("event:tackle").unwrap_err().0.contains("known events: goal, penalty"));
        assert!(parse("minute:90..60").unwrap_err().0.contains("ends before"));
        assert!(parse("minute:soon").unwrap_err().0.contains("cannot read the minute"));
        assert!(parse("minute:999").is_err());
    }

    #[test]
    fn dates_read_days_months_years_and_ranges() {
        let day = parse_date_range("2022-12-10").unwrap();
        assert_eq!(day.from.unwrap().to_string(), "2022-12-10T00:00:00Z");
        assert_eq!(day.until.unwrap().to_string(), "2022-12-11T00:00:00Z");
        let r = parse_date_range("2022-12..2023-01").unwrap();
        assert_eq!(r.from.unwrap().to_string(), "2022-12-01T00:00:00Z");
        assert_eq!(r.until.unwrap().to_string(), "2023-02-01T00:00:00Z");
        let open = parse_date_range("2022..").unwrap();
        assert_eq!(open.until, None);
        assert_eq!(open.from.unwrap().to_string(), "2022-01-01T00:00:00Z");
        for bad in ["2022-13", "yesterday", "..", "2023..2022", "22-12-10", "2022-02-30"] {
            assert!(parse_date_range(bad).is_err(), "{bad}");
        }
        let both = since_until(Some("2022-12-10"), Some("2022-12-10")).unwrap();
        assert_eq!(both, day);
        assert!(since_until(Some("2022-12-11"), Some("2022-12-10")).is_err());
        assert!(parse("date:2022-13").unwrap_err().0.contains("cannot read the date"));
    }

    #[test]
    fn bad_queries_get_one_line_errors() {
        for (q, needle) in [
            ("nosuchfield:x", "unknown field `nosuchfield:`"),
            ("(Kane", "never closed"),
            ("Kane)", "without `(`"),
            ("-Kane", "nothing to look for"),
            ("NOT Kane", "nothing to look for"),
            ("", "empty"),
            ("OR", "empty"),
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
        assert_eq!(node(&ok), w("Kane"));
        let many = vec!["w"; 10_000].join(" ");
        assert!(parse(&many).unwrap_err().0.contains("too long"));
        let many = vec!["w"; MAX_WORDS + 1].join(" ");
        assert!(parse(&many).unwrap_err().0.contains("too many words"));
        // A long run of operators is read in a loop.
        let ops = format!("{}Kane", "-+".repeat(900));
        assert!(parse(&ops).is_err());
    }
}
