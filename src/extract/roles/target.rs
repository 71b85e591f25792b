//! The target: toward whom the stance is taken.
//!
//! For a verb, the first mention after the cue in its clause (or in the complement
//! clause after "that": "demanded that X ..."), with its conjuncts; a name after "in",
//! "since", "after"... is a time or place and ends the search, and what follows "as"
//! describes the object rather than naming one ([`object`]). For a noun, the first
//! name after one of its prepositions ("sanctions on X", "war in X", [`noun_object`]).
//! For `mediates`, every party after the cue. Then the fallbacks: the recipient of a
//! light verb, "under EU sanctions" ([`under`]), the relative pronoun ("Cyprus, which
//! Turkey does not recognize", [`relative_object`]). [`pairs`] makes the edges.
//! "attacked the proclamation ... by X" aims at the act's author ([`author_after_by`]).

use super::{Draft, Pick, Site};
use crate::extract::view::SentenceView;
use crate::extract::words::{AGENT_NOUNS, DETERMINERS};
use crate::gazetteer::NameKind;
use crate::lexicon::CueForm;
use crate::mention::MentionKind;
use crate::stance::{StanceClass, StanceType};

/// Prepositions after an event noun that introduce its object: "sanctions on X".
const NOUN_TARGET_PREPS: &[&str] = &[
    "of", "against", "on", "with", "to", "toward", "towards", "in", "into", "over", "for",
    "between", "upon", "from", "at",
];

/// Prepositions that make a following name a time or place, not the object of a verb.
const NOT_OBJECT_PREPS: &[&str] = &[
    "in",
    "at",
    "during",
    "since",
    "after",
    "before",
    "amid",
    "despite",
    "following",
    "until",
    "like",
    "as",
];

/// "attacked the proclamation ... by X": an attack on an act (read as denouncing it,
/// [`crate::extract::cue::stance_here`]) aims at the act's author after "by".
pub(super) fn author_after_by(s: &Site, d: &Draft) -> Option<Pick> {
    if !(s.stance == StanceType::Denounces
        && s.cue_stance == StanceType::Attacks
        && !d.sources.is_empty())
    {
        return None;
    }
    let v = s.v;
    let (ct1, n) = (s.ct1, v.toks.len());
    let a = (ct1 + 1..s.clause.to.min(ct1 + 20))
        .find(|&i| v.lower(i) == "by")
        .and_then(|b| {
            (b + 1..(b + 6).min(n))
                .take_while(|&k| {
                    let w = v.lower(k);
                    v.mention_starting_at(k).is_some()
                        || DETERMINERS.contains(&w)
                        || AGENT_NOUNS.contains(&w)
                        || w == "of"
                })
                .find_map(|k| v.mention_starting_at(k))
        })?;
    let pairs = d
        .sources
        .iter()
        .map(|&src| (v.actor(src), v.actor(a), None))
        .collect();
    Some(Pick {
        pairs,
        confidence: 0.6,
        why: format!("{}; target: the author of the act, after 'by'", d.why),
    })
}

/// The mentions after the cue that may be its object: up to the end of the clause (or
/// of the complement clause after "that") and 16 tokens, never the speaker; for a verb,
/// none from a time or place phrase on.
fn after_cue(s: &Site) -> Vec<usize> {
    let v = s.v;
    let (ct1, n) = (s.ct1, v.toks.len());
    // "demanded that X ...": the object is the subject of the complement clause.
    let clause_end = if ct1 + 1 < n && v.lower(ct1 + 1) == "that" {
        s.clauses
            .iter()
            .find(|c| c.from > ct1)
            .map_or(s.clause.to, |c| c.to)
    } else {
        s.clause.to
    };
    let limit = clause_end.min(ct1 + 16);
    let is_verb = s.form != CueForm::Noun;
    let speaker_mention = s.speaker.map(|(_, m)| *m);
    let right: Vec<usize> = (0..v.mentions.len())
        .filter(|&m| v.mtok[m].0 > ct1 && v.mtok[m].0 < limit)
        .filter(|&m| Some(m) != speaker_mention)
        .collect();
    if !is_verb {
        return right;
    }
    // for verbs, a name after "in", "since", "after"… is a time or place, not an
    // object, and so is everything after it
    // a cue that ends in its own preposition ("opened an embassy in") takes the
    // name right after it
    let own_prep = |m: usize| v.mtok[m].0 == ct1 + 1 && NOT_OBJECT_PREPS.contains(&v.lower(ct1));
    // "allies such as Germany": an example names the object
    let such_as = |m: usize| {
        let a = v.mtok[m].0;
        a >= 2 && v.lower(a - 1) == "as" && v.lower(a - 2) == "such"
    };
    // "condemned the raids as a violation of X's sovereignty": what follows
    // "as" describes the object, it names none
    let described = |m: usize| {
        (ct1 + 1..v.mtok[m].0).any(|i| v.lower(i) == "as" && v.lower(i + 1) != "well")
            && !such_as(m)
    };
    // "deployed troops at the request of Niger": the requester is no object
    let requested = |m: usize| {
        (ct1 + 1..v.mtok[m].0).any(|i| v.lower(i) == "request" && request_governor(v, i).is_some())
    };
    // "struck targets in Syria", "shelled positions in northern Iraq": after a struck
    // thing the place it is in is what the attack hits
    let struck_in = |m: usize| {
        let a = v.mtok[m].0;
        matches!(s.stance, StanceType::Attacks | StanceType::Coerces)
            && (ct1 + 2..a).rev().take(3).any(|i| {
                v.lower(i) == "in"
                    && STRUCK_HEADS.contains(&v.lower(i - 1))
                    && i - 1 <= ct1 + 3
                    && (i + 1..a).all(|k| {
                        DIRECTIONS.contains(&v.lower(k)) || DETERMINERS.contains(&v.lower(k))
                    })
            })
    };
    let stop = right.iter().position(|&m| {
        v.mtok[m].0 > 0
            && !struck_in(m)
            && NOT_OBJECT_PREPS.contains(&v.lower(v.mtok[m].0 - 1))
            && !own_prep(m)
            && !such_as(m)
            || described(m)
            || requested(m)
    });
    right[..stop.unwrap_or(right.len())].to_vec()
}

