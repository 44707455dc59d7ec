//! Steps 2 and 3, context: is the article football coverage; do weak aliases ("Forest",
//! "Jordan") and shared nicknames ("Blues", to the club named nearest) hold here; is a given
//! name the start of a person's name ("Jordan Pickford"); is a country or city name the place
//! ("in Qatar") or the team; and the suffixes a mention takes ("World Cup 2018", "Liverpool FC").

use super::super::lexicon::{FastMap, FastSet};
use super::super::{fold_key, EntityKind};
use super::doc::*;
use super::{Found, Ref, Tagger};

impl Tagger {
    pub(super) fn is_football(&self, doc: &Doc, raw: &[(Found, usize)]) -> bool {
        let mut score = 0;
        for (f, p) in raw {
            if self.pats[*p].weak {
                continue;
            }
            if let Ref::Gaz(e) = f.ent {
                score += match self.entities[e].kind {
                    EntityKind::Club | EntityKind::Competition | EntityKind::Venue => 2,
                    EntityKind::Person => 1,
                    _ => 0,
                };
            }
            if score >= 4 {
                return true;
            }
        }
        for t in 0..doc.toks.len() {
            let k = &doc.toks[t];
            // A competition no gazetteer knows ("Cosafa Cup") counts like one it knows.
            if k.has(CAP)
                && t > 0
                && doc.toks[t - 1].has(CAP)
                && doc.prev_word(t).is_some()
                && self.lex.is_competition_head(doc.word(t))
            {
                score += 2;
                if score >= 4 {
                    return true;
                }
                continue;
            }
            if k.has(CAP | DIGIT) || k.fend - k.fstart < 3 {
                continue;
            }
            if self.lex.is_football_cue(doc.word(t)) {
                score += 1;
                if score >= 4 {
                    return true;
                }
            }
        }
        false
    }

