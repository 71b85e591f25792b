//! What earlier sentences of the document left for this one to refer to.
//!
//! Across sentences a [`History`] carries the asserted events, each sentence's topic
//! (its first subject) and the latest plural subject; each sentence reads them as a
//! [`Discourse`], over a bounded window ([`MEMORY_WINDOW`]) so that long documents stay
//! linear. From it: "it"/"they" as the subject of a verb refer to the sentence's first
//! name or the previous topic (of the last [`PRONOUN_REACH`] sentences), or to all of a plural subject, and an object "it" of a
//! reported clause ("Iraq says Iran is assisting it") to the speaker
//! ([`state_pronouns`]); a possessive "its" to the latest actor named before it
//! ([`possessive_antecedent`]); and
//! [`Anaphora`] resolves an object that names an earlier act: "condemned the invasion"
//! to the invader, "welcomed the talks" to their parties, "criticized the move" to its
//! author, "denied the accusation" to the accuser (the rules that ask are in
//! [`super::roles::reference`], [`super::roles::passive`] and [`super::frames`]).

use super::clause::{np_start, Clause};
use super::view::SentenceView;
use super::words::{ACT_NOUNS, DETERMINERS, PREPOSITIONS};
use super::{Modality, SentenceTrace};
use crate::gazetteer::NameKind;
use crate::lexicon::Lexicon;
use crate::mention::{Mention, MentionKind};
use crate::stance::{Polarity, StanceType};
use crate::token::Tok;

/// How many earlier events and sentence topics anaphora may look back over.
pub(super) const MEMORY_WINDOW: usize = 64;

/// How many sentences back a pronoun subject may find the topic it stands for.
pub(super) const PRONOUN_REACH: usize = 2;

/// An asserted event an earlier sentence stated, for anaphora.
pub(super) struct Recalled {
    pub(super) stance: StanceType,
    pub(super) source: String,
    pub(super) target: String,
    pub(super) sentence: usize,
}

/// What earlier sentences of the document left for this one to refer to.
pub(super) struct Discourse<'a> {
    /// Asserted events so far: (type, source, target), oldest first.
    pub(super) memory: &'a [Recalled],
    /// The topic actor of each earlier sentence, oldest first.
    pub(super) topics: &'a [String],
    /// The latest topic if one of the last [`PRONOUN_REACH`] sentences had it, for
    /// "it"/"they" as a subject; empty otherwise.
    pub(super) recent_topic: &'a [String],
    /// The latest plural subject of the last few sentences, for "they".
    pub(super) group: &'a [String],
}

/// Event anaphora: "condemned the invasion" refers to the last invasion the document
/// asserted, so its target is that invasion's doer; "welcomed the call" refers to the last
/// call, so its targets are both parties.
pub(super) struct Anaphora<'a> {
    /// (first token, type) of every event noun in the sentence.
    pub(super) event_nouns: &'a [(usize, StanceType)],
    /// What earlier sentences of the document established.
    pub(super) discourse: &'a Discourse<'a>,
}

/// What the document has said so far, kept from sentence to sentence by the driver.
#[derive(Default)]
pub(super) struct History {
    /// Asserted events, oldest first; only the last [`MEMORY_WINDOW`] are read.
    events: Vec<Recalled>,
    /// The topic of each earlier sentence that had one, oldest first.
    topics: Vec<String>,
    /// The sentence of the latest topic.
    topic_at: usize,
    /// The latest plural subject and the sentence it was seen in.
    group: (Vec<String>, usize),
}

