//! Word tokens with byte offsets: the unit the extraction rules count and look at.
//!
//! A token is a run of letters and digits (keeping inner periods, so "U.S." and "3.5" are
//! one token) or a single punctuation character. Apostrophes and hyphens are their own
//! tokens, so "Russia's" is `Russia ' s` and "US-brokered" is `US - brokered`, which lets
//! names and cues that end or start inside a written word align to token edges.

/// A token: byte offsets `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    /// Letters or digits (as opposed to punctuation).
    pub word: bool,
}

/// The character at byte `i` of `s` (a character boundary) and its length; ASCII, most of
/// the text, needs no decoding.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = s[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Tokens of `text[start..end]`, offsets into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let s = &text[start..end];
    let mut out = Vec::with_capacity(s.len() / 5);
    let mut i = 0;
    while let Some((c, len)) = char_at(s, i) {
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok {
                start: start + i,
                end: start + i + len,
                word: false,
            });
            i += len;
            continue;
        }
        let mut j = i + len;
        // ASCII letters and digits, most of a word, need no other test
        while s.as_bytes().get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        while let Some((d, dl)) = char_at(s, j) {
            let inner_dot = d == '.' && char_at(s, j + 1).is_some_and(|(e, _)| e.is_alphanumeric());
            if d.is_alphanumeric() || inner_dot {
                j += dl;
            } else if d == '.'
                && s[..j].ends_with(|x: char| x.is_uppercase())
                && s[i..j].contains('.')
            {
                // the final period of a dotted acronym: "U.S."
                j += 1;
                break;
            } else {
                break;
            }
        }
        out.push(Tok {
            start: start + i,
            end: start + j,
            word: true,
        });
        i = j;
    }
    out
}

/// An Aho-Corasick automaton over word-like patterns (names, cue phrases), searched only
/// where a match could stand on a word boundary.
///
/// [`WordAutomaton::find`] gives every match that stands on word boundaries, chosen
/// leftmost-longest without overlaps. Rather than run the automaton over every byte and
/// throw away the matches that start inside a word, it starts an anchored search only at
/// the positions where a kept match can start: the first letter or digit of a word, if
/// some pattern starts with that byte, and any character that starts a pattern beginning
/// with punctuation ("-brokered"). Most words start no pattern at all (a lower-case word
/// starts no name), so most of the text is never fed to the automaton. The matches are
/// the same as those of one overlapping search over the whole text filtered on word
/// boundaries, which is what this replaced (`tests::same_as_overlapping_search`).
///
/// ```
/// use stancegraph::token::WordAutomaton;
///
/// let names = ["Washington", "Washington state", "U.S."];
/// let ac = WordAutomaton::new(&names, None).unwrap();
/// let hay = "Washington stated that U.S. troops left; Washingtonians stayed.";
/// let found: Vec<&str> = ac.find(hay).iter().map(|&(s, e, _)| &hay[s..e]).collect();
/// assert_eq!(found, ["Washington", "U.S."]);
/// ```
#[derive(Debug, Clone)]
pub struct WordAutomaton {
    nfa: aho_corasick::nfa::contiguous::NFA,
    /// `punct_first[b]`: some pattern starting with another character starts with byte b.
    punct_first: [bool; 256],
    /// `last_alnum[pattern]`: the pattern ends with a letter or digit, so a match must
    /// not be followed by one.
    last_alnum: Vec<bool>,
    /// The first bytes of the patterns, to skip the walk where none can match.
    prefixes: Prefixes,
}

/// Which strings of up to three bytes begin some pattern, as bitsets (16 KB in all, so
/// they stay in the cache): a test that spares the trie walk at most word starts ("the",
/// "and" and "in" start no cue and no name).
#[derive(Debug, Clone)]
struct Prefixes {
    /// Patterns of one byte, by that byte.
    one: [u64; 4],
    /// Patterns of two bytes, by the two bytes.
    two: Box<[u64; 1024]>,
    /// Longer patterns, by a hash of their first three bytes (a collision only lets a
    /// position through that matches nothing).
    three: Box<[u64; 1024]>,
}

