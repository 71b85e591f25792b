//! Stance events: who takes which stance toward whom, in which sentence, and why.
//!
//! This stage reads one document's sentences, mentions and cues and decides, for each
//! cue, its source and target actors, its polarity, and whether it is asserted at all.
//! The rules are shallow and explicit. Each sentence goes through this cascade, driven
//! from here ([`Extractor::for_each_trace`]); each step names the module that owns it:
//!
//! 1. **View and clauses.** The sentence's tokens, lower-case words, mentions and speech
//!    verbs are indexed once (`view.rs`), after "it"/"they" have been resolved to actors
//!    (`discourse.rs`). It is cut into clauses at `;`, at a comma or quotation mark
//!    before a clause word ("which", "but", "saying"…), at "that", and at "and"/"but"
//!    before a verb; a clause's *subject* is its first mention not governed by a
//!    preposition, with the names coordinated with it (`clause.rs`). The word lists
//!    several rules share are in `words.rs`.
//! 2. **The cue.** A match inside a name or a negator is no cue; a word that is both verb
//!    and noun is read as one of them; a reversal verb or an act as object changes the
//!    type ("lifted the sanctions" concedes) (`cue.rs`). A verb cue used as a modifier or
//!    participle ("shell companies", "the captured fighters") is no act (`modifier.rs`).
//! 3. **Source and target** (`roles/`): passives with a 'by' or a nominal agent
//!    (`roles/passive.rs`), the parties of symmetric stances (`roles/symmetric.rs`), the
//!    source (`roles/source.rs`: the noun's possessor, the name before the verb, the
//!    clause subject, the quoted speaker), the target (`roles/target.rs`: the object
//!    after the cue, a noun's object after its preposition), and what the object refers
//!    back to or the speaker frame (`roles/reference.rs`). Cues with a frame of their own
//!    (an *evaluation*: "called the deal \"null and void\""; a *joint* noun: "an
//!    Israeli-Cypriot-Greek effort") are read by `frames.rs` instead.
//! 4. **Polarity and modality** (`polarity.rs`): a negator in the few words before the
//!    cue makes it `negated`, unless a cancel word follows it or a modal word precedes
//!    it; a modal word makes it hypothetical: kept for `--explain`, never reported. A
//!    ceasing phrase ("will no longer attend talks") is no negator but the act of ending
//!    (`cue.rs`: a sanction or a concession), and a participle after its agent before a
//!    noun ("UN-brokered talks", `modifier.rs`) is given, whatever the clause says.
//! 5. **Derived stances** (`derived.rs`): an announced or conditional punitive act is
//!    also a threat, a promised cooperative act an intent to cooperate, refusing a
//!    cooperative act rejects its addressee; a doer's denial of an alleged act in the
//!    same sentence negates it.
//! 6. **Attribution** (`attribution.rs`): a speech verb next to a mention ("X said",
//!    "according to X") sets `said_by`; "X said Y attacked Z" keeps the attack
//!    hypothetical and records X's accusation instead.
//! 7. **Discourse** (`discourse.rs`): across sentences a `History` carries the asserted
//!    events, each sentence's topic and the latest plural subject, for "it"/"they",
//!    "condemned the invasion" (the invader), "criticized the move" (its author),
//!    "denied the accusation" (the accuser), over a bounded window so long documents
//!    stay linear.
//!
//! Places ("Kunduz", "Kharkiv Oblast") are where something happened, never who acts:
//! an actor named only through places is only the target of acts that hit places
//! (`places.rs`). Finally one event is kept per edge and sentence (`one_per_edge`,
//! here). Edges between two mentions of the same actor are dropped. A headline that the
//! lead repeats word for word keeps no event of its own ([`headline_repeated`]): the
//! statement is counted once, in the lead.

mod attribution;
mod clause;
mod cue;
mod derived;
mod discourse;
mod frames;
mod modifier;
mod places;
mod polarity;
mod roles;
mod view;
mod words;

use serde::Serialize;

