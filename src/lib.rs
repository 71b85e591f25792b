//! stancegraph turns news articles into a diplomatic-stance knowledge graph.
//!
//! Actors (states, international organizations, blocs, armed groups) are nodes; typed
//! stance edges (supports, denounces, mediates, … see [`StanceType`]) join them, each
//! carrying the sentences that state it. The pipeline is a chain of typed stages, each a
//! pure function of its input and the loaded resources, with byte offsets into the
//! original text all the way:
//!
//! ```text
//! Document ─▶ sentences ─▶ mentions ─▶ stance events ─▶ StanceGraph ─▶ JSON · DOT
//! document    sentence     mention     extract           graph          export
//! ```
//!
//! ```
//! use stancegraph::{Document, Extractor, Pipeline};
//!
//! let pipeline = Pipeline::new(Extractor::with_defaults()?);
//! let doc = Document::new("example", "France condemned the attack on Mali.");
//! let graph = pipeline.build([doc]);
//! let json = graph.to_json();
//! assert_eq!(json.edges[0].source, "FRA");
//! assert_eq!(json.edges[0].stance.as_str(), "denounces");
//! # Ok::<(), stancegraph::Error>(())
//! ```

mod bytes;
pub mod cleanup;
pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod ids;
pub mod ingest;
pub mod lexicon;
pub mod mention;
pub mod name_words;
pub mod progress;
pub mod query;
pub mod sentence;
pub mod spill;
pub mod stance;
pub mod store;
pub mod syntax;
pub mod synth;
pub mod token;

pub use document::Document;
pub use error::{Error, Result};
pub use extract::{Extractor, StanceEvent};
pub use gazetteer::Gazetteer;
pub use graph::{GraphJson, StanceGraph};
pub use lexicon::Lexicon;
pub use stance::{Polarity, StanceType};

/// Extraction plus aggregation: documents in, graph out.
///
/// Extraction ([`Pipeline::analyze`]) is a pure function of one document, so it can run
/// on many documents at once; aggregation ([`Pipeline::apply`]) folds the results into a
/// graph in input order. [`ingest`] does both for streams of documents, in parallel.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub extractor: Extractor,
}

/// What one document contributes to a graph: the result of [`Pipeline::analyze`].
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Mentions per actor id (pronouns not counted).
    pub mentions: std::collections::BTreeMap<String, usize>,
    /// The reported events (asserted and negated), in text order.
    pub events: Vec<StanceEvent>,
    /// Sentences in the document.
    pub sentences: usize,
}

impl Pipeline {
    pub fn new(extractor: Extractor) -> Self {
        Pipeline { extractor }
    }

    /// Extracts one document: its mention counts and reported events. Pure: needs only
    /// the document and the loaded resources, so documents may be analyzed in parallel.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let mut mentions = std::collections::BTreeMap::new();
        let mut sentences = 0;
        let mut events = Vec::new();
        self.extractor.for_each_trace(doc, |t| {
            sentences += 1;
            extract::count_mentions(&t, &mut mentions);
            events.extend(
                t.events
                    .into_iter()
                    .filter(|e| e.modality == extract::Modality::Real),
            );
        });
        Analysis {
            mentions,
            events,
            sentences,
        }
    }

    /// Adds one document's [`Analysis`] to `graph`.
    pub fn apply(&self, graph: &mut StanceGraph, doc: &Document, analysis: &Analysis) {
        graph.add_document(doc, &analysis.mentions, &self.extractor.gazetteer);
        for ev in &analysis.events {
            graph.add_event(ev, &self.extractor.gazetteer);
        }
    }

    /// Adds one document's mentions and events to `graph`.
    pub fn add(&self, graph: &mut StanceGraph, doc: &Document) {
        let analysis = self.analyze(doc);
        self.apply(graph, doc, &analysis);
    }

    /// Builds a graph from documents, one after the other. See [`ingest`] for streams
    /// read in batches and extracted in parallel (same result, byte for byte).
    pub fn build(&self, docs: impl IntoIterator<Item = Document>) -> StanceGraph {
        let mut g = StanceGraph::new();
        for d in docs {
            self.add(&mut g, &d);
        }
        g
    }
}
