//! Roles found by reference rather than in the cue's own clause.
//!
//! The speaker frame: "A said B must leave", A (the speaker, else the first clause's
//! subject) demands of B, the name right before the cue ([`speaker_frame`]). And objects
//! that refer back to what the document said before ([`crate::extract::discourse`]
//! keeps it): "condemned the invasion" aims at the invader ([`earlier_event`]), "denied
//! the accusation" at the accuser ([`accuser`]), "criticized the move" at its author
//! ([`act_author`]). These run only when the cue has a source and no target.

use super::{Draft, Pick, Site};
use crate::extract::words::{AGENT_NOUNS, AUXILIARIES};
use crate::lexicon::CueForm;
use crate::stance::StanceType;

/// "A said B must leave": A (the speaker, or the main subject) demands of B, the name
/// before the cue ("British forces must": an agent noun may follow the name).
pub(super) fn speaker_frame(s: &Site) -> Option<Pick> {
    let v = s.v;
    let mut i = s.ct0;
    while i > 0 {
        i -= 1;
        if let Some(m) = v.mention_ending_at(i) {
            let source = s.speaker.map(|(a, _)| a.clone()).or_else(|| {
                s.clauses
                    .first()
                    .and_then(|c| c.subject.first())
                    .filter(|&&subj| subj != m)
                    .map(|&subj| v.actor(subj))
            })?;
            let pairs = v
                .coordinated(m)
                .into_iter()
                .map(|t| (source.clone(), v.actor(t), None))
                .collect();
            return Some(Pick {
                pairs,
                confidence: 0.6,
                why: "speaker frame: the speaker toward the name before the cue".into(),
            });
        }
        let w = v.lower(i);
        if !(AUXILIARIES.contains(&w) || AGENT_NOUNS.contains(&w)) {
            return None;
        }
    }
    None
}

/// Does the cue have a source but no target yet?
fn wants_a_target(d: &Draft) -> bool {
    !d.sources.is_empty() && d.targets.is_empty()
}

/// Each source toward each of `targets`.
fn each_source_toward(
    s: &Site,
    d: &Draft,
    targets: &[String],
) -> Vec<(String, String, Option<String>)> {
    let src: Vec<String> = d.sources.iter().map(|&m| s.v.actor(m)).collect();
    src.iter()
        .flat_map(|a| targets.iter().map(move |t| (a.clone(), t.clone(), None)))
        .collect()
}

/// "condemned the invasion", "welcomed the talks": a verb whose object is an event noun
/// aims at that event's doer (or parties) as the document last reported it.
pub(super) fn earlier_event(s: &Site, d: &Draft) -> Option<Pick> {
    if !wants_a_target(d) || s.form == CueForm::Noun {
        return None;
    }
    let actors = s.anaphora.resolve(s.v, s.ct1, s.stance)?;
    Some(Pick {
        pairs: each_source_toward(s, d, &actors),
        confidence: 0.5,
        why: format!(
            "{}; target: the actor of an earlier event the object refers to",
            d.why
        ),
    })
}

/// "denied the accusation": the target is whoever accused the subject earlier.
pub(super) fn accuser(s: &Site, d: &Draft) -> Option<Pick> {
    if !wants_a_target(d) || s.stance != StanceType::Rejects {
        return None;
    }
    let v = s.v;
    let cue_text = v.text[v.toks[s.ct0].start..v.toks[s.ct1].end].to_lowercase();
    if !["accus", "alleg", "claim", "charge", "report"]
        .iter()
        .any(|w| cue_text.contains(w))
    {
        return None;
    }
    let subject = v.actor(d.sources[0]);
    let accusation = s
        .anaphora
        .discourse
        .memory
        .iter()
        .rev()
        .find(|r| r.stance == StanceType::Denounces && r.target == subject)?;
    Some(Pick {
        pairs: vec![(subject, accusation.source.clone(), None)],
        confidence: 0.5,
        why: format!("{}; target: who made the accusation earlier", d.why),
    })
}

/// "criticized the move": aimed at whoever made it.
pub(super) fn act_author(s: &Site, d: &Draft) -> Option<Pick> {
    if !(wants_a_target(d)
        && s.form != CueForm::Noun
        && matches!(
            s.stance,
            StanceType::Supports | StanceType::Denounces | StanceType::Rejects
        ))
    {
        return None;
    }
    let src: Vec<String> = d.sources.iter().map(|&m| s.v.actor(m)).collect();
    let author = s.anaphora.act_author(s.v, s.ct1 + 1, &src)?;
    Some(Pick {
        pairs: each_source_toward(s, d, &[author]),
        confidence: 0.5,
        why: format!("{}; target: the author of the act it refers to", d.why),
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            (
                "Kenya said Ethiopia must withdraw its troops.",
                &["KEN demands ETH @ speaker frame"],
            ),
            (
                "Iraq attacked Kuwait. Jordan condemned the attack.",
                &[
                    "IRQ attacks KWT",
                    "JOR denounces IRQ @ an earlier event the object refers to",
                ],
            ),
            (
                "Oman announced a new policy. Yemen criticized the move.",
                &["YEM denounces OMN @ the author of the act it refers to"],
            ),
            (
                "Nigeria accused Cameroon of arming rebels. Cameroon denied the accusation.",
                &[
                    "NGA denounces CMR",
                    "CMR rejects NGA @ who made the accusation earlier",
                ],
            ),
        ]);
    }
}
