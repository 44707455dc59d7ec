//! One shard's part of a search across shard servers (`Searcher::search_shard`, merged by
//! `crate::server::front`): what a shard sends beside its hits so that the front answers as
//! one index would.
//!
//! Search is article-first: one index ranks passages inside its best `N` articles only. Each
//! shard sends its own best `N` with their ranking keys ([`ShardArticle`]); the front keeps the
//! best `N` of all shards and drops the passages of every other article. Since one index's best
//! `N` restricted to a shard are a prefix of that shard's ranking, the shard sends, for each of
//! its articles, the candidates that the diversified list over the articles up to it keeps
//! ([`for_every_prefix`]): whatever prefix the front keeps, the candidates one index would keep
//! are among them. Candidates that one index diversifies and then does not show (their passage
//! lacks a required entity) are sent as [`Dropped`] placeholders, so that the front's cut falls
//! where one index's does.
//!
//! A long query that too few articles hold in full goes on with articles holding some words,
//! ranked after them ([`super::LONG_QUERY_WORDS`]). Whether too few hold it is judged over all
//! shards, so a shard with too few goes on anyway and marks those articles
//! ([`ShardArticle::second_tier`]); the front keeps them only if all shards together have too
//! few. A shard's ranking is its full-match articles, then its others: what the front keeps of
//! it (best full-match ones only, or all of them and the best others) is still a prefix.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::DocAddress;

use super::plan::WordPlan;
use super::{diversify, SearchResults, Sort};
use crate::index::Fields;

/// How many articles one index ranks passages in for a page ending at `limit` (offset
/// included): enough to fill it after diversification and grouping.
pub fn articles_ranked(limit: usize) -> usize {
    (limit * 2).clamp(20, 2 * super::MAX_LIMIT)
}

/// One of a shard's best articles in the answering mode.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardArticle {
    pub id: String,
    /// What the articles are ranked by: the score, or the publication time (seconds) in a
    /// date order.
    pub key: f64,
    /// Holds only some words of a long query: ranked after every article holding them all
    /// (see [`crate::search::LONG_QUERY_WORDS`]).
    #[serde(default)]
    pub second_tier: bool,
    /// Its event facet values ([`super::facets::masks`]): events, minute bands.
    #[serde(default)]
    pub facets: (u32, u32),
}

/// A candidate one index would count when it diversifies but not show.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dropped {
    pub score: f32,
    pub article: String,
}

/// A shard's answer to a front: the search answer (hits ranked and diversified by article,
/// not grouped) and what the front needs to merge it exactly.
#[derive(Debug, Clone, Serialize)]
pub struct ShardResults {
    #[serde(flatten)]
    pub results: SearchResults,
    /// The shard's best articles in `results.mode`, best first (as many as one index ranks
    /// passages in).
    pub articles: Vec<ShardArticle>,
    pub dropped: Vec<Dropped>,
    /// The answering mode's words as planned, for the front to say how they matched.
    pub plan: Vec<WordPlan>,
    /// Set when the shard went on with the articles holding some words of a long query (it
    /// alone has too few holding them all): those words as planned in that mode, which say how
    /// the words matched if the front keeps that tier too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial_plan: Option<Vec<WordPlan>>,
    /// When no article of the shard holds every word of a long query (so it answers in a wider
    /// mode): its answer in the first mode with only the articles holding some words, for a
    /// front whose other shards have articles holding them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_tier: Option<Box<ShardResults>>,
}

/// The articles of `top` (the best first) with the keys they were ranked by and, for a
/// search, their event facet values under `events`; those from `first_tier` on hold only
/// some words.
pub(super) fn articles(
    searcher: &tantivy::Searcher,
    fields: Fields,
    top: &[(f32, DocAddress)],
    first_tier: usize,
    sort: Sort,
    events: Option<&super::plan::EventFilter>,
) -> anyhow::Result<Vec<ShardArticle>> {
    let ids = super::ties::Ids::new(searcher, fields);
    let mut out = Vec::with_capacity(top.len());
    let (mut bytes, mut spans) = (Vec::new(), Vec::new());
    for (i, &(score, addr)) in top.iter().enumerate() {
        let id = ids.id(addr)?;
        let fast = searcher.segment_reader(addr.segment_ord).fast_fields();
        let facets = match events {
            Some(events) => {
                let column = fast.bytes("fact_spans")?;
                crate::index::schema::read_fact_spans(column.as_ref(), addr.doc_id, &mut bytes, &mut spans)?;
                super::facets::masks(&spans, events)
            }
            None => (0, 0),
        };
        let key = match sort {
            Sort::Relevance => f64::from(score),
            Sort::Newest | Sort::Oldest => {
                let dates = fast.date("published").context("cannot read the publication dates")?;
                dates.first(addr.doc_id).map_or(0.0, |d| d.into_timestamp_micros() as f64)
            }
        };
        out.push(ShardArticle { id, key, second_tier: i >= first_tier, facets });
    }
    Ok(out)
}

/// The candidates of `items` (in ranking order) that some prefix of the article ranking keeps:
/// an item of the article ranked `r` is kept when it survives `diversify(.., limit)` over the
/// items of the articles ranked `0..=r`. Adding articles only pushes an item down the
/// diversified list, so this is every item that any prefix's list holds.
pub(super) fn for_every_prefix<T>(
    items: Vec<T>,
    rank: impl Fn(&T) -> usize,
    per_article: usize,
    limit: usize,
) -> Vec<T> {
    let ranks: Vec<usize> = items.iter().map(&rank).collect();
    let mut present = ranks.clone();
    present.sort_unstable();
    present.dedup();
    let mut keep = vec![false; items.len()];
    for &r in &present {
        let upto: Vec<usize> = (0..items.len()).filter(|&i| ranks[i] <= r).collect();
        for i in diversify(upto, |&i| ranks[i], per_article, limit) {
            if ranks[i] == r {
                keep[i] = true;
            }
        }
    }
    items.into_iter().zip(keep).filter(|(_, k)| *k).map(|(x, _)| x).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_keeps_what_its_own_diversified_list_keeps() {
        // (score, article rank): article 0 has four passages, article 1 two, article 2 one.
        let items = vec![(9.0, 1), (8.0, 1), (7.0, 0), (6.0, 0), (5.0, 0), (4.0, 0), (3.0, 2)];
        let kept = for_every_prefix(items.clone(), |x| x.1, 1, 3);
        // Prefix {0}: 7, 6, 5 (one per article first, then the held ones). Prefix {0, 1}: 9, 7
        // first, then 8: article 1 keeps 9 and 8. Prefix {0, 1, 2}: 9, 7, 3: article 2 keeps 3.
        let scores: Vec<f64> = kept.iter().map(|x| x.0).collect();
        assert_eq!(scores, [9.0, 8.0, 7.0, 6.0, 5.0, 3.0]);
        // The whole list diversified keeps a subset of them, whatever the prefix.
        for n in 1..=3 {
            let upto: Vec<_> = items.iter().copied().filter(|x| x.1 < n).collect();
            for x in diversify(upto, |x| x.1, 1, 3) {
                assert!(kept.contains(&x), "{x:?} for the first {n} articles");
            }
        }
    }
}