/// Fills `d.targets` with the cue's object and its conjuncts (for `mediates`, every
/// party after the cue), else the recipient of a light verb.
pub(super) fn object(s: &Site, d: &mut Draft) {
    let v = s.v;
    let ct1 = s.ct1;
    let right = after_cue(s);
    if s.stance == StanceType::Mediates {
        // the parties: the first name after the cue and those coordinated with it
        d.targets = right
            .first()
            .map(|&f| v.coordinated(f))
            .unwrap_or_default()
            .into_iter()
            .filter(|m| v.mtok[*m].0 > ct1 && !d.sources.contains(m))
            .collect();
    } else if let Some(first) = if s.form == CueForm::Noun {
        noun_object(v, ct1, s.cue_stance)
    } else {
        right.first().copied()
    } {
        // "joined the war effort against X": whom a cooperation is against is not
        // its partner
        let against = (ct1 + 1..v.mtok[first].0).any(|i| v.lower(i) == "against");
        if !(against && s.stance.class() == StanceClass::Cooperative) {
            d.targets = v
                .coordinated(first)
                .into_iter()
                .filter(|m| v.mtok[*m].0 > ct1)
                .collect();
        }
    }
    if d.targets.is_empty() {
        if let Some(m) = d.indirect.filter(|m| !d.sources.contains(m)) {
            d.targets = vec![m];
        }
    }
}

/// The object of an event noun: the first name after a preposition that follows the
/// noun within a few words, skipping a time or place phrase ("cooperation in the last
/// few years with the navies of China") and heads like "the navies of". "In"/"at"
/// introduce the object only for violent nouns ("war in X"), a place otherwise.
fn noun_object(v: &SentenceView, ct1: usize, stance: StanceType) -> Option<usize> {
    let n = v.toks.len();
    // "war in X", "strikes in X", "peacekeepers in X", "aid deliveries in X": the
    // place is the one acted on; for other nouns "in X" is only where it happened
    let violent = matches!(
        stance,
        StanceType::Attacks | StanceType::Coerces | StanceType::Aids
    );
    let ends_in_prep = NOUN_TARGET_PREPS.contains(&v.lower(ct1));
    let first = if ends_in_prep { ct1 } else { ct1 + 1 };
    for prep in first..(ct1 + 9).min(n) {
        let w = v.lower(prep);
        // a clause break ends the search
        if matches!(w, "," | ";" | "that" | "which" | "and" | "who")
            || (w.ends_with("ing") && w.len() > 4 && prep > ct1)
        {
            return None;
        }
        // "attacks from Yemen", "aid from Japan": "from" names the origin, unless the
        // noun itself ends in it ("withdrawal from X")
        let is_prep = prep == ct1 && ends_in_prep
            || NOUN_TARGET_PREPS.contains(&w)
                && w != "from"
                && (violent || !matches!(w, "in" | "at"));
        if !is_prep {
            continue;
        }
        if let Some(m) = name_after_preposition(v, prep) {
            return Some(m);
        }
    }
    None
}

