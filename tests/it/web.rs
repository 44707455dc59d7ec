//! The server. Router tests call `pressbox::server::app` with `tower::ServiceExt::oneshot` (no
//! socket) over the seeds indexed in a sandbox. Browser tests serve the same router on
//! 127.0.0.1 (port 0) and drive the real page in headless Chromium through chromedriver
//! (WebDriver over a few lines of HTTP/1.1); without `/usr/bin/chromium` and
//! `/usr/bin/chromedriver` they print `skipped: chromium not found` and pass. CI installs the
//! Debian packages `chromium` and `chromium-driver`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use pressbox::search::Searcher;
use pressbox::server::{app, serve_blocking, AppState, Limits};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::support::{chars, outlets, repo, Sandbox};

const QUOTE: &str = "We know how many penalties Harry has scored for us";
const AFP: &str = "001_6e83b1c257ab88e6.txt";

/// An article whose text holds markup, written with entities so the text itself carries
/// `<script>` (inline tags would be dropped at indexing); its id has a slash.
const EVIL_TXT: &str = "Kane penalty inquiry. &lt;script&gt;alert(1)&lt;/script&gt; then \
    &lt;img src=x onerror=alert(1)&gt; then &lt;svg onload=window.__pwned=1&gt; end of the inquiry copy.\n";
/// Metadata that holds markup and a `javascript:` URL.
const EVIL_JSONL: &str = r#"{"id": "xss-meta", "outlet": "<img src=x onerror=window.__pwned=1>Evil Gazette", "title": "<script>window.__pwned=1</script>Headline", "url": "javascript:window.__pwned=1", "body": "The xsscheck report says Kane took the penalty."}
"#;

/// The seeds (and, with `evil`, the markup fixtures) indexed in a fresh sandbox.
fn seeded(evil: bool) -> Sandbox {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    if evil {
        sb.write("evil/wire/evil.txt", EVIL_TXT);
        sb.write("evil/meta.jsonl", EVIL_JSONL);
        sb.run(&["index", "evil"], 0);
    }
    sb
}

fn state(sb: &Sandbox, limits: Limits) -> AppState {
    AppState::new(Searcher::open(&sb.path().join("index")).unwrap(), limits)
}

/// Sends `req` through the router (no socket): status, headers and body.
fn call(state: &AppState, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let res = app(state.clone()).oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 16 << 20).await.unwrap();
        (parts.status, parts.headers, bytes.to_vec())
    })
}

fn get(state: &AppState, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = call(state, Request::get(uri).body(Body::empty()).unwrap());
    if uri.starts_with("/api/") {
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
    }
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn post(state: &AppState, uri: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(body.into()).unwrap();
    let (status, _, body) = call(state, req);
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ------------------------------------------------------------------------------ router tests

#[test]
fn every_endpoint_answers_with_the_json_the_cli_prints() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let pairs: Vec<(String, Vec<&str>)> = vec![
        ("/api/search?q=Kane+penalty".into(), vec!["search", "--json", "Kane penalty"]),
        (
            "/api/search?q=Kane&outlet=national&per_article=1&limit=5".into(),
            vec!["search", "--json", "--outlet", "national", "--per-article", "1", "-n", "5", "Kane"],
        ),
        (format!("/api/quote?text={}", enc(QUOTE)), vec!["quote", "--json", QUOTE]),
        ("/api/quotes?speaker=Henderson".into(), vec!["quotes", "--json", "--speaker", "Henderson"]),
        (
            "/api/entities?kind=person&limit=5".into(),
            vec!["entities", "--json", "--kind", "person", "-n", "5"],
        ),
        (format!("/api/article/{AFP}"), vec!["show", "--json", AFP]),
        ("/api/stats".into(), vec!["stats", "--json"]),
        ("/api/matches?limit=5".into(), vec!["matches", "--json", "-n", "5"]),
        ("/api/match?q=England+France".into(), vec!["match", "--json", "England", "France"]),
    ];
    for (uri, args) in pairs {
        let (status, api) = get(&st, &uri);
        assert_eq!(status, StatusCode::OK, "{uri}: {api}");
        assert_eq!(api, sb.json(&args, 0), "{uri} differs from pressbox {args:?}");
    }
}

#[test]
fn search_filters_narrow_and_post_answers_like_get() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let (_, all) = get(&st, "/api/search?q=Kane");
    let (_, afp) = get(&st, "/api/search?q=Kane&outlet=AFP");
    assert!(outlets(&all["hits"]).iter().any(|o| o != "AFP"));
    assert!(!afp["hits"].as_array().unwrap().is_empty());
    assert!(outlets(&afp["hits"]).iter().all(|o| o == "AFP"), "{afp}");
    assert!(afp["total"].as_u64() < all["total"].as_u64());
    let (_, two) = get(&st, "/api/search?q=Kane&outlet=AFP&outlet=national");
    let mut seen = outlets(&two["hits"]);
    seen.sort();
    seen.dedup();
    assert_eq!(seen, ["AFP", "The National"]);
    let (_, rooney) = get(&st, "/api/search?q=Kane&entity=Wayne+Rooney");
    let hits = rooney["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert!(h["entities"].as_array().unwrap().iter().any(|e| e["name"] == "Wayne Rooney"), "{h}");
    }

    // Event facets: matching articles per event kind, narrowed by the outlet filter.
    let count = |v: &Value, value: &str| {
        let list = v["facets"]["events"].as_array().unwrap_or_else(|| panic!("no facets: {v}"));
        list.iter().find(|c| c["value"] == value).unwrap()["count"].as_u64().unwrap()
    };
    let (_, pens) = get(&st, "/api/search?q=Kane+penalty");
    let (_, pens_afp) = get(&st, "/api/search?q=Kane+penalty&outlet=AFP");
    assert_eq!(pens["facets"]["articles"], pens["total"], "{pens}");
    assert!(count(&pens, "penalty") > count(&pens_afp, "penalty"), "{pens} {pens_afp}");
    assert_eq!((count(&pens_afp, "penalty"), count(&pens_afp, "red-card")), (1, 0), "{pens_afp}");

    let (status, posted) = post(&st, "/api/search", r#"{"q": "Kane", "outlet": ["AFP", "national"]}"#);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(posted, two);
    let (status, quoted) = post(&st, "/api/quote", json!({ "text": QUOTE, "outlet": "AFP" }).to_string());
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outlets(&quoted["matches"]), ["AFP"]);
    assert_eq!(quoted["speaker"], "Jordan Henderson");
}

