//! The best articles without scoring every match: top-k with MaxScore pruning.
//!
//! A plain query (words only, each one term, no typo or prefix expansion, no filter) is
//! planned by [`super::plan`] as a tree of tantivy queries: per word, its BM25 in the body
//! plus [`super::plan::TITLE_WEIGHT`] times its BM25 in the title; the words joined by AND
//! (all required) or OR (any); the entities the query names added as constant boosts. tantivy
//! can prune only unions and intersections of its own `TermScorer`s (block-WAND), so that tree
//! scores every article holding any word. [`PrunedQuery`] wraps the same tree and answers every
//! use of it (counts, sorting by date, explanations) with it, but collects the top-k itself:
//!
//! - one cursor per word reads its body and title postings and scores exactly as the tree does
//!   (same floats, summed in the same order), with an upper bound: the sum of the two terms'
//!   BM25 weights (a match's BM25 is below its term's idf × (k1 + 1));
//! - any word (OR): Turtle & Flood's MaxScore. The words are ordered by bound; those whose
//!   bounds add up to no more than the k-th best score so far (plus the entity boosts) cannot
//!   lift an article into the top-k alone, so only the articles of the other words are
//!   visited, and the first ones are read for an article only when its bound can still beat
//!   that score;
//! - all words (AND): an intersection led by the rarest word, scored only where all match.
//!
//! tantivy's top-k keeps an article only when its score is strictly above the k-th best, so
//! skipping articles whose bound is not above it changes nothing: the same articles with the
//! same scores, ties included (see [`super::ties`]). Bounds are widened a little so that float
//! rounding cannot make a bound fall below a score.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::bm25::{bm25, Bm25Params, TermBm25};

/// A plain query's tantivy tree (`exact`) with a pruned top-k over the same scores.
#[derive(Debug)]
pub struct PrunedQuery {
    exact: Box<dyn Query>,
    body: Field,
    title: Field,
    /// One term per word, in query order.
    words: Vec<String>,
    /// All words required (AND) or any (OR).
    all: bool,
    params: Bm25Params,
    title_weight: f32,
    /// Facet terms of the entities the query names: an article holding one scores `boost` more.
    boosts: Vec<Term>,
    boost: f32,
}

impl Clone for PrunedQuery {
    fn clone(&self) -> Self {
        PrunedQuery {
            exact: self.exact.box_clone(),
            body: self.body,
            title: self.title,
            words: self.words.clone(),
            all: self.all,
            params: self.params,
            title_weight: self.title_weight,
            boosts: self.boosts.clone(),
            boost: self.boost,
        }
    }
}

/// What a [`PrunedQuery`] is built from: `exact` must be the tree described in the module
/// header for exactly these words, mode and boosts.
pub struct PlainQuery {
    pub exact: Box<dyn Query>,
    pub body: Field,
    pub title: Field,
    pub words: Vec<String>,
    pub all: bool,
    pub params: Bm25Params,
    pub title_weight: f32,
    pub boosts: Vec<Term>,
    pub boost: f32,
}

impl PrunedQuery {
    pub fn new(q: PlainQuery) -> PrunedQuery {
        PrunedQuery {
            exact: q.exact,
            body: q.body,
            title: q.title,
            words: q.words,
            all: q.all,
            params: q.params,
            title_weight: q.title_weight,
            boosts: q.boosts,
            boost: q.boost,
        }
    }
}

