//! Step 5, second mentions: single-word people (by the same evidence as step 4, or a
//! sentence-initial word never seen in lower case), then, in text order, a surname (or
//! multi-word surname, "van Dijk") to the person named in full (the most recent if several
//! share it), a bare first name only when one person has it and nobody has it as a surname,
//! and "United" or "City" to the club of that name mentioned nearest; then the assembly of
//! entities and non-overlapping mentions.

use super::super::lexicon::{FastMap, FastSet};
use super::super::{fold_key, slug, Entity, EntityKind};
use super::doc::*;
use super::{Found, Mention, Ref, Tagged, Tagger};

/// A person present in the article, for surname and first-name resolution.
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub(super) ent: Ref,
    pub(super) first: Option<String>,
    pub(super) surname: Vec<String>,
    /// Byte offsets of full-name mentions.
    pub(super) full_at: Vec<usize>,
}

/// The people of an article indexed by word, for step 5b's look-ups (each one a hash probe,
/// not a scan of everyone: the tagger stays linear in article length).
pub(super) struct PersonBook {
    /// First word of each surname: (person, index into its `surname`).
    pub(super) by_head: FastMap<String, Vec<(usize, usize)>>,
    /// First name: the people with it, in order.
    pub(super) by_first: FastMap<String, Vec<usize>>,
    /// Every surname.
    pub(super) surnames: FastSet<String>,
    /// First names of exactly one person that also stand as a surname after another name
    /// word in the text ("Rand Paul" beside Paul Ryan): ambiguous when alone.
    pub(super) first_as_surname: FastSet<String>,
    /// Multi-word surnames written with hyphens ("sinama-pongolle"): the person, if only one.
    pub(super) by_hyphen: FastMap<String, Option<usize>>,
}

impl PersonBook {
    /// Indexes `persons` (and sorts each one's `full_at`).
    pub(super) fn new(doc: &Doc, persons: &mut [Person]) -> Self {
        let mut book = PersonBook {
            by_head: FastMap::default(),
            by_first: FastMap::default(),
            surnames: FastSet::default(),
            first_as_surname: FastSet::default(),
            by_hyphen: FastMap::default(),
        };
        for (pi, p) in persons.iter_mut().enumerate() {
            p.full_at.sort_unstable();
            for s in p.surname.iter().filter(|s| s.contains(' ')) {
                book.by_hyphen
                    .entry(s.replace(' ', "-"))
                    .and_modify(|x| {
                        if *x != Some(pi) {
                            *x = None;
                        }
                    })
                    .or_insert(Some(pi));
            }
            for (si, s) in p.surname.iter().enumerate() {
                let head = s.split(' ').next().unwrap_or("");
                book.by_head.entry(head.to_string()).or_default().push((pi, si));
                book.surnames.insert(s.clone());
            }
            if let Some(f) = &p.first {
                book.by_first.entry(f.clone()).or_default().push(pi);
            }
        }
        if book.by_first.is_empty() {
            return book;
        }
        for u in 1..doc.toks.len() {
            if !doc.toks[u].has(CAP) {
                continue;
            }
            let w = doc.word(u);
            let Some(with_first) = book.by_first.get(w) else { continue };
            if with_first.len() != 1 || !doc.name_like(u - 1) || doc.prev_word(u).is_none() {
                continue;
            }
            let pw = doc.word(u - 1);
            if persons[with_first[0]].first.as_deref() != Some(pw) && !book.by_first.contains_key(pw) {
                book.first_as_surname.insert(w.to_string());
            }
        }
        book
    }
}