#[test]
fn user_mistakes_get_400_with_a_json_message() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let deep = format!("{}Kane{}", "(".repeat(17), ")".repeat(17));
    let many_words = vec!["goal"; 65].join(" ");
    let cases: Vec<(String, &str)> = vec![
        ("/api/search?q=%28unbalanced".into(), "never closed"),
        ("/api/search?q=Kane&outlet=Reuterz".into(), "no outlet named “Reuterz” in this index"),
        ("/api/search?q=Kane&entity=Nobody+Atall".into(), "no entity named"),
        ("/api/search?q=Kane&since=2022-13-01".into(), "cannot read since"),
        ("/api/search?q=Kane&sort=sideways".into(), "unknown sort"),
        ("/api/search?q=date:yesterday".into(), "cannot read the date"),
        ("/api/search?q=nosuchfield:x".into(), "unknown field"),
        ("/api/search?q=Kane&limit=1000".into(), "limit must be between 1 and 100"),
        ("/api/search?q=Kane&limit=101".into(), "limit must be between 1 and 100"),
        ("/api/search?q=Kane&limit=0".into(), "limit must be between 1 and 100"),
        ("/api/search?q=Kane&limit=lots".into(), "limit must be a whole number"),
        (format!("/api/search?q={}", "a".repeat(2_001)), "q too long"),
        (format!("/api/search?q={}", enc(&deep)), "nest"),
        (format!("/api/search?q={}", enc(&many_words)), "too many words"),
        ("/api/search".into(), "\"q\" is required"),
        ("/api/search?q=Kane&order=date".into(), "unknown parameter \"order\""),
        ("/api/quote?text=%22%22".into(), "no words"),
        (format!("/api/quote?text={}", "word+".repeat(1_001)), "text too long"),
        ("/api/quote?text=x&limit=500".into(), "limit must be between 1 and 100"),
        ("/api/quotes?limit=101".into(), "limit"),
        ("/api/entities?kind=striker".into(), "unknown entity kind"),
        ("/api/stats?verbose=1".into(), "unknown parameter"),
        ("/api/match".into(), "\"q\" is required"),
        ("/api/matches?limit=0".into(), "limit"),
    ];
    for (uri, expected) in cases {
        let (status, body) = get(&st, &uri);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        let msg = body["error"].as_str().unwrap_or_else(|| panic!("{uri}: no error message in {body}"));
        assert!(msg.contains(expected), "{uri}: {msg:?} should mention {expected:?}");
    }
    let (status, body) = post(&st, "/api/search", r#"{"q": "Kane", "limit": "ten"}"#);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("limit"), "{body}");
    let (status, body) = post(&st, "/api/search", "{not json");
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = post(&st, "/api/search", r#"{"q": "Kane", "order": "date"}"#);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let big = json!({ "text": "word ".repeat(20_000) }).to_string();
    let (status, body) = post(&st, "/api/quote", big);
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body["error"].is_string());
}

#[test]
fn unknown_articles_routes_and_files_get_json_404s() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let (status, body) = get(&st, "/api/article/no-such-article.txt");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "no article with id \"no-such-article.txt\"");
    let (status, body) = get(&st, "/api/match?q=Brazil+Croatia");
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // Nothing on disk is reachable: not the sources, the seeds, the index or the assets' files.
    for uri in [
        "/api/nothing",
        "/Cargo.toml",
        "/seeds/000_413961b8f36dffdf.txt",
        "/index/meta.json",
        "/assets/index.html",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/src/server/assets/app.js",
        "/api/article",
    ] {
        let (status, body) = get(&st, uri);
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert!(body["error"].is_string(), "{uri}: {body}");
    }
    let (status, _, body) = call(&st, Request::delete("/api/stats").body(Body::empty()).unwrap());
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(serde_json::from_slice::<Value>(&body).unwrap()["error"].is_string());
}

#[test]
fn the_page_and_its_assets_come_from_the_binary_with_a_strict_policy() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    for (uri, kind) in
        [("/", "text/html"), ("/assets/app.js", "text/javascript"), ("/assets/style.css", "text/css")]
    {
        let (status, headers, body) = call(&st, Request::get(uri).body(Body::empty()).unwrap());
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind), "{uri}");
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(!body.is_empty());
    }
    let (_, _, html) = call(&st, Request::get("/").body(Body::empty()).unwrap());
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains(r#"<script src="/assets/app.js" defer></script>"#));
    assert!(!html.contains("http"), "the page loads nothing from the network");
}

#[test]
fn commits_from_another_process_show_up_without_a_restart() {
    let sb = seeded(false);
    let st = state(&sb, Limits { reload_every: Duration::ZERO, ..Limits::default() });
    let (_, before) = get(&st, "/api/search?q=Zanzibar");
    assert_eq!(before["total"], 0);
    let (_, stats) = get(&st, "/api/stats");
    assert_eq!(stats["articles"], 3);
    sb.write("late/extra.txt", "LONDON (Reuters) - A Zanzibar-born striker scored twice on Sunday.\n");
    sb.run(&["index", "late"], 0);
    let (_, after) = get(&st, "/api/search?q=Zanzibar");
    assert_eq!(after["total"], 1, "{after}");
    assert_eq!(after["hits"][0]["article"]["outlet"], "Reuters");
    let (_, stats) = get(&st, "/api/stats");
    assert_eq!(stats["articles"], 4);
}