use self::clause::Clause;
use self::discourse::{Anaphora, Discourse, History};
use self::roles::{Pick, Site};
use self::view::SentenceView;
use crate::document::Document;
use crate::gazetteer::{Gazetteer, NameKind};
use crate::lexicon::{CueMatch, Frame, Lexicon};
use crate::mention::{find_mentions, Mention, MentionContext, MentionKind};
use crate::sentence::{split, Span};
use crate::stance::{Polarity, StanceType};
use crate::token::tokenize;

/// Whether a candidate is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as real (or explicitly negated): becomes an edge.
    Real,
    /// Planned, feared, alleged, conditional or asked: shown by `--explain` only.
    Hypothetical,
}

/// One stance statement found in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceEvent {
    pub doc: String,
    pub source: String,
    #[serde(rename = "type")]
    pub stance: StanceType,
    pub target: String,
    pub polarity: Polarity,
    /// Index of the sentence in the document (0-based).
    pub sentence: usize,
    /// Byte offsets of the sentence in the document text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The cue as written in the text.
    pub cue: String,
    pub cue_start: usize,
    pub cue_end: usize,
    pub said_by: Option<String>,
    pub confidence: f64,
    /// For mediation: the other disputant.
    pub between: Option<String>,
    #[serde(skip)]
    pub modality: Modality,
    /// Which rule chose the source and target, for `--explain`.
    #[serde(skip)]
    pub why: String,
}

/// A cue that produced no event, and why: for `--explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected {
    pub sentence: usize,
    pub cue: String,
    pub stance: StanceType,
    pub reason: String,
}

/// Whether the first sentence is a headline (a line of its own) that the lead (the
/// next sentence) repeats: the lead's words begin with all of the headline's, compared
/// without case and punctuation ("Russia Condemns Strike" / "Russia condemns strike,
/// the ministry said."). The headline's events are then not counted, the lead's are.
pub fn headline_repeated(text: &str, spans: &[Span]) -> bool {
    let (Some(head), Some(lead)) = (spans.first(), spans.get(1)) else {
        return false;
    };
    let (Some(head_text), Some(between), Some(lead_text)) = (
        text.get(head.start..head.end),
        text.get(head.end..lead.start),
        text.get(lead.start..lead.end),
    ) else {
        return false;
    };
    if head_text.contains(['\n', '\r']) || !between.contains(['\n', '\r']) {
        return false;
    }
    let words = |s: &'_ str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (head_words, lead_words) = (words(head_text), words(lead_text));
    !head_words.is_empty() && lead_words.starts_with(&head_words)
}

/// Everything extraction saw in one sentence, for `--explain`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SentenceTrace {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub mentions: Vec<Mention>,
    pub events: Vec<StanceEvent>,
    pub rejected: Vec<Rejected>,
    /// The actor the sentence is about: its first clause subject named in it.
    pub topic: Option<String>,
    /// When that subject names several actors ("Egypt, Greece and Cyprus"), all of them:
    /// what a later "they" refers to.
    pub group: Vec<String>,
}

/// The loaded resources extraction needs; cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
    /// The part-of-speech tagger ([`crate::syntax`]), shared between threads.
    pub tagger: std::sync::Arc<crate::syntax::Tagger>,
}

/// One sentence being read, and what its cues are read against.
struct Sentence<'s> {
    doc: &'s Document,
    index: usize,
    span: Span,
    view: &'s SentenceView<'s>,
    clauses: &'s [Clause],
    /// The sentence's speaker and their mention ([`attribution::speaker`]).
    speaker: Option<&'s (String, usize)>,
    anaphora: &'s Anaphora<'s>,
    /// Byte spans of the negators, which block the cues inside them.
    blocked: &'s [(usize, usize)],
    /// The actors named only through places ([`places::place_only_actors`]).
    place_only: &'s [&'s str],
}

