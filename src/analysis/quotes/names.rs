//! Names: resolving the name in a cue to a person (the tagger's overlapping mention, else the
//! fullest form of the name in the text, `Henderson` → `Jordan Henderson` when unambiguous),
//! deciding whether a name in narrative is a person, and comparing two speaker names
//! ([`speaker_matches`]).

use std::ops::Range;

use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};

use super::lexicon::*;
use super::{PersonMention, Speaker, SpeakerVia};
use crate::text::{flags, fold, Tokens};

/// Resolves cue names to people: the overlapping entity mention when there is one, else the
/// fullest form of the name in the text (`Henderson` → `Jordan Henderson` when unambiguous).
///
/// Every look-up is a binary search or a hash probe, so attributing all the quotes of an
/// article stays linear in its length however many people and quotes it has.
pub(super) struct NameBook<'a> {
    pub(super) text: &'a str,
    /// The article tokenised by the text layer, when the caller has it.
    pub(super) tokens: Option<&'a Tokens<'a>>,
    /// The mentions sorted by start, and the longest one's length (for overlap look-ups).
    pub(super) sorted: Vec<&'a PersonMention>,
    pub(super) longest: usize,
    /// Folded last word of a mention's name: the first such mention (in the order given) and
    /// whether all such mentions are the same entity.
    pub(super) by_last: FastMap<String, (&'a PersonMention, bool)>,
    /// Runs of two or more name words in the text, computed on first use.
    pub(super) runs: Option<Runs>,
    /// The quoted words of every segment, in order and disjoint: a name inside them is the
    /// person a quote talks about, never a narrative candidate for a speaker.
    pub(super) quoted: Vec<Range<usize>>,
}

/// The runs of name words in an article, indexed.
#[derive(Default)]
pub(super) struct Runs {
    /// Distinct surface forms (`Gareth Southgate`), in text order, and their folds.
    pub(super) surfaces: Vec<String>,
    pub(super) folded: Vec<String>,
    /// Folded last words of the runs that are not club names, by themselves and by each of
    /// their one-letter deletions (candidates for [`same_word`], which checks them).
    pub(super) last_words: Vec<String>,
    pub(super) last_variants: FastMap<String, Vec<usize>>,
    /// Each proper word suffix of a folded run (`southgate` of `gareth southgate`): the runs.
    pub(super) suffixes: FastMap<String, Vec<usize>>,
}

/// Words longer than this are matched exactly, without one-letter variants.
pub(super) const VARIANT_MAX_CHARS: usize = 40;

/// `w` and, when short enough to be a name, each string with one of its characters removed.
pub(super) fn variants(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    if w.chars().count() <= VARIANT_MAX_CHARS {
        for (i, c) in w.char_indices() {
            let mut v = String::with_capacity(w.len());
            v.push_str(&w[..i]);
            v.push_str(&w[i + c.len_utf8()..]);
            out.push(v);
        }
    }
    out
}

pub(super) fn clubish(s: &str) -> bool {
    fold(s).split([' ', '-']).any(|w| is_in(CLUBISH, w))
}

