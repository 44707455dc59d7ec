//! JSON article records: one object, an array of objects, or JSONL/NDJSON (one object per
//! line, streamed line by line, each line held only up to the per-article cap). Owns the field
//! names (`id`/`_id`, `outlet`, `url`, `date`, `title`, `body`/`text`/`content`), their
//! typing (strict for the id and the body, lenient for metadata), and per-record skip reasons.

use super::article::{build, mib, skipped, Draft, Origin, MAX_ARTICLE_BYTES};
use super::Item;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::io::BufRead;

/// The fields of one article record. Unknown fields are ignored; every field is optional.
/// The id must be a string or number and a body field text (a string or a list of strings):
/// anything else skips the record with a reason naming the field. Metadata fields take a
/// string or number and ignore other values.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an article object")]
struct Record {
    id: Loose,
    #[serde(rename = "_id")]
    underscore_id: Loose,
    outlet: Loose,
    url: Loose,
    date: Loose,
    title: Loose,
    body: Loose,
    text: Loose,
    content: Loose,
}

/// The JSON shape a field held.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Missing or null.
    #[default]
    Absent,
    String,
    Number,
    Bool,
    /// An array of strings (and nulls).
    Strings,
    /// An array holding something other than strings.
    Array,
    Object,
}

impl Shape {
    fn described(self) -> &'static str {
        match self {
            Shape::Absent => "null",
            Shape::String => "a string",
            Shape::Number => "a number",
            Shape::Bool => "a boolean",
            Shape::Strings => "an array",
            Shape::Array => "an array holding non-text values",
            Shape::Object => "an object",
        }
    }
}

/// A field as read: its text (strings as they are, numbers as written, lists of strings
/// joined by newlines) and the shape it had, for the strict checks.
#[derive(Debug, Default)]
struct Loose {
    text: Option<String>,
    shape: Shape,
}

impl Loose {
    fn with(text: Option<String>, shape: Shape) -> Self {
        Self { text, shape }
    }

    /// The value of a metadata field: strings and numbers, nothing else.
    fn metadata(self) -> Option<String> {
        matches!(self.shape, Shape::String | Shape::Number | Shape::Strings).then_some(self.text).flatten()
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::with(Some(v.to_owned()), Shape::String))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::with(Some(v), Shape::String))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::with(Some(v.to_string()), Shape::Number))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::with(Some(v.to_string()), Shape::Number))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::with(Some(v.to_string()), Shape::Number))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::with(None, Shape::Bool))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        let (mut parts, mut only_text) = (Vec::new(), true);
        while let Some(part) = seq.next_element::<Loose>()? {
            match part.shape {
                Shape::String => parts.extend(part.text),
                Shape::Absent => {}
                _ => only_text = false,
            }
        }
        let text = (only_text && !parts.is_empty()).then(|| parts.join("\n"));
        Ok(Loose::with(text, if only_text { Shape::Strings } else { Shape::Array }))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::with(None, Shape::Object))
    }
}

/// An id must be a string or a number: a list would become an id with a newline in it.
fn check_id(name: &str, field: &Loose) -> Result<(), String> {
    match field.shape {
        Shape::Absent | Shape::String | Shape::Number => Ok(()),
        other => Err(format!("field `{name}` is {}, not a string or number", other.described())),
    }
}

/// A body field must be text: `"body": 5` is a mistake, not an article "5".
fn check_text(name: &str, field: &Loose) -> Result<(), String> {
    match field.shape {
        Shape::Absent | Shape::String | Shape::Strings => Ok(()),
        other => {
            Err(format!("field `{name}` is {}, not text (a string or a list of strings)", other.described()))
        }
    }
}

/// The body fields, in the order they are looked for.
const BODY_FIELDS: &str = "`body`, `text`, `content`";

