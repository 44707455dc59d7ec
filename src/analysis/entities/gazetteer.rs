//! Gazetteers: the entities the tagger knows by name.
//!
//! The built-in football gazetteer is `gazetteer.toml` next to this file (compiled in with
//! `include_str!`). User gazetteers use the same schema, in TOML (`[[entity]]` tables) or JSON
//! (`{"entity": [...]}` or a bare array), and add entities or replace built-in ones by `id`.
//! Loading a file is the one piece of I/O in `analysis`; parse errors name the file and line.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{anyhow, Context};
use serde::Deserialize;

use super::{fold_key, Entity, EntityKind, Role};

const BUILTIN: &str = include_str!("gazetteer.toml");

/// One entry as written in a gazetteer file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: String,
    name: String,
    kind: EntityKind,
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    nicknames: Vec<String>,
    #[serde(default)]
    surname: Option<String>,
    #[serde(default)]
    place: Option<PlaceField>,
    #[serde(default)]
    weak: Vec<String>,
    #[serde(default)]
    year_aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum PlaceField {
    Flag(bool),
    Name(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, alias = "entities")]
    entity: Vec<RawEntity>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JsonFile {
    List(Vec<RawEntity>),
    Table(RawFile),
}

/// What the tagger needs to know about an entry beyond its [`Entity`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extra {
    /// Names that only ever mean the team or person, never the place (subset of `aliases`).
    pub nicknames: Vec<String>,
    /// People: the second-mention form, when it is not the name minus its first word.
    pub surname: Option<String>,
    /// The place this name also denotes ("Qatar", "Leeds"), if any.
    pub place: Option<String>,
    /// The surfaces that denote the place: name and aliases (`place = true`) or one of them.
    pub place_surfaces: Vec<String>,
    /// Aliases that need context (ordinary words, given names).
    pub weak: Vec<String>,
    /// Aliases that only count before a year ("Euro" in "Euro 2004").
    pub year_aliases: Vec<String>,
}

/// A set of entities, by id: the built-in football gazetteer plus any user files.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    extras: Vec<Extra>,
    by_id: HashMap<String, usize>,
}

impl Gazetteer {
    /// An empty gazetteer (tests, or a user who wants only their own entities).
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in football gazetteer.
    pub fn builtin() -> Self {
        let mut g = Self::new();
        g.load_str(BUILTIN, "builtin gazetteer.toml", GazetteerFormat::Toml)
            .expect("the built-in gazetteer is valid");
        g
    }

    /// Adds the entities of a user gazetteer, replacing entries with the same id.
    /// JSON if the extension is `.json` (or the content starts with `{`/`[{`), else TOML.
    /// Errors name the file and, where known, the line.
    pub fn load_file(&mut self, path: &Path) -> anyhow::Result<()> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read gazetteer {}", path.display()))?;
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let format = match ext.as_str() {
            "json" => GazetteerFormat::Json,
            "toml" => GazetteerFormat::Toml,
            _ => GazetteerFormat::sniff(&text),
        };
        self.load_str(&text, &path.display().to_string(), format)
    }

    /// Adds the entities of gazetteer text; `origin` names it in errors (a path).
    pub fn load_str(&mut self, text: &str, origin: &str, format: GazetteerFormat) -> anyhow::Result<()> {
        let raw = match format {
            GazetteerFormat::Toml => {
                let file: RawFile = toml::from_str(text).map_err(|e| {
                    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
                    anyhow!("{origin}:{line}:{col}: invalid gazetteer: {}", e.message().trim())
                })?;
                file.entity
            }
            GazetteerFormat::Json => {
                let file: JsonFile = serde_json::from_str(text)
                    .map_err(|e| anyhow!("{origin}:{}:{}: invalid gazetteer: {e}", e.line(), e.column()))?;
                match file {
                    JsonFile::List(list) => list,
                    JsonFile::Table(t) => t.entity,
                }
            }
        };
        // Validate the whole file before changing anything.
        let mut seen = HashMap::new();
        let mut checked = Vec::with_capacity(raw.len());
        for r in raw {
            let id = r.id.clone();
            let checked_entry =
                check(r).map_err(|msg| anyhow!("{origin}:{}: {msg}", line_of(text, &id, 0)))?;
            if seen.insert(checked_entry.0.id.clone(), ()).is_some() {
                let first = line_of(text, &id, 0);
                let line = line_of(text, &id, first);
                return Err(anyhow!("{origin}:{line}: duplicate id {id:?} (first at line {first})"));
            }
            checked.push(checked_entry);
        }
        for (entity, extra) in checked {
            match self.by_id.get(&entity.id) {
                Some(&i) => {
                    self.entities[i] = entity;
                    self.extras[i] = extra;
                }
                None => {
                    self.by_id.insert(entity.id.clone(), self.entities.len());
                    self.entities.push(entity);
                    self.extras.push(extra);
                }
            }
        }
        Ok(())
    }

    /// All entities, built-in first, in file order (a replaced entry keeps its place).
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    pub(crate) fn extras(&self) -> &[Extra] {
        &self.extras
    }
}

