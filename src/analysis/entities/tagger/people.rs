//! Step 4 (and the evidence step 5 uses): capitalised names in no gazetteer become people when
//! the context says so: a role word before ("midfielder", "referee"), a speech verb after or
//! before, "X's side", a known given name, a football action after, or (in football text) a run
//! of capitalised words mid-sentence that no article, determiner or locative precedes.

use super::super::lexicon::{FastMap, FastSet};
use super::super::{fold_key, slug, Entity, EntityKind, Role};
use super::doc::*;
use super::{Found, Ref, Tagger};

impl Tagger {
    /// Step 4: multi-word names of people in no gazetteer; adds their mentions to `found`
    /// (sorted again) and returns the new people.
    pub(super) fn new_people(
        &self,
        doc: &Doc,
        cand: &[usize],
        football: bool,
        found: &mut Vec<Found>,
        covered: &mut [bool],
        mut people: Vec<Entity>,
    ) -> Vec<Entity> {
        let text = doc.text;
        let surnames_here: FastSet<String> = found
            .iter()
            .filter_map(|f| match f.ent {
                Ref::Gaz(e) => self.info[e].surname.clone(),
                Ref::New(_) => None,
            })
            .collect();
        let mut new_keys: FastMap<String, usize> = FastMap::default();
        // Surnames (hyphens as spaces) of the people found here: person.
        let mut surname_of_new: FastMap<String, usize> = FastMap::default();
        let mut next = 0;
        for &t in cand {
            if t < next || covered[t] || !self.seq_start(doc, t) {
                continue;
            }
            let end = self.seq_end(doc, t, covered);
            let (a, b) = self.trim_seq(doc, t, end);
            // A known person's multi-word surname ("Kolo Muani") is left to step 5; a plural
            // of a known name ("Wayne Rooneys") is nobody.
            let known = || {
                let key = fold_key(&text[doc.toks[a].start..doc.toks[b - 1].end]);
                surnames_here.contains(&key)
                    || key.strip_suffix('s').is_some_and(|k| self.by_key.contains_key(k))
            };
            if (2..=4).contains(&(b - a)) {
                if let Some(role) = self.person_evidence(doc, a, b, football).filter(|_| !known()) {
                    let range = doc.toks[a].start..doc.toks[b - 1].end;
                    let name = text[range.clone()].to_string();
                    let key = fold_key(&name);
                    // "Sinama Pongolle" after "Florent Sinama-Pongolle": that person's surname.
                    let key = surname_of_new
                        .get(&key.replace('-', " "))
                        .map_or(key, |&i| fold_key(&people[i].name));
                    let idx = *new_keys.entry(key).or_insert_with(|| {
                        if let Some((_, rest)) = name.split_once(' ') {
                            surname_of_new.insert(fold_key(rest).replace('-', " "), people.len());
                        }
                        people.push(Entity {
                            id: format!("person:{}", slug(&name)),
                            name: name.clone(),
                            kind: EntityKind::Person,
                            role,
                            aliases: Vec::new(),
                        });
                        people.len() - 1
                    });
                    if people[idx].role.is_none() {
                        people[idx].role = role;
                    }
                    found.push(Found { t0: a, t1: b, range, ent: Ref::New(idx), weak: false });
                    for c in &mut covered[a..b] {
                        *c = true;
                    }
                }
            }
            next = end.max(t + 1);
        }
        found.sort_by_key(|f| f.range.start);
        people
    }

    pub(super) fn seq_start(&self, doc: &Doc, t: usize) -> bool {
        doc.name_like(t)
            || doc.initial_before_name(t)
            || (doc.is_part(t)
                && !doc.toks[t].has(CAP)
                && t + 1 < doc.toks.len()
                && doc.next_word(t).is_some()
                && doc.name_like(t + 1))
    }

