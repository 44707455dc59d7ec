//! Tokens and sentence bounds for reading cues: a cue sentence is read as words (with their
//! folded form, capitalisation and possessive) and punctuation, from the article's one token
//! array ([`Tokens`]); sentence starts and ends are found around quotation marks.

use std::ops::Range;

use std::borrow::Cow;

use super::lexicon::*;
use super::{ends_with_mark, starts_with_mark};
use crate::text::{flags, fold_word_into, Tokens};

/// The longest stretch of text (bytes) read as one cue sentence.
const CUE_REGION_MAX: usize = 400;

#[derive(Clone, Debug)]
pub(super) struct Tok<'t> {
    pub(super) range: Range<usize>,
    /// Folded, lower-case form of a word; the character itself for punctuation.
    pub(super) lower: Cow<'t, str>,
    pub(super) word: bool,
    pub(super) cap: bool,
    pub(super) acronym: bool,
    /// End of the word without a possessive `'s` / `'`.
    pub(super) stem_end: usize,
}

impl<'t> Tok<'t> {
    /// The punctuation token of character `c` at byte `at` of `text`.
    fn punctuation(text: &'t str, at: usize, c: char) -> Self {
        let range = at..at + c.len_utf8();
        Tok {
            stem_end: range.end,
            lower: Cow::Borrowed(&text[range.clone()]),
            range,
            word: false,
            cap: false,
            acronym: false,
        }
    }
    pub(super) fn is(&self, w: &str) -> bool {
        self.word && self.lower == w
    }
    pub(super) fn punct(&self, c: char) -> bool {
        !self.word && self.lower.starts_with(c)
    }
    pub(super) fn possessive(&self) -> bool {
        self.word && (self.lower.ends_with("'s") || self.lower.ends_with('\''))
    }
    pub(super) fn pronoun(&self) -> bool {
        self.is("he") || self.is("she")
    }
    pub(super) fn adverb(&self) -> bool {
        self.word && !self.cap && (is_in(ADVERBS, &self.lower) || self.lower.ends_with("ly"))
    }
    pub(super) fn determiner(&self) -> bool {
        self.word && is_in(DETERMINERS, &self.lower)
    }
    pub(super) fn role(&self) -> bool {
        self.word
            && !self.cap
            && (is_in(ROLES, &self.lower)
                || is_in(PERSON_NOUNS, &self.lower)
                || self.lower.contains("year-old")
                // `ex-Gunners keeper Bob Wilson`, `ex-England boss`
                || (self.lower.starts_with("ex-") && self.lower.len() > 3)
                || self.lower.chars().next().is_some_and(|c| c.is_ascii_digit()))
    }
    pub(super) fn person_noun(&self) -> bool {
        self.word && !self.cap && (is_in(PERSON_NOUNS, &self.lower) || self.lower.ends_with("year-old"))
    }
    pub(super) fn demonym(&self) -> bool {
        let w = self.lower.as_ref();
        self.word
            && self.cap
            && (is_in(DEMONYMS, w)
                || ["man", "ian", "ese"].iter().any(|s| w.ends_with(s) && w.len() > s.len() + 2))
    }
    pub(super) fn particle(&self) -> bool {
        self.word && !self.cap && is_in(PARTICLES, &self.lower)
    }
    /// A capitalised word that can be part of a name (not a possessive, not `Former` or `Boss`
    /// opening a sentence).
    pub(super) fn name_word(&self) -> bool {
        self.word
            && self.cap
            && !self.possessive()
            && (self.acronym() || (!is_in(CAP_STOP, &self.lower) && !is_in(CAP_ROLES, &self.lower)))
    }
    /// `AS`, `ABC`, `FA`: two or more capitals and nothing else.
    pub(super) fn acronym(&self) -> bool {
        self.acronym
    }
    /// Any word that may sit in a noun phrase naming a person.
    pub(super) fn np_word(&self) -> bool {
        self.word
            && ((self.cap && (self.acronym || !is_in(CAP_STOP, &self.lower)))
                || self.role()
                || self.particle()
                || self.determiner())
    }
    /// A word that marks the name before it as the subject of a clause.
    pub(super) fn verbish(&self) -> bool {
        self.word
            && !self.cap
            && (is_in(AUX, &self.lower) || self.lower.ends_with("ed") || is_in(SPEECH_VERBS, &self.lower))
    }
}