impl History {
    /// What sentence `index` may refer to.
    pub(super) fn discourse(&self, index: usize) -> Discourse<'_> {
        let recent_group: &[String] = if index <= self.group.1 + 3 {
            &self.group.0
        } else {
            &[]
        };
        // a pronoun subject reaches back over a few sentences only: in a list of news
        // items, "it" three items later is not the earlier item's actor
        let recent_topic: &[String] = if index <= self.topic_at + PRONOUN_REACH {
            &self.topics[self.topics.len().saturating_sub(1)..]
        } else {
            &[]
        };
        // anaphora looks back over a bounded window, so a long document stays linear
        Discourse {
            memory: &self.events[self.events.len().saturating_sub(MEMORY_WINDOW)..],
            topics: &self.topics[self.topics.len().saturating_sub(MEMORY_WINDOW)..],
            recent_topic,
            group: recent_group,
        }
    }

    /// Adds what sentence `index` stated: its topic, its plural subject, its asserted
    /// events.
    pub(super) fn remember(&mut self, index: usize, trace: &SentenceTrace) {
        if let Some(t) = &trace.topic {
            self.topics.push(t.clone());
            self.topic_at = index;
        }
        if trace.group.len() >= 2 {
            self.group = (trace.group.clone(), index);
        }
        self.events.extend(
            trace
                .events
                .iter()
                .filter(|e| e.modality == Modality::Real && e.polarity == Polarity::Asserted)
                .map(|e| Recalled {
                    stance: e.stance,
                    source: e.source.clone(),
                    target: e.target.clone(),
                    sentence: index,
                }),
        );
        // only the last MEMORY_WINDOW entries are ever read
        if self.events.len() > 2 * MEMORY_WINDOW {
            self.events.drain(..self.events.len() - MEMORY_WINDOW);
        }
        if self.topics.len() > 2 * MEMORY_WINDOW {
            self.topics.drain(..self.topics.len() - MEMORY_WINDOW);
        }
    }
}

/// What a meeting produces: "denounced the conclusions of the summit".
const OUTCOME_NOUNS: &[&str] = &[
    "conclusions",
    "conclusion",
    "outcome",
    "outcomes",
    "results",
    "result",
    "declaration",
    "communique",
    "communiqué",
    "decisions",
    "resolution",
];

impl Anaphora<'_> {
    /// "criticized the move": the act's author is the latest earlier topic other than
    /// the source. `at` is the token after the cue.
    pub(super) fn act_author(&self, v: &SentenceView, at: usize, not: &[String]) -> Option<String> {
        let mut i = at;
        let mut det = false;
        while i < v.toks.len()
            && matches!(
                v.lower(i),
                "the" | "this" | "that" | "these" | "its" | "their" | "his" | "her"
            )
        {
            det = true;
            i += 1;
        }
        // one modifier may stand before the noun: "the latest move"
        let noun = (i..(i + 2).min(v.toks.len())).find(|&k| ACT_NOUNS.contains(&v.lower(k)));
        if !det || noun.is_none() {
            return None;
        }
        // the doer of the latest event, else the latest topic
        self.discourse
            .memory
            .iter()
            .rev()
            .map(|r| &r.source)
            .find(|s| !not.contains(s))
            .or_else(|| {
                self.discourse
                    .topics
                    .iter()
                    .rev()
                    .find(|t| !not.contains(t))
            })
            .cloned()
    }

    /// Who did the act whose head noun is token `head`, from what the document said
    /// before: an event noun ("the agreement", "the strike") refers to the latest event
    /// of its type (both parties of a symmetric one, the doer otherwise); a noun for an
    /// act or words ("the move") to the latest doer other than `not`.
    pub(super) fn act_doers(
        &self,
        v: &SentenceView,
        head: usize,
        not: &[String],
    ) -> Option<Vec<String>> {
        if let Some(&(_, stance)) = self.event_nouns.iter().find(|&&(t, _)| t == head) {
            let last = self.discourse.memory.iter().rev().find(|r| {
                r.stance == stance && !(not.contains(&r.source) && not.contains(&r.target))
            })?;
            let mut doers = vec![last.source.clone()];
            if stance.symmetric() {
                doers.push(last.target.clone());
            }
            doers.retain(|d| !not.contains(d));
            return (!doers.is_empty()).then_some(doers);
        }
        if ACT_NOUNS.contains(&v.lower(head)) {
            let det = np_start(v, head);
            return self.act_author(v, det, not).map(|a| vec![a]);
        }
        None
    }

    /// Only stances *about* an event take it as object: supporting, denouncing or
    /// rejecting an attack, sanction or seizure (its doer), or a call, talks or mediation
    /// (its parties). "Joined the agreement" is left alone: agreements are many.
    pub(super) fn resolve(
        &self,
        v: &SentenceView,
        ct1: usize,
        cue: StanceType,
    ) -> Option<Vec<String>> {
        if !matches!(
            cue,
            StanceType::Supports | StanceType::Denounces | StanceType::Rejects
        ) {
            return None;
        }
        let mut i = ct1 + 1;
        let mut det = false;
        while i < v.toks.len()
            && matches!(
                v.lower(i),
                "the" | "this" | "that" | "these" | "its" | "their"
            )
        {
            det = true;
            i += 1;
        }
        if !det {
            return None;
        }
        // "the conclusions of the summit", "the outcome of the talks": what a meeting
        // produced is aimed at its parties
        if i + 2 < v.toks.len() && OUTCOME_NOUNS.contains(&v.lower(i)) && v.lower(i + 1) == "of" {
            i += 2;
            while i < v.toks.len() && DETERMINERS.contains(&v.lower(i)) {
                i += 1;
            }
        }
        // skip up to two modifiers: "the recent border clashes"
        let noun = (i..(i + 3).min(v.toks.len()))
            .find_map(|k| self.event_nouns.iter().find(|(t, _)| *t == k))?;
        let stance = noun.1;
        if !matches!(
            stance,
            StanceType::Attacks
                | StanceType::Coerces
                | StanceType::Sanctions
                | StanceType::Consults
                | StanceType::Mediates
        ) {
            return None;
        }
        let last = self
            .discourse
            .memory
            .iter()
            .rev()
            .find(|r| r.stance == stance)?;
        if !(stance.symmetric() || stance == StanceType::Mediates) {
            return Some(vec![last.source.clone()]);
        }
        // a meeting, pact or mediation: every party the sentence that reported it named
        let mut parties: Vec<String> = Vec::new();
        for r in self
            .discourse
            .memory
            .iter()
            .filter(|r| r.stance == stance && r.sentence == last.sentence)
        {
            for a in [&r.source, &r.target] {
                if !parties.contains(a) {
                    parties.push(a.clone());
                }
            }
        }
        Some(parties)
    }
}

