//! Markup: full HTML pages read with lol_html, and text with inline tags or entities (a `.txt`
//! file or JSON body holding `<a href="...">England&#8217;s</a>`). Both yield plain text plus
//! the page's metadata and link hrefs; entities are decoded with html-escape. For full pages
//! the text is the page's main text: this pass feeds [`super::boilerplate`], which keeps menus,
//! related links, captions and banners out. Nothing here parses HTML with regular expressions.

use super::boilerplate::{Hint, Page};
use lol_html::html_content::{Element, EndTag, TextChunk, TextType};
use lol_html::{doc_text, element, text, HtmlRewriter, Settings};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// What kind of markup a text holds, from a cheap sniff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// No tags and no entities: use the text as it is.
    Plain,
    /// Entities such as `&amp;` or `&#8217;` but no tags.
    Entities,
    /// Real HTML tags inside otherwise plain text.
    Tags,
    /// A whole HTML document (`<!DOCTYPE html>` or `<html`).
    Page,
}

/// Text and metadata extracted from markup. Metadata is only found in full pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extract {
    /// Text with tags dropped and entities decoded (not yet normalised).
    pub text: String,
    /// `og:title`, else `<title>`.
    pub title: Option<String>,
    /// `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// Published date: `article:published_time`, `<meta name=date|pubdate...>`, JSON-LD
    /// `datePublished`, else the first `<time datetime>`.
    pub date: Option<String>,
    /// Hrefs of the links in the text that was kept, in document order.
    pub links: Vec<String>,
}

/// Elements whose text is never indexed.
const SKIPPED: &str = "\
    script, style, nav, header, footer, aside, noscript, template, svg, form, iframe, \
    textarea, select, button, math, object";

/// Links inside these are navigation, not the article's links.
const LINKS_SKIPPED: &str = "\
    nav a[href], header a[href], footer a[href], aside a[href], form a[href], \
    template a[href], noscript a[href]";

/// JSON-LD metadata, read for `datePublished`.
const JSON_LD: &str = r#"script[type="application/ld+json"]"#;

/// Elements that end a paragraph when they open and when they close.
const BLOCKS: &str = "\
    address article blockquote caption dd details dialog div dl dt fieldset figcaption \
    figure h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead tfoot tr \
    ul body center";

/// Tag names that make a text count as markup when sniffing (`<a `, `</p>`, `<br/>`).
const SNIFF_TAGS: &str = "\
    a abbr article aside b blockquote body br center cite code dd del div dl dt em embed \
    figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img \
    ins li link main meta nav noscript ol p picture pre q s script section small source span \
    strike strong style sub sup svg table tbody td th thead time title tr u ul video";

/// Sniffs `s` for markup: a whole page, real tags, entities, or none.
pub fn sniff(s: &str) -> Markup {
    if is_page(s) {
        Markup::Page
    } else if has_tags(s) {
        Markup::Tags
    } else if has_entities(s) {
        Markup::Entities
    } else {
        Markup::Plain
    }
}

/// True if `s` opens like an HTML document: `<!DOCTYPE html`, `<html`, or one of those after
/// an XML declaration or comments near the start.
pub fn is_page(s: &str) -> bool {
    let s = s.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n', '\x0c']).as_bytes();
    let starts = |p: &[u8]| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"<!doctype html") || starts(b"<html") {
        return true;
    }
    if starts(b"<?xml") || starts(b"<!--") {
        let head = &s[..s.len().min(4096)];
        return head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"));
    }
    false
}

/// True if `s` contains a real tag: `<name` or `</name` for a known HTML tag name, followed by
/// white space, `>` or `/`; or an HTML comment. `x < 3` and `a<b` are not tags.
pub fn has_tags(s: &str) -> bool {
    let b = s.as_bytes();
    memchr_iter(b, b'<').any(|i| {
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--") {
            return true;
        }
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let len = rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        let (name, after) = rest.split_at(len);
        let ends = matches!(after.first(), Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/'));
        ends && len <= 10 && SNIFF_TAGS.split(' ').any(|t| t.as_bytes().eq_ignore_ascii_case(name))
    })
}

