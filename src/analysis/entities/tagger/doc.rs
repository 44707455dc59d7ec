//! The article folded and tokenised for the tagger: case, diacritics and curly quotes folded
//! (with offset shifts back to the original bytes), word tokens with flags (capitalised,
//! all capitals, lower case, digit, sentence start, possessive), and the neighbour checks every
//! step uses. The stand-in for the shared text layer (`crate::text`), which replaces it.

use std::cell::OnceCell;

use unicode_normalization::char::is_combining_mark;

use super::super::fold_text_char;
use super::super::lexicon::{is_particle, word_hash, FastMap, Lexicon};

// Token flags.
pub(super) const CAP: u8 = 1;
pub(super) const ALLCAPS: u8 = 2;
pub(super) const LOWER: u8 = 4;
pub(super) const DIGIT: u8 = 8;
pub(super) const SENT: u8 = 16;
pub(super) const POSS: u8 = 32;

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) fstart: usize,
    pub(super) fend: usize,
    pub(super) flags: u8,
}

impl Tok {
    pub(super) fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }
}

/// The article, folded and tokenised.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) folded: String,
    /// After each non-ASCII character: (original end, folded end). Offsets between two
    /// entries shift together; an empty list means folding kept every offset.
    pub(super) shifts: Vec<(usize, usize)>,
    pub(super) toks: Vec<Tok>,
    /// Per token: could be part of a name ([`Doc::classify`]).
    pub(super) nl: Vec<bool>,
    pub(super) part: Vec<bool>,
    pub(super) seen: OnceCell<FastMap<u64, u8>>,
}

impl<'a> Doc<'a> {
    /// Folds the text, then splits it into word tokens (ASCII by table, the rest decoded).
    pub(super) fn new(text: &'a str) -> Self {
        let (folded, shifts) = fold_text(text);
        let bytes = text.as_bytes();
        let len = bytes.len();
        let is_ascii_word = |b: &u8| ASCII_CLASS[*b as usize] & A_WORD != 0;
        let mut toks: Vec<Tok> = Vec::with_capacity(len / 5);
        let mut i = 0;
        // The `s` of a possessive `'s` is not a token of its own.
        let mut skip_at = usize::MAX;
        let mut si = 0;
        while i < len {
            // Skip to the next word character.
            match bytes[i..].iter().position(|b| ASCII_CLASS[*b as usize] & (A_WORD | A_HIGH) != 0) {
                Some(p) => i += p,
                None => break,
            }
            if i == skip_at {
                i += 1;
                continue;
            }
            let (first, flen) = char_at(text, i);
            if first as u32 >= 0x80 && !is_word_char(first) {
                i += flen;
                continue;
            }
            let start = i;
            // OR of the classes of the word's characters, and its count of letters.
            let (mut acc, mut letters) = (0u8, 0u32);
            loop {
                let run = bytes[i..].iter().position(|b| !is_ascii_word(b)).unwrap_or(len - i);
                for &b in &bytes[i..i + run] {
                    let class = ASCII_CLASS[b as usize];
                    acc |= class;
                    letters += (class >> 2) as u32 & 1;
                }
                i += run;
                if i >= len {
                    break;
                }
                let b = bytes[i];
                if b >= 0x80 {
                    let (c, clen) = char_at(text, i);
                    if is_word_char(c) {
                        if c.is_lowercase() {
                            acc |= A_LOWER;
                        }
                        letters += c.is_alphabetic() as u32;
                        i += clen;
                        continue;
                    }
                    if joins(text, i, c) {
                        i += clen;
                        continue;
                    }
                    break;
                }
                if (b == b'-' || b == b'\'' || b == b'`') && joins(text, i, b as char) {
                    i += 1;
                    continue;
                }
                break;
            }
            let end = i;
            let mut flags = 0;
            if first.is_uppercase() {
                flags |= CAP;
            } else if first.is_numeric() {
                flags |= DIGIT;
            }
            if acc & A_LOWER != 0 {
                flags |= LOWER;
            } else if letters >= 2 {
                flags |= ALLCAPS;
            }
            if end < len
                && matches!(bytes[end], b'\'' | b'`' | 0xE2 | 0xCA)
                && possessive_at(text, end, &text[start..end])
            {
                flags |= POSS;
                let (_, alen) = char_at(text, end);
                if matches!(bytes.get(end + alen), Some(b's' | b'S')) {
                    skip_at = end + alen;
                }
            }
            // Folded offsets: shifts are in text order, and so are tokens.
            let mut fpos = |o: usize| {
                while si < shifts.len() && shifts[si].0 <= o {
                    si += 1;
                }
                match si {
                    0 => o,
                    _ => shifts[si - 1].1 + (o - shifts[si - 1].0),
                }
            };
            let (fstart, fend) = (fpos(start), fpos(end));
            toks.push(Tok { start, end, fstart, fend, flags });
        }
        Doc { text, folded, shifts, toks, nl: Vec::new(), part: Vec::new(), seen: OnceCell::new() }
    }

