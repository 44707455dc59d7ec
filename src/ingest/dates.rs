//! Dates as dates: every date string an input offers (a JSON `date`, an HTML page's
//! `article:published_time` or `<time datetime>`, a feed item's date, a WARC record's
//! `WARC-Date`) parsed with jiff into a [`Timestamp`]. Accepted: RFC 3339 / ISO 8601 with an
//! offset; an ISO date-time or date without one (read as UTC); RFC 2822 (`Sat, 10 Dec 2022
//! 21:45:00 +0000`, as RSS writes it); and the written forms `December 10, 2022`,
//! `Dec 10 2022`, `10 December 2022` (optionally after a weekday). Anything else is `None`,
//! never an error: the article keeps its date string as written.

use jiff::civil::{Date, DateTime};
use jiff::fmt::{rfc2822, strtime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Written forms tried with jiff's strptime, after any leading weekday is dropped.
const WRITTEN: [&str; 9] = [
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %b %Y",
    "%b. %d, %Y",
    "%d. %B %Y",
];

/// Longest date string worth trying (longer strings are not dates).
const MAX_LEN: usize = 64;

/// Parses a date as written in a source; `None` if it is in no form we know.
pub fn parse(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_LEN {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        return TimeZone::UTC.to_timestamp(dt).ok();
    }
    if let Ok(date) = s.parse::<Date>() {
        return TimeZone::UTC.to_timestamp(DateTime::from(date)).ok();
    }
    if let Ok(ts) = rfc2822::DateTimeParser::new().parse_timestamp(s) {
        return Some(ts);
    }
    let written = drop_weekday(s);
    WRITTEN.iter().find_map(|format| {
        let date = strtime::parse(format, written).ok()?.to_date().ok()?;
        TimeZone::UTC.to_timestamp(DateTime::from(date)).ok()
    })
}

/// `Saturday, December 10, 2022` → `December 10, 2022`.
fn drop_weekday(s: &str) -> &str {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    match s.split_once([',', ' ']) {
        Some((first, rest))
            if first.len() >= 3 && DAYS.iter().any(|d| first[..3].eq_ignore_ascii_case(d)) =>
        {
            rest.trim_start_matches([',', ' '])
        }
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Option<String> {
        parse(s).map(|t| t.to_string())
    }

    #[test]
    fn rfc3339_and_iso_forms() {
        assert_eq!(ts("2022-12-10T21:45:00Z").as_deref(), Some("2022-12-10T21:45:00Z"));
        assert_eq!(ts("2022-12-10T22:45:00+01:00").as_deref(), Some("2022-12-10T21:45:00Z"));
        assert_eq!(ts(" 2022-12-10T21:45:00.250Z ").as_deref(), Some("2022-12-10T21:45:00.25Z"));
        // No offset: read as UTC.
        assert_eq!(ts("2022-12-10T21:45:00").as_deref(), Some("2022-12-10T21:45:00Z"));
        assert_eq!(ts("2022-12-10").as_deref(), Some("2022-12-10T00:00:00Z"));
    }

    #[test]
    fn rfc2822_as_rss_writes_it() {
        assert_eq!(ts("Sat, 10 Dec 2022 21:45:00 +0000").as_deref(), Some("2022-12-10T21:45:00Z"));
        assert_eq!(ts("Sat, 10 Dec 2022 16:45:00 -0500").as_deref(), Some("2022-12-10T21:45:00Z"));
        assert_eq!(ts("10 Dec 2022 21:45:00 GMT").as_deref(), Some("2022-12-10T21:45:00Z"));
    }

    #[test]
    fn written_forms() {
        for s in [
            "December 10, 2022",
            "Dec 10, 2022",
            "December 10 2022",
            "10 December 2022",
            "Saturday, December 10, 2022",
            "Sat 10 Dec 2022",
        ] {
            assert_eq!(ts(s).as_deref(), Some("2022-12-10T00:00:00Z"), "{s}");
        }
        assert_eq!(ts("March 3, 2021").as_deref(), Some("2021-03-03T00:00:00Z"));
    }

    #[test]
    fn unparseable_dates_are_none() {
        for s in ["", "yesterday", "2022-13-45", "31 Febtember 2022", "2022", "Sat, 99 Dec 2022", "\u{1b}[2J"]
        {
            assert_eq!(parse(s), None, "{s}");
        }
        assert_eq!(parse(&"9".repeat(1000)), None);
    }
}
