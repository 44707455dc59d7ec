//! Rendering results for people. Colour goes through anstream, which drops it when stdout is
//! not a terminal or NO_COLOR is set.

use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::index::build::BuildReport;
use crate::search::quote::DiffEntry;
use crate::search::{
    ArticleMeta, ArticleView, EntityCount, QuoteCluster, QuoteResults, SearchResults, Stats,
};

const MATCH: Style = AnsiColor::Yellow.on_default().bold();
const OUTLET: Style = AnsiColor::Cyan.on_default().bold();
const DIM: Style = Style::new().dimmed();
const MENTION: Style = AnsiColor::Magenta.on_default().underline();
const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();

/// At most this many skipped files are listed one by one.
const MAX_SKIPPED_SHOWN: usize = 20;

fn outlet_name(meta: &ArticleMeta) -> &str {
    meta.outlet.as_deref().unwrap_or("unknown outlet")
}

/// Writes `text` with the character ranges in `spans` highlighted.
fn highlighted(out: &mut impl Write, text: &str, spans: &[[usize; 2]]) -> io::Result<()> {
    marked(out, text, spans, MATCH)
}

/// Writes `text` with the character ranges in `spans` in `style`.
fn marked(out: &mut impl Write, text: &str, spans: &[[usize; 2]], style: Style) -> io::Result<()> {
    let mut chars = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let offsets: Vec<usize> = chars.by_ref().collect();
    let byte = |c: usize| offsets.get(c).copied().unwrap_or(text.len());
    let mut at = 0;
    for [s, e] in spans {
        let (s, e) = (byte(*s), byte(*e));
        if s < at || e < s {
            continue;
        }
        write!(out, "{}{style}{}{style:#}", &text[at..s], &text[s..e])?;
        at = e;
    }
    write!(out, "{}", &text[at..])
}

pub fn search_results(out: &mut impl Write, r: &SearchResults) -> io::Result<()> {
    let mode = match r.mode.name() {
        "all" => "all words",
        "fuzzy" => "all words, allowing typos",
        "any" => "any word",
        _ => "any word, allowing typos",
    };
    if r.hits.is_empty() {
        writeln!(out, "no passages match {:?}", r.query)?;
        return Ok(());
    }
    writeln!(
        out,
        "{DIM}{} of {} passages matching {:?} (mode: {}, matched {mode}){DIM:#}",
        r.hits.len(),
        r.total,
        r.query,
        r.mode.name()
    )?;
    for (i, h) in r.hits.iter().enumerate() {
        writeln!(out)?;
        let a = &h.article;
        write!(out, "{:>2}. {OUTLET}{}{OUTLET:#}", i + 1, outlet_name(a))?;
        if let Some(t) = &a.title {
            write!(out, " · {t}")?;
        }
        writeln!(
            out,
            " {DIM}· {} · chars {}-{} · score {:.2}{DIM:#}",
            a.id, h.passage.start, h.passage.end, h.score
        )?;
        write!(out, "    ")?;
        highlighted(out, &h.passage.text, &h.highlights)?;
        writeln!(out)?;
        // Who said the quoted words that matched.
        let mut said: Vec<String> = Vec::new();
        for q in &h.quotes {
            let hit_inside = h.highlights.iter().any(|[s, e]| *s < q.end && q.start < *e);
            if let (true, Some(name)) = (hit_inside, &q.speaker) {
                let line = match &q.cue {
                    Some(cue) => format!("{name} ({cue})"),
                    None => name.clone(),
                };
                if !said.contains(&line) {
                    said.push(line);
                }
            }
        }
        if !said.is_empty() {
            writeln!(out, "    {DIM}quote by {}{DIM:#}", said.join("; "))?;
        }
        if !h.also_reported_by.is_empty() {
            let others: Vec<String> = h
                .also_reported_by
                .iter()
                .map(|a| format!("{} ({})", outlet_name(&a.article), a.article.id))
                .collect();
            writeln!(out, "    {DIM}also reported by {}{DIM:#}", others.join(", "))?;
        }
    }
    Ok(())
}

fn diff(out: &mut impl Write, diff: &[DiffEntry]) -> io::Result<()> {
    for (i, d) in diff.iter().enumerate() {
        if i > 0 {
            write!(out, " ")?;
        }
        match d.op {
            "added" => write!(out, "{ADDED}[+{}]{ADDED:#}", d.text)?,
            "removed" => write!(out, "{REMOVED}[-{}]{REMOVED:#}", d.text)?,
            _ => write!(out, "{}", d.text)?,
        }
    }
    Ok(())
}

