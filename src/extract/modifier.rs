//! Cue words that are not acts here because they modify a noun or stand as participles:
//! "shell companies", "strike force", "long-threatened", "the captured fighters",
//! "soldiers killed in clashes with X", "wildfires destroying the forest".
//!
//! Two places ask: the driver ([`super::Extractor`]) refuses a verb cue the tagger reads
//! as a noun or adjective before a noun ([`compound_modifier`], for every cue, with its
//! own reason in `--explain`); the role finder ([`super::roles`]) first of all refuses the
//! hyphen-glued verbs, participles used as adjectives, participles of harm before the act
//! that caused them and "-ing" verbs after a common noun ([`not_an_act`], for cues whose
//! roles come from the clause: "no source or no target actor in reach").

use super::roles::passive::HARMED;
use super::view::SentenceView;
use super::words::{AUXILIARIES, CLAUSE_WORDS, DETERMINERS, MODALS, PREPOSITIONS};
use crate::lexicon::CueForm;

/// "shell companies", "strike force": a verb cue the tagger reads as a noun or
/// adjective before a noun is a modifier in a compound, not an act.
pub(super) fn compound_modifier(v: &SentenceView, form: CueForm, ct0: usize, ct1: usize) -> bool {
    use crate::syntax::Upos;
    let tag = |i: usize| v.pos.get(i).copied();
    // a name after it is its object, not the head of a compound: "jets strike PKK
    // positions"
    matches!(form, CueForm::Verb { .. })
        && matches!(tag(ct0), Some(Upos::Noun | Upos::Adj))
        && tag(ct1 + 1) == Some(Upos::Noun)
        && v.mention_starting_at(ct1 + 1).is_none()
}

/// "UN-brokered talks", "United Nations brokered talks": a past participle right after
/// a name and before a noun says who did the act the noun names. The act is given, not
/// stated by the clause, so the clause's negation, ceasing or modality ("will no longer
/// attend UN-brokered talks") does not reach it.
pub(super) fn agent_premodifier(v: &SentenceView, ct0: usize, ct1: usize) -> bool {
    use crate::syntax::Upos;
    let glued = matches!(v.word(ct0), "-" | "–");
    let first = if glued { ct0 + 1 } else { ct0 };
    if first != ct1
        || !v.lower(ct1).ends_with("ed")
        || v.pos.get(ct1 + 1).copied() != Some(Upos::Noun)
    {
        return false;
    }
    if glued {
        return ct0 > 0 && v.mention_ending_at(ct0 - 1).is_some();
    }
    // without a hyphen, the name and participle must sit inside a noun phrase ("attend
    // United Nations brokered talks", "in Saudi led strikes"), not be a clause of their
    // own ("... that Chile brokered talks")
    let Some(m) = ct0.checked_sub(1).and_then(|i| v.mention_ending_at(i)) else {
        return false;
    };
    opens_a_noun_phrase_inside(v, v.mtok[m].0)
}

/// Does the name starting at token `first` stand inside a noun phrase: after an article,
/// a preposition or a verb ("attend ...", "in ...", "the ...")?
fn opens_a_noun_phrase_inside(v: &SentenceView, first: usize) -> bool {
    use crate::syntax::Upos;
    first > 0 && {
        let before = v.lower(first - 1);
        DETERMINERS.contains(&before)
            || PREPOSITIONS.contains(&before)
            || v.pos.get(first - 1).copied() == Some(Upos::Verb)
    }
}

/// Is mention `m` the agent before such a participle, inside a noun phrase whose head
/// is token `head` ("attend United Nations brokered talks", "the UN-brokered talks")?
/// It is then no clause's subject.
pub(super) fn is_premodifying_agent(v: &SentenceView, m: usize, head: usize) -> bool {
    let after = v.mtok[m].1 + 1;
    if !opens_a_noun_phrase_inside(v, v.mtok[m].0) || after >= v.toks.len() {
        return false;
    }
    let last = if matches!(v.word(after), "-" | "–") {
        after + 1
    } else {
        after
    };
    last + 1 == head && agent_premodifier(v, after, last)
}