/// True if `s` contains an entity html-escape decodes: `&amp;`, `&#8217;`, `&#x2019;`.
pub fn has_entities(s: &str) -> bool {
    let b = s.as_bytes();
    memchr_iter(b, b'&').any(|i| {
        let rest = &b[i + 1..];
        let len = rest.iter().take(32).take_while(|c| c.is_ascii_alphanumeric() || **c == b'#').count();
        if len == 0 || rest.get(len) != Some(&b';') {
            return false;
        }
        // `&` and `;` are ASCII, so these are char boundaries.
        let candidate = &s[i..i + len + 2];
        decode_entities(candidate) != candidate
    })
}

fn memchr_iter(b: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().filter(move |(_, c)| **c == needle).map(|(i, _)| i)
}

/// Decodes HTML entities (`&amp;` → `&`, `&#8217;` → `’`).
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    html_escape::decode_html_entities(s)
}

/// Reads a whole HTML page: block elements become paragraph breaks (`\n`), runs of white space
/// inside a paragraph collapse to one space, skipped elements (script, nav, header, footer,
/// aside...) contribute nothing, and boilerplate is kept out by [`super::boilerplate`] (main
/// content by paragraph scoring, class/id hints and link density).
pub fn page(html: &str) -> Extract {
    run(html, Mode::Page)
}

/// Strips inline markup from text that is otherwise plain: tags are dropped (their text kept),
/// entities decoded, white space and line breaks kept as written; `<br>` is a line break and
/// block elements start a new line. Link hrefs are collected.
pub fn inline(s: &str) -> Extract {
    run(s, Mode::Inline)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Page,
    Inline,
}

/// Where the current text node goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Node {
    #[default]
    Skip,
    Title,
    JsonLd,
    Body,
}

/// Text being assembled, paragraph by paragraph.
#[derive(Debug, Default)]
struct Out {
    s: String,
    space: bool,
}

impl Out {
    fn at_line_start(&self) -> bool {
        self.s.is_empty() || self.s.ends_with('\n')
    }

    /// Appends text as it is (inline mode), after a pending word separator.
    fn push_raw(&mut self, t: &str) {
        if std::mem::take(&mut self.space) && !t.starts_with(char::is_whitespace) {
            self.s.push(' ');
        }
        self.s.push_str(t);
    }

    /// A line break (`<br>` in inline mode): always a new line, even after another.
    fn line_break(&mut self) {
        self.space = false;
        self.s.push('\n');
    }

    /// Separates words (table cells) without ending the paragraph.
    fn separate(&mut self) {
        self.space = !self.at_line_start();
    }

    /// Ends the current paragraph, if any.
    fn paragraph(&mut self) {
        self.space = false;
        if !self.at_line_start() {
            self.s.push('\n');
        }
    }
}

#[derive(Debug, Default)]
struct State {
    mode: Mode,
    // Flags for the current text chunk, set by selector handlers that lol_html runs before
    // the document text handler.
    chunk_skip: bool,
    chunk_title: bool,
    chunk_json_ld: bool,
    // Flags for the current `<a>`, set by selector handlers that run before the `*` handler.
    link_skip: bool,
    /// Raw (undecoded) text of the current text node, which lol_html may split into chunks.
    pending: String,
    pending_node: Node,
    /// Inline mode: the text as written.
    body: Out,
    links: Vec<String>,
    /// Page mode: blocks and elements for the main-text extractor.
    page: Page,
    title: String,
    og_title: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site_name: Option<String>,
    published_meta: Option<String>,
    date_meta: Option<String>,
    date_json_ld: Option<String>,
    date_time: Option<String>,
}

impl State {
    fn inline(&self) -> bool {
        self.mode == Mode::Inline
    }

