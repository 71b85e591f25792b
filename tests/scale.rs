//! Streaming and parallel `build` on generated input: the output does not depend on the
//! number of threads, standard input is read as a stream, `--stats` reports every figure,
//! and a graph too large to draw is written without its diagram.

use assert_cmd::Command;
use stancegraph::synth::{render, Generator, NAMES, TEMPLATES};

fn bin() -> Command {
    Command::cargo_bin("stancegraph").expect("binary is built")
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stancegraph-scale-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// `n` short invented articles as JSON Lines: several batches of 256 documents, small
/// enough for a debug build.
fn corpus(n: usize) -> String {
    let mut g = Generator::new(5);
    let mut out = String::new();
    for i in 0..n {
        let text: Vec<String> = (0..3)
            .map(|_| {
                render(
                    g.below(TEMPLATES.len()),
                    g.below(NAMES.len()),
                    g.below(NAMES.len()),
                    g.below(NAMES.len()),
                )
            })
            .collect();
        let rec = serde_json::json!({"id": format!("n{i}"), "date": "2023-05-01", "text": text.join(" ")});
        out.push_str(&format!("{rec}\n"));
    }
    out
}

const OUTPUTS: [&str; 4] = ["graph.json", "graph.dot", "graph.graphml", "events.tsv"];

#[test]
fn one_thread_and_two_threads_write_the_same_bytes() {
    let dir = tempdir("threads");
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, corpus(700)).expect("write corpus");
    for t in ["1", "2"] {
        bin()
            .args(["build", "--threads", t, "-o"])
            .arg(dir.join(t))
            .arg(&input)
            .assert()
            .success();
    }
    for f in OUTPUTS {
        let a = std::fs::read(dir.join("1").join(f)).expect("output of --threads 1");
        let b = std::fs::read(dir.join("2").join(f)).expect("output of --threads 2");
        assert!(
            !a.is_empty() && a == b,
            "{f} differs between --threads 1 and 2"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stdin_is_read_as_a_stream_with_the_same_result() {
    let dir = tempdir("stdin");
    let text = corpus(300);
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, &text).expect("write corpus");
    bin()
        .args(["build", "-o"])
        .arg(dir.join("file"))
        .arg(&input)
        .assert()
        .success();
    let out = bin()
        .args(["build", "-", "--stats", "-o"])
        .arg(dir.join("stdin"))
        .write_stdin(text.clone())
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    for f in OUTPUTS {
        let a = std::fs::read(dir.join("file").join(f)).expect("output from the file");
        let b = std::fs::read(dir.join("stdin").join(f)).expect("output from stdin");
        assert!(a == b, "{f} differs between a file and stdin");
    }
    for line in [
        "documents   300\n",
        "sentences   ",
        "mentions    ",
        "edges       ",
        "elapsed     ",
        "MB/s",
    ] {
        assert!(stderr.contains(line), "--stats prints {line:?}: {stderr}");
    }
    assert!(
        stderr.contains(&format!("bytes       {} ", text.len())),
        "--stats counts the input bytes: {stderr}"
    );
    // piped stderr: no progress bar drawn
    assert!(!stderr.contains("docs/s"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn strict_stops_at_a_bad_record_in_any_batch() {
    let dir = tempdir("strict");
    let mut text = corpus(600);
    text.push_str("{not json\n");
    text.push_str(&corpus(10));
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, &text).expect("write corpus");
    for t in ["1", "2"] {
        bin()
            .args(["build", "--strict", "--threads", t, "-o"])
            .arg(dir.join(t))
            .arg(&input)
            .assert()
            .code(1)
            .stderr(predicates::str::contains("articles.jsonl:601"));
        assert!(!dir.join(t).join("graph.json").exists());
        bin()
            .args(["build", "--threads", t, "-o"])
            .arg(dir.join(t))
            .arg(&input)
            .assert()
            .code(3)
            .stderr(predicates::str::contains("skipped:"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_graph_too_large_to_draw_is_written_without_its_diagram() {
    let dir = tempdir("large");
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, corpus(400)).expect("write corpus");
    bin()
        .args(["build", "-o"])
        .arg(dir.join("out"))
        .arg(&input)
        .assert()
        .success()
        .stderr(predicates::str::contains("too many for one diagram"));
    assert!(dir.join("out/graph.json").exists());
    assert!(!dir.join("out/graph.svg").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
