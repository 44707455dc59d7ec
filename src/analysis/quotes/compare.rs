//! Comparing two wordings of a quote: verbatim, variant, partial or paraphrase, with a
//! word-level diff.
//!
//! Both sides are folded ([`fold_char`]: case, diacritics, curly apostrophes), split into words
//! (punctuation ignored, hyphens split `world-class`), and contractions are expanded (`he'll` →
//! `he will`, `wouldn't` → `would not`, `he's` → `he is`/`he has` by the next word) so that
//! outlets that tidy up contractions still align. Word sequences are aligned by longest common
//! subsequence (exact DP for usual sizes, patience anchors beyond), and "part of" is decided by a
//! local alignment so scattered common words never make a match.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use serde::{Deserialize, Serialize};

use crate::text::fold::fold_char;

/// How a candidate wording relates to the query; serialised in snake_case (`"verbatim"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The same words (case, punctuation and diacritics aside).
    Verbatim,
    /// The same quote with small differences: contractions, a few words added or dropped.
    Variant,
    /// One is a (nearly verbatim) contiguous part of the other.
    Partial,
    /// Same speaker, same sense, reworded (only when the caller says the speaker is the same).
    Paraphrase,
}

/// The result of [`compare`].
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub kind: MatchKind,
    /// In 0..=1, for ranking; bands by kind: Verbatim 1.0, Variant 0.80–0.99,
    /// Partial 0.60–0.79 (by how much of the query is covered), Paraphrase 0.30–0.59.
    pub similarity: f32,
    /// Word-level diff of the candidate against the query, runs of the same kind merged.
    pub diff: Vec<DiffOp>,
}

impl Comparison {
    /// Share of the query's words the candidate printed (its diff's shared words against the
    /// shared and removed ones).
    pub fn query_share(&self) -> f32 {
        let (mut same, mut removed) = (0usize, 0usize);
        for d in &self.diff {
            match d {
                DiffOp::Same(t) => same += crate::text::words(t).count(),
                DiffOp::Removed(t) => removed += crate::text::words(t).count(),
                DiffOp::Added(_) => {}
            }
        }
        if same + removed == 0 {
            0.0
        } else {
            same as f32 / (same + removed) as f32
        }
    }
}

/// One run of a word-level diff, in original casing; serialised as
/// `{"op": "same" | "added" | "removed", "text": "..."}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "op", content = "text")]
pub enum DiffOp {
    /// Words both have (the candidate's wording).
    Same(String),
    /// Words only in the candidate.
    Added(String),
    /// Words only in the query.
    Removed(String),
}

// Thresholds. Set on the seeds' versions of Henderson's and Southgate's quotes and the issue's
// paraphrase pair, then checked against unrelated quotes by the same speaker (see the tests).
// Measured (word Dice = 2·LCS/(|a|+|b|) after expanding contractions; content Dice = the same
// on words other than stop words):
// - same quote, words added and dropped ("He's a world-class striker and our captain and we
//   wouldn't have even been here without him" / "He's a world class striker, our captain and we
//   wouldn't be here without him"): word 0.86, content 1.00 -> Variant;
// - the issue's paraphrase ("He'll be stronger for it in the long run" / "He will be stronger
//   for this in the future"): word 0.74 but content 0.40 -> not a Variant; it shares 7 of the
//   10 words of the longer side -> Paraphrase when the speaker is the same;
// - seed 002's reworded line against seed 000's sentence ("... he'll be stronger for it in the
//   long run I'm sure"): word 0.64, 7 of 13 words shared -> Paraphrase;
// - "We know how many penalties Harry has scored for us" against Henderson's other quotes in
//   seed 000: word 0.26 at most; its best fragment ("how many goals he has scored") shares 4 of
//   10 words -> nothing.

/// Least word Dice for a [`MatchKind::Variant`].
pub const VARIANT_MIN_DICE: f32 = 0.80;
/// Least content-word Dice (stop words removed) for a [`MatchKind::Variant`]: what separates
/// "a few words added or dropped" from a rewording.
pub const VARIANT_MIN_CONTENT_DICE: f32 = 0.70;
/// Share of the shorter side's words that must align, nearly contiguously, inside the longer
/// for a [`MatchKind::Partial`] (one dropped or changed word in ten).
pub const PARTIAL_MIN_COVER: f32 = 0.90;
/// Fewest words (after expanding contractions) on the shorter side for a
/// [`MatchKind::Partial`]: short fragments recur across unrelated quotes (`we wouldn't be here`,
/// five words, is in both Southgate's and Henderson's quotes in seed 001).
pub const PARTIAL_MIN_WORDS: usize = 6;
/// A side at most this share of the other's length that is contained in it is a
/// [`MatchKind::Partial`] rather than a [`MatchKind::Variant`]: a ten-word query inside a
/// fifteen-word quote is "part of", not "a few words added".
pub const PARTIAL_MAX_RATIO: f32 = 0.75;
/// Least word Dice for a [`MatchKind::Paraphrase`] (same speaker only).
pub const PARAPHRASE_MIN_DICE: f32 = 0.50;
/// Share of the longer side's words a [`MatchKind::Paraphrase`] must share with the other, in
/// order (0.70 for the pair, 0.54 for seed 002 against seed 000, 0.40 for the fragment
/// above).
pub const PARAPHRASE_MIN_COVER: f32 = 0.50;
/// Content words a paraphrase must share with the query, in order.
pub const PARAPHRASE_MIN_CONTENT: usize = 1;
/// Fewest words on each side for a [`MatchKind::Paraphrase`].
pub const PARAPHRASE_MIN_WORDS: usize = 4;

