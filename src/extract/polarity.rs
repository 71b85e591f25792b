//! Polarity and mood: is the act stated, negated, or only planned, feared or asked for?
//!
//! A negator in the few words before the cue in its clause ("did not", "refrained from",
//! "denies") makes it `negated`, unless a cancel word follows it ("did not hesitate to")
//! or a modal word precedes it ("urged Italy to refuse to ..."); a modal word there
//! ("may", "plans to", "accused of") makes it hypothetical: kept for `--explain`, never
//! reported as asserted ([`polarity`]). The negators, cancel words and modal words are
//! lists of `data/lexicon.toml`. The verb group also says whether an act is announced
//! ("will impose", "vowed to strike": [`announced`]), promised ("is willing to
//! withdraw": [`intends`]) or refused ("refused to send": [`refused`]); what follows
//! from those is in [`super::derived`].

use super::clause::Clause;
use super::view::SentenceView;
use super::Modality;
use crate::lexicon::Lexicon;
use crate::stance::Polarity;

/// Polarity and modality from the words before the cue at `ct0` in its clause. When the
/// cue is `ceased` ([`super::cue::ceased`]: "will no longer attend talks"), the ceasing
/// phrase is the act and negates nothing.
pub(super) fn polarity(
    lexicon: &Lexicon,
    v: &SentenceView,
    clause: &Clause,
    ct0: usize,
    ceased: bool,
) -> (Polarity, Modality) {
    let from = ct0.saturating_sub(6).max(clause.from);
    if from >= ct0 {
        return (Polarity::Asserted, Modality::Real);
    }
    let window = v.text[v.toks[from].start..v.toks[ct0].start]
        .to_lowercase()
        .replace('\u{2019}', "'");
    // a ceasing phrase that is the act ("no longer attend"), and what it holds, negates
    // nothing; "would" right before it reports the decision ("said it would no longer")
    let ceasing: Vec<(usize, usize)> = if ceased {
        ceasing_spans(lexicon, &window)
    } else {
        Vec::new()
    };
    let inside_ceasing = |a: usize, b: usize| ceasing.iter().any(|&(s, e)| s <= a && b <= e);
    let reports_ceasing = |m: usize| {
        window[m..].starts_with("would ") && ceasing.iter().any(|&(s, _)| s == m + "would ".len())
    };
    // a modal before the negator scopes over it: "urged Italy to refuse to recognize"
    // is only asked for
    let modal_at = lexicon
        .first_modal(&window)
        .filter(|&m| !reports_ceasing(m));
    let mut negated = false;
    for (p, after) in lexicon.negators_in(&window) {
        let neg = &lexicon.negators[p];
        let start = after - neg.len();
        if inside_ceasing(start, after) {
            continue;
        }
        let rest = window[after..].trim_start();
        // "no" negates only the noun right after it: "no talks", "no peace talks"
        if neg == "no" && rest.split_whitespace().count() > 1 {
            continue;
        }
        let cancelled = lexicon
            .negation_cancel
            .iter()
            .any(|c| rest.starts_with(c.as_str()));
        if !cancelled && modal_at.is_none_or(|m| m >= start) {
            negated = true;
        }
    }
    if negated {
        return (Polarity::Negated, Modality::Real);
    }
    (
        Polarity::Asserted,
        if modal_at.is_some() {
            Modality::Hypothetical
        } else {
            Modality::Real
        },
    )
}

/// Byte spans of the lexicon's ceasing phrases in a lower-case window, on word boundaries.
fn ceasing_spans(lexicon: &Lexicon, window: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for phrase in lexicon.ceasing() {
        let p = phrase.join(" ");
        for (s, _) in window.match_indices(p.as_str()) {
            let e = s + p.len();
            let before = window[..s].chars().next_back();
            let after = window[e..].chars().next();
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                spans.push((s, e));
            }
        }
    }
    spans
}

/// Is the cooperative act at `ct0` promised ("will give", "is willing to withdraw",
/// "agreed to reopen"), and not doubted ("unlikely", "if", "may")?
pub(super) fn intends(v: &SentenceView, clause: &Clause, ct0: usize) -> bool {
    const PROMISE: &[&str] = &[
        "will", "would", "willing", "ready", "agreed", "agrees", "offered", "pledged", "promised",
    ];
    const DOUBT: &[&str] = &[
        "unlikely", "likely", "if", "whether", "may", "might", "could", "hope", "hopes", "fear",
        "fears", "possible",
    ];
    let promised =
        (ct0.saturating_sub(4).max(clause.from)..ct0).any(|i| PROMISE.contains(&v.lower(i)));
    let doubted = (clause.from.saturating_sub(4)..ct0).any(|i| DOUBT.contains(&v.lower(i)));
    promised && !doubted
}

/// Is the act at `ct0..=ct1` announced for the future ("will", "would", "vowed to",
/// "threatened to") or made conditional with "unless"?
pub(super) fn announced(v: &SentenceView, clause: &Clause, ct0: usize, ct1: usize) -> bool {
    const FUTURE: &[&str] = &[
        "will",
        "would",
        "'ll",
        "vowed",
        "vows",
        "threatened",
        "threatens",
        "threaten",
    ];
    // "its long-threatened invasion": a word glued by a hyphen is an adjective
    let before = (ct0.saturating_sub(5).max(clause.from)..ct0)
        .any(|i| FUTURE.contains(&v.lower(i)) && (i == 0 || !matches!(v.word(i - 1), "-" | "–")));
    let unless = (ct1 + 1..v.toks.len()).any(|i| v.lower(i) == "unless");
    before || unless
}

/// Is the cue at `ct0` the act someone refuses: "refused to deploy", "refusing to meet"?
/// The bare "refuse" is left out: "urged them to refuse to ..." is only asked for.
pub(super) fn refused(v: &SentenceView, clause: &Clause, ct0: usize) -> bool {
    let from = ct0.saturating_sub(5).max(clause.from);
    (from..ct0).any(|i| {
        matches!(v.lower(i), "refused" | "refuses" | "refusing")
            && i + 1 < v.toks.len()
            && v.lower(i + 1) == "to"
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            ("Portugal did not condemn Angola.", &["PRT !denounces AGO"]),
            ("Spain may sanction Morocco.", &["ESP ?sanctions MAR"]),
            // a cancel word after the negator
            (
                "Norway did not hesitate to condemn Serbia.",
                &["NOR denounces SRB"],
            ),
            (
                "Italy held back from condemning Libya.",
                &["ITA !denounces LBY"],
            ),
        ]);
    }
}
