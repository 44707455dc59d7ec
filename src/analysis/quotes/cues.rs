//! Attribution cues: the words around a quote that say who spoke. A speech verb (`said`,
//! `told`, `added`, `admitted`, ...) with its subject before it (`Henderson said`, `England
//! midfielder Jordan Henderson told ITV`, `Henderson, who ..., said`) or after it (`said
//! Southgate`, `added the Liverpool midfielder`), `according to X`, a colon after a name or
//! after a sentence whose subject is a person (`Southgate also backed his captain, saying:`),
//! `he said`; and reported speech before a quote (`Ferguson insisted his side were unlucky.`).

use std::ops::Range;

use super::lexicon::*;
use super::phrases::*;
use super::tokens::*;
use super::{Segment, SpeakerVia};
use crate::text::Tokens;

/// Words allowed after the cue in the gap of an interrupted quote
/// (`"...," Henderson said after the game. "..."`).
const GAP_MAX_EXTRA_WORDS: usize = 8;
/// Words allowed after a cue that follows a quote ending in a full stop (`"... ." he said on
/// Sunday.`); more, and the words are the next sentence of the story, not an attribution.
const CLOSED_MAX_EXTRA_WORDS: usize = 4;

/// An attribution cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cue {
    /// The attribution words.
    pub range: Range<usize>,
    pub who: Who,
    pub via: SpeakerVia,
    /// The verb continues an earlier quote (`added`, `continued`, `went on`).
    pub continues: bool,
}

pub(super) fn cue(range: Range<usize>, who: Who, via: SpeakerVia, continues: bool) -> Cue {
    let via = if who == Who::Anaphor && via != SpeakerVia::AccordingTo { SpeakerVia::Pronoun } else { via };
    Cue { range, who, via, continues }
}

/// Reads a cue at the start of `toks` (the words right after a closing mark).
pub(super) fn parse_after(toks: &[Tok]) -> Option<Cue> {
    let mut i = 0;
    while i < toks.len()
        && (toks[i].punct(',')
            || toks[i].punct('-')
            || toks[i].punct('\u{2014}')
            || toks[i].punct('\u{2013}'))
    {
        i += 1;
    }
    let t = toks.get(i)?;
    if !t.word {
        return None;
    }
    // `said Southgate`, `added the Liverpool midfielder`, `said he`
    if is_verb_at(toks, i) {
        let ve = verb_end(toks, i);
        let cont = continuing(t);
        let j = ve + 1;
        let n = toks.get(j)?;
        if n.pronoun() {
            return Some(cue(span(toks, i, j), Who::Anaphor, SpeakerVia::CueAfter, cont));
        }
        let j = described_name(toks, j).unwrap_or(j);
        let np = np_forward(toks, j)?;
        let s = subject_from_np(np, false);
        let last = (j..toks.len())
            .take_while(|&k| toks[k].word && (toks[k].np_word() || toks[k].possessive()))
            .last()?;
        return Some(cue(span(toks, i, last), s.who, SpeakerVia::CueAfter, cont));
    }
    // `according to Henderson`
    if t.is("according") && toks.get(i + 1).is_some_and(|n| n.is("to")) {
        return according(toks, i);
    }
    // `"cheating" as he called it`
    if t.is("as") {
        return as_it(toks, i, SpeakerVia::CueAfter);
    }
    // `he said`, `Henderson told ITV`, `the Liverpool midfielder added`, `Henderson, who ..., said`
    let (who, first, mut k) = if t.pronoun() {
        (Who::Anaphor, i, i + 1)
    } else {
        let np = np_forward(toks, i)?;
        let last = np.last;
        let s = subject_from_np(np, false);
        (s.who, s.first, last + 1)
    };
    let mut via = SpeakerVia::CueAfter;
    if toks.get(k).is_some_and(|c| c.punct(',')) && apposition_head(toks, k) {
        let close = (k + 1..toks.len().min(k + 30)).find(|&c| toks[c].punct(','))?;
        k = close + 1;
        via = SpeakerVia::Apposition;
    }
    let v = skip_adverbs(toks, k);
    if v < toks.len() && is_verb_at(toks, v) {
        let ve = verb_end(toks, v);
        return Some(cue(span(toks, first, ve), who, via, continuing(&toks[v])));
    }
    None
}

