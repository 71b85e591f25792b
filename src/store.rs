//! The graph `build` writes, with its evidence and documents moved to temporary files
//! when they outgrow a memory budget, so that memory stays flat however large the input.
//!
//! This module owns the spilling build path. [`SpillingGraph`] is what `ingest` folds
//! into: the nodes and edges (ids, names, mention counts) stay in memory in a
//! [`StanceGraph`] that holds no evidence, while each piece of evidence and each
//! document's metadata go to a [`Sorter`](crate::spill::Sorter). When their estimated
//! size passes the budget (between two documents), both are sorted and written as runs to
//! a [`SpillDir`] in the output directory. [`SpillingGraph::finish`] merges the runs into
//! one file of evidence grouped by edge, deduplicated as [`StanceGraph`] does it in
//! memory (per edge, one piece per (document, sentence, start, cue): the smallest text,
//! then the first added), and one file of documents (the last added per id). The
//! [`BuiltGraph`] it returns writes `graph.json`, `graph.graphml` and `events.tsv`
//! reading each edge's evidence in turn: from memory, or from the file, one seek and one
//! span of bytes per edge, as views that borrow their strings from the bytes read (no
//! allocation per piece of evidence). `events.tsv`, ordered by date, is sorted through
//! the same temporary directory; each row is one string (date, document id and line) and
//! is compared by number on the first bytes of its date and document id. The files are byte for byte those of the in-memory path
//! ([`StanceGraph::into_json`] then [`write_build_files`](crate::export::write_build_files))
//! whatever the budget and the number of threads; a build within the budget never
//! touches the disk. The temporary directory goes when the [`BuiltGraph`] (or the
//! [`SpillingGraph`], after an error) is dropped.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::PathBuf;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::export::{graphml, json, tsv, FloatTexts};
use crate::extract::StanceEvent;
use crate::gazetteer::Gazetteer;
use crate::graph::{DocumentMeta, DocumentRef, Evidence, EvidenceRef, GraphJson, StanceGraph};
use crate::ingest::Fold;
use crate::spill::{
    heap_size, is_long, key, sort_bucketed, sort_grouped, Dec, Enc, Merge, Record, RunReader,
    RunWriter, Sorter, SpanReader, SpillDir,
};
use crate::{Analysis, Pipeline};

/// The default memory budget: evidence and documents held in memory are spilled when
/// their estimated size passes it, and so are the rows of `events.tsv` being sorted.
pub const SPILL_BUDGET: usize = 32 << 20;

/// One piece of evidence of edge `edge` (its petgraph index), added `seq`-th, with the
/// date of its document.
#[derive(Debug, Clone)]
struct EvRecord {
    edge: u32,
    seq: u64,
    date: Option<String>,
    ev: Evidence,
}

impl EvRecord {
    /// The order of evidence: by edge, then as an edge keeps it.
    fn order(&self) -> (u32, (&str, usize, usize, &str), &str, u64) {
        (self.edge, self.ev.key(), &self.ev.text, self.seq)
    }

    /// Two pieces of evidence of which an edge keeps one.
    fn same(&self, other: &EvRecord) -> bool {
        self.edge == other.edge && self.ev.key() == other.ev.key()
    }

    /// What the writers need of the record, borrowed.
    fn view(&self) -> EvView<'_> {
        EvView {
            date: self.date.as_deref(),
            ev: self.ev.view(),
        }
    }
}

/// The date and the evidence of an [`EvRecord`], borrowed from it or from its bytes in a
/// temporary file.
#[derive(Debug, Clone, Copy)]
struct EvView<'a> {
    date: Option<&'a str>,
    ev: EvidenceRef<'a>,
}

