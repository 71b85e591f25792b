//! Properties of merging, on articles generated from the project's invented sentence
//! templates (`stancegraph::synth`) with random actor names: merge is associative and
//! commutative, building shards and merging them equals building everything at once, and
//! this holds through `graph.json` files as `stancegraph merge` reads them.

use std::sync::LazyLock;

use proptest::prelude::*;
use stancegraph::synth::{render, NAMES, TEMPLATES};
use stancegraph::{Document, Extractor, GraphJson, Pipeline, StanceGraph};

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new(Extractor::with_defaults().expect("default resources load")));

/// One sentence: a template and three name indices.
type Sentence = (usize, usize, usize, usize);

fn sentence() -> impl Strategy<Value = Sentence> {
    (
        0..TEMPLATES.len(),
        0..NAMES.len(),
        0..NAMES.len(),
        0..NAMES.len(),
    )
}

/// Articles of 1 to 5 sentences, some dated.
fn articles() -> impl Strategy<Value = Vec<(Vec<Sentence>, Option<u8>)>> {
    prop::collection::vec(
        (
            prop::collection::vec(sentence(), 1..6),
            prop::option::of(1u8..28),
        ),
        0..12,
    )
}

fn documents(spec: &[(Vec<Sentence>, Option<u8>)], first_id: usize) -> Vec<Document> {
    spec.iter()
        .enumerate()
        .map(|(i, (sentences, day))| {
            let text: Vec<String> = sentences
                .iter()
                .map(|&(t, a, b, c)| render(t, a, b, c))
                .collect();
            let doc = Document::new(format!("doc{}", first_id + i), text.join(" "));
            match day {
                Some(d) => doc.with_date(&format!("2024-03-{d:02}")),
                None => doc,
            }
        })
        .collect()
}

fn build(docs: &[Document]) -> StanceGraph {
    PIPELINE.build(docs.iter().cloned())
}

fn merged(parts: &[&StanceGraph]) -> GraphJson {
    let mut g = StanceGraph::new();
    for p in parts {
        g.merge(p);
    }
    g.to_json()
}

/// Three shards of disjoint documents.
fn shards() -> impl Strategy<Value = [Vec<Document>; 3]> {
    (articles(), articles(), articles())
        .prop_map(|(a, b, c)| [documents(&a, 0), documents(&b, 100), documents(&c, 200)])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_associative(s in shards()) {
        let [a, b, c] = s.each_ref().map(|d| build(d));
        // (a + b) + c
        let mut ab = a.clone();
        ab.merge(&b);
        let mut left = ab;
        left.merge(&c);
        // a + (b + c)
        let mut bc = b.clone();
        bc.merge(&c);
        let mut right = a.clone();
        right.merge(&bc);
        prop_assert_eq!(left.to_json(), right.to_json());
    }

    #[test]
    fn merge_is_commutative(s in shards()) {
        let [a, b, c] = s.each_ref().map(|d| build(d));
        let want = merged(&[&a, &b, &c]);
        prop_assert_eq!(&merged(&[&b, &a, &c]), &want);
        prop_assert_eq!(&merged(&[&c, &b, &a]), &want);
        prop_assert_eq!(&merged(&[&c, &a, &b]), &want);
    }

    #[test]
    fn shards_merged_equal_everything_built_at_once(s in shards()) {
        let all: Vec<Document> = s.iter().flatten().cloned().collect();
        let whole = build(&all).to_json();
        let [a, b, c] = s.each_ref().map(|d| build(d));
        prop_assert_eq!(&merged(&[&a, &b, &c]), &whole);
        // through graph.json files, as `stancegraph merge` reads them
        let mut from_files = StanceGraph::new();
        for g in [&a, &b, &c] {
            let text = g.to_json().to_string_pretty();
            let read = GraphJson::parse("shard.json", &text).expect("a graph reads back");
            from_files.merge_json(&read);
        }
        prop_assert_eq!(
            from_files.to_json().to_string_pretty(),
            whole.to_string_pretty()
        );
        // and in parallel, in batches
        let (par, _) = stancegraph::ingest::build_parallel(&PIPELINE, all, 2).expect("pool");
        prop_assert_eq!(&par.into_json(), &whole);
    }
}
