//! The habits a new user brings (issue 14): what matched and what is missing, query syntax from
//! other engines, dates, outlet names. Over a small corpus of our own prose with dates and
//! outlets given as domains.

use serde_json::Value;

use crate::support::{outlets, Sandbox};

/// Five short reports (written for these tests): two carry the same quote on different days,
/// outlets are given as domains (two CNN hosts, the Daily Mail, an unknown paper) or a name,
/// and one report has no date.
pub const CORPUS: &str = r#"{"id": "h1", "outlet": "dailymail.co.uk", "date": "2022-12-11T09:00:00Z", "title": "Mourinho praises his penalty takers", "body": "Jose Mourinho said on Sunday that his penalty takers deserved the credit. \"We practised every spot kick until the grass wore thin,\" Mourinho told reporters after training."}
{"id": "h2", "outlet": "edition.cnn.com", "date": "2022-12-10T18:00:00Z", "body": "\"We practised every spot kick until the grass wore thin,\" Jose Mourinho said in Rome on Saturday evening. The coach also spoke about the cold weather and the long trip home."}
{"id": "h3", "outlet": "money.cnn.com", "date": "2022-12-12", "body": "Ticket prices for the final rose sharply. \"They sold us like cattle at a market,\" one supporter complained about the queues outside the ground."}
{"id": "h4", "outlet": "www.local-gazette.com", "date": "2023-01-05", "body": "The local club signed a young goalkeeper who saved three penalties in the youth cup. Referee Michel Giraud praised his calm."}
{"id": "h5", "outlet": "The Herald", "body": "Penalties decided the youth cup final after a goalless draw in the rain."}
"#;

pub fn indexed() -> Sandbox {
    let sb = Sandbox::bare();
    sb.write("corpus/reports.jsonl", CORPUS);
    sb.run(&["index", "corpus"], 0);
    sb
}

fn ids(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["article"]["id"].as_str().unwrap().to_string()).collect()
}

fn word<'a>(v: &'a Value, w: &str) -> &'a Value {
    v["words"].as_array().unwrap().iter().find(|x| x["word"] == w).unwrap_or_else(|| panic!("{w} in {v}"))
}

#[test]
fn a_missing_word_is_said_first_and_the_widened_results_offered_as_such() {
    let sb = indexed();
    let v = sb.json(&["search", "--json", "Kane penalty"], 0);
    assert_eq!(v["mode"], "any");
    assert_eq!(v["widened"]["missing"], serde_json::json!(["Kane"]));
    assert_eq!(word(&v, "Kane")["match"], "missing");
    assert_eq!(word(&v, "penalty")["match"], "exact");
    // Kane (four letters) is never "corrected" into another word.
    assert!(!ids(&v).is_empty());
    let (out, _) = sb.run(&["search", "Kane penalty"], 0);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("no passage has every word of “Kane penalty” (missing: Kane)"), "{out}");
    assert!(out.contains("\nMissing: Kane\n"), "{out}");

    // Stems and typos say what the word became.
    let v = sb.json(&["search", "--json", "penalties"], 0);
    assert_eq!(word(&v, "penalties")["match"], "exact");
    let v = sb.json(&["search", "--json", "Mourinoh"], 0);
    assert_eq!(v["mode"], "fuzzy");
    assert_eq!(word(&v, "Mourinoh")["match"], "typo");
    assert_eq!(word(&v, "Mourinoh")["as"], serde_json::json!(["mourinho"]));
    assert!(v["widened"]["message"].as_str().unwrap().contains("Mourinoh → mourinho"), "{v}");
    let v = sb.json(&["search", "--json", "takers"], 0);
    assert_eq!(word(&v, "takers")["match"], "exact");
    let v = sb.json(&["search", "--json", "taker"], 0);
    assert_eq!(word(&v, "taker")["match"], "stem");
    assert_eq!(word(&v, "taker")["as"], serde_json::json!(["takers"]));
}

#[test]
fn names_the_gazetteer_knows_are_not_corrected_into_other_names() {
    let sb = indexed();
    // `Giroud` is a known player; the corpus only has a referee called Giraud.
    let v = sb.json(&["search", "--json", "Giroud"], 1);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(word(&v, "Giroud")["match"], "missing");
    // An unknown word that close to an indexed one is corrected.
    let v = sb.json(&["search", "--json", "Girauds"], 0);
    assert_eq!(ids(&v), ["h4"]);
}

