//! Noun phrases and subjects: the small grammar that reads who a cue names. The name in a cue
//! is the last run of capitalised words of its noun phrase (`England manager Gareth Southgate`
//! → `Gareth Southgate`); a description (`the Liverpool midfielder`, `the Scot`) or a pronoun
//! is an anaphor, resolved later against earlier text.

use std::ops::Range;

use super::lexicon::*;
use super::tokens::Tok;

/// Who a cue names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Who {
    /// A name, by its byte range.
    Name(Range<usize>),
    /// A pronoun or a description, to resolve against earlier text.
    Anaphor,
}

/// A noun phrase read as a speaker.
pub(super) enum NpKind {
    Name(Range<usize>),
    /// A description (`the Liverpool midfielder`, `the Scot`).
    Nominal,
}

pub(super) struct Np {
    pub(super) kind: NpKind,
    /// Token span of the phrase.
    pub(super) first: usize,
    pub(super) last: usize,
    /// First token of the name (or of the phrase when nominal).
    pub(super) name_first: usize,
}

/// Reads the tokens `first..=last` as a noun phrase naming a person.
pub(super) fn classify_np(toks: &[Tok], first: usize, last: usize) -> Option<Np> {
    if first > last {
        return None;
    }
    // The name is the run of name words (and particles between them) that ends the phrase.
    if toks[last].name_word() {
        let mut s = last;
        while s > first && (toks[s - 1].name_word() || (toks[s - 1].particle() && s - 1 > first)) {
            s -= 1;
        }
        while toks[s].particle() {
            s += 1;
        }
        let adjectives_only =
            (first..s).all(|k| toks[k].determiner() || (toks[k].role() && !toks[k].person_noun()));
        if s == last && toks[first].determiner() && adjectives_only && toks[last].demonym() {
            // `the Scot`, `the experienced Frenchman`
            return Some(Np { kind: NpKind::Nominal, first, last, name_first: first });
        }
        let range = toks[s].range.start..toks[last].range.end;
        return Some(Np { kind: NpKind::Name(range), first, last, name_first: s });
    }
    // `a Juventus official`, `a Premier League spokesman`, `the FA statement`: an unnamed voice
    // of the body named before it is that body (`the Juventus official` may be one named
    // before: a description).
    let voice = toks[last].word && !toks[last].cap && is_in(BODY_VOICE_NOUNS, &toks[last].lower);
    if voice && last > first && toks[last - 1].name_word() {
        let mut s = last - 1;
        while s > first && toks[s - 1].name_word() {
            s -= 1;
        }
        let indefinite = s == first || (s == first + 1 && is_in(&["a", "an"], &toks[first].lower));
        if indefinite || !toks[last].person_noun() {
            let range = toks[s].range.start..toks[last - 1].range.end;
            return Some(Np { kind: NpKind::Name(range), first, last, name_first: s });
        }
    }
    if toks[last].person_noun() {
        return Some(Np { kind: NpKind::Nominal, first, last, name_first: first });
    }
    None
}

/// The noun phrase that ends at token `last`, read backwards.
pub(super) fn np_backward(toks: &[Tok], last: usize) -> Option<Np> {
    if !toks[last].np_word() || toks[last].determiner() {
        return None;
    }
    let mut first = last;
    while first > 0 && last - first < 8 {
        let t = &toks[first - 1];
        if t.np_word() || (t.possessive() && t.cap) {
            first -= 1;
            if t.determiner() {
                break;
            }
        } else {
            break;
        }
    }
    classify_np(toks, first, last)
}

