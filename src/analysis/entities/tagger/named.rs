//! Step 3b, names typed by their context and by the place list, for entities no gazetteer
//! knows: venues ("Independence Stadium", "Stade X", "X Park" after "at"), competitions ("Cosafa
//! Cup", with a year after it), organisations (a name ending in "Federation",
//! "Association"..., or after "sponsor", "broadcaster"), places (a name of the GeoNames list
//! after a locative, "X-based", a dateline "LONDON (Reuters) -", a county in parentheses after
//! a name), and Korean names written family name first ("Park Joo-Ho"). Known competitions
//! also take a year and a governing body before them ("2018 FIFA World Cup").
//! Then bodies named after a country, a demonym or a club ("Uganda FA", "Bulgarian FA",
//! "Tanzania Football Federation", "Chelsea TV") become one organisation, an organisation's
//! head takes "of X" ("Council of Sports"), and an acronym in parentheses after an
//! organisation ("(TFF)") names it there and later.
//!
//! Every rule reads a token's neighbours only, so the step is linear in article length.

use super::super::lexicon::FastMap;
use super::super::{fold_key, slug, Entity, EntityKind};
use super::doc::*;
use super::{Found, Ref, Tagger};

/// Most words in a name typed by context.
const MAX_WORDS: usize = 5;

/// The entities this step creates, one per id.
#[derive(Default)]
struct NewEntities {
    list: Vec<Entity>,
    by_id: FastMap<String, usize>,
}

impl NewEntities {
    fn get(&mut self, name: &str, kind: EntityKind) -> usize {
        let prefix = match kind {
            EntityKind::Person => "person",
            EntityKind::Venue => "venue",
            EntityKind::Competition => "competition",
            EntityKind::Organisation => "org",
            EntityKind::Club => "club",
            EntityKind::NationalTeam => "team",
            EntityKind::Place => "place",
        };
        let id = format!("{prefix}:{}", slug(name));
        *self.by_id.entry(id.clone()).or_insert_with(|| {
            self.list.push(Entity { id, name: name.to_string(), kind, role: None, aliases: Vec::new() });
            self.list.len() - 1
        })
    }
}

impl Tagger {
    /// Step 3b: adds the mentions it types to `found` (sorted again) and returns the new
    /// entities (`Ref::New` indices into it; step 4 appends its people after them).
    pub(super) fn named_by_context(
        &self,
        doc: &Doc,
        cand: &[usize],
        found: &mut Vec<Found>,
        covered: &mut [bool],
    ) -> Vec<Entity> {
        let mut new = NewEntities::default();
        let mut add: Vec<Found> = Vec::new();
        self.competition_prefixes(doc, found, covered);
        // Names ending in a head word ("Stadium", "Cup", "Association"), from the head back.
        for h in 0..doc.toks.len() {
            let k = &doc.toks[h];
            if covered[h] || k.fend - k.fstart < 3 || k.has(DIGIT) {
                continue;
            }
            if let Some(f) = self.headed_name(doc, h, covered, &mut new) {
                covered[f.t0..f.t1].iter_mut().for_each(|c| *c = true);
                add.push(f);
            }
        }
        for &t in cand {
            if covered[t] {
                continue;
            }
            let f = self
                .venue_start(doc, t, covered, &mut new)
                .or_else(|| self.korean_name(doc, t, covered, &mut new))
                .or_else(|| self.org_after_cue(doc, t, covered, &mut new))
                .or_else(|| self.place_in_context(doc, t, covered, &mut new));
            if let Some(f) = f {
                covered[f.t0..f.t1].iter_mut().for_each(|c| *c = true);
                add.push(f);
            }
        }
        if !add.is_empty() {
            found.extend(add);
            found.sort_by_key(|f| f.range.start);
        }
        self.national_bodies(doc, found, covered, &mut new);
        Self::acronyms(doc, found, covered);
        new.list
    }

