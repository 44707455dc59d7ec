//! The one fold: when two spellings are "the same" word.
//!
//! `Aurélien Tchouaméni` and `Aurelien Tchouameni`, `England’s` and `England's`, `ﬁnal` and
//! `final`, `Ka\u{200B}ne` and `Kane`, `2–1` and `2-1` fold to the same string. Each character
//! is taken through its compatibility decomposition (NFKD: ligatures, full-width forms,
//! superscripts), diacritics (combining marks) are dropped, letters are lower-cased,
//! typographic quotes, dashes and spaces become their ASCII twins, invisible characters
//! (zero-width spaces and joiners, soft hyphens, byte-order marks) vanish, and the few letters
//! that do not decompose (`ø`, `æ`, `œ`, `ß`, `ł`, `đ`, `ð`, `þ`, `ı`) are spelled out.
//!
//! Folding makes *keys*; article text itself is never rewritten by it, so offsets stay honest:
//! [`super::Tokens`] keeps each word's folded form beside its place in the original text.
//! Folding is idempotent: `fold(fold(s)) == fold(s)`.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Characters that fold to nothing: zero-width space, non-joiner, joiner, word joiner, soft
/// hyphen, byte-order mark, and the invisible separators and operators.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}')
}

/// An apostrophe in any of its spellings (straight, curly, modifier letter, backtick).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{2032}')
}

/// Typographic punctuation and spaces to their ASCII twins; anything else unchanged.
pub fn ascii_punct(c: char) -> char {
    match c {
        c if is_apostrophe(c) => '\'',
        '\u{201A}' | '\u{201B}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        c => c,
    }
}

/// Letters without a decomposition that readers treat as plain Latin letters.
fn spelled(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

/// Appends the fold of one character to `out` (nothing for marks and invisible characters).
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(if c == '`' { '\'' } else { c.to_ascii_lowercase() });
        return;
    }
    if is_invisible(c) {
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) || is_invisible(d) {
            return;
        }
        for l in d.to_lowercase() {
            if is_combining_mark(l) {
                continue;
            }
            let l = ascii_punct(l);
            match spelled(l) {
                Some(s) => out.push_str(s),
                None => out.push(l),
            }
        }
    });
}

/// The fold of one character as one character, for callers that keep a 1:1 map between input
/// and output positions: the first character of [`fold_char_into`]'s output (so `ﬁ` gives
/// `f` and `æ` gives `a`), or `c` itself when it folds to nothing. Prefer [`fold_word_into`].
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c == '`' { '\'' } else { c.to_ascii_lowercase() };
    }
    let mut s = String::new();
    fold_char_into(c, &mut s);
    s.chars().next().unwrap_or(c)
}

/// Appends the fold of one word to `out` (as [`fold`], without the white-space handling).
#[inline]
pub fn fold_word_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| if b == b'`' { '\'' } else { b.to_ascii_lowercase() as char }));
    } else {
        word.chars().for_each(|c| fold_char_into(c, out));
    }
}

/// Folds a whole string: every character folded, runs of white space made one space, the ends
/// trimmed. Punctuation is kept (`2–1` is `2-1`); for word keys see [`super::key`].
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut folded = String::new();
    let mut pending_space = false;
    for c in s.chars() {
        folded.clear();
        fold_char_into(c, &mut folded);
        for f in folded.chars() {
            if f.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn diacritics_quotes_dashes_and_case_fold_together() {
        assert_eq!(fold("Aurélien Tchouaméni"), "aurelien tchouameni");
        assert_eq!(fold("England’s"), "england's");
        assert_eq!(fold("2–1 win"), "2-1 win");
        assert_eq!(fold("“Quote”"), "\"quote\"");
        assert_eq!(fold("  a \n\t b  "), "a b");
        assert_ne!(fold("Kane"), fold("Kano"));
    }

    #[test]
    fn ligatures_and_compatibility_forms_are_spelled_out() {
        assert_eq!(fold("The ﬁnal whistle"), "the final whistle");
        assert_eq!(fold("oﬃcial"), "official");
        assert_eq!(fold("ＦＩＦＡ"), "fifa");
        assert_eq!(fold("Ødegaard Æ Straße"), "odegaard ae strasse");
    }

    #[test]
    fn invisible_characters_vanish() {
        assert_eq!(fold("Ka\u{200B}ne"), "kane");
        assert_eq!(fold("Bel\u{00AD}lingham"), "bellingham");
        assert_eq!(fold("\u{FEFF}Kane"), "kane");
    }

    #[test]
    fn fold_word_into_agrees_with_fold() {
        for w in ["Tchouaméni", "ﬁnal", "KANE’S", "Ka\u{200B}ne", "İstanbul", "Ødegaard"] {
            let mut out = String::new();
            fold_word_into(w, &mut out);
            assert_eq!(out, fold(w), "{w}");
        }
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_tricky_letters(s in "[a-zA-Zİıßﬁﬃ’‘“”–—\u{200B}\u{00AD}éÉøÆǅǄ\u{212B}\u{3392} ]{0,30}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }
    }
}