impl Tagger {
    /// Step 5: single-word people and second mentions, added to `found` (sorted again).
    pub(super) fn second_mentions(
        &self,
        doc: &Doc,
        cand: &[usize],
        football: bool,
        found: &mut Vec<Found>,
        people: &mut Vec<Entity>,
        covered: &mut [bool],
    ) {
        let n = doc.toks.len();
        let mut persons = self.persons(found, people);
        let mut weak_single = vec![false; n];
        for f in found.iter() {
            if f.weak && f.t1 - f.t0 == 1 {
                weak_single[f.t0] = true;
            }
        }
        let shorts = self.club_shorts(found);
        // Folded words that already name someone (or a club) here, and the people known by a
        // surname alone (found in step 5a), by that surname.
        let mut known_words: FastSet<String> = shorts.iter().map(|(s, _, _)| s.clone()).collect();
        let mut lone: FastMap<String, usize> = FastMap::default();
        for (pi, p) in persons.iter().enumerate() {
            known_words.extend(p.surname.iter().cloned());
            // "Sinama-Pongolle" for "Sinama Pongolle".
            known_words.extend(p.surname.iter().filter(|s| s.contains(' ')).map(|s| s.replace(' ', "-")));
            known_words.extend(p.first.iter().cloned());
            if matches!(p.ent, Ref::New(_)) && p.first.is_none() {
                lone.entry(p.surname[0].clone()).or_insert(pi);
            }
        }
        // 5a. Words that context marks as a person, anywhere in the article.
        for &t in cand {
            if covered[t] || !doc.name_like(t) || self.in_run(doc, t, covered) {
                continue;
            }
            let w = doc.word(t);
            if known_words.contains(w) {
                if let Some(&pi) = lone.get(w) {
                    persons[pi].full_at.push(doc.toks[t].start);
                }
                continue;
            }
            if let Some(role) = self.single_evidence(doc, t, football) {
                let name = doc.surface(t).to_string();
                people.push(Entity {
                    id: format!("person:{}", slug(&name)),
                    name,
                    kind: EntityKind::Person,
                    role,
                    aliases: Vec::new(),
                });
                known_words.insert(w.to_string());
                lone.entry(w.to_string()).or_insert(persons.len());
                persons.push(Person {
                    ent: Ref::New(people.len() - 1),
                    first: None,
                    surname: vec![w.to_string()],
                    full_at: vec![doc.toks[t].start],
                });
            }
        }
        // 5b. Surnames, unambiguous first names and club short forms, in text order.
        let book = PersonBook::new(doc, &mut persons);
        let heads: FastSet<&str> = book
            .by_head
            .keys()
            .map(String::as_str)
            .chain(book.by_first.keys().map(String::as_str))
            .chain(shorts.iter().map(|(s, _, _)| s.as_str()))
            .chain(book.by_hyphen.keys().map(String::as_str))
            .collect();
        let mut extra: Vec<Found> = Vec::new();
        let mut drop_weak: FastSet<usize> = FastSet::default();
        let mut next = 0;
        for &t in cand {
            if t < next
                || (covered[t] && !weak_single[t])
                || (!doc.toks[t].has(CAP) && !doc.is_part(t))
                || !heads.contains(doc.word(t))
            {
                continue;
            }
            let linked = self.link(doc, t, &persons, &book, covered, &weak_single).or_else(|| {
                let club = Self::short_club(&shorts, doc.word(t), doc.toks[t].start)?;
                (!covered[t] && !self.in_run(doc, t, covered)).then_some((Ref::Gaz(club), t + 1))
            });
            if let Some((ent, t1)) = linked {
                if weak_single[t] {
                    drop_weak.insert(t);
                }
                let range = doc.toks[t].start..doc.toks[t1 - 1].end;
                extra.push(Found { t0: t, t1, range, ent, weak: false });
                for c in &mut covered[t..t1] {
                    *c = true;
                }
                next = t1;
            }
        }
        if !drop_weak.is_empty() {
            found.retain(|f| !(f.weak && drop_weak.contains(&f.t0)));
        }
        found.extend(extra);
        found.sort_by_key(|f| f.range.start);
    }

    /// Short forms of the clubs named in this article ("United" for Manchester United), with
    /// the byte offsets of the clubs' mentions.
    pub(super) fn club_shorts(&self, found: &[Found]) -> Vec<(String, usize, Vec<usize>)> {
        let mut out: Vec<(String, usize, Vec<usize>)> = Vec::new();
        let mut index: FastMap<(String, usize), usize> = FastMap::default();
        for f in found {
            let Ref::Gaz(e) = f.ent else { continue };
            let ent = &self.entities[e];
            if ent.kind != EntityKind::Club {
                continue;
            }
            for name in std::iter::once(&ent.name).chain(ent.aliases.iter()) {
                let words: Vec<&str> = name.split_whitespace().collect();
                if words.len() < 2 {
                    continue;
                }
                let last = fold_key(words[words.len() - 1]);
                if !self.lex.is_club_word(&last) {
                    continue;
                }
                // `found` is in text order, so each list of offsets is sorted.
                match index.get(&(last.clone(), e)) {
                    Some(&k) => {
                        let at = &mut out[k].2;
                        if at.last() != Some(&f.range.start) {
                            at.push(f.range.start);
                        }
                    }
                    None => {
                        index.insert((last.clone(), e), out.len());
                        out.push((last, e, vec![f.range.start]));
                    }
                }
            }
        }
        out
    }

