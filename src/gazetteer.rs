//! The gazetteer: actors, the names that refer to them, and the people who act for them.
//!
//! It owns the vocabulary of `data/actors/*.toml` (see `data/README.md`) and one
//! Aho-Corasick automaton over every name, demonym, capital, institution and office
//! holder. [`Gazetteer::scan`] finds names in a span of text on word boundaries, longest
//! match first, case-sensitively ("US" the country, never "us" the pronoun); a name listed
//! in `not_actors.toml` shadows the shorter actor names inside it ("Latin America").
//! People resolve to the actor whose office they hold on the document's date. Places
//! (`places.tsv`: cities, regions, bases, crossings) resolve to the state they lie in,
//! as [`NameKind::Place`]: a location, never an actor that acts.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::{line_col, toml_error, Error, Result};
use crate::name_words::NameWords;
use crate::token::WordAutomaton;

/// What kind of actor a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Country,
    Organization,
    Bloc,
    Group,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Organization => "organization",
            ActorKind::Bloc => "bloc",
            ActorKind::Group => "group",
        }
    }
}

/// A node of the graph: a state, organization, bloc or armed group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
}

/// One term of office: `from` inclusive, `to` exclusive, dates `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Office {
    pub actor: String,
    pub role: String,
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
}

/// A person who acts for an actor while in office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub offices: Vec<Office>,
}

impl Person {
    /// The office held on `date`; with no date, the latest office.
    pub fn office_on(&self, date: Option<&str>) -> Option<&Office> {
        match date {
            Some(d) => self
                .offices
                .iter()
                .filter(|o| o.from.as_str() <= d && o.to.as_deref().is_none_or(|t| d < t))
                .min_by_key(|o| role_rank(&o.role)),
            None => self.offices.iter().max_by(|a, b| a.from.cmp(&b.from)),
        }
    }
}

fn role_rank(role: &str) -> u8 {
    match role {
        "head_of_state" => 0,
        "head_of_government" => 1,
        "foreign_minister" => 2,
        "secretary_general" => 3,
        _ => 9,
    }
}

/// How a name refers to its actor; shown by `stancegraph actors` and `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Name,
    Demonym,
    Capital,
    Institution,
    Person,
    /// An armed force, coast guard, intelligence service or command (`forces.toml`).
    Force,
    /// A city, region, base, crossing or territory of the actor (`places.tsv`): where
    /// something happened or what was hit, never the source of a stance.
    Place,
    NotActor,
}

impl NameKind {
    pub fn describe(self) -> &'static str {
        match self {
            NameKind::Name => "name",
            NameKind::Demonym => "demonym",
            NameKind::Capital => "capital or seat",
            NameKind::Institution => "institution",
            NameKind::Person => "office holder",
            NameKind::Force => "force or agency",
            NameKind::Place => "place",
            NameKind::NotActor => "not an actor",
        }
    }
}

/// What a gazetteer name points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    /// Index into [`Gazetteer::actors`].
    Actor(usize),
    /// Index into [`Gazetteer::people`].
    Person(usize),
    /// Index into the dated forces: a force that acts for a state between two dates
    /// ("Arab coalition": the coalition Saudi Arabia has led in Yemen since 2015).
    DatedForce(usize),
    /// A name that is known not to be an actor.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    referent: Referent,
    kind: NameKind,
    /// Where the name was defined, for `actors` explanations: index into `origins`.
    origin: usize,
    /// For a place, what its `places.tsv` row says it is, for `actors` explanations.
    place: Option<PlaceKind>,
}

/// What a row of `places.tsv` says a place is (its third column). Extraction treats
/// every kind alike ([`NameKind::Place`]); `actors` says which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    City,
    /// A first-level region (province, oblast, governorate, state...).
    Region,
    Base,
    Crossing,
}