    /// The original byte offset of folded byte `f`.
    pub(super) fn orig(&self, f: usize) -> usize {
        let i = self.shifts.partition_point(|&(_, fe)| fe <= f);
        match i {
            0 => f,
            _ => {
                let (oe, fe) = self.shifts[i - 1];
                oe + (f - fe)
            }
        }
    }

    pub(super) fn word(&self, t: usize) -> &str {
        let k = &self.toks[t];
        &self.folded[k.fstart..k.fend]
    }

    pub(super) fn surface(&self, t: usize) -> &'a str {
        let k = &self.toks[t];
        &self.text[k.start..k.end]
    }

    /// Original text between token `t - 1` and token `t`.
    pub(super) fn gap_before(&self, t: usize) -> &'a str {
        let start = if t == 0 { 0 } else { self.toks[t - 1].end };
        &self.text[start..self.toks[t].start]
    }

    /// Marks which of the tokens `ts` start a sentence.
    pub(super) fn mark_sentence_starts(&mut self, ts: &[usize]) {
        for &t in ts {
            let start = if t == 0 {
                true
            } else {
                let gap = self.gap_before(t).as_bytes();
                let (mut newline, mut stop, mut first) = (false, false, 0u8);
                // A word right after an opening quotation mark starts what someone said
                // (`said: "Actually I would like`): a sentence start.
                let quoted =
                    gap.ends_with(b"\"") && gap.len() > 1 && matches!(gap[gap.len() - 2], b' ' | b'\n')
                        || gap.ends_with("\u{201C}".as_bytes());
                stop |= quoted;
                for &b in gap {
                    match b {
                        b'\n' => newline = true,
                        b'.' | b'!' | b'?' => stop = true,
                        _ => {}
                    }
                    if first == 0 && b != b' ' {
                        first = b;
                    }
                }
                let abbreviation = first == b'.' && {
                    let prev = self.word(t - 1);
                    matches!(prev, "mr" | "mrs" | "ms" | "dr" | "st" | "no")
                        || (prev.len() == 1 && self.toks[t - 1].has(CAP))
                };
                newline || (stop && !abbreviation)
            };
            if start {
                self.toks[t].flags |= SENT;
            }
        }
    }

    /// The previous token, if only spaces separate it from `t`.
    pub(super) fn prev_word(&self, t: usize) -> Option<usize> {
        (t > 0 && is_spaces(self.gap_before(t))).then(|| t - 1)
    }

    /// The next token, if only spaces (after a possessive `'s` of `t`) separate it from `t`.
    pub(super) fn next_word(&self, t: usize) -> Option<usize> {
        if t + 1 >= self.toks.len() {
            return None;
        }
        let mut gap = self.gap_before(t + 1);
        if self.toks[t].has(POSS) {
            gap = gap.trim_start_matches(is_apostrophe);
            gap = gap.strip_prefix(['s', 'S']).unwrap_or(gap);
        }
        is_spaces(gap).then_some(t + 1)
    }

    /// First token starting at or after byte `b`, searching from token `from`.
    pub(super) fn tok_at_or_after(&self, from: usize, b: usize) -> usize {
        let mut t = from;
        while t < self.toks.len() && self.toks[t].start < b {
            t += 1;
        }
        t
    }

    /// Works out once which tokens are capitalised words that could be part of a name.
    pub(super) fn classify(&mut self, lex: &Lexicon, ts: &[usize]) {
        let mut nl = vec![false; self.toks.len()];
        let mut part = vec![false; self.toks.len()];
        for &t in ts {
            let k = &self.toks[t];
            let w = self.word(t);
            if !k.has(CAP) {
                part[t] = is_particle(w);
                continue;
            }
            part[t] = k.has(LOWER) && is_particle(w);
            if !k.has(LOWER)
                || lex.is_non_name(w)
                || lex.role(w).is_some()
                || w.bytes().any(|b| b.is_ascii_digit())
            {
                continue;
            }
            // "Five-four", "No-one", "Under-23": a hyphenated ordinary word.
            nl[t] = match w.split_once('-') {
                Some((head, _)) => !lex.is_non_name(head),
                None => true,
            };
        }
        self.nl = nl;
        self.part = part;
    }

    /// A name particle ("van", "de").
    pub(super) fn is_part(&self, t: usize) -> bool {
        self.part[t]
    }

    /// A capitalised word that could be part of a name.
    pub(super) fn name_like(&self, t: usize) -> bool {
        self.nl[t]
    }

    /// Where else a word occurs: bit 1 in lower case, bit 2 capitalised mid-sentence.
    pub(super) fn occurrences(&self, w: &str) -> u8 {
        let map = self.seen.get_or_init(|| {
            let mut m: FastMap<u64, u8> = FastMap::default();
            for (t, k) in self.toks.iter().enumerate() {
                let bit = if !k.has(CAP) {
                    1
                } else if !k.has(SENT) {
                    2
                } else {
                    continue;
                };
                *m.entry(word_hash(self.word(t))).or_insert(0) |= bit;
            }
            m
        });
        map.get(&word_hash(w)).copied().unwrap_or(0)
    }

    /// "S" in "S Bennett": a capital initial (maybe with a full stop) before a name.
    pub(super) fn initial_before_name(&self, t: usize) -> bool {
        let k = &self.toks[t];
        if k.end - k.start != 1 || !k.has(CAP) || t + 1 >= self.toks.len() {
            return false;
        }
        let gap = self.gap_before(t + 1);
        (gap == " " || gap == ". ") && self.name_like(t + 1) && !matches!(self.word(t), "a" | "i")
    }
}

