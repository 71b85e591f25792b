//! Spilling evidence to disk changes no byte of the output: `build` with a tiny memory
//! budget (many sorted runs, merged back) writes the same four files as the in-memory
//! path, with one thread or two, and leaves no temporary file behind, after success or
//! error.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use assert_cmd::Command;
use stancegraph::document::{read_inputs, InputItem};
use stancegraph::export::{write_build_files, write_built_files, BUILD_FILES};
use stancegraph::ingest::{self, Fold};
use stancegraph::store::SpillingGraph;
use stancegraph::synth::Generator;
use stancegraph::{Document, Extractor, Pipeline, StanceGraph};

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new(Extractor::with_defaults().expect("defaults load")));

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "stancegraph-spilltest-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// Invented articles (several batches of them), some undated, as JSON Lines.
fn corpus(n: usize) -> String {
    let mut g = Generator::new(11);
    let mut out = String::new();
    for i in 0..n {
        let mut d = g.article();
        if i % 5 == 0 {
            d.date = None;
        }
        let rec = serde_json::json!({"id": d.id, "date": d.date, "title": d.title, "text": d.text});
        out.push_str(&format!("{rec}\n"));
    }
    out
}

fn read_docs(input: &Path) -> Vec<Document> {
    let mut docs = Vec::new();
    read_inputs(&[input.to_path_buf()], &mut |item| {
        if let InputItem::Doc(d) = item {
            docs.push(d);
        }
    });
    docs
}

/// Files and directories in `dir` whose name starts with `.`: temporary files.
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_same_files(want: &Path, got: &Path, what: &str) {
    for f in BUILD_FILES {
        let a = std::fs::read(want.join(f)).expect("reference output");
        let b = std::fs::read(got.join(f)).unwrap_or_else(|e| panic!("{what}: {f}: {e}"));
        assert!(!a.is_empty() && a == b, "{f} differs: {what}");
    }
}

/// Builds `docs` through a [`SpillingGraph`] with `budget` and writes the build files
/// into `out`; returns how many runs were spilled.
fn build_spilled(docs: &[Document], budget: usize, out: &Path) -> usize {
    let mut g = SpillingGraph::new(out, budget);
    for d in docs {
        let a = PIPELINE.analyze(d);
        g.fold(&PIPELINE, d, &a).expect("fold");
    }
    let runs = g.runs();
    let dir = g.spill_dir();
    assert_eq!(dir.is_some(), runs > 0, "a directory only when spilling");
    let built = g.finish(false).expect("merge");
    std::fs::create_dir_all(out).expect("output directory");
    write_built_files(out, &built, false, true).expect("write");
    drop(built);
    if let Some(dir) = dir {
        assert!(!dir.exists(), "{} is removed", dir.display());
    }
    runs
}

#[test]
fn spilled_build_writes_the_same_bytes_as_the_in_memory_build() {
    let dir = tempdir("lib");
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, corpus(400)).expect("write corpus");
    let docs = read_docs(&input);
    let want = dir.join("memory");
    std::fs::create_dir_all(&want).expect("output directory");
    let json = PIPELINE.build(docs.clone()).into_json();
    write_build_files(&want, &json, false, false).expect("write");

    let mut spilled_runs = Vec::new();
    for budget in [0, 1, 4_000, 50_000, 1 << 20, usize::MAX] {
        let out = dir.join(format!("budget-{budget}"));
        let runs = build_spilled(&docs, budget, &out);
        assert_same_files(&want, &out, &format!("budget {budget} ({runs} runs)"));
        assert!(hidden(&out).is_empty(), "left behind: {:?}", hidden(&out));
        spilled_runs.push(runs);
    }
    assert!(
        spilled_runs[0] > stancegraph::spill::MAX_RUNS,
        "{spilled_runs:?}"
    );
    assert!(
        spilled_runs[2] > 1 && spilled_runs[5] == 0,
        "{spilled_runs:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repeated_ids_and_repeated_evidence_are_merged_as_in_memory() {
    // Only the library can fold two documents with one id: the second one's metadata and
    // date win, and evidence found twice is kept once, even across runs.
    let mut g = Generator::new(3);
    let mut docs: Vec<Document> = (0..60).map(|_| g.article()).collect();
    for i in 0..20 {
        let mut again = docs[i * 2].clone();
        again.date = Some(format!("2019-01-{:02}", i + 1));
        again.title = Some(format!("again {i}"));
        if i % 2 == 0 {
            again.text = docs[i * 2 + 1].text.clone();
        }
        docs.push(again);
    }
    let dir = tempdir("repeated");
    let want = dir.join("memory");
    std::fs::create_dir_all(&want).expect("output directory");
    let mut mem = StanceGraph::new();
    for d in &docs {
        let a = PIPELINE.analyze(d);
        mem.fold(&PIPELINE, d, &a).expect("fold");
    }
    write_build_files(&want, &mem.into_json(), false, false).expect("write");
    for budget in [0, 3_000, usize::MAX] {
        let out = dir.join(format!("budget-{budget}"));
        build_spilled(&docs, budget, &out);
        assert_same_files(&want, &out, &format!("budget {budget}"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_with_a_tiny_budget_is_byte_identical_with_any_threads() {
    let dir = tempdir("cli");
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, corpus(600)).expect("write corpus");
    let want = dir.join("memory");
    std::fs::create_dir_all(&want).expect("output directory");
    let json = PIPELINE.build(read_docs(&input)).into_json();
    write_build_files(&want, &json, false, false).expect("write");
    for threads in ["1", "2"] {
        for budget in ["20000", "67108864"] {
            let out = dir.join(format!("t{threads}-b{budget}"));
            Command::cargo_bin("stancegraph")
                .expect("binary is built")
                .args(["build", "--renderer", "builtin", "--threads", threads])
                .args(["--spill-budget", budget, "-o"])
                .arg(&out)
                .arg(&input)
                .assert()
                .success();
            let what = format!("--threads {threads} --spill-budget {budget}");
            assert_same_files(&want, &out, &what);
            assert!(hidden(&out).is_empty(), "{what} left {:?}", hidden(&out));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spill_that_cannot_be_written_is_an_error_naming_the_path() {
    let dir = tempdir("error");
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, corpus(30)).expect("write corpus");
    // The output "directory" is a file: the temporary directory cannot be made in it.
    let blocked = dir.join("blocked");
    std::fs::write(&blocked, "a file").expect("write");
    let opts = ingest::Options {
        threads: 2,
        batch_docs: 4,
        ..ingest::Options::default()
    };
    let graph = SpillingGraph::new(&blocked, 1);
    let err = ingest::build_inputs_into(
        &PIPELINE,
        std::slice::from_ref(&input),
        &opts,
        graph,
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .err()
    .expect("the spill fails");
    let msg = err.to_string();
    assert!(msg.contains("blocked"), "{msg}");
    Command::cargo_bin("stancegraph")
        .expect("binary is built")
        .args(["build", "--spill-budget", "1", "-o"])
        .arg(&blocked)
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("blocked"));
    assert_eq!(std::fs::read_to_string(&blocked).expect("read"), "a file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn temporary_files_go_when_a_build_is_abandoned() {
    let dir = tempdir("abandon");
    let mut g = Generator::new(9);
    let mut graph = SpillingGraph::new(&dir, 1);
    for _ in 0..10 {
        let d = g.article();
        let a = PIPELINE.analyze(&d);
        graph.fold(&PIPELINE, &d, &a).expect("fold");
    }
    let spill = graph.spill_dir().expect("spilled");
    assert!(spill.exists());
    drop(graph);
    assert!(!spill.exists());
    assert!(hidden(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
