//! Web archives: WARC files (`.warc`, `.warc.gz` with one gzip member per record, or sniffed
//! by their `WARC/` opening), read one record at a time with bounded memory whatever the size
//! of the file. Each `response` record holding an HTML page (by its HTTP `Content-Type`) goes
//! through the HTML path as a page: url from `WARC-Target-URI`, date from the page, else from
//! `WARC-Date`. Every other record is skipped with its reason (`warc record 12: not HTML
//! (image/png)`). Header blocks are parsed with httparse and capped at 64 KiB; a page is held
//! only up to the per-article cap; chunked transfer coding and gzip/deflate content coding are
//! undone, and the declared charset is decoded with encoding_rs.
//!
//! Why not the `warc` crate: its readers grow the header buffer without a limit (a file with
//! no line breaks is read whole into memory) and it brings a second gzip implementation;
//! the format needed here is small (a version line, `Name: value` headers, `Content-Length`
//! bytes), and the parsing of headers is httparse's.

use super::article::{build, mib, skipped, Draft, Origin, MAX_ARTICLE_BYTES};
use super::Item;
use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read};

/// Largest WARC or HTTP header block read.
const MAX_HEADER_BYTES: usize = 64 << 10;

/// Most header fields in one block.
const MAX_HEADERS: usize = 128;

/// One WARC record's named headers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct RecordHeader {
    warc_type: String,
    length: u64,
    target: Option<String>,
    date: Option<String>,
    record_id: Option<String>,
}

/// Reads WARC records from `reader` (already gunzipped) and emits one item per record: an
/// article for an HTML response, a skip with the reason otherwise. Records are `source#N`
/// counting from 1. A record whose headers cannot be read ends the file (the next record
/// cannot be found), after the records before it.
pub(super) fn read_warc(reader: &mut dyn BufRead, origin: &Origin<'_>, emit: &mut dyn FnMut(Item)) {
    let mut n = 0usize;
    loop {
        let block = match read_block(reader, true) {
            Ok(Ok(Some(block))) => block,
            Ok(Ok(None)) => break,
            Ok(Err(reason)) => {
                let reason = format!("warc record {}: {reason}", n + 1);
                return emit(skipped(origin.source.clone(), reason));
            }
            Err(e) => {
                let reason = format!("{} (after warc record {n})", origin.io_reason(&e));
                return emit(skipped(origin.source.clone(), reason));
            }
        };
        n += 1;
        let source = format!("{}#{n}", origin.source);
        let header = match parse_warc_header(&block) {
            Ok(header) => header,
            Err(reason) => return emit(skipped(source, format!("warc record {n}: {reason}"))),
        };
        let mut body = (&mut *reader).take(header.length);
        let item = record_item(&header, &mut body, n, &source, origin);
        // Whatever the record's reader left unread is skipped, a buffer at a time.
        if let Err(e) = io::copy(&mut body, &mut io::sink()) {
            let reason = format!("{} (in warc record {n})", origin.io_reason(&e));
            return emit(skipped(source, reason));
        }
        if body.limit() > 0 {
            let got = header.length - body.limit();
            let reason = format!("warc record {n}: truncated ({got} of {} bytes)", header.length);
            return emit(skipped(source, reason));
        }
        emit(item);
    }
    if n == 0 {
        emit(skipped(origin.source.clone(), "no WARC records".to_string()));
    }
}

/// Reads a header block: lines up to and including the first empty one. `skip_blank` skips
/// empty lines before the block (the `\r\n\r\n` that ends each WARC record). `Ok(Ok(None))` at
/// the end of the input; `Ok(Err(reason))` for a block over [`MAX_HEADER_BYTES`] or cut off.
fn read_block(reader: &mut dyn BufRead, skip_blank: bool) -> io::Result<Result<Option<Vec<u8>>, String>> {
    let mut block = Vec::new();
    loop {
        let before = block.len();
        let room = (MAX_HEADER_BYTES + 1).saturating_sub(before) as u64;
        let n = (&mut *reader).take(room).read_until(b'\n', &mut block)?;
        if n == 0 {
            return Ok(if block.is_empty() { Ok(None) } else { Err("header block cut off".to_string()) });
        }
        let line = &block[before..];
        if line == b"\r\n" || line == b"\n" {
            if before == 0 && skip_blank {
                block.clear();
                continue;
            }
            return Ok(Ok(Some(block)));
        }
        if block.len() > MAX_HEADER_BYTES {
            return Ok(Err(format!("header block over {} KiB", MAX_HEADER_BYTES >> 10)));
        }
    }
}

/// The value of header `name` (case-insensitive), as text.
fn header<'a>(headers: &'a [httparse::Header<'_>], name: &str) -> Option<Cow<'a, str>> {
    let h = headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))?;
    Some(String::from_utf8_lossy(h.value))
}

