//! The match's setting, as far as the tagger names it: the referee (a person the gazetteer
//! knows as one, or named right after "referee"), the venue and the competition (each at its
//! first mention).

use super::view::View;
use super::{Fact, FactKind};
use crate::analysis::entities::{EntityKind, Role};

pub(super) fn extract(v: &View, facts: &mut Vec<Fact>) {
    let mut seen = std::collections::HashSet::new();
    let mut i = 0;
    while i < v.len() {
        let Some(e) = v.entity(i) else {
            i += 1;
            continue;
        };
        let m = v.mention_tokens(i);
        i = m.end;
        if seen.contains(&e) {
            continue;
        }
        let ent = &v.tagged.entities[e];
        let after_referee = (m.start.saturating_sub(2)..m.start).any(|k| v.w(k) == "referee");
        let (kind, conf) = match ent.kind {
            EntityKind::Person if ent.role == Some(Role::Referee) || after_referee => {
                (FactKind::Referee { referee: v.who(e) }, if after_referee { 85 } else { 65 })
            }
            EntityKind::Venue => {
                let at = m.start > 0 && v.is(m.start - 1, &["at", "the"]);
                (FactKind::Venue { venue: v.who(e) }, if at { 75 } else { 55 })
            }
            EntityKind::Competition => (FactKind::Competition { competition: v.who(e) }, 60),
            _ => continue,
        };
        seen.insert(e);
        facts.push(v.fact(kind, m.start.saturating_sub(2)..m.end, None, conf));
    }
}