pub fn quote_results(out: &mut impl Write, r: &QuoteResults) -> io::Result<()> {
    if r.matches.is_empty() {
        writeln!(out, "nobody reported {:?}", r.query)?;
        return Ok(());
    }
    let who = r.speaker.as_deref().map(|s| format!(", said by {s}")).unwrap_or_default();
    writeln!(out, "{DIM}{} outlets carried {:?}{who}{DIM:#}", r.outlets.len(), r.query)?;
    let mut last: Option<&Option<String>> = None;
    for m in &r.matches {
        if last != Some(&m.article.outlet) {
            writeln!(out)?;
            writeln!(out, "{OUTLET}{}{OUTLET:#}", outlet_name(&m.article))?;
            last = Some(&m.article.outlet);
        }
        let quoted = if m.quoted { "" } else { ", outside quotation marks" };
        writeln!(
            out,
            "  {MATCH}{}{MATCH:#} {:.2}{quoted} {DIM}· {} · chars {}-{}{DIM:#}",
            m.kind, m.similarity, m.article.id, m.start, m.end
        )?;
        writeln!(out, "    “{}”", m.text)?;
        match (&m.speaker, &m.cue) {
            (Some(s), Some(c)) => writeln!(out, "    {DIM}— {s} ({c}){DIM:#}")?,
            (Some(s), None) => writeln!(out, "    {DIM}— {s}{DIM:#}")?,
            (None, Some(c)) => writeln!(out, "    {DIM}— speaker unknown ({c}){DIM:#}")?,
            (None, None) => {}
        }
        if m.diff.iter().any(|d| d.op != "same") {
            write!(out, "    diff: ")?;
            diff(out, &m.diff)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

pub fn quote_clusters(out: &mut impl Write, clusters: &[QuoteCluster]) -> io::Result<()> {
    if clusters.is_empty() {
        writeln!(out, "no quotes")?;
    }
    for (i, c) in clusters.iter().enumerate() {
        let who = c.speaker.as_deref().unwrap_or("speaker unknown");
        writeln!(
            out,
            "{}{:>2}. {who} {DIM}· {} outlets{DIM:#}",
            if i > 0 { "\n" } else { "" },
            i + 1,
            c.outlets
        )?;
        for w in &c.wordings {
            writeln!(out, "    {OUTLET}{}{OUTLET:#}: “{}”", outlet_name(&w.article), w.text)?;
        }
    }
    Ok(())
}

pub fn article(out: &mut impl Write, a: &ArticleView) -> io::Result<()> {
    let m = &a.meta;
    writeln!(
        out,
        "{OUTLET}{}{OUTLET:#} {DIM}(outlet found by: {}){DIM:#}",
        outlet_name(m),
        m.outlet_source.as_str()
    )?;
    writeln!(out, "id:     {}", m.id)?;
    for (label, v) in [("title:  ", &m.title), ("url:    ", &m.url), ("date:   ", &m.date)] {
        if let Some(v) = v {
            writeln!(out, "{label}{v}")?;
        }
    }
    writeln!(out, "source: {}", m.source)?;
    writeln!(out, "{DIM}{} characters, {} passages{DIM:#}", a.text.chars().count(), a.passages.len())?;
    writeln!(out)?;
    let spans: Vec<[usize; 2]> = a.entities.iter().map(|m| [m.start, m.end]).collect();
    marked(out, &a.text, &spans, MENTION)?;
    writeln!(out)?;
    if !a.entities.is_empty() {
        let mut seen: Vec<(&str, &str, &str, usize)> = Vec::new();
        for m in &a.entities {
            match seen.iter_mut().find(|s| s.0 == m.id) {
                Some(s) => s.3 += 1,
                None => seen.push((&m.id, &m.name, &m.kind, 1)),
            }
        }
        writeln!(out)?;
        writeln!(out, "{DIM}entities:{DIM:#}")?;
        for (id, name, kind, n) in seen {
            writeln!(out, "  {MENTION}{name}{MENTION:#} {DIM}({kind} · {id}) ×{n}{DIM:#}")?;
        }
    }
    Ok(())
}

pub fn entities(out: &mut impl Write, list: &[EntityCount]) -> io::Result<()> {
    if list.is_empty() {
        writeln!(out, "no entities")?;
    }
    for e in list {
        let role = e.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default();
        writeln!(
            out,
            "{OUTLET}{}{OUTLET:#} {DIM}({}{role} · {}) · {} mentions in {} articles{DIM:#}",
            e.name, e.kind, e.id, e.mentions, e.articles
        )?;
        let per: Vec<String> = e
            .outlets
            .iter()
            .map(|o| {
                format!("{} {}/{}", o.outlet.as_deref().unwrap_or("(unknown outlet)"), o.articles, o.mentions)
            })
            .collect();
        writeln!(out, "    {DIM}articles/mentions by outlet:{DIM:#} {}", per.join(", "))?;
    }
    Ok(())
}

pub fn stats(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "{} articles, {} passages, {} outlets", s.articles, s.passages, s.outlets.len())?;
    for o in &s.outlets {
        let name = o.outlet.as_deref().unwrap_or("(unknown outlet)");
        writeln!(out, "  {:>7} articles {:>9} passages  {name}", o.articles, o.passages)?;
    }
    Ok(())
}

pub fn index_report(out: &mut impl Write, r: &BuildReport, dir: &Path) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} articles ({} passages, {:.1} MB of text) from {} files into {} in {:.2} s",
        r.articles,
        r.passages,
        r.text_bytes as f64 / 1e6,
        r.files,
        dir.display(),
        r.seconds
    )?;
    if !r.skipped.is_empty() {
        writeln!(out, "skipped {}:", r.skipped.len())?;
        for s in r.skipped.iter().take(MAX_SKIPPED_SHOWN) {
            writeln!(out, "  {}: {}", s.source, s.reason)?;
        }
        if r.skipped.len() > MAX_SKIPPED_SHOWN {
            writeln!(out, "  ... and {} more (see --json)", r.skipped.len() - MAX_SKIPPED_SHOWN)?;
        }
    }
    Ok(())
}
