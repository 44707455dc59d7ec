//! Passages inside the winning articles, ranked without reading stored data.
//!
//! tantivy's BM25 over title and body has already picked the best articles. For each of them
//! this step reads, from the index alone, the positions of the query's body terms (postings)
//! and the passage bounds (a fast field of token positions), and scores every passage:
//!
//! - **passage BM25**: the query terms' frequencies inside the passage, with the index's idf and
//!   the passage's length against [`AVG_PASSAGE_WORDS`];
//! - **proximity**: how close the query's distinct words stand, counted only for words with a
//!   real idf ([`MIN_PROXIMITY_IDF`]), so "is absent" or "used to" earn nothing;
//! - **length prior**: a passage of fewer than [`SHORT_PASSAGE_WORDS`] words (a fixture line, a
//!   caption, site furniture) is scaled down in proportion.
//!
//! - **events**: with `event:` or `minute:` filters, only the passages overlapping the evidence
//!   of a fact they select (the `fact_spans` fast field); when the query's words name an event
//!   ("Kane penalty"), passages overlapping the evidence of such a fact are scaled up by
//!   [`EVENT_WEIGHT`].
//!
//! A hit's score is the article's own score plus [`PASSAGE_WEIGHT`] times its passage's, so the
//! article counts and so does the passage within it.

use anyhow::Context;
use std::collections::HashMap;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term};

use super::highlight::min_window;
use super::plan::{EventFilter, Targets};
use crate::index::schema::{passage_bounds, read_bounds, read_fact_spans, FactSpan};
use crate::index::Fields;

/// BM25 parameters for passages.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The length passages are normalised against.
pub const AVG_PASSAGE_WORDS: f32 = 45.0;
/// Weight of the passage's score against the article's (0.3 chosen on the SciFact train
/// judgements with the title weighted on its own: nDCG@10 0.6967 at 0.5, 0.6987 at 0.3).
pub const PASSAGE_WEIGHT: f32 = 0.3;
/// Weight of the proximity boost on a passage's score.
pub const PROXIMITY_WEIGHT: f32 = 0.5;
/// Words with a smaller idf do not count towards proximity.
pub const MIN_PROXIMITY_IDF: f32 = 1.5;
/// A passage stating an event the query's words name scores `1 + EVENT_WEIGHT` times as much.
pub const EVENT_WEIGHT: f32 = 1.0;
/// Passages shorter than this many words are scaled down in proportion.
pub const SHORT_PASSAGE_WORDS: u32 = 12;

/// One unit of the query (a word with its typo alternatives, or a phrase) as body terms.
#[derive(Debug, Clone)]
pub struct QueryUnit {
    /// Alternatives for a word; the words in order for a phrase.
    pub terms: Vec<Term>,
    pub phrase: bool,
    /// A word's best idf; the sum of a phrase's.
    pub idf: f32,
}

/// The body terms of a query's positive words and phrases, with their idf.
pub fn query_terms(searcher: &Searcher, fields: Fields, targets: &Targets) -> anyhow::Result<Vec<QueryUnit>> {
    query_terms_with(searcher.num_docs(), &|t| Ok(searcher.doc_freq(t)?), fields, targets)
}

/// [`query_terms`] with the statistics given: `docs` live documents and each term's document
/// frequency (a front's sums over shard servers, [`super::stats`]).
pub fn query_terms_with(
    docs: u64,
    doc_freq: &dyn Fn(&Term) -> anyhow::Result<u64>,
    fields: Fields,
    targets: &Targets,
) -> anyhow::Result<Vec<QueryUnit>> {
    let n = docs.max(1) as f32;
    let idf = |term: &Term| -> anyhow::Result<f32> {
        let df = doc_freq(term)? as f32;
        Ok((1.0 + (n - df + 0.5) / (df + 0.5)).ln())
    };
    let mut out = Vec::new();
    for (alternatives, phrase) in
        targets.words.iter().map(|w| (w, false)).chain(targets.phrases.iter().map(|p| (p, true)))
    {
        let terms: Vec<Term> = alternatives.iter().map(|t| Term::from_field_text(fields.body, t)).collect();
        let mut best = 0f32;
        let mut sum = 0f32;
        for t in &terms {
            let x = idf(t)?;
            best = best.max(x);
            sum += x;
        }
        out.push(QueryUnit { terms, phrase, idf: if phrase { sum } else { best } });
    }
    Ok(out)
}

/// Where the candidates are read from: the index, its stores and the threads to read on.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub searcher: &'a Searcher,
    pub stores: &'a super::stored::Stores,
    pub executor: &'a tantivy::Executor,
}

