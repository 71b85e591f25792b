//! Symmetric stances (meeting, pact, cooperation...): parties rather than a source and a
//! target, so every pair of them.
//!
//! "a joint statement by A, B and C", "a pact was signed between A, B and C"
//! ([`after_by_or_between`]); "fighting between A and B", each side attacks the other
//! ([`mutual_between`]); "the Turkish-Libyan deal", a hyphenated pair before the
//! noun ([`hyphenated_pair`], asked by the noun-modifier rule of [`super::source`]);
//! "talks between X and Y" with no separate source, and "X and Y held talks", coordinated
//! subjects with no object ([`pair_without_source`]). The joint frame ("an
//! Israeli-Cypriot-Greek effort") is in [`crate::extract::frames`].

use super::{Draft, Pick, Site};
use crate::extract::view::SentenceView;
use crate::lexicon::CueForm;
use crate::stance::StanceType;

/// Every unordered pair of the given mentions' actors, in text order: the parties of
/// a meeting or pact ("A, B and C met" gives A-B, A-C, B-C).
pub(in crate::extract) fn every_pair(
    v: &SentenceView,
    parties: &[usize],
) -> Vec<(String, String, Option<String>)> {
    parties
        .iter()
        .enumerate()
        .flat_map(|(i, &a)| parties[i + 1..].iter().map(move |&b| (a, b)))
        .map(|(a, b)| (v.actor(a), v.actor(b), None))
        .collect()
}

/// "a joint statement by A, B and C", "a deal signed by A and B": the authors act
/// together; "a pact was signed between A, B and C": every pair.
pub(super) fn after_by_or_between(s: &Site) -> Option<Pick> {
    if !s.stance.symmetric() {
        return None;
    }
    let v = s.v;
    let (ct1, n) = (s.ct1, v.toks.len());
    if ct1 + 2 < n && v.lower(ct1 + 1) == "by" {
        if let Some(first) = v.mention_starting_at(ct1 + 2) {
            let parties = v.coordinated(first);
            if parties.len() >= 2 {
                return Some(Pick {
                    pairs: every_pair(v, &parties),
                    confidence: 0.7,
                    why: "symmetric: the authors after 'by'".into(),
                });
            }
        }
    }
    if ct1 + 1 < n && v.lower(ct1 + 1) == "between" {
        if let Some(first) = v
            .mention_starting_at(ct1 + 2)
            .or_else(|| v.mention_starting_at(ct1 + 3))
        {
            let parties = v.coordinated(first);
            if parties.len() >= 2 {
                return Some(Pick {
                    pairs: every_pair(v, &parties),
                    confidence: 0.7,
                    why: "symmetric: the parties after 'between'".into(),
                });
            }
        }
    }
    None
}

/// "fighting between A and B", "clashes between A and B": each side attacks the other.
/// (Attacks are not symmetric, so this and [`after_by_or_between`] never both apply.)
pub(super) fn mutual_between(s: &Site) -> Option<Pick> {
    let v = s.v;
    let (ct1, n) = (s.ct1, v.toks.len());
    if !(s.stance == StanceType::Attacks && ct1 + 2 < n && v.lower(ct1 + 1) == "between") {
        return None;
    }
    let first = (ct1 + 2..(ct1 + 4).min(n)).find_map(|i| v.mention_starting_at(i))?;
    let parties = v.coordinated(first);
    if parties.len() < 2 {
        return None;
    }
    let pairs = every_pair(v, &parties)
        .into_iter()
        .flat_map(|(a, b, _)| [(a.clone(), b.clone(), None), (b, a, None)])
        .collect();
    Some(Pick {
        pairs,
        confidence: 0.7,
        why: "mutual: the sides after 'between'".into(),
    })
}

/// "the Turkish-Libyan deal", "Russia-Ukraine talks": when the name `m` right before a
/// symmetric noun is the second of a hyphenated pair of names, both are its parties.
pub(super) fn hyphenated_pair(s: &Site, m: usize) -> Option<Pick> {
    let v = s.v;
    let first = v.mtok[m].0;
    let pair = (first >= 2 && matches!(v.word(first - 1), "-" | "–"))
        .then(|| v.mention_ending_at(first - 2))
        .flatten();
    if let (true, Some(p)) = (s.stance.symmetric(), pair) {
        return Some(Pick {
            pairs: vec![(v.actor(p), v.actor(m), None)],
            confidence: 0.7,
            why: "symmetric: the hyphenated pair before the noun".into(),
        });
    }
    None
}

/// "talks between X and Y": a symmetric pair with no separate source; "X and Y held
/// talks": a meeting or pact of n coordinated subjects with no object gives every pair.
pub(super) fn pair_without_source(s: &Site, d: &Draft) -> Option<Pick> {
    if !s.stance.symmetric() {
        return None;
    }
    let v = s.v;
    let n = v.toks.len();
    let between = (s.ct1 + 1..(s.ct1 + 3).min(n)).any(|i| v.lower(i) == "between");
    if between && d.targets.len() >= 2 && (d.sources.is_empty() || s.form == CueForm::Noun) {
        return Some(Pick {
            pairs: every_pair(v, &d.targets),
            confidence: 0.7,
            why: "symmetric: pair after 'between'".into(),
        });
    }
    if d.targets.is_empty() && d.sources.len() >= 2 {
        // a meeting or pact of n parties gives every pair
        return Some(Pick {
            pairs: every_pair(v, &d.sources),
            confidence: 0.7,
            why: "symmetric: coordinated subjects".into(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::check;

    #[test]
    fn table() {
        check(&[
            // fighting between two sides: each attacks the other
            (
                "Fighting between Sudan and Chad intensified on Sunday.",
                &[
                    "SDN attacks TCD @ mutual: the sides after 'between'",
                    "TCD attacks SDN",
                ],
            ),
            (
                "A trade accord was signed between Chile, Peru and Bolivia.",
                &[
                    "CHL cooperates PER @ the parties after 'between'",
                    "CHL cooperates BOL",
                    "PER cooperates BOL",
                ],
            ),
            (
                "The Greek-Turkish talks resumed in Ankara.",
                &["GRC consults TUR @ hyphenated pair"],
            ),
            (
                "Finland and Estonia met in Tallinn on Monday.",
                &["FIN consults EST @ coordinated subjects"],
            ),
            (
                "Thailand welcomed the talks between Cambodia and Laos.",
                &[
                    "THA supports KHM",
                    "THA supports LAO",
                    "KHM consults LAO @ after 'between'",
                ],
            ),
        ]);
    }
}
