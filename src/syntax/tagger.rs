//! An averaged-perceptron part-of-speech tagger over the 17 Universal Dependencies tags.
//!
//! Greedy, left to right: each token's tag is the best-scoring one given features of the
//! word, its neighbours and the two tags already chosen before it (the classic design of
//! Collins 2002 as popularised by Honnibal's "A good POS tagger in about 200 lines").
//! Features are hashed into a fixed table of `2^bits` rows of 17 weights (one `i8` per
//! tag, quantized after averaging), so one hash reads the scores of all tags from one
//! contiguous row, and the model is one flat array: the file is a short header (with a
//! checksum of the table) and the weights, used in place where the binary holds them.
//!
//! Tagging a sentence hashes each word's text once (its lower-cased form, prefixes,
//! suffixes, shape…), then sums the rows of the features that do not depend on earlier
//! tags for all tokens (independent memory reads), and only then walks left to right
//! adding the few rows that read the tags chosen so far. Nothing is allocated per token
//! once a thread's scratch is warm. Training ([`Trainer`]) is deterministic.
//!
//! Most of a token's features read one word only: its own form, prefixes, suffixes,
//! shape and stem, or one neighbour's form, suffix or shape at a fixed offset. Their rows
//! are summed once per distinct word form into a [`WordCache`] entry (one summed row for
//! the word as the token itself, and one for each neighbour offset), kept in the thread's
//! scratch: a fixed number of direct-mapped slots, so memory does not grow with the
//! corpus. A token then reads five cached rows and the seven table rows that combine two
//! words or read tags. Sums of integers are exact in any order, so the scores, and the
//! tags, are those of the uncached path ([`Tagger::tag_uncached`]) bit for bit.

use std::borrow::Cow;
use std::sync::OnceLock;

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

/// File magic: format version 2 (version 1 was `i16` weights without a checksum).
const MAGIC: &[u8; 8] = b"SGPOS\x00\x02\x00";
/// Header: magic, `bits`, the feature set, the weight width in bytes, five zero bytes,
/// the table's length (u64 LE) and its checksum (u64 LE, [`checksum`]).
const HEADER: usize = 32;
/// The feature templates below, as a number: a model trained with other templates is
/// refused instead of giving garbage.
pub const FEATURE_SET: u8 = 2;

/// The model compiled into the binary (see `data/models/README.md`).
static DEFAULT_MODEL: &[u8] = include_bytes!("../../data/models/pos.bin");
const DEFAULT_NAME: &str = "data/models/pos.bin";

/// A trained tagger: `2^bits` rows of [`TAGS`] `i8` weights.
#[derive(Clone)]
pub struct Tagger {
    bits: u32,
    /// The table's checksum: with its address, what a thread's [`WordCache`] was made for.
    sum: u64,
    /// The table, borrowed from the binary for the built-in model.
    weights: Cow<'static, [u8]>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tagger {{ rows: {} }}", 1usize << self.bits)
    }
}

/// A 64-bit checksum of the weight table: four interleaved multiply-rotate lanes over
/// little-endian words, so the 9 MB of the built-in model are checked in about 2 ms.
pub fn checksum(bytes: &[u8]) -> u64 {
    const P: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes: [u64; 4] = [
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ];
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (k, lane) in lanes.iter_mut().enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&c[8 * k..8 * k + 8]);
            *lane = (*lane ^ u64::from_le_bytes(w))
                .wrapping_mul(P)
                .rotate_left(31);
        }
    }
    let mut h = bytes.len() as u64;
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(P);
    }
    for lane in lanes {
        h = fmix(h ^ lane);
    }
    h
}

