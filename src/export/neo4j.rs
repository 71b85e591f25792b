//! Neo4j bulk-import CSV export (`neo4j-admin database import full`).
//!
//! This module owns the two CSV files of the Neo4j form of a graph: `nodes.csv` with the
//! header `id:ID,name,kind,mentions:int,:LABEL` (labels `Actor` plus the kind: `Country`,
//! `Organization`, `Bloc` or `Group`) and `relationships.csv` with the header
//! `:START_ID,:END_ID,:TYPE,polarity,count:int,weight:float,cameo,plover`, one row per
//! graph edge, the type in upper case (`DENOUNCES`). Negated edges keep their type and say
//! `negated` in `polarity`, so Cypher queries must filter on it. Quoting follows RFC 4180
//! as the importer reads it: a field containing a comma, a quote, a semicolon or
//! surrounding spaces is quoted, with quotes doubled; newlines, other control characters
//! and U+2028/U+2029 become spaces, so the files import without `--multiline-fields`; a
//! field a spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`, not a
//! number) is written with a leading `'`.

use std::fmt::Write as _;
use std::path::Path;

use super::{commit_all, stage};
use crate::error::{Error, Result};
use crate::gazetteer::ActorKind;
use crate::graph::GraphJson;

/// The header of `nodes.csv`.
pub const NODES_HEADER: &str = "id:ID,name,kind,mentions:int,:LABEL";
/// The header of `relationships.csv`.
pub const RELATIONSHIPS_HEADER: &str =
    ":START_ID,:END_ID,:TYPE,polarity,count:int,weight:float,cameo,plover";

/// The two files of a Neo4j import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neo4jCsv {
    pub nodes: String,
    pub relationships: String,
}

/// One CSV field, quoted when needed. Control characters and U+2028/U+2029 become
/// spaces; a field a spreadsheet would read as a formula (starting with `=`, `+`, `-` or
/// `@`, not a number) gets a leading `'`.
pub fn field(s: &str) -> String {
    let mut clean: String = s
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if super::is_formula_like(&clean) {
        clean.insert(0, '\'');
    }
    let needs_quotes = clean.is_empty()
        || clean.contains([',', '"', ';'])
        || clean.starts_with(' ')
        || clean.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", clean.replace('"', "\"\""))
    } else {
        clean
    }
}

fn label(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "Actor;Country",
        ActorKind::Organization => "Actor;Organization",
        ActorKind::Bloc => "Actor;Bloc",
        ActorKind::Group => "Actor;Group",
    }
}

/// The graph as Neo4j import CSV.
pub fn to_neo4j(g: &GraphJson) -> Neo4jCsv {
    let mut nodes = format!("{NODES_HEADER}\n");
    let mut seen = std::collections::BTreeSet::new();
    for n in &g.nodes {
        if seen.insert(n.id.as_str()) {
            let _ = writeln!(
                nodes,
                "{},{},{},{},{}",
                field(&n.id),
                field(&n.name),
                n.kind.as_str(),
                n.mentions,
                label(n.kind)
            );
        }
    }
    // Every relationship end must be a node, or the import fails.
    for e in &g.edges {
        for id in [&e.source, &e.target] {
            if seen.insert(id.as_str()) {
                let _ = writeln!(nodes, "{},{},,0,Actor", field(id), field(id));
            }
        }
    }
    let mut relationships = format!("{RELATIONSHIPS_HEADER}\n");
    for e in &g.edges {
        let _ = writeln!(
            relationships,
            // `{:?}` keeps the decimal point of the weight: "6.0", "-2.5".
            "{},{},{},{},{},{:?},{},{}",
            field(&e.source),
            field(&e.target),
            e.stance.as_str().to_uppercase(),
            e.polarity.as_str(),
            e.count,
            e.weight,
            field(&e.cameo),
            field(&e.plover)
        );
    }
    Neo4jCsv {
        nodes,
        relationships,
    }
}

impl Neo4jCsv {
    /// Writes `nodes.csv` and `relationships.csv` into `dir` (created if missing): both
    /// are written to temporary files first and renamed into place only when both were
    /// written, so a failure leaves the previous pair, never one new file beside an old one.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let nodes = stage(&dir.join("nodes.csv"), |w| {
            w.write_all(self.nodes.as_bytes())
        })?;
        let relationships = stage(&dir.join("relationships.csv"), |w| {
            w.write_all(self.relationships.as_bytes())
        })?;
        commit_all(vec![nodes, relationships])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("China"), "China");
        assert_eq!(field("Korea, Republic of"), "\"Korea, Republic of\"");
        assert_eq!(field("the \"West\""), "\"the \"\"West\"\"\"");
        assert_eq!(field("a\nb"), "a b");
        assert_eq!(field(""), "\"\"");
    }
}
