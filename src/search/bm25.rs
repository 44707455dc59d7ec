//! A term query scored by BM25 with chosen `k1` and `b`.
//!
//! tantivy's `TermQuery` scores with BM25 at fixed `k1 = 1.2`, `b = 0.75`. [`Bm25TermQuery`]
//! scores the same postings with the same statistics (idf from the document frequency, the
//! field's average length from its token count, both from the search's statistics provider, so
//! a shard scores with all shards' figures) and the same quantised field lengths, but with the
//! parameters given: at 1.2 / 0.75 it scores exactly as `TermQuery` does.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// BM25's term-frequency saturation (`k1`) and length normalisation (`b`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25Params {
    pub k1: f32,
    pub b: f32,
}

impl Bm25Params {
    /// tantivy's own parameters.
    pub const TANTIVY: Bm25Params = Bm25Params { k1: 1.2, b: 0.75 };
}

/// BM25's idf, as tantivy and Lucene compute it.
pub fn idf(doc_freq: u64, docs: u64) -> f32 {
    let df = doc_freq.min(docs) as f32;
    (1.0 + (docs as f32 - df + 0.5) / (df + 0.5)).ln()
}

/// A term matched in its field and scored by BM25 with `params`.
#[derive(Debug, Clone)]
pub struct Bm25TermQuery {
    term: Term,
    params: Bm25Params,
}

impl Bm25TermQuery {
    pub fn new(term: Term, params: Bm25Params) -> Bm25TermQuery {
        Bm25TermQuery { term, params }
    }
}

/// A term's BM25 figures in a search: its weight (idf × (k1 + 1)) and the length part of the
/// denominator for each of the 256 quantised field lengths. [`Bm25TermQuery`] and the pruned
/// article search ([`super::prune`]) score with these, so both give the same floats.
#[derive(Debug, Clone)]
pub(super) struct TermBm25 {
    pub weight: f32,
    pub norms: Arc<[f32; 256]>,
}

impl TermBm25 {
    /// The figures of `term` under `scoring`'s statistics (all shards' for a shard).
    pub(super) fn new(
        term: &Term,
        params: Bm25Params,
        scoring: EnableScoring<'_>,
    ) -> tantivy::Result<TermBm25> {
        let (idf, avg_len) = match scoring {
            EnableScoring::Enabled { statistics_provider: stats, .. } => {
                let docs = stats.total_num_docs()?;
                let tokens = stats.total_num_tokens(term.field())?;
                let avg_len = (tokens as f32 / docs.max(1) as f32).max(f32::MIN_POSITIVE);
                (idf(stats.doc_freq(term)?, docs), avg_len)
            }
            // Unscored (a count, a filter): every match scores the same.
            EnableScoring::Disabled { .. } => (0.0, 1.0),
        };
        let mut norms = [0.0f32; 256];
        for (id, norm) in norms.iter_mut().enumerate() {
            let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
            *norm = params.k1 * (1.0 - params.b + params.b * len / avg_len);
        }
        Ok(TermBm25 { weight: idf * (params.k1 + 1.0), norms: Arc::new(norms) })
    }
}

/// One match's BM25: `weight` (idf × (k1 + 1) × boost), its term frequency and the length
/// part of the denominator for its field length. Below `weight` whatever the match.
#[inline]
pub(super) fn bm25(weight: f32, tf: f32, norm: f32) -> f32 {
    weight * tf / (tf + norm)
}

