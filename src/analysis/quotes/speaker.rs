//! Attributing quotes to speakers from the words around them.
//!
//! Cues are read with a small grammar over tokens, not guessed from proximity: a speech verb
//! (`said`, `told`, `added`, `admitted`, ...) with its subject before it (`Henderson said`,
//! `England midfielder Jordan Henderson told ITV`, `Henderson, who ..., said`, `Parry, speaking
//! to BBC Sport, also admits`) or after it (`said Southgate`, `added the Liverpool midfielder`),
//! `according to X`, a colon after a name or after a sentence whose subject is a person
//! (`Southgate also backed his captain, saying:`), and `he said`/`she said`. The name in a cue
//! is the last run of capitalised words of its noun phrase (`England manager Gareth Southgate`
//! → `Gareth Southgate`); a description (`the Liverpool midfielder`, `the Scot`) or a pronoun is
//! resolved to the nearest earlier speaker or person, preferring subjects of speech verbs.
//! A quote with no cue that directly follows another quote continues it; one that directly
//! follows reported speech (`Ferguson insisted his side were unlucky. "We ..."`) is that
//! speaker's. Anything else stays unknown.

use std::ops::Range;

use super::super::normalize::fold;
use super::eval::same_word;
use super::extract::{is_double_quote, Closed, RawQuote, Segment};
use super::{PersonMention, Quote, Speaker, SpeakerVia};

/// How far back (bytes) a pronoun looks for its referent.
const ANAPHOR_WINDOW: usize = 2000;
/// How many narrative sentences back a pronoun looks for its referent.
const ANAPHOR_MAX_SENTENCES: usize = 4;
/// A bound on the steps of that walk, whatever the text.
const ANAPHOR_MAX_STEPS: usize = 64;
/// The longest stretch of text (bytes) read as one cue sentence.
const CUE_REGION_MAX: usize = 400;
/// Words allowed after the cue in the gap of an interrupted quote
/// (`"...," Henderson said after the game. "..."`).
const GAP_MAX_EXTRA_WORDS: usize = 8;
/// Words allowed after a cue that follows a quote ending in a full stop (`"... ." he said on
/// Sunday.`); more, and the words are the next sentence of the story, not an attribution.
const CLOSED_MAX_EXTRA_WORDS: usize = 4;
/// Quotes of this many words or fewer are scare quotes unless attributed like speech.
const SCARE_MAX_WORDS: usize = 2;
/// Quoted words inside a sentence up to this length do not split it for pronoun resolution.
const SHORT_QUOTE_WORDS: usize = 8;

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

/// Who a cue names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Who {
    /// A name, by its byte range.
    Name(Range<usize>),
    /// A pronoun or a description, to resolve against earlier text.
    Anaphor,
}

// ---------------------------------------------------------------------------------------------
// Word lists (folded, lower case)

#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added",
    "adding", "explain", "explains", "explained", "explaining", "insist", "insists", "insisted",
    "insisting", "admit", "admits", "admitted", "admitting", "concede", "concedes", "conceded",
    "conceding", "continue", "continues", "continued", "continuing", "reveal", "reveals",
    "revealed", "revealing", "claim", "claims", "claimed", "claiming", "declared", "declares",
    "remarked", "commented", "comments", "warn", "warns", "warned", "warning", "joked", "jokes",
    "joking", "reflected", "reflects", "confirmed", "confirms", "confirming", "stressed",
    "stresses", "stressing", "argued", "argues", "arguing", "replied", "replies", "replying",
    "responded", "responds", "noted", "notes", "noting", "observed", "asked", "asks", "wrote",
    "writes", "acknowledged", "acknowledges", "agreed", "agrees", "suggested", "suggests",
    "maintained", "maintains", "predicted", "predicts", "promised", "promises", "vowed", "vows",
    "vowing", "urged", "urges", "hinted", "hints", "recalled", "recalls", "announced", "announces",
    "reckoned", "reckons", "believes", "believed", "thinks", "feels", "fumed", "raged", "enthused",
    "beamed", "laughed", "smiled", "sighed", "quipped", "assured", "complained", "complains",
    "boasted", "blasted", "mused", "pleaded", "protested", "lamented", "cautioned", "accepted",
    "accepts", "countered", "retorted", "shouted", "whispered", "elaborated", "summed", "went",
    "goes", "pointed", "denied", "denies", "stated", "states", "quoted",
];

/// Verbs that introduce a quote before it but never attribute one after it
/// (`Marca criticises Gary Neville for "leaving a message on Reyes' ankle"`).
#[rustfmt::skip]
const BEFORE_ONLY_VERBS: &[&str] = &[
    "described", "describes", "called", "calls", "branded", "labelled", "dubbed", "read", "reads",
    "criticised", "criticises", "criticized", "criticizes", "accused", "accuses", "praised",
    "praises", "hailed", "hails", "slammed", "slams",
];

