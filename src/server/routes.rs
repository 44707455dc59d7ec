//! Routes: the page and its embedded assets, and the JSON API that mirrors the CLI's `--json`.
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /` | the page (`assets/index.html`) |
//! | `GET /assets/app.js`, `/assets/style.css` | its script and style, compiled in |
//! | `GET /api/search?q=&limit=&outlet=&entity=&per_article=` (or `POST` a JSON object) | `search --json` |
//! | `GET /api/quote?text=&limit=&outlet=` (or `POST`) | `quote --json` |
//! | `GET /api/quotes?speaker=&outlet=&limit=` | `quotes --json` (a listing: cached briefly) |
//! | `GET /api/entities?kind=&outlet=&limit=` | `entities --json` (a listing: cached briefly) |
//! | `GET /api/article/{id}` | `show --json` (404 when absent) |
//! | `GET /api/stats` | `stats --json` |
//!
//! `outlet` and `entity` repeat (`?outlet=AFP&outlet=National`). Errors are
//! `{"error": "..."}`: 400 for the user's mistake (413 for a body over the limit), 404 for an
//! unknown article or route, 405 for a wrong method, 503 when the request ran out of time,
//! 500 for a fault (whose details go to stderr, not to the client).

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::params::{self, Params, QuoteRequest, SearchRequest};
use super::AppState;
use crate::error::{is_user_error, UserError};
use crate::search::{ArticleView, QuoteResults, SearchResults, Stats};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// What the page may load: its own script, style and API, nothing inline, nothing remote.
/// Article text never becomes markup anyway (the script builds DOM text nodes); this is the
/// second line of defence.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(super) fn router(state: AppState) -> Router {
    let body_limit = state.limits().max_body_bytes;
    let api = Router::new()
        .route("/search", get(search_get).post(search_post))
        .route("/quote", get(quote_get).post(quote_post))
        .route("/quotes", get(quotes))
        .route("/entities", get(entities))
        .route("/article/{*id}", get(article))
        .route("/stats", get(stats))
        .fallback(no_endpoint)
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .route("/", get(page))
        .route("/assets/app.js", get(app_js))
        .route("/assets/style.css", get(style_css))
        .nest("/api", api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::map_response(common_headers))
        .with_state(state)
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
        eprintln!("pressbox: error: {}", format!("{e:#}").replace('\n', " "));
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

/// Bounds the whole request (reading the body and waiting for a search permit included).
async fn deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.limits().timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "no answer within {} ms: the server is busy or the request too costly",
                limit.as_millis()
            ),
        )
        .into_response(),
    }
}

async fn common_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
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
        "no such endpoint (the API has /api/search, /api/quote, /api/quotes, /api/entities, /api/article/{id}, /api/stats)",
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
) -> ApiResult<ArticleView> {
    Params::parse(raw.as_deref(), &[])?;
    let Path(id) = id.map_err(|r| ApiError::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    let id = params::article_id(&id, state.limits())?;
    let lookup = id.clone();
    match state.search(move |s| s.article(&lookup)).await? {
        Some(view) => Ok(Json(view)),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no article with id {id:?}"))),
    }
}

async fn stats(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Stats> {
    Params::parse(raw.as_deref(), &[])?;
    Ok(Json(state.search(|s| s.stats()).await?))
}