    /// Step 3: which gazetteer matches stand, as which entity; returns them and the tokens
    /// they (and the unknown names they rule out) cover.
    pub(super) fn resolve_aliases(
        &self,
        doc: &Doc,
        raw: &[(Found, usize)],
        football: bool,
    ) -> (Vec<Found>, Vec<bool>) {
        let text = doc.text;
        let n = doc.toks.len();
        let lex = &self.lex;
        let strong: FastSet<usize> = raw
            .iter()
            .filter(|(_, p)| !self.pats[*p].weak && self.pats[*p].alts.is_empty())
            .map(|(f, _)| self.pats_entity(f))
            .collect();
        // Weak aliases used mid-sentence somewhere in a football article count everywhere in it.
        let weak_mid: FastSet<usize> = raw
            .iter()
            .filter(|(f, p)| self.pats[*p].weak && !doc.toks[f.t0].has(SENT))
            .map(|(_, p)| *p)
            .collect();
        // Where each entity is named by an unshared alias, in text order (for shared nicknames).
        let mut named_at: FastMap<usize, Vec<usize>> = FastMap::default();
        for (g, q) in raw {
            if self.pats[*q].alts.is_empty() {
                named_at.entry(self.pats_entity(g)).or_default().push(g.range.start);
            }
        }
        let mut covered = vec![false; n];
        for (f, _) in raw {
            covered[f.t0..f.t1].iter_mut().for_each(|c| *c = true);
        }
        let mut found: Vec<Found> = Vec::with_capacity(raw.len());
        for (f, p) in raw.iter() {
            let pat = &self.pats[*p];
            let single = f.t1 - f.t0 == 1;
            let mut ent = pat.entity;
            if !pat.alts.is_empty() {
                // "Blues": whichever of its clubs the article names unambiguously, nearest first.
                // Any mention before beats any after; each entity's nearest by binary search.
                let at = f.range.start;
                let best = std::iter::once(pat.entity)
                    .chain(pat.alts.iter().copied())
                    .filter_map(|e| {
                        let xs = named_at.get(&e)?;
                        let k = xs.partition_point(|&x| x <= at);
                        let dist = match k {
                            0 => xs[0] - at + text.len(),
                            _ => at - xs[k - 1],
                        };
                        Some((dist, e))
                    })
                    .min();
                match best {
                    Some((_, e)) => ent = e,
                    None => continue,
                }
            } else if pat.weak && !strong.contains(&pat.entity) && !(football && weak_mid.contains(p)) {
                // Not this entity here; and not a person either (unless named so, see step 5).
                continue;
            }
            if single && pat.words == 1 {
                let w = doc.word(f.t0);
                let e = &self.entities[ent];
                let given_here = lex.is_given(w) || e.kind == EntityKind::Person;
                let name_after = f.t1 < n
                    && !covered[f.t1]
                    && doc.next_word(f.t0).is_some()
                    && !doc.toks[f.t0].has(POSS)
                    && doc.name_like(f.t1);
                let prev_given = f.t0 > 0
                    && !covered[f.t0 - 1]
                    && doc.prev_word(f.t0).is_some()
                    && doc.name_like(f.t0 - 1)
                    && lex.is_given(doc.word(f.t0 - 1))
                    && !doc.toks[f.t0 - 1].has(POSS)
                    && e.kind != EntityKind::Person;
                // "Jordan Pickford", "David Villa": a person, found in step 4.
                if (given_here && name_after) || prev_given {
                    covered[f.t0] = false;
                    continue;
                }
                // A nickname or weak alias inside a longer capitalised name ("Brazilian
                // Championship", "Andrey Santos", "AEK Larnaca") is not the entity.
                let alias = !pat.from_name || pat.weak;
                if alias && !strong.contains(&pat.entity) {
                    let cap_before = f.t0 > 0
                        && doc.prev_word(f.t0).is_some()
                        && !covered[f.t0 - 1]
                        && doc.toks[f.t0 - 1].has(CAP)
                        && !doc.toks[f.t0 - 1].has(POSS)
                        && !lex.is_function_word(doc.word(f.t0 - 1));
                    if cap_before && pat.weak {
                        covered[f.t0] = false;
                        continue;
                    }
                    if name_after && e.kind != EntityKind::Person {
                        // Neither the entity nor a person: an organisation we do not know.
                        let mut u = f.t1;
                        while u < n && !covered[u] && doc.name_like(u) {
                            covered[u] = true;
                            if doc.toks[u].has(POSS) || doc.next_word(u).is_none() {
                                break;
                            }
                            u += 1;
                        }
                        continue;
                    }
                }
            }
            let kind = self.entities[ent].kind;
            if matches!(kind, EntityKind::NationalTeam | EntityKind::Place) {
                match country_use(doc, f) {
                    CountryUse::Country => {}
                    // Covered: nothing else tags the word.
                    CountryUse::Neither => continue,
                    // "Germany 2006", "USA 94": the World Cup that country hosted that year.
                    CountryUse::Host(y) => {
                        if let Some(&wc) = self.by_key.get("world cup") {
                            if hosted_world_cup(&fold_key(&self.entities[ent].name), doc.word(y)) {
                                let mut g = Found {
                                    t0: f.t0,
                                    t1: y + 1,
                                    range: f.range.start..doc.toks[y].end,
                                    ent: Ref::Gaz(wc),
                                    weak: false,
                                };
                                // "Japan and Korea 2002": the co-host named just before.
                                let cohost = found.last().filter(|h| {
                                    h.t1 + 1 == f.t0
                                        && doc.word(h.t1) == "and"
                                        && matches!(h.ent, Ref::Gaz(e)
                                            if hosted_world_cup(&fold_key(&self.entities[e].name), doc.word(y)))
                                });
                                if let Some(h) = cohost {
                                    g.t0 = h.t0;
                                    g.range.start = h.range.start;
                                    found.pop();
                                }
                                covered[g.t0..g.t1].iter_mut().for_each(|c| *c = true);
                                found.push(g);
                            }
                        }
                        continue;
                    }
                    // Left for the person steps.
                    CountryUse::Player => {
                        covered[f.t0..f.t1].iter_mut().for_each(|c| *c = false);
                        continue;
                    }
                }
            }
            if pat.placeable {
                if let Some(twin) = self.info[ent].place_twin {
                    if self.is_place(doc, f, kind, football, &found) {
                        ent = twin;
                    }
                }
            }
            let mut f = f.clone();
            f.ent = Ref::Gaz(ent);
            f.weak = pat.weak || !pat.alts.is_empty();
            self.extend(doc, &mut f, kind);
            for c in &mut covered[f.t0..f.t1] {
                *c = true;
            }
            found.push(f);
        }
        (found, covered)
    }

