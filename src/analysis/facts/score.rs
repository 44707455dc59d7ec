//! Scores: the final and half-time score with the two teams.
//!
//! A score is two small numbers joined by a dash ("3-0"). It is the final score when a result
//! word stands near it ("won 2-1", "a 3-0 victory", "2-1 defeat", "1-1 draw") or when teams
//! stand on both sides ("Brighton 3-0 Leeds", home first); the half-time score when half-time
//! words do ("1-0 at the break"). Running scores ("1-0 up", "make it 2-0", "level at 1-1") and
//! scores of other matches ("last week's 2-1 loss") are not facts. The teams: the one after
//! "over", "against", "to", "by" is the object (the loser of a win, the winner of a defeat),
//! the other named team the subject; a team the sentence leaves out is the article's other
//! main team.

use std::ops::Range;

use super::lexicon::{DRAW_WORDS, HALF_TIME, LOSS_WORDS, OTHER_MATCH_WORDS, RUNNING_AFTER, WIN_WORDS};
use super::view::View;
use super::{Fact, FactKind, Stage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Polarity {
    Win,
    Loss,
    Draw,
}

/// Words before a team that make it the object of a result.
const OBJECT_BEFORE: &[&str] = &[
    "over",
    "against",
    "to",
    "by",
    "at",
    "with",
    "past",
    "beat",
    "beating",
    "aside",
    "defeated",
    "edged",
    "thrashed",
    "beaten",
    "hammered",
    "thumped",
    "stunned",
    "downed",
    "overcame",
    "humbled",
    "demolished",
    "saw",
    "off",
];

/// Bytes that may join the two numbers of a score.
fn is_dash(gap: &str) -> bool {
    matches!(gap.trim(), "-" | "\u{2013}" | "\u{2014}") && gap.len() <= 5
}

/// The score whose first number is token `i`.
fn score_at(v: &View, i: usize) -> Option<(u8, u8)> {
    let t = v.t;
    if i + 1 >= t.len() || t.tokens[i].sentence != t.tokens[i + 1].sentence {
        return None;
    }
    let num = |k: usize| -> Option<u8> {
        let w = v.w(k);
        if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        w.parse::<u8>().ok().filter(|&n| n <= 15)
    };
    let (a, b) = (num(i)?, num(i + 1)?);
    if !is_dash(v.gap_after(i)) {
        return None;
    }
    let before = t.gap_before(i);
    let after = v.gap_after(i + 1);
    let decimal = after.starts_with(['.', ':', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
    if before.ends_with(['-', '/', '\u{2013}', '.', ':'])
        || after.starts_with(['-', '/', '\u{2013}', '%'])
        || decimal
    {
        return None;
    }
    if after.trim_start().starts_with(['-', '\u{2013}']) {
        return None;
    }
    Some((a, b))
}

/// The text gives set scores ("6-4 6-2"): tennis, not football.
pub(super) fn has_set_scores(v: &View) -> bool {
    (0..v.len().saturating_sub(3)).any(|i| score_at(v, i).is_some() && score_at(v, i + 2).is_some())
}

/// The scores of the article's sentences.
pub(super) fn extract(v: &View, facts: &mut Vec<Fact>) {
    for s in v.sentences() {
        let mut i = s.start;
        while i + 1 < s.end {
            if let Some((a, b)) = score_at(v, i) {
                // Set scores ("6-2 7-6") are tennis, not football.
                let run = (i >= s.start + 2 && score_at(v, i - 2).is_some()) || score_at(v, i + 2).is_some();
                if !v.quoted(i) && !run {
                    if let Some(f) = classify(v, &s, i, a, b) {
                        facts.push(f);
                    }
                }
                i += 2;
            } else {
                i += 1;
            }
        }
    }
}

/// The score of a title: "Home n-m Away" (teams resolved when the tagger knows them).
pub(super) fn title(v: &View, facts: &mut Vec<Fact>) {
    for i in 1..v.len().saturating_sub(2) {
        if let Some((a, b)) = score_at(v, i) {
            if i + 2 >= v.len() {
                continue;
            }
            let home = v.team(i - 1).map(|e| v.who(e));
            let away = v.team(i + 2).map(|e| v.who(e));
            let kind =
                FactKind::Score { stage: Stage::Final, teams: [home, away], goals: [a, b], home_away: true };
            facts.push(v.fact(kind, 0..v.len(), None, 90));
            return;
        }
    }
}

fn classify(v: &View, s: &Range<usize>, i: usize, a: u8, b: u8) -> Option<Fact> {
    let lo = i.saturating_sub(8).max(s.start);
    let hi = (i + 6).min(s.end);
    // "Brighton 3-0 Leeds": teams on both sides, home first.
    if i > s.start {
        if let (Some(h), Some(aw)) = (v.team(i - 1), v.team(i + 2)) {
            if h != aw {
                let main = v.main_teams.contains(&h) && v.main_teams.contains(&aw);
                // "Half-time: Arsenal 0-0 Chelsea", "Arsenal 1-0 Chelsea at the break": a
                // half-time label just before the home team or "at ..." just after the away team.
                let (hs, ae) = (v.mention_tokens(i - 1).start, v.mention_tokens(i + 2).end);
                let ht = |mut r: Range<usize>| {
                    r.any(|k| (v.w(k) == "half" && v.w(k + 1) == "time") || HALF_TIME.contains(&v.w(k)))
                };
                let half_time = ht(hs.saturating_sub(3).max(s.start)..hs)
                    || (v.is(ae, &["at", "by"]) && ht(ae + 1..(ae + 4).min(s.end)));
                let kind = FactKind::Score {
                    stage: if half_time { Stage::HalfTime } else { Stage::Final },
                    teams: [Some(v.who(h)), Some(v.who(aw))],
                    goals: [a, b],
                    home_away: true,
                };
                let toks = v.mention_tokens(i - 1).start..v.mention_tokens(i + 2).end;
                return Some(v.fact(kind, toks, None, if main { 85 } else { 30 }));
            }
        }
    }
    if v.any_in(lo..i, OTHER_MATCH_WORDS) || v.any_in(i + 2..hi, OTHER_MATCH_WORDS) {
        return None;
    }
    let half_time =
        (lo..hi).any(|k| (v.w(k) == "half" && v.w(k + 1) == "time") || HALF_TIME.contains(&v.w(k)));
    let next = v.w(i + 2);
    let prev = if i > s.start { v.w(i - 1) } else { "" };
    let prev2 = if i > s.start + 1 { v.w(i - 2) } else { "" };
    // Running scores.
    let running = RUNNING_AFTER.contains(&next)
        || prev == "it"
        || (matches!(prev, "at" | "to")
            && matches!(prev2, "level" | "levelled" | "levelling" | "it" | "make"));
    if !half_time && running {
        return None;
    }
    let stage = if half_time { Stage::HalfTime } else { Stage::Final };
    // The nearest result word.
    let polarity_of = |k: usize| -> Option<Polarity> {
        let w = v.w(k);
        if WIN_WORDS.contains(&w) || (half_time && matches!(w, "led" | "leading" | "lead" | "ahead" | "up")) {
            Some(Polarity::Win)
        } else if LOSS_WORDS.contains(&w)
            || (half_time && matches!(w, "trailed" | "trailing" | "behind" | "down"))
        {
            Some(Polarity::Loss)
        } else if DRAW_WORDS.contains(&w) || (half_time && matches!(w, "level" | "goalless" | "all")) {
            Some(Polarity::Draw)
        } else {
            None
        }
    };
    let mut best: Option<(usize, usize, Polarity)> = None;
    for k in (lo..hi).filter(|&k| k != i && k != i + 1) {
        if let Some(p) = polarity_of(k) {
            let d = k.abs_diff(i);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, k, p));
            }
        }
    }
    let (mut polarity, pk) = match best {
        Some((_, k, p)) => (p, k),
        None if half_time && a == b => (Polarity::Draw, i),
        None if half_time => (Polarity::Win, i),
        None => return None,
    };
    if a == b {
        polarity = Polarity::Draw;
    } else if polarity == Polarity::Draw {
        return None;
    }
    // Teams near the score: the object (after "over", "to"...) nearest the score, the subject
    // the nearest other team before it (or the team of "a 3-0 win for X").
    let mut subject: Option<(usize, usize)> = None;
    let mut object: Option<(usize, usize)> = None;
    let mut k = i.saturating_sub(12).max(s.start);
    let end = (i + 30).min(s.end);
    while k < end {
        if let Some(e) = v.team(k) {
            let m = v.mention_tokens(k);
            let before = if m.start > s.start { v.w(m.start - 1) } else { "" };
            let before2 = if m.start > s.start + 1 { v.w(m.start - 2) } else { "" };
            let is_object = OBJECT_BEFORE.contains(&before)
                && !(before == "by" && polarity == Polarity::Win)
                && !(before2 == "win" && before == "for");
            let winner_for = before == "for" && m.start > i && polarity == Polarity::Win;
            // "France's all-time scorer": a possessive team far from the score is a modifier.
            if v.possessive(k) && m.end + 3 < i {
                k = m.end;
                continue;
            }
            let dist = m.start.abs_diff(i);
            if winner_for {
                subject = Some((e, m.start));
            } else if is_object {
                if object.is_none_or(|(_, st)| st.abs_diff(i) > dist) {
                    object = Some((e, m.start));
                }
            } else if m.start < i || subject.is_none() {
                // The nearest team before the score, else the first after it.
                subject = Some((e, m.start));
            }
            k = m.end;
        } else {
            k += 1;
        }
    }
    if let (Some((se, _)), Some((oe, _))) = (subject, object) {
        if se == oe {
            object = None;
        }
    }
    let other_main = |e: usize| v.main_teams.iter().copied().find(|&m| m != e);
    let named_main = [subject, object].iter().flatten().all(|(e, _)| v.main_teams.contains(e));
    let (se, oe, conf) = match (subject, object) {
        (Some((s_, _)), Some((o, _))) => (Some(s_), Some(o), 85),
        (Some((s_, _)), None) => (Some(s_), other_main(s_).filter(|_| v.main_teams.contains(&s_)), 70),
        (None, Some((o, _))) => (other_main(o).filter(|_| v.main_teams.contains(&o)), Some(o), 70),
        (None, None) => (None, None, 30),
    };
    let conf = if named_main && se.is_some() && oe.is_some() { conf } else { 30 };
    let (hi_g, lo_g) = (a.max(b), a.min(b));
    let goals = match polarity {
        Polarity::Win => [hi_g, lo_g],
        Polarity::Loss => [lo_g, hi_g],
        Polarity::Draw => [a, a],
    };
    let kind = FactKind::Score {
        stage,
        teams: [se.map(|e| v.who(e)), oe.map(|e| v.who(e))],
        goals,
        home_away: false,
    };
    let mut toks = i.min(pk)..(i + 2).max(pk + 1);
    for (_, st) in [subject, object].into_iter().flatten() {
        toks.start = toks.start.min(st);
        toks.end = toks.end.max(v.mention_tokens(st).end);
    }
    Some(v.fact(kind, toks, None, conf))
}
