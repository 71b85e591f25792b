//! The `query`, `render` and `export` commands and the extra files of `build`, as a
//! user runs them. Articles here are invented for the tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("stancegraph").expect("binary is built")
}

fn fixture() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/fixture.graph.json"
    )
    .to_string()
}

fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "stancegraph-view-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Two dated invented articles as JSON Lines.
fn articles(dir: &Path) -> PathBuf {
    let path = dir.join("news.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"id":"a1","date":"2024-01-15","text":"France condemned Mali's decision on Monday."}"#,
            "\n",
            r#"{"id":"a2","date":"2024-03-20","text":"France praised Mali for the release of the hostages."}"#,
            "\n"
        ),
    )
    .expect("write articles");
    path
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&cmd.assert().success().get_output().stdout).to_string()
}

#[test]
fn query_a_graph_file_prints_summary_then_evidence() {
    let out = stdout_of(bin().args(["query", &fixture(), "--from", "Beijing", "--to", "Moscow"]));
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(
            "China (CHN) → Russia (RUS): net +4.3 · 3 asserted (supports ×2, cooperates ×1), \
             1 negated (not denounces ×1) · 2024-01-10 … 2024-03-02"
        )
    );
    assert_eq!(
        lines.next(),
        Some("  2024-03-02  d3 #1  supports  cue \"backed\"")
    );
    assert_eq!(
        lines.next(),
        Some("      Beijing again backed Moscow on Tuesday.")
    );
}

#[test]
fn query_articles_builds_the_graph_in_memory() {
    let dir = tempdir();
    let input = articles(&dir);
    let out = stdout_of(
        bin()
            .arg("query")
            .arg(&input)
            .args(["--from", "Paris", "--to", "Mali"]),
    );
    assert!(
        out.starts_with("France (FRA) → Mali (MLI): net +0.5 · 2 asserted (supports ×1, denounces ×1) · 2024-01-15 … 2024-03-20"),
        "{out}"
    );
    // The newest evidence comes first.
    let first = out.lines().nth(1).unwrap_or("");
    assert!(
        first.starts_with("  2024-03-20  a2 #0  supports"),
        "{first}"
    );
    let since = stdout_of(bin().arg("query").arg(&input).args([
        "--from",
        "FRA",
        "--to",
        "MLI",
        "--since",
        "2024-02-01",
        "--json",
    ]));
    let v: Value = serde_json::from_str(&since).expect("--json prints JSON");
    assert_eq!(v["query"]["since"], "2024-02-01");
    assert_eq!(v["dyads"][0]["score"], 3.5);
    assert_eq!(v["dyads"][0]["evidence"].as_array().map(Vec::len), Some(1));
}

#[test]
fn query_modes_from_between_allies_mediators_timeline() {
    let from = stdout_of(bin().args(["query", &fixture(), "--from", "China"]));
    assert!(
        from.starts_with("China (CHN) toward 2 actors, by net score:"),
        "{from}"
    );
    let adversaries =
        stdout_of(bin().args(["query", &fixture(), "--from", "NF&CO", "--adversaries"]));
    assert!(adversaries.contains("-9.0  China (CHN)"), "{adversaries}");
    let between = stdout_of(bin().args(["query", &fixture(), "--between", "CHN", "UKR"]));
    assert!(between.contains("China (CHN) → Ukraine (UKR): net +1.5"));
    assert!(between.contains("Ukraine (UKR) → China (CHN): net +2.3"));
    let mediators = stdout_of(bin().args([
        "query",
        &fixture(),
        "--between",
        "RUS",
        "UKR",
        "--mediators",
    ]));
    assert!(
        mediators.starts_with("Turkey (TUR): mediates toward Russia (RUS) ×1"),
        "{mediators}"
    );
    let timeline = stdout_of(bin().args([
        "query",
        &fixture(),
        "--from",
        "CHN",
        "--to",
        "RUS",
        "--timeline",
        "--type",
        "supports",
    ]));
    assert!(
        timeline.contains("    2024-01   +3.5  (1 evidence)"),
        "{timeline}"
    );
    assert!(!timeline.contains("cooperates"));
}

#[test]
fn query_usage_errors_and_unknown_actors() {
    for args in [
        vec!["--from", "CHN", "--to", "RUS", "--allies"],
        vec!["--from", "CHN", "--mediators"],
        vec!["--from", "CHN", "--since", "yesterday"],
        vec!["--from", "CHN", "--type", "befriends"],
    ] {
        bin()
            .arg("query")
            .arg(fixture())
            .args(&args)
            .assert()
            .code(2);
    }
    bin()
        .args(["query", &fixture(), "--from", "Atlantis"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no actor is named \"Atlantis\""));
}