#[test]
fn article_text_with_markup_is_served_as_json_text() {
    let sb = seeded(true);
    let st = state(&sb, Limits::default());
    for uri in ["/api/article/wire/evil.txt", "/api/article/wire%2Fevil.txt"] {
        let (status, headers, body) = call(&st, Request::get(uri).body(Body::empty()).unwrap());
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let answer: Value = serde_json::from_slice(&body).unwrap();
        let article = &answer["article"];
        let text = article["text"].as_str().unwrap();
        assert!(text.contains("<script>alert(1)</script>"), "{text}");
        assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");
        assert_eq!(article["id"], "wire/evil.txt");
    }
    let (_, found) = get(&st, "/api/search?q=inquiry");
    let hit = &found["hits"][0];
    let passage = hit["passage"]["text"].as_str().unwrap();
    assert!(passage.contains("<script>alert(1)</script>"));
    let [s, e] = [hit["highlights"][0][0].as_u64().unwrap(), hit["highlights"][0][1].as_u64().unwrap()];
    assert_eq!(chars(passage, s as usize, e as usize).to_lowercase(), "inquiry");
    let (_, answer) = get(&st, "/api/article/xss-meta");
    let meta = &answer["article"];
    assert_eq!(meta["outlet"], "<img src=x onerror=window.__pwned=1>Evil Gazette");
    assert_eq!(meta["url"], "javascript:window.__pwned=1");
}

#[test]
fn pressbox_serve_listens_on_loopback_and_refuses_a_taken_port() {
    let sb = seeded(false);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (_, err) = sb.run(&["serve", "--addr", &addr], 2);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    sb.run(&["serve", "--addr", "localhost"], 2);
    drop(taken);

    let mut child = Command::new(env!("CARGO_BIN_EXE_pressbox"))
        .env_clear()
        .current_dir(sb.path())
        .args(["serve", "--addr", &addr])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let stats = loop {
        match http_json(&addr, "GET", "/api/stats", None) {
            Ok((200, v)) => break v,
            _ if started.elapsed() < WAIT => std::thread::sleep(Duration::from_millis(100)),
            other => panic!("pressbox serve did not answer: {other:?}"),
        }
    };
    let (status, body) = http_json(&addr, "GET", "/api/search?q=Kane&limit=1000", None).unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stats["articles"], 3);
    assert_eq!(status, 400, "{body}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("at http://{addr}/")), "{err}");
}

// ------------------------------------------------------------------------------ browser tests

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(20);

/// Serves `state` on a fresh loopback port from a background thread; returns the base URL.
fn serve(state: AppState) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || serve_blocking(listener, state));
    format!("http://{addr}")
}

