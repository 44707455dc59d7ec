//! The words fact extraction reads, folded (as [`crate::text::Tokens::word`] gives them).

/// Words that end a clause.
pub const CLAUSE_WORDS: &[&str] = &["but", "while", "whereas", "although", "though"];

/// Subject pronouns: a cue's subject is not a name further back.
pub const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Words of football writing.
pub const FOOTBALL_WORDS: &[&str] = &[
    "goal",
    "goals",
    "goalkeeper",
    "keeper",
    "striker",
    "midfielder",
    "defender",
    "winger",
    "penalty",
    "offside",
    "header",
    "football",
    "footballer",
    "equaliser",
    "equalizer",
    "opener",
    "scoresheet",
    "var",
    "booked",
    "substitute",
    "half",
    "boss",
    "manager",
    "league",
    "cup",
    "net",
];

/// Words of one match's report: two different ones anchor an article as a report (with
/// "half-time", a score or a minute), so that its goals are read.
pub const MATCH_REPORT_WORDS: &[&str] =
    &["deadlock", "equaliser", "equalizer", "stoppage", "visitors", "hosts", "scoreline", "clincher"];

/// Which sport's writing a word belongs to ([`sport_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sport {
    /// In [`FOOTBALL_WORDS`].
    Football,
    /// In [`OTHER_SPORT_WORDS`] and not in [`FOOTBALL_WORDS`].
    Other,
}

/// The sport a folded word belongs to, if any: one hash look-up per word (every word of every
/// article is asked, so the two lists are not scanned word by word).
pub fn sport_of(word: &str) -> Option<Sport> {
    static SPORTS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, Sport>> =
        std::sync::OnceLock::new();
    SPORTS
        .get_or_init(|| {
            let mut m = rustc_hash::FxHashMap::default();
            for w in OTHER_SPORT_WORDS {
                m.insert(*w, Sport::Other);
            }
            // A word in both lists counts as football, as the lists were read before.
            for w in FOOTBALL_WORDS {
                m.insert(*w, Sport::Football);
            }
            m
        })
        .get(word)
        .copied()
}

/// Words of other sports (cricket, tennis, rugby, athletics...).
pub const OTHER_SPORT_WORDS: &[&str] = &[
    "wicket",
    "wickets",
    "innings",
    "bowler",
    "bowled",
    "batsman",
    "batting",
    "runs",
    "test",
    "odi",
    "set",
    "sets",
    "tie",
    "break",
    "serve",
    "ace",
    "aces",
    "slam",
    "seed",
    "rugby",
    "try",
    "tries",
    "scrum",
    "lineout",
    "conversion",
    "prop",
    "flanker",
    "metres",
    "sprint",
    "marathon",
    "race",
    "medal",
    "athletics",
    "tennis",
    "davis",
    "wimbledon",
    "cricket",
    "golf",
    "snooker",
    "boxing",
    "formula",
    "overs",
    "hurdles",
    "seeded",
    "serve",
    "singles",
    "doubles",
    "hopman",
];

/// Words that make a score the final one ("won 2-1", "a 3-0 victory").
pub const WIN_WORDS: &[&str] = &[
    "win",
    "wins",
    "won",
    "winning",
    "victory",
    "victories",
    "beat",
    "beats",
    "beating",
    "thrashed",
    "thrashing",
    "thumped",
    "hammered",
    "hammering",
    "routed",
    "rout",
    "triumph",
    "triumphed",
    "success",
    "aside",
    "defeated",
    "edged",
    "saw",
    "eased",
    "cruised",
    "coasted",
    "stunned",
    "downed",
    "overcame",
    "demolished",
    "humbled",
    "past",
];

/// Words that make a score the final one, from the loser's side.
pub const LOSS_WORDS: &[&str] = &[
    "defeat",
    "defeats",
    "loss",
    "losses",
    "lost",
    "lose",
    "losing",
    "beaten",
    "exit",
    "fell",
    "thrashed_by",
];

/// Words of a drawn result.
pub const DRAW_WORDS: &[&str] = &["draw", "draws", "drew", "drawn", "stalemate", "tie", "shared"];

/// Words that place a score in an earlier match, not this one.
pub const OTHER_MATCH_WORDS: &[&str] = &[
    "last",
    "previous",
    "previously",
    "earlier",
    "week's",
    "weekend's",
    "season",
    "seasons",
    "reverse",
    "since",
    "history",
    "record",
    "ago",
    "meeting",
    "meetings",
    "fixture",
    "years",
    "month",
    "months",
    "fresh",
    "derby",
    "midweek",
    "prior",
];

