//! Reading input: finding files under the command-line paths, opening them (gzip by its magic
//! bytes, UTF-16 by its byte-order mark), rejecting unreadable, binary, empty, oversized and
//! non-UTF-8 input with bounded memory, and telling plain text, HTML, JSON/JSONL, RSS/Atom
//! feeds and WARC web archives apart; each kind's reader then emits the articles, which
//! [`super::article`] assembles.

use super::article::{build, mib, skipped, Draft, Origin, MAX_ARTICLE_BYTES, MAX_DOCUMENT_BYTES};
use super::outlet::OutletTable;
use super::{feed, html, json, warc, Item, MissingPath};
use encoding_rs_io::DecodeReaderBytesBuilder;
use flate2::bufread::MultiGzDecoder;
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The path as given on the command line or as walked (`root/sub/file.txt`).
    pub path: PathBuf,
    /// Path relative to the command-line root it was found under, with `/` separators; for a
    /// file given directly, its file name. Used for default article ids.
    pub rel: String,
}

/// Files given directly plus the files under directories, walked recursively in sorted order.
/// Hidden entries (`.git`, `.DS_Store`) are skipped in walks; symlinks are followed, but each
/// directory is entered once. Entries that cannot be inspected (a dangling symlink, an
/// unreadable directory) are still returned, so that [`read_file`] reports them.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<MissingPath>) {
    let (mut files, mut missing) = (Vec::new(), Vec::new());
    for root in paths {
        match fs::metadata(root) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(MissingPath(root.clone())),
            Ok(meta) if meta.is_dir() => walk(root, "", &mut HashSet::new(), &mut files),
            _ => files.push(InputFile { path: root.clone(), rel: file_name(root) }),
        }
    }
    (files, missing)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or(path.as_os_str()).to_string_lossy().into_owned()
}

fn walk(dir: &Path, rel: &str, seen: &mut HashSet<PathBuf>, out: &mut Vec<InputFile>) {
    // Entering each real directory once stops symlink loops.
    if let Ok(real) = fs::canonicalize(dir) {
        if !seen.insert(real) {
            return;
        }
    }
    let mut names: Vec<_> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.file_name())).collect(),
        Err(_) => {
            let rel = if rel.is_empty() { file_name(dir) } else { rel.to_string() };
            out.push(InputFile { path: dir.to_path_buf(), rel });
            return;
        }
    };
    names.sort();
    for name in names {
        let name_str = name.to_string_lossy();
        if name_str.starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        let rel = if rel.is_empty() { name_str.into_owned() } else { format!("{rel}/{name_str}") };
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, &rel, seen, out),
            // Sockets, FIFOs and devices are not articles (and reading a FIFO would block).
            Ok(meta) if !meta.is_file() => {}
            _ => out.push(InputFile { path, rel }),
        }
    }
}

/// How much of a file is sniffed for its kind and for binary content.
const HEAD: usize = 8192;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const UTF16_LE_BOM: [u8; 2] = [0xff, 0xfe];
const UTF16_BE_BOM: [u8; 2] = [0xfe, 0xff];

/// Reads one file and emits its articles and skipped records, in order. Never panics: every
/// problem becomes an [`Item::Skipped`] naming the file (or `file:LINE`, `file#N`) and the
/// reason. Memory is bounded whatever the file holds: whole-file kinds are read up to a cap
/// ([`MAX_ARTICLE_BYTES`], or [`MAX_DOCUMENT_BYTES`] for JSON documents and feeds), JSONL and
/// web archives are streamed a record at a time, and reading stops at the first NUL byte.
pub fn read_file(file: &InputFile, outlets: &OutletTable, emit: &mut dyn FnMut(Item)) {
    let source = file.path.display().to_string();
    let opened = File::open(&file.path).and_then(|f| {
        let mut reader = BufReader::with_capacity(1 << 16, f);
        let gz = reader.fill_buf()?.starts_with(&GZIP_MAGIC);
        Ok((reader, gz))
    });
    let (mut reader, gz) = match opened {
        Ok(opened) => opened,
        Err(e) => return emit(skipped(source, format!("cannot read: {e}"))),
    };
    let name = file_name(&file.path).to_lowercase();
    let inner = name.strip_suffix(".gz").unwrap_or(&name);
    let origin = Origin { source, rel: &file.rel, table: outlets, gz };
    if gz {
        let mut reader = BufReader::with_capacity(1 << 16, MultiGzDecoder::new(reader));
        read_stream(&mut reader, inner, &origin, emit, true);
    } else {
        read_stream(&mut reader, inner, &origin, emit, true);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Json,
    Jsonl,
    Feed,
    Warc,
}

/// Reads a (decompressed) stream; `utf16` allows one level of UTF-16 decoding when the stream
/// opens with a UTF-16 byte-order mark.
fn read_stream(
    reader: &mut dyn BufRead,
    name: &str,
    origin: &Origin<'_>,
    emit: &mut dyn FnMut(Item),
    utf16: bool,
) {
    let mut head = Vec::with_capacity(HEAD);
    if let Err(e) = (&mut *reader).take(HEAD as u64).read_to_end(&mut head) {
        return emit(skipped(origin.source.clone(), origin.io_reason(&e)));
    }
    if head.is_empty() {
        return emit(skipped(origin.source.clone(), "empty file".to_string()));
    }
    if utf16 && (head.starts_with(&UTF16_LE_BOM) || head.starts_with(&UTF16_BE_BOM)) {
        // Transcoded to UTF-8 as it is read (encoding_rs), then read like any other file.
        let decoded = DecodeReaderBytesBuilder::new().build(io::Cursor::new(head).chain(reader));
        let mut decoded = BufReader::with_capacity(1 << 16, decoded);
        return read_stream(&mut decoded, name, origin, emit, false);
    }
    let kind = kind(name, &head);
    if kind != Kind::Warc {
        // A web archive holds binary records (images) among its pages: it is judged per record.
        if let Some(reason) = binary_reason(&head) {
            return emit(skipped(origin.source.clone(), reason));
        }
    }
    let mut reader = io::Cursor::new(head).chain(reader);
    let cap = match kind {
        Kind::Warc => return warc::read_warc(&mut reader, origin, emit),
        Kind::Jsonl => return json::read_jsonl(reader, origin, emit),
        Kind::Json | Kind::Feed => MAX_DOCUMENT_BYTES,
        Kind::Text | Kind::Html => MAX_ARTICLE_BYTES,
    };
    let bytes = match read_capped(&mut reader, cap, origin) {
        Ok(bytes) => bytes,
        Err(reason) => return emit(skipped(origin.source.clone(), reason)),
    };
    if kind == Kind::Feed {
        return feed::read_feed(&bytes, origin, emit);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let reason = format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to());
            return emit(skipped(origin.source.clone(), reason));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        let reason = "empty file (only white space)".to_string();
        return emit(skipped(origin.source.clone(), reason));
    }
    if kind == Kind::Json {
        return json::read_json(text, origin, emit);
    }
    let draft = Draft {
        id: origin.rel.to_string(),
        source: origin.source.clone(),
        body: text,
        page: kind == Kind::Html,
        ..Draft::default()
    };
    emit(build(draft, origin.table));
}