impl Sentence<'_> {
    /// Records that the cue at `cm` gave no event, and why.
    fn reject(&self, trace: &mut SentenceTrace, cm: &CueMatch, stance: StanceType, reason: &str) {
        trace.rejected.push(Rejected {
            sentence: self.index,
            cue: self.view.text[cm.start..cm.end].to_string(),
            stance,
            reason: reason.to_string(),
        });
    }
}

impl Extractor {
    /// The extractor with the compiled-in gazetteer and lexicon.
    pub fn with_defaults() -> crate::Result<Self> {
        Ok(Extractor {
            gazetteer: Gazetteer::default_set()?,
            lexicon: Lexicon::default_set()?,
            tagger: std::sync::Arc::new(crate::syntax::Tagger::default_model()?),
        })
    }

    /// The stance events of one document (asserted and negated; hypothetical ones dropped).
    pub fn extract(&self, doc: &Document) -> Vec<StanceEvent> {
        let mut out = Vec::new();
        self.for_each_trace(doc, |t| {
            out.extend(
                t.events
                    .into_iter()
                    .filter(|e| e.modality == Modality::Real),
            )
        });
        out
    }

    /// Everything extraction saw in each sentence of a document: mentions, events (with
    /// hypothetical ones) and the cues that gave no edge, for `--explain` and the graph.
    pub fn trace(&self, doc: &Document) -> Vec<SentenceTrace> {
        let mut out = Vec::new();
        self.for_each_trace(doc, |t| out.push(t));
        out
    }

    /// [`trace`](Self::trace) one sentence at a time, so a caller that keeps only part
    /// of each trace (the events) holds no more than one sentence's worth at once.
    pub fn for_each_trace(&self, doc: &Document, mut f: impl FnMut(SentenceTrace)) {
        let text = doc.text.as_str();
        let date = doc.date.as_deref();
        let mut ctx = MentionContext::default();
        let mut history = History::default();
        let spans = split(text);
        let headline_repeated = headline_repeated(text, &spans);
        for (index, span) in spans.into_iter().enumerate() {
            let mentions = find_mentions(text, span, &self.gazetteer, date, &mut ctx);
            let mut trace = SentenceTrace {
                index,
                start: span.start,
                end: span.end,
                ..Default::default()
            };
            let discourse = history.discourse(index);
            self.sentence_events(doc, index, span, &mentions, &discourse, &mut trace);
            if index == 0 && headline_repeated {
                // the lead says it again, and is the evidence: one statement, one count
                for e in std::mem::take(&mut trace.events) {
                    trace.rejected.push(Rejected {
                        sentence: index,
                        cue: e.cue,
                        stance: e.stance,
                        reason: "the headline is repeated in the lead, counted there".into(),
                    });
                }
            }
            trace.mentions = mentions;
            history.remember(index, &trace);
            f(trace);
        }
    }

