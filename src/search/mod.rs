//! Search: from a query string to ranked, attributed, highlighted passages; and the other
//! read paths (`show`, `stats`).
//!
//! - [`query`]: the query language, parsed and bounded before tantivy sees it.
//! - [`plan`]: the parsed query as a tantivy query in one of the fallback [`Mode`]s.
//! - [`rank`]: passages inside the winning articles, from positions and passage bounds.
//! - [`highlight`]: where a shown passage matches.
//!
//! Ranking is article-first: tantivy's BM25 over title and body (the top-k pruned by
//! [`prune`] for plain words: nothing is counted unless `--count` asks) picks the best articles; [`rank`] scores the
//! passages inside them from the index alone; a hit's score is its article's plus its
//! passage's. A long query that few articles hold in full ([`LONG_QUERY_WORDS`]) goes on with
//! the articles holding some of its words, ranked after those. The list is diversified so that one article cannot fill the top ten (at most
//! `per_article` passages of an article before every other candidate), and only then are
//! stored records read: in rank order, and only until the page is settled
//! ([`group::Grouper::settled`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ExistsQuery, Occur, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Order, Term};

use crate::analysis::entities::{Gazetteer, Tagger};
pub use crate::index::record::ArticleMeta;
use crate::index::record::ArticleRecord;
use crate::index::{Fields, PressIndex};

pub mod bm25;
pub mod clusters;
pub mod entities;
pub mod facets;
pub mod group;
pub mod highlight;
mod listing;
pub mod matched;
pub mod matches;
pub mod names;
pub mod plan;
pub mod prune;
pub mod query;
pub mod quote;
pub mod rank;
pub mod shard;
pub mod stats;
mod stored;
mod ties;

pub use clusters::{ClusterOptions, QuoteCluster, QuoteClusters};
pub use entities::{EntityCount, EntityList, EntityListOptions};
pub use facets::EventFacets;
pub use matched::{How, Widened, WordMatch};
pub use plan::Mode;
pub use query::DateRange;
pub use quote::{QuoteOptions, QuotePart, QuoteResults};
pub use shard::ShardResults;
pub use stats::TermStats;

/// Weight of the entity boost: an article tagged with an entity the query names scores this
/// much more per such entity (added to its BM25 score).
pub const ENTITY_WEIGHT: f32 = 1.0;
/// Default number of hits.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest `limit` accepted.
pub const MAX_LIMIT: usize = 1_000;
/// A query of this many words or more (a sentence, a claim) that too few articles hold in full
/// is answered by those articles first, then by the articles holding some of its words.
pub const LONG_QUERY_WORDS: usize = 5;
/// Default cap on passages of one article before every other candidate has been shown.
pub const DEFAULT_PER_ARTICLE: usize = 2;

/// How to search (serialised, with the query text, as the `query` of the answer).
#[derive(Debug, Clone, Serialize)]
pub struct SearchOptions {
    pub limit: usize,
    /// Hits skipped before the first one shown (paging); `offset + limit` is at most
    /// [`MAX_LIMIT`].
    pub offset: usize,
    /// Keep passages from any of these outlets (case and accents ignored; a part of the name
    /// such as `national` will do).
    #[serde(rename = "outlet")]
    pub outlets: Vec<String>,
    /// Keep passages that mention every one of these entities (any alias, case or accent).
    #[serde(rename = "entity")]
    pub entities: Vec<String>,
    pub per_article: usize,
    /// Count every match exactly (costs a full pass; otherwise `total` is a lower bound).
    pub count: bool,
    /// Only articles published in this range (`--since`, `--until`).
    pub dates: DateRange,
    pub sort: Sort,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest publication first (undated articles are left out).
    Newest,
    /// Earliest publication first (undated articles are left out).
    Oldest,
}

impl Sort {
    /// The names `--sort` and `sort=` accept: `relevance`, `date` or `newest`, `oldest`.
    pub fn parse(s: &str) -> Result<Sort, crate::error::UserError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "relevance" | "score" => Ok(Sort::Relevance),
            "date" | "newest" | "date_desc" => Ok(Sort::Newest),
            "oldest" | "date_asc" => Ok(Sort::Oldest),
            _ => Err(crate::error::UserError::new(format!(
                "unknown sort `{s}` (known: relevance, date (newest first), oldest)"
            ))),
        }
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            offset: 0,
            outlets: Vec::new(),
            entities: Vec::new(),
            per_article: DEFAULT_PER_ARTICLE,
            count: false,
            dates: DateRange::default(),
            sort: Sort::Relevance,
        }
    }
}

