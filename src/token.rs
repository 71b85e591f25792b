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

/// Matches of `automaton` (built with `MatchKind::Standard`) in `hay` that stand on word
/// boundaries, chosen leftmost-longest without overlaps: `(start, end, pattern)`.
///
/// Every overlapping match is considered, so a long pattern that fails its boundary
/// ("Washington state" in "Washington stated") does not hide a shorter one that fits
/// ("Washington"). A pattern that starts or ends with punctuation ("-brokered", "U.S.")
/// needs no boundary on that side.
pub fn word_matches(
    automaton: &aho_corasick::AhoCorasick,
    hay: &str,
) -> Vec<(usize, usize, usize)> {
    let mut all: Vec<(usize, usize, usize)> = automaton
        .find_overlapping_iter(hay)
        .filter(|m| {
            let pat = &hay[m.start()..m.end()];
            let first_alnum = pat.chars().next().is_some_and(char::is_alphanumeric);
            let last_alnum = pat.chars().next_back().is_some_and(char::is_alphanumeric);
            let before = hay[..m.start()].chars().next_back();
            let after = hay[m.end()..].chars().next();
            let glued_before = first_alnum && before.is_some_and(char::is_alphanumeric);
            let glued_after = last_alnum && after.is_some_and(char::is_alphanumeric);
            !(glued_before || glued_after)
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
        while self.pos < self.s.len() {
            match self.letter(self.pos) {
                Ok(_) => break,
                Err(n) => self.pos += n,
            }
        }
        if self.pos >= self.s.len() {
            return None;
        }
        let start = self.pos;
        while self.pos < self.s.len() {
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
