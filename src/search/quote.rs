//! Quote provenance: which outlets carried a quote, who said it, and how each worded it (the
//! quotes of the index clustered across outlets are [`super::clusters`]).
//!
//! `quote TEXT`: BM25 over articles picks candidates (the quote's rarest words, any of them),
//! and the passages holding the most of those words inside each (from positions, as search
//! ranks passages); the quotes overlapping those passages are compared with the text
//! (`analysis::quotes::compare`: verbatim, variant, partial), and each passage is searched for
//! the words printed outside quotation marks. The speaker of the best match then admits paraphrases by the same
//! speaker in a second pass. Nothing that `compare` rejects is returned, so a quote nobody
//! reported gets no matches rather than loose keyword hits.
//!
//! Quotes are units of the index: the `quote_spans` fast field keeps each quote's parts as body
//! token positions. With the body positions of the query's words, each candidate passage and
//! quote is first checked for a stretch dense enough in those words to hold any kind of match
//! ([`could_hold`], from the thresholds of `compare`); an article with no such unit is not read
//! at all, and the comparison (the costly part) runs only on the units that pass, with the query
//! analysed once ([`Prepared`]).

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Term};

use super::plan::{any_name, Targets};
use super::shard::ShardArticle;
use super::{rank, shard, stats, ArticleMeta, Searcher, Sort, TermStats};
use crate::analysis::quotes::{
    best_window_prepared, compare_prepared, speaker_matches, whole_and_window, Comparison, DiffOp, MatchKind,
    Prepared,
};
use crate::error::user;
use crate::index::analyzer::PressboxTokenizer;
use crate::index::record::{ArticleRecord, DateSource, QuoteRecord};
use crate::index::schema::{read_units, Units};
use crate::text::key;

/// Longest quote accepted, in characters.
pub const MAX_QUOTE_CHARS: usize = 20_000;
/// Articles examined for a quote, from its quotes and from its text each.
const CANDIDATES: usize = 150;
/// Passages examined in each candidate article (those holding the most of the quote's words).
const PASSAGES_PER_ARTICLE: usize = 4;
/// Passages offered when no outlet carried a quote.
const NEAREST: usize = 5;
/// Distinct words of the quote used to find candidates (the rarest ones).
const SEARCH_WORDS: usize = 24;

/// How to look a quote up (serialised, with the text, as the `query` of the answer).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteOptions {
    pub limit: usize,
    #[serde(rename = "outlet")]
    pub outlets: Vec<String>,
}

/// What `quote` was asked: the quote and the options.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteQuery {
    pub text: String,
    #[serde(flatten)]
    pub options: QuoteOptions,
}

impl Default for QuoteOptions {
    fn default() -> Self {
        QuoteOptions { limit: 50, outlets: Vec::new() }
    }
}

/// The answer to `quote`, in the shape of `quote --json`.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteResults {
    pub query: QuoteQuery,
    /// The speaker of the best match, when known.
    pub speaker: Option<String>,
    pub matches: Vec<QuoteMatch>,
    /// When no outlet carried the words: the passages nearest to them (any of the quote's
    /// words, ranked as `search` ranks), offered as such; empty otherwise.
    pub nearest: Vec<super::Hit>,
    /// One entry per outlet: the first to report first, then by date (published, else when
    /// pressbox first saw the article).
    pub outlets: Vec<OutletSummary>,
}

/// One outlet's wording of the quote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteMatch {
    /// `verbatim`, `variant`, `partial` or `paraphrase`.
    #[serde(deserialize_with = "static_name")]
    pub kind: StaticName,
    pub similarity: f32,
    /// The outlet's exact words for the matching span.
    pub text: String,
    /// True when the words stand inside quotation marks in the article.
    pub quoted: bool,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    /// The attribution words (`Henderson told ITV`).
    pub cue: Option<String>,
    pub article: ArticleMeta,
    /// Unicode character offsets of the span in the article text (`show`); for a quote
    /// interrupted by its attribution the span includes the attribution.
    pub start: usize,
    pub end: usize,
    /// The article ranges of the quoted words themselves; `text` is these joined by a space.
    pub parts: Vec<[usize; 2]>,
    /// Word-level diff of the outlet's words against the query.
    pub diff: Vec<DiffEntry>,
    /// When the outlet printed the query's words exactly inside a longer quote: that quote's
    /// span (Unicode character offsets, as `start` and `end`); `null` otherwise.
    #[serde(default)]
    pub within: Option<[usize; 2]>,
}

/// One run of a diff: `same`, `added` (the outlet's words only) or `removed` (the query's only).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DiffEntry {
    #[serde(deserialize_with = "static_name")]
    pub op: StaticName,
    pub text: String,
}

/// How one outlet carried the quote.
#[derive(Debug, Clone, Serialize)]
pub struct OutletSummary {
    pub outlet: Option<String>,
    /// The best kind among its matches.
    pub kind: &'static str,
    pub similarity: f32,
    pub matches: usize,
    /// When its earliest matching article was reported (RFC 3339): published, else first seen
    /// by pressbox (`date_source` says which).
    pub published: Option<jiff::Timestamp>,
    pub date_source: DateSource,
    /// It published the quote first (of the dated outlets; ties all marked).
    pub first: bool,
}

/// The name of a match kind as printed and serialised.
pub fn kind_name(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Verbatim => "verbatim",
        MatchKind::Variant => "variant",
        MatchKind::Partial => "partial",
        MatchKind::Paraphrase => "paraphrase",
    }
}

fn diff_entries(diff: &[DiffOp]) -> Vec<DiffEntry> {
    diff.iter()
        .map(|d| match d {
            DiffOp::Same(t) => DiffEntry { op: "same", text: t.clone() },
            DiffOp::Added(t) => DiffEntry { op: "added", text: t.clone() },
            DiffOp::Removed(t) => DiffEntry { op: "removed", text: t.clone() },
        })
        .collect()
}

