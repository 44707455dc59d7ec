//! Goals: who scored, how (penalty, own goal, header, free kick), the assist when the text
//! gives one, and the minute.
//!
//! Two cues: a goal verb whose subject is a player ("Gomez doubled the lead", "for Welbeck to
//! convert", "Giroud put France back in front"), and a goal noun owned by a player
//! ("Tchouameni's long-range effort", "an Olivier Giroud header", "a goal from Gomez"); weak
//! nouns ("effort", "strike") count only when the clause says it went in ("lead", "level",
//! "flew"). A clause that takes it back ("missed", "saved", "hit the post", "could have") is no
//! goal; quotations are not read. Each cue looks at a bounded window, so this is linear.

use std::ops::Range;

use super::lexicon::{
    goal_verb, GoalVerb, GOAL_NOUNS, NEGATIVE, SCORING_CONTEXT, STRONG_NOUNS, SUBJECT_PRONOUNS,
};
use super::minutes::Found;
use super::view::View;
use super::{Fact, FactKind, GoalHow, Minute};
use crate::analysis::entities::Role;

/// Words before a scorer that take the goal back ("if Kane scored", "almost", "could").
const DOUBT: &[&str] = &[
    "if", "without", "almost", "nearly", "never", "should", "could", "would", "might", "deny", "denied",
    "denying", "save", "saved", "saves", "closest", "thought",
];

/// Words before a scorer that mean a keeper kept it out ("repel X's strike", "a fingertip to
/// X's volley").
const KEPT_OUT: &[&str] = &[
    "repel",
    "repelled",
    "fingertip",
    "fingertips",
    "gathered",
    "parried",
    "stopped",
    "pushed",
    "keep",
    "kept",
    "palmed",
    "handball",
    "clear",
    "cleared",
    "clearing",
    "block",
    "blocked",
    "blocking",
];

/// Words after a goal verb that say where else the ball went ("headed into the side-netting",
/// "into the keeper's gloves", "slotting into the back four").
const ELSEWHERE: &[&str] = &["gloves", "arms", "hands", "position", "positions", "stayed"];

/// Words later in the sentence that take the goal away ("tucked home – with the offside flag
/// coming to their rescue", "nodded in, but he was denied by the offside flag").
const ANNULLED: &[&str] = &["offside", "disallowed", "chalked", "overturned"];

/// Words after "last" that put a goal in another match ("his equaliser last week").
/// ("last month's 2-2 draw": the possessive keeps its "'s").
const EARLIER: &[&str] = &[
    "week",
    "weekend",
    "season",
    "month",
    "year",
    "time",
    "campaign",
    "term",
    "meeting",
    "outing",
    "week's",
    "weekend's",
    "season's",
    "month's",
    "year's",
    "campaign's",
];

/// Words before a possessive keeper's name that make his "goal" the net he guards ("between
/// Arsenal and Vicario's goal", "in Pope's goal").
const GOAL_PLACE: &[&str] =
    &["between", "at", "on", "towards", "toward", "into", "in", "under", "and", "guarding", "protecting"];

/// Verbs before "in" and a possessive name that make what follows their outcome ("resulted in
/// Zubimendi's goal").
const RESULTED: &[&str] = &["resulted", "resulting", "culminated", "culminating", "ended", "ending"];

/// Words before "of" and a possessive keeper's name that make his "goal" the net he guards
/// ("a sight of Kelleher's goal").
const SIGHT_OF: &[&str] = &["sight", "sights", "glimpse", "sniff", "look"];

/// The second word of a compound that says how a finish was struck from close in or first
/// time ("point-blank header", "close-range volley", "first-time shot"), after the scorer's
/// possessive.
const FINISH_HOW: &[&str] = &["blank", "range", "time"];

/// Words before a subject that make it the object of another verb ("get behind Van Dijk, and
/// then ... to finish").
/// ("easily avoided Fernandes and Yoro to hit the back of the net", "rounded Pope to slot in").
const OBJECT_OF: &[&str] = &[
    "behind", "past", "beyond", "against", "around", "from", "avoided", "evaded", "rounded", "rounding",
    "beating",
];

/// Words before a goal verb that make it a noun ("the net", "his finish", "a score").
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "side"];

/// Bare goal verbs, goals only after "to" ("to poke home", "for Van Hecke to head in", "rose to
/// meet the cross and steer a header in").
const BARE: &[&str] = &[
    "poke", "head", "nod", "slot", "tuck", "prod", "turn", "smash", "drill", "curl", "sweep", "steer", "tap",
    "bundle", "lash", "rifle", "volley", "stab", "flick", "lift", "seal",
];

/// Words between a scorer and the goal verb that say it did not go in ("was unable to turn
/// home", "fluffed a close-range finish").
const FLUFFED: &[&str] = &["unable", "fluffed", "scuffed", "miscued", "sliced", "skewed", "failed"];

/// Goal nouns beyond the shared lexicon, each a goal on its own ("Fernandes' late consolation").
/// "sucker" only before "punch" ("a late James sucker-punch").
const EXTRA_NOUNS: &[&str] = &["consolation", "clincher", "sucker"];

/// Words after a shot that make it a pass to the name after them ("X's header sent Y clear").
const PASSED: &[&str] = &["sent", "found", "released", "teed", "played", "picked", "set"];

/// Words after a possessive name that make it a team ("Deschamps' men").
const TEAM_NOUNS: &[&str] =
    &["side", "men", "team", "squad", "charges", "outfit", "players", "boys", "troops"];

/// Words after a possessive name that make it an assist ("Minteh's cross").
const ASSIST_NOUNS: &[&str] =
    &["cross", "corner", "pass", "ball", "assist", "delivery", "cutback", "cut", "lay", "flick"];

pub(super) fn extract(v: &View, mins: &[Found], facts: &mut Vec<Fact>) {
    sheet(v, facts);
    for s in v.sentences() {
        let mut seen: Vec<usize> = Vec::new();
        for i in s.clone() {
            if v.quoted(i) {
                continue;
            }
            let Some((e, st, conf)) = cue(v, &s, i) else { continue };
            let c = v.clause(&s, i);
            // Before the scorer only the words that doubt what follows count ("if", "almost"):
            // "half chances, until Kamara made it 1-0" and "his goal disallowed and
            // Dewsbury-Hall scored" are goals.
            let before = st.min(i).saturating_sub(4).max(c.start)..st.min(i);
            // "Prior to his goal, Woltemade's only attempt ...": what follows a fronted goal's
            // comma is another clause.
            let neg_end = if st > i && v.gap_after(i).contains(',') { i + 1 } else { (i + 6).min(c.end) };
            if before.clone().any(|k| (v.is(k, DOUBT) && !not_denied(v, k)) || v.is(k, KEPT_OUT))
                || negated(v, st.min(i)..neg_end)
                || elsewhere(v, i..(i + 8).min(s.end))
                || v.any_in(i..(i + 12).min(s.end), ANNULLED)
                // A description is resolved by position: a sentence that takes a goal back
                // anywhere ("the goal was disallowed ... before the Frenchman prodded home")
                // is not read through one.
                || (v.described(st) && v.any_in(s.clone(), ANNULLED))
                || v.any_in(st.min(i)..i, FLUFFED)
                || earlier(v, st.min(i).saturating_sub(12).max(c.start)..(i + 14).min(c.end), i)
            {
                continue;
            }
            // "Late goals from Chiesa and Salah", "through Soucek and Walker-Peters", "goals
            // from Mateta, Sarr and Wharton".
            let mut list = vec![(e, st)];
            if st > i {
                list.extend(listed_after(v, &s, v.mention_tokens(st).end));
            } else if let Some(first) = listed_before(v, &s, st) {
                // "with Calvert-Lewin and Okafor getting off the mark": two subjects.
                list.push(first);
            }
            for (e, st) in list {
                if seen.contains(&e) || !scorer(v, e) {
                    continue;
                }
                seen.push(e);
                let how = how(v, st.saturating_sub(2).max(s.start)..(i + 5).min(s.end));
                let minute = nearest(mins, &c, i, 25).or_else(|| minute_before(v, mins, &s, &c, i));
                let assist = assist(v, &c, e);
                let conf = conf + if minute.is_some_and(|m| m.is_exact()) { 10 } else { 0 };
                let kind = FactKind::Goal { scorer: v.who(e), how, assist: assist.map(|a| v.who(a)) };
                facts.push(v.fact(kind, st.min(i)..(i + 1).max(v.mention_tokens(st).end), minute, conf));
            }
        }
    }
}

