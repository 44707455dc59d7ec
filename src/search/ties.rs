//! Equal scores (or equal dates) broken by article id, so that one index, a set of shards
//! opened as one and a front over shard servers rank tied articles alike.
//!
//! tantivy's top-k collectors break ties by document address, and addresses depend on how the
//! articles were laid out in segments and shards; the same corpus indexed as one index or as
//! four shards would then show a different one of two equally scored articles (a syndicated
//! report printed by two outlets, word for word). [`best`] takes the collector's best `n`, and
//! orders every run of equal keys by article id, fetching more while the run at the cut may go
//! on past what was fetched, so that the best `n` are those of the order (key, then id).

use anyhow::Context;
use tantivy::DocAddress;

use crate::index::Fields;

/// Fetched beyond `n` so that a tie at the cut is usually seen whole in one search.
const SLACK: usize = 8;
/// A tie this long at the cut is cut where the collector cut it (document order).
const MAX_FETCH: usize = 10_000;

/// The article ids of a searcher's documents, read from the `id` fast field.
pub(super) struct Ids<'a> {
    searcher: &'a tantivy::Searcher,
    field: String,
}

impl<'a> Ids<'a> {
    pub(super) fn new(searcher: &'a tantivy::Searcher, fields: Fields) -> Self {
        Ids { searcher, field: searcher.schema().get_field_name(fields.id).to_string() }
    }

    /// The id of the article at `addr` (empty when it has none).
    pub(super) fn id(&self, addr: DocAddress) -> anyhow::Result<String> {
        let fast = self.searcher.segment_reader(addr.segment_ord).fast_fields();
        let mut id = String::new();
        if let Some(ids) = fast.str(&self.field).context("cannot read the article ids")? {
            if let Some(ord) = ids.term_ords(addr.doc_id).next() {
                ids.ord_to_str(ord, &mut id).context("cannot read an article id")?;
            }
        }
        Ok(id)
    }
}

/// The best `n` documents of a ranking, best first, equal keys in article-id order (`id`, see
/// [`Ids::id`]). `fetch(k)` runs the collector for its best `k` (best first, as tantivy's
/// `TopDocs` returns them).
pub(super) fn best<K: PartialEq + Copy>(
    n: usize,
    id: impl FnMut(DocAddress) -> anyhow::Result<String>,
    mut fetch: impl FnMut(usize) -> anyhow::Result<Vec<(K, DocAddress)>>,
) -> anyhow::Result<Vec<(K, DocAddress)>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut k = n + SLACK;
    let mut got = fetch(k)?;
    // The run of keys equal to the n-th reaches the last one fetched: it may go on past it.
    while got.len() == k && got.len() > n && got[n - 1].0 == got[k - 1].0 && k < MAX_FETCH {
        k = (k * 4).min(MAX_FETCH);
        got = fetch(k)?;
    }
    by_id_on_ties(&mut got, id)?;
    got.truncate(n);
    Ok(got)
}

/// Orders every run of equal keys of `ranked` (already best first) by `id`; ids are read for
/// tied documents only.
fn by_id_on_ties<K: PartialEq + Copy>(
    ranked: &mut [(K, DocAddress)],
    mut id: impl FnMut(DocAddress) -> anyhow::Result<String>,
) -> anyhow::Result<()> {
    let mut start = 0;
    while start < ranked.len() {
        let key = ranked[start].0;
        let end = start + ranked[start..].iter().take_while(|(k, _)| *k == key).count();
        if end - start > 1 {
            let mut run = ranked[start..end]
                .iter()
                .map(|&(k, a)| Ok((id(a)?, (k, a))))
                .collect::<anyhow::Result<Vec<_>>>()?;
            run.sort_by(|a, b| a.0.cmp(&b.0));
            for (slot, (_, entry)) in ranked[start..end].iter_mut().zip(run) {
                *slot = entry;
            }
        }
        start = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(doc: u32) -> DocAddress {
        DocAddress::new(0, doc)
    }

    #[test]
    fn equal_keys_are_ordered_by_id_and_the_rest_is_left_alone() {
        let ids = |a: DocAddress| Ok(["e", "d", "c", "b", "a"][a.doc_id as usize].to_string());
        // Keys 3, 2, 2, 2, 1: the tied run (documents 1, 2, 3: ids d, c, b) becomes b, c, d.
        let mut ranked = vec![(3.0, addr(0)), (2.0, addr(1)), (2.0, addr(2)), (2.0, addr(3)), (1.0, addr(4))];
        by_id_on_ties(&mut ranked, ids).unwrap();
        let docs: Vec<u32> = ranked.iter().map(|(_, a)| a.doc_id).collect();
        assert_eq!(docs, [0, 3, 2, 1, 4]);
    }

    #[test]
    fn ids_are_read_for_tied_documents_only() {
        let mut read = Vec::new();
        let mut ranked = vec![(3.0, addr(0)), (2.0, addr(1)), (2.0, addr(2)), (1.0, addr(3))];
        by_id_on_ties(&mut ranked, |a| {
            read.push(a.doc_id);
            Ok(a.doc_id.to_string())
        })
        .unwrap();
        assert_eq!(read, [1, 2]);
    }

    #[test]
    fn a_tie_at_the_cut_is_fetched_whole_before_it_is_cut() {
        // 30 documents with one key; the collector returns them in document order, and the
        // ids run backwards, so the best 2 by id are the last two documents.
        let all: Vec<(f32, DocAddress)> = (0..30).map(|d| (1.0, addr(d))).collect();
        let mut asked = Vec::new();
        let got = best(
            2,
            |a| Ok(format!("{:02}", 29 - a.doc_id)),
            |k| {
                asked.push(k);
                Ok(all.iter().copied().take(k).collect())
            },
        )
        .unwrap();
        assert_eq!(asked, [10, 40]);
        let docs: Vec<u32> = got.iter().map(|(_, a)| a.doc_id).collect();
        assert_eq!(docs, [29, 28]);
    }
}