/// Fewest content words (not stop words) of the query inside a [`MatchKind::Partial`]'s
/// aligned run: a run of common words ("this is going to be a", "they don't want to be") is
/// printed in countless unrelated quotes, so it says nothing about who carried this one.
pub const PARTIAL_MIN_CONTENT: usize = 3;
/// When the outlet printed only part of the query: fewest content words in that part, unless
/// it is at least half the query. A stock phrase of three ("the President of the United
/// States", "for president of the United States", "we win and lose as a team") recurs in
/// unrelated quotes; chosen on a judged sample of allsides partial matches (README, "Quotes").
pub const PARTIAL_PART_MIN_CONTENT: usize = 4;
/// Least share of the query's words a [`MatchKind::Partial`] must align (when the outlet
/// printed only part of the query): a few words of a long quote are not that quote.
pub const PARTIAL_MIN_SHARE: f32 = 0.25;
/// Share of the query at which a part the outlet printed needs only [`PARTIAL_MIN_CONTENT`]
/// content words rather than [`PARTIAL_PART_MIN_CONTENT`].
pub const PARTIAL_HALF_SHARE: f32 = 0.5;

/// How far the aligned part of the longer side may stretch beyond the shorter's length for a
/// partial (gaps inside the alignment), as a factor.
const PARTIAL_MAX_STRETCH: f32 = 1.3;
/// Largest DP table (cells) for the exact alignment; beyond it, patience anchors.
const DP_LIMIT: usize = 4_000_000;
/// Largest local-alignment work (cells); beyond it no partial is looked for.
const LOCAL_LIMIT: usize = 64_000_000;

#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "so", "of", "to", "in", "on", "at", "for", "by",
    "with", "from", "as", "into", "about", "than", "then", "that", "this", "these", "those", "it",
    "its", "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
    "they", "them", "their", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have",
    "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "not", "no", "there", "here", "what", "which", "who", "when", "where", "how", "all",
    "any", "some", "just", "very", "really", "too", "also", "even", "up", "out", "over", "again",
    "only", "own", "same", "such", "more", "most", "much", "many", "one", "get", "got", "think",
    "know", "sure", "yeah", "well", "going", "go", "s", "d",
];

/// Words that make `'s`/`'d` mean `has`/`had` (`he's scored`, `I'd been`).
#[rustfmt::skip]
const PARTICIPLES: &[&str] = &[
    "been", "got", "gotten", "gone", "done", "had", "made", "won", "lost", "scored", "played",
    "shown", "seen", "come", "become", "given", "taken", "left", "proved", "proven", "contributed",
    "signed", "joined", "started", "finished", "improved", "worked", "achieved", "earned", "helped",
    "missed", "managed", "told", "said", "brought", "kept", "put", "felt", "found", "beaten",
    "heard", "known", "learned", "learnt", "grown", "run", "hit", "set", "spent", "struggled",
    "trained", "showed", "looked", "wanted", "decided", "chosen", "spoken", "written", "thought",
    "fallen", "driven", "become", "suffered", "picked",
];

#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "always", "never", "just", "already", "really", "also", "not", "ever", "still", "certainly",
    "definitely", "probably", "obviously", "clearly", "only", "even",
];

/// Id of a word or token the query does not have: never equal to one of the query's, so the
/// alignments (which only ever compare a query token with a candidate token) see the same
/// equalities as on the words themselves.
const OTHER: u32 = u32::MAX;
/// Content id of a stop word (left out of the content words).
const STOP: u32 = u32::MAX - 1;

/// A text split into words: each word's surface range and its folded form (all in one string).
struct Scan {
    surface: Vec<Range<usize>>,
    folded: String,
    word: Vec<Range<usize>>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

impl Scan {
    fn of(text: &str) -> Scan {
        let mut s = Scan { surface: Vec::new(), folded: String::with_capacity(text.len()), word: Vec::new() };
        let mut chars = text.char_indices().peekable();
        while let Some(&(start, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                chars.next();
                continue;
            }
            let from = s.folded.len();
            let mut end = text.len();
            while let Some(&(at, c)) = chars.peek() {
                if c.is_alphanumeric() {
                    let f = fold_char(c);
                    if f.is_alphanumeric() {
                        s.folded.push(f);
                    }
                } else if is_apostrophe(c) && s.folded.len() > from && {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.peek().is_some_and(|n| n.1.is_alphanumeric())
                } {
                    s.folded.push('\'');
                } else {
                    end = at;
                    break;
                }
                chars.next();
            }
            if s.folded.len() > from {
                s.surface.push(start..end);
                s.word.push(from..s.folded.len());
            }
        }
        s
    }

    fn len(&self) -> usize {
        self.word.len()
    }

