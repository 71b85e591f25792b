//! A reader of CoNLL-U treebanks: sentences of (form, UPOS) for training and testing the
//! tagger. Multi-word token lines ("1-2 don't") and empty nodes ("8.1") are skipped: the
//! syntactic words under them carry the tags. Errors name the file and line.

use crate::error::{Error, Result};
use crate::syntax::tagger::Upos;

/// One treebank sentence: its words and their gold tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<Upos>,
}

/// Parses CoNLL-U text; `path` names it in errors.
///
/// ```
/// use stancegraph::syntax::{conllu, Upos};
/// let s = conllu::parse("t.conllu", "1\tMali\tMali\tPROPN\t_\t_\t2\tnsubj\t_\t_\n2\twins\twin\tVERB\t_\t_\t0\troot\t_\t_\n\n")?;
/// assert_eq!(s[0].words, ["Mali", "wins"]);
/// assert_eq!(s[0].tags, [Upos::Propn, Upos::Verb]);
/// # Ok::<(), stancegraph::Error>(())
/// ```
pub fn parse(path: &str, text: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let bad = |message: String| Error::BadResource {
            path: path.to_string(),
            line: i + 1,
            column: 1,
            message,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(format!(
                "expected 10 tab-separated columns, found {}",
                cols.len()
            )));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let tag = Upos::from_name(cols[3])
            .ok_or_else(|| bad(format!("unknown UPOS tag {:?}", cols[3])))?;
        cur.words.push(cols[1].to_string());
        cur.tags.push(tag);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads and parses a CoNLL-U file.
pub fn read(path: &std::path::Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&path.display().to_string(), &text)
}

/// The sentence as the extraction stage sees it: each treebank word cut by
/// [`crate::token::tokenize`] ("Russia's" → `Russia ' s`, "US-brokered" → `US - brokered`).
/// Letter pieces keep the word's tag; a punctuation piece inside a word with letters is
/// `PUNCT`, except an apostrophe that starts a clitic ("'s", "'ll"), which keeps the tag.
pub fn retokenize(s: &Sentence) -> Sentence {
    let mut out = Sentence::default();
    for (w, &t) in s.words.iter().zip(&s.tags) {
        let toks = crate::token::tokenize(w, 0, w.len());
        if toks.len() <= 1 {
            out.words.push(w.clone());
            out.tags.push(t);
            continue;
        }
        for (k, tok) in toks.iter().enumerate() {
            let piece = &w[tok.start..tok.end];
            let clitic_mark = k == 0 && matches!(piece, "'" | "’");
            out.words.push(piece.to_string());
            out.tags.push(if tok.word || clitic_mark {
                t
            } else {
                Upos::Punct
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let text = "# c\n1\tA\ta\tDET\t_\t_\t0\troot\t_\t_\n2\tb\tb\tNOPE\t_\t_\t1\tdep\t_\t_\n";
        let e = parse("x.conllu", text).unwrap_err().to_string();
        assert!(e.starts_with("x.conllu:3:1:"), "{e}");
        let e = parse("x.conllu", "1\tA\n").unwrap_err().to_string();
        assert!(e.contains("x.conllu:1:1: expected 10"), "{e}");
    }

    #[test]
    fn ranges_are_skipped_and_words_retokenized() {
        let text = "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\t_\t_\t1\tadvmod\t_\t_\n3\tUS-backed\tx\tADJ\t_\t_\t1\tobj\t_\t_\n";
        let s = parse("t", text).expect("valid");
        assert_eq!(s[0].words, ["do", "n't", "US-backed"]);
        let r = retokenize(&s[0]);
        assert_eq!(r.words, ["do", "n", "'", "t", "US", "-", "backed"]);
        assert_eq!(
            r.tags,
            [
                Upos::Aux,
                Upos::Part,
                Upos::Punct,
                Upos::Part,
                Upos::Adj,
                Upos::Punct,
                Upos::Adj
            ]
        );
    }
}
