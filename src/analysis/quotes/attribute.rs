//! Attributing quotes to speakers: each quote takes the speaker of its cue (a name, resolved
//! through [`NameBook`]; a pronoun or description, resolved to the nearest earlier speaker or
//! person, preferring subjects of speech verbs). A quote with no cue that directly follows
//! another quote continues it; one that directly follows reported speech (`Ferguson insisted
//! his side were unlucky. "We ..."`) is that speaker's. Anything else stays unknown, and scare
//! quotes (two words or fewer, not attributed like speech) are dropped, unless they are a few
//! lower-case words a speech verb reports in their sentence (`admitted his side were
//! "lucky"`). Issue 12: a quote after one narrative sentence whose subject is the previous
//! speaker continues that speaker; `It read:` is the organisation whose statement the sentence
//! before names; a description (`the Czech Republic international said`) is never a person
//! merely named before it; a quote calling someone by his first name, or naming him in the
//! writer's brackets (`"He (Bridge) has no chance," he said`), is not his; a name inside any
//! quoted words is no narrative candidate for a pronoun; an age (`said the 20-year-old`) is the
//! person just written about, like `he said`; a named stance (`Stuart is confident that`) speaks
//! for a later `he added`.

use std::ops::Range;

use super::cues::*;
use super::lexicon::*;
use super::marks::RawQuote;
use super::names::{is_ui_text, NameBook};
use super::phrases::*;
use super::tokens::*;
use crate::text::{fold, Tokens};

use super::{Closed, PersonMention, Quote, Segment, Speaker, SpeakerVia};

/// How far back (bytes) a pronoun looks for its referent.
const ANAPHOR_WINDOW: usize = 2000;
/// How many narrative sentences back a pronoun looks for its referent.
const ANAPHOR_MAX_SENTENCES: usize = 4;
/// A bound on the steps of that walk, whatever the text.
const ANAPHOR_MAX_STEPS: usize = 64;
/// Quotes of this many words or fewer are scare quotes unless attributed like speech.
const SCARE_MAX_WORDS: usize = 2;
/// Quoted words inside a sentence up to this length do not split it for pronoun resolution.
const SHORT_QUOTE_WORDS: usize = 8;

/// A quote being attributed, with what later quotes need to know about it.
pub(super) struct Done {
    pub(super) quote: Quote,
    /// Where the quote and its attribution sentence end.
    pub(super) attr_end: usize,
    pub(super) first_open: usize,
}

