//! Saying what matched: for each query word, whether the answer holds it as typed, by its stem,
//! through a typo or a prefix (and the words it became), or not at all ("Missing: Kane"); per
//! hit, the words its passage lacks; and, when no article held every required word, that the
//! search was widened and why, said before the widened results.

use std::collections::HashSet;

use serde::Serialize;

use super::highlight::Scanner;
use super::plan::{Mode, Targets, WordKind, WordPlan};
use super::Hit;
use crate::text::fold;

/// How a query word matched the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// As typed (case and accents aside).
    Exact,
    /// Through its stem only (`penalties` for `penalty`).
    Stem,
    /// Through a typo correction (`mourinho` for `mourinoh`).
    Typo,
    /// `word*`: words starting with it.
    Prefix,
    /// Not in any shown passage.
    Missing,
}

/// One query word and how it matched.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WordMatch {
    /// The word (or phrase, or `prefix*`) as typed.
    pub word: String,
    #[serde(rename = "match")]
    pub how: How,
    /// The words of the text it matched as, folded (stem, typo and prefix matches).
    #[serde(rename = "as")]
    pub as_words: Vec<String>,
}

/// Why the results are not an answer to every word: said first, before the results.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Widened {
    /// The mode that would have answered every word as typed (`all`).
    pub from: Mode,
    /// The mode that answered.
    pub to: Mode,
    /// Words no article holds (as typed).
    pub missing: Vec<String>,
    /// One line for people.
    pub message: String,
}

/// Most `as` words listed per query word.
const MAX_AS: usize = 5;

/// The texts of a hit a word may be found in: its passage, its title, and the passages grouped
/// under it.
fn texts(hit: &Hit) -> impl Iterator<Item = &str> {
    std::iter::once(hit.passage.text.as_str())
        .chain(hit.article.title.as_deref())
        .chain(hit.also_reported_by.iter().map(|a| a.passage.text.as_str()))
}

fn phrase_in(scan: &Scanner, text: &str, terms: &[String]) -> bool {
    let t = Targets { words: Vec::new(), phrases: vec![terms.to_vec()] };
    scan.find(text, &t).units > 0
}

/// A scanner for every term of `plans` (and of `targets`, when given): what [`words_with`]
/// and [`missing_in_with`] look for.
pub fn scanner<'a>(plans: impl IntoIterator<Item = &'a WordPlan>, targets: Option<&Targets>) -> Scanner {
    let planned = plans.into_iter().flat_map(|p| p.terms.iter().chain(&p.expansions)).map(String::as_str);
    Scanner::new(planned.chain(targets.into_iter().flat_map(|t| t.all_terms())))
}

/// How each planned word matched `hits`.
pub fn words(plans: &[WordPlan], hits: &[Hit]) -> Vec<WordMatch> {
    words_with(&scanner(plans, None), plans, hits)
}

/// [`words`], each text walked once by `scan`.
pub fn words_with(scan: &Scanner, plans: &[WordPlan], hits: &[Hit]) -> Vec<WordMatch> {
    plans
        .iter()
        .map(|p| {
            let (how, as_words) = match p.kind {
                WordKind::Phrase => {
                    let found = hits.iter().any(|h| texts(h).any(|t| phrase_in(scan, t, &p.terms)));
                    (
                        if found || (p.required && p.known && !hits.is_empty()) {
                            How::Exact
                        } else {
                            How::Missing
                        },
                        Vec::new(),
                    )
                }
                WordKind::Word | WordKind::Prefix => word_match(scan, p, hits),
            };
            WordMatch { word: p.typed.clone(), how, as_words }
        })
        .collect()
}

fn word_match(scan: &Scanner, p: &WordPlan, hits: &[Hit]) -> (How, Vec<String>) {
    let all: HashSet<&str> = p.terms.iter().chain(&p.expansions).map(String::as_str).collect();
    let (mut own, mut other): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for h in hits {
        for t in texts(h) {
            for (term, form) in scan.forms(t, &all) {
                let list =
                    if p.kind == WordKind::Word && p.terms.contains(&term) { &mut own } else { &mut other };
                if !list.contains(&form) {
                    list.push(form);
                }
            }
        }
    }
    let typed = fold(p.typed.trim_end_matches('*'));
    let cap = |mut v: Vec<String>| {
        v.truncate(MAX_AS);
        v
    };
    match p.kind {
        WordKind::Prefix if !other.is_empty() => (How::Prefix, cap(other)),
        WordKind::Prefix if p.known && (p.required || hits.is_empty()) => {
            (How::Prefix, cap(p.expansions.clone()))
        }
        WordKind::Prefix => (How::Missing, Vec::new()),
        _ if own.contains(&typed) => (How::Exact, Vec::new()),
        _ if !own.is_empty() => (How::Stem, cap(own)),
        _ if !other.is_empty() => (How::Typo, cap(other)),
        // Required in the answering mode: every answer holds it, if not in the passage shown;
        // with nothing shown (filters, a date order), a word the index holds is not missing.
        _ if p.known && (p.required || hits.is_empty()) => (How::Exact, Vec::new()),
        _ if p.required && !hits.is_empty() && !p.expansions.is_empty() => {
            (How::Typo, cap(p.expansions.clone()))
        }
        _ => (How::Missing, Vec::new()),
    }
}

