//! End-to-end tests of the command line: each test gets a fresh temporary directory with the
//! seeds and runs the `pressbox` binary there with the environment cleared (see
//! [`crate::support::Sandbox`]), on the seeds and on small fixtures written by the test itself.

use serde_json::Value;

use crate::support::{chars, corpora, outlets, repo, Sandbox};

#[test]
fn first_search_builds_the_index_from_the_seeds_and_attributes_every_outlet() {
    let sb = Sandbox::new();
    let (out, err) = sb.run(&["search", "Kane penalty"], 0);
    assert!(err.contains("building it from seeds"), "{err}");
    assert!(out.contains("AFP"), "{out}");
    assert!(out.contains("The National"), "{out}");
    assert!(out.contains("unknown outlet"), "{out}");
    // The index is now on disk: no rebuild the second time.
    let (_, err) = sb.run(&["search", "Kane penalty"], 0);
    assert!(!err.contains("building"), "{err}");
}

#[test]
fn json_hits_point_into_the_article_text_that_show_returns() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "Kane penalty"], 0);
    assert_eq!(r["query"]["q"], "Kane penalty");
    assert_eq!(r["mode"], "all");
    assert!(r["total"].as_u64().unwrap() >= 3);
    let hits = r["hits"].as_array().unwrap();
    let mut ids: Vec<&str> = hits.iter().map(|h| h["article"]["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "all three seeds: {ids:?}");
    for h in hits {
        let id = h["article"]["id"].as_str().unwrap();
        for key in ["outlet", "title", "url", "date", "source"] {
            assert!(h["article"].get(key).is_some(), "article.{key} missing");
        }
        let p = &h["passage"];
        let (text, start, end) = (
            p["text"].as_str().unwrap(),
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        let shown = &sb.json(&["show", "--json", id], 0)["article"];
        assert_eq!(chars(shown["text"].as_str().unwrap(), start, end), text);
        let hl = h["highlights"].as_array().unwrap();
        assert!(!hl.is_empty());
        for span in hl {
            let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
            let word = chars(text, s, e).to_lowercase();
            assert!(word.starts_with("kane") || word.starts_with("penalt"), "highlighted {word:?}");
        }
    }
}

#[test]
fn show_returns_the_exact_seed_text_and_how_the_outlet_was_found() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    let afp = &sb.json(&["show", "--json", "001_6e83b1c257ab88e6.txt"], 0)["article"];
    let file = std::fs::read_to_string(repo().join("seeds/001_6e83b1c257ab88e6.txt")).unwrap();
    assert_eq!(afp["text"].as_str().unwrap().trim_end(), file.trim_end());
    assert_eq!(afp["outlet"], "AFP");
    assert_eq!(afp["outlet_source"], "dateline");
    let national = &sb.json(&["show", "--json", "002_e0228e736809d36c.txt"], 0)["article"];
    assert_eq!(national["outlet"], "The National");
    assert_eq!(national["outlet_source"], "link_domain");
    let text = national["text"].as_str().unwrap();
    assert!(text.contains("England’s World Cup dreams") && !text.contains("<a"), "{text}");
    let unknown = &sb.json(&["show", "--json", "000_413961b8f36dffdf.txt"], 0)["article"];
    assert_eq!(unknown["outlet"], Value::Null);
    assert_eq!(unknown["outlet_source"], "unknown");
    sb.run(&["show", "no-such-id"], 1);
}

#[test]
fn indexing_twice_replaces_instead_of_duplicating() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    let first = sb.json(&["stats", "--json"], 0);
    sb.run(&["index", "seeds"], 0);
    let second = sb.json(&["stats", "--json"], 0);
    assert_eq!(first["articles"], 3);
    assert_eq!(first, second);
    let outlets: Vec<&str> =
        second["outlets"].as_array().unwrap().iter().filter_map(|o| o["outlet"].as_str()).collect();
    assert!(outlets.contains(&"AFP") && outlets.contains(&"The National"), "{outlets:?}");
}

#[test]
fn typos_fall_back_to_fuzzy_matching_and_say_so() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "Tchoumeni"], 0);
    assert_eq!(r["mode"], "fuzzy");
    let h = &r["hits"][0];
    let text = h["passage"]["text"].as_str().unwrap();
    let s = &h["highlights"][0];
    let word = chars(text, s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize);
    assert!(word.starts_with("Tchouameni"), "{word}");
    let (out, _) = sb.run(&["search", "Tchoumeni"], 0);
    assert!(out.contains("mode: fuzzy"), "{out}");
}

#[test]
fn all_words_first_then_any_word() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "Giroud zzzqqq"], 0);
    assert_eq!(r["mode"], "any");
    assert!(r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["passage"]["text"].as_str().unwrap().contains("Giroud")));
}

#[test]
fn phrases_exclusions_or_and_outlet_filters() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "\"long run\""], 0);
    for h in r["hits"].as_array().unwrap() {
        let text = h["passage"]["text"].as_str().unwrap();
        let s = &h["highlights"][0];
        assert_eq!(chars(text, s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize), "long run");
    }
    // Two seeds print the phrase, inside the same Henderson quote: one hit, one "also reported by".
    assert_eq!(r["hits"].as_array().unwrap().len(), 1);
    assert_eq!(r["hits"][0]["also_reported_by"].as_array().unwrap().len(), 1);

    let r = sb.json(&["search", "--json", "Kane -Henderson"], 0);
    assert!(r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| !h["passage"]["text"].as_str().unwrap().contains("Henderson")));

    let r = sb.json(&["search", "--json", "Lloris OR Upamecano"], 0);
    let n = r["hits"].as_array().unwrap().len();
    assert!(n >= 3, "{n}");

    let r = sb.json(&["search", "--json", "--outlet", "afp", "Kane"], 0);
    assert!(outlets(&r["hits"]).iter().all(|o| o == "AFP"));
    let r = sb.json(&["search", "--json", "Kane outlet:national"], 0);
    let o = outlets(&r["hits"]);
    assert!(!o.is_empty() && o.iter().all(|o| o == "The National"), "{o:?}");
    // An outlet the index lacks is the user's mistake, not an empty answer.
    let (_, err) = sb.run(&["search", "--outlet", "Reuters", "Kane"], 2);
    assert!(err.contains("no outlet named “Reuters” in this index"), "{err}");
}

