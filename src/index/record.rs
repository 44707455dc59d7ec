//! The article record: everything stored about one article, once, typed and binary.
//!
//! One record per article holds its metadata, its exact text (every offset refers to it), its
//! passages, its entity table with every mention, its quotes, and its match facts. It is encoded with
//! `postcard` (varints, no field names) into the doc store, and decoded only for the hits that
//! are shown, `show`, and the listings that need it.

use serde::{Deserialize, Serialize};

use crate::analysis::entities::{EntityKind, Role};
use crate::analysis::facts::{FactKind, Minute, Stage, Who, SURE};
use crate::analysis::quotes::SpeakerVia;
use crate::ingest::OutletSource;

/// An article's metadata and attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub id: String,
    pub outlet: Option<String>,
    /// How the outlet was found.
    pub outlet_source: OutletSource,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The date as the source wrote it.
    pub date: Option<String>,
    /// The date parsed (RFC 3339 in JSON), when it could be.
    pub published: Option<jiff::Timestamp>,
    /// When pressbox first indexed this article (RFC 3339 in JSON); re-indexing it keeps the
    /// first value.
    pub first_seen: jiff::Timestamp,
    /// Which date says when the article was first reported: `published` when it has one, else
    /// `first_seen` (see [`ArticleMeta::reported_at`]).
    pub date_source: DateSource,
    /// Where the article was read from (`path`, or `path:LINE` for a JSONL record).
    pub source: String,
}

/// Which of an article's dates says when it was first reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The date the source gave, parsed.
    Published,
    /// No date could be read from the source: when pressbox first saw the article.
    FirstSeen,
}

impl DateSource {
    /// `Published` when there is a published date, else `FirstSeen`.
    pub fn of(published: Option<jiff::Timestamp>) -> DateSource {
        if published.is_some() {
            DateSource::Published
        } else {
            DateSource::FirstSeen
        }
    }
}

impl ArticleMeta {
    /// An undated article `id` from `id`, with no outlet, title or url: what tests start from.
    #[cfg(test)]
    pub fn bare(id: &str) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            outlet: None,
            outlet_source: OutletSource::Unknown,
            title: None,
            url: None,
            date: None,
            published: None,
            first_seen: jiff::Timestamp::UNIX_EPOCH,
            date_source: DateSource::FirstSeen,
            source: id.into(),
        }
    }

    /// When the article was first reported, as far as pressbox knows: its published date, else
    /// when pressbox first saw it ([`ArticleMeta::date_source`] says which).
    pub fn reported_at(&self) -> jiff::Timestamp {
        self.published.unwrap_or(self.first_seen)
    }
}

/// One passage: byte range (into [`ArticleRecord::text`]), Unicode character range, and the
/// token positions it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageRecord {
    pub start: u32,
    pub end: u32,
    pub char_start: u32,
    pub char_end: u32,
    pub tokens: [u32; 2],
}

/// An entity of the article's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEntity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub role: Option<Role>,
}

/// One mention: the entity (index into the table) and its Unicode character range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub entity: u32,
    pub start: u32,
    pub end: u32,
}

/// A quote. Offsets are Unicode characters into the article text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRecord {
    pub start: u32,
    pub end: u32,
    /// Each quoted segment; the quote's text is these joined with a space.
    pub parts: Vec<[u32; 2]>,
    pub text: String,
    pub speaker: Option<String>,
    /// The entity id of the speaker, when the tagger resolved one.
    pub speaker_id: Option<String>,
    /// How the speaker was found.
    pub via: Option<SpeakerVia>,
    /// The attribution words (`Henderson told ITV`).
    pub cue: Option<String>,
}

/// A match fact the article states (see [`crate::analysis::facts`]). Offsets are bytes into
/// [`ArticleRecord::text`] (into the title when `passage` is `None`), with their Unicode
/// character offsets beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactRecord {
    pub kind: FactKind,
    pub start: u32,
    pub end: u32,
    pub char_start: u32,
    pub char_end: u32,
    /// The passage the evidence starts in; `None`: the fact is read from the title.
    pub passage: Option<u32>,
    pub minute: Option<Minute>,
    /// 0-100.
    pub confidence: u8,
}

impl FactRecord {
    /// The evidence: the words of the text (or the title) that state the fact.
    pub fn evidence<'r>(&self, record: &'r ArticleRecord) -> &'r str {
        let source = if self.passage.is_some() {
            record.text.as_str()
        } else {
            record.meta.title.as_deref().unwrap_or("")
        };
        source.get(self.start as usize..self.end as usize).unwrap_or("")
    }
}