/// One HTTP/1.1 exchange with a JSON body (enough for chromedriver): status and JSON answer.
fn http_json(addr: &str, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, Value)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(90)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let (head, mut payload, length) = loop {
        let n = s.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed before the headers ended"));
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            break (head, raw[end + 4..].to_vec(), length);
        }
    };
    match length {
        Some(len) => {
            while payload.len() < len {
                let n = s.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                payload.extend_from_slice(&buf[..n]);
            }
        }
        None => {
            s.read_to_end(&mut payload)?;
            if head.contains("transfer-encoding: chunked") {
                payload = dechunk(&payload);
            }
        }
    }
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Ok((status, serde_json::from_slice(&payload).unwrap_or(Value::Null)))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// Headless Chromium driven over WebDriver; the browser and chromedriver end on drop.
struct Browser {
    driver: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// `None` (after saying so) when Chromium or chromedriver is not installed.
    fn start() -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            eprintln!(
                "skipped: chromium not found (needs {CHROMIUM} and {CHROMEDRIVER}: Debian packages chromium and chromium-driver)"
            );
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut b =
            Browser { driver, addr: format!("127.0.0.1:{port}"), session: String::new(), _profile: profile };
        let started = Instant::now();
        while !matches!(http_json(&b.addr, "GET", "/status", None), Ok((200, ref v)) if v["value"]["ready"] == true)
        {
            assert!(started.elapsed() < WAIT, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let user_data = format!("--user-data-dir={}", b._profile.path().display());
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,900", user_data,
            ]},
        }}});
        let (status, v) = http_json(&b.addr, "POST", "/session", Some(&caps)).unwrap();
        assert_eq!(status, 200, "no WebDriver session: {v}");
        b.session = v["value"]["sessionId"].as_str().unwrap().to_string();
        Some(b)
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}/{path}", self.session);
        let (status, v) = http_json(&self.addr, method, &path, body.as_ref()).unwrap();
        // An alert left open by injected script makes every command fail here, loudly.
        assert_eq!(status, 200, "WebDriver {method} {path}: {v}");
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "url", Some(json!({ "url": url })));
    }

    fn eval(&self, script: &str) -> Value {
        self.cmd("POST", "execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Polls `script` until it returns something truthy; fails with the page text.
    fn wait(&self, script: &str, what: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.eval(script);
            let truthy = match &v {
                Value::Null | Value::Bool(false) => false,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            if started.elapsed() > WAIT {
                let page = self.eval("return location.href + '\\n' + document.body.innerText");
                panic!("timed out waiting for {what}; page: {page}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd("POST", "element", Some(json!({ "using": "css selector", "value": css })));
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("element/{id}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("element/{id}/value"), Some(json!({ "text": text })));
    }

    /// Presses one key with nothing focused in particular (what a user does on the page).
    fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key},
        ]}]});
        self.cmd("POST", "actions", Some(actions));
    }

    fn texts(&self, css: &str) -> Vec<String> {
        let script = format!(
            "return Array.from(document.querySelectorAll({})).map(e => e.textContent)",
            Value::String(css.to_string())
        );
        serde_json::from_value(self.eval(&script)).unwrap()
    }

    /// Fails if any injected script ran.
    fn assert_inert(&self) {
        // (An `alert` left open would already have failed the command itself.)
        assert_eq!(self.eval("return typeof window.__pwned"), "undefined", "injected script ran");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http_json(&self.addr, "DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const HIT_COUNT: &str = "return document.querySelectorAll('#hits > li.hit').length";

#[test]
fn browser_search_shows_highlighted_hits_typed_from_the_keyboard() {
    let Some(b) = Browser::start() else { return };
    let sb = seeded(false);
    let base = serve(state(&sb, Limits::default()));
    b.goto(&format!("{base}/"));
    b.wait("return document.querySelector('main h1')", "the home page");
    // `/` focuses the search box; typing and Enter searches, with the query in the URL.
    b.press("/");
    assert_eq!(b.eval("return document.activeElement.id"), "q");
    b.type_into("#q", "Kane penalty\u{E007}");
    b.wait(&format!("{HIT_COUNT} >= 3"), "hits");
    assert!(b.eval("return location.search").as_str().unwrap().contains("q=Kane+penalty"));
    assert_eq!(b.eval("return document.title"), "Kane penalty · pressbox");
    let marks = b.texts("#hits mark");
    assert!(marks.len() >= 6, "{marks:?}");
    for m in &marks {
        let m = m.to_lowercase();
        assert!(m.contains("kane") || m.contains("penalt"), "highlight {m:?}");
    }
    let outlets = b.texts("#hits .outlet");
    for o in ["AFP", "The National", "unknown outlet"] {
        assert!(outlets.iter().any(|x| x == o), "{o} missing from {outlets:?}");
    }
    assert!(!b.texts("#hits .chip").is_empty(), "entity chips");
    // The article link opens the article with the passage marked at its offsets.
    let passage = b.texts("#hits > li.hit:first-child .passage")[0].clone();
    b.click("#hits > li.hit:first-child a.art");
    b.wait("return document.querySelector('#text mark.focus')", "the article view");
    assert_eq!(b.texts("#text mark.focus").join(""), passage);
    assert!(b.texts("#text .ent").len() > 10, "entities marked in the article");
    b.assert_inert();
}

#[test]
fn browser_event_facets_filter_the_search() {
    let Some(b) = Browser::start() else { return };
    let sb = seeded(false);
    let base = serve(state(&sb, Limits::default()));
    b.goto(&format!("{base}/?q=Kane"));
    let pen = r#"#event-facets a[data-facet="event:penalty"]"#;
    b.wait(&format!("return document.querySelector('{pen}')"), "the event facets");
    // Each chip says how many matching articles state the event; Tchouameni's 17th minute.
    assert_eq!(b.texts(&format!("{pen} .n")), [" 3"]);
    assert!(b.texts(r#"#event-facets a[data-facet="minute:16..30"]"#).len() == 1);
    b.click(pen);
    b.wait(
        "return new URLSearchParams(location.search).get('q') === 'Kane event:penalty'",
        "the filter in q",
    );
    b.wait(&format!("return document.querySelector('{pen}').getAttribute('aria-pressed') === 'true'"), "on");
    // No report times a penalty: no minute band is left.
    b.wait(r#"return !document.querySelector('#event-facets a[data-facet^="minute:"]')"#, "no minute band");
}

#[test]
fn browser_pages_go_past_the_first_hundred_hits() {
    let Some(b) = Browser::start() else { return };
    let sb = Sandbox::new();
    // 130 short reports of our own, each with one corner kick and too few words in common to
    // be grouped as one story.
    let lines: String = (0..130)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"outlet\": \"Desk {}\", \"body\": \"Report {i}: a corner after {i} minutes, taken by player number {}.\"}}\n",
                i % 7,
                i + 1
            )
        })
        .collect();
    sb.write("corners.jsonl", lines);
    sb.run(&["index", "corners.jsonl"], 0);
    let base = serve(state(&sb, Limits::default()));
    b.goto(&format!("{base}/?q=corner&limit=100"));
    b.wait(&format!("{HIT_COUNT} === 100"), "the first 100 hits");
    b.click("a.next");
    b.wait(&format!("{HIT_COUNT} === 30"), "hits 101-130");
    assert!(b.eval("return location.search").as_str().unwrap().contains("offset=100"));
    assert_eq!(b.eval("return document.querySelector('#hits').start"), 101);
    assert!(b.texts("p.summary")[0].contains("101–130"), "{:?}", b.texts("p.summary"));
    assert!(b.eval("return document.querySelector('a.next')").is_null(), "no page past the last hit");
    b.click("a.prev");
    b.wait(&format!("{HIT_COUNT} === 100"), "back to the first page");
    assert_eq!(b.eval("return document.querySelector('#hits').start"), 1);
    b.assert_inert();
}

#[test]
fn browser_quote_view_lines_up_each_outlet_and_names_the_speaker() {
    let Some(b) = Browser::start() else { return };
    let sb = seeded(false);
    let base = serve(state(&sb, Limits::default()));
    b.goto(&format!("{base}/?q=penalties+Harry+scored"));
    b.wait("return document.querySelector('#hits a.trace')", "a quote in the hits");
    b.click("#hits a.trace");
    b.wait("return document.querySelectorAll('#wordings > li').length >= 3", "the quote view");
    assert!(b.eval("return location.search").as_str().unwrap().starts_with("?quote="));
    assert_eq!(b.texts("#speaker")[0], "Said by Jordan Henderson");
    let outlets = b.texts("#wordings .who .outlet");
    for o in ["AFP", "The National", "unknown outlet"] {
        assert!(outlets.iter().any(|x| x == o), "{o} missing from {outlets:?}");
    }
    let traced = b.eval("return new URLSearchParams(location.search).get('quote')");
    assert_eq!(b.eval("return document.getElementById('q').value"), traced);
    assert_eq!(b.eval("return document.getElementById('mode').value"), "quote");
    // A shared link to the view shows each outlet's wording, the differences marked.
    b.goto(&format!("{base}/?quote={}", enc(QUOTE)));
    b.wait("return document.querySelectorAll('#wordings > li').length >= 3", "the shared quote view");
    assert_eq!(b.texts("#speaker")[0], "Said by Jordan Henderson");
    for wording in b.texts("#wordings .diff") {
        assert!(wording.contains(QUOTE), "{wording}");
    }
    assert!(b.texts("#wordings .badge").iter().any(|k| k == "verbatim"));
    assert_eq!(b.texts(".quote-head .asked")[0], QUOTE);
}

#[test]
fn browser_outlet_filter_narrows_the_results_and_back_restores_them() {
    let Some(b) = Browser::start() else { return };
    let sb = seeded(false);
    let base = serve(state(&sb, Limits::default()));
    b.goto(&format!("{base}/?q=Kane"));
    b.wait(&format!("{HIT_COUNT} >= 5"), "hits");
    let before = b.texts("#hits > li.hit > .meta .outlet");
    assert!(before.iter().any(|o| o != "AFP"), "{before:?}");
    b.click(r#"a.toggle[data-outlet="AFP"]"#);
    b.wait("return location.search.includes('outlet=AFP')", "the filter in the URL");
    let only = "return document.querySelectorAll('#hits > li.hit').length > 0 && \
                Array.from(document.querySelectorAll('#hits > li.hit > .meta .outlet')).every(e => e.textContent === 'AFP')";
    b.wait(only, "only AFP hits");
    assert_eq!(
        b.eval(
            r#"return document.querySelector('a.toggle[data-outlet="AFP"]').getAttribute('aria-pressed')"#
        ),
        "true"
    );
    b.cmd("POST", "back", Some(json!({})));
    b.wait(
        "return Array.from(document.querySelectorAll('#hits > li.hit > .meta .outlet')).some(e => e.textContent !== 'AFP')",
        "every outlet again after Back",
    );
}

#[test]
fn browser_xss_article_stays_inert_and_shows_literally() {
    let Some(b) = Browser::start() else { return };
    let sb = seeded(true);
    let base = serve(state(&sb, Limits::default()));
    let no_markup =
        "return document.querySelectorAll('main script, main img, main svg, main iframe').length === 0";
    b.goto(&format!("{base}/?q=inquiry"));
    b.wait(&format!("{HIT_COUNT} >= 1"), "the fixture's hit");
    let passage = b.texts("#hits .passage").join("");
    assert!(passage.contains("<script>alert(1)</script>"), "{passage}");
    assert!(passage.contains("<img src=x onerror=alert(1)>"), "{passage}");
    assert_eq!(b.eval(no_markup), true);
    b.click("#hits > li.hit:first-child a.art");
    b.wait("return document.querySelector('#text')", "the article view");
    assert_eq!(b.eval("return new URLSearchParams(location.search).get('article')"), "wire/evil.txt");
    assert!(b.texts("#text")[0].contains("<svg onload=window.__pwned=1>"));
    assert_eq!(b.eval(no_markup), true);
    // Markup in metadata (outlet, title) shows as text; a javascript: URL is not linked.
    b.goto(&format!("{base}/?q=xsscheck"));
    b.wait(&format!("{HIT_COUNT} >= 1"), "the metadata fixture's hit");
    assert!(b.texts("#hits .outlet")[0].starts_with("<img src=x onerror"));
    assert_eq!(b.texts("#hits a.art")[0], "<script>window.__pwned=1</script>Headline");
    assert!(b.texts(".filters a.toggle").iter().any(|t| t.contains("<img src=x onerror")));
    b.click("#hits > li.hit:first-child a.art");
    b.wait("return document.querySelector('#text')", "the metadata fixture's article");
    assert_eq!(b.eval("return document.querySelectorAll('a[href^=\"javascript:\"]').length"), 0);
    assert_eq!(b.eval(no_markup), true);
    b.assert_inert();
}

// ------------------------------------------------------------------ CORS, gzip, heads, slow clients

/// `req` with extra headers, through the router.
fn call_with(state: &AppState, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    call(state, req.body(Body::empty()).unwrap())
}

#[test]
fn cors_headers_go_only_to_configured_origins() {
    let sb = seeded(false);
    let allowed = "https://newsroom.example";
    let open = state(&sb, Limits { cors_origins: vec![allowed.into()], ..Limits::default() });
    let (status, h, _) = call_with(&open, "/api/search?q=Kane", &[("origin", allowed)]);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], allowed);
    let (status, h, _) = call_with(&open, "/api/search?q=Kane", &[("origin", "https://evil.example")]);
    assert_eq!(status, StatusCode::OK);
    assert!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "{h:?}");
    // A browser's preflight for a JSON POST.
    let preflight = Request::options("/api/search")
        .header("origin", allowed)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap();
    let (status, h, _) = call(&open, preflight);
    assert!(status.is_success(), "{status}");
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], allowed);
    assert!(h[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("POST"));
    // By default no origin gets a CORS header.
    let closed = state(&sb, Limits::default());
    let (_, h, _) = call_with(&closed, "/api/search?q=Kane", &[("origin", allowed)]);
    assert!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "{h:?}");
    // A malformed origin is refused at the command line.
    let (_, err) = sb.run(&["serve", "--cors-origin", "newsroom.example/path"], 2);
    assert!(err.contains("--cors-origin"), "{err}");
}

