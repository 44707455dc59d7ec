//! Where pressbox's indexing time goes: each stage of an indexing run, timed alone on one
//! thread over the articles of a gzipped JSONL file, as MB of body text per second. In
//! `index::build::run` a reader thread ingests; the main thread then splits, tags and extracts
//! quotes for each article (`main_thread`: the sum of those three, an upper bound on what it can
//! feed tantivy's indexing threads, which tokenise and write).
//!
//! - `ingest`: `ingest::read_file` (gunzip, JSON, markup, NFC, outlet attribution; reader thread);
//! - `passages`: `analysis::passages` (paragraphs, sentences, passages);
//! - `entities`: the built-in gazetteer's `Tagger::tag`;
//! - `quotes`: `analysis::quotes::extract_quotes` with the tagged people;
//! - `analyzer`: pressbox's analyzer over the passages (what the indexing threads do first).
//!
//! `pipeline_stages --corpus FILE.jsonl.gz [--max-articles N]`
//!
//! Growth (issue 9: every stage linear in article length): `pipeline_stages --growth
//! FILE.jsonl [--sizes 1,2,4,8]` builds one article per size (in MB) at run time by repeating
//! the corpus bodies (paragraphs joined by blank lines), times `Tagger::tag` plus
//! `extract_quotes` on each (best of `--repeat N`, default 2), and prints the growth exponent
//! per doubling, log2(t(2s) / t(s)): 1 is linear, 2 quadratic; the target is below 1.2.
//! Measured (debug build, thread CPU seconds, tag + quotes, 1/2/4/8 MB): before the linear
//! rewrite 8.1/25.2/74.5/243.2 s, exponents 1.63/1.56/1.71; after it 1.0/1.9/3.8/7.8 s,
//! exponents 0.95/0.99/1.03 (same mentions and quotes found).

#[path = "common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde_json::json;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use pressbox::analysis::entities::{EntityKind, Gazetteer, Tagged, Tagger};
use pressbox::analysis::quotes::{extract_quotes, PersonMention};
use pressbox::index::analyzer::PressboxTokenizer;
use pressbox::ingest::{self, InputFile, Item, OutletTable};
use pressbox::text::passages;

fn main() -> anyhow::Result<()> {
    let args = common::args();
    if common::started_by_cargo_bench(&args) {
        println!("pipeline_stages: run through bench/run (see BENCHMARKS.md)");
        return Ok(());
    }
    if let Some(file) = common::opt(&args, "growth") {
        return growth(&args, &PathBuf::from(file));
    }
    let corpus = PathBuf::from(common::req(&args, "corpus")?);
    let max = common::num(&args, "max-articles", usize::MAX)?;

    let outlets = OutletTable::builtin();
    let file = InputFile { path: corpus, rel: "corpus".into() };
    let mut texts: Vec<String> = Vec::new();
    let t = Instant::now();
    ingest::read_file(&file, &outlets, &mut |item| {
        if let Item::Article(a) = item {
            if texts.len() < max {
                texts.push(a.text);
            }
        }
    });
    let ingest_s = t.elapsed().as_secs_f64();
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;

    let t = Instant::now();
    let all_passages: Vec<_> = texts.iter().map(|t| passages(&pressbox::text::Tokens::new(t))).collect();
    let passages_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let tagger = Tagger::new(&Gazetteer::builtin());
    let tagger_setup_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let tagged: Vec<_> = texts.iter().map(|t| tagger.tag(t)).collect();
    let entities_s = t.elapsed().as_secs_f64();

    let people: Vec<Vec<PersonMention>> = tagged.iter().map(person_mentions).collect();
    let t = Instant::now();
    let quotes: usize = texts.iter().zip(&people).map(|(t, p)| extract_quotes(t, p).len()).sum();
    let quotes_s = t.elapsed().as_secs_f64();

    let mut analyzer = TextAnalyzer::from(PressboxTokenizer::english());
    let t = Instant::now();
    let mut tokens = 0usize;
    for (text, ps) in texts.iter().zip(&all_passages) {
        for p in ps {
            let mut stream = analyzer.token_stream(&text[p.range.clone()]);
            while stream.advance() {
                std::hint::black_box(&stream.token().text);
                tokens += 1;
            }
        }
    }
    let analyzer_s = t.elapsed().as_secs_f64();

    let stage = |s: f64| json!({"seconds": s, "mb_s": mb / s});
    // The reader thread ingests; the main thread splits, tags and extracts (then builds docs).
    let serial = passages_s + entities_s + quotes_s;
    println!(
        "{}",
        json!({
            "articles": texts.len(), "mb": mb, "quotes": quotes, "tokens": tokens,
            "ingest": stage(ingest_s), "passages": stage(passages_s), "entities": stage(entities_s),
            "quotes_stage": stage(quotes_s), "analyzer": stage(analyzer_s),
            "main_thread": stage(serial), "tagger_setup_seconds": tagger_setup_s,
        })
    );
    Ok(())
}

