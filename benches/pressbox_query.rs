//! pressbox's query latency, in-process, on an index built by `pressbox index`:
//!
//! - `search`: the library's end-to-end `Searcher::search` (fallback modes, proximity
//!   re-ranking, diversification, highlights, stored fields), top 10;
//! - `bm25_and` / `bm25_or`: plain BM25 top 10 on the same index (each query word through
//!   pressbox's analyzer, all required / any will do, stored passages fetched), the figure
//!   comparable with the peers;
//! - `quote`: the library's `Searcher::quote` (candidates, wording comparison, outlets) over
//!   the sampled quotes as printed.
//!
//! `pressbox_query --index DIR --queries FILE [--quotes FILE] [--warm N] [--quote-warm N]`

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use pressbox::index::analyzer::PressboxTokenizer;
use pressbox::index::PressIndex;
use pressbox::search::{QuoteOptions, SearchOptions, Searcher};

fn main() -> anyhow::Result<()> {
    let args = common::args();
    if common::started_by_cargo_bench(&args) {
        println!("pressbox_query: run through bench/run (see BENCHMARKS.md)");
        return Ok(());
    }
    let dir = PathBuf::from(common::req(&args, "index")?);
    let queries = common::read_queries(&PathBuf::from(common::req(&args, "queries")?))?;
    let warm = common::num(&args, "warm", usize::MAX)?;
    let quotes = common::opt(&args, "quotes").map(PathBuf::from);
    let out = json!({
        "engine": "pressbox",
        "search": search_latency(&dir, &queries, warm)?,
        "bm25_and": bm25_latency(&dir, &queries, warm, Occur::Must)?,
        "bm25_or": bm25_latency(&dir, &queries, warm, Occur::Should)?,
        "quote": quote_latency(&dir, quotes.as_deref(), common::num(&args, "quote-warm", 30)?)?,
    });
    println!("{out}");
    Ok(())
}

/// `Searcher::search` with default options, and which fallback mode answered each query.
fn search_latency(dir: &Path, queries: &[common::BenchQuery], warm: usize) -> anyhow::Result<Value> {
    let searcher = Searcher::open(dir)?;
    let opts = SearchOptions::default();
    let mut v = common::time_queries(queries, warm, |q| {
        Ok(searcher.search(&q.text, &opts).map_or(0, |r| r.hits.len()))
    })?;
    // One more pass to see which mode answered each query (and whether any was refused), and
    // the latency by answering mode.
    let mut modes: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut errors = 0;
    for q in queries {
        let t = std::time::Instant::now();
        match searcher.search(&q.text, &opts) {
            Ok(r) => modes.entry(r.mode.name()).or_default().push(common::ms(t.elapsed())),
            Err(_) => errors += 1,
        }
    }
    v["modes"] = json!(modes.iter().map(|(m, xs)| (*m, xs.len())).collect::<BTreeMap<_, _>>());
    v["by_mode"] = json!(modes.iter().map(|(m, xs)| (*m, common::summary(xs))).collect::<BTreeMap<_, _>>());
    v["errors"] = json!(errors);
    Ok(v)
}

/// Plain BM25 top 10 over pressbox's passage field.
fn bm25_latency(
    dir: &Path,
    queries: &[common::BenchQuery],
    warm: usize,
    occur: Occur,
) -> anyhow::Result<Value> {
    let index = PressIndex::open(dir)?;
    let body = index.fields().body;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut tok = PressboxTokenizer::english();
    let top10 = TopDocs::with_limit(10).order_by_score();
    let mut v = common::time_queries(queries, warm, |q| {
        let terms: Vec<String> = tok.terms(&q.text).into_iter().map(|t| t.0).collect();
        let clauses: Vec<(Occur, Box<dyn Query>)> = common::unique(terms)
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_field_text(body, &t), IndexRecordOption::WithFreqs));
                (occur, q)
            })
            .collect();
        let top = searcher.search(&BooleanQuery::new(clauses), &top10)?;
        for (_, addr) in &top {
            let _doc: TantivyDocument = searcher.doc(*addr)?;
        }
        Ok(top.len())
    })?;
    v["segments"] = json!(searcher.segment_readers().len());
    Ok(v)
}

/// `Searcher::quote` over the quotes as printed (`--quotes FILE`, one a line), with the
/// default options. The index is warm from the passes before, so only the first `warm`
/// quotes are run untimed first (each takes a fifth of a second or so).
fn quote_latency(dir: &Path, quotes: Option<&Path>, warm: usize) -> anyhow::Result<Value> {
    let Some(path) = quotes else {
        return Ok(json!({"not_measured": "no --quotes file given"}));
    };
    let queries: Vec<common::BenchQuery> = std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| common::BenchQuery { kind: "quote".into(), text: l.to_string() })
        .collect();
    let searcher = Searcher::open(dir)?;
    let opts = QuoteOptions::default();
    common::time_queries(&queries, warm, |q| {
        Ok(searcher.quote(&q.text, &opts).map_or(0, |r| r.matches.len()))
    })
}