    /// The club a short form at byte `at` stands for: the one named nearest before it, else
    /// nearest after it.
    pub(super) fn short_club(shorts: &[(String, usize, Vec<usize>)], w: &str, at: usize) -> Option<usize> {
        let dist = |x: usize| if x <= at { at - x } else { x - at + (1 << 40) };
        shorts
            .iter()
            .filter(|(s, _, _)| s == w)
            .map(|(_, e, xs)| {
                // The offsets are sorted: the nearest is one of the two around `at`.
                let k = xs.partition_point(|&x| x <= at);
                let before = k.checked_sub(1).map(|k| dist(xs[k]));
                let after = xs.get(k).map(|&x| dist(x));
                (before.into_iter().chain(after).min().unwrap_or(usize::MAX), *e)
            })
            .min()
            .map(|(_, e)| e)
    }

    /// The people of this article with their first names and surnames.
    pub(super) fn persons(&self, found: &[Found], people: &[Entity]) -> Vec<Person> {
        let mut out: Vec<Person> = Vec::new();
        let mut index: FastMap<Ref, usize> = FastMap::default();
        for f in found {
            let (first, surname) = match f.ent {
                Ref::Gaz(e) if self.entities[e].kind == EntityKind::Person => {
                    let inf = &self.info[e];
                    (inf.first.clone(), inf.surname.clone())
                }
                Ref::New(i) if people[i].kind == EntityKind::Person => {
                    let words: Vec<String> = people[i].name.split_whitespace().map(fold_key).collect();
                    if words.len() < 2 {
                        continue;
                    }
                    (Some(words[0].clone()), Some(words[1..].join(" ")))
                }
                _ => continue,
            };
            match index.get(&f.ent) {
                Some(&pi) => out[pi].full_at.push(f.range.start),
                None => {
                    index.insert(f.ent, out.len());
                    let mut surnames: Vec<String> = surname.into_iter().collect();
                    // "Emile Smith Rowe" is also "Smith Rowe", never just "Rowe"; but a
                    // three-word name without particles is also called by its last word.
                    if let Some(s) = surnames.first().cloned() {
                        let parts: Vec<&str> = s.split(' ').collect();
                        if parts.len() >= 2 && !self.lex.is_particle(parts[0]) {
                            surnames.push(parts[parts.len() - 1].to_string());
                        }
                    }
                    out.push(Person { ent: f.ent, first, surname: surnames, full_at: vec![f.range.start] });
                }
            }
        }
        out
    }

