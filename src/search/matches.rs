//! Matches: articles grouped into the match they report, and one match assembled from every
//! outlet that reported it.
//!
//! An article reports a match when it states facts; the match's teams are those of its sure
//! final score (the title's first), else its two most-mentioned teams; articles whose team
//! pairs are equal (order aside) and whose dates lie within a day of each other are one match.
//! Its id is the teams' slugs in order and the first date (`england-france-2022-12-10`, no
//! date when no article has one). Each article's match (teams, day, score) is kept at index
//! time in the `match_key` field ([`MatchKey`]), so listing matches reads no record; a match
//! view reads the records of its own articles only.
//!
//! A match view: the score, a timeline of facts, each fact with its versions (a different
//! minute, scorer, score or card colour is a different version: a disagreement), each version
//! with the outlets that state it, their words and a link to the passage (article id, passage
//! index, character offsets); a fact only one outlet states is marked; the first outlet to
//! report it (by published date, else when pressbox first saw the article, as `quote` does);
//! and the match's quotes grouped by speaker, with the first outlet of each.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use serde::Serialize;
use tantivy::{DocAddress, DocId};

use super::listing::{each_term, walk, OutletOf};
use super::Searcher;
use crate::analysis::facts::{FactKind, Minute, Who, SURE};
use crate::index::record::{ArticleRecord, DateSource, MatchKey};

/// One match in the listing.
#[derive(Debug, Clone, Serialize)]
pub struct MatchSummary {
    pub id: String,
    pub teams: [Who; 2],
    /// The first date of its articles (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Goals of `teams[0]` and `teams[1]`, as most of its articles state them.
    pub score: Option<[u8; 2]>,
    pub articles: Vec<String>,
    pub outlets: Vec<String>,
}

/// Where a fact is stated: the article, its outlet, the words and the passage.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<jiff::Timestamp>,
    /// When the article was first reported: `published`, else when pressbox first saw it
    /// (`date_source` says which).
    pub reported_at: jiff::Timestamp,
    pub date_source: DateSource,
    /// `None`: the title.
    pub passage: Option<u32>,
    pub char_start: u32,
    pub char_end: u32,
    pub words: String,
    pub minute: Option<Minute>,
    pub confidence: u8,
}

/// One version of a fact and the outlets that state it.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub kind: FactKind,
    pub minute: Option<Minute>,
    pub statements: Vec<Statement>,
    pub outlets: Vec<String>,
}

/// A fact of the match: its versions (more than one: the outlets disagree).
#[derive(Debug, Clone, Serialize)]
pub struct MatchFact {
    /// `goal`, `penalty`, `red-card`... (see `FactKind::event`).
    pub event: String,
    /// What the fact is about (`goal person:olivier-giroud`).
    pub subject: String,
    pub versions: Vec<Version>,
    /// Statements of a goal or penalty that give no exact minute: they agree with every version.
    pub without_minute: Vec<Statement>,
    /// Every outlet that states the fact, in any version or without a minute.
    pub outlets: Vec<String>,
    pub disagreement: bool,
    /// Only one outlet states it.
    pub single_outlet: bool,
    /// The outlet that reported it first: by the articles' published dates, else when
    /// pressbox first saw them (as `quote` does; `first_date_source` says which).
    pub first_outlet: Option<String>,
    pub first_reported_at: Option<jiff::Timestamp>,
    pub first_date_source: Option<DateSource>,
}

/// The quotes of one speaker in the match's articles.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerQuotes {
    pub speaker: String,
    pub quotes: Vec<QuoteIn>,
    /// The outlet whose article with one of these quotes was reported first (see
    /// [`MatchFact::first_outlet`]).
    pub first_outlet: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteIn {
    pub article: String,
    pub outlet: Option<String>,
    pub text: String,
    pub reported_at: jiff::Timestamp,
    pub date_source: DateSource,
}

/// The outlet (the article id when it has none) of the earliest of `stated`, by
/// `reported_at`; ties go to the first listed.
fn first_of<'s>(
    stated: impl Iterator<Item = (&'s Option<String>, &'s str, jiff::Timestamp, DateSource)>,
) -> Option<(String, jiff::Timestamp, DateSource)> {
    let mut first: Option<(String, jiff::Timestamp, DateSource)> = None;
    for (outlet, article, at, source) in stated {
        if first.as_ref().is_none_or(|f| at < f.1) {
            first = Some((outlet.clone().unwrap_or_else(|| article.to_string()), at, source));
        }
    }
    first
}

/// One match, assembled.
#[derive(Debug, Clone, Serialize)]
pub struct MatchView {
    pub summary: MatchSummary,
    pub facts: Vec<MatchFact>,
    pub quotes: Vec<SpeakerQuotes>,
}

/// What `matches` was asked.
#[derive(Debug, Clone, Serialize)]
pub struct MatchesQuery {
    pub limit: usize,
}

