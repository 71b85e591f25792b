//! Sentence splitting for newswire: spans of the document text, never copies.
//!
//! News breaks naive splitters: "U.S." and "U.N." end in periods, so do titles ("Mr.",
//! "Gen."), months ("Jan."), initials ("John F. Kennedy") and decimals; headlines and
//! datelines end without any period; quotations hold sentence ends inside them. The rules
//! here, in order: a line break ends a sentence unless the next line starts in lower case;
//! `.`, `!` or `?` (with any closing quotes or brackets) ends one when white space and an
//! upper-case letter, digit or opening quote follow, unless the word before it is a known
//! abbreviation, an initial, or a dotted acronym followed by a word that does not usually
//! start a sentence; and a sentence end inside a quotation that closes later on the same
//! line does not split it.

/// A sentence: byte offsets `[start, end)` into the document text, white space trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The text of this span in `text`.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Abbreviations after which a period does not end a sentence (compared case-sensitively).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Sr", "Jr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr",
    "Sgt", "Adm", "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "Sec", "Supt", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue",
    "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "No", "Nos", "vs", "etc", "approx", "Inc",
    "Corp", "Co", "Ltd", "Bros", "Dept", "Univ", "Ave", "Blvd", "Mt", "Ft", "Fig", "al", "ca",
    "cf", "eg", "ie", "Vol", "pp", "Op", "Art", "Nr",
];

/// Words that usually start a sentence: after a dotted acronym ("U.S.") one of these
/// means the acronym ended the sentence; any other capitalised word continues it
/// ("the U.S. State Department").
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "However",
    "Meanwhile",
    "Earlier",
    "Later",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "If",
    "His",
    "Her",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "Officials",
    "According",
    "Since",
    "Still",
    "Yet",
    "Also",
    "Last",
    "Next",
    "On",
    "Despite",
    "Although",
    "Both",
    "Neither",
    "No",
    "Not",
    "One",
    "Two",
    "Several",
];

/// Splits `text` into sentences. Every span is non-empty and trimmed; spans are in order
/// and do not overlap.
///
/// ```
/// use stancegraph::sentence::split;
/// let text = "The U.S. State Department spoke. Mr. Smith left at 3.5 p.m. on Jan. 5.";
/// let s: Vec<&str> = split(text).iter().map(|s| s.of(text)).collect();
/// assert_eq!(s, ["The U.S. State Department spoke.", "Mr. Smith left at 3.5 p.m. on Jan. 5."]);
/// ```
pub fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut seg_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |p| line_start + p);
        let next_start = (line_end + 1).min(text.len());
        split_line(text, line_start, line_end, &mut seg_start, &mut out);
        // A line break ends the sentence unless the next non-blank line starts in lower case.
        let next_non_blank = text[next_start..].trim_start();
        let continues = next_non_blank
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase())
            && text[next_start..].find('\n').is_none_or(|p| {
                // only a single line break (not a paragraph gap) may be joined
                !text[next_start..next_start + p].trim().is_empty()
            })
            && !text[line_start..line_end].trim().is_empty();
        if !continues {
            push(text, seg_start, line_end, &mut out);
            seg_start = next_start;
        }
        if line_end >= text.len() {
            break;
        }
        line_start = next_start;
    }
    if seg_start < bytes.len() {
        push(text, seg_start, bytes.len(), &mut out);
    }
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\'' | '\u{2018}' | '\u{2019}'
    )
}