    fn word(&self, i: usize) -> &str {
        &self.folded[self.word[i].clone()]
    }

    /// Expands word `i` with the words before `end` in view (at most three).
    fn expand(&self, i: usize, end: usize) -> (&str, Option<&'static str>) {
        let mut next = [""; 3];
        let n = end.min(i + 4).saturating_sub(i + 1);
        for (k, slot) in next.iter_mut().enumerate().take(n) {
            *slot = self.word(i + 1 + k);
        }
        expand(self.word(i), &next[..n])
    }
}

/// The next word that is not an adverb, for deciding `'s`/`'d`.
fn next_verb<'a>(next: &[&'a str]) -> Option<&'a str> {
    next.iter().copied().find(|w| !ADVERBS.contains(w))
}

/// Expands a folded word's contraction: `he'll` → `he will`, `won't` → `will not`.
fn expand<'a>(w: &'a str, next: &[&str]) -> (&'a str, Option<&'static str>) {
    match w {
        "can't" | "cannot" => return ("can", Some("not")),
        "won't" => return ("will", Some("not")),
        "shan't" => return ("shall", Some("not")),
        "ain't" => return ("is", Some("not")),
        "let's" => return ("let", Some("us")),
        _ => {}
    }
    if let Some(stem) = w.strip_suffix("n't") {
        return (stem, Some("not"));
    }
    for (suffix, full) in [("'ll", "will"), ("'re", "are"), ("'ve", "have"), ("'m", "am")] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem, Some(full));
            }
        }
    }
    let perfect = next_verb(next).is_some_and(|n| PARTICIPLES.contains(&n));
    if let Some(stem) = w.strip_suffix("'d") {
        if !stem.is_empty() {
            let better = next.first() == Some(&"better");
            return (stem, Some(if perfect || better { "had" } else { "would" }));
        }
    }
    if let Some(stem) = w.strip_suffix("'s") {
        let pronoun = matches!(
            stem,
            "he" | "she"
                | "it"
                | "that"
                | "there"
                | "what"
                | "who"
                | "where"
                | "here"
                | "how"
                | "when"
                | "why"
        );
        if perfect {
            return (stem, Some("has"));
        }
        if pronoun {
            return (stem, Some("is"));
        }
    }
    (w, None)
}

/// The content form of a token (`None` for a stop word): a possessive and a plural `s` off.
fn content_form(t: &str) -> Option<&str> {
    if is_stop(t) {
        return None;
    }
    let t = t.strip_suffix("'s").unwrap_or(t);
    Some(if t.len() > 3 && t.ends_with('s') && !t.ends_with("ss") { &t[..t.len() - 1] } else { t })
}

fn is_stop(t: &str) -> bool {
    static SET: std::sync::OnceLock<FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect()).contains(t)
}

/// The query's words: surface ranges, folded words, normalised tokens (a surface word may give
/// two) and the word each came from, content tokens; all as ids ([`Prepared`]).
struct Words {
    surface: Vec<Range<usize>>,
    folded: Vec<u32>,
    toks: Vec<u32>,
    tok_word: Vec<usize>,
    content: Vec<u32>,
    /// Whether each token is a content word (not a stop word).
    is_content: Vec<bool>,
}

/// A candidate text analysed against a query: its words, and each word's tokens with all the
/// following words in view, as the query's ids ([`OTHER`] for the rest).
struct Text<'t> {
    text: &'t str,
    scan: Scan,
    folded: Vec<u32>,
    /// (token id, content id) of every token, in order.
    toks: Vec<(u32, u32)>,
    tok_word: Vec<usize>,
    /// The first token of each word, and the number of tokens at the end.
    first: Vec<usize>,
}

impl<'t> Text<'t> {
    fn new(p: &Prepared, text: &'t str) -> Text<'t> {
        let scan = Scan::of(text);
        let n = scan.len();
        let folded = (0..n).map(|i| p.fold_ids.get(scan.word(i)).copied().unwrap_or(OTHER)).collect();
        let mut toks = Vec::with_capacity(n + n / 8);
        let mut tok_word = Vec::with_capacity(n + n / 8);
        let mut first = Vec::with_capacity(n + 1);
        for i in 0..n {
            first.push(toks.len());
            let (x, y) = scan.expand(i, n);
            for t in std::iter::once(x).chain(y) {
                toks.push(p.tok(t));
                tok_word.push(i);
            }
        }
        first.push(toks.len());
        Text { text, scan, folded, toks, tok_word, first }
    }

    /// The tokens of words `a..=b` as a text of their own: a word near the end whose expansion
    /// looks at the next words (`he's` + participle) sees only those inside the span.
    fn span(&self, p: &Prepared, a: usize, b: usize, out: &mut Span) {
        out.toks.clear();
        out.tok_word.clear();
        out.content.clear();
        out.words = a..b + 1;
        let mut push = |(id, content): (u32, u32), w: usize| {
            out.toks.push(id);
            out.tok_word.push(w - a);
            if content != STOP {
                out.content.push(content);
            }
        };
        for i in a..=b {
            if i + 3 > b && b + 1 < self.scan.len() {
                let (x, y) = self.scan.expand(i, b + 1);
                for t in std::iter::once(x).chain(y) {
                    push(p.tok(t), i);
                }
            } else {
                for &t in &self.toks[self.first[i]..self.first[i + 1]] {
                    push(t, i);
                }
            }
        }
    }
}

/// The tokens of a span of words of a [`Text`] (reused between spans).
#[derive(Default)]
struct Span {
    words: Range<usize>,
    toks: Vec<u32>,
    /// The word of each token, from the span's first word.
    tok_word: Vec<usize>,
    /// Content ids of the content tokens.
    content: Vec<u32>,
}

// ---------------------------------------------------------------------------------------------
// Alignment

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Del(usize),
    Ins(usize),
}

