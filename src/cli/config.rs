//! The parsed flags turned into a plain [`Config`]: what to run, on which index, with the
//! library's own option structs. Nothing here knows clap beyond reading [`Cli`]; nothing after
//! here sees it. Checks that need no index (an entity kind, a CORS origin) happen here, so a
//! mistake is reported before anything is opened.

use std::path::PathBuf;
use std::time::Duration;

use crate::analysis::entities::EntityKind;
use crate::error::user;
use crate::search::{ClusterOptions, EntityListOptions, QuoteOptions, SearchOptions};
use crate::server::front::FrontConfig;
use crate::server::{Limits, ServerConfig};

use super::args::{Cli, ColorWhen, Command, ShardBy};

/// Where the index lives unless `--index` or `PRESSBOX_INDEX` says otherwise.
pub const DEFAULT_INDEX: &str = "index";

/// One run of the command line.
#[derive(Debug)]
pub struct Config {
    /// The index directory.
    pub index: PathBuf,
    /// True when `--index` or `PRESSBOX_INDEX` named it: then a missing index is an error,
    /// never a cue to build one from `./seeds`.
    pub index_explicit: bool,
    pub color: ColorWhen,
    /// Answers (and errors) as JSON on stdout.
    pub json: bool,
    /// Results as JSON lines, one per line (errors as with `json`, which is also set).
    pub jsonl: bool,
    pub task: Task,
}

/// What to do.
#[derive(Debug)]
pub enum Task {
    Index(IndexTask),
    Search {
        query: String,
        options: SearchOptions,
    },
    Quote {
        text: String,
        options: QuoteOptions,
    },
    Quotes(ClusterOptions),
    Entities(EntityListOptions),
    /// `match`: team names or a match id; empty: the match with most articles.
    Match {
        query: String,
    },
    Matches {
        limit: usize,
    },
    Show {
        id: String,
    },
    Stats,
    Verify {
        repair: bool,
    },
    Serve(ServerConfig),
    /// `serve --shards`: the front of shard servers.
    Front(FrontConfig),
    Completions(clap_complete::Shell),
    Man,
}

/// How to index.
#[derive(Debug, Clone, Default)]
pub struct IndexTask {
    /// Empty: `./seeds`.
    pub paths: Vec<PathBuf>,
    pub outlets: Option<PathBuf>,
    pub gazetteers: Vec<PathBuf>,
    pub entities: bool,
    /// Draw a progress bar (when stderr is a terminal).
    pub bar: bool,
    /// Keep watching the folders after indexing them (`--watch`).
    pub watch: bool,
    /// `--shards N` / `--shard-by`: split a new index into shards.
    pub shards: Option<crate::index::shards::Wanted>,
}

/// Whether the command line asked for JSON lines (`--jsonl`).
pub fn wants_jsonl(cli: &Cli) -> bool {
    match &cli.command {
        Command::Search { jsonl, .. }
        | Command::Quote { jsonl, .. }
        | Command::Quotes { jsonl, .. }
        | Command::Entities { jsonl, .. } => *jsonl,
        _ => false,
    }
}

/// Whether the command line asked for JSON (`--json`, or `--jsonl`), read from the parsed
/// flags.
pub fn wants_json(cli: &Cli) -> bool {
    if wants_jsonl(cli) {
        return true;
    }
    match &cli.command {
        Command::Index { json, .. }
        | Command::Search { json, .. }
        | Command::Quote { json, .. }
        | Command::Quotes { json, .. }
        | Command::Entities { json, .. }
        | Command::Match { json, .. }
        | Command::Matches { json, .. }
        | Command::Show { json, .. }
        | Command::Stats { json }
        | Command::Verify { json, .. } => *json,
        Command::Serve { .. } | Command::Completions { .. } | Command::Man => false,
    }
}

