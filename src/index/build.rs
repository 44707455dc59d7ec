//! An indexing run, as named stages reported to a [`Progress`]:
//!
//! 1. **discover**: expand the command-line paths into files (missing paths are noted);
//! 2. **index**: a reader thread reads files into articles while this thread splits each
//!    article into passages and hands them to tantivy's indexing threads (upserting by article
//!    id, so indexing the same input twice replaces rather than duplicates);
//! 3. **commit**: one commit for the whole run. Until it succeeds the index stays at its last
//!    good commit; a failure anywhere before drops the writer, which rolls everything back.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::schema::{entity_facet, ArticleMeta, EntityTable, QuoteRecord, StoredEntity, FLAG_QUOTE};
use super::PressIndex;
use crate::analysis;
use crate::analysis::entities::{EntityKind, Gazetteer, Role, Tagger};
use crate::analysis::quotes::{PersonMention, Quote, SpeakerVia};
use crate::ingest::{self, Article, Item, OutletTable, Skipped};

/// What to index and how.
pub struct BuildOptions {
    pub paths: Vec<PathBuf>,
    pub outlets: OutletTable,
    /// Tags entities (and resolves quote speakers to them); `None` skips tagging.
    pub tagger: Option<Tagger>,
    /// tantivy indexing threads.
    pub threads: usize,
    /// Memory budget of the writer, all threads together.
    pub heap_bytes: usize,
}

impl BuildOptions {
    /// Defaults sized for a small machine: two indexing threads, 256 MB; entities tagged with
    /// the built-in gazetteer.
    pub fn new(paths: Vec<PathBuf>, outlets: OutletTable) -> Self {
        let tagger = Some(Tagger::new(&Gazetteer::builtin()));
        BuildOptions { paths, outlets, tagger, threads: 2, heap_bytes: 256 << 20 }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    pub files: usize,
    pub articles: usize,
    pub passages: usize,
    /// Bytes of article text indexed.
    pub text_bytes: u64,
    pub skipped: Vec<Skipped>,
    /// Command-line paths that do not exist.
    pub missing: Vec<String>,
    pub seconds: f64,
}

/// The stages of a run, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Discover,
    Index,
    Commit,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Discover => "discover",
            Stage::Index => "index",
            Stage::Commit => "commit",
        }
    }
}

/// Receives progress; the CLI draws a bar from it, tests ignore it.
pub trait Progress: Sync {
    /// A stage begins; `total` is its number of steps when known (files for `Index`).
    fn stage(&self, stage: Stage, total: Option<u64>);
    /// One step of the current stage is done; `articles` is the running article count.
    fn step(&self, articles: usize);
    /// The run is over.
    fn finish(&self);
}

/// A [`Progress`] that reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: Stage, _: Option<u64>) {}
    fn step(&self, _: usize) {}
    fn finish(&self) {}
}

enum Msg {
    Item(Item),
    FileDone,
}

/// Runs the stages above against `index`.
pub fn run(index: &PressIndex, opts: &BuildOptions, progress: &dyn Progress) -> anyhow::Result<BuildReport> {
    let started = Instant::now();
    let mut report = BuildReport::default();

    progress.stage(Stage::Discover, None);
    let (files, missing) = ingest::discover(&opts.paths);
    report.files = files.len();
    report.missing = missing.iter().map(|m| m.0.display().to_string()).collect();

    let mut writer = index.writer(opts.threads, opts.heap_bytes)?;
    progress.stage(Stage::Index, Some(files.len() as u64));
    let (tx, rx) = mpsc::sync_channel::<Msg>(512);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let outlets = &opts.outlets;
        let files = &files;
        scope.spawn(move || {
            for file in files {
                let mut emit = |item: Item| {
                    let _ = tx.send(Msg::Item(item));
                };
                ingest::read_file(file, outlets, &mut emit);
                if tx.send(Msg::FileDone).is_err() {
                    return;
                }
            }
        });
        for msg in rx {
            match msg {
                Msg::FileDone => progress.step(report.articles),
                Msg::Item(Item::Skipped(s)) => report.skipped.push(s),
                Msg::Item(Item::Article(article)) => {
                    match add_article(index, &writer, &article, opts.tagger.as_ref())? {
                        0 => report.skipped.push(Skipped {
                            source: article.source.clone(),
                            reason: "no text to index".into(),
                        }),
                        n => {
                            report.articles += 1;
                            report.passages += n;
                            report.text_bytes += article.text.len() as u64;
                        }
                    }
                }
            }
        }
        Ok(())
    })?;

    progress.stage(Stage::Commit, None);
    commit(&mut writer)?;
    progress.finish();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn commit(writer: &mut IndexWriter<TantivyDocument>) -> anyhow::Result<()> {
    writer.commit().context("cannot commit the index")?;
    Ok(())
}

