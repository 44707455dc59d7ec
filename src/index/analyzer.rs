//! The one text analyzer, registered under the same name for indexing and for querying.
//!
//! `pressbox_en`: words are runs of letters and digits, joined across an inner apostrophe
//! (`England’s`, `he'll`); each word is folded (diacritics dropped, lower case, curly
//! apostrophes made straight) and stemmed with the Snowball English stemmer (the same
//! `frostem` that tantivy's own `Stemmer` uses), so `England’s`/`England's`/`england` and
//! `penalty`/`penalties` meet, as do `Tchouaméni` and `Tchouameni`.
//!
//! Stemming is the hot spot of indexing, and news text repeats its words constantly, so each
//! tokenizer instance (tantivy clones one per indexing thread) keeps a cache of the stems of
//! words it has seen.
//!
//! `pressbox_name`: the same words and folding without stemming, for outlet names.

use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analysis::normalize::fold_char;

/// Name under which the English analyzer is registered in the index.
pub const EN: &str = "pressbox_en";
/// Name under which the unstemmed name analyzer is registered.
pub const NAME: &str = "pressbox_name";

/// Words longer than this (in bytes) are dropped: they are URLs, hashes or garbage.
const MAX_WORD_BYTES: usize = 48;
/// The stem cache is emptied when it holds this many words, which bounds its memory.
const MAX_CACHED_STEMS: usize = 500_000;

/// The pressbox tokenizer; see the module doc.
#[derive(Clone)]
pub struct PressboxTokenizer {
    stem: bool,
    cache: HashMap<String, String>,
    token: Token,
}

impl PressboxTokenizer {
    /// The English analyzer: fold and stem.
    pub fn english() -> Self {
        PressboxTokenizer { stem: true, cache: HashMap::new(), token: Token::default() }
    }

    /// The name analyzer: fold only.
    pub fn names() -> Self {
        PressboxTokenizer { stem: false, cache: HashMap::new(), token: Token::default() }
    }

    /// Every token of `text` as (term, byte range, position): the same terms the index holds.
    pub fn terms(&mut self, text: &str) -> Vec<(String, std::ops::Range<usize>, usize)> {
        let mut out = Vec::new();
        let mut stream = self.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to, t.position));
        }
        out
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Folds `word` into `out`: ASCII fast path, [`fold_char`] for the rest.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_apostrophe(c) {
            out.push('\'');
        } else {
            let f = fold_char(c);
            if f.is_alphanumeric() || f == '\'' {
                out.push(f);
            }
        }
    }
}

/// The words of a text, as byte ranges, in order: runs of letters and digits joined across an
/// inner apostrophe, overlong ones left out. Indexing and highlighting both walk text with this,
/// so their word positions agree.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// Iterates the words of `text`; see [`Words`].
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

impl Iterator for Words<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (offset, _) = self.text[self.pos..].char_indices().find(|(_, c)| is_word_char(*c))?;
            let start = self.pos + offset;
            let mut end = start;
            let mut chars = self.text[start..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if is_word_char(c) {
                    end = start + i + c.len_utf8();
                } else if is_apostrophe(c) && chars.peek().is_some_and(|(_, n)| is_word_char(*n)) {
                    // Join across an apostrophe only when a word character follows it.
                    continue;
                } else {
                    break;
                }
            }
            self.pos = end;
            if end - start <= MAX_WORD_BYTES {
                return Some(start..end);
            }
        }
    }
}

/// The token stream of [`PressboxTokenizer`].
pub struct PressboxTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    stem: bool,
    cache: &'a mut HashMap<String, String>,
    token: &'a mut Token,
    folded: String,
}

impl TokenStream for PressboxTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        for range in self.words.by_ref() {
            fold_into(&text[range.clone()], &mut self.folded);
            if self.folded.is_empty() {
                continue;
            }
            self.token.text.clear();
            if self.stem {
                stem_cached(self.cache, &self.folded, &mut self.token.text);
            } else {
                self.token.text.push_str(&self.folded);
            }
            self.token.offset_from = range.start;
            self.token.offset_to = range.end;
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl Tokenizer for PressboxTokenizer {
    type TokenStream<'a> = PressboxTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.token.reset();
        PressboxTokenStream {
            text,
            words: words(text),
            stem: self.stem,
            cache: &mut self.cache,
            token: &mut self.token,
            folded: String::new(),
        }
    }
}

thread_local! {
    static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
}

/// Appends the stem of the folded word `folded` to `out`, through `cache`.
pub fn stem_cached(cache: &mut HashMap<String, String>, folded: &str, out: &mut String) {
    if let Some(stem) = cache.get(folded) {
        out.push_str(stem);
        return;
    }
    let stem = stem_english(folded);
    if cache.len() >= MAX_CACHED_STEMS {
        cache.clear();
    }
    out.push_str(&stem);
    cache.insert(folded.to_string(), stem);
}

/// Stems one folded word with the Snowball English stemmer. Possessive `'s` goes too.
pub fn stem_english(word: &str) -> String {
    STEMMER.with(|s| s.stem(word).into_owned())
}

/// Registers both analyzers on an index, under [`EN`] and [`NAME`].
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(EN, tantivy::tokenizer::TextAnalyzer::from(PressboxTokenizer::english()));
    manager.register(NAME, tantivy::tokenizer::TextAnalyzer::from(PressboxTokenizer::names()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        PressboxTokenizer::english().terms(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn curly_and_straight_possessives_meet() {
        assert_eq!(terms("England’s"), terms("England's"));
        assert_eq!(terms("England’s"), terms("england"));
    }

    #[test]
    fn diacritics_fold_and_plurals_stem() {
        assert_eq!(terms("Aurélien Tchouaméni"), terms("Aurelien Tchouameni"));
        assert_eq!(terms("penalties"), terms("penalty"));
        assert_eq!(terms("scored"), terms("scoring"));
    }

    #[test]
    fn offsets_point_at_the_original_words() {
        let text = "Kane’s penalty, 2–1 (Tchouaméni)";
        let toks = PressboxTokenizer::english().terms(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.1.clone()]).collect();
        assert_eq!(words, ["Kane’s", "penalty", "2", "1", "Tchouaméni"]);
        let positions: Vec<usize> = toks.iter().map(|t| t.2).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn apostrophes_join_only_inside_words() {
        let text = "'Harry' he'll say 'tis";
        let toks = PressboxTokenizer::names().terms(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.1.clone()]).collect();
        assert_eq!(words, ["Harry", "he'll", "say", "tis"]);
    }

    #[test]
    fn stem_cache_gives_the_same_stems_as_the_stemmer() {
        let mut tok = PressboxTokenizer::english();
        let first: Vec<String> = tok.terms("penalties penalties running").into_iter().map(|t| t.0).collect();
        assert_eq!(first, ["penalti", "penalti", "run"]);
        assert_eq!(tok.cache.len(), 2);
    }

    #[test]
    fn overlong_words_are_dropped() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(terms(&format!("a {long} b")), ["a", "b"]);
    }
}
