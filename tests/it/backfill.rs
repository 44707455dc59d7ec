//! The Dask backfill (`bench/backfill`) end to end on a real cluster: a `dask scheduler` and
//! two `dask worker` processes (each under its nanny) on loopback index the seeds, a slice of
//! BBC Sport (gzipped, read from ../shared/corpora at run time) and a file of awkward records
//! into 3 hash shards, with one task failing after it built its shard and one worker process
//! dying mid-task. Then: the manifest, every article in exactly the shard its id hashes to
//! (checked against the ids pressbox itself gives the same input indexed as one index), a
//! re-run partition replacing its shard without changing a count, and search in the shards.
//! Without `distributed` importable or the corpora, it prints `skipped` outside CI and fails
//! in CI.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pressbox::search::Searcher;
use serde_json::Value;

use crate::support::{corpora, repo, Sandbox};

const SHARDS: u64 = 3;
/// BBC Sport records taken for the corpus slice.
const SLICE: usize = 240;

fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Skips (outside CI) or fails (in CI) when something the test needs is missing.
fn missing(what: &str) {
    assert!(!in_ci(), "CI needs {what}");
    eprintln!("skipped: {what} not available");
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn shard_of(id: &str) -> usize {
    (fnv1a64(id.as_bytes()) % SHARDS) as usize
}

/// Child processes killed and reaped when the test ends, however it ends.
struct Procs(Vec<Child>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn python() -> Command {
    Command::new("python3")
}

/// A scheduler on a random loopback port (its address in `scheduler.json`) and two workers.
fn start_cluster(dir: &Path) -> (Procs, PathBuf) {
    let file = dir.join("scheduler.json");
    let tmp = dir.join("worker-tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let log = |name: &str| std::fs::File::create(dir.join(name)).unwrap();
    let mut procs = Procs(Vec::new());
    let scheduler = python()
        .args(["-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"])
        .args(["--no-dashboard", "--scheduler-file"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(log("scheduler.log"))
        .stderr(log("scheduler.err"))
        .spawn()
        .expect("dask scheduler");
    procs.0.push(scheduler);
    let start = Instant::now();
    while !file.exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "the scheduler wrote no {}", file.display());
        std::thread::sleep(Duration::from_millis(100));
    }
    for i in 0..2 {
        let worker = python()
            .args(["-m", "distributed.cli.dask_worker", "--host", "127.0.0.1", "--nthreads", "1"])
            .args(["--no-dashboard", "--scheduler-file"])
            .arg(&file)
            .env("TMPDIR", &tmp)
            .stdin(Stdio::null())
            .stdout(log(&format!("worker{i}.log")))
            .stderr(log(&format!("worker{i}.err")))
            .spawn()
            .expect("dask worker");
        procs.0.push(worker);
    }
    (procs, file)
}

/// Runs `bench/backfill` in the sandbox; returns its summary.
fn backfill(sb: &Sandbox, scheduler: &Path, extra: &[&str], env: &[(&str, &str)]) -> Value {
    let out = python()
        .arg(repo().join("bench/backfill"))
        .args(["--shards", &SHARDS.to_string(), "--workers", "2", "--out", "out", "--scheduler-file"])
        .arg(scheduler)
        .arg("--pressbox")
        .arg(env!("CARGO_BIN_EXE_pressbox"))
        .args(extra)
        .arg("in")
        .envs(env.iter().copied())
        .current_dir(sb.path())
        .stdin(Stdio::null())
        .output()
        .expect("bench/backfill");
    let (so, se) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "bench/backfill {extra:?}: {:?}\nstdout: {so}\nstderr: {se}", out.status);
    serde_json::from_str(&so).unwrap_or_else(|e| panic!("summary not JSON ({e}): {so}\nstderr: {se}"))
}

fn manifest(sb: &Sandbox) -> Value {
    serde_json::from_slice(&std::fs::read(sb.path().join("out/shards.json")).unwrap()).unwrap()
}

fn shard_dir(sb: &Sandbox, k: usize) -> PathBuf {
    sb.path().join(format!("out/shard-{k:03}"))
}

/// Awkward JSONL records: ids from `id`, `_id`, numbers, white space, the line number, and
/// (for an id of control characters only) the record's source; a blank line, a bad line, a
/// record without a body, a duplicate id. With the ids pressbox gives the articles.
const ODD: &str = concat!(
    r#"{"body": "Saka scored twice at the Emirates on a cold night in north London."}"#,
    "\n\n",
    r#"{"_id": 4983, "text": "Rice ran the midfield and Odegaard set up the second goal."}"#,
    "\n",
    r#"{"id": "  spaced   id ", "body": "Havertz came off the bench with twenty minutes left."}"#,
    "\n",
    r#"{"id": "", "_id": "from-underscore", "body": "Raya saved a penalty in stoppage time."}"#,
    "\nnot json at all\n",
    r#"{"id": "nobody"}"#,
    "\n",
    r#"{"id": 7.50, "body": "Martinelli hit the post twice before half-time."}"#,
    "\n",
    r#"{"id": "\u0001", "body": "Timber cleared off the line from a corner."}"#,
    "\n",
    r#"{"body": "Saliba and Gabriel were calm at the back all evening."}"#,
    "\n",
    r#"{"_id": 4983, "body": "Rice, again: the duplicate id replaces the first record."}"#,
    "\n"
);
const ODD_IDS: &[&str] = &[
    "odd/tricky.jsonl:1",
    "4983",
    "spaced id",
    "from-underscore",
    "7.5",
    "in/odd/tricky.jsonl:9",
    "odd/tricky.jsonl:10",
];
/// A file pressbox reads as JSONL from its first line, not its name.
const SNIFFED: &str = concat!(
    r#"{"body": "Trossard curled one in from the edge of the box."}"#,
    "\n",
    r#"{"body": "Zinchenko was booked for a late challenge."}"#,
    "\n",
    r#"{"body": "White overlapped on the right all afternoon."}"#,
    "\n"
);
const SNIFFED_IDS: &[&str] = &["odd/lines:1", "odd/lines:2", "odd/lines:3"];

#[test]
fn backfill_on_a_dask_cluster_builds_hash_shards() {
    let Some(corpora) = corpora() else {
        assert!(!in_ci(), "CI needs ../shared/corpora");
        return;
    };
    let have_dask = python()
        .args(["-c", "import distributed"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !have_dask {
        return missing("python3 with dask[distributed] (.ci/run installs it)");
    }

    // The input: the seeds, a gzipped slice of BBC Sport, and the awkward files.
    let sb = Sandbox::new();
    let mut expected: Vec<String> = Vec::new();
    for e in std::fs::read_dir(sb.path().join("seeds")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        std::fs::copy(sb.path().join("seeds").join(&name), sb.write(&format!("in/{name}"), "")).unwrap();
        expected.push(name);
    }
    let bbc = std::fs::read_to_string(corpora.join("bbcsport.jsonl")).unwrap();
    let slice: Vec<&str> = bbc.lines().take(SLICE).collect();
    for line in &slice {
        let rec: Value = serde_json::from_str(line).unwrap();
        expected.push(rec["id"].as_str().unwrap().to_string());
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(slice.join("\n").as_bytes()).unwrap();
    sb.write("in/bbc/slice.jsonl.gz", gz.finish().unwrap());
    sb.write("in/odd/tricky.jsonl", ODD);
    sb.write("in/odd/lines", SNIFFED);
    expected.extend(ODD_IDS.iter().chain(SNIFFED_IDS).map(|s| s.to_string()));
    let expected: BTreeSet<String> = expected.into_iter().collect();

    // The same input as one index: the ids pressbox gives it.
    let single = sb.json(&["--index", "single", "index", "--json", "in"], 0);
    assert_eq!(single["articles"].as_u64(), Some(expected.len() as u64 + 1), "{single}");
    let one = Searcher::open(&sb.path().join("single")).unwrap();
    for id in &expected {
        assert!(one.article(id).unwrap().is_some(), "the single index has no {id:?}");
    }
    let distinct = one.stats().unwrap().articles;
    assert_eq!(distinct, expected.len() as u64);

    // The cluster, and a backfill in which task 1 fails once and task 2's worker dies.
    let (_procs, scheduler) = start_cluster(sb.path());
    let t0 = Instant::now();
    let summary = backfill(
        &sb,
        &scheduler,
        &[],
        &[("PRESSBOX_BACKFILL_FAIL_ONCE", "1"), ("PRESSBOX_BACKFILL_KILL_ONCE", "2")],
    );
    eprintln!("backfill: {:.1} s\n{summary}", t0.elapsed().as_secs_f64());
    // Task 1 ran twice, task 2 too (its worker died); a task whose finished result the dead
    // worker held is run again as well: harmless, each run replaces its shard.
    let attempts = |k: usize| summary["attempts"][format!("shard-{k:03}")].as_u64().unwrap();
    assert!(attempts(0) >= 1 && attempts(1) >= 2 && attempts(2) >= 2, "{summary}");
    assert_eq!(summary["articles"].as_u64(), Some(distinct), "{summary}");
    assert_eq!(summary["indexed"], single["articles"], "{summary}");
    assert!(!sb.path().join("out/.building").exists(), "temporary builds are cleaned up");

    // The manifest: the layout `pressbox index --shards` reads.
    let m = manifest(&sb);
    assert_eq!(
        (m["format"].as_u64(), m["by"].as_str(), m["count"].as_u64()),
        (Some(1), Some("hash"), Some(SHARDS))
    );
    let names: Vec<&str> =
        m["shards"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["shard-000", "shard-001", "shard-002"]);

    // Every article in exactly one shard, the one its id hashes to; nothing twice.
    let counts = |sb: &Sandbox| -> Vec<u64> {
        let shards: Vec<Searcher> =
            (0..SHARDS as usize).map(|k| Searcher::open(&shard_dir(sb, k)).unwrap()).collect();
        for id in &expected {
            let holders: Vec<usize> =
                (0..shards.len()).filter(|&k| shards[k].article(id).unwrap().is_some()).collect();
            assert_eq!(holders, [shard_of(id)], "article {id:?}");
        }
        shards.iter().map(|s| s.stats().unwrap().articles).collect()
    };
    let before = counts(&sb);
    assert_eq!(before.iter().sum::<u64>(), distinct, "{before:?}");
    assert!(before.iter().all(|&c| c > 0), "{before:?}");
    for (k, entry) in m["shards"].as_array().unwrap().iter().enumerate() {
        assert_eq!(entry["articles"].as_u64(), Some(before[k]), "{entry}");
    }

    // Re-running partition 0 replaces its shard: a new build, the same articles.
    let meta0 = std::fs::read(shard_dir(&sb, 0).join("meta.json")).unwrap();
    let again = backfill(&sb, &scheduler, &["--partitions", "0"], &[]);
    assert_eq!(again["partitions"], serde_json::json!([0]));
    assert_ne!(std::fs::read(shard_dir(&sb, 0).join("meta.json")).unwrap(), meta0, "shard-000 was rebuilt");
    assert_eq!(counts(&sb), before);
    let m2 = manifest(&sb);
    assert_eq!(m2["shards"][1], m["shards"][1], "the other shards' entries are kept");
    assert_ne!(m2["backfill"]["run"], m["backfill"]["run"]);

    // Search in the shards: a passage of the first awkward record, in its shard.
    let k = shard_of("odd/tricky.jsonl:1");
    let dir = shard_dir(&sb, k);
    let hits = sb.json(&["--index", dir.to_str().unwrap(), "search", "--json", "Saka Emirates"], 0);
    let ids: Vec<&str> =
        hits["hits"].as_array().unwrap().iter().map(|h| h["article"]["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"odd/tricky.jsonl:1"), "{ids:?}");

    // Over the whole set through its manifest, as `pressbox index --shards` would have
    // written it: the same articles, the same record found.
    let stats = sb.json(&["--index", "out", "stats", "--json"], 0);
    assert_eq!(stats["articles"].as_u64(), Some(distinct), "{stats}");
    let hits = sb.json(&["--index", "out", "search", "--json", "Saka Emirates"], 0);
    let ids: Vec<&str> =
        hits["hits"].as_array().unwrap().iter().map(|h| h["article"]["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"odd/tricky.jsonl:1"), "{ids:?}");
}

#[test]
fn backfill_refuses_what_it_cannot_split() {
    if python().arg("--version").output().is_err() {
        return missing("python3");
    }
    let sb = Sandbox::bare();
    sb.write("in/a.json", r#"[{"body": "one"}, {"body": "two"}]"#);
    let out = python()
        .arg(repo().join("bench/backfill"))
        .args(["--shards", "2", "--out", "out", "--pressbox", env!("CARGO_BIN_EXE_pressbox"), "in"])
        .current_dir(sb.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("in/a.json is a JSON document"), "{err}");
    assert!(!sb.path().join("out").exists(), "nothing is created");
}
