//! An indexing run, as named stages reported to a [`Progress`]:
//!
//! 1. **discover**: expand the command-line paths into files (missing paths are noted);
//! 2. **index**: one reader thread reads files into articles and sends them in batches to a
//!    pool of analysis workers; each worker tokenises an article once and builds its document
//!    ([`super::document`]) with its own scratch (stem cache, buffers); one receiver, this
//!    thread, upserts the documents by article id (so indexing the same input twice replaces
//!    rather than duplicates, whatever order the workers finish in) and counts;
//! 3. **commit**: one commit for the whole run. Until it succeeds the index stays at its last
//!    good commit.
//!
//! [`run_files`] is stages 2 and 3 for a list of files with a writer the caller holds (what
//! `index --watch` runs for each batch); every article keeps the `first_seen` of its existing
//! record ([`super::first_seen`]).
//!
//! The index stage writes through a [`Route`]: one index here, or the shards of a sharded
//! directory ([`super::shards`]), where the reader thread names each article's shard as it reads
//! it, so that the input is read and analysed once whatever the number of shards.
//!
//! Nothing is written before the writer lock is held (a refused second writer changes
//! nothing). A run first removes the files an earlier run left behind when it died before its
//! commit (killed, or out of space); a run that fails rolls back and removes its own files,
//! and a full disk is reported as such ([`DiskFull`]), so that a re-run after freeing space
//! succeeds.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use crossbeam_channel::{bounded, Receiver, Sender};
use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::document::{self, Scratch};
use super::first_seen::FirstSeen;
use super::{Fields, PressIndex};
use crate::analysis::entities::{Gazetteer, Tagger};
use crate::ingest::{self, Article, Item, OutletTable, Skipped};

/// What to index and how.
pub struct BuildOptions {
    pub paths: Vec<PathBuf>,
    pub outlets: OutletTable,
    /// Tags entities (and resolves quote speakers to them); `None` skips tagging.
    pub tagger: Option<Tagger>,
    /// tantivy indexing threads.
    pub threads: usize,
    /// Memory budget of the writer, all threads together.
    pub heap_bytes: usize,
    /// User gazetteers to keep with the index ([`PressIndex::keep_gazetteer`]), once the run
    /// holds the writer lock. The tagger should already know them
    /// ([`PressIndex::gazetteer_with`]).
    pub keep_gazetteers: Vec<PathBuf>,
    /// The run's clock: the `first_seen` of articles new to the index. `None` is now; a
    /// sharded run gives all its shards one clock, so that they date their articles as one
    /// index would.
    pub started: Option<jiff::Timestamp>,
}

impl BuildOptions {
    /// Defaults sized for a small machine: two indexing threads, 256 MB; entities tagged with
    /// the built-in gazetteer.
    pub fn new(paths: Vec<PathBuf>, outlets: OutletTable) -> Self {
        let tagger = Some(Tagger::new(&Gazetteer::builtin()));
        BuildOptions {
            paths,
            outlets,
            tagger,
            threads: 2,
            heap_bytes: 256 << 20,
            keep_gazetteers: Vec::new(),
            started: None,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    pub files: usize,
    pub articles: usize,
    pub passages: usize,
    /// Bytes of article text indexed.
    pub text_bytes: u64,
    pub skipped: Vec<Skipped>,
    /// Command-line paths that do not exist.
    pub missing: Vec<String>,
    pub seconds: f64,
}

/// The stages of a run, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Discover,
    Index,
    Commit,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Discover => "discover",
            Stage::Index => "index",
            Stage::Commit => "commit",
        }
    }
}

/// Receives progress; the CLI draws a bar from it, tests ignore it.
pub trait Progress: Sync {
    /// A stage begins; `total` is its size when known (bytes of input for `Index`).
    fn stage(&self, stage: Stage, total: Option<u64>);
    /// Progress in the current stage: articles indexed and bytes of input read so far.
    fn step(&self, articles: usize, bytes: u64);
    /// The run is over.
    fn finish(&self);
}

/// A [`Progress`] that reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: Stage, _: Option<u64>) {}
    fn step(&self, _: usize, _: u64) {}
    fn finish(&self) {}
}

/// Articles per batch sent to a worker.
const BATCH: usize = 16;

/// What a worker hands back for one article.
enum Done {
    Built { dest: usize, id: String, doc: TantivyDocument, passages: usize, bytes: u64 },
    Skipped(Skipped),
    EndOfFile(u64),
}

/// A run stopped because the disk (or the index's share of it) is full. The index is still
/// at its last commit and the run's own files were removed.
#[derive(Debug, thiserror::Error)]
#[error("disk full while writing the index at {}: nothing was committed (the index is as it was) and this run's files were removed; free some space and run again", .dir.display())]
pub struct DiskFull {
    pub dir: PathBuf,
}