    /// The events of one sentence, into `trace`: the view and clauses, the sentence's
    /// topic, then every cue in text order, then the sentence-wide rules (reported
    /// violence, denials, one event per edge).
    fn sentence_events(
        &self,
        doc: &Document,
        index: usize,
        span: Span,
        mentions: &[Mention],
        discourse: &Discourse,
        trace: &mut SentenceTrace,
    ) {
        let text = doc.text.as_str();
        let toks = tokenize(text, span.start, span.end);
        if toks.is_empty() {
            return;
        }
        let with_pronouns = discourse::state_pronouns(
            &self.lexicon,
            text,
            &toks,
            mentions,
            discourse.recent_topic,
            discourse.group,
        );
        let mentions: &[Mention] = &with_pronouns;
        // cues and function phrases are both looked for in this one lower-cased copy
        let ascii_lower = text[span.start..span.end].to_ascii_lowercase();
        let cues = self.lexicon.scan_lowered(&ascii_lower, span.start);
        // With no cue there is no event, and with no name either there is no topic: the
        // sentence leaves nothing for the next one. Most sentences of the news are such.
        if cues.is_empty() && mentions.is_empty() {
            return;
        }
        let mut view = SentenceView::new(
            text,
            span,
            toks,
            mentions,
            &self.lexicon,
            self.gazetteer.words(),
        );
        // the tagger runs only where there is a cue to read: most sentences have none
        if !cues.is_empty() {
            let words: Vec<&str> = view.toks.iter().map(|t| &text[t.start..t.end]).collect();
            self.tagger.tag(&words, &mut view.pos);
        }
        let clauses = view.clauses();
        (trace.topic, trace.group) = discourse::topic(&clauses, mentions);
        if cues.is_empty() {
            return;
        }
        let speaker = attribution::speaker(&view);
        view.verb_cue_at = cue::topic_verbs(&self.lexicon, &view, &cues);
        let event_nouns = cue::event_nouns(&self.lexicon, &view, &cues);
        let anaphora = Anaphora {
            event_nouns: &event_nouns,
            discourse,
        };
        // A cue inside a name ("Security Council") or inside a negator ("held back
        // from", "denies") is no cue.
        let blocked = cue::function_phrases(&self.lexicon, text, span, &ascii_lower);
        let place_only = places::place_only_actors(&view);
        let sentence = Sentence {
            doc,
            index,
            span,
            view: &view,
            clauses: &clauses,
            speaker: speaker.as_ref(),
            anaphora: &anaphora,
            blocked: &blocked,
            place_only: &place_only,
        };
        for cm in &cues {
            self.cue_events(&sentence, cm, trace);
        }
        attribution::reported_violence(&view, trace);
        derived::denials(&view, trace);
        one_per_edge(index, trace);
    }

    /// The events of the cue at `cm`, or its rejection: is it a cue here, in which form
    /// and with which type, who toward whom ([`roles`] or [`frames`]).
    fn cue_events(&self, s: &Sentence, cm: &CueMatch, trace: &mut SentenceTrace) {
        let v = s.view;
        let cue = self.lexicon.cue(cm.cue);
        if cue::inside_a_name_or_negator(v.mentions, s.blocked, cm) {
            return;
        }
        let ct0 = v.tok_at(cm.start);
        let ct1 = v.tok_at(cm.end.saturating_sub(1));
        if cue::in_the_name_of_a_war(v, cue, &v.text[cm.start..cm.end], ct0) {
            return;
        }
        let Some(clause) = s.clauses.iter().find(|c| ct0 >= c.from && ct0 < c.to) else {
            return;
        };
        let form = cue::form(v, cue, ct0, ct1);
        if modifier::compound_modifier(v, form, ct0, ct1) {
            let reason = "a noun modifier in a compound (tagged as a noun)";
            s.reject(trace, cm, cue.stance, reason);
            return;
        }
        let premodifier = modifier::agent_premodifier(v, ct0, ct1);
        let ceased = !premodifier && cue::ceased(&self.lexicon, v, ct0, cue.stance);
        let site = Site {
            v,
            clause,
            clauses: s.clauses,
            ct0,
            ct1,
            form,
            stance: cue::stance_here(&self.lexicon, v, ct0, ct1, form, cue.stance, ceased),
            cue_stance: cue.stance,
            ceased,
            premodifier,
            reverse: cue.reverse,
            speaker_frame: cue.frame == Frame::Speaker,
            speaker: s.speaker,
            anaphora: s.anaphora,
            lexicon: &self.lexicon,
        };
        // polarity is read before the cue, or before the verb of judging
        let (pick, polar_at) = match cue.frame {
            Frame::Joint => (frames::joint(v, ct0), ct0),
            Frame::Evaluation => {
                match frames::evaluation(v, s.clauses, ct0, s.speaker, s.anaphora) {
                    Some((pick, anchor)) => (Some(pick), anchor),
                    None => (None, ct0),
                }
            }
            Frame::Clause | Frame::Speaker => (roles::roles(&site), ct0),
        };
        let Some(pick) = pick else {
            s.reject(
                trace,
                cm,
                cue.stance,
                "no source or no target actor in reach",
            );
            return;
        };
        match self.push_events(s, &site, cm, pick, polar_at, trace) {
            Pushed::Some => {}
            Pushed::NoneForPlaces => {
                let reason = "a place never acts, and is hit only by attacks";
                s.reject(trace, cm, cue.stance, reason);
            }
            Pushed::None => {
                let reason = "source and target are the same actor";
                s.reject(trace, cm, cue.stance, reason);
            }
        }
    }

