//! The `quotes` listing: every quote of the index clustered across outlets, most widely
//! carried first, from the `quote_key` terms kept at index time (one per quote, see
//! [`crate::index::schema::quote_key`]). A cluster is the quotes that share a key: copies of a
//! quote always, light rewordings mostly (min-hashing). Ranking reads the term dictionary and
//! the postings of the keys found in two or more articles (their outlets, from a fast field);
//! a key in one article ranks after those, in key order. Stored records are read only for the
//! clusters shown, at most [`MAX_WORDINGS`] articles each (one per outlet first).
//!
//! With `--speaker`, the keys come from the quotes of that speaker (the records of the articles
//! with a quote by them); with `--outlet`, from the outlet's articles (the `quote_key` fast
//! field). Either way a cluster's counts cover all its articles, not only the selected ones.

use std::collections::{BTreeSet, HashMap};

use anyhow::Context;
use serde::Serialize;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Term};

use super::listing::{each_term, is_selected, no_deletes, page, selected, walk, OutletOf, SegmentTerm};
use super::plan::{any_name, name_query};
use super::{ArticleMeta, Searcher};
use crate::analysis::quotes::speaker_matches;
use crate::index::schema::quote_key;

/// Articles read for the wordings of one shown cluster (one per outlet first); `articles` says
/// how many carry it.
pub const MAX_WORDINGS: usize = 12;

/// How to list quote clusters (serialised as the `query` of the answer).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClusterOptions {
    pub speaker: Option<String>,
    #[serde(rename = "outlet")]
    pub outlets: Vec<String>,
    pub limit: usize,
    /// Clusters skipped before the first one listed (paging).
    pub offset: usize,
}

/// The answer to `quotes`, in the shape of `quotes --json`.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteClusters {
    pub query: ClusterOptions,
    /// Clusters that match, over every page.
    pub total: usize,
    /// Quotes in those clusters: every quote of the index when nothing is filtered.
    pub quotes: usize,
    /// This page, most widely carried first.
    pub clusters: Vec<QuoteCluster>,
}

/// One utterance as carried by one or more outlets.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteCluster {
    /// The cluster key (stable for one index: the same quote keeps it).
    pub key: String,
    /// The first speaker named among the wordings read.
    pub speaker: Option<String>,
    /// How many distinct outlets carried it (unknown outlets count as one).
    pub outlet_count: usize,
    /// Those outlets, by name (`null` for unknown), most articles first.
    pub outlets: Vec<Option<String>>,
    /// Articles that carry it.
    pub articles: usize,
    /// The wordings of at most [`MAX_WORDINGS`] of those articles, one per outlet first.
    pub wordings: Vec<Wording>,
}

/// One outlet's wording within a cluster.
#[derive(Debug, Clone, Serialize)]
pub struct Wording {
    pub text: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub article: ArticleMeta,
    pub start: usize,
    pub end: usize,
}

/// A key while its articles are counted.
#[derive(Default)]
struct Tally {
    terms: Vec<SegmentTerm>,
    /// Live articles, from the term dictionary (exact where a segment has no deletes).
    articles: usize,
    quotes: usize,
    /// Articles per outlet; filled for keys in two or more articles and for the shown page.
    outlets: Vec<(Option<String>, usize)>,
}

