//! Entities no gazetteer knows, typed by context (venues, places, organisations, competitions,
//! people), get ids from their folded names: `--entity` filters (by id, and by name for
//! people) and the `entities` listing work for them.

use crate::support::Sandbox;

#[test]
fn unknown_entities_filter_and_list_by_id_and_name() {
    let sb = Sandbox::new();
    sb.write(
        "in/a.txt",
        "Zambia beat Angola 2-0 in the Cosafa Cup final at Lusaka's Independence stadium. \
         South Korea midfielder Park Joo-Ho watched from the stand, and shirt sponsor Zamtel \
         paid for the trip of the Lusaka-based players.",
    );
    sb.write("in/b.txt", "Angola drew with Malawi in the group stage, and the coach praised his players.");
    sb.run(&["index", "in"], 0);
    for (entity, kind) in [
        ("venue:independence-stadium", "venue"),
        ("person:park-joo-ho", "person"),
        ("Park Joo-Ho", "person"),
        ("competition:cosafa-cup", "competition"),
        ("org:zamtel", "organisation"),
        ("place:lusaka", "place"),
    ] {
        let r = sb.json(&["search", "--json", "--entity", entity, "Angola"], 0);
        let hits = r["hits"].as_array().unwrap();
        assert_eq!(hits.len(), 1, "{entity}: {r}");
        assert_eq!(hits[0]["article"]["id"], "a.txt", "{entity}");
        let ents = hits[0]["entities"].as_array().unwrap();
        assert!(ents.iter().any(|e| e["kind"] == kind), "{entity}: {ents:?}");
    }
    let r = sb.json(&["entities", "--json", "--kind", "venue"], 0);
    let ids: Vec<&str> =
        r["entities"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["venue:independence-stadium"], "{r}");
}
