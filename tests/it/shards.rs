//! Shards searched as one: the same articles indexed as one index and as hash shards give the
//! same answers (search scores equal within 1e-4, listings equal), on the seeds and on the
//! first 2,000 articles of allsides (CI; the 200-query check on all of allsides is
//! `bench/shards`).

use std::io::{BufRead, Write};

use serde_json::Value;

use crate::support::{corpora, Sandbox};

/// Hits as (article id, passage start, score), in order, and the rest of the answer.
fn hits(v: &Value) -> Vec<(String, u64, f64)> {
    v["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("no hits: {v:#}"))
        .iter()
        .map(|h| {
            (
                h["article"]["id"].as_str().unwrap().to_string(),
                h["passage"]["start"].as_u64().unwrap(),
                h["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// `v` without the fields that say when each index first saw an article (`first_seen`, and
/// the `reported_at` / `first_reported_at` of undated articles): the two indexes were built
/// at different moments.
pub(super) fn scrub(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "first_seen" | "reported_at" | "first_reported_at"))
                .map(|(k, x)| (k.clone(), scrub(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(scrub).collect()),
        other => other.clone(),
    }
}

/// Asserts that two search answers are the same: same hits in the same order with scores
/// within 1e-4 (hits of equal score may trade places), same everything else.
fn same_search(one: &Value, sharded: &Value, q: &str) {
    let (one, sharded) = (&scrub(one), &scrub(sharded));
    let (a, b) = (hits(one), hits(sharded));
    assert_eq!(a.len(), b.len(), "{q}: {a:?}\nvs {b:?}");
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert!((x.2 - y.2).abs() < 1e-4, "{q}: hit {i} scores {} vs {}", x.2, y.2);
        if (x.0.as_str(), x.1) != (y.0.as_str(), y.1) {
            // A tie: the other order must hold the same hit at an equal score.
            let tied = b.iter().any(|z| z.0 == x.0 && z.1 == x.1 && (z.2 - x.2).abs() < 1e-4);
            assert!(tied, "{q}: hit {i} is {x:?} in one index, {y:?} in shards");
        }
    }
    let strip = |v: &Value| {
        let mut v = v.clone();
        v["hits"] = Value::Null;
        v
    };
    assert_eq!(strip(one), strip(sharded), "{q}");
    if a.iter().map(|x| x.2).collect::<Vec<_>>().windows(2).all(|w| w[0] != w[1]) {
        // No ties: the hits themselves (passages, quotes, entities, groups) are identical up
        // to the last digits of the scores.
        for (x, y) in one["hits"].as_array().unwrap().iter().zip(sharded["hits"].as_array().unwrap()) {
            let (mut x, mut y) = (x.clone(), y.clone());
            x["score"] = Value::Null;
            y["score"] = Value::Null;
            assert_eq!(x, y, "{q}");
        }
    }
}

#[test]
fn seeds_in_three_hash_shards_answer_as_one_index() {
    let sb = Sandbox::new();
    sb.run(&["--index", "one", "index", "seeds"], 0);
    let report = sb.json(&["--index", "three", "index", "--shards", "3", "--json", "seeds"], 0);
    assert_eq!(report["articles"], 3, "{report:#}");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(sb.path().join("three/shards.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], 1);
    assert_eq!(manifest["by"], "hash");
    assert_eq!(manifest["count"], 3);
    assert_eq!(manifest["shards"][1]["name"], "shard-001");
    // Each article is in the shard fnv1a64(id) % 3 names, and nowhere else.
    let mut total = 0;
    for i in 0..3 {
        let shard = format!("three/shard-{i:03}");
        // An empty shard answers with exit 1 (nothing found): the count is what matters.
        let out = sb.cmd().args(["--index", &shard, "stats", "--json"]).output().unwrap();
        let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
        total += stats["articles"].as_u64().unwrap();
    }
    assert_eq!(total, 3);

    for q in [
        "Kane penalty",
        "Southgate",
        "\"World Cup\" France",
        "Henderson -Rooney",
        "penalti",
        "Kane OR Giroud",
        "heartbreak bounce back",
        "speaker:Southgate penalties",
    ] {
        let one = sb.json(&["--index", "one", "search", "--json", q], 0);
        let three = sb.json(&["--index", "three", "search", "--json", q], 0);
        same_search(&one, &three, q);
    }
    // The seeds are undated: a date order finds nothing, in both.
    let one = sb.json(&["--index", "one", "search", "--json", "--sort", "date", "England"], 1);
    let three = sb.json(&["--index", "three", "search", "--json", "--sort", "date", "England"], 1);
    same_search(&one, &three, "England by date");
    for args in [
        vec!["stats", "--json"],
        vec!["entities", "--json"],
        vec!["quotes", "--json"],
        vec!["matches", "--json"],
        vec!["match", "--json", "England", "France"],
        vec!["quote", "--json", "We know how many penalties Harry has scored for us"],
    ] {
        let one = sb.json(&[&["--index", "one"], &args[..]].concat(), 0);
        let three = sb.json(&[&["--index", "three"], &args[..]].concat(), 0);
        let (mut one, mut three) = (scrub(&one), scrub(&three));
        if args[0] == "quote" {
            // Quote matches and wordings come in order of first sight, which is when each
            // index was built: compared as sets of (article, place, kind).
            for v in [&mut one, &mut three] {
                let mut found: Vec<String> = v["matches"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| {
                        format!("{} {} {} {}", m["article"]["id"], m["start"], m["kind"], m["similarity"])
                    })
                    .collect();
                found.sort();
                *v = serde_json::json!(found);
            }
            assert!(!one.as_array().unwrap().is_empty());
        }
        assert_eq!(one, three, "{args:?}");
    }
    // Re-indexing upserts within each article's shard: nothing doubles.
    sb.run(&["--index", "three", "index", "seeds"], 0);
    let stats = sb.json(&["--index", "three", "stats", "--json"], 0);
    assert_eq!(stats["articles"], 3);
    // The shard count is the manifest's: another one is refused, as is a single index.
    sb.run(&["--index", "three", "index", "--shards", "2", "seeds"], 2);
    sb.run(&["--index", "one", "index", "--shards", "2", "seeds"], 2);
    // verify reads every shard.
    let v = sb.json(&["--index", "three", "verify", "--json"], 0);
    assert_eq!(v["sound"], true, "{v:#}");
}

#[test]
fn date_shards_hold_one_month_each_and_answer_as_one_index() {
    let sb = Sandbox::bare();
    sb.write(
        "in/a.jsonl",
        concat!(
            r#"{"id": "a1", "outlet": "Desk A", "date": "2024-03-02", "title": "Cup run ends", "body": "The cup run ended in the rain as the striker missed a late penalty."}"#,
            "\n",
            r#"{"id": "a2", "outlet": "Desk B", "date": "2024-04-10", "title": "Penalty saved", "body": "A late penalty was saved by the keeper, who dived to his left."}"#,
            "\n",
            r#"{"id": "a3", "outlet": "Desk C", "title": "No date here", "body": "The keeper saved a penalty in a friendly nobody dated."}"#,
            "\n"
        ),
    );
    sb.run(&["--index", "one", "index", "in"], 0);
    sb.run(&["--index", "months", "index", "--shard-by", "date", "in"], 0);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(sb.path().join("months/shards.json")).unwrap()).unwrap();
    assert_eq!(manifest["by"], "date");
    let names: Vec<&str> =
        manifest["shards"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["2024-03", "2024-04", "undated"]);
    for q in ["late penalty", "keeper saved", "penalty"] {
        let one = sb.json(&["--index", "one", "search", "--json", q], 0);
        let months = sb.json(&["--index", "months", "search", "--json", q], 0);
        same_search(&one, &months, q);
    }
}

/// The first `n` articles of allsides into `path` as JSONL, and up to `queries` of their
/// titles as queries (plain words only, at most six).
fn allsides_sample(path: &std::path::Path, n: usize, queries: usize) -> Option<Vec<String>> {
    let Some(dir) = corpora() else {
        assert!(std::env::var_os("CI").is_none(), "CI needs ../shared/corpora");
        return None;
    };
    let file = std::fs::File::open(dir.join("allsides.jsonl.gz")).expect("allsides.jsonl.gz");
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines();
    let mut out = std::fs::File::create(path).unwrap();
    let mut titles = Vec::new();
    let every = (n / queries.max(1)).max(1);
    for (i, line) in lines.take(n).enumerate() {
        let line = line.unwrap();
        writeln!(out, "{line}").unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        let words: Vec<&str> = v["title"]
            .as_str()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2 && !matches!(*w, "AND" | "OR" | "NOT"))
            .take(6)
            .collect();
        if words.len() >= 2 && titles.len() < queries && i % every == 0 {
            titles.push(words.join(" "));
        }
    }
    Some(titles)
}

#[test]
fn allsides_sample_in_four_shards_gives_the_same_top_ten() {
    let sb = Sandbox::bare();
    let Some(queries) = allsides_sample(&sb.path().join("sample.jsonl"), 2_000, 50) else {
        return;
    };
    assert!(queries.len() >= 40, "{}", queries.len());
    sb.run(&["--index", "one", "index", "--no-entities", "sample.jsonl"], 0);
    sb.run(&["--index", "four", "index", "--no-entities", "--shards", "4", "sample.jsonl"], 0);
    for q in &queries {
        let one = sb.json(&["--index", "one", "search", "--json", q], 0);
        let four = sb.json(&["--index", "four", "search", "--json", q], 0);
        same_search(&one, &four, q);
    }
}

// ------------------------------------------------------------------ the front across servers

mod front {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use pressbox::search::Searcher;
    use pressbox::server::front::{front_app, serve_router_blocking, FrontConfig};
    use pressbox::server::{serve_blocking, AppState, Limits};
    use serde_json::Value;

    use super::same_search;
    use crate::support::{repo, Sandbox};

    /// `GET path` on `addr`: status and JSON body.
    fn get(addr: &str, path: &str) -> (u16, Value) {
        request(addr, "GET", path, None)
    }

    /// `POST path` with a JSON body on `addr`: status and JSON body.
    fn post(addr: &str, path: &str, body: &Value) -> (u16, Value) {
        request(addr, "POST", path, Some(body))
    }

    fn request(addr: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        assert!(!head.to_ascii_lowercase().contains("chunked"), "{head}");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, serde_json::from_slice(&raw[end + 4..]).unwrap_or(Value::Null))
    }

    /// `GET path` on one server and on a front: both answers, each asserted to be 200.
    fn get_both(one: &str, front: &str, path: &str) -> (Value, Value) {
        let (status, single) = get(one, path);
        assert_eq!(status, 200, "{single}");
        let (status, merged) = get(front, path);
        assert_eq!(status, 200, "{merged}");
        (single, merged)
    }

    fn free_addr() -> String {
        TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string()
    }

    /// `pressbox serve` on `index`, answering once this returns.
    struct Server(Child);

    impl Server {
        fn start(sb: &Sandbox, index: &str) -> (Server, String) {
            let addr = free_addr();
            let child = Command::new(env!("CARGO_BIN_EXE_pressbox"))
                .env_clear()
                .current_dir(sb.path())
                .args(["--index", index, "serve", "--addr", &addr])
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let started = Instant::now();
            while TcpStream::connect(&addr).is_err() {
                assert!(started.elapsed() < Duration::from_secs(30), "pressbox serve did not start");
                std::thread::sleep(Duration::from_millis(50));
            }
            (Server(child), addr)
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// A front over `shards` in this process; its address. The shard deadline is generous: a
    /// loaded CI machine may take over a second to answer, and only a silent shard waits it out.
    fn start_front(shards: Vec<String>) -> String {
        start_front_with(shards, Duration::from_millis(4000))
    }

    /// A front over `shards` with the shard deadline `timeout`.
    fn start_front_with(shards: Vec<String>, timeout: Duration) -> String {
        let config =
            FrontConfig { addr: "127.0.0.1:0".parse().unwrap(), shards, timeout, limits: Limits::default() };
        let router = front_app(&config).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || serve_router_blocking(listener, router));
        addr
    }

    /// One server over the index `dir` in this process; its address.
    fn start_one(dir: &std::path::Path) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let state = AppState::new(Searcher::open(dir).unwrap(), Limits::default());
        std::thread::spawn(move || serve_blocking(listener, state));
        addr
    }

    fn enc(q: &str) -> String {
        q.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect()
    }

    #[test]
    fn a_front_over_shard_servers_answers_as_one_server_and_says_which_are_missing() {
        // The reference: one server over one index (in this process).
        let OneAndTwo { sb: _sb, one: one_addr, shards: [a0, a1], servers: [s0, mut s1] } =
            OneAndTwo::seeds();
        // A third "shard" that accepts connections and never answers.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let silent_url = format!("http://{}", silent.local_addr().unwrap());
        let front = start_front;
        let (u0, u1) = (format!("http://{a0}"), format!("http://{a1}"));
        let both = front(vec![u0.clone(), u1.clone()]);
        for q in [
            "Kane penalty",
            "Giroud header",
            "Southgate",
            "penalti",
            "Kane OR Rooney",
            "\"World Cup\"",
            "pen*",
        ] {
            let path = format!("/api/search?q={}&limit=5", enc(q));
            let (single, merged) = get_both(&one_addr, &both, &path);
            assert!(!single["hits"].as_array().unwrap().is_empty(), "{q}");
            same_search(&single, &merged, q);
        }
        // Paging and user mistakes as a single server.
        let (_, single) = get(&one_addr, "/api/search?q=Kane&limit=2&offset=2");
        let (_, merged) = get(&both, "/api/search?q=Kane&limit=2&offset=2");
        same_search(&single, &merged, "Kane page 2");
        // An entity filter (passages without the entity are counted, then not shown).
        let path = "/api/search?q=Kane&entity=Wayne+Rooney";
        let (_, single) = get(&one_addr, path);
        assert!(!single["hits"].as_array().unwrap().is_empty(), "{single}");
        same_search(&single, &get(&both, path).1, path);
        assert_eq!(get(&both, "/api/search?q=").0, 400);
        assert_eq!(get(&both, "/api/search?q=Kane&bogus=1").0, 400);

        // A shard that never answers: the deadline, then a partial answer naming it.
        let with_silent = front(vec![u0.clone(), u1.clone(), silent_url.clone()]);
        let started = Instant::now();
        let (status, partial) = get(&with_silent, "/api/search?q=Kane");
        // Two rounds, each bounded by the deadline.
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        assert_eq!(status, 200, "{partial}");
        assert_eq!(partial["partial"], true);
        assert_eq!(partial["missing_shards"], serde_json::json!([silent_url]));
        let (_, full) = get(&both, "/api/search?q=Kane");
        assert_eq!(full.get("partial"), None);
        assert_eq!(partial["hits"], full["hits"]);

        // A "shard" of another version: it answers, but not with its best articles.
        let other = TcpListener::bind("127.0.0.1:0").unwrap();
        let other_url = format!("http://{}", other.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in other.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut buf = [0u8; 65536];
                let _ = stream.read(&mut buf);
                let body =
                    r#"{"num_docs":0,"live_docs":0,"tokens":{},"doc_freqs":{},"mode":"all","hits":[]}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        let with_other = front(vec![u0.clone(), u1.clone(), other_url.clone()]);
        let (status, partial) = get(&with_other, "/api/search?q=Kane");
        assert_eq!(status, 200, "{partial}");
        assert_eq!(partial["missing_shards"], serde_json::json!([other_url]));
        assert_eq!(partial["hits"], full["hits"]);

        // A shard killed mid-test: still 200, the other shard's hits, the dead one named.
        let _ = s1.0.kill();
        let _ = s1.0.wait();
        let (status, after) = get(&both, "/api/search?q=Kane");
        assert_eq!(status, 200, "{after}");
        assert_eq!(after["partial"], true);
        assert_eq!(after["missing_shards"], serde_json::json!([u1]));
        let alone = front(vec![u0]);
        let (_, only) = get(&alone, "/api/search?q=Kane");
        assert_eq!(after["hits"], only["hits"]);
        drop(s0);
        drop(silent);
    }

    /// A made-up word (no corpus text is copied): three consonant-vowel pairs spelling `k`.
    fn word(k: u64) -> String {
        (0..3)
            .flat_map(|d| {
                [
                    b"bcdfghklmnprstvz"[((k >> (4 * d)) % 16) as usize],
                    b"aeiou"[((k >> (4 * d + 2)) % 5) as usize],
                ]
            })
            .map(char::from)
            .collect()
    }

    /// `n` made-up words drawn with the generator `state`, and a full stop.
    fn para(state: &mut u64, n: usize) -> String {
        let words: Vec<String> = (0..n)
            .map(|_| {
                *state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                word((*state >> 33) % 4000)
            })
            .collect();
        format!("{}.", words.join(" "))
    }

    /// `n` ids `prefix-K` that the hash sends to shard `shard` of 2.
    fn ids_in(shard: u64, n: usize, prefix: &str) -> Vec<String> {
        (0..)
            .map(|k| format!("{prefix}-{k}"))
            .filter(|id| pressbox::index::shards::fnv1a64(id.as_bytes()) % 2 == shard)
            .take(n)
            .collect()
    }

    fn article(id: &str, date: &str, title: &str, paras: &[String]) -> String {
        let a = serde_json::json!({"id": id, "outlet": "Gazette", "url": null, "date": date,
            "title": title, "body": paras.join("\n\n")});
        format!("{a}\n")
    }

    /// Input folders of a sandbox indexed as one index, served in this process, and as 2 hash
    /// shards, each served by `pressbox serve`.
    struct OneAndTwo {
        sb: Sandbox,
        one: String,
        shards: [String; 2],
        servers: [Server; 2],
    }

    impl OneAndTwo {
        fn index(sb: Sandbox, inputs: &[&str]) -> OneAndTwo {
            sb.run(&[&["--index", "one", "index"], inputs].concat(), 0);
            sb.run(&[&["--index", "two", "index", "--shards", "2"], inputs].concat(), 0);
            let one = start_one(&sb.path().join("one"));
            let (s0, a0) = Server::start(&sb, "two/shard-000");
            let (s1, a1) = Server::start(&sb, "two/shard-001");
            OneAndTwo { sb, one, shards: [a0, a1], servers: [s0, s1] }
        }

        /// A made-up corpus (JSON lines).
        fn made_up(corpus: String) -> OneAndTwo {
            let sb = Sandbox::bare();
            sb.write("made/up.jsonl", corpus);
            OneAndTwo::index(sb, &["made"])
        }

        /// The seeds and the Harbour Gazette's match reports (tests/fixtures/match).
        fn seeds() -> OneAndTwo {
            let sb = Sandbox::new();
            let fixture = std::fs::read(repo().join("tests/fixtures/match/harbour-gazette.jsonl")).unwrap();
            sb.write("more/harbour-gazette.jsonl", fixture);
            OneAndTwo::index(sb, &["seeds", "more"])
        }

        /// A front over the two shard servers.
        fn front(&self) -> String {
            start_front(self.shards.iter().map(|a| format!("http://{a}")).collect())
        }
    }

    #[test]
    fn a_front_ranks_passages_in_the_best_articles_of_all_shards_as_one_index_does() {
        // Shard 0: 30 "strong" articles, `zorblat` once in each of three long paragraphs (the best
        // articles, modest passages). Shard 1: 5 "weak" articles, long, with one paragraph of six
        // `zorblat` (lower articles, better passages). One index ranks passages in its best 20
        // articles, all strong; shard 1 alone ranks its own best, the weak ones, whose passages
        // would outscore every strong one. Also on shard 0: `mixquat`; on shard 1: `mixquot
        // quenfax`. For `mixquat quenfax` one index knows both words, so it widens to any word
        // without typos; shard 1 alone does not know `mixquat` and would answer through a typo.
        let mut state = 7;
        let mut corpus = String::new();
        for (i, id) in ids_in(0, 30, "strong").iter().enumerate() {
            let mut paras: Vec<String> =
                (0..3).map(|_| format!("Zorblat news today {}", para(&mut state, 60 + 3 * i))).collect();
            if i % 5 == 0 {
                paras.push(format!("Mixquat {}", para(&mut state, 20)));
            }
            let date = format!("2024-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
            corpus += &article(id, &date, "Council report", &paras);
        }
        for (i, id) in ids_in(1, 5, "weak").iter().enumerate() {
            let mut paras: Vec<String> = (0..60).map(|_| para(&mut state, 18)).collect();
            paras.push(format!("{}{}", "Zorblat ".repeat(6), para(&mut state, 14)));
            corpus += &article(id, &format!("2023-06-{:02}", i + 1), "Harbour notes", &paras);
        }
        for (i, id) in ids_in(1, 3, "typo").iter().enumerate() {
            let paras = [format!("Mixquot quenfax {}", para(&mut state, 20))];
            corpus += &article(id, &format!("2022-03-{:02}", i + 1), "Market day", &paras);
        }
        let made = OneAndTwo::made_up(corpus);
        let (one, front, a1) = (made.one.clone(), made.front(), made.shards[1].clone());
        let ids = |v: &Value| -> Vec<String> {
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["article"]["id"].as_str().unwrap().to_string())
                .collect()
        };

        let (_, single) = get(&one, "/api/search?q=zorblat");
        assert_eq!(single["total"], 20, "{single}");
        assert!(ids(&single).iter().all(|id| id.starts_with("strong-")), "{:?}", ids(&single));
        // The case: shard 1's own best articles are not among the best of all.
        let (_, alone) = get(&a1, "/api/search?q=zorblat");
        assert!(ids(&alone).iter().all(|id| id.starts_with("weak-")), "{:?}", ids(&alone));
        for path in [
            "/api/search?q=zorblat",
            "/api/search?q=zorblat&limit=3&offset=4",
            "/api/search?q=zorblat&per_article=1&limit=15",
            "/api/search?q=zorblat&limit=20&offset=30",
            // By date: the newest (or oldest) articles of all shards, each one's passages by score.
            "/api/search?q=zorblat&sort=newest",
            "/api/search?q=zorblat&sort=oldest&limit=5",
        ] {
            let (_, single) = get(&one, path);
            let (status, merged) = get(&front, path);
            assert_eq!(status, 200, "{merged}");
            same_search(&single, &merged, path);
        }

        let path = format!("/api/search?q={}", enc("mixquat quenfax"));
        let (_, single) = get(&one, &path);
        assert_eq!(single["mode"], "any", "{single}");
        let (_, alone) = get(&a1, &path);
        assert_eq!(alone["mode"], "fuzzy", "{alone}");
        let (_, merged) = get(&front, &path);
        same_search(&single, &merged, "mixquat quenfax");
    }

    /// A quote answer without the times each index first saw an article (see `scrub`): an
    /// undated outlet's `published` is one.
    fn scrub_quote(v: &Value) -> Value {
        let mut v = super::scrub(v);
        for o in v["outlets"].as_array_mut().into_iter().flatten() {
            if o["date_source"] == "first_seen" {
                o["published"] = Value::Null;
            }
        }
        v
    }

    /// The (article id, kind, start) of a quote answer's matches, in order.
    fn matches(v: &Value) -> Vec<(String, String, u64)> {
        v["matches"]
            .as_array()
            .unwrap_or_else(|| panic!("no matches: {v:#}"))
            .iter()
            .map(|m| {
                (
                    m["article"]["id"].as_str().unwrap().to_string(),
                    m["kind"].as_str().unwrap().to_string(),
                    m["start"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn a_front_looks_quotes_up_and_shows_articles_and_stats_as_one_server() {
        let OneAndTwo { sb: _sb, one, shards: [a0, a1], servers: [s0, mut s1] } = OneAndTwo::seeds();
        let (u0, u1) = (format!("http://{a0}"), format!("http://{a1}"));
        let front = start_front_with(vec![u0.clone(), u1.clone()], Duration::from_secs(20));
        for q in [
            "We know how many penalties Harry has scored for us",
            "how many penalties Harry has scored for us",
            "He'll be stronger for it in the long run",
            "“We know how many penalties Harry has scored”",
            // Nobody said it: no match, the nearest passages through a search of the shards.
            "The referee had an excellent game in Qatar",
        ] {
            let path = format!("/api/quote?text={}", enc(q));
            let (single, merged) = get_both(&one, &front, &path);
            assert_eq!(scrub_quote(&single), scrub_quote(&merged), "{q}");
            assert_eq!(merged.get("partial"), None, "{q}");
            if matches(&single).is_empty() {
                assert!(!single["nearest"].as_array().unwrap().is_empty(), "{q}: {single:#}");
            }
            // POST as a single server takes it.
            let body = serde_json::json!({"text": q, "limit": 3});
            let (_, single) = post(&one, "/api/quote", &body);
            let (status, merged) = post(&front, "/api/quote", &body);
            assert_eq!(status, 200, "{merged}");
            assert_eq!(scrub_quote(&single), scrub_quote(&merged), "{q}");
        }
        let path = format!("/api/quote?text={}&outlet=AFP", enc("how many penalties"));
        assert_eq!(scrub_quote(&get(&one, &path).1), scrub_quote(&get(&front, &path).1));
        // The user's mistakes, as a single server.
        assert_eq!(get(&front, "/api/quote?text=").0, 400);
        assert_eq!(get(&front, "/api/quote?text=x&bogus=1").0, 400);
        assert_eq!(get(&front, &format!("/api/quote?text=x&outlet={}", enc("No Such Outlet"))).0, 400);

        // Stats: the shards' counts summed; an article from whichever shard holds it.
        let (status, stats) = get(&front, "/api/stats");
        assert_eq!(status, 200, "{stats}");
        assert_eq!(stats, get(&one, "/api/stats").1);
        let first =
            matches(&get(&one, &format!("/api/quote?text={}", enc("how many penalties Harry has scored"))).1);
        let ids: Vec<String> = first.iter().map(|m| m.0.clone()).collect();
        assert!(!ids.is_empty());
        for id in &ids {
            let path = format!("/api/article/{}", enc(id));
            let (status, merged) = get(&front, &path);
            assert_eq!(status, 200, "{merged}");
            assert_eq!(super::scrub(&get(&one, &path).1), super::scrub(&merged));
        }
        let (status, none) = get(&front, "/api/article/no-such-article");
        assert_eq!(status, 404, "{none}");
        assert_eq!(none, get(&one, "/api/article/no-such-article").1);
        // The entities listing: counts summed over the shards, ordered and paged as one index.
        for path in [
            "/api/entities",
            "/api/entities?kind=person&limit=5",
            "/api/entities?limit=3&offset=2",
            "/api/entities?outlet=AFP",
            "/api/entities?kind=club&outlet=AFP&limit=100",
        ] {
            let (single, merged) = get_both(&one, &front, path);
            assert!(!single["entities"].as_array().unwrap().is_empty(), "{path}: {single}");
            assert_eq!(single, merged, "{path}");
        }
        assert_eq!(get(&front, "/api/entities?kind=alien").0, 400);
        // What the front does not serve says so.
        let (status, listing) = get(&front, "/api/quotes");
        assert_eq!(status, 404);
        assert!(listing["error"].as_str().unwrap().contains("/api/quote,"), "{listing}");

        // A shard that never answers: partial answers, never a hang.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let silent_url = format!("http://{}", silent.local_addr().unwrap());
        let with_silent =
            start_front_with(vec![u0.clone(), u1.clone(), silent_url.clone()], Duration::from_secs(3));
        let q = "/api/quote?text=We+know+how+many+penalties+Harry+has+scored+for+us";
        let started = Instant::now();
        let (status, partial) = get(&with_silent, q);
        // The silent shard's round, then the others' (each bounded by the deadline).
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        assert_eq!(status, 200, "{partial}");
        assert_eq!(partial["partial"], true);
        assert_eq!(partial["missing_shards"], serde_json::json!([silent_url]));
        assert_eq!(partial["matches"], get(&front, q).1["matches"]);
        let (_, stats) = get(&with_silent, "/api/stats");
        assert_eq!(stats["missing_shards"], serde_json::json!([silent_url]));
        let (status, listed) = get(&with_silent, "/api/entities");
        assert_eq!(status, 200, "{listed}");
        assert_eq!(listed["missing_shards"], serde_json::json!([silent_url]));
        assert_eq!(listed["entities"], get(&front, "/api/entities").1["entities"]);
        assert_eq!(stats["articles"], get(&one, "/api/stats").1["articles"]);

        // A shard killed: still 200, the other shard's matches, the dead one named.
        let _ = s1.0.kill();
        let _ = s1.0.wait();
        let (status, after) = get(&front, q);
        assert_eq!(status, 200, "{after}");
        assert_eq!(after["missing_shards"], serde_json::json!([u1]));
        let alone = start_front_with(vec![u0], Duration::from_secs(20));
        assert_eq!(after["matches"], get(&alone, q).1["matches"]);
        let (status, gone) = get(&front, &format!("/api/article/{}", enc(&ids[0])));
        assert!(status == 200 || gone["missing_shards"] == serde_json::json!([u1]), "{gone}");
        drop(s0);
        drop(silent);
    }

    #[test]
    fn newscluster_quotes_through_a_front_over_three_shards_answer_as_one_index() {
        // Real copy: the 51 quotes printed word for word by two or more outlets of newscluster
        // (CI has the corpora; skipped elsewhere).
        let Some(dir) = crate::support::corpora() else {
            assert!(std::env::var_os("CI").is_none(), "CI needs ../shared/corpora");
            return;
        };
        let sb = Sandbox::bare();
        let input = dir.join("newscluster.jsonl");
        let input = input.to_str().unwrap();
        sb.run(&["--index", "one", "index", input], 0);
        sb.run(&["--index", "three", "index", "--shards", "3", input], 0);
        let one = start_one(&sb.path().join("one"));
        let servers: Vec<(Server, String)> =
            (0..3).map(|i| Server::start(&sb, &format!("three/shard-{i:03}"))).collect();
        let front = start_front_with(
            servers.iter().map(|(_, a)| format!("http://{a}")).collect(),
            Duration::from_secs(60),
        );
        let quotes = std::fs::read_to_string(dir.join("newscluster.quotes.jsonl")).unwrap();
        let mut found = 0;
        for line in quotes.lines() {
            let text = serde_json::from_str::<Value>(line).unwrap()["quote"].as_str().unwrap().to_string();
            let path = format!("/api/quote?text={}", enc(&text));
            let (single, merged) = get_both(&one, &front, &path);
            assert_eq!(scrub_quote(&single), scrub_quote(&merged), "{text}");
            found += matches(&single).len();
        }
        assert!(found >= 100, "{found} matches for 51 quotes");
        for path in ["/api/entities?limit=100", "/api/entities?kind=person&limit=20&offset=5"] {
            let (status, merged) = get(&front, path);
            assert_eq!(status, 200, "{merged}");
            assert_eq!(get(&one, path).1, merged, "{path}");
        }
    }

    /// A made-up quote of `n` words (drawn with `state`).
    fn made_up(state: &mut u64, n: usize) -> Vec<String> {
        para(state, n).trim_end_matches('.').split(' ').map(str::to_string).collect()
    }

    fn outlet_article(id: &str, outlet: &str, date: &str, paras: &[String]) -> String {
        let a = serde_json::json!({"id": id, "outlet": outlet, "url": null, "date": date,
            "title": "Harbour notes", "body": paras.join("\n\n")});
        format!("{a}\n")
    }

    #[test]
    fn a_quote_carried_in_different_shards_is_looked_up_as_one_index() {
        // Made-up words (no corpus text). A quote by "Tom Harwick" carried verbatim, reworded,
        // in part, outside quotation marks and paraphrased, each in its own outlet, the outlets
        // spread over two shards; articles holding some of its words on both. Then 90 articles
        // on each shard carrying it verbatim, each in its own outlet, with one of its words
        // repeated a different number of times (so no two score alike): one index compares
        // its best 150 candidates only, and the worst are the earliest: the front must cut
        // where one index does, or it lists those first.
        let mut state = 5;
        let quote = made_up(&mut state, 16);
        let said = |words: &[String]| {
            let mut s = words.join(" ");
            s[..1].make_ascii_uppercase();
            s
        };
        let q = said(&quote);
        let mut variant = quote.clone();
        variant[7] = "bolvaren".to_string();
        let mut para_words: Vec<String> = quote.iter().step_by(2).cloned().collect();
        para_words.extend(made_up(&mut state, 6));
        let mut corpus = String::new();
        let mut add = |shard: u64, prefix: &str, outlet: &str, date: &str, text: String, state: &mut u64| {
            let id = &ids_in(shard, 1, prefix)[0];
            let paras = [para(state, 30), text, para(state, 25)];
            corpus.push_str(&outlet_article(id, outlet, date, &paras));
        };
        add(0, "verbatim", "Gazette", "2024-05-03", format!("\"{q},\" said Tom Harwick."), &mut state);
        add(
            1,
            "variant",
            "Courier",
            "2024-05-02",
            format!("\"{},\" said Tom Harwick.", said(&variant)),
            &mut state,
        );
        let part = said(&quote[..9]);
        add(1, "partial", "Herald", "2024-05-04", format!("Tom Harwick said: \"{part}.\""), &mut state);
        add(
            0,
            "outside",
            "Ledger",
            "2024-05-05",
            format!("Tom Harwick told reporters that {q}."),
            &mut state,
        );
        let p = said(&para_words);
        add(1, "para", "Post", "2024-05-06", format!("\"{p},\" Tom Harwick said later."), &mut state);
        for shard in 0..2 {
            for k in 0..6 {
                let some = said(&quote[k..k + 3]);
                add(
                    shard,
                    &format!("some{k}"),
                    "Almanac",
                    "2024-04-01",
                    format!("{some} {}", para(&mut state, 20)),
                    &mut state,
                );
            }
        }
        let sb = Sandbox::bare();
        sb.write("made/up.jsonl", &corpus);
        // The cut: 180 more verbatim carriers.
        let mut many = String::new();
        for shard in 0..2u64 {
            for (i, id) in ids_in(shard, 90, "many").iter().enumerate() {
                let k = 2 * i + shard as usize + 1;
                let again = vec![quote[3].clone(); k].join(" ");
                let text = format!("\"{q},\" said Tom Harwick. \"{},\" he added.", said(&[again]));
                // The fewer repeats, the better the score (the other words' share of a longer
                // text falls): the worst candidates are the earliest.
                let day = jiff::civil::date(2020, 1, 1) + jiff::Span::new().days(200 - k as i64);
                let paras = [para(&mut state, 30), text];
                many.push_str(&outlet_article(id, &format!("Outlet {k:03}"), &day.to_string(), &paras));
            }
        }
        sb.write("many/up.jsonl", &many);
        for (name, input) in [("one", vec!["made"]), ("all", vec!["made", "many"])] {
            let mut args = vec!["--index", name, "index"];
            args.extend(&input);
            sb.run(&args, 0);
            let sharded = format!("{name}-two");
            let mut args = vec!["--index", sharded.as_str(), "index", "--shards", "2"];
            args.extend(&input);
            sb.run(&args, 0);
        }
        for (index, texts) in
            [("one", vec![q.clone(), said(&quote[2..12]), said(&variant), part, p]), ("all", vec![q.clone()])]
        {
            let single = start_one(&sb.path().join(index));
            let (_s0, a0) = Server::start(&sb, &format!("{index}-two/shard-000"));
            let (_s1, a1) = Server::start(&sb, &format!("{index}-two/shard-001"));
            let front = start_front_with(
                vec![format!("http://{a0}"), format!("http://{a1}")],
                Duration::from_secs(30),
            );
            for text in texts {
                let path = format!("/api/quote?text={}&limit=100", enc(&text));
                let (status, one) = get(&single, &path);
                assert_eq!(status, 200, "{one}");
                let (status, merged) = get(&front, &path);
                assert_eq!(status, 200, "{merged}");
                let got = matches(&one);
                assert!(!got.is_empty(), "{text}: {one:#}");
                assert_eq!(scrub_quote(&one), scrub_quote(&merged), "{index}: {text}");
                if index == "one" && text == q {
                    // Every way of carrying it, from both shards.
                    let kinds: Vec<&str> = got.iter().map(|m| m.1.as_str()).collect();
                    for kind in ["verbatim", "variant", "partial"] {
                        assert!(kinds.contains(&kind), "{kind}: {got:?}");
                    }
                    for prefix in ["verbatim-", "variant-", "partial-", "outside-"] {
                        assert!(got.iter().any(|m| m.0.starts_with(prefix)), "{prefix}: {got:?}");
                    }
                    assert_eq!(one["outlets"][0]["outlet"], "Courier", "{one:#}");
                    assert_eq!(one["outlets"][0]["first"], true);
                }
                if index == "all" {
                    // The cut: the best 150 candidates of each kind compared, the earliest of them
                    // listed first; the 180 carriers' worst (most repeats) are left out.
                    let outlets = one["outlets"].as_array().unwrap();
                    assert_eq!(outlets.len(), 100, "{got:?}");
                    let k: usize = outlets[0]["outlet"].as_str().unwrap()[7..].parse().unwrap();
                    assert!((140..=165).contains(&k), "{:#}", outlets[0]);
                }
            }
        }
    }

    #[test]
    fn equally_scored_articles_rank_by_id_in_one_index_in_shards_and_through_a_front() {
        // 30 made-up reports of one shape (`vendrask` once, then as many other words) under
        // different ids, on the same day, spread over 2 hash shards, and indexed in an order
        // unlike their ids: every one scores the same, and which ones make the page depends only
        // on the tie rule. The rule is the article id, whatever the layout (tantivy alone breaks
        // ties by document order). Their words differ, so no two passages are grouped as one.
        let mut state = 11;
        let mut ids: Vec<String> = (0..30).map(|k| format!("copy-{:02}", (k * 7) % 30)).collect();
        let mut corpus = String::new();
        for id in &ids {
            let text = [format!("Vendrask {}", para(&mut state, 40)), para(&mut state, 30)];
            corpus += &article(id, "2024-05-04", "Harbour report", &text);
        }
        let made = OneAndTwo::made_up(corpus);
        let (sb, one, front) = (&made.sb, made.one.clone(), made.front());
        let shown = |v: &Value| -> Vec<String> {
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["article"]["id"].as_str().unwrap().to_string())
                .collect()
        };
        ids.sort();
        for (path, args, first) in [
            ("/api/search?q=vendrask&limit=10&per_article=1", vec!["-n", "10", "--per-article", "1"], 0),
            (
                "/api/search?q=vendrask&limit=5&offset=12&per_article=1",
                vec!["-n", "5", "--offset", "12", "--per-article", "1"],
                12,
            ),
            ("/api/search?q=vendrask&limit=10&sort=newest", vec!["-n", "10", "--sort", "newest"], 0),
        ] {
            let (_, single) = get(&one, path);
            let page = shown(&single);
            assert!(page.len() >= 5, "{path}: {single}");
            // The lowest ids first, in id order.
            assert_eq!(page, ids[first..first + page.len()], "{path}");
            let (status, merged) = get(&front, path);
            assert_eq!(status, 200, "{merged}");
            assert_eq!(shown(&merged), page, "{path}: through the front");
            let mut cli = vec!["--index", "two", "search", "--json", "vendrask"];
            cli.extend(args);
            assert_eq!(shown(&sb.json(&cli, 0)), page, "{path}: two shards opened as one");
        }
    }

    #[test]
    fn a_long_query_few_articles_hold_in_full_goes_on_with_partial_articles_as_one_index() {
        // Made-up words (no corpus text). "full" articles hold all of Quenfax Vindrel Torpask
        // Glimmet and Brosktan or Flindor; "part" ones two or three of those six words; "many"
        // ones Quenfax Vindrel Torpask Glimmet Skavrel. One index ranks passages in 20 articles.
        const SIX: [&str; 6] = ["Quenfax", "Vindrel", "Torpask", "Glimmet", "Brosktan", "Flindor"];
        let mut state = 11;
        let mut corpus = String::new();
        let mut n = 0;
        let mut add = |id: &str, words: &[&str], state: &mut u64, date: &str| {
            // Lengths differ, so that no two articles tie.
            n += 1;
            let paras =
                [para(state, 30), format!("{} {}", words.join(" "), para(state, 20 + n)), para(state, 40)];
            corpus.push_str(&article(id, date, "Harbour notes", &paras));
        };
        // All five words of the first query on shard 0 only (2 articles); of the second on both.
        for id in ids_in(0, 2, "full") {
            add(&id, &SIX, &mut state, "2024-01-02");
        }
        for id in ids_in(1, 1, "full") {
            add(&id, &[SIX[0], SIX[1], SIX[2], SIX[3], SIX[5]], &mut state, "2024-01-03");
        }
        for shard in 0..2 {
            // No two articles hold the query words the same number of times: no ties where
            // one index and the front cut (ties break on index order, which differs).
            let s = shard as usize;
            for (i, id) in ids_in(shard, 25, "part").iter().enumerate() {
                let mut words = vec![SIX[(i + s) % 6]; 1 + i / 6 + 5 * s];
                words.push(SIX[(i + s + 1) % 6]);
                if i % 2 == 1 {
                    words.push(SIX[(i + s + 3) % 6]);
                }
                add(id, &words, &mut state, "2024-02-01");
            }
            // 12 articles holding every word of the third query on each shard: fewer than 20 on
            // either, 24 in all.
            for (k, id) in ids_in(shard, 12, "many").iter().enumerate() {
                let mut words = vec![SIX[0]; 1 + k + 12 * s];
                words.extend([SIX[1], SIX[2], SIX[3], "Skavrel"]);
                add(id, &words, &mut state, "2024-03-01");
            }
        }
        let made = OneAndTwo::made_up(corpus);
        let (one, front) = (made.one.clone(), made.front());
        let [a0, a1] = made.shards;
        let hits = |v: &Value| -> Vec<(String, usize)> {
            v["hits"]
                .as_array()
                .unwrap_or_else(|| panic!("{v:#}"))
                .iter()
                .map(|h| {
                    let id = h["article"]["id"].as_str().unwrap().to_string();
                    (id, h["missing"].as_array().unwrap().len())
                })
                .collect()
        };

        for (q, full) in
            [("quenfax vindrel torpask glimmet brosktan", 2), ("quenfax vindrel torpask glimmet flindor", 3)]
        {
            let path = format!("/api/search?q={}&limit=12", enc(q));
            let (_, single) = get(&one, &path);
            // The tier is used: the articles holding every word first, then the others, each
            // saying what it lacks.
            let got = hits(&single);
            assert_eq!(got.len(), 12, "{q}: {single:#}");
            let firsts: Vec<&(String, usize)> = got.iter().take_while(|h| h.1 == 0).collect();
            assert_eq!(firsts.len(), full, "{q}: {got:?}");
            assert!(firsts.iter().all(|h| h.0.starts_with("full-")), "{q}: {got:?}");
            assert!(got[full..].iter().all(|h| h.1 > 0), "{q}: {got:?}");
            assert_eq!(single["mode"], "all", "{q}");
            for path in [path.clone(), format!("/api/search?q={}&limit=5&offset=4&per_article=1", enc(q))] {
                let (_, single) = get(&one, &path);
                let (status, merged) = get(&front, &path);
                assert_eq!(status, 200, "{merged}");
                same_search(&single, &merged, &path);
            }
        }
        // The first query: shard 1 holds no article with all five words, so alone it widens.
        let q = "quenfax vindrel torpask glimmet brosktan";
        let (_, alone) = get(&a1, &format!("/api/search?q={}", enc(q)));
        assert_ne!(alone["mode"], "all", "{alone}");

        // The third: each shard alone has fewer than 20 articles with every word, so it goes
        // on with partial ones; all shards together have 24, so one index (and the front) does not.
        let path = format!("/api/search?q={}", enc("quenfax vindrel torpask glimmet skavrel"));
        let (_, single) = get(&one, &path);
        let got = hits(&single);
        assert_eq!(single["total"], 20, "{single:#}");
        assert_eq!(got.len(), 10, "{got:?}");
        assert!(got.iter().all(|h| h.1 == 0 && h.0.starts_with("many-")), "{got:?}");
        // (Shard 0 alone, asked for its 13th hit, ranks passages in 26 articles: 12 with all.)
        let (_, alone) = get(&a0, &format!("{path}&offset=12&limit=1"));
        assert!(hits(&alone).iter().all(|h| h.1 > 0 && !h.0.starts_with("many-")), "{alone:#}");
        let (_, merged) = get(&front, &path);
        same_search(&single, &merged, &path);
    }
}

// ------------------------------------------------------------------ one pass over the input (build)

mod one_pass {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    use pressbox::index::build::{BuildOptions, Progress, Stage};
    use pressbox::index::shards::{self, By, Wanted};
    use pressbox::index::PressIndex;
    use pressbox::ingest::{self, Item, OutletTable};
    use serde_json::Value;
    use tantivy::collector::Count;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;

    use crate::support::Sandbox;

    const SCORERS: [&str; 6] = ["Kane", "Saka", "Foden", "Rice", "Palmer", "Watkins"];
    const MONTHS: [Option<&str>; 4] = [Some("2024-03-02"), Some("2024-04-10"), Some("2024-04-28"), None];

    /// `in/` of a sandbox: 24 short match reports (ids r00..r23, three months and undated), one
    /// of them repeated later in the file (the same id: an upsert), and a second file whose
    /// line 2 is not JSON.
    fn input(sb: &Sandbox) -> PathBuf {
        let mut lines = Vec::new();
        for i in 0..24 {
            let scorer = SCORERS[i % SCORERS.len()];
            let mut v = serde_json::json!({
                "id": format!("r{i:02}"),
                "outlet": format!("Desk {}", i % 5),
                "title": format!("{scorer} scores late in match {i}"),
                "body": format!("{scorer} scored a late penalty in match {i} after the keeper \
                                 brought down the striker. \"We kept going until the end,\" the \
                                 manager said after the game."),
            });
            if let Some(date) = MONTHS[i % MONTHS.len()] {
                v["date"] = date.into();
            }
            lines.push(v.to_string());
        }
        lines.push(lines[5].clone());
        sb.write("in/reports.jsonl", lines.join("\n") + "\n");
        let good = r#"{"id": "x1", "outlet": "Desk X", "date": "2024-03-09", "title": "Keeper saves", "body": "The keeper saved two penalties and the cup run goes on."}"#;
        sb.write("in/broken.jsonl", format!("{good}\n{{not json\n"));
        sb.path().join("in")
    }

    /// The ids the input holds, and the month each is dated in (`undated` when none).
    fn read_ids(dir: &Path) -> Vec<(String, String)> {
        let (files, _) = ingest::discover(&[dir.to_path_buf()]);
        let mut ids = Vec::new();
        for f in &files {
            ingest::read_file(f, &OutletTable::builtin(), &mut |item| {
                if let Item::Article(a) = item {
                    ids.push((a.id.clone(), shards::date_shard(a.published)));
                }
            });
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// How many documents of the index at `dir` have article id `id`.
    fn count_id(dir: &Path, id: &str) -> usize {
        let index = PressIndex::open(dir).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let q = TermQuery::new(Term::from_field_text(index.fields().id, id), IndexRecordOption::Basic);
        searcher.search(&q, &Count).unwrap()
    }

    /// Counts how often the index stage begins and the input bytes it reports read.
    #[derive(Default)]
    struct Counted {
        index_stages: Mutex<usize>,
        bytes: Mutex<u64>,
    }

    impl Progress for Counted {
        fn stage(&self, stage: Stage, _: Option<u64>) {
            if stage == Stage::Index {
                *self.index_stages.lock().unwrap() += 1;
            }
        }
        fn step(&self, _: usize, bytes: u64) {
            *self.bytes.lock().unwrap() = bytes;
        }
        fn finish(&self) {}
    }

    #[test]
    fn hash_shards_read_the_input_once_and_hold_each_article_in_its_own_shard() {
        let sb = Sandbox::bare();
        let input = input(&sb);
        let ids = read_ids(&input);
        assert_eq!(ids.len(), 25, "{ids:?}");
        let size: u64 = ["reports.jsonl", "broken.jsonl"]
            .iter()
            .map(|f| std::fs::metadata(input.join(f)).unwrap().len())
            .sum();
        let one = sb.json(&["--index", "one", "index", "--json", "in"], 0);
        assert_eq!(one["articles"], 26, "{one:#}");

        // The CLI report of a sharded build counts each article and each bad line once.
        let four = sb.json(&["--index", "four", "index", "--shards", "4", "--json", "in"], 0);
        assert_eq!(four["articles"], one["articles"], "{four:#}");
        assert_eq!(four["passages"], one["passages"], "{four:#}");
        assert_eq!(four["text_bytes"], one["text_bytes"], "{four:#}");
        let skipped = four["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 1, "{four:#}");
        assert!(skipped[0]["source"].as_str().unwrap().ends_with("broken.jsonl:2"), "{four:#}");

        // The library run: one index stage, every input byte read once.
        let counted = Counted::default();
        let opts = BuildOptions::new(vec![input.clone()], OutletTable::builtin());
        let dir = sb.path().join("three");
        let report = shards::index(&dir, Some(Wanted { by: By::Hash, count: 3 }), opts, &counted).unwrap();
        assert_eq!(report.articles, 26);
        assert_eq!(*counted.index_stages.lock().unwrap(), 1);
        assert_eq!(*counted.bytes.lock().unwrap(), size);

        // Every id in exactly the shard its hash names, once; nowhere else.
        for (set, n) in [("four", 4), ("three", 3)] {
            for (id, _) in &ids {
                let home = shards::hash_shard(id, n);
                for i in 0..n {
                    let shard = sb.path().join(set).join(shards::hash_shard_name(i));
                    let want = usize::from(i == home);
                    assert_eq!(count_id(&shard, id), want, "{set}: {id} in shard {i} (its shard is {home})");
                }
            }
        }
        // Re-indexing upserts: the counts stay, and the stage still reads the input once.
        let counted = Counted::default();
        let opts = BuildOptions::new(vec![input], OutletTable::builtin());
        shards::index(&dir, None, opts, &counted).unwrap();
        assert_eq!(*counted.index_stages.lock().unwrap(), 1);
        let stats = sb.json(&["--index", "three", "stats", "--json"], 0);
        assert_eq!(stats["articles"], 25, "{stats:#}");
    }

    #[test]
    fn date_shards_are_opened_on_first_sight_and_hold_their_month() {
        let sb = Sandbox::bare();
        let input = input(&sb);
        let ids = read_ids(&input);
        let report = sb.json(&["--index", "months", "index", "--shard-by", "date", "--json", "in"], 0);
        assert_eq!(report["articles"], 26, "{report:#}");
        assert_eq!(report["skipped"].as_array().unwrap().len(), 1, "{report:#}");
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(sb.path().join("months/shards.json")).unwrap()).unwrap();
        let names: Vec<&str> =
            manifest["shards"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["2024-03", "2024-04", "undated"]);
        for (id, month) in &ids {
            for name in &names {
                let want = usize::from(name == month);
                assert_eq!(count_id(&sb.path().join("months").join(name), id), want, "{id} in {name}");
            }
        }
        // A second run with a new month adds its shard to the manifest; the others keep theirs.
        sb.write(
            "may/r99.jsonl",
            r#"{"id": "r99", "outlet": "Desk M", "date": "2024-05-05", "title": "Final", "body": "The final was settled by a penalty in the last minute."}"#,
        );
        sb.run(&["--index", "months", "index", "may"], 0);
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(sb.path().join("months/shards.json")).unwrap()).unwrap();
        let names: BTreeSet<&str> =
            manifest["shards"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(names, BTreeSet::from(["2024-03", "2024-04", "2024-05", "undated"]));
        assert_eq!(count_id(&sb.path().join("months/2024-05"), "r99"), 1);
        let stats = sb.json(&["--index", "months", "stats", "--json"], 0);
        assert_eq!(stats["articles"], 26, "{stats:#}");
    }
}
