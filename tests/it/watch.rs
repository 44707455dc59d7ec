//! `pressbox index --watch` end to end: the real binary watching a folder in a sandbox, files
//! written into it, and what `show`, `stats` and the HTTP API of a separate `pressbox serve`
//! process see. Every wait polls with a deadline; nothing sleeps longer than a poll step.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::Sandbox;

/// Longest wait for anything the watcher does (it commits within about two seconds).
const WAIT: Duration = Duration::from_secs(8);
const STEP: Duration = Duration::from_millis(50);

/// A running `pressbox --index idx index --watch --json in` and its JSON lines.
struct Watcher {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<Value>,
}

impl Watcher {
    fn start(sb: &Sandbox) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pressbox"))
            .env_clear()
            .current_dir(sb.path())
            .args(["--index", "idx", "index", "--watch", "--json", "in"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut w = Watcher { child, lines, seen: Vec::new() };
        w.commit_where("the initial run", |c| c["initial"] == true);
        w
    }

    /// Waits for a commit line matching `pred` (earlier lines are kept in `seen`).
    fn commit_where(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let v: Value =
                        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                    self.seen.push(v.clone());
                    if pred(&v) {
                        return v;
                    }
                }
                Err(_) => panic!("no commit with {what} within {WAIT:?}; lines: {:#?}", self.seen),
            }
        }
    }

    /// SIGTERM, then the exit code (the session ends after its current commit).
    fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("pressbox index --watch did not stop on SIGTERM");
            }
            std::thread::sleep(STEP);
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `pressbox show --json ID` until the article is there; the article's JSON.
fn shown(sb: &Sandbox, id: &str) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let out = sb.cmd().args(["--index", "idx", "show", "--json", id]).output().unwrap();
        if out.status.code() == Some(0) {
            let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
            return answer["article"].clone();
        }
        assert!(Instant::now() < deadline, "{id} never became searchable");
        std::thread::sleep(STEP);
    }
}

