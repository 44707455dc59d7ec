//! Routes: the page and its embedded assets, and the JSON API that mirrors the CLI's `--json`.
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /` | the page (`assets/index.html`) |
//! | `GET /assets/app.js`, `/assets/style.css` | its script and style, compiled in |
//! | `GET /api/search?q=&limit=&offset=&outlet=&entity=&per_article=` (or `POST` a JSON object) | `search --json` |
//! | `GET /api/quote?text=&limit=&outlet=` (or `POST`) | `quote --json` |
//! | `GET /api/quotes?speaker=&outlet=&limit=&offset=` | `quotes --json` (a listing: cached briefly) |
//! | `GET /api/entities?kind=&outlet=&limit=&offset=` | `entities --json` (a listing: cached briefly) |
//! | `GET /api/article/{id}` | `show --json` (404 when absent) |
//! | `GET /api/stats` | `stats --json` |
//! | `GET /api/openapi.json` | the OpenAPI 3 description of all of these (`assets/openapi.json`) |
//! | `GET /api/stats/terms?q=&...` | for a front (`serve --shards`): the query's term statistics in this index |
//! | `POST /api/shard/search?q=&...` | for a front: this shard's part of a search, planned and scored with the statistics posted, with its best articles |
//! | `POST /api/stats/quote` (body as `POST /api/quote`) | for a front: the quote's term statistics in this index |
//! | `POST /api/shard/quote` (`{"request": {...}, "stats": {...}}`) | for a front: this shard's part of a quote look-up, ranked with the statistics posted |
//! | `GET /api/shard/entities?kind=&outlet=` | for a front: every entity key term of this index with its counts |
//!
//! `outlet` and `entity` repeat (`?outlet=AFP&outlet=National`). Errors are
//! `{"error": "..."}`: 400 for the user's mistake (413 for a body over the limit), 404 for an
//! unknown article or route, 405 for a wrong method, 414 for a request target over
//! `max_uri_bytes`, 431 for headers over `max_header_bytes`, 503 (with `Retry-After: 1`) when
//! the request ran out of time, 500 for a fault (whose details go to stderr, not to the
//! client; a damaged index says so: `the index is damaged: run pressbox verify ...`).
//!
//! The layers, outermost first: JSON bodies for error answers that have none; the security
//! headers; CORS (only when origins are configured); the request-head size check; gzip
//! compression; the request timeout; the request body limit. All but the first and the size
//! check are tower-http's.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use super::params::{self, Params, QuoteRequest, SearchRequest, ShardQuoteRequest};
use super::AppState;
use crate::error::{is_user_error, UserError};
use crate::search::{ArticleAnswer, QuotePart, QuoteResults, SearchResults, ShardResults, TermStats};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");
/// The API's OpenAPI 3.0 description, written by hand (no generator crate): every endpoint,
/// parameter and answer shape. `tests/it/web.rs` checks that every path it lists answers and
/// that every answer's top-level keys are the ones it documents.
const OPENAPI_JSON: &str = include_str!("assets/openapi.json");

/// What the page may load: its own script, style and API, nothing inline, nothing remote.
/// Article text never becomes markup anyway (the script builds DOM text nodes); this is the
/// second line of defence.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(super) fn router(state: AppState) -> Router {
    let body_limit = state.limits().max_body_bytes;
    let api: Router<AppState> = Router::new()
        .route("/search", get(search_get).post(search_post))
        .route("/quote", get(quote_get).post(quote_post))
        .route("/quotes", get(quotes))
        .route("/entities", get(entities))
        .route("/matches", get(matches))
        .route("/match", get(match_view))
        .route("/article/{*id}", get(article))
        .route("/stats", get(stats))
        .route("/stats/terms", get(term_stats))
        .route("/shard/search", axum::routing::post(shard_search))
        .route("/stats/quote", axum::routing::post(quote_stats))
        .route("/shard/quote", axum::routing::post(shard_quote))
        .route("/shard/entities", get(shard_entities))
        .route("/openapi.json", get(openapi))
        .fallback(no_endpoint)
        .method_not_allowed_fallback(method_not_allowed);
    let router = Router::new()
        .route("/", get(page))
        .route("/assets/app.js", get(app_js))
        .route("/assets/style.css", get(style_css))
        .nest("/api", api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // tower-http's limit instead of axum's own (which would also apply, at 2 MB).
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, state.limits().timeout))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), head_limits));
    let router = match cors(&state.limits().cors_origins) {
        Some(layer) => router.layer(layer),
        None => router,
    };
    let set = |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    router
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), json_errors))
        .with_state(state)
}

/// CORS for the configured origins (GET and POST with a JSON body); `None` when there are
/// none, so no CORS header is ever sent.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| super::cors_origin(o).ok()).collect();
    if allowed.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

/// An error as the API reports it: a status and `{"error": message}`.
#[derive(Debug)]
pub(super) struct ApiError {
    status: StatusCode,
    message: String,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }

    /// A body the JSON extractor refused: too large (413), or not the JSON asked for (400).
    fn rejected(r: JsonRejection) -> Self {
        let status = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::new(status, r.body_text())
    }
}

impl From<UserError> for ApiError {
    fn from(e: UserError) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, e.0)
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        if is_user_error(&e) {
            return ApiError::new(StatusCode::BAD_REQUEST, format!("{e:#}"));
        }
        // Escaped: the message may quote stored text (an id), and the log may be a terminal.
        eprintln!("pressbox: error: {}", format!("{e:#}").escape_debug());
        if crate::index::is_damaged(&e) {
            let what = e.chain().find_map(|c| c.downcast_ref::<crate::index::Damaged>()).map_or_else(
                || "the index is damaged (tantivy found corrupt data): run `pressbox verify`".to_string(),
                |d| d.to_string(),
            );
            return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, what);
        }
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (details in the server's log)")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(ErrorBody { error: &self.message })).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Refuses an oversized request target (414) or header block (431) with a JSON body, before
/// anything else looks at the request. (Heads beyond `MAX_HEAD_BYTES` never get here: hyper
/// refuses them itself.)
async fn head_limits(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limits = state.limits();
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > limits.max_uri_bytes {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("request target too long: {target} bytes (at most {})", limits.max_uri_bytes),
        )
        .into_response();
    }
    let headers: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if headers > limits.max_header_bytes {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("request headers too large: {headers} bytes (at most {})", limits.max_header_bytes),
        )
        .into_response();
    }
    next.run(req).await
}

/// Gives an error answer made by a layer (the timeout's 503, the body limit's 413) the same
/// `{"error": ...}` body as the handlers' own errors.
async fn json_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let message = match status {
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => format!(
            "no answer within {} ms: the server is busy or the request too costly",
            state.limits().timeout.as_millis()
        ),
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("request body too large (at most {} bytes)", state.limits().max_body_bytes)
        }
        other => other.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let (mut parts, _) = res.into_parts();
    let mut fresh = ApiError::new(status, message).into_response();
    // Keep what the layers set (CORS, security headers), with the new body's type and length.
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    for (name, value) in fresh.headers().iter() {
        parts.headers.insert(name.clone(), value.clone());
    }
    *fresh.headers_mut() = parts.headers;
    fresh
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

async fn style_css() -> Response {
    asset("text/css; charset=utf-8", STYLE_CSS)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("not found: {}", uri.path()))
}

async fn no_endpoint() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such endpoint (the API has /api/search, /api/quote, /api/quotes, /api/entities, /api/matches, /api/match, /api/article/{id}, /api/stats, /api/openapi.json)",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
}

async fn search_get(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<SearchResults> {
    let p = Params::parse(raw.as_deref(), SearchRequest::KEYS)?;
    search(state, SearchRequest::from_params(&p)?).await
}

async fn search_post(
    State(state): State<AppState>,
    body: Result<Json<SearchRequest>, JsonRejection>,
) -> ApiResult<SearchResults> {
    let Json(req) = body.map_err(ApiError::rejected)?;
    search(state, req).await
}

async fn search(state: AppState, req: SearchRequest) -> ApiResult<SearchResults> {
    let (q, opts) = req.check(state.limits())?;
    Ok(Json(state.search(move |s| s.search(&q, &opts)).await?))
}

/// The statistics a front sums over its shards before asking them to search.
async fn term_stats(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<TermStats> {
    let p = Params::parse(raw.as_deref(), SearchRequest::KEYS)?;
    let (q, opts) = SearchRequest::from_params(&p)?.check(state.limits())?;
    Ok(Json(state.search(move |s| s.term_stats(&q, &opts)).await?))
}

/// This shard's part of a front's search: the query string as `/api/search` takes it, the
/// statistics of all shards as the JSON body.
async fn shard_search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Result<Json<TermStats>, JsonRejection>,
) -> ApiResult<ShardResults> {
    let Json(stats) = body.map_err(ApiError::rejected)?;
    let p = Params::parse(raw.as_deref(), SearchRequest::KEYS)?;
    let (q, opts) = SearchRequest::from_params(&p)?.check(state.limits())?;
    Ok(Json(state.search(move |s| s.search_shard(&q, &opts, &stats)).await?))
}

async fn quote_get(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<QuoteResults> {
    let p = Params::parse(raw.as_deref(), QuoteRequest::KEYS)?;
    quote(state, QuoteRequest::from_params(&p)?).await
}

async fn quote_post(
    State(state): State<AppState>,
    body: Result<Json<QuoteRequest>, JsonRejection>,
) -> ApiResult<QuoteResults> {
    let Json(req) = body.map_err(ApiError::rejected)?;
    quote(state, req).await
}

async fn quote(state: AppState, req: QuoteRequest) -> ApiResult<QuoteResults> {
    let (text, opts) = req.check(state.limits())?;
    Ok(Json(state.search(move |s| s.quote(&text, &opts)).await?))
}

/// The statistics a front sums over its shards before asking them for their part of a quote
/// look-up.
async fn quote_stats(
    State(state): State<AppState>,
    body: Result<Json<QuoteRequest>, JsonRejection>,
) -> ApiResult<TermStats> {
    let Json(req) = body.map_err(ApiError::rejected)?;
    let (text, opts) = req.check(state.limits())?;
    Ok(Json(state.search(move |s| s.quote_stats(&text, &opts)).await?))
}

/// This shard's part of a front's quote look-up.
async fn shard_quote(
    State(state): State<AppState>,
    body: Result<Json<ShardQuoteRequest>, JsonRejection>,
) -> ApiResult<QuotePart> {
    let Json(ShardQuoteRequest { request, stats }) = body.map_err(ApiError::rejected)?;
    let (text, opts) = request.check(state.limits())?;
    Ok(Json(state.search(move |s| s.quote_shard(&text, &opts, &stats)).await?))
}

/// This shard's part of a front's `entities` listing (not cached: the front asks once per page).
async fn shard_entities(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<crate::search::entities::EntityKeys> {
    let p = Params::parse(raw.as_deref(), params::ENTITIES_KEYS)?;
    let opts = params::entities_options(&p, state.limits())?;
    Ok(Json(state.search(move |s| s.entity_keys(&opts)).await?))
}

/// Serialised JSON, as made (and maybe cached) by a listing.
fn json_bytes(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn quotes(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), params::QUOTES_KEYS)?;
    let opts = params::quotes_options(&p, state.limits())?;
    let key = format!("quotes {opts:?}");
    Ok(json_bytes(state.listing(key, move |s| s.quote_clusters(&opts)).await?))
}

async fn entities(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), params::ENTITIES_KEYS)?;
    let opts = params::entities_options(&p, state.limits())?;
    let key = format!("entities {opts:?}");
    Ok(json_bytes(state.listing(key, move |s| s.entities(&opts)).await?))
}

async fn article(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<ArticleAnswer> {
    Params::parse(raw.as_deref(), &[])?;
    let Path(id) = id.map_err(|r| ApiError::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    let id = params::article_id(&id, state.limits())?;
    let lookup = id.clone();
    match state.search(move |s| s.article(&lookup)).await? {
        Some(view) => Ok(Json(ArticleAnswer::new(&id, view))),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no article with id {id:?}"))),
    }
}

async fn openapi(RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    Ok(asset("application/json", OPENAPI_JSON))
}

async fn matches(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), params::MATCHES_KEYS)?;
    let limit = params::matches_limit(&p, state.limits())?;
    Ok(json_bytes(
        state
            .listing(format!("matches {limit}"), move |s| {
                s.matches(limit).map(|list| crate::search::matches::MatchList::new(limit, list))
            })
            .await?,
    ))
}

async fn match_view(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<crate::search::matches::MatchAnswer> {
    let p = Params::parse(raw.as_deref(), params::MATCH_KEYS)?;
    let q = params::match_query(&p, state.limits())?;
    let lookup = q.clone();
    match state.search(move |s| s.match_view(&lookup)).await? {
        Some(view) => Ok(Json(crate::search::matches::MatchAnswer::new(&q, view))),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no match for {q:?}"))),
    }
}

/// The health check: its own permit and a brief cache (see `AppState::health`).
async fn stats(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    Ok(json_bytes(state.health(|s| s.stats()).await?))
}
