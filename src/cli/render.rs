//! Rendering results for people. Colour goes through anstream, which drops it when stdout is
//! not a terminal or NO_COLOR is set.

use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::index::build::BuildReport;
use crate::search::{ArticleMeta, ArticleView, SearchResults, Stats};

const MATCH: Style = AnsiColor::Yellow.on_default().bold();
const OUTLET: Style = AnsiColor::Cyan.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// At most this many skipped files are listed one by one.
const MAX_SKIPPED_SHOWN: usize = 20;

fn outlet_name(meta: &ArticleMeta) -> &str {
    meta.outlet.as_deref().unwrap_or("unknown outlet")
}

/// Writes `text` with the character ranges in `spans` highlighted.
fn highlighted(out: &mut impl Write, text: &str, spans: &[[usize; 2]]) -> io::Result<()> {
    let mut chars = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let offsets: Vec<usize> = chars.by_ref().collect();
    let byte = |c: usize| offsets.get(c).copied().unwrap_or(text.len());
    let mut at = 0;
    for [s, e] in spans {
        let (s, e) = (byte(*s), byte(*e));
        if s < at || e < s {
            continue;
        }
        write!(out, "{}{MATCH}{}{MATCH:#}", &text[at..s], &text[s..e])?;
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
    }
    Ok(())
}

pub fn article(out: &mut impl Write, a: &ArticleView) -> io::Result<()> {
    let m = &a.meta;
    writeln!(out, "{OUTLET}{}{OUTLET:#} {DIM}(outlet found by: {}){DIM:#}", outlet_name(m), m.outlet_source)?;
    writeln!(out, "id:     {}", m.id)?;
    for (label, v) in [("title:  ", &m.title), ("url:    ", &m.url), ("date:   ", &m.date)] {
        if let Some(v) = v {
            writeln!(out, "{label}{v}")?;
        }
    }
    writeln!(out, "source: {}", m.source)?;
    writeln!(out, "{DIM}{} characters, {} passages{DIM:#}", a.text.chars().count(), a.passages.len())?;
    writeln!(out)?;
    writeln!(out, "{}", a.text)
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