/// A name from a fixed list (through an alias, so that serde does not take it for a string
/// borrowed from the input).
pub type StaticName = &'static str;

/// A match kind or diff op read back from JSON (a shard's answer to a front).
fn static_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let name = String::deserialize(d)?;
    ["verbatim", "variant", "partial", "paraphrase", "same", "added", "removed"]
        .into_iter()
        .find(|n| *n == name)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown name {name:?}")))
}

/// Strips the quotation marks a user may paste around a quote.
fn clean(text: &str) -> &str {
    text.trim().trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»')).trim()
}

/// Maps a byte range of a quote's joined text back to article character ranges, one per quoted
/// part it touches (the parts are joined by one space in the text).
fn quote_span(rec: &QuoteRecord, range: std::ops::Range<usize>) -> Vec<[usize; 2]> {
    let from = rec.text.get(..range.start).map_or(0, |s| s.chars().count());
    let to = rec.text.get(..range.end).map_or(from, |s| s.chars().count()).max(from);
    let mut out = Vec::new();
    let mut offset = 0;
    for &[s, e] in &rec.parts {
        let (s, e) = (s as usize, e as usize);
        let len = e.saturating_sub(s);
        // This part covers characters offset..offset+len of the joined text.
        let (a, b) = (from.max(offset), to.min(offset + len));
        if a < b {
            out.push([s + (a - offset), s + (b - offset)]);
        }
        offset += len + 1;
    }
    if out.is_empty() {
        out.push([rec.start as usize, rec.end as usize]);
    }
    out
}

/// Folded words of a text.
fn word_set(text: &str) -> HashSet<String> {
    key(text).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Share of the shorter side's distinct words the other side must have before the (costly)
/// word alignment is tried. Every kind of match shares far more: a partial match is nearly all
/// of the shorter side, a paraphrase at least half of the content words.
const PLAUSIBLE_SHARE: f64 = 0.4;

/// True when `text` shares enough words with the query to be worth comparing.
fn plausible(query: &HashSet<String>, text: &str) -> bool {
    let folded = key(text);
    let words: rustc_hash::FxHashSet<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let shared = words.iter().filter(|w| query.contains(**w)).count();
    shared >= 3.min(query.len()) && shared as f64 >= PLAUSIBLE_SHARE * query.len().min(words.len()) as f64
}

#[derive(Serialize, Deserialize)]
struct Candidate {
    rec: QuoteRecord,
    article_id: String,
    /// Shares enough words with the query, densely enough, to be compared at all.
    plausible: bool,
    judged: Option<Judged>,
}

/// How a stored quote relates to the query.
#[derive(Serialize, Deserialize)]
struct Judged {
    kind: MatchKind,
    similarity: f32,
    /// Byte range of the matching words within the quote's joined text.
    window: std::ops::Range<usize>,
    /// Diff of those words against the query.
    diff: Vec<DiffOp>,
    /// The query's words printed exactly inside a longer quote (`window` is their span).
    #[serde(default)]
    within: bool,
}

/// Compares the query with a whole quote and with its best-matching span. Words the outlet
/// printed exactly, even inside a longer quote or across the parts of an interrupted one, are
/// `verbatim` with similarity 1.0 (`within` says the quote is longer); a query of which the
/// quote holds only part, or nearly all but not word for word, is `partial` (or `paraphrase`
/// when only a reworded span matches).
fn judge(query: &Prepared, quote: &str, same_speaker: bool) -> Option<Judged> {
    let (whole, window) = whole_and_window(query, quote, same_speaker);
    if let Some((r, w)) = &window {
        let whole_verbatim = whole.as_ref().is_some_and(|c| c.kind == MatchKind::Verbatim);
        if w.kind == MatchKind::Verbatim && !whole_verbatim {
            return Some(Judged {
                kind: MatchKind::Verbatim,
                similarity: 1.0,
                window: r.clone(),
                diff: w.diff.clone(),
                within: true,
            });
        }
    }
    let (kind, similarity) = match (&whole, &window) {
        (Some(w), _) => (w.kind, w.similarity),
        (None, Some((_, w))) => match w.kind {
            MatchKind::Paraphrase => (MatchKind::Paraphrase, w.similarity),
            _ => (MatchKind::Partial, w.similarity.min(PARTIAL_MAX_SIMILARITY)),
        },
        (None, None) => return None,
    };
    let (mut window, mut diff) = match (window, whole) {
        (Some((r, w)), _) => (r, w.diff),
        (None, Some(w)) => (0..quote.len(), w.diff),
        (None, None) => return None,
    };
    if let Some((r, d)) = reach_misspelt(query, quote, &window, &diff, same_speaker) {
        window = r;
        diff = d;
    }
    Some(Judged { kind, similarity, window, diff, within: false })
}

/// Words a run of a diff holds.
fn run_words(op: Option<&DiffOp>) -> usize {
    match op {
        Some(DiffOp::Removed(t)) => crate::text::words(t).count(),
        _ => 0,
    }
}

/// A span that stops short of the query's first or last words (a typo in a pasted quote:
/// `sold like catle` against `sold like cattle`) reaches as many words further in the text,
/// so the diff shows the outlet's real word beside the query's; `None` when there is nothing
/// to reach or the wider span does not compare.
fn reach_misspelt(
    query: &Prepared,
    text: &str,
    window: &std::ops::Range<usize>,
    diff: &[DiffOp],
    same_speaker: bool,
) -> Option<(std::ops::Range<usize>, Vec<DiffOp>)> {
    let (lead, trail) = (run_words(diff.first()), run_words(diff.last()));
    let (lead, trail) = if diff.len() == 1 { (0, trail) } else { (lead, trail) };
    if lead == 0 && trail == 0 {
        return None;
    }
    let spans: Vec<std::ops::Range<usize>> = crate::text::words(text).collect();
    let start = spans
        .iter()
        .filter(|r| r.end <= window.start)
        .rev()
        .take(lead)
        .last()
        .map_or(window.start, |r| r.start);
    let end = spans.iter().filter(|r| r.start >= window.end).take(trail).last().map_or(window.end, |r| r.end);
    if (start, end) == (window.start, window.end) {
        return None;
    }
    // The wider span compared afresh when it compares; else the outlet's words put beside the
    // query's unmatched ones.
    if let Some(c) = compare_prepared(query, text.get(start..end)?, same_speaker) {
        if c.diff.iter().any(|d| matches!(d, DiffOp::Added(_))) {
            return Some((start..end, c.diff));
        }
    }
    let mut out = diff.to_vec();
    if end > window.end {
        out.push(DiffOp::Added(text.get(window.end..end)?.trim().to_string()));
    }
    if start < window.start {
        out.insert(1, DiffOp::Added(text.get(start..window.start)?.trim().to_string()));
    }
    Some((start..end, out))
}

/// Most distinct query terms whose positions are read for the density check; a longer query is
/// compared everywhere, as before the check.
const MAX_DENSITY_TERMS: usize = 64;

/// How dense in the query's words a stretch of text must be to hold a match of any kind, from
/// the thresholds of `analysis::quotes::compare` (token counts there, word positions here):
///
/// - verbatim and variant: word Dice >= 0.8 with a span of `l` words, so the span holds at
///   least `0.4 (n + l)` of the query's `n` words;
/// - partial, the query the shorter: 90% of its words aligned within `1.3 n + 1` words of the
///   text, which is also at least `0.35 (n + l)` for `n >= 6`;
/// - partial, the text the shorter: at least 6 words of which 90% aligned, so a run of at least
///   5 words of the query in a row;
/// - paraphrase (same speaker, quotes only): shares half of the longer side, `0.25 (n + l)`.
///
/// Positions compare stems, which only adds hits; a contraction (`he'll`) is one position but
/// two tokens for `compare`, so each of the query's apostrophe words loosens the bounds by one,
/// the contracted forms of the query's word pairs count as its words ([`contractions`]: `we
/// are` printed `we're`), and the bounds are loosened by one more for such a word.
#[derive(Debug, Clone, Copy)]
struct Density {
    /// The query's indexed words.
    words: usize,
    /// Words of the query with an apostrophe.
    slack: usize,
}

/// Share of a stretch (plus the query's length) that must be query words: passages (no
/// paraphrase), quotes (paraphrase allowed).
const PASSAGE_SHARE: f32 = 0.35;
const QUOTE_SHARE: f32 = 0.25;
/// Query words in a row that a text printing part of the query holds (the text the shorter).
const PARTIAL_RUN: usize = 5;

impl Density {
    fn of(query: &str, words: usize) -> Density {
        let slack = crate::text::words(query)
            .filter(|r| query[r.clone()].contains(crate::text::is_apostrophe))
            .count();
        Density { words, slack }
    }

    fn need(&self, share: f32) -> f32 {
        share * self.words as f32 - (self.slack + 1) as f32
    }

    fn run(&self) -> usize {
        PARTIAL_RUN.saturating_sub(self.slack).max(2)
    }
}

/// The contracted forms of the query's pairs of words (`we are`: `we're`; `do not`: `don't`),
/// which `compare` expands back to the pair (`analysis::quotes::compare`, `expand`).
fn contractions(query: &str) -> Vec<String> {
    let words: Vec<String> = crate::text::words(query)
        .map(|r| {
            let mut w = String::new();
            crate::text::fold_word_into(&query[r], &mut w);
            w
        })
        .collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (a, b) = (pair[0].as_str(), pair[1].as_str());
        match (a, b) {
            ("can", "not") => out.extend(["can't".to_string(), "cannot".to_string()]),
            ("will", "not") => out.push("won't".into()),
            ("shall", "not") => out.push("shan't".into()),
            ("let", "us") => out.push("let's".into()),
            (_, "not") => {
                out.push(format!("{a}n't"));
                if matches!(a, "is" | "are" | "am") {
                    out.push("ain't".into());
                }
            }
            (_, "will") => out.push(format!("{a}'ll")),
            (_, "are") => out.push(format!("{a}'re")),
            (_, "have") => out.push(format!("{a}'ve")),
            (_, "am") => out.push(format!("{a}'m")),
            (_, "had" | "would") => out.push(format!("{a}'d")),
            (_, "has" | "is") => out.push(format!("{a}'s")),
            _ => {}
        }
    }
    out
}

