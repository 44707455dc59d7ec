//! Tests of the tagger: the seeds, each rule on made-up text, and properties (no panic, sound
//! ranges) over generated text.

use super::*;
use crate::analysis::entities::Role;
use crate::eval::strip_tags;
use std::sync::OnceLock;

const SEED0: &str = include_str!("../../../../seeds/000_413961b8f36dffdf.txt");
const SEED1: &str = include_str!("../../../../seeds/001_6e83b1c257ab88e6.txt");
const SEED2_HTML: &str = include_str!("../../../../seeds/002_e0228e736809d36c.txt");

fn tagger() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(|| Tagger::new(&Gazetteer::builtin()))
}

/// (surface, entity id) of every mention.
fn pairs(text: &str) -> Vec<(String, String)> {
    let t = tagger().tag(text);
    t.mentions.iter().map(|m| (text[m.range.clone()].to_string(), t.entities[m.entity].id.clone())).collect()
}

fn id_of(text: &str, surface: &str) -> Vec<String> {
    pairs(text).into_iter().filter(|(s, _)| s == surface).map(|(_, id)| id).collect()
}

fn word_positions(text: &str, word: &str) -> Vec<usize> {
    text.match_indices(word)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn every_kane_in_the_seeds_is_harry_kane() {
    for text in [SEED0.to_string(), SEED1.to_string(), strip_tags(SEED2_HTML)] {
        let t = tagger().tag(&text);
        let kane_at = word_positions(&text, "Kane");
        assert!(!kane_at.is_empty());
        for at in kane_at {
            let m = t
                .mentions
                .iter()
                .find(|m| m.range.contains(&at))
                .unwrap_or_else(|| panic!("Kane at {at} untagged"));
            assert_eq!(t.entities[m.entity].id, "person:harry-kane", "at {at}");
        }
    }
}

#[test]
fn seed_people_teams_venues_competitions() {
    let text = SEED1;
    for (surface, id) in [
        ("Jordan Henderson", "person:jordan-henderson"),
        ("Gareth Southgate", "person:gareth-southgate"),
        ("Wayne Rooney", "person:wayne-rooney"),
        ("Hugo Lloris", "person:hugo-lloris"),
        ("Olivier Giroud", "person:olivier-giroud"),
        ("Giroud", "person:olivier-giroud"),
        ("Henderson", "person:jordan-henderson"),
        ("Southgate", "person:gareth-southgate"),
        ("Tchouameni", "person:aurelien-tchouameni"),
        ("Dayot Upamecano", "person:dayot-upamecano"),
        ("Bukayo Saka", "person:bukayo-saka"),
        ("Didier Deschamps", "person:didier-deschamps"),
        ("Harry Maguire", "person:harry-maguire"),
        ("Wilton Sampaio", "person:wilton-sampaio"),
        ("World Cup", "competition:world-cup"),
        ("England", "team:england"),
        ("France", "team:france"),
        ("Morocco", "team:morocco"),
        ("Brazil", "team:brazil"),
        ("Tottenham", "club:tottenham-hotspur"),
        ("Liverpool", "club:liverpool"),
        ("AFP", "org:afp"),
        ("ITV", "org:itv"),
        ("Al Khor", "place:al-khor"),
    ] {
        let ids = id_of(text, surface);
        assert!(!ids.is_empty(), "{surface} untagged");
        assert!(ids.iter().all(|i| i == id), "{surface}: {ids:?}");
    }
    let t = tagger().tag(SEED1);
    let sampaio = t.entities.iter().find(|e| e.id == "person:wilton-sampaio").unwrap();
    assert_eq!(sampaio.role, Some(Role::Referee));

    let s0 = pairs(SEED0);
    assert!(s0.contains(&("Al Bayt Stadium".into(), "venue:al-bayt-stadium".into())));
    let t0 = tagger().tag(SEED0);
    assert_eq!(t0.entities.iter().find(|e| e.id == "venue:al-bayt-stadium").unwrap().kind, EntityKind::Venue);
    for (surface, id) in [
        ("European Championship", "competition:european-championship"),
        ("Croatia", "team:croatia"),
        ("Argentina", "team:argentina"),
        ("Portugal", "team:portugal"),
        ("Russia", "place:russia"),
        ("Getty", "org:getty-images"),
    ] {
        assert!(s0.contains(&(surface.into(), id.into())), "{surface} {s0:?}");
    }
    let s2 = pairs(&strip_tags(SEED2_HTML));
    for (surface, id) in [
        ("Euro 2020", "competition:european-championship"),
        ("Italy", "team:italy"),
        ("Theo Hernandez", "person:theo-hernandez"),
        ("Mason Mount", "person:mason-mount"),
        ("Al Bayt Stadium", "venue:al-bayt-stadium"),
        ("Rooney", "person:wayne-rooney"),
        ("Saka", "person:bukayo-saka"),
    ] {
        assert!(s2.contains(&(surface.into(), id.into())), "{surface} {s2:?}");
    }
}

#[test]
fn first_name_only_when_unambiguous() {
    // Seed 000 has one Harry (Kane); seed 001 has two (Kane and Maguire).
    assert!(id_of(SEED0, "Harry").iter().all(|i| i == "person:harry-kane"));
    assert_eq!(id_of(SEED0, "Harry").len(), 2);
    assert!(id_of(SEED1, "Harry").is_empty(), "{:?}", id_of(SEED1, "Harry"));
}

#[test]
fn possessives_and_curly_apostrophes() {
    let text = "Harry Kane scored. Kane's header and Kane’s volley lifted England’s hopes in the World Cup, and Spurs' fans cheered.";
    let p = pairs(text);
    assert!(p.contains(&("Kane".into(), "person:harry-kane".into())));
    assert_eq!(p.iter().filter(|(_, id)| id == "person:harry-kane").count(), 3);
    assert!(p.contains(&("England".into(), "team:england".into())), "{p:?}");
    assert!(p.contains(&("Spurs".into(), "club:tottenham-hotspur".into())), "{p:?}");
}

#[test]
fn diacritics_do_not_matter() {
    let a = pairs("Aurélien Tchouaméni scored for France.");
    let b = pairs("Aurelien Tchouameni scored for France.");
    assert_eq!(a[0].1, "person:aurelien-tchouameni");
    assert_eq!(b[0].1, "person:aurelien-tchouameni");
    assert_eq!(a[0].0, "Aurélien Tchouaméni");
    // Byte ranges stay honest after folding: é is two bytes.
    let text = "Théo Hernández and Kylian Mbappé played at the Parc des Princes.";
    let t = tagger().tag(text);
    let surfaces: Vec<&str> = t.mentions.iter().map(|m| &text[m.range.clone()]).collect();
    assert_eq!(surfaces, ["Théo Hernández", "Kylian Mbappé", "Parc des Princes"]);
    assert_eq!(tagger().resolve("tchouameni").unwrap().id, "person:aurelien-tchouameni");
    assert_eq!(tagger().resolve("TCHOUAMÉNI").unwrap().id, "person:aurelien-tchouameni");
}

#[test]
fn team_or_place() {
    assert_eq!(id_of("France progress to face Morocco.", "France"), ["team:france"]);
    assert_eq!(id_of("England had been confident of a good showing in Qatar.", "Qatar"), ["place:qatar"]);
    assert_eq!(id_of("Qatar lost all three games as hosts of the World Cup.", "Qatar"), ["team:qatar"]);
    assert_eq!(id_of("Al Khor (Qatar) (AFP) - Jordan Henderson said.", "Qatar"), ["place:qatar"]);
    assert_eq!(id_of("The squad will travel to Germany for the Euros.", "Germany"), ["place:germany"]);
    assert_eq!(id_of("The 2-1 defeat to Germany ended their Euros.", "Germany"), ["team:germany"]);
    assert_eq!(
        id_of("He has played in the Netherlands and in Spain's team.", "Netherlands"),
        ["place:netherlands"]
    );
    assert_eq!(id_of("He has played in the Netherlands and in Spain's team.", "Spain"), ["team:spain"]);
    assert_eq!(id_of("He was born in Liverpool but signed for Everton.", "Liverpool"), ["place:liverpool"]);
    assert_eq!(id_of("Liverpool beat Everton 2-0 at Anfield.", "Liverpool"), ["club:liverpool"]);
    // Outside football text a country is the place.
    assert_eq!(id_of("The president visited Brazil and met farmers.", "Brazil"), ["place:brazil"]);
}

#[test]
fn a_country_name_that_is_a_currency_a_tournament_or_a_player_is_not_the_country() {
    let text = "Fifa gave the Tanzania FA US$10,000 after England beat France. He played at USA 94 and \
                Korea 2002. Charlton: Kiely, Young, Holland (Jeffers 77), Hughes, Fortune, Holland (Charlton).";
    let ids: Vec<String> = pairs(text).into_iter().map(|(_, id)| id).collect();
    assert!(!ids.iter().any(|i| i.ends_with("united-states")), "{ids:?}");
    assert!(!ids.iter().any(|i| i.ends_with(":south-korea") || i.ends_with(":korea")), "{ids:?}");
    assert!(!ids.iter().any(|i| i.ends_with(":netherlands")), "{ids:?}");
    // The same names as countries and teams still are.
    assert_eq!(id_of(text, "England"), ["team:england"]);
    assert_eq!(id_of("The United States beat Mexico 2-0.", "United States"), ["team:united-states"]);
    assert_eq!(id_of("He left for Holland in the summer.", "Holland"), ["place:netherlands"]);
}

#[test]
fn ambiguous_short_names_need_context() {
    // "Forest" is only the club when capitalised and in context.
    assert!(id_of("The forest was quiet.", "forest").is_empty());
    assert_eq!(id_of("Chelsea beat Forest 3-0 at Stamford Bridge.", "Forest"), ["club:nottingham-forest"]);
    // Jordan the country vs Jordan the given name.
    assert_eq!(
        id_of("Jordan Pickford saved well for England.", "Jordan Pickford"),
        ["person:jordan-pickford"]
    );
    let p = pairs("Goalkeeper Jordan Smith made his debut for Leeds against Wigan.");
    assert!(p.contains(&("Jordan Smith".into(), "person:jordan-smith".into())), "{p:?}");
    assert!(!p.iter().any(|(_, id)| id == "team:jordan"), "{p:?}");
    // Ordinary capitalised phrases and sentence starts are not people.
    let p = pairs("Boxing Day fixtures were played. Last Tuesday the Grand Prix began. However Sources close to the club said nothing.");
    assert!(!p.iter().any(|(_, id)| id.starts_with("person:")), "{p:?}");
}

#[test]
fn people_not_in_the_gazetteer() {
    let text =
        "Midfielder Xander Pemberton-Quill and referee Ludo Brakspear were booked in the Premier League. \
                Pemberton-Quill said he was sorry. \"It was hard,\" said Brakspear. \
                Dribbleton's side were poor, and Ostrava Vlk scored twice before Vlk limped off.";
    let t = tagger().tag(text);
    let by_surface: Vec<(String, String, Option<Role>)> = t
        .mentions
        .iter()
        .map(|m| {
            let e = &t.entities[m.entity];
            (text[m.range.clone()].to_string(), e.name.clone(), e.role)
        })
        .collect();
    let has = |s: &str, name: &str| by_surface.iter().any(|(a, b, _)| a == s && b == name);
    assert!(has("Xander Pemberton-Quill", "Xander Pemberton-Quill"), "{by_surface:?}");
    assert!(has("Pemberton-Quill", "Xander Pemberton-Quill"), "{by_surface:?}");
    assert!(has("Ludo Brakspear", "Ludo Brakspear"), "{by_surface:?}");
    assert!(has("Brakspear", "Ludo Brakspear"), "{by_surface:?}");
    assert!(has("Dribbleton", "Dribbleton"), "{by_surface:?}");
    assert!(has("Ostrava Vlk", "Ostrava Vlk"), "{by_surface:?}");
    assert!(has("Vlk", "Ostrava Vlk"), "{by_surface:?}");
    let ref_role = t.entities.iter().find(|e| e.name == "Ludo Brakspear").unwrap().role;
    assert_eq!(ref_role, Some(Role::Referee));
    let mgr = t.entities.iter().find(|e| e.name == "Dribbleton").unwrap().role;
    assert_eq!(mgr, Some(Role::Manager));
    assert_eq!(t.entities.iter().find(|e| e.name == "Ludo Brakspear").unwrap().id, "person:ludo-brakspear");
}

#[test]
fn surnames_shared_by_two_people() {
    let text =
        "Gary Neville and Phil Neville both started. Phil Neville was booked, and Neville was then replaced.";
    let p = pairs(text);
    // The last "Neville" follows the most recent full mention (Phil).
    let last = p.iter().rfind(|(s, _)| s == "Neville").unwrap();
    assert_eq!(last.1, "person:phil-neville", "{p:?}");
}

#[test]
fn user_gazetteer_entities_are_tagged() {
    let mut g = Gazetteer::builtin();
    g.load_str(
        "[[entity]]\nid = \"person:zed-quorra\"\nname = \"Zed Quorra\"\nkind = \"person\"\nrole = \"player\"\naliases = [\"ZQ\"]\n\n\
         [[entity]]\nid = \"club:tottenham-hotspur\"\nname = \"Tottenham Hotspur\"\nkind = \"club\"\nnicknames = [\"Lilywhites\"]\n",
        "user.toml",
        super::super::GazetteerFormat::Toml,
    )
    .unwrap();
    let tg = Tagger::new(&g);
    let text = "ZQ scored for the Lilywhites. Quorra then hit the post, and Zed Quorra was substituted.";
    let t = tg.tag(text);
    let ids: Vec<(&str, &str)> =
        t.mentions.iter().map(|m| (&text[m.range.clone()], t.entities[m.entity].id.as_str())).collect();
    assert!(ids.contains(&("ZQ", "person:zed-quorra")), "{ids:?}");
    assert!(ids.contains(&("Lilywhites", "club:tottenham-hotspur")), "{ids:?}");
    assert!(ids.contains(&("Quorra", "person:zed-quorra")), "{ids:?}");
    // The override replaced the built-in entry: "Spurs" is no longer an alias.
    assert!(tg.resolve("Spurs").is_none());
    assert_eq!(tg.resolve("lilywhites").unwrap().id, "club:tottenham-hotspur");
}

#[test]
fn resolve_for_filters() {
    let t = tagger();
    assert_eq!(t.resolve("Man Utd").unwrap().id, "club:manchester-united");
    assert_eq!(t.resolve("spurs").unwrap().id, "club:tottenham-hotspur");
    assert_eq!(t.resolve("Kane's").unwrap().id, "person:harry-kane");
    assert_eq!(t.resolve("Harry Kane").unwrap().id, "person:harry-kane");
    assert_eq!(t.resolve("place:qatar").unwrap().kind, EntityKind::Place);
    assert_eq!(t.resolve("Qatar").unwrap().id, "team:qatar");
    assert_eq!(t.resolve("les bleus").unwrap().id, "team:france");
    assert_eq!(t.resolve("Nott'm Forest").unwrap().id, "club:nottingham-forest");
    assert!(t.resolve("Nobody Atall").is_none());
}

#[test]
fn the_and_suffixes() {
    let p = pairs(
        "They won at the Hawthorns and at The Valley, then Liverpool FC drew in the World Cup 2018 final.",
    );
    assert!(p.contains(&("Hawthorns".into(), "venue:the-hawthorns".into())), "{p:?}");
    assert!(p.contains(&("Valley".into(), "venue:the-valley".into())), "{p:?}");
    assert!(p.contains(&("Liverpool FC".into(), "club:liverpool".into())), "{p:?}");
    assert!(p.contains(&("World Cup 2018".into(), "competition:world-cup".into())), "{p:?}");
    assert!(id_of("A valley in Kent.", "valley").is_empty());
}

#[test]
fn shared_nicknames_and_club_short_forms() {
    let text = "Chelsea won the League Cup. The Blues led early, and the Reds never recovered \
                against a Liverpool side missing Gerrard. United, meanwhile, lost at Leeds United.";
    let p = pairs(text);
    assert!(p.contains(&("Blues".into(), "club:chelsea".into())), "{p:?}");
    assert!(p.contains(&("Reds".into(), "club:liverpool".into())), "{p:?}");
    assert!(p.contains(&("United".into(), "club:leeds-united".into())), "{p:?}");
    // Without a Chelsea, Everton or Manchester City in the article, "Blues" is nobody.
    assert!(id_of("The Blues were poor in the Premier League.", "Blues").is_empty());
    assert!(tagger().resolve("Blues").is_none(), "a shared nickname resolves nothing");
}

#[test]
fn year_aliases_and_longer_names() {
    let p =
        pairs("After Euro 2004 and the 1966 World Cup, Andrey Santos joined Santos on loan in the league.");
    assert!(p.contains(&("Euro 2004".into(), "competition:european-championship".into())), "{p:?}");
    assert!(p.contains(&("Andrey Santos".into(), "person:andrey-santos".into())), "{p:?}");
    assert!(id_of("He paid in euro 2004 times.", "euro 2004").is_empty());
    assert_eq!(tagger().resolve("Euro 2020").unwrap().id, "competition:european-championship");
}

#[test]
fn decomposed_accents_keep_byte_ranges() {
    // NFD: "e" + combining acute. The mention still covers the whole original name.
    let text = "Aure\u{301}lien Tchoua\u{301}meni scored.";
    let t = tagger().tag(text);
    assert_eq!(t.entities[0].id, "person:aurelien-tchouameni");
    assert_eq!(&text[t.mentions[0].range.clone()], "Aure\u{301}lien Tchoua\u{301}meni");
}

#[test]
fn first_name_that_is_also_a_surname_here() {
    // "Paul" is Paul Ryan's first name but Rand Paul's surname: leave it alone.
    let p = pairs("Speaker Paul Ryan met Senator Rand Paul. Later Paul said no.");
    assert!(!p.iter().any(|(s, id)| s == "Paul" && id == "person:paul-ryan"), "{p:?}");
}

#[test]
fn words_of_combining_marks_only() {
    // A "word" that folds to nothing (proptest found it): no panic, no mention.
    assert!(tagger().tag("\u{1a60}").mentions.is_empty());
    assert!(tagger().tag("Kane \u{301}\u{301} Kane").mentions.is_empty());
}

#[test]
fn venues_named_by_context() {
    let text = "Zambia had not lost at Lusaka's Independence stadium in 14 years. Millwall were fined \
                after trouble at their new Den Stadium. The final is at the Stade de France, and \
                Rovers drew 1-1 at Fratton Park before a game at the Braehead Arena.";
    let p = pairs(text);
    for (surface, id) in [
        ("Independence stadium", "venue:independence-stadium"),
        ("Den Stadium", "venue:den-stadium"),
        ("Fratton Park", "venue:fratton-park"),
        ("Braehead Arena", "venue:braehead-arena"),
    ] {
        assert!(p.contains(&(surface.into(), id.into())), "{surface}: {p:?}");
    }
    assert!(p.iter().any(|(s, id)| s == "Stade de France" && id.starts_with("venue:")), "{p:?}");
    let t = tagger().tag(text);
    let ind = t.entities.iter().find(|e| e.id == "venue:independence-stadium").unwrap();
    assert_eq!((ind.kind, ind.name.as_str()), (EntityKind::Venue, "Independence Stadium"));
    // "Park" is a venue only after "at"; a person's name ending in Park is not.
    let p = pairs("Manager Hyde Park said the Park Road site was sold.");
    assert!(!p.iter().any(|(_, id)| id.starts_with("venue:")), "{p:?}");
}

#[test]
fn competitions_organisations_and_years() {
    let text = "South Africa face the Seychelles in the Cosafa Cup next month, while the 2018 FIFA \
                World Cup draw was held in Moscow. The Football Association of Zambia and the Zambian \
                Football Federation welcomed shirt sponsor Carlsberg.";
    let p = pairs(text);
    assert!(p.contains(&("Cosafa Cup".into(), "competition:cosafa-cup".into())), "{p:?}");
    assert!(p.contains(&("2018 FIFA World Cup".into(), "competition:world-cup".into())), "{p:?}");
    assert!(
        p.contains(&("Zambian Football Federation".into(), "org:zambian-football-federation".into())),
        "{p:?}"
    );
    assert!(p.contains(&("Carlsberg".into(), "org:carlsberg".into())), "{p:?}");
    assert!(p.contains(&("Moscow".into(), "place:moscow".into())), "{p:?}");
}

#[test]
fn places_from_the_list_need_context() {
    let text = "Kalusha Bwalya is confident ahead of the final on Saturday in Lusaka. Lusaka-based \
                Zesco United and players born in Belo Horizonte were there.";
    let p = pairs(text);
    assert!(p.contains(&("Lusaka".into(), "place:lusaka".into())), "{p:?}");
    assert_eq!(p.iter().filter(|(_, id)| id == "place:lusaka").count(), 2, "{p:?}");
    assert!(p.contains(&("Belo Horizonte".into(), "place:belo-horizonte".into())), "{p:?}");
    // A city that is also a surname is no place without a locative before it.
    let p = pairs("Jackson scored twice and Mendoza headed the third for the visitors.");
    assert!(!p.iter().any(|(_, id)| id.starts_with("place:")), "{p:?}");
    // Datelines.
    let p = pairs("LUSAKA (Reuters) - Zambia beat Angola 2-0 in the Cosafa Cup final.");
    assert!(p.contains(&("LUSAKA".into(), "place:lusaka".into())), "{p:?}");
    // A county after a referee's name is a place, not a person.
    let p = pairs("Chelsea beat Arsenal at Stamford Bridge. Ref: G Poll (Hertfordshire).");
    assert!(p.contains(&("Hertfordshire".into(), "place:hertfordshire".into())), "{p:?}");
}

#[test]
fn national_teams_in_a_tournament_report_are_teams() {
    let text = "Zambia face Angola in the Cosafa Cup final on Saturday. Angola knocked Zambia out in \
                the semi-final stage in 1999, and that victory for Angola was a first defeat in 14 \
                years for Zambia at home. Angola named four overseas-based players in the tournament.";
    let p = pairs(text);
    assert!(
        p.iter().filter(|(s, _)| s == "Angola" || s == "Zambia").all(|(_, id)| id.starts_with("team:")),
        "{p:?}"
    );
}

#[test]
fn multi_part_personal_names() {
    let p = pairs("South Korea midfielder Park Joo-Ho crossed for the opener. Park then hit the bar.");
    assert!(p.contains(&("Park Joo-Ho".into(), "person:park-joo-ho".into())), "{p:?}");
    assert!(!p.iter().any(|(s, _)| s == "Joo-Ho"), "{p:?}");
    let p =
        pairs("Colombia coach Hernán Darío Gómez and Liverpool's Virgil van Dijk met in the Premier League.");
    assert!(p.contains(&("Hernán Darío Gómez".into(), "person:hernan-dario-gomez".into())), "{p:?}");
    assert!(p.iter().any(|(s, _)| s == "Virgil van Dijk"), "{p:?}");
    // One person however the hyphen is written.
    let text = "Liverpool striker Florent Sinama Pongolle scored. Sinama-Pongolle then limped off, and \
                Sinama Pongolle was replaced.";
    let t = tagger().tag(text);
    let people: Vec<&str> =
        t.entities.iter().filter(|e| e.kind == EntityKind::Person).map(|e| e.id.as_str()).collect();
    assert_eq!(people, ["person:florent-sinama-pongolle"], "{:?}", pairs(text));
}

#[test]
fn tagger_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Tagger>();
}