    /// Is this country or city name (a placeable alias) the place rather than the team?
    pub(super) fn is_place(
        &self,
        doc: &Doc,
        f: &Found,
        kind: EntityKind,
        football: bool,
        before: &[Found],
    ) -> bool {
        let lex = &self.lex;
        let last = f.t1 - 1;
        // After the name. A possessive is the team ("England's hopes"), unless a body or an office
        // of the country follows ("Spain's Football Federation", "Spain's anti-violence
        // commission", "Spain's minister of sport").
        if doc.toks[last].has(POSS) {
            let mut u = last;
            for _ in 0..3 {
                let Some(nx) = doc.next_word(u) else { break };
                let w = doc.word(nx);
                if lex.is_org_head(w)
                    || matches!(
                        w,
                        "minister"
                            | "ministry"
                            | "government"
                            | "parliament"
                            | "president"
                            | "embassy"
                            | "democracy"
                    )
                {
                    return true;
                }
                if doc.toks[nx].has(POSS) {
                    break;
                }
                u = nx;
            }
            return false;
        }
        if let Some(nx) = doc.next_word(last) {
            let w = doc.word(nx);
            // "the interest of Uganda football", "Brazilian soccer": the country's game, unless a
            // team word follows ("England football team").
            if matches!(w, "football" | "soccer")
                && !doc.toks[nx].has(CAP)
                && !doc.next_word(nx).is_some_and(|n2| lex.is_team_noun(doc.word(n2)))
            {
                return true;
            }
            if lex.is_team_noun(w) || doc.toks[nx].has(DIGIT) {
                return false;
            }
            // "a Uefa Congress in Estonia will vote": after "in", a verb does not make the team.
            let after_in = doc.prev_word(f.t0).is_some_and(|p| doc.word(p) == "in");
            if lex.is_team_verb(w) && !after_in {
                return false;
            }
        }
        // "Al Khor (Qatar)", "Doha, Qatar": after a place.
        if f.t0 > 0 {
            let gap = doc.gap_before(f.t0).trim();
            if (gap == "(" || gap == ",")
                && before.last().is_some_and(|p| {
                    p.t1 == f.t0 && matches!(p.ent, Ref::Gaz(e) if self.entities[e].kind == EntityKind::Place)
                })
            {
                return true;
            }
        }
        // Before the name.
        if let Some(mut p) = doc.prev_word(f.t0) {
            if doc.word(p) == "the" {
                match doc.prev_word(p) {
                    Some(q) => p = q,
                    None => return !football,
                }
            }
            let w = doc.word(p);
            let club = kind == EntityKind::Club;
            if w == "in" || w == "born" || w == "based" {
                return true;
            }
            if !club && lex.is_locative(w) {
                return true;
            }
            if w == "to" && !club {
                return doc.prev_word(p).is_some_and(|q| lex.is_motion(doc.word(q)));
            }
            if w == "of" {
                // "the capital of Qatar"; "Mia Hamm of the United States", "Jason Damoo of the
                // Seychelles": someone's country.
                return doc.prev_word(p).is_some_and(|q| {
                    lex.is_place_noun(doc.word(q)) || (doc.toks[q].has(CAP) && doc.name_like(q))
                });
            }
            if w == "v" || w == "vs" || w == "against" || w == "beat" || w == "and" && football {
                return false;
            }
        }
        !football
    }

