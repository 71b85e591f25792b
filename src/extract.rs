//! Stance events: who takes which stance toward whom, in which sentence, and why.
//!
//! This stage reads one document's sentences, mentions and cues and decides, for each
//! cue, its source and target actors, its polarity, and whether it is asserted at all.
//! The rules are shallow and explicit, in this order:
//!
//! 1. **Clauses.** A sentence is cut into clauses at `;`, at a comma or quotation mark
//!    followed by a clause word ("which", "but", "while", "saying"…), at "that", and at
//!    "and"/"but" before a verb. A clause's *subject* is its first mention not governed by
//!    a preposition; a clause with none inherits the previous clause's subject (a relative
//!    clause inherits the mention right before "which"/"who").
//! 2. **Source.** A verb cue's source is the subject of its clause, with the names
//!    coordinated with it ("Egypt, Greece and Cyprus"). A passive ("was condemned by X",
//!    "welcomed by X") takes X as source and the subject as target. A noun cue's source is
//!    the name right before it ("Russia's invasion", "Western sanctions"), else the subject.
//!    A clause with no subject inside a quotation takes the speaker.
//! 3. **Target.** The first mention after the cue in the same clause (and the names
//!    coordinated with it); for nouns, one after "of", "against", "on", "with"…; for
//!    `mediates`, every party after the cue; for symmetric types without an object, the
//!    other member of a coordinated subject ("X and Y held talks").
//!    Some cues carry their own frame (see `data/README.md`): an *evaluation* ("called
//!    the deal \"null and void\"") aims from who judges to the authors of the act it
//!    judges; a *joint* noun ("an Israeli-Cypriot-Greek effort") pairs the hyphenated
//!    actors before it; a *speaker* cue ("must") aims from the speaker at the name before it.
//! 4. **Polarity and modality.** A negator in the few words before the cue ("did not",
//!    "refrained from", "denies") makes it `negated`, unless a cancel word follows it ("did
//!    not hesitate to") or a modal word precedes it ("urged Italy to refuse to ...").
//!    A modal word there ("may", "plans to", "accused of") makes it hypothetical: kept
//!    for `--explain`, never reported as asserted. Refusing a cooperative act ("refused
//!    to send aid to X") also rejects its addressee.
//! 5. **Attribution.** A speech verb next to a mention ("X said", "according to X") sets
//!    `said_by` for the sentence's events; "X said Y attacked Z" keeps the attack
//!    hypothetical and records X's accusation instead.
//! 6. **Derived stances.** An announced or conditional punitive act ("will impose
//!    sanctions", "... unless") is also a threat; a promised cooperative act ("will give
//!    aid") also an intent to cooperate; a reversal verb turns an event noun around
//!    ("lifted the sanctions" concedes, "suspended aid" sanctions); a doer's denial of an
//!    alleged act in the same sentence negates it.
//! 7. **Discourse.** Across sentences a `Discourse` value carries the asserted events, each
//!    sentence's topic (first subject) and the latest plural subject: "it"/"they" refer
//!    to them, "condemned the invasion" to the invader, "criticized the move" to its
//!    author, "denied the accusation" to the accuser. It looks back over a bounded
//!    window so long documents stay linear.
//!
//! Edges between two mentions of the same actor are dropped.

use serde::Serialize;

use crate::document::Document;
use crate::gazetteer::{Gazetteer, NameKind};
use crate::lexicon::{CueForm, Frame, Lexicon};
use crate::mention::{find_mentions, Mention, MentionContext, MentionKind};
use crate::sentence::{split, Span};
use crate::stance::{Polarity, StanceClass, StanceType};
use crate::token::{tokenize, Tok};

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

const PREPOSITIONS: &[&str] = &[
    "of",
    "with",
    "to",
    "from",
    "in",
    "at",
    "by",
    "for",
    "against",
    "on",
    "between",
    "about",
    "toward",
    "towards",
    "after",
    "before",
    "since",
    "during",
    "despite",
    "like",
    "than",
    "including",
    "into",
    "over",
    "among",
    "amid",
    "across",
    "through",
    "within",
    "upon",
    "via",
    "behind",
    "near",
    "under",
    "around",
    "as",
    "without",
    "per",
    "following",
    "regarding",
    "concerning",
    "alongside",
];

const NOUN_TARGET_PREPS: &[&str] = &[
    "of", "against", "on", "with", "to", "toward", "towards", "in", "into", "over", "for",
    "between", "upon", "from", "at",
];

const CLAUSE_WORDS: &[&str] = &[
    "which",
    "who",
    "whom",
    "whose",
    "but",
    "while",
    "whereas",
    "although",
    "though",
    "saying",
    "adding",
    "because",
    "after",
    "before",
    "when",
    "where",
    "as",
    "since",
    "despite",
    "following",
    "amid",
    "until",
    "if",
    "unless",
    "then",
    "so",
    "yet",
    "and",
    "or",
    "according",
    "meanwhile",
    "however",
    "with",
    "including",
];

const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "other",
    "several",
    "some",
    "all",
    "many",
    "both",
    "two",
    "three",
    "four",
    "five",
    "fellow",
    "neighbouring",
    "neighboring",
    "our",
    "western",
];

/// Nouns for people and bodies that act for a state: "the government of X", "troops from X".
const AGENT_NOUNS: &[&str] = &[
    "president",
    "government",
    "leader",
    "leaders",
    "minister",
    "ministers",
    "king",
    "emir",
    "forces",
    "troops",
    "army",
    "military",
    "police",
    "authorities",
    "officials",
    "soldiers",
    "navy",
    "ambassador",
    "delegation",
    "delegations",
    "governments",
    "heads",
    "parliament",
    "people",
    "prime",
    "ministry",
    "regime",
    "administration",
    "cabinet",
    "chancellor",
    "sultan",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "diplomats",
    "junta",
    "militias",
    "militiamen",
    "rebels",
    "warplanes",
    "jets",
    "ships",
    "warships",
    "tanks",
    "units",
    "guards",
    "security",
    "representatives",
    "representative",
    "members",
    "member",
    "delegates",
    "negotiators",
];

/// Words that are prepositions before a noun but open a clause before a verb.
const SUBORDINATORS: &[&str] = &["after", "before", "since", "as", "until", "despite"];

/// Words after which a verb, not a noun, follows.
const MODALS: &[&str] = &[
    "to", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "not", "t",
    "never", "they", "we", "it", "he", "she", "who", "which",
];

/// Words that may stand between a subject and its verb.
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "also",
    "did",
    "does",
    "do",
    "been",
    "then",
    "later",
    "again",
    "already",
    "still",
    "now",
    "had",
    "repeatedly",
    "has",
    "just",
    "jointly",
    "once",
    "too",
    "swiftly",
    "quickly",
    "immediately",
    "publicly",
    "strongly",
    "firmly",
    "sharply",
    "officially",
    "formally",
    "reportedly",
];

/// Prepositions that make a following name a time or place, not the object of a verb.
const NOT_OBJECT_PREPS: &[&str] = &[
    "in",
    "at",
    "during",
    "since",
    "after",
    "before",
    "amid",
    "despite",
    "following",
    "until",
    "like",
    "as",
];

/// Speech verbs that report what someone else did or what happened, unlike "announced"
/// or "confirmed", whose object may be the speaker's own act.
const REPORTING_WORDS: &[&str] = &[
    "said", "says", "say", "told", "tells", "claimed", "claims", "reported", "reports", "added",
    "noted", "stated", "wrote",
];

const FIRST_PERSON: &[&str] = &["we", "i", "us", "our"];

/// One clause of a sentence: token range and its subject mentions.
#[derive(Debug, Clone)]
struct Clause {
    from: usize,
    to: usize,
    subject: Vec<usize>,
    inherited: bool,
    /// In an object relative ("Cyprus, which Turkey does not recognize"), the name the
    /// relative pronoun stands for: the verb's object.
    object: Option<usize>,
}

impl Clause {
    /// The clause's subject mentions that end before token `t`.
    fn subject_before(&self, v: &SentenceView, t: usize) -> Vec<usize> {
        self.subject
            .iter()
            .copied()
            .filter(|&m| v.mtok[m].1 < t)
            .collect()
    }
}

struct SentenceView<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    mentions: &'a [Mention],
    /// token index of each mention's first and last token
    mtok: Vec<(usize, usize)>,
    /// for each token, is it a one-word speech verb of the lexicon ("said that ..."
    /// opens no relative clause), and does a speech verb start there ("according to")?
    speech_word: Vec<bool>,
    speech_at: Vec<bool>,
    /// every token in lower case, one after the other, so rules compare without
    /// allocating; `lower_ends[i]` is where token `i` ends in it
    lower_buf: String,
    lower_ends: Vec<usize>,
    /// for each token, the first mention starting and ending there
    starts_here: Vec<Option<usize>>,
    ends_here: Vec<Option<usize>>,
    /// the tagger's part of speech of every token (filled only for sentences with cues)
    pos: Vec<crate::syntax::Upos>,
    /// the first token and type of every verb cue of the sentence whose object is a
    /// topic rather than a deed (judging, asking, talking: "condemned the raids", "held
    /// talks on the war"), in text order
    verb_cue_at: Vec<(usize, StanceType)>,
}

impl<'a> SentenceView<'a> {
    fn word(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        &self.text[t.start..t.end]
    }