/// The query words a hit lacks: those not required by the answering mode and found neither in
/// its passage nor in its title (Google's "Missing: Kane" under a result).
pub fn missing_in(hit: &Hit, plans: &[WordPlan]) -> Vec<String> {
    missing_in_with(&scanner(plans, None), hit, plans)
}

/// [`missing_in`], each text walked once by `scan`.
pub fn missing_in_with(scan: &Scanner, hit: &Hit, plans: &[WordPlan]) -> Vec<String> {
    plans
        .iter()
        .filter(|p| !p.required)
        .filter(|p| {
            let found = |t: &str| match p.kind {
                WordKind::Phrase => phrase_in(scan, t, &p.terms),
                _ => {
                    let all: HashSet<&str> =
                        p.terms.iter().chain(&p.expansions).map(String::as_str).collect();
                    !scan.forms(t, &all).is_empty()
                }
            };
            !(found(&hit.passage.text) || hit.article.title.as_deref().is_some_and(found))
        })
        .map(|p| p.typed.clone())
        .collect()
}

/// Whether (and why) the answer comes from a wider mode than "every word as typed".
pub fn widened(query: &str, mode: Mode, plans: &[WordPlan], words: &[WordMatch]) -> Option<Widened> {
    if mode == Mode::All || plans.is_empty() {
        return None;
    }
    // Words the index lacks altogether, with nothing like them either.
    let missing: Vec<String> =
        plans.iter().filter(|p| !p.known && p.expansions.is_empty()).map(|p| p.typed.clone()).collect();
    let q = query.trim();
    let message = match mode {
        Mode::Fuzzy => {
            let fixed: Vec<String> = words
                .iter()
                .filter(|w| w.how == How::Typo)
                .map(|w| format!("{} → {}", w.word, w.as_words.join(" / ")))
                .collect();
            format!(
                "no passage has every word of “{q}” as typed; showing matches allowing typos ({})",
                fixed.join(", ")
            )
        }
        _ if missing.is_empty() => {
            format!("no article has every word of “{q}” together; showing passages that have any of them")
        }
        _ => format!(
            "no passage has every word of “{q}” (missing: {}); showing passages that have any of them",
            missing.join(", ")
        ),
    };
    Some(Widened { from: Mode::All, to: mode, missing, message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{ArticleMeta, PassageText};

    fn hit(text: &str) -> Hit {
        Hit {
            score: 1.0,
            article: ArticleMeta::bare("a"),
            passage: PassageText { text: text.into(), start: 0, end: text.chars().count() },
            highlights: Vec::new(),
            quotes: Vec::new(),
            entities: Vec::new(),
            missing: Vec::new(),
            also_reported_by: Vec::new(),
        }
    }

    fn plan(typed: &str, kind: WordKind, term: &str, expansions: &[&str], known: bool) -> WordPlan {
        WordPlan {
            typed: typed.into(),
            kind,
            terms: vec![term.into()],
            expansions: expansions.iter().map(|s| s.to_string()).collect(),
            known,
            required: false,
        }
    }

    #[test]
    fn each_word_says_how_it_matched_the_hits() {
        let hits = [hit("Mourinho said the penalties were taken well by his young side.")];
        let plans = [
            plan("Penalties", WordKind::Word, "penalti", &[], true),
            plan("penalty", WordKind::Word, "penalti", &[], true),
            plan("Mourinoh", WordKind::Word, "mourinoh", &["mourinho"], false),
            plan("you*", WordKind::Prefix, "you", &["young", "your"], true),
            plan("Kane", WordKind::Word, "kane", &[], false),
        ];
        let got: Vec<(How, Vec<String>)> =
            words(&plans, &hits).into_iter().map(|w| (w.how, w.as_words)).collect();
        assert_eq!(
            got,
            [
                (How::Exact, vec![]),
                (How::Stem, vec!["penalties".to_string()]),
                (How::Typo, vec!["mourinho".to_string()]),
                (How::Prefix, vec!["young".to_string()]),
                (How::Missing, vec![]),
            ]
        );
        assert_eq!(missing_in(&hits[0], &plans), ["Kane"]);
        let w = words(&plans, &hits);
        let widened = widened("Kane penalty", Mode::Any, &plans, &w).unwrap();
        assert_eq!(widened.missing, ["Kane"], "a typo found Mourinoh");
        assert!(widened.message.starts_with("no passage has every word of “Kane penalty” (missing: Kane)"));
        assert_eq!(super::widened("Kane", Mode::All, &plans, &w), None);
        // Nothing shown (a filter left nothing): only the words the index lacks are missing.
        let none: Vec<How> = words(&plans, &[]).into_iter().map(|w| w.how).collect();
        assert_eq!(none, [How::Exact, How::Exact, How::Missing, How::Prefix, How::Missing]);
    }
}