/// The `matches` answer in the one JSON envelope: what was asked, then the list.
#[derive(Debug, Clone, Serialize)]
pub struct MatchList {
    pub query: MatchesQuery,
    pub matches: Vec<MatchSummary>,
}

impl MatchList {
    pub fn new(limit: usize, matches: Vec<MatchSummary>) -> Self {
        MatchList { query: MatchesQuery { limit }, matches }
    }
}

/// What `match` was asked (`q` as given; empty: the match with the most articles).
#[derive(Debug, Clone, Serialize)]
pub struct MatchQuery {
    pub q: String,
}

/// The `match` answer in the one JSON envelope: what was asked, then the match.
#[derive(Debug, Clone, Serialize)]
pub struct MatchAnswer {
    pub query: MatchQuery,
    #[serde(rename = "match")]
    pub view: MatchView,
}

impl MatchAnswer {
    pub fn new(q: &str, view: MatchView) -> Self {
        MatchAnswer { query: MatchQuery { q: q.to_string() }, view }
    }
}

fn slug_of(w: &Who) -> &str {
    w.id.split_once(':').map_or(w.id.as_str(), |(_, s)| s)
}

/// One article of a match, as the index keeps it (no record read).
struct Member {
    addr: DocAddress,
    id: String,
    outlet: Option<String>,
    score: Option<[u8; 2]>,
}

struct Group {
    teams: [Who; 2],
    days: Vec<jiff::civil::Date>,
    members: Vec<Member>,
}

/// Groups articles by their match keys: equal team pairs whose days lie within a day of one
/// another (an undated article joins the first group of its teams).
fn group_keys(keyed: Vec<(MatchKey, Member)>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // The groups of each team pair, in the order they were made: an article looks only at
    // its own teams' groups (linear in articles, not articles x matches).
    let mut by_teams: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (key, member) in keyed {
        let near = |g: &Group| match key.day {
            None => true,
            Some(d) => g.days.is_empty() || g.days.iter().any(|x| (d - *x).get_days().abs() <= 1),
        };
        let member = Member { score: key.score, ..member };
        let pair = (key.teams[0].id.clone(), key.teams[1].id.clone());
        let slots = by_teams.entry(pair).or_default();
        match slots.iter().copied().find(|&i| near(&groups[i])) {
            Some(i) => {
                let g = &mut groups[i];
                // Each day once: a group's days stay a handful however many articles join.
                if let Some(d) = key.day.filter(|d| !g.days.contains(d)) {
                    g.days.push(d);
                }
                g.members.push(member);
            }
            None => {
                slots.push(groups.len());
                groups.push(Group {
                    teams: key.teams,
                    days: key.day.into_iter().collect(),
                    members: vec![member],
                });
            }
        }
    }
    groups
}

impl Searcher {
    /// Every article with a match key, grouped into matches: read from the `match_key` terms
    /// and the `id` and `outlet_facet` fast fields, no record read.
    fn match_groups(&self) -> anyhow::Result<Vec<Group>> {
        let searcher = self.reader.searcher();
        let f = self.index.fields();
        let segments = searcher.segment_readers();
        let mut outlets = OutletOf::new(&searcher, f)?;
        let id_name = searcher.schema().get_field_name(f.id).to_string();
        let ids = segments
            .iter()
            .map(|s| s.fast_fields().str(&id_name))
            .collect::<tantivy::Result<Vec<_>>>()
            .context("cannot read the article ids")?;
        let mut keyed: Vec<(MatchKey, Member)> = Vec::new();
        let mut docs: Vec<(usize, DocId)> = Vec::new();
        each_term(segments, f.match_key, |term, segs| {
            let Some(key) = std::str::from_utf8(term).ok().and_then(MatchKey::parse) else { return Ok(true) };
            docs.clear();
            for st in segs {
                walk(segments, f.match_key, st, |doc, _| docs.push((st.segment, doc)))?;
            }
            for &(seg, doc) in &docs {
                let mut id = String::new();
                if let Some(col) = &ids[seg] {
                    if let Some(ord) = col.term_ords(doc).next() {
                        col.ord_to_str(ord, &mut id).context("cannot read an article id")?;
                    }
                }
                let member = Member {
                    addr: DocAddress::new(seg as u32, doc),
                    id,
                    outlet: outlets.of(seg, doc)?,
                    score: None,
                };
                keyed.push((key.clone(), member));
            }
            Ok(true)
        })?;
        // Dated articles first, in date order, so that groups grow from their first day.
        keyed.sort_by(|a, b| {
            (a.0.day.is_none(), a.0.day, &a.1.id).cmp(&(b.0.day.is_none(), b.0.day, &b.1.id))
        });
        Ok(group_keys(keyed))
    }

