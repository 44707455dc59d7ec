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

use crate::error::{is_user_error, user};
use crate::index::build::{self, BuildOptions, BuildReport};
use crate::index::{self as idx, PressIndex};
use crate::ingest::OutletTable;
use crate::search::{ClusterOptions, QuoteOptions, SearchOptions, Searcher};

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
        Command::Index { paths, outlets, json } => {
            let paths = if paths.is_empty() { vec![seeds_dir()?] } else { paths };
            let report = index_paths(&dir, paths, outlets.as_deref(), true)?;
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
        Command::Search { query, limit, outlet, per_article, json } => {
            let searcher = open_searcher(&dir, explicit_index)?;
            let opts = SearchOptions { limit, outlets: outlet, per_article };
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
            let clusters = searcher.quote_clusters(&ClusterOptions { speaker, outlets: outlet, limit })?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&clusters)?)?;
            } else {
                render::quote_clusters(&mut out, &clusters)?;
            }
            Ok(if clusters.is_empty() { Outcome::Nothing } else { Outcome::Found })
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

/// Indexes `paths` into `dir` with a progress bar on stderr (when it is a terminal).
fn index_paths(
    dir: &Path,
    paths: Vec<PathBuf>,
    outlets: Option<&Path>,
    bar: bool,
) -> anyhow::Result<BuildReport> {
    let mut table = OutletTable::builtin();
    if let Some(file) = outlets {
        table.load_file(file).map_err(|e| user(format!("{e:#}")))?;
    }
    let index = PressIndex::open_or_create(dir)?;
    let opts = BuildOptions::new(paths, table);
    if bar {
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
        let report = index_paths(dir, vec![seeds], None, false)
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
