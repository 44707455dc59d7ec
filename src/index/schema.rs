//! The tantivy schema: one document per article.
//!
//! Retrieval is article-first: BM25 over an article's title and body picks the best articles,
//! then passages are chosen inside the winners from the positions of the query's words and the
//! passage boundaries kept in a fast field ([`Fields::bounds`]), so ranking reads no stored
//! data. Everything shown or attributed (text, offsets, metadata, entities, quotes) lives in one
//! compact binary record per article ([`super::record::ArticleRecord`]), read only for the hits
//! that are shown.
//!
//! | field | indexed | fast | stored |
//! | --- | --- | --- | --- |
//! | `id` | raw term (upserts, `show`) | string | |
//! | `title` | `pressbox_en`, positions | | |
//! | `body` | the article's tokens, pre-tokenised, positions | | |
//! | `outlet` | `pressbox_name`, no positions (filters) | | |
//! | `outlet_facet` | facet `/o/NAME` or `/u/unknown` (counts) | | |
//! | `speaker` | `pressbox_name`, no positions (`speaker:`) | | |
//! | `quoted` | the text of its quotes, `pressbox_en`, frequencies, no positions (`quote`) | | |
//! | `entity` | facets `/e/ID` | | |
//! | `entity_key` | one raw term per mention: [`entity_key`] (listings: `entities`) | | |
//! | `quote_key` | one raw term per quote: [`quote_key`] (listings: `quotes`) | string | |
//! | `event` | one raw term per event the article states (`goal`, `penalty`...; `event:`) | | |
//! | `event_minute` | `code * 1000 + minute` per timed event, code 0 for any (`minute:`) | | |
//! | `fact_spans` | | each fact's event code, minute and evidence (token positions) | |
//! | `match_key` | one raw term: the match the article reports ([`super::record::MatchKey`]; `matches`) | | |
//! | `published` | date | date | |
//! | `passages` | | count | |
//! | `bounds` | | passage bounds (token positions) | |
//! | `unit_spans` | | each passage and each quote part as body token positions, small `u64` numbers ([`encode_units`]; `quote`: quotes as units) | |
//! | `record` | | | the article record |

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
    STRING,
};

use super::analyzer;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub outlet: Field,
    pub outlet_facet: Field,
    pub speaker: Field,
    pub quoted: Field,
    pub entity: Field,
    pub entity_key: Field,
    pub quote_key: Field,
    pub event: Field,
    pub event_minute: Field,
    pub fact_spans: Field,
    pub match_key: Field,
    pub published: Field,
    pub passages: Field,
    pub bounds: Field,
    pub unit_spans: Field,
    pub record: Field,
}

/// The facet under which articles mentioning entity `id` are filed.
pub fn entity_facet(id: &str) -> tantivy::schema::Facet {
    tantivy::schema::Facet::from_path(["e", id])
}

/// The facet under which an outlet's articles are counted.
pub fn outlet_facet(outlet: Option<&str>) -> tantivy::schema::Facet {
    match outlet {
        Some(name) => tantivy::schema::Facet::from_path(["o", name]),
        None => tantivy::schema::Facet::from_path(["u", "unknown"]),
    }
}

fn text(tokenizer: &str, option: IndexRecordOption) -> TextOptions {
    TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(option))
}

/// A raw (untokenised) term per value, with term frequencies: a value added `n` times to a
/// document counts `n` there.
fn raw_with_freqs() -> TextOptions {
    text("raw", IndexRecordOption::WithFreqs)
}

/// Separates the parts of an [`entity_key`] term.
pub const KEY_SEP: char = '\u{1f}';

/// The `entity_key` term of an entity: `id`, `kind`, `name` and `role` (empty when none)
/// joined by [`KEY_SEP`]. Added once per mention, so that the term dictionary lists every
/// entity with the articles that mention it (its document frequency) and its mentions (the
/// term frequencies): the `entities` listing reads no stored record.
pub fn entity_key(id: &str, kind: &str, name: &str, role: Option<&str>) -> String {
    let clean = |s: &str| s.replace(KEY_SEP, " ");
    let role = role.map(clean).unwrap_or_default();
    format!("{}{KEY_SEP}{}{KEY_SEP}{}{KEY_SEP}{role}", clean(id), clean(kind), clean(name))
}

