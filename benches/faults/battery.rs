//! The fault battery (issue 16): each fault is a function that runs its trials in a work
//! directory and returns a [`Row`] of the table (fault, trials, failures, figures). Shared by
//! `bench/faults` (`benches/faults/main.rs`: `--short`, `--long`, `--seed N`) and the CI test
//! `tests/it/faults.rs` (the short form of the first three), which includes this file.
//!
//! Every input is generated here from a seed (made-up clubs and players in made-up sentences),
//! so a run is reproducible and no publisher's text is copied. Faults: the disk filling up at
//! the N-th write (swept over N), kill -9 at random points of an indexing run, a second
//! writer, a flipped byte in each kind of index file, long inputs, and the server under load
//! while another process commits.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pressbox::index::build::{self, BuildOptions, DiskFull};
use pressbox::index::faulty::DiskBudget;
use pressbox::index::PressIndex;
use pressbox::ingest::OutletTable;
use pressbox::search::{SearchOptions, Searcher};

/// One line of the battery's table.
pub struct Row {
    pub fault: String,
    pub trials: usize,
    /// What went wrong, one line per failed trial (must be empty).
    pub failures: Vec<String>,
    pub figures: String,
}

impl Row {
    fn new(fault: impl Into<String>) -> Row {
        Row { fault: fault.into(), trials: 0, failures: Vec::new(), figures: String::new() }
    }

    fn fail(&mut self, what: impl Into<String>) {
        self.failures.push(what.into());
    }
}

/// Prints the table (markdown) and every failure under it.
pub fn print_table(rows: &[Row], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "| fault | trials | failures | figures |")?;
    writeln!(out, "| --- | ---: | ---: | --- |")?;
    for r in rows {
        writeln!(out, "| {} | {} | {} | {} |", r.fault, r.trials, r.failures.len(), r.figures)?;
    }
    for r in rows {
        for f in &r.failures {
            writeln!(out, "FAILED {}: {f}", r.fault)?;
        }
    }
    Ok(())
}

/// splitmix64: small, seeded, the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

/// A fresh work directory: in memory (`/dev/shm`) where there is one, since the battery
/// commits hundreds of times and each commit syncs its files to disk.
pub fn work_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::Builder::new().prefix("pressbox-faults-").tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::Builder::new().prefix("pressbox-faults-").tempdir().expect("a temporary directory")
}

/// The `pressbox` binary cargo built beside this test or bench.
pub fn pressbox_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pressbox"))
}

fn pressbox(index: &Path) -> Command {
    let mut c = Command::new(pressbox_bin());
    c.env_clear().arg("--index").arg(index).stdin(Stdio::null());
    c
}

// ---------------------------------------------------------------------------------------------
// Generated articles

const PLAYERS: &[&str] = &[
    "Ada Brennan",
    "Tomas Okafor",
    "Lena Varga",
    "Marco Ilic",
    "Sami Rahman",
    "Jonas Pereira",
    "Nell Castell",
    "Ivo Marsh",
    "Ruth Adeyemi",
    "Pavel Lindqvist",
];
const CLUBS: &[&str] =
    &["Northgate Rovers", "Harbour City", "Eastmoor Athletic", "Valley Wanderers", "Kingsbridge Town"];
const GROUNDS: &[&str] = &["Mill Lane", "the Quayside Stadium", "Eastmoor Park", "the Old Orchard"];
const ADJECTIVES: &[&str] = &["brave", "patient", "ragged", "composed", "stubborn", "lively"];

/// One made-up match report of about `words` words; `marker` is a word only this article has.
fn sentence(rng: &mut Rng) -> String {
    let (p, q) = (rng.pick(PLAYERS), rng.pick(PLAYERS));
    let (c, d) = (rng.pick(CLUBS), rng.pick(CLUBS));
    let (a, b) = (rng.below(5), rng.below(4));
    match rng.below(6) {
        0 => format!("{p} scored twice as {c} beat {d} {a}-{b} at {}.", rng.pick(GROUNDS)),
        1 => format!("\"We kept going until the very end,\" {p} said after the match."),
        2 => format!("{c} manager {p} praised a {} performance from the defence.", rng.pick(ADJECTIVES)),
        3 => format!("{q} missed a penalty in the {}th minute before {d} pulled level.", 10 + rng.below(80)),
        4 => format!("The crowd at {} watched {c} fall behind early and recover.", rng.pick(GROUNDS)),
        _ => format!(
            "{p} and {q} both started on the bench for {c} on {} night.",
            rng.pick(&["Tuesday", "Saturday"])
        ),
    }
}

