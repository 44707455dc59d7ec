//! Fact extraction on the seeds (read at run time), on prose written for these tests, and on
//! text with no match in it.

use super::*;
use crate::analysis::entities::{Gazetteer, Tagger};

fn seed(n: usize) -> String {
    let dir = crate::eval::repo_dir().join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    crate::eval::strip_tags(&std::fs::read_to_string(&paths[n]).unwrap())
}

fn goals(facts: &[Fact]) -> Vec<(String, Option<Minute>, GoalHow)> {
    facts
        .iter()
        .filter_map(|f| match &f.kind {
            FactKind::Goal { scorer, how, .. } => Some((scorer.name.clone(), f.minute, *how)),
            _ => None,
        })
        .collect()
}

fn penalties(facts: &[Fact]) -> Vec<(PenaltyOutcome, Option<String>)> {
    facts
        .iter()
        .filter_map(|f| match &f.kind {
            FactKind::Penalty { outcome, taker, .. } => {
                Some((*outcome, taker.as_ref().map(|t| t.name.clone())))
            }
            _ => None,
        })
        .collect()
}

fn finals(facts: &[Fact]) -> Vec<(Option<String>, Option<String>, [u8; 2])> {
    facts
        .iter()
        .filter(|f| f.confidence >= SURE)
        .filter_map(|f| match &f.kind {
            FactKind::Score { stage: Stage::Final, teams, goals, .. } => Some((
                teams[0].as_ref().map(|t| t.id.clone()),
                teams[1].as_ref().map(|t| t.id.clone()),
                *goals,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn seed_000_goals_minutes_penalties_and_score() {
    let text = seed(0);
    let facts = extract_text(&text);
    let g = goals(&facts);
    assert!(g.contains(&("Aurélien Tchouaméni".into(), Some(Minute::At(17)), GoalHow::Unspecified)), "{g:?}");
    assert!(g.contains(&("Olivier Giroud".into(), Some(Minute::At(78)), GoalHow::Header)), "{g:?}");
    assert!(
        g.iter().any(|(n, m, h)| n == "Harry Kane"
            && *h == GoalHow::Penalty
            && *m == Some(Minute::Between { from: 46, to: 60 })),
        "{g:?}"
    );
    let p = penalties(&facts);
    let kane = Some("Harry Kane".to_string());
    assert!(p.contains(&(PenaltyOutcome::Scored, kane.clone())), "{p:?}");
    assert!(p.contains(&(PenaltyOutcome::Missed, kane)), "{p:?}");
    let s = finals(&facts);
    assert!(s.contains(&(Some("team:england".into()), Some("team:france".into()), [1, 2])), "{s:?}");
    assert!(facts
        .iter()
        .any(|f| matches!(&f.kind, FactKind::Venue { venue } if venue.name == "Al Bayt Stadium")));
    // Every evidence span lies in the text, inside its passage's paragraph.
    for f in &facts {
        assert!(text.get(f.range.clone()).is_some_and(|s| !s.is_empty()), "{f:?}");
        assert!(f.passage.is_some());
    }
}

#[test]
fn seed_001_fouls_var_and_a_penalty_missed_in_the_next_sentence() {
    let facts = extract_text(&seed(1));
    let p = penalties(&facts);
    let kane = Some("Harry Kane".to_string());
    assert!(p.contains(&(PenaltyOutcome::Scored, kane.clone())), "{p:?}");
    assert!(p.contains(&(PenaltyOutcome::Missed, kane)), "{p:?}");
    assert!(p.iter().any(|(o, _)| *o == PenaltyOutcome::NotGiven), "{p:?}");
    assert!(p.iter().any(|(o, _)| *o == PenaltyOutcome::Awarded), "{p:?}");
    let not_given = facts.iter().find_map(|f| match &f.kind {
        FactKind::Penalty { outcome: PenaltyOutcome::NotGiven, fouled, conceded_by, .. } => {
            Some((fouled.clone()?.name, conceded_by.clone()?.name))
        }
        _ => None,
    });
    assert_eq!(not_given, Some(("Harry Kane".into(), "Dayot Upamecano".into())));
    assert!(facts
        .iter()
        .any(|f| matches!(&f.kind, FactKind::Referee { referee } if referee.name == "Wilton Sampaio")));
    assert!(facts.iter().any(|f| matches!(f.kind, FactKind::Var { .. })));
    let g = goals(&facts);
    assert!(g.iter().any(|(n, _, _)| n == "Olivier Giroud"), "{g:?}");
    assert!(!g.iter().any(|(n, _, _)| n == "Didier Deschamps" || n == "Harry Maguire"), "{g:?}");
}

#[test]
fn seed_002_conceded_by_and_the_final_score() {
    let facts = extract_text(&seed(2));
    let awarded = facts.iter().find_map(|f| match &f.kind {
        FactKind::Penalty { outcome: PenaltyOutcome::Awarded, fouled, conceded_by, .. } => {
            Some((fouled.clone()?.name, conceded_by.clone()?.name))
        }
        _ => None,
    });
    assert_eq!(awarded, Some(("Mason Mount".into(), "Théo Hernández".into())));
    let g = goals(&facts);
    assert!(g.iter().any(|(n, m, _)| n == "Aurélien Tchouaméni" && *m == Some(Minute::At(17))), "{g:?}");
    let s = finals(&facts);
    assert!(s.iter().all(|(_, _, g)| *g == [2, 1] || *g == [1, 2]), "{s:?}");
}

#[test]
fn scores_with_their_teams() {
    let s = finals(&extract_text(
        "Danny Welbeck and Diego Gomez stole the show as Brighton & Hove Albion swept aside Leeds United 3-0 at \
         the Amex Stadium. Welbeck scored in the 11th minute.",
    ));
    assert_eq!(s, [(Some("club:brighton-and-hove-albion".into()), Some("club:leeds-united".into()), [3, 0])]);
    let s = finals(&extract_text(
        "Arsenal coasted to a 2-0 victory over Burnley on Saturday. Viktor Gyokeres scored in the 14th minute \
         and Declan Rice added a second goal.",
    ));
    assert_eq!(s, [(Some("club:arsenal".into()), Some("club:burnley".into()), [2, 0])]);
    // A running score and another match's result are no final score.
    let f = extract_text(
        "Chelsea went 1-0 up in the 20th minute through a Cole Palmer goal. Last week's 2-1 loss at Fulham was \
         forgotten as Chelsea beat Arsenal 3-1.",
    );
    assert_eq!(finals(&f), [(Some("club:chelsea".into()), Some("club:arsenal".into()), [3, 1])]);
}

#[test]
fn contradictory_statements_stay_two_facts() {
    let f = extract_text(
        "Olivier Giroud headed in the winner in the 78th minute as France beat England 2-1. Later in the report: \
         Giroud's goal came in the 81st minute.",
    );
    let g = goals(&f);
    let minutes: Vec<_> = g.iter().filter(|(n, _, _)| n == "Olivier Giroud").map(|(_, m, _)| *m).collect();
    assert!(minutes.contains(&Some(Minute::At(78))) && minutes.contains(&Some(Minute::At(81))), "{g:?}");
}

#[test]
fn cards_and_substitutions() {
    let f = extract_text(
        "Leeds beat Burnley 2-0 at Elland Road. Joe Rodon was booked in the 30th minute and Josh Cullen was sent \
         off after 70 minutes. Lukas Nmecha replaced Dominic Calvert-Lewin at half-time.",
    );
    let cards: Vec<_> = f
        .iter()
        .filter_map(|x| match &x.kind {
            FactKind::Card { colour, player } => Some((*colour, player.name.clone(), x.minute)),
            _ => None,
        })
        .collect();
    assert!(cards.contains(&(CardColour::Yellow, "Joe Rodon".into(), Some(Minute::At(30)))), "{cards:?}");
    assert!(cards.contains(&(CardColour::Red, "Josh Cullen".into(), Some(Minute::At(70)))), "{cards:?}");
    let subs: Vec<_> = f
        .iter()
        .filter_map(|x| match &x.kind {
            FactKind::Substitution { on, off } => Some((on.clone()?.name, off.clone()?.name)),
            _ => None,
        })
        .collect();
    assert_eq!(subs, [("Lukas Nmecha".to_string(), "Dominic Calvert-Lewin".to_string())]);
}

#[test]
fn no_match_no_facts() {
    // Written for this test: football words, but no match.
    let f = extract_text(
        "Arsenal are weighing up a move for a striker in January. The club's manager said the squad needed more \
         goals, and the board has set aside money for a new goalkeeper as well.",
    );
    assert!(f.is_empty(), "{f:?}");
    // Tennis and cricket from the BBC Sport corpus, read at run time.
    let Some(dir) = crate::eval::corpora_for_test() else { return };
    let text = std::fs::read_to_string(dir.join("bbcsport.jsonl")).unwrap();
    let mut checked = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap_or("");
        if !(id.contains("tennis") || id.contains("cricket")) {
            continue;
        }
        let body = v["body"].as_str().unwrap_or("");
        let f = extract_text(body);
        let goals =
            f.iter().filter(|x| matches!(x.kind, FactKind::Goal { .. } | FactKind::Score { .. })).count();
        assert_eq!(goals, 0, "{id}: {f:?}");
        checked += 1;
    }
    assert!(checked >= 100, "{checked}");
}

#[test]
fn title_scores_home_first() {
    let tagger = Tagger::new(&Gazetteer::builtin());
    let title = "Brighton 3-0 Leeds";
    let t = Tokens::new(title);
    let f = title_score(&t, &tagger.tag(title)).unwrap();
    match f.kind {
        FactKind::Score { teams, goals, home_away, .. } => {
            assert_eq!(goals, [3, 0]);
            assert!(home_away);
            assert_eq!(teams[0].as_ref().unwrap().id, "club:brighton-and-hove-albion");
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(f.passage, None);
    assert!(title_score(&Tokens::new("Kane backed"), &tagger.tag("Kane backed")).is_none());
}

/// `PRESSBOX_FACTS_DUMP=file cargo test --lib facts::tests::dump -- --ignored --nocapture`
/// prints the facts of a text file (a development aid).
#[test]
#[ignore]
fn dump() {
    let Some(path) = std::env::var_os("PRESSBOX_FACTS_DUMP") else { return };
    let text = std::fs::read_to_string(&path).unwrap();
    if path.to_string_lossy().ends_with(".jsonl") {
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let body = v["body"].as_str().unwrap_or("");
            for f in extract_text(body) {
                let s = serde_json::json!({"id": v["id"], "fact": f, "evidence": &body[f.range.clone()]});
                println!("{s}");
            }
        }
        return;
    }
    let text = crate::eval::strip_tags(&text);
    for f in extract_text(&text) {
        println!(
            "{:?} {:?} c{} | {}",
            f.kind,
            f.minute.map(|m| m.label()),
            f.confidence,
            &text[f.range.clone()]
        );
    }
}

mod arbitrary {
    use proptest::prelude::*;

    use super::*;

    /// Text made of match-report pieces: names, teams, scores, minutes, cues, punctuation.
    fn report_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => "(Kane|Giroud|Harry Kane|Olivier Giroud's|England|France|Arsenal|Leeds United|the)",
            3 => "(scored|penalty|missed|saved|header|goal|booked|sent off|replaced|VAR|referee|beat|win|defeat|draw|spot|minute|minutes|from time|half-time|stoppage time|early in the second half|by|through|to|and|over)",
            2 => "[0-9]{1,3}(st|nd|rd|th)?",
            1 => "[0-9]-[0-9]",
            1 => "\\([0-9]{2}\\+[0-9]\\)",
            3 => "[ ]{1,2}",
            1 => "\n{1,2}",
            1 => "[.,;:'’\"“”()—–-]",
            1 => "[éß漢🙂\u{00A0}\u{0301}\u{200B}]",
        ];
        prop_oneof![
            4 => prop::collection::vec(piece, 0..200).prop_map(|v| v.concat()),
            1 => any::<String>(),
        ]
    }

    /// Found by the property below: a goal word followed by "by" at the very end of the text.
    #[test]
    fn a_goal_word_then_by_at_the_end_is_no_panic() {
        assert!(extract_text("KaneKane0-1' Arsenal(00+0)header by").iter().all(|f| f.range.end <= 35));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn no_panic_and_evidence_inside_the_text(text in report_like()) {
            let facts = extract_text(&text);
            for f in &facts {
                prop_assert!(f.range.start <= f.range.end && text.get(f.range.clone()).is_some());
                prop_assert!(f.confidence <= 100);
            }
            let t = Tokens::new(&text);
            let _ = minutes_in(&t);
        }
    }
}

#[test]
fn goals_after_a_miss_in_the_clause_and_for_the_equaliser() {
    let text = "Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday. \
        Chelsea had only half chances, until Tom Brennan made it 1-0 with a low drive. \
        Ben Cole saw his goal disallowed and Sam Okafor scored moments later. \
        A deflected cross fell to Leo Hart for the equaliser in the 70th minute. \
        The keeper produced a fine stop to deny Dan Reeve's goal-bound effort.";
    let g: Vec<String> = goals(&extract_text(text)).into_iter().map(|(n, _, _)| n).collect();
    for name in ["Tom Brennan", "Sam Okafor", "Leo Hart"] {
        assert!(g.iter().any(|n| n == name), "{name}: {g:?}");
    }
    assert!(!g.iter().any(|n| n == "Dan Reeve" || n == "Ben Cole"), "{g:?}");
}

/// The scorers found in `text` read as the second sentence of a match report.
fn scorer_names(text: &str) -> Vec<String> {
    let report = format!("Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday. {text}");
    goals(&extract_text(&report)).into_iter().map(|(n, _, _)| n).collect()
}

#[test]
fn scorers_after_a_far_by_a_relative_who_and_a_dash_aside() {
    let cases = [
        ("A corner was knocked back by Ben Cole and nodded in on the goalline by Sam Okafor.", "Sam Okafor"),
        ("A fine cross was turned in by the outstretched leg of Leo Hart.", "Leo Hart"),
        (
            "When Dan Reeve, who now has six goals against them, put the visitors ahead, it felt settled.",
            "Dan Reeve",
        ),
        ("Tom Brennan \u{2013} restored to the starting line-up \u{2013} broke the deadlock.", "Tom Brennan"),
        ("The second arrived in the 67th minute \u{2013} Max Lowe slamming home from 12 yards.", "Max Lowe"),
        ("A foul gave them a penalty, with Joe Pike making no mistake from 12 yards.", "Joe Pike"),
        ("Seeing Carl Frey getting a second goal in as many games will please the manager.", "Carl Frey"),
        ("Ian Moss stole a march on the defence to score his fifth goal of the season.", "Ian Moss"),
        ("Rob Hale worked a yard of space to fire the hosts ahead.", "Rob Hale"),
        ("The chaos ended with Neil Gray finding the winner in the six-yard box.", "Neil Gray"),
        ("Tom Brennan stole the ball from Pat Gibbs before applying a sublime finish.", "Tom Brennan"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    let g = scorer_names(cases[0].0);
    assert!(!g.iter().any(|n| n == "Ben Cole"), "{g:?}");
    let g = scorer_names(cases[10].0);
    assert!(!g.iter().any(|n| n == "Pat Gibbs"), "{g:?}");
}

#[test]
fn no_scorer_for_a_keepers_goal_the_side_netting_or_another_match() {
    for text in [
        "A wall of shirts stood between Arsenal and Paul Vick's goal in the early stages.",
        "Ray Dunn also headed into the side-netting late on.",
        "Theo Ramm rippled the side netting early in the second half.",
        "The keeper was on hand to repel Jon Ude's strike, which was heading for the net.",
        "They came in on a high, with Eli Crouse's stoppage-time equaliser against Leeds last week stretching their run.",
        "They were given a scare when Gus Dale got in behind and tucked home \u{2013} with the offside flag coming to their rescue.",
        "Tom Brennan easily avoided Leny Ray to hit the back of the net.",
        "He showed pace to get behind Carl Voss, and then composure to finish past the keeper.",
        "It was the boost Sean Dyke and his players needed heading into the international break.",
        "Two defenders were slotting into the full-back positions, with Abe Garn among them.",
        "Mal Aster was heading into the keeper's gloves.",
    ] {
        // Only "Tom Brennan" (who did hit the net) may be a scorer in these.
        let g = scorer_names(text);
        assert!(g.iter().all(|n| n == "Tom Brennan"), "{text:?}: {g:?}");
    }
}

#[test]
fn a_report_without_score_or_exact_minute_is_read_by_its_halves() {
    let text = "Brighton and Leeds met at the Amex Stadium on Saturday. Leeds had the better of the \
        first half. Early in the second half, Tom Brennan fired home from close range for Brighton.";
    let g: Vec<String> = goals(&extract_text(text)).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(g, ["Tom Brennan"]);
    // Without the halves it is no match report.
    let g = goals(&extract_text(&text.replace("second half", "season").replace("first half", "season")));
    assert!(g.is_empty(), "{g:?}");
}

#[test]
fn scorers_of_bare_infinitives_no_mistakes_and_consolations() {
    let cases = [
        ("He timed his run perfectly, and Ian Moss was there to poke home.", "Ian Moss"),
        ("A quick corner was crossed for Leo Hart to head in powerfully.", "Leo Hart"),
        (
            "Max Lowe rose to meet the cross and steer a superb header into the bottom-left corner.",
            "Max Lowe",
        ),
        ("When his first chance arrived, Rob Hale made no mistake.", "Rob Hale"),
        ("They found the net midway through the half, with Dan Reeve finishing coolly.", "Dan Reeve"),
        ("The hosts held firm until Neil Gray's late consolation.", "Neil Gray"),
        ("Joe Pike arrowed a spectacular effort into the top-left corner.", "Joe Pike"),
        ("It came from the unlikeliest source in Carl Frey who restored their lead.", "Carl Frey"),
        ("Bob Anthony dragged Burnley level in the first half.", "Bob Anthony"),
        ("Ten minutes later Rob Hale added a second from close range.", "Rob Hale"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    for text in [
        "Ray Dunn headed over from Carl Voss's clever nod back in a rare attack.",
        "Theo Ramm was unable to turn home the delivery into the box.",
        "Jon Ude fluffed a close-range finish off a bouncing cross.",
        "Abe Garn sent a well-struck volley straight at the keeper in the first half.",
        "Carl Voss dragged the forward back and was sent off.",
        "New signing Mal Aster was put straight into the side and added pace to his new side's midfield.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn goals_told_without_a_goal_verb() {
    let cases = [
        ("When the big moment came, Rob Hale was on hand to secure the win.", "Rob Hale"),
        ("Ian Moss was in the right place with a header for the second week running.", "Ian Moss"),
        (
            "The defence was all at sea when the ball reached Dan Reeve, who took his chance brilliantly.",
            "Dan Reeve",
        ),
        ("Joe Pike made sure of victory soon after with a low drive.", "Joe Pike"),
        ("The game was settled late on, prior to Neil Gray sealing the points.", "Neil Gray"),
        ("The hosts were caught out, with Ian Moss profiting when the keeper dropped a cross.", "Ian Moss"),
        ("Max Lowe took full advantage of the ensuing chaos to cancel out their lead.", "Max Lowe"),
        ("Tom Brennan's strike put the gloss on a fine all-round performance.", "Tom Brennan"),
        ("Carl Frey's lovely finish silenced the home crowd.", "Carl Frey"),
        ("A through-ball allowed Sam Okafor to lift home.", "Sam Okafor"),
        ("The delivery was perfect for Bob Anthony to powerfully head in.", "Bob Anthony"),
        ("A corner was swept in by Theo Ramm at the far post.", "Theo Ramm"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    for text in [
        "The keeper Paul Vick was on hand to repel the volley from distance.",
        "Abe Garn took his chance to impress after coming off the bench.",
        "Carl Voss was in the right place to clear the ball off the line.",
        "Mal Aster made sure of his place in the side with a tireless display.",
        "Jon Ude's cross was flicked on by Ray Dunn towards the far post.",
        "A defender had to clear Gus Dale's strike off the line.",
        "Eli Crouse's header sent Theo Ramm clear down the left.",
        "Ray Dunn found space to powerfully head Gus Dale's corner goalwards, but the keeper tipped it over.",
        "Gus Dale sealed a move to the club in the summer.",
        "Their shape was set up to cancel out the threat of the wingers.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn a_goal_told_by_he_is_the_subject_of_the_sentence_or_the_one_before() {
    let cases = [
        ("Max Lowe had other ideas. He showed brilliant anticipation to flick in the equaliser.", "Max Lowe"),
        ("Rob Hale barely had to jump when he nodded the corner home in the first half.", "Rob Hale"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    for text in [
        // "He" is the subject of another verb, or the goal did not stand.
        "Tom Brennan was lively. He turned provider as Arsenal doubled their lead in the 49th minute.",
        "Carl Voss thought he had put his side ahead when he flicked home, but the flag was up.",
        // Two names before "he": no one referent.
        "Paul Vick made a fine save to deny Ian Moss, and then he slotted into the corner at the other end.",
        // Another match.
        "Eli Crouse earned rave reviews as he scored two goals in pre-season.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn two_words_of_one_match_anchor_a_report_without_score_or_minute() {
    // Written for this test: no score, no minute, no "half-time".
    let text = "Chelsea started brightly against the visitors. Nevertheless, all seemed on track when \
        Tom Brennan broke the deadlock soon after, and the visitors never found an equaliser.";
    let g: Vec<String> = goals(&extract_text(text)).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(g, ["Tom Brennan"]);
    // One such word is not enough: a club's news is no match report.
    let g = goals(&extract_text(
        "Chelsea confirmed that Tom Brennan broke the deadlock in his contract talks with the club on Monday.",
    ));
    assert!(g.is_empty(), "{g:?}");
}

#[test]
fn minutes_of_goals_told_beside_their_scorer() {
    let report = "Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday. \
        Arsenal's second arrived in the 67th minute \u{2013} Max Lowe slamming home from 12 yards. \
        Chelsea had taken the lead in the 23rd minute through Leo Hart's deflected shot, but were pegged back. \
        Rob Hale dragged Arsenal back into the contest, pulling one back in the 64th minute. \
        Arsenal were not to be denied, as substitute Ian Moss reacted quickest to volley home in the 88th minute.";
    let g = goals(&extract_text(report));
    for (name, m) in [("Max Lowe", 67), ("Leo Hart", 23), ("Rob Hale", 64), ("Ian Moss", 88)] {
        assert!(g.iter().any(|(n, x, _)| n == name && *x == Some(Minute::At(m))), "{name} {m}': {g:?}");
    }
    // The minute of a clause that names someone else is not borrowed; a shot owned by a name
    // that was saved is no goal.
    let g = goals(&extract_text(
        "Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday. Carl Voss was booked in the 30th \
         minute \u{2013} Tom Brennan firing home soon after. Chelsea wanted the lead through Dan Reeve's shot, \
         which was saved by the keeper.",
    ));
    assert!(g.iter().any(|(n, x, _)| n == "Tom Brennan" && x.is_none()), "{g:?}");
    assert!(!g.iter().any(|(n, _, _)| n == "Dan Reeve"), "{g:?}");
}

#[test]
fn another_matchs_goal_and_a_second_object_are_no_scorers() {
    for text in [
        "Last month's 2-2 draw against Leeds saw Carl Voss score a stoppage-time equaliser.",
        "He pirouetted away from Gus Dale and Ray Dunn, then worked half a yard of space to drill past the keeper.",
        "Before signing for Leeds, where Abe Garn scored 12 goals in 68 appearances, he played in Spain.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
    // A possessive "last week's" after the goal is what the goal made up for.
    let g =
        scorer_names("Tom Brennan stepped up to convert the penalty, putting last week's miss behind him.");
    assert_eq!(g, ["Tom Brennan"]);
}

#[test]
fn goals_told_by_a_description_resolve_to_the_player_named_before() {
    let cases = [
        // The nearest player named as a subject, not the one after "off".
        (
            "Ian Moss took the pass in his stride, and after the ball rebounded off Pat Gibbs, the \
             Paraguayan applied a cool finish.",
            "Ian Moss",
            "Pat Gibbs",
        ),
        // A name after "by" is the one dispossessing: the description takes him up.
        (
            "Dan Reeve could have done better after Ben Cole was dispossessed by Sam Okafor, though \
             the Switzerland international made no mistake when restoring parity.",
            "Sam Okafor",
            "Dan Reeve",
        ),
        // The sentence before; an owned name ("Joe Pike's") is no subject.
        (
            "Chelsea scored from their first attack as Leo Hart collected Joe Pike's pass. The \
             Norwegian's fine finish nestled in the bottom corner.",
            "Leo Hart",
            "Joe Pike",
        ),
        // The article ties the description to a name ("Brazilian Carl Frey").
        (
            "Brazilian Carl Frey started up front beside Rob Hale. Rob Hale crossed for Tom Brennan, \
             and later the Brazilian fired home from close range.",
            "Carl Frey",
            "Tom Brennan",
        ),
        (
            "The former Chelsea striker Neil Gray was lively. Max Lowe fed Neil Gray, and the former \
             Chelsea striker slotted into the corner.",
            "Neil Gray",
            "Max Lowe",
        ),
    ];
    for (text, name, not) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
        assert!(!g.iter().any(|n| n == not), "not {not} in {text:?}: {g:?}");
    }
    // No player named before it: nothing resolved, nothing invented.
    let g = scorer_names("The Paraguayan fired home from close range.");
    assert!(g.is_empty(), "{g:?}");
    // "the German side" is a team, and a goal taken back is no goal.
    let g = scorer_names(
        "Ian Moss impressed against the German side. The goal was disallowed as the Dutchman prodded home.",
    );
    assert!(g.is_empty(), "{g:?}");
}

#[test]
fn goals_after_before_and_infinitives_that_name_the_goal() {
    let cases = [
        (
            "Tom Brennan started his run down the left, fed Dan Reeve centrally, and latched on to \
             the return pass before slotting the ball into the net.",
            "Tom Brennan",
            "Dan Reeve",
        ),
        ("Ian Moss combined with Pat Gibbs to score an excellent breakaway goal.", "Ian Moss", "Pat Gibbs"),
        ("They were back in it through the indispensable Rob Hale.", "Rob Hale", ""),
        ("Sam Okafor placed the ball into the bottom-left corner to snatch the win.", "Sam Okafor", ""),
    ];
    for (text, name, not) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
        assert!(not.is_empty() || !g.iter().any(|n| n == not), "not {not} in {text:?}: {g:?}");
    }
    // A record, not this match's goal.
    let g = scorer_names("He is only the second teenager after Wayne Rooney to score a winner here.");
    assert!(!g.iter().any(|n| n == "Wayne Rooney"), "{g:?}");
}

#[test]
fn goals_credited_by_an_assist_a_for_the_goal_a_match_winner_or_his_goal() {
    let cases = [
        ("His pass was perfect, and his assist for Sam Okafor was the best of the day.", "Sam Okafor"),
        ("There was luck in the way the ball fell to Dan Reeve for Chelsea's first goal.", "Dan Reeve"),
        ("Five blue shirts were beaten to the ball by Ian Moss for the second.", "Ian Moss"),
        ("Their defence failed to track Rob Hale for the Blues' leveller.", "Rob Hale"),
        ("Their defence, spearheaded by the match-winner Joe Pike, stood firm to the end.", "Joe Pike"),
        ("Max Lowe, though, was the matchwinner and has now scored three in four games.", "Max Lowe"),
        ("Tom Brennan will feel he deserved his luck as his first Arsenal goal cannoned in.", "Tom Brennan"),
        ("Carl Frey had plenty to do for his goal even with the keeper nowhere to be seen.", "Carl Frey"),
        ("Neil Gray continued his strong start with a wonderful goal on the swivel.", "Neil Gray"),
        ("The keeper fumbled, allowing Theo Ramm to pick up the pieces and seal the win.", "Theo Ramm"),
        ("Jon Ude hit them with a sucker punch at the end of the first half.", "Jon Ude"),
        ("The hosts pressed for a winner before a late Gus Dale sucker-punch.", "Gus Dale"),
        ("Ian Moss cut inside and hit the back of the net from close range.", "Ian Moss"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    for text in [
        "It was another assist for Sam Okafor, who now has five this season.",
        "A cross from Dan Reeve for the opener was the highlight of his afternoon.",
        "Ian Moss was replaced by Rob Hale for the second half.",
        "Joe Pike started for the first time since August.",
        "Max Lowe kept his goal intact with a string of saves.",
        "Carl Frey took his goal tally to nine for the season.",
        "Neil Gray, whose cross found Rob Hale, celebrated with a wonderful goal.",
        "Tom Brennan went close with a header that flew over.",
        "The seal of approval came from Jon Ude after the game.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn half_time_scores_in_three_forms() {
    let half = |text: &str| -> Vec<[u8; 2]> {
        let report = format!("Arsenal beat Chelsea 3-1 at the Emirates Stadium on Saturday. {text}");
        extract_text(&report)
            .iter()
            .filter(|f| f.confidence >= SURE)
            .filter_map(|f| match &f.kind {
                FactKind::Score { stage: Stage::HalfTime, goals, .. } => Some(*goals),
                _ => None,
            })
            .collect()
    };
    for (text, want) in [
        ("Arsenal led 1-0 at the break through Bukayo Saka.", [1, 0]),
        ("At half-time it was 2-1 to Arsenal after a lively first period.", [2, 1]),
        ("Half-time: Arsenal 0-0 Chelsea, with few chances for either side.", [0, 0]),
        ("It was Arsenal 1-0 Chelsea at the break, and nobody was surprised.", [1, 0]),
    ] {
        let got = half(text);
        assert!(got.iter().any(|g| *g == want || *g == [want[1], want[0]]), "{text:?}: {got:?}");
    }
    assert!(half("Saka scored in the 30th minute.").is_empty());
    // The sandwiched final score stays final when no half-time label stands beside it.
    assert!(half("Arsenal 3-1 Chelsea was the result, and Saka scored before the break.").is_empty());
}

#[test]
fn a_finish_said_how_it_was_struck_names_its_scorer_and_a_keepers_goal_does_not() {
    // As the EPL reports write them ("never looked back from Acheampong's point-blank header").
    for (text, name) in [
        ("Chelsea never looked back from Tom Brennan's point-blank header.", "Tom Brennan"),
        ("The hosts were in control after Leo Hart's close-range volley.", "Leo Hart"),
        ("The visitors were level through Sam Okafor's first-time shot.", "Sam Okafor"),
    ] {
        let g = scorer_names(text);
        assert_eq!(g, [name], "{text:?}");
    }
    // "before Dewsbury-Hall easily avoided Fernandes and Leny Yoro to hit the back of the net":
    // the infinitive is the goal and the names after "avoided" are objects.
    let g = scorer_names("Ian Moss had a chance before Tom Brennan easily avoided Dan Reeve and Ben Cole to hit the back of the net.");
    assert_eq!(g, ["Tom Brennan"]);
    let g = scorer_names("Leo Hart failed to hit the back of the net.");
    assert!(g.is_empty(), "{g:?}");
    for text in [
        "Sam Okafor's close-range header was saved by the keeper.",
        "Sam Okafor's point-blank header hit the bar.",
        // The net a keeper guards ("a real sight of Kelleher's goal").
        "City kept pushing without getting a real sight of Paul Vick's goal as the defence stood firm.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn goals_told_as_a_reward_a_punished_mistake_or_a_keeper_beaten_from_distance() {
    let cases = [
        ("Ian Moss took the corner, and he later got his reward for trying his luck from range.", "Ian Moss"),
        (
            "Though Rob Hale punished one careless giveaway from Ben Cole, he then missed a sitter.",
            "Rob Hale",
        ),
        (
            "The visitors found their rhythm; Carl Frey showing his confidence after dancing around Dan \
             Reeve and beating Paul Vick from distance.",
            "Carl Frey",
        ),
        ("Max Lowe beat Paul Vick at his near post early in the second half.", "Max Lowe"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    let g = scorer_names(cases[2].0);
    assert!(!g.iter().any(|n| n == "Dan Reeve" || n == "Paul Vick"), "{g:?}");
    for text in [
        // No goal: beaten to the ball, punished by the referee, a reward of another kind.
        "Max Lowe beat Paul Vick to the ball but shot wide.",
        "Rob Hale was punished for his foul on Ian Moss with a yellow card.",
        "Tom Brennan beat the offside trap but could not finish.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn goals_told_before_their_scorer_by_ellipsis_or_by_a_list() {
    let cases = [
        // A fronted "his goal" is the name after the comma.
        ("Prior to his goal, Neil Gray's only attempt had been a tame header.", "Neil Gray"),
        ("After his opener, Sam Okafor had two more chances.", "Sam Okafor"),
        // "X's came from": the goal the sentence named.
        (
            "Leo Hart twice set up goals with crosses from the left, while Joe Pike's came from a \
             low delivery on the right.",
            "Joe Pike",
        ),
        ("Arsenal ran riot with goals from Tom Brennan, Max Lowe and Ian Moss.", "Ian Moss"),
        ("Arsenal ran riot with goals from Tom Brennan, Max Lowe and Ian Moss.", "Max Lowe"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    for text in [
        // A possessive after a goal with no goal named before it; a list not closed by "and".
        "Leo Hart's came too late to matter.",
        "After the goal from Tom Brennan, Max Lowe went close twice.",
    ] {
        let g = scorer_names(text);
        assert!(!g.iter().any(|n| n == "Leo Hart" || n == "Max Lowe"), "{text:?}: {g:?}");
    }
}

#[test]
fn a_goal_told_after_an_object_is_the_clause_subject_and_a_dribble_is_no_goal() {
    let cases = [
        (
            "Ian Moss deserves the credit \u{2013} he reacted sharply and showed great pace to get behind \
             Ben Cole, and then great composure to finish past Paul Vick.",
            "Ian Moss",
            "Ben Cole",
        ),
        (
            "Forest doubled the lead soon after. Dan Reeve bundled past Rob Hale before cutting the \
             ball back for Sam Okafor, who side-footed home.",
            "Sam Okafor",
            "Dan Reeve",
        ),
    ];
    for (text, name, not) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
        assert!(!g.iter().any(|n| n == not), "not {not} in {text:?}: {g:?}");
    }
}

#[test]
fn a_role_alone_is_the_player_named_before_it() {
    let cases = [
        (
            "Tom Brennan led the line well, and the striker fired home from close range.",
            "Tom Brennan",
            "Ben Cole",
        ),
        (
            "Max Lowe was a constant threat. After Ben Cole's cross was flicked on, the winger \
             slotted into the corner.",
            "Max Lowe",
            "Ben Cole",
        ),
    ];
    for (text, name, not) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
        assert!(!g.iter().any(|n| n == not), "not {not} in {text:?}: {g:?}");
    }
    // A role tied to a name earlier ("injured striker Leo Hart") is not that name later, and
    // a role with no player before it is no one.
    let g = scorer_names(
        "Injured striker Leo Hart missed the game. Arsenal pressed hard. Later the striker fired home from \
         close range.",
    );
    assert!(g.is_empty(), "{g:?}");
    let g = scorer_names("The striker fired home from close range.");
    assert!(g.is_empty(), "{g:?}");
}

#[test]
fn a_team_sheet_line_of_scorers_gives_each_goal_and_minute() {
    let text =
        "Arsenal 3-1 Chelsea at the Emirates Stadium.\nScorers: Tom Brennan 12, 45+2 (pen), Max Lowe 70; \
                Ian Moss 88\nReferee: Carl Voss";
    let g = goals(&extract_text(text));
    let want = [
        ("Tom Brennan", Minute::At(12), GoalHow::Penalty),
        ("Tom Brennan", Minute::Stoppage { half: 45, extra: Some(2) }, GoalHow::Penalty),
        ("Max Lowe", Minute::At(70), GoalHow::Unspecified),
        ("Ian Moss", Minute::At(88), GoalHow::Unspecified),
    ];
    for (name, minute, how) in want {
        assert!(
            g.iter().any(|(n, m, h)| n == name && *m == Some(minute) && *h == how),
            "{name} {minute:?}: {g:?}"
        );
    }
    // A name with no minute after the label is no goal.
    let g = scorer_names("Goals: Leo Hart has ten this season, more than anyone.");
    assert!(g.is_empty(), "{g:?}");
}

#[test]
fn sport_words_are_looked_up_by_list() {
    use super::lexicon::{sport_of, Sport, FOOTBALL_WORDS, OTHER_SPORT_WORDS};
    // Every word of each list answers its sport, and a word of neither answers none.
    assert!(FOOTBALL_WORDS.iter().all(|w| sport_of(w) == Some(Sport::Football)));
    assert!(OTHER_SPORT_WORDS.iter().all(|w| sport_of(w) == Some(Sport::Other)));
    assert_eq!(sport_of("goal"), Some(Sport::Football));
    assert_eq!(sport_of("wicket"), Some(Sport::Other));
    assert_eq!(sport_of("table"), None);
    // A cricket report is not football, a match report is.
    assert!(extract_text("The bowler took a wicket in the first innings before lunch at Lord's.").is_empty());
}

#[test]
fn goals_past_a_helpless_keeper_an_assisted_name_a_post_that_places_it_and_a_named_cross() {
    let cases = [
        // A keeper helpless to deny it, or nothing to be done about it: the strike went in.
        (
            "They trailed at the break, with Paul Vick helpless to deny Max Lowe's wonderful strike.",
            "Max Lowe",
        ),
        ("There was nothing they could do about Ian Moss's wonder strike.", "Ian Moss"),
        // The one a player assists scored.
        (
            "Leo Hart took advantage of slack defending to assist Sam Okafor, who now has three goals.",
            "Sam Okafor",
        ),
        // Where at the post, not the woodwork.
        ("Arsenal doubled their lead, with Tom Brennan stroking home via the left post.", "Tom Brennan"),
        ("A throw was flicked on by Ben Cole for Rob Hale to nod home at the back post.", "Rob Hale"),
        // A named cross between the verb and "home".
        (
            "Chelsea halved the deficit when Carl Frey nodded Dan Reeve's cross home in the 57th minute.",
            "Carl Frey",
        ),
        // Two subjects of one goal verb, each scoring.
        (
            "Their struggles ended, with Leo Hart and Sam Okafor getting off the mark for the club.",
            "Leo Hart",
        ),
        (
            "Their struggles ended, with Leo Hart and Sam Okafor getting off the mark for the club.",
            "Sam Okafor",
        ),
        // "tucked away".
        ("Ben Cole won the penalty that Ian Moss tucked away in the 88th minute.", "Ian Moss"),
        // A pounce.
        ("Chelsea were punished for their lapse, with Joe Pike pouncing to equalise.", "Joe Pike"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
    }
    for (text, name) in cases {
        let g = scorer_names(text);
        for other in ["Paul Vick", "Ben Cole", "Dan Reeve"] {
            assert!(!g.iter().any(|n| n == other), "{other} in {text:?}: {g:?}");
        }
        let _ = name;
    }
    for text in [
        // Doubt stays doubt; a post struck is the woodwork; a goal against a club the report is
        // not about is another match.
        "Paul Vick could deny Max Lowe's strike with a fine save.",
        "Tom Brennan fired against the post late on.",
        "Tom Brennan was tucked away on the left wing for much of the game.",
        "Max Lowe, who scored a late winner against Everton, did not start for Chelsea against Arsenal.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

/// The goals of `body` read with `title` as its title (tagged and scored as the evaluation and
/// the index do).
fn titled_scorers(title: &str, body: &str) -> Vec<String> {
    let tagger = Tagger::new(&Gazetteer::builtin());
    let title_tokens = Tokens::new(title);
    let title_fact = title_score(&title_tokens, &tagger.tag(title));
    let tokens = Tokens::new(body);
    let passages = tokens.passages();
    let tagged = tagger.tag(body);
    let quotes = crate::analysis::quotes::extract_quotes_tokens(&tokens, &tagged.people());
    let facts = extract(&tokens, &passages, &tagged, &quotes, title_fact.as_ref());
    goals(&facts).into_iter().map(|(n, _, _)| n).collect()
}

#[test]
fn a_title_score_anchors_a_body_without_score_or_minute_and_a_shot_that_went_over_is_no_goal() {
    let body = "Chelsea were undone by Arsenal's pressing, with Sam Okafor pouncing to equalise. \
                Their profligacy was shown by Ben Cole's close-range header that also went over.";
    // The body alone gives neither score nor minute: no match, no facts.
    assert!(extract_text(body).is_empty());
    let g = titled_scorers("Arsenal 2-1 Chelsea", body);
    assert_eq!(g, vec!["Sam Okafor".to_string()], "{g:?}");
    // A title without a score anchors nothing.
    assert!(titled_scorers("Okafor the hero again", body).is_empty());
    for text in [
        "Ben Cole's header sailed over the bar.",
        "Ben Cole's close-range header went over, and the chance was gone.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
    // Over the keeper is still a goal.
    let g = scorer_names("Ben Cole's header looped over Paul Vick and in to give them the lead.");
    assert!(g.iter().any(|n| n == "Ben Cole"), "{g:?}");
}

#[test]
fn goals_past_a_named_keeper_given_no_chance_or_told_far_from_their_scorer() {
    let cases = [
        // "what proved to be the winner" names the goal an infinitive scored.
        (
            "Sam Okafor raced away from the Spaniard before beating the keeper to score what proved to be the winner.",
            "Sam Okafor",
        ),
        // A shot that went beyond or past a named player.
        ("Chelsea were punished when substitute Sam Okafor cut inside and sent a fizzing shot beyond Paul Vick.", "Sam Okafor"),
        (
            "Sam Okafor sparked wild celebrations when, from 30 yards, he curled a vicious shot over the wall and beyond Paul Vick's dive.",
            "Sam Okafor",
        ),
        // A keeper given no chance; the subject further back than the nearest name.
        (
            "Chelsea were dominant, while Sam Okafor showcased his ability to ghost into the box on many occasions and gave Paul Vick no chance with his strike.",
            "Sam Okafor",
        ),
        // Finishing across goal.
        ("Sam Okafor controlled Ben Cole's corner before finishing across goal on his left foot.", "Sam Okafor"),
        // A "he" after two names: the nearest one doing something.
        (
            "Ben Cole will be delighted, with Sam Okafor staking a claim for the role when he peeled off Dan Reeve to score the leveller.",
            "Sam Okafor",
        ),
        // A goal something resulted in is no keeper's net.
        ("A series of corners, one of which resulted in Sam Okafor's stunning first goal.", "Sam Okafor"),
        // An infinitive's subject far back.
        (
            "Chelsea lost the ball cheaply, and Sam Okafor cropped up with another vital intervention by peeling off the back of his marker and timing his run perfectly to poke home.",
            "Sam Okafor",
        ),
        // An assist with a modifier.
        ("An immaculate assist for Sam Okafor, which was inch-perfect, was met by a fine touch.", "Sam Okafor"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
        for other in ["Paul Vick", "Ben Cole", "Dan Reeve"] {
            assert!(!g.iter().any(|n| n == other), "{other} in {text:?}: {g:?}");
        }
    }
    for text in [
        // A shot kept out, saved or ruled out; a post is no player; a keeper's own net.
        "Paul Vick got down to keep out a low shot past Ben Cole.",
        "Sam Okafor hit a low shot past Paul Vick that was saved by Ben Cole on the line.",
        "Sam Okafor fired a shot beyond Paul Vick but it was ruled out for offside.",
        "Paul Vick pushed a fine shot from Sam Okafor past the post.",
        "Sam Okafor had a chance but could not get the ball in Paul Vick's goal.",
        // The keeper given no chance is no scorer, nor is a noun "finish" his verb.
        "When Ben Cole let the ball run, he gave Paul Vick no chance with a pinpoint finish.",
    ] {
        let g = scorer_names(text);
        assert!(!g.iter().any(|n| n == "Paul Vick"), "{text:?}: {g:?}");
        if !text.starts_with("When") {
            assert!(g.is_empty(), "{text:?}: {g:?}");
        }
    }
}

#[test]
fn goals_told_by_a_joined_verb_with_x_doing_to_open_the_scoring_or_had_a_goal() {
    let cases = [
        // A second verb joined to one after "after": the clause's subject, past "he".
        (
            "Arsenal found their rhythm; Sam Okafor demonstrating he is brimming with confidence after dancing around Ben Cole and beating Paul Vick from distance.",
            "Sam Okafor",
        ),
        // "with X doing ..., before getting himself on the scoresheet".
        (
            "Chelsea brought on Sam Okafor for Ben Cole, with Sam Okafor making an instant impact, setting up Dan Reeve's finish before getting himself on the scoresheet.",
            "Sam Okafor",
        ),
        // "to open the scoring" after the one who headed it.
        ("Ben Cole landed another set-piece on the unmarked head of Sam Okafor to open the scoring.", "Sam Okafor"),
        // "had a goal and an assist".
        ("Playing alongside Ben Cole, Sam Okafor had a goal and an assist in a breakout performance.", "Sam Okafor"),
    ];
    for (text, name) in cases {
        let g = scorer_names(text);
        assert!(g.iter().any(|n| n == name), "{name} in {text:?}: {g:?}");
        for other in ["Paul Vick", "Ben Cole"] {
            assert!(!g.iter().any(|n| n == other), "{other} in {text:?}: {g:?}");
        }
    }
    for text in [
        "Sam Okafor had a goal ruled out for offside.",
        "Sam Okafor had a chance to open the scoring but fired wide.",
        // The crosser who gave a keeper no chance did not score.
        "Chelsea pressed, with Sam Okafor putting in a particularly inviting cross, giving Paul Vick no chance.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}

#[test]
fn a_chance_to_equalise_which_a_name_took_is_his_goal() {
    let g =
        scorer_names("Ben Cole's foul gave Chelsea the opportunity to equalise, which Sam Okafor duly took.");
    assert_eq!(g, vec!["Sam Okafor".to_string()], "{g:?}");
    for text in [
        "Ben Cole's foul gave Chelsea the chance to equalise, which Sam Okafor spurned.",
        "Chelsea had the chance to equalise, which Sam Okafor took too long over and the ball was cleared.",
        "Ben Cole gave Chelsea a throw-in, which Sam Okafor took quickly.",
    ] {
        let g = scorer_names(text);
        assert!(g.is_empty(), "{text:?}: {g:?}");
    }
}
