//! Queries over a stance graph: "what is A's stance toward B, and where does the text say
//! so?".
//!
//! This module owns the read side of graph JSON: resolving the actors a user names,
//! filtering evidence by document date and stance type, the net stance score of a dyad
//! (the evidence-count-weighted mean of the `docs/STANCES.md` weights of its asserted
//! edges, on −10…+10), rankings of an actor's targets (allies, adversaries), mediators
//! between two actors and per-month timelines. Everything is a pure function of a
//! [`GraphJson`] returning typed, serializable structs (the `--json` output of
//! `stancegraph query`, documented in `docs/FORMAT.md`); [`format_text`] renders a
//! [`Report`] for the terminal, so the binary only prints.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::graph::{EdgeJson, GraphJson};
use crate::stance::{Polarity, StanceType};

/// Which evidence a query looks at. Empty `types` means every type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Filter {
    /// Keep evidence from documents dated on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Keep evidence from documents dated on or before this day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Keep only these stance types (all when empty).
    pub types: Vec<StanceType>,
}

impl Filter {
    fn keeps_type(&self, t: StanceType) -> bool {
        self.types.is_empty() || self.types.contains(&t)
    }

    /// Undated evidence passes only when no date bound is set.
    fn keeps_date(&self, date: Option<&str>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(d) = date else {
            return false;
        };
        self.since.as_deref().is_none_or(|s| d >= s) && self.until.as_deref().is_none_or(|u| d <= u)
    }
}

/// An actor as a query reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    pub id: String,
    pub name: String,
}

/// One piece of evidence, flattened with its edge and its document's date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceRow {
    pub date: Option<String>,
    pub doc: String,
    pub sentence: usize,
    pub source: String,
    pub target: String,
    #[serde(rename = "type")]
    pub stance: StanceType,
    pub polarity: Polarity,
    pub weight: f64,
    pub cue: String,
    pub said_by: Option<String>,
    pub between: Option<String>,
    pub confidence: f64,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// How much evidence one type (with one polarity) has in a dyad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeCount {
    #[serde(rename = "type")]
    pub stance: StanceType,
    pub polarity: Polarity,
    pub count: usize,
}

/// The net score of a dyad over one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthScore {
    /// `YYYY-MM`.
    pub month: String,
    pub score: f64,
    /// Asserted evidence in the month.
    pub count: usize,
}

/// A's stance toward B: summary, timeline and the evidence, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dyad {
    pub source: ActorRef,
    pub target: ActorRef,
    /// Net score on −10…+10, rounded to two decimals; `None` without asserted evidence.
    pub score: Option<f64>,
    /// Asserted evidence count (the score's denominator).
    pub asserted: usize,
    /// Negated evidence count (never part of the score).
    pub negated: usize,
    /// Asserted types by count (descending), then negated types by count.
    pub types: Vec<TypeCount>,
    /// Earliest and latest document date among the evidence.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Per-month net score of the dated asserted evidence, oldest month first.
    pub timeline: Vec<MonthScore>,
    /// Asserted evidence without a document date (not in `timeline`).
    pub undated: usize,
    /// Every evidence row, newest document first.
    pub evidence: Vec<EvidenceRow>,
}

/// An actor that mediates toward both A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mediator {
    pub actor: ActorRef,
    /// Asserted `mediates` evidence toward A and toward B.
    pub to_a: usize,
    pub to_b: usize,
    /// Evidence toward one of them that names the other as the other disputant.
    pub joint: usize,
    /// The mediation evidence toward A or B, newest first.
    pub evidence: Vec<EvidenceRow>,
}

/// What a query asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A's stance toward B.
    Dyad { from: String, to: String },
    /// A toward B and B toward A.
    Between { a: String, b: String },
    /// A toward every target, ranked by net score (highest first).
    From { from: String },
    /// Every actor that takes a stance toward B, ranked by net score (highest first).
    Toward { to: String },
    /// A's targets with a positive net score, highest first. Mediation is left out: a
    /// mediator between two sides is allied with neither.
    Allies { from: String },
    /// A's targets with a negative net score, lowest first.
    Adversaries { from: String },
    /// Actors with asserted `mediates` edges toward both A and B.
    Mediators { a: String, b: String },
}

