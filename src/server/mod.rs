//! `pressbox serve`: the JSON API and the web page over HTTP (axum on tokio).
//!
//! - [`app`] builds the router from an [`AppState`]; it touches no socket, so tests drive it
//!   with `tower::ServiceExt::oneshot`.
//! - [`serve_blocking`] runs the router on a bound listener; [`run`] binds [`ServerConfig::addr`]
//!   and serves until the process is stopped.
//!
//! Every search runs on tokio's blocking pool (`spawn_blocking`), at most
//! [`Limits::max_concurrent`] at a time (a semaphore; the others wait for a permit), and every
//! request is bounded by [`Limits::timeout`]. Listings over the whole index (`entities`,
//! `quotes`), which cost far more than a search on a large index, have their own permits and
//! a short-lived cache ([`Limits::listing_ttl`]). The index is reloaded before a search when the
//! last reload is older than [`Limits::reload_every`], so commits made by a `pressbox index`
//! run in another process show up without a restart. The index path comes from the command
//! line only; no request names a file, and the page's assets are compiled into the binary.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Bytes;
use axum::Router;
use tokio::sync::Semaphore;

use crate::error::user;
use crate::search::Searcher;

mod params;
mod routes;

/// Where `pressbox serve` listens unless `--addr` says otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// Bounds on what one request may ask for and cost.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest `limit` a request may give (a larger one is a 400, not clamped).
    pub max_limit: usize,
    /// Longest search query, in characters (the query language also caps words and nesting).
    pub max_query_chars: usize,
    /// Longest quote to trace, in characters.
    pub max_quote_chars: usize,
    /// Most `outlet` / `entity` filters on one request.
    pub max_filters: usize,
    /// Longest filter value (outlet, entity, speaker, kind, article id), in characters.
    pub max_value_chars: usize,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Searches running at once; further requests wait for a permit, within `timeout`.
    pub max_concurrent: usize,
    /// Time allowed for one request, waiting for a permit included (then 503).
    pub timeout: Duration,
    /// How stale the view of the index may get before a request reloads it.
    pub reload_every: Duration,
    /// Listings over the whole index (`entities`, `quotes`) running at once, apart from the
    /// searches' permits, so that they never starve searches.
    pub max_concurrent_listings: usize,
    /// How long a listing's answer is reused; a listing that outlives its request's timeout
    /// still fills this cache, so asking again gets it.
    pub listing_ttl: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_limit: 100,
            max_query_chars: crate::search::query::MAX_QUERY_CHARS,
            max_quote_chars: 5_000,
            max_filters: 16,
            max_value_chars: 200,
            max_body_bytes: 64 * 1024,
            max_concurrent: cores.max(2),
            timeout: Duration::from_secs(10),
            reload_every: Duration::from_millis(500),
            max_concurrent_listings: 1,
            listing_ttl: Duration::from_secs(30),
        }
    }
}

/// How to run the server: a plain struct, built from the flags at the edge (`cli`).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub addr: SocketAddr,
    /// Only used to say what is served; the searcher is opened by the caller.
    pub index: PathBuf,
    pub limits: Limits,
}

/// What every handler shares: the searcher, the search permits, the limits.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    searcher: Searcher,
    permits: Arc<Semaphore>,
    listing_permits: Arc<Semaphore>,
    limits: Limits,
    /// When the index was last reloaded; `None` before the first reload.
    reloaded: Mutex<Option<Instant>>,
    /// Listing answers (serialised JSON) by request, with when they were made.
    listings: Mutex<HashMap<String, (Instant, Bytes)>>,
}

/// Most listing answers kept.
const MAX_LISTINGS: usize = 64;

