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

#[path = "common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::Instant;

use serde_json::json;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use pressbox::analysis::entities::{EntityKind, Gazetteer, Tagger};
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
    let corpus = PathBuf::from(common::req(&args, "corpus")?);
    let max = common::num(&args, "max-articles", usize::MAX)?;

    let outlets = OutletTable::builtin();
    let file = InputFile { path: corpus.clone(), rel: "corpus".into() };
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

    let people: Vec<Vec<PersonMention>> = tagged
        .iter()
        .map(|tg| {
            tg.mentions
                .iter()
                .filter(|m| tg.entities[m.entity].kind == EntityKind::Person)
                .map(|m| PersonMention {
                    range: m.range.clone(),
                    id: tg.entities[m.entity].id.clone(),
                    name: tg.entities[m.entity].name.clone(),
                })
                .collect()
        })
        .collect();
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