/// The noun phrase that starts at token `first`, read forwards.
pub(super) fn np_forward(toks: &[Tok], first: usize) -> Option<Np> {
    if first >= toks.len() || !(toks[first].np_word() || (toks[first].possessive() && toks[first].cap)) {
        return None;
    }
    let mut last = first;
    while last + 1 < toks.len() && last - first < 8 {
        let t = &toks[last + 1];
        if (t.np_word() && !t.determiner()) || (t.possessive() && t.cap) {
            last += 1;
        } else {
            break;
        }
    }
    // Trailing particles belong to the next words, not this phrase.
    while last > first && toks[last].particle() {
        last -= 1;
    }
    // `a Premier League statement`: the voice noun ends the phrase (see [`classify_np`]).
    if toks[last].name_word()
        && toks.get(last + 1).is_some_and(|t| t.word && !t.cap && is_in(BODY_VOICE_NOUNS, &t.lower))
    {
        last += 1;
    }
    if toks[last].name_word() && attributive(toks, first, last) {
        // `an Alan Shearer strike`: the name describes a thing; nobody is named.
        return None;
    }
    classify_np(toks, first, last)
}

/// Is the name ending at token `last` used attributively (`an Alan Shearer strike`, `the
/// Rooney goal`, `a Kane penalty`): after a determiner (at or after `from`, maybe with an
/// adjective between) and before a lower-case noun? Such a name is never a speaker.
pub(super) fn attributive(toks: &[Tok], from: usize, last: usize) -> bool {
    let Some(next) = toks.get(last + 1) else { return false };
    let noun_after = next.word
        && !next.cap
        && !next.verbish()
        && !next.adverb()
        && !next.pronoun()
        && !participle(next)
        && !is_in(NOT_NOUNS, &next.lower)
        // `an FA statement said`: the organisation speaks through it.
        && !is_in(VOICE_NOUNS, &next.lower);
    if !noun_after {
        return false;
    }
    // The name's first word, then a determiner before it.
    let mut k = last;
    while k > from && (toks[k - 1].name_word() || toks[k - 1].particle()) {
        k -= 1;
    }
    let mut back = 0;
    while k > from && back < 3 {
        k -= 1;
        back += 1;
        let t = &toks[k];
        if is_in(&["a", "an", "the", "another"], &t.lower) && t.word {
            return true;
        }
        if !t.word || t.cap || t.verbish() {
            return false;
        }
    }
    false
}

pub(super) fn skip_adverbs_back(toks: &[Tok], mut k: usize) -> Option<usize> {
    while toks[k].adverb() {
        k = k.checked_sub(1)?;
    }
    Some(k)
}

pub(super) fn skip_adverbs(toks: &[Tok], mut k: usize) -> usize {
    while k < toks.len() && toks[k].adverb() {
        k += 1;
    }
    k
}

/// Index of the last token of the verb at `v` (`went on`, `pointed out`, `told ITV`).
pub(super) fn verb_end(toks: &[Tok], v: usize) -> usize {
    let w = toks[v].lower.as_ref();
    if w == "quoted" {
        // `is quoted as saying`
        let saying =
            toks.get(v + 1).is_some_and(|t| t.is("as")) && toks.get(v + 2).is_some_and(|t| t.is("saying"));
        return if saying { v + 2 } else { v };
    }
    if matches!(w, "went" | "goes" | "summed" | "pointed") {
        return if toks.get(v + 1).is_some_and(|t| t.is("on") || t.is("up") || t.is("out")) {
            v + 1
        } else {
            v
        };
    }
    if matches!(w, "told" | "tells" | "telling") {
        // Keep the audience with the cue: `told ITV`, `told the News of the World`.
        let mut e = v;
        let mut k = v + 1;
        while k < toks.len() && k - v <= 7 {
            let t = &toks[k];
            let audience = matches!(
                t.lower.as_ref(),
                "reporters"
                    | "journalists"
                    | "news"
                    | "radio"
                    | "conference"
                    | "press"
                    | "newspaper"
                    | "programme"
                    | "website"
                    | "station"
                    | "magazine"
                    | "sport"
                    | "football"
                    | "tv"
                    | "television"
                    | "club"
            );
            let ok = t.word
                && (t.cap
                    || t.determiner()
                    || audience
                    || (t.is("of")
                        && toks.get(k + 1).is_some_and(|n| {
                            n.cap || (n.determiner() && toks.get(k + 2).is_some_and(|m| m.cap))
                        })));
            if !ok {
                break;
            }
            if !t.determiner() && !t.is("of") {
                e = k;
            }
            k += 1;
        }
        return e;
    }
    v
}