/// Longest-common-subsequence alignment of `a` against `b`.
fn align(a: &[u32], b: &[u32]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(a.len().max(b.len()));
    align_into(a, b, 0, 0, &mut ops);
    ops
}

fn align_into(a: &[u32], b: &[u32], ao: usize, bo: usize, ops: &mut Vec<Op>) {
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        ops.push(Op::Same(ao + pre, bo + pre));
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf] {
        suf += 1;
    }
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let (ao2, bo2) = (ao + pre, bo + pre);
    if am.is_empty() || bm.is_empty() {
        ops.extend((0..am.len()).map(|i| Op::Del(ao2 + i)));
        ops.extend((0..bm.len()).map(|j| Op::Ins(bo2 + j)));
    } else if (am.len() + 1).saturating_mul(bm.len() + 1) <= DP_LIMIT {
        dp_align(am, bm, ao2, bo2, ops);
    } else {
        patience(am, bm, ao2, bo2, ops);
    }
    for s in 0..suf {
        ops.push(Op::Same(ao + a.len() - suf + s, bo + b.len() - suf + s));
    }
}

fn dp_align(a: &[u32], b: &[u32], ao: usize, bo: usize, ops: &mut Vec<Op>) {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    // l[i][j] = LCS of a[i..] and b[j..]
    let mut l = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i * w + j] = if a[i] == b[j] {
                l[(i + 1) * w + j + 1] + 1
            } else {
                l[(i + 1) * w + j].max(l[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            ops.push(Op::Same(ao + i, bo + j));
            i += 1;
            j += 1;
        } else if l[(i + 1) * w + j] >= l[i * w + j + 1] {
            ops.push(Op::Del(ao + i));
            i += 1;
        } else {
            ops.push(Op::Ins(bo + j));
            j += 1;
        }
    }
    ops.extend((i..n).map(|i| Op::Del(ao + i)));
    ops.extend((j..m).map(|j| Op::Ins(bo + j)));
}

/// Patience diff for inputs too large for the DP: align on words unique to both sides, recurse
/// between anchors; a stretch without anchors is all removed and added.
fn patience(a: &[u32], b: &[u32], ao: usize, bo: usize, ops: &mut Vec<Op>) {
    let mut count: FxHashMap<u32, (usize, usize)> = FxHashMap::default();
    for (i, &t) in a.iter().enumerate() {
        let e = count.entry(t).or_insert((0, 0));
        e.0 += 1;
        e.1 = i;
    }
    let mut b_count: FxHashMap<u32, (usize, usize)> = FxHashMap::default();
    for (j, &t) in b.iter().enumerate() {
        let e = b_count.entry(t).or_insert((0, 0));
        e.0 += 1;
        e.1 = j;
    }
    let mut pairs = Vec::new();
    for (w, (ca, i)) in &count {
        if *ca == 1 {
            if let Some((1, j)) = b_count.get(w) {
                pairs.push((*i, *j));
            }
        }
    }
    pairs.sort_unstable();
    let anchors = longest_increasing(&pairs);
    if anchors.is_empty() {
        ops.extend((0..a.len()).map(|i| Op::Del(ao + i)));
        ops.extend((0..b.len()).map(|j| Op::Ins(bo + j)));
        return;
    }
    let (mut pi, mut pj) = (0, 0);
    for (i, j) in anchors {
        align_into(&a[pi..i], &b[pj..j], ao + pi, bo + pj, ops);
        ops.push(Op::Same(ao + i, bo + j));
        pi = i + 1;
        pj = j + 1;
    }
    align_into(&a[pi..], &b[pj..], ao + pi, bo + pj, ops);
}

/// Longest chain of pairs increasing in both coordinates (pairs sorted by the first).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new(); // index into pairs of the smallest tail per length
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < j);
        prev[k] = if pos > 0 { Some(tails[pos - 1]) } else { None };
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        out.push(pairs[k]);
        cur = prev[k];
    }
    out.reverse();
    out
}