    fn text_chunk(&mut self, chunk: &TextChunk<'_>) {
        let (skip, title, json_ld) = (
            std::mem::take(&mut self.chunk_skip),
            std::mem::take(&mut self.chunk_title),
            std::mem::take(&mut self.chunk_json_ld),
        );
        self.pending_node = match chunk.text_type() {
            TextType::ScriptData if json_ld => Node::JsonLd,
            _ if skip => Node::Skip,
            TextType::RCData if title => Node::Title,
            TextType::Data => Node::Body,
            _ => Node::Skip,
        };
        self.pending.push_str(chunk.as_str());
        if chunk.last_in_text_node() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.pending);
        match self.pending_node {
            Node::Skip => {}
            Node::Title => {
                if self.title.trim().is_empty() {
                    self.title = decode_entities(&raw).into_owned();
                }
            }
            Node::JsonLd => {
                if self.date_json_ld.is_none() {
                    let value = serde_json::from_str::<serde_json::Value>(&raw).ok();
                    self.date_json_ld = value.as_ref().and_then(|v| date_published(v, 8));
                }
            }
            Node::Body => {
                let text = decode_entities(&raw);
                if self.inline() {
                    self.body.push_raw(&text);
                } else {
                    self.page.text(&text);
                }
            }
        }
    }

    fn paragraph(&mut self) {
        self.flush();
        if self.inline() {
            self.body.paragraph();
        } else {
            self.page.paragraph();
        }
    }

    fn element(&mut self, el: &mut Element<'_, '_>, shared: &Rc<RefCell<State>>) {
        self.flush();
        let link_skip = std::mem::take(&mut self.link_skip);
        let name = el.tag_name();
        let attr = |name: &str| {
            el.get_attribute(name).map(|v| decode_entities(v.trim()).into_owned()).filter(|v| !v.is_empty())
        };
        match name.as_str() {
            "a" if !link_skip => {
                if let Some(href) = attr("href") {
                    if self.inline() {
                        self.links.push(href);
                    } else {
                        self.page.link(href);
                    }
                }
            }
            "meta" => self.meta(attr("property").or_else(|| attr("name")), attr("itemprop"), attr("content")),
            "link" => {
                let canonical = attr("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical && self.canonical.is_none() {
                    self.canonical = attr("href");
                }
            }
            "time" if self.date_time.is_none() => self.date_time = attr("datetime"),
            "br" => {
                if self.inline() {
                    self.body.line_break();
                } else {
                    self.paragraph();
                }
            }
            "td" | "th" => {
                if self.inline() {
                    self.body.separate();
                } else {
                    self.page.separate();
                }
            }
            _ => {}
        }
        let block = BLOCKS.split(' ').any(|b| b == name);
        if block {
            self.paragraph();
        }
        if self.inline() {
            if let Some(handlers) = el.end_tag_handlers().filter(|_| block) {
                let shared = Rc::clone(shared);
                handlers.push(Box::new(move |_: &mut EndTag<'_>| {
                    if let Ok(mut st) = shared.try_borrow_mut() {
                        st.paragraph();
                    }
                    Ok(())
                }));
            }
            return;
        }
        // Page mode: every element with an end tag goes on the extractor's stack.
        let class_id = format!("{} {}", attr("class").unwrap_or_default(), attr("id").unwrap_or_default());
        let hidden = el.has_attribute("hidden")
            || attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || attr("style").is_some_and(|v| {
                let v = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                v.contains("display:none") || v.contains("visibility:hidden")
            });
        let hint = Hint::read(&class_id, attr("role").as_deref(), hidden);
        let Some(handlers) = el.end_tag_handlers() else { return };
        let id = self.page.open(&name, hint, block);
        let shared = Rc::clone(shared);
        handlers.push(Box::new(move |_: &mut EndTag<'_>| {
            if let Ok(mut st) = shared.try_borrow_mut() {
                if block {
                    st.paragraph();
                } else {
                    st.flush();
                }
                st.page.close(id);
            }
            Ok(())
        }));
    }

    fn meta(&mut self, key: Option<String>, itemprop: Option<String>, content: Option<String>) {
        let Some(content) = content else { return };
        let key = key.or(itemprop).unwrap_or_default().to_ascii_lowercase();
        let slot = match key.as_str() {
            "og:title" => &mut self.og_title,
            "og:url" => &mut self.og_url,
            "og:site_name" => &mut self.site_name,
            "article:published_time" | "og:published_time" => &mut self.published_meta,
            "date" | "pubdate" | "publishdate" | "publish-date" | "datepublished" | "dc.date"
            | "dc.date.issued" | "dcterms.date" | "dcterms.created" | "parsely-pub-date"
            | "sailthru.date" => &mut self.date_meta,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(content);
        }
    }
}