/// The names that continue a list after a name ending at token `end`: ", B and C", "and B"
/// (a list closed by "and"; "from Saka, Ben White then..." is no list), each with its first
/// token. Not a possessive ("and Rice's corner").
fn listed_after(v: &View, s: &Range<usize>, mut end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    while out.len() < 8 && end < s.end {
        let and = v.w(end) == "and";
        let comma = v.gap_after(end - 1).contains(',');
        if !and && !comma {
            return Vec::new();
        }
        let at = if and { end + 1 } else { end };
        let Some(e) = v.person(at).filter(|_| !v.possessive(at)) else { return Vec::new() };
        out.push((e, v.mention_tokens(at).start));
        end = v.mention_tokens(at).end;
        if and {
            return out;
        }
    }
    Vec::new()
}

/// The first of two subjects joined by "and" before the subject at `st` ("with Calvert-Lewin
/// and Okafor getting off the mark"): the name before "and", not owned and after no
/// preposition or object word other than "with" ("dancing around Simons and Vicario" is no
/// pair of subjects).
fn listed_before(v: &View, s: &Range<usize>, st: usize) -> Option<(usize, usize)> {
    if st < s.start + 2 || v.w(st - 1) != "and" {
        return None;
    }
    let e = v.person(st - 2).filter(|_| !v.possessive(st - 2))?;
    let m = v.mention_tokens(st - 2);
    // "with A and B getting ...": "with" opens the pair's clause.
    let before = if m.start > s.start { v.w(m.start - 1) } else { "" };
    let free = before == "with" || !(PREPOSITIONS.contains(&before) || OBJECT_OF.contains(&before));
    // "A, B and C": a longer list is read from its head ("goals from A, B and C").
    let longer =
        m.start > s.start && v.gap_after(m.start - 1).contains(',') && v.person(m.start - 1).is_some();
    (free && !longer).then_some((e, m.start))
}

/// Labels of a team-sheet line of scorers ("Scorers: Saka 23, Havertz 45+2").
const SHEET_LABELS: &[&str] = &["scorers", "scorer", "goalscorers", "goals", "goalscorer"];

/// Team-sheet lines: "Scorers: Saka 23, Havertz 45+2 (pen)", "Arsenal scorers: Rice 12, 70;
/// Chelsea: Palmer 90+3". A label in the line's first three words with a colon after it, then
/// each player named with the minutes after his name: one goal a minute ("pen" a penalty, "og"
/// an own goal). A name with no minute after it is no goal ("Goals: Salah has ten this
/// season").
fn sheet(v: &View, facts: &mut Vec<Fact>) {
    let digits = |k: usize| -> Option<u16> {
        let w = v.w(k);
        (!w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<u16>().ok())
            .flatten()
            .filter(|&n| (1..=130).contains(&n))
    };
    for s in v.sentences() {
        let label = (s.start..(s.start + 3).min(s.end))
            .find(|&k| v.is(k, SHEET_LABELS) && v.gap_after(k).contains(':') && !v.quoted(k));
        let Some(label) = label else { continue };
        let mut k = label + 1;
        while k < s.end {
            let Some(e) = v.person(k).filter(|&e| scorer(v, e)) else {
                k += 1;
                continue;
            };
            let m = v.mention_tokens(k);
            let mut j = m.end;
            let mut minutes = Vec::new();
            let mut how = GoalHow::Unspecified;
            while j < s.end {
                if let Some(n) = digits(j) {
                    let extra = v.gap_after(j).trim() == "+" && matches!(n, 45 | 90 | 105 | 120);
                    match digits(j + 1).filter(|_| extra && j + 1 < s.end) {
                        Some(x) => {
                            minutes.push(Minute::Stoppage { half: n, extra: Some(x) });
                            j += 2;
                        }
                        None => {
                            minutes.push(Minute::At(n));
                            j += 1;
                        }
                    }
                } else if v.is(j, &["pen", "penalty", "p"]) {
                    how = GoalHow::Penalty;
                    j += 1;
                } else if v.is(j, &["og", "o.g"]) {
                    how = GoalHow::OwnGoal;
                    j += 1;
                } else {
                    break;
                }
            }
            for minute in &minutes {
                let kind = FactKind::Goal { scorer: v.who(e), how, assist: None };
                facts.push(v.fact(kind, m.start..j, Some(*minute), 80));
            }
            k = j.max(m.end);
        }
    }
}

/// The scorer a goal cue at token `i` names: entity, first token, confidence.
fn cue(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    let w = v.w(i);
    // "well-struck", "left-footed": part of a compound, not a verb.
    if v.t.tokens[i].has(crate::text::flags::HYPHEN_JOINED) {
        return None;
    }
    // Whole phrases that tell a goal and its scorer, tried in turn.
    let told = phrase(v, s, i)
        .or_else(|| credited(v, s, i))
        .or_else(|| elided(v, s, i))
        .or_else(|| beyond_keeper(v, s, i))
        .or_else(|| no_chance(v, s, i))
        .or_else(|| chance_taken(v, s, i));
    if told.is_some() {
        return told;
    }
    // "took the lead through Tel", "got the goals through Soucek".
    if w == "through" {
        // "back in it through the indispensable Bowen".
        let at = if v.w(i + 1) == "the" && v.person(i + 3).is_some() && v.person(i + 2).is_none() {
            i + 3
        } else {
            i + 1
        };
        let e = v.person(at)?;
        let m = v.mention_tokens(at);
        let c = v.clause(s, i);
        // "found a way back through Ugochukwu", "back in it through Bowen".
        let back = v.any_in(c.start..i, &["back"]) && v.any_in(c.start..i, &["way", "it"]);
        let scoring = back
            || v.any_in(
                c.clone(),
                &["lead", "goal", "goals", "ahead", "level", "front", "equaliser", "opener"],
            );
        // "through Leno's legs" is no goal: a possessive needs a goal noun after it.
        let owned_goal = v.any_in(m.end..(m.end + 3).min(c.end), GOAL_NOUNS);
        if !scoring || (v.possessive(at) && !owned_goal) {
            return None;
        }
        return Some((e, m.start, 65));
    }
    // "the back of the net", "Palhinha's finish", "the score": a noun, not a verb.
    // "with a pinpoint finish": a determiner and one modifier before it, likewise.
    let modified = i > s.start + 1
        && v.is(i - 2, &["a", "an", "his", "her"])
        && v.entity(i - 1).is_none()
        && !v.w(i - 1).ends_with("ly");
    let noun_use = i > s.start
        && (v.is(i - 1, DETERMINERS) || v.person(i - 1).is_some_and(|_| v.possessive(i - 1)) || modified);
    if let Some(verb) = goal_verb(w).filter(|_| !noun_use) {
        let found = verb_cue(v, s, i, verb);
        // "Frey's lovely finish": a verb with no subject may still be a noun, but not after
        // "to" ("Toure's mistake to volley Bayern ahead").
        if found.is_some() || (i > s.start && v.w(i - 1) == "to") {
            return found;
        }
    }
    if (GOAL_NOUNS.contains(&w) && w != "penalty")
        || EXTRA_NOUNS.contains(&w)
        || (w == "goals" && v.is(i + 1, &["from"]))
    {
        if (w == "hat" && v.w(i + 1) != "trick") || (w == "sucker" && v.w(i + 1) != "punch") {
            return None;
        }
        let strong = STRONG_NOUNS.contains(&w) || EXTRA_NOUNS.contains(&w);
        let mut found = None;
        let mut k = i;
        while k > s.start && k + 4 > i {
            k -= 1;
            if let Some(e) = v.person(k) {
                let m = v.mention_tokens(k);
                // "Kane's goal", "a Giroud header", "to Sangare for the equaliser".
                let for_the = m.end + 2 == i
                    && v.w(m.end) == "for"
                    && v.is(m.end + 1, &["the", "his", "her"])
                    && !gave(v, s, m.start);
                if v.possessive(k) || m.end == i || (for_the && STRONG_NOUNS.contains(&w)) {
                    found = Some((e, m.start));
                }
                break;
            }
            if v.team(k).is_some() || v.gap_after(k).contains([',', ';']) {
                break;
            }
        }
        if found.is_none() && v.is(i + 1, &["from", "by"]) && !v.possessive(i + 2) {
            found = v.person(i + 2).map(|e| (e, i + 2));
        }
        let (e, st) = found?;
        // "between Arsenal and Vicario's goal": the goal he guards; "without getting a real
        // sight of Kelleher's goal", likewise.
        let sight = st >= s.start + 2 && v.w(st - 1) == "of" && v.is(st - 2, SIGHT_OF);
        // "resulted in Zubimendi's stunning first goal": a goal that came of something, not a
        // net; a net is the keeper's bare "goal" ("in Pope's goal").
        let resulted = st >= s.start + 2 && v.w(st - 1) == "in" && v.is(st - 2, RESULTED);
        let bare = v.mention_tokens(st).end == i;
        if w == "goal"
            && v.possessive(st)
            && st > s.start
            && ((v.is(st - 1, GOAL_PLACE) && bare && !resulted) || sight)
        {
            return None;
        }
        // "Cherki's header sent Haaland clear": a shot that found a team-mate is an assist.
        let passed = v
            .find_in(i + 1..(i + 3).min(s.end), PASSED)
            .is_some_and(|k| v.person_after(k, s.end, 3).is_some());
        if !strong && passed {
            return None;
        }
        // "Tzimas' strike put the gloss on", "Talbi's lovely finish": an owned strike or finish
        // is a goal unless its clause takes it back ("Salah's strike was saved").
        // "never looked back from Acheampong's point-blank header": a finish said how it was
        // struck (close in, first time) is owned as a strike is.
        let described = matches!(w, "header" | "volley" | "shot" | "effort")
            && v.mention_tokens(st).end + 2 == i
            && (v.is(i - 1, FINISH_HOW) && v.t.tokens[i - 1].has(crate::text::flags::HYPHEN_JOINED));
        let owned = (matches!(w, "strike" | "finish") || described) && v.possessive(st);
        let c = v.clause(s, i);
        if !strong && !owned && !v.any_in(c, SCORING_CONTEXT) {
            return None;
        }
        return Some((
            e,
            st,
            if strong || w == "goals" {
                70
            } else if owned {
                65
            } else {
                60
            },
        ));
    }
    None
}