proptest::proptest! {
    #[test]
    fn never_panics_and_ranges_are_sound(s in "\\PC{0,300}") {
        let t = tagger().tag(&s);
        let mut last = 0;
        for m in &t.mentions {
            proptest::prop_assert!(m.range.start >= last);
            proptest::prop_assert!(m.range.start < m.range.end);
            proptest::prop_assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
            proptest::prop_assert!(m.entity < t.entities.len());
            last = m.range.end;
        }
    }

    #[test]
    fn football_like_text_is_sound(words in proptest::collection::vec(proptest::sample::select(vec![
        "Kane", "Harry", "Kane's", "England’s", "in", "Qatar", "said", "midfielder", "Jordan", "Henderson",
        "Tchouaméni", "the", "Valley", ".", ",", "\n", "Spurs'", "Al", "Bayt", "Stadium", "van", "Dijk", "É",
        "referee", "Wilton", "Sampaio", "(", ")", "-", "’", "World", "Cup", "2018", "FC", "Ødegaard", "Man", "Utd",
    ]), 0..60)) {
        let s = words.join(" ");
        let t = tagger().tag(&s);
        let mut last = 0;
        for m in &t.mentions {
            proptest::prop_assert!(m.range.start >= last && m.range.start < m.range.end);
            proptest::prop_assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
            last = m.range.end;
        }
    }
}