#[test]
fn json_answers_are_gzipped_for_clients_that_ask() {
    use std::io::Read as _;
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let uri = "/api/search?q=Kane&limit=20";
    let (status, h, plain) = call_with(&st, uri, &[]);
    assert_eq!(status, StatusCode::OK);
    assert!(h.get(header::CONTENT_ENCODING).is_none());
    let (status, h, packed) = call_with(&st, uri, &[("accept-encoding", "gzip")]);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_ENCODING], "gzip");
    assert_eq!(h[header::CONTENT_TYPE], "application/json");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut unpacked).unwrap();
    let (a, b): (Value, Value) =
        (serde_json::from_slice(&plain).unwrap(), serde_json::from_slice(&unpacked).unwrap());
    assert_eq!(a, b);
    assert!(packed.len() * 2 < plain.len(), "gzip {} vs {} bytes", packed.len(), plain.len());
    eprintln!("/api/search?q=Kane&limit=20: {} bytes, gzipped {}", plain.len(), packed.len());
}

#[test]
fn oversized_targets_and_headers_get_414_and_431_with_a_json_body() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let long = format!("/api/search?q={}", "a".repeat(10_000));
    let (status, h, body) = call_with(&st, &long, &[]);
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    assert_eq!(h[header::CONTENT_TYPE], "application/json");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert!(v["error"].as_str().unwrap().contains("request target too long"), "{v}");
    let big = "x".repeat(20_000);
    let (status, _, body) = call_with(&st, "/api/stats", &[("x-padding", &big)]);
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert!(v["error"].as_str().unwrap().contains("request headers too large"), "{v}");
}

