//! An averaged-perceptron part-of-speech tagger over the 17 Universal Dependencies tags.
//!
//! Greedy, left to right: each token's tag is the best-scoring one given features of the
//! word, its neighbours and the two tags already chosen before it (the classic design of
//! Collins 2002 as popularised by Honnibal's "A good POS tagger in about 200 lines").
//! Features are hashed into a fixed table of `2^bits` rows of 17 weights, so tagging
//! allocates nothing per feature and the model is one flat array: the file is a short
//! header and the weights as little-endian `i16` (quantized after averaging), read with
//! no parsing. Training ([`Trainer`]) is deterministic for a given seed.

use crate::error::{Error, Result};

/// Universal POS tags (UD v2), in a fixed order that is also the model's column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

/// Number of tags: the width of a weight row.
pub const TAGS: usize = 17;

impl Upos {
    pub const ALL: [Upos; TAGS] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The UD name ("NOUN", "PROPN" …).
    pub fn as_str(self) -> &'static str {
        [
            "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
        ][self as usize]
    }

    /// The tag of a UD name, if it is one.
    pub fn from_name(name: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|t| t.as_str() == name)
    }
}

const MAGIC: &[u8; 8] = b"SGPOS\x00\x01\x00";
/// The model compiled into the binary (see `data/models/README.md`).
static DEFAULT_MODEL: &[u8] = include_bytes!("../../data/models/pos.bin");

/// A trained tagger: `2^bits` rows of [`TAGS`] weights.
#[derive(Clone)]
pub struct Tagger {
    mask: u64,
    weights: Vec<i16>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tagger {{ rows: {} }}", self.mask + 1)
    }
}

/// Feature templates; the numbers are part of the model format.
mod feat {
    pub const BIAS: u8 = 0;
    pub const WORD: u8 = 1;
    pub const SUF3: u8 = 2;
    pub const SUF2: u8 = 3;
    pub const PRE1: u8 = 4;
    pub const SHAPE: u8 = 5;
    pub const PREV: u8 = 6;
    pub const NEXT: u8 = 7;
    pub const PREV2: u8 = 8;
    pub const NEXT2: u8 = 9;
    pub const NEXT_SUF3: u8 = 10;
    pub const PREV_SUF3: u8 = 11;
    pub const RAW_FIRST: u8 = 12;
    pub const TAG1: u8 = 13;
    pub const TAG12: u8 = 14;
    pub const TAG1_WORD: u8 = 15;
    pub const SUF1: u8 = 16;
}

/// Number of features per token: the static ones, then three that read earlier tags.
const STATIC: usize = 14;
const FEATURES: usize = STATIC + 3;

fn fnv(seed: u8, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(seed).wrapping_mul(0x100_0000_01b3);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

fn mix(h: u64, x: u64) -> u64 {
    (h ^ x.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0x100_0000_01b3)
}

/// The last `n` characters of `w` (all of it when shorter).
fn suffix(w: &str, n: usize) -> &str {
    match w.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) => &w[i..],
        None => w,
    }
}

/// A coarse shape class: digits, capitalisation, hyphens, punctuation.
fn shape(w: &str) -> u8 {
    let mut digit = false;
    let mut upper = 0usize;
    let mut alpha = 0usize;
    for c in w.chars() {
        digit |= c.is_numeric();
        if c.is_alphabetic() {
            alpha += 1;
            upper += usize::from(c.is_uppercase());
        }
    }
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    match (digit, alpha, upper) {
        (true, 0, _) => 1,
        (true, _, _) => 2,
        (false, 0, _) => 3,
        (false, a, u) if u == a && a > 1 => 4,
        _ if first_upper => 5,
        _ => 6,
    }
}

/// Per-sentence scratch: each token's static feature hashes.
#[derive(Default)]
struct Scratch {
    lower: Vec<String>,
    feats: Vec<[u64; STATIC]>,
    word_hash: Vec<u64>,
}

