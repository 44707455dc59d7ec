//! Assembling one [`Article`] from a [`Draft`]: the pieces every reader (plain text, HTML,
//! JSON, feeds, web archives) shares. Owns the per-article size cap, markup stripping through
//! [`html`], text normalisation, the cleaning of one-line fields (control characters and
//! terminal escape sequences removed), date parsing (see [`dates`]) and outlet attribution.
//! Readers import from here; nothing here imports a reader.

use super::dates;
use super::html::{self, Extract, Markup};
use super::outlet::{Clues, OutletTable};
use super::{Article, Item, Skipped};
use std::borrow::Cow;
use std::io;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The per-article size cap: at most 16 MiB of text (raw, before markup is stripped) per
/// article, JSONL line, page, feed item or web-archive record. Anything larger is skipped with
/// a reason naming the file (and line or record) and is never held whole in memory: readers
/// stop buffering at the cap.
pub const MAX_ARTICLE_BYTES: usize = 16 << 20;

/// The cap for inputs that are parsed as one document and may hold many articles: a JSON
/// array or an RSS/Atom feed (256 MiB). Larger documents are skipped with a reason; use JSONL
/// (streamed line by line) or a web archive (streamed record by record) for bigger inputs.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// `n` bytes in MiB, for skip reasons.
pub(super) fn mib(n: usize) -> String {
    format!("{} MiB", n >> 20)
}

/// Where records come from, for sources, default ids and skip reasons.
pub(super) struct Origin<'a> {
    /// The file's display path.
    pub source: String,
    pub rel: &'a str,
    pub table: &'a OutletTable,
    /// The bytes are decompressed from gzip (so read errors mean corrupt data).
    pub gz: bool,
}

impl Origin<'_> {
    pub fn io_reason(&self, e: &io::Error) -> String {
        if self.gz {
            format!("corrupt or truncated gzip data: {e}")
        } else {
            format!("cannot read: {e}")
        }
    }
}

pub(super) fn skipped(source: String, reason: String) -> Item {
    Item::Skipped(Skipped { source, reason })
}

/// An article before its text is cleaned and its outlet worked out.
#[derive(Debug, Default)]
pub(super) struct Draft<'a> {
    pub id: String,
    pub source: String,
    /// Raw text: plain, with inline markup, or a whole HTML page.
    pub body: &'a str,
    /// The body is a whole HTML page whatever it looks like (an `.html` file).
    pub page: bool,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    /// A date to use when neither the record nor the page has one (a WARC record's
    /// `WARC-Date`: when the page was fetched).
    pub fallback_date: Option<String>,
}

/// Strips markup from the draft's body, normalises the text, fills in metadata the record
/// lacks from the page, parses the date, and attributes the outlet. A draft without text, or
/// over [`MAX_ARTICLE_BYTES`], is skipped.
pub(super) fn build(draft: Draft<'_>, table: &OutletTable) -> Item {
    if draft.body.len() > MAX_ARTICLE_BYTES {
        let reason = format!(
            "article is {} bytes, over the {} per-article cap",
            draft.body.len(),
            mib(MAX_ARTICLE_BYTES)
        );
        return skipped(draft.source, reason);
    }
    let markup = if draft.page { Markup::Page } else { html::sniff(draft.body) };
    let mut extract = match markup {
        Markup::Page => html::page(draft.body),
        Markup::Tags => html::inline(draft.body),
        Markup::Entities | Markup::Plain => Extract::default(),
    };
    let raw = match markup {
        Markup::Page | Markup::Tags => Cow::Owned(std::mem::take(&mut extract.text)),
        Markup::Entities => html::decode_entities(draft.body),
        Markup::Plain => Cow::Borrowed(draft.body),
    };
    let text = normalize_text(&raw);
    if text.is_empty() {
        let reason = match markup {
            Markup::Page | Markup::Tags => "no text left after removing markup",
            _ => "no text (only white space and control characters)",
        };
        return skipped(draft.source, reason.to_string());
    }
    let title = clean_field(draft.title).or_else(|| clean_field(extract.title));
    let url = clean_line(draft.url).or_else(|| clean_line(extract.url));
    let date = clean_line(draft.date)
        .or_else(|| clean_line(extract.date))
        .or_else(|| clean_line(draft.fallback_date));
    let published = date.as_deref().and_then(dates::parse);
    let outlet = clean_field(draft.outlet);
    let site_name = clean_field(extract.site_name);
    let (outlet, outlet_source) = table.attribute(&Clues {
        metadata: outlet.as_deref(),
        text: &text,
        site_name: site_name.as_deref(),
        url: url.as_deref(),
        links: &extract.links,
    });
    let id = clean_line(Some(draft.id))
        .unwrap_or_else(|| clean_line(Some(draft.source.clone())).unwrap_or_default());
    Item::Article(Article {
        id,
        outlet,
        outlet_source,
        title,
        url,
        date,
        published,
        source: draft.source,
        text,
    })
}

