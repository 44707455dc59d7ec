//! `pressbox verify`: whether an index on disk is sound, file by file.
//!
//! Checks, in order, each reported as a [`Problem`] naming the index file it concerns:
//! 1. `meta.json` reads and parses, and its schema is pressbox's;
//! 2. every file a segment of `meta.json` lists exists, and its tantivy checksum (the CRC32 in
//!    every file's footer) matches its content;
//! 3. in each segment whose files all passed: every live article's stored record decodes (its
//!    passages and mentions fall inside its text and table), and the `bounds` and `passages`
//!    fast fields agree with the record's passages.
//!
//! A segment that failed its checksums is not read further: damaged data is exactly what makes
//! tantivy's readers panic or ask for absurd allocations. Reads of the other segments are still
//! guarded ([`catch_unwind`]) so that `verify` itself never panics on a damaged index.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::index::{SegmentComponent, SegmentMeta};
use tantivy::schema::Value;
use tantivy::{Index, SegmentReader, TantivyDocument};

use super::record::ArticleRecord;
use super::schema::{self, read_bounds, Fields};

/// Problems listed per file at most; further ones are counted in one last line.
const MAX_PROBLEMS_PER_FILE: usize = 20;

/// The files every segment has, by component.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// One thing wrong with one file of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file's name inside the index directory (`meta.json`, `UUID.store`, ...).
    pub file: String,
    /// What is wrong with it.
    pub what: String,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// True when no problem was found.
    pub sound: bool,
    /// Segments listed in `meta.json`.
    pub segments: usize,
    /// Live articles whose records were read and checked.
    pub articles: u64,
    pub problems: Vec<Problem>,
}

impl Report {
    fn push(&mut self, file: impl Into<String>, what: impl Into<String>) {
        self.problems.push(Problem { file: file.into(), what: what.into() });
    }
}

/// Verifies the index in `dir` (which must hold a `meta.json`).
pub fn verify(dir: &Path) -> Report {
    let mut report = Report { sound: false, segments: 0, articles: 0, problems: Vec::new() };
    match super::shards::Manifest::read(dir) {
        // A set of shards: each shard checked as the index it is, its problems named by shard.
        Ok(Some(m)) => {
            for shard in &m.shards {
                let mut one = Report { sound: false, segments: 0, articles: 0, problems: Vec::new() };
                check(&dir.join(&shard.name), &mut one);
                report.segments += one.segments;
                report.articles += one.articles;
                for p in one.problems {
                    report.push(format!("{}/{}", shard.name, p.file), p.what);
                }
            }
        }
        Ok(None) => check(dir, &mut report),
        Err(e) => report.push(super::shards::MANIFEST, format!("{e:#}")),
    }
    report.sound = report.problems.is_empty();
    report
}

fn check(dir: &Path, report: &mut Report) {
    let index = match guarded(|| Index::open_in_dir(dir)) {
        Ok(Ok(index)) => index,
        Ok(Err(e)) => return report.push("meta.json", format!("cannot be read: {e}")),
        Err(panic) => return report.push("meta.json", format!("cannot be read: {panic}")),
    };
    let expected = serde_json::to_string(&schema::build()).unwrap_or_default();
    let found = serde_json::to_string(&index.schema()).unwrap_or_default();
    let fields = match Fields::from_schema(&index.schema()) {
        Some(fields) if expected == found => fields,
        _ => return report.push("meta.json", "the schema is not this version of pressbox's"),
    };
    let metas = match index.searchable_segment_metas() {
        Ok(metas) => metas,
        Err(e) => return report.push("meta.json", format!("cannot be read: {e}")),
    };
    report.segments = metas.len();
    for meta in metas {
        if check_files(dir, &index, &meta, report) {
            check_records(&index, meta, fields, report);
        }
    }
}

