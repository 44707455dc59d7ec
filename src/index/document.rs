//! One article into one tantivy document: the article is tokenised once ([`Tokens`]), and
//! every extractor (passages, entities, quotes, the body's terms) reads that one pass.
//!
//! The body reaches tantivy pre-tokenised: each word's stem comes from its folded form in
//! [`Tokens`] through a per-thread [`StemCache`], at the word's position, so the index holds
//! exactly the words the text layer saw and positions are token indices (which the passage
//! bounds in [`Fields::bounds`] refer to).

use tantivy::schema::Facet;
use tantivy::tokenizer::{PreTokenizedString, Token as TantivyToken};
use tantivy::TantivyDocument;

use super::analyzer::{indexed_len, StemCache};
use super::record::{ArticleMeta, ArticleRecord, MentionRecord, PassageRecord, QuoteRecord, StoredEntity};
use super::schema::{encode_bounds, entity_facet, outlet_facet, Fields};
use crate::analysis::entities::{EntityKind, Tagger};
use crate::analysis::quotes::{self, PersonMention, Quote};
use crate::ingest::Article;
use crate::text::{CharIndex, Tokens};

/// Largest article text indexed, in bytes; a longer one is skipped with this reason, so that
/// one giant record cannot hold the run up (every stage is linear, but 100 MB is not an article).
pub const MAX_ARTICLE_BYTES: usize = 16 << 20;

/// What one worker thread keeps between articles.
#[derive(Default)]
pub struct Scratch {
    pub stems: StemCache,
    bounds: Vec<u8>,
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

/// Builds the document of `article`.
pub fn build(
    fields: &Fields,
    article: &Article,
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
    let people: Vec<PersonMention> = tagged
        .mentions
        .iter()
        .filter(|m| tagged.entities[m.entity].kind == EntityKind::Person)
        .map(|m| PersonMention {
            range: m.range.clone(),
            id: tagged.entities[m.entity].id.clone(),
            name: tagged.entities[m.entity].name.clone(),
        })
        .collect();
    let found = quotes::extract_quotes(text, &people);
    let chars = CharIndex::new(text);
    let at = |b: usize| chars.char_at(b) as u32;

    let f = fields;
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &article.id);
    if let Some(title) = &article.title {
        doc.add_text(f.title, title);
    }
    let title_tokens = article.title.as_deref().map(Tokens::new);
    doc.add_pre_tokenized_text(f.body, body_tokens(&tokens, title_tokens.as_ref(), &mut scratch.stems));
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
    doc.add_u64(f.passages, passages.len() as u64);
    scratch.bounds.clear();
    let starts = passages.iter().map(|p| p.tokens.start as u32);
    let end = passages.last().map(|p| p.tokens.end as u32);
    encode_bounds(starts.chain(end), &mut scratch.bounds);
    doc.add_bytes(f.bounds, &scratch.bounds);

    let record = ArticleRecord {
        meta: ArticleMeta {
            id: article.id.clone(),
            outlet: article.outlet.clone(),
            outlet_source: article.outlet_source,
            title: article.title.clone(),
            url: article.url.clone(),
            date: article.date.clone(),
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
    };
    doc.add_bytes(f.record, &record.encode()?);
    Ok(Ok(Built { doc, passages: passages.len() }))
}

/// Positions between the body's last word and the title's first, so no phrase spans both.
const TITLE_GAP: usize = 16;

/// The body's terms: each indexed word's stem at its token position; then the title's words,
/// after the body (BM25 over the body counts the title too, as one field of title and text;
/// passage bounds end before them).
fn body_tokens(tokens: &Tokens, title: Option<&Tokens>, stems: &mut StemCache) -> PreTokenizedString {
    let mut out = Vec::with_capacity(tokens.len() + title.map_or(0, Tokens::len));
    let mut push = |t: &Tokens, base: usize, offsets: bool| {
        for (i, k) in t.tokens.iter().enumerate() {
            let word = t.word(i);
            if !indexed_len((k.end - k.start) as usize) || word.is_empty() {
                continue;
            }
            let (from, to) = if offsets { (k.start as usize, k.end as usize) } else { (0, 0) };
            out.push(TantivyToken {
                offset_from: from,
                offset_to: to,
                position: base + i,
                text: stems.stem(word).to_string(),
                position_length: 1,
            });
        }
    };
    push(tokens, 0, true);
    if let Some(title) = title {
        push(title, tokens.len() + TITLE_GAP, false);
    }
    PreTokenizedString { text: String::new(), tokens: out }
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
