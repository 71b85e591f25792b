//! Rendering the relationship diagram: choosing what to draw and drawing it.
//!
//! This module owns the picture of a graph. [`select`] cuts the subgraph to draw (a
//! focus actor's edges and rings around it, a minimum evidence count, some stance types,
//! negated edges or not). [`render_svg`] draws it with Graphviz's `dot` when it is on
//! `PATH` (the DOT goes to its standard input, so no temporary file is made, and `dot`
//! gets fixed arguments, never article text), and otherwise with the pure-Rust
//! layout engine of the `layout-rs` crate, so an SVG can always be made; [`render_png`]
//! needs Graphviz. Both renderers draw a legend of the edge colours, and edge width
//! grows with the evidence count.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use graphviz_rust::cmd::Format;

use super::dot::{class_color, quote, to_dot, DotOptions};
use super::escape_xml;
use crate::error::{Error, Result};
use crate::gazetteer::ActorKind;
use crate::graph::GraphJson;
use crate::stance::{Polarity, StanceClass, StanceType};

/// The grey of negated edges.
pub const NEGATED_COLOR: &str = "#9e9e9e";

/// What part of the graph to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Draw only the edges of this actor (an id), and with `depth` above 1 those of the
    /// actors fewer than `depth` edges away.
    pub focus: Option<String>,
    /// Rings around the focus actor, following edges in either direction: 1 draws the
    /// focus's own edges, 2 also its neighbours' (among them and out of them), and so on.
    pub depth: usize,
    /// Leave out edges with fewer pieces of evidence.
    pub min_count: usize,
    /// Draw only these types (all when empty).
    pub types: Vec<StanceType>,
    /// Draw negated edges too.
    pub include_negated: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            focus: None,
            depth: 1,
            min_count: 1,
            types: Vec::new(),
            include_negated: false,
        }
    }
}

/// The part of `g` that `sel` asks for: the kept edges and the nodes they touch.
/// Documents are kept.
pub fn select(g: &GraphJson, sel: &Selection) -> GraphJson {
    let mut edges: Vec<_> = g
        .edges
        .iter()
        .filter(|e| {
            (sel.include_negated || e.polarity == Polarity::Asserted)
                && e.count >= sel.min_count
                && (sel.types.is_empty() || sel.types.contains(&e.stance))
        })
        .cloned()
        .collect();
    if let Some(focus) = &sel.focus {
        let mut adjacent: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for e in &edges {
            adjacent.entry(&e.source).or_default().insert(&e.target);
            adjacent.entry(&e.target).or_default().insert(&e.source);
        }
        let mut dist: BTreeMap<&str, usize> = BTreeMap::from([(focus.as_str(), 0)]);
        let mut queue = VecDeque::from([focus.as_str()]);
        while let Some(n) = queue.pop_front() {
            let d = dist.get(n).copied().unwrap_or(0);
            if d >= sel.depth {
                continue;
            }
            for &m in adjacent.get(n).into_iter().flatten() {
                if !dist.contains_key(m) {
                    dist.insert(m, d + 1);
                    queue.push_back(m);
                }
            }
        }
        // An edge is drawn when one of its ends is nearer than `depth`: at depth 1 A's
        // own edges only, not those among its neighbours; at 2 also the neighbours'.
        let near: BTreeSet<String> = dist
            .iter()
            .filter(|&(_, &d)| d < sel.depth)
            .map(|(id, _)| id.to_string())
            .collect();
        edges.retain(|e| near.contains(&e.source) || near.contains(&e.target));
    }
    let touched: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .collect();
    let nodes = g
        .nodes
        .iter()
        .filter(|n| touched.contains(n.id.as_str()))
        .cloned()
        .collect();
    GraphJson {
        format: g.format.clone(),
        version: g.version,
        documents: g.documents.clone(),
        nodes,
        edges,
    }
}

/// Which program draws the diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz when `dot` is installed, else the built-in layout.
    Auto,
    /// Graphviz's `dot` only.
    Graphviz,
    /// The built-in pure-Rust layout (`layout-rs`) only.
    Builtin,
}

/// Which program did draw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderedBy {
    Graphviz,
    Builtin,
}

impl RenderedBy {
    pub fn describe(self) -> &'static str {
        match self {
            RenderedBy::Graphviz => "Graphviz dot",
            RenderedBy::Builtin => "the built-in layout (layout-rs)",
        }
    }
}

