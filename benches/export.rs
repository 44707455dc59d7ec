//! Prepares the benchmark inputs from a gzipped JSONL corpus (not timed for anyone):
//!
//! - `slice-quarter.jsonl.gz`, `slice-half.jsonl.gz`: the first quarter and half of the
//!   corpus's lines, for `pressbox index` (the full size uses the corpus file itself);
//! - `articles.jsonl`: `{id, text}` with text = title + "\n" + body for every article
//!   pressbox's own ingest reads (`pressbox::ingest`), in corpus order: the documents the peers
//!   index, one per article, as pressbox indexes one tantivy document per article;
//! - `passages.jsonl`: `{id, text}` for every passage pressbox makes (`pressbox::text::passages`),
//!   in corpus order, kept for the analyzer-pass limit;
//! - `slices.json`: per size, the articles, passages, body-text and article-text bytes it holds
//!   (a size's articles and passages are prefixes of `articles.jsonl` and `passages.jsonl`);
//! - `queries.tsv`: `kind<TAB>words`, sampled deterministically from the first quarter (titles,
//!   two- and three-word phrases) and from the quote oracle (quotes);
//! - `quotes.txt`: the sampled quotes as printed (one a line), for `pressbox quote`.
//!
//! `bench_export --corpus FILE.jsonl.gz [--quotes FILE] --out DIR [--per-kind N]`

#[path = "common/mod.rs"]
mod common;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use flate2::bufread::MultiGzDecoder;
use flate2::write::GzEncoder;
use serde_json::json;

use pressbox::ingest::{self, InputFile, Item, OutletTable};
use pressbox::text::passages;
use pressbox::text::words;

/// Lucene's English stop words: a sampled phrase made only of these is not a query anyone types.
const STOP: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
    "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
    "was", "will", "with",
];
/// Longest query kept, in words (pressbox accepts 64).
const MAX_QUERY_WORDS: usize = 48;

/// splitmix64: a small deterministic generator, so every run samples the same queries.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The words of `s`, lower case, as pressbox's analyzer finds them (so no operators survive).
fn query_words(s: &str) -> Vec<String> {
    words(s).map(|r| s[r].to_lowercase()).collect()
}

