//! Match facts: what one article says happened in a match (score, goals, penalties, cards,
//! substitutions, VAR, referee, venue, competition), each with its evidence.
//!
//! Pure, like the rest of `analysis`: [`extract`] reads the article's one [`Tokens`], its
//! passages and the tagger's entities, and returns [`Fact`]s. Nothing is tokenised or folded
//! again. One file per step:
//!
//! - [`view`]: the extractor's view of an article (token → mention, passages, sentence spans);
//! - [`minutes`]: every minute form ("17th-minute", "after 64 minutes", "12 minutes from time",
//!   "(45+2)", "in stoppage time", "early in the second half") as a [`Minute`];
//! - [`score`]: final and half-time scores with the two teams ("swept aside Leeds United 3-0",
//!   "a 2-1 defeat to France", "Brighton 3-0 Leeds");
//! - [`goals`]: scorer, kind (penalty, own goal, header, free kick), assist when said;
//! - [`penalties`]: awarded, scored, missed, saved, not given; taker, fouled, who conceded;
//! - [`cards`], [`subs`], [`var`]; [`context`]: referee, venue, competition.
//!
//! Every step scans the sentences once and looks at a bounded window around a cue word, so
//! extraction is linear in article length. A report with no match in it (no score, no minute,
//! no football) yields no facts; contradictory statements in one article stay separate facts.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis::entities::Tagged;
use crate::analysis::quotes::Quote;
use crate::text::{Passage, Tokens};

mod cards;
mod context;
mod describe;
mod goals;
mod lexicon;
mod minutes;
mod penalties;
mod score;
mod subs;
mod var;
mod view;

pub use minutes::Minute;

/// An entity a fact names: the tagger's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Who {
    pub id: String,
    pub name: String,
}

/// Which score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Final,
    HalfTime,
}

/// How a goal was scored, when the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalHow {
    Unspecified,
    Penalty,
    OwnGoal,
    Header,
    FreeKick,
}

/// What happened to a penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyOutcome {
    Awarded,
    Scored,
    Missed,
    Saved,
    /// Claimed, appealed for or "should have had", and not given.
    NotGiven,
}

/// A card's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardColour {
    Yellow,
    Red,
}

/// What the video assistant referee did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VarDecision {
    /// A review or check, the outcome not said.
    Review,
    PenaltyAwarded,
    NoPenalty,
    GoalDisallowed,
    Overturned,
}

/// What a fact says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// A score; `teams[i]` scored `goals[i]`. `home_away`: the text put them in home, away
    /// order ("Brighton 3-0 Leeds"); otherwise the order is the text's (winner first).
    Score {
        stage: Stage,
        teams: [Option<Who>; 2],
        goals: [u8; 2],
        home_away: bool,
    },
    Goal {
        scorer: Who,
        how: GoalHow,
        assist: Option<Who>,
    },
    Penalty {
        outcome: PenaltyOutcome,
        taker: Option<Who>,
        fouled: Option<Who>,
        conceded_by: Option<Who>,
    },
    Card {
        colour: CardColour,
        player: Who,
    },
    Substitution {
        on: Option<Who>,
        off: Option<Who>,
    },
    Var {
        decision: VarDecision,
    },
    Referee {
        referee: Who,
    },
    Venue {
        venue: Who,
    },
    Competition {
        competition: Who,
    },
}

impl FactKind {
    /// The short name of the kind (`goal`, `penalty`, `red-card`...), as event filters use it.
    pub fn event(&self) -> &'static str {
        match self {
            FactKind::Score { stage: Stage::Final, .. } => "score",
            FactKind::Score { stage: Stage::HalfTime, .. } => "half-time-score",
            FactKind::Goal { .. } => "goal",
            FactKind::Penalty { .. } => "penalty",
            FactKind::Card { colour: CardColour::Yellow, .. } => "yellow-card",
            FactKind::Card { colour: CardColour::Red, .. } => "red-card",
            FactKind::Substitution { .. } => "substitution",
            FactKind::Var { .. } => "var",
            FactKind::Referee { .. } => "referee",
            FactKind::Venue { .. } => "venue",
            FactKind::Competition { .. } => "competition",
        }
    }
}

/// The event names a query may filter on (`event:goal`), in the order of their codes (a code
/// is the index here plus one, as the index stores it: never reorder, only append).
pub const EVENTS: [&str; 12] = [
    "goal",
    "penalty",
    "yellow-card",
    "red-card",
    "substitution",
    "var",
    "own-goal",
    "score",
    "half-time-score",
    "referee",
    "venue",
    "competition",
];

/// The code of event `name` (1-based), `None` for a name not in [`EVENTS`].
pub fn event_code(name: &str) -> Option<u8> {
    EVENTS.iter().position(|e| *e == name).map(|i| i as u8 + 1)
}

impl Fact {
    /// The events this fact is (its kind's, and `own-goal`/`penalty` for such goals).
    pub fn events(&self) -> Vec<&'static str> {
        events_of(&self.kind)
    }
}