/// A made-up article body of about `bytes` bytes, in paragraphs of three sentences.
pub fn body(rng: &mut Rng, marker: &str, bytes: usize) -> String {
    let mut text = format!("{marker} was the word of the day.");
    let mut n = 1;
    while text.len() < bytes {
        text.push_str(if n % 3 == 0 { "\n\n" } else { " " });
        text.push_str(&sentence(rng));
        n += 1;
    }
    text
}

/// The marker word of generated article `i`.
pub fn marker(i: usize) -> String {
    format!("fixture{i}")
}

/// Writes articles `ids` as JSONL (id `gen-I`, a title naming `edition`, about `bytes` of body).
pub fn write_jsonl(
    path: &Path,
    rng: &mut Rng,
    ids: impl Iterator<Item = usize>,
    edition: &str,
    bytes: usize,
) {
    let mut out = String::new();
    for i in ids {
        let line = serde_json::json!({
            "id": format!("gen-{i}"),
            "title": format!("Match report {i} ({edition})"),
            "outlet": rng.pick(&["The Northgate Echo", "Harbour Evening Post", "Valley Sport"]),
            "date": format!("2024-0{}-1{}", 1 + rng.below(9), rng.below(10)),
            "body": body(rng, &marker(i), bytes),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, out).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Looking at an index

/// What an index answers: its article count, each article's id and title, and one search's
/// hits (article id and passage start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub articles: u64,
    pub titles: BTreeSet<(String, String)>,
    pub hits: Vec<(String, usize)>,
}

impl State {
    /// The same articles, each once, answering the same search with the same passages (in an
    /// order that may differ: how a run splits articles into segments moves BM25 ties).
    fn same_articles(&self, other: &State) -> bool {
        let set = |s: &State| s.hits.iter().cloned().collect::<BTreeSet<_>>();
        self.articles == other.articles && self.titles == other.titles && set(self) == set(other)
    }
}

/// Reads the state of the index in `dir` through the searcher; `ids` are the ids to look up.
pub fn state(dir: &Path, ids: &[String]) -> anyhow::Result<State> {
    let searcher = Searcher::open(dir)?;
    let articles = searcher.stats()?.articles;
    let mut titles = BTreeSet::new();
    for id in ids {
        if let Some(view) = searcher.article(id)? {
            titles.insert((id.clone(), view.meta.title.unwrap_or_default()));
        }
    }
    let opts = SearchOptions { limit: 50, ..SearchOptions::default() };
    let results = searcher.search("penalty Rovers", &opts)?;
    let hits = results.hits.iter().map(|h| (h.article.id.clone(), h.passage.start)).collect();
    Ok(State { articles, titles, hits })
}

/// The files of an index directory (names), without the lock files and the list tantivy keeps
/// of the files it manages.
pub fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with(".tantivy-") && n != ".managed.json")
                .collect()
        })
        .unwrap_or_default()
}

/// Copies an index directory (flat, plus its `gazetteers/`).
pub fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("gen-{i}")).collect()
}

/// A committed index of articles `0..base` in `dir`, and `more`: an input that updates two of
/// them and adds `added` new ones. Returns (state before, state after a clean run of `more`,
/// the ids to look up).
struct Scenario {
    base: PathBuf,
    more: PathBuf,
    ids: Vec<String>,
    before: State,
    after: State,
}