    /// Token `i` in lower case (computed once per sentence).
    #[inline]
    fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_ends[i - 1] };
        &self.lower_buf[start..self.lower_ends[i]]
    }

    fn tok_at(&self, offset: usize) -> usize {
        self.toks.partition_point(|t| t.end <= offset)
    }

    fn mention_starting_at(&self, ti: usize) -> Option<usize> {
        self.starts_here.get(ti).copied().flatten()
    }

    fn mention_ending_at(&self, ti: usize) -> Option<usize> {
        self.ends_here.get(ti).copied().flatten()
    }

    /// Is mention `m` a place of its state ("Kunduz", "Kharkiv Oblast"), not the state?
    fn is_place(&self, m: usize) -> bool {
        self.mentions[m].kind == MentionKind::Name(NameKind::Place)
    }

    /// The actors this sentence names only through places: they may be hit, never act.
    fn place_only_actors(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for (m, mention) in self.mentions.iter().enumerate() {
            let actor = mention.actor.as_str();
            if self.is_place(m)
                && !out.contains(&actor)
                && !self
                    .mentions
                    .iter()
                    .enumerate()
                    .any(|(k, other)| other.actor == actor && !self.is_place(k))
            {
                out.push(actor);
            }
        }
        out
    }

    /// Is mention `m` governed by a preposition (the word before it, skipping determiners)?
    fn governed(&self, m: usize) -> bool {
        let mut i = self.mtok[m].0;
        while i > 0 {
            i -= 1;
            let w = self.lower(i);
            if DETERMINERS.contains(&w) {
                continue;
            }
            // "In Auckland, New Zealand, ...": a name in apposition to a place after a
            // preposition is governed by it
            if w == ","
                && i >= 2
                && self.mentions[m].kind != MentionKind::Pronoun
                && self.mention_ending_at(i - 1).is_none()
                && !is_date_word(self.lower(i - 1))
                && self.word(i - 1).starts_with(char::is_uppercase)
                && matches!(self.lower(i - 2), "in" | "at" | "near" | "from" | "outside")
            {
                return true;
            }
            // "by Chile, Brazil and Bolivia": a name coordinated with a governed one is
            // governed too
            if matches!(w, "," | "and" | "or") {
                return i
                    .checked_sub(1)
                    .and_then(|j| self.mention_ending_at(j))
                    .is_some_and(|prev| prev != m && self.governed(prev));
            }
            if !PREPOSITIONS.contains(&w) {
                return false;
            }
            // "the president of X", "security forces in X", "the spokesperson for X": X
            // is who acts
            let head = i.checked_sub(1).map(|h| self.lower(h)).unwrap_or_default();
            let agentive = matches!(w, "of" | "in" | "from" | "for") && AGENT_NOUNS.contains(&head);
            // "after the EU sanctioned Iran": a subordinator, not a preposition, when a
            // verb follows the name
            let subordinator =
                SUBORDINATORS.contains(&w) && self.next_is_verbish(self.mtok[m].1 + 1);
            return !(agentive || subordinator);
        }
        false
    }

    /// Mentions coordinated with mention `m` ("A, B and C"), in text order, `m` included.
    fn coordinated(&self, m: usize) -> Vec<usize> {
        // a plural pronoun stands for several actors at one place
        let same_span: Vec<usize> = (0..self.mentions.len())
            .filter(|&k| {
                k != m
                    && self.mentions[k].start == self.mentions[m].start
                    && self.mentions[k].end == self.mentions[m].end
            })
            .collect();
        if !same_span.is_empty() {
            let mut all = vec![m];
            all.extend(same_span);
            all.sort_unstable();
            return all;
        }
        let mut group = vec![m];
        // to the right: "A, B and C"; a comma alone does not coordinate the last name
        // ("Ghana criticized Togo, Kenya said")
        let mut cur = m;
        let mut last_link_was_and = true;
        loop {
            let mut i = self.mtok[cur].1 + 1;
            let mut saw_link = false;
            let mut saw_and = false;
            while i < self.toks.len() {
                let w = self.lower(i);
                if w == "," || w == "and" || w == "&" || w == "or" {
                    saw_link = true;
                    saw_and |= w != ",";
                    i += 1;
                } else if saw_link
                    && (DETERMINERS.contains(&w)
                        || (self.mention_starting_at(i).is_none()
                            && (AGENT_NOUNS.contains(&w) || matches!(w, "then" | "with"))))
                {
                    // "met with the IMF, then with President Trump": "then"/"with" make
                    // a comma a link like "and"
                    saw_and |= matches!(w, "then" | "with");
                    i += 1;
                } else {
                    break;
                }
            }
            match (saw_link, self.mention_starting_at(i)) {
                (true, Some(n)) => {
                    group.push(n);
                    cur = n;
                    last_link_was_and = saw_and;
                }
                _ => break,
            }
        }
        if !last_link_was_and {
            group.pop();
        }
        // to the left
        let mut cur = m;
        while let Some(mut i) = self.mtok[cur].0.checked_sub(1) {
            // "Peru, the UK": the determiner belongs to the name
            while i > 0 && DETERMINERS.contains(&self.lower(i)) {
                i -= 1;
            }
            let mut saw_link = false;
            loop {
                let w = self.lower(i);
                if w == "," || w == "and" || w == "&" || w == "or" {
                    saw_link = true;
                } else if !(saw_link && DETERMINERS.contains(&w)) {
                    break;
                }
                match i.checked_sub(1) {
                    Some(j) => i = j,
                    None => break,
                }
            }
            match (saw_link, self.mention_ending_at(i)) {
                (true, Some(n)) => {
                    group.insert(0, n);
                    cur = n;
                }
                _ => break,
            }
        }
        group
    }

    fn clauses(&self) -> Vec<Clause> {
        let n = self.toks.len();
        let mut cuts = vec![0];
        // clauses that open with the second verb of a coordinated predicate ("X expressed
        // concern but condemned Y"): their subject is the previous clause's
        let mut vp_conjuncts = Vec::new();
        let mut i = 0;
        while i < n {
            let w = self.lower(i);
            let next = if i + 1 < n { self.lower(i + 1) } else { "" };
            let cut_after = match w {
                // a sentence inside a quotation ("... we abandoned them. So this is a
                // big win for Iran")
                ";" | "." | "!" | "?" => true,
                "," | "\"" | "“" | "”" | "—" | "(" | ")" | ":" => {
                    CLAUSE_WORDS.contains(&next) && next != "and" && next != "or"
                        || (next == "and" || next == "but") && self.next_is_verbish(i + 2)
                }
                "that" => true,
                "and" | "but" => {
                    let cut =
                        self.next_is_verbish(i + 1) && self.mention_starting_at(i + 1).is_none();
                    if cut && self.finite_verb_guess(i + 1) {
                        vp_conjuncts.push(i + 1);
                    }
                    cut
                }
                _ => false,
            };
            if cut_after && i + 1 < n {
                cuts.push(i + 1);
            }
            i += 1;
        }
        cuts.push(n);
        cuts.dedup();
        let mut clauses: Vec<Clause> = Vec::new();
        for w in cuts.windows(2) {
            let (from, to) = (w[0], w[1]);
            // "with X demanding ...": an absolute clause's subject follows "with"
            let vp_conjunct = vp_conjuncts.contains(&from);
            let subject_mention = (from + 1 < n && self.lower(from) == "with")
                .then(|| self.mention_starting_at(from + 1))
                .flatten()
                .filter(|_| !vp_conjunct)
                .or_else(|| {
                    if vp_conjunct {
                        return None;
                    }
                    // a place is where something happened, never who acts
                    (0..self.mentions.len()).find(|&m| {
                        let (a, _) = self.mtok[m];
                        a >= from
                            && a < to
                            && !self.is_place(m)
                            && !self.governed(m)
                            && !self.after_finite_verb(from, a)
                    })
                });
            let first = from.min(n.saturating_sub(1));
            // "which"/"who"/"that" open a relative clause whose subject is the name before
            // them, unless a name follows at once ("said that China would...", "which
            // Russia invaded")
            let first_word = self.lower(first);
            // "the strike that killed": relative; "said that", "told Kenya that": not
            let after_that = from >= 2 && self.lower(from - 1) == "that" && {
                let before = self.word(from - 2);
                let lower = self.lower(from - 2);
                self.toks[from - 2].word
                    && before.starts_with(char::is_lowercase)
                    && !self.speech_word[from - 2]
                    && !lower.ends_with("ed")
                    && self.mention_ending_at(from - 2).is_none()
            };
            let wh = matches!(first_word, "which" | "who" | "whose");
            let relative = wh || after_that;
            let body = if wh { first + 1 } else { from };
            // only determiners, titles and names may stand between the pronoun and a
            // name that is the clause's own subject
            let opens_with_name = |m: usize| {
                (body..self.mtok[m].0).all(|i| {
                    let w = self.lower(i);
                    DETERMINERS.contains(&w)
                        || AGENT_NOUNS.contains(&w)
                        || w == "of"
                        || self.word(i).starts_with(char::is_uppercase)
                })
            };
            let antecedent = (0..self.mentions.len())
                .rev()
                .find(|&m| self.mtok[m].1 < from);
            let mut object = None;
            let (subject, inherited) = match subject_mention {
                Some(m) if relative && opens_with_name(m) => {
                    object = antecedent;
                    (self.coordinated(m), false)
                }
                Some(m) if !relative => (self.coordinated(m), false),
                _ if relative => {
                    // the antecedent: a name right before the relative pronoun ("Kyiv,
                    // which"); "the status of the territory, which" has none
                    let ante = (0..self.mentions.len()).rev().find(|&m| {
                        let end = self.mtok[m].1;
                        end < from && end + 5 >= first
                    });
                    (ante.map(|m| vec![m]).unwrap_or_default(), true)
                }
                _ => (
                    clauses
                        .last()
                        .map(|c| c.subject.clone())
                        .unwrap_or_default(),
                    true,
                ),
            };
            clauses.push(Clause {
                from,
                to,
                subject,
                inherited,
                object,
            });
        }
        clauses
    }

    /// Does a present-tense verb the tagger found stand between `from` and token `a`?
    /// "Typhoon Dujuan hits mainland China": a name after the clause's verb is its
    /// object, not its subject.
    fn after_finite_verb(&self, from: usize, a: usize) -> bool {
        (from..a).any(|i| {
            let w = self.word(i);
            self.pos.get(i) == Some(&crate::syntax::Upos::Verb)
                && w.starts_with(char::is_lowercase)
                && w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !self.speech_word[i]
        })
    }

    /// A cheap guess that token `i` starts a verb phrase: a lower-case word that is not a
    /// determiner or preposition.
    /// Every unordered pair of the given mentions' actors, in text order: the parties of
    /// a meeting or pact ("A, B and C met" gives A-B, A-C, B-C).
    fn every_pair(&self, parties: &[usize]) -> Vec<(String, String, Option<String>)> {
        let actor = |m: usize| self.mentions[m].actor.clone();
        parties
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| parties[i + 1..].iter().map(move |&b| (a, b)))
            .map(|(a, b)| (actor(a), actor(b), None))
            .collect()
    }

    /// A guess that token `i` is a finite verb or an auxiliary: "condemned", "condemns",
    /// "did", "will". Only called on tokens [`next_is_verbish`](Self::next_is_verbish) accepts.
    fn finite_verb_guess(&self, i: usize) -> bool {
        let w = self.lower(i);
        AUXILIARIES.contains(&w)
            || MODALS.contains(&w) && w.len() > 2
            || w.len() > 3 && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss"))
    }

    fn next_is_verbish(&self, i: usize) -> bool {
        if i >= self.toks.len() || !self.toks[i].word {
            return false;
        }
        let lower = self.lower(i);
        self.word(i).chars().next().is_some_and(char::is_lowercase)
            && !DETERMINERS.contains(&lower)
            && !PREPOSITIONS.contains(&lower)
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
        let mut memory: Vec<Recalled> = Vec::new();
        let mut topics: Vec<String> = Vec::new();
        // the latest plural subject and the sentence it was seen in
        let mut group: (Vec<String>, usize) = (Vec::new(), 0);
        for (index, span) in split(text).into_iter().enumerate() {
            let mentions = find_mentions(text, span, &self.gazetteer, date, &mut ctx);
            let mut trace = SentenceTrace {
                index,
                start: span.start,
                end: span.end,
                ..Default::default()
            };
            let recent_group: &[String] = if index <= group.1 + 3 { &group.0 } else { &[] };
            // anaphora looks back over a bounded window, so a long document stays linear
            let discourse = Discourse {
                memory: &memory[memory.len().saturating_sub(MEMORY_WINDOW)..],
                topics: &topics[topics.len().saturating_sub(MEMORY_WINDOW)..],
                group: recent_group,
            };
            self.sentence_events(doc, index, span, &mentions, &discourse, &mut trace);
            trace.mentions = mentions;
            topics.extend(trace.topic.clone());
            if trace.group.len() >= 2 {
                group = (trace.group.clone(), index);
            }
            memory.extend(
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
            if memory.len() > 2 * MEMORY_WINDOW {
                memory.drain(..memory.len() - MEMORY_WINDOW);
            }
            if topics.len() > 2 * MEMORY_WINDOW {
                topics.drain(..topics.len() - MEMORY_WINDOW);
            }
            f(trace);
        }
    }

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
        let topics = discourse.topics;
        let with_pronouns = self.state_pronouns(text, &toks, mentions, topics, discourse.group);
        let mentions: &[Mention] = &with_pronouns;
        // cues and function phrases are both looked for in this one lower-cased copy
        let ascii_lower = text[span.start..span.end].to_ascii_lowercase();
        let cues = self.lexicon.scan_lowered(&ascii_lower, span.start);
        // With no cue there is no event, and with no name either there is no topic: the
        // sentence leaves nothing for the next one. Most sentences of the news are such.
        if cues.is_empty() && mentions.is_empty() {
            return;
        }
        let mut lower_buf = String::with_capacity(span.end - span.start);
        let mut lower_ends = Vec::with_capacity(toks.len());
        for t in &toks {
            let w = &text[t.start..t.end];
            if w.is_ascii() {
                let from = lower_buf.len();
                lower_buf.push_str(w);
                lower_buf[from..].make_ascii_lowercase();
            } else {
                lower_buf.push_str(&w.to_lowercase());
            }
            lower_ends.push(lower_buf.len());
        }
        let n = toks.len();
        let mut view = SentenceView {
            text,
            toks,
            mentions,
            mtok: Vec::new(),
            speech_word: Vec::new(),
            speech_at: Vec::new(),
            lower_buf,
            lower_ends,
            starts_here: vec![None; n],
            ends_here: vec![None; n],
            verb_cue_at: Vec::new(),
            pos: Vec::new(),
        };
        view.speech_word = (0..n)
            .map(|i| self.lexicon.is_speech_verb(view.lower(i)))
            .collect();
        view.speech_at = (0..n)
            .map(|i| {
                view.speech_word[i]
                    || i + 1 < n
                        && self
                            .lexicon
                            .is_speech_pair(view.lower(i), view.lower(i + 1))
            })
            .collect();
        view.mtok = mentions
            .iter()
            .map(|m| {
                let a = view.tok_at(m.start);
                let b = view.tok_at(m.end.saturating_sub(1));
                (a, b)
            })
            .collect();
        for (m, &(a, b)) in view.mtok.iter().enumerate() {
            if let Some(slot) = view.starts_here.get_mut(a).filter(|s| s.is_none()) {
                *slot = Some(m);
            }
            if let Some(slot) = view.ends_here.get_mut(b).filter(|s| s.is_none()) {
                *slot = Some(m);
            }
            // a word inside a name is part of the name: "the United States" says nothing
            for i in a..=b.min(n.saturating_sub(1)) {
                view.speech_word[i] = false;
                view.speech_at[i] = false;
            }
        }
        // the tagger runs only where there is a cue to read: most sentences have none
        if !cues.is_empty() {
            let words: Vec<&str> = view.toks.iter().map(|t| &text[t.start..t.end]).collect();
            self.tagger.tag(&words, &mut view.pos);
        }
        let clauses = view.clauses();
        let first_subject = clauses
            .iter()
            .find(|c| !c.inherited && !c.subject.is_empty());
        trace.topic = first_subject.map(|c| mentions[c.subject[0]].actor.clone());
        trace.group = first_subject
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
        if cues.is_empty() {
            return;
        }
        let speaker = self.speaker(&view);
        view.verb_cue_at = cues
            .iter()
            .filter(|c| {
                let cue = self.lexicon.cue(c.cue);
                cue.form != CueForm::Noun && takes_a_topic(cue.stance)
            })
            .map(|c| (view.tok_at(c.start), self.lexicon.cue(c.cue).stance))
            // "its long-threatened invasion": a verb glued by a hyphen is an adjective
            .filter(|&(t, _)| t == 0 || !matches!(view.word(t - 1), "-" | "–"))
            .collect();
        // event nouns by their first token, for "condemned the invasion"
        let event_nouns: Vec<(usize, StanceType)> = cues
            .iter()
            .filter(|c| {
                let cue = self.lexicon.cue(c.cue);
                cue.form == CueForm::Noun || cue.noun_too
            })
            .map(|c| (view.tok_at(c.start), self.lexicon.cue(c.cue).stance))
            .collect();
        let anaphora = Anaphora {
            event_nouns: &event_nouns,
            discourse,
        };
        // A cue inside a name ("Security Council") or inside a negator ("held back
        // from", "denies") is no cue.
        let blocked = self.function_phrases(text, span, &ascii_lower);
        let place_only = view.place_only_actors();
        for cm in cues {
            let cue = self.lexicon.cue(cm.cue);
            let cue_text = &text[cm.start..cm.end];
            if mentions
                .iter()
                .map(|m| (m.start, m.end))
                .chain(
                    blocked.iter().copied().filter(|&(s, e)| {
                        !(cm.start <= s && e <= cm.end && e - s < cm.end - cm.start)
                    }),
                )
                .any(|(s, e)| s < cm.end && cm.start < e)
            {
                continue;
            }
            let ct0 = view.tok_at(cm.start);
            let ct1 = view.tok_at(cm.end.saturating_sub(1));
            // "the Syrian Civil War", "the Cold War": a capitalised noun of war after a
            // capitalised word that names no actor is part of the name of a war, which
            // says nothing of who attacked whom ("the Iran-Iraq War" names its sides)
            if cue.form == CueForm::Noun
                && cue.stance == StanceType::Attacks
                && ct0 > 0
                && view.mention_ending_at(ct0 - 1).is_none()
                && cue_text.starts_with(char::is_uppercase)
                && view.toks[ct0 - 1].word
                && view.word(ct0 - 1).starts_with(char::is_uppercase)
            {
                continue;
            }
            let Some(clause) = clauses.iter().find(|c| ct0 >= c.from && ct0 < c.to) else {
                continue;
            };
            let reject = |trace: &mut SentenceTrace, reason: &str| {
                trace.rejected.push(Rejected {
                    sentence: index,
                    cue: cue_text.to_string(),
                    stance: cue.stance,
                    reason: reason.to_string(),
                });
            };
            // "will visit", "Israel attacks" are verbs; "the visit", "face sanctions" nouns
            let form = if cue.noun_too && ct0 > 0 && {
                let prev = view.lower(ct0 - 1);
                let verbal = AUXILIARIES.contains(&prev)
                    || MODALS.contains(&prev)
                    || prev.ends_with("ly")
                    || view.mention_ending_at(ct0 - 1).is_some_and(|m| {
                        // "Russia attacks" is a verb; "Russian attacks" and "under EU
                        // sanctions" are nouns
                        view.mentions[m].kind
                            != MentionKind::Name(crate::gazetteer::NameKind::Demonym)
                            && !view.governed(m)
                    })
                    || headline_verb(&view, ct0, ct1)
                    || view.pos.get(ct0) == Some(&crate::syntax::Upos::Verb);
                !verbal
            } {
                CueForm::Noun
            } else if cue.form == CueForm::Phrase
                && ct0 > 0
                && DETERMINERS.contains(&view.lower(ct0 - 1))
            {
                // "the war in Mali": a phrase after an article is a noun phrase
                CueForm::Noun
            } else {
                cue.form
            };
            // "shell companies", "strike force": a verb cue the tagger reads as a noun
            // or adjective before a noun is a modifier in a compound, not an act
            {
                use crate::syntax::Upos;
                let tag = |i: usize| view.pos.get(i).copied();
                if matches!(form, CueForm::Verb { .. })
                    && matches!(tag(ct0), Some(Upos::Noun | Upos::Adj))
                    && tag(ct1 + 1) == Some(Upos::Noun)
                {
                    reject(trace, "a noun modifier in a compound (tagged as a noun)");
                    continue;
                }
            }
            let stance = self.reversed(&view, ct0, form, cue.stance);
            // "attacked the proclamation": violence against an act is words
            let stance =
                if stance == StanceType::Attacks && form != CueForm::Noun && figurative(&view, ct1)
                {
                    StanceType::Denounces
                } else {
                    stance
                };
            // polarity is read before the cue, or before the verb of judging
            let (pick, polar_at) = if cue.frame == Frame::Joint {
                (joint(&view, ct0), ct0)
            } else if cue.frame == Frame::Evaluation {
                match self.evaluation(&view, &clauses, ct0, speaker.as_ref(), &anaphora) {
                    Some((pick, anchor)) => (Some(pick), anchor),
                    None => (None, ct0),
                }
            } else {
                let pick = self.roles(
                    &view,
                    clause,
                    &clauses,
                    ct0,
                    ct1,
                    form,
                    stance,
                    (cue.reverse, cue.frame == Frame::Speaker, cue.stance),
                    speaker.as_ref(),
                    &anaphora,
                );
                (pick, ct0)
            };
            let Some(pick) = pick else {
                reject(trace, "no source or no target actor in reach");
                continue;
            };
            let polar_clause = clauses
                .iter()
                .find(|c| polar_at >= c.from && polar_at < c.to)
                .unwrap_or(clause);
            let (polarity, modality) = self.polarity(&view, polar_clause, polar_at);
            let said_by = speaker.as_ref().map(|(a, _)| a.clone());
            // an announced punitive act ("will impose sanctions", "vowed to strike", "...
            // unless") is itself a threat
            // "... unless", "... if" after the act: a conditional act is a threat
            let conditional = (ct1 + 1..view.toks.len()).any(|i| view.lower(i) == "unless");
            let announced_act = polarity == Polarity::Asserted
                && (conditional
                    || matches!(
                        stance,
                        StanceType::Sanctions | StanceType::Coerces | StanceType::Attacks
                    ) && self.announced(&view, clause, ct0, ct1));
            // the act itself has not happened: "Russia will attack Ukraine" is a threat,
            // not an attack
            let modality = if announced_act {
                Modality::Hypothetical
            } else {
                modality
            };
            // "..., analysts warned": a forecast by someone who is no actor is nobody's
            // threat
            let forecast = speaker.is_none() && (0..view.toks.len()).any(|i| view.speech_word[i]);
            let threat = announced_act && !forecast;
            // an announced cooperative act ("will give aid", "is willing to withdraw") is a
            // statement of intent to cooperate (CAMEO 03x)
            let intent = polarity == Polarity::Asserted
                && matches!(
                    stance,
                    StanceType::Supports
                        | StanceType::Aids
                        | StanceType::Consults
                        | StanceType::Concedes
                )
                && !conditional
                && self.intends(&view, clause, ct0);
            // "refused to send aid to X": refusing a cooperative act rejects its addressee
            let refusal = polarity == Polarity::Negated
                && stance.class() == StanceClass::Cooperative
                && refused(&view, polar_clause, polar_at);
            let mut emitted = false;
            let mut placed = false;
            for (s, t, between) in pick.pairs {
                if s == t {
                    continue;
                }
                // a place never acts, and is the target only of acts that hit places
                if place_only.contains(&s.as_str())
                    || place_only.contains(&t.as_str()) && !hits_places(stance)
                {
                    placed = true;
                    continue;
                }
                emitted = true;
                let event = StanceEvent {
                    doc: doc.id.clone(),
                    source: s,
                    stance,
                    target: t,
                    polarity,
                    sentence: index,
                    start: span.start,
                    end: span.end,
                    text: text[span.start..span.end].to_string(),
                    cue: cue_text.to_string(),
                    cue_start: cm.start,
                    cue_end: cm.end,
                    said_by: said_by.clone(),
                    confidence: pick.confidence,
                    between,
                    modality,
                    why: pick.why.clone(),
                };
                // stances the act implies, stated alongside it
                let derived = [
                    (
                        intent,
                        StanceType::Cooperates,
                        "an announced cooperative act is an intent to cooperate",
                    ),
                    (
                        threat,
                        StanceType::Threatens,
                        "an announced punitive act is a threat",
                    ),
                    (
                        refusal,
                        StanceType::Rejects,
                        "refusing a cooperative act rejects its addressee",
                    ),
                ];
                for (applies, derived_stance, reason) in derived {
                    if applies {
                        trace.events.push(StanceEvent {
                            stance: derived_stance,
                            confidence: pick.confidence * 0.8,
                            between: None,
                            polarity: Polarity::Asserted,
                            modality: Modality::Real,
                            why: format!("{}; {reason}", pick.why),
                            ..event.clone()
                        });
                    }
                }
                trace.events.push(event);
            }
            if !emitted && placed {
                reject(trace, "a place never acts, and is hit only by attacks");
            } else if !emitted {
                reject(trace, "source and target are the same actor");
            }
        }
        self.reported_violence(&view, trace);
        self.denials(&view, trace);
        one_per_edge(index, trace);
    }

    /// "Kenya said Somalia shelled its posts" asserts Kenya's claim, not the shelling: a
    /// violent act reported after a speech verb by someone other than its doer is kept
    /// hypothetical, and the claim itself is an accusation (speaker denounces doer).
    fn reported_violence(&self, v: &SentenceView, trace: &mut SentenceTrace) {
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
            // a reported threat is a claim too: "X said Y had threatened Z"
            let violent = matches!(
                e.stance,
                StanceType::Attacks | StanceType::Coerces | StanceType::Threatens
            );
            let after = e.cue_start > said_start;
            // "X announced ... after Turkey began an offensive": a subordinate clause
            // about a name sets the scene in the narrator's voice
            let cue_tok = v.tok_at(e.cue_start);
            let background = (said_at + 1..cue_tok).any(|i| {
                matches!(
                    v.lower(i),
                    "after" | "since" | "following" | "amid" | "when" | "before"
                ) && (v.mention_starting_at(i + 1).is_some()
                    || v.mention_starting_at(i + 2).is_some())
            });
            let quoted = v.text[v.toks[0].start..e.cue_start]
                .matches(['"', '“', '”'])
                .count()
                % 2
                == 1;
            if violent
                && after
                && !quoted
                && !background
                && speaker != e.source
                && e.modality == Modality::Real
                && e.polarity == Polarity::Asserted
            {
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
        }
        accusations.retain(|a| a.source != a.target);
        trace.events.extend(accusations);
    }

    /// "It", "they" and "its" as the subject of a verb refer to a state or organization:
    /// the first name of this sentence before them, else the topic of the sentence before.
    /// "It is", "it was" and the like are left alone.
    fn state_pronouns<'m>(
        &self,
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
            let verbish = matches!(
                next.as_str(),
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
                || self.lexicon.is_speech_verb(&next);
            let start = toks[i].start;
            if !verbish {
                // "Iraq says Iran is assisting it": an object "it" of a reported clause
                // is the speaker who reports it
                if let Some(speaker) = self.reporting_speaker(text, toks, mentions, i) {
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
        &self,
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
        let said = toks[..i].iter().filter(|t| t.start >= first.end).any(|t| {
            self.lexicon
                .is_speech_verb(&text[t.start..t.end].to_lowercase())
        });
        said.then(|| first.actor.clone())
    }

    /// The object of an event noun: the first name after a preposition that follows the
    /// noun within a few words, skipping a time or place phrase ("cooperation in the last
    /// few years with the navies of China") and heads like "the navies of". "In"/"at"
    /// introduce the object only for violent nouns ("war in X"), a place otherwise.
    fn noun_object(&self, v: &SentenceView, ct1: usize, stance: StanceType) -> Option<usize> {
        let n = v.toks.len();
        // "war in X", "strikes in X", "peacekeepers in X", "aid deliveries in X": the
        // place is the one acted on; for other nouns "in X" is only where it happened
        let violent = matches!(
            stance,
            StanceType::Attacks | StanceType::Coerces | StanceType::Aids
        );
        let ends_in_prep = NOUN_TARGET_PREPS.contains(&v.lower(ct1));
        let first = if ends_in_prep { ct1 } else { ct1 + 1 };
        for prep in first..(ct1 + 9).min(n) {
            let w = v.lower(prep);
            // a clause break ends the search
            if matches!(w, "," | ";" | "that" | "which" | "and" | "who")
                || (w.ends_with("ing") && w.len() > 4 && prep > ct1)
            {
                return None;
            }
            // "attacks from Yemen", "aid from Japan": "from" names the origin, unless the
            // noun itself ends in it ("withdrawal from X")
            let is_prep = prep == ct1 && ends_in_prep
                || NOUN_TARGET_PREPS.contains(&w)
                    && w != "from"
                    && (violent || !matches!(w, "in" | "at"));
            if !is_prep {
                continue;
            }
            let mut k = prep + 1;
            while k < n && k <= prep + 5 {
                if let Some(m) = v.mention_starting_at(k) {
                    return Some(m);
                }
                let w = v.lower(k);
                let head = DETERMINERS.contains(&w)
                    || AGENT_NOUNS.contains(&w)
                    || matches!(
                        w,
                        "of" | "navies"
                            | "people"
                            | "nation"
                            | "state"
                            | "north"
                            | "south"
                            | "east"
                            | "west"
                            | "northern"
                            | "southern"
                            | "eastern"
                            | "western"
                            | "central"
                            | "northeast"
                            | "northwest"
                            | "southeast"
                            | "southwest"
                            | "northeastern"
                            | "northwestern"
                            | "southeastern"
                            | "southwestern"
                            | "-"
                            | "–"
                    );
                if !head {
                    break;
                }
                k += 1;
            }
        }
        None
    }

    /// Is the act at `ct0..=ct1` announced for the future ("will", "would", "vowed to",
    /// "threatened to") or made conditional with "unless"?
    /// Is the cooperative act at `ct0` promised ("will give", "is willing to withdraw",
    /// "agreed to reopen")?
    fn intends(&self, v: &SentenceView, clause: &Clause, ct0: usize) -> bool {
        const PROMISE: &[&str] = &[
            "will", "would", "willing", "ready", "agreed", "agrees", "offered", "pledged",
            "promised",
        ];
        const DOUBT: &[&str] = &[
            "unlikely", "likely", "if", "whether", "may", "might", "could", "hope", "hopes",
            "fear", "fears", "possible",
        ];
        let promised =
            (ct0.saturating_sub(4).max(clause.from)..ct0).any(|i| PROMISE.contains(&v.lower(i)));
        let doubted = (clause.from.saturating_sub(4)..ct0).any(|i| DOUBT.contains(&v.lower(i)));
        promised && !doubted
    }

    fn announced(&self, v: &SentenceView, clause: &Clause, ct0: usize, ct1: usize) -> bool {
        const FUTURE: &[&str] = &[
            "will",
            "would",
            "'ll",
            "vowed",
            "vows",
            "threatened",
            "threatens",
            "threaten",
        ];
        // "its long-threatened invasion": a word glued by a hyphen is an adjective
        let before = (ct0.saturating_sub(5).max(clause.from)..ct0).any(|i| {
            FUTURE.contains(&v.lower(i)) && (i == 0 || !matches!(v.word(i - 1), "-" | "–"))
        });
        let unless = (ct1 + 1..v.toks.len()).any(|i| v.lower(i) == "unless");
        before || unless
    }

    /// "... worried about China providing weapons to Russia, although Beijing denies any
    /// such plans": a hypothetical act whose doer denies it in the same sentence is negated.
    fn denials(&self, v: &SentenceView, trace: &mut SentenceTrace) {
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

    /// "lifted the sanctions" is a concession, "suspended talks" a sanction: a reversal
    /// verb within a few words before an event noun turns its type around.
    fn reversed(
        &self,
        v: &SentenceView,
        ct0: usize,
        form: CueForm,
        stance: StanceType,
    ) -> StanceType {
        if form != CueForm::Noun {
            return stance;
        }
        let reverse = (ct0.saturating_sub(6)..ct0).any(|i| self.lexicon.is_reversal(v.lower(i)));
        if !reverse {
            return stance;
        }
        match stance {
            StanceType::Sanctions
            | StanceType::Coerces
            | StanceType::Attacks
            | StanceType::Threatens => StanceType::Concedes,
            StanceType::Consults
            | StanceType::Cooperates
            | StanceType::Aids
            | StanceType::Mediates => StanceType::Sanctions,
            other => other,
        }
    }

    /// Byte spans of the negators in a sentence ("held back from", "denies").
    fn function_phrases(&self, text: &str, span: Span, ascii_lower: &str) -> Vec<(usize, usize)> {
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
        self.lexicon
            .negator_spans(lower)
            .into_iter()
            .map(|(a, b)| (span.start + a, span.start + b))
            .collect()
    }

    /// The speaker of a sentence: a mention next to a speech verb.
    fn speaker(&self, v: &SentenceView) -> Option<(String, usize)> {
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
            if let Some(m) = (0..v.mentions.len()).rev().find(|&m| {
                v.mtok[m].1 < i && v.mtok[m].1 + 6 >= i && !v.is_place(m) && !v.governed(m)
            }) {
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

    /// Polarity and modality from the words before the cue in its clause.
    fn polarity(&self, v: &SentenceView, clause: &Clause, ct0: usize) -> (Polarity, Modality) {
        let from = ct0.saturating_sub(6).max(clause.from);
        if from >= ct0 {
            return (Polarity::Asserted, Modality::Real);
        }
        let window = v.text[v.toks[from].start..v.toks[ct0].start]
            .to_lowercase()
            .replace('\u{2019}', "'");
        // a modal before the negator scopes over it: "urged Italy to refuse to recognize"
        // is only asked for
        let modal_at = self.lexicon.first_modal(&window);
        let mut negated = false;
        for (p, after) in self.lexicon.negators_in(&window) {
            let neg = &self.lexicon.negators[p];
            let rest = window[after..].trim_start();
            // "no" negates only the noun right after it: "no talks", "no peace talks"
            if neg == "no" && rest.split_whitespace().count() > 1 {
                continue;
            }
            let cancelled = self
                .lexicon
                .negation_cancel
                .iter()
                .any(|c| rest.starts_with(c.as_str()));
            let start = after - neg.len();
            if !cancelled && modal_at.is_none_or(|m| m >= start) {
                negated = true;
            }
        }
        if negated {
            return (Polarity::Negated, Modality::Real);
        }
        (
            Polarity::Asserted,
            if modal_at.is_some() {
                Modality::Hypothetical
            } else {
                Modality::Real
            },
        )
    }

    /// An evaluation of an act ("called the deal \"null and void\"", "characterized the
    /// strike as a violation of ...", "the agreement between A and B is illegal"): the one
    /// who judges (the subject of the judging clause, else the speaker) toward the act's
    /// authors (the names in the act's noun phrase, else whoever the document last said
    /// did such an act). Without an act right before it, the cue gives nothing. Also
    /// returns the token whose context decides polarity: the verb of judging ("did not
    /// call the deal illegal").
    fn evaluation(
        &self,
        v: &SentenceView,
        clauses: &[Clause],
        ct0: usize,
        speaker: Option<&(String, usize)>,
        anaphora: &Anaphora,
    ) -> Option<(Pick, usize)> {
        // the link: "is", "as", or the act itself after "called"; quotes, articles and
        // intensifiers may stand between it and the cue
        let mut i = ct0;
        let mut skipped = 0;
        while i > 0 && skipped < 4 {
            let w = v.lower(i - 1);
            let skippable = QUOTES.contains(&w)
                || matches!(w, "a" | "an")
                || INTENSIFIERS.contains(&w)
                || (w.ends_with("ly") && w.len() > 4);
            if !skippable {
                break;
            }
            i -= 1;
            skipped += 1;
        }
        let link = i.checked_sub(1)?;
        let copula = COPULAS.contains(&v.lower(link)) || v.lower(link) == "as";
        let np_end = if copula { link } else { link + 1 };
        // the act's head noun: the nearest before the link, not across a clause boundary
        let head = (np_end.saturating_sub(9)..np_end)
            .rev()
            .take_while(|&k| !BOUNDARIES.contains(&v.lower(k)) && !COPULAS.contains(&v.lower(k)))
            .find(|&k| act_head(v, anaphora, k))?;
        // "called the agreement ...": a verb of judging must govern the act
        let anchor = if copula {
            link
        } else {
            let verb = np_start(v, head).checked_sub(1)?;
            if !JUDGING_VERBS.contains(&v.lower(verb)) {
                return None;
            }
            verb
        };
        // "calling it ...": the act named earlier in the sentence
        let head = if matches!(v.lower(head), "it" | "this") {
            (0..head)
                .rev()
                .find(|&k| act_head(v, anaphora, k) && !matches!(v.lower(k), "it" | "this"))?
        } else {
            head
        };
        let np_start = np_start(v, head);
        // the act's phrase runs from its head to the link, or to a comma before it
        let np_stop = (head + 1..np_end)
            .find(|&k| BOUNDARIES.contains(&v.lower(k)))
            .unwrap_or(np_end);
        let inside = |m: usize| v.mtok[m].0 >= np_start && v.mtok[m].1 < np_stop;
        // the judge: the nearest clause up to the link whose subject is outside the act
        let judge: Vec<String> = clauses
            .iter()
            .filter(|c| c.from <= link)
            .rev()
            .find(|c| !c.subject.is_empty() && c.subject.iter().all(|&m| !inside(m)))
            .map(|c| {
                c.subject
                    .iter()
                    .map(|&m| v.mentions[m].actor.clone())
                    .collect()
            })
            .or_else(|| speaker.map(|(a, _)| vec![a.clone()]))?;
        let mut authors: Vec<String> = Vec::new();
        for m in (0..v.mentions.len()).filter(|&m| inside(m)) {
            let a = &v.mentions[m].actor;
            if !authors.contains(a) {
                authors.push(a.clone());
            }
        }
        // "the agreement with Paraguay": a pact names two sides; with one named, the
        // other may well be the judge
        let symmetric = anaphora
            .event_nouns
            .iter()
            .any(|&(t, st)| t == head && st.symmetric());
        if symmetric && authors.len() == 1 {
            return None;
        }
        authors.retain(|a| !judge.contains(a));
        let mut why = "evaluation: the judge toward the authors of the act".to_string();
        if authors.is_empty() {
            authors = anaphora.act_doers(v, head, &judge)?;
            why.push_str(" (the act the document last reported)");
        }
        let mut pairs = Vec::new();
        for s in &judge {
            for t in &authors {
                if s != t
                    && !pairs
                        .iter()
                        .any(|(a, b, _): &(String, String, Option<String>)| a == s && b == t)
                {
                    pairs.push((s.clone(), t.clone(), None));
                }
            }
        }
        Some((
            Pick {
                pairs,
                confidence: 0.6,
                why,
            },
            anchor,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn roles(
        &self,
        v: &SentenceView,
        clause: &Clause,
        clauses: &[Clause],
        ct0: usize,
        ct1: usize,
        form: CueForm,
        stance: StanceType,
        (reverse, speaker_frame, cue_stance): (bool, bool, StanceType),
        speaker: Option<&(String, usize)>,
        anaphora: &Anaphora,
    ) -> Option<Pick> {
        let actor = |m: usize| v.mentions[m].actor.clone();
        let n = v.toks.len();
        // "long-threatened", "Iranian-backed": a verb glued after a hyphen is an adjective
        let cue_starts_with_hyphen = v.word(ct0).starts_with(['-', '–']);
        if ct0 > 0
            && !cue_starts_with_hyphen
            && matches!(v.word(ct0 - 1), "-" | "–")
            && form != CueForm::Noun
        {
            return None;
        }
        // "the captured fighters", "guarding captured fighters": a participle used as an
        // adjective is no act
        if form == (CueForm::Verb { past: true }) && ct0 > 0 {
            let prev = v.lower(ct0 - 1);
            let lower_word = v.word(ct0 - 1).starts_with(char::is_lowercase);
            if DETERMINERS.contains(&prev)
                || (lower_word && prev.ends_with("ing") && prev.len() > 5)
            {
                return None;
            }
        }
        // "soldiers killed in clashes with X", "killed during an ambush": a participle of
        // harm before the act that caused it is passive; the act after it says who did it
        if form != CueForm::Noun
            && HARMED.contains(&v.lower(ct1))
            && ct1 + 1 < n
            && matches!(v.lower(ct1 + 1), "in" | "during" | "following" | "amid")
        {
            return None;
        }
        // "wildfires destroying the forest": an -ing verb right after a common noun
        // modifies that noun, whose doer is no actor
        if matches!(form, CueForm::Verb { past: false }) && v.lower(ct0).ends_with("ing") {
            let mut i = ct0;
            while i > 0 && v.lower(i - 1).ends_with("ly") {
                i -= 1;
            }
            if i > 0 && v.mention_ending_at(i - 1).is_none() {
                let prev = v.lower(i - 1);
                let common_noun = v.toks[i - 1].word
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
                    );
                if common_noun {
                    return None;
                }
            }
        }
        // "A said B must leave": A (the speaker, or the main subject) demands of B
        if speaker_frame {
            let mut i = ct0;
            while i > 0 {
                i -= 1;
                if let Some(m) = v.mention_ending_at(i) {
                    let source = speaker.map(|(a, _)| a.clone()).or_else(|| {
                        clauses
                            .first()
                            .and_then(|c| c.subject.first())
                            .filter(|&&s| s != m)
                            .map(|&s| actor(s))
                    })?;
                    let pairs = v
                        .coordinated(m)
                        .into_iter()
                        .map(|t| (source.clone(), actor(t), None))
                        .collect();
                    return Some(Pick {
                        pairs,
                        confidence: 0.6,
                        why: "speaker frame: the speaker toward the name before the cue".into(),
                    });
                }
                // "British forces must": an agent noun may follow the name
                let w = v.lower(i);
                if !(AUXILIARIES.contains(&w) || AGENT_NOUNS.contains(&w)) {
                    return None;
                }
            }
            return None;
        }
        let mut why = String::new();
        let mut confidence: f64 = 0.8;

        // ---- passive: "condemned by X", "was welcomed by X"
        // the agent: a name after "by", skipping determiners and "members of", "a joint
        // statement by"
        let by_agent = (ct1 + 1..(ct1 + 7).min(n))
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
            });
        // a phrase is a participle when its first word is one: "greeted skeptically"
        let is_past = match form {
            CueForm::Verb { past } => past,
            CueForm::Phrase => v.lower(ct0).ends_with("ed"),
            CueForm::Noun => false,
        };
        // "Berlin rejected calls by X" is active: a name right before the verb is its subject
        let active = ct0 > 0
            && (v.mention_ending_at(ct0 - 1).is_some()
                || matches!(v.lower(ct0 - 1), "has" | "have" | "had"));
        if is_past && !active {
            if let Some(agents) = by_agent {
                // the patient: the clause subject, else the first name before the verb
                // ("a camp for Congolese refugees was attacked by ...")
                let before: Vec<usize> = (0..v.mentions.len())
                    .filter(|&m| {
                        v.mtok[m].0 >= clause.from && v.mtok[m].1 < ct0 && !agents.contains(&m)
                    })
                    .collect();
                let patients = if !clause.subject.is_empty()
                    && clause.subject.iter().all(|&m| v.mtok[m].1 < ct0)
                {
                    clause.subject.clone()
                } else if let Some(&first) = before.first() {
                    v.coordinated(first)
                } else {
                    // "The call was seconded by X": the call's author
                    let agents_ids: Vec<String> = agents.iter().map(|&m| actor(m)).collect();
                    let author = anaphora.act_author(v, clause.from, &agents_ids)?;
                    let pairs = agents_ids
                        .into_iter()
                        .map(|s| (s, author.clone(), None))
                        .collect();
                    return Some(Pick {
                        pairs,
                        confidence: 0.5,
                        why: "passive: source after 'by', target the author of the act".into(),
                    });
                };
                why.push_str("passive: source after 'by', target is the clause subject");
                let pairs = agents
                    .iter()
                    .flat_map(|&s| patients.iter().map(move |&t| (s, t)))
                    .map(|(s, t)| (actor(s), actor(t), None))
                    .collect();
                return Some(Pick {
                    pairs,
                    confidence: 0.7,
                    why,
                });
            }
        }

        // "a joint statement by A, B and C", "a deal signed by A and B": the authors act
        // together
        if stance.symmetric() && ct1 + 2 < n && v.lower(ct1 + 1) == "by" {
            if let Some(first) = v.mention_starting_at(ct1 + 2) {
                let parties = v.coordinated(first);
                if parties.len() >= 2 {
                    return Some(Pick {
                        pairs: v.every_pair(&parties),
                        confidence: 0.7,
                        why: "symmetric: the authors after 'by'".into(),
                    });
                }
            }
        }
        // "fighting between A and B", "clashes between A and B": each side attacks the
        // other
        if stance == StanceType::Attacks && ct1 + 2 < n && v.lower(ct1 + 1) == "between" {
            if let Some(first) = (ct1 + 2..(ct1 + 4).min(n)).find_map(|i| v.mention_starting_at(i))
            {
                let parties = v.coordinated(first);
                if parties.len() >= 2 {
                    let pairs = v
                        .every_pair(&parties)
                        .into_iter()
                        .flat_map(|(a, b, _)| [(a.clone(), b.clone(), None), (b, a, None)])
                        .collect();
                    return Some(Pick {
                        pairs,
                        confidence: 0.7,
                        why: "mutual: the sides after 'between'".into(),
                    });
                }
            }
        }
        // "a pact was signed between A, B and C": every pair
        if stance.symmetric() && ct1 + 1 < n && v.lower(ct1 + 1) == "between" {
            if let Some(first) = v
                .mention_starting_at(ct1 + 2)
                .or_else(|| v.mention_starting_at(ct1 + 3))
            {
                let parties = v.coordinated(first);
                if parties.len() >= 2 {
                    let pairs = v.every_pair(&parties);
                    return Some(Pick {
                        pairs,
                        confidence: 0.7,
                        why: "symmetric: the parties after 'between'".into(),
                    });
                }
            }
        }
        // "he was sanctioned", "the ship was seized" with no agent: the subject is the
        // patient and the doer is unknown
        if is_past && !active && form != CueForm::Noun {
            let passive_aux = (ct0.saturating_sub(3)..ct0).any(|i| {
                matches!(
                    v.lower(i),
                    "was" | "were" | "been" | "being" | "is" | "are" | "be"
                )
            });
            if passive_aux {
                return None;
            }
        }

        // ---- source
        let mut sources: Vec<usize> = Vec::new();
        // the source is the noun's own modifier or possessor ("Russia's invasion")
        let mut modifier_source = false;
        // "gave Namibia a grant": after a light verb, the name before the noun is its
        // recipient, and the source is the verb's subject
        let mut indirect: Option<usize> = None;
        if form == CueForm::Noun {
            let light = (clause.from..ct0)
                .rev()
                .take(8)
                .find(|&i| self.lexicon.is_light_verb(v.lower(i)));
            if let Some(lv) = light {
                indirect = (0..v.mentions.len()).find(|&m| v.mtok[m].0 > lv && v.mtok[m].1 < ct0);
            }
        }
        if form == CueForm::Noun && indirect.is_none() {
            // the name right before the noun: "Russia's invasion", "Western sanctions"
            let mut i = ct0;
            let mut steps = 0;
            while i > 0 && steps < 4 {
                i -= 1;
                steps += 1;
                if let Some(m) = v.mention_ending_at(i) {
                    // "the Turkish-Libyan deal", "Russia-Ukraine talks": a hyphenated pair
                    // of names is both parties of a symmetric relation
                    let first = v.mtok[m].0;
                    let pair = (first >= 2 && matches!(v.word(first - 1), "-" | "–"))
                        .then(|| v.mention_ending_at(first - 2))
                        .flatten();
                    if let (true, Some(p)) = (stance.symmetric(), pair) {
                        return Some(Pick {
                            pairs: vec![(actor(p), actor(m), None)],
                            confidence: 0.7,
                            why: "symmetric: the hyphenated pair before the noun".into(),
                        });
                    }
                    sources = vec![m];
                    modifier_source = true;
                    why.push_str("noun: source is the name before it");
                    break;
                }
                let w = v.lower(i);
                // "assisting it in its fight with X": "its" stands for the latest actor
                // named before it
                if w == "its" {
                    if let Some(m) = (0..v.mentions.len())
                        .filter(|&m| v.mtok[m].1 < i && !v.is_place(m))
                        .max_by_key(|&m| v.mtok[m].1)
                    {
                        sources = vec![m];
                        modifier_source = true;
                        why.push_str("noun: source is the actor 'its' stands for");
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
        }
        let in_quote = {
            let before = &v.text[v.toks[0].start..v.toks[ct0].start];
            before.matches(['"', '“', '”']).count() % 2 == 1
        };
        if sources.is_empty() && form != CueForm::Noun {
            // a name right before the verb, with only auxiliaries and adverbs between:
            // "... and Moscow insisting", "Egypt has also condemned"
            let mut i = ct0;
            while i > clause.from {
                i -= 1;
                if let Some(m) = v.mention_ending_at(i) {
                    // "worried about China providing weapons": a gerund's subject may
                    // follow a preposition
                    let gerund = i + 1 == ct0 && v.lower(ct0).ends_with("ing");
                    if !v.governed(m) || gerund {
                        sources = v.coordinated(m);
                        why.push_str("source: the name right before the verb");
                    }
                    break;
                }
                let w = v.lower(i);
                if !(AUXILIARIES.contains(&w) || w.ends_with("ly") && v.toks[i].word) {
                    break;
                }
            }
        }
        // "Nepal faces sanctions", "Turkey faces EU sanctions": the name before "face" is
        // the target; the source is the name between, else the speaker
        if form == CueForm::Noun {
            let face = (ct0.saturating_sub(3)..ct0)
                .find(|&i| matches!(v.lower(i), "face" | "faces" | "faced" | "facing"));
            if let Some(f) = face {
                let patient = (0..v.mentions.len())
                    .rev()
                    .find(|&m| v.mtok[m].1 < f && v.mtok[m].0 >= clause.from);
                let agent = (0..v.mentions.len())
                    .find(|&m| v.mtok[m].0 > f && v.mtok[m].1 < ct0)
                    .map(&actor)
                    .or_else(|| speaker.map(|(a, _)| a.clone()));
                if let (Some(p), Some(a)) = (patient, agent) {
                    return Some(Pick {
                        pairs: vec![(a, actor(p), None)],
                        confidence: 0.6,
                        why: "noun after 'face': the subject is its target".into(),
                    });
                }
                return None;
            }
        }
        // "the visit of X to Y": the 'of' name is the source, the next one the target
        if form == CueForm::Noun && sources.is_empty() && ct1 + 2 < n && v.lower(ct1 + 1) == "of" {
            if let Some(a) = v.mention_starting_at(ct1 + 2) {
                let to = (0..v.mentions.len()).find(|&m| {
                    v.mtok[m].0 > v.mtok[a].1
                        && v.mtok[m].0 <= v.mtok[a].1 + 6
                        && v.mtok[m].0 > 0
                        && matches!(v.lower(v.mtok[m].0 - 1), "to" | "with" | "against" | "on")
                });
                if let Some(t) = to {
                    return Some(Pick {
                        pairs: vec![(actor(a), actor(t), None)],
                        confidence: 0.6,
                        why: "noun: 'of' names the source, the next name the target".into(),
                    });
                }
            }
        }
        if sources.is_empty() {
            let subj = clause.subject_before(v, ct0);
            // "Iran condemned the raids", "A and B held talks on ending the war": an event
            // noun after a verb cue of another type is what the subject judges or talks
            // about, not the subject's own act
            let other_cue_between = form == CueForm::Noun
                && subj.last().is_some_and(|&m| {
                    v.verb_cue_at
                        .iter()
                        .any(|&(t, st)| t > v.mtok[m].1 && t < ct0 && st != stance)
                });
            // "A U.S. official said the air attack struck Homs": an attack named in what
            // the subject reports is not the subject's own
            let reported_attack = form == CueForm::Noun
                && stance == StanceType::Attacks
                && subj.last().is_some_and(|&m| {
                    (v.mtok[m].1 + 1..ct0).any(|t| REPORTING_WORDS.contains(&v.lower(t)))
                });
            if !subj.is_empty() && !other_cue_between && !reported_attack {
                sources = subj;
                if why.is_empty() {
                    why.push_str(if clause.inherited {
                        "source: subject of an earlier clause"
                    } else {
                        "source: clause subject"
                    });
                }
                if clause.inherited {
                    confidence = 0.6;
                }
            }
        }
        // A first-person subject inside a quotation is the speaker.
        let first_person_subject = (clause.from..ct0).any(|i| FIRST_PERSON.contains(&v.lower(i)));
        if in_quote && (sources.is_empty() || first_person_subject) {
            if let Some((_, m)) = speaker {
                sources = vec![*m];
                why = "source: the quoted speaker".into();
                confidence = 0.6;
            }
        }

        // ---- targets
        // "attacked the proclamation ... by X": the act's author after "by"
        if stance == StanceType::Denounces
            && cue_stance == StanceType::Attacks
            && !sources.is_empty()
        {
            let author = (ct1 + 1..clause.to.min(ct1 + 20))
                .find(|&i| v.lower(i) == "by")
                .and_then(|b| {
                    (b + 1..(b + 6).min(n))
                        .take_while(|&k| {
                            let w = v.lower(k);
                            v.mention_starting_at(k).is_some()
                                || DETERMINERS.contains(&w)
                                || AGENT_NOUNS.contains(&w)
                                || w == "of"
                        })
                        .find_map(|k| v.mention_starting_at(k))
                });
            if let Some(a) = author {
                let pairs = sources
                    .iter()
                    .map(|&s| (actor(s), actor(a), None))
                    .collect();
                return Some(Pick {
                    pairs,
                    confidence: 0.6,
                    why: format!("{why}; target: the author of the act, after 'by'"),
                });
            }
        }
        // "demanded that X ...": the object is the subject of the complement clause.
        let clause_end = if ct1 + 1 < n && v.lower(ct1 + 1) == "that" {
            clauses
                .iter()
                .find(|c| c.from > ct1)
                .map_or(clause.to, |c| c.to)
        } else {
            clause.to
        };
        let limit = clause_end.min(ct1 + 16);
        let is_verb = form != CueForm::Noun;
        let speaker_mention = speaker.map(|(_, m)| *m);
        let right: Vec<usize> = (0..v.mentions.len())
            .filter(|&m| v.mtok[m].0 > ct1 && v.mtok[m].0 < limit)
            .filter(|&m| Some(m) != speaker_mention)
            // for verbs, "in X"/"at X" is a place, not an object
            .collect();
        // for verbs, a name after "in", "since", "after"… is a time or place, not an
        // object, and so is everything after it
        let right: Vec<usize> = if is_verb {
            // a cue that ends in its own preposition ("opened an embassy in") takes the
            // name right after it
            let own_prep =
                |m: usize| v.mtok[m].0 == ct1 + 1 && NOT_OBJECT_PREPS.contains(&v.lower(ct1));
            // "allies such as Germany": an example names the object
            let such_as = |m: usize| {
                let a = v.mtok[m].0;
                a >= 2 && v.lower(a - 1) == "as" && v.lower(a - 2) == "such"
            };
            // "condemned the raids as a violation of X's sovereignty": what follows
            // "as" describes the object, it names none
            let described = |m: usize| {
                (ct1 + 1..v.mtok[m].0).any(|i| v.lower(i) == "as" && v.lower(i + 1) != "well")
                    && !such_as(m)
            };
            let stop = right.iter().position(|&m| {
                v.mtok[m].0 > 0
                    && NOT_OBJECT_PREPS.contains(&v.lower(v.mtok[m].0 - 1))
                    && !own_prep(m)
                    && !such_as(m)
                    || described(m)
            });
            right[..stop.unwrap_or(right.len())].to_vec()
        } else {
            right
        };
        let mut targets: Vec<usize> = Vec::new();
        if stance == StanceType::Mediates {
            // the parties: the first name after the cue and those coordinated with it
            targets = right
                .first()
                .map(|&f| v.coordinated(f))
                .unwrap_or_default()
                .into_iter()
                .filter(|m| v.mtok[*m].0 > ct1 && !sources.contains(m))
                .collect();
        } else if let Some(first) = if form == CueForm::Noun {
            self.noun_object(v, ct1, cue_stance)
        } else {
            right.first().copied()
        } {
            let ok = true;
            if ok {
                targets = v
                    .coordinated(first)
                    .into_iter()
                    .filter(|m| v.mtok[*m].0 > ct1)
                    .collect();
            }
        }
        if targets.is_empty() {
            if let Some(m) = indirect.filter(|m| !sources.contains(m)) {
                targets = vec![m];
            }
        }
        // "six soldiers are killed in a Russian drone strike", "troops killed in clashes
        // with X": the act named after "killed in" hit the subject of "killed"; its own
        // doer is the noun's modifier, or the one it clashed with
        if stance == StanceType::Attacks {
            if let Some(victims) = victims_of(v, clause, ct0) {
                let (doers, why_doer) = if modifier_source {
                    (sources.clone(), "the noun's modifier")
                } else {
                    (targets.clone(), "the one it was fought with")
                };
                let pairs: Vec<_> = doers
                    .iter()
                    .filter(|d| !victims.contains(d))
                    .flat_map(|&s| victims.iter().map(move |&t| (actor(s), actor(t), None)))
                    .collect();
                if !pairs.is_empty() {
                    return Some(Pick {
                        pairs,
                        confidence: 0.6,
                        why: format!(
                            "passive with a nominal agent: source {why_doer}, target the subject of the participle"
                        ),
                    });
                }
                return None;
            }
        }
        // "Turkey is under EU sanctions": the noun's owner acts on the clause subject
        if targets.is_empty() && form == CueForm::Noun && !sources.is_empty() {
            let first_src = v.mtok[sources[0]].0;
            if first_src > 0 && v.lower(first_src - 1) == "under" {
                targets = clause.subject_before(v, first_src);
            }
        }
        // "talks between X and Y": a symmetric pair with no separate source
        if stance.symmetric() {
            let between = (ct1 + 1..(ct1 + 3).min(n)).any(|i| v.lower(i) == "between");
            if between && targets.len() >= 2 && (sources.is_empty() || form == CueForm::Noun) {
                let pairs = v.every_pair(&targets);
                return Some(Pick {
                    pairs,
                    confidence: 0.7,
                    why: "symmetric: pair after 'between'".into(),
                });
            }
            if targets.is_empty() && sources.len() >= 2 {
                // a meeting or pact of n parties gives every pair
                let pairs = v.every_pair(&sources);
                return Some(Pick {
                    pairs,
                    confidence: 0.7,
                    why: "symmetric: coordinated subjects".into(),
                });
            }
        }
        if !sources.is_empty() && targets.is_empty() && form != CueForm::Noun {
            if let Some(actors) = anaphora.resolve(v, ct1, stance) {
                let src: Vec<String> = sources.iter().map(|&m| actor(m)).collect();
                let pairs: Vec<(String, String, Option<String>)> = src
                    .iter()
                    .flat_map(|s| actors.iter().map(move |t| (s.clone(), t.clone(), None)))
                    .collect();
                return Some(Pick {
                    pairs,
                    confidence: 0.5,
                    why: format!(
                        "{why}; target: the actor of an earlier event the object refers to"
                    ),
                });
            }
        }
        // "denied the accusation": the target is whoever accused the subject
        if !sources.is_empty() && targets.is_empty() && stance == StanceType::Rejects {
            let cue_text = v.text[v.toks[ct0].start..v.toks[ct1].end].to_lowercase();
            if ["accus", "alleg", "claim", "charge", "report"]
                .iter()
                .any(|w| cue_text.contains(w))
            {
                let subject = actor(sources[0]);
                if let Some(accusation) = anaphora
                    .discourse
                    .memory
                    .iter()
                    .rev()
                    .find(|r| r.stance == StanceType::Denounces && r.target == subject)
                {
                    return Some(Pick {
                        pairs: vec![(subject, accusation.source.clone(), None)],
                        confidence: 0.5,
                        why: format!("{why}; target: who made the accusation earlier"),
                    });
                }
            }
        }
        // "criticized the move": aimed at whoever made it
        if targets.is_empty()
            && form != CueForm::Noun
            && !sources.is_empty()
            && matches!(
                stance,
                StanceType::Supports | StanceType::Denounces | StanceType::Rejects
            )
        {
            let src: Vec<String> = sources.iter().map(|&m| actor(m)).collect();
            if let Some(author) = anaphora.act_author(v, ct1 + 1, &src) {
                let pairs = src
                    .iter()
                    .map(|s| (s.clone(), author.clone(), None))
                    .collect();
                return Some(Pick {
                    pairs,
                    confidence: 0.5,
                    why: format!("{why}; target: the author of the act it refers to"),
                });
            }
        }
        // "Cyprus, which Turkey does not recognize": the relative pronoun is the object
        if targets.is_empty() && form != CueForm::Noun {
            if let Some(o) = clause.object.filter(|o| !sources.contains(o)) {
                targets = vec![o];
            }
        }
        if sources.is_empty() || targets.is_empty() {
            return None;
        }
        if reverse {
            std::mem::swap(&mut sources, &mut targets);
        }
        let mut pairs = Vec::new();
        for &s in &sources {
            for &t in &targets {
                let between = if stance == StanceType::Mediates {
                    targets
                        .iter()
                        .find(|&&o| o != t && actor(o) != actor(t))
                        .map(|&o| actor(o))
                } else {
                    None
                };
                pairs.push((actor(s), actor(t), between));
            }
        }
        Some(Pick {
            pairs,
            confidence,
            why,
        })
    }
}

/// Headline style, present tense: "Turkish jets strike PKK positions", "the air force
/// strikes 64 targets". A word that is both a verb and a noun, after a noun and before
/// the start of a noun phrase (a name, a number, an article), is the verb.
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
    let np_follows = v.mention_starting_at(next).is_some()
        || w.starts_with(|c: char| c.is_ascii_digit())
        || matches!(w, "the" | "a" | "an");
    after_noun && np_follows
}

/// Participles and verbs of harm that take the act that caused it after "in", "by" or
/// "during" ("following", "amid"): "killed in an ambush", "wounded by shelling", "died in
/// a strike".
const HARMED: &[&str] = &[
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

/// The victims of an act named inside a phrase of harm ("four soldiers are killed in an
/// ambush"): the mentions before the participle in its clause, with their conjuncts.
/// `None` when the cue at `ct0` is not in such a phrase.
fn victims_of(v: &SentenceView, clause: &Clause, ct0: usize) -> Option<Vec<usize>> {
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

/// Does a verb of this type take a topic as its object, so that an event noun after it
/// is not the subject's own deed? Judging, asking and talking do ("condemned the raids",
/// "called for sanctions", "held talks on the war"); material acts do not ("deployed
/// peacekeepers", "launched strikes").
/// Month and day names: "In July, he ..." is a time, not a place.
fn is_date_word(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// Acts that hit a place rather than a government: "shelled Kharkiv", "seized Kunduz",
/// "threatened to bomb Aden". A place is the target of no other stance.
fn hits_places(stance: StanceType) -> bool {
    matches!(
        stance,
        StanceType::Attacks | StanceType::Coerces | StanceType::Threatens
    )
}

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

/// A joint undertaking named by the hyphenated actors before it ("an Israeli-Cypriot-Greek
/// effort", "the Franco-German initiative"): every pair of them cooperates. Up to two
/// modifiers may stand between ("the Greek-Cypriot energy project").
fn joint(v: &SentenceView, ct0: usize) -> Option<Pick> {
    let mut i = ct0.checked_sub(1)?;
    let mut modifiers = 0;
    while v.mention_ending_at(i).is_none() {
        let w = v.lower(i);
        if modifiers == 2 || !v.toks[i].word || !w.chars().all(|c| c.is_lowercase()) {
            return None;
        }
        modifiers += 1;
        i = i.checked_sub(1)?;
    }
    let mut chain = vec![v.mention_ending_at(i)?];
    loop {
        let first = v.mtok[chain[chain.len() - 1]].0;
        let Some(prev) = (first >= 2 && matches!(v.word(first - 1), "-" | "–"))
            .then(|| v.mention_ending_at(first - 2))
            .flatten()
        else {
            break;
        };
        chain.push(prev);
    }
    chain.reverse();
    let mut parties: Vec<usize> = Vec::new();
    for m in chain {
        if !parties
            .iter()
            .any(|&p| v.mentions[p].actor == v.mentions[m].actor)
        {
            parties.push(m);
        }
    }
    (parties.len() >= 2).then(|| Pick {
        pairs: v.every_pair(&parties),
        confidence: 0.6,
        why: "joint: the hyphenated actors before the noun".into(),
    })
}

/// Is the cue at `ct0` the act someone refuses: "refused to deploy", "refusing to meet"?
/// The bare "refuse" is left out: "urged them to refuse to ..." is only asked for.
fn refused(v: &SentenceView, clause: &Clause, ct0: usize) -> bool {
    let from = ct0.saturating_sub(5).max(clause.from);
    (from..ct0).any(|i| {
        matches!(v.lower(i), "refused" | "refuses" | "refusing")
            && i + 1 < v.toks.len()
            && v.lower(i + 1) == "to"
    })
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

/// Quotation marks as tokens.
const QUOTES: &[&str] = &["\"", "“", "”", "'", "‘", "’"];

/// Words that strengthen an evaluation: "a *serious* violation of".
const INTENSIFIERS: &[&str] = &[
    "serious", "flagrant", "blatant", "clear", "gross", "grave", "total", "complete", "outright",
    "mere", "pure", "real", "new", "major", "direct",
];

/// Verbs that link an act to its evaluation: "the deal *is* illegal".
const COPULAS: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "being", "remains", "remained",
];

/// Verbs of judging that take an act and its evaluation: "*called* the deal illegal".
const JUDGING_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "deem",
    "deems",
    "deemed",
    "deeming",
    "declare",
    "declares",
    "declared",
    "declaring",
    "label",
    "labels",
    "labelled",
    "labeled",
    "labelling",
    "labeling",
    "brand",
    "brands",
    "branded",
    "branding",
    "term",
    "terms",
    "termed",
    "terming",
    "consider",
    "considers",
    "considered",
    "considering",
    "find",
    "finds",
    "found",
];

/// Tokens an act's noun phrase does not cross.
const BOUNDARIES: &[&str] = &[",", ";", ":", "that", "which", "who", "(", ")", "—"];

/// Is token `k` the head of an act: an event noun ("the agreement", "the strike"), a noun
/// for someone's act or words ("the move"), or "it"/"this" standing for one?
fn act_head(v: &SentenceView, anaphora: &Anaphora, k: usize) -> bool {
    let w = v.lower(k);
    ACT_NOUNS.contains(&w)
        || matches!(w, "it" | "this")
        || anaphora.event_nouns.iter().any(|&(t, _)| t == k)
}

/// The first token of the noun phrase whose head is token `head`: back over
/// determiners, names, modifiers and numbers, never across a verb of judging, a
/// preposition or a clause boundary.
fn np_start(v: &SentenceView, head: usize) -> usize {
    let mut start = head;
    let mut k = head;
    while k > 0 && head - k < 7 {
        k -= 1;
        let w = v.lower(k);
        if DETERMINERS.contains(&w) {
            return k;
        }
        let name = v.mention_ending_at(k).or_else(|| v.mention_starting_at(k));
        let modifier = v.toks[k].word
            && !PREPOSITIONS.contains(&w)
            && !JUDGING_VERBS.contains(&w)
            && !COPULAS.contains(&w)
            && !CLAUSE_WORDS.contains(&w)
            && !AUXILIARIES.contains(&w);
        if name.is_some() || modifier || matches!(w, "-" | "–" | "'" | "’" | "s") {
            start = name.map_or(k, |m| v.mtok[m].0.min(k));
            k = start;
            continue;
        }
        break;
    }
    start
}

/// How many earlier events and sentence topics anaphora may look back over.
const MEMORY_WINDOW: usize = 64;

/// An asserted event an earlier sentence stated, for anaphora.
struct Recalled {
    stance: StanceType,
    source: String,
    target: String,
    sentence: usize,
}

/// What earlier sentences of the document left for this one to refer to.
struct Discourse<'a> {
    /// Asserted events so far: (type, source, target), oldest first.
    memory: &'a [Recalled],
    /// The topic actor of each earlier sentence, oldest first.
    topics: &'a [String],
    /// The latest plural subject of the last few sentences, for "they".
    group: &'a [String],
}

/// Event anaphora: "condemned the invasion" refers to the last invasion the document
/// asserted, so its target is that invasion's doer; "welcomed the call" refers to the last
/// call, so its targets are both parties.
struct Anaphora<'a> {
    /// (first token, type) of every event noun in the sentence.
    event_nouns: &'a [(usize, StanceType)],
    /// What earlier sentences of the document established.
    discourse: &'a Discourse<'a>,
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

/// Nouns for someone's act or words: "criticized the move" is aimed at whoever made it.
const ACT_NOUNS: &[&str] = &[
    "move",
    "decision",
    "plan",
    "plans",
    "proposal",
    "announcement",
    "step",
    "policy",
    "action",
    "measure",
    "measures",
    "remarks",
    "comments",
    "statement",
    "call",
    "withdrawal",
    "proclamation",
    "declaration",
    "offer",
    "initiative",
    "threat",
    "threats",
    "demand",
    "demands",
    "request",
    "decree",
    "order",
    "pledge",
    "stance",
    "position",
];

impl Anaphora<'_> {
    /// "criticized the move": the act's author is the latest earlier topic other than
    /// the source. `at` is the token after the cue.
    fn act_author(&self, v: &SentenceView, at: usize, not: &[String]) -> Option<String> {
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
    fn act_doers(&self, v: &SentenceView, head: usize, not: &[String]) -> Option<Vec<String>> {
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
    fn resolve(&self, v: &SentenceView, ct1: usize, cue: StanceType) -> Option<Vec<String>> {
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

struct Pick {
    pairs: Vec<(String, String, Option<String>)>,
    confidence: f64,
    why: String,
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