impl<'a> EvView<'a> {
    /// Reads the bytes [`EvRecord::encode`] wrote, without copying its strings.
    fn decode(record: &'a [u8]) -> io::Result<Self> {
        let mut d = Dec::new(record);
        let _edge = d.u64()?;
        let _seq = d.u64()?;
        let view = EvView {
            date: d.opt_ref()?,
            ev: EvidenceRef {
                doc: d.str_ref()?,
                sentence: d.usize()?,
                start: d.usize()?,
                end: d.usize()?,
                text: d.str_ref()?,
                cue: d.str_ref()?,
                said_by: d.opt_ref()?,
                confidence: d.f64()?,
                between: d.opt_ref()?,
            },
        };
        d.end()?;
        Ok(view)
    }
}

impl PartialEq for EvRecord {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for EvRecord {}

impl PartialOrd for EvRecord {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for EvRecord {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

impl Record for EvRecord {
    fn encode(&self, e: &mut Enc<'_>) {
        let v = &self.ev;
        e.u64(u64::from(self.edge));
        e.u64(self.seq);
        e.opt(self.date.as_deref());
        e.str(&v.doc);
        e.usize(v.sentence);
        e.usize(v.start);
        e.usize(v.end);
        e.str(&v.text);
        e.str(&v.cue);
        e.opt(v.said_by.as_deref());
        e.f64(v.confidence);
        e.opt(v.between.as_deref());
    }

    fn decode(d: &mut Dec<'_>) -> io::Result<Self> {
        Ok(EvRecord {
            edge: u32::try_from(d.u64()?).map_err(|_| io::ErrorKind::InvalidData)?,
            seq: d.u64()?,
            date: d.opt()?,
            ev: Evidence {
                doc: d.string()?,
                sentence: d.usize()?,
                start: d.usize()?,
                end: d.usize()?,
                text: d.string()?,
                cue: d.string()?,
                said_by: d.opt()?,
                confidence: d.f64()?,
                between: d.opt()?,
            },
        })
    }

    /// By edge first, by counting (edges are numbered from 0), unless there are far more
    /// edges than records (a small spilled run); then by numbers first: the edge, the
    /// [`key`] of the document id, and (unless that id is too long for its key to tell)
    /// the sentence and the start.
    fn sort(records: &mut [Self]) {
        let edges = records
            .iter()
            .map(|r| r.edge as usize + 1)
            .max()
            .unwrap_or(0);
        if edges <= 2 * records.len() {
            return sort_bucketed(records, edges, |r| r.edge as usize);
        }
        sort_grouped(records, |r| {
            let doc = key(&r.ev.doc);
            if is_long(doc) {
                (r.edge, doc, 0, 0)
            } else {
                (r.edge, doc, r.ev.sentence, r.ev.start)
            }
        });
    }

    fn mem_size(&self) -> usize {
        let v = &self.ev;
        std::mem::size_of::<Self>()
            + heap_size(self.date.as_deref().unwrap_or(""))
            + heap_size(&v.doc)
            + heap_size(&v.text)
            + heap_size(&v.cue)
            + heap_size(v.said_by.as_deref().unwrap_or(""))
            + heap_size(v.between.as_deref().unwrap_or(""))
    }
}

/// A document's metadata, added `seq`-th. Ordered by id, then the last added first.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocRecord {
    seq: u64,
    meta: DocumentMeta,
}

impl PartialOrd for DocRecord {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DocRecord {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.meta.id, Reverse(self.seq)).cmp(&(&other.meta.id, Reverse(other.seq)))
    }
}

impl Record for DocRecord {
    fn encode(&self, e: &mut Enc<'_>) {
        let m = &self.meta;
        e.u64(self.seq);
        e.str(&m.id);
        e.opt(m.title.as_deref());
        e.opt(m.date.as_deref());
        e.opt(m.source.as_deref());
        e.opt(m.url.as_deref());
    }

    fn decode(d: &mut Dec<'_>) -> io::Result<Self> {
        Ok(DocRecord {
            seq: d.u64()?,
            meta: DocumentMeta {
                id: d.string()?,
                title: d.opt()?,
                date: d.opt()?,
                source: d.opt()?,
                url: d.opt()?,
            },
        })
    }

