//! Scoring against gold annotations, exactly as `docs/GOLD.md` defines it (and the
//! project's independent scorer computes it: `.ci/run` compares the two).
//!
//! Gold is JSON Lines, one document per line, each edge with one value or a list of
//! accepted values for source, type and target. Predicted edges are the distinct
//! (doc, source, type, target, polarity) of the stance events. Asserted and negated edges
//! are scored separately; flips are predicted asserted edges that match a gold negated
//! one; coarse scores replace each type with its class.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::stance::{Polarity, StanceType};

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn set(self) -> BTreeSet<String> {
        match self {
            OneOrMany::One(s) => [s].into(),
            OneOrMany::Many(v) => v.into_iter().collect(),
        }
    }
}

#[derive(Deserialize)]
struct GoldEdgeRecord {
    source: OneOrMany,
    #[serde(rename = "type")]
    stance: OneOrMany,
    target: OneOrMany,
    #[serde(default)]
    polarity: Option<Polarity>,
    #[serde(default)]
    required: Option<bool>,
    #[serde(default)]
    why: String,
}

#[derive(Deserialize)]
struct GoldRecord {
    doc: String,
    edges: Vec<GoldEdgeRecord>,
}

/// One gold edge.
#[derive(Debug, Clone)]
pub struct GoldEdge {
    pub source: BTreeSet<String>,
    pub types: BTreeSet<String>,
    pub target: BTreeSet<String>,
    pub polarity: Polarity,
    pub required: bool,
    pub why: String,
    symmetric: bool,
}

/// Gold edges per document.
pub type Gold = BTreeMap<String, Vec<GoldEdge>>;

/// A predicted edge: (source, type, target, polarity).
pub type Predicted = (String, StanceType, String, Polarity);

/// Reads a gold file. Errors name the line.
pub fn load_gold(path: &str, text: &str) -> Result<Gold> {
    let mut gold = Gold::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: GoldRecord = serde_json::from_str(line).map_err(|e| Error::BadRecord {
            path: path.into(),
            line: i + 1,
            message: e.to_string(),
        })?;
        let edges = rec
            .edges
            .into_iter()
            .map(|e| {
                let types = e.stance.set();
                GoldEdge {
                    symmetric: types.iter().any(|t| t == "consults" || t == "cooperates"),
                    source: e.source.set(),
                    types,
                    target: e.target.set(),
                    polarity: e.polarity.unwrap_or(Polarity::Asserted),
                    required: e.required.unwrap_or(true),
                    why: e.why,
                }
            })
            .collect();
        gold.insert(rec.doc, edges);
    }
    Ok(gold)
}

/// Precision, recall, F1 and counts for one polarity view.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub r#fn: usize,
    pub flips: usize,
    pub neg_tp: usize,
    pub neg_fp: usize,
    pub neg_fn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub neg_precision: f64,
    pub neg_recall: f64,
    pub neg_f1: f64,
}

/// One scoring error, for `--show-errors`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreError {
    pub doc: String,
    pub kind: String,
    pub edge: String,
}

fn class_of(t: &str) -> String {
    t.parse::<StanceType>()
        .map(|s| s.class().as_str().to_string())
        .unwrap_or_else(|_| t.to_string())
}

fn matches(p: &Predicted, g: &GoldEdge, coarse: bool) -> bool {
    let (s, t, d, _) = p;
    let symmetric = t.symmetric() || g.symmetric;
    let t = if coarse {
        class_of(t.as_str())
    } else {
        t.as_str().to_string()
    };
    let types: BTreeSet<String> = if coarse {
        g.types.iter().map(|x| class_of(x)).collect()
    } else {
        g.types.clone()
    };
    if !types.contains(&t) {
        return false;
    }
    if g.source.contains(s) && g.target.contains(d) {
        return true;
    }
    symmetric && g.source.contains(d) && g.target.contains(s)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (round3(p), round3(r), round3(f))
}

