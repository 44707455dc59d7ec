//! One article into one tantivy document: the article is tokenised once ([`Tokens`]), and
//! every extractor (passages, entities, quotes, the body's terms) reads that one pass.
//!
//! The body reaches tantivy as text through the one analyzer (`pressbox_en`), which walks it
//! with the same word splitter and fold as [`Tokens`], so a body term's position is its token
//! index (which the passage bounds in [`Fields::bounds`] refer to; a test in `analyzer.rs`
//! checks that the analyzer's terms are the tokens of [`Tokens`]). Handing tantivy the tokens
//! pre-tokenised (`PreTokenizedString`, stems from the same cache) was measured twice and is
//! slower: through `TantivyDocument` it is serialised to JSON; through a document type of our
//! own (no JSON) it still costs 23% more CPU to index the allsides quarter, since tantivy takes
//! each pre-tokenised value as a fresh copy and copies it again (a `String` per token, twice),
//! which costs more than walking the text again with the cached stemmer (README, "Measured";
//! the measuring build is commit 7671829).

use tantivy::schema::Facet;
use tantivy::TantivyDocument;

use super::record::{
    ArticleMeta, ArticleRecord, DateSource, FactRecord, MentionRecord, PassageRecord, QuoteRecord,
    StoredEntity,
};
use super::schema::{
    encode_bounds, encode_fact_spans, encode_units, entity_facet, entity_key, outlet_facet, quote_key,
    role_name, FactSpan, Fields, MINUTE_SPAN,
};
use crate::analysis::entities::Tagger;
use crate::analysis::facts::{self, Fact};
use crate::analysis::quotes::{self, Quote};
use crate::ingest::Article;
use crate::text::{CharIndex, Passage, Tokens};

/// Largest article text indexed, in bytes; a longer one is skipped with this reason, so that
/// one giant record cannot hold the run up (every stage is linear, but 100 MB is not an article).
pub const MAX_ARTICLE_BYTES: usize = 16 << 20;

/// What one worker thread keeps between articles.
#[derive(Default)]
pub struct Scratch {
    bounds: Vec<u8>,
    spans: Vec<u8>,
}

/// An article ready for the writer.
pub struct Built {
    pub doc: TantivyDocument,
    pub passages: usize,
}

/// Why an article is not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotBuilt {
    NoText,
    TooLong(usize),
}

impl NotBuilt {
    pub fn reason(&self) -> String {
        match self {
            NotBuilt::NoText => "no text to index".into(),
            NotBuilt::TooLong(n) => {
                format!("article text of {n} bytes is over the limit of {MAX_ARTICLE_BYTES} bytes")
            }
        }
    }
}

/// Whether the text of `tokens` opens with the words of `title` (folded), e.g. a headline
/// printed again as the first line of the body.
fn opens_with(tokens: &Tokens, title: &str) -> bool {
    let title = crate::text::key(title);
    if title.is_empty() {
        return false;
    }
    title.split(' ').enumerate().all(|(n, w)| n < tokens.len() && tokens.word(n) == w)
}

