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
