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
//! | `quoted` | the text of its quotes, `pressbox_en`, positions (`quote`) | | |
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
//! | `unit_spans` | | each passage and each quote part as body token positions, one `u64` each ([`unit_span`]; `quote`: quotes as units) | |
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
    b.add_text_field("quoted", text(analyzer::EN, IndexRecordOption::WithFreqsAndPositions));
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

/// What a [`Fields::unit_spans`] value spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Passage,
    /// One part of a quote (a quote interrupted by its attribution has several).
    QuotePart,
}

const UNIT_INDEX_BITS: u32 = 19;
const UNIT_START_BITS: u32 = 24;
const UNIT_LEN_BITS: u32 = 20;
/// The value an article gets when one of its units does not fit in a value: its units are
/// unknown, and every reader of them falls back to the record.
pub const UNKNOWN_UNITS: u64 = u64::MAX;

/// One value of [`Fields::unit_spans`]: a passage (its index in the record) or a quote part
/// (the index of its quote in the record) and its body token positions `[start, end)`, as
/// kind (1 bit), index (19), start (24) and length (20). A multi-valued `u64` fast field is
/// read without the dictionary a bytes field goes through. `None` when it does not fit.
pub fn unit_span(kind: UnitKind, index: usize, start: u32, end: u32) -> Option<u64> {
    let len = end.checked_sub(start)? as u64;
    let (index, start) = (index as u64, start as u64);
    if index >> UNIT_INDEX_BITS != 0 || start >> UNIT_START_BITS != 0 || len >> UNIT_LEN_BITS != 0 {
        return None;
    }
    let kind = u64::from(kind == UnitKind::QuotePart);
    let v = kind << 63 | index << (UNIT_START_BITS + UNIT_LEN_BITS) | start << UNIT_LEN_BITS | len;
    (v != UNKNOWN_UNITS).then_some(v)
}

/// The parts of a [`unit_span`] value; `None` for [`UNKNOWN_UNITS`].
pub fn parse_unit_span(v: u64) -> Option<(UnitKind, usize, [u32; 2])> {
    if v == UNKNOWN_UNITS {
        return None;
    }
    let kind = if v >> 63 == 1 { UnitKind::QuotePart } else { UnitKind::Passage };
    let index = (v >> (UNIT_START_BITS + UNIT_LEN_BITS)) & ((1 << UNIT_INDEX_BITS) - 1);
    let start = (v >> UNIT_LEN_BITS) & ((1 << UNIT_START_BITS) - 1);
    let len = v & ((1 << UNIT_LEN_BITS) - 1);
    Some((kind, index as usize, [start as u32, (start + len) as u32]))
}

/// An article's units from [`Fields::unit_spans`]: each passage's positions, each quote's parts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Units {
    pub passages: Vec<[u32; 2]>,
    pub quotes: Vec<Vec<[u32; 2]>>,
}

/// The units of document `doc` from the `unit_spans` column; false (and `out` empty) when the
/// article's units are unknown: it has none, or one did not fit, or the indices have gaps.
pub fn read_units(column: &tantivy::columnar::Column<u64>, doc: tantivy::DocId, out: &mut Units) -> bool {
    out.passages.clear();
    out.quotes.clear();
    let mut values: Vec<u64> = column.values_for_doc(doc).collect();
    values.sort_unstable();
    for v in values {
        let Some((kind, index, span)) = parse_unit_span(v) else {
            out.passages.clear();
            out.quotes.clear();
            return false;
        };
        match kind {
            UnitKind::Passage if index == out.passages.len() => out.passages.push(span),
            UnitKind::QuotePart if index + 1 == out.quotes.len() => out.quotes[index].push(span),
            UnitKind::QuotePart if index == out.quotes.len() => out.quotes.push(vec![span]),
            _ => {
                out.passages.clear();
                out.quotes.clear();
                return false;
            }
        }
    }
    !out.passages.is_empty()
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
    // Passages (kind 0, the top bit) sort first, by index; quote parts and the unknown mark after.
    scratch.sort_unstable();
    if scratch.last() == Some(&UNKNOWN_UNITS) {
        return false;
    }
    let mut end = None;
    for &v in scratch.iter() {
        match parse_unit_span(v) {
            Some((UnitKind::Passage, i, [start, stop])) if i == out.len() => {
                out.push(start);
                end = Some(stop);
            }
            Some((UnitKind::QuotePart, ..)) => break,
            _ => {
                out.clear();
                return false;
            }
        }
    }
    match end {
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
    fn unit_spans_round_trip_and_refuse_what_does_not_fit() {
        let cases = [
            (UnitKind::Passage, 0, 0, 80),
            (UnitKind::Passage, 7, 600, 640),
            (UnitKind::QuotePart, 3, 70_000, 70_200),
            (UnitKind::QuotePart, (1 << 19) - 1, (1 << 24) - 1, (1 << 24) - 1 + (1 << 20) - 2),
        ];
        for (kind, index, start, end) in cases {
            let v = unit_span(kind, index, start, end).unwrap();
            assert_eq!(parse_unit_span(v), Some((kind, index, [start, end])));
        }
        // Passages sort before quote parts, and by index, then start.
        let a = unit_span(UnitKind::Passage, 9, 900, 950).unwrap();
        let b = unit_span(UnitKind::QuotePart, 0, 10, 20).unwrap();
        let c = unit_span(UnitKind::QuotePart, 0, 30, 40).unwrap();
        assert!(a < b && b < c);
        assert_eq!(unit_span(UnitKind::Passage, 1 << 19, 0, 1), None);
        assert_eq!(unit_span(UnitKind::Passage, 0, 1 << 24, (1 << 24) + 1), None);
        assert_eq!(unit_span(UnitKind::QuotePart, 0, 0, 1 << 20), None);
        assert_eq!(unit_span(UnitKind::QuotePart, 0, 5, 4), None);
        assert_eq!(parse_unit_span(UNKNOWN_UNITS), None);
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
