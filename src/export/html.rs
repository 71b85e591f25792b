//! A self-contained, offline HTML view of the graph (`render -o graph.html`).
//!
//! This module owns the interactive page: one HTML file with no external scripts,
//! stylesheets or fonts. The diagram is inline SVG laid out here, deterministically
//! (Fruchterman–Reingold from a circle, a fixed number of steps), so the picture shows
//! even without JavaScript. A small inline script adds the rest: click an edge to list
//! its evidence (newest first, with document, date, cue and speaker), filter by stance
//! type, by document date and by polarity, and open `graph.html#edge=N` to show edge N's
//! evidence at once. The graph JSON is embedded in a `<script type="application/json">`
//! with every `<`, `>` and `&` written as a `\u` escape, so no article text can close
//! the script element (`</script>`) or open markup; the script inserts article text
//! with `textContent` only, and every name in the SVG is HTML-escaped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::dot::class_color;
use super::escape_xml;
use super::render::NEGATED_COLOR;
use crate::gazetteer::ActorKind;
use crate::graph::GraphJson;
use crate::stance::{Polarity, StanceType};

/// Options of the HTML view.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlOptions {
    /// Show negated edges when the page opens (they are always in the page; a checkbox
    /// shows or hides them).
    pub show_negated: bool,
}

/// Serializes `value` as JSON that is safe inside a `<script>` element: `<`, `>`, `&`,
/// U+2028 and U+2029 become `\u` escapes (they can only occur inside JSON strings, so
/// the result is the same JSON value).
pub fn script_safe_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Space around each connected component.
const PAD: f64 = 60.0;
/// Packed components wrap to a new row past this width.
const ROW_WIDTH: f64 = 1000.0;

/// Fruchterman–Reingold in a square of side `side`, from a circle; deterministic.
fn spring(n: usize, pairs: &[(usize, usize)], side: f64) -> Vec<(f64, f64)> {
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let k = side / (n as f64).sqrt();
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            (side / 2.0 * a.cos(), side / 2.0 * a.sin())
        })
        .collect();
    let steps = 300;
    for step in 0..steps {
        let temp = (side / 10.0) * (1.0 - step as f64 / steps as f64) + 0.1;
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                // Stronger repulsion than textbook FR spreads out hubs' neighbours.
                let f = 2.0 * k * k / d;
                let (fx, fy) = (dx / d * f, dy / d * f);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(i, j) in pairs {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k;
            let (fx, fy) = (dx / d * f, dy / d * f);
            disp[i].0 -= fx;
            disp[i].1 -= fy;
            disp[j].0 += fx;
            disp[j].1 += fy;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt().max(0.01);
            p.0 += d.0 / len * len.min(temp);
            p.1 += d.1 / len * len.min(temp);
        }
    }
    pos
}

/// Positions of nodes `0..n` joined by `pairs`, and the size of the drawing. Each
/// connected component is laid out on its own (its area grows with its size), then the
/// components are packed in rows, largest first.
fn layout(n: usize, pairs: &BTreeSet<(usize, usize)>) -> (Vec<(f64, f64)>, f64, f64) {
    // Connected components, by union-find.
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in pairs {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut comps: Vec<Vec<usize>> = comps.into_values().collect();
    comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));

    let mut pos = vec![(0.0, 0.0); n];
    let (mut x, mut y, mut row_h, mut width) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for comp in &comps {
        let local: BTreeMap<usize, usize> = comp.iter().enumerate().map(|(l, &g)| (g, l)).collect();
        let local_pairs: Vec<(usize, usize)> = pairs
            .iter()
            .filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?)))
            .collect();
        let side = 150.0 * (comp.len() as f64).sqrt();
        let p = spring(comp.len(), &local_pairs, side);
        let (min_x, max_x) = p
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.0), b.max(q.0)));
        let (min_y, max_y) = p
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.1), b.max(q.1)));
        // Scale the component into its square, keeping its aspect ratio.
        let extent = (max_x - min_x).max(max_y - min_y);
        let scale = if extent > 1e-9 { side / extent } else { 0.0 };
        let (w, h) = (
            (max_x - min_x) * scale + 2.0 * PAD,
            (max_y - min_y) * scale + 2.0 * PAD,
        );
        if x > 0.0 && x + w > ROW_WIDTH {
            x = 0.0;
            y += row_h;
            row_h = 0.0;
        }
        for (l, &g) in comp.iter().enumerate() {
            pos[g] = (
                x + PAD + (p[l].0 - min_x) * scale,
                y + PAD + (p[l].1 - min_y) * scale,
            );
        }
        x += w;
        width = width.max(x);
        row_h = row_h.max(h);
    }
    (pos, width.max(2.0 * PAD), (y + row_h).max(2.0 * PAD))
}