/// The scorer a goal verb at token `i` names (its subject, or the name after "by").
fn verb_cue(v: &View, s: &Range<usize>, i: usize, verb: GoalVerb) -> Option<(usize, usize, u8)> {
    let w = v.w(i);
    // "flicked on by Lacroix for Sarr to nod home": what must follow the verb comes first.
    // "head Lampard's corner goalwards": a corner someone took is no corner of the net.
    // "nodded Tino Livramento's cross home": a name as the object counts as one word.
    let reach = verb.reach + v.person(i + 1).map_or(0, |_| v.mention_tokens(i + 1).len() - 1);
    let needed = (i + 1..(i + reach).min(s.end)).any(|k| {
        v.is(k, verb.needs) && !(v.w(k) == "corner" && v.t.tokens[k - 1].has(crate::text::flags::POSS))
    });
    if (!verb.needs.is_empty() && !needed) || dribbled_then_passed(v, s, i) {
        return None;
    }
    // "converted by Gibbs-White", "turned in by Jimenez".
    let passive_verb = matches!(
        w,
        "converted"
            | "turned"
            | "finished"
            | "headed"
            | "tucked"
            | "slotted"
            | "bundled"
            | "nodded"
            | "scored"
            | "netted"
            | "fired"
            | "volleyed"
            | "struck"
            | "swept"
            | "poked"
            | "prodded"
            | "steered"
            | "flicked"
            | "stabbed"
            | "tapped"
            | "smashed"
            | "drilled"
            | "rifled"
            | "lashed"
            | "glanced"
    );
    if let Some(by) = v.find_in(i + 1..(i + 8).min(s.end), &["by"]).filter(|_| passive_verb) {
        // "nodded in on the goalline by Gyokeres", "turned in by the outstretched leg of
        // Jimenez"; not "headed in from a cross by X" or "scored after a foul by X".
        let plain = !v.any_in(i + 1..by, &["from", "after", "following", "for", "with", "foul"]);
        let by_whom = if v.is(by + 1, &["the", "a", "an"]) {
            v.find_in(by + 2..(by + 6).min(s.end), &["of"]).map(|of| of + 1)
        } else {
            Some(by + 1)
        };
        if let Some(at) = by_whom.filter(|_| plain || by < i + 4) {
            if let Some(e) = v.person(at).filter(|_| !v.possessive(at)) {
                return Some((e, v.mention_tokens(at).start, 70));
            }
        }
    }
    // A bare verb is a goal only as an infinitive ("to poke home"), not "a clever nod back in".
    // "rose to meet the cross and steer a header into the corner" is one infinitive.
    let and_to =
        i > s.start && v.w(i - 1) == "and" && v.any_in(i.saturating_sub(9).max(s.start)..i - 1, &["to"]);
    // "for Rice to powerfully head in": an adverb may split the infinitive.
    let to = |k: usize| k > s.start && v.w(k - 1) == "to";
    let split_to = i > s.start && v.w(i - 1).ends_with("ly") && to(i - 1);
    if BARE.contains(&w) && !to(i) && !and_to && !split_to {
        return None;
    }
    // "a chance for Paqueta to score", "the first since Rooney to score": an infinitive
    // is rarely the goal itself ("for Welbeck to convert" is).
    // "to score his fifth goal of the season" is the goal.
    let own_goal_after = v.is(i + 1, &["his", "her"])
        && v.any_in(i + 2..(i + 6).min(s.end), &["goal", "goals", "opener", "winner", "equaliser", "first"]);
    // "peeled off Konate to score Newcastle's leveller", "to score what proved to be the
    // winner": the goal the infinitive makes is named (not "the first since Rooney to score a
    // winner": see `subject_after_since`).
    // "to score what proved to be the winner": the goal named after "what ... be".
    let named_end = if v.w(i + 1) == "what" { i + 9 } else { i + 6 };
    let made_after = w == "score"
        && v.any_in(
            i + 1..named_end.min(s.end),
            &["leveller", "winner", "opener", "equaliser", "equalizer", "goal", "second", "third"],
        );
    // "to hit the back of the net", "to find the net": the infinitive is the goal itself.
    let the_net = matches!(w, "hit" | "net")
        && v.is(i + 1, &["the"])
        && v.any_in(i + 2..(i + 5).min(s.end), &["back", "net", "roof"]);
    let own_goal_after = own_goal_after || made_after || the_net;
    if i > s.start
        && v.w(i - 1) == "to"
        && matches!(w, "score" | "equalise" | "hit" | "net")
        && !own_goal_after
    {
        return None;
    }
    // A passive verb's subject is what was struck, not who scored ("his centre was swept in
    // by Kroupi": the scorer only after "by", above); "was put straight into the starting
    // XI" is no goal.
    if i > s.start && v.is(i - 1, &["was", "were", "been", "be", "being", "is", "are"]) {
        return None;
    }
    // "added a second", "added his third", not "added pace to his side's midfield".
    if w == "added" && (v.is(i + 1, &["time"]) || !v.is(i + 1, verb.needs)) {
        return None;
    }
    // "heading into the international break", "heading into the game", "headed in for
    // half-time".
    let for_half = v.w(i + 2) == "for" && v.is(i + 3, &["half", "halftime", "the"]);
    if matches!(w, "heading" | "head" | "headed")
        && v.is(i + 1, &["into", "in", "off", "back"])
        && (for_half
            || v.any_in(
                i + 2..(i + 5).min(s.end),
                &["break", "interval", "international", "game", "match", "clash", "tunnel", "dressing"],
            ))
    {
        return None;
    }
    // "for Kane to level", not "to move level".
    if w == "level" && !(i >= 2 && v.w(i - 1) == "to" && v.person(i - 2).is_some()) {
        return None;
    }
    if (i.saturating_sub(2).max(s.start)..i).any(|k| matches!(v.w(k), "has" | "have" | "ve")) {
        return None;
    }
    let c = v.clause(s, i);
    // "X started his run, fed Y centrally ... before slotting home": the subject of a goal told
    // after "before"/"after" is the clause's subject, not the nearest name.
    let (mut e, mut st, conf) = match far_subject(v, &c, i).or_else(|| subject(v, s, &c, i)) {
        Some((e, st)) => (e, st, 75),
        None => match he(v, s, &c, i) {
            Some((e, st)) => (e, st, 60),
            // "Isidor cropped up with another vital intervention by peeling off ... and timing
            // his run perfectly to poke home": an infinitive's subject further back.
            None if i > c.start && v.w(i - 1) == "to" => {
                far_subject_of(v, &c, i).map(|(e, st)| (e, st, 65))?
            }
            None => return None,
        },
    };
    // "the first since Rooney to score a winner": a record, not this goal.
    if made_after && st > s.start && v.is(st - 1, &["after", "since", "than"]) {
        return None;
    }
    // "when he peeled off Ibrahima Konate to score", "Haaland combined with Reijnders to score
    // an excellent goal": the name is an object; the scorer is the name or "he" before it.
    if made_after
        && st > s.start
        && (v.is(st - 1, PREPOSITIONS) || v.is(st - 1, &["off", "beyond", "around"]))
    {
        (e, st) = v.person_before_if(st, c.start, 12, true).or_else(|| he(v, s, &c, st))?;
    }
    // "Damsgaard, back in the team after illness, demonstrated brilliant awareness to cut out
    // King's attempted reverse pass, before slotting home": a subject far back.
    if made_after && st + 12 < i && far_subject(v, &c, i).is_some_and(|(x, _)| x != e) {
        return None;
    }
    // "stole the ball from Gibbs-White before applying a finish": the subject is further back.
    if st > s.start && (v.is(st - 1, OBJECT_OF) || coordinated_object(v, s, st)) {
        (e, st) = v.person_before_if(st, c.start, 12, true).or_else(|| clause_subject(v, s, &c, st))?;
        // "avoided Reeve and Cole": the first of two objects, then the subject.
        if st > s.start && v.is(st - 1, OBJECT_OF) {
            (e, st) = v.person_before_if(st, c.start, 12, true)?;
        }
    }
    if team_like(v, st) || (st > s.start && v.is(st - 1, OBJECT_OF)) || coordinated_object(v, s, st) {
        return None;
    }
    Some((e, st, conf))
}

