//! Search: from a query string to ranked, attributed, highlighted passages; and the other
//! read paths (`show`, `stats`).
//!
//! - [`query`]: the query language, parsed and bounded before tantivy sees it.
//! - [`plan`]: the parsed query as a tantivy query in one of the fallback [`Mode`]s.
//! - [`highlight`]: where a passage matches, and how close together.
//!
//! Ranking: tantivy's BM25 picks candidates; each is re-scored with a boost for query words
//! that stand close together; the list is then diversified so that one article cannot fill the
//! top ten (at most `per_article` passages of an article before every other candidate).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, TantivyDocument, Term};

use crate::analysis::entities::{Gazetteer, Tagger};
pub use crate::index::schema::ArticleMeta;
use crate::index::schema::{EntityTable, QuoteRecord};
use crate::index::{Fields, PressIndex};

pub mod entities;
pub mod group;
pub mod highlight;
pub mod plan;
pub mod provenance;
pub mod query;
pub mod quote;

pub use entities::{EntityCount, EntityListOptions};
pub use plan::Mode;
pub use quote::{ClusterOptions, QuoteCluster, QuoteOptions, QuoteResults};

/// Weight of the proximity boost: a passage whose query words sit side by side scores up to
/// this much more (relative) than one where they are far apart.
pub const PROXIMITY_WEIGHT: f32 = 0.5;
/// Weight of the entity boost: a passage tagged with every entity the query names scores this
/// much more (relative) than one tagged with none of them.
pub const ENTITY_WEIGHT: f32 = 0.3;
/// Default number of hits.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest `limit` accepted.
pub const MAX_LIMIT: usize = 1_000;
/// Default cap on passages of one article before every other candidate has been shown.
pub const DEFAULT_PER_ARTICLE: usize = 2;

/// How to search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    /// Keep passages from any of these outlets (case and accents ignored; a part of the name
    /// such as `national` will do).
    pub outlets: Vec<String>,
    /// Keep passages that mention every one of these entities (any alias, case or accent).
    pub entities: Vec<String>,
    pub per_article: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            outlets: Vec::new(),
            entities: Vec::new(),
            per_article: DEFAULT_PER_ARTICLE,
        }
    }
}

/// The answer to a search, in the shape of `search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub mode: Mode,
    /// How many passages matched in the answering mode.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub score: f32,
    pub article: ArticleMeta,
    pub passage: PassageText,
    /// Unicode character ranges `[start, end)` within `passage.text`.
    pub highlights: Vec<[usize; 2]>,
    /// Quotes overlapping the passage, with who said them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<HitQuote>,
    /// The entities the passage mentions.
    pub entities: Vec<EntityRef>,
    /// Near-identical passages from other articles (wire copy, the same quote).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_reported_by: Vec<group::AlsoReported>,
}

/// An entity as listed with a hit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EntityRef {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// A tagged mention in an article, as `show` lists it (Unicode character offsets).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MentionView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
}

/// A quote in a hit's passage.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HitQuote {
    /// Unicode character range within `passage.text` (clipped to the passage).
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub cue: Option<String>,
}

/// A passage and its place in the article text (Unicode character offsets).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PassageText {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// An article as `show` returns it: the exact text that offsets refer to.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    #[serde(flatten)]
    pub meta: ArticleMeta,
    pub text: String,
    /// Character ranges of its passages.
    pub passages: Vec<[usize; 2]>,
    /// Its tagged entity mentions, in text order.
    pub entities: Vec<MentionView>,
}

/// What the index holds.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub passages: u64,
    pub outlets: Vec<OutletCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletCount {
    /// `None` for articles whose outlet is unknown.
    pub outlet: Option<String>,
    pub articles: u64,
    pub passages: u64,
}

/// A searcher over one index, at its latest commit.
pub struct Searcher {
    index: PressIndex,
    reader: IndexReader,
    /// Built on first use from the gazetteers the index was built with.
    tagger: OnceLock<Tagger>,
}

