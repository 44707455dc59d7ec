//! The one word splitter, and [`Tokens`]: an article tokenised once, for every stage to read.
//!
//! A **word** is a run of letters and digits (combining marks and invisible characters such as
//! zero-width spaces and soft hyphens continue a word, they never start one), joined across a
//! single inner apostrophe when a letter or digit follows it: `England’s`, `he'll`, `O'Neill`
//! are one word each. A hyphen splits (`Joo-Ho` is two words), and the second word carries
//! [`flags::HYPHEN_JOINED`] so name finders can put them back together.
//!
//! [`Tokens`] holds, for one article: every word with its byte range in the text, its folded
//! form (in one shared string, no allocation per word), its sentence and a few flags; the
//! sentences and paragraphs. The tantivy analyzer, the entity tagger, quote extraction, speaker
//! attribution, passages and highlights all read words through this module, so their offsets
//! always point at the same characters.

use std::ops::Range;

use super::fold::{fold_word_into, is_apostrophe, is_invisible};
use super::passages::{self, Passage};
use super::sentences;

/// Flags of a [`Token`].
pub mod flags {
    /// The first letter is upper case.
    pub const CAP: u16 = 1;
    /// At least two letters, all upper case.
    pub const ALLCAPS: u16 = 2;
    /// Has a lower-case letter.
    pub const LOWER: u16 = 4;
    /// Has a digit.
    pub const DIGIT: u16 = 8;
    /// First word of a sentence.
    pub const SENT_START: u16 = 16;
    /// First word of a paragraph.
    pub const PARA_START: u16 = 32;
    /// Ends in a possessive `'s` (or is a plural possessive `s'`).
    pub const POSS: u16 = 64;
    /// Follows the previous word across exactly one hyphen (`Ho` in `Joo-Ho`).
    pub const HYPHEN_JOINED: u16 = 128;
    /// Contains an apostrophe.
    pub const APOS: u16 = 256;
}

/// One word of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the article text.
    pub start: u32,
    pub end: u32,
    /// Byte range of the folded form in [`Tokens::folded`].
    pub fstart: u32,
    pub fend: u32,
    /// Index into [`Tokens::sentences`].
    pub sentence: u32,
    /// [`flags`].
    pub flags: u16,
}

impl Token {
    #[inline]
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// Byte range in the article text.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A sentence: its byte range (trimmed) and the words in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Indices into [`Tokens::tokens`].
    pub tokens: Range<usize>,
    /// Index into [`Tokens::paragraphs`].
    pub paragraph: usize,
}

/// An article tokenised once; see the module doc.
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    pub text: &'t str,
    /// Each token's folded word followed by one space: `"kane scored "`.
    pub folded: String,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Byte ranges of the paragraphs (lines), trimmed, empty ones left out.
    pub paragraphs: Vec<Range<usize>>,
}