/// Words after a score that make it a running score, not a result ("1-0 up", "a 2-0 lead").
pub const RUNNING_AFTER: &[&str] =
    &["up", "down", "lead", "leads", "advantage", "deficit", "ahead", "behind", "half"];

/// Words of half-time.
pub const HALF_TIME: &[&str] = &["interval", "break", "halftime"];

/// Words that take back a goal, a card or a penalty: "missed", "saved", "would have".
pub const NEGATIVE: &[&str] = &[
    "missed",
    "miss",
    "misses",
    "missing",
    "wide",
    "saved",
    "save",
    "saves",
    "denied",
    "deny",
    "denies",
    "blocked",
    "block",
    "crossbar",
    "woodwork",
    "upright",
    "disallowed",
    "offside",
    "almost",
    "nearly",
    "should",
    "could",
    "would",
    "might",
    "close",
    "closer",
    "chance",
    "chances",
    "attempt",
    "attempts",
    "shot",
    "rattled",
    "cleared",
    "parried",
    "tipped",
    "claimed",
    "kept",
    "thwarted",
    "spurned",
    "wasted",
    "blazed",
    "skied",
    "appeals",
    "penalties",
    "if",
    "without",
    "failed",
    "fails",
    "ruled",
    "chalked",
    "evaded",
    "trying",
    "try",
    "tried",
    "hoping",
    "bid",
    "rather",
    "post",
    "bar",
    "hits",
    "struck_post",
    "narrowly",
    "inches",
    "flagged",
    "never",
    "failing",
    "opportunity",
    "wasteful",
    "guilty",
];

/// A goal verb: its subject scored when one of `needs` follows within `reach` words (any
/// following word will do when `needs` is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalVerb {
    pub needs: &'static [&'static str],
    pub reach: usize,
}

/// Where a struck ball went in ("headed home", "fired into the corner").
const INTO: &[&str] = &["home", "in", "into", "past", "beyond", "net", "corner"];
/// The same, and "away" ("tucked away").
const INTO_AWAY: &[&str] = &["home", "in", "into", "past", "beyond", "net", "corner", "away"];

/// What a goal verb gets or makes ("grabbed the winner", "made it 2-0"), with any extra words.
macro_rules! goal_made {
    ($($extra:literal),*) => {
        &[
            "goal", "winner", "equaliser", "equalizer", "opener", "brace", "double", "hat", "it",
            "scoresheet", "second", "third", "fourth" $(, $extra)*
        ]
    };
}
const GOAL_MADE: &[&str] = goal_made!();
/// "hit" also takes the net and a sucker punch.
const HIT: &[&str] = goal_made!("net", "sucker");
/// "got" also takes "his reward" ("he later got his reward").
const GOT: &[&str] = goal_made!("reward");
/// What a goal punishes: a mistake of the other side ("punished one careless giveaway").
const PUNISHED: &[&str] = &[
    "giveaway",
    "giveaways",
    "error",
    "errors",
    "mistake",
    "mistakes",
    "slip",
    "lapse",
    "hesitation",
    "dithering",
    "sloppiness",
    "back-pass",
    "backpass",
    "them",
];
/// "made" also takes "no mistake" ("made no mistake from the spot").
const MADE: &[&str] = goal_made!("mistake");

/// A lead changed ("doubled the lead", "halved the deficit").
const LEAD: &[&str] = &["lead", "advantage", "cushion", "deficit", "arrears", "parity", "gap"];