#[test]
fn an_office_before_a_name_makes_a_person_and_the_words_before_it_are_no_one() {
    let text = "In a move likely to incur the wrath of Fifa, Ugandan Sports Minister Geraldine Namirembe \
                Bitamazire suspended the country's FA. Bitamazire ordered the committee to go. Arsenal \
                and Chelsea agree. But Corporate Communications Manager Simon Charlesworth told BBC Sport \
                the ball was fine.";
    assert_eq!(id_of(text, "Geraldine Namirembe Bitamazire"), ["person:geraldine-namirembe-bitamazire"]);
    assert_eq!(id_of(text, "Bitamazire"), ["person:geraldine-namirembe-bitamazire"]);
    assert_eq!(id_of(text, "Simon Charlesworth"), ["person:simon-charlesworth"]);
    assert!(
        pairs(text).iter().all(|(s, _)| !s.contains("Corporate") && !s.contains("Sports")),
        "{:?}",
        pairs(text)
    );
}

#[test]
fn demonyms_hyphenated_adjectives_and_words_after_numbers_are_not_people() {
    let text = "Chelsea beat Arsenal. But the 25-year-old Dubliner underlined his intention to stay at \
                Manchester City. Wilson, who kept goal in Arsenal's Double-winning team in the 1970s, \
                says Chelsea are good. Bob Wilson criticised the Nike Total 90 Aerow ball.";
    let p = pairs(text);
    for word in ["Dubliner", "Double-winning", "Aerow"] {
        assert!(p.iter().all(|(s, _)| s != word), "{word}: {p:?}");
    }
    // A real name after an age stays a person.
    assert_eq!(id_of("Chelsea beat Arsenal. The 25-year-old Dunne scored.", "Dunne"), ["person:dunne"]);
}

