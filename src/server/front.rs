//! The front of a search across machines (`pressbox serve --shards URL...`): each shard is a
//! `pressbox serve` on its own index; the front answers `GET /api/search` as a single server
//! would, in two rounds, each under the deadline (`--shard-timeout`):
//!
//! 1. `GET /api/stats/terms` on every shard: the query's document frequencies, token totals and
//!    document counts, and what its unknown words and `word*` prefixes may expand to there,
//!    summed ([`TermStats::add`]);
//! 2. `POST /api/shard/search` on every shard with the sums: each shard plans the query (known
//!    words, typo and prefix expansions) and scores its articles with the statistics of all
//!    shards, as one index would, and sends its hits ungrouped with its best articles and their
//!    scores ([`crate::search::shard`]). The front answers in the first fallback mode any shard
//!    matched in, keeps the best articles of all shards (as many as one index ranks passages
//!    in) and only their passages, and orders, diversifies, groups and cuts them as one index
//!    does ([`crate::search::diversify`], [`crate::search::group::group`]); `words`, `widened`
//!    and `total` are those of the merged answer.
//!
//! `GET`/`POST /api/quote` goes the same way: `POST /api/stats/quote` (the quote's words'
//! statistics, summed), then `POST /api/shard/quote` with the sums: each shard finds and ranks
//! its candidate articles as one index would and compares them; the front keeps the best
//! candidates of all shards and assembles the answer as one index does
//! ([`crate::search::quote::quote_merged`]: the speaker of the best match over all shards, the
//! paraphrases by that speaker, outlets grouped and ordered, who reported first). When nothing
//! matched, the nearest passages are a search through the shards as above.
//!
//! `GET /api/article/{id}` answers with the first shard (in `--shards` order) that holds the
//! article; `GET /api/stats` sums the shards' counts ([`crate::search::Stats::sum`]);
//! `GET /api/entities` merges every shard's entity key terms and counts
//! ([`crate::search::entities::merge_entities`]).
//!
//! A shard that is down, fails, or has not answered by the deadline is left out: the answer is
//! still HTTP 200, with `"partial": true` and `"missing_shards": [URL...]` (an article no shard
//! that answered holds is a 404 naming the missing shards). `/api/quotes`, `/api/matches` and
//! `/api/match` are not served by the front (404).
//!
//! The shard client is a plain HTTP/1.1 exchange over `std::net` (one connection per request,
//! `Connection: close`), with connect, read and write bounded by the deadline.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::extract::rejection::JsonRejection;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::params::{self, Params, QuoteRequest, SearchRequest};
use super::Limits;
use crate::error::{user, UserError};
use crate::search::plan::WordPlan;
use crate::search::quote::{self, QuoteOptions, QuotePart};
use crate::search::shard::{articles_ranked, Dropped, ShardArticle};
use crate::search::{
    diversify, group, EventFacets, Hit, Mode, SearchOptions, SearchQuery, Sort, Stats, TermStats,
};
use crate::search::{facets, matched};

/// Default deadline of a front's whole exchange with its shards.
pub const DEFAULT_SHARD_TIMEOUT: Duration = Duration::from_secs(2);
/// Largest shard answer read (bytes).
const MAX_ANSWER_BYTES: usize = 64 << 20;

/// How to run a front.
#[derive(Debug, Clone)]
pub struct FrontConfig {
    pub addr: SocketAddr,
    /// Shard servers' base URLs (`http://host:port`).
    pub shards: Vec<String>,
    /// Deadline for each of the two rounds of exchanges with the shards.
    pub timeout: Duration,
    pub limits: Limits,
}

/// A shard server's address, from `http://host:port` (no path, no TLS).
#[derive(Debug, Clone)]
struct Shard {
    url: String,
    host: String,
}

fn shard(url: &str) -> Result<Shard, UserError> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| UserError::new(format!("shard {url:?}: give http://HOST:PORT")))?;
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains('/') || !host.contains(':') {
        return Err(UserError::new(format!("shard {url:?}: give http://HOST:PORT (no path)")));
    }
    Ok(Shard { url: format!("http://{host}"), host: host.to_string() })
}