#[test]
fn stems_diacritics_and_curly_apostrophes_match() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "Aurélien Tchouaméni"], 0);
    assert_eq!(r["mode"], "all");
    assert_eq!(outlets(&r["hits"]).len(), 3);
    let r = sb.json(&["search", "--json", "England's dreams"], 0);
    assert_eq!(outlets(&r["hits"]), ["The National"]);
}

#[test]
fn one_article_cannot_fill_the_top_ten() {
    let sb = Sandbox::new();
    let per_article = |r: &Value| {
        let mut counts = std::collections::HashMap::new();
        for h in r["hits"].as_array().unwrap() {
            *counts.entry(h["article"]["id"].as_str().unwrap().to_string()).or_insert(0) += 1;
        }
        counts
    };
    let r = sb.json(&["search", "--json", "--limit", "6", "England"], 0);
    assert!(per_article(&r).values().all(|&n| n <= 2), "{:?}", per_article(&r));
    let r = sb.json(&["search", "--json", "--limit", "6", "--per-article", "6", "England"], 0);
    assert!(per_article(&r).values().any(|&n| n > 2), "{:?}", per_article(&r));
}

#[test]
fn bad_queries_exit_2_with_one_line() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    let many = vec!["kane"; 10_000].join(" ");
    let nested = format!("{}kane{}", "(".repeat(20_000), ")".repeat(20_000));
    let deep = format!("{}kane{}", "(".repeat(100), ")".repeat(100));
    for q in ["(unbalanced", "nosuchfield:x", &many, &nested, &deep, "-kane"] {
        let (out, err) = sb.run(&["search", "--", q], 2);
        assert!(out.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.starts_with("pressbox: error: "), "{err}");
    }
}

#[test]
fn flags_may_follow_the_query() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "Kane", "penalty", "--outlet", "AFP", "--json", "-n", "2"], 0);
    assert_eq!(r["query"]["q"], "Kane penalty");
    assert_eq!(r["hits"].as_array().unwrap().len(), 2);
    assert!(outlets(&r["hits"]).iter().all(|o| o == "AFP"));
}

#[test]
fn no_hits_exit_1() {
    let sb = Sandbox::new();
    let (out, _) = sb.run(&["search", "zzqqxx"], 1);
    assert!(out.contains("no passages match"));
    let r = sb.json(&["search", "--json", "zzqqxx"], 1);
    assert_eq!(r["total"], 0);
}

#[test]
fn bad_files_are_skipped_with_reasons_and_the_rest_indexed() {
    let sb = Sandbox::new();
    sb.write("in/good.txt", "Harry Kane scored a penalty for England in the quarter-final.");
    sb.write("in/empty.txt", "");
    sb.write("in/binary.bin", [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]);
    sb.write("in/latin1.txt", b"Tchouam\xe9ni scored from distance.".as_slice());
    sb.write(
        "in/feed.jsonl",
        "{\"id\":\"a1\",\"outlet\":\"BBC\",\"body\":\"Giroud headed the winner late on.\"}\n{not json\n{\"id\":\"a2\",\"body\":\"Saka was fouled by Tchouameni.\"}\n",
    );
    let report = sb.json(&["index", "--json", "in"], 0);
    assert_eq!(report["articles"], 3, "{report}");
    let skipped = report["skipped"].as_array().unwrap();
    let reason = |needle: &str| {
        skipped
            .iter()
            .find(|s| s["source"].as_str().unwrap().contains(needle))
            .map(|s| s["reason"].as_str().unwrap().to_string())
    };
    assert!(reason("empty.txt").is_some(), "{skipped:?}");
    assert!(reason("binary.bin").is_some(), "{skipped:?}");
    assert!(reason("latin1.txt").unwrap().to_lowercase().contains("utf-8"), "{skipped:?}");
    assert!(reason("feed.jsonl:2").unwrap().contains("JSON"), "{skipped:?}");
    let r = sb.json(&["search", "--json", "Giroud winner"], 0);
    assert_eq!(r["hits"][0]["article"]["id"], "a1");
    assert_eq!(r["hits"][0]["article"]["outlet"], "BBC");
    assert_eq!(r["hits"][0]["article"]["source"], "in/feed.jsonl:1");
    let (out, _) = sb.run(&["index", "in"], 0);
    assert!(out.contains("skipped 4"), "{out}");
}

#[test]
fn a_missing_path_exits_2_but_the_other_paths_are_indexed() {
    let sb = Sandbox::new();
    let (_, err) = sb.run(&["index", "seeds", "no/such/dir"], 2);
    assert!(err.contains("no/such/dir"), "{err}");
    assert!(!err.trim_end().contains('\n'));
    let s = sb.json(&["stats", "--json"], 0);
    assert_eq!(s["articles"], 3);
}

#[test]
fn gzipped_jsonl_and_json_arrays_are_read() {
    use std::io::Write;
    let sb = Sandbox::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(
        b"{\"_id\":7,\"outlet\":\"Reuters\",\"title\":\"Report\",\"text\":\"Mbappe scored twice.\"}\n",
    )
    .unwrap();
    sb.write("in/feed.jsonl.gz", gz.finish().unwrap());
    sb.write(
        "in/list.json",
        r#"[{"id":"x","content":"Lloris saved well."},{"id":"y","body":"Rice ran the midfield."}]"#,
    );
    let report = sb.json(&["index", "--json", "in"], 0);
    assert_eq!(report["articles"], 3, "{report}");
    let r = sb.json(&["search", "--json", "Mbappe"], 0);
    assert_eq!(r["hits"][0]["article"]["id"], "7");
    assert_eq!(r["hits"][0]["article"]["outlet"], "Reuters");
    assert_eq!(r["hits"][0]["article"]["title"], "Report");
}

#[test]
fn a_locked_index_exits_2_and_keeps_its_last_commit() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    let index = pressbox::index::PressIndex::open(&sb.path().join("index")).unwrap();
    let _writer = index.writer(1, 20_000_000).unwrap();
    sb.write("more/new.txt", "Pickford saved a penalty.");
    let (_, err) = sb.run(&["index", "more"], 2);
    assert!(err.contains("locked"), "{err}");
    let s = sb.json(&["stats", "--json"], 0);
    assert_eq!(s["articles"], 3);
    sb.run(&["search", "Pickford"], 1);
}

