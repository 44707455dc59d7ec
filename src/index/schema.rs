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
//! | `published` | date | date | |
//! | `passages` | | count | |
//! | `bounds` | | passage bounds (token positions) | |
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
    pub published: Field,
    pub passages: Field,
    pub bounds: Field,
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
    b.add_date_field("published", INDEXED | FAST);
    b.add_u64_field("passages", FAST);
    b.add_bytes_field("bounds", FAST);
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
            published: f("published")?,
            passages: f("passages")?,
            bounds: f("bounds")?,
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
    let Some(column) = column else { return Ok(()) };
    let Some(ord) = column.ords().first(doc) else { return Ok(()) };
    bytes.clear();
    if column.ord_to_bytes(ord, bytes)? {
        decode_bounds(bytes, out);
    }
    Ok(())
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

#[cfg(test)]
mod tests {
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
}