impl PlaceKind {
    /// The kind named in the third column, if it is one of these.
    pub fn parse(column: &str) -> Option<PlaceKind> {
        match column.trim() {
            "city" => Some(PlaceKind::City),
            "region" => Some(PlaceKind::Region),
            "base" => Some(PlaceKind::Base),
            "crossing" => Some(PlaceKind::Crossing),
            _ => None,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
            PlaceKind::Base => "base",
            PlaceKind::Crossing => "crossing",
        }
    }
}

/// A name found in text: byte offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    pub start: usize,
    pub end: usize,
    pub referent: Referent,
    pub kind: NameKind,
}

/// How a name resolves, for `stancegraph actors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub name: String,
    /// `None` when the name is known but is not an actor (or a former office holder).
    pub actor: Option<Actor>,
    /// How the name refers to the actor; `None` for an actor id.
    pub kind: Option<NameKind>,
    pub why: String,
}

/// The loaded vocabulary of actors and names, with its automaton.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    people: Vec<Person>,
    /// `[[dated_force]]` records: a name and the state it acts for, with dates.
    dated_forces: Vec<Person>,
    names: Vec<String>,
    entries: Vec<Entry>,
    origins: Vec<String>,
    automaton: WordAutomaton,
    /// The words around names that change what a match means (`data/name_words.toml`).
    words: NameWords,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorFile {
    #[serde(default)]
    actor: Vec<ActorRecord>,
    #[serde(default)]
    person: Vec<PersonRecord>,
    /// Forces that act for a state only between two dates: the same fields as a
    /// person, with the state and dates as an office.
    #[serde(default)]
    dated_force: Vec<PersonRecord>,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorRecord {
    id: String,
    name: Option<String>,
    kind: Option<ActorKind>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    capitals: Vec<String>,
    #[serde(default)]
    institutions: Vec<String>,
    #[serde(default)]
    forces: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonRecord {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    offices: Vec<Office>,
}

/// The gazetteer compiled into the binary: `data/actors/*.toml`.
pub const DEFAULT_SOURCES: &[(&str, &str)] = &[
    (
        "data/actors/countries.toml",
        include_str!("../data/actors/countries.toml"),
    ),
    (
        "data/actors/organizations.toml",
        include_str!("../data/actors/organizations.toml"),
    ),
    (
        "data/actors/people.toml",
        include_str!("../data/actors/people.toml"),
    ),
    (
        "data/actors/forces.toml",
        include_str!("../data/actors/forces.toml"),
    ),
    (
        "data/actors/not_actors.toml",
        include_str!("../data/actors/not_actors.toml"),
    ),
];

/// The compiled-in table of places (see `data/README.md`, Places).
pub const DEFAULT_PLACES: (&str, &str) = (
    "data/actors/places.tsv",
    include_str!("../data/actors/places.tsv"),
);

/// A default file as `build.rs` pre-parsed it: JSON, or `null` if the TOML has to be
/// parsed at run time.
macro_rules! pre_parsed {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $path, ".json"))
    };
}

/// [`DEFAULT_SOURCES`], in the same order, as `build.rs` pre-parsed them.
const DEFAULT_JSON: &[&str] = &[
    pre_parsed!("data/actors/countries.toml"),
    pre_parsed!("data/actors/organizations.toml"),
    pre_parsed!("data/actors/people.toml"),
    pre_parsed!("data/actors/forces.toml"),
    pre_parsed!("data/actors/not_actors.toml"),
];

/// Collects actor files, then [`GazetteerBuilder::build`]s the automaton. Later files
/// win: a name defined again points at the later actor, so user files can correct the
/// defaults.
#[derive(Debug, Default, PartialEq)]
pub struct GazetteerBuilder {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    people: Vec<Person>,
    dated_forces: Vec<Person>,
    names: BTreeMap<String, Entry>,
    /// The files added so far, in order; [`Entry::origin`] indexes it.
    origins: Vec<String>,
}

