//! Direct quotes: finding them, attributing them to a speaker, and comparing outlets' wordings.
//!
//! - [`extract_quotes`] finds quoted words in straight or curly double quotes (multi-sentence,
//!   multi-paragraph, interrupted by the attribution, missing spaces, unbalanced marks) and
//!   attributes each quote to a speaker from its cue (`Henderson told ITV`, `said Southgate`,
//!   `X said:`, `according to X`, `X, who ...`, `he said`, or the quote it continues).
//! - [`compare`] and [`best_window`] decide whether two wordings are the same quote
//!   ([`MatchKind::Verbatim`], [`MatchKind::Variant`], [`MatchKind::Partial`],
//!   [`MatchKind::Paraphrase`]) with a word-level diff, for `pressbox quote`.
//!
//! The steps, one file each: [`marks`] pairs quotation marks into segments and quotes;
//! [`cues`] reads the attribution words around them, with [`tokens`] (the article's words as
//! the text layer tokenised them once, and sentence bounds), [`phrases`] (noun phrases and
//! subjects) and [`lexicon`] (word lists); [`names`] resolves a cue's name to a person; [`attribute`] gives each quote its speaker. The flow is
//! one way: `attribute` → `marks` → `cues` → `phrases` → `tokens` → `lexicon`.
//! Scoring against the gold set lives outside the engine, in `crate::eval::speakers`.
//!
//! Pure functions, no I/O. All ranges are **byte** ranges into the text passed in.
//!
//! For `pressbox quote TEXT`: `compare(query, &quote.text(body), same_speaker)` classifies a
//! whole quote (a query inside a longer quote is [`MatchKind::Partial`]);
//! `best_window_with(query, &quote.text(body), same_speaker)` gives the words to show and diff,
//! and [`Quote::source_range`] maps them back into the body; `best_window(query, passage)` finds
//! the words where an outlet printed them outside quotation marks. Rank by `similarity`.
//! `same_speaker` is the caller's call: for a query without a speaker, the speaker of its best
//! verbatim/variant/partial hit is a good stand-in.

use std::ops::Range;

use serde::{Deserialize, Serialize};

mod attribute;
mod compare;
#[cfg(test)]
mod compare_reference;
mod cues;
mod lexicon;
mod marks;
mod names;
mod phrases;
#[cfg(test)]
mod tests;
mod tokens;

pub use compare::whole_and_window;
pub use compare::{
    best_window, best_window_prepared, best_window_with, compare, compare_prepared, Comparison, DiffOp,
    MatchKind, Prepared, PARAPHRASE_MIN_CONTENT, PARAPHRASE_MIN_COVER, PARAPHRASE_MIN_DICE,
    PARAPHRASE_MIN_WORDS, PARTIAL_MAX_RATIO, PARTIAL_MIN_COVER, PARTIAL_MIN_WORDS, VARIANT_MIN_CONTENT_DICE,
    VARIANT_MIN_DICE,
};
pub use names::speaker_matches;

/// A person found by the entity tagger, passed in by the caller (may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMention {
    /// Byte range of the mention in the text (`Henderson`, `Jordan Henderson`).
    pub range: Range<usize>,
    /// The entity's id.
    pub id: String,
    /// The entity's full name (`Jordan Henderson`).
    pub name: String,
}

/// A direct quote in an article.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// Byte range of the quoted words (inside the marks); for a quote in several parts, from
    /// the first word of the first part to the last word of the last part.
    pub range: Range<usize>,
    /// Each quoted segment's inner byte range, in order, trimmed of white space. A quote
    /// interrupted by its attribution or running over several paragraphs has several.
    pub parts: Vec<Range<usize>>,
    /// Who said it; `None` when the text does not say (never guessed).
    pub speaker: Option<Speaker>,
    /// Byte range of the attribution words (`Henderson told ITV`, `said Southgate`, `he said`).
    pub cue: Option<Range<usize>>,
}

impl Quote {
    /// The quoted words: the parts joined with a space.
    pub fn text(&self, source: &str) -> String {
        let mut out = String::new();
        for (k, p) in self.parts.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(source.get(p.clone()).unwrap_or(""));
        }
        out
    }

    /// Maps a byte range of [`Quote::text`] back to the source text: its start and end fall in
    /// (or at the edge of) the parts they came from. A range covering several parts spans the
    /// attribution between them too.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        let map = |pos: usize, is_end: bool| {
            let mut offset = 0;
            for (k, p) in self.parts.iter().enumerate() {
                let len = p.len();
                // An end at a part's edge stays in that part; a start there moves to the next.
                if pos < offset + len || (is_end && pos <= offset + len) || k + 1 == self.parts.len() {
                    return p.start + (pos.saturating_sub(offset)).min(len);
                }
                offset += len + 1; // the joining space
            }
            self.range.end
        };
        let start = map(r.start, false);
        let end = map(r.end, true).max(start);
        start..end
    }
}

