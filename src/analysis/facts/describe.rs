//! Players told by a description: "the Paraguayan", "the Switzerland international", "the
//! former Ajax striker", "the Dutchman's strike". Each description is resolved to a player the
//! article named before it, so that every fact rule reads it as that player.
//!
//! A description is "the" + a nationality ([`DEMONYMS`], a national team "international"), or
//! "the former" + a club + a word of [`DESCRIBED_AS`]. The player it stands for:
//!
//! 1. the one the article itself calls so: "Norway international Erling Haaland", "Brazilian
//!    Richarlison", "former Chelsea striker Tammy Abraham" (the description before a name);
//! 2. else the nearest player named before it in its sentence or the sentence before, as a
//!    subject would be: not owned ("Pape Sarr's through-ball"), not after a preposition ("off
//!    Marcos Senesi", "to Reijnders"), not a manager or referee, and not a player the article
//!    already describes otherwise (the Norwegian is not "the Netherlands international").
//!
//! Nothing is resolved when no such player stands there. The article's data only: there is no
//! table of players' nationalities or clubs, so a description the text never ties to a name is
//! resolved by position alone. Linear: one pass over the tokens, a bounded walk back from each
//! description.

use std::ops::Range;

use super::lexicon::{DEMONYMS, DESCRIBED_AS, PERSON_DEMONYMS};
use crate::analysis::entities::{EntityKind, Role, Tagged};
use crate::text::{flags, Tokens};

/// Words before a name that make it no subject the description could take up.
const NOT_SUBJECT_AFTER: &[&str] = &[
    "to",
    "off",
    "from",
    "for",
    "past",
    "behind",
    "against",
    "on",
    "at",
    "in",
    "into",
    "over",
    "under",
    "beyond",
    "around",
    "between",
    "like",
    "than",
    "through",
    "towards",
    "toward",
    "beat",
    "beating",
    "beaten",
    "denied",
    "deny",
    "denying",
    "replaced",
    "replacing",
];

/// Roles that describe a player on their own after "the" ("the striker fired home"); not
/// "keeper" (a keeper's "goal" is the net he guards) nor "captain" (managers are called so).
const ROLE_ALONE: &[&str] = &[
    "striker",
    "forward",
    "winger",
    "midfielder",
    "attacker",
    "substitute",
    "youngster",
    "teenager",
    "frontman",
    "marksman",
    "centre-forward",
];

/// Words that may stand between a nationality and [`DESCRIBED_AS`] ("the German youth
/// international").
const FILLER: &[&str] = &["youth", "former", "young", "veteran", "experienced", "new", "summer", "record"];

/// Words after a nationality that make it no person ("the German side", "the Dutch press").
const NOT_PERSON_AFTER: &[&str] = &[
    "side",
    "club",
    "team",
    "champions",
    "league",
    "giants",
    "outfit",
    "game",
    "press",
    "media",
    "government",
    "federation",
    "national",
    "top",
    "capital",
    "top-flight",
    "football",
    "clubs",
    "sides",
    "teams",
    "fans",
];

/// Most tokens walked back from a description for its player.
const REACH: usize = 60;

/// One description: its tokens, what it calls the player (a country or `former:` a club), and
/// (once resolved) the player's entity index.
#[derive(Debug, Clone)]
struct Description {
    tokens: Range<usize>,
    key: String,
    entity: Option<usize>,
}