fn place_error(origin: &str, line: usize, message: &str) -> Error {
    Error::BadResource {
        path: origin.to_string(),
        line: line + 1,
        column: 1,
        message: message.to_string(),
    }
}

fn resource_error(origin: &str, text: &str, needle: &str, message: String) -> Error {
    let (line, column) = text.find(needle).map_or((1, 1), |p| line_col(text, p));
    Error::BadResource {
        path: origin.to_string(),
        line,
        column,
        message,
    }
}

/// A person or dated force, its office dates checked.
fn dated_record(origin: &str, text: &str, rec: &PersonRecord) -> Result<Person> {
    for o in &rec.offices {
        let bad_date = |d: &str| !crate::document::is_iso_date(d);
        if bad_date(&o.from) || o.to.as_deref().is_some_and(bad_date) {
            return Err(resource_error(
                origin,
                text,
                &rec.name,
                format!("{}: office dates must be YYYY-MM-DD", rec.name),
            ));
        }
    }
    Ok(Person {
        name: rec.name.clone(),
        offices: rec.offices.clone(),
    })
}

impl GazetteerBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The builder with the compiled-in default files loaded.
    pub fn with_defaults() -> Result<Self> {
        let mut b = Self::new();
        for (i, &(origin, text)) in DEFAULT_SOURCES.iter().enumerate() {
            // The JSON is the same document as the TOML; if it does not load, the TOML
            // says why.
            let json = DEFAULT_JSON.get(i).copied().unwrap_or("null");
            match serde_json::from_str::<Option<ActorFile>>(json) {
                Ok(Some(file)) => b.add_file(origin, text, file)?,
                _ => b.add_toml(origin, text)?,
            };
        }
        b.add_places(DEFAULT_PLACES.0, DEFAULT_PLACES.1)?;
        Ok(b)
    }

    /// Adds a table of places: one `name<TAB>country id<TAB>kind` a line, `#` comments.
    /// A place never shadows a name defined before it (a capital stays the state's
    /// metonym); it needs its country to be loaded already.
    pub fn add_places(&mut self, origin: &str, text: &str) -> Result<&mut Self> {
        self.origins.push(origin.to_string());
        let from = self.origins.len() - 1;
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(name), Some(id)) = (cols.next(), cols.next()) else {
                return Err(place_error(
                    origin,
                    i,
                    "expected name<TAB>country id<TAB>kind",
                ));
            };
            let Some(&idx) = self.by_id.get(id) else {
                return Err(place_error(origin, i, &format!("unknown actor {id:?}")));
            };
            if !self.names.contains_key(name) {
                let entry = Entry {
                    referent: Referent::Actor(idx),
                    kind: NameKind::Place,
                    origin: from,
                    place: cols.next().and_then(PlaceKind::parse),
                };
                self.add_entry(name, entry);
            }
        }
        Ok(self)
    }

    /// Adds one TOML file of actors, people and non-actor names. `origin` names it in errors.
    pub fn add_toml(&mut self, origin: &str, text: &str) -> Result<&mut Self> {
        let file: ActorFile = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        self.add_file(origin, text, file)
    }

    /// Adds the records of one parsed file; `text` is its TOML, for error positions.
    fn add_file(&mut self, origin: &str, text: &str, file: ActorFile) -> Result<&mut Self> {
        self.origins.push(origin.to_string());
        let from = self.origins.len() - 1;
        for rec in file.actor {
            let idx = match self.by_id.get(&rec.id) {
                Some(&i) => {
                    if let Some(n) = rec.name {
                        self.actors[i].name = n;
                    }
                    if let Some(k) = rec.kind {
                        self.actors[i].kind = k;
                    }
                    i
                }
                None => {
                    let (Some(name), Some(kind)) = (rec.name, rec.kind) else {
                        return Err(resource_error(
                            origin,
                            text,
                            &format!("\"{}\"", rec.id),
                            format!("new actor {:?} needs both `name` and `kind`", rec.id),
                        ));
                    };
                    self.actors.push(Actor {
                        id: rec.id.clone(),
                        name,
                        kind,
                    });
                    self.by_id.insert(rec.id.clone(), self.actors.len() - 1);
                    self.actors.len() - 1
                }
            };
            let display = self.actors[idx].name.clone();
            let lists = [
                (
                    NameKind::Name,
                    rec.names
                        .iter()
                        .chain(std::iter::once(&display))
                        .collect::<Vec<_>>(),
                ),
                (NameKind::Demonym, rec.demonyms.iter().collect()),
                (NameKind::Capital, rec.capitals.iter().collect()),
                (NameKind::Institution, rec.institutions.iter().collect()),
                (NameKind::Force, rec.forces.iter().collect()),
            ];
            for (kind, list) in lists {
                for n in list {
                    self.add_name(n, Referent::Actor(idx), kind, from);
                }
            }
        }
        for rec in file.person {
            let idx = self.people.len();
            let person = dated_record(origin, text, &rec)?;
            self.people.push(person);
            for n in std::iter::once(&rec.name).chain(rec.aliases.iter()) {
                self.add_name(n, Referent::Person(idx), NameKind::Person, from);
            }
        }
        for rec in file.dated_force {
            let idx = self.dated_forces.len();
            let force = dated_record(origin, text, &rec)?;
            self.dated_forces.push(force);
            for n in std::iter::once(&rec.name).chain(rec.aliases.iter()) {
                self.add_name(n, Referent::DatedForce(idx), NameKind::Force, from);
            }
        }
        for n in &file.names {
            self.add_name(n, Referent::Nothing, NameKind::NotActor, from);
        }
        Ok(self)
    }

    fn add_name(&mut self, name: &str, referent: Referent, kind: NameKind, origin: usize) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let entry = Entry {
            referent,
            kind,
            origin,
            place: None,
        };
        self.add_entry(name, entry);
    }

    /// Adds one name, under both apostrophes. The same name again for the same thing (an
    /// actor's name restated by a later file that adds to the actor) keeps where it was
    /// first defined, which `actors` gives as its source.
    fn add_entry(&mut self, name: &str, entry: Entry) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if self
            .names
            .get(name)
            .is_some_and(|e| e.referent == entry.referent && e.kind == entry.kind)
        {
            return;
        }
        // Curly and straight apostrophes are the same name.
        if name.contains(['\'', '\u{2019}']) {
            self.names.insert(name.replace('\'', "\u{2019}"), entry);
            self.names.insert(name.replace('\u{2019}', "'"), entry);
        }
        self.names.insert(name.to_string(), entry);
    }

    /// Checks that every office names a known actor and compiles the automaton.
    pub fn build(self) -> Result<Gazetteer> {
        for p in self.people.iter().chain(&self.dated_forces) {
            for o in &p.offices {
                if !self.by_id.contains_key(&o.actor) {
                    return Err(Error::BadResource {
                        path: "gazetteer".into(),
                        line: 1,
                        column: 1,
                        message: format!(
                            "{} holds an office of unknown actor {:?}",
                            p.name, o.actor
                        ),
                    });
                }
            }
        }
        let (names, entries): (Vec<String>, Vec<Entry>) = self.names.into_iter().unzip();
        // Dense transition tables only down to one byte deep (the default goes to two):
        // 1.1 MB less to fill and page in, about a fifth less time to build, and news
        // text scans as fast (BENCHMARKS.md, Start-up).
        let automaton = WordAutomaton::new(&names, Some(2)).map_err(|e| Error::BadResource {
            path: "gazetteer".into(),
            line: 1,
            column: 1,
            message: e.to_string(),
        })?;
        Ok(Gazetteer {
            actors: self.actors,
            by_id: self.by_id,
            people: self.people,
            dated_forces: self.dated_forces,
            names,
            entries,
            origins: self.origins,
            automaton,
            words: NameWords::default_set()?,
        })
    }
}

