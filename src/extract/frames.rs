//! Cues that carry their own frame (`frame = "..."` in `data/lexicon.toml`) instead of
//! taking their roles from the clause.
//!
//! An *evaluation* ("called the deal \"null and void\"", "characterized the strike as a
//! violation of ...", "the agreement between A and B is illegal") aims from who judges
//! (the subject of the judging clause, else the speaker) at the authors of the act it
//! judges (the names in the act's noun phrase, else whoever the document last said did
//! such an act): [`evaluation`]. A *joint* noun ("an Israeli-Cypriot-Greek effort")
//! pairs the hyphenated actors before it: [`joint`]. The *speaker* frame ("must") is a
//! rule of [`super::roles::reference`].

use super::clause::{np_start, Clause};
use super::discourse::Anaphora;
use super::roles::symmetric::every_pair;
use super::roles::Pick;
use super::view::SentenceView;
use super::words::{ACT_NOUNS, COPULAS, JUDGING_VERBS};

/// Quotation marks as tokens.
const QUOTES: &[&str] = &["\"", "“", "”", "'", "‘", "’"];

/// Words that strengthen an evaluation: "a *serious* violation of".
const INTENSIFIERS: &[&str] = &[
    "serious", "flagrant", "blatant", "clear", "gross", "grave", "total", "complete", "outright",
    "mere", "pure", "real", "new", "major", "direct",
];

/// Tokens an act's noun phrase does not cross.
const BOUNDARIES: &[&str] = &[",", ";", ":", "that", "which", "who", "(", ")", "—"];

/// An evaluation of an act: the one who judges toward the act's authors. Without an act
/// right before it, the cue gives nothing. Also returns the token whose context decides
/// polarity: the verb of judging ("did not call the deal illegal"), or the copula.
pub(super) fn evaluation(
    v: &SentenceView,
    clauses: &[Clause],
    ct0: usize,
    speaker: Option<&(String, usize)>,
    anaphora: &Anaphora,
) -> Option<(Pick, usize)> {
    let link = link_before(v, ct0)?;
    let copula = COPULAS.contains(&v.lower(link)) || v.lower(link) == "as";
    let np_end = if copula { link } else { link + 1 };
    // the act's head noun: the nearest before the link, not across a clause boundary
    let head = (np_end.saturating_sub(9)..np_end)
        .rev()
        .take_while(|&k| !BOUNDARIES.contains(&v.lower(k)) && !COPULAS.contains(&v.lower(k)))
        .find(|&k| act_head(v, anaphora, k))?;
    // "called the agreement ...": a verb of judging must govern the act
    let anchor = if copula {
        link
    } else {
        let verb = np_start(v, head).checked_sub(1)?;
        if !JUDGING_VERBS.contains(&v.lower(verb)) {
            return None;
        }
        verb
    };
    // "calling it ...": the act named earlier in the sentence
    let head = if matches!(v.lower(head), "it" | "this") {
        (0..head)
            .rev()
            .find(|&k| act_head(v, anaphora, k) && !matches!(v.lower(k), "it" | "this"))?
    } else {
        head
    };
    let np_start = np_start(v, head);
    // the act's phrase runs from its head to the link, or to a comma before it
    let np_stop = (head + 1..np_end)
        .find(|&k| BOUNDARIES.contains(&v.lower(k)))
        .unwrap_or(np_end);
    let inside = |m: usize| v.mtok[m].0 >= np_start && v.mtok[m].1 < np_stop;
    // the judge: the nearest clause up to the link whose subject is outside the act
    let judge: Vec<String> = clauses
        .iter()
        .filter(|c| c.from <= link)
        .rev()
        .find(|c| !c.subject.is_empty() && c.subject.iter().all(|&m| !inside(m)))
        .map(|c| c.subject.iter().map(|&m| v.actor(m)).collect())
        .or_else(|| speaker.map(|(a, _)| vec![a.clone()]))?;
    let mut authors: Vec<String> = Vec::new();
    for m in (0..v.mentions.len()).filter(|&m| inside(m)) {
        let a = &v.mentions[m].actor;
        if !authors.contains(a) {
            authors.push(a.clone());
        }
    }
    // "the agreement with Paraguay": a pact names two sides; with one named, the
    // other may well be the judge
    let symmetric = anaphora
        .event_nouns
        .iter()
        .any(|&(t, st)| t == head && st.symmetric());
    if symmetric && authors.len() == 1 {
        return None;
    }
    authors.retain(|a| !judge.contains(a));
    let mut why = "evaluation: the judge toward the authors of the act".to_string();
    if authors.is_empty() {
        authors = anaphora.act_doers(v, head, &judge)?;
        why.push_str(" (the act the document last reported)");
    }
    Some((
        Pick {
            pairs: distinct_pairs(&judge, &authors),
            confidence: 0.6,
            why,
        },
        anchor,
    ))
}

