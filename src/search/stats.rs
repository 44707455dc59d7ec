//! Term statistics across shard servers: what one index knows about a query's terms
//! ([`Searcher::term_stats`]), summed over shards by the front ([`TermStats::add`]), and handed
//! back to each shard's search so that BM25 (article scores and passage idf) reads the
//! statistics of all shards together rather than its own ([`Searcher::search_with`]).
//!
//! The planner reads the same sums to decide what one index decides from its own terms: whether
//! a word is known (else typo expansions are looked for) and which terms a typo or a `word*`
//! expands to (the most frequent over all shards).
//!
//! Shards on one machine need none of this: they are opened as one index
//! ([`crate::index::shards`]), whose statistics are already global.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::Term;

use super::plan::WordKind;
use super::{query, Mode, SearchOptions, Searcher};
use crate::index::Fields;

/// Most `word*` candidates a shard reports (the most frequent): the front's top
/// [`super::plan::MAX_PREFIX_EXPANSIONS`] are exact unless a term outside every shard's top
/// this many makes the global top.
pub const MAX_PREFIX_REPORTED: usize = 1_000;

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
    /// For each query word this index does not hold: the indexed terms within its typo
    /// distance, with their document frequencies in the body.
    #[serde(default)]
    pub typos: BTreeMap<String, BTreeMap<String, u64>>,
    /// For each `word*` (folded): the indexed terms it may stand for, with their document
    /// frequencies in the body (at most [`MAX_PREFIX_REPORTED`] from one shard).
    #[serde(default)]
    pub prefixes: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Adds `other`'s counts into `mine`, key by key.
fn add_counts(
    mine: &mut BTreeMap<String, BTreeMap<String, u64>>,
    other: &BTreeMap<String, BTreeMap<String, u64>>,
) {
    for (k, terms) in other {
        let mine = mine.entry(k.clone()).or_default();
        for (t, n) in terms {
            *mine.entry(t.clone()).or_default() += n;
        }
    }
}

impl TermStats {
    /// Adds another shard's statistics.
    pub fn add(&mut self, other: &TermStats) {
        self.num_docs += other.num_docs;
        self.live_docs += other.live_docs;
        for (f, n) in &other.tokens {
            *self.tokens.entry(f.clone()).or_default() += n;
        }
        add_counts(&mut self.doc_freqs, &other.doc_freqs);
        add_counts(&mut self.typos, &other.typos);
        add_counts(&mut self.prefixes, &other.prefixes);
    }

    /// Whether some shard holds `term` in a body or a title (what one index asks before it
    /// looks for typos); `None` when no shard reported the term.
    pub(super) fn known(&self, fields: &Fields, searcher: &tantivy::Searcher, term: &str) -> Option<bool> {
        let mut reported = None;
        for field in [fields.body, fields.title] {
            let name = searcher.schema().get_field_name(field);
            if let Some(n) = self.doc_freqs.get(name).and_then(|m| m.get(term)) {
                *reported.get_or_insert(0) += n;
            }
        }
        reported.map(|n| n > 0)
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
        let mut out = TermStats {
            num_docs: Bm25StatisticsProvider::total_num_docs(&searcher)?,
            live_docs: searcher.num_docs(),
            ..TermStats::default()
        };
        let body = searcher.schema().get_field_name(self.fields().body).to_string();
        for mode in Mode::FALLBACKS {
            let p = planner.plan(&parsed.node, mode)?;
            p.query.query_terms(&mut |t, _| terms.push(t.clone()));
            for words in p.targets.words.iter().chain(&p.targets.phrases) {
                terms.extend(words.iter().map(|w| Term::from_field_text(self.fields().body, w)));
            }
            // What the words may expand to here, for the front to choose from all shards'.
            for w in &p.words {
                let (map, key, found) = match (w.kind, w.terms.as_slice()) {
                    (WordKind::Word, [t]) if !w.known && !out.typos.contains_key(t) => {
                        (&mut out.typos, t.clone(), planner.typo_candidates(t)?)
                    }
                    (WordKind::Prefix, [t]) if !out.prefixes.contains_key(t) => {
                        let mut found: Vec<(String, u64)> =
                            planner.prefix_candidates(w.typed.trim_end_matches('*'))?.into_iter().collect();
                        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                        found.truncate(MAX_PREFIX_REPORTED);
                        (&mut out.prefixes, t.clone(), found.into_iter().collect())
                    }
                    _ => continue,
                };
                let dfs = out.doc_freqs.entry(body.clone()).or_default();
                dfs.extend(found.iter().map(|(t, n)| (t.clone(), *n)));
                map.insert(key, found);
            }
        }
        out.count_terms(&searcher, &terms)?;
        Ok(out)
    }
}

impl TermStats {
    /// Adds the document frequency of each of `terms` in `searcher`, and the token total of
    /// each field they are in.
    pub(super) fn count_terms(&mut self, searcher: &tantivy::Searcher, terms: &[Term]) -> anyhow::Result<()> {
        for t in terms {
            let value = t.value();
            let Some(text) = value.as_str().map(str::to_string) else { continue };
            let name = searcher.schema().get_field_name(t.field()).to_string();
            if !self.tokens.contains_key(&name) {
                let n = Bm25StatisticsProvider::total_num_tokens(searcher, t.field())?;
                self.tokens.insert(name.clone(), n);
            }
            let df = searcher.doc_freq(t)?;
            self.doc_freqs.entry(name).or_default().insert(text, df);
        }
        Ok(())
    }
}
