//! Passages: the unit we index. A passage is a few consecutive sentences of one paragraph.
//!
//! A paragraph of at most [`MAX_PASSAGE_WORDS`] words is one passage. A longer one is split at
//! sentence boundaries into the fewest groups that fit, balanced (130 words give about 65 + 65,
//! not 80 + 50). A single sentence longer than the limit becomes passages of its own, cut at
//! word boundaries (after `,`, `;` or `:` where one is near) into balanced pieces, so nothing is
//! lost and no passage is huge, even for a paragraph with no punctuation at all.
//!
//! Invariants: passages never cross paragraphs; the passages of a paragraph are in order and
//! together cover all its non-space text; every sentence is in at least one passage; no passage
//! has more than [`MAX_PASSAGE_WORDS`] words as counted by [`word_count`].

use std::ops::Range;

use super::sentences::{paragraphs, sentences};

/// Most words (as counted by [`word_count`]) in one passage.
pub const MAX_PASSAGE_WORDS: usize = 80;

/// A run of white-space-free text longer than this counts as one word per this many bytes, so
/// that a paragraph without spaces (a URL dump, unspaced scripts) still makes small passages.
const MAX_WORD_BYTES: usize = 64;

/// One passage of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Byte range into the article text; trimmed, on char boundaries.
    pub range: Range<usize>,
    /// Index of the paragraph (in [`paragraphs`]) the passage lies in.
    pub paragraph: usize,
    /// Indices into the article's sentence list (all paragraphs, in order, as
    /// [`super::sentences::all_sentences`]). A sentence cut into several passages appears in
    /// each of them.
    pub sentences: Range<usize>,
}

/// Words in `s`: white-space-separated runs, where a run longer than 64 bytes counts as one
/// word per started 64 bytes.
pub fn word_count(s: &str) -> usize {
    // Same answer as `s.split_whitespace().map(|w| w.len().div_ceil(64)).sum()`, faster.
    let bytes = s.as_bytes();
    let (mut count, mut run, mut i) = (0, 0usize, 0);
    while i < bytes.len() {
        // Printable ASCII never ends a word: skip it in one go.
        let plain = bytes[i..].iter().position(|&b| b <= b' ' || b >= 0x80).unwrap_or(bytes.len() - i);
        run += plain;
        i += plain;
        let Some(&b) = bytes.get(i) else { break };
        let (space, len) = match b {
            b'\t'..=b'\r' | b' ' => (true, 1),
            0..=0x7F => (false, 1),
            _ => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if space {
            count += run.div_ceil(MAX_WORD_BYTES);
            run = 0;
        } else {
            run += len;
        }
        i += len;
    }
    count + run.div_ceil(MAX_WORD_BYTES)
}

/// The passages of `text`, in order.
pub fn passages(text: &str) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut first_sentence = 0;
    let mut weights = Vec::new();
    for (paragraph, para) in paragraphs(text).into_iter().enumerate() {
        let sents = sentences(text, para);
        weights.clear();
        weights.extend(sents.iter().map(|r| word_count(&text[r.clone()])));
        let mut j = 0;
        while j < sents.len() {
            if weights[j] > MAX_PASSAGE_WORDS {
                cut_sentence(text, sents[j].clone(), |range| {
                    out.push(Passage {
                        range,
                        paragraph,
                        sentences: first_sentence + j..first_sentence + j + 1,
                    })
                });
                j += 1;
                continue;
            }
            let run_start = j;
            while j < sents.len() && weights[j] <= MAX_PASSAGE_WORDS {
                j += 1;
            }
            group(&weights[run_start..j], |a, b| {
                let (a, b) = (run_start + a, run_start + b);
                out.push(Passage {
                    range: sents[a].start..sents[b - 1].end,
                    paragraph,
                    sentences: first_sentence + a..first_sentence + b,
                });
            });
        }
        first_sentence += sents.len();
    }
    out
}

