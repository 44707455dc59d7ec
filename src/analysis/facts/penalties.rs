//! Penalties: awarded, scored, missed, saved or claimed and not given; the taker, the player
//! fouled and the one who conceded it.
//!
//! A penalty cue is "penalty" or "spot-kick", "from the spot", "pointed to the spot". Its
//! outcome is the strongest word within ten words ("should have had" before "missed" before
//! "scored" before "awarded"); the taker is the nearest name before the outcome word that is not
//! a possessive ("Kane had equalled Rooney's record ... by levelling"), else the owner of the
//! penalty ("Kane's penalty"); the foul ("X brought down Y", "Y was tripped by X", "X's
//! challenge on Y") gives who conceded it and who was fouled. A sentence right after an awarded
//! penalty that says what the taker did ("But Kane wasted the chance") completes it.

use std::ops::Range;

use super::goals::nearest;
use super::lexicon::{FOUL_NOUNS, FOUL_VERBS, PEN_AWARDED, PEN_MISSED, PEN_NOT_GIVEN, PEN_SAVED, PEN_SCORED};
use super::minutes::Found;
use super::view::View;
use super::{Fact, FactKind, PenaltyOutcome};
use crate::analysis::entities::Role;

/// Token `i` begins a penalty cue: its last token.
fn cue(v: &View, i: usize) -> Option<usize> {
    match v.w(i) {
        "penalty" | "pen" => Some(i),
        "spot" if v.w(i + 1) == "kick" => Some(i + 1),
        "spot" if i >= 2 && v.w(i - 1) == "the" && v.is(i - 2, &["from", "to"]) => Some(i),
        _ => None,
    }
}

pub(super) fn extract(v: &View, mins: &[Found], facts: &mut Vec<Fact>) {
    let mut awarded_in: Option<usize> = None;
    for (si, s) in v.sentences().enumerate() {
        let mut done: Vec<(PenaltyOutcome, Option<usize>)> = Vec::new();
        let mut any = false;
        let mut i = s.start;
        while i < s.end {
            let Some(end) = cue(v, i).filter(|_| !v.quoted(i)) else {
                i += 1;
                continue;
            };
            any = true;
            let win = i.saturating_sub(10).max(s.start)..(end + 11).min(s.end);
            if let Some((outcome, at)) = outcome(v, &win) {
                let taker = match outcome {
                    PenaltyOutcome::Scored | PenaltyOutcome::Missed | PenaltyOutcome::Saved => {
                        taker(v, &s, i, at)
                    }
                    _ => None,
                };
                let needs_taker = matches!(
                    outcome,
                    PenaltyOutcome::Scored | PenaltyOutcome::Missed | PenaltyOutcome::Saved
                );
                let known = !needs_taker || taker.is_some();
                if known && !done.contains(&(outcome, taker)) {
                    done.push((outcome, taker));
                    let near = i.saturating_sub(20).max(s.start)..(end + 21).min(s.end);
                    let (fouled, conceded) = foul(v, &near);
                    let minute = nearest(mins, &s, i, 5);
                    let kind = FactKind::Penalty {
                        outcome,
                        taker: taker.map(|e| v.who(e)),
                        fouled: fouled.map(|e| v.who(e)),
                        conceded_by: conceded.map(|e| v.who(e)),
                    };
                    let conf = if taker.is_some() || outcome == PenaltyOutcome::Awarded { 75 } else { 60 };
                    facts.push(v.fact(kind, i.min(at)..(end + 1).max(at + 1), minute, conf));
                    if outcome == PenaltyOutcome::Awarded {
                        awarded_in = Some(si);
                    }
                }
            }
            i = end + 1;
        }
        // "... pointed to the spot. But Kane wasted the chance."
        if !any && awarded_in.is_some_and(|a| a + 1 == si) {
            let head = s.start..(s.start + 8).min(s.end);
            let at = v.find_in(head.clone(), PEN_MISSED).map(|k| (PenaltyOutcome::Missed, k)).or_else(|| {
                v.find_in(head.clone(), &["converted", "scored", "dispatched", "slotted", "tucked"])
                    .map(|k| (PenaltyOutcome::Scored, k))
            });
            if let Some((outcome, k)) = at {
                if let Some((e, st)) = v.person_before(k, s.start, 6) {
                    let kind =
                        FactKind::Penalty { outcome, taker: Some(v.who(e)), fouled: None, conceded_by: None };
                    facts.push(v.fact(kind, st..k + 1, nearest(mins, &s, k, 5), 60));
                }
            }
        }
    }
}