/// Attributes each raw quote to a speaker and drops scare quotes.
pub(super) fn attribute(t: &Tokens, raw: Vec<RawQuote>, people: &[PersonMention]) -> Vec<Quote> {
    let text = t.text;
    let all_segs: Vec<Range<usize>> = raw.iter().flat_map(|q| q.segs.iter().map(|s| s.open..s.end)).collect();
    // Quoted speech that interrupts narrative; a few quoted words inside a sentence
    // (`called Cole the "best English defender" and says`) belong to the sentence.
    let speech_segs: Vec<Range<usize>> = raw
        .iter()
        .flat_map(|q| q.segs.iter())
        .filter(|s| {
            word_count(&text[s.inner.clone()]) > SHORT_QUOTE_WORDS
                || text[s.inner.clone()].ends_with(['.', '!', '?', ','])
        })
        .map(|s| s.open..s.end)
        .collect();
    let mut names = NameBook::new(text, Some(t), people);
    names.quoted = raw.iter().flat_map(|q| q.segs.iter().map(|s| s.inner.clone())).collect();
    let mut done: Vec<Done> = Vec::new();
    for q in raw {
        let first = &q.segs[0];
        let last = q.segs.last().unwrap_or(first);
        // Segments are disjoint and in order: the one before this quote ends the floor.
        let before = all_segs.partition_point(|s| s.end <= first.open);
        let floor = before.checked_sub(1).map_or(0, |k| all_segs[k].end);
        let mut after_cue = None;
        let mut before_cue = false;
        let cue = q
            .gap_cues
            .first()
            .cloned()
            .or_else(|| {
                (first.closed == Closed::Mark)
                    .then(|| cue_after(t, first))
                    .flatten()
                    .inspect(|c| after_cue = Some(c.clone()))
            })
            .or_else(|| cue_before(t, first.open, floor).inspect(|_| before_cue = true))
            .or_else(|| cue_statement_it(t, first.open, floor))
            .or_else(|| {
                (q.segs.len() > 1 && last.closed == Closed::Mark)
                    .then(|| cue_after(t, last))
                    .flatten()
                    .inspect(|c| after_cue = Some(c.clone()))
            })
            .filter(|c| !ui_cue(text, c));
        if after_cue.as_ref().is_some_and(|c| ui_cue(text, c)) {
            after_cue = None;
        }
        // `Schmeichel was hailed as the "bargain of the century" by Ferguson`: a passive naming
        // verb's subject is who was named; the speaker is the agent after the quote, if given.
        let mut by_agent = false;
        let cue = match cue {
            Some(c) if before_cue && passive_naming(text, &c) => {
                before_cue = false;
                let agent = (first.closed == Closed::Mark).then(|| agent_after(t, first)).flatten();
                by_agent = agent.is_some();
                agent
            }
            c => c,
        };
        let words: usize = q.segs.iter().map(|s| word_count(&text[s.inner.clone()])).sum();
        if words <= SCARE_MAX_WORDS {
            let inner = &text[first.inner.clone()];
            let speechlike = inner.ends_with([',', '.', '!', '?']);
            // A few lower-case words a speech verb before them reports in the same sentence
            // (`admitted his side were "lucky"`, `say it is "extremely unlikely"`, `called it
            // "derisory"`) are what someone said; capitalised ones are names or titles.
            let reported = before_cue
                && q.segs.len() == 1
                && inner.starts_with(|c: char| c.is_lowercase())
                && cue.as_ref().is_some_and(|c| {
                    // `accused him of "cheating"`, `criticised him for "diving"`: the writer's
                    // characterisation, not speech; but `called it "derisory"`, `described the
                    // result as an "absolute giveaway"` report the subject's own words.
                    let verb =
                        text[c.range.clone()].rsplit(|ch: char| !ch.is_alphabetic()).find(|w| !w.is_empty());
                    matches!(c.via, SpeakerVia::CueBefore | SpeakerVia::Pronoun)
                        && !verb
                            .map(str::to_lowercase)
                            .is_some_and(|v| is_in(BEFORE_ONLY_VERBS, &v) && !is_in(NAMING_VERBS, &v))
                });
            // `"cheating" as he called it`, `as Taylor puts it, ... a "crossroads"`.
            let as_it = cue.as_ref().is_some_and(|c| is_as_it(text, c));
            let fragment = cue.is_none() && fragment_continuation(text, first, &done).is_some();
            if !(reported || as_it || by_agent || fragment || speechlike && cue.is_some()) {
                continue;
            }
        }
        let (cue, speaker) = match cue {
            Some(c) => {
                let sp = speaker_for(t, &c, first, &done, &speech_segs, &mut names);
                (Some(c), sp)
            }
            None => {
                match continuation(text, first, &done).or_else(|| fragment_continuation(text, first, &done)) {
                    Some(sp) => (None, Some(sp)),
                    None => match cue_reported(t, first.open, floor).filter(|c| !ui_cue(text, c)) {
                        Some(c) => {
                            let sp = speaker_for(t, &c, first, &done, &speech_segs, &mut names);
                            (Some(c), sp)
                        }
                        None => (
                            None,
                            narrative_continuation(
                                t,
                                first.open,
                                floor,
                                &done,
                                &mut names,
                                &text[first.inner.clone()],
                            ),
                        ),
                    },
                }
            }
        };
        let parts: Vec<Range<usize>> = q.segs.iter().map(|s| s.inner.clone()).collect();
        let range = parts[0].start..parts[parts.len() - 1].end;
        let attr_end = match &after_cue {
            Some(c) if c.range.start >= last.end => sentence_end(text, c.range.end),
            _ => last.end,
        };
        done.push(Done {
            quote: Quote { range, parts, speaker, cue: cue.map(|c| c.range) },
            attr_end,
            first_open: first.open,
        });
    }
    done.into_iter().map(|d| d.quote).collect()
}