/// Whether the stretch made of `ranges` (body token positions `[start, end)`, read one after
/// the other) could hold a match of a query whose words stand at `hits` (sorted): a window
/// with `hits - share * length >= need`, or `run` hits in a row (see [`Density`]).
fn could_hold(hits: &[u32], ranges: &[[u32; 2]], share: f32, need: f32, run: usize) -> bool {
    if need <= 0.0 {
        return true;
    }
    // Kadane over the stretch: +(1 - share) per hit, -share per other word.
    let (mut score, mut best) = (0f32, 0f32);
    let (mut row, mut longest) = (0usize, 0usize);
    let mut misses = 0u32;
    for &[start, end] in ranges {
        let from = hits.partition_point(|&p| p < start);
        let mut next = start;
        for &p in hits[from..].iter().take_while(|&&p| p < end) {
            misses += p - next;
            if misses > 0 {
                score = (score - share * misses as f32).max(0.0);
                row = 0;
                misses = 0;
            }
            score += 1.0 - share;
            best = best.max(score);
            row += 1;
            longest = longest.max(row);
            next = p + 1;
        }
        misses += end.saturating_sub(next);
    }
    best >= need || longest >= run
}

/// Which units of a candidate article could hold the query ([`could_hold`]): its top passages
/// (in their order), and each of its quotes for a match other than a paraphrase and for a
/// paraphrase. Empty quote lists: unknown, every quote is compared.
struct Fits {
    passages: Vec<bool>,
    quotes: Vec<bool>,
    paraphrases: Vec<bool>,
}

