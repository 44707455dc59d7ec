//! Event facets of a search: how many of the matching articles state each kind of event
//! (`goal`, `penalty`, `red-card`...) and how many state an event in each minute band, read
//! from the `fact_spans` fast field (no stored record). Articles are counted, as the entity
//! facets of the index are (one facet per article): an article stating three goals counts once
//! for `goal`.
//!
//! Counted over the articles a search ranks (its `top`, at most
//! [`super::shard::articles_ranked`]), which are all the matching articles when fewer match
//! (`exact`); with `--count` over every matching article, in the pass that counts them. Each
//! dimension follows the query's other filter, as facets do: the event counts keep the facts in
//! the `minute:` range, the minute bands the facts of the `event:` kinds.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::BytesColumn;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::plan::EventFilter;
use crate::analysis::facts::EVENTS;
use crate::index::schema::{read_fact_spans, FactSpan};

/// The minute bands, inclusive, with their names. Stoppage time counts at the end of its half
/// (45+2 is in `31-45`, 90+4 in `76-90`), as `minute:` reads it; `90+` is a minute past 90 the
/// text gives as such ("93rd minute") and extra time.
pub const MINUTE_BANDS: [(&str, u16, u16); 7] = [
    ("1-15", 0, 15),
    ("16-30", 16, 30),
    ("31-45", 31, 45),
    ("46-60", 46, 60),
    ("61-75", 61, 75),
    ("76-90", 76, 90),
    ("90+", 91, u16::MAX),
];

/// How many matching articles state each event kind and an event in each minute band.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFacets {
    /// Counted over every matching article (else over the best-ranked ones only).
    pub exact: bool,
    /// The articles counted over.
    pub articles: usize,
    /// Every event kind, in the order of [`EVENTS`], with the articles stating one.
    pub events: Vec<FacetCount>,
    /// Every band of [`MINUTE_BANDS`], in order, with the articles stating a timed event in it.
    pub minutes: Vec<FacetCount>,
}

/// One facet value and the articles that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

impl EventFacets {
    /// Adds another index's counts (a shard's): exact when both are.
    pub fn add(&mut self, other: &EventFacets) {
        let mut t = Tally::from(&*self);
        t.add(&Tally::from(other));
        *self = t.facets(self.exact && other.exact);
    }

    /// The counts over no article.
    pub fn empty() -> EventFacets {
        Tally::default().facets(true)
    }
}

/// The counts while articles are added.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    articles: usize,
    events: [usize; EVENTS.len()],
    minutes: [usize; MINUTE_BANDS.len()],
}

/// One article's facet values as bit sets (event code - 1, band index): what a shard sends
/// with each of its best articles ([`super::shard::ShardArticle`]), for a front to count
/// over the articles it keeps as one index does.
pub fn masks(spans: &[FactSpan], filter: &EventFilter) -> (u32, u32) {
    let (mut events, mut bands) = (0u32, 0u32);
    for s in spans {
        let in_minutes = filter.minutes.is_none_or(|(a, b)| s.minute.is_some_and(|m| a <= m && m <= b));
        if in_minutes && (1..=EVENTS.len()).contains(&(s.code as usize)) {
            events |= 1 << (s.code - 1);
        }
        let of_kind = filter.codes.is_empty() || filter.codes.contains(&s.code);
        if let (true, Some(m)) = (of_kind, s.minute) {
            if let Some(b) = MINUTE_BANDS.iter().position(|&(_, from, to)| from <= m && m <= to) {
                bands |= 1 << b;
            }
        }
    }
    (events, bands)
}

/// The facets of articles given by their [`masks`].
pub fn of_masks(articles: impl IntoIterator<Item = (u32, u32)>, exact: bool) -> EventFacets {
    let mut tally = Tally::default();
    for (events, bands) in articles {
        tally.masks(events, bands);
    }
    tally.facets(exact)
}

impl Tally {
    /// One article's fact spans.
    fn article(&mut self, spans: &[FactSpan], filter: &EventFilter) {
        let (events, bands) = masks(spans, filter);
        self.masks(events, bands);
    }

    fn masks(&mut self, events: u32, bands: u32) {
        self.articles += 1;
        for (i, n) in self.events.iter_mut().enumerate() {
            *n += (events >> i & 1) as usize;
        }
        for (i, n) in self.minutes.iter_mut().enumerate() {
            *n += (bands >> i & 1) as usize;
        }
    }

    fn add(&mut self, other: &Tally) {
        self.articles += other.articles;
        self.events.iter_mut().zip(other.events).for_each(|(a, b)| *a += b);
        self.minutes.iter_mut().zip(other.minutes).for_each(|(a, b)| *a += b);
    }

    fn facets(&self, exact: bool) -> EventFacets {
        EventFacets {
            exact,
            articles: self.articles,
            events: EVENTS
                .iter()
                .zip(self.events)
                .map(|(v, count)| FacetCount { value: v.to_string(), count })
                .collect(),
            minutes: MINUTE_BANDS
                .iter()
                .zip(self.minutes)
                .map(|((v, _, _), count)| FacetCount { value: v.to_string(), count })
                .collect(),
        }
    }
}

