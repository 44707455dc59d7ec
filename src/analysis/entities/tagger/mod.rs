//! The tagger: finds entity mentions in one article and resolves them.
//!
//! The text is folded (case, diacritics, curly quotes, with a list of offset shifts back to
//! the original bytes) and split into word tokens. Only capitalised words, numbers, name
//! particles and a few lower-case alias starts can begin a mention; everything after works on
//! those candidates with linear checks of their neighbours:
//!
//! 1. gazetteer aliases: an anchored aho-corasick DFA walked from each candidate, longest
//!    match first that ends on a word boundary and has the capitals the alias asks for;
//! 2. is this football coverage? (gazetteer clubs, competitions and venues, or football words);
//! 3. weak aliases ("Forest", "Jordan") need football context or an unambiguous mention, and
//!    are not the entity inside a longer capitalised name ("Andrey Santos"); shared nicknames
//!    ("Blues") go to the club the article names nearest; a given name next to a capitalised
//!    word is left to name discovery ("Jordan Pickford"); country and city names are the
//!    place after a locative ("in Qatar", "to" after a motion verb, "(Qatar)" after a place)
//!    and otherwise the team in football text; then (step 3b, [`named`]) names no gazetteer
//!    knows, typed by context: venues ("Independence Stadium", "Stade X", "X Park" after
//!    "at"), competitions ("Cosafa Cup"), organisations ("X Federation", "sponsor X"), places
//!    of the GeoNames list after a locative, "X-based", datelines, a county in parentheses
//!    after a name, and "Park Joo-Ho";
//! 4. capitalised names in no gazetteer become people when the context says so: a role word
//!    before ("midfielder", "referee"), a speech verb after or before, "X's side", a known
//!    given name, a football action after, or (in football text) simply a run of capitalised
//!    words mid-sentence that no article, determiner or locative precedes;
//! 5. single words: the same cues, plus, at the start of a sentence, a word never seen in
//!    lower case; then, in text order, a surname (or multi-word surname, "van Dijk") resolves
//!    to the person named in full, the most recent if several share it, a bare first name
//!    only when one person has it and nobody has it as a surname, and "United" or "City" to
//!    the club of that name mentioned nearest.
//!
//! One file per step: [`doc`] folds and tokenises the article (the stand-in for the shared
//! text layer), [`matcher`] finds gazetteer aliases (step 1), [`context`] reads football
//! context, team or place and weak aliases (steps 2-3), [`named`] types names by context
//! and the place list (step 3b), [`people`] finds people in no
//! gazetteer (step 4), and [`resolve`] links surnames, first names and club short forms to
//! them and assembles the result (step 5). Every step is linear in article length: look-ups
//! are hash probes or binary searches, never scans of all mentions.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::dfa::DFA;
use aho_corasick::{MatchKind, StartKind};
use serde::Serialize;

use super::gazetteer::Gazetteer;
use super::lexicon::{is_particle, Lexicon};
use super::places::Places;
use super::{fold_key, slug, Entity, EntityKind};

mod context;
mod doc;
mod matcher;
mod named;
mod people;
mod resolve;
#[cfg(test)]
mod tests;

use doc::{is_year, Doc, CAP, DIGIT};
use matcher::{case_of, Case, Pat};

/// One mention: a byte range into the article text and the entity it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte range into the text; excludes a possessive `'s` and the "the" of "the Valley".
    pub range: Range<usize>,
    /// Index into [`Tagged::entities`].
    pub entity: usize,
}

/// The entities of one article and their mentions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tagged {
    /// Distinct entities, in order of first mention, including people found in the text.
    pub entities: Vec<Entity>,
    /// Mentions in text order, not overlapping.
    pub mentions: Vec<Mention>,
}

impl Tagged {
    /// The person mentions, as quote attribution takes them (the one way indexing and the
    /// evaluation derive them).
    pub fn people(&self) -> Vec<crate::analysis::quotes::PersonMention> {
        self.mentions
            .iter()
            .filter(|m| self.entities[m.entity].kind == EntityKind::Person)
            .map(|m| crate::analysis::quotes::PersonMention {
                range: m.range.clone(),
                id: self.entities[m.entity].id.clone(),
                name: self.entities[m.entity].name.clone(),
            })
            .collect()
    }
}

/// Built once from a gazetteer; `Send + Sync`, so one tagger serves every indexing thread.
pub struct Tagger {
    /// Gazetteer entities, then the place twins of teams and clubs ("place:qatar").
    entities: Vec<Entity>,
    info: Vec<EntInfo>,
    pats: Vec<Pat>,
    dfa: DFA,
    /// Folded first words of aliases that start in lower case ("bet365", "bein").
    lower_first: Vec<String>,
    lower_first_bytes: [bool; 256],
    /// The folded text of each pattern (for look-ups of year aliases).
    pat_keys: Vec<String>,
    by_key: HashMap<String, usize>,
    lex: Lexicon,
    /// Countries, continents and cities (GeoNames), for places named in context.
    places: Places,
}