/// What the candidate articles gave: the quotes to judge, the words printed outside quotation
/// marks, the articles read.
#[derive(Default)]
struct Gathered {
    query_words: HashSet<String>,
    seen: HashSet<(String, u32)>,
    candidates: Vec<Candidate>,
    outside: Vec<QuoteMatch>,
    metas: HashMap<String, ArticleMeta>,
}

impl Gathered {
    /// What the last article read gave.
    fn take(&mut self, deferred: bool) -> Option<Found> {
        let (id, meta) = self.metas.drain().next()?;
        Some(Found {
            id,
            meta,
            deferred,
            candidates: std::mem::take(&mut self.candidates),
            outside: std::mem::take(&mut self.outside),
        })
    }

    /// Compares the query with the top `passages` of an article and with the quotes touching
    /// them, those that `fits` allows.
    fn article(&mut self, record: ArticleRecord, passages: &[usize], fits: Fits, q: &Prepared) {
        // The units are in the record's order; any disagreement and every quote is compared.
        let (quotes, paraphrases) = if fits.quotes.len() == record.quotes.len() {
            (fits.quotes, fits.paraphrases)
        } else {
            (Vec::new(), Vec::new())
        };
        let id = record.meta.id.clone();
        for (&i, &passage_could) in passages.iter().zip(&fits.passages) {
            let Some(p) = record.passages.get(i) else { continue };
            let text = record.passage_text(i);
            // Words printed outside quotation marks; a part of the query there only when it is
            // a large part (narrative prose shares stock phrases with quotes far more often).
            let outside_match = if passage_could && plausible(&self.query_words, text) {
                best_window_prepared(q, text, false)
                    .filter(|(_, cmp)| {
                        cmp.kind != MatchKind::Partial || cmp.query_share() >= OUTSIDE_PARTIAL_MIN_SHARE
                    })
                    .map(|(range, cmp)| match reach_misspelt(q, text, &range, &cmp.diff, false) {
                        Some((wider, diff)) => (wider, Comparison { diff, ..cmp }),
                        None => (range, cmp),
                    })
            } else {
                None
            };
            if let Some((range, cmp)) = outside_match {
                let start = p.char_start + text[..range.start].chars().count() as u32;
                let end = start + text[range.clone()].chars().count() as u32;
                // Inside quotation marks (a quote's parts): the quote itself is compared below.
                // The attribution between an interrupted quote's parts is outside them.
                let inside = record.quotes.iter().any(|r| {
                    r.start < end && start < r.end && r.parts.iter().any(|&[s, e]| s < end && start < e)
                });
                if !inside && self.seen.insert((id.clone(), start)) {
                    self.outside.push(QuoteMatch {
                        kind: kind_name(cmp.kind),
                        similarity: cmp.similarity,
                        text: text[range].to_string(),
                        quoted: false,
                        speaker: None,
                        speaker_id: None,
                        cue: None,
                        article: record.meta.clone(),
                        start: start as usize,
                        end: end as usize,
                        parts: vec![[start as usize, end as usize]],
                        diff: diff_entries(&cmp.diff),
                        within: None,
                    });
                }
            }
            for (j, rec) in
                record.quotes.iter().enumerate().filter(|(_, r)| r.start < p.char_end && p.char_start < r.end)
            {
                if self.seen.insert((id.clone(), rec.start)) {
                    // Worth comparing for a paraphrase (second pass), and now for the rest.
                    let worth = paraphrases.get(j) != Some(&false) && plausible(&self.query_words, &rec.text);
                    let now = worth && quotes.get(j) != Some(&false);
                    let judged = if now { judge(q, &rec.text, false) } else { None };
                    self.candidates.push(Candidate {
                        rec: rec.clone(),
                        article_id: id.clone(),
                        plausible: worth,
                        judged,
                    });
                }
            }
        }
        self.metas.insert(id, record.meta);
    }
}

/// A candidate article's units (passages and quotes, from `unit_spans`) and where the query's
/// words stand in its body.
#[derive(Debug, Default)]
struct Hits {
    hits: Vec<u32>,
    units: Units,
}

impl Hits {
    /// Passage `i` could print the query (true when it is unknown).
    fn passage_could(&self, i: usize, d: &Density) -> bool {
        let Some(&span) = self.units.passages.get(i) else { return true };
        could_hold(&self.hits, &[span], PASSAGE_SHARE, d.need(PASSAGE_SHARE), d.run())
    }

    /// Whether each quote could hold the query: [`PASSAGE_SHARE`] for any match but a
    /// paraphrase, [`QUOTE_SHARE`] for a paraphrase too.
    fn quotes_could(&self, d: &Density, share: f32) -> Vec<bool> {
        let (need, run) = (d.need(share), d.run());
        self.units.quotes.iter().map(|parts| could_hold(&self.hits, parts, share, need, run)).collect()
    }

    /// Some passage or quote of the article could hold the query.
    fn any_could(&self, d: &Density) -> bool {
        (0..self.units.passages.len()).any(|i| self.passage_could(i, d))
            || self.quotes_could(d, QUOTE_SHARE).contains(&true)
    }

    /// The quotes that touch passage `i` (token ranges overlapping or adjacent: a quotation
    /// mark may reach into a passage without a word of it); every quote when it is unknown.
    fn quotes_near(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let passage = self.units.passages.get(i).copied();
        self.units.quotes.iter().enumerate().filter_map(move |(j, parts)| {
            let (Some(first), Some(last)) = (parts.first(), parts.last()) else { return None };
            match passage {
                Some([start, end]) => (first[0] <= end && start <= last[1]).then_some(j),
                None => Some(j),
            }
        })
    }
}