impl From<&EventFacets> for Tally {
    fn from(f: &EventFacets) -> Tally {
        let mut t = Tally { articles: f.articles, ..Tally::default() };
        for (i, name) in EVENTS.iter().enumerate() {
            t.events[i] = f.events.iter().find(|c| c.value == *name).map_or(0, |c| c.count);
        }
        for (i, (name, _, _)) in MINUTE_BANDS.iter().enumerate() {
            t.minutes[i] = f.minutes.iter().find(|c| c.value == *name).map_or(0, |c| c.count);
        }
        t
    }
}

/// The facets of the articles at `docs` (the ranked ones), `exact` when they are every match.
pub(super) fn of_articles(
    stores: &super::stored::Stores,
    docs: impl IntoIterator<Item = DocAddress>,
    filter: &EventFilter,
    exact: bool,
) -> anyhow::Result<EventFacets> {
    let mut by_segment: HashMap<u32, Vec<DocId>> = HashMap::new();
    for d in docs {
        by_segment.entry(d.segment_ord).or_default().push(d.doc_id);
    }
    let mut tally = Tally::default();
    let (mut bytes, mut spans) = (Vec::new(), Vec::new());
    for (segment_ord, docs) in by_segment {
        let column = stores.columns(segment_ord)?.fact_spans.as_ref();
        for doc in docs {
            read_fact_spans(column, doc, &mut bytes, &mut spans)?;
            tally.article(&spans, filter);
        }
    }
    Ok(tally.facets(exact))
}

fn fact_spans(segment: &SegmentReader) -> tantivy::Result<Option<BytesColumn>> {
    segment.fast_fields().bytes("fact_spans")
}

/// Counts every matching article's facets in one pass (beside `Count`, for `--count`).
pub struct FacetCollector<'a> {
    pub filter: &'a EventFilter,
}

pub struct FacetSegmentCollector {
    column: Option<BytesColumn>,
    filter: EventFilter,
    tally: Tally,
    bytes: Vec<u8>,
    spans: Vec<FactSpan>,
}

impl Collector for FacetCollector<'_> {
    type Fruit = EventFacets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        Ok(FacetSegmentCollector {
            column: fact_spans(segment)?,
            filter: self.filter.clone(),
            tally: Tally::default(),
            bytes: Vec::new(),
            spans: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<EventFacets> {
        let mut all = Tally::default();
        for t in &fruits {
            all.add(t);
        }
        Ok(all.facets(true))
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        // A damaged value reads as no facts (as `rank` reads it), not a failed search.
        if read_fact_spans(self.column.as_ref(), doc, &mut self.bytes, &mut self.spans).is_err() {
            self.spans.clear();
        }
        self.tally.article(&self.spans, &self.filter);
    }

    fn harvest(self) -> Tally {
        self.tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(list: &[FacetCount], value: &str) -> usize {
        list.iter().find(|c| c.value == value).map(|c| c.count).unwrap()
    }

    #[test]
    fn articles_are_counted_once_per_kind_and_band_and_each_dimension_follows_the_other_filter() {
        let goal = |m: Option<u16>| FactSpan { code: 1, minute: m, start: 0, end: 1 };
        let pen = |m: Option<u16>| FactSpan { code: 2, minute: m, start: 0, end: 1 };
        let mut t = Tally::default();
        let none = EventFilter::default();
        t.article(&[goal(Some(17)), goal(Some(78)), pen(Some(54))], &none);
        t.article(&[goal(Some(9))], &none);
        t.article(&[], &none);
        let f = t.facets(true);
        assert_eq!((f.articles, count(&f.events, "goal"), count(&f.events, "penalty")), (3, 2, 1));
        assert_eq!(count(&f.events, "red-card"), 0);
        assert_eq!((count(&f.minutes, "1-15"), count(&f.minutes, "16-30")), (1, 1));
        assert_eq!(count(&f.minutes, "46-60"), 1);
        assert_eq!(count(&f.minutes, "76-90"), 1);
        assert_eq!(f.minutes.len(), MINUTE_BANDS.len());
        // `event:penalty`: the bands count only penalties; `minute:70..90`: the kinds only facts
        // in those minutes.
        let pens = EventFilter { codes: vec![2], ..EventFilter::default() };
        let mut t = Tally::default();
        t.article(&[goal(Some(17)), pen(Some(54))], &pens);
        let f = t.facets(false);
        assert_eq!((count(&f.minutes, "1-15"), count(&f.minutes, "46-60")), (0, 1));
        assert_eq!(count(&f.events, "goal"), 1);
        let late = EventFilter { minutes: Some((70, 90)), ..EventFilter::default() };
        let mut t = Tally::default();
        t.article(&[goal(Some(78)), pen(Some(54)), pen(None)], &late);
        let f = t.facets(false);
        assert_eq!((count(&f.events, "goal"), count(&f.events, "penalty")), (1, 0));
        // Shards add up; exact only when every part is.
        let mut sum = f.clone();
        sum.add(&f);
        assert_eq!((sum.articles, count(&sum.events, "goal"), sum.exact), (2, 2, false));
        assert_eq!(EventFacets::empty().events.iter().map(|c| c.count).sum::<usize>(), 0);
    }
}
