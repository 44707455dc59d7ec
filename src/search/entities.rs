//! Browsing entities: who and what the index covers, with mention and article counts per
//! outlet, read from the entity table stored once per article.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};

use super::plan::any_name;
use super::Searcher;

/// Which entities to list.
#[derive(Debug, Clone, Default)]
pub struct EntityListOptions {
    /// `person`, `national_team`, `club`, `competition`, `venue`, `place`, `organisation`.
    pub kind: Option<String>,
    pub outlets: Vec<String>,
    pub limit: usize,
}

/// One entity and how much it is covered.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCount {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub mentions: usize,
    pub articles: usize,
    /// Per outlet, most articles first.
    pub outlets: Vec<OutletCoverage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletCoverage {
    /// `None` for articles whose outlet is unknown.
    pub outlet: Option<String>,
    pub mentions: usize,
    pub articles: usize,
}

impl Searcher {
    /// Entities with their counts, most articles first.
    pub fn entities(&self, opts: &EntityListOptions) -> anyhow::Result<Vec<EntityCount>> {
        let f = self.fields();
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
        if let Some(filter) = any_name(f.outlet, &opts.outlets) {
            clauses.push((Occur::Must, filter));
        }
        let mut addrs: Vec<_> = searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)
            .context("cannot list articles")?
            .into_iter()
            .collect();
        addrs.sort();
        let mut by_id: HashMap<String, EntityCount> = HashMap::new();
        let mut per_outlet: HashMap<String, BTreeMap<Option<String>, (usize, usize)>> = HashMap::new();
        for addr in addrs {
            let record = self.record_at(&searcher, addr)?;
            let outlet = record.meta.outlet;
            let mut counts = vec![0usize; record.entities.len()];
            for m in &record.mentions {
                if let Some(c) = counts.get_mut(m.entity as usize) {
                    *c += 1;
                }
            }
            for (e, n) in record.entities.iter().zip(counts) {
                if n == 0 || opts.kind.as_deref().is_some_and(|k| k != e.kind.as_str()) {
                    continue;
                }
                let c = by_id.entry(e.id.clone()).or_insert_with(|| EntityCount {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    kind: e.kind.as_str().to_string(),
                    role: e.role.and_then(|r| {
                        serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string))
                    }),
                    mentions: 0,
                    articles: 0,
                    outlets: Vec::new(),
                });
                c.mentions += n;
                c.articles += 1;
                let o = per_outlet.entry(e.id.clone()).or_default().entry(outlet.clone()).or_default();
                o.0 += n;
                o.1 += 1;
            }
        }
        let mut out: Vec<EntityCount> = by_id
            .into_values()
            .map(|mut c| {
                let mut outlets: Vec<OutletCoverage> = per_outlet
                    .remove(&c.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(outlet, (mentions, articles))| OutletCoverage { outlet, mentions, articles })
                    .collect();
                outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| b.mentions.cmp(&a.mentions)));
                c.outlets = outlets;
                c
            })
            .collect();
        out.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| b.mentions.cmp(&a.mentions))
                .then_with(|| a.id.cmp(&b.id))
        });
        out.truncate(opts.limit.max(1));
        Ok(out)
    }
}
