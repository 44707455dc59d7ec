//! When pressbox first saw each article: the clock of one indexing run, and the `first_seen`
//! an article already in the index keeps when it is indexed again (looked up by its id term in
//! the last commit, decoding only the metadata at the head of its record).

use anyhow::Context;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::record::ArticleRecord;
use super::{Fields, PressIndex};

/// The `first_seen` of the articles of one run.
pub struct FirstSeen {
    /// The index as of its last commit (what the run may replace).
    searcher: Searcher,
    fields: Fields,
    /// When the run started: the `first_seen` of every article new to the index.
    now: jiff::Timestamp,
}

impl FirstSeen {
    /// The clock of a run started at `started` (else now) against the last commit of `index`.
    pub fn new(index: &PressIndex, started: Option<jiff::Timestamp>) -> anyhow::Result<FirstSeen> {
        let searcher = index.reader()?.searcher();
        let now = started.unwrap_or_else(jiff::Timestamp::now);
        let now = now.round(jiff::Unit::Millisecond).unwrap_or(now);
        Ok(FirstSeen { searcher, fields: index.fields(), now })
    }

    /// The `first_seen` of article `id`: the one its record already holds, else now. A record
    /// of another format version is an error (the index must be rebuilt), never a new date.
    pub fn of(&self, id: &str) -> anyhow::Result<jiff::Timestamp> {
        if self.searcher.num_docs() == 0 {
            return Ok(self.now);
        }
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .context("cannot look an indexed article up")?;
        let Some((_, addr)) = top.first() else {
            return Ok(self.now);
        };
        let doc: TantivyDocument = self.searcher.doc(*addr).context("cannot read a stored article")?;
        match doc.get_first(self.fields.record).and_then(|v| v.as_bytes()) {
            Some(bytes) => ArticleRecord::first_seen_of(bytes),
            None => Ok(self.now),
        }
    }
}