fn color(e_polarity: Polarity, t: StanceType) -> &'static str {
    if e_polarity == Polarity::Negated {
        NEGATED_COLOR
    } else {
        class_color(t.class())
    }
}

fn marker_id(c: &str) -> String {
    format!("arrow-{}", c.trim_start_matches('#'))
}

fn node_shape(kind: ActorKind, x: f64, y: f64) -> String {
    let r = 9.0;
    match kind {
        ActorKind::Country => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\"/>"),
        ActorKind::Organization => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{}\"/>",
            x - r,
            y - r,
            2.0 * r,
            2.0 * r
        ),
        ActorKind::Bloc => {
            let pts: Vec<String> = (0..6)
                .map(|i| {
                    let a = std::f64::consts::TAU * i as f64 / 6.0;
                    format!("{:.1},{:.1}", x + r * 1.1 * a.cos(), y + r * 1.1 * a.sin())
                })
                .collect();
            format!("<polygon points=\"{}\"/>", pts.join(" "))
        }
        ActorKind::Group => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\"/>",
            x,
            y - r * 1.3,
            x + r * 1.3,
            y,
            x,
            y + r * 1.3,
            x - r * 1.3,
            y
        ),
    }
}

/// The inline SVG: edges (one `<g class="edge" data-edge="I">` per edge of `g`, in
/// order) and nodes.
fn svg(g: &GraphJson, opts: HtmlOptions) -> String {
    let drawn: BTreeSet<&str> = g
        .edges
        .iter()
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .collect();
    let mut ids: Vec<&str> = drawn.iter().copied().collect();
    ids.sort_unstable();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let pairs: BTreeSet<(usize, usize)> = g
        .edges
        .iter()
        .filter_map(|e| {
            let (a, b) = (index.get(e.source.as_str())?, index.get(e.target.as_str())?);
            (a != b).then(|| (*a.min(b), *a.max(b)))
        })
        .collect();
    let (pos, width, height) = layout(ids.len(), &pairs);
    let at = |id: &str| index.get(id).and_then(|&i| pos.get(i)).copied();

    let mut out = format!(
        "<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"stance graph\">\n<defs>\n"
    );
    let mut colors: BTreeSet<&str> = g
        .edges
        .iter()
        .map(|e| color(e.polarity, e.stance))
        .collect();
    colors.insert(NEGATED_COLOR);
    for c in colors {
        let _ = writeln!(
            out,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>",
            marker_id(c)
        );
    }
    out.push_str("</defs>\n<g id=\"edges\">\n");
    // Parallel edges between the same two actors are bent apart.
    let mut by_pair: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in g.edges.iter().enumerate() {
        let key = if e.source <= e.target {
            (e.source.as_str(), e.target.as_str())
        } else {
            (e.target.as_str(), e.source.as_str())
        };
        by_pair.entry(key).or_default().push(i);
    }
    let mut bend = vec![0.0f64; g.edges.len()];
    for list in by_pair.values() {
        let n = list.len() as f64;
        for (k, &i) in list.iter().enumerate() {
            bend[i] = (k as f64 - (n - 1.0) / 2.0) * 36.0;
        }
    }
    for (i, e) in g.edges.iter().enumerate() {
        let (Some(s), Some(t)) = (at(&e.source), at(&e.target)) else {
            continue;
        };
        // The bend is measured on the pair in sorted order, so edges in opposite
        // directions bend to different sides.
        let (a, b) = if e.source <= e.target { (s, t) } else { (t, s) };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt().max(0.01);
        let (nx, ny) = (-dy / len, dx / len);
        let mid = ((s.0 + t.0) / 2.0, (s.1 + t.1) / 2.0);
        let c = (mid.0 + nx * bend[i], mid.1 + ny * bend[i]);
        // Stop short of the target node so the arrowhead stays visible.
        let (tx, ty) = (t.0 - c.0, t.1 - c.1);
        let tl = (tx * tx + ty * ty).sqrt().max(0.01);
        let end = (t.0 - tx / tl * 12.0, t.1 - ty / tl * 12.0);
        let col = color(e.polarity, e.stance);
        let width = 1.5 + 1.5 * (e.count as f64).ln().max(0.0);
        let negated = e.polarity == Polarity::Negated;
        let not = if negated { "not " } else { "" };
        let label = format!("{not}{} ×{}", e.stance, e.count);
        let marker = if e.stance.symmetric() {
            String::new()
        } else {
            format!(" marker-end=\"url(#{})\"", marker_id(col))
        };
        let dash = if negated {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let hidden = if negated && !opts.show_negated {
            " style=\"display:none\""
        } else {
            ""
        };
        let label_at = (
            0.25 * s.0 + 0.5 * c.0 + 0.25 * t.0,
            0.25 * s.1 + 0.5 * c.1 + 0.25 * t.1,
        );
        let _ = writeln!(
            out,
            "<g class=\"edge\" data-edge=\"{i}\" data-type=\"{}\" data-polarity=\"{}\" tabindex=\"0\"{hidden}>\
             <path class=\"hit\" d=\"M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}\"/>\
             <path class=\"line\" d=\"M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}\" stroke=\"{col}\" stroke-width=\"{width:.1}\"{dash}{marker}/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{col}\">{}</text>\
             <title>{} → {}: {}</title></g>",
            e.stance,
            e.polarity.as_str(),
            s.0,
            s.1,
            c.0,
            c.1,
            end.0,
            end.1,
            s.0,
            s.1,
            c.0,
            c.1,
            end.0,
            end.1,
            label_at.0,
            label_at.1 - 3.0,
            escape_xml(&label),
            escape_xml(&e.source),
            escape_xml(&e.target),
            escape_xml(&label),
        );
    }
    out.push_str("</g>\n<g id=\"nodes\">\n");
    let names: BTreeMap<&str, (&str, ActorKind, usize)> = g
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), (n.name.as_str(), n.kind, n.mentions)))
        .collect();
    for id in &ids {
        let Some((x, y)) = at(id) else { continue };
        let (name, kind, mentions) = names
            .get(id)
            .copied()
            .unwrap_or((id, ActorKind::Country, 0));
        let _ = writeln!(
            out,
            "<g class=\"node {}\" data-id=\"{}\">{}<text x=\"{x:.1}\" y=\"{:.1}\">{}</text><title>{} ({}, {} mentions)</title></g>",
            kind.as_str(),
            escape_xml(id),
            node_shape(kind, x, y),
            y + 24.0,
            escape_xml(name),
            escape_xml(id),
            kind.as_str(),
            mentions
        );
    }
    out.push_str("</g>\n</svg>");
    out
}

