//! Unit tests: parameter checking, the embedded page's safety rules, and the search cap and
//! timeout (which need the state's internals). Endpoint-by-endpoint tests over the seeds are in
//! `tests/it/web.rs`.

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::params::{Params, QuoteRequest, SearchRequest};
use super::*;
use crate::index::build::{self, BuildOptions};
use crate::index::PressIndex;
use crate::ingest::OutletTable;

fn limits() -> Limits {
    Limits::default()
}

fn search_params(raw: &str) -> Result<(String, crate::search::SearchOptions), UserError> {
    let p = Params::parse(Some(raw), SearchRequest::KEYS)?;
    SearchRequest::from_params(&p)?.check(&limits())
}

#[test]
fn query_strings_decode_with_repeated_filters() {
    let (q, opts) =
        search_params("q=Kane+penalty%21&outlet=AFP&outlet=The%20National&entity=Harry+Kane&limit=7")
            .unwrap();
    assert_eq!(q, "Kane penalty!");
    assert_eq!(opts.outlets, ["AFP", "The National"]);
    assert_eq!(opts.entities, ["Harry Kane"]);
    assert_eq!(opts.limit, 7);
    assert_eq!(opts.per_article, crate::search::DEFAULT_PER_ARTICLE);
}

#[test]
fn limits_are_refused_not_clamped() {
    assert_eq!(search_params("q=a&limit=100").unwrap().1.limit, 100);
    for bad in ["q=a&limit=101", "q=a&limit=1000", "q=a&limit=0", "q=a&limit=-1", "q=a&limit=ten"] {
        let e = search_params(bad).unwrap_err();
        assert!(e.0.contains("limit"), "{bad}: {e}");
    }
    assert!(search_params("q=a&per_article=0").unwrap_err().0.contains("per_article"));
}

#[test]
fn bad_parameters_are_named() {
    assert!(search_params("").unwrap_err().0.contains("\"q\" is required"));
    assert!(search_params("q=%20%20").unwrap_err().0.contains("\"q\" is required"));
    assert!(search_params("q=a&limt=3").unwrap_err().0.contains("unknown parameter \"limt\""));
    assert!(search_params("q=a&q=b").unwrap_err().0.contains("more than once"));
    let long = format!("q={}", "a".repeat(limits().max_query_chars + 1));
    assert!(search_params(&long).unwrap_err().0.contains("q too long"));
    let many: String = (0..17).map(|i| format!("&outlet=o{i}")).collect();
    assert!(search_params(&format!("q=a{many}")).unwrap_err().0.contains("too many outlet filters"));
    let wide = format!("q=a&entity={}", "x".repeat(201));
    assert!(search_params(&wide).unwrap_err().0.contains("entity too long"));
}