/// A one-line field (id, url, date): control characters and terminal escape sequences
/// removed (see [`strip_controls`]), white space collapsed and trimmed; `None` if nothing is
/// left.
pub(super) fn clean_line(s: Option<String>) -> Option<String> {
    let s = s?;
    let s = strip_controls(&s);
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// A one-line display field (title, outlet): entities decoded, controls and escape sequences
/// removed, NFC, white space collapsed.
pub(super) fn clean_field(s: Option<String>) -> Option<String> {
    let s = s?;
    let s = if html::has_entities(&s) { html::decode_entities(&s) } else { Cow::Borrowed(s.as_str()) };
    let s = strip_controls(&s);
    let s = normalize_text(&s).split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// True for characters that reorder or hide text: bidi embeddings, overrides and isolates,
/// and the directional marks.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Removes what could drive a terminal or disguise text: whole escape sequences (`ESC [ ... m`
/// CSI, `ESC ] ... BEL` OSC, DCS/SOS/PM/APC strings up to their terminator, two-character
/// `ESC x`; and their one-character C1 forms), every other C0 and C1 control and DEL (`\n`,
/// `\r` and `\t` become a space), and bidi controls. Borrowed when there is nothing to remove.
pub fn strip_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(s);
    }
    #[derive(PartialEq)]
    enum State {
        Text,
        /// After ESC.
        Escape,
        /// Inside a CSI sequence, until its final byte.
        Csi,
        /// Inside an OSC/DCS/SOS/PM/APC string, until BEL or ST.
        Str,
        /// ESC seen inside a string (ST is `ESC \`).
        StrEscape,
    }
    let mut out = String::with_capacity(s.len());
    let mut state = State::Text;
    for c in s.chars() {
        state = match state {
            State::Text => match c {
                '\u{1b}' => State::Escape,
                '\u{9b}' => State::Csi,
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => State::Str,
                '\n' | '\r' | '\t' => {
                    out.push(' ');
                    State::Text
                }
                c if c.is_control() || is_bidi_control(c) => State::Text,
                c => {
                    out.push(c);
                    State::Text
                }
            },
            State::Escape => match c {
                '[' => State::Csi,
                ']' | 'P' | 'X' | '^' | '_' => State::Str,
                '\u{1b}' => State::Escape,
                _ => State::Text,
            },
            State::Csi => match c {
                '\u{30}'..='\u{3f}' | '\u{20}'..='\u{2f}' => State::Csi,
                _ => State::Text,
            },
            State::Str => match c {
                '\u{7}' | '\u{9c}' => State::Text,
                '\u{1b}' => State::StrEscape,
                _ => State::Str,
            },
            State::StrEscape => match c {
                '\\' => State::Text,
                '\u{1b}' => State::StrEscape,
                _ => State::Str,
            },
        };
    }
    Cow::Owned(out)
}

/// The final form of article text: NFC; `\r\n` and `\r` become `\n`; control characters other
/// than `\n` and `\t` are dropped; trailing white space is trimmed from each line; blank lines
/// at the start and end are dropped. Lines (paragraphs) and blank lines between them are kept.
pub fn normalize_text(s: &str) -> String {
    fn end_line(out: &mut String) {
        let len = out.trim_end_matches(|c: char| c.is_whitespace() && c != '\n').len();
        out.truncate(len);
        out.push('\n');
    }
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                end_line(&mut out);
            }
            '\n' => end_line(&mut out),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    end_line(&mut out);
    out.truncate(out.trim_end_matches('\n').len());
    let blank_start = out.len() - out.trim_start_matches('\n').len();
    out.drain(..blank_start);
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_removed_whole() {
        assert_eq!(strip_controls("Kane"), Cow::Borrowed("Kane"));
        assert_eq!(strip_controls("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(strip_controls("a\u{1b}]0;pwned\u{1b}\\b"), "ab");
        assert_eq!(strip_controls("\u{1b}[2J\u{1b}[1;31mred\u{1b}[0m"), "red");
        assert_eq!(strip_controls("x\u{9b}2Jy\u{9d}title\u{9c}z"), "xyz");
        assert_eq!(strip_controls("a\u{1b}cb\u{0}\u{7f}\u{85}c"), "abc");
        assert_eq!(strip_controls("evil\u{202e}gpj.exe\u{2066}x\u{2069}"), "evilgpj.exex");
        assert_eq!(strip_controls("a\nb\tc"), "a b c");
        // An unterminated string swallows the rest rather than leaking it.
        assert_eq!(strip_controls("ok\u{1b}]0;never ends"), "ok");
    }

    #[test]
    fn one_line_fields_are_cleaned() {
        assert_eq!(clean_line(Some("  a\n\u{1b}[31mb ".into())).as_deref(), Some("a b"));
        assert_eq!(clean_line(Some("\u{1b}[2J".into())), None);
        assert_eq!(
            clean_field(Some("Kane &amp; \u{1b}]0;x\u{7}Saka\u{202e}".into())).as_deref(),
            Some("Kane & Saka")
        );
    }

    #[test]
    fn normalize_text_rules() {
        // NFC: e + combining acute becomes é.
        assert_eq!(normalize_text("Aure\u{301}lien"), "Aur\u{e9}lien");
        assert_eq!(normalize_text("a\r\nb\rc\n"), "a\nb\nc");
        assert_eq!(normalize_text("a\u{7}b\u{0}c\td\u{85}e"), "abc\tde");
        assert_eq!(normalize_text("one  \t\n\n  two \u{a0}\n"), "one\n\n  two");
        assert_eq!(normalize_text("\u{feff}\n \n Kane\n\n\n"), " Kane");
        assert_eq!(normalize_text(" \r\n\t\u{1}"), "");
    }
}