/// The finalizer of MurmurHash3: spreads every input bit over the output.
#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// FNV-1a of a byte string, with a seed for the kind of string.
#[inline]
fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Feature templates; the numbers are part of the model format ([`FEATURE_SET`]).
mod feat {
    // features of the word and its neighbours, read before any tag is chosen
    pub const BIAS: u64 = 0;
    pub const WORD: u64 = 1;
    pub const SUF1: u64 = 2;
    pub const SUF2: u64 = 3;
    pub const SUF3: u64 = 4;
    pub const SUF4: u64 = 5;
    pub const PRE1: u64 = 6;
    pub const PRE2: u64 = 7;
    pub const PRE3: u64 = 8;
    pub const SHAPE: u64 = 9;
    pub const RAW: u64 = 10;
    pub const PREV: u64 = 11;
    pub const NEXT: u64 = 12;
    pub const PREV2: u64 = 13;
    pub const NEXT2: u64 = 14;
    pub const PREV_SUF3: u64 = 15;
    pub const NEXT_SUF3: u64 = 16;
    pub const PREV_WORD: u64 = 17;
    pub const WORD_NEXT: u64 = 18;
    pub const NEXT_SHAPE: u64 = 19;
    pub const PREV_SHAPE: u64 = 20;
    pub const STEM: u64 = 21;
    // features that read the tags already chosen
    pub const TAG1: u64 = 22;
    pub const TAG12: u64 = 23;
    pub const TAG1_WORD: u64 = 24;
    pub const TAG1_NEXT: u64 = 25;
    pub const TAG1_SUF3: u64 = 26;
}

/// Features per token that do not read earlier tags, and those that do.
const STATIC: usize = 22;
const DYNAMIC: usize = 5;

/// The hashes of one word's strings, computed once per sentence.
#[derive(Clone, Copy, Default)]
struct WordKeys {
    word: u64,
    raw: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    stem: u64,
}

/// Sentence boundaries, as words.
fn boundary(k: u64) -> WordKeys {
    let h = fmix(0xb0_0000 + k);
    WordKeys {
        word: h,
        raw: h,
        suf: [h; 4],
        pre: [h; 3],
        shape: h,
        stem: h,
    }
}

/// Per-sentence scratch: each token's hashes, rows and the static part of its scores.
#[derive(Default)]
struct Scratch {
    norm: String,
    shape: Vec<u8>,
    /// two boundary words on each side, then the sentence's words at `2..n + 2`
    keys: Vec<WordKeys>,
    scores: Vec<[i32; TAGS]>,
    /// the static rows of every token (byte offsets of rows), [`STATIC`] per token
    rows: Vec<usize>,
    /// the word rows of the sentence, boundaries included (as `keys`)
    words: Vec<WordRows>,
    cache: WordCache,
}

/// Char boundaries: the byte length of the first `k` characters and of the last `k`.
fn prefix_len(s: &str, k: usize) -> usize {
    s.char_indices().nth(k).map_or(s.len(), |(i, _)| i)
}

fn suffix_start(s: &str, k: usize) -> usize {
    match s.char_indices().rev().nth(k.saturating_sub(1)) {
        Some((i, _)) => i,
        None => 0,
    }
}

/// A crude lemma: the lower-cased word without a common inflection ("-s", "-ed",
/// "-ing", "-ies", "-ly"), so "sanctions" and "sanctioned" share a feature.
fn stem(w: &str) -> &str {
    let n = w.len();
    for (end, min) in [("ies", 5), ("ing", 6), ("ed", 5), ("ly", 5), ("s", 4)] {
        if n >= min && w.ends_with(end) && !(end == "s" && w.ends_with("ss")) {
            return &w[..n - end.len()];
        }
    }
    w
}