#[test]
fn index_flag_and_environment_choose_the_index() {
    let sb = Sandbox::new();
    sb.write("one/a.txt", "Bellingham scored a header.");
    sb.run(&["--index", "elsewhere", "index", "one"], 0);
    assert!(sb.path().join("elsewhere/meta.json").exists());
    assert!(!sb.path().join("index/meta.json").exists());
    let out = sb
        .cmd()
        .args(["search", "--json", "Bellingham"])
        .env("PRESSBOX_INDEX", "elsewhere")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // An explicit index that does not exist is a mistake, not a cue to build from the seeds.
    let (_, err) = sb.run(&["--index", "nowhere", "search", "Kane"], 2);
    assert!(err.contains("no index at nowhere"), "{err}");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    let esc = |out: &[u8]| out.windows(2).any(|w| w == b"\x1b[");
    let plain = sb.cmd().args(["search", "Kane"]).output().unwrap();
    assert!(!esc(&plain.stdout));
    let forced = sb.cmd().args(["search", "Kane"]).env("CLICOLOR_FORCE", "1").output().unwrap();
    assert!(esc(&forced.stdout));
    let no =
        sb.cmd().args(["search", "Kane"]).env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").output().unwrap();
    assert!(!esc(&no.stdout));
    let always = sb.cmd().args(["--color", "always", "search", "Kane"]).output().unwrap();
    assert!(esc(&always.stdout));
}

#[test]
fn user_outlet_tables_extend_the_builtin_one() {
    let sb = Sandbox::new();
    sb.write(
        "in/a.json",
        r#"{"id":"m1","url":"https://www.example-sport.test/report/1","body":"Kane scored again."}"#,
    );
    sb.write("outlets.txt", "example-sport.test = Example Sport\n");
    sb.run(&["index", "--outlets", "outlets.txt", "in"], 0);
    let a = &sb.json(&["show", "--json", "m1"], 0)["article"];
    assert_eq!(a["outlet"], "Example Sport");
    assert_eq!(a["outlet_source"], "url_domain");
    sb.write("bad.txt", "this line has no equals sign\n");
    let (_, err) = sb.run(&["index", "--outlets", "bad.txt", "in"], 2);
    assert!(err.contains("bad.txt:1"), "{err}");
}

