//! Words around names: how the text next to a gazetteer match changes what it means.
//!
//! The gazetteer finds names; whether a found name is a mention depends on the words
//! glued to it or standing next to it. A place name followed by a capitalised word that
//! heads no place ("Gilbert Diendéré") is part of a person's name; a name glued to
//! "-based" says where a group is, not who it is; a place after "-held" is held by the
//! name before it; two capitalised words that are not sentence openers or dates look
//! like a person the gazetteer does not know. These word lists are data
//! (`data/name_words.toml`, documented in `data/README.md`); this module loads them and
//! answers the questions the mention stage ([`crate::mention`]) and the clause rules ask.
//!
//! ```
//! use stancegraph::name_words::NameWords;
//! let w = NameWords::default_set().unwrap();
//! assert!(w.is_place_head("Province"));
//! assert!(w.is_calendar("july") && !w.is_calendar("kenya"));
//! assert!(w.holder_before("rebel-controlled "));
//! assert!(w.locative_after("-based militants"));
//! assert!(w.citizen_after(" singer Ana Lopes") && !w.citizen_after(" diplomat Ana Lopes"));
//! assert!(!w.citizen_after(" National Assembly"));
//! assert!(w.ends_a_name("He met Jose Ramon ") && !w.ends_a_name("Shelling hit Lake "));
//! ```

use serde::Deserialize;

use crate::error::{toml_error, Result};

/// The compiled-in word lists.
pub const DEFAULT_SOURCE: (&str, &str) = (
    "data/name_words.toml",
    include_str!("../data/name_words.toml"),
);

/// The word lists of `data/name_words.toml`, lower case (compared ignoring ASCII case).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameWords {
    place_heads: Vec<String>,
    place_prefixes: Vec<String>,
    holder_suffixes: Vec<String>,
    locative_suffixes: Vec<String>,
    not_person_starts: Vec<String>,
    calendar: Vec<String>,
    citizen_nouns: Vec<String>,
}

fn any_eq(list: &[String], w: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(w))
}

impl NameWords {
    /// The compiled-in lists.
    pub fn default_set() -> Result<Self> {
        Self::from_toml(DEFAULT_SOURCE.0, DEFAULT_SOURCE.1)
    }

    /// Lists read from TOML text; `origin` names the file in errors.
    pub fn from_toml(origin: &str, text: &str) -> Result<Self> {
        toml::from_str(text).map_err(|e| toml_error(origin, text, &e))
    }

    /// Does `w` after a place name make a longer place name ("Province", "Airfield")?
    pub fn is_place_head(&self, w: &str) -> bool {
        any_eq(&self.place_heads, w)
    }

    /// Does `before` (the sentence's text before a place) end with a capitalised word
    /// that is no place prefix and not the sentence's first word ("Jose Ramon Cabanas
    /// Rodriguez")? The place then ends a longer name.
    pub fn ends_a_name(&self, before: &str) -> bool {
        let Some(rest) = before.strip_suffix(' ') else {
            return false;
        };
        let word_start = rest
            .rfind(|c: char| !(c.is_alphabetic() || c == '.'))
            .map_or(0, |i| {
                i + rest[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = rest[word_start..].trim_end_matches('.');
        let inside = !rest[..word_start].trim().is_empty();
        inside
            && word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().count() > 1
            && word.chars().any(char::is_lowercase)
            && !any_eq(&self.place_prefixes, word)
            && !self.starts_no_person(word)
    }

    /// Does `before` (the text before a place) end with a holder's ending ("-held")?
    pub fn holder_before(&self, before: &str) -> bool {
        let before = before.trim_end();
        self.holder_suffixes
            .iter()
            .any(|s| ends_with_ignore_case(before, s))
    }

    /// Does `after` (the text after a name) start with a locative ending ("-based")?
    pub fn locative_after(&self, after: &str) -> bool {
        self.locative_suffixes
            .iter()
            .any(|s| starts_with_ignore_case(after, s))
    }

    /// Is the capitalised word `w` one that starts no person's name (an opener, a date)?
    pub fn starts_no_person(&self, w: &str) -> bool {
        any_eq(&self.not_person_starts, w) || self.is_calendar(w)
    }

    /// Does `after` (the text after a demonym) name a private person with a noun of the
    /// list and a capitalised name (" singer Chris Brown")? The demonym then says whose
    /// citizen that person is, not which state acts or is acted on.
    pub fn citizen_after(&self, after: &str) -> bool {
        let mut it = after.split_whitespace();
        let (Some(noun), Some(name)) = (it.next(), it.next()) else {
            return false;
        };
        // written in lower case: "French National Assembly" is an institution
        after.starts_with(' ')
            && noun.starts_with(|c: char| c.is_lowercase())
            && any_eq(&self.citizen_nouns, noun)
            && name.chars().next().is_some_and(char::is_uppercase)
            && !self.starts_no_person(name.trim_end_matches(|c: char| !c.is_alphabetic()))
    }

    /// Is `w` a month or day name?
    pub fn is_calendar(&self, w: &str) -> bool {
        any_eq(&self.calendar, w)
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    let Some(at) = text.len().checked_sub(suffix.len()) else {
        return false;
    };
    text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::NameWords;

    #[test]
    fn questions() {
        let w = NameWords::default_set().expect("the default lists load");
        let cases: &[(&str, bool, bool, bool)] = &[
            // word, place head, starts no person, calendar
            ("Oblast", true, false, false),
            ("airfield", true, false, false),
            ("Diendéré", false, false, false),
            ("The", false, true, false),
            ("Monday", false, true, true),
            ("Kenya", false, false, false),
        ];
        for &(word, head, opener, cal) in cases {
            assert_eq!(w.is_place_head(word), head, "{word}");
            assert_eq!(w.starts_no_person(word), opener, "{word}");
            assert_eq!(w.is_calendar(word), cal, "{word}");
        }
        assert!(w.holder_before("Islamic State-held "));
        assert!(w.holder_before("rebel-Controlled"));
        assert!(!w.holder_before("held "));
        assert!(w.locative_after("\u{2013}based group"));
        assert!(!w.locative_after(" based in"));
        assert!(!w.locative_after("-b"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = NameWords::from_toml("x.toml", "place_heads = [\"a\"]\nbogus = 1\n")
            .expect_err("unknown key");
        assert!(e.to_string().contains("x.toml"), "{e}");
    }
}
