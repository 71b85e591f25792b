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
//! reading each edge's evidence in turn; `events.tsv`, ordered by date, is sorted through
//! the same temporary directory. The files are byte for byte those of the in-memory path
//! ([`StanceGraph::into_json`] then [`write_build_files`](crate::export::write_build_files))
//! whatever the budget and the number of threads; a build within the budget never
//! touches the disk. The temporary directory goes when the [`BuiltGraph`] (or the
//! [`SpillingGraph`], after an error) is dropped.

use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::PathBuf;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::export::{graphml, tsv};
use crate::extract::StanceEvent;
use crate::gazetteer::Gazetteer;
use crate::graph::{DocumentMeta, Evidence, GraphJson, StanceGraph};
use crate::ingest::Fold;
use crate::spill::{heap_size, Dec, Enc, Merge, Record, RunReader, RunWriter, Sorter, SpillDir};
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

/// A row of `events.tsv` with its sort key: (undated, date, document, sentence, then
/// the edge's position in the graph and the evidence's on the edge).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TsvRecord {
    undated: bool,
    date: Option<String>,
    doc: String,
    sentence: usize,
    edge: usize,
    position: usize,
    line: String,
}

impl Record for TsvRecord {
    fn encode(&self, e: &mut Enc<'_>) {
        e.opt(self.date.as_deref());
        e.str(&self.doc);
        e.usize(self.sentence);
        e.usize(self.edge);
        e.usize(self.position);
        e.str(&self.line);
    }

    fn decode(d: &mut Dec<'_>) -> io::Result<Self> {
        let date = d.opt()?;
        Ok(TsvRecord {
            undated: date.is_none(),
            date,
            doc: d.string()?,
            sentence: d.usize()?,
            edge: d.usize()?,
            position: d.usize()?,
            line: d.string()?,
        })
    }

    fn mem_size(&self) -> usize {
        std::mem::size_of::<Self>()
            + heap_size(self.date.as_deref().unwrap_or(""))
            + heap_size(&self.doc)
            + heap_size(&self.line)
    }
}

/// A graph being built whose evidence and documents go to disk past a memory budget.
pub struct SpillingGraph {
    /// Nodes and edges; no evidence, no documents.
    graph: StanceGraph,
    evidence: Sorter<EvRecord>,
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
            evidence: Sorter::new("evidence"),
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
        self.evidence.push(EvRecord {
            // petgraph's indices are u32
            edge: edge as u32,
            seq,
            date: date.map(str::to_string),
            ev: Evidence::from_event(ev),
        });
    }

    /// Spills the evidence and documents held if they pass the budget.
    pub fn check_budget(&mut self) -> Result<()> {
        if self.evidence.held_bytes() + self.documents.held_bytes() > self.budget {
            self.evidence.spill(&self.dir)?;
            self.documents.spill(&self.dir)?;
        }
        Ok(())
    }

    /// How many times evidence was spilled (documents are spilled with it).
    pub fn runs(&self) -> usize {
        self.evidence.spills()
    }

    /// The temporary directory, once created.
    pub fn spill_dir(&self) -> Option<PathBuf> {
        self.dir.path()
    }

    /// Merges what was spilled with what is held: the graph, ready to be written.
    pub fn finish(self) -> Result<BuiltGraph> {
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
        let order = graph.edge_order();
        let mut rank = vec![0; order.iter().map(|i| i.index() + 1).max().unwrap_or(0)];
        for (r, i) in order.iter().enumerate() {
            rank[i.index()] = r;
        }
        let mut spans = vec![(0u64, 0usize); order.len()];
        let evidence = unique(
            evidence,
            &dir,
            "edges",
            EvRecord::same,
            |r, position| {
                let span = &mut spans[rank[r.edge as usize]];
                if span.1 == 0 {
                    span.0 = position;
                }
                span.1 += 1;
            },
            |_| {},
        )?;

        let mut skeleton = graph.into_json();
        for (e, span) in skeleton.edges.iter_mut().zip(&spans) {
            e.count = span.1;
        }
        Ok(BuiltGraph {
            skeleton,
            documents,
            document_count,
            evidence,
            spans,
            redated,
            budget,
            dir,
        })
    }
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
    Ok(Stored::File(w.finish()?))
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