impl Searcher {
    /// Opens the index in `dir` for reading.
    pub fn open(dir: &Path) -> anyhow::Result<Searcher> {
        let index = PressIndex::open(dir)?;
        let reader = index.reader()?;
        Ok(Searcher { index, reader, tagger: OnceLock::new() })
    }

    /// The entity tagger, with the built-in gazetteer and the user gazetteers kept in the index.
    pub fn tagger(&self) -> &Tagger {
        self.tagger.get_or_init(|| {
            let g = self.index.gazetteer().unwrap_or_else(|_| Gazetteer::builtin());
            Tagger::new(&g)
        })
    }

    /// The entity ids a query names: tagged in the query text, or a capitalised word that
    /// resolves on its own (`Kane`, `England`).
    fn query_entities(&self, text: &str) -> Vec<String> {
        let tagger = self.tagger();
        let mut ids: Vec<String> = tagger.tag(text).entities.into_iter().map(|e| e.id).collect();
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
            if word.chars().next().is_some_and(char::is_uppercase) {
                if let Some(e) = tagger.resolve(word) {
                    ids.push(e.id.clone());
                }
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// Sees commits made since opening (by this or another process).
    pub fn reload(&self) -> anyhow::Result<()> {
        self.reader.reload().context("cannot reload the index")
    }

    fn fields(&self) -> Fields {
        self.index.fields()
    }

    /// Runs `text` through the fallback modes until one matches.
    pub fn search(&self, text: &str, opts: &SearchOptions) -> anyhow::Result<SearchResults> {
        let node = query::parse_anyhow(text)?;
        let searcher = self.reader.searcher();
        let planner = plan::Planner {
            searcher: &searcher,
            fields: self.fields(),
            outlets: &opts.outlets,
            entities: &opts.entities,
            tagger: self.tagger(),
        };
        let wanted = self.query_entities(text);
        let limit = opts.limit.clamp(1, MAX_LIMIT);
        let candidates = (limit * 5).clamp(50, 2 * MAX_LIMIT);
        let mut last_mode = Mode::All;
        for mode in Mode::FALLBACKS {
            let p = planner.plan(&node, mode)?;
            if matches!(mode, Mode::Fuzzy | Mode::AnyFuzzy) && !p.fuzzy_used {
                continue;
            }
            last_mode = mode;
            let (top, total) = searcher
                .search(&p.query, &(TopDocs::with_limit(candidates).order_by_score(), Count))
                .context("search failed")?;
            if total == 0 {
                continue;
            }
            let hits = self.rank(&searcher, top, &p.targets, &wanted, limit, opts.per_article.max(1))?;
            return Ok(SearchResults { query: text.to_string(), mode, total, hits });
        }
        Ok(SearchResults { query: text.to_string(), mode: last_mode, total: 0, hits: Vec::new() })
    }

    fn rank(
        &self,
        searcher: &tantivy::Searcher,
        top: Vec<(f32, DocAddress)>,
        targets: &plan::Targets,
        wanted: &[String],
        limit: usize,
        per_article: usize,
    ) -> anyhow::Result<Vec<Hit>> {
        let mut hits = Vec::with_capacity(top.len());
        let mut metas = MetaCache::new(searcher, self.fields());
        for (bm25, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).context("cannot read a stored passage")?;
            let (id, passage) = self.passage_of(&doc);
            let info = metas.get(&id)?;
            let meta = info.meta.clone();
            let entities: Vec<EntityRef> = doc
                .get_all(self.fields().entity_refs)
                .filter_map(|v| v.as_u64())
                .filter_map(|i| info.table.entities.get(i as usize))
                .map(|e| EntityRef { id: e.id.clone(), name: e.name.clone(), kind: e.kind.clone() })
                .collect();
            let named = wanted.iter().filter(|w| entities.iter().any(|e| e.id == **w)).count();
            let entity_share = if wanted.is_empty() { 0.0 } else { named as f32 / wanted.len() as f32 };
            let found = highlight::find(&passage.text, targets);
            let score =
                bm25 * (1.0 + PROXIMITY_WEIGHT * found.proximity) * (1.0 + ENTITY_WEIGHT * entity_share);
            let highlights = highlight::char_spans(&passage.text, &found.spans);
            let quotes = self
                .quotes_of(&doc)
                .into_iter()
                .map(|q| HitQuote {
                    start: q.start.clamp(passage.start, passage.end) - passage.start,
                    end: q.end.clamp(passage.start, passage.end) - passage.start,
                    speaker: q.speaker,
                    cue: q.cue,
                })
                .collect();
            hits.push(Hit {
                score,
                article: meta,
                passage,
                highlights,
                quotes,
                entities,
                also_reported_by: Vec::new(),
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.passage.start.cmp(&b.passage.start)));
        Ok(diversify(group::group(hits, limit), per_article, limit))
    }

    /// A passage document's article id and passage.
    pub(crate) fn passage_of(&self, doc: &TantivyDocument) -> (String, PassageText) {
        let f = self.fields();
        let s = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let n = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let passage = PassageText { text: s(f.body).unwrap_or_default(), start: n(f.start), end: n(f.end) };
        (s(f.article_id).unwrap_or_default(), passage)
    }

    /// The quotes stored with a passage document.
    pub(crate) fn quotes_of(&self, doc: &TantivyDocument) -> Vec<QuoteRecord> {
        doc.get_first(self.fields().quotes)
            .and_then(|v| v.as_str())
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    /// The article `id` with its exact text, rebuilt from its passages; `None` if absent.
    pub fn article(&self, id: &str) -> anyhow::Result<Option<ArticleView>> {
        let f = self.fields();
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(f.article_id, id), IndexRecordOption::Basic);
        let addrs = searcher.search(&q, &DocSetCollector).context("cannot look the article up")?;
        let mut parts: Vec<(u64, TantivyDocument)> = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let ordinal = doc.get_first(f.ordinal).and_then(|v| v.as_u64()).unwrap_or(0);
            parts.push((ordinal, doc));
        }
        parts.sort_by_key(|(o, _)| *o);
        let Some((_, first)) = parts.first() else {
            return Ok(None);
        };
        let meta = stored_meta(f, first).unwrap_or_else(|| unknown_meta(id));
        let table = stored_table(f, first);
        let entities = table
            .mentions
            .iter()
            .filter_map(|[e, start, end]| {
                table.entities.get(*e).map(|x| MentionView {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    kind: x.kind.clone(),
                    start: *start,
                    end: *end,
                })
            })
            .collect();
        let mut text = String::new();
        let mut passages = Vec::with_capacity(parts.len());
        for (_, doc) in &parts {
            let s = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
            text.push_str(s(f.pre));
            let (_, p) = self.passage_of(doc);
            text.push_str(&p.text);
            text.push_str(s(f.post));
            passages.push([p.start, p.end]);
        }
        Ok(Some(ArticleView { meta, text, passages, entities }))
    }

    /// Counts of articles, passages and outlets.
    pub fn stats(&self) -> anyhow::Result<Stats> {
        let f = self.fields();
        let searcher = self.reader.searcher();
        let field_name = searcher.schema().get_field_name(f.outlet_facet).to_string();
        let count = |q: &dyn Query| -> anyhow::Result<(u64, HashMap<String, u64>)> {
            let mut fc = FacetCollector::for_field(&field_name);
            fc.add_facet("/o");
            fc.add_facet("/u");
            let (n, facets) = searcher.search(q, &(Count, fc))?;
            let mut by: HashMap<String, u64> = HashMap::new();
            for (facet, c) in facets.get("/o") {
                let name = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
                by.insert(name, c);
            }
            let none: u64 = facets.get("/u").map(|(_, c)| c).sum();
            if none > 0 {
                by.insert(String::new(), none);
            }
            Ok((n as u64, by))
        };
        let firsts = TermQuery::new(Term::from_field_u64(f.ordinal, 0), IndexRecordOption::Basic);
        let (articles, art_by) = count(&firsts)?;
        let (passages, pas_by) = count(&AllQuery)?;
        let mut outlets: Vec<OutletCount> = art_by
            .into_iter()
            .map(|(name, a)| OutletCount {
                passages: pas_by.get(&name).copied().unwrap_or(0),
                outlet: (!name.is_empty()).then_some(name),
                articles: a,
            })
            .collect();
        outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.outlet.cmp(&b.outlet)));
        Ok(Stats { articles, passages, outlets })
    }
}

