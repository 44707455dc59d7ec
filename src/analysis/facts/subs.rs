//! Substitutions: "X replaced Y", "Y was replaced by X", "X came on for Y", "introduced X",
//! "X came off the bench", "Y's replacement X", "substitute X"; who came on and who went off.

use super::goals::nearest;
use super::minutes::Found;
use super::view::View;
use super::{Fact, FactKind};

pub(super) fn extract(v: &View, mins: &[Found], facts: &mut Vec<Fact>) {
    for s in v.sentences() {
        for i in s.clone() {
            if v.quoted(i) {
                continue;
            }
            let passive = i > s.start && v.is(i - 1, &["was", "were", "being", "been"]);
            let before = || v.person_before(i, s.start, 6).map(|p| p.0);
            let after = |k: usize| v.person_after(k, s.end, 5).map(|p| p.0);
            let (on, off, end) = match v.w(i) {
                "replaced" | "replacing" | "replaces" if passive => (after(i), before(), i),
                "replaced" | "replacing" | "replaces" => (before(), after(i), i),
                "came" | "come" | "coming" if v.w(i + 1) == "on" && v.w(i + 2) == "for" => {
                    (before(), after(i + 2), i + 2)
                }
                "came" | "come" | "coming" if v.w(i + 1) == "off" && v.w(i + 3) == "bench" => {
                    (before(), None, i + 3)
                }
                "introduced" | "introducing" if passive => (before(), None, i),
                "introduced" | "introducing" => (after(i), None, i),
                "brought" | "sent" if v.w(i + 1) == "on" => {
                    if passive {
                        (before(), None, i + 1)
                    } else {
                        (after(i + 1), None, i + 1)
                    }
                }
                "replacement" if i > s.start && v.person(i - 1).is_some() && v.possessive(i - 1) => {
                    (after(i), v.person(i - 1), i)
                }
                "substitute" | "substitutes" if v.person(i + 1).is_some() => (v.person(i + 1), None, i),
                _ => continue,
            };
            if on.is_none() && off.is_none() || on == off {
                continue;
            }
            let conf = if on.is_some() && off.is_some() { 70 } else { 55 };
            let kind = FactKind::Substitution { on: on.map(|e| v.who(e)), off: off.map(|e| v.who(e)) };
            let start = i.saturating_sub(6).max(s.start);
            facts.push(v.fact(kind, start..(end + 4).min(s.end), nearest(mins, &s, i, 10), conf));
        }
    }
}
