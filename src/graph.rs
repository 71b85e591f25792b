//! The stance graph: actors as nodes, one edge per (source, target, type, polarity),
//! every edge carrying all the evidence that states it.
//!
//! [`StanceGraph`] is backed by a petgraph `StableDiGraph`, with maps from actor ids and
//! edge keys to indices so adding evidence is O(1). It also owns graph JSON version 1 (the
//! format described in `docs/FORMAT.md`, schema in `schema/graph.schema.json`): [`GraphJson`]
//! reads and writes it. Merging is associative and commutative: nodes add their mention
//! counts, edges take the union of their evidence, documents the union of their metadata,
//! and every list is kept in one canonical order so the output is deterministic.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::StanceEvent;
use crate::gazetteer::{ActorKind, Gazetteer};
use crate::spill::{is_long, key, sort_grouped};
use crate::stance::{Polarity, StanceType};

/// The version of the graph JSON this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A node: one actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub mentions: usize,
}

/// One sentence that states an edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub cue: String,
    pub said_by: Option<String>,
    pub confidence: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between: Option<String>,
}

impl Evidence {
    /// The evidence of a stance event.
    pub fn from_event(ev: &StanceEvent) -> Self {
        Evidence {
            doc: ev.doc.clone(),
            sentence: ev.sentence,
            start: ev.start,
            end: ev.end,
            text: ev.text.clone(),
            cue: ev.cue.clone(),
            said_by: ev.said_by.clone(),
            confidence: ev.confidence,
            between: ev.between.clone(),
        }
    }

    /// What identifies a piece of evidence on its edge: one per key is kept.
    pub(crate) fn key(&self) -> (&str, usize, usize, &str) {
        (&self.doc, self.sentence, self.start, &self.cue)
    }

    /// The evidence as borrowed fields, the form the exporters write.
    pub fn view(&self) -> EvidenceRef<'_> {
        EvidenceRef {
            doc: &self.doc,
            sentence: self.sentence,
            start: self.start,
            end: self.end,
            text: &self.text,
            cue: &self.cue,
            said_by: self.said_by.as_deref(),
            confidence: self.confidence,
            between: self.between.as_deref(),
        }
    }
}

/// An [`Evidence`] whose strings are borrowed: from the graph, or from a record read
/// back from a temporary file without copying.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidenceRef<'a> {
    pub doc: &'a str,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub cue: &'a str,
    pub said_by: Option<&'a str>,
    pub confidence: f64,
    pub between: Option<&'a str>,
}

/// An edge as written in graph JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeJson {
    pub source: String,
    pub target: String,
    #[serde(rename = "type")]
    pub stance: StanceType,
    pub polarity: Polarity,
    pub count: usize,
    pub weight: f64,
    pub cameo: String,
    pub plover: String,
    pub evidence: Vec<Evidence>,
}

/// What [`StanceGraph::merge_json_checked`] found and did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// Documents of the merged graph already in the graph (the same document): their
    /// evidence is kept once.
    pub shared: usize,
    /// Every document of the merged graph was already in: its mention counts were not
    /// added again.
    pub mentions_skipped: bool,
    /// Different documents whose id was already used: (id, the new id given).
    pub renamed: Vec<(String, String)>,
}

/// Document metadata as written in graph JSON.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

impl DocumentMeta {
    /// The metadata as borrowed fields, the form the exporters write.
    pub fn view(&self) -> DocumentRef<'_> {
        DocumentRef {
            id: &self.id,
            title: self.title.as_deref(),
            date: self.date.as_deref(),
            source: self.source.as_deref(),
            url: self.url.as_deref(),
        }
    }
}

/// A [`DocumentMeta`] whose strings are borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentRef<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
}

/// Graph JSON version 1, exactly as written to `graph.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphJson {
    pub format: String,
    pub version: u32,
    pub documents: Vec<DocumentMeta>,
    pub nodes: Vec<Node>,
    pub edges: Vec<EdgeJson>,
}

