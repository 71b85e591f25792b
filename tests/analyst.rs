//! What an analyst runs into (issue 15, "Defects found"): `query` on files that are not
//! graphs, rankings toward one actor, long answers cut with a note, allies without
//! mediation, `-` for standard output, lists of types, counts in words, help for every
//! argument, scores `sort -n` reads, and `render`'s size limit and `dot` timeout; and
//! (the defects left) a headline the lead repeats counted once, `--focus` drawing the
//! focus's own edges with `--depth` rings, symmetric edges in id order, merges of
//! overlapping graphs said, `build` passing over its own output directory, and `actors`
//! naming the kind of entry (region, city...) and its source.
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

// ---- 1. a headline the lead repeats counts once ----------------------------------------

/// `build` of `files` (name, text) in a fresh directory; the parsed `graph.json`.
fn build_graph(files: &[(&str, &str)]) -> (PathBuf, serde_json::Value) {
    let dir = tempdir();
    let input = dir.join("in");
    for (name, text) in files {
        write(&input.join(name), text);
    }
    let out = dir.join("out");
    let run = bin()
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("the binary runs");
    assert_code(&run, 0);
    let json = std::fs::read_to_string(out.join("graph.json")).expect("graph.json");
    (input, serde_json::from_str(&json).expect("JSON"))
}