impl Runs {
    /// The runs of name words in the article `t` tokenised (a run: capitalised words, and
    /// particles between them, separated by white space only; `Trent Alexander-Arnold` keeps
    /// its hyphen, `Gareth Southgate's` loses its possessive).
    pub(super) fn new(t: &Tokens) -> Self {
        let text = t.text;
        // Words of the text layer, hyphen-joined tokens taken together ("Alexander-Arnold").
        struct W<'a> {
            start: usize,
            end: usize,
            lower: std::borrow::Cow<'a, str>,
            cap: bool,
            acronym: bool,
            poss: bool,
            /// Only white space since the previous word.
            adjacent: bool,
        }
        let mut ws: Vec<W> = Vec::new();
        let mut i = 0;
        while i < t.len() {
            let mut j = i;
            while j + 1 < t.len() && t.tokens[j + 1].has(flags::HYPHEN_JOINED) {
                j += 1;
            }
            let first = &t.tokens[i];
            let lower = if j == i {
                std::borrow::Cow::Borrowed(t.word(i))
            } else {
                std::borrow::Cow::Owned((i..=j).map(|k| t.word(k)).collect::<Vec<_>>().join("-"))
            };
            let gap = t.gap_before(i);
            ws.push(W {
                start: first.range().start,
                end: t.tokens[j].range().end,
                lower,
                cap: first.has(flags::CAP),
                acronym: j == i && first.has(flags::ALLCAPS) && !first.has(flags::DIGIT),
                poss: t.tokens[j].has(flags::POSS),
                adjacent: i > 0 && !gap.is_empty() && gap.chars().all(char::is_whitespace),
            });
            i = j + 1;
        }
        let name_word = |w: &W| {
            w.cap && !w.poss && (w.acronym || (!is_in(CAP_STOP, &w.lower) && !is_in(CAP_ROLES, &w.lower)))
        };
        let word = |w: &W| name_word(w) || (w.cap && w.poss && !is_in(CAP_STOP, &w.lower));
        let particle = |w: &W| !w.cap && is_in(PARTICLES, &w.lower);
        let mut runs = Runs::default();
        let mut seen: FastSet<String> = FastSet::default();
        let mut k = 0;
        while k < ws.len() {
            if !name_word(&ws[k]) {
                k += 1;
                continue;
            }
            let mut e = k;
            while e + 1 < ws.len()
                && !ws[e].poss
                && ws[e + 1].adjacent
                && (word(&ws[e + 1])
                    || (particle(&ws[e + 1]) && ws.get(e + 2).is_some_and(|n| n.adjacent && word(n))))
            {
                e += 1;
            }
            if e > k {
                let mut s = text[ws[k].start..ws[e].end].split_whitespace().collect::<Vec<_>>().join(" ");
                if ws[e].poss {
                    // `Gareth Southgate's side` names Gareth Southgate.
                    for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] {
                        if let Some(stem) = s.strip_suffix(suffix) {
                            s = stem.to_string();
                            break;
                        }
                    }
                }
                if !seen.contains(&s) {
                    seen.insert(s.clone());
                    runs.push(s);
                }
            }
            k = e + 1;
        }
        runs
    }

    pub(super) fn push(&mut self, surface: String) {
        let i = self.surfaces.len();
        let f = fold(&surface);
        for (p, _) in f.match_indices(' ') {
            self.suffixes.entry(f[p + 1..].to_string()).or_default().push(i);
        }
        if !clubish(&surface) {
            let last = f.rsplit(' ').next().unwrap_or("").to_string();
            let li = self.last_words.len();
            for v in variants(&last) {
                let list = self.last_variants.entry(v).or_default();
                if list.last() != Some(&li) {
                    list.push(li);
                }
            }
            self.last_words.push(last);
        }
        self.surfaces.push(surface);
        self.folded.push(f);
    }

    /// Is `f` (folded) the last word of a run that is not a club, give or take a letter?
    pub(super) fn is_last_word(&self, f: &str) -> bool {
        variants(f).iter().any(|v| {
            self.last_variants
                .get(v)
                .is_some_and(|list| list.iter().any(|&li| same_word(&self.last_words[li], f)))
        })
    }
}

impl<'a> NameBook<'a> {
    pub(super) fn new(text: &'a str, tokens: Option<&'a Tokens<'a>>, people: &'a [PersonMention]) -> Self {
        let mut sorted: Vec<&PersonMention> = people.iter().collect();
        sorted.sort_by_key(|m| m.range.start);
        let longest = people.iter().map(|m| m.range.len()).max().unwrap_or(0);
        let mut by_last: FastMap<String, (&PersonMention, bool)> = FastMap::default();
        for m in people {
            let last = fold(m.name.rsplit(' ').next().unwrap_or(""));
            by_last.entry(last).and_modify(|(first, same)| *same &= first.id == m.id).or_insert((m, true));
        }
        NameBook { text, tokens, sorted, longest, by_last, runs: None, quoted: Vec::new() }
    }

    pub(super) fn runs(&mut self) -> &Runs {
        let (text, tokens) = (self.text, self.tokens);
        self.runs.get_or_insert_with(|| match tokens {
            Some(t) => Runs::new(t),
            None => Runs::new(&Tokens::new(text)),
        })
    }