/// Runs the stages above against `index`.
pub fn run(index: &PressIndex, opts: &BuildOptions, progress: &dyn Progress) -> anyhow::Result<BuildReport> {
    let started = Instant::now();
    progress.stage(Stage::Discover, None);
    let (files, missing) = ingest::discover(&opts.paths);
    let mut report = run_discovered(index, opts, &files, progress)?;
    report.missing = missing.iter().map(|m| m.0.display().to_string()).collect();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Runs the stages after discovery on `files` (`opts.paths` is not read) with a writer of its
/// own: `verify --repair` gives each source file the relative name it was first indexed under,
/// so ids come out the same.
pub fn run_discovered(
    index: &PressIndex,
    opts: &BuildOptions,
    files: &[ingest::InputFile],
    progress: &dyn Progress,
) -> anyhow::Result<BuildReport> {
    let mut writer = index.writer(opts.threads, opts.heap_bytes)?;
    // Files of an earlier run that died before its commit: they would only take up space.
    let _ = writer.garbage_collect_files().wait();
    run_files(index, &mut writer, files, opts, progress)
}

/// The index and commit stages for `files` (`opts.paths` aside), with a writer the caller
/// holds: `index --watch` keeps one across its commits. On a failure the writer is rolled
/// back to the last commit and the run's files are removed.
pub fn run_files(
    index: &PressIndex,
    writer: &mut IndexWriter<TantivyDocument>,
    files: &[ingest::InputFile],
    opts: &BuildOptions,
    progress: &dyn Progress,
) -> anyhow::Result<BuildReport> {
    let started = Instant::now();
    let mut report = BuildReport { files: files.len(), ..BuildReport::default() };
    let total_bytes: u64 =
        files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    if let Err(e) = write(index, writer, opts, files, total_bytes, &mut report, progress) {
        return Err(abandon(index, writer, e));
    }
    progress.finish();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Where the articles of a run go: destinations numbered from 0 (one index, or the shards of
/// a sharded directory), each with its writer and the `first_seen` of what it holds.
pub trait Route: Sync {
    /// The destination of `article`, named by the reader thread as it reads it (a destination
    /// may be opened on first sight).
    fn route(&self, article: &Article) -> anyhow::Result<usize>;
    /// The `first_seen` of article `id` in destination `dest` ([`FirstSeen::of`]).
    fn first_seen(&self, dest: usize, id: &str) -> anyhow::Result<jiff::Timestamp>;
    /// Replaces article `id` in destination `dest` with `doc` (or adds it).
    fn upsert(&self, dest: usize, id: &str, doc: TantivyDocument) -> anyhow::Result<()>;
}

/// The route of a run into one index: everything to its one writer.
struct One<'w> {
    writer: &'w IndexWriter<TantivyDocument>,
    seen: FirstSeen,
    fields: Fields,
}

impl Route for One<'_> {
    fn route(&self, _: &Article) -> anyhow::Result<usize> {
        Ok(0)
    }

    fn first_seen(&self, _: usize, id: &str) -> anyhow::Result<jiff::Timestamp> {
        self.seen.of(id)
    }

    fn upsert(&self, _: usize, id: &str, doc: TantivyDocument) -> anyhow::Result<()> {
        upsert(self.writer, self.fields, id, doc)
    }
}

/// Replaces article `id` in the index of `writer` with `doc`.
pub(crate) fn upsert(
    writer: &IndexWriter<TantivyDocument>,
    fields: Fields,
    id: &str,
    doc: TantivyDocument,
) -> anyhow::Result<()> {
    writer.delete_term(Term::from_field_text(fields.id, id));
    writer.add_document(doc).context("cannot add an article to the index")?;
    Ok(())
}

/// The run once the writer lock is held: the gazetteers kept, the index stage, the commit.
fn write(
    index: &PressIndex,
    writer: &mut IndexWriter<TantivyDocument>,
    opts: &BuildOptions,
    files: &[ingest::InputFile],
    total_bytes: u64,
    report: &mut BuildReport,
    progress: &dyn Progress,
) -> anyhow::Result<()> {
    for file in &opts.keep_gazetteers {
        index.keep_gazetteer(file)?;
    }
    let one = One { writer: &*writer, seen: FirstSeen::new(index, opts.started)?, fields: index.fields };
    index_stage(&one, index.fields, opts, files, total_bytes, report, progress)?;
    drop(one);
    progress.stage(Stage::Commit, None);
    commit(writer)
}

/// The index stage: one reader thread reads `files` once and names each article's destination,
/// a pool of workers analyses the articles, and this thread upserts them through `route`.
pub(crate) fn index_stage(
    route: &dyn Route,
    fields: Fields,
    opts: &BuildOptions,
    files: &[ingest::InputFile],
    total_bytes: u64,
    report: &mut BuildReport,
    progress: &dyn Progress,
) -> anyhow::Result<()> {
    progress.stage(Stage::Index, Some(total_bytes));
    let workers = opts.threads.max(1);
    let (batch_tx, batch_rx) = bounded::<Vec<Routed>>(workers * 4);
    let (done_tx, done_rx) = bounded::<Done>(workers * BATCH * 4);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let outlets = &opts.outlets;
        let reader_done = done_tx.clone();
        let reader = scope.spawn(move || read_files(files, outlets, route, &batch_tx, &reader_done));
        let tagger = opts.tagger.as_ref();
        let fields = &fields;
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (rx, tx) = (batch_rx.clone(), done_tx.clone());
            handles.push(scope.spawn(move || analyse(fields, route, tagger, &rx, &tx)));
        }
        drop((batch_rx, done_tx));
        let mut bytes_read = 0u64;
        let result = receive(route, &done_rx, report, &mut bytes_read, progress);
        // On an error, stop the workers (and through them the reader) by dropping the
        // receiver they send to.
        drop(done_rx);
        for h in handles {
            match h.join() {
                Ok(r) => r?,
                Err(_) => anyhow::bail!("an analysis worker failed"),
            }
        }
        match reader.join() {
            Ok(r) => r?,
            Err(_) => anyhow::bail!("the reader thread failed"),
        }
        result
    })
}