fn parse_warc_header(block: &[u8]) -> Result<RecordHeader, String> {
    let line_end = block.iter().position(|&b| b == b'\n').unwrap_or(block.len());
    let version = String::from_utf8_lossy(&block[..line_end]);
    if !version.starts_with("WARC/") {
        let shown: String = version.trim().chars().take(40).collect();
        return Err(format!("not a WARC record header (starts {shown:?})"));
    }
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let fields = match httparse::parse_headers(&block[line_end + 1..], &mut fields) {
        Ok(httparse::Status::Complete((_, fields))) => fields,
        Ok(httparse::Status::Partial) => return Err("header block cut off".to_string()),
        Err(e) => return Err(format!("bad header block: {e}")),
    };
    let text = |name| header(fields, name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let length = text("Content-Length").ok_or("no Content-Length header")?;
    let length = length.parse::<u64>().map_err(|_| format!("bad Content-Length {length:?}"))?;
    Ok(RecordHeader {
        warc_type: text("WARC-Type").unwrap_or_default().to_ascii_lowercase(),
        length,
        // Some writers wrap the URI in angle brackets (WARC 1.0's example did).
        target: text("WARC-Target-URI").map(|t| t.trim_start_matches('<').trim_end_matches('>').to_string()),
        date: text("WARC-Date"),
        record_id: text("WARC-Record-ID"),
    })
}

/// The item for one record, reading what it needs from `body` (the record's block).
fn record_item(
    header: &RecordHeader,
    body: &mut dyn BufRead,
    n: usize,
    source: &str,
    origin: &Origin<'_>,
) -> Item {
    let skip = |reason: String| skipped(source.to_string(), format!("warc record {n}: {reason}"));
    if header.warc_type != "response" {
        let kind = if header.warc_type.is_empty() { "no WARC-Type" } else { &header.warc_type };
        return skip(format!("not a response record ({kind})"));
    }
    let page = match read_http_page(body) {
        Ok(Ok(page)) => page,
        Ok(Err(reason)) => return skip(reason),
        Err(e) => return skip(format!("cannot read the HTTP payload: {e}")),
    };
    let id = header
        .target
        .clone()
        .or_else(|| header.record_id.clone())
        .unwrap_or_else(|| format!("{}#{n}", origin.rel));
    let draft = Draft {
        id,
        source: source.to_string(),
        body: &page,
        page: true,
        url: header.target.clone(),
        fallback_date: header.date.clone(),
        ..Draft::default()
    };
    match build(draft, origin.table) {
        Item::Skipped(s) => skip(s.reason),
        article => article,
    }
}

/// Reads an HTTP response from a record block: the status must be 2xx and the content type
/// HTML; returns the page decoded to text. `Ok(Err(reason))` when it is not a page to index.
fn read_http_page(body: &mut dyn BufRead) -> io::Result<Result<String, String>> {
    let block = match read_block(body, false)? {
        Ok(Some(block)) => block,
        Ok(None) => return Ok(Err("empty HTTP response".to_string())),
        Err(reason) => return Ok(Err(format!("HTTP {reason}"))),
    };
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut fields);
    match response.parse(&block) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Ok(Err("HTTP header block cut off".to_string())),
        Err(e) => return Ok(Err(format!("bad HTTP response: {e}"))),
    }
    let status = response.code.unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(Err(format!("HTTP status {status}")));
    }
    let headers = &*response.headers;
    let content_type = header(headers, "Content-Type").map(|v| v.trim().to_string());
    let mime = content_type
        .as_deref()
        .map(|ct| ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(mime.as_str(), "text/html" | "application/xhtml+xml") {
        let shown = if mime.is_empty() { "no Content-Type".to_string() } else { mime };
        return Ok(Err(format!("not HTML ({shown})")));
    }
    let chunked =
        header(headers, "Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let encoding =
        header(headers, "Content-Encoding").map(|v| v.trim().to_ascii_lowercase()).unwrap_or_default();
    let dechunked: Box<dyn Read + '_> = if chunked { Box::new(Chunked::new(body)) } else { Box::new(body) };
    let mut payload: Box<dyn Read + '_> = match encoding.as_str() {
        "" | "identity" => dechunked,
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(dechunked)),
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(dechunked)),
        other => return Ok(Err(format!("content coding {other:?} is not supported"))),
    };
    let mut bytes = Vec::new();
    (&mut payload).take(MAX_ARTICLE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Ok(Err(format!("page over the {} per-article cap", mib(MAX_ARTICLE_BYTES))));
    }
    let charset = content_type.as_deref().and_then(|ct| {
        ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches('"').to_string())
        })
    });
    let encoding =
        charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())).unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(&bytes);
    Ok(Ok(text.into_owned()))
}