#[test]
fn quote_finds_every_outlet_with_the_speaker_and_exact_wording() {
    let sb = Sandbox::new();
    let r = sb.json(&["quote", "--json", "We know how many penalties Harry has scored for us"], 0);
    assert_eq!(r["speaker"], "Jordan Henderson");
    let matches = r["matches"].as_array().unwrap();
    let mut ids: Vec<&str> = matches.iter().map(|m| m["article"]["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "{matches:?}");
    for m in matches {
        assert_eq!(m["speaker"], "Jordan Henderson", "{m}");
        assert!(["verbatim", "variant", "partial"].contains(&m["kind"].as_str().unwrap()), "{m}");
        // The match's offsets point at its words in the article text `show` returns.
        let shown = &sb.json(&["show", "--json", m["article"]["id"].as_str().unwrap()], 0)["article"];
        let text = shown["text"].as_str().unwrap();
        let parts: Vec<String> = m["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| chars(text, p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize))
            .collect();
        assert_eq!(parts.join(" "), m["text"].as_str().unwrap());
        assert_eq!(m["start"], m["parts"][0][0]);
    }
    let outlets: Vec<&str> =
        r["outlets"].as_array().unwrap().iter().filter_map(|o| o["outlet"].as_str()).collect();
    assert!(outlets.contains(&"AFP") && outlets.contains(&"The National"), "{outlets:?}");
    let afp = matches.iter().find(|m| m["article"]["outlet"] == "AFP").unwrap();
    assert_eq!(afp["cue"], "Henderson told ITV");
}

#[test]
fn quote_marks_rewordings_as_paraphrase_with_a_diff() {
    let sb = Sandbox::new();
    let r = sb.json(&["quote", "--json", "He'll be stronger for it in the long run"], 0);
    let national =
        r["matches"].as_array().unwrap().iter().find(|m| m["article"]["outlet"] == "The National").unwrap();
    assert_eq!(national["kind"], "paraphrase");
    assert_eq!(national["text"], "He will be stronger for this in the future");
    assert_eq!(national["speaker"], "Jordan Henderson");
    let ops: Vec<(&str, &str)> = national["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["op"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    assert!(ops.contains(&("added", "future")) && ops.contains(&("removed", "long run")), "{ops:?}");
}

#[test]
fn a_quote_nobody_reported_has_no_matches() {
    let sb = Sandbox::new();
    let r = sb.json(&["quote", "--json", "Kane will take the next penalty against Morocco on Wednesday"], 1);
    assert_eq!(r["matches"].as_array().unwrap().len(), 0);
    let (out, _) = sb.run(&["quote", "The referee had an excellent game in Qatar"], 1);
    assert!(out.contains("nobody reported"));
    sb.run(&["quote", "..."], 2);
}

#[test]
fn quote_finds_words_printed_outside_quotation_marks() {
    let sb = Sandbox::new();
    sb.write(
        "in/a.txt",
        "Henderson said they knew how many penalties Harry has scored for us over the years, and backed him.",
    );
    sb.run(&["index", "seeds", "in"], 0);
    let r = sb.json(&["quote", "--json", "how many penalties Harry has scored for us"], 0);
    let unquoted: Vec<&Value> =
        r["matches"].as_array().unwrap().iter().filter(|m| m["quoted"] == false).collect();
    assert_eq!(unquoted.len(), 1, "{r}");
    assert_eq!(unquoted[0]["article"]["id"], "a.txt");
}

#[test]
fn speaker_filter_and_quoted_hits_show_who_said_it() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "speaker:Southgate margins"], 0);
    let hits = r["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        let speakers: Vec<&str> =
            h["quotes"].as_array().unwrap().iter().filter_map(|q| q["speaker"].as_str()).collect();
        assert!(speakers.iter().any(|s| s.contains("Southgate")), "{h}");
    }
    let (out, _) = sb.run(&["search", "world-class striker"], 0);
    assert!(out.contains("quote by Jordan Henderson"), "{out}");
}

#[test]
fn quotes_are_clustered_across_outlets() {
    let sb = Sandbox::new();
    let r = sb.json(&["quotes", "--json", "--speaker", "Henderson"], 0);
    let clusters = r["clusters"].as_array().unwrap();
    // The same quote (one outlet's copy is the start of another's) is one cluster, first.
    let top = &clusters[0];
    assert_eq!(top["outlet_count"], 2, "{top}");
    assert_eq!(top["outlets"].as_array().unwrap().len(), 2, "{top}");
    let wordings = top["wordings"].as_array().unwrap();
    assert_eq!(wordings.len(), 2, "{top}");
    assert!(wordings
        .iter()
        .all(|w| w["text"].as_str().unwrap().contains("how many penalties Harry has scored")));
    assert_ne!(wordings[0]["article"]["outlet"], wordings[1]["article"]["outlet"]);
    for c in clusters {
        assert!(c["speaker"].as_str().unwrap().contains("Henderson"), "{c}");
    }
    assert_eq!(r["total"].as_u64().unwrap() as usize, clusters.len());
    let quotes: u64 = clusters.iter().map(|c| c["wordings"].as_array().unwrap().len() as u64).sum();
    assert_eq!(r["quotes"].as_u64().unwrap(), quotes);

    // Unfiltered, every quote of the index is in one cluster: the counts add up.
    let all = sb.json(&["quotes", "--json", "-n", "1000"], 0);
    let clusters = all["clusters"].as_array().unwrap();
    assert_eq!(all["total"].as_u64().unwrap() as usize, clusters.len());
    let quotes: u64 = clusters.iter().map(|c| c["wordings"].as_array().unwrap().len() as u64).sum();
    assert_eq!(all["quotes"].as_u64().unwrap(), quotes);
    assert!(quotes > r["quotes"].as_u64().unwrap(), "more quotes than Henderson's: {quotes}");
    let outlet_counts: Vec<u64> = clusters.iter().map(|c| c["outlet_count"].as_u64().unwrap()).collect();
    assert!(outlet_counts.windows(2).all(|w| w[0] >= w[1]), "most widely carried first: {outlet_counts:?}");

    // Paging: the second page is the list from where the first stopped.
    let first = sb.json(&["quotes", "--json", "-n", "3"], 0);
    let second = sb.json(&["quotes", "--json", "-n", "3", "--offset", "3"], 0);
    assert_eq!(first["clusters"].as_array().unwrap()[..], clusters[..3]);
    assert_eq!(second["clusters"].as_array().unwrap()[..], clusters[3..6]);
    assert_eq!(second["query"]["offset"], 3);

    // An outlet filter lists the clusters the outlet carried, with every outlet's wording.
    let afp = sb.json(&["quotes", "--json", "--outlet", "AFP", "-n", "1000"], 0);
    let afp = afp["clusters"].as_array().unwrap();
    assert!(!afp.is_empty() && afp.len() < clusters.len());
    for c in afp {
        assert!(c["wordings"].as_array().unwrap().iter().any(|w| w["article"]["outlet"] == "AFP"), "{c}");
    }
    assert!(afp.iter().any(|c| c["outlet_count"] == 2));
}

#[test]
fn newscluster_quote_oracle_finds_every_outlet_and_only_printed_words() {
    let Some(corpora) = corpora() else { return };
    let dir = tempfile::tempdir().unwrap();
    let index = pressbox::index::PressIndex::open_or_create(dir.path()).unwrap();
    let opts = pressbox::index::build::BuildOptions::new(
        vec![corpora.join("newscluster.jsonl")],
        pressbox::ingest::OutletTable::builtin(),
    );
    let report = pressbox::index::build::run(&index, &opts, &pressbox::index::build::Silent).unwrap();
    assert_eq!(report.articles, 404);
    drop(index);
    let searcher = pressbox::search::Searcher::open(dir.path()).unwrap();
    let oracle: Vec<pressbox::eval::provenance::OracleQuote> =
        std::fs::read_to_string(corpora.join("newscluster.quotes.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let r = pressbox::eval::provenance::score(&searcher, &oracle).unwrap();
    eprintln!(
        "newscluster quotes: recall {}/{} = {:.4}, precision {}/{} = {:.4}",
        r.found, r.pairs, r.recall, r.printed, r.checked, r.precision
    );
    for (quote, id) in &r.wrong {
        eprintln!("  not printed as returned: {id}: {quote}");
    }
    assert!(r.recall >= 0.99, "misses: {:?}", r.misses);
    assert!(r.precision >= 0.99, "wrong: {:?}", r.wrong);
}

#[test]
fn real_corpora_ingest_as_they_are() {
    let Some(corpora) = corpora() else { return };
    let sb = Sandbox::new();
    let bbc = corpora.join("bbcsport.jsonl");
    let epl = corpora.join("epl-match-reports-2025.jsonl");
    let report = sb.json(&["index", "--json", bbc.to_str().unwrap(), epl.to_str().unwrap()], 0);
    assert_eq!(report["articles"], 737 + 137, "{report}");
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 7, "the EPL file's 7 empty bodies: {skipped:?}");
    assert!(skipped.iter().all(|s| s["source"].as_str().unwrap().contains("epl-match-reports-2025.jsonl:")));
    let r = sb.json(&["search", "--json", "Arsenal penalty"], 0);
    assert_eq!(r["mode"], "all");
    assert!(r["hits"].as_array().unwrap().len() >= 5);
}

#[test]
fn every_kane_in_every_seed_is_harry_kane_and_al_bayt_is_a_venue() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    for id in ["000_413961b8f36dffdf.txt", "001_6e83b1c257ab88e6.txt", "002_e0228e736809d36c.txt"] {
        let a = &sb.json(&["show", "--json", id], 0)["article"];
        let text = a["text"].as_str().unwrap();
        let mentions = a["entities"].as_array().unwrap();
        let kanes: Vec<&Value> = mentions
            .iter()
            .filter(|m| {
                chars(text, m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize)
                    .contains("Kane")
            })
            .collect();
        let in_text = text.matches("Kane").count();
        assert_eq!(kanes.len(), in_text, "{id}: every Kane is tagged");
        assert!(
            kanes.iter().all(|m| m["id"] == "person:harry-kane" && m["kind"] == "person"),
            "{id}: {kanes:?}"
        );
        if text.contains("Al Bayt Stadium") {
            assert!(mentions.iter().any(|m| m["name"] == "Al Bayt Stadium" && m["kind"] == "venue"), "{id}");
        }
    }
}

#[test]
fn entity_filters_take_any_alias_case_or_accent() {
    let sb = Sandbox::new();
    for name in ["Aurélien Tchouaméni", "aurelien tchouameni", "Tchouameni"] {
        let r = sb.json(&["search", "--json", "--entity", name, "goal OR lead OR strike"], 0);
        let hits = r["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{name}");
        for h in hits {
            let ids: Vec<&str> =
                h["entities"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
            assert!(ids.contains(&"person:aurelien-tchouameni"), "{name}: {ids:?}");
        }
    }
    let r = sb.json(&["search", "--json", "entity:\"Al Bayt Stadium\""], 0);
    assert_eq!(outlets(&r["hits"]).len(), 2, "two seeds name the stadium: {r}");
    let r = sb.json(&["search", "--json", "entity:Spurs Kane"], 0);
    for h in r["hits"].as_array().unwrap() {
        assert!(h["entities"].as_array().unwrap().iter().any(|e| e["name"] == "Tottenham Hotspur"), "{h}");
    }
    // An entity no article is tagged with is the user's mistake, not an empty answer.
    let (_, err) = sb.run(&["search", "--entity", "Lionel Messi", "penalty"], 2);
    assert!(err.contains("no entity named “Lionel Messi” in this index"), "{err}");
}

#[test]
fn entities_lists_coverage_by_outlet() {
    let sb = Sandbox::new();
    let r = sb.json(&["entities", "--json", "--kind", "person"], 0);
    let list = r["entities"].as_array().unwrap();
    let kane = list.iter().find(|e| e["id"] == "person:harry-kane").unwrap();
    assert_eq!(kane["articles"], 3);
    assert_eq!(kane["role"], "player");
    assert_eq!(kane["outlets"].as_array().unwrap().len(), 3);
    assert!(list.iter().all(|e| e["kind"] == "person"));
    assert_eq!(r["total"].as_u64().unwrap() as usize, list.len());
    // The counts are the articles' own: mentions per outlet add up to the entity's mentions,
    // and match what `show` marks.
    for e in list {
        let per: u64 = e["outlets"].as_array().unwrap().iter().map(|o| o["mentions"].as_u64().unwrap()).sum();
        assert_eq!(per, e["mentions"].as_u64().unwrap(), "{e}");
    }
    let mut kane_mentions = 0;
    for id in ["000_413961b8f36dffdf.txt", "001_6e83b1c257ab88e6.txt", "002_e0228e736809d36c.txt"] {
        let a = &sb.json(&["show", "--json", id], 0)["article"];
        kane_mentions +=
            a["entities"].as_array().unwrap().iter().filter(|m| m["id"] == "person:harry-kane").count();
    }
    assert_eq!(kane["mentions"], kane_mentions);
    // Paging, and one result per line under --jsonl.
    let page = sb.json(&["entities", "--json", "--kind", "person", "-n", "2", "--offset", "2"], 0);
    assert_eq!(page["entities"].as_array().unwrap()[..], list[2..4]);
    assert_eq!(page["total"], r["total"]);
    let (lines, _) = sb.run(&["entities", "--jsonl", "--kind", "person", "-n", "3"], 0);
    let parsed: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(parsed[..], list[..3]);
    let afp = sb.json(&["entities", "--json", "--outlet", "AFP"], 0);
    for e in afp["entities"].as_array().unwrap() {
        let outlets: Vec<&Value> = e["outlets"].as_array().unwrap().iter().collect();
        assert!(outlets.iter().all(|o| o["outlet"] == "AFP"), "{e}");
    }
    let (_, err) = sb.run(&["entities", "--kind", "wizard"], 2);
    assert!(err.contains("unknown entity kind"), "{err}");
}

#[test]
fn user_gazetteers_add_entities_and_bad_ones_name_the_line() {
    let sb = Sandbox::new();
    sb.write(
        "squad.toml",
        "[[entity]]\nid = \"person:zed-example\"\nname = \"Zed Example\"\nkind = \"person\"\nrole = \"player\"\naliases = [\"Zeddy\"]\n",
    );
    sb.write("in/a.txt", "Zeddy scored twice for the reserves on Tuesday night.");
    sb.run(&["index", "--gazetteer", "squad.toml", "in"], 0);
    let r = sb.json(&["search", "--json", "--entity", "zed example", "scored"], 0);
    assert_eq!(r["hits"][0]["article"]["id"], "a.txt");
    assert_eq!(r["hits"][0]["entities"][0]["id"], "person:zed-example");
    // Searches resolve the user's names too, without the flag: the gazetteer is kept with the index.
    let r = sb.json(&["search", "--json", "entity:Zeddy"], 0);
    assert_eq!(r["hits"].as_array().unwrap().len(), 1);

    sb.write("bad.toml", "[[entity]]\nid = \"person:x\"\nname = \n");
    sb.write("in/b.txt", "Another article about the reserves.");
    let (_, err) = sb.run(&["index", "--gazetteer", "bad.toml", "in"], 2);
    assert!(err.contains("bad.toml:3"), "{err}");
    sb.run(&["show", "b.txt"], 1);
}

#[test]
fn indexing_without_entities_still_searches() {
    let sb = Sandbox::new();
    sb.run(&["index", "--no-entities"], 0);
    let r = sb.json(&["search", "--json", "Kane penalty"], 0);
    assert!(r["hits"].as_array().unwrap().iter().all(|h| h["entities"].as_array().unwrap().is_empty()));
    let (_, err) = sb.run(&["search", "--entity", "Harry Kane", "penalty"], 2);
    assert!(err.contains("no entity named “Harry Kane” in this index"), "{err}");
}

#[test]
fn people_no_gazetteer_knows_are_found_by_name() {
    let sb = Sandbox::new();
    sb.write("in/a.txt", "Midfielder Jonny Quibbleworth scored the winner, and Quibbleworth said it was the best goal of his career.");
    sb.run(&["index", "in"], 0);
    let r = sb.json(&["search", "--json", "--entity", "Jonny Quibbleworth", "winner"], 0);
    assert_eq!(r["hits"][0]["article"]["id"], "a.txt");
    assert_eq!(r["hits"][0]["entities"][0]["id"], "person:jonny-quibbleworth");
}

#[test]
fn outlets_carrying_the_same_quote_are_grouped_into_one_hit() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "many penalties Harry"], 0);
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{r}");
    let mut outlets: Vec<String> = vec![hits[0]["article"]["id"].as_str().unwrap().to_string()];
    for a in hits[0]["also_reported_by"].as_array().unwrap() {
        outlets.push(a["article"]["id"].as_str().unwrap().to_string());
        assert!(a["passage"]["text"]
            .as_str()
            .unwrap()
            .contains("how many penalties Harry has scored for us"));
    }
    outlets.sort();
    assert_eq!(outlets.len(), 3, "all three seeds: {outlets:?}");
    let (out, _) = sb.run(&["search", "many penalties Harry"], 0);
    assert!(out.contains("also reported by"), "{out}");
}

