//! Shards: an index directory split into several pressbox indexes, listed in a manifest, and
//! read as one.
//!
//! Layout: `DIR/shards.json` is the manifest,
//! `{"format": 1, "by": "hash" | "date", "count": N, "shards": [{"name": "shard-000"}, ...]}`,
//! and each shard is a normal pressbox index in `DIR/<name>/`. By hash, an article goes to
//! shard `fnv1a64(id as UTF-8) % N` (FNV-1a, 64 bits), named `shard-000`, `shard-001`...; by
//! date, to the shard of its publication year-month (`2019-07`) or `undated`. Other tools
//! (the Dask backfill) write the same layout with the same hash.
//!
//! Read as one: [`ShardsDirectory`] is a read-only tantivy [`Directory`] over the shards whose
//! `meta.json` lists every shard's segments (segment ids are UUIDs, unique across shards) and
//! whose files are read from the shard that holds them. tantivy then opens one `Index` with one
//! `Searcher` over all the segments, so every statistic BM25 reads (document frequencies,
//! token totals, document counts) is summed over all shards, exactly as in one index, and
//! every read path (search, quote, listings, matches, stats) is the single-index code itself.
//!
//! Written in one pass: [`index`] reads and analyses the input once, as the ordinary build does
//! ([`build::index_stage`]), and the reader thread sends each article to its shard's writer
//! (hash shards are all opened first; a month's shard is opened when its first article is
//! read). Upserts stay within the shard an id always maps to; each shard is committed, then the
//! manifest is written.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

use tantivy::{IndexWriter, TantivyDocument};

use super::build::{self, BuildOptions, BuildReport, Progress, Stage};
use super::first_seen::FirstSeen;
use super::{Fields, PressIndex};
use crate::error::user;
use crate::ingest::{self, Article};

/// The manifest's file name inside a sharded index directory.
pub const MANIFEST: &str = "shards.json";
/// The manifest format this version reads and writes.
pub const FORMAT: u32 = 1;
/// The shard of articles without a parsed date, when sharding by date.
pub const UNDATED: &str = "undated";
/// Most hash shards one `index --shards` makes.
pub const MAX_SHARDS: usize = 1024;

/// How articles are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// `fnv1a64(id) % count`.
    Hash,
    /// Year-month of the publication date, or [`UNDATED`].
    Date,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Hash => "hash",
            By::Date => "date",
        }
    }
}

/// One shard in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardEntry {
    pub name: String,
}

/// `DIR/shards.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub by: By,
    pub count: usize,
    pub shards: Vec<ShardEntry>,
}

/// FNV-1a, 64 bits, over `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The name of hash shard `i`.
pub fn hash_shard_name(i: usize) -> String {
    format!("shard-{i:03}")
}

/// The hash shard of article `id` among `count`.
pub fn hash_shard(id: &str, count: usize) -> usize {
    (fnv1a64(id.as_bytes()) % count.max(1) as u64) as usize
}

/// The date shard of an article published at `published`: `YYYY-MM` (UTC) or [`UNDATED`].
pub fn date_shard(published: Option<jiff::Timestamp>) -> String {
    match published {
        Some(t) => {
            let d = jiff::tz::TimeZone::UTC.to_datetime(t).date();
            format!("{:04}-{:02}", d.year(), d.month())
        }
        None => UNDATED.to_string(),
    }
}