impl Query {
    fn kind(&self) -> &'static str {
        match self {
            Query::Dyad { .. } => "dyad",
            Query::Between { .. } => "between",
            Query::From { .. } => "from",
            Query::Toward { .. } => "toward",
            Query::Allies { .. } => "allies",
            Query::Adversaries { .. } => "adversaries",
            Query::Mediators { .. } => "mediators",
        }
    }
}

/// The query as it was understood (actors resolved to ids).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryEcho {
    pub kind: &'static str,
    /// The actor whose stance is asked; `null` for `toward` (every actor toward `to`).
    pub from: Option<ActorRef>,
    pub to: Option<ActorRef>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub types: Vec<StanceType>,
}

/// The answer to a [`Query`]: the `--json` output of `stancegraph query`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub query: QueryEcho,
    /// One dyad (`dyad`), two (`between`: A→B then B→A) or one per target (rankings).
    pub dyads: Vec<Dyad>,
    /// Only for `mediators`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mediators: Option<Vec<Mediator>>,
}

/// Does this file content look like graph JSON (an object with `"format":"stancegraph"`)?
/// Anything else (a JSON Lines file of articles, text) is an article input.
///
/// A damaged graph still counts as one when it is laid out as `build` and `merge` write
/// graphs (a first line `{` alone) and its first 4 KiB hold `"format"` and
/// `"stancegraph"`: then [`GraphJson::parse`](crate::graph::GraphJson::parse) says what is
/// wrong and where, instead of its being read as articles. A byte-order mark is skipped.
pub fn looks_like_graph(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') {
        return false;
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        return v.get("format").and_then(|f| f.as_str()) == Some("stancegraph");
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    first == Some("{") && head.contains("\"format\"") && head.contains("\"stancegraph\"")
}

