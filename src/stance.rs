//! The fourteen stance types of `docs/STANCES.md` and the polarity of a statement.
//!
//! This module owns the fixed ontology: each type's name, class, symmetry, Goldstein-style
//! weight and its CAMEO and PLOVER codes. These are facts of the specification, not
//! vocabulary, so they live in code; the words that express them live in
//! `data/lexicon.toml`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a source actor does or says toward a target actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceType {
    Supports,
    Denounces,
    Mediates,
    Consults,
    Cooperates,
    Aids,
    Appeals,
    Demands,
    Rejects,
    Threatens,
    Sanctions,
    Coerces,
    Attacks,
    Concedes,
}

/// The three classes used by coarse scoring and by diagram colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceClass {
    Cooperative,
    Conflictual,
    Mediation,
}

impl StanceType {
    /// All types, in the order of the specification.
    pub const ALL: [StanceType; 14] = [
        StanceType::Supports,
        StanceType::Denounces,
        StanceType::Mediates,
        StanceType::Consults,
        StanceType::Cooperates,
        StanceType::Aids,
        StanceType::Appeals,
        StanceType::Demands,
        StanceType::Rejects,
        StanceType::Threatens,
        StanceType::Sanctions,
        StanceType::Coerces,
        StanceType::Attacks,
        StanceType::Concedes,
    ];

    pub fn as_str(self) -> &'static str {
        use StanceType::*;
        match self {
            Supports => "supports",
            Denounces => "denounces",
            Mediates => "mediates",
            Consults => "consults",
            Cooperates => "cooperates",
            Aids => "aids",
            Appeals => "appeals",
            Demands => "demands",
            Rejects => "rejects",
            Threatens => "threatens",
            Sanctions => "sanctions",
            Coerces => "coerces",
            Attacks => "attacks",
            Concedes => "concedes",
        }
    }

    /// The representative CAMEO code of the type.
    pub fn cameo(self) -> &'static str {
        use StanceType::*;
        match self {
            Supports => "051",
            Denounces => "111",
            Mediates => "045",
            Consults => "040",
            Cooperates => "060",
            Aids => "070",
            Appeals => "020",
            Demands => "100",
            Rejects => "120",
            Threatens => "130",
            Sanctions => "160",
            Coerces => "170",
            Attacks => "190",
            Concedes => "080",
        }
    }

    /// Every CAMEO code the type covers, as ranges ("050–054"); [`cameo`](Self::cameo)
    /// is the one written on edges.
    pub fn cameo_codes(self) -> &'static str {
        use StanceType::*;
        match self {
            Supports => "050–054",
            Denounces => "110–116",
            Mediates => "045, 039",
            Consults => "040–044, 046",
            Cooperates => "030–033, 057, 060–064",
            Aids => "070–075",
            Appeals => "020–028",
            Demands => "100–108",
            Rejects => "120–129",
            Threatens => "130–139, 150–154",
            Sanctions => "160–166",
            Coerces => "170–175",
            Attacks => "180–204",
            Concedes => "080–087, 055–056",
        }
    }

    /// Every PLOVER category the type covers ("AGREE, COOPERATE"), with the part of a
    /// category meant in parentheses; [`plover`](Self::plover) is the one written on edges.
    pub fn plover_categories(self) -> &'static str {
        use StanceType::*;
        match self {
            Supports => "SUPPORT",
            Denounces => "ACCUSE",
            Mediates => "CONSULT (mediation)",
            Consults => "CONSULT",
            Cooperates => "AGREE, COOPERATE",
            Aids => "AID",
            Appeals => "REQUEST",
            Demands => "REQUEST (demand)",
            Rejects => "REJECT",
            Threatens => "THREATEN, MOBILIZE",
            Sanctions => "SANCTION, COERCE (restrict)",
            Coerces => "COERCE",
            Attacks => "ASSAULT",
            Concedes => "CONCEDE, RETREAT",
        }
    }

    /// What the type means, in one line (docs/STANCES.md has examples).
    pub fn definition(self) -> &'static str {
        use StanceType::*;
        match self {
            Supports => "says it stands with the target: praise, endorsement, welcome, backing, defence, recognition, solidarity",
            Denounces => "says it disapproves of the target: condemnation, criticism, accusation, blame, a summoned ambassador, a formal protest",
            Mediates => "acts, or offers to act, as a third party between disputants (one edge per disputant): brokering or hosting talks, a peace envoy, a peace plan",
            Consults => "diplomatic contact: a meeting, talks, a phone call, a visit, negotiations",
            Cooperates => "agreement or joint action: a signed deal, a partnership or alliance, trade, joint exercises, joining a pact",
            Aids => "material help: military, economic or humanitarian aid, arms, loans",
            Appeals => "asks the target for something: calls on, urges, appeals to, requests",
            Demands => "insists on something from the target: a demand, an ultimatum",
            Rejects => "turns the target down: refuses, rejects, denies its claim, vetoes, dismisses its proposal",
            Threatens => "threatens the target: warnings of consequences, ultimatums of force, troops massed",
            Sanctions => "punishes the target without violence: sanctions, embargoes, punitive tariffs, flight bans, expelled diplomats, a recalled ambassador, cut ties, suspended talks or aid",
            Coerces => "physical coercion short of armed attack: seizures, detentions, arrests, deportations, blockades, arrest warrants for officials",
            Attacks => "armed force: invasion, strikes, bombing, shelling, shooting down, killing in an attack, occupation",
            Concedes => "eases or gives way: lifts sanctions, withdraws troops, releases prisoners, returns territory, apologizes",
        }
    }

    /// The PLOVER event category of the type.
    pub fn plover(self) -> &'static str {
        use StanceType::*;
        match self {
            Supports => "SUPPORT",
            Denounces => "ACCUSE",
            Mediates | Consults => "CONSULT",
            Cooperates => "COOPERATE",
            Aids => "AID",
            Appeals | Demands => "REQUEST",
            Rejects => "REJECT",
            Threatens => "THREATEN",
            Sanctions => "SANCTION",
            Coerces => "COERCE",
            Attacks => "ASSAULT",
            Concedes => "CONCEDE",
        }
    }

    pub fn class(self) -> StanceClass {
        use StanceType::*;
        match self {
            Supports | Consults | Cooperates | Aids | Appeals | Concedes => {
                StanceClass::Cooperative
            }
            Mediates => StanceClass::Mediation,
            _ => StanceClass::Conflictual,
        }
    }

    /// Symmetric types are one relation whichever way they are written.
    pub fn symmetric(self) -> bool {
        matches!(self, StanceType::Consults | StanceType::Cooperates)
    }

    /// The Goldstein-style weight on the −10…+10 scale.
    pub fn weight(self) -> f64 {
        use StanceType::*;
        match self {
            Supports => 3.5,
            Denounces => -2.5,
            Mediates => 5.0,
            Consults => 1.5,
            Cooperates => 6.0,
            Aids => 7.0,
            Appeals => 3.0,
            Demands => -5.0,
            Rejects => -4.0,
            Threatens => -6.0,
            Sanctions => -6.0,
            Coerces => -7.0,
            Attacks => -9.0,
            Concedes => 5.0,
        }
    }
}