    /// Resolves token `t` (and maybe the next ones) to a person of this article by surname or
    /// unambiguous first name. Returns the entity and the end token.
    pub(super) fn link(
        &self,
        doc: &Doc,
        t: usize,
        persons: &[Person],
        book: &PersonBook,
        covered: &[bool],
        weak: &[bool],
    ) -> Option<(Ref, usize)> {
        if persons.is_empty() {
            return None;
        }
        // "Rand Paul" is not Paul Ryan: a name right before makes this part of another name.
        if t > 0
            && !covered[t - 1]
            && doc.name_like(t - 1)
            && !doc.toks[t - 1].has(POSS)
            && doc.prev_word(t).is_some()
        {
            return None;
        }
        let n = doc.toks.len();
        let at = doc.toks[t].start;
        let w = doc.word(t);
        if let Some(&Some(pi)) = book.by_hyphen.get(w) {
            return Some((persons[pi].ent, t + 1));
        }
        // Every (person, end, exact) whose surname is spelled here; the longest, exact ones win.
        let mut hits: Vec<(usize, usize, bool)> = Vec::new();
        for &(pi, si) in book.by_head.get(w).map_or(&[][..], Vec::as_slice) {
            if let Some(t1) = self.words_match(doc, t, &persons[pi].surname[si], covered, weak) {
                hits.push((pi, t1, si == 0));
            }
        }
        if let Some(&(_, t1, _)) = hits.iter().max_by_key(|h| (h.1, h.2)) {
            let exact = hits.iter().any(|h| h.1 == t1 && h.2);
            hits.retain(|h| h.1 == t1 && h.2 == exact);
            hits.sort_by_key(|h| h.0);
            hits.dedup_by_key(|h| h.0);
            let chosen = if hits.len() == 1 {
                hits[0].0
            } else {
                // Several people share the surname: the one named most recently before here
                // (`full_at` is sorted).
                let recent = |pi: usize| {
                    let xs = &persons[pi].full_at;
                    xs.partition_point(|&x| x <= at).checked_sub(1).map(|k| xs[k])
                };
                let best = hits.iter().filter_map(|h| recent(h.0).map(|r| (r, h.0))).max()?;
                best.1
            };
            if t1 < n
                && !covered[t1]
                && doc.next_word(t1 - 1).is_some()
                && doc.name_like(t1)
                && !doc.toks[t1 - 1].has(POSS)
            {
                return None;
            }
            return Some((persons[chosen].ent, t1));
        }
        // A bare first name, when exactly one person here has it (and nobody has it as a surname).
        let with_first = book.by_first.get(w).map_or(&[][..], Vec::as_slice);
        if with_first.len() == 1 && !book.surnames.contains(w) {
            if t + 1 < n
                && !covered[t + 1]
                && doc.next_word(t).is_some()
                && doc.name_like(t + 1)
                && !doc.toks[t].has(POSS)
            {
                return None;
            }
            if !doc.toks[t].has(CAP) {
                return None;
            }
            // Also someone's surname here ("Rand Paul" ... "Paul said")? Then it is ambiguous.
            if book.first_as_surname.contains(w) {
                return None;
            }
            return Some((persons[with_first[0]].ent, t + 1));
        }
        None
    }

    /// Do tokens from `t` spell `key` (folded words separated by single spaces)? Returns the end.
    pub(super) fn words_match(
        &self,
        doc: &Doc,
        t: usize,
        key: &str,
        covered: &[bool],
        weak: &[bool],
    ) -> Option<usize> {
        let w0 = doc.word(t);
        if !key.starts_with(w0) || !(key.len() == w0.len() || key.as_bytes()[w0.len()] == b' ') {
            return None;
        }
        let mut u = t;
        for (i, part) in key.split(' ').enumerate() {
            if u >= doc.toks.len() || (covered[u] && !weak[u]) || doc.word(u) != part {
                return None;
            }
            if i > 0 && doc.prev_word(u).is_none() {
                return None;
            }
            u += 1;
        }
        let first = &doc.toks[t];
        if !first.has(CAP) && !doc.is_part(t) {
            return None;
        }
        Some(u)
    }

    pub(super) fn assemble(&self, doc: &Doc, found: Vec<Found>, mut people: Vec<Entity>) -> Tagged {
        let mut out = Tagged::default();
        let mut index: FastMap<Ref, usize> = FastMap::default();
        let mut by_id: FastMap<String, usize> = FastMap::default();
        let mut last_end = 0;
        // Other forms a found person was called by.
        for f in &found {
            if let Ref::New(i) = f.ent {
                let s = &doc.text[f.range.clone()];
                if s != people[i].name && !people[i].aliases.iter().any(|a| a == s) {
                    people[i].aliases.push(s.to_string());
                }
            }
        }
        for f in found {
            if f.range.start < last_end || f.range.is_empty() {
                continue;
            }
            last_end = f.range.end;
            let i = match index.get(&f.ent) {
                Some(&i) => i,
                None => {
                    let ent = match f.ent {
                        Ref::Gaz(e) => self.entities[e].clone(),
                        Ref::New(p) => people[p].clone(),
                    };
                    // Names that differ only in punctuation ("Sinama-Pongolle", "Sinama
                    // Pongolle") have one id: one entity.
                    let i = match by_id.get(&ent.id) {
                        Some(&i) => {
                            if ent.name != out.entities[i].name
                                && !out.entities[i].aliases.contains(&ent.name)
                            {
                                out.entities[i].aliases.push(ent.name);
                            }
                            i
                        }
                        None => {
                            by_id.insert(ent.id.clone(), out.entities.len());
                            out.entities.push(ent);
                            out.entities.len() - 1
                        }
                    };
                    index.insert(f.ent, i);
                    i
                }
            };
            out.mentions.push(Mention { range: f.range, entity: i });
        }
        out
    }
}