impl Scratch {
    #[allow(clippy::needless_range_loop)] // the window reads neighbours by index
    fn fill(&mut self, words: &[&str]) {
        self.lower.clear();
        self.lower
            .extend(words.iter().map(|w| normalise(w).into_owned()));
        self.feats.clear();
        self.word_hash.clear();
        let n = words.len();
        let lw = |i: isize| -> &str {
            if i < 0 {
                "<s>"
            } else if i as usize >= n {
                "</s>"
            } else {
                &self.lower[i as usize]
            }
        };
        for i in 0..n {
            let w = &self.lower[i];
            let ii = i as isize;
            let word = fnv(feat::WORD, w.as_bytes());
            self.word_hash.push(word);
            let first = if i == 0 { b"^" as &[u8] } else { b"" };
            let mut raw = first.to_vec();
            raw.extend_from_slice(words[i].as_bytes());
            self.feats.push([
                fnv(feat::BIAS, b""),
                word,
                fnv(feat::SUF3, suffix(w, 3).as_bytes()),
                fnv(feat::SUF2, suffix(w, 2).as_bytes()),
                fnv(
                    feat::PRE1,
                    &w.as_bytes()[..w.chars().next().map_or(0, char::len_utf8)],
                ),
                fnv(feat::SHAPE, &[shape(words[i])]),
                fnv(feat::PREV, lw(ii - 1).as_bytes()),
                fnv(feat::NEXT, lw(ii + 1).as_bytes()),
                fnv(feat::PREV2, lw(ii - 2).as_bytes()),
                fnv(feat::NEXT2, lw(ii + 2).as_bytes()),
                fnv(feat::NEXT_SUF3, suffix(lw(ii + 1), 3).as_bytes()),
                fnv(feat::PREV_SUF3, suffix(lw(ii - 1), 3).as_bytes()),
                fnv(feat::RAW_FIRST, &raw),
                fnv(feat::SUF1, suffix(w, 1).as_bytes()),
            ]);
        }
    }

    /// All features of token `i` given the two tags before it.
    fn features(&self, i: usize, t1: u8, t2: u8) -> [u64; FEATURES] {
        let mut f = [0u64; FEATURES];
        f[..STATIC].copy_from_slice(&self.feats[i]);
        f[STATIC] = mix(fnv(feat::TAG1, b""), u64::from(t1));
        f[STATIC + 1] = mix(mix(fnv(feat::TAG12, b""), u64::from(t1)), u64::from(t2));
        f[STATIC + 2] = mix(
            mix(fnv(feat::TAG1_WORD, b""), u64::from(t1)),
            self.word_hash[i],
        );
        f
    }
}

/// Lower case, digits folded to `0` so numbers share weights.
fn normalise(w: &str) -> std::borrow::Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphanumeric() && b.is_ascii())
    {
        return std::borrow::Cow::Borrowed(w);
    }
    std::borrow::Cow::Owned(
        w.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect(),
    )
}

/// "No tag yet" (before the sentence start), outside the tag range.
const START: u8 = TAGS as u8;

fn best(scores: &[i32; TAGS]) -> usize {
    let mut b = 0;
    for t in 1..TAGS {
        if scores[t] > scores[b] {
            b = t;
        }
    }
    b
}

impl Tagger {
    /// The model compiled into the binary.
    pub fn default_model() -> Result<Tagger> {
        Tagger::from_bytes("data/models/pos.bin", DEFAULT_MODEL)
    }

    /// Reads a model file's bytes; `name` names it in errors.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Tagger> {
        let bad = |message: &str| Error::BadResource {
            path: name.to_string(),
            line: 0,
            column: 0,
            message: message.to_string(),
        };
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad("not a stancegraph tagger model (bad magic)"));
        }
        let bits = u32::from(bytes[8]);
        if !(8..=24).contains(&bits) || bytes[9..16].iter().any(|&b| b != 0) {
            return Err(bad("unsupported table size in the header"));
        }
        let rows = 1usize << bits;
        let body = &bytes[16..];
        if body.len() != rows * TAGS * 2 {
            return Err(bad("the weight table has the wrong length"));
        }
        let weights = body
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(Tagger {
            mask: rows as u64 - 1,
            weights,
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let bits = (self.mask + 1).trailing_zeros() as u8;
        let mut out = Vec::with_capacity(16 + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        out.push(bits);
        out.extend_from_slice(&[0; 7]);
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    fn row(&self, h: u64) -> &[i16] {
        let r = (h & self.mask) as usize * TAGS;
        &self.weights[r..r + TAGS]
    }

    /// Tags `words`, writing one tag per word into `out` (cleared first).
    ///
    /// ```
    /// use stancegraph::syntax::{Tagger, Upos};
    /// let tagger = Tagger::default_model()?;
    /// let mut tags = Vec::new();
    /// tagger.tag(&["Peru", "recalled", "its", "ambassador", "."], &mut tags);
    /// assert_eq!(tags, [Upos::Propn, Upos::Verb, Upos::Pron, Upos::Noun, Upos::Punct]);
    /// # Ok::<(), stancegraph::Error>(())
    /// ```
    pub fn tag(&self, words: &[&str], out: &mut Vec<Upos>) {
        // one scratch per thread: tagging every sentence allocates nothing once warm
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut scratch) => self.tag_with(&mut scratch, words, out),
            Err(_) => self.tag_with(&mut Scratch::default(), words, out),
        });
    }

    fn tag_with(&self, scratch: &mut Scratch, words: &[&str], out: &mut Vec<Upos>) {
        out.clear();
        scratch.fill(words);
        let (mut t1, mut t2) = (START, START);
        for i in 0..words.len() {
            let mut scores = [0i32; TAGS];
            for h in scratch.features(i, t1, t2) {
                for (s, &w) in scores.iter_mut().zip(self.row(h)) {
                    *s += i32::from(w);
                }
            }
            let b = best(&scores);
            out.push(Upos::ALL[b]);
            t2 = t1;
            t1 = b as u8;
        }
    }
}

