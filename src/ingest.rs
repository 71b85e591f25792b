//! Streaming, parallel graph building: documents are read in batches, each batch is
//! extracted on a pool of worker threads, and the results are folded into the graph in
//! input order before the batch is dropped.
//!
//! Only a few batches (by default 256 documents or 8 MB of text each) are held in memory
//! at once, whatever the size of the input: one being read, one being extracted and one
//! being folded into the graph. With more than one thread, a reader thread parses the
//! inputs ahead of the workers, and the fold of one batch overlaps the extraction of the
//! next. Extraction is a pure function of a document ([`Pipeline::analyze`]) and the fold
//! ([`Pipeline::apply`]) runs in input order on one thread, so the graph, and every file
//! written from it, is byte-identical whatever the number of threads. [`Stats`] counts
//! what was done, for `--stats` and the progress display.
//!
//! What the results are folded into is a [`Fold`]: a [`StanceGraph`] in memory, or for
//! `build` a [`SpillingGraph`](crate::store::SpillingGraph), which writes evidence to
//! temporary files when it outgrows its memory budget.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::document::{has_input_extension, read_inputs_skipping, Document, InputItem};
use crate::error::{Error, Result};
use crate::graph::StanceGraph;
use crate::ids::IdTable;
use crate::{Analysis, Pipeline};

/// What a build folds each document's [`Analysis`] into, in input order.
pub trait Fold: Send {
    /// Adds one document and its analysis. A failure (a full disk while spilling) stops
    /// the build.
    fn fold(&mut self, pipeline: &Pipeline, doc: &Document, analysis: &Analysis) -> Result<()>;
    /// Edges so far.
    fn edge_count(&self) -> usize;
    /// Actors so far.
    fn node_count(&self) -> usize;
}

impl Fold for StanceGraph {
    fn fold(&mut self, pipeline: &Pipeline, doc: &Document, analysis: &Analysis) -> Result<()> {
        pipeline.apply(self, doc, analysis);
        Ok(())
    }

    fn edge_count(&self) -> usize {
        StanceGraph::edge_count(self)
    }

    fn node_count(&self) -> usize {
        StanceGraph::node_count(self)
    }
}

/// A batch is sent to the workers when it holds this many documents…
pub const BATCH_DOCS: usize = 256;
/// …or this many bytes of text, whichever comes first.
pub const BATCH_BYTES: usize = 8 << 20;

/// How to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Worker threads; 0 means one per core. 1 reads and extracts on the calling thread.
    pub threads: usize,
    /// Most documents in one batch.
    pub batch_docs: usize,
    /// Most bytes of text in one batch (a larger document is a batch of its own).
    pub batch_bytes: usize,
    /// Where the reader may spill its table of document ids, and the memory budget (in
    /// bytes) it may use: see [`IdTable::for_budget`]. `None` keeps the table in memory,
    /// about 40 bytes per document.
    pub id_spill: Option<(PathBuf, usize)>,
    /// Put before every document id (`shard3/`), so that graphs built apart (shards of
    /// one input, whose id-less records are all `stdin-N`) can be merged without two
    /// documents sharing an id. Empty: ids as read.
    pub id_prefix: String,
    /// Directories not read where a walk of an input directory meets them (`build`'s
    /// own output directory), each said once as a warning: see
    /// [`read_inputs_skipping`].
    pub skip_dirs: Vec<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 0,
            batch_docs: BATCH_DOCS,
            batch_bytes: BATCH_BYTES,
            id_spill: None,
            id_prefix: String::new(),
            skip_dirs: Vec::new(),
        }
    }
}

impl Options {
    /// The table of document ids the reader keeps, as `id_spill` asks.
    fn id_table(&self) -> IdTable {
        match &self.id_spill {
            Some((dir, bytes)) => IdTable::for_budget(dir, *bytes),
            None => IdTable::in_memory(),
        }
    }

    /// The number of threads that `threads` stands for (0: the number of cores).
    pub fn resolved_threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents extracted.
    pub documents: u64,
    /// Sentences in them.
    pub sentences: u64,
    /// Actor mentions (pronouns not counted).
    pub mentions: u64,
    /// Reported stance events, each one piece of evidence before deduplication.
    pub events: u64,
    /// Input bytes read (files, JSON Lines records), when reading inputs.
    pub bytes: u64,
    /// Bytes of article text extracted.
    pub text_bytes: u64,
    /// Edges and actors of the graph at the end.
    pub edges: u64,
    pub actors: u64,
    /// Worker threads used.
    pub threads: usize,
    /// Time spent reading, extracting and folding.
    pub elapsed: Duration,
}