/// What a search was asked: the query text and the options.
#[derive(Debug, Clone, Serialize)]
pub struct SearchQuery {
    pub q: String,
    #[serde(flatten)]
    pub options: SearchOptions,
}

/// The answer to a search, in the shape of `search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: SearchQuery,
    pub mode: Mode,
    /// How many articles matched in the answering mode: exact when `total_exact`, else a lower
    /// bound (the articles ranked to answer).
    pub total: usize,
    pub total_exact: bool,
    /// Set when no article holds every required word as typed: said first, then these hits
    /// are offered as the widened answer.
    pub widened: Option<Widened>,
    /// Each positive word or phrase of the query and how it matched the hits.
    pub words: Vec<WordMatch>,
    /// Parts of the query that were ignored or read in a particular way.
    pub warnings: Vec<String>,
    pub sort: Sort,
    pub hits: Vec<Hit>,
    /// Matching articles per event kind and minute band ([`facets`]).
    pub facets: EventFacets,
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Hit {
    pub score: f32,
    pub article: ArticleMeta,
    pub passage: PassageText,
    /// Unicode character ranges `[start, end)` within `passage.text`.
    pub highlights: Vec<[usize; 2]>,
    /// Quotes overlapping the passage, with who said them.
    pub quotes: Vec<HitQuote>,
    /// The entities the passage mentions.
    pub entities: Vec<EntityRef>,
    /// Query words neither the passage nor its title holds (in a widened search).
    pub missing: Vec<String>,
    /// Near-identical passages from other articles (wire copy, the same quote).
    pub also_reported_by: Vec<group::AlsoReported>,
}

/// An entity as listed with a hit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, serde::Deserialize)]
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct HitQuote {
    /// Unicode character range within `passage.text` (clipped to the passage).
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub cue: Option<String>,
}

/// A passage and its place in the article text (Unicode character offsets).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, serde::Deserialize)]
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

/// What `show` was asked.
#[derive(Debug, Clone, Serialize)]
pub struct ShowQuery {
    pub id: String,
}

/// The answer to `show`, in the shape of `show --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleAnswer {
    pub query: ShowQuery,
    pub article: ArticleView,
}

impl ArticleAnswer {
    pub fn new(id: &str, article: ArticleView) -> Self {
        ArticleAnswer { query: ShowQuery { id: id.to_string() }, article }
    }
}

/// A command that takes no parameters: its `query` is `{}`.
#[derive(Debug, Clone, Copy, Default, Serialize, serde::Deserialize)]
pub struct NoQuery {}

/// What the index holds.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Stats {
    pub query: NoQuery,
    pub articles: u64,
    pub passages: u64,
    pub outlets: Vec<OutletCount>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
    /// The doc store readers of the latest reader generation, kept across searches.
    stores: stored::StoreCache,
    /// The threads of large searches ([`search_threads`]).
    parallel: tantivy::Executor,
}

/// Threads a large search (a long query, a quote) uses to read the index's segments and the
/// candidates' records side by side: the cores there are, at most [`MAX_SEARCH_THREADS`];
/// `PRESSBOX_SEARCH_THREADS` sets it (1: all in turn, as plain tantivy and Lucene search by
/// default). Short queries are answered in turn: handing them to other threads costs more than
/// it saves (README, Measured).
fn search_threads() -> usize {
    std::env::var("PRESSBOX_SEARCH_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_SEARCH_THREADS)
        })
        .max(1)
}

/// The best `k` articles for `query` (BM25 from `bm25`), the segments searched on `executor`.
fn top_k(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    k: usize,
    bm25: &dyn tantivy::query::Bm25StatisticsProvider,
    executor: &tantivy::Executor,
) -> anyhow::Result<Vec<(f32, DocAddress)>> {
    let scoring = tantivy::query::EnableScoring::enabled_from_statistics_provider(bm25, searcher);
    searcher
        .search_with_executor(query, &TopDocs::with_limit(k).order_by_score(), executor, scoring)
        .context("search failed")
}

/// Most threads one search reads segments with.
const MAX_SEARCH_THREADS: usize = 4;

impl Searcher {
    /// Opens the index in `dir` for reading.
    pub fn open(dir: &Path) -> anyhow::Result<Searcher> {
        Self::open_with_threads(dir, search_threads())
    }