/// The metadata stored with an article's first passage.
pub(crate) fn stored_meta(f: Fields, doc: &TantivyDocument) -> Option<ArticleMeta> {
    doc.get_first(f.meta).and_then(|v| v.as_str()).and_then(|s| serde_json::from_str(s).ok())
}

/// What is said of an article whose metadata cannot be read (never expected).
fn unknown_meta(id: &str) -> ArticleMeta {
    ArticleMeta {
        id: id.to_string(),
        outlet: None,
        outlet_source: "unknown".into(),
        title: None,
        url: None,
        date: None,
        source: String::new(),
    }
}

/// The entity table stored with an article's first passage (empty when it has none).
pub(crate) fn stored_table(f: Fields, doc: &TantivyDocument) -> EntityTable {
    doc.get_first(f.entity_table)
        .and_then(|v| v.as_str())
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// What is stored once per article.
pub(crate) struct ArticleInfo {
    pub meta: ArticleMeta,
    pub table: EntityTable,
}

/// Article metadata and entity tables by id, read once per article per query.
pub(crate) struct MetaCache<'a> {
    searcher: &'a tantivy::Searcher,
    fields: Fields,
    map: HashMap<String, ArticleInfo>,
}

impl<'a> MetaCache<'a> {
    pub(crate) fn new(searcher: &'a tantivy::Searcher, fields: Fields) -> Self {
        MetaCache { searcher, fields, map: HashMap::new() }
    }

