//! Request parameters: the query string (`?q=...&outlet=a&outlet=b`) or a JSON body, checked
//! against the [`Limits`] and turned into the library's options. Every refusal is a
//! [`UserError`] (HTTP 400) that names the parameter.

use serde::{Deserialize, Deserializer};

use super::Limits;
use crate::analysis::entities::EntityKind;
use crate::error::UserError;
use crate::search::{ClusterOptions, EntityListOptions, QuoteOptions, SearchOptions};

/// Default number of quote matches, quote clusters and entities (as the CLI).
const DEFAULT_QUOTE_LIMIT: usize = 50;
const DEFAULT_QUOTES_LIMIT: usize = 20;
const DEFAULT_ENTITIES_LIMIT: usize = 50;

/// A decoded query string; keys outside `allowed` are refused, so a typo is not ignored.
pub(super) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub(super) fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, UserError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some((k, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(UserError::new(format!("unknown parameter {k:?} (known: {})", allowed.join(", "))));
        }
        Ok(Params { pairs })
    }

    /// The value of a parameter given at most once.
    fn one(&self, key: &str) -> Result<Option<String>, UserError> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone());
        let first = values.next();
        if values.next().is_some() {
            return Err(UserError::new(format!("parameter {key:?} given more than once")));
        }
        Ok(first)
    }

    /// Every value of a repeatable parameter.
    fn all(&self, key: &str) -> Vec<String> {
        self.pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
    }

    fn number(&self, key: &str) -> Result<Option<usize>, UserError> {
        match self.one(key)? {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map(Some)
                .map_err(|_| UserError::new(format!("{key} must be a whole number, not {v:?}"))),
        }
    }
}

/// A string or a list of strings (`"outlet": "AFP"` or `"outlet": ["AFP", "Reuters"]`).
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// `GET /api/search` or the body of `POST /api/search`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SearchRequest {
    pub q: String,
    pub limit: Option<usize>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub outlet: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub entity: Vec<String>,
    pub per_article: Option<usize>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort: Option<String>,
    pub offset: Option<usize>,
}

impl SearchRequest {
    pub(super) const KEYS: &'static [&'static str] =
        &["q", "limit", "offset", "outlet", "entity", "per_article", "since", "until", "sort"];

    pub(super) fn from_params(p: &Params) -> Result<Self, UserError> {
        Ok(SearchRequest {
            q: p.one("q")?.unwrap_or_default(),
            limit: p.number("limit")?,
            outlet: p.all("outlet"),
            entity: p.all("entity"),
            per_article: p.number("per_article")?,
            since: p.one("since")?,
            until: p.one("until")?,
            sort: p.one("sort")?,
            offset: p.number("offset")?,
        })
    }

    pub(super) fn check(self, limits: &Limits) -> Result<(String, SearchOptions), UserError> {
        let dates = crate::search::query::since_until(self.since.as_deref(), self.until.as_deref())?;
        let sort = match self.sort.as_deref() {
            Some(s) => crate::search::Sort::parse(s)?,
            None => crate::search::Sort::Relevance,
        };
        let q = required("q", self.q, limits.max_query_chars)?;
        let limit = limit(self.limit, crate::search::DEFAULT_LIMIT, limits)?;
        let offset = self.offset.unwrap_or(0);
        if offset + limit > crate::search::MAX_LIMIT {
            return Err(UserError::new(format!(
                "offset + limit must be at most {} (a search ranks at most {} hits), not {}",
                crate::search::MAX_LIMIT,
                crate::search::MAX_LIMIT,
                offset + limit
            )));
        }
        let opts = SearchOptions {
            limit,
            offset,
            outlets: filters("outlet", self.outlet, limits)?,
            entities: filters("entity", self.entity, limits)?,
            per_article: bounded(
                "per_article",
                self.per_article.unwrap_or(crate::search::DEFAULT_PER_ARTICLE),
                limits.max_limit,
            )?,
            dates,
            sort,
            ..SearchOptions::default()
        };
        Ok((q, opts))
    }
}

/// `GET /api/quote` or the body of `POST /api/quote`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuoteRequest {
    pub text: String,
    pub limit: Option<usize>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub outlet: Vec<String>,
}

impl QuoteRequest {
    pub(super) const KEYS: &'static [&'static str] = &["text", "limit", "outlet"];

    pub(super) fn from_params(p: &Params) -> Result<Self, UserError> {
        Ok(QuoteRequest {
            text: p.one("text")?.unwrap_or_default(),
            limit: p.number("limit")?,
            outlet: p.all("outlet"),
        })
    }

    pub(super) fn check(self, limits: &Limits) -> Result<(String, QuoteOptions), UserError> {
        let text = required("text", self.text, limits.max_quote_chars)?;
        let opts = QuoteOptions {
            limit: limit(self.limit, DEFAULT_QUOTE_LIMIT, limits)?,
            outlets: filters("outlet", self.outlet, limits)?,
        };
        Ok((text, opts))
    }
}

