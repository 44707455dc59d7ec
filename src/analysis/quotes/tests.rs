//! Tests of quote extraction, attribution and comparison: on the seeds, on made-up text for each
//! pattern, and properties (no panics, ranges on character boundaries) over generated text.

use super::*;
use crate::eval::strip_tags;

const SEED0: &str = include_str!("../../../seeds/000_413961b8f36dffdf.txt");
const SEED1: &str = include_str!("../../../seeds/001_6e83b1c257ab88e6.txt");
const SEED2_RAW: &str = include_str!("../../../seeds/002_e0228e736809d36c.txt");

/// The quote whose words contain `needle`.
fn quote_with<'a>(quotes: &'a [Quote], text: &str, needle: &str) -> &'a Quote {
    quotes
        .iter()
        .find(|q| q.text(text).contains(needle))
        .unwrap_or_else(|| panic!("no quote contains {needle:?}"))
}

fn speaker_of(q: &Quote) -> (&str, SpeakerVia) {
    let s = q.speaker.as_ref().expect("speaker");
    (s.name.as_str(), s.via)
}

fn cue_of<'a>(q: &Quote, text: &'a str) -> &'a str {
    &text[q.cue.clone().expect("cue")]
}

/// Checks the invariants every extraction must keep: parts in order, disjoint, inside the
/// quote's range, on character boundaries, trimmed and not empty.
fn check_invariants(text: &str, quotes: &[Quote]) {
    let mut prev_end = 0;
    for q in quotes {
        assert!(!q.parts.is_empty());
        assert_eq!(q.range.start, q.parts[0].start);
        assert_eq!(q.range.end, q.parts[q.parts.len() - 1].end);
        for p in &q.parts {
            assert!(p.start >= prev_end, "parts overlap or are out of order: {p:?}");
            assert!(p.start < p.end && p.end <= text.len());
            assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            let s = &text[p.clone()];
            assert_eq!(s, s.trim(), "part not trimmed");
            prev_end = p.end;
        }
        if let Some(c) = &q.cue {
            assert!(c.start <= c.end && c.end <= text.len());
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Extraction

#[test]
fn seeds_keep_the_invariants() {
    for text in [SEED0.to_string(), SEED1.to_string(), strip_tags(SEED2_RAW)] {
        check_invariants(&text, &extract_quotes(&text, &[]));
    }
}

#[test]
fn multi_sentence_quote_is_one_part() {
    let quotes = extract_quotes(SEED0, &[]);
    let q = quote_with(&quotes, SEED0, "He scored the first one");
    assert_eq!(q.parts.len(), 1);
    assert!(q.text(SEED0).ends_with("we wouldn't have even been here without him."));
    assert!(q.text(SEED0).contains("I'm sure. He's a world-class striker"), "two sentences in one part");
}

#[test]
fn quote_over_two_paragraphs_continues() {
    // `saying: "For me, ... chances.\n\n"Harry has been incredible ..."`: the first paragraph
    // opens a quote without closing it, the second continues it.
    let quotes = extract_quotes(SEED0, &[]);
    let q = quote_with(&quotes, SEED0, "For me, we win and lose");
    assert_eq!(q.parts.len(), 2);
    assert!(SEED0[q.parts[1].clone()].starts_with("Harry has been incredible"));
    assert!(SEED0[q.range.clone()].contains("\n\n"));
    assert_eq!(speaker_of(q), ("Gareth Southgate", SpeakerVia::Colon));
}

#[test]
fn paragraphs_collapsed_into_one_line_continue() {
    // Seed 002 lost its paragraph breaks: `... right words. "I thought we gave ...`.
    let text = strip_tags(SEED2_RAW);
    let quotes = extract_quotes(&text, &[]);
    assert_eq!(quotes.len(), 1);
    let q = &quotes[0];
    assert_eq!(q.parts.len(), 4);
    assert!(text[q.parts[0].clone()].starts_with("It is hard now"));
    assert!(text[q.parts[3].clone()].ends_with("he will bounce back."));
    assert_eq!(speaker_of(q), ("Jordan Henderson", SpeakerVia::Colon));
    assert_eq!(cue_of(q, &text), "Jordan Henderson said");
}

#[test]
fn quote_interrupted_by_its_attribution() {
    let quotes = extract_quotes(SEED0, &[]);
    let q = quote_with(&quotes, SEED0, "It was disappointing to go 1-0 down");
    assert_eq!(q.parts.len(), 2);
    assert_eq!(&SEED0[q.parts[1].clone()], "We gave it everything and it wasn't our night.");
    assert_eq!(cue_of(q, SEED0), "Henderson said");
    assert_eq!(speaker_of(q), ("Jordan Henderson", SpeakerVia::CueAfter));
    // The cue lies between the parts, outside both.
    let cue = q.cue.clone().unwrap();
    assert!(q.parts[0].end <= cue.start && cue.end <= q.parts[1].start);
}

#[test]
fn missing_space_after_the_attribution() {
    // `"I think the performance (deserved better)," said Southgate."In the end goals ...`
    let quotes = extract_quotes(SEED1, &[]);
    let q = quote_with(&quotes, SEED1, "deserved better");
    assert_eq!(&SEED1[q.parts[0].clone()], "I think the performance (deserved better),");
    assert_eq!(&SEED1[q.parts[1].clone()], "In the end goals are decisive.");
    assert_eq!(q.parts.len(), 4, "and two more paragraphs");
    assert!(SEED1[q.parts[3].clone()].starts_with("I think the way they have progressed"));
    assert_eq!(speaker_of(q), ("Gareth Southgate", SpeakerVia::CueAfter));
    assert_eq!(cue_of(q, SEED1), "said Southgate");
    // Missing spaces inside the quote (`really good.The focus`) do not matter either.
    let q = quote_with(&quotes, SEED1, "really good.The focus");
    assert_eq!(speaker_of(q).0, "Jordan Henderson");
}

#[test]
fn nested_single_quotes_stay_inside() {
    let text = "Beattie was unrepentant. \"He was stopping as we were running and I said to myself \
                'if you're going to stay in my way I'll go straight over you'. Our heads barely touched,\" \
                said Beattie. \"Gallas was 'diving', 'cheating' and 'lying',\" he added.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 2);
    assert!(quotes[0].text(text).contains("'if you're going to stay in my way I'll go straight over you'."));
    assert_eq!(speaker_of(&quotes[0]), ("Beattie", SpeakerVia::CueAfter));
    assert_eq!(quotes[1].text(text), "Gallas was 'diving', 'cheating' and 'lying',");
    assert_eq!(speaker_of(&quotes[1]), ("Beattie", SpeakerVia::Pronoun));
}

#[test]
fn curly_quotes_work_like_straight_ones() {
    let text = "\u{201C}We know how many penalties Harry has scored for us,\u{201D} Henderson told ITV. \
                \u{201C}He\u{2019}ll be stronger for it.\u{201D}";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].parts.len(), 2);
    assert_eq!(cue_of(&quotes[0], text), "Henderson told ITV");
}

#[test]
fn doubled_apostrophes_are_quotation_marks() {
    // Two straight apostrophes written for a double mark, around a quote and its attribution.
    let text = "The board met on Friday. ''We will look at every option we have, and we will \
                fight on,'' said Harbour boss Tom Fenwick. ''This is not over.'' The appeal is \
                next week. Fenwick told the local paper: ''We have been left in the dark.\n\n\
                ''Nobody has told the players' families anything.''";
    let quotes = extract_quotes(text, &[]);
    check_invariants(text, &quotes);
    assert_eq!(quotes.len(), 2);
    assert_eq!(
        quotes[0].text(text),
        "We will look at every option we have, and we will fight on, This is not over."
    );
    assert_eq!(speaker_of(&quotes[0]), ("Tom Fenwick", SpeakerVia::CueAfter));
    assert_eq!(cue_of(&quotes[0], text), "said Harbour boss Tom Fenwick");
    // Over two paragraphs, with a plural possessive (`players'`) inside.
    assert_eq!(quotes[1].parts.len(), 2);
    assert!(quotes[1].text(text).ends_with("told the players' families anything."));
    assert_eq!(speaker_of(&quotes[1]), ("Tom Fenwick", SpeakerVia::Colon));
    // Curly apostrophes doubled work the same way.
    let text = "\u{2018}\u{2018}It was a hard night for all of us,\u{2019}\u{2019} said Tom Fenwick.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].text(text), "It was a hard night for all of us,");
    assert_eq!(speaker_of(&quotes[0]).0, "Tom Fenwick");
}

#[test]
fn single_apostrophes_are_not_quotation_marks() {
    // Possessives, elisions and single-quoted scare quotes open no quote.
    let text = "The players' union met the fans' group. It's rock 'n' roll, said the 'special' \
                one of the Jones' side, and the 'hard men' of the league agreed.";
    assert!(extract_quotes(text, &[]).is_empty());
    // Single quotes inside a doubled-apostrophe quote stay inside it.
    let text = "''They called it 'a disgrace' and I agree with them,'' said Tom Fenwick.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].text(text), "They called it 'a disgrace' and I agree with them,");
}

#[test]
fn scare_quotes_are_not_quotes() {
    let text = "Shepherd accused the striker of \"cheating\" the club. Moyes said it was \
                \"Goodison\" now.";
    assert!(extract_quotes(text, &[]).is_empty());
    // A naming verb reports the words (`described ... as "flattering"`, spk12: the fresh gold
    // sets count such phrases as quotes).
    let text = "Reyes described the speculation as \"flattering\".";
    assert_eq!(speaker_of(&extract_quotes(text, &[])[0]).0, "Reyes");
    // A few lower-case words a speech verb reports are what the speaker said (issue 12).
    let text = "Ferguson said his Arsenal counterpart was \"a disgrace\". But the Premier League \
                say it is \"extremely unlikely\" to happen.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 2);
    assert_eq!(speaker_of(&quotes[0]).0, "Ferguson");
    assert_eq!(speaker_of(&quotes[1]).0, "Premier League");
    // Two words said as speech, with a cue, are a quote.
    let text = "\"Absolutely not,\" said Wenger.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(speaker_of(&quotes[0]).0, "Wenger");
}

#[test]
fn a_lost_closing_mark_ends_the_quote_where_reporting_starts() {
    // BBC text with lost paragraph breaks and a lost closing mark: Mido's quote must not run
    // into the spokesman's.
    let text = "Mido added: \"So I'm now used to the fact that the press can be against me at times. \
                Meanwhile, Egypt FA spokesman Methat Shalaby welcomed the apology and said no one had \
                exerted pressure on Mido. \"Mido's apology today does not negatively affect Mido,\" Shalaby said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 2);
    assert!(quotes[0].text(text).ends_with("at times."));
    assert_eq!(speaker_of(&quotes[0]), ("Mido", SpeakerVia::Colon));
    assert_eq!(speaker_of(&quotes[1]).0, "Methat Shalaby");
}

#[test]
fn unbalanced_marks_terminate_and_lose_no_text() {
    let texts = [
        "He said \"this is never closed. And the story goes on.\n\nNext paragraph \"quoted words here for sure,\" said Kane.",
        "\"\"\"\" \" \"\" a \"b\" c \"",
        "Closing only,\" said Kane. And \"an opener at the very end",
        "\u{201D}backwards\u{201C} and \u{201C}\u{201C}double openers\u{201D} \u{201E}low\u{201C}",
        "\"",
        "",
    ];
    for text in texts {
        let quotes = extract_quotes(text, &[]);
        check_invariants(text, &quotes);
        // Every character is either in exactly one part or outside them all.
        let mut owner = vec![0u8; text.len()];
        for p in quotes.iter().flat_map(|q| q.parts.iter()) {
            for o in &mut owner[p.clone()] {
                *o += 1;
            }
        }
        assert!(owner.iter().all(|&o| o <= 1));
        let inside: String = quotes.iter().flat_map(|q| q.parts.iter()).map(|p| &text[p.clone()]).collect();
        let outside: String = text.char_indices().filter(|(i, _)| owner[*i] == 0).map(|(_, c)| c).collect();
        assert_eq!(inside.chars().count() + outside.chars().count(), text.chars().count());
    }
    // The unclosed quote keeps its words (up to its paragraph's end) and the next one is intact.
    let text = texts[0];
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes[0].text(text), "this is never closed. And the story goes on.");
    assert_eq!(quotes[1].text(text), "quoted words here for sure,");
    assert_eq!(speaker_of(&quotes[1]).0, "Kane");
}

