//! Passages: a few consecutive sentences of one paragraph, the unit hits are shown in.
//!
//! A paragraph of at most [`MAX_PASSAGE_WORDS`] words is one passage. A longer one is split at
//! sentence boundaries into the fewest groups that fit, balanced (130 words give about 65 + 65,
//! not 80 + 50). A single sentence longer than the limit becomes passages of its own, cut
//! between words (after `,`, `;` or `:` where one is near) into balanced pieces, so nothing is
//! lost and no passage is huge, even for a paragraph with no punctuation at all.
//!
//! Words are [`Tokens`] words: passages are made from the article's one tokenisation, and a
//! passage's word count is the number of tokens in it.
//!
//! Invariants: passages never cross paragraphs; the passages of a paragraph are in order and
//! together cover all its non-space text; every sentence with a word is in at least one passage;
//! no passage has more than [`MAX_PASSAGE_WORDS`] words.

use std::ops::Range;

use super::words::{words, Tokens};

/// Most words in one passage.
pub const MAX_PASSAGE_WORDS: usize = 80;

/// One passage of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Byte range into the article text; trimmed, on char boundaries.
    pub range: Range<usize>,
    /// Its words: indices into [`Tokens::tokens`].
    pub tokens: Range<usize>,
    /// Index of the paragraph (in [`Tokens::paragraphs`]) the passage lies in.
    pub paragraph: usize,
    /// Indices into [`Tokens::sentences`]. A sentence cut into several passages appears in
    /// each of them.
    pub sentences: Range<usize>,
}

/// Words in `s`, as the word splitter counts them.
pub fn word_count(s: &str) -> usize {
    words(s).count()
}

