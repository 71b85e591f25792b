//! The command line as a user runs it: the README's commands, `actors`, determinism,
//! errors that name the file and line, and `eval` agreeing with the scorer's rules.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("stancegraph").expect("binary is built")
}

fn examples() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/examples").to_string()
}

#[test]
fn actors_resolve_names_capitals_institutions_and_people() {
    let out = bin()
        .args([
            "actors",
            "Kyiv",
            "the Kremlin",
            "Zelenskyy",
            "White House",
            "Beijing",
            "CHN",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let ids: Vec<String> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["UKR", "RUS", "UKR", "USA", "CHN", "CHN"]);
}

#[test]
fn actors_use_the_date_for_office_holders() {
    // Joe Biden was vice-president of the United States in 2015, president in 2022.
    bin()
        .args(["actors", "--date", "2015-06-01", "Joe Biden"])
        .assert()
        .success()
        .stdout(predicate::str::contains("USA").and(predicate::str::contains("vice_president")));
    bin()
        .args(["actors", "Atlantis"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("not in the gazetteer"));
}

#[test]
fn build_examples_writes_json_and_dot_deterministically() {
    let dir = tempdir();
    for sub in ["a", "b"] {
        bin()
            .args(["build", &examples(), "-o"])
            .arg(dir.join(sub))
            .assert()
            .success()
            .stderr(predicate::str::contains("4 documents"));
    }
    for f in ["graph.json", "graph.dot"] {
        let a = std::fs::read(dir.join("a").join(f)).unwrap();
        let b = std::fs::read(dir.join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two runs");
    }
    let g: Value =
        serde_json::from_slice(&std::fs::read(dir.join("a/graph.json")).unwrap()).unwrap();
    let edges = g["edges"].as_array().unwrap();
    let has = |t: &str, pol: &str| edges.iter().any(|e| e["type"] == t && e["polarity"] == pol);
    for t in ["supports", "denounces", "mediates"] {
        assert!(has(t, "asserted"), "examples give no asserted {t} edge");
    }
    assert!(
        edges.iter().any(|e| e["polarity"] == "negated"),
        "examples give no negated edge"
    );
    let dot = std::fs::read_to_string(dir.join("a/graph.dot")).unwrap();
    assert!(dot.starts_with("digraph stancegraph {"), "{dot}");
}

#[test]
fn extract_prints_one_json_line_per_event() {
    let out = bin()
        .args(["extract", "-"])
        .write_stdin("Peru condemned Chile. Kenya did not criticize Uganda.\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let got: Vec<(String, String, String, String)> = lines
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("source"), s("type"), s("target"), s("polarity"))
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "PER".into(),
                "denounces".into(),
                "CHL".into(),
                "asserted".into()
            ),
            (
                "KEN".into(),
                "denounces".into(),
                "UGA".into(),
                "negated".into()
            ),
        ]
    );
}

#[test]
fn explain_shows_mentions_cues_and_reasons() {
    bin()
        .args(["extract", "--explain", "-"])
        .write_stdin("Peru condemned the weather.\n")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("mention PER").and(predicate::str::contains(
                "no edge denounces cue \"condemned\"",
            )),
        );
}

#[test]
fn bad_jsonl_line_is_reported_with_file_and_line_and_the_rest_is_kept() {
    let dir = tempdir();
    let input = dir.join("news.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"Peru condemned Chile.\"}\n{broken\n{\"id\":\"c\",\"text\":\"Kenya praised Uganda.\"}\n",
    )
    .unwrap();
    bin()
        .args(["build"])
        .arg(&input)
        .arg("-o")
        .arg(dir.join("out"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("news.jsonl:2:"));
    let g: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/graph.json")).unwrap()).unwrap();
    assert_eq!(g["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn eval_scores_like_the_gold_rules() {
    let dir = tempdir();
    let input = dir.join("docs.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"d1\",\"text\":\"Peru condemned Chile. Japan and India held talks. Kenya did not criticize Uganda.\"}\n",
    )
    .unwrap();
    let gold = dir.join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            "{\"doc\":\"d1\",\"edges\":[",
            "{\"source\":\"PER\",\"type\":\"denounces\",\"target\":\"CHL\",\"polarity\":\"asserted\",\"required\":true},",
            "{\"source\":\"IND\",\"type\":\"consults\",\"target\":\"JPN\",\"polarity\":\"asserted\",\"required\":true},",
            "{\"source\":\"KEN\",\"type\":\"denounces\",\"target\":\"UGA\",\"polarity\":\"negated\",\"required\":true},",
            "{\"source\":\"CHL\",\"type\":\"rejects\",\"target\":\"PER\",\"polarity\":\"asserted\",\"required\":true}]}\n"
        ),
    )
    .unwrap();
    bin()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg(&input)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "exact  asserted  P 1.000  R 0.667  F1 0.800  (tp 2 fp 0 fn 1)  flips 0   negated P 1.000 R 1.000 (tp 1 fp 0 fn 0)",
        ));
}

#[test]
fn missing_input_is_a_clear_error() {
    bin()
        .args(["build", "/nonexistent/news.txt", "-o"])
        .arg(tempdir().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/news.txt"));
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "stancegraph-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