/// The subject of a goal told after "before" or "after" ("Muniz controlled Wilson's deflected
/// corner before finishing across goal", "Mukiele started his run down the left, fed Hume
/// centrally ... before slotting the ball into the net"), further back than [`subject`]
/// reaches: the nearest name in the clause, at most 35 words back, that opens it or is
/// followed by a verb in "-ed" or a comma (a subject), and stands after no preposition.
fn far_subject(v: &View, c: &Range<usize>, i: usize) -> Option<(usize, usize)> {
    // "after dancing around Simons and beating Vicario from distance": a second verb joined
    // to one after "before"/"after".
    let joined = i >= c.start + 2
        && v.w(i - 1) == "and"
        && (i.saturating_sub(9).max(c.start)..i - 1)
            .any(|k| v.is(k, &["before", "after"]) && v.w(k + 1).ends_with("ing"));
    if i < c.start + 2 || !(v.is(i - 1, &["before", "after"]) || joined) || !v.w(i).ends_with("ing") {
        return None;
    }
    far_subject_of(v, c, i)
}

/// The nearest name in clause `c`, at most 35 words before token `i`, that opens the clause or
/// is followed by a comma or a verb in "-ed" (a subject), owned by no one and after no
/// preposition.
fn far_subject_of(v: &View, c: &Range<usize>, i: usize) -> Option<(usize, usize)> {
    let lo = i.saturating_sub(35).max(c.start);
    let mut k = i - 1;
    while k > lo {
        k -= 1;
        let Some(e) = v.person(k) else { continue };
        let m = v.mention_tokens(k);
        k = m.start;
        let next = v.w(m.end);
        // "with the substitute making an instant impact ..., setting up McGinn's finish before
        // getting himself on the scoresheet": "with X doing" names a subject.
        let with_doing = m.start > c.start && v.w(m.start - 1) == "with" && next.ends_with("ing");
        if v.possessive(m.start) || (m.start > c.start && v.is(m.start - 1, PREPOSITIONS) && !with_doing) {
            continue;
        }
        let subject_like = with_doing
            || m.start == c.start
            || v.gap_after(m.end - 1).contains(',')
            || (next.ends_with("ed") && next.len() > 3);
        if subject_like && scorer(v, e) {
            return Some((e, m.start));
        }
    }
    None
}

/// The subject of a clause whose goal verb's nearest name (at `st`) is an object, further back
/// than a name is looked for: the name opening the clause ("Rogers demonstrating he is brimming
/// with confidence after dancing around Simons and beating Vicario from distance"), or a "he"
/// opening it after a dash, standing for the one name of the sentence before the dash ("Mbeumo
/// deserves all the credit – he reacted sharply ... to get behind Van Dijk, and then great
/// composure to finish past Mamardashvili"). The token returned is the name's or the pronoun's.
fn clause_subject(v: &View, s: &Range<usize>, c: &Range<usize>, st: usize) -> Option<(usize, usize)> {
    if let Some(e) = opening_name(v, c.start..st) {
        let first = (c.start..st).find(|&k| v.person(k) == Some(e))?;
        return Some((e, v.mention_tokens(first).start));
    }
    if c.start <= s.start || !v.is(c.start, &["he", "she"]) {
        return None;
    }
    let e = opening_name(v, s.start..c.start)?;
    let one = (s.start..c.start).all(|k| v.person(k).is_none_or(|x| x == e));
    one.then_some((e, c.start))
}

/// Verbs of a pass after a dribble past someone ("bundled past Mac Allister before cutting the
/// ball back for Savona"): the verb before was no goal.
const PASSED_ON: &[&str] = &[
    "cutting", "crossing", "squaring", "teeing", "laying", "pulling", "picking", "setting", "finding",
    "feeding", "playing", "slipping", "cut", "crossed", "squared", "teed", "laid", "pulled",
];

/// A goal verb at `i` whose ball went "past"/"beyond" a player who is followed by a pass
/// ("Neco Williams bundled past Mac Allister before cutting the ball back for Savona").
fn dribbled_then_passed(v: &View, s: &Range<usize>, i: usize) -> bool {
    let Some(p) = v.find_in(i + 1..(i + 3).min(s.end), &["past", "beyond"]) else { return false };
    if v.person(p + 1).is_none() {
        return false;
    }
    let end = v.mention_tokens(p + 1).end;
    (end..(end + 3).min(s.end)).any(|k| v.is(k, &["before", "and", "then"]) && v.is(k + 1, PASSED_ON))
}

/// The name at `st` is the second of two objects ("pirouetted away from Ampadu and Tanaka,
/// then worked space to drill past Perri": Tanaka did not score).
fn coordinated_object(v: &View, s: &Range<usize>, st: usize) -> bool {
    if st < s.start + 2 || v.w(st - 1) != "and" {
        return false;
    }
    let Some(_) = v.person(st - 2) else { return false };
    let first = v.mention_tokens(st - 2).start;
    first > s.start && v.is(first - 1, OBJECT_OF)
}

