//! Evaluation: measuring the engine against hand-annotated gold sets, kept out of the engine.
//!
//! Nothing in `analysis`, `index` or `search` depends on this module; `pressbox-eval` (run by
//! `bench/eval`, with the floors in `eval/floors.toml`) and the tests that hold the quality
//! figures use it.
//!
//! - [`entities`]: the entity tagger's precision, recall and F1 against
//!   `tests/gold/entities.jsonl`;
//! - [`speakers`]: speaker attribution accuracy against `tests/gold/speakers.jsonl`, measured
//!   through the shipped tagger (its person mentions feed attribution, as in indexing);
//! - [`provenance`]: `quote` against the quote oracles (recall, precision);
//! - [`facts`]: match facts (final score, scorers, minutes) against the EPL match reports;
//! - here: finding the corpora and reading the article bodies the gold sets were annotated on
//!   (the seeds, HTML tags removed, and corpus `body` fields). The corpus text is read at run
//!   time, never copied into the repository.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::Context;

pub mod entities;
pub mod facts;
pub mod provenance;
pub mod speakers;

/// The corpus files gold articles come from.
const GOLD_CORPORA: [&str; 2] = ["bbcsport.jsonl", "epl-match-reports-2025.jsonl"];

/// The source tree this crate was built from (for `seeds/` and `tests/gold/`).
pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpora: `$PRESSBOX_CORPORA`, else `../shared/corpora` beside the repository,
/// else `/work/shared/corpora`; the first that holds `bbcsport.jsonl`.
pub fn corpora_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(d) = std::env::var_os("PRESSBOX_CORPORA") {
        dirs.push(d.into());
    }
    dirs.push(repo_dir().join("../shared/corpora"));
    dirs.push("/work/shared/corpora".into());
    dirs.into_iter().find(|d| d.join("bbcsport.jsonl").is_file())
}

/// The corpora for a test: `None` (after printing `skipped: ...`) when they are missing and
/// the `CI` variable is unset; a panic when they are missing in CI.
pub fn corpora_for_test() -> Option<PathBuf> {
    let dir = corpora_dir();
    if dir.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI: the shared corpora are missing");
        println!("skipped: shared corpora not found (set PRESSBOX_CORPORA)");
    }
    dir
}

/// Text with `<...>` tags removed (seed 002's only markup is `<a>`): what ingest passes on.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The bodies of the gold articles `ids`, as `(id, body)`: seeds from `repo/seeds` (tags
/// removed), corpus articles from `corpora`. An error names the file (and line) that could not
/// be read; an id found nowhere is an error too.
pub fn gold_articles(
    repo: &Path,
    corpora: &Path,
    ids: &BTreeSet<String>,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for id in ids {
        let seed = repo.join("seeds").join(id);
        if seed.is_file() {
            let text =
                std::fs::read_to_string(&seed).with_context(|| format!("cannot read {}", seed.display()))?;
            out.push((id.clone(), strip_tags(&text)));
        }
    }
    #[derive(serde::Deserialize)]
    struct Rec {
        id: String,
        #[serde(default)]
        body: String,
    }
    for name in GOLD_CORPORA {
        let path = corpora.join(name);
        let file = File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: Rec = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: bad record", path.display(), n + 1))?;
            if ids.contains(&rec.id) {
                out.push((rec.id, rec.body));
            }
        }
    }
    let missing: Vec<&String> = ids.iter().filter(|id| !out.iter().any(|(a, _)| a == *id)).collect();
    if !missing.is_empty() {
        anyhow::bail!("gold articles not found in the seeds or corpora: {missing:?}");
    }
    Ok(out)
}

/// Byte offsets to Unicode character offsets, for offsets given in increasing order (one
/// walk over the text).
pub(crate) struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharCounter { text, byte: 0, chars: 0 }
    }

    /// The character offset of byte `b` (`b` not below the previous call's).
    pub(crate) fn at(&mut self, b: usize) -> usize {
        let b = b.min(self.text.len());
        if b < self.byte {
            return self.text[..b].chars().count();
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }
}