pub(super) fn speaker_for(
    t: &Tokens,
    c: &Cue,
    first: &Segment,
    done: &[Done],
    segs: &[Range<usize>],
    names: &mut NameBook,
) -> Option<Speaker> {
    let text = t.text;
    match &c.who {
        Who::Name(r) => Some(names.resolve(r.clone(), c.via)),
        Who::Anaphor if club_voice(&text[c.range.clone()]) => {
            // `A club spokesman confirmed:`: the club speaks, never a person of the story.
            let club = story_club(t, c.range.start.min(first.open), names)?;
            Some(Speaker { name: text[club].to_string(), id: None, via: c.via })
        }
        Who::Anaphor => {
            let from = c.range.start.min(first.open);
            // A description (`the striker said`) names someone already in the story, like
            // `he added`: prefer speakers to whoever the last sentence was about.
            let pronoun = text[c.range.clone()]
                .split(|ch: char| !ch.is_alphabetic())
                .any(|w| matches!(w, "he" | "she" | "He" | "She" | "him" | "her"));
            // `said the 20-year-old`, `the 34-year-old told`: an age stands in for the person
            // the story has just been about, as `he said` does, not for an earlier speaker.
            let age =
                text[c.range.clone()].split_whitespace().any(|w| w.to_lowercase().ends_with("-year-old"));
            let quoted = &text[first.inner.clone()];
            let continues = c.continues || !(pronoun || age);
            let sp = resolve_anaphor(t, from, continues, !pronoun, quoted, done, segs, names)?;
            // `the paper beams`, `the newspaper adds`: a publication is never a person the
            // story names, only a voice already quoted.
            let words: Vec<String> = text[c.range.clone()]
                .split(|ch: char| !ch.is_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            // The subject, not an audience (`he told the paper`).
            let publication = (1..words.len()).any(|i| {
                is_in(PUBLICATION_NOUNS, &words[i])
                    && words[i - 1] == "the"
                    && !(i >= 2 && is_in(&["told", "tells", "to", "in", "on"], &words[i - 2]))
            });
            let quoted_before =
                || done.iter().any(|d| d.quote.speaker.as_ref().is_some_and(|p| p.name == sp.name));
            if publication && !quoted_before() {
                return None;
            }
            Some(Speaker { via: c.via, ..sp })
        }
    }
}

/// How far back (bytes) [`story_club`] looks for the club of the story.
const CLUB_WINDOW: usize = 1500;

/// Whether a cue's subject is an unnamed voice of a club (`A club spokesman confirmed`, `a club
/// statement said`, `the club's website said`); `the club spokesman` may be one named before.
pub(super) fn club_voice(cue: &str) -> bool {
    let words: Vec<String> = cue
        .split(|ch: char| !ch.is_alphabetic() && ch != '\'' && ch != '\u{2019}')
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect();
    (0..words.len().saturating_sub(1)).any(|i| {
        let club = words[i] == "club" || words[i] == "club's";
        let voice = &words[i + 1];
        let person = !matches!(voice.as_str(), "statement" | "website");
        let definite = i > 0 && matches!(words[i - 1].as_str(), "the" | "this" | "that");
        club && is_in(VOICE_NOUNS, voice) && !(person && definite && words[i] == "club")
    })
}

/// The club of the story before `before`: the nearest name that introduces one of its people
/// (`Middlesbrough midfielder James Morrison`, `Tottenham manager Jacques Santini`): a name,
/// a role word, then a person's name.
pub(super) fn story_club(t: &Tokens, before: usize, names: &mut NameBook) -> Option<Range<usize>> {
    let text = t.text;
    let from = floor_boundary(text, before.saturating_sub(CLUB_WINDOW));
    let toks = view(t, from..before);
    (1..toks.len().saturating_sub(1)).rev().find_map(|r| {
        let (club_end, role, person) = (&toks[r - 1], &toks[r], &toks[r + 1]);
        if !(role.person_noun() && person.name_word() && club_end.name_word()) {
            return None;
        }
        let mut k = r - 1;
        while k > 0 && toks[k - 1].name_word() {
            k -= 1;
        }
        let club = span(&toks, k, r - 1);
        (!names.person_like(club.clone())).then_some(club)
    })
}

/// A cue whose name is page furniture ([`is_ui_text`]).
pub(super) fn ui_cue(text: &str, c: &Cue) -> bool {
    matches!(&c.who, Who::Name(r) if is_ui_text(&text[r.clone()]))
}

pub(super) fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A quote with no cue inherits the speaker of the quote it directly follows: nothing but the
/// previous quote's attribution sentence and white space between them.
pub(super) fn continuation(text: &str, first: &Segment, done: &[Done]) -> Option<Speaker> {
    let prev = done.last()?;
    let sp = prev.quote.speaker.as_ref()?;
    let from = prev.attr_end.min(first.open);
    let gap = text[from..first.open].trim_start_matches(['.', '!', '?']);
    if gap.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Speaker { name: sp.name.clone(), id: sp.id.clone(), via: SpeakerVia::Continuation })
}

