//! Minutes: every form the text uses, found in one scan of the tokens.
//!
//! Exact: "17th minute", "17th-minute", "the seventh minute", "after 64 minutes", "11 minutes
//! in", "17 minutes into the game", "12 minutes from time" (= 78), "17'", "six minutes later"
//! (after an exact minute in the same sentence). Stoppage time: "(45+2)", "90+4", "the seventh
//! minute of stoppage time", "in stoppage time" (the extra minute unknown). Ranges: "early in
//! the second half" (46-60), "just before half-time" (40-45), "midway through the first half",
//! "late on", "first-half" (1-45), "after the break" (46-60).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::lexicon::{number_word, ordinal_word};
use crate::text::{flags, Tokens};

/// When something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Minute {
    /// The minute (1-based, as reports count: "17th minute" = 17).
    At(u16),
    /// Added time at the end of a half (`half` 45 or 90, extra time 105 or 120): "45+2";
    /// `extra` is `None` for "in stoppage time".
    Stoppage { half: u16, extra: Option<u16> },
    /// Somewhere between two minutes ("early in the second half").
    Between { from: u16, to: u16 },
}

impl Minute {
    /// A minute the text gives exactly (a number, or stoppage time with its number).
    pub fn is_exact(&self) -> bool {
        matches!(self, Minute::At(_) | Minute::Stoppage { extra: Some(_), .. })
    }

    /// The minute as a number for ordering (45+2 → 45, a range → its start).
    pub fn order(&self) -> u16 {
        match *self {
            Minute::At(m) => m,
            Minute::Stoppage { half, .. } => half,
            Minute::Between { from, .. } => from,
        }
    }

    /// The span of minutes this may be (inclusive), for filters such as `minute:60..90`.
    pub fn span(&self) -> (u16, u16) {
        match *self {
            Minute::At(m) => (m, m),
            Minute::Stoppage { half, .. } => (half, half),
            Minute::Between { from, to } => (from, to),
        }
    }

    /// As reports write it: `17'`, `45+2'`, `90+'`, `46-60'`.
    pub fn label(&self) -> String {
        match *self {
            Minute::At(m) => format!("{m}'"),
            Minute::Stoppage { half, extra: Some(x) } => format!("{half}+{x}'"),
            Minute::Stoppage { half, extra: None } => format!("{half}+'"),
            Minute::Between { from, to } => format!("{from}-{to}'"),
        }
    }
}

/// A minute found in the text: its tokens and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub tokens: Range<usize>,
    pub minute: Minute,
    /// The sentence it is in.
    pub sentence: usize,
}

