//! Event table export: one tab-separated row per piece of evidence (`events.tsv`).
//!
//! This module owns the flat, event-coder style view of a graph, the shape PETRARCH-style
//! event data takes and the easiest to load in a spreadsheet, R or pandas. After a
//! header line, each row is one evidence sentence of one edge: `date` (of its document,
//! empty when unknown), `source`, `target`, `type`, `polarity`, `cameo`, `plover`,
//! `weight`, `document`, `sentence`, `cue`, `said_by` and `text`. Rows are ordered by
//! date (undated last), document, sentence, then edge order. Tabs, newlines and other
//! control characters inside a value become spaces, so every row is one line with
//! exactly 13 fields.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::graph::{EdgeJson, Evidence, GraphJson};

/// The header line (without its newline).
pub const HEADER: &str = "date\tsource\ttarget\ttype\tpolarity\tcameo\tplover\tweight\tdocument\tsentence\tcue\tsaid_by\ttext";

/// A value made safe for one TSV cell.
pub fn cell(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The events of the graph as TSV, with a header line and a final newline.
pub fn to_tsv(g: &GraphJson) -> String {
    let mut out = String::new();
    let _ = emit(g, &mut |line| {
        out.push_str(line);
        Ok(())
    });
    out
}

/// Writes [`to_tsv`]'s table to `w` row by row, never holding all of it.
pub fn write_tsv(g: &GraphJson, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    emit(g, &mut |line| w.write_all(line.as_bytes()))
}

/// A row to write: its sort key (date, document, sentence, position) and its data.
type Row<'g> = (
    Option<&'g str>,
    &'g str,
    usize,
    usize,
    &'g EdgeJson,
    &'g Evidence,
);

/// Produces the table one line at a time (each with its newline).
fn emit(g: &GraphJson, sink: &mut dyn FnMut(&str) -> std::io::Result<()>) -> std::io::Result<()> {
    let dates: BTreeMap<&str, &str> = g
        .documents
        .iter()
        .filter_map(|d| d.date.as_deref().map(|date| (d.id.as_str(), date)))
        .collect();
    // Rows are sorted as references, and each is formatted only when it is written.
    let mut rows: Vec<Row> = Vec::new();
    for e in &g.edges {
        for ev in &e.evidence {
            let date = dates.get(ev.doc.as_str()).copied();
            rows.push((date, ev.doc.as_str(), ev.sentence, rows.len(), e, ev));
        }
    }
    // Stable: equal keys keep edge order (the last key is the insertion index).
    rows.sort_by(|a, b| {
        (a.0.is_none(), a.0, a.1, a.2, a.3).cmp(&(b.0.is_none(), b.0, b.1, b.2, b.3))
    });
    sink(&format!("{HEADER}\n"))?;
    let mut line = String::new();
    for (date, _, _, _, e, ev) in rows {
        line.clear();
        push_row(&mut line, date, e, ev);
        sink(&line)?;
    }
    Ok(())
}

/// Appends the row (with its newline) of evidence `ev` of edge `e`, whose document is
/// dated `date`.
pub(crate) fn push_row(line: &mut String, date: Option<&str>, e: &EdgeJson, ev: &Evidence) {
    let cells = [
        cell(date.unwrap_or("")),
        cell(&e.source),
        cell(&e.target),
        e.stance.as_str().to_string(),
        e.polarity.as_str().to_string(),
        cell(&e.cameo),
        cell(&e.plover),
        format!("{:?}", e.weight),
        cell(&ev.doc),
        ev.sentence.to_string(),
        cell(&ev.cue),
        cell(ev.said_by.as_deref().unwrap_or("")),
        cell(ev.text.trim()),
    ];
    let _ = writeln!(line, "{}", cells.join("\t"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_never_hold_tabs_or_newlines() {
        assert_eq!(cell("a\tb\r\nc"), "a b  c");
        assert_eq!(HEADER.split('\t').count(), 13);
    }
}