/// Best local alignment of `a` inside `b` (match +2, mismatch or gap −1): the number of matched
/// words and the aligned token ranges of `a` and `b`. `None` when nothing matches or the inputs
/// are too large.
fn local_align(a: &[u32], b: &[u32]) -> Option<(usize, Range<usize>, Range<usize>)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > LOCAL_LIMIT {
        return None;
    }
    #[derive(Clone, Copy, Default)]
    struct Cell {
        score: i32,
        matches: u32,
        si: u32,
        sj: u32,
    }
    let mut prev = vec![Cell::default(); m + 1];
    let mut cur = vec![Cell::default(); m + 1];
    let mut best = (Cell::default(), 0usize, 0usize);
    for i in 1..=n {
        cur[0] = Cell { score: 0, matches: 0, si: i as u32, sj: 0 };
        for j in 1..=m {
            let same = a[i - 1] == b[j - 1];
            let d = prev[j - 1];
            let mut c = Cell {
                score: d.score + if same { 2 } else { -1 },
                matches: d.matches + u32::from(same),
                si: d.si,
                sj: d.sj,
            };
            if d.score == 0 && d.matches == 0 {
                c.si = (i - 1) as u32;
                c.sj = (j - 1) as u32;
            }
            for o in [prev[j], cur[j - 1]] {
                if o.score - 1 > c.score {
                    c = Cell { score: o.score - 1, ..o };
                }
            }
            if c.score <= 0 {
                c = Cell { score: 0, matches: 0, si: i as u32, sj: j as u32 };
            }
            if c.score > best.0.score {
                best = (c, i, j);
            }
            cur[j] = c;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (c, i, j) = best;
    (c.matches > 0).then_some((c.matches as usize, c.si as usize..i, c.sj as usize..j))
}

// ---------------------------------------------------------------------------------------------
// Comparison

fn dice(common: usize, a: usize, b: usize) -> f32 {
    if a + b == 0 {
        0.0
    } else {
        2.0 * common as f32 / (a + b) as f32
    }
}

fn lcs_len(ops: &[Op]) -> usize {
    ops.iter().filter(|o| matches!(o, Op::Same(..))).count()
}

/// Compares a candidate wording with the query; `None` when they are not the same quote.
/// `same_speaker` allows [`MatchKind::Paraphrase`].
pub fn compare(query: &str, candidate: &str, same_speaker: bool) -> Option<Comparison> {
    compare_prepared(&Prepared::new(query), candidate, same_speaker)
}

/// A query analysed once, to be compared with many candidates ([`compare_prepared`],
/// [`best_window_prepared`]): the same answers as [`compare`] and [`best_window_with`]. Its
/// folded words, tokens and content words get ids; a candidate's words are looked up once and
/// compared as ids, those the query lacks as [`OTHER`].
pub struct Prepared<'a> {
    text: &'a str,
    words: Words,
    fold_ids: FxHashMap<String, u32>,
    tok_ids: FxHashMap<String, u32>,
    content_ids: FxHashMap<String, u32>,
    /// How often each token id occurs in the query.
    tok_count: Vec<u32>,
    /// Scratch for [`Prepared::shared_bound`]: occurrences seen per token id.
    seen: std::cell::RefCell<Vec<u32>>,
}

fn intern(ids: &mut FxHashMap<String, u32>, s: &str) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(s.to_string()).or_insert(next)
}

impl<'a> Prepared<'a> {
    pub fn new(query: &'a str) -> Prepared<'a> {
        let scan = Scan::of(query);
        let n = scan.len();
        let (mut fold_ids, mut tok_ids, mut content_ids) =
            (FxHashMap::default(), FxHashMap::default(), FxHashMap::default());
        let mut words = Words {
            surface: scan.surface.clone(),
            folded: Vec::with_capacity(n),
            toks: Vec::with_capacity(n + n / 8),
            tok_word: Vec::with_capacity(n + n / 8),
            content: Vec::new(),
            is_content: Vec::with_capacity(n + n / 8),
        };
        for i in 0..n {
            words.folded.push(intern(&mut fold_ids, scan.word(i)));
            let (x, y) = scan.expand(i, n);
            for t in std::iter::once(x).chain(y) {
                words.toks.push(intern(&mut tok_ids, t));
                words.tok_word.push(i);
                let content = content_form(t);
                words.is_content.push(content.is_some());
                if let Some(c) = content {
                    words.content.push(intern(&mut content_ids, c));
                }
            }
        }
        let mut tok_count = vec![0; tok_ids.len()];
        for &t in &words.toks {
            tok_count[t as usize] += 1;
        }
        let seen = std::cell::RefCell::new(vec![0; tok_ids.len()]);
        Prepared { text: query, words, fold_ids, tok_ids, content_ids, tok_count, seen }
    }

    /// The query as given.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// A candidate token as (token id, content id).
    fn tok(&self, t: &str) -> (u32, u32) {
        let id = self.tok_ids.get(t).copied().unwrap_or(OTHER);
        let content = match content_form(t) {
            None => STOP,
            Some(c) => self.content_ids.get(c).copied().unwrap_or(OTHER),
        };
        (id, content)
    }

    /// Tokens `toks` shares with the query, counted with repeats: no alignment of the two
    /// matches more.
    fn shared_bound(&self, toks: &[u32]) -> usize {
        let mut seen = self.seen.borrow_mut();
        let mut shared = 0;
        for &t in toks {
            if let (Some(s), Some(&max)) = (seen.get_mut(t as usize), self.tok_count.get(t as usize)) {
                if *s < max {
                    *s += 1;
                    shared += 1;
                }
            }
        }
        for &t in toks {
            if let Some(s) = seen.get_mut(t as usize) {
                *s = 0;
            }
        }
        shared
    }
}

impl std::fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("text", &self.text).finish()
    }
}

