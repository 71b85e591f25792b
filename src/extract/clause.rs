//! Clauses and the phrases inside them: which preposition governs a name, which names
//! are coordinated ("Egypt, Greece and Cyprus"), where a clause begins and ends, what its
//! subject is, and where a noun phrase starts.
//!
//! A sentence is cut into clauses at `;`, at a comma or quotation mark followed by a
//! clause word ("which", "but", "while", "saying"...), at "that", and at "and"/"but"
//! before a verb. A clause's *subject* is its first mention not governed by a
//! preposition, with the names coordinated with it; a clause with none inherits the
//! previous clause's subject, and a relative clause the name right before "which"/"who".
//! A name after the clause's present-tense verb (as the tagger reads it) is its object,
//! not its subject; a name in apposition to a place after "in", "at"... ("In Auckland,
//! New Zealand") is governed.
//! Every later rule finds a cue's clause here and reads its subject from it.

use super::view::SentenceView;
use super::words::{
    AGENT_NOUNS, AUXILIARIES, CLAUSE_WORDS, COPULAS, DETERMINERS, JUDGING_VERBS, MODALS,
    PREPOSITIONS,
};
use crate::mention::MentionKind;

/// Words that are prepositions before a noun but open a clause before a verb.
const SUBORDINATORS: &[&str] = &["after", "before", "since", "as", "until", "despite"];

/// One clause of a sentence: token range and its subject mentions.
#[derive(Debug, Clone)]
pub(super) struct Clause {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) subject: Vec<usize>,
    pub(super) inherited: bool,
    /// In an object relative ("Cyprus, which Turkey does not recognize"), the name the
    /// relative pronoun stands for: the verb's object.
    pub(super) object: Option<usize>,
}

impl Clause {
    /// The clause's subject mentions that end before token `t`.
    pub(super) fn subject_before(&self, v: &SentenceView, t: usize) -> Vec<usize> {
        self.subject
            .iter()
            .copied()
            .filter(|&m| v.mtok[m].1 < t)
            .collect()
    }
}

impl SentenceView<'_> {
    /// Is mention `m` governed by a preposition (the word before it, skipping determiners)?
    pub(super) fn governed(&self, m: usize) -> bool {
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
                && !self.name_words.is_calendar(self.lower(i - 1))
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
    pub(super) fn coordinated(&self, m: usize) -> Vec<usize> {
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
        let mut group = self.conjuncts_before(m);
        group.push(m);
        group.extend(self.conjuncts_after(m));
        group
    }

    /// The mentions coordinated with mention `m` to its right, in text order: "A, B and
    /// C"; a comma alone does not coordinate the last name ("Ghana criticized Togo,
    /// Kenya said").
    fn conjuncts_after(&self, m: usize) -> Vec<usize> {
        let mut group = Vec::new();
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
        group
    }

    /// The mentions coordinated with mention `m` to its left, in text order.
    fn conjuncts_before(&self, m: usize) -> Vec<usize> {
        let mut group = Vec::new();
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

    /// The clauses of the sentence, in order; together they cover every token.
    pub(super) fn clauses(&self) -> Vec<Clause> {
        let (cuts, vp_conjuncts) = self.clause_cuts();
        let mut clauses: Vec<Clause> = Vec::new();
        for w in cuts.windows(2) {
            let (from, to) = (w[0], w[1]);
            let clause = self.clause(from, to, vp_conjuncts.contains(&from), clauses.last());
            clauses.push(clause);
        }
        clauses
    }

    /// Where clauses begin (the first token of each, then the number of tokens), and
    /// which of them open with the second verb of a coordinated predicate ("X expressed
    /// concern but condemned Y"): their subject is the previous clause's.
    fn clause_cuts(&self) -> (Vec<usize>, Vec<usize>) {
        let n = self.toks.len();
        let mut cuts = vec![0];
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
        (cuts, vp_conjuncts)
    }

    /// The clause of tokens `from..to` and its subject. `vp_conjunct`: it opens with
    /// the second verb of a coordinated predicate; `previous`: the clause before it.
    fn clause(
        &self,
        from: usize,
        to: usize,
        vp_conjunct: bool,
        previous: Option<&Clause>,
    ) -> Clause {
        let n = self.toks.len();
        // "with X demanding ...": an absolute clause's subject follows "with"
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
        let wh = matches!(first_word, "which" | "who" | "whose");
        let relative = wh || self.after_relative_that(from);
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
                previous.map(|c| c.subject.clone()).unwrap_or_default(),
                true,
            ),
        };
        Clause {
            from,
            to,
            subject,
            inherited,
            object,
        }
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

    /// Does the clause at `from` follow a relative "that"? "the strike that killed":
    /// relative; "said that", "told Kenya that": not.
    fn after_relative_that(&self, from: usize) -> bool {
        from >= 2 && self.lower(from - 1) == "that" && {
            let before = self.word(from - 2);
            let lower = self.lower(from - 2);
            self.toks[from - 2].word
                && before.starts_with(char::is_lowercase)
                && !self.speech_word[from - 2]
                && !lower.ends_with("ed")
                && self.mention_ending_at(from - 2).is_none()
        }
    }

    /// A guess that token `i` is a finite verb or an auxiliary: "condemned", "condemns",
    /// "did", "will". Only called on tokens [`next_is_verbish`](Self::next_is_verbish) accepts.
    pub(super) fn finite_verb_guess(&self, i: usize) -> bool {
        let w = self.lower(i);
        AUXILIARIES.contains(&w)
            || MODALS.contains(&w) && w.len() > 2
            || w.len() > 3 && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss"))
    }

    /// A cheap guess that token `i` starts a verb phrase: a lower-case word that is not a
    /// determiner or preposition.
    pub(super) fn next_is_verbish(&self, i: usize) -> bool {
        if i >= self.toks.len() || !self.toks[i].word {
            return false;
        }
        let lower = self.lower(i);
        self.word(i).chars().next().is_some_and(char::is_lowercase)
            && !DETERMINERS.contains(&lower)
            && !PREPOSITIONS.contains(&lower)
    }
}

/// The first token of the noun phrase whose head is token `head`: back over
/// determiners, names, modifiers and numbers, never across a verb of judging, a
/// preposition or a clause boundary.
pub(super) fn np_start(v: &SentenceView, head: usize) -> usize {
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

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // coordination: every name of the list is a subject
            (
                "Mexico, Belize and Guatemala praised Honduras.",
                &["MEX supports HND", "BLZ supports HND", "GTM supports HND"],
            ),
            // the second verb of a coordinated predicate keeps the first one's subject
            (
                "Ireland condemned Israel and praised Jordan.",
                &[
                    "IRL denounces ISR",
                    "IRL supports JOR @ subject of an earlier clause",
                ],
            ),
            // a subordinate clause has its own subject
            (
                "Belarus praised Russia after Poland sanctioned Lithuania.",
                &["BLR supports RUS", "POL sanctions LTU"],
            ),
            // a comma alone coordinates nothing: Kenya only says so
            (
                "Tanzania welcomed Uganda, Kenya said.",
                &["TZA supports UGA"],
            ),
        ]);
    }
}