/// Reads the rest of a stream, at most `cap` bytes: over the cap, or at a NUL byte (binary
/// content after a text-like opening), it stops reading and says why.
fn read_capped(reader: &mut impl Read, cap: usize, origin: &Origin<'_>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(origin.io_reason(&e)),
        };
        if let Some(i) = buf[..n].iter().position(|&b| b == 0) {
            return Err(format!("binary file (NUL byte at byte {})", out.len() + i));
        }
        if out.len() + n > cap {
            let what = if cap == MAX_ARTICLE_BYTES { "per-article" } else { "per-document" };
            return Err(format!(
                "over the {} {what} size cap (stopped reading after {} bytes)",
                mib(cap),
                out.len() + n
            ));
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Why the first bytes of a file say it is not text: NUL bytes, or mostly control bytes and
/// invalid UTF-8.
fn binary_reason(head: &[u8]) -> Option<String> {
    if head.contains(&0) {
        return Some("binary file (NUL bytes in the first 8 KiB)".to_string());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b) || b == 0x7f)
        .count();
    let invalid: usize = head.utf8_chunks().map(|chunk| chunk.invalid().len()).sum();
    ((controls + invalid) * 10 > head.len() * 3)
        .then(|| "binary file (mostly non-text bytes in the first 8 KiB)".to_string())
}

/// The file's kind by extension (`.jsonl`/`.ndjson`, `.json`, `.html`/`.htm`, `.rss`/`.atom`/
/// `.xml`, `.warc`), else by its first bytes: a WARC header, a JSON object or array, an RSS,
/// RDF or Atom root element, an HTML document, or plain text (which may still hold inline
/// markup; see [`html::sniff`]).
fn kind(name: &str, head: &[u8]) -> Kind {
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext {
        "jsonl" | "ndjson" | "jsonlines" => return Kind::Jsonl,
        "json" => return Kind::Json,
        "html" | "htm" | "xhtml" | "shtml" => return Kind::Html,
        "rss" | "atom" | "xml" => return Kind::Feed,
        "warc" => return Kind::Warc,
        _ => {}
    }
    if head.starts_with(b"WARC/") {
        return Kind::Warc;
    }
    let head = String::from_utf8_lossy(head);
    let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let mut rest = start.chars().skip(1).filter(|c| !c.is_whitespace());
    match start.chars().next() {
        Some('{') if matches!(rest.next(), Some('"' | '}')) => {
            // One object per line if the first line is already a whole object.
            let first = start.split_once('\n').map(|(line, _)| line.trim());
            let whole = first.is_some_and(|l| serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok());
            if whole {
                Kind::Jsonl
            } else {
                Kind::Json
            }
        }
        Some('[') if matches!(rest.next(), Some('{' | ']')) => Kind::Json,
        _ if is_feed(start) => Kind::Feed,
        _ if html::is_page(start) => Kind::Html,
        _ => Kind::Text,
    }
}

/// True if the first element (after an XML declaration, comments and a doctype) is an RSS,
/// RDF or Atom feed root: `<rss`, `<rdf:RDF`, `<feed`.
fn is_feed(start: &str) -> bool {
    let mut s = start;
    loop {
        s = s.trim_start();
        let end = if s.starts_with("<?") {
            s.find("?>").map(|i| i + 2)
        } else if s.starts_with("<!--") {
            s.find("-->").map(|i| i + 3)
        } else if s.starts_with("<!") {
            s.find('>').map(|i| i + 1)
        } else {
            break;
        };
        match end {
            Some(end) => s = &s[end..],
            None => return false,
        }
    }
    let Some(tag) = s.strip_prefix('<') else { return false };
    let len = tag.find(|c: char| !(c.is_ascii_alphanumeric() || c == ':')).unwrap_or(tag.len());
    matches!(&tag[..len], "rss" | "feed" | "rdf:RDF" | "RDF")
}

#[cfg(test)]
mod tests {
    use super::super::article::normalize_text;
    use super::super::{Article, OutletSource, Skipped};
    use super::*;
    use std::io::Write;
    use tempfile::TempDir;

    const SEED_000: &str = include_str!("../../seeds/000_413961b8f36dffdf.txt");
    const SEED_001: &str = include_str!("../../seeds/001_6e83b1c257ab88e6.txt");
    const SEED_002: &str = include_str!("../../seeds/002_e0228e736809d36c.txt");

    /// The shared real corpora (`../shared/corpora` from the repo root), if present.
    fn shared_corpora_dir() -> Option<PathBuf> {
        let candidates = [
            std::env::var_os("PRESSBOX_SHARED").map(PathBuf::from),
            Some(PathBuf::from("/work/shared")),
            Some(PathBuf::from("../shared")),
        ];
        candidates.into_iter().flatten().map(|dir| dir.join("corpora")).find(|dir| dir.is_dir())
    }

    fn read_path(path: &Path, rel: &str) -> Vec<Item> {
        read_with(path, rel, &OutletTable::builtin())
    }

    fn read_with(path: &Path, rel: &str, table: &OutletTable) -> Vec<Item> {
        let file = InputFile { path: path.to_path_buf(), rel: rel.to_string() };
        let mut items = Vec::new();
        read_file(&file, table, &mut |item| items.push(item));
        items
    }