impl Config {
    /// The config for `cli`; an unknown entity kind or a malformed origin is the user's mistake.
    pub fn from_cli(cli: Cli) -> anyhow::Result<Config> {
        let json = wants_json(&cli);
        let jsonl = wants_jsonl(&cli);
        let index_explicit = cli.index.is_some();
        let index = cli.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
        let task = match cli.command {
            Command::Index { paths, outlets, gazetteer, no_entities, watch, shards, shard_by, .. } => {
                use crate::index::shards::{By, Wanted};
                let by = match shard_by {
                    Some(ShardBy::Date) => By::Date,
                    Some(ShardBy::Hash) | None => By::Hash,
                };
                let shards = match (shards, by) {
                    (Some(count), _) => Some(Wanted { by, count }),
                    (None, By::Date) => Some(Wanted { by, count: 0 }),
                    (None, By::Hash) if shard_by.is_some() => {
                        return Err(user("--shard-by hash needs --shards N"));
                    }
                    (None, By::Hash) => None,
                };
                Task::Index(IndexTask {
                    paths,
                    outlets,
                    gazetteers: gazetteer,
                    entities: !no_entities,
                    bar: true,
                    watch,
                    shards,
                })
            }
            Command::Search {
                query,
                limit,
                offset,
                outlet,
                entity,
                per_article,
                count,
                since,
                until,
                sort,
                ..
            } => {
                if offset + limit > crate::search::MAX_LIMIT {
                    return Err(user(format!(
                        "--offset {offset} with --limit {limit} goes past hit {}: a search ranks at most {} hits (offset + limit at most {})",
                        crate::search::MAX_LIMIT,
                        crate::search::MAX_LIMIT,
                        crate::search::MAX_LIMIT
                    )));
                }
                let dates = crate::search::query::since_until(since.as_deref(), until.as_deref())
                    .map_err(|e| user(e.0))?;
                let sort = crate::search::Sort::parse(&sort).map_err(|e| user(e.0))?;
                Task::Search {
                    query: query.join(" "),
                    options: SearchOptions {
                        limit,
                        offset,
                        outlets: outlet,
                        entities: entity,
                        per_article,
                        count,
                        dates,
                        sort,
                    },
                }
            }
            Command::Quote { text, limit, outlet, .. } => {
                Task::Quote { text: text.join(" "), options: QuoteOptions { limit, outlets: outlet } }
            }
            Command::Quotes { speaker, outlet, limit, offset, .. } => {
                Task::Quotes(ClusterOptions { speaker, outlets: outlet, limit, offset })
            }
            Command::Entities { kind, outlet, limit, offset, .. } => {
                let kind = match kind {
                    None => None,
                    Some(k) => match EntityKind::parse(&k) {
                        Some(kind) => Some(kind.as_str().to_string()),
                        None => {
                            return Err(user(format!(
                                "unknown entity kind {k:?} (person, national_team, club, competition, venue, place, organisation)"
                            )))
                        }
                    },
                };
                Task::Entities(EntityListOptions { kind, outlets: outlet, limit, offset })
            }
            Command::Match { query, .. } => Task::Match { query: query.join(" ") },
            Command::Matches { limit, .. } => Task::Matches { limit },
            Command::Show { id, .. } => Task::Show { id },
            Command::Stats { .. } => Task::Stats,
            Command::Verify { repair, .. } => Task::Verify { repair },
            Command::Serve {
                addr,
                cors_origin,
                request_timeout,
                header_timeout,
                idle_timeout,
                shards,
                shard_timeout,
            } => {
                for origin in &cors_origin {
                    crate::server::cors_origin(origin)?;
                }
                let limits = Limits {
                    timeout: Duration::from_secs(request_timeout),
                    header_timeout: Duration::from_secs(header_timeout),
                    idle_timeout: Duration::from_secs(idle_timeout),
                    cors_origins: cors_origin,
                    ..Limits::default()
                };
                if shards.is_empty() {
                    Task::Serve(ServerConfig { addr, index: index.clone(), limits })
                } else {
                    Task::Front(FrontConfig {
                        addr,
                        shards,
                        timeout: Duration::from_millis(shard_timeout),
                        limits,
                    })
                }
            }
            Command::Completions { shell } => Task::Completions(shell),
            Command::Man => Task::Man,
        };
        Ok(Config { index, index_explicit, color: cli.color, json, jsonl, task })
    }
}
