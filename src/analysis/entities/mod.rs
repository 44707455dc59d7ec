//! Entity tagging: who and what an article is about, with byte offsets.
//!
//! - [`Gazetteer`]: the known entities: a built-in football gazetteer (`gazetteer.toml`, every
//!   FIFA national team, the major clubs, competitions, venues, agencies, broadcasters and the
//!   people of the seeds) plus user files that add or override entries by id.
//! - [`Tagger`]: built once from a gazetteer, shared across threads; [`Tagger::tag`] finds the
//!   mentions in one article and resolves each to an [`Entity`]: gazetteer aliases (one
//!   aho-corasick pass, case-aware, diacritic-insensitive, on word boundaries), people not in
//!   any gazetteer (capitalised names in a person context), later surnames and unambiguous
//!   first names within the article, and team-or-place for country and city names.
//!
//! Like the rest of `analysis`, this is pure: the only I/O is [`Gazetteer::load_file`].
//! Mention ranges are **byte** ranges into the article text.

use serde::{Deserialize, Serialize};

mod gazetteer;
mod lexicon;
mod places;
mod tagger;

pub use gazetteer::{Gazetteer, GazetteerFormat};
pub use tagger::{Mention, Tagged, Tagger};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    NationalTeam,
    Club,
    Competition,
    Venue,
    Place,
    #[serde(alias = "organization")]
    Organisation,
}

impl EntityKind {
    /// The snake_case name used in gazetteers, gold files and filters ("national_team").
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::NationalTeam => "national_team",
            EntityKind::Club => "club",
            EntityKind::Competition => "competition",
            EntityKind::Venue => "venue",
            EntityKind::Place => "place",
            EntityKind::Organisation => "organisation",
        }
    }

    /// Parses [`EntityKind::as_str`] (also "organization" and "team").
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "person" => EntityKind::Person,
            "national_team" | "team" => EntityKind::NationalTeam,
            "club" => EntityKind::Club,
            "competition" => EntityKind::Competition,
            "venue" => EntityKind::Venue,
            "place" => EntityKind::Place,
            "organisation" | "organization" => EntityKind::Organisation,
            _ => return None,
        })
    }
}

/// A person's role, where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Player,
    Manager,
    Referee,
    Coach,
    Official,
}

/// A canonical entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Stable id: "person:harry-kane", "team:england", "club:tottenham-hotspur",
    /// "competition:world-cup", "venue:al-bayt-stadium", "place:qatar", "org:afp".
    /// People found in the text but in no gazetteer get "person:" plus the slug of their name.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub role: Option<Role>,
    /// Other names (aliases and nicknames); for people found in the text, the other forms seen.
    pub aliases: Vec<String>,
}

/// The key two names are compared by: [`fold_char`](crate::text::fold::fold_char) on every
/// character (case, diacritics, curly quotes, dashes), combining marks dropped, white space
/// collapsed to single spaces and trimmed. The tagger folds text the same way.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(fold_text_char(c));
    }
    out
}

/// Folds one character of article text: ASCII fast path, else
/// [`fold_char`](crate::text::fold::fold_char).
#[inline]
pub(crate) fn fold_text_char(c: char) -> char {
    if c.is_ascii() {
        if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        }
    } else {
        crate::text::fold::fold_char(c)
    }
}

/// The id a filter means by a name no gazetteer knows: the name itself when it is already an
/// id of an entity found in the text ("venue:independence-stadium", "person:park-joo-ho"), else
/// the person of that name ("Park Joo-Ho" → "person:park-joo-ho").
pub fn unknown_id(name: &str) -> String {
    let name = name.trim();
    if let Some((prefix, rest)) = name.split_once(':') {
        let known = matches!(prefix, "person" | "team" | "club" | "competition" | "venue" | "place" | "org");
        if known && !rest.is_empty() && slug(rest) == rest {
            return name.to_string();
        }
    }
    format!("person:{}", slug(name))
}

/// "Aurélien Tchouaméni" → "aurelien-tchouameni": the id suffix for a name.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut dash = false;
    for c in name.chars() {
        if unicode_normalization::char::is_combining_mark(c) || c == '\'' || c == '\u{2019}' {
            continue;
        }
        let c = fold_text_char(c);
        let spelled = match c {
            '&' => "and",
            'ø' => "o",
            'æ' => "ae",
            'œ' => "oe",
            'ß' => "ss",
            'ł' => "l",
            'đ' | 'ð' => "d",
            'þ' => "th",
            'ı' => "i",
            _ => "",
        };
        if spelled.is_empty() && !c.is_alphanumeric() {
            dash = !out.is_empty();
            continue;
        }
        if dash {
            out.push('-');
            dash = false;
        }
        if spelled.is_empty() {
            out.push(c);
        } else {
            out.push_str(spelled);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_slugs() {
        assert_eq!(fold_key("  Aurélien   Tchouaméni "), "aurelien tchouameni");
        assert_eq!(fold_key("England’s"), "england's");
        assert_eq!(slug("Aurélien Tchouaméni"), "aurelien-tchouameni");
        assert_eq!(slug("Brighton & Hove Albion"), "brighton-and-hove-albion");
        assert_eq!(slug("St James' Park"), "st-james-park");
        assert_eq!(slug("Martin Ødegaard"), "martin-odegaard");
        assert_eq!(unknown_id("Park Joo-Ho"), "person:park-joo-ho");
        assert_eq!(unknown_id("venue:independence-stadium"), "venue:independence-stadium");
        assert_eq!(unknown_id("venue:Independence Stadium"), "person:venue-independence-stadium");
        assert_eq!(EntityKind::parse("organization"), Some(EntityKind::Organisation));
        assert_eq!(EntityKind::parse(EntityKind::NationalTeam.as_str()), Some(EntityKind::NationalTeam));
    }
}