#[test]
fn a_quote_of_five_thousand_words() {
    let words: Vec<String> = (0..5000).map(|i| format!("word{i}")).collect();
    let inner = words.join(" ");
    let text = format!("Southgate said: \"{inner}.\" Then he left.\n\nHenderson said: \"{inner}");
    let start = std::time::Instant::now();
    let quotes = extract_quotes(&text, &[]);
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    check_invariants(&text, &quotes);
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].text(&text), format!("{inner}."));
    assert_eq!(speaker_of(&quotes[0]), ("Southgate", SpeakerVia::Colon));
    // Unclosed at the end of the text: all its words are kept.
    assert_eq!(quotes[1].text(&text), inner);
    assert_eq!(speaker_of(&quotes[1]).0, "Henderson");
    // Comparing against it terminates too, and finds the words.
    let cmp = compare("word2000 word2001 word2002 word2003 word2004 word2005", &inner, false).expect("found");
    assert_eq!(cmp.kind, MatchKind::Partial);
    let (r, w) = best_window("word4990 word4991 word4992 word4993 word4994", &inner).expect("found");
    assert_eq!(&inner[r], "word4990 word4991 word4992 word4993 word4994");
    assert_eq!(w.kind, MatchKind::Verbatim);
    assert!(compare(&inner, &inner.replace("word2500", "other"), false)
        .is_some_and(|c| c.kind == MatchKind::Variant));
}

#[test]
fn thousands_of_quotes_are_all_extracted() {
    // Unattributed pronoun cues make every quote look back through the text; the look-back is
    // bounded (speed is measured by the growth bench in benches/pipeline_stages.rs, not here).
    let unit =
        "\"It was a long night for all of us and the fans,\" he said.\n\n\n\n\"A \" b \"c,\" she added. ";
    let text = unit.repeat(2500);
    let quotes = extract_quotes(&text, &[]);
    check_invariants(&text, &quotes);
    assert!(quotes.len() >= 2500);
}

// ---------------------------------------------------------------------------------------------
// Attribution

#[test]
fn cue_after_name_said() {
    // `"...," England midfielder Henderson said after the 2-1 loss`
    let quotes = extract_quotes(SEED0, &[]);
    let q = quote_with(&quotes, SEED0, "We know how many penalties");
    assert_eq!(cue_of(q, SEED0), "Henderson said");
    // Without entity mentions the name is the fullest form in the text.
    assert_eq!(speaker_of(q), ("Jordan Henderson", SpeakerVia::CueAfter));
    assert_eq!(q.speaker.as_ref().unwrap().id, None);
}

#[test]
fn cue_after_said_name() {
    let quotes = extract_quotes(SEED1, &[]);
    let q = quote_with(&quotes, SEED1, "We win and lose as a team");
    assert_eq!(cue_of(q, SEED1), "added Southgate");
    assert_eq!(speaker_of(q), ("Gareth Southgate", SpeakerVia::CueAfter));
    let text = "\"It was a great result for the club,\" said Arsenal boss Arsene Wenger after the game.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Arsene Wenger", SpeakerVia::CueAfter));
    assert_eq!(cue_of(&quotes[0], text), "said Arsenal boss Arsene Wenger");
}