#[test]
fn a_name_opening_a_sentence_is_a_person_when_the_article_writes_it_capitalised_elsewhere() {
    let text = "Arsenal manager Arsene Wenger claimed their display was poor. Kolo Toure's late goal \
                gives the Gunners hope for the second leg. Goalscorer Toure was also at fault.";
    assert_eq!(id_of(text, "Kolo Toure"), ["person:kolo-toure"]);
    assert_eq!(id_of(text, "Toure"), ["person:kolo-toure"]);
    // An ordinary word opening the sentence does not start a name.
    let t = "Arsenal beat Chelsea. Late Drama ended it. Chelsea were beaten by late Drama.";
    assert!(pairs(t).iter().all(|(s, _)| !s.contains("Late")), "{:?}", pairs(t));
}

#[test]
fn in_a_country_before_a_verb_is_the_place_and_before_games_the_team() {
    let text = "Arsenal beat Chelsea. In April a Uefa Congress in Estonia will vote on the measures. \
                \"It's always nice to play in England games,\" Steven Gerrard said.";
    assert_eq!(id_of(text, "Estonia"), ["place:estonia"]);
    assert_eq!(id_of(text, "England"), ["team:england"]);
}

#[test]
fn national_bodies_acronyms_and_counties() {
    // Issue 12: a country or demonym before "FA" / "Football Federation" names one body, its
    // acronym in parentheses names it again later, and "(N Lincolnshire)" is a place.
    let text = "The Uganda FA was suspended and the Bulgarian FA met. The Tanzania Football \
                Federation (TFF) wants a coach, and the TFF will pay him. The Supreme Council of \
                Sports made the call, Chelsea TV said. Ref: N Barry (N Lincolnshire).";
    let p = pairs(text);
    for (surface, id) in [
        ("Uganda FA", "org:uganda-fa"),
        ("Bulgarian FA", "org:bulgarian-fa"),
        ("Tanzania Football Federation", "org:tanzania-football-federation"),
        ("TFF", "org:tanzania-football-federation"),
        ("Supreme Council of Sports", "org:supreme-council-of-sports"),
        ("Chelsea TV", "org:chelsea-tv"),
        ("N Lincolnshire", "place:n-lincolnshire"),
    ] {
        assert!(p.contains(&(surface.into(), id.into())), "{surface}: {p:?}");
    }
    assert!(!p.iter().any(|(_, id)| id == "org:football-association"), "{p:?}");
    // Words opening a quote are sentence starts, not people.
    let p = pairs("Henchoz said: \"Actually I would like to stay. Somebody asked me.\"");
    assert!(!p.iter().any(|(s, _)| s == "Actually" || s == "Somebody"), "{p:?}");
}

