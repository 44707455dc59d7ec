//! Where an index's bytes go (issue 9: index <= 1.2x text): tantivy's space usage per segment
//! file and per field (term dictionary, postings, positions, fieldnorms, fast fields, doc store),
//! then the article records split by part (postcard-encoded alone, uncompressed), as JSON.
//!
//! `index_space --index DIR`

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::json;
use tantivy::schema::Value;
use tantivy::{Index, TantivyDocument};

use pressbox::index::record::ArticleRecord;

fn main() -> anyhow::Result<()> {
    let args = common::args();
    if common::started_by_cargo_bench(&args) {
        println!("index_space: run by hand, `index_space --index DIR`");
        return Ok(());
    }
    let dir = PathBuf::from(common::req(&args, "index")?);
    let index = Index::open_in_dir(&dir)?;
    let schema = index.schema();
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut files: BTreeMap<&str, u64> = BTreeMap::new();
    let mut fields: BTreeMap<String, BTreeMap<&str, u64>> = BTreeMap::new();
    for seg in usage.segments() {
        let parts = [
            ("termdict", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fieldnorms", seg.fieldnorms()),
            ("fast", seg.fast_fields()),
        ];
        for (name, part) in parts {
            *files.entry(name).or_default() += part.total().get_bytes();
            for u in part.fields() {
                let field = u.field_name().to_string();
                *fields.entry(field).or_default().entry(name).or_default() += u.total().get_bytes();
            }
        }
        *files.entry("store").or_default() += seg.store().total().get_bytes();
        *files.entry("deletes").or_default() += seg.deletes().get_bytes();
    }
    // The records, part by part.
    let record_field = schema.get_field("record")?;
    let mut parts: BTreeMap<&str, u64> = BTreeMap::new();
    let mut zparts: BTreeMap<&str, u64> = BTreeMap::new();
    // `--levels 3,9`: every record compressed alone at each zstd level, bytes and CPU seconds.
    let levels: Vec<i32> = common::opt(&args, "levels")
        .map(|l| l.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default();
    let mut by_level: Vec<(u64, std::time::Duration)> = vec![Default::default(); levels.len()];
    let mut n = 0u64;
    for reader in searcher.segment_readers() {
        let store = reader.get_store_reader(64)?;
        for doc in store.iter::<TantivyDocument>(reader.alive_bitset()) {
            let doc = doc?;
            let Some(bytes) = doc.get_first(record_field).and_then(|v| v.as_bytes()) else { continue };
            let r = ArticleRecord::decode(bytes)?;
            n += 1;
            *parts.entry("whole").or_default() += bytes.len() as u64;
            *parts.entry("meta").or_default() += size(&r.meta);
            *parts.entry("text").or_default() += size(&r.text);
            *parts.entry("passages").or_default() += size(&r.passages);
            *parts.entry("entities").or_default() += size(&r.entities);
            *parts.entry("mentions").or_default() += size(&r.mentions);
            *parts.entry("quotes").or_default() += size(&r.quotes);
            *parts.entry("facts").or_default() += size(&r.facts);
            // Compressed alone at the doc store's level (a 4 KB block holds about one record):
            // the whole record, then without one part, so the difference is what it costs.
            *zparts.entry("whole").or_default() += zsize(&r);
            for (i, &level) in levels.iter().enumerate() {
                let t = std::time::Instant::now();
                by_level[i].0 += zstd::bulk::compress(bytes, level)?.len() as u64;
                by_level[i].1 += t.elapsed();
            }
            let without: [(&str, Strip); 8] = [
                ("text", |r| r.text.clear()),
                ("quotes.text", |r| r.quotes.iter_mut().for_each(|q| q.text.clear())),
                ("quotes.cue", |r| r.quotes.iter_mut().for_each(|q| q.cue = None)),
                ("quotes", |r| r.quotes.clear()),
                ("passages", |r| r.passages.clear()),
                ("entities+mentions", |r| {
                    r.entities.clear();
                    r.mentions.clear();
                }),
                ("mentions", |r| r.mentions.clear()),
                ("meta", |r| {
                    r.meta.source.clear();
                    r.meta.url = None;
                    r.meta.title = None;
                }),
            ];
            for (name, f) in without {
                let mut r2 = r.clone();
                f(&mut r2);
                *zparts.entry(name).or_default() += zsize(&r) - zsize(&r2);
            }
        }
    }
    let out = json!({
        "index": dir,
        "bytes_by_file": files,
        "bytes_by_field": fields,
        "records": n,
        "record_bytes_by_part_uncompressed": parts,
        "record_bytes_zstd3_by_part": zparts,
        "records_zstd_by_level": levels.iter().zip(&by_level).map(|(l, (b, t))| {
            json!({"level": l, "bytes": b, "seconds": t.as_secs_f64()})
        }).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// Empties one part of a record.
type Strip = fn(&mut ArticleRecord);

/// Postcard size of a serialisable value.
fn size<T: serde::Serialize>(v: &T) -> u64 {
    postcard::to_allocvec(v).map(|v| v.len() as u64).unwrap_or(0)
}

/// zstd level 3 size of a record's encoding.
fn zsize(r: &ArticleRecord) -> u64 {
    let bytes = r.encode().unwrap_or_default();
    zstd::bulk::compress(&bytes, 3).map(|v| v.len() as u64).unwrap_or(0)
}