/// The outcome a window states, and the token that says it.
fn outcome(v: &View, win: &Range<usize>) -> Option<(PenaltyOutcome, usize)> {
    let not_given = v.find_in(win.clone(), PEN_NOT_GIVEN).filter(|&k| {
        // "no" and "not" only right before the penalty words; "turned" only as "turned down".
        !matches!(v.w(k), "no" | "not" | "turned")
            || v.is(k + 1, &["penalty", "spot", "down", "given", "awarded"])
    });
    if let Some(k) = not_given {
        return Some((PenaltyOutcome::NotGiven, k));
    }
    let missed = v.find_in(win.clone(), PEN_MISSED).filter(|&k| {
        // "over" only as "blazed over"/"over the bar"; "post"/"bar" not "in off the post".
        match v.w(k) {
            "over" => v.is(k + 1, &["the"]) && v.is(k + 2, &["bar", "crossbar"]),
            "wide" => true,
            _ => true,
        }
    });
    if let Some(k) = missed {
        return Some((PenaltyOutcome::Missed, k));
    }
    if let Some(k) = v.find_in(win.clone(), PEN_SAVED) {
        return Some((PenaltyOutcome::Saved, k));
    }
    if let Some(k) = v.find_in(win.clone(), PEN_SCORED) {
        return Some((PenaltyOutcome::Scored, k));
    }
    if let Some(k) = v.find_in(win.clone(), PEN_AWARDED) {
        return Some((PenaltyOutcome::Awarded, k));
    }
    None
}

/// The taker: the nearest name before the outcome word that is no possessive and no referee,
/// else the owner of the penalty ("Kane's penalty"), else a name just after it.
fn taker(v: &View, s: &Range<usize>, cue: usize, at: usize) -> Option<usize> {
    let lo = at.saturating_sub(16).max(s.start);
    let mut k = at;
    while k > lo {
        k -= 1;
        if let Some(e) = v.person(k) {
            let m = v.mention_tokens(k);
            let role = v.tagged.entities[e].role;
            if !v.possessive(k) && !matches!(role, Some(Role::Referee | Role::Manager)) {
                return Some(e);
            }
            k = m.start;
        }
    }
    if cue > s.start {
        if let Some(e) = v.person(cue - 1).filter(|_| v.possessive(cue - 1)) {
            return Some(e);
        }
    }
    v.person_after(cue.max(at), s.end, 4).map(|(e, _)| e)
}

/// Who was fouled and who conceded, from the sentence's foul words.
fn foul(v: &View, s: &Range<usize>) -> (Option<usize>, Option<usize>) {
    for k in s.clone() {
        let w = v.w(k);
        if FOUL_VERBS.contains(&w) {
            let passive = k > s.start && v.is(k - 1, &["was", "were", "been", "being"]);
            if passive {
                let fouled = v.person_before(k, s.start, 4).map(|p| p.0);
                let by = v.find_in(k + 1..(k + 4).min(s.end), &["by"]);
                let conceded = by.and_then(|b| v.person_after(b, s.end, 3)).map(|p| p.0);
                if fouled.is_some() || conceded.is_some() {
                    return (fouled, conceded);
                }
            } else if w != "brought" || v.w(k + 1) == "down" || v.w(k + 1) == "him" {
                let conceded = v.person_before(k, s.start, 3).map(|p| p.0);
                let fouled = v.person_after(k, s.end, 4).map(|p| p.0);
                if conceded.is_some() && fouled.is_some() {
                    return (fouled, conceded);
                }
            }
        } else if FOUL_NOUNS.contains(&w) {
            let conceded = v.person_before(k, s.start, 4).map(|p| p.0);
            let fouled = v
                .find_in(k + 1..(k + 3).min(s.end), &["on"])
                .and_then(|o| v.person_after(o, s.end, 3))
                .map(|p| p.0);
            let by = v
                .find_in(k + 1..(k + 3).min(s.end), &["by"])
                .and_then(|o| v.person_after(o, s.end, 3))
                .map(|p| p.0);
            if conceded.is_some() || fouled.is_some() || by.is_some() {
                return (fouled, by.or(conceded));
            }
        }
    }
    (None, None)
}
