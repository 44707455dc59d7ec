//! `pressbox verify` and damaged indexes: each test builds a fresh index from the seeds through
//! the binary, damages one file, and checks that `verify` names it and that no read panics.

use std::path::{Path, PathBuf};

use crate::support::Sandbox;

/// A sandbox with `./index` built from the seeds.
fn indexed() -> Sandbox {
    let sb = Sandbox::new();
    sb.run(&["index", "--json"], 0);
    sb
}

/// The index's files ending in `.ext` (one per segment).
fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(&format!(".{ext}")))
        .collect();
    files.sort();
    files
}

/// Flips every bit of the byte at `at` (a fraction of the file's length).
fn flip(file: &Path, at: f64) {
    let mut bytes = std::fs::read(file).unwrap();
    let i = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
    bytes[i] ^= 0xFF;
    std::fs::write(file, bytes).unwrap();
}

/// Runs pressbox; asserts it neither panicked nor aborted; returns (exit code, stdout, stderr).
fn run_no_panic(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let out = sb.cmd().args(args).output().unwrap();
    let (so, se) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    let code = out.status.code();
    assert!(
        matches!(code, Some(0..=2)) && !se.contains("panicked") && !so.contains("panicked"),
        "pressbox {args:?} exited {code:?}\nstdout: {so}\nstderr: {se}"
    );
    (code.unwrap(), so, se)
}

#[test]
fn a_fresh_index_is_sound() {
    let sb = indexed();
    let report = sb.json(&["verify", "--json"], 0);
    assert_eq!(report["sound"], true, "{report}");
    assert!(report["problems"].as_array().unwrap().is_empty(), "{report}");
    assert!(report["segments"].as_u64().unwrap() >= 1, "{report}");
    let stats = sb.json(&["stats", "--json"], 0);
    assert_eq!(report["articles"], stats["articles"], "{report} {stats}");
    let (so, _) = sb.run(&["verify"], 0);
    assert!(so.contains("sound"), "{so}");
}

/// Search reads passage bounds from the passages' unit spans (no dictionary read); they must be
/// the `bounds` column's, article by article.
#[test]
fn passage_bounds_from_unit_spans_are_the_bounds_column() {
    use pressbox::index::schema::{passage_bounds, read_bounds};
    let sb = indexed();
    let index = pressbox::index::PressIndex::open(&sb.path().join("index")).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let (mut compared, mut bytes, mut scratch) = (0, Vec::new(), Vec::new());
    for segment in searcher.segment_readers() {
        let units = segment.fast_fields().column_opt::<u64>("unit_spans").unwrap().unwrap();
        let column = segment.fast_fields().bytes("bounds").unwrap();
        for doc in segment.doc_ids_alive() {
            let (mut from_units, mut from_bytes) = (Vec::new(), Vec::new());
            read_bounds(column.as_ref(), doc, &mut bytes, &mut from_bytes).unwrap();
            // No seed article is too long for unit spans: each one with passages has them.
            let known = passage_bounds(&units, doc, &mut scratch, &mut from_units);
            assert_eq!(known, !from_bytes.is_empty(), "document {doc}");
            assert_eq!(from_units, from_bytes, "document {doc}");
            compared += usize::from(known);
        }
    }
    assert!(compared >= 3, "only {compared} articles compared");
}

#[test]
fn a_flipped_byte_in_each_file_kind_is_named_and_never_panics() {
    for ext in ["store", "idx", "pos", "term", "fast", "fieldnorm"] {
        for at in [0.1, 0.5] {
            let sb = indexed();
            let dir = sb.path().join("index");
            let files = files_with(&dir, ext);
            assert!(!files.is_empty(), "no .{ext} file in {}", dir.display());
            let file = &files[0];
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            flip(file, at);
            let (code, so, _) = run_no_panic(&sb, &["verify", "--json"]);
            let report: serde_json::Value = serde_json::from_str(&so).unwrap();
            assert_eq!(code, 1, ".{ext} at {at}: {report}");
            assert_eq!(report["sound"], false, ".{ext} at {at}: {report}");
            let named = report["problems"].as_array().unwrap().iter().any(|p| p["file"] == name.as_str());
            assert!(named, ".{ext} at {at}: {name} not named in {report}");
            let (code, so, _) = run_no_panic(&sb, &["verify"]);
            assert_eq!(code, 1);
            assert!(so.contains(&name), "{so}");
            for args in [
                &["search", "Kane", "penalty"][..],
                &["search", "--json", "Southgate"],
                &["quote", "long run"],
                &["stats"],
                &["entities"],
            ] {
                let (code, so, se) = run_no_panic(&sb, args);
                // A damaged doc store is found before any record is read (it could otherwise
                // make tantivy allocate a size read from the damaged bytes and abort).
                if ext == "store" && args[0] != "stats" && args[0] != "entities" {
                    assert_eq!(code, 1, ".store at {at} {args:?}: {se}");
                    // (under --json the error is JSON on stdout)
                    assert!(
                        se.contains("damaged") || so.contains("damaged"),
                        ".store at {at} {args:?}: {se}{so}"
                    );
                }
                if code == 1 && !se.is_empty() {
                    assert!(se.lines().count() == 1, ".{ext} {args:?}: {se}");
                }
            }
        }
    }
}