    fn mem_size(&self) -> usize {
        let m = &self.meta;
        let opt = |s: &Option<String>| heap_size(s.as_deref().unwrap_or(""));
        std::mem::size_of::<Self>()
            + heap_size(&m.id)
            + opt(&m.title)
            + opt(&m.date)
            + opt(&m.source)
            + opt(&m.url)
    }
}

/// Reads the bytes [`DocRecord::encode`] wrote, without copying its strings.
fn decode_document(record: &[u8]) -> io::Result<DocumentRef<'_>> {
    let mut d = Dec::new(record);
    let _seq = d.u64()?;
    let doc = DocumentRef {
        id: d.str_ref()?,
        title: d.opt_ref()?,
        date: d.opt_ref()?,
        source: d.opt_ref()?,
        url: d.opt_ref()?,
    };
    d.end()?;
    Ok(doc)
}

/// A row of `events.tsv` with its sort key: (undated, date, document, sentence, then
/// the edge's position in the graph and the evidence's on the edge). The date, the
/// document id and the line share one string, so a row is one allocation. The date and
/// the document id are also kept as numbers that order as they do ([`key`]), so that
/// most comparisons in the sort compare no strings.
#[derive(Debug, Clone)]
struct TsvRecord {
    /// [`key`] of the date ([`UNDATED`] when undated) and of the document id.
    date_key: u128,
    doc_key: u128,
    /// The length of the date at the start of `text`, `None` when undated.
    date: Option<usize>,
    /// The length of the document id, after the date in `text`.
    doc: usize,
    sentence: usize,
    edge: usize,
    position: usize,
    /// The date, the document id and the line (with its newline), one after the other.
    text: String,
}

/// The date key of an undated row: above every [`key`] (no UTF-8 string has a byte
/// 0xFF), as undated rows come last.
const UNDATED: u128 = u128::MAX;

/// Compares two strings whose [`key`]s are `ka` and `kb`, as `a().cmp(b())` does; the
/// strings themselves are only looked at when the keys are equal and long.
fn cmp_keyed<'s>(
    ka: u128,
    kb: u128,
    a: impl FnOnce() -> &'s str,
    b: impl FnOnce() -> &'s str,
) -> Ordering {
    match ka.cmp(&kb) {
        Ordering::Equal if is_long(ka) => a().cmp(b()),
        o => o,
    }
}

impl TsvRecord {
    fn new(
        date: Option<&str>,
        doc: &str,
        sentence: usize,
        edge: usize,
        position: usize,
        text: String,
    ) -> Self {
        TsvRecord {
            date_key: date.map_or(UNDATED, key),
            doc_key: key(doc),
            date: date.map(str::len),
            doc: doc.len(),
            sentence,
            edge,
            position,
            text,
        }
    }

    fn date(&self) -> Option<&str> {
        self.date.map(|n| &self.text[..n])
    }

    fn doc(&self) -> &str {
        let at = self.date.unwrap_or(0);
        &self.text[at..at + self.doc]
    }

    fn line(&self) -> &str {
        &self.text[self.date.unwrap_or(0) + self.doc..]
    }

    /// The order of rows, as plain tuples; [`Ord`] gives the same, faster.
    #[cfg(test)]
    fn order(&self) -> (bool, Option<&str>, &str, usize, usize, usize, &str) {
        let date = self.date();
        (
            date.is_none(),
            date,
            self.doc(),
            self.sentence,
            self.edge,
            self.position,
            self.line(),
        )
    }
}

impl PartialEq for TsvRecord {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for TsvRecord {}

impl PartialOrd for TsvRecord {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TsvRecord {
    /// As [`order`](Self::order) compares, without touching the text in most cases.
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self, other);
        cmp_keyed(
            a.date_key,
            b.date_key,
            || a.date().unwrap_or(""),
            || b.date().unwrap_or(""),
        )
        .then_with(|| cmp_keyed(a.doc_key, b.doc_key, || a.doc(), || b.doc()))
        .then_with(|| (a.sentence, a.edge, a.position).cmp(&(b.sentence, b.edge, b.position)))
        .then_with(|| a.line().cmp(b.line()))
    }
}