/// A goal told without a goal verb, ending at token `i`, its subject the name before it: "was
/// on hand to secure a win", "in the right place with a header", "took his chance
/// brilliantly", "made sure of victory". Each needs the words around it to be about a goal.
fn phrase(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    let w = v.w(i);
    let prev = |k: usize| if i >= s.start + k { v.w(i - k) } else { "" };
    let start = match w {
        // "on hand to spark wild celebrations", not "on hand to congratulate him".
        "hand" if prev(1) == "on" && v.w(i + 1) == "to" => {
            let goal_after = v.is(i + 2, ON_HAND_GOAL) || goal_verb(v.w(i + 2)).is_some();
            let c = v.clause(s, i);
            // "on hand to repel Udogie's strike" is a save.
            let kept = v.is(i + 2, KEPT_OUT) || negated(v, i + 2..(i + 6).min(c.end));
            if kept || (!goal_after && !v.any_in(c, SCORING_CONTEXT)) {
                return None;
            }
            i - 1
        }
        // "in the right place with a header", "in the right place at the right time" for the
        // equaliser; not "in the right place to clear".
        "place" if prev(1) == "right" && prev(2) == "the" && prev(3) == "in" => {
            let c = v.clause(s, i);
            let scoring = v.any_in(s.clone(), SCORING_CONTEXT) || v.any_in(c, &["header", "finish", "tap"]);
            if !scoring || negated(v, i..(i + 6).min(s.end)) {
                return None;
            }
            i - 3
        }
        // "took his chance brilliantly", "who took his chance"; not "took his chance to impress"
        // or "took his chance in the side".
        "chance"
            if matches!(prev(1), "his" | "her")
                && matches!(prev(2), "took" | "take" | "takes" | "taking") =>
        {
            let next = v.w(i + 1);
            let ends = i + 1 >= s.end || v.gap_after(i).contains([',', ';', '\u{2013}']);
            if !(ends || next.ends_with("ly") || matches!(next, "well" | "with")) {
                return None;
            }
            i - 2
        }
        // "Gomez made sure of victory", "by the time Gakpo made sure of things".
        "sure"
            if matches!(prev(1), "made" | "make" | "makes" | "making")
                && v.w(i + 1) == "of"
                && v.is(i + 2, &["victory", "win", "things", "it", "the", "three", "all"]) =>
        {
            // "made sure of the points" / "of the win", not "made sure of his place".
            if v.w(i + 2) == "the" && !v.is(i + 3, &["win", "victory", "points", "result"]) {
                return None;
            }
            i - 1
        }
        _ => return None,
    };
    let c = v.clause(s, start);
    // "was on hand", "would have made sure": the subject stands before the auxiliary.
    let mut at = start;
    while at > c.start && v.is(at - 1, &["was", "were", "is", "then", "again", "once", "who", "had"]) {
        at -= 1;
    }
    let (e, st) = subject(v, s, &c, at + 1).or_else(|| {
        // "with leading scorer Isidor in the right place": the name just before.
        v.person(at.checked_sub(1)?).map(|e| (e, v.mention_tokens(at - 1).start))
    })?;
    let before = st.saturating_sub(4).max(c.start)..st;
    if before.into_iter().any(|k| v.is(k, DOUBT) || v.is(k, KEPT_OUT)) || v.possessive(st) {
        return None;
    }
    Some((e, st, 65))
}

/// Ordinals that stand for a goal after "for the" ("beaten to the ball by Barnes for the
/// second").
const ORDINAL_GOALS: &[&str] = &["first", "second", "third", "fourth", "fifth", "sixth"];

/// Words before "from"/"by" and a name that make what follows the name's pass, not his goal ("a
/// cross from Saka for the opener").
const GAVE: &[&str] =
    &["cross", "pass", "delivery", "assist", "corner", "cutback", "lay", "flick", "through", "set"];

/// The name at `st` gave the ball ("a cross from Saka", "a pass by Rice").
fn gave(v: &View, s: &Range<usize>, st: usize) -> bool {
    st >= s.start + 2 && v.is(st - 1, &["from", "by"]) && v.is(st - 2, GAVE)
}

/// Words after "his goal" that make it something else ("his goal tally", "his goal-line
/// clearance").
const GOAL_COMPOUND: &[&str] = &[
    "kick",
    "kicks",
    "line",
    "difference",
    "tally",
    "count",
    "drought",
    "record",
    "threat",
    "machine",
    "return",
    "returns",
    "haul",
    "keeper",
    "keeping",
    "mouth",
    "scoring",
    "contributions",
];

/// Words before "his goal" that make it the net a keeper guards ("kept his goal intact", "in
/// his goal").
const GUARDED: &[&str] =
    &["keep", "kept", "keeping", "protect", "protected", "guard", "guarded", "in", "at", "on"];

/// A goal credited to a name without a goal verb or an owned goal noun: "his assist for
/// Schade", "the ball fell to Calvert-Lewin for Leeds' first goal", "beaten to the ball by
/// Barnes for the second", "the match-winner Van de Ven", "Buendia was the matchwinner",
/// "Xhaka ... as his first Sunderland goal cannoned in", "Scott continued his strong start
/// with a wonderful goal" (the last two only when the sentence opens with that one name).
fn credited(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    let w = v.w(i);
    // "his assist for Schade", "an assist for Bowen" (not "another assist for X": X's own).
    // "an immaculate assist for Wilson": one modifier may come between.
    let det = |k: usize| k >= s.start && v.is(k, &["his", "her", "an", "the", "a"]);
    let modified = i > s.start + 1 && det(i - 2) && !v.t.tokens[i - 1].has(crate::text::flags::CAP);
    if w == "assist" && v.w(i + 1) == "for" && i > s.start && (det(i - 1) || modified) {
        let e = v.person(i + 2).filter(|_| !v.possessive(i + 2))?;
        return Some((e, v.mention_tokens(i + 2).start, 65));
    }
    // "he took advantage ... to assist Gyokeres", "assisting Sarr": the one assisted scored.
    if matches!(w, "assist" | "assisting" | "assisted")
        && (w != "assist" || (i > s.start && v.w(i - 1) == "to"))
        && !v.any_in(s.start..i, DOUBT)
    {
        if let Some(e) = v.person(i + 1).filter(|_| !v.possessive(i + 1)) {
            return Some((e, v.mention_tokens(i + 1).start, 65));
        }
    }
    // "Calvert-Lewin for Leeds' first goal", "Barnes for the second".
    if w == "for" && i > s.start {
        let e = v.person(i - 1)?;
        let m = v.mention_tokens(i - 1);
        if v.possessive(i - 1) || v.gap_after(i - 1).contains([',', ';']) {
            return None;
        }
        if gave(v, s, m.start) {
            return None;
        }
        let mut k = i + 1;
        while k < (i + 5).min(s.end) {
            let word = v.w(k);
            let poss = v.t.tokens[k].has(crate::text::flags::POSS);
            if STRONG_NOUNS.contains(&word) && word != "hat" && !poss {
                return Some((e, m.start, 65));
            }
            if ORDINAL_GOALS.contains(&word) {
                // "for the second", ended by the clause: the second goal; "for the second time"
                // or "for the second half" is not.
                let ends = k + 1 >= s.end || v.gap_after(k).contains([',', ';', '.', '\u{2013}']);
                if ends && k > i + 1 {
                    return Some((e, m.start, 65));
                }
            } else if !(matches!(word, "the" | "his" | "her" | "their") || poss) {
                return None;
            }
            k += 1;
        }
        return None;
    }
    // "the match-winner Van de Ven", "Buendia, though, was the matchwinner".
    let hyphened = |k: usize| k < v.len() && v.t.tokens[k].has(crate::text::flags::HYPHEN_JOINED);
    if w == "matchwinner" || (w == "match" && v.w(i + 1) == "winner" && hyphened(i + 1)) {
        let end = if w == "match" { i + 2 } else { i + 1 };
        if let Some(e) = v.person(end).filter(|_| !v.possessive(end) && v.is(i.wrapping_sub(1), &["the"])) {
            return Some((e, v.mention_tokens(end).start, 65));
        }
        let mut k = i;
        while k > s.start && v.is(k - 1, &["the", "a", "proved", "been", "be"]) {
            k -= 1;
        }
        if k == i || k <= s.start || !v.is(k - 1, &["was", "is", "proved", "were", "became"]) {
            return None;
        }
        // "Buendia, though, was": the aside may open a clause of its own.
        let (e, st) = v.person_before_if(k - 1, s.start, 6, false)?;
        return (!v.possessive(st)).then_some((e, st, 65));
    }
    // "Bergvall had a goal and an assist": a name that had a goal (not one disallowed, see
    // `extract`).
    if w == "goal" && i >= s.start + 3 && v.w(i - 1) == "a" && v.is(i - 2, &["had", "has"]) {
        if let Some(e) = v.person(i - 3).filter(|_| !v.possessive(i - 3)) {
            let m = v.mention_tokens(i - 3);
            let free = m.start == s.start || !v.is(m.start - 1, PREPOSITIONS);
            if free && !v.any_in(i + 1..(i + 5).min(s.end), &["ruled", "chalked", "struck", "scrubbed"]) {
                return Some((e, m.start, 65));
            }
        }
    }
    // "as his first Sunderland goal cannoned in", "with a well-taken goal".
    if !GOAL_NOUNS.contains(&w) || matches!(w, "penalty" | "hat" | "double" | "shot" | "effort" | "drive") {
        return None;
    }
    if v.is(i + 1, GOAL_COMPOUND) || hyphened(i + 1) || v.gap_after(i).starts_with('-') {
        return None;
    }
    // The determiner, at most three modifiers before the noun.
    let mut k = i;
    let det = loop {
        if k <= s.start || k + 4 <= i || v.person(k - 1).is_some() {
            break false;
        }
        let d = v.w(k - 1);
        if matches!(d, "his" | "her") {
            break !(k - 1 > s.start && v.is(k - 2, GUARDED));
        }
        if matches!(d, "a" | "an" | "another") {
            break k - 1 > s.start && v.w(k - 2) == "with";
        }
        if v.gap_after(k - 1).contains([',', ';'])
            || matches!(d, "own" | "the" | "of" | "and" | "to" | "their")
        {
            break false;
        }
        k -= 1;
    };
    if !det {
        return None;
    }
    let c = v.clause(s, i);
    if !STRONG_NOUNS.contains(&w) && !v.any_in(c, SCORING_CONTEXT) {
        return None;
    }
    if let Some(found) = fronted(v, s, k - 1, i) {
        return Some(found);
    }
    let e = opening_name(v, s.start..i)?;
    let first = (s.start..i).find(|&j| v.person(j) == Some(e))?;
    // The one person named before the goal in its sentence.
    if (first..i).any(|j| v.person(j).is_some_and(|x| x != e)) {
        return None;
    }
    Some((e, v.mention_tokens(first).start, 65))
}