#[derive(Clone)]
struct FrontState {
    shards: Arc<Vec<Shard>>,
    timeout: Duration,
    limits: Limits,
}

/// The front's router: `GET /api/search`, `GET`/`POST /api/quote`, `GET /api/article/{id}`,
/// `GET /api/stats`; anything else is 404.
pub fn front_app(config: &FrontConfig) -> anyhow::Result<Router> {
    if config.shards.is_empty() {
        return Err(user("--shards needs at least one shard URL"));
    }
    let shards = config.shards.iter().map(|u| shard(u)).collect::<Result<Vec<_>, _>>()?;
    let state =
        FrontState { shards: Arc::new(shards), timeout: config.timeout, limits: config.limits.clone() };
    Ok(Router::new()
        .route("/api/search", get(search))
        .route("/api/quote", get(quote_get).post(quote_post))
        .route("/api/article/{*id}", get(article))
        .route("/api/stats", get(stats))
        .route("/api/entities", get(entities))
        .fallback(not_served)
        .with_state(state))
}

async fn not_served() -> Response {
    let body = json!({"error": "a front (serve --shards) answers /api/search, /api/quote, /api/article/{id}, \
                                /api/stats and /api/entities only (not /api/quotes, /api/matches, /api/match: \
                                ask one server over all shards)"});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

async fn search(State(state): State<FrontState>, RawQuery(raw): RawQuery) -> Response {
    let checked = Params::parse(raw.as_deref(), SearchRequest::KEYS)
        .and_then(|p| SearchRequest::from_params(&p))
        .and_then(|r| r.check(&state.limits));
    let (q, opts) = match checked {
        Ok(x) => x,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let raw = raw.unwrap_or_default();
    answer(move || fan_out(&state, &raw, &q, &opts)).await
}

/// Runs `work` (exchanges with the shards) off the async threads; its answer as JSON, or the
/// error (400 for the user's mistake).
async fn answer(work: impl FnOnce() -> anyhow::Result<Value> + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(answer)) => Json(answer).into_response(),
        Ok(Err(e)) if crate::error::is_user_error(&e) => error(StatusCode::BAD_REQUEST, format!("{e:#}")),
        Ok(Err(e)) => {
            eprintln!("pressbox: error: {}", format!("{e:#}").escape_debug());
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string())
        }
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string()),
    }
}

/// What one shard said.
enum Said {
    Json(Value),
    /// A 400: this shard refuses the query (an outlet it does not know, say).
    Refused(String),
    /// A 404 (an article it does not hold), with its body.
    NotFound(Value),
    Missing,
}

