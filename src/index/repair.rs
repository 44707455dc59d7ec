//! `pressbox verify --repair`: rebuilds a damaged index from the source files its articles
//! were read from (each stored record names its source: `path`, `path:LINE`, `path#N`).
//!
//! Steps: hold the index's writer lock (a repair never races an indexing run); read the
//! sources from every segment whose files pass their checksums (a damaged segment is not read:
//! its articles are counted as unreadable, and come back only if another article names the
//! same file); index the sources that still exist, each under the relative name it was first
//! indexed under (so ids come out the same), into a fresh directory beside the index, with the
//! index's own gazetteers; verify it; then swap it in (two renames: the damaged index is
//! renamed aside, the new one takes its name, the damaged one is deleted). A repair that fails
//! before the swap leaves the old index as it was.
//!
//! Outlet tables given to the original runs (`--outlets`) are not kept with the index: the
//! rebuild uses the built-in table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{SegmentReader, TantivyDocument};

use super::build::{self, BuildOptions, BuildReport, Progress};
use super::record::ArticleRecord;
use super::verify::{self, check_files, guarded};
use super::PressIndex;
use crate::analysis::entities::Tagger;
use crate::error::user;
use crate::ingest::{InputFile, OutletTable};

/// What a repair did.
#[derive(Debug, Clone, Serialize)]
pub struct RepairReport {
    /// True when a rebuilt index took the old one's place.
    pub repaired: bool,
    /// Articles the damaged index listed (live documents in `meta.json`).
    pub articles_before: u64,
    /// Articles whose records could not be read (in damaged segments).
    pub unreadable: u64,
    /// Source files found and indexed again.
    pub sources: Vec<String>,
    /// Source files named by records that no longer exist.
    pub gone: Vec<String>,
    /// The rebuild, when there was one.
    pub rebuilt: Option<BuildReport>,
    /// `verify` of the index now in place.
    pub verify: verify::Report,
}

/// Repairs the index in `dir` when `verify` finds it damaged; a sound index is left alone.
pub fn repair(dir: &Path, progress: &dyn Progress) -> anyhow::Result<RepairReport> {
    let before = verify::verify(dir);
    if before.sound {
        return Ok(RepairReport {
            repaired: false,
            articles_before: before.articles,
            unreadable: 0,
            sources: Vec::new(),
            gone: Vec::new(),
            rebuilt: None,
            verify: before,
        });
    }
    let old = PressIndex::open(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot repair the index at {}: it does not open ({e:#}), so the sources of its articles cannot be read; index your files again into a new index",
            dir.display()
        )
    })?;
    let lock = old.writer(1, 15_000_000)?;
    let (found, articles_before, unreadable) = sources(&old);
    let mut files: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut gone = BTreeSet::new();
    for (source, ids) in found {
        match source_file(&source) {
            Some(file) => files.entry(file).or_default().extend(ids),
            None => {
                gone.insert(source_path(&source).to_string());
            }
        }
    }
    let inputs: Vec<InputFile> =
        files.iter().map(|(path, ids)| InputFile { path: path.clone(), rel: rel_for(path, ids) }).collect();
    let sources: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
    if inputs.is_empty() {
        return Err(user(format!(
            "cannot repair the index at {}: none of the source files its articles name is still there ({} gone)",
            dir.display(),
            gone.len()
        )));
    }

    // The rebuild, beside the index (same file system, so the swap is a rename).
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "index".into());
    let fresh = tempfile::Builder::new()
        .prefix(&format!(".{name}.repair-"))
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a directory beside {} for the rebuild", dir.display()))?;
    let mut opts = BuildOptions::new(Vec::new(), OutletTable::builtin());
    opts.tagger = Some(Tagger::new(&old.gazetteer()?));
    if let Ok(entries) = std::fs::read_dir(old.gazetteer_dir()) {
        opts.keep_gazetteers = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        opts.keep_gazetteers.sort();
    }
    let rebuilt = {
        let index = PressIndex::open_or_create(fresh.path())?;
        build::run_discovered(&index, &opts, &inputs, progress)
            .context("the rebuild failed (the damaged index is left as it was)")?
    };
    let check = verify::verify(fresh.path());
    if !check.sound {
        anyhow::bail!("the rebuilt index does not verify (the damaged index is left as it was)");
    }

    // The swap.
    drop(lock);
    drop(old);
    let aside = parent.join(format!(".{name}.damaged-{}", std::process::id()));
    std::fs::rename(dir, &aside)
        .with_context(|| format!("cannot move the damaged index {} aside", dir.display()))?;
    if let Err(e) = std::fs::rename(fresh.path(), dir) {
        let _ = std::fs::rename(&aside, dir);
        return Err(
            anyhow::Error::new(e).context(format!("cannot move the rebuilt index into {}", dir.display()))
        );
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(RepairReport {
        repaired: true,
        articles_before,
        unreadable,
        sources,
        gone: gone.into_iter().collect(),
        rebuilt: Some(rebuilt),
        verify: verify::verify(dir),
    })
}

