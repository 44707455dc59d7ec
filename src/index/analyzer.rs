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

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{fold_word_into, words, Words};

/// Name under which the English analyzer is registered in the index.
pub const EN: &str = "pressbox_en";
/// Name under which the unstemmed name analyzer is registered.
pub const NAME: &str = "pressbox_name";

/// Words longer than this (in bytes) are not indexed: they are URLs, hashes or garbage.
pub const MAX_WORD_BYTES: usize = 48;
/// Longest folded word (and stem) the stem cache keeps, in bytes; longer words (rare) are
/// stemmed each time.
const INLINE: usize = 24;
/// Slots of a new stem cache, and the most it grows to (a power of two each): 2^18 slots of
/// 56 bytes, 14.7 MB.
const FIRST_SLOTS: usize = 1 << 10;
const MAX_SLOTS: usize = 1 << 18;

/// Folded words to their stems, per thread; see the module doc.
///
/// An open-addressing table (linear probing) whose slots hold the word and its stem inline, so
/// that a hit reads one slot, not a bucket and then two strings elsewhere on the heap (the
/// `HashMap<Box<str>, Box<str>>` it replaces spent most of its time on those cache misses).
/// It doubles at half full up to [`MAX_SLOTS`], and is emptied when that is 70% full, which
/// bounds its memory. (A small direct-mapped front for the most frequent words was tried and
/// measured no faster: the misses are those of the rarer words.)
#[derive(Clone, Default)]
pub struct StemCache {
    slots: Vec<Slot>,
    len: usize,
    /// The stem of the last word too long to keep.
    long: String,
}

#[derive(Clone, Copy)]
struct Slot {
    /// 0: empty.
    hash: u32,
    word_len: u8,
    stem_len: u8,
    word: [u8; INLINE],
    stem: [u8; INLINE],
}

const EMPTY: Slot = Slot { hash: 0, word_len: 0, stem_len: 0, word: [0; INLINE], stem: [0; INLINE] };

/// FxHash-style hash of `bytes`, never 0 (0 marks an empty slot).
#[inline]
fn word_hash(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0;
    for chunk in bytes.chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let h = ((h >> 32) ^ h) as u32;
    h.max(1)
}