/// A role's name as serialised (`player`, `manager`...).
pub fn role_name(role: crate::analysis::entities::Role) -> &'static str {
    use crate::analysis::entities::Role;
    match role {
        Role::Player => "player",
        Role::Manager => "manager",
        Role::Referee => "referee",
        Role::Coach => "coach",
        Role::Official => "official",
    }
}

/// The parts of an [`entity_key`] term: id, kind, name, role; `None` for a malformed term.
pub fn parse_entity_key(term: &str) -> Option<(&str, &str, &str, Option<&str>)> {
    let mut parts = term.split(KEY_SEP);
    let (id, kind, name, role) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || id.is_empty() {
        return None;
    }
    Some((id, kind, name, (!role.is_empty()).then_some(role)))
}

/// Words in one shingle of a quote key.
pub const QUOTE_SHINGLE: usize = 5;

/// The cluster key of a quote: the smallest 64-bit FNV-1a hash among the shingles of
/// [`QUOTE_SHINGLE`] words of its folded words (all its words when it has fewer), in hex.
/// Copies of one quote get one key; two wordings that differ by a few words get the same key
/// with a probability equal to the share of shingles they have in common (min-hashing), so
/// light variants mostly join and unrelated quotes essentially never do. `None` for a quote
/// with no words.
pub fn quote_key(text: &str) -> Option<String> {
    let folded = crate::text::key(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let n = QUOTE_SHINGLE.min(words.len());
    let min = words.windows(n).map(fnv1a).min()?;
    Some(format!("{min:016x}"))
}

/// FNV-1a over words separated by one space: stable across versions and platforms (the keys
/// are kept in the index), unlike the standard library's hasher.
fn fnv1a(words: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, w) in words.iter().enumerate() {
        let sep: &[u8] = if i > 0 { b" " } else { b"" };
        for &b in sep.iter().chain(w.as_bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Builds the schema.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("id", STRING | FAST);
    b.add_text_field("title", text(analyzer::EN, IndexRecordOption::WithFreqsAndPositions));
    b.add_text_field("body", text(analyzer::EN, IndexRecordOption::WithFreqsAndPositions));
    b.add_text_field("outlet", text(analyzer::NAME, IndexRecordOption::Basic));
    b.add_facet_field("outlet_facet", FacetOptions::default());
    b.add_text_field("speaker", text(analyzer::NAME, IndexRecordOption::Basic));
    // Term queries only (`quote` candidates): no positions (2 MB of the allsides quarter).
    b.add_text_field("quoted", text(analyzer::EN, IndexRecordOption::WithFreqs));
    b.add_facet_field("entity", FacetOptions::default());
    b.add_text_field("entity_key", raw_with_freqs());
    b.add_text_field("quote_key", raw_with_freqs().set_fast("raw"));
    b.add_text_field("event", STRING);
    b.add_u64_field("event_minute", INDEXED);
    b.add_bytes_field("fact_spans", FAST);
    b.add_text_field("match_key", STRING);
    b.add_date_field("published", INDEXED | FAST);
    b.add_u64_field("passages", FAST);
    b.add_bytes_field("bounds", FAST);
    b.add_u64_field("unit_spans", FAST);
    b.add_bytes_field("record", STORED);
    b.build()
}

impl Fields {
    /// Looks every field up by name; `None` if the schema lacks one.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            id: f("id")?,
            title: f("title")?,
            body: f("body")?,
            outlet: f("outlet")?,
            outlet_facet: f("outlet_facet")?,
            speaker: f("speaker")?,
            quoted: f("quoted")?,
            entity: f("entity")?,
            entity_key: f("entity_key")?,
            quote_key: f("quote_key")?,
            event: f("event")?,
            event_minute: f("event_minute")?,
            fact_spans: f("fact_spans")?,
            match_key: f("match_key")?,
            published: f("published")?,
            passages: f("passages")?,
            bounds: f("bounds")?,
            unit_spans: f("unit_spans")?,
            record: f("record")?,
        })
    }
}