/// Records kept in memory, or written to a file.
enum Stored<T> {
    Memory(Vec<T>),
    File(PathBuf),
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

/// Reads [`Stored`] records from the start, or from given positions.
struct Cursor<'a, T> {
    stored: &'a Stored<T>,
    file: Option<RunReader>,
}

impl<'a, T: Record> Cursor<'a, T> {
    fn new(stored: &'a Stored<T>) -> Self {
        Cursor { stored, file: None }
    }

    fn reader(&mut self) -> Result<&mut RunReader> {
        match (&mut self.file, self.stored) {
            (Some(r), _) => Ok(r),
            (none, Stored::File(path)) => Ok(none.insert(RunReader::open(path)?)),
            (_, Stored::Memory(_)) => Err(Error::Io {
                path: PathBuf::new(),
                source: io::Error::other("no file to read"),
            }),
        }
    }

    /// Calls `f` with `count` records from `position` on.
    fn each(
        &mut self,
        position: u64,
        count: usize,
        f: &mut dyn FnMut(&T) -> io::Result<()>,
    ) -> io::Result<()> {
        match self.stored {
            Stored::Memory(v) => {
                let start = position as usize;
                v[start..start + count].iter().try_for_each(f)
            }
            Stored::File(_) => {
                let r = self.reader().map_err(io_error)?;
                r.seek(position).map_err(io_error)?;
                for _ in 0..count {
                    match r.read::<T>().map_err(io_error)? {
                        Some(t) => f(&t)?,
                        None => {
                            return Err(io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                "temporary file ends early",
                            ))
                        }
                    }
                }
                Ok(())
            }
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
    evidence: Stored<EvRecord>,
    /// For each edge of `skeleton`, where its evidence starts in `evidence` and how many.
    spans: Vec<(u64, usize)>,
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

    /// Calls `f` with each piece of evidence of edge `i` of the skeleton, in order.
    fn evidence_of(
        &self,
        cursor: &mut Cursor<'_, EvRecord>,
        i: usize,
        f: &mut dyn FnMut(&EvRecord) -> io::Result<()>,
    ) -> io::Result<()> {
        let (position, count) = self.spans[i];
        cursor.each(position, count, f)
    }

    /// Writes `graph.json`, as [`GraphJson::write_pretty`] does.
    pub fn write_json(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let json = JsonGraph {
            g: self,
            evidence: RefCell::new(Cursor::new(&self.evidence)),
        };
        serde_json::to_writer_pretty(&mut *w, &json)?;
        w.write_all(b"\n")
    }

    /// Writes `graph.graphml`, as [`graphml::write_graphml`] does.
    pub fn write_graphml(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut cursor = Cursor::new(&self.evidence);
        graphml::write_graphml_with(
            &self.skeleton,
            &mut |i, f| self.evidence_of(&mut cursor, i, &mut |r| f(&r.ev)),
            w,
        )
    }

    /// Writes `events.tsv`, as [`tsv::write_tsv`] does: the rows are sorted through
    /// the temporary directory when they pass the budget.
    pub fn write_tsv(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut rows: Sorter<TsvRecord> = Sorter::new("tsv");
        let mut cursor = Cursor::new(&self.evidence);
        for (i, e) in self.skeleton.edges.iter().enumerate() {
            let mut position = 0;
            self.evidence_of(&mut cursor, i, &mut |r| {
                let date = match self.redated.get(&r.ev.doc) {
                    Some(d) => d.clone(),
                    None => r.date.clone(),
                };
                let mut line = String::new();
                tsv::push_row(&mut line, date.as_deref(), e, &r.ev);
                rows.push(TsvRecord {
                    undated: date.is_none(),
                    date,
                    doc: r.ev.doc.clone(),
                    sentence: r.ev.sentence,
                    edge: i,
                    position,
                    line,
                });
                position += 1;
                if rows.held_bytes() > self.budget {
                    rows.spill(&self.dir).map_err(io_error)?;
                }
                Ok(())
            })?;
        }
        let mut merge: Merge<TsvRecord> = rows.into_merge().map_err(io_error)?;
        w.write_all(format!("{}\n", tsv::HEADER).as_bytes())?;
        while let Some(r) = merge.next().map_err(io_error)? {
            w.write_all(r.line.as_bytes())?;
        }
        Ok(())
    }
}

/// `graph.json` of a [`BuiltGraph`], serialized field by field as [`GraphJson`] is, with
/// the documents and the evidence read as they are written.
struct JsonGraph<'a> {
    g: &'a BuiltGraph,
    evidence: RefCell<Cursor<'a, EvRecord>>,
}

