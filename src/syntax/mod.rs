//! Syntax: part-of-speech tags learned from treebanks, under the extraction rules.
//!
//! The rules of [`crate::extract`] read words; some words are both a noun and a verb
//! ("strikes", "attack", "calls"), and which one they are decides who did what. This
//! module owns the statistical layer that answers that question: a tagger
//! ([`tagger::Tagger`], an averaged perceptron over Universal Dependencies tags) trained by
//! the project on UD English EWT, and the CoNLL-U reader ([`conllu`]) it is trained and
//! evaluated with. The model is a data file (`data/models/pos.bin`, format and licence in
//! `data/models/README.md`) compiled into the binary and used in place: its header and
//! checksum are checked once per process, and its table is never copied. Training is
//! `cargo run --release --example tagger -- train ...`; it is never run by `cargo test`.
//! [`evaluate`] measures a model on gold treebanks (`stancegraph syntax-eval`).

pub mod conllu;
pub mod evaluate;
pub mod tagger;

pub use tagger::{Tagger, Upos};
