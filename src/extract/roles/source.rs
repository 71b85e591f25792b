//! The source: who takes the stance.
//!
//! In order ([`find`]): for a noun, the name right before it ("Russia's invasion",
//! "Western sanctions"; "its" for the latest actor named before it), unless a light verb makes that name the noun's recipient ("gave
//! Namibia a grant", [`light_verb_recipient`]); for a verb, the name right before it with
//! only auxiliaries and adverbs between ("Egypt has also condemned"). A noun after
//! "face" ("Nepal faces sanctions") aims from the name between, else the speaker, at the
//! one who faces it; "the visit of X to Y" names both. Else the clause subject (with its
//! conjuncts; not for an attack noun in what the subject reports: "an official said the
//! air attack struck ..."), and inside a quotation, with no subject or a first-person
//! one, the speaker.

use super::{symmetric, Decided, Draft, Pick, Site};
use crate::extract::discourse;
use crate::extract::words::{AUXILIARIES, PREPOSITIONS};
use crate::lexicon::CueForm;
use crate::stance::StanceType;

/// First-person pronouns: inside a quotation they stand for the speaker.
const FIRST_PERSON: &[&str] = &["we", "i", "us", "our"];

/// "gave Namibia a grant": after a light verb, the name between it and the noun cue is
/// the noun's recipient, and the source is the verb's subject.
pub(super) fn light_verb_recipient(s: &Site) -> Option<usize> {
    if s.form != CueForm::Noun {
        return None;
    }
    let v = s.v;
    let lv = (s.clause.from..s.ct0)
        .rev()
        .take(8)
        .find(|&i| s.lexicon.is_light_verb(v.lower(i)))?;
    (0..v.mentions.len()).find(|&m| v.mtok[m].0 > lv && v.mtok[m].1 < s.ct0)
}

/// Fills `d.sources` (and `d.why`, `d.confidence`); a rule that names source and target
/// at once decides.
pub(super) fn find(s: &Site, d: &mut Draft) -> Decided {
    if let Some(pick) = noun_modifier(s, d) {
        return Some(Some(pick));
    }
    name_before_verb(s, d);
    if let Some(decided) = after_face(s) {
        return Some(decided);
    }
    if let Some(pick) = of_then_to(s, d) {
        return Some(Some(pick));
    }
    clause_subject(s, d);
    quoted_speaker(s, d);
    None
}