/// Checks that every file of the segment exists and matches its checksum; true when all do.
pub(super) fn check_files(dir: &Path, index: &Index, meta: &SegmentMeta, report: &mut Report) -> bool {
    let mut files: Vec<PathBuf> = COMPONENTS.iter().map(|c| meta.relative_path(c.clone())).collect();
    if meta.has_deletes() {
        files.push(meta.relative_path(SegmentComponent::Delete));
    }
    let mut ok = true;
    for file in files {
        let name = file.display().to_string();
        if !dir.join(&file).is_file() {
            report.push(name, "missing: meta.json lists it but the index directory has no such file");
            ok = false;
            continue;
        }
        match guarded(|| index.directory().validate_checksum(&file)) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => {
                report.push(name, "checksum mismatch: the file's content is damaged");
                ok = false;
            }
            Ok(Err(e)) => {
                report.push(name, format!("cannot be read: {e}"));
                ok = false;
            }
            Err(panic) => {
                report.push(name, format!("cannot be read: {panic}"));
                ok = false;
            }
        }
    }
    ok
}

/// Reads every live article of a segment whose files passed their checksums.
fn check_records(index: &Index, meta: SegmentMeta, fields: Fields, report: &mut Report) {
    let store = meta.relative_path(SegmentComponent::Store).display().to_string();
    let fast = meta.relative_path(SegmentComponent::FastFields).display().to_string();
    let max_doc = meta.max_doc();
    let segment = index.segment(meta);
    let result = guarded(|| -> anyhow::Result<()> {
        let reader = SegmentReader::open(&segment)?;
        if reader.max_doc() != max_doc {
            report.push(
                "meta.json",
                format!("lists {max_doc} documents for a segment that holds {}", reader.max_doc()),
            );
            return Ok(());
        }
        let store_reader = reader.get_store_reader(8)?;
        let bounds_col = reader.fast_fields().bytes("bounds")?;
        let passages_col = reader.fast_fields().u64("passages").ok();
        let (mut store_problems, mut fast_problems) = (0usize, 0usize);
        let mut bytes = Vec::new();
        let mut bounds = Vec::new();
        for doc in reader.doc_ids_alive() {
            let record =
                store_reader.get::<TantivyDocument>(doc).map_err(anyhow::Error::from).and_then(|d| {
                    let bytes = d
                        .get_first(fields.record)
                        .and_then(|v| v.as_bytes())
                        .ok_or_else(|| anyhow::anyhow!("an article has no stored record"))?;
                    ArticleRecord::decode(bytes)
                });
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    note(report, &store, &mut store_problems, format!("document {doc}: {e:#}"));
                    continue;
                }
            };
            report.articles += 1;
            read_bounds(bounds_col.as_ref(), doc, &mut bytes, &mut bounds)?;
            let want = if record.passages.is_empty() { 0 } else { record.passages.len() + 1 };
            if bounds.len() != want {
                note(
                    report,
                    &fast,
                    &mut fast_problems,
                    format!(
                        "article {}: {} passage bounds for {} passages in its record",
                        record.meta.id,
                        bounds.len(),
                        record.passages.len()
                    ),
                );
            } else if record.passages.iter().zip(&bounds).any(|(p, &b)| p.tokens[0] != b) {
                note(
                    report,
                    &fast,
                    &mut fast_problems,
                    format!("article {}: passage bounds disagree with its record", record.meta.id),
                );
            }
            if let Some(n) = passages_col.as_ref().and_then(|c| c.first(doc)) {
                if n != record.passages.len() as u64 {
                    note(
                        report,
                        &fast,
                        &mut fast_problems,
                        format!(
                            "article {}: the passage count says {n}, its record holds {}",
                            record.meta.id,
                            record.passages.len()
                        ),
                    );
                }
            }
        }
        for (file, n) in [(&store, store_problems), (&fast, fast_problems)] {
            if n > MAX_PROBLEMS_PER_FILE {
                report.push(file.clone(), format!("and {} more problems", n - MAX_PROBLEMS_PER_FILE));
            }
        }
        Ok(())
    });
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => report.push(store, format!("segment cannot be read: {e:#}")),
        Err(panic) => report.push(store, format!("segment cannot be read: {panic}")),
    }
}