#[test]
fn told_keeps_the_audience_in_the_cue() {
    let quotes = extract_quotes(SEED1, &[]);
    let q = quote_with(&quotes, SEED1, "We know how many penalties");
    assert_eq!(cue_of(q, SEED1), "Henderson told ITV");
    assert_eq!(speaker_of(q), ("Jordan Henderson", SpeakerVia::CueAfter));
    let text = "The striker is happy. \"The board have made an offer to renew the contract,\" he told the News of the World.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(cue_of(&quotes[0], text), "he told the News of the World");
}

#[test]
fn description_resolves_to_the_earlier_speaker() {
    // `Henderson conceded a huge opportunity ... "We felt really good ...," added the Liverpool midfielder.`
    let quotes = extract_quotes(SEED1, &[]);
    let q = quote_with(&quotes, SEED1, "We felt really good");
    assert_eq!(cue_of(q, SEED1), "added the Liverpool midfielder");
    assert_eq!(speaker_of(q), ("Jordan Henderson", SpeakerVia::Pronoun));
}

#[test]
fn colon_cues() {
    let text = "Everton manager David Moyes was furious.\n\nSpeaking after the game, Moyes said: \"I don't think it was a sending-off.\"\n\n\
                - Manchester United coach Sir Alex Ferguson: \"It was a fantastic performance by us.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("David Moyes", SpeakerVia::Colon));
    assert_eq!(cue_of(&quotes[0], text), "Moyes said");
    assert_eq!(speaker_of(&quotes[1]), ("Sir Alex Ferguson", SpeakerVia::Colon));
}

#[test]
fn cue_before_without_colon() {
    let text = "Ferguson said his side \"deserved much more than a draw\" at Goodison.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Ferguson", SpeakerVia::CueBefore));
}

#[test]
fn according_to() {
    let text =
        "\"He wants to stay at the club for the rest of his career,\" according to his agent Brian Hassell. \
                According to Wenger, \"the referee had a very bad day at the office\".";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Brian Hassell", SpeakerVia::AccordingTo));
    assert_eq!(cue_of(&quotes[0], text), "according to his agent Brian Hassell");
    assert_eq!(speaker_of(&quotes[1]), ("Wenger", SpeakerVia::AccordingTo));
}

#[test]
fn apposition_x_who() {
    let text = "Henderson, who captained the side in Kane's absence, said: \"We gave everything tonight.\" \
                \"It hurts,\" Gerrard, the Liverpool captain, admitted.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Henderson", SpeakerVia::Apposition));
    assert_eq!(cue_of(&quotes[0], text), "Henderson, who captained the side in Kane's absence, said");
    assert_eq!(speaker_of(&quotes[1]), ("Gerrard", SpeakerVia::Apposition));
}

#[test]
fn he_said_resolves_to_the_subject_of_the_preceding_attribution() {
    // `Southgate said he did not think ... "I think it was just the key moments ..." he said.`
    let quotes = extract_quotes(SEED0, &[]);
    let q = quote_with(&quotes, SEED0, "key moments");
    assert_eq!(cue_of(q, SEED0), "he said");
    assert_eq!(speaker_of(q), ("Gareth Southgate", SpeakerVia::Pronoun));
    // With a new subject in between, `he said` follows the nearest person.
    let text = "\"We were unlucky today,\" said Ferguson. Arsene Wenger was unhappy with the referee. \
                \"It was never a penalty,\" he said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[1]).0, "Arsene Wenger");
    // `he added` keeps the last speaker over a narrative subject.
    let text = "\"We were unlucky today,\" said Ferguson. Rooney scored twice in the second half. \
                \"It could have been more,\" he added.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[1]).0, "Ferguson");
}

#[test]
fn continuation_inherits_the_speaker() {
    let quotes = extract_quotes(SEED0, &[]);
    for (needle, who) in [
        ("He scored the first one", "Jordan Henderson"),
        ("You've got to give credit to France", "Jordan Henderson"),
        ("We had more shots on goal", "Gareth Southgate"),
    ] {
        let q = quote_with(&quotes, SEED0, needle);
        assert_eq!(speaker_of(q), (who, SpeakerVia::Continuation), "{needle}");
        assert_eq!(q.cue, None);
    }
    let quotes = extract_quotes(SEED1, &[]);
    let q = quote_with(&quotes, SEED1, "He'll be stronger for it");
    assert_eq!(q.parts.len(), 2, "two paragraphs");
    assert_eq!(speaker_of(q), ("Jordan Henderson", SpeakerVia::Continuation));
}

#[test]
fn reported_speech_before_a_quote_names_its_speaker() {
    let text = "Wenger insists he has complete faith in the Spaniard.\n\n\"If you look at my career, \
                you will see that I have left many big players out.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Wenger", SpeakerVia::CueBefore));
}

#[test]
fn captions_and_page_furniture_never_speak() {
    for text in [
        "Fans on the pitch after the final whistle. Hide Caption 3 of 24\n\"We deserved it tonight, every one of us.\"",
        "Image copyright Getty Images Image caption\n\"We deserved it tonight, every one of us.\"",
        "Media playback is unsupported on your device\n\"We deserved it tonight, every one of us.\"",
        "- Hide Caption: \"We deserved it tonight, every one of us.\"",
    ] {
        let quotes = extract_quotes(text, &[]);
        assert_eq!(quotes.len(), 1, "{text}");
        assert_eq!(quotes[0].speaker, None, "{text}");
    }
}

#[test]
fn a_name_inside_a_noun_phrase_is_not_the_speaker() {
    let text = "An early own goal and an Alan Shearer strike earned Newcastle a 2-1 win.\n\n\
                \"Obviously with winning the game we are happy,\" he said.";
    let quotes = extract_quotes(text, &[]);
    assert_ne!(quotes[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Alan Shearer"));
    let text = "Graeme Souness was pleased. A Kane penalty had settled it.\n\n\"We were patient,\" he said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Graeme Souness");
}

/// Person mentions as the tagger gives them: every occurrence of each full name and of its
/// surname alone (a possessive `Henry's` included, inside quotes too), with the full name.
fn mentions_of(text: &str, full_names: &[&str]) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    for n in full_names {
        let surname = n.rsplit(' ').next().unwrap();
        for (i, m) in text.match_indices(surname) {
            let full = i >= n.len() - surname.len() && text[..i + m.len()].ends_with(n);
            let start = if full { i + m.len() - n.len() } else { i };
            out.push(PersonMention { range: start..i + m.len(), id: n.to_lowercase(), name: n.to_string() });
        }
    }
    out.sort_by_key(|m| m.range.start);
    out
}

#[test]
fn a_name_the_quote_glosses_in_brackets_is_not_its_speaker() {
    // `He (Henry)`: the writer's gloss names whom the quote is about. The sentence before
    // only mentions Henry, so without the rule `he said` went to him.
    let text = "Arsenal striker Thierry Henry scored twice at Highbury. Arsene Wenger praised his team \
                afterwards. Henry's goals kept the side top of the league.\n\n\
                \"He (Henry) is the best striker in the world, and he will stay with us,\" he said.";
    for people in [mentions_of(text, &["Thierry Henry", "Arsene Wenger"]), Vec::new()] {
        let quotes = extract_quotes(text, &people);
        assert_eq!(speaker_of(quote_with(&quotes, text, "best striker")).0, "Arsene Wenger");
    }
    // Square brackets, and a gloss of the whole name.
    let text = "Chelsea beat Fulham 3-0. Frank Lampard spoke to reporters. Didier Drogba's header \
                opened the scoring.\n\n\"[Didier Drogba] was superb today,\" he said.";
    let quotes = extract_quotes(text, &mentions_of(text, &["Frank Lampard", "Didier Drogba"]));
    assert_eq!(speaker_of(&quotes[0]).0, "Frank Lampard");
    // A gloss of the speaker's own `we` names his club, not someone else.
    assert!(!attribute::bracketed_in("We (Chelsea) are disappointed.", "Chelsea"));
    assert!(attribute::bracketed_in("They (Chelsea) are strong.", "Chelsea"));
    assert!(attribute::bracketed_in("He (Bridge) has no chance,", "Wayne Bridge"));
    assert!(!attribute::bracketed_in("He has no chance (in the final),", "Wayne Bridge"));
    // A surname in the quote outside brackets may still be the speaker naming himself.
    assert!(!attribute::bracketed_in("They wanted Bridge out,", "Wayne Bridge"));
}