/// The hashes of one word's strings; `norm` and `shape` are reused buffers.
fn word_keys(norm: &mut String, shape: &mut Vec<u8>, w: &str) -> WordKeys {
    // lower case, digits folded to 0 so numbers share weights
    norm.clear();
    shape.clear();
    let mut last = 0u8;
    let mut run = 0;
    for c in w.chars() {
        let class = if c.is_ascii_digit() || c.is_numeric() {
            b'd'
        } else if c.is_uppercase() {
            b'X'
        } else if c.is_alphabetic() {
            b'x'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'o'
        };
        if class == last {
            run += 1;
        } else {
            run = 0;
            last = class;
        }
        // "Xxxx" and "Xxxxxxxx" are the same shape: runs are cut at three
        if run < 3 {
            shape.push(class);
        }
        if c.is_ascii() {
            let b = c as u8;
            norm.push(if b.is_ascii_digit() {
                '0'
            } else {
                char::from(b.to_ascii_lowercase())
            });
        } else {
            norm.extend(c.to_lowercase());
        }
    }
    let n = norm.as_str();
    let b = n.as_bytes();
    let mut suf = [0u64; 4];
    for (k, s) in suf.iter_mut().enumerate() {
        *s = fnv(0x50 + k as u64, &b[suffix_start(n, k + 1)..]);
    }
    let mut pre = [0u64; 3];
    for (k, p) in pre.iter_mut().enumerate() {
        *p = fnv(0x60 + k as u64, &b[..prefix_len(n, k + 1)]);
    }
    WordKeys {
        word: fnv(0x10, b),
        raw: fnv(0x20, w.as_bytes()),
        suf,
        pre,
        shape: fnv(0x30, &shape[..]),
        stem: fnv(0x40, stem(n).as_bytes()),
    }
}

impl Scratch {
    /// Hashes every word of the sentence.
    fn fill(&mut self, words: &[&str]) {
        self.keys.clear();
        self.keys.extend([boundary(0), boundary(1)]);
        for w in words {
            let k = self.word_keys(w);
            self.keys.push(k);
        }
        self.keys.extend([boundary(2), boundary(3)]);
        // the first word's raw form is marked as such: capitals mean less there
        if !words.is_empty() {
            self.keys[2].raw = fmix(self.keys[2].raw ^ 0x5eed);
        }
    }

    fn word_keys(&mut self, w: &str) -> WordKeys {
        word_keys(&mut self.norm, &mut self.shape, w)
    }

    /// The static features of token `i` (0-based in the sentence), as hashes.
    fn static_features(&self, i: usize) -> [u64; STATIC] {
        let k = &self.keys;
        let (p2, p1, w, n1, n2) = (&k[i], &k[i + 1], &k[i + 2], &k[i + 3], &k[i + 4]);
        [
            0,
            w.word,
            w.suf[0],
            w.suf[1],
            w.suf[2],
            w.suf[3],
            w.pre[0],
            w.pre[1],
            w.pre[2],
            w.shape,
            w.raw,
            p1.word,
            n1.word,
            p2.word,
            n2.word,
            p1.suf[2],
            n1.suf[2],
            fmix(p1.word ^ w.word.rotate_left(17)),
            fmix(w.word ^ n1.word.rotate_left(17)),
            n1.shape,
            p1.shape,
            w.stem,
        ]
    }

    /// The features of token `i` that read the two tags before it.
    fn dynamic_features(&self, i: usize, t1: u8, t2: u8) -> [u64; DYNAMIC] {
        let w = &self.keys[i + 2];
        let n1 = &self.keys[i + 3];
        let (t1, t2) = (u64::from(t1), u64::from(t2));
        [
            t1,
            t1 * 32 + t2,
            fmix(w.word ^ t1),
            fmix(n1.word ^ t1),
            fmix(w.suf[2] ^ t1),
        ]
    }
}

const STATIC_TEMPLATES: [u64; STATIC] = [
    feat::BIAS,
    feat::WORD,
    feat::SUF1,
    feat::SUF2,
    feat::SUF3,
    feat::SUF4,
    feat::PRE1,
    feat::PRE2,
    feat::PRE3,
    feat::SHAPE,
    feat::RAW,
    feat::PREV,
    feat::NEXT,
    feat::PREV2,
    feat::NEXT2,
    feat::PREV_SUF3,
    feat::NEXT_SUF3,
    feat::PREV_WORD,
    feat::WORD_NEXT,
    feat::NEXT_SHAPE,
    feat::PREV_SHAPE,
    feat::STEM,
];

const DYNAMIC_TEMPLATES: [u64; DYNAMIC] = [
    feat::TAG1,
    feat::TAG12,
    feat::TAG1_WORD,
    feat::TAG1_NEXT,
    feat::TAG1_SUF3,
];

