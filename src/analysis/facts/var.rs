//! VAR decisions: a sentence naming the video assistant referee (or the pitchside monitor) and
//! what it decided: a penalty awarded or not, a goal disallowed, a decision overturned, or a
//! review whose outcome the sentence does not give.

use super::view::View;
use super::{Fact, FactKind, VarDecision};

pub(super) fn extract(v: &View, facts: &mut Vec<Fact>) {
    for s in v.sentences() {
        let at = s.clone().find(|&k| {
            (v.w(k) == "var" && v.t.tokens[k].has(crate::text::flags::ALLCAPS))
                || (v.w(k) == "video" && v.w(k + 1) == "assistant")
                || (v.w(k) == "pitchside" && v.w(k + 1) == "monitor")
        });
        let Some(k) = at else { continue };
        if v.quoted(k) {
            continue;
        }
        let has = |ws: &[&str]| v.any_in(s.clone(), ws);
        let penalty = has(&["penalty", "spot"]);
        let decision = if has(&["overturned", "reversed", "rescinded"]) {
            VarDecision::Overturned
        } else if has(&["disallowed", "chalked"]) || (has(&["ruled"]) && has(&["out", "offside"])) {
            VarDecision::GoalDisallowed
        } else if penalty && has(&["appeals", "ignored", "outside", "waved", "no", "denied"]) {
            VarDecision::NoPenalty
        } else if penalty && has(&["pointed", "awarded", "bring", "given", "another"]) {
            VarDecision::PenaltyAwarded
        } else {
            VarDecision::Review
        };
        let a = k.saturating_sub(8).max(s.start);
        facts.push(v.fact(FactKind::Var { decision }, a..(k + 8).min(s.end), None, 70));
    }
}
