//! `SentenceView`: one sentence's tokens and mentions, indexed for the rules.
//!
//! Every rule reads a sentence through this view: a token's text and lower-case form,
//! the token at a byte offset, the mention that starts or ends at a token, the speech
//! verbs, the tagger's parts of speech. It is built once per sentence (in the driver,
//! [`super::Extractor`]) and never changes while the rules read it. The syntax on top of
//! it (prepositions that govern a name, coordination, clauses) is in [`super::clause`].

use crate::gazetteer::NameKind;
use crate::lexicon::Lexicon;
use crate::mention::{Mention, MentionKind};
use crate::name_words::NameWords;
use crate::sentence::Span;
use crate::stance::StanceType;
use crate::token::Tok;

pub(super) struct SentenceView<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) mentions: &'a [Mention],
    /// token index of each mention's first and last token
    pub(super) mtok: Vec<(usize, usize)>,
    /// for each token, is it a one-word speech verb of the lexicon ("said that ..."
    /// opens no relative clause), and does a speech verb start there ("according to")?
    pub(super) speech_word: Vec<bool>,
    pub(super) speech_at: Vec<bool>,
    /// every token in lower case, one after the other, so rules compare without
    /// allocating; `lower_ends[i]` is where token `i` ends in it
    lower_buf: String,
    lower_ends: Vec<usize>,
    /// for each token, the first mention starting and ending there
    starts_here: Vec<Option<usize>>,
    ends_here: Vec<Option<usize>>,
    /// the tagger's part of speech of every token (filled only for sentences with cues)
    pub(super) pos: Vec<crate::syntax::Upos>,
    /// the first token and type of every verb cue of the sentence whose object is a
    /// topic rather than a deed (judging, asking, talking: "condemned the raids", "held
    /// talks on the war"), in text order
    pub(super) verb_cue_at: Vec<(usize, StanceType)>,
    /// the words around names (month and day names for the clause rules)
    pub(super) name_words: &'a NameWords,
}

impl<'a> SentenceView<'a> {
    /// The view of the sentence at `span`, tokenized as `toks`, with its `mentions`.
    /// `pos` and `verb_cue_at` are left empty: the driver fills them for a sentence
    /// with cues.
    pub(super) fn new(
        text: &'a str,
        span: Span,
        toks: Vec<Tok>,
        mentions: &'a [Mention],
        lexicon: &Lexicon,
        name_words: &'a NameWords,
    ) -> Self {
        let mut lower_buf = String::with_capacity(span.end - span.start);
        let mut lower_ends = Vec::with_capacity(toks.len());
        for t in &toks {
            let w = &text[t.start..t.end];
            if w.is_ascii() {
                let from = lower_buf.len();
                lower_buf.push_str(w);
                lower_buf[from..].make_ascii_lowercase();
            } else {
                lower_buf.push_str(&w.to_lowercase());
            }
            lower_ends.push(lower_buf.len());
        }
        let n = toks.len();
        let mut view = SentenceView {
            text,
            toks,
            mentions,
            mtok: Vec::new(),
            speech_word: Vec::new(),
            speech_at: Vec::new(),
            lower_buf,
            lower_ends,
            starts_here: vec![None; n],
            ends_here: vec![None; n],
            verb_cue_at: Vec::new(),
            name_words,
            pos: Vec::new(),
        };
        view.speech_word = (0..n)
            .map(|i| lexicon.is_speech_verb(view.lower(i)))
            .collect();
        view.speech_at = (0..n)
            .map(|i| {
                view.speech_word[i]
                    || i + 1 < n && lexicon.is_speech_pair(view.lower(i), view.lower(i + 1))
            })
            .collect();
        view.mtok = mentions
            .iter()
            .map(|m| {
                let a = view.tok_at(m.start);
                let b = view.tok_at(m.end.saturating_sub(1));
                (a, b)
            })
            .collect();
        for (m, &(a, b)) in view.mtok.iter().enumerate() {
            if let Some(slot) = view.starts_here.get_mut(a).filter(|s| s.is_none()) {
                *slot = Some(m);
            }
            if let Some(slot) = view.ends_here.get_mut(b).filter(|s| s.is_none()) {
                *slot = Some(m);
            }
            // a word inside a name is part of the name: "the United States" says nothing
            for i in a..=b.min(n.saturating_sub(1)) {
                view.speech_word[i] = false;
                view.speech_at[i] = false;
            }
        }
        view
    }

    /// Token `i` as written.
    pub(super) fn word(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        &self.text[t.start..t.end]
    }

    /// Token `i` in lower case (computed once per sentence).
    #[inline]
    pub(super) fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_ends[i - 1] };
        &self.lower_buf[start..self.lower_ends[i]]
    }

    /// The token that contains byte `offset` (or the first one after it).
    pub(super) fn tok_at(&self, offset: usize) -> usize {
        self.toks.partition_point(|t| t.end <= offset)
    }

    pub(super) fn mention_starting_at(&self, ti: usize) -> Option<usize> {
        self.starts_here.get(ti).copied().flatten()
    }

    pub(super) fn mention_ending_at(&self, ti: usize) -> Option<usize> {
        self.ends_here.get(ti).copied().flatten()
    }

    /// Is mention `m` a place of its state ("Kunduz", "Kharkiv Oblast"), not the state?
    /// A place is where something happened: see [`super::places`].
    pub(super) fn is_place(&self, m: usize) -> bool {
        self.mentions[m].kind == MentionKind::Name(NameKind::Place)
    }

    /// The actor id of mention `m`.
    pub(super) fn actor(&self, m: usize) -> String {
        self.mentions[m].actor.clone()
    }

    /// Is byte `offset` inside a quotation: an odd number of double quotation marks
    /// between the start of the sentence and it?
    pub(super) fn in_quote_before(&self, offset: usize) -> bool {
        self.text[self.toks[0].start..offset]
            .matches(['"', '“', '”'])
            .count()
            % 2
            == 1
    }
}

#[cfg(test)]
mod tests {
    use super::SentenceView;
    use crate::extract::testing::extractor;
    use crate::mention::{find_mentions, MentionContext};
    use crate::sentence::Span;
    use crate::token::tokenize;

    #[test]
    fn lookups() {
        let ex = extractor();
        let text = "Ghana's ENVOY said Togo erred.";
        let span = Span {
            start: 0,
            end: text.len(),
        };
        let toks = tokenize(text, span.start, span.end);
        let mentions = find_mentions(
            text,
            span,
            &ex.gazetteer,
            None,
            &mut MentionContext::default(),
        );
        let v = SentenceView::new(
            text,
            span,
            toks,
            &mentions,
            &ex.lexicon,
            ex.gazetteer.words(),
        );
        // "Ghana" "'" "s" "ENVOY" "said" "Togo" "erred" "."
        assert_eq!(v.toks.len(), 8);
        assert_eq!((v.word(3), v.lower(3)), ("ENVOY", "envoy"));
        assert_eq!(v.tok_at(text.find("Togo").unwrap()), 5);
        assert_eq!(v.mention_starting_at(0), Some(0));
        assert_eq!(v.mention_ending_at(5), Some(1));
        assert_eq!(v.mention_starting_at(3), None);
        assert_eq!(v.actor(1), "TGO");
        assert!(v.speech_word[4] && v.speech_at[4] && !v.speech_word[3]);
        assert!(!v.in_quote_before(v.toks[5].start));
    }
}
