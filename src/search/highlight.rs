//! Finding the query in a passage: highlight spans and the proximity of the matched words.
//!
//! A passage is walked with the index's own word splitter and folding, and a word is stemmed
//! only if it could possibly match (its first letter is the first letter of some target term),
//! so highlighting costs little more than a scan. Stems are cached per thread. A search looks
//! at a passage several times (its highlights, how each query word matched, what a hit lacks):
//! a [`Scanner`] walks each text once for all of the search's terms and answers each of these
//! from that walk.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::plan::Targets;
use crate::index::analyzer::{indexed_len, StemCache};
use crate::text::{fold_word_into, words};

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// One matched word of a passage.
#[derive(Debug, Clone)]
struct Matched {
    term: String,
    bytes: Range<usize>,
    position: usize,
    /// The first letter of the word folded.
    first: char,
}

/// Words of `text` whose term is one of `terms`, with their positions.
fn matched_words(text: &str, terms: &HashSet<&str>) -> Vec<Matched> {
    let firsts: HashSet<char> = terms.iter().filter_map(|t| t.chars().next()).collect();
    matched_words_from(text, terms, &firsts)
}

/// [`matched_words`] with the first letters of `terms` given.
fn matched_words_from(text: &str, terms: &HashSet<&str>, firsts: &HashSet<char>) -> Vec<Matched> {
    let mut out = Vec::new();
    let mut folded = String::new();
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (position, range) in words(text).enumerate() {
            if !indexed_len(range.len()) {
                continue;
            }
            folded.clear();
            fold_word_into(&text[range.clone()], &mut folded);
            let Some(first) = folded.chars().next().filter(|c| firsts.contains(c)) else {
                continue;
            };
            let stem = cache.stem(&folded);
            if terms.contains(stem) {
                out.push(Matched { term: stem.to_string(), bytes: range, position, first });
            }
        }
    });
    out
}

/// Each word of `text` whose term is one of `terms`: its term and the word folded, in text
/// order (what a query word matched as).
pub fn forms(text: &str, terms: &HashSet<&str>) -> Vec<(String, String)> {
    forms_of(text, matched_words(text, terms))
}

fn forms_of(text: &str, matched: Vec<Matched>) -> Vec<(String, String)> {
    matched
        .into_iter()
        .map(|m| {
            let mut folded = String::new();
            fold_word_into(&text[m.bytes], &mut folded);
            (m.term, folded)
        })
        .collect()
}

/// What a passage says about a query: where it matches and how close together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Byte ranges to highlight, sorted and disjoint (a phrase is one span).
    pub spans: Vec<Range<usize>>,
    /// How many of the query's words and phrases occur.
    pub units: usize,
    /// 1.0 when all occurring units sit side by side, falling towards 0 as they spread out;
    /// 0 with fewer than two units.
    pub proximity: f32,
}

/// Finds `targets` in `text`.
pub fn find(text: &str, targets: &Targets) -> Found {
    let terms = targets.all_terms();
    if terms.is_empty() {
        return Found::default();
    }
    found_in(matched_words(text, &terms), targets)
}

/// Walks texts once each for a set of terms, keeping the words that match one of them; then
/// [`find`] and [`forms`] for any part of those terms are answered from the walk, alike.
pub struct Scanner {
    terms: HashSet<String>,
    firsts: HashSet<char>,
    /// Each text walked, by its words (texts are hashed with FxHash: a passage a lookup).
    walked: RefCell<rustc_hash::FxHashMap<String, Vec<Matched>>>,
}

impl Scanner {
    /// A scanner for `terms` (every term later asked about).
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Scanner {
        let terms: HashSet<String> = terms.into_iter().map(str::to_string).collect();
        let firsts = terms.iter().filter_map(|t| t.chars().next()).collect();
        Scanner { terms, firsts, walked: RefCell::new(Default::default()) }
    }