#[test]
fn half_sent_requests_and_idle_connections_are_dropped_after_the_timeout() {
    let sb = seeded(false);
    let limits = Limits {
        header_timeout: Duration::from_millis(400),
        idle_timeout: Duration::from_millis(400),
        timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let base = serve(state(&sb, limits));
    let addr = base.trim_start_matches("http://").to_string();
    // 200 clients: half send part of a request line and headers, then nothing; the others
    // connect and say nothing at all.
    let started = Instant::now();
    let mut socks: Vec<TcpStream> = (0..200)
        .map(|i| {
            let mut s = TcpStream::connect(&addr).unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET /api/search?q=Kane HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
            }
            s
        })
        .collect();
    // A well-behaved client is served meanwhile.
    let (status, stats) = http_json(&addr, "GET", "/api/stats", None).unwrap();
    assert_eq!((status, stats["articles"].as_u64()), (200, Some(3)));
    let mut closed_after = Vec::new();
    for s in &mut socks {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = [0u8; 512];
        // Read until the server closes: EOF, or a reset.
        loop {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
        closed_after.push(started.elapsed());
    }
    let slowest = closed_after.iter().max().unwrap();
    eprintln!("200 slow clients: all closed after {} ms (header timeout 400 ms)", slowest.as_millis());
    assert!(*slowest < Duration::from_secs(5), "{slowest:?}");
    assert!(closed_after.iter().all(|t| *t >= Duration::from_millis(350)), "not before the timeout");
    // The server is still there.
    let (status, _) = http_json(&addr, "GET", "/api/stats", None).unwrap();
    assert_eq!(status, 200);
}

// ------------------------------------------------------------ issue 14: habits in the page

/// A report carrying the habits corpus's quote under a long outlet label that cannot wrap at a
/// space (an unknown domain), a day after the others.
const LONG_OUTLET: &str = r#"{"id": "h6", "outlet": "www.averyveryverylongoutletnamewithoutanyspacesatall-sportsgazette.com", "date": "2022-12-13", "body": "\"We practised every spot kick until the grass wore thin,\" the coach repeated at a fan evening."}
"#;

fn habits_state() -> (Sandbox, AppState) {
    let sb = crate::habits::indexed();
    sb.write("more/long.jsonl", LONG_OUTLET);
    sb.run(&["index", "more"], 0);
    let st = state(&sb, Limits::default());
    (sb, st)
}

#[test]
fn browser_search_says_what_is_missing_first_and_dates_every_hit() {
    let Some(b) = Browser::start() else { return };
    let (_sb, st) = habits_state();
    let base = serve(st);
    b.goto(&format!("{base}/?q=Kane+penalty"));
    b.wait("return document.querySelector('#hits > li')", "the widened hits");
    let banner = b.texts("#widened");
    assert!(
        banner[0].starts_with("no passage has every word of “Kane penalty” (missing: Kane)"),
        "{banner:?}"
    );
    // The banner comes before the results.
    let before = b.eval(
        "return !!(document.getElementById('widened').compareDocumentPosition(document.getElementById('hits')) & Node.DOCUMENT_POSITION_FOLLOWING)",
    );
    assert_eq!(before, true);
    assert_eq!(b.texts("#missing")[0], "Missing: Kane");
    b.goto(&format!("{base}/?q=%E2%80%9CWe+practised+every+spot+kick"));
    b.wait("return document.querySelector('#hits > li')", "the phrase hits");
    assert!(b.texts("#warnings li")[0].contains("never closed"));
    let dates = b.texts("#hits time.date");
    assert!(dates.iter().any(|d| d == "2022-12-10") && dates.iter().any(|d| d == "2022-12-11"), "{dates:?}");
    b.goto(&format!("{base}/?q=the+OR+penalties&sort=oldest"));
    b.wait("return document.querySelector('#hits > li')", "hits oldest first");
    let shown: Vec<String> = b.texts("#hits > li > .meta time.date");
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "oldest first");
}

#[test]
fn browser_quote_view_orders_outlets_by_date_marks_the_first_and_never_overlaps() {
    let Some(b) = Browser::start() else { return };
    let (_sb, st) = habits_state();
    let base = serve(st);
    let quote = "We practised every spot kick until the grass wore thin";
    for width in [1280, 390] {
        b.cmd("POST", "window/rect", Some(json!({ "width": width, "height": 900 })));
        b.goto(&format!("{base}/?quote={}", enc(quote)));
        b.wait("return document.querySelectorAll('#wordings > li').length >= 3", "the quote view");
        let outlets = b.texts("#wordings > li .who .outlet");
        assert_eq!(outlets[0], "CNN", "{outlets:?}");
        assert_eq!(b.texts("#wordings > li:first-child .first"), ["first"]);
        assert_eq!(b.texts("#wordings .first").len(), 1);
        assert_eq!(b.texts("#wordings > li:first-child time.date"), ["2022-12-10"]);
        // No outlet label overlaps the quote's words, nor leaves its card.
        let overlaps = b.eval(
            "return Array.from(document.querySelectorAll('#wordings > li')).filter(li => {
               const o = li.querySelector('.who .outlet').getBoundingClientRect();
               const w = li.querySelector('.words').getBoundingClientRect();
               const c = li.getBoundingClientRect();
               const apart = o.right <= w.left || w.right <= o.left || o.bottom <= w.top || w.bottom <= o.top;
               return !apart || o.right > c.right + 0.5;
             }).map(li => li.querySelector('.who .outlet').textContent)",
        );
        assert_eq!(overlaps, json!([]), "at {width} px");
        let wide =
            b.eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assert_eq!(wide, json!(0), "the page scrolls sideways at {width} px");
    }
    // A reworded quote nobody carried offers the nearest passages, as such.
    b.goto(&format!("{base}/?quote={}", enc("They herded us like sheep at a market outside the ground")));
    b.wait("return document.querySelector('#nearest #hits, #nearest ol > li')", "the nearest passages");
    assert!(b.texts("#nearest h2")[0].contains("Nearest passages"));
}

