//! The command line: flags in ([`args`], turned into a plain [`config::Config`]), rendered
//! results ([`render`]) and an exit code out.
//!
//! Exit codes: 0 found something, 1 found nothing (or an internal fault), 2 the user's
//! mistake (bad flag, bad query, missing path, locked or missing index). Errors are one line
//! on stderr, or `{"error": "...", "kind": "user"|"fault"}` on stdout under `--json`, with the
//! same exit code. A closed stdout (`pressbox stats | head -1`) ends the run quietly with 0.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use clap::{CommandFactory, Parser};
use serde::Serialize;

use crate::analysis::entities::{Gazetteer, Tagger};
use crate::error::{is_user_error, user};
use crate::index::build::{self, BuildOptions, BuildReport};
use crate::index::watch::{self, WatchOptions};
use crate::index::{self as idx, PressIndex};
use crate::ingest::OutletTable;
use crate::search::{ArticleAnswer, NoQuery, Searcher};

pub mod args;
pub mod config;
mod progress;
pub mod render;

use args::{Cli, ColorWhen};
pub use config::DEFAULT_INDEX;
use config::{Config, IndexTask, Task};

/// The corpus a fresh checkout searches: `./seeds`, and only in the current folder.
pub const DEFAULT_SEEDS: &str = "seeds";

/// What a successful command found.
pub enum Outcome {
    Found,
    Nothing,
}

/// Whose fault an error is, as `--json` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The user's mistake: exit 2.
    User,
    /// Something went wrong inside: exit 1.
    Fault,
}

impl ErrorKind {
    fn of(err: &anyhow::Error) -> ErrorKind {
        if is_user_error(err) {
            ErrorKind::User
        } else {
            ErrorKind::Fault
        }
    }

    fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            ErrorKind::User => 2,
            ErrorKind::Fault => 1,
        })
    }
}

/// An error as `--json` prints it.
#[derive(Debug, Serialize)]
struct JsonError<'a> {
    error: &'a str,
    kind: ErrorKind,
}

/// An answer made outside the search layer (`index`, `verify`) in the one JSON envelope: what
/// was asked as `query`, then the answer's own keys.
#[derive(Debug, Serialize)]
struct Enveloped<'a, Q: Serialize, T: Serialize> {
    query: Q,
    #[serde(flatten)]
    answer: &'a T,
}

/// What `index` was asked.
#[derive(Debug, Serialize)]
struct IndexQuery {
    /// The paths given (empty: `./seeds`).
    paths: Vec<String>,
    /// The `--outlets` file, if any.
    outlet_table: Option<String>,
}

/// Marks an error whose answer is already on stdout (under `--json`, one JSON document per
/// run): only its exit code is left to give.
#[derive(Debug)]
struct AlreadyReported;

impl std::fmt::Display for AlreadyReported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("already reported")
    }
}

/// True when the error is a write to a closed pipe (the reader went away: `| head`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Reports `message` as the run's error: JSON on stdout under `--json`, one clean line on
/// stderr otherwise.
fn report_error(message: &str, kind: ErrorKind, json: bool) -> ExitCode {
    let line = render::safe_line(message.trim_end());
    if json {
        let mut out = io::stdout().lock();
        let _ = render::write_json(&mut out, &JsonError { error: &line, kind });
    } else {
        let _ = writeln!(anstream::stderr(), "pressbox: error: {line}");
    }
    kind.exit_code()
}

/// `--json` given before any `--` (read from the raw arguments, for errors clap reports before
/// there is a parsed command line).
fn raw_args_want_json() -> bool {
    std::env::args_os().skip(1).take_while(|a| a != "--").any(|a| a == "--json")
}

/// Parses the process arguments, runs, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help, --version: printed on stdout, exit 0 (or quietly 0 on a closed pipe).
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if raw_args_want_json() => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments").trim_start_matches("error: ");
            return report_error(first, ErrorKind::User, true);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    let json = config::wants_json(&cli);
    let result = Config::from_cli(cli).and_then(run_guarded);
    match result {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<AlreadyReported>().is_some() => ErrorKind::of(&e).exit_code(),
        Err(e) => report_error(&format!("{e:#}"), ErrorKind::of(&e), json),
    }
}

/// Runs one command line's config, with a panic inside the index readers (tantivy's, on a
/// damaged index) caught here, the one boundary, and reported as a damaged index: exit 1 and
/// one line, never a panic message or exit 101. `index` and `serve` are not guarded here (a
/// panic there is a bug of its own; the server answers for its requests itself).
pub fn run_guarded(config: Config) -> anyhow::Result<Outcome> {
    if matches!(config.task, Task::Index(_) | Task::Serve(_) | Task::Front(_)) {
        return run(config);
    }
    let dir = config.index.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{}{place}", idx::verify::panic_message(info.payload())));
        }
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(config)));
    std::panic::set_hook(previous);
    match result {
        Ok(result) => result,
        Err(payload) => {
            let what = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut last| last.take())
                .unwrap_or_else(|| idx::verify::panic_message(payload.as_ref()));
            Err(anyhow::anyhow!("the index at {} is damaged ({what}): run `pressbox verify`", dir.display()))
        }
    }
}