    /// "Tanzania Football Federation (TFF)", "National Council of Sports (NCS)": capitals in
    /// parentheses right after an organisation, spelling its initials, name it there and
    /// wherever else they stand alone later. Linear: one pass over the mentions, one over
    /// the tokens after the first such acronym, with a map of at most a few entries.
    fn acronyms(doc: &Doc, found: &mut Vec<Found>, covered: &mut [bool]) {
        let mut short: Vec<(String, Ref, usize)> = Vec::new();
        for f in found.iter() {
            let Some(u) = (f.t1 < doc.toks.len()).then_some(f.t1) else { continue };
            let tok = &doc.toks[u];
            let len = tok.end - tok.start;
            if covered[u]
                || !tok.has(ALLCAPS)
                || !(2..=6).contains(&len)
                || !doc.gap_before(u).trim().eq("(")
                || !doc.text[tok.end..].starts_with(')')
            {
                continue;
            }
            // Initials of the name's capitalised words ("of", "the" left out).
            let initials: String = doc.text[f.range.clone()]
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                .collect();
            let acr = doc.surface(u);
            if initials.len() < 2 || initials != acr {
                continue;
            }
            short.push((doc.word(u).to_string(), f.ent, u));
        }
        if short.is_empty() {
            return;
        }
        let from = short.iter().map(|s| s.2).min().unwrap_or(0);
        let mut add = Vec::new();
        for (u, c) in covered.iter_mut().enumerate().skip(from) {
            if *c || !doc.toks[u].has(ALLCAPS) {
                continue;
            }
            let w = doc.word(u);
            if let Some((_, ent, _)) = short.iter().find(|(a, _, at)| a == w && *at <= u) {
                *c = true;
                add.push(Found {
                    t0: u,
                    t1: u + 1,
                    range: doc.toks[u].start..doc.toks[u].end,
                    ent: *ent,
                    weak: false,
                });
            }
        }
        found.extend(add);
        found.sort_by_key(|f| f.range.start);
    }

    /// "Uganda FA", "Bulgarian FA", "Tanzania Football Federation", "Chelsea TV": a country, a
    /// demonym or a club right before a body ("FA", "Football ...") or "TV" names one
    /// organisation, not a team and the national association. One pass over the mentions.
    fn national_bodies(
        &self,
        doc: &Doc,
        found: &mut Vec<Found>,
        covered: &mut [bool],
        new: &mut NewEntities,
    ) {
        let kind_of = |f: &Found, new: &NewEntities| match f.ent {
            Ref::Gaz(e) => self.entities[e].kind,
            Ref::New(i) => new.list[i].kind,
        };
        let mut out: Vec<Found> = Vec::with_capacity(found.len());
        for f in found.drain(..) {
            let body = kind_of(&f, new) == EntityKind::Organisation
                && (doc.surface(f.t0) == "FA" || (doc.word(f.t0) == "football" && f.t1 - f.t0 >= 2));
            let p = doc.prev_word(f.t0);
            // The mention before it, when it is the word right before.
            let team = out.last().filter(|g| {
                Some(g.t0) == p
                    && g.t1 == g.t0 + 1
                    && !doc.toks[g.t0].has(POSS)
                    && matches!(
                        kind_of(g, new),
                        EntityKind::NationalTeam | EntityKind::Place | EntityKind::Club
                    )
            });
            let start = if !body {
                None
            } else if let Some(g) = team {
                Some(g.t0)
            } else {
                // A demonym: "Bulgarian FA" (not "The FA", not "Former FA chief").
                p.filter(|&q| {
                    let w = doc.word(q);
                    !covered[q]
                        && doc.toks[q].has(CAP)
                        && !doc.toks[q].has(POSS)
                        && !self.lex.is_function_word(w)
                        && (w.ends_with("ian")
                            || w.ends_with("ish")
                            || w.ends_with("ese")
                            || w.ends_with("can"))
                })
            };
            if let Some(a) = start {
                if team.is_some() {
                    out.pop();
                }
                let name = Self::name_of(doc, a, f.t1);
                if let Some(m) = self.found(doc, a, f.t1, &name, EntityKind::Organisation, new) {
                    covered[a..f.t1].iter_mut().for_each(|c| *c = true);
                    out.push(m);
                    continue;
                }
            }
            // "Chelsea TV", "Arsenal TV": a club's channel.
            if let Some(u) = doc.next_word(f.t1 - 1).filter(|&u| {
                f.t1 - f.t0 == 1 && !covered[u] && doc.surface(u) == "TV" && !doc.toks[f.t0].has(POSS)
            }) {
                if kind_of(&f, new) == EntityKind::Club {
                    let name = Self::name_of(doc, f.t0, u + 1);
                    if let Some(m) = self.found(doc, f.t0, u + 1, &name, EntityKind::Organisation, new) {
                        covered[f.t0..=u].iter_mut().for_each(|c| *c = true);
                        out.push(m);
                        continue;
                    }
                }
            }
            out.push(f);
        }
        *found = out;
    }