// ------------------------------------------------------------------------------ the contract

/// `schema` with a `$ref` replaced by what it points at.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => spec.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling {r}")),
        None => schema,
    }
}

/// Checks `value` against `schema`: an object has exactly the keys it documents (every one
/// present), arrays' items and nested objects likewise, and scalars have the documented type.
fn check_shape(spec: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(spec, schema);
    if value.is_null() {
        assert_eq!(schema["nullable"], true, "{at} is null but not nullable");
        return;
    }
    match schema["type"].as_str() {
        Some("object") => {
            let map = value.as_object().unwrap_or_else(|| panic!("{at} is not an object: {value}"));
            let Some(props) = schema["properties"].as_object() else { return };
            let documented: std::collections::BTreeSet<&str> = props.keys().map(String::as_str).collect();
            let found: std::collections::BTreeSet<&str> = map.keys().map(String::as_str).collect();
            assert_eq!(found, documented, "{at}: keys differ from the OpenAPI description");
            for key in schema["required"].as_array().unwrap() {
                assert!(map.contains_key(key.as_str().unwrap()), "{at}.{key} is required");
            }
            for (k, v) in map {
                check_shape(spec, &props[k], v, &format!("{at}.{k}"));
            }
        }
        Some("array") => {
            let items = value.as_array().unwrap_or_else(|| panic!("{at} is not an array: {value}"));
            for (i, item) in items.iter().enumerate() {
                check_shape(spec, &schema["items"], item, &format!("{at}[{i}]"));
            }
        }
        Some("string") => assert!(value.is_string(), "{at} is not a string: {value}"),
        Some("integer") => assert!(value.is_u64() || value.is_i64(), "{at} is not an integer: {value}"),
        Some("number") => assert!(value.is_number(), "{at} is not a number: {value}"),
        Some("boolean") => assert!(value.is_boolean(), "{at} is not a boolean: {value}"),
        _ => {}
    }
}

#[test]
fn openapi_describes_every_endpoint_and_every_answer_has_its_shape() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let (status, spec) = get(&st, "/api/openapi.json");
    assert_eq!(status, StatusCode::OK);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."), "{spec}");
    let paths = spec["paths"].as_object().unwrap();
    let routes = [
        "/api/search",
        "/api/quote",
        "/api/quotes",
        "/api/entities",
        "/api/matches",
        "/api/match",
        "/api/article/{id}",
        "/api/stats",
        "/api/openapi.json",
    ];
    let documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    assert_eq!(documented.len(), routes.len(), "{documented:?}");
    let mut answers = 0;
    for path in routes {
        let item = &paths[path];
        // Each parameter's example (the GET's, for the POST body too).
        let examples: Vec<(&str, &str, &Value)> = item["get"]["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| !p["example"].is_null())
                    .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap(), &p["example"]))
                    .collect()
            })
            .unwrap_or_default();
        for (method, op) in item.as_object().unwrap() {
            let mut uri = path.to_string();
            let mut query = Vec::new();
            let mut body = serde_json::Map::new();
            for &(name, place, example) in &examples {
                let text = example.as_str().unwrap();
                match place {
                    "path" => uri = uri.replace(&format!("{{{name}}}"), &enc(text)),
                    _ => query.push(format!("{name}={}", enc(text))),
                }
                body.insert(name.to_string(), example.clone());
            }
            let (status, answer) = match method.as_str() {
                "get" if query.is_empty() => get(&st, &uri),
                "get" => get(&st, &format!("{uri}?{}", query.join("&"))),
                "post" => post(&st, &uri, Value::Object(body).to_string()),
                other => panic!("{path}: undocumented method {other}"),
            };
            assert_eq!(status, StatusCode::OK, "{method} {uri}: {answer}");
            let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
            check_shape(&spec, schema, &answer, &format!("{method} {path}"));
            // The error answers are documented too.
            for code in ["400", "500"] {
                let r = resolve(&spec, &op["responses"][code]);
                if path != "/api/openapi.json" {
                    assert!(r["content"]["application/json"]["schema"].is_object(), "{path} {code}");
                }
            }
            answers += 1;
        }
    }
    assert_eq!(answers, 11);
    let (status, err) = get(&st, "/api/search?q=England&limit=0");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    check_shape(&spec, &json!({"$ref": "#/components/schemas/Error"}), &err, "error");
}