    /// [`Searcher::open`] with large searches on `threads` threads (see [`search_threads`]).
    pub fn open_with_threads(dir: &Path, threads: usize) -> anyhow::Result<Searcher> {
        let index = PressIndex::open(dir)?;
        let reader = index.reader()?;
        let parallel = match threads.max(1) {
            1 => tantivy::Executor::single_thread(),
            n => tantivy::Executor::multi_thread(n, "pressbox-search-")
                .context("cannot start the search threads")?,
        };
        Ok(Searcher {
            index,
            reader,
            tagger: OnceLock::new(),
            stores: stored::StoreCache::default(),
            parallel,
        })
    }

    /// The threads a search's work goes to: side by side when it is `large`, else in turn.
    fn executor(&self, large: bool) -> &tantivy::Executor {
        static IN_TURN: tantivy::Executor = tantivy::Executor::SingleThread;
        if large {
            &self.parallel
        } else {
            &IN_TURN
        }
    }

    /// Where the index lives.
    pub fn dir(&self) -> &Path {
        self.index.dir()
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
    /// The planner of a search for `text` with `opts` (its outlets checked) over `searcher`.
    fn planner<'a>(
        &'a self,
        searcher: &'a tantivy::Searcher,
        outlets: &'a [String],
        text: &str,
        opts: &'a SearchOptions,
    ) -> plan::Planner<'a> {
        plan::Planner {
            searcher,
            fields: self.fields(),
            outlets,
            entities: &opts.entities,
            tagger: self.tagger(),
            boost_entities: self.query_entities(text),
            dates: opts.dates,
            global: None,
        }
    }

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
        Ok(self.search_with(text, opts, None)?.results)
    }

    /// One shard's part of a search across shard servers: planned and scored with the
    /// statistics of all shards (`global`, [`TermStats`]), the hits left ungrouped (ranked and
    /// diversified by article only), with the shard's best articles and the candidates any
    /// share of them would keep, for the front to merge, group and cut as one index
    /// ([`shard`]).
    pub fn search_shard(
        &self,
        text: &str,
        opts: &SearchOptions,
        global: &TermStats,
    ) -> anyhow::Result<ShardResults> {
        self.search_with(text, opts, Some(global))
    }

    fn search_with(
        &self,
        text: &str,
        opts: &SearchOptions,
        all_shards: Option<&TermStats>,
    ) -> anyhow::Result<ShardResults> {
        let parsed = query::parse_anyhow(text)?;
        let node = parsed.node;
        let outlets = self.check_outlets(&opts.outlets)?;
        self.check_entities(&opts.entities)?;
        let searcher = self.reader.searcher();
        let global = all_shards.map(|stats| stats::Global { stats, local: &searcher });
        let bm25: &dyn tantivy::query::Bm25StatisticsProvider = match &global {
            Some(g) => g,
            None => &searcher,
        };
        let mut planner = self.planner(&searcher, &outlets, text, opts);
        planner.global = all_shards;
        let required = planner.required_entities(&node);
        let events = planner.events(&node);
        let offset = opts.offset.min(MAX_LIMIT - 1);
        // Hits up to the end of the page are ranked, then the page is cut out of them.
        let limit = (offset + opts.limit.max(1)).min(MAX_LIMIT);
        let per_article = opts.per_article.max(1);
        let asked = SearchQuery { q: text.to_string(), options: opts.clone() };
        // Enough articles to fill the page after diversification and grouping.
        let articles = shard::articles_ranked(limit);
        let mut last = None;
        let mut all_tier = None;
        let ids = ties::Ids::new(&searcher, self.fields());
        let id = |a: DocAddress| ids.id(a);
        for mode in Mode::FALLBACKS {
            let p = planner.plan(&node, mode)?;
            if matches!(mode, Mode::Fuzzy | Mode::AnyFuzzy) && !p.fuzzy_used {
                continue;
            }
            // Equal scores (dates) in article-id order, as in every layout of the corpus.
            let top: Vec<(f32, DocAddress)> = match opts.sort {
                Sort::Relevance => {
                    let executor = self.executor(p.targets.units() >= LONG_QUERY_WORDS);
                    ties::best(articles, id, |k| top_k(&searcher, &*p.query, k, bm25, executor))?
                }
                Sort::Newest | Sort::Oldest => {
                    let order = if opts.sort == Sort::Newest { Order::Desc } else { Order::Asc };
                    let dated = BooleanQuery::new(vec![
                        (Occur::Must, p.query.box_clone()),
                        (Occur::Must, Box::new(ExistsQuery::new("published".to_string(), false))),
                    ]);
                    ties::best(articles, id, |k| {
                        let collector = TopDocs::with_limit(k)
                            .order_by_fast_field::<tantivy::DateTime>("published", order);
                        searcher.search(&dated, &collector).context("search failed")
                    })?
                    .into_iter()
                    .map(|(_, a)| (0.0, a))
                    .collect()
                }
            };
            let long =
                opts.sort == Sort::Relevance && mode == Mode::All && p.targets.units() >= LONG_QUERY_WORDS;
            // A shard none of whose articles holds every word of a long query still sends its
            // articles holding some (`all_tier`), in case other shards' articles hold them all.
            let tier_only = top.is_empty() && long && global.is_some();
            if top.is_empty() && !tier_only {
                last = Some((mode, p));
                continue;
            }
            // A long query (a sentence, a claim) with too few articles holding every word:
            // the articles holding some of them follow, after those, each saying what it lacks.
            // A shard does so when it alone has too few: the front judges on all shards' count.
            let mut top = top;
            let first_tier = top.len();
            let mut partial: Option<plan::Plan> = None;
            if long && top.len() < articles {
                let any = planner.plan(&node, Mode::Any)?;
                let more =
                    ties::best(articles, id, |k| top_k(&searcher, &*any.query, k, bm25, &self.parallel))?;
                let holding_all: HashSet<DocAddress> = top.iter().map(|(_, a)| *a).collect();
                top.extend(more.into_iter().filter(|(_, a)| !holding_all.contains(a)));
                top.truncate(articles);
                partial = Some(any);
            }
            let (total, total_exact, facets) = if opts.count {
                let counted = (Count, facets::FacetCollector { filter: &events });
                let (n, f) = searcher.search(&p.query, &counted).context("search failed")?;
                (n, true, f)
            } else {
                let exact = top.len() < articles;
                (
                    top.len(),
                    exact,
                    facets::of_articles(
                        &*self.stores.for_searcher(&searcher)?,
                        top.iter().map(|(_, a)| *a),
                        &events,
                        exact,
                    )?,
                )
            };
            let shown = Shown {
                targets: &p.targets,
                negatives: &p.negatives,
                conjunctive: p.conjunctive,
                wanted: &planner.boost_entities,
                required: &required,
                in_order: opts.sort != Sort::Relevance,
                events: &events,
                first_tier,
            };
            let mut dropped = Vec::new();
            let mut hits =
                self.hits(&searcher, global.as_ref(), &top, &shown, limit, per_article, &mut dropped)?;
            // Each hit's texts are walked once for the highlights and the words' matches.
            let scan = matched::scanner(
                p.words.iter().chain(partial.iter().flat_map(|any| &any.words)),
                Some(&p.targets),
            );
            for h in &mut hits {
                let found = scan.find(&h.passage.text, &p.targets);
                h.highlights = highlight::char_spans(&h.passage.text, &found.spans);
            }
            // With articles holding only some words, no word is required of every hit.
            let plans = partial.as_ref().map_or(&p.words, |any| &any.words);
            let words = matched::words_with(&scan, plans, &hits);
            if global.is_none() {
                // (A shard's part: the front cuts the page out of the merged hits.)
                hits.drain(..offset.min(hits.len()));
            }
            for h in &mut hits {
                h.missing = matched::missing_in_with(&scan, h, plans);
            }
            let best = match global {
                Some(_) => {
                    shard::articles(&searcher, self.fields(), &top, first_tier, opts.sort, Some(&events))?
                }
                None => Vec::new(),
            };
            let answer = ShardResults {
                results: SearchResults {
                    query: asked.clone(),
                    mode,
                    total,
                    total_exact,
                    widened: matched::widened(text, mode, &p.words, &words),
                    words,
                    warnings: parsed.warnings.clone(),
                    sort: opts.sort,
                    hits,
                    facets,
                },
                articles: best,
                dropped,
                plan: if global.is_some() { p.words } else { Vec::new() },
                partial_plan: partial.filter(|_| global.is_some()).map(|any| any.words),
                all_tier: None,
            };
            if tier_only {
                all_tier = Some(Box::new(answer)).filter(|a| !a.articles.is_empty());
                last = Some((mode, planner.plan(&node, mode)?));
                continue;
            }
            return Ok(ShardResults { all_tier, ..answer });
        }
        let (mode, words) = match last {
            Some((mode, p)) => (mode, matched::words(&p.words, &[])),
            None => (Mode::All, Vec::new()),
        };
        Ok(ShardResults {
            results: SearchResults {
                query: asked,
                mode,
                total: 0,
                total_exact: true,
                widened: None,
                words,
                warnings: parsed.warnings,
                sort: opts.sort,
                hits: Vec::new(),
                facets: EventFacets::empty(),
            },
            articles: Vec::new(),
            dropped: Vec::new(),
            plan: Vec::new(),
            partial_plan: None,
            all_tier,
        })
    }

    /// Ranks passages inside the top articles, diversifies, and builds the hits to show (a
    /// shard's part: also the candidates counted but not shown, into `dropped`).
    #[allow(clippy::too_many_arguments)]
    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        global: Option<&stats::Global>,
        top: &[(f32, DocAddress)],
        shown: &Shown,
        limit: usize,
        per_article: usize,
        dropped: &mut Vec<shard::Dropped>,
    ) -> anyhow::Result<Vec<Hit>> {
        let f = self.fields();
        let units = match global {
            Some(g) => {
                rank::query_terms_with(g.stats.live_docs, &|t| g.passage_doc_freq(t), f, shown.targets)?
            }
            None => rank::query_terms(searcher, f, shown.targets)?,
        };
        let negatives = rank::query_terms(searcher, f, shown.negatives)?;
        let addrs: Vec<DocAddress> = top.iter().map(|(_, a)| *a).collect();
        let stores = self.stores.for_searcher(searcher)?;
        // A long query's candidates are many and hold many words: read side by side.
        let executor = self.executor(shown.targets.units() >= LONG_QUERY_WORDS);
        let from = rank::Source { searcher, stores: &stores, executor };
        let mut scored = rank::passages(from, f, &addrs, &units, &negatives, shown.events)?;
        // (score, article, passage or None for "pick when the record is read").
        let mut candidates: Vec<(f32, DocAddress, Option<usize>)> = Vec::new();
        let second_tier: HashSet<DocAddress> =
            top[shown.first_tier.min(top.len())..].iter().map(|(_, a)| *a).collect();
        for &(article_score, addr) in top {
            match scored.remove(&addr) {
                Some(mut ps) if !ps.is_empty() => {
                    // All words asked for: the passages that hold them all, when there are any.
                    if shown.conjunctive && ps.iter().any(|p| p.complete) {
                        ps.retain(|p| p.complete);
                    }
                    candidates
                        .extend(ps.into_iter().map(|p| {
                            (article_score + rank::PASSAGE_WEIGHT * p.score, addr, Some(p.passage))
                        }));
                }
                // Every passage holding a query word also holds an excluded one.
                Some(_) if !negatives.is_empty() && !units.is_empty() => {}
                _ => candidates.push((article_score, addr, None)),
            }
        }
        // Equal scores: the article ranked first (ties in article-id order), then the earlier
        // passage.
        let rank: HashMap<DocAddress, usize> = top.iter().enumerate().map(|(i, (_, a))| (*a, i)).collect();
        // (Each candidate's tier and article rank looked up once, not at every comparison.)
        let mut keyed: Vec<(bool, usize, Candidate)> =
            candidates.into_iter().map(|c| (second_tier.contains(&c.1), rank[&c.1], c)).collect();
        if shown.in_order {
            keyed.sort_by(|(_, ra, a), (_, rb, b)| {
                ra.cmp(rb).then_with(|| b.0.total_cmp(&a.0)).then_with(|| a.2.cmp(&b.2))
            });
        } else {
            keyed.sort_by(|(ta, ra, a), (tb, rb, b)| {
                ta.cmp(tb)
                    .then_with(|| b.0.total_cmp(&a.0))
                    .then_with(|| ra.cmp(rb))
                    .then_with(|| a.2.cmp(&b.2))
            });
        }
        let candidates: Vec<(f32, DocAddress, Option<usize>)> =
            keyed.into_iter().map(|(_, _, c)| c).collect();
        let cap = (limit * 2).max(limit + 10);
        let candidates = match global {
            // A shard's part: the front keeps a prefix of this shard's articles (see `shard`).
            Some(_) => shard::for_every_prefix(candidates, |c| rank[&c.1], per_article, cap),
            None => diversify(candidates, |c| c.1, per_article, cap),
        };
        // The records every page needs (a shard's: all of its candidates; one index: those of
        // the first `limit` candidates at least) are read side by side up front.
        let first = if global.is_some() { candidates.len() } else { limit.min(candidates.len()) };
        let mut ahead: Vec<DocAddress> = Vec::with_capacity(first);
        for (_, addr, _) in &candidates[..first] {
            if !ahead.contains(addr) {
                ahead.push(*addr);
            }
        }
        let mut records: HashMap<DocAddress, ArticleRecord> = ahead
            .iter()
            .copied()
            .zip(stores.records(searcher, self.fields().record, &ahead, executor)?)
            .collect();
        let wanted = if shown.required.is_empty() { shown.wanted } else { shown.required };
        if global.is_some() {
            // A shard's part: every candidate, shown or dropped, for the front to group and cut
            // the hits of all shards together.
            let mut hits = Vec::with_capacity(candidates.len());
            for (score, addr, passage) in candidates {
                let record = self.record_cached(searcher, &stores, &mut records, addr)?;
                let passage = passage.unwrap_or_else(|| first_passage_with(record, wanted));
                if passage < record.passages.len() && mentions_all(record, passage, shown.required) {
                    hits.push(hit(record, passage, score));
                } else {
                    dropped.push(shard::Dropped { score, article: record.meta.id.clone() });
                }
            }
            return Ok(hits);
        }
        // One index: hits are built (records read) in rank order only until the page is
        // settled; the candidates after that could not change it.
        let mut grouper = group::Grouper::new(limit);
        for (score, addr, passage) in candidates {
            if grouper.settled(per_article) {
                break;
            }
            let record = self.record_cached(searcher, &stores, &mut records, addr)?;
            let passage = passage.unwrap_or_else(|| first_passage_with(record, wanted));
            // With an entity filter, only passages that mention the entities are shown.
            if passage < record.passages.len() && mentions_all(record, passage, shown.required) {
                grouper.push(hit(record, passage, score));
            }
        }
        Ok(diversify(grouper.finish(), |h| h.article.id.clone(), per_article, limit))
    }

    /// The record of the article at `addr`, read once per search into `records`.
    fn record_cached<'r>(
        &self,
        searcher: &tantivy::Searcher,
        stores: &stored::Stores,
        records: &'r mut HashMap<DocAddress, ArticleRecord>,
        addr: DocAddress,
    ) -> anyhow::Result<&'r ArticleRecord> {
        Ok(match records.entry(addr) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(stores.record(searcher, self.fields().record, addr)?)
            }
        })
    }

    /// The stored record of the article at `addr`.
    pub(crate) fn record_at(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> anyhow::Result<ArticleRecord> {
        self.stores.for_searcher(searcher)?.record(searcher, self.fields().record, addr)
    }

    /// The address of article `id`, if indexed.
    fn address_of(&self, searcher: &tantivy::Searcher, id: &str) -> anyhow::Result<Option<DocAddress>> {
        let q = TermQuery::new(Term::from_field_text(self.fields().id, id), IndexRecordOption::Basic);
        let top = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .context("cannot look the article up")?;
        Ok(top.first().map(|(_, a)| *a))
    }

    /// The article `id` with its exact text; `None` if absent.
    pub fn article(&self, id: &str) -> anyhow::Result<Option<ArticleView>> {
        let searcher = self.reader.searcher();
        let Some(addr) = self.address_of(&searcher, id)? else {
            return Ok(None);
        };
        let r = self.record_at(&searcher, addr)?;
        let entities = r
            .mentions
            .iter()
            .filter_map(|m| {
                r.entities.get(m.entity as usize).map(|x| MentionView {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    kind: x.kind.as_str().to_string(),
                    start: m.start as usize,
                    end: m.end as usize,
                })
            })
            .collect();
        let passages = r.passages.iter().map(|p| [p.char_start as usize, p.char_end as usize]).collect();
        Ok(Some(ArticleView { meta: r.meta, text: r.text, passages, entities }))
    }

    /// Counts of articles, passages and outlets.
    pub fn stats(&self) -> anyhow::Result<Stats> {
        let f = self.fields();
        let searcher = self.reader.searcher();
        let field_name = searcher.schema().get_field_name(f.outlet_facet).to_string();
        let mut fc = FacetCollector::for_field(&field_name);
        fc.add_facet("/o");
        fc.add_facet("/u");
        let facets = searcher.search(&AllQuery, &fc).context("cannot count outlets")?;
        let mut outlets: Vec<OutletCount> = Vec::new();
        for (facet, c) in facets.get("/o") {
            let name = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
            outlets.push(OutletCount { outlet: Some(name), articles: c, passages: 0 });
        }
        let none: u64 = facets.get("/u").map(|(_, c)| c).sum();
        if none > 0 {
            outlets.push(OutletCount { outlet: None, articles: none, passages: 0 });
        }
        let per_outlet = passages_per_outlet(&searcher, f)?;
        for o in &mut outlets {
            o.passages = per_outlet.get(&o.outlet).copied().unwrap_or(0);
        }
        sort_outlets(&mut outlets);
        Ok(Stats {
            query: NoQuery {},
            articles: searcher.num_docs(),
            passages: per_outlet.values().sum(),
            outlets,
        })
    }
}