/// The events a fact of kind `kind` is.
pub fn events_of(kind: &FactKind) -> Vec<&'static str> {
    let mut out = vec![kind.event()];
    match kind {
        FactKind::Goal { how: GoalHow::OwnGoal, .. } => out.push("own-goal"),
        FactKind::Goal { how: GoalHow::Penalty, .. } => out.push("penalty"),
        _ => {}
    }
    out
}

/// The events a query word names (`word` folded, as [`crate::text::key`] gives it): "penalty"
/// names `penalty`, "scored" `goal`, "booked" `yellow-card`. Empty for any other word.
pub fn events_named(word: &str) -> &'static [&'static str] {
    match word {
        "penalty" | "penalties" | "pen" | "pens" | "spot" | "spotkick" => &["penalty"],
        "goal" | "goals" | "scored" | "scores" | "scorer" | "scorers" | "header" | "equaliser"
        | "equalizer" | "opener" | "winner" | "brace" | "netted" | "strike" => &["goal"],
        "booked" | "booking" | "bookings" | "yellow" | "caution" | "cautioned" => &["yellow-card"],
        "red" | "dismissed" | "dismissal" | "sending" | "sent" => &["red-card"],
        "card" | "cards" => &["yellow-card", "red-card"],
        "substitute" | "substitutes" | "substitution" | "substitutions" | "sub" | "replaced" => {
            &["substitution"]
        }
        "var" | "review" => &["var"],
        "referee" | "ref" => &["referee"],
        "stadium" | "venue" => &["venue"],
        _ => &[],
    }
}

/// One fact one article states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub kind: FactKind,
    /// Evidence: byte range into the article text (into the title when `passage` is `None`).
    pub range: Range<usize>,
    /// The passage the evidence starts in; `None` for a fact read from the title.
    pub passage: Option<usize>,
    pub minute: Option<Minute>,
    /// 0-100: how sure the rule that found it is.
    pub confidence: u8,
}

/// Facts below this confidence are kept but not counted as the article's statement.
pub const SURE: u8 = 50;

/// The facts of one article: `tokens` of its text, its `passages` (from `tokens`), the
/// tagger's entities and the quotes of the same text (what is quoted is not read as a fact).
/// `title` is the score its title states ([`title_score`]), if any: a title "Burnley 2-0
/// Leeds" makes the body one match's report even when the body (an excerpt) gives neither
/// score nor minute.
pub fn extract(
    tokens: &Tokens,
    passages: &[Passage],
    tagged: &Tagged,
    quotes: &[Quote],
    title: Option<&Fact>,
) -> Vec<Fact> {
    let v = view::View::new(tokens, passages, tagged, quotes);
    if !v.is_football() || score::has_set_scores(&v) {
        return Vec::new();
    }
    let mins = minutes::find(tokens);
    let mut facts = Vec::new();
    score::extract(&v, &mut facts);
    // A report that gives neither score nor exact minute still tells a match by its halves
    // ("early in the second half", "in stoppage time", "the first half").
    let halves = (1..v.len()).any(|i| v.w(i) == "half" && v.is(i - 1, &["first", "second"]));
    let titled = title.is_some_and(|f| f.confidence >= SURE && matches!(f.kind, FactKind::Score { .. }));
    let anchored = titled
        || facts.iter().any(|f| f.confidence >= SURE)
        || mins.iter().any(|m| m.minute.is_exact())
        || v.has_match_words()
        || (!mins.is_empty() && halves);
    if !anchored {
        return Vec::new();
    }
    goals::extract(&v, &mins, &mut facts);
    penalties::extract(&v, &mins, &mut facts);
    cards::extract(&v, &mins, &mut facts);
    subs::extract(&v, &mins, &mut facts);
    var::extract(&v, &mut facts);
    context::extract(&v, &mut facts);
    facts.sort_by_key(|f| (f.range.start, f.range.end));
    facts
}

/// Every minute expression of an article, in text order (for the evaluation: which minutes the
/// text gives).
pub fn minutes_in(tokens: &Tokens) -> Vec<Minute> {
    minutes::find(tokens).into_iter().map(|f| f.minute).collect()
}

/// The score a title states in the "Home n-m Away" form (`Brighton 3-0 Leeds`), with `tagged`
/// the tagger's entities of the title and `tokens` its words.
pub fn title_score(tokens: &Tokens, tagged: &Tagged) -> Option<Fact> {
    let v = view::View::new(tokens, &[], tagged, &[]);
    let mut facts = Vec::new();
    score::title(&v, &mut facts);
    facts.into_iter().next()
}

/// Facts of a whole text (title-less), for tests and the evaluation: tokenises and tags it.
#[cfg(test)]
pub(crate) fn extract_text(text: &str) -> Vec<Fact> {
    let tagger = crate::analysis::entities::Tagger::new(&crate::analysis::entities::Gazetteer::builtin());
    let tokens = Tokens::new(text);
    let passages = tokens.passages();
    let tagged = tagger.tag(text);
    let quotes = crate::analysis::quotes::extract_quotes_tokens(&tokens, &tagged.people());
    extract(&tokens, &passages, &tagged, &quotes, None)
}

#[cfg(test)]
mod tests;