    /// What is stored for article `id`, from its first passage.
    pub(crate) fn get(&mut self, id: &str) -> anyhow::Result<&ArticleInfo> {
        if !self.map.contains_key(id) {
            let f = self.fields;
            let q = tantivy::query::BooleanQuery::intersection(vec![
                Box::new(TermQuery::new(Term::from_field_text(f.article_id, id), IndexRecordOption::Basic)),
                Box::new(TermQuery::new(Term::from_field_u64(f.ordinal, 0), IndexRecordOption::Basic)),
            ]);
            let top = self.searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            let doc: Option<TantivyDocument> = match top.first() {
                Some((_, addr)) => Some(self.searcher.doc(*addr).context("cannot read article metadata")?),
                None => None,
            };
            let info = ArticleInfo {
                meta: doc.as_ref().and_then(|d| stored_meta(f, d)).unwrap_or_else(|| unknown_meta(id)),
                table: doc.as_ref().map(|d| stored_table(f, d)).unwrap_or_default(),
            };
            self.map.insert(id.to_string(), info);
        }
        Ok(&self.map[id])
    }
}

/// Keeps score order but lets no article have more than `per_article` passages ahead of any
/// other candidate; the held-back passages follow, in score order. Returns at most `limit`.
pub fn diversify(hits: Vec<Hit>, per_article: usize, limit: usize) -> Vec<Hit> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let (mut first, mut held) = (Vec::new(), Vec::new());
    for h in hits {
        let n = seen.entry(h.article.id.clone()).or_default();
        *n += 1;
        if *n <= per_article {
            first.push(h);
        } else {
            held.push(h);
        }
    }
    first.extend(held);
    first.truncate(limit);
    first
}