impl<'t> Tokens<'t> {
    /// Tokenises `text`: paragraphs, sentences, words and their folded forms, in one pass over
    /// the words.
    pub fn new(text: &'t str) -> Self {
        let paragraphs = sentences::paragraphs(text);
        let mut sentence_ranges: Vec<(Range<usize>, usize)> = Vec::new();
        for (p, para) in paragraphs.iter().enumerate() {
            sentence_ranges.extend(sentences(text, para.clone()).into_iter().map(|s| (s, p)));
        }
        let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6);
        let mut folded = String::with_capacity(text.len() + text.len() / 8);
        let mut sentences: Vec<Sentence> = Vec::with_capacity(sentence_ranges.len());
        let mut s = 0usize;
        let mut prev_end = 0usize;
        for w in words(text) {
            // Sentences cover all non-space text of each paragraph, so every word is in one.
            while s + 1 < sentence_ranges.len() && sentence_ranges[s].0.end <= w.start {
                s += 1;
            }
            let surface = &text[w.clone()];
            let fstart = folded.len();
            fold_word_into(surface, &mut folded);
            let fend = folded.len();
            folded.push(' ');
            let mut f = case_flags(surface);
            let gap = &text[prev_end..w.start];
            if !tokens.is_empty() && matches!(gap, "-" | "\u{2010}" | "\u{2011}") {
                f |= flags::HYPHEN_JOINED;
            }
            let fw = &folded[fstart..fend];
            if fw.contains('\'') {
                f |= flags::APOS;
                if fw.ends_with("'s") {
                    f |= flags::POSS;
                }
            } else if fw.ends_with('s') && text[w.end..].starts_with(is_apostrophe) {
                // Plural possessive `fans'`: the apostrophe is left outside the word.
                let after = text[w.end..].chars().nth(1);
                if !after.is_some_and(char::is_alphanumeric) {
                    f |= flags::POSS;
                }
            }
            let sentence = s.min(sentence_ranges.len().saturating_sub(1));
            tokens.push(Token {
                start: w.start as u32,
                end: w.end as u32,
                fstart: fstart as u32,
                fend: fend as u32,
                sentence: sentence as u32,
                flags: f,
            });
            prev_end = w.end;
        }
        // Sentences with their token ranges (a sentence may hold no word: "***").
        let mut t = 0;
        for (range, paragraph) in sentence_ranges {
            let first = t;
            while t < tokens.len() && (tokens[t].start as usize) < range.end {
                t += 1;
            }
            if let Some(tok) = tokens.get_mut(first) {
                if first < t {
                    tok.flags |= flags::SENT_START;
                    if sentences.last().is_none_or(|p: &Sentence| p.paragraph != paragraph) {
                        tok.flags |= flags::PARA_START;
                    }
                }
            }
            sentences.push(Sentence { range, tokens: first..t, paragraph });
        }
        Tokens { text, folded, tokens, sentences, paragraphs }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The folded form of token `i`.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.folded[t.fstart as usize..t.fend as usize]
    }

    /// The text of token `i` as written.
    #[inline]
    pub fn surface(&self, i: usize) -> &'t str {
        &self.text[self.tokens[i].range()]
    }

    /// The text between token `i - 1` (or the start of the text) and token `i`.
    #[inline]
    pub fn gap_before(&self, i: usize) -> &'t str {
        let from = if i == 0 { 0 } else { self.tokens[i - 1].end as usize };
        &self.text[from..self.tokens[i].start as usize]
    }

    /// The text between token `i` and token `i + 1` (or the end of the text).
    #[inline]
    pub fn gap_after(&self, i: usize) -> &'t str {
        let to = self.tokens.get(i + 1).map_or(self.text.len(), |t| t.start as usize);
        &self.text[self.tokens[i].end as usize..to]
    }

    /// The index of the first token that ends after byte `byte` (`len()` if none).
    pub fn token_at(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| (t.end as usize) <= byte)
    }

    /// The folded words of tokens `range`, joined by single spaces.
    pub fn folded_span(&self, range: Range<usize>) -> &str {
        if range.is_empty() {
            return "";
        }
        let a = self.tokens[range.start].fstart as usize;
        let b = self.tokens[range.end - 1].fend as usize;
        &self.folded[a..b]
    }

    /// The passages of the article (see [`passages`]).
    pub fn passages(&self) -> Vec<Passage> {
        passages::passages(self)
    }
}

/// Case and digit flags of one word.
fn case_flags(w: &str) -> u16 {
    let mut f = 0;
    let (mut upper, mut lower, mut first) = (0u32, 0u32, true);
    if w.is_ascii() {
        for b in w.bytes() {
            if b.is_ascii_uppercase() {
                upper += 1;
                if first {
                    f |= flags::CAP;
                }
                first = false;
            } else if b.is_ascii_lowercase() {
                lower += 1;
                first = false;
            } else if b.is_ascii_digit() {
                f |= flags::DIGIT;
            }
        }
    } else {
        for c in w.chars() {
            if c.is_uppercase() {
                upper += 1;
                if first {
                    f |= flags::CAP;
                }
                first = false;
            } else if c.is_lowercase() {
                lower += 1;
                first = false;
            } else if c.is_numeric() {
                f |= flags::DIGIT;
            } else if c.is_alphabetic() {
                first = false;
            }
        }
    }
    if lower > 0 {
        f |= flags::LOWER;
    } else if upper >= 2 {
        f |= flags::ALLCAPS;
    }
    f
}

/// Bytes that can be part of an ASCII word.
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

#[inline]
fn starts_word(c: char) -> bool {
    if c.is_ascii() {
        ASCII_WORD[c as usize]
    } else {
        c.is_alphanumeric()
    }
}

#[inline]
fn continues_word(c: char) -> bool {
    if c.is_ascii() {
        ASCII_WORD[c as usize]
    } else {
        c.is_alphanumeric() || is_invisible(c) || unicode_normalization::char::is_combining_mark(c)
    }
}