fn scenario(work: &Path, rng: &mut Rng, base: usize, added: usize, bytes: usize) -> anyhow::Result<Scenario> {
    let dir = work.join("base");
    let _ = std::fs::remove_dir_all(&dir);
    let first = work.join("in/first.jsonl");
    let more = work.join("in/more.jsonl");
    write_jsonl(&first, rng, 0..base, "first edition", bytes);
    write_jsonl(&more, rng, base - 2..base + added, "second edition", bytes);
    let index = PressIndex::open_or_create(&dir)?;
    build::run(&index, &BuildOptions::new(vec![first], OutletTable::builtin()), &build::Silent)?;
    drop(index);
    let ids = ids(0..base + added);
    let before = state(&dir, &ids)?;
    let probe = work.join("probe");
    copy_dir(&dir, &probe);
    let index = PressIndex::open_or_create(&probe)?;
    build::run(&index, &BuildOptions::new(vec![more.clone()], OutletTable::builtin()), &build::Silent)?;
    drop(index);
    let after = state(&probe, &ids)?;
    let _ = std::fs::remove_dir_all(&probe);
    anyhow::ensure!(before.articles == base as u64 && after.articles == (base + added) as u64);
    anyhow::ensure!(before != after, "the second run changes nothing visible");
    Ok(Scenario { base: dir, more, ids, before, after })
}

// ---------------------------------------------------------------------------------------------
// Disk full

/// The disk fills up at the N-th write operation of an indexing run, for every N from 1 to the
/// number of operations a clean run makes (every `stride`-th N when `stride` > 1): the run
/// says "disk full" (a [`DiskFull`] error, no panic), the index stays at its last commit (same
/// answers, same files: the failed run's files are gone), and a run after space is freed ends
/// with each article exactly once.
pub fn disk_full_sweep(work: &Path, seed: u64, stride: u64) -> Row {
    let mut row = Row::new("disk full at the N-th write (swept)");
    let mut rng = Rng::new(seed);
    let sc = match scenario(work, &mut rng, 6, 10, 1500) {
        Ok(sc) => sc,
        Err(e) => {
            row.fail(format!("setup: {e:#}"));
            return row;
        }
    };
    let base_files = files(&sc.base);
    let base_meta = std::fs::read(sc.base.join("meta.json")).unwrap_or_default();
    let opts = BuildOptions::new(vec![sc.more.clone()], OutletTable::builtin());
    // How many write operations a clean run makes.
    let probe = work.join("probe");
    copy_dir(&sc.base, &probe);
    let budget = DiskBudget::unlimited();
    let ops = PressIndex::open_or_create_with_budget(&probe, budget.clone())
        .and_then(|index| build::run(&index, &opts, &build::Silent))
        .map(|_| budget.operations())
        .unwrap_or(0);
    let _ = std::fs::remove_dir_all(&probe);
    if ops == 0 {
        row.fail("a clean run through the counting directory failed");
        return row;
    }
    let (mut full, mut committed) = (0usize, 0usize);
    let dir = work.join("trial");
    let mut n = 1;
    while n <= ops + 1 {
        row.trials += 1;
        copy_dir(&sc.base, &dir);
        let budget = DiskBudget::full_after(n);
        let run = catch_unwind(AssertUnwindSafe(|| {
            let index = PressIndex::open_or_create_with_budget(&dir, budget.clone())?;
            build::run(&index, &opts, &build::Silent)
        }));
        let now = state(&dir, &sc.ids);
        match run {
            Err(_) => row.fail(format!("N={n}: panicked")),
            Ok(Err(e)) if e.downcast_ref::<DiskFull>().is_none() => {
                row.fail(format!("N={n}: not reported as disk full: {e:#}"));
            }
            Ok(Err(_)) => {
                full += 1;
                match now {
                    Ok(s) if s == sc.before => {}
                    Ok(s) => row.fail(format!("N={n}: the last commit changed: {s:?}")),
                    Err(e) => row.fail(format!("N={n}: the index no longer opens: {e:#}")),
                }
                let left = files(&dir);
                if left != base_files {
                    let extra: Vec<_> = left.difference(&base_files).collect();
                    row.fail(format!("N={n}: the failed run left files behind: {extra:?}"));
                }
                if std::fs::read(dir.join("meta.json")).unwrap_or_default() != base_meta {
                    row.fail(format!("N={n}: meta.json changed"));
                }
            }
            Ok(Ok(_)) => {
                committed += 1;
                if !matches!(&now, Ok(s) if s.same_articles(&sc.after)) {
                    row.fail(format!("N={n}: the run succeeded but the index does not show it"));
                }
            }
        }
        // Space freed: a plain re-run.
        let rerun =
            PressIndex::open_or_create(&dir).and_then(|index| build::run(&index, &opts, &build::Silent));
        match rerun.and_then(|_| state(&dir, &sc.ids)) {
            Ok(s) if s.same_articles(&sc.after) => {}
            Ok(s) => row.fail(format!("N={n}: the re-run ended with {} articles, not each once", s.articles)),
            Err(e) => row.fail(format!("N={n}: the re-run failed: {e:#}")),
        }
        n += stride.max(1);
    }
    let _ = std::fs::remove_dir_all(&dir);
    row.figures = format!(
        "{ops} write operations in a clean run; N = 1..={} step {}: {full} disk-full errors, {committed} committed (fault after the commit)",
        ops + 1,
        stride.max(1)
    );
    row
}

