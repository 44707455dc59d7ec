//! The comparison as it was before it ran on word ids (strings, one analysis per span): the
//! reference the faster [`super::compare`] must agree with exactly (tests only).
#![allow(dead_code)]

use std::collections::HashMap;
use std::ops::Range;

use crate::text::fold::fold_char;

pub use super::compare::{Comparison, DiffOp, MatchKind};

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

/// The words of a text: surface ranges and normalised tokens (a surface word may give two).
struct Words {
    surface: Vec<Range<usize>>,
    /// Folded surface words, for the verbatim test.
    folded: Vec<String>,
    /// Normalised tokens and the surface word each came from.
    toks: Vec<String>,
    tok_word: Vec<usize>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

fn analyse(text: &str) -> Words {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut surface = Vec::new();
    let mut folded = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !chars[k].1.is_alphanumeric() {
            k += 1;
            continue;
        }
        let start = chars[k].0;
        let mut w = String::new();
        while k < chars.len() {
            let c = chars[k].1;
            let inner_apos =
                is_apostrophe(c) && chars.get(k + 1).is_some_and(|n| n.1.is_alphanumeric()) && !w.is_empty();
            if c.is_alphanumeric() {
                let f = fold_char(c);
                if f.is_alphanumeric() {
                    w.push(f);
                }
            } else if inner_apos {
                w.push('\'');
            } else {
                break;
            }
            k += 1;
        }
        let end = chars.get(k).map_or(text.len(), |x| x.0);
        if !w.is_empty() {
            surface.push(start..end);
            folded.push(w);
        }
    }
    let mut toks = Vec::new();
    let mut tok_word = Vec::new();
    for i in 0..folded.len() {
        let next: Vec<&str> = folded[i + 1..].iter().take(3).map(String::as_str).collect();
        for t in expand(&folded[i], &next) {
            toks.push(t);
            tok_word.push(i);
        }
    }
    Words { surface, folded, toks, tok_word }
}

/// The next word that is not an adverb, for deciding `'s`/`'d`.
fn next_verb<'a>(next: &[&'a str]) -> Option<&'a str> {
    next.iter().copied().find(|w| !ADVERBS.contains(w))
}

/// Expands a folded word's contraction: `he'll` → `he will`, `won't` → `will not`.
fn expand(w: &str, next: &[&str]) -> Vec<String> {
    let two = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
    match w {
        "can't" | "cannot" => return two("can", "not"),
        "won't" => return two("will", "not"),
        "shan't" => return two("shall", "not"),
        "ain't" => return two("is", "not"),
        "let's" => return two("let", "us"),
        _ => {}
    }
    if let Some(stem) = w.strip_suffix("n't") {
        return two(stem, "not");
    }
    for (suffix, full) in [("'ll", "will"), ("'re", "are"), ("'ve", "have"), ("'m", "am")] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                return two(stem, full);
            }
        }
    }
    let perfect = next_verb(next).is_some_and(|n| PARTICIPLES.contains(&n));
    if let Some(stem) = w.strip_suffix("'d") {
        if !stem.is_empty() {
            let better = next.first() == Some(&"better");
            return two(stem, if perfect || better { "had" } else { "would" });
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
            return two(stem, "has");
        }
        if pronoun {
            return two(stem, "is");
        }
    }
    vec![w.to_string()]
}

