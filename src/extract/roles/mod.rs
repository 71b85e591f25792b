//! Who takes the stance and toward whom: the source and target of a cue whose roles
//! come from its clause (the lexicon's default frame, and the speaker frame).
//!
//! [`roles`] is a cascade of rules, tried in order; the first that decides ends it, with
//! a [`Pick`] or with nothing. In order:
//!
//! 1. the cue is no act here ([`super::modifier`]);
//! 2. the speaker frame, "A said B must leave" ([`reference`]);
//! 3. a passive with a 'by' agent, "was condemned by X" ([`passive`]);
//! 4. the authors or parties after 'by'/'between' of a symmetric cue, the sides of
//!    "fighting between A and B" ([`symmetric`]);
//! 5. a passive without agent, "the ship was seized": no one ([`passive`]);
//! 6. the source ([`source`]): the noun's modifier or possessor, the recipient after a
//!    light verb, the name right before the verb, "X faces sanctions", "the visit of X
//!    to Y", the clause subject, the quoted speaker;
//! 7. the target ([`target`]): the author of an attacked act after 'by', the object after
//!    the cue (a noun's object after its preposition), the light verb's recipient;
//! 8. a passive with a nominal agent, "soldiers killed in a Turkish strike" ([`passive`]);
//! 9. "under EU sanctions", "at Syria's request", "a car bomb kills 12 in Baghdad"
//!    ([`target`]); a symmetric pair with no separate source
//!    ([`symmetric`]); an object that refers to an earlier event, accusation or act
//!    ([`reference`]); the relative pronoun as object ([`target`]);
//! 10. every source toward every target, swapped for a reversed cue ([`target::pairs`]).
//!
//! Steps 6 to 10 fill a [`Draft`] that the later ones read.

pub(super) mod passive;
pub(super) mod reference;
pub(super) mod source;
pub(super) mod symmetric;
pub(super) mod target;

use super::clause::Clause;
use super::discourse::Anaphora;
use super::view::SentenceView;
use crate::lexicon::{CueForm, Lexicon};
use crate::stance::StanceType;

/// The chosen (source, target, other disputant) actor triples of a cue, with the
/// confidence and the rule that chose them, for `--explain`.
pub(super) struct Pick {
    pub(super) pairs: Vec<(String, String, Option<String>)>,
    pub(super) confidence: f64,
    pub(super) why: String,
}

/// What a rule of the cascade decided: `Some(answer)` ends it with that answer (a pick,
/// or no edge at all), `None` lets the next rule look.
pub(super) type Decided = Option<Option<Pick>>;

/// A cue whose roles are to be found, with everything they are read against.
pub(super) struct Site<'s> {
    pub(super) v: &'s SentenceView<'s>,
    /// The clause of the cue, and all the clauses of the sentence.
    pub(super) clause: &'s Clause,
    pub(super) clauses: &'s [Clause],
    /// The cue's first and last token.
    pub(super) ct0: usize,
    pub(super) ct1: usize,
    /// How the cue is read here ([`super::cue::form`]).
    pub(super) form: CueForm,
    /// The type it has here ([`super::cue::stance_here`]), and the lexicon's type.
    pub(super) stance: StanceType,
    pub(super) cue_stance: StanceType,
    /// A ceasing phrase ends the act ([`super::cue::ceased`]: "will no longer attend").
    pub(super) ceased: bool,
    /// The cue is a participle after its agent, before a noun
    /// ([`super::modifier::agent_premodifier`]: "UN-brokered talks").
    pub(super) premodifier: bool,
    /// The lexicon's `reverse`: subject and object swapped ("received aid from X").
    pub(super) reverse: bool,
    /// The lexicon's speaker frame ("must").
    pub(super) speaker_frame: bool,
    /// The sentence's speaker and their mention ([`super::attribution::speaker`]).
    pub(super) speaker: Option<&'s (String, usize)>,
    pub(super) anaphora: &'s Anaphora<'s>,
    pub(super) lexicon: &'s Lexicon,
}

/// The source and target mentions found so far, and how.
pub(super) struct Draft {
    pub(super) sources: Vec<usize>,
    pub(super) targets: Vec<usize>,
    pub(super) why: String,
    pub(super) confidence: f64,
    /// The source is the noun's own modifier or possessor ("Russia's invasion").
    pub(super) modifier_source: bool,
    /// "gave Namibia a grant": after a light verb, the name before the noun is its
    /// recipient, and the source is the verb's subject.
    pub(super) indirect: Option<usize>,
}

/// The source and target actors of the cue at `s`, or `None` when no rule finds both.
pub(super) fn roles(s: &Site) -> Option<Pick> {
    if super::modifier::not_an_act(s.v, s.form, s.ct0, s.ct1) {
        return None;
    }
    if s.speaker_frame {
        return reference::speaker_frame(s);
    }
    let voice = passive::Voice::of(s);
    if let Some(decided) = passive::with_by_agent(s, voice) {
        return decided;
    }
    if let Some(pick) = symmetric::after_by_or_between(s).or_else(|| symmetric::mutual_between(s)) {
        return Some(pick);
    }
    if passive::without_agent(s, voice) {
        return None;
    }
    let mut d = Draft {
        sources: Vec::new(),
        targets: Vec::new(),
        why: String::new(),
        confidence: 0.8,
        modifier_source: false,
        indirect: source::light_verb_recipient(s),
    };
    if let Some(decided) = source::find(s, &mut d) {
        return decided;
    }
    if let Some(pick) = target::author_after_by(s, &d) {
        return Some(pick);
    }
    target::object(s, &mut d);
    if let Some(decided) = passive::nominal_agent(s, &d) {
        return decided;
    }
    target::under(s, &mut d);
    target::harmed_after(s, &mut d);
    target::at_request(s, &mut d);
    if let Some(pick) = symmetric::pair_without_source(s, &d) {
        return Some(pick);
    }
    if let Some(pick) = reference::earlier_event(s, &d)
        .or_else(|| reference::accuser(s, &d))
        .or_else(|| reference::act_author(s, &d))
    {
        return Some(pick);
    }
    target::relative_object(s, &mut d);
    target::pairs(s, d)
}
