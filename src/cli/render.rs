//! Rendering results for people, and the one gate between stored text and the terminal.
//!
//! Colour goes through anstream, which drops it when stdout is not a terminal or NO_COLOR is
//! set. Every string that came from input or the index (ids, urls, dates, titles, outlets,
//! passage and article text, skipped file names and reasons, error messages) is written through
//! [`safe`] (or [`safe_line`] for one-line fields), so control characters, escape sequences and
//! bidi overrides never reach the terminal raw; `--json` goes through [`write_json`], which
//! also escapes the C1 controls and bidi overrides serde_json leaves as they are.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::index::build::BuildReport;
use crate::index::repair::RepairReport;
use crate::index::verify::Report as VerifyReport;
use crate::index::watch::CommitReport;
use crate::search::quote::DiffEntry;
use crate::search::{
    ArticleMeta, ArticleView, EntityList, How, QuoteClusters, QuoteResults, SearchResults, Sort, Stats,
    WordMatch,
};

const MATCH: Style = AnsiColor::Yellow.on_default().bold();
const OUTLET: Style = AnsiColor::Cyan.on_default().bold();
const DIM: Style = Style::new().dimmed();
const MENTION: Style = AnsiColor::Magenta.on_default().underline();
const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();

/// At most this many outlets are listed under an entity (all of them under `--json`).
const MAX_OUTLETS_SHOWN: usize = 12;

/// At most this many skipped files are listed one by one.
const MAX_SKIPPED_SHOWN: usize = 20;

/// True for the characters a terminal may act on rather than print: C0 controls (but `\n` and
/// `\t`), DEL, C1 controls, and the bidi embeddings, overrides and isolates (U+202A-202E,
/// U+2066-2069), which can make text read differently from what it is.
pub fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// The visible stand-in for an unsafe character, one character for one (so character offsets
/// into the text stay valid): a C0 control or DEL becomes its Control Pictures symbol (ESC is
/// `␛`), a newline or tab in a one-line field a space, anything else U+FFFD.
fn stand_in(c: char) -> char {
    match c {
        '\n' | '\t' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

fn sanitize(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if is_unsafe(c, keep_newlines) { stand_in(c) } else { c }).collect())
}

/// `s` made safe for a terminal, keeping its line breaks and tabs (passage and article text).
/// Each character maps to exactly one, so character offsets computed on `s` still hold.
pub fn safe(s: &str) -> Cow<'_, str> {
    sanitize(s, true)
}

/// `s` made safe for a terminal and kept on one line (ids, urls, dates, titles, outlets,
/// file names, reasons, error messages).
pub fn safe_line(s: &str) -> Cow<'_, str> {
    sanitize(s, false)
}

/// A quoted, safe rendering of a user-supplied string (in place of `{:?}`).
fn quoted(s: &str) -> String {
    format!("“{}”", safe_line(s))
}