/// Words of a description allowed before the name it describes, after a speech verb.
const DESCRIPTION_MAX_WORDS: usize = 6;

/// `said club director of communications Philip Townsend`, `said director of football Dan
/// Ashworth`: a lower-case description holding a role word, then a name. Returns where the
/// name starts.
fn described_name(toks: &[Tok], j: usize) -> Option<usize> {
    let mut k = j;
    let mut role = false;
    while k < toks.len() && k - j < DESCRIPTION_MAX_WORDS {
        let t = &toks[k];
        if !t.word || t.cap || t.verbish() || t.pronoun() {
            break;
        }
        role |= t.role();
        k += 1;
    }
    (k > j && role && toks.get(k).is_some_and(|t| t.name_word())).then_some(k)
}

pub(super) fn according(toks: &[Tok], i: usize) -> Option<Cue> {
    let j = i + 2;
    let n = toks.get(j)?;
    if n.is("him") || n.is("her") {
        return Some(cue(span(toks, i, j), Who::Anaphor, SpeakerVia::AccordingTo, false));
    }
    let np = np_forward(toks, j)?;
    let last = np.last;
    let s = subject_from_np(np, false);
    Some(cue(span(toks, i, last), s.who, SpeakerVia::AccordingTo, false))
}

/// `as PFA chief executive Gordon Taylor puts it`, `as he called it`, with `as` at token `i`:
/// the quoted words beside it are the subject's.
pub(super) fn as_it(toks: &[Tok], i: usize, via: SpeakerVia) -> Option<Cue> {
    if !toks.get(i)?.is("as") {
        return None;
    }
    // The verb, then `it`, a few words on.
    let v = (i + 2..toks.len().min(i + 14)).take_while(|&v| toks[v].word).find(|&v| {
        let t = &toks[v];
        !t.cap && is_in(AS_IT_VERBS, &t.lower) && toks.get(v + 1).is_some_and(|n| n.is("it"))
    })?;
    let k = skip_adverbs_back(toks, v - 1)?;
    let (who, first) = if toks[k].pronoun() {
        (Who::Anaphor, k)
    } else {
        let np = np_backward(toks, k)?;
        let first = np.first;
        (subject_from_np(np, false).who, first)
    };
    // `as` opens the subject's phrase, maybe with a few words the phrase did not take
    // (`as union chief Gordon Taylor`).
    (first > i && first - i <= 4).then(|| cue(span(toks, i, v + 1), who, via, false))
}

/// Whether a cue before a quote ends in a naming verb in the passive (`Schmeichel was hailed`,
/// `has been described`).
pub(super) fn passive_naming(text: &str, c: &Cue) -> bool {
    let mut words = text[c.range.clone()].rsplit(|ch: char| !ch.is_alphabetic()).filter(|w| !w.is_empty());
    let verb = words.next().map(str::to_lowercase);
    let be = words.next().map(str::to_lowercase);
    verb.is_some_and(|v| is_in(NAMING_VERBS, &v))
        && be.is_some_and(|b| is_in(&["was", "were", "is", "are", "been", "being", "be"], &b))
}

/// The agent of a passive right after a quote's closing mark (`"bargain of the century" by
/// Ferguson`).
pub(super) fn agent_after(t: &Tokens, seg: &Segment) -> Option<Cue> {
    let end = sentence_end(t.text, seg.end);
    let toks = view(t, seg.end..end);
    let i = toks.iter().position(|t| t.word)?;
    if !toks[i].is("by") || toks[..i].iter().any(|t| !t.punct(',')) {
        return None;
    }
    let np = np_forward(&toks, i + 1)?;
    let last = np.last;
    match subject_from_np(np, false).who {
        Who::Name(r) => Some(cue(span(&toks, i, last), Who::Name(r), SpeakerVia::CueAfter, false)),
        Who::Anaphor => None,
    }
}

/// Whether a cue is `as X puts it`.
pub(super) fn is_as_it(text: &str, c: &Cue) -> bool {
    text[c.range.clone()].split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("as"))
}