/// The legend as a DOT cluster with an HTML-like table (Graphviz only).
fn legend_dot(include_negated: bool) -> String {
    let mut rows = String::new();
    for class in [
        StanceClass::Cooperative,
        StanceClass::Conflictual,
        StanceClass::Mediation,
    ] {
        let _ = write!(
            rows,
            "<tr><td align=\"left\"><font color=\"{}\">━━━</font> {}</td></tr>",
            class_color(class),
            class.as_str()
        );
    }
    if include_negated {
        let _ = write!(
            rows,
            "<tr><td align=\"left\"><font color=\"{NEGATED_COLOR}\">- - -</font> negated (not …)</td></tr>"
        );
    }
    rows.push_str("<tr><td align=\"left\">wider line: more evidence</td></tr>");
    rows.push_str("<tr><td align=\"left\">no arrowhead: symmetric type</td></tr>");
    format!(
        "  subgraph cluster_legend {{\n    label=\"Legend\" fontname=\"Helvetica\" fontsize=\"10\" color=\"#bdbdbd\"\n    \
         \"stancegraph legend\" [shape=\"plaintext\" fontname=\"Helvetica\" fontsize=\"10\" style=\"\" \
         label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"1\">{rows}</table>>]\n  }}\n"
    )
}

/// The DOT that Graphviz draws: [`to_dot`] plus the legend. (`graph.dot` itself has no
/// legend.)
pub fn graphviz_dot(g: &GraphJson, include_negated: bool) -> String {
    let mut dot = to_dot(g, DotOptions { include_negated });
    let has_edges = g
        .edges
        .iter()
        .any(|e| include_negated || e.polarity == Polarity::Asserted);
    if has_edges {
        if let Some(end) = dot.rfind('}') {
            dot.insert_str(end, &legend_dot(include_negated));
        }
    }
    dot
}

/// How long `dot` may take to draw a diagram before it is stopped, unless told otherwise
/// (`--dot-timeout`): a graph within [`BUILD_DIAGRAM_MAX_EDGES`] takes seconds.
pub const DOT_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs Graphviz's `dot` with fixed arguments (`-Tsvg` or `-Tpng`) and no shell, the DOT
/// on its standard input and the picture read from its standard output: no temporary
/// file is made, so none can be left behind. A `dot` that fails says why (its exit status
/// or signal, and what it printed); one still running after `timeout` is killed, and the
/// error (kind [`std::io::ErrorKind::TimedOut`]) says so.
fn graphviz(dot: &str, format: Format, timeout: Duration) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let flag = match format {
        Format::Png => "-Tpng",
        _ => "-Tsvg",
    };
    let mut command = Command::new("dot");
    command
        .arg(flag)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // stopped if this run is interrupted, so that no `dot` outlives it
    let (mut child, registered) = crate::cleanup::spawn_registered(&mut command)?;
    // written from another thread, so that `dot` filling its output pipe cannot
    // dead-lock with us still writing its input
    let input = child.stdin.take();
    let text = dot.to_string();
    let writer = std::thread::spawn(move || match input {
        Some(mut stdin) => stdin.write_all(text.as_bytes()),
        None => Ok(()),
    });
    // Its outputs are read from threads too, so that the wait below can time out. Past
    // the timeout they are not joined: a process `dot` started may still hold the pipes.
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    // a timeout too large to add (Duration::MAX) is none
    let deadline = Instant::now().checked_add(timeout);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!(
                    "`dot` was stopped after {} s (--dot-timeout SECONDS gives it longer); \
                     draw a part with --focus A, --types T,U or --min-count N",
                    timeout.as_secs_f64()
                ),
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(registered);
    let joined = |h: std::thread::JoinHandle<Vec<u8>>| h.join().unwrap_or_default();
    let out = std::process::Output {
        status,
        stdout: joined(stdout),
        stderr: joined(stderr),
    };
    let written = writer
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("writer thread failed")));
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        let said = said.trim();
        let said: String = said.chars().take(300).collect();
        return Err(std::io::Error::other(if said.is_empty() {
            format!("`dot` {} and printed nothing", out.status)
        } else {
            format!("`dot` {}: {said}", out.status)
        }));
    }
    written.map_err(|e| std::io::Error::other(format!("cannot send `dot` the graph: {e}")))?;
    Ok(out.stdout)
}

fn graphviz_error(e: std::io::Error) -> Error {
    Error::Render(if e.kind() == std::io::ErrorKind::NotFound {
        "Graphviz's `dot` is not installed (Debian: apt-get install graphviz)".to_string()
    } else {
        format!("Graphviz failed: {e}")
    })
}