impl Prefixes {
    fn hash3(a: u8, b: u8, c: u8) -> usize {
        ((usize::from(a) << 8) | usize::from(b)) ^ (usize::from(c).wrapping_mul(0x9E5) & 0xFFFF)
    }

    fn pair(a: u8, b: u8) -> usize {
        (usize::from(a) << 8) | usize::from(b)
    }

    fn get(bits: &[u64], i: usize) -> bool {
        bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn set(bits: &mut [u64], i: usize) {
        if let Some(w) = bits.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    fn new<P: AsRef<str>>(patterns: &[P]) -> Self {
        let mut p = Prefixes {
            one: [0; 4],
            two: Box::new([0; 1024]),
            three: Box::new([0; 1024]),
        };
        for pat in patterns {
            match *pat.as_ref().as_bytes() {
                [] => {}
                [a] => Self::set(&mut p.one, usize::from(a)),
                [a, b] => Self::set(&mut p.two[..], Self::pair(a, b)),
                [a, b, c, ..] => Self::set(&mut p.three[..], Self::hash3(a, b, c)),
            }
        }
        p
    }

    /// Could a pattern match at the start of `rest`?
    fn may_match(&self, rest: &[u8]) -> bool {
        match *rest {
            [] => false,
            [a] => Self::get(&self.one, usize::from(a)),
            [a, b] => {
                Self::get(&self.one, usize::from(a)) || Self::get(&self.two[..], Self::pair(a, b))
            }
            [a, b, c, ..] => {
                Self::get(&self.one, usize::from(a))
                    || Self::get(&self.two[..], Self::pair(a, b))
                    || Self::get(&self.three[..], Self::hash3(a, b, c))
            }
        }
    }
}

impl WordAutomaton {
    /// Builds the automaton (a contiguous NFA with standard match semantics; an empty
    /// pattern never matches). `dense_depth` is passed to the builder when given.
    pub fn new<P: AsRef<str>>(
        patterns: &[P],
        dense_depth: Option<usize>,
    ) -> Result<Self, aho_corasick::BuildError> {
        let mut punct_first = [false; 256];
        for p in patterns {
            let p = p.as_ref();
            let (Some(c), Some(&b)) = (p.chars().next(), p.as_bytes().first()) else {
                continue;
            };
            if !c.is_alphanumeric() {
                punct_first[usize::from(b)] = true;
            }
        }
        let last_alnum = patterns
            .iter()
            .map(|p| {
                p.as_ref()
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
            .collect();
        let mut builder = aho_corasick::nfa::contiguous::Builder::new();
        // searched anchored at chosen positions: a prefilter would never be used
        builder
            .match_kind(aho_corasick::MatchKind::Standard)
            .prefilter(false);
        if let Some(depth) = dense_depth {
            builder.dense_depth(depth);
        }
        Ok(WordAutomaton {
            nfa: builder.build(patterns.iter().map(|p| p.as_ref()))?,
            punct_first,
            last_alnum,
            prefixes: Prefixes::new(patterns),
        })
    }

    /// Matches in `hay` that stand on word boundaries, chosen leftmost-longest without
    /// overlaps: `(start, end, pattern)`.
    ///
    /// Every match is considered, so a long pattern that fails its boundary ("Washington
    /// state" in "Washington stated") does not hide a shorter one that fits
    /// ("Washington"). A pattern that starts or ends with punctuation ("-brokered",
    /// "U.S.") needs no boundary on that side.
    pub fn find(&self, hay: &str) -> Vec<(usize, usize, usize)> {
        let bytes = hay.as_bytes();
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        // where the last match kept ends: no match may start before it
        let mut kept_end = 0;
        let mut prev_alnum = false;
        let mut p = 0;
        while let Some(&b) = bytes.get(p) {
            let (alnum, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                match hay[p..].chars().next() {
                    Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                    None => break,
                }
            };
            // a word's first character, or punctuation that starts a pattern; the
            // prefixes then tell whether any pattern starts with these bytes
            let may_start = if alnum {
                !prev_alnum
            } else {
                self.punct_first[usize::from(b)]
            };
            if may_start && p >= kept_end && self.prefixes.may_match(&bytes[p..]) {
                if let Some((end, pattern)) = self.longest_at(hay, p) {
                    out.push((p, end, pattern));
                    kept_end = end;
                }
            }
            prev_alnum = alnum;
            p += len;
            // the rest of an ASCII word starts nothing: skip it in a tight loop
            if alnum {
                while bytes.get(p).is_some_and(u8::is_ascii_alphanumeric) {
                    p += 1;
                }
            }
        }
        out
    }

    /// The longest pattern that occurs at `at` and does not end inside a word (of equal
    /// ones, the first given): `(end, pattern)`. A walk down the trie from the anchored
    /// start state until it dies.
    fn longest_at(&self, hay: &str, at: usize) -> Option<(usize, usize)> {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::Anchored;
        let nfa = &self.nfa;
        let mut sid = nfa.start_state(Anchored::Yes).ok()?;
        let mut longest = None;
        for (i, &b) in hay.as_bytes()[at..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                break;
            }
            if !nfa.is_match(sid) {
                continue;
            }
            let end = at + i + 1;
            for k in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, k);
                // a state also reports the patterns that are suffixes of its own: those
                // start later, and are found from their own start
                if end - nfa.pattern_len(pid) != at {
                    continue;
                }
                let glued_after = self.last_alnum.get(pid.as_usize()) == Some(&true)
                    && match hay.as_bytes().get(end) {
                        None => false,
                        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
                        Some(_) => hay[end..].chars().next().is_some_and(char::is_alphanumeric),
                    };
                if !glued_after {
                    // later ends are longer; of one end, the first pattern is kept
                    longest = Some((end, pid.as_usize()));
                    break;
                }
            }
        }
        longest
    }
}

/// Words of `s` with their byte offsets in `s` (letters only; for small word lists).
pub fn words(s: &str) -> Words<'_> {
    Words { s, pos: 0 }
}

