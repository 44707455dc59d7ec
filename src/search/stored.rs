//! Reading article records from the doc store, fast.
//!
//! The record is the only stored field of a document, so its bytes are sliced out of the
//! stored document rather than deserialised one byte at a time (tantivy's path for a bytes
//! value). The store readers (one per segment, each with its cache of decompressed blocks) are
//! kept by the [`Searcher`](super::Searcher) and opened only for segments not seen before (a
//! segment's store never changes; a reload, as the server does twice a second, keeps them), so
//! that a search, a quote look-up or `show` neither reopens them nor loses the blocks read
//! before. A document of any other layout is read through tantivy.
//!
//! The fast-field columns a search reads for every ranked article (passage spans, bounds, fact
//! spans) are opened with the store readers and kept the same way: opening a column reads its
//! codec's header (all block headers of a blockwise-linear column), which was 7% of a search.

use std::sync::{Arc, Mutex};

use anyhow::Context;
use tantivy::columnar::{BytesColumn, Column};
use tantivy::index::SegmentId;
use tantivy::store::StoreReader;
use tantivy::SegmentReader;
use tantivy::{DocAddress, TantivyDocument};

use crate::index::record::ArticleRecord;

/// Decompressed store blocks each segment's reader keeps (tantivy's own default for
/// `Searcher::doc`).
const STORE_BLOCKS: usize = 100;

/// The store readers of one reader generation, one per segment (in segment order).
pub(super) struct Stores {
    generation: u64,
    segments: Vec<(SegmentId, Arc<StoreReader>, Arc<Columns>)>,
}

/// The fast-field columns of one segment that searches read per ranked article (`None` when
/// the segment has no such column: an index built before it existed).
pub(super) struct Columns {
    /// Passages' and quotes' token spans ([`crate::index::schema::read_units`]).
    pub unit_spans: Option<Column<u64>>,
    /// Passage bounds, for articles without unit spans.
    pub bounds: Option<BytesColumn>,
    /// Fact spans: events and minutes.
    pub fact_spans: Option<BytesColumn>,
}

impl Columns {
    fn open(seg: &SegmentReader) -> anyhow::Result<Columns> {
        let fast = seg.fast_fields();
        let what = "cannot read the passages' fast fields";
        Ok(Columns {
            unit_spans: fast.column_opt::<u64>("unit_spans").context(what)?,
            bounds: fast.bytes("bounds").context(what)?,
            fact_spans: fast.bytes("fact_spans").context(what)?,
        })
    }
}

/// The store readers of the latest generation asked for.
#[derive(Default)]
pub(super) struct StoreCache {
    latest: Mutex<Option<Arc<Stores>>>,
}

impl StoreCache {
    /// The store readers for `searcher`'s segments: those kept for its generation, else
    /// those kept for the same segments and the others opened now (and kept instead).
    pub(super) fn for_searcher(&self, searcher: &tantivy::Searcher) -> anyhow::Result<Arc<Stores>> {
        let generation = searcher.generation().generation_id();
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = latest.as_ref().filter(|s| s.generation == generation) {
            return Ok(Arc::clone(s));
        }
        let kept = |id: SegmentId| {
            latest
                .as_ref()
                .and_then(|s| s.segments.iter().find(|(k, _, _)| *k == id))
                .map(|(_, r, c)| (Arc::clone(r), Arc::clone(c)))
        };
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for seg in searcher.segment_readers() {
            let id = seg.segment_id();
            let (reader, columns) = match kept(id) {
                Some(kept) => kept,
                None => (
                    Arc::new(seg.get_store_reader(STORE_BLOCKS).context("cannot read the stored articles")?),
                    Arc::new(Columns::open(seg)?),
                ),
            };
            segments.push((id, reader, columns));
        }
        let stores = Arc::new(Stores { generation, segments });
        *latest = Some(Arc::clone(&stores));
        Ok(stores)
    }
}

impl Stores {
    /// The columns of segment `ord` (of these stores' generation).
    pub(super) fn columns(&self, ord: u32) -> anyhow::Result<&Columns> {
        self.segments
            .get(ord as usize)
            .map(|(_, _, c)| &**c)
            .ok_or_else(|| anyhow::anyhow!("no segment {ord} in the index"))
    }

    /// The record of the article at `addr` (`field`: the record field), from `searcher` (of
    /// these stores' generation).
    pub(super) fn record(
        &self,
        searcher: &tantivy::Searcher,
        field: tantivy::schema::Field,
        addr: DocAddress,
    ) -> anyhow::Result<ArticleRecord> {
        let (_, reader, _) = self
            .segments
            .get(addr.segment_ord as usize)
            .ok_or_else(|| anyhow::anyhow!("no segment {} in the index", addr.segment_ord))?;
        let doc = reader.get_document_bytes(addr.doc_id).context("cannot read a stored article")?;
        match stored_bytes(doc.as_slice(), field.field_id()) {
            Some(bytes) => ArticleRecord::decode(bytes),
            None => deserialised(searcher, field, addr),
        }
    }
}