impl Record for TsvRecord {
    fn encode(&self, e: &mut Enc<'_>) {
        e.opt(self.date());
        e.str(self.doc());
        e.usize(self.sentence);
        e.usize(self.edge);
        e.usize(self.position);
        e.str(self.line());
    }

    fn decode(d: &mut Dec<'_>) -> io::Result<Self> {
        let date = d.opt_ref()?;
        let doc = d.str_ref()?;
        let (sentence, edge, position) = (d.usize()?, d.usize()?, d.usize()?);
        let line = d.str_ref()?;
        let mut text = String::with_capacity(date.map_or(0, str::len) + doc.len() + line.len());
        text.push_str(date.unwrap_or(""));
        text.push_str(doc);
        text.push_str(line);
        Ok(TsvRecord::new(date, doc, sentence, edge, position, text))
    }

    /// By numbers first: the [`key`]s of the date and of the document id, the sentence,
    /// the edge and the position, up to the first key too long to tell its string.
    fn sort(records: &mut [Self]) {
        sort_grouped(records, |r| {
            if is_long(r.date_key) {
                (r.date_key, 0, (0, 0, 0))
            } else if is_long(r.doc_key) {
                (r.date_key, r.doc_key, (0, 0, 0))
            } else {
                (r.date_key, r.doc_key, (r.sentence, r.edge, r.position))
            }
        });
    }

    fn mem_size(&self) -> usize {
        std::mem::size_of::<Self>() + heap_size(&self.text)
    }
}

/// Evidence is kept in this many parts, by edge number: edge `e` in part `e % PARTS`, so
/// that [`SpillingGraph::finish`] can sort and merge the parts on as many threads.
const PARTS: usize = 2;

/// A graph being built whose evidence and documents go to disk past a memory budget.
pub struct SpillingGraph {
    /// Nodes and edges; no evidence, no documents.
    graph: StanceGraph,
    evidence: [Sorter<EvRecord>; PARTS],
    documents: Sorter<DocRecord>,
    /// Evidence and documents added so far: their order of arrival.
    seq: u64,
    budget: usize,
    dir: SpillDir,
}