fn content(toks: &[String]) -> Vec<String> {
    toks.iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
        .map(|t| {
            let t = t.strip_suffix("'s").unwrap_or(t);
            if t.len() > 3 && t.ends_with('s') && !t.ends_with("ss") {
                t[..t.len() - 1].to_string()
            } else {
                t.to_string()
            }
        })
        .collect()
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
fn align<T: AsRef<str>>(a: &[T], b: &[T]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(a.len().max(b.len()));
    align_into(a, b, 0, 0, &mut ops);
    ops
}

fn align_into<T: AsRef<str>>(a: &[T], b: &[T], ao: usize, bo: usize, ops: &mut Vec<Op>) {
    let eq = |i: usize, j: usize| a[i].as_ref() == b[j].as_ref();
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && eq(pre, pre) {
        ops.push(Op::Same(ao + pre, bo + pre));
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && eq(a.len() - 1 - suf, b.len() - 1 - suf) {
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

fn dp_align<T: AsRef<str>>(a: &[T], b: &[T], ao: usize, bo: usize, ops: &mut Vec<Op>) {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    // l[i][j] = LCS of a[i..] and b[j..]
    let mut l = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i * w + j] = if a[i].as_ref() == b[j].as_ref() {
                l[(i + 1) * w + j + 1] + 1
            } else {
                l[(i + 1) * w + j].max(l[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i].as_ref() == b[j].as_ref() {
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
fn patience<T: AsRef<str>>(a: &[T], b: &[T], ao: usize, bo: usize, ops: &mut Vec<Op>) {
    let mut count: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for (i, t) in a.iter().enumerate() {
        let e = count.entry(t.as_ref()).or_insert((0, 0, 0));
        e.0 += 1;
        e.2 = i;
    }
    let mut pairs = Vec::new();
    let mut b_count: HashMap<&str, (usize, usize)> = HashMap::new();
    for (j, t) in b.iter().enumerate() {
        let e = b_count.entry(t.as_ref()).or_insert((0, 0));
        e.0 += 1;
        e.1 = j;
    }
    for (w, (ca, _, i)) in &count {
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
fn local_align(a: &[String], b: &[String]) -> Option<(usize, Range<usize>, Range<usize>)> {
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
/// [`best_window_prepared`]): the same answers as [`compare`] and [`best_window_with`].
pub struct Prepared<'a> {
    text: &'a str,
    words: Words,
}

impl<'a> Prepared<'a> {
    pub fn new(query: &'a str) -> Prepared<'a> {
        Prepared { text: query, words: analyse(query) }
    }

    /// The query as given.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

impl std::fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("text", &self.text).finish()
    }
}

/// [`compare`] with the query analysed beforehand.
pub fn compare_prepared(query: &Prepared, candidate: &str, same_speaker: bool) -> Option<Comparison> {
    let c = analyse(candidate);
    compare_words(query.text, &query.words, candidate, &c, same_speaker)
}

fn compare_words(
    query: &str,
    q: &Words,
    candidate: &str,
    c: &Words,
    same_speaker: bool,
) -> Option<Comparison> {
    let (nq, nc) = (q.toks.len(), c.toks.len());
    if nq == 0 || nc == 0 {
        return None;
    }
    let ops = align(&q.toks, &c.toks);
    let common = lcs_len(&ops);
    let word_dice = dice(common, nq, nc);
    let (cq, cc) = (content(&q.toks), content(&c.toks));
    let common_content = lcs_len(&align(&cq, &cc));
    let content_dice =
        if cq.is_empty() && cc.is_empty() { word_dice } else { dice(common_content, cq.len(), cc.len()) };

    let shorter = nq.min(nc) as f32 <= PARTIAL_MAX_RATIO * nq.max(nc) as f32;
    // A partial needs a distinctive run: enough content words of the query, a real share of it.
    let part = partial(&q.toks, &c.toks).filter(|(covered, qr, _)| {
        super::compare::partial_is_distinctive(content(&q.toks[qr.clone()]).len(), *covered, nq <= nc)
    });
    let kind_sim = if q.folded == c.folded {
        Some((MatchKind::Verbatim, 1.0))
    } else if let (true, Some((covered, qr, cr))) = (shorter, part.clone()) {
        return Some(partial_comparison(covered, qr, cr, query, q, candidate, c));
    } else if word_dice >= VARIANT_MIN_DICE && content_dice >= VARIANT_MIN_CONTENT_DICE {
        let t = (word_dice - VARIANT_MIN_DICE) / (1.0 - VARIANT_MIN_DICE);
        Some((MatchKind::Variant, 0.80 + 0.19 * t.clamp(0.0, 1.0)))
    } else if let Some((covered, qr, cr)) = part {
        return Some(partial_comparison(covered, qr, cr, query, q, candidate, c));
    } else if same_speaker
        && nq.min(nc) >= PARAPHRASE_MIN_WORDS
        && word_dice >= PARAPHRASE_MIN_DICE
        && common as f32 >= PARAPHRASE_MIN_COVER * nq.max(nc) as f32
        && common_content >= PARAPHRASE_MIN_CONTENT
    {
        Some((MatchKind::Paraphrase, 0.30 + 0.29 * word_dice.clamp(0.0, 1.0)))
    } else {
        None
    };
    let (kind, similarity) = kind_sim?;
    Some(Comparison { kind, similarity, diff: diff_ops(&ops, query, q, candidate, c) })
}

/// A partial match, diffed along the local alignment: the rest of the longer side is added
/// (or removed, when the query is the longer).
fn partial_comparison(
    covered: f32,
    qr: Range<usize>,
    cr: Range<usize>,
    query: &str,
    q: &Words,
    candidate: &str,
    c: &Words,
) -> Comparison {
    let (nq, nc) = (q.toks.len(), c.toks.len());
    let mut ops = Vec::with_capacity(nq.max(nc));
    ops.extend((0..qr.start).map(Op::Del));
    ops.extend((0..cr.start).map(Op::Ins));
    align_into(&q.toks[qr.clone()], &c.toks[cr.clone()], qr.start, cr.start, &mut ops);
    ops.extend((qr.end..nq).map(Op::Del));
    ops.extend((cr.end..nc).map(Op::Ins));
    let diff = diff_ops(&ops, query, q, candidate, c);
    Comparison { kind: MatchKind::Partial, similarity: 0.60 + 0.19 * covered.clamp(0.0, 1.0), diff }
}

/// If one side is a nearly verbatim contiguous part of the other: the share of the query's
/// words covered, and the aligned token ranges of the query and the candidate.
fn partial(q: &[String], c: &[String]) -> Option<(f32, Range<usize>, Range<usize>)> {
    let q_shorter = q.len() <= c.len();
    let (short, long) = if q_shorter { (q, c) } else { (c, q) };
    if short.len() < PARTIAL_MIN_WORDS || short.len() == long.len() {
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
/// its last (the candidate's wording for shared words).
fn diff_ops(ops: &[Op], query: &str, q: &Words, candidate: &str, c: &Words) -> Vec<DiffOp> {
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
    let mut full_c = vec![true; c.surface.len()];
    for op in ops {
        match *op {
            Op::Del(i) => full_q[q.tok_word[i]] = false,
            Op::Ins(j) => full_c[c.tok_word[j]] = false,
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
                let (wq, wc) = (q.tok_word[i], c.tok_word[j]);
                if full_q[wq] && full_c[wc] {
                    last_q = Some(wq);
                    if last_c != Some(wc) {
                        last_c = Some(wc);
                        push(K::Same, c.surface[wc].clone());
                    }
                } else {
                    if last_q != Some(wq) {
                        last_q = Some(wq);
                        push(K::Removed, q.surface[wq].clone());
                    }
                    if last_c != Some(wc) {
                        last_c = Some(wc);
                        push(K::Added, c.surface[wc].clone());
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
                let wc = c.tok_word[j];
                if last_c != Some(wc) {
                    last_c = Some(wc);
                    push(K::Added, c.surface[wc].clone());
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
    let q = &prepared.words;
    let t = analyse(text);
    if q.toks.is_empty() || t.toks.is_empty() {
        return None;
    }
    // Candidate spans as surface-word index ranges (inclusive), and whether each is a whole
    // run of sentences (a paraphrase is judged on sentences, not on fragments).
    let mut spans: Vec<(usize, usize, bool)> = vec![(0, t.surface.len() - 1, true)];
    if let Some((_, _, tr)) = local_align(&q.toks, &t.toks) {
        if !tr.is_empty() {
            // The aligned words, and up to two more on either side (`they knew how many ...`
            // for `We know how many ...`).
            let (a, b) = (t.tok_word[tr.start], t.tok_word[tr.end - 1]);
            let last = t.surface.len() - 1;
            for da in 0..=2 {
                for db in 0..=2 {
                    spans.push((a.saturating_sub(da), (b + db).min(last), false));
                }
            }
        }
    }
    let sentences = sentence_spans(text, &t.surface);
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
    let mut best: Option<(Range<usize>, Comparison)> = None;
    for (a, b, sentences) in spans {
        let range = t.surface[a].start..t.surface[b].end;
        let Some(cmp) = compare_prepared(prepared, &text[range.clone()], same_speaker) else { continue };
        if cmp.kind == MatchKind::Paraphrase && !sentences {
            continue;
        }
        let better = match &best {
            None => true,
            Some((r, bc)) => {
                cmp.similarity > bc.similarity + 1e-6
                    || ((cmp.similarity - bc.similarity).abs() <= 1e-6 && range.len() < r.len())
            }
        };
        if better {
            best = Some((range, cmp));
        }
    }
    best
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