/// The descriptions of an article resolved to players: token ranges (in text order) and the
/// entity each stands for. `ment[i]` is the tagged mention covering token `i` (`u32::MAX` if
/// none), as the view has it.
pub(super) fn resolve(t: &Tokens, tagged: &Tagged, ment: &[u32]) -> Vec<(Range<usize>, usize)> {
    let entity = |i: usize| -> Option<usize> {
        match ment.get(i) {
            Some(&m) if m != u32::MAX => Some(tagged.mentions[m as usize].entity),
            _ => None,
        }
    };
    let person = |i: usize| {
        entity(i).filter(|&e| tagged.entities[e].kind == EntityKind::Person).filter(|&e| {
            !matches!(
                tagged.entities[e].role,
                Some(Role::Referee | Role::Manager | Role::Coach | Role::Official)
            )
        })
    };
    let mention = |i: usize| -> Range<usize> {
        let m = ment[i];
        let mut a = i;
        while a > 0 && ment[a - 1] == m {
            a -= 1;
        }
        let mut b = i + 1;
        while b < ment.len() && ment[b] == m {
            b += 1;
        }
        a..b
    };
    let w = |i: usize| if i < t.len() { t.word(i) } else { "" };
    let n = t.len();
    // Every description, with or without "the"; those with "the" are to resolve, those
    // standing before a name tie the description to that name.
    let mut found: Vec<Description> = Vec::new();
    let mut ties: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some((key, end)) = description_at(t, i, &entity, tagged) else {
            i += 1;
            continue;
        };
        let the = i > 0 && w(i - 1) == "the" && t.tokens[i - 1].sentence == t.tokens[i].sentence;
        // "Norway international Erling Haaland", "the Brazilian Richarlison".
        if end < n && !t.tokens[end - 1].has(flags::POSS) {
            if let Some(e) = person(end) {
                ties.push((key.clone(), e));
                i = mention(end).end;
                continue;
            }
        }
        // "the French goalkeeper" is a description; "the German Bundesliga" is not.
        let proper_after = end < n
            && t.tokens[end].has(flags::CAP)
            && entity(end).is_some()
            && !t.tokens[end - 1].has(flags::POSS);
        if the && !proper_after {
            found.push(Description { tokens: i - 1..end, key, entity: None });
        }
        i = end;
    }
    let mut out = Vec::new();
    for d in 0..found.len() {
        let start = found[d].tokens.start;
        let key = found[d].key.clone();
        // What each player is already called, by ties and by the descriptions resolved so far.
        // A role ("the forward") is no other name than a nationality: a player is both, and
        // may be the forward and the striker; roles are left out here.
        let role = |k: &str| k.starts_with("role:");
        let called = |e: usize, found: &[Description]| -> Option<String> {
            if role(&key) {
                return None;
            }
            ties.iter().find(|(k, x)| *x == e && !role(k)).map(|(k, _)| k.clone()).or_else(|| {
                found[..d].iter().find(|x| x.entity == Some(e) && !role(&x.key)).map(|x| x.key.clone())
            })
        };
        // 1. A player the article calls so, named before.
        // A role is tied by position only: "injured striker Viktor Gyokeres" does not make
        // every later "the striker" him.
        let tied = ties
            .iter()
            .filter(|(k, _)| *k == key && !role(k))
            .map(|&(_, e)| e)
            .filter(|&e| (0..start).any(|k| entity(k) == Some(e)))
            .collect::<Vec<_>>();
        let mut resolved = None;
        if !tied.is_empty() {
            if tied.iter().all(|&e| e == tied[0]) {
                resolved = Some(tied[0]);
            }
        } else {
            // 2. The nearest subject-like player in this sentence or the one before.
            let sent = t.tokens[start].sentence as usize;
            let from = if sent > 0 { t.sentences[sent - 1].tokens.start } else { 0 };
            let lo = start.saturating_sub(REACH).max(from);
            let mut k = start;
            while k > lo {
                k -= 1;
                if let Some((r, _)) = out.iter().find(|(r, _): &&(Range<usize>, usize)| r.contains(&k)) {
                    k = r.start;
                    continue;
                }
                if ment[k] == u32::MAX {
                    continue;
                }
                let m = mention(k);
                k = m.start;
                let Some(e) = person(m.start) else { continue };
                let owned = t.tokens[m.end - 1].has(flags::POSS);
                let before = if m.start > 0 { w(m.start - 1) } else { "" };
                // "Manchester City's Erling Haaland", "a Florian Wirtz strike".
                let modified = m.start > 0
                    && (t.tokens[m.start - 1].has(flags::POSS)
                        || matches!(before, "a" | "an" | "another" | "the" | "his" | "her" | "their"));
                if owned || modified || NOT_SUBJECT_AFTER.contains(&before) {
                    continue;
                }
                if called(e, &found).is_some_and(|c| c != key) {
                    continue;
                }
                resolved = Some(e);
                break;
            }
        }
        found[d].entity = resolved;
        if let Some(e) = resolved {
            out.push((found[d].tokens.clone(), e));
        }
    }
    out
}

/// The description starting at token `i` (without its "the"): what it calls the player and
/// the token after it.
fn description_at(
    t: &Tokens,
    i: usize,
    entity: &dyn Fn(usize) -> Option<usize>,
    tagged: &Tagged,
) -> Option<(String, usize)> {
    let w = |k: usize| if k < t.len() { t.word(k) } else { "" };
    let bare = |k: usize| w(k).strip_suffix("'s").unwrap_or(w(k)).to_string();
    let ends_role = |mut k: usize| -> Option<usize> {
        let stop = (k + 2).min(t.len());
        while k < stop && FILLER.contains(&w(k)) {
            k += 1;
        }
        DESCRIBED_AS.contains(&bare(k).as_str()).then(|| {
            // "full-back", "centre-half".
            let joined = k + 1 < t.len() && t.tokens[k + 1].has(flags::HYPHEN_JOINED);
            k + 1 + usize::from(joined)
        })
    };
    // "the former Chelsea striker", "the ex-Arsenal man".
    if matches!(w(i), "former" | "ex") {
        let c = i + 1;
        let e = entity(c).filter(|&e| tagged.entities[e].kind == EntityKind::Club)?;
        let mut k = c;
        while k < t.len() && entity(k) == Some(e) {
            k += 1;
        }
        let end = ends_role(k)?;
        return Some((format!("former:{}", tagged.entities[e].id), end));
    }
    // "the striker", "the teenager": a role alone, after "the" only ("striker Tammy Abraham"
    // ties the role to a name as a nationality would).
    if ROLE_ALONE.contains(&bare(i).as_str()) && entity(i).is_none() {
        let the = i > 0 && w(i - 1) == "the";
        let before_name = i + 1 < t.len() && entity(i + 1).is_some() && !t.tokens[i].has(flags::POSS);
        if the || before_name {
            return Some((format!("role:{}", bare(i)), i + 1));
        }
    }
    if !t.tokens[i].has(flags::CAP) {
        return None;
    }
    // "the Switzerland international".
    if let Some(e) = entity(i).filter(|&e| tagged.entities[e].kind == EntityKind::NationalTeam) {
        let mut k = i;
        while k < t.len() && entity(k) == Some(e) {
            k += 1;
        }
        if t.tokens[k - 1].has(flags::POSS) {
            return None;
        }
        let end = ends_role(k)?;
        let id = &tagged.entities[e].id;
        return Some((id.strip_prefix("team:").unwrap_or(id).to_string(), end));
    }
    // "the Paraguayan", "the Dutchman's", "the Dutch international".
    let b = bare(i);
    let country = DEMONYMS.iter().find(|(d, _)| *d == b)?.1;
    if entity(i).is_some() {
        return None;
    }
    let end = match ends_role(i + 1) {
        Some(end) if !t.tokens[i].has(flags::POSS) => end,
        _ if PERSON_DEMONYMS.contains(&b.as_str()) && !NOT_PERSON_AFTER.contains(&w(i + 1)) => i + 1,
        _ => return None,
    };
    Some((country.to_string(), end))
}