#[test]
fn a_given_name_takes_a_surname_that_is_an_ordinary_word() {
    // Colours, seasons and metals are surnames after a known given name; the full name is one
    // person, not a first name alone.
    let text = "Noel Whelan laid the ball off to Jamie Winter on the edge of the box. Birmingham \
                chairman David Gold said he was keen. We are on the attack, then Robert Green's \
                picking it out at the other end. Leaders such as Martin Luther King and others.";
    let p = pairs(text);
    for (surface, id) in [
        ("Jamie Winter", "person:jamie-winter"),
        ("David Gold", "person:david-gold"),
        ("Robert Green", "person:robert-green"),
        ("Martin Luther King", "person:martin-luther-king"),
    ] {
        assert!(p.contains(&(surface.into(), id.into())), "{surface}: {p:?}");
    }
    for first in ["Jamie", "David", "Robert"] {
        assert!(!p.iter().any(|(s, _)| s == first), "{first} alone: {p:?}");
    }
    // Not before a word that names something else ("West Ham"), nor a club word.
    let p = pairs("Striker Jamie moved to West Ham. Midfielder Michael United the fans.");
    assert!(!p.iter().any(|(s, _)| s == "Jamie West" || s == "Michael United"), "{p:?}");
}

#[test]
fn frequent_words_opening_a_sentence_are_not_people() {
    // A frequent English word at the start of a sentence, with nothing else that makes it a
    // name, is an ordinary word (the generated list, tools/common_words.py)...
    let text = "Arsenal beat Chelsea in the league. Agents are offering players left, right and \
                centre. He added: \"Loyalty is important but contracts end.\"";
    let p = pairs(text);
    for w in ["Agents", "Loyalty"] {
        assert!(!p.iter().any(|(s, _)| s == w), "{w}: {p:?}");
    }
    // ...but a surname that is also a word stays a name with a possessive, a football verb
    // after it, or a capitalised use mid-sentence elsewhere.
    let p = pairs("Arsenal beat Chelsea in the league. Miller scored twice. Gray's header won it.");
    assert!(p.iter().any(|(s, _)| s == "Miller"), "{p:?}");
    assert!(p.iter().any(|(s, _)| s == "Gray"), "{p:?}");
    let p = pairs("Arsenal beat Chelsea in the league. Gray is fit. The defender Gray played.");
    assert!(p.iter().filter(|(s, _)| s == "Gray").count() == 2, "{p:?}");
    // An auxiliary after the word is not enough on its own.
    let p = pairs("Arsenal beat Chelsea in the league. Gray is fickle, they say.");
    assert!(!p.iter().any(|(s, _)| s == "Gray"), "{p:?}");
    let p = pairs("Arsenal beat Chelsea in the league. Gray said he was fit.");
    assert!(p.iter().any(|(s, _)| s == "Gray"), "{p:?}");
}

