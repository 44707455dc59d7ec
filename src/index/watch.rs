//! Live indexing (`pressbox index --watch DIR...`): the folders are indexed once, as
//! `pressbox index` would, then watched for files that appear or change, which are indexed
//! in batches through the same pipeline ([`super::build::run_files`]) with one writer held
//! for the whole session.
//!
//! - **Watching**: `notify` (inotify on Linux, the platform's own watcher elsewhere); when no
//!   native watcher can start, a polling watcher (every [`POLL_EVERY`]).
//! - **Batching**: a file is taken once no event has touched it for `debounce` and its size and
//!   modification time are still those of the last event; batches are committed at most once
//!   per `commit_gap`. A file whose size and modification time match the version last indexed
//!   is not read again.
//! - **Half-written files**: a file that changes while it is read is taken again; a file that
//!   yields a skipped record or is skipped whole (JSON that does not parse yet, an empty file)
//!   is retried after a back-off, at most `retries` times, then reported as skipped with the
//!   reason. Re-indexing upserts by article id, so a retry never duplicates an article.
//! - **Deleted files**: reported, and their articles stay in the index (pressbox keeps what was
//!   reported; an input folder being tidied must not erase coverage).
//! - **Stopping**: the caller's `stop` flag is read between batches, so the session ends after
//!   the current commit, the index at its last commit.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};
use serde::Serialize;

use super::build::{self, BuildOptions, Progress, Silent};
use super::PressIndex;
use crate::error::user;
use crate::ingest::{self, InputFile, Skipped};

/// How often the polling watcher (the fallback) looks at the folders.
pub const POLL_EVERY: Duration = Duration::from_millis(250);

/// How a watch session batches and retries.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Quiet time after a file's last event before it is read.
    pub debounce: Duration,
    /// Least time between two commits.
    pub commit_gap: Duration,
    /// Times a file that yields skipped records is read again before it is reported skipped.
    pub retries: u32,
    /// Wait before the first retry; each later retry waits twice as long as the one before.
    pub retry_after: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Duration::from_millis(500),
            commit_gap: Duration::from_secs(1),
            retries: 3,
            retry_after: Duration::from_secs(1),
        }
    }
}

/// Which watcher a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WatcherKind {
    /// The platform's file events (inotify on Linux).
    Native,
    /// Polling (the fallback when no native watcher starts).
    Polling,
}

/// A file that will be read again, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retrying {
    pub source: String,
    pub reason: String,
    /// Retries so far, counting this one (1-based).
    pub attempt: u32,
}

/// One commit of a session: the first indexes the folders as they were (`initial`), each
/// later one the files that appeared or changed since.
#[derive(Debug, Clone, Serialize)]
pub struct CommitReport {
    /// 0 for the initial run, then 1, 2...
    pub commit: u64,
    pub initial: bool,
    /// When the commit ended.
    pub at: jiff::Timestamp,
    /// Files read.
    pub files: usize,
    /// The files read, for a commit after the initial one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Articles indexed (new or replaced).
    pub articles: usize,
    pub passages: usize,
    /// Records or files skipped for good, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files to be read again (still being written, or not readable yet).
    pub retrying: Vec<Retrying>,
    /// Files deleted since they were seen; their articles stay in the index.
    pub deleted: Vec<String>,
    pub seconds: f64,
}

/// What a watch session is told about: the watcher it started, then each commit.
pub trait WatchEvents {
    fn started(&mut self, kind: WatcherKind, roots: &[PathBuf]) -> anyhow::Result<()>;
    fn committed(&mut self, report: &CommitReport) -> anyhow::Result<()>;
}

/// A file's size and modification time: when they stop moving, its writer is done.
type Stat = Option<(u64, SystemTime)>;

