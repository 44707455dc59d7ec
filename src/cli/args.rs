//! Command-line flags (clap). They are turned into plain configs in `cli::run`, so nothing
//! below the CLI ever sees the parser.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Search football match coverage by passage, with every hit attributed to its outlet.
#[derive(Debug, Parser)]
#[command(name = "pressbox", version, about, max_term_width = 100)]
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index articles: text, HTML, JSON, JSONL (also gzipped); files or directories
    Index {
        /// Files and directories to index [default: seeds/]
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
        /// Print the summary as JSON
        #[arg(long)]
        json: bool,
    },
    /// Search passages: words are all required ("phrases", -exclude, OR, outlet:, speaker:, entity:)
    Search {
        /// The query (several arguments are joined with spaces; put `--` before a query that
        /// starts with `-`)
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Number of hits
        #[arg(long, short = 'n', default_value_t = crate::search::DEFAULT_LIMIT)]
        limit: usize,
        /// Only passages from this outlet (repeat for several; a part of the name will do)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        /// Only passages that mention this entity (any alias; repeat to require several)
        #[arg(long, value_name = "NAME")]
        entity: Vec<String>,
        /// Passages of one article allowed before every other article's
        #[arg(long, value_name = "N", default_value_t = crate::search::DEFAULT_PER_ARTICLE)]
        per_article: usize,
        /// Print results as JSON
        #[arg(long)]
        json: bool,
    },
    /// Who reported a quote, who said it, and how each outlet worded it
    Quote {
        /// The quote (several arguments are joined with spaces; quotation marks are optional)
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Most matches to list
        #[arg(long, short = 'n', default_value_t = 50)]
        limit: usize,
        /// Only from this outlet (repeat for several)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Quotes clustered across outlets, most widely carried first
    Quotes {
        /// Only quotes by this speaker (any part of the name)
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Only from this outlet (repeat for several)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        /// Most clusters to list
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List the entities the index covers, with mention and article counts per outlet
    Entities {
        /// Only this kind: person, national_team, club, competition, venue, place, organisation
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Only articles from this outlet (repeat for several)
        #[arg(long, value_name = "NAME")]
        outlet: Vec<String>,
        /// Most entities to list
        #[arg(long, short = 'n', default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show an article: its metadata and the exact text that offsets refer to
    Show {
        /// Article id, as printed by `search`
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Count articles, passages and outlets in the index
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Serve the JSON API and the web page over HTTP (loopback only, unless --addr says otherwise)
    Serve {
        /// Address and port to listen on
        #[arg(long, value_name = "ADDR", default_value = crate::server::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
    },
}