impl fmt::Display for StanceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StanceType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        StanceType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown stance type {}", crate::error::preview(s)))
    }
}

impl StanceClass {
    pub fn as_str(self) -> &'static str {
        match self {
            StanceClass::Cooperative => "cooperative",
            StanceClass::Conflictual => "conflictual",
            StanceClass::Mediation => "mediation",
        }
    }
}

/// Whether the text presents the stance as real or explicitly withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Asserted,
    Negated,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Asserted => "asserted",
            Polarity::Negated => "negated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_codes_are_three_digits() {
        for t in StanceType::ALL {
            assert_eq!(t.as_str().parse::<StanceType>(), Ok(t));
            assert_eq!(t.cameo().len(), 3);
        }
        assert!("befriends".parse::<StanceType>().is_err());
    }

    /// The code written on an edge is one of the codes its type covers.
    #[test]
    fn representative_codes_are_among_the_covered_ones() {
        let covers = |ranges: &str, code: &str| {
            let code: u32 = code.parse().unwrap();
            ranges.split(", ").any(|r| {
                let mut ends = r.split('–').map(|n| n.parse::<u32>().unwrap());
                let lo = ends.next().unwrap();
                let hi = ends.next().unwrap_or(lo);
                (lo..=hi).contains(&code)
            })
        };
        for t in StanceType::ALL {
            assert!(covers(t.cameo_codes(), t.cameo()), "{t}: {}", t.cameo());
            assert!(
                t.plover_categories()
                    .split(", ")
                    .any(|c| c.split(' ').next() == Some(t.plover())),
                "{t}: {}",
                t.plover()
            );
            assert!(!t.definition().is_empty());
        }
    }
}
