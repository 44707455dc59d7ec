//! The limit: a bare pass of pressbox's analyzer (tokenise + fold + stem, nothing stored) over
//! the passages of one size, held in memory, on one thread and on two (the machine's cores).
//! For reference, the same pass with tantivy's `en_stem` (plain tantivy's analyzer).
//! Each figure is the best of `--runs` passes (default 2).
//!
//! `analyzer_pass --passages FILE --max-docs N [--runs 2]`

#[path = "common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::Instant;

use serde_json::json;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use pressbox::index::analyzer::PressboxTokenizer;

fn main() -> anyhow::Result<()> {
    let args = common::args();
    if common::started_by_cargo_bench(&args) {
        println!("analyzer_pass: run through bench/run (see BENCHMARKS.md)");
        return Ok(());
    }
    let passages = PathBuf::from(common::req(&args, "passages")?);
    let max = common::num(&args, "max-docs", usize::MAX)?;
    let runs = common::num(&args, "runs", 2)?.max(1);
    let mut texts = Vec::new();
    common::for_passages(&passages, max, |p| texts.push(p.text))?;
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mid = texts.len() / 2;
    let (a, b) = texts.split_at(mid);

    let pressbox = || TextAnalyzer::from(PressboxTokenizer::english());
    let en_stem = || tantivy::tokenizer::TokenizerManager::default().get("en_stem").expect("en_stem exists");
    let mut out = json!({"passages": texts.len(), "passage_bytes": bytes});
    for (name, make) in [("pressbox", &pressbox as &dyn Fn() -> TextAnalyzer), ("en_stem", &en_stem)] {
        let (mut one, mut two, mut tokens) = (f64::MAX, f64::MAX, 0);
        for _ in 0..runs {
            let t = Instant::now();
            tokens = pass(make(), &texts);
            one = one.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let (x, y) = (make(), make());
            std::thread::scope(|s| {
                let ha = s.spawn(move || pass(x, a));
                let hb = s.spawn(move || pass(y, b));
                let _ = (ha.join(), hb.join());
            });
            two = two.min(t.elapsed().as_secs_f64());
        }
        let mb = bytes as f64 / 1e6;
        out[name] = json!({"tokens": tokens, "seconds_1t": one, "seconds_2t": two,
                           "mb_s_1t": mb / one, "mb_s_2t": mb / two});
    }
    println!("{out}");
    Ok(())
}

/// Tokenises every text, as an indexing thread would (one analyzer for the whole run).
fn pass(mut analyzer: TextAnalyzer, texts: &[String]) -> usize {
    let mut n = 0;
    for t in texts {
        let mut stream = analyzer.token_stream(t);
        while stream.advance() {
            std::hint::black_box(&stream.token().text);
            n += 1;
        }
    }
    n
}