pub(super) fn words_after(toks: &[Tok], pos: usize) -> usize {
    toks.iter().filter(|t| t.word && t.range.start >= pos).count()
}

/// The cue right after the closing mark of `seg`, if any.
pub(super) fn cue_after(t: &Tokens, seg: &Segment) -> Option<Cue> {
    let text = t.text;
    let end = sentence_end(text, seg.end);
    let region = &text[seg.end..end];
    if region.trim_end().ends_with(':') {
        return None; // `... ." Moyes added: "...` introduces the next quote
    }
    let toks = view(t, seg.end..end);
    let c = parse_after(&toks)?;
    let full_stop = text[seg.inner.clone()].ends_with('.');
    if full_stop && words_after(&toks, c.range.end) > CLOSED_MAX_EXTRA_WORDS {
        return None; // `... captain." Giggs admits he had briefly considered ...`: narrative
    }
    Some(c)
}

/// The cue filling the gap between two quoted segments, if the gap is (almost) only a cue.
pub(super) fn gap_cue(t: &Tokens, gap: Range<usize>) -> Option<Cue> {
    let text = t.text;
    let s = &text[gap.clone()];
    if s.contains('\n') || s.trim_end().ends_with(':') {
        return None;
    }
    let toks = view(t, gap);
    let c = parse_after(&toks)?;
    // Words after the cue must finish its sentence (`said Henderson after the game.`), not
    // start another (`... Hassell. According to Wenger, "...`).
    let stop = toks.iter().position(|t| {
        t.range.start >= c.range.end && (t.punct('.') || t.punct('!') || t.punct('?') || t.punct(':'))
    });
    let new_sentence = stop.is_some_and(|k| toks[k + 1..].iter().any(|t| t.word));
    (!new_sentence && words_after(&toks, c.range.end) <= GAP_MAX_EXTRA_WORDS).then_some(c)
}

/// The cue in the sentence before an opening mark at `open`, not reading before `floor`.
pub(super) fn cue_before(t: &Tokens, open: usize, floor: usize) -> Option<Cue> {
    let text = t.text;
    let start = sentence_start(text, open, floor);
    let mut toks = view(t, start..open);
    let mut colon = false;
    while let Some(t) = toks.last() {
        if t.word {
            break;
        }
        colon |= t.punct(':');
        toks.pop();
    }
    if toks.is_empty() {
        return None;
    }
    let via = if colon { SpeakerVia::Colon } else { SpeakerVia::CueBefore };
    // `As PFA chief Gordon Taylor puts it, Pennant is at a "crossroads"`
    if let Some(c) = (0..toks.len()).filter(|&i| toks[i].is("as")).find_map(|i| as_it(&toks, i, via)) {
        return Some(c);
    }
    // `Gaucci's reported description of her as "very beautiful"`: the possessor's words.
    let words_noun =
        (1..toks.len()).rev().find(|&j| toks[j].word && !toks[j].cap && is_in(WORDS_NOUNS, &toks[j].lower));
    if let Some(j) = words_noun.filter(|&j| !(j..toks.len()).any(|v| is_verb_at(&toks, v))) {
        let p = (j.saturating_sub(3)..j).rev().find(|&p| toks[p].cap && toks[p].possessive());
        if let Some(p) = p.filter(|&p| toks[p + 1..j].iter().all(|t| t.word && !t.cap)) {
            if let Some(s) = voice_subject(&toks, p) {
                return Some(cue(span(&toks, s.first, j), s.who, via, false));
            }
        }
        // `But his admission that he "guessed ..."`: a pronoun's words, read like `he said`.
        if toks[j - 1].is("his") || toks[j - 1].is("her") {
            return Some(cue(span(&toks, j - 1, toks.len() - 1), Who::Anaphor, via, false));
        }
    }
    // `According to Henderson, "..."`
    if let Some(i) =
        (0..toks.len()).find(|&i| toks[i].is("according") && toks.get(i + 1).is_some_and(|n| n.is("to")))
    {
        if let Some(c) = according(&toks, i) {
            return Some(c);
        }
    }
    let verb = (0..toks.len())
        .rev()
        .find(|&v| is_verb_at(&toks, v) || (!toks[v].cap && is_in(BEFORE_ONLY_VERBS, &toks[v].lower)));
    if let Some(v) = verb {
        let ve = verb_end(&toks, v);
        // `It is a view shared by Rooney, who believes "..."`: right before the quote, a
        // relative clause's speaker is the name it hangs on.
        if v >= 3 && toks[v - 1].is("who") && toks[v - 2].punct(',') && ve + 1 == toks.len() {
            if let Some(np) = np_backward(&toks, v - 3).filter(|np| matches!(np.kind, NpKind::Name(_))) {
                let first = np.name_first;
                let s = subject_from_np(np, true);
                return Some(cue(span(&toks, first, ve), s.who, SpeakerVia::Apposition, false));
            }
        }
        let s = subject_of_verb(&toks, v)?;
        let via = if s.apposition { SpeakerVia::Apposition } else { via };
        return Some(cue(span(&toks, s.first, ve), s.who, via, continuing(&toks[v])));
    }
    // No verb: `- Sir Alex Ferguson: "..."`, `- Bolton boss Sam Allardyce "..."`, or a colon
    // after a sentence whose subject is a person (`Mourinho was in no doubt:`).
    let i = (0..toks.len()).find(|&i| toks[i].word)?;
    let bullet = i > 0 || start == 0 || text[..start].ends_with('\n');
    if let Some(np) = np_forward(&toks, i) {
        if np.last + 1 == toks.len() && (colon || bullet) {
            if let NpKind::Name(r) = np.kind {
                let end = toks[np.last].range.end;
                return Some(cue(
                    toks[np.name_first].range.start..end,
                    Who::Name(r),
                    SpeakerVia::Colon,
                    false,
                ));
            }
        }
    }
    if colon {
        let s = sentence_subject(&toks, toks.len())?;
        let last = toks.len() - 1;
        return Some(cue(span(&toks, s.first, last), s.who, SpeakerVia::Colon, false));
    }
    None
}

