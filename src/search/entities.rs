//! The `entities` listing: who and what the index covers, with mention and article counts
//! per outlet, from the `entity_key` terms kept at index time (one term per mention, see
//! [`crate::index::schema::entity_key`]). The term dictionary names every entity with its
//! articles (document frequencies); mentions (term frequencies) are read from the postings of
//! the entities around the shown page, and the page's postings give the counts per outlet.
//! With an outlet filter (or deletes) every entity's postings are walked. No stored record is
//! read, so the listing costs the size of the entity postings, not of the articles.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::listing::{each_term, is_selected, no_deletes, page, selected, walk, OutletOf, SegmentTerm};
use super::plan::any_name;
use super::Searcher;
use crate::index::schema::parse_entity_key;

/// Which entities to list (serialised as the `query` of the answer).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutletCoverage {
    /// `None` for articles whose outlet is unknown.
    pub outlet: Option<String>,
    pub mentions: usize,
    pub articles: usize,
}

/// One entity while its terms are counted.
struct Tally {
    count: EntityCount,
    /// Articles of the term whose name and kind are shown (the most common one).
    best: usize,
    /// Articles of the term whose role is shown (the most common one that has a role).
    best_role: usize,
    terms: Vec<SegmentTerm>,
}

impl Searcher {
    /// Entities with their counts, most articles first, then most mentions, then by id.
    pub fn entities(&self, opts: &EntityListOptions) -> anyhow::Result<EntityList> {
        // An outlet the index does not hold is the user's mistake, answered with the nearest.
        let opts = &EntityListOptions { outlets: self.check_outlets(&opts.outlets)?, ..opts.clone() };
        let f = self.fields();
        let searcher = self.reader.searcher();
        let segments = searcher.segment_readers();
        let filter = self.outlet_selection(&searcher, &opts.outlets)?;
        let sel = filter.as_deref();
        // Without a filter or deletes, a term's articles are its document frequency and its
        // mentions are only needed to order the entities around the page (below).
        let from_dict = sel.is_none() && no_deletes(segments);
        // Terms come in order, so the terms of one id (`id` leads the key) are adjacent.
        let mut all: Vec<Tally> = Vec::new();
        each_term(segments, f.entity_key, |key, terms| {
            let Some((id, kind, name, role)) = std::str::from_utf8(key).ok().and_then(parse_entity_key)
            else {
                return Ok(true);
            };
            if opts.kind.as_deref().is_some_and(|k| k != kind) {
                return Ok(true);
            }
            let (mut articles, mut mentions) = (0usize, 0usize);
            if from_dict {
                articles = terms.iter().map(|t| t.info.doc_freq as usize).sum();
            } else {
                for term in terms {
                    walk(segments, f.entity_key, term, |doc, tf| {
                        if is_selected(sel, term.segment, doc) {
                            articles += 1;
                            mentions += tf as usize;
                        }
                    })?;
                }
            }
            if articles == 0 {
                return Ok(true);
            }
            add_key(&mut all, (id, kind, name, role), articles, mentions).terms.extend_from_slice(terms);
            Ok(true)
        })?;
        let order = |a: &Tally, b: &Tally| order(&a.count, &b.count);
        all.sort_by(order);
        let (offset, limit) = (opts.offset, opts.limit.max(1));
        if from_dict && offset < all.len() {
            // Mentions break ties of articles: count them for the entities whose articles fall
            // within the page's range (no other entity can move into the page), then re-sort.
            let hi = all[offset].count.articles;
            let lo = all[(offset + limit).min(all.len()) - 1].count.articles;
            for t in all.iter_mut().filter(|t| (lo..=hi).contains(&t.count.articles)) {
                let mut mentions = 0usize;
                for term in &t.terms {
                    walk(segments, f.entity_key, term, |_, tf| mentions += tf as usize)?;
                }
                t.count.mentions = mentions;
            }
            all.sort_by(order);
        }
        let total = all.len();
        let mut outlet_of = OutletOf::new(&searcher, f)?;
        let mut entities = Vec::new();
        for mut t in page(all, offset, limit) {
            let per = per_outlet(segments, f.entity_key, &t.terms, sel, &mut outlet_of)?;
            t.count.outlets = coverage(per);
            entities.push(t.count);
        }
        Ok(EntityList { query: opts.clone(), total, entities })
    }

    /// The documents of `outlets` (`None`: no filter).
    fn outlet_selection(
        &self,
        searcher: &tantivy::Searcher,
        outlets: &[String],
    ) -> anyhow::Result<Option<Vec<Vec<bool>>>> {
        any_name(self.fields().outlet, outlets).map(|q| selected(searcher, q.as_ref())).transpose()
    }