/// A passage of a candidate article and how well it answers the query.
#[derive(Debug, Clone, Copy)]
pub struct ScoredPassage {
    /// Index of the passage in the article.
    pub passage: usize,
    /// Holds every unit of the query.
    pub complete: bool,
    /// Passage BM25 with the proximity boost and the length prior.
    pub score: f32,
}

/// Scores the passages of each article in `docs` (any order); returns, per article, its
/// passages that hold a query word and none of the `negatives`, best first (empty when none
/// does, e.g. a title match). With event filters, the passages stating a selected fact: those
/// of them that hold a query word, else all of them.
pub(super) fn passages(
    from: Source,
    fields: Fields,
    docs: &[DocAddress],
    units: &[QueryUnit],
    negatives: &[QueryUnit],
    events: &EventFilter,
) -> anyhow::Result<HashMap<DocAddress, Vec<ScoredPassage>>> {
    let Source { searcher, stores, executor } = from;
    let mut out: HashMap<DocAddress, Vec<ScoredPassage>> = HashMap::with_capacity(docs.len());
    if units.is_empty() && !events.filters() {
        return Ok(out);
    }
    let n_pos = units.len();
    let all_units: Vec<&QueryUnit> = units.iter().chain(negatives).collect();
    let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in docs {
        by_segment.entry(d.segment_ord).or_default().push(d.doc_id);
    }
    // The segments side by side on `executor`'s threads (one: in turn).
    let segment = |(segment_ord, mut seg_docs): (u32, Vec<u32>)| -> anyhow::Result<Vec<(DocAddress, Vec<ScoredPassage>)>> {
        let mut out = Vec::with_capacity(seg_docs.len());
        let mut spans: Vec<FactSpan> = Vec::new();
        let mut bounds = Vec::new();
        let mut bytes = Vec::new();
        let mut values: Vec<u64> = Vec::new();
        let mut buf: Vec<u32> = Vec::new();
        seg_docs.sort_unstable();
        let reader = searcher.segment_reader(segment_ord);
        let inverted = reader.inverted_index(fields.body)?;
        let columns = stores.columns(segment_ord)?;
        let bounds_col = columns.bounds.as_ref();
        let units_col = columns.unit_spans.as_ref();
        let spans_col =
            (events.filters() || !events.named.is_empty()).then_some(columns.fact_spans.as_ref()).flatten();
        // Per unit, per doc of this segment: the positions where the unit occurs.
        let mut unit_positions: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); seg_docs.len()]; all_units.len()];
        for (u, unit) in all_units.iter().enumerate() {
            // Per term of the unit: its positions in each doc (docs ascending: one pass).
            let mut per_term: Vec<Vec<Vec<u32>>> = Vec::with_capacity(unit.terms.len());
            for term in &unit.terms {
                let mut per_doc = vec![Vec::new(); seg_docs.len()];
                if let Some(mut postings) =
                    inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
                {
                    for (k, &doc) in seg_docs.iter().enumerate() {
                        if postings.doc() <= doc && postings.seek(doc) == doc {
                            postings.positions(&mut buf);
                            per_doc[k] = buf.clone();
                        }
                    }
                }
                per_term.push(per_doc);
            }
            for k in 0..seg_docs.len() {
                unit_positions[u][k] = if unit.phrase {
                    phrase_starts(per_term.iter().map(|t| &t[k]))
                } else {
                    let mut all: Vec<u32> = per_term.iter().flat_map(|t| t[k].iter().copied()).collect();
                    all.sort_unstable();
                    all
                };
            }
        }
        for (k, &doc) in seg_docs.iter().enumerate() {
            // From the passages' unit spans when known (no dictionary read), else `bounds`.
            if !units_col.is_some_and(|c| passage_bounds(c, doc, &mut values, &mut bounds)) {
                read_bounds(bounds_col, doc, &mut bytes, &mut bounds)?;
            }
            let positions: Vec<&Vec<u32>> = unit_positions.iter().map(|p| &p[k]).collect();
            let mut scored = score_passages(&bounds, units, &positions[..n_pos]);
            if n_pos < positions.len() {
                scored.retain(|s| !holds_any(&bounds, s.passage, &positions[n_pos..]));
            }
            if spans_col.is_some() {
                read_fact_spans(spans_col, doc, &mut bytes, &mut spans)?;
                apply_events(&bounds, &spans, events, &mut scored);
            }
            out.push((DocAddress::new(segment_ord, doc), scored));
        }
        Ok(out)
    };
    let parts = executor
        .map(|part| Ok(segment(part)), by_segment.into_iter())
        .context("cannot score the passages")?;
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// The passages (indices) overlapping the evidence of a span that `keep` selects, ascending.
fn stating(bounds: &[u32], spans: &[FactSpan], keep: impl Fn(&FactSpan) -> bool) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    if bounds.len() < 2 {
        return out;
    }
    for s in spans.iter().filter(|s| keep(s)) {
        // The passages `p` with bounds[p] < s.end and s.start < bounds[p + 1].
        let first = bounds[1..].partition_point(|&end| end <= s.start);
        let mut p = first;
        while p + 1 < bounds.len() && bounds[p] < s.end {
            out.push(p);
            p += 1;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Event filters keep the passages stating a selected fact (all of them, unscored, when none
/// holds a query word); a passage stating an event the query's words name is scaled up.
fn apply_events(bounds: &[u32], spans: &[FactSpan], events: &EventFilter, scored: &mut Vec<ScoredPassage>) {
    if events.filters() {
        let keep = stating(bounds, spans, |s| events.selects(s));
        scored.retain(|s| keep.binary_search(&s.passage).is_ok());
        if scored.is_empty() {
            scored.extend(keep.into_iter().map(|p| ScoredPassage {
                passage: p,
                complete: false,
                score: 0.0,
            }));
        }
    }
    if !events.named.is_empty() {
        let named = stating(bounds, spans, |s| events.named.contains(&s.code));
        for s in scored.iter_mut() {
            if named.binary_search(&s.passage).is_ok() {
                s.score *= 1.0 + EVENT_WEIGHT;
            }
        }
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
    }
}

/// Whether passage `p` holds a position of any of `positions`.
fn holds_any(bounds: &[u32], p: usize, positions: &[&Vec<u32>]) -> bool {
    let (start, end) = (bounds[p], bounds[p + 1]);
    positions.iter().any(|ps| {
        let i = ps.partition_point(|&x| x < start);
        i < ps.len() && ps[i] < end
    })
}

/// Where a phrase starts: positions `p` where term `i` of the phrase stands at `p + i`.
fn phrase_starts<'a>(mut terms: impl Iterator<Item = &'a Vec<u32>>) -> Vec<u32> {
    let Some(first) = terms.next() else { return Vec::new() };
    let mut starts = first.clone();
    for (i, t) in terms.enumerate() {
        let shift = i as u32 + 1;
        starts.retain(|p| t.binary_search(&(p + shift)).is_ok());
    }
    starts
}

/// Scores passages given their bounds (token positions: starts, then the last end) and each
/// unit's sorted positions in the article.
fn score_passages(bounds: &[u32], units: &[QueryUnit], positions: &[&Vec<u32>]) -> Vec<ScoredPassage> {
    let mut out = Vec::new();
    if bounds.len() < 2 {
        return out;
    }
    let mut cursor = vec![0usize; units.len()];
    let mut present: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (p, w) in bounds.windows(2).enumerate() {
        let (start, end) = (w[0], w[1]);
        let len = end.saturating_sub(start).max(1);
        let norm = K1 * (1.0 - B + B * len as f32 / AVG_PASSAGE_WORDS);
        let mut bm25 = 0.0;
        let mut found = 0;
        for (i, unit) in units.iter().enumerate() {
            let ps = positions[i];
            let mut c = cursor[i];
            while c < ps.len() && ps[c] < start {
                c += 1;
            }
            let first = c;
            while c < ps.len() && ps[c] < end {
                c += 1;
            }
            cursor[i] = c;
            present[i].clear();
            let tf = (c - first) as f32;
            if tf > 0.0 {
                found += 1;
                bm25 += unit.idf * tf * (K1 + 1.0) / (tf + norm);
                if unit.idf >= MIN_PROXIMITY_IDF {
                    present[i].extend(ps[first..c].iter().map(|&x| x as usize));
                }
            }
        }
        if found == 0 {
            continue;
        }
        let meaningful: Vec<&Vec<usize>> = present.iter().filter(|ps| !ps.is_empty()).collect();
        let proximity = if meaningful.len() >= 2 {
            let span = min_window(&meaningful);
            (meaningful.len() - 1) as f32 / span.max(meaningful.len() - 1) as f32
        } else {
            0.0
        };
        // Passages that hold every word of the query come first.
        let coordination = (found as f32 / units.len() as f32).powi(2);
        let prior = (len.min(SHORT_PASSAGE_WORDS) as f32) / SHORT_PASSAGE_WORDS as f32;
        let score = bm25 * (1.0 + PROXIMITY_WEIGHT * proximity) * prior * coordination;
        out.push(ScoredPassage { passage: p, complete: found == units.len(), score });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(idf: f32) -> QueryUnit {
        QueryUnit { terms: Vec::new(), phrase: false, idf }
    }

    #[test]
    fn event_filters_keep_the_passages_stating_the_fact_and_named_events_rank_first() {
        // Three passages: tokens 0-10, 10-20, 20-30; a goal at 78' in the second, a penalty
        // spanning the second and third.
        let bounds = [0u32, 10, 20, 30];
        let spans = [
            FactSpan { code: 1, minute: Some(78), start: 12, end: 15 },
            FactSpan { code: 2, minute: None, start: 18, end: 22 },
        ];
        assert_eq!(stating(&bounds, &spans, |_| true), [1, 2]);
        let sp = |passage: usize, score: f32| ScoredPassage { passage, complete: true, score };
        let goal_late = EventFilter { codes: vec![1], minutes: Some((70, 90)), named: vec![] };
        let mut s = vec![sp(0, 3.0), sp(1, 1.0), sp(2, 2.0)];
        apply_events(&bounds, &spans, &goal_late, &mut s);
        assert_eq!(s.iter().map(|p| p.passage).collect::<Vec<_>>(), [1]);
        // No passage holds a query word: the stating passages, unscored.
        let mut s = vec![sp(0, 3.0)];
        apply_events(&bounds, &spans, &goal_late, &mut s);
        assert_eq!(s.iter().map(|p| p.passage).collect::<Vec<_>>(), [1]);
        // The minute rules a fact out.
        let early = EventFilter { codes: vec![1], minutes: Some((1, 45)), named: vec![] };
        let mut s = vec![sp(1, 1.0)];
        apply_events(&bounds, &spans, &early, &mut s);
        assert!(s.is_empty());
        // "penalty" named: the passages stating the penalty rise above a better word match.
        let named = EventFilter { codes: vec![], minutes: None, named: vec![2] };
        let mut s = vec![sp(0, 3.0), sp(2, 2.0)];
        apply_events(&bounds, &spans, &named, &mut s);
        assert_eq!(s.iter().map(|p| p.passage).collect::<Vec<_>>(), [2, 0]);
    }

    #[test]
    fn passages_with_the_words_close_together_win() {
        // Three passages of 20 words; "kane" and "penalty" far apart in 0, side by side in 2.
        let bounds = [0, 20, 40, 60];
        let kane = vec![1, 45];
        let penalty = vec![18, 46];
        let scored = score_passages(&bounds, &[unit(3.0), unit(3.0)], &[&kane, &penalty]);
        let order: Vec<usize> = scored.iter().map(|s| s.passage).collect();
        assert_eq!(order, [2, 0], "passage 1 holds neither word");
        assert!(scored[0].score > scored[1].score);
    }

    #[test]
    fn passages_with_every_word_beat_repeats_of_one() {
        let bounds = [0, 30, 60];
        let kane = vec![1, 5, 9, 12, 40];
        let penalty = vec![50];
        let scored = score_passages(&bounds, &[unit(2.0), unit(2.0)], &[&kane, &penalty]);
        assert_eq!(scored[0].passage, 1, "{scored:?}");
    }

    #[test]
    fn tiny_fragments_are_scaled_down() {
        // Passage 0 is a 3-word fixture line, passage 1 a 40-word report, each with one "chelsea".
        let bounds = [0, 3, 43];
        let chelsea = vec![0, 10];
        let scored = score_passages(&bounds, &[unit(2.0)], &[&chelsea]);
        assert_eq!(scored[0].passage, 1, "{scored:?}");
    }

    #[test]
    fn common_words_earn_no_proximity() {
        let bounds = [0, 30, 60];
        // Passage 0: "is absent" side by side (low idf); passage 1: the same words far apart.
        let is = vec![3, 31];
        let absent = vec![4, 58];
        let scored = score_passages(&bounds, &[unit(0.2), unit(0.2)], &[&is, &absent]);
        let s0 = scored.iter().find(|s| s.passage == 0).unwrap().score;
        let s1 = scored.iter().find(|s| s.passage == 1).unwrap().score;
        assert!((s0 - s1).abs() < 1e-6, "{s0} vs {s1}");
    }

    #[test]
    fn phrases_start_where_every_word_follows() {
        let long = vec![3, 10, 20];
        let run = vec![4, 12, 21];
        assert_eq!(phrase_starts([&long, &run].into_iter()), [3, 20]);
    }
}
