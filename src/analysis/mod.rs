//! Analysis: pure functions over article text, no I/O.
//!
//! - [`entities`]: people, teams, clubs, competitions, venues and places, from a gazetteer
//!   and from context, resolved within each article.
//! - [`quotes`]: direct quotes, their speakers, and comparing two outlets' wordings.
//!
//! All ranges here are **byte** ranges into the article text (`&text[range]` is valid UTF-8).
//! Conversion to the Unicode character offsets users see happens once, in the indexer.

pub mod entities;
pub mod quotes;