    /// This index's part of the `entities` listing across shard servers: every key term the
    /// listing counts (the filters applied), with its articles, mentions and coverage per
    /// outlet, for a front to list as one index ([`merge_entities`]).
    pub fn entity_keys(&self, opts: &EntityListOptions) -> anyhow::Result<EntityKeys> {
        let opts = EntityListOptions { outlets: self.check_outlets(&opts.outlets)?, ..opts.clone() };
        let f = self.fields();
        let searcher = self.reader.searcher();
        let segments = searcher.segment_readers();
        let filter = self.outlet_selection(&searcher, &opts.outlets)?;
        let sel = filter.as_deref();
        let mut outlet_of = OutletOf::new(&searcher, f)?;
        let mut keys = Vec::new();
        each_term(segments, f.entity_key, |key, terms| {
            let Some((_, kind, _, _)) = std::str::from_utf8(key).ok().and_then(parse_entity_key) else {
                return Ok(true);
            };
            if opts.kind.as_deref().is_some_and(|k| k != kind) {
                return Ok(true);
            }
            let per = per_outlet(segments, f.entity_key, terms, sel, &mut outlet_of)?;
            let (mentions, articles) = per.values().fold((0, 0), |s, o| (s.0 + o.0, s.1 + o.1));
            if articles > 0 {
                let key = String::from_utf8_lossy(key).into_owned();
                keys.push(KeyCount { key, articles, mentions, outlets: coverage(per) });
            }
            Ok(true)
        })?;
        Ok(EntityKeys { query: opts, keys })
    }
}

/// One `entity_key` term of one index and its counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyCount {
    pub key: String,
    pub articles: usize,
    pub mentions: usize,
    pub outlets: Vec<OutletCoverage>,
}

/// A shard's part of the `entities` listing ([`Searcher::entity_keys`]): the options as it
/// checked them, its key terms in term order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityKeys {
    pub query: EntityListOptions,
    pub keys: Vec<KeyCount>,
}

/// The listing of several indexes (shards) as one index holding them all lists it: each key
/// term's counts summed, the terms grouped by entity, ordered and paged as [`Searcher::entities`]
/// does (`opts` when no shard answered).
pub fn merge_entities(opts: &EntityListOptions, parts: Vec<EntityKeys>) -> EntityList {
    let query = parts.first().map_or_else(|| opts.clone(), |p| p.query.clone());
    type Per = HashMap<Option<String>, (usize, usize)>;
    let mut keys: BTreeMap<String, (usize, usize, Per)> = BTreeMap::new();
    for part in parts {
        for k in part.keys {
            let sum = keys.entry(k.key).or_default();
            sum.0 += k.articles;
            sum.1 += k.mentions;
            for o in k.outlets {
                let x = sum.2.entry(o.outlet).or_default();
                x.0 += o.mentions;
                x.1 += o.articles;
            }
        }
    }
    let mut all: Vec<Tally> = Vec::new();
    let mut per_entity: HashMap<String, Per> = HashMap::new();
    for (key, (articles, mentions, per)) in &keys {
        let Some(parsed) = parse_entity_key(key) else { continue };
        add_key(&mut all, parsed, *articles, *mentions);
        let sum = per_entity.entry(parsed.0.to_string()).or_default();
        for (outlet, (m, a)) in per {
            let x = sum.entry(outlet.clone()).or_default();
            x.0 += m;
            x.1 += a;
        }
    }
    all.sort_by(|a, b| order(&a.count, &b.count));
    let total = all.len();
    let entities = page(all, query.offset, query.limit.max(1))
        .into_iter()
        .map(|t| {
            let outlets = coverage(per_entity.remove(&t.count.id).unwrap_or_default());
            EntityCount { outlets, ..t.count }
        })
        .collect();
    EntityList { query, total, entities }
}

/// Adds a key term's counts to its entity (the last one of `all`, or a new one: the terms of
/// one id come together): the name and kind of its most common term, the role of its most
/// common term that has one.
fn add_key<'a>(
    all: &'a mut Vec<Tally>,
    (id, kind, name, role): (&str, &str, &str, Option<&str>),
    articles: usize,
    mentions: usize,
) -> &'a mut Tally {
    if all.last().is_none_or(|t| t.count.id != id) {
        all.push(Tally {
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
            best_role: 0,
            terms: Vec::new(),
        });
    }
    let t = all.last_mut().expect("an entity was just pushed");
    if articles > t.best {
        t.best = articles;
        t.count.name = name.to_string();
        t.count.kind = kind.to_string();
    }
    // A role where some articles know one (the most common of them).
    if role.is_some() && articles > t.best_role {
        t.best_role = articles;
        t.count.role = role.map(str::to_string);
    }
    t.count.articles += articles;
    t.count.mentions += mentions;
    t
}

/// Mentions and articles per outlet of the selected live documents of `terms`.
fn per_outlet(
    segments: &[tantivy::SegmentReader],
    field: tantivy::schema::Field,
    terms: &[SegmentTerm],
    sel: Option<&[Vec<bool>]>,
    outlet_of: &mut OutletOf,
) -> anyhow::Result<HashMap<Option<String>, (usize, usize)>> {
    let mut per: HashMap<Option<String>, (usize, usize)> = HashMap::new();
    for term in terms {
        let mut docs = Vec::new();
        walk(segments, field, term, |doc, tf| {
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
    Ok(per)
}

/// Most articles first, then most mentions, then by id.
fn order(a: &EntityCount, b: &EntityCount) -> Ordering {
    b.articles.cmp(&a.articles).then_with(|| b.mentions.cmp(&a.mentions)).then_with(|| a.id.cmp(&b.id))
}

/// Mentions and articles per outlet, most articles first.
fn coverage(per: HashMap<Option<String>, (usize, usize)>) -> Vec<OutletCoverage> {
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
    outlets
}