/// Verbs of communication that make their subject the likely speaker of the next quote
/// (`Keeper Tony Bullock echoed McIntyre's sentiments. "...," he added.`).
#[rustfmt::skip]
const NARRATIVE_SPEECH_VERBS: &[&str] = &[
    "echoed", "echoes", "backed", "backs", "hailed", "hails", "praised", "praises", "criticised",
    "criticises", "defended", "defends", "slammed", "slams", "accused", "accuses", "blamed",
    "blames", "questioned", "questions", "dismissed", "dismisses", "rejected", "rejects",
    "welcomed", "welcomes", "thanked", "thanks", "apologised", "apologises", "congratulated",
    "expressed", "voiced", "spoke", "speaks",
];

#[rustfmt::skip]
const CONTINUING_VERBS: &[&str] = &[
    "add", "adds", "added", "adding", "continue", "continues", "continued", "continuing", "went",
    "goes",
];

/// Words that may stand between a subject and its verb (`Henderson later told`).
#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "also", "then", "later", "initially", "previously", "earlier", "once", "again", "recently",
    "subsequently", "simply", "just", "only", "has", "had", "have", "was", "is", "will", "would",
    "even", "still", "already", "yesterday", "today", "tonight", "now", "immediately", "himself",
    "herself", "afterwards", "since", "first", "further", "last", "night", "week", "not", "never",
    "always", "often", "however", "too", "duly", "meanwhile",
];

/// Words that may sit in a noun phrase naming a person (`England manager`, `former`, `the 29-year-old`).
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "manager", "boss", "coach", "head", "assistant", "caretaker", "interim", "player", "midfielder",
    "striker", "forward", "defender", "winger", "goalkeeper", "keeper", "captain", "skipper",
    "chairman", "chairwoman", "chief", "executive", "president", "director", "spokesman",
    "spokeswoman", "spokesperson", "owner", "official", "legend", "veteran", "youngster",
    "teenager", "star", "international", "full-back", "centre-back", "centre-half", "right-back",
    "left-back", "wing-back", "team-mate", "teammate", "colleague", "counterpart", "former", "ex",
    "new", "current", "team", "general", "secretary", "technical", "sporting", "football",
    "academy", "reserve", "first-team", "gaffer", "supremo", "playmaker", "frontman", "hitman",
    "stopper", "compatriot", "countryman", "referee", "pundit", "analyst", "deputy", "agent",
    "representative", "lawyer", "adviser", "advisor", "scout", "physio", "doctor", "leader",
    "minister", "vice-chairman", "chief-executive", "man", "woman", "champion", "holder",
    "favourite", "number", "no", "two", "one", "centre-forward", "sweeper", "substitute",
    "debutant", "newcomer", "signing", "loanee", "old", "young", "experienced", "unfortunate",
    "injured", "suspended", "angry", "delighted", "frustrated", "relieved", "disappointed", "elder",
    "younger", "club", "board", "member", "athlete", "seed", "top", "linesman", "press", "officer",
    "media", "communications", "commercial", "marketing", "financial", "operations", "boxer",
    "rider", "driver", "bowler", "batsman", "sprinter", "hurdler", "runner", "fly-half",
    "scrum-half", "flanker", "hooker", "prop", "lock", "wing",
];

/// Heads of a description that refers to a person (`the Liverpool midfielder`).
#[rustfmt::skip]
const PERSON_NOUNS: &[&str] = &[
    "manager", "boss", "coach", "player", "midfielder", "striker", "forward", "defender", "winger",
    "goalkeeper", "keeper", "captain", "skipper", "chairman", "chairwoman", "president", "director",
    "spokesman", "spokeswoman", "spokesperson", "owner", "legend", "veteran", "youngster",
    "teenager", "star", "international", "full-back", "centre-back", "centre-half", "right-back",
    "left-back", "wing-back", "team-mate", "teammate", "gaffer", "supremo", "playmaker", "frontman",
    "hitman", "stopper", "referee", "linesman", "man", "woman", "centre-forward", "sweeper",
    "substitute", "debutant", "newcomer", "signing", "loanee", "champion", "athlete", "boxer",
    "rider", "driver", "bowler", "batsman", "sprinter", "hurdler", "runner", "fly-half",
    "scrum-half", "flanker", "hooker", "prop", "lock", "wing", "chief", "executive", "official",
    "pundit", "agent", "officer", "paper", "newspaper", "daily",
];

/// Nouns through which an organisation or paper speaks (`A Premier League statement read:`,
/// `Marca's headline says`).
#[rustfmt::skip]
const VOICE_NOUNS: &[&str] = &[
    "statement", "headline", "editorial", "website", "spokesman", "spokeswoman", "spokesperson",
];

/// Role words that open sentences capitalised (`Former Chelsea captain Desailly`, `Boss Arsene
/// Wenger`) and are not surnames.
#[rustfmt::skip]
const CAP_ROLES: &[&str] = &[
    "former", "ex", "new", "veteran", "boss", "manager", "coach", "striker", "midfielder",
    "defender", "goalkeeper", "keeper", "captain", "skipper", "chairman", "referee", "linesman",
    "winger", "forward", "international", "team-mate", "teammate", "assistant", "caretaker",
    "interim", "chief", "president", "director", "spokesman", "spokeswoman", "midfield",
];

/// Capitalised nouns for nationalities that make `the Scot` a description, not a name.
#[rustfmt::skip]
const DEMONYMS: &[&str] = &[
    "scot", "swede", "dane", "finn", "pole", "czech", "greek", "turk", "croat", "serb", "argentine",
    "swiss", "dutch", "welsh", "irish", "kiwi", "aussie", "geordie", "scouser", "londoner",
    "spaniard", "german", "portuguese", "brazilian", "italian", "frenchman",
];