/// The person a quote is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// Name as best known: the entity's full name when resolved to a mention, else the fullest
    /// form of the cue's name found in the text (`Henderson` → `Jordan Henderson`).
    pub name: String,
    /// The [`PersonMention::id`] when resolved.
    pub id: Option<String>,
    /// How the speaker was found.
    pub via: SpeakerVia,
}

/// How a quote's speaker was found; serialised in snake_case (`"cue_after"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerVia {
    /// A cue after the quote: `"...," said Southgate`, `"...," Henderson told ITV`.
    CueAfter,
    /// A cue before the quote without a colon: `Henderson said "..."`.
    CueBefore,
    /// A cue before the quote ending in a colon: `Southgate said: "..."`, `- Sir Alex Ferguson: "..."`.
    Colon,
    /// `according to X`.
    AccordingTo,
    /// A pronoun or description (`he said`, `added the Liverpool midfielder`) resolved to an
    /// earlier speaker or person.
    Pronoun,
    /// A quote without a cue directly following a quote by the same speaker.
    Continuation,
    /// The name is separated from the verb by an apposition: `Henderson, who ..., said: "..."`.
    Apposition,
}

/// Finds the direct quotes in `text` and attributes each to a speaker.
///
/// `people` are the entity tagger's person mentions (byte ranges into `text`), in any order;
/// pass an empty slice to work from capitalised names alone.
pub fn extract_quotes(text: &str, people: &[PersonMention]) -> Vec<Quote> {
    extract_quotes_tokens(&crate::text::Tokens::new(text), people)
}

/// [`extract_quotes`] on an article the text layer has tokenised already: quote marks, cues
/// and the people of the article are all read from its one token array.
pub fn extract_quotes_tokens(tokens: &crate::text::Tokens, people: &[PersonMention]) -> Vec<Quote> {
    let groups = marks::find_quotes(tokens);
    attribute::attribute(tokens, groups, people)
}

/// True for the double quotation marks we recognise (straight and curly).
pub(super) fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}')
}

/// The quotation mark at byte `i` of `text`, if one starts there: its length in bytes and the
/// double mark it stands for. A double mark is itself; two apostrophes written for one
/// (`''like this''`, `\u{2018}\u{2018}...\u{2019}\u{2019}`) are a straight double mark, or a curly
/// one when both lean the same way. A single apostrophe never is (`players'`, `don't`,
/// `'scare' quotes`). This is the one place that decides what a quotation mark is.
pub(super) fn quote_mark_at(text: &str, i: usize) -> Option<(usize, char)> {
    let mut it = text.get(i..)?.chars();
    let c = it.next()?;
    if is_double_quote(c) {
        return Some((c.len_utf8(), c));
    }
    let d = it.next()?;
    let m = match (c, d) {
        ('\'', '\'') | ('\u{2018}', '\u{2019}') | ('\u{2019}', '\u{2018}') => '"',
        ('\u{2018}', '\u{2018}') => '\u{201C}',
        ('\u{2019}', '\u{2019}') => '\u{201D}',
        _ => return None,
    };
    Some((c.len_utf8() + d.len_utf8(), m))
}

/// Whether `s` starts with a quotation mark ([`quote_mark_at`]).
pub(super) fn starts_with_mark(s: &str) -> bool {
    quote_mark_at(s, 0).is_some()
}

/// Whether `s` ends with a quotation mark ([`quote_mark_at`]).
pub(super) fn ends_with_mark(s: &str) -> bool {
    let mut back = s.char_indices().rev();
    match back.next() {
        Some((_, c)) if is_double_quote(c) => true,
        Some((j, c)) => back
            .next()
            .is_some_and(|(i, _)| quote_mark_at(s, i).is_some_and(|(n, _)| i + n == j + c.len_utf8())),
        None => false,
    }
}

/// How a quoted segment ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Closed {
    /// By a closing mark.
    Mark,
    /// Unclosed, and the quote continues in the next segment (next paragraph).
    Continued,
    /// Unclosed at the end of its paragraph, nothing follows.
    ParagraphEnd,
    /// Unclosed at the end of the text.
    TextEnd,
}

/// One quoted segment: the words between an opening mark and its closing mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Segment {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Inner byte range, trimmed of white space (may be empty).
    pub inner: Range<usize>,
    /// Just past the closing mark, or the end of the untrimmed inner text when unclosed.
    pub end: usize,
    pub closed: Closed,
}