/// One megabyte, as throughput is reported: 10^6 bytes.
const MB: f64 = 1e6;

impl Stats {
    fn add(&mut self, doc: &Document, a: &Analysis) {
        self.documents += 1;
        self.sentences += a.sentences as u64;
        self.mentions += a.mentions.values().map(|&n| n as u64).sum::<u64>();
        self.events += a.events.len() as u64;
        self.text_bytes += doc.text.len() as u64;
    }

    /// The input bytes, or the text bytes when no input was read (an in-memory build).
    pub fn volume(&self) -> u64 {
        if self.bytes > 0 {
            self.bytes
        } else {
            self.text_bytes
        }
    }

    /// The `--stats` report: one `name  value` line each. `load` is the time spent loading
    /// the resources and `write` the time spent writing outputs; throughput is over the
    /// whole (load + build + write).
    pub fn report(&self, load: Duration, write: Duration) -> String {
        let total = load + self.elapsed + write;
        let secs = total.as_secs_f64().max(1e-9);
        let mb = self.volume() as f64 / MB;
        format!(
            "documents   {}\n\
             sentences   {}\n\
             mentions    {}\n\
             events      {}\n\
             edges       {} (between {} actors)\n\
             bytes       {} ({mb:.1} MB)\n\
             elapsed     {:.3} s (load {:.3} s, read and extract {:.3} s, write {:.3} s)\n\
             throughput  {:.1} MB/s, {:.1} documents/s ({} thread{})\n",
            self.documents,
            self.sentences,
            self.mentions,
            self.events,
            self.edges,
            self.actors,
            self.volume(),
            total.as_secs_f64(),
            load.as_secs_f64(),
            self.elapsed.as_secs_f64(),
            write.as_secs_f64(),
            mb / secs,
            self.documents as f64 / secs,
            self.threads,
            if self.threads == 1 { "" } else { "s" },
        )
    }
}

/// Builds a graph from batches of documents, extracting each batch in parallel and
/// folding the results in the order the documents were given.
pub struct ParallelBuilder<'p, G = StanceGraph> {
    pipeline: &'p Pipeline,
    pool: Option<rayon::ThreadPool>,
    graph: G,
    /// A batch extracted but not yet folded, folded while the next one is extracted.
    pending: Option<(Vec<Document>, Vec<Analysis>)>,
    stats: Stats,
    started: Instant,
}

impl<'p> ParallelBuilder<'p> {
    /// A builder into a new [`StanceGraph`] with `threads` workers (0: one per core; 1:
    /// no pool, all on the caller).
    pub fn new(pipeline: &'p Pipeline, threads: usize) -> Result<Self> {
        Self::with_graph(pipeline, threads, StanceGraph::new())
    }
}

impl<'p, G: Fold> ParallelBuilder<'p, G> {
    /// A builder into `graph` with `threads` workers (0: one per core; 1: no pool, all on
    /// the caller).
    pub fn with_graph(pipeline: &'p Pipeline, threads: usize, graph: G) -> Result<Self> {
        let threads = Options {
            threads,
            ..Options::default()
        }
        .resolved_threads();
        let pool = if threads > 1 {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("stancegraph-{i}"))
                .build()
                .map_err(|e| Error::Threads {
                    threads,
                    message: e.to_string(),
                })?;
            Some(pool)
        } else {
            None
        };
        Ok(ParallelBuilder {
            pipeline,
            pool,
            graph,
            pending: None,
            stats: Stats {
                threads,
                ..Stats::default()
            },
            started: Instant::now(),
        })
    }

    /// Extracts a batch and folds it (or the batch before it) into the graph. An error
    /// of the fold is returned (the rest of the batch is not folded).
    pub fn add_batch(&mut self, docs: Vec<Document>) -> Result<()> {
        let pipeline = self.pipeline;
        let pending = self.pending.take();
        let graph = &mut self.graph;
        let stats = &mut self.stats;
        let fold = move |graph: &mut G, stats: &mut Stats| -> Result<()> {
            if let Some((docs, analyses)) = pending {
                for (d, a) in docs.iter().zip(&analyses) {
                    stats.add(d, a);
                    graph.fold(pipeline, d, a)?;
                }
            }
            Ok(())
        };
        match &self.pool {
            None => {
                fold(graph, stats)?;
                for d in &docs {
                    let a = pipeline.analyze(d);
                    stats.add(d, &a);
                    graph.fold(pipeline, d, &a)?;
                }
            }
            Some(pool) => {
                let (folded, analyses) = pool.install(|| {
                    rayon::join(
                        || fold(graph, stats),
                        || {
                            docs.par_iter()
                                .with_max_len(1)
                                .map(|d| pipeline.analyze(d))
                                .collect::<Vec<_>>()
                        },
                    )
                });
                folded?;
                self.pending = Some((docs, analyses));
            }
        }
        Ok(())
    }

    /// What has been folded so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Folds what is pending and returns the graph and the statistics.
    pub fn finish(mut self) -> Result<(G, Stats)> {
        if self.pending.is_some() {
            // without the pool, an empty batch folds the pending one and extracts nothing
            self.pool = None;
            self.add_batch(Vec::new())?;
        }
        self.stats.elapsed = self.started.elapsed();
        self.stats.edges = self.graph.edge_count() as u64;
        self.stats.actors = self.graph.node_count() as u64;
        Ok((self.graph, self.stats))
    }
}