/// Builds the document of `article`, first seen by pressbox at `first_seen`.
pub fn build(
    fields: &Fields,
    article: &Article,
    first_seen: jiff::Timestamp,
    tagger: Option<&Tagger>,
    scratch: &mut Scratch,
) -> anyhow::Result<Result<Built, NotBuilt>> {
    let text = article.text.as_str();
    if text.len() > MAX_ARTICLE_BYTES {
        return Ok(Err(NotBuilt::TooLong(text.len())));
    }
    let tokens = Tokens::new(text);
    let passages = tokens.passages();
    if passages.is_empty() {
        return Ok(Err(NotBuilt::NoText));
    }
    let tagged = tagger.map(|t| t.tag(text)).unwrap_or_default();
    let people = tagged.people();
    let found = quotes::extract_quotes_tokens(&tokens, &people);
    // Facts from the same tokens, entities and quotes; the title's score ("Brighton 3-0
    // Leeds") from the title's own few words.
    // A title score also makes the body one match's report (see `facts::extract`).
    let title_fact = match (&article.title, tagger) {
        (Some(title), Some(tagger)) => facts::title_score(&Tokens::new(title), &tagger.tag(title)),
        _ => None,
    };
    let mut found_facts = facts::extract(&tokens, &passages, &tagged, &found, title_fact.as_ref());
    found_facts.extend(title_fact);
    let chars = CharIndex::new(text);
    let at = |b: usize| chars.char_at(b) as u32;

    let f = fields;
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &article.id);
    if let Some(title) = &article.title {
        doc.add_text(f.title, title);
    }
    // The body, then the title as a second value (its positions follow the body's, past the
    // passage bounds): BM25 over the body counts the title too, as one field of title and text,
    // once: not again when the text already opens with it (a page whose headline starts its
    // text). The title field weighs the title on its own (see `search::plan`).
    doc.add_text(f.body, text);
    if let Some(title) = article.title.as_deref().filter(|t| !opens_with(&tokens, t)) {
        doc.add_text(f.body, title);
    }
    if let Some(outlet) = &article.outlet {
        doc.add_text(f.outlet, outlet);
    }
    doc.add_facet(f.outlet_facet, outlet_facet(article.outlet.as_deref()));
    let mut speakers: Vec<&str> =
        found.iter().filter_map(|q| q.speaker.as_ref().map(|s| s.name.as_str())).collect();
    speakers.sort_unstable();
    speakers.dedup();
    for s in speakers {
        doc.add_text(f.speaker, s);
    }
    for q in &found {
        doc.add_text(f.quoted, q.text(text));
    }
    let mut facets: Vec<Facet> = tagged.entities.iter().map(|e| entity_facet(&e.id)).collect();
    facets.sort();
    facets.dedup();
    for facet in facets {
        doc.add_facet(f.entity, facet);
    }
    // One `entity_key` term per mention, one `quote_key` term per quote: the listings count
    // them from the term dictionary and postings, without reading records.
    let mut mentions = vec![0usize; tagged.entities.len()];
    for m in &tagged.mentions {
        if let Some(n) = mentions.get_mut(m.entity) {
            *n += 1;
        }
    }
    for (e, &n) in tagged.entities.iter().zip(&mentions) {
        if n > 0 {
            let key = entity_key(&e.id, e.kind.as_str(), &e.name, e.role.map(role_name));
            for _ in 0..n {
                doc.add_text(f.entity_key, &key);
            }
        }
    }
    for q in &found {
        if let Some(key) = quote_key(&q.text(text)) {
            doc.add_text(f.quote_key, &key);
        }
    }
    if let Some(ts) = article.published {
        doc.add_date(f.published, tantivy::DateTime::from_timestamp_nanos(ts.as_nanosecond() as i64));
    }
    doc.add_u64(f.passages, passages.len() as u64);
    scratch.bounds.clear();
    let starts = passages.iter().map(|p| p.tokens.start as u32);
    let end = passages.last().map(|p| p.tokens.end as u32);
    encode_bounds(starts.chain(end), &mut scratch.bounds);
    doc.add_bytes(f.bounds, &scratch.bounds);
    add_events(f, &mut doc, &tokens, &found_facts, &mut scratch.spans);
    add_units(f, &mut doc, &tokens, &passages, &found);

    let record = ArticleRecord {
        meta: ArticleMeta {
            id: article.id.clone(),
            outlet: article.outlet.clone(),
            outlet_source: article.outlet_source,
            title: article.title.clone(),
            url: article.url.clone(),
            date: article.date.clone(),
            published: article.published,
            first_seen,
            date_source: DateSource::of(article.published),
            source: article.source.clone(),
        },
        text: article.text.clone(),
        passages: passages
            .iter()
            .map(|p| PassageRecord {
                start: p.range.start as u32,
                end: p.range.end as u32,
                char_start: at(p.range.start),
                char_end: at(p.range.end),
                tokens: [p.tokens.start as u32, p.tokens.end as u32],
            })
            .collect(),
        entities: tagged
            .entities
            .iter()
            .map(|e| StoredEntity { id: e.id.clone(), name: e.name.clone(), kind: e.kind, role: e.role })
            .collect(),
        mentions: tagged
            .mentions
            .iter()
            .map(|m| MentionRecord {
                entity: m.entity as u32,
                start: at(m.range.start),
                end: at(m.range.end),
            })
            .collect(),
        quotes: found.iter().map(|q| quote_record(text, q, &at)).collect(),
        facts: found_facts.into_iter().map(|f| fact_record(f, article.title.as_deref(), &at)).collect(),
    };
    if let Some(key) = record.match_key() {
        doc.add_text(f.match_key, key.encode());
    }
    doc.add_bytes(f.record, &record.encode()?);
    Ok(Ok(Built { doc, passages: passages.len() }))
}

