//! Passives: the patient is the subject, the doer follows 'by' or is named by the act.
//!
//! "was condemned by X", "welcomed by X": X is the source, the clause subject (else the
//! first name before the verb, else the author of the act the subject names) the target
//! ([`with_by_agent`]). "the ship was seized" with no agent gives nothing
//! ([`without_agent`]). A participle of harm with the act that caused it after "in",
//! "by", "during"... ("four soldiers are killed in a Turkish ambush") is a passive with a
//! nominal agent: the act's doer (the noun's modifier, or the one it was fought with)
//! toward the subject of the participle ([`nominal_agent`]).

use super::{Decided, Draft, Pick, Site};
use crate::extract::clause::np_start;
use crate::extract::view::SentenceView;
use crate::extract::words::{AGENT_NOUNS, DETERMINERS};
use crate::lexicon::CueForm;
use crate::stance::StanceType;

/// Participles and verbs of harm that take the act that caused it after "in", "by" or
/// "during" ("following", "amid"): "killed in an ambush", "wounded by shelling", "died in
/// a strike".
pub(in crate::extract) const HARMED: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "hurt",
    "hit",
    "shot",
    "died",
    "die",
    "dies",
    "dead",
    "destroyed",
    "damaged",
    "struck",
];

/// Whether the cue can be a passive participle and is not the verb of a name before it.
#[derive(Clone, Copy)]
pub(super) struct Voice {
    /// A past form: a participle ("condemned"), or a phrase starting with one
    /// ("greeted skeptically").
    is_past: bool,
    /// "Berlin rejected calls by X", "has rejected": active.
    active: bool,
}

impl Voice {
    pub(super) fn of(s: &Site) -> Voice {
        let v = s.v;
        let ct0 = s.ct0;
        // a phrase is a participle when its first word is one: "greeted skeptically"
        let is_past = match s.form {
            CueForm::Verb { past } => past,
            CueForm::Phrase => v.lower(ct0).ends_with("ed"),
            CueForm::Noun => false,
        };
        // "Berlin rejected calls by X" is active: a name right before the verb is its subject
        let active = ct0 > 0
            && (v.mention_ending_at(ct0 - 1).is_some()
                || matches!(v.lower(ct0 - 1), "has" | "have" | "had"));
        Voice { is_past, active }
    }

    fn passive(self) -> bool {
        self.is_past && !self.active
    }
}

/// The agent of a passive: a name after "by" within a few words of the cue, skipping
/// determiners and "members of", "a joint statement by", with its conjuncts.
fn by_agent(v: &SentenceView, ct1: usize) -> Option<Vec<usize>> {
    let n = v.toks.len();
    (ct1 + 1..(ct1 + 7).min(n))
        .take_while(|&i| v.lower(i) != ",")
        .find(|&i| v.lower(i) == "by")
        .and_then(|b| {
            let mut k = b + 1;
            while k < n && k < b + 5 && v.mention_starting_at(k).is_none() {
                let w = v.lower(k);
                if !(DETERMINERS.contains(&w) || AGENT_NOUNS.contains(&w) || w == "of") {
                    return None;
                }
                k += 1;
            }
            Some(v.coordinated(v.mention_starting_at(k)?))
        })
}

