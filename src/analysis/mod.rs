//! Analysis: pure functions over article text, no I/O.
//!
//! - [`entities`]: people, teams, clubs, competitions, venues and places, from a gazetteer
//!   and from context, resolved within each article.
//! - [`quotes`]: direct quotes, their speakers, and comparing two outlets' wordings.
//! - [`facts`]: match facts (score, goals, penalties, cards, substitutions, VAR, referee,
//!   venue, competition) with their evidence, from the same `Tokens` and tagged entities.
//!
//! All ranges here are **byte** ranges into the article text (`&text[range]` is valid UTF-8).
//! Conversion to the Unicode character offsets users see happens once, in the indexer.

pub mod entities;
pub mod facts;
pub mod quotes;