/// Words that open a sentence before "his goal" told ahead of its scorer ("Prior to his goal,
/// Woltemade ...").
const FRONTED: &[&str] = &["prior", "to", "before", "after", "following", "since", "until"];

/// "Prior to his goal, Woltemade's only attempt ...", "After his opener, Haaland ...": a
/// sentence opened by a time phrase with "his" (at `his`) and a goal noun (at `i`) and a comma;
/// its "his" is the name right after the comma (possessive or not), as a fronted phrase's
/// pronoun is the main clause's subject.
fn fronted(v: &View, s: &Range<usize>, his: usize, i: usize) -> Option<(usize, usize, u8)> {
    let opens = his > s.start && his <= s.start + 2 && (s.start..his).all(|k| v.is(k, FRONTED));
    if !opens
        || !v.is(his, &["his", "her"])
        || !STRONG_NOUNS.contains(&v.w(i))
        || !v.gap_after(i).contains(',')
    {
        return None;
    }
    let e = v.person(i + 1).filter(|&e| scorer(v, e))?;
    Some((e, v.mention_tokens(i + 1).start, 65))
}

/// "Garnacho twice setting up goals ..., while Joao Pedro's came from Estevao's delivery": a
/// possessive name before "came" or "arrived" stands for a goal its sentence has named before.
fn elided(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    if !v.is(i, &["came", "arrived"]) || i == s.start || !v.possessive(i - 1) {
        return None;
    }
    let e = v.person(i - 1)?;
    let m = v.mention_tokens(i - 1);
    let named = v.any_in(s.start..m.start, &["goal", "goals", "opener", "equaliser", "equalizer", "winner"]);
    named.then_some((e, m.start, 65))
}

/// Shots that beat a keeper named after "beyond" or "past".
const SHOTS: &[&str] = &["shot", "effort", "strike", "drive", "finish", "volley", "header", "curler"];

/// "sent a fizzing shot beyond Bayindir", "curled a vicious shot over the wall and beyond Raya's
/// dive": a shot (at `i`, after "a"/"an"/"his"/"her" and at most two modifiers) that went past a
/// player named within eight words; its scorer is the clause's subject before it (a name, or a
/// "he" for one).
fn beyond_keeper(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    if !v.is(i, SHOTS) || v.t.tokens[i].has(crate::text::flags::HYPHEN_JOINED) {
        return None;
    }
    let det = (i.saturating_sub(3).max(s.start)..i).find(|&k| v.is(k, &["a", "an", "his", "her"]))?;
    if (det + 1..i).any(|k| v.entity(k).is_some()) {
        return None;
    }
    let end = (i + 9).min(s.end);
    let past = (i + 1..end).find(|&k| v.is(k, &["beyond", "past"]) && v.person(k + 1).is_some())?;
    let c = v.clause(s, i);
    // "keep out a low shot past Rice", "a shot past him that was saved": no goal.
    let kept = (det.saturating_sub(4).max(c.start)..det).any(|k| v.is(k, KEPT_OUT) || v.is(k, DOUBT));
    if past >= c.end || kept || negated(v, past + 1..(past + 6).min(s.end)) {
        return None;
    }
    let keeper = v.person(past + 1)?;
    let (e, st) = v.person_before_if(det, c.start, 12, true).or_else(|| he(v, s, &c, det))?;
    if e == keeper || (st > s.start && (v.is(st - 1, PREPOSITIONS) || v.is(st - 1, OBJECT_OF))) {
        return None;
    }
    Some((e, st, 65))
}

/// "gave Jose Sa no chance with his second-half strike", "giving Pope no chance": a keeper given
/// no chance (the name between the verb and "no chance" at `i`); the scorer is the verb's
/// subject, the nearest name before it or one further back that is a subject.
fn no_chance(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    if v.w(i) != "chance" || i < s.start + 3 || v.w(i - 1) != "no" {
        return None;
    }
    let keeper = v.person(i - 2)?;
    let m = v.mention_tokens(i - 2);
    // "a sprawling Kelleher": an article and a word may stand before the keeper.
    let mut g = m.start.checked_sub(1)?;
    while g > s.start && g + 3 > m.start && !v.is(g, &["gave", "give", "gives", "giving", "left", "leaving"])
    {
        g -= 1;
    }
    if !v.is(g, &["gave", "give", "gives", "giving", "left", "leaving"]) {
        return None;
    }
    let c = v.clause(s, g);
    if v.any_in(c.start..g, DOUBT) {
        return None;
    }
    let (e, st) = v
        .person_before_if(g, c.start, 12, true)
        .filter(|&(_, st)| !(st > s.start && (v.is(st - 1, PREPOSITIONS) || v.is(st - 1, OBJECT_OF))))
        .or_else(|| far_subject_of(v, &c, g))?;
    // "with Porro putting in a particularly inviting cross ..., giving Pickford no chance": the
    // one who crossed did not score.
    let passed = (st..g).any(|k| v.is(k, ASSIST_NOUNS) && !v.t.tokens[k].has(crate::text::flags::POSS));
    (e != keeper && !passed).then_some((e, st, 65))
}

/// Verbs of a chance taken ("which Le Fee duly took").
const TOOK: &[&str] = &["took", "accepted", "seized", "converted", "grabbed", "dispatched"];

/// "presented Sunderland with the opportunity to equalise, which Le Fee duly took": a chance to
/// score (a "chance"/"opportunity" to equalise, score or level, or a penalty) named in the six
/// words before ", which", then a name and (after at most one adverb) a verb of taking at `i`.
fn chance_taken(v: &View, s: &Range<usize>, i: usize) -> Option<(usize, usize, u8)> {
    if !v.is(i, TOOK) || i < s.start + 3 {
        return None;
    }
    let mut k = i - 1;
    if v.w(k).ends_with("ly") && v.person(k).is_none() {
        k -= 1;
    }
    let e = v.person(k).filter(|_| !v.possessive(k))?;
    let m = v.mention_tokens(k);
    if m.start <= s.start + 1 || v.w(m.start - 1) != "which" || !v.gap_after(m.start - 2).contains(',') {
        return None;
    }
    let lo = (m.start - 1).saturating_sub(6).max(s.start);
    let offered = (lo..m.start - 1).any(|j| {
        (v.is(j, &["chance", "opportunity"])
            && v.w(j + 1) == "to"
            && v.is(j + 2, &["equalise", "equalize", "score", "level", "win"]))
            || v.is(j, &["penalty", "spot"])
    });
    // "which X took too long over": "took" ends its clause or goes on with how.
    let ends = i + 1 >= s.end || v.gap_after(i).contains([',', ';', '.', '\u{2013}']);
    let how = v.w(i + 1).ends_with("ly") || v.is(i + 1, &["with", "in", "it", "from"]);
    let taken = v.w(i) != "took" || ends || how;
    (offered && taken).then_some((e, m.start, 65))
}