    /// Pushes an event for every pair of `pick` (with the stances it implies, before
    /// it), with the polarity and modality read at token `polar_at`; a pair of an actor
    /// toward itself, or one that places exclude ([`places::excluded`]), gives none.
    fn push_events(
        &self,
        s: &Sentence,
        site: &Site,
        cm: &CueMatch,
        pick: Pick,
        polar_at: usize,
        trace: &mut SentenceTrace,
    ) -> Pushed {
        let v = s.view;
        let polar_clause = s
            .clauses
            .iter()
            .find(|c| polar_at >= c.from && polar_at < c.to)
            .unwrap_or(site.clause);
        let ceased = site.ceased && polar_at == site.ct0;
        let (polarity, modality) = if site.premodifier && polar_at == site.ct0 {
            (Polarity::Asserted, Modality::Real)
        } else {
            polarity::polarity(&self.lexicon, v, polar_clause, polar_at, ceased)
        };
        let implied = derived::implied(site, polar_clause, polar_at, polarity);
        // the act itself has not happened: "Russia will attack Ukraine" is a threat,
        // not an attack
        let modality = if implied.announced_act {
            Modality::Hypothetical
        } else {
            modality
        };
        let said_by = s.speaker.map(|(a, _)| a.clone());
        let (text, span) = (s.doc.text.as_str(), s.span);
        let mut emitted = false;
        let mut placed = false;
        for (source, target, between) in pick.pairs {
            if source == target {
                continue;
            }
            // a place never acts, and is the target only of acts that hit places
            if places::excluded(s.place_only, &source, &target, site.stance) {
                placed = true;
                continue;
            }
            emitted = true;
            let event = StanceEvent {
                doc: s.doc.id.clone(),
                source,
                stance: site.stance,
                target,
                polarity,
                sentence: s.index,
                start: span.start,
                end: span.end,
                text: text[span.start..span.end].to_string(),
                cue: text[cm.start..cm.end].to_string(),
                cue_start: cm.start,
                cue_end: cm.end,
                said_by: said_by.clone(),
                confidence: pick.confidence,
                between,
                modality,
                why: pick.why.clone(),
            };
            // stances the act implies, stated alongside it
            trace
                .events
                .extend(derived::implied_events(&event, &implied));
            trace.events.push(event);
        }
        match (emitted, placed) {
            (true, _) => Pushed::Some,
            (false, true) => Pushed::NoneForPlaces,
            (false, false) => Pushed::None,
        }
    }
}

/// Whether [`Extractor::push_events`] pushed any event, and if not, why.
enum Pushed {
    Some,
    /// None: at least one pair was excluded by places, the others were an actor toward
    /// itself.
    NoneForPlaces,
    /// None: every pair was an actor toward itself.
    None,
}

/// One piece of evidence per sentence for each edge: "signed a partnership agreement on
/// trade" states one cooperation, not three. The first cue in text order is kept (events
/// are made in cue order); each later one is listed as refused, naming the cue kept.
fn one_per_edge(index: usize, trace: &mut SentenceTrace) {
    let key = |e: &StanceEvent| {
        let (a, b) = if e.stance.symmetric() && e.target < e.source {
            (e.target.clone(), e.source.clone())
        } else {
            (e.source.clone(), e.target.clone())
        };
        (a, b, e.stance, e.polarity, e.modality)
    };
    let mut seen: Vec<(String, String, StanceType, Polarity, Modality, String)> = Vec::new();
    let mut kept = Vec::with_capacity(trace.events.len());
    for e in std::mem::take(&mut trace.events) {
        let (a, b, st, pol, m) = key(&e);
        if let Some(first) = seen
            .iter()
            .find(|k| k.0 == a && k.1 == b && k.2 == st && k.3 == pol && k.4 == m)
        {
            trace.rejected.push(Rejected {
                sentence: index,
                cue: e.cue.clone(),
                stance: e.stance,
                reason: format!("same edge as cue \"{}\" in this sentence", first.5),
            });
            continue;
        }
        seen.push((a, b, st, pol, m, e.cue.clone()));
        kept.push(e);
    }
    trace.events = kept;
}