/// Builds a graph from documents already in memory, in batches, with `threads` workers.
/// The result is the same as [`Pipeline::build`]'s.
pub fn build_parallel(
    pipeline: &Pipeline,
    docs: impl IntoIterator<Item = Document>,
    threads: usize,
) -> Result<(StanceGraph, Stats)> {
    let mut b = ParallelBuilder::new(pipeline, threads)?;
    let mut batch = Batcher::new(&Options::default());
    for d in docs {
        if let Some(full) = batch.push(d) {
            b.add_batch(full)?;
        }
    }
    b.add_batch(batch.take())?;
    b.finish()
}

/// What [`build_inputs`] tells its caller as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// A document was read with a loss or looks odd (it is kept).
    Warning(String),
    /// An input or record could not be read (nothing from it is kept).
    Bad(Error),
    /// A batch was folded into the graph; `bytes` counts the input read so far.
    Progress(&'a Stats),
}

/// Collects documents into batches of the configured size.
struct Batcher {
    docs: Vec<Document>,
    bytes: usize,
    max_docs: usize,
    max_bytes: usize,
    id_prefix: String,
}

impl Batcher {
    fn new(o: &Options) -> Self {
        Batcher {
            docs: Vec::new(),
            bytes: 0,
            max_docs: o.batch_docs.max(1),
            max_bytes: o.batch_bytes.max(1),
            id_prefix: o.id_prefix.clone(),
        }
    }

    /// Adds a document (its id prefixed); returns the batch when it is full.
    fn push(&mut self, mut d: Document) -> Option<Vec<Document>> {
        if !self.id_prefix.is_empty() {
            d.id.insert_str(0, &self.id_prefix);
        }
        self.bytes += d.text.len();
        self.docs.push(d);
        (self.docs.len() >= self.max_docs || self.bytes >= self.max_bytes).then(|| self.take())
    }

    fn take(&mut self) -> Vec<Document> {
        self.bytes = 0;
        std::mem::take(&mut self.docs)
    }
}

/// Reads `inputs` (as [`read_inputs_with`](crate::document::read_inputs_with) does) and
/// builds their graph in batches, extracting in parallel. `on` hears every warning, bad
/// input and batch done, in order; when it returns `Break`, reading stops and the graph
/// built so far is returned.
pub fn build_inputs(
    pipeline: &Pipeline,
    inputs: &[PathBuf],
    opts: &Options,
    on: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) -> Result<(StanceGraph, Stats)> {
    build_inputs_into(pipeline, inputs, opts, StanceGraph::new(), on)
}

