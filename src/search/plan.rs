//! From a parsed query to a tantivy query, in one of the fallback modes.
//!
//! Each word goes through the index's own analyzer, so the query meets the index's terms. In
//! the typo-tolerant modes a word becomes its term *or* the indexed terms within a small edit
//! distance of it, found by running tantivy's Levenshtein automaton over each segment's term
//! dictionary. Expanding explicitly (rather than with `FuzzyTermQuery`, which scores every
//! expansion the same) keeps BM25 scoring and tells the highlighter which words matched.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::bm25::{Bm25Params, Bm25TermQuery};
use super::prune::{PlainQuery, PrunedQuery};
use super::query::{DateRange, Node};
use super::stats::TermStats;
use crate::analysis::entities::{unknown_id, Tagger};
use crate::analysis::facts;
use crate::index::analyzer::PressboxTokenizer;
use crate::index::schema::{entity_facet, FactSpan, MINUTE_SPAN};
use crate::index::Fields;

/// Which fallback answered a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every word (or phrase) is required.
    All,
    /// Every word is required, each allowing a typo or two.
    Fuzzy,
    /// Any word will do.
    Any,
    /// Any word will do, typos allowed.
    AnyFuzzy,
}

impl Mode {
    /// The order in which modes are tried.
    pub const FALLBACKS: [Mode; 4] = [Mode::All, Mode::Fuzzy, Mode::Any, Mode::AnyFuzzy];

    pub fn name(self) -> &'static str {
        match self {
            Mode::All => "all",
            Mode::Fuzzy => "fuzzy",
            Mode::Any => "any",
            Mode::AnyFuzzy => "any_fuzzy",
        }
    }

    fn fuzzy(self) -> bool {
        matches!(self, Mode::Fuzzy | Mode::AnyFuzzy)
    }

    fn required(self) -> bool {
        matches!(self, Mode::All | Mode::Fuzzy)
    }
}

/// What the highlighter and the proximity ranking need to know about the query.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// One entry per positive word: the terms that count as that word (itself and its typo
    /// expansions).
    pub words: Vec<Vec<String>>,
    /// One entry per positive phrase: its terms in order.
    pub phrases: Vec<Vec<String>>,
}

impl Targets {
    /// Every term worth looking at in a passage.
    pub fn all_terms(&self) -> HashSet<&str> {
        self.words.iter().chain(self.phrases.iter()).flatten().map(String::as_str).collect()
    }

    /// How many distinct things the query asks for (words and phrases).
    pub fn units(&self) -> usize {
        self.words.len() + self.phrases.len()
    }
}

/// What a query word (or phrase) was planned to match, in the order the query names them
/// (serialised for a front, which says how the words matched the merged hits).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WordPlan {
    /// As typed (a phrase: its words).
    pub typed: String,
    pub kind: WordKind,
    /// Its term(s) after analysis (a phrase or `world-class`: all of them, in order).
    pub terms: Vec<String>,
    /// Typo or prefix expansions: other indexed terms that count as the word.
    pub expansions: Vec<String>,
    /// The index holds the word's own term.
    pub known: bool,
    /// Required by this plan (all words required, or `+word`), so every answer holds it.
    pub required: bool,
}

/// How a query word is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WordKind {
    Word,
    Prefix,
    Phrase,
}

/// A tantivy query for one mode, with its highlight targets; `fuzzy_used` says whether any
/// word was actually expanded (a typo mode that expands nothing is not worth running).
pub struct Plan {
    pub query: Box<dyn Query>,
    pub targets: Targets,
    /// Words and phrases after a `-`: a passage holding one is not shown.
    pub negatives: Targets,
    /// Every positive word is required (all or fuzzy mode, no `OR`): a shown passage should
    /// hold them all when its article has such a passage.
    pub conjunctive: bool,
    pub fuzzy_used: bool,
    /// The positive words and phrases, in query order.
    pub words: Vec<WordPlan>,
}