impl Serialize for JsonGraph<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let sk = &self.g.skeleton;
        let mut st = s.serialize_struct("GraphJson", 5)?;
        st.serialize_field("format", &sk.format)?;
        st.serialize_field("version", &sk.version)?;
        st.serialize_field("documents", &JsonDocuments(self.g))?;
        st.serialize_field("nodes", &sk.nodes)?;
        st.serialize_field("edges", &JsonEdges(self))?;
        st.end()
    }
}

struct JsonDocuments<'a>(&'a BuiltGraph);

impl Serialize for JsonDocuments<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.document_count()))?;
        match &self.0.documents {
            Stored::Memory(v) => {
                for d in v {
                    seq.serialize_element(&d.meta)?;
                }
            }
            Stored::File(path) => {
                let mut r = RunReader::open(path).map_err(S::Error::custom)?;
                while let Some(d) = r.read::<DocRecord>().map_err(S::Error::custom)? {
                    seq.serialize_element(&d.meta)?;
                }
            }
        }
        seq.end()
    }
}

struct JsonEdges<'a, 'g>(&'a JsonGraph<'g>);

impl Serialize for JsonEdges<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let edges = &self.0.g.skeleton.edges;
        let mut seq = s.serialize_seq(Some(edges.len()))?;
        for i in 0..edges.len() {
            seq.serialize_element(&JsonEdge(self.0, i))?;
        }
        seq.end()
    }
}

/// Edge `.1`, with the fields of [`EdgeJson`](crate::graph::EdgeJson) in its order.
struct JsonEdge<'a, 'g>(&'a JsonGraph<'g>, usize);

impl Serialize for JsonEdge<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let e = &self.0.g.skeleton.edges[self.1];
        let mut st = s.serialize_struct("EdgeJson", 9)?;
        st.serialize_field("source", &e.source)?;
        st.serialize_field("target", &e.target)?;
        st.serialize_field("type", &e.stance)?;
        st.serialize_field("polarity", &e.polarity)?;
        st.serialize_field("count", &e.count)?;
        st.serialize_field("weight", &e.weight)?;
        st.serialize_field("cameo", &e.cameo)?;
        st.serialize_field("plover", &e.plover)?;
        st.serialize_field("evidence", &JsonEvidence(self.0, self.1))?;
        st.end()
    }
}

struct JsonEvidence<'a, 'g>(&'a JsonGraph<'g>, usize);

impl Serialize for JsonEvidence<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (g, i) = (self.0.g, self.1);
        let mut seq = s.serialize_seq(Some(g.spans[i].1))?;
        let mut failed = None;
        let mut cursor = self.0.evidence.borrow_mut();
        let read = g.evidence_of(&mut cursor, i, &mut |r| {
            seq.serialize_element(&r.ev).map_err(|e| {
                failed = Some(e);
                io::Error::other("serialization failed")
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}
