//! From a parsed query to a tantivy query, in one of the fallback modes.
//!
//! Each word goes through the index's own analyzer, so the query meets the index's terms. In
//! the typo-tolerant modes a word becomes its term *or* the indexed terms within a small edit
//! distance of it, found by running tantivy's Levenshtein automaton over each segment's term
//! dictionary. Expanding explicitly (rather than with `FuzzyTermQuery`, which scores every
//! expansion the same) keeps BM25 scoring and tells the highlighter which words matched.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::query::Node;
use crate::analysis::entities::{slug, Tagger};
use crate::index::analyzer::PressboxTokenizer;
use crate::index::schema::entity_facet;
use crate::index::Fields;

/// Which fallback answered a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// A tantivy query for one mode, with its highlight targets; `fuzzy_used` says whether any
/// word was actually expanded (a typo mode that expands nothing is not worth running).
pub struct Plan {
    pub query: Box<dyn Query>,
    pub targets: Targets,
    pub fuzzy_used: bool,
}

/// Largest typo distance allowed for a word of `chars` characters: none for short words, one
/// for ordinary ones, two for long names.
fn max_distance(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Most typo expansions kept per word (the most frequent ones).
const MAX_EXPANSIONS: usize = 8;
/// Weight of a typo expansion relative to the exact word.
const EXPANSION_BOOST: f32 = 0.8;

/// Builds queries against one searcher's view of the index.
pub struct Planner<'a> {
    pub searcher: &'a Searcher,
    pub fields: Fields,
    pub outlets: &'a [String],
    /// Entities every passage must mention.
    pub entities: &'a [String],
    pub tagger: &'a Tagger,
}

impl Planner<'_> {
    /// The query for `node` in `mode`, with `--outlet` filters applied.
    pub fn plan(&self, node: &Node, mode: Mode) -> anyhow::Result<Plan> {
        let mut ctx =
            Ctx { mode, targets: Targets::default(), fuzzy_used: false, tok: PressboxTokenizer::english() };
        let main = self.node(node, &mut ctx)?.unwrap_or_else(|| Box::new(EmptyQuery));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        if let Some(filter) = any_name(self.fields.outlet, self.outlets) {
            clauses.push((Occur::Must, filter));
        }
        for name in self.entities {
            clauses.push((Occur::Must, Box::new(BoostQuery::new(self.entity_filter(name), 0.0))));
        }
        Ok(Plan {
            query: Box::new(BooleanQuery::new(clauses)),
            targets: ctx.targets,
            fuzzy_used: ctx.fuzzy_used,
        })
    }

    fn node(&self, node: &Node, ctx: &mut Ctx) -> anyhow::Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Word(w) => self.words(w, ctx, false)?,
            Node::Phrase(p) => self.words(p, ctx, true)?,
            Node::Field(field, value) => {
                // A filter, not scored. The parser admits only the fields below.
                let filter = match field.as_str() {
                    "speaker" => name_query(self.fields.speaker, value),
                    "entity" => self.entity_filter(value),
                    _ => name_query(self.fields.outlet, value),
                };
                Some(Box::new(BoostQuery::new(filter, 0.0)))
            }
            Node::Not(inner) => {
                // Exclusions are exact and never feed highlights.
                let mut quiet = Ctx {
                    mode: Mode::All,
                    targets: Targets::default(),
                    fuzzy_used: false,
                    tok: PressboxTokenizer::english(),
                };
                self.node(inner, &mut quiet)?
            }
            Node::And(parts) => {
                let mut clauses = Vec::new();
                for part in parts {
                    let occur = match part {
                        Node::Not(_) => Occur::MustNot,
                        Node::Field(..) => Occur::Must,
                        _ if ctx.mode.required() => Occur::Must,
                        _ => Occur::Should,
                    };
                    match self.node(part, ctx)? {
                        Some(q) => clauses.push((occur, q)),
                        // A required word that cannot match makes the whole AND unmatchable.
                        None if occur == Occur::Must => return Ok(Some(Box::new(EmptyQuery))),
                        None => {}
                    }
                }
                if clauses.is_empty() {
                    None
                } else {
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
            Node::Or(alts) => {
                let mut clauses = Vec::new();
                for alt in alts {
                    if let Some(q) = self.node(alt, ctx)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                if clauses.is_empty() {
                    None
                } else {
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
        })
    }

    /// Passages that mention the entity `name`: by id when a gazetteer knows the name (any
    /// alias, case or accent), else as a person found in the text, whose id is `person:` and
    /// the slug of their name.
    fn entity_filter(&self, name: &str) -> Box<dyn Query> {
        let id = match self.tagger.resolve(name) {
            Some(e) => e.id.clone(),
            None => format!("person:{}", slug(name)),
        };
        Box::new(TermQuery::new(
            Term::from_facet(self.fields.entity, &entity_facet(&id)),
            IndexRecordOption::Basic,
        ))
    }

    /// A word (which may analyse into several terms, like `world-class`) or a quoted phrase.
    fn words(&self, text: &str, ctx: &mut Ctx, phrase: bool) -> anyhow::Result<Option<Box<dyn Query>>> {
        let terms: Vec<String> = ctx.tok.terms(text).into_iter().map(|(t, _, _)| t).collect();
        match terms.len() {
            0 => Ok(None),
            1 => {
                let term = terms.into_iter().next().unwrap_or_default();
                let mut alternatives = vec![term.clone()];
                let query: Box<dyn Query> = if ctx.mode.fuzzy() && !phrase {
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
                ctx.targets.words.push(alternatives);
                Ok(Some(query))
            }
            _ => {
                let q = PhraseQuery::new(
                    terms.iter().map(|t| Term::from_field_text(self.fields.body, t)).collect(),
                );
                ctx.targets.phrases.push(terms);
                Ok(Some(Box::new(q)))
            }
        }
    }

    fn term_query(&self, term: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(self.fields.body, term), IndexRecordOption::WithFreqs))
    }

    /// Indexed terms within the allowed edit distance of `term` (not `term` itself), the most
    /// frequent first.
    fn expand(&self, term: &str) -> anyhow::Result<Vec<String>> {
        let distance = max_distance(term.chars().count());
        if distance == 0 {
            return Ok(Vec::new());
        }
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(self.fields.body, term), distance, true);
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
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
        let mut found: Vec<(String, u64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(found.into_iter().take(MAX_EXPANSIONS).map(|(t, _)| t).collect())
    }
}

/// Passages whose `field` (outlet or speaker name) holds all the words of `name`, in order.
pub fn name_query(field: tantivy::schema::Field, name: &str) -> Box<dyn Query> {
    let terms: Vec<Term> = PressboxTokenizer::names()
        .terms(name)
        .into_iter()
        .map(|(t, _, _)| Term::from_field_text(field, &t))
        .collect();
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
        _ => Box::new(PhraseQuery::new(terms)),
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
    targets: Targets,
    fuzzy_used: bool,
    tok: PressboxTokenizer,
}
