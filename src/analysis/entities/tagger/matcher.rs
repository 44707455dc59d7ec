//! Step 1, gazetteer aliases: an anchored aho-corasick DFA walked from each candidate token
//! over the folded text, the longest match first that ends on a word boundary and has the
//! capitals the alias asks for ("FIFA" but not "fifa"; "Forest" but not "forest").

use aho_corasick::automaton::Automaton;
use aho_corasick::Anchored;

use super::super::EntityKind;
use super::doc::*;
use super::{Found, Ref, Tagger};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    Any,
    Upper,
    AllCaps,
}

#[derive(Debug, Clone)]
pub(super) struct Pat {
    pub(super) entity: usize,
    pub(super) len: usize,
    pub(super) case: Vec<Case>,
    pub(super) weak: bool,
    pub(super) placeable: bool,
    /// From an alias written "The X": only after the word "the", which is not part of the span.
    pub(super) needs_the: bool,
    pub(super) words: usize,
    /// Other entities with the same alias ("Blues"): the article decides which, if any.
    pub(super) alts: Vec<usize>,
    /// The alias is the entity's name (a name beats other entities' aliases).
    pub(super) from_name: bool,
    /// Only before a year ("Euro 2004").
    pub(super) needs_year: bool,
}

/// May a match ending at byte `e` end there (not inside a word or a joined compound)?
pub(super) fn end_boundary(text: &str, e: usize) -> bool {
    let Some(next) = text[e..].chars().next() else { return true };
    let Some(prev) = text[..e].chars().next_back() else { return true };
    if !is_word_char(prev) {
        return true;
    }
    if is_word_char(next) {
        return false;
    }
    !joins(text, e, next)
}

pub(super) fn case_of(word: &str) -> Case {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        Case::AllCaps
    } else if word.chars().next().is_some_and(char::is_uppercase) {
        Case::Upper
    } else {
        Case::Any
    }
}

pub(super) fn case_ok(span: &str, case: &[Case]) -> bool {
    let mut words = span.split_whitespace();
    for want in case {
        let Some(w) = words.next() else { return false };
        match want {
            Case::Any => {}
            Case::Upper => {
                if !w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
                    return false;
                }
            }
            Case::AllCaps => {
                if w.chars().any(char::is_lowercase) {
                    return false;
                }
            }
        }
    }
    true
}

impl Tagger {
    /// Every gazetteer match, in text order, not overlapping: (match, pattern).
    pub(super) fn gazetteer_matches(&self, doc: &Doc, cand: &[usize]) -> Vec<(Found, usize)> {
        let mut raw: Vec<(Found, usize)> = Vec::new();
        let mut cands: Vec<(usize, usize)> = Vec::new();
        let mut next = 0;
        for &t in cand {
            if t < next {
                continue;
            }
            if let Some((found, pat)) = self.match_at(doc, t, &mut cands) {
                next = found.t1;
                raw.push((found, pat));
            }
        }
        raw
    }

    /// The longest gazetteer alias starting at token `t` that ends on a word boundary and has
    /// the capitals it asks for.
    pub(super) fn match_at(
        &self,
        doc: &Doc,
        t: usize,
        cands: &mut Vec<(usize, usize)>,
    ) -> Option<(Found, usize)> {
        let tok = &doc.toks[t];
        let w = doc.word(t);
        if w.is_empty() {
            return None;
        }
        if !tok.has(CAP)
            && !tok.has(DIGIT)
            && (!self.lower_first_bytes[w.as_bytes()[0] as usize] || !self.lower_first.iter().any(|x| x == w))
        {
            return None;
        }
        cands.clear();
        let bytes = doc.folded.as_bytes();
        let mut sid = self.dfa.start_state(Anchored::Yes).ok()?;
        for (k, &b) in bytes[tok.fstart..].iter().enumerate() {
            sid = self.dfa.next_state(Anchored::Yes, sid, b);
            if self.dfa.is_dead(sid) {
                break;
            }
            if self.dfa.is_match(sid) {
                for m in 0..self.dfa.match_len(sid) {
                    let pid = self.dfa.match_pattern(sid, m).as_usize();
                    if self.pats[pid].len == k + 1 {
                        cands.push((pid, tok.fstart + k + 1));
                    }
                }
            }
        }
        for &(pid, fend) in cands.iter().rev() {
            let pat = &self.pats[pid];
            let mut end = doc.orig(fend);
            if !end_boundary(doc.text, end) {
                // "World Cups": a competition in the plural.
                let plural = self.entities[pat.entity].kind == EntityKind::Competition
                    && doc.text[end..].starts_with('s')
                    && end_boundary(doc.text, end + 1);
                if !plural {
                    continue;
                }
                end += 1;
            }
            if !case_ok(&doc.text[tok.start..end], &pat.case) {
                continue;
            }
            if pat.needs_year {
                let t1 = doc.tok_at_or_after(t, end);
                if t1 >= doc.toks.len() || doc.gap_before(t1) != " " || !is_year(doc.word(t1)) {
                    continue;
                }
            }
            if pat.needs_the {
                let ok = doc.prev_word(t).is_some_and(|p| doc.word(p) == "the");
                if !ok {
                    continue;
                }
            }
            let t1 = doc.tok_at_or_after(t, end);
            let found = Found { t0: t, t1, range: tok.start..end, ent: Ref::Gaz(pat.entity), weak: pat.weak };
            return Some((found, pid));
        }
        None
    }
}