/// The sources named by the readable records, with the ids of their articles; the live
/// articles `meta.json` lists; how many of them could not be read.
fn sources(index: &PressIndex) -> (BTreeMap<String, Vec<String>>, u64, u64) {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut listed, mut unreadable) = (0u64, 0u64);
    let Ok(metas) = index.index.searchable_segment_metas() else { return (found, 0, 0) };
    for meta in metas {
        let alive = u64::from(meta.num_docs());
        listed += alive;
        let mut scratch = verify::Report { sound: true, segments: 0, articles: 0, problems: Vec::new() };
        if !check_files(index.dir(), &index.index, &meta, &mut scratch) {
            unreadable += alive;
            continue;
        }
        let segment = index.index.segment(meta);
        let record_field = index.fields.record;
        let read = guarded(|| -> anyhow::Result<u64> {
            let reader = SegmentReader::open(&segment)?;
            let store = reader.get_store_reader(8)?;
            let mut read = 0;
            for doc in reader.doc_ids_alive() {
                let Ok(d) = store.get::<TantivyDocument>(doc) else { continue };
                let Some(bytes) = d.get_first(record_field).and_then(|v| v.as_bytes()) else { continue };
                let Ok(record) = ArticleRecord::decode(bytes) else { continue };
                found.entry(record.meta.source).or_default().push(record.meta.id);
                read += 1;
            }
            Ok(read)
        });
        match read {
            Ok(Ok(read)) => unreadable += alive.saturating_sub(read),
            _ => unreadable += alive,
        }
    }
    (found, listed, unreadable)
}

/// The path part of a source: `path`, `path:LINE` (JSONL) or `path#N` (JSON arrays, feeds,
/// web archives).
fn source_path(source: &str) -> &str {
    for sep in [':', '#'] {
        if let Some((path, n)) = source.rsplit_once(sep) {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return path;
            }
        }
    }
    source
}

/// The file a source names, when it still exists.
fn source_file(source: &str) -> Option<PathBuf> {
    [source, source_path(source)].into_iter().map(PathBuf::from).find(|p| p.is_file())
}

/// The relative name `path` was indexed under: the longest tail of the path (whole components)
/// that an id defaulted from (`rel`, `rel:LINE`, `rel#N`), else the file name (every id was the
/// record's own).
fn rel_for(path: &Path, ids: &BTreeSet<String>) -> String {
    let full = path.to_string_lossy().replace('\\', "/");
    let mut tails = vec![full.as_str()];
    tails.extend(full.match_indices('/').map(|(i, _)| &full[i + 1..]));
    for tail in tails.into_iter().filter(|t| !t.is_empty()) {
        let defaulted = ids.iter().any(|id| {
            id == tail
                || id.strip_prefix(tail).is_some_and(|rest| {
                    (rest.starts_with(':') || rest.starts_with('#'))
                        && rest[1..].bytes().all(|b| b.is_ascii_digit())
                })
        });
        if defaulted {
            return tail.to_string();
        }
    }
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_name_their_file() {
        assert_eq!(source_path("in/a.jsonl:12"), "in/a.jsonl");
        assert_eq!(source_path("in/a.json#3"), "in/a.json");
        assert_eq!(source_path("in/a.txt"), "in/a.txt");
        assert_eq!(source_path("C:/x.txt"), "C:/x.txt");
    }

    #[test]
    fn the_relative_name_comes_from_defaulted_ids() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let p = Path::new("/data/corpus/bbc/a.txt");
        assert_eq!(rel_for(p, &ids(&["bbc/a.txt"])), "bbc/a.txt");
        assert_eq!(rel_for(p, &ids(&["a.txt"])), "a.txt");
        let j = Path::new("corpus/feeds/x.jsonl");
        assert_eq!(rel_for(j, &ids(&["own-id", "feeds/x.jsonl:7"])), "feeds/x.jsonl");
        assert_eq!(rel_for(j, &ids(&["own-id"])), "x.jsonl");
    }
}
