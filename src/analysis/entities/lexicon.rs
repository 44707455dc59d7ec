//! Word lists the tagger reads context from: role words ("midfielder", "referee"), speech
//! verbs, football verbs, locative prepositions, capitalised words that are never names
//! (`lexicon.txt`), given names (`given_names.txt`) and ordinary words that open sentences
//! (`common_words.txt`). All compiled in and stored folded (see [`fold_key`]).

use std::hash::Hasher;

use super::{fold_key, Role};

pub(crate) use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};

/// The Fx hash of a word.
pub(crate) fn word_hash(w: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(w.as_bytes());
    h.finish()
}

const LEXICON: &str = include_str!("lexicon.txt");
const GIVEN_NAMES: &str = include_str!("given_names.txt");
const COMMON_WORDS: &str = include_str!("common_words.txt");

/// Name particles that may sit inside a name ("Virgil van Dijk"), folded.
#[inline]
pub(crate) fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "van"
            | "von"
            | "de"
            | "der"
            | "den"
            | "da"
            | "di"
            | "del"
            | "della"
            | "dos"
            | "das"
            | "du"
            | "le"
            | "la"
            | "ten"
            | "ter"
            | "bin"
            | "el"
            | "al"
            | "do"
            | "y"
    )
}

/// The folded words of a word-list file (`#` starts a comment line).
fn words_of(text: &str) -> FastSet<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split_whitespace())
        .map(|w| fold_key(&w.replace('_', " ")))
        .collect()
}

/// The sections of `lexicon.txt`: `[name]` then words; in `[roles]`, `role: words` lines
/// (indented lines continue the role above).
fn sections(text: &str) -> FastMap<&str, Vec<(Option<&str>, String)>> {
    let mut out: FastMap<&str, Vec<(Option<&str>, String)>> = FastMap::default();
    let mut section = "";
    let mut label: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = name;
            label = None;
            continue;
        }
        let mut words = trimmed;
        if !line.starts_with(char::is_whitespace) {
            if let Some((l, rest)) = trimmed.split_once(':') {
                label = Some(l.trim());
                words = rest;
            }
        }
        for w in words.split_whitespace() {
            out.entry(section).or_default().push((label, fold_key(&w.replace('_', " "))));
        }
    }
    out
}

pub(crate) struct Lexicon {
    given: FastSet<String>,
    roles: FastMap<String, Option<Role>>,
    titles: FastSet<String>,
    speech: FastSet<String>,
    speech_before: FastSet<String>,
    actions: FastSet<String>,
    aux: FastSet<String>,
    team_verbs: FastSet<String>,
    team_nouns: FastSet<String>,
    locative: FastSet<String>,
    motion: FastSet<String>,
    place_nouns: FastSet<String>,
    manager_nouns: FastSet<String>,
    club_words: FastSet<String>,
    not_person_before: FastSet<String>,
    function_words: FastSet<String>,
    /// Function words, other non-name words and demonyms.
    non_name: FastSet<String>,
    football: FastSet<String>,
    /// Per first letter, a bit per word length: a cheap filter before `football`.
    football_mask: [u32; 26],
    common: FastSet<String>,
    venue_heads: FastSet<String>,
    venue_after_at: FastSet<String>,
    venue_starts: FastSet<String>,
    competition_heads: FastSet<String>,
    org_heads: FastSet<String>,
    org_cues: FastSet<String>,
    korean_surnames: FastSet<String>,
    counties: FastSet<String>,
}

