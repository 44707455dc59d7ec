//! The word lists attribution reads cues with (folded, lower case): speech verbs, role words,
//! determiners, particles, the capitalised words that are never names, and so on.

#[rustfmt::skip]
pub(super) const SPEECH_VERBS: &[&str] = &[
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
pub(super) const BEFORE_ONLY_VERBS: &[&str] = &[
    "described", "describes", "called", "calls", "branded", "labelled", "dubbed", "read", "reads",
    "criticised", "criticises", "criticized", "criticizes", "accused", "accuses", "praised",
    "praises", "hailed", "hails", "slammed", "slams", "ordered", "orders", "demanded", "demands",
];

/// Nouns for what someone said (`Gaucci's description of her as "very beautiful"`).
#[rustfmt::skip]
pub(super) const WORDS_NOUNS: &[&str] = &[
    "description", "words", "verdict", "assessment", "comments", "remarks", "claim", "claims",
    "view", "opinion", "warning", "promise", "plea", "message", "admission", "insistence",
    "belief",
];

/// Nouns for an act of speech a verb's subject performs, after `his`, `her` or `their`
/// (`renewed his criticism of`, `repeated her call for`; `paid tribute to`): the next quote
/// voices it. Not `faced criticism`, `praised the defence`, `lost his appeal`.
#[rustfmt::skip]
pub(super) const SPEECH_ACT_NOUNS: &[&str] = &[
    "criticism", "criticisms", "broadside", "outburst", "call", "calls", "plea", "warning",
    "tribute", "praise", "apology", "complaint", "complaints", "demand", "demands", "threat",
    "insistence",
];

/// Publications speaking in a description (`the paper says`): never a person.
#[rustfmt::skip]
pub(super) const PUBLICATION_NOUNS: &[&str] = &[
    "paper", "newspaper", "daily", "tabloid", "magazine",
];

/// Verbs among [`BEFORE_ONLY_VERBS`] that report the words they quote (`called it "derisory"`).
#[rustfmt::skip]
pub(super) const NAMING_VERBS: &[&str] = &[
    "described", "describes", "called", "calls", "branded", "labelled", "dubbed", "hailed", "hails",
];

/// Verbs of communication that make their subject the likely speaker of the next quote
/// (`Keeper Tony Bullock echoed McIntyre's sentiments. "...," he added.`).
#[rustfmt::skip]
pub(super) const NARRATIVE_SPEECH_VERBS: &[&str] = &[
    "echoed", "echoes", "backed", "backs", "hailed", "hails", "praised", "praises", "criticised",
    "criticises", "defended", "defends", "slammed", "slams", "accused", "accuses", "blamed",
    "blames", "questioned", "questions", "dismissed", "dismisses", "rejected", "rejects",
    "welcomed", "welcomes", "thanked", "thanks", "apologised", "apologises", "congratulated",
    "expressed", "voiced", "spoke", "speaks",
];

/// Words opening a subordinate clause (`though she admitted ..., Prinz ...`).
#[rustfmt::skip]
pub(super) const SUBORDINATORS: &[&str] = &[
    "though", "although", "while", "whilst", "when", "after", "before", "because", "since",
    "once", "despite", "if",
];

/// Verbs of `as X puts it`, `as he called it`: the quoted words are X's.
#[rustfmt::skip]
pub(super) const AS_IT_VERBS: &[&str] = &[
    "put", "puts", "called", "calls", "described", "describes", "termed", "terms", "said", "says",
    "phrased",
];

#[rustfmt::skip]
pub(super) const CONTINUING_VERBS: &[&str] = &[
    "add", "adds", "added", "adding", "continue", "continues", "continued", "continuing", "went",
    "goes",
];

/// Words that may stand between a subject and its verb (`Henderson later told`).
#[rustfmt::skip]
pub(super) const ADVERBS: &[&str] = &[
    "also", "then", "later", "initially", "previously", "earlier", "once", "again", "recently",
    "subsequently", "simply", "just", "only", "has", "had", "have", "was", "is", "will", "would",
    "even", "still", "already", "yesterday", "today", "tonight", "now", "immediately", "himself",
    "herself", "afterwards", "since", "first", "further", "last", "night", "week", "not", "never",
    "always", "often", "however", "too", "duly", "meanwhile",
];

/// Words that may sit in a noun phrase naming a person (`England manager`, `former`, `the 29-year-old`).
#[rustfmt::skip]
pub(super) const ROLES: &[&str] = &[
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
pub(super) const PERSON_NOUNS: &[&str] = &[
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
pub(super) const VOICE_NOUNS: &[&str] = &[
    "statement", "headline", "editorial", "website", "spokesman", "spokeswoman", "spokesperson",
];

/// Nouns for an unnamed voice of a named body (`a Juventus official`, `a Premier League
/// spokesman`, `an FA statement`): [`VOICE_NOUNS`] and a few for people who speak for a body
/// without being named.
#[rustfmt::skip]
pub(super) const BODY_VOICE_NOUNS: &[&str] = &[
    "statement", "website", "spokesman", "spokeswoman", "spokesperson", "official",
    "representative",
];

/// Role words that open sentences capitalised (`Former Chelsea captain Desailly`, `Boss Arsene
/// Wenger`) and are not surnames.
#[rustfmt::skip]
pub(super) const CAP_ROLES: &[&str] = &[
    "former", "ex", "new", "veteran", "boss", "manager", "coach", "striker", "midfielder",
    "defender", "goalkeeper", "keeper", "captain", "skipper", "chairman", "referee", "linesman",
    "winger", "forward", "international", "team-mate", "teammate", "assistant", "caretaker",
    "interim", "chief", "president", "director", "spokesman", "spokeswoman", "midfield",
];

/// Capitalised nouns for nationalities that make `the Scot` a description, not a name.
#[rustfmt::skip]
pub(super) const DEMONYMS: &[&str] = &[
    "scot", "swede", "dane", "finn", "pole", "czech", "greek", "turk", "croat", "serb", "argentine",
    "swiss", "dutch", "welsh", "irish", "kiwi", "aussie", "geordie", "scouser", "londoner",
    "spaniard", "german", "portuguese", "brazilian", "italian", "frenchman",
];

/// Capitalised words that make a name a club or competition, not a person.
#[rustfmt::skip]
pub(super) const CLUBISH: &[&str] = &[
    "united", "city", "rovers", "athletic", "wanderers", "villa", "albion", "county", "town",
    "forest", "palace", "hotspur", "rangers", "celtic", "cup", "league", "park", "stadium", "fc",
    "fa", "club", "association", "championship", "premiership", "road", "lane", "bridge",
    "trafford", "anfield", "highbury", "bbc", "itv", "sport", "radio", "news", "times", "sun",
    "world", "chronicle", "independent", "guardian", "telegraph", "mirror", "mail", "express",
    "live", "olympic", "olympics", "games", "nations", "european", "national",
];

#[rustfmt::skip]
pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its",
];

#[rustfmt::skip]
pub(super) const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "di", "du", "der", "den", "le", "la", "del", "dos", "das", "bin",
    "ibn", "al", "el", "ter", "mac",
];

/// Capitalised words that are not names (sentence openers, pronouns, days, months).
#[rustfmt::skip]
pub(super) const CAP_STOP: &[&str] = &[
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
pub(super) const INTRO_WORDS: &[&str] = &[
    "after", "before", "in", "on", "at", "despite", "following", "with", "speaking", "asked",
    "reflecting", "looking", "talking", "writing", "commenting", "reacting", "when", "while",
    "although", "though", "if", "as", "since", "during", "having", "however", "meanwhile", "later",
    "earlier", "now", "then",
];

/// Introductory participles that announce the speaker of the next quote (`Speaking on his
/// long-term plans, Campbell ...`).
#[rustfmt::skip]
pub(super) const SPEAKING_INTROS: &[&str] = &[
    "speaking", "asked", "talking", "reflecting", "commenting", "reacting", "looking",
];

/// Verbs (besides speech verbs) that mark a name as a sentence's subject in narrative.
#[rustfmt::skip]
pub(super) const AUX: &[&str] = &[
    "is", "was", "has", "had", "will", "would", "could", "can", "may", "might", "must", "should",
    "did", "does", "also", "then", "sees", "believes", "feels", "thinks", "knows", "wants", "hopes",
    "expects", "admits", "says", "remains", "faces", "needs", "accepts", "denies", "agrees",
    "plans", "intends", "refuses", "fears", "spoke", "spoken", "speaks", "saw", "made", "took",
    "gave", "came", "went", "left", "got", "felt", "knew", "became", "began", "won", "lost", "hit",
    "put", "kept", "brought", "thought", "insists", "reckons",
];

/// Lower-case words that may follow a name without making it attributive (`the Rooney goal`
/// is attributive; `the Rooney who`, `the Rooney of old` are not).
#[rustfmt::skip]
pub(super) const NOT_NOUNS: &[&str] = &[
    "and", "or", "but", "nor", "who", "whom", "whose", "which", "that", "of", "to", "in", "on",
    "at", "for", "with", "from", "as", "by", "after", "before", "than", "into", "about", "over",
    "under", "against", "said", "says", "told", "if", "when", "while", "because", "so", "yet",
    "himself", "herself", "themselves", "it", "they", "we", "i", "you", "there", "here", "not",
];

/// Adjectives of a stance that the next quote voices (`Thompson is confident ... "..."`).
#[rustfmt::skip]
pub(super) const STANCE_ADJECTIVES: &[&str] = &[
    "confident", "adamant", "convinced", "certain", "sure", "optimistic", "hopeful", "determined",
    "delighted", "happy", "pleased", "thrilled", "disappointed", "frustrated", "furious", "angry",
    "unhappy", "upset", "relieved", "proud", "keen", "eager", "satisfied", "philosophical",
    "bullish", "upbeat", "adamant", "excited", "desperate", "unrepentant", "defiant", "cautious",
];

/// Verbs of a stance that the next quote voices (`Moyes hopes his side ... "..."`).
#[rustfmt::skip]
pub(super) const STANCE_VERBS: &[&str] = &[
    "hopes", "hoped", "expects", "expected", "wants", "wanted", "fears", "feared", "knows",
    "refuses", "refused", "intends",
];

/// Words of photo captions and page furniture: a name containing one never speaks.
#[rustfmt::skip]
pub(super) const UI_WORDS: &[&str] = &[
    "caption", "captions", "copyright", "playback", "gallery", "slideshow", "unsupported",
];

pub(super) fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}