/// Capitalised words that make a name a club or competition, not a person.
#[rustfmt::skip]
const CLUBISH: &[&str] = &[
    "united", "city", "rovers", "athletic", "wanderers", "villa", "albion", "county", "town",
    "forest", "palace", "hotspur", "rangers", "celtic", "cup", "league", "park", "stadium", "fc",
    "fa", "club", "association", "championship", "premiership", "road", "lane", "bridge",
    "trafford", "anfield", "highbury", "bbc", "itv", "sport", "radio", "news", "times", "sun",
    "world", "chronicle", "independent", "guardian", "telegraph", "mirror", "mail", "express",
    "live", "olympic", "olympics", "games", "nations", "european", "national",
];

#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its",
];

#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "di", "du", "der", "den", "le", "la", "del", "dos", "das", "bin",
    "ibn", "al", "el", "ter", "mac",
];

/// Capitalised words that are not names (sentence openers, pronouns, days, months).
#[rustfmt::skip]
const CAP_STOP: &[&str] = &[
    "the", "a", "an", "but", "and", "so", "then", "however", "meanwhile", "now", "also", "yet",
    "he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "his", "her",
    "their", "its", "our", "my", "your", "after", "before", "when", "while", "if", "as", "in", "on",
    "at", "for", "with", "despite", "although", "though", "speaking", "asked", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december", "there",
    "here", "what", "who", "why", "how", "where", "which", "one", "two", "last", "next", "first",
    "still", "even", "only", "just", "both", "neither", "either", "not", "no", "yes", "by", "from",
    "to", "of", "or", "nor", "since", "until", "during", "following", "according", "instead",
    "indeed", "already", "all", "some", "many", "every", "each", "such", "other", "another", "any",
    "none", "nothing", "everyone", "everything", "someone", "something", "unfortunately",
    "fortunately", "sadly", "thankfully", "hopefully", "obviously", "clearly", "certainly",
    "perhaps", "maybe", "well", "oh", "okay", "ok", "goals", "subs", "booked", "referee", "att",
    "ref", "sent", "reporting", "reuters", "afp", "ap", "pa", "listen",
];

/// Words that open an introductory phrase ended by a comma (`Speaking after the game, Moyes said`).
#[rustfmt::skip]
const INTRO_WORDS: &[&str] = &[
    "after", "before", "in", "on", "at", "despite", "following", "with", "speaking", "asked",
    "reflecting", "looking", "talking", "writing", "commenting", "reacting", "when", "while",
    "although", "though", "if", "as", "since", "during", "having", "however", "meanwhile", "later",
    "earlier", "now", "then",
];

/// Introductory participles that announce the speaker of the next quote (`Speaking on his
/// long-term plans, Campbell ...`).
#[rustfmt::skip]
const SPEAKING_INTROS: &[&str] = &[
    "speaking", "asked", "talking", "reflecting", "commenting", "reacting", "looking",
];

/// Verbs (besides speech verbs) that mark a name as a sentence's subject in narrative.
#[rustfmt::skip]
const AUX: &[&str] = &[
    "is", "was", "has", "had", "will", "would", "could", "can", "may", "might", "must", "should",
    "did", "does", "also", "then", "sees", "believes", "feels", "thinks", "knows", "wants", "hopes",
    "expects", "admits", "says", "remains", "faces", "needs", "accepts", "denies", "agrees",
    "plans", "intends", "refuses", "fears", "spoke", "spoken", "speaks", "saw", "made", "took",
    "gave", "came", "went", "left", "got", "felt", "knew", "became", "began", "won", "lost", "hit",
    "put", "kept", "brought", "thought", "insists", "reckons",
];

fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Debug)]
struct Tok {
    range: Range<usize>,
    /// Folded, lower-case form of a word; the character itself for punctuation.
    lower: String,
    word: bool,
    cap: bool,
    acronym: bool,
    /// End of the word without a possessive `'s` / `'`.
    stem_end: usize,
}

