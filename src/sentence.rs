//! Sentence splitting for newswire: spans of the document text, never copies.
//!
//! News breaks naive splitters: "U.S." and "U.N." end in periods, so do titles ("Mr.",
//! "Gen."), months ("Jan."), initials ("John F. Kennedy") and decimals; headlines and
//! datelines end without any period; quotations hold sentence ends inside them. The rules
//! here, in order: a line break (LF, CR LF or a lone CR) ends a sentence unless the next
//! line starts in lower case; `.`, `!` or `?` (with any closing quotes or brackets) ends
//! one when white space and an upper-case letter, digit or opening quote follow, unless
//! the word before it is a known abbreviation, an initial, or a dotted acronym followed by
//! a word that does not usually start a sentence; and a sentence end inside a quotation
//! that closes later on the same line does not split it.
//!
//! A "sentence" longer than [`MAX_SENTENCE_BYTES`] (a table, a list or a text without
//! punctuation) is cut at the last white space before the limit, and the rest is split
//! again the same way. The later stages look at every pair of words in a sentence, so
//! this keeps the whole pipeline linear in the length of the document.

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

/// Abbreviations after which a period does not end a sentence (compared case-sensitively),
/// sorted by byte so that a binary search finds them (`tests::abbreviations_are_sorted`).
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Apr", "Art", "Aug", "Ave", "Blvd", "Brig", "Bros", "Capt", "Cmdr", "Co", "Col",
    "Corp", "Dec", "Dept", "Dr", "Feb", "Fig", "Fri", "Ft", "Gen", "Gov", "Hon", "Inc", "Jan",
    "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj", "Mar", "Mon", "Mr", "Mrs", "Ms", "Mt", "No", "Nos",
    "Nov", "Nr", "Oct", "Op", "Pres", "Prof", "Rep", "Rev", "Sat", "Sec", "Sen", "Sep", "Sept",
    "Sgt", "Sr", "St", "Sun", "Supt", "Thu", "Thurs", "Tue", "Tues", "Univ", "Vol", "Wed", "al",
    "approx", "ca", "cf", "eg", "etc", "ie", "pp", "vs",
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
    let mut seg_start = 0;
    while line_start < text.len() {
        let (line_end, next_start) = line_break(text, line_start);
        split_line(text, line_start, line_end, &mut seg_start, &mut out);
        // A line break ends the sentence unless the next non-blank line starts in lower
        // case. (A blank line never continues, so runs of blank lines cost nothing.)
        let continues = !text[line_start..line_end].trim().is_empty() && {
            let next_non_blank = text[next_start..].trim_start();
            next_non_blank
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase())
                && {
                    // only a single line break (not a paragraph gap) may be joined
                    let (next_end, _) = line_break(text, next_start);
                    !text[next_start..next_end].trim().is_empty()
                }
        };
        if !continues {
            push(text, seg_start, line_end, &mut out);
            seg_start = next_start;
        }
        if line_end >= text.len() {
            break;
        }
        line_start = next_start;
    }
    if seg_start < text.len() {
        push(text, seg_start, text.len(), &mut out);
    }
    cap_length(text, out)
}

/// Where the line that starts at `from` ends, and where the next one starts. A line ends
/// at a line feed, a CR LF pair, or a carriage return alone (old Mac files).
fn line_break(text: &str, from: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
        None => (text.len(), text.len()),
        Some(p) => {
            let at = from + p;
            let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
            (at, at + if crlf { 2 } else { 1 })
        }
    }
}