/// The goal verbs, each with what must follow it and how far on. The one table of goal verbs:
/// `None` for any other word.
pub fn goal_verb(w: &str) -> Option<GoalVerb> {
    let (needs, reach): (&'static [&'static str], usize) = match w {
        // A goal on their own.
        "scored" | "scores" | "score" | "netted" | "nets" | "net" | "netting" | "converted" | "converts"
        | "convert" | "finished" | "finish" | "levelled" | "leveled" | "levelling" | "equalised"
        | "equalized" | "equalise" | "equalising" | "pounced" | "pouncing" | "pounces" | "dispatched" => {
            (&[], 7)
        }
        // Where the ball went, close after the verb ("headed home", "tucked in").
        "headed" | "fired" | "drilled" | "curled" | "rifled" | "smashed" | "lashed" | "volleyed"
        | "glanced" | "turned" | "swept" | "footed" | "thumped" | "stabbed" | "flicked" | "chipped"
        | "lobbed" | "powered" | "poked" | "prodded" | "steered" | "tapped" | "nodded" | "bundled"
        | "lashing" | "firing" | "heading" | "nodding" => (INTO, 4),
        // "the penalty that Paqueta tucked away", "slotting away the rebound".
        "slotted" | "tucked" | "slotting" | "tucking" => (INTO_AWAY, 4),
        // The same further on ("arrowed a spectacular effort into the top-left corner"); the
        // bare forms only after "to" (see `goals`).
        "slammed" | "slamming" | "slams" | "arrowed" | "knocked" | "knocking" | "rolled" | "rolling"
        | "stroked" | "stroking" | "smashing" | "curling" | "volleying" | "bundling" | "poking"
        | "turning" | "sweeping" | "slam" | "thump" | "rifling" | "thumping" | "drilling" | "poke"
        | "head" | "nod" | "slot" | "tuck" | "prod" | "prodding" | "turn" | "smash" | "drill" | "curl"
        | "sweep" | "steer" | "tap" | "bundle" | "lash" | "rifle" | "volley" | "stab" | "flick" | "lift" => {
            (INTO, 7)
        }
        "struck" => (&["for", "to", "again", "twice", "first", "home", "late", "early", "in"], 4),
        "put" => (&["ahead", "front", "lead", "home", "into"], 4),
        "side" => (&["footed", "home", "finish"], 4),
        "fire" => (&["ahead", "front", "home", "into"], 7),
        "doubled" | "restored" | "gave" | "halved" | "reduced" => (LEAD, 7),
        "giving" => (&["lead", "advantage", "cushion", "parity"], 7),
        "pulled" | "pulling" => (&["level", "back", "one"], 7),
        // "to open the scoring", "for the midfielder to open his Brighton account".
        "opened" | "open" => (&["scoring", "account"], 7),
        "broke" => (&["deadlock"], 7),
        "added" => (&["another", "second", "third", "fourth", "fifth", "goal", "one", "his", "her", "a"], 7),
        "completed" => (&["brace", "double", "hat", "scoring", "treble", "rout", "comeback"], 7),
        "grabbed" | "bagged" => (GOAL_MADE, 7),
        // "got his reward", "earned his reward for his persistence".
        "got" => (GOT, 7),
        "earned" => (&["reward"], 4),
        // "punished one careless giveaway", "punishing a slack back-pass"; not "punished for
        // his foul" (nothing the scorer punished) nor the passive (see `goals`).
        "punished" | "punishing" | "punishes" => (PUNISHED, 5),
        // "beating Vicario from distance", "beat Raya at his near post": a keeper beaten from
        // somewhere, not "beat the offside trap" or "beating him to the ball".
        "beating" | "beat" | "beats" => (&["distance", "range", "yards", "spot", "near", "far"], 7),
        // "hit the back of the net", "hit them with a sucker punch".
        "hit" => (HIT, 7),
        // "sealed the win", "Woltemade sealing the points".
        "sealed" | "sealing" | "seal" => (
            &[
                "goal", "winner", "brace", "double", "hat", "it", "second", "third", "fourth", "win",
                "victory", "points", "result",
            ],
            7,
        ),
        // "to cancel out their lead".
        "cancel" | "cancelled" | "cancelling" | "canceled" => {
            (&["lead", "opener", "goal", "advantage", "strike", "header"], 6)
        }
        // "with Adams profiting when Donnarumma mistimed his punch".
        "profiting" | "profited" => (&[], 7),
        "made" => (MADE, 7),
        "making" => (&["mistake"], 7),
        "found" => (&["net", "corner", "scoresheet", "target"], 7),
        "find" | "finding" => {
            (&["net", "corner", "winner", "equaliser", "equalizer", "opener", "scoresheet"], 7)
        }
        // "getting off the mark for the club".
        "getting" => (
            &["goal", "winner", "equaliser", "equalizer", "opener", "brace", "double", "scoresheet", "mark"],
            7,
        ),
        "finishing" => (
            &[
                "through",
                "past",
                "into",
                "home",
                "beyond",
                "across",
                "low",
                "high",
                "coolly",
                "calmly",
                "clinically",
                "smartly",
                "expertly",
                "neatly",
            ],
            7,
        ),
        "picked" | "picking" => (&["corner"], 7),
        // "placed the ball into the bottom-left corner".
        "placed" | "placing" => (&["corner", "net"], 8),
        "restoring" => (&["lead", "advantage", "cushion", "parity"], 4),
        "striking" => (&["winner", "winning", "goal", "equaliser", "equalizer", "opener"], 7),
        "dragged" | "dragging" => (&["level"], 7),
        "applied" | "applying" => (&["finish", "finishing"], 7),
        "rounded" => (&["keeper", "goalkeeper", "off"], 7),
        "level" => (&["from", "with", "the", "things", "matters", "terms"], 7),
        _ => return None,
    };
    Some(GoalVerb { needs, reach })
}

