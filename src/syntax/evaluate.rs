//! The tagger's accuracy on gold treebanks: what `stancegraph syntax-eval` prints.
//!
//! Accuracy is counted twice per file: on the treebank's own tokens, the figure other
//! taggers publish, and on the same sentences cut by the extraction stage's tokenizer
//! ([`conllu::retokenize`]), which is what the tagger sees at run time.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::syntax::conllu::{self, Sentence};
use crate::syntax::Tagger;

/// The UD English EWT test set, as unpacked from Universal Dependencies into the
/// current directory.
pub const DEFAULT_EWT: &str = "UD_English-EWT/en_ewt-ud-test.conllu";
/// The UD English PUD test set, as unpacked from Universal Dependencies into the
/// current directory.
pub const DEFAULT_PUD: &str = "UD_English-PUD/en_pud-ud-test.conllu";

/// Tokens tagged right out of all tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub right: usize,
    pub tokens: usize,
}

impl Accuracy {
    /// Per cent right (0 for no tokens).
    pub fn percent(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            100.0 * self.right as f64 / self.tokens as f64
        }
    }
}

/// The accuracy of `tagger` on gold `sentences`.
pub fn accuracy(tagger: &Tagger, sentences: &[Sentence]) -> Accuracy {
    let mut tags = Vec::new();
    let mut acc = Accuracy::default();
    for s in sentences {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        tagger.tag(&words, &mut tags);
        acc.right += tags.iter().zip(&s.tags).filter(|(a, b)| a == b).count();
        acc.tokens += s.tags.len();
    }
    acc
}

/// One test file's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct FileAccuracy {
    /// What the file is ("EWT test", "PUD").
    pub name: String,
    pub path: PathBuf,
    pub sentences: usize,
    /// On the treebank's tokens.
    pub ud: Accuracy,
    /// On the extraction stage's tokens.
    pub retokenized: Accuracy,
}

/// Reads a CoNLL-U file and measures `tagger` on it; a missing or malformed file is an
/// error naming it.
pub fn evaluate_file(tagger: &Tagger, name: &str, path: &Path) -> Result<FileAccuracy> {
    let ud = conllu::read(path)?;
    let ours: Vec<Sentence> = ud.iter().map(conllu::retokenize).collect();
    Ok(FileAccuracy {
        name: name.to_string(),
        path: path.to_path_buf(),
        sentences: ud.len(),
        ud: accuracy(tagger, &ud),
        retokenized: accuracy(tagger, &ours),
    })
}

/// The built-in model on each `(name, path)`, in order; the first file that cannot be
/// read stops it with its error.
pub fn evaluate_default(files: &[(&str, &Path)]) -> Result<Vec<FileAccuracy>> {
    let tagger = Tagger::default_model()?;
    files
        .iter()
        .map(|(name, path)| evaluate_file(&tagger, name, path))
        .collect()
}