const STYLE: &str = r#"
:root { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #212121; }
body { margin: 0; }
header { padding: 8px 16px; border-bottom: 1px solid #e0e0e0; }
header h1 { font-size: 18px; margin: 0; display: inline; }
header p { display: inline; margin: 0 0 0 12px; color: #616161; font-size: 14px; }
#controls { padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; font-size: 13px; border-bottom: 1px solid #e0e0e0; }
#controls fieldset { border: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 10px; }
#controls legend { font-weight: 600; float: left; margin-right: 6px; }
.swatch { display: inline-block; width: 18px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 3px; }
.swatch.negated { border-top-style: dashed; }
main { display: flex; min-height: calc(100vh - 100px); }
#graph { flex: 1 1 auto; min-width: 0; height: calc(100vh - 100px); cursor: grab; user-select: none; }
#graph .edge { cursor: pointer; }
#graph .edge .line { fill: none; }
#graph .edge .hit { fill: none; stroke: transparent; stroke-width: 12px; }
#graph .edge text { font-size: 10px; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#graph .edge.selected .line { filter: drop-shadow(0 0 3px #ffb300); }
#graph .edge:focus { outline: none; }
#graph .node circle, #graph .node rect, #graph .node polygon { fill: #f5f5f5; stroke: #424242; stroke-width: 1.2px; }
#graph .node text { font-size: 12px; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#graph .node.faded { opacity: 0.25; }
#evidence { flex: 0 0 380px; border-left: 1px solid #e0e0e0; padding: 8px 16px; overflow-y: auto; height: calc(100vh - 116px); font-size: 14px; }
#evidence h2 { font-size: 16px; margin: 4px 0 8px; }
#evidence .item { border-bottom: 1px solid #eeeeee; padding: 6px 0; }
#evidence .meta { color: #616161; font-size: 12px; }
#evidence blockquote { margin: 4px 0 0; }
"#;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stancegraph-data").textContent);
  var dates = {};
  data.documents.forEach(function (d) { dates[d.id] = d.date; });
  var since = document.getElementById("since");
  var until = document.getElementById("until");
  var negated = document.getElementById("negated");
  var typeBoxes = document.querySelectorAll("#types input");
  var edgeEls = document.querySelectorAll("#graph .edge");
  var list = document.getElementById("evidence-list");
  var title = document.getElementById("evidence-title");
  var selected = -1;

  function inRange(ev) {
    var s = since.value, u = until.value;
    if (!s && !u) { return true; }
    var d = dates[ev.doc];
    if (!d) { return false; }
    return (!s || d >= s) && (!u || d <= u);
  }
  function typeOn(t) {
    for (var i = 0; i < typeBoxes.length; i++) {
      if (typeBoxes[i].value === t) { return typeBoxes[i].checked; }
    }
    return true;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function name(id) {
    for (var i = 0; i < data.nodes.length; i++) {
      if (data.nodes[i].id === id) { return data.nodes[i].name + " (" + id + ")"; }
    }
    return id;
  }
  function show(i) {
    selected = i;
    edgeEls.forEach(function (g) { g.classList.toggle("selected", Number(g.dataset.edge) === i); });
    list.textContent = "";
    var e = data.edges[i];
    if (!e) { title.textContent = "Evidence"; return; }
    var not = e.polarity === "negated" ? "not " : "";
    title.textContent = name(e.source) + " " + not + e.type + " " + name(e.target);
    var evs = e.evidence.filter(inRange).slice();
    evs.sort(function (a, b) {
      var da = dates[a.doc] || "", db = dates[b.doc] || "";
      if (da !== db) { return da < db ? 1 : -1; }
      if (a.doc !== b.doc) { return a.doc < b.doc ? -1 : 1; }
      return a.sentence - b.sentence;
    });
    if (evs.length === 0) { list.appendChild(el("p", "meta", "No evidence in the selected dates.")); }
    evs.forEach(function (ev) {
      var item = el("div", "item");
      var meta = (dates[ev.doc] || "no date") + " \u00b7 " + ev.doc + " #" + ev.sentence +
        " \u00b7 cue \u201c" + ev.cue + "\u201d";
      if (ev.said_by) { meta += " \u00b7 said by " + ev.said_by; }
      if (ev.between) { meta += " \u00b7 between " + e.target + " and " + ev.between; }
      item.appendChild(el("div", "meta", meta));
      item.appendChild(el("blockquote", "", ev.text));
      list.appendChild(item);
    });
  }
  function apply() {
    var used = {};
    edgeEls.forEach(function (g) {
      var e = data.edges[Number(g.dataset.edge)];
      var n = e.evidence.filter(inRange).length;
      var on = typeOn(e.type) && (e.polarity === "asserted" || negated.checked) && n > 0;
      g.style.display = on ? "" : "none";
      var t = g.querySelector("text");
      if (t) { t.textContent = (e.polarity === "negated" ? "not " : "") + e.type + " \u00d7" + n; }
      if (on) { used[e.source] = true; used[e.target] = true; }
    });
    document.querySelectorAll("#graph .node").forEach(function (g) {
      g.classList.toggle("faded", !used[g.dataset.id]);
    });
    if (selected >= 0) { show(selected); }
  }
  edgeEls.forEach(function (g) {
    function pick() {
      show(Number(g.dataset.edge));
      if (history.replaceState) { history.replaceState(null, "", "#edge=" + g.dataset.edge); }
    }
    g.addEventListener("click", pick);
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { pick(); } });
  });
  [since, until, negated].forEach(function (c) { c.addEventListener("change", apply); });
  typeBoxes.forEach(function (c) { c.addEventListener("change", apply); });
  // Zoom with the wheel, pan by dragging the background.
  var svg = document.getElementById("graph");
  var vb = svg.getAttribute("viewBox").split(" ").map(Number);
  function setView() { svg.setAttribute("viewBox", vb.join(" ")); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect();
    var fx = (ev.clientX - r.left) / r.width, fy = (ev.clientY - r.top) / r.height;
    var k = ev.deltaY < 0 ? 0.85 : 1 / 0.85;
    var w = vb[2] * k, h = vb[3] * k;
    vb = [vb[0] + (vb[2] - w) * fx, vb[1] + (vb[3] - h) * fy, w, h];
    setView();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) {
    if (ev.target.closest && ev.target.closest(".edge")) { return; }
    drag = { x: ev.clientX, y: ev.clientY, vb: vb.slice() };
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var r = svg.getBoundingClientRect();
    var s = Math.max(drag.vb[2] / r.width, drag.vb[3] / r.height);
    vb = [drag.vb[0] - (ev.clientX - drag.x) * s, drag.vb[1] - (ev.clientY - drag.y) * s, drag.vb[2], drag.vb[3]];
    setView();
  });
  window.addEventListener("mouseup", function () { drag = null; });
  apply();
  var m = /^#edge=(\d+)$/.exec(location.hash);
  if (m) { show(Number(m[1])); }
  document.body.setAttribute("data-ready", "true");
})();
"##;