impl SpillingGraph {
    /// An empty graph that spills, past `budget` bytes (estimated) of evidence and
    /// documents, into a temporary directory created in `parent` (the output directory).
    pub fn new(parent: impl Into<PathBuf>, budget: usize) -> Self {
        SpillingGraph {
            graph: StanceGraph::new(),
            evidence: [Sorter::new("evidence-0"), Sorter::new("evidence-1")],
            documents: Sorter::new("documents"),
            seq: 0,
            budget,
            dir: SpillDir::new(parent),
        }
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Records a document and the mention counts of its actors
    /// ([`StanceGraph::add_document`]).
    pub fn add_document(
        &mut self,
        doc: &Document,
        mentions: &BTreeMap<String, usize>,
        gazetteer: &Gazetteer,
    ) {
        let seq = self.next_seq();
        self.documents.push(DocRecord {
            seq,
            meta: DocumentMeta {
                id: doc.id.clone(),
                title: doc.title.clone(),
                date: doc.date.clone(),
                source: doc.source.clone(),
                url: doc.url.clone(),
            },
        });
        self.graph.add_mentions(mentions, gazetteer);
    }

    /// Adds one stance event as evidence of its edge ([`StanceGraph::add_event`]). `date`
    /// is the date of the event's document, for `events.tsv`.
    pub fn add_event(&mut self, ev: &StanceEvent, date: Option<&str>, gazetteer: &Gazetteer) {
        let edge = self.graph.event_edge(ev, gazetteer).index();
        let seq = self.next_seq();
        self.evidence[edge % PARTS].push(EvRecord {
            // petgraph's indices are u32
            edge: edge as u32,
            seq,
            date: date.map(str::to_string),
            ev: Evidence::from_event(ev),
        });
    }

    /// Spills the evidence and documents held if they pass the budget.
    pub fn check_budget(&mut self) -> Result<()> {
        let evidence: usize = self.evidence.iter().map(Sorter::held_bytes).sum();
        if evidence + self.documents.held_bytes() > self.budget {
            for part in &mut self.evidence {
                part.spill(&self.dir)?;
            }
            self.documents.spill(&self.dir)?;
        }
        Ok(())
    }

    /// How many times evidence was spilled (documents are spilled with it).
    pub fn runs(&self) -> usize {
        self.evidence.iter().map(Sorter::spills).max().unwrap_or(0)
    }

    /// The temporary directory, once created.
    pub fn spill_dir(&self) -> Option<PathBuf> {
        self.dir.path()
    }

    /// Merges what was spilled with what is held: the graph, ready to be written. With
    /// `parallel`, the parts of the evidence are merged on threads of their own.
    pub fn finish(self, parallel: bool) -> Result<BuiltGraph> {
        let SpillingGraph {
            graph,
            evidence,
            documents,
            budget,
            dir,
            ..
        } = self;

        // Documents: in id order, the last added of each id. An id added twice (only
        // possible through the library) gives all its evidence the last date.
        let mut document_count = 0;
        let mut redated: HashMap<String, Option<String>> = HashMap::new();
        let documents = unique(
            documents,
            &dir,
            "documents",
            |a, b| a.meta.id == b.meta.id,
            |_, _| document_count += 1,
            |last| {
                redated.insert(last.meta.id.clone(), last.meta.date.clone());
            },
        )?;

        // Evidence: grouped by edge, one per key, and where each edge's starts.
        let (mut skeleton, order) = graph.into_json_ordered();
        let mut rank = vec![0; order.iter().map(|i| i.index() + 1).max().unwrap_or(0)];
        for (r, i) in order.iter().enumerate() {
            rank[i.index()] = r;
        }
        let edges = order.len();
        let part =
            |sorter: Sorter<EvRecord>, name: &str| finish_part(sorter, &dir, name, &rank, edges);
        let [first, second] = evidence;
        let parts = if parallel {
            std::thread::scope(|s| {
                let other = s.spawn(|| part(second, "edges-1"));
                let one = part(first, "edges-0");
                match other.join() {
                    Ok(two) => Ok([one?, two?]),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        } else {
            part(first, "edges-0").and_then(|one| Ok([one, part(second, "edges-1")?]))
        }?;
        // each edge's evidence is all in one part
        let mut spans = vec![Span::default(); edges];
        let mut stored = Vec::with_capacity(PARTS);
        for (p, (store, part_spans)) in parts.into_iter().enumerate() {
            for (span, s) in spans.iter_mut().zip(part_spans) {
                if s.count > 0 {
                    *span = Span { part: p, ..s };
                }
            }
            stored.push(store);
        }

        for (e, span) in skeleton.edges.iter_mut().zip(&spans) {
            e.count = span.count;
        }
        Ok(BuiltGraph {
            skeleton,
            documents,
            document_count,
            evidence: stored,
            spans,
            redated,
            budget,
            dir,
        })
    }
}

/// One part of the evidence, grouped by edge and one per key (in a file `name` in `dir`
/// if any was spilled), and for each edge in canonical order (`rank` gives the place of
/// each edge index) where its evidence is in the part.
fn finish_part(
    sorter: Sorter<EvRecord>,
    dir: &SpillDir,
    name: &str,
    rank: &[usize],
    edges: usize,
) -> Result<(Stored<EvRecord>, Vec<Span>)> {
    let mut spans = vec![Span::default(); edges];
    let evidence = unique(
        sorter,
        dir,
        name,
        EvRecord::same,
        |r, position| {
            let span = &mut spans[rank[r.edge as usize]];
            if span.count == 0 {
                span.position = position;
            }
            span.count += 1;
        },
        |_| {},
    )?;
    if let Stored::File(_, end) = &evidence {
        // Each edge's records end where the next edge's (in the file) start.
        let mut by_position: Vec<usize> =
            (0..spans.len()).filter(|&i| spans[i].count > 0).collect();
        by_position.sort_by_key(|&i| spans[i].position);
        for (k, &i) in by_position.iter().enumerate() {
            let next = by_position.get(k + 1).map_or(*end, |&j| spans[j].position);
            spans[i].bytes = next - spans[i].position;
        }
    }
    Ok((evidence, spans))
}

/// The records of `sorter` in order, only the first of each group of `same` ones: in
/// memory if nothing was spilled, else in a file `name` in `dir`. `kept` hears each record
/// kept and its position (index in memory, byte offset in the file), `dropped` the first
/// of a group each time another of the group is dropped.
fn unique<T: Record>(
    sorter: Sorter<T>,
    dir: &SpillDir,
    name: &str,
    same: impl Fn(&T, &T) -> bool,
    mut kept: impl FnMut(&T, u64),
    mut dropped: impl FnMut(&T),
) -> Result<Stored<T>> {
    let sorter = match sorter.into_held() {
        Ok(mut v) => {
            // in place: no second copy
            let mut n = 0;
            for i in 0..v.len() {
                if n > 0 && same(&v[n - 1], &v[i]) {
                    dropped(&v[n - 1]);
                    continue;
                }
                kept(&v[i], n as u64);
                v.swap(n, i);
                n += 1;
            }
            v.truncate(n);
            return Ok(Stored::Memory(v));
        }
        Err(sorter) => sorter,
    };
    let mut w = RunWriter::create(dir.new_file(name)?)?;
    let mut merge = sorter.into_merge()?;
    let mut last: Option<T> = None;
    while let Some(r) = merge.next()? {
        if let Some(l) = &last {
            if same(l, &r) {
                dropped(l);
                continue;
            }
        }
        if let Some(l) = last.take() {
            w.write(&l)?;
        }
        kept(&r, w.position());
        last = Some(r);
    }
    if let Some(l) = last {
        w.write(&l)?;
    }
    let end = w.position();
    Ok(Stored::File(w.finish()?, end))
}

impl Fold for SpillingGraph {
    fn fold(&mut self, pipeline: &Pipeline, doc: &Document, analysis: &Analysis) -> Result<()> {
        let gazetteer = &pipeline.extractor.gazetteer;
        self.add_document(doc, &analysis.mentions, gazetteer);
        for ev in &analysis.events {
            // `analyze` gives every event the id of its document
            self.add_event(ev, doc.date.as_deref(), gazetteer);
        }
        self.check_budget()
    }

    fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    fn node_count(&self) -> usize {
        self.graph.node_count()
    }
}

/// Records kept in memory, or written to a file (with its length).
enum Stored<T> {
    Memory(Vec<T>),
    File(PathBuf, u64),
}

/// Where an edge's evidence is kept: in evidence part `part`, from `position` (an index
/// in memory, a byte offset in the file), `count` records taking `bytes` bytes (in the
/// file).
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    part: usize,
    position: u64,
    count: usize,
    bytes: u64,
}

/// An [`Error`] as an I/O error for the writers, keeping its kind and its message (which
/// names the temporary file).
fn io_error(e: Error) -> io::Error {
    let kind = match &e {
        Error::Io { source, .. } | Error::Write { source, .. } => source.kind(),
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, e.to_string())
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

/// Reads each edge's evidence back from where [`SpillingGraph::finish`] kept it, as
/// borrowed views: records in memory as they are, records in the file decoded without
/// copying their strings, one span of bytes per edge.
struct EvidenceReader<'a> {
    g: &'a BuiltGraph,
    /// A reader for each part of the evidence that is in a file.
    files: Vec<Option<SpanReader>>,
}

impl<'a> EvidenceReader<'a> {
    fn new(g: &'a BuiltGraph) -> Self {
        let files = g
            .evidence
            .iter()
            .map(|part| match part {
                Stored::File(path, _) => Some(SpanReader::new(path)),
                Stored::Memory(_) => None,
            })
            .collect();
        EvidenceReader { g, files }
    }

    /// Calls `f` with each piece of evidence of edge `i` of the skeleton, in order.
    fn each(
        &mut self,
        i: usize,
        f: &mut dyn FnMut(EvView<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let span = self.g.spans[i];
        let part = self.g.evidence.get(span.part);
        match (part, self.files.get_mut(span.part).and_then(Option::as_mut)) {
            (None, _) => Err(corrupt("evidence part out of range")),
            (Some(Stored::Memory(v)), _) => {
                let start = span.position as usize;
                v.get(start..start + span.count)
                    .ok_or_else(|| corrupt("evidence out of range"))?
                    .iter()
                    .try_for_each(|r| f(r.view()))
            }
            (Some(Stored::File(..)), Some(file)) => {
                let mut read = 0;
                file.each(span.position, span.bytes, &mut |b| {
                    read += 1;
                    f(EvView::decode(b)?)
                })?;
                if read == span.count {
                    Ok(())
                } else {
                    Err(corrupt("temporary file ends early"))
                }
            }
            (Some(Stored::File(..)), None) => Err(corrupt("temporary file not open")),
        }
    }
}

/// A graph built by [`SpillingGraph`]: nodes and edges in memory, evidence and documents
/// in memory or in files, written out by [`write_json`](Self::write_json),
/// [`write_graphml`](Self::write_graphml) and [`write_tsv`](Self::write_tsv).
pub struct BuiltGraph {
    /// Graph JSON without documents, and with each edge's count but no evidence.
    skeleton: GraphJson,
    documents: Stored<DocRecord>,
    document_count: usize,
    /// The parts of the evidence (see [`PARTS`]).
    evidence: Vec<Stored<EvRecord>>,
    /// For each edge of `skeleton`, where its evidence starts in `evidence` and how many.
    spans: Vec<Span>,
    /// Documents added more than once, with the date they end with.
    redated: HashMap<String, Option<String>>,
    budget: usize,
    dir: SpillDir,
}

impl BuiltGraph {
    /// Graph JSON without its documents and evidence: nodes, and edges with their counts.
    /// Enough for the DOT export and the diagram.
    pub fn skeleton(&self) -> &GraphJson {
        &self.skeleton
    }

    /// The number of documents.
    pub fn document_count(&self) -> usize {
        self.document_count
    }

    /// The temporary directory, if anything was spilled.
    pub fn spill_dir(&self) -> Option<PathBuf> {
        self.dir.path()
    }

    /// Calls `f` with each document, in id order.
    fn documents_each(
        &self,
        f: &mut dyn FnMut(DocumentRef<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        match &self.documents {
            Stored::Memory(v) => v.iter().try_for_each(|d| f(d.meta.view())),
            Stored::File(path, _) => {
                let mut r = RunReader::open(path).map_err(io_error)?;
                while let Some(b) = r.read_raw().map_err(io_error)? {
                    f(decode_document(b)?)?;
                }
                Ok(())
            }
        }
    }

    /// Writes `graph.json`, as [`GraphJson::write_pretty`] does.
    pub fn write_json(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut reader = EvidenceReader::new(self);
        json::write_graph(
            &self.skeleton,
            &mut |f| self.documents_each(f),
            &mut |i, f| reader.each(i, &mut |r| f(r.ev)),
            w,
        )
    }

    /// Writes `graph.sqlite` into `path` (a new empty file), as
    /// [`sqlite::write_store`](crate::export::sqlite::write_store) does.
    pub fn write_store(&self, path: &std::path::Path) -> crate::error::Result<()> {
        let mut reader = EvidenceReader::new(self);
        crate::export::sqlite::write_store_with(
            path,
            &self.skeleton,
            &mut |f| self.documents_each(f),
            &mut |i, f| reader.each(i, &mut |r| f(r.ev)),
        )
    }

    /// Writes `graph.graphml`, as [`graphml::write_graphml`] does.
    pub fn write_graphml(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut reader = EvidenceReader::new(self);
        graphml::write_graphml_with(
            &self.skeleton,
            &mut |i, f| reader.each(i, &mut |r| f(r.ev)),
            w,
        )
    }

    /// Writes `events.tsv`, as [`tsv::write_tsv`] does: the rows are sorted through
    /// the temporary directory when they pass the budget.
    pub fn write_tsv(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut rows: Sorter<TsvRecord> = Sorter::new("tsv");
        let mut reader = EvidenceReader::new(self);
        let mut floats = FloatTexts::default();
        for (i, e) in self.skeleton.edges.iter().enumerate() {
            let cells = tsv::edge_cells(e, &mut floats);
            let mut position = 0;
            reader.each(i, &mut |r| {
                let date = if self.redated.is_empty() {
                    r.date
                } else {
                    match self.redated.get(r.ev.doc) {
                        Some(d) => d.as_deref(),
                        None => r.date,
                    }
                };
                let (date_len, doc) = (date.map_or(0, str::len), r.ev.doc);
                // room for the row as it will be (cells only get shorter), no more
                let room = date_len
                    + 2 * doc.len()
                    + cells.len()
                    + r.ev.cue.len()
                    + r.ev.said_by.map_or(0, str::len)
                    + r.ev.text.len()
                    + 24;
                let mut text = String::with_capacity(room);
                text.push_str(date.unwrap_or(""));
                text.push_str(doc);
                tsv::push_row(&mut text, date, &cells, r.ev);
                rows.push(TsvRecord::new(date, doc, r.ev.sentence, i, position, text));
                position += 1;
                if rows.held_bytes() > self.budget {
                    rows.spill(&self.dir).map_err(io_error)?;
                }
                Ok(())
            })?;
        }
        w.write_all(tsv::HEADER.as_bytes())?;
        w.write_all(b"\n")?;
        match rows.into_held() {
            Ok(held) => {
                for r in &held {
                    w.write_all(r.line().as_bytes())?;
                }
            }
            Err(rows) => {
                let mut merge: Merge<TsvRecord> = rows.into_merge().map_err(io_error)?;
                while let Some(r) = merge.next().map_err(io_error)? {
                    w.write_all(r.line().as_bytes())?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_compare_as_their_plain_order() {
        let strings = [
            "",
            "\0",
            "a",
            "a\0",
            "a\0\0",
            "2023-04-26",
            "2023-04-26\0",
            "2023-04-27",
            "gen-1796",
            "gen-17960",
            "0123456789abcde",
            "0123456789abcde\0",
            "0123456789abcdf",
            "0123456789abcdef",
            "0123456789abcdef\0",
            "0123456789abcdefg",
            "0123456789abcdefgh",
            "0123456789abcdeg",
            "Zürich-and-something-long",
        ];
        let mut rows = Vec::new();
        for date in std::iter::once(None).chain(strings.iter().map(|s| Some(*s))) {
            for doc in strings {
                for (sentence, edge, position) in [(0, 0, 0), (0, 1, 0), (1, 0, 2)] {
                    let text = format!("{}{doc}line\n", date.unwrap_or(""));
                    rows.push(TsvRecord::new(date, doc, sentence, edge, position, text));
                }
            }
        }
        for a in &rows {
            for b in &rows {
                assert_eq!(
                    a.cmp(b),
                    a.order().cmp(&b.order()),
                    "{:?} vs {:?}",
                    a.order(),
                    b.order()
                );
            }
        }
        // Sorted in two steps, rows come in the plain order too.
        let mut shuffled: Vec<TsvRecord> = rows.iter().rev().step_by(2).cloned().collect();
        shuffled.extend(rows.iter().step_by(2).cloned());
        shuffled.extend(rows.iter().rev().skip(1).step_by(2).cloned());
        let mut want: Vec<TsvRecord> = shuffled.clone();
        want.sort_by(|a, b| a.order().cmp(&b.order()));
        TsvRecord::sort(&mut shuffled);
        let order = |v: &[TsvRecord]| v.iter().map(|r| r.text.clone()).collect::<Vec<_>>();
        assert_eq!(order(&shuffled), order(&want));
    }
}