/// Goal nouns: the person before them (possessive or adjacent) or after "from"/"by" scored.
pub const GOAL_NOUNS: &[&str] = &[
    "goal",
    "opener",
    "equaliser",
    "equalizer",
    "winner",
    "brace",
    "double",
    "header",
    "strike",
    "effort",
    "finish",
    "volley",
    "drive",
    "shot",
    "penalty",
    "leveller",
    "hat",
];

/// Goal nouns that mean a goal on their own; the others need a scoring word in the sentence.
pub const STRONG_NOUNS: &[&str] =
    &["goal", "opener", "equaliser", "equalizer", "winner", "brace", "leveller", "hat"];

/// Scoring words that make a weak goal noun a goal ("took the lead through X's effort").
pub const SCORING_CONTEXT: &[&str] = &[
    "lead",
    "level",
    "ahead",
    "front",
    "net",
    "scored",
    "goal",
    "goals",
    "doubled",
    "equaliser",
    "opener",
    "winner",
    "deflected",
    "home",
    "nestled",
    "flew",
    "fired",
    "restored",
    "parity",
    "levelled",
    "scoresheet",
    "advantage",
    "pegged",
    "celebrations",
    "sparked",
    "thanks",
];

/// A penalty scored.
pub const PEN_SCORED: &[&str] = &[
    "scored",
    "converted",
    "converts",
    "dispatched",
    "slotted",
    "netted",
    "tucked",
    "level",
    "levelled",
    "equalised",
    "equalized",
    "goal",
    "put",
    "rolled",
    "levelling",
    "equalled",
    "equal",
    "stroked",
    "beating",
    "beat",
    "smashed",
    "fired",
    "sent",
    "scores",
    "made",
];

/// A penalty missed.
pub const PEN_MISSED: &[&str] = &[
    "missed", "miss", "missing", "misses", "blazed", "skied", "wasted", "fluffed", "wide", "over", "post",
    "bar", "crossbar",
];

/// A penalty saved.
pub const PEN_SAVED: &[&str] =
    &["saved", "save", "saves", "kept", "stopped", "parried", "denied", "repelled"];

/// A penalty awarded.
pub const PEN_AWARDED: &[&str] = &[
    "awarded", "pointed", "given", "handed", "won", "bring", "brought", "conceded", "gave", "award",
    "another",
];

/// A penalty claimed and not given.
pub const PEN_NOT_GIVEN: &[&str] = &[
    "appeals", "appeal", "claims", "claim", "should", "ignored", "waved", "denied", "no", "not", "turned",
    "shouts",
];

/// Fouls: the person before the verb conceded (active voice).
pub const FOUL_VERBS: &[&str] = &[
    "brought", "upended", "fouled", "clipped", "felled", "hauled", "pulled", "tripped", "bundled", "caught",
    "handled", "kicked", "impeded", "barged", "shoved", "pushed", "held",
];

/// Foul nouns: "X's challenge on Y", "a Y foul on Z".
pub const FOUL_NOUNS: &[&str] = &["challenge", "foul", "tackle", "handball", "trip", "lunge"];

/// Words that take back a card ("escaped a red", "could have been sent off").
pub const CARD_NEGATIVE: &[&str] = &[
    "escaped",
    "avoided",
    "could",
    "should",
    "would",
    "might",
    "lucky",
    "fortunate",
    "rescinded",
    "overturned",
    "suspension",
    "suspended",
    "ban",
];

/// Numbers written as words.
pub fn number_word(w: &str) -> Option<u16> {
    Some(match w {
        "one" | "a" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        _ => return None,
    })
}

/// Ordinals written as words ("seventh minute").
pub fn ordinal_word(w: &str) -> Option<u16> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        _ => return None,
    })
}

