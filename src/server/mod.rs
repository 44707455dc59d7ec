//! `pressbox serve`: the JSON API and the web page over HTTP (axum on tokio).
//!
//! - [`app`] builds the router from an [`AppState`]; it touches no socket, so tests drive it
//!   with `tower::ServiceExt::oneshot`.
//! - [`serve_blocking`] runs the router on a bound listener with its own accept loop (hyper's
//!   HTTP/1 connection builder), so every connection has a header-read timeout
//!   ([`Limits::header_timeout`], which also bounds the wait between two requests on one
//!   connection) and an idle timeout ([`Limits::idle_timeout`]: no byte either way); [`run`] binds
//!   [`ServerConfig::addr`] and serves until the process is stopped.
//! - The router's layers are tower-http's: request timeout (503), request body limit (413),
//!   CORS for the configured origins only ([`Limits::cors_origins`], none by default), gzip
//!   compression, and the security headers; every error answer has a JSON body, including
//!   the 414/431 of an oversized request line or header block.
//!
//! Every search runs on tokio's blocking pool (`spawn_blocking`), at most
//! [`Limits::max_concurrent`] at a time (a semaphore; the others wait for a permit), and every
//! request is bounded by [`Limits::timeout`]. Listings over the whole index (`entities`,
//! `quotes`), which cost far more than a search on a large index, have their own permits and
//! a short-lived cache ([`Limits::listing_ttl`]); `/api/stats`, the health check, has its own
//! permit and cache too, so it never queues behind searches or listings. The index is reloaded before a search when the
//! last reload is older than [`Limits::reload_every`], so commits made by a `pressbox index`
//! run in another process show up without a restart. The index path comes from the command
//! line only; no request names a file, and the page's assets are compiled into the binary.
//!
//! A damaged index never takes the server down: the doc store checksums are checked at start
//! and after each reload (a damaged `.store` block can make tantivy abort the process, which
//! no boundary catches), and a request over a damaged index, a record that does not decode, or
//! a panic inside tantivy's readers (caught by `spawn_blocking`) is a 500 whose JSON body says
//! the index is damaged and to run `pressbox verify`.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Bytes;
use axum::Router;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Semaphore;

use crate::error::{user, UserError};
use crate::search::Searcher;

pub mod front;
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
    /// Time a client has to send a request's line and headers, counted from when the server
    /// starts waiting for them (so it also bounds an idle keep-alive connection); then the
    /// connection is closed.
    pub header_timeout: Duration,
    /// A connection on which no byte moves either way for this long is closed (a client that
    /// stops reading its answer, or sending its body). Never less than `timeout` + 1 s, so a
    /// request being worked on is answered first.
    pub idle_timeout: Duration,
    /// Longest request target (path and query), in bytes; longer is a 414 with a JSON body.
    pub max_uri_bytes: usize,
    /// Largest header block, in bytes (names and values); larger is a 431 with a JSON body.
    pub max_header_bytes: usize,
    /// Origins (`https://newsroom.example`) whose pages may call the API from a browser (CORS).
    /// Empty by default: no CORS header is ever sent, so only the server's own page may.
    pub cors_origins: Vec<String>,
}

/// Beyond this many bytes of request head, hyper itself refuses the request (431 or 414, with
/// no body) before the router sees it; [`Limits::max_uri_bytes`] and
/// [`Limits::max_header_bytes`] are checked well below it, with a JSON answer.
const MAX_HEAD_BYTES: usize = 256 * 1024;

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
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_uri_bytes: 8 * 1024,
            max_header_bytes: 16 * 1024,
            cors_origins: Vec::new(),
        }
    }
}

/// Checks a `--cors-origin` value: `scheme://host[:port]`, no path, as browsers send it in
/// `Origin`.
pub fn cors_origin(origin: &str) -> Result<axum::http::HeaderValue, UserError> {
    let bad = |why: &str| {
        UserError::new(format!("bad --cors-origin {origin:?}: {why} (like https://newsroom.example)"))
    };
    let (scheme, rest) = origin.split_once("://").ok_or_else(|| bad("no scheme"))?;
    if !matches!(scheme, "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ']) {
        return Err(bad("an origin is a scheme and a host, with no path"));
    }
    axum::http::HeaderValue::from_str(origin).map_err(|_| bad("not a valid header value"))
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
    /// `/api/stats` (the health check): apart from searches and listings.
    health_permits: Arc<Semaphore>,
    limits: Limits,
    /// When the index was last reloaded; `None` before the first reload.
    reloaded: Mutex<Option<Instant>>,
    /// Listing answers (serialised JSON) by request, with when they were made.
    listings: Mutex<HashMap<String, (Instant, Bytes)>>,
    /// The doc store checksums of the segments seen so far, and the damage they show, if any
    /// (checked at start and after each reload: see [`crate::index::verify::damaged_store`]).
    stores: Mutex<(StoreVerdicts, Option<String>)>,
}