/// A speech verb at `v` usable as an attribution (`went` only as `went on`, ...).
pub(super) fn is_verb_at(toks: &[Tok], v: usize) -> bool {
    let t = &toks[v];
    if !(t.word && !t.cap && is_in(SPEECH_VERBS, &t.lower)) {
        return false;
    }
    match t.lower.as_ref() {
        "went" | "goes" => toks.get(v + 1).is_some_and(|n| n.is("on")),
        "quoted" => toks.get(v + 1).is_some_and(|n| n.is("as")),
        "summed" => toks.get(v + 1).is_some_and(|n| n.is("up")),
        "pointed" => toks.get(v + 1).is_some_and(|n| n.is("out")),
        // `Asked whether ..., Ferguson said`: an introductory `asked` is no attribution.
        "asked" => v > 0,
        _ => true,
    }
}

pub(super) fn participle(t: &Tok) -> bool {
    t.lower.ends_with("ing")
}

pub(super) fn continuing(t: &Tok) -> bool {
    is_in(CONTINUING_VERBS, &t.lower)
}

pub(super) fn span(toks: &[Tok], a: usize, b: usize) -> Range<usize> {
    toks[a].range.start..toks[b].range.end
}

/// The subject found for a verb.
pub(super) struct Subject {
    pub(super) who: Who,
    /// First token of the subject.
    pub(super) first: usize,
    /// Found across an apposition (`Henderson, who ..., said`).
    pub(super) apposition: bool,
}

pub(super) fn subject_from_np(np: Np, apposition: bool) -> Subject {
    match np.kind {
        NpKind::Name(r) => Subject { who: Who::Name(r), first: np.name_first, apposition },
        NpKind::Nominal => Subject { who: Who::Anaphor, first: np.first, apposition },
    }
}

/// Skips sentence openers (`But`, `And`, `Meanwhile,`) and an introductory phrase up to its
/// comma (`Speaking after the game,`, `Although Newcastle said ...,`).
pub(super) fn skip_intro(toks: &[Tok], upto: usize) -> usize {
    let mut i = 0;
    loop {
        while i < upto && !toks[i].word {
            i += 1;
        }
        if i >= upto {
            return i;
        }
        let t = &toks[i];
        if t.cap
            && is_in(&["but", "and", "so", "yet", "now", "also", "then", "meanwhile", "however"], &t.lower)
        {
            i += 1;
            if i < upto && toks[i].punct(',') {
                i += 1;
            }
            continue;
        }
        if t.adverb() && i + 1 < upto {
            i += 1;
            continue;
        }
        if (t.cap || i > 0) && (is_in(INTRO_WORDS, &t.lower) || (t.cap && t.lower.ends_with("ing"))) {
            if let Some(comma) = (i..upto).find(|&k| toks[k].punct(',')) {
                i = comma + 1;
                continue;
            }
        }
        return i;
    }
}

/// The subject of a sentence: its first noun phrase after any introductory phrase.
pub(super) fn sentence_subject(toks: &[Tok], upto: usize) -> Option<Subject> {
    let i = skip_intro(toks, upto);
    if i >= upto {
        return None;
    }
    if toks[i].pronoun() {
        return Some(Subject { who: Who::Anaphor, first: i, apposition: false });
    }
    np_forward(&toks[..upto], i).map(|np| subject_from_np(np, false))
}

/// `Name, who ...` / `Name, the ...` / `Name, speaking ...`: the name before the apposition that
/// opens at the comma `comma` (the comma closing it comes later).
pub(super) fn apposition_head(toks: &[Tok], comma: usize) -> bool {
    toks.get(comma + 1).is_some_and(|h| {
        h.is("who")
            || h.is("whose")
            || h.determiner()
            || h.role()
            || (h.word && !h.cap && participle(h))
            || h.is("aged")
            // `Ferguson, though, is confident`: an aside, not an apposition, but read the same.
            || (is_in(&["though", "however", "too", "meanwhile", "nevertheless"], &h.lower)
                && toks.get(comma + 2).is_some_and(|c| c.punct(',')))
    })
}