/// serde_json's output (pretty or compact) with the characters it leaves raw but a terminal
/// may act on (DEL, C1 controls, bidi overrides) written as `\uXXXX` escapes: the same JSON
/// value.
struct SafeJson<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut at = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c, true) {
                w.write_all(&fragment.as_bytes()[at..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                at = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[at..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty JSON and a newline, with no raw control or bidi character.
pub fn write_json<T: serde::Serialize + ?Sized>(out: &mut impl Write, value: &T) -> anyhow::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(&mut *out, SafeJson(serde_json::ser::PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(json_error)?;
    writeln!(out)?;
    Ok(())
}

/// Writes `value` as one line of JSON (JSON lines), escaped as [`write_json`] escapes.
pub fn write_json_line<T: serde::Serialize + ?Sized>(out: &mut impl Write, value: &T) -> anyhow::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(&mut *out, SafeJson(serde_json::ser::CompactFormatter));
    value.serialize(&mut ser).map_err(json_error)?;
    writeln!(out)?;
    Ok(())
}

/// Writes each item as one line of compact JSON (`--jsonl`), escaped as [`write_json`] does.
pub fn write_jsonl<T: serde::Serialize>(out: &mut impl Write, items: &[T]) -> anyhow::Result<()> {
    for item in items {
        let mut ser =
            serde_json::Serializer::with_formatter(&mut *out, SafeJson(serde_json::ser::CompactFormatter));
        item.serialize(&mut ser).map_err(json_error)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A serialisation error, keeping the io::Error itself (a closed pipe must stay recognisable).
fn json_error(e: serde_json::Error) -> anyhow::Error {
    if e.is_io() {
        anyhow::Error::new(io::Error::from(e))
    } else {
        anyhow::Error::new(e)
    }
}

fn outlet_name(meta: &ArticleMeta) -> Cow<'_, str> {
    safe_line(meta.outlet.as_deref().unwrap_or("unknown outlet"))
}

/// Writes `text` with the character ranges in `spans` highlighted.
fn highlighted(out: &mut impl Write, text: &str, spans: &[[usize; 2]]) -> io::Result<()> {
    marked(out, text, spans, MATCH)
}

/// Writes `text` (made [`safe`]) with the character ranges in `spans` in `style`.
fn marked(out: &mut impl Write, text: &str, spans: &[[usize; 2]], style: Style) -> io::Result<()> {
    let text = safe(text);
    let text = text.as_ref();
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

/// The day an article was published (`2022-12-10`), from its parsed date.
fn day(meta: &ArticleMeta) -> Option<String> {
    meta.published.map(|t| t.strftime("%Y-%m-%d").to_string())
}

/// ` · 2022-12-10` when the article has a parsed date.
fn dated(meta: &ArticleMeta) -> String {
    day(meta).map(|d| format!(" · {d}")).unwrap_or_default()
}

/// How query words matched, on one line: `penalty (as penalties) · mourinoh → mourinho (typo)`.
fn words_line(words: &[WordMatch]) -> String {
    words
        .iter()
        .map(|w| {
            let word = safe_line(&w.word);
            let became = w.as_words.iter().map(|a| safe_line(a).into_owned()).collect::<Vec<_>>().join("/");
            match w.how {
                How::Exact => word.into_owned(),
                How::Stem => format!("{word} (as {became})"),
                How::Typo => format!("{word} → {became} (typo)"),
                How::Prefix => format!("{word} ({became})"),
                How::Missing => format!("{word} missing"),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Warnings about the query, one line each (`warning: ...`), for stderr.
pub fn warnings(out: &mut impl Write, warnings: &[String]) -> io::Result<()> {
    for w in warnings {
        writeln!(out, "warning: {}", safe_line(w))?;
    }
    Ok(())
}

pub fn search_results(out: &mut impl Write, r: &SearchResults) -> io::Result<()> {
    let mode = match r.mode.name() {
        "all" => "all words",
        "fuzzy" => "all words, allowing typos",
        "any" => "any word",
        _ => "any word, allowing typos",
    };
    let q = &r.query.q;
    let missing: Vec<String> =
        r.words.iter().filter(|w| w.how == How::Missing).map(|w| safe_line(&w.word).into_owned()).collect();
    if r.hits.is_empty() {
        let dated = if r.sort == Sort::Relevance {
            ""
        } else {
            " among dated articles (a date order leaves undated ones out)"
        };
        if r.query.options.offset > 0 && r.total > 0 {
            writeln!(out, "no passages for {} past hit {}", quoted(q), r.query.options.offset)?;
        } else {
            writeln!(out, "no passages match {}{dated}", quoted(q))?;
        }
        if !missing.is_empty() {
            writeln!(out, "Missing: {}", missing.join(", "))?;
        }
        return Ok(());
    }
    // A widened answer says so first, before anything that looks like an answer.
    if let Some(w) = &r.widened {
        writeln!(out, "{MATCH}{}{MATCH:#}", safe_line(&w.message))?;
    }
    let articles = if r.total_exact { format!("{}", r.total) } else { format!("at least {}", r.total) };
    let order = match r.sort {
        Sort::Relevance => "",
        Sort::Newest => ", newest first",
        Sort::Oldest => ", oldest first",
    };
    let offset = r.query.options.offset;
    let shown = if offset > 0 {
        format!("passages {}-{}", offset + 1, offset + r.hits.len())
    } else {
        format!("{} passages", r.hits.len())
    };
    writeln!(
        out,
        "{DIM}{shown} from {articles} matching articles for {} (mode: {}, matched {mode}{order}){DIM:#}",
        quoted(q),
        r.mode.name()
    )?;
    let changed: Vec<WordMatch> =
        r.words.iter().filter(|w| !matches!(w.how, How::Exact | How::Missing)).cloned().collect();
    if !changed.is_empty() {
        writeln!(out, "{DIM}matched: {}{DIM:#}", words_line(&changed))?;
    }
    if !missing.is_empty() {
        writeln!(out, "Missing: {}", missing.join(", "))?;
    }
    for (i, h) in r.hits.iter().enumerate() {
        writeln!(out)?;
        let a = &h.article;
        write!(out, "{:>2}. {OUTLET}{}{OUTLET:#}", offset + i + 1, outlet_name(a))?;
        if let Some(d) = day(a) {
            write!(out, " · {d}")?;
        }
        if let Some(t) = &a.title {
            write!(out, " · {}", safe_line(t))?;
        }
        writeln!(
            out,
            " {DIM}· {} · chars {}-{} · score {:.2}{DIM:#}",
            safe_line(&a.id),
            h.passage.start,
            h.passage.end,
            h.score
        )?;
        // Words this passage lacks though others have them (the ones no hit has are said above).
        let m: Vec<String> =
            h.missing.iter().map(|w| safe_line(w).into_owned()).filter(|w| !missing.contains(w)).collect();
        if !m.is_empty() {
            writeln!(out, "    {DIM}Missing: {}{DIM:#}", m.join(", "))?;
        }
        write!(out, "    ")?;
        highlighted(out, &h.passage.text, &h.highlights)?;
        writeln!(out)?;
        // Who said the quoted words that matched.
        let mut said: Vec<String> = Vec::new();
        for q in &h.quotes {
            let hit_inside = h.highlights.iter().any(|[s, e]| *s < q.end && q.start < *e);
            if let (true, Some(name)) = (hit_inside, &q.speaker) {
                let line = match &q.cue {
                    Some(cue) => format!("{} ({})", safe_line(name), safe_line(cue)),
                    None => safe_line(name).into_owned(),
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
                .map(|a| {
                    format!("{}{} ({})", outlet_name(&a.article), dated(&a.article), safe_line(&a.article.id))
                })
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
        let text = safe_line(&d.text);
        match d.op {
            "added" => write!(out, "{ADDED}[+{text}]{ADDED:#}")?,
            "removed" => write!(out, "{REMOVED}[-{text}]{REMOVED:#}")?,
            _ => write!(out, "{text}")?,
        }
    }
    Ok(())
}

pub fn quote_results(out: &mut impl Write, r: &QuoteResults) -> io::Result<()> {
    let q = &r.query.text;
    if r.matches.is_empty() {
        writeln!(out, "nobody reported {}", quoted(q))?;
        if !r.nearest.is_empty() {
            writeln!(out, "{DIM}nearest passages (none of them carries these words as a quote):{DIM:#}")?;
        }
        for h in &r.nearest {
            writeln!(out)?;
            writeln!(
                out,
                "{OUTLET}{}{OUTLET:#}{} {DIM}· {} · chars {}-{}{DIM:#}",
                outlet_name(&h.article),
                dated(&h.article),
                safe_line(&h.article.id),
                h.passage.start,
                h.passage.end
            )?;
            write!(out, "    ")?;
            highlighted(out, &h.passage.text, &h.highlights)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    let who = r.speaker.as_deref().map(|s| format!(", said by {}", safe_line(s))).unwrap_or_default();
    writeln!(out, "{DIM}{} outlets carried {}{who}{DIM:#}", r.outlets.len(), quoted(q))?;
    let mut last: Option<&Option<String>> = None;
    for m in &r.matches {
        if last != Some(&m.article.outlet) {
            writeln!(out)?;
            let summary = r.outlets.iter().find(|o| o.first && o.outlet == m.article.outlet);
            let first = match summary {
                Some(o) if o.date_source == crate::index::record::DateSource::FirstSeen => {
                    let seen =
                        o.published.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
                    format!(" {MATCH}first{MATCH:#} {DIM}(no published date: first seen by pressbox {seen}){DIM:#}")
                }
                Some(_) => format!(" {MATCH}first{MATCH:#}"),
                None => String::new(),
            };
            writeln!(out, "{OUTLET}{}{OUTLET:#}{}", outlet_name(&m.article), first)?;
            last = Some(&m.article.outlet);
        }
        let quoted = if m.quoted { "" } else { ", outside quotation marks" };
        let within = match m.within {
            Some([s, e]) => format!(", within a longer quote (chars {s}-{e})"),
            None => String::new(),
        };
        writeln!(
            out,
            "  {MATCH}{}{MATCH:#} {:.2}{quoted}{within} {DIM}· {}{} · chars {}-{}{DIM:#}",
            m.kind,
            m.similarity,
            safe_line(&m.article.id),
            dated(&m.article),
            m.start,
            m.end
        )?;
        writeln!(out, "    “{}”", safe(&m.text))?;
        match (m.speaker.as_deref().map(safe_line), m.cue.as_deref().map(safe_line)) {
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

/// `first`-`last` of `total` (1-based) for a page starting at `offset`.
fn page_line(offset: usize, shown: usize, total: usize) -> String {
    if shown == 0 {
        format!("none past {offset} of {total}")
    } else {
        format!("{}-{} of {total}", offset + 1, offset + shown)
    }
}

pub fn quote_clusters(out: &mut impl Write, r: &QuoteClusters) -> io::Result<()> {
    if r.total == 0 {
        writeln!(out, "no quotes")?;
        return Ok(());
    }
    let offset = r.query.offset;
    writeln!(
        out,
        "{DIM}{} quotes in {} clusters; clusters {}, most widely carried first{DIM:#}",
        r.quotes,
        r.total,
        page_line(offset, r.clusters.len(), r.total)
    )?;
    for (i, c) in r.clusters.iter().enumerate() {
        let who = safe_line(c.speaker.as_deref().unwrap_or("speaker unknown"));
        writeln!(
            out,
            "\n{:>2}. {who} {DIM}· {} outlets · {} articles{DIM:#}",
            offset + i + 1,
            c.outlet_count,
            c.articles
        )?;
        for w in &c.wordings {
            writeln!(out, "    {OUTLET}{}{OUTLET:#}: “{}”", outlet_name(&w.article), safe(&w.text))?;
        }
        if c.articles > crate::search::clusters::MAX_WORDINGS {
            writeln!(
                out,
                "    {DIM}... and {} more articles{DIM:#}",
                c.articles - crate::search::clusters::MAX_WORDINGS
            )?;
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
    writeln!(out, "id:     {}", safe_line(&m.id))?;
    for (label, v) in [("title:  ", &m.title), ("url:    ", &m.url), ("date:   ", &m.date)] {
        if let Some(v) = v {
            writeln!(out, "{label}{}", safe_line(v))?;
        }
    }
    writeln!(out, "source: {}", safe_line(&m.source))?;
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
            let (id, name, kind) = (safe_line(id), safe_line(name), safe_line(kind));
            writeln!(out, "  {MENTION}{name}{MENTION:#} {DIM}({kind} · {id}) ×{n}{DIM:#}")?;
        }
    }
    Ok(())
}

pub fn entities(out: &mut impl Write, list: &EntityList) -> io::Result<()> {
    if list.total == 0 {
        writeln!(out, "no entities")?;
        return Ok(());
    }
    writeln!(
        out,
        "{DIM}entities {}, most articles first{DIM:#}",
        page_line(list.query.offset, list.entities.len(), list.total)
    )?;
    for e in &list.entities {
        let role = e.role.as_deref().map(|r| format!(", {}", safe_line(r))).unwrap_or_default();
        writeln!(
            out,
            "{OUTLET}{}{OUTLET:#} {DIM}({}{role} · {}) · {} mentions in {} articles{DIM:#}",
            safe_line(&e.name),
            safe_line(&e.kind),
            safe_line(&e.id),
            e.mentions,
            e.articles
        )?;
        let mut per: Vec<String> = e
            .outlets
            .iter()
            .take(MAX_OUTLETS_SHOWN)
            .map(|o| {
                let name = safe_line(o.outlet.as_deref().unwrap_or("(unknown outlet)"));
                format!("{name} {}/{}", o.articles, o.mentions)
            })
            .collect();
        if e.outlets.len() > MAX_OUTLETS_SHOWN {
            per.push(format!("and {} more outlets (see --json)", e.outlets.len() - MAX_OUTLETS_SHOWN));
        }
        writeln!(out, "    {DIM}articles/mentions by outlet:{DIM:#} {}", per.join(", "))?;
    }
    Ok(())
}

pub fn stats(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "{} articles, {} passages, {} outlets", s.articles, s.passages, s.outlets.len())?;
    for o in &s.outlets {
        let name = safe_line(o.outlet.as_deref().unwrap_or("(unknown outlet)"));
        writeln!(out, "  {:>7} articles {:>9} passages  {name}", o.articles, o.passages)?;
    }
    Ok(())
}

/// `verify`: one line per problem, naming the index file, then a summary.
pub fn verify_report(out: &mut impl Write, r: &VerifyReport, dir: &Path) -> io::Result<()> {
    let dir = safe_line(&dir.display().to_string()).into_owned();
    for p in &r.problems {
        writeln!(out, "{dir}/{}: {}", safe_line(&p.file), safe_line(&p.what))?;
    }
    let verdict = if r.sound { "sound" } else { "DAMAGED" };
    writeln!(
        out,
        "the index at {dir} is {verdict}: {} segments, {} articles checked, {} problems",
        r.segments,
        r.articles,
        r.problems.len()
    )?;
    if !r.sound {
        writeln!(
            out,
            "rebuild it from the sources recorded in it: `pressbox verify --repair` (or delete {dir} and run `pressbox index` on the sources again)"
        )?;
    }
    Ok(())
}

/// `verify --repair`: what was rebuilt from where, what could not be, and the new verdict.
pub fn repair_report(out: &mut impl Write, r: &RepairReport, dir: &Path) -> io::Result<()> {
    let shown = safe_line(&dir.display().to_string()).into_owned();
    let Some(rebuilt) = &r.rebuilt else {
        return verify_report(out, &r.verify, dir);
    };
    writeln!(
        out,
        "rebuilt the index at {shown} from {} source files: {} articles ({} before, {} of them unreadable)",
        r.sources.len(),
        rebuilt.articles,
        r.articles_before,
        r.unreadable
    )?;
    for gone in &r.gone {
        writeln!(out, "  gone: {}", safe_line(gone))?;
    }
    if !r.gone.is_empty() {
        writeln!(out, "{} source files are gone: their articles are no longer in the index", r.gone.len())?;
    }
    verify_report(out, &r.verify, dir)
}

pub fn index_report(out: &mut impl Write, r: &BuildReport, dir: &Path) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} articles ({} passages, {:.1} MB of text) from {} files into {} in {:.2} s",
        r.articles,
        r.passages,
        r.text_bytes as f64 / 1e6,
        r.files,
        safe_line(&dir.display().to_string()),
        r.seconds
    )?;
    if !r.skipped.is_empty() {
        writeln!(out, "skipped {}:", r.skipped.len())?;
        for s in r.skipped.iter().take(MAX_SKIPPED_SHOWN) {
            writeln!(out, "  {}: {}", safe_line(&s.source), safe_line(&s.reason))?;
        }
        if r.skipped.len() > MAX_SKIPPED_SHOWN {
            writeln!(out, "  ... and {} more (see --json)", r.skipped.len() - MAX_SKIPPED_SHOWN)?;
        }
    }
    Ok(())
}

/// One line per commit of `index --watch` (and a line per skipped, retried or deleted file).
pub fn watch_commit(out: &mut impl Write, c: &CommitReport) -> io::Result<()> {
    let at = c.at.strftime("%H:%M:%SZ");
    if c.initial {
        write!(out, "{at} indexed {} articles ({} passages) from {} files", c.articles, c.passages, c.files)?;
    } else {
        write!(
            out,
            "{at} commit {}: {} articles ({} passages) from {} files",
            c.commit, c.articles, c.passages, c.files
        )?;
    }
    writeln!(out, " in {:.2} s", c.seconds)?;
    for s in c.skipped.iter().take(MAX_SKIPPED_SHOWN) {
        writeln!(out, "  skipped {}: {}", safe_line(&s.source), safe_line(&s.reason))?;
    }
    if c.skipped.len() > MAX_SKIPPED_SHOWN {
        writeln!(out, "  ... and {} more skipped (see --json)", c.skipped.len() - MAX_SKIPPED_SHOWN)?;
    }
    for r in &c.retrying {
        writeln!(
            out,
            "  retrying {} (attempt {}): {}",
            safe_line(&r.source),
            r.attempt,
            safe_line(&r.reason)
        )?;
    }
    for d in &c.deleted {
        writeln!(out, "  deleted {} (its articles stay in the index)", safe_line(d))?;
    }
    Ok(())
}

/// One statement of a fact: outlet, article, passage, offsets, words.
fn statement(out: &mut impl Write, st: &crate::search::matches::Statement) -> io::Result<()> {
    let place = st.passage.map_or("title".to_string(), |p| format!("passage {p}"));
    writeln!(
        out,
        "    {DIM}{} ({}, {place}, {}..{}):{DIM:#} “{}”",
        safe_line(st.outlet.as_deref().unwrap_or("(unknown outlet)")),
        safe_line(&st.article),
        st.char_start,
        st.char_end,
        safe_line(&st.words)
    )
}

/// `matches`: one line per match.
pub fn matches(out: &mut impl Write, list: &[crate::search::matches::MatchSummary]) -> io::Result<()> {
    if list.is_empty() {
        writeln!(out, "no matches")?;
    }
    for m in list {
        let score = m.score.map(|s| format!(" {}-{}", s[0], s[1])).unwrap_or_default();
        writeln!(
            out,
            "{OUTLET}{}{score} {}{OUTLET:#} {DIM}· {} · {} articles · {}{DIM:#}",
            safe_line(&m.teams[0].name),
            safe_line(&m.teams[1].name),
            safe_line(&m.id),
            m.articles.len(),
            safe_line(&m.outlets.join(", "))
        )?;
    }
    Ok(())
}

/// `match`: the score, the timeline of facts with their versions and outlets, the quotes.
pub fn match_view(out: &mut impl Write, v: &crate::search::matches::MatchView) -> io::Result<()> {
    use crate::analysis::facts::FactKind;
    let s = &v.summary;
    let score = s.score.map(|x| format!(" {}-{} ", x[0], x[1])).unwrap_or_else(|| " v ".into());
    writeln!(
        out,
        "{OUTLET}{}{score}{}{OUTLET:#} {DIM}({}){DIM:#}",
        safe_line(&s.teams[0].name),
        safe_line(&s.teams[1].name),
        safe_line(&s.id)
    )?;
    writeln!(out, "{DIM}{} articles from {}{DIM:#}", s.articles.len(), safe_line(&s.outlets.join(", ")))?;
    for f in &v.facts {
        let mut flags = Vec::new();
        if f.disagreement {
            flags.push("DISAGREEMENT".to_string());
        }
        if f.single_outlet {
            flags.push("one outlet".to_string());
        }
        if let Some(o) = &f.first_outlet {
            flags.push(format!("first: {}", safe_line(o)));
        }
        let flags = if flags.is_empty() { String::new() } else { format!(" [{}]", flags.join("; ")) };
        writeln!(out, "\n{} {DIM}{}{DIM:#}{flags}", safe_line(&f.event), safe_line(&f.subject))?;
        for ver in &f.versions {
            let what = match &ver.kind {
                FactKind::Score { teams, goals, .. } => {
                    let n = |i: usize| teams[i].as_ref().map_or("?".to_string(), |t| t.name.clone());
                    format!("{} {}-{} {}", n(0), goals[0], goals[1], n(1))
                }
                FactKind::Goal { scorer, how, assist } => format!(
                    "{} ({how:?}){}",
                    scorer.name,
                    assist.as_ref().map(|a| format!(", assist {}", a.name)).unwrap_or_default()
                ),
                FactKind::Penalty { outcome, taker, conceded_by, fouled } => format!(
                    "{outcome:?}{}{}{}",
                    taker.as_ref().map(|t| format!(", taken by {}", t.name)).unwrap_or_default(),
                    fouled.as_ref().map(|t| format!(", {} fouled", t.name)).unwrap_or_default(),
                    conceded_by.as_ref().map(|t| format!(", conceded by {}", t.name)).unwrap_or_default()
                ),
                FactKind::Card { colour, player } => format!("{colour:?} card, {}", player.name),
                FactKind::Substitution { on, off } => format!(
                    "on {}, off {}",
                    on.as_ref().map_or("?", |w| w.name.as_str()),
                    off.as_ref().map_or("?", |w| w.name.as_str())
                ),
                FactKind::Var { decision } => format!("VAR: {decision:?}"),
                FactKind::Referee { referee: w }
                | FactKind::Venue { venue: w }
                | FactKind::Competition { competition: w } => w.name.clone(),
            };
            let minute = ver.minute.map(|m| format!(" {}", m.label())).unwrap_or_default();
            writeln!(
                out,
                "  {}{minute} {DIM}· {}{DIM:#}",
                safe_line(&what),
                safe_line(&ver.outlets.join(", "))
            )?;
            for st in &ver.statements {
                statement(out, st)?;
            }
        }
        if !f.without_minute.is_empty() {
            writeln!(out, "  {DIM}without a minute:{DIM:#}")?;
            for st in &f.without_minute {
                statement(out, st)?;
            }
        }
    }
    if !v.quotes.is_empty() {
        writeln!(out, "\nquotes")?;
    }
    for q in &v.quotes {
        writeln!(
            out,
            "  {OUTLET}{}{OUTLET:#} {DIM}({} quotes){DIM:#}",
            safe_line(&q.speaker),
            q.quotes.len()
        )?;
        for x in q.quotes.iter().take(5) {
            writeln!(
                out,
                "    {DIM}{}:{DIM:#} “{}”",
                safe_line(x.outlet.as_deref().unwrap_or("(unknown outlet)")),
                safe_line(&x.text)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_become_visible_one_for_one() {
        let evil = "a\u{1b}]0;owned\u{7}b\u{1b}[2Jc\rd\u{9b}e\u{202e}f\u{2066}g\u{7f}";
        let clean = safe(evil);
        assert!(!clean.chars().any(|c| is_unsafe(c, true)), "{clean:?}");
        assert_eq!(clean.chars().count(), evil.chars().count());
        assert_eq!(clean, "a␛]0;owned␇b␛[2Jc␍d\u{fffd}e\u{fffd}f\u{fffd}g␡");
        assert_eq!(safe("line\none\ttab"), "line\none\ttab");
        assert_eq!(safe_line("line\none\ttab"), "line one tab");
        assert!(matches!(safe("Tchouaméni’s “goal” — مرحبا"), Cow::Borrowed(_)));
    }

    #[test]
    fn highlights_keep_their_offsets_after_cleaning() {
        let mut out = Vec::new();
        marked(&mut out, "\u{1b}[2JKane scored", &[[4, 8]], Style::new()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("␛[2JKane"), "{s:?}");
        assert!(!s.contains('\u{1b}'), "{s:?}");
    }

    #[test]
    fn watch_commits_are_one_line_each_with_their_files_below() {
        use crate::index::watch::Retrying;
        use crate::ingest::Skipped;
        let c = CommitReport {
            commit: 3,
            initial: false,
            at: "2026-12-02T21:45:07.5Z".parse().unwrap(),
            files: 2,
            paths: vec!["in/a.json".into(), "in/b.json".into()],
            articles: 1,
            passages: 4,
            skipped: vec![Skipped { source: "in/c.json".into(), reason: "empty file".into() }],
            retrying: vec![Retrying {
                source: "in/b.json".into(),
                reason: "invalid JSON".into(),
                attempt: 1,
            }],
            deleted: vec!["in/old.txt".into()],
            seconds: 0.25,
        };
        let mut out = Vec::new();
        watch_commit(&mut out, &c).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "21:45:07Z commit 3: 1 articles (4 passages) from 2 files in 0.25 s\n  skipped in/c.json: empty file\n  retrying in/b.json (attempt 1): invalid JSON\n  deleted in/old.txt (its articles stay in the index)\n"
        );
        let mut line = Vec::new();
        write_json_line(&mut line, &c).unwrap();
        let text = String::from_utf8(line).unwrap();
        assert_eq!(text.matches('\n').count(), 1, "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!((back["commit"].as_u64(), back["retrying"][0]["attempt"].as_u64()), (Some(3), Some(1)));
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_stays_the_same_value() {
        let value = serde_json::json!({"id": "x\u{1b}[2J\u{9b}31m\u{202e}y\u{7f}", "n": [1, 2]});
        let mut out = Vec::new();
        write_json(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| is_unsafe(c, true)), "{text:?}");
        assert!(text.contains("\\u009b") && text.contains("\\u202e") && text.contains("\\u007f"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