/// True when `dir` holds a shard manifest.
pub fn is_sharded(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

impl Manifest {
    /// A manifest of `count` hash shards.
    pub fn hash(count: usize) -> Manifest {
        let shards = (0..count).map(|i| ShardEntry { name: hash_shard_name(i) }).collect();
        Manifest { format: FORMAT, by: By::Hash, count, shards }
    }

    /// A manifest of date shards with the given names.
    pub fn date(names: impl IntoIterator<Item = String>) -> Manifest {
        let names: BTreeSet<String> = names.into_iter().collect();
        let shards: Vec<ShardEntry> = names.into_iter().map(|name| ShardEntry { name }).collect();
        Manifest { format: FORMAT, by: By::Date, count: shards.len(), shards }
    }

    /// Reads `DIR/shards.json`; `None` when there is none. A manifest that does not parse, of
    /// another format, or naming a shard outside `DIR` is the user's to fix.
    pub fn read(dir: &Path) -> anyhow::Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot read {}", path.display()))),
        };
        let m: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| user(format!("{} is not a shard manifest: {e}", path.display())))?;
        if m.format != FORMAT {
            return Err(user(format!(
                "{} has format {}; this version of pressbox reads format {FORMAT}",
                path.display(),
                m.format
            )));
        }
        if m.shards.is_empty() || m.count != m.shards.len() {
            return Err(user(format!(
                "{}: count {} does not match its {} shards",
                path.display(),
                m.count,
                m.shards.len()
            )));
        }
        for s in &m.shards {
            let plain = !s.name.is_empty()
                && s.name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && !s.name.starts_with('.');
            if !plain {
                return Err(user(format!("{}: bad shard name {:?}", path.display(), s.name)));
            }
        }
        Ok(Some(m))
    }

    /// Writes `DIR/shards.json` atomically (a temporary file renamed over it).
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let tmp = dir.join(format!(".{MANIFEST}.tmp"));
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, dir.join(MANIFEST))
            .with_context(|| format!("cannot write the shard manifest in {}", dir.display()))?;
        Ok(())
    }

    /// The shard directories, in manifest order.
    pub fn dirs(&self, dir: &Path) -> Vec<PathBuf> {
        self.shards.iter().map(|s| dir.join(&s.name)).collect()
    }

    /// The name of the shard `article` belongs to.
    pub fn shard_of(&self, article: &Article) -> String {
        match self.by {
            By::Hash => hash_shard_name(hash_shard(&article.id, self.count)),
            By::Date => date_shard(article.published),
        }
    }
}

/// A read-only tantivy directory over the shards of a manifest (see the module comment).
#[derive(Clone)]
pub struct ShardsDirectory {
    shards: Arc<Vec<(PathBuf, MmapDirectory)>>,
    /// Segment id (32 hex digits) → shard, filled each time `meta.json` is assembled.
    owner: Arc<RwLock<HashMap<String, usize>>>,
}

impl std::fmt::Debug for ShardsDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let dirs: Vec<&PathBuf> = self.shards.iter().map(|(p, _)| p).collect();
        f.debug_struct("ShardsDirectory").field("shards", &dirs).finish()
    }
}

/// The `meta.json` tantivy reads.
const META: &str = "meta.json";

impl ShardsDirectory {
    /// Opens the shard directories (each must exist).
    pub fn open(dirs: &[PathBuf]) -> anyhow::Result<ShardsDirectory> {
        let mut shards = Vec::with_capacity(dirs.len());
        for d in dirs {
            let m =
                MmapDirectory::open(d).with_context(|| format!("cannot open the shard {}", d.display()))?;
            shards.push((d.clone(), m));
        }
        Ok(ShardsDirectory { shards: Arc::new(shards), owner: Arc::default() })
    }

    /// One `meta.json` listing every shard's segments. A shard without a `meta.json` (not yet
    /// built) adds nothing; settings and schema come from the first shard that has one.
    fn merged_meta(&self) -> Result<Vec<u8>, OpenReadError> {
        let mut merged: Option<serde_json::Value> = None;
        let mut segments = Vec::new();
        let mut opstamp = 0u64;
        let mut owner = HashMap::new();
        for (i, (path, d)) in self.shards.iter().enumerate() {
            let bytes = match d.atomic_read(Path::new(META)) {
                Ok(b) => b,
                Err(OpenReadError::FileDoesNotExist(_)) => continue,
                Err(e) => return Err(e),
            };
            let bad = |why: String| OpenReadError::IoError {
                io_error: Arc::new(io::Error::new(io::ErrorKind::InvalidData, why)),
                filepath: path.join(META),
            };
            let mut v: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|e| bad(format!("meta.json does not parse: {e}")))?;
            let list = match v.get_mut("segments").map(serde_json::Value::take) {
                Some(serde_json::Value::Array(list)) => list,
                _ => return Err(bad("meta.json lists no segments".to_string())),
            };
            for s in list {
                if let Some(id) = s.get("segment_id").and_then(|x| x.as_str()) {
                    owner.insert(id.replace('-', ""), i);
                }
                segments.push(s);
            }
            opstamp = opstamp.max(v.get("opstamp").and_then(serde_json::Value::as_u64).unwrap_or(0));
            if merged.is_none() {
                merged = Some(v);
            }
        }
        let Some(mut meta) = merged else {
            return Err(OpenReadError::FileDoesNotExist(PathBuf::from(META)));
        };
        meta["segments"] = serde_json::Value::Array(segments);
        meta["opstamp"] = opstamp.into();
        meta["payload"] = serde_json::Value::Null;
        *self.owner.write().unwrap_or_else(|e| e.into_inner()) = owner;
        serde_json::to_vec(&meta).map_err(|e| OpenReadError::IoError {
            io_error: Arc::new(io::Error::other(e)),
            filepath: PathBuf::from(META),
        })
    }

    /// The shard holding `path` (a segment file is named after its segment: `UUID.ext`).
    fn shard_of(&self, path: &Path) -> Option<&MmapDirectory> {
        let name = path.file_name()?.to_str()?;
        let id = name.get(..32)?;
        let i = *self.owner.read().unwrap_or_else(|e| e.into_inner()).get(id)?;
        self.shards.get(i).map(|(_, d)| d)
    }
}

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{}: a set of shards is read as one but written shard by shard", path.display()),
    )
}

