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

/// Tokens of `text[start..end]`, offsets into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                let inner_dot =
                    d == '.' && s[k + 1..].chars().next().is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || inner_dot {
                    j = k + d.len_utf8();
                    chars.next();
                } else if d == '.'
                    && s[..k].ends_with(|x: char| x.is_uppercase())
                    && s[i..k].contains('.')
                {
                    // the final period of a dotted acronym: "U.S."
                    j = k + 1;
                    chars.next();
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
        } else {
            out.push(Tok {
                start: start + i,
                end: start + i + c.len_utf8(),
                word: false,
            });
        }
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
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    // the length of the character at `at` if it is a letter, else `Err` with its length;
    // ASCII, most of the text, needs no decoding
    let letter = move |at: usize| -> Result<usize, usize> {
        let b = s.as_bytes()[at];
        if b.is_ascii() {
            return if b.is_ascii_alphabetic() {
                Ok(1)
            } else {
                Err(1)
            };
        }
        match s[at..].chars().next() {
            Some(c) if c.is_alphabetic() => Ok(c.len_utf8()),
            Some(c) => Err(c.len_utf8()),
            None => Err(1),
        }
    };
    std::iter::from_fn(move || {
        while pos < s.len() {
            match letter(pos) {
                Ok(_) => break,
                Err(n) => pos += n,
            }
        }
        if pos >= s.len() {
            return None;
        }
        let start = pos;
        while pos < s.len() {
            match letter(pos) {
                Ok(n) => pos += n,
                Err(_) => break,
            }
        }
        Some((start, &s[start..pos]))
    })
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
