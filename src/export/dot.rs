//! DOT (Graphviz) export, built with graphviz-rust's data model.
//!
//! Nodes are labelled with actor names and shaped by kind (country: ellipse,
//! organization: box, bloc: hexagon, group: diamond); edges are coloured by class
//! (cooperative green, conflictual red, mediation blue) and labelled "type ×count".
//! Negated edges are left out unless asked for, and then drawn dashed grey.
//! graphviz-rust prints `Id::Escaped` verbatim, so every label is quoted and escaped here.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::gazetteer::ActorKind;
use crate::graph::GraphJson;
use crate::stance::{Polarity, StanceClass};

/// Options of the DOT export.
#[derive(Debug, Clone, Copy, Default)]
pub struct DotOptions {
    /// Draw negated edges too (dashed, grey).
    pub include_negated: bool,
}

/// Quotes a string for DOT: wraps it in `"` and escapes backslashes, quotes and newlines.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), Id::Escaped(quote(v)))
}

fn node_id(id: &str) -> NodeId {
    NodeId(Id::Escaped(quote(id)), None)
}

/// The color of an edge class.
pub fn class_color(class: StanceClass) -> &'static str {
    match class {
        StanceClass::Cooperative => "#2e7d32",
        StanceClass::Conflictual => "#c62828",
        StanceClass::Mediation => "#1565c0",
    }
}

fn shape(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "ellipse",
        ActorKind::Organization => "box",
        ActorKind::Bloc => "hexagon",
        ActorKind::Group => "diamond",
    }
}

/// The graph as a graphviz-rust [`Graph`].
pub fn to_dot_graph(g: &GraphJson, opts: DotOptions) -> Graph {
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("fontname", "Helvetica"),
            attr("overlap", "false"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("style", "filled"),
            attr("fillcolor", "#f5f5f5"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
        ])),
    ];
    let shown: Vec<_> = g
        .edges
        .iter()
        .filter(|e| opts.include_negated || e.polarity == Polarity::Asserted)
        .collect();
    for n in &g.nodes {
        if !shown.iter().any(|e| e.source == n.id || e.target == n.id) {
            continue;
        }
        stmts.push(Stmt::Node(Node::new(
            node_id(&n.id),
            vec![
                attr("label", &n.name),
                attr("shape", shape(n.kind)),
                attr("tooltip", &format!("{} ({} mentions)", n.id, n.mentions)),
            ],
        )));
    }
    for e in shown {
        let negated = e.polarity == Polarity::Negated;
        let color = if negated {
            "#9e9e9e"
        } else {
            class_color(e.stance.class())
        };
        let label = if negated {
            format!("not {} ×{}", e.stance, e.count)
        } else {
            format!("{} ×{}", e.stance, e.count)
        };
        let width = format!("{:.1}", 1.0 + (e.count as f64).ln().max(0.0));
        let mut attributes = vec![
            attr("label", &label),
            attr("color", color),
            attr("fontcolor", color),
            attr("penwidth", &width),
        ];
        if negated {
            attributes.push(attr("style", "dashed"));
        }
        if e.stance.symmetric() {
            attributes.push(attr("dir", "none"));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&e.source)), Vertex::N(node_id(&e.target))),
            attributes,
        }));
    }
    Graph::DiGraph {
        id: Id::Plain("stancegraph".into()),
        strict: false,
        stmts,
    }
}

/// The graph as DOT text.
pub fn to_dot(g: &GraphJson, opts: DotOptions) -> String {
    let mut s = to_dot_graph(g, opts).print(&mut PrinterContext::default());
    s.push('\n');
    s
}

/// Renders DOT to SVG with Graphviz's `dot`. It runs `dot -Tsvg` with these fixed
/// arguments and no shell, feeds the DOT on standard input (no temporary file) and reads
/// the SVG from standard output. Fails with a clear message when Graphviz is not installed
/// or rejects the input.
pub fn render_svg(dot: &str) -> Result<Vec<u8>, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "Graphviz's `dot` is not installed (Debian: apt-get install graphviz)".to_string()
            } else {
                format!("cannot run Graphviz's `dot`: {e}")
            }
        })?;
    // Write from another thread, so that a large graph cannot dead-lock with `dot`
    // filling its output pipe while we are still writing its input.
    let input = child.stdin.take();
    let dot_text = dot.to_string();
    let writer = std::thread::spawn(move || match input {
        Some(mut stdin) => stdin.write_all(dot_text.as_bytes()),
        None => Ok(()),
    });
    let out = child
        .wait_with_output()
        .map_err(|e| format!("Graphviz failed: {e}"))?;
    let written = writer
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("writer thread failed")));
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(format!("Graphviz failed ({}): {}", out.status, msg.trim()));
    }
    written.map_err(|e| format!("Graphviz failed: cannot send it the graph: {e}"))?;
    Ok(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let cases = [
            ("plain", "\"plain\""),
            (
                "Côte d'Ivoire \"quoted\"",
                "\"Côte d'Ivoire \\\"quoted\\\"\"",
            ),
            ("a\\b\nc", "\"a\\\\b\\nc\""),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want);
        }
    }
}
