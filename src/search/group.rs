//! Grouping near-identical passages from different outlets into one hit: wire copy that
//! several outlets ran, and the same quote carried by several outlets. The best-scoring passage
//! stays as the hit; the others are listed under it as "also reported by".
//!
//! Two passages of different articles are grouped when their word sets overlap by at least
//! [`WIRE_JACCARD`] (and [`WIRE_MIN_SHARED`] words), or when each quotes the same words: their quotes share a run of
//! [`SHARED_RUN`] consecutive words (case, accents and punctuation aside).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

use serde::Serialize;

use super::{ArticleMeta, Hit, PassageText};
use crate::text::fold_word_into;

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

/// What grouping compares of a hit: its distinct words and its quoted runs, each kept as a
/// 64-bit hash of the folded words (no string per word; two different words sharing a hash is
/// vanishingly rare, and would at worst group two passages).
struct Shape {
    words: FxHashSet<u64>,
    /// Runs of [`SHARED_RUN`] words inside the passage's quotes.
    quoted_runs: FxHashSet<u64>,
}

/// The hash of a folded word.
fn word_hash(w: &str) -> u64 {
    let mut h = FxHasher::default();
    w.hash(&mut h);
    h.finish()
}

/// The folded words of `s` (the words of its [`key`](crate::text::key)), each hashed, in order.
fn word_hashes(s: &str, out: &mut Vec<u64>) {
    let mut folded = String::new();
    for w in crate::text::words(s) {
        folded.clear();
        fold_word_into(&s[w], &mut folded);
        out.extend(folded.split(' ').filter(|p| !p.is_empty()).map(word_hash));
    }
}

fn shape(hit: &Hit) -> Shape {
    let mut quoted_runs = FxHashSet::default();
    let mut hashes = Vec::new();
    for q in &hit.quotes {
        // Quote bounds are character offsets into the passage.
        let text = &hit.passage.text;
        let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        let (start, end) = (byte(q.start), byte(q.end));
        hashes.clear();
        word_hashes(&text[start..end.max(start)], &mut hashes);
        quoted_runs.extend(hashes.windows(SHARED_RUN).map(|run| {
            let mut h = FxHasher::default();
            run.hash(&mut h);
            h.finish()
        }));
    }
    Shape { words: word_set(&hit.passage.text), quoted_runs }
}

/// The distinct words of `s`'s key, hashed.
fn word_set(s: &str) -> FxHashSet<u64> {
    let mut hashes = Vec::new();
    word_hashes(s, &mut hashes);
    hashes.into_iter().collect()
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
    let mut g = Grouper::new(limit);
    for hit in hits {
        g.push(hit);
    }
    g.finish()
}

/// [`group`] one hit at a time, so that a search builds hits (reads records) only until the
/// page they make is settled ([`Grouper::settled`]).
pub struct Grouper {
    limit: usize,
    kept: Vec<(Hit, Shape)>,
    rest: Vec<Hit>,
}

impl Grouper {
    pub fn new(limit: usize) -> Self {
        Grouper { limit, kept: Vec::with_capacity(limit), rest: Vec::new() }
    }

    /// The next hit in rank order: folded into a kept hit it repeats, kept, or (once `limit`
    /// hits stand) set aside unexamined.
    pub fn push(&mut self, hit: Hit) {
        if self.kept.len() >= self.limit {
            self.rest.push(hit);
            return;
        }
        let s = shape(&hit);
        let home = self.kept.iter().position(|(k, ks)| k.article.id != hit.article.id && same_story(ks, &s));
        match home {
            Some(i) => {
                let (k, _) = &mut self.kept[i];
                if !k.also_reported_by.iter().any(|a| a.article.id == hit.article.id) {
                    k.also_reported_by.push(AlsoReported { article: hit.article, passage: hit.passage });
                }
            }
            None => self.kept.push((hit, s)),
        }
    }

    /// True when no later hit can change the first `limit` items of
    /// `diversify(self.finish(), article, per_article, limit)`: `limit` hits stand (later
    /// ones are set aside, never grouped), and `limit` of the hits so far are within
    /// `per_article` of their article (later ones are placed after those, then cut off).
    pub fn settled(&self, per_article: usize) -> bool {
        if self.kept.len() < self.limit {
            return false;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let within = self.kept.iter().map(|(h, _)| h).chain(&self.rest).filter(|h| {
            let n = seen.entry(h.article.id.as_str()).or_default();
            *n += 1;
            *n <= per_article
        });
        within.count() >= self.limit
    }

    /// The hits kept, in order, then those set aside.
    pub fn finish(self) -> Vec<Hit> {
        self.kept.into_iter().map(|(h, _)| h).chain(self.rest).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::HitQuote;
    use crate::text::key;

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
    fn the_word_set_is_that_of_the_key() {
        for text in ["Kane’s penalty, 2–1 (Tchouaméni) — Park Joo-Ho said: “we won, we WON”.", "", "... —"]
        {
            let from_key: FxHashSet<u64> =
                key(text).split(' ').filter(|w| !w.is_empty()).map(word_hash).collect();
            assert_eq!(word_set(text), from_key, "{text}");
        }
        assert_eq!(word_set("We won, we WON").len(), 2);
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

    /// A passage of `n` words from a small vocabulary chosen by `seed`: passages with close
    /// seeds share most words, so some group and others do not.
    fn words_of(seed: u8) -> String {
        (0..14).map(|i| format!("w{}", (seed as usize / 2 + i) % 20)).collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        /// Stopping at the first settled prefix gives the page that grouping every hit gives.
        #[test]
        fn a_settled_prefix_gives_the_page_of_all_hits(
            items in proptest::collection::vec((0u8..6, 0u8..12, proptest::bool::ANY), 0..30),
            limit in 1usize..8,
            per_article in 1usize..3,
        ) {
            let hits: Vec<Hit> = items
                .iter()
                .map(|&(article, seed, quoted)| hit(&format!("a{article}"), &words_of(seed), quoted))
                .collect();
            let page = |hits: Vec<Hit>| {
                crate::search::diversify(hits, |h| h.article.id.clone(), per_article, limit)
                    .into_iter()
                    .map(|h| {
                        let also: Vec<String> = h.also_reported_by.iter().map(|a| a.article.id.clone()).collect();
                        (h.article.id, h.passage.text, also)
                    })
                    .collect::<Vec<_>>()
            };
            let all = page(group(hits.clone(), limit));
            let mut g = Grouper::new(limit);
            for h in hits {
                if g.settled(per_article) {
                    break;
                }
                g.push(h);
            }
            proptest::prop_assert_eq!(page(g.finish()), all);
        }
    }
}