/// What a file named where a graph or articles are read is, when it is neither: another
/// output of stancegraph or another tool's format, told by its extension and then by its
/// first bytes (`head`). `None` for what may be articles or a graph: `.txt`, `.jsonl` and
/// `.json` files are read as before whatever they hold, and so is text of no known
/// format.
pub fn not_articles(path: &std::path::Path, head: &[u8]) -> Option<&'static str> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let by_extension = match ext.as_deref() {
        Some("txt" | "jsonl" | "json") => return None,
        Some("tsv") => Some("a tab-separated table (events.tsv?)"),
        Some("csv") => Some("a CSV table (neo4j nodes.csv or relationships.csv?)"),
        Some("graphml") => Some("GraphML"),
        Some("dot" | "gv") => Some("a Graphviz DOT file"),
        Some("svg") => Some("an SVG drawing"),
        Some("html" | "htm") => Some("an HTML page"),
        Some("png") => Some("a PNG image"),
        Some("xml") => Some("XML"),
        // a SQLite file (first bytes "SQLite format 3\0") is a graph store, read before
        // this is asked; one of these names that is not is something else
        Some("sqlite" | "db") => Some("a database file that is not SQLite"),
        _ => None,
    };
    if by_extension.is_some() {
        return by_extension;
    }
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &head[i..]);
    let lower: Vec<u8> = start.iter().take(64).map(u8::to_ascii_lowercase).collect();
    let begins = |p: &[u8]| lower.starts_with(p);
    if head.starts_with(b"\x89PNG") {
        Some("a PNG image")
    } else if head.starts_with(b"SQLite format 3\0") {
        Some("a SQLite database")
    } else if begins(b"<graphml") || (begins(b"<?xml") && contains(start, b"<graphml")) {
        Some("GraphML")
    } else if begins(b"<svg") || (begins(b"<?xml") && contains(start, b"<svg")) {
        Some("an SVG drawing")
    } else if begins(b"<!doctype html") || begins(b"<html") {
        Some("an HTML page")
    } else if begins(b"<?xml") {
        Some("XML")
    } else if begins(b"digraph ") || begins(b"digraph{") || begins(b"strict digraph") {
        Some("a Graphviz DOT file")
    } else if start.starts_with(b"date\tsource\ttarget\t") {
        Some("a tab-separated table (events.tsv?)")
    } else if start.starts_with(b"id:ID,") || start.starts_with(b":START_ID,") {
        Some("a CSV table (neo4j nodes.csv or relationships.csv?)")
    } else {
        None
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Resolves a name the user typed to an actor: an id of the graph, then anything the
/// gazetteer resolves ("Beijing", "China", "CHN"), then a node name in any case.
pub fn resolve_actor(g: &GraphJson, gazetteer: Option<&Gazetteer>, name: &str) -> Result<ActorRef> {
    let q = name.trim();
    if let Some(n) = g.nodes.iter().find(|n| n.id == q) {
        return Ok(ActorRef {
            id: n.id.clone(),
            name: n.name.clone(),
        });
    }
    if let Some(a) = gazetteer.and_then(|gz| gz.resolve_actor(q).ok()) {
        return Ok(ActorRef {
            id: a.id,
            name: a.name,
        });
    }
    let lower = q.to_lowercase();
    g.nodes
        .iter()
        .find(|n| n.name.to_lowercase() == lower || n.id.to_lowercase() == lower)
        .map(|n| ActorRef {
            id: n.id.clone(),
            name: n.name.clone(),
        })
        .ok_or_else(|| Error::UnknownActor(name.to_string()))
}

/// Answers a query. Actor names are resolved with [`resolve_actor`].
pub fn run(
    g: &GraphJson,
    gazetteer: Option<&Gazetteer>,
    query: &Query,
    filter: &Filter,
) -> Result<Report> {
    let r = |n: &str| resolve_actor(g, gazetteer, n);
    if let Query::Toward { to } = query {
        let to = r(to)?;
        return Ok(Report {
            query: QueryEcho {
                kind: query.kind(),
                from: None,
                to: Some(to.clone()),
                since: filter.since.clone(),
                until: filter.until.clone(),
                types: filter.types.clone(),
            },
            dyads: ranking_toward(g, &to.id, filter)
                .into_iter()
                .map(|mut d| {
                    d.target = to.clone();
                    d
                })
                .collect(),
            mediators: None,
        });
    }
    let (from, to) = match query {
        Query::Dyad { from, to } => (r(from)?, Some(r(to)?)),
        Query::Between { a, b } | Query::Mediators { a, b } => (r(a)?, Some(r(b)?)),
        Query::From { from } | Query::Allies { from } | Query::Adversaries { from } => {
            (r(from)?, None)
        }
        Query::Toward { .. } => unreachable!("answered above"),
    };
    let mut report = Report {
        query: QueryEcho {
            kind: query.kind(),
            from: Some(from.clone()),
            to: to.clone(),
            since: filter.since.clone(),
            until: filter.until.clone(),
            types: filter.types.clone(),
        },
        dyads: Vec::new(),
        mediators: None,
    };
    // Name the asked actors as resolved, even when the graph does not know them.
    let named = |mut d: Dyad, a: &ActorRef, b: &ActorRef| {
        d.source = a.clone();
        d.target = b.clone();
        d
    };
    match (query, to) {
        (Query::Dyad { .. }, Some(to)) => {
            report.dyads = vec![named(dyad(g, &from.id, &to.id, filter), &from, &to)]
        }
        (Query::Between { .. }, Some(to)) => {
            report.dyads = vec![
                named(dyad(g, &from.id, &to.id, filter), &from, &to),
                named(dyad(g, &to.id, &from.id, filter), &to, &from),
            ]
        }
        (Query::Mediators { .. }, Some(to)) => {
            report.mediators = Some(mediators(g, &from.id, &to.id, filter))
        }
        (Query::Allies { .. }, _) => {
            // Mediation is a third party's stance toward both sides, not alliance: the
            // ranking of allies is scored without it.
            let mut allies: Vec<Dyad> = targets_of(g, &from.id)
                .into_iter()
                .map(|t| {
                    let evidence = rows(g, &from.id, t, filter)
                        .into_iter()
                        .filter(|r| r.stance != StanceType::Mediates)
                        .collect();
                    dyad_of(g, &from.id, t, evidence)
                })
                .filter(|d| d.score.is_some_and(|s| s > 0.0))
                .collect();
            sort_ranking(&mut allies, |d| &d.target.id);
            report.dyads = allies
        }
        (Query::Adversaries { .. }, _) => {
            let mut v: Vec<Dyad> = ranking(g, &from.id, filter)
                .into_iter()
                .filter(|d| d.score.is_some_and(|s| s < 0.0))
                .collect();
            v.reverse();
            report.dyads = v
        }
        _ => report.dyads = ranking(g, &from.id, filter),
    }
    Ok(report)
}

fn actor_ref(g: &GraphJson, id: &str) -> ActorRef {
    ActorRef {
        id: id.to_string(),
        name: g
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_string(), |n| n.name.clone()),
    }
}