/// Words after "on hand to" that make it a goal ("on hand to secure a win").
const ON_HAND_GOAL: &[&str] = &[
    "secure", "seal", "spark", "score", "convert", "finish", "equalise", "equalize", "level", "net",
    "rescue", "snatch", "grab", "win", "complete", "add", "double", "restore", "tap", "sweep", "head", "nod",
    "fire", "poke", "slot", "turn", "bundle", "prod", "stab", "smash", "steer", "lash", "drill", "volley",
    "rifle", "side", "stroke", "slide", "guide", "put", "give", "pull", "reduce", "halve",
];

/// The subject of a goal verb at token `i` in clause `c`: the nearest name before it, the name a
/// relative "who" refers to ("When Isak, who now has six goals, put the visitors ahead"), or
/// the name before a dash aside ("Nmecha – restored to the line-up – broke the deadlock").
fn subject(v: &View, s: &Range<usize>, c: &Range<usize>, i: usize) -> Option<(usize, usize)> {
    if let Some(found) = v.person_before_if(i, c.start, 12, true) {
        return Some(found);
    }
    // "Isak, who ...": the name just before "who".
    let lo = i.saturating_sub(14).max(c.start);
    if let Some(who) = (lo..i).rev().find(|&k| v.w(k) == "who") {
        // ", who" or "it was X who".
        if who > s.start {
            if let Some(e) = v.person(who - 1).filter(|_| !v.possessive(who - 1)) {
                let between = who + 1..i;
                if !v.any_in(between, &["he", "she", "they"]) {
                    return Some((e, v.mention_tokens(who - 1).start));
                }
            }
        }
    }
    // A clause opened by a dash, after a short aside opened by a dash.
    let dash = |k: usize| {
        let g = v.t.gap_before(k);
        g.contains(" \u{2013} ") || g.contains(" \u{2014} ") || g.contains(" - ")
    };
    if c.start > s.start && dash(c.start) && (c.start..i).all(|k| v.person(k).is_none()) && i < c.start + 6 {
        let aside = v.clause(s, c.start - 1);
        if aside.start > s.start && dash(aside.start) && aside.len() <= 12 {
            if let Some(e) = v.person(aside.start - 1).filter(|_| !v.possessive(aside.start - 1)) {
                return Some((e, v.mention_tokens(aside.start - 1).start));
            }
        }
    }
    None
}

/// The name a subject "he" or "she" before a goal verb at token `i` stands for: the one name
/// before it in its sentence ("Semenyo dragged them level when he slotted through Leno's
/// legs"), or, when the pronoun comes first, the name that opens the sentence before ("Brobbey had other
/// ideas. He showed brilliant anticipation to flick in the equaliser"). The token returned is
/// the pronoun's, so that the goal's evidence and the words checked around it stay in its
/// sentence.
fn he(v: &View, s: &Range<usize>, c: &Range<usize>, i: usize) -> Option<(usize, usize)> {
    let lo = i.saturating_sub(12).max(c.start);
    let p = (lo..i).rev().find(|&k| v.is(k, SUBJECT_PRONOUNS) || v.person(k).is_some())?;
    // "He turned provider as Liverpool doubled their lead": the pronoun is the subject of
    // another verb. "Cullip thought he had put his side ahead when he flicked home": no goal.
    let between = p + 1..i;
    if !v.is(p, &["he", "she"])
        || between.clone().any(|k| v.team(k).is_some() && !v.possessive(k))
        || v.any_in(between, &["as", "when", "after", "before", "while", "with", "until"])
        || v.any_in(s.start..p, DOUBT)
    {
        return None;
    }
    // The one name before it in its sentence ("Of the signings, Mbeumo has been the standout,
    // and he stole a march ... to score"); "Roefs made a save to prevent Isidor scoring ...,
    // the striker ... when he slotted": two names leave "he" unresolved.
    if let Some(k) = (s.start..p).find(|&k| v.person(k).is_some()) {
        let e = v.person(k)?;
        let owned = v.possessive(k) || (k > s.start && v.is(k - 1, PREPOSITIONS));
        if owned || (k..p).any(|j| v.person(j).is_some_and(|x| x != e)) {
            return acting_before(v, s, p).map(|e| (e, p));
        }
        return Some((e, p));
    }
    let si = v.t.tokens[s.start].sentence as usize;
    let prev = v.t.sentences.get(si.checked_sub(1)?)?.tokens.clone();
    opening_name(v, prev).map(|e| (e, p))
}

/// The name a "he" at `p` stands for when its sentence names several: the nearest name before
/// it, at most 12 words back, that is the subject of a verb ("with Osula staking a claim for
/// the No 9 role when he peeled off Konate": a verb in "-ing" or "-ed" right after the name),
/// owned by no one and after no preposition but the "with" of "with X doing".
fn acting_before(v: &View, s: &Range<usize>, p: usize) -> Option<usize> {
    let lo = p.saturating_sub(12).max(s.start);
    let k = (lo..p).rev().find(|&k| v.person(k).is_some())?;
    let e = v.person(k)?;
    let m = v.mention_tokens(k);
    let next = v.w(m.end);
    let verb = next.len() > 4 && (next.ends_with("ing") || next.ends_with("ed"));
    let before = if m.start > s.start { v.w(m.start - 1) } else { "" };
    let free = !(PREPOSITIONS.contains(&before) || OBJECT_OF.contains(&before))
        || (before == "with" && next.ends_with("ing"));
    (verb && free && !v.possessive(k) && !v.described(k) && scorer(v, e)).then_some(e)
}

/// The name that opens the token range `r` as its subject: in its first four words, not owned
/// ("Kane's"), not after a preposition ("to", "by", "for"), and the range's only name before
/// the next comma-free stretch.
fn opening_name(v: &View, r: Range<usize>) -> Option<usize> {
    let k = (r.start..(r.start + 4).min(r.end)).find(|&k| v.person(k).is_some())?;
    let m = v.mention_tokens(k);
    if v.possessive(k) || (r.start..k).any(|j| v.is(j, PREPOSITIONS)) {
        return None;
    }
    // "Ndiaye and Grealish...": two subjects, no one referent.
    if v.w(m.end) == "and" && v.person(m.end + 1).is_some() {
        return None;
    }
    v.person(k)
}

/// Words before a name that make it no subject.
const PREPOSITIONS: &[&str] = &["to", "by", "for", "from", "with", "of", "past", "behind", "against", "on"];

/// A person who can score (not the referee or a manager).
fn scorer(v: &View, e: usize) -> bool {
    !matches!(v.tagged.entities[e].role, Some(Role::Referee | Role::Manager | Role::Coach | Role::Official))
}

/// A possessive name standing for a team ("Deschamps' men").
fn team_like(v: &View, st: usize) -> bool {
    let end = v.mention_tokens(st).end;
    v.possessive(st) && v.is(end, TEAM_NOUNS)
}

/// "were not to be denied", "would not be denied": the doubt word at `k` is itself denied.
fn not_denied(v: &View, k: usize) -> bool {
    // "Sels was helpless to deny Kroupi's strike", "there was nothing they could do about
    // Tchaouna's wonder strike", "could not stop Y's strike": the goal went in.
    let helpless = v.any_in(k.saturating_sub(3)..k, &["helpless", "powerless", "nothing"]);
    let could_not_stop = v.w(k) == "could" && v.is(k + 1, &["not"]) && v.is(k + 2, &["stop", "prevent"]);
    if helpless || could_not_stop {
        return true;
    }
    // "never looked back from X's header": the goal that settled it.
    let never_looked_back = v.w(k) == "never" && v.is(k + 1, &["looked", "look"]) && v.is(k + 2, &["back"]);
    never_looked_back
        || (v.w(k) == "denied"
            && k >= 2
            && v.w(k - 1) == "be"
            && v.any_in(k.saturating_sub(4)..k - 1, &["not", "never"]))
}