/// The name within five words after the preposition at `prep`, across determiners,
/// agent nouns and heads like "the navies of", "the northern".
fn name_after_preposition(v: &SentenceView, prep: usize) -> Option<usize> {
    let n = v.toks.len();
    let mut k = prep + 1;
    while k < n && k <= prep + 5 {
        if let Some(m) = v.mention_starting_at(k) {
            return Some(m);
        }
        let w = v.lower(k);
        let head = DETERMINERS.contains(&w)
            || AGENT_NOUNS.contains(&w)
            || DIRECTIONS.contains(&w)
            || matches!(
                w,
                "of" | "navies"
                    | "people"
                    | "nation"
                    | "state"
                    | "suburb"
                    | "suburbs"
                    | "outskirts"
                    | "city"
                    | "town"
                    | "village"
                    | "capital"
                    | "province"
                    | "region"
                    | "district"
                    | "-"
                    | "–"
            );
        if !head {
            break;
        }
        k += 1;
    }
    None
}

/// "An Islamic State car bomb kills 12 in Baghdad", "a Saudi airstrike killed two Yemeni
/// soldiers": an attack noun with its author, followed by a verb of harm, hits the
/// victims' state or the place after "in".
pub(super) fn harmed_after(s: &Site, d: &mut Draft) {
    if !(d.targets.is_empty()
        && s.form == CueForm::Noun
        && s.stance == StanceType::Attacks
        && d.modifier_source)
    {
        return;
    }
    let v = s.v;
    let end = s.clause.to.min(v.toks.len());
    let Some(harm) = (s.ct1 + 1..end.min(s.ct1 + 10)).find(|&i| HARM_VERBS.contains(&v.lower(i)))
    else {
        return;
    };
    let sources: Vec<String> = d.sources.iter().map(|&m| v.actor(m)).collect();
    let victim = (0..v.mentions.len()).find(|&m| {
        let a = v.mtok[m].0;
        a > harm
            && a < end.min(harm + 8)
            && !sources.contains(&v.actor(m))
            && (v.lower(a - 1) == "in"
                || v.mentions[m].kind == MentionKind::Name(NameKind::Demonym))
    });
    if let Some(m) = victim {
        d.targets = vec![m];
    }
}

/// Finite verbs of harm after an attack noun: "a car bomb kills 12".
const HARM_VERBS: &[&str] = &[
    "kills", "kill", "killed", "wounds", "wound", "wounded", "injures", "injure", "injured",
];

/// "Turkey is under EU sanctions": the noun's owner acts on the clause subject.
pub(super) fn under(s: &Site, d: &mut Draft) {
    if !(d.targets.is_empty() && s.form == CueForm::Noun && !d.sources.is_empty()) {
        return;
    }
    let v = s.v;
    let first_src = v.mtok[d.sources[0]].0;
    if first_src > 0 && v.lower(first_src - 1) == "under" {
        d.targets = s.clause.subject_before(v, first_src);
    }
}

/// "Russia struck at Syria's request", "at the request of Mali", "strikes that follow a
/// request from Iraq": the one who asked appeals to the one who acts, the clause subject.
pub(super) fn at_request(s: &Site, d: &mut Draft) {
    if !(s.form == CueForm::Noun && s.stance == StanceType::Appeals) {
        return;
    }
    let v = s.v;
    // the word that governs the request's noun phrase, within a few words before it
    let Some(gov) = request_governor(v, s.ct0) else {
        return;
    };
    // "... request of X", "... request from X" names the requester after the noun,
    // otherwise the noun's possessor or modifier ("Syria's request")
    let after = s.ct1 + 1;
    // "Syria's request", "the Syrian government's request": across the possessive and
    // the nouns for those who act for a state
    let possessor = || {
        let mut i = s.ct0.checked_sub(1)?;
        if v.lower(i) == "s" && i >= 2 && matches!(v.word(i - 1), "'" | "’") {
            i -= 2;
        }
        while i > 0 && v.mention_ending_at(i).is_none() && AGENT_NOUNS.contains(&v.lower(i)) {
            i -= 1;
        }
        v.mention_ending_at(i)
    };
    let requester = if after < v.toks.len() && matches!(v.lower(after), "of" | "from") {
        name_after_preposition(v, after)
    } else {
        possessor()
    };
    let Some(requester) = requester else {
        return;
    };
    let doers: Vec<usize> = s
        .clause
        .subject_before(v, gov)
        .into_iter()
        .filter(|&m| v.actor(m) != v.actor(requester))
        .collect();
    if !doers.is_empty() {
        d.sources = vec![requester];
        d.targets = doers;
        d.why = "the requester toward the one who acts at its request".to_string();
    }
}