/// After a failed run: finds the cause when tantivy only says that its indexing thread died,
/// rolls back, removes the run's files, and names a full disk as such.
pub(crate) fn abandon(
    index: &PressIndex,
    writer: &mut IndexWriter<TantivyDocument>,
    err: anyhow::Error,
) -> anyhow::Error {
    let dir = index.dir();
    let thread_died = err.chain().any(|e| matches!(e.downcast_ref(), Some(TantivyError::ErrorInThread(_))));
    // Joining the indexing threads (what preparing a commit does first) returns their error;
    // should they all have ended well after all, the prepared commit is abandoned unmade.
    let cause = if thread_died {
        match writer.prepare_commit() {
            Err(cause) => Some(cause),
            Ok(prepared) => {
                let _ = prepared.abort();
                None
            }
        }
    } else {
        None
    };
    let _ = writer.rollback();
    let _ = writer.garbage_collect_files().wait();
    settle(index, writer);
    if is_disk_full(&err) || cause.as_ref().is_some_and(|c| is_storage_full(c)) {
        return anyhow::Error::new(DiskFull { dir: dir.to_path_buf() });
    }
    match cause {
        Some(cause) => err.context(format!("an indexing thread failed: {cause}")),
        None => err,
    }
}

/// Waits for tantivy's indexing threads that a failure left running and removes what they
/// write. (tantivy's `prepare_commit` returns at the first thread that failed and lets the
/// others run on, detached; one may still be finishing a segment.) Polls the files the index
/// manages until none but the committed ones has been seen for [`SETTLE_QUIET`], at most
/// [`SETTLE_MAX`]; a later straggler is removed by the next run, which starts by collecting.
fn settle(index: &PressIndex, writer: &IndexWriter<TantivyDocument>) {
    let started = Instant::now();
    let mut quiet_since = Instant::now();
    while started.elapsed() < SETTLE_MAX && quiet_since.elapsed() < SETTLE_QUIET {
        std::thread::sleep(SETTLE_POLL);
        let living: Vec<String> = match index.index.searchable_segment_metas() {
            Ok(metas) => metas.iter().map(|m| m.id().uuid_string()).collect(),
            Err(_) => return,
        };
        // Segment files are named after their segment's id (`UUID.ext`, `UUID.N.del`).
        let stray = index.index.directory().list_managed_files().iter().any(|f| {
            let name = f.to_string_lossy();
            name.len() > 32 && !living.iter().any(|id| name.starts_with(id.as_str()))
        });
        if stray {
            let _ = writer.garbage_collect_files().wait();
            quiet_since = Instant::now();
        }
    }
}

const SETTLE_POLL: std::time::Duration = std::time::Duration::from_millis(20);
const SETTLE_QUIET: std::time::Duration = std::time::Duration::from_millis(200);
const SETTLE_MAX: std::time::Duration = std::time::Duration::from_secs(5);

/// True when `err` comes from a full disk (ENOSPC), wherever in its chain: tantivy keeps I/O
/// errors in `Arc`s and sometimes only as text, so the chain is read as text.
pub fn is_disk_full(err: &anyhow::Error) -> bool {
    err.chain().any(is_storage_full)
}

