//! Cards: yellow ("booked", "cautioned", "a yellow card") and red ("sent off", "a straight
//! red", "dismissed", "a second yellow"), the player and the minute. A clause that takes the
//! card back ("escaped a red", "could have been sent off") is no card.

use super::goals::nearest;
use super::lexicon::CARD_NEGATIVE;
use super::minutes::Found;
use super::view::View;
use super::{CardColour, Fact, FactKind};
use crate::analysis::entities::Role;

/// The card token `i` names, and the token its cue ends on.
fn cue(v: &View, i: usize) -> Option<(CardColour, usize)> {
    let next = v.w(i + 1);
    let prev = if i > 0 { v.w(i - 1) } else { "" };
    match v.w(i) {
        "booked" | "cautioned" => Some((CardColour::Yellow, i)),
        "booking" if prev != "a" || v.w(i + 1) == "for" => Some((CardColour::Yellow, i)),
        "yellow" if prev == "second" => Some((CardColour::Red, i + usize::from(next == "card"))),
        "yellow" if next == "card" || matches!(prev, "a" | "shown") => Some((CardColour::Yellow, i + 1)),
        "red" if next == "card" || matches!(prev, "straight" | "a" | "shown") => {
            Some((CardColour::Red, i + 1))
        }
        "sent" | "sending" if next == "off" => Some((CardColour::Red, i + 1)),
        "dismissed" | "dismissal" => Some((CardColour::Red, i)),
        _ => None,
    }
}

pub(super) fn extract(v: &View, mins: &[Found], facts: &mut Vec<Fact>) {
    for s in v.sentences() {
        let mut seen: Vec<usize> = Vec::new();
        let mut i = s.start;
        while i < s.end {
            let Some((colour, end)) = cue(v, i).filter(|_| !v.quoted(i)) else {
                i += 1;
                continue;
            };
            let c = v.clause(&s, i);
            if !v.any_in(c.clone(), CARD_NEGATIVE) {
                let not_ref = |p: &(usize, usize)| {
                    !matches!(v.tagged.entities[p.0].role, Some(Role::Referee | Role::Official))
                };
                let player = v
                    .person_before(i, c.start, 8)
                    .filter(not_ref)
                    .or_else(|| v.person_after(end, c.end, 5).filter(not_ref));
                if let Some((e, at)) = player {
                    if !seen.contains(&e) {
                        seen.push(e);
                        let kind = FactKind::Card { colour, player: v.who(e) };
                        facts.push(v.fact(
                            kind,
                            at.min(i)..(end + 1).max(at + 1),
                            nearest(mins, &s, i, 10),
                            70,
                        ));
                    }
                }
            }
            i = end + 1;
        }
    }
}