#[test]
fn a_missing_segment_file_is_named() {
    let sb = indexed();
    let dir = sb.path().join("index");
    let file = &files_with(&dir, "pos")[0];
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::remove_file(file).unwrap();
    let report = sb.json(&["verify", "--json"], 1);
    let problem = report["problems"].as_array().unwrap().iter().find(|p| p["file"] == name.as_str()).cloned();
    assert!(problem.is_some_and(|p| p["what"].as_str().unwrap().contains("missing")), "{report}");
}

#[test]
fn a_truncated_meta_json_is_a_clean_error() {
    let sb = indexed();
    let meta = sb.path().join("index/meta.json");
    let bytes = std::fs::read(&meta).unwrap();
    std::fs::write(&meta, &bytes[..bytes.len() / 2]).unwrap();
    let (code, so, _) = run_no_panic(&sb, &["verify", "--json"]);
    assert_eq!(code, 1, "{so}");
    let report: serde_json::Value = serde_json::from_str(&so).unwrap();
    assert_eq!(report["problems"][0]["file"], "meta.json", "{report}");
    let (code, _, se) = run_no_panic(&sb, &["search", "Kane"]);
    assert_eq!(code, 1, "{se}");
    assert_eq!(se.lines().count(), 1, "{se}");
    assert!(se.contains("meta.json") || se.contains("index"), "{se}");
}

#[test]
fn verify_without_an_index_is_the_users_mistake() {
    let sb = Sandbox::bare();
    let (_, se) = sb.run(&["verify"], 2);
    assert!(se.contains("no index"), "{se}");
}

#[test]
fn repair_rebuilds_a_damaged_index_from_its_sources_and_names_those_gone() {
    let sb = Sandbox::new();
    sb.write("more/extra.jsonl", "{\"id\": \"x1\", \"title\": \"Reserves\", \"body\": \"Pickford saved a penalty for the reserves on Tuesday.\"}\n{\"body\": \"Maguire headed the winner in the second half.\"}\n");
    sb.write("gone/old.txt", "Rice scored from distance as the reserves won again.");
    // Two runs: at least two segments, so that damage to one leaves the other readable.
    sb.run(&["index", "seeds", "more"], 0);
    sb.run(&["index", "gone"], 0);
    let before = sb.json(&["stats", "--json"], 0);
    assert_eq!(before["articles"], 6, "{before}");
    // A sound index is left alone.
    let report = sb.json(&["verify", "--repair", "--json"], 0);
    assert_eq!(report["repaired"], false, "{report}");
    // Damage one segment's doc store, and take one source away.
    let dir = sb.path().join("index");
    let stores = files_with(&dir, "store");
    assert!(stores.len() >= 2, "{stores:?}");
    flip(&stores[0], 0.5);
    std::fs::remove_file(sb.path().join("gone/old.txt")).unwrap();
    sb.run(&["verify"], 1);
    let report = sb.json(&["verify", "--repair", "--json"], 1);
    assert_eq!(report["repaired"], true, "{report}");
    assert_eq!(report["verify"]["sound"], true, "{report}");
    let sound = sb.json(&["verify", "--json"], 0);
    assert_eq!(sound["sound"], true, "{sound}");
    // Every source still there is back under its old id; what is gone is named.
    let after = sb.json(&["stats", "--json"], 0);
    let recovered = after["articles"].as_u64().unwrap();
    let gone: Vec<&str> = report["gone"].as_array().unwrap().iter().map(|g| g.as_str().unwrap()).collect();
    assert!(recovered + report["unreadable"].as_u64().unwrap() >= 5, "{report}");
    assert!(gone.iter().all(|g| g.ends_with("gone/old.txt")), "{report}");
    // Which segment the flipped byte hit depends on the segments' random names: when it hit
    // the first run's, its articles come back only through a readable article naming their
    // source, so the full recovery is checked only when it happened.
    if recovered == 5 {
        for id in ["x1", "extra.jsonl:2", "001_6e83b1c257ab88e6.txt"] {
            sb.run(&["show", id], 0);
        }
        let (so, _) = sb.run(&["search", "Pickford"], 0);
        assert!(so.contains("Pickford"), "{so}");
    }
    sb.run(&["show", "old.txt"], 1);
    // No directory of the rebuild is left beside the index.
    let beside: Vec<String> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".index."))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}