fn stat(path: &Path) -> Stat {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// A path with events not yet handled.
struct Pending {
    root: usize,
    last_event: Instant,
    /// The stat at the last event (or the last look).
    stat: Stat,
    /// Retries so far.
    attempts: u32,
    /// Not to be read before (a retry's back-off).
    not_before: Instant,
}

/// The session's state between batches.
struct Session<'a> {
    roots: Vec<PathBuf>,
    /// Each root as events may name it: as given, absolute, canonical.
    forms: Vec<Vec<PathBuf>>,
    /// Paths of the index itself (inside a watched folder its own commits are not inputs).
    ignore: Vec<PathBuf>,
    pending: HashMap<PathBuf, Pending>,
    /// The stat of each file as last indexed.
    indexed: HashMap<PathBuf, Stat>,
    opts: &'a WatchOptions,
}

/// Indexes `build_opts.paths` (folders), then watches them until `stop` is set; each commit is
/// told to `events`. The index is at its last commit when this returns.
pub fn watch(
    index: &PressIndex,
    build_opts: &BuildOptions,
    opts: &WatchOptions,
    stop: &AtomicBool,
    progress: &dyn Progress,
    events: &mut dyn WatchEvents,
) -> anyhow::Result<()> {
    for root in &build_opts.paths {
        if !root.is_dir() {
            return Err(user(format!("--watch takes folders: {} is not a folder", root.display())));
        }
    }
    let mut writer = index.writer(build_opts.threads, build_opts.heap_bytes)?;
    // Watching starts before the initial run, so that nothing written during it is missed.
    let (tx, rx) = mpsc::channel();
    let (_watcher, kind) = start_watcher(&build_opts.paths, tx)?;
    events.started(kind, &build_opts.paths)?;

    let ignore = [index.dir()].iter().filter_map(|d| std::fs::canonicalize(d).ok()).collect();
    let mut session = Session::new(build_opts.paths.clone(), ignore, opts);
    let started = Instant::now();
    let (files, _) = ingest::discover(&build_opts.paths);
    let stats: Vec<Stat> = files.iter().map(|f| stat(&f.path)).collect();
    let report = build::run_files(index, &mut writer, &files, build_opts, progress)?;
    for (f, s) in files.iter().zip(stats) {
        session.indexed.insert(f.path.clone(), s);
    }
    let mut commit = CommitReport {
        commit: 0,
        initial: true,
        at: jiff::Timestamp::now(),
        files: report.files,
        paths: Vec::new(),
        articles: report.articles,
        passages: report.passages,
        skipped: report.skipped,
        retrying: Vec::new(),
        deleted: Vec::new(),
        seconds: started.elapsed().as_secs_f64(),
    };
    events.committed(&commit)?;

    let tick = Duration::from_millis(50);
    let mut last_commit = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(tick) {
            Ok(event) => session.note(event),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("the file watcher stopped"),
        }
        while let Ok(event) = rx.try_recv() {
            session.note(event);
        }
        let now = Instant::now();
        if now.duration_since(last_commit) < opts.commit_gap {
            continue;
        }
        let (due, deleted) = session.take_due(now);
        if due.is_empty() && deleted.is_empty() {
            continue;
        }
        let started = Instant::now();
        let files = session.batch(&due);
        let before: Vec<Stat> = files.iter().map(|f| stat(&f.path)).collect();
        let report = build::run_files(index, &mut writer, &files, build_opts, &Silent)?;
        let (skipped, retrying) = session.settle(&files, &before, &due, report.skipped);
        commit = CommitReport {
            commit: commit.commit + 1,
            initial: false,
            at: jiff::Timestamp::now(),
            files: files.len(),
            paths: files.iter().map(|f| f.path.display().to_string()).collect(),
            articles: report.articles,
            passages: report.passages,
            skipped,
            retrying,
            deleted: deleted.iter().map(|p| p.display().to_string()).collect(),
            seconds: started.elapsed().as_secs_f64(),
        };
        events.committed(&commit)?;
        last_commit = Instant::now();
    }
    writer.wait_merging_threads().context("cannot finish merging the index's segments")?;
    Ok(())
}