impl Lexicon {
    pub(crate) fn new() -> Self {
        let secs = sections(LEXICON);
        let set = |name: &str| -> FastSet<String> {
            secs.get(name).map(|ws| ws.iter().map(|(_, w)| w.clone()).collect()).unwrap_or_default()
        };
        let roles = secs
            .get("roles")
            .map(|ws| {
                ws.iter()
                    .map(|(label, w)| {
                        let role = match label.unwrap_or("none") {
                            "player" => Some(Role::Player),
                            "manager" => Some(Role::Manager),
                            "coach" => Some(Role::Coach),
                            "referee" => Some(Role::Referee),
                            "official" => Some(Role::Official),
                            _ => None,
                        };
                        (w.clone(), role)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let function_words = set("function_words");
        let mut non_name = set("non_name");
        non_name.extend(function_words.iter().cloned());
        non_name.extend(set("demonyms"));
        let football = set("football_cues");
        let mut football_mask = [0u32; 26];
        for w in &football {
            let b = w.as_bytes()[0];
            if b.is_ascii_lowercase() {
                football_mask[(b - b'a') as usize] |= 1 << w.len().min(31);
            }
        }
        Lexicon {
            given: words_of(GIVEN_NAMES),
            roles,
            titles: set("titles"),
            speech: set("speech"),
            speech_before: set("speech_before"),
            actions: set("actions"),
            aux: set("aux"),
            team_verbs: set("team_verbs"),
            team_nouns: set("team_nouns"),
            locative: set("locative"),
            motion: set("motion"),
            place_nouns: set("place_nouns"),
            manager_nouns: set("manager_nouns"),
            club_words: set("club_words"),
            not_person_before: set("not_person_before"),
            function_words,
            non_name,
            football,
            football_mask,
            common: words_of(COMMON_WORDS),
            venue_heads: set("venue_heads"),
            venue_after_at: set("venue_after_at"),
            venue_starts: set("venue_starts"),
            competition_heads: set("competition_heads"),
            org_heads: set("org_heads"),
            org_cues: set("org_cues"),
            korean_surnames: set("korean_surnames"),
            counties: set("counties"),
        }
    }

    /// "stadium", "arena": the last word of a venue's name.
    pub(crate) fn is_venue_head(&self, w: &str) -> bool {
        self.venue_heads.contains(w)
    }
    /// "park", "road": the last word of a venue's name after "at".
    pub(crate) fn is_venue_after_at(&self, w: &str) -> bool {
        self.venue_after_at.contains(w)
    }
    /// "stade", "estadio": the first word of a venue's name.
    pub(crate) fn is_venue_start(&self, w: &str) -> bool {
        self.venue_starts.contains(w)
    }
    /// "cup", "trophy": the last word of a competition's name.
    pub(crate) fn is_competition_head(&self, w: &str) -> bool {
        self.competition_heads.contains(w)
    }
    /// "federation", "association": the last word of an organisation's name.
    pub(crate) fn is_org_head(&self, w: &str) -> bool {
        self.org_heads.contains(w)
    }
    /// "sponsor", "broadcaster" (or the two words "sponsored by"): an organisation's name follows.
    pub(crate) fn is_org_cue(&self, w: &str) -> bool {
        self.org_cues.contains(w)
    }
    /// Family names written first ("Park" of "Park Joo-Ho").
    pub(crate) fn is_korean_surname(&self, w: &str) -> bool {
        self.korean_surnames.contains(w)
    }
    /// Counties and regions ("Merseyside", "Tyne and Wear"; and any "-shire").
    pub(crate) fn is_county(&self, w: &str) -> bool {
        self.counties.contains(w) || (w.len() > 6 && w.ends_with("shire"))
    }

    pub(crate) fn is_given(&self, w: &str) -> bool {
        self.given.contains(w)
    }
    /// `Some(role)` if `w` (folded) is a person cue; the inner option is the role it implies.
    pub(crate) fn role(&self, w: &str) -> Option<Option<Role>> {
        self.roles.get(w).copied()
    }
    pub(crate) fn is_title(&self, w: &str) -> bool {
        self.titles.contains(w)
    }
    pub(crate) fn is_speech(&self, w: &str) -> bool {
        self.speech.contains(w)
    }
    pub(crate) fn is_speech_before(&self, w: &str) -> bool {
        self.speech_before.contains(w)
    }
    pub(crate) fn is_action(&self, w: &str) -> bool {
        self.actions.contains(w)
    }
    pub(crate) fn is_aux(&self, w: &str) -> bool {
        self.aux.contains(w)
    }
    pub(crate) fn is_team_verb(&self, w: &str) -> bool {
        self.team_verbs.contains(w)
    }
    pub(crate) fn is_team_noun(&self, w: &str) -> bool {
        self.team_nouns.contains(w)
    }
    pub(crate) fn is_locative(&self, w: &str) -> bool {
        self.locative.contains(w)
    }
    pub(crate) fn is_motion(&self, w: &str) -> bool {
        self.motion.contains(w)
    }
    pub(crate) fn is_place_noun(&self, w: &str) -> bool {
        self.place_nouns.contains(w)
    }
    pub(crate) fn is_manager_noun(&self, w: &str) -> bool {
        self.manager_nouns.contains(w)
    }
    pub(crate) fn is_particle(&self, w: &str) -> bool {
        is_particle(w)
    }
    pub(crate) fn is_club_word(&self, w: &str) -> bool {
        self.club_words.contains(w)
    }
    pub(crate) fn blocks_person(&self, w: &str) -> bool {
        self.not_person_before.contains(w)
    }
    /// Articles, pronouns, conjunctions, prepositions and numbers.
    pub(crate) fn is_function_word(&self, w: &str) -> bool {
        self.function_words.contains(w)
    }
    pub(crate) fn is_non_name(&self, w: &str) -> bool {
        self.non_name.contains(w)
    }
    /// Ordinary words that open sentences (`common_words.txt`, and "-ly" adverbs).
    pub(crate) fn is_common_word(&self, w: &str) -> bool {
        self.common.contains(w) || (w.len() >= 7 && w.ends_with("ly"))
    }
    pub(crate) fn is_football_cue(&self, w: &str) -> bool {
        let b = w.as_bytes()[0];
        b.is_ascii_lowercase()
            && self.football_mask[(b - b'a') as usize] & (1 << w.len().min(31)) != 0
            && self.football.contains(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let lex = Lexicon::new();
        assert_eq!(lex.role("midfielder"), Some(Some(Role::Player)));
        assert_eq!(lex.role("head coach"), Some(Some(Role::Manager)));
        assert_eq!(lex.role("referee"), Some(Some(Role::Referee)));
        assert_eq!(lex.role("pundit"), Some(None));
        assert!(lex.is_speech("said") && lex.is_speech_before("said"));
        assert!(lex.is_non_name("the") && lex.is_function_word("the") && lex.is_non_name("brazilian"));
        assert!(lex.is_given("harry") && lex.is_given("aurelien"));
        assert!(lex.is_common_word("nerves") && lex.is_common_word("unfortunately"));
        assert!(lex.is_football_cue("penalty") && !lex.is_football_cue("parliament"));
        assert!(is_particle("van") && !is_particle("the"));
    }
}
