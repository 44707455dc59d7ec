//! pressbox: a search engine for football match coverage.
//!
//! Data flows one way, and no module imports from one further down the list:
//!
//! 0. [`text`]: how text becomes words (fold, word splitter, sentences, passages, offsets).
//! 1. [`ingest`]: files and records into [`ingest::Article`]s (text, HTML, JSON/JSONL, outlets).
//! 2. [`analysis`]: pure functions over text (folding, sentences, passages, entities, quotes).
//! 3. [`index`]: the tantivy schema, the analyzer, and writing.
//! 4. [`search`]: queries, ranking, highlighting, attribution, quote provenance, entities;
//!    `show` and `stats`.
//! 5. [`server`]: the HTTP API and the web page over the same searcher.
//! 6. [`cli`]: flags, rendering, exit codes (`serve` starts the server).
//!
//! [`eval`] stands apart: it measures the engine against gold sets (for `pressbox-eval` and
//! the quality tests) and nothing in the engine uses it.
//!
//! See ARCHITECTURE.md for a tour.

pub mod analysis;
pub mod cli;
pub mod error;
pub mod eval;
pub mod index;
pub mod ingest;
pub mod search;
pub mod server;
pub mod text;