fn doc_dates(g: &GraphJson) -> BTreeMap<&str, &str> {
    g.documents
        .iter()
        .filter_map(|d| d.date.as_deref().map(|date| (d.id.as_str(), date)))
        .collect()
}

/// Does edge `e` state something from `a` toward `b`? Symmetric types count both ways.
fn directed(e: &EdgeJson, a: &str, b: &str) -> bool {
    (e.source == a && e.target == b) || (e.stance.symmetric() && e.source == b && e.target == a)
}

/// The evidence rows of the edges from `a` to `b` that pass `filter`, newest first.
fn rows(g: &GraphJson, a: &str, b: &str, filter: &Filter) -> Vec<EvidenceRow> {
    let dates = doc_dates(g);
    let mut out = Vec::new();
    for e in g
        .edges
        .iter()
        .filter(|e| directed(e, a, b) && filter.keeps_type(e.stance))
    {
        for ev in &e.evidence {
            let date = dates.get(ev.doc.as_str()).copied();
            if !filter.keeps_date(date) {
                continue;
            }
            out.push(EvidenceRow {
                date: date.map(str::to_string),
                doc: ev.doc.clone(),
                sentence: ev.sentence,
                source: e.source.clone(),
                target: e.target.clone(),
                stance: e.stance,
                polarity: e.polarity,
                weight: e.stance.weight(),
                cue: ev.cue.clone(),
                said_by: ev.said_by.clone(),
                between: ev.between.clone(),
                confidence: ev.confidence,
                start: ev.start,
                end: ev.end,
                text: ev.text.clone(),
            });
        }
    }
    sort_newest_first(&mut out);
    out
}

/// Newest document first; undated last; then document, sentence, type, polarity.
fn sort_newest_first(rows: &mut [EvidenceRow]) {
    rows.sort_by(|x, y| {
        match (&x.date, &y.date) {
            (Some(a), Some(b)) => b.cmp(a),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| x.doc.cmp(&y.doc))
        .then(x.sentence.cmp(&y.sentence))
        .then(x.start.cmp(&y.start))
        .then(x.stance.cmp(&y.stance))
        .then(x.polarity.cmp(&y.polarity))
        .then_with(|| x.cue.cmp(&y.cue))
    });
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The evidence-count-weighted mean weight of the asserted rows.
fn net_score<'a>(rows: impl IntoIterator<Item = &'a EvidenceRow>) -> (Option<f64>, usize) {
    let (sum, n) = rows
        .into_iter()
        .filter(|r| r.polarity == Polarity::Asserted)
        .fold((0.0, 0usize), |(s, n), r| (s + r.weight, n + 1));
    if n == 0 {
        (None, 0)
    } else {
        (Some(round2(sum / n as f64)), n)
    }
}

/// A's stance toward B under `filter` (ids, not names).
pub fn dyad(g: &GraphJson, a: &str, b: &str, filter: &Filter) -> Dyad {
    dyad_of(g, a, b, rows(g, a, b, filter))
}

/// The dyad of A toward B made of these evidence rows (newest first).
fn dyad_of(g: &GraphJson, a: &str, b: &str, evidence: Vec<EvidenceRow>) -> Dyad {
    let (score, asserted) = net_score(&evidence);
    let negated = evidence.len() - asserted;
    let mut counts: BTreeMap<(Polarity, StanceType), usize> = BTreeMap::new();
    for r in &evidence {
        *counts.entry((r.polarity, r.stance)).or_default() += 1;
    }
    let mut types: Vec<TypeCount> = counts
        .into_iter()
        .map(|((polarity, stance), count)| TypeCount {
            stance,
            polarity,
            count,
        })
        .collect();
    types.sort_by(|x, y| {
        x.polarity
            .cmp(&y.polarity)
            .then(y.count.cmp(&x.count))
            .then(x.stance.cmp(&y.stance))
    });
    let dates: BTreeSet<&str> = evidence.iter().filter_map(|r| r.date.as_deref()).collect();
    let mut months: BTreeMap<String, Vec<&EvidenceRow>> = BTreeMap::new();
    let mut undated = 0;
    for r in evidence.iter().filter(|r| r.polarity == Polarity::Asserted) {
        match r.date.as_deref().and_then(|d| d.get(..7)) {
            Some(m) => months.entry(m.to_string()).or_default().push(r),
            None => undated += 1,
        }
    }
    let timeline = months
        .into_iter()
        .filter_map(|(month, rs)| {
            let (score, count) = net_score(rs);
            score.map(|score| MonthScore {
                month,
                score,
                count,
            })
        })
        .collect();
    Dyad {
        source: actor_ref(g, a),
        target: actor_ref(g, b),
        score,
        asserted,
        negated,
        types,
        first_date: dates.first().map(|d| d.to_string()),
        last_date: dates.last().map(|d| d.to_string()),
        timeline,
        undated,
        evidence,
    }
}