#[test]
fn a_name_inside_quoted_words_is_no_narrative_candidate() {
    // The sentence before the quote names Henry only inside a short quote: he is what the
    // papers said, not whom `he said` refers to; the walk goes on to Wenger.
    let text = "Arsenal striker Thierry Henry scored twice. Arsene Wenger spoke after the match. \
                Newspapers on Monday hailed \"Henry's night\" across their back pages.\n\n\
                \"It was a special performance from everybody,\" he said.";
    let quotes = extract_quotes(text, &mentions_of(text, &["Thierry Henry", "Arsene Wenger"]));
    assert_eq!(speaker_of(quote_with(&quotes, text, "special performance")).0, "Arsene Wenger");
}

#[test]
fn a_subject_before_an_auxiliary_chain_is_the_clause_subject() {
    // `Keane, who ..., will not have`: the auxiliaries skipped with the adverbs mark Keane as
    // the subject, so `he said` is Keane, not Terry (only mentioned, in a possessive).
    let text = "Chelsea defender John Terry limped off in the first half. Roy Keane watched from the \
                stands. Terry's injury also means Keane, who reportedly wants to sign a defender, \
                will not have a centre-back for the final.\n\n\
                \"There is nothing we can do about it now,\" he said.";
    for people in [mentions_of(text, &["John Terry", "Roy Keane"]), Vec::new()] {
        let quotes = extract_quotes(text, &people);
        assert_eq!(speaker_of(&quotes[0]), ("Roy Keane", SpeakerVia::Pronoun));
    }
    // `has already` and `was` as well.
    let text = "Gary Neville was booked early on. Neville's booking means Alex Ferguson has already \
                decided to rest him.\n\n\"He needs a break,\" he said.";
    let quotes = extract_quotes(text, &mentions_of(text, &["Gary Neville", "Alex Ferguson"]));
    assert_eq!(speaker_of(&quotes[0]).0, "Alex Ferguson");
}

#[test]
fn a_quote_after_a_stance_of_its_speaker() {
    let text = "The Clyde boss lost heavily, but Thompson is confident his side can stay up.\n\n\
                \"We have a good group and we will be fine.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Thompson", SpeakerVia::CueBefore));
    let text = "Ferguson, though, is confident his young players are up to the task. \
                \"We have an opportunity to win this cup this year.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Ferguson");
    // A plain narrative sentence still gives nobody.
    let text = "Thompson scored twice in the second half.\n\n\"We have a good group and we will be fine.\"";
    assert_eq!(extract_quotes(text, &[])[0].speaker, None);
}

#[test]
fn organisations_and_statements_speak() {
    let text = "Glazer owns a 28% stake, and United's statement to the stock exchange said: \
                \"The board has noted the recent press speculation.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "United");
    let text = "A Football Association spokesperson said: \"We will look at the incident in full.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Football Association");
}

#[test]
fn unknown_stays_unknown() {
    // Seed-like text with no cue and narrative before the quote: nobody is guessed.
    let text = "The striker nodded home the equaliser with five minutes left.\n\n\
                \"I felt we did enough to win the game even though the first half was lacklustre.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].speaker, None);
    // A pronoun with nobody to refer to stays unknown, but keeps its cue.
    let text = "\"It was a long night for all of us,\" he said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes[0].speaker, None);
    assert_eq!(cue_of(&quotes[0], text), "he said");
}

#[test]
fn entity_mentions_give_full_names_and_ids() {
    let people: Vec<PersonMention> = ["Jordan Henderson", "Henderson", "Gareth Southgate", "Southgate"]
        .iter()
        .flat_map(|n| SEED0.match_indices(n).map(|(i, m)| (i, m.len())).collect::<Vec<_>>())
        .map(|(i, len)| {
            let surname = SEED0[i..i + len].rsplit(' ').next().unwrap();
            let (id, name) =
                if surname == "Henderson" { ("Q1", "Jordan Henderson") } else { ("Q2", "Gareth Southgate") };
            PersonMention { range: i..i + len, id: id.into(), name: name.into() }
        })
        .collect();
    let quotes = extract_quotes(SEED0, &people);
    let q = quote_with(&quotes, SEED0, "We know how many penalties");
    let sp = q.speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_str(), sp.id.as_deref()), ("Jordan Henderson", Some("Q1")));
    let q = quote_with(&quotes, SEED0, "key moments");
    let sp = q.speaker.as_ref().unwrap();
    assert_eq!(
        (sp.name.as_str(), sp.id.as_deref(), sp.via),
        ("Gareth Southgate", Some("Q2"), SpeakerVia::Pronoun)
    );
    // Continuations inherit the id too.
    let q = quote_with(&quotes, SEED0, "He scored the first one");
    assert_eq!(q.speaker.as_ref().unwrap().id.as_deref(), Some("Q1"));
}

