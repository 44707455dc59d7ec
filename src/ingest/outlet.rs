//! Outlet attribution: the outlet table (built-in `outlets.txt` plus user files) and the rules
//! that decide which outlet published an article, in order: record metadata, a wire dateline,
//! `og:site_name`, the article URL's domain, the dominant domain of the article's links.

use anyhow::{bail, Context};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Which rule attributed an article to its outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletSource {
    /// The record's own `outlet` field.
    Metadata,
    /// A wire dateline such as `LONDON (Reuters) -` at the start of the text.
    Dateline,
    /// The page's `og:site_name`.
    SiteName,
    /// The domain of the article's own URL (record `url`, canonical URL or `og:url`).
    UrlDomain,
    /// The domain most of the article's links point to.
    LinkDomain,
    /// No rule fired.
    Unknown,
}

impl OutletSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Metadata => "metadata",
            Self::Dateline => "dateline",
            Self::SiteName => "site_name",
            Self::UrlDomain => "url_domain",
            Self::LinkDomain => "link_domain",
            Self::Unknown => "unknown",
        }
    }
}

/// Dateline codes (`AFP`, `Reuters`) and domains (`bbc.co.uk`) mapped to outlet names.
#[derive(Debug, Clone, Default)]
pub struct OutletTable {
    codes: HashMap<String, String>,
    domains: HashMap<String, String>,
}

/// What an article offers for attribution; every field but `text` may be missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clues<'a> {
    /// The record's own outlet field.
    pub metadata: Option<&'a str>,
    /// The article's final text (its first paragraph is searched for a dateline).
    pub text: &'a str,
    pub site_name: Option<&'a str>,
    /// The article's own URL.
    pub url: Option<&'a str>,
    /// Hrefs of the links in the article.
    pub links: &'a [String],
}

/// Dashes that may follow a dateline's code: hyphen, hyphen, en, em, bar, minus.
const DASHES: [char; 6] = ['-', '\u{2010}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}'];

/// How many words of place name may precede a dateline code that has no dash after it.
const MAX_PLACE_WORDS: usize = 4;

/// How far into the first paragraph a dateline's `(` may start, in characters.
const DATELINE_WINDOW: usize = 150;

impl OutletTable {
    /// The table shipped in `outlets.txt`.
    pub fn builtin() -> Self {
        let mut table = Self::default();
        // The built-in file is checked by a unit test, so this cannot fail at run time.
        table
            .parse(include_str!("outlets.txt"), "outlets.txt (built-in)")
            .expect("built-in outlets.txt is well-formed");
        table
    }

    /// Adds (or overrides) entries from a user file in the `outlets.txt` format.
    pub fn load_file(&mut self, path: &Path) -> anyhow::Result<()> {
        let src = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read outlet table {}", path.display()))?;
        self.parse(&src, &path.display().to_string())
    }

