//! Mentions: which actor each stretch of a sentence refers to.
//!
//! This stage turns gazetteer matches into [`Mention`]s (actor id, byte span, kind),
//! resolving office holders by the document's date, merging a title chain into one
//! mention ("Chinese President Xi Jinping" is one CHN mention, not two), and resolving
//! third-person pronouns to the most recent office holder ("he" after "Xi" is CHN).

use serde::Serialize;

use crate::gazetteer::{Gazetteer, NameKind};
use crate::name_words::NameWords;
use crate::sentence::Span;
use crate::token::words;

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A gazetteer name of the given kind.
    Name(NameKind),
    /// A pronoun resolved to an earlier office holder.
    Pronoun,
}

/// One reference to an actor: byte offsets into the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub actor: String,
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

/// Does the text right after a place name continue a longer name ("Gilbert Diendéré")?
/// Words that head a place ("Kunduz Province", "Bagram Airfield") do not.
fn continues_a_name(words: &NameWords, after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let next = &rest[..rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len())];
    next.chars().next().is_some_and(char::is_uppercase)
        && next.chars().count() > 1
        && !words.is_place_head(next)
}

/// Lower-case words that may stand between two names of one actor in a title chain.
const TITLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "foreign",
    "defence",
    "defense",
    "secretary",
    "of",
    "state",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "to",
    "chancellor",
    "leader",
    "king",
    "crown",
    "prince",
    "supreme",
    "national",
    "security",
    "adviser",
    "advisor",
    "envoy",
    "special",
    "representative",
    "chief",
    "vice",
    "deputy",
    "general",
    "emir",
    "sultan",
    "the",
    "counterpart",
    "head",
    "premier",
    "ministry",
    "for",
    "affairs",
    "speaker",
    "army",
    "commander",
    "top",
    "diplomat",
    "council",
    "house",
    "press",
    "white",
    "s",
    "'s",
    "’s",
    "new",
    "then",
    "former",
    "and",
    "sheikh",
    "chairman",
    "chair",
    "chairperson",
    "director",
    "senior",
    "official",
];

/// Titles whose complement names a posting, not an actor: "X's ambassador to Y".
const POSTING: &[&str] = &[
    "ambassador to",
    "envoy to",
    "ambassador in",
    "embassy in",
    "consulate in",
    "mission to",
    "representative to",
    "permanent representative to",
    "special envoy to",
    "special envoy for",
    "envoy for",
    "delegation to",
];

const PRONOUNS: &[&str] = &["he", "she", "his", "her", "him"];

