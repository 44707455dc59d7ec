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
//!    and otherwise the team in football text;
//! 4. capitalised names in no gazetteer become people when the context says so: a role word
//!    before ("midfielder", "referee"), a speech verb after or before, "X's side", a known
//!    given name, a football action after, or (in football text) simply a run of capitalised
//!    words mid-sentence that no article, determiner or locative precedes;
//! 5. single words: the same cues, plus, at the start of a sentence, a word never seen in
//!    lower case; then, in text order, a surname (or multi-word surname, "van Dijk") resolves
//!    to the person named in full, the most recent if several share it, a bare first name
//!    only when one person has it and nobody has it as a surname, and "United" or "City" to
//!    the club of that name mentioned nearest.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;

use super::gazetteer::Gazetteer;
use super::lexicon::{is_particle, word_hash, FastMap, FastSet, Lexicon};
use super::{fold_key, fold_text_char, slug, Entity, EntityKind, Role};

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
}

#[derive(Debug, Clone, Default)]
struct EntInfo {
    place_twin: Option<usize>,
    /// People: folded first name and the folded second-mention form.
    first: Option<String>,
    surname: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Any,
    Upper,
    AllCaps,
}

#[derive(Debug, Clone)]
struct Pat {
    entity: usize,
    len: usize,
    case: Vec<Case>,
    weak: bool,
    placeable: bool,
    /// From an alias written "The X": only after the word "the", which is not part of the span.
    needs_the: bool,
    words: usize,
    /// Other entities with the same alias ("Blues"): the article decides which, if any.
    alts: Vec<usize>,
    /// The alias is the entity's name (a name beats other entities' aliases).
    from_name: bool,
    /// Only before a year ("Euro 2004").
    needs_year: bool,
}

// Token flags.
const CAP: u8 = 1;
const ALLCAPS: u8 = 2;
const LOWER: u8 = 4;
const DIGIT: u8 = 8;
const SENT: u8 = 16;
const POSS: u8 = 32;

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    fstart: usize,
    fend: usize,
    flags: u8,
}

impl Tok {
    fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }
}

/// The article, folded and tokenised.
struct Doc<'a> {
    text: &'a str,
    folded: String,
    /// After each non-ASCII character: (original end, folded end). Offsets between two
    /// entries shift together; an empty list means folding kept every offset.
    shifts: Vec<(usize, usize)>,
    toks: Vec<Tok>,
    /// Per token: could be part of a name ([`Doc::classify`]).
    nl: Vec<bool>,
    part: Vec<bool>,
    seen: OnceCell<FastMap<u64, u8>>,
}

impl<'a> Doc<'a> {
    /// Folds the text, then splits it into word tokens (ASCII by table, the rest decoded).
    fn new(text: &'a str) -> Self {
        let (folded, shifts) = fold_text(text);
        let bytes = text.as_bytes();
        let len = bytes.len();
        let is_ascii_word = |b: &u8| ASCII_CLASS[*b as usize] & A_WORD != 0;
        let mut toks: Vec<Tok> = Vec::with_capacity(len / 5);
        let mut i = 0;
        // The `s` of a possessive `'s` is not a token of its own.
        let mut skip_at = usize::MAX;
        let mut si = 0;
        while i < len {
            // Skip to the next word character.
            match bytes[i..].iter().position(|b| ASCII_CLASS[*b as usize] & (A_WORD | A_HIGH) != 0) {
                Some(p) => i += p,
                None => break,
            }
            if i == skip_at {
                i += 1;
                continue;
            }
            let (first, flen) = char_at(text, i);
            if first as u32 >= 0x80 && !is_word_char(first) {
                i += flen;
                continue;
            }
            let start = i;
            // OR of the classes of the word's characters, and its count of letters.
            let (mut acc, mut letters) = (0u8, 0u32);
            loop {
                let run = bytes[i..].iter().position(|b| !is_ascii_word(b)).unwrap_or(len - i);
                for &b in &bytes[i..i + run] {
                    let class = ASCII_CLASS[b as usize];
                    acc |= class;
                    letters += (class >> 2) as u32 & 1;
                }
                i += run;
                if i >= len {
                    break;
                }
                let b = bytes[i];
                if b >= 0x80 {
                    let (c, clen) = char_at(text, i);
                    if is_word_char(c) {
                        if c.is_lowercase() {
                            acc |= A_LOWER;
                        }
                        letters += c.is_alphabetic() as u32;
                        i += clen;
                        continue;
                    }
                    if joins(text, i, c) {
                        i += clen;
                        continue;
                    }
                    break;
                }
                if (b == b'-' || b == b'\'' || b == b'`') && joins(text, i, b as char) {
                    i += 1;
                    continue;
                }
                break;
            }
            let end = i;
            let mut flags = 0;
            if first.is_uppercase() {
                flags |= CAP;
            } else if first.is_numeric() {
                flags |= DIGIT;
            }
            if acc & A_LOWER != 0 {
                flags |= LOWER;
            } else if letters >= 2 {
                flags |= ALLCAPS;
            }
            if end < len
                && matches!(bytes[end], b'\'' | b'`' | 0xE2 | 0xCA)
                && possessive_at(text, end, &text[start..end])
            {
                flags |= POSS;
                let (_, alen) = char_at(text, end);
                if matches!(bytes.get(end + alen), Some(b's' | b'S')) {
                    skip_at = end + alen;
                }
            }
            // Folded offsets: shifts are in text order, and so are tokens.
            let mut fpos = |o: usize| {
                while si < shifts.len() && shifts[si].0 <= o {
                    si += 1;
                }
                match si {
                    0 => o,
                    _ => shifts[si - 1].1 + (o - shifts[si - 1].0),
                }
            };
            let (fstart, fend) = (fpos(start), fpos(end));
            toks.push(Tok { start, end, fstart, fend, flags });
        }
        Doc { text, folded, shifts, toks, nl: Vec::new(), part: Vec::new(), seen: OnceCell::new() }
    }

    /// The original byte offset of folded byte `f`.
    fn orig(&self, f: usize) -> usize {
        let i = self.shifts.partition_point(|&(_, fe)| fe <= f);
        match i {
            0 => f,
            _ => {
                let (oe, fe) = self.shifts[i - 1];
                oe + (f - fe)
            }
        }
    }

