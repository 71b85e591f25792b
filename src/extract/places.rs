//! Places ("Kunduz", "Kharkiv Oblast") are mentions of their state's territory, not of
//! the state: where something happened, never who acts.
//!
//! A place is never a clause subject ([`super::clause`]), a speaker
//! ([`super::attribution`]) or the actor "its" stands for ([`super::roles::source`]),
//! and it does not count as a mention of its state ([`super::count_mentions`]). An actor
//! the sentence names only through places may be the target of an act that hits places
//! (attacks, coercion, threats: "shelled Kharkiv") and of nothing else, and never the
//! source ([`excluded`]); the driver drops such pairs and says why.

use super::view::SentenceView;
use crate::stance::StanceType;

/// The actors this sentence names only through places: they may be hit, never act.
pub(super) fn place_only_actors<'a>(v: &SentenceView<'a>) -> Vec<&'a str> {
    // one pass: each actor with whether it was named other than through a place
    let mut seen: Vec<(&str, bool)> = Vec::new();
    for (m, mention) in v.mentions.iter().enumerate() {
        let actor = mention.actor.as_str();
        let not_place = !v.is_place(m);
        match seen.iter_mut().find(|(a, _)| *a == actor) {
            Some(entry) => entry.1 |= not_place,
            None => seen.push((actor, not_place)),
        }
    }
    seen.into_iter()
        .filter(|&(_, named)| !named)
        .map(|(a, _)| a)
        .collect()
}

/// Acts that hit a place rather than a government: "shelled Kharkiv", "seized Kunduz",
/// "threatened to bomb Aden". A place is the target of no other stance.
fn hits_places(stance: StanceType) -> bool {
    matches!(
        stance,
        StanceType::Attacks | StanceType::Coerces | StanceType::Threatens
    )
}

/// Is the pair `source` → `target` of a `stance` event excluded because of places: a
/// place never acts, and is the target only of acts that hit places?
pub(super) fn excluded(
    place_only: &[&str],
    source: &str,
    target: &str,
    stance: StanceType,
) -> bool {
    place_only.contains(&source) || place_only.contains(&target) && !hits_places(stance)
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::extract::count_mentions;
    use crate::extract::testing::{check, extractor, rejected};

    #[test]
    fn table() {
        check(&[
            // a place is hit, and stands for its state
            (
                "Ukrainian drones struck Belgorod overnight.",
                &["UKR attacks RUS"],
            ),
            // a place never acts
            ("Odessa welcomed the Moldovan offer.", &[]),
        ]);
    }

    #[test]
    fn reasons() {
        assert_eq!(
            rejected("Odessa welcomed the Moldovan offer."),
            [
                "welcomed: a place never acts, and is hit only by attacks",
                "offer: no source or no target actor in reach"
            ]
        );
    }

    #[test]
    fn a_place_is_no_mention_of_its_state() {
        let doc = Document::new("t", "Ukrainian drones struck Belgorod overnight.");
        let mut counts = std::collections::BTreeMap::new();
        for t in extractor().trace(&doc) {
            count_mentions(&t, &mut counts);
        }
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [("UKR".to_string(), 1)]
        );
    }
}