/// The identity of an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeKey {
    pub source: String,
    pub target: String,
    pub stance: StanceType,
    pub polarity: Polarity,
}

/// What an edge of the petgraph graph holds.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeData {
    pub stance: StanceType,
    pub polarity: Polarity,
    pub evidence: Vec<Evidence>,
}

/// The diplomatic-stance graph.
#[derive(Debug, Clone, Default)]
pub struct StanceGraph {
    graph: StableDiGraph<Node, EdgeData>,
    nodes: BTreeMap<String, NodeIndex>,
    /// The edges by their ends and kind: an [`EdgeKey`] with the actor ids as node
    /// indices, so that finding an edge copies no id.
    edges: HashMap<(NodeIndex, NodeIndex, StanceType, Polarity), EdgeIndex>,
    documents: BTreeMap<String, DocumentMeta>,
}

/// Whether an edge of `stance` from `source` to `target` is stored the other way round.
/// Symmetric types are one relation whichever way they are written: they are stored
/// under the ids in sorted order, so merging stays commutative.
fn swapped(stance: StanceType, source: &str, target: &str) -> bool {
    stance.symmetric() && target < source
}

impl StanceGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// The petgraph graph, for algorithms (neighbourhoods, paths, centrality).
    pub fn petgraph(&self) -> &StableDiGraph<Node, EdgeData> {
        &self.graph
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The node with this actor id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id).map(|&i| &self.graph[i])
    }

    fn ensure_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&i) = self.nodes.get(&node.id) {
            self.graph[i].mentions += node.mentions;
            return i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.nodes.insert(id, i);
        i
    }

    /// Records a document and the mention counts of its actors.
    pub fn add_document(
        &mut self,
        doc: &Document,
        mentions: &BTreeMap<String, usize>,
        gazetteer: &Gazetteer,
    ) {
        self.documents.insert(
            doc.id.clone(),
            DocumentMeta {
                id: doc.id.clone(),
                title: doc.title.clone(),
                date: doc.date.clone(),
                source: doc.source.clone(),
                url: doc.url.clone(),
            },
        );
        self.add_mentions(mentions, gazetteer);
    }

    /// Adds a document's mention counts to its actors' nodes (creating them).
    pub(crate) fn add_mentions(
        &mut self,
        mentions: &BTreeMap<String, usize>,
        gazetteer: &Gazetteer,
    ) {
        for (id, &count) in mentions {
            if let Some(a) = gazetteer.actor(id) {
                self.ensure_node(Node {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: a.kind,
                    mentions: count,
                });
            }
        }
    }

    /// Adds one stance event as evidence of its edge.
    pub fn add_event(&mut self, ev: &StanceEvent, gazetteer: &Gazetteer) {
        let e = self.event_edge(ev, gazetteer);
        self.push_evidence(e, vec![Evidence::from_event(ev)]);
    }

    /// The edge (created if new, with its nodes) that `ev` is evidence of.
    pub(crate) fn event_edge(&mut self, ev: &StanceEvent, gazetteer: &Gazetteer) -> EdgeIndex {
        let (source, target) = if swapped(ev.stance, &ev.source, &ev.target) {
            (&ev.target, &ev.source)
        } else {
            (&ev.source, &ev.target)
        };
        if let (Some(&s), Some(&t)) = (self.nodes.get(source), self.nodes.get(target)) {
            if let Some(&e) = self.edges.get(&(s, t, ev.stance, ev.polarity)) {
                return e;
            }
        }
        let node = |id: &str| {
            let a = gazetteer.actor(id);
            Node {
                id: id.to_string(),
                name: a.map_or(id.to_string(), |a| a.name.clone()),
                kind: a.map_or(ActorKind::Country, |a| a.kind),
                mentions: 0,
            }
        };
        self.edge(node(&ev.source), node(&ev.target), ev.stance, ev.polarity)
    }

    /// The edge from `source` to `target` (created if new, with its nodes).
    fn edge(
        &mut self,
        source: Node,
        target: Node,
        stance: StanceType,
        polarity: Polarity,
    ) -> EdgeIndex {
        let (source, target) = if swapped(stance, &source.id, &target.id) {
            (target, source)
        } else {
            (source, target)
        };
        let s = self.ensure_node(source);
        let t = self.ensure_node(target);
        *self
            .edges
            .entry((s, t, stance, polarity))
            .or_insert_with(|| {
                self.graph.add_edge(
                    s,
                    t,
                    EdgeData {
                        stance,
                        polarity,
                        evidence: Vec::new(),
                    },
                )
            })
    }

    /// The edges' keys with their indices, in canonical order.
    fn sorted_keys(&self) -> Vec<(EdgeKey, EdgeIndex)> {
        let mut keys: Vec<(EdgeKey, EdgeIndex)> = self
            .edges
            .iter()
            .map(|(&(s, t, stance, polarity), &i)| {
                let key = EdgeKey {
                    source: self.graph[s].id.clone(),
                    target: self.graph[t].id.clone(),
                    stance,
                    polarity,
                };
                (key, i)
            })
            .collect();
        // as `keys.sort()`, comparing the actor ids as numbers first
        sort_grouped(&mut keys, |(k, _)| {
            let source = key(&k.source);
            if is_long(source) {
                (source, 0)
            } else {
                (source, key(&k.target))
            }
        });
        keys
    }

    /// Adds evidence to edge `e`. An edge's evidence is kept sorted by
    /// [`Evidence::key`] with one piece per key: of several with the same key, the one
    /// with the smallest `text`, and of those the one added first. (`store.rs` keeps
    /// this order and this choice when the evidence is spilled to disk.)
    fn push_evidence(&mut self, e: EdgeIndex, evidence: Vec<Evidence>) {
        let data = &mut self.graph[e];
        // Evidence mostly arrives in order (a document sentence by sentence): then it is
        // appended, so an edge stated in many sentences costs linear time, not quadratic.
        // The same sentence and cue again (a cue written twice in one sentence) is dropped
        // here, as the sort and dedup below would drop it.
        if let [one] = evidence.as_slice() {
            match data.evidence.last() {
                Some(last) if last.key() > one.key() => {}
                Some(last) if last.key() == one.key() => {
                    if last.text <= one.text {
                        return;
                    }
                }
                _ => {
                    data.evidence.extend(evidence);
                    return;
                }
            }
        }
        data.evidence.extend(evidence);
        data.evidence
            .sort_by(|a, b| a.key().cmp(&b.key()).then(a.text.cmp(&b.text)));
        data.evidence.dedup_by(|a, b| a.key() == b.key());
    }

    /// Merges `other` into `self`. Associative and commutative for graphs built from
    /// disjoint sets of documents.
    pub fn merge(&mut self, other: &StanceGraph) {
        self.merge_json(&other.to_json());
    }

    /// Merges a graph read from JSON into `self`.
    pub fn merge_json(&mut self, g: &GraphJson) {
        self.merge_json_mentions(g, true);
    }

    /// [`merge_json`](Self::merge_json), minding documents already in `self`.
    ///
    /// A document of `g` whose id is already used is the same document when its metadata
    /// (title, date, source, url) are equal and no sentence of it that both graphs hold
    /// evidence from differs; its evidence is then kept once. Otherwise it is a different
    /// document that happens to share the id (id-less records are `stdin-N` in every
    /// shard): it is renamed `ID#2` (`#3`…, the first free), in its evidence too. When every
    /// document of `g` is already in `self` (the same graph merged twice), its mention
    /// counts are not added again; when only some are, they are (mentions are counted per
    /// actor, not per document), and [`MergeReport::shared`] says how many.
    pub fn merge_json_checked(&mut self, g: &GraphJson) -> MergeReport {
        let mut report = MergeReport::default();
        let known: BTreeSet<&str> = g
            .documents
            .iter()
            .map(|d| d.id.as_str())
            .filter(|id| self.documents.contains_key(*id))
            .collect();
        if known.is_empty() {
            self.merge_json(g);
            return report;
        }
        // sentences of the documents in both, as each graph has them
        let mut ours: HashMap<(&str, usize), &str> = HashMap::new();
        for e in self.graph.edge_indices() {
            for ev in &self.graph[e].evidence {
                if known.contains(ev.doc.as_str()) {
                    ours.insert((ev.doc.as_str(), ev.sentence), ev.text.as_str());
                }
            }
        }
        let mut differs: BTreeSet<&str> = BTreeSet::new();
        for d in &g.documents {
            if known.contains(d.id.as_str()) && self.documents.get(&d.id) != Some(d) {
                differs.insert(d.id.as_str());
            }
        }
        for e in &g.edges {
            for ev in &e.evidence {
                if let Some(text) = ours.get(&(ev.doc.as_str(), ev.sentence)) {
                    if *text != ev.text {
                        differs.insert(ev.doc.as_str());
                    }
                }
            }
        }
        report.shared = known.len() - differs.len();
        let mut renames: HashMap<String, String> = HashMap::new();
        let taken = |id: &str, renames: &HashMap<String, String>| {
            self.documents.contains_key(id)
                || g.documents.iter().any(|d| d.id == id)
                || renames.values().any(|v| v == id)
        };
        for id in &differs {
            let new = (2u64..)
                .map(|n| format!("{id}#{n}"))
                .find(|c| !taken(c, &renames))
                .unwrap_or_else(|| format!("{id}#"));
            renames.insert(id.to_string(), new.clone());
            report.renamed.push((id.to_string(), new));
        }
        let add_mentions = report.shared < g.documents.len();
        report.mentions_skipped = !add_mentions;
        if renames.is_empty() {
            self.merge_json_mentions(g, add_mentions);
            return report;
        }
        let mut g = g.clone();
        for d in &mut g.documents {
            if let Some(new) = renames.get(&d.id) {
                d.id.clone_from(new);
            }
        }
        for e in &mut g.edges {
            for ev in &mut e.evidence {
                if let Some(new) = renames.get(&ev.doc) {
                    ev.doc.clone_from(new);
                }
            }
        }
        self.merge_json_mentions(&g, add_mentions);
        report
    }

    fn merge_json_mentions(&mut self, g: &GraphJson, add_mentions: bool) {
        for d in &g.documents {
            self.documents.insert(d.id.clone(), d.clone());
        }
        for n in &g.nodes {
            let mentions = if add_mentions { n.mentions } else { 0 };
            self.ensure_node(Node {
                mentions,
                ..n.clone()
            });
        }
        for e in &g.edges {
            let node = |id: &str| Node {
                id: id.to_string(),
                name: id.to_string(),
                kind: ActorKind::Country,
                mentions: 0,
            };
            let s = g
                .nodes
                .iter()
                .find(|n| n.id == e.source)
                .cloned()
                .map_or_else(|| node(&e.source), |n| Node { mentions: 0, ..n });
            let t = g
                .nodes
                .iter()
                .find(|n| n.id == e.target)
                .cloned()
                .map_or_else(|| node(&e.target), |n| Node { mentions: 0, ..n });
            let i = self.edge(s, t, e.stance, e.polarity);
            self.push_evidence(i, e.evidence.clone());
        }
    }

    /// Builds a graph from JSON (e.g. a `graph.json` read back).
    pub fn from_json(g: &GraphJson) -> Self {
        let mut out = StanceGraph::new();
        out.merge_json(g);
        out
    }

    /// The graph as JSON version 1, in canonical order.
    pub fn to_json(&self) -> GraphJson {
        let edges = self
            .sorted_keys()
            .into_iter()
            .map(|(k, i)| edge_json(&k, self.graph[i].evidence.clone()))
            .collect();
        GraphJson {
            format: "stancegraph".into(),
            version: FORMAT_VERSION,
            documents: self.documents.values().cloned().collect(),
            nodes: self.nodes().cloned().collect(),
            edges,
        }
    }

    /// [`to_json`](Self::to_json), moving the evidence instead of copying it: for large
    /// graphs, half the memory.
    pub fn into_json(self) -> GraphJson {
        self.into_json_ordered().0
    }

    /// [`into_json`](Self::into_json), with the index in the graph of each of its edges
    /// (the edge indices in canonical order).
    pub(crate) fn into_json_ordered(mut self) -> (GraphJson, Vec<EdgeIndex>) {
        let keys = self.sorted_keys();
        let order = keys.iter().map(|&(_, i)| i).collect();
        let edges = keys
            .into_iter()
            .map(|(k, i)| edge_json(&k, std::mem::take(&mut self.graph[i].evidence)))
            .collect();
        let json = GraphJson {
            format: "stancegraph".into(),
            version: FORMAT_VERSION,
            documents: std::mem::take(&mut self.documents).into_values().collect(),
            nodes: self.nodes().cloned().collect(),
            edges,
        };
        (json, order)
    }

    /// The edges in canonical order with their data.
    pub fn edges(&self) -> Vec<(EdgeKey, &EdgeData)> {
        self.sorted_keys()
            .into_iter()
            .map(|(k, i)| (k, &self.graph[i]))
            .collect()
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().map(|&i| &self.graph[i])
    }

    /// Document ids in the graph.
    pub fn document_ids(&self) -> BTreeSet<&str> {
        self.documents.keys().map(String::as_str).collect()
    }
}