/// The body of `POST /api/shard/quote` (a front's request to a shard): the quote as asked and
/// the statistics of all shards.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ShardQuoteRequest {
    pub request: QuoteRequest,
    pub stats: crate::search::TermStats,
}

/// `GET /api/quotes?speaker=&outlet=&limit=&offset=`.
pub(super) fn quotes_options(p: &Params, limits: &Limits) -> Result<ClusterOptions, UserError> {
    Ok(ClusterOptions {
        speaker: optional("speaker", p.one("speaker")?, limits)?,
        outlets: filters("outlet", p.all("outlet"), limits)?,
        limit: limit(p.number("limit")?, DEFAULT_QUOTES_LIMIT, limits)?,
        offset: listing_offset(p)?,
    })
}
pub(super) const QUOTES_KEYS: &[&str] = &["speaker", "outlet", "limit", "offset"];

/// Largest `offset` of a listing: past it a page would be empty on any index.
const MAX_LISTING_OFFSET: usize = u32::MAX as usize;

fn listing_offset(p: &Params) -> Result<usize, UserError> {
    let offset = p.number("offset")?.unwrap_or(0);
    if offset > MAX_LISTING_OFFSET {
        return Err(UserError::new(format!("offset must be at most {MAX_LISTING_OFFSET}, not {offset}")));
    }
    Ok(offset)
}

/// `GET /api/entities?kind=&outlet=&limit=`.
pub(super) fn entities_options(p: &Params, limits: &Limits) -> Result<EntityListOptions, UserError> {
    let kind = match optional("kind", p.one("kind")?, limits)? {
        None => None,
        Some(k) => match EntityKind::parse(&k) {
            Some(kind) => Some(kind.as_str().to_string()),
            None => {
                return Err(UserError::new(format!(
                    "unknown entity kind {k:?} (person, national_team, club, competition, venue, place, organisation)"
                )))
            }
        },
    };
    Ok(EntityListOptions {
        kind,
        outlets: filters("outlet", p.all("outlet"), limits)?,
        limit: limit(p.number("limit")?, DEFAULT_ENTITIES_LIMIT, limits)?,
        offset: listing_offset(p)?,
    })
}
pub(super) const ENTITIES_KEYS: &[&str] = &["kind", "outlet", "limit", "offset"];

/// An article id from the path.
pub(super) fn article_id(id: &str, limits: &Limits) -> Result<String, UserError> {
    required("id", id.to_string(), limits.max_value_chars.max(1_000))
}

/// `GET /api/matches?limit=`.
pub(super) const MATCHES_KEYS: &[&str] = &["limit"];

pub(super) fn matches_limit(p: &Params, limits: &Limits) -> Result<usize, UserError> {
    limit(p.number("limit")?, DEFAULT_ENTITIES_LIMIT, limits)
}

/// `GET /api/match?q=` (team names or a match id).
pub(super) const MATCH_KEYS: &[&str] = &["q"];

pub(super) fn match_query(p: &Params, limits: &Limits) -> Result<String, UserError> {
    required("q", p.one("q")?.unwrap_or_default(), limits.max_query_chars)
}

fn required(key: &str, value: String, max_chars: usize) -> Result<String, UserError> {
    let n = value.chars().count();
    if value.trim().is_empty() {
        return Err(UserError::new(format!("parameter {key:?} is required and must not be empty")));
    }
    if n > max_chars {
        return Err(UserError::new(format!("{key} too long: {n} characters (at most {max_chars})")));
    }
    Ok(value)
}

fn optional(key: &str, value: Option<String>, limits: &Limits) -> Result<Option<String>, UserError> {
    match value {
        Some(v) if !v.trim().is_empty() => required(key, v, limits.max_value_chars).map(Some),
        _ => Ok(None),
    }
}

fn limit(value: Option<usize>, default: usize, limits: &Limits) -> Result<usize, UserError> {
    match value {
        None => Ok(default.clamp(1, limits.max_limit.max(1))),
        Some(v) => bounded("limit", v, limits.max_limit),
    }
}

fn bounded(key: &str, value: usize, max: usize) -> Result<usize, UserError> {
    if value == 0 || value > max {
        return Err(UserError::new(format!("{key} must be between 1 and {max}, not {value}")));
    }
    Ok(value)
}

fn filters(key: &str, values: Vec<String>, limits: &Limits) -> Result<Vec<String>, UserError> {
    let values: Vec<String> = values.into_iter().filter(|v| !v.trim().is_empty()).collect();
    if values.len() > limits.max_filters {
        return Err(UserError::new(format!(
            "too many {key} filters: {} (at most {})",
            values.len(),
            limits.max_filters
        )));
    }
    for v in &values {
        required(key, v.clone(), limits.max_value_chars)?;
    }
    Ok(values)
}