/// A comparison before its diff is written out: the token alignment it rests on.
#[derive(Clone)]
struct Judgement {
    kind: MatchKind,
    similarity: f32,
    ops: Vec<Op>,
}

/// [`compare`] with the query analysed beforehand.
pub fn compare_prepared(query: &Prepared, candidate: &str, same_speaker: bool) -> Option<Comparison> {
    let t = Text::new(query, candidate);
    if t.scan.len() == 0 {
        return None;
    }
    let mut span = Span::default();
    t.span(query, 0, t.scan.len() - 1, &mut span);
    let j = judge(query, &t, &span, same_speaker)?;
    Some(comparison(query, &t, &span, j))
}

fn comparison(q: &Prepared, t: &Text, span: &Span, j: Judgement) -> Comparison {
    let diff =
        diff_ops(&j.ops, q.text, &q.words, t.text, &t.scan.surface[span.words.clone()], &span.tok_word);
    Comparison { kind: j.kind, similarity: j.similarity, diff }
}

/// How the query relates to a span of a text. Only the alignments a kind could still need are
/// run: [`Prepared::shared_bound`] bounds every alignment's length beforehand.
fn judge(p: &Prepared, t: &Text, c: &Span, same_speaker: bool) -> Option<Judgement> {
    let q = &p.words;
    let (nq, nc) = (q.toks.len(), c.toks.len());
    if nq == 0 || nc == 0 {
        return None;
    }
    if q.folded[..] == t.folded[c.words.clone()] {
        return Some(Judgement { kind: MatchKind::Verbatim, similarity: 1.0, ops: align(&q.toks, &c.toks) });
    }
    let bound = p.shared_bound(&c.toks);
    let shorter = nq.min(nc) as f32 <= PARTIAL_MAX_RATIO * nq.max(nc) as f32;
    let part =
        partial(&q.toks, &c.toks, bound).filter(|(covered, qr, _)| distinctive(q, *covered, qr, nq <= nc));
    if shorter {
        if let Some((covered, qr, cr)) = part {
            return Some(partial_judgement(covered, qr, cr, &q.toks, &c.toks));
        }
    }
    let best_dice = dice(bound, nq, nc);
    let paraphrase_words = same_speaker && nq.min(nc) >= PARAPHRASE_MIN_WORDS;
    let variant_possible = best_dice >= VARIANT_MIN_DICE;
    let paraphrase_possible = paraphrase_words
        && best_dice >= PARAPHRASE_MIN_DICE
        && bound as f32 >= PARAPHRASE_MIN_COVER * nq.max(nc) as f32;
    if !variant_possible && !paraphrase_possible {
        return part.map(|(covered, qr, cr)| partial_judgement(covered, qr, cr, &q.toks, &c.toks));
    }
    let ops = align(&q.toks, &c.toks);
    let common = lcs_len(&ops);
    let word_dice = dice(common, nq, nc);
    let common_content = || lcs_len(&align(&q.content, &c.content));
    let content_dice = || {
        if q.content.is_empty() && c.content.is_empty() {
            word_dice
        } else {
            dice(common_content(), q.content.len(), c.content.len())
        }
    };
    if word_dice >= VARIANT_MIN_DICE && content_dice() >= VARIANT_MIN_CONTENT_DICE {
        let t = (word_dice - VARIANT_MIN_DICE) / (1.0 - VARIANT_MIN_DICE);
        Some(Judgement { kind: MatchKind::Variant, similarity: 0.80 + 0.19 * t.clamp(0.0, 1.0), ops })
    } else if let Some((covered, qr, cr)) = part {
        Some(partial_judgement(covered, qr, cr, &q.toks, &c.toks))
    } else if paraphrase_words
        && word_dice >= PARAPHRASE_MIN_DICE
        && common as f32 >= PARAPHRASE_MIN_COVER * nq.max(nc) as f32
        && common_content() >= PARAPHRASE_MIN_CONTENT
    {
        Some(Judgement {
            kind: MatchKind::Paraphrase,
            similarity: 0.30 + 0.29 * word_dice.clamp(0.0, 1.0),
            ops,
        })
    } else {
        None
    }
}

/// Whether a partial alignment (covering `covered` of the query's tokens, the query's tokens
/// `qr`) is distinctive enough to report: [`PARTIAL_MIN_CONTENT`] content words of the query and
/// [`PARTIAL_MIN_SHARE`] of it; when the candidate printed only part of the query (`query_shorter`
/// false), [`PARTIAL_PART_MIN_CONTENT`] content words or half of the query.
fn distinctive(q: &Words, covered: f32, qr: &Range<usize>, query_shorter: bool) -> bool {
    let content = q.is_content.get(qr.clone()).map_or(0, |c| c.iter().filter(|&&c| c).count());
    partial_is_distinctive(content, covered, query_shorter)
}

/// [`distinctive`] on counts (shared with the reference comparison of the tests).
pub(super) fn partial_is_distinctive(content: usize, covered: f32, query_shorter: bool) -> bool {
    content >= PARTIAL_MIN_CONTENT
        && covered >= PARTIAL_MIN_SHARE
        && (query_shorter || content >= PARTIAL_PART_MIN_CONTENT || covered >= PARTIAL_HALF_SHARE)
}

