//! Text: the one place that decides how text becomes words.
//!
//! Every stage reads article text through this module, so their offsets and their idea of a
//! word always agree:
//!
//! - [`fold`]: the one fold (NFKD compatibility, diacritics, case, typographic punctuation,
//!   invisible characters), idempotent.
//! - [`words`]: the one word splitter, [`key`] for names, and [`Tokens`]: an article tokenised
//!   once (offsets, folded words, sentences, flags), read by the analyzer, the tagger, quote
//!   extraction, speakers, passages and highlights.
//! - [`sentences`]: paragraphs and sentences of news copy, as byte ranges.
//! - [`passages`]: groups of sentences within a paragraph, the unit hits are shown in.
//! - [`offsets`]: byte offsets to the Unicode character offsets users see.
//!
//! Byte ranges are into the article text (`&text[range]` is valid UTF-8).

pub mod fold;
pub mod offsets;
pub mod passages;
pub mod sentences;
pub mod words;

pub use fold::{fold, fold_char_into, fold_word_into, is_apostrophe, is_invisible};
pub use offsets::CharIndex;
pub use passages::{passages, word_count, Passage, MAX_PASSAGE_WORDS};
pub use sentences::{all_sentences, paragraphs, sentences};
pub use words::{flags, key, words, Sentence, Token, Tokens, Words};