/// The longest sentence, in bytes, that [`split`] returns. News sentences are rarely
/// longer than 500 bytes; anything over this is cut at the last white space before it.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Cuts every span longer than [`MAX_SENTENCE_BYTES`] at the last white space before the
/// limit (or, in a run without any, at the last character boundary), trimming the pieces.
fn cap_length(text: &str, spans: Vec<Span>) -> Vec<Span> {
    if spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES) {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let mut start = s.start;
        while s.end - start > MAX_SENTENCE_BYTES {
            let mut limit = start + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let cut = text[start..limit]
                .rfind(char::is_whitespace)
                .filter(|&p| p > 0)
                .map_or(limit, |p| start + p);
            push(text, start, cut, &mut out);
            let rest = &text[cut..s.end];
            start = cut + (rest.len() - rest.trim_start().len());
        }
        push(text, start, s.end, &mut out);
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
/// `seg_start` past them. Works on byte offsets, in one pass over the line.
fn split_line(text: &str, from: usize, to: usize, seg_start: &mut usize, out: &mut Vec<Span>) {
    let line = &text[from..to];
    let bytes = line.as_bytes();
    let char_at = |i: usize| line.get(i..).and_then(|r| r.chars().next());
    // where the last closing quotation mark of the line is: does a quote close later?
    let last_close = memchr::memrchr(b'"', bytes).max(line.rfind('\u{201D}'));
    let mut in_quote = false;
    let mut i = 0;
    // only quotation marks and sentence ends matter: skip to the next byte that may be
    // one (0xE2 leads the UTF-8 of the curly quotes, never a continuation byte)
    while let Some(p) = bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'.' | b'!' | b'?' | 0xE2))
    {
        i += p;
        let Some(c) = char_at(i) else {
            break;
        };
        match c {
            '"' => in_quote = !in_quote,
            '\u{201C}' => in_quote = true,
            '\u{201D}' => in_quote = false,
            '.' | '!' | '?' => {
                // extend over repeated terminators and closing quotes/brackets
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                    j += 1;
                }
                let mut closes_quote = false;
                while let Some(d) = char_at(j).filter(|&d| is_quote(d) || matches!(d, ')' | ']')) {
                    if matches!(d, '"' | '\u{201D}') {
                        closes_quote = true;
                    }
                    j += d.len_utf8();
                }
                if !char_at(j).is_some_and(char::is_whitespace) {
                    i = j;
                    if closes_quote {
                        in_quote = false;
                    }
                    continue;
                }
                let mut k = j;
                while let Some(d) = char_at(k).filter(|d| d.is_whitespace()) {
                    k += d.len_utf8();
                }
                let Some(next) = char_at(k) else {
                    i = k;
                    continue;
                };
                let starts = next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '[');
                let inside_quote = in_quote && !closes_quote && last_close.is_some_and(|p| p >= k);
                if closes_quote {
                    in_quote = false;
                }
                if starts && !inside_quote && c == '.' && j == i + 1 {
                    let word = word_before(line, i);
                    let next_word = word_at(&line[k..]);
                    if !period_ends(word, next_word) {
                        i = k;
                        continue;
                    }
                }
                if starts && !inside_quote {
                    push(text, *seg_start, from + j, out);
                    *seg_start = from + k;
                }
                i = k;
                continue;
            }
            _ => {}
        }
        i += c.len_utf8();
    }
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

/// The word at the start of `rest`, after a few opening marks. Only its first characters
/// are looked at: it is compared with [`SENTENCE_STARTERS`], so a word that is too long,
/// or starts too far away, is returned as `""` (and scanning stays bounded).
fn word_at(rest: &str) -> &str {
    let Some((start, _)) = rest
        .char_indices()
        .take(32)
        .find(|&(_, c)| c.is_alphanumeric())
    else {
        return "";
    };
    let rest = &rest[start..];
    for (n, (p, c)) in rest.char_indices().enumerate() {
        if !c.is_alphanumeric() {
            return &rest[..p];
        }
        if n >= 24 {
            return "";
        }
    }
    rest
}

/// Does a period after `word` end the sentence, given the next word?
fn period_ends(word: &str, next_word: &str) -> bool {
    if ABBREVIATIONS.binary_search(&word).is_ok() {
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

    #[test]
    fn abbreviations_are_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        for a in ["Mr", "Adm", "vs", "approx", "Thurs"] {
            assert!(!period_ends(a, "The"), "{a}");
        }
        for w in ["Mrr", "talks", "A1", ""] {
            assert!(period_ends(w, "The"), "{w}");
        }
    }

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
    fn line_ends_of_every_kind() {
        assert_eq!(
            sentences("Headline\rBody one.\r\nNext\nlast."),
            ["Headline", "Body one.", "Next\nlast."]
        );
        assert_eq!(sentences("\r\r\n\n\r"), [] as [&str; 0]);
    }

    #[test]
    fn overlong_sentences_are_cut_at_white_space() {
        let text = "word ".repeat(2_000);
        let spans = split(&text);
        assert!(spans.len() >= 5);
        for s in &spans {
            assert!(s.end - s.start <= MAX_SENTENCE_BYTES);
            assert!(s.of(&text).starts_with("word") && s.of(&text).ends_with("word"));
        }
        let words: usize = spans.iter().map(|s| s.of(&text).split(' ').count()).sum();
        assert_eq!(words, 2_000);
        // no white space at all: cut at a character boundary
        let text = "é".repeat(3_000);
        let spans = split(&text);
        assert_eq!(
            spans.iter().map(|s| s.end - s.start).sum::<usize>(),
            text.len()
        );
        assert!(spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES));
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
