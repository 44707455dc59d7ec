//! The tantivy schema: one document per passage.
//!
//! A passage document carries everything needed to rank, attribute and display a hit without a
//! second look-up of the passage: its text (indexed with positions, stored), its article's id,
//! and its position in the article (Unicode character offsets). The article's metadata is
//! stored once, with its first passage, and looked up per hit. The text between passages is stored
//! too (`pre`, and `post` on the last one), so an article's exact text can be rebuilt from its
//! passages for `show` without storing it twice.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
    STRING,
};

use super::analyzer;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The article's id (raw, for upserts and `show`).
    pub article_id: Field,
    /// The passage's ordinal within its article; 0 marks an article's first passage.
    pub ordinal: Field,
    /// Unicode character offsets of the passage in the article text.
    pub start: Field,
    pub end: Field,
    /// Text between the previous passage (or the article start) and this one.
    pub pre: Field,
    /// Text after the last passage (only on the last passage).
    pub post: Field,
    /// The passage text: analysed with [`analyzer::EN`], positions kept, stored.
    pub body: Field,
    /// The outlet name, analysed with [`analyzer::NAME`] for filtering (not stored: see `meta`).
    pub outlet: Field,
    /// The outlet as a facet (`/o/NAME`, or `/u/unknown`), for counting articles and passages.
    pub outlet_facet: Field,
    /// The article's metadata as stored JSON ([`ArticleMeta`]), on its first passage only.
    pub meta: Field,
    /// Names of the speakers of quotes overlapping the passage (for `speaker:NAME`).
    pub speaker: Field,
    /// The quotes overlapping the passage, as a stored JSON list of [`QuoteRecord`]s.
    pub quotes: Field,
    /// `quote` on the passage where a quote starts, so each quote can be listed once.
    pub flags: Field,
    /// The entities the passage mentions, as facets `/e/ID` (for filters).
    pub entity: Field,
    /// Indexes into the article's entity table of the entities the passage mentions (stored).
    pub entity_refs: Field,
    /// The article's [`EntityTable`] as stored JSON, on its first passage only.
    pub entity_table: Field,
}

/// An entity as stored in an article's entity table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredEntity {
    pub id: String,
    pub name: String,
    /// `person`, `national_team`, `club`, `competition`, `venue`, `place`, `organisation`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// An article's entities and every mention of them (Unicode character offsets).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityTable {
    pub entities: Vec<StoredEntity>,
    /// `[entity index, start, end]`.
    pub mentions: Vec<[usize; 3]>,
}

/// The facet under which passages mentioning entity `id` are filed.
pub fn entity_facet(id: &str) -> tantivy::schema::Facet {
    tantivy::schema::Facet::from_path(["e", id])
}

/// An article's metadata and attribution, stored once per article (with its first passage).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleMeta {
    pub id: String,
    pub outlet: Option<String>,
    /// How the outlet was found: metadata, dateline, site_name, url_domain, link_domain, unknown.
    pub outlet_source: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    /// Where the article was read from (`path`, or `path:LINE` for a JSONL record).
    pub source: String,
}

/// A quote as stored with each passage it overlaps. Offsets are Unicode characters into the
/// article text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuoteRecord {
    pub start: usize,
    pub end: usize,
    /// Each quoted segment; the quote's text is these joined with a space.
    pub parts: Vec<[usize; 2]>,
    pub text: String,
    pub speaker: Option<String>,
    /// The entity id of the speaker, when the tagger resolved one.
    pub speaker_id: Option<String>,
    /// How the speaker was found (`cue_after`, `pronoun`, ...).
    pub via: Option<String>,
    /// The attribution words (`Henderson told ITV`).
    pub cue: Option<String>,
}

/// The flag marking the passage where a quote starts.
pub const FLAG_QUOTE: &str = "quote";

/// Builds the schema.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    let body = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::EN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let outlet = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    b.add_text_field("article_id", STRING | STORED);
    b.add_u64_field("ordinal", INDEXED | STORED | FAST);
    b.add_u64_field("start", STORED);
    b.add_u64_field("end", STORED);
    b.add_text_field("pre", STORED);
    b.add_text_field("post", STORED);
    b.add_text_field("body", body);
    b.add_text_field("outlet", outlet);
    b.add_facet_field("outlet_facet", FacetOptions::default());
    b.add_text_field("meta", STORED);
    let speaker = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    b.add_text_field("speaker", speaker);
    b.add_text_field("quotes", STORED);
    b.add_text_field("flags", STRING);
    b.add_facet_field("entity", FacetOptions::default());
    b.add_u64_field("entity_refs", STORED);
    b.add_text_field("entity_table", STORED);
    b.build()
}

impl Fields {
    /// Looks every field up by name; `None` if the schema lacks one.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            article_id: f("article_id")?,
            ordinal: f("ordinal")?,
            start: f("start")?,
            end: f("end")?,
            pre: f("pre")?,
            post: f("post")?,
            body: f("body")?,
            outlet: f("outlet")?,
            outlet_facet: f("outlet_facet")?,
            meta: f("meta")?,
            speaker: f("speaker")?,
            quotes: f("quotes")?,
            flags: f("flags")?,
            entity: f("entity")?,
            entity_refs: f("entity_refs")?,
            entity_table: f("entity_table")?,
        })
    }
}

/// The facet under which an outlet's passages are counted.
pub fn outlet_facet(outlet: Option<&str>) -> tantivy::schema::Facet {
    match outlet {
        Some(name) => tantivy::schema::Facet::from_path(["o", name]),
        None => tantivy::schema::Facet::from_path(["u", "unknown"]),
    }
}
