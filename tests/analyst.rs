//! What an analyst runs into (issue 15, "Defects found"): `query` on files that are not
//! graphs, rankings toward one actor, long answers cut with a note, allies without
//! mediation, `-` for standard output, lists of types, counts in words, help for every
//! argument, scores `sort -n` reads, and `render`'s size limit and `dot` timeout.
//!
//! No case depends on timing: the `dot` timeout case puts a `dot` that never answers on
//! PATH and gives a small timeout; it checks the message and what is left behind.

mod common;

use std::path::{Path, PathBuf};

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

// ---- 3 and issue 17 item 13: render's size limit and dot's timeout ---------------------

#[test]
fn render_refuses_more_edges_than_its_limit_with_advice() {
    let dir = tempdir();
    let out = |name: &str| dir.join(name).to_string_lossy().into_owned();
    // the fixture draws 7 asserted edges (8 with --include-negated)
    // (args, exit code)
    let cases: &[(&[&str], i32)] = &[
        (&["--max-edges", "6"], 1),
        (&["--max-edges", "7"], 0),
        (&["--max-edges", "7", "--include-negated"], 1),
        (&["--max-edges", "0"], 0),
        (&[], 0),
        (&["--max-edges", "2", "--focus", "NF&CO"], 0),
        (&["--max-edges", "2", "--types", "supports"], 0),
    ];
    for (i, (args, code)) in cases.iter().enumerate() {
        let svg = out(&format!("g{i}.svg"));
        let result = bin()
            .args(["render", &fixture(), "--renderer", "builtin", "-o", &svg])
            .args(*args)
            .output()
            .expect("runs");
        assert_code(&result, *code);
        let err = stderr_of(&result);
        if *code == 1 {
            for advice in [
                "too many to draw",
                "--focus A",
                "--types",
                "--min-count",
                "--max-edges N",
            ] {
                assert!(err.contains(advice), "{args:?}: no {advice:?}:\n{err}");
            }
            assert!(!Path::new(&svg).exists(), "{args:?} wrote {svg}");
        }
    }
    // formats that are not laid out are not limited
    let result = bin()
        .args([
            "render",
            &fixture(),
            "--max-edges",
            "1",
            "-o",
            &out("g.graphml"),
        ])
        .output()
        .expect("runs");
    assert_code(&result, 0);
    let help = stdout(&run(&["render", "--help"]));
    assert!(help.contains("[default: 300]"), "{help}");
}

/// A directory holding a `dot` that never answers: it writes its process id to
/// `started` beside itself, then sleeps for a minute in the same process (exec).
#[cfg(unix)]
fn hanging_dot(dir: &Path) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let started = dir.join("bin/started");
    let fake = write(
        &dir.join("bin/dot"),
        format!(
            "#!/bin/sh\necho $$ > '{}'\nexec sleep 60\n",
            started.display()
        ),
    );
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!("{}:/usr/bin:/bin", dir.join("bin").display());
    (path, started)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_dot_that_does_not_finish_is_stopped_and_leaves_nothing() {
    let dir = tempdir();
    let (path, _) = hanging_dot(&dir);
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let input = write(&dir.join("a.txt"), "France condemned the attack on Mali.\n");
    // render: an error naming the timeout, no file, nothing in TMPDIR
    for (ext, renderer) in [("svg", "graphviz"), ("svg", "auto"), ("png", "auto")] {
        let target = dir.join(format!("g.{ext}"));
        let out = bin()
            .args([
                "render",
                &fixture(),
                "--renderer",
                renderer,
                "--dot-timeout",
                "0.2",
                "-o",
            ])
            .arg(&target)
            .env("PATH", &path)
            .env("TMPDIR", &tmp)
            .output()
            .expect("runs");
        assert_code(&out, 1);
        let err = stderr_of(&out);
        assert!(
            err.contains("`dot` was stopped after 0.2 s") && err.contains("--dot-timeout"),
            "{ext}/{renderer}:\n{err}"
        );
        assert!(!target.exists(), "{ext}: a diagram was written");
        assert!(names_in(&tmp).is_empty(), "{:?}", names_in(&tmp));
    }
    // build: the other outputs are written, the diagram is left out and said to be
    let out_dir = dir.join("out");
    let out = bin()
        .arg("build")
        .arg(&input)
        .args(["--dot-timeout", "0.2", "-o"])
        .arg(&out_dir)
        .env("PATH", &path)
        .env("TMPDIR", &tmp)
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let err = stderr_of(&out);
    assert!(
        err.contains("no graph.svg") && err.contains("stopped after 0.2 s"),
        "{err}"
    );
    assert_eq!(
        names_in(&out_dir),
        [
            "events.tsv",
            "graph.dot",
            "graph.graphml",
            "graph.json",
            "graph.sqlite"
        ]
    );
    assert!(names_in(&tmp).is_empty(), "{:?}", names_in(&tmp));
}

#[cfg(unix)]
#[test]
fn an_interrupted_render_stops_dot_and_leaves_nothing() {
    let dir = tempdir();
    let (path, started) = hanging_dot(&dir);
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let target = dir.join("g.svg");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
        .args(["render", &fixture(), "--renderer", "graphviz", "-o"])
        .arg(&target)
        .env("PATH", &path)
        .env("TMPDIR", &tmp)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    // wait until `dot` runs (it says so with a file), then interrupt
    while !std::fs::read_to_string(&started).is_ok_and(|s| s.ends_with('\n')) {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "render ended before dot ran"
        );
        std::thread::yield_now();
    }
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: kill(2) on our own child with a valid signal
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let out = child.wait_with_output().expect("wait");
    assert_code(&out, 130);
    assert!(!target.exists());
    assert!(names_in(&tmp).is_empty(), "{:?}", names_in(&tmp));
    assert!(
        names_in(&dir)
            .iter()
            .all(|n| !n.contains("stancegraph-tmp")),
        "{:?}",
        names_in(&dir)
    );
    // the `dot` it started does not outlive it: killed, it is gone within seconds (one
    // left running would stay for a minute)
    let dot_pid = std::fs::read_to_string(&started).expect("pid");
    let stat = format!("/proc/{}/stat", dot_pid.trim());
    let running = || {
        std::fs::read_to_string(&stat)
            .ok()
            .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
            .unwrap_or(false)
    };
    let since = std::time::Instant::now();
    while running() && since.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!running(), "dot (pid {}) is still running", dot_pid.trim());
}