    /// The matches of the index, most articles first.
    pub fn matches(&self, limit: usize) -> anyhow::Result<Vec<MatchSummary>> {
        let mut out: Vec<MatchSummary> = self.match_groups()?.iter().map(summary).collect();
        out.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then_with(|| a.id.cmp(&b.id)));
        out.truncate(limit.max(1));
        Ok(out)
    }

    /// The match `query` names (its id, or words of both or one team's names), assembled from
    /// the records of its articles (only theirs are read).
    pub fn match_view(&self, query: &str) -> anyhow::Result<Option<MatchView>> {
        let groups = self.match_groups()?;
        let q = crate::text::key(query);
        let words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
        let score = |g: &Group| -> usize {
            let s = summary(g);
            if s.id == query.trim() {
                return usize::MAX;
            }
            let names = format!(
                "{} {} {} {}",
                crate::text::key(&g.teams[0].name),
                crate::text::key(&g.teams[1].name),
                slug_of(&g.teams[0]).replace('-', " "),
                slug_of(&g.teams[1]).replace('-', " ")
            );
            let names: Vec<&str> = names.split(' ').collect();
            let hits = words.iter().filter(|w| names.contains(w)).count();
            if hits == 0 {
                0
            } else {
                hits * 1000 + g.members.len()
            }
        };
        let Some(best) = groups.iter().max_by_key(|g| score(g)).filter(|g| score(g) > 0) else {
            return Ok(None);
        };
        let searcher = self.reader.searcher();
        let records = best
            .members
            .iter()
            .map(|m| self.record_at(&searcher, m.addr))
            .collect::<anyhow::Result<Vec<ArticleRecord>>>()?;
        Ok(Some(assemble(best, &records)))
    }
}

fn summary(g: &Group) -> MatchSummary {
    let date = g.days.iter().min().map(|d| d.to_string());
    let mut id = format!("{}-{}", slug_of(&g.teams[0]), slug_of(&g.teams[1]));
    if let Some(d) = &date {
        id.push('-');
        id.push_str(d);
    }
    let mut outlets: Vec<String> = g.members.iter().filter_map(|m| m.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    // The score most articles state, in the teams' order.
    let mut votes: BTreeMap<[u8; 2], usize> = BTreeMap::new();
    for s in g.members.iter().filter_map(|m| m.score) {
        *votes.entry(s).or_default() += 1;
    }
    let score = votes.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s);
    MatchSummary {
        id,
        teams: g.teams.clone(),
        date,
        score,
        articles: g.members.iter().map(|m| m.id.clone()).collect(),
        outlets,
    }
}

use crate::index::record::goals_in_order as in_order;

/// What a fact is about, and what makes two statements of it different versions.
fn subject_and_version(teams: &[Who; 2], kind: &FactKind, minute: Option<Minute>) -> (String, String) {
    let id = |w: &Option<Who>| w.as_ref().map_or("?".to_string(), |w| w.id.clone());
    let exact = minute.filter(|m| m.is_exact()).map(|m| m.label()).unwrap_or_default();
    match kind {
        FactKind::Score { stage, teams: t, goals, .. } => {
            let g = in_order(teams, t, *goals).unwrap_or(*goals);
            (format!("{stage:?}"), format!("{}-{}", g[0], g[1]))
        }
        FactKind::Goal { scorer, .. } => (format!("goal {}", scorer.id), exact),
        FactKind::Penalty { outcome, taker, .. } => (format!("penalty {outcome:?} {}", id(taker)), exact),
        FactKind::Card { player, colour } => (format!("card {}", player.id), format!("{colour:?} {exact}")),
        FactKind::Substitution { on, off } => (format!("sub {} {}", id(on), id(off)), exact),
        FactKind::Var { decision } => (format!("var {decision:?}"), String::new()),
        FactKind::Referee { .. } => ("referee".into(), kind_entity(kind)),
        FactKind::Venue { .. } => ("venue".into(), kind_entity(kind)),
        FactKind::Competition { competition } => (format!("competition {}", competition.id), String::new()),
    }
}

fn kind_entity(kind: &FactKind) -> String {
    match kind {
        FactKind::Referee { referee: w } | FactKind::Venue { venue: w } => w.id.clone(),
        _ => String::new(),
    }
}