/// "It", "they" and "its" as the subject of a verb refer to a state or organization:
/// the first name of this sentence before them, else the topic of the sentence before.
/// "It is", "it was" and the like are left alone.
pub(super) fn state_pronouns<'m>(
    lexicon: &Lexicon,
    text: &str,
    toks: &[Tok],
    mentions: &'m [Mention],
    topics: &[String],
    group: &[String],
) -> std::borrow::Cow<'m, [Mention]> {
    // most sentences have no "it" or "they": then the mentions are lent, not copied
    let mut out: Option<Vec<Mention>> = None;
    let word = |i: usize| text[toks[i].start..toks[i].end].to_lowercase();
    for i in 0..toks.len() {
        let raw = &text[toks[i].start..toks[i].end];
        if !(raw.eq_ignore_ascii_case("it") || raw.eq_ignore_ascii_case("they")) {
            continue;
        }
        let w = raw.to_ascii_lowercase();
        let Some(next) = (i + 1 < toks.len()).then(|| word(i + 1)) else {
            continue;
        };
        let verbish = verb_follows(lexicon, &next);
        let start = toks[i].start;
        if !verbish {
            // "Iraq says Iran is assisting it": an object "it" of a reported clause
            // is the speaker who reports it
            if let Some(speaker) = reporting_speaker(lexicon, text, toks, mentions, i) {
                out.get_or_insert_with(|| mentions.to_vec()).push(Mention {
                    actor: speaker,
                    start,
                    end: toks[i].end,
                    kind: MentionKind::Pronoun,
                });
            }
            continue;
        }
        // plural "they" after a sentence about several actors refers to all of them
        if w == "they" && group.len() >= 2 && !mentions.iter().any(|m| m.end <= start) {
            let out = out.get_or_insert_with(|| mentions.to_vec());
            for actor in group {
                out.push(Mention {
                    actor: actor.clone(),
                    start,
                    end: toks[i].end,
                    kind: MentionKind::Pronoun,
                });
            }
            continue;
        }
        let antecedent = mentions
            .iter()
            .find(|m| m.end <= start && m.kind != MentionKind::Pronoun)
            .map(|m| m.actor.clone())
            .or_else(|| topics.last().cloned());
        if let Some(actor) = antecedent {
            out.get_or_insert_with(|| mentions.to_vec()).push(Mention {
                actor,
                start,
                end: toks[i].end,
                kind: MentionKind::Pronoun,
            });
        }
    }
    let mut out = match out {
        Some(out) => out,
        // nothing added, and already in the order the sort gives
        None if mentions.windows(2).all(|w| w[0].start <= w[1].start) => {
            return std::borrow::Cow::Borrowed(mentions);
        }
        None => mentions.to_vec(),
    };
    out.sort_by_key(|m| m.start);
    std::borrow::Cow::Owned(out)
}