/// The [`Hits`] of the articles of `docs` whose units are known: the body positions of every
/// term of `terms`, read from the postings (docs in order, one pass per term and segment), and
/// the `unit_spans` fast field.
fn unit_hits(
    searcher: &tantivy::Searcher,
    stores: &super::stored::Stores,
    body: tantivy::schema::Field,
    docs: &[DocAddress],
    terms: &[String],
) -> anyhow::Result<HashMap<DocAddress, Hits>> {
    let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in docs {
        by_segment.entry(d.segment_ord).or_default().push(d.doc_id);
    }
    let mut out: HashMap<DocAddress, Hits> = HashMap::with_capacity(docs.len());
    let mut buf = Vec::new();
    for (segment_ord, mut seg_docs) in by_segment {
        let reader = searcher.segment_reader(segment_ord);
        let Some(column) = stores.columns(segment_ord)?.unit_spans.as_ref() else {
            continue;
        };
        let mut hits: Vec<Hits> = Vec::with_capacity(seg_docs.len());
        seg_docs.sort_unstable();
        seg_docs.dedup();
        seg_docs.retain(|&doc| {
            let mut h = Hits::default();
            let known = read_units(column, doc, &mut h.units);
            if known {
                hits.push(h);
            }
            known
        });
        let inverted = reader.inverted_index(body).context("cannot read the quote's words")?;
        for t in terms {
            let term = Term::from_field_text(body, t);
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                .context("cannot read the quote's words")?
            else {
                continue;
            };
            for (k, &doc) in seg_docs.iter().enumerate() {
                if postings.doc() <= doc && postings.seek(doc) == doc {
                    postings.positions(&mut buf);
                    hits[k].hits.extend_from_slice(&buf);
                }
            }
        }
        for (doc, mut h) in seg_docs.into_iter().zip(hits) {
            h.hits.sort_unstable();
            h.hits.dedup();
            out.insert(DocAddress::new(segment_ord, doc), h);
        }
    }
    Ok(out)
}

/// Top of the similarity band of partial matches (see `analysis::quotes::Comparison`).
const PARTIAL_MAX_SIMILARITY: f32 = 0.79;
/// Least share of the query's words a `partial` match printed outside quotation marks must
/// hold (inside them, `analysis::quotes::compare`'s own bounds apply): chosen on the judged
/// sample of allsides partial matches, where narrative prose matched stock phrases ("marriage
/// as between one man and one woman", "director of the National Economic Council").
const OUTSIDE_PARTIAL_MIN_SHARE: f32 = 0.5;

impl Searcher {
    /// Every outlet's wording of `text`; see the module doc.
    pub fn quote(&self, text: &str, opts: &QuoteOptions) -> anyhow::Result<QuoteResults> {
        let query = clean(text);
        let prepared = Prepared::new(query);
        let part = self.quote_part(query, opts, &prepared, None)?;
        let mut results = Searcher::assemble(query, opts, &prepared, part.found);
        if results.matches.is_empty() {
            results.nearest = self.nearest_passages(query, &opts.outlets)?;
        }
        Ok(results)
    }

    /// One shard's part of a quote look-up across shard servers ([`QuotePart`]): candidates
    /// found and ranked with the statistics of all shards (`global`, summed from
    /// [`Searcher::quote_stats`]), compared as one index compares them.
    pub fn quote_shard(
        &self,
        text: &str,
        opts: &QuoteOptions,
        global: &TermStats,
    ) -> anyhow::Result<QuotePart> {
        let query = clean(text);
        self.quote_part(query, opts, &Prepared::new(query), Some(global))
    }

    /// The statistics a quote look-up reads, in this index: its words' document frequencies in
    /// the bodies and the quotes, those fields' token totals, the document counts (what a front
    /// sums over its shards).
    pub fn quote_stats(&self, text: &str, opts: &QuoteOptions) -> anyhow::Result<TermStats> {
        let query = clean(text);
        if query.chars().count() > MAX_QUOTE_CHARS {
            return Err(user(format!("quote too long: at most {MAX_QUOTE_CHARS} characters")));
        }
        self.check_outlets(&opts.outlets)?;
        let f = self.fields();
        let searcher = self.reader.searcher();
        let mut out = TermStats {
            num_docs: Bm25StatisticsProvider::total_num_docs(&searcher)?,
            live_docs: searcher.num_docs(),
            ..TermStats::default()
        };
        let mut terms: Vec<String> =
            PressboxTokenizer::english().terms(query).into_iter().map(|t| t.0).collect();
        terms.sort();
        terms.dedup();
        let terms: Vec<Term> = [f.quoted, f.body]
            .into_iter()
            .flat_map(|field| terms.iter().map(move |t| Term::from_field_text(field, t)))
            .collect();
        out.count_terms(&searcher, &terms)?;
        Ok(out)
    }