impl Searcher {
    /// The quotes of the index clustered across outlets (see the module documentation).
    pub fn quote_clusters(&self, opts: &ClusterOptions) -> anyhow::Result<QuoteClusters> {
        // An outlet the index does not hold is the user's mistake, answered with the nearest.
        let opts = &ClusterOptions { outlets: self.check_outlets(&opts.outlets)?, ..opts.clone() };
        let f = self.fields();
        let searcher = self.reader.searcher();
        let segments = searcher.segment_readers();
        let keys = self.selected_keys(&searcher, opts)?;
        let clean = no_deletes(segments);
        let (offset, limit) = (opts.offset, opts.limit.max(1));
        let mut outlet_of = OutletOf::new(&searcher, f)?;
        // Keys in two or more articles, counted from their postings; keys in one article
        // (most of them: outlets 1, articles 1) rank after those in key order, so only the
        // first `offset + limit` of them are kept.
        let mut multi: Vec<(String, Tally)> = Vec::new();
        let mut single: Vec<(String, Tally)> = Vec::new();
        let mut singles = 0usize;
        let mut quotes = 0usize;
        let mut add = |key: &str, terms: &[SegmentTerm], outlet_of: &mut OutletOf| -> anyhow::Result<()> {
            let df: u32 = terms.iter().map(|x| x.info.doc_freq).sum();
            if df == 1 && clean && keys.is_none() {
                // The common case, kept only while the page may reach it.
                singles += 1;
                quotes += 1;
                if single.len() < offset + limit {
                    let t = Tally { terms: terms.to_vec(), articles: 1, quotes: 1, ..Tally::default() };
                    single.push((key.to_string(), t));
                }
                return Ok(());
            }
            let mut t = Tally { terms: terms.to_vec(), ..Tally::default() };
            if df == 1 && clean {
                t.articles = 1;
                t.quotes = count_quotes(segments, f.quote_key, &t)?;
            } else {
                count_outlets(segments, f.quote_key, &mut t, outlet_of)?;
            }
            quotes += t.quotes;
            if t.articles == 0 {
                return Ok(());
            }
            if t.articles == 1 {
                singles += 1;
                if single.len() < offset + limit {
                    single.push((key.to_string(), t));
                }
            } else {
                multi.push((key.to_string(), t));
            }
            Ok(())
        };
        match &keys {
            None => each_term(segments, f.quote_key, |key, terms| {
                let Ok(key) = std::str::from_utf8(key) else { return Ok(true) };
                add(key, terms, &mut outlet_of)?;
                Ok(true)
            })?,
            Some(keys) => {
                let invs = segments
                    .iter()
                    .map(|s| s.inverted_index(f.quote_key))
                    .collect::<tantivy::Result<Vec<_>>>()
                    .context("cannot read the quote keys")?;
                for key in keys {
                    let term = Term::from_field_text(f.quote_key, key);
                    let mut terms = Vec::new();
                    for (segment, inv) in invs.iter().enumerate() {
                        if let Some(info) = inv.get_term_info(&term).context("cannot read the quote keys")? {
                            terms.push(SegmentTerm { segment, info });
                        }
                    }
                    add(key, &terms, &mut outlet_of)?;
                }
            }
        }
        let outlets_of = |t: &Tally| t.outlets.len().max(1);
        multi.sort_by(|(ka, a), (kb, b)| {
            outlets_of(b)
                .cmp(&outlets_of(a))
                .then_with(|| b.articles.cmp(&a.articles))
                .then_with(|| ka.cmp(kb))
        });
        let total = multi.len() + singles;
        if keys.is_none() && clean {
            // Every quote of the index, including repeats of a quote within one article.
            quotes = segments
                .iter()
                .map(|s| s.inverted_index(f.quote_key).map(|inv| inv.total_num_tokens() as usize))
                .sum::<tantivy::Result<usize>>()
                .context("cannot count the quotes")?;
        }
        let all: Vec<(String, Tally)> = multi.into_iter().chain(single).collect();
        let mut clusters = Vec::new();
        for (key, mut t) in page(all, offset, limit) {
            if t.outlets.is_empty() {
                count_outlets(segments, f.quote_key, &mut t, &mut outlet_of)?;
            }
            clusters.push(self.cluster(&searcher, &key, &t, opts.speaker.as_deref(), &mut outlet_of)?);
        }
        Ok(QuoteClusters { query: opts.clone(), total, quotes, clusters })
    }

    /// The keys of the quotes `opts` selects, or `None` for every key of the index.
    fn selected_keys(
        &self,
        searcher: &tantivy::Searcher,
        opts: &ClusterOptions,
    ) -> anyhow::Result<Option<BTreeSet<String>>> {
        let f = self.fields();
        let outlets = any_name(f.outlet, &opts.outlets);
        let Some(speaker) = &opts.speaker else {
            let Some(outlets) = outlets else { return Ok(None) };
            // The keys of the outlets' articles, from the `quote_key` fast field.
            let sel = selected(searcher, outlets.as_ref())?;
            let name = searcher.schema().get_field_name(f.quote_key).to_string();
            let mut keys = BTreeSet::new();
            let mut key = String::new();
            for (s, segment) in searcher.segment_readers().iter().enumerate() {
                let Some(column) = segment.fast_fields().str(&name).context("cannot read the quote keys")?
                else {
                    continue;
                };
                for doc in 0..segment.max_doc() {
                    if !is_selected(Some(&sel), s, doc) || segment.is_deleted(doc) {
                        continue;
                    }
                    for ord in column.term_ords(doc) {
                        key.clear();
                        if column.ord_to_str(ord, &mut key).context("cannot read the quote keys")? {
                            keys.insert(key.clone());
                        }
                    }
                }
            }
            return Ok(Some(keys));
        };
        // The keys of the speaker's quotes, from the records of the articles with one.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(AllQuery)), (Occur::Must, name_query(f.speaker, speaker))];
        if let Some(outlets) = outlets {
            clauses.push((Occur::Must, outlets));
        }
        let mut addrs: Vec<DocAddress> = searcher
            .search(&BooleanQuery::new(clauses), &tantivy::collector::DocSetCollector)
            .context("cannot list quotes")?
            .into_iter()
            .collect();
        addrs.sort();
        let mut keys = BTreeSet::new();
        for addr in addrs {
            let record = self.record_at(searcher, addr)?;
            for q in record.quotes.iter().filter(|q| speaker_matches(q.speaker.as_deref(), Some(speaker))) {
                keys.extend(quote_key(&q.text));
            }
        }
        Ok(Some(keys))
    }