/// A partial match, aligned along the local alignment: the rest of the longer side is added
/// (or removed, when the query is the longer).
fn partial_judgement(covered: f32, qr: Range<usize>, cr: Range<usize>, q: &[u32], c: &[u32]) -> Judgement {
    let (nq, nc) = (q.len(), c.len());
    let mut ops = Vec::with_capacity(nq.max(nc));
    ops.extend((0..qr.start).map(Op::Del));
    ops.extend((0..cr.start).map(Op::Ins));
    align_into(&q[qr.clone()], &c[cr.clone()], qr.start, cr.start, &mut ops);
    ops.extend((qr.end..nq).map(Op::Del));
    ops.extend((cr.end..nc).map(Op::Ins));
    Judgement { kind: MatchKind::Partial, similarity: 0.60 + 0.19 * covered.clamp(0.0, 1.0), ops }
}

/// If one side is a nearly verbatim contiguous part of the other: the share of the query's
/// words covered, and the aligned token ranges of the query and the candidate. `bound`: no
/// alignment matches more tokens (the local alignment is skipped when too few could).
fn partial(q: &[u32], c: &[u32], bound: usize) -> Option<(f32, Range<usize>, Range<usize>)> {
    let q_shorter = q.len() <= c.len();
    let (short, long) = if q_shorter { (q, c) } else { (c, q) };
    if short.len() < PARTIAL_MIN_WORDS || short.len() == long.len() {
        return None;
    }
    if (bound as f32 / short.len() as f32) < PARTIAL_MIN_COVER {
        return None;
    }
    let (matches, s_range, l_range) = local_align(short, long)?;
    let cover = matches as f32 / short.len() as f32;
    let stretch = l_range.len().max(s_range.len()) as f32;
    if cover < PARTIAL_MIN_COVER || stretch > short.len() as f32 * PARTIAL_MAX_STRETCH + 1.0 {
        return None;
    }
    let covered = matches as f32 / q.len() as f32;
    Some(if q_shorter { (covered, s_range, l_range) } else { (covered, l_range, s_range) })
}

/// Turns token operations into runs of words, each the original text from its first word to
/// its last (the candidate's wording for shared words). `c_surface` and `c_tok_word`: the
/// candidate's words (ranges in `candidate`) and the word of each token.
fn diff_ops(
    ops: &[Op],
    query: &str,
    q: &Words,
    candidate: &str,
    c_surface: &[Range<usize>],
    c_tok_word: &[usize],
) -> Vec<DiffOp> {
    #[derive(PartialEq, Clone, Copy)]
    enum K {
        Same,
        Added,
        Removed,
    }
    // (kind, byte range in its source: the candidate for Same/Added, the query for Removed)
    let mut runs: Vec<(K, Range<usize>)> = Vec::new();
    // A word counts as shared only when all its tokens are (`he's` = `he has` against `he`
    // is a changed word, not a shared one).
    let mut full_q = vec![true; q.surface.len()];
    let mut full_c = vec![true; c_surface.len()];
    for op in ops {
        match *op {
            Op::Del(i) => full_q[q.tok_word[i]] = false,
            Op::Ins(j) => full_c[c_tok_word[j]] = false,
            Op::Same(..) => {}
        }
    }
    let mut last_q: Option<usize> = None;
    let mut last_c: Option<usize> = None;
    let mut push = |k: K, r: Range<usize>| match runs.last_mut() {
        Some((lk, lr)) if *lk == k && lr.end <= r.start => lr.end = r.end,
        Some((lk, lr)) if *lk == k && lr.end >= r.end => {}
        _ => runs.push((k, r)),
    };
    for op in ops {
        match *op {
            Op::Same(i, j) => {
                let (wq, wc) = (q.tok_word[i], c_tok_word[j]);
                if full_q[wq] && full_c[wc] {
                    last_q = Some(wq);
                    if last_c != Some(wc) {
                        last_c = Some(wc);
                        push(K::Same, c_surface[wc].clone());
                    }
                } else {
                    if last_q != Some(wq) {
                        last_q = Some(wq);
                        push(K::Removed, q.surface[wq].clone());
                    }
                    if last_c != Some(wc) {
                        last_c = Some(wc);
                        push(K::Added, c_surface[wc].clone());
                    }
                }
            }
            Op::Del(i) => {
                let wq = q.tok_word[i];
                if last_q != Some(wq) {
                    last_q = Some(wq);
                    push(K::Removed, q.surface[wq].clone());
                }
            }
            Op::Ins(j) => {
                let wc = c_tok_word[j];
                if last_c != Some(wc) {
                    last_c = Some(wc);
                    push(K::Added, c_surface[wc].clone());
                }
            }
        }
    }
    runs.into_iter()
        .map(|(k, r)| match k {
            K::Same => DiffOp::Same(candidate[r].to_string()),
            K::Added => DiffOp::Added(candidate[r].to_string()),
            K::Removed => DiffOp::Removed(query[r].to_string()),
        })
        .collect()
}

