//! The stance lexicon: which words signal which stance, and which words around a cue
//! negate it, make it hypothetical, or report it.
//!
//! It owns `data/lexicon.toml` (format in `data/README.md`). Verbs are written once as a
//! lemma ("condemn", "hold talks") and inflected here (condemns, condemned, condemning;
//! holds talks, held talks via the `[irregular]` table); nouns get their plural; phrases
//! are matched as written. [`Lexicon::scan`] finds cues in a span, case-insensitively,
//! on word boundaries, longest first.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::error::{line_col, Error, Result};
use crate::stance::StanceType;
use crate::token::WordAutomaton;

/// The grammatical shape of a cue, which decides where its source and target are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueForm {
    /// A verb form; `past` when it can be a past participle (for passives).
    Verb { past: bool },
    /// A noun: "condemnation", "invasion", "sanctions".
    Noun,
    /// A fixed phrase, treated like a verb.
    Phrase,
}

/// One form of one cue, as the automaton knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub stance: StanceType,
    pub form: CueForm,
    /// The lemma or phrase as written in the lexicon.
    pub lemma: String,
    /// Subject and object swapped: "received aid from X" makes X the source.
    pub reverse: bool,
    /// How the cue's source and target are found.
    pub frame: Frame,
    /// A verb form that is also a noun of the same type ("visit", "attacks"): read as
    /// a noun after a determiner ("the visit"), as a verb elsewhere ("will visit").
    pub noun_too: bool,
}

/// How a cue's source and target are found (`frame = "..."` in the lexicon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Frame {
    /// The clause's subject toward the cue's object: "Ghana condemned Togo".
    #[default]
    Clause,
    /// `"speaker"`: the speaker toward the name before the cue: in "A said B must
    /// leave", A demands of B.
    Speaker,
    /// `"evaluation"`: the cue judges an act ("called the deal 'null and void'", "the
    /// strike was a violation of ..."): the one who judges toward the act's authors.
    Evaluation,
    /// `"joint"`: a noun for an undertaking, a stance only between the hyphenated actors
    /// before it ("an Israeli-Cypriot-Greek effort").
    Joint,
}

/// A cue found in text: byte offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueMatch {
    pub start: usize,
    pub end: usize,
    /// Index into [`Lexicon::cue`].
    pub cue: usize,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    irregular: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    cue: Vec<CueRecord>,
    #[serde(default)]
    negation: Option<WordList>,
    #[serde(default)]
    modality: Option<WordList>,
    #[serde(default)]
    attribution: Option<AttributionList>,
    #[serde(default)]
    light_verbs: Option<WordList>,
    #[serde(default)]
    reversal: Option<WordList>,
    #[serde(default)]
    ceasing: Option<WordList>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueRecord {
    #[serde(rename = "type")]
    stance: String,
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    reverse: bool,
    /// How source and target are found: see [`Frame`].
    #[serde(default)]
    frame: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WordList {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    cancel: Vec<String>,
}

/// `[attribution]`: speech verbs, and among them those that report what another did.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AttributionList {
    #[serde(default)]
    words: Vec<String>,
    /// Speech verbs that report another's act or what happened ("said", "told"),
    /// unlike "announced", whose object may be the speaker's own act.
    #[serde(default)]
    reports: Vec<String>,
}

/// The compiled-in default lexicon.
pub const DEFAULT_SOURCE: (&str, &str) =
    ("data/lexicon.toml", include_str!("../data/lexicon.toml"));

/// [`DEFAULT_SOURCE`] pre-parsed by `build.rs`: the file as JSON, or `null` where the
/// TOML has to be parsed at run time.
const DEFAULT_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/data/lexicon.toml.json"));