#[test]
fn indexing_prints_a_summary_and_no_progress_bar_when_not_a_terminal() {
    let sb = Sandbox::new();
    let (out, err) = sb.run(&["index"], 0);
    assert!(out.starts_with("indexed 3 articles ("), "{out}");
    assert!(out.contains("from 3 files into index"), "{out}");
    assert!(err.is_empty(), "stderr is not a terminal here, so no bar: {err:?}");
}

// ------------------------------------------------------------------ terminal, pipes, limits

/// True when every ESC in `out` starts an SGR colour sequence (`ESC [ digits ; ... m`), the only
/// escapes pressbox itself writes.
fn only_colour_escapes(out: &[u8]) -> bool {
    let mut at = 0;
    while let Some(p) = out[at..].iter().position(|&b| b == 0x1b) {
        let Some(rest) = out[at + p + 1..].strip_prefix(b"[") else { return false };
        let n = rest.iter().take_while(|b| b.is_ascii_digit() || **b == b';').count();
        if rest.get(n) != Some(&b'm') {
            return false;
        }
        at += p + 1;
    }
    true
}

#[test]
fn escape_sequences_in_records_never_reach_the_terminal_raw() {
    let sb = Sandbox::new();
    // JSON escapes, so the file itself is valid JSON; the values hold ESC ] 0 (title change),
    // ESC [ 2J (clear screen), a C1 CSI and a right-to-left override.
    sb.write(
        "in/feed.jsonl",
        concat!(
            r#"{"id": "evil\u001b]0;pwned\u0007\u001b[2J", "url": "https://x.test/\u001b[31mred", "#,
            r#""date": "2022\u009b2J-12-10", "title": "Kane \u202eeltit", "outlet": "BBC", "#,
            r#""body": "Kane took the penalty and the xqzcheck word is here."}"#,
            "\n"
        ),
    );
    sb.write("in/bad\u{1b}[2J.txt", "");
    let runs: [&[&str]; 4] = [
        &["--color", "always", "index", "in"],
        &["--color", "always", "search", "xqzcheck"],
        &["--color", "always", "show", "evil"],
        &["--color", "always", "search", "--json", "xqzcheck"],
    ];
    for args in runs {
        let out = sb.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(only_colour_escapes(&out.stdout), "{args:?}: raw escape in {text:?}");
        assert!(only_colour_escapes(&out.stderr), "{args:?}: raw escape in stderr");
        assert!(!text.contains(['\u{9b}', '\u{202e}', '\u{7}']), "{args:?}: {text:?}");
        assert!(!text.contains("\u{1b}[31mred") && !text.contains("\u{1b}[2J"), "{args:?}: {text:?}");
    }
    let (out, _) = sb.run(&["--color", "always", "index", "in"], 0);
    assert!(out.contains("bad␛[2J.txt"), "the skipped file is named, visibly: {out}");
    // Ingest strips control sequences from record fields whole; the page and JSON get the rest.
    let (out, _) = sb.run(&["show", "evil"], 0);
    assert!(out.contains("id:     evil\n"), "{out}");
    assert!(out.contains("url:    https://x.test/red"), "{out}");
    let r = sb.json(&["search", "--json", "xqzcheck"], 0);
    assert_eq!(r["hits"][0]["article"]["id"], "evil");
    assert_eq!(r["hits"][0]["article"]["title"], "Kane eltit");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_exit_0() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    // The reader (`true`) is gone before pressbox writes: every write meets a closed pipe.
    for cmd in ["stats", "search Kane -n 50", "show 001_6e83b1c257ab88e6.txt", "search --json Kane"] {
        let script = format!(r#"{{ sleep 0.3; "$0" {cmd}; }} | true; echo "status=${{PIPESTATUS[0]}}""#);
        let out = std::process::Command::new("bash")
            .args(["-c", &script, env!("CARGO_BIN_EXE_pressbox")])
            .current_dir(sb.path())
            .env_clear()
            .output()
            .unwrap();
        let (so, se) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(so.trim(), "status=0", "{cmd}: {se}");
        assert!(se.is_empty(), "{cmd}: nothing on stderr, got {se:?}");
    }
    // And the everyday form: the first line only.
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            r#""$0" stats | head -1; echo "status=${PIPESTATUS[0]}""#,
            env!("CARGO_BIN_EXE_pressbox"),
        ])
        .current_dir(sb.path())
        .env_clear()
        .output()
        .unwrap();
    let so = String::from_utf8_lossy(&out.stdout);
    assert!(so.starts_with("3 articles, "), "{so}");
    assert!(so.contains("status=0"), "{so}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn limits_outside_1_to_1000_are_refused_naming_the_flag_and_range() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    for args in [
        &["search", "-n", "0", "Kane"][..],
        &["search", "--limit", "1001", "Kane"],
        &["search", "--per-article", "0", "Kane"],
        &["quote", "--limit", "0", "penalties"],
        &["quotes", "-n", "5000"],
        &["entities", "--limit", "0"],
    ] {
        let (out, err) = sb.run(args, 2);
        assert!(out.is_empty(), "{args:?}: {out}");
        let flag = if args.contains(&"--per-article") { "--per-article" } else { "--limit" };
        assert!(err.contains(flag) && err.contains("1..=1000"), "{args:?}: {err}");
    }
    let r = sb.json(&["search", "--json", "-n", "1000", "Kane"], 0);
    assert!(!r["hits"].as_array().unwrap().is_empty());
    let r = sb.json(&["search", "--json", "-n", "1", "Kane"], 0);
    assert_eq!(r["hits"].as_array().unwrap().len(), 1);
}

