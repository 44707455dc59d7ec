//! Ingest: turns files and records on disk into [`Article`]s.
//!
//! This layer owns everything about *reading*: walking paths, telling plain text from HTML
//! from JSON/JSONL from RSS/Atom feeds from web archives (WARC), optionally gzipped; keeping
//! page boilerplate out of the text ([`boilerplate`]); stripping markup, decoding entities,
//! normalising the text to NFC; parsing dates ([`dates`]); capping sizes and refusing hostile
//! input with reasons; and working out which outlet published each article (see [`outlet`]).
//! It imports nothing else from pressbox: analysis, indexing and search sit downstream.
//!
//! Imports run one way: the readers (`read` → `json`, `feed`, `warc`) use [`article`], which
//! uses `html`, `boilerplate`, `dates` and `outlet`.
//!
//! Every article's `text` is final here: all character offsets produced downstream
//! (passages, highlights, entities, quotes) index into exactly this string.

use serde::Serialize;
use std::path::PathBuf;

pub mod article;
pub mod boilerplate;
pub mod dates;
pub mod feed;
pub mod html;
pub mod json;
pub mod outlet;
pub mod read;
pub mod warc;

#[cfg(test)]
mod testutil;

pub use article::{MAX_ARTICLE_BYTES, MAX_DOCUMENT_BYTES};
pub use outlet::{OutletSource, OutletTable};
pub use read::{discover, read_file, InputFile};

/// One article, ready for analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable id: the record's own id, else the path relative to the input root
    /// (`rel:LINE` for a JSONL record, `rel#N` for an element of a JSON array or the N-th
    /// item of a feed); a feed item's guid/id or link; a web-archive record's target URI.
    pub id: String,
    /// Outlet name as shown to users ("AFP", "The National"), if known.
    pub outlet: Option<String>,
    /// How `outlet` was found.
    pub outlet_source: OutletSource,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The date as written in the source (for a feed item, as the feed parser renders it).
    pub date: Option<String>,
    /// `date` parsed (see [`dates`]); `None` when there is no date or it is in no known form.
    pub published: Option<jiff::Timestamp>,
    /// Where it came from: a path, plus `:LINE` for a JSONL record, `#N` (from 0) for an
    /// element of a JSON array or a feed item, `#N` (from 1) for a web-archive record.
    pub source: String,
    /// NFC-normalised plain text; paragraphs separated by `\n` (blank lines kept as they were).
    pub text: String,
}

/// A file or record that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Path, plus `:LINE` for a JSONL record or `#N` for an element of a JSON array.
    pub source: String,
    pub reason: String,
}

/// What reading one file yields, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Article(Article),
    Skipped(Skipped),
}

/// A command-line path that does not exist (a user's mistake).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no such file or directory: {}", .0.display())]
pub struct MissingPath(pub PathBuf);
