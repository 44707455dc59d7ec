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

use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{fold_word_into, words, Words};

/// Name under which the English analyzer is registered in the index.
pub const EN: &str = "pressbox_en";
/// Name under which the unstemmed name analyzer is registered.
pub const NAME: &str = "pressbox_name";

/// Words longer than this (in bytes) are not indexed: they are URLs, hashes or garbage.
pub const MAX_WORD_BYTES: usize = 48;
/// The stem cache is emptied when it holds this many words, which bounds its memory.
const MAX_CACHED_STEMS: usize = 200_000;

/// Folded words to their stems, per thread; see the module doc.
#[derive(Clone, Default)]
pub struct StemCache {
    map: FxHashMap<Box<str>, Box<str>>,
}

impl StemCache {
    /// The stem of the folded word `folded`.
    pub fn stem(&mut self, folded: &str) -> &str {
        if !self.map.contains_key(folded) {
            if self.map.len() >= MAX_CACHED_STEMS {
                self.map.clear();
            }
            let stem = stem_english(folded);
            self.map.insert(folded.into(), stem.into());
        }
        &self.map[folded]
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The pressbox tokenizer; see the module doc.
#[derive(Clone)]
pub struct PressboxTokenizer {
    stem: bool,
    cache: StemCache,
    token: Token,
}

impl PressboxTokenizer {
    /// The English analyzer: fold and stem.
    pub fn english() -> Self {
        PressboxTokenizer { stem: true, cache: StemCache::default(), token: Token::default() }
    }

    /// The name analyzer: fold only.
    pub fn names() -> Self {
        PressboxTokenizer { stem: false, cache: StemCache::default(), token: Token::default() }
    }

    /// Every token of `text` as (term, byte range, position): the same terms the index holds.
    pub fn terms(&mut self, text: &str) -> Vec<(String, Range<usize>, usize)> {
        let mut out = Vec::new();
        let mut stream = self.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to, t.position));
        }
        out
    }
}

/// Whether a word (byte length) is indexed.
#[inline]
pub fn indexed_len(len: usize) -> bool {
    len <= MAX_WORD_BYTES
}

/// The token stream of [`PressboxTokenizer`].
pub struct PressboxTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    stem: bool,
    cache: &'a mut StemCache,
    token: &'a mut Token,
    folded: String,
}

impl TokenStream for PressboxTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        for range in self.words.by_ref() {
            // Positions count every word, indexed or not, as `Tokens` does.
            self.token.position = self.token.position.wrapping_add(1);
            if !indexed_len(range.len()) {
                continue;
            }
            self.folded.clear();
            fold_word_into(&text[range.clone()], &mut self.folded);
            if self.folded.is_empty() {
                continue;
            }
            self.token.text.clear();
            if self.stem {
                self.token.text.push_str(self.cache.stem(&self.folded));
            } else {
                self.token.text.push_str(&self.folded);
            }
            self.token.offset_from = range.start;
            self.token.offset_to = range.end;
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
        assert_eq!(tok.terms("The ﬁnal")[1].0, "final", "ligatures fold");
    }

    #[test]
    fn overlong_words_are_dropped_but_keep_their_position() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let toks = PressboxTokenizer::english().terms(&format!("a {long} b"));
        let kept: Vec<(&str, usize)> = toks.iter().map(|t| (t.0.as_str(), t.2)).collect();
        assert_eq!(kept, [("a", 0), ("b", 2)]);
    }
}