/// An edge of graph JSON from its key and evidence.
fn edge_json(k: &EdgeKey, evidence: Vec<Evidence>) -> EdgeJson {
    EdgeJson {
        source: k.source.clone(),
        target: k.target.clone(),
        stance: k.stance,
        polarity: k.polarity,
        count: evidence.len(),
        weight: k.stance.weight(),
        cameo: k.stance.cameo().to_string(),
        plover: k.stance.plover().to_string(),
        evidence,
    }
}

impl GraphJson {
    /// Parses graph JSON, checking format and version. `origin` names the file in errors.
    ///
    /// A UTF-8 byte-order mark is skipped. A damaged file (NaN, a cut-off end, trailing
    /// garbage) is "not JSON" with the line and column where it goes wrong; a `version`
    /// that is not the integer 1 (`1.0`, `"1"`) says what it is.
    pub fn parse(origin: &str, text: &str) -> Result<GraphJson> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::BadGraph {
            path: origin.to_string(),
            message: format!("not JSON: {e}"),
        })?;
        let format = value.get("format").and_then(|f| f.as_str());
        if format != Some("stancegraph") {
            return Err(Error::BadGraph {
                path: origin.to_string(),
                message: "not a stancegraph graph (\"format\" is not \"stancegraph\")".into(),
            });
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            Some(v) => {
                return Err(Error::BadGraph {
                    path: origin.to_string(),
                    message: format!(
                        "graph version {v}; this stancegraph reads version {FORMAT_VERSION}"
                    ),
                })
            }
            None => {
                let message = match value.get("version") {
                    None => "no \"version\" field".to_string(),
                    Some(v) => {
                        let shown: String = v.to_string().chars().take(40).collect();
                        format!("\"version\" must be the integer {FORMAT_VERSION}, not {shown}")
                    }
                };
                return Err(Error::BadGraph {
                    path: origin.to_string(),
                    message,
                });
            }
        }
        serde_json::from_value(value).map_err(|e| Error::BadGraph {
            path: origin.to_string(),
            message: e.to_string(),
        })
    }

    /// Writes [`to_string_pretty`](Self::to_string_pretty)'s text to `w`, without
    /// building it in memory first.
    /// The text is written by [`crate::export::json`], byte for byte what serde_json's
    /// pretty printer gives, only faster.
    pub fn write_pretty(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::export::json::write_graph(
            self,
            &mut |f| self.documents.iter().try_for_each(|d| f(d.view())),
            &mut |i, f| self.edges[i].evidence.iter().try_for_each(|e| f(e.view())),
            w,
        )
    }

    /// Pretty JSON with a final newline (serde_json's pretty printer).
    pub fn to_string_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
