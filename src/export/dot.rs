//! DOT (Graphviz) export, built with graphviz-rust's data model.
//!
//! Nodes are labelled with actor names and shaped by kind (country: ellipse,
//! organization: box, bloc: hexagon, group: diamond); edges are coloured by class
//! (cooperative green, conflictual red, mediation blue) and labelled "type ×count".
//! Negated edges are left out unless asked for, and then drawn dashed grey.
//! graphviz-rust prints `Id::Escaped` verbatim, so every label is quoted and escaped here.
//! [`to_dot_graph`] gives graphviz-rust's data model; [`to_dot`] prints the same text that
//! graphviz-rust's printer makes of it, directly and several times faster (a test checks
//! that they agree).

use std::collections::{HashMap, HashSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};

use crate::bytes::may_have_control;
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
    push_quoted(&mut out, s);
    out
}

/// Appends [`quote`]`(s)` to `out`.
fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    // Only a quote, a backslash or a control character changes; most values have none.
    if !may_have_control(s) && !s.bytes().any(|b| b == b'"' || b == b'\\') {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' | '\r' => out.push_str("\\n"),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
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

/// The attributes of the whole graph, of all nodes and of all edges (names, values).
const DEFAULTS: [(&str, &[(&str, &str)]); 3] = [
    (
        "graph",
        &[
            ("rankdir", "LR"),
            ("fontname", "Helvetica"),
            ("overlap", "false"),
        ],
    ),
    (
        "node",
        &[
            ("fontname", "Helvetica"),
            ("style", "filled"),
            ("fillcolor", "#f5f5f5"),
        ],
    ),
    ("edge", &[("fontname", "Helvetica"), ("fontsize", "10")]),
];

/// Attributes of a node or an edge: names and values (not yet quoted).
type Attrs = Vec<(&'static str, String)>;

/// A node of the diagram: its id and attributes.
type NodeItem<'g> = (&'g str, Attrs);

/// An edge of the diagram: source, target and attributes.
type EdgeItem<'g> = (&'g str, &'g str, Attrs);

/// What the diagram shows: the nodes that have a shown edge, then the shown edges, each
/// with its attributes in order.
fn items(g: &GraphJson, opts: DotOptions) -> (Vec<NodeItem<'_>>, Vec<EdgeItem<'_>>) {
    let shown: Vec<_> = g
        .edges
        .iter()
        .filter(|e| opts.include_negated || e.polarity == Polarity::Asserted)
        .collect();
    let ends: HashSet<&str> = shown
        .iter()
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .collect();
    let nodes = g
        .nodes
        .iter()
        .filter(|n| ends.contains(n.id.as_str()))
        .map(|n| {
            let attrs = vec![
                ("label", n.name.clone()),
                ("shape", shape(n.kind).to_string()),
                ("tooltip", format!("{} ({} mentions)", n.id, n.mentions)),
            ];
            (n.id.as_str(), attrs)
        })
        .collect();
    // The pen width depends only on the count, and formatting it is slow.
    let mut widths: HashMap<usize, String> = HashMap::new();
    let edges = shown
        .into_iter()
        .map(|e| {
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
            let width = widths
                .entry(e.count)
                .or_insert_with(|| format!("{:.1}", 1.0 + (e.count as f64).ln().max(0.0)))
                .clone();
            let mut attrs = vec![
                ("label", label),
                ("color", color.to_string()),
                ("fontcolor", color.to_string()),
                ("penwidth", width),
            ];
            if negated {
                attrs.push(("style", "dashed".to_string()));
            }
            if e.stance.symmetric() {
                attrs.push(("dir", "none".to_string()));
            }
            (e.source.as_str(), e.target.as_str(), attrs)
        })
        .collect();
    (nodes, edges)
}

/// The graph as a graphviz-rust [`Graph`].
pub fn to_dot_graph(g: &GraphJson, opts: DotOptions) -> Graph {
    let list = |attrs: &[(&str, &str)]| attrs.iter().map(|(k, v)| attr(k, v)).collect();
    let [graph, node, edge] = DEFAULTS;
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(list(graph.1))),
        Stmt::GAttribute(GraphAttributes::Node(list(node.1))),
        Stmt::GAttribute(GraphAttributes::Edge(list(edge.1))),
    ];
    let owned = |attrs: Attrs| attrs.iter().map(|(k, v)| attr(k, v)).collect();
    let (nodes, edges) = items(g, opts);
    for (id, attrs) in nodes {
        stmts.push(Stmt::Node(Node::new(node_id(id), owned(attrs))));
    }
    for (source, target, attrs) in edges {
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(source)), Vertex::N(node_id(target))),
            attributes: owned(attrs),
        }));
    }
    Graph::DiGraph {
        id: Id::Plain("stancegraph".into()),
        strict: false,
        stmts,
    }
}

