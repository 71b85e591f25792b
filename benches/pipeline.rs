//! Benchmarks of each stage and of the whole pipeline, on invented text made by
//! `stancegraph::synth` (no downloaded data). Run with `cargo bench`; one group with
//! `cargo bench -- extract`. Figures measured on the project's machine are in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stancegraph::ingest::build_parallel;
use stancegraph::sentence::split;
use stancegraph::synth::Generator;
use stancegraph::{Document, Extractor, Gazetteer, Lexicon, Pipeline, StanceGraph};

/// About `mb` megabytes of invented articles.
fn corpus(mb: f64, seed: u64) -> Vec<Document> {
    let mut g = Generator::new(seed);
    let mut docs = Vec::new();
    let mut bytes = 0;
    while (bytes as f64) < mb * 1e6 {
        let d = g.article();
        bytes += d.text.len();
        docs.push(d);
    }
    docs
}

fn text_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::new(Extractor::with_defaults().expect("defaults load"));
    let docs = corpus(0.5, 1);
    let bytes = text_bytes(&docs);

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::BytesDecimal(bytes));
    g.bench_function("sentence_split", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| split(black_box(&d.text)).len())
                .sum::<usize>()
        })
    });
    let spans: Vec<_> = docs.iter().map(|d| split(&d.text)).collect();
    g.bench_function("gazetteer_scan", |b| {
        b.iter(|| {
            let mut n = 0;
            for (d, ss) in docs.iter().zip(&spans) {
                for s in ss {
                    n += pipeline
                        .extractor
                        .gazetteer
                        .scan(black_box(&d.text), s.start, s.end)
                        .len();
                }
            }
            n
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| pipeline.analyze(black_box(d)).events.len())
                .sum::<usize>()
        })
    });
    let analyses: Vec<_> = docs.iter().map(|d| pipeline.analyze(d)).collect();
    g.bench_function("graph_build", |b| {
        b.iter(|| {
            let mut graph = StanceGraph::new();
            for (d, a) in docs.iter().zip(&analyses) {
                pipeline.apply(&mut graph, d, a);
            }
            graph.edge_count()
        })
    });
    let graph = pipeline.build(docs.iter().cloned());
    g.bench_function("json_export", |b| {
        b.iter(|| graph.to_json().to_string_pretty().len())
    });
    g.finish();
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.bench_function("load_default_gazetteer_lexicon_automata", |b| {
        b.iter(|| Extractor::with_defaults().expect("defaults load"))
    });
    // The two halves, which `stancegraph` builds on two threads at once.
    g.bench_function("gazetteer", |b| {
        b.iter(|| Gazetteer::default_set().expect("defaults load"))
    });
    g.bench_function("lexicon", |b| {
        b.iter(|| Lexicon::default_set().expect("defaults load"))
    });
    g.finish();
}

fn end_to_end(c: &mut Criterion) {
    let pipeline = Pipeline::new(Extractor::with_defaults().expect("defaults load"));
    let docs = corpus(2.0, 2);
    let mut g = c.benchmark_group("end_to_end");
    g.sample_size(10);
    g.throughput(Throughput::BytesDecimal(text_bytes(&docs)));
    for threads in [1, 2] {
        g.bench_function(format!("build_2MB_{threads}_threads"), |b| {
            b.iter_batched(
                || docs.clone(),
                |docs| {
                    let (graph, _) = build_parallel(&pipeline, docs, threads).expect("pool");
                    graph.into_json().to_string_pretty().len()
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

fn long_paragraph(c: &mut Criterion) {
    let pipeline = Pipeline::new(Extractor::with_defaults().expect("defaults load"));
    let mut g = c.benchmark_group("long_paragraph");
    g.sample_size(10);
    for kb in [100, 1000] {
        let text = Generator::new(3).text(kb * 1000, false);
        let doc = Document::new("paragraph", text);
        g.throughput(Throughput::BytesDecimal(doc.text.len() as u64));
        g.bench_function(format!("{kb}KB"), |b| {
            b.iter(|| pipeline.analyze(black_box(&doc)).events.len())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(20);
    targets = stages, startup, end_to_end, long_paragraph
}
criterion_main!(benches);