/// Splits one line `[from, to)` at sentence ends, pushing finished sentences and moving
/// `seg_start` past them.
fn split_line(text: &str, from: usize, to: usize, seg_start: &mut usize, out: &mut Vec<Span>) {
    let line = &text[from..to];
    let mut in_quote = false;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        match c {
            '"' => in_quote = !in_quote,
            '\u{201C}' => in_quote = true,
            '\u{201D}' => in_quote = false,
            '.' | '!' | '?' => {
                // extend over repeated terminators and closing quotes/brackets
                let mut j = i + 1;
                while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?') {
                    j += 1;
                }
                let mut closes_quote = false;
                while j < chars.len() && (is_quote(chars[j].1) || matches!(chars[j].1, ')' | ']')) {
                    if matches!(chars[j].1, '"' | '\u{201D}') {
                        closes_quote = true;
                    }
                    j += 1;
                }
                if j >= chars.len() || !chars[j].1.is_whitespace() {
                    i = j.max(i + 1);
                    if closes_quote {
                        in_quote = false;
                    }
                    continue;
                }
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                if k >= chars.len() {
                    i = k;
                    continue;
                }
                let next = chars[k].1;
                let starts = next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '[');
                let inside_quote =
                    in_quote && !closes_quote && quote_closes_later(&line[chars[k].0..]);
                if closes_quote {
                    in_quote = false;
                }
                if starts && !inside_quote && c == '.' && j == i + 1 {
                    let word = word_before(line, off);
                    let next_word = word_at(&line[chars[k].0..]);
                    if !period_ends(word, next_word) {
                        i = k;
                        continue;
                    }
                }
                if starts && !inside_quote {
                    let end = from + chars[j - 1].0 + chars[j - 1].1.len_utf8();
                    push(text, *seg_start, end, out);
                    *seg_start = from + chars[k].0;
                }
                i = k;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

fn quote_closes_later(rest: &str) -> bool {
    rest.contains('"') || rest.contains('\u{201D}')
}

/// The word (letters, digits and inner periods) that ends right before `dot`.
fn word_before(line: &str, dot: usize) -> &str {
    let before = &line[..dot];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    &before[start..]
}

fn word_at(rest: &str) -> &str {
    let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(p, _)| p);
    &rest[..end]
}

/// Does a period after `word` end the sentence, given the next word?
fn period_ends(word: &str, next_word: &str) -> bool {
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial: "John F. Kennedy".
    if letters == 1 && !word.contains('.') && word.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    // A dotted acronym: "U.S.", "U.N.", "p.m.".
    if word.contains('.') {
        return SENTENCE_STARTERS.contains(&next_word);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn newswire_cases() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Ministers met. They agreed.",
                &["Ministers met.", "They agreed."],
            ),
            (
                "The U.S. Treasury acted. The U.N. agreed.",
                &["The U.S. Treasury acted.", "The U.N. agreed."],
            ),
            (
                "Sanctions hit the U.S. The move angered Ankara.",
                &["Sanctions hit the U.S.", "The move angered Ankara."],
            ),
            (
                "Mr. Lopez met Gen. Ruiz on Jan. 5 in St. Paul.",
                &["Mr. Lopez met Gen. Ruiz on Jan. 5 in St. Paul."],
            ),
            (
                "John F. Kennedy spoke. Growth was 3.5 percent.",
                &["John F. Kennedy spoke.", "Growth was 3.5 percent."],
            ),
            (
                "\"We will not yield. We will win,\" the minister said. Talks ended.",
                &[
                    "\"We will not yield. We will win,\" the minister said.",
                    "Talks ended.",
                ],
            ),
            (
                "He said: \"It is over.\" Then he left.",
                &["He said: \"It is over.\"", "Then he left."],
            ),
            (
                "Envoys meet in Cairo\nThe talks began on Monday.",
                &["Envoys meet in Cairo", "The talks began on Monday."],
            ),
            (
                "The talks, which began\nin March, ended.",
                &["The talks, which began\nin March, ended."],
            ),
            ("Why now? Nobody knows!", &["Why now?", "Nobody knows!"]),
            ("  \n\n  ", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "input: {text:?}");
        }
    }

    #[test]
    fn spans_point_into_text() {
        let text = "Una frase. Ñandú llegó.\r\nOtra.";
        for s in split(text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(s.start < s.end);
        }
        assert_eq!(sentences(text), ["Una frase.", "Ñandú llegó.", "Otra."]);
    }
}