#[test]
fn under_json_errors_are_json_on_stdout_with_the_same_exit_code() {
    let sb = Sandbox::new();
    sb.run(&["index"], 0);
    let cases: [(&[&str], i32, &str, &str); 4] = [
        (&["search", "--json", "--", "(unbalanced"], 2, "user", ""),
        (&["search", "--json", "-n", "0", "Kane"], 2, "user", "--limit"),
        (&["--index", "nowhere", "stats", "--json"], 2, "user", "no index at nowhere"),
        (&["entities", "--json", "--kind", "wizard"], 2, "user", "unknown entity kind"),
    ];
    for (args, code, kind, needle) in cases {
        let out = sb.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        assert_eq!(v["kind"], kind, "{args:?}: {v}");
        assert!(v["error"].as_str().unwrap().contains(needle), "{args:?}: {v}");
        // Without --json the same error is one line on stderr.
    }
    // A run that indexed some paths and missed others prints one JSON document: the report.
    let out = sb.cmd().args(["index", "--json", "seeds", "no/such"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["missing"], serde_json::json!(["no/such"]), "{v}");
    assert_eq!(v["articles"], 3, "{v}");
    // A damaged index is a fault: exit 1, kind "fault".
    sb.write("broken/meta.json", "{ this is not the meta file");
    let out = sb.cmd().args(["--index", "broken", "stats", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "fault", "{v}");
    let (out, err) = sb.run(&["--index", "broken", "stats"], 1);
    assert!(out.is_empty() && err.starts_with("pressbox: error: "), "{err}");
}

#[test]
fn completions_and_the_man_page_print_to_stdout() {
    let sb = Sandbox::bare();
    let (bash, _) = sb.run(&["completions", "bash"], 0);
    assert!(bash.contains("_pressbox()") && bash.contains("complete -F _pressbox"), "{bash}");
    assert!(bash.contains("--cors-origin") && bash.contains("quotes"), "every command and flag");
    let (zsh, _) = sb.run(&["completions", "zsh"], 0);
    assert!(zsh.starts_with("#compdef pressbox"), "{zsh}");
    let (fish, _) = sb.run(&["completions", "fish"], 0);
    assert!(fish.contains("complete -c pressbox"), "{fish}");
    sb.run(&["completions", "tcsh"], 2);
    let (man, _) = sb.run(&["man"], 0);
    assert!(man.contains(".TH pressbox 1"), "{}", &man[..man.len().min(300)]);
    assert!(man.contains("search") && man.contains("completions"), "subcommands listed");
}

#[test]
fn every_help_has_examples_and_documents_json() {
    let sb = Sandbox::bare();
    for cmd in ["index", "search", "quote", "quotes", "entities", "show", "stats"] {
        let (help, _) = sb.run(&[cmd, "--help"], 0);
        let examples = help.split("Examples:").nth(1).unwrap_or_else(|| panic!("{cmd}: no examples: {help}"));
        assert!(examples.lines().filter(|l| l.trim_start().starts_with("pressbox ")).count() >= 2, "{cmd}");
        assert!(help.contains("--json") && help.contains("Print the answer as JSON"), "{cmd}: {help}");
    }
    for cmd in ["serve", "completions", "man"] {
        let (help, _) = sb.run(&[cmd, "--help"], 0);
        assert!(help.contains("Examples:"), "{cmd}: {help}");
    }
}

#[test]
fn without_seeds_here_search_asks_for_an_index_and_creates_nothing() {
    let sb = Sandbox::bare();
    let (out, err) = sb.run(&["search", "Kane"], 2);
    assert!(out.is_empty());
    assert!(err.contains("no index at index") && err.contains("pressbox index"), "{err}");
    assert!(!sb.path().join("index").exists());
    let (_, err) = sb.run(&["index"], 2);
    assert!(err.contains("nothing to index") && err.contains("seeds/"), "{err}");
    assert!(!sb.path().join("index").exists());
}

#[test]
fn indexing_only_a_missing_path_leaves_no_index_behind() {
    let sb = Sandbox::new();
    let (_, err) = sb.run(&["index", "/typo/nowhere"], 2);
    assert!(err.contains("/typo/nowhere") && err.contains("nothing indexed"), "{err}");
    assert!(!sb.path().join("index").exists(), "no empty index left");
    // So the no-set-up path still works afterwards.
    let (_, err) = sb.run(&["search", "Kane"], 0);
    assert!(err.contains("building it from seeds"), "{err}");
}

#[test]
fn every_json_answer_is_one_envelope_with_the_query_asked() {
    let sb = Sandbox::new();
    let index = sb.json(&["index", "--json"], 0);
    assert_eq!(index["query"], serde_json::json!({"paths": [], "outlet_table": null}));
    assert!(index["skipped"].as_array().unwrap().is_empty(), "empty lists are present: {index}");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["search", "--json", "--outlet", "AFP", "Kane"], "hits"),
        (vec!["quote", "--json", "We know how many penalties Harry has scored for us"], "matches"),
        (vec!["quotes", "--json", "--speaker", "Henderson"], "clusters"),
        (vec!["entities", "--json", "--kind", "venue"], "entities"),
        (vec!["show", "--json", "001_6e83b1c257ab88e6.txt"], "article"),
        (vec!["stats", "--json"], "outlets"),
        (vec!["verify", "--json"], "problems"),
        (vec!["matches", "--json"], "matches"),
        (vec!["match", "--json", "England", "France"], "match"),
    ];
    for (args, named) in cases {
        let r = sb.json(&args, 0);
        let obj = r.as_object().unwrap_or_else(|| panic!("{args:?}: not an object: {r}"));
        assert!(obj["query"].is_object(), "{args:?}: {r}");
        assert!(!obj[named].is_null(), "{args:?} lacks {named}: {r}");
    }
    // What was asked, filters included, and the lists of a hit present even when empty.
    let r = sb.json(&["search", "--json", "--outlet", "AFP", "--entity", "Kane", "Kane"], 0);
    assert_eq!(r["query"]["q"], "Kane");
    assert_eq!(r["query"]["outlet"], serde_json::json!(["AFP"]));
    assert_eq!(r["query"]["entity"], serde_json::json!(["Kane"]));
    assert_eq!(r["query"]["offset"], 0);
    for h in r["hits"].as_array().unwrap() {
        for list in ["highlights", "quotes", "entities", "also_reported_by"] {
            assert!(h[list].is_array(), "{list} missing: {h}");
        }
    }
    let q = sb.json(&["quote", "--json", "--outlet", "AFP", "how many penalties"], 0);
    assert_eq!(q["query"], serde_json::json!({"text": "how many penalties", "limit": 50, "outlet": ["AFP"]}));
    let s = sb.json(&["show", "--json", "001_6e83b1c257ab88e6.txt"], 0);
    assert_eq!(s["query"]["id"], "001_6e83b1c257ab88e6.txt");
    // Under --jsonl an error is still one JSON object.
    let out = sb.cmd().args(["search", "--jsonl", "--outlet", "Nowhere Gazette", "Kane"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["kind"], "user");
}

/// A title counts as a title: two articles of the same length hold "kestrel" twice in title and
/// text together (body BM25 ties them: the title is in the body once); the one whose title names
/// it ranks first, although the other's passage holds it twice (the title field's weight).
#[test]
fn a_title_naming_the_word_ranks_its_article_first() {
    let sb = Sandbox::bare();
    let mut corpus = String::new();
    corpus.push_str(r#"{"id": "t-text", "title": "Coastal notes", "body": "The kestrel hovered over the dunes at dawn and a second kestrel watched from below."}"#);
    corpus.push('\n');
    corpus.push_str(r#"{"id": "t-title", "title": "Kestrel notes", "body": "A kestrel circled above the marsh at noon as birdwatchers counted geese near the sea."}"#);
    corpus.push('\n');
    for i in 0..6 {
        corpus.push_str(&format!(
            r#"{{"id": "other-{i}", "title": "Harbour diary {i}", "body": "Boats came into the harbour on the morning tide and the nets were mended on the quay."}}"#
        ));
        corpus.push('\n');
    }
    sb.write("corpus/birds.jsonl", corpus);
    sb.run(&["index", "corpus"], 0);
    let r = sb.json(&["search", "--json", "kestrel"], 0);
    let ids: Vec<&str> =
        r["hits"].as_array().unwrap().iter().map(|h| h["article"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["t-title", "t-text"], "{r}");
}

#[test]
fn exact_words_inside_a_longer_quote_are_verbatim_and_listed_first() {
    let sb = Sandbox::new();
    // Seed 000 printed the sentence on its own; 001 and 002 inside a longer quote.
    let r = sb.json(&["quote", "--json", "We know how many penalties Harry has scored for us"], 0);
    let matches = r["matches"].as_array().unwrap();
    let mut within = 0;
    for id in ["000_413961b8f36dffdf.txt", "001_6e83b1c257ab88e6.txt", "002_e0228e736809d36c.txt"] {
        let m = matches.iter().find(|m| m["article"]["id"] == id).unwrap_or_else(|| panic!("{id}: {r}"));
        assert_eq!(m["kind"], "verbatim", "{m}");
        assert_eq!(m["similarity"], 1.0, "{m}");
        assert_eq!(
            m["text"].as_str().unwrap().trim_end_matches(['.', ',']),
            "We know how many penalties Harry has scored for us"
        );
        if let Some(w) = m["within"].as_array() {
            within += 1;
            let (s, e) = (w[0].as_u64().unwrap(), w[1].as_u64().unwrap());
            assert!(s <= m["start"].as_u64().unwrap() && m["end"].as_u64().unwrap() <= e, "{m}");
            assert!((s, e) != (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap()), "{m}");
        }
    }
    assert_eq!(within, 2, "{r}");
    // Seed 000 printed these words as the second part of an interrupted quote.
    let r = sb.json(&["quote", "--json", "We gave it everything and it wasn't our night"], 0);
    let m =
        r["matches"].as_array().unwrap().iter().find(|m| m["article"]["id"] == "000_413961b8f36dffdf.txt");
    let m = m.unwrap_or_else(|| panic!("{r}"));
    assert_eq!((m["kind"].as_str(), m["similarity"].as_f64()), (Some("verbatim"), Some(1.0)), "{m}");
    // Within each outlet, an exact print comes before any other kind.
    let kinds: Vec<(&str, &str)> = r["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["article"]["outlet"].as_str().unwrap_or(""), m["kind"].as_str().unwrap()))
        .collect();
    for (i, (outlet, kind)) in kinds.iter().enumerate() {
        if *kind == "verbatim" {
            assert!(kinds[..i].iter().all(|(o, k)| o != outlet || *k == "verbatim"), "{kinds:?}");
        }
    }
    let (out, _) = sb.run(&["quote", "We know how many penalties Harry has scored for us"], 0);
    assert!(out.contains("within a longer quote"), "{out}");
}

#[test]
fn a_common_phrase_finds_no_partial_match() {
    let sb = Sandbox::new();
    sb.write("in/a.txt", "\"We are where we are now,\" the manager said after the draw on Saturday.\n");
    sb.run(&["index", "seeds", "in"], 0);
    // The outlet printed six common words of the query: not this quote.
    let q = "We are where we are now and the fans deserve far better than this performance";
    let r = sb.json(&["quote", "--json", q], 1);
    assert_eq!(r["matches"].as_array().unwrap().len(), 0, "{r}");
}

#[test]
fn top_hits_are_the_same_with_and_without_count() {
    let sb = Sandbox::new();
    let key = |h: &Value| (h["article"]["id"].clone(), h["passage"]["start"].clone(), h["score"].clone());
    for q in ["Kane penalty", "Giroud header", "Henderson", "Kane missed penalty VAR review France"] {
        let plain = sb.json(&["search", "--json", q], 0);
        let counted = sb.json(&["search", "--json", "--count", q], 0);
        let hits = |r: &Value| r["hits"].as_array().unwrap().iter().map(key).collect::<Vec<_>>();
        assert!(!hits(&plain).is_empty(), "{q}");
        assert_eq!(hits(&plain), hits(&counted), "{q}");
        assert_eq!(counted["total_exact"], true, "{q}");
        if q.split(' ').count() >= 5 {
            // A long query's `total` counts the articles holding all its words; those holding
            // some follow them in the hits (README, "Searching").
            continue;
        }
        // `total` counts articles; an article may give several hits.
        let articles: std::collections::HashSet<String> =
            plain["hits"].as_array().unwrap().iter().map(|h| h["article"]["id"].to_string()).collect();
        assert!(counted["total"].as_u64().unwrap() >= articles.len() as u64, "{q}");
    }
}

#[test]
fn a_typo_in_one_word_of_three_still_finds_the_passage() {
    let sb = Sandbox::new();
    let r = sb.json(&["search", "--json", "Giroud heeder Maguire"], 0);
    let text = r["hits"][0]["passage"]["text"].as_str().unwrap_or_default();
    assert!(text.contains("Giroud's header deflected in off Harry Maguire"), "{r}");
}

#[test]
fn unquoted_words_inside_an_interrupted_quote_are_found() {
    let sb = Sandbox::new();
    sb.write(
        "in/a.txt",
        "\"We will keep fighting for every vote in this state,\" Cruz told the audience at Liberty University in Virginia, \"and we will win this race.\"\n",
    );
    sb.run(&["index", "seeds", "in"], 0);
    let r = sb.json(&["quote", "--json", "Cruz told the audience at Liberty University in Virginia"], 0);
    let m = &r["matches"][0];
    assert_eq!(m["quoted"], false, "{r}");
    assert_eq!(m["kind"], "verbatim", "{r}");
    assert_eq!(m["text"], "Cruz told the audience at Liberty University in Virginia", "{r}");
    // The quoted words themselves are still the quote's.
    let r = sb.json(&["quote", "--json", "We will keep fighting for every vote in this state"], 0);
    assert_eq!(r["matches"][0]["quoted"], true, "{r}");
}