#[test]
fn query_habits_from_other_engines() {
    let sb = indexed();
    let q = |query: &str| sb.json(&["search", "--json", query], 0);
    let and = q("Mourinho AND penalty");
    assert_eq!((and["mode"].as_str(), ids(&and)), (Some("all"), vec!["h1".to_string()]));
    assert_eq!(and["warnings"], serde_json::json!([]));
    let not = q("spot kick NOT Sunday");
    assert_eq!(ids(&not), ["h2"]);
    let or = q("cattle OR goalkeeper");
    let mut got = ids(&or);
    got.sort();
    assert_eq!(got, ["h3", "h4"]);
    let prefix = q("Mour*");
    assert_eq!(word(&prefix, "Mour*")["match"], "prefix");
    assert_eq!(word(&prefix, "Mour*")["as"], serde_json::json!(["mourinho"]));
    // `+word` stays required when the search is widened.
    let plus = q("+goalkeeper Kane");
    assert_eq!(ids(&plus), ["h4"]);
    // A quote pasted with only its opening curly mark is a phrase to the end, with a warning.
    let (out, err) = sb.run(&["search", "“We practised every spot kick"], 0);
    assert!(err.contains("warning: the quotation mark `“` at character 1 is never closed"), "{err}");
    assert!(out.contains("h1") && out.contains("h2"), "{out}");
    for (query, needle) in [("cattle OR", "`OR` needs a term"), ("cattle~", "`~` is not pressbox syntax")] {
        let v = q(query);
        assert!(v["warnings"][0].as_str().unwrap().contains(needle), "{query}: {v}");
    }
}

#[test]
fn dates_on_hits_filters_and_sorting() {
    let sb = indexed();
    let (out, _) = sb.run(&["search", "spot kick"], 0);
    assert!(out.contains("CNN · 2022-12-10") && out.contains("Daily Mail · 2022-12-11"), "{out}");
    let day = sb.json(&["search", "--json", "spot kick date:2022-12-10"], 0);
    assert_eq!(ids(&day), ["h2"]);
    let mut range = ids(&sb.json(&["search", "--json", "penalties date:2022-12..2023-01"], 0));
    range.sort();
    assert_eq!(range, ["h1", "h4"], "undated h5 is left out");
    let year = sb.json(&["search", "--json", "penalties date:2023"], 0);
    assert_eq!(ids(&year), ["h4"]);
    let since = sb.json(&["search", "--json", "--since", "2022-12-11", "--until", "2022-12-12", "the"], 0);
    let mut got = ids(&since);
    got.sort();
    assert_eq!(got, ["h1", "h3"]);
    // The same quote of h1 and h2 is one hit, the other outlet under it; undated h5 is left out.
    let newest = sb.json(&["search", "--json", "--sort", "date", "the OR penalties"], 0);
    assert_eq!(ids(&newest), ["h4", "h3", "h1"]);
    assert_eq!(newest["hits"][2]["also_reported_by"][0]["article"]["id"], "h2");
    let oldest = sb.json(&["search", "--json", "--sort", "oldest", "the OR penalties"], 0);
    assert_eq!(ids(&oldest), ["h2", "h3", "h4"]);
    let (_, err) = sb.run(&["search", "--since", "2022-13-01", "the"], 2);
    assert!(err.contains("cannot read since `2022-13-01`"), "{err}");
    sb.run(&["search", "date:yesterday"], 2);
}