/// The doc store check's verdict per segment id (`None`: sound).
type StoreVerdicts = HashMap<String, Option<String>>;

/// Most listing answers kept.
const MAX_LISTINGS: usize = 64;

impl AppState {
    pub fn new(searcher: Searcher, limits: Limits) -> AppState {
        let permits = Arc::new(Semaphore::new(limits.max_concurrent.max(1)));
        let listing_permits = Arc::new(Semaphore::new(limits.max_concurrent_listings.max(1)));
        let health_permits = Arc::new(Semaphore::new(1));
        let inner = Inner {
            searcher,
            permits,
            listing_permits,
            health_permits,
            limits,
            reloaded: Mutex::new(None),
            listings: Mutex::new(HashMap::new()),
            stores: Mutex::new((HashMap::new(), None)),
        };
        let state = AppState { inner: Arc::new(inner) };
        state.check_stores();
        state
    }

    /// Checks the doc store of every segment not checked yet; damage is reported on stderr
    /// once and then answered to every request that reads the index. True when sound.
    fn check_stores(&self) -> bool {
        let mut stores = self.inner.stores.lock().unwrap_or_else(|e| e.into_inner());
        let (seen, damage) = &mut *stores;
        let found = crate::index::verify::damaged_store(self.inner.searcher.dir(), seen);
        if found.is_some() && found != *damage {
            eprintln!(
                "pressbox: error: the index is damaged ({}): run `pressbox verify`",
                found.as_deref().unwrap_or_default().escape_debug()
            );
        }
        *damage = found;
        damage.is_none()
    }

    /// The damage the last check found, as the error a request gets.
    fn damage(&self) -> anyhow::Result<()> {
        let stores = self.inner.stores.lock().unwrap_or_else(|e| e.into_inner());
        match &stores.1 {
            Some(what) => Err(anyhow::Error::new(crate::index::Damaged(what.clone()))),
            None => Ok(()),
        }
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
        // The new commit's stores are checked before the reader may see it.
        if due && self.check_stores() {
            if let Err(e) = self.inner.searcher.reload() {
                eprintln!(
                    "pressbox: warning: {} (still serving the previous commit)",
                    format!("{e:#}").escape_debug()
                );
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
            state.damage()?;
            work(&state.inner.searcher)
        })
        .await
        .map_err(joined)?
    }

    /// Like [`AppState::search`] for listings over the whole index, under their own permits,
    /// answered from the cache while fresh; `key` names the request (path and options).
    async fn listing<T, F>(&self, key: String, work: F) -> anyhow::Result<Bytes>
    where
        F: FnOnce(&Searcher) -> anyhow::Result<T> + Send + 'static,
        T: serde::Serialize,
    {
        let permits = self.inner.listing_permits.clone();
        self.cached_or_run(key, permits, self.inner.limits.listing_ttl, work).await
    }

    /// The health check's answer (`stats`): its own permit, so it never waits behind searches
    /// or listings, and reused for `reload_every`, so a flood of checks costs one count.
    async fn health<T, F>(&self, work: F) -> anyhow::Result<Bytes>
    where
        F: FnOnce(&Searcher) -> anyhow::Result<T> + Send + 'static,
        T: serde::Serialize,
    {
        let permits = self.inner.health_permits.clone();
        self.cached_or_run("stats".into(), permits, self.inner.limits.reload_every, work).await
    }