/// The page. `g` should already be [`select`](super::render::select)ed, with negated
/// edges kept: the page has its own checkbox for them.
pub fn to_html(g: &GraphJson, opts: HtmlOptions) -> String {
    let mut out = String::new();
    let title = format!(
        "stancegraph: {} documents, {} actors, {} edges",
        g.documents.len(),
        g.nodes.len(),
        g.edges.len()
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape_xml(&title)
    );
    let dates: BTreeSet<&str> = g
        .documents
        .iter()
        .filter_map(|d| d.date.as_deref())
        .collect();
    let _ = writeln!(
        out,
        "<header><h1>stancegraph</h1><p>{} documents{}, {} actors, {} edges. Click an edge to see its evidence.</p></header>",
        g.documents.len(),
        match (dates.first(), dates.last()) {
            (Some(f), Some(l)) => format!(" ({} … {})", escape_xml(f), escape_xml(l)),
            _ => String::new(),
        },
        g.nodes.len(),
        g.edges.len()
    );
    out.push_str("<section id=\"controls\">\n<fieldset id=\"types\"><legend>Types</legend>\n");
    let types: BTreeSet<StanceType> = g.edges.iter().map(|e| e.stance).collect();
    for t in &types {
        let _ = writeln!(
            out,
            "<label><input type=\"checkbox\" value=\"{t}\" checked><span class=\"swatch\" style=\"border-color:{}\"></span>{t}</label>",
            class_color(t.class())
        );
    }
    out.push_str("</fieldset>\n");
    let _ = writeln!(
        out,
        "<label>since <input type=\"date\" id=\"since\"></label>\n\
         <label>until <input type=\"date\" id=\"until\"></label>\n\
         <label><input type=\"checkbox\" id=\"negated\"{}><span class=\"swatch negated\" style=\"border-color:{NEGATED_COLOR}\"></span>negated edges</label>\n\
         <span>colour: <span class=\"swatch\" style=\"border-color:{}\"></span>cooperative \
         <span class=\"swatch\" style=\"border-color:{}\"></span>conflictual \
         <span class=\"swatch\" style=\"border-color:{}\"></span>mediation; width: evidence count</span>",
        if opts.show_negated { " checked" } else { "" },
        class_color(crate::stance::StanceClass::Cooperative),
        class_color(crate::stance::StanceClass::Conflictual),
        class_color(crate::stance::StanceClass::Mediation),
    );
    out.push_str("</section>\n<main>\n");
    out.push_str(&svg(g, opts));
    out.push_str(
        "\n<aside id=\"evidence\"><h2 id=\"evidence-title\">Evidence</h2>\
         <div id=\"evidence-list\"><p class=\"meta\">Click an edge to see the sentences that state it.</p></div>\
         <noscript><p>Listing evidence needs JavaScript. The graph JSON is embedded in this page.</p></noscript></aside>\n</main>\n",
    );
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"stancegraph-data\">{}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        script_safe_json(g)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_the_script() {
        let s = script_safe_json(&"</script><!-- & \u{2028}");
        assert_eq!(s, "\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}");
    }

    #[test]
    fn layout_is_deterministic_and_inside_the_page() {
        let pairs = BTreeSet::from([(0, 1), (1, 2), (3, 4)]);
        let (pos, w, h) = layout(6, &pairs);
        assert_eq!((pos.clone(), w, h), layout(6, &pairs));
        for (x, y) in &pos {
            assert!(
                (0.0..=w).contains(x) && (0.0..=h).contains(y),
                "{x},{y} in {w}x{h}"
            );
        }
        // Nodes do not sit on top of each other.
        for i in 0..6 {
            for j in (i + 1)..6 {
                let d = ((pos[i].0 - pos[j].0).powi(2) + (pos[i].1 - pos[j].1).powi(2)).sqrt();
                assert!(d > 20.0, "{i} and {j} overlap");
            }
        }
    }
}
