//! The cue itself: which lexicon matches are cues at all, whether a cue is read as a
//! noun or a verb here, and which stance type it has here.
//!
//! A match inside a name ("Security Council") or inside a negator ("held back from") is
//! no cue, nor is a noun of war inside the name of a war ("the Cold War"). A word that is
//! both a verb and a noun ("attacks", "visit") is a verb after an auxiliary, a modal, an
//! adverb or a subject name, in headline style ("Turkish jets strike PKK positions") or
//! when the tagger says so, and a noun elsewhere. A reversal verb turns an event noun
//! around ("lifted the sanctions" concedes) and an attack on an act is words ("attacked
//! the proclamation" denounces). The driver ([`super::Extractor`]) asks these questions
//! of every cue before any rule looks for its source and target.

use super::view::SentenceView;
use super::words::{ACT_NOUNS, AUXILIARIES, CLAUSE_WORDS, DETERMINERS, MODALS, PREPOSITIONS};
use crate::lexicon::{Cue, CueForm, CueMatch, Lexicon};
use crate::mention::{Mention, MentionKind};
use crate::sentence::Span;
use crate::stance::StanceType;

/// Byte spans of the negators in a sentence ("held back from", "denies").
pub(super) fn function_phrases(
    lexicon: &Lexicon,
    text: &str,
    span: Span,
    ascii_lower: &str,
) -> Vec<(usize, usize)> {
    let sentence = &text[span.start..span.end];
    // for ASCII, lower-casing is byte for byte and there is no curly apostrophe
    let unicode_lower;
    let lower = if sentence.is_ascii() {
        ascii_lower
    } else {
        unicode_lower = sentence.to_lowercase().replace('\u{2019}', "'");
        unicode_lower.as_str()
    };
    if lower.len() != span.end - span.start {
        return Vec::new();
    }
    lexicon
        .negator_spans(lower)
        .into_iter()
        .map(|(a, b)| (span.start + a, span.start + b))
        .collect()
}

/// A cue inside a name ("Security Council") or inside a negator ("held back from",
/// "denies") is no cue. `blocked` are the negators' spans ([`function_phrases`]); a
/// negator inside the cue itself does not block it.
pub(super) fn inside_a_name_or_negator(
    mentions: &[Mention],
    blocked: &[(usize, usize)],
    cm: &CueMatch,
) -> bool {
    mentions
        .iter()
        .map(|m| (m.start, m.end))
        .chain(
            blocked
                .iter()
                .copied()
                .filter(|&(s, e)| !(cm.start <= s && e <= cm.end && e - s < cm.end - cm.start)),
        )
        .any(|(s, e)| s < cm.end && cm.start < e)
}

/// "the Syrian Civil War", "the Cold War": a capitalised noun of war after a capitalised
/// word that names no actor is part of the name of a war, which says nothing of who
/// attacked whom ("the Iran-Iraq War" names its sides).
pub(super) fn in_the_name_of_a_war(
    v: &SentenceView,
    cue: &Cue,
    cue_text: &str,
    ct0: usize,
) -> bool {
    cue.form == CueForm::Noun
        && cue.stance == StanceType::Attacks
        && ct0 > 0
        && v.mention_ending_at(ct0 - 1).is_none()
        && cue_text.starts_with(char::is_uppercase)
        && v.toks[ct0 - 1].word
        && v.word(ct0 - 1).starts_with(char::is_uppercase)
}

/// How the cue at `ct0..=ct1` is read here: "will visit", "Israel attacks" are verbs;
/// "the visit", "face sanctions" nouns; "the war in Mali", a phrase after an article, a
/// noun phrase.
pub(super) fn form(v: &SentenceView, cue: &Cue, ct0: usize, ct1: usize) -> CueForm {
    let noun = cue.noun_too && ct0 > 0 && !verbal(v, ct0, ct1);
    let noun_phrase =
        cue.form == CueForm::Phrase && ct0 > 0 && DETERMINERS.contains(&v.lower(ct0 - 1));
    if noun || noun_phrase {
        CueForm::Noun
    } else {
        cue.form
    }
}

