//! RSS 2.0 / RSS 1.0 and Atom feeds (`.rss`, `.atom`, `.xml`, or sniffed by their root
//! element), parsed with feed-rs. Each item is an article: its title; its first link as url;
//! its published (else updated) date; as body `content:encoded` / Atom `content`, else the
//! summary or description, through the same markup path as any other text (inline HTML is
//! stripped, a whole page is read as a page); as outlet the feed's title (else the outlet
//! rules find one from the link's domain). Ids: the item's guid/id, else its link, else
//! `rel#N` (N counting items from 0); sources are `path#N`. Dates are parsed by [`dates`] (the
//! parser every input shares, handed to feed-rs), and the article keeps its date as the feed
//! wrote it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::article::{build, skipped, Draft, Origin};
use super::{dates, Item};
use feed_rs::model::Entry;
use feed_rs::parser;

/// The date strings of one feed as written, by the instant they parse to.
type Written = Arc<Mutex<HashMap<jiff::Timestamp, String>>>;

/// Reads a whole feed document (already capped at the per-document size by the caller).
pub(super) fn read_feed(bytes: &[u8], origin: &Origin<'_>, emit: &mut dyn FnMut(Item)) {
    // Items without a guid/id get an empty id here, so that the fallbacks below (link, then
    // position) apply rather than feed-rs's generated hash.
    let written: Written = Arc::default();
    let seen = Arc::clone(&written);
    let parser = parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |text| {
            let text = text.trim();
            let ts = dates::parse(text)?;
            if let Ok(mut seen) = seen.lock() {
                seen.entry(ts).or_insert_with(|| text.to_string());
            }
            ts.to_string().parse().ok()
        })
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            return emit(skipped(origin.source.clone(), format!("not a readable RSS or Atom feed: {e}")))
        }
    };
    if feed.entries.is_empty() {
        return emit(skipped(origin.source.clone(), "feed has no items".to_string()));
    }
    let outlet = feed.title.map(|t| t.content).filter(|t| !t.trim().is_empty());
    let written = written.lock().map(|w| w.clone()).unwrap_or_default();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        emit(entry_item(entry, i, outlet.clone(), &written, origin));
    }
}