    /// A shown cluster: the wordings of at most [`MAX_WORDINGS`] of its articles, one per outlet
    /// first.
    fn cluster(
        &self,
        searcher: &tantivy::Searcher,
        key: &str,
        t: &Tally,
        speaker: Option<&str>,
        outlet_of: &mut OutletOf,
    ) -> anyhow::Result<QuoteCluster> {
        let f = self.fields();
        let segments = searcher.segment_readers();
        let mut all: Vec<DocAddress> = Vec::new();
        for term in &t.terms {
            walk(segments, f.quote_key, term, |doc, _| all.push(DocAddress::new(term.segment as u32, doc)))?;
        }
        all.sort();
        // One article per outlet first (in index order), then the others, up to MAX_WORDINGS.
        let mut seen = std::collections::HashSet::new();
        let mut addrs: Vec<DocAddress> = Vec::new();
        let mut rest: Vec<DocAddress> = Vec::new();
        for addr in all {
            if addrs.len() >= MAX_WORDINGS {
                break;
            }
            if seen.insert(outlet_of.of(addr.segment_ord as usize, addr.doc_id)?) {
                addrs.push(addr);
            } else if rest.len() < MAX_WORDINGS {
                rest.push(addr);
            }
        }
        let room = MAX_WORDINGS - addrs.len();
        addrs.extend(rest.into_iter().take(room));
        addrs.sort();
        let mut wordings = Vec::new();
        for addr in addrs {
            let record = self.record_at(searcher, addr)?;
            for q in record.quotes.iter().filter(|q| quote_key(&q.text).as_deref() == Some(key)) {
                wordings.push(Wording {
                    text: q.text.clone(),
                    speaker: q.speaker.clone(),
                    cue: q.cue.clone(),
                    article: record.meta.clone(),
                    start: q.start as usize,
                    end: q.end as usize,
                });
            }
        }
        // First reported first (the same order from one index or from shards).
        wordings.sort_by(|a, b| {
            (a.article.reported_at(), &a.article.id, a.start).cmp(&(
                b.article.reported_at(),
                &b.article.id,
                b.start,
            ))
        });
        // The speaker asked for, as the wordings name them; else the first one named.
        let named = |w: &&Wording| w.speaker.is_some();
        let asked = |w: &&Wording| speaker.is_some_and(|s| speaker_matches(w.speaker.as_deref(), Some(s)));
        let speaker = wordings
            .iter()
            .find(asked)
            .or_else(|| wordings.iter().find(named))
            .and_then(|w| w.speaker.clone());
        Ok(QuoteCluster {
            key: key.to_string(),
            speaker,
            outlet_count: t.outlets.len(),
            outlets: t.outlets.iter().map(|(o, _)| o.clone()).collect(),
            articles: t.articles,
            wordings,
        })
    }
}

/// The quotes (term frequencies) of a key's live articles.
fn count_quotes(
    segments: &[tantivy::SegmentReader],
    field: tantivy::schema::Field,
    t: &Tally,
) -> anyhow::Result<usize> {
    let mut quotes = 0;
    for term in &t.terms {
        walk(segments, field, term, |_, tf| quotes += tf as usize)?;
    }
    Ok(quotes)
}

/// Counts a key's live articles, quotes and articles per outlet from its postings.
fn count_outlets(
    segments: &[tantivy::SegmentReader],
    field: tantivy::schema::Field,
    t: &mut Tally,
    outlet_of: &mut OutletOf,
) -> anyhow::Result<()> {
    let mut per: HashMap<Option<String>, usize> = HashMap::new();
    let (mut articles, mut quotes) = (0, 0);
    for term in &t.terms {
        let mut docs = Vec::new();
        walk(segments, field, term, |doc, tf| docs.push((doc, tf)))?;
        for (doc, tf) in docs {
            articles += 1;
            quotes += tf as usize;
            *per.entry(outlet_of.of(term.segment, doc)?).or_default() += 1;
        }
    }
    let mut outlets: Vec<(Option<String>, usize)> = per.into_iter().collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    t.articles = articles;
    t.quotes = quotes;
    t.outlets = outlets;
    Ok(())
}