    /// Adds entries from `src`; `origin` names it in errors (`origin:LINE: ...`).
    /// Either every line is applied or, on error, none is.
    pub fn parse(&mut self, src: &str, origin: &str) -> anyhow::Result<()> {
        let mut entries = Vec::new();
        for (n, line) in src.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let Some((key, name)) = line.split_once('=') else {
                bail!("{origin}:{}: expected `key = Outlet Name`", n + 1);
            };
            let (key, name) = (key.trim(), name.trim());
            if key.is_empty() || name.is_empty() {
                bail!("{origin}:{}: expected `key = Outlet Name`", n + 1);
            }
            let domain = key.contains('.');
            if domain && key.contains(char::is_whitespace) {
                bail!("{origin}:{}: domain `{key}` contains white space", n + 1);
            }
            entries.push((domain, key, name));
        }
        for (domain, key, name) in entries {
            if domain {
                let key = key.to_ascii_lowercase();
                let key = key.strip_prefix("www.").unwrap_or(&key);
                self.domains.insert(key.to_string(), name.to_string());
            } else {
                self.codes.insert(key.to_string(), name.to_string());
            }
        }
        Ok(())
    }

    /// Number of codes and domains in the table.
    pub fn len(&self) -> usize {
        self.codes.len() + self.domains.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The outlet for a dateline code, matched exactly (`AFP`, `Reuters`).
    pub fn for_code(&self, code: &str) -> Option<&str> {
        self.codes.get(code).map(String::as_str)
    }

    /// The outlet for a host, trying the host and then its parent domains
    /// (`sport.bbc.co.uk`, `bbc.co.uk`, `co.uk`). `www.` and case are ignored.
    pub fn for_host(&self, host: &str) -> Option<&str> {
        let host = host.to_ascii_lowercase();
        let mut h = host.strip_prefix("www.").unwrap_or(&host);
        loop {
            if let Some(name) = self.domains.get(h) {
                return Some(name);
            }
            match h.split_once('.') {
                Some((_, parent)) if parent.contains('.') => h = parent,
                _ => return None,
            }
        }
    }

    /// The outlet named by a dateline at the start of `text`: a parenthesised code from the
    /// table, opening within the first ~150 characters of the first paragraph and followed
    /// by a dash (`Al Khor (Qatar) (AFP) -`, `(AP) —`, `WASHINGTON (CNN) --`). CNN's dash-less
    /// form (`Washington (CNN) The...`) counts only after at most four words of place name.
    pub fn dateline(&self, text: &str) -> Option<&str> {
        let first = text.lines().find(|l| !l.trim().is_empty())?;
        let window = first.char_indices().nth(DATELINE_WINDOW).map_or(first.len(), |(i, _)| i);
        for (open, _) in first[..window].match_indices('(') {
            let rest = &first[open + 1..];
            let Some(close) = rest.find([')', '(']) else {
                break;
            };
            if !rest[close..].starts_with(')') {
                continue;
            }
            let Some(name) = self.for_code(rest[..close].trim()) else {
                continue;
            };
            let after = rest[close + 1..].trim_start();
            if after.starts_with(DASHES) {
                return Some(name);
            }
            // Without a dash (`Washington (CNN) The Supreme Court...`, `(CNN)The`) only right
            // after a short place name, and only before a capital or an opening quote.
            let short_place = first[..open].split_whitespace().count() <= MAX_PLACE_WORDS;
            if short_place
                && after.starts_with(|c: char| c.is_uppercase() || "\"\u{201c}\u{2018}".contains(c))
            {
                return Some(name);
            }
        }
        None
    }

    /// The outlet most of `links` point to: the most common link domain, if it is in the table
    /// and accounts for at least half of the links with a domain.
    pub fn link_outlet(&self, links: &[String]) -> Option<&str> {
        let mut counts: HashMap<(Option<&str>, String), usize> = HashMap::new();
        let mut total = 0;
        for host in links.iter().filter_map(|l| host_of(l)) {
            total += 1;
            // Group by outlet where known, so bbc.com and bbc.co.uk links count together.
            let key = match self.for_host(&host) {
                Some(name) => (Some(name), String::new()),
                None => (None, host),
            };
            *counts.entry(key).or_default() += 1;
        }
        let ((name, _), count) = counts
            .into_iter()
            // Most links first; on a tie, an outlet from the table, then the smaller key.
            .max_by(|(ka, a), (kb, b)| {
                a.cmp(b).then(ka.0.is_some().cmp(&kb.0.is_some())).then_with(|| kb.cmp(ka))
            })?;
        name.filter(|_| count * 2 >= total)
    }

    /// The name an outlet is shown and filtered by for `host`: the table's name for the host
    /// or a parent domain (`edition.cnn.com` → CNN), else its registrable domain
    /// (`news.example.co.uk` → `example.co.uk`, never `www.`).
    pub fn name_for_host(&self, host: &str) -> String {
        self.for_host(host).map_or_else(|| registrable(host), str::to_string)
    }

    /// An outlet name as a record gives it: a domain (`dailymail.co.uk`, `www.cnn.com`) goes
    /// through [`Self::name_for_host`]; any other name is kept (white space collapsed).
    pub fn resolve_name(&self, name: &str) -> Option<String> {
        let name = non_empty(name)?;
        Some(if looks_like_domain(&name) { self.name_for_host(&name) } else { name })
    }

    /// Applies the attribution rules in order; returns the outlet and the rule that fired.
    pub fn attribute(&self, clues: &Clues<'_>) -> (Option<String>, OutletSource) {
        if let Some(name) = clues.metadata.and_then(|m| self.resolve_name(m)) {
            return (Some(name), OutletSource::Metadata);
        }
        if let Some(name) = self.dateline(clues.text) {
            return (Some(name.to_string()), OutletSource::Dateline);
        }
        if let Some(name) = clues.site_name.and_then(non_empty) {
            return (Some(name), OutletSource::SiteName);
        }
        if let Some(host) = clues.url.and_then(host_of) {
            return (Some(self.name_for_host(&host)), OutletSource::UrlDomain);
        }
        if let Some(name) = self.link_outlet(clues.links) {
            return (Some(name.to_string()), OutletSource::LinkDomain);
        }
        (None, OutletSource::Unknown)
    }
}