/// The native watcher on every root, else a polling one.
fn start_watcher(
    roots: &[PathBuf],
    tx: mpsc::Sender<notify::Result<notify::Event>>,
) -> anyhow::Result<(Box<dyn Watcher>, WatcherKind)> {
    let native = notify::recommended_watcher(tx.clone()).and_then(|mut w| {
        for root in roots {
            w.watch(root, RecursiveMode::Recursive)?;
        }
        Ok(w)
    });
    if let Ok(w) = native {
        return Ok((Box::new(w), WatcherKind::Native));
    }
    let config = notify::Config::default().with_poll_interval(POLL_EVERY);
    let mut w = notify::PollWatcher::new(tx, config).context("cannot watch the folders")?;
    for root in roots {
        w.watch(root, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
    }
    Ok((Box::new(w), WatcherKind::Polling))
}

/// The forms a watched root may take in event paths: as given, absolute, canonical.
fn forms(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    if let Ok(cwd) = std::env::current_dir() {
        out.push(cwd.join(root));
    }
    if let Ok(real) = std::fs::canonicalize(root) {
        out.push(real);
    }
    out.dedup();
    out
}

/// True for events that may mean new content: not opening or reading a file (which pressbox
/// itself does).
fn may_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl<'a> Session<'a> {
    /// A session watching `roots`, never taking paths under `ignore` (canonical) as inputs.
    fn new(roots: Vec<PathBuf>, ignore: Vec<PathBuf>, opts: &'a WatchOptions) -> Session<'a> {
        let forms = roots.iter().map(|r| forms(r)).collect();
        Session { roots, forms, ignore, pending: HashMap::new(), indexed: HashMap::new(), opts }
    }

    /// Records an event's paths as pending.
    fn note(&mut self, event: notify::Result<notify::Event>) {
        let Ok(event) = event else {
            // A watcher error (an overflowed event queue): look at every root again.
            for (root, path) in self.roots.clone().into_iter().enumerate() {
                self.touch(path, root);
            }
            return;
        };
        if !may_change(&event.kind) {
            return;
        }
        for path in event.paths {
            if let Some((root, path)) = self.locate(&path) {
                self.touch(path, root);
            }
        }
    }

    fn touch(&mut self, path: PathBuf, root: usize) {
        let now = Instant::now();
        let s = stat(&path);
        let p = self.pending.entry(path).or_insert(Pending {
            root,
            last_event: now,
            stat: s,
            attempts: 0,
            not_before: now,
        });
        if p.stat != s {
            // New content deserves a new look, retries afresh.
            p.attempts = 0;
            p.not_before = now;
        }
        p.last_event = now;
        p.stat = s;
    }

    /// The root `path` lies under, unless it is hidden (a dot-file or inside a dot-folder,
    /// as editors' temporary files are) or part of the index.
    fn root_of(&self, path: &Path) -> Option<usize> {
        self.locate(path).map(|(root, _)| root)
    }

    /// The root `path` lies under and the path as the initial run names it (under the root as
    /// given: watchers report absolute paths), unless it is hidden or part of the index.
    fn locate(&self, path: &Path) -> Option<(usize, PathBuf)> {
        let (root, rel) = self.forms.iter().enumerate().find_map(|(i, forms)| {
            forms.iter().find_map(|f| path.strip_prefix(f).ok()).map(|rel| (i, rel))
        })?;
        let hidden = rel
            .components()
            .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
        if hidden {
            return None;
        }
        if !self.ignore.is_empty() {
            if let Ok(real) = std::fs::canonicalize(path) {
                if self.ignore.iter().any(|i| real.starts_with(i)) {
                    return None;
                }
            }
        }
        let given = &self.roots[root];
        Some((root, if rel.as_os_str().is_empty() { given.clone() } else { given.join(rel) }))
    }

    /// The pending paths ready to read (quiet for the debounce, stat unchanged since the last
    /// event), and those deleted.
    fn take_due(&mut self, now: Instant) -> (Vec<(PathBuf, usize)>, Vec<PathBuf>) {
        let (mut due, mut deleted) = (Vec::new(), Vec::new());
        let mut ready: Vec<PathBuf> = Vec::new();
        for (path, p) in self.pending.iter_mut() {
            if now.duration_since(p.last_event) < self.opts.debounce || now < p.not_before {
                continue;
            }
            let s = stat(path);
            if s != p.stat {
                // Still being written.
                p.stat = s;
                p.last_event = now;
                continue;
            }
            ready.push(path.clone());
        }
        ready.sort();
        for path in ready {
            let Some(&Pending { stat: s, root, attempts, .. }) = self.pending.get(&path) else { continue };
            if s.is_none() {
                self.pending.remove(&path);
                if self.indexed.remove(&path).is_some() {
                    deleted.push(path);
                }
            } else if attempts == 0 && path.is_file() && self.indexed.get(&path) == Some(&s) {
                // The version already indexed (an event without new content).
                self.pending.remove(&path);
            } else {
                due.push((path, root));
            }
        }
        (due, deleted)
    }

    /// The files to read for the due paths, each once: a folder that appeared and a file in it
    /// are often both due (one event for each), and a file read twice in one batch would be
    /// indexed twice.
    fn batch(&self, due: &[(PathBuf, usize)]) -> Vec<InputFile> {
        let mut seen = std::collections::HashSet::new();
        due.iter()
            .flat_map(|(path, root)| self.inputs(path, *root))
            .filter(|f| seen.insert(f.path.clone()))
            .collect()
    }

    /// The files to read for a due path: the file, or the files under a folder that appeared,
    /// with ids relative to the watched root, as the initial run gave them.
    fn inputs(&self, path: &Path, root: usize) -> Vec<InputFile> {
        let rel_of = |p: &Path| -> String {
            let rel = p.strip_prefix(&self.roots[root]).unwrap_or(p);
            let parts: Vec<String> =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            parts.join("/")
        };
        if path.is_dir() {
            let (files, _) = ingest::discover(&[path.to_path_buf()]);
            // Only what is new or changed: a folder's event must not re-read what is indexed.
            files
                .into_iter()
                .filter(|f| self.root_of(&f.path).is_some())
                .filter(|f| self.indexed.get(&f.path).is_none_or(|s| *s != stat(&f.path)))
                .map(|f| InputFile { rel: rel_of(&f.path), path: f.path })
                .collect()
        } else {
            vec![InputFile { path: path.to_path_buf(), rel: rel_of(path) }]
        }
    }

    /// After a batch: files that changed while read are pending again; files with skipped
    /// records are retried (until their retries run out: then their skips are final); the
    /// others are done. Returns the final skips and the retries.
    fn settle(
        &mut self,
        files: &[InputFile],
        before: &[Stat],
        due: &[(PathBuf, usize)],
        skips: Vec<Skipped>,
    ) -> (Vec<Skipped>, Vec<Retrying>) {
        let now = Instant::now();
        let sources: HashMap<String, usize> =
            files.iter().enumerate().map(|(i, f)| (f.path.display().to_string(), i)).collect();
        let mut by_file: Vec<Vec<Skipped>> = vec![Vec::new(); files.len()];
        let mut other = Vec::new();
        for s in skips {
            match file_of(&s.source, &sources) {
                Some(i) => by_file[i].push(s),
                None => other.push(s),
            }
        }
        let root_of_due: HashMap<&Path, usize> = due.iter().map(|(p, r)| (p.as_path(), *r)).collect();
        let (mut skipped, mut retrying) = (other, Vec::new());
        for ((file, before), file_skips) in files.iter().zip(before).zip(by_file) {
            let prior = self.pending.remove(&file.path);
            let root = prior
                .as_ref()
                .map(|p| p.root)
                .or_else(|| root_of_due.get(file.path.as_path()).copied())
                .or_else(|| self.root_of(&file.path))
                .unwrap_or(0);
            let after = stat(&file.path);
            if after != *before {
                // Written to while it was read: read it again once it settles.
                self.pending.insert(
                    file.path.clone(),
                    Pending { root, last_event: now, stat: after, attempts: 0, not_before: now },
                );
                continue;
            }
            if file_skips.is_empty() {
                self.indexed.insert(file.path.clone(), after);
                continue;
            }
            let attempts = prior.map(|p| p.attempts).unwrap_or(0) + 1;
            if attempts > self.opts.retries {
                self.indexed.insert(file.path.clone(), after);
                skipped.extend(file_skips);
                continue;
            }
            let wait = self.opts.retry_after.saturating_mul(1 << (attempts - 1).min(16));
            let reason = file_skips.first().map(|s| s.reason.clone()).unwrap_or_default();
            retrying.push(Retrying { source: file.path.display().to_string(), reason, attempt: attempts });
            self.pending.insert(
                file.path.clone(),
                Pending { root, last_event: now, stat: after, attempts, not_before: now + wait },
            );
        }
        (skipped, retrying)
    }
}

/// The file (index into the batch) a skipped record came from: its source is the file's path,
/// or the path with `:LINE` or `#N` after it.
fn file_of(source: &str, sources: &HashMap<String, usize>) -> Option<usize> {
    if let Some(&i) = sources.get(source) {
        return Some(i);
    }
    [':', '#'].iter().find_map(|&c| source.rfind(c).and_then(|at| sources.get(&source[..at]).copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_are_traced_to_their_file() {
        let sources: HashMap<String, usize> =
            [("in/a.jsonl".to_string(), 0), ("in/b#1.rss".to_string(), 1)].into_iter().collect();
        assert_eq!(file_of("in/a.jsonl", &sources), Some(0));
        assert_eq!(file_of("in/a.jsonl:12", &sources), Some(0));
        assert_eq!(file_of("in/b#1.rss#3", &sources), Some(1));
        assert_eq!(file_of("in/c.json", &sources), None);
    }

    #[test]
    fn a_skipped_file_is_retried_a_bounded_number_of_times_then_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("half.json");
        std::fs::write(&path, "{\"id\": \"a\", \"body\": \"Kane").unwrap();
        let opts =
            WatchOptions { retries: 2, retry_after: Duration::from_millis(10), ..WatchOptions::default() };
        let mut s = Session::new(vec![dir.path().to_path_buf()], Vec::new(), &opts);
        let file = InputFile { path: path.clone(), rel: "half.json".into() };
        let skip = Skipped { source: path.display().to_string(), reason: "not valid JSON".into() };
        for attempt in 1..=2 {
            let (skipped, retrying) = s.settle(
                std::slice::from_ref(&file),
                &[stat(&path)],
                &[(path.clone(), 0)],
                vec![skip.clone()],
            );
            assert!(skipped.is_empty());
            assert_eq!(retrying.iter().map(|r| r.attempt).collect::<Vec<_>>(), vec![attempt]);
            assert_eq!(s.pending[&path].attempts, attempt);
        }
        let (skipped, retrying) =
            s.settle(std::slice::from_ref(&file), &[stat(&path)], &[(path.clone(), 0)], vec![skip.clone()]);
        assert_eq!((skipped, retrying.len()), (vec![skip], 0));
        assert!(s.pending.is_empty());
        // Given up on, the same version is not read again; a new version is.
        s.touch(path.clone(), 0);
        assert!(s.take_due(Instant::now() + Duration::from_secs(1)).0.is_empty());
        std::fs::write(&path, "{\"id\": \"a\", \"body\": \"Kane scored.\"}").unwrap();
        s.touch(path.clone(), 0);
        assert_eq!(s.take_due(Instant::now() + Duration::from_secs(1)).0, vec![(path, 0)]);
    }

    #[test]
    fn a_new_folder_and_its_file_both_due_read_the_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("late");
        std::fs::create_dir(&folder).unwrap();
        let file = folder.join("harbour.json");
        std::fs::write(&file, "{\"id\": \"h\", \"body\": \"Okonkwo scored.\"}").unwrap();
        let opts = WatchOptions::default();
        let mut s = Session::new(vec![dir.path().to_path_buf()], Vec::new(), &opts);
        s.touch(folder, 0);
        s.touch(file, 0);
        let (due, _) = s.take_due(Instant::now() + Duration::from_secs(1));
        assert_eq!(due.len(), 2, "{due:?}");
        let files = s.batch(&due);
        assert_eq!(files.iter().map(|f| f.rel.as_str()).collect::<Vec<_>>(), vec!["late/harbour.json"]);
    }

    #[test]
    fn reading_is_not_a_change() {
        assert!(!may_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(may_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(may_change(&EventKind::Create(notify::event::CreateKind::File)));
    }
}