/// Most articles first, then by name.
fn sort_outlets(outlets: &mut [OutletCount]) {
    outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.outlet.cmp(&b.outlet)));
}

impl Stats {
    /// The statistics of several indexes (shards) as those of one index holding them all.
    pub fn sum(parts: impl IntoIterator<Item = Stats>) -> Stats {
        let mut out = Stats { query: NoQuery {}, articles: 0, passages: 0, outlets: Vec::new() };
        let mut outlets: HashMap<Option<String>, OutletCount> = HashMap::new();
        for part in parts {
            out.articles += part.articles;
            out.passages += part.passages;
            for o in part.outlets {
                let sum =
                    outlets.entry(o.outlet.clone()).or_insert(OutletCount { articles: 0, passages: 0, ..o });
                sum.articles += o.articles;
                sum.passages += o.passages;
            }
        }
        out.outlets = outlets.into_values().collect();
        sort_outlets(&mut out.outlets);
        out
    }
}

/// Passages per outlet, from the `passages` and `outlet_facet` fast fields.
fn passages_per_outlet(
    searcher: &tantivy::Searcher,
    f: Fields,
) -> anyhow::Result<HashMap<Option<String>, u64>> {
    let mut out: HashMap<Option<String>, u64> = HashMap::new();
    let mut facet = tantivy::schema::Facet::root();
    for segment in searcher.segment_readers() {
        let passages = segment.fast_fields().u64("passages")?;
        let facets = segment.facet_reader(searcher.schema().get_field_name(f.outlet_facet))?;
        let alive = segment.alive_bitset();
        // Summed per facet ordinal first: each outlet's name is decoded once per segment.
        let mut per_ord: HashMap<u64, u64> = HashMap::new();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            let Some(ord) = facets.facet_ords(doc).next() else { continue };
            *per_ord.entry(ord).or_default() += passages.first(doc).unwrap_or(0);
        }
        for (ord, n) in per_ord {
            facets.facet_from_ord(ord, &mut facet)?;
            let path = facet.to_path();
            let outlet = (path.first() == Some(&"o")).then(|| path.last().map(|s| s.to_string())).flatten();
            *out.entry(outlet).or_default() += n;
        }
    }
    Ok(out)
}