/// Heads of what an attack strikes: "struck targets in X", "bombed camps in X".
const STRUCK_HEADS: &[&str] = &[
    "targets",
    "target",
    "positions",
    "bases",
    "base",
    "camps",
    "areas",
    "villages",
    "towns",
    "cities",
    "neighbourhoods",
    "neighborhoods",
    "facilities",
    "sites",
    "installations",
    "hideouts",
    "strongholds",
    "posts",
    "depots",
    "infrastructure",
];

/// Words of direction before a place: "in northern Syria", "the south of X".
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// The word that governs the noun phrase of the request noun at token `request`, within
/// a few words before it and not across punctuation: "at" in "at the Syrian
/// government's request", "follow" in "follow a request from X".
fn request_governor(v: &SentenceView, request: usize) -> Option<usize> {
    (request.saturating_sub(7)..request)
        .rev()
        .find_map(|i| {
            let w = v.lower(i);
            if matches!(w, "," | ";" | ":") {
                return Some(None);
            }
            REQUEST_GOVERNORS.contains(&w).then_some(Some(i))
        })
        .flatten()
}

/// Words that put a request before the act done for it: "at X's request", "follow a
/// request from X".
const REQUEST_GOVERNORS: &[&str] = &[
    "at",
    "upon",
    "following",
    "follow",
    "follows",
    "followed",
    "after",
];

/// "Cyprus, which Turkey does not recognize": the relative pronoun is the object.
pub(super) fn relative_object(s: &Site, d: &mut Draft) {
    if d.targets.is_empty() && s.form != CueForm::Noun {
        if let Some(o) = s.clause.object.filter(|o| !d.sources.contains(o)) {
            d.targets = vec![o];
        }
    }
}

/// Every source toward every target (swapped for a reversed cue: "received aid from
/// X"); for `mediates`, with the other disputant. `None` without both.
pub(super) fn pairs(s: &Site, d: Draft) -> Option<Pick> {
    let Draft {
        mut sources,
        mut targets,
        why,
        confidence,
        ..
    } = d;
    if sources.is_empty() || targets.is_empty() {
        return None;
    }
    if s.reverse {
        std::mem::swap(&mut sources, &mut targets);
    }
    let v = s.v;
    let mut pairs = Vec::new();
    for &src in &sources {
        for &t in &targets {
            let between = if s.stance == StanceType::Mediates {
                targets
                    .iter()
                    .find(|&&o| o != t && v.actor(o) != v.actor(t))
                    .map(|&o| v.actor(o))
            } else {
                None
            };
            pairs.push((v.actor(src), v.actor(t), between));
        }
    }
    Some(Pick {
        pairs,
        confidence,
        why,
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // a name after "in" is a place
            ("Qatar condemned Bahrain in Cairo.", &["QAT denounces BHR"]),
            (
                "Sweden imposed sanctions on Belarus.",
                &["SWE sanctions BLR"],
            ),
            (
                "Iran remains under American sanctions.",
                &["USA sanctions IRN"],
            ),
            (
                "Qatar mediated between Ethiopia and Eritrea.",
                &["QAT mediates ETH", "QAT mediates ERI"],
            ),
            // the relative pronoun is the object
            (
                "Kosovo, which Serbia does not recognize, held elections.",
                &["SRB !supports XKX"],
            ),
            // the requester toward the one who acts at its request
            (
                "France sent troops to Mali at Bamako's request.",
                &["MLI appeals FRA"],
            ),
            (
                "Kenyan strikes in Somalia followed a request from the Somali government.",
                &["SOM appeals KEN"],
            ),
            (
                "Chadian troops arrived at the Nigerien government's request.",
                &["NER appeals TCD"],
            ),
            (
                "Chad deployed troops at the request of Niger.",
                &["NER appeals TCD"],
            ),
            // a place after what an attack strikes is the place hit; after the verb it
            // is only where
            (
                "Egyptian warplanes bombed militant camps in Libya.",
                &["EGY attacks LBY"],
            ),
            (
                "Turkish jets bombed positions in northern Iraq.",
                &["TUR attacks IRQ"],
            ),
            ("Ghana condemned the camps in Togo.", &[]),
            // an attack noun and its author, then a verb of harm: the victims' state or
            // the place after "in"
            (
                "A Boko Haram car bomb kills nine people in Maiduguri.",
                &["BOKO_HARAM attacks NGA"],
            ),
            (
                "A Turkish airstrike killed four Syrian soldiers near the border.",
                &["TUR attacks SYR"],
            ),
            ("A Kenyan bus crash killed nine people in Nakuru.", &[]),
            // whom a cooperation is against is not its partner
            (
                "Sudan joined the war against the Houthis.",
                &["SDN attacks HOUTHIS"],
            ),
            // a request named without the act done for it
            ("Ghana rejected a request from Togo.", &["GHA rejects TGO"]),
        ]);
    }
}