/// Splits units of the given weights (each at most the limit) into the fewest consecutive
/// groups that fit, as evenly as possible; calls `emit(start, end)` per group.
fn group(weights: &[usize], mut emit: impl FnMut(usize, usize)) {
    let total: usize = weights.iter().sum();
    if total <= MAX_PASSAGE_WORDS {
        if !weights.is_empty() {
            emit(0, weights.len());
        }
        return;
    }
    let fewest = greedy(weights, MAX_PASSAGE_WORDS, |_, _| {});
    // The smallest cap that still needs no more groups; filling greedily up to it balances them.
    let heaviest = weights.iter().copied().max().unwrap_or(0);
    let (mut lo, mut hi) = (total.div_ceil(fewest).max(heaviest), MAX_PASSAGE_WORDS);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if greedy(weights, mid, |_, _| {}) <= fewest {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    greedy(weights, lo, emit);
}

/// Greedy grouping under `cap`; returns the number of groups.
fn greedy(weights: &[usize], cap: usize, mut emit: impl FnMut(usize, usize)) -> usize {
    let (mut start, mut sum, mut groups) = (0, 0, 0);
    for (i, &w) in weights.iter().enumerate() {
        if sum + w > cap && i > start {
            emit(start, i);
            groups += 1;
            start = i;
            sum = 0;
        }
        sum += w;
    }
    if start < weights.len() {
        emit(start, weights.len());
        groups += 1;
    }
    groups
}

/// Cuts one over-long sentence into balanced pieces of at most the limit, at word boundaries,
/// preferring to cut after a word ending in `,`, `;` or `:`.
fn cut_sentence(text: &str, sentence: Range<usize>, mut emit: impl FnMut(Range<usize>)) {
    let s = &text[sentence.clone()];
    // Word units: white-space-separated runs, over-long runs in pieces of at most
    // MAX_WORD_BYTES bytes (so each unit counts as at most one word).
    let mut units: Vec<Range<usize>> = Vec::new();
    for w in s.split_whitespace() {
        let start = w.as_ptr() as usize - s.as_ptr() as usize;
        let mut a = 0;
        while a < w.len() {
            let mut b = (a + MAX_WORD_BYTES).min(w.len());
            while !w.is_char_boundary(b) {
                b -= 1;
            }
            units.push(sentence.start + start + a..sentence.start + start + b);
            a = b;
        }
    }
    let n = units.len();
    let pieces = n.div_ceil(MAX_PASSAGE_WORDS);
    let mut pos = 0;
    for p in 0..pieces {
        let (remaining, left) = (n - pos, pieces - p);
        let len = if left == 1 {
            remaining
        } else {
            let ideal = remaining.div_ceil(left);
            let lo = remaining.saturating_sub(MAX_PASSAGE_WORDS * (left - 1)).max(1);
            let hi = MAX_PASSAGE_WORDS.min(remaining - (left - 1));
            let slack = ideal / 4;
            let soft = |len: usize| {
                let last = &text[units[pos + len - 1].clone()];
                last.ends_with([',', ';', ':']) || matches!(last, "-" | "–" | "—")
            };
            (0..=slack)
                .flat_map(|d| [ideal.checked_sub(d), Some(ideal + d)])
                .flatten()
                .find(|&len| (lo..=hi).contains(&len) && soft(len))
                .unwrap_or(ideal.clamp(lo, hi))
        };
        emit(units[pos].start..units[pos + len - 1].end);
        pos += len;
    }
}

#[cfg(test)]
mod tests {
    use super::super::sentences::all_sentences;
    use super::*;
    use proptest::prelude::*;

    const SEED_000: &str = include_str!("../../seeds/000_413961b8f36dffdf.txt");
    const SEED_001: &str = include_str!("../../seeds/001_6e83b1c257ab88e6.txt");
    const SEED_002: &str = include_str!("../../seeds/002_e0228e736809d36c.txt");

    /// Checks every invariant of paragraphs, sentences and passages on `text`; returns the
    /// passages.
    fn check(text: &str) -> Vec<Passage> {
        let trimmed = |r: &Range<usize>| {
            text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
                && r.start < r.end
                && text[r.clone()].trim().len() == r.len()
        };
        let paras = paragraphs(text);
        let mut all = Vec::new();
        for p in &paras {
            assert!(trimmed(p), "paragraph {p:?} not trimmed");
            assert!(!text[p.clone()].contains('\n'));
            let sents = sentences(text, p.clone());
            assert!(!sents.is_empty());
            assert_eq!(sents[0].start, p.start);
            assert_eq!(sents.last().unwrap().end, p.end);
            for w in sents.windows(2) {
                assert!(w[0].end <= w[1].start);
                assert!(text[w[0].end..w[1].start].trim().is_empty(), "gap lost text");
            }
            for r in &sents {
                assert!(trimmed(r), "sentence {r:?} not trimmed");
            }
            all.extend(sents);
        }
        assert_eq!(all, all_sentences(text));
        // Non-space text outside every paragraph is only white space.
        let mut at = 0;
        for p in &paras {
            assert!(text[at..p.start].trim().is_empty());
            at = p.end;
        }
        assert!(text[at..].trim().is_empty());

        let ps = passages(text);
        let mut covered = vec![false; all.len()];
        for (k, p) in ps.iter().enumerate() {
            assert!(trimmed(&p.range), "passage {p:?} not trimmed");
            assert!(word_count(&text[p.range.clone()]) <= MAX_PASSAGE_WORDS, "{p:?}");
            let para = &paras[p.paragraph];
            assert!(para.start <= p.range.start && p.range.end <= para.end);
            assert!(!p.sentences.is_empty() && p.sentences.end <= all.len());
            for i in p.sentences.clone() {
                covered[i] = true;
                let s = &all[i];
                // Overlaps its sentences, and holds them whole unless one sentence was cut.
                assert!(s.start < p.range.end && p.range.start < s.end);
                if p.sentences.len() > 1 {
                    assert!(p.range.start <= s.start && s.end <= p.range.end);
                }
            }
            if let Some(q) = ps.get(k + 1) {
                assert!(p.paragraph <= q.paragraph);
                if p.paragraph == q.paragraph {
                    assert!(p.range.end <= q.range.start);
                    assert!(text[p.range.end..q.range.start].trim().is_empty());
                    assert!(p.sentences.end <= q.sentences.start + 1);
                } else {
                    assert_eq!(p.range.end, para.end);
                    assert_eq!(q.range.start, paras[q.paragraph].start);
                }
            }
        }
        if let (Some(first), Some(last)) = (ps.first(), ps.last()) {
            assert_eq!(first.range.start, paras[0].start);
            assert_eq!(last.range.end, paras.last().unwrap().end);
        }
        assert!(covered.iter().all(|&c| c), "a sentence in no passage");
        let firsts: Vec<usize> = ps
            .iter()
            .enumerate()
            .filter(|(k, p)| *k == 0 || ps[k - 1].paragraph != p.paragraph)
            .map(|(_, p)| p.paragraph)
            .collect();
        assert_eq!(firsts, (0..paras.len()).collect::<Vec<_>>(), "a paragraph without passages");
        ps
    }

    #[test]
    fn seed_000_short_paragraphs_are_whole_passages() {
        let ps = check(SEED_000);
        let paras = paragraphs(SEED_000);
        assert_eq!(ps.len(), paras.len());
        for (p, para) in ps.iter().zip(&paras) {
            assert_eq!(&p.range, para);
        }
        assert_eq!(
            &SEED_000[ps[9].range.clone()],
            "Jordan Henderson with Harry Kane after England's defeat to France. Getty"
        );
        assert_eq!(ps[9].sentences.len(), 2);
    }

    #[test]
    fn seed_001_one_passage_per_paragraph() {
        let ps = check(SEED_001);
        assert_eq!(ps.len(), 21);
        let unfortunately =
            ps.iter().find(|p| SEED_001[p.range.clone()].starts_with("\"Unfortunately")).unwrap();
        assert_eq!(unfortunately.sentences.len(), 3);
    }

    #[test]
    fn seed_002_long_paragraph_becomes_balanced_passages() {
        let ps = check(SEED_002);
        let words: Vec<usize> = ps.iter().map(|p| word_count(&SEED_002[p.range.clone()])).collect();
        assert_eq!(word_count(SEED_002), 434);
        assert_eq!(ps.len(), 7, "{words:?}");
        assert!(words.iter().all(|&w| (50..=MAX_PASSAGE_WORDS).contains(&w)), "{words:?}");
        assert_eq!(words.iter().sum::<usize>(), 434);
        assert!(SEED_002[ps[0].range.clone()].starts_with("Harry Kane missed a late penalty"));
        assert!(SEED_002[ps[6].range.clone()].ends_with("while France face Morocco on Wednesday."));
    }

    #[test]
    fn balanced_groups_not_greedy() {
        // 13 sentences of 10 words: 130 words make two passages of 70 + 60 at worst, not 80 + 50.
        let sentence = "Kane scored again from the spot after a long review.";
        let text = vec![sentence; 13].join(" ");
        let ps = check(&text);
        let words: Vec<usize> = ps.iter().map(|p| word_count(&text[p.range.clone()])).collect();
        assert_eq!(words, [70, 60]);
    }

    #[test]
    fn long_sentence_is_cut_at_commas_and_giant_lines_are_cut() {
        // Seed 002 without its full stops: one sentence of 434 words.
        let text = SEED_002.replace('.', "");
        let ps = check(&text);
        assert_eq!(ps.len(), 6);
        assert!(ps.iter().all(|p| p.sentences == (0..1)));
        let soft = ps[..5].iter().filter(|p| text[p.range.clone()].ends_with([',', ';', ':'])).count();
        assert!(soft >= 2, "cuts should prefer commas");

        // No punctuation and no spaces at all.
        let blob = "x".repeat(100_000);
        let ps = check(&blob);
        assert!(ps.iter().all(|p| p.range.len() <= MAX_PASSAGE_WORDS * MAX_WORD_BYTES));
        assert!(check("").is_empty());
    }

    #[test]
    fn word_count_counts_runs() {
        for text in [SEED_000, SEED_001, SEED_002, "a\u{2028}b\u{85}c\u{a0}d\u{1c}e\u{3000}f"] {
            let slow: usize = text.split_whitespace().map(|w| w.len().div_ceil(64)).sum();
            assert_eq!(word_count(text), slow);
        }
        assert_eq!(word_count(" Kane  scored,\n twice. "), 3);
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count(&"y".repeat(65)), 2);
    }

    #[test]
    fn bbcsport_corpus_invariants() {
        // `../shared` beside the checkout (as in CI), else the usual absolute place.
        let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/bbcsport.jsonl");
        let Some(data) = [beside, "/work/shared/corpora/bbcsport.jsonl"]
            .into_iter()
            .find_map(|path| std::fs::read_to_string(path).ok())
        else {
            println!("skipped: /work/shared/corpora not found");
            return;
        };
        let mut sizes = Vec::new();
        let mut bodies = 0;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let doc: serde_json::Value = serde_json::from_str(line).expect("json line");
            let body = doc["body"].as_str().expect("body");
            bodies += 1;
            for p in check(body) {
                sizes.push(word_count(&body[p.range]));
            }
        }
        assert_eq!(bodies, 737);
        sizes.sort_unstable();
        let median = sizes[sizes.len() / 2];
        println!("bbcsport: {} passages, median {median} words", sizes.len());
        assert!((20..=80).contains(&median), "median passage {median} words");
    }

    fn arbitrary_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-zA-Z]{1,9}",
            1 => "[A-Z]\\.",
            1 => "(Mr|Dr|St|vs|No|Jan|etc|U\\.S|e\\.g|a\\.m)\\.",
            1 => "[0-9]{1,3}(\\.[0-9])?",
            3 => "[ ]{1,2}",
            1 => "\n{1,3}",
            2 => "[.?!…]{1,3}",
            2 => "[\"'“”‘’()\\[\\]«»]",
            1 => "[,;:—–-]",
            1 => "[éßÆ漢字🙂\u{00A0}\u{2028}\u{0301}\t\r]",
        ];
        prop_oneof![
            3 => prop::collection::vec(piece, 0..400).prop_map(|v| v.concat()),
            1 => any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn invariants_hold_on_arbitrary_text(text in arbitrary_text()) {
            check(&text);
            let slow: usize = text.split_whitespace().map(|w| w.len().div_ceil(64)).sum();
            prop_assert_eq!(word_count(&text), slow);
        }
    }
}
