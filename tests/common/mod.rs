//! Helpers shared by the table tests: a sentence in, its edges out as short strings.

use std::collections::BTreeSet;

use stancegraph::{Document, Extractor, Polarity};

/// The reported edges of `text` as `"SRC type TGT"` (asserted) or `"SRC !type TGT"`
/// (negated), one string per distinct edge.
pub fn edges(ex: &Extractor, text: &str, date: Option<&str>) -> BTreeSet<String> {
    let mut doc = Document::new("t", text);
    doc.date = date.map(str::to_string);
    ex.extract(&doc)
        .into_iter()
        .map(|e| {
            let neg = if e.polarity == Polarity::Negated {
                "!"
            } else {
                ""
            };
            format!("{} {neg}{} {}", e.source, e.stance, e.target)
        })
        .collect()
}

/// Runs a table of `(sentence, expected edges)` rows and fails with every row that
/// gave a missing or an extra edge.
pub fn check_table(ex: &Extractor, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = edges(ex, text, Some("2023-06-01"));
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        if got != want {
            failures.push(format!("{text}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