/// "condemned by X", "was welcomed by X": the agent after 'by' toward the patient.
pub(super) fn with_by_agent(s: &Site, voice: Voice) -> Decided {
    if !voice.passive() {
        return None;
    }
    let v = s.v;
    let clause = s.clause;
    let ct0 = s.ct0;
    let agents = by_agent(v, s.ct1)?;
    // the patient: the clause subject, else the first name before the verb
    // ("a camp for Congolese refugees was attacked by ...")
    let before: Vec<usize> = (0..v.mentions.len())
        .filter(|&m| v.mtok[m].0 >= clause.from && v.mtok[m].1 < ct0 && !agents.contains(&m))
        .collect();
    let patients =
        if !clause.subject.is_empty() && clause.subject.iter().all(|&m| v.mtok[m].1 < ct0) {
            clause.subject.clone()
        } else if let Some(&first) = before.first() {
            v.coordinated(first)
        } else {
            // "The call was seconded by X": the call's author
            let agents_ids: Vec<String> = agents.iter().map(|&m| v.actor(m)).collect();
            let Some(author) = s.anaphora.act_author(v, clause.from, &agents_ids) else {
                return Some(None);
            };
            let pairs = agents_ids
                .into_iter()
                .map(|a| (a, author.clone(), None))
                .collect();
            return Some(Some(Pick {
                pairs,
                confidence: 0.5,
                why: "passive: source after 'by', target the author of the act".into(),
            }));
        };
    let pairs = agents
        .iter()
        .flat_map(|&a| patients.iter().map(move |&p| (a, p)))
        .map(|(a, p)| (v.actor(a), v.actor(p), None))
        .collect();
    Some(Some(Pick {
        pairs,
        confidence: 0.7,
        why: "passive: source after 'by', target is the clause subject".into(),
    }))
}

/// "he was sanctioned", "the ship was seized" with no agent: the subject is the
/// patient and the doer is unknown, so the cue gives nothing.
pub(super) fn without_agent(s: &Site, voice: Voice) -> bool {
    if !voice.passive() || s.form == CueForm::Noun {
        return false;
    }
    (s.ct0.saturating_sub(3)..s.ct0).any(|i| {
        matches!(
            s.v.lower(i),
            "was" | "were" | "been" | "being" | "is" | "are" | "be"
        )
    })
}

/// "six soldiers are killed in a Russian drone strike", "troops killed in clashes
/// with X": the act named after "killed in" hit the subject of "killed"; its own
/// doer is the noun's modifier, or the one it clashed with.
pub(super) fn nominal_agent(s: &Site, d: &Draft) -> Decided {
    if s.stance != StanceType::Attacks {
        return None;
    }
    let v = s.v;
    let victims = victims_of(v, s.clause, s.ct0)?;
    let (doers, why_doer) = if d.modifier_source {
        (d.sources.clone(), "the noun's modifier")
    } else {
        (d.targets.clone(), "the one it was fought with")
    };
    let pairs: Vec<_> = doers
        .iter()
        .filter(|doer| !victims.contains(doer))
        .flat_map(|&doer| {
            victims
                .iter()
                .map(move |&victim| (v.actor(doer), v.actor(victim), None))
        })
        .collect();
    if pairs.is_empty() {
        return Some(None);
    }
    Some(Some(Pick {
        pairs,
        confidence: 0.6,
        why: format!(
            "passive with a nominal agent: source {why_doer}, target the subject of the participle"
        ),
    }))
}

/// The victims of an act named inside a phrase of harm ("four soldiers are killed in an
/// ambush"): the mentions before the participle in its clause, with their conjuncts.
/// `None` when the cue at `ct0` is not in such a phrase.
fn victims_of(
    v: &SentenceView,
    clause: &crate::extract::clause::Clause,
    ct0: usize,
) -> Option<Vec<usize>> {
    let start = np_start(v, ct0);
    let prep = start.checked_sub(1)?;
    if !matches!(v.lower(prep), "in" | "by" | "during" | "following" | "amid") {
        return None;
    }
    let participle = prep.checked_sub(1)?;
    if participle < clause.from || !HARMED.contains(&v.lower(participle)) {
        return None;
    }
    let before = clause.subject_before(v, participle);
    if !before.is_empty() {
        return Some(before);
    }
    let first =
        (0..v.mentions.len()).find(|&m| v.mtok[m].0 >= clause.from && v.mtok[m].1 < participle)?;
    Some(v.coordinated(first))
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // the agent after 'by', the clause subject as patient
            (
                "Chad was praised by Niger for its restraint.",
                &["NER supports TCD @ passive: source after 'by'"],
            ),
            // a participle of harm, then the act that caused it: its doer toward the harmed
            (
                "Two Libyan fishermen were wounded in an Egyptian naval raid.",
                &["EGY attacks LBY @ passive with a nominal agent"],
            ),
            // no agent: no doer
            ("The embassy of Peru was attacked on Tuesday.", &[]),
        ]);
    }
}