    async fn cached_or_run<T, F>(
        &self,
        key: String,
        permits: Arc<Semaphore>,
        ttl: Duration,
        work: F,
    ) -> anyhow::Result<Bytes>
    where
        F: FnOnce(&Searcher) -> anyhow::Result<T> + Send + 'static,
        T: serde::Serialize,
    {
        if let Some(hit) = self.cached(&key, ttl) {
            return Ok(hit);
        }
        let permit = permits.acquire_owned().await.context("the server is shutting down")?;
        // Made while this request waited for the permit?
        if let Some(hit) = self.cached(&key, ttl) {
            return Ok(hit);
        }
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            state.refresh();
            state.damage()?;
            let answer = Bytes::from(serde_json::to_vec(&work(&state.inner.searcher)?)?);
            let mut cache = state.inner.listings.lock().unwrap_or_else(|e| e.into_inner());
            let keep = state.inner.limits.listing_ttl.max(state.inner.limits.reload_every);
            cache.retain(|_, (made, _)| made.elapsed() < keep);
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
        .map_err(joined)?
    }

    fn cached(&self, key: &str, ttl: Duration) -> Option<Bytes> {
        let cache = self.inner.listings.lock().unwrap_or_else(|e| e.into_inner());
        cache.get(key).filter(|(made, _)| made.elapsed() < ttl).map(|(_, b)| b.clone())
    }
}

/// A blocking task that did not end: a panic inside the index readers (what a damaged index
/// makes tantivy do) is reported as damage; the server carries on, as tokio caught it.
fn joined(e: tokio::task::JoinError) -> anyhow::Error {
    if e.is_panic() {
        let what = crate::index::verify::panic_message(e.into_panic().as_ref());
        anyhow::Error::new(crate::index::Damaged(format!("a read of the index failed: {what}")))
    } else {
        anyhow::anyhow!("the request was cancelled: the server is shutting down")
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
        accept_loop(listener, state).await
    })
}

/// Accepts connections and serves each on its own task, with the header-read and idle
/// timeouts. Running out of file descriptors (or any accept error) pauses accepting briefly
/// instead of ending the server.
async fn accept_loop(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    let limits = state.limits().clone();
    let idle = limits.idle_timeout.max(limits.timeout + Duration::from_secs(1));
    let router = app(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    let mut last_warning: Option<Instant> = None;
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                if last_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                    eprintln!("pressbox: warning: cannot accept a connection: {e} (pausing)");
                    last_warning = Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let io = Watched::new(stream);
        let activity = io.activity.clone();
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = http.serve_connection(hyper_util::rt::TokioIo::new(io), service);
        tokio::spawn(async move {
            // Whichever ends first: the connection, or its idle watchdog (dropping the
            // connection closes the socket).
            let mut conn = std::pin::pin!(conn);
            let mut watchdog = std::pin::pin!(activity.idle_for(idle));
            std::future::poll_fn(|cx| {
                if conn.as_mut().poll(cx).is_ready() || watchdog.as_mut().poll(cx).is_ready() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
        });
    }
}

/// When bytes last moved on a connection, in milliseconds since it was accepted.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
}

impl Activity {
    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// Completes once no byte has moved for `idle`.
    async fn idle_for(&self, idle: Duration) {
        loop {
            let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            let quiet = self.start.elapsed().saturating_sub(last);
            if quiet >= idle {
                return;
            }
            tokio::time::sleep(idle - quiet).await;
        }
    }
}

/// A TCP stream that records when bytes last moved, for the idle timeout.
struct Watched {
    stream: tokio::net::TcpStream,
    activity: Arc<Activity>,
}

impl Watched {
    fn new(stream: tokio::net::TcpStream) -> Self {
        let activity = Arc::new(Activity { start: Instant::now(), last_ms: AtomicU64::new(0) });
        Watched { stream, activity }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Binds `config.addr` and serves `searcher` until the process is stopped.
pub fn run(config: &ServerConfig, searcher: Searcher) -> anyhow::Result<()> {
    let listener = std::net::TcpListener::bind(config.addr)
        .map_err(|e| user(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener.local_addr().unwrap_or(config.addr);
    if !addr.ip().is_loopback() {
        eprintln!("pressbox: warning: listening on {addr}, which is not loopback: anyone who can reach it can search");
    }
    let cors = match config.limits.cors_origins.as_slice() {
        [] => "no CORS origins".to_string(),
        origins => format!("CORS for {}", origins.join(", ")),
    };
    eprintln!(
        "pressbox: serving the index in {} at http://{addr}/ ({cors}; Ctrl-C stops)",
        config.index.display().to_string().escape_debug()
    );
    serve_blocking(listener, AppState::new(searcher, config.limits.clone()))
}

#[cfg(test)]
mod tests;