/// The passages of an article, in order. Paragraphs without a word make no passage.
pub fn passages(t: &Tokens) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut weights: Vec<usize> = Vec::new();
    let sents = &t.sentences;
    let mut i = 0;
    while i < sents.len() {
        let paragraph = sents[i].paragraph;
        let mut end = i;
        while end < sents.len() && sents[end].paragraph == paragraph {
            end += 1;
        }
        if sents[i].tokens.start == sents[end - 1].tokens.end {
            i = end; // no word in the paragraph
            continue;
        }
        weights.clear();
        weights.extend(sents[i..end].iter().map(|s| s.tokens.len()));
        let mut j = 0;
        let n = end - i;
        while j < n {
            if weights[j] > MAX_PASSAGE_WORDS {
                let s = i + j;
                cut_sentence(t, s, |range, tokens| {
                    out.push(Passage { range, tokens, paragraph, sentences: s..s + 1 });
                });
                j += 1;
                continue;
            }
            let run_start = j;
            while j < n && weights[j] <= MAX_PASSAGE_WORDS {
                j += 1;
            }
            group(&weights[run_start..j], |a, b| {
                let (a, b) = (i + run_start + a, i + run_start + b);
                out.push(Passage {
                    range: sents[a].range.start..sents[b - 1].range.end,
                    tokens: sents[a].tokens.start..sents[b - 1].tokens.end,
                    paragraph,
                    sentences: a..b,
                });
            });
        }
        i = end;
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

/// Cuts one over-long sentence (index `s`) into balanced pieces of at most the limit, between
/// words, preferring to cut after a word followed by `,`, `;`, `:` or a dash.
fn cut_sentence(t: &Tokens, s: usize, mut emit: impl FnMut(Range<usize>, Range<usize>)) {
    let sentence = &t.sentences[s];
    let units = sentence.tokens.clone();
    let n = units.len();
    let pieces = n.div_ceil(MAX_PASSAGE_WORDS);
    // After a comma, semicolon or colon, or before a free-standing dash (not a hyphen inside
    // a word such as `semi-final`).
    let soft = |last: usize| {
        let gap = t.gap_after(last);
        let g = gap.trim_start();
        g.starts_with([',', ';', ':'])
            || (gap.starts_with(char::is_whitespace) && g.starts_with(['-', '\u{2013}', '\u{2014}']))
    };
    let mut pos = 0;
    let mut start_byte = sentence.range.start;
    for p in 0..pieces {
        let (remaining, left) = (n - pos, pieces - p);
        let len = if left == 1 {
            remaining
        } else {
            let ideal = remaining.div_ceil(left);
            let lo = remaining.saturating_sub(MAX_PASSAGE_WORDS * (left - 1)).max(1);
            let hi = MAX_PASSAGE_WORDS.min(remaining - (left - 1));
            let slack = ideal / 4;
            (0..=slack)
                .flat_map(|d| [ideal.checked_sub(d), Some(ideal + d)])
                .flatten()
                .find(|&len| (lo..=hi).contains(&len) && soft(units.start + pos + len - 1))
                .unwrap_or(ideal.clamp(lo, hi))
        };
        let tokens = units.start + pos..units.start + pos + len;
        let end_byte = if p + 1 == pieces {
            sentence.range.end
        } else {
            // Up to the next piece's first word, without the white space before it.
            let next = t.tokens[tokens.end].start as usize;
            start_byte + t.text[start_byte..next].trim_end().len()
        };
        emit(start_byte..end_byte, tokens.clone());
        pos += len;
        if p + 1 < pieces {
            start_byte = t.tokens[tokens.end].start as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sentences::{all_sentences, paragraphs, sentences};
    use super::*;
    use proptest::prelude::*;

    const SEED_000: &str = include_str!("../../seeds/000_413961b8f36dffdf.txt");
    const SEED_001: &str = include_str!("../../seeds/001_6e83b1c257ab88e6.txt");
    const SEED_002: &str = include_str!("../../seeds/002_e0228e736809d36c.txt");

    /// Checks every invariant of paragraphs, sentences, tokens and passages on `text`; returns
    /// the passages.
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
        let mut at = 0;
        for p in &paras {
            assert!(text[at..p.start].trim().is_empty());
            at = p.end;
        }
        assert!(text[at..].trim().is_empty());

        let t = Tokens::new(text);
        assert_eq!(t.sentences.iter().map(|s| s.range.clone()).collect::<Vec<_>>(), all);
        // Every word lies inside its sentence.
        for k in &t.tokens {
            let s = &t.sentences[k.sentence as usize];
            assert!(s.range.start <= k.start as usize && k.end as usize <= s.range.end);
        }
        let ps = passages(&t);
        let mut covered = vec![false; all.len()];
        for (k, p) in ps.iter().enumerate() {
            assert!(trimmed(&p.range), "passage {p:?} not trimmed");
            assert!(p.tokens.len() <= MAX_PASSAGE_WORDS && !p.tokens.is_empty(), "{p:?}");
            assert_eq!(word_count(&text[p.range.clone()]), p.tokens.len(), "{p:?}");
            let para = &paras[p.paragraph];
            assert!(para.start <= p.range.start && p.range.end <= para.end);
            assert!(!p.sentences.is_empty() && p.sentences.end <= all.len());
            for i in p.sentences.clone() {
                covered[i] = true;
                let s = &all[i];
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
                    assert_eq!(p.tokens.end, q.tokens.start);
                } else {
                    assert_eq!(p.range.end, para.end);
                    assert_eq!(q.range.start, paras[q.paragraph].start);
                }
            }
        }
        // Every sentence with a word is in a passage, and so is every word.
        for (i, s) in t.sentences.iter().enumerate() {
            assert!(covered[i] || s.tokens.is_empty(), "sentence {i} in no passage");
        }
        assert_eq!(ps.iter().map(|p| p.tokens.len()).sum::<usize>(), t.len());
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
        let words: Vec<usize> = ps.iter().map(|p| p.tokens.len()).collect();
        let total = word_count(SEED_002);
        assert!(total > 400, "{total}");
        assert_eq!(ps.len(), total.div_ceil(MAX_PASSAGE_WORDS) + 1, "{words:?}");
        assert!(words.iter().all(|&w| (50..=MAX_PASSAGE_WORDS).contains(&w)), "{words:?}");
        assert_eq!(words.iter().sum::<usize>(), total);
        assert!(SEED_002[ps[0].range.clone()].starts_with("Harry Kane missed a late penalty"));
        assert!(
            SEED_002[ps.last().unwrap().range.clone()].ends_with("while France face Morocco on Wednesday.")
        );
    }

    #[test]
    fn balanced_groups_not_greedy() {
        // 13 sentences of 10 words: 130 words make two passages of 70 + 60 at worst, not 80 + 50.
        let sentence = "Kane scored again from the spot after a long review.";
        let text = vec![sentence; 13].join(" ");
        let ps = check(&text);
        let words: Vec<usize> = ps.iter().map(|p| p.tokens.len()).collect();
        assert_eq!(words, [70, 60]);
    }

    #[test]
    fn long_sentence_is_cut_at_commas() {
        // Seed 002 without its full stops: one sentence of 400-odd words.
        let text = SEED_002.replace('.', "");
        let ps = check(&text);
        assert_eq!(ps.len(), word_count(&text).div_ceil(MAX_PASSAGE_WORDS));
        assert!(ps.iter().all(|p| p.sentences == (0..1)));
        let soft =
            ps[..ps.len() - 1].iter().filter(|p| text[p.range.clone()].ends_with([',', ';', ':'])).count();
        assert!(soft >= 1, "cuts should prefer commas");
        // 150 words in one sentence make two pieces of about 75; a comma after word 72 wins.
        let words: Vec<String> =
            (0..150).map(|i| if i == 71 { format!("w{i},") } else { format!("w{i}") }).collect();
        let text = words.join(" ");
        let ps = check(&text);
        assert_eq!(ps.iter().map(|p| p.tokens.len()).collect::<Vec<_>>(), [72, 78]);
        assert!(text[ps[0].range.clone()].ends_with("w71,"));
        // A hyphen inside a word is no place to cut.
        let text = (0..150)
            .map(|i| if i == 71 { "semi-final".to_string() } else { format!("w{i}") })
            .collect::<Vec<_>>()
            .join(" ");
        assert!(check(&text).iter().all(|p| !text[p.range.clone()].ends_with('-')));
        assert_eq!(check("x ".repeat(1000).as_str()).len(), 1000usize.div_ceil(MAX_PASSAGE_WORDS));
        assert!(check("").is_empty());
        assert!(check("*** \n --").is_empty());
    }

    #[test]
    fn bbcsport_corpus_invariants() {
        let Some(dir) = crate::eval::corpora_for_test() else { return };
        let data = std::fs::read_to_string(dir.join("bbcsport.jsonl")).expect("bbcsport.jsonl reads");
        let mut sizes = Vec::new();
        let mut bodies = 0;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let doc: serde_json::Value = serde_json::from_str(line).expect("json line");
            let body = doc["body"].as_str().expect("body");
            bodies += 1;
            sizes.extend(check(body).iter().map(|p| p.tokens.len()));
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
            1 => "[éßÆ漢字🙂\u{00A0}\u{2028}\u{0301}\u{200B}\t\r]",
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
        }
    }
}