/// Is a cue that is both a verb and a noun a verb here, from the word before it?
fn verbal(v: &SentenceView, ct0: usize, ct1: usize) -> bool {
    let prev = v.lower(ct0 - 1);
    AUXILIARIES.contains(&prev)
        || MODALS.contains(&prev)
        || prev.ends_with("ly")
        || v.mention_ending_at(ct0 - 1).is_some_and(|m| {
            // "Russia attacks" is a verb; "Russian attacks" and "under EU
            // sanctions" are nouns
            v.mentions[m].kind != MentionKind::Name(crate::gazetteer::NameKind::Demonym)
                && !v.governed(m)
        })
        || headline_verb(v, ct0, ct1)
        || v.pos.get(ct0) == Some(&crate::syntax::Upos::Verb)
}

/// Headline style, present tense: "Turkish jets strike PKK positions", "the air force
/// strikes 64 targets". A word that is both a verb and a noun, after a noun and before
/// the start of a noun phrase (a name, a capitalised word, a number, an article), is the
/// verb.
fn headline_verb(v: &SentenceView, ct0: usize, ct1: usize) -> bool {
    let Some(prev) = ct0.checked_sub(1) else {
        return false;
    };
    let next = ct1 + 1;
    if next >= v.toks.len() || !v.toks[prev].word {
        return false;
    }
    let p = v.lower(prev);
    let after_noun = !DETERMINERS.contains(&p)
        && !PREPOSITIONS.contains(&p)
        && !CLAUSE_WORDS.contains(&p)
        && !matches!(p, "and" | "or" | "of" | "s")
        && v.mention_ending_at(prev).is_none();
    let w = v.lower(next);
    // "strike Kurdish PKK positions": a capitalised modifier starts a noun phrase too,
    // but a day or month names when ("workers strike Monday")
    let capitalised = v.toks[next].word
        && v.word(next).starts_with(char::is_uppercase)
        && !v.name_words.is_calendar(w);
    let np_follows = v.mention_starting_at(next).is_some()
        || capitalised
        || w.starts_with(|c: char| c.is_ascii_digit())
        || matches!(w, "the" | "a" | "an");
    after_noun && np_follows
}

/// The type the cue has here: the lexicon's, turned around when a ceasing phrase ends
/// it (`ceased`, [`fn@ceased`]) or a reversal verb before an event noun ([`reversed`]), and "attacked
/// the proclamation": violence against an act is words ([`figurative`]).
pub(super) fn stance_here(
    lexicon: &Lexicon,
    v: &SentenceView,
    ct0: usize,
    ct1: usize,
    form: CueForm,
    stance: StanceType,
    ceased: bool,
) -> StanceType {
    let stance = if ceased {
        turned_around(stance)
    } else {
        reversed(lexicon, v, ct0, form, stance)
    };
    if stance == StanceType::Attacks && form != CueForm::Noun && figurative(v, ct1) {
        StanceType::Denounces
    } else {
        stance
    }
}

/// "will no longer attend talks with", "no longer abides by the treaty": a ceasing phrase
/// of the lexicon a few words before a cue that a reversal turns around ends that act.
/// The phrase is then the act, not a negator of it ([`super::polarity::polarity`]).
pub(super) fn ceased(lexicon: &Lexicon, v: &SentenceView, ct0: usize, stance: StanceType) -> bool {
    if turned_around(stance) == stance {
        return false;
    }
    lexicon.ceasing().iter().any(|phrase| {
        (ct0.saturating_sub(6)..ct0).any(|i| {
            i + phrase.len() <= ct0
                && phrase
                    .iter()
                    .enumerate()
                    .all(|(k, w)| v.lower(i + k) == w.as_str())
        })
    })
}

/// "lifted the sanctions" is a concession, "suspended talks" a sanction: a reversal
/// verb within a few words before an event noun turns its type around.
fn reversed(
    lexicon: &Lexicon,
    v: &SentenceView,
    ct0: usize,
    form: CueForm,
    stance: StanceType,
) -> StanceType {
    if form != CueForm::Noun {
        return stance;
    }
    let reverse = (ct0.saturating_sub(6)..ct0).any(|i| lexicon.is_reversal(v.lower(i)));
    if reverse {
        turned_around(stance)
    } else {
        stance
    }
}