    fn word(&self, t: usize) -> &str {
        let k = &self.toks[t];
        &self.folded[k.fstart..k.fend]
    }

    fn surface(&self, t: usize) -> &'a str {
        let k = &self.toks[t];
        &self.text[k.start..k.end]
    }

    /// Original text between token `t - 1` and token `t`.
    fn gap_before(&self, t: usize) -> &'a str {
        let start = if t == 0 { 0 } else { self.toks[t - 1].end };
        &self.text[start..self.toks[t].start]
    }

    /// Marks which of the tokens `ts` start a sentence.
    fn mark_sentence_starts(&mut self, ts: &[usize]) {
        for &t in ts {
            let start = if t == 0 {
                true
            } else {
                let gap = self.gap_before(t).as_bytes();
                let (mut newline, mut stop, mut first) = (false, false, 0u8);
                for &b in gap {
                    match b {
                        b'\n' => newline = true,
                        b'.' | b'!' | b'?' => stop = true,
                        _ => {}
                    }
                    if first == 0 && b != b' ' {
                        first = b;
                    }
                }
                let abbreviation = first == b'.' && {
                    let prev = self.word(t - 1);
                    matches!(prev, "mr" | "mrs" | "ms" | "dr" | "st" | "no")
                        || (prev.len() == 1 && self.toks[t - 1].has(CAP))
                };
                newline || (stop && !abbreviation)
            };
            if start {
                self.toks[t].flags |= SENT;
            }
        }
    }

    /// The previous token, if only spaces separate it from `t`.
    fn prev_word(&self, t: usize) -> Option<usize> {
        (t > 0 && is_spaces(self.gap_before(t))).then(|| t - 1)
    }

    /// The next token, if only spaces (after a possessive `'s` of `t`) separate it from `t`.
    fn next_word(&self, t: usize) -> Option<usize> {
        if t + 1 >= self.toks.len() {
            return None;
        }
        let mut gap = self.gap_before(t + 1);
        if self.toks[t].has(POSS) {
            gap = gap.trim_start_matches(is_apostrophe);
            gap = gap.strip_prefix(['s', 'S']).unwrap_or(gap);
        }
        is_spaces(gap).then_some(t + 1)
    }

    /// First token starting at or after byte `b`, searching from token `from`.
    fn tok_at_or_after(&self, from: usize, b: usize) -> usize {
        let mut t = from;
        while t < self.toks.len() && self.toks[t].start < b {
            t += 1;
        }
        t
    }

    /// Works out once which tokens are capitalised words that could be part of a name.
    fn classify(&mut self, lex: &Lexicon, ts: &[usize]) {
        let mut nl = vec![false; self.toks.len()];
        let mut part = vec![false; self.toks.len()];
        for &t in ts {
            let k = &self.toks[t];
            let w = self.word(t);
            if !k.has(CAP) {
                part[t] = is_particle(w);
                continue;
            }
            part[t] = k.has(LOWER) && is_particle(w);
            if !k.has(LOWER)
                || lex.is_non_name(w)
                || lex.role(w).is_some()
                || w.bytes().any(|b| b.is_ascii_digit())
            {
                continue;
            }
            // "Five-four", "No-one", "Under-23": a hyphenated ordinary word.
            nl[t] = match w.split_once('-') {
                Some((head, _)) => !lex.is_non_name(head),
                None => true,
            };
        }
        self.nl = nl;
        self.part = part;
    }

    /// A name particle ("van", "de").
    fn is_part(&self, t: usize) -> bool {
        self.part[t]
    }

    /// A capitalised word that could be part of a name.
    fn name_like(&self, t: usize) -> bool {
        self.nl[t]
    }

    /// Where else a word occurs: bit 1 in lower case, bit 2 capitalised mid-sentence.
    fn occurrences(&self, w: &str) -> u8 {
        let map = self.seen.get_or_init(|| {
            let mut m: FastMap<u64, u8> = FastMap::default();
            for (t, k) in self.toks.iter().enumerate() {
                let bit = if !k.has(CAP) {
                    1
                } else if !k.has(SENT) {
                    2
                } else {
                    continue;
                };
                *m.entry(word_hash(self.word(t))).or_insert(0) |= bit;
            }
            m
        });
        map.get(&word_hash(w)).copied().unwrap_or(0)
    }

    /// "S" in "S Bennett": a capital initial (maybe with a full stop) before a name.
    fn initial_before_name(&self, t: usize) -> bool {
        let k = &self.toks[t];
        if k.end - k.start != 1 || !k.has(CAP) || t + 1 >= self.toks.len() {
            return false;
        }
        let gap = self.gap_before(t + 1);
        (gap == " " || gap == ". ") && self.name_like(t + 1) && !matches!(self.word(t), "a" | "i")
    }
}

const A_WORD: u8 = 1;
const A_LOWER: u8 = 2;
const A_ALPHA: u8 = 4;
const A_HIGH: u8 = 8;

/// Character classes of the ASCII bytes: word character, lower case, letter.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_lowercase() {
            t[b] = A_WORD | A_LOWER | A_ALPHA;
        } else if c.is_ascii_uppercase() {
            t[b] = A_WORD | A_ALPHA;
        } else if c.is_ascii_digit() {
            t[b] = A_WORD;
        } else if c >= 0x80 {
            t[b] = A_HIGH;
        }
        b += 1;
    }
    t
};

/// How ASCII bytes fold: lower case; tab and form feeds become spaces; a backtick an apostrophe.
static ASCII_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t' | 0x0b | 0x0c => b' ',
            b'`' => b'\'',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    t
};