impl Stores {
    /// The records of the articles at `addrs`, in their order, read and decoded on `executor`'s
    /// threads side by side: a few chunks, one per thread, rather than one task per article.
    pub(super) fn records(
        &self,
        searcher: &tantivy::Searcher,
        field: tantivy::schema::Field,
        addrs: &[DocAddress],
        executor: &tantivy::Executor,
    ) -> anyhow::Result<Vec<ArticleRecord>> {
        let threads = match executor {
            tantivy::Executor::SingleThread => 1,
            tantivy::Executor::ThreadPool(pool) => pool.current_num_threads().max(1),
        };
        if threads == 1 || addrs.len() < 2 {
            return addrs.iter().map(|&a| self.record(searcher, field, a)).collect();
        }
        let chunk = addrs.len().div_ceil(threads);
        let read = |part: &[DocAddress]| -> tantivy::Result<Vec<anyhow::Result<ArticleRecord>>> {
            Ok(part.iter().map(|&a| self.record(searcher, field, a)).collect())
        };
        let parts = executor.map(read, addrs.chunks(chunk)).context("cannot read the stored articles")?;
        parts.into_iter().flatten().collect()
    }
}

/// The record of the article at `addr` read through tantivy's document deserialiser (any
/// layout of stored document).
pub(super) fn deserialised(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
    addr: DocAddress,
) -> anyhow::Result<ArticleRecord> {
    use tantivy::schema::Value;
    let doc: TantivyDocument = searcher.doc(addr).context("cannot read a stored article")?;
    let bytes = doc
        .get_first(field)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| anyhow::anyhow!("an article in the index has no stored record"))?;
    ArticleRecord::decode(bytes)
}

/// The value of a stored document (tantivy's doc store layout: the number of values, then each
/// value's field id, type code and bytes) that holds only the bytes value of `field`.
pub(super) fn stored_bytes(doc: &[u8], field: u32) -> Option<&[u8]> {
    /// tantivy's type code of a bytes value.
    const BYTES_CODE: u8 = 4;
    let (values, rest) = vint(doc)?;
    let (id, rest) = rest.split_first_chunk::<4>()?;
    let (&code, rest) = rest.split_first()?;
    let (len, rest) = vint(rest)?;
    (values == 1 && u32::from_le_bytes(*id) == field && code == BYTES_CODE && rest.len() as u64 == len)
        .then_some(rest)
}

/// tantivy's variable-length integer: seven bits a byte, the last byte's high bit set.
pub(super) fn vint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 != 0 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Searcher;

    #[test]
    fn records_sliced_from_the_store_are_the_records_read_by_tantivy() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let index = crate::index::PressIndex::open_or_create(dir.path()).unwrap();
        let opts = crate::index::build::BuildOptions::new(vec![seeds], crate::ingest::OutletTable::builtin());
        crate::index::build::run(&index, &opts, &crate::index::build::Silent).unwrap();
        drop(index);
        let s = Searcher::open(dir.path()).unwrap();
        let searcher = s.reader.searcher();
        let field = s.fields().record;
        let stores = s.stores.for_searcher(&searcher).unwrap();
        // Kept for the generation: the same readers again; after a reload, the same reader of
        // each segment.
        assert!(Arc::ptr_eq(&stores, &s.stores.for_searcher(&searcher).unwrap()));
        s.reload().unwrap();
        let reloaded = s.reader.searcher();
        let again = s.stores.for_searcher(&reloaded).unwrap();
        assert!(!Arc::ptr_eq(&stores, &again));
        assert_eq!(again.segments.len(), stores.segments.len());
        for ((a, ra, ca), (b, rb, cb)) in stores.segments.iter().zip(&again.segments) {
            assert_eq!(a, b);
            assert!(Arc::ptr_eq(ra, rb));
            assert!(Arc::ptr_eq(ca, cb));
            // The columns of an index built now are all there.
            assert!(ca.unit_spans.is_some() && ca.bounds.is_some() && ca.fact_spans.is_some());
        }
        let mut n = 0;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..seg.max_doc() {
                let addr = DocAddress::new(ord as u32, doc);
                // The slice is found (no fallback) and decodes to the same record.
                let reader = seg.get_store_reader(1).unwrap();
                let bytes = reader.get_document_bytes(doc).unwrap();
                assert!(stored_bytes(bytes.as_slice(), field.field_id()).is_some());
                let fast = s.record_at(&searcher, addr).unwrap();
                let slow = deserialised(&searcher, field, addr).unwrap();
                assert_eq!(fast.encode().unwrap(), slow.encode().unwrap());
                n += 1;
            }
        }
        assert!(n >= 3, "{n} records");
        // Anything but one bytes value of the record field is left to tantivy.
        assert_eq!(stored_bytes(&[0x81, 5, 0, 0, 0, 4, 0x82, 1, 2], 5), Some(&[1u8, 2][..]));
        assert_eq!(stored_bytes(&[0x81, 5, 0, 0, 0, 4, 0x83, 1, 2], 5), None);
        assert_eq!(stored_bytes(&[0x81, 6, 0, 0, 0, 4, 0x82, 1, 2], 5), None);
        assert_eq!(stored_bytes(&[0x81, 5, 0, 0, 0, 0, 0x82, 1, 2], 5), None);
        assert_eq!(stored_bytes(&[0x82, 5, 0, 0, 0, 4, 0x82, 1, 2], 5), None);
        assert_eq!(vint(&[0x05, 0x81]), Some((5 + 128, &[][..])));
    }
}