/// Ending a hostile act is a concession, ending a cooperative one a sanction; the other
/// types have no opposite act.
fn turned_around(stance: StanceType) -> StanceType {
    match stance {
        StanceType::Sanctions
        | StanceType::Coerces
        | StanceType::Attacks
        | StanceType::Threatens => StanceType::Concedes,
        StanceType::Consults | StanceType::Cooperates | StanceType::Aids | StanceType::Mediates => {
            StanceType::Sanctions
        }
        other => other,
    }
}

/// Is the object after a verb at `ct1` an act ("attacked the decision", "slammed its
/// remarks") rather than a place or people?
fn figurative(v: &SentenceView, ct1: usize) -> bool {
    let n = v.toks.len();
    let mut i = ct1 + 1;
    let mut steps = 0;
    while i < n && steps < 4 {
        let w = v.lower(i);
        if ACT_NOUNS.contains(&w) || w == "proclamation" {
            return true;
        }
        let skippable = DETERMINERS.contains(&w)
            || matches!(w, "'" | "’" | "s")
            || v.mention_starting_at(i).is_some()
            || v.mention_ending_at(i).is_some();
        if !skippable {
            return false;
        }
        i += 1;
        steps += 1;
    }
    false
}

/// Does a verb of this type take a topic as its object, so that an event noun after it
/// is not the subject's own deed? Judging, asking and talking do ("condemned the raids",
/// "called for sanctions", "held talks on the war"); material acts do not ("deployed
/// peacekeepers", "launched strikes").
fn takes_a_topic(stance: StanceType) -> bool {
    matches!(
        stance,
        StanceType::Supports
            | StanceType::Denounces
            | StanceType::Rejects
            | StanceType::Appeals
            | StanceType::Demands
            | StanceType::Consults
            | StanceType::Mediates
    )
}

/// The first token and type of every verb cue whose object is a topic rather than a
/// deed ([`takes_a_topic`]), in text order: for [`SentenceView::verb_cue_at`].
pub(super) fn topic_verbs(
    lexicon: &Lexicon,
    v: &SentenceView,
    cues: &[CueMatch],
) -> Vec<(usize, StanceType)> {
    cue_tokens(lexicon, v, cues, |cue| {
        cue.form != CueForm::Noun && takes_a_topic(cue.stance)
    })
    // "its long-threatened invasion": a verb glued by a hyphen is an adjective
    .filter(|&(t, _)| t == 0 || !matches!(v.word(t - 1), "-" | "–"))
    .collect()
}

/// Event nouns by their first token and type, for "condemned the invasion".
pub(super) fn event_nouns(
    lexicon: &Lexicon,
    v: &SentenceView,
    cues: &[CueMatch],
) -> Vec<(usize, StanceType)> {
    cue_tokens(lexicon, v, cues, |cue| {
        cue.form == CueForm::Noun || cue.noun_too
    })
    .collect()
}

/// The first token and type of every cue that `keep` accepts, in text order.
fn cue_tokens<'c>(
    lexicon: &'c Lexicon,
    v: &'c SentenceView,
    cues: &'c [CueMatch],
    keep: impl Fn(&Cue) -> bool + 'c,
) -> impl Iterator<Item = (usize, StanceType)> + 'c {
    cues.iter()
        .map(|c| (c, lexicon.cue(c.cue)))
        .filter(move |(_, cue)| keep(cue))
        .map(|(c, cue)| (v.tok_at(c.start), cue.stance))
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // a reversal verb before an event noun
            (
                "The European Union lifted its sanctions on Cuba.",
                &["EU concedes CUB"],
            ),
            // the name of a war says nothing of who attacked whom
            ("The Cold War shaped Poland for decades.", &[]),
            // a demonym before "attacks": a noun; a name: a verb
            (
                "Russian attacks on Ukraine continued.",
                &["RUS attacks UKR @ noun"],
            ),
            (
                "Germany attacks France.",
                &["DEU attacks FRA @ the name right before the verb"],
            ),
        ]);
    }
}