#[test]
fn every_seed_quote_has_its_speaker() {
    let seed2 = strip_tags(SEED2_RAW);
    for (text, n) in [(SEED0, 8), (SEED1, 6), (seed2.as_str(), 1)] {
        let quotes = extract_quotes(text, &[]);
        assert_eq!(quotes.len(), n);
        for q in &quotes {
            let name = &q.speaker.as_ref().expect("speaker").name;
            assert!(name == "Jordan Henderson" || name == "Gareth Southgate", "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Comparison

const HARRY: &str = "We know how many penalties Harry has scored for us";

#[test]
fn the_penalties_quote_in_all_three_outlets() {
    let seed2 = strip_tags(SEED2_RAW);
    let mut kinds = Vec::new();
    for text in [SEED0, SEED1, seed2.as_str()] {
        let quotes = extract_quotes(text, &[]);
        let found: Vec<(&Quote, Comparison)> =
            quotes.iter().filter_map(|q| compare(HARRY, &q.text(text), false).map(|c| (q, c))).collect();
        assert_eq!(found.len(), 1, "one quote per outlet");
        let (q, cmp) = &found[0];
        assert_eq!(q.speaker.as_ref().unwrap().name, "Jordan Henderson");
        kinds.push(cmp.kind);
        // best_window finds the words themselves.
        let (r, w) = best_window(HARRY, &q.text(text)).expect("window");
        assert_eq!(&q.text(text)[r], HARRY);
        assert_eq!(w.kind, MatchKind::Verbatim);
    }
    // 000 printed the sentence alone; 001 and 002 within a longer quote.
    assert_eq!(kinds, [MatchKind::Verbatim, MatchKind::Partial, MatchKind::Partial]);
}

#[test]
fn windows_map_back_to_the_article() {
    // Seed 002's quote has four parts; a window in its joined text maps back into the body.
    let text = strip_tags(SEED2_RAW);
    let q = &extract_quotes(&text, &[])[0];
    let joined = q.text(&text);
    let (r, _) = best_window(HARRY, &joined).unwrap();
    assert_eq!(&text[q.source_range(r)], HARRY);
    let (r, _) = best_window("We gave it everything and unfortunately it wasn't our night", &joined).unwrap();
    assert_eq!(&text[q.source_range(r)], "We gave it everything and unfortunately it wasn't our night");
    // The whole joined text maps to the whole quote.
    assert_eq!(q.source_range(0..joined.len()), q.range);
}

#[test]
fn each_outlets_version_is_found_with_its_speaker() {
    let seed2 = strip_tags(SEED2_RAW);
    let outlets = [SEED0, SEED1, seed2.as_str()];
    // (query wording from one outlet, expected speaker, outlets expected to carry it)
    let cases = [
        ("He'll be stronger for it in the long run I'm sure.", "Jordan Henderson", [true, true, true]),
        (
            "He's a world class striker, our captain and we wouldn't be here without him.",
            "Jordan Henderson",
            [true, true, true],
        ),
        // 001 printed `Unfortunately it wasn't our night.`: a reworded version.
        ("We gave it everything and it wasn't our night.", "Jordan Henderson", [true, true, true]),
        ("We win and lose as a team", "Gareth Southgate", [true, true, false]),
        (
            "We wouldn't be here but for the number of goals he's scored for us.",
            "Gareth Southgate",
            [true, true, false],
        ),
    ];
    for (query, who, expect) in cases {
        for (k, text) in outlets.iter().enumerate() {
            let quotes = extract_quotes(text, &[]);
            // As `pressbox quote` ranks them: the best match in the outlet.
            let hit = quotes
                .iter()
                .filter_map(|q| {
                    let same = q.speaker.as_ref().is_some_and(|s| s.name == who);
                    let t = q.text(text);
                    let c = compare(query, &t, same)
                        .or_else(|| best_window_with(query, &t, same).map(|(_, c)| c));
                    c.map(|c| (q, c))
                })
                .max_by(|a, b| a.1.similarity.total_cmp(&b.1.similarity));
            assert_eq!(hit.is_some(), expect[k], "{query:?} in outlet {k}");
            if let Some((q, _)) = hit {
                assert_eq!(q.speaker.as_ref().unwrap().name, who, "{query:?} in outlet {k}");
            }
        }
    }
}

#[test]
fn verbatim_ignores_case_punctuation_and_diacritics() {
    let c = compare(
        "We know how many penalties Harry has scored for us",
        "we know, how many penalties Harry has scored for us!",
        false,
    )
    .unwrap();
    assert_eq!(c.kind, MatchKind::Verbatim);
    assert_eq!(c.similarity, 1.0);
    let c = compare("Tchouaméni’s strike was brilliant", "Tchouameni's strike was brilliant", false).unwrap();
    assert_eq!(c.kind, MatchKind::Verbatim);
}

#[test]
fn variants_contractions_and_a_few_words() {
    // Contractions only.
    let c = compare(
        "He'll be stronger for it in the long run",
        "He will be stronger for it in the long run",
        false,
    )
    .unwrap();
    assert_eq!(c.kind, MatchKind::Variant);
    assert!(c.similarity > 0.95 && c.similarity < 1.0);
    assert_eq!(c.diff, vec![DiffOp::Same("He will be stronger for it in the long run".into())]);
    // The seeds' two versions of Henderson's sentence: words added and dropped.
    let a = "He's a world-class striker and our captain and we wouldn't have even been here without him.";
    let b = "He's a world class striker, our captain and we wouldn't be here without him.";
    let c = compare(a, b, false).unwrap();
    assert_eq!(c.kind, MatchKind::Variant);
    assert!(c.diff.contains(&DiffOp::Removed("have even been".into())), "{:?}", c.diff);
    assert!(c.diff.contains(&DiffOp::Added("be".into())), "{:?}", c.diff);
    // Southgate's, with `he scored` / `he's scored`.
    let c = compare(
        "We wouldn't be here, but for the number of goals he scored for us.",
        "We wouldn't be here but for the number of goals he's scored for us.",
        false,
    )
    .unwrap();
    assert_eq!(c.kind, MatchKind::Variant);
    assert!(c.diff.contains(&DiffOp::Added("he's".into())), "{:?}", c.diff);
}

#[test]
fn partial_either_way() {
    // The query is part of the candidate.
    let c =
        compare(HARRY, "We know how many penalties Harry has scored for us, he scored the first one", false)
            .unwrap();
    assert_eq!(c.kind, MatchKind::Partial);
    assert_eq!(c.diff[0], DiffOp::Same(HARRY.into()));
    assert_eq!(c.diff[1], DiffOp::Added("he scored the first one".into()));
    // The candidate printed part of the query.
    let q = "For me, we win and lose as a team and we've let a couple of goals in and missed a few chances.";
    let c = compare(q, "We've let a couple of goals in and missed a few chances", false).unwrap();
    assert_eq!(c.kind, MatchKind::Partial);
    assert!(c.similarity < 0.79);
    // Three common content words in a third of the query: a stock phrase, not this quote.
    assert!(compare(q, "We win and lose as a team,", false).is_none());
    // Scattered common words are not a part.
    assert!(compare(
        HARRY,
        "We will see how many goals they get and how many we score for us and for them",
        false
    )
    .is_none());
}

#[test]
fn paraphrase_needs_the_same_speaker() {
    let a = "He'll be stronger for it in the long run";
    let b = "He will be stronger for this in the future";
    let c = compare(a, b, true).unwrap();
    assert_eq!(c.kind, MatchKind::Paraphrase);
    assert!(c.similarity >= 0.30 && c.similarity < 0.60);
    assert!(compare(a, b, false).is_none());
    // Seed 002's reworded line inside seed 000's long quote.
    let q = "He will be stronger for this in the future";
    let quotes = extract_quotes(SEED0, &[]);
    let long = quote_with(&quotes, SEED0, "He scored the first one").text(SEED0);
    let (r, c) = best_window_with(q, &long, true).unwrap();
    assert_eq!(c.kind, MatchKind::Paraphrase);
    assert!(long[r].contains("stronger for it in the long run"));
}

#[test]
fn unrelated_quotes_by_the_same_speaker_do_not_match() {
    for other in [
        "It feels like a missed chance because I felt the performances were really good and the focus and the hunger was good every single day",
        "He scored the first one and how many goals he has scored to get us here ... he'll be stronger for it in the long run I'm sure.",
        "You've got to give credit to France, they're a good team.",
    ] {
        assert_eq!(compare(HARRY, other, true), None, "{other}");
        assert_eq!(best_window_with(HARRY, other, true), None, "{other}");
    }
}

#[test]
fn a_quote_nobody_reported_finds_nothing() {
    let seed2 = strip_tags(SEED2_RAW);
    let q = "We were robbed by the referee and everybody in the stadium knows it";
    for text in [SEED0, SEED1, seed2.as_str()] {
        for quote in extract_quotes(text, &[]) {
            assert!(compare(q, &quote.text(text), true).is_none());
        }
        assert!(best_window(q, text).is_none());
    }
}

#[test]
fn words_printed_outside_quotation_marks_are_found() {
    // Reported without marks, in a passage.
    let passage = "Henderson said they knew how many penalties Harry has scored for us and that Kane would be stronger for it.";
    let (r, c) = best_window("We know how many penalties Harry has scored for us", passage).unwrap();
    assert!(passage[r.clone()].ends_with("how many penalties Harry has scored for us"), "{}", &passage[r]);
    assert!(r.start >= passage.find("they").unwrap());
    assert_eq!(c.kind, MatchKind::Variant);
    assert!(c.diff.iter().any(|d| matches!(d, DiffOp::Removed(w) if w.starts_with("We"))), "{:?}", c.diff);
}

#[test]
fn empty_and_punctuation_only_inputs() {
    assert_eq!(compare("", "anything at all", true), None);
    assert_eq!(compare("...", "!!!", true), None);
    assert_eq!(best_window("", "text"), None);
    assert_eq!(best_window("text", ""), None);
}

// ---------------------------------------------------------------------------------------------
// Properties

mod props {
    use super::*;
    use proptest::prelude::*;

    fn texty() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "\"",
            "\u{201C}",
            "\u{201D}",
            "\u{201E}",
            "'",
            "\u{2019}",
            " ",
            " ",
            "\n",
            "\n\n",
            ",",
            ".",
            ":",
            "said",
            "Henderson",
            "he",
            "told",
            "ITV",
            "added",
            "the",
            "midfielder",
            "who",
            "according",
            "to",
            "We",
            "know",
            "penalties",
            "é",
            "ß",
            "\u{1F600}",
            "-",
            "(",
            ")",
            "Sir",
            "Alex",
            "Ferguson",
            "Meanwhile",
        ]);
        prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    /// Pieces of quotes: words that contract, stop words, plurals and possessives,
    /// participles after `'s` / `'d`, sentence ends.
    fn wordy_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "he's ",
            "He’s ",
            "she'd ",
            "I'd ",
            "we'll ",
            "won't ",
            "can't ",
            "cannot ",
            "don't ",
            "let's ",
            "it's ",
            "Harry's ",
            "n't ",
            "been ",
            "scored ",
            "better ",
            "always ",
            "never ",
            "the ",
            "a ",
            "players ",
            "player ",
            "class ",
            "goals ",
            "goal ",
            "we ",
            "know ",
            "how ",
            "many ",
            "penalties ",
            "has ",
            "had ",
            "would ",
            "will ",
            "not ",
            "is ",
            "stronger ",
            "for ",
            "it ",
            "in ",
            "long ",
            "run ",
            "future ",
            "world-class ",
            "striker, ",
            "captain ",
            "and ",
            "here ",
            "without ",
            "him. ",
            "us! ",
            "night; ",
            "really? ",
            "\n",
            "\u{201C}",
            "\u{201D}",
            "Tchouaméni ",
            "ß ",
            "— ",
            "1-0 ",
        ])
    }

    fn wordy() -> impl Strategy<Value = Vec<&'static str>> {
        prop::collection::vec(wordy_piece(), 0..40)
    }

    proptest! {
        #[test]
        fn extract_never_panics_and_keeps_invariants(text in texty()) {
            let quotes = extract_quotes(&text, &[]);
            check_invariants(&text, &quotes);
        }

        #[test]
        fn extract_on_arbitrary_text(text in "\\PC{0,200}") {
            let quotes = extract_quotes(&text, &[]);
            check_invariants(&text, &quotes);
        }

        #[test]
        fn extract_with_arbitrary_mentions(text in texty(), spans in prop::collection::vec((0usize..400, 0usize..40), 0..6)) {
            let people: Vec<PersonMention> = spans
                .into_iter()
                .filter_map(|(s, l)| {
                    let s = s.min(text.len());
                    let e = (s + l).min(text.len());
                    (text.is_char_boundary(s) && text.is_char_boundary(e))
                        .then(|| PersonMention { range: s..e, id: format!("q{s}"), name: "Some One".into() })
                })
                .collect();
            let quotes = extract_quotes(&text, &people);
            check_invariants(&text, &quotes);
        }

        #[test]
        fn compare_never_panics(a in texty(), b in texty(), same in any::<bool>()) {
            if let Some(c) = compare(&a, &b, same) {
                prop_assert!((0.0..=1.0).contains(&c.similarity));
                prop_assert!(same || c.kind != MatchKind::Paraphrase);
            }
            // Anything with words is verbatim against itself.
            if let Some(c) = compare(&a, &a, same) {
                prop_assert_eq!(c.kind, MatchKind::Verbatim);
            }
        }

        #[test]
        fn comparison_on_ids_is_the_comparison_on_words(
            base in wordy(), pre in wordy(), post in wordy(), cut in (0usize..40, 0usize..40),
            edits in prop::collection::vec((0usize..60, wordy_piece()), 0..4), same in any::<bool>(),
        ) {
            // A candidate made of the query (or a stretch of it) with words around it and a
            // few changed, so that every kind of match comes up.
            let (from, to) = (cut.0.min(base.len()), base.len().saturating_sub(cut.1).max(cut.0.min(base.len())));
            let mut cand: Vec<&str> = pre.clone();
            cand.extend(&base[from..to]);
            cand.extend(&post);
            for (at, w) in &edits {
                if !cand.is_empty() {
                    let at = at % cand.len();
                    cand[at] = w;
                }
            }
            let (q, c) = (base.concat(), cand.concat());
            for (a, b) in [(&q, &c), (&c, &q)] {
                let old = compare_reference::compare(a, b, same);
                prop_assert_eq!(compare(a, b, same), old.clone(), "compare {:?} / {:?}", a, b);
                let old_window = compare_reference::best_window_with(a, b, same);
                prop_assert_eq!(best_window_with(a, b, same), old_window.clone(), "window {:?} / {:?}", a, b);
                let p = Prepared::new(a);
                prop_assert_eq!(whole_and_window(&p, b, same), (old, old_window));
            }
        }

        #[test]
        fn best_window_is_on_char_boundaries(a in texty(), b in "\\PC{0,120}") {
            if let Some((r, c)) = best_window(&a, &b) {
                prop_assert!(r.start <= r.end && r.end <= b.len());
                prop_assert!(b.is_char_boundary(r.start) && b.is_char_boundary(r.end));
                prop_assert!((0.0..=1.0).contains(&c.similarity));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Speaker names

#[test]
fn speaker_matching_is_by_name_words() {
    assert!(speaker_matches(Some("Henderson"), Some("Jordan Henderson")));
    assert!(speaker_matches(Some("Sir Alex Ferguson"), Some("Alex Ferguson")));
    assert!(speaker_matches(Some("Hassel"), Some("Brian Hassell")));
    assert!(speaker_matches(None, None));
    assert!(!speaker_matches(Some("Gary Neville"), Some("Phil Neville")));
    assert!(!speaker_matches(Some("Kane"), Some("Kano")));
    assert!(!speaker_matches(None, Some("Jordan Henderson")));
    assert!(!speaker_matches(Some("Henderson"), None));
}

#[test]
fn typed_enums_serialise_in_snake_case() {
    use serde_json::json;
    assert_eq!(serde_json::to_value(SpeakerVia::CueAfter).unwrap(), json!("cue_after"));
    assert_eq!(serde_json::to_value(SpeakerVia::AccordingTo).unwrap(), json!("according_to"));
    assert_eq!(serde_json::to_value(MatchKind::Verbatim).unwrap(), json!("verbatim"));
    let op = DiffOp::Removed("the words".into());
    assert_eq!(serde_json::to_value(&op).unwrap(), json!({"op": "removed", "text": "the words"}));
    assert_eq!(serde_json::from_value::<DiffOp>(json!({"op": "removed", "text": "the words"})).unwrap(), op);
    assert_eq!(
        serde_json::from_value::<SpeakerVia>(json!("continuation")).unwrap(),
        SpeakerVia::Continuation
    );
}

#[test]
fn quotes_from_tokens_are_the_quotes_from_text() {
    for text in [SEED0.to_string(), SEED1.to_string(), strip_tags(SEED2_RAW)] {
        let tokens = crate::text::Tokens::new(&text);
        let from_tokens = extract_quotes_tokens(&tokens, &[]);
        assert!(!from_tokens.is_empty());
        assert_eq!(from_tokens, extract_quotes(&text, &[]));
    }
}

#[test]
fn a_description_between_the_verb_and_the_name() {
    let text = "The club will only coach girls up to 16. \"Our aim is best served concentrating on \
                youngsters,\" said club director of communications Philip Townsend. \"Our resources \
                are better deployed at school level.\"\n\n\"We will look again,\" said the chairman.";
    let quotes = extract_quotes(text, &[]);
    let q = quote_with(&quotes, text, "Our aim is best served");
    assert_eq!(speaker_of(q).0, "Philip Townsend");
    // No name after the description: no speaker is made up from its words.
    let q = quote_with(&quotes, text, "We will look again");
    assert!(q.speaker.as_ref().is_none_or(|s| !s.name.contains("chairman")), "{:?}", q.speaker);
}

#[test]
fn issue_12_continuations_statements_and_descriptions() {
    // A narrative sentence whose subject is the previous speaker, then a quote with no cue.
    let text = "\"We were good,\" said Alex Ferguson. Ferguson also hailed Ryan Giggs and Roy Keane. \
                \"Roy came on and brought composure.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 2);
    assert_eq!(speaker_of(&quotes[1]), ("Alex Ferguson", SpeakerVia::Continuation));
    // ... but not when the sentence is about someone else.
    let text = "\"We were good,\" said Alex Ferguson. Arsene Wenger hailed Ryan Giggs. \"Roy came on.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes[1].speaker, None);
    // `It read:` after a sentence naming an organisation's statement.
    let text = "The Premier League's statement confirmed Arsenal had asked for it. \
                It read: \"The board is finally able to establish a position.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Premier League");
    // A name between commas after a role is the subject.
    let text = "Their president, Gustavo Parente Sanchez, says Juninho \"does not wish to remain\".";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Gustavo Parente Sanchez");
    // A description is someone the story is about, not a person merely named before it; and
    // a quote calling someone by his first name is not his.
    let text = "Chelsea's Petr Cech set a benchmark. That beat the mark set by Manchester United's \
                Peter Schmeichel. The Czech Republic international said: \"The team has been fantastic.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Petr Cech");
    let text = "Meanwhile, David O'Leary has rapped skipper Olof Mellberg. Mellberg spoke of his dislike \
                of Birmingham. \"I've had a quiet word with Olof,\" he told Villa's website.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "David O'Leary");
}

#[test]
fn spk12_reported_phrases_descriptions_pronouns_and_spokesmen() {
    // `as X puts it` before a quoted phrase, `as he called it` after one.
    let text = "As union chief Gordon Taylor puts it, the winger is now at a \"turning point in his \
                life\".";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "turning point")).0, "Gordon Taylor");
    let text = "Brian Barwick wants to stamp out diving - or \"cheating\" as he bluntly called it - \
                this season.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "cheating")).0, "Brian Barwick");
    // A naming verb reports its subject's words; in the passive, the agent's.
    let text = "Managing director Karen Brady has called it \"derisory\".";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "derisory")).0, "Karen Brady");
    let text = "Peter Schmeichel was hailed as the \"bargain of the century\" by Alex Ferguson after \
                he signed him.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "bargain")).0, "Alex Ferguson");
    let text = "He accused the striker of \"cheating\" and walked off.";
    assert!(extract_quotes(text, &[]).is_empty());
    // A possessor's description, and a fragment going on with it.
    let text = "And to Luciano Gaucci's reported description of her as \"very beautiful\" with a \
                \"great figure\", Birgit Prinz responded: \"I'm not suited to be a glamour girl.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "very beautiful")).0, "Luciano Gaucci");
    assert_eq!(speaker_of(quote_with(&quotes, text, "great figure")).0, "Luciano Gaucci");
    assert_eq!(speaker_of(quote_with(&quotes, text, "glamour girl")).0, "Birgit Prinz");
    // Lower-case fragments with no cue in the next sentence go on with a reported phrase.
    let text = "His lawyer Barry Warburton told the court Pennant grew up on \"one of the worst \
                estates\" in the city. He had only \"intermittent\" schooling.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "intermittent")).0, "Barry Warburton");
    // A possessive subject is who a pronoun may mean.
    let text = "\"It is not for sale,\" said Karen Brady. Robbie Savage's future has been the subject \
                of talk. But good displays against West Brom have impressed fans. \"The crowd was \
                great,\" he said.";
    // With the tagger's people, `West Brom` (not one of them) is no person.
    let people: Vec<PersonMention> = ["Karen Brady", "Robbie Savage"]
        .iter()
        .map(|n| {
            let i = text.find(n).expect("name in text");
            PersonMention { range: i..i + n.len(), id: n.to_lowercase(), name: n.to_string() }
        })
        .collect();
    let quotes = extract_quotes(text, &people);
    assert_eq!(speaker_of(quote_with(&quotes, text, "crowd was great")).0, "Robbie Savage");
    // A doubled opening mark.
    let text = "Brian Barwick spoke on Monday. He said: \" \"There are always issues in the game.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].text(text), "There are always issues in the game.");
    assert_eq!(speaker_of(&quotes[0]).0, "Brian Barwick");
    // A scare-quoted word with no `as ... it` stays out.
    let text = "Brian Barwick wants to stamp out \"diving\" this season.";
    assert!(extract_quotes(text, &[]).is_empty());
    // A description that speaks is someone already quoted, not the person the sentence
    // before is about.
    let text = "\"It is a great job,\" Gordon Strachan told the BBC. Club director Terry Brady met \
                Strachan on Monday. The former Scotland international added that the timing was \
                wrong. \"I have too many memories of the other side,\" he said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "too many memories")).0, "Gordon Strachan");
    // A pronoun in an opening clause refers forward to the main clause's subject.
    let text = "Luciano Gaucci wanted Birgit Prinz at Perugia. But though she admitted to thinking \
                about it, Prinz turned the offer down. \"The comparisons are flattering,\" she said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "comparisons")).0, "Birgit Prinz");
    // An organisation's spokesman may name the organisation in the quote.
    let text = "A Premier League spokesman said the rules were clear. He said: \"A player under \
                contract cannot talk to another club.\" The spokesman added: \"The Premier League \
                rules are clear on that.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "rules are clear on that")).0, "Premier League");
}

