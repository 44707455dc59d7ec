//! Grouping near-identical passages from different outlets into one hit: wire copy that
//! several outlets ran, and the same quote carried by several outlets. The best-scoring passage
//! stays as the hit; the others are listed under it as "also reported by".
//!
//! Two passages of different articles are grouped when their word sets overlap by at least
//! [`WIRE_JACCARD`] (and [`WIRE_MIN_SHARED`] words), or when each quotes the same words: their quotes share a run of
//! [`SHARED_RUN`] consecutive words (case, accents and punctuation aside).

use std::collections::HashSet;

use serde::Serialize;

use super::{ArticleMeta, Hit, PassageText};
use crate::text::key;

/// Share of distinct words two passages must have in common to count as the same copy.
pub const WIRE_JACCARD: f64 = 0.7;
/// Distinct words they must share at the least, so that two short sentences alike in form
/// ("we won" / "we lost") are not taken for one copy.
pub const WIRE_MIN_SHARED: usize = 12;
/// Consecutive quoted words two passages must share to carry the same quote: long enough
/// that common phrases ("at the end of the day") do not group unrelated quotes.
pub const SHARED_RUN: usize = 8;

/// Another outlet's passage grouped under a hit.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct AlsoReported {
    pub article: ArticleMeta,
    pub passage: PassageText,
}

struct Shape {
    words: HashSet<String>,
    /// Runs of [`SHARED_RUN`] words inside the passage's quotes.
    quoted_runs: HashSet<String>,
}

fn words(s: &str) -> Vec<String> {
    key(s).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn shape(hit: &Hit) -> Shape {
    let chars: Vec<char> = hit.passage.text.chars().collect();
    let mut quoted_runs = HashSet::new();
    for q in &hit.quotes {
        let text: String = chars[q.start.min(chars.len())..q.end.min(chars.len())].iter().collect();
        quoted_runs.extend(words(&text).windows(SHARED_RUN).map(|w| w.join(" ")));
    }
    Shape { words: words(&hit.passage.text).into_iter().collect(), quoted_runs }
}

fn same_story(a: &Shape, b: &Shape) -> bool {
    let shared = a.words.intersection(&b.words).count();
    let union = a.words.len() + b.words.len() - shared;
    if shared >= WIRE_MIN_SHARED && shared as f64 / union as f64 >= WIRE_JACCARD {
        return true;
    }
    !a.quoted_runs.is_disjoint(&b.quoted_runs)
}

/// Folds each hit that repeats an earlier, better hit from another article into that hit's
/// `also_reported_by`, until `limit` hits stand; the rest follow unexamined.
pub fn group(hits: Vec<Hit>, limit: usize) -> Vec<Hit> {
    let mut kept: Vec<(Hit, Shape)> = Vec::with_capacity(limit);
    let mut rest = Vec::new();
    for hit in hits {
        if kept.len() >= limit {
            rest.push(hit);
            continue;
        }
        let s = shape(&hit);
        let home = kept.iter().position(|(k, ks)| k.article.id != hit.article.id && same_story(ks, &s));
        match home {
            Some(i) => {
                let (k, _) = &mut kept[i];
                if !k.also_reported_by.iter().any(|a| a.article.id == hit.article.id) {
                    k.also_reported_by.push(AlsoReported { article: hit.article, passage: hit.passage });
                }
            }
            None => kept.push((hit, s)),
        }
    }
    kept.into_iter().map(|(h, _)| h).chain(rest).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::HitQuote;

    fn hit(id: &str, text: &str, quoted: bool) -> Hit {
        let len = text.chars().count();
        Hit {
            score: 1.0,
            article: ArticleMeta {
                outlet: Some(id.to_uppercase()),
                outlet_source: crate::ingest::OutletSource::Metadata,
                ..ArticleMeta::bare(id)
            },
            passage: PassageText { text: text.into(), start: 0, end: len },
            highlights: Vec::new(),
            quotes: if quoted {
                vec![HitQuote { start: 0, end: len, speaker: None, cue: None }]
            } else {
                Vec::new()
            },
            entities: Vec::new(),
            missing: Vec::new(),
            also_reported_by: Vec::new(),
        }
    }

    #[test]
    fn wire_copy_and_shared_quotes_group_but_other_stories_do_not() {
        let wire = "Kane missed a late penalty as England lost 2-1 to France in the quarter-final.";
        let hits = vec![
            hit("a", wire, false),
            hit("b", &format!("{wire} Reuters"), false),
            hit("c", "We know how many penalties Harry has scored for us, he said on Saturday night", true),
            hit("d", "He added: We know how many penalties Harry has scored for us", true),
            hit("e", "France will face Morocco in the semi-finals on Wednesday.", false),
            hit("a", &format!("{wire} Again."), false),
        ];
        let grouped = group(hits, 10);
        let ids: Vec<&str> = grouped.iter().map(|h| h.article.id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "e", "a"], "the same article is never grouped with itself");
        assert_eq!(grouped[0].also_reported_by[0].article.id, "b");
        assert_eq!(grouped[1].also_reported_by[0].article.id, "d");
        assert!(grouped[2].also_reported_by.is_empty());
    }

    #[test]
    fn short_common_phrases_in_quotes_do_not_group() {
        let hits = vec![
            hit("a", "at the end of the day we won", true),
            hit("b", "at the end of the day we lost", true),
        ];
        assert_eq!(group(hits, 10).len(), 2);
    }
}