/// The iterator of [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    s: &'a str,
    pos: usize,
}

impl Words<'_> {
    /// The length of the character at `at` if it is a letter, else `Err` with its
    /// length; ASCII, most of the text, needs no decoding.
    #[inline]
    fn letter(&self, at: usize) -> Result<usize, usize> {
        let b = self.s.as_bytes()[at];
        if b.is_ascii() {
            return if b.is_ascii_alphabetic() {
                Ok(1)
            } else {
                Err(1)
            };
        }
        match self.s[at..].chars().next() {
            Some(c) if c.is_alphabetic() => Ok(c.len_utf8()),
            Some(c) => Err(c.len_utf8()),
            None => Err(1),
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.s.as_bytes();
        // ASCII bytes are tested in a tight loop; only other characters are decoded
        loop {
            while bytes
                .get(self.pos)
                .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphabetic())
            {
                self.pos += 1;
            }
            if self.pos >= bytes.len() {
                return None;
            }
            match self.letter(self.pos) {
                Ok(_) => break,
                Err(n) => self.pos += n,
            }
        }
        let start = self.pos;
        loop {
            while bytes.get(self.pos).is_some_and(u8::is_ascii_alphabetic) {
                self.pos += 1;
            }
            if self.pos >= bytes.len() || bytes[self.pos].is_ascii() {
                break;
            }
            match self.letter(self.pos) {
                Ok(n) => self.pos += n,
                Err(_) => break,
            }
        }
        Some((start, &self.s[start..self.pos]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`WordAutomaton::find`] replaced: one unanchored overlapping search over all
    /// of `hay`, filtered on word boundaries, then leftmost-longest.
    fn overlapping_reference(patterns: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(patterns)
            .unwrap();
        let mut all: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .filter(|m| {
                let pat = &hay[m.start()..m.end()];
                let first_alnum = pat.chars().next().is_some_and(char::is_alphanumeric);
                let last_alnum = pat.chars().next_back().is_some_and(char::is_alphanumeric);
                let before = hay[..m.start()].chars().next_back();
                let after = hay[m.end()..].chars().next();
                !(first_alnum && before.is_some_and(char::is_alphanumeric)
                    || last_alnum && after.is_some_and(char::is_alphanumeric))
            })
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut pos = 0;
        for m in all {
            if m.0 >= pos {
                pos = m.1;
                out.push(m);
            }
        }
        out
    }

    #[test]
    fn word_automaton_matches() {
        let patterns = [
            "Guinea",
            "New Guinea",
            "Papua New Guinea",
            "Washington",
            "Washington state",
            "U.S.",
            "-brokered",
            "Côte d’Ivoire",
            "’s",
            "Oman",
            "Guinea",
            "état",
            "10 Downing Street",
        ];
        let cases: &[(&str, &[&str])] = &[
            (
                "Papua New Guinea and Guinea met.",
                &["Papua New Guinea", "Guinea"],
            ),
            ("Washington stated it", &["Washington"]),
            ("in Washington state.", &["Washington state"]),
            ("Washingtonians", &[]),
            ("the U.S.-brokered deal", &["U.S.", "-brokered"]),
            ("Romania, Oman and Omani ships", &["Oman"]),
            ("Côte d’Ivoire’s army", &["Côte d’Ivoire", "’s"]),
            ("NewGuinea xGuinea Guineas", &[]),
            ("l’état, Sétat", &["état"]),
            ("at 10 Downing Street", &["10 Downing Street"]),
            ("", &[]),
            ("Guinea", &["Guinea"]),
        ];
        let ac = WordAutomaton::new(&patterns, None).unwrap();
        for (hay, want) in cases {
            let got = ac.find(hay);
            assert_eq!(got, overlapping_reference(&patterns, hay), "{hay}");
            let texts: Vec<&str> = got.iter().map(|&(s, e, _)| &hay[s..e]).collect();
            assert_eq!(texts, *want, "{hay}");
        }
        // a pattern given twice is reported once, as its first copy
        assert_eq!(ac.find("Guinea")[0].2, 0);
    }

    proptest::proptest! {
        #[test]
        fn same_as_overlapping_search(hay in "[aAbB .’é-]{0,40}") {
            let patterns = ["a", "ab", "b a", "Ab", "bab", "a.", "-b", "é", "’a", "a b a", "B"];
            let ac = WordAutomaton::new(&patterns, Some(2)).unwrap();
            proptest::prop_assert_eq!(ac.find(&hay), overlapping_reference(&patterns, &hay));
        }
    }

    #[test]
    fn tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("Russia's invasion", &["Russia", "'", "s", "invasion"]),
            (
                "the U.S.-brokered talks",
                &["the", "U.S.", "-", "brokered", "talks"],
            ),
            ("grew 3.5 percent.", &["grew", "3.5", "percent", "."]),
            ("Kyiv, Ukraine", &["Kyiv", ",", "Ukraine"]),
            ("Côte d’Ivoire", &["Côte", "d", "’", "Ivoire"]),
            ("the U.N. said", &["the", "U.N.", "said"]),
            ("in 2024.", &["in", "2024", "."]),
            ("São Paulo’s", &["São", "Paulo", "’", "s"]),
            ("  ", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = tokenize(text, 0, text.len())
                .iter()
                .map(|t| &text[t.start..t.end])
                .collect();
            assert_eq!(got, *want, "{text}");
        }
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("he—said “she”", &[(0, "he"), (5, "said"), (13, "she")]),
            ("", &[]),
            (" ,. ", &[]),
            (
                "Côte d’Ivoire's",
                &[(0, "Côte"), (6, "d"), (10, "Ivoire"), (17, "s")],
            ),
            ("A1b", &[(0, "A"), (2, "b")]),
            ("état", &[(0, "état")]),
        ];
        for (text, want) in cases {
            let got: Vec<(usize, &str)> = words(text).collect();
            assert_eq!(got, *want, "{text}");
        }
    }
}