/// Cue vocabulary plus the word lists used around cues.
#[derive(Debug, Clone)]
pub struct Lexicon {
    cues: Vec<Cue>,
    automaton: WordAutomaton,
    /// One automaton over `negators` and one over `modals`, pattern i = list item i.
    negator_automaton: AhoCorasick,
    modal_automaton: AhoCorasick,
    /// Words and phrases that negate a following cue ("did not", "refrained from").
    pub negators: Vec<String>,
    /// Words that undo a negator right after it ("not hesitate to").
    pub negation_cancel: Vec<String>,
    /// Words that make a following cue hypothetical ("may", "plans to").
    pub modals: Vec<String>,
    /// Speech verbs that attribute a statement to a speaker ("said", "told"), sorted, as
    /// are the two lists below: they are looked up by binary search.
    speech_verbs: WordSet,
    /// The two-word speech verbs ("according to") as pairs of words.
    speech_pairs: Vec<(String, String)>,
    /// The speech verbs that report what another did ("said", "told"): `[attribution]
    /// reports`.
    reporting_verbs: WordSet,
    /// Verbs that carry an event noun: "launched an attack on", "gave X aid".
    light_verbs: WordSet,
    /// Verbs that undo the noun after them: "lifted the sanctions", "suspended talks".
    reversal: WordSet,
    /// Phrases that end the cooperation named after them ("will no longer attend talks
    /// with"), each as its words.
    ceasing: Vec<Vec<String>>,
}

/// A sorted word list with a quick first test: for each first byte, which word lengths
/// occur. Most words of a sentence ("the", "to", "Kenya") fail that test, so looking one up
/// rarely costs a binary search.
#[derive(Debug, Clone)]
struct WordSet {
    words: Vec<String>,
    /// bit `min(len, 31)` of `lengths[first byte]` is set if a word of that length starts
    /// with that byte
    lengths: Box<[u32; 256]>,
}

impl WordSet {
    fn new(words: Vec<String>) -> Self {
        let mut lengths = Box::new([0u32; 256]);
        for w in &words {
            if let Some(&b) = w.as_bytes().first() {
                lengths[usize::from(b)] |= 1 << w.len().min(31);
            }
        }
        WordSet { words, lengths }
    }

    fn contains(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else {
            return false;
        };
        self.lengths[usize::from(b)] & (1 << w.len().min(31)) != 0
            && self.words.binary_search_by(|s| s.as_str().cmp(w)).is_ok()
    }
}

/// Collects lexicon files, later ones overriding earlier ones, then builds the automaton.
#[derive(Debug, Default, PartialEq)]
pub struct LexiconBuilder {
    irregular: BTreeMap<String, Vec<String>>,
    forms: BTreeMap<String, Cue>,
    negators: BTreeSet<String>,
    negation_cancel: BTreeSet<String>,
    modals: BTreeSet<String>,
    speech_verbs: BTreeSet<String>,
    reporting_verbs: BTreeSet<String>,
    light_verbs: BTreeSet<String>,
    reversal: BTreeSet<String>,
    ceasing: BTreeSet<String>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Ends consonant-vowel-consonant (not w, x, y): "ban", "admit", "stop".
fn cvc(w: &str) -> bool {
    let b = w.as_bytes();
    let n = b.len();
    n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
}

/// Regular inflections of an English verb: (present forms, past forms).
pub fn inflect_verb(verb: &str, irregular_past: &[String]) -> (Vec<String>, Vec<String>) {
    let w = verb;
    let b = w.as_bytes();
    let last = b.last().copied().unwrap_or(b'x');
    let consonant_y = w.ends_with('y') && b.len() >= 2 && !is_vowel(b[b.len() - 2]);
    let third = if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
        || w.ends_with('o')
    {
        format!("{w}es")
    } else if consonant_y {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    };
    let mut present = vec![w.to_string(), third];
    let mut past = Vec::new();
    if let Some(stem) = w.strip_suffix("ie") {
        present.push(format!("{stem}ying"));
    } else if w.ends_with('e') && !w.ends_with("ee") {
        present.push(format!("{}ing", &w[..w.len() - 1]));
    } else {
        present.push(format!("{w}ing"));
    }
    if irregular_past.is_empty() {
        if last == b'e' {
            past.push(format!("{w}d"));
        } else if consonant_y {
            past.push(format!("{}ied", &w[..w.len() - 1]));
        } else {
            past.push(format!("{w}ed"));
        }
    } else {
        past.extend(irregular_past.iter().cloned());
    }
    if cvc(w) {
        let c = last as char;
        present.push(format!("{w}{c}ing"));
        if irregular_past.is_empty() {
            past.push(format!("{w}{c}ed"));
        }
    }
    (present, past)
}

/// Plural of an English noun ("sanction" → "sanctions", "policy" → "policies").
pub fn pluralize(noun: &str) -> String {
    let b = noun.as_bytes();
    if noun.ends_with('s') || noun.ends_with('x') || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else if noun.ends_with('y') && b.len() >= 2 && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    }
}