impl Directory for ShardsDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.shard_of(path) {
            Some(d) => d.get_file_handle(path),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: Arc::new(read_only(path)), filepath: path.to_path_buf() })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        if path == Path::new(META) {
            return Ok(self.shards.iter().any(|(_, d)| d.exists(path).unwrap_or(false)));
        }
        match self.shard_of(path) {
            Some(d) => d.exists(path),
            None => Ok(false),
        }
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(read_only(path), path.to_path_buf()))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        if path == Path::new(META) {
            return self.merged_meta();
        }
        // `.managed.json` and the rest: a reader needs none of them.
        Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// A lock is taken in every shard (the reader's meta lock keeps each shard's writer from
    /// removing files while the segments are opened).
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let mut held = Vec::with_capacity(self.shards.len());
        for (_, d) in self.shards.iter() {
            held.push(d.acquire_lock(lock)?);
        }
        Ok(DirectoryLock::from(Box::new(held)))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// What `index --shards` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    pub by: By,
    /// Hash shards (ignored by date).
    pub count: usize,
}

/// Indexes `opts.paths` into the shards of `dir`: the existing manifest's, or a new one made
/// from `wanted`. The input is read and analysed once, each article written by its shard's
/// writer ([`Router`]); every shard is committed, then the manifest is written.
pub fn index(
    dir: &Path,
    wanted: Option<Wanted>,
    mut opts: BuildOptions,
    progress: &dyn Progress,
) -> anyhow::Result<BuildReport> {
    let started = Instant::now();
    let existing = Manifest::read(dir)?;
    if existing.is_none() && super::single_exists(dir) {
        return Err(user(format!(
            "{} holds a single (unsharded) index: give `--shards` a new directory",
            dir.display()
        )));
    }
    if let (Some(m), Some(w)) = (&existing, wanted) {
        if m.by != w.by || (w.by == By::Hash && m.count != w.count) {
            return Err(user(format!(
                "{} is sharded by {} into {} shards: re-index it without --shards (or with the same ones), or use a new directory",
                dir.display(),
                m.by.as_str(),
                m.count
            )));
        }
    }
    let by = match (&existing, wanted) {
        (Some(m), _) => m.by,
        (None, Some(w)) => w.by,
        (None, None) => anyhow::bail!("{} is not sharded", dir.display()),
    };
    if let (None, Some(w)) = (&existing, wanted) {
        if w.by == By::Hash && !(1..=MAX_SHARDS).contains(&w.count) {
            return Err(user(format!("--shards must be between 1 and {MAX_SHARDS}")));
        }
    }
    progress.stage(Stage::Discover, None);
    let (files, missing) = ingest::discover(&opts.paths);
    let count = match (&existing, by) {
        (Some(m), By::Hash) => m.count,
        (None, By::Hash) => wanted.map_or(1, |w| w.count),
        (_, By::Date) => 0,
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // One clock for every shard: articles of this run are first seen at the same moment, as
    // in one index, so that orders by date agree with one index's.
    opts.started = Some(opts.started.unwrap_or_else(jiff::Timestamp::now));
    let router = Router::new(dir, by, count, &opts);
    let mut report = BuildReport { files: files.len(), ..BuildReport::default() };
    let mut shards = match write(&router, existing.as_ref(), &files, &opts, &mut report, progress) {
        Ok(()) => router.into_shards(),
        Err(e) => return Err(abandon(router.into_shards(), e)),
    };
    // Each shard committed in name order; one that fails is rolled back with those after it
    // (those before it keep their commit, and the manifest is not written).
    progress.stage(Stage::Commit, None);
    shards.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<String> = shards.iter().map(|s| s.name.clone()).collect();
    let mut pending = shards.into_iter();
    while let Some(mut shard) = pending.next() {
        if let Err(e) = build::commit(&mut shard.writer) {
            let e = e.context(format!("cannot index the shard {}", shard.name));
            return Err(abandon(std::iter::once(shard).chain(pending).collect(), e));
        }
    }
    let manifest = match by {
        By::Hash => existing.unwrap_or_else(|| Manifest::hash(count)),
        By::Date => Manifest::date(names),
    };
    manifest.write(dir)?;
    progress.finish();
    report.missing = missing.iter().map(|m| m.0.display().to_string()).collect();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The shards the run writes to before its articles are read (every hash shard; the existing
/// month shards), then the index stage; a run that read no article into a new set of date
/// shards still makes one ([`UNDATED`]) so that the manifest lists one.
fn write(
    router: &Router,
    existing: Option<&Manifest>,
    files: &[ingest::InputFile],
    opts: &BuildOptions,
    report: &mut BuildReport,
    progress: &dyn Progress,
) -> anyhow::Result<()> {
    match router.by {
        By::Hash => {
            for i in 0..router.count {
                router.open(&hash_shard_name(i))?;
            }
        }
        By::Date => {
            for s in existing.iter().flat_map(|m| &m.shards) {
                router.open(&s.name)?;
            }
        }
    }
    let total_bytes: u64 =
        files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    let fields = Fields::from_schema(&super::schema::build())
        .ok_or_else(|| anyhow::anyhow!("the schema lacks a pressbox field"))?;
    build::index_stage(router, fields, opts, files, total_bytes, report, progress)?;
    if router.is_empty() {
        router.open(UNDATED)?;
    }
    Ok(())
}

/// After a failed run: each shard not committed is rolled back and its files removed
/// ([`build::abandon`]).
fn abandon(shards: Vec<Shard>, mut err: anyhow::Error) -> anyhow::Error {
    for mut s in shards {
        err = build::abandon(&s.index, &mut s.writer, err);
    }
    err
}

/// One shard being written: its index, its writer, and the `first_seen` of what it holds.
struct Shard {
    name: String,
    index: PressIndex,
    writer: IndexWriter<TantivyDocument>,
    seen: FirstSeen,
}

/// The shards open in a run, numbered in the order they were opened.
#[derive(Default)]
struct Open {
    shards: Vec<Shard>,
    by_name: HashMap<String, usize>,
}

/// The route of a sharded run ([`build::Route`]): an article to its hash shard (opened before
/// the run, so shard `i` is destination `i`), or to its month's shard, opened the first time
/// an article of that month is read.
struct Router<'a> {
    dir: &'a Path,
    by: By,
    /// Hash shards (0 by date).
    count: usize,
    opts: &'a BuildOptions,
    /// tantivy threads and memory budget of each shard's writer.
    threads: usize,
    heap_bytes: usize,
    open: RwLock<Open>,
}

/// The memory budget of the writer of one month shard: months are many and each small, and
/// all are open together.
const MONTH_HEAP_BYTES: usize = 16 << 20;

impl<'a> Router<'a> {
    fn new(dir: &'a Path, by: By, count: usize, opts: &'a BuildOptions) -> Router<'a> {
        // The hash shards share the run's threads and memory budget (all are written at once);
        // tantivy asks for at least 15 MB a thread.
        let (threads, heap_bytes) = match by {
            By::Hash => {
                let threads = (opts.threads / count.max(1)).max(1);
                (threads, (opts.heap_bytes / count.max(1)).max(threads * MONTH_HEAP_BYTES))
            }
            By::Date => (1, MONTH_HEAP_BYTES),
        };
        Router { dir, by, count, opts, threads, heap_bytes, open: RwLock::default() }
    }

    /// Opens the shard `name` (creating it if needed) with its writer, as a run of the
    /// ordinary build does: an earlier run's leftovers removed, the run's gazetteers kept.
    fn open(&self, name: &str) -> anyhow::Result<usize> {
        let mut open = self.open.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&i) = open.by_name.get(name) {
            return Ok(i);
        }
        let opened = || -> anyhow::Result<Shard> {
            let index = PressIndex::open_or_create(&self.dir.join(name))?;
            let writer = index.writer(self.threads, self.heap_bytes)?;
            let _ = writer.garbage_collect_files().wait();
            for file in &self.opts.keep_gazetteers {
                index.keep_gazetteer(file)?;
            }
            let seen = FirstSeen::new(&index, self.opts.started)?;
            Ok(Shard { name: name.to_string(), index, writer, seen })
        };
        let shard = opened().with_context(|| format!("cannot index the shard {name}"))?;
        let i = open.shards.len();
        open.shards.push(shard);
        open.by_name.insert(name.to_string(), i);
        Ok(i)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Open> {
        self.open.read().unwrap_or_else(|e| e.into_inner())
    }

    fn is_empty(&self) -> bool {
        self.read().shards.is_empty()
    }

    fn into_shards(self) -> Vec<Shard> {
        self.open.into_inner().unwrap_or_else(|e| e.into_inner()).shards
    }

    /// Shard `dest` (a destination this router gave out).
    fn with<T>(&self, dest: usize, f: impl FnOnce(&Shard) -> anyhow::Result<T>) -> anyhow::Result<T> {
        let open = self.read();
        let shard = open.shards.get(dest).ok_or_else(|| anyhow::anyhow!("no shard {dest} is open"))?;
        f(shard).with_context(|| format!("cannot index the shard {}", shard.name))
    }
}

impl build::Route for Router<'_> {
    fn route(&self, article: &Article) -> anyhow::Result<usize> {
        match self.by {
            By::Hash => Ok(hash_shard(&article.id, self.count)),
            By::Date => {
                let name = date_shard(article.published);
                if let Some(&i) = self.read().by_name.get(&name) {
                    return Ok(i);
                }
                self.open(&name)
            }
        }
    }

    fn first_seen(&self, dest: usize, id: &str) -> anyhow::Result<jiff::Timestamp> {
        self.with(dest, |s| s.seen.of(id))
    }

    fn upsert(&self, dest: usize, id: &str, doc: TantivyDocument) -> anyhow::Result<()> {
        self.with(dest, |s| build::upsert(&s.writer, s.index.fields(), id, doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_vectors() {
        // From the FNV reference test suite (fnv-1a, 64 bits).
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
        assert_eq!(hash_shard_name(hash_shard("a", 4)), format!("shard-{:03}", 0xaf63dc4c8601ec8cu64 % 4));
    }

    #[test]
    fn dates_shard_by_utc_month() {
        let t: jiff::Timestamp = "2019-07-31T23:30:00Z".parse().unwrap();
        assert_eq!(date_shard(Some(t)), "2019-07");
        assert_eq!(date_shard(None), "undated");
    }

    #[test]
    fn manifest_round_trips_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), None);
        let m = Manifest::hash(3);
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), Some(m));
        let text = std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["by"], "hash");
        assert_eq!(v["shards"][2]["name"], "shard-002");
        for bad in [
            r#"{"format": 2, "by": "hash", "count": 1, "shards": [{"name": "a"}]}"#,
            r#"{"format": 1, "by": "hash", "count": 2, "shards": [{"name": "a"}]}"#,
            r#"{"format": 1, "by": "hash", "count": 1, "shards": [{"name": "../x"}]}"#,
            "not json",
        ] {
            std::fs::write(dir.path().join(MANIFEST), bad).unwrap();
            let err = Manifest::read(dir.path()).unwrap_err();
            assert!(crate::error::is_user_error(&err), "{bad}: {err:#}");
        }
    }
}