/// A passage to show: its score, its article, and which passage (`None`: picked when the
/// record is read).
type Candidate = (f32, DocAddress, Option<usize>);

/// What decides which passages are shown.
struct Shown<'a> {
    targets: &'a plan::Targets,
    negatives: &'a plan::Targets,
    conjunctive: bool,
    /// Entities the query names (preferred when no word picks a passage).
    wanted: &'a [String],
    /// Entities every shown passage must mention.
    required: &'a [String],
    /// Keep the articles in the order given (a date sort) rather than by score.
    in_order: bool,
    /// What `event:`/`minute:` ask of the passages, and the events the query's words name.
    events: &'a plan::EventFilter,
    /// The articles of `top` before this index hold every word; those after it (a long
    /// query's articles holding only some) rank after them whatever their score.
    first_tier: usize,
}

/// Whether passage `i` of `record` mentions every entity of `ids`.
fn mentions_all(record: &ArticleRecord, i: usize, ids: &[String]) -> bool {
    let p = record.passages[i];
    ids.iter().all(|id| {
        record.mentions.iter().any(|m| {
            m.start < p.char_end
                && p.char_start < m.end
                && record.entities.get(m.entity as usize).is_some_and(|e| e.id == *id)
        })
    })
}

/// The first passage mentioning one of `wanted` (entity ids), else the first passage.
fn first_passage_with(record: &ArticleRecord, wanted: &[String]) -> usize {
    let wanted: Vec<u32> = record
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| wanted.contains(&e.id))
        .map(|(i, _)| i as u32)
        .collect();
    record
        .passages
        .iter()
        .position(|p| {
            record
                .mentions
                .iter()
                .any(|m| wanted.contains(&m.entity) && m.start >= p.char_start && m.end <= p.char_end)
        })
        .unwrap_or(0)
}