/// Is the gap between two mentions only title words, names and punctuation of a title chain?
fn title_gap(gap: &str) -> bool {
    if gap.len() > 60 || gap.contains(['.', ';', ':', '"', '(', ')', '\n']) {
        return false;
    }
    gap.split(|c: char| c.is_whitespace() || c == '\'' || c == '\u{2019}' || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let first_upper = w.chars().next().is_some_and(char::is_uppercase);
            first_upper || TITLE_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// Per-document state carried from one sentence to the next (for pronouns).
#[derive(Debug, Default, Clone)]
pub struct MentionContext {
    last_person: Option<String>,
    /// Actors of the office holders named so far, most recent last, each once.
    recent_people: Vec<String>,
}

/// Finds the mentions of one sentence. `ctx` carries the last office holder across
/// sentences of a document; start each document with a fresh context.
pub fn find_mentions(
    text: &str,
    sentence: Span,
    gazetteer: &Gazetteer,
    date: Option<&str>,
    ctx: &mut MentionContext,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut last_end = sentence.start;
    let mut people_here: Vec<(usize, String)> = Vec::new();
    for m in gazetteer.scan(text, sentence.start, sentence.end) {
        // "Gen. Gilbert Diendéré", "Victoria Nuland": a place name before a capitalised
        // word that is no place head is part of a longer name; its words stay in the
        // text read for pronouns, where they make the name of an unknown person
        if m.kind == NameKind::Place
            && continues_a_name(gazetteer.words(), &text[m.end..sentence.end])
        {
            continue;
        }
        // "Jose Ramon Cabanas Rodriguez", "Denzel Washington": a city or capital after a
        // capitalised word inside the sentence that is no mention ends a person's name
        if matches!(m.kind, NameKind::Place | NameKind::Capital)
            && out.last().is_none_or(|p| text[p.end..m.start].trim() != "")
            && gazetteer
                .words()
                .ends_a_name(&text[sentence.start..m.start])
        {
            continue;
        }
        // "American singer Chris Brown": a demonym before a private person's noun and
        // name is that person's citizenship; its words stay for the pronoun rules
        if m.kind == NameKind::Demonym
            && gazetteer.words().citizen_after(&text[m.end..sentence.end])
        {
            continue;
        }
        // pronouns between the previous name and this one
        add_pronouns(
            gazetteer.words(),
            text,
            last_end,
            m.start,
            &people_here,
            ctx,
            &mut out,
        );
        last_end = m.end;
        // "Yemen-based militants", "a London-based group": the name says where the
        // group is, not who it is
        if gazetteer.words().locative_after(&text[m.end..]) {
            continue;
        }
        // "Islamic State-held Palmyra", "rebel-controlled Idlib": the holder is the
        // party, the place only where it holds
        if m.kind == NameKind::Place && gazetteer.words().holder_before(&text[..m.start]) {
            continue;
        }
        let Some(actor) = gazetteer.actor_of(m.referent, date) else {
            continue;
        };
        if m.kind == NameKind::Person {
            people_here.push((m.start, actor.id.clone()));
        }
        if let Some(prev) = out.last() {
            // "China's ambassador to France" acts for China: the posting is part of the title
            // compared without regard to ASCII case, without a lower-case copy: the
            // phrases are ASCII and have no "k" (the Kelvin sign lower-cases to one)
            let gap = text[prev.end..m.start]
                .trim_start_matches(['\'', '\u{2019}', 's', 'S'])
                .trim();
            if POSTING.iter().any(|p| gap.eq_ignore_ascii_case(p)) {
                continue;
            }
        }
        if let Some(prev) = out.last_mut() {
            if prev.actor == actor.id
                && prev.kind != MentionKind::Pronoun
                && title_gap(&text[prev.end..m.start])
            {
                prev.end = m.end;
                // "Kunduz, Afghanistan" names the state; "Putin" after "Russia's" the
                // office holder
                if m.kind == NameKind::Person || prev.kind == MentionKind::Name(NameKind::Place) {
                    prev.kind = MentionKind::Name(m.kind);
                }
                continue;
            }
        }
        out.push(Mention {
            actor: actor.id.clone(),
            start: m.start,
            end: m.end,
            kind: MentionKind::Name(m.kind),
        });
    }
    add_pronouns(
        gazetteer.words(),
        text,
        last_end,
        sentence.end,
        &people_here,
        ctx,
        &mut out,
    );
    if let Some((_, a)) = people_here.last() {
        ctx.last_person = Some(a.clone());
    }
    for (_, a) in &people_here {
        ctx.recent_people.retain(|x| x != a);
        ctx.recent_people.push(a.clone());
    }
    out
}

/// Bare titles that refer back to an office holder: "the president said".
const BARE_TITLES: &[&str] = &[
    "president",
    "chancellor",
    "premier",
    "king",
    "emir",
    "sultan",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "leader",
];

fn add_pronouns(
    name_words: &NameWords,
    text: &str,
    from: usize,
    to: usize,
    people_here: &[(usize, String)],
    ctx: &MentionContext,
    out: &mut Vec<Mention>,
) {
    if from >= to {
        return;
    }
    // the lists are ASCII, so comparing without regard to ASCII case needs no
    // lower-case copy of every word
    let is = |w: &str, list: &[&str]| list.iter().any(|l| w.eq_ignore_ascii_case(l));
    let mut ws = words(&text[from..to]).peekable();
    let mut prev = "";
    // "executes Kelly Gissendaner for her role", "Abu Zubaydah says he": after a person
    // the gazetteer does not know, "he"/"her" are that person, not an office holder
    let mut unknown_person = false;
    while let Some((off, word)) = ws.next() {
        let before = std::mem::replace(&mut prev, word);
        let start = from + off;
        let capitalised = |w: &str| {
            w.len() > 1
                && w.starts_with(char::is_uppercase)
                && !is(w, PRONOUNS)
                && !is(w, TITLE_WORDS)
                && !name_words.starts_no_person(w)
        };
        if capitalised(word) && capitalised(before) {
            unknown_person = true;
        }
        // most words are none of these: the cheap tests come first
        // "the two leaders", "both leaders": the last two office holders named
        if ctx.recent_people.len() >= 2
            && is(before, &["two", "both"])
            && is(word, &["leaders", "presidents", "ministers", "sides"])
        {
            for actor in &ctx.recent_people[ctx.recent_people.len() - 2..] {
                out.push(Mention {
                    actor: actor.clone(),
                    start,
                    end: start + word.len(),
                    kind: MentionKind::Pronoun,
                });
            }
            continue;
        }
        let pronoun = word.len() <= 3 && is(word, PRONOUNS);
        // "the president said": a bare title (lower case, after "the", no "of X")
        let bare_title = !pronoun
            && before.eq_ignore_ascii_case("the")
            && word.starts_with(char::is_lowercase)
            && is(word, BARE_TITLES)
            && !ws
                .peek()
                .is_some_and(|&(_, next)| next.eq_ignore_ascii_case("of"));
        if !pronoun && !bare_title {
            continue;
        }
        if unknown_person && pronoun {
            continue;
        }
        let antecedent = people_here
            .iter()
            .rev()
            .find(|(p, _)| *p < start)
            .map(|(_, a)| a.clone())
            .or_else(|| ctx.last_person.clone());
        if let Some(actor) = antecedent {
            out.push(Mention {
                actor,
                start,
                end: start + word.len(),
                kind: MentionKind::Pronoun,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentioned(text: &str) -> Vec<(&str, String)> {
        let gazetteer = Gazetteer::default_set().unwrap();
        let span = Span {
            start: 0,
            end: text.len(),
        };
        let mut ctx = MentionContext::default();
        find_mentions(text, span, &gazetteer, None, &mut ctx)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.actor))
            .collect()
    }

    #[test]
    fn words_around_names() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            // an institution the gazetteer knows is no unknown person before "he"
            (
                "Vladimir Putin spoke at the White House, where he praised Kenya.",
                &[
                    ("Vladimir Putin", "RUS"),
                    ("White House", "USA"),
                    ("he", "RUS"),
                    ("Kenya", "KEN"),
                ],
            ),
            // after a person the gazetteer does not know, "she" is that person
            (
                "Vladimir Putin met Anna Kowalska, and she praised Kenya.",
                &[("Vladimir Putin", "RUS"), ("Kenya", "KEN")],
            ),
            // a day name and an opener start no person's name
            (
                "On Monday Vladimir Putin said he backs Kenya.",
                &[("Vladimir Putin", "RUS"), ("he", "RUS"), ("Kenya", "KEN")],
            ),
            // "-based": where a group is, not who it is
            ("Yemen-based militants attacked Kenya.", &[("Kenya", "KEN")]),
            // "-held": the holder is the party, the place only where it holds
            ("Russian-held Kherson was shelled.", &[("Russian", "RUS")]),
            // a place head keeps the place; another capitalised word makes a name
            ("Shelling hit Kherson Oblast.", &[("Kherson Oblast", "UKR")]),
            // a city after a capitalised word inside the sentence ends a person's name;
            // after a place prefix it stays a place
            (
                "Kenya hosted Maria Elena Mendoza on Monday.",
                &[("Kenya", "KEN")],
            ),
            ("Shelling hit Mount Sinjar.", &[("Sinjar", "IRQ")]),
            // a demonym before a private person's noun and name is citizenship
            (
                "Kenya deported British tourist Mark Ellis.",
                &[("Kenya", "KEN")],
            ),
            // before a state's agent it stays
            (
                "Kenya expelled British diplomat Mark Ellis.",
                &[("Kenya", "KEN"), ("British", "GBR")],
            ),
        ];
        for (text, want) in cases {
            let got = mentioned(text);
            let want: Vec<(&str, String)> = want.iter().map(|(t, a)| (*t, a.to_string())).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_posting_is_part_of_the_title() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "China's ambassador to France met Peru.",
                &[("China", "CHN"), ("Peru", "PER")],
            ),
            (
                "China’s Ambassador To France met Peru.",
                &[("China", "CHN"), ("Peru", "PER")],
            ),
            ("the embassy in France", &[("France", "FRA")]),
            (
                "China's envoy met France",
                &[("China", "CHN"), ("France", "FRA")],
            ),
            ("China and France", &[("China", "CHN"), ("France", "FRA")]),
        ];
        for (text, want) in cases {
            let got = mentioned(text);
            let want: Vec<(&str, String)> = want.iter().map(|(t, a)| (*t, a.to_string())).collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