/// The tokens of `t`'s text within `r`, as cue reading sees them: the text layer's words
/// (one token array per article, not tokenised again), with words the text layer splits at a
/// hyphen taken together (`Joo-Ho`, `32-year-old`), a name's plural possessive apostrophe kept
/// with it (`James'`), and each other character that is not white space as a punctuation
/// token. A word cut by `r` keeps only its part inside `r`.
pub(super) fn view<'t>(t: &'t Tokens<'t>, r: Range<usize>) -> Vec<Tok<'t>> {
    let text = t.text;
    let mut toks = Vec::new();
    let mut pos = r.start;
    let mut i = t.token_at(r.start);
    while pos < r.end {
        let next = t.tokens.get(i).filter(|k| (k.start as usize) < r.end);
        let gap_end = next.map_or(r.end, |k| (k.start as usize).max(pos));
        for (o, c) in text[pos..gap_end].char_indices() {
            if !c.is_whitespace() {
                toks.push(Tok::punctuation(text, pos + o, c));
            }
        }
        if next.is_none() {
            break;
        }
        // Words joined by single hyphens are one word here.
        let mut j = i;
        while t.tokens.get(j + 1).is_some_and(|k| k.has(flags::HYPHEN_JOINED) && (k.start as usize) < r.end) {
            j += 1;
        }
        let mut start = (t.tokens[i].start as usize).max(pos);
        // A word cut by the start of `r` starts at its first letter or digit (`'s` cut from
        // `Musk's` is a punctuation token and `s`).
        while let Some(c) = text[start..].chars().next().filter(|c| !c.is_alphanumeric() && start < r.end) {
            if start >= t.tokens[j].end as usize {
                break;
            }
            toks.push(Tok::punctuation(text, start, c));
            start += c.len_utf8();
        }
        let mut end = (t.tokens[j].end as usize).min(r.end);
        let whole = start == t.tokens[i].start as usize && end == t.tokens[j].end as usize;
        // A word cut by the end of `r` ends at its last letter or digit (`don'` is `don` and
        // a punctuation token).
        while end > start && !text[..end].ends_with(char::is_alphanumeric) && end < t.tokens[j].end as usize {
            end = floor_boundary(text, end - 1);
        }
        if end <= start {
            pos = start;
            i = j + 1;
            continue;
        }
        let first = text[start..].chars().next().unwrap_or(' ');
        // `James'` (possessive of a name in s): keep the apostrophe with the word.
        let mut apostrophe = false;
        if first.is_uppercase() && text[..end].ends_with('s') {
            if let Some(c) = text[end..r.end]
                .chars()
                .next()
                .filter(|&c| matches!(c, '\'' | '\u{2019}' | '\u{2010}' | '\u{2011}'))
            {
                end += c.len_utf8();
                apostrophe = true;
            }
        }
        let w = &text[start..end];
        let lower = if whole && i == j && !apostrophe {
            Cow::Borrowed(t.word(i))
        } else {
            let mut lower = String::with_capacity(w.len());
            fold_word_into(w, &mut lower);
            Cow::Owned(lower)
        };
        let stem =
            w.rfind(['\'', '\u{2019}']).filter(|&a| matches!(&w[a..], "'s" | "\u{2019}s" | "'" | "\u{2019}"));
        let cap = first.is_uppercase();
        toks.push(Tok {
            stem_end: start + stem.unwrap_or(w.len()),
            range: start..end,
            lower,
            word: true,
            cap,
            acronym: cap && w.chars().nth(1).is_some() && w.chars().all(char::is_uppercase),
        });
        pos = end;
        i = j + 1;
    }
    toks
}

pub(super) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Start of the sentence that `pos` is in, not before `floor`: after a sentence terminator,
/// a line break or a double quotation mark.
pub(super) fn sentence_start(text: &str, pos: usize, floor: usize) -> usize {
    sentence_start_with(text, pos, floor, true)
}

/// [`sentence_start`], optionally reading through quotation marks.
pub(super) fn sentence_start_with(text: &str, pos: usize, floor: usize, stop_at_quotes: bool) -> usize {
    let floor = floor.min(pos);
    let s = &text[floor..pos];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for k in (0..chars.len()).rev() {
        let (i, c) = chars[k];
        if c == '\n' {
            // A line break ends a sentence only after a terminator (`Real Madrid\n\ndid\n\nask`
            // is one sentence broken by markup).
            let before = s[..i].trim_end();
            if before.is_empty() || before.ends_with(['.', '!', '?', ':']) || ends_with_mark(before) {
                return floor + i + 1;
            }
            continue;
        }
        if stop_at_quotes && ends_with_mark(&s[..i + c.len_utf8()]) {
            return floor + i + c.len_utf8();
        }
        if matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|n| n.1.is_whitespace() || starts_with_mark(&s[n.0..]))
        {
            // `J. Smith`: a single capital before the full stop is an initial.
            let initial =
                k >= 1 && chars[k - 1].1.is_uppercase() && (k < 2 || !chars[k - 2].1.is_alphanumeric());
            if !initial {
                return floor + i + 1;
            }
        }
    }
    floor
}

/// End of the sentence starting at `pos`: before a sentence terminator, a line break or a
/// double quotation mark, at most [`CUE_REGION_MAX`] bytes on.
pub(super) fn sentence_end(text: &str, pos: usize) -> usize {
    let cap = floor_boundary(text, (pos + CUE_REGION_MAX).min(text.len()));
    let s = &text[pos..cap];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' || starts_with_mark(&s[i..]) {
            return pos + i;
        }
        if matches!(c, '.' | '!' | '?') {
            let next = it.peek().map(|x| x.1);
            let after = &s[i + c.len_utf8()..];
            if next.is_none_or(|n| n.is_whitespace() || n.is_uppercase() || starts_with_mark(after)) {
                return pos + i;
            }
        }
    }
    cap
}

/// Sentence ranges inside `r` (split after `.`, `!`, `?` followed by white space).
pub(super) fn sentences_in(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    let s = &text[r.clone()];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if matches!(c, '.' | '!' | '?') && it.peek().is_some_and(|n| n.1.is_whitespace()) {
            let end = r.start + i + 1;
            out.push(start..end);
            start = end;
        }
    }
    if start < r.end {
        out.push(start..r.end);
    }
    out
}