/// A few lower-case quoted words with no cue, in the sentence of a reported phrase or the next
/// one, go on with that phrase (`... told the court Pennant grew up on "one of the worst
/// estates". He had only "intermittent" schooling and "very little reading"`).
pub(super) fn fragment_continuation(text: &str, first: &Segment, done: &[Done]) -> Option<Speaker> {
    let prev = done.last()?;
    let sp = prev.quote.speaker.as_ref()?;
    let lower = |r: &Range<usize>| text[r.clone()].starts_with(|c: char| c.is_lowercase());
    let fragment = |r: &Range<usize>| lower(r) && word_count(&text[r.clone()]) <= SHORT_QUOTE_WORDS;
    if prev.quote.parts.len() != 1 || !fragment(&prev.quote.range) || !fragment(&first.inner) {
        return None;
    }
    let gap = text.get(prev.quote.range.end..first.open)?;
    let stops = gap.matches(['.', '!', '?']).count();
    (!gap.contains('\n') && stops <= 1 && gap.len() <= 400).then(|| Speaker {
        name: sp.name.clone(),
        id: sp.id.clone(),
        via: SpeakerVia::Continuation,
    })
}

/// How many narrative sentences may stand between a quote with no cue and the previous
/// speaker's quote it resumes.
const RESUME_MAX_SENTENCES: usize = 3;

/// A quote with no cue after one narrative sentence whose subject is the previous quote's
/// speaker continues that speaker (`"...," said Ferguson. Ferguson also hailed Giggs and Keane.
/// "Roy came on ..."`; `He also hailed ...`): the sentence directly follows the previous quote's
/// attribution, and ends right before this quote. So does one after a few sentences of
/// context about no other person (`"...," said Ferguson. United face Chelsea on Saturday and
/// top the table. "We are ready."`): the writer's aside, then the speaker resumed. A person
/// other than the speaker who is a sentence's subject, or speaks in it, ends that; one the
/// quote names in the writer's brackets (`he (Kerr) looked at`) is whom it is about.
pub(super) fn narrative_continuation(
    t: &Tokens,
    open: usize,
    floor: usize,
    done: &[Done],
    names: &mut NameBook,
    quoted: &str,
) -> Option<Speaker> {
    let text = t.text;
    let prev = done.last()?;
    let sp = prev.quote.speaker.as_ref()?;
    let resumed = || Speaker { name: sp.name.clone(), id: sp.id.clone(), via: SpeakerVia::Continuation };
    let mut end = text[..open].trim_end().len();
    let mut sentences = 0;
    let mut others = false;
    loop {
        if end <= floor || !text[..end].ends_with(['.', '!', '?']) {
            return None;
        }
        let start = sentence_start(text, end - 1, floor);
        sentences += 1;
        let toks = view(t, start..end - 1);
        let same = |names: &mut NameBook, n: Range<usize>| {
            let cand = names.resolve(n, SpeakerVia::Continuation);
            super::names::speaker_matches(Some(&cand.name), Some(&sp.name))
        };
        if sentences == 1 {
            // The subject is the speaker (or a pronoun for him).
            if let Some(s) = sentence_subject(&toks, toks.len()) {
                let subject_is_speaker = match s.who {
                    Who::Anaphor => true,
                    Who::Name(n) => names.person_like(n.clone()) && same(names, n),
                };
                if subject_is_speaker && text[prev.attr_end.min(start)..start].trim().is_empty() {
                    return Some(resumed());
                }
            }
        }
        // Context about no other person: no other person is its subject or speaks in it.
        let other = |names: &mut NameBook, n: Range<usize>| {
            names.person_like(n.clone()) && !bracketed_in(quoted, &text[n.clone()]) && !same(names, n)
        };
        if let Some(Subject { who: Who::Name(n), .. }) = sentence_subject(&toks, toks.len()) {
            others |= other(names, n);
        }
        for v in 0..toks.len() {
            let speaks = (is_verb_at(&toks, v) && !participle(&toks[v]))
                || (v > 0 && toks[v].word && !toks[v].cap && is_in(NARRATIVE_SPEECH_VERBS, &toks[v].lower));
            match speaks.then(|| subject_of_verb(&toks, v)).flatten() {
                Some(Subject { who: Who::Name(n), .. }) => others |= other(names, n),
                // `The striker said ...`: someone speaks, described.
                Some(Subject { who: Who::Anaphor, first, .. }) => others |= !toks[first].pronoun(),
                None => {}
            }
        }
        let from = prev.attr_end.min(start);
        if !text[from..start].chars().any(char::is_alphanumeric) {
            return (!others && sentences <= RESUME_MAX_SENTENCES).then(resumed);
        }
        if sentences >= RESUME_MAX_SENTENCES || others {
            return None;
        }
        end = text[..start].trim_end().len();
    }
}