/// Replaces any earlier version of `article` with its passages; returns how many were added.
pub fn add_article(
    index: &PressIndex,
    writer: &IndexWriter<TantivyDocument>,
    article: &Article,
    tagger: Option<&Tagger>,
) -> anyhow::Result<usize> {
    let f = index.fields;
    let text = &article.text;
    let passages = analysis::passages(text);
    writer.delete_term(Term::from_field_text(f.article_id, &article.id));
    if passages.is_empty() {
        return Ok(0);
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
    let quotes = analysis::quotes::extract_quotes(text, &people);
    let offsets = passages
        .iter()
        .flat_map(|p| [p.range.start, p.range.end])
        .chain(quotes.iter().flat_map(|q| q.parts.iter().flat_map(|r| [r.start, r.end])))
        .chain(quotes.iter().flat_map(|q| [q.range.start, q.range.end]))
        .chain(tagged.mentions.iter().flat_map(|m| [m.range.start, m.range.end]))
        .collect();
    let chars = CharMap::new(text, offsets);
    let records: Vec<QuoteRecord> = quotes.iter().map(|q| quote_record(text, q, &chars)).collect();
    let table = EntityTable {
        entities: tagged
            .entities
            .iter()
            .map(|e| StoredEntity {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.as_str().to_string(),
                role: e.role.map(|r| role_name(r).to_string()),
            })
            .collect(),
        mentions: tagged
            .mentions
            .iter()
            .map(|m| [m.entity, chars.at(m.range.start), chars.at(m.range.end)])
            .collect(),
    };

    let mut prev_end = 0;
    let last = passages.len() - 1;
    for (ordinal, p) in passages.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.article_id, &article.id);
        doc.add_u64(f.ordinal, ordinal as u64);
        doc.add_u64(f.start, chars.at(p.range.start) as u64);
        doc.add_u64(f.end, chars.at(p.range.end) as u64);
        doc.add_text(f.pre, &text[prev_end..p.range.start]);
        if ordinal == last && p.range.end < text.len() {
            doc.add_text(f.post, &text[p.range.end..]);
        }
        doc.add_text(f.body, &text[p.range.clone()]);
        if let Some(outlet) = &article.outlet {
            doc.add_text(f.outlet, outlet);
        }
        doc.add_facet(f.outlet_facet, super::schema::outlet_facet(article.outlet.as_deref()));
        if ordinal == 0 {
            let meta = ArticleMeta {
                id: article.id.clone(),
                outlet: article.outlet.clone(),
                outlet_source: article.outlet_source.as_str().to_string(),
                title: article.title.clone(),
                url: article.url.clone(),
                date: article.date.clone(),
                source: article.source.clone(),
            };
            doc.add_text(f.meta, serde_json::to_string(&meta)?);
            if !table.entities.is_empty() {
                doc.add_text(f.entity_table, serde_json::to_string(&table)?);
            }
        }
        let mut mentioned: Vec<usize> = tagged
            .mentions
            .iter()
            .filter(|m| m.range.start < p.range.end && p.range.start < m.range.end)
            .map(|m| m.entity)
            .collect();
        mentioned.sort_unstable();
        mentioned.dedup();
        for &e in &mentioned {
            let entity = &tagged.entities[e];
            doc.add_facet(f.entity, entity_facet(&entity.id));
            doc.add_u64(f.entity_refs, e as u64);
        }
        let overlapping: Vec<&QuoteRecord> = quotes
            .iter()
            .zip(&records)
            .filter(|(q, _)| q.range.start < p.range.end && p.range.start < q.range.end)
            .map(|(_, r)| r)
            .collect();
        if !overlapping.is_empty() {
            for r in &overlapping {
                if let Some(name) = &r.speaker {
                    doc.add_text(f.speaker, name);
                }
            }
            if quotes.iter().any(|q| p.range.contains(&q.range.start)) {
                doc.add_text(f.flags, FLAG_QUOTE);
            }
            doc.add_text(f.quotes, serde_json::to_string(&overlapping)?);
        }
        writer.add_document(doc).context("cannot add a passage to the index")?;
        prev_end = p.range.end;
    }
    Ok(passages.len())
}