    /// [`matched_words`]`(text, terms)`, from the walk of `text` when the scanner has every
    /// term of `terms` (a word matched there is kept when its term and first letter would
    /// have been looked for with `terms` alone).
    fn matched(&self, text: &str, terms: &HashSet<&str>) -> Vec<Matched> {
        if !terms.iter().all(|t| self.terms.contains(*t)) {
            return matched_words(text, terms);
        }
        let firsts: HashSet<char> = terms.iter().filter_map(|t| t.chars().next()).collect();
        let keep = |words: &[Matched]| -> Vec<Matched> {
            words
                .iter()
                .filter(|m| firsts.contains(&m.first) && terms.contains(m.term.as_str()))
                .cloned()
                .collect()
        };
        let mut walked = self.walked.borrow_mut();
        if let Some(words) = walked.get(text) {
            return keep(words);
        }
        let own: HashSet<&str> = self.terms.iter().map(String::as_str).collect();
        let words = matched_words_from(text, &own, &self.firsts);
        let kept = keep(&words);
        walked.insert(text.to_string(), words);
        kept
    }

    /// [`find`], from the walk.
    pub fn find(&self, text: &str, targets: &Targets) -> Found {
        let terms = targets.all_terms();
        if terms.is_empty() {
            return Found::default();
        }
        found_in(self.matched(text, &terms), targets)
    }

    /// [`forms`], from the walk.
    pub fn forms(&self, text: &str, terms: &HashSet<&str>) -> Vec<(String, String)> {
        forms_of(text, self.matched(text, terms))
    }
}

/// [`find`] on the words of a text matching `targets`' terms.
fn found_in(matched: Vec<Matched>, targets: &Targets) -> Found {
    let mut spans: Vec<Range<usize>> = Vec::new();
    // Positions where each unit (word or phrase) occurs.
    let mut unit_positions: Vec<Vec<usize>> = Vec::new();

    for alternatives in &targets.words {
        let ps: Vec<usize> = matched
            .iter()
            .filter(|m| alternatives.contains(&m.term))
            .map(|m| {
                spans.push(m.bytes.clone());
                m.position
            })
            .collect();
        unit_positions.push(ps);
    }
    let by_position: HashMap<usize, &Matched> = matched.iter().map(|m| (m.position, m)).collect();
    for phrase in &targets.phrases {
        let mut ps = Vec::new();
        for m in matched.iter().filter(|m| m.term == phrase[0]) {
            let run: Option<Vec<&Matched>> = phrase
                .iter()
                .enumerate()
                .map(|(i, t)| by_position.get(&(m.position + i)).copied().filter(|x| x.term == *t))
                .collect();
            if let Some(run) = run {
                let last = run[run.len() - 1];
                spans.push(m.bytes.start..last.bytes.end);
                ps.push(m.position);
            }
        }
        unit_positions.push(ps);
    }

    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let present: Vec<&Vec<usize>> = unit_positions.iter().filter(|p| !p.is_empty()).collect();
    let units = present.len();
    let proximity = if units >= 2 {
        let span = min_window(&present);
        (units - 1) as f32 / span.max(units - 1) as f32
    } else {
        0.0
    };
    Found { spans: merged, units, proximity }
}

/// The smallest distance (last position - first position) covering one position of each list.
pub(crate) fn min_window(lists: &[&Vec<usize>]) -> usize {
    let mut events: Vec<(usize, usize)> =
        lists.iter().enumerate().flat_map(|(i, ps)| ps.iter().map(move |&p| (p, i))).collect();
    events.sort_unstable();
    let need = lists.len();
    let mut counts = vec![0usize; need];
    let mut have = 0;
    let mut best = usize::MAX;
    let mut left = 0;
    for right in 0..events.len() {
        let (_, i) = events[right];
        if counts[i] == 0 {
            have += 1;
        }
        counts[i] += 1;
        while have == need {
            best = best.min(events[right].0 - events[left].0);
            let (_, j) = events[left];
            counts[j] -= 1;
            if counts[j] == 0 {
                have -= 1;
            }
            left += 1;
        }
    }
    best
}

