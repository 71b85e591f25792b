//! Who says so: the sentence's speaker, and what reported speech does to the acts it
//! reports.
//!
//! A speech verb next to a mention ("X said", "X's spokesperson said", "said X",
//! "according to X") makes X the speaker ([`speaker`]): every event of the sentence gets
//! `said_by`, a clause with no subject inside a quotation takes the speaker as source
//! ([`super::roles::source`]). "X said Y attacked Z" keeps the attack hypothetical and
//! records X's accusation of Y instead ([`reported_violence`]); a forecast by someone who
//! is no actor ("..., analysts warned") is nobody's threat ([`super::derived`]). A place
//! never speaks.

use super::view::SentenceView;
use super::{Modality, SentenceTrace, StanceEvent};
use crate::stance::{Polarity, StanceType};

/// The speaker of a sentence, and their mention: a mention next to a speech verb.
pub(super) fn speaker(v: &SentenceView) -> Option<(String, usize)> {
    let n = v.toks.len();
    for i in 0..n {
        let w = v.lower(i);
        let next = if i + 1 < n { v.lower(i + 1) } else { "" };
        let is_speech = v.speech_at[i];
        if !is_speech {
            continue;
        }
        if w == "according" && next == "to" {
            if let Some(m) = (0..v.mentions.len())
                .find(|&m| v.mtok[m].0 > i + 1 && v.mtok[m].0 <= i + 5 && !v.is_place(m))
            {
                return Some((v.mentions[m].actor.clone(), m));
            }
            continue;
        }
        // "X said" (up to 3 tokens between: "X's spokesperson said")
        if let Some(m) = (0..v.mentions.len())
            .rev()
            .find(|&m| v.mtok[m].1 < i && v.mtok[m].1 + 6 >= i && !v.is_place(m) && !v.governed(m))
        {
            let gap_ok = (v.mtok[m].1 + 1..i)
                .all(|k| !matches!(v.lower(k), "," | "that" | "\"" | "“" | "”"));
            if gap_ok {
                return Some((v.mentions[m].actor.clone(), m));
            }
        }
        // "said X"
        if let Some(m) = (0..v.mentions.len())
            .find(|&m| v.mtok[m].0 > i && v.mtok[m].0 <= i + 2 && !v.is_place(m))
        {
            return Some((v.mentions[m].actor.clone(), m));
        }
    }
    None
}

/// "Kenya said Somalia shelled its posts" asserts Kenya's claim, not the shelling: a
/// violent act reported after a speech verb by someone other than its doer is kept
/// hypothetical, and the claim itself is an accusation (speaker denounces doer).
pub(super) fn reported_violence(v: &SentenceView, trace: &mut SentenceTrace) {
    let Some(said_at) = (0..v.toks.len()).find(|&i| {
        let w = v.lower(i);
        v.speech_word[i] && w != "according"
    }) else {
        return;
    };
    let said_start = v.toks[said_at].start;
    let mut accusations = Vec::new();
    for e in trace.events.iter_mut() {
        let Some(speaker) = e.said_by.clone() else {
            continue;
        };
        if !(violent(e.stance)
            && e.cue_start > said_start
            && !v.in_quote_before(e.cue_start)
            && !background(v, said_at, e.cue_start)
            && speaker != e.source
            && e.modality == Modality::Real
            && e.polarity == Polarity::Asserted)
        {
            continue;
        }
        e.modality = Modality::Hypothetical;
        e.why
            .push_str("; reported by another speaker: their claim, not a fact");
        accusations.push(StanceEvent {
            stance: StanceType::Denounces,
            target: e.source.clone(),
            source: speaker,
            modality: Modality::Real,
            between: None,
            why: "a claim that someone attacked is an accusation".into(),
            ..e.clone()
        });
    }
    accusations.retain(|a| a.source != a.target);
    trace.events.extend(accusations);
}

/// Violent acts, and threats of them: a reported threat is a claim too ("X said Y had
/// threatened Z").
fn violent(stance: StanceType) -> bool {
    matches!(
        stance,
        StanceType::Attacks | StanceType::Coerces | StanceType::Threatens
    )
}

/// "X announced ... after Turkey began an offensive": a subordinate clause about a name,
/// between the speech verb at `said_at` and the cue at byte `cue_start`, sets the scene
/// in the narrator's voice.
fn background(v: &SentenceView, said_at: usize, cue_start: usize) -> bool {
    let cue_tok = v.tok_at(cue_start);
    (said_at + 1..cue_tok).any(|i| {
        matches!(
            v.lower(i),
            "after" | "since" | "following" | "amid" | "when" | "before"
        ) && (v.mention_starting_at(i + 1).is_some() || v.mention_starting_at(i + 2).is_some())
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
    (
        "Ghana said Togo attacked Benin.",
        &[
            "TGO ?attacks BEN @ reported by another speaker",
            "GHA denounces TGO @ a claim that someone attacked is an accusation; said by GHA",
        ],
    ),
    ("Tanzania welcomed Uganda, Kenya said.", &["TZA supports UGA @ said by KEN"]),
        ]);
    }
}