    /// What this index finds for `query`: with `all_shards`, scored with those statistics,
    /// with its ranked candidate articles, and with the articles only a paraphrase could match
    /// read whatever the speaker (the front knows it only once all shards have answered).
    fn quote_part(
        &self,
        query: &str,
        opts: &QuoteOptions,
        prepared: &Prepared,
        all_shards: Option<&TermStats>,
    ) -> anyhow::Result<QuotePart> {
        if query.chars().count() > MAX_QUOTE_CHARS {
            return Err(user(format!("quote too long: at most {MAX_QUOTE_CHARS} characters")));
        }
        let outlets = self.check_outlets(&opts.outlets)?;
        let f = self.fields();
        let searcher = self.reader.searcher();
        let global = all_shards.map(|stats| stats::Global { stats, local: &searcher });
        let bm25: &dyn Bm25StatisticsProvider = match &global {
            Some(g) => g,
            None => &searcher,
        };
        // The query analysed once: its terms (for the index) and its words (for `compare`).
        let mut terms: Vec<String> =
            PressboxTokenizer::english().terms(query).into_iter().map(|t| t.0).collect();
        let density = Density::of(query, terms.len());
        terms.sort();
        terms.dedup();
        if terms.is_empty() {
            return Err(user("the quote has no words to look for"));
        }
        let every_term = terms.clone();
        // The rarest words find the quote best.
        let df = |t: &str| bm25.doc_freq(&Term::from_field_text(f.body, t)).unwrap_or(0);
        terms.sort_by_cached_key(|t| df(t));
        terms.truncate(SEARCH_WORDS);
        // Candidates: the articles whose quotes hold the most of those words, and the articles
        // whose text does (for words printed outside quotation marks), each ranked by BM25.
        let mut addrs: Vec<DocAddress> = Vec::new();
        let mut ranked: Vec<Vec<(f32, DocAddress)>> = Vec::new();
        for field in [f.quoted, f.body] {
            let words: Vec<(Occur, Box<dyn Query>)> = terms
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, t),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(BooleanQuery::new(words)))];
            if let Some(filter) = any_name(f.outlet, &outlets) {
                clauses.push((Occur::Must, filter));
            }
            let top = searcher
                .search_with_statistics_provider(
                    &BooleanQuery::new(clauses),
                    &TopDocs::with_limit(CANDIDATES).order_by_score(),
                    bm25,
                )
                .context("quote search failed")?;
            for (_, a) in &top {
                if !addrs.contains(a) {
                    addrs.push(*a);
                }
            }
            ranked.push(top);
        }
        let stores = self.stores.for_searcher(&searcher)?;
        // Where the query's words stand in each candidate, and its units: a candidate none of
        // whose passages and quotes could hold the query is dropped here.
        let units = if every_term.len() <= MAX_DENSITY_TERMS {
            let mut words = every_term;
            words.extend(
                PressboxTokenizer::english().terms(&contractions(query).join(" ")).into_iter().map(|t| t.0),
            );
            words.sort();
            words.dedup();
            unit_hits(&searcher, &stores, f.body, &addrs, &words)?
        } else {
            HashMap::new()
        };
        addrs.retain(|a| units.get(a).is_none_or(|u| u.any_could(&density)));
        // The passages of each candidate that hold the most of the quote's words.
        let targets = Targets { words: terms.iter().map(|t| vec![t.clone()]).collect(), phrases: Vec::new() };
        let qterms = match &global {
            Some(g) => rank::query_terms_with(g.stats.live_docs, &|t| g.passage_doc_freq(t), f, &targets)?,
            None => rank::query_terms(&searcher, f, &targets)?,
        };
        let scored = rank::passages(
            rank::Source { searcher: &searcher, stores: &stores, executor: &self.parallel },
            f,
            &addrs,
            &qterms,
            &[],
            &Default::default(),
        )?;

        let query_words = word_set(query);
        let mut g = Gathered { query_words, ..Gathered::default() };
        let mut found = Vec::new();
        // Articles whose only possible units are quotes a paraphrase could match: read once the
        // speaker is known, and only if there is one.
        let mut deferred: Vec<(DocAddress, Vec<usize>, Fits)> = Vec::new();
        let mut to_read: Vec<(DocAddress, Vec<usize>, Fits)> = Vec::new();
        for addr in addrs {
            let passages: Vec<usize> = scored
                .get(&addr)
                .map(|ps| ps.iter().take(PASSAGES_PER_ARTICLE).map(|p| p.passage).collect())
                .unwrap_or_default();
            if passages.is_empty() {
                continue;
            }
            // Which of these passages could print the query, which quotes could hold it: an
            // article with neither is not read.
            let unit = units.get(&addr);
            let fits = Fits {
                passages: passages
                    .iter()
                    .map(|&i| unit.is_none_or(|u| u.passage_could(i, &density)))
                    .collect(),
                quotes: unit.map_or_else(Vec::new, |u| u.quotes_could(&density, PASSAGE_SHARE)),
                paraphrases: unit.map_or_else(Vec::new, |u| u.quotes_could(&density, QUOTE_SHARE)),
            };
            let near = |ok: &[bool]| {
                unit.is_none_or(|u| {
                    passages.iter().any(|&i| u.quotes_near(i).any(|j| ok.get(j) != Some(&false)))
                })
            };
            if !fits.passages.contains(&true) && !near(&fits.quotes) {
                if near(&fits.paraphrases) {
                    deferred.push((addr, passages, fits));
                }
                continue;
            }
            to_read.push((addr, passages, fits));
        }
        // The records are read side by side, then gathered in the candidates' order.
        let read = |list: Vec<(DocAddress, Vec<usize>, Fits)>| -> anyhow::Result<_> {
            let addrs: Vec<DocAddress> = list.iter().map(|(a, _, _)| *a).collect();
            let records = stores.records(&searcher, f.record, &addrs, &self.parallel)?;
            Ok(records.into_iter().zip(list).map(|(r, (_, passages, fits))| (r, passages, fits)))
        };
        for (record, passages, fits) in read(to_read)? {
            g.article(record, &passages, fits, prepared);
            found.extend(g.take(false));
        }
        // A shard reads them all: the speaker is known only over all shards.
        if global.is_some() || speaker_known(&found) {
            for (record, passages, fits) in read(deferred)? {
                g.article(record, &passages, fits, prepared);
                found.extend(g.take(true));
            }
        }
        // A shard's candidate articles, for the front to keep the best of all shards'.
        let (quoted, body) = match (&global, ranked.as_slice()) {
            (Some(_), [quoted, body]) => (
                shard::articles(&searcher, f, quoted, quoted.len(), Sort::Relevance, None)?,
                shard::articles(&searcher, f, body, body.len(), Sort::Relevance, None)?,
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Ok(QuotePart { quoted, body, found })
    }

    /// The answer from what the candidate articles gave, in the order one index reads them: the
    /// speaker of the best match, the paraphrases by that speaker, the matches grouped by outlet.
    /// `nearest` is left empty (the caller searches for it when nothing matched).
    fn assemble(query: &str, opts: &QuoteOptions, prepared: &Prepared, found: Vec<Found>) -> QuoteResults {
        // One index reads the articles only a paraphrase could match last, and only once some
        // match's speaker is known.
        let known = speaker_known(&found);
        let (now, later): (Vec<Found>, Vec<Found>) = found.into_iter().partition(|a| !a.deferred);
        let mut candidates = Vec::new();
        let mut outside = Vec::new();
        let mut metas = HashMap::new();
        for a in now.into_iter().chain(later.into_iter().filter(|_| known)) {
            candidates.extend(a.candidates);
            outside.extend(a.outside);
            metas.insert(a.id, a.meta);
        }
        // The speaker of the best non-paraphrase match stands in for the query's speaker.
        let speaker = candidates
            .iter()
            .filter(|c| c.rec.speaker.is_some())
            .filter_map(|c| c.judged.as_ref().map(|j| (j.similarity, c)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| (c.rec.speaker.clone(), c.rec.speaker_id.clone()));
        let same_speaker = |rec: &QuoteRecord| match &speaker {
            Some((name, id)) => {
                (id.is_some() && *id == rec.speaker_id)
                    || speaker_matches(rec.speaker.as_deref(), name.as_deref())
            }
            None => false,
        };
        let mut matches = outside;
        for c in &mut candidates {
            let same = c.rec.speaker.is_some() && same_speaker(&c.rec);
            if c.judged.is_none() && c.plausible && same {
                c.judged = judge(prepared, &c.rec.text, true);
            }
            let Some(j) = &c.judged else { continue };
            let parts = quote_span(&c.rec, j.window.clone());
            let (start, end) = (parts[0][0], parts[parts.len() - 1][1]);
            matches.push(QuoteMatch {
                kind: kind_name(j.kind),
                similarity: j.similarity,
                text: c.rec.text[j.window.clone()].to_string(),
                quoted: true,
                speaker: c.rec.speaker.clone(),
                speaker_id: c.rec.speaker_id.clone(),
                cue: c.rec.cue.clone(),
                article: metas[&c.article_id].clone(),
                start,
                end,
                parts,
                diff: diff_entries(&j.diff),
                within: j.within.then_some([c.rec.start as usize, c.rec.end as usize]),
            });
        }

        // Group by outlet, the outlet that reported first leading; within an outlet, best match
        // first. An article's time is its published date, else when pressbox first saw it
        // (`ArticleMeta::reported_at`; `date_source` says which), so every outlet has one.
        type Reported = Option<(jiff::Timestamp, DateSource)>;
        let mut best: HashMap<Option<String>, (f32, Reported)> = HashMap::new();
        for m in &matches {
            let b = best.entry(m.article.outlet.clone()).or_insert((0.0, None));
            b.0 = b.0.max(m.similarity);
            let at = (m.article.reported_at(), m.article.date_source);
            b.1 = Some(b.1.map_or(at, |old| if at.0 < old.0 { at } else { old }));
        }
        let when = |o: &Option<String>| best[o].1.map(|w| w.0);
        let source = |o: &Option<String>| best[o].1.map_or(DateSource::FirstSeen, |w| w.1);
        matches.sort_by(|a, b| {
            let (oa, ob) = (&a.article.outlet, &b.article.outlet);
            when(oa)
                .is_none()
                .cmp(&when(ob).is_none())
                .then_with(|| when(oa).cmp(&when(ob)))
                .then_with(|| best[ob].0.total_cmp(&best[oa].0))
                .then_with(|| oa.cmp(ob))
                .then_with(|| b.similarity.total_cmp(&a.similarity))
                .then_with(|| b.quoted.cmp(&a.quoted))
                .then_with(|| a.article.id.cmp(&b.article.id))
        });
        matches.truncate(opts.limit.max(1));
        let first = matches.iter().filter_map(|m| when(&m.article.outlet)).min();
        let mut outlets: Vec<OutletSummary> = Vec::new();
        for m in &matches {
            match outlets.iter_mut().find(|o| o.outlet == m.article.outlet) {
                Some(o) => o.matches += 1,
                None => outlets.push(OutletSummary {
                    outlet: m.article.outlet.clone(),
                    kind: m.kind,
                    similarity: m.similarity,
                    matches: 1,
                    published: when(&m.article.outlet),
                    date_source: source(&m.article.outlet),
                    first: first.is_some() && when(&m.article.outlet) == first,
                }),
            }
        }
        QuoteResults {
            query: QuoteQuery { text: query.to_string(), options: opts.clone() },
            speaker: speaker.and_then(|s| s.0),
            matches,
            nearest: Vec::new(),
            outlets,
        }
    }

    /// The passages nearest to a quote nobody carried: its words (lower-cased, so that no word
    /// reads as an operator) searched as a query, every word first, then any.
    fn nearest_passages(&self, quote: &str, outlets: &[String]) -> anyhow::Result<Vec<super::Hit>> {
        let Some(q) = nearest_words(quote) else { return Ok(Vec::new()) };
        Ok(self.search(&q, &nearest_options(outlets))?.hits)
    }
}

/// The search for the passages nearest to a quote nobody carried (see
/// [`Searcher::quote`]): its words as a query, `None` when it has none.
fn nearest_words(quote: &str) -> Option<String> {
    let mut q = String::new();
    for (i, r) in crate::text::words(quote).enumerate() {
        if i >= super::query::MAX_WORDS || q.len() + r.len() + 1 > super::query::MAX_QUERY_CHARS / 2 {
            break;
        }
        q.push(' ');
        q.push_str(&quote[r].to_lowercase());
    }
    let q = q.trim();
    (!q.is_empty()).then(|| q.to_string())
}

fn nearest_options(outlets: &[String]) -> super::SearchOptions {
    super::SearchOptions { limit: NEAREST, outlets: outlets.to_vec(), ..Default::default() }
}

/// The search a front runs over its shards for the passages nearest to `text` when no shard
/// found it carried: the query and its options, as [`Searcher::quote`] searches one index.
pub fn nearest_search(text: &str, outlets: &[String]) -> Option<(String, super::SearchOptions)> {
    nearest_words(clean(text)).map(|q| (q, nearest_options(outlets)))
}

/// One index's part of a quote look-up (a shard's answer to a front): its best candidate
/// articles by their quotes and by their text (ids and BM25 scores with the statistics of all
/// shards, best first; empty for one index, which keeps all of its own), and what each
/// candidate article gave, in the order one index reads them.
#[derive(Serialize, Deserialize)]
pub struct QuotePart {
    pub quoted: Vec<ShardArticle>,
    pub body: Vec<ShardArticle>,
    found: Vec<Found>,
}

/// What one candidate article gave: its quotes worth judging (judged unless only a paraphrase
/// could match) and its words printed outside quotation marks.
#[derive(Serialize, Deserialize)]
struct Found {
    id: String,
    meta: ArticleMeta,
    /// Only a paraphrase could match: one index reads it only once some speaker is known.
    deferred: bool,
    candidates: Vec<Candidate>,
    outside: Vec<QuoteMatch>,
}

/// Some match judged so far has a speaker (the articles only a paraphrase could match are read).
fn speaker_known(found: &[Found]) -> bool {
    found
        .iter()
        .filter(|a| !a.deferred)
        .flat_map(|a| &a.candidates)
        .any(|c| c.rec.speaker.is_some() && c.judged.is_some())
}

/// The answer across shards, as one index holding them all gives it (`nearest` empty; see
/// [`nearest_search`]): the best [`CANDIDATES`] articles of all shards by their quotes and by
/// their text (ties in shard order), read in that order, then assembled as one index does.
pub fn quote_merged(text: &str, opts: &QuoteOptions, parts: Vec<QuotePart>) -> QuoteResults {
    let query = clean(text);
    let mut by_id: HashMap<String, Found> = HashMap::new();
    let mut lists: [Vec<(f64, usize, usize, String)>; 2] = [Vec::new(), Vec::new()];
    for (i, part) in parts.into_iter().enumerate() {
        for (list, ranked) in lists.iter_mut().zip([part.quoted, part.body]) {
            list.extend(ranked.into_iter().enumerate().map(|(j, a)| (a.key, i, j, a.id)));
        }
        by_id.extend(part.found.into_iter().map(|a| (a.id.clone(), a)));
    }
    let mut found = Vec::new();
    for mut list in lists {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| (a.1, a.2).cmp(&(b.1, b.2))));
        list.truncate(CANDIDATES);
        found.extend(list.into_iter().filter_map(|(_, _, _, id)| by_id.remove(&id)));
    }
    Searcher::assemble(query, opts, &Prepared::new(query), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_joined_quote_text_map_back_to_article_offsets() {
        // Parts at 10..20 and 40..45 of the article, joined as "0123456789 abcde".
        let rec = QuoteRecord {
            start: 10,
            end: 45,
            parts: vec![[10, 20], [40, 45]],
            text: "0123456789 abcde".into(),
            speaker: None,
            speaker_id: None,
            via: None,
            cue: None,
        };
        assert_eq!(quote_span(&rec, 0..10), [[10, 20]]);
        assert_eq!(quote_span(&rec, 11..16), [[40, 45]]);
        assert_eq!(quote_span(&rec, 5..13), [[15, 20], [40, 42]]);
    }

    #[test]
    fn density_admits_copies_parts_and_paraphrases_and_refuses_scattered_words() {
        // A 20-word query (no apostrophes): passages need 0.35 * 20 - 1 = 6, quotes 4.
        let d = Density { words: 20, slack: 0 };
        let passage =
            |hits: &[u32]| could_hold(hits, &[[100, 180]], PASSAGE_SHARE, d.need(PASSAGE_SHARE), d.run());
        let quote = |hits: &[u32], parts: &[[u32; 2]]| {
            could_hold(hits, parts, QUOTE_SHARE, d.need(QUOTE_SHARE), d.run())
        };
        // The whole query printed: 20 hits in a row.
        let copy: Vec<u32> = (120..140).collect();
        assert!(passage(&copy));
        // Seven words of it in a row (a part of the query): the run.
        assert!(passage(&(150..157).collect::<Vec<_>>()));
        // Its common words scattered one in three across the passage: nothing to compare.
        let scattered: Vec<u32> = (100..180).step_by(3).collect();
        assert!(!passage(&scattered));
        // Hits outside the passage do not count.
        assert!(!passage(&(60..100).collect::<Vec<_>>()));
        // A paraphrase: 12 of 16 quote words are the query's, in a quote of two parts (the
        // attribution between them is not part of the quote).
        let parts = [[10, 18], [25, 33]];
        let para: Vec<u32> = [10, 11, 13, 14, 16, 17, 25, 26, 28, 29, 31, 32].into();
        assert!(quote(&para, &parts));
        // The same hits with the attribution counted as quote words would still pass; hits in
        // the attribution alone do not.
        assert!(!quote(&(19..25).collect::<Vec<_>>(), &parts));
        // A short query (3 words) is left to `plausible`: one of its words is enough here.
        let short = Density { words: 3, slack: 0 };
        assert!(could_hold(&[30], &[[0, 80]], PASSAGE_SHARE, short.need(PASSAGE_SHARE), short.run()));
        assert!(!could_hold(&[90], &[[0, 80]], PASSAGE_SHARE, short.need(PASSAGE_SHARE), short.run()));
        // Apostrophes loosen the bounds (`he'll` is two words for `compare`).
        assert_eq!(Density::of("He'll be stronger for it, won’t he", 7).slack, 2);
        // A text may contract what the query spells out.
        let c = contractions("We are not going to have a country, I can not say");
        for form in ["we're", "aren't", "ain't", "can't", "cannot"] {
            assert!(c.iter().any(|x| x == form), "{form}: {c:?}");
        }
        assert!(!c.iter().any(|x| x.starts_with("going")), "{c:?}");
    }

    #[test]
    fn pasted_quotation_marks_are_stripped() {
        assert_eq!(clean("  “We know how many”  "), "We know how many");
        assert_eq!(clean("\"He'll be stronger\""), "He'll be stronger");
    }
}