/// Every minute expression in the article, in text order, not overlapping.
pub fn find(t: &Tokens) -> Vec<Found> {
    let n = t.len();
    let w = |i: usize| if i < n { t.word(i) } else { "" };
    let same_sentence = |a: usize, b: usize| b < n && t.tokens[a].sentence == t.tokens[b].sentence;
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    // The last exact minute and its sentence ("six minutes later" counts from it).
    let mut last: Option<(usize, u16)> = None;
    while i < n {
        let sentence = t.tokens[i].sentence as usize;
        let last_exact = last.filter(|&(s, _)| s == sentence).map(|(_, m)| m);
        let found = at(t, i, &w, &same_sentence, last_exact);
        match found {
            Some((end, minute)) => {
                if let Minute::At(m) = minute {
                    last = Some((sentence, m));
                }
                out.push(Found { tokens: i..end, minute, sentence });
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// A minute expression starting at token `i`: its end token and value.
fn at<'w>(
    t: &Tokens,
    i: usize,
    w: &impl Fn(usize) -> &'w str,
    same: &impl Fn(usize, usize) -> bool,
    last_exact: Option<u16>,
) -> Option<(usize, Minute)> {
    let word = w(i);
    let is_minute = |k: usize| same(i, k) && matches!(w(k), "minute" | "min");
    let is_minutes = |k: usize| same(i, k) && matches!(w(k), "minutes" | "mins" | "minute");
    // "17th minute", "seventh minute", maybe "of stoppage time".
    if let Some(n) = ordinal(word) {
        if is_minute(i + 1) {
            if same(i, i + 2) && w(i + 2) == "of" {
                let mut k = i + 3;
                let mut half = 90;
                if matches!(w(k), "first" | "second") && w(k + 1) == "half" {
                    half = if w(k) == "first" { 45 } else { 90 };
                    k += 2;
                }
                if matches!(w(k), "stoppage" | "injury" | "added") && w(k + 1) == "time" {
                    return Some((k + 2, Minute::Stoppage { half, extra: Some(n) }));
                }
            }
            if (1..=130).contains(&n) {
                return Some((i + 2, Minute::At(n)));
            }
        }
    }
    // Numbers: "45+2", "17'", "64 minutes", "12 minutes from time".
    let num = if t.tokens[i].has(flags::DIGIT) && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse::<u16>().ok()
    } else {
        number_word(word).filter(|_| is_minutes(i + 1))
    };
    if let Some(n) = num {
        let gap = t.gap_after(i);
        let digits_next = i + 1 < t.len() && w(i + 1).bytes().all(|b| b.is_ascii_digit()) && same(i, i + 1);
        let g = gap.trim_start_matches(['\'', '\u{2019}']);
        if matches!(n, 45 | 90 | 105 | 120) && g.trim() == "+" && digits_next {
            if let Ok(x) = w(i + 1).parse::<u16>() {
                if x <= 30 {
                    return Some((i + 2, Minute::Stoppage { half: n, extra: Some(x) }));
                }
            }
        }
        // "17'": a minute mark, then the end of the text, a space or punctuation.
        let after_mark = gap.strip_prefix(['\'', '\u{2019}']);
        if (1..=130).contains(&n)
            && t.tokens[i].has(flags::DIGIT)
            && after_mark.is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', ')', ';', '.', '\n']))
            && !w(i + 1).starts_with('s')
        {
            return Some((i + 1, Minute::At(n)));
        }
        if is_minutes(i + 1) {
            let k = i + 2;
            // "12 minutes from time", "from the end", "to go", "remaining", "left".
            let from_time = (w(k) == "from"
                && (w(k + 1) == "time" || (w(k + 1) == "the" && w(k + 2) == "end")))
                || (w(k) == "to" && w(k + 1) == "go")
                || (matches!(w(k), "remaining" | "left") && !w(k + 1).is_empty());
            if from_time && n < 90 {
                let end = if w(k) == "from" && w(k + 1) == "the" { k + 3 } else { k + 2 };
                return Some((end.min(t.len()), Minute::At(90 - n)));
            }
            // "11 minutes in", "17 minutes into the game", "two minutes into the second half".
            if w(k) == "into" && w(k + 1) == "the" && w(k + 2) == "second" && w(k + 3) == "half" {
                return Some((k + 4, Minute::At(45 + n)));
            }
            if matches!(w(k), "in" | "into")
                && !matches!(w(k + 1), "a" | "which" | "stoppage" | "added" | "injury")
            {
                return Some((k, Minute::At(n)));
            }
            // "after 64 minutes", "inside 10 minutes".
            let before = if i > 0 && same(i - 1, i) { w(i - 1) } else { "" };
            let before2 = if i > 1 && same(i - 2, i) { w(i - 2) } else { "" };
            let after_word =
                before == "after" || (matches!(before, "just" | "only" | "barely") && before2 == "after");
            if after_word && (1..=120).contains(&n) {
                return Some((k, Minute::At(n)));
            }
            if matches!(before, "inside" | "within") && (1..=45).contains(&n) {
                return Some((k, Minute::Between { from: 1, to: n }));
            }
            if w(k) == "later" {
                if let Some(m) = last_exact {
                    if m + n <= 130 {
                        return Some((k + 1, Minute::At(m + n)));
                    }
                }
            }
        }
    }
    // Stoppage time without its number.
    if matches!(word, "stoppage" | "injury") && w(i + 1) == "time" && same(i, i + 1) {
        let first = i >= 2 && w(i - 2) == "first" && w(i - 1) == "half";
        return Some((i + 2, Minute::Stoppage { half: if first { 45 } else { 90 }, extra: None }));
    }
    // Ranges.
    let half_of = |k: usize| -> Option<u8> {
        if w(k + 1) != "half" || !same(i, k + 1) {
            return None;
        }
        match w(k) {
            "first" | "opening" => Some(1),
            "second" => Some(2),
            _ => None,
        }
    };
    let range = |h: u8, a: u16, b: u16| if h == 1 { (a, b) } else { (45 + a, 45 + b) };
    if matches!(word, "early" | "late" | "midway" | "halfway") {
        let k = if matches!(w(i + 1), "in" | "into" | "through") && w(i + 2) == "the" { i + 3 } else { 0 };
        if k > 0 {
            if let Some(h) = half_of(k) {
                let (a, b) = match word {
                    "early" => range(h, 1, 15),
                    "late" => range(h, 35, 45),
                    _ => range(h, 15, 30),
                };
                return Some((k + 2, Minute::Between { from: a, to: b }));
            }
            if word == "late" && matches!(w(k), "game" | "match" | "contest") {
                return Some((k + 1, Minute::Between { from: 80, to: 90 }));
            }
        }
        if word == "late" && w(i + 1) == "on" && same(i, i + 1) {
            return Some((i + 2, Minute::Between { from: 80, to: 90 }));
        }
        if word == "early" && w(i + 1) == "on" && same(i, i + 1) {
            return Some((i + 2, Minute::Between { from: 1, to: 15 }));
        }
    }
    // "just before half-time", "on the stroke of half-time", "before the break".
    if matches!(word, "before" | "stroke") {
        let k = if w(i + 1) == "the" || w(i + 1) == "of" { i + 2 } else { i + 1 };
        let ht = (w(k) == "half" && w(k + 1) == "time") || matches!(w(k), "break" | "interval" | "halftime");
        if ht && same(i, k) {
            let end = if w(k) == "half" { k + 2 } else { k + 1 };
            let close = word == "stroke" || (i > 0 && matches!(w(i - 1), "just" | "shortly" | "moments"));
            let from = if close { 40 } else { 30 };
            return Some((end, Minute::Between { from, to: 45 }));
        }
    }
    // "after the break", "after half-time", "after the restart", "soon after the interval".
    if word == "after" {
        let k = if w(i + 1) == "the" { i + 2 } else { i + 1 };
        let ht = (w(k) == "half" && w(k + 1) == "time") || matches!(w(k), "break" | "interval" | "restart");
        if ht && same(i, k) {
            let end = if w(k) == "half" { k + 2 } else { k + 1 };
            return Some((end, Minute::Between { from: 46, to: 60 }));
        }
    }
    // "first-half opener", "in the second half".
    if let Some(h) = half_of(i) {
        let hyphen = t.tokens.get(i + 1).is_some_and(|k| k.has(flags::HYPHEN_JOINED));
        let in_the = i >= 2 && w(i - 2) == "in" && w(i - 1) == "the";
        if (hyphen || in_the) && !matches!(w(i + 2), "stoppage" | "injury" | "added") {
            let (a, b) = range(h, 1, 45);
            return Some((i + 2, Minute::Between { from: a, to: b.min(90) }));
        }
    }
    None
}

/// "17th" → 17, "seventh" → 7.
fn ordinal(w: &str) -> Option<u16> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !digits.is_empty()
        && matches!(suffix, "st" | "nd" | "rd" | "th")
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return digits.parse().ok();
    }
    ordinal_word(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(text: &str) -> Vec<(String, Minute)> {
        let t = Tokens::new(text);
        find(&t)
            .into_iter()
            .map(|f| {
                let a = t.tokens[f.tokens.start].start as usize;
                let b = t.tokens[f.tokens.end - 1].end as usize;
                (text[a..b].to_string(), f.minute)
            })
            .collect()
    }

    #[test]
    fn every_minute_form() {
        let m = |s: &str| minutes(s).into_iter().map(|(_, m)| m).collect::<Vec<_>>();
        assert_eq!(m("France took a 17th-minute lead."), [Minute::At(17)]);
        assert_eq!(m("He scored in the 17th minute."), [Minute::At(17)]);
        assert_eq!(m("Gomez doubled the lead after 64 minutes."), [Minute::At(64)]);
        assert_eq!(m("Giroud headed in 12 minutes from time."), [Minute::At(78)]);
        assert_eq!(m("Brighton struck 11 minutes in when Minteh crossed."), [Minute::At(11)]);
        assert_eq!(m("The drive flew in just 17 minutes into the game."), [Minute::At(17)]);
        assert_eq!(
            m("Saka scored (45+2) and Kane (90+4)."),
            [Minute::Stoppage { half: 45, extra: Some(2) }, Minute::Stoppage { half: 90, extra: Some(4) }]
        );
        assert_eq!(
            m("Cullen scored in the seventh minute of stoppage time."),
            [Minute::Stoppage { half: 90, extra: Some(7) }]
        );
        assert_eq!(m("Salah won it in stoppage time."), [Minute::Stoppage { half: 90, extra: None }]);
        assert_eq!(m("Kane levelled early in the second half."), [Minute::Between { from: 46, to: 60 }]);
        assert_eq!(m("Rice scored just before half-time."), [Minute::Between { from: 40, to: 45 }]);
        assert_eq!(m("Welbeck pounced for the first-half opener."), [Minute::Between { from: 1, to: 45 }]);
        assert_eq!(
            m("Gomez scored after 64 minutes and again six minutes later."),
            [Minute::At(64), Minute::At(70)]
        );
        assert_eq!(m("Welbeck 11', Gomez 64'"), [Minute::At(11), Minute::At(64)]);
    }

    #[test]
    fn numbers_that_are_not_minutes() {
        assert!(minutes("He has scored 53 goals in 84 games since 2015.").is_empty());
        assert!(minutes("The 29-year-old's 90s form, and Brighton's 3-0 win.").is_empty());
        assert!(minutes("A minute's silence was held. He played for a few minutes.").is_empty());
    }
}