/// `The Premier League's statement confirmed ... It read: "..."`: `it` and a speech verb right
/// before the quote, for the statement (or headline, website...) the sentence before names;
/// the cue's name is that statement's organisation (`A statement from Chelsea`, `Marca's
/// headline`). `it` is never a person, so nothing else is tried.
pub(super) fn cue_statement_it(t: &Tokens, open: usize, floor: usize) -> Option<Cue> {
    let text = t.text;
    let start = sentence_start(text, open, floor);
    let toks = view(t, start..open);
    let words: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].word).collect();
    let (&v, rest) = words.split_last()?;
    let &i = rest.last()?;
    if !toks[i].is("it")
        || !(is_in(SPEECH_VERBS, &toks[v].lower) || is_in(&["read", "reads"], &toks[v].lower))
    {
        return None;
    }
    let prev_end = text[..start].trim_end().len();
    if prev_end <= floor {
        return None;
    }
    let prev_start = sentence_start(text, prev_end - 1, floor);
    let pt = view(t, prev_start..prev_end);
    let j = (0..pt.len()).find(|&j| pt[j].word && !pt[j].cap && is_in(VOICE_NOUNS, &pt[j].lower))?;
    let subject = j.checked_sub(1).and_then(|k| voice_subject(&pt, k)).or_else(|| {
        pt.get(j + 1).filter(|f| f.is("from"))?;
        np_forward(&pt, j + 2).and_then(|np| match np.kind {
            NpKind::Name(r) => Some(Subject { who: Who::Name(r), first: np.name_first, apposition: false }),
            _ => None,
        })
    })?;
    let via =
        if toks[v + 1..].iter().any(|t| t.punct(':')) { SpeakerVia::Colon } else { SpeakerVia::CueBefore };
    Some(cue(toks[i].range.start..toks[v].range.end, subject.who, via, false))
}

