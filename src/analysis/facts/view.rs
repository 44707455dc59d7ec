//! The extractor's view of one article: its [`Tokens`], which tagged mention covers each token,
//! which tokens are inside quotes (as quote extraction found them), its most-mentioned teams, and how a token range
//! becomes a fact's evidence (byte range and passage). Built in one pass over the tokens and
//! one over the mentions.

use std::collections::HashMap;
use std::ops::Range;

use super::lexicon;
use super::{Fact, FactKind, Minute, Who};
use crate::analysis::entities::{EntityKind, Tagged};
use crate::analysis::quotes::Quote;
use crate::text::{Passage, Tokens};

const NONE: u32 = u32::MAX;

/// Most words a clause reaches on either side of a cue.
const MAX_CLAUSE: usize = 40;

pub(super) struct View<'a, 't> {
    pub t: &'a Tokens<'t>,
    pub tagged: &'a Tagged,
    passages: &'a [Passage],
    /// For each token, the index of the mention covering it, or `NONE`.
    ment: Vec<u32>,
    /// Players told by a description ("the Paraguayan"), resolved ([`super::describe`]).
    described: Vec<(Range<usize>, usize)>,
    /// For each token, the index in `described` of the description covering it, or `NONE`.
    desc: Vec<u32>,
    /// For each token: inside a quotation.
    quoted: Vec<bool>,
    /// The article's two most-mentioned teams or clubs (entity indices), most-mentioned first,
    /// and any tied with the second (at most four).
    pub main_teams: Vec<usize>,
}

impl<'a, 't> View<'a, 't> {
    pub fn new(t: &'a Tokens<'t>, passages: &'a [Passage], tagged: &'a Tagged, quotes: &[Quote]) -> Self {
        let n = t.len();
        let mut ment = vec![NONE; n];
        let mut i = 0;
        for (mi, m) in tagged.mentions.iter().enumerate() {
            while i < n && (t.tokens[i].end as usize) <= m.range.start {
                i += 1;
            }
            let mut j = i;
            while j < n && (t.tokens[j].start as usize) < m.range.end {
                ment[j] = mi as u32;
                j += 1;
            }
        }
        let described = super::describe::resolve(t, tagged, &ment);
        let mut desc = vec![NONE; n];
        for (d, (r, _)) in described.iter().enumerate() {
            for k in r.clone() {
                desc[k] = d as u32;
            }
        }
        // Tokens inside the quotes' parts.
        let mut parts: Vec<&Range<usize>> = quotes.iter().flat_map(|q| q.parts.iter()).collect();
        parts.sort_by_key(|r| r.start);
        let mut quoted = vec![false; n];
        let mut k = 0;
        for r in parts {
            while k < n && (t.tokens[k].end as usize) <= r.start {
                k += 1;
            }
            let mut j = k;
            while j < n && (t.tokens[j].start as usize) < r.end {
                quoted[j] = true;
                j += 1;
            }
        }
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for m in &tagged.mentions {
            if is_team(tagged.entities[m.entity].kind) {
                *counts.entry(m.entity).or_default() += 1;
            }
        }
        let mut teams: Vec<(usize, usize)> = counts.into_iter().collect();
        // Most mentions first, then first mentioned (entities are in order of first mention).
        teams.sort_by_key(|&(e, c)| (std::cmp::Reverse(c), e));
        // The two most mentioned, and any tied with the second.
        let second = teams.get(1).map_or(0, |t| t.1);
        let main_teams = teams
            .iter()
            .enumerate()
            .take_while(|(k, t)| *k < 2 || t.1 == second)
            .map(|(_, t)| t.0)
            .take(4)
            .collect();
        View { t, tagged, passages, ment, described, desc, quoted, main_teams }
    }

    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// The folded word of token `i` ("" past the end).
    pub fn w(&self, i: usize) -> &str {
        if i < self.t.len() {
            self.t.word(i)
        } else {
            ""
        }
    }

    /// Token `i` is one of `words`.
    pub fn is(&self, i: usize, words: &[&str]) -> bool {
        i < self.t.len() && words.contains(&self.t.word(i))
    }

    /// Some token in `range` (clipped to the article) is one of `words`.
    pub fn any_in(&self, range: Range<usize>, words: &[&str]) -> bool {
        range.take_while(|&k| k < self.len()).any(|k| words.contains(&self.t.word(k)))
    }

