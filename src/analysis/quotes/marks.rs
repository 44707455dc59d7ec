//! Quotation marks: pairing double quotation marks into quoted segments, and segments into
//! quotes (reading the cues between them through [`cues`]).
//!
//! Straight marks (`"`) carry no direction, so each mark is classified from its neighbours
//! (space before and a word after opens; a word before and space or punctuation after closes)
//! and, when that is ambiguous (`Southgate."In`, ` " `), from whether a quote is open. Curly
//! marks are taken at their word unless the context plainly says otherwise.
//!
//! A quote still open at the end of a paragraph continues when the next paragraph opens with a
//! mark (the convention for quotes over several paragraphs); otherwise it ends with its
//! paragraph, so an unbalanced mark never swallows the rest of the article. An opening mark met
//! while a quote is open also starts a new paragraph of the same quote: corpora that lost their
//! paragraph breaks print `... right words. "I thought ...` (unless the open quote has turned
//! into reporting, in which case its closing mark was lost).

use std::ops::Range;

use super::cues::{self, Cue};
use super::{quote_mark_at, Closed, Segment};
use crate::text::Tokens;

/// Segments that belong to one quote, in order, with the attribution cues found between them.
#[derive(Clone, Debug)]
pub(super) struct RawQuote {
    pub segs: Vec<Segment>,
    /// Cues that interrupt the quote (`"...," said Southgate. "..."`), one per interruption.
    pub gap_cues: Vec<Cue>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

fn space_before(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '\u{2014}' | '\u{2013}'))
}

fn space_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\u{2014}' | '\u{2013}')
    })
}

fn direction(mark: char, prev: Option<char>, next: Option<char>) -> Dir {
    let (sb, sa) = (space_before(prev), space_after(next));
    let ctx = match (sb, sa) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => Dir::Either,
    };
    match mark {
        '"' => ctx,
        '\u{201C}' | '\u{201E}' | '\u{201F}' => {
            if ctx == Dir::Close {
                Dir::Either
            } else {
                Dir::Open
            }
        }
        _ => {
            if ctx == Dir::Open {
                Dir::Either
            } else {
                Dir::Close
            }
        }
    }
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

/// Pairs the marks of `text` into quoted segments, in order.
pub(super) fn segments(t: &Tokens) -> Vec<Segment> {
    let text = t.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut segs = Vec::new();
    // (offset of the opening mark, start of the inner text)
    let mut open: Option<(usize, usize)> = None;
    let push = |segs: &mut Vec<Segment>, o: (usize, usize), end: usize, closed: Closed, past: usize| {
        segs.push(Segment { open: o.0, inner: trimmed(text, o.1..end), end: past, closed });
    };
    // Just past the last mark read: the second apostrophe of a doubled one is no mark again.
    let mut read_to = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if i < read_to {
            continue;
        }
        if c == '\n' {
            if let Some(o) = open {
                // Paragraph end inside an open quote: continue if the next paragraph opens one.
                let next = chars[k + 1..].iter().find(|(_, c)| !c.is_whitespace());
                let continues = next.is_some_and(|&(j, _)| {
                    let Some((len, m)) = quote_mark_at(text, j) else {
                        return false;
                    };
                    let after = text[j + len..].chars().next();
                    direction(m, Some('\n'), after) != Dir::Close
                });
                let closed = if continues { Closed::Continued } else { Closed::ParagraphEnd };
                push(&mut segs, o, i, closed, i);
                open = None;
            }
            continue;
        }
        let Some((len, mark)) = quote_mark_at(text, i) else {
            continue;
        };
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let past = i + len;
        read_to = past;
        let next = text[past..].chars().next();
        match (open, direction(mark, prev, next)) {
            (None, Dir::Close) => {} // stray closing mark: plain text
            (None, _) => open = Some((i, past)),
            (Some(o), Dir::Open) if text[o.1..i].trim().is_empty() => {
                // `He said: " "There are ...`: a doubled opening mark opens one quote.
                open = Some((o.0, past));
            }
            (Some(o), Dir::Open) => {
                // A new paragraph of the same quote whose break was lost; unless the open
                // quote turns into reporting (`... happens. Meanwhile, Egypt FA spokesman ...
                // said ... "`): then its closing mark was lost, and the quote ends there.
                match cues::narrative_start(t, o.1..i) {
                    Some(p) => push(&mut segs, o, p, Closed::ParagraphEnd, p),
                    None => push(&mut segs, o, i, Closed::Continued, i),
                }
                open = Some((i, past));
            }
            (Some(o), _) => {
                push(&mut segs, o, i, Closed::Mark, past);
                open = None;
            }
        }
    }
    if let Some(o) = open {
        push(&mut segs, o, text.len(), Closed::TextEnd, text.len());
    }
    segs.retain(|s| !s.inner.is_empty());
    segs
}

/// Groups segments into quotes: a segment left open continues into the next one, and a segment
/// closed by a mark continues into the next one when only a cue stands between them in the same
/// paragraph (`"...," said Southgate. "..."`) and the next has no cue of its own.
pub(super) fn find_quotes(t: &Tokens) -> Vec<RawQuote> {
    let segs = segments(t);
    let mut quotes: Vec<RawQuote> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if i > 0 {
            let prev = &segs[i - 1];
            let joined = match prev.closed {
                Closed::Continued => Some(None),
                Closed::Mark => {
                    let own_cue = seg.closed == Closed::Mark && cues::cue_after(t, seg).is_some();
                    if own_cue {
                        None
                    } else {
                        cues::gap_cue(t, prev.end..seg.open).map(Some)
                    }
                }
                _ => None,
            };
            if let (Some(cue), Some(q)) = (joined, quotes.last_mut()) {
                q.segs.push(seg.clone());
                q.gap_cues.extend(cue);
                continue;
            }
        }
        quotes.push(RawQuote { segs: vec![seg.clone()], gap_cues: Vec::new() });
    }
    quotes
}