    /// Writes `bytes` as `name` in a fresh temp dir and reads it.
    fn read_bytes(name: &str, bytes: &[u8]) -> Vec<Item> {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        read_path(&path, name)
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn article(item: &Item) -> &Article {
        match item {
            Item::Article(a) => a,
            Item::Skipped(s) => panic!("expected an article, got {s:?}"),
        }
    }

    fn skip(item: &Item) -> &Skipped {
        match item {
            Item::Skipped(s) => s,
            Item::Article(a) => panic!("expected a skip, got article {}", a.id),
        }
    }

    fn only_article(items: &[Item]) -> &Article {
        assert_eq!(items.len(), 1, "{items:?}");
        article(&items[0])
    }

    fn only_skip(items: &[Item]) -> &Skipped {
        assert_eq!(items.len(), 1, "{items:?}");
        skip(&items[0])
    }

    // --- Seeds ---------------------------------------------------------------------------

    #[test]
    fn seed_000_plain_text_is_kept_and_getty_is_no_outlet() {
        let items = read_bytes("000_413961b8f36dffdf.txt", SEED_000.as_bytes());
        let a = only_article(&items);
        assert_eq!(a.id, "000_413961b8f36dffdf.txt");
        assert!(a.source.ends_with("000_413961b8f36dffdf.txt"));
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (None, OutletSource::Unknown));
        let trimmed: Vec<_> = SEED_000.trim_end().lines().map(str::trim_end).collect();
        assert_eq!(a.text, trimmed.join("\n"), "only trailing spaces are trimmed");
        assert!(a.text.starts_with("England manager Gareth Southgate"));
        assert!(a.text.contains("\n\nKane had pulled England level"), "blank lines kept");
        assert!(a.text.contains("after England's defeat to France. Getty\n"));
        assert_eq!(a.title, None);
    }

    #[test]
    fn seed_001_dateline_is_afp() {
        let a = only_article(&read_bytes("001.txt", SEED_001.as_bytes())).clone();
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("AFP"), OutletSource::Dateline));
        assert!(a.text.starts_with("Al Khor (Qatar) (AFP) - Jordan Henderson said"));
        assert_eq!(a.text.lines().count(), SEED_001.trim_end().lines().count());
    }

    #[test]
    fn seed_002_inline_markup_is_stripped_and_links_give_the_national() {
        let a = only_article(&read_bytes("002.txt", SEED_002.as_bytes())).clone();
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("The National"), OutletSource::LinkDomain));
        assert!(a.text.starts_with(
            "Harry Kane missed a late penalty as England\u{2019}s World Cup dreams ended in a \
             heartbreaking defeat to reigning champions France in a blockbuster quarter-final clash."
        ));
        assert!(!a.text.contains('<') && !a.text.contains("href"), "{}", a.text);
        assert_eq!(a.text.lines().count(), 1);
    }

    // --- Text normalisation ---------------------------------------------------------------

    #[test]
    fn text_file_is_normalised_and_nfc() {
        let items =
            read_bytes("crlf.txt", "\u{feff}Tchoue\u{301}ni scored.  \r\n\r\nKane missed.\r\n".as_bytes());
        assert_eq!(only_article(&items).text, "Tchou\u{e9}ni scored.\n\nKane missed.");
    }

    #[test]
    fn entities_without_tags_are_decoded() {
        let items = read_bytes("e.txt", b"Ireland&#191;s Pel&#233; &amp; co.\nAT&T; 3 < 4");
        assert_eq!(only_article(&items).text, "Ireland\u{bf}s Pel\u{e9} & co.\nAT&T; 3 < 4");
    }

    #[test]
    fn text_that_only_looks_like_markup_is_left_alone() {
        let plain = "Score: 3<4 and a<b, x < y; R&D; Q&A\n<3 fans";
        assert_eq!(only_article(&read_bytes("p.txt", plain.as_bytes())).text, plain);
    }

    #[test]
    fn inline_markup_keeps_lines_and_breaks() {
        let src = "<p>First para with <b>bold</b> and <a href=\"/x\">a link</a>.</p>\n<p>Second&nbsp;para.</p>\nLine<br>break<script>var x = 1;</script> end";
        let a = only_article(&read_bytes("m.txt", src.as_bytes())).clone();
        assert_eq!(a.text, "First para with bold and a link.\n\nSecond\u{a0}para.\n\nLine\nbreak end");
    }

    // --- HTML pages -----------------------------------------------------------------------

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
  <meta charset="utf-8">
  <title>Kane misses penalty | Example Sport</title>
  <meta property="og:title" content="Kane misses late penalty as England exit">
  <meta property="og:site_name" content="Example Sport">
  <meta property="article:published_time" content="2022-12-10T21:45:00Z">
  <link rel="canonical" href="https://www.bbc.co.uk/sport/football/63927777">
  <style>body { color: red }</style>
  <script>window.ads = "<p>not text</p>";</script>
  <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-12-11"}</script>
</head><body>
<header><a href="/">Home</a> Site header</header>
<nav><ul><li><a href="/sport">Sport</a></li><li>Football</li></ul></nav>
<div class="promo">Subscribe now</div>
<article>
  <header><h1>Kane misses late penalty</h1></header>
  <p>Harry   Kane
     missed a <a href="https://www.theguardian.com/x">late</a> penalty&#8230;</p>
  <figure><img src="k.jpg" alt="Kane"><figcaption>Kane after the miss. Getty</figcaption></figure>
  <p>England&rsquo;s <em>World Cup</em> is over.<br>France face Morocco.</p>
  <aside>Related: <a href="/other">Other story</a></aside>
  <blockquote>We gave everything</blockquote>
  <noscript>Enable JavaScript</noscript>
  <form><label>Email</label><button>Sign up</button></form>
  <svg><title>icon</title><text>svg text</text></svg>
  <iframe src="https://example.com/embed">iframe text</iframe>
  <template><p>template text</p></template>