/// Nationality words a report calls a player by ("the Paraguayan", "the Dutchman"), each with
/// the country (its national team's id without `team:`) it names. A player's description
/// resolves to the one named near it (see `describe`); the country only tells two
/// descriptions apart.
pub const DEMONYMS: &[(&str, &str)] = &[
    ("albanian", "albania"),
    ("algerian", "algeria"),
    ("american", "united-states"),
    ("argentine", "argentina"),
    ("argentinian", "argentina"),
    ("australian", "australia"),
    ("austrian", "austria"),
    ("belgian", "belgium"),
    ("bosnian", "bosnia-and-herzegovina"),
    ("brazilian", "brazil"),
    ("bulgarian", "bulgaria"),
    ("burkinabe", "burkina-faso"),
    ("cameroonian", "cameroon"),
    ("canadian", "canada"),
    ("chilean", "chile"),
    ("colombian", "colombia"),
    ("congolese", "dr-congo"),
    ("croat", "croatia"),
    ("croatian", "croatia"),
    ("czech", "czech-republic"),
    ("dane", "denmark"),
    ("danish", "denmark"),
    ("dutch", "netherlands"),
    ("dutchman", "netherlands"),
    ("ecuadorian", "ecuador"),
    ("egyptian", "egypt"),
    ("englishman", "england"),
    ("finn", "finland"),
    ("french", "france"),
    ("frenchman", "france"),
    ("gabonese", "gabon"),
    ("georgian", "georgia"),
    ("german", "germany"),
    ("ghanaian", "ghana"),
    ("greek", "greece"),
    ("guinean", "guinea"),
    ("hungarian", "hungary"),
    ("icelander", "iceland"),
    ("iranian", "iran"),
    ("irishman", "republic-of-ireland"),
    ("israeli", "israel"),
    ("italian", "italy"),
    ("ivorian", "ivory-coast"),
    ("jamaican", "jamaica"),
    ("japanese", "japan"),
    ("korean", "south-korea"),
    ("kosovan", "kosovo"),
    ("malian", "mali"),
    ("mexican", "mexico"),
    ("montenegrin", "montenegro"),
    ("moroccan", "morocco"),
    ("nigerian", "nigeria"),
    ("norwegian", "norway"),
    ("paraguayan", "paraguay"),
    ("peruvian", "peru"),
    ("pole", "poland"),
    ("polish", "poland"),
    ("portuguese", "portugal"),
    ("romanian", "romania"),
    ("scot", "scotland"),
    ("scotsman", "scotland"),
    ("senegalese", "senegal"),
    ("serb", "serbia"),
    ("serbian", "serbia"),
    ("slovak", "slovakia"),
    ("slovenian", "slovenia"),
    ("spaniard", "spain"),
    ("spanish", "spain"),
    ("swede", "sweden"),
    ("swedish", "sweden"),
    ("swiss", "switzerland"),
    ("tunisian", "tunisia"),
    ("turk", "turkey"),
    ("turkish", "turkey"),
    ("ukrainian", "ukraine"),
    ("uruguayan", "uruguay"),
    ("venezuelan", "venezuela"),
    ("welshman", "wales"),
    ("zambian", "zambia"),
];

/// Nationality words that name a person on their own ("the Dutchman"); the others ("the
/// French", "the Dutch") only before a word of [`DESCRIBED_AS`] ("the Dutch international").
pub const PERSON_DEMONYMS: &[&str] = &[
    "albanian",
    "algerian",
    "argentine",
    "argentinian",
    "australian",
    "austrian",
    "belgian",
    "bosnian",
    "brazilian",
    "bulgarian",
    "burkinabe",
    "cameroonian",
    "canadian",
    "chilean",
    "colombian",
    "congolese",
    "croat",
    "croatian",
    "dane",
    "dutchman",
    "ecuadorian",
    "egyptian",
    "englishman",
    "finn",
    "frenchman",
    "gabonese",
    "georgian",
    "german",
    "ghanaian",
    "guinean",
    "hungarian",
    "icelander",
    "iranian",
    "irishman",
    "israeli",
    "italian",
    "ivorian",
    "jamaican",
    "korean",
    "kosovan",
    "malian",
    "mexican",
    "montenegrin",
    "moroccan",
    "nigerian",
    "norwegian",
    "paraguayan",
    "peruvian",
    "pole",
    "portuguese",
    "romanian",
    "scot",
    "scotsman",
    "senegalese",
    "serb",
    "serbian",
    "slovak",
    "slovenian",
    "spaniard",
    "swede",
    "tunisian",
    "turk",
    "ukrainian",
    "uruguayan",
    "venezuelan",
    "welshman",
    "zambian",
];

/// Words that end a player's description ("the Switzerland international", "the former
/// Chelsea striker", "the Brazilian forward").
pub const DESCRIBED_AS: &[&str] = &[
    "international",
    "striker",
    "forward",
    "winger",
    "midfielder",
    "defender",
    "attacker",
    "youngster",
    "teenager",
    "star",
    "skipper",
    "captain",
    "man",
    "talisman",
    "loanee",
    "playmaker",
    "full",
    "centre",
    "center",
    "goalkeeper",
    "keeper",
    "stopper",
    "veteran",
    "academy",
    "graduate",
    "signing",
];