/// Largest typo distance allowed for a word of `chars` characters, as Meilisearch does: none
/// under 5 letters (`Kane` never becomes `Kate`), one from 5, two from 9.
fn max_distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Weight of a word's BM25 in the title field, added to its BM25 in the body (where the title
/// counts once, as text): a title that names the query's words ranks its article higher.
/// Chosen on the SciFact train judgements (nDCG@10, default modes: 0.6956 without, 0.6967 at
/// 0.25, 0.6934 at 0.5, 0.6777 at 1.0; the title out of the body at 1.0: 0.6811).
pub const TITLE_WEIGHT: f32 = 0.25;
/// BM25 parameters of a word's score in the body and in the title ([`Bm25TermQuery`]): long
/// texts weigh less than with tantivy's b = 0.75. Chosen on the SciFact train judgements
/// (nDCG@10 / Recall@100, default modes): 0.6987 / 0.9332 at tantivy's 1.2 / 0.75, 0.6985 /
/// 0.9320 at Anserini's BEIR 0.9 / 0.4, 0.6990 / 0.9301 at 1.2 / 0.4, 0.7003 / 0.9326 at 1.2 / 0.9.
pub const ARTICLE_BM25: Bm25Params = Bm25Params { k1: 1.2, b: 0.9 };
/// Most typo expansions kept per word (the most frequent ones).
const MAX_EXPANSIONS: usize = 8;
/// Weight of a typo expansion relative to the exact word.
const EXPANSION_BOOST: f32 = 0.8;
/// Most terms a `word*` prefix expands to (the most frequent ones).
pub const MAX_PREFIX_EXPANSIONS: usize = 32;
/// Most dictionary terms read per segment for one prefix (bounds `a*` on a large index).
const MAX_PREFIX_SCAN: usize = 50_000;

/// Builds queries against one searcher's view of the index.
pub struct Planner<'a> {
    pub searcher: &'a Searcher,
    pub fields: Fields,
    pub outlets: &'a [String],
    /// Entities every article must mention.
    pub entities: &'a [String],
    pub tagger: &'a Tagger,
    /// Entity ids the query names: articles tagged with them rank higher.
    pub boost_entities: Vec<String>,
    /// Publication dates every article must fall in (`--since`, `--until`).
    pub dates: DateRange,
    /// A shard's search for a front: whether a word is known and what it expands to are
    /// read from the statistics of all shards ([`TermStats`]), as one index would decide.
    pub global: Option<&'a TermStats>,
}