fn quote_record(text: &str, q: &Quote, chars: &CharMap) -> QuoteRecord {
    QuoteRecord {
        start: chars.at(q.range.start),
        end: chars.at(q.range.end),
        parts: q.parts.iter().map(|r| [chars.at(r.start), chars.at(r.end)]).collect(),
        text: q.text(text),
        speaker: q.speaker.as_ref().map(|s| s.name.clone()),
        speaker_id: q.speaker.as_ref().and_then(|s| s.id.clone()),
        via: q.speaker.as_ref().map(|s| via_name(s.via).to_string()),
        cue: q.cue.as_ref().and_then(|c| text.get(c.clone())).map(str::to_string),
    }
}

/// The stored name of a person's role.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Player => "player",
        Role::Manager => "manager",
        Role::Referee => "referee",
        Role::Coach => "coach",
        Role::Official => "official",
    }
}

/// The stored name of how a speaker was found.
pub fn via_name(via: SpeakerVia) -> &'static str {
    match via {
        SpeakerVia::CueAfter => "cue_after",
        SpeakerVia::CueBefore => "cue_before",
        SpeakerVia::Colon => "colon",
        SpeakerVia::AccordingTo => "according_to",
        SpeakerVia::Pronoun => "pronoun",
        SpeakerVia::Continuation => "continuation",
        SpeakerVia::Apposition => "apposition",
    }
}

/// Unicode character offsets of a chosen set of byte offsets, found in one pass over the text.
struct CharMap<'a> {
    text: &'a str,
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl<'a> CharMap<'a> {
    fn new(text: &'a str, mut bytes: Vec<usize>) -> Self {
        bytes.sort_unstable();
        bytes.dedup();
        let mut chars = Vec::with_capacity(bytes.len());
        let (mut at_byte, mut at_char) = (0, 0);
        for &b in &bytes {
            at_char += text.get(at_byte..b).map_or(0, |s| s.chars().count());
            at_byte = b;
            chars.push(at_char);
        }
        CharMap { text, bytes, chars }
    }

    /// The character offset of byte offset `byte` (one of those given to `new`, or counted).
    fn at(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.chars[i],
            Err(_) => self.text.get(..byte).map_or(0, |s| s.chars().count()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CharMap;

    #[test]
    fn char_map_counts_characters_not_bytes() {
        let text = "Tchouaméni’s goal";
        let goal = text.find("goal").unwrap();
        let c = CharMap::new(text, vec![text.len(), goal, 0]);
        assert_eq!(c.at(goal), 13);
        assert_eq!(c.at(text.len()), 17);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(goal - 1), 12, "offsets not given up front are counted");
    }
}