    /// The first mention (by start) overlapping `r`.
    pub(super) fn overlapping(&self, r: &Range<usize>) -> Option<&'a PersonMention> {
        let mut k = self.sorted.partition_point(|m| m.range.start < r.end);
        let mut best = None;
        while k > 0 {
            k -= 1;
            let m = self.sorted[k];
            if m.range.start + self.longest <= r.start {
                break;
            }
            if r.start < m.range.end {
                best = Some(m);
            }
        }
        best
    }

    /// Whether `r` lies inside quoted words ([`NameBook::quoted`]).
    pub(super) fn in_quote(&self, r: &Range<usize>) -> bool {
        let k = self.quoted.partition_point(|q| q.end < r.end);
        self.quoted.get(k).is_some_and(|q| q.start <= r.start)
    }

    /// Whether a name in narrative text is a person rather than a club or a place: a mention
    /// of the entity tagger, or (without mentions) a first name and surname, or the surname of
    /// one found elsewhere in the text. A name inside quoted words (`has called it "a Bridge
    /// masterclass"`) is not: the quote talks about him.
    pub(super) fn person_like(&mut self, r: Range<usize>) -> bool {
        if is_ui_text(&self.text[r.clone()]) || self.in_quote(&r) {
            return false;
        }
        if self.overlapping(&r).is_some() {
            return true;
        }
        let surface = &self.text[r];
        if clubish(surface) {
            return false;
        }
        let f = fold(surface);
        if surface.split_whitespace().count() >= 2 {
            // With the tagger's mentions, two capitalised words it did not take for a person
            // (`West Brom`) are one only when a person of that surname is known.
            return self.sorted.is_empty() || self.by_last.contains_key(f.rsplit(' ').next().unwrap_or(""));
        }
        self.runs().is_last_word(&f)
    }

    pub(super) fn resolve(&mut self, r: Range<usize>, via: SpeakerVia) -> Speaker {
        if let Some(m) = self.overlapping(&r) {
            return Speaker { name: m.name.clone(), id: Some(m.id.clone()), via };
        }
        let surface: String = self.text[r].split_whitespace().collect::<Vec<_>>().join(" ");
        let last = fold(surface.rsplit(' ').next().unwrap_or(""));
        // A mention elsewhere with the same surname, if they all agree.
        if let Some(&(m, true)) = self.by_last.get(&last) {
            return Speaker { name: m.name.clone(), id: Some(m.id.clone()), via };
        }
        if surface.contains(' ') {
            return Speaker { name: surface, id: None, via };
        }
        let folded = fold(&surface);
        let runs = self.runs();
        let longer: Vec<usize> = runs.suffixes.get(&folded).cloned().unwrap_or_default();
        let longest = longer.iter().copied().max_by_key(|&i| runs.surfaces[i].len());
        let name = match longest {
            Some(l) if longer.iter().all(|&i| runs.folded[l].ends_with(&runs.folded[i])) => {
                runs.surfaces[l].clone()
            }
            _ => surface,
        };
        Speaker { name, id: None, via }
    }
}

/// Photo captions and page furniture (`Hide Caption 3 of 24`, `Image copyright Getty Images
/// Image caption`, `Media playback is unsupported on your device`) read like a name before a
/// quote; they never speak.
pub(super) fn is_ui_text(name: &str) -> bool {
    let key = crate::text::key(name);
    let words: Vec<&str> = key.split(' ').collect();
    words.iter().any(|w| is_in(UI_WORDS, w))
        || matches!(
            words.as_slice(),
            ["getty", ..]
                | ["image"
                    | "images"
                    | "photo"
                    | "photos"
                    | "media"
                    | "video"
                    | "hide"
                    | "show"
                    | "close"
                    | "share"]
        )
}

/// Whether two folded words are the same name: equal, or (five letters or more) one letter
/// apart, as when a source spells one person `Hassell`, `Hassel` and `Hassall`.
pub(super) fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    // One substitution, insertion or deletion: what is left between prefix and suffix is at
    // most one character on each side.
    pre + suf + 1 >= a.len().max(b.len())
}

/// Whether a found speaker name agrees with the gold one: both unknown, or one name's words
/// (folded, titles like `Sir` dropped) are all in the other's (`Henderson` ~ `Jordan Henderson`),
/// allowing one letter of difference in long words.
pub fn speaker_matches(found: Option<&str>, gold: Option<&str>) -> bool {
    fn words(s: &str) -> Vec<String> {
        fold(s)
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty() && !matches!(*w, "sir" | "mr" | "mrs" | "ms" | "dr"))
            .map(str::to_string)
            .collect()
    }
    match (found, gold) {
        (None, None) => true,
        (Some(f), Some(g)) => {
            let (f, g) = (words(f), words(g));
            let within = |a: &[String], b: &[String]| a.iter().all(|w| b.iter().any(|v| same_word(w, v)));
            !f.is_empty() && !g.is_empty() && (within(&f, &g) || within(&g, &f))
        }
        _ => false,
    }
}