impl Gazetteer {
    /// The compiled-in default gazetteer.
    pub fn default_set() -> Result<Self> {
        GazetteerBuilder::with_defaults()?.build()
    }

    /// The words around names that change what a match means.
    pub fn words(&self) -> &NameWords {
        &self.words
    }

    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    /// The actor a referent stands for on `date` (people by their office then).
    pub fn actor_of(&self, referent: Referent, date: Option<&str>) -> Option<&Actor> {
        match referent {
            Referent::Actor(i) => self.actors.get(i),
            Referent::Person(i) => {
                let office = self.people.get(i)?.office_on(date)?;
                self.actor(&office.actor)
            }
            Referent::DatedForce(i) => {
                let office = self.dated_forces.get(i)?.office_on(date)?;
                self.actor(&office.actor)
            }
            Referent::Nothing => None,
        }
    }

    /// Every gazetteer name in `text[start..end]`, on word boundaries, leftmost-longest.
    /// Offsets are into `text`.
    pub fn scan(&self, text: &str, start: usize, end: usize) -> Vec<NameMatch> {
        let hay = &text[start..end];
        self.automaton
            .find(hay)
            .into_iter()
            .map(|(s, e, p)| {
                let entry = &self.entries[p];
                NameMatch {
                    start: start + s,
                    end: start + e,
                    referent: entry.referent,
                    kind: entry.kind,
                }
            })
            .collect()
    }