/// A quote with no cue right after a sentence of reported speech (`Ferguson insisted his side
/// were unlucky. "We ..."`) or a speaking intro (`Speaking on his plans, Campbell ...`).
pub(super) fn cue_reported(t: &Tokens, open: usize, floor: usize) -> Option<Cue> {
    let text = t.text;
    let end = text[floor.min(open)..open].trim_end().len() + floor.min(open);
    if end <= floor || !text[..end].ends_with(['.', '!', '?']) {
        return None;
    }
    let start = sentence_start(text, end - 1, floor);
    let toks = view(t, start..end - 1);
    let first = toks.iter().position(|t| t.word)?;
    if toks[first].cap && is_in(SPEAKING_INTROS, &toks[first].lower) {
        let s = sentence_subject(&toks, toks.len())?;
        return Some(cue(start..end - 1, s.who, SpeakerVia::CueBefore, false));
    }
    let i0 = skip_intro(&toks, toks.len());
    let v = (i0..toks.len())
        .find(|&v| is_verb_at(&toks, v) && !participle(&toks[v]))
        .or_else(|| stance_at(&toks, i0))
        .or_else(|| speech_act_at(&toks, i0))?;
    let s = subject_of_verb(&toks, v)?;
    Some(cue(start..end - 1, s.who, SpeakerVia::CueBefore, false))
}

/// A stance its subject goes on to voice (`Thompson is confident his side can stay up.`,
/// `Ferguson, though, remains adamant`, `Moyes hopes ...`): the copula or verb's token.
pub(super) fn stance_at(toks: &[Tok], from: usize) -> Option<usize> {
    (from..toks.len()).find(|&v| {
        let t = &toks[v];
        if !t.word || t.cap {
            return false;
        }
        if is_in(STANCE_VERBS, &t.lower) {
            return v > 0;
        }
        is_in(&["is", "was", "remains", "remained", "feels", "felt", "seems", "seemed"], &t.lower)
            && v > 0
            && toks
                .get(skip_adverbs(toks, v + 1))
                .is_some_and(|a| a.word && is_in(STANCE_ADJECTIVES, &a.lower))
    })
}

/// How many words may stand between a verb's determiner and its speech-act noun (`renewed
/// his scathing criticism`).
const SPEECH_ACT_MAX_GAP: usize = 2;

/// An act of speech as a verb's object, the subject's own (`Miandad has renewed his criticism
/// of Woolmer.`, `Hart paid tribute to his players.`): the verb's token, which has its subject
/// before it.
pub(super) fn speech_act_at(toks: &[Tok], from: usize) -> Option<usize> {
    let noun = |k: usize| toks.get(k).is_some_and(|n| n.word && !n.cap && is_in(SPEECH_ACT_NOUNS, &n.lower));
    let lower = |k: usize| toks.get(k).is_some_and(|w| w.word && !w.cap);
    (from.max(1)..toks.len()).find(|&v| {
        let t = &toks[v];
        if !lower(v) || participle(t) || t.adverb() || t.determiner() || noun(v) {
            return false;
        }
        // `paid tribute to`; `renewed his (scathing) criticism of`
        toks.get(v + 1).is_some_and(|n| n.is("tribute"))
            || (toks.get(v + 1).is_some_and(|d| d.is("his") || d.is("her") || d.is("their"))
                && (v + 2..=v + 2 + SPEECH_ACT_MAX_GAP).find(|&k| !lower(k) || noun(k)).is_some_and(noun))
    })
}

/// Where narrative starts inside a quoted segment whose closing mark was lost: the first
/// sentence after the first that reads as reporting (`Meanwhile, Egypt FA spokesman Methat
/// Shalaby welcomed the apology and said ...`). Only multi-word names count, so a speaker's own
/// `Harry said to me` stays quoted.
pub(super) fn narrative_start(t: &Tokens, r: Range<usize>) -> Option<usize> {
    let text = t.text;
    let sents = sentences_in(text, r);
    for s in sents.iter().skip(1) {
        let toks = view(t, s.clone());
        let first = toks.iter().find(|t| t.word)?;
        if first.cap && is_in(&["meanwhile", "elsewhere"], &first.lower) {
            return Some(s.start);
        }
        for v in 0..toks.len() {
            if !is_verb_at(&toks, v)
                || participle(&toks[v])
                || toks[v].lower == "say"
                || toks[v].lower == "tell"
            {
                continue;
            }
            if let Some(Subject { who: Who::Name(n), .. }) = subject_of_verb(&toks, v) {
                if text[n].contains(' ') {
                    return Some(s.start);
                }
            }
        }
    }
    None
}
