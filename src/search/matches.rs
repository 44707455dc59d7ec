//! Matches: articles grouped into the match they report, and one match assembled from every
//! outlet that reported it.
//!
//! An article reports a match when it states facts; the match's teams are those of its sure
//! final score (the title's first), else its two most-mentioned teams; articles whose team
//! pairs are equal (order aside) and whose dates lie within a day of each other are one match.
//! Its id is the teams' slugs in order and the first date (`england-france-2022-12-10`, no
//! date when no article has one). The records of every article are read (as the `entities`
//! listing does); the index holds no match field yet.
//!
//! A match view: the score, a timeline of facts, each fact with its versions (a different
//! minute, scorer, score or card colour is a different version: a disagreement), each version
//! with the outlets that state it, their words and a link to the passage (article id, passage
//! index, character offsets); a fact only one outlet states is marked; the first outlet to
//! report it when articles have dates; and the match's quotes grouped by speaker.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;

use super::Searcher;
use crate::analysis::facts::{FactKind, Minute, Stage, Who, SURE};
use crate::index::record::ArticleRecord;

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
    /// The outlet whose article is dated first, when articles have dates.
    pub first_outlet: Option<String>,
}

/// The quotes of one speaker in the match's articles.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerQuotes {
    pub speaker: String,
    pub quotes: Vec<QuoteIn>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteIn {
    pub article: String,
    pub outlet: Option<String>,
    pub text: String,
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

/// An article's match: its two teams (sorted by id) and its day.
fn article_match(r: &ArticleRecord) -> Option<([Who; 2], Option<jiff::civil::Date>)> {
    if r.facts.is_empty() {
        return None;
    }
    let score_teams = r.facts.iter().filter(|f| f.confidence >= SURE).find_map(|f| match &f.kind {
        FactKind::Score { stage: Stage::Final, teams: [Some(a), Some(b)], .. } if a.id != b.id => {
            Some([a.clone(), b.clone()])
        }
        _ => None,
    });
    let teams = score_teams.or_else(|| {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for m in &r.mentions {
            let e = &r.entities.get(m.entity as usize)?;
            if matches!(
                e.kind,
                crate::analysis::entities::EntityKind::Club
                    | crate::analysis::entities::EntityKind::NationalTeam
            ) {
                *counts.entry(m.entity as usize).or_default() += 1;
            }
        }
        let mut v: Vec<(usize, usize)> = counts.into_iter().collect();
        v.sort_by_key(|&(e, c)| (std::cmp::Reverse(c), e));
        if v.len() < 2 {
            return None;
        }
        let who = |e: usize| Who { id: r.entities[e].id.clone(), name: r.entities[e].name.clone() };
        Some([who(v[0].0), who(v[1].0)])
    })?;
    let mut teams = teams;
    teams.sort_by(|a, b| a.id.cmp(&b.id));
    let day = r.meta.published.map(|t| jiff::tz::Offset::UTC.to_datetime(t).date());
    Some((teams, day))
}

fn slug_of(w: &Who) -> &str {
    w.id.split_once(':').map_or(w.id.as_str(), |(_, s)| s)
}

struct Group {
    teams: [Who; 2],
    days: Vec<jiff::civil::Date>,
    records: Vec<ArticleRecord>,
}

impl Searcher {
    /// Every article's record, grouped into matches.
    fn match_groups(&self) -> anyhow::Result<Vec<Group>> {
        let searcher = self.reader.searcher();
        let mut addrs: Vec<_> = searcher
            .search(&AllQuery, &DocSetCollector)
            .context("cannot list articles")?
            .into_iter()
            .collect();
        addrs.sort();
        let mut groups: Vec<Group> = Vec::new();
        for addr in addrs {
            let record = self.record_at(&searcher, addr)?;
            let Some((teams, day)) = article_match(&record) else { continue };
            let near = |g: &Group| {
                g.teams[0].id == teams[0].id
                    && g.teams[1].id == teams[1].id
                    && match day {
                        None => true,
                        Some(d) => g.days.is_empty() || g.days.iter().any(|x| (d - *x).get_days().abs() <= 1),
                    }
            };
            match groups.iter_mut().find(|g| near(g)) {
                Some(g) => {
                    g.days.extend(day);
                    g.records.push(record);
                }
                None => groups.push(Group { teams, days: day.into_iter().collect(), records: vec![record] }),
            }
        }
        Ok(groups)
    }

    /// The matches of the index, most articles first.
    pub fn matches(&self, limit: usize) -> anyhow::Result<Vec<MatchSummary>> {
        let mut out: Vec<MatchSummary> = self.match_groups()?.iter().map(summary).collect();
        out.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then_with(|| a.id.cmp(&b.id)));
        out.truncate(limit.max(1));
        Ok(out)
    }

    /// The match `query` names (its id, or words of both or one team's names), assembled.
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
                hits * 1000 + g.records.len()
            }
        };
        let best = groups.iter().max_by_key(|g| score(g)).filter(|g| score(g) > 0);
        Ok(best.map(assemble))
    }
}