/// The match an article reports, as the `match_key` field keeps it, so that `matches` groups
/// articles without reading their records: the two teams (sorted by id), the day it was
/// published (UTC) and the final score it states, in the teams' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKey {
    pub teams: [Who; 2],
    pub day: Option<jiff::civil::Date>,
    pub score: Option<[u8; 2]>,
}

const KEY_SEP: char = '\u{1f}';

impl MatchKey {
    /// The key as one raw term: ids, names, day and score joined by U+001F.
    pub fn encode(&self) -> String {
        let clean = |s: &str| s.replace(KEY_SEP, " ");
        let day = self.day.map(|d| d.to_string()).unwrap_or_default();
        let score = self.score.map(|[a, b]| format!("{a}-{b}")).unwrap_or_default();
        let [a, b] = &self.teams;
        [clean(&a.id), clean(&a.name), clean(&b.id), clean(&b.name), day, score].join(&KEY_SEP.to_string())
    }

    /// [`MatchKey::encode`] read back; `None` for a malformed term.
    pub fn parse(term: &str) -> Option<MatchKey> {
        let parts: Vec<&str> = term.split(KEY_SEP).collect();
        let [a, an, b, bn, day, score] = parts.as_slice() else { return None };
        let who = |id: &str, name: &str| Who { id: id.to_string(), name: name.to_string() };
        let day = if day.is_empty() { None } else { Some(day.parse().ok()?) };
        let score = match score.split_once('-') {
            Some((x, y)) => Some([x.parse().ok()?, y.parse().ok()?]),
            None if score.is_empty() => None,
            None => return None,
        };
        Some(MatchKey { teams: [who(a, an), who(b, bn)], day, score })
    }
}

/// A score's goals in the order of `teams` (`None`: the score names neither team).
pub fn goals_in_order(teams: &[Who; 2], fact_teams: &[Option<Who>; 2], goals: [u8; 2]) -> Option<[u8; 2]> {
    let id = |i: usize| fact_teams[i].as_ref().map(|w| w.id.as_str());
    if id(0) == Some(teams[0].id.as_str()) || id(1) == Some(teams[1].id.as_str()) {
        Some(goals)
    } else if id(0) == Some(teams[1].id.as_str()) || id(1) == Some(teams[0].id.as_str()) {
        Some([goals[1], goals[0]])
    } else {
        None
    }
}

/// Everything stored about one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub meta: ArticleMeta,
    pub text: String,
    pub passages: Vec<PassageRecord>,
    pub entities: Vec<StoredEntity>,
    pub mentions: Vec<MentionRecord>,
    pub quotes: Vec<QuoteRecord>,
    /// Match facts (version 2 on).
    pub facts: Vec<FactRecord>,
}

/// Format version, the first byte of every record (2: `first_seen` and `date_source`; 3: match
/// facts added at the end).
const VERSION: u8 = 3;

/// What decoding a record of another format version says: the index must be rebuilt.
fn other_version(v: u8) -> anyhow::Error {
    crate::error::user(format!(
        "article record of format version {v}, this pressbox reads version {VERSION}: the index was built by another version of pressbox: delete it and run `pressbox index` again"
    ))
}

impl ArticleRecord {
    /// The match the article reports, when it states facts: the teams of its sure final score
    /// (the title's first), else its two most-mentioned teams; the day (UTC) it was published.
    pub fn match_key(&self) -> Option<MatchKey> {
        if self.facts.is_empty() {
            return None;
        }
        let sure_final = || {
            self.facts.iter().filter(|f| f.confidence >= SURE).filter_map(|f| match &f.kind {
                FactKind::Score { stage: Stage::Final, teams, goals, .. } => Some((teams, *goals)),
                _ => None,
            })
        };
        let score_teams = sure_final().find_map(|(teams, _)| match teams {
            [Some(a), Some(b)] if a.id != b.id => Some([a.clone(), b.clone()]),
            _ => None,
        });
        let mut teams = match score_teams {
            Some(t) => t,
            None => {
                let mut counts = vec![0usize; self.entities.len()];
                for m in &self.mentions {
                    if let Some(e) = self.entities.get(m.entity as usize) {
                        if matches!(e.kind, EntityKind::Club | EntityKind::NationalTeam) {
                            counts[m.entity as usize] += 1;
                        }
                    }
                }
                let mut v: Vec<(usize, usize)> = counts.into_iter().enumerate().filter(|x| x.1 > 0).collect();
                v.sort_by_key(|&(e, c)| (std::cmp::Reverse(c), e));
                if v.len() < 2 {
                    return None;
                }
                let who =
                    |e: usize| Who { id: self.entities[e].id.clone(), name: self.entities[e].name.clone() };
                [who(v[0].0), who(v[1].0)]
            }
        };
        teams.sort_by(|a, b| a.id.cmp(&b.id));
        let day = self.meta.published.map(|t| jiff::tz::Offset::UTC.to_datetime(t).date());
        let score = sure_final().find_map(|(t, goals)| goals_in_order(&teams, t, goals));
        Some(MatchKey { teams, day, score })
    }