    /// The reference for a name this step types: the gazetteer's entity when it has this id
    /// (or, for places, this name as a place), else a new one.
    fn entity_for(&self, name: &str, kind: EntityKind, new: &mut NewEntities) -> Option<Ref> {
        if kind == EntityKind::Place {
            if let Some(&e) = self.by_key.get(&fold_key(name)) {
                let ent = &self.entities[e];
                return match (ent.kind, self.info[e].place_twin) {
                    (EntityKind::Place, _) => Some(Ref::Gaz(e)),
                    (_, Some(twin)) => Some(Ref::Gaz(twin)),
                    // A person or an organisation by that name: not typed here.
                    _ => None,
                };
            }
        }
        let i = new.get(name, kind);
        if let Some(&e) = self.by_key.get(&new.list[i].id) {
            return Some(Ref::Gaz(e));
        }
        Some(Ref::New(i))
    }

    fn found(
        &self,
        doc: &Doc,
        t0: usize,
        t1: usize,
        name: &str,
        kind: EntityKind,
        new: &mut NewEntities,
    ) -> Option<Found> {
        let ent = self.entity_for(name, kind, new)?;
        Some(Found { t0, t1, range: doc.toks[t0].start..doc.toks[t1 - 1].end, ent, weak: false })
    }

    /// The name of tokens `a..b` as written, white space collapsed.
    fn name_of(doc: &Doc, a: usize, b: usize) -> String {
        doc.text[doc.toks[a].start..doc.toks[b - 1].end].split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// May token `u` be a word of a name typed by context (capitalised, not a function word
    /// nor a possessive that ends the name before it)?
    fn name_word(&self, doc: &Doc, u: usize, covered: &[bool]) -> bool {
        let k = &doc.toks[u];
        !covered[u] && k.has(CAP) && !k.has(DIGIT) && !self.lex.is_function_word(doc.word(u))
    }

    /// Start of the run of name words ending just before `h` (`h` itself when there is none).
    fn run_before(&self, doc: &Doc, h: usize, covered: &[bool]) -> usize {
        let mut a = h;
        while a > 0 && h - a < MAX_WORDS - 1 && doc.prev_word(a).is_some() {
            let u = a - 1;
            if doc.toks[u].has(POSS) {
                break;
            }
            let particle = doc.is_part(u) && u > 0 && self.name_word(doc, u - 1, covered);
            if !(self.name_word(doc, u, covered) || particle) {
                break;
            }
            a = u;
        }
        // A sentence-initial word that is no name ("Yesterday Cosafa Cup") does not start it.
        while a < h && doc.is_part(a) && !doc.toks[a].has(CAP) {
            a += 1;
        }
        a
    }

    /// "Independence Stadium", "Lusaka's Independence stadium", "at Fratton Park", "Cosafa
    /// Cup 2005", "Zambian Football Association": a run of capitalised words and its head.
    fn headed_name(&self, doc: &Doc, h: usize, covered: &[bool], new: &mut NewEntities) -> Option<Found> {
        let lex = &self.lex;
        let w = doc.word(h);
        let cap = doc.toks[h].has(CAP);
        let kind = if lex.is_venue_head(w) || (cap && lex.is_venue_after_at(w)) {
            EntityKind::Venue
        } else if cap && lex.is_competition_head(w) {
            EntityKind::Competition
        } else if cap && lex.is_org_head(w) {
            EntityKind::Organisation
        } else {
            return None;
        };
        let a = self.run_before(doc, h, covered);
        if a == h {
            return None;
        }
        // A lone first word at the start of a sentence may be an ordinary word ("Stadium" after
        // "New"): it needs to look like a name.
        if h - a == 1 && doc.toks[a].has(SENT) && !doc.name_like(a) {
            return None;
        }
        let before = doc.prev_word(a).map(|p| doc.word(p));
        let before2 = doc.prev_word(a).and_then(|p| doc.prev_word(p)).map(|q| doc.word(q));
        if kind == EntityKind::Venue && !lex.is_venue_head(w) {
            // "Park", "Road": only "at X Park", "at the X Road".
            let at = before == Some("at") || (before == Some("the") && before2 == Some("at"));
            if !at {
                return None;
            }
        }
        if !cap {
            // "Independence stadium": after a possessive, "the", "at" or "new".
            let p = a.checked_sub(1)?;
            let ok = doc.toks[p].has(POSS) || matches!(before, Some("the" | "at" | "new" | "its" | "their"));
            if !ok {
                return None;
            }
        }
        let mut b = h + 1;
        if kind == EntityKind::Competition {
            // "Cosafa Cup 2005"
            if let Some(nx) = doc.next_word(h) {
                if is_year(doc.word(nx)) {
                    b = nx + 1;
                }
            }
        }
        if kind == EntityKind::Organisation {
            // "National Council of Sports", "Confederation of African Football": "of" and the
            // capitalised words after the head.
            if let Some(of) = doc.next_word(h).filter(|&o| doc.word(o) == "of" && !doc.toks[h].has(POSS)) {
                let e = self.name_run_end(doc, of, 4, covered);
                if e > of + 1 {
                    b = e;
                }
            }
        }
        let mut name = Self::name_of(doc, a, if kind == EntityKind::Organisation { b } else { h + 1 });
        if !cap {
            // One name however it is written: "Independence stadium" is "Independence Stadium".
            let head = doc.surface(h);
            let mut c = head.chars();
            let upper: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
            name = format!("{}{upper}", &name[..name.len() - head.len()]);
        }
        self.found(doc, a, b, &name, kind, new)
    }

    /// Just past the run of name words that follows token `t` (at most `max` words from `t`,
    /// through particles such as "de" when a name word follows them, not past a possessive).
    fn name_run_end(&self, doc: &Doc, t: usize, max: usize, covered: &[bool]) -> usize {
        let n = doc.toks.len();
        let mut b = t + 1;
        while b < n && b - t < max && !doc.toks[b - 1].has(POSS) && doc.next_word(b - 1).is_some() {
            let particle = doc.is_part(b)
                && b + 1 < n
                && doc.next_word(b).is_some()
                && self.name_word(doc, b + 1, covered);
            if !(self.name_word(doc, b, covered) || particle) {
                break;
            }
            b += 1;
        }
        b
    }

    /// "Stade de France", "Estadio Azteca": a venue word and the capitalised words after it.
    fn venue_start(&self, doc: &Doc, t: usize, covered: &[bool], new: &mut NewEntities) -> Option<Found> {
        if !doc.toks[t].has(CAP) || !self.lex.is_venue_start(doc.word(t)) {
            return None;
        }
        let mut b = self.name_run_end(doc, t, MAX_WORDS, covered);
        while b > t + 1 && doc.is_part(b - 1) {
            b -= 1;
        }
        if b == t + 1 {
            return None;
        }
        let name = Self::name_of(doc, t, b);
        self.found(doc, t, b, &name, EntityKind::Venue, new)
    }

    /// "Park Joo-Ho", "Kim Nam-Il": a Korean family name before a hyphenated given name.
    fn korean_name(&self, doc: &Doc, t: usize, covered: &[bool], new: &mut NewEntities) -> Option<Found> {
        if !doc.toks[t].has(CAP) || doc.toks[t].has(POSS) || !self.lex.is_korean_surname(doc.word(t)) {
            return None;
        }
        let u = doc.next_word(t)?;
        if covered[u] || !doc.toks[u].has(CAP) {
            return None;
        }
        let (x, y) = doc.word(u).split_once('-')?;
        let syllable = |s: &str| (2..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
        if !syllable(x) || !syllable(y) {
            return None;
        }
        let name = Self::name_of(doc, t, u + 1);
        self.found(doc, t, u + 1, &name, EntityKind::Person, new)
    }

    /// "shirt sponsor Carlsberg", "broadcaster Canal Plus", "sponsored by Emirates".
    fn org_after_cue(&self, doc: &Doc, t: usize, covered: &[bool], new: &mut NewEntities) -> Option<Found> {
        let p = doc.prev_word(t)?;
        let w = doc.word(p);
        let cue = self.lex.is_org_cue(w)
            || (w == "by"
                && doc.prev_word(p).is_some_and(|q| self.lex.is_org_cue(&format!("{} by", doc.word(q)))));
        if !cue || !self.name_word(doc, t, covered) {
            return None;
        }
        let n = doc.toks.len();
        let mut b = t + 1;
        while b < n
            && b - t < 4
            && !doc.toks[b - 1].has(POSS)
            && doc.next_word(b - 1).is_some()
            && self.name_word(doc, b, covered)
        {
            b += 1;
        }
        let name = Self::name_of(doc, t, b);
        self.found(doc, t, b, &name, EntityKind::Organisation, new)
    }

    /// Places: a name of the list after a locative ("in Lusaka"), "Lusaka-based", a dateline
    /// ("LUSAKA (Reuters) -"), a county in parentheses after a name ("G Poll (Hertfordshire)").
    fn place_in_context(
        &self,
        doc: &Doc,
        t: usize,
        covered: &[bool],
        new: &mut NewEntities,
    ) -> Option<Found> {
        let lex = &self.lex;
        let tok = &doc.toks[t];
        if !tok.has(CAP) || tok.has(DIGIT) {
            return None;
        }
        let w = doc.word(t);
        // "Lusaka-based": the place before "-based" (any capitalised name).
        if let Some(head) = w.strip_suffix("-based") {
            let surface = doc.surface(t);
            let name = &surface[..surface.len() - "-based".len()];
            if head.is_empty() || head.contains('-') || lex.is_non_name(head) {
                return None;
            }
            let name = self.places.get(&fold_key(name)).map_or(name.to_string(), |p| p.name.clone());
            let ent = self.entity_for(&name, EntityKind::Place, new)?;
            return Some(Found {
                t0: t,
                t1: t + 1,
                range: tok.start..tok.start + (tok.end - tok.start - "-based".len()),
                ent,
                weak: false,
            });
        }
        // "(Hertfordshire)" right after a name.
        let gap = doc.gap_before(t);
        if gap.trim_end().ends_with('(')
            && t > 0
            && doc.toks[t - 1].has(CAP)
            && doc.text[tok.end..].starts_with(')')
        {
            let county = lex.is_county(w) || (w.len() > 7 && w.ends_with("shire"));
            if county || self.places.get(w).is_some() {
                let name = doc.surface(t).to_string();
                return self.found(doc, t, t + 1, &name, EntityKind::Place, new);
            }
        }
        // "(N Lincolnshire)", "(S Gloucestershire)": a compass point's initial, then the county.
        if gap.trim_end().ends_with('(')
            && t > 0
            && doc.toks[t - 1].has(CAP)
            && matches!(w, "n" | "s" | "e" | "w")
        {
            if let Some(u) = doc.next_word(t).filter(|&u| doc.text[doc.toks[u].end..].starts_with(')')) {
                let c = doc.word(u);
                if lex.is_county(c) || (c.len() > 7 && c.ends_with("shire")) {
                    let name = Self::name_of(doc, t, u + 1);
                    return self.found(doc, t, u + 1, &name, EntityKind::Place, new);
                }
            }
        }
        // A dateline: capitals at the start of a paragraph, then "(Agency)" or a dash.
        if tok.has(ALLCAPS) && (t == 0 || gap.contains('\n')) {
            let mut b = t + 1;
            while b < doc.toks.len()
                && b - t < 3
                && doc.toks[b].has(ALLCAPS)
                && doc.next_word(b - 1).is_some()
            {
                b += 1;
            }
            let rest = doc.text[doc.toks[b - 1].end..].trim_start_matches(' ');
            let agency = rest.starts_with('(')
                && rest[1..].find(')').is_some_and(|c| {
                    c < 30 && rest[c + 2..].trim_start().starts_with(['-', '\u{2013}', '\u{2014}'])
                });
            let dash = rest.starts_with(['-', '\u{2013}', '\u{2014}']);
            if agency || dash {
                let key = (t..b).map(|u| doc.word(u)).collect::<Vec<_>>().join(" ");
                let name = match self.places.get(&key) {
                    Some(p) => p.name.clone(),
                    None if agency => title_case(&Self::name_of(doc, t, b)),
                    None => return None,
                };
                return self.found(doc, t, b, &name, EntityKind::Place, new);
            }
        }
        // After a locative: the longest name of the list the capitalised run starts with, if
        // it is the whole run ("in Belo Horizonte", not "in Belo Horizonte Stadium").
        let p = doc.prev_word(t)?;
        let pw = doc.word(p);
        if !(lex.is_locative(pw) || pw == "from" || pw == "near" || pw == "born") {
            return None;
        }
        let n = doc.toks.len();
        let b = self.name_run_end(doc, t, self.places.max_words.min(MAX_WORDS), covered);
        // The run must end here: another capitalised word after it makes it a longer name.
        if b < n && !doc.toks[b - 1].has(POSS) && doc.next_word(b - 1).is_some() && doc.toks[b].has(CAP) {
            return None;
        }
        if b - t == 1 && (lex.is_non_name(w) || lex.is_given(w) || lex.is_common_word(w) || tok.has(ALLCAPS))
        {
            return None;
        }
        let key = (t..b).map(|u| doc.word(u)).collect::<Vec<_>>().join(" ");
        let place = self.places.get(&key)?;
        let name = place.name.clone();
        self.found(doc, t, b, &name, EntityKind::Place, new)
    }

    /// Known competitions take a year and a governing body in front ("2018 FIFA World Cup"):
    /// the body's mention merges into the competition's.
    fn competition_prefixes(&self, doc: &Doc, found: &mut Vec<Found>, covered: &mut [bool]) {
        let is_comp =
            |f: &Found| matches!(f.ent, Ref::Gaz(e) if self.entities[e].kind == EntityKind::Competition);
        let is_body = |f: &Found| {
            matches!(f.ent, Ref::Gaz(e) if self.entities[e].kind == EntityKind::Organisation
                && is_body_word(doc.word(f.t0)))
        };
        let mut out: Vec<Found> = Vec::with_capacity(found.len());
        for f in found.drain(..) {
            let mut f = f;
            if is_comp(&f) {
                let mut body = is_body_word(doc.word(f.t0));
                if let Some(g) = out.last() {
                    if is_body(g) && g.t1 == f.t0 && doc.prev_word(f.t0).is_some() {
                        f.t0 = g.t0;
                        f.range.start = g.range.start;
                        out.pop();
                        body = true;
                    }
                }
                // The year only with the body: "the 2004 European Championship" is annotated
                // without it, like "the 1966 World Cup".
                if let Some(p) = doc.prev_word(f.t0).filter(|_| body) {
                    if is_year(doc.word(p)) && !covered[p] {
                        f.t0 = p;
                        f.range.start = doc.toks[p].start;
                        covered[p] = true;
                    }
                }
            }
            out.push(f);
        }
        *found = out;
    }
}

/// The governing bodies named before their competitions ("FIFA World Cup").
fn is_body_word(w: &str) -> bool {
    matches!(w, "fifa" | "uefa" | "caf" | "afc" | "concacaf" | "conmebol")
}

/// "LONDON" → "London", "NEW YORK" → "New York".
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}