/// Adds one sentence's named (not pronoun) mentions to per-actor counts.
pub fn count_mentions(t: &SentenceTrace, counts: &mut std::collections::BTreeMap<String, usize>) {
    for m in &t.mentions {
        // a place is where something happened: it does not make its state a party
        if matches!(
            m.kind,
            MentionKind::Pronoun | MentionKind::Name(NameKind::Place)
        ) {
            continue;
        }
        // the actor's id is copied only the first time it is counted
        match counts.get_mut(&m.actor) {
            Some(n) => *n += 1,
            None => {
                counts.insert(m.actor.clone(), 1);
            }
        }
    }
}

/// Helpers for the table tests of the modules: a sentence in, its events out.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use super::{Extractor, Modality, SentenceTrace};
    use crate::document::Document;
    use crate::stance::Polarity;

    pub(crate) fn extractor() -> &'static Extractor {
        static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
        EXTRACTOR.get_or_init(|| Extractor::with_defaults().expect("default resources load"))
    }

    fn traces(text: &str) -> Vec<SentenceTrace> {
        let mut doc = Document::new("t", text);
        doc.date = Some("2023-06-01".to_string());
        extractor().trace(&doc)
    }

    /// Every event of `text`, hypothetical ones included, as `("SRC type TGT", why)`:
    /// `"SRC !type TGT"` when negated, `"SRC ?type TGT"` when hypothetical; `why` ends
    /// in `"; said by X"` when the sentence has a speaker, as in `--explain`.
    pub(crate) fn events(text: &str) -> Vec<(String, String)> {
        traces(text)
            .into_iter()
            .flat_map(|t| t.events)
            .map(|e| {
                let mark = match (e.modality, e.polarity) {
                    (Modality::Hypothetical, _) => "?",
                    (_, Polarity::Negated) => "!",
                    _ => "",
                };
                let said_by = e
                    .said_by
                    .map(|s| format!("; said by {s}"))
                    .unwrap_or_default();
                let edge = format!("{} {mark}{} {}", e.source, e.stance, e.target);
                (edge, format!("{}{said_by}", e.why))
            })
            .collect()
    }

    /// The cues of `text` that gave no event, as `"cue: reason"`.
    pub(crate) fn rejected(text: &str) -> Vec<String> {
        traces(text)
            .into_iter()
            .flat_map(|t| t.rejected)
            .map(|r| format!("{}: {}", r.cue, r.reason))
            .collect()
    }

    /// Runs a table of `(sentence, expected events)`. An expected event is written as
    /// [`events`] writes it, optionally followed by `" @ "` and a fragment that the
    /// rule's explanation must contain (so a row pins the rule, not only the edge). The
    /// sentence must give exactly the expected edges; every failing row is reported.
    pub(crate) fn check(rows: &[(&str, &[&str])]) {
        let mut failures = Vec::new();
        for (text, want) in rows {
            let got = events(text);
            let got_edges: BTreeSet<&str> = got.iter().map(|(e, _)| e.as_str()).collect();
            let want_edges: BTreeSet<&str> = want
                .iter()
                .map(|w| w.split(" @ ").next().unwrap_or(w))
                .collect();
            let rule_missing = want.iter().any(|w| match w.split_once(" @ ") {
                Some((edge, rule)) => !got.iter().any(|(e, why)| e == edge && why.contains(rule)),
                None => false,
            });
            if got_edges != want_edges || rule_missing {
                failures.push(format!("{text}\n    want {want:?}\n    got  {got:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} rows failed:\n{}",
            failures.len(),
            rows.len(),
            failures.join("\n")
        );
    }
}
