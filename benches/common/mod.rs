//! Shared pieces of the benchmark harnesses: argument look-up, the query file, latency
//! percentiles, and the passages file. Each harness prints one JSON object on stdout, which
//! `bench/report.py` turns into BENCHMARKS.md.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde::Deserialize;
use serde_json::{json, Value};

/// The process arguments after the program name.
pub fn args() -> Vec<String> {
    std::env::args().skip(1).collect()
}

/// True when the harness was started by a bare `cargo bench` (which passes `--bench` and
/// nothing else): harnesses then say how to run them and succeed.
pub fn started_by_cargo_bench(args: &[String]) -> bool {
    args.iter().all(|a| a == "--bench" || a.is_empty())
}

/// The value after `--name`, if given.
pub fn opt(args: &[String], name: &str) -> Option<String> {
    let flag = format!("--{name}");
    args.iter().position(|a| *a == flag).and_then(|i| args.get(i + 1)).cloned()
}

/// The value after `--name`; an error if missing.
pub fn req(args: &[String], name: &str) -> anyhow::Result<String> {
    opt(args, name).with_context(|| format!("missing --{name}"))
}

/// `--name N`, or `default`.
pub fn num(args: &[String], name: &str, default: usize) -> anyhow::Result<usize> {
    match opt(args, name) {
        Some(v) => v.parse().with_context(|| format!("--{name} wants a number, got {v:?}")),
        None => Ok(default),
    }
}

/// One benchmark query: its kind (`title`, `phrase2`, `phrase3`, `quote`) and its words
/// (lower case, separated by single spaces, no operators).
#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub kind: String,
    pub text: String,
}

/// Reads `kind<TAB>words` lines.
pub fn read_queries(path: &Path) -> anyhow::Result<Vec<BenchQuery>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line?;
        let Some((kind, text)) = line.split_once('\t') else { continue };
        out.push(BenchQuery { kind: kind.to_string(), text: text.to_string() });
    }
    if out.is_empty() {
        bail!("no queries in {}", path.display());
    }
    Ok(out)
}

/// One exported passage.
#[derive(Debug, Deserialize)]
pub struct PassageRecord {
    pub id: String,
    pub text: String,
}

/// Calls `f` on the first `max` passages of the JSONL file at `path`.
pub fn for_passages(path: &Path, max: usize, mut f: impl FnMut(PassageRecord)) -> anyhow::Result<usize> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut n = 0;
    for line in BufReader::with_capacity(1 << 20, file).lines() {
        if n >= max {
            break;
        }
        let line = line?;
        let rec: PassageRecord = serde_json::from_str(&line).context("bad passage record")?;
        f(rec);
        n += 1;
    }
    Ok(n)
}

/// The `q`-quantile (0..=1) of sorted `xs` by the nearest-rank method.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Summary of latencies in milliseconds.
pub fn summary(ms: &[f64]) -> Value {
    let mut s = ms.to_vec();
    s.sort_by(f64::total_cmp);
    let mean = if s.is_empty() { f64::NAN } else { s.iter().sum::<f64>() / s.len() as f64 };
    json!({
        "n": s.len(),
        "p50_ms": quantile(&s, 0.50),
        "p95_ms": quantile(&s, 0.95),
        "p99_ms": quantile(&s, 0.99),
        "mean_ms": mean,
        "max_ms": s.last().copied().unwrap_or(f64::NAN),
    })
}

/// Runs the first `warm` queries (all of them, if fewer) to warm caches, then every query
/// once, timed, one at a time. `run` returns how many hits it got. Returns the latency
/// summary, per-kind summaries and the count of queries with no hits.
pub fn time_queries(
    queries: &[BenchQuery],
    warm: usize,
    mut run: impl FnMut(&BenchQuery) -> anyhow::Result<usize>,
) -> anyhow::Result<Value> {
    for q in queries.iter().take(warm) {
        run(q)?;
    }
    let mut all = Vec::with_capacity(queries.len());
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut empty = 0;
    for q in queries {
        let t = Instant::now();
        let hits = run(q)?;
        let ms = ms(t.elapsed());
        if hits == 0 {
            empty += 1;
        }
        all.push(ms);
        by_kind.entry(q.kind.clone()).or_default().push(ms);
    }
    let mut v = summary(&all);
    let kinds: serde_json::Map<String, Value> =
        by_kind.into_iter().map(|(k, xs)| (k, summary(&xs))).collect();
    v["by_kind"] = Value::Object(kinds);
    v["no_hits"] = json!(empty);
    v["warm"] = json!(warm.min(queries.len()));
    Ok(v)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Words of a query as given (already lower case and space separated), each once, in order.
pub fn unique<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}