/// The link of an evaluation before the cue at `ct0`: "is", "as", or the act itself
/// after "called"; quotes, articles and intensifiers may stand between it and the cue.
fn link_before(v: &SentenceView, ct0: usize) -> Option<usize> {
    let mut i = ct0;
    let mut skipped = 0;
    while i > 0 && skipped < 4 {
        let w = v.lower(i - 1);
        let skippable = QUOTES.contains(&w)
            || matches!(w, "a" | "an")
            || INTENSIFIERS.contains(&w)
            || (w.ends_with("ly") && w.len() > 4);
        if !skippable {
            break;
        }
        i -= 1;
        skipped += 1;
    }
    i.checked_sub(1)
}

/// Every judge toward every author, each pair once, none toward itself.
fn distinct_pairs(judge: &[String], authors: &[String]) -> Vec<(String, String, Option<String>)> {
    let mut pairs = Vec::new();
    for s in judge {
        for t in authors {
            if s != t
                && !pairs
                    .iter()
                    .any(|(a, b, _): &(String, String, Option<String>)| a == s && b == t)
            {
                pairs.push((s.clone(), t.clone(), None));
            }
        }
    }
    pairs
}

/// Is token `k` the head of an act: an event noun ("the agreement", "the strike"), a noun
/// for someone's act or words ("the move"), or "it"/"this" standing for one?
fn act_head(v: &SentenceView, anaphora: &Anaphora, k: usize) -> bool {
    let w = v.lower(k);
    ACT_NOUNS.contains(&w)
        || matches!(w, "it" | "this")
        || anaphora.event_nouns.iter().any(|&(t, _)| t == k)
}

/// A joint undertaking named by the hyphenated actors before it ("an Israeli-Cypriot-Greek
/// effort", "the Franco-German initiative"): every pair of them cooperates. Up to two
/// modifiers may stand between ("the Greek-Cypriot energy project").
pub(super) fn joint(v: &SentenceView, ct0: usize) -> Option<Pick> {
    let mut i = ct0.checked_sub(1)?;
    let mut modifiers = 0;
    while v.mention_ending_at(i).is_none() {
        let w = v.lower(i);
        if modifiers == 2 || !v.toks[i].word || !w.chars().all(|c| c.is_lowercase()) {
            return None;
        }
        modifiers += 1;
        i = i.checked_sub(1)?;
    }
    let mut chain = vec![v.mention_ending_at(i)?];
    loop {
        let first = v.mtok[chain[chain.len() - 1]].0;
        let Some(prev) = (first >= 2 && matches!(v.word(first - 1), "-" | "–"))
            .then(|| v.mention_ending_at(first - 2))
            .flatten()
        else {
            break;
        };
        chain.push(prev);
    }
    chain.reverse();
    let mut parties: Vec<usize> = Vec::new();
    for m in chain {
        if !parties
            .iter()
            .any(|&p| v.mentions[p].actor == v.mentions[m].actor)
        {
            parties.push(m);
        }
    }
    (parties.len() >= 2).then(|| Pick {
        pairs: every_pair(v, &parties),
        confidence: 0.6,
        why: "joint: the hyphenated actors before the noun".into(),
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            (
                "Egypt called the deal between Turkey and Libya \"null and void\".",
                &[
                    "TUR cooperates LBY",
                    "EGY rejects TUR @ evaluation",
                    "EGY rejects LBY @ evaluation",
                ],
            ),
            (
                "The agreement between Morocco and Mauritania is illegal, Algeria said.",
                &[
                    "MAR cooperates MRT",
                    "DZA denounces MAR @ evaluation",
                    "DZA denounces MRT",
                ],
            ),
            (
                "A Spanish-Portuguese project was unveiled.",
                &["ESP cooperates PRT @ joint"],
            ),
        ]);
    }
}