/// Scores predictions over the gold documents.
pub fn score(
    gold: &Gold,
    pred: &BTreeMap<String, BTreeSet<Predicted>>,
    coarse: bool,
) -> (Score, Vec<ScoreError>) {
    let mut r = Score::default();
    let mut errors = Vec::new();
    let empty = BTreeSet::new();
    for (doc, g_edges) in gold {
        let p_edges = pred.get(doc).unwrap_or(&empty);
        for pol in [Polarity::Asserted, Polarity::Negated] {
            let gs: Vec<&GoldEdge> = g_edges.iter().filter(|g| g.polarity == pol).collect();
            let others: Vec<&GoldEdge> = g_edges.iter().filter(|g| g.polarity != pol).collect();
            let mut hit = BTreeSet::new();
            for p in p_edges.iter().filter(|p| p.3 == pol) {
                let m: Vec<usize> = (0..gs.len())
                    .filter(|&i| matches(p, gs[i], coarse))
                    .collect();
                let desc = format!("{} {} {} {}", p.0, p.1, p.2, p.3.as_str());
                if !m.is_empty() {
                    if pol == Polarity::Asserted {
                        r.tp += 1
                    } else {
                        r.neg_tp += 1
                    }
                    hit.extend(m);
                } else {
                    if pol == Polarity::Asserted {
                        r.fp += 1
                    } else {
                        r.neg_fp += 1
                    }
                    let flip =
                        pol == Polarity::Asserted && others.iter().any(|g| matches(p, g, coarse));
                    if flip {
                        r.flips += 1;
                    }
                    errors.push(ScoreError {
                        doc: doc.clone(),
                        kind: if flip { "FLIP" } else { "FP" }.into(),
                        edge: desc,
                    });
                }
            }
            for (i, g) in gs.iter().enumerate() {
                if g.required && !hit.contains(&i) {
                    if pol == Polarity::Asserted {
                        r.r#fn += 1
                    } else {
                        r.neg_fn += 1
                    }
                    let join =
                        |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join("|");
                    errors.push(ScoreError {
                        doc: doc.clone(),
                        kind: if pol == Polarity::Asserted {
                            "FN"
                        } else {
                            "FN-neg"
                        }
                        .into(),
                        edge: format!(
                            "{} {} {} {} {}",
                            join(&g.source),
                            join(&g.types),
                            join(&g.target),
                            pol.as_str(),
                            g.why
                        ),
                    });
                }
            }
        }
    }
    (r.precision, r.recall, r.f1) = prf(r.tp, r.fp, r.r#fn);
    (r.neg_precision, r.neg_recall, r.neg_f1) = prf(r.neg_tp, r.neg_fp, r.neg_fn);
    (r, errors)
}

/// Formats a score line, as the independent scorer of `.ci/run` prints it (CI diffs the two).
pub fn format_line(name: &str, r: &Score) -> String {
    format!(
        "{name:6} asserted  P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})  flips {}   negated P {:.3} R {:.3} (tp {} fp {} fn {})",
        r.precision, r.recall, r.f1, r.tp, r.fp, r.r#fn, r.flips, r.neg_precision, r.neg_recall, r.neg_tp, r.neg_fp, r.neg_fn
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_counts_flips_symmetry_and_optional_edges() {
        let gold = load_gold(
            "g",
            r#"{"doc":"d","edges":[
{"source":"AAA","type":"consults","target":"BBB","polarity":"asserted","required":true},
{"source":"AAA","type":"denounces","target":"CCC","polarity":"negated","required":true},
{"source":"CCC","type":["aids","supports"],"target":"BBB","polarity":"asserted","required":false}]}"#
                .replace('\n', "")
                .as_str(),
        )
        .unwrap();
        let p = |s: &str, t: StanceType, d: &str, pol| (s.to_string(), t, d.to_string(), pol);
        let pred: BTreeMap<String, BTreeSet<Predicted>> = [(
            "d".to_string(),
            [
                p("BBB", StanceType::Consults, "AAA", Polarity::Asserted),
                p("AAA", StanceType::Denounces, "CCC", Polarity::Asserted),
                p("CCC", StanceType::Supports, "BBB", Polarity::Asserted),
            ]
            .into(),
        )]
        .into();
        let (s, errors) = score(&gold, &pred, false);
        assert_eq!((s.tp, s.fp, s.r#fn, s.flips), (2, 1, 0, 1));
        assert_eq!((s.neg_tp, s.neg_fn), (0, 1));
        assert_eq!(errors.iter().filter(|e| e.kind == "FLIP").count(), 1);
        let (c, _) = score(&gold, &pred, true);
        assert_eq!(c.flips, 1);
    }
}