#[derive(Debug, Clone, Default)]
struct EntInfo {
    place_twin: Option<usize>,
    /// People: folded first name and the folded second-mention form.
    first: Option<String>,
    surname: Option<String>,
}

/// Where an entity in an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ref {
    Gaz(usize),
    New(usize),
}

#[derive(Debug, Clone)]
struct Found {
    /// Token range.
    t0: usize,
    t1: usize,
    range: Range<usize>,
    ent: Ref,
    /// Matched through a weak alias (may yield to a person).
    weak: bool,
}

impl Tagger {
    /// Compiles the gazetteer's aliases into one automaton.
    pub fn new(g: &Gazetteer) -> Self {
        let mut entities: Vec<Entity> = g.entities().to_vec();
        let mut info = vec![EntInfo::default(); entities.len()];
        let mut id_index: HashMap<String, usize> =
            entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let mut pat_index: HashMap<String, usize> = HashMap::new();
        let mut pats: Vec<Pat> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut lower_first: Vec<String> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut key_count: HashMap<String, usize> = HashMap::new();

        for (i, extra) in g.extras().iter().enumerate() {
            let e = &g.entities()[i];
            if let Some(place) = &extra.place {
                let id = format!("place:{}", slug(place));
                let twin = *id_index.entry(id.clone()).or_insert_with(|| {
                    entities.push(Entity {
                        id,
                        name: place.clone(),
                        kind: EntityKind::Place,
                        role: None,
                        aliases: Vec::new(),
                    });
                    info.push(EntInfo::default());
                    entities.len() - 1
                });
                info[i].place_twin = Some(twin);
            }
            if e.kind == EntityKind::Person {
                let words: Vec<&str> = e.name.split_whitespace().collect();
                if words.len() >= 2 {
                    info[i].first = Some(fold_key(words[0]));
                    info[i].surname = Some(fold_key(&words[1..].join(" ")));
                }
                if let Some(s) = &extra.surname {
                    info[i].surname = Some(fold_key(s));
                }
            }
            let surfaces = std::iter::once(&e.name).chain(e.aliases.iter());
            for (si, s) in surfaces.enumerate() {
                let fk = |x: &String| fold_key(x) == fold_key(s);
                let weak = extra.weak.iter().any(fk);
                let placeable = extra.place_surfaces.iter().any(fk);
                let needs_year = extra.year_aliases.iter().any(fk);
                let (needs_the, body) = match s.strip_prefix("The ") {
                    Some(rest) if !rest.trim().is_empty() => (true, rest),
                    _ => (false, s.as_str()),
                };
                let key = fold_key(body);
                if key.is_empty() {
                    continue;
                }
                let case: Vec<Case> = body.split_whitespace().map(case_of).collect();
                if case.first() == Some(&Case::Any) {
                    let first = key.split(' ').next().unwrap_or("").to_string();
                    if !lower_first.contains(&first) {
                        lower_first.push(first);
                    }
                }
                let pat = Pat {
                    entity: i,
                    len: key.len(),
                    words: case.len(),
                    case,
                    weak,
                    placeable,
                    needs_the,
                    alts: Vec::new(),
                    from_name: si == 0,
                    needs_year,
                };
                *key_count.entry(fold_key(s)).or_insert(0) += 1;
                if !needs_year {
                    by_key.insert(fold_key(s), i);
                }
                let pkey = key.clone() + if needs_the { "\u{1}" } else { "" };
                match pat_index.get(&pkey) {
                    Some(&p) => {
                        let old = &mut pats[p];
                        if old.entity == i {
                            // "FIFA" and "Fifa": the looser capitalisation, word by word.
                            for (a, b) in old.case.iter_mut().zip(&pat.case) {
                                if *b == Case::Any || (*b == Case::Upper && *a == Case::AllCaps) {
                                    *a = *b;
                                }
                            }
                            continue;
                        }
                        // A name beats aliases; otherwise the alias is shared.
                        if pat.from_name && !old.from_name {
                            let mut alts = std::mem::take(&mut old.alts);
                            alts.clear();
                            *old = pat;
                            old.alts = alts;
                        } else if !old.from_name || pat.from_name {
                            old.alts.push(i);
                            old.weak |= pat.weak;
                        }
                    }
                    None => {
                        pat_index.insert(pkey, pats.len());
                        pats.push(pat);
                        keys.push(key);
                    }
                }
            }
        }
        // Shared aliases resolve nothing in look-ups.
        for (k, c) in &key_count {
            if *c > 1 {
                by_key.remove(k);
            }
        }
        // Names always win over aliases in look-ups.
        for (i, e) in entities.iter().enumerate() {
            if e.kind != EntityKind::Place || !by_key.contains_key(&fold_key(&e.name)) {
                by_key.insert(fold_key(&e.name), i);
            }
        }
        // A surname alone resolves in look-ups when one known person has it.
        let mut surname_count: HashMap<String, (usize, usize)> = HashMap::new();
        for (i, inf) in info.iter().enumerate() {
            if let Some(s) = &inf.surname {
                let c = surname_count.entry(s.clone()).or_insert((0, i));
                c.0 += 1;
            }
        }
        for (s, (n, i)) in surname_count {
            if n == 1 {
                by_key.entry(s).or_insert(i);
            }
        }
        for (i, e) in entities.iter().enumerate() {
            by_key.insert(e.id.to_lowercase(), i);
        }
        id_index.clear();

        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&keys)
            .expect("gazetteer automaton builds");
        let pat_keys = keys;
        let mut lower_first_bytes = [false; 256];
        for w in &lower_first {
            lower_first_bytes[w.as_bytes()[0] as usize] = true;
        }
        Tagger {
            entities,
            info,
            pats,
            dfa,
            lower_first,
            lower_first_bytes,
            pat_keys,
            by_key,
            lex: Lexicon::new(),
            places: Places::builtin(),
        }
    }

    /// Every entity the tagger knows: the gazetteer's, then the places named by teams and clubs.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity a user means by `name`: an id, a name or alias (any case, any accents, an
    /// optional possessive), or the surname of exactly one known person ("Kane").
    pub fn resolve(&self, name: &str) -> Option<&Entity> {
        let mut key = fold_key(name);
        if let Some(k) = self.by_key.get(&key).or_else(|| self.by_key.get(name.trim())) {
            return Some(&self.entities[*k]);
        }
        if let Some((head, year)) = key.rsplit_once(' ') {
            if is_year(year) {
                if let Some(&i) = self.by_key.get(head) {
                    return Some(&self.entities[i]);
                }
                let with_year =
                    self.pats.iter().zip(&self.pat_keys).find(|(p, k)| p.needs_year && k.as_str() == head);
                if let Some((p, _)) = with_year {
                    return Some(&self.entities[p.entity]);
                }
            }
        }
        for suffix in ["'s", "'"] {
            if let Some(k) = key.strip_suffix(suffix) {
                key = k.to_string();
                if let Some(&i) = self.by_key.get(&key) {
                    return Some(&self.entities[i]);
                }
            }
        }
        None
    }

    /// Tags one article.
    pub fn tag(&self, text: &str) -> Tagged {
        let mut doc = Doc::new(text);
        if doc.toks.is_empty() {
            return Tagged::default();
        }
        let cand = self.candidates(&mut doc);
        // 1. Gazetteer matches.
        let raw = self.gazetteer_matches(&doc, &cand);
        // 2. Is this football coverage?
        let football = self.is_football(&doc, &raw);
        // 3. Weak and shared aliases, given names next to names, team or place.
        let (mut found, mut covered) = self.resolve_aliases(&doc, &raw, football);
        // 3b. Venues, competitions, organisations and places named in context.
        let named = self.named_by_context(&doc, &cand, &mut found, &mut covered);
        // 4. People not in any gazetteer: multi-word names first.
        let mut people = self.new_people(&doc, &cand, football, &mut found, &mut covered, named);
        // 5. Single-word people and second mentions.
        self.second_mentions(&doc, &cand, football, &mut found, &mut people, &mut covered);
        // 6. Assemble.
        self.assemble(&doc, found, people)
    }

    /// The tokens that can begin a mention: capitalised words, numbers, name particles and
    /// the few lower-case starts of aliases ("bet365"); every later step looks at these alone.
    /// Marks their sentence starts and which could be part of a name.
    fn candidates(&self, doc: &mut Doc) -> Vec<usize> {
        let n = doc.toks.len();
        let mut cand: Vec<usize> = Vec::with_capacity(n / 4);
        for (t, k) in doc.toks.iter().enumerate() {
            if k.flags & (CAP | DIGIT) != 0 {
                cand.push(t);
            } else if k.fend > k.fstart {
                let w = &doc.folded[k.fstart..k.fend];
                if is_particle(w)
                    || (self.lower_first_bytes[w.as_bytes()[0] as usize]
                        && self.lower_first.iter().any(|x| x == w))
                {
                    cand.push(t);
                }
            }
        }
        doc.mark_sentence_starts(&cand);
        doc.classify(&self.lex, &cand);
        cand
    }

    fn pats_entity(&self, f: &Found) -> usize {
        match f.ent {
            Ref::Gaz(i) => i,
            Ref::New(_) => usize::MAX,
        }
    }
}