/// The words of a text, as byte ranges, in order; see the module doc.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// Iterates the words of `text`: the one word splitter.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        // Find the start of the next word.
        let mut i = self.pos;
        let start = loop {
            while i < len && bytes[i] < 0x80 && !ASCII_WORD[bytes[i] as usize] {
                i += 1;
            }
            if i >= len {
                self.pos = len;
                return None;
            }
            let c = self.text[i..].chars().next()?;
            if starts_word(c) {
                break i;
            }
            i += c.len_utf8();
        };
        // Extend it.
        let mut end = start;
        loop {
            while end < len && bytes[end] < 0x80 && ASCII_WORD[bytes[end] as usize] {
                end += 1;
            }
            if end >= len {
                break;
            }
            let Some(c) = self.text[end..].chars().next() else { break };
            if continues_word(c) {
                end += c.len_utf8();
                continue;
            }
            if is_apostrophe(c) {
                let after = end + c.len_utf8();
                if self.text[after..].chars().next().is_some_and(starts_word) {
                    end = after;
                    continue;
                }
            }
            break;
        }
        self.pos = end;
        Some(start..end)
    }
}

/// The look-up key of a name or phrase: its words, folded, joined by single spaces
/// (`Kane’s` → `kane's`, `Joo-Ho` → `joo ho`). Gazetteer aliases, outlet names and every other
/// name comparison use this, and [`Tokens::folded`] is laid out the same way, so a key found
/// in it at token boundaries is a match.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in words(s) {
        if !out.is_empty() {
            out.push(' ');
        }
        fold_word_into(&s[w], &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<&str> {
        words(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn words_join_across_inner_apostrophes_only() {
        assert_eq!(surfaces("'Harry' he'll say 'tis"), ["Harry", "he'll", "say", "tis"]);
        assert_eq!(
            surfaces("Kane’s penalty, 2–1 (Tchouaméni)"),
            ["Kane’s", "penalty", "2", "1", "Tchouaméni"]
        );
        assert_eq!(surfaces("Park Joo-Ho"), ["Park", "Joo", "Ho"]);
        assert_eq!(surfaces("Ka\u{200B}ne"), ["Ka\u{200B}ne"]);
        assert_eq!(surfaces(""), Vec::<&str>::new());
        assert_eq!(surfaces("... —"), Vec::<&str>::new());
    }

    #[test]
    fn keys_are_folded_words() {
        assert_eq!(key("Kane’s"), "kane's");
        assert_eq!(key("  Park Joo-Ho "), "park joo ho");
        assert_eq!(key("Aurélien TCHOUAMÉNI"), "aurelien tchouameni");
        assert_eq!(key("The ﬁnal"), "the final");
    }

    #[test]
    fn tokens_carry_offsets_folds_sentences_and_flags() {
        let text = "Harry Kane’s penalty was saved. Then Joo-Ho scored!\nUSA won 2-1.";
        let t = Tokens::new(text);
        assert_eq!(t.surface(1), "Kane’s");
        assert_eq!(t.word(1), "kane's");
        assert!(t.tokens[1].has(flags::POSS | flags::CAP));
        assert!(t.tokens[0].has(flags::SENT_START) && t.tokens[0].has(flags::PARA_START));
        let then = 5;
        assert_eq!(t.surface(then), "Then");
        assert!(t.tokens[then].has(flags::SENT_START) && !t.tokens[then].has(flags::PARA_START));
        assert!(t.tokens[then + 2].has(flags::HYPHEN_JOINED));
        let usa = t.tokens.iter().position(|k| &text[k.range()] == "USA").unwrap();
        assert!(t.tokens[usa].has(flags::ALLCAPS | flags::PARA_START));
        assert_eq!(t.sentences.len(), 3);
        assert_eq!(t.sentences[2].paragraph, 1);
        assert_eq!(t.folded_span(0..3), "harry kane's penalty");
        assert_eq!(t.gap_before(2), " ");
        assert_eq!(t.token_at(text.find("penalty").unwrap()), 2);
        for (i, k) in t.tokens.iter().enumerate() {
            assert!(t.sentences[k.sentence as usize].tokens.contains(&i));
        }
    }

    #[test]
    fn plural_possessive_is_flagged() {
        let t = Tokens::new("The fans' songs");
        assert!(t.tokens[1].has(flags::POSS));
        assert!(!t.tokens[2].has(flags::POSS));
    }
}