/// Trains a [`Tagger`] with the averaged perceptron.
pub struct Trainer {
    mask: u64,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    clock: u32,
}

impl Trainer {
    /// A trainer with `2^bits` feature rows.
    pub fn new(bits: u32) -> Trainer {
        let n = (1usize << bits) * TAGS;
        Trainer {
            mask: (1u64 << bits) - 1,
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            clock: 0,
        }
    }

    fn bump(&mut self, h: u64, tag: usize, by: f32) {
        let k = (h & self.mask) as usize * TAGS + tag;
        self.totals[k] += f64::from(self.clock - self.stamps[k]) * f64::from(self.weights[k]);
        self.stamps[k] = self.clock;
        self.weights[k] += by;
    }

    /// One pass over `sentences` (in the given order); returns the tokens tagged right.
    pub fn epoch(&mut self, sentences: &[(Vec<&str>, Vec<Upos>)]) -> usize {
        let mut scratch = Scratch::default();
        let mut right = 0;
        for (words, gold) in sentences {
            scratch.fill(words);
            let (mut t1, mut t2) = (START, START);
            for (i, &g) in gold.iter().enumerate() {
                self.clock += 1;
                let feats = scratch.features(i, t1, t2);
                let mut scores = [0f32; TAGS];
                for &h in &feats {
                    let r = (h & self.mask) as usize * TAGS;
                    for (s, w) in scores.iter_mut().zip(&self.weights[r..r + TAGS]) {
                        *s += w;
                    }
                }
                let mut b = 0;
                for t in 1..TAGS {
                    if scores[t] > scores[b] {
                        b = t;
                    }
                }
                let g = g as usize;
                if b == g {
                    right += 1;
                } else {
                    for &h in &feats {
                        self.bump(h, g, 1.0);
                        self.bump(h, b, -1.0);
                    }
                }
                // the history is the tagger's own guesses, as it will be at run time
                t2 = t1;
                t1 = b as u8;
            }
        }
        right
    }

    /// The averaged, quantized model.
    pub fn finish(self) -> Tagger {
        let clock = f64::from(self.clock.max(1));
        let avg: Vec<f64> = (0..self.weights.len())
            .map(|k| {
                let total = self.totals[k]
                    + f64::from(self.clock - self.stamps[k]) * f64::from(self.weights[k]);
                total / clock
            })
            .collect();
        let max = avg.iter().fold(0f64, |m, w| m.max(w.abs())).max(1e-12);
        let scale = f64::from(i16::MAX) / max;
        Tagger {
            mask: self.mask,
            weights: avg.iter().map(|w| (w * scale).round() as i16).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_model_is_an_error() {
        assert!(Tagger::from_bytes("x", b"nonsense").is_err());
        let mut good = Tagger::default_model().expect("default model").to_bytes();
        good.truncate(good.len() - 1);
        let e = Tagger::from_bytes("x.bin", &good).unwrap_err().to_string();
        assert!(e.contains("x.bin") && e.contains("wrong length"), "{e}");
    }

    #[test]
    fn names_round_trip() {
        for t in Upos::ALL {
            assert_eq!(Upos::from_name(t.as_str()), Some(t));
        }
    }
}
