//! End-to-end tests of `match` and `matches` on the seeds, plus a fourth report written for
//! these tests (tests/fixtures/match/harbour-gazette.jsonl, own prose) that puts Giroud's goal
//! in the 81st minute where the seeds say 78.

use serde_json::Value;

use crate::support::{repo, Sandbox};

fn indexed() -> Sandbox {
    let sb = Sandbox::new();
    let fixture = std::fs::read(repo().join("tests/fixtures/match/harbour-gazette.jsonl")).unwrap();
    sb.write("more/harbour-gazette.jsonl", fixture);
    sb.run(&["index", "seeds", "more"], 0);
    sb
}

fn fact<'v>(view: &'v Value, subject: &str) -> &'v Value {
    view["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == subject)
        .unwrap_or_else(|| panic!("no fact {subject}: {view:#}"))
}

fn outlets(v: &Value) -> Vec<&str> {
    v["outlets"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect()
}

#[test]
fn england_france_from_every_outlet_with_the_minute_disagreement() {
    let sb = indexed();
    let list = sb.json(&["matches", "--json", "--limit", "5"], 0);
    assert_eq!(list["query"], serde_json::json!({"limit": 5}));
    let m = &list["matches"][0];
    assert_eq!(m["id"], "england-france");
    assert_eq!(m["score"], serde_json::json!([1, 2]));
    assert_eq!(m["articles"].as_array().unwrap().len(), 4);

    let answer = sb.json(&["match", "--json", "England", "France"], 0);
    assert_eq!(answer["query"], serde_json::json!({"q": "England France"}));
    let v = &answer["match"];
    assert_eq!(v["summary"]["id"], "england-france");
    // Tchouameni 17', stated by The National and the unnamed outlet with that minute.
    let t = fact(v, "goal person:aurelien-tchouameni");
    assert_eq!(t["versions"][0]["minute"], serde_json::json!({"at": 17}));
    assert!(outlets(&t["versions"][0]).contains(&"The National"), "{t:#}");
    assert_eq!(t["disagreement"], false);
    // Giroud: 78' in the seeds, 81' in the fourth report: two versions, each with its outlets.
    let g = fact(v, "goal person:olivier-giroud");
    assert_eq!(g["disagreement"], true, "{g:#}");
    let versions = g["versions"].as_array().unwrap();
    let by_minute =
        |n: u64| versions.iter().find(|x| x["minute"]["at"] == n).unwrap_or_else(|| panic!("{g:#}"));
    assert_eq!(outlets(by_minute(81)), ["Harbour Gazette"]);
    assert!(outlets(by_minute(78)).contains(&"000_413961b8f36dffdf.txt"), "{g:#}");
    // Both Kane penalties: one scored, one missed, each with the outlets that say so.
    let scored = fact(v, "penalty Scored person:harry-kane");
    let missed = fact(v, "penalty Missed person:harry-kane");
    for f in [scored, missed] {
        let o = outlets(f);
        assert!(o.contains(&"AFP") && o.contains(&"The National"), "{f:#}");
    }
    // The referee (AFP, The National) and the venue; every statement links to its passage.
    let r = fact(v, "referee");
    assert_eq!(r["versions"][0]["kind"]["referee"]["referee"]["name"], "Wilton Sampaio");
    assert!(outlets(r).contains(&"AFP") && outlets(r).contains(&"The National"), "{r:#}");
    // A fact only one outlet states is marked.
    assert!(v["facts"].as_array().unwrap().iter().any(|f| f["single_outlet"] == true));
    assert_eq!(fact(v, "venue")["versions"][0]["kind"]["venue"]["venue"]["name"], "Al Bayt Stadium");
    for f in v["facts"].as_array().unwrap() {
        for ver in f["versions"].as_array().unwrap() {
            for s in ver["statements"].as_array().unwrap() {
                assert!(s["char_end"].as_u64() >= s["char_start"].as_u64(), "{s}");
                assert!(!s["words"].as_str().unwrap().is_empty(), "{s}");
            }
        }
    }
    // Quotes grouped by speaker.
    assert!(v["quotes"].as_array().unwrap().iter().any(|q| q["speaker"] == "Jordan Henderson"));
    // The text view names the disagreement.
    let (out, _) = sb.run(&["match", "england-france"], 0);
    assert!(out.contains("DISAGREEMENT"), "{out}");
}

#[test]
fn no_match_for_a_report_without_one() {
    let sb = Sandbox::bare();
    sb.write(
        "notes/club-news.jsonl",
        "{\"id\": \"n1\", \"outlet\": \"Harbour Gazette\", \"title\": \"Plans\", \"body\": \"Arsenal are weighing up a move for a striker in January. The manager said the squad needed more goals.\"}\n",
    );
    sb.run(&["index", "notes"], 0);
    let list = sb.json(&["matches", "--json"], 1);
    // The envelope holds the empty list.
    assert_eq!(list, serde_json::json!({"query": {"limit": 50}, "matches": []}));
    sb.run(&["match", "Arsenal"], 1);
}

/// The passage text of each hit.
fn passages(hits: &Value) -> Vec<String> {
    hits.as_array().unwrap().iter().map(|h| h["passage"]["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn event_search_finds_the_passages_stating_the_event() {
    let sb = indexed();
    // Kane's penalties: the passages of the outlets that state them, each about a penalty.
    let r = sb.json(&["search", "--json", "-n", "20", "event:penalty Kane"], 0);
    let texts = passages(&r["hits"]);
    assert!(!texts.is_empty(), "{r:#}");
    for t in &texts {
        let l = t.to_lowercase();
        assert!(l.contains("penalt") || l.contains("spot") || l.contains("chance"), "{t}");
    }
    let outlets = crate::support::outlets(&r["hits"]);
    assert!(outlets.iter().any(|o| o == "AFP") && outlets.iter().any(|o| o == "The National"), "{outlets:?}");
    // A goal between the 70th and the 90th minute: the passages stating Giroud's (78', 81').
    let r = sb.json(&["search", "--json", "-n", "20", "minute:70..90 event:goal"], 0);
    let texts = passages(&r["hits"]);
    assert!(texts.len() >= 2 && texts.iter().all(|t| t.contains("Giroud")), "{texts:#?}");
    // Between the 10th and the 20th: Tchouameni's 17', and not the fourth report's passage
    // with Giroud's 81st-minute goal alone.
    let r = sb.json(&["search", "--json", "-n", "20", "minute:10..20 event:goal"], 0);
    let texts = passages(&r["hits"]);
    assert!(!texts.is_empty() && texts.iter().all(|t| t.contains("Tchouam")), "{texts:#?}");
    // Goals in a minute no report gives: nothing.
    let r = sb.json(&["search", "--json", "minute:30..40 event:goal"], 1);
    assert_eq!(r["hits"], serde_json::json!([]), "{r:#}");
    // Named events rank the passages stating them first.
    let r = sb.json(&["search", "--json", "Kane penalty"], 0);
    assert!(passages(&r["hits"])[0].to_lowercase().contains("penalt"), "{r:#}");
    // Unknown events and bad minutes are the user's mistake.
    let (_, err) = sb.run(&["search", "event:tackle"], 2);
    assert!(err.contains("unknown event"), "{err}");
    let (_, err) = sb.run(&["search", "minute:90..60"], 2);
    assert!(err.contains("ends before it starts"), "{err}");
}

/// The count of `value` in the facet list `list` of a search answer.
fn facet(r: &Value, list: &str, value: &str) -> u64 {
    let counts = r["facets"][list].as_array().unwrap_or_else(|| panic!("no facets: {r:#}"));
    counts.iter().find(|c| c["value"] == value).unwrap_or_else(|| panic!("no {value}: {r:#}"))["count"]
        .as_u64()
        .unwrap()
}

#[test]
fn event_facets_count_the_matching_articles_and_follow_the_filters() {
    let sb = indexed();
    // Not a match report: a rowing regatta, no facts.
    let regatta = serde_json::json!({"id": "regatta", "outlet": "Quay Post", "title": "Harbour regatta",
        "body": "The harbour regatta drew a large crowd on Sunday. Crews raced over two kilometres \
                 in calm water and the host club took three of the five finals."});
    sb.write("other/regatta.jsonl", format!("{regatta}\n"));
    sb.run(&["index", "other"], 0);

    // All four reports of the match state a penalty; every one is counted (fewer than ranked).
    let r = sb.json(&["search", "--json", "Kane penalty"], 0);
    let f = &r["facets"];
    assert_eq!((f["exact"].as_bool(), f["articles"].as_u64()), (Some(true), r["total"].as_u64()), "{f:#}");
    assert_eq!(facet(&r, "events", "penalty"), 4, "{f:#}");
    assert!(facet(&r, "events", "goal") >= 3, "{f:#}");
    assert_eq!(facet(&r, "events", "red-card"), 0, "{f:#}");
    // Tchouameni's 17th minute and Giroud's 78th (81st in the fourth report).
    assert!(facet(&r, "minutes", "16-30") >= 2 && facet(&r, "minutes", "76-90") >= 2, "{f:#}");
    // `--count` counts in the pass over every match: the same figures here.
    let counted = sb.json(&["search", "--json", "--count", "Kane penalty"], 0);
    assert_eq!(counted["facets"], r["facets"]);
    // The text output says them.
    let (out, _) = sb.run(&["search", "Kane penalty"], 0);
    assert!(out.contains("events in 4 matching articles: goal") && out.contains("penalty 4"), "{out}");

    // `event:penalty`: the minute bands count penalties only (no report times them).
    let r = sb.json(&["search", "--json", "Kane event:penalty"], 0);
    assert_eq!(facet(&r, "events", "penalty"), 4, "{r:#}");
    assert_eq!(facet(&r, "minutes", "16-30") + facet(&r, "minutes", "76-90"), 0, "{r:#}");
    // `minute:70..90`: the articles with an event then, and the kinds of those events only.
    let r = sb.json(&["search", "--json", "minute:70..90 Giroud"], 0);
    assert_eq!(r["facets"]["articles"], r["total"]);
    assert!(facet(&r, "events", "goal") >= 2 && facet(&r, "events", "penalty") == 0, "{r:#}");

    // A query whose articles state no event: zero everywhere, nothing said in text.
    let r = sb.json(&["search", "--json", "regatta"], 0);
    assert_eq!(r["facets"]["articles"], 1, "{r:#}");
    for list in ["events", "minutes"] {
        assert!(r["facets"][list].as_array().unwrap().iter().all(|c| c["count"] == 0), "{r:#}");
    }
    let (out, _) = sb.run(&["search", "regatta"], 0);
    assert!(!out.contains("events in"), "{out}");
}

/// A report of Arsenal v Chelsea, own prose, `date` and `outlet` as given.
fn report(id: &str, outlet: &str, date: &str, minute: u32) -> String {
    let body = format!(
        "Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday. \
         Tom Brennan opened the scoring in the {minute}th minute with a header from a corner. \
         Chelsea levelled after the break when Sam Okafor converted a penalty, \
         but Arsenal won it late on as Leo Hart fired home in the 88th minute. \
         The referee was Anna Price."
    );
    serde_json::json!({"id": id, "outlet": outlet, "date": date, "title": "Arsenal 2-1 Chelsea", "body": body})
        .to_string()
        + "\n"
}

#[test]
fn reports_a_day_apart_are_one_match_and_the_first_outlet_is_named() {
    let sb = Sandbox::bare();
    // Either side of UTC midnight, and in another time zone: one match. A week later: another.
    let lines = [
        report("a", "Quay Post", "2025-03-01T23:30:00Z", 12),
        report("b", "Rovers Daily", "2025-03-02T00:30:00Z", 12),
        report("c", "Evening Star", "2025-03-01T20:00:00-05:00", 13),
        report("d", "Quay Post", "2025-03-09T15:00:00Z", 12),
    ];
    sb.write("reports/r.jsonl", lines.concat());
    sb.run(&["index", "reports"], 0);
    let list = sb.json(&["matches", "--json"], 0);
    let matches = list["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 2, "{list:#}");
    let mut arts: Vec<&str> =
        matches[0]["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    arts.sort();
    assert_eq!(arts, ["a", "b", "c"], "{list:#}");
    assert_eq!(matches[0]["date"], "2025-03-01");
    assert_eq!(matches[1]["articles"], serde_json::json!(["d"]));

    let v = &sb.json(&["match", "--json", matches[0]["id"].as_str().unwrap()], 0)["match"];
    let brennan = v["facts"].as_array().unwrap().iter().find(|f| f["subject"] == "goal person:tom-brennan");
    let brennan = brennan.unwrap_or_else(|| panic!("{v:#}"));
    // 12' (a, b) against 13' (c): two versions. The first to report it: the Quay Post, at 23:30
    // UTC on 1 March (the Evening Star's 20:00-05:00 is 01:00 UTC on 2 March).
    assert_eq!(brennan["disagreement"], true, "{brennan:#}");
    assert_eq!(brennan["first_outlet"], "Quay Post", "{brennan:#}");
    assert_eq!(brennan["first_date_source"], "published");
    assert_eq!(brennan["first_reported_at"], "2025-03-01T23:30:00Z");
}