/// The tagged people of one article, as quote extraction takes them.
fn person_mentions(tg: &Tagged) -> Vec<PersonMention> {
    tg.mentions
        .iter()
        .filter(|m| tg.entities[m.entity].kind == EntityKind::Person)
        .map(|m| PersonMention {
            range: m.range.clone(),
            id: tg.entities[m.entity].id.clone(),
            name: tg.entities[m.entity].name.clone(),
        })
        .collect()
}

/// This thread's CPU time where Linux reports it (`/proc/thread-self/schedstat`), so that other
/// work on a shared machine does not blur the growth figures; wall-clock time elsewhere.
struct Clock {
    cpu: Option<u64>,
    wall: Instant,
}

impl Clock {
    fn cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }
    fn start() -> Self {
        Clock { cpu: Self::cpu_ns(), wall: Instant::now() }
    }
    fn seconds(&self) -> f64 {
        match (self.cpu, Self::cpu_ns()) {
            (Some(a), Some(b)) => (b.saturating_sub(a)) as f64 / 1e9,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

/// Times tagging and quote extraction on articles of growing size (see the module doc); on
/// Linux the times are the thread's CPU seconds.
fn growth(args: &[String], file: &std::path::Path) -> anyhow::Result<()> {
    let sizes: Vec<usize> = common::opt(args, "sizes")
        .unwrap_or_else(|| "1,2,4,8".into())
        .split(',')
        .map(|s| s.trim().parse::<usize>().with_context(|| format!("--sizes: bad size {s:?}")))
        .collect::<anyhow::Result<_>>()?;
    let repeat = common::num(args, "repeat", 2)?.max(1);
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let bodies: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["body"].as_str().map(str::to_string))
        .filter(|b| !b.trim().is_empty())
        .collect();
    if bodies.is_empty() {
        anyhow::bail!("{}: no article bodies", file.display());
    }
    let tagger = Tagger::new(&Gazetteer::builtin());
    let mut rows = Vec::new();
    let mut last: Option<(usize, f64)> = None;
    for &mb in &sizes {
        let want = mb * 1_000_000;
        let mut article = String::with_capacity(want + 100_000);
        for b in bodies.iter().cycle() {
            if article.len() >= want {
                break;
            }
            if !article.is_empty() {
                article.push_str("\n\n");
            }
            article.push_str(b);
        }
        let (mut tag_s, mut quotes_s) = (f64::MAX, f64::MAX);
        let (mut mentions, mut quotes) = (0, 0);
        for _ in 0..repeat {
            let t = Clock::start();
            let tagged = tagger.tag(&article);
            tag_s = tag_s.min(t.seconds());
            let people = person_mentions(&tagged);
            let t = Clock::start();
            quotes = extract_quotes(&article, &people).len();
            quotes_s = quotes_s.min(t.seconds());
            mentions = tagged.mentions.len();
        }
        let total = tag_s + quotes_s;
        // Per doubling of the size: log2 of the time ratio over log2 of the size ratio.
        let exponent = last.map(|(m, t)| (total / t).log2() / (mb as f64 / m as f64).log2());
        eprintln!(
            "{mb} MB: tag {tag_s:.3} s, quotes {quotes_s:.3} s, total {total:.3} s, {mentions} mentions, \
             {quotes} quotes{}",
            exponent.map_or(String::new(), |e| format!(", growth exponent {e:.2}"))
        );
        rows.push(json!({"mb": mb, "bytes": article.len(), "tag_seconds": tag_s, "quotes_seconds": quotes_s,
                         "seconds": total, "mentions": mentions, "quotes": quotes, "exponent": exponent}));
        last = Some((mb, total));
    }
    let first = rows.first().and_then(|r| r["seconds"].as_f64()).unwrap_or(0.0);
    let overall = match (sizes.first(), sizes.last(), rows.last().and_then(|r| r["seconds"].as_f64())) {
        (Some(&a), Some(&b), Some(t)) if b > a && first > 0.0 => {
            Some((t / first).log2() / (b as f64 / a as f64).log2())
        }
        _ => None,
    };
    println!("{}", json!({"growth": rows, "overall_exponent": overall}));
    Ok(())
}