/// A request to every shard: method, path and query, JSON body.
type Request = (&'static str, String, Option<Vec<u8>>);

/// The two rounds of a search or a quote look-up: `first` asks every shard for statistics,
/// summed; `second` posts the sums (to the shards that answered). The answers of the shards
/// that gave both (holding `key`: a shard of another version is left out), and the shards
/// missing; every shard refusing is the user's mistake.
fn two_rounds(
    state: &FrontState,
    first: Request,
    second: impl Fn(&TermStats) -> anyhow::Result<(String, Vec<u8>)>,
    key: &str,
) -> anyhow::Result<(Vec<Value>, Vec<String>)> {
    let shards = &state.shards;
    let deadline = Instant::now() + state.timeout;
    let first = ask_all(shards, |_| first.clone(), deadline);
    let mut global = TermStats::default();
    for said in &first {
        if let Said::Json(v) = said {
            let stats: TermStats = serde_json::from_value(v.clone()).context("a shard's statistics")?;
            global.add(&stats);
        }
    }
    let (path, body) = second(&global)?;
    // Each round has the whole deadline: a shard that timed out in the first is not asked again.
    let deadline = Instant::now() + state.timeout;
    let second = ask_all(
        shards,
        |i| match first[i] {
            Said::Json(_) => ("POST", path.clone(), Some(body.clone())),
            _ => ("SKIP", String::new(), None),
        },
        deadline,
    );
    let mut missing = Vec::new();
    let mut answers = Vec::new();
    let mut refusals = Vec::new();
    for (i, (a, b)) in first.into_iter().zip(second).enumerate() {
        match (a, b) {
            (Said::Refused(why), _) | (_, Said::Refused(why)) => refusals.push(why),
            (Said::Json(_), Said::Json(v)) if v.get(key).is_some() => answers.push(v),
            _ => missing.push(shards[i].url.clone()),
        }
    }
    if answers.is_empty() && missing.is_empty() {
        return Err(user(refusals.into_iter().next().unwrap_or_else(|| "no shard answered".to_string())));
    }
    Ok((answers, missing))
}

/// Both rounds, then the merge.
fn fan_out(state: &FrontState, raw: &str, q: &str, opts: &SearchOptions) -> anyhow::Result<Value> {
    // Each shard ranks the hits up to the end of the page (offset and limit as asked, so that
    // it ranks as many articles as one index would) and sends them all; the front cuts the page.
    let (answers, missing) = two_rounds(
        state,
        ("GET", format!("/api/stats/terms?{raw}"), None),
        |global| Ok((format!("/api/shard/search?{raw}"), serde_json::to_vec(global)?)),
        // A shard that answers without its best articles (another version) is left out.
        "articles",
    )?;
    merge(answers, missing, q, opts)
}

async fn quote_get(State(state): State<FrontState>, RawQuery(raw): RawQuery) -> Response {
    let req = Params::parse(raw.as_deref(), QuoteRequest::KEYS).and_then(|p| QuoteRequest::from_params(&p));
    quote(state, req).await
}

async fn quote_post(
    State(state): State<FrontState>,
    body: Result<Json<QuoteRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(req)) => quote(state, Ok(req)).await,
        Err(e) => error(StatusCode::BAD_REQUEST, e.body_text()),
    }
}

async fn quote(state: FrontState, req: Result<QuoteRequest, UserError>) -> Response {
    match req.and_then(|r| r.check(&state.limits)) {
        Ok((text, opts)) => answer(move || quote_fan_out(&state, &text, &opts)).await,
        Err(e) => error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

/// A quote look-up over the shards: both rounds, the merge, and the nearest passages through
/// a search when no shard found the quote carried.
fn quote_fan_out(state: &FrontState, text: &str, opts: &QuoteOptions) -> anyhow::Result<Value> {
    let request = json!({"text": text, "limit": opts.limit, "outlet": opts.outlets});
    let (answers, mut missing) = two_rounds(
        state,
        ("POST", "/api/stats/quote".to_string(), Some(serde_json::to_vec(&request)?)),
        |global| {
            let body = json!({"request": request, "stats": global});
            Ok(("/api/shard/quote".to_string(), serde_json::to_vec(&body)?))
        },
        "found",
    )?;
    let parts = answers
        .into_iter()
        .map(serde_json::from_value::<QuotePart>)
        .collect::<Result<Vec<_>, _>>()
        .context("a shard's part of a quote look-up")?;
    let mut results = quote::quote_merged(text, opts, parts);
    if results.matches.is_empty() {
        if let Some((q, search)) = quote::nearest_search(text, &opts.outlets) {
            let mut raw = form_urlencoded::Serializer::new(String::new());
            raw.append_pair("q", &q).append_pair("limit", &search.limit.to_string());
            for o in &search.outlets {
                raw.append_pair("outlet", o);
            }
            let nearest = fan_out(state, &raw.finish(), &q, &search)?;
            results.nearest =
                serde_json::from_value(nearest["hits"].clone()).context("the nearest passages")?;
            for url in nearest["missing_shards"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !missing.iter().any(|m| m == url) {
                    missing.push(url.to_string());
                }
            }
        }
    }
    // Through text, not `to_value`: similarities are `f32`, printed as a single server prints them.
    let mut answer: Value = serde_json::from_str(&serde_json::to_string(&results)?)?;
    partial(&mut answer, missing);
    Ok(answer)
}

/// Marks an answer that some shards are missing from.
fn partial(answer: &mut Value, missing: Vec<String>) {
    if !missing.is_empty() {
        answer["partial"] = true.into();
        answer["missing_shards"] = missing.into();
    }
}

/// The URLs of the shards that said nothing.
fn missing_of(shards: &[Shard], said: &[Said]) -> Vec<String> {
    shards.iter().zip(said).filter(|(_, s)| matches!(s, Said::Missing)).map(|(s, _)| s.url.clone()).collect()
}

/// `GET /api/article/{id}`: the first shard's answer that holds it, asked as the front was.
async fn article(State(state): State<FrontState>, uri: Uri) -> Response {
    let path = uri.path_and_query().map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string());
    let work = move || -> (StatusCode, Value) {
        let said = ask_all(&state.shards, |_| ("GET", path.clone(), None), Instant::now() + state.timeout);
        let missing = missing_of(&state.shards, &said);
        let mut not_found = None;
        for s in said {
            match s {
                Said::Json(v) => return (StatusCode::OK, v),
                Said::Refused(why) => return (StatusCode::BAD_REQUEST, json!({ "error": why })),
                Said::NotFound(v) => not_found = not_found.or(Some(v)),
                Said::Missing => {}
            }
        }
        let mut body = not_found.unwrap_or_else(|| json!({"error": "no shard answered"}));
        partial(&mut body, missing);
        (StatusCode::NOT_FOUND, body)
    };
    match tokio::task::spawn_blocking(work).await {
        Ok((status, body)) => (status, Json(body)).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string()),
    }
}

