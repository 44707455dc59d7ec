//! What the listings (`entities`, `quotes`) share: the terms of a key field kept at index time
//! walked over live documents, the outlet of a document from the `outlet_facet` fast field,
//! the documents a filter selects, and the page of a sorted list. Nothing here reads a
//! stored record.

use std::collections::HashMap;

use anyhow::Context;
use tantivy::collector::DocSetCollector;
use tantivy::fastfield::FacetReader;
use tantivy::postings::{Postings, TermInfo};
use tantivy::query::Query;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::termdict::TermMerger;
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED};

use crate::index::Fields;

/// The terms of a key field over every segment, in term order: each key once, with the
/// segments that hold it (tantivy's merger over the segments' term dictionaries). `visit`
/// returns `false` to stop.
pub(super) fn each_term(
    segments: &[SegmentReader],
    field: Field,
    mut visit: impl FnMut(&[u8], &[SegmentTerm]) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let invs = segments
        .iter()
        .map(|s| s.inverted_index(field))
        .collect::<tantivy::Result<Vec<_>>>()
        .context("cannot read a listing field")?;
    let streams = invs
        .iter()
        .map(|inv| inv.terms().stream())
        .collect::<std::io::Result<Vec<_>>>()
        .context("cannot read a listing field")?;
    let mut merger = TermMerger::new(streams);
    let mut terms = Vec::new();
    while merger.advance() {
        terms.clear();
        terms.extend(
            merger.current_segment_ords_and_term_infos().map(|(segment, info)| SegmentTerm { segment, info }),
        );
        if !visit(merger.key(), &terms)? {
            break;
        }
    }
    Ok(())
}

/// Whether no segment has deleted documents (then document frequencies are exact).
pub(super) fn no_deletes(segments: &[SegmentReader]) -> bool {
    segments.iter().all(|s| !s.has_deletes())
}

/// One term of a key field in one segment.
#[derive(Debug, Clone)]
pub(super) struct SegmentTerm {
    pub segment: usize,
    pub info: TermInfo,
}

/// Walks the postings of `term` over the live documents of its segment (deleted ones are
/// skipped), calling `visit(doc, term_frequency)`.
pub(super) fn walk(
    segments: &[SegmentReader],
    field: Field,
    term: &SegmentTerm,
    mut visit: impl FnMut(DocId, u32),
) -> anyhow::Result<()> {
    let Some(segment) = segments.get(term.segment) else { return Ok(()) };
    let inv = segment.inverted_index(field).context("cannot read a listing field")?;
    let mut postings = inv
        .read_postings_from_terminfo(&term.info, IndexRecordOption::WithFreqs)
        .context("cannot read a listing's postings")?;
    let alive = segment.alive_bitset();
    let mut doc = postings.doc();
    while doc != TERMINATED {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            visit(doc, postings.term_freq());
        }
        doc = postings.advance();
    }
    Ok(())
}

/// The outlet of a document (`None` when unknown), from the `outlet_facet` fast field, with
/// each segment's facet names decoded once.
pub(super) struct OutletOf {
    readers: Vec<FacetReader>,
    names: Vec<HashMap<u64, Option<String>>>,
    facet: Facet,
}

impl OutletOf {
    pub fn new(searcher: &tantivy::Searcher, f: Fields) -> anyhow::Result<OutletOf> {
        let name = searcher.schema().get_field_name(f.outlet_facet).to_string();
        let readers = searcher
            .segment_readers()
            .iter()
            .map(|s| s.facet_reader(&name))
            .collect::<tantivy::Result<Vec<_>>>()
            .context("cannot read the outlets")?;
        let names = vec![HashMap::new(); readers.len()];
        Ok(OutletOf { readers, names, facet: Facet::root() })
    }

    pub fn of(&mut self, segment: usize, doc: DocId) -> anyhow::Result<Option<String>> {
        let Some(reader) = self.readers.get(segment) else { return Ok(None) };
        let Some(ord) = reader.facet_ords(doc).next() else { return Ok(None) };
        if let Some(name) = self.names[segment].get(&ord) {
            return Ok(name.clone());
        }
        reader.facet_from_ord(ord, &mut self.facet).context("cannot read an outlet")?;
        let path = self.facet.to_path();
        let name = (path.first() == Some(&"o")).then(|| path.last().map(|s| s.to_string())).flatten();
        self.names[segment].insert(ord, name.clone());
        Ok(name)
    }
}

/// The documents `query` selects, as one flag per document of each segment.
pub(super) fn selected(searcher: &tantivy::Searcher, query: &dyn Query) -> anyhow::Result<Vec<Vec<bool>>> {
    let mut out: Vec<Vec<bool>> =
        searcher.segment_readers().iter().map(|s| vec![false; s.max_doc() as usize]).collect();
    for addr in searcher.search(query, &DocSetCollector).context("cannot apply the filter")? {
        if let Some(flag) =
            out.get_mut(addr.segment_ord as usize).and_then(|s| s.get_mut(addr.doc_id as usize))
        {
            *flag = true;
        }
    }
    Ok(out)
}

/// Whether document `doc` of segment `segment` is in `sel` (everything is when there is no
/// selection).
pub(super) fn is_selected(sel: Option<&[Vec<bool>]>, segment: usize, doc: DocId) -> bool {
    sel.is_none_or(|s| s.get(segment).and_then(|d| d.get(doc as usize)).copied().unwrap_or(false))
}

/// `items[offset..offset + limit]`, clipped to the list.
pub(super) fn page<T>(items: Vec<T>, offset: usize, limit: usize) -> Vec<T> {
    items.into_iter().skip(offset).take(limit).collect()
}