fn summary(g: &Group) -> MatchSummary {
    let date = g.days.iter().min().map(|d| d.to_string());
    let mut id = format!("{}-{}", slug_of(&g.teams[0]), slug_of(&g.teams[1]));
    if let Some(d) = &date {
        id.push('-');
        id.push_str(d);
    }
    let mut outlets: Vec<String> = g.records.iter().filter_map(|r| r.meta.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    // The score most articles state, in the teams' order.
    let mut votes: BTreeMap<[u8; 2], usize> = BTreeMap::new();
    for r in &g.records {
        let s = r.facts.iter().filter(|f| f.confidence >= SURE).find_map(|f| match &f.kind {
            FactKind::Score { stage: Stage::Final, teams, goals, .. } => in_order(&g.teams, teams, *goals),
            _ => None,
        });
        if let Some(s) = s {
            *votes.entry(s).or_default() += 1;
        }
    }
    let score = votes.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s);
    MatchSummary {
        id,
        teams: g.teams.clone(),
        date,
        score,
        articles: g.records.iter().map(|r| r.meta.id.clone()).collect(),
        outlets,
    }
}

/// A score's goals in the order of `teams`.
fn in_order(teams: &[Who; 2], fact_teams: &[Option<Who>; 2], goals: [u8; 2]) -> Option<[u8; 2]> {
    let id = |i: usize| fact_teams[i].as_ref().map(|w| w.id.as_str());
    if id(0) == Some(teams[0].id.as_str()) || id(1) == Some(teams[1].id.as_str()) {
        Some(goals)
    } else if id(0) == Some(teams[1].id.as_str()) || id(1) == Some(teams[0].id.as_str()) {
        Some([goals[1], goals[0]])
    } else {
        None
    }
}

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

fn assemble(g: &Group) -> MatchView {
    let mut facts: Vec<MatchFact> = Vec::new();
    let mut order: Vec<u16> = Vec::new();
    for r in &g.records {
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
                let kind = g.records.iter().find(|r| r.meta.id == first.article).and_then(|r| {
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
        let mut first: Option<(jiff::Timestamp, String)> = None;
        for v in &mut mf.versions {
            let mut outlets: Vec<String> =
                v.statements.iter().map(|s| s.outlet.clone().unwrap_or_else(|| s.article.clone())).collect();
            outlets.sort();
            outlets.dedup();
            all.extend(outlets.iter().cloned());
            v.outlets = outlets;
            for s in &v.statements {
                if let Some(t) = s.published {
                    if first.as_ref().is_none_or(|(ft, _)| t < *ft) {
                        first = Some((t, s.outlet.clone().unwrap_or_else(|| s.article.clone())));
                    }
                }
            }
        }
        for st in &mf.without_minute {
            all.push(st.outlet.clone().unwrap_or_else(|| st.article.clone()));
            if let Some(t) = st.published {
                if first.as_ref().is_none_or(|(ft, _)| t < *ft) {
                    first = Some((t, st.outlet.clone().unwrap_or_else(|| st.article.clone())));
                }
            }
        }
        all.sort();
        all.dedup();
        mf.outlets = all.clone();
        mf.disagreement = mf.versions.len() > 1;
        mf.single_outlet = all.len() == 1;
        mf.first_outlet = first.map(|(_, o)| o);
    }
    let mut idx: Vec<usize> = (0..facts.len()).collect();
    idx.sort_by_key(|&i| order[i]);
    let facts = idx.into_iter().map(|i| facts[i].clone()).collect();
    let mut quotes: Vec<SpeakerQuotes> = Vec::new();
    for r in &g.records {
        for q in &r.quotes {
            let Some(speaker) = q.speaker.clone() else { continue };
            let quote =
                QuoteIn { article: r.meta.id.clone(), outlet: r.meta.outlet.clone(), text: q.text.clone() };
            match quotes.iter_mut().find(|s| s.speaker == speaker) {
                Some(s) => s.quotes.push(quote),
                None => quotes.push(SpeakerQuotes { speaker, quotes: vec![quote] }),
            }
        }
    }
    quotes.sort_by(|a, b| b.quotes.len().cmp(&a.quotes.len()).then_with(|| a.speaker.cmp(&b.speaker)));
    MatchView { summary: summary(g), facts, quotes }
}