    /// Encodes the record (a version byte, then postcard).
    pub fn encode(&self) -> anyhow::Result<Vec<u8>> {
        let mut out = vec![VERSION];
        postcard::to_io(self, &mut out)?;
        Ok(out)
    }

    /// Decodes a record; a damaged one is an error ([`super::Damaged`]), never a panic. A record
    /// of another format version is an old index, not a damaged one: the user rebuilds it
    /// (exit 2), so that error is passed on as it is.
    pub fn decode(bytes: &[u8]) -> anyhow::Result<ArticleRecord> {
        let damaged = |what: String| anyhow::Error::new(super::Damaged(what));
        match bytes.split_first() {
            Some((&VERSION, rest)) => {
                let record: ArticleRecord = postcard::from_bytes(rest)
                    .map_err(|e| damaged(format!("damaged article record: {e}")))?;
                record.check().map_err(|e| damaged(format!("{e:#}")))?;
                Ok(record)
            }
            Some((&v, _)) => Err(other_version(v)),
            None => Err(damaged("empty article record".into())),
        }
    }

    /// Only the `first_seen` of an encoded record (its metadata comes first, so the text and
    /// the rest are not decoded): what re-indexing an article keeps.
    pub fn first_seen_of(bytes: &[u8]) -> anyhow::Result<jiff::Timestamp> {
        match bytes.split_first() {
            Some((&VERSION, rest)) => {
                let (meta, _): (ArticleMeta, _) = postcard::take_from_bytes(rest)
                    .map_err(|e| anyhow::anyhow!("damaged article record: {e}"))?;
                Ok(meta.first_seen)
            }
            Some((&v, _)) => Err(other_version(v)),
            None => anyhow::bail!("empty article record"),
        }
    }

    /// The record's offsets fall inside its text and its mentions inside its table.
    fn check(&self) -> anyhow::Result<()> {
        let bytes = self.text.len() as u32;
        for p in &self.passages {
            if p.start > p.end
                || p.end > bytes
                || !self.text.is_char_boundary(p.start as usize)
                || !self.text.is_char_boundary(p.end as usize)
                || p.char_start > p.char_end
                || p.tokens[0] > p.tokens[1]
            {
                anyhow::bail!("damaged article record {}: a passage falls outside its text", self.meta.id);
            }
        }
        if self.mentions.iter().any(|m| m.entity as usize >= self.entities.len() || m.start > m.end) {
            anyhow::bail!("damaged article record {}: a mention names no entity", self.meta.id);
        }
        let title = self.meta.title.as_deref().unwrap_or("");
        for f in &self.facts {
            let source = if f.passage.is_some() { self.text.as_str() } else { title };
            if f.start > f.end
                || f.char_start > f.char_end
                || source.get(f.start as usize..f.end as usize).is_none()
                || f.passage.is_some_and(|p| p as usize >= self.passages.len())
            {
                anyhow::bail!("damaged article record {}: a fact falls outside its text", self.meta.id);
            }
        }
        Ok(())
    }

    /// The text of passage `i`.
    pub fn passage_text(&self, i: usize) -> &str {
        let p = &self.passages[i];
        &self.text[p.start as usize..p.end as usize]
    }
}

#[cfg(test)]
mod match_key_tests {
    use super::*;