#[test]
fn bookmakers_and_charities_are_organisations() {
    let text = "William Hill is to honour bets on Mendes to score first, although rival firm \
                Ladbrokes will not. Meanwhile, Paddy Power bookmakers will refund all losing bets. \
                I am an ambassador for Unicef, he told radio station Del Plata.";
    let p = pairs(text);
    for (surface, id) in [
        ("William Hill", "org:william-hill"),
        ("Ladbrokes", "org:ladbrokes"),
        ("Paddy Power", "org:paddy-power"),
        ("Unicef", "org:unicef"),
        ("Del Plata", "org:del-plata"),
    ] {
        assert!(p.contains(&(surface.into(), id.into())), "{surface}: {p:?}");
    }
}

#[test]
fn a_country_after_someones_name_or_before_football_is_the_place() {
    let text = "The women's shortlist is Mia Hamm of the United States and Prinz. Jason Damoo of \
                the Seychelles was an assistant referee. The move is not in the interest of \
                Uganda football. The England football team lost to Brazil at the World Cup.";
    assert_eq!(id_of(text, "United States"), ["place:united-states"]);
    assert_eq!(id_of(text, "Seychelles"), ["place:seychelles"]);
    assert_eq!(id_of(text, "Uganda"), ["place:uganda"]);
    assert_eq!(id_of(text, "England"), ["team:england"]);
}