impl AppState {
    pub fn new(searcher: Searcher, limits: Limits) -> AppState {
        let permits = Arc::new(Semaphore::new(limits.max_concurrent.max(1)));
        let listing_permits = Arc::new(Semaphore::new(limits.max_concurrent_listings.max(1)));
        let inner = Inner {
            searcher,
            permits,
            listing_permits,
            limits,
            reloaded: Mutex::new(None),
            listings: Mutex::new(HashMap::new()),
        };
        AppState { inner: Arc::new(inner) }
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Reloads the index when the last reload is older than `reload_every`. One caller
    /// reloads while the others carry on with the current view; a failed reload is reported
    /// on stderr and the previous commit keeps being served.
    fn refresh(&self) {
        let due = {
            let Ok(mut last) = self.inner.reloaded.try_lock() else { return };
            let now = Instant::now();
            if last.is_some_and(|t| now.duration_since(t) < self.inner.limits.reload_every) {
                false
            } else {
                *last = Some(now);
                true
            }
        };
        if due {
            if let Err(e) = self.inner.searcher.reload() {
                eprintln!("pressbox: warning: {e:#} (still serving the previous commit)");
            }
        }
    }

    /// Runs `work` on the blocking pool once a permit is free, on a fresh view of the index.
    /// The permit moves into the blocking task, so a request that times out keeps holding it
    /// until its search really ends: the cap holds even under timeouts.
    async fn search<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        F: FnOnce(&Searcher) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let permit =
            self.inner.permits.clone().acquire_owned().await.context("the server is shutting down")?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            state.refresh();
            work(&state.inner.searcher)
        })
        .await
        .context("the search failed unexpectedly")?
    }

    /// Like [`AppState::search`] for listings over the whole index, under their own permits,
    /// answered from the cache while fresh; `key` names the request (path and options).
    async fn listing<T, F>(&self, key: String, work: F) -> anyhow::Result<Bytes>
    where
        F: FnOnce(&Searcher) -> anyhow::Result<T> + Send + 'static,
        T: serde::Serialize,
    {
        if let Some(hit) = self.cached(&key) {
            return Ok(hit);
        }
        let permit = self
            .inner
            .listing_permits
            .clone()
            .acquire_owned()
            .await
            .context("the server is shutting down")?;
        // Made while this request waited for the permit?
        if let Some(hit) = self.cached(&key) {
            return Ok(hit);
        }
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            state.refresh();
            let answer = Bytes::from(serde_json::to_vec(&work(&state.inner.searcher)?)?);
            let mut cache = state.inner.listings.lock().unwrap_or_else(|e| e.into_inner());
            let ttl = state.inner.limits.listing_ttl;
            cache.retain(|_, (made, _)| made.elapsed() < ttl);
            if cache.len() >= MAX_LISTINGS {
                if let Some(oldest) = cache.iter().min_by_key(|(_, (made, _))| *made).map(|(k, _)| k.clone())
                {
                    cache.remove(&oldest);
                }
            }
            cache.insert(key, (Instant::now(), answer.clone()));
            Ok(answer)
        })
        .await
        .context("the listing failed unexpectedly")?
    }

    fn cached(&self, key: &str) -> Option<Bytes> {
        let cache = self.inner.listings.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(key)
            .filter(|(made, _)| made.elapsed() < self.inner.limits.listing_ttl)
            .map(|(_, b)| b.clone())
    }
}

/// The router: the page at `/`, its assets under `/assets/`, the JSON API under `/api/`.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// Serves `app(state)` on `listener` until the process stops; builds its own tokio runtime.
pub fn serve_blocking(listener: std::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    listener.set_nonblocking(true).context("cannot configure the listener")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("pressbox-http")
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).context("cannot use the listener")?;
        axum::serve(listener, app(state)).await.context("the server stopped")
    })
}

/// Binds `config.addr` and serves `searcher` until the process is stopped.
pub fn run(config: &ServerConfig, searcher: Searcher) -> anyhow::Result<()> {
    let listener = std::net::TcpListener::bind(config.addr)
        .map_err(|e| user(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener.local_addr().unwrap_or(config.addr);
    if !addr.ip().is_loopback() {
        eprintln!("pressbox: warning: listening on {addr}, which is not loopback: anyone who can reach it can search");
    }
    eprintln!("pressbox: serving the index in {} at http://{addr}/ (Ctrl-C stops)", config.index.display());
    serve_blocking(listener, AppState::new(searcher, config.limits.clone()))
}

#[cfg(test)]
mod tests;