    /// Competitions take a following year ("World Cup 2018"), clubs a following "FC".
    pub(super) fn extend(&self, doc: &Doc, f: &mut Found, kind: EntityKind) {
        let last = f.t1 - 1;
        if doc.toks[last].has(POSS) {
            return;
        }
        let Some(nx) = doc.next_word(last) else { return };
        let w = doc.word(nx);
        let ok = match kind {
            EntityKind::Competition => is_year(w),
            EntityKind::Club => {
                // "Manchester City Football Club".
                if doc.surface(nx) == "Football"
                    && doc.next_word(nx).is_some_and(|c| doc.surface(c) == "Club")
                {
                    f.t1 = nx + 2;
                    f.range.end = doc.toks[nx + 1].end;
                    return;
                }
                matches!(doc.surface(nx), "FC" | "AFC")
            }
            EntityKind::Person => {
                matches!(w, "fils" | "jr" | "jnr" | "junior" | "snr" | "sr" | "ii" | "iii")
                    && doc.toks[nx].has(CAP)
            }
            _ => false,
        };
        if ok {
            f.t1 = nx + 1;
            f.range.end = doc.toks[nx].end;
        }
    }
}

/// What a country's name stands for where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountryUse {
    /// The country or its team (`is_place` decides which).
    Country,
    /// Neither, nor anything else: "US$10,000" (a currency), "USA 94", "Korea 2002" (a
    /// tournament by its host and year).
    Neither,
    /// The country's name and a year (the token given): "Germany 2006", "USA 94"; neither the
    /// country nor the team, but the World Cup if it was played there that year.
    Host(usize),
    /// A player of that surname in a team sheet: "Holland (Charlton)", "Holland (Jeffers 77)".
    Player,
}

fn country_use(doc: &Doc, f: &Found) -> CountryUse {
    let last = f.t1 - 1;
    if doc.text[f.range.end..].starts_with('$') {
        return CountryUse::Neither;
    }
    if !doc.toks[last].has(POSS) {
        if let Some(nx) = doc.next_word(last) {
            let w = doc.word(nx);
            let two_digit_year = w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()) && w >= "30";
            let ends = nx + 1 >= doc.toks.len() || !doc.gap_before(nx + 1).starts_with(['-', '\u{2013}']);
            if (is_year(w) || two_digit_year) && ends {
                return CountryUse::Host(nx);
            }
        }
    }
    // "Holland (Jeffers 77)": a name, then a minute or nothing, then the closing bracket, in a
    // list (after a comma or a colon).
    let listed = f.t0 > 0 && matches!(doc.gap_before(f.t0).trim(), "," | ":");
    if listed && f.t1 < doc.toks.len() && doc.gap_before(f.t1).trim() == "(" && doc.toks[f.t1].has(CAP) {
        let mut u = f.t1 + 1;
        while u < doc.toks.len()
            && (doc.toks[u].has(CAP) || doc.toks[u].has(DIGIT))
            && is_spaces(doc.gap_before(u))
        {
            u += 1;
        }
        if doc.text[doc.toks[u - 1].end..].trim_start().starts_with(')') {
            return CountryUse::Player;
        }
    }
    CountryUse::Country
}

/// World Cup hosts (folded gazetteer names) and the years they hosted it.
const WORLD_CUP_HOSTS: &[(&str, &[u16])] = &[
    ("uruguay", &[1930]),
    ("italy", &[1934, 1990]),
    ("france", &[1938, 1998]),
    ("brazil", &[1950, 2014]),
    ("switzerland", &[1954]),
    ("sweden", &[1958]),
    ("chile", &[1962]),
    ("england", &[1966]),
    ("mexico", &[1970, 1986, 2026]),
    ("germany", &[1974, 2006]),
    ("argentina", &[1978]),
    ("spain", &[1982]),
    ("united states", &[1994, 2026]),
    ("japan", &[2002]),
    ("south korea", &[2002]),
    ("south africa", &[2010]),
    ("russia", &[2018]),
    ("qatar", &[2022]),
    ("canada", &[2026]),
];

/// Did the country `name` (folded) host the World Cup in `year` ("2006", or "94" for 1994)?
fn hosted_world_cup(name: &str, year: &str) -> bool {
    let Ok(y) = year.parse::<u16>() else { return false };
    let y = if year.len() == 2 { 1900 + y } else { y };
    WORLD_CUP_HOSTS.iter().any(|(n, ys)| *n == name && ys.contains(&y))
}