#[test]
fn a_frequent_word_ending_a_longer_capitalised_name_is_not_a_person() {
    let text = "Arsenal beat Chelsea. The award will be named at a glittering ceremony at Zurich's \
                Opera house. I went to bed at 10pm on New Year's Eve as we had a game.";
    let p = pairs(text);
    for w in ["Opera", "Eve"] {
        assert!(!p.iter().any(|(s, _)| s == w), "{w}: {p:?}");
    }
    // A surname after a club's possessive is still a name.
    let p = pairs("Arsenal beat Chelsea. Arsenal's Lauren was banned and Chelsea's Gallas played.");
    assert!(p.iter().any(|(s, _)| s == "Lauren") && p.iter().any(|(s, _)| s == "Gallas"), "{p:?}");
}

#[test]
fn a_countrys_body_or_minister_is_the_place() {
    let text = "Spain's Football Federation has initiated disciplinary action after a request by \
                Spain's anti-violence commission. Spain's minister of sport spoke. England's hopes \
                rest on Rooney at the World Cup.";
    let ids: Vec<String> = pairs(text).into_iter().filter(|(s, _)| s == "Spain").map(|(_, id)| id).collect();
    assert_eq!(ids, ["place:spain", "place:spain", "place:spain"]);
    assert_eq!(id_of(text, "England"), ["team:england"]);
}

#[test]
fn a_world_cup_host_and_its_year_is_the_world_cup() {
    let text = "He was in the side at USA 94 and Korea 2002, and reaching Germany 2006 looks near \
                impossible for Scotland. France 2005 is no tournament.";
    let p = pairs(text);
    for surface in ["USA 94", "Korea 2002", "Germany 2006"] {
        assert!(p.contains(&(surface.into(), "competition:world-cup".into())), "{surface}: {p:?}");
    }
    let p = pairs("He played at Japan and Korea 2002 for Brazil.");
    assert!(p.contains(&("Japan and Korea 2002".into(), "competition:world-cup".into())), "{p:?}");
    assert!(!p.iter().any(|(_, id)| id == "team:japan"), "{p:?}");
    assert!(!p.iter().any(|(s, _)| s.starts_with("France")), "{p:?}");
    // A club's full name takes "Football Club".
    let text = "He wanted to play for Manchester City Football Club. Arsenal beat Chelsea.";
    assert_eq!(id_of(text, "Manchester City Football Club"), ["club:manchester-city"]);
}
