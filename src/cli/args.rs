//! Command-line flags (clap): what the parser accepts, the help texts and their examples.
//! [`crate::cli::config`] turns a parsed [`Cli`] into a plain config, so nothing below the CLI
//! ever sees the parser.

use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::{Parser, Subcommand, ValueEnum};

/// The largest `--limit` (and `--per-article`) the command line takes; a larger one is refused
/// (exit 2), never silently cut. The HTTP API's bound is `Limits::max_limit` (100).
pub const MAX_LIMIT: usize = crate::search::MAX_LIMIT;

/// `--limit` / `--per-article`: a whole number in `1..=MAX_LIMIT`.
fn limit_parser() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::<usize>::new().range(1..=MAX_LIMIT as u64)
}

/// `--offset`: a whole number of results to skip.
fn offset_parser() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::<usize>::new().range(0..=u32::MAX as u64)
}

const JSON_HELP: &str =
    "Print the answer as JSON on stdout (errors too: {\"error\": ..., \"kind\": \"user\"|\"fault\"})";
const JSONL_HELP: &str =
    "Print one result per line as JSON (a stream for jq or a pipeline; errors as with --json)";

/// Search football match coverage by passage, with every hit attributed to its outlet.
#[derive(Debug, Parser)]
#[command(
    name = "pressbox",
    version,
    about,
    max_term_width = 100,
    after_help = "Examples:\n  pressbox index seeds/ feeds/bbc.jsonl\n  pressbox search \"Kane penalty\"\n  pressbox quote --json \"We know how many penalties Harry has scored for us\"\n\nExit codes: 0 found something, 1 found nothing (or an internal fault), 2 a mistake in the command."
)]
pub struct Cli {
    /// Index directory [default: ./index]
    #[arg(long, global = true, env = "PRESSBOX_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// `--shard-by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShardBy {
    Hash,
    Date,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index articles: text, HTML, JSON, JSONL (also gzipped); files or directories
    #[command(
        after_help = "Examples:\n  pressbox index                       # ./seeds into ./index\n  pressbox index reports/ feed.jsonl.gz --outlets my-outlets.txt\n  pressbox --index /data/idx index --json crawl/ > report.json\n  pressbox index --watch incoming/      # and keep indexing what arrives"
    )]
    Index {
        /// Files and directories to index [default: ./seeds]
        paths: Vec<PathBuf>,
        /// Extra outlet table: lines of `domain-or-dateline-code = Outlet Name`
        #[arg(long, value_name = "FILE")]
        outlets: Option<PathBuf>,
        /// Extra entities (TOML or JSON; see the README); repeat for several
        #[arg(long, value_name = "FILE")]
        gazetteer: Vec<PathBuf>,
        /// Do not tag entities (faster; `--entity` filters then find nothing new)
        #[arg(long)]
        no_entities: bool,
        /// Index the folders, then keep watching them: files that appear or change are indexed
        /// and committed within about two seconds, until Ctrl-C or SIGTERM (one line per commit;
        /// with --json one JSON object per line)
        #[arg(long)]
        watch: bool,
        /// Split the index into N shards by a hash of the article id (a new directory; a
        /// sharded index is then re-indexed without the flag and searched as one)
        #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=crate::index::shards::MAX_SHARDS as u64), conflicts_with = "watch")]
        shards: Option<usize>,
        /// How --shards splits: `hash` of the id (N shards) or `date` (one shard per month)
        #[arg(long, value_enum, value_name = "HOW", conflicts_with = "watch")]
        shard_by: Option<ShardBy>,
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    /// Search passages: words are all required ("phrases", -exclude, OR, outlet:, speaker:, entity:, event:, minute:)
    #[command(
        after_help = "Examples:\n  pressbox search Kane penalty\n  pressbox search '\"long run\" -Henderson' --outlet AFP -n 5\n  pressbox search --json 'entity:\"Harry Kane\" speaker:Southgate'\n  pressbox search 'Mour* NOT penalty' --since 2022-12-01 --sort date"
    )]
    Search {
        /// The query (several arguments are joined with spaces; put `--` before a query that
        /// starts with `-`)
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Number of hits (1 to 1000)
        #[arg(long, short = 'n', value_name = "N", default_value_t = crate::search::DEFAULT_LIMIT, value_parser = limit_parser())]
        limit: usize,
        /// Only passages from this outlet (repeat for several; a part of the name will do)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        /// Only passages that mention this entity (any alias; repeat to require several)
        #[arg(long, value_name = "NAME")]
        entity: Vec<String>,
        /// Passages of one article allowed before every other article's (1 to 1000)
        #[arg(long, value_name = "N", default_value_t = crate::search::DEFAULT_PER_ARTICLE, value_parser = limit_parser())]
        per_article: usize,
        /// Count every matching article exactly (slower; otherwise `total` is a lower bound)
        #[arg(long)]
        count: bool,
        /// Only articles published on or after this day (YYYY-MM-DD, UTC)
        #[arg(long, value_name = "DAY")]
        since: Option<String>,
        /// Only articles published on or before this day (YYYY-MM-DD, UTC)
        #[arg(long, value_name = "DAY")]
        until: Option<String>,
        /// Order of hits: relevance, date (newest first) or oldest; date orders leave undated articles out
        #[arg(long, value_name = "ORDER", default_value = "relevance")]
        sort: String,
        /// Skip this many hits first (paging: --offset 10 -n 10 is the second page; offset +
        /// limit at most 1000)
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = offset_parser())]
        offset: usize,
        #[arg(long, help = JSON_HELP, conflicts_with = "jsonl")]
        json: bool,
        #[arg(long, help = JSONL_HELP)]
        jsonl: bool,
    },
    /// Who reported a quote, who said it, and how each outlet worded it
    #[command(
        after_help = "Examples:\n  pressbox quote We know how many penalties Harry has scored for us\n  pressbox quote --outlet AFP \"stronger for it in the long run\"\n  pressbox quote --json -n 10 \"fine margins\""
    )]
    Quote {
        /// The quote (several arguments are joined with spaces; quotation marks are optional)
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Most matches to list (1 to 1000)
        #[arg(long, short = 'n', value_name = "N", default_value_t = 50, value_parser = limit_parser())]
        limit: usize,
        /// Only from this outlet (repeat for several)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        #[arg(long, help = JSON_HELP, conflicts_with = "jsonl")]
        json: bool,
        #[arg(long, help = JSONL_HELP)]
        jsonl: bool,
    },
    /// Every quote clustered across outlets, most widely carried first
    #[command(
        after_help = "Examples:\n  pressbox quotes\n  pressbox quotes --speaker Southgate -n 5 --offset 5\n  pressbox quotes --jsonl --outlet AFP | jq -r .key"
    )]
    Quotes {
        /// Only quotes by this speaker (any part of the name)
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Only from this outlet (repeat for several)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        /// Most clusters to list (1 to 1000)
        #[arg(long, short = 'n', value_name = "N", default_value_t = 20, value_parser = limit_parser())]
        limit: usize,
        /// Skip this many clusters first (paging)
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = offset_parser())]
        offset: usize,
        #[arg(long, help = JSON_HELP, conflicts_with = "jsonl")]
        json: bool,
        #[arg(long, help = JSONL_HELP)]
        jsonl: bool,
    },
    /// List the entities the index covers, with mention and article counts per outlet
    #[command(
        after_help = "Examples:\n  pressbox entities --kind person -n 20\n  pressbox entities --outlet \"The National\"\n  pressbox entities --json --kind venue\n  pressbox entities --kind person -n 20 --offset 20   # the second page"
    )]
    Entities {
        /// Only this kind: person, national_team, club, competition, venue, place, organisation
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Only articles from this outlet (repeat for several)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        /// Most entities to list (1 to 1000)
        #[arg(long, short = 'n', value_name = "N", default_value_t = 50, value_parser = limit_parser())]
        limit: usize,
        /// Skip this many entities first (paging)
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = offset_parser())]
        offset: usize,
        #[arg(long, help = JSON_HELP, conflicts_with = "jsonl")]
        json: bool,
        #[arg(long, help = JSONL_HELP)]
        jsonl: bool,
    },
    /// One match from every outlet that reported it: score, timeline of facts with the outlets
    /// that state them, disagreements, quotes by speaker
    #[command(
        after_help = "Examples:\n  pressbox match England France\n  pressbox match --json england-france\n  pressbox matches"
    )]
    Match {
        /// Team names or a match id (as `matches` prints); none: the match with most articles
        query: Vec<String>,
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    /// List the matches the index reports, most articles first
    #[command(after_help = "Examples:\n  pressbox matches\n  pressbox matches --json -n 5")]
    Matches {
        /// Most matches to list (1 to 1000)
        #[arg(long, short = 'n', value_name = "N", default_value_t = 50, value_parser = limit_parser())]
        limit: usize,
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    /// Show an article: its metadata and the exact text that offsets refer to
    #[command(
        after_help = "Examples:\n  pressbox show 001_6e83b1c257ab88e6.txt\n  pressbox show --json 'feed.jsonl:12'\n  pressbox search --json Kane | jq -r '.hits[0].article.id' | xargs pressbox show"
    )]
    Show {
        /// Article id, as printed by `search`
        id: String,
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    /// Count articles, passages and outlets in the index
    #[command(
        after_help = "Examples:\n  pressbox stats\n  pressbox --index /data/idx stats --json\n  pressbox stats | head -1"
    )]
    Stats {
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    /// Check that the index is sound: checksums, meta.json against its files, every stored
    /// article and its passage bounds (exit 0 sound, 1 damaged)
    #[command(
        after_help = "Examples:\n  pressbox verify\n  pressbox --index /data/idx verify --json\n  pressbox verify --repair\n\n--repair rebuilds a damaged index from the source files its articles were read from (as\nrecorded in the index, relative to where `index` ran), beside it, and swaps it in once it\nverifies; sources that are gone are listed. A sound index is left alone."
    )]
    Verify {
        #[arg(long, help = JSON_HELP)]
        json: bool,
        /// Rebuild a damaged index from the sources recorded in it (exit 0 repaired in full,
        /// 1 when articles could not be recovered)
        #[arg(long)]
        repair: bool,
    },
    /// Serve the JSON API and the web page over HTTP (loopback only, unless --addr says otherwise)
    #[command(
        after_help = "Examples:\n  pressbox serve                                   # http://127.0.0.1:7878/\n  pressbox serve --addr 127.0.0.1:8080 --cors-origin https://newsroom.example\n  curl -s 'http://127.0.0.1:7878/api/search?q=Kane+penalty&limit=5'\n\nSlow clients are dropped: request headers must arrive within --header-timeout, an idle\nconnection is closed after --idle-timeout, and a request that takes longer than\n--request-timeout is answered 503 with a JSON body."
    )]
    Serve {
        /// Address and port to listen on
        #[arg(long, value_name = "ADDR", default_value = crate::server::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
        /// Let pages from this origin call the API from a browser (CORS); repeat for several.
        /// None by default: only the server's own page may.
        #[arg(long, value_name = "URL")]
        cors_origin: Vec<String>,
        /// Seconds a request may take, waiting for a search slot included (then 503)
        #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = RangedU64ValueParser::<u64>::new().range(1..=3600))]
        request_timeout: u64,
        /// Seconds a client has to send a request's headers (also between two requests on one
        /// connection)
        #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = RangedU64ValueParser::<u64>::new().range(1..=3600))]
        header_timeout: u64,
        /// Seconds a connection may move no byte either way before it is closed (at least the
        /// request timeout)
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = RangedU64ValueParser::<u64>::new().range(1..=3600))]
        idle_timeout: u64,
        /// Serve as the front of shard servers (each a `pressbox serve` on its own index):
        /// searches go to every shard and come back merged, as from one index (repeat, or
        /// give several: --shards http://10.0.0.2:7878 http://10.0.0.3:7878)
        #[arg(long, value_name = "URL", num_args = 1..)]
        shards: Vec<String>,
        /// With --shards: milliseconds the front waits for its shards; a shard later than this
        /// (or down) is left out and the answer says `"partial": true`
        #[arg(long, value_name = "MS", default_value_t = 2000, value_parser = RangedU64ValueParser::<u64>::new().range(1..=600_000))]
        shard_timeout: u64,
    },
    /// Print a shell completion script to stdout (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  pressbox completions bash > ~/.local/share/bash-completion/completions/pressbox\n  pressbox completions zsh > ~/.zfunc/_pressbox\n  pressbox completions fish > ~/.config/fish/completions/pressbox.fish"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout
    #[command(
        after_help = "Examples:\n  pressbox man | man -l -\n  pressbox man > /usr/local/share/man/man1/pressbox.1"
    )]
    Man,
}