#[test]
fn search_pages_go_past_the_first_hundred_hits() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let (_, four) = get(&st, "/api/search?q=England&limit=4");
    let (_, second) = get(&st, "/api/search?q=England&limit=2&offset=2");
    assert_eq!(four["hits"].as_array().unwrap().len(), 4, "{four}");
    assert_eq!(second["hits"].as_array().unwrap()[..], four["hits"].as_array().unwrap()[2..4]);
    assert_eq!(second["query"]["offset"], 2);
    assert_eq!(second["query"]["limit"], 2);
    // Past the API's 100 per request, up to the 1,000 a search ranks.
    let (status, far) = get(&st, "/api/search?q=England&limit=100&offset=900");
    assert_eq!(status, StatusCode::OK, "{far}");
    assert!(far["hits"].as_array().unwrap().is_empty());
    let (status, body) = get(&st, "/api/search?q=England&limit=100&offset=901");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("offset + limit"), "{body}");
    let (status, posted) = post(&st, "/api/search", r#"{"q": "England", "limit": 2, "offset": 2}"#);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(posted, second);
    // The CLI pages the same way and refuses the same overrun.
    let cli = sb.json(&["search", "--json", "-n", "2", "--offset", "2", "England"], 0);
    assert_eq!(cli, second);
    let (_, err) = sb.run(&["search", "--offset", "999", "-n", "2", "England"], 2);
    assert!(err.contains("--offset"), "{err}");
    let (lines, _) = sb.run(&["search", "--jsonl", "-n", "4", "England"], 0);
    let hits: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits[..], four["hits"].as_array().unwrap()[..]);
}

#[test]
fn browser_match_view_shows_the_minute_disagreement_with_each_version_and_its_outlets() {
    let Some(b) = Browser::start() else { return };
    let sb = seeded(false);
    // A fourth report of our own that puts Giroud's goal in the 81st minute (the seeds: 78).
    let fixture = std::fs::read(repo().join("tests/fixtures/match/harbour-gazette.jsonl")).unwrap();
    sb.write("more/harbour-gazette.jsonl", fixture);
    sb.run(&["index", "more"], 0);
    let base = serve(state(&sb, Limits::default()));
    // The list of matches is one click from the home page.
    b.goto(&format!("{base}/"));
    b.wait("return document.querySelector('main h1')", "the home page");
    b.click("nav.links a[href='/?view=matches']");
    b.wait("return document.querySelector('ol.matches a.match-link')", "the matches list");
    let listed = b.texts("ol.matches a.match-link");
    assert!(
        listed[0].contains("England") && listed[0].contains("France") && listed[0].contains("1–2"),
        "{listed:?}"
    );
    b.click("ol.matches a.match-link");
    b.wait("return document.querySelector('ol.timeline li.fact')", "the match view");
    assert!(b.eval("return location.search").as_str().unwrap().starts_with("?match="));
    assert!(b.texts(".match-head h1")[0].contains("1–2"), "{:?}", b.texts(".match-head h1"));
    // Giroud's goal: flagged, with the 78' and 81' versions, each with the outlets stating it.
    let giroud = r#"Array.from(document.querySelectorAll('li.fact.disagreement'))
        .find(f => f.querySelector('.version .meta').textContent.includes('Olivier Giroud'))"#;
    b.wait(&format!("return !!({giroud})"), "Giroud's goal flagged as a disagreement");
    let flag = b.eval(&format!("return ({giroud}).querySelector('.flag.disagree').textContent"));
    assert_eq!(flag, "Disagreement: 2 versions");
    let versions: Vec<String> = serde_json::from_value(b.eval(&format!(
        "return Array.from(({giroud}).querySelectorAll('li.version')).map(v => v.textContent)"
    )))
    .unwrap();
    assert_eq!(versions.len(), 2, "{versions:?}");
    let late = versions.iter().find(|v| v.contains("81'")).unwrap_or_else(|| panic!("{versions:?}"));
    assert!(late.contains("stated by Harbour Gazette") && late.contains("Giroud"), "{late}");
    let seeds = versions.iter().find(|v| v.contains("78'")).unwrap_or_else(|| panic!("{versions:?}"));
    assert!(seeds.contains("stated by unknown outlet") && !seeds.contains("Harbour Gazette"), "{seeds}");
    // A fact only one outlet states is marked, and the quotes are grouped by speaker.
    assert!(!b.texts("li.fact .flag.single").is_empty(), "single-outlet marks");
    assert!(b.texts("ul.speakers > li.speaker > strong").iter().any(|s| s == "Jordan Henderson"));
    // Each statement links to its passage: the article opens with the stated words marked.
    let words = b.eval(&format!(
        "return Array.from(({giroud}).querySelectorAll('li.version')).find(v => v.textContent.includes(\"81'\")).querySelector('.statement .words').textContent"
    ));
    let words = words.as_str().unwrap().trim_start_matches('“').trim_end_matches('”').to_string();
    b.eval(&format!(
        "Array.from(({giroud}).querySelectorAll('li.version')).find(v => v.textContent.includes(\"81'\")).querySelector('.statement a.art').click()"
    ));
    b.wait("return document.querySelector('#text mark.focus')", "the article at the statement");
    assert_eq!(b.texts("#text mark.focus").join(""), words);
    assert!(b.texts(".doc .meta .outlet").iter().any(|o| o == "Harbour Gazette"));
    b.assert_inert();
}

#[test]
fn match_endpoints_answer_in_the_envelope_and_refuse_or_miss_as_documented() {
    let sb = seeded(false);
    let st = state(&sb, Limits::default());
    let (status, list) = get(&st, "/api/matches?limit=3");
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["query"], json!({"limit": 3}));
    assert_eq!(list["matches"][0]["id"], "england-france", "{list}");
    let (status, one) = get(&st, "/api/match?q=england-france");
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["query"], json!({"q": "england-france"}));
    assert_eq!(one["match"]["summary"]["score"], json!([1, 2]));
    // A user mistake is a 400, a match nobody reported a 404, both with the error shape.
    for (uri, code) in [
        ("/api/match", StatusCode::BAD_REQUEST),
        ("/api/match?q=%20", StatusCode::BAD_REQUEST),
        ("/api/matches?limit=0", StatusCode::BAD_REQUEST),
        ("/api/match?q=Arsenal+Chelsea", StatusCode::NOT_FOUND),
    ] {
        let (status, err) = get(&st, uri);
        assert_eq!(status, code, "{uri}: {err}");
        assert!(err["error"].as_str().is_some_and(|e| !e.is_empty()), "{uri}: {err}");
    }
}
