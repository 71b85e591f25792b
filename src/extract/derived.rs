//! Stances an event implies besides itself, and events a later clause undoes.
//!
//! An announced or conditional punitive act ("will impose sanctions", "vowed to strike",
//! "... unless") has not happened: it is kept hypothetical and is itself a threat, unless
//! it is a forecast by no actor ("..., analysts warned"). A promised cooperative act
//! ("will give aid", "is willing to withdraw") is also an intent to cooperate (CAMEO
//! 03x). Refusing a cooperative act ("refused to send aid to X") also rejects its
//! addressee ([`implied`], [`implied_events`]; the verb-group readings are in
//! [`super::polarity`]). A doer's denial of an alleged act in the same sentence
//! ("..., although Beijing denies any such plans") negates it ([`denials`]).

use super::clause::Clause;
use super::polarity::{announced, intends, refused};
use super::roles::Site;
use super::view::SentenceView;
use super::words::AUXILIARIES;
use super::{Modality, SentenceTrace, StanceEvent};
use crate::stance::{Polarity, StanceClass, StanceType};

/// What an event at a cue implies, from its verb group.
pub(super) struct Implied {
    /// An announced punitive act, or a conditional act: it has not happened (the event
    /// itself is hypothetical).
    pub(super) announced_act: bool,
    /// ... and it is a threat (not a forecast by someone who is no actor).
    threat: bool,
    /// A promised cooperative act: an intent to cooperate.
    intent: bool,
    /// A refused cooperative act: its addressee is rejected.
    refusal: bool,
}

/// What the event at cue site `s` with `polarity` implies; `polar_clause` and `polar_at`
/// are where its polarity was read.
pub(super) fn implied(
    s: &Site,
    polar_clause: &Clause,
    polar_at: usize,
    polarity: Polarity,
) -> Implied {
    let v = s.v;
    let (clause, ct0, ct1, stance) = (s.clause, s.ct0, s.ct1, s.stance);
    // an announced punitive act ("will impose sanctions", "vowed to strike", "...
    // unless") is itself a threat
    // "... unless", "... if" after the act: a conditional act is a threat
    let conditional = (ct1 + 1..v.toks.len()).any(|i| v.lower(i) == "unless");
    // "will no longer attend talks": ending an act is a decision stated, not announced
    let announced_act = polarity == Polarity::Asserted
        && !s.ceased
        && (conditional
            || matches!(
                stance,
                StanceType::Sanctions | StanceType::Coerces | StanceType::Attacks
            ) && announced(v, clause, ct0, ct1));
    // "..., analysts warned": a forecast by someone who is no actor is nobody's
    // threat
    let forecast = s.speaker.is_none() && (0..v.toks.len()).any(|i| v.speech_word[i]);
    let threat = announced_act && !forecast;
    // an announced cooperative act ("will give aid", "is willing to withdraw") is a
    // statement of intent to cooperate (CAMEO 03x)
    let intent = polarity == Polarity::Asserted
        && matches!(
            stance,
            StanceType::Supports | StanceType::Aids | StanceType::Consults | StanceType::Concedes
        )
        && !conditional
        && !s.ceased
        && intends(v, clause, ct0);
    // "refused to send aid to X": refusing a cooperative act rejects its addressee
    let refusal = polarity == Polarity::Negated
        && stance.class() == StanceClass::Cooperative
        && refused(v, polar_clause, polar_at);
    Implied {
        announced_act,
        threat,
        intent,
        refusal,
    }
}

/// The stances `event` implies, stated alongside it, in this order: intent to
/// cooperate, threat, rejection.
pub(super) fn implied_events(event: &StanceEvent, implied: &Implied) -> Vec<StanceEvent> {
    let derived = [
        (
            implied.intent,
            StanceType::Cooperates,
            "an announced cooperative act is an intent to cooperate",
        ),
        (
            implied.threat,
            StanceType::Threatens,
            "an announced punitive act is a threat",
        ),
        (
            implied.refusal,
            StanceType::Rejects,
            "refusing a cooperative act rejects its addressee",
        ),
    ];
    derived
        .into_iter()
        .filter(|&(applies, _, _)| applies)
        .map(|(_, derived_stance, reason)| StanceEvent {
            stance: derived_stance,
            confidence: event.confidence * 0.8,
            between: None,
            polarity: Polarity::Asserted,
            modality: Modality::Real,
            why: format!("{}; {reason}", event.why),
            ..event.clone()
        })
        .collect()
}

/// "... worried about China providing weapons to Russia, although Beijing denies any
/// such plans": a hypothetical act whose doer denies it in the same sentence is negated.
pub(super) fn denials(v: &SentenceView, trace: &mut SentenceTrace) {
    let n = v.toks.len();
    let mut deniers = Vec::new();
    for i in 1..n {
        if !matches!(v.lower(i), "denies" | "denied" | "deny" | "denying") {
            continue;
        }
        let next = if i + 1 < n { v.lower(i + 1) } else { "" };
        if !matches!(
            next,
            "any" | "such" | "it" | "this" | "these" | "those" | "that" | "the"
        ) {
            continue;
        }
        // the denier: a name right before, with only auxiliaries between
        let mut k = i;
        while k > 0 {
            k -= 1;
            if let Some(m) = v.mention_ending_at(k) {
                deniers.push(v.mentions[m].actor.clone());
                break;
            }
            if !AUXILIARIES.contains(&v.lower(k)) {
                break;
            }
        }
    }
    let denied: Vec<StanceEvent> = trace
        .events
        .iter()
        .filter(|e| e.modality == Modality::Hypothetical && deniers.contains(&e.source))
        .map(|e| StanceEvent {
            polarity: Polarity::Negated,
            modality: Modality::Real,
            why: format!("{}; denied by its doer in the same sentence", e.why),
            ..e.clone()
        })
        .collect();
    trace.events.extend(denied);
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            (
                "Japan will impose sanctions on North Korea.",
                &[
                    "JPN threatens PRK @ an announced punitive act is a threat",
                    "JPN ?sanctions PRK",
                ],
            ),
            (
                "India will strike Pakistan unless the raids stop.",
                &["IND threatens PAK", "IND ?attacks PAK"],
            ),
            // a forecast by no actor is nobody's threat
            (
                "Chile will attack Bolivia, analysts warned.",
                &["CHL ?attacks BOL"],
            ),
            (
                "Japan will give aid to Nepal.",
                &["JPN cooperates NPL @ intent to cooperate", "JPN aids NPL"],
            ),
            (
                "Canada refused to send aid to Haiti.",
                &[
                    "CAN rejects HTI @ refusing a cooperative act",
                    "CAN !aids HTI",
                ],
            ),
            (
                "China would supply weapons to Russia, although Beijing denies any such plans.",
                &[
                    "CHN cooperates RUS",
                    "CHN ?aids RUS",
                    "CHN !aids RUS @ denied by its doer",
                ],
            ),
        ]);
    }
}