impl Query for Bm25TermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let TermBm25 { weight, norms } = TermBm25::new(&self.term, self.params, scoring)?;
        Ok(Box::new(Bm25TermWeight { term: self.term.clone(), weight, norms }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct Bm25TermWeight {
    term: Term,
    /// idf × (k1 + 1).
    weight: f32,
    norms: Arc<[f32; 256]>,
}

impl Bm25TermWeight {
    fn term_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Bm25TermScorer>> {
        let field = self.term.field();
        let Some(postings) =
            reader.inverted_index(field)?.read_postings(&self.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        let fieldnorms = match reader.fieldnorms_readers().get_field(field)? {
            Some(f) => f,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(Bm25TermScorer {
            postings,
            fieldnorms,
            weight: self.weight * boost,
            norms: self.norms.clone(),
        }))
    }
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(s) => Box::new(s),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_found = || TantivyError::InvalidArgument(format!("document #{doc} does not match"));
        let mut s = self.term_scorer(reader, 1.0)?.ok_or_else(not_found)?;
        if s.doc() > doc || s.seek(doc) != doc {
            return Err(not_found());
        }
        let mut e = Explanation::new("BM25 with chosen k1, b", s.score());
        e.add_const("term frequency", s.postings.term_freq() as f32);
        e.add_const("field length", s.fieldnorms.fieldnorm(doc) as f32);
        e.add_context(format!("Term={:?}", self.term));
        Ok(e)
    }
}

struct Bm25TermScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    weight: f32,
    norms: Arc<[f32; 256]>,
}

impl DocSet for Bm25TermScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25TermScorer {
    fn score(&mut self) -> Score {
        let tf = self.postings.term_freq() as f32;
        let norm = self.norms[self.fieldnorms.fieldnorm_id(self.doc()) as usize];
        bm25(self.weight, tf, norm)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    fn index(texts: &[&str]) -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for t in texts {
            writer.add_document(doc!(body => *t)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn scores(index: &Index, q: &dyn Query) -> Vec<(u32, f32)> {
        let searcher = index.reader().unwrap().searcher();
        let mut out: Vec<(u32, f32)> = searcher
            .search(q, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(s, a)| (a.doc_id, s))
            .collect();
        out.sort_by_key(|(d, _)| *d);
        out
    }

    const TEXTS: [&str; 4] = ["cat", "cat cat dog", "dog bird fish cat tree", "bird"];

    #[test]
    fn matches_hand_computed_bm25() {
        let (index, body) = index(&TEXTS);
        let params = Bm25Params { k1: 0.9, b: 0.4 };
        let q = Bm25TermQuery::new(Term::from_field_text(body, "cat"), params);
        // 4 documents of 1 + 3 + 5 + 1 = 10 words: average 2.5; "cat" in 3 of them.
        let idf = (1.0f32 + (4.0 - 3.0 + 0.5) / (3.0 + 0.5)).ln();
        let hand = |tf: f32, len: f32| idf * 1.9 * tf / (tf + 0.9 * (0.6 + 0.4 * len / 2.5));
        let got = scores(&index, &q);
        assert_eq!(got.iter().map(|(d, _)| *d).collect::<Vec<_>>(), vec![0, 1, 2]);
        for ((_, s), want) in got.iter().zip([hand(1.0, 1.0), hand(2.0, 3.0), hand(1.0, 5.0)]) {
            assert!((s - want).abs() < 1e-5, "{s} != {want}");
        }
        // With b = 0 the length no longer counts: one "cat" in a long text scores as in a short one.
        let flat = Bm25TermQuery::new(Term::from_field_text(body, "cat"), Bm25Params { k1: 0.9, b: 0.0 });
        let got = scores(&index, &flat);
        assert!((got[0].1 - got[2].1).abs() < 1e-6);
        assert!(got[1].1 > got[0].1);
    }

    #[test]
    fn tantivys_parameters_score_as_term_query() {
        let (index, body) = index(&TEXTS);
        for word in ["cat", "dog", "bird"] {
            let term = Term::from_field_text(body, word);
            let ours = scores(&index, &Bm25TermQuery::new(term.clone(), Bm25Params::TANTIVY));
            let theirs = scores(&index, &TermQuery::new(term, IndexRecordOption::WithFreqs));
            assert_eq!(ours.len(), theirs.len());
            for (a, b) in ours.iter().zip(&theirs) {
                assert_eq!(a.0, b.0);
                assert!((a.1 - b.1).abs() < 1e-5, "{word}: {a:?} != {b:?}");
            }
        }
    }
}