</article>
<footer>Copyright <a href="https://www.bbc.co.uk/terms">Terms</a></footer>
</body></html>"#;

    #[test]
    fn html_page_text_metadata_and_outlet() {
        let a = only_article(&read_bytes("page.html", PAGE.as_bytes())).clone();
        assert_eq!(
            a.text,
            // The caption is boilerplate now (see boilerplate.rs).
            "Harry Kane missed a late penalty\u{2026}\n\
             England\u{2019}s World Cup is over.\nFrance face Morocco.\nWe gave everything"
        );
        assert_eq!(a.title.as_deref(), Some("Kane misses late penalty as England exit"));
        assert_eq!(a.url.as_deref(), Some("https://www.bbc.co.uk/sport/football/63927777"));
        assert_eq!(a.date.as_deref(), Some("2022-12-10T21:45:00Z"));
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("Example Sport"), OutletSource::SiteName));
        assert_eq!(a.id, "page.html");
    }

    #[test]
    fn html_page_without_article_or_metadata() {
        let src = "<html><head><title>Match &amp; report</title></head><body>\
                   <nav>Menu</nav><h2>Report</h2><div>Kane <span>scored</span>.</div>Tail text\
                   <ul><li>One</li><li>Two</li></ul><table><tr><td>A</td><td>B</td></tr></table>\
                   <time datetime=\"2022-12-10\">Saturday</time> \
                   <a href=\"https://sport.bbc.co.uk/a\">x</a> <a href=\"https://bbc.com/b\">y</a></body></html>";
        // A `.txt` name: detected as a page by its opening, not by extension.
        let a = only_article(&read_bytes("report.txt", src.as_bytes())).clone();
        assert_eq!(a.text, "Report\nKane scored.\nTail text\nOne\nTwo\nA B\nSaturday x y");
        assert_eq!(a.title.as_deref(), Some("Match & report"));
        assert_eq!(a.date.as_deref(), Some("2022-12-10"));
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("BBC"), OutletSource::LinkDomain));
    }

    #[test]
    fn html_page_url_domain_and_json_ld_date() {
        let src = r#"<!doctype html><html><head>
            <meta property="og:url" content="https://sport.bbc.co.uk/football/1">
            <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2022-12-11T10:00:00Z"}]}</script>
            </head><body><p>Kane scored.</p></body></html>"#;
        let a = only_article(&read_bytes("x.htm", src.as_bytes())).clone();
        assert_eq!(a.url.as_deref(), Some("https://sport.bbc.co.uk/football/1"));
        assert_eq!(a.date.as_deref(), Some("2022-12-11T10:00:00Z"));
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("BBC"), OutletSource::UrlDomain));
        assert_eq!(a.text, "Kane scored.");
    }

    #[test]
    fn html_page_with_nothing_to_index_is_skipped() {
        let src = "<!DOCTYPE html><html><head><title>Empty</title><script>x()</script></head><body><nav>Menu</nav></body></html>";
        let s = only_skip(&read_bytes("empty.html", src.as_bytes())).clone();
        assert_eq!(s.reason, "no text left after removing markup");
    }

    // --- JSON, JSONL, gzip ----------------------------------------------------------------

    #[test]
    fn jsonl_records_fields_ids_and_bad_lines() {
        let src = concat!(
            r#"{"id": "a1", "outlet": "BBC Sport", "url": null, "date": null, "title": "Kane", "body": "Kane scored.\n\nEngland won.", "extra": {"x": 1}}"#,
            "\n",
            "\n",
            r#"{"_id": 42, "title": "Numeric id", "text": "LONDON (Reuters) - Saka scored."}"#,
            "\n",
            r#"{"id": "a3", "body": "x", "#,
            "\n",
            r#"{"id": "a4", "title": "no body", "body": "  ", "content": null}"#,
            "\n",
            r#"{"content": "<p>Held <a href=\"https://apnews.com/x\">by AP</a> &amp; others</p>", "url": "https://www.espn.com/soccer/report"}"#,
            "\n",
            r#"[1, 2]"#,
            "\r\n",
            r#"{"body": "Last line without newline", "outlet": "", "date": "2022-12-10"}"#,
        );
        let items = read_bytes("feed.jsonl", src.as_bytes());
        assert_eq!(items.len(), 7, "{items:?}");
        let a = article(&items[0]);
        assert_eq!((a.id.as_str(), a.source.ends_with("feed.jsonl:1")), ("a1", true));
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("BBC Sport"), OutletSource::Metadata));
        assert_eq!((a.title.as_deref(), a.url.as_deref(), a.date.as_deref()), (Some("Kane"), None, None));
        assert_eq!(a.text, "Kane scored.\n\nEngland won.");
        let b = article(&items[1]);
        assert_eq!(
            (b.id.as_str(), b.outlet.as_deref(), b.outlet_source),
            ("42", Some("Reuters"), OutletSource::Dateline)
        );
        assert!(b.source.ends_with("feed.jsonl:3"));
        let bad = skip(&items[2]);
        assert!(bad.source.ends_with("feed.jsonl:4"), "{bad:?}");
        assert!(bad.reason.starts_with("invalid JSON: EOF while parsing"), "{bad:?}");
        let empty = skip(&items[3]);
        assert!(empty.source.ends_with("feed.jsonl:5"));
        assert_eq!(empty.reason, "no body text (looked for `body`, `text`, `content`)");
        let c = article(&items[4]);
        assert_eq!(c.id, "feed.jsonl:6");
        assert_eq!(c.text, "Held by AP & others");
        assert_eq!((c.outlet.as_deref(), c.outlet_source), (Some("ESPN"), OutletSource::UrlDomain));
        let shape = skip(&items[5]);
        assert!(
            shape.source.ends_with("feed.jsonl:7") && shape.reason.starts_with("not an article object"),
            "{shape:?}"
        );
        let d = article(&items[6]);
        assert_eq!(
            (d.id.as_str(), d.date.as_deref(), d.outlet_source),
            ("feed.jsonl:8", Some("2022-12-10"), OutletSource::Unknown)
        );
    }

    #[test]
    fn jsonl_invalid_utf8_line_names_the_byte_and_keeps_the_rest() {
        let mut src = b"{\"body\": \"one\"}\n{\"body\": \"t".to_vec();
        src.extend_from_slice(&[0xff, 0xfe]);
        src.extend_from_slice(b"wo\"}\n{\"body\": \"three\"}\n");
        let items = read_bytes("u.ndjson", &src);
        assert_eq!(items.len(), 3);
        assert_eq!(article(&items[0]).text, "one");
        let s = skip(&items[1]);
        assert!(s.source.ends_with("u.ndjson:2"));
        assert_eq!(s.reason, "invalid UTF-8 at byte 27");
        assert_eq!(article(&items[2]).text, "three");
    }

    #[test]
    fn json_object_and_array() {
        let one = r#"{"title": "Solo", "body": "Kane &amp; Saka.", "url": "https://www.skysports.com/x"}"#;
        let a = only_article(&read_bytes("one.json", one.as_bytes())).clone();
        assert_eq!((a.id.as_str(), a.text.as_str()), ("one.json", "Kane & Saka."));
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("Sky Sports"), OutletSource::UrlDomain));

        let array =
            r#"[{"body": "First."}, "not an object", {"id": 7, "body": "Third."}, {"body": null}, 5]"#;
        let items = read_bytes("many.json", array.as_bytes());
        assert_eq!(items.len(), 5);
        assert_eq!(article(&items[0]).id, "many.json#0");
        assert!(article(&items[0]).source.ends_with("many.json#0"));
        let s = skip(&items[1]);
        assert!(s.source.ends_with("many.json#1"));
        assert_eq!(s.reason, "array element 1 is a string, not an article object");
        assert_eq!(article(&items[2]).id, "7");
        assert!(skip(&items[3]).reason.starts_with("no body text"));
        assert_eq!(skip(&items[4]).reason, "array element 4 is a number, not an article object");
    }

    #[test]
    fn json_documents_that_are_not_articles() {
        let s = only_skip(&read_bytes("bad.json", b"{\"body\": \"x\"")).clone();
        assert!(s.reason.starts_with("invalid JSON: "), "{s:?}");
        assert_eq!(
            only_skip(&read_bytes("n.json", b"42")).reason,
            "JSON document is a number, not an article object or array"
        );
        assert_eq!(only_skip(&read_bytes("e.json", b"[]")).reason, "empty JSON array");
        // A `.json` file with one object per line is read as JSON Lines.
        let items = read_bytes("lines.json", b"{\"body\": \"a\"}\n{\"body\": \"b\"}\n");
        assert_eq!(article(&items[1]).id, "lines.json:2");
    }

    #[test]
    fn json_sniffed_without_extension() {
        let items =
            read_bytes("feed", b"{\"id\": \"x\", \"body\": \"a\"}\n{\"id\": \"y\", \"body\": \"b\"}\n");
        assert_eq!((article(&items[0]).id.as_str(), article(&items[1]).id.as_str()), ("x", "y"));
        let pretty = "{\n  \"id\": \"p\",\n  \"body\": \"Pretty printed.\"\n}\n";
        assert_eq!(only_article(&read_bytes("pretty.txt", pretty.as_bytes())).id, "p");
        let array = "[\n {\"body\": \"In an array.\"}\n]";
        assert_eq!(only_article(&read_bytes("arr.dat", array.as_bytes())).id, "arr.dat#0");
        // Text that merely starts with a bracket stays text.
        let text = "[Updated] Kane speaks.";
        assert_eq!(only_article(&read_bytes("u.txt", text.as_bytes())).text, text);
    }

    #[test]
    fn gzip_jsonl_by_magic_and_by_name() {
        let src = b"{\"id\": \"g1\", \"body\": \"Zipped one.\"}\n{\"body\": \"Zipped two.\"}\n";
        let items = read_bytes("feed.jsonl.gz", &gzip(src));
        assert_eq!(items.len(), 2);
        assert_eq!(article(&items[0]).id, "g1");
        assert!(article(&items[1]).source.ends_with("feed.jsonl.gz:2"));
        assert_eq!(article(&items[1]).id, "feed.jsonl.gz:2");
        // No telling name: found by the magic bytes, then sniffed as JSONL.
        let items = read_bytes("download", &gzip(src));
        assert_eq!(article(&items[1]).text, "Zipped two.");
        // Concatenated gzip members are read through.
        let mut two = gzip(b"{\"body\": \"a\"}\n");
        two.extend(gzip(b"{\"body\": \"b\"}\n"));
        assert_eq!(read_bytes("two.jsonl.gz", &two).len(), 2);
        // A gzipped text file.
        let a = only_article(&read_bytes("seed.txt.gz", &gzip(SEED_001.as_bytes()))).clone();
        assert_eq!(a.outlet.as_deref(), Some("AFP"));
    }

    #[test]
    fn truncated_and_corrupt_gzip_are_skipped_after_what_was_read() {
        let lines: String = (0..2000)
            .map(|i| format!("{{\"id\": \"{i}\", \"body\": \"Record number {i} with some text.\"}}\n"))
            .collect();
        let full = gzip(lines.as_bytes());
        let items = read_bytes("cut.jsonl.gz", &full[..full.len() / 2]);
        let (last, read) = items.split_last().unwrap();
        assert!(!read.is_empty() && read.iter().all(|i| matches!(i, Item::Article(_))));
        let s = skip(last);
        assert!(s.source.ends_with("cut.jsonl.gz"), "{s:?}");
        assert!(s.reason.starts_with("corrupt or truncated gzip data: "), "{s:?}");
        assert!(s.reason.contains(&format!("(after line {})", read.len())), "{s:?}");

        let mut corrupt = full.clone();
        for b in &mut corrupt[20..60] {
            *b ^= 0x5a;
        }
        let items = read_bytes("bad.jsonl.gz", &corrupt);
        assert!(
            skip(items.last().unwrap()).reason.starts_with("corrupt or truncated gzip data"),
            "{items:?}"
        );
        let header_only = only_skip(&read_bytes("h.gz", &full[..5])).clone();
        assert!(header_only.reason.starts_with("corrupt or truncated gzip data"), "{header_only:?}");
    }

    // --- Bad input --------------------------------------------------------------------------

    #[test]
    fn bad_files_are_skipped_with_reasons() {
        assert_eq!(only_skip(&read_bytes("empty.txt", b"")).reason, "empty file");
        assert_eq!(only_skip(&read_bytes("ws.txt", b" \n\t\r\n ")).reason, "empty file (only white space)");
        assert_eq!(only_skip(&read_bytes("ws.jsonl", b"\n\n")).reason, "empty file (only white space)");
        assert_eq!(
            only_skip(&read_bytes("ctl.txt", b"  \n\n   \x01   \n")).reason,
            "no text (only white space and control characters)"
        );
        let nul = only_skip(&read_bytes("img.txt", b"GIF89a\x00\x01\x02")).clone();
        assert_eq!(nul.reason, "binary file (NUL bytes in the first 8 KiB)");
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8 | 0x80).collect();
        assert_eq!(
            only_skip(&read_bytes("noise.bin", &noise)).reason,
            "binary file (mostly non-text bytes in the first 8 KiB)"
        );
        let latin1 = b"Kane scored for England. Tchouam\xe9ni scored for France.";
        assert_eq!(only_skip(&read_bytes("latin1.txt", latin1)).reason, "invalid UTF-8 at byte 32");
        let dir = TempDir::new().unwrap();
        let missing = only_skip(&read_path(&dir.path().join("gone.txt"), "gone.txt")).clone();
        assert!(missing.reason.starts_with("cannot read: "), "{missing:?}");
        let is_dir = only_skip(&read_path(dir.path(), "dir")).clone();
        assert!(is_dir.reason.starts_with("cannot read: "), "{is_dir:?}");
    }

    #[test]
    fn ids_are_stable_across_reads() {
        let dir = TempDir::new().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.jsonl"), "{\"body\": \"one\"}\n\n{\"body\": \"two\"}\n").unwrap();
        fs::write(dir.path().join("sub/b.json"), "[{\"body\": \"x\"}, {\"body\": \"y\"}]").unwrap();
        fs::write(dir.path().join("c.txt"), SEED_000).unwrap();
        let ids = || {
            let (files, missing) = discover(&[dir.path().to_path_buf()]);
            assert!(missing.is_empty());
            let mut ids = Vec::new();
            for f in &files {
                read_file(f, &OutletTable::builtin(), &mut |item| ids.push(article(&item).id.clone()));
            }
            ids
        };
        let first = ids();
        assert_eq!(first, ["c.txt", "sub/a.jsonl:1", "sub/a.jsonl:3", "sub/b.json#0", "sub/b.json#1"]);
        assert_eq!(first, ids());
    }

    #[test]
    fn user_table_changes_attribution() {
        let dir = TempDir::new().unwrap();
        let table_path = dir.path().join("mine.txt");
        fs::write(&table_path, "# local\nHeraldo = Heraldo de Arag\u{f3}n\n").unwrap();
        let mut table = OutletTable::builtin();
        table.load_file(&table_path).unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "ZARAGOZA (Heraldo) - Real Zaragoza won.").unwrap();
        assert_eq!(only_article(&read_path(&path, "a.txt")).outlet, None);
        let a = only_article(&read_with(&path, "a.txt", &table)).clone();
        assert_eq!(
            (a.outlet.as_deref(), a.outlet_source),
            (Some("Heraldo de Arag\u{f3}n"), OutletSource::Dateline)
        );
    }

    // --- Hostile input ----------------------------------------------------------------------

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian { UTF16_BE_BOM.to_vec() } else { UTF16_LE_BOM.to_vec() };
        for unit in s.encode_utf16() {
            out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_not_binary() {
        let text = "Tchouam\u{e9}ni scored.\r\nKane missed.\r\n";
        for be in [false, true] {
            let a = only_article(&read_bytes("u16.txt", &utf16(text, be))).clone();
            assert_eq!(a.text, "Tchouam\u{e9}ni scored.\nKane missed.", "big endian: {be}");
        }
        let jsonl =
            "{\"id\": \"w1\", \"body\": \"Saka scored.\"}\n{\"id\": \"w2\", \"body\": \"Rice assisted.\"}\n";
        let items = read_bytes("u16.jsonl", &utf16(jsonl, false));
        assert_eq!(
            (article(&items[0]).id.as_str(), article(&items[1]).text.as_str()),
            ("w1", "Rice assisted.")
        );
        let gz = read_bytes("u16.txt.gz", &gzip(&utf16(text, true)));
        assert_eq!(only_article(&gz).text, "Tchouam\u{e9}ni scored.\nKane missed.");
    }

    #[test]
    fn text_then_a_gibibyte_of_zeros_stops_at_the_first_nul() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("zeros.txt");
        let text: String = "Kane scored a penalty. ".repeat(8192 / 23 + 1)[..8192].to_string();
        fs::write(&path, &text).unwrap();
        // Sparse: 1 GiB of zeros after the text, without using the disk.
        File::options().write(true).open(&path).unwrap().set_len(8192 + (1 << 30)).unwrap();
        let start = std::time::Instant::now();
        let s = only_skip(&read_path(&path, "zeros.txt")).clone();
        assert_eq!(s.reason, "binary file (NUL byte at byte 8192)");
        assert!(start.elapsed().as_secs() < 5, "read only the start: {:?}", start.elapsed());
        // The same in a JSONL file: the line with the NUL is refused and reading stops.
        let mut jsonl = format!("{{\"body\": \"{}\"}}\n{{\"body\": \"x", "k".repeat(10_000)).into_bytes();
        jsonl.extend(std::iter::repeat_n(0u8, 100_000));
        let items = read_bytes("z.jsonl", &jsonl);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(skip(&items[1]).reason, "binary data (NUL byte at byte 10024)");
    }

    #[test]
    fn files_over_the_cap_are_skipped_without_reading_on() {
        let big = "word ".repeat(MAX_ARTICLE_BYTES / 5 + 1);
        let s = only_skip(&read_bytes("big.txt", big.as_bytes())).clone();
        assert!(s.source.ends_with("big.txt"));
        assert!(
            s.reason.starts_with("over the 16 MiB per-article size cap (stopped reading after "),
            "{s:?}"
        );
        let page = format!("<html><body><p>{big}</p></body></html>");
        assert!(only_skip(&read_bytes("big.html", page.as_bytes())).reason.contains("per-article size cap"));
    }

    #[test]
    fn jsonl_line_over_the_cap_is_skipped_and_the_next_line_read() {
        let mut src = b"{\"id\": \"huge\", \"body\": \"".to_vec();
        src.extend(std::iter::repeat_n(b'a', MAX_ARTICLE_BYTES + 10));
        src.extend_from_slice(b"\"}\n{\"id\": \"next\", \"body\": \"Saka scored.\"}\n");
        let items = read_bytes("big.jsonl", &src);
        assert_eq!(items.len(), 2, "{items:?}");
        let s = skip(&items[0]);
        assert!(s.source.ends_with("big.jsonl:1"), "{s:?}");
        assert_eq!(
            s.reason,
            format!("line is {} bytes, over the 16 MiB per-article cap", MAX_ARTICLE_BYTES + 10 + 27)
        );
        assert_eq!(article(&items[1]).id, "next");
        // A line exactly at the cap is still read.
        let mut fits = b"{\"body\": \"".to_vec();
        fits.extend(std::iter::repeat_n(b'b', MAX_ARTICLE_BYTES - 13));
        fits.extend_from_slice(b"\"}\n");
        assert_eq!(fits.len(), MAX_ARTICLE_BYTES);
        assert_eq!(article(&read_bytes("fits.jsonl", &fits)[0]).text.len(), MAX_ARTICLE_BYTES - 13);
    }

    #[test]
    fn json_fields_of_the_wrong_type_are_named() {
        let src = concat!(
            "{\"id\": \"n\", \"body\": 5}\n",
            "{\"id\": [\"a\", \"b\"], \"body\": \"two ids\"}\n",
            "{\"_id\": {\"$oid\": \"x\"}, \"body\": \"object id\"}\n",
            "{\"text\": true}\n",
            "{\"body\": [\"one\", 2]}\n",
            "{\"id\": 7, \"body\": [\"Para one.\", \"Para two.\"], \"title\": 1984, \"url\": [\"x\"]}\n",
        );
        let items = read_bytes("typed.jsonl", src.as_bytes());
        assert_eq!(
            skip(&items[0]).reason,
            "field `body` is a number, not text (a string or a list of strings)"
        );
        assert_eq!(skip(&items[1]).reason, "field `id` is an array, not a string or number");
        assert_eq!(skip(&items[2]).reason, "field `_id` is an object, not a string or number");
        assert_eq!(
            skip(&items[3]).reason,
            "field `text` is a boolean, not text (a string or a list of strings)"
        );
        assert_eq!(
            skip(&items[4]).reason,
            "field `body` is an array holding non-text values, not text (a string or a list of strings)"
        );
        let a = article(&items[5]);
        assert_eq!(
            (a.id.as_str(), a.text.as_str(), a.title.as_deref()),
            ("7", "Para one.\nPara two.", Some("1984"))
        );
        assert_eq!(a.url.as_deref(), Some("x"), "a list of strings in a metadata field is joined");
        let one = only_skip(&read_bytes("one.json", b"{\"body\": 5}")).clone();
        assert_eq!(one.reason, "field `body` is a number, not text (a string or a list of strings)");
    }

    #[test]
    fn control_characters_are_stripped_from_fields() {
        let src = "{\"id\": \"a\\u001b]0;owned\\u0007b\\nc\", \"url\": \"https://x.example/\\u001b[2Jp\", \
                   \"date\": \"2022-12-10\\u202e\", \"title\": \"Kane\\u009b31m scores\\u0085\", \
                   \"outlet\": \"\\u001b[1mAFP\\u001b[0m\", \"body\": \"Kane scored.\"}\n";
        let a = only_article(&read_bytes("ctl.jsonl", src.as_bytes())).clone();
        assert_eq!(a.id, "ab c");
        assert_eq!(a.url.as_deref(), Some("https://x.example/p"));
        assert_eq!(a.date.as_deref(), Some("2022-12-10"));
        assert_eq!(a.published.map(|t| t.to_string()).as_deref(), Some("2022-12-10T00:00:00Z"));
        assert_eq!(a.title.as_deref(), Some("Kane scores"));
        assert_eq!(a.outlet.as_deref(), Some("AFP"));
        let dir = TempDir::new().unwrap();
        let name = "evil\u{1b}]0;x\u{7}.txt";
        fs::write(dir.path().join(name), "Kane scored.").unwrap();
        let a = only_article(&read_path(&dir.path().join(name), name)).clone();
        assert_eq!(a.id, "evil.txt", "default ids are cleaned too");
    }

    #[test]
    fn dates_are_parsed_from_every_source() {
        let src = concat!(
            "{\"body\": \"a\", \"date\": \"Sat, 10 Dec 2022 21:45:00 +0000\"}\n",
            "{\"body\": \"b\", \"date\": \"December 10, 2022\"}\n",
            "{\"body\": \"c\", \"date\": \"the day after the final\"}\n",
        );
        let items = read_bytes("d.jsonl", src.as_bytes());
        let published: Vec<_> = items.iter().map(|i| article(i).published.map(|t| t.to_string())).collect();
        assert_eq!(
            published,
            [Some("2022-12-10T21:45:00Z".to_string()), Some("2022-12-10T00:00:00Z".to_string()), None]
        );
        assert_eq!(article(&items[2]).date.as_deref(), Some("the day after the final"), "kept as written");
        let page = "<html><body><time datetime=\"2022-12-10T20:00:00+01:00\">Saturday</time><p>Kane scored.</p></body></html>";
        let a = only_article(&read_bytes("t.html", page.as_bytes())).clone();
        assert_eq!(a.published.map(|t| t.to_string()).as_deref(), Some("2022-12-10T19:00:00Z"));
    }

    // --- Discovery ------------------------------------------------------------------------

    #[test]
    fn discover_walks_sorted_skips_hidden_and_reports_missing() {
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        for p in ["b/z.txt", "b/a.json", "a.txt", ".git/config", "b/.hidden.txt", "c/d/e.jsonl.gz"] {
            let p = root.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let direct = root.join("b/z.txt");
        let gone = root.join("nope");
        let (files, missing) = discover(&[root.to_path_buf(), direct.clone(), gone.clone()]);
        let rels: Vec<_> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "b/a.json", "b/z.txt", "c/d/e.jsonl.gz", "z.txt"]);
        assert_eq!(files[2].path, root.join("b").join("z.txt"));
        assert_eq!(files[4].path, direct);
        assert_eq!(missing, [MissingPath(gone)]);
    }

    #[cfg(unix)]
    #[test]
    fn discover_survives_symlink_loops_and_reports_dangling_links() {
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/x.txt"), "Kane scored.").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("missing.txt"), root.join("a/dangling.txt")).unwrap();
        let (files, missing) = discover(&[root.to_path_buf()]);
        assert!(missing.is_empty());
        let rels: Vec<_> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/dangling.txt", "a/x.txt"]);
        let s = only_skip(&read_path(&files[0].path, &files[0].rel)).clone();
        assert!(s.reason.starts_with("cannot read: "), "{s:?}");
    }

    // --- Never panics ----------------------------------------------------------------------

    mod never_panics {
        use super::*;
        use proptest::prelude::*;

        /// Openings that steer arbitrary bytes into each reader.
        const PREFIXES: [&str; 6] =
            ["", "<!DOCTYPE html>", "{\"body\": \"", "[{\"text\": \"", "<p>", "&amp;"];

        /// Every item is well-formed: articles have normalised, non-empty text.
        fn check(items: &[Item]) -> Result<(), TestCaseError> {
            prop_assert!(!items.is_empty());
            for item in items {
                if let Item::Article(a) = item {
                    prop_assert!(!a.text.is_empty());
                    prop_assert_eq!(&normalize_text(&a.text), &a.text);
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(96))]

            #[test]
            fn arbitrary_bytes(prefix in prop::sample::select(&PREFIXES[..]), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
                let mut data = prefix.as_bytes().to_vec();
                data.extend_from_slice(&bytes);
                let dir = TempDir::new().unwrap();
                for name in ["a.txt", "a.html", "a.json", "a.jsonl", "noext"] {
                    let path = dir.path().join(name);
                    fs::write(&path, &data).unwrap();
                    check(&read_path(&path, name))?;
                }
                let gz = dir.path().join("a.jsonl.gz");
                let mut zipped = gzip(&data);
                fs::write(&gz, &zipped).unwrap();
                check(&read_path(&gz, "a.jsonl.gz"))?;
                zipped.truncate(zipped.len() / 2);
                fs::write(&gz, &zipped).unwrap();
                check(&read_path(&gz, "a.jsonl.gz"))?;
            }

            #[test]
            fn arbitrary_markup(s in "(<[a-z/!]{0,8}[^>]{0,12}>?|&#?[a-zA-Z0-9]{0,6};?|[^<&]{0,10}){0,40}") {
                for extract in [html::page(&s), html::inline(&s)] {
                    let _ = normalize_text(&extract.text);
                }
                let _ = html::sniff(&s);
            }
        }
    }

    // --- Real corpora (../shared/corpora; never copied into the repo) ----------------------

    /// Reads a whole corpus file, returning (articles, skipped, outlet sources seen).
    fn read_corpus(path: &Path) -> (usize, Vec<Skipped>, HashSet<&'static str>) {
        let (mut articles, mut skipped, mut sources) = (0, Vec::new(), HashSet::new());
        let file = InputFile { path: path.to_path_buf(), rel: file_name(path) };
        read_file(&file, &OutletTable::builtin(), &mut |item| match item {
            Item::Article(a) => {
                articles += 1;
                sources.insert(a.outlet_source.as_str());
                assert!(!a.text.is_empty() && !a.text.contains('\r'), "{}", a.id);
            }
            Item::Skipped(s) => skipped.push(s),
        });
        (articles, skipped, sources)
    }

    #[test]
    fn shared_corpora_ingest_as_they_are() {
        let Some(dir) = shared_corpora_dir() else {
            eprintln!("skipped: ../shared/corpora not found");
            return;
        };
        // (file, articles, skipped empty bodies) as documented in the corpora README.
        for (name, articles, empty) in [
            ("bbcsport.jsonl", 737, 0),
            ("epl-match-reports-2025.jsonl", 137, 7),
            ("newscluster.jsonl", 404, 15),
            ("scifact/corpus.jsonl", 5183, 0),
        ] {
            let (got, skipped, sources) = read_corpus(&dir.join(name));
            assert_eq!(got, articles, "{name}");
            assert_eq!(skipped.len(), empty, "{name}: {skipped:?}");
            assert!(skipped.iter().all(|s| s.reason.starts_with("no body text")), "{name}");
            eprintln!("{name}: {got} articles, {} skipped, outlet rules {sources:?}", skipped.len());
        }
    }

    #[test]
    fn shared_bbcsport_text_is_clean() {
        let Some(dir) = shared_corpora_dir() else {
            eprintln!("skipped: ../shared/corpora not found");
            return;
        };
        let file = InputFile { path: dir.join("bbcsport.jsonl"), rel: "bbcsport.jsonl".into() };
        let mut seen = 0;
        read_file(&file, &OutletTable::builtin(), &mut |item| {
            let a = article(&item);
            assert_eq!(a.outlet.as_deref(), Some("BBC Sport"));
            assert!(!a.text.contains("&#"), "entities decoded in {}", a.id);
            if a.id == "bbcsport-athletics-001" {
                assert!(a.text.starts_with("British hurdler Sarah Claxton"));
                assert!(a.text.contains("\n\n"), "paragraph breaks kept");
                assert_eq!(a.title.as_deref(), Some("Claxton hunting first major medal"));
                assert!(a.source.ends_with("bbcsport.jsonl:1"));
            }
            seen += 1;
        });
        assert_eq!(seen, 737);
    }

    /// The 37,554-article gzipped corpus, streamed. Slow in debug builds; run with
    /// `cargo test --release -- --ignored allsides` (prints articles/s).
    #[test]
    #[ignore]
    fn shared_allsides_gz_streams() {
        let Some(dir) = shared_corpora_dir() else {
            eprintln!("skipped: ../shared/corpora not found");
            return;
        };
        let start = std::time::Instant::now();
        let (articles, skipped, sources) = read_corpus(&dir.join("allsides.jsonl.gz"));
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "allsides.jsonl.gz: {articles} articles, {} skipped in {secs:.2}s ({:.0} articles/s), rules {sources:?}",
            skipped.len(),
            articles as f64 / secs
        );
        assert_eq!(articles + skipped.len(), 37_554, "{skipped:?}");
    }
}