impl Planner<'_> {
    /// The query for `node` in `mode`, with `--outlet` filters applied.
    pub fn plan(&self, node: &Node, mode: Mode) -> anyhow::Result<Plan> {
        let mut ctx = Ctx::new(mode);
        let main = self.node(node, &mut ctx)?.unwrap_or_else(|| Box::new(EmptyQuery));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        if let Some(filter) = any_name(self.fields.outlet, self.outlets) {
            clauses.push((Occur::Must, filter));
        }
        for name in self.entities {
            clauses.push((Occur::Must, Box::new(BoostQuery::new(self.entity_filter(name), 0.0))));
        }
        if !self.dates.is_open() {
            clauses.push((Occur::Must, self.date_filter(self.dates)));
        }
        for id in &self.boost_entities {
            let q = TermQuery::new(
                Term::from_facet(self.fields.entity, &entity_facet(id)),
                IndexRecordOption::Basic,
            );
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(q), crate::search::ENTITY_WEIGHT)),
            ));
        }
        let exact: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        // Plain words with no filter: the same scores, with a top-k that prunes.
        let filtered = !self.outlets.is_empty() || !self.entities.is_empty() || !self.dates.is_open();
        let query: Box<dyn Query> = match plain_words(node, &ctx) {
            // Any word of a long query: MaxScore's per-word bounds let it skip next to nothing
            // there, and its bookkeeping cost more than it saved (README, Measured).
            Some(words)
                if !filtered
                    && pruning()
                    && (mode.required() || words.len() < crate::search::LONG_QUERY_WORDS) =>
            {
                Box::new(PrunedQuery::new(PlainQuery {
                    exact,
                    body: self.fields.body,
                    title: self.fields.title,
                    words,
                    all: mode.required(),
                    params: ARTICLE_BM25,
                    title_weight: TITLE_WEIGHT,
                    boosts: self
                        .boost_entities
                        .iter()
                        .map(|id| Term::from_facet(self.fields.entity, &entity_facet(id)))
                        .collect(),
                    boost: crate::search::ENTITY_WEIGHT,
                }))
            }
            _ => exact,
        };
        Ok(Plan {
            query,
            targets: ctx.targets,
            negatives: ctx.negatives,
            conjunctive: mode.required() && !has_or(node),
            fuzzy_used: ctx.fuzzy_used,
            words: ctx.words,
        })
    }

    fn node(&self, node: &Node, ctx: &mut Ctx) -> anyhow::Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Word(w) => self.words(w, ctx, false)?,
            Node::Phrase(p) => self.words(p, ctx, true)?,
            Node::Prefix(p) => self.prefix(p, ctx)?,
            Node::Date(r) => Some(self.date_filter(*r)),
            Node::Must(inner) => {
                let was = std::mem::replace(&mut ctx.must, true);
                let q = self.node(inner, ctx)?;
                ctx.must = was;
                q
            }
            Node::Field(field, value) => {
                // A filter, not scored. The parser admits only the fields below.
                let filter = match field.as_str() {
                    "speaker" => name_query(self.fields.speaker, value),
                    "entity" => self.entity_filter(value),
                    "event" => Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.event, value),
                        IndexRecordOption::Basic,
                    )),
                    "minute" => self.minute_filter(value, &ctx.events)?,
                    _ => name_query(self.fields.outlet, value),
                };
                Some(Box::new(BoostQuery::new(filter, 0.0)))
            }
            Node::Not(inner) => {
                // Exclusions are exact and never feed highlights. A field exclusion drops
                // articles; a word or phrase drops the passages that hold it (see `rank`).
                let mut quiet = Ctx::new(Mode::All);
                let q = self.node(inner, &mut quiet)?;
                if matches!(**inner, Node::Field(..) | Node::Date(_)) {
                    q
                } else {
                    ctx.negatives.words.extend(quiet.targets.words);
                    ctx.negatives.phrases.extend(quiet.targets.phrases);
                    None
                }
            }
            Node::And(parts) => {
                let mut clauses = Vec::new();
                let codes: Vec<u8> = parts.iter().filter_map(event_code_of).collect();
                let outer = std::mem::replace(&mut ctx.events, codes);
                for part in parts {
                    let occur = match part {
                        Node::Not(_) => Occur::MustNot,
                        Node::Field(..) | Node::Date(_) | Node::Must(_) => Occur::Must,
                        _ if ctx.mode.required() => Occur::Must,
                        _ => Occur::Should,
                    };
                    match self.node(part, ctx)? {
                        Some(q) => clauses.push((occur, q)),
                        // A required word that cannot match makes the whole AND unmatchable.
                        None if occur == Occur::Must => {
                            ctx.events = outer;
                            return Ok(Some(Box::new(EmptyQuery)));
                        }
                        None => {}
                    }
                }
                ctx.events = outer;
                if clauses.is_empty() {
                    None
                } else {
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
            Node::Or(alts) => {
                let mut clauses = Vec::new();
                let was = std::mem::replace(&mut ctx.alternative, true);
                for alt in alts {
                    if let Some(q) = self.node(alt, ctx)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                ctx.alternative = was;
                if clauses.is_empty() {
                    None
                } else {
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
        })
    }

    /// Passages that mention the entity `name`: by id when a gazetteer knows the name (any
    /// alias, case or accent), else by the id of an entity found in the text (`unknown_id`:
    /// the id as given, or `person:` and the slug of the name).
    fn entity_filter(&self, name: &str) -> Box<dyn Query> {
        let id = self.entity_id(name);
        Box::new(TermQuery::new(
            Term::from_facet(self.fields.entity, &entity_facet(&id)),
            IndexRecordOption::Basic,
        ))
    }

    /// Articles that state an event in the minutes `value` (`A..B`, as the parser wrote it): of
    /// one of `codes` when the query filters on events beside it, else of any event.
    fn minute_filter(&self, value: &str, codes: &[u8]) -> anyhow::Result<Box<dyn Query>> {
        use std::ops::Bound;
        let (a, b) = super::query::parse_minute_range(value)?;
        let any = [0u8];
        let codes = if codes.is_empty() { &any[..] } else { codes };
        let ranges: Vec<(Occur, Box<dyn Query>)> = codes
            .iter()
            .map(|&c| {
                let base = c as u64 * MINUTE_SPAN;
                let term = |m: u16| Term::from_field_u64(self.fields.event_minute, base + m as u64);
                let q: Box<dyn Query> =
                    Box::new(RangeQuery::new(Bound::Included(term(a)), Bound::Included(term(b))));
                (Occur::Should, q)
            })
            .collect();
        Ok(Box::new(BooleanQuery::new(ranges)))
    }

    /// What the query's `event:` and `minute:` filters (outside a negation or an `OR`) ask of
    /// the passages shown, and the events its words name ("Kane penalty"), to rank the passages
    /// stating them first.
    pub fn events(&self, node: &Node) -> EventFilter {
        fn walk(node: &Node, out: &mut EventFilter) {
            match node {
                Node::Field(f, v) if f == "event" => out.codes.extend(facts::event_code(v)),
                Node::Field(f, v) if f == "minute" => {
                    if let Ok((a, b)) = super::query::parse_minute_range(v) {
                        let (x, y) = out.minutes.unwrap_or((0, u16::MAX));
                        out.minutes = Some((a.max(x), b.min(y)));
                    }
                }
                Node::Word(w) | Node::Phrase(w) => {
                    for word in crate::text::key(w).split(' ') {
                        out.named
                            .extend(facts::events_named(word).iter().filter_map(|e| facts::event_code(e)));
                    }
                }
                Node::Must(inner) => walk(inner, out),
                Node::And(parts) => parts.iter().for_each(|p| walk(p, out)),
                Node::Or(alts) => {
                    // Alternatives filter nothing for sure; their words may still name events.
                    let mut inner = EventFilter::default();
                    alts.iter().for_each(|a| walk(a, &mut inner));
                    out.named.extend(inner.named);
                }
                _ => {}
            }
        }
        let mut out = EventFilter::default();
        walk(node, &mut out);
        out.codes.sort_unstable();
        out.codes.dedup();
        out.named.sort_unstable();
        out.named.dedup();
        out
    }

    /// Articles published in `r` (an unscored filter on the `published` date field).
    fn date_filter(&self, r: DateRange) -> Box<dyn Query> {
        use std::ops::Bound;
        let term = |t: jiff::Timestamp| {
            let d = tantivy::DateTime::from_timestamp_nanos(t.as_nanosecond() as i64);
            Term::from_field_date(self.fields.published, d)
        };
        let lower = r.from.map_or(Bound::Unbounded, |t| Bound::Included(term(t)));
        let upper = r.until.map_or(Bound::Unbounded, |t| Bound::Excluded(term(t)));
        Box::new(BoostQuery::new(Box::new(RangeQuery::new(lower, upper)), 0.0))
    }

    /// Whether `word` names someone or something the gazetteer knows: such a word is never
    /// "corrected" into another word.
    fn is_name(&self, word: &str) -> bool {
        word.chars().count() >= 2 && self.tagger.resolve(word).is_some()
    }

    /// The entity id a filter names.
    pub fn entity_id(&self, name: &str) -> String {
        match self.tagger.resolve(name) {
            Some(e) => e.id.clone(),
            None => unknown_id(name),
        }
    }

    /// The ids of every entity the query and the options require (`--entity`, `entity:`
    /// outside a negation), so that shown passages can be the ones that mention them.
    pub fn required_entities(&self, node: &Node) -> Vec<String> {
        fn walk(node: &Node, out: &mut Vec<String>) {
            match node {
                Node::Field(f, v) if f == "entity" => out.push(v.clone()),
                Node::And(parts) => parts.iter().for_each(|p| walk(p, out)),
                _ => {}
            }
        }
        let mut names: Vec<String> = self.entities.to_vec();
        walk(node, &mut names);
        let mut ids: Vec<String> = names.iter().map(|n| self.entity_id(n)).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// A word (which may analyse into several terms, like `world-class`) or a quoted phrase.
    fn words(&self, text: &str, ctx: &mut Ctx, phrase: bool) -> anyhow::Result<Option<Box<dyn Query>>> {
        let terms: Vec<String> = ctx.tok.terms(text).into_iter().map(|(t, _, _)| t).collect();
        let required = ctx.required();
        match terms.len() {
            0 => Ok(None),
            1 => {
                let term = terms.into_iter().next().unwrap_or_default();
                let mut alternatives = vec![term.clone()];
                let known = self.known(&term)?;
                let query: Box<dyn Query> = if ctx.mode.fuzzy() && !phrase && !known && !self.is_name(text) {
                    let expansions = self.expand(&term)?;
                    if !expansions.is_empty() {
                        ctx.fuzzy_used = true;
                    }
                    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                        vec![(Occur::Should, self.term_query(&term))];
                    for e in expansions {
                        clauses.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(self.term_query(&e), EXPANSION_BOOST)),
                        ));
                        alternatives.push(e);
                    }
                    Box::new(BooleanQuery::new(clauses))
                } else {
                    self.term_query(&term)
                };
                ctx.words.push(WordPlan {
                    typed: text.to_string(),
                    kind: if phrase { WordKind::Phrase } else { WordKind::Word },
                    terms: vec![term],
                    expansions: alternatives[1..].to_vec(),
                    known,
                    required,
                });
                ctx.targets.words.push(alternatives);
                Ok(Some(query))
            }
            _ => {
                let q = PhraseQuery::new(
                    terms.iter().map(|t| Term::from_field_text(self.fields.body, t)).collect(),
                );
                let known = self.searcher.search(&q, &tantivy::collector::Count).unwrap_or(0) > 0;
                ctx.words.push(WordPlan {
                    typed: text.to_string(),
                    kind: WordKind::Phrase,
                    terms: terms.clone(),
                    expansions: Vec::new(),
                    known,
                    required,
                });
                let in_title = PhraseQuery::new(
                    terms.iter().map(|t| Term::from_field_text(self.fields.title, t)).collect(),
                );
                ctx.targets.phrases.push(terms);
                Ok(Some(self.with_title(Box::new(q), Box::new(in_title))))
            }
        }
    }

    /// `word*`: the most frequent indexed terms that start with the word (folded) or with its
    /// stem, read from each segment's term dictionary in order and bounded.
    fn prefix(&self, text: &str, ctx: &mut Ctx) -> anyhow::Result<Option<Box<dyn Query>>> {
        let required = ctx.required();
        let folded = crate::text::fold(text.trim());
        let found = match self.global.and_then(|g| g.prefixes.get(&folded)) {
            Some(found) => found.clone(),
            None => self.prefix_candidates(text)?,
        };
        let mut found: Vec<(String, u64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let expansions: Vec<String> = found.into_iter().take(MAX_PREFIX_EXPANSIONS).map(|(t, _)| t).collect();
        ctx.words.push(WordPlan {
            typed: format!("{text}*"),
            kind: WordKind::Prefix,
            terms: vec![folded],
            expansions: expansions.clone(),
            known: !expansions.is_empty(),
            required,
        });
        if expansions.is_empty() {
            return Ok(None);
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> =
            expansions.iter().map(|t| (Occur::Should, self.term_query(t))).collect();
        ctx.targets.words.push(expansions);
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// Whether the index holds `term` in a body or a title: only unknown words get typo
    /// expansions.
    fn known(&self, term: &str) -> anyhow::Result<bool> {
        if let Some(known) = self.global.and_then(|g| g.known(&self.fields, self.searcher, term)) {
            return Ok(known);
        }
        let body = self.searcher.doc_freq(&Term::from_field_text(self.fields.body, term))?;
        let title = self.searcher.doc_freq(&Term::from_field_text(self.fields.title, term))?;
        Ok(body + title > 0)
    }

    /// The indexed terms `word*` may stand for, with their document frequencies: those
    /// starting with the word (folded) or with its stem (bounded per segment).
    pub fn prefix_candidates(&self, text: &str) -> anyhow::Result<BTreeMap<String, u64>> {
        let folded = crate::text::fold(text.trim());
        let mut starts = vec![folded.clone()];
        if let Some((stem, _, _)) = PressboxTokenizer::english().terms(text).into_iter().next() {
            if !folded.starts_with(&stem) {
                starts.push(stem);
            }
        }
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        for start in &starts {
            for segment in self.searcher.segment_readers() {
                let inverted = segment.inverted_index(self.fields.body)?;
                let mut stream = inverted.terms().range().ge(start.as_bytes()).into_stream()?;
                let mut read = 0;
                while read < MAX_PREFIX_SCAN && stream.advance() {
                    read += 1;
                    if !stream.key().starts_with(start.as_bytes()) {
                        break;
                    }
                    if let Ok(t) = std::str::from_utf8(stream.key()) {
                        *found.entry(t.to_string()).or_default() += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        Ok(found)
    }

    /// A word's query: its BM25 ([`ARTICLE_BM25`]) in the body (which holds the title once)
    /// plus [`TITLE_WEIGHT`] times its BM25 in the title on its own.
    fn term_query(&self, term: &str) -> Box<dyn Query> {
        let body: Box<dyn Query> =
            Box::new(Bm25TermQuery::new(Term::from_field_text(self.fields.body, term), ARTICLE_BM25));
        let title = Bm25TermQuery::new(Term::from_field_text(self.fields.title, term), ARTICLE_BM25);
        self.with_title(body, Box::new(title))
    }

    /// `body` (the query in the body field) scored with [`TITLE_WEIGHT`] times `title` (the
    /// same in the title field) added; the title is in the body too, so it matches nothing more.
    fn with_title(&self, body: Box<dyn Query>, title: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, body),
            (Occur::Should, Box::new(BoostQuery::new(title, TITLE_WEIGHT))),
        ]))
    }

    /// Indexed terms within the allowed edit distance of `term` (not `term` itself), the most
    /// frequent first.
    fn expand(&self, term: &str) -> anyhow::Result<Vec<String>> {
        let distance = max_distance(term.chars().count());
        if distance == 0 {
            return Ok(Vec::new());
        }
        let found = match self.global.and_then(|g| g.typos.get(term)) {
            Some(found) => found.clone(),
            None => self.typo_candidates(term)?,
        };
        let mut found: Vec<(String, u64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(found.into_iter().take(MAX_EXPANSIONS).map(|(t, _)| t).collect())
    }

    /// Every indexed term within the allowed edit distance of `term` (not `term` itself), with
    /// its document frequency; none for a word too short for typos.
    pub fn typo_candidates(&self, term: &str) -> anyhow::Result<BTreeMap<String, u64>> {
        let distance = max_distance(term.chars().count());
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        if distance == 0 {
            return Ok(found);
        }
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(self.fields.body, term), distance, true);
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.body)?;
            let mut stream = inverted.terms().search(fuzzy.automaton()?).into_stream()?;
            while stream.advance() {
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    if t != term {
                        *found.entry(t.to_string()).or_default() += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        Ok(found)
    }
}

/// Articles whose `field` (outlet or speaker names) holds all the words of `name`.
pub fn name_query(field: tantivy::schema::Field, name: &str) -> Box<dyn Query> {
    let terms: Vec<Box<dyn Query>> = PressboxTokenizer::names()
        .terms(name)
        .into_iter()
        .map(|(t, _, _)| {
            Box::new(TermQuery::new(Term::from_field_text(field, &t), IndexRecordOption::Basic))
                as Box<dyn Query>
        })
        .collect();
    match terms.len() {
        0 => Box::new(EmptyQuery),
        _ => Box::new(BooleanQuery::intersection(terms)),
    }
}

/// An unscored filter to passages whose `field` matches any of `names`; `None` for no names.
pub fn any_name(field: tantivy::schema::Field, names: &[String]) -> Option<Box<dyn Query>> {
    if names.is_empty() {
        return None;
    }
    let any: Vec<(Occur, Box<dyn Query>)> =
        names.iter().map(|n| (Occur::Should, name_query(field, n))).collect();
    Some(Box::new(BoostQuery::new(Box::new(BooleanQuery::new(any)), 0.0)))
}

struct Ctx {
    mode: Mode,
    /// Inside `+...`: required whatever the mode.
    must: bool,
    /// Inside an `OR`: one alternative among others.
    alternative: bool,
    words: Vec<WordPlan>,
    targets: Targets,
    negatives: Targets,
    fuzzy_used: bool,
    tok: PressboxTokenizer,
    /// The event codes of the `event:` filters beside the node being planned (a `minute:`
    /// range next to them is a range of those events' minutes).
    events: Vec<u8>,
}

impl Ctx {
    fn new(mode: Mode) -> Ctx {
        Ctx {
            mode,
            must: false,
            alternative: false,
            words: Vec::new(),
            targets: Targets::default(),
            negatives: Targets::default(),
            fuzzy_used: false,
            tok: PressboxTokenizer::english(),
            events: Vec::new(),
        }
    }

    /// Whether the word being planned must be in every answer.
    fn required(&self) -> bool {
        self.must || (self.mode.required() && !self.alternative)
    }
}

/// Whether plain queries get the pruned top-k: yes unless the environment variable
/// `PRESSBOX_PRUNE` is `0` (to measure the pruning against the same build without it).
fn pruning() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("PRESSBOX_PRUNE").map_or(true, |v| v != "0"))
}

/// The words' terms, in query order, when `node` is plain words planned as [`PrunedQuery`]
/// expects (each word one term, without typo or prefix expansions, all required or none).
fn plain_words(node: &Node, ctx: &Ctx) -> Option<Vec<String>> {
    let parts = match node {
        Node::Word(_) => 1,
        Node::And(parts) if parts.iter().all(|p| matches!(p, Node::Word(_))) => parts.len(),
        _ => return None,
    };
    let required = ctx.mode.required();
    let plain = ctx.words.len() == parts
        && !ctx.fuzzy_used
        && ctx.words.iter().all(|w| {
            w.kind == WordKind::Word
                && w.terms.len() == 1
                && w.expansions.is_empty()
                && w.required == required
        });
    plain.then(|| ctx.words.iter().map(|w| w.terms[0].clone()).collect())
}

/// The event code of an `event:` filter.
fn event_code_of(node: &Node) -> Option<u8> {
    match node {
        Node::Field(f, v) if f == "event" => facts::event_code(v),
        _ => None,
    }
}

/// What a query's events ask of passages: those stating one of `codes` (all events when empty)
/// in `minutes` (inclusive) when either is set; `named`: the events the query's words name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub codes: Vec<u8>,
    pub minutes: Option<(u16, u16)>,
    pub named: Vec<u8>,
}

impl EventFilter {
    /// The query filters passages by event.
    pub fn filters(&self) -> bool {
        !self.codes.is_empty() || self.minutes.is_some()
    }

    /// A fact span meets the filter.
    pub fn selects(&self, s: &FactSpan) -> bool {
        (self.codes.is_empty() || self.codes.contains(&s.code))
            && self.minutes.is_none_or(|(a, b)| s.minute.is_some_and(|m| a <= m && m <= b))
    }
}

/// Whether the query has an `OR` anywhere.
fn has_or(node: &Node) -> bool {
    match node {
        Node::Or(_) => true,
        Node::And(parts) => parts.iter().any(has_or),
        Node::Not(inner) | Node::Must(inner) => has_or(inner),
        _ => false,
    }
}