/// A's stance toward every actor it has an edge to, by net score (highest first; dyads
/// with only negated evidence last), then evidence count, then id.
pub fn ranking(g: &GraphJson, a: &str, filter: &Filter) -> Vec<Dyad> {
    let mut out: Vec<Dyad> = targets_of(g, a)
        .into_iter()
        .map(|t| dyad(g, a, t, filter))
        .filter(|d| !d.evidence.is_empty())
        .collect();
    sort_ranking(&mut out, |d| &d.target.id);
    out
}

/// Every actor's stance toward `b` (an id), ordered as [`ranking`] orders targets.
pub fn ranking_toward(g: &GraphJson, b: &str, filter: &Filter) -> Vec<Dyad> {
    let sources: BTreeSet<&str> = g
        .edges
        .iter()
        .filter_map(|e| {
            if e.target == b {
                Some(e.source.as_str())
            } else if e.stance.symmetric() && e.source == b {
                Some(e.target.as_str())
            } else {
                None
            }
        })
        .filter(|s| *s != b)
        .collect();
    let mut out: Vec<Dyad> = sources
        .into_iter()
        .map(|s| dyad(g, s, b, filter))
        .filter(|d| !d.evidence.is_empty())
        .collect();
    sort_ranking(&mut out, |d| &d.source.id);
    out
}

/// The actors `a` has an edge toward (symmetric types count both ways).
fn targets_of<'g>(g: &'g GraphJson, a: &str) -> BTreeSet<&'g str> {
    g.edges
        .iter()
        .filter_map(|e| {
            if e.source == a {
                Some(e.target.as_str())
            } else if e.stance.symmetric() && e.target == a {
                Some(e.source.as_str())
            } else {
                None
            }
        })
        .filter(|t| *t != a)
        .collect()
}

/// By net score (highest first; dyads with only negated evidence last), then evidence
/// count, then the id `other` names (the target, or the source for `toward`).
fn sort_ranking(out: &mut [Dyad], other: fn(&Dyad) -> &String) {
    out.sort_by(|x, y| {
        let s = match (x.score, y.score) {
            (Some(p), Some(q)) => q.total_cmp(&p),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        s.then(y.evidence.len().cmp(&x.evidence.len()))
            .then_with(|| other(x).cmp(other(y)))
    });
}

/// Actors with asserted `mediates` evidence toward both `a` and `b` (ids), most evidence
/// first.
pub fn mediators(g: &GraphJson, a: &str, b: &str, filter: &Filter) -> Vec<Mediator> {
    let mediating = |target: &str| -> BTreeSet<&str> {
        g.edges
            .iter()
            .filter(|e| {
                e.stance == StanceType::Mediates
                    && e.polarity == Polarity::Asserted
                    && e.target == target
            })
            .map(|e| e.source.as_str())
            .collect()
    };
    let both: Vec<&str> = mediating(a)
        .intersection(&mediating(b))
        .copied()
        .filter(|m| *m != a && *m != b)
        .collect();
    let only_mediation = Filter {
        types: vec![StanceType::Mediates],
        ..filter.clone()
    };
    let asserted = |mut v: Vec<EvidenceRow>| {
        v.retain(|r| r.polarity == Polarity::Asserted);
        v
    };
    let mut out: Vec<Mediator> = both
        .into_iter()
        .filter_map(|m| {
            let to_a = asserted(rows(g, m, a, &only_mediation));
            let to_b = asserted(rows(g, m, b, &only_mediation));
            if to_a.is_empty() || to_b.is_empty() {
                return None; // filtered away by date
            }
            let joint = to_a
                .iter()
                .filter(|r| r.between.as_deref() == Some(b))
                .count()
                + to_b
                    .iter()
                    .filter(|r| r.between.as_deref() == Some(a))
                    .count();
            let (na, nb) = (to_a.len(), to_b.len());
            let mut evidence = to_a;
            evidence.extend(to_b);
            sort_newest_first(&mut evidence);
            Some(Mediator {
                actor: actor_ref(g, m),
                to_a: na,
                to_b: nb,
                joint,
                evidence,
            })
        })
        .collect();
    out.sort_by(|x, y| {
        (y.to_a + y.to_b)
            .cmp(&(x.to_a + x.to_b))
            .then_with(|| x.actor.id.cmp(&y.actor.id))
    });
    out
}

/// A score with its sign, one decimal ("+3.5", "-2.5", "0.0"), or "n/a". The sign is
/// the ASCII hyphen-minus, so that `sort -n` and spreadsheets read it.
pub fn format_score(score: Option<f64>) -> String {
    // Round half away from zero (2.25 → 2.3), not the formatter's half-to-even.
    match score.map(|s| (s * 10.0).round() / 10.0) {
        None => "n/a".to_string(),
        Some(s) if s > 0.0 => format!("+{s:.1}"),
        Some(s) if s < 0.0 => format!("-{:.1}", -s),
        Some(_) => "0.0".to_string(),
    }
}

/// Text on one line: newlines and tabs become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn label(a: &ActorRef) -> String {
    if a.name == a.id {
        a.id.clone()
    } else {
        format!("{} ({})", one_line(&a.name), a.id)
    }
}