impl Tok {
    fn is(&self, w: &str) -> bool {
        self.word && self.lower == w
    }
    fn punct(&self, c: char) -> bool {
        !self.word && self.lower.starts_with(c)
    }
    fn possessive(&self) -> bool {
        self.word && (self.lower.ends_with("'s") || self.lower.ends_with('\''))
    }
    fn pronoun(&self) -> bool {
        self.is("he") || self.is("she")
    }
    fn adverb(&self) -> bool {
        self.word && !self.cap && (is_in(ADVERBS, &self.lower) || self.lower.ends_with("ly"))
    }
    fn determiner(&self) -> bool {
        self.word && is_in(DETERMINERS, &self.lower)
    }
    fn role(&self) -> bool {
        self.word
            && !self.cap
            && (is_in(ROLES, &self.lower)
                || is_in(PERSON_NOUNS, &self.lower)
                || self.lower.contains("year-old")
                || self.lower.chars().next().is_some_and(|c| c.is_ascii_digit()))
    }
    fn person_noun(&self) -> bool {
        self.word && !self.cap && (is_in(PERSON_NOUNS, &self.lower) || self.lower.ends_with("year-old"))
    }
    fn demonym(&self) -> bool {
        let w = self.lower.as_str();
        self.word
            && self.cap
            && (is_in(DEMONYMS, w)
                || ["man", "ian", "ese"].iter().any(|s| w.ends_with(s) && w.len() > s.len() + 2))
    }
    fn particle(&self) -> bool {
        self.word && !self.cap && is_in(PARTICLES, &self.lower)
    }
    /// A capitalised word that can be part of a name (not a possessive, not `Former` or `Boss`
    /// opening a sentence).
    fn name_word(&self) -> bool {
        self.word
            && self.cap
            && !self.possessive()
            && (self.acronym() || (!is_in(CAP_STOP, &self.lower) && !is_in(CAP_ROLES, &self.lower)))
    }
    /// `AS`, `ABC`, `FA`: two or more capitals and nothing else.
    fn acronym(&self) -> bool {
        self.acronym
    }
    /// Any word that may sit in a noun phrase naming a person.
    fn np_word(&self) -> bool {
        self.word
            && ((self.cap && (self.acronym || !is_in(CAP_STOP, &self.lower)))
                || self.role()
                || self.particle()
                || self.determiner())
    }
    /// A word that marks the name before it as the subject of a clause.
    fn verbish(&self) -> bool {
        self.word
            && !self.cap
            && (is_in(AUX, &self.lower) || self.lower.ends_with("ed") || is_in(SPEECH_VERBS, &self.lower))
    }
}

fn tokenize(text: &str, r: Range<usize>) -> Vec<Tok> {
    let s = &text[r.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut toks = Vec::new();
    let mut k = 0;
    let joiner = |c: char| matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}');
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut e = k + 1;
            while e < chars.len() {
                let d = chars[e].1;
                let inner = joiner(d) && chars.get(e + 1).is_some_and(|x| x.1.is_alphanumeric());
                if d.is_alphanumeric() || inner {
                    e += 1;
                } else {
                    break;
                }
            }
            // `James'` (possessive of a name in s): keep the apostrophe with the word.
            if e < chars.len()
                && joiner(chars[e].1)
                && chars[e].1 != '-'
                && chars[e - 1].1 == 's'
                && c.is_uppercase()
            {
                e += 1;
            }
            let end = chars.get(e).map_or(s.len(), |x| x.0);
            let w = &s[i..end];
            let stem = w
                .rfind(['\'', '\u{2019}'])
                .filter(|&a| matches!(&w[a..], "'s" | "\u{2019}s" | "'" | "\u{2019}"));
            toks.push(Tok {
                stem_end: r.start + i + stem.unwrap_or(w.len()),
                range: r.start + i..r.start + end,
                lower: fold(w),
                word: true,
                cap: c.is_uppercase(),
                acronym: w.chars().count() >= 2 && w.chars().all(char::is_uppercase),
            });
            k = e;
        } else {
            let end = i + c.len_utf8();
            let range = r.start + i..r.start + end;
            toks.push(Tok {
                stem_end: range.end,
                range,
                lower: c.to_string(),
                word: false,
                cap: false,
                acronym: false,
            });
            k += 1;
        }
    }
    toks
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Start of the sentence that `pos` is in, not before `floor`: after a sentence terminator,
/// a line break or a double quotation mark.
fn sentence_start(text: &str, pos: usize, floor: usize) -> usize {
    sentence_start_with(text, pos, floor, true)
}

/// [`sentence_start`], optionally reading through quotation marks.
fn sentence_start_with(text: &str, pos: usize, floor: usize, stop_at_quotes: bool) -> usize {
    let floor = floor.min(pos);
    let s = &text[floor..pos];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for k in (0..chars.len()).rev() {
        let (i, c) = chars[k];
        if c == '\n' {
            // A line break ends a sentence only after a terminator (`Real Madrid\n\ndid\n\nask`
            // is one sentence broken by markup).
            let before = chars[..k].iter().rev().map(|x| x.1).find(|c| !c.is_whitespace());
            if before.is_none_or(|b| matches!(b, '.' | '!' | '?' | ':') || is_double_quote(b)) {
                return floor + i + 1;
            }
            continue;
        }
        if is_double_quote(c) && stop_at_quotes {
            return floor + i + c.len_utf8();
        }
        if matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|n| n.1.is_whitespace() || is_double_quote(n.1))
        {
            // `J. Smith`: a single capital before the full stop is an initial.
            let initial =
                k >= 1 && chars[k - 1].1.is_uppercase() && (k < 2 || !chars[k - 2].1.is_alphanumeric());
            if !initial {
                return floor + i + 1;
            }
        }
    }
    floor
}

/// End of the sentence starting at `pos`: before a sentence terminator, a line break or a
/// double quotation mark, at most [`CUE_REGION_MAX`] bytes on.
fn sentence_end(text: &str, pos: usize) -> usize {
    let cap = floor_boundary(text, (pos + CUE_REGION_MAX).min(text.len()));
    let s = &text[pos..cap];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' || is_double_quote(c) {
            return pos + i;
        }
        if matches!(c, '.' | '!' | '?') {
            let next = it.peek().map(|x| x.1);
            if next.is_none_or(|n| n.is_whitespace() || n.is_uppercase() || is_double_quote(n)) {
                return pos + i;
            }
        }
    }
    cap
}