fn is_storage_full(e: &(dyn std::error::Error + 'static)) -> bool {
    if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull) {
        return true;
    }
    let text = format!("{e:?}");
    text.contains("StorageFull") || text.contains("os error 28") || text.contains("No space left on device")
}

/// An item read, with the destination of an article (0 for a skipped input).
type Routed = (Item, usize);

/// The reader thread: files into batches of routed items; a file's end is reported once it is
/// read. It stops early when the workers are gone, and at the first destination that cannot be
/// opened.
fn read_files(
    files: &[ingest::InputFile],
    outlets: &OutletTable,
    route: &dyn Route,
    batches: &Sender<Vec<Routed>>,
    done: &Sender<Done>,
) -> anyhow::Result<()> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut failed = None;
    for file in files {
        let mut stopped = false;
        let mut emit = |item: Item| {
            if stopped || failed.is_some() {
                return;
            }
            let dest = match &item {
                Item::Article(a) => match route.route(a) {
                    Ok(d) => d,
                    Err(e) => {
                        failed = Some(e);
                        return;
                    }
                },
                Item::Skipped(_) => 0,
            };
            batch.push((item, dest));
            if batch.len() >= BATCH {
                stopped |= batches.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err();
            }
        };
        ingest::read_file(file, outlets, &mut emit);
        if let Some(e) = failed {
            return Err(e);
        }
        if stopped || (!batch.is_empty() && batches.send(std::mem::take(&mut batch)).is_err()) {
            return Ok(());
        }
        let size = std::fs::metadata(&file.path).map(|m| m.len()).unwrap_or(0);
        if done.send(Done::EndOfFile(size)).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// An analysis worker: batches of items into documents, with its own scratch.
fn analyse(
    fields: &Fields,
    route: &dyn Route,
    tagger: Option<&Tagger>,
    rx: &Receiver<Vec<Routed>>,
    tx: &Sender<Done>,
) -> anyhow::Result<()> {
    let mut scratch = Scratch::default();
    for batch in rx {
        for (item, dest) in batch {
            let done = match item {
                Item::Skipped(s) => Done::Skipped(s),
                Item::Article(article) => {
                    let first_seen = route.first_seen(dest, &article.id)?;
                    built(fields, dest, &article, first_seen, tagger, &mut scratch)?
                }
            };
            if tx.send(done).is_err() {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn built(
    fields: &Fields,
    dest: usize,
    article: &Article,
    first_seen: jiff::Timestamp,
    tagger: Option<&Tagger>,
    scratch: &mut Scratch,
) -> anyhow::Result<Done> {
    Ok(match document::build(fields, article, first_seen, tagger, scratch)? {
        Ok(b) => Done::Built {
            dest,
            id: article.id.clone(),
            doc: b.doc,
            passages: b.passages,
            bytes: article.text.len() as u64,
        },
        Err(why) => Done::Skipped(Skipped { source: article.source.clone(), reason: why.reason() }),
    })
}

/// The one receiver: upserts documents in the order they arrive and keeps the counts.
fn receive(
    route: &dyn Route,
    rx: &Receiver<Done>,
    report: &mut BuildReport,
    bytes_read: &mut u64,
    progress: &dyn Progress,
) -> anyhow::Result<()> {
    for done in rx {
        match done {
            Done::EndOfFile(size) => {
                *bytes_read += size;
                progress.step(report.articles, *bytes_read);
            }
            Done::Skipped(s) => report.skipped.push(s),
            Done::Built { dest, id, doc, passages, bytes } => {
                route.upsert(dest, &id, doc)?;
                report.articles += 1;
                report.passages += passages;
                report.text_bytes += bytes;
            }
        }
    }
    Ok(())
}

pub(crate) fn commit(writer: &mut IndexWriter<TantivyDocument>) -> anyhow::Result<()> {
    // The commit writes segment files and then meta.json atomically: until meta.json is
    // replaced, the index is at its previous commit.
    writer.commit().context("cannot commit the index")?;
    Ok(())
}

/// Indexes one article now (tests and tools); the caller commits.
pub fn add_article(
    index: &PressIndex,
    writer: &IndexWriter<TantivyDocument>,
    article: &Article,
    tagger: Option<&Tagger>,
) -> anyhow::Result<usize> {
    let f = index.fields;
    let first_seen = FirstSeen::new(index, None)?.of(&article.id)?;
    writer.delete_term(Term::from_field_text(f.id, &article.id));
    match document::build(&f, article, first_seen, tagger, &mut Scratch::default())? {
        Ok(b) => {
            writer.add_document(b.doc).context("cannot add an article to the index")?;
            Ok(b.passages)
        }
        Err(_) => Ok(0),
    }
}