/// Undoes HTTP/1.1 chunked transfer coding (size lines in hex, chunk extensions and trailers
/// ignored). A malformed size line is an `InvalidData` error.
struct Chunked<R> {
    inner: BufReader<R>,
    left: u64,
    done: bool,
}

impl<R: Read> Chunked<R> {
    fn new(inner: R) -> Self {
        Self { inner: BufReader::new(inner), left: 0, done: false }
    }

    fn next_size(&mut self) -> io::Result<u64> {
        let mut line = Vec::new();
        // Skip the CRLF that ends the previous chunk, then read the size line (bounded).
        while line.iter().all(|b: &u8| b.is_ascii_whitespace()) {
            line.clear();
            if (&mut self.inner).take(1024).read_until(b'\n', &mut line)? == 0 {
                return Ok(0);
            }
        }
        let text = String::from_utf8_lossy(&line);
        let size = text.split(';').next().unwrap_or_default().trim();
        u64::from_str_radix(size, 16)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, format!("bad chunk size {size:?}")))
    }
}

impl<R: Read> Read for Chunked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            self.left = self.next_size()?;
            if self.left == 0 {
                self.done = true;
                return Ok(0);
            }
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            self.done = true;
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{article, gzip, read_bytes, skip};
    use super::super::{Item, OutletSource};

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Harbour City snatch late winner</title>
<meta property="og:site_name" content="Sport Desk"></head><body>
<nav><a href="/">Home</a><a href="/football">Football</a></nav>
<div class="article-body"><p>Harbour City left it until the final minute to beat Millbrook 2-1 on Saturday.</p>
<p>The home side had led for most of the afternoon through a curling free kick.</p></div>
<footer>Copyright</footer></body></html>"#;

    fn record(warc_type: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
             WARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn archive() -> Vec<Vec<u8>> {
        let with_date = PAGE.replace(
            "</head>",
            r#"<meta property="article:published_time" content="2025-11-08T18:00:00Z"></head>"#,
        );
        vec![
            record("warcinfo", "", "2025-11-09T00:00:00Z", b"software: test\r\n"),
            record(
                "request",
                "https://sportdesk.example/a",
                "2025-11-09T10:00:00Z",
                b"GET /a HTTP/1.1\r\n\r\n",
            ),
            record(
                "response",
                "https://sportdesk.example/a",
                "2025-11-09T10:00:01Z",
                &http("200 OK", "Content-Type: text/html; charset=utf-8\r\n", PAGE.as_bytes()),
            ),
            record(
                "response",
                "https://sportdesk.example/b",
                "2025-11-09T10:00:02Z",
                &http("200 OK", "Content-Type: text/html\r\n", with_date.as_bytes()),
            ),
            record(
                "response",
                "https://sportdesk.example/logo.png",
                "2025-11-09T10:00:03Z",
                &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            ),
            record(
                "response",
                "https://sportdesk.example/gone",
                "2025-11-09T10:00:04Z",
                &http(
                    "404 Not Found",
                    "Content-Type: text/html\r\n",
                    b"<html><body><p>Not found</p></body></html>",
                ),
            ),
            record("metadata", "https://sportdesk.example/a", "2025-11-09T10:00:05Z", b"fetchTimeMs: 12\r\n"),
        ]
    }

    fn check(items: &[Item], name: &str) {
        assert_eq!(items.len(), 7, "{items:?}");
        assert_eq!(skip(&items[0]).reason, "warc record 1: not a response record (warcinfo)");
        assert_eq!(skip(&items[1]).reason, "warc record 2: not a response record (request)");
        let a = article(&items[2]);
        assert_eq!(a.id, "https://sportdesk.example/a");
        assert!(a.source.ends_with(&format!("{name}#3")), "{}", a.source);
        assert_eq!(a.url.as_deref(), Some("https://sportdesk.example/a"));
        assert_eq!(
            a.text,
            "Harbour City left it until the final minute to beat Millbrook 2-1 on Saturday.\n\
             The home side had led for most of the afternoon through a curling free kick."
        );
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("Sport Desk"), OutletSource::SiteName));
        // No date on the page: WARC-Date.
        assert_eq!(a.date.as_deref(), Some("2025-11-09T10:00:01Z"));
        assert_eq!(a.published.map(|t| t.to_string()).as_deref(), Some("2025-11-09T10:00:01Z"));
        // The page's own date wins.
        let b = article(&items[3]);
        assert_eq!(b.published.map(|t| t.to_string()).as_deref(), Some("2025-11-08T18:00:00Z"));
        assert_eq!(skip(&items[4]).reason, "warc record 5: not HTML (image/png)");
        assert_eq!(skip(&items[5]).reason, "warc record 6: HTTP status 404");
        assert_eq!(skip(&items[6]).reason, "warc record 7: not a response record (metadata)");
    }

    #[test]
    fn warc_plain_and_gzipped_per_record() {
        let records = archive();
        check(&read_bytes("crawl.warc", &records.concat()), "crawl.warc");
        let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        check(&read_bytes("crawl.warc.gz", &members), "crawl.warc.gz");
        // Sniffed by its opening without the extension.
        check(&read_bytes("crawl.bin", &records.concat()), "crawl.bin");
    }

    #[test]
    fn chunked_gzip_payload_and_declared_charset() {
        let page = "<html><body><p>Tchouam\u{e9}ni scored from twenty yards out, low into the corner.</p></body></html>";
        let mut latin1: Vec<u8> = page.chars().map(|c| c as u32 as u8).collect();
        let zipped = gzip(&latin1);
        let mut chunked = Vec::new();
        for part in zipped.chunks(7) {
            chunked.extend_from_slice(format!("{:x};ext=1\r\n", part.len()).as_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let headers = "Content-Type: text/html; charset=\"ISO-8859-1\"\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
        let w = record(
            "response",
            "https://x.example/p",
            "2025-01-01T00:00:00Z",
            &http("200 OK", headers, &chunked),
        );
        let items = read_bytes("c.warc", &w);
        assert_eq!(
            article(&items[0]).text,
            "Tchouam\u{e9}ni scored from twenty yards out, low into the corner."
        );
        latin1.clear();
    }

    #[test]
    fn damaged_archives_keep_what_came_before() {
        let mut records = archive();
        let third = records[2].clone();
        // Cut in the middle of the fourth record.
        let mut cut = records[..3].concat();
        cut.extend_from_slice(&records[3][..records[3].len() / 2]);
        let items = read_bytes("cut.warc", &cut);
        assert_eq!(items.len(), 4, "{items:?}");
        assert!(skip(&items[3]).reason.starts_with("warc record 4: truncated ("), "{items:?}");
        // Garbage where a header should be.
        records.truncate(3);
        let mut garbage = records.concat();
        garbage.extend_from_slice(b"HTTP/1.1 200 OK\r\nx: y\r\n\r\n");
        let items = read_bytes("g.warc", &garbage);
        assert_eq!(
            skip(items.last().unwrap()).reason,
            "warc record 4: not a WARC record header (starts \"HTTP/1.1 200 OK\")"
        );
        // A header block without an end is refused at 64 KiB, not read whole.
        let mut endless = third;
        endless.extend_from_slice(b"WARC/1.1\r\nX-Filler: ");
        endless.extend(std::iter::repeat_n(b'x', 200_000));
        let items = read_bytes("e.warc", &endless);
        assert_eq!(skip(&items[1]).reason, "warc record 2: header block over 64 KiB");
        let no_length = b"WARC/1.1\r\nWARC-Type: response\r\n\r\n";
        assert_eq!(
            skip(&read_bytes("n.warc", no_length)[0]).reason,
            "warc record 1: no Content-Length header"
        );
    }

    /// Main-text F1 on real article text: a WARC built by `bench/make_warc.py OUT --expected
    /// EXP` (corpus articles in page boilerplate), scored page by page against the article
    /// text each page was built from. Run with
    /// `PRESSBOX_WARC=OUT PRESSBOX_WARC_EXPECTED=EXP cargo test --lib warc_main_text -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn warc_main_text_f1_on_real_articles() {
        use super::super::read::{read_file, InputFile};
        use super::super::testutil::prf;
        let (Some(warc), Some(expected)) =
            (std::env::var_os("PRESSBOX_WARC"), std::env::var_os("PRESSBOX_WARC_EXPECTED"))
        else {
            eprintln!("skipped: set PRESSBOX_WARC and PRESSBOX_WARC_EXPECTED");
            return;
        };
        let mut want = std::collections::HashMap::new();
        for line in std::fs::read_to_string(&expected).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            want.insert(v["url"].as_str().unwrap().to_string(), v["text"].as_str().unwrap().to_string());
        }
        let file = InputFile { path: warc.into(), rel: "bench.warc.gz".into() };
        let (mut n, mut sum, mut sum_p, mut sum_r, mut below) = (0, 0.0, 0.0, 0.0, 0);
        read_file(&file, &super::super::OutletTable::builtin(), &mut |item| {
            if let Item::Article(a) = item {
                let Some(w) = a.url.as_ref().and_then(|u| want.get(u)) else { return };
                let (p, r, f) = prf(&a.text, w);
                (n, sum, sum_p, sum_r) = (n + 1, sum + f, sum_p + p, sum_r + r);
                below += usize::from(f < 0.9);
            }
        });
        let n_f = n as f64;
        eprintln!(
            "{n} pages: mean precision {:.3} recall {:.3} F1 {:.3}; {below} pages under 0.9",
            sum_p / n_f,
            sum_r / n_f,
            sum / n_f
        );
        assert!(n > 0);
    }
}