// ---------------------------------------------------------------------------------------------
// kill -9

/// Runs `pressbox index` on a copy of the committed index and kills it (SIGKILL) after a random
/// delay within 1.25 times the length of a clean run (the commit included); after each kill: `verify`
/// passes, the index shows either the last commit or the new one, and a re-run ends with each
/// article exactly once.
pub fn kill_points(work: &Path, seed: u64, points: usize) -> Row {
    let mut row = Row::new("kill -9 during indexing and commit");
    let mut rng = Rng::new(seed);
    let sc = match scenario(work, &mut rng, 20, 120, 3000) {
        Ok(sc) => sc,
        Err(e) => {
            row.fail(format!("setup: {e:#}"));
            return row;
        }
    };
    let dir = work.join("trial");
    // A clean run through the binary: its length bounds the kill delays.
    copy_dir(&sc.base, &dir);
    let started = Instant::now();
    let ok = pressbox(&dir).arg("index").arg(&sc.more).output().map(|o| o.status.success()).unwrap_or(false);
    let clean = started.elapsed();
    if !ok {
        row.fail("a clean run of `pressbox index` failed");
        return row;
    }
    let (mut before_commit, mut after_commit, mut finished) = (0usize, 0usize, 0usize);
    for _ in 0..points {
        row.trials += 1;
        copy_dir(&sc.base, &dir);
        // Over 1.25 times the clean run, so that kills land in the commit even when the
        // machine is slower than it was for the clean run.
        let delay = Duration::from_micros(rng.below(clean.as_micros() as u64 * 5 / 4 + 1));
        let mut child = match pressbox(&dir)
            .arg("index")
            .arg(&sc.more)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                row.fail(format!("cannot start pressbox: {e}"));
                break;
            }
        };
        std::thread::sleep(delay);
        let ended = matches!(child.try_wait(), Ok(Some(_)));
        let _ = child.kill();
        let _ = child.wait();
        if ended {
            finished += 1;
        }
        let at = format!("kill at {} ms", delay.as_millis());
        match pressbox(&dir).args(["verify", "--json"]).output() {
            Ok(o) if o.status.code() == Some(0) => {}
            Ok(o) => row.fail(format!(
                "{at}: verify exited {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stdout).trim()
            )),
            Err(e) => row.fail(format!("{at}: cannot run verify: {e}")),
        }
        match state(&dir, &sc.ids) {
            Ok(s) if s == sc.before => before_commit += 1,
            Ok(s) if s.same_articles(&sc.after) => after_commit += 1,
            Ok(s) => {
                row.fail(format!("{at}: neither the last commit nor the new one ({} articles)", s.articles));
            }
            Err(e) => row.fail(format!("{at}: the index does not open: {e:#}")),
        }
        let rerun = pressbox(&dir).arg("index").arg(&sc.more).output();
        if !rerun.as_ref().is_ok_and(|o| o.status.success()) {
            row.fail(format!(
                "{at}: the re-run failed: {:?}",
                rerun.map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            ));
            continue;
        }
        match state(&dir, &sc.ids) {
            Ok(s) if s.same_articles(&sc.after) => {}
            Ok(s) => row.fail(format!("{at}: after the re-run {} articles, not each once", s.articles)),
            Err(e) => row.fail(format!("{at}: after the re-run the index does not open: {e:#}")),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    row.figures = format!(
        "clean run {} ms ({} articles in); after the kill: {before_commit} at the last commit, {after_commit} at the new one ({finished} runs had already ended)",
        clean.as_millis(),
        sc.ids.len() - 18,
    );
    row
}

// ---------------------------------------------------------------------------------------------
// A second writer