impl StemCache {
    /// The stem of the folded word `folded`.
    pub fn stem(&mut self, folded: &str) -> &str {
        let word = folded.as_bytes();
        if word.len() > INLINE {
            self.long = stem_english(folded);
            return &self.long;
        }
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; FIRST_SLOTS];
        }
        let Some(i) = self.slot_of(word_hash(word), folded) else {
            return &self.long;
        };
        let slot = &self.slots[i];
        // The stem was a `&str` cut at its end: always UTF-8.
        std::str::from_utf8(&slot.stem[..slot.stem_len as usize]).unwrap_or("")
    }

    /// The slot of the table holding `folded` (of at most [`INLINE`] bytes, with this hash),
    /// stemmed and added if it is not there; `None` when its stem is too long to keep (then in
    /// `self.long`).
    fn slot_of(&mut self, hash: u32, folded: &str) -> Option<usize> {
        let word = folded.as_bytes();
        let mut i = self.find(hash, word);
        if self.slots[i].hash == 0 {
            let stem = stem_english(folded);
            if stem.len() > INLINE {
                self.long = stem;
                return None;
            }
            if self.full() {
                i = self.find(hash, word);
            }
            let slot = &mut self.slots[i];
            slot.hash = hash;
            slot.word_len = word.len() as u8;
            slot.word[..word.len()].copy_from_slice(word);
            slot.stem_len = stem.len() as u8;
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
            self.len += 1;
        }
        Some(i)
    }

    /// The slot holding `word`, or the empty slot where it would go.
    #[inline]
    fn find(&self, hash: u32, word: &[u8]) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.hash == 0 || (s.hash == hash && &s.word[..s.word_len as usize] == word) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Makes room for one more word: doubles the table at half full, or empties it when it is
    /// at its largest and 70% full. True when slots moved (a found slot is stale).
    fn full(&mut self) -> bool {
        let n = self.slots.len();
        if n < MAX_SLOTS && (self.len + 1) * 2 > n {
            let old = std::mem::replace(&mut self.slots, vec![EMPTY; n * 2]);
            let mask = n * 2 - 1;
            for s in old.into_iter().filter(|s| s.hash != 0) {
                let mut i = s.hash as usize & mask;
                while self.slots[i].hash != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = s;
            }
            true
        } else if n >= MAX_SLOTS && (self.len + 1) * 10 > n * 7 {
            self.slots.fill(EMPTY);
            self.len = 0;
            true
        } else {
            false
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
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
    fn stem_cache_keeps_its_answers_as_it_grows_and_empties() {
        // Enough distinct words to double the table many times and empty it once.
        let words: Vec<String> = (0..(MAX_SLOTS * 7 / 10 + 5_000))
            .map(|i| format!("{}ing{}", ["run", "penalti", "scor", "england"][i % 4], i / 4))
            .collect();
        let mut cache = StemCache::default();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(cache.stem(w), stem_english(w), "{w}");
            if n % 997 == 0 {
                // An earlier word, likely still held (or stemmed again after the table emptied).
                let back = &words[n / 2];
                assert_eq!(cache.stem(back), stem_english(back), "{back}");
            }
        }
        assert!(cache.len() < MAX_SLOTS * 7 / 10, "{}", cache.len());
        assert!(!cache.is_empty());
        let long = "a".repeat(INLINE + 1) + "ing";
        assert_eq!(cache.stem(&long), stem_english(&long));
        assert_eq!(cache.stem("penalties"), "penalti");
        assert_eq!(cache.stem("tchouameni's"), stem_english("tchouameni's"));
    }

    /// The analyzer's terms of `text` are the article's tokens (`Tokens`): each indexed
    /// token's stem, byte range and position (its token index, which passage bounds use).
    fn same_as_tokens(text: &str) {
        let want: Vec<(String, Range<usize>, usize)> = {
            let tokens = crate::text::Tokens::new(text);
            (0..tokens.len())
                .filter(|&i| indexed_len(tokens.tokens[i].range().len()) && !tokens.word(i).is_empty())
                .map(|i| (stem_english(tokens.word(i)), tokens.tokens[i].range(), i))
                .collect()
        };
        let got = PressboxTokenizer::english().terms(text);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "in {:?}", &text[w.1.clone()]);
        }
    }

    #[test]
    fn terms_are_the_articles_tokens() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        same_as_tokens(&format!(
            "Kane’s penalty, 2–1 (Tchouaméni) {long} The ﬁnal 'tis he'll Joo-Ho \u{200B}"
        ));
        // Real text: the seed articles, and the bbcsport corpus where it is.
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
        let mut n = 0;
        for entry in seeds {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            same_as_tokens(&text);
            n += text.len();
        }
        assert!(n > 5_000, "only {n} bytes of seed text");
        let Some(dir) = crate::eval::corpora_for_test() else { return };
        let data = std::fs::read_to_string(dir.join("bbcsport.jsonl")).expect("bbcsport.jsonl reads");
        let mut docs = 0;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let doc: serde_json::Value = serde_json::from_str(line).expect("json line");
            for key in ["title", "body"] {
                if let Some(t) = doc[key].as_str() {
                    same_as_tokens(t);
                }
            }
            docs += 1;
        }
        assert_eq!(docs, 737);
    }

    #[test]
    fn overlong_words_are_dropped_but_keep_their_position() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let toks = PressboxTokenizer::english().terms(&format!("a {long} b"));
        let kept: Vec<(&str, usize)> = toks.iter().map(|t| (t.0.as_str(), t.2)).collect();
        assert_eq!(kept, [("a", 0), ("b", 2)]);
    }
}