/// The doc store files (`.store`) of the index's current segments, checked against their
/// checksums once per segment (`seen` remembers the verdicts by segment id): the problem of
/// the first damaged one, if any. A damaged block of the doc store can make tantivy's reader
/// ask for an absurd allocation, which aborts the process rather than panicking, so a server
/// checks before it reads (at start and after each reload). Costs one read of each new
/// segment's store.
pub fn damaged_store(dir: &Path, seen: &mut HashMap<String, Option<String>>) -> Option<String> {
    // A set of shards is read through one directory over all of them (segment ids are unique).
    let open = || match super::shards::Manifest::read(dir) {
        Ok(Some(m)) => super::shards::ShardsDirectory::open(&m.dirs(dir))
            .map_err(|e| tantivy::TantivyError::InternalError(format!("{e:#}")))
            .and_then(Index::open),
        _ => Index::open_in_dir(dir),
    };
    let index = match guarded(open) {
        Ok(Ok(index)) => index,
        Ok(Err(e)) => return Some(format!("meta.json cannot be read: {e}")),
        Err(panic) => return Some(format!("meta.json cannot be read: {panic}")),
    };
    let metas = match index.searchable_segment_metas() {
        Ok(metas) => metas,
        Err(e) => return Some(format!("meta.json cannot be read: {e}")),
    };
    let current: Vec<String> = metas.iter().map(|m| m.id().uuid_string()).collect();
    seen.retain(|id, _| current.contains(id));
    let mut first = None;
    for meta in metas {
        let verdict = seen.entry(meta.id().uuid_string()).or_insert_with(|| {
            let file = meta.relative_path(SegmentComponent::Store);
            let name = file.display().to_string();
            match guarded(|| index.directory().validate_checksum(&file)) {
                Ok(Ok(true)) => None,
                Ok(Ok(false)) => Some(format!("{name}: checksum mismatch")),
                Ok(Err(e)) => Some(format!("{name}: cannot be read: {e}")),
                Err(panic) => Some(format!("{name}: cannot be read: {panic}")),
            }
        });
        if first.is_none() {
            first = verdict.clone();
        }
    }
    first
}

/// Where [`damaged_store_cached`] keeps the segments whose store already checked sound.
const STORES_CHECKED: &str = ".stores-checked";

/// [`damaged_store`] for one-shot commands (`search`, `show`...): the segments whose store
/// checked sound are remembered in `DIR/.stores-checked` (segments never change once written),
/// so each store is read once, by the first command after the commit that made it, and not
/// by every command. A damaged store would otherwise be able to make tantivy allocate a size
/// read from the damaged bytes and abort the process, which no panic boundary can catch.
/// A file damaged in place after its check is not seen until `pressbox verify`.
pub fn damaged_store_cached(dir: &Path) -> Option<String> {
    let cache = dir.join(STORES_CHECKED);
    let known = std::fs::read_to_string(&cache).unwrap_or_default();
    let mut seen: HashMap<String, Option<String>> =
        known.lines().filter(|l| l.len() == 32).map(|l| (l.to_string(), None)).collect();
    let before = seen.len();
    let found = damaged_store(dir, &mut seen);
    let sound: Vec<&str> = seen.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| k.as_str()).collect();
    if found.is_none() && (sound.len() != before || known.lines().count() != sound.len()) {
        // Best effort: a read-only index is checked again next time.
        let _ = std::fs::write(&cache, sound.join("\n") + "\n");
    }
    found
}

/// Records a problem unless the file already has [`MAX_PROBLEMS_PER_FILE`]; counts it always.
fn note(report: &mut Report, file: &str, count: &mut usize, what: String) {
    *count += 1;
    if *count <= MAX_PROBLEMS_PER_FILE {
        report.push(file, what);
    }
}

/// Runs `f`, turning a panic into its message (printed nowhere: see [`crate::cli`]'s hook).
pub(super) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| panic_message(p.as_ref()))
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panic: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panic: {s}")
    } else {
        "panic".to_string()
    }
}