#[test]
fn an_unnamed_club_voice_is_the_club() {
    // `A club spokesman`, `a club statement`: the club of the story's people speaks, not the
    // player the story is about.
    let text = "Harbour midfielder Tom Fenwick will miss a month after an operation. The \
                22-year-old, who has started every game this season, had knee surgery on Monday. \
                A club spokesman confirmed: \"The operation went well and he will be back soon.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Harbour", SpeakerVia::Pronoun));
    let text = "Millbrook Rovers boss Sam Hart has left. A club statement said: \"We thank Sam for \
                his work and wish him well.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Millbrook Rovers");
    let text = "Millbrook Rovers boss Sam Hart has left. The club's website said: \"We thank Sam \
                for his work.\"";
    assert_eq!(speaker_of(&extract_quotes(text, &[])[0]).0, "Millbrook Rovers");
    // With no club named for its people, nobody is guessed.
    let text = "Tom Fenwick will miss a month. A club spokesman said: \"He will be back soon.\"";
    assert!(extract_quotes(text, &[])[0].speaker.is_none());
    // `The club spokesman` may be one named before: read like any description.
    let text = "\"It was a shock,\" said club spokesman Ian Ross. Harbour midfielder Tom Fenwick \
                was taken to hospital. The club spokesman added: \"He is fine now.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "He is fine now")).0, "Ian Ross");
}