/// The first `datePublished` string in a JSON-LD value, searching `depth` levels down.
fn date_published(v: &serde_json::Value, depth: usize) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::Object(map) => match map.get("datePublished") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ if depth == 0 => None,
            _ => map.values().find_map(|v| date_published(v, depth - 1)),
        },
        Value::Array(items) if depth > 0 => items.iter().find_map(|v| date_published(v, depth - 1)),
        _ => None,
    }
}

/// Trims and collapses white space; `None` if nothing is left.
fn clean(s: Option<String>) -> Option<String> {
    let s = s?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn run(input: &str, mode: Mode) -> Extract {
    let state = Rc::new(RefCell::new(State { mode, ..State::default() }));
    // Each handler only sets or reads `State`; `try_borrow_mut` keeps a surprise re-entry
    // from panicking (it would only lose that one event).
    let set = |f: fn(&mut State)| {
        let state = &state;
        move || {
            if let Ok(mut st) = state.try_borrow_mut() {
                f(&mut st);
            }
            Ok(())
        }
    };
    let (skip, title) = (set(|s| s.chunk_skip = true), set(|s| s.chunk_title = true));
    let json_ld = set(|s| s.chunk_json_ld = true);
    let link_skip = set(|s| s.link_skip = true);
    let settings = Settings::new()
        .with_strict(false)
        // Order matters: lol_html runs handlers for one token in registration order, and the
        // selector handlers below only set flags that the later handlers consume.
        .append_element_content_handler(text!(SKIPPED, |_| skip()))
        .append_element_content_handler(text!("title", |_| title()))
        .append_element_content_handler(text!(JSON_LD, |_| json_ld()))
        .append_element_content_handler(element!(LINKS_SKIPPED, |_| link_skip()))
        .append_element_content_handler(element!("*", |el| {
            if let Ok(mut st) = state.try_borrow_mut() {
                st.element(el, &state);
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(|chunk| {
            if let Ok(mut st) = state.try_borrow_mut() {
                st.text_chunk(chunk);
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // A rewriting error (none is expected in non-strict mode) keeps what was read so far.
    let _ = rewriter.write(input.as_bytes()).and_then(|()| rewriter.end());
    let mut st = state.take();
    st.flush();
    let (mut text, links) = match mode {
        Mode::Page => std::mem::take(&mut st.page).finish(),
        Mode::Inline => (std::mem::take(&mut st.body.s), std::mem::take(&mut st.links)),
    };
    text.truncate(text.trim_end_matches('\n').len());
    let title = clean(st.og_title).or_else(|| clean(Some(st.title)));
    Extract {
        text,
        title,
        url: clean(st.canonical).or_else(|| clean(st.og_url)),
        site_name: clean(st.site_name),
        date: clean(st.published_meta)
            .or_else(|| clean(st.date_meta))
            .or_else(|| clean(st.date_json_ld))
            .or_else(|| clean(st.date_time)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff("Kane scored."), Markup::Plain);
        assert_eq!(sniff("3 < 4 and a<b; R&D; AT&T"), Markup::Plain);
        assert_eq!(sniff("England&#8217;s"), Markup::Entities);
        assert_eq!(sniff("Tom &amp; Jerry"), Markup::Entities);
        assert_eq!(sniff("<a href=\"x\">England</a>"), Markup::Tags);
        assert_eq!(sniff("line<br/>break"), Markup::Tags);
        assert_eq!(sniff("text <!-- note --> text"), Markup::Tags);
        assert_eq!(sniff("<P>upper case</P>"), Markup::Tags);
        assert_eq!(sniff("<blink>unknown tag</blink>"), Markup::Plain);
        assert_eq!(sniff("\u{feff}\n  <!DOCTYPE html><p>x"), Markup::Page);
        assert_eq!(sniff("<HTML><body>x"), Markup::Page);
        assert_eq!(sniff("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"), Markup::Page);
        assert_eq!(sniff("<p>Para</p>"), Markup::Tags);
    }

    #[test]
    fn page_skips_non_content_elements() {
        for tag in ["script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg"] {
            let html = format!(
                "<html><body><p>Kept</p><{tag}>Dropped &amp; gone</{tag}><p>Also kept</p></body></html>"
            );
            assert_eq!(page(&html).text, "Kept\nAlso kept", "{tag}");
        }
        for html in [
            "<html><body><p>Kept</p><form><p>Dropped</p><input value=x></form><p>Also kept</p></body></html>",
            "<html><body><p>Kept</p><iframe src=x>Dropped</iframe><p>Also kept</p></body></html>",
        ] {
            assert_eq!(page(html).text, "Kept\nAlso kept", "{html}");
        }
    }

    #[test]
    fn page_prefers_article_text_and_links() {
        let html = "<html><body><div>Teaser <a href=\"https://t.co/1\">t</a></div>\
                    <article><p>Story <a href=\"https://bbc.co.uk/1\">one</a></p><nav><a href=\"https://t.co/2\">n</a></nav></article>\
                    <p>After</p></body></html>";
        let e = page(html);
        assert_eq!(e.text, "Story one");
        assert_eq!(e.links, ["https://bbc.co.uk/1"]);
        let no_article = page("<html><body><p>A <a href=\"https://t.co/1\">t</a></p><nav><a href=\"/n\">n</a></nav></body></html>");
        assert_eq!(
            (no_article.text.as_str(), no_article.links.as_slice()),
            ("A t", ["https://t.co/1".to_string()].as_slice())
        );
    }

    #[test]
    fn page_collapses_white_space_and_breaks_blocks() {
        let e = page("<html><body>  <h1> Kane\n\n  misses </h1><p>One<br>Two</p>Loose <b>bold</b>\t text<ul><li>a</li><li>b</li></ul></body></html>");
        assert_eq!(e.text, "Kane misses\nOne\nTwo\nLoose bold text\na\nb");
    }

    #[test]
    fn page_metadata_fallbacks() {
        let e = page(
            "<html><head><title> Only &amp; title </title>\
                      <meta name=\"pubdate\" content=\"2022-12-10\">\
                      <meta property=\"og:url\" content=\"https://www.espn.com/x?a=1&amp;b=2\"></head>\
                      <body><time datetime=\"2020-01-01\">old</time></body></html>",
        );
        assert_eq!(e.title.as_deref(), Some("Only & title"));
        assert_eq!(e.date.as_deref(), Some("2022-12-10"));
        assert_eq!(e.url.as_deref(), Some("https://www.espn.com/x?a=1&b=2"));
        assert_eq!(e.site_name, None);
    }

    #[test]
    fn inline_keeps_line_structure() {
        let e = inline("Kane <a href=\"https://www.thenationalnews.com/x\">missed</a>.\n\nSouthgate&#8217;s side<br>lost.");
        assert_eq!(e.text, "Kane missed.\n\nSouthgate\u{2019}s side\nlost.");
        assert_eq!(e.links, ["https://www.thenationalnews.com/x"]);
        assert_eq!(inline("a <style>p{}</style><script>x<y</script>b").text, "a b");
        assert_eq!(inline("<table><tr><td>1</td><td>2</td></tr></table>").text, "1 2");
    }
}