/// Converts byte ranges within `text` to Unicode character offsets.
pub fn char_spans(text: &str, spans: &[Range<usize>]) -> Vec<[usize; 2]> {
    let mut out = Vec::with_capacity(spans.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut advance = |to: usize| {
        if to >= byte {
            chars += text[byte..to].chars().count();
        } else {
            chars = text[..to].chars().count();
        }
        byte = to;
        chars
    };
    for s in spans {
        let a = advance(s.start);
        let b = advance(s.end);
        out.push([a, b]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(words: &[&[&str]], phrases: &[&[&str]]) -> Targets {
        Targets {
            words: words.iter().map(|w| w.iter().map(|s| s.to_string()).collect()).collect(),
            phrases: phrases.iter().map(|w| w.iter().map(|s| s.to_string()).collect()).collect(),
        }
    }

    #[test]
    fn stems_and_typos_are_highlighted_as_written() {
        let text = "Kane’s penalties, and Tchouaméni scored.";
        let found = find(text, &targets(&[&["kane"], &["penalti"], &["tchoumeni", "tchouameni"]], &[]));
        let words: Vec<&str> = found.spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(words, ["Kane’s", "penalties", "Tchouaméni"]);
        assert_eq!(found.units, 3);
    }

    #[test]
    fn a_phrase_is_one_span_and_only_when_in_order() {
        let text = "He missed a penalty. The penalty was missed.";
        let found = find(text, &targets(&[], &[&["miss", "a", "penalti"]]));
        let words: Vec<&str> = found.spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(words, ["missed a penalty"]);
    }

    #[test]
    fn proximity_rewards_words_side_by_side() {
        let near = find("Kane penalty", &targets(&[&["kane"], &["penalti"]], &[]));
        let far =
            find("Kane was fine and so on and later a penalty", &targets(&[&["kane"], &["penalti"]], &[]));
        assert_eq!(near.proximity, 1.0);
        assert!(far.proximity > 0.0 && far.proximity < 0.2, "{}", far.proximity);
        let alone = find("Kane alone", &targets(&[&["kane"], &["penalti"]], &[]));
        assert_eq!((alone.units, alone.proximity), (1, 0.0));
    }

    #[test]
    fn a_scanner_answers_as_a_walk_for_the_terms_asked() {
        let texts = [
            "Kane’s penalties, and Tchouaméni scored. Kane missed a penalty.",
            "He missed a penalty. The penalty was missed by Yamal.",
            "Nothing to see here.",
        ];
        let asked = [
            targets(&[&["kane"], &["penalti"]], &[]),
            targets(&[&["tchoumeni", "tchouameni"]], &[&["miss", "a", "penalti"]]),
            targets(&[], &[&["penalti", "was"]]),
            targets(&[&["yamal"]], &[]),
        ];
        let scan = Scanner::new(asked[..3].iter().flat_map(|t| t.all_terms()));
        for text in texts {
            for t in &asked {
                // `yamal` is not among the scanner's terms: walked on its own, found alike.
                assert_eq!(scan.find(text, t), find(text, t), "{text} {t:?}");
                let terms = t.all_terms();
                assert_eq!(scan.forms(text, &terms), forms(text, &terms), "{text} {t:?}");
            }
        }
        assert_eq!(scan.walked.borrow().len(), texts.len(), "each text walked once");
        let found = scan.find(texts[0], &asked[0]);
        assert_eq!(found.units, 2);
        assert_eq!(scan.forms(texts[1], &asked[3].all_terms()), [("yamal".to_string(), "yamal".to_string())]);
    }

    #[test]
    fn char_spans_count_characters() {
        let text = "Tchouaméni’s goal";
        let goal = text.find("goal").unwrap();
        assert_eq!(char_spans(text, &[0..goal - 1, goal..text.len()]), [[0, 12], [13, 17]]);
    }
}