/// Draws the diagram as SVG. `g` should already be [`select`]ed; `include_negated`
/// only decides how negated edges still in it are drawn. With [`Renderer::Auto`],
/// Graphviz is used when `dot` can be run, the built-in layout otherwise; `dot` may take
/// `dot_timeout` (see [`DOT_TIMEOUT`]).
pub fn render_svg(
    g: &GraphJson,
    include_negated: bool,
    renderer: Renderer,
    dot_timeout: Duration,
) -> Result<(Vec<u8>, RenderedBy)> {
    if renderer != Renderer::Builtin {
        match graphviz(&graphviz_dot(g, include_negated), Format::Svg, dot_timeout) {
            Ok(svg) => return Ok((svg, RenderedBy::Graphviz)),
            Err(e)
                if renderer == Renderer::Graphviz || e.kind() != std::io::ErrorKind::NotFound =>
            {
                return Err(graphviz_error(e))
            }
            Err(_) => {}
        }
    }
    Ok((
        builtin_svg(g, include_negated)?.into_bytes(),
        RenderedBy::Builtin,
    ))
}

/// `build` draws `graph.svg` only for graphs with at most this many drawn edges: layout
/// time grows much faster than the graph (Graphviz needs seconds for a few hundred
/// parallel edges between a few dozen actors, and minutes for a few thousand), and such a
/// diagram is unreadable anyway. `render --focus`/`--min-count` draw a part of it.
pub const BUILD_DIAGRAM_MAX_EDGES: usize = 300;

/// The edges of `g` a diagram would draw.
pub fn drawn_edges(g: &GraphJson, include_negated: bool) -> usize {
    g.edges
        .iter()
        .filter(|e| include_negated || e.polarity != crate::stance::Polarity::Negated)
        .count()
}

/// Why `render` should not draw `g`, if it should not: it has more than `max_edges`
/// edges to draw (0: no limit). The message says how to draw less, or to raise the limit.
pub fn too_large_to_render(
    g: &GraphJson,
    include_negated: bool,
    max_edges: usize,
) -> Option<String> {
    let drawn = drawn_edges(g, include_negated);
    (max_edges > 0 && drawn > max_edges).then(|| {
        format!(
            "{drawn} edges are too many to draw (the limit is {max_edges}; a layout of \
             thousands takes Graphviz many minutes); draw a part with --focus A, \
             --types T,U or --min-count N, or raise the limit with --max-edges N (0: none)"
        )
    })
}

/// Why `build` should not draw the whole of `g`, if it should not: it has more than
/// [`BUILD_DIAGRAM_MAX_EDGES`] edges to draw.
pub fn too_large_to_draw(g: &GraphJson, include_negated: bool) -> Option<String> {
    let drawn = drawn_edges(g, include_negated);
    (drawn > BUILD_DIAGRAM_MAX_EDGES).then(|| {
        format!(
            "{drawn} edges are too many for one diagram (the limit is {BUILD_DIAGRAM_MAX_EDGES}); \
             draw a part with `stancegraph render graph.json --min-count N` or `--focus A`"
        )
    })
}

/// Draws the diagram as PNG with Graphviz (there is no built-in PNG renderer).
pub fn render_png(g: &GraphJson, include_negated: bool, dot_timeout: Duration) -> Result<Vec<u8>> {
    graphviz(&graphviz_dot(g, include_negated), Format::Png, dot_timeout).map_err(graphviz_error)
}