    /// Resolves a name as a user types it: an actor id ("CHN"), a gazetteer name exactly
    /// ("the Kremlin" without its article), or any case ("china"). People resolve on `date`.
    pub fn resolve(&self, query: &str, date: Option<&str>) -> Option<Resolution> {
        let q = query.trim();
        let q = q
            .strip_prefix("the ")
            .or_else(|| q.strip_prefix("The "))
            .unwrap_or(q);
        if let Some(a) = self.actor(q).or_else(|| self.actor(&q.to_uppercase())) {
            return Some(Resolution {
                name: query.to_string(),
                actor: Some(a.clone()),
                kind: None,
                why: "actor id".into(),
            });
        }
        let find = |q: &str| {
            self.names.iter().position(|n| n == q).or_else(|| {
                let lower = q.to_lowercase();
                self.names.iter().position(|n| n.to_lowercase() == lower)
            })
        };
        // "Tavush Province": a place name and a word that heads a place is that place,
        // as it is in running text (mention.rs); places.tsv keeps only the bare name.
        // "State" is left to the rows: after a city it names a university or a team
        // ("Alexandria State") as often as a region ("Kano State" is a row)
        let idx = find(q).or_else(|| {
            let (stem, head) = q.rsplit_once(' ')?;
            let i = find(stem).filter(|&i| self.entries[i].kind == NameKind::Place)?;
            (self.words.is_place_head(head) && !head.eq_ignore_ascii_case("state")).then_some(i)
        })?;
        let e = &self.entries[idx];
        let actor = self.actor_of(e.referent, date).cloned();
        let why = match (e.referent, &actor) {
            (Referent::Person(p), Some(a)) => {
                let person = &self.people[p];
                let office = person.office_on(date);
                format!(
                    "office holder: {} ({} of {}{}, from {}{}) [{}]",
                    person.name,
                    office.map_or("", |o| o.role.as_str()),
                    a.name,
                    "",
                    office.map_or("", |o| o.from.as_str()),
                    office
                        .and_then(|o| o.to.as_deref())
                        .map_or(String::new(), |t| format!(" to {t}")),
                    self.origins[e.origin]
                )
            }
            (Referent::Person(p), None) => format!(
                "{} holds no office on {} [{}]",
                self.people[p].name,
                date.unwrap_or("any date"),
                self.origins[e.origin]
            ),
            (Referent::DatedForce(f), Some(a)) => {
                let office = self.dated_forces[f].office_on(date);
                format!(
                    "force or agency of {} (from {}{}) [{}]",
                    a.name,
                    office.map_or("", |o| o.from.as_str()),
                    office
                        .and_then(|o| o.to.as_deref())
                        .map_or(String::new(), |t| format!(" to {t}")),
                    self.origins[e.origin]
                )
            }
            (Referent::DatedForce(f), None) => format!(
                "{} acts for no state on {} [{}]",
                self.dated_forces[f].name,
                date.unwrap_or("any date"),
                self.origins[e.origin]
            ),
            (_, Some(a)) => format!(
                "{} {} {} [{}]",
                e.place.map_or(e.kind.describe(), PlaceKind::describe),
                if e.kind == NameKind::Place {
                    "in"
                } else {
                    "of"
                },
                a.name,
                self.origins[e.origin]
            ),
            (_, None) => format!("listed as not an actor [{}]", self.origins[e.origin]),
        };
        Some(Resolution {
            name: query.to_string(),
            actor,
            kind: Some(e.kind),
            why,
        })
    }