/// Is the cue at `ct0..=ct1`, read as `form`, a modifier or a participle rather than
/// an act, so that it has no source or target?
pub(super) fn not_an_act(v: &SentenceView, form: CueForm, ct0: usize, ct1: usize) -> bool {
    hyphen_glued(v, form, ct0)
        || participle_adjective(v, form, ct0)
        || harm_before_its_cause(v, form, ct1)
        || gerund_after_common_noun(v, form, ct0)
}

/// "long-threatened", "Iranian-backed": a verb glued after a hyphen is an adjective.
fn hyphen_glued(v: &SentenceView, form: CueForm, ct0: usize) -> bool {
    let cue_starts_with_hyphen = v.word(ct0).starts_with(['-', '–']);
    ct0 > 0
        && !cue_starts_with_hyphen
        && matches!(v.word(ct0 - 1), "-" | "–")
        && form != CueForm::Noun
}

/// "the captured fighters", "guarding captured fighters": a participle used as an
/// adjective is no act.
fn participle_adjective(v: &SentenceView, form: CueForm, ct0: usize) -> bool {
    if form == (CueForm::Verb { past: true }) && ct0 > 0 {
        let prev = v.lower(ct0 - 1);
        let lower_word = v.word(ct0 - 1).starts_with(char::is_lowercase);
        if DETERMINERS.contains(&prev) || (lower_word && prev.ends_with("ing") && prev.len() > 5) {
            return true;
        }
    }
    false
}

/// "soldiers killed in clashes with X", "killed during an ambush": a participle of harm
/// before the act that caused it is passive; the act after it says who did it (see
/// [`super::roles::passive`]).
fn harm_before_its_cause(v: &SentenceView, form: CueForm, ct1: usize) -> bool {
    form != CueForm::Noun
        && HARMED.contains(&v.lower(ct1))
        && ct1 + 1 < v.toks.len()
        && matches!(v.lower(ct1 + 1), "in" | "during" | "following" | "amid")
}

/// "wildfires destroying the forest": an -ing verb right after a common noun modifies
/// that noun, whose doer is no actor.
fn gerund_after_common_noun(v: &SentenceView, form: CueForm, ct0: usize) -> bool {
    if !(matches!(form, CueForm::Verb { past: false }) && v.lower(ct0).ends_with("ing")) {
        return false;
    }
    let mut i = ct0;
    while i > 0 && v.lower(i - 1).ends_with("ly") {
        i -= 1;
    }
    if i == 0 || v.mention_ending_at(i - 1).is_some() {
        return false;
    }
    let prev = v.lower(i - 1);
    v.toks[i - 1].word
        && v.word(i - 1).starts_with(char::is_lowercase)
        && !AUXILIARIES.contains(&prev)
        && !MODALS.contains(&prev)
        && !PREPOSITIONS.contains(&prev)
        && !CLAUSE_WORDS.contains(&prev)
        && !DETERMINERS.contains(&prev)
        && !matches!(
            prev,
            "and"
                | "or"
                | "by"
                | "of"
                | "without"
                | "from"
                | "continue"
                | "continued"
                | "keep"
                | "kept"
                | "started"
                | "began"
                | "stop"
                | "stopped"
        )
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{check, rejected};

    #[test]
    fn table() {
        check(&[
            ("Zambia opened a fire station near Malawi.", &[]),
            // the participle after a hyphen is an adjective; the verb after it is not
            (
                "Sudanese-backed fighters attacked Chad.",
                &["SDN attacks TCD"],
            ),
            (
                "Wildfires destroying forests spread from Bolivia to Paraguay.",
                &[],
            ),
        ]);
    }

    #[test]
    fn reasons() {
        assert_eq!(
            rejected("Zambia opened a fire station near Malawi."),
            ["fire: a noun modifier in a compound (tagged as a noun)"]
        );
        assert_eq!(
            rejected("Sudanese-backed fighters attacked Chad."),
            ["backed: no source or no target actor in reach"]
        );
    }
}