fn entry_item(
    entry: Entry,
    i: usize,
    outlet: Option<String>,
    written: &HashMap<jiff::Timestamp, String>,
    origin: &Origin<'_>,
) -> Item {
    let source = format!("{}#{i}", origin.source);
    let link = entry.links.first().map(|l| l.href.trim().to_string()).filter(|l| !l.is_empty());
    let id = Some(entry.id.trim().to_string())
        .filter(|id| !id.is_empty())
        .or_else(|| link.clone())
        .unwrap_or_else(|| format!("{}#{i}", origin.rel));
    let content = entry.content.and_then(|c| c.body).filter(|b| !b.trim().is_empty());
    let summary = entry.summary.map(|s| s.content).filter(|s| !s.trim().is_empty());
    let Some(body) = content.or(summary) else {
        return skipped(source, "feed item has no content or summary".to_string());
    };
    // The date as written (the string that parsed to this instant), else as feed-rs renders it.
    let date = entry.published.or(entry.updated).map(|d| {
        jiff::Timestamp::new(d.timestamp(), d.timestamp_subsec_nanos() as i32)
            .ok()
            .and_then(|ts| written.get(&ts).cloned())
            .unwrap_or_else(|| d.to_rfc3339())
    });
    let draft = Draft {
        id,
        source,
        body: &body,
        page: false,
        outlet,
        title: entry.title.map(|t| t.content),
        url: link,
        date,
        fallback_date: None,
    };
    build(draft, origin.table)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{article, read_bytes, skip};
    use super::super::OutletSource;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Touchline Daily</title>
  <link>https://touchline.example/</link>
  <description>Football news</description>
  <item>
    <title>Harbour City win late on</title>
    <link>https://touchline.example/harbour-city-win</link>
    <guid isPermaLink="false">tl-1001</guid>
    <pubDate>Sat, 08 Nov 2025 17:45:00 +0000</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Harbour City beat Millbrook 2-1 with a <a href="https://touchline.example/varga">late goal</a>.</p><p>Calloway praised her side&#8217;s nerve.</p>]]></content:encoded>
  </item>
  <item>
    <title>Eastvale keeper injured</title>
    <link>https://touchline.example/eastvale-keeper</link>
    <pubDate>not a date at all</pubDate>
    <description>Eastvale are waiting on scans for their goalkeeper.</description>
  </item>
  <item>
    <title>No link, no guid</title>
    <description>&lt;b&gt;Stanton&lt;/b&gt; reach the final.</description>
  </item>
  <item>
    <title>Nothing to read</title>
    <guid>tl-1004</guid>
  </item>
</channel>
</rss>"#;

    #[test]
    fn rss_items_become_articles() {
        let items = read_bytes("touchline.rss", RSS.as_bytes());
        assert_eq!(items.len(), 4, "{items:?}");
        let a = article(&items[0]);
        assert_eq!(a.id, "tl-1001");
        assert!(a.source.ends_with("touchline.rss#0"), "{}", a.source);
        assert_eq!(a.title.as_deref(), Some("Harbour City win late on"));
        assert_eq!(a.url.as_deref(), Some("https://touchline.example/harbour-city-win"));
        // content:encoded wins over the description; its HTML goes through the markup path.
        assert_eq!(
            a.text,
            "Harbour City beat Millbrook 2-1 with a late goal.\nCalloway praised her side\u{2019}s nerve."
        );
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("Touchline Daily"), OutletSource::Metadata));
        assert_eq!(a.published.map(|t| t.to_string()).as_deref(), Some("2025-11-08T17:45:00Z"));
        // The date as the feed wrote it, as well as parsed.
        assert_eq!(a.date.as_deref(), Some("Sat, 08 Nov 2025 17:45:00 +0000"));
        // No guid: the link is the id; a date feed-rs cannot read leaves no date.
        let b = article(&items[1]);
        assert_eq!(b.id, "https://touchline.example/eastvale-keeper");
        assert_eq!(b.text, "Eastvale are waiting on scans for their goalkeeper.");
        assert_eq!((b.date.as_deref(), b.published), (None, None));
        // Neither guid nor link: the position.
        let c = article(&items[2]);
        assert_eq!(c.id, "touchline.rss#2");
        assert_eq!(c.text, "Stanton reach the final.");
        let d = skip(&items[3]);
        assert!(d.source.ends_with("touchline.rss#3"), "{d:?}");
        assert_eq!(d.reason, "feed item has no content or summary");
    }

    #[test]
    fn atom_feed_sniffed_by_content() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Stanton Women FC</title>
  <id>urn:uuid:feed-1</id>
  <updated>2025-11-02T10:00:00Z</updated>
  <entry>
    <title>Into the final</title>
    <id>urn:uuid:entry-1</id>
    <link rel="alternate" href="https://stanton.example/news/final"/>
    <updated>2025-11-02T09:30:00+01:00</updated>
    <content type="html">&lt;p&gt;Mensah scored the decisive penalty.&lt;/p&gt;</content>
  </entry>
</feed>"#;
        // No telling extension: found by the root element.
        let items = read_bytes("download", atom.as_bytes());
        let a = article(&items[0]);
        assert_eq!(a.id, "urn:uuid:entry-1");
        assert_eq!(a.text, "Mensah scored the decisive penalty.");
        assert_eq!(a.outlet.as_deref(), Some("Stanton Women FC"));
        assert_eq!(a.url.as_deref(), Some("https://stanton.example/news/final"));
        assert_eq!(a.published.map(|t| t.to_string()).as_deref(), Some("2025-11-02T08:30:00Z"));
        assert_eq!(a.date.as_deref(), Some("2025-11-02T09:30:00+01:00"));
    }

    #[test]
    fn feed_without_title_uses_the_outlet_rules_on_the_link() {
        let rss = r#"<rss version="2.0"><channel><link>https://www.bbc.co.uk/sport</link><description>d</description>
            <item><link>https://www.bbc.co.uk/sport/football/1</link><description>Kane scored.</description></item></channel></rss>"#;
        let a = article(&read_bytes("bbc.xml", rss.as_bytes())[0]).clone();
        assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("BBC"), OutletSource::UrlDomain));
    }

    #[test]
    fn broken_and_empty_feeds_are_skipped() {
        let s = skip(&read_bytes("bad.xml", b"<rss><channel><item><title>cut off")[0]).clone();
        assert!(s.reason.starts_with("not a readable RSS or Atom feed"), "{s:?}");
        let s = skip(&read_bytes("notes.xml", b"<notes><note>x</note></notes>")[0]).clone();
        assert!(s.reason.starts_with("not a readable RSS or Atom feed"), "{s:?}");
        let empty = r#"<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><description>d</description></channel></rss>"#;
        assert_eq!(skip(&read_bytes("empty.rss", empty.as_bytes())[0]).reason, "feed has no items");
    }
}