    /// The first token in `range` that is one of `words`.
    pub fn find_in(&self, range: Range<usize>, words: &[&str]) -> Option<usize> {
        range.take_while(|&k| k < self.len()).find(|&k| words.contains(&self.t.word(k)))
    }

    /// Token `i` is inside a quotation.
    pub fn quoted(&self, i: usize) -> bool {
        self.quoted.get(i).copied().unwrap_or(false)
    }

    /// The text between tokens `i` and `i + 1`.
    pub fn gap_after(&self, i: usize) -> &'t str {
        if i < self.t.len() {
            self.t.gap_after(i)
        } else {
            ""
        }
    }

    /// The entity index of the mention covering token `i`.
    pub fn entity(&self, i: usize) -> Option<usize> {
        if let Some(&d) = self.desc.get(i).filter(|&&d| d != NONE) {
            return Some(self.described[d as usize].1);
        }
        match self.ment.get(i) {
            Some(&m) if m != NONE => Some(self.tagged.mentions[m as usize].entity),
            _ => None,
        }
    }

    /// Token `i` is part of a player's description ("the Paraguayan"), resolved to a name.
    pub fn described(&self, i: usize) -> bool {
        self.desc.get(i).is_some_and(|&d| d != NONE)
    }

    /// The person mentioned at token `i`.
    pub fn person(&self, i: usize) -> Option<usize> {
        self.entity(i).filter(|&e| self.tagged.entities[e].kind == EntityKind::Person)
    }

    /// The team or club mentioned at token `i`.
    pub fn team(&self, i: usize) -> Option<usize> {
        self.entity(i).filter(|&e| is_team(self.tagged.entities[e].kind))
    }

    /// The tokens of the mention covering token `i` (`i..i + 1` if none).
    pub fn mention_tokens(&self, i: usize) -> Range<usize> {
        if let Some(&d) = self.desc.get(i).filter(|&&d| d != NONE) {
            return self.described[d as usize].0.clone();
        }
        let m = match self.ment.get(i) {
            Some(&m) if m != NONE => m,
            _ => return i..i + 1,
        };
        let mut a = i;
        while a > 0 && self.ment[a - 1] == m {
            a -= 1;
        }
        let mut b = i + 1;
        while b < self.ment.len() && self.ment[b] == m {
            b += 1;
        }
        a..b
    }

    /// The token of the mention covering token `i` ends in a possessive (`Kane's`); `false`
    /// past the last token.
    pub fn possessive(&self, i: usize) -> bool {
        let end = self.mention_tokens(i).end;
        end > 0 && self.t.tokens.get(end - 1).is_some_and(|t| t.has(crate::text::flags::POSS))
    }

    pub fn who(&self, e: usize) -> Who {
        let ent = &self.tagged.entities[e];
        Who { id: ent.id.clone(), name: ent.name.clone() }
    }

    /// The sentences as token ranges.
    pub fn sentences(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.t.sentences.iter().map(|s| s.tokens.clone()).filter(|r| !r.is_empty())
    }

    /// The clause of sentence `s` that holds token `i`: bounded by `;`, `:`, a dash between
    /// spaces, or the words "but", "while", "whereas", "although" (and at most 40 words either
    /// side).
    pub fn clause(&self, s: &Range<usize>, i: usize) -> Range<usize> {
        let splits = |k: usize| -> bool {
            let g = self.t.gap_before(k);
            g.contains(';')
                || g.contains(':')
                || g.contains(" \u{2013} ")
                || g.contains(" \u{2014} ")
                || g.contains(" - ")
                || self.is(k, lexicon::CLAUSE_WORDS)
        };
        // At most `MAX_CLAUSE` words either side, so that a cue costs a bounded walk even in a
        // sentence without punctuation (extraction stays linear).
        let mut a = i.min(s.end.saturating_sub(1));
        let lo = a.saturating_sub(MAX_CLAUSE).max(s.start);
        while a > lo && !splits(a) {
            a -= 1;
        }
        let mut b = i + 1;
        let hi = (i + 1 + MAX_CLAUSE).min(s.end);
        while b < hi && !splits(b) {
            b += 1;
        }
        a..b.max(a + 1)
    }

    /// The nearest person mention before token `i`, at most `max` tokens back and not before
    /// `from`; `None` when a subject pronoun comes first.
    pub fn person_before(&self, i: usize, from: usize, max: usize) -> Option<(usize, usize)> {
        self.person_before_if(i, from, max, false)
    }

    /// As [`View::person_before`]; with `skip_possessive`, a possessive name ("Rooney's
    /// record") is walked past.
    pub fn person_before_if(
        &self,
        i: usize,
        from: usize,
        max: usize,
        skip_possessive: bool,
    ) -> Option<(usize, usize)> {
        let lo = i.saturating_sub(max).max(from);
        let mut k = i;
        while k > lo {
            k -= 1;
            if let Some(e) = self.person(k) {
                let m = self.mention_tokens(k);
                // "received a return ball from the Netherlands international": a description
                // after a preposition is no subject.
                let object = self.described(k)
                    && m.start > 0
                    && self
                        .is(m.start - 1, &["from", "to", "by", "for", "with", "of", "past", "off", "behind"]);
                if object || (skip_possessive && self.possessive(k)) {
                    k = m.start;
                    continue;
                }
                return Some((e, m.start));
            }
            if self.is(k, lexicon::SUBJECT_PRONOUNS) {
                return None;
            }
            // "the Paraguayan to score": the subject is the descriptor, not a name before it.
            // "raced away from the Spaniard before ... to score": after a preposition it is an
            // object, walked past.
            if k > lo && self.t.tokens[k].has(crate::text::flags::CAP) && self.w(k - 1) == "the" {
                let object =
                    k >= 2 && self.is(k - 2, &["from", "to", "by", "past", "off", "behind", "beyond"]);
                if !object {
                    return None;
                }
                k -= 1;
            }
        }
        None
    }

    /// The nearest person mention after token `i`, at most `max` tokens on and before `to`.
    pub fn person_after(&self, i: usize, to: usize, max: usize) -> Option<(usize, usize)> {
        let hi = (i + 1 + max).min(to).min(self.len());
        (i + 1..hi).find_map(|k| self.person(k).map(|e| (e, self.mention_tokens(k).end)))
    }

    /// A fact with its evidence: tokens `toks` as a byte range, and the passage it starts in.
    pub fn fact(&self, kind: FactKind, toks: Range<usize>, minute: Option<Minute>, confidence: u8) -> Fact {
        let n = self.t.len();
        let a = toks.start.min(n.saturating_sub(1));
        let b = toks.end.clamp(a + 1, n.max(1));
        let range =
            if n == 0 { 0..0 } else { self.t.tokens[a].start as usize..self.t.tokens[b - 1].end as usize };
        let passage = if self.passages.is_empty() {
            None
        } else {
            let p = self.passages.partition_point(|p| p.tokens.end <= a);
            Some(p.min(self.passages.len() - 1))
        };
        Fact { kind, range, passage, minute, confidence }
    }

    /// The article reads as football: football words and team mentions, and fewer words of
    /// other sports than of football.
    pub fn is_football(&self) -> bool {
        let (mut foot, mut other) = (0usize, 0usize);
        for i in 0..self.len() {
            match lexicon::sport_of(self.w(i)) {
                Some(lexicon::Sport::Football) => foot += 1,
                Some(lexicon::Sport::Other) => other += 1,
                None => {}
            }
        }
        let clubs = self.tagged.entities.iter().any(|e| e.kind == EntityKind::Club);
        let foot = foot + if clubs { 2 } else { 0 } + if self.main_teams.len() == 2 { 1 } else { 0 };
        foot >= 2 && foot > other && !self.main_teams.is_empty()
    }

    /// The article uses words only a match report does ("half-time", "full-time", "kick-off"), or
    /// two different words that tell one match's goals ("broke the deadlock", "the visitors",
    /// "the equaliser").
    pub fn has_match_words(&self) -> bool {
        let mut seen: Vec<&str> = Vec::new();
        (0..self.len().saturating_sub(1)).any(|i| {
            if lexicon::MATCH_REPORT_WORDS.contains(&self.w(i)) && !seen.contains(&self.w(i)) {
                seen.push(self.w(i));
            }
            seen.len() >= 2
                || matches!((self.w(i), self.w(i + 1)), ("half", "time") | ("full", "time") | ("kick", "off"))
        })
    }
}

pub(super) fn is_team(k: EntityKind) -> bool {
    matches!(k, EntityKind::Club | EntityKind::NationalTeam)
}
