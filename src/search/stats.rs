//! Term statistics across shard servers: what one index knows about a query's terms
//! ([`Searcher::term_stats`]), summed over shards by the front ([`TermStats::add`]), and handed
//! back to each shard's search so that BM25 (article scores and passage idf) reads the
//! statistics of all shards together rather than its own ([`Searcher::search_with`]).
//!
//! Shards on one machine need none of this: they are opened as one index
//! ([`crate::index::shards`]), whose statistics are already global.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::Term;

use super::{query, Mode, SearchOptions, Searcher};

/// A query's statistics in one index (or, summed, in a set of shards).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermStats {
    /// Documents, deleted ones included (what tantivy's BM25 counts).
    pub num_docs: u64,
    /// Live documents (what passage idf counts).
    pub live_docs: u64,
    /// Tokens per field name, for the fields the query's terms are in.
    pub tokens: BTreeMap<String, u64>,
    /// Documents holding each term, by field name then term text.
    pub doc_freqs: BTreeMap<String, BTreeMap<String, u64>>,
}

impl TermStats {
    /// Adds another shard's statistics.
    pub fn add(&mut self, other: &TermStats) {
        self.num_docs += other.num_docs;
        self.live_docs += other.live_docs;
        for (f, n) in &other.tokens {
            *self.tokens.entry(f.clone()).or_default() += n;
        }
        for (f, terms) in &other.doc_freqs {
            let mine = self.doc_freqs.entry(f.clone()).or_default();
            for (t, n) in terms {
                *mine.entry(t.clone()).or_default() += n;
            }
        }
    }

    fn doc_freq_of(&self, searcher: &tantivy::Searcher, term: &Term) -> Option<u64> {
        let name = searcher.schema().get_field_name(term.field());
        let value = term.value();
        let text = value.as_str()?;
        self.doc_freqs.get(name)?.get(text).copied()
    }
}

/// BM25 statistics from a [`TermStats`], falling back on the local index for anything it
/// lacks (a term no shard reported).
pub(super) struct Global<'a> {
    pub stats: &'a TermStats,
    pub local: &'a tantivy::Searcher,
}

impl Bm25StatisticsProvider for Global<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let name = self.local.schema().get_field_name(field);
        match self.stats.tokens.get(name) {
            Some(n) => Ok(*n),
            None => Bm25StatisticsProvider::total_num_tokens(self.local, field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.stats.num_docs.max(1))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match self.stats.doc_freq_of(self.local, term) {
            Some(n) => Ok(n.min(self.stats.num_docs)),
            None => self.local.doc_freq(term),
        }
    }
}

impl Global<'_> {
    /// Document frequency for passage idf: the global one when known.
    pub fn passage_doc_freq(&self, term: &Term) -> anyhow::Result<u64> {
        Ok(match self.stats.doc_freq_of(self.local, term) {
            Some(n) => n,
            None => self.local.doc_freq(term)?,
        })
    }
}

impl Searcher {
    /// The statistics of every term a search for `text` can score with, in every mode, in
    /// this index: what a front sums over shards before it asks them to search.
    pub fn term_stats(&self, text: &str, opts: &SearchOptions) -> anyhow::Result<TermStats> {
        let parsed = query::parse_anyhow(text)?;
        let outlets = self.check_outlets(&opts.outlets)?;
        self.check_entities(&opts.entities)?;
        let searcher = self.reader.searcher();
        let planner = self.planner(&searcher, &outlets, text, opts);
        let mut terms: Vec<Term> = Vec::new();
        for mode in Mode::FALLBACKS {
            let p = planner.plan(&parsed.node, mode)?;
            p.query.query_terms(&mut |t, _| terms.push(t.clone()));
            for words in p.targets.words.iter().chain(&p.targets.phrases) {
                terms.extend(words.iter().map(|w| Term::from_field_text(self.fields().body, w)));
            }
        }
        let mut out = TermStats {
            num_docs: Bm25StatisticsProvider::total_num_docs(&searcher)?,
            live_docs: searcher.num_docs(),
            ..TermStats::default()
        };
        for t in terms {
            let value = t.value();
            let Some(text) = value.as_str().map(str::to_string) else { continue };
            let name = searcher.schema().get_field_name(t.field()).to_string();
            if !out.tokens.contains_key(&name) {
                let n = Bm25StatisticsProvider::total_num_tokens(&searcher, t.field())?;
                out.tokens.insert(name.clone(), n);
            }
            let df = searcher.doc_freq(&t)?;
            out.doc_freqs.entry(name).or_default().insert(text, df);
        }
        Ok(out)
    }
}