/// The registrable domain of a host by the public-suffix list built into the `psl` crate
/// (`edition.cnn.com` → `cnn.com`, `sport.bbc.co.uk` → `bbc.co.uk`), lower-cased; the host
/// without `www.` when the list gives none.
pub fn registrable(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    psl::domain_str(host).unwrap_or(host).to_string()
}

/// A name written as a bare domain: one word of letters, digits, `-` and dots, with a dot, and
/// a last label of letters (`dailymail.co.uk`, `www.CNN.com`; not `5.5` or `Mr. Kane`).
pub fn looks_like_domain(name: &str) -> bool {
    let name = name.trim().trim_end_matches('.');
    let valid = name.contains('.')
        && !name.starts_with('.')
        && !name.contains("..")
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    valid && name.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// Trims and collapses white space; `None` if nothing is left.
fn non_empty(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// The lower-cased host of an absolute URL (`scheme://host/...`, `//host/...` or
/// `www.host/...`), without `www.`, port or user info. Relative URLs have none.
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some((scheme, rest)) = url.split_once("://") {
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !scheme_ok {
            return None;
        }
        rest
    } else if let Some(rest) = url.strip_prefix("//") {
        rest
    } else if url.len() > 4 && url[..4].eq_ignore_ascii_case("www.") {
        url
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default().trim_end_matches('.');
    let valid = host.contains('.')
        && !host.starts_with('.')
        && !host.contains("..")
        && host.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if !valid {
        return None;
    }
    let host = host.to_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(table: &OutletTable, clues: Clues<'_>) -> (Option<String>, &'static str) {
        let (name, source) = table.attribute(&clues);
        (name, source.as_str())
    }

    fn text_only(text: &str) -> Clues<'_> {
        Clues { text, ..Clues::default() }
    }

    #[test]
    fn builtin_table_parses_and_has_agencies_and_domains() {
        let t = OutletTable::builtin();
        assert!(t.len() > 150, "{}", t.len());
        for code in ["AFP", "Reuters", "AP", "PA", "dpa", "EFE", "ANSA", "UPI", "Xinhua", "CNN"] {
            assert!(t.for_code(code).is_some(), "{code}");
        }
        for (host, name) in [
            ("bbc.co.uk", "BBC"),
            ("www.bbc.com", "BBC"),
            ("theguardian.com", "The Guardian"),
            ("thenationalnews.com", "The National"),
            ("espn.com", "ESPN"),
            ("skysports.com", "Sky Sports"),
            ("reuters.com", "Reuters"),
            ("apnews.com", "AP"),
            ("nytimes.com", "The New York Times"),
            ("foxnews.com", "Fox News"),
            ("edition.cnn.com", "CNN"),
            ("washingtonpost.com", "The Washington Post"),
        ] {
            assert_eq!(t.for_host(host), Some(name), "{host}");
        }
        // Codes are case-sensitive; domains are not.
        assert_eq!(t.for_code("afp"), None);
        assert_eq!(t.for_host("WWW.BBC.CO.UK"), Some("BBC"));
    }

    #[test]
    fn dateline_forms() {
        let t = OutletTable::builtin();
        for (text, name) in [
            ("Al Khor (Qatar) (AFP) - Jordan Henderson said", "AFP"),
            ("LONDON (Reuters) - Harry Kane missed", "Reuters"),
            ("LONDON, Dec 10 (Reuters)-Harry Kane missed", "Reuters"),
            ("(AP) — England's World Cup ended", "AP"),
            ("AL KHOR, Qatar (AP) \u{2014} England's World Cup ended", "AP"),
            ("WASHINGTON (CNN) -- The president said", "CNN"),
            ("Washington (CNN)The president said", "CNN"),
            ("Washington (CNN) The Supreme Court appeared divided", "CNN"),
            ("ST. PAUL, Minn. (AP) Minnesota's governor", "AP"),
            ("(CNN)\u{201c}We will win,\u{201d} he said", "CNN"),
            ("\n\n  BERLIN (dpa) \u{2013} Bayern won", "dpa"),
        ] {
            assert_eq!(t.dateline(text), Some(name), "{text}");
            assert_eq!(attribute(&t, text_only(text)), (Some(name.to_string()), "dateline"));
        }
    }

    #[test]
    fn dateline_rejects_non_datelines() {
        let t = OutletTable::builtin();
        for text in [
            "Kane (AFP) scored twice", // no dash after the code
            "Kane (AFP)scored twice",  // glued, but not to a capital
            "Photo of the England captain at the stadium (AFP) Kane missed", // no short place
            "LONDON (afp) - lower case is not the code", // codes are case-sensitive
            "Al Khor (Qatar) - a country, not an outlet",
            "Kane missed.\nLONDON (Reuters) - second paragraph does not count",
            "Jordan Henderson with Harry Kane after England's defeat to France. Getty",
        ] {
            assert_eq!(t.dateline(text), None, "{text}");
        }
        let late = format!("{} (Reuters) - too late", "word ".repeat(40));
        assert_eq!(t.dateline(&late), None);
    }

    #[test]
    fn rules_fire_in_order() {
        let t = OutletTable::builtin();
        let links = vec!["https://www.thenationalnews.com/tags/france/".to_string()];
        let all = Clues {
            metadata: Some("  BBC   Sport "),
            text: "LONDON (Reuters) - text",
            site_name: Some("Sky Sports"),
            url: Some("https://www.espn.com/soccer/story"),
            links: &links,
        };
        assert_eq!(attribute(&t, all), (Some("BBC Sport".into()), "metadata"));
        let no_meta = Clues { metadata: Some("  "), ..all };
        assert_eq!(attribute(&t, no_meta), (Some("Reuters".into()), "dateline"));
        let no_dateline = Clues { text: "Kane missed.", ..no_meta };
        assert_eq!(attribute(&t, no_dateline), (Some("Sky Sports".into()), "site_name"));
        let no_site = Clues { site_name: None, ..no_dateline };
        assert_eq!(attribute(&t, no_site), (Some("ESPN".into()), "url_domain"));
        let no_url = Clues { url: Some("/relative/path"), ..no_site };
        assert_eq!(attribute(&t, no_url), (Some("The National".into()), "link_domain"));
        let nothing = Clues { links: &[], ..no_url };
        assert_eq!(attribute(&t, nothing), (None, "unknown"));
    }

    #[test]
    fn url_domain_matches_subdomains_and_falls_back_to_the_domain() {
        let t = OutletTable::builtin();
        let outlet = |url| attribute(&t, Clues { url: Some(url), ..text_only("x") });
        assert_eq!(outlet("http://sport.bbc.co.uk/football/123"), (Some("BBC".into()), "url_domain"));
        assert_eq!(outlet("https://user@WWW.Reuters.com:443/x?y#z"), (Some("Reuters".into()), "url_domain"));
        assert_eq!(
            outlet("http://africa.chinadaily.com.cn/world/x.htm"),
            (Some("China Daily".into()), "url_domain")
        );
        assert_eq!(
            outlet("https://www.smalltownpaper.example/story"),
            (Some("smalltownpaper.example".into()), "url_domain")
        );
        assert_eq!(outlet("mailto:desk@bbc.co.uk"), (None, "unknown"));
    }

    #[test]
    fn domains_resolve_by_registrable_domain_and_metadata_domains_through_the_table() {
        let t = OutletTable::builtin();
        for host in ["edition.cnn.com", "money.cnn.com", "www.cnn.com", "CNN.com"] {
            assert_eq!(t.name_for_host(host), "CNN", "{host}");
        }
        assert_eq!(t.name_for_host("www.smalltownpaper.example"), "smalltownpaper.example");
        assert_eq!(t.name_for_host("news.smalltown.co.uk"), "smalltown.co.uk");
        assert_eq!(t.name_for_host("www.unknown-paper.com"), "unknown-paper.com");
        assert_eq!(t.name_for_host("alice.blogspot.com"), "alice.blogspot.com", "a private suffix");
        let meta = |m| attribute(&t, Clues { metadata: Some(m), ..text_only("x") });
        assert_eq!(meta("dailymail.co.uk"), (Some("Daily Mail".into()), "metadata"));
        assert_eq!(meta("www.dailymail.co.uk"), (Some("Daily Mail".into()), "metadata"));
        assert_eq!(meta("edition.cnn.com"), (Some("CNN".into()), "metadata"));
        assert_eq!(meta("www.local-gazette.com"), (Some("local-gazette.com".into()), "metadata"));
        assert_eq!(meta("Daily Mail"), (Some("Daily Mail".into()), "metadata"));
        for not_domain in ["Mr. Kane", "5.5", "BBC Sport", "The Times."] {
            assert!(!looks_like_domain(not_domain), "{not_domain}");
        }
        let url = |u| attribute(&t, Clues { url: Some(u), ..text_only("x") });
        assert_eq!(url("https://money.cnn.com/2022/x"), (Some("CNN".into()), "url_domain"));
        assert_eq!(
            url("https://sport.unknown-paper.com/x"),
            (Some("unknown-paper.com".into()), "url_domain")
        );
    }

    #[test]
    fn host_of_handles_odd_urls() {
        assert_eq!(host_of("//cdn.bbc.co.uk/x").as_deref(), Some("cdn.bbc.co.uk"));
        assert_eq!(host_of("www.guardian.co.uk/sport").as_deref(), Some("guardian.co.uk"));
        assert_eq!(host_of("https://localhost/x"), None);
        assert_eq!(host_of("javascript:void(0)"), None);
        assert_eq!(host_of("story.html"), None);
        assert_eq!(host_of("https://[::1]/x"), None);
        assert_eq!(host_of(""), None);
    }

    #[test]
    fn link_domain_needs_a_known_majority() {
        let t = OutletTable::builtin();
        let links = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let half = links(&["https://www.bbc.co.uk/a", "https://twitter.com/x"]);
        assert_eq!(t.link_outlet(&half), Some("BBC"));
        let minority = links(&["https://bbc.com/a", "https://t.co/1", "https://t.co/2"]);
        assert_eq!(t.link_outlet(&minority), None);
        // bbc.com and bbc.co.uk count as one outlet.
        let grouped = links(&["https://bbc.com/a", "https://bbc.co.uk/b", "https://t.co/1"]);
        assert_eq!(t.link_outlet(&grouped), Some("BBC"));
        let unknown = links(&["https://t.co/1", "https://t.co/2"]);
        assert_eq!(t.link_outlet(&unknown), None);
        assert_eq!(t.link_outlet(&links(&["/relative", "#top"])), None);
    }

    #[test]
    fn user_table_extends_and_overrides() {
        let mut t = OutletTable::builtin();
        t.parse(
            "# local additions\n\nSID = Sport-Informations-Dienst\nwww.Example-Paper.com = Example Paper # inline comment\nbbc.co.uk = BBC Sport\n",
            "mine.txt",
        )
        .unwrap();
        assert_eq!(t.for_code("SID"), Some("Sport-Informations-Dienst"));
        assert_eq!(t.for_host("news.example-paper.com"), Some("Example Paper"));
        assert_eq!(t.for_host("bbc.co.uk"), Some("BBC Sport"));
        assert_eq!(t.for_host("bbc.com"), Some("BBC"));
    }

    #[test]
    fn malformed_table_line_names_file_and_line_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outlets.txt");
        std::fs::write(&path, "# mine\nAFP = Agence France-Presse\n\n\n\n\nthis line has no equals sign\n")
            .unwrap();
        let mut t = OutletTable::builtin();
        let err = t.load_file(&path).unwrap_err().to_string();
        assert!(err.ends_with("outlets.txt:7: expected `key = Outlet Name`"), "{err}");
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert_eq!(t.for_code("AFP"), Some("AFP"), "a failed file must not be half-applied");
        for bad in ["= Name", "key =", "bad domain.com = X"] {
            let err = t.parse(bad, "x.txt").unwrap_err().to_string();
            assert!(err.starts_with("x.txt:1: "), "{err}");
        }
        let missing = t.load_file(&dir.path().join("nope.txt")).unwrap_err();
        assert!(format!("{missing:#}").contains("nope.txt"), "{missing:#}");
    }

    #[test]
    fn outlet_source_names() {
        assert_eq!(OutletSource::SiteName.as_str(), "site_name");
        let json = serde_json::to_string(&OutletSource::UrlDomain).unwrap();
        assert_eq!(json, "\"url_domain\"");
        let back: OutletSource = serde_json::from_str("\"link_domain\"").unwrap();
        assert_eq!(back, OutletSource::LinkDomain);
    }
}