pub(super) const A_WORD: u8 = 1;
pub(super) const A_LOWER: u8 = 2;
pub(super) const A_ALPHA: u8 = 4;
pub(super) const A_HIGH: u8 = 8;

/// Character classes of the ASCII bytes: word character, lower case, letter.
pub(super) static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_lowercase() {
            t[b] = A_WORD | A_LOWER | A_ALPHA;
        } else if c.is_ascii_uppercase() {
            t[b] = A_WORD | A_ALPHA;
        } else if c.is_ascii_digit() {
            t[b] = A_WORD;
        } else if c >= 0x80 {
            t[b] = A_HIGH;
        }
        b += 1;
    }
    t
};

/// How ASCII bytes fold: lower case; tab and form feeds become spaces; a backtick an apostrophe.
pub(super) static ASCII_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t' | 0x0b | 0x0c => b' ',
            b'`' => b'\'',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    t
};

/// Folds article text for matching (see [`fold_text_char`]): combining marks vanish and
/// horizontal white space becomes ' '. Returns the folded text and its shifts (see `Doc`).
pub(super) fn fold_text(text: &str) -> (String, Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut folded: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut shifts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII run, folded by table.
        let run = bytes[i..].iter().position(|&b| b >= 0x80).map_or(bytes.len(), |p| i + p);
        folded.extend(bytes[i..run].iter().map(|&b| ASCII_FOLD[b as usize]));
        i = run;
        if i >= bytes.len() {
            break;
        }
        let (c, clen) = char_at(text, i);
        if !is_combining_mark(c) {
            let f = if c.is_whitespace() { ' ' } else { fold_text_char(c) };
            let mut buf = [0u8; 4];
            folded.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
        }
        i += clen;
        shifts.push((i, folded.len()));
    }
    (String::from_utf8(folded).unwrap_or_default(), shifts)
}

/// The character at byte `i` and its length (ASCII fast path).
#[inline]
pub(super) fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// "1966", "2026": a four-digit year from 1900 to 2099.
pub(super) fn is_year(w: &str) -> bool {
    w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn is_spaces(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`' | '\u{2018}' | '\u{02bc}')
}

/// Does the joiner `c` at byte `i` continue the word before it ("Alexander-Arnold", "O'Neill")?
pub(super) fn joins(text: &str, i: usize, c: char) -> bool {
    if c != '-' && c != '\u{2010}' && c != '\u{2011}' && !is_apostrophe(c) {
        return false;
    }
    let rest = &text[i + c.len_utf8()..];
    let Some(next) = rest.chars().next() else { return false };
    if !next.is_alphanumeric() {
        return false;
    }
    if !is_apostrophe(c) {
        return true;
    }
    let run: String = rest.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    !matches!(run.as_str(), "s" | "t" | "re" | "ve" | "ll" | "d" | "m")
}

/// Is there a possessive (`'s`, or `'` after a final s) at byte `i`, right after `word`?
pub(super) fn possessive_at(text: &str, i: usize, word: &str) -> bool {
    let mut it = text[i..].chars();
    let Some(a) = it.next() else { return false };
    if !is_apostrophe(a) {
        return false;
    }
    match it.next() {
        Some('s') | Some('S') => !it.next().is_some_and(char::is_alphanumeric),
        Some(n) if !n.is_alphanumeric() => word.ends_with(['s', 'S', 'z', 'x']),
        None => word.ends_with(['s', 'S', 'z', 'x']),
        _ => false,
    }
}