/// `GET /api/entities`: every shard's entity key terms with their counts, listed as one index
/// holding them all lists them ([`crate::search::entities::merge_entities`]).
async fn entities(State(state): State<FrontState>, RawQuery(raw): RawQuery) -> Response {
    let opts = match Params::parse(raw.as_deref(), params::ENTITIES_KEYS)
        .and_then(|p| params::entities_options(&p, &state.limits))
    {
        Ok(opts) => opts,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let path = format!("/api/shard/entities?{}", raw.unwrap_or_default());
    answer(move || {
        let said = ask_all(&state.shards, |_| ("GET", path.clone(), None), Instant::now() + state.timeout);
        let mut missing = Vec::new();
        let mut parts = Vec::new();
        let mut refusals = Vec::new();
        for (s, said) in state.shards.iter().zip(said) {
            match said {
                Said::Json(v) => parts.push(serde_json::from_value(v).context("a shard's entities")?),
                Said::Refused(why) => refusals.push(why),
                _ => missing.push(s.url.clone()),
            }
        }
        if parts.is_empty() && missing.is_empty() {
            return Err(user(refusals.into_iter().next().unwrap_or_else(|| "no shard answered".to_string())));
        }
        let mut answer = serde_json::to_value(crate::search::entities::merge_entities(&opts, parts))?;
        partial(&mut answer, missing);
        Ok(answer)
    })
    .await
}

/// `GET /api/stats`: the shards' counts summed, as one index holding them all counts.
async fn stats(State(state): State<FrontState>, RawQuery(raw): RawQuery) -> Response {
    if let Err(e) = Params::parse(raw.as_deref(), &[]) {
        return error(StatusCode::BAD_REQUEST, e.to_string());
    }
    answer(move || {
        let said = ask_all(
            &state.shards,
            |_| ("GET", "/api/stats".to_string(), None),
            Instant::now() + state.timeout,
        );
        let mut missing = Vec::new();
        let mut parts = Vec::new();
        for (s, said) in state.shards.iter().zip(said) {
            match said {
                Said::Json(v) => {
                    parts.push(serde_json::from_value::<Stats>(v).context("a shard's statistics")?);
                }
                _ => missing.push(s.url.clone()),
            }
        }
        let mut answer = serde_json::to_value(Stats::sum(parts))?;
        partial(&mut answer, missing);
        Ok(answer)
    })
    .await
}

/// The order of the fallback modes (a search answers in the first one that matches).
fn mode_rank(v: &Value) -> usize {
    match v["mode"].as_str() {
        Some("all") => 0,
        Some("fuzzy") => 1,
        Some("any") => 2,
        Some("any_fuzzy") => 3,
        _ => 4,
    }
}

/// A candidate of the merge: a hit, or a placeholder one index counts but does not show.
struct Candidate {
    score: f32,
    /// Its article's place among the best articles of all shards.
    rank: usize,
    /// Its article holds only some words of a long query (ranked after all that hold them all).
    second_tier: bool,
    start: usize,
    article: String,
    hit: Option<Hit>,
}

fn merge(answers: Vec<Value>, missing: Vec<String>, q: &str, opts: &SearchOptions) -> anyhow::Result<Value> {
    let mut parsed = Vec::with_capacity(answers.len());
    for v in answers {
        let articles: Vec<ShardArticle> =
            serde_json::from_value(v["articles"].clone()).context("a shard's articles")?;
        parsed.push((v, articles));
    }
    // One index answers in the first mode where any article matches: so do the shards together.
    let mode = parsed.iter().filter(|(_, a)| !a.is_empty()).map(|(v, _)| mode_rank(v)).min();
    let mut chosen: Vec<(Value, Vec<ShardArticle>)> = Vec::new();
    for (mut v, articles) in parsed {
        match mode {
            Some(m) if !articles.is_empty() && mode_rank(&v) == m => chosen.push((v, articles)),
            // Some shard has articles holding every word of a long query: this one, which has
            // none, offers its articles holding some of them, as one index would.
            Some(0) if v["all_tier"].is_object() => {
                let tier = v["all_tier"].take();
                let articles: Vec<ShardArticle> =
                    serde_json::from_value(tier["articles"].clone()).context("a shard's articles")?;
                chosen.push((tier, articles));
            }
            None if chosen.is_empty() => chosen.push((v, articles)),
            _ => {}
        }
    }
    let offset = opts.offset.min(crate::search::MAX_LIMIT - 1);
    let limit = (offset + opts.limit.max(1)).min(crate::search::MAX_LIMIT);
    let per_article = opts.per_article.max(1);
    let wanted = articles_ranked(limit);
    // A long query's articles holding only some words are kept when all shards together have
    // fewer than `wanted` articles holding every word (every shard then went on with them).
    let full: usize = chosen.iter().map(|(_, a)| a.iter().filter(|a| !a.second_tier).count()).sum();
    let tiered = mode == Some(0)
        && !chosen.is_empty()
        && chosen.iter().all(|(v, _)| v["partial_plan"].is_array())
        && full < wanted;
    // The best articles of all shards, as many as one index ranks passages in: those holding
    // every word first.
    let mut best: Vec<(bool, f64, &str)> = Vec::new();
    for (_, articles) in &chosen {
        best.extend(
            articles
                .iter()
                .filter(|a| tiered || !a.second_tier)
                .map(|a| (a.second_tier, a.key, a.id.as_str())),
        );
    }
    let ascending = opts.sort == Sort::Oldest;
    best.sort_by(|a, b| {
        let by_key = if ascending { a.1.total_cmp(&b.1) } else { b.1.total_cmp(&a.1) };
        // Equal keys in article-id order, as every shard and one index order them.
        a.0.cmp(&b.0).then(by_key).then_with(|| a.2.cmp(b.2))
    });
    let ranked = best.len();
    best.truncate(wanted);
    // The event facets: with `count`, every shard's count over all its matches added; else
    // over the articles kept, as one index counts over the articles it ranks.
    let facets = if opts.count {
        let mut facets = EventFacets::empty();
        for (v, _) in &chosen {
            let part: EventFacets =
                serde_json::from_value(v["facets"].clone()).context("a shard's facets")?;
            facets.add(&part);
        }
        facets
    } else {
        let of: HashMap<&str, (u32, u32)> =
            chosen.iter().flat_map(|(_, a)| a.iter().map(|a| (a.id.as_str(), a.facets))).collect();
        facets::of_masks(best.iter().filter_map(|a| of.get(a.2).copied()), ranked < wanted)
    };
    let rank: HashMap<&str, (usize, bool)> = best.iter().enumerate().map(|(r, a)| (a.2, (r, a.0))).collect();
    // Their candidates only, ordered, diversified and cut as one index orders them.
    let mut candidates: Vec<Candidate> = Vec::new();
    for (v, _) in &chosen {
        let hits: Vec<Hit> = serde_json::from_value(v["hits"].clone()).context("a shard's hits")?;
        let dropped: Vec<Dropped> =
            serde_json::from_value(v["dropped"].clone()).context("a shard's dropped candidates")?;
        for h in hits {
            if let Some(&(r, second_tier)) = rank.get(h.article.id.as_str()) {
                let (score, start, article) = (h.score, h.passage.start, h.article.id.clone());
                candidates.push(Candidate { score, rank: r, second_tier, start, article, hit: Some(h) });
            }
        }
        for d in dropped {
            if let Some(&(r, second_tier)) = rank.get(d.article.as_str()) {
                candidates.push(Candidate {
                    score: d.score,
                    rank: r,
                    second_tier,
                    start: 0,
                    article: d.article,
                    hit: None,
                });
            }
        }
    }
    if opts.sort == Sort::Relevance {
        candidates.sort_by(|a, b| {
            a.second_tier
                .cmp(&b.second_tier)
                .then_with(|| b.score.total_cmp(&a.score))
                .then_with(|| (a.rank, a.start).cmp(&(b.rank, b.start)))
        });
    } else {
        candidates.sort_by(|a, b| {
            a.rank.cmp(&b.rank).then_with(|| b.score.total_cmp(&a.score)).then_with(|| a.start.cmp(&b.start))
        });
    }
    let cap = (limit * 2).max(limit + 10);
    let candidates = diversify(candidates, |c| c.article.clone(), per_article, cap);
    let hits: Vec<Hit> = candidates.into_iter().filter_map(|c| c.hit).collect();
    let mut hits = diversify(group::group(hits, limit), |h| h.article.id.clone(), per_article, limit);
    let mut answer = match chosen.first() {
        Some((v, _)) => v.clone(),
        None => json!({}),
    };
    if mode.is_some() {
        // How the words matched the merged page, from the plan every shard made alike (a
        // phrase is known when any shard holds it); with the second tier, as planned for it
        // (no word required of every hit).
        let key = if tiered { "partial_plan" } else { "plan" };
        let mut plan: Vec<WordPlan> =
            serde_json::from_value(answer[key].clone()).context("a shard's plan")?;
        for (v, _) in chosen.iter().skip(1) {
            let other: Vec<WordPlan> = serde_json::from_value(v[key].clone()).context("a shard's plan")?;
            for (mine, theirs) in plan.iter_mut().zip(other) {
                mine.known |= theirs.known;
            }
        }
        let answered: Mode = serde_json::from_value(answer["mode"].clone()).context("a shard's mode")?;
        let words = matched::words(&plan, &hits);
        answer["widened"] = serde_json::to_value(matched::widened(q, answered, &plan, &words))?;
        answer["words"] = serde_json::to_value(words)?;
        for h in &mut hits {
            h.missing = matched::missing_in(h, &plan);
        }
    }
    hits.drain(..offset.min(hits.len()));
    if let Some(m) = answer.as_object_mut() {
        for key in ["articles", "dropped", "plan", "partial_plan", "all_tier"] {
            m.remove(key);
        }
    }
    answer["query"] = serde_json::to_value(SearchQuery { q: q.to_string(), options: opts.clone() })?;
    if opts.count {
        answer["total"] = chosen.iter().map(|(v, _)| v["total"].as_u64().unwrap_or(0)).sum::<u64>().into();
        answer["total_exact"] = true.into();
    } else if mode.is_some() {
        // As one index: the articles ranked, a lower bound unless fewer than it ranks.
        answer["total"] = ranked.min(wanted).into();
        answer["total_exact"] = (ranked < wanted).into();
    }
    answer["facets"] = serde_json::to_value(facets)?;
    answer["hits"] = serde_json::to_value(hits)?;
    partial(&mut answer, missing);
    Ok(answer)
}

/// Sends one request to every shard at once (a thread each) and waits for all of them, each
/// bounded by `deadline`.
fn ask_all(
    shards: &[Shard],
    request: impl Fn(usize) -> (&'static str, String, Option<Vec<u8>>),
    deadline: Instant,
) -> Vec<Said> {
    let requests: Vec<_> = (0..shards.len()).map(&request).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = shards
            .iter()
            .zip(requests)
            .map(|(s, (method, path, body))| {
                scope.spawn(move || {
                    if method == "SKIP" {
                        return Said::Missing;
                    }
                    match exchange(s, method, &path, body.as_deref(), deadline) {
                        Ok((200, body)) => match serde_json::from_slice(&body) {
                            Ok(v) => Said::Json(v),
                            Err(_) => Said::Missing,
                        },
                        Ok((400, body)) => {
                            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                            Said::Refused(v["error"].as_str().unwrap_or("refused by a shard").to_string())
                        }
                        Ok((404, body)) => match serde_json::from_slice(&body) {
                            Ok(v) => Said::NotFound(v),
                            Err(_) => Said::Missing,
                        },
                        _ => Said::Missing,
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Said::Missing)).collect()
    })
}

fn left(deadline: Instant) -> anyhow::Result<Duration> {
    let d = deadline.saturating_duration_since(Instant::now());
    anyhow::ensure!(d > Duration::from_millis(1), "past the shard deadline");
    Ok(d)
}

/// One HTTP/1.1 request to `shard`; the status and body of its answer.
fn exchange(
    shard: &Shard,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
    deadline: Instant,
) -> anyhow::Result<(u16, Vec<u8>)> {
    let addrs: Vec<SocketAddr> = shard.host.to_socket_addrs()?.collect();
    let addr = addrs.first().context("the shard's host has no address")?;
    let mut stream = TcpStream::connect_timeout(addr, left(deadline)?)?;
    stream.set_nodelay(true)?;
    stream.set_write_timeout(Some(left(deadline)?))?;
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        shard.host,
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut got = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        stream.set_read_timeout(Some(left(deadline)?))?;
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
        anyhow::ensure!(got.len() <= MAX_ANSWER_BYTES, "a shard's answer is too large");
        if let Some(done) = complete(&got)? {
            return Ok(done);
        }
    }
    complete(&got)?.context("a shard closed the connection mid-answer")
}

/// The answer in `got`, once it is all there: status and body (`Content-Length` or chunked).
fn complete(got: &[u8]) -> anyhow::Result<Option<(u16, Vec<u8>)>> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut resp = httparse::Response::new(&mut headers);
    let head_len = match resp.parse(got)? {
        httparse::Status::Complete(n) => n,
        httparse::Status::Partial => return Ok(None),
    };
    let status = resp.code.unwrap_or(0);
    let header = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let rest = &got[head_len..];
    if let Some(len) = header("content-length") {
        let len: usize = len.parse().context("a shard's Content-Length")?;
        return Ok((rest.len() >= len).then(|| (status, rest[..len].to_vec())));
    }
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let Some(eol) = rest[at..].windows(2).position(|w| w == b"\r\n") else { return Ok(None) };
            let size_text = String::from_utf8_lossy(&rest[at..at + eol]).to_string();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .context("a shard's chunk size")?;
            at += eol + 2;
            if size == 0 {
                return Ok(Some((status, body)));
            }
            if rest.len() < at + size + 2 {
                return Ok(None);
            }
            body.extend_from_slice(&rest[at..at + size]);
            at += size + 2;
        }
    }
    Ok(None)
}

/// Binds `config.addr` and serves the front until the process is stopped.
pub fn run_front(config: &FrontConfig) -> anyhow::Result<()> {
    let router = front_app(config)?;
    let listener = std::net::TcpListener::bind(config.addr)
        .map_err(|e| user(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener.local_addr().unwrap_or(config.addr);
    eprintln!(
        "pressbox: front for {} shards at http://{addr}/api/search (shard deadline {} ms; Ctrl-C stops)",
        config.shards.len(),
        config.timeout.as_millis()
    );
    serve_router_blocking(listener, router)
}

/// Serves `router` on `listener` until the process stops (a front; tests use it too).
pub fn serve_router_blocking(listener: std::net::TcpListener, router: Router) -> anyhow::Result<()> {
    listener.set_nonblocking(true).context("cannot configure the listener")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("pressbox-front")
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).context("cannot use the listener")?;
        axum::serve(listener, router).await.context("the front stopped")
    })
}
