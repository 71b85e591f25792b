//! GraphML export, for Gephi, yEd, Cytoscape, NetworkX and igraph.
//!
//! This module owns the GraphML form of graph JSON: one `<node>` per actor with the data
//! `actor` (its id; igraph keeps `id` for itself), `name`, `label` (the name again, which Gephi shows), `kind` and `mentions`, and
//! one `<edge>` per graph edge with `type`, `polarity`, `count`, `weight`, `cameo`,
//! `plover`, `class`, `label` ("denounces ×2", "not supports ×1") and `evidence` (one
//! line per sentence: `doc#sentence: text`). Each `<key>` is declared once, with its
//! type. Symmetric types (`consults`, `cooperates`) carry `symmetric` = true: the graph is
//! directed (NetworkX and igraph refuse undirected edges in a directed graph). Every
//! value is XML-escaped, so quotes, `<`, `&`, newlines and control characters in names
//! or article text never break the file.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{push_decimal, push_xml, FloatTexts, XmlIn};
use crate::graph::GraphJson;
use crate::stance::Polarity;

/// The declared keys: (key id, for, attr.name, attr.type).
const KEYS: [(&str, &str, &str, &str); 15] = [
    ("n_id", "node", "actor", "string"),
    ("n_name", "node", "name", "string"),
    ("n_label", "node", "label", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_mentions", "node", "mentions", "int"),
    ("e_type", "edge", "type", "string"),
    ("e_polarity", "edge", "polarity", "string"),
    ("e_symmetric", "edge", "symmetric", "boolean"),
    ("e_count", "edge", "count", "int"),
    ("e_weight", "edge", "weight", "double"),
    ("e_cameo", "edge", "cameo", "string"),
    ("e_plover", "edge", "plover", "string"),
    ("e_class", "edge", "class", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_evidence", "edge", "evidence", "string"),
];

fn data(out: &mut String, key: &str, value: &str) {
    out.push_str("      <data key=\"");
    out.push_str(key);
    out.push_str("\">");
    push_xml(out, value, XmlIn::Text);
    out.push_str("</data>\n");
}

pub use super::EvidenceOf;

/// The graph as a GraphML document (UTF-8, with a final newline).
pub fn to_graphml(g: &GraphJson) -> String {
    let mut out = String::new();
    let _ = emit(
        g,
        &mut |i, f| g.edges[i].evidence.iter().try_for_each(|e| f(e.view())),
        &mut |piece| {
            out.push_str(piece);
            Ok(())
        },
    );
    out
}

/// Writes [`to_graphml`]'s document to `w` element by element, never holding all of it.
pub fn write_graphml(g: &GraphJson, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    emit(
        g,
        &mut |i, f| g.edges[i].evidence.iter().try_for_each(|e| f(e.view())),
        &mut |piece| w.write_all(piece.as_bytes()),
    )
}

/// [`write_graphml`] for a graph whose edges' evidence is read from elsewhere: each
/// edge's `evidence` list in `g` is ignored and `evidence` is asked instead.
pub fn write_graphml_with(
    g: &GraphJson,
    evidence: &mut EvidenceOf<'_>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    emit(g, evidence, &mut |piece| w.write_all(piece.as_bytes()))
}

/// The document is handed out in pieces of about this size (large enough for a buffered
/// writer of 1 MiB to pass them on without copying).
const CHUNK: usize = 1 << 20;

/// Produces the document in pieces of about [`CHUNK`] bytes.
fn emit(
    g: &GraphJson,
    evidence: &mut EvidenceOf<'_>,
    sink: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, for_, name, ty) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"stancegraph\" edgedefault=\"directed\">\n");
    // Edges may name actors that have no node entry (a hand-edited graph): give them one,
    // so every edge end refers to a declared node.
    let mut declared: BTreeSet<String> = BTreeSet::new();
    let mut node = |out: &mut String, id: &str, name: &str, kind: &str, mentions: usize| {
        // looked up before a copy of the id is made: most ends are declared already
        if declared.contains(id) || !declared.insert(id.to_string()) {
            return;
        }
        out.push_str("    <node id=\"");
        push_xml(out, id, XmlIn::Attr);
        out.push_str("\">\n");
        data(out, "n_id", id);
        data(out, "n_name", name);
        data(out, "n_label", name);
        data(out, "n_kind", kind);
        let _ = writeln!(out, "      <data key=\"n_mentions\">{mentions}</data>");
        out.push_str("    </node>\n");
    };
    for n in &g.nodes {
        node(&mut out, &n.id, &n.name, n.kind.as_str(), n.mentions);
    }
    for e in &g.edges {
        for id in [&e.source, &e.target] {
            node(&mut out, id, id, "", 0);
        }
    }
    let mut floats = FloatTexts::default();
    // a value being formatted
    let mut value = String::new();
    for (i, e) in g.edges.iter().enumerate() {
        out.push_str("    <edge id=\"e");
        push_decimal(&mut out, i);
        out.push_str("\" source=\"");
        push_xml(&mut out, &e.source, XmlIn::Attr);
        out.push_str("\" target=\"");
        push_xml(&mut out, &e.target, XmlIn::Attr);
        out.push_str("\">\n");
        let not = if e.polarity == Polarity::Negated {
            "not "
        } else {
            ""
        };
        data(&mut out, "e_type", e.stance.as_str());
        data(&mut out, "e_polarity", e.polarity.as_str());
        data(
            &mut out,
            "e_symmetric",
            if e.stance.symmetric() {
                "true"
            } else {
                "false"
            },
        );
        value.clear();
        push_decimal(&mut value, e.count);
        data(&mut out, "e_count", &value);
        // `{:?}` keeps the decimal point: "6.0", "-2.5".
        value.clear();
        floats.push_debug(&mut value, e.weight);
        data(&mut out, "e_weight", &value);
        data(&mut out, "e_cameo", &e.cameo);
        data(&mut out, "e_plover", &e.plover);
        data(&mut out, "e_class", e.stance.class().as_str());
        // "{not}{stance} ×{count}"
        value.clear();
        value.push_str(not);
        value.push_str(e.stance.as_str());
        value.push_str(" ×");
        push_decimal(&mut value, e.count);
        data(&mut out, "e_label", &value);
        // One line per sentence, escaped line by line (escaping keeps newlines), and
        // written out as it grows: an edge may have millions.
        out.push_str("      <data key=\"e_evidence\">");
        let mut first = true;
        evidence(i, &mut |ev| {
            if !first {
                out.push('\n');
            }
            first = false;
            // `doc#sentence: text`, the document id and the text (trimmed) with their
            // line breaks as spaces, so each entry is one line; escaped piece by piece,
            // which is the same as escaping the whole.
            push_xml(&mut out, ev.doc, XmlIn::Line);
            out.push('#');
            push_decimal(&mut out, ev.sentence);
            out.push_str(": ");
            push_xml(&mut out, ev.text.trim(), XmlIn::Line);
            if out.len() >= CHUNK {
                sink(&out)?;
                out.clear();
            }
            Ok(())
        })?;
        out.push_str("</data>\n");
        out.push_str("    </edge>\n");
        if out.len() >= CHUNK {
            sink(&out)?;
            out.clear();
        }
    }
    out.push_str("  </graph>\n</graphml>\n");
    sink(&out)
}