fn paths(commit: &Value) -> Vec<String> {
    commit["paths"]
        .as_array()
        .map(|a| a.iter().map(|p| p.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

const HARBOUR: &str = "Harbour City came from behind to beat Millbrook Rovers 2-1 at the Quayside on Saturday.\n\nThe winner came from substitute Tamsin Okonkwo, who curled a free kick over the wall in the last minute of normal time.\n\n\"We kept believing,\" said the Harbour City manager, Ruth Calloway. \"The players never stopped running.\"";

#[test]
fn a_file_dropped_into_a_watched_folder_becomes_searchable_and_sigterm_ends_cleanly() {
    let sb = Sandbox::bare();
    sb.write(
        "in/old.txt",
        "Eastvale drew 0-0 with Stanton in a match of few chances and fewer shots on target.",
    );
    let mut w = Watcher::start(&sb);
    assert_eq!(w.seen[0]["articles"], 1, "{:?}", w.seen);

    let record = serde_json::json!({"id": "harbour-1", "title": "Okonkwo free kick wins it", "outlet": "Touchline Daily", "body": HARBOUR});
    sb.write("in/late/harbour.json", record.to_string());
    let commit = w.commit_where("harbour.json", |c| paths(c).iter().any(|p| p.ends_with("harbour.json")));
    assert_eq!(
        (commit["initial"].as_bool(), commit["articles"].as_u64()),
        (Some(false), Some(1)),
        "{commit}"
    );
    let article = shown(&sb, "harbour-1");
    assert_eq!(article["text"].as_str().unwrap(), HARBOUR);
    let found = sb.json(&["--index", "idx", "search", "--json", "Okonkwo free kick"], 0);
    assert_eq!(found["hits"][0]["article"]["id"], "harbour-1");

    assert_eq!(w.stop(), Some(0));
    // The index is at its last commit and its writer lock is free again.
    let stats = sb.json(&["--index", "idx", "stats", "--json"], 0);
    assert_eq!(stats["articles"], 2);
    sb.write("more.txt", "Millbrook Rovers sacked their manager on Monday after a run of six defeats.");
    sb.run(&["--index", "idx", "index", "more.txt"], 0);
}

#[test]
fn a_half_written_json_file_is_retried_and_indexed_once_complete() {
    let sb = Sandbox::bare();
    std::fs::create_dir(sb.path().join("in")).unwrap();
    let mut w = Watcher::start(&sb);
    let record = serde_json::json!({"id": "half-1", "title": "Late winner", "body": HARBOUR}).to_string();
    let (head, tail) = record.split_at(record.len() / 2);
    let path = sb.write("in/half.json", head);
    let retry = w.commit_where("a retry of half.json", |c| {
        c["retrying"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["source"].as_str().unwrap().ends_with("half.json")))
    });
    assert_eq!(retry["articles"], 0, "nothing of a half-written file is indexed: {retry}");
    assert!(sb.cmd().args(["--index", "idx", "show", "half-1"]).output().unwrap().status.code() == Some(1));

    let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(tail.as_bytes()).unwrap();
    drop(f);
    let done = w.commit_where("half.json indexed", |c| c["articles"] == 1);
    assert!(done["skipped"].as_array().unwrap().is_empty(), "{done}");
    assert_eq!(shown(&sb, "half-1")["text"].as_str().unwrap(), HARBOUR);
}

#[test]
fn a_changed_file_updates_its_one_article_and_keeps_first_seen() {
    let sb = Sandbox::bare();
    sb.write(
        "in/sub/report.txt",
        "Stanton lost 3-0 at home to Eastvale, their heaviest defeat of the season.",
    );
    let mut w = Watcher::start(&sb);
    // A plain file's id is its path under the watched folder, in the initial run and after.
    let before = shown(&sb, "sub/report.txt");
    assert_eq!(before["date_source"], "first_seen", "no published date: {before}");
    let first_seen = before["first_seen"].as_str().unwrap().to_string();
    assert!(first_seen.parse::<jiff::Timestamp>().is_ok(), "{first_seen}");

    sb.write("in/sub/report.txt", "Stanton lost 3-0 at home to Eastvale; the visitors' goalkeeper Priya Lindqvist was not troubled once.");
    w.commit_where("report.txt again", |c| {
        paths(c).iter().any(|p| p.ends_with("report.txt")) && c["articles"] == 1
    });
    let after = shown(&sb, "sub/report.txt");
    assert!(after["text"].as_str().unwrap().contains("Lindqvist"), "{after}");
    assert_eq!(after["first_seen"], first_seen.as_str());
    let stats = sb.json(&["--index", "idx", "stats", "--json"], 0);
    assert_eq!(stats["articles"], 1, "one article, not two: {stats}");
    sb.run(&["--index", "idx", "search", "heaviest"], 1);
}

/// One HTTP GET against `addr`: the status and the JSON body.
fn get(addr: &str, path: &str) -> std::io::Result<(u16, Value)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(WAIT))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    Ok((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

#[test]
fn the_server_shows_a_watched_file_without_a_restart() {
    let sb = Sandbox::bare();
    std::fs::create_dir(sb.path().join("in")).unwrap();
    let mut w = Watcher::start(&sb);
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let mut server = Command::new(env!("CARGO_BIN_EXE_pressbox"))
        .env_clear()
        .current_dir(sb.path())
        .args(["--index", "idx", "serve", "--addr", &addr])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let search = "/api/search?q=Okonkwo+free+kick";
    let deadline = Instant::now() + WAIT;
    let empty = loop {
        match get(&addr, search) {
            Ok((200, v)) => break v,
            _ if Instant::now() < deadline => std::thread::sleep(STEP),
            other => panic!("pressbox serve did not answer: {other:?}"),
        }
    };
    assert_eq!(empty["hits"].as_array().map(Vec::len), Some(0), "{empty}");

    sb.write("in/harbour.json", serde_json::json!({"id": "harbour-1", "body": HARBOUR}).to_string());
    w.commit_where("harbour.json", |c| c["articles"] == 1);
    let deadline = Instant::now() + WAIT;
    let hits = loop {
        let (status, v) = get(&addr, search).unwrap();
        assert_eq!(status, 200, "{v}");
        if v["hits"].as_array().is_some_and(|h| !h.is_empty()) {
            break v;
        }
        assert!(Instant::now() < deadline, "the server never showed the new article");
        std::thread::sleep(STEP);
    };
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(hits["hits"][0]["article"]["id"], "harbour-1");
    assert!(hits["hits"][0]["article"]["first_seen"].is_string(), "{hits}");
}