/// While a first writer holds the index (in this process), `pressbox index --gazetteer ...`
/// must exit 2 at once saying the index is locked, and change nothing (no file, no gazetteer);
/// the first writer then commits unharmed.
pub fn second_writer(work: &Path, seed: u64, trials: usize) -> Row {
    let mut row = Row::new("second writer");
    let mut rng = Rng::new(seed);
    let sc = match scenario(work, &mut rng, 6, 4, 1500) {
        Ok(sc) => sc,
        Err(e) => {
            row.fail(format!("setup: {e:#}"));
            return row;
        }
    };
    let gazetteer = work.join("in/squad.toml");
    std::fs::write(
        &gazetteer,
        "[[entity]]\nid = \"person:ivo-marsh\"\nname = \"Ivo Marsh\"\nkind = \"person\"\n",
    )
    .unwrap();
    let dir = work.join("trial");
    let mut slowest = Duration::ZERO;
    for t in 0..trials {
        row.trials += 1;
        copy_dir(&sc.base, &dir);
        let listing = |d: &Path| -> BTreeSet<String> {
            let mut all = files(d);
            all.extend(files(&d.join("gazetteers")).into_iter().map(|f| format!("gazetteers/{f}")));
            all
        };
        let before = listing(&dir);
        let first = match PressIndex::open(&dir) {
            Ok(i) => i,
            Err(e) => {
                row.fail(format!("trial {t}: {e:#}"));
                continue;
            }
        };
        let writer = match first.writer(1, 20_000_000) {
            Ok(w) => w,
            Err(e) => {
                row.fail(format!("trial {t}: the first writer: {e:#}"));
                continue;
            }
        };
        let started = Instant::now();
        let out = pressbox(&dir).arg("index").arg("--gazetteer").arg(&gazetteer).arg(&sc.more).output();
        let took = started.elapsed();
        slowest = slowest.max(took);
        match out {
            Ok(o) if o.status.code() == Some(2) && String::from_utf8_lossy(&o.stderr).contains("locked") => {}
            Ok(o) => row.fail(format!(
                "trial {t}: the second writer exited {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => row.fail(format!("trial {t}: cannot run pressbox: {e}")),
        }
        if took > Duration::from_secs(5) {
            row.fail(format!("trial {t}: refused only after {} ms", took.as_millis()));
        }
        if listing(&dir) != before {
            row.fail(format!("trial {t}: the refused writer changed the index directory"));
        }
        // The first writer carries on: the refused one took nothing from it.
        let opts = BuildOptions::new(vec![sc.more.clone()], OutletTable::builtin());
        drop(writer);
        drop(first);
        let finished = PressIndex::open(&dir).and_then(|i| build::run(&i, &opts, &build::Silent));
        match finished.and_then(|_| state(&dir, &sc.ids)) {
            Ok(s) if s.same_articles(&sc.after) => {}
            Ok(s) => {
                row.fail(format!("trial {t}: the first writer's run ended with {} articles", s.articles));
            }
            Err(e) => row.fail(format!("trial {t}: the first writer's run failed: {e:#}")),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    row.figures =
        format!("refused (exit 2, \"locked\") in at most {} ms, nothing written", slowest.as_millis());
    row
}

// ---------------------------------------------------------------------------------------------
// Corruption

/// The kinds of file a segment has.
pub const FILE_KINDS: [&str; 6] = ["store", "idx", "pos", "term", "fast", "fieldnorm"];

/// Flips one byte at a random place in one file of each kind, `per_kind` times: `verify` must
/// exit 1 naming the file, and `search`, `show` and `stats` must end with a clean exit (0, 1
/// or 2; never a panic, an abort or a signal) and at most one line on stderr.
pub fn corruption(work: &Path, seed: u64, per_kind: usize) -> Row {
    let mut row = Row::new("a flipped byte in each file kind");
    let mut rng = Rng::new(seed);
    let base = work.join("base");
    let _ = std::fs::remove_dir_all(&base);
    let input = work.join("in/corpus.jsonl");
    write_jsonl(&input, &mut rng, 0..60, "first edition", 3000);
    let built = pressbox(&base).arg("index").arg(&input).output();
    if !built.is_ok_and(|o| o.status.success()) {
        row.fail("setup: indexing failed");
        return row;
    }
    let dir = work.join("trial");
    let (mut named, mut answered) = (0usize, 0usize);
    for kind in FILE_KINDS {
        for _ in 0..per_kind {
            row.trials += 1;
            copy_dir(&base, &dir);
            let Some(file) = files(&dir).into_iter().find(|f| f.ends_with(&format!(".{kind}"))) else {
                row.fail(format!(".{kind}: no such file in the index"));
                break;
            };
            let path = dir.join(&file);
            let mut bytes = std::fs::read(&path).unwrap();
            let at = rng.below(bytes.len() as u64) as usize;
            bytes[at] ^= 1 << rng.below(8);
            std::fs::write(&path, &bytes).unwrap();
            let what = format!(".{kind} byte {at} of {}", bytes.len());
            match pressbox(&dir).args(["verify", "--json"]).output() {
                Ok(o) if o.status.code() == Some(1) && String::from_utf8_lossy(&o.stdout).contains(&file) => {
                    named += 1;
                }
                Ok(o) => row.fail(format!(
                    "{what}: verify exited {:?} without naming {file}: {}",
                    o.status.code(),
                    String::from_utf8_lossy(&o.stdout).trim()
                )),
                Err(e) => row.fail(format!("{what}: cannot run verify: {e}")),
            }
            for args in [
                &["search", "penalty", "Rovers"][..],
                &["search", "--json", "fixture7"],
                &["show", "gen-7"],
                &["stats"],
                &["quote", "We kept going until the very end"],
            ] {
                match pressbox(&dir).args(args).output() {
                    Ok(o) => {
                        let err = String::from_utf8_lossy(&o.stderr);
                        let clean = matches!(o.status.code(), Some(0..=2))
                            && !err.contains("panicked")
                            && err.lines().count() <= 1;
                        if clean {
                            answered += 1;
                        } else {
                            row.fail(format!("{what}: {args:?} ended {:?}: {}", o.status, err.trim()));
                        }
                    }
                    Err(e) => row.fail(format!("{what}: cannot run pressbox: {e}")),
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    row.figures = format!("verify named the file {named} times; {answered} reads ended cleanly");
    row
}

// ---------------------------------------------------------------------------------------------
// Long inputs

/// Runs a command to its end; returns (exit success, seconds, peak RSS in MB). The peak is
/// the child's own high-water mark (`VmHWM`), read every 10 ms until it exits (the rusage of
/// a child also counts the parent's pages it was forked with).
fn measured(mut cmd: Command) -> Measured {
    let started = Instant::now();
    let mut m = Measured { ok: false, seconds: 0.0, cpu: 0.0, rss: 0.0 };
    let Ok(mut child) = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn() else { return m };
    loop {
        let (_, hwm, _) = process_figures(child.id());
        m.rss = m.rss.max(hwm);
        m.cpu = m.cpu.max(cpu_seconds(child.id()));
        match child.try_wait() {
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Ok(Some(status)) => {
                m.ok = status.success();
                break;
            }
            Err(_) => break,
        }
    }
    m.seconds = started.elapsed().as_secs_f64();
    m
}

/// A child's run: success, wall seconds, CPU seconds (user + system, all threads), peak RSS in
/// MB.
struct Measured {
    ok: bool,
    seconds: f64,
    cpu: f64,
    rss: f64,
}

/// CPU time a process has used so far (fields 14 and 15 of `/proc/PID/stat`, in clock ticks of
/// 1/100 s, Linux's USER_HZ).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Articles of 1, 2, 4 and 8 MB (one each, or up to `max_mb`), and one JSONL line of 100 MB
/// beside a normal file: each indexed alone. CPU time (steadier than wall time on a shared
/// machine) must grow about linearly (a growth exponent up to 1.3 from the smallest to the
/// largest) and the 100 MB line must be skipped with a
/// reason, the other file indexed, in bounded memory (< 400 MB peak RSS).
pub fn long_inputs(work: &Path, seed: u64, max_mb: usize, huge_line_mb: usize) -> Row {
    let mut row = Row::new("long inputs");
    let mut rng = Rng::new(seed);
    let mut points = Vec::new();
    let mut figures = Vec::new();
    let mut mb = 1;
    while mb <= max_mb {
        row.trials += 1;
        let file = work.join(format!("in/long-{mb}mb.txt"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, body(&mut rng, "longread", mb << 20)).unwrap();
        let dir = work.join(format!("long-{mb}"));
        let mut cmd = pressbox(&dir);
        cmd.arg("index").arg(&file);
        let m = measured(cmd);
        if !m.ok {
            row.fail(format!("{mb} MB article: indexing failed"));
        }
        figures.push(format!("{mb} MB {:.1} s ({:.1} CPU-s) {:.0} MB", m.seconds, m.cpu, m.rss));
        points.push((mb as f64, m.cpu));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&file);
        mb *= 2;
    }
    if points.len() >= 2 {
        let (first, last) = (points[0], points[points.len() - 1]);
        let exponent = (last.1 / first.1).ln() / (last.0 / first.0).ln();
        figures.push(format!("growth exponent of CPU time {exponent:.2}"));
        if exponent > 1.3 {
            row.fail(format!("CPU time grows with exponent {exponent:.2} from {} to {} MB", first.0, last.0));
        }
    }
    if huge_line_mb > 0 {
        row.trials += 1;
        let input = work.join("in/huge");
        std::fs::create_dir_all(&input).unwrap();
        {
            let mut f = std::io::BufWriter::new(std::fs::File::create(input.join("huge.jsonl")).unwrap());
            write!(f, "{{\"id\": \"huge\", \"body\": \"").unwrap();
            let chunk = body(&mut rng, "huge", 1 << 20).replace(['"', '\n', '\\'], " ");
            for _ in 0..huge_line_mb {
                f.write_all(chunk.as_bytes()).unwrap();
            }
            writeln!(f, "\"}}").unwrap();
        }
        write_jsonl(&input.join("small.jsonl"), &mut rng, 0..1, "small", 2000);
        let dir = work.join("huge-index");
        let mut cmd = pressbox(&dir);
        cmd.arg("index").arg(&input);
        let Measured { ok, seconds: secs, rss, .. } = measured(cmd);
        let small_indexed =
            state(&dir, &["gen-0".to_string()]).is_ok_and(|s| s.articles == 1 && s.titles.len() == 1);
        if !ok || !small_indexed {
            row.fail(format!("{huge_line_mb} MB line: the file beside it was not indexed (exit ok: {ok})"));
        }
        if rss > 400.0 {
            row.fail(format!("{huge_line_mb} MB line: peak RSS {rss:.0} MB"));
        }
        figures.push(format!("{huge_line_mb} MB JSONL line skipped in {secs:.1} s, {rss:.0} MB peak"));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&input);
    }
    row.figures = figures.join("; ");
    row
}

// ---------------------------------------------------------------------------------------------
// The server under load while another process commits

/// Resident and peak memory (MB) and open descriptors of a process.
fn process_figures(pid: u32) -> (f64, f64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0);
    (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0, fds)
}

/// One GET over a fresh connection; the status code, or an error.
fn get(addr: SocketAddr, target: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(s, "GET {target} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer)?;
    let line = String::from_utf8_lossy(&answer[..answer.len().min(32)]).into_owned();
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line:?}")))
}

struct ServerGuard(Child);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `pressbox serve` on an index of `articles` generated articles, `clients` concurrent clients
/// for `seconds`, while another process indexes a batch of new articles every `every` seconds:
/// 0 errors (every answer a 200), the descriptors back to where they were once the load ends;
/// requests per second, p50 and p99 latency, RSS reported.
pub fn server_load(work: &Path, seed: u64, articles: usize, clients: usize, seconds: u64, every: u64) -> Row {
    let mut row = Row::new(format!("serve: {clients} clients for {seconds} s, a commit every {every} s"));
    let mut rng = Rng::new(seed);
    let dir = work.join("served");
    let _ = std::fs::remove_dir_all(&dir);
    let input = work.join("in/served.jsonl");
    write_jsonl(&input, &mut rng, 0..articles, "served", 2500);
    if !pressbox(&dir).arg("index").arg(&input).output().is_ok_and(|o| o.status.success()) {
        row.fail("setup: indexing failed");
        return row;
    }
    let addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap()
    };
    let server = match pressbox(&dir)
        .arg("serve")
        .arg("--addr")
        .arg(addr.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => ServerGuard(c),
        Err(e) => {
            row.fail(format!("cannot start the server: {e}"));
            return row;
        }
    };
    let pid = server.0.id();
    let ready = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        get(addr, "/api/stats").is_ok_and(|c| c == 200)
    });
    if !ready {
        row.fail("the server did not answer within 10 s");
        return row;
    }
    let (_, _, fds_before) = process_figures(pid);
    let targets: Vec<String> = {
        let words =
            ["penalty", "Rovers", "Harbour+City", "bench", "crowd+recover", "defence", "Marsh", "Okafor"];
        let mut t: Vec<String> = words.iter().map(|w| format!("/api/search?q={w}&limit=10")).collect();
        t.push("/api/search?q=%22kept+going%22".into());
        t.push("/api/quote?text=We+kept+going+until+the+very+end".into());
        t.push("/api/article/gen-3".into());
        t.push("/api/stats".into());
        t
    };
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let latencies = Arc::new(Mutex::new(Vec::<u32>::new()));
    let done = Arc::new(AtomicU64::new(0));
    let mut threads = Vec::new();
    for c in 0..clients {
        let (stop, errors, latencies, done, targets) =
            (stop.clone(), errors.clone(), latencies.clone(), done.clone(), targets.clone());
        let mut rng = Rng::new(seed ^ (c as u64 + 1).wrapping_mul(0x9E37));
        threads.push(std::thread::spawn(move || {
            let mut mine = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let target = &targets[rng.below(targets.len() as u64) as usize];
                let started = Instant::now();
                match get(addr, target) {
                    Ok(200) => {
                        mine.push(started.elapsed().as_micros() as u32);
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(code) => errors.lock().unwrap().push(format!("{target}: HTTP {code}")),
                    Err(e) => errors.lock().unwrap().push(format!("{target}: {e}")),
                }
            }
            latencies.lock().unwrap().extend(mine);
        }));
    }
    // The other process: a batch of new articles committed every `every` seconds.
    let started = Instant::now();
    let mut commits = 0;
    let mut next = 0;
    let mut peak_rss = 0.0f64;
    let mut max_fds = 0;
    while started.elapsed() < Duration::from_secs(seconds) {
        let extra = work.join(format!("in/extra-{next}.jsonl"));
        write_jsonl(&extra, &mut rng, articles + next * 20..articles + next * 20 + 20, "late", 2500);
        next += 1;
        match pressbox(&dir).arg("index").arg(&extra).output() {
            Ok(o) if o.status.success() => commits += 1,
            Ok(o) => row.fail(format!("a commit failed: {}", String::from_utf8_lossy(&o.stderr).trim())),
            Err(e) => row.fail(format!("cannot run the indexer: {e}")),
        }
        let until = Instant::now() + Duration::from_secs(every);
        while Instant::now() < until && started.elapsed() < Duration::from_secs(seconds) {
            let (_, hwm, fds) = process_figures(pid);
            peak_rss = peak_rss.max(hwm);
            max_fds = max_fds.max(fds);
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        let _ = t.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_secs(1));
    let (rss, hwm, fds_after) = process_figures(pid);
    peak_rss = peak_rss.max(hwm);
    let served = state(&dir, &[]).map(|s| s.articles).unwrap_or(0);
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_unstable();
    let pct = |p: f64| lat.get(((lat.len() as f64 - 1.0) * p) as usize).map_or(0.0, |&us| us as f64 / 1000.0);
    let errors = errors.lock().unwrap().clone();
    row.trials = lat.len() + errors.len();
    for e in errors.iter().take(20) {
        row.fail(e.clone());
    }
    if errors.len() > 20 {
        row.fail(format!("and {} more errors", errors.len() - 20));
    }
    if fds_after > fds_before + 4 {
        row.fail(format!("descriptors grew from {fds_before} to {fds_after}"));
    }
    if served != (articles + commits * 20) as u64 {
        row.fail(format!("the index holds {served} articles after {commits} commits"));
    }
    row.figures = format!(
        "{} requests, {:.1} req/s, p50 {:.0} ms, p99 {:.0} ms; {commits} commits; RSS {rss:.0} MB (peak {peak_rss:.0} MB); descriptors {fds_before} before, at most {max_fds} during, {fds_after} after",
        lat.len(),
        lat.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99),
    );
    drop(server);
    row
}