#[test]
fn a_common_phrase_is_no_partial_but_a_distinctive_run_is() {
    // Six words, one of them a content word: printed in countless unrelated quotes.
    let q = "We are where we are now and the fans deserve far better than this performance";
    assert!(compare(q, "We are where we are now", false).is_none());
    assert!(compare("We are where we are now", q, false).is_none());
    // A stock noun phrase of three content words is no partial either.
    let q = "The President of the United States should not be picking the men and women who cover him";
    assert!(compare(q, "he met the President of the United States", false).is_none());
    // Eight words of a longer quote with five content words: that quote, in part.
    let long =
        "Honestly it was the worst refereeing decision I have ever seen in my whole career in football";
    let c = compare(long, "the worst refereeing decision I have ever seen", false).expect("a partial");
    assert_eq!(c.kind, MatchKind::Partial);
    assert!((c.query_share() - 8.0 / 17.0).abs() < 0.01, "{}", c.query_share());
    // A real share of the quote: the same eight words of a very long quote are not that quote.
    let longer = format!(
        "{long} and I have been in this game for thirty years as a player, a coach and now a manager of this club"
    );
    assert!(compare(&longer, "the worst refereeing decision I have ever seen", false).is_none());
}

#[test]
fn spk13_asides_relative_clauses_possessive_nouns_and_added() {
    // A quote with no cue after a few sentences of context about no other person resumes the
    // previous speaker.
    let text = "\"We deserved the win,\" said Maria Lopez. The victory lifts the club to third. \
                But the side still trail the leaders by four points.\n\n\"We can catch them.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(
        speaker_of(quote_with(&quotes, text, "catch them")),
        ("Maria Lopez", SpeakerVia::Continuation)
    );
    // ... not when another person is the subject there,
    let text = "\"We deserved the win,\" said Maria Lopez. Coach Tom Hardy praised the defence. \
                \"We can catch them.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quote_with(&quotes, text, "catch them").speaker, None);
    // ... unless the quote glosses him in brackets: it is about him, so not his.
    let text = "\"We deserved the win,\" said Maria Lopez. Coach Tom Hardy praised the defence. \
                \"He (Hardy) asked me to push on.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "asked me")).0, "Maria Lopez");
    // ... nor after more than a few sentences.
    let text = "\"We deserved the win,\" said Maria Lopez. The club is third. The rain fell. \
                The crowd was small. The pitch was heavy. \"We can catch them.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quote_with(&quotes, text, "catch them").speaker, None);
    // A relative clause on a name before the quote: the name speaks.
    let text = "That hope is shared by Jonas Berg, who believes \"the title race is wide open\".";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Jonas Berg");
    // ... but a relative clause inside narrative is no speaker for a later `he said`.
    let text = "\"It was close,\" said agent Paul Moss. Moss made it clear a move abroad was less likely \
                than one to Leeds United, who also expressed an interest. \"He likes it here,\" he said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "likes it here")).0, "Paul Moss");
    // `his admission that he "..."`: the pronoun's referent.
    let text = "Jonas Berg denied he had asked to leave. But his admission that he \"felt let down \
                by the decision\" will fuel talk of a rift.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Jonas Berg");
    // `the paper says` is a publication: not a person the sentence before names.
    let text = "The home side's captain Luis Vega was singled out for praise. \"Vega was \
                everywhere,\" the paper says.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(quote_with(&quotes, text, "everywhere").speaker, None);
    // `added` finds the previous speaker as the subject of the sentence before it.
    let text = "\"I was pleased to score,\" said Jonas Berg. Berg opened the scoring from a corner. \
                Full-back Sam Reid scored a second before the break. Keeper Ali Khan saved a late \
                penalty. Victory takes them second and Berg is confident they can go top. He \
                added: \"We can win the league.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "win the league")).0, "Jonas Berg");
}

