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

pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod lexicon;
pub mod mention;
pub mod query;
pub mod sentence;
pub mod stance;
pub mod token;

pub use document::Document;
pub use error::{Error, Result};
pub use extract::{Extractor, StanceEvent};
pub use gazetteer::Gazetteer;
pub use graph::{GraphJson, StanceGraph};
pub use lexicon::Lexicon;
pub use stance::{Polarity, StanceType};

/// Extraction plus aggregation: documents in, graph out.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub extractor: Extractor,
}

impl Pipeline {
    pub fn new(extractor: Extractor) -> Self {
        Pipeline { extractor }
    }

    /// Adds one document's mentions and events to `graph`.
    pub fn add(&self, graph: &mut StanceGraph, doc: &Document) {
        let traces = self.extractor.trace(doc);
        let counts = extract::mention_counts(&traces);
        graph.add_document(doc, &counts, &self.extractor.gazetteer);
        for t in traces {
            for ev in t
                .events
                .iter()
                .filter(|e| e.modality == extract::Modality::Real)
            {
                graph.add_event(ev, &self.extractor.gazetteer);
            }
        }
    }

    /// Builds a graph from documents.
    pub fn build(&self, docs: impl IntoIterator<Item = Document>) -> StanceGraph {
        let mut g = StanceGraph::new();
        for d in docs {
            self.add(&mut g, &d);
        }
        g
    }
}