    /// End (exclusive) of the run of name-like tokens starting at `t`.
    pub(super) fn seq_end(&self, doc: &Doc, t: usize, covered: &[bool]) -> usize {
        let n = doc.toks.len();
        let mut end = t + 1;
        if doc.toks[t].has(POSS) {
            return end;
        }
        if doc.initial_before_name(t) && !covered[t + 1] {
            end = t + 2;
            if doc.toks[t + 1].has(POSS) {
                return end;
            }
        }
        while end < n && !covered[end] && doc.next_word(end - 1).is_some() {
            let ok = doc.name_like(end)
                || self.surname_word(doc, t, end)
                || (doc.is_part(end)
                    && end + 1 < n
                    && !covered[end + 1]
                    && doc.next_word(end).is_some()
                    && doc.name_like(end + 1));
            if !ok {
                break;
            }
            end += 1;
            if doc.toks[end - 1].has(POSS) {
                break;
            }
        }
        end
    }

    /// Is token `u` an ordinary capitalised word that is a surname here, in a run that opens with
    /// a known given name: "Jamie Winter", "David Gold", "Robert Green's", "Martin Luther King"?
    /// Colours, seasons and metals are surnames too; words that name clubs, grounds, competitions
    /// or bodies ("United", "Park", "Cup", "Federation"), function words and demonyms are not.
    fn surname_word(&self, doc: &Doc, start: usize, u: usize) -> bool {
        let lex = &self.lex;
        let k = &doc.toks[u];
        if u - start > 2 || !k.has(CAP) || !k.has(LOWER) || k.has(SENT) || !lex.is_given(doc.word(start)) {
            return false;
        }
        let w = doc.word(u);
        lex.is_surname_word(w)
            && !(u + 1 < doc.toks.len()
                && !k.has(POSS)
                && doc.next_word(u) == Some(u + 1)
                && doc.toks[u + 1].has(CAP))
    }

    /// Drops a sentence-initial ordinary word in front of a given name ("Unsurprisingly Danny").
    pub(super) fn trim_seq(&self, doc: &Doc, a: usize, b: usize) -> (usize, usize) {
        if b - a >= 3
            && doc.toks[a].has(SENT)
            && !self.lex.is_given(doc.word(a))
            && self.lex.is_given(doc.word(a + 1))
        {
            return (a + 1, b);
        }
        (a, b)
    }

    /// Role words in front of token `a` ("midfielder", "head coach", "29-year-old").
    pub(super) fn role_before(&self, doc: &Doc, a: usize) -> Option<Option<Role>> {
        let p = doc.prev_word(a)?;
        let w = doc.word(p);
        if w.ends_with("-year-old") {
            return Some(None);
        }
        if matches!(w, "coach" | "executive") {
            if let Some(q) = doc.prev_word(p) {
                if let Some(r) = self.lex.role(&format!("{} {}", doc.word(q), w)) {
                    return Some(r);
                }
            }
        }
        if doc.toks[p].has(CAP) && !doc.toks[p].has(SENT) && !self.lex.is_title(w) {
            // "England Midfielder"? Only lower-case role words, titles and offices count
            // ("Sports Minister Geraldine Namirembe Bitamazire", "Chief Executive Ed Woodward").
            return self.office(doc, p).map(Some);
        }
        self.lex.role(w)
    }

    /// Is token `p` an office written capitalised in front of a name ("Minister", "Manager",
    /// "Director")? Returns its role. Player words do not count ("England Midfielder").
    pub(super) fn office(&self, doc: &Doc, p: usize) -> Option<Role> {
        if !doc.toks[p].has(CAP) {
            return None;
        }
        match self.lex.role(doc.word(p)) {
            Some(Some(r @ (Role::Official | Role::Manager | Role::Coach | Role::Referee))) => Some(r),
            _ => None,
        }
    }

    /// Is the word after token `last` a capitalised office, so that the words up to `last` name
    /// the office, not a person ("Corporate Communications Manager Simon Charlesworth")?
    fn office_after(&self, doc: &Doc, last: usize) -> bool {
        !doc.toks[last].has(POSS) && doc.next_word(last).is_some_and(|nx| self.office(doc, nx).is_some())
    }