/// The graph as DOT text: what graphviz-rust prints for [`to_dot_graph`] (two-space
/// indentation, `[name="value" ...]`), plus a final newline, printed directly.
pub fn to_dot(g: &GraphJson, opts: DotOptions) -> String {
    fn push_attrs<'a>(out: &mut String, attrs: impl Iterator<Item = (&'a str, &'a str)>) {
        out.push('[');
        for (i, (k, v)) in attrs.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(k);
            out.push('=');
            push_quoted(out, v);
        }
        out.push(']');
    }
    let mut out = String::from("digraph stancegraph {");
    for (what, attrs) in DEFAULTS {
        out.push_str("\n  ");
        out.push_str(what);
        push_attrs(&mut out, attrs.iter().copied());
    }
    let (nodes, edges) = items(g, opts);
    for (id, attrs) in &nodes {
        out.push_str("\n  ");
        push_quoted(&mut out, id);
        push_attrs(&mut out, attrs.iter().map(|(k, v)| (*k, v.as_str())));
    }
    for (source, target, attrs) in &edges {
        out.push_str("\n  ");
        push_quoted(&mut out, source);
        out.push_str(" -> ");
        push_quoted(&mut out, target);
        out.push(' ');
        push_attrs(&mut out, attrs.iter().map(|(k, v)| (*k, v.as_str())));
    }
    out.push_str("\n}\n");
    out
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
    use graphviz_rust::printer::{DotPrinter, PrinterContext};

    #[test]
    fn printed_as_graphviz_rust_prints_it() {
        use crate::graph::{EdgeJson, Node as GraphNode};
        use crate::stance::StanceType;
        let names = [
            "ARG",
            "Côte d'Ivoire \"q\"",
            "a\\b\nc\r",
            "\u{1}ctl",
            "",
            "x y",
        ];
        let mut g = GraphJson {
            format: "stancegraph".into(),
            version: 1,
            documents: vec![],
            nodes: vec![],
            edges: vec![],
        };
        for (i, name) in names.iter().enumerate() {
            g.nodes.push(GraphNode {
                id: format!("N{i}{name}"),
                name: name.to_string(),
                kind: [ActorKind::Country, ActorKind::Organization, ActorKind::Bloc][i % 3],
                mentions: i * 11,
            });
        }
        // an edge to an actor with no node, and a node with no edge
        g.nodes.push(GraphNode {
            id: "alone".into(),
            name: "Alone".into(),
            kind: ActorKind::Group,
            mentions: 1,
        });
        for (i, t) in StanceType::ALL.into_iter().enumerate() {
            g.edges.push(EdgeJson {
                source: g.nodes[i % names.len()].id.clone(),
                target: if i == 3 {
                    "nowhere".into()
                } else {
                    g.nodes[(i + 1) % names.len()].id.clone()
                },
                stance: t,
                polarity: if i % 3 == 0 {
                    Polarity::Negated
                } else {
                    Polarity::Asserted
                },
                count: [1, 2, 7, 1000][i % 4],
                weight: t.weight(),
                cameo: t.cameo().into(),
                plover: t.plover().into(),
                evidence: vec![],
            });
        }
        for include_negated in [false, true] {
            let opts = DotOptions { include_negated };
            let mut want = to_dot_graph(&g, opts).print(&mut PrinterContext::default());
            want.push('\n');
            assert_eq!(to_dot(&g, opts), want, "include_negated={include_negated}");
        }
        let empty = GraphJson {
            edges: vec![],
            ..g.clone()
        };
        let mut want =
            to_dot_graph(&empty, DotOptions::default()).print(&mut PrinterContext::default());
        want.push('\n');
        assert_eq!(to_dot(&empty, DotOptions::default()), want);
    }

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