/// The message and place of the last panic, as the quiet hook of [`run_guarded`] saw it.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Runs one command line's config.
pub fn run(config: Config) -> anyhow::Result<Outcome> {
    let dir = &config.index;
    let explicit = config.index_explicit;
    let json = config.json;
    let jsonl = config.jsonl;
    let mut out = anstream::stdout().lock();
    match config.task {
        Task::Index(task) if task.watch => {
            drop(out);
            watch_paths(dir, &task, json)?;
            Ok(Outcome::Found)
        }
        Task::Index(task) => {
            let report = index_paths(dir, &task)?;
            if json {
                let paths = task.paths.iter().map(|p| p.display().to_string()).collect();
                let query = IndexQuery {
                    paths,
                    outlet_table: task.outlets.as_ref().map(|p| p.display().to_string()),
                };
                render::write_json(&mut out, &Enveloped { query, answer: &report })?;
            } else {
                render::index_report(&mut out, &report, dir)?;
            }
            out.flush()?;
            if report.missing.is_empty() {
                Ok(Outcome::Found)
            } else {
                let err = user(format!("no such file or directory: {}", report.missing.join(", ")));
                // Under --json the report (with its `missing` list) is the one JSON answer.
                Err(if json { err.context(AlreadyReported) } else { err })
            }
        }
        Task::Search { query, options } => {
            let searcher = open_searcher(dir, explicit)?;
            let results = searcher.search(&query, &options)?;
            render::warnings(&mut anstream::stderr(), &results.warnings)?;
            if jsonl {
                render::write_jsonl(&mut out, &results.hits)?;
            } else if json {
                render::write_json(&mut out, &results)?;
            } else {
                render::search_results(&mut out, &results)?;
            }
            out.flush()?;
            Ok(if results.hits.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Task::Quote { text, options } => {
            let searcher = open_searcher(dir, explicit)?;
            let results = searcher.quote(&text, &options)?;
            if jsonl {
                render::write_jsonl(&mut out, &results.matches)?;
            } else if json {
                render::write_json(&mut out, &results)?;
            } else {
                render::quote_results(&mut out, &results)?;
            }
            out.flush()?;
            Ok(if results.matches.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Task::Quotes(options) => {
            let searcher = open_searcher(dir, explicit)?;
            let clusters = searcher.quote_clusters(&options)?;
            if jsonl {
                render::write_jsonl(&mut out, &clusters.clusters)?;
            } else if json {
                render::write_json(&mut out, &clusters)?;
            } else {
                render::quote_clusters(&mut out, &clusters)?;
            }
            out.flush()?;
            Ok(if clusters.clusters.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Task::Entities(options) => {
            let searcher = open_searcher(dir, explicit)?;
            let list = searcher.entities(&options)?;
            if jsonl {
                render::write_jsonl(&mut out, &list.entities)?;
            } else if json {
                render::write_json(&mut out, &list)?;
            } else {
                render::entities(&mut out, &list)?;
            }
            out.flush()?;
            Ok(if list.entities.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Task::Matches { limit } => {
            let searcher = open_searcher(dir, explicit)?;
            let list = crate::search::matches::MatchList::new(limit, searcher.matches(limit)?);
            if json {
                render::write_json(&mut out, &list)?;
            } else {
                render::matches(&mut out, &list.matches)?;
            }
            out.flush()?;
            Ok(if list.matches.is_empty() { Outcome::Nothing } else { Outcome::Found })
        }
        Task::Match { query } => {
            let searcher = open_searcher(dir, explicit)?;
            let asked = query;
            let query = if asked.trim().is_empty() {
                searcher.matches(1)?.into_iter().next().map(|m| m.id).unwrap_or_default()
            } else {
                asked.clone()
            };
            let Some(view) = searcher.match_view(&query)? else {
                writeln!(anstream::stderr(), "pressbox: no match for “{}”", render::safe_line(&query))?;
                return Ok(Outcome::Nothing);
            };
            if json {
                render::write_json(&mut out, &crate::search::matches::MatchAnswer::new(&asked, view))?;
            } else {
                render::match_view(&mut out, &view)?;
            }
            out.flush()?;
            Ok(Outcome::Found)
        }
        Task::Show { id } => {
            let searcher = open_searcher(dir, explicit)?;
            let Some(article) = searcher.article(&id)? else {
                writeln!(anstream::stderr(), "pressbox: no article with id “{}”", render::safe_line(&id))?;
                return Ok(Outcome::Nothing);
            };
            if json {
                render::write_json(&mut out, &ArticleAnswer::new(&id, article))?;
            } else {
                render::article(&mut out, &article)?;
            }
            out.flush()?;
            Ok(Outcome::Found)
        }
        Task::Stats => {
            let searcher = open_searcher(dir, explicit)?;
            let stats = searcher.stats()?;
            if json {
                render::write_json(&mut out, &stats)?;
            } else {
                render::stats(&mut out, &stats)?;
            }
            out.flush()?;
            Ok(if stats.articles == 0 { Outcome::Nothing } else { Outcome::Found })
        }
        Task::Verify { repair } => {
            if !idx::exists(dir) {
                return Err(user(format!(
                    "no index at {}: there is nothing to verify (no meta.json)",
                    dir.display()
                )));
            }
            if repair && idx::shards::is_sharded(dir) {
                return Err(user(format!(
                    "{} is a set of shards: repair each damaged shard (`pressbox --index {}/SHARD verify --repair`)",
                    dir.display(),
                    dir.display()
                )));
            }
            if repair {
                let report = idx::repair::repair(dir, &build::Silent)?;
                if json {
                    render::write_json(&mut out, &report)?;
                } else {
                    render::repair_report(&mut out, &report, dir)?;
                }
                out.flush()?;
                let whole = report.verify.sound && report.unreadable == 0 && report.gone.is_empty();
                return Ok(if whole { Outcome::Found } else { Outcome::Nothing });
            }
            let report = idx::verify::verify(dir);
            if json {
                render::write_json(&mut out, &Enveloped { query: NoQuery {}, answer: &report })?;
            } else {
                render::verify_report(&mut out, &report, dir)?;
            }
            out.flush()?;
            Ok(if report.sound { Outcome::Found } else { Outcome::Nothing })
        }
        Task::Front(front) => {
            crate::server::front::run_front(&front)?;
            Ok(Outcome::Found)
        }
        Task::Serve(server) => {
            let searcher = open_searcher(dir, explicit)?;
            crate::server::run(&server, searcher)?;
            Ok(Outcome::Found)
        }
        Task::Completions(shell) => {
            let mut out = io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "pressbox", &mut out);
            out.flush()?;
            Ok(Outcome::Found)
        }
        Task::Man => {
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            out.flush()?;
            Ok(Outcome::Found)
        }
    }
}

/// `./seeds`, when the current folder has one.
fn seeds_here() -> Option<PathBuf> {
    let here = PathBuf::from(DEFAULT_SEEDS);
    here.is_dir().then_some(here)
}

/// Indexes the task's paths (`./seeds` when none) into `dir`, with a progress bar on stderr
/// when asked and stderr is a terminal. Nothing is created when no path exists.
fn index_paths(dir: &Path, task: &IndexTask) -> anyhow::Result<BuildReport> {
    if task.shards.is_some() || idx::shards::is_sharded(dir) {
        let opts = prepare_options(dir, task, None)?;
        return if task.bar {
            idx::shards::index(dir, task.shards, opts, &progress::Bar::new())
        } else {
            idx::shards::index(dir, task.shards, opts, &build::Silent)
        };
    }
    let (index, opts) = prepare_index(dir, task)?;
    if task.bar {
        build::run(&index, &opts, &progress::Bar::new())
    } else {
        build::run(&index, &opts, &build::Silent)
    }
}

/// Set by the first Ctrl-C or SIGTERM during `index --watch`: stop after the current commit.
static STOP: AtomicBool = AtomicBool::new(false);

/// `index --watch`: indexes the folders, then one line (or JSON line) per commit on stdout
/// until Ctrl-C or SIGTERM, which end the session after the current commit. A second signal
/// ends the process at once (the index is still at its last commit: tantivy commits are
/// atomic).
fn watch_paths(dir: &Path, task: &IndexTask, json: bool) -> anyhow::Result<()> {
    if idx::shards::is_sharded(dir) {
        return Err(user(format!(
            "{} is a set of shards: `index --watch` writes to one index (re-index the shards with `pressbox index`)",
            dir.display()
        )));
    }
    let (index, opts) = prepare_index(dir, task)?;
    ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .context("cannot handle Ctrl-C")?;
    let mut events = WatchLines { json };
    let bar = progress::Bar::new();
    let progress: &dyn build::Progress = if task.bar { &bar } else { &build::Silent };
    watch::watch(&index, &opts, &WatchOptions::default(), &STOP, progress, &mut events)
}

/// Prints a watch session's commits as they happen.
struct WatchLines {
    json: bool,
}

impl watch::WatchEvents for WatchLines {
    fn started(&mut self, kind: watch::WatcherKind, roots: &[PathBuf]) -> anyhow::Result<()> {
        let how = match kind {
            watch::WatcherKind::Native => "file events".to_string(),
            watch::WatcherKind::Polling => format!("polling every {} ms", watch::POLL_EVERY.as_millis()),
        };
        let names: Vec<String> =
            roots.iter().map(|r| render::safe_line(&r.display().to_string()).into_owned()).collect();
        writeln!(anstream::stderr(), "pressbox: watching {} ({how}); Ctrl-C to stop", names.join(", "))?;
        Ok(())
    }

    fn committed(&mut self, report: &watch::CommitReport) -> anyhow::Result<()> {
        let mut out = anstream::stdout().lock();
        if self.json {
            render::write_json_line(&mut out, report)?;
        } else {
            render::watch_commit(&mut out, report)?;
        }
        out.flush()?;
        Ok(())
    }
}

/// The index to write and the build options for the task: paths checked, user files loaded
/// (a bad file changes nothing), gazetteers kept with the index.
fn prepare_index(dir: &Path, task: &IndexTask) -> anyhow::Result<(PressIndex, BuildOptions)> {
    let mut index = None;
    let opts = prepare_options(dir, task, Some(&mut index))?;
    let index = index.ok_or_else(|| anyhow::anyhow!("no index opened"))?;
    Ok((index, opts))
}

/// The build options for the task (see [`prepare_index`]); the index is opened (or created)
/// into `open` when given, else (a set of shards) the gazetteers come from the shards already
/// there, if any.
fn prepare_options(
    dir: &Path,
    task: &IndexTask,
    open: Option<&mut Option<PressIndex>>,
) -> anyhow::Result<BuildOptions> {
    let paths = if task.paths.is_empty() {
        vec![seeds_here().ok_or_else(|| {
            user("nothing to index: give files or directories (`pressbox index PATH...`); there is no seeds/ folder here")
        })?]
    } else {
        task.paths.clone()
    };
    // A typo alone must not leave an empty index behind (it would then hide the seeds).
    let missing: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| matches!(std::fs::metadata(p), Err(e) if e.kind() == io::ErrorKind::NotFound))
        .collect();
    if missing.len() == paths.len() {
        let names: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
        return Err(user(format!("no such file or directory: {} (nothing indexed)", names.join(", "))));
    }
    let mut table = OutletTable::builtin();
    if let Some(file) = &task.outlets {
        table.load_file(file).map_err(|e| user(format!("{e:#}")))?;
    }
    // User files are checked before the index is touched: a bad file changes nothing.
    let mut gazetteer = Gazetteer::builtin();
    for file in &task.gazetteers {
        gazetteer.load_file(file).map_err(|e| user(format!("{e:#}")))?;
    }
    let mut opts = BuildOptions::new(paths, table);
    // The index's own gazetteers include user files kept from earlier runs; the new ones are
    // kept by the run once it holds the writer lock (a refused run changes nothing).
    let kept = match open {
        Some(slot) => Some(&*slot.insert(PressIndex::open_or_create(dir)?)),
        None => None,
    };
    let shards = match kept {
        None if idx::exists(dir) => Some(PressIndex::open(dir)?),
        _ => None,
    };
    let known = kept.or(shards.as_ref()).and_then(|i| i.gazetteer_with(&task.gazetteers).ok());
    opts.tagger = task.entities.then(|| Tagger::new(&known.unwrap_or(gazetteer)));
    opts.keep_gazetteers = task.gazetteers.clone();
    Ok(opts)
}

/// Opens the index for reading. With no index at the default place, builds it from `./seeds`
/// first (and says so) when the current folder has one; otherwise tells the user to index.
fn open_searcher(dir: &Path, explicit: bool) -> anyhow::Result<Searcher> {
    if !explicit && !idx::exists(dir) {
        let Some(seeds) = seeds_here() else {
            return Err(user(format!(
                "no index at {}: build one with `pressbox index PATH...` (or run where a seeds/ folder is)",
                dir.display()
            )));
        };
        writeln!(
            anstream::stderr(),
            "pressbox: no index at {} yet: building it from {} first",
            dir.display(),
            seeds.display()
        )?;
        let task = IndexTask { paths: vec![seeds], entities: true, ..IndexTask::default() };
        let report = index_paths(dir, &task)
            .with_context(|| format!("cannot build the index at {}", dir.display()))?;
        writeln!(
            anstream::stderr(),
            "pressbox: indexed {} articles ({} passages)",
            report.articles,
            report.passages
        )?;
    }
    if idx::exists(dir) {
        if let Some(damage) = idx::verify::damaged_store_cached(dir) {
            return Err(anyhow::Error::new(idx::Damaged(damage))
                .context(format!("the index at {} is damaged: run `pressbox verify`", dir.display())));
        }
    }
    Searcher::open(dir)
}