/// The evidence of the edge `source type target` (asserted): (sentence, text) each.
fn evidence_of(g: &serde_json::Value, edge: (&str, &str, &str)) -> Vec<(u64, String)> {
    let (source, kind, target) = edge;
    g["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["source"] == source && e["target"] == target && e["type"] == kind)
        .flat_map(|e| e["evidence"].as_array().cloned().unwrap_or_default())
        .map(|ev| {
            (
                ev["sentence"].as_u64().expect("sentence"),
                ev["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_headline_repeated_in_the_lead_counts_once() {
    // (article, edge, sentences of the evidence)
    type Case<'a> = (&'a str, (&'a str, &'a str, &'a str), &'a [u64]);
    let cases: &[Case] = &[
        // the lead begins with the headline: counted in the lead only
        (
            "France Condemns Mali\n\nFrance condemns Mali, the foreign ministry said on Monday.\n",
            ("FRA", "denounces", "MLI"),
            &[1],
        ),
        // the headline is the lead, word for word
        (
            "Japan praises India\nJapan praises India.\nTrade grew.\n",
            ("JPN", "supports", "IND"),
            &[1],
        ),
        // a headline in other words is a statement of its own
        (
            "France condemns Mali\n\nFrance condemned Mali's decision on Monday.\n",
            ("FRA", "denounces", "MLI"),
            &[0, 1],
        ),
        // a lead that only begins like the headline, without all of its words
        (
            "Japan praises India over trade\nJapan praises India.\n",
            ("JPN", "supports", "IND"),
            &[0, 1],
        ),
        // two sentences on the first line: no headline
        (
            "Japan praises India. Japan praises India.\n",
            ("JPN", "supports", "IND"),
            &[0, 1],
        ),
    ];
    for (text, edge, want) in cases {
        let (input, g) = build_graph(&[("a.txt", text)]);
        let got = evidence_of(&g, *edge);
        let sentences: Vec<u64> = got.iter().map(|(s, _)| *s).collect();
        assert_eq!(&sentences, want, "{text:?}: {got:?}");
        // offsets still point into the file as written
        let written = std::fs::read_to_string(input.join("a.txt")).expect("read");
        for e in g["edges"].as_array().expect("edges") {
            for ev in e["evidence"].as_array().expect("evidence") {
                let (start, end) = (ev["start"].as_u64(), ev["end"].as_u64());
                let (Some(start), Some(end)) = (start, end) else {
                    panic!("offsets: {ev}");
                };
                let slice = written.get(start as usize..end as usize);
                assert_eq!(slice, ev["text"].as_str(), "{text:?}");
            }
        }
    }
}

// ---- 2. render --focus A draws A's edges; --depth N more rings -------------------------

#[test]
fn focus_draws_the_focus_s_own_edges_and_depth_adds_rings() {
    // Russia's neighbours are Ukraine and China, which also have an edge of their own;
    // Ukraine leads on to Iran, and Iran to Syria.
    let article = "Russia condemned Ukraine. Russia praised China. China condemned Ukraine. \
                   Ukraine condemned Iran. Iran condemned Syria.\n";
    let (input, _) = build_graph(&[("a.txt", article)]);
    let graph = input.with_file_name("out").join("graph.json");
    // (arguments after --focus Russia, the edges drawn as source>target)
    let cases: &[(&[&str], &[&str])] = &[
        (&[], &["RUS>CHN", "RUS>UKR"]),
        (&["--depth", "1"], &["RUS>CHN", "RUS>UKR"]),
        (
            &["--depth", "2"],
            &["CHN>UKR", "RUS>CHN", "RUS>UKR", "UKR>IRN"],
        ),
        (
            &["--depth", "3"],
            &["CHN>UKR", "IRN>SYR", "RUS>CHN", "RUS>UKR", "UKR>IRN"],
        ),
    ];
    for (i, (args, want)) in cases.iter().enumerate() {
        let tsv = input.with_file_name(format!("focus{i}.tsv"));
        let out = bin()
            .arg("render")
            .arg(&graph)
            .args(["--focus", "Russia"])
            .args(*args)
            .arg("-o")
            .arg(&tsv)
            .output()
            .expect("the binary runs");
        assert_code(&out, 0);
        let text = std::fs::read_to_string(&tsv).expect("tsv");
        let mut drawn: Vec<String> = text
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some(format!("{}>{}", f.get(1)?, f.get(2)?))
            })
            .collect();
        drawn.sort();
        drawn.dedup();
        assert_eq!(drawn, *want, "{args:?}:\n{text}");
    }
}

// ---- 3. symmetric edges are stored in id order, whatever the order written ------------

#[test]
fn symmetric_edges_are_stored_once_in_id_order() {
    // docs/FORMAT.md, "Symmetric types": one IND→JPN edge for both orders
    let (_, g) = build_graph(&[(
        "a.txt",
        "Japan and India held talks. India and Japan held talks on Monday.\n",
    )]);
    assert_eq!(
        evidence_of(&g, ("IND", "consults", "JPN")).len(),
        2,
        "{g:#}"
    );
    assert!(evidence_of(&g, ("JPN", "consults", "IND")).is_empty());
}

// ---- 4. merge of overlapping graphs says what it shares and did ------------------------

#[test]
fn merge_of_overlapping_graphs_says_how_many_documents_are_shared() {
    let x = ("x.txt", "France condemned Mali.\n");
    let y = ("y.txt", "Peru condemned Chile.\n");
    let z = ("z.txt", "Japan praised India.\n");
    let graph_of = |files: &[(&str, &str)]| {
        let (input, _) = build_graph(files);
        input.with_file_name("out").join("graph.json")
    };
    let (xy, yz, z_only) = (graph_of(&[x, y]), graph_of(&[y, z]), graph_of(&[z]));
    let merged = tempdir().join("merged.json");
    // (graphs, what stderr says, PER→CHL evidence, Peru's mentions)
    let cases: &[(&[&PathBuf], &str, usize, u64)] = &[
        (
            &[&xy, &yz],
            "1 of its 2 documents was merged before (same id, same text): its evidence is \
             kept once, but the actors' mention counts include it twice",
            1,
            2,
        ),
        (
            &[&xy, &xy],
            "all its documents (2 documents) were merged before (the same graph twice?)",
            1,
            1,
        ),
        (&[&xy, &z_only], "", 1, 1),
    ];
    for (graphs, said, evidence, mentions) in cases {
        let out = bin()
            .arg("merge")
            .args(*graphs)
            .arg("-o")
            .arg(&merged)
            .output()
            .expect("the binary runs");
        assert_code(&out, 0);
        let err = stderr_of(&out);
        if said.is_empty() {
            assert!(!err.contains("merged before"), "{err}");
        } else {
            assert!(err.contains(said), "{graphs:?}: {err}");
        }
        let text = std::fs::read_to_string(&merged).expect("merged");
        let g: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            evidence_of(&g, ("PER", "denounces", "CHL")).len(),
            *evidence,
            "{g:#}"
        );
        let peru = g["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .find(|n| n["id"] == "PER")
            .and_then(|n| n["mentions"].as_u64());
        assert_eq!(peru, Some(*mentions), "{graphs:?}");
    }
}

// ---- 5. build DIR -o DIR/output does not read its own outputs -------------------------

#[test]
fn build_passes_over_its_own_output_directory_inside_the_input() {
    let article = |dir: &Path| write(&dir.join("articles/a.txt"), "France condemned Mali.\n");
    // (the -o given, relative to the directory `articles` is in; the directory it is)
    let cases: &[(&str, &str)] = &[
        ("articles/output", "articles/output"),
        ("articles/deep/er/out/", "articles/deep/er/out"),
        ("./articles/../articles/o2", "articles/o2"),
    ];
    for (given, out_dir) in cases {
        let dir = tempdir();
        article(&dir);
        // twice: the second run finds the first one's graph.json inside its input
        for run in 0..2 {
            let out = bin()
                .current_dir(&dir)
                .args(["build", "articles", "-o", given])
                .output()
                .expect("the binary runs");
            assert_code(&out, 0);
            let err = stderr_of(&out);
            let said = err.matches("output directory (-o").count();
            // said once a run, as soon as the directory exists (the first run's spill
            // directory may already be there)
            assert!(said <= 1, "{given} run {run}: {err}");
            if run == 1 {
                assert_eq!(said, 1, "{given}: {err}");
            }
            let json =
                std::fs::read_to_string(dir.join(out_dir).join("graph.json")).expect("graph.json");
            let g: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            assert_eq!(g["documents"].as_array().map(Vec::len), Some(1), "{g:#}");
            assert_eq!(evidence_of(&g, ("FRA", "denounces", "MLI")).len(), 1);
            // a graph written there by another command (`merge ... -o output/all.json`)
            // is not read either: it would be a bad input (exit 3)
            std::fs::write(dir.join(out_dir).join("all.json"), &json).expect("write");
        }
    }
    // an output directory outside the input is not mentioned
    let dir = tempdir();
    article(&dir);
    let out = bin()
        .current_dir(&dir)
        .args(["build", "articles", "-o", "elsewhere"])
        .output()
        .expect("the binary runs");
    assert_code(&out, 0);
    assert!(!stderr_of(&out).contains("output directory (-o"));
}

// ---- 6. actors names the kind of entry and its source --------------------------------

#[test]
fn actors_says_which_kind_of_entry_and_where_from() {
    // (name, the line `actors` prints)
    let cases: &[(&str, &str)] = &[
        (
            "Tavush",
            "Tavush\tARM\tArmenia\tregion in Armenia [data/actors/places.tsv]",
        ),
        (
            "Tavush Province",
            "Tavush Province\tARM\tArmenia\tregion in Armenia [data/actors/places.tsv]",
        ),
        (
            "Kunduz",
            "Kunduz\tAFG\tAfghanistan\tcity in Afghanistan [data/actors/places.tsv]",
        ),
        (
            "Ain al-Asad",
            "Ain al-Asad\tIRQ\tIraq\tbase in Iraq [data/actors/places.tsv]",
        ),
        (
            "Paris",
            "Paris\tFRA\tFrance\tcapital or seat of France [data/actors/countries.toml]",
        ),
        // a state's name is from the file that defines the state, not from a later one
        // that adds its forces
        (
            "France",
            "France\tFRA\tFrance\tname of France [data/actors/countries.toml]",
        ),
    ];
    for (name, want) in cases {
        let text = stdout(&run(&["actors", name]));
        assert_eq!(text.trim_end(), *want, "{name}");
    }
}