/// The DOT the built-in layout reads: parallel edges collapsed to one per (source,
/// target, class), negated edges as their own class, integer line widths, and only the
/// shapes it knows (box for organizations and blocs, ellipse otherwise).
pub fn builtin_dot(g: &GraphJson, include_negated: bool) -> String {
    // (source, target, class) -> [(type, count)]; the class `None` stands for negated.
    type Group<'a> = (&'a str, &'a str, Option<StanceClass>);
    let mut groups: BTreeMap<Group, Vec<(StanceType, usize)>> = BTreeMap::new();
    for e in &g.edges {
        let class = match e.polarity {
            Polarity::Asserted => Some(e.stance.class()),
            Polarity::Negated if include_negated => None,
            Polarity::Negated => continue,
        };
        groups
            .entry((&e.source, &e.target, class))
            .or_default()
            .push((e.stance, e.count));
    }
    let drawn: BTreeSet<&str> = groups.keys().flat_map(|(s, t, _)| [*s, *t]).collect();
    let mut out = String::from("digraph stancegraph {\n  rankdir=\"LR\"\n");
    for n in g.nodes.iter().filter(|n| drawn.contains(n.id.as_str())) {
        let shape = match n.kind {
            ActorKind::Organization | ActorKind::Bloc => "box",
            ActorKind::Country | ActorKind::Group => "ellipse",
        };
        let _ = writeln!(
            out,
            "  {} [label={} shape=\"{shape}\" style=\"filled\" fillcolor=\"#f5f5f5\"]",
            quote(&n.id),
            quote(&n.name)
        );
    }
    for ((source, target, class), types) in &groups {
        let count: usize = types.iter().map(|(_, c)| c).sum();
        let label = types
            .iter()
            .map(|(t, c)| match class {
                Some(_) => format!("{t} ×{c}"),
                None => format!("not {t} ×{c}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let color = class.map_or(NEGATED_COLOR, class_color);
        let width = 1 + (count as f64).ln().max(0.0).round() as usize;
        let arrow = if types.iter().all(|(t, _)| t.symmetric()) {
            "--"
        } else {
            "->"
        };
        let style = if class.is_none() {
            " style=\"dashed\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} {arrow} {} [label={} color=\"{color}\" penwidth=\"{width}\" fontsize=\"11\"{style}]",
            quote(source),
            quote(target),
            quote(&label)
        );
    }
    out.push_str("}\n");
    out
}

/// Lays out and draws [`builtin_dot`] with `layout-rs`, then adds the legend.
pub fn builtin_svg(g: &GraphJson, include_negated: bool) -> Result<String> {
    let dot = builtin_dot(g, include_negated);
    if !dot.contains("->") && !dot.contains(" -- ") {
        return Ok(empty_svg());
    }
    // layout-rs asserts its invariants with panics; a panic there is a bug in it, and
    // must become an error here rather than end the program.
    let svg = std::panic::catch_unwind(|| -> std::result::Result<String, String> {
        let ast = layout::gv::DotParser::new(&dot).process()?;
        let mut builder = layout::gv::GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut vg = builder.get();
        let mut writer = layout::backends::svg::SVGWriter::new();
        vg.do_it(false, false, false, &mut writer);
        Ok(writer.finalize())
    })
    .map_err(|_| Error::Render("the built-in layout failed (layout-rs panicked)".into()))?
    .map_err(|e| Error::Render(format!("the built-in layout could not read its DOT: {e}")))?;
    Ok(add_legend(&sorted_styles(&svg), include_negated))
}

/// `svg` with the lines of its first `<style>` block in sorted order.
///
/// layout-rs writes one CSS class per font size from a `HashMap`, so their order changes
/// from run to run; sorting them makes the built-in drawing byte-identical for the same
/// graph, as every other output is. The rules are independent (one class each), so their
/// order does not change the picture.
fn sorted_styles(svg: &str) -> String {
    let (Some(open), Some(close)) = (svg.find("<style>\n"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let body_start = open + "<style>\n".len();
    if close < body_start {
        return svg.to_string();
    }
    let mut rules: Vec<&str> = svg[body_start..close].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..body_start]);
    for r in rules {
        out.push_str(r);
        out.push('\n');
    }
    out.push_str(&svg[close..]);
    out
}

fn empty_svg() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
     width=\"240\" height=\"40\" viewBox=\"0 0 240 40\"><text x=\"10\" y=\"25\" \
     font-family=\"Helvetica, Arial, sans-serif\" font-size=\"14\">no edges to draw</text></svg>\n"
        .to_string()
}

/// The value of attribute `name` in the start tag `tag`.
fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pat = format!(" {name}=\"");
    let start = tag.find(&pat)? + pat.len();
    let len = tag.get(start..)?.find('"')?;
    tag.get(start..start + len)
}

/// A length such as "123.5", "80pt" or "100px", as (number, unit).
fn length(v: &str) -> Option<(f64, &str)> {
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(v.len());
    Some((v.get(..split)?.parse().ok()?, v.get(split..)?))
}

/// Puts `svg` (a complete SVG document) into a larger one with the legend below it.
/// Returns `svg` unchanged if its root element cannot be read.
pub fn add_legend(svg: &str, include_negated: bool) -> String {
    let Some(root_start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let Some(tag_len) = svg[root_start..].find('>') else {
        return svg.to_string();
    };
    let tag = &svg[root_start..root_start + tag_len];
    let (Some((w, unit)), Some((h, _))) = (
        attr_value(tag, "width").and_then(length),
        attr_value(tag, "height").and_then(length),
    ) else {
        return svg.to_string();
    };
    let mut entries: Vec<(String, &str, &str)> = [
        StanceClass::Cooperative,
        StanceClass::Conflictual,
        StanceClass::Mediation,
    ]
    .into_iter()
    .map(|c| (c.as_str().to_string(), class_color(c), ""))
    .collect();
    if include_negated {
        entries.push(("negated (not …)".into(), NEGATED_COLOR, "6,4"));
    }
    let row = 18.0;
    let legend_h = row * (entries.len() as f64 + 2.0) + 4.0;
    let legend_w: f64 = 260.0;
    let total_w = w.max(legend_w);
    let total_h = h + legend_h;
    let mut legend = format!(
        "<g id=\"legend\" transform=\"translate(8,{:.1})\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n<text x=\"0\" y=\"10\" font-weight=\"bold\">Legend</text>\n",
        h + 4.0
    );
    for (i, (name, color, dash)) in entries.iter().enumerate() {
        let y = 10.0 + row * (i as f64 + 1.0);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            legend,
            "<line x1=\"0\" y1=\"{:.1}\" x2=\"28\" y2=\"{:.1}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/><text x=\"36\" y=\"{:.1}\">{}</text>",
            y - 4.0,
            y - 4.0,
            y,
            escape_xml(name)
        );
    }
    let _ = writeln!(
        legend,
        "<text x=\"0\" y=\"{:.1}\">wider line: more evidence</text>\n</g>",
        10.0 + row * (entries.len() as f64 + 1.0)
    );
    // The original root keeps its own viewBox; give it a unit-less size and position so
    // that it fills the top of the outer drawing.
    let mut inner_tag = tag.to_string();
    for (name, value) in [("width", w), ("height", h)] {
        if let Some(old) = attr_value(tag, name) {
            inner_tag = inner_tag.replacen(
                &format!(" {name}=\"{old}\""),
                &format!(" {name}=\"{value}\""),
                1,
            );
        }
    }
    inner_tag.push_str(" x=\"0\" y=\"0\"");
    let rest = &svg[root_start + tag_len..];
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{total_w}{unit}\" height=\"{total_h}{unit}\" viewBox=\"0 0 {total_w} {total_h}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{inner_tag}{}\n{legend}</svg>\n",
        rest.trim_end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_attributes() {
        assert_eq!(length("80pt"), Some((80.0, "pt")));
        assert_eq!(length("12.5"), Some((12.5, "")));
        let tag = "<svg width=\"80pt\" height=\"20pt\" viewBox=\"0 0 80 20\"";
        assert_eq!(attr_value(tag, "height"), Some("20pt"));
        assert_eq!(attr_value(tag, "x"), None);
    }

    #[test]
    fn style_rules_are_sorted() {
        let cases: &[(&str, &str)] = &[
            (
                "<svg><style>\n.a15 { font-size: 15px; }\n.a11 { font-size: 11px; }\n</style><g/></svg>",
                "<svg><style>\n.a11 { font-size: 11px; }\n.a15 { font-size: 15px; }\n</style><g/></svg>",
            ),
            (
                "<svg><style>\n.a14 { }\n</style></svg>",
                "<svg><style>\n.a14 { }\n</style></svg>",
            ),
            ("<svg><style>\n</style></svg>", "<svg><style>\n</style></svg>"),
            ("<svg><circle r=\"3\"/></svg>", "<svg><circle r=\"3\"/></svg>"),
            ("</style><style>\n", "</style><style>\n"),
        ];
        for (svg, want) in cases {
            assert_eq!(sorted_styles(svg), *want, "{svg}");
        }
    }

    #[test]
    fn builtin_drawing_is_deterministic() {
        let doc = crate::Document::new(
            "t",
            "Peru condemned Chile. Kenya supported Uganda. The United Arab Emirates met \
             Oman. Brazil sanctioned Argentina. Norway aided Sweden.",
        );
        let pipeline = crate::Pipeline::new(crate::Extractor::with_defaults().unwrap());
        let g = pipeline.build([doc]).to_json();
        let first = builtin_svg(&g, false).unwrap();
        for _ in 0..8 {
            assert_eq!(builtin_svg(&g, false).unwrap(), first);
        }
    }

    #[test]
    fn legend_wraps_the_drawing() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"100\" height=\"50\" viewBox=\"0 0 100 50\" xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"3\"/></svg>";
        let out = add_legend(svg, true);
        assert!(out.contains("width=\"260\" height=\"162\""), "{out}");
        assert!(out.contains("<svg width=\"100\" height=\"50\" viewBox=\"0 0 100 50\""));
        assert!(out.contains("negated"));
        assert_eq!(out.matches("<svg").count(), 2);
        assert_eq!(out.matches("</svg>").count(), 2);
    }
}