    /// Is the capitalised sequence `a..b` (two to four words) a person? Returns the role if so.
    pub(super) fn person_evidence(
        &self,
        doc: &Doc,
        a: usize,
        b: usize,
        football: bool,
    ) -> Option<Option<Role>> {
        let lex = &self.lex;
        let last = b - 1;
        if self.office_after(doc, last) {
            return None;
        }
        if let Some(r) = self.role_before(doc, a) {
            return Some(r);
        }
        if doc.toks[last].has(POSS) {
            if let Some(nx) = doc.next_word(last) {
                if lex.is_manager_noun(doc.word(nx)) && football {
                    return Some(Some(Role::Manager));
                }
            }
        } else if let Some(nx) = doc.next_word(last) {
            let w = doc.word(nx);
            if lex.is_speech(w) || lex.is_action(w) {
                return Some(None);
            }
        }
        if let Some(p) = doc.prev_word(a) {
            if lex.is_speech_before(doc.word(p)) {
                return Some(None);
            }
        }
        if lex.is_given(doc.word(a)) {
            return Some(None);
        }
        // In football text, a run of capitalised words mid-sentence is a name unless an article,
        // a determiner or a locative comes before it ("the Golden Boot", "in Belo Horizonte").
        let blocked = doc.prev_word(a).is_some_and(|p| {
            let w = doc.word(p);
            lex.blocks_person(w) || (lex.is_locative(w) && !doc.toks[b - 1].has(POSS))
        });
        if football && !doc.toks[a].has(SENT) && !blocked {
            return Some(None);
        }
        // At the start of a sentence ("Kolo Toure's late goal"): a name whose last word the
        // article also writes capitalised mid-sentence, and never in lower case.
        let ordinary = |t: usize| lex.is_common_word(doc.word(t)) || lex.is_non_name(doc.word(t));
        if football
            && doc.toks[a].has(SENT)
            && doc.occurrences(doc.word(last)) == 2
            && !ordinary(a)
            && !ordinary(last)
        {
            return Some(None);
        }
        None
    }

    /// Is token `t` part of a longer run of capitalised words (so not a single-word name)?
    pub(super) fn in_run(&self, doc: &Doc, t: usize, covered: &[bool]) -> bool {
        let n = doc.toks.len();
        let joined = |u: usize| !covered[u] && !doc.toks[u].has(POSS) && doc.next_word(u).is_some();
        let before = t > 0 && joined(t - 1) && (doc.name_like(t - 1) || doc.is_part(t - 1));
        let after = t + 1 < n
            && joined(t)
            && !covered[t + 1]
            && (doc.name_like(t + 1)
                || (doc.is_part(t + 1) && t + 2 < n && joined(t + 1) && doc.name_like(t + 2)));
        before || after
    }