fn assemble(g: &Group, records: &[ArticleRecord]) -> MatchView {
    let mut facts: Vec<MatchFact> = Vec::new();
    let mut order: Vec<u16> = Vec::new();
    for r in records {
        for f in r.facts.iter().filter(|f| f.confidence >= SURE) {
            if let FactKind::Score { teams, .. } = &f.kind {
                if in_order(&g.teams, teams, [0, 0]).is_none() {
                    continue; // another match's score
                }
            }
            let (subject, version) = subject_and_version(&g.teams, &f.kind, f.minute);
            let statement = Statement {
                article: r.meta.id.clone(),
                outlet: r.meta.outlet.clone(),
                published: r.meta.published,
                reported_at: r.meta.reported_at(),
                date_source: r.meta.date_source,
                passage: f.passage,
                char_start: f.char_start,
                char_end: f.char_end,
                words: f.evidence(r).to_string(),
                minute: f.minute,
                confidence: f.confidence,
            };
            let k = match facts.iter().position(|m| m.subject == subject) {
                Some(k) => k,
                None => {
                    facts.push(MatchFact {
                        event: f.kind.event().to_string(),
                        subject: subject.clone(),
                        versions: Vec::new(),
                        without_minute: Vec::new(),
                        outlets: Vec::new(),
                        disagreement: false,
                        single_outlet: false,
                        first_outlet: None,
                        first_reported_at: None,
                        first_date_source: None,
                    });
                    order.push(f.minute.map_or(u16::MAX, |m| m.order()));
                    facts.len() - 1
                }
            };
            if let Some(m) = f.minute {
                order[k] = order[k].min(m.order());
            }
            let mf = &mut facts[k];
            let timed = matches!(f.kind, FactKind::Goal { .. } | FactKind::Penalty { .. });
            if timed && version.is_empty() {
                mf.without_minute.push(statement);
                continue;
            }
            let vkey = |v: &Version| subject_and_version(&g.teams, &v.kind, v.minute).1;
            match mf.versions.iter().position(|v| vkey(v) == version) {
                Some(i) => mf.versions[i].statements.push(statement),
                None => mf.versions.push(Version {
                    kind: f.kind.clone(),
                    minute: f.minute,
                    statements: vec![statement],
                    outlets: Vec::new(),
                }),
            }
        }
    }
    // A goal or penalty no statement times: one version of the untimed statements.
    for mf in &mut facts {
        if mf.versions.is_empty() {
            if let Some(first) = mf.without_minute.first().cloned() {
                let kind = records.iter().find(|r| r.meta.id == first.article).and_then(|r| {
                    r.facts
                        .iter()
                        .find(|f| f.char_start == first.char_start && f.char_end == first.char_end)
                        .map(|f| f.kind.clone())
                });
                if let Some(kind) = kind {
                    let statements = std::mem::take(&mut mf.without_minute);
                    mf.versions.push(Version { kind, minute: first.minute, statements, outlets: Vec::new() });
                }
            }
        }
    }
    for mf in &mut facts {
        let mut all: Vec<String> = Vec::new();
        for v in &mut mf.versions {
            let mut outlets: Vec<String> =
                v.statements.iter().map(|s| s.outlet.clone().unwrap_or_else(|| s.article.clone())).collect();
            outlets.sort();
            outlets.dedup();
            all.extend(outlets.iter().cloned());
            v.outlets = outlets;
        }
        for st in &mf.without_minute {
            all.push(st.outlet.clone().unwrap_or_else(|| st.article.clone()));
        }
        let stated = mf.versions.iter().flat_map(|v| v.statements.iter()).chain(&mf.without_minute);
        let first = first_of(stated.map(|s| (&s.outlet, s.article.as_str(), s.reported_at, s.date_source)));
        all.sort();
        all.dedup();
        mf.outlets = all.clone();
        mf.disagreement = mf.versions.len() > 1;
        mf.single_outlet = all.len() == 1;
        if let Some((outlet, at, source)) = first {
            mf.first_outlet = Some(outlet);
            mf.first_reported_at = Some(at);
            mf.first_date_source = Some(source);
        }
    }
    let mut idx: Vec<usize> = (0..facts.len()).collect();
    idx.sort_by_key(|&i| order[i]);
    let facts = idx.into_iter().map(|i| facts[i].clone()).collect();
    let mut quotes: Vec<SpeakerQuotes> = Vec::new();
    for r in records {
        for q in &r.quotes {
            let Some(speaker) = q.speaker.clone() else { continue };
            let quote = QuoteIn {
                article: r.meta.id.clone(),
                outlet: r.meta.outlet.clone(),
                text: q.text.clone(),
                reported_at: r.meta.reported_at(),
                date_source: r.meta.date_source,
            };
            match quotes.iter_mut().find(|s| s.speaker == speaker) {
                Some(s) => s.quotes.push(quote),
                None => quotes.push(SpeakerQuotes { speaker, quotes: vec![quote], first_outlet: None }),
            }
        }
    }
    for s in &mut quotes {
        let stated = s.quotes.iter().map(|q| (&q.outlet, q.article.as_str(), q.reported_at, q.date_source));
        s.first_outlet = first_of(stated).map(|f| f.0);
    }
    quotes.sort_by(|a, b| b.quotes.len().cmp(&a.quotes.len()).then_with(|| a.speaker.cmp(&b.speaker)));
    MatchView { summary: summary(g), facts, quotes }
}