/// The row of a feature: its template and value hashed together, the top `bits` bits.
#[inline]
fn row(bits: u32, template: u64, value: u64) -> usize {
    let h = fmix(value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    (h >> (64 - bits)) as usize
}

/// The word-only rows of one word form, summed: as the token itself, and as the word one
/// and two places before and after the token.
#[derive(Clone, Copy)]
struct WordRows {
    /// BIAS, WORD, SUF1–4, PRE1–3, SHAPE, RAW, STEM (12 rows of at most ±127: fits `i16`)
    own: [i16; TAGS],
    /// PREV, PREV_SUF3, PREV_SHAPE: this word just before the token
    prev: [i16; TAGS],
    /// NEXT, NEXT_SUF3, NEXT_SHAPE: this word just after the token
    next: [i16; TAGS],
    /// PREV2: two before
    prev2: [i16; TAGS],
    /// NEXT2: two after
    next2: [i16; TAGS],
    /// the hashes the other features read: the lower-cased form and its 3-suffix
    word: u64,
    suf3: u64,
}

/// Longest word form (bytes) kept in the cache; longer ones are computed every time.
const CACHED_LEN: usize = 24;
/// Cache slots (a power of two): about 240 bytes each, 1 MB in all per thread.
const SLOTS: usize = 4096;

/// One slot: the word form it holds (with the first-word mark) and its rows.
#[derive(Clone, Copy)]
struct Slot {
    /// `len + 1` of the form held, 0 for empty; the top bit marks a sentence's first word
    tag: u8,
    form: [u8; CACHED_LEN],
    rows: WordRows,
}

/// A bounded, direct-mapped cache of [`WordRows`] by word form, for one tagger.
#[derive(Default)]
pub(crate) struct WordCache {
    /// what the slots were made for: the table's address, length and checksum
    owner: (usize, usize, u64),
    slots: Vec<Slot>,
    /// the four sentence boundaries' rows
    bounds: Vec<WordRows>,
}

const EMPTY_ROWS: WordRows = WordRows {
    own: [0; TAGS],
    prev: [0; TAGS],
    next: [0; TAGS],
    prev2: [0; TAGS],
    next2: [0; TAGS],
    word: 0,
    suf3: 0,
};

impl Tagger {
    /// Sums the rows of `templates` with `values` into `out`.
    fn sum_rows(&self, pairs: &[(u64, u64)]) -> [i16; TAGS] {
        let mut s = [0i32; TAGS];
        for &(t, h) in pairs {
            self.add_row(&mut s, row(self.bits, t, h) * TAGS);
        }
        // at most 12 rows of ±127: exact in i16
        s.map(|x| x as i16)
    }

    /// The word-only rows of a word with hashes `k`.
    fn word_rows(&self, k: &WordKeys) -> WordRows {
        use feat::*;
        WordRows {
            own: self.sum_rows(&[
                (BIAS, 0),
                (WORD, k.word),
                (SUF1, k.suf[0]),
                (SUF2, k.suf[1]),
                (SUF3, k.suf[2]),
                (SUF4, k.suf[3]),
                (PRE1, k.pre[0]),
                (PRE2, k.pre[1]),
                (PRE3, k.pre[2]),
                (SHAPE, k.shape),
                (RAW, k.raw),
                (STEM, k.stem),
            ]),
            prev: self.sum_rows(&[(PREV, k.word), (PREV_SUF3, k.suf[2]), (PREV_SHAPE, k.shape)]),
            next: self.sum_rows(&[(NEXT, k.word), (NEXT_SUF3, k.suf[2]), (NEXT_SHAPE, k.shape)]),
            prev2: self.sum_rows(&[(PREV2, k.word)]),
            next2: self.sum_rows(&[(NEXT2, k.word)]),
            word: k.word,
            suf3: k.suf[2],
        }
    }
}

impl WordCache {
    /// Empties the cache if it was made for another table.
    fn own(&mut self, tagger: &Tagger) {
        let owner = (
            tagger.weights.as_ptr() as usize,
            tagger.weights.len(),
            tagger.sum,
        );
        if self.owner != owner || self.slots.is_empty() {
            self.owner = owner;
            self.slots.clear();
            self.slots.resize(
                SLOTS,
                Slot {
                    tag: 0,
                    form: [0; CACHED_LEN],
                    rows: EMPTY_ROWS,
                },
            );
            self.bounds = (0..4).map(|k| tagger.word_rows(&boundary(k))).collect();
        }
    }

    /// The rows of word `w` (`first`: the sentence's first word, whose raw form is
    /// marked); `norm` and `shape` are buffers for hashing a word not held.
    fn get(
        &mut self,
        tagger: &Tagger,
        norm: &mut String,
        shape: &mut Vec<u8>,
        w: &str,
        first: bool,
    ) -> WordRows {
        let compute = |norm: &mut String, shape: &mut Vec<u8>| {
            let mut k = word_keys(norm, shape, w);
            if first {
                k.raw = fmix(k.raw ^ 0x5eed);
            }
            tagger.word_rows(&k)
        };
        let b = w.as_bytes();
        if b.len() >= CACHED_LEN {
            return compute(norm, shape);
        }
        let tag = (b.len() as u8 + 1) | if first { 0x80 } else { 0 };
        let h = fmix(fnv(u64::from(tag), b));
        let at = (h >> (64 - SLOTS.trailing_zeros())) as usize;
        let Some(slot) = self.slots.get_mut(at) else {
            return compute(norm, shape);
        };
        if slot.tag == tag && &slot.form[..b.len()] == b {
            return slot.rows;
        }
        let rows = compute(norm, shape);
        slot.tag = tag;
        slot.form[..b.len()].copy_from_slice(b);
        slot.rows = rows;
        rows
    }
}

#[inline]
fn add16(s: &mut [i32; TAGS], r: &[i16; TAGS]) {
    for (s, &w) in s.iter_mut().zip(r) {
        *s += i32::from(w);
    }
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

/// Checks a model file; returns `bits` and the table's checksum.
fn check(bytes: &[u8]) -> std::result::Result<(u32, u64), String> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err("not a stancegraph tagger model of this version (bad magic)".into());
    }
    let bits = u32::from(bytes[8]);
    if !(8..=24).contains(&bits) || bytes[11..16].iter().any(|&b| b != 0) {
        return Err("unsupported table size in the header".into());
    }
    if bytes[9] != FEATURE_SET || bytes[10] != 1 {
        return Err(format!(
            "made for feature set {} with {}-byte weights; this build reads set {FEATURE_SET} with 1-byte weights",
            bytes[9], bytes[10]
        ));
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let body = &bytes[HEADER..];
    let want = (1usize << bits) * TAGS;
    if body.len() != want || word(16) != want as u64 {
        return Err("the weight table has the wrong length".into());
    }
    let sum = checksum(body);
    if sum != word(24) {
        return Err("the weight table does not match its checksum (corrupt file)".into());
    }
    Ok((bits, sum))
}

impl Tagger {
    /// The model compiled into the binary, checked once per process and then shared:
    /// the table is used where the binary holds it, not copied.
    pub fn default_model() -> Result<Tagger> {
        static CHECKED: OnceLock<std::result::Result<(u32, u64), String>> = OnceLock::new();
        match CHECKED.get_or_init(|| check(DEFAULT_MODEL)) {
            Ok((bits, sum)) => Ok(Tagger {
                bits: *bits,
                sum: *sum,
                weights: Cow::Borrowed(&DEFAULT_MODEL[HEADER..]),
            }),
            Err(message) => Err(bad(DEFAULT_NAME, message)),
        }
    }

    /// Reads a model file's bytes (copied); `name` names it in errors.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Tagger> {
        let (bits, sum) = check(bytes).map_err(|m| bad(name, &m))?;
        Ok(Tagger {
            bits,
            sum,
            weights: Cow::Owned(bytes[HEADER..].to_vec()),
        })
    }

    /// A model held in static memory (a file compiled in), used in place.
    pub fn from_static(name: &str, bytes: &'static [u8]) -> Result<Tagger> {
        let (bits, sum) = check(bytes).map_err(|m| bad(name, &m))?;
        Ok(Tagger {
            bits,
            sum,
            weights: Cow::Borrowed(&bytes[HEADER..]),
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[self.bits as u8, FEATURE_SET, 1, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&(self.weights.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&self.weights).to_le_bytes());
        out.extend_from_slice(&self.weights);
        out
    }

    /// Adds the row starting at byte `r` to `scores`.
    #[inline]
    fn add_row(&self, scores: &mut [i32; TAGS], r: usize) {
        let row = &self.weights[r..r + TAGS];
        for (s, &w) in scores.iter_mut().zip(row) {
            *s += i32::from(w as i8);
        }
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
            Ok(mut scratch) => self.tag_cached(&mut scratch, words, out),
            Err(_) => self.tag_with(&mut Scratch::default(), words, out),
        });
    }

    /// Tags `words` reading every feature's row from the table (no word cache): what
    /// [`Tagger::tag`] gives, the slow way, for tests and comparisons.
    pub fn tag_uncached(&self, words: &[&str], out: &mut Vec<Upos>) {
        self.tag_with(&mut Scratch::default(), words, out);
    }

    /// The cached path: word-only features from the thread's [`WordCache`].
    fn tag_cached(&self, scratch: &mut Scratch, words: &[&str], out: &mut Vec<Upos>) {
        out.clear();
        let Scratch {
            norm,
            shape,
            scores,
            rows,
            words: wr,
            cache,
            ..
        } = scratch;
        cache.own(self);
        let n = words.len();
        wr.clear();
        let mut bounds = [EMPTY_ROWS; 4];
        for (b, c) in bounds.iter_mut().zip(&cache.bounds) {
            *b = *c;
        }
        wr.extend([bounds[0], bounds[1]]);
        for (i, w) in words.iter().enumerate() {
            let r = cache.get(self, norm, shape, w, i == 0);
            wr.push(r);
        }
        wr.extend([bounds[2], bounds[3]]);
        // the two features of two words: their rows found and touched first, as below
        rows.clear();
        let mut touch = 0u8;
        for i in 0..n {
            let (p1, w, n1) = (wr[i + 1].word, wr[i + 2].word, wr[i + 3].word);
            for (t, h) in [
                (feat::PREV_WORD, fmix(p1 ^ w.rotate_left(17))),
                (feat::WORD_NEXT, fmix(w ^ n1.rotate_left(17))),
            ] {
                let r = row(self.bits, t, h) * TAGS;
                touch ^= self.weights.get(r).copied().unwrap_or(0);
                rows.push(r);
            }
        }
        std::hint::black_box(touch);
        scores.clear();
        for (i, pair) in rows.chunks_exact(2).enumerate() {
            let mut s = [0i32; TAGS];
            add16(&mut s, &wr[i + 2].own);
            add16(&mut s, &wr[i + 1].prev);
            add16(&mut s, &wr[i + 3].next);
            add16(&mut s, &wr[i].prev2);
            add16(&mut s, &wr[i + 4].next2);
            for &r in pair {
                self.add_row(&mut s, r);
            }
            scores.push(s);
        }
        let (mut t1, mut t2) = (START, START);
        for (i, s) in scores.iter_mut().enumerate() {
            let (w, n1) = (&wr[i + 2], &wr[i + 3]);
            let (a, b) = (u64::from(t1), u64::from(t2));
            for (t, h) in [
                (feat::TAG1, a),
                (feat::TAG12, a * 32 + b),
                (feat::TAG1_WORD, fmix(w.word ^ a)),
                (feat::TAG1_NEXT, fmix(n1.word ^ a)),
                (feat::TAG1_SUF3, fmix(w.suf3 ^ a)),
            ] {
                self.add_row(s, row(self.bits, t, h) * TAGS);
            }
            let b = best(s);
            out.push(Upos::ALL[b]);
            t2 = t1;
            t1 = b as u8;
        }
    }

    fn tag_with(&self, scratch: &mut Scratch, words: &[&str], out: &mut Vec<Upos>) {
        out.clear();
        scratch.fill(words);
        let n = words.len();
        // The features that read no tag, for all tokens at once. Their rows are found
        // first and each one's first byte read: these reads do not wait for each other,
        // so the cache misses of a sentence overlap instead of coming one after another
        // (they were most of the time).
        let mut rows = std::mem::take(&mut scratch.rows);
        rows.clear();
        let mut touch = 0u8;
        for i in 0..n {
            for (h, t) in scratch.static_features(i).into_iter().zip(STATIC_TEMPLATES) {
                let r = row(self.bits, t, h) * TAGS;
                touch ^= self.weights.get(r).copied().unwrap_or(0);
                rows.push(r);
            }
        }
        std::hint::black_box(touch);
        let mut scores = std::mem::take(&mut scratch.scores);
        scores.clear();
        for token in rows.chunks_exact(STATIC) {
            let mut s = [0i32; TAGS];
            for &r in token {
                self.add_row(&mut s, r);
            }
            scores.push(s);
        }
        let (mut t1, mut t2) = (START, START);
        for (i, s) in scores.iter_mut().enumerate() {
            for (h, t) in scratch
                .dynamic_features(i, t1, t2)
                .into_iter()
                .zip(DYNAMIC_TEMPLATES)
            {
                self.add_row(s, row(self.bits, t, h) * TAGS);
            }
            let b = best(s);
            out.push(Upos::ALL[b]);
            t2 = t1;
            t1 = b as u8;
        }
        scratch.scores = scores;
        scratch.rows = rows;
    }
}