/// One hit: passage `i` of `record`, with its quotes and entities (highlights are found for
/// the hits kept, once the page is cut).
fn hit(record: &ArticleRecord, i: usize, score: f32) -> Hit {
    let p = record.passages[i];
    let text = record.passage_text(i).to_string();
    let (start, end) = (p.char_start, p.char_end);
    let quotes = record
        .quotes
        .iter()
        .filter(|q| q.start < end && start < q.end)
        .map(|q| HitQuote {
            start: (q.start.clamp(start, end) - start) as usize,
            end: (q.end.clamp(start, end) - start) as usize,
            speaker: q.speaker.clone(),
            cue: q.cue.clone(),
        })
        .collect();
    let mut mentioned: Vec<u32> =
        record.mentions.iter().filter(|m| m.start < end && start < m.end).map(|m| m.entity).collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    let entities = mentioned
        .into_iter()
        .filter_map(|e| record.entities.get(e as usize))
        .map(|e| EntityRef { id: e.id.clone(), name: e.name.clone(), kind: e.kind.as_str().to_string() })
        .collect();
    Hit {
        score,
        article: record.meta.clone(),
        passage: PassageText { text, start: start as usize, end: end as usize },
        highlights: Vec::new(),
        quotes,
        entities,
        missing: Vec::new(),
        also_reported_by: Vec::new(),
    }
}

