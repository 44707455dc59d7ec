//! Scoring speaker attribution against a gold set (`tests/gold/speakers.jsonl`).
//!
//! A gold quote is matched to the extracted quote that overlaps it most (offsets in Unicode
//! characters, as annotated); it counts as correct when the speakers agree by name
//! ([`speaker_matches`]) or both are unknown. A gold quote that no extracted quote overlaps is
//! wrong (missed).

use serde::{Deserialize, Serialize};

use super::super::normalize::fold;
use super::Quote;

/// One annotated quote: character offsets of the quoted words in the article body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldQuote {
    /// Article id (corpus id, or the seed's file name).
    pub article: String,
    /// Offset (Unicode characters) of the first quoted word.
    pub start: usize,
    /// Offset (Unicode characters) just past the last quoted word.
    pub end: usize,
    /// Full name of the speaker, `None` when the text does not say.
    pub speaker: Option<String>,
}

/// One gold quote, scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub gold: GoldQuote,
    /// The speaker found for the best-overlapping extracted quote (`None` when unknown).
    pub found: Option<String>,
    /// An extracted quote overlapped the gold one.
    pub matched: bool,
    pub correct: bool,
}

/// Speaker attribution accuracy over some gold quotes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub total: usize,
    pub correct: usize,
    /// Gold quotes no extracted quote overlapped (counted as wrong).
    pub missed: usize,
    pub items: Vec<Scored>,
}

impl Accuracy {
    /// Share of gold quotes attributed correctly (1.0 for an empty gold set).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }

    /// Adds another article's scores.
    pub fn merge(&mut self, other: Accuracy) {
        self.total += other.total;
        self.correct += other.correct;
        self.missed += other.missed;
        self.items.extend(other.items);
    }
}

/// Whether two folded words are the same name: equal, or (five letters or more) one letter
/// apart, as when a source spells one person `Hassell`, `Hassel` and `Hassall`.
pub(super) fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    // One substitution, insertion or deletion: what is left between prefix and suffix is at
    // most one character on each side.
    pre + suf + 1 >= a.len().max(b.len())
}

/// Whether a found speaker name agrees with the gold one: both unknown, or one name's words
/// (folded, titles like `Sir` dropped) are all in the other's (`Henderson` ~ `Jordan Henderson`),
/// allowing one letter of difference in long words.
pub fn speaker_matches(found: Option<&str>, gold: Option<&str>) -> bool {
    fn words(s: &str) -> Vec<String> {
        fold(s)
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty() && !matches!(*w, "sir" | "mr" | "mrs" | "ms" | "dr"))
            .map(str::to_string)
            .collect()
    }
    match (found, gold) {
        (None, None) => true,
        (Some(f), Some(g)) => {
            let (f, g) = (words(f), words(g));
            let within = |a: &[String], b: &[String]| a.iter().all(|w| b.iter().any(|v| same_word(w, v)));
            !f.is_empty() && !g.is_empty() && (within(&f, &g) || within(&g, &f))
        }
        _ => false,
    }
}

/// Scores the quotes extracted from one article's `text` against that article's gold quotes.
pub fn speaker_accuracy(text: &str, gold: &[GoldQuote], quotes: &[Quote]) -> Accuracy {
    // Byte offset → character offset.
    let to_char = |b: usize| text[..b.min(text.len())].chars().count();
    let spans: Vec<(usize, usize)> =
        quotes.iter().map(|q| (to_char(q.range.start), to_char(q.range.end))).collect();
    let mut acc = Accuracy::default();
    for g in gold {
        let best = spans
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| (i, e.min(g.end).saturating_sub(s.max(g.start))))
            .filter(|&(_, overlap)| overlap > 0)
            .max_by_key(|&(i, overlap)| (overlap, std::cmp::Reverse(i)));
        let (matched, found) = match best {
            Some((i, _)) => (true, quotes[i].speaker.as_ref().map(|s| s.name.clone())),
            None => (false, None),
        };
        let correct = matched && speaker_matches(found.as_deref(), g.speaker.as_deref());
        acc.total += 1;
        acc.correct += usize::from(correct);
        acc.missed += usize::from(!matched);
        acc.items.push(Scored { gold: g.clone(), found, matched, correct });
    }
    acc
}