#[test]
fn render_picks_the_format_by_extension() {
    let dir = tempdir();
    let svg = dir.join("g.svg");
    bin()
        .args(["render", &fixture(), "--renderer", "builtin", "-o"])
        .arg(&svg)
        .assert()
        .success()
        .stderr(predicate::str::contains("built-in layout"));
    let text = std::fs::read_to_string(&svg).expect("svg written");
    roxmltree::Document::parse(&text).expect("well-formed SVG");
    assert!(text.contains("Legend"));

    let html = dir.join("g.html");
    bin()
        .args(["render", &fixture(), "-o"])
        .arg(&html)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).expect("html written");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("data-polarity=\"negated\""),
        "the page keeps negated edges"
    );

    let graphml = dir.join("g.graphml");
    bin()
        .args(["render", &fixture(), "--focus", "Ankara", "-o"])
        .arg(&graphml)
        .assert()
        .success();
    let xml = std::fs::read_to_string(&graphml).expect("graphml written");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed GraphML");
    let nodes = doc.descendants().filter(|n| n.has_tag_name("node")).count();
    assert_eq!(nodes, 3, "Turkey and the two actors it mediates for");

    bin()
        .args(["render", &fixture(), "-o"])
        .arg(dir.join("g.pdf"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot tell the format"));
}

#[test]
fn render_png_and_svg_with_graphviz_when_installed() {
    if std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("skipped: Graphviz's dot is not installed");
        return;
    }
    let dir = tempdir();
    bin()
        .args(["render", &fixture(), "--include-negated", "-o"])
        .arg(dir.join("g.svg"))
        .assert()
        .success()
        .stderr(predicate::str::contains("Graphviz"));
    let svg = std::fs::read_to_string(dir.join("g.svg")).expect("svg");
    // Graphviz writes a DOCTYPE.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(&svg, options).expect("well-formed SVG");
    assert!(svg.contains("Legend") && svg.contains("negated"));
    bin()
        .args(["render", &fixture(), "-o"])
        .arg(dir.join("g.png"))
        .assert()
        .success();
    let png = std::fs::read(dir.join("g.png")).expect("png");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn export_graphml_neo4j_and_tsv() {
    let dir = tempdir();
    bin()
        .args(["export", &fixture(), "--format", "neo4j", "-o"])
        .arg(dir.join("neo"))
        .assert()
        .success();
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    for f in ["nodes.csv", "relationships.csv"] {
        assert_eq!(
            std::fs::read(dir.join("neo").join(f)).expect("csv"),
            std::fs::read(Path::new(golden).join(f)).expect("golden"),
            "{f}"
        );
    }
    for (format, file) in [("graphml", "graph.graphml"), ("tsv", "events.tsv")] {
        bin()
            .args(["export", &fixture(), "--format", format, "-o"])
            .arg(dir.join(file))
            .assert()
            .success();
        assert_eq!(
            std::fs::read(dir.join(file)).expect("export"),
            std::fs::read(Path::new(golden).join(file)).expect("golden"),
            "{file}"
        );
    }
}

#[test]
fn build_writes_graphml_tsv_and_always_an_svg() {
    let dir = tempdir();
    let input = articles(&dir);
    // An empty PATH: no Graphviz, so the built-in layout draws graph.svg.
    let empty = dir.join("empty-path");
    std::fs::create_dir_all(&empty).expect("dir");
    bin()
        .env("PATH", &empty)
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(dir.join("out"))
        .assert()
        .success()
        .stderr(
            predicate::str::contains("graph.svg drawn by the built-in layout")
                .and(predicate::str::contains("`dot` was not found")),
        );
    for f in [
        "graph.json",
        "graph.dot",
        "graph.graphml",
        "events.tsv",
        "graph.svg",
    ] {
        assert!(dir.join("out").join(f).is_file(), "no {f}");
    }
    let svg = std::fs::read_to_string(dir.join("out/graph.svg")).expect("svg");
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let tsv = std::fs::read_to_string(dir.join("out/events.tsv")).expect("tsv");
    assert_eq!(tsv.lines().count(), 3, "{tsv}");
    assert!(tsv
        .lines()
        .nth(1)
        .is_some_and(|l| l.starts_with("2024-01-15\tFRA\tMLI\tdenounces")));
}