#[test]
fn outlets_resolve_by_domain_and_unknown_filters_suggest() {
    let sb = indexed();
    let stats = sb.json(&["stats", "--json"], 0);
    let mut names: Vec<&str> =
        stats["outlets"].as_array().unwrap().iter().map(|o| o["outlet"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["CNN", "Daily Mail", "The Herald", "local-gazette.com"]);
    let mail = sb.json(&["search", "--json", "--outlet", "Daily Mail", "Mourinho"], 0);
    assert_eq!(outlets(&mail["hits"]), ["Daily Mail"]);
    let by_domain = sb.json(&["search", "--json", "--outlet", "dailymail.co.uk", "Mourinho"], 0);
    assert_eq!(outlets(&by_domain["hits"]), ["Daily Mail"]);
    let (_, err) = sb.run(&["search", "--outlet", "Daily Mial", "Mourinho"], 2);
    assert!(err.contains("no outlet named “Daily Mial” in this index; did you mean “Daily Mail”?"), "{err}");
    let v = sb.json(&["search", "--json", "--outlet", "Daily Mial", "Mourinho"], 2);
    assert!(v["error"].as_str().unwrap().contains("did you mean “Daily Mail”"), "{v}");
    let (_, err) = sb.run(&["search", "--entity", "Jose Mourinio", "coach"], 2);
    assert!(err.contains("no entity named “Jose Mourinio”"), "{err}");
    let (_, err) = sb.run(&["quote", "--outlet", "Heralt", "penalties decided the final"], 2);
    assert!(err.contains("did you mean “The Herald”"), "{err}");
    // The listings check their outlet filters the same way, and take domains.
    for listing in ["quotes", "entities"] {
        let (_, err) = sb.run(&[listing, "--outlet", "Daily Mial"], 2);
        assert!(err.contains("did you mean “Daily Mail”"), "{listing}: {err}");
        let by_domain = sb.json(&[listing, "--json", "--outlet", "dailymail.co.uk"], 0);
        assert_eq!(by_domain["query"]["outlet"], serde_json::json!(["Daily Mail"]), "{listing}: {by_domain}");
    }
}

#[test]
fn the_quote_view_orders_outlets_by_date_and_marks_the_first() {
    let sb = indexed();
    let v = sb.json(&["quote", "--json", "We practised every spot kick until the grass wore thin"], 0);
    let outlets: Vec<(&str, bool)> = v["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["outlet"].as_str().unwrap(), o["first"].as_bool().unwrap()))
        .collect();
    assert_eq!(outlets, [("CNN", true), ("Daily Mail", false)]);
    assert_eq!(v["outlets"][0]["published"], "2022-12-10T18:00:00Z");
    assert_eq!(v["matches"][0]["article"]["published"], "2022-12-10T18:00:00Z");
    let (out, _) = sb.run(&["quote", "We practised every spot kick until the grass wore thin"], 0);
    assert!(out.contains("CNN first"), "{out}");
    assert!(out.contains("· h2 · 2022-12-10 ·"), "{out}");

    // A typo in a pasted quote shows the outlet's real word beside it.
    let v = sb.json(&["quote", "--json", "sold us like catle"], 0);
    let diff = &v["matches"][0]["diff"];
    let ops: Vec<(&str, &str)> = diff
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["op"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    assert!(ops.contains(&("removed", "catle")) && ops.contains(&("added", "cattle")), "{ops:?}");
    assert!(v["matches"][0]["text"].as_str().unwrap().ends_with("cattle"), "{v}");
    // A reworded quote nobody carried offers the nearest passages, as such (still exit 1).
    let v = sb.json(&["quote", "--json", "They herded us like sheep at a market outside the ground"], 1);
    assert_eq!(v["matches"], serde_json::json!([]));
    assert_eq!(v["nearest"][0]["article"]["id"], "h3", "{v}");
    let (out, _) = sb.run(&["quote", "They herded us like sheep at a market outside the ground"], 1);
    assert!(out.contains("nearest passages (none of them carries these words as a quote)"), "{out}");
}

#[test]
fn a_long_query_held_in_full_by_few_articles_continues_with_those_holding_some_words() {
    let sb = indexed();
    // Seven words: only h1 holds them all; it comes first, then articles holding some of them,
    // each saying which words it lacks. The answer is still `all` (nothing was widened).
    let v = sb.json(&["search", "--json", "Mourinho said his penalty takers deserved credit"], 0);
    assert_eq!(v["mode"], "all");
    assert_eq!(v["widened"], Value::Null);
    let got = ids(&v);
    assert_eq!(got[0], "h1", "{v}");
    assert_eq!(v["hits"][0]["missing"], serde_json::json!([]), "{v}");
    // h4 and h5 hold "penalties" only (and h2, the same quote as h1, is folded under it).
    assert_eq!(got[1..], ["h4", "h5"], "{v}");
    assert_eq!(v["hits"][0]["also_reported_by"][0]["article"]["id"], "h2", "{v}");
    let lacks = v["hits"][1]["missing"].as_array().unwrap();
    assert!(lacks.iter().any(|w| w == "Mourinho") && !lacks.iter().any(|w| w == "penalty"), "{v}");
    // A short query keeps every word required: h2 (Mourinho, no penalty) is not offered.
    let v = sb.json(&["search", "--json", "Mourinho penalty"], 0);
    assert_eq!((v["mode"].as_str(), ids(&v)), (Some("all"), vec!["h1".to_string()]));
}
