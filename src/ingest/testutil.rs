//! Helpers shared by the ingest unit tests: write bytes to a temp file, read it back as items.

use super::read::{read_file, InputFile};
use super::{Article, Item, OutletTable, Skipped};
use std::io::Write;

/// Writes `bytes` as `name` in a fresh temp dir and reads it with the built-in outlet table.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Vec<Item> {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let file = InputFile { path, rel: name.to_string() };
    let mut items = Vec::new();
    read_file(&file, &OutletTable::builtin(), &mut |item| items.push(item));
    items
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub fn article(item: &Item) -> &Article {
    match item {
        Item::Article(a) => a,
        Item::Skipped(s) => panic!("expected an article, got {s:?}"),
    }
}

pub fn skip(item: &Item) -> &Skipped {
    match item {
        Item::Skipped(s) => s,
        Item::Article(a) => panic!("expected a skip, got article {}", a.id),
    }
}

/// Lower-cased alphanumeric words.
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Token-level (bag of words) precision, recall and F1 of `got` against `want`.
pub fn prf(got: &str, want: &str) -> (f64, f64, f64) {
    let (got, want) = (tokens(got), tokens(want));
    let mut counts: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for w in &want {
        *counts.entry(w).or_default() += 1;
    }
    let mut overlap = 0;
    for g in &got {
        if let Some(c) = counts.get_mut(g.as_str()).filter(|c| **c > 0) {
            *c -= 1;
            overlap += 1;
        }
    }
    let p = overlap as f64 / got.len().max(1) as f64;
    let r = overlap as f64 / want.len().max(1) as f64;
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}