#[test]
fn an_unnamed_voice_of_a_named_body_is_the_body() {
    // `said a Harbour official, who declined to be named`: the body speaks, not the player the
    // story is about; `he added` goes on with it.
    let text = "Former Harbour striker Tom Fenwick is to begin talks with Millbrook.\n\n\"Fenwick will \
                watch the match from our stand,\" said a Millbrook official, who declined to be \
                named. \"Then he will meet the coach,\" he added.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "watch the match")), ("Millbrook", SpeakerVia::CueAfter));
    assert_eq!(speaker_of(quote_with(&quotes, text, "meet the coach")).0, "Millbrook");
    // The voice before its verb, after the quote: `a Northern League spokesman confirmed`.
    let text = "The Northern League will look into the approach for Tom Fenwick. \"It is hard to put \
                a date on it,\" a Northern League spokesman confirmed to the BBC.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Northern League");
    // `the Millbrook official` may be one named before: a description, read as before.
    let text = "\"It was a shock,\" said Millbrook official Ian Ross. Harbour striker Tom Fenwick \
                was taken to hospital. \"He is fine now,\" the Millbrook official added.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "He is fine now")).0, "Ian Ross");
}

#[test]
fn an_age_description_is_the_person_just_written_about() {
    // The first quote of the story: `the 34-year-old` is the player the sentence before names.
    let text = "Harbour have signed Millbrook midfielder Tom Fenwick until the end of the season.\n\n\
                \"It was an easy decision,\" the 34-year-old told the club's website.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]), ("Tom Fenwick", SpeakerVia::Pronoun));
    // After another speaker: the person the sentence before is about, not that speaker.
    let text = "Sam Hart beat Tom Fenwick in the final. \"It was a strange match,\" said Hart. Hart \
                has now won the title four times. Fenwick, ranked 158th in the world, was forced to \
                miss qualifying. \"For me, this was a big success,\" said the 20-year-old.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "big success")).0, "Tom Fenwick");
    // A name merely mentioned (`his move from Real Oviedo`) is no one an age describes.
    let text = "Harbour striker Tom Fenwick has struggled since joining Millbrook. His side have lost \
                twice since his move from Real Oviedo. \"It is hard,\" the 28-year-old said.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Tom Fenwick");
    // Another description still prefers the earlier speaker.
    let text = "Sam Hart beat Tom Fenwick in the final. \"It was a strange match,\" said Hart. Hart \
                has now won the title four times. Fenwick, ranked 158th in the world, was forced to \
                miss qualifying. \"I played well,\" said the champion.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "played well")).0, "Sam Hart");
}

#[test]
fn a_named_stance_before_he_added_is_the_speaker() {
    // `he added` after `..., but Fenwick is confident ...`: the stance's subject goes on.
    let text = "\"We will stay up,\" said Harbour boss Sam Hart. Tom Fenwick has played for three \
                clubs. He joins Harbour second from bottom, but Fenwick is confident the club have a \
                bright future. \"I have been very impressed with the facilities,\" he added.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(quote_with(&quotes, text, "facilities")).0, "Tom Fenwick");
    // A pronoun's stance (`although he hopes to persuade Khan`) is no help: `he` is the
    // story's subject still.
    let text = "Harbour boss Sam Hart is lining up a move for Tom Fenwick.\n\nHe sees Fenwick as the \
                ideal replacement for Ali Khan, although he hopes to persuade Khan to carry on. \"He \
                is a great centre-forward,\" he told the radio.";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(speaker_of(&quotes[0]).0, "Sam Hart");
}

#[test]
fn an_act_of_speech_before_a_quote_is_its_speaker() {
    // `has renewed his criticism of`: the subject voices it in the next quote, not the speaker
    // quoted before.
    let text = "\"We expect a fight,\" said chairman Sam Hart. Former coach Ali Khan has renewed his \
                criticism of Tom Fenwick, who took charge six months ago. \"The team has talented \
                players. Fenwick needs to back them.\"";
    let quotes = extract_quotes(text, &[]);
    assert_eq!(
        speaker_of(quote_with(&quotes, text, "talented players")),
        ("Ali Khan", SpeakerVia::CueBefore)
    );
    let text = "Sam Hart paid tribute to his players. \"They were superb all season.\"";
    assert_eq!(speaker_of(&extract_quotes(text, &[])[0]).0, "Sam Hart");
    // Any other object is narrative, and criticism he faced is not his: nobody is guessed.
    for text in [
        "Ali Khan has renewed his contract with Harbour. \"The team has talented players.\"",
        "Ali Khan faced criticism from the fans. \"The team has talented players.\"",
    ] {
        assert!(extract_quotes(text, &[])[0].speaker.is_none(), "{text}");
    }
}