/// Keeps score order but lets no article have more than `per_article` items ahead of any
/// other candidate; the held-back items follow, in score order. Returns at most `limit`.
pub fn diversify<T, K: std::hash::Hash + Eq>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
    per_article: usize,
    limit: usize,
) -> Vec<T> {
    let mut seen: HashMap<K, usize> = HashMap::new();
    let (mut first, mut held) = (Vec::new(), Vec::new());
    for item in items {
        let n = seen.entry(key(&item)).or_default();
        *n += 1;
        if *n <= per_article {
            first.push(item);
        } else {
            held.push(item);
        }
    }
    first.extend(held);
    first.truncate(limit);
    first
}

#[cfg(test)]
mod threads_tests {
    use super::*;

    /// An index of the seeds, one segment per seed.
    fn segmented_seeds() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let index = PressIndex::open_or_create(dir.path()).unwrap();
        let mut files: Vec<_> = std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let opts = crate::index::build::BuildOptions::new(vec![f], crate::ingest::OutletTable::builtin());
            crate::index::build::run(&index, &opts, &crate::index::build::Silent).unwrap();
        }
        dir
    }

    #[test]
    fn large_searches_on_several_threads_answer_as_on_one() {
        let dir = segmented_seeds();
        let one = Searcher::open_with_threads(dir.path(), 1).unwrap();
        let two = Searcher::open_with_threads(dir.path(), 2).unwrap();
        assert!(matches!(one.parallel, tantivy::Executor::SingleThread));
        assert!(matches!(two.parallel, tantivy::Executor::ThreadPool(_)));
        assert!(one.reader.searcher().segment_readers().len() >= 2, "the test needs several segments");
        let opts = SearchOptions::default();
        // Short and long queries (the long ones go to the threads), a page past the first.
        for q in [
            "Kane penalty",
            "Kane missed a second penalty after a VAR review against France",
            "we know how many penalties harry has scored for us",
            "England France World Cup quarter-final Al Bayt Stadium Giroud header",
        ] {
            let a = serde_json::to_value(one.search(q, &opts).unwrap()).unwrap();
            let b = serde_json::to_value(two.search(q, &opts).unwrap()).unwrap();
            assert!(!a["hits"].as_array().unwrap().is_empty(), "{q}: no hits");
            assert_eq!(a, b, "{q}");
        }
        let quote = "We know how many penalties Harry has scored for us";
        let a = serde_json::to_value(one.quote(quote, &QuoteOptions::default()).unwrap()).unwrap();
        let b = serde_json::to_value(two.quote(quote, &QuoteOptions::default()).unwrap()).unwrap();
        assert!(!a["matches"].as_array().unwrap().is_empty());
        assert_eq!(a, b);
    }
}