/// The minute of a goal told in the clause before its scorer's, when that clause names no one
/// ("Arsenal's second arrived in the 67th minute – Saka slamming home from 12 yards").
fn minute_before(v: &View, mins: &[Found], s: &Range<usize>, c: &Range<usize>, i: usize) -> Option<Minute> {
    let m = mins.iter().rev().find(|m| m.tokens.start >= s.start && m.tokens.end <= c.start)?;
    let mc = v.clause(s, m.tokens.start);
    let named = mc.clone().any(|k| v.person(k).is_some());
    (!named && mc.end == c.start && i - m.tokens.end <= 25).then_some(m.minute)
}

/// The clause takes the goal back ("missed", "saved", "hit the post" but not "in off the post").
pub(super) fn negated(v: &View, r: Range<usize>) -> bool {
    let end = r.end;
    r.take_while(|&k| k < v.len()).any(|k| {
        let w = v.w(k);
        if w == "over" {
            return over_the_bar(v, k);
        }
        if !NEGATIVE.contains(&w) {
            return false;
        }
        // "from close range" is where a goal is scored from.
        if w == "close" && v.is(k + 1, &["range"]) {
            return false;
        }
        // "through Tel's deflected shot": the shot a name owns here is the goal itself.
        if matches!(w, "shot" | "attempt" | "effort")
            && (k.saturating_sub(3)..k).any(|j| v.person(j).is_some() && v.possessive(j))
            && v.any_in(k.saturating_sub(6)..k, &["through"])
            && !(k..(k + 6).max(end))
                .any(|j| v.is(j, &["saved", "missed", "wide", "blocked", "post", "bar", "crossbar"]))
        {
            return false;
        }
        // "sent a fizzing shot beyond Bayindir": a shot past a player is the goal itself (what
        // follows it is read on).
        if matches!(w, "shot" | "effort" | "attempt")
            && (k + 1..(k + 9).min(v.len()))
                .any(|j| v.is(j, &["beyond", "past"]) && v.person(j + 1).is_some())
            && !v.any_in(k + 1..(k + 14).min(v.len()), ANNULLED)
        {
            return false;
        }
        // "gave Jose Sa no chance": the keeper had none, the shot went in.
        if w == "chance" && k >= 2 && v.w(k - 1) == "no" && v.person(k - 2).is_some() {
            return false;
        }
        // "got his reward for trying his luck": the reward is the goal.
        if matches!(w, "trying" | "try") && k >= 2 && v.w(k - 1) == "for" && v.w(k - 2) == "reward" {
            return false;
        }
        // "took his chance" is the goal.
        if w == "chance"
            && k >= 2
            && v.is(k - 1, &["his", "her"])
            && v.is(k - 2, &["took", "take", "takes", "taking"])
        {
            return false;
        }
        // "headed in at the far post", "beat Raya at his near post", "stroking home via the
        // left post", "to nod home at the back post": where, not the woodwork.
        if w == "post"
            && k >= 2
            && v.is(k - 1, &["near", "far", "back", "left", "right"])
            && v.any_in(k.saturating_sub(3)..k - 1, &["at", "via", "inside"])
        {
            return false;
        }
        if matches!(w, "post" | "bar" | "crossbar" | "upright") {
            // "in off the post" is a goal.
            return !(k.saturating_sub(4)..k).any(|j| v.w(j) == "in" && v.w(j + 1) == "off");
        }
        true
    })
}

/// Verbs of a ball's flight before "over" ("a header that also went over").
const WENT: &[&str] = &["went", "sailed", "flew", "drifted", "ballooned", "blazed", "skied", "looped"];

/// "went over" at token `k` ("over"): a flight verb before it and nothing after it in the
/// clause, or "the bar" / "the crossbar" / "the top" after it ("sailed over the bar"), not "went
/// over the keeper" nor "looped over Hermansen".
fn over_the_bar(v: &View, k: usize) -> bool {
    if k == 0 || !v.is(k - 1, WENT) {
        return false;
    }
    let ends = k + 1 >= v.len() || v.gap_after(k).contains([',', ';', '.', '\u{2013}']);
    ends || (v.w(k + 1) == "the" && v.is(k + 2, &["bar", "crossbar", "top"]))
}

/// The words put the goal in another match ("his equaliser against Leeds last week", "two goals
/// in pre-season", "12 goals in 68 appearances"), but not "since the start of last season".
fn earlier(v: &View, mut r: Range<usize>, i: usize) -> bool {
    r.any(|k| {
        // "last week's miss" after the goal is what the goal made up for.
        let owned_after = k > i && v.w(k + 1).ends_with("'s");
        (v.w(k) == "last"
            && v.is(k + 1, EARLIER)
            && !owned_after
            && !(k > 0 && v.is(k - 1, &["of", "since"])))
            || (v.w(k) == "pre" && v.is(k + 1, &["season"]))
            // "Nmecha scored a late winner against Everton" in a report on Leeds and Newcastle:
            // a club the report is not about, right after the goal (not "..., having also
            // equalised against Manchester United last time out" after another clause).
            || (v.w(k) == "against"
                && k > i
                && !(i..k).any(|j| v.gap_after(j).contains([',', ';']))
                && other_club(v, k + 1))
            // "where he scored 12 goals in 68 appearances": a career, not a match.
            || (v.is(k, &["appearances", "apps", "caps"]) && k > 0 && counted(v.w(k - 1)))
    })
}

/// Token `k` names a club or team other than the report's two most-mentioned ones (when the
/// report has two).
fn other_club(v: &View, k: usize) -> bool {
    v.main_teams.len() == 2 && v.team(k).is_some_and(|e| !v.main_teams.contains(&e))
}

/// A count: "68", "seven" (not "his last seven league appearances", which counts this one).
fn counted(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit()) || super::lexicon::number_word(w).is_some()
}

/// The ball went somewhere other than the net ("into the side-netting", "into his gloves").
fn elsewhere(v: &View, mut r: Range<usize>) -> bool {
    r.any(|k| v.is(k, ELSEWHERE) || (v.w(k) == "side" && v.is(k + 1, &["netting", "net"])))
}

/// How the goal was scored, from the words around its cue.
fn how(v: &View, r: Range<usize>) -> GoalHow {
    let has = |ws: &[&str]| v.any_in(r.clone(), ws);
    let pair = |a: &str, b: &[&str]| r.clone().any(|k| v.w(k) == a && b.contains(&v.w(k + 1)));
    if pair("own", &["goal", "net"]) {
        GoalHow::OwnGoal
    } else if has(&["penalty", "pen"]) || pair("the", &["spot"]) {
        GoalHow::Penalty
    } else if pair("free", &["kick"]) {
        GoalHow::FreeKick
    } else if has(&["header", "headed", "nodded", "glanced"]) {
        GoalHow::Header
    } else {
        GoalHow::Unspecified
    }
}

/// The assist: "Minteh's cross", "assisted by X", "set up by X", other than the scorer.
fn assist(v: &View, c: &Range<usize>, scorer: usize) -> Option<usize> {
    for k in c.clone() {
        if let Some(e) = v.person(k) {
            if e == scorer {
                continue;
            }
            let m = v.mention_tokens(k);
            if v.possessive(k) && v.any_in(m.end..(m.end + 3).min(c.end), ASSIST_NOUNS) {
                return Some(e);
            }
            if m.start >= 2
                && v.w(m.start - 1) == "by"
                && v.is(m.start - 2, &["assisted", "up", "created", "provided"])
            {
                return Some(e);
            }
        }
    }
    None
}

/// The minute nearest token `i` in the token range `s`, at most `max` tokens away.
pub(super) fn nearest(mins: &[Found], s: &Range<usize>, i: usize, max: usize) -> Option<Minute> {
    let from = mins.partition_point(|m| m.tokens.start < s.start);
    let to = mins.partition_point(|m| m.tokens.start < s.end);
    mins[from..to]
        .iter()
        .map(|m| {
            let d = if m.tokens.end <= i { i - m.tokens.end } else { m.tokens.start.saturating_sub(i) };
            (d, m.minute)
        })
        .filter(|&(d, _)| d <= max)
        .min_by_key(|&(d, _)| d)
        .map(|(_, m)| m)
}