impl Query for PrunedQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let exact = self.exact.weight(scoring)?;
        let mut words = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let body = Term::from_field_text(self.body, w);
            let title = Term::from_field_text(self.title, w);
            let b = TermBm25::new(&body, self.params, scoring)?;
            let mut t = TermBm25::new(&title, self.params, scoring)?;
            // As tantivy's `BoostQuery` passes its boost down to the term's scorer.
            t.weight *= self.title_weight;
            words.push(WordWeight { body: (body, b), title: (title, t) });
        }
        Ok(Box::new(PrunedWeight {
            exact,
            words,
            all: self.all,
            boosts: self.boosts.clone(),
            boost: self.boost,
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.exact.query_terms(visitor);
    }
}

struct WordWeight {
    body: (Term, TermBm25),
    title: (Term, TermBm25),
}

struct PrunedWeight {
    exact: Box<dyn Weight>,
    words: Vec<WordWeight>,
    all: bool,
    boosts: Vec<Term>,
    boost: f32,
    scoring: bool,
}

/// A bound widened past any float rounding of the sums it bounds.
fn widen(bound: f32) -> f32 {
    bound * 1.0001 + 1e-6
}

/// One term's postings in one field, scored by BM25.
struct TermCursor {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    weight: f32,
    norms: Arc<[f32; 256]>,
}

impl TermCursor {
    fn open(reader: &SegmentReader, (term, bm): &(Term, TermBm25)) -> tantivy::Result<Option<TermCursor>> {
        let field = term.field();
        let Some(postings) =
            reader.inverted_index(field)?.read_postings(term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        if postings.doc() == TERMINATED {
            return Ok(None);
        }
        let fieldnorms = match reader.fieldnorms_readers().get_field(field)? {
            Some(f) => f,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(TermCursor { postings, fieldnorms, weight: bm.weight, norms: bm.norms.clone() }))
    }

    fn score(&self) -> f32 {
        let tf = self.postings.term_freq() as f32;
        let norm = self.norms[self.fieldnorms.fieldnorm_id(self.postings.doc()) as usize];
        bm25(self.weight, tf, norm)
    }
}

/// A word in one segment: its body and title postings merged, scored as the planned tree
/// scores it (BM25 in the body, plus the title's when the title holds it).
struct WordCursor {
    body: Option<TermCursor>,
    title: Option<TermCursor>,
    doc: DocId,
    /// Above any score of the word.
    bound: f32,
    /// Which word of the query.
    word: usize,
    /// What tantivy orders an intersection's parts by (their postings' lengths), so that the
    /// parts' scores are added in its order.
    cost: u64,
}

impl WordCursor {
    fn open(reader: &SegmentReader, word: usize, w: &WordWeight) -> tantivy::Result<Option<WordCursor>> {
        let body = TermCursor::open(reader, &w.body)?;
        let title = TermCursor::open(reader, &w.title)?;
        if body.is_none() && title.is_none() {
            return Ok(None);
        }
        let bound = widen(body.as_ref().map_or(0.0, |c| c.weight) + title.as_ref().map_or(0.0, |c| c.weight));
        let cost =
            [&body, &title].iter().filter_map(|c| c.as_ref()).map(|c| c.postings.size_hint() as u64).sum();
        let mut c = WordCursor { body, title, doc: 0, bound, word, cost };
        c.doc = c.min_doc();
        Ok(Some(c))
    }

    fn min_doc(&self) -> DocId {
        let b = self.body.as_ref().map_or(TERMINATED, |c| c.postings.doc());
        let t = self.title.as_ref().map_or(TERMINATED, |c| c.postings.doc());
        b.min(t)
    }

    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for c in [&mut self.body, &mut self.title].into_iter().flatten() {
            if c.postings.doc() == doc {
                c.postings.advance();
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for c in [&mut self.body, &mut self.title].into_iter().flatten() {
            if c.postings.doc() < target {
                c.postings.seek(target);
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    /// The score at the current document: tantivy's union of the two terms adds them from 0.
    fn score(&self) -> f32 {
        let at = |c: &Option<TermCursor>| {
            c.as_ref().filter(|c| c.postings.doc() == self.doc).map(TermCursor::score)
        };
        match (at(&self.body), at(&self.title)) {
            (Some(b), Some(t)) => b + t,
            (Some(s), None) | (None, Some(s)) => s,
            (None, None) => 0.0,
        }
    }
}

impl PrunedWeight {
    fn cursors(&self, reader: &SegmentReader) -> tantivy::Result<Vec<Option<WordCursor>>> {
        self.words.iter().enumerate().map(|(i, w)| WordCursor::open(reader, i, w)).collect()
    }

    fn boost_postings(&self, reader: &SegmentReader) -> tantivy::Result<Vec<SegmentPostings>> {
        let mut out = Vec::new();
        for term in &self.boosts {
            if let Some(p) =
                reader.inverted_index(term.field())?.read_postings(term, IndexRecordOption::Basic)?
            {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// `score` (the words') with the entity boosts the article `doc` holds added, as tantivy's
    /// required-optional scorer adds the union of the boosts.
    fn boosted(&self, boosts: &mut [SegmentPostings], doc: DocId, score: f32) -> f32 {
        let mut extra: Option<f32> = None;
        for p in boosts.iter_mut() {
            if p.doc() < doc {
                p.seek(doc);
            }
            if p.doc() == doc {
                extra = Some(extra.unwrap_or(0.0) + self.boost);
            }
        }
        match extra {
            Some(e) => score + e,
            None => score,
        }
    }

    /// Any word: MaxScore over the words' cursors.
    fn any(
        &self,
        mut words: Vec<WordCursor>,
        mut boosts: Vec<SegmentPostings>,
        mut threshold: Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) {
        let boost_bound = widen(self.boost * boosts.len() as f32);
        // Words by bound, lowest first; `below[i]` bounds the words before the i-th together.
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by(|&a, &b| words[a].bound.total_cmp(&words[b].bound));
        let mut below = vec![0.0f32; order.len() + 1];
        for (i, &w) in order.iter().enumerate() {
            below[i + 1] = widen(below[i] + words[w].bound);
        }
        let mut scores = vec![0.0f32; words.len()];
        let mut on = vec![false; words.len()];
        loop {
            // Words before `first` cannot beat the threshold on their own: not essential.
            let first =
                (0..=order.len()).take_while(|&i| below[i] + boost_bound <= threshold).last().unwrap_or(0);
            if first >= order.len() {
                return;
            }
            let essential = &order[first..];
            let doc = essential.iter().map(|&w| words[w].doc).min().unwrap_or(TERMINATED);
            if doc == TERMINATED {
                return;
            }
            on.iter_mut().for_each(|o| *o = false);
            let mut bound = 0.0f32;
            for &w in essential {
                if words[w].doc == doc {
                    scores[w] = words[w].score();
                    on[w] = true;
                    bound += scores[w];
                }
            }
            if widen(bound) + below[first] + boost_bound > threshold {
                for &w in &order[..first] {
                    if words[w].seek(doc) == doc {
                        scores[w] = words[w].score();
                        on[w] = true;
                    }
                }
                // As tantivy's union adds its parts: from 0, in query order.
                let mut score = 0.0f32;
                for (s, _) in scores.iter().zip(&on).filter(|(_, on)| **on) {
                    score += *s;
                }
                let score = self.boosted(&mut boosts, doc, score);
                if score > threshold {
                    threshold = callback(doc, score);
                }
            }
            for &w in essential {
                if words[w].doc == doc {
                    words[w].advance();
                }
            }
        }
    }

    /// All words: an intersection led by the rarest, scored where every word matches. `false`
    /// (before any article is passed on) when the order in which tantivy would add the words'
    /// scores cannot be told (see [`Self::sum_order`]).
    fn all(
        &self,
        reader: &SegmentReader,
        mut words: Vec<WordCursor>,
        mut boosts: Vec<SegmentPostings>,
        mut threshold: Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<bool> {
        let mut drive: Vec<usize> = (0..words.len()).collect();
        drive.sort_by_key(|&i| words[i].cost);
        let boost_bound = widen(self.boost * boosts.len() as f32);
        let total = widen(words.iter().map(|w| w.bound).sum::<f32>()) + boost_bound;
        // `rest[k]` bounds the words from the k-th of `drive` on together.
        let mut rest = vec![0.0f32; drive.len() + 1];
        for k in (0..drive.len()).rev() {
            rest[k] = widen(rest[k + 1] + words[drive[k]].bound);
        }
        let mut order: Option<Vec<usize>> = None;
        let lead = drive[0];
        let mut doc = words[lead].doc;
        'next: while doc != TERMINATED {
            if total <= threshold {
                break;
            }
            // Once the order of the sum is known, an article whose words read so far (the
            // rarest first) and the bounds of the others cannot beat the threshold is passed
            // over before the other, longer postings are read: with common words, most are.
            let mut read = order.is_some().then(|| words[lead].score());
            for (k, &i) in drive.iter().enumerate().skip(1) {
                if let Some(acc) = read {
                    if widen(acc) + rest[k] + boost_bound <= threshold {
                        doc = words[lead].advance();
                        continue 'next;
                    }
                }
                let d = words[i].seek(doc);
                if d > doc {
                    doc = words[lead].seek(d);
                    continue 'next;
                }
                if let Some(acc) = read.as_mut() {
                    *acc += words[i].score();
                }
            }
            if order.is_none() {
                match self.sum_order(reader, &words, doc)? {
                    Some(o) => order = Some(o),
                    None => return Ok(false),
                }
            }
            let o = order.as_deref().unwrap_or(&drive);
            let score = match o.len() {
                1 => words[o[0]].score(),
                _ => {
                    words[o[0]].score()
                        + words[o[1]].score()
                        + o[2..].iter().map(|&i| words[i].score()).sum::<f32>()
                }
            };
            let score = self.boosted(&mut boosts, doc, score);
            if score > threshold {
                threshold = callback(doc, score);
            }
            doc = words[lead].advance();
        }
        Ok(true)
    }

    /// The order in which tantivy's intersection adds its parts' scores: by cost, stably, the
    /// cost of a word being the lengths of its postings still open when the intersection is
    /// built, at the first article `first` all words hold. tantivy's union of a word's body and
    /// title drops a term's postings once they end inside its window of [`UNION_WINDOW`]
    /// articles (which starts at or before `first`): postings that reach past `first` + the
    /// window still count, the others may or may not. `None` when the order depends on which.
    fn sum_order(
        &self,
        reader: &SegmentReader,
        words: &[WordCursor],
        first: DocId,
    ) -> tantivy::Result<Option<Vec<usize>>> {
        let by_cost = |costs: &[u64]| {
            let mut o: Vec<usize> = (0..costs.len()).collect();
            o.sort_by_key(|&i| costs[i]);
            o
        };
        let costs: Vec<u64> = words.iter().map(|w| w.cost).collect();
        let want = by_cost(&costs);
        if words.len() < 3 {
            // Two scores add up the same either way.
            return Ok(Some(want));
        }
        let mut unsure: Vec<(usize, u64)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let ww = &self.words[w.word];
            for (cursor, term) in [(&w.body, &ww.body.0), (&w.title, &ww.title.0)] {
                let Some(c) = cursor else { continue };
                if !reaches(reader, term, first.saturating_add(UNION_WINDOW))? {
                    unsure.push((i, c.postings.size_hint() as u64));
                }
            }
        }
        if unsure.len() > 12 {
            return Ok(None);
        }
        for mask in 1u32..(1 << unsure.len()) {
            let mut c = costs.clone();
            for (j, (i, len)) in unsure.iter().enumerate() {
                if mask & (1 << j) != 0 {
                    c[*i] -= len;
                }
            }
            if by_cost(&c) != want {
                return Ok(None);
            }
        }
        Ok(Some(want))
    }
}

/// The window of articles tantivy's union of scorers reads ahead (its `HORIZON`).
const UNION_WINDOW: DocId = 4096;

/// Whether `term` is in an article numbered `from` or more.
fn reaches(reader: &SegmentReader, term: &Term, from: DocId) -> tantivy::Result<bool> {
    let Some(mut p) = reader.inverted_index(term.field())?.read_postings(term, IndexRecordOption::Basic)?
    else {
        return Ok(false);
    };
    let doc = p.doc();
    Ok(if doc >= from { doc != TERMINATED } else { p.seek(from) != TERMINATED })
}

impl PrunedWeight {
    /// Every match scored by the planned tree, as tantivy does without pruning.
    fn exhaustive(
        &self,
        reader: &SegmentReader,
        mut threshold: Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut scorer = self.exact.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            let score = scorer.score();
            if score > threshold {
                threshold = callback(doc, score);
            }
            doc = scorer.advance();
        }
        Ok(())
    }
}

impl Weight for PrunedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.exact.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.exact.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.exact.count(reader)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        if !self.scoring || self.words.is_empty() {
            return self.exhaustive(reader, threshold, callback);
        }
        let cursors = self.cursors(reader)?;
        let boosts = self.boost_postings(reader)?;
        if self.all {
            // A word no article of the segment holds: nothing matches.
            let Some(words) = cursors.into_iter().collect::<Option<Vec<_>>>() else {
                return Ok(());
            };
            if !self.all(reader, words, boosts, threshold, callback)? {
                self.exhaustive(reader, threshold, callback)?;
            }
        } else {
            let words: Vec<WordCursor> = cursors.into_iter().flatten().collect();
            if !words.is_empty() {
                self.any(words, boosts, threshold, callback);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{FacetOptions, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index};

    use super::super::bm25::Bm25TermQuery;
    use super::*;
    use tantivy::schema::Facet;

    const PARAMS: Bm25Params = Bm25Params { k1: 1.2, b: 0.9 };
    const TITLE: f32 = 0.25;

    struct Fixture {
        index: Index,
        body: Field,
        title: Field,
        entity: Field,
    }

    /// Articles of words drawn unevenly (a few common words, many rare ones) from a
    /// deterministic generator, the title's words also in the body, some tagged with an
    /// entity; three segments.
    fn fixture() -> Fixture {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let title = schema.add_text_field("title", TEXT);
        let entity = schema.add_facet_field("entity", FacetOptions::default());
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut state = 12345u64;
        let mut next = move |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for i in 0..3000 {
            let word = |r: u64| format!("w{}", (r * r) / 400);
            let title_words: Vec<String> = (0..1 + next(6)).map(|_| word(next(400))).collect();
            let mut body_words = title_words.clone();
            body_words.extend((0..next(120)).map(|_| word(next(400))));
            let mut d = doc!(body => body_words.join(" "), title => title_words.join(" "));
            if next(7) == 0 {
                d.add_facet(entity, Facet::from("/e/one"));
            }
            if next(11) == 0 {
                d.add_facet(entity, Facet::from("/e/two"));
            }
            writer.add_document(d).unwrap();
            if i % 1000 == 999 {
                writer.commit().unwrap();
            }
        }
        Fixture { index, body, title, entity }
    }

    /// The tree `plan` builds for these words, mode and boosts.
    fn exact(f: &Fixture, words: &[&str], all: bool, boosts: &[Term]) -> Box<dyn Query> {
        let word = |w: &str| -> Box<dyn Query> {
            let b = Bm25TermQuery::new(Term::from_field_text(f.body, w), PARAMS);
            let t = Bm25TermQuery::new(Term::from_field_text(f.title, w), PARAMS);
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, Box::new(b) as Box<dyn Query>),
                (Occur::Should, Box::new(BoostQuery::new(Box::new(t), TITLE))),
            ]))
        };
        let main: Box<dyn Query> = if words.len() == 1 {
            word(words[0])
        } else {
            let occur = if all { Occur::Must } else { Occur::Should };
            Box::new(BooleanQuery::new(words.iter().map(|w| (occur, word(w))).collect()))
        };
        let mut clauses = vec![(Occur::Must, main)];
        for t in boosts {
            let q = TermQuery::new(t.clone(), IndexRecordOption::Basic);
            clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(Box::new(q), 1.0)) as Box<dyn Query>));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn pruned(f: &Fixture, words: &[&str], all: bool, boosts: &[Term]) -> PrunedQuery {
        PrunedQuery::new(PlainQuery {
            exact: exact(f, words, all, boosts),
            body: f.body,
            title: f.title,
            words: words.iter().map(|w| w.to_string()).collect(),
            all,
            params: PARAMS,
            title_weight: TITLE,
            boosts: boosts.to_vec(),
            boost: 1.0,
        })
    }

    fn top(f: &Fixture, q: &dyn Query, k: usize) -> Vec<(f32, DocAddress)> {
        let searcher = f.index.reader().unwrap().searcher();
        searcher.search(q, &TopDocs::with_limit(k).order_by_score()).unwrap()
    }

    #[test]
    fn same_top_k_and_scores_as_the_planned_tree() {
        let f = fixture();
        let one = Term::from_facet(f.entity, &Facet::from("/e/one"));
        let two = Term::from_facet(f.entity, &Facet::from("/e/two"));
        let queries: [&[&str]; 6] = [
            &["w0"],
            &["w3", "w150"],
            &["w0", "w1", "w40", "w200"],
            &["w2", "w2", "w90"],
            &["w5", "w60", "w110", "w300", "w1"],
            &["w7", "nowhere"],
        ];
        let mut compared = 0;
        for words in queries {
            for all in [false, true] {
                for boosts in [vec![], vec![one.clone()], vec![one.clone(), two.clone()]] {
                    for k in [1, 5, 28, 500] {
                        let want = top(&f, exact(&f, words, all, &boosts).as_ref(), k);
                        let got = top(&f, &pruned(&f, words, all, &boosts), k);
                        // Whole floats, not approximately: the same bits in the same order.
                        let bits = |v: &[(f32, DocAddress)]| -> Vec<(u32, DocAddress)> {
                            v.iter().map(|(s, a)| (s.to_bits(), *a)).collect()
                        };
                        assert_eq!(
                            bits(&got),
                            bits(&want),
                            "{words:?} all={all} boosts={} k={k}",
                            boosts.len()
                        );
                        compared += want.len();
                    }
                }
            }
        }
        assert!(compared > 1000, "the queries should match: {compared}");
    }

    #[test]
    fn counts_and_other_uses_go_through_the_planned_tree() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        for all in [false, true] {
            let words = ["w1", "w30"];
            let want =
                searcher.search(exact(&f, &words, all, &[]).as_ref(), &tantivy::collector::Count).unwrap();
            let got = searcher.search(&pruned(&f, &words, all, &[]), &tantivy::collector::Count).unwrap();
            assert_eq!(got, want);
            assert!(got > 0);
        }
    }

    /// On a real index (`PRUNE_INDEX`, queries one a line or `kind<TAB>query` in
    /// `PRUNE_QUERIES`): the pruned top-k against the planned tree's, for every query planned
    /// as a [`PrunedQuery`], in the modes `search` runs.
    #[test]
    #[ignore]
    fn same_top_k_on_a_real_index() {
        let (Ok(dir), Ok(queries)) = (std::env::var("PRUNE_INDEX"), std::env::var("PRUNE_QUERIES")) else {
            return;
        };
        let s = crate::search::Searcher::open(std::path::Path::new(&dir)).unwrap();
        let searcher = s.reader.searcher();
        let opts = crate::search::SearchOptions::default();
        let (mut planned, mut differ) = (0, 0);
        for line in std::fs::read_to_string(queries).unwrap().lines() {
            let q = line.rsplit('\t').next().unwrap_or(line);
            let node = crate::search::query::parse_anyhow(q).unwrap().node;
            let planner = s.planner(&searcher, &[], q, &opts);
            for mode in [super::super::Mode::All, super::super::Mode::Any] {
                let p = planner.plan(&node, mode).unwrap();
                let Some(pq) = p.query.downcast_ref::<PrunedQuery>() else { continue };
                planned += 1;
                for k in [28, 200] {
                    let c = TopDocs::with_limit(k).order_by_score();
                    let want = searcher.search(pq.exact.as_ref(), &c).unwrap();
                    let got = searcher.search(pq, &c).unwrap();
                    let bits = |v: &[(f32, DocAddress)]| -> Vec<(u32, DocAddress)> {
                        v.iter().map(|(s, a)| (s.to_bits(), *a)).collect()
                    };
                    if bits(&got) != bits(&want) {
                        differ += 1;
                        eprintln!("{mode:?} k={k} {q:?}");
                        for (a, b) in want.iter().zip(&got).filter(|(a, b)| a != b).take(3) {
                            eprintln!("  want {a:?} got {b:?}");
                        }
                    }
                }
            }
        }
        eprintln!("planned {planned}, differ {differ}");
        assert_eq!(differ, 0);
    }
}