impl LexiconBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The builder with the compiled-in default lexicon loaded.
    pub fn with_defaults() -> Result<Self> {
        let mut b = Self::new();
        let (origin, text) = DEFAULT_SOURCE;
        // The JSON is the same document as the TOML; if it does not load, the TOML says why.
        match serde_json::from_str::<Option<LexiconFile>>(DEFAULT_JSON) {
            Ok(Some(file)) => b.add_file(origin, text, file)?,
            _ => b.add_toml(origin, text)?,
        };
        Ok(b)
    }

    /// Adds one lexicon file. `origin` names it in errors.
    pub fn add_toml(&mut self, origin: &str, text: &str) -> Result<&mut Self> {
        let file: LexiconFile =
            toml::from_str(text).map_err(|e| crate::error::toml_error(origin, text, &e))?;
        self.add_file(origin, text, file)
    }

    /// Adds the records of one parsed file; `text` is its TOML, for error positions.
    fn add_file(&mut self, origin: &str, text: &str, file: LexiconFile) -> Result<&mut Self> {
        for (k, v) in file.irregular {
            self.irregular.insert(k, v);
        }
        for rec in file.cue {
            let stance: StanceType = rec.stance.parse().map_err(|message| {
                let needle = format!("\"{}\"", rec.stance);
                let (line, column) = text.find(&needle).map_or((1, 1), |p| line_col(text, p));
                Error::BadResource {
                    path: origin.to_string(),
                    line,
                    column,
                    message,
                }
            })?;
            let frame = match rec.frame.as_deref() {
                None => Frame::Clause,
                Some("speaker") => Frame::Speaker,
                Some("evaluation") => Frame::Evaluation,
                Some("joint") => Frame::Joint,
                Some(other) => {
                    let needle = format!("\"{other}\"");
                    let (line, column) = text.find(&needle).map_or((1, 1), |p| line_col(text, p));
                    return Err(Error::BadResource {
                        path: origin.to_string(),
                        line,
                        column,
                        message: format!(
                            "unknown frame \"{other}\" (expected \"speaker\", \"evaluation\" or \"joint\")"
                        ),
                    });
                }
            };
            let cue = |form, lemma: &str| Cue {
                stance,
                form,
                lemma: lemma.to_string(),
                reverse: rec.reverse,
                frame,
                noun_too: false,
            };
            for v in &rec.verbs {
                let v = v.trim().to_lowercase();
                let (head, tail) = match v.split_once(' ') {
                    Some((h, t)) => (h.to_string(), format!(" {t}")),
                    None => (v.clone(), String::new()),
                };
                let irregular = self.irregular.get(&head).cloned().unwrap_or_default();
                let (present, past) = inflect_verb(&head, &irregular);
                for f in present {
                    self.forms
                        .insert(format!("{f}{tail}"), cue(CueForm::Verb { past: false }, &v));
                }
                for f in past {
                    self.forms
                        .insert(format!("{f}{tail}"), cue(CueForm::Verb { past: true }, &v));
                }
            }
            for n in &rec.nouns {
                let n = n.trim().to_lowercase();
                let (head, tail) = match n.rsplit_once(' ') {
                    Some((h, t)) => (format!("{h} "), t.to_string()),
                    None => (String::new(), n.clone()),
                };
                for form in [n.clone(), format!("{head}{}", pluralize(&tail))] {
                    match self.forms.get_mut(&form) {
                        Some(c) if c.stance == stance && matches!(c.form, CueForm::Verb { .. }) => {
                            c.noun_too = true;
                        }
                        _ => {
                            self.forms.insert(form, cue(CueForm::Noun, &n));
                        }
                    }
                }
            }
            for p in &rec.phrases {
                let p = p.trim().to_lowercase();
                self.forms.insert(p.clone(), cue(CueForm::Phrase, &p));
            }
        }
        let lists = [
            (
                file.negation,
                &mut self.negators,
                Some(&mut self.negation_cancel),
            ),
            (file.modality, &mut self.modals, None),
            (file.light_verbs, &mut self.light_verbs, None),
            (file.reversal, &mut self.reversal, None),
            (file.ceasing, &mut self.ceasing, None),
        ];
        if let Some(list) = file.attribution {
            let reports: Vec<String> = list.reports.iter().map(|w| w.to_lowercase()).collect();
            self.speech_verbs
                .extend(list.words.iter().map(|w| w.to_lowercase()));
            self.speech_verbs.extend(reports.iter().cloned());
            self.reporting_verbs.extend(reports);
        }
        for (list, words, cancel) in lists {
            if let Some(list) = list {
                words.extend(list.words.iter().map(|w| w.to_lowercase()));
                if let Some(c) = cancel {
                    c.extend(list.cancel.iter().map(|w| w.to_lowercase()));
                }
            }
        }
        Ok(self)
    }

    pub fn build(self) -> Result<Lexicon> {
        let mut patterns = Vec::new();
        let mut cues = Vec::new();
        for (form, cue) in self.forms {
            if form.contains('\'') {
                patterns.push(form.replace('\'', "\u{2019}"));
                cues.push(cue.clone());
            }
            patterns.push(form);
            cues.push(cue);
        }
        // matched against an ASCII-lower-cased copy of the text (see `scan`), which finds
        // what an ASCII-case-insensitive automaton finds and builds several times faster
        for p in &mut patterns {
            p.make_ascii_lowercase();
        }
        let automaton = WordAutomaton::new(&patterns, None).map_err(|e| Error::BadResource {
            path: "lexicon".into(),
            line: 1,
            column: 1,
            message: e.to_string(),
        })?;
        let negators: Vec<String> = self.negators.into_iter().collect();
        let modals: Vec<String> = self.modals.into_iter().collect();
        let word_list = |words: &[String]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(words)
                .map_err(|e| Error::BadResource {
                    path: "lexicon".into(),
                    line: 1,
                    column: 1,
                    message: e.to_string(),
                })
        };
        Ok(Lexicon {
            cues,
            automaton,
            negator_automaton: word_list(&negators)?,
            modal_automaton: word_list(&modals)?,
            negators,
            negation_cancel: self.negation_cancel.into_iter().collect(),
            modals,
            speech_pairs: self
                .speech_verbs
                .iter()
                .filter_map(|s| s.split_once(' '))
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            speech_verbs: WordSet::new(self.speech_verbs.into_iter().collect()),
            reporting_verbs: WordSet::new(self.reporting_verbs.into_iter().collect()),
            light_verbs: WordSet::new(self.light_verbs.into_iter().collect()),
            reversal: WordSet::new(self.reversal.into_iter().collect()),
            ceasing: self
                .ceasing
                .iter()
                .map(|p| p.split_whitespace().map(str::to_string).collect())
                .filter(|p: &Vec<String>| !p.is_empty())
                .collect(),
        })
    }
}