#[test]
fn json_bodies_take_one_filter_or_a_list() {
    let one: SearchRequest = serde_json::from_str(r#"{"q": "Kane", "outlet": "AFP"}"#).unwrap();
    assert_eq!(one.outlet, ["AFP"]);
    let many: QuoteRequest =
        serde_json::from_str(r#"{"text": "x", "outlet": ["AFP", "BBC"], "limit": 3}"#).unwrap();
    assert_eq!(many.outlet, ["AFP", "BBC"]);
    assert!(serde_json::from_str::<SearchRequest>(r#"{"q": "Kane", "lmit": 3}"#).is_err());
    let long = QuoteRequest { text: "a".repeat(limits().max_quote_chars + 1), ..QuoteRequest::default() };
    assert!(long.check(&limits()).unwrap_err().0.contains("text too long"));
}

#[test]
fn the_page_never_parses_text_as_markup_and_loads_nothing_remote() {
    let js = include_str!("assets/app.js");
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
    for asset in [js, include_str!("assets/index.html"), include_str!("assets/style.css")] {
        assert!(!asset.contains("http://") && !asset.contains("https://") && !asset.contains("//cdn"));
        assert!(!asset.contains("@import") && !asset.contains("url("));
    }
}

/// A state over the seeds, indexed into `dir`.
fn seeded(dir: &Path, limits: Limits) -> AppState {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let index = PressIndex::open_or_create(dir).unwrap();
    build::run(&index, &BuildOptions::new(vec![seeds], OutletTable::builtin()), &build::Silent).unwrap();
    drop(index);
    let searcher = Searcher::open(dir).unwrap();
    // Warm up (the first search builds the entity tagger), so that the short timeouts the
    // tests set measure waiting for a permit, not a cold start on a loaded machine.
    searcher.search("Kane", &crate::search::SearchOptions::default()).unwrap();
    AppState::new(searcher, limits)
}

fn get(state: &AppState, uri: &str) -> (StatusCode, serde_json::Value) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async {
        let res = app(state.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    })
}

#[test]
fn searches_wait_for_a_permit_within_the_timeout_then_get_503() {
    let dir = tempfile::tempdir().unwrap();
    let state = seeded(
        dir.path(),
        Limits { max_concurrent: 2, timeout: Duration::from_millis(300), ..Limits::default() },
    );
    assert_eq!(get(&state, "/api/search?q=Kane").0, StatusCode::OK);
    // Every permit is held (as by two long searches): the next search waits, then gives up.
    let held = state.inner.permits.clone().try_acquire_many_owned(2).unwrap();
    let started = Instant::now();
    let (status, body) = get(&state, "/api/search?q=Kane");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body["error"].as_str().unwrap().contains("no answer within 300 ms"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The page and its assets need no permit.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let page =
        rt.block_on(app(state.clone()).oneshot(Request::get("/").body(Body::empty()).unwrap())).unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    drop(held);
    assert_eq!(get(&state, "/api/search?q=Kane").0, StatusCode::OK);
}

#[test]
fn listings_have_their_own_permits_and_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let state = seeded(dir.path(), Limits { timeout: Duration::from_millis(300), ..Limits::default() });
    let (status, first) = get(&state, "/api/entities?limit=3");
    assert_eq!(status, StatusCode::OK);
    let held = state.inner.listing_permits.clone().try_acquire_owned().unwrap();
    // A long listing holds the listing permit: searches go on, a new listing waits and gives up,
    // and a listing already made is answered from the cache.
    assert_eq!(get(&state, "/api/search?q=Kane").0, StatusCode::OK);
    assert_eq!(get(&state, "/api/entities?limit=4").0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&state, "/api/entities?limit=3"), (StatusCode::OK, first));
    drop(held);
    assert_eq!(get(&state, "/api/entities?limit=4").0, StatusCode::OK);
}

#[test]
fn the_health_check_never_waits_behind_searches_or_listings() {
    let dir = tempfile::tempdir().unwrap();
    let state = seeded(
        dir.path(),
        Limits { max_concurrent: 2, timeout: Duration::from_millis(300), ..Limits::default() },
    );
    // Every search permit and the listing permit are held, as by long searches and a long
    // listing: searches time out, the health check still answers at once.
    let searches = state.inner.permits.clone().try_acquire_many_owned(2).unwrap();
    let listing = state.inner.listing_permits.clone().try_acquire_owned().unwrap();
    assert_eq!(get(&state, "/api/search?q=Kane").0, StatusCode::SERVICE_UNAVAILABLE);
    let started = Instant::now();
    let (status, body) = get(&state, "/api/stats");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["articles"], 3);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    drop((searches, listing));
}

#[test]
fn cors_origins_must_be_a_scheme_and_a_host() {
    for good in ["https://newsroom.example", "http://127.0.0.1:3000"] {
        assert!(cors_origin(good).is_ok(), "{good}");
    }
    for bad in ["newsroom.example", "https://newsroom.example/", "ftp://x.example", "https://", "https://a b"]
    {
        assert!(cors_origin(bad).unwrap_err().0.contains("--cors-origin"), "{bad}");
    }
}

#[test]
fn the_idle_watchdog_fires_only_after_a_quiet_spell() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let activity = Arc::new(Activity { start: Instant::now(), last_ms: AtomicU64::new(0) });
        let watched = activity.clone();
        let started = Instant::now();
        // Bytes move every 50 ms for 400 ms, then nothing: the watchdog (200 ms) fires about
        // 200 ms after the last byte, not 200 ms after the start.
        let traffic = tokio::spawn(async move {
            for _ in 0..8 {
                tokio::time::sleep(Duration::from_millis(50)).await;
                watched.touch();
            }
        });
        activity.idle_for(Duration::from_millis(200)).await;
        let fired = started.elapsed();
        traffic.await.unwrap();
        assert!(fired >= Duration::from_millis(550), "{fired:?}");
        assert!(fired < Duration::from_millis(2_000), "{fired:?}");
    });
}

#[test]
fn a_panic_inside_a_read_is_a_500_naming_the_damage_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let state = seeded(dir.path(), Limits::default());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let err = rt
        .block_on(
            state.search(|_| -> anyhow::Result<()> { panic!("simulated: a reader hit a damaged block") }),
        )
        .unwrap_err();
    assert!(crate::index::is_damaged(&err), "{err:#}");
    let res = axum::response::IntoResponse::into_response(routes::ApiError::from(err));
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = rt.block_on(axum::body::to_bytes(res.into_body(), 1 << 20)).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("damaged") && message.contains("pressbox verify"), "{body}");
    // The same server answers the next request.
    assert_eq!(get(&state, "/api/search?q=Kane").0, StatusCode::OK);
}

#[test]
fn a_flipped_byte_in_the_doc_store_is_a_500_naming_the_file_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let state = seeded(dir.path(), Limits::default());
    assert_eq!(get(&state, "/api/article/001_6e83b1c257ab88e6.txt").0, StatusCode::OK);
    drop(state);
    let store = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    let name = store.file_name().unwrap().to_string_lossy().into_owned();
    let mut bytes = std::fs::read(&store).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x40;
    std::fs::write(&store, bytes).unwrap();
    // A server started over the damaged index checks each segment's doc store once, before
    // any read (a damaged block can make tantivy abort the process), and answers every
    // request that would read the index with a 500 naming the file; it stays up.
    let state = AppState::new(Searcher::open(dir.path()).unwrap(), Limits::default());
    for _ in 0..2 {
        for uri in ["/api/article/001_6e83b1c257ab88e6.txt", "/api/search?q=Kane+penalty", "/api/stats"] {
            let (status, body) = get(&state, uri);
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}: {body}");
            let message = body["error"].as_str().unwrap_or_default();
            assert!(message.contains("damaged") && message.contains(&name), "{uri}: {body}");
        }
    }
    assert_eq!(get(&state, "/api/search").0, StatusCode::BAD_REQUEST);
}