/// Passage bounds as stored in [`Fields::bounds`]: the token position where each passage
/// starts, then the end of the last one, as LEB128 deltas.
pub fn encode_bounds(starts: impl IntoIterator<Item = u32>, out: &mut Vec<u8>) {
    let mut prev = 0u32;
    for p in starts {
        let mut d = p.saturating_sub(prev);
        prev = p;
        loop {
            let byte = (d & 0x7F) as u8;
            d >>= 7;
            if d == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
}

/// The passage bounds of document `doc` from the `bounds` fast field column (`out` is left
/// empty when the document has none); `bytes` is scratch.
pub fn read_bounds(
    column: Option<&tantivy::columnar::BytesColumn>,
    doc: tantivy::DocId,
    bytes: &mut Vec<u8>,
    out: &mut Vec<u32>,
) -> std::io::Result<()> {
    out.clear();
    if column_bytes(column, doc, bytes)? {
        decode_bounds(bytes, out);
    }
    Ok(())
}

/// The bytes of document `doc` in a bytes fast field column, into `bytes`; false when the
/// field is absent or the document has no value.
fn column_bytes(
    column: Option<&tantivy::columnar::BytesColumn>,
    doc: tantivy::DocId,
    bytes: &mut Vec<u8>,
) -> std::io::Result<bool> {
    bytes.clear();
    let Some(column) = column else { return Ok(false) };
    let Some(ord) = column.ords().first(doc) else { return Ok(false) };
    column.ord_to_bytes(ord, bytes)
}

/// Decodes [`encode_bounds`]; a damaged value ends early rather than failing.
pub fn decode_bounds(bytes: &[u8], out: &mut Vec<u32>) {
    out.clear();
    let (mut prev, mut d, mut shift) = (0u32, 0u32, 0u32);
    for &b in bytes {
        if shift > 28 {
            return;
        }
        d |= ((b & 0x7F) as u32) << shift;
        if b & 0x80 == 0 {
            prev = prev.saturating_add(d);
            out.push(prev);
            d = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// An article's units from [`Fields::unit_spans`]: each passage's positions, each quote's parts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Units {
    pub passages: Vec<[u32; 2]>,
    pub quotes: Vec<Vec<[u32; 2]>>,
}

/// Encodes an article's units as the values of [`Fields::unit_spans`], in order (a
/// multi-valued `u64` fast field keeps a document's values in the order they were added, and
/// reads without the dictionary a bytes field goes through): the number of passages; per
/// passage its length in tokens times two, plus one when a gap (its start less the previous
/// passage's end, zig-zag) follows; then per quote its number of parts and, per part, its
/// start less the previous part's end (zig-zag) and its length. Every value is a small number,
/// so the column bit-packs to a few bits per value (the fixed 64-bit layout before took 2.8 MB
/// on the allsides quarter, this one 0.86 MB). Nothing fails to fit.
pub fn encode_units(passages: &[[u32; 2]], quotes: &[Vec<[u32; 2]>], out: &mut Vec<u64>) {
    out.clear();
    out.push(passages.len() as u64);
    let mut at = 0u32;
    for &[start, end] in passages {
        let len = u64::from(end.saturating_sub(start));
        if start == at {
            out.push(len << 1);
        } else {
            out.push(len << 1 | 1);
            out.push(zigzag(i64::from(start) - i64::from(at)));
        }
        at = start.max(end);
    }
    for parts in quotes {
        out.push(parts.len() as u64);
        for &[start, end] in parts {
            out.push(zigzag(i64::from(start) - i64::from(at)));
            out.push(u64::from(end.saturating_sub(start)));
            at = start.max(end);
        }
    }
}

fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn unit_pos(at: u32, delta: u64) -> Option<u32> {
    u32::try_from(i64::from(at).checked_add(unzigzag(delta))?).ok()
}

/// The passages of [`encode_units`] values, each handed to `each`; the values that follow
/// them and the position after the last passage. `None` when they do not read as passages.
fn decode_passages(values: &[u64], mut each: impl FnMut([u32; 2])) -> Option<(&[u64], u32)> {
    let (&passages, mut rest) = values.split_first()?;
    if passages > values.len() as u64 {
        return None;
    }
    let mut at = 0u32;
    for _ in 0..passages {
        let (&v, r) = rest.split_first()?;
        rest = r;
        let start = if v & 1 == 1 {
            let (&gap, r) = rest.split_first()?;
            rest = r;
            unit_pos(at, gap)?
        } else {
            at
        };
        let end = start.checked_add(u32::try_from(v >> 1).ok()?)?;
        each([start, end]);
        at = end;
    }
    Some((rest, at))
}

/// Reads [`encode_units`] back; with `only_passages`, stops after the passages. `None` when
/// the values do not read as units (no values: an article indexed without them; damage).
fn decode_units(values: &[u64], only_passages: bool, out: &mut Units) -> Option<()> {
    out.passages.clear();
    out.quotes.clear();
    let (rest, mut at) = decode_passages(values, |p| out.passages.push(p))?;
    if only_passages {
        return Some(());
    }
    let mut it = rest.iter().copied();
    while let Some(parts) = it.next() {
        if parts > values.len() as u64 {
            return None;
        }
        let mut quote = Vec::with_capacity(parts as usize);
        for _ in 0..parts {
            let start = unit_pos(at, it.next()?)?;
            let end = start.checked_add(u32::try_from(it.next()?).ok()?)?;
            quote.push([start, end]);
            at = end;
        }
        out.quotes.push(quote);
    }
    Some(())
}

/// The units of document `doc` from the `unit_spans` column; false (and `out` empty) when the
/// article's units are unknown (it has no passage, or its values do not read as units).
pub fn read_units(column: &tantivy::columnar::Column<u64>, doc: tantivy::DocId, out: &mut Units) -> bool {
    let values: Vec<u64> = column.values_for_doc(doc).collect();
    if decode_units(&values, false, out).is_none() || out.passages.is_empty() {
        out.passages.clear();
        out.quotes.clear();
        return false;
    }
    true
}

/// The passage bounds of document `doc` as [`read_bounds`] gives them (each passage's start,
/// then the end of the last one), from the passages' values in the `unit_spans` column: a
/// multi-valued `u64` column reads without the dictionary of a bytes column (a zstd block
/// decompressed per read). False (and `out` empty) when the article's units are unknown or
/// it has no passage: read the `bounds` column then. `scratch` is scratch.
pub fn passage_bounds(
    column: &tantivy::columnar::Column<u64>,
    doc: tantivy::DocId,
    scratch: &mut Vec<u64>,
    out: &mut Vec<u32>,
) -> bool {
    out.clear();
    scratch.clear();
    scratch.extend(column.values_for_doc(doc));
    let mut last = None;
    if decode_passages(scratch, |[start, end]| {
        out.push(start);
        last = Some(end);
    })
    .is_none()
    {
        out.clear();
        return false;
    }
    match last {
        Some(end) => {
            out.push(end);
            true
        }
        None => false,
    }
}

/// Spaces the event codes apart in [`Fields::event_minute`]: a value is `code * MINUTE_SPAN +
/// minute` (code 0: any event), so `minute:70..90 event:goal` is one range of goal values.
pub const MINUTE_SPAN: u64 = 1000;

/// One fact as [`Fields::fact_spans`] keeps it: its event code, its minute (when it has one)
/// and its evidence as token positions `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactSpan {
    pub code: u8,
    pub minute: Option<u16>,
    pub start: u32,
    pub end: u32,
}

fn push_varint(mut d: u32, out: &mut Vec<u8>) {
    loop {
        let byte = (d & 0x7F) as u8;
        d >>= 7;
        if d == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Encodes fact spans (any order) as LEB128 numbers: code, minute + 1 (0: none), start, length.
pub fn encode_fact_spans(spans: &[FactSpan], out: &mut Vec<u8>) {
    for s in spans {
        push_varint(s.code as u32, out);
        push_varint(s.minute.map_or(0, |m| m as u32 + 1), out);
        push_varint(s.start, out);
        push_varint(s.end.saturating_sub(s.start), out);
    }
}

/// Decodes [`encode_fact_spans`]; a damaged value ends early rather than failing.
pub fn decode_fact_spans(bytes: &[u8], out: &mut Vec<FactSpan>) {
    out.clear();
    let mut nums: Vec<u32> = Vec::with_capacity(4);
    let (mut d, mut shift) = (0u32, 0u32);
    for &b in bytes {
        if shift > 28 {
            return;
        }
        d |= ((b & 0x7F) as u32) << shift;
        if b & 0x80 != 0 {
            shift += 7;
            continue;
        }
        nums.push(d);
        d = 0;
        shift = 0;
        if nums.len() == 4 {
            let (Ok(code), minute) = (u8::try_from(nums[0]), nums[1].checked_sub(1)) else { return };
            out.push(FactSpan {
                code,
                minute: minute.and_then(|m| u16::try_from(m).ok()),
                start: nums[2],
                end: nums[2].saturating_add(nums[3]),
            });
            nums.clear();
        }
    }
}

/// The fact spans of document `doc` from the `fact_spans` fast field column (`out` left empty
/// when it has none); `bytes` is scratch.
pub fn read_fact_spans(
    column: Option<&tantivy::columnar::BytesColumn>,
    doc: tantivy::DocId,
    bytes: &mut Vec<u8>,
    out: &mut Vec<FactSpan>,
) -> std::io::Result<()> {
    out.clear();
    if column_bytes(column, doc, bytes)? {
        decode_fact_spans(bytes, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fact_spans_round_trip() {
        let spans = [
            FactSpan { code: 1, minute: Some(78), start: 120, end: 131 },
            FactSpan { code: 2, minute: None, start: 0, end: 1 },
            FactSpan { code: 12, minute: Some(0), start: 70_000, end: 70_400 },
        ];
        let mut bytes = Vec::new();
        encode_fact_spans(&spans, &mut bytes);
        let mut back = Vec::new();
        decode_fact_spans(&bytes, &mut back);
        assert_eq!(back, spans);
        decode_fact_spans(&[0xFF; 9], &mut back);
        assert!(back.is_empty());
        // A code past a byte is damage: decoding stops there.
        decode_fact_spans(&[0x80, 0x02, 0, 0, 0], &mut back);
        assert!(back.is_empty());
    }

    use super::*;

    #[test]
    fn bounds_round_trip() {
        let bounds = [0u32, 5, 130, 131, 70_000, 70_000, 1 << 30];
        let mut bytes = Vec::new();
        encode_bounds(bounds, &mut bytes);
        let mut back = Vec::new();
        decode_bounds(&bytes, &mut back);
        assert_eq!(back, bounds);
        decode_bounds(&[0xFF; 9], &mut back);
        assert!(back.is_empty());
    }

    #[test]
    fn units_round_trip_and_damage_reads_as_unknown() {
        let passages = [[0, 80], [80, 150], [152, 200], [200, 70_000]];
        let quotes = vec![vec![[10, 20], [25, 40]], vec![], vec![[3, 9]], vec![[60_000, 69_999]]];
        let mut values = Vec::new();
        encode_units(&passages, &quotes, &mut values);
        // Small numbers only: the column bit-packs them.
        assert!(values.iter().all(|&v| v < 1 << 18), "{values:?}");
        let mut back = Units::default();
        assert!(decode_units(&values, false, &mut back).is_some());
        assert_eq!(back, Units { passages: passages.to_vec(), quotes: quotes.clone() });
        assert!(decode_units(&values, true, &mut back).is_some());
        assert_eq!((back.passages.as_slice(), back.quotes.len()), (&passages[..], 0));
        // Cut short, or counts larger than what follows, or positions below zero: unknown.
        for bad in [&values[..values.len() - 1], &[], &[u64::MAX], &[1, 3, 1]] {
            assert!(decode_units(bad, false, &mut back).is_none(), "{bad:?}");
        }
    }

    /// The units are read in the order they were written: tantivy keeps a document's values in
    /// order in a multi-valued `u64` column, through commits and merges.
    #[test]
    fn units_keep_their_order_through_a_merge() {
        let schema = build();
        let f = Fields::from_schema(&schema).unwrap();
        let index = tantivy::Index::create_in_ram(schema);
        analyzer::register(&index);
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let article = |n: u32| -> (Vec<[u32; 2]>, Vec<Vec<[u32; 2]>>) {
            let passages = (0..n).map(|i| [i * 50, i * 50 + 50]).collect();
            let quotes = (0..n)
                .rev()
                .map(|i| vec![[i * 40 + 7, i * 40 + 9 + n], [i * 40 + 12 + n, i * 40 + 30]])
                .collect();
            (passages, quotes)
        };
        let mut values = Vec::new();
        for batch in [1..6, 6..12] {
            for n in batch {
                let (p, q) = article(n);
                encode_units(&p, &q, &mut values);
                let mut doc = tantivy::TantivyDocument::default();
                doc.add_u64(f.passages, n as u64);
                values.iter().for_each(|&v| doc.add_u64(f.unit_spans, v));
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        let segments = index.searchable_segment_ids().unwrap();
        assert_eq!(segments.len(), 2);
        writer.merge(&segments).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        let reader = index.reader().unwrap();
        reader.reload().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        let segment = &searcher.segment_readers()[0];
        let units = segment.fast_fields().column_opt::<u64>("unit_spans").unwrap().unwrap();
        let count = segment.fast_fields().u64("passages").unwrap();
        let (mut out, mut bounds, mut scratch) = (Units::default(), Vec::new(), Vec::new());
        for doc in 0..segment.max_doc() {
            let (p, q) = article(count.first(doc).unwrap() as u32);
            assert!(read_units(&units, doc, &mut out));
            assert_eq!(out, Units { passages: p.clone(), quotes: q });
            assert!(passage_bounds(&units, doc, &mut scratch, &mut bounds));
            let expected: Vec<u32> = p.iter().map(|x| x[0]).chain(p.last().map(|x| x[1])).collect();
            assert_eq!(bounds, expected);
        }
    }

    #[test]
    fn entity_keys_round_trip_and_refuse_damage() {
        let k = entity_key("person:harry-kane", "person", "Harry Kane", Some("player"));
        assert_eq!(parse_entity_key(&k), Some(("person:harry-kane", "person", "Harry Kane", Some("player"))));
        let k = entity_key("place:qatar", "place", "Qa\u{1f}tar", None);
        assert_eq!(parse_entity_key(&k), Some(("place:qatar", "place", "Qa tar", None)));
        assert_eq!(parse_entity_key("person:x"), None);
        assert_eq!(parse_entity_key("\u{1f}person\u{1f}X\u{1f}"), None);
    }

    #[test]
    fn quote_keys_join_copies_and_separate_other_quotes() {
        let q = "We know how many penalties Harry has scored for us";
        let key = quote_key(q).unwrap();
        assert_eq!(key.len(), 16);
        // Case, curly marks and punctuation aside, a copy is the same quote.
        assert_eq!(quote_key("we know how many penalties harry has scored for us.").as_ref(), Some(&key));
        assert_eq!(quote_key("“We know how many penalties Harry has scored for us”").as_ref(), Some(&key));
        assert_ne!(quote_key("He will be stronger for it in the long run").as_ref(), Some(&key));
        assert_eq!(quote_key("Yes").unwrap(), quote_key("yes!").unwrap());
        assert_eq!(quote_key(" … "), None);
    }
}