    #[test]
    fn match_keys_round_trip() {
        let who = |id: &str, name: &str| Who { id: id.into(), name: name.into() };
        let k = MatchKey {
            teams: [who("team:england", "England"), who("team:france", "Fr\u{1f}ance")],
            day: Some(jiff::civil::date(2022, 12, 10)),
            score: Some([1, 2]),
        };
        let back = MatchKey::parse(&k.encode()).unwrap();
        assert_eq!(back.teams[1].name, "Fr ance");
        assert_eq!((back.day, back.score), (k.day, k.score));
        let bare = MatchKey { day: None, score: None, ..k };
        assert_eq!(MatchKey::parse(&bare.encode()), Some(MatchKey { teams: back.teams, ..bare }));
        assert_eq!(MatchKey::parse("a\u{1f}b"), None);
        assert_eq!(MatchKey::parse("a\u{1f}A\u{1f}b\u{1f}B\u{1f}2022-13-01\u{1f}"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ArticleRecord {
        ArticleRecord {
            meta: ArticleMeta {
                id: "a1".into(),
                outlet: Some("AFP".into()),
                outlet_source: OutletSource::Dateline,
                title: None,
                url: None,
                date: Some("2022-12-10".into()),
                published: Some("2022-12-10T18:00:00Z".parse().unwrap()),
                first_seen: "2026-01-02T03:04:05.5Z".parse().unwrap(),
                date_source: DateSource::Published,
                source: "seeds/a1.txt".into(),
            },
            text: "Kane’s penalty.".into(),
            passages: vec![PassageRecord { start: 0, end: 17, char_start: 0, char_end: 15, tokens: [0, 2] }],
            entities: vec![StoredEntity {
                id: "person:harry-kane".into(),
                name: "Harry Kane".into(),
                kind: EntityKind::Person,
                role: Some(Role::Player),
            }],
            mentions: vec![MentionRecord { entity: 0, start: 0, end: 4 }],
            quotes: Vec::new(),
            facts: vec![FactRecord {
                kind: FactKind::Penalty {
                    outcome: crate::analysis::facts::PenaltyOutcome::Scored,
                    taker: Some(Who { id: "person:harry-kane".into(), name: "Harry Kane".into() }),
                    fouled: None,
                    conceded_by: None,
                },
                start: 0,
                end: 17,
                char_start: 0,
                char_end: 15,
                passage: Some(0),
                minute: Some(Minute::Between { from: 46, to: 60 }),
                confidence: 75,
            }],
        }
    }

    #[test]
    fn records_round_trip() {
        let r = sample();
        let bytes = r.encode().unwrap();
        assert_eq!(ArticleRecord::decode(&bytes).unwrap(), r);
        assert_eq!(r.passage_text(0), "Kane’s penalty.");
        assert_eq!(r.facts[0].evidence(&r), "Kane’s penalty.");
        assert_eq!(ArticleRecord::first_seen_of(&bytes).unwrap(), r.meta.first_seen);
        assert_eq!(r.meta.reported_at(), r.meta.published.unwrap());
    }

    #[test]
    fn records_of_another_version_ask_for_a_rebuild() {
        let mut bytes = sample().encode().unwrap();
        bytes[0] = 1;
        for err in
            [ArticleRecord::decode(&bytes).unwrap_err(), ArticleRecord::first_seen_of(&bytes).unwrap_err()]
        {
            assert!(crate::error::is_user_error(&err));
            assert!(format!("{err}").contains("run `pressbox index` again"), "{err}");
        }
    }

    #[test]
    fn without_a_published_date_first_seen_reports() {
        let mut r = sample();
        r.meta.published = None;
        r.meta.date_source = DateSource::of(None);
        assert_eq!(r.meta.date_source, DateSource::FirstSeen);
        assert_eq!(r.meta.reported_at(), r.meta.first_seen);
        let json = serde_json::to_value(&r.meta).unwrap();
        assert_eq!(json["date_source"], "first_seen");
        assert_eq!(json["first_seen"], "2026-01-02T03:04:05.5Z");
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let bytes = sample().encode().unwrap();
        assert!(ArticleRecord::decode(&[]).is_err());
        assert!(ArticleRecord::decode(&[9, 1, 2]).is_err());
        for cut in 1..bytes.len() {
            assert!(ArticleRecord::decode(&bytes[..cut]).is_err(), "cut at {cut}");
            let _ = ArticleRecord::first_seen_of(&bytes[..cut]); // must not panic
        }
        for i in 1..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xFF;
            let _ = ArticleRecord::decode(&b); // may decode to other values, must not panic
        }
        let mut bad = sample();
        bad.passages[0].end = 99;
        assert!(ArticleRecord::decode(&bad.encode().unwrap()).is_err());
        let mut bad = sample();
        bad.facts[0].end = 99;
        assert!(ArticleRecord::decode(&bad.encode().unwrap()).is_err());
        let mut bad = sample();
        bad.facts[0].passage = Some(3);
        assert!(ArticleRecord::decode(&bad.encode().unwrap()).is_err());
        let mut bad = sample();
        bad.facts[0].passage = None; // a title fact, and the record has no title
        assert!(ArticleRecord::decode(&bad.encode().unwrap()).is_err());
    }
}