fn main() -> anyhow::Result<()> {
    let args = common::args();
    if common::started_by_cargo_bench(&args) {
        println!("bench_export: run through bench/run (see BENCHMARKS.md)");
        return Ok(());
    }
    let corpus = PathBuf::from(common::req(&args, "corpus")?);
    let out = PathBuf::from(common::req(&args, "out")?);
    let quotes = common::opt(&args, "quotes").map(PathBuf::from);
    let per_kind = common::num(&args, "per-kind", 300)?;
    std::fs::create_dir_all(&out)?;

    // Lines of the corpus, and the slices as line prefixes.
    let lines = count_lines(&corpus)?;
    let sizes = [("quarter", lines / 4), ("half", lines / 2), ("full", lines)];
    for (name, n) in &sizes[..2] {
        write_slice(&corpus, &out.join(format!("slice-{name}.jsonl.gz")), *n)?;
    }

    // Passages, in corpus order, with per-size totals.
    // articles, passages, body bytes, passage bytes, article-document bytes (title + "\n" + body)
    let mut totals = [(0usize, 0usize, 0u64, 0u64, 0u64); 3];
    let mut pw = BufWriter::with_capacity(1 << 20, File::create(out.join("passages.jsonl"))?);
    let mut aw = BufWriter::with_capacity(1 << 20, File::create(out.join("articles.jsonl"))?);
    let mut titles: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut err: Option<anyhow::Error> = None;
    let file = InputFile { path: corpus.clone(), rel: "corpus".into() };
    let outlets = OutletTable::builtin();
    let mut emit = |item: Item| {
        let Item::Article(a) = item else { return };
        if err.is_some() {
            return;
        }
        let line: usize = a.source.rsplit(':').next().and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
        let ps = passages(&pressbox::text::Tokens::new(&a.text));
        if ps.is_empty() {
            return;
        }
        let pbytes: u64 = ps.iter().map(|p| p.range.len() as u64).sum();
        let doc = match &a.title {
            Some(t) => format!("{t}\n{}", a.text),
            None => a.text.clone(),
        };
        for (i, (_, limit)) in sizes.iter().enumerate() {
            if line <= *limit {
                let t = &mut totals[i];
                t.0 += 1;
                t.1 += ps.len();
                t.2 += a.text.len() as u64;
                t.3 += pbytes;
                t.4 += doc.len() as u64;
            }
        }
        if let Err(e) = writeln!(aw, "{}", json!({"id": &a.id, "text": doc})) {
            err = Some(e.into());
            return;
        }
        for (k, p) in ps.iter().enumerate() {
            let rec = json!({"id": format!("{}#{k}", a.id), "text": &a.text[p.range.clone()]});
            if let Err(e) = writeln!(pw, "{rec}") {
                err = Some(e.into());
                return;
            }
            if line <= sizes[0].1 {
                texts.push(a.text[p.range.clone()].to_string());
            }
        }
        if line <= sizes[0].1 {
            if let Some(t) = &a.title {
                titles.push(t.clone());
            }
        }
    };
    ingest::read_file(&file, &outlets, &mut emit);
    if let Some(e) = err {
        return Err(e);
    }
    pw.flush()?;
    aw.flush()?;

    let slices: Vec<_> = sizes
        .iter()
        .zip(totals)
        .map(|((name, n), (articles, passages, bytes, pbytes, abytes))| {
            let gz =
                if *name == "full" { corpus.clone() } else { out.join(format!("slice-{name}.jsonl.gz")) };
            json!({"name": name, "lines": n, "articles": articles, "passages": passages,
                   "text_bytes": bytes, "passage_bytes": pbytes, "article_bytes": abytes,
                   "gz": gz})
        })
        .collect();
    std::fs::write(out.join("slices.json"), serde_json::to_string_pretty(&slices)?)?;

    // Queries.
    let mut rng = Rng(0x5EED_F00D_2024);
    let mut queries: Vec<(&str, String)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut take = |kind: &'static str, ws: Vec<String>, queries: &mut Vec<(&str, String)>| {
        if ws.is_empty() || ws.len() > MAX_QUERY_WORDS || ws.iter().all(|w| STOP.contains(&w.as_str())) {
            return false;
        }
        let q = ws.join(" ");
        if !seen.insert(q.clone()) {
            return false;
        }
        queries.push((kind, q));
        true
    };
    let mut tries = 0;
    let mut got = 0;
    while got < per_kind && tries < per_kind * 100 && !titles.is_empty() {
        tries += 1;
        let ws = query_words(&titles[rng.below(titles.len())]);
        if ws.len() >= 2 && take("title", ws, &mut queries) {
            got += 1;
        }
    }
    for (kind, k) in [("phrase2", 2usize), ("phrase3", 3)] {
        let (mut got, mut tries) = (0, 0);
        while got < per_kind && tries < per_kind * 100 && !texts.is_empty() {
            tries += 1;
            let ws = query_words(&texts[rng.below(texts.len())]);
            if ws.len() < k {
                continue;
            }
            let at = rng.below(ws.len() - k + 1);
            if take(kind, ws[at..at + k].to_vec(), &mut queries) {
                got += 1;
            }
        }
    }
    if let Some(path) = quotes {
        let mut all: Vec<String> = Vec::new();
        for line in BufReader::new(File::open(&path).with_context(|| format!("{}", path.display()))?).lines()
        {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            if let Some(q) = v["quote"].as_str() {
                all.push(q.to_string());
            }
        }
        let (mut got, mut tries) = (0, 0);
        let mut originals = BufWriter::new(File::create(out.join("quotes.txt"))?);
        while got < per_kind && tries < per_kind * 100 && !all.is_empty() {
            tries += 1;
            let q = all.swap_remove(rng.below(all.len()));
            if take("quote", query_words(&q), &mut queries) {
                writeln!(originals, "{}", q.replace(['\n', '\r'], " "))?;
                got += 1;
            }
        }
        originals.flush()?;
    }
    // Interleaved kinds, so that any prefix of the file is a fair mix.
    let kinds = ["title", "phrase2", "phrase3", "quote"];
    let mut by_kind: Vec<Vec<&String>> =
        kinds.iter().map(|k| queries.iter().filter(|q| q.0 == *k).map(|q| &q.1).collect()).collect();
    by_kind.iter_mut().for_each(|v| v.reverse());
    let mut qw = BufWriter::new(File::create(out.join("queries.tsv"))?);
    while by_kind.iter().any(|v| !v.is_empty()) {
        for (kind, v) in kinds.iter().zip(by_kind.iter_mut()) {
            if let Some(q) = v.pop() {
                writeln!(qw, "{kind}\t{q}")?;
            }
        }
    }
    qw.flush()?;
    println!("{}", json!({"slices": slices, "queries": queries.len()}));
    Ok(())
}

fn count_lines(path: &Path) -> anyhow::Result<usize> {
    let reader = BufReader::new(MultiGzDecoder::new(BufReader::new(File::open(path)?)));
    let mut n = 0;
    for line in reader.split(b'\n') {
        if !line?.iter().all(u8::is_ascii_whitespace) {
            n += 1;
        }
    }
    Ok(n)
}

/// Writes the first `n` non-blank lines of the gzipped `src` to the gzipped `dst`.
fn write_slice(src: &Path, dst: &Path, n: usize) -> anyhow::Result<()> {
    let reader = BufReader::new(MultiGzDecoder::new(BufReader::new(File::open(src)?)));
    let mut w = GzEncoder::new(BufWriter::new(File::create(dst)?), flate2::Compression::default());
    let mut kept = 0;
    for line in reader.split(b'\n') {
        if kept >= n {
            break;
        }
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        w.write_all(&line)?;
        w.write_all(b"\n")?;
        kept += 1;
    }
    w.finish()?.flush()?;
    Ok(())
}
