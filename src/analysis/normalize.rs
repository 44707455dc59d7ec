//! Folding text for matching: the one place that decides when two spellings are "the same".
//!
//! `Aurélien Tchouaméni` and `Aurelien Tchouameni`, `England’s` and `England's`, `2–1` and `2-1`
//! fold to the same string. Folding is for *keys* (outlet filters, gazetteer look-ups, quote
//! comparison); article text itself is never rewritten by it, so offsets stay honest.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Maps typographic punctuation to its ASCII twin; other characters pass through.
pub fn ascii_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => {
            '\''
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => ' ',
        '\u{2026}' => '…',
        c => c,
    }
}

/// Folds one string for matching: decomposes (NFKD), drops combining marks (diacritics),
/// lowercases, maps curly quotes and dashes to ASCII, and collapses runs of white space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = ascii_punct(c);
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out
}

/// Folds one character the way [`fold`] would, for callers that must keep a 1:1 map between
/// input and output positions (diacritics dropped, case lowered, punctuation mapped).
/// Returns the base character; characters that decompose to several are reduced to the first.
pub fn fold_char(c: char) -> char {
    let base = c.nfkd().find(|d| !is_combining_mark(*d)).unwrap_or(c);
    let base = ascii_punct(base);
    base.to_lowercase().next().unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_quotes_dashes_and_case_fold_together() {
        assert_eq!(fold("Aurélien Tchouaméni"), fold("Aurelien Tchouameni"));
        assert_eq!(fold("England’s"), "england's");
        assert_eq!(fold("2–1 win"), "2-1 win");
        assert_eq!(fold("“Quote”"), "\"quote\"");
        assert_eq!(fold("  a \n\t b  "), "a b");
        assert_ne!(fold("Kane"), fold("Kano"));
    }

    #[test]
    fn fold_char_keeps_one_char_per_char() {
        assert_eq!(fold_char('É'), 'e');
        assert_eq!(fold_char('’'), '\'');
        assert_eq!(fold_char('K'), 'k');
        assert_eq!(fold_char('ß'), 'ß');
    }
}