    /// Resolves a name or fails with [`Error::UnknownActor`]; for `--from`/`--to`.
    pub fn resolve_actor(&self, query: &str) -> Result<Actor> {
        self.resolve(query, None)
            .and_then(|r| r.actor)
            .ok_or_else(|| Error::UnknownActor(query.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
names = ["Latin America", "Atlanta, Georgia"]

[[actor]]
id = "USA"
name = "United States"
kind = "country"
names = ["US", "U.S.", "America"]
institutions = ["White House"]

[[actor]]
id = "GEO"
name = "Georgia"
kind = "country"

[[person]]
name = "Jane Roe"
aliases = ["Roe"]
offices = [{ actor = "USA", role = "foreign_minister", from = "2020-01-01", to = "2022-01-01" }]
"#;

    fn small() -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_toml("small.toml", SMALL).unwrap();
        b.build().unwrap()
    }

    #[test]
    fn scan_respects_case_boundaries_and_shadows() {
        let g = small();
        let cases: &[(&str, &[&str])] = &[
            ("The US and us", &["US"]),
            ("USAID and the U.S.-backed plan", &["U.S."]),
            ("Latin America and America", &["America"]),
            ("the White House said", &["White House"]),
            ("in Atlanta, Georgia and in Georgia", &["Georgia"]),
            ("Roe’s visit", &["Roe"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = g
                .scan(text, 0, text.len())
                .into_iter()
                .filter(|m| m.referent != Referent::Nothing)
                .map(|m| &text[m.start..m.end])
                .collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn people_resolve_by_date() {
        let g = small();
        let on = |d| g.resolve("Roe", d).and_then(|r| r.actor).map(|a| a.id);
        assert_eq!(on(Some("2021-06-01")), Some("USA".into()));
        assert_eq!(on(Some("2023-06-01")), None);
        assert_eq!(on(None), Some("USA".into()));
    }

    #[test]
    fn pre_parsed_defaults_load_as_the_toml_does() {
        assert_eq!(DEFAULT_JSON.len(), DEFAULT_SOURCES.len());
        assert!(
            DEFAULT_JSON.iter().all(|j| *j != "null"),
            "build.rs left a default file to be parsed at run time"
        );
        let mut from_toml = GazetteerBuilder::new();
        for (origin, text) in DEFAULT_SOURCES {
            from_toml.add_toml(origin, text).unwrap();
        }
        from_toml
            .add_places(DEFAULT_PLACES.0, DEFAULT_PLACES.1)
            .unwrap();
        assert_eq!(GazetteerBuilder::with_defaults().unwrap(), from_toml);
    }

    #[test]
    fn malformed_file_names_line_and_column() {
        let mut b = GazetteerBuilder::new();
        let err = b
            .add_toml("bad.toml", "[[actor]]\nid = \"X\"\nname = 5\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bad.toml:3:"), "{err}");
    }
}