/// Sentence ranges inside `r` (split after `.`, `!`, `?` followed by white space).
fn sentences_in(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    let s = &text[r.clone()];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if matches!(c, '.' | '!' | '?') && it.peek().is_some_and(|n| n.1.is_whitespace()) {
            let end = r.start + i + 1;
            out.push(start..end);
            start = end;
        }
    }
    if start < r.end {
        out.push(start..r.end);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Noun phrases and subjects

/// A noun phrase read as a speaker.
enum NpKind {
    Name(Range<usize>),
    /// A description (`the Liverpool midfielder`, `the Scot`).
    Nominal,
}

struct Np {
    kind: NpKind,
    /// Token span of the phrase.
    first: usize,
    last: usize,
    /// First token of the name (or of the phrase when nominal).
    name_first: usize,
}

/// Reads the tokens `first..=last` as a noun phrase naming a person.
fn classify_np(toks: &[Tok], first: usize, last: usize) -> Option<Np> {
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
    if toks[last].person_noun() {
        return Some(Np { kind: NpKind::Nominal, first, last, name_first: first });
    }
    None
}

/// The noun phrase that ends at token `last`, read backwards.
fn np_backward(toks: &[Tok], last: usize) -> Option<Np> {
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
fn np_forward(toks: &[Tok], first: usize) -> Option<Np> {
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
    classify_np(toks, first, last)
}

fn skip_adverbs_back(toks: &[Tok], mut k: usize) -> Option<usize> {
    while toks[k].adverb() {
        k = k.checked_sub(1)?;
    }
    Some(k)
}

fn skip_adverbs(toks: &[Tok], mut k: usize) -> usize {
    while k < toks.len() && toks[k].adverb() {
        k += 1;
    }
    k
}

/// Index of the last token of the verb at `v` (`went on`, `pointed out`, `told ITV`).
fn verb_end(toks: &[Tok], v: usize) -> usize {
    let w = toks[v].lower.as_str();
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
                t.lower.as_str(),
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
fn is_verb_at(toks: &[Tok], v: usize) -> bool {
    let t = &toks[v];
    if !(t.word && !t.cap && is_in(SPEECH_VERBS, &t.lower)) {
        return false;
    }
    match t.lower.as_str() {
        "went" | "goes" => toks.get(v + 1).is_some_and(|n| n.is("on")),
        "quoted" => toks.get(v + 1).is_some_and(|n| n.is("as")),
        "summed" => toks.get(v + 1).is_some_and(|n| n.is("up")),
        "pointed" => toks.get(v + 1).is_some_and(|n| n.is("out")),
        // `Asked whether ..., Ferguson said`: an introductory `asked` is no attribution.
        "asked" => v > 0,
        _ => true,
    }
}

fn participle(t: &Tok) -> bool {
    t.lower.ends_with("ing")
}

fn continuing(t: &Tok) -> bool {
    is_in(CONTINUING_VERBS, &t.lower)
}

fn span(toks: &[Tok], a: usize, b: usize) -> Range<usize> {
    toks[a].range.start..toks[b].range.end
}

/// The subject found for a verb.
struct Subject {
    who: Who,
    /// First token of the subject.
    first: usize,
    /// Found across an apposition (`Henderson, who ..., said`).
    apposition: bool,
}

fn subject_from_np(np: Np, apposition: bool) -> Subject {
    match np.kind {
        NpKind::Name(r) => Subject { who: Who::Name(r), first: np.name_first, apposition },
        NpKind::Nominal => Subject { who: Who::Anaphor, first: np.first, apposition },
    }
}

/// Skips sentence openers (`But`, `And`, `Meanwhile,`) and an introductory phrase up to its
/// comma (`Speaking after the game,`, `Although Newcastle said ...,`).
fn skip_intro(toks: &[Tok], upto: usize) -> usize {
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
fn sentence_subject(toks: &[Tok], upto: usize) -> Option<Subject> {
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
fn apposition_head(toks: &[Tok], comma: usize) -> bool {
    toks.get(comma + 1).is_some_and(|h| {
        h.is("who")
            || h.is("whose")
            || h.determiner()
            || h.role()
            || (h.word && !h.cap && participle(h))
            || h.is("aged")
    })
}

/// The subject of the speech verb at `v`.
fn subject_of_verb(toks: &[Tok], v: usize) -> Option<Subject> {
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
            return None;
        }
        return np_backward(toks, open.checked_sub(1)?).map(|np| subject_from_np(np, true));
    }
    if t.word && !t.cap && is_in(VOICE_NOUNS, &t.lower) && k > 0 {
        return voice_subject(toks, k - 1);
    }
    np_backward(toks, k).map(|np| subject_from_np(np, false))
}

/// The organisation before a voice noun: `A Premier League [statement]`, `Marca's [headline]`.
fn voice_subject(toks: &[Tok], k: usize) -> Option<Subject> {
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

// ---------------------------------------------------------------------------------------------
// Cues

fn cue(range: Range<usize>, who: Who, via: SpeakerVia, continues: bool) -> Cue {
    let via = if who == Who::Anaphor && via != SpeakerVia::AccordingTo { SpeakerVia::Pronoun } else { via };
    Cue { range, who, via, continues }
}

/// Reads a cue at the start of `toks` (the words right after a closing mark).
fn parse_after(toks: &[Tok]) -> Option<Cue> {
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

fn according(toks: &[Tok], i: usize) -> Option<Cue> {
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

fn words_after(toks: &[Tok], pos: usize) -> usize {
    toks.iter().filter(|t| t.word && t.range.start >= pos).count()
}

/// The cue right after the closing mark of `seg`, if any.
pub(super) fn cue_after(text: &str, seg: &Segment) -> Option<Cue> {
    let end = sentence_end(text, seg.end);
    let region = &text[seg.end..end];
    if region.trim_end().ends_with(':') {
        return None; // `... ." Moyes added: "...` introduces the next quote
    }
    let toks = tokenize(text, seg.end..end);
    let c = parse_after(&toks)?;
    let full_stop = text[seg.inner.clone()].ends_with('.');
    if full_stop && words_after(&toks, c.range.end) > CLOSED_MAX_EXTRA_WORDS {
        return None; // `... captain." Giggs admits he had briefly considered ...`: narrative
    }
    Some(c)
}

/// The cue filling the gap between two quoted segments, if the gap is (almost) only a cue.
pub(super) fn gap_cue(text: &str, gap: Range<usize>) -> Option<Cue> {
    let s = &text[gap.clone()];
    if s.contains('\n') || s.trim_end().ends_with(':') {
        return None;
    }
    let toks = tokenize(text, gap);
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
pub(super) fn cue_before(text: &str, open: usize, floor: usize) -> Option<Cue> {
    let start = sentence_start(text, open, floor);
    let mut toks = tokenize(text, start..open);
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

/// A quote with no cue right after a sentence of reported speech (`Ferguson insisted his side
/// were unlucky. "We ..."`) or a speaking intro (`Speaking on his plans, Campbell ...`).
fn cue_reported(text: &str, open: usize, floor: usize) -> Option<Cue> {
    let end = text[floor.min(open)..open].trim_end().len() + floor.min(open);
    if end <= floor || !text[..end].ends_with(['.', '!', '?']) {
        return None;
    }
    let start = sentence_start(text, end - 1, floor);
    let toks = tokenize(text, start..end - 1);
    let first = toks.iter().position(|t| t.word)?;
    if toks[first].cap && is_in(SPEAKING_INTROS, &toks[first].lower) {
        let s = sentence_subject(&toks, toks.len())?;
        return Some(cue(start..end - 1, s.who, SpeakerVia::CueBefore, false));
    }
    let i0 = skip_intro(&toks, toks.len());
    let v = (i0..toks.len()).find(|&v| is_verb_at(&toks, v) && !participle(&toks[v]))?;
    let s = subject_of_verb(&toks, v)?;
    Some(cue(start..end - 1, s.who, SpeakerVia::CueBefore, false))
}

/// Where narrative starts inside a quoted segment whose closing mark was lost: the first
/// sentence after the first that reads as reporting (`Meanwhile, Egypt FA spokesman Methat
/// Shalaby welcomed the apology and said ...`). Only multi-word names count, so a speaker's own
/// `Harry said to me` stays quoted.
pub(super) fn narrative_start(text: &str, r: Range<usize>) -> Option<usize> {
    let sents = sentences_in(text, r);
    for s in sents.iter().skip(1) {
        let toks = tokenize(text, s.clone());
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

// ---------------------------------------------------------------------------------------------
// Attribution

/// A quote being attributed, with what later quotes need to know about it.
struct Done {
    quote: Quote,
    /// Where the quote and its attribution sentence end.
    attr_end: usize,
    first_open: usize,
}

/// Attributes each raw quote to a speaker and drops scare quotes.
pub(super) fn attribute(text: &str, raw: Vec<RawQuote>, people: &[PersonMention]) -> Vec<Quote> {
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
    let mut names = NameBook::new(text, people);
    let mut done: Vec<Done> = Vec::new();
    for q in raw {
        let first = &q.segs[0];
        let last = q.segs.last().unwrap_or(first);
        // Segments are disjoint and in order: the one before this quote ends the floor.
        let before = all_segs.partition_point(|s| s.end <= first.open);
        let floor = before.checked_sub(1).map_or(0, |k| all_segs[k].end);
        let mut after_cue = None;
        let cue = q
            .gap_cues
            .first()
            .cloned()
            .or_else(|| {
                (first.closed == Closed::Mark)
                    .then(|| cue_after(text, first))
                    .flatten()
                    .inspect(|c| after_cue = Some(c.clone()))
            })
            .or_else(|| cue_before(text, first.open, floor))
            .or_else(|| {
                (q.segs.len() > 1 && last.closed == Closed::Mark)
                    .then(|| cue_after(text, last))
                    .flatten()
                    .inspect(|c| after_cue = Some(c.clone()))
            });
        let words: usize = q.segs.iter().map(|s| word_count(&text[s.inner.clone()])).sum();
        if words <= SCARE_MAX_WORDS {
            let speechlike = text[first.inner.clone()].ends_with([',', '.', '!', '?']);
            if !(speechlike && cue.is_some()) {
                continue;
            }
        }
        let (cue, speaker) = match cue {
            Some(c) => {
                let sp = speaker_for(text, &c, first.open, &done, &speech_segs, &mut names);
                (Some(c), sp)
            }
            None => match continuation(text, first, &done) {
                Some(sp) => (None, Some(sp)),
                None => match cue_reported(text, first.open, floor) {
                    Some(c) => {
                        let sp = speaker_for(text, &c, first.open, &done, &speech_segs, &mut names);
                        (Some(c), sp)
                    }
                    None => (None, None),
                },
            },
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

fn speaker_for(
    text: &str,
    c: &Cue,
    open: usize,
    done: &[Done],
    segs: &[Range<usize>],
    names: &mut NameBook,
) -> Option<Speaker> {
    match &c.who {
        Who::Name(r) => Some(names.resolve(r.clone(), c.via)),
        Who::Anaphor => {
            let from = c.range.start.min(open);
            // A description (`the striker said`) names someone already in the story, like
            // `he added`: prefer speakers to whoever the last sentence was about.
            let pronoun = text[c.range.clone()]
                .split(|ch: char| !ch.is_alphabetic())
                .any(|w| matches!(w, "he" | "she" | "He" | "She" | "him" | "her"));
            let sp = resolve_anaphor(text, from, c.continues || !pronoun, done, segs, names)?;
            Some(Speaker { via: c.via, ..sp })
        }
    }
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A quote with no cue inherits the speaker of the quote it directly follows: nothing but the
/// previous quote's attribution sentence and white space between them.
fn continuation(text: &str, first: &Segment, done: &[Done]) -> Option<Speaker> {
    let prev = done.last()?;
    let sp = prev.quote.speaker.as_ref()?;
    let from = prev.attr_end.min(first.open);
    let gap = text[from..first.open].trim_start_matches(['.', '!', '?']);
    if gap.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Speaker { name: sp.name.clone(), id: sp.id.clone(), via: SpeakerVia::Continuation })
}

/// What a narrative sentence says about who a pronoun may refer to.
enum Referent {
    /// A person; `true` when the subject of a speech verb.
    Person(Speaker, bool),
    /// The sentence is about someone referred to by a pronoun: look further back.
    Pronoun,
    Nothing,
}

/// Resolves a pronoun or description whose cue starts at `from`: walking back over narrative
/// sentences and earlier quotes, the nearest speech-verb subject, earlier quote's speaker, or
/// sentence subject. `added`/`continued` skip sentence subjects that do not speak, preferring the
/// previous quote's speaker (`"...," said Ferguson. Rooney scored twice. "...," he added.`).
fn resolve_anaphor(
    text: &str,
    from: usize,
    continues: bool,
    done: &[Done],
    segs: &[Range<usize>],
    names: &mut NameBook,
) -> Option<Speaker> {
    let floor = floor_boundary(text, from.saturating_sub(ANAPHOR_WINDOW));
    let mut quotes = done.iter().rev().filter(|d| d.first_open < from && d.attr_end > floor).peekable();
    let has_prev_quote = quotes.peek().is_some_and(|d| d.quote.speaker.is_some());
    let mut pos = from;
    let mut sentences = 0;
    let mut steps = 0;
    while pos > floor && sentences < ANAPHOR_MAX_SENTENCES && steps < ANAPHOR_MAX_STEPS {
        steps += 1;
        // An earlier quote whose attribution reaches here: its speaker is the nearest.
        if quotes.peek().is_some_and(|d| d.attr_end >= pos) {
            let d = quotes.next()?;
            if let Some(sp) = &d.quote.speaker {
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
            match narrative_person(text, start..pos, names) {
                Referent::Person(sp, by_speech) if by_speech || !(continues && has_prev_quote) => {
                    return Some(sp)
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
fn narrative_person(text: &str, r: Range<usize>, names: &mut NameBook) -> Referent {
    let toks = tokenize(text, r.clone());
    let i0 = skip_intro(&toks, toks.len());
    for v in (i0..toks.len()).chain(0..i0) {
        let reporting =
            is_verb_at(&toks, v) || (v > 0 && !toks[v].cap && is_in(NARRATIVE_SPEECH_VERBS, &toks[v].lower));
        if !reporting {
            continue;
        }
        match subject_of_verb(&toks, v) {
            Some(Subject { who: Who::Name(n), .. }) => {
                return Referent::Person(names.resolve(n, SpeakerVia::Pronoun), true)
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
    let mut first_person: Option<Range<usize>> = None;
    let mut k = 0;
    while k < toks.len() {
        if !toks[k].name_word() || (k > 0 && toks[k - 1].name_word()) {
            k += 1;
            continue;
        }
        let mut e = k;
        while e + 1 < toks.len()
            && (toks[e + 1].name_word()
                || (toks[e + 1].particle() && toks.get(e + 2).is_some_and(Tok::name_word)))
        {
            e += 1;
        }
        let n = span(&toks, k, e);
        if names.person_like(n.clone()) {
            let mut after = e + 1;
            if toks.get(after).is_some_and(|c| c.punct(',')) && apposition_head(&toks, after) {
                after = (after + 1..toks.len().min(after + 30))
                    .find(|&c| toks[c].punct(','))
                    .map_or(after, |c| c + 1);
            }
            let after = skip_adverbs(&toks, after);
            if toks.get(after).is_some_and(Tok::verbish) {
                return Referent::Person(names.resolve(n, SpeakerVia::Pronoun), false);
            }
            first_person.get_or_insert(n);
        }
        k = e + 1;
    }
    match first_person {
        Some(n) => Referent::Person(names.resolve(n, SpeakerVia::Pronoun), false),
        None => Referent::Nothing,
    }
}

/// The person a pronoun at token `at` refers to within its own sentence, if any: the
/// sentence's subject when that is a person, else the nearest person named before it.
fn antecedent_in_sentence(toks: &[Tok], at: usize, names: &mut NameBook) -> Option<Range<usize>> {
    if !toks[at].pronoun() {
        return None;
    }
    if let Some(Subject { who: Who::Name(n), first, .. }) = sentence_subject(toks, at) {
        if first < at && names.person_like(n.clone()) {
            return Some(n);
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
            if names.person_like(n.clone()) {
                return Some(n);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Names

/// Resolves cue names to people: the overlapping entity mention when there is one, else the
/// fullest form of the name in the text (`Henderson` → `Jordan Henderson` when unambiguous).
struct NameBook<'a> {
    text: &'a str,
    people: &'a [PersonMention],
    /// Runs of two or more name words in the text (surface forms), computed on first use.
    runs: Option<Vec<String>>,
}

impl<'a> NameBook<'a> {
    fn new(text: &'a str, people: &'a [PersonMention]) -> Self {
        NameBook { text, people, runs: None }
    }

    fn runs(&mut self) -> &[String] {
        let text = self.text;
        self.runs.get_or_insert_with(|| {
            let toks = tokenize(text, 0..text.len());
            let mut out: Vec<String> = Vec::new();
            let word = |t: &Tok| t.name_word() || (t.cap && t.possessive() && !is_in(CAP_STOP, &t.lower));
            let mut k = 0;
            while k < toks.len() {
                if !toks[k].name_word() {
                    k += 1;
                    continue;
                }
                let mut e = k;
                while e + 1 < toks.len()
                    && !toks[e].possessive()
                    && (word(&toks[e + 1]) || (toks[e + 1].particle() && toks.get(e + 2).is_some_and(&word)))
                {
                    e += 1;
                }
                if e > k {
                    let mut s =
                        toks[k..=e].iter().map(|t| &text[t.range.clone()]).collect::<Vec<_>>().join(" ");
                    if toks[e].possessive() {
                        // `Gareth Southgate's side` names Gareth Southgate.
                        for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] {
                            if let Some(stem) = s.strip_suffix(suffix) {
                                s = stem.to_string();
                                break;
                            }
                        }
                    }
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
                k = e + 1;
            }
            out
        })
    }

    /// Whether a name in narrative text is a person rather than a club or a place: a mention
    /// of the entity tagger, or (without mentions) a first name and surname, or the surname of
    /// one found elsewhere in the text.
    fn person_like(&mut self, r: Range<usize>) -> bool {
        if self.people.iter().any(|m| m.range.start < r.end && r.start < m.range.end) {
            return true;
        }
        let clubish = |s: &str| fold(s).split([' ', '-']).any(|w| is_in(CLUBISH, w));
        let surface = self.text[r].to_string();
        if clubish(&surface) {
            return false;
        }
        if surface.split_whitespace().count() >= 2 {
            return true;
        }
        let f = fold(&surface);
        self.runs()
            .iter()
            .any(|run| !clubish(run) && fold(run).rsplit(' ').next().is_some_and(|last| same_word(last, &f)))
    }

    fn resolve(&mut self, r: Range<usize>, via: SpeakerVia) -> Speaker {
        let people = self.people;
        if let Some(m) = people.iter().find(|m| m.range.start < r.end && r.start < m.range.end) {
            return Speaker { name: m.name.clone(), id: Some(m.id.clone()), via };
        }
        let surface: String = self.text[r].split_whitespace().collect::<Vec<_>>().join(" ");
        let last = fold(surface.rsplit(' ').next().unwrap_or(""));
        // A mention elsewhere with the same surname, if they all agree.
        let same: Vec<&PersonMention> =
            people.iter().filter(|m| fold(m.name.rsplit(' ').next().unwrap_or("")) == last).collect();
        if let Some(m) = same.first() {
            if same.iter().all(|o| o.id == m.id) {
                return Speaker { name: m.name.clone(), id: Some(m.id.clone()), via };
            }
        }
        if surface.contains(' ') {
            return Speaker { name: surface, id: None, via };
        }
        let folded = fold(&surface);
        let longer: Vec<&String> = self
            .runs()
            .iter()
            .filter(|run| {
                let f = fold(run);
                f.len() > folded.len() && f.ends_with(&folded) && f[..f.len() - folded.len()].ends_with(' ')
            })
            .collect();
        let name = match longer.iter().max_by_key(|s| s.len()) {
            Some(longest) if longer.iter().all(|s| fold(longest).ends_with(&fold(s))) => (*longest).clone(),
            _ => surface,
        };
        Speaker { name, id: None, via }
    }
}
