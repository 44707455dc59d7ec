//! The `entities` listing: who and what the index covers, with mention and article counts
//! per outlet, from the `entity_key` terms kept at index time (one term per mention, see
//! [`crate::index::schema::entity_key`]). The term dictionary names every entity; its
//! postings give the articles (documents) and mentions (term frequencies); only the shown
//! page's postings are walked a second time, for the counts per outlet. No stored record is
//! read, so the listing costs the size of the entity postings, not of the articles.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use serde::Serialize;

use super::listing::{is_selected, page, selected, walk, OutletOf, SegmentTerm};
use super::plan::any_name;
use super::Searcher;
use crate::index::schema::parse_entity_key;

/// Which entities to list (serialised as the `query` of the answer).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntityListOptions {
    /// `person`, `national_team`, `club`, `competition`, `venue`, `place`, `organisation`.
    pub kind: Option<String>,
    #[serde(rename = "outlet")]
    pub outlets: Vec<String>,
    pub limit: usize,
    /// Entities skipped before the first one listed (paging).
    pub offset: usize,
}

/// The answer to `entities`, in the shape of `entities --json`.
#[derive(Debug, Clone, Serialize)]
pub struct EntityList {
    pub query: EntityListOptions,
    /// Entities that match, over every page.
    pub total: usize,
    /// This page, most articles first.
    pub entities: Vec<EntityCount>,
}

/// One entity and how much it is covered.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCount {
    pub id: String,
    pub name: String,
    pub kind: String,
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

/// One entity while its terms are counted.
struct Tally {
    count: EntityCount,
    /// Articles of the term whose name, kind and role are shown (the most common one).
    best: usize,
    terms: Vec<SegmentTerm>,
}

impl Searcher {
    /// Entities with their counts, most articles first, then most mentions, then by id.
    pub fn entities(&self, opts: &EntityListOptions) -> anyhow::Result<EntityList> {
        let f = self.fields();
        let searcher = self.reader.searcher();
        let segments = searcher.segment_readers();
        let filter =
            any_name(f.outlet, &opts.outlets).map(|q| selected(&searcher, q.as_ref())).transpose()?;
        let sel = filter.as_deref();
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        for (s, segment) in segments.iter().enumerate() {
            let inv = segment.inverted_index(f.entity_key).context("cannot read the entity keys")?;
            let mut terms = inv.terms().stream().context("cannot read the entity keys")?;
            while terms.advance() {
                let Some((id, kind, name, role)) =
                    std::str::from_utf8(terms.key()).ok().and_then(parse_entity_key)
                else {
                    continue;
                };
                if opts.kind.as_deref().is_some_and(|k| k != kind) {
                    continue;
                }
                let term = SegmentTerm { segment: s, info: terms.value().clone() };
                let (mut articles, mut mentions) = (0usize, 0usize);
                walk(segments, f.entity_key, &term, |doc, tf| {
                    if is_selected(sel, s, doc) {
                        articles += 1;
                        mentions += tf as usize;
                    }
                })?;
                if articles == 0 {
                    continue;
                }
                let t = tallies.entry(id.to_string()).or_insert_with(|| Tally {
                    count: EntityCount {
                        id: id.to_string(),
                        name: String::new(),
                        kind: String::new(),
                        role: None,
                        mentions: 0,
                        articles: 0,
                        outlets: Vec::new(),
                    },
                    best: 0,
                    terms: Vec::new(),
                });
                if articles > t.best {
                    t.best = articles;
                    t.count.name = name.to_string();
                    t.count.kind = kind.to_string();
                    t.count.role = role.map(str::to_string);
                }
                t.count.articles += articles;
                t.count.mentions += mentions;
                t.terms.push(term);
            }
        }
        let mut all: Vec<Tally> = tallies.into_values().collect();
        all.sort_by(|a, b| {
            b.count
                .articles
                .cmp(&a.count.articles)
                .then_with(|| b.count.mentions.cmp(&a.count.mentions))
                .then_with(|| a.count.id.cmp(&b.count.id))
        });
        let total = all.len();
        let mut outlet_of = OutletOf::new(&searcher, f)?;
        let mut entities = Vec::new();
        for mut t in page(all, opts.offset, opts.limit.max(1)) {
            let mut per: HashMap<Option<String>, (usize, usize)> = HashMap::new();
            for term in &t.terms {
                let mut docs = Vec::new();
                walk(segments, f.entity_key, term, |doc, tf| {
                    if is_selected(sel, term.segment, doc) {
                        docs.push((doc, tf));
                    }
                })?;
                for (doc, tf) in docs {
                    let o = per.entry(outlet_of.of(term.segment, doc)?).or_default();
                    o.0 += tf as usize;
                    o.1 += 1;
                }
            }
            let mut outlets: Vec<OutletCoverage> = per
                .into_iter()
                .map(|(outlet, (mentions, articles))| OutletCoverage { outlet, mentions, articles })
                .collect();
            outlets.sort_by(|a, b| {
                b.articles
                    .cmp(&a.articles)
                    .then_with(|| b.mentions.cmp(&a.mentions))
                    .then_with(|| a.outlet.cmp(&b.outlet))
            });
            t.count.outlets = outlets;
            entities.push(t.count);
        }
        Ok(EntityList { query: opts.clone(), total, entities })
    }
}