/// Gazetteer file syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GazetteerFormat {
    Toml,
    Json,
}

impl GazetteerFormat {
    /// JSON if the text starts like a JSON object or array of objects, else TOML.
    pub fn sniff(text: &str) -> GazetteerFormat {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{') {
            return GazetteerFormat::Json;
        }
        if let Some(rest) = t.strip_prefix('[') {
            let rest = rest.trim_start();
            if rest.starts_with('{') || rest.starts_with(']') {
                return GazetteerFormat::Json;
            }
        }
        GazetteerFormat::Toml
    }
}

/// Validates one entry and splits it into the public entity and the tagger's extras.
fn check(r: RawEntity) -> Result<(Entity, Extra), String> {
    let id = r.id.trim().to_string();
    if id.is_empty() {
        return Err("entity with an empty id".into());
    }
    let name = r.name.trim().to_string();
    if fold_key(&name).is_empty() {
        return Err(format!("entity {id:?} has an empty name"));
    }
    if r.role.is_some() && r.kind != EntityKind::Person {
        return Err(format!("entity {id:?}: `role` is only for kind = \"person\""));
    }
    let mut aliases: Vec<String> = Vec::new();
    for a in r.aliases.iter().chain(&r.nicknames).chain(&r.year_aliases) {
        let a = a.trim();
        if fold_key(a).is_empty() {
            return Err(format!("entity {id:?} has an empty alias"));
        }
        if a != name && !aliases.iter().any(|x| x == a) {
            aliases.push(a.to_string());
        }
    }
    let nicknames: Vec<String> = r.nicknames.iter().map(|s| s.trim().to_string()).collect();
    let known = |s: &str| {
        let k = fold_key(s);
        fold_key(&name) == k || aliases.iter().any(|a| fold_key(a) == k)
    };
    for w in &r.weak {
        if !known(w) {
            return Err(format!("entity {id:?}: weak alias {w:?} is not its name or an alias"));
        }
    }
    let (place, place_surfaces) = match r.place {
        None | Some(PlaceField::Flag(false)) => (None, Vec::new()),
        Some(PlaceField::Flag(true)) => {
            let mut surfaces = vec![name.clone()];
            surfaces
                .extend(r.aliases.iter().map(|s| s.trim().to_string()).filter(|a| !nicknames.contains(a)));
            (Some(name.clone()), surfaces)
        }
        Some(PlaceField::Name(p)) => {
            let p = p.trim().to_string();
            if !known(&p) {
                return Err(format!("entity {id:?}: place {p:?} is not its name or an alias"));
            }
            (Some(p.clone()), vec![p])
        }
    };
    if place.is_some() && matches!(r.kind, EntityKind::Place | EntityKind::Person) {
        return Err(format!("entity {id:?}: `place` is for teams and clubs"));
    }
    let surname = r.surname.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if surname.is_some() && r.kind != EntityKind::Person {
        return Err(format!("entity {id:?}: `surname` is only for kind = \"person\""));
    }
    let entity = Entity { id, name, kind: r.kind, role: r.role, aliases };
    let extra = Extra {
        nicknames,
        surname,
        place,
        place_surfaces,
        weak: r.weak.iter().map(|s| s.trim().to_string()).collect(),
        year_aliases: r.year_aliases.iter().map(|s| s.trim().to_string()).collect(),
    };
    Ok((entity, extra))
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line on which an entry's id is written (after line `after`; 1 if it cannot be found).
fn line_of(text: &str, id: &str, after: usize) -> usize {
    let start = text.split_inclusive('\n').take(after).map(str::len).sum::<usize>();
    for quoted in [format!("\"{id}\""), format!("'{id}'")] {
        if let Some(p) = text[start..].find(&quoted) {
            return line_col(text, start + p).0;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_with_every_fifa_team() {
        let g = Gazetteer::builtin();
        let teams = g.entities().iter().filter(|e| e.kind == EntityKind::NationalTeam).count();
        // The 211 FIFA members and one former member the 2004-05 BBC Sport corpus names.
        assert_eq!(teams, 212);
        assert_eq!(g.get("team:serbia-and-montenegro").unwrap().kind, EntityKind::NationalTeam);
        let kane = g.get("person:harry-kane").unwrap();
        assert_eq!(kane.role, Some(Role::Player));
        assert_eq!(g.get("venue:al-bayt-stadium").unwrap().kind, EntityKind::Venue);
        let spurs = g.get("club:tottenham-hotspur").unwrap();
        assert!(spurs.aliases.iter().any(|a| a == "Spurs"));
        assert!(g.get("club:manchester-united").unwrap().aliases.iter().any(|a| a == "Man Utd"));
        for kind in [EntityKind::Club, EntityKind::Competition, EntityKind::Venue, EntityKind::Organisation] {
            assert!(g.entities().iter().filter(|e| e.kind == kind).count() >= 40, "{kind:?}");
        }
    }

    #[test]
    fn user_gazetteer_adds_and_overrides() {
        let mut g = Gazetteer::builtin();
        let n = g.entities().len();
        let toml = r#"
[[entity]]
id = "person:harry-kane"
name = "Harry Kane"
kind = "person"
role = "manager"

[[entity]]
id = "person:jane-doe"
name = "Jane Doe"
kind = "person"
role = "player"
aliases = ["JD"]
"#;
        g.load_str(toml, "squad.toml", GazetteerFormat::Toml).unwrap();
        assert_eq!(g.entities().len(), n + 1);
        assert_eq!(g.get("person:harry-kane").unwrap().role, Some(Role::Manager));
        assert_eq!(g.get("person:jane-doe").unwrap().aliases, vec!["JD".to_string()]);

        let json = r#"{"entity": [{"id": "club:fc-example", "name": "FC Example", "kind": "club",
            "nicknames": ["The Examples"], "place": false}]}"#;
        g.load_str(json, "clubs.json", GazetteerFormat::Json).unwrap();
        assert_eq!(g.get("club:fc-example").unwrap().kind, EntityKind::Club);
        let bare = r#"[{"id": "org:x", "name": "X Corp", "kind": "organization"}]"#;
        assert_eq!(GazetteerFormat::sniff(bare), GazetteerFormat::Json);
        g.load_str(bare, "x.json", GazetteerFormat::Json).unwrap();
        assert_eq!(g.get("org:x").unwrap().kind, EntityKind::Organisation);
    }

    #[test]
    fn malformed_files_name_the_file_and_line() {
        let mut g = Gazetteer::new();
        let bad_syntax = "[[entity]]\nid = \"a:b\"\nname = \"B\nkind = \"club\"\n";
        let e = g.load_str(bad_syntax, "squad.toml", GazetteerFormat::Toml).unwrap_err().to_string();
        assert!(e.starts_with("squad.toml:3:"), "{e}");

        let bad_kind = "[[entity]]\nid = \"a:b\"\nname = \"B\"\nkind = \"team-ish\"\n";
        let e = g.load_str(bad_kind, "squad.toml", GazetteerFormat::Toml).unwrap_err().to_string();
        assert!(e.starts_with("squad.toml:4:"), "{e}");
        assert!(e.contains("team-ish"), "{e}");

        let unknown_field = "[[entity]]\nid = \"a:b\"\nname = \"B\"\nkind = \"club\"\nalias = [\"x\"]\n";
        let e = g.load_str(unknown_field, "squad.toml", GazetteerFormat::Toml).unwrap_err().to_string();
        assert!(e.starts_with("squad.toml:5:"), "{e}");

        let bad_json = "{\"entity\": [\n  {\"id\": \"a:b\", \"name\": \"B\", \"kind\": \"club\"},\n  {\"id\": \"a:c\" \"name\": \"C\"}\n]}";
        let e = g.load_str(bad_json, "clubs.json", GazetteerFormat::Json).unwrap_err().to_string();
        assert!(e.starts_with("clubs.json:3:"), "{e}");

        let dup = "[[entity]]\nid = \"a:b\"\nname = \"B\"\nkind = \"club\"\n\n[[entity]]\nid = \"a:b\"\nname = \"C\"\nkind = \"club\"\n";
        let e = g.load_str(dup, "dup.toml", GazetteerFormat::Toml).unwrap_err().to_string();
        assert!(e.starts_with("dup.toml:7:") && e.contains("duplicate") && e.contains("line 2"), "{e}");

        let role_on_club = "[[entity]]\nid = \"x:y\"\nname = \"Y\"\nkind = \"club\"\nrole = \"player\"\n";
        let e = g.load_str(role_on_club, "r.toml", GazetteerFormat::Toml).unwrap_err().to_string();
        assert!(e.starts_with("r.toml:2:"), "{e}");
        assert!(g.entities().is_empty(), "a failed load changes nothing");
    }

    #[test]
    fn load_file_reports_the_path() {
        let dir = std::env::temp_dir().join(format!("pressbox-gaz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "[[entity]]\nid = 3\n").unwrap();
        let e = Gazetteer::new().load_file(&path).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{}:2:", path.display())), "{e}");
        let ok = dir.join("ok.json");
        std::fs::write(&ok, r#"[{"id": "person:a-b", "name": "Ab Cd", "kind": "person"}]"#).unwrap();
        let mut g = Gazetteer::new();
        g.load_file(&ok).unwrap();
        assert_eq!(g.entities().len(), 1);
        let missing = Gazetteer::new().load_file(&dir.join("nope.toml")).unwrap_err().to_string();
        assert!(missing.contains("nope.toml"), "{missing}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