fn bad(name: &str, message: &str) -> Error {
    Error::BadResource {
        path: name.to_string(),
        line: 0,
        column: 0,
        message: message.to_string(),
    }
}

/// Trains a [`Tagger`] with the averaged perceptron.
pub struct Trainer {
    bits: u32,
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
            bits,
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            clock: 0,
        }
    }

    fn bump(&mut self, r: usize, tag: usize, by: f32) {
        let k = r * TAGS + tag;
        self.totals[k] += f64::from(self.clock - self.stamps[k]) * f64::from(self.weights[k]);
        self.stamps[k] = self.clock;
        self.weights[k] += by;
    }

    fn rows(&self, scratch: &Scratch, i: usize, t1: u8, t2: u8) -> [usize; STATIC + DYNAMIC] {
        let mut rows = [0usize; STATIC + DYNAMIC];
        for (k, (h, t)) in scratch
            .static_features(i)
            .into_iter()
            .zip(STATIC_TEMPLATES)
            .enumerate()
        {
            rows[k] = row(self.bits, t, h);
        }
        for (k, (h, t)) in scratch
            .dynamic_features(i, t1, t2)
            .into_iter()
            .zip(DYNAMIC_TEMPLATES)
            .enumerate()
        {
            rows[STATIC + k] = row(self.bits, t, h);
        }
        rows
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
                let rows = self.rows(&scratch, i, t1, t2);
                let mut scores = [0f32; TAGS];
                for &r in &rows {
                    for (s, w) in scores
                        .iter_mut()
                        .zip(&self.weights[r * TAGS..r * TAGS + TAGS])
                    {
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
                    for &r in &rows {
                        self.bump(r, g, 1.0);
                        self.bump(r, b, -1.0);
                    }
                }
                // the history is the tagger's own guesses, as it will be at run time
                t2 = t1;
                t1 = b as u8;
            }
        }
        right
    }

    /// The averaged model, quantized to `i8`: weights are scaled so that `clip` (a
    /// fraction, e.g. 0.9999) of them by magnitude fit, and the rest are clipped.
    pub fn finish(&self, clip: f64) -> Tagger {
        let clock = f64::from(self.clock.max(1));
        let avg: Vec<f32> = (0..self.weights.len())
            .map(|k| {
                let total = self.totals[k]
                    + f64::from(self.clock - self.stamps[k]) * f64::from(self.weights[k]);
                (total / clock) as f32
            })
            .collect();
        let mut mags: Vec<f32> = avg.iter().map(|w| w.abs()).filter(|&w| w > 0.0).collect();
        mags.sort_by(f32::total_cmp);
        let at = ((mags.len() as f64 * clip) as usize).min(mags.len().saturating_sub(1));
        let top = f64::from(mags.get(at).copied().unwrap_or(1.0)).max(1e-12);
        let scale = 127.0 / top;
        let weights: Vec<u8> = avg
            .iter()
            .map(|&w| (f64::from(w) * scale).round().clamp(-127.0, 127.0) as i8 as u8)
            .collect();
        Tagger {
            bits: self.bits,
            sum: checksum(&weights),
            weights: Cow::Owned(weights),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_model_is_an_error() {
        let good = Tagger::default_model().expect("default model").to_bytes();
        assert!(Tagger::from_bytes("x", &good).is_ok());
        let mut flipped = good.clone();
        let mid = flipped.len() / 2;
        flipped[mid] ^= 1;
        let mut short = good.clone();
        short.truncate(good.len() - 1);
        let mut other_set = good.clone();
        other_set[9] = FEATURE_SET + 1;
        let cases: [(&[u8], &str); 5] = [
            (b"nonsense", "bad magic"),
            (&good[..HEADER], "wrong length"),
            (&short, "wrong length"),
            (&flipped, "checksum"),
            (&other_set, "feature set"),
        ];
        for (bytes, want) in cases {
            let e = Tagger::from_bytes("x.bin", bytes).unwrap_err().to_string();
            assert!(e.contains("x.bin") && e.contains(want), "{want}: {e}");
        }
    }

    #[test]
    fn names_round_trip() {
        for t in Upos::ALL {
            assert_eq!(Upos::from_name(t.as_str()), Some(t));
        }
    }

    /// The scores (not only the tags) of the cached path are those of the uncached one,
    /// for a cold cache, a warm one, a first word seen again inside a sentence, long
    /// words past the cache, and a second model in the same thread.
    #[test]
    fn cached_scores_are_the_uncached_scores() {
        let sentences: &[&[&str]] = &[
            &[
                "Peru",
                "recalled",
                "its",
                "ambassador",
                "from",
                "Chile",
                ".",
            ],
            &[
                "The", "talks", "in", "Geneva", "broke", "down", "on", "Tuesday", ".",
            ],
            &[
                "the",
                "The",
                "THE",
                "sanctions",
                "sanctioned",
                "sanctioning",
            ],
            &["Recalled", "Peru", "Peru", "Peru", "!"],
            &[
                "In", "2024", ",", "3.5", "million", "people", "fled", "—", "UN", "says",
            ],
            &[
                "Antidisestablishmentarianistically",
                "supercalifragilisticexpialidocious",
                "x",
            ],
            &[
                "Ça",
                "va",
                "?",
                "Ελλάδα",
                "και",
                "Türkiye",
                "signed",
                "an",
                "accord",
            ],
            &["a"],
            &[],
            &["'", "\"", "(", ")", "don't", "do", "n't", "U.S.", "e-mail"],
        ];
        let big = Tagger::default_model().expect("default model");
        let mut trainer = Trainer::new(10);
        let gold: Vec<(Vec<&str>, Vec<Upos>)> = sentences
            .iter()
            .map(|s| (s.to_vec(), s.iter().map(|_| Upos::Noun).collect()))
            .collect();
        trainer.epoch(&gold);
        let small = trainer.finish(0.999);
        let mut cached = Scratch::default();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for round in 0..3 {
            for tagger in [&big, &small, &big] {
                for s in sentences {
                    let mut plain = Scratch::default();
                    tagger.tag_with(&mut plain, s, &mut a);
                    tagger.tag_cached(&mut cached, s, &mut b);
                    assert_eq!(plain.scores, cached.scores, "round {round}: {s:?}");
                    assert_eq!(a, b, "{s:?}");
                    tagger.tag(s, &mut b);
                    assert_eq!(a, b, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn stems() {
        for (w, s) in [
            ("sanctions", "sanction"),
            ("condemned", "condemn"),
            ("talking", "talk"),
            ("countries", "countr"),
            ("press", "press"),
            ("is", "is"),
            ("recently", "recent"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }
}