/// Whether the quote itself calls `name` by its first name (`I've had more than a quiet word
/// with Olof` is not Olof Mellberg speaking), or names him in brackets, the writer's gloss on
/// whom the quote is about (`He (Bridge) has no chance`, `[Rooney] was superb`); a speaker may
/// name himself by his surname (`banning football in Uganda and not Obua`), not usually by his
/// first name.
pub(super) fn named_in(quoted: &str, name: &str) -> bool {
    if bracketed_in(quoted, name) {
        return true;
    }
    // An organisation names itself in its statements (`The Premier League rules are clear`).
    if super::names::clubish(name) {
        return false;
    }
    let mut words = name.split(' ');
    let first = words.next().filter(|_| words.next().is_some());
    first.filter(|w| w.chars().count() >= 3 && w.starts_with(char::is_uppercase)).is_some_and(|w| {
        quoted.match_indices(w).any(|(i, _)| {
            let before = quoted[..i].chars().next_back();
            let after = quoted[i + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Whether a word of `name` is a capitalised word between brackets in `quoted` (`He (Bridge)
/// has no chance`, `[Wayne Rooney] was superb`), unless the brackets gloss the speaker's own
/// `we` or `I` (`We (Chelsea) are disappointed`).
pub(super) fn bracketed_in(quoted: &str, name: &str) -> bool {
    let words: Vec<String> = name.split(' ').filter(|w| w.chars().count() >= 2).map(fold).collect();
    quoted.match_indices(['(', '[']).any(|(i, _)| {
        let before = quoted[..i].trim_end().rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if matches!(before.to_lowercase().as_str(), "i" | "me" | "my" | "we" | "us" | "our") {
            return false;
        }
        let Some((inside, _)) = quoted[i + 1..].split_once([')', ']']) else { return false };
        inside
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
            .filter(|w| w.starts_with(char::is_uppercase))
            .any(|w| words.iter().any(|n| *n == fold(w)))
    })
}

/// What a narrative sentence says about who a pronoun may refer to.
pub(super) enum Referent {
    /// A person; `true` when the subject of a speech verb.
    Person(Speaker, bool),
    /// A person merely named in the sentence (neither subject nor followed by a verb); `true`
    /// when a role word introduces the name (`signed Charlton midfielder Graham Stuart`).
    Mentioned(Speaker, bool),
    /// The sentence is about someone referred to by a pronoun: look further back.
    Pronoun,
    /// A description speaks (`The former Scotland international added that ...`): someone
    /// already quoted, so look further back preferring earlier speakers.
    Described,
    Nothing,
}

/// Resolves a pronoun or description whose cue starts at `from`: walking back over narrative
/// sentences and earlier quotes, the nearest speech-verb subject, earlier quote's speaker, or
/// sentence subject. `added`/`continued` skip sentence subjects that do not speak, preferring the
/// previous quote's speaker (`"...," said Ferguson. Rooney scored twice. "...," he added.`).
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve_anaphor(
    t: &Tokens,
    from: usize,
    mut continues: bool,
    mut description: bool,
    quoted: &str,
    done: &[Done],
    segs: &[Range<usize>],
    names: &mut NameBook,
) -> Option<Speaker> {
    let text = t.text;
    let floor = floor_boundary(text, from.saturating_sub(ANAPHOR_WINDOW));
    // Attributions end in text order: stop at the first that ends before the window.
    let mut quotes = done
        .iter()
        .rev()
        .take_while(|d| d.attr_end > floor || d.first_open >= from)
        .filter(|d| d.first_open < from && d.attr_end > floor)
        .peekable();
    let prev_speaker = quotes.peek().and_then(|d| d.quote.speaker.as_ref()).map(|sp| sp.name.clone());
    let has_prev_quote = prev_speaker.is_some();
    // `"...," said Owen. Owen scored twice and is confident. He added: "..."`: a sentence about
    // the previous speaker does not stop `added` from finding him there.
    let is_prev = |sp: &Speaker| super::names::speaker_matches(Some(&sp.name), prev_speaker.as_deref());
    let mut pos = from;
    let mut sentences = 0;
    let mut steps = 0;
    while pos > floor && sentences < ANAPHOR_MAX_SENTENCES && steps < ANAPHOR_MAX_STEPS {
        steps += 1;
        // An earlier quote whose attribution reaches here: its speaker is the nearest.
        if quotes.peek().is_some_and(|d| d.attr_end >= pos) {
            let d = quotes.next()?;
            if let Some(sp) = d.quote.speaker.as_ref().filter(|sp| !named_in(quoted, &sp.name)) {
                return Some(sp.clone());
            }
            pos = d.first_open;
            continue;
        }
        // Skip back over quoted text (segments are disjoint and in order).
        let k = segs.partition_point(|s| s.end < pos);
        if let Some(s) = segs.get(k).filter(|s| s.start < pos) {
            pos = s.start;
            continue;
        }
        let start = sentence_start_with(text, pos, floor, false);
        let start = k.checked_sub(1).map(|j| segs[j].end).filter(|&e| e > start).unwrap_or(start);
        if text[start..pos].chars().any(char::is_alphanumeric) {
            sentences += 1;
            match narrative_person(t, start..pos, names) {
                Referent::Person(sp, by_speech)
                    if (by_speech || !(continues && has_prev_quote) || is_prev(&sp))
                        && !named_in(quoted, &sp.name) =>
                {
                    return Some(sp)
                }
                // A person only mentioned (`set by Manchester United's Peter Schmeichel`,
                // `his move from Real Madrid`) is what `he` may mean, never a description
                // (`the Czech Republic international said`): that is someone the story is about.
                // A description may mean one a role word introduces (`signed Charlton
                // midfielder Graham Stuart. "...," the 34-year-old said`).
                Referent::Mentioned(sp, introduced)
                    if !(description && !introduced
                        || named_in(quoted, &sp.name)
                        || continues && has_prev_quote) =>
                {
                    return Some(sp)
                }
                Referent::Described => {
                    continues = true;
                    description = true;
                }
                _ => {}
            }
            // A short quote inside this sentence (`has called the rivalry "bitter and personal"`).
            if quotes.peek().is_some_and(|d| d.first_open >= start) {
                if let Some(sp) = quotes.next().and_then(|d| d.quote.speaker.clone()) {
                    return Some(sp);
                }
            }
        }
        pos = if start == pos {
            // Step back over the white space and terminators between sentences.
            let back = text[floor..pos]
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?'));
            if back.len() + floor == pos {
                floor_boundary(text, pos - 1)
            } else {
                floor + back.len()
            }
        } else {
            start
        };
    }
    None
}

/// The person a narrative sentence is about: the subject of its (main) speech verb, else its
/// subject when that is a person, else (with entity mentions) a person mentioned in it.
pub(super) fn narrative_person(t: &Tokens, r: Range<usize>, names: &mut NameBook) -> Referent {
    let toks = view(t, r);
    let i0 = skip_intro(&toks, toks.len());
    // `..., but Stuart is confident that ...`: a stance its named subject goes on to voice
    // speaks too (`although he hopes to persuade Shearer`: a pronoun's stance is no help).
    let stance = stance_at(&toks, 0)
        .filter(|&v| matches!(subject_of_verb(&toks, v), Some(Subject { who: Who::Name(_), .. })));
    for v in (i0..toks.len()).chain(0..i0) {
        let reporting = is_verb_at(&toks, v)
            || (v > 0 && !toks[v].cap && is_in(NARRATIVE_SPEECH_VERBS, &toks[v].lower))
            || stance == Some(v);
        if !reporting {
            continue;
        }
        match subject_of_verb(&toks, v) {
            Some(Subject { who: Who::Name(n), .. }) => {
                return Referent::Person(names.resolve(n, SpeakerVia::Pronoun), true)
            }
            Some(Subject { who: Who::Anaphor, first, .. }) if !toks[first].pronoun() => {
                return Referent::Described;
            }
            Some(Subject { who: Who::Anaphor, first, .. }) => {
                // `tycoon Steve Morgan, who got frustrated by ... what he claimed`: a pronoun
                // refers to the sentence's subject, or else to the last person before it.
                return match antecedent_in_sentence(&toks, first, names) {
                    Some(n) => Referent::Person(names.resolve(n, SpeakerVia::Pronoun), true),
                    None => Referent::Pronoun,
                };
            }
            None => {}
        }
    }
    if let Some(s) = sentence_subject(&toks, toks.len()) {
        match s.who {
            Who::Anaphor => return Referent::Pronoun,
            Who::Name(n) if names.person_like(n.clone()) => {
                return Referent::Person(names.resolve(n, SpeakerVia::Pronoun), false)
            }
            _ => {}
        }
    }
    // A person named in the sentence: first one followed by a verb, else the first.
    // A possessive name (`Savage's future ...`) is mentioned too, never followed by a verb.
    let text = t.text;
    let possessive_name = |t: &Tok| {
        t.word && t.cap && t.possessive() && !is_in(CAP_STOP, &text[t.range.start..t.stem_end].to_lowercase())
    };
    let mut first_person: Option<(Range<usize>, bool)> = None;
    let mut k = 0;
    while k < toks.len() {
        if !(toks[k].name_word() || possessive_name(&toks[k])) || (k > 0 && toks[k - 1].name_word()) {
            k += 1;
            continue;
        }
        let mut e = k;
        while toks[e].name_word()
            && e + 1 < toks.len()
            && (toks[e + 1].name_word()
                || possessive_name(&toks[e + 1])
                || (toks[e + 1].particle() && toks.get(e + 2).is_some_and(Tok::name_word)))
        {
            e += 1;
        }
        let n = if toks[e].possessive() { toks[k].range.start..toks[e].stem_end } else { span(&toks, k, e) };
        if !attributive(&toks, 0, e) && names.person_like(n.clone()) {
            let mut after = e + 1;
            if toks.get(after).is_some_and(|c| c.punct(',')) && apposition_head(&toks, after) {
                after = (after + 1..toks.len().min(after + 30))
                    .find(|&c| toks[c].punct(','))
                    .map_or(after, |c| c + 1);
            }
            // `Mourinho, who ..., will not have`: an auxiliary among the adverbs skipped marks
            // the clause as well as the verb after them.
            let verb = skip_adverbs(&toks, after);
            if (after..=verb).any(|v| toks.get(v).is_some_and(Tok::verbish)) {
                return Referent::Person(names.resolve(n, SpeakerVia::Pronoun), false);
            }
            first_person.get_or_insert((n, k > 0 && toks[k - 1].role()));
        }
        k = e + 1;
    }
    match first_person {
        Some((n, introduced)) => Referent::Mentioned(names.resolve(n, SpeakerVia::Pronoun), introduced),
        None => Referent::Nothing,
    }
}

/// The person a pronoun at token `at` refers to within its own sentence, if any: the
/// sentence's subject when that is a person, else the nearest person named before it.
pub(super) fn antecedent_in_sentence(toks: &[Tok], at: usize, names: &mut NameBook) -> Option<Range<usize>> {
    if !toks[at].pronoun() {
        return None;
    }
    if let Some(Subject { who: Who::Name(n), first, .. }) = sentence_subject(toks, at) {
        if first < at && names.person_like(n.clone()) {
            return Some(n);
        }
    }
    // `But though she admitted ..., Prinz turned it down`: a pronoun in an opening
    // subordinate clause refers forward to the main clause's subject.
    if (0..at).any(|k| toks[k].word && is_in(SUBORDINATORS, &toks[k].lower)) {
        if let Some(c) = (at + 1..toks.len()).find(|&c| toks[c].punct(',')) {
            let s = skip_adverbs(toks, c + 1);
            if toks.get(s).is_some_and(Tok::name_word) {
                let mut e = s;
                while toks.get(e + 1).is_some_and(Tok::name_word) {
                    e += 1;
                }
                let n = span(toks, s, e);
                if toks.get(skip_adverbs(toks, e + 1)).is_some_and(Tok::verbish)
                    && names.person_like(n.clone())
                {
                    return Some(n);
                }
            }
        }
    }
    let mut k = at;
    while k > 0 {
        k -= 1;
        if toks[k].name_word() {
            let e = k;
            while k > 0 && (toks[k - 1].name_word() || toks[k - 1].particle()) {
                k -= 1;
            }
            let n = span(toks, k, e);
            if !attributive(toks, 0, e) && names.person_like(n.clone()) {
                return Some(n);
            }
        }
    }
    None
}