/// Turns one record into an article (or a skip naming `source`); `default_id` is used when
/// the record has no `id`/`_id`.
fn record_item(rec: Record, default_id: String, source: String, origin: &Origin<'_>) -> Item {
    let checks = [
        check_id("id", &rec.id),
        check_id("_id", &rec.underscore_id),
        check_text("body", &rec.body),
        check_text("text", &rec.text),
        check_text("content", &rec.content),
    ];
    if let Some(reason) = checks.into_iter().find_map(Result::err) {
        return skipped(source, reason);
    }
    let body = [rec.body, rec.text, rec.content]
        .into_iter()
        .find_map(|field| field.text.filter(|s| !s.trim().is_empty()));
    let Some(body) = body else {
        let reason = format!("no body text (looked for {BODY_FIELDS})");
        return skipped(source, reason);
    };
    let id = [rec.id, rec.underscore_id]
        .into_iter()
        .find_map(|field| field.text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
        .unwrap_or(default_id);
    let draft = Draft {
        id,
        source,
        body: &body,
        page: false,
        outlet: rec.outlet.metadata(),
        title: rec.title.metadata(),
        url: rec.url.metadata(),
        date: rec.date.metadata(),
        fallback_date: None,
    };
    build(draft, origin.table)
}

/// Parses one JSONL line as a record. Only objects are records (serde would also accept an
/// array as a struct's fields in order).
fn parse_line(line: &str) -> Result<Record, String> {
    if line.starts_with('{') {
        return serde_json::from_str(line).map_err(|e| parse_error(&e));
    }
    match serde_json::from_str::<Value>(line) {
        Ok(v) => Err(format!("not an article object: the line holds {}", kind_of(&v))),
        Err(e) => Err(parse_error(&e)),
    }
}

/// Why a line or document is not a record: bad syntax, or valid JSON of the wrong shape.
fn parse_error(e: &serde_json::Error) -> String {
    if e.is_data() {
        format!("not an article object: {e}")
    } else {
        format!("invalid JSON: {e}")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads JSON Lines from `reader`, one record per line (blank lines skipped), streaming:
/// only one line is held at a time. Records are `source:LINE`; ids default to `rel:LINE`.
pub(super) fn read_jsonl(mut reader: impl BufRead, origin: &Origin<'_>, emit: &mut dyn FnMut(Item)) {
    let mut buf = Vec::new();
    let (mut line_no, mut offset, mut records) = (0usize, 0usize, 0usize);
    loop {
        buf.clear();
        let (n, end) = match read_line_capped(&mut reader, &mut buf, MAX_ARTICLE_BYTES) {
            Ok((0, _)) => break,
            Ok(read) => read,
            Err(e) => {
                let reason = format!("{} (after line {line_no})", origin.io_reason(&e));
                emit(skipped(origin.source.clone(), reason));
                return;
            }
        };
        line_no += 1;
        let start = offset;
        offset += n;
        let source = format!("{}:{line_no}", origin.source);
        match end {
            LineEnd::Newline | LineEnd::Eof => {}
            LineEnd::OverCap => {
                records += 1;
                let reason =
                    format!("line is {n} bytes, over the {} per-article cap", mib(MAX_ARTICLE_BYTES));
                emit(skipped(source, reason));
                continue;
            }
            LineEnd::Nul(at) => {
                let reason = format!("binary data (NUL byte at byte {})", start + at);
                emit(skipped(source, reason));
                return;
            }
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(line) => line,
            Err(e) => {
                records += 1;
                let reason = format!("invalid UTF-8 at byte {}", start + e.valid_up_to());
                emit(skipped(source, reason));
                continue;
            }
        };
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        records += 1;
        let item = match parse_line(line) {
            Ok(rec) => record_item(rec, format!("{}:{line_no}", origin.rel), source, origin),
            Err(reason) => skipped(source, reason),
        };
        emit(item);
    }
    if records == 0 {
        let reason = if offset == 0 { "empty file" } else { "empty file (only white space)" };
        emit(skipped(origin.source.clone(), reason.to_string()));
    }
}

/// How a line read by [`read_line_capped`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    Newline,
    Eof,
    /// The line was longer than the cap: it was read through but not kept.
    OverCap,
    /// A NUL byte at this offset in the line: reading stopped there.
    Nul(usize),
}

/// Reads one line (through its `\n`) into `buf`, keeping at most `cap` bytes: a longer line is
/// consumed to its end without being held (`OverCap`). Returns the bytes consumed.
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<(usize, LineEnd)> {
    let mut consumed = 0;
    let mut over = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, if over { LineEnd::OverCap } else { LineEnd::Eof }));
        }
        let stop = available.iter().position(|&b| b == b'\n' || b == 0);
        let take = stop.map_or(available.len(), |i| i + 1);
        if let Some(i) = stop.filter(|&i| available[i] == 0) {
            reader.consume(i);
            return Ok((consumed + i, LineEnd::Nul(consumed + i)));
        }
        if !over && buf.len() + take > cap {
            over = true;
            buf.clear();
        }
        if !over {
            buf.extend_from_slice(&available[..take]);
        }
        reader.consume(take);
        consumed += take;
        if stop.is_some() {
            return Ok((consumed, if over { LineEnd::OverCap } else { LineEnd::Newline }));
        }
    }
}