/// Does `phrase`, found at `hay[start..end]`, stand on word boundaries? A phrase that
/// starts with punctuation needs none before it.
fn on_boundaries(phrase: &str, hay: &str, start: usize, end: usize) -> bool {
    let before_ok = start == 0
        || !phrase.starts_with(char::is_alphanumeric)
        || !hay[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let after_ok = !hay[end..].chars().next().is_some_and(char::is_alphanumeric);
    before_ok && after_ok
}

/// The first occurrence of each pattern of `automaton` in `hay` that stands on word
/// boundaries (a pattern starting or ending in punctuation needs none on that side):
/// `(pattern, end offset)`, in order of position.
fn first_on_boundaries(
    automaton: &AhoCorasick,
    words: &[String],
    hay: &str,
) -> Vec<(usize, usize)> {
    let mut seen = vec![false; words.len()];
    let mut out = Vec::new();
    for m in automaton.find_overlapping_iter(hay) {
        let p = m.pattern().as_usize();
        if seen[p] {
            continue;
        }
        if on_boundaries(&words[p], hay, m.start(), m.end()) {
            seen[p] = true;
            out.push((p, m.end()));
        }
    }
    out
}

impl Lexicon {
    /// Speech verbs that attribute a statement to a speaker ("said", "told",
    /// "according to"), sorted.
    pub fn speech_verbs(&self) -> &[String] {
        &self.speech_verbs.words
    }

    /// Verbs that carry an event noun ("launched", "gave"), sorted.
    pub fn light_verbs(&self) -> &[String] {
        &self.light_verbs.words
    }

    /// Verbs that undo the noun after them ("lifted", "suspended"), sorted.
    pub fn reversal(&self) -> &[String] {
        &self.reversal.words
    }

    /// Is the lower-case word `w` a one-word speech verb?
    pub fn is_speech_verb(&self, w: &str) -> bool {
        self.speech_verbs.contains(w)
    }

    /// Is the lower-case word `w` a speech verb that reports what another did or what
    /// happened ("said", "told"), not one that may announce the speaker's own act?
    pub fn is_reporting_verb(&self, w: &str) -> bool {
        self.reporting_verbs.contains(w)
    }

    /// Is `w` followed by `next` (both lower case) a two-word speech verb ("according to")?
    pub fn is_speech_pair(&self, w: &str, next: &str) -> bool {
        self.speech_pairs.iter().any(|(a, b)| a == w && b == next)
    }

    /// Is the lower-case word `w` a light verb?
    pub fn is_light_verb(&self, w: &str) -> bool {
        self.light_verbs.contains(w)
    }

    /// Is the lower-case word `w` a reversal verb?
    pub fn is_reversal(&self, w: &str) -> bool {
        self.reversal.contains(w)
    }

    /// The ceasing phrases ("no longer"), each as its lower-case words.
    pub fn ceasing(&self) -> &[Vec<String>] {
        &self.ceasing
    }

    /// Negators found in a lower-case window: `(index into negators, end offset)` for the
    /// first occurrence of each.
    pub fn negators_in(&self, window: &str) -> Vec<(usize, usize)> {
        first_on_boundaries(&self.negator_automaton, &self.negators, window)
    }

    /// Every occurrence of a negator in a lower-case text, on word boundaries:
    /// `(start, end)` byte offsets.
    pub fn negator_spans(&self, hay: &str) -> Vec<(usize, usize)> {
        self.negator_automaton
            .find_overlapping_iter(hay)
            .filter(|m| {
                on_boundaries(
                    &self.negators[m.pattern().as_usize()],
                    hay,
                    m.start(),
                    m.end(),
                )
            })
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// Where the first modal word of a lower-case window starts.
    pub fn first_modal(&self, window: &str) -> Option<usize> {
        first_on_boundaries(&self.modal_automaton, &self.modals, window)
            .into_iter()
            .map(|(p, end)| end - self.modals[p].len())
            .min()
    }

    /// The compiled-in default lexicon.
    pub fn default_set() -> Result<Self> {
        LexiconBuilder::with_defaults()?.build()
    }

    pub fn cue(&self, i: usize) -> &Cue {
        &self.cues[i]
    }

    /// How many cue forms the automaton holds.
    pub fn len(&self) -> usize {
        self.cues.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cues.is_empty()
    }

    /// Every cue in `text[start..end]`, on word boundaries, longest first.
    pub fn scan(&self, text: &str, start: usize, end: usize) -> Vec<CueMatch> {
        self.scan_lowered(&text[start..end].to_ascii_lowercase(), start)
    }

    /// [`scan`](Self::scan) of a text already lower-cased with `to_ascii_lowercase`,
    /// which starts at byte `start` of the document.
    pub fn scan_lowered(&self, hay: &str, start: usize) -> Vec<CueMatch> {
        self.automaton
            .find(hay)
            .into_iter()
            .map(|(s, e, cue)| CueMatch {
                start: start + s,
                end: start + e,
                cue,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "condemn",
                &["condemn", "condemns", "condemning"],
                &["condemned"],
            ),
            (
                "denounce",
                &["denounce", "denounces", "denouncing"],
                &["denounced"],
            ),
            (
                "ban",
                &["ban", "bans", "baning", "banning"],
                &["baned", "banned"],
            ),
            (
                "criticize",
                &["criticize", "criticizes", "criticizing"],
                &["criticized"],
            ),
            ("rely", &["rely", "relies", "relying"], &["relied"]),
            ("push", &["push", "pushes", "pushing"], &["pushed"]),
        ];
        for (verb, present, past) in cases {
            let (p, q) = inflect_verb(verb, &[]);
            assert_eq!(p, *present, "{verb}");
            assert_eq!(q, *past, "{verb}");
        }
        let (_, past) = inflect_verb("hold", &["held".to_string()]);
        assert_eq!(past, ["held"]);
        assert_eq!(pluralize("sanction"), "sanctions");
        assert_eq!(pluralize("policy"), "policies");
    }

    #[test]
    fn scan_finds_inflected_multiword_cues() {
        let mut b = LexiconBuilder::new();
        b.add_toml(
            "t.toml",
            "[irregular]\nhold = [\"held\"]\n[[cue]]\ntype = \"consults\"\nverbs = [\"hold talks\"]\n",
        )
        .unwrap();
        let lex = b.build().unwrap();
        let text = "They Held talks; upholding talks is not one.";
        let found: Vec<&str> = lex
            .scan(text, 0, text.len())
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["Held talks"]);
    }

    #[test]
    fn cues_match_without_regard_to_ascii_case() {
        let lex = Lexicon::default_set().unwrap();
        let cases: &[(&str, &[&str])] = &[
            ("Peru CONDEMNED Chile.", &["CONDEMNED"]),
            ("Peru Condemned Chile.", &["Condemned"]),
            ("Peru condemned Chile.", &["condemned"]),
            ("Peru ÉCONDEMNED Chile.", &[]),
            ("Talks With Chile", &["Talks With"]),
        ];
        for (text, want) in cases {
            let found: Vec<&str> = lex
                .scan(text, 0, text.len())
                .iter()
                .map(|m| &text[m.start..m.end])
                .collect();
            assert_eq!(found, *want, "{text}");
        }
    }

    #[test]
    fn word_lists_are_looked_up_exactly() {
        let lex = Lexicon::default_set().unwrap();
        assert!(lex.is_speech_verb("said"));
        assert!(!lex.is_speech_verb("Said"), "callers pass lower-case words");
        assert!(!lex.is_speech_verb("according"));
        assert!(lex.is_reporting_verb("said") && lex.is_speech_verb("announced"));
        assert!(
            !lex.is_reporting_verb("announced"),
            "may announce one's own act"
        );
        assert!(lex.is_speech_pair("according", "to"));
        assert!(!lex.is_speech_pair("according", "the"));
        assert!(lex.is_light_verb("gave"));
        assert!(!lex.is_light_verb("launched"));
        assert!(lex.is_reversal("lifted"));
        assert!(!lex.is_reversal("lift the"));
        assert!(!lex.is_speech_verb(""));
        let long = "x".repeat(40);
        let set = WordSet::new(vec!["a".into(), "said".into(), long.clone()]);
        let cases: &[(&str, bool)] = &[
            ("a", true),
            ("said", true),
            (&long, true),
            (&long[..35], false), // the same length bit as 40, not in the list
            ("sail", false),      // the same first byte and length as "said"
            ("b", false),
            ("", false),
        ];
        for &(w, want) in cases {
            assert_eq!(set.contains(w), want, "{w}");
        }
        for list in [lex.speech_verbs(), lex.light_verbs(), lex.reversal()] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "sorted, for binary search"
            );
        }
    }

    #[test]
    fn pre_parsed_default_loads_as_the_toml_does() {
        assert_ne!(
            DEFAULT_JSON, "null",
            "build.rs left the lexicon to be parsed at run time"
        );
        let mut from_toml = LexiconBuilder::new();
        from_toml
            .add_toml(DEFAULT_SOURCE.0, DEFAULT_SOURCE.1)
            .unwrap();
        assert_eq!(LexiconBuilder::with_defaults().unwrap(), from_toml);
    }

    #[test]
    fn unknown_type_is_an_error_with_position() {
        let mut b = LexiconBuilder::new();
        let err = b
            .add_toml(
                "lex.toml",
                "[[cue]]\ntype = \"befriends\"\nverbs = [\"hug\"]\n",
            )
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("lex.toml:2:8"), "{err}");
    }
}