/// For an object "it" at token `i` ("... is assisting it"): the sentence's first name,
/// when a speech verb stands between that name and the pronoun and the word before
/// the pronoun is a verb form, not a preposition.
fn reporting_speaker(
    lexicon: &Lexicon,
    text: &str,
    toks: &[Tok],
    mentions: &[Mention],
    i: usize,
) -> Option<String> {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    if !word(i).eq_ignore_ascii_case("it") || i == 0 {
        return None;
    }
    let prev = word(i - 1);
    let verb_form = prev.starts_with(char::is_lowercase)
        && (prev.ends_with("ing") || prev.ends_with("ed") || prev.ends_with('s'))
        && !PREPOSITIONS.contains(&prev);
    if !verb_form {
        return None;
    }
    let first = mentions.first().filter(|m| {
        m.end <= toks[i].start
            && m.kind != MentionKind::Pronoun
            && m.kind != MentionKind::Name(NameKind::Place)
    })?;
    // speech verbs are lower case: a word with a capital letter is none, so no
    // lower-case copy is made
    let said = toks[..i]
        .iter()
        .filter(|t| t.start >= first.end)
        .map(|t| &text[t.start..t.end])
        .any(|w| !w.chars().any(char::is_uppercase) && lexicon.is_speech_verb(w));
    said.then(|| first.actor.clone())
}

/// What a possessive "its" at token `i` stands for ("assisting it in its fight with
/// X"): the latest actor named before it that is not a place. Asked by the rule that
/// takes the name before an event noun as its source ([`super::roles::source`]).
pub(super) fn possessive_antecedent(v: &SentenceView, i: usize) -> Option<usize> {
    (0..v.mentions.len())
        .filter(|&m| v.mtok[m].1 < i && !v.is_place(m))
        .max_by_key(|&m| v.mtok[m].1)
}

/// Does a pronoun followed by `next` stand as the subject of a verb ("it has", "they
/// condemned", "it said")? "It is", "it was" and the like are left out.
fn verb_follows(lexicon: &Lexicon, next: &str) -> bool {
    matches!(
        next,
        "has"
            | "had"
            | "have"
            | "would"
            | "will"
            | "could"
            | "did"
            | "does"
            | "do"
            | "also"
            | "then"
            | "later"
    ) || (next.ends_with("ed") && next.len() > 4)
        || lexicon.is_speech_verb(next)
}

/// The actor a sentence is about: the first subject named in it (not inherited from an
/// earlier clause), and when that subject names several actors ("Egypt, Greece and
/// Cyprus") all of them, what a later "they" refers to.
pub(super) fn topic(clauses: &[Clause], mentions: &[Mention]) -> (Option<String>, Vec<String>) {
    let first_subject = clauses
        .iter()
        .find(|c| !c.inherited && !c.subject.is_empty());
    let topic = first_subject.map(|c| mentions[c.subject[0]].actor.clone());
    let group = first_subject
        .map(|c| {
            let mut ids: Vec<String> = Vec::new();
            for &m in &c.subject {
                if !ids.contains(&mentions[m].actor) {
                    ids.push(mentions[m].actor.clone());
                }
            }
            ids
        })
        .unwrap_or_default();
    (topic, group)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // "they" after a sentence about several actors: all of them
            (
                "Brazil and Argentina signed a pact. They also condemned Venezuela.",
                &[
                    "BRA cooperates ARG",
                    "BRA denounces VEN",
                    "ARG denounces VEN",
                ],
            ),
            // an object "it" of a reported clause: the speaker
            (
                "Lebanon says Syria is arming it.",
                &["SYR aids LBN @ said by LBN"],
            ),
            // "it": the topic of the sentence before
            (
                "Germany criticized Poland. It also condemned Hungary.",
                &["DEU denounces POL", "DEU denounces HUN"],
            ),
        ]);
    }
}