/// The name right before a noun: "Russia's invasion", "Western sanctions". A hyphenated
/// pair of names before a symmetric noun is both its parties, and decides.
fn noun_modifier(s: &Site, d: &mut Draft) -> Option<Pick> {
    if s.form != CueForm::Noun || d.indirect.is_some() {
        return None;
    }
    let v = s.v;
    let mut i = s.ct0;
    let mut steps = 0;
    while i > 0 && steps < 4 {
        i -= 1;
        steps += 1;
        if let Some(m) = v.mention_ending_at(i) {
            // "the Turkish-Libyan deal", "Russia-Ukraine talks": a hyphenated pair
            // of names is both parties of a symmetric relation
            if let Some(pick) = symmetric::hyphenated_pair(s, m) {
                return Some(pick);
            }
            d.sources = vec![m];
            d.modifier_source = true;
            d.why.push_str("noun: source is the name before it");
            break;
        }
        let w = v.lower(i);
        // "assisting it in its fight with X": "its" stands for the latest actor
        // named before it
        if w == "its" {
            if let Some(m) = discourse::possessive_antecedent(v, i) {
                d.sources = vec![m];
                d.modifier_source = true;
                d.why.push_str("noun: source is the actor 'its' stands for");
            }
            break;
        }
        let skippable = matches!(w, "'" | "’" | "s" | "-" | "–")
            || (v.toks[i].word
                && w.chars()
                    .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-'));
        // "Iran condemned the raids": the noun phrase ends at a verb of judging
        let judging_verb = v.verb_cue_at.iter().any(|&(t, _)| t == i) || v.speech_word[i];
        if !skippable || PREPOSITIONS.contains(&w) || judging_verb {
            break;
        }
    }
    None
}

/// A name right before the verb, with only auxiliaries and adverbs between: "... and
/// Moscow insisting", "Egypt has also condemned".
fn name_before_verb(s: &Site, d: &mut Draft) {
    if !d.sources.is_empty() || s.form == CueForm::Noun {
        return;
    }
    let v = s.v;
    let ct0 = s.ct0;
    let mut i = ct0;
    while i > s.clause.from {
        i -= 1;
        if let Some(m) = v.mention_ending_at(i) {
            // "worried about China providing weapons": a gerund's subject may
            // follow a preposition
            let gerund = i + 1 == ct0 && v.lower(ct0).ends_with("ing");
            if !v.governed(m) || gerund {
                d.sources = v.coordinated(m);
                d.why.push_str("source: the name right before the verb");
            }
            break;
        }
        let w = v.lower(i);
        if !(AUXILIARIES.contains(&w) || w.ends_with("ly") && v.toks[i].word) {
            break;
        }
    }
}

/// "Nepal faces sanctions", "Turkey faces EU sanctions": the name before "face" is the
/// target; the source is the name between, else the speaker. A noun after "face" with
/// either missing gives nothing.
fn after_face(s: &Site) -> Decided {
    if s.form != CueForm::Noun {
        return None;
    }
    let v = s.v;
    let ct0 = s.ct0;
    let f = (ct0.saturating_sub(3)..ct0)
        .find(|&i| matches!(v.lower(i), "face" | "faces" | "faced" | "facing"))?;
    let patient = (0..v.mentions.len())
        .rev()
        .find(|&m| v.mtok[m].1 < f && v.mtok[m].0 >= s.clause.from);
    let agent = (0..v.mentions.len())
        .find(|&m| v.mtok[m].0 > f && v.mtok[m].1 < ct0)
        .map(|m| v.actor(m))
        .or_else(|| s.speaker.map(|(a, _)| a.clone()));
    if let (Some(p), Some(a)) = (patient, agent) {
        return Some(Some(Pick {
            pairs: vec![(a, v.actor(p), None)],
            confidence: 0.6,
            why: "noun after 'face': the subject is its target".into(),
        }));
    }
    Some(None)
}

/// "the visit of X to Y": the 'of' name is the source, the next one the target.
fn of_then_to(s: &Site, d: &Draft) -> Option<Pick> {
    let v = s.v;
    let (ct1, n) = (s.ct1, v.toks.len());
    if !(s.form == CueForm::Noun && d.sources.is_empty() && ct1 + 2 < n && v.lower(ct1 + 1) == "of")
    {
        return None;
    }
    let a = v.mention_starting_at(ct1 + 2)?;
    let t = (0..v.mentions.len()).find(|&m| {
        v.mtok[m].0 > v.mtok[a].1
            && v.mtok[m].0 <= v.mtok[a].1 + 6
            && v.mtok[m].0 > 0
            && matches!(v.lower(v.mtok[m].0 - 1), "to" | "with" | "against" | "on")
    })?;
    Some(Pick {
        pairs: vec![(v.actor(a), v.actor(t), None)],
        confidence: 0.6,
        why: "noun: 'of' names the source, the next name the target".into(),
    })
}

/// The clause subject before the cue (an inherited one with less confidence). "Iran
/// condemned the raids", "A and B held talks on ending the war": an event noun after a
/// verb cue of another type is what the subject judges or talks about, not the
/// subject's own act, so the subject is not its source.
fn clause_subject(s: &Site, d: &mut Draft) {
    if !d.sources.is_empty() {
        return;
    }
    let v = s.v;
    let clause = s.clause;
    // "attend United Nations brokered talks": an agent inside a noun phrase is no subject
    let subj: Vec<usize> = clause
        .subject_before(v, s.ct0)
        .into_iter()
        .filter(|&m| !super::super::modifier::is_premodifying_agent(v, m, s.ct0))
        .collect();
    let other_cue_between = s.form == CueForm::Noun
        && subj.last().is_some_and(|&m| {
            v.verb_cue_at
                .iter()
                .any(|&(t, st)| t > v.mtok[m].1 && t < s.ct0 && st != s.stance)
        });
    // "A U.S. official said the air attack struck Homs": an attack named in what
    // the subject reports is not the subject's own
    let reported_attack = s.form == CueForm::Noun
        && s.stance == StanceType::Attacks
        && subj.last().is_some_and(|&m| {
            (v.mtok[m].1 + 1..s.ct0).any(|t| s.lexicon.is_reporting_verb(v.lower(t)))
        });
    // "aid to refugees fleeing the civil war in X": a civil war is fought inside X,
    // not by whoever the sentence is about
    let civil_war = s.stance == StanceType::Attacks && s.ct0 > 0 && v.lower(s.ct0 - 1) == "civil";
    if !subj.is_empty() && !other_cue_between && !reported_attack && !civil_war {
        d.sources = subj;
        if d.why.is_empty() {
            d.why.push_str(if clause.inherited {
                "source: subject of an earlier clause"
            } else {
                "source: clause subject"
            });
        }
        if clause.inherited {
            d.confidence = 0.6;
        }
    }
}

/// A first-person subject inside a quotation, or none, is the speaker.
fn quoted_speaker(s: &Site, d: &mut Draft) {
    let v = s.v;
    let in_quote = v.in_quote_before(v.toks[s.ct0].start);
    let first_person_subject = (s.clause.from..s.ct0).any(|i| FIRST_PERSON.contains(&v.lower(i)));
    if in_quote && (d.sources.is_empty() || first_person_subject) {
        if let Some((_, m)) = s.speaker {
            d.sources = vec![*m];
            d.why = "source: the quoted speaker".into();
            d.confidence = 0.6;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // an attack named in what the subject reports is not the subject's own
            ("Kenya said the air attack on Somalia killed five.", &[]),
            (
                "Belgium's condemnation of Rwanda drew an angry reply.",
                &["BEL denounces RWA @ noun: source is the name before it"],
            ),
            (
                "Moldova faces Russian sanctions.",
                &["RUS sanctions MDA @ noun after 'face'"],
            ),
            (
                "The visit of Austria's chancellor to Hungary was postponed.",
                &["AUT consults HUN @ 'of' names the source"],
            ),
            (
                "Mexico, Belize and Guatemala praised Honduras.",
                &[
                    "MEX supports HND @ the name right before the verb",
                    "BLZ supports HND",
                    "GTM supports HND",
                ],
            ),
            (
                "Peru expressed concern but condemned Chile.",
                &["PER denounces CHL @ subject of an earlier clause"],
            ),
            (
                "\"We condemn Azerbaijan,\" Armenia said.",
                &["ARM denounces AZE @ the quoted speaker"],
            ),
        ]);
    }
}