/// The subject of the speech verb at `v`.
pub(super) fn subject_of_verb(toks: &[Tok], v: usize) -> Option<Subject> {
    if participle(&toks[v]) {
        // `Southgate also backed his captain, saying`; failing a person there,
        // `... reported that Beattie, who seemed unrepentant, insisting`
        let subject = sentence_subject(toks, v);
        if subject.is_some() {
            return subject;
        }
        let appos = (1..v)
            .rev()
            .take(30)
            .find(|&c| toks[c].punct(',') && toks.get(c + 1).is_some_and(|w| w.is("who") || w.is("whose")))?;
        return np_backward(toks, appos - 1)
            .filter(|np| matches!(np.kind, NpKind::Name(_)))
            .map(|np| subject_from_np(np, true));
    }
    let k = skip_adverbs_back(toks, v.checked_sub(1)?)?;
    let t = &toks[k];
    if t.is("and") || t.is("but") {
        return sentence_subject(toks, k);
    }
    if t.pronoun() {
        return Some(Subject { who: Who::Anaphor, first: k, apposition: false });
    }
    if t.punct(',') {
        // `Henderson, who ..., said` / `Parry, speaking to BBC Sport, also admits`
        let open = (0..k).rev().take(30).find(|&c| toks[c].punct(','))?;
        if !apposition_head(toks, open) {
            // `Their president, Gustavo Parente Sanchez, says`: a name between the commas.
            return np_forward(toks, open + 1)
                .filter(|np| np.last + 1 == k && matches!(np.kind, NpKind::Name(_)))
                .map(|np| subject_from_np(np, true));
        }
        return np_backward(toks, open.checked_sub(1)?).map(|np| subject_from_np(np, true));
    }
    if t.word && !t.cap && is_in(VOICE_NOUNS, &t.lower) && k > 0 {
        // `A Premier League spokesman said`; else `The spokesman added`, a description.
        if let Some(s) = voice_subject(toks, k - 1) {
            return Some(s);
        }
        // `A club statement said`, `the club's website said`: the club speaks, unnamed here
        // (attribution finds which club).
        if toks[k - 1].is("club") || toks[k - 1].is("club's") {
            let first = if k >= 2 && toks[k - 2].determiner() { k - 2 } else { k - 1 };
            return Some(Subject { who: Who::Anaphor, first, apposition: false });
        }
    }
    if let Some(np) = np_backward(toks, k) {
        return Some(subject_from_np(np, false));
    }
    // `United's statement to the stock exchange said`: a voice noun and its complement.
    let j = (k.saturating_sub(8)..k).rev().find(|&j| {
        toks[j].word
            && !toks[j].cap
            && is_in(VOICE_NOUNS, &toks[j].lower)
            && toks
                .get(j + 1)
                .is_some_and(|p| is_in(&["to", "on", "from", "in", "at", "issued", "released"], &p.lower))
    })?;
    if toks[j + 1..=k].iter().any(|t| !t.word) {
        return None;
    }
    voice_subject(toks, j.checked_sub(1)?)
}

/// The organisation before a voice noun: `A Premier League [statement]`, `Marca's [headline]`.
pub(super) fn voice_subject(toks: &[Tok], k: usize) -> Option<Subject> {
    let t = &toks[k];
    if t.cap && t.possessive() {
        return Some(Subject { who: Who::Name(t.range.start..t.stem_end), first: k, apposition: false });
    }
    match np_backward(toks, k)? {
        Np { kind: NpKind::Name(r), name_first, .. } => {
            Some(Subject { who: Who::Name(r), first: name_first, apposition: false })
        }
        _ => None,
    }
}