/// The article's events: an `event` term per event it states, an `event_minute` value per timed
/// one (its code's and the any-event code 0), and the `fact_spans` fast field (each fact of the
/// text with its evidence as token positions, for the passages of `event:` and the event boost).
/// Only sure facts count.
fn add_events(f: &Fields, doc: &mut TantivyDocument, tokens: &Tokens, found: &[Fact], bytes: &mut Vec<u8>) {
    let mut names: Vec<&str> = Vec::new();
    let mut minutes: Vec<u64> = Vec::new();
    let mut spans: Vec<FactSpan> = Vec::new();
    for fact in found.iter().filter(|x| x.confidence >= facts::SURE) {
        let minute = fact.minute.filter(|m| m.is_exact() || matches!(m, facts::Minute::Stoppage { .. }));
        let minute = minute.map(|m| m.order());
        for e in fact.events() {
            let Some(code) = facts::event_code(e) else { continue };
            names.push(e);
            if let Some(m) = minute {
                minutes.push(code as u64 * MINUTE_SPAN + m as u64);
                minutes.push(m as u64);
            }
            if fact.passage.is_some() {
                let start = tokens.tokens.partition_point(|t| (t.end as usize) <= fact.range.start);
                let end = tokens.tokens.partition_point(|t| (t.start as usize) < fact.range.end);
                spans.push(FactSpan { code, minute, start: start as u32, end: end.max(start + 1) as u32 });
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    for e in names {
        doc.add_text(f.event, e);
    }
    minutes.sort_unstable();
    minutes.dedup();
    for m in minutes {
        doc.add_u64(f.event_minute, m);
    }
    bytes.clear();
    encode_fact_spans(&spans, bytes);
    doc.add_bytes(f.fact_spans, bytes);
}

/// The article's units as `unit_spans` values ([`encode_units`]): each passage and each quote
/// part (in the record's order) as body token positions, so that `quote` finds the units that
/// could hold its words from the body's positions, without the record.
fn add_units(f: &Fields, doc: &mut TantivyDocument, tokens: &Tokens, passages: &[Passage], found: &[Quote]) {
    let passages: Vec<[u32; 2]> =
        passages.iter().map(|p| [p.tokens.start as u32, p.tokens.end as u32]).collect();
    let quotes: Vec<Vec<[u32; 2]>> = found
        .iter()
        .map(|q| {
            q.parts
                .iter()
                .map(|r| {
                    let start = tokens.tokens.partition_point(|t| (t.end as usize) <= r.start);
                    let end = tokens.tokens.partition_point(|t| (t.start as usize) < r.end).max(start);
                    [start as u32, end as u32]
                })
                .collect()
        })
        .collect();
    let mut values = Vec::new();
    encode_units(&passages, &quotes, &mut values);
    values.into_iter().for_each(|v| doc.add_u64(f.unit_spans, v));
}

fn quote_record(text: &str, q: &Quote, at: &impl Fn(usize) -> u32) -> QuoteRecord {
    QuoteRecord {
        start: at(q.range.start),
        end: at(q.range.end),
        parts: q.parts.iter().map(|r| [at(r.start), at(r.end)]).collect(),
        text: q.text(text),
        speaker: q.speaker.as_ref().map(|s| s.name.clone()),
        speaker_id: q.speaker.as_ref().and_then(|s| s.id.clone()),
        via: q.speaker.as_ref().map(|s| s.via),
        cue: q.cue.as_ref().and_then(|c| text.get(c.clone())).map(str::to_string),
    }
}

fn fact_record(f: Fact, title: Option<&str>, at: &impl Fn(usize) -> u32) -> FactRecord {
    let (char_start, char_end) = match (f.passage, title) {
        (Some(_), _) => (at(f.range.start), at(f.range.end)),
        (None, Some(title)) => {
            let count = |b: usize| title.get(..b).map_or(0, |s| s.chars().count()) as u32;
            (count(f.range.start), count(f.range.end))
        }
        (None, None) => (0, 0),
    };
    FactRecord {
        kind: f.kind,
        start: f.range.start as u32,
        end: f.range.end as u32,
        char_start,
        char_end,
        passage: f.passage.map(|p| p as u32),
        minute: f.minute,
        confidence: f.confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::{read_file, InputFile};
    use crate::ingest::{Item, OutletTable};

    fn article(title: &str, body: &str) -> Article {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, serde_json::json!({"id": "a", "title": title, "body": body}).to_string())
            .unwrap();
        let file = InputFile { path, rel: "a.jsonl".into() };
        let mut items = Vec::new();
        read_file(&file, &OutletTable::builtin(), &mut |item| items.push(item));
        match items.pop() {
            Some(Item::Article(a)) => a,
            other => panic!("{other:?}"),
        }
    }

    /// The body values of the document built for `title` and `body`.
    fn body_values(title: &str, body: &str) -> Vec<String> {
        let fields = Fields::from_schema(&super::super::schema::build()).unwrap();
        let built =
            build(&fields, &article(title, body), jiff::Timestamp::UNIX_EPOCH, None, &mut Scratch::default())
                .unwrap()
                .unwrap();
        use tantivy::schema::Value;
        built.doc.get_all(fields.body).filter_map(|v| v.as_str().map(str::to_string)).collect()
    }

    #[test]
    fn the_title_counts_once_in_the_body() {
        // A title apart from the text: the body holds the text, then the title.
        let v = body_values("Harbour City win late on", "Harbour City beat Eastvale 2-1 on Saturday.");
        assert_eq!(v, ["Harbour City beat Eastvale 2-1 on Saturday.", "Harbour City win late on"]);
        // A text that opens with its headline (case and punctuation aside): not twice.
        let v = body_values(
            "Harbour City win late on",
            "HARBOUR CITY WIN LATE ON\n\nHarbour City beat Eastvale.",
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(!opens_with(&Tokens::new("Harbour City win"), "Harbour City win late on"));
    }
}
