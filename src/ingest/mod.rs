//! Ingest: turns files and records on disk into [`Article`]s.
//!
//! This layer owns everything about *reading*: walking paths, telling plain text from HTML
//! from JSON/JSONL (optionally gzipped), stripping markup, decoding entities, normalising the
//! text to NFC, and working out which outlet published each article (see [`outlet`]).
//! It imports nothing else from pressbox: analysis, indexing and search sit downstream.
//!
//! Every article's `text` is final here: all character offsets produced downstream
//! (passages, highlights, entities, quotes) index into exactly this string.

use serde::Serialize;
use std::path::PathBuf;

pub mod html;
pub mod json;
pub mod outlet;
pub mod read;

pub use outlet::{OutletSource, OutletTable};
pub use read::{discover, read_file, InputFile};

/// One article, ready for analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable id: the record's own id, else the path relative to the input root
    /// (`rel:LINE` for a JSONL record, `rel#N` for an element of a JSON array).
    pub id: String,
    /// Outlet name as shown to users ("AFP", "The National"), if known.
    pub outlet: Option<String>,
    /// How `outlet` was found.
    pub outlet_source: OutletSource,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    /// Where it came from: a path, plus `:LINE` for a JSONL record or `#N` (from 0) for an
    /// element of a JSON array.
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
