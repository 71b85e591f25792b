//! What an analyst runs into (issue 15, "Defects found"): `query` on files that are not
//! graphs, rankings toward one actor, long answers cut with a note, allies without
//! mediation, `-` for standard output, lists of types, counts in words, help for every
//! argument, scores `sort -n` reads, and `render`'s size limit and `dot` timeout.
//!
//! No case depends on timing: the `dot` timeout case puts a `dot` that never answers on
//! PATH and gives a small timeout; it checks the message and what is left behind.

mod common;

use common::{assert_code, bin, stderr_of, tempdir, write};

fn fixture() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/fixture.graph.json"
    )
    .to_string()
}

fn run(args: &[&str]) -> std::process::Output {
    bin().args(args).output().expect("the binary runs")
}

/// `query FIXTURE ARGS…`.
fn query(args: &[&str]) -> std::process::Output {
    bin()
        .arg("query")
        .arg(fixture())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &std::process::Output) -> String {
    assert_code(out, 0);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---- 4. --to alone, --limit ------------------------------------------------------------

#[test]
fn to_alone_ranks_every_actor_toward_b() {
    // (args after the fixture, the lines the answer starts with)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--to", "Russia"],
            &[
                "2 actors toward Russia (RUS), by net score:",
                "   +5.0  Turkey (TUR) · 1 asserted (mediates ×1) · 2024-02-05",
                "   +4.3  China (CHN) · 3 asserted",
            ],
        ),
        (
            &["--to", "RUS", "--type", "supports"],
            &[
                "1 actor toward Russia (RUS), by net score:",
                "   +3.5  China (CHN) · 2 asserted (supports ×2)",
            ],
        ),
        (&["--to", "Atlantis"], &[]),
    ];
    for (args, want) in cases {
        let out = query(args);
        if want.is_empty() {
            assert_code(&out, 1);
            continue;
        }
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        for (i, w) in want.iter().enumerate() {
            assert!(
                lines.get(i).is_some_and(|l| l.starts_with(w)),
                "{args:?}: line {i} should start with {w:?}:\n{text}"
            );
        }
    }
    let json = stdout(&query(&["--to", "RUS", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["query"]["kind"], "toward");
    assert!(v["query"]["from"].is_null());
    assert_eq!(v["dyads"][0]["source"]["id"], "TUR");
    assert_eq!(v["dyads"][0]["target"]["id"], "RUS");
}

#[test]
fn limit_cuts_long_answers_and_says_so() {
    // (args, evidence or ranking lines printed, the note on what was left out)
    let cases: &[(&[&str], usize, Option<&str>)] = &[
        (&["--from", "CHN", "--to", "RUS"], 4, None),
        (
            &["--from", "CHN", "--to", "RUS", "--limit", "1"],
            1,
            Some("  … 3 more evidence (--limit N shows N, --limit 0 all)"),
        ),
        (&["--from", "CHN", "--to", "RUS", "--limit", "0"], 4, None),
        (
            &["--from", "CHN", "--limit", "1"],
            1,
            Some("  … 1 more actors (--limit N shows N, --limit 0 all)"),
        ),
        (
            &["--to", "RUS", "--limit", "1"],
            1,
            Some("  … 1 more actors (--limit N shows N, --limit 0 all)"),
        ),
    ];
    for (args, shown, note) in cases {
        let text = stdout(&query(args));
        // evidence rows start with a date or "(no date)"; ranking rows with a score
        let rows = text
            .lines()
            .filter(|l| {
                l.starts_with("  20") || l.starts_with("  (no date)") || l.starts_with("   ")
            })
            .filter(|l| !l.starts_with("      "))
            .count();
        assert_eq!(rows, *shown, "{args:?}:\n{text}");
        match note {
            Some(n) => assert!(text.lines().any(|l| l == *n), "{args:?}:\n{text}"),
            None => assert!(!text.contains("--limit N shows"), "{args:?}:\n{text}"),
        }
    }
    // --json always holds all the evidence
    let json = stdout(&query(&[
        "--from", "CHN", "--to", "RUS", "--limit", "1", "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["dyads"][0]["evidence"].as_array().map(Vec::len), Some(4));
}

// ---- 5. allies without mediation ------------------------------------------------------

#[test]
fn a_mediator_is_nobody_s_ally() {
    // Turkey mediates toward Russia and Ukraine and does nothing else in the fixture.
    // (from, the allies listed)
    let cases: &[(&str, &[&str])] = &[
        ("TUR", &[]),
        ("UKR", &["China (CHN)"]),
        ("CHN", &["Russia (RUS)", "Ukraine (UKR)"]),
    ];
    for (from, want) in cases {
        let text = stdout(&query(&["--from", from, "--allies"]));
        let got: Vec<&str> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.trim_start().split_once("  ").map(|(_, rest)| rest))
            .filter_map(|l| l.split(" · ").next())
            .collect();
        assert_eq!(got, *want, "{from}:\n{text}");
        assert!(text.contains("(mediation left out)"), "{text}");
    }
}

// ---- 7. smaller ------------------------------------------------------------------------

#[test]
fn dash_writes_to_standard_output() {
    let dir = tempdir();
    // (args, what standard output starts with)
    let cases: &[(&[&str], &str)] = &[
        (
            &["export", "--format", "tsv", "-o", "-"],
            "date\tsource\ttarget\t",
        ),
        (&["export", "--format", "graphml", "-o", "-"], "<?xml"),
        (&["merge", "-o", "-"], "{\n  \"format\": \"stancegraph\""),
    ];
    for (args, want) in cases {
        let out = bin()
            .current_dir(&dir)
            .args(*args)
            .arg(fixture())
            .output()
            .expect("runs");
        let text = stdout(&out);
        assert!(
            text.starts_with(want),
            "{args:?}:\n{}",
            &text[..text.len().min(200)]
        );
        assert!(
            stderr_of(&out).contains("-> standard output"),
            "{}",
            stderr_of(&out)
        );
        assert!(!dir.join("-").exists(), "{args:?} wrote a file named -");
    }
    let out = bin()
        .current_dir(&dir)
        .args(["export", "--format", "neo4j", "-o", "-"])
        .arg(fixture())
        .output()
        .expect("runs");
    assert_code(&out, 1);
    assert!(
        stderr_of(&out).contains("give -o DIR"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn type_lists_are_read_alike_by_query_and_render() {
    let dir = tempdir();
    let svg = dir.join("g.dot");
    let svg = svg.to_str().expect("utf-8 path");
    // every spelling of two types is accepted by both commands
    let spellings: &[&[&str]] = &[
        &["--type", "supports,cooperates"],
        &["--type", "supports", "--type", "cooperates"],
        &["--types", "supports,cooperates"],
        &["--types", "supports", "--types", "cooperates"],
    ];
    for s in spellings {
        let text = stdout(&query(&[&["--from", "CHN", "--to", "RUS"][..], s].concat()));
        assert!(
            text.contains("3 asserted (supports ×2, cooperates ×1)"),
            "{s:?}:\n{text}"
        );
        assert!(!text.contains("denounces"), "{s:?}:\n{text}");
        let out = bin()
            .args(["render", &fixture(), "-o", svg])
            .args(*s)
            .output()
            .expect("runs");
        assert_code(&out, 0);
    }
}

#[test]
fn counts_are_singular_for_one() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), "France condemned the attack on Mali.\n");
    let out = bin()
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(dir.join("out"))
        .args(["--renderer", "builtin"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let err = stderr_of(&out);
    assert!(err.contains("1 document, 2 actors, 1 edge -> "), "{err}");
    let merged = bin()
        .args(["merge", "-o"])
        .arg(dir.join("m.json"))
        .arg(dir.join("out/graph.json"))
        .output()
        .expect("runs");
    assert!(
        stderr_of(&merged).contains("merged 1 graph -> "),
        "{}",
        stderr_of(&merged)
    );
}

#[test]
fn every_argument_has_help() {
    for command in [
        "build",
        "extract",
        "eval",
        "actors",
        "types",
        "merge",
        "query",
        "render",
        "export",
        "syntax-eval",
    ] {
        let text = stdout(&run(&[command, "-h"]));
        // in the short help, an argument line without help is its name alone
        let bare: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(str::trim_start)
            .filter(|l| (l.starts_with('-') || l.starts_with('<')) && !l.contains("  "))
            .collect();
        assert!(bare.is_empty(), "{command}: no help for {bare:?}\n{text}");
    }
}

#[test]
fn scores_are_written_with_an_ascii_minus() {
    // (args, a line of the answer)
    let cases: &[(&[&str], &str)] = &[
        (
            &["--from", "NF&CO", "--adversaries"],
            "   -9.0  China (CHN)",
        ),
        (&["--from", "NF&CO", "--to", "CHN"], "net -9.0"),
    ];
    for (args, want) in cases {
        let text = stdout(&query(args));
        assert!(text.contains(want), "{args:?}:\n{text}");
        assert!(
            !text.contains('\u{2212}'),
            "{args:?}: a Unicode minus:\n{text}"
        );
    }
}

// ---- 2. files that are neither a graph nor articles ------------------------------------

#[test]
fn files_that_are_not_graphs_are_refused_by_name() {
    let dir = tempdir();
    let d = |name: &str| dir.join(name).to_string_lossy().into_owned();
    // the outputs of stancegraph itself, written from the fixture
    for args in [
        vec!["export", "--format", "tsv", "-o", &d("events.tsv")],
        vec!["export", "--format", "graphml", "-o", &d("graph.graphml")],
        vec!["export", "--format", "neo4j", "-o", &d("neo4j")],
        vec!["render", "-o", &d("graph.dot")],
        vec!["render", "-o", &d("graph.html")],
        vec!["render", "--renderer", "builtin", "-o", &d("graph.svg")],
    ] {
        let out = bin().args(&args).arg(fixture()).output().expect("runs");
        assert_code(&out, 0);
    }
    // the same contents without their extension are told by their first bytes
    for (from, to) in [
        ("events.tsv", "events"),
        ("graph.graphml", "graphml-data"),
        ("neo4j/nodes.csv", "nodes"),
        ("graph.dot", "dot-data"),
        ("graph.svg", "drawing"),
        ("graph.html", "page"),
    ] {
        std::fs::copy(dir.join(from), dir.join(to)).expect("copy");
    }
    // (file, what the message calls it)
    let cases: &[(&str, &str)] = &[
        ("events.tsv", "a tab-separated table"),
        ("events", "a tab-separated table"),
        ("graph.graphml", "GraphML"),
        ("graphml-data", "GraphML"),
        ("neo4j/nodes.csv", "a CSV table"),
        ("neo4j/relationships.csv", "a CSV table"),
        ("nodes", "a CSV table"),
        ("graph.dot", "a Graphviz DOT file"),
        ("dot-data", "a Graphviz DOT file"),
        ("graph.svg", "an SVG drawing"),
        ("drawing", "an SVG drawing"),
        ("graph.html", "an HTML page"),
        ("page", "an HTML page"),
    ];
    for (file, what) in cases {
        let path = d(file);
        for command in [
            vec!["query", &path, "--from", "CHN"],
            vec!["render", &path, "-o", &d("out.dot")],
            vec!["export", &path, "--format", "tsv", "-o", &d("out.tsv")],
        ] {
            let out = run(&command);
            assert_code(&out, 1);
            let err = stderr_of(&out);
            assert!(
                err.contains(&format!("{path}: this is {what}"))
                    && err.contains("not a stancegraph graph"),
                "{command:?}:\n{err}"
            );
            assert!(out.stdout.is_empty(), "{command:?} printed an answer");
        }
    }
    // articles and graphs are still read
    let article = write(&dir.join("a.txt"), "France condemned the attack on Mali.\n");
    let text = stdout(&run(&[
        "query",
        &article.to_string_lossy(),
        "--from",
        "France",
    ]));
    assert!(text.contains("Mali (MLI)"), "{text}");
}
