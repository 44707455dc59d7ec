//! Checking `--outlet` and `--entity` filters against what the index holds: the outlet names
//! (the `/o/NAME` terms of the outlet facet field's dictionary, no document read) and the
//! entity ids (the `/e/ID` terms). A filter that names nothing indexed is the user's mistake,
//! answered with the nearest names ("no outlet named X; did you mean Y").

use std::collections::HashSet;

use tantivy::schema::Field;

use super::Searcher;
use crate::error::UserError;
use crate::index::analyzer::PressboxTokenizer;
use crate::ingest::outlet::{looks_like_domain, OutletTable};
use crate::text::key;

/// Most names suggested.
const SUGGESTIONS: usize = 3;

/// The facet paths under `/{top}/` in `field`'s term dictionary (each segment's, merged).
fn facet_names(searcher: &tantivy::Searcher, field: Field, top: &str) -> anyhow::Result<Vec<String>> {
    let mut prefix = top.as_bytes().to_vec();
    prefix.push(0);
    let mut names: HashSet<String> = HashSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().range().ge(&prefix).into_stream()?;
        while stream.advance() {
            let Some(rest) = stream.key().strip_prefix(prefix.as_slice()) else { break };
            if let Ok(name) = std::str::from_utf8(rest) {
                names.insert(name.to_string());
            }
        }
    }
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort();
    Ok(names)
}

/// Edit distance between two short strings (characters), for suggestions only.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The names closest to `wanted`: sharing a word first, then by edit distance of their keys
/// (against the whole name or any of its words), at most a third of the longer key away.
pub fn nearest<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let w = key(wanted);
    let w_words: HashSet<&str> = w.split(' ').collect();
    let mut scored: Vec<(usize, usize, String)> = names
        .into_iter()
        .filter_map(|name| {
            let k = key(name);
            let shared = k.split(' ').filter(|x| w_words.contains(x)).count();
            let d = std::iter::once(k.as_str())
                .chain(k.split(' '))
                .map(|part| distance(&w, part))
                .min()
                .unwrap_or(usize::MAX);
            let close = d * 3 <= w.chars().count().max(3);
            (shared > 0 || close).then(|| (usize::MAX - shared, d, name.to_string()))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().take(SUGGESTIONS).map(|s| s.2).collect()
}

fn unknown(what: &str, name: &str, suggestions: &[String]) -> UserError {
    let mut msg = format!("no {what} named “{name}” in this index");
    if !suggestions.is_empty() {
        let s: Vec<String> = suggestions.iter().map(|s| format!("“{s}”")).collect();
        msg.push_str(&format!("; did you mean {}?", s.join(" or ")));
    }
    UserError::new(msg)
}

impl Searcher {
    /// The outlet names the index holds, sorted.
    pub fn outlet_names(&self) -> anyhow::Result<Vec<String>> {
        facet_names(&self.reader.searcher(), self.fields().outlet_facet, "o")
    }

    /// The `--outlet` filters as the index knows them: a domain goes through the outlet table
    /// (`dailymail.co.uk` → Daily Mail); a name must match an indexed outlet the way the filter
    /// does (all its words), else the error names the nearest outlets.
    pub fn check_outlets(&self, filters: &[String]) -> anyhow::Result<Vec<String>> {
        if filters.is_empty() {
            return Ok(Vec::new());
        }
        let table = OutletTable::builtin();
        let names = self.outlet_names()?;
        let mut tok = PressboxTokenizer::names();
        let mut words = |s: &str| -> HashSet<String> { tok.terms(s).into_iter().map(|t| t.0).collect() };
        let indexed: Vec<HashSet<String>> = names.iter().map(|n| words(n)).collect();
        let mut out = Vec::with_capacity(filters.len());
        for f in filters {
            let f = if looks_like_domain(f) { table.name_for_host(f) } else { f.clone() };
            let want = words(&f);
            if want.is_empty() || !indexed.iter().any(|n| want.is_subset(n)) {
                return Err(unknown("outlet", &f, &nearest(&f, names.iter().map(String::as_str))).into());
            }
            out.push(f);
        }
        Ok(out)
    }

    /// Checks that each `--entity` names an entity some article is tagged with; else the error
    /// names the nearest entities of the index.
    pub fn check_entities(&self, filters: &[String]) -> anyhow::Result<()> {
        if filters.is_empty() {
            return Ok(());
        }
        let searcher = self.reader.searcher();
        let field = self.fields().entity;
        let tagger = self.tagger();
        for f in filters {
            let id = match tagger.resolve(f) {
                Some(e) => e.id.clone(),
                None => crate::analysis::entities::unknown_id(f),
            };
            let term = tantivy::Term::from_facet(field, &crate::index::schema::entity_facet(&id));
            if searcher.doc_freq(&term)? > 0 {
                continue;
            }
            // Names for the ids the index holds: the gazetteer's, or a person's slug spelled out.
            let names: Vec<String> = facet_names(&searcher, field, "e")?
                .into_iter()
                .map(|id| match tagger.resolve(&id) {
                    Some(e) => e.name.clone(),
                    None => id.split_once(':').map_or(id.clone(), |(_, s)| s.replace('-', " ")),
                })
                .collect();
            return Err(unknown("entity", f, &nearest(f, names.iter().map(String::as_str))).into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_share_a_word_or_are_a_typo_away() {
        let names = ["Daily Mail", "The Guardian", "AFP", "The National", "Mail on Sunday"];
        assert_eq!(nearest("Daily Mial", names), ["Daily Mail"]);
        assert_eq!(nearest("guardain", names), ["The Guardian"]);
        assert_eq!(nearest("mail", names), ["Daily Mail", "Mail on Sunday"]);
        assert!(nearest("Reuters", names).is_empty());
        assert_eq!(distance("kane", "kate"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