/// The span of `text` (a quote, a passage) that best matches the query, and how the query
/// compares with that span. Finds a query printed inside a longer quote or outside quotation
/// marks; `kind` describes the span, so a query found whole inside a longer text is `Verbatim`
/// for its span (the caller knows the span is part of the text), while a text that printed only
/// part of the query gives `Partial`. Never returns a paraphrase: see [`best_window_with`].
pub fn best_window(query: &str, text: &str) -> Option<(Range<usize>, Comparison)> {
    best_window_with(query, text, false)
}

/// [`best_window`], allowing [`MatchKind::Paraphrase`] when the speakers are the same.
/// Candidate spans: the whole text, the local alignment of the query in it, and each run of one
/// to three sentences.
pub fn best_window_with(query: &str, text: &str, same_speaker: bool) -> Option<(Range<usize>, Comparison)> {
    best_window_prepared(&Prepared::new(query), text, same_speaker)
}

/// [`best_window_with`] with the query analysed beforehand.
pub fn best_window_prepared(
    prepared: &Prepared,
    text: &str,
    same_speaker: bool,
) -> Option<(Range<usize>, Comparison)> {
    whole_and_window(prepared, text, same_speaker).1
}

/// [`compare_prepared`] and [`best_window_prepared`] of one text, analysed once.
#[allow(clippy::type_complexity)]
pub fn whole_and_window(
    prepared: &Prepared,
    text: &str,
    same_speaker: bool,
) -> (Option<Comparison>, Option<(Range<usize>, Comparison)>) {
    let q = &prepared.words;
    let t = Text::new(prepared, text);
    if t.scan.len() == 0 {
        return (None, None);
    }
    let last = t.scan.len() - 1;
    let mut span = Span::default();
    let whole = |span: &mut Span| {
        t.span(prepared, 0, last, span);
        judge(prepared, &t, span, same_speaker).map(|j| comparison(prepared, &t, span, j))
    };
    if q.toks.is_empty() {
        return (whole(&mut span), None);
    }
    // Candidate spans as surface-word index ranges (inclusive), and whether each is a whole
    // run of sentences (a paraphrase is judged on sentences, not on fragments).
    let mut spans: Vec<(usize, usize, bool)> = vec![(0, last, true)];
    let all: Vec<u32> = t.toks.iter().map(|x| x.0).collect();
    if let Some((_, _, tr)) = local_align(&q.toks, &all) {
        if !tr.is_empty() {
            // The aligned words, and up to two more on either side (`they knew how many ...`
            // for `We know how many ...`).
            let (a, b) = (t.tok_word[tr.start], t.tok_word[tr.end - 1]);
            for da in 0..=2 {
                for db in 0..=2 {
                    spans.push((a.saturating_sub(da), (b + db).min(last), false));
                }
            }
        }
    }
    let sentences = sentence_spans(text, &t.scan.surface);
    let longest = q.surface.len() * 3 + 10;
    for s in 0..sentences.len() {
        for e in s..sentences.len().min(s + 3) {
            let (a, b) = (sentences[s].0, sentences[e].1);
            if b + 1 - a <= longest {
                spans.push((a, b, true));
            }
        }
    }
    spans.sort_unstable();
    spans.dedup();
    let mut whole_judged: Option<Option<Judgement>> = None;
    let mut best: Option<(Range<usize>, Judgement, usize, usize)> = None;
    for (a, b, sentences) in spans {
        t.span(prepared, a, b, &mut span);
        let judged = judge(prepared, &t, &span, same_speaker);
        if (a, b) == (0, last) && whole_judged.is_none() {
            whole_judged = Some(judged.clone());
        }
        let Some(j) = judged else { continue };
        if j.kind == MatchKind::Paraphrase && !sentences {
            continue;
        }
        let range = t.scan.surface[a].start..t.scan.surface[b].end;
        let better = match &best {
            None => true,
            Some((r, bj, ..)) => {
                j.similarity > bj.similarity + 1e-6
                    || ((j.similarity - bj.similarity).abs() <= 1e-6 && range.len() < r.len())
            }
        };
        if better {
            best = Some((range, j, a, b));
        }
    }
    let whole = match whole_judged {
        Some(j) => j.map(|j| {
            t.span(prepared, 0, last, &mut span);
            comparison(prepared, &t, &span, j)
        }),
        None => whole(&mut span),
    };
    let window = best.map(|(range, j, a, b)| {
        t.span(prepared, a, b, &mut span);
        (range, comparison(prepared, &t, &span, j))
    });
    (whole, window)
}

/// Sentences as inclusive surface-word index ranges: split after words followed by `.`, `!`,
/// `?`, `;`, `…`, a line break or a double quotation mark.
fn sentence_spans(text: &str, surface: &[Range<usize>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..surface.len() {
        let gap_end = surface.get(i + 1).map_or(text.len(), |r| r.start);
        let gap = &text[surface[i].end..gap_end];
        let ends = i + 1 == surface.len()
            || gap.contains(['.', '!', '?', ';', '\u{2026}', '\n', '"', '\u{201C}', '\u{201D}']);
        if ends {
            out.push((start, i));
            start = i + 1;
        }
    }
    out
}
