//! The command line: flags in, rendered results and an exit code out.
//!
//! Exit codes: 0 found something, 1 found nothing (or an internal fault), 2 the user's
//! mistake (bad flag, bad query, missing path, locked or missing index). Errors are one line
//! on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use crate::analysis::entities::{EntityKind, Gazetteer, Tagger};
use crate::error::{is_user_error, user};
use crate::index::build::{self, BuildOptions, BuildReport};
use crate::index::{self as idx, PressIndex};
use crate::ingest::OutletTable;
use crate::search::quote::MAX_CLUSTERED_PASSAGES;
use crate::search::{ClusterOptions, EntityListOptions, QuoteOptions, SearchOptions, Searcher};
use crate::server::{Limits, ServerConfig};

pub mod args;
mod progress;
pub mod render;

use args::{Cli, ColorWhen, Command};

/// Where the index lives unless `--index` or `PRESSBOX_INDEX` says otherwise.
pub const DEFAULT_INDEX: &str = "index";
/// The corpus a fresh checkout searches.
pub const DEFAULT_SEEDS: &str = "seeds";

/// What a successful command found.
pub enum Outcome {
    Found,
    Nothing,
}

/// Parses the process arguments, runs, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    match run(cli) {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing) => ExitCode::from(1),
        Err(e) => {
            let msg = format!("{e:#}").replace('\n', " ");
            let _ = writeln!(anstream::stderr(), "pressbox: error: {msg}");
            ExitCode::from(if is_user_error(&e) { 2 } else { 1 })
        }
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let explicit_index = cli.index.is_some();
    let dir = cli.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    let mut out = anstream::stdout().lock();
    match cli.command {
        Command::Index { paths, outlets, gazetteer, no_entities, json } => {
            let paths = if paths.is_empty() { vec![seeds_dir()?] } else { paths };
            let config = IndexConfig { outlets, gazetteers: gazetteer, entities: !no_entities, bar: true };
            let report = index_paths(&dir, paths, &config)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
            } else {
                render::index_report(&mut out, &report, &dir)?;
            }
            if report.missing.is_empty() {
                Ok(Outcome::Found)
            } else {
                Err(user(format!("no such file or directory: {}", report.missing.join(", "))))
            }
        }
        Command::Search { query, limit, outlet, entity, per_article, json } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let opts = SearchOptions {
                limit,
                outlets: outlet,
                entities: entity,
                per_article,
                ..SearchOptions::default()
            };
            let results = searcher.search(&query.join(" "), &opts)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
            } else {
                render::search_results(&mut out, &results)?;
            }
            Ok(if results.hits.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Command::Quote { text, limit, outlet, json } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let results = searcher.quote(&text.join(" "), &QuoteOptions { limit, outlets: outlet })?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
            } else {
                render::quote_results(&mut out, &results)?;
            }
            Ok(if results.matches.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Command::Quotes { speaker, outlet, limit, json } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let opts = ClusterOptions { speaker, outlets: outlet, limit };
            let clusters = searcher.quote_clusters(&opts)?;
            let n = searcher.quote_passage_count(&opts)?;
            if n > MAX_CLUSTERED_PASSAGES {
                writeln!(
                    anstream::stderr(),
                    "pressbox: clustered the quotes of the first {MAX_CLUSTERED_PASSAGES} of {n} passages with quotes; narrow with --speaker or --outlet"
                )?;
            }
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&clusters)?)?;
            } else {
                render::quote_clusters(&mut out, &clusters)?;
            }
            Ok(if clusters.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Command::Entities { kind, outlet, limit, json } => {
            if let Some(k) = &kind {
                if EntityKind::parse(k).is_none() {
                    return Err(user(format!(
                        "unknown entity kind {k:?} (person, national_team, club, competition, venue, place, organisation)"
                    )));
                }
            }
            let kind = kind.as_deref().and_then(EntityKind::parse).map(|k| k.as_str().to_string());
            let searcher = open_searcher(&dir, explicit_index)?;
            let list = searcher.entities(&EntityListOptions { kind, outlets: outlet, limit })?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
            } else {
                render::entities(&mut out, &list)?;
            }
            Ok(if list.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Command::Show { id, json } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let Some(article) = searcher.article(&id)? else {
                writeln!(anstream::stderr(), "pressbox: no article with id {id:?}")?;
                return Ok(Outcome::Nothing);
            };
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&article)?)?;
            } else {
                render::article(&mut out, &article)?;
            }
            Ok(Outcome::Found)
        }
        Command::Stats { json } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let stats = searcher.stats()?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?;
            } else {
                render::stats(&mut out, &stats)?;
            }
            Ok(if stats.articles == 0 { Outcome::Nothing } else { Outcome::Found })
        }
        Command::Serve { addr } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let config = ServerConfig { addr, index: dir, limits: Limits::default() };
            crate::server::run(&config, searcher)?;
            Ok(Outcome::Found)
        }
    }
}

/// The seeds directory: `./seeds`, else the one in the source tree this binary was built from.
fn seeds_dir() -> anyhow::Result<PathBuf> {
    let here = PathBuf::from(DEFAULT_SEEDS);
    if here.is_dir() {
        return Ok(here);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_SEEDS);
    if built.is_dir() {
        return Ok(built);
    }
    Err(user("no seeds/ directory here: give paths to index"))
}

/// How to index, from the flags.
#[derive(Default)]
struct IndexConfig {
    outlets: Option<PathBuf>,
    gazetteers: Vec<PathBuf>,
    entities: bool,
    bar: bool,
}

/// Indexes `paths` into `dir`, with a progress bar on stderr when asked (and a terminal).
fn index_paths(dir: &Path, paths: Vec<PathBuf>, config: &IndexConfig) -> anyhow::Result<BuildReport> {
    let mut table = OutletTable::builtin();
    if let Some(file) = &config.outlets {
        table.load_file(file).map_err(|e| user(format!("{e:#}")))?;
    }
    // User files are checked before the index is touched: a bad file changes nothing.
    let mut gazetteer = Gazetteer::builtin();
    for file in &config.gazetteers {
        gazetteer.load_file(file).map_err(|e| user(format!("{e:#}")))?;
    }
    let index = PressIndex::open_or_create(dir)?;
    for file in &config.gazetteers {
        index.keep_gazetteer(file)?;
    }
    let mut opts = BuildOptions::new(paths, table);
    // The index's own gazetteers include user files kept from earlier runs.
    opts.tagger = config.entities.then(|| Tagger::new(&index.gazetteer().unwrap_or(gazetteer)));
    if config.bar {
        build::run(&index, &opts, &progress::Bar::new())
    } else {
        build::run(&index, &opts, &build::Silent)
    }
}

/// Opens the index for reading; with no index at the default place, builds it from the seeds
/// first and says so.
fn open_searcher(dir: &Path, explicit: bool) -> anyhow::Result<Searcher> {
    if !explicit && !idx::exists(dir) {
        let seeds = seeds_dir()?;
        writeln!(
            anstream::stderr(),
            "pressbox: no index at {} yet: building it from {} first",
            dir.display(),
            seeds.display()
        )?;
        let report = index_paths(dir, vec![seeds], &IndexConfig { entities: true, ..IndexConfig::default() })
            .with_context(|| format!("cannot build the index at {}", dir.display()))?;
        writeln!(
            anstream::stderr(),
            "pressbox: indexed {} articles ({} passages)",
            report.articles,
            report.passages
        )?;
    }
    Searcher::open(dir)
}