    /// Is the lone capitalised word `t` a person? A role word, a title, "X's side" or "said X."
    /// will do anywhere; a speech or action verb after it only away from the start of a
    /// sentence (or if the word also appears capitalised mid-sentence); and in football text,
    /// any unknown capitalised word mid-sentence that is not after "the", "against", "in"...
    pub(super) fn single_evidence(&self, doc: &Doc, t: usize, football: bool) -> Option<Option<Role>> {
        let lex = &self.lex;
        let tok = &doc.toks[t];
        let w = doc.word(t);
        if tok.has(ALLCAPS) || w.chars().count() < 2 || lex.is_title(w) || self.not_a_name_word(doc, t) {
            return None;
        }
        if self.office_after(doc, t) {
            return None;
        }
        if let Some(r) = self.role_before(doc, t) {
            return Some(r);
        }
        if tok.has(POSS) {
            if let Some(nx) = doc.next_word(t) {
                if lex.is_manager_noun(doc.word(nx)) && football {
                    return Some(Some(Role::Manager));
                }
            }
        }
        let prev = doc.prev_word(t).map(|p| doc.word(p));
        if let Some(p) = prev {
            if lex.is_speech_before(p) {
                let after = doc.text[tok.end..].trim_start_matches(['\'', '’', 's']);
                if after.is_empty() || after.starts_with(['.', ',', ';', '!', '?', '"', '”', ':', '\n']) {
                    return Some(None);
                }
            }
        }
        let next = if tok.has(POSS) { None } else { doc.next_word(t).map(|nx| doc.word(nx)) };
        let verb_after = next.is_some_and(|v| lex.is_speech(v) || (football && lex.is_action(v)));
        // "Cullen, who had been...": a relative clause after a comma.
        let who_after = !tok.has(POSS) && {
            let rest = doc.text[tok.end..].trim_start();
            rest.strip_prefix(',').is_some_and(|r| r.trim_start().starts_with("who "))
        };
        if who_after {
            return Some(None);
        }
        // Locative words rule a name out, but not before a possessive ("a cross from Pino's").
        let blocked_before =
            prev.is_some_and(|p| lex.blocks_person(p) || (lex.is_locative(p) && !tok.has(POSS)));
        if !tok.has(SENT) {
            if blocked_before {
                return None;
            }
            // A frequent English word right after a capitalised word, with no verb after it, ends
            // a name of something else: "New Year's Eve", "Zurich's Opera house", "Spanish
            // Steps".
            let cap_before = t > 0
                && doc.toks[t - 1].has(CAP)
                && !doc.toks[t - 1].has(SENT | ALLCAPS)
                && (prev.is_some() || doc.next_word(t - 1) == Some(t));
            if cap_before && !verb_after && lex.is_frequent_word(w) {
                return None;
            }
            return (verb_after || football).then_some(None);
        }
        if !football || lex.is_common_word(w) {
            return None;
        }
        // At the start of a sentence: a word used elsewhere in lower case is an ordinary word;
        // a word used capitalised mid-sentence elsewhere is a name; otherwise it needs a
        // possessive, a comma or a verb after it.
        let seen = doc.occurrences(w);
        if seen & 1 != 0 {
            return None;
        }
        if seen & 2 != 0 {
            return Some(None);
        }
        // A frequent English word that no known name uses ("Loyalty is important", "Agents are
        // offering"), with no possessive and no speech or football verb after it (an auxiliary
        // does not count): an ordinary word.
        let strong_verb = next.is_some_and(|v| lex.is_speech(v) || (lex.is_action(v) && !lex.is_aux(v)));
        if lex.is_frequent_word(w) && !tok.has(POSS) && !strong_verb {
            return None;
        }
        let comma_after = !tok.has(POSS) && doc.text[tok.end..].starts_with(',');
        let verbish = next.is_some_and(|v| {
            verb_after
                || lex.is_aux(v)
                || (doc.toks[t + 1].flags & (CAP | DIGIT) == 0
                    && v.len() > 3
                    && (v.ends_with("ed") || v.ends_with("ly") || (v.ends_with('s') && !v.ends_with("ss"))))
        });
        (tok.has(POSS) || comma_after || verbish).then_some(None)
    }

    /// Words that look capitalised but are no one's name: a hyphenated word whose last part is
    /// in lower case ("Double-winning"), someone from a known place ("Dubliner", "Londoners"),
    /// a word right after a number ("Total 90 Aerow").
    fn not_a_name_word(&self, doc: &Doc, t: usize) -> bool {
        let surface = doc.surface(t);
        if surface.rsplit_once('-').is_some_and(|(_, tail)| tail.starts_with(|c: char| c.is_lowercase())) {
            return true;
        }
        let w = doc.word(t);
        let stem = w.strip_suffix("ers").or_else(|| w.strip_suffix("er"));
        if stem.is_some_and(|s| s.len() >= 3 && self.places.get(s).is_some()) {
            return true;
        }
        t > 0
            && doc.prev_word(t) == Some(t - 1)
            && doc.surface(t - 1).bytes().all(|b| b.is_ascii_digit())
            && is_spaces(doc.gap_before(t))
    }
}
