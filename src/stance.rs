//! The fourteen stance types of `spec/STANCES.md` and the polarity of a statement.
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
}