/// "5 asserted (supports ×3, consults ×2), 1 negated (not denounces ×1) · first … last".
fn details(d: &Dyad) -> String {
    if d.evidence.is_empty() {
        return "no evidence".to_string();
    }
    let types = |p: Polarity| {
        d.types
            .iter()
            .filter(|t| t.polarity == p)
            .map(|t| {
                let not = if p == Polarity::Negated { "not " } else { "" };
                format!("{not}{} ×{}", t.stance, t.count)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut s = format!("{} asserted", d.asserted);
    if d.asserted > 0 {
        let _ = write!(s, " ({})", types(Polarity::Asserted));
    }
    if d.negated > 0 {
        let _ = write!(s, ", {} negated ({})", d.negated, types(Polarity::Negated));
    }
    match (&d.first_date, &d.last_date) {
        (Some(f), Some(l)) if f == l => {
            let _ = write!(s, " · {f}");
        }
        (Some(f), Some(l)) => {
            let _ = write!(s, " · {f} … {l}");
        }
        _ => s.push_str(" · undated"),
    }
    s
}

/// The one-line summary of a dyad: net score, dominant types with counts (asserted,
/// then negated), first and last document date.
pub fn summary_line(d: &Dyad) -> String {
    format!(
        "{} → {}: net {} · {}",
        label(&d.source),
        label(&d.target),
        format_score(d.score),
        details(d)
    )
}

/// The line that says what a limit left out, e.g. "  … 3 more evidence (--limit 0 shows all)".
fn omitted_line(out: &mut String, indent: &str, omitted: usize, what: &str) {
    if omitted > 0 {
        let _ = writeln!(
            out,
            "{indent}… {omitted} more {what} (--limit N shows N, --limit 0 all)"
        );
    }
}

/// The evidence rows, at most `limit` (`None`: all), then what was left out.
fn evidence_lines(out: &mut String, rows: &[EvidenceRow], limit: Option<usize>) {
    let shown = limit.map_or(rows.len(), |n| n.min(rows.len()));
    for r in &rows[..shown] {
        let not = if r.polarity == Polarity::Negated {
            "not "
        } else {
            ""
        };
        let _ = write!(
            out,
            "  {}  {} #{}  {}{}  cue \"{}\"",
            r.date.as_deref().unwrap_or("(no date) "),
            one_line(&r.doc),
            r.sentence,
            not,
            r.stance,
            one_line(&r.cue)
        );
        if let Some(by) = &r.said_by {
            let _ = write!(out, "  said by {}", one_line(by));
        }
        if let Some(other) = &r.between {
            let _ = write!(out, "  between {} and {}", r.target, one_line(other));
        }
        let _ = writeln!(out, "\n      {}", one_line(r.text.trim()));
    }
    omitted_line(out, "  ", rows.len() - shown, "evidence");
}

fn timeline_lines(out: &mut String, d: &Dyad) {
    if d.timeline.is_empty() {
        let _ = writeln!(out, "  timeline: no dated asserted evidence");
        return;
    }
    let _ = writeln!(out, "  timeline (net score per month):");
    for m in &d.timeline {
        let _ = writeln!(
            out,
            "    {}  {:>5}  ({} evidence)",
            m.month,
            format_score(Some(m.score)),
            m.count
        );
    }
    if d.undated > 0 {
        let _ = writeln!(out, "    undated: {} evidence", d.undated);
    }
}

/// The report as terminal text. `timeline` adds the per-month scores of each dyad.
pub fn format_text(report: &Report, timeline: bool) -> String {
    format_text_limited(report, timeline, None)
}

/// [`format_text`], printing at most `limit` evidence rows per dyad or mediator and at
/// most `limit` rows of a ranking (`None`: all); a line says how many were left out.
pub fn format_text_limited(report: &Report, timeline: bool, limit: Option<usize>) -> String {
    let mut out = String::new();
    let q = &report.query;
    let from = q.from.as_ref().map(label).unwrap_or_default();
    match q.kind {
        "dyad" | "between" => {
            for (i, d) in report.dyads.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}", summary_line(d));
                if timeline {
                    timeline_lines(&mut out, d);
                }
                evidence_lines(&mut out, &d.evidence, limit);
            }
        }
        "mediators" => {
            let to = q.to.as_ref().map(label).unwrap_or_default();
            let ms = report.mediators.as_deref().unwrap_or_default();
            if ms.is_empty() {
                let _ = writeln!(out, "no actor mediates toward both {from} and {to}");
            }
            for m in ms {
                let _ = writeln!(
                    out,
                    "{}: mediates toward {from} ×{}, toward {to} ×{} ({} naming both)",
                    label(&m.actor),
                    m.to_a,
                    m.to_b,
                    m.joint
                );
                evidence_lines(&mut out, &m.evidence, limit);
            }
        }
        kind => {
            let what = match kind {
                "allies" => "with a positive net score (mediation left out)",
                "adversaries" => "with a negative net score, lowest first",
                _ => "by net score",
            };
            let n = report.dyads.len();
            let plural = if n == 1 { "" } else { "s" };
            let toward = kind == "toward";
            if toward {
                let to = q.to.as_ref().map(label).unwrap_or_default();
                let _ = writeln!(out, "{n} actor{plural} toward {to}, {what}:");
            } else {
                let _ = writeln!(out, "{from} toward {n} actor{plural}, {what}:");
            }
            let shown = limit.map_or(n, |l| l.min(n));
            for d in &report.dyads[..shown] {
                let _ = writeln!(
                    out,
                    "  {:>5}  {} · {}",
                    format_score(d.score),
                    label(if toward { &d.source } else { &d.target }),
                    details(d)
                );
                if timeline {
                    timeline_lines(&mut out, d);
                }
            }
            omitted_line(&mut out, "  ", n - shown, "actors");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_signed_with_one_decimal() {
        assert_eq!(format_score(Some(3.46)), "+3.5");
        assert_eq!(format_score(Some(2.25)), "+2.3");
        assert_eq!(format_score(Some(-0.25)), "-0.3");
        assert_eq!(format_score(Some(-0.01)), "0.0");
        assert_eq!(format_score(Some(-2.5)), "-2.5");
        assert_eq!(format_score(Some(0.0)), "0.0");
        assert_eq!(format_score(None), "n/a");
    }

    #[test]
    fn sniffing_graphs() {
        assert!(looks_like_graph(r#" {"format":"stancegraph","version":1}"#));
        assert!(!looks_like_graph(r#"{"id":"a","text":"x"}"#));
        assert!(!looks_like_graph(
            "{\"format\":\"stancegraph\"}\n{\"text\":\"x\"}"
        ));
        assert!(!looks_like_graph("France condemned Mali."));
    }

    #[test]
    fn date_filter_bounds_are_inclusive_and_drop_undated() {
        let f = Filter {
            since: Some("2024-01-01".into()),
            until: Some("2024-01-31".into()),
            types: vec![],
        };
        assert!(f.keeps_date(Some("2024-01-01")));
        assert!(f.keeps_date(Some("2024-01-31")));
        assert!(!f.keeps_date(Some("2024-02-01")));
        assert!(!f.keeps_date(None));
        assert!(Filter::default().keeps_date(None));
    }
}