/// Reads a whole JSON document: one article object, or an array of them (elements are
/// `source#N`, ids default to `rel#N`, N counting from 0). A document that fails to parse
/// but holds one object per line is read as JSON Lines.
pub(super) fn read_json(text: &str, origin: &Origin<'_>, emit: &mut dyn FnMut(Item)) {
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(_) if looks_like_jsonl(text) => return read_jsonl(text.as_bytes(), origin, emit),
        Err(e) => return emit(skipped(origin.source.clone(), parse_error(&e))),
    };
    match value {
        Value::Array(items) if items.is_empty() => {
            emit(skipped(origin.source.clone(), "empty JSON array".to_string()));
        }
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let source = format!("{}#{i}", origin.source);
                if !item.is_object() {
                    let reason = format!("array element {i} is {}, not an article object", kind_of(&item));
                    emit(skipped(source, reason));
                    continue;
                }
                emit(match Record::deserialize(item) {
                    Ok(rec) => record_item(rec, format!("{}#{i}", origin.rel), source, origin),
                    Err(e) => skipped(source, parse_error(&e)),
                });
            }
        }
        Value::Object(_) => emit(match Record::deserialize(value) {
            Ok(rec) => record_item(rec, origin.rel.to_string(), origin.source.clone(), origin),
            Err(e) => skipped(origin.source.clone(), parse_error(&e)),
        }),
        other => {
            let reason = format!("JSON document is {}, not an article object or array", kind_of(&other));
            emit(skipped(origin.source.clone(), reason));
        }
    }
}

/// True if `text` has several non-blank lines and the first is a whole JSON object.
fn looks_like_jsonl(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default().trim_start_matches('\u{feff}');
    first.starts_with('{') && lines.next().is_some() && serde_json::from_str::<IgnoredAny>(first).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(json: &str) -> Record {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn fields_are_lenient() {
        let r = rec(r#"{"_id": 4983, "title": null, "text": ["Para one.", "Para two."],
                       "url": {"href": "x"}, "date": true, "extra": [1, {"a": 2}]}"#);
        assert_eq!(r.underscore_id.text.as_deref(), Some("4983"));
        assert_eq!(r.title.text, None);
        assert_eq!(r.text.text.as_deref(), Some("Para one.\nPara two."));
        assert_eq!(r.url.metadata(), None);
        assert_eq!(r.date.metadata(), None);
        let r = rec(r#"{"id": -7, "outlet": 1.5, "body": "x"}"#);
        assert_eq!((r.id.text.as_deref(), r.outlet.metadata().as_deref()), (Some("-7"), Some("1.5")));
    }

    #[test]
    fn errors_say_syntax_or_shape() {
        let syntax = serde_json::from_str::<Record>(r#"{"id": 1,"#).unwrap_err();
        assert!(parse_error(&syntax).starts_with("invalid JSON: "), "{}", parse_error(&syntax));
        let shape = serde_json::from_str::<Record>(r#"{"id": 1, "id": 2}"#).unwrap_err();
        let msg = parse_error(&shape);
        assert!(msg.starts_with("not an article object: duplicate field `id`"), "{msg}");
        let err = parse_line("[1, 2]").unwrap_err();
        assert_eq!(err, "not an article object: the line holds an array");
        assert!(parse_line("nul").unwrap_err().starts_with("invalid JSON: "));
        assert!(parse_line(r#"{"body": "x"}"#).is_ok());
    }

    #[test]
    fn jsonl_detection_for_json_files() {
        assert!(looks_like_jsonl("{\"a\": 1}\n{\"b\": 2}\n"));
        assert!(!looks_like_jsonl("{\"a\": 1}\n"));
        assert!(!looks_like_jsonl("{\n  \"a\": 1\n}\n"));
        assert!(!looks_like_jsonl("[{\"a\": 1}]\n[]"));
    }
}