/// [`build_inputs`], folding into `graph`. An error of the fold stops the build and is
/// returned.
pub fn build_inputs_into<G: Fold>(
    pipeline: &Pipeline,
    inputs: &[PathBuf],
    opts: &Options,
    graph: G,
    on: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) -> Result<(G, Stats)> {
    let mut builder = ParallelBuilder::with_graph(pipeline, opts.threads, graph)?;
    let consumed = AtomicU64::new(0);
    let mut failed: Option<Error> = None;
    let progress = |b: &ParallelBuilder<G>, on: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>| {
        let mut st = b.stats().clone();
        st.bytes = consumed.load(Ordering::Relaxed);
        st.elapsed = b.started.elapsed();
        on(Event::Progress(&st))
    };
    if builder.stats.threads == 1 {
        let mut batch = Batcher::new(opts);
        read_inputs_skipping(
            inputs,
            Some(&consumed),
            opts.id_table(),
            &opts.skip_dirs,
            &mut |item| match item {
                InputItem::Doc(d) => match batch.push(d) {
                    Some(full) => match builder.add_batch(full) {
                        Ok(()) => progress(&builder, on),
                        Err(e) => {
                            failed = Some(e);
                            ControlFlow::Break(())
                        }
                    },
                    None => ControlFlow::Continue(()),
                },
                InputItem::Warning(w) => on(Event::Warning(w)),
                InputItem::Bad(e) => on(Event::Bad(e)),
            },
        );
        if let Some(e) = failed {
            return Err(e);
        }
        builder.add_batch(batch.take())?;
    } else {
        enum Msg {
            Batch(Vec<Document>),
            Item(InputItem),
        }
        // one batch waiting while one is extracted: memory stays bounded
        let (tx, rx) = mpsc::sync_channel::<Msg>(1);
        std::thread::scope(|scope| {
            let consumed = &consumed;
            scope.spawn(move || {
                let mut batch = Batcher::new(opts);
                let send = |m: Msg| match tx.send(m) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                };
                let mut stopped = false;
                let ids = opts.id_table();
                read_inputs_skipping(inputs, Some(consumed), ids, &opts.skip_dirs, &mut |item| {
                    let flow = match item {
                        InputItem::Doc(d) => match batch.push(d) {
                            Some(full) => send(Msg::Batch(full)),
                            None => ControlFlow::Continue(()),
                        },
                        other => send(Msg::Item(other)),
                    };
                    stopped |= flow.is_break();
                    flow
                });
                if !stopped {
                    let _ = send(Msg::Batch(batch.take()));
                }
            });
            for msg in rx.iter() {
                let flow = match msg {
                    Msg::Batch(docs) => match builder.add_batch(docs) {
                        Ok(()) => progress(&builder, on),
                        Err(e) => {
                            failed = Some(e);
                            ControlFlow::Break(())
                        }
                    },
                    Msg::Item(InputItem::Warning(w)) => on(Event::Warning(w)),
                    Msg::Item(InputItem::Bad(e)) => on(Event::Bad(e)),
                    Msg::Item(InputItem::Doc(_)) => ControlFlow::Continue(()),
                };
                if flow.is_break() {
                    // dropping the receiver stops the reader at its next send
                    break;
                }
            }
            drop(rx);
        });
        if let Some(e) = failed {
            return Err(e);
        }
    }
    let (graph, mut stats) = builder.finish()?;
    stats.bytes = consumed.load(Ordering::Relaxed);
    Ok((graph, stats))
}

/// The total size of `inputs` in bytes (files, and the input files in directories), or
/// `None` when it cannot be known in advance (standard input, unreadable entries).
pub fn input_size(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    for input in inputs {
        if input.as_os_str() == "-" {
            return None;
        }
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input) {
                let e = entry.ok()?;
                if has_input_extension(e.path()) {
                    let m = std::fs::metadata(e.path()).ok()?;
                    if m.is_file() {
                        total += m.len();
                    }
                }
            }
        } else {
            total += file_len(input)?;
        }
    }
    Some(total)
}

fn file_len(p: &Path) -> Option<u64> {
    std::fs::metadata(p)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;
    use crate::synth::Generator;

    fn corpus(n: usize) -> Vec<Document> {
        let mut g = Generator::new(42);
        (0..n).map(|_| g.article()).collect()
    }

    #[test]
    fn parallel_equals_sequential() {
        let p = Pipeline::new(Extractor::with_defaults().expect("defaults load"));
        let docs = corpus(300);
        let want = p.build(docs.clone()).to_json().to_string_pretty();
        for threads in [1, 2, 3] {
            let (g, st) = build_parallel(&p, docs.clone(), threads).expect("pool");
            assert_eq!(g.to_json().to_string_pretty(), want, "{threads} threads");
            assert_eq!(st.documents, 300);
            assert!(st.sentences > 300 && st.events > 0 && st.mentions > 0);
        }
    }

    #[test]
    fn small_batches_change_nothing() {
        let p = Pipeline::new(Extractor::with_defaults().expect("defaults load"));
        let docs = corpus(40);
        let want = p.build(docs.clone()).to_json();
        let mut b = ParallelBuilder::new(&p, 2).expect("pool");
        for chunk in docs.chunks(3) {
            b.add_batch(chunk.to_vec()).expect("fold");
        }
        b.add_batch(Vec::new()).expect("fold");
        b.add_batch(Vec::new()).expect("fold");
        let (g, st) = b.finish().expect("fold");
        assert_eq!(g.to_json(), want);
        assert_eq!(st.documents, 40);
    }

    #[test]
    fn report_names_every_figure() {
        let st = Stats {
            documents: 2,
            bytes: 3_000_000,
            threads: 2,
            elapsed: Duration::from_secs(1),
            ..Stats::default()
        };
        let r = st.report(Duration::ZERO, Duration::ZERO);
        for word in [
            "documents",
            "sentences",
            "mentions",
            "edges",
            "bytes",
            "elapsed",
            "3.0 MB/s",
        ] {
            assert!(r.contains(word), "{word} in {r}");
        }
    }
}
