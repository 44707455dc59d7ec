//! Plain tantivy: the same tantivy as pressbox, with none of pressbox's analysis. One stored
//! text field with positions, analysed by tantivy's own `en_stem` (SimpleTokenizer,
//! RemoveLongFilter(40), LowerCaser, Stemmer(English)); the writer gets the threads and memory
//! budget pressbox's indexer gets (`BuildOptions::new`); one commit.
//!
//! ```text
//! plain_tantivy index --passages FILE --max-docs N --index DIR
//! plain_tantivy query --index DIR --queries FILE --mode and|or [--warm N]
//! ```

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use serde_json::json;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::TokenStream;
use tantivy::{doc, Index, TantivyDocument, Term};

use pressbox::index::build::BuildOptions;
use pressbox::ingest::OutletTable;

const TOKENIZER: &str = "en_stem";

fn main() -> anyhow::Result<()> {
    let args = common::args();
    if common::started_by_cargo_bench(&args) {
        println!("plain_tantivy: run through bench/run (see BENCHMARKS.md)");
        return Ok(());
    }
    let out = match args[0].as_str() {
        "index" => index(
            &PathBuf::from(common::req(&args, "passages")?),
            common::num(&args, "max-docs", usize::MAX)?,
            &PathBuf::from(common::req(&args, "index")?),
        )?,
        "query" => query(
            &PathBuf::from(common::req(&args, "index")?),
            &PathBuf::from(common::req(&args, "queries")?),
            &common::req(&args, "mode")?,
            common::num(&args, "warm", usize::MAX)?,
        )?,
        other => anyhow::bail!("unknown command {other:?}: index or query"),
    };
    println!("{out}");
    Ok(())
}

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("id", STRING | STORED);
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    b.add_text_field("text", text);
    b.build()
}

fn index(passages: &Path, max: usize, dir: &Path) -> anyhow::Result<serde_json::Value> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let started = Instant::now();
    let schema = schema();
    let (id, text) = (schema.get_field("id")?, schema.get_field("text")?);
    let index = Index::create_in_dir(dir, schema)?;
    let opts = BuildOptions::new(Vec::new(), OutletTable::builtin());
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(opts.threads, opts.heap_bytes)?;
    let mut bytes = 0u64;
    let docs = common::for_passages(passages, max, |p| {
        bytes += p.text.len() as u64;
        // add_document only fails once the indexing threads are gone; commit reports that.
        let _ = writer.add_document(doc!(id => p.id, text => p.text));
    })?;
    writer.commit().context("commit failed")?;
    let seconds = started.elapsed().as_secs_f64();
    drop(writer);
    let segments = index.searchable_segment_ids()?.len();
    Ok(json!({"engine": "plain_tantivy", "docs": docs, "passage_bytes": bytes, "seconds": seconds,
              "segments": segments, "threads": opts.threads, "heap_bytes": opts.heap_bytes}))
}

fn query(dir: &Path, queries: &Path, mode: &str, warm: usize) -> anyhow::Result<serde_json::Value> {
    let occur = match mode {
        "and" => Occur::Must,
        "or" => Occur::Should,
        _ => anyhow::bail!("--mode and|or"),
    };
    let index = Index::open_in_dir(dir)?;
    let text = index.schema().get_field("text")?;
    let mut analyzer = index.tokenizer_for_field(text)?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let queries = common::read_queries(queries)?;
    let top10 = TopDocs::with_limit(10).order_by_score();
    let mut latencies = common::time_queries(&queries, warm, |q| {
        let mut terms = Vec::new();
        let mut stream = analyzer.token_stream(&q.text);
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = common::unique(terms)
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_field_text(text, &t), IndexRecordOption::WithFreqs));
                (occur, q)
            })
            .collect();
        let top = searcher.search(&BooleanQuery::new(clauses), &top10)?;
        for (_, addr) in &top {
            let _doc: TantivyDocument = searcher.doc(*addr)?;
        }
        Ok(top.len())
    })?;
    latencies["engine"] = json!("plain_tantivy");
    latencies["mode"] = json!(mode);
    latencies["segments"] = json!(searcher.segment_readers().len());
    Ok(latencies)
}
