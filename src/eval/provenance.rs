//! Scoring quote provenance against an oracle: for each quote, the outlets known to have
//! printed it word for word (`../shared/corpora/*.quotes.jsonl`).
//!
//! - **Recall**: the share of (quote, outlet) pairs for which `quote` returns a match from that
//!   outlet.
//! - **Precision**: the share of `verbatim` and `variant` matches whose outlet really printed
//!   the words, checked independently of the matcher: the match's parts must point at its text
//!   in the article (`show`), and that text must hold the quote's words in order (all of them
//!   for `verbatim`, at least [`VARIANT_MIN_WORDS_SHARED`] of them for `variant`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::search::{QuoteOptions, Searcher};
use crate::text::fold;

/// Share of the query's words, in order, that a `variant` must have printed.
pub const VARIANT_MIN_WORDS_SHARED: f64 = 0.8;

/// One oracle line.
#[derive(Debug, Clone, Deserialize)]
pub struct OracleQuote {
    pub quote: String,
    pub outlets: Vec<String>,
    #[serde(default)]
    pub article_ids: Vec<String>,
}

/// The figures, and what went wrong.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProvenanceReport {
    pub quotes: usize,
    pub pairs: usize,
    pub found: usize,
    pub recall: f64,
    /// `verbatim` and `variant` matches returned.
    pub checked: usize,
    /// Of those, how many really printed the words.
    pub printed: usize,
    pub precision: f64,
    /// (quote, outlet) pairs not found.
    pub misses: Vec<(String, String)>,
    /// (quote, article id) of matches that did not check out.
    pub wrong: Vec<(String, String)>,
}

fn words(s: &str) -> Vec<String> {
    fold(s).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Length of the longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// True when `printed` holds the words of `query`: all of them in order (verbatim), or at
/// least [`VARIANT_MIN_WORDS_SHARED`] of them in order (variant).
pub fn printed_the_words(query: &str, printed: &str, verbatim: bool) -> bool {
    let (q, p) = (words(query), words(printed));
    if q.is_empty() {
        return false;
    }
    if verbatim {
        return p.windows(q.len()).any(|w| w == q.as_slice());
    }
    lcs(&q, &p) as f64 >= VARIANT_MIN_WORDS_SHARED * q.len() as f64
}

/// Runs every oracle quote through `quote` and scores the answers.
pub fn score(searcher: &Searcher, oracle: &[OracleQuote]) -> anyhow::Result<ProvenanceReport> {
    let mut r = ProvenanceReport { quotes: oracle.len(), ..Default::default() };
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    let opts = QuoteOptions { limit: 1_000, outlets: Vec::new() };
    // Oracles name outlets by host (`www.dailymail.co.uk`); the index names them as ingest does.
    let table = crate::ingest::OutletTable::builtin();
    for o in oracle {
        let res = searcher.quote(&o.quote, &opts)?;
        for outlet in &o.outlets {
            r.pairs += 1;
            let name = table.resolve_name(outlet).unwrap_or_else(|| outlet.clone());
            if res.matches.iter().any(|m| m.article.outlet.as_deref() == Some(name.as_str())) {
                r.found += 1;
            } else {
                r.misses.push((o.quote.clone(), outlet.clone()));
            }
        }
        for m in res.matches.iter().filter(|m| matches!(m.kind, "verbatim" | "variant")) {
            r.checked += 1;
            let id = m.article.id.clone();
            let text = texts
                .entry(id.clone())
                .or_insert_with(|| searcher.article(&id).ok().flatten().map(|a| a.text));
            let at: Option<String> = text.as_ref().map(|t| {
                let part = |[s, e]: [usize; 2]| t.chars().skip(s).take(e - s).collect::<String>();
                m.parts.iter().map(|p| part(*p)).collect::<Vec<_>>().join(" ")
            });
            let ok = at.as_deref() == Some(m.text.as_str())
                && printed_the_words(&o.quote, &m.text, m.kind == "verbatim");
            if ok {
                r.printed += 1;
            } else {
                r.wrong.push((o.quote.clone(), id));
            }
        }
    }
    r.recall = if r.pairs == 0 { 0.0 } else { r.found as f64 / r.pairs as f64 };
    r.precision = if r.checked == 0 { 1.0 } else { r.printed as f64 / r.checked as f64 };
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_words_are_checked_in_order() {
        let q = "We know how many penalties Harry has scored for us";
        assert!(printed_the_words(q, "“We know how many penalties Harry has scored for us,” he said", true));
        assert!(!printed_the_words(q, "We know how many goals Harry has scored for us", true));
        assert!(printed_the_words(q, "We know how many goals Harry has scored for us", false));
        assert!(!printed_the_words(q, "Harry has scored for us", false));
        assert!(!printed_the_words(q, "us for scored has Harry penalties many how know We", false));
    }
}