/// Folds article text for matching (see [`fold_text_char`]): combining marks vanish and
/// horizontal white space becomes ' '. Returns the folded text and its shifts (see `Doc`).
fn fold_text(text: &str) -> (String, Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut folded: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut shifts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII run, folded by table.
        let run = bytes[i..].iter().position(|&b| b >= 0x80).map_or(bytes.len(), |p| i + p);
        folded.extend(bytes[i..run].iter().map(|&b| ASCII_FOLD[b as usize]));
        i = run;
        if i >= bytes.len() {
            break;
        }
        let (c, clen) = char_at(text, i);
        if !is_combining_mark(c) {
            let f = if c.is_whitespace() { ' ' } else { fold_text_char(c) };
            let mut buf = [0u8; 4];
            folded.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
        }
        i += clen;
        shifts.push((i, folded.len()));
    }
    (String::from_utf8(folded).unwrap_or_default(), shifts)
}

/// The character at byte `i` and its length (ASCII fast path).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// "1966", "2026": a four-digit year from 1900 to 2099.
fn is_year(w: &str) -> bool {
    w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.bytes().all(|b| b.is_ascii_digit())
}

fn is_spaces(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`' | '\u{2018}' | '\u{02bc}')
}

/// Does the joiner `c` at byte `i` continue the word before it ("Alexander-Arnold", "O'Neill")?
fn joins(text: &str, i: usize, c: char) -> bool {
    if c != '-' && c != '\u{2010}' && c != '\u{2011}' && !is_apostrophe(c) {
        return false;
    }
    let rest = &text[i + c.len_utf8()..];
    let Some(next) = rest.chars().next() else { return false };
    if !next.is_alphanumeric() {
        return false;
    }
    if !is_apostrophe(c) {
        return true;
    }
    let run: String = rest.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    !matches!(run.as_str(), "s" | "t" | "re" | "ve" | "ll" | "d" | "m")
}

/// Is there a possessive (`'s`, or `'` after a final s) at byte `i`, right after `word`?
fn possessive_at(text: &str, i: usize, word: &str) -> bool {
    let mut it = text[i..].chars();
    let Some(a) = it.next() else { return false };
    if !is_apostrophe(a) {
        return false;
    }
    match it.next() {
        Some('s') | Some('S') => !it.next().is_some_and(char::is_alphanumeric),
        Some(n) if !n.is_alphanumeric() => word.ends_with(['s', 'S', 'z', 'x']),
        None => word.ends_with(['s', 'S', 'z', 'x']),
        _ => false,
    }
}

/// May a match ending at byte `e` end there (not inside a word or a joined compound)?
fn end_boundary(text: &str, e: usize) -> bool {
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

fn case_of(word: &str) -> Case {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        Case::AllCaps
    } else if word.chars().next().is_some_and(char::is_uppercase) {
        Case::Upper
    } else {
        Case::Any
    }
}

fn case_ok(span: &str, case: &[Case]) -> bool {
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

/// A person present in the article, for surname and first-name resolution.
#[derive(Debug, Clone)]
struct Person {
    ent: Ref,
    first: Option<String>,
    surname: Vec<String>,
    /// Byte offsets of full-name mentions.
    full_at: Vec<usize>,
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
        let n = doc.toks.len();
        let lex = &self.lex;
        // Only capitalised words, numbers, name particles and the few lower-case starts of
        // aliases ("bet365") can begin a mention; every later step looks at these alone.
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
        doc.classify(lex, &cand);

        // 1. Gazetteer matches.
        let mut raw: Vec<(Found, usize)> = Vec::new();
        let mut cands: Vec<(usize, usize)> = Vec::new();
        let mut next = 0;
        for &t in &cand {
            if t < next {
                continue;
            }
            if let Some((found, pat)) = self.match_at(&doc, t, &mut cands) {
                next = found.t1;
                raw.push((found, pat));
            }
        }

        // 2. Is this football coverage?
        let football = self.is_football(&doc, &raw);

        // 3. Weak and shared aliases, given names next to names, team or place.
        let strong: Vec<usize> = raw
            .iter()
            .filter(|(_, p)| !self.pats[*p].weak && self.pats[*p].alts.is_empty())
            .map(|(f, _)| self.pats_entity(f))
            .collect();
        // Weak aliases used mid-sentence somewhere in a football article count everywhere in it.
        let weak_mid: Vec<usize> = raw
            .iter()
            .filter(|(f, p)| self.pats[*p].weak && !doc.toks[f.t0].has(SENT))
            .map(|(_, p)| *p)
            .collect();
        let mut covered = vec![false; n];
        for (f, _) in &raw {
            covered[f.t0..f.t1].iter_mut().for_each(|c| *c = true);
        }
        let mut found: Vec<Found> = Vec::with_capacity(raw.len());
        for (f, p) in raw.iter() {
            let pat = &self.pats[*p];
            let single = f.t1 - f.t0 == 1;
            let mut ent = pat.entity;
            if !pat.alts.is_empty() {
                // "Blues": whichever of its clubs the article names unambiguously, nearest first.
                let cands: Vec<usize> = std::iter::once(pat.entity).chain(pat.alts.iter().copied()).collect();
                let at = f.range.start;
                let best = raw
                    .iter()
                    .filter(|(g, q)| self.pats[*q].alts.is_empty() && cands.contains(&self.pats_entity(g)))
                    .min_by_key(|(g, _)| {
                        if g.range.start <= at {
                            at - g.range.start
                        } else {
                            g.range.start - at + text.len()
                        }
                    });
                match best {
                    Some((g, _)) => ent = self.pats_entity(g),
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
            if pat.placeable {
                if let Some(twin) = self.info[ent].place_twin {
                    if self.is_place(&doc, f, kind, football, &found) {
                        ent = twin;
                    }
                }
            }
            let mut f = f.clone();
            f.ent = Ref::Gaz(ent);
            f.weak = pat.weak || !pat.alts.is_empty();
            self.extend(&doc, &mut f, kind);
            for c in &mut covered[f.t0..f.t1] {
                *c = true;
            }
            found.push(f);
        }

        // 4. People not in any gazetteer: multi-word names first.
        let surnames_here: Vec<String> = found
            .iter()
            .filter_map(|f| match f.ent {
                Ref::Gaz(e) => self.info[e].surname.clone(),
                Ref::New(_) => None,
            })
            .collect();
        let mut people: Vec<Entity> = Vec::new();
        let mut new_keys: FastMap<String, usize> = FastMap::default();
        let mut next = 0;
        for &t in &cand {
            if t < next || covered[t] || !self.seq_start(&doc, t) {
                continue;
            }
            let end = self.seq_end(&doc, t, &covered);
            let (a, b) = self.trim_seq(&doc, t, end);
            // A known person's multi-word surname ("Kolo Muani") is left to step 5; a plural
            // of a known name ("Wayne Rooneys") is nobody.
            let known = || {
                let key = fold_key(&text[doc.toks[a].start..doc.toks[b - 1].end]);
                surnames_here.contains(&key)
                    || key.strip_suffix('s').is_some_and(|k| self.by_key.contains_key(k))
            };
            if (2..=4).contains(&(b - a)) {
                if let Some(role) = self.person_evidence(&doc, a, b, football).filter(|_| !known()) {
                    let range = doc.toks[a].start..doc.toks[b - 1].end;
                    let name = text[range.clone()].to_string();
                    let key = fold_key(&name);
                    let idx = *new_keys.entry(key).or_insert_with(|| {
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

        // 5. Single-word people and second mentions.
        let mut persons = self.persons(&found, &people);
        let mut weak_single = vec![false; n];
        for f in &found {
            if f.weak && f.t1 - f.t0 == 1 {
                weak_single[f.t0] = true;
            }
        }
        let shorts = self.club_shorts(&found);
        // 5a. Words that context marks as a person, anywhere in the article.
        for &t in &cand {
            if covered[t] || !doc.name_like(t) || self.in_run(&doc, t, &covered) {
                continue;
            }
            let w = doc.word(t);
            let known =
                persons.iter().any(|p| p.surname.iter().any(|s| s == w) || p.first.as_deref() == Some(w))
                    || shorts.iter().any(|(s, _, _)| s == w);
            if known {
                if let Some(p) = persons
                    .iter_mut()
                    .find(|p| matches!(p.ent, Ref::New(_)) && p.first.is_none() && p.surname[0] == w)
                {
                    p.full_at.push(doc.toks[t].start);
                }
                continue;
            }
            if let Some(role) = self.single_evidence(&doc, t, football) {
                let name = doc.surface(t).to_string();
                people.push(Entity {
                    id: format!("person:{}", slug(&name)),
                    name,
                    kind: EntityKind::Person,
                    role,
                    aliases: Vec::new(),
                });
                new_keys.insert(w.to_string(), people.len() - 1);
                persons.push(Person {
                    ent: Ref::New(people.len() - 1),
                    first: None,
                    surname: vec![w.to_string()],
                    full_at: vec![doc.toks[t].start],
                });
            }
        }
        // 5b. Surnames, unambiguous first names and club short forms, in text order.
        let heads: FastSet<&str> = persons
            .iter()
            .flat_map(|p| {
                p.surname.iter().map(|s| s.split(' ').next().unwrap_or("")).chain(p.first.as_deref())
            })
            .chain(shorts.iter().map(|(s, _, _)| s.as_str()))
            .collect();
        let mut extra: Vec<Found> = Vec::new();
        let mut drop_weak: Vec<usize> = Vec::new();
        let mut next = 0;
        for &t in &cand {
            if t < next
                || (covered[t] && !weak_single[t])
                || (!doc.toks[t].has(CAP) && !doc.is_part(t))
                || !heads.contains(doc.word(t))
            {
                continue;
            }
            let linked = self.link(&doc, t, &persons, &covered, &weak_single).or_else(|| {
                let club = Self::short_club(&shorts, doc.word(t), doc.toks[t].start)?;
                (!covered[t] && !self.in_run(&doc, t, &covered)).then_some((Ref::Gaz(club), t + 1))
            });
            if let Some((ent, t1)) = linked {
                if weak_single[t] {
                    drop_weak.push(t);
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

        // 6. Assemble.
        self.assemble(&doc, found, people)
    }

    fn pats_entity(&self, f: &Found) -> usize {
        match f.ent {
            Ref::Gaz(i) => i,
            Ref::New(_) => usize::MAX,
        }
    }

    /// The longest gazetteer alias starting at token `t` that ends on a word boundary and has
    /// the capitals it asks for.
    fn match_at(&self, doc: &Doc, t: usize, cands: &mut Vec<(usize, usize)>) -> Option<(Found, usize)> {
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

    fn is_football(&self, doc: &Doc, raw: &[(Found, usize)]) -> bool {
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

    /// Is this country or city name (a placeable alias) the place rather than the team?
    fn is_place(&self, doc: &Doc, f: &Found, kind: EntityKind, football: bool, before: &[Found]) -> bool {
        let lex = &self.lex;
        let last = f.t1 - 1;
        // After the name.
        if doc.toks[last].has(POSS) {
            return false;
        }
        if let Some(nx) = doc.next_word(last) {
            let w = doc.word(nx);
            if lex.is_team_noun(w) || lex.is_team_verb(w) || doc.toks[nx].has(DIGIT) {
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
                return doc.prev_word(p).is_some_and(|q| lex.is_place_noun(doc.word(q)));
            }
            if w == "v" || w == "vs" || w == "against" || w == "beat" || w == "and" && football {
                return false;
            }
        }
        !football
    }

    /// Competitions take a following year ("World Cup 2018"), clubs a following "FC".
    fn extend(&self, doc: &Doc, f: &mut Found, kind: EntityKind) {
        let last = f.t1 - 1;
        if doc.toks[last].has(POSS) {
            return;
        }
        let Some(nx) = doc.next_word(last) else { return };
        let w = doc.word(nx);
        let ok = match kind {
            EntityKind::Competition => is_year(w),
            EntityKind::Club => matches!(doc.surface(nx), "FC" | "AFC"),
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

    fn seq_start(&self, doc: &Doc, t: usize) -> bool {
        doc.name_like(t)
            || doc.initial_before_name(t)
            || (doc.is_part(t)
                && !doc.toks[t].has(CAP)
                && t + 1 < doc.toks.len()
                && doc.next_word(t).is_some()
                && doc.name_like(t + 1))
    }

    /// End (exclusive) of the run of name-like tokens starting at `t`.
    fn seq_end(&self, doc: &Doc, t: usize, covered: &[bool]) -> usize {
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

    /// Drops a sentence-initial ordinary word in front of a given name ("Unsurprisingly Danny").
    fn trim_seq(&self, doc: &Doc, a: usize, b: usize) -> (usize, usize) {
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
    fn role_before(&self, doc: &Doc, a: usize) -> Option<Option<Role>> {
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
            // "England Midfielder"? Only lower-case role words and titles count.
            return None;
        }
        self.lex.role(w)
    }

    /// Is the capitalised sequence `a..b` (two to four words) a person? Returns the role if so.
    fn person_evidence(&self, doc: &Doc, a: usize, b: usize, football: bool) -> Option<Option<Role>> {
        let lex = &self.lex;
        if let Some(r) = self.role_before(doc, a) {
            return Some(r);
        }
        let last = b - 1;
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
        None
    }

    /// Is token `t` part of a longer run of capitalised words (so not a single-word name)?
    fn in_run(&self, doc: &Doc, t: usize, covered: &[bool]) -> bool {
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
    fn single_evidence(&self, doc: &Doc, t: usize, football: bool) -> Option<Option<Role>> {
        let lex = &self.lex;
        let tok = &doc.toks[t];
        let w = doc.word(t);
        if tok.has(ALLCAPS) || w.chars().count() < 2 || lex.is_title(w) {
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

    /// Short forms of the clubs named in this article ("United" for Manchester United), with
    /// the byte offsets of the clubs' mentions.
    fn club_shorts(&self, found: &[Found]) -> Vec<(String, usize, Vec<usize>)> {
        let mut out: Vec<(String, usize, Vec<usize>)> = Vec::new();
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
                match out.iter_mut().find(|(s, x, _)| *s == last && *x == e) {
                    Some((_, _, at)) => {
                        if !at.contains(&f.range.start) {
                            at.push(f.range.start);
                        }
                    }
                    None => out.push((last, e, vec![f.range.start])),
                }
            }
        }
        out
    }

    /// The club a short form at byte `at` stands for: the one named nearest before it, else
    /// nearest after it.
    fn short_club(shorts: &[(String, usize, Vec<usize>)], w: &str, at: usize) -> Option<usize> {
        let dist = |x: usize| if x <= at { at - x } else { x - at + (1 << 40) };
        shorts
            .iter()
            .filter(|(s, _, _)| s == w)
            .map(|(_, e, xs)| (xs.iter().map(|&x| dist(x)).min().unwrap_or(usize::MAX), *e))
            .min()
            .map(|(_, e)| e)
    }

    /// The people of this article with their first names and surnames.
    fn persons(&self, found: &[Found], people: &[Entity]) -> Vec<Person> {
        let mut out: Vec<Person> = Vec::new();
        for f in found {
            let (first, surname) = match f.ent {
                Ref::Gaz(e) if self.entities[e].kind == EntityKind::Person => {
                    let inf = &self.info[e];
                    (inf.first.clone(), inf.surname.clone())
                }
                Ref::New(i) => {
                    let words: Vec<String> = people[i].name.split_whitespace().map(fold_key).collect();
                    if words.len() < 2 {
                        continue;
                    }
                    (Some(words[0].clone()), Some(words[1..].join(" ")))
                }
                _ => continue,
            };
            match out.iter_mut().find(|p| p.ent == f.ent) {
                Some(p) => p.full_at.push(f.range.start),
                None => {
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
    fn link(
        &self,
        doc: &Doc,
        t: usize,
        persons: &[Person],
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
        // Every (person, end, exact) whose surname is spelled here; the longest, exact ones win.
        let mut hits: Vec<(usize, usize, bool)> = Vec::new();
        for (pi, p) in persons.iter().enumerate() {
            for (si, s) in p.surname.iter().enumerate() {
                if let Some(t1) = self.words_match(doc, t, s, covered, weak) {
                    hits.push((pi, t1, si == 0));
                }
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
                // Several people share the surname: the one named most recently before here.
                let recent = |pi: usize| persons[pi].full_at.iter().filter(|&&x| x <= at).max().copied();
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
        let w = doc.word(t);
        let with_first: Vec<&Person> = persons.iter().filter(|p| p.first.as_deref() == Some(w)).collect();
        if with_first.len() == 1 && !persons.iter().any(|p| p.surname.iter().any(|s| s == w)) {
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
            let surname_elsewhere = (1..n).any(|u| {
                doc.toks[u].has(CAP)
                    && doc.word(u) == w
                    && doc.name_like(u - 1)
                    && doc.prev_word(u).is_some()
                    && with_first[0].first.as_deref() != Some(doc.word(u - 1))
                    && !persons.iter().any(|p| p.first.as_deref() == Some(doc.word(u - 1)))
            });
            if surname_elsewhere {
                return None;
            }
            return Some((with_first[0].ent, t + 1));
        }
        None
    }

    /// Do tokens from `t` spell `key` (folded words separated by single spaces)? Returns the end.
    fn words_match(&self, doc: &Doc, t: usize, key: &str, covered: &[bool], weak: &[bool]) -> Option<usize> {
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

    fn assemble(&self, doc: &Doc, found: Vec<Found>, mut people: Vec<Entity>) -> Tagged {
        let mut out = Tagged::default();
        let mut index: FastMap<Ref, usize> = FastMap::default();
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
            let i = *index.entry(f.ent).or_insert_with(|| {
                out.entities.push(match f.ent {
                    Ref::Gaz(e) => self.entities[e].clone(),
                    Ref::New(p) => people[p].clone(),
                });
                out.entities.len() - 1
            });
            out.mentions.push(Mention { range: f.range, entity: i });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    const SEED0: &str = include_str!("../../../seeds/000_413961b8f36dffdf.txt");
    const SEED1: &str = include_str!("../../../seeds/001_6e83b1c257ab88e6.txt");
    const SEED2_HTML: &str = include_str!("../../../seeds/002_e0228e736809d36c.txt");

    fn tagger() -> &'static Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| Tagger::new(&Gazetteer::builtin()))
    }

    /// Seed 002 as ingest will give it: anchor tags removed.
    pub(crate) fn strip_tags(html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// (surface, entity id) of every mention.
    fn pairs(text: &str) -> Vec<(String, String)> {
        let t = tagger().tag(text);
        t.mentions
            .iter()
            .map(|m| (text[m.range.clone()].to_string(), t.entities[m.entity].id.clone()))
            .collect()
    }

    fn id_of(text: &str, surface: &str) -> Vec<String> {
        pairs(text).into_iter().filter(|(s, _)| s == surface).map(|(_, id)| id).collect()
    }

    fn word_positions(text: &str, word: &str) -> Vec<usize> {
        text.match_indices(word)
            .filter(|(i, _)| {
                let before = text[..*i].chars().next_back();
                let after = text[i + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn every_kane_in_the_seeds_is_harry_kane() {
        for text in [SEED0.to_string(), SEED1.to_string(), strip_tags(SEED2_HTML)] {
            let t = tagger().tag(&text);
            let kane_at = word_positions(&text, "Kane");
            assert!(!kane_at.is_empty());
            for at in kane_at {
                let m = t
                    .mentions
                    .iter()
                    .find(|m| m.range.contains(&at))
                    .unwrap_or_else(|| panic!("Kane at {at} untagged"));
                assert_eq!(t.entities[m.entity].id, "person:harry-kane", "at {at}");
            }
        }
    }

    #[test]
    fn seed_people_teams_venues_competitions() {
        let text = SEED1;
        for (surface, id) in [
            ("Jordan Henderson", "person:jordan-henderson"),
            ("Gareth Southgate", "person:gareth-southgate"),
            ("Wayne Rooney", "person:wayne-rooney"),
            ("Hugo Lloris", "person:hugo-lloris"),
            ("Olivier Giroud", "person:olivier-giroud"),
            ("Giroud", "person:olivier-giroud"),
            ("Henderson", "person:jordan-henderson"),
            ("Southgate", "person:gareth-southgate"),
            ("Tchouameni", "person:aurelien-tchouameni"),
            ("Dayot Upamecano", "person:dayot-upamecano"),
            ("Bukayo Saka", "person:bukayo-saka"),
            ("Didier Deschamps", "person:didier-deschamps"),
            ("Harry Maguire", "person:harry-maguire"),
            ("Wilton Sampaio", "person:wilton-sampaio"),
            ("World Cup", "competition:world-cup"),
            ("England", "team:england"),
            ("France", "team:france"),
            ("Morocco", "team:morocco"),
            ("Brazil", "team:brazil"),
            ("Tottenham", "club:tottenham-hotspur"),
            ("Liverpool", "club:liverpool"),
            ("AFP", "org:afp"),
            ("ITV", "org:itv"),
            ("Al Khor", "place:al-khor"),
        ] {
            let ids = id_of(text, surface);
            assert!(!ids.is_empty(), "{surface} untagged");
            assert!(ids.iter().all(|i| i == id), "{surface}: {ids:?}");
        }
        let t = tagger().tag(SEED1);
        let sampaio = t.entities.iter().find(|e| e.id == "person:wilton-sampaio").unwrap();
        assert_eq!(sampaio.role, Some(Role::Referee));

        let s0 = pairs(SEED0);
        assert!(s0.contains(&("Al Bayt Stadium".into(), "venue:al-bayt-stadium".into())));
        let t0 = tagger().tag(SEED0);
        assert_eq!(
            t0.entities.iter().find(|e| e.id == "venue:al-bayt-stadium").unwrap().kind,
            EntityKind::Venue
        );
        for (surface, id) in [
            ("European Championship", "competition:european-championship"),
            ("Croatia", "team:croatia"),
            ("Argentina", "team:argentina"),
            ("Portugal", "team:portugal"),
            ("Russia", "place:russia"),
            ("Getty", "org:getty-images"),
        ] {
            assert!(s0.contains(&(surface.into(), id.into())), "{surface} {s0:?}");
        }
        let s2 = pairs(&strip_tags(SEED2_HTML));
        for (surface, id) in [
            ("Euro 2020", "competition:european-championship"),
            ("Italy", "team:italy"),
            ("Theo Hernandez", "person:theo-hernandez"),
            ("Mason Mount", "person:mason-mount"),
            ("Al Bayt Stadium", "venue:al-bayt-stadium"),
            ("Rooney", "person:wayne-rooney"),
            ("Saka", "person:bukayo-saka"),
        ] {
            assert!(s2.contains(&(surface.into(), id.into())), "{surface} {s2:?}");
        }
    }

    #[test]
    fn first_name_only_when_unambiguous() {
        // Seed 000 has one Harry (Kane); seed 001 has two (Kane and Maguire).
        assert!(id_of(SEED0, "Harry").iter().all(|i| i == "person:harry-kane"));
        assert_eq!(id_of(SEED0, "Harry").len(), 2);
        assert!(id_of(SEED1, "Harry").is_empty(), "{:?}", id_of(SEED1, "Harry"));
    }

    #[test]
    fn possessives_and_curly_apostrophes() {
        let text = "Harry Kane scored. Kane's header and Kane’s volley lifted England’s hopes in the World Cup, and Spurs' fans cheered.";
        let p = pairs(text);
        assert!(p.contains(&("Kane".into(), "person:harry-kane".into())));
        assert_eq!(p.iter().filter(|(_, id)| id == "person:harry-kane").count(), 3);
        assert!(p.contains(&("England".into(), "team:england".into())), "{p:?}");
        assert!(p.contains(&("Spurs".into(), "club:tottenham-hotspur".into())), "{p:?}");
    }

    #[test]
    fn diacritics_do_not_matter() {
        let a = pairs("Aurélien Tchouaméni scored for France.");
        let b = pairs("Aurelien Tchouameni scored for France.");
        assert_eq!(a[0].1, "person:aurelien-tchouameni");
        assert_eq!(b[0].1, "person:aurelien-tchouameni");
        assert_eq!(a[0].0, "Aurélien Tchouaméni");
        // Byte ranges stay honest after folding: é is two bytes.
        let text = "Théo Hernández and Kylian Mbappé played at the Parc des Princes.";
        let t = tagger().tag(text);
        let surfaces: Vec<&str> = t.mentions.iter().map(|m| &text[m.range.clone()]).collect();
        assert_eq!(surfaces, ["Théo Hernández", "Kylian Mbappé", "Parc des Princes"]);
        assert_eq!(tagger().resolve("tchouameni").unwrap().id, "person:aurelien-tchouameni");
        assert_eq!(tagger().resolve("TCHOUAMÉNI").unwrap().id, "person:aurelien-tchouameni");
    }

    #[test]
    fn team_or_place() {
        assert_eq!(id_of("France progress to face Morocco.", "France"), ["team:france"]);
        assert_eq!(id_of("England had been confident of a good showing in Qatar.", "Qatar"), ["place:qatar"]);
        assert_eq!(id_of("Qatar lost all three games as hosts of the World Cup.", "Qatar"), ["team:qatar"]);
        assert_eq!(id_of("Al Khor (Qatar) (AFP) - Jordan Henderson said.", "Qatar"), ["place:qatar"]);
        assert_eq!(id_of("The squad will travel to Germany for the Euros.", "Germany"), ["place:germany"]);
        assert_eq!(id_of("The 2-1 defeat to Germany ended their Euros.", "Germany"), ["team:germany"]);
        assert_eq!(
            id_of("He has played in the Netherlands and in Spain's team.", "Netherlands"),
            ["place:netherlands"]
        );
        assert_eq!(id_of("He has played in the Netherlands and in Spain's team.", "Spain"), ["team:spain"]);
        assert_eq!(
            id_of("He was born in Liverpool but signed for Everton.", "Liverpool"),
            ["place:liverpool"]
        );
        assert_eq!(id_of("Liverpool beat Everton 2-0 at Anfield.", "Liverpool"), ["club:liverpool"]);
        // Outside football text a country is the place.
        assert_eq!(id_of("The president visited Brazil and met farmers.", "Brazil"), ["place:brazil"]);
    }

    #[test]
    fn ambiguous_short_names_need_context() {
        // "Forest" is only the club when capitalised and in context.
        assert!(id_of("The forest was quiet.", "forest").is_empty());
        assert_eq!(
            id_of("Chelsea beat Forest 3-0 at Stamford Bridge.", "Forest"),
            ["club:nottingham-forest"]
        );
        // Jordan the country vs Jordan the given name.
        assert_eq!(
            id_of("Jordan Pickford saved well for England.", "Jordan Pickford"),
            ["person:jordan-pickford"]
        );
        let p = pairs("Goalkeeper Jordan Smith made his debut for Leeds against Wigan.");
        assert!(p.contains(&("Jordan Smith".into(), "person:jordan-smith".into())), "{p:?}");
        assert!(!p.iter().any(|(_, id)| id == "team:jordan"), "{p:?}");
        // Ordinary capitalised phrases and sentence starts are not people.
        let p = pairs("Boxing Day fixtures were played. Last Tuesday the Grand Prix began. However Sources close to the club said nothing.");
        assert!(!p.iter().any(|(_, id)| id.starts_with("person:")), "{p:?}");
    }

    #[test]
    fn people_not_in_the_gazetteer() {
        let text = "Midfielder Xander Pemberton-Quill and referee Ludo Brakspear were booked in the Premier League. \
                    Pemberton-Quill said he was sorry. \"It was hard,\" said Brakspear. \
                    Dribbleton's side were poor, and Ostrava Vlk scored twice before Vlk limped off.";
        let t = tagger().tag(text);
        let by_surface: Vec<(String, String, Option<Role>)> = t
            .mentions
            .iter()
            .map(|m| {
                let e = &t.entities[m.entity];
                (text[m.range.clone()].to_string(), e.name.clone(), e.role)
            })
            .collect();
        let has = |s: &str, name: &str| by_surface.iter().any(|(a, b, _)| a == s && b == name);
        assert!(has("Xander Pemberton-Quill", "Xander Pemberton-Quill"), "{by_surface:?}");
        assert!(has("Pemberton-Quill", "Xander Pemberton-Quill"), "{by_surface:?}");
        assert!(has("Ludo Brakspear", "Ludo Brakspear"), "{by_surface:?}");
        assert!(has("Brakspear", "Ludo Brakspear"), "{by_surface:?}");
        assert!(has("Dribbleton", "Dribbleton"), "{by_surface:?}");
        assert!(has("Ostrava Vlk", "Ostrava Vlk"), "{by_surface:?}");
        assert!(has("Vlk", "Ostrava Vlk"), "{by_surface:?}");
        let ref_role = t.entities.iter().find(|e| e.name == "Ludo Brakspear").unwrap().role;
        assert_eq!(ref_role, Some(Role::Referee));
        let mgr = t.entities.iter().find(|e| e.name == "Dribbleton").unwrap().role;
        assert_eq!(mgr, Some(Role::Manager));
        assert_eq!(
            t.entities.iter().find(|e| e.name == "Ludo Brakspear").unwrap().id,
            "person:ludo-brakspear"
        );
    }

    #[test]
    fn surnames_shared_by_two_people() {
        let text = "Gary Neville and Phil Neville both started. Phil Neville was booked, and Neville was then replaced.";
        let p = pairs(text);
        // The last "Neville" follows the most recent full mention (Phil).
        let last = p.iter().rfind(|(s, _)| s == "Neville").unwrap();
        assert_eq!(last.1, "person:phil-neville", "{p:?}");
    }

    #[test]
    fn user_gazetteer_entities_are_tagged() {
        let mut g = Gazetteer::builtin();
        g.load_str(
            "[[entity]]\nid = \"person:zed-quorra\"\nname = \"Zed Quorra\"\nkind = \"person\"\nrole = \"player\"\naliases = [\"ZQ\"]\n\n\
             [[entity]]\nid = \"club:tottenham-hotspur\"\nname = \"Tottenham Hotspur\"\nkind = \"club\"\nnicknames = [\"Lilywhites\"]\n",
            "user.toml",
            super::super::GazetteerFormat::Toml,
        )
        .unwrap();
        let tg = Tagger::new(&g);
        let text = "ZQ scored for the Lilywhites. Quorra then hit the post, and Zed Quorra was substituted.";
        let t = tg.tag(text);
        let ids: Vec<(&str, &str)> =
            t.mentions.iter().map(|m| (&text[m.range.clone()], t.entities[m.entity].id.as_str())).collect();
        assert!(ids.contains(&("ZQ", "person:zed-quorra")), "{ids:?}");
        assert!(ids.contains(&("Lilywhites", "club:tottenham-hotspur")), "{ids:?}");
        assert!(ids.contains(&("Quorra", "person:zed-quorra")), "{ids:?}");
        // The override replaced the built-in entry: "Spurs" is no longer an alias.
        assert!(tg.resolve("Spurs").is_none());
        assert_eq!(tg.resolve("lilywhites").unwrap().id, "club:tottenham-hotspur");
    }

    #[test]
    fn resolve_for_filters() {
        let t = tagger();
        assert_eq!(t.resolve("Man Utd").unwrap().id, "club:manchester-united");
        assert_eq!(t.resolve("spurs").unwrap().id, "club:tottenham-hotspur");
        assert_eq!(t.resolve("Kane's").unwrap().id, "person:harry-kane");
        assert_eq!(t.resolve("Harry Kane").unwrap().id, "person:harry-kane");
        assert_eq!(t.resolve("place:qatar").unwrap().kind, EntityKind::Place);
        assert_eq!(t.resolve("Qatar").unwrap().id, "team:qatar");
        assert_eq!(t.resolve("les bleus").unwrap().id, "team:france");
        assert_eq!(t.resolve("Nott'm Forest").unwrap().id, "club:nottingham-forest");
        assert!(t.resolve("Nobody Atall").is_none());
    }

    #[test]
    fn the_and_suffixes() {
        let p = pairs("They won at the Hawthorns and at The Valley, then Liverpool FC drew in the World Cup 2018 final.");
        assert!(p.contains(&("Hawthorns".into(), "venue:the-hawthorns".into())), "{p:?}");
        assert!(p.contains(&("Valley".into(), "venue:the-valley".into())), "{p:?}");
        assert!(p.contains(&("Liverpool FC".into(), "club:liverpool".into())), "{p:?}");
        assert!(p.contains(&("World Cup 2018".into(), "competition:world-cup".into())), "{p:?}");
        assert!(id_of("A valley in Kent.", "valley").is_empty());
    }

    #[test]
    fn shared_nicknames_and_club_short_forms() {
        let text = "Chelsea won the League Cup. The Blues led early, and the Reds never recovered \
                    against a Liverpool side missing Gerrard. United, meanwhile, lost at Leeds United.";
        let p = pairs(text);
        assert!(p.contains(&("Blues".into(), "club:chelsea".into())), "{p:?}");
        assert!(p.contains(&("Reds".into(), "club:liverpool".into())), "{p:?}");
        assert!(p.contains(&("United".into(), "club:leeds-united".into())), "{p:?}");
        // Without a Chelsea, Everton or Manchester City in the article, "Blues" is nobody.
        assert!(id_of("The Blues were poor in the Premier League.", "Blues").is_empty());
        assert!(tagger().resolve("Blues").is_none(), "a shared nickname resolves nothing");
    }

    #[test]
    fn year_aliases_and_longer_names() {
        let p = pairs(
            "After Euro 2004 and the 1966 World Cup, Andrey Santos joined Santos on loan in the league.",
        );
        assert!(p.contains(&("Euro 2004".into(), "competition:european-championship".into())), "{p:?}");
        assert!(p.contains(&("Andrey Santos".into(), "person:andrey-santos".into())), "{p:?}");
        assert!(id_of("He paid in euro 2004 times.", "euro 2004").is_empty());
        assert_eq!(tagger().resolve("Euro 2020").unwrap().id, "competition:european-championship");
    }

    #[test]
    fn decomposed_accents_keep_byte_ranges() {
        // NFD: "e" + combining acute. The mention still covers the whole original name.
        let text = "Aure\u{301}lien Tchoua\u{301}meni scored.";
        let t = tagger().tag(text);
        assert_eq!(t.entities[0].id, "person:aurelien-tchouameni");
        assert_eq!(&text[t.mentions[0].range.clone()], "Aure\u{301}lien Tchoua\u{301}meni");
    }

    #[test]
    fn first_name_that_is_also_a_surname_here() {
        // "Paul" is Paul Ryan's first name but Rand Paul's surname: leave it alone.
        let p = pairs("Speaker Paul Ryan met Senator Rand Paul. Later Paul said no.");
        assert!(!p.iter().any(|(s, id)| s == "Paul" && id == "person:paul-ryan"), "{p:?}");
    }

    #[test]
    fn words_of_combining_marks_only() {
        // A "word" that folds to nothing (proptest found it): no panic, no mention.
        assert!(tagger().tag("\u{1a60}").mentions.is_empty());
        assert!(tagger().tag("Kane \u{301}\u{301} Kane").mentions.is_empty());
    }

    #[test]
    fn tagger_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Tagger>();
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_are_sound(s in "\\PC{0,300}") {
            let t = tagger().tag(&s);
            let mut last = 0;
            for m in &t.mentions {
                proptest::prop_assert!(m.range.start >= last);
                proptest::prop_assert!(m.range.start < m.range.end);
                proptest::prop_assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
                proptest::prop_assert!(m.entity < t.entities.len());
                last = m.range.end;
            }
        }

        #[test]
        fn football_like_text_is_sound(words in proptest::collection::vec(proptest::sample::select(vec![
            "Kane", "Harry", "Kane's", "England’s", "in", "Qatar", "said", "midfielder", "Jordan", "Henderson",
            "Tchouaméni", "the", "Valley", ".", ",", "\n", "Spurs'", "Al", "Bayt", "Stadium", "van", "Dijk", "É",
            "referee", "Wilton", "Sampaio", "(", ")", "-", "’", "World", "Cup", "2018", "FC", "Ødegaard", "Man", "Utd",
        ]), 0..60)) {
            let s = words.join(" ");
            let t = tagger().tag(&s);
            let mut last = 0;
            for m in &t.mentions {
                proptest::prop_assert!(m.range.start >= last && m.range.start < m.range.end);
                proptest::prop_assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
                last = m.range.end;
            }
        }
    }
}
