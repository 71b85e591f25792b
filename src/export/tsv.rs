//! Event table export: one tab-separated row per piece of evidence (`events.tsv`).
//!
//! This module owns the flat, event-coder style view of a graph, the shape PETRARCH-style
//! event data takes and the easiest to load in a spreadsheet, R or pandas. After a
//! header line, each row is one evidence sentence of one edge: `date` (of its document,
//! empty when unknown), `source`, `target`, `type`, `polarity`, `cameo`, `plover`,
//! `weight`, `document`, `sentence`, `cue`, `said_by` and `text`. Rows are ordered by
//! date (undated last), document, sentence, then edge order. Tabs, newlines, other
//! control characters and U+2028/U+2029 inside a value become spaces, so every row is one
//! line with exactly 13 fields; a value that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-` or `@`) is written with a leading `'`.

use std::collections::BTreeMap;

use super::{push_decimal, FloatTexts};
use crate::bytes::may_have_control;
use crate::graph::{EdgeJson, Evidence, EvidenceRef, GraphJson};

/// The header line (without its newline).
pub const HEADER: &str = "date\tsource\ttarget\ttype\tpolarity\tcameo\tplover\tweight\tdocument\tsentence\tcue\tsaid_by\ttext";

/// A value made safe for one TSV cell.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_cell(&mut out, s);
    out
}

/// Appends `s` made safe for one TSV cell: every control character (`char::is_control`:
/// U+0000 to U+001F and U+007F to U+009F) and the line and paragraph separators U+2028
/// and U+2029 (which many readers take for line ends) become a space; a cell that a
/// spreadsheet would read as a formula (it starts with `=`, `+`, `-` or `@` and is not a
/// number) gets a leading `'`, as spreadsheets themselves mark text.
pub fn push_cell(out: &mut String, s: &str) {
    if super::is_formula_like(s) {
        out.push('\'');
    }
    if !may_have_control(s) && !s.contains(['\u{2028}', '\u{2029}']) {
        out.push_str(s);
        return;
    }
    out.extend(s.chars().map(|c| {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            ' '
        } else {
            c
        }
    }));
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

/// A row to write: its sort key (date, document, sentence, position), its edge's index
/// and its evidence.
type Row<'g> = (Option<&'g str>, &'g str, usize, usize, usize, &'g Evidence);

/// Produces the table one line at a time (each with its newline).
fn emit(g: &GraphJson, sink: &mut dyn FnMut(&str) -> std::io::Result<()>) -> std::io::Result<()> {
    let dates: BTreeMap<&str, &str> = g
        .documents
        .iter()
        .filter_map(|d| d.date.as_deref().map(|date| (d.id.as_str(), date)))
        .collect();
    // Rows are sorted as references, and each is formatted only when it is written.
    let mut rows: Vec<Row> = Vec::new();
    for (i, e) in g.edges.iter().enumerate() {
        for ev in &e.evidence {
            let date = dates.get(ev.doc.as_str()).copied();
            rows.push((date, ev.doc.as_str(), ev.sentence, rows.len(), i, ev));
        }
    }
    // Stable: equal keys keep edge order (the last key is the insertion index).
    rows.sort_by(|a, b| {
        (a.0.is_none(), a.0, a.1, a.2, a.3).cmp(&(b.0.is_none(), b.0, b.1, b.2, b.3))
    });
    sink(&format!("{HEADER}\n"))?;
    let mut floats = FloatTexts::default();
    let cells: Vec<String> = g.edges.iter().map(|e| edge_cells(e, &mut floats)).collect();
    let mut line = String::new();
    for (date, _, _, _, e, ev) in rows {
        line.clear();
        push_row(&mut line, date, &cells[e], ev.view());
        sink(&line)?;
    }
    Ok(())
}

/// The cells of a row that come from its edge, between the date and the document, with
/// the tabs around them: `\tsource\ttarget\ttype\tpolarity\tcameo\tplover\tweight\t`.
pub(crate) fn edge_cells(e: &EdgeJson, floats: &mut FloatTexts) -> String {
    let mut s = String::with_capacity(64);
    for c in [&e.source, &e.target] {
        s.push('\t');
        push_cell(&mut s, c);
    }
    s.push('\t');
    s.push_str(e.stance.as_str());
    s.push('\t');
    s.push_str(e.polarity.as_str());
    for c in [&e.cameo, &e.plover] {
        s.push('\t');
        push_cell(&mut s, c);
    }
    s.push('\t');
    floats.push_debug(&mut s, e.weight);
    s.push('\t');
    s
}

/// Appends the row (with its newline) of evidence `ev` of an edge whose
/// [`edge_cells`] are `edge`, whose document is dated `date`.
pub(crate) fn push_row(line: &mut String, date: Option<&str>, edge: &str, ev: EvidenceRef<'_>) {
    push_cell(line, date.unwrap_or(""));
    line.push_str(edge);
    push_cell(line, ev.doc);
    line.push('\t');
    push_decimal(line, ev.sentence);
    line.push('\t');
    push_cell(line, ev.cue);
    line.push('\t');
    push_cell(line, ev.said_by.unwrap_or(""));
    line.push('\t');
    push_cell(line, ev.text.trim());
    line.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_replace_exactly_the_control_characters() {
        let table = [
            "",
            "plain",
            "a\tb\r\nc",
            "\u{0}\u{1f}\u{7f}",
            "C1: \u{80}\u{85}\u{9f}, not C1: \u{a0}\u{c2}\u{ff}",
            "Zürich Ç 北京 \u{2028}",
        ];
        for s in table {
            let want: String = s
                .chars()
                .map(|c| {
                    if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(cell(s), want, "{s:?}");
        }
        for c in (0u32..0x800).filter_map(char::from_u32) {
            let want = match c {
                c if c.is_control() => " ".to_string(),
                '=' | '+' | '-' | '@' => format!("'{c}"),
                c => c.to_string(),
            };
            assert_eq!(cell(&c.to_string()), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn cells_never_hold_tabs_or_newlines() {
        assert_eq!(cell("a\tb\r\nc"), "a b  c");
        assert_eq!(HEADER.split('\t').count(), 13);
    }
}
