//! Faults and hostile input (issue 17): no file overwritten through a link, nothing
//! injected into a terminal or a spreadsheet, nothing good lost, nothing left behind.
//!
//! Every case builds its own inputs in a fresh temporary directory and checks the files
//! and messages the binary leaves. No case depends on timing: the signal cases send their
//! signal after the process has printed a known line, and wait for it to exit.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{assert_code, bin, stderr_of, tempdir, write};
use serde_json::Value;

use stancegraph::export::{neo4j, terminal_line, terminal_safe, tsv, write_atomic};

// ---- helpers -------------------------------------------------------------------------

/// `build INPUTS -o OUT EXTRA…`.
fn build(inputs: &[&Path], out_dir: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("build")
        .args(inputs)
        .args(extra)
        .arg("-o")
        .arg(out_dir)
        .output()
        .unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

const ARTICLE: &str = "France condemned the attack on Mali.\n";

// ---- 1. links: the destination is replaced, never what it points to -------------------

#[cfg(unix)]
#[test]
fn outputs_replace_links_and_never_write_through_them() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    // a planted link at every output name, each to a file of the victim
    let outputs = ["graph.json", "graph.dot", "graph.graphml", "events.tsv"];
    for name in outputs {
        let victim = write(&dir.join(format!("victim-{name}")), "precious");
        std::os::unix::fs::symlink(&victim, out_dir.join(name)).unwrap();
    }
    let out = build(&[&input], &out_dir, &[]);
    assert_code(&out, 0);
    for name in outputs {
        let victim = dir.join(format!("victim-{name}"));
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "precious",
            "{name}"
        );
        let meta = std::fs::symlink_metadata(out_dir.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is now a regular file");
    }

    // the library function too, for every kind of link
    let real = write(&dir.join("real.json"), "old");
    let cases: &[(&str, Option<&Path>)] = &[
        ("to-file.json", Some(&real)),
        ("dangling.json", Some(Path::new("/nonexistent/x"))),
        ("plain.json", None),
    ];
    for (name, target) in cases {
        let path = dir.join(name);
        if let Some(t) = target {
            std::os::unix::fs::symlink(t, &path).unwrap();
        }
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new", "{name}");
        assert!(
            std::fs::symlink_metadata(&path).unwrap().is_file(),
            "{name}"
        );
    }
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "old");
    // temporary files are exclusive and unpredictable: none is left, none is .NAME.tmpPID
    assert!(
        names_in(&dir).iter().all(|n| !n.contains("tmp")),
        "{:?}",
        names_in(&dir)
    );
}

// ---- 6. the mode of a replaced file is kept ----------------------------------------------

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_the_mode_of_each_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let cases = [
        ("graph.json", 0o600),
        ("graph.dot", 0o640),
        ("graph.graphml", 0o604),
        ("events.tsv", 0o660),
    ];
    for (name, mode) in cases {
        std::fs::set_permissions(out_dir.join(name), std::fs::Permissions::from_mode(mode))
            .unwrap();
    }
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    for (name, mode) in cases {
        assert_eq!(mode_of(&out_dir.join(name)), mode, "{name}");
    }
    // merge, render and export keep it as well
    let graph = out_dir.join("graph.json");
    let merged = dir.join("all.json");
    let tsv_out = dir.join("events.tsv");
    for (args, path) in [
        (vec!["merge", "-o"], &merged),
        (vec!["export", "--format", "tsv", "-o"], &tsv_out),
    ] {
        let run = |bin: &mut Command| bin.args(&args).arg(path).arg(&graph).output().unwrap();
        assert_code(&run(&mut bin()), 0);
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_code(&run(&mut bin()), 0);
        assert_eq!(mode_of(path), 0o600, "{args:?}");
    }
}

// ---- 2. nothing from the input acts on the terminal -------------------------------------

#[test]
fn explain_and_skipped_messages_print_no_control_characters() {
    let dir = tempdir();
    // OSC 52 (sets the clipboard), a colour, a cursor move, a C1 CSI and a bidi override
    let evil = "\u{1b}]52;c;ZWNobyBvd25lZA==\u{7}\u{1b}[31m\u{1b}[2A\u{9b}1m\u{202e}";
    let article = write(
        &dir.join("a.txt"),
        format!("France {evil}condemned the attack on Mali.\n"),
    );
    let jsonl = write(
        &dir.join("b.jsonl"),
        format!(
            "{}\n",
            serde_json::json!({"id": format!("doc{evil}"), "text": "Peru condemned Chile."})
        ),
    );
    let out = bin()
        .args(["extract", "--explain"])
        .arg(&article)
        .arg(&jsonl)
        .output()
        .unwrap();
    assert_code(&out, 0);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Mali"), "{shown}");
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!shown.contains(c), "U+{:04X} in {shown:?}", c as u32);
    }

    // a file name with escapes, skipped (binary): named, escaped, in `skipped:`
    let bad_name = dir.join(format!("bad{evil}.txt"));
    write(&bad_name, [0u8; 64]);
    for cmd in [&["extract"][..], &["build", "-o"]] {
        let mut c = bin();
        c.args(cmd);
        if cmd[0] == "build" {
            c.arg(dir.join("out"));
        }
        let out = c.arg(&article).arg(&bad_name).output().unwrap();
        assert_code(&out, 3);
        let err = stderr_of(&out);
        assert!(err.contains("skipped: "), "{err}");
        assert!(
            err.contains("\\u{1b}]52"),
            "the escape is shown as text: {err}"
        );
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!err.contains(c), "U+{:04X} in {err:?}", c as u32);
        }
    }
}

#[test]
fn terminal_text_is_escaped_or_flattened() {
    let cases: &[(&str, &str, &str)] = &[
        ("plain, café 北京", "plain, café 北京", "plain, café 北京"),
        ("a\u{1b}[31mb", "a\\u{1b}[31mb", "a [31mb"),
        ("tab\tnl\ncr\r", "tab\\u{9}nl\\u{a}cr\\u{d}", "tab nl cr "),
        (
            "c1 \u{9b} del \u{7f}",
            "c1 \\u{9b} del \\u{7f}",
            "c1   del  ",
        ),
        (
            "ls \u{2028} ps \u{2029}",
            "ls \\u{2028} ps \\u{2029}",
            "ls   ps  ",
        ),
        (
            "bidi \u{202e}txt.exe",
            "bidi \\u{202e}txt.exe",
            "bidi  txt.exe",
        ),
    ];
    for (input, safe, line) in cases {
        assert_eq!(terminal_safe(input), *safe, "{input:?}");
        assert_eq!(terminal_line(input), *line, "{input:?}");
    }
}

// ---- 3. spreadsheets and line-based formats ---------------------------------------------

#[test]
fn cells_that_spreadsheets_would_run_are_neutralised() {
    // (value, TSV cell, CSV field)
    let cases: &[(&str, &str, &str)] = &[
        (
            "=HYPERLINK(\"x\")",
            "'=HYPERLINK(\"x\")",
            "\"'=HYPERLINK(\"\"x\"\")\"",
        ),
        (
            "+1+cmd|' /C calc'!A0",
            "'+1+cmd|' /C calc'!A0",
            "'+1+cmd|' /C calc'!A0",
        ),
        ("-2+3", "'-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"),
        ("-2.5", "-2.5", "-2.5"),
        ("+3", "+3", "+3"),
        ("-", "'-", "'-"),
        ("a=b", "a=b", "a=b"),
        ("line\u{2028}sep\u{2029}", "line sep ", "\"line sep \""),
        ("", "", "\"\""),
    ];
    for (value, cell, field) in cases {
        assert_eq!(tsv::cell(value), *cell, "TSV {value:?}");
        assert_eq!(neo4j::field(value), *field, "CSV {value:?}");
    }
}

#[test]
fn hostile_ids_and_text_cannot_split_rows_or_run_formulas() {
    let dir = tempdir();
    let records = [
        serde_json::json!({"id": "=cmd|' /C calc'!A0", "text": "France condemned the attack on Mali."}),
        serde_json::json!({"id": "two\nlines", "text": "Peru condemned Chile."}),
        serde_json::json!({"id": "sep", "text": "Spain condemned\u{2028}the attack on\u{2029}Morocco."}),
    ];
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    let input = write(&dir.join("in.jsonl"), lines.join("\n") + "\n");
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let graph: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("graph.json")).unwrap()).unwrap();
    let evidence: usize = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["evidence"].as_array().unwrap().len())
        .sum();
    assert!(evidence >= 2, "{graph}");

    let tsv = std::fs::read_to_string(out_dir.join("events.tsv")).unwrap();
    assert!(!tsv.contains(['\u{2028}', '\u{2029}']), "{tsv}");
    let rows: Vec<&str> = tsv.lines().skip(1).collect();
    assert_eq!(rows.len(), evidence, "one row per evidence: {tsv}");
    for row in &rows {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), 13, "{row}");
        for c in cells {
            assert!(
                !(c.starts_with(['=', '+', '@'])
                    || c.starts_with('-') && c.parse::<f64>().is_err()),
                "a formula cell: {c:?}"
            );
        }
    }
    assert!(tsv.contains("'=cmd|"), "{tsv}");

    // GraphML: one evidence line per piece of evidence, however the id is made
    let graphml = std::fs::read_to_string(out_dir.join("graph.graphml")).unwrap();
    let doc = roxmltree::Document::parse(&graphml).unwrap();
    let lines: usize = doc
        .descendants()
        .filter(|n| n.attribute("key") == Some("e_evidence"))
        .map(|n| n.text().unwrap_or("").lines().count())
        .sum();
    assert_eq!(lines, evidence, "{graphml}");
}

// ---- 7. a block of NULs costs only its lines ------------------------------------------

fn record(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string()
}

#[test]
fn binary_lines_in_json_lines_cost_only_themselves() {
    let good: Vec<String> = (0..20)
        .map(|i| record(&format!("d{i}"), "France condemned the attack on Mali."))
        .collect();
    let nul_block = "\0".repeat(9000);
    // (name, lines of the file, documents read, exit code, what stderr says)
    let cases: Vec<(&str, Vec<String>, usize, i32, &str)> = vec![
        (
            "block first",
            [vec![nul_block.clone()], good.clone()].concat(),
            20,
            3,
            ":1: binary data, not a record (9000 NUL bytes",
        ),
        (
            "block in the middle",
            [
                good[..10].to_vec(),
                vec![nul_block.clone()],
                good[10..].to_vec(),
            ]
            .concat(),
            20,
            3,
            ":11: binary data",
        ),
        (
            "a short block in the first 8 KiB",
            [vec!["\0".repeat(64)], good.clone()].concat(),
            20,
            3,
            ":1: binary data",
        ),
        (
            "binary as a whole",
            vec![String::from_utf8_lossy(&[0u8, 1, 2, 3]).repeat(3000)],
            0,
            1,
            "looks like binary data",
        ),
    ];
    for (name, lines, docs, code, said) in cases {
        let dir = tempdir();
        let input = write(&dir.join("in.jsonl"), lines.join("\n") + "\n");
        let out = build(&[&input], &dir.join("out"), &[]);
        assert_code(&out, code);
        let err = stderr_of(&out);
        assert!(err.contains(said), "{name}: {err}");
        if docs > 0 {
            let graph: Value =
                serde_json::from_slice(&std::fs::read(dir.join("out/graph.json")).unwrap())
                    .unwrap();
            assert_eq!(graph["documents"].as_array().unwrap().len(), docs, "{name}");
        }
    }
}

// ---- 8. special files in a directory are reported ---------------------------------------

#[cfg(unix)]
#[test]
fn special_files_in_a_directory_are_reported_not_dropped() {
    let dir = tempdir();
    let input = dir.join("in");
    write(&input.join("a.txt"), ARTICLE);
    let fifo = input.join("fifo.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/nonexistent/x", input.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/null", input.join("device.txt")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(input.join("socket.jsonl")).unwrap();
    // a special file not named like an input stays unmentioned
    std::os::unix::fs::symlink("/nonexistent/y", input.join("notes.md")).unwrap();
    let out = build(&[&input], &dir.join("out"), &[]);
    assert_code(&out, 3);
    let err = stderr_of(&out);
    let cases = [
        ("fifo.txt", "a named pipe (FIFO)"),
        ("dangling.txt", "a dangling symbolic link"),
        ("device.txt", "a symbolic link to a device"),
        ("socket.jsonl", "a socket"),
    ];
    for (name, what) in cases {
        let line = err
            .lines()
            .find(|l| l.starts_with("skipped: ") && l.contains(name))
            .unwrap_or_else(|| panic!("{name} is not reported: {err}"));
        assert!(line.contains(what), "{line}");
    }
    assert!(!err.contains("notes.md"), "{err}");
    let graph: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/graph.json")).unwrap()).unwrap();
    assert_eq!(graph["documents"].as_array().unwrap().len(), 1);
}

// ---- 9. ids: kept as written; merged shards do not fuse documents -----------------------

#[test]
fn numeric_ids_are_kept_as_written() {
    let dir = tempdir();
    let ids = [
        "9007199254740993",
        "123456789012345678901234",
        "123456789012345678901235",
        "-12345678901234567890123",
        "1.5e300",
    ];
    let lines: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id": {id}, "text": "Peru condemned Chile."}}"#))
        .collect();
    let input = write(&dir.join("in.jsonl"), lines.join("\n") + "\n");
    let out = build(&[&input], &dir.join("out"), &[]);
    assert_code(&out, 0);
    assert!(
        !stderr_of(&out).contains("already used"),
        "{}",
        stderr_of(&out)
    );
    let graph: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/graph.json")).unwrap()).unwrap();
    let got: std::collections::BTreeSet<&str> = graph["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, ids.iter().copied().collect(), "{graph}");
}

/// Builds a shard from standard input: id-less records, as in the README's recipe.
fn shard(dir: &Path, name: &str, texts: &[&str], extra: &[&str]) -> PathBuf {
    let lines: Vec<String> = texts
        .iter()
        .map(|t| serde_json::json!({ "text": t }).to_string())
        .collect();
    let out_dir = dir.join(name);
    let out = bin()
        .args(["build", "-"])
        .args(extra)
        .arg("-o")
        .arg(&out_dir)
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    assert_code(&out, 0);
    out_dir.join("graph.json")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn mentions(g: &Value) -> Vec<(String, u64)> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().into(),
                n["mentions"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn merge_keeps_different_documents_apart_and_counts_a_graph_once() {
    let dir = tempdir();
    let a = shard(&dir, "a", &["France condemned the attack on Mali."], &[]);
    let b = shard(&dir, "b", &["Peru condemned Chile."], &[]);
    let merge = |graphs: &[&Path], out: &str| {
        let path = dir.join(out);
        let o = bin()
            .arg("merge")
            .args(graphs)
            .arg("-o")
            .arg(&path)
            .output()
            .unwrap();
        assert_code(&o, 0);
        (stderr_of(&o), read_json(&path))
    };

    // two different documents, both `stdin-1`: renamed, said
    let (err, g) = merge(&[&a, &b], "ab.json");
    assert!(err.contains("\"stdin-1\" -> \"stdin-1#2\""), "{err}");
    assert!(err.contains("--id-prefix"), "{err}");
    let docs: Vec<&str> = g["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["stdin-1", "stdin-1#2"]);
    for e in g["edges"].as_array().unwrap() {
        let doc = e["evidence"][0]["doc"].as_str().unwrap();
        let want = if e["source"] == "FRA" {
            "stdin-1"
        } else {
            "stdin-1#2"
        };
        assert_eq!(doc, want, "{e}");
    }

    // the same graph twice: mentions not doubled, said
    let (err, g) = merge(&[&a, &a], "aa.json");
    assert!(err.contains("merged before"), "{err}");
    assert_eq!(mentions(&g), mentions(&read_json(&a)));

    // with --id-prefix the shards never collide
    let pa = shard(
        &dir,
        "pa",
        &["France condemned the attack on Mali."],
        &["--id-prefix", "s1"],
    );
    let pb = shard(
        &dir,
        "pb",
        &["Peru condemned Chile."],
        &["--id-prefix", "s2"],
    );
    let (err, g) = merge(&[&pa, &pb], "p.json");
    assert!(!err.contains("warning"), "{err}");
    let docs: Vec<&str> = g["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["s1-1", "s2-1"]);
}

// ---- 10. an empty standard input replaces nothing ----------------------------------------

#[test]
fn an_empty_standard_input_fails_unless_allowed() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let before = std::fs::read(out_dir.join("graph.json")).unwrap();
    for stdin in ["", "  \n\n"] {
        let out = bin()
            .args(["build", "-", "-o"])
            .arg(&out_dir)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert_code(&out, 1);
        assert!(
            stderr_of(&out).contains("<stdin>: it is empty"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(std::fs::read(out_dir.join("graph.json")).unwrap(), before);
    }
    let out = bin()
        .args(["build", "-", "--allow-empty", "-o"])
        .arg(&out_dir)
        .write_stdin("")
        .output()
        .unwrap();
    assert_code(&out, 0);
    let g = read_json(&out_dir.join("graph.json"));
    assert_eq!(g["documents"].as_array().unwrap().len(), 0);
}

// ---- 4. signals: nothing left behind, nothing replaced ----------------------------------

/// The lines of a child's stderr, read on another thread as they come.
fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let err = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[cfg(unix)]
#[test]
fn a_signal_removes_the_spill_directory_and_replaces_no_output() {
    use std::process::Stdio;
    // (signal, exit code)
    let cases = [
        (libc::SIGINT, 130),
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
    ];
    for (sig, code) in cases {
        let dir = tempdir();
        let out_dir = dir.join("out");
        let old = write(&dir.join("old.txt"), ARTICLE);
        assert_code(&build(&[&old], &out_dir, &[]), 0);
        let before = std::fs::read(out_dir.join("graph.json")).unwrap();
        // many documents, so that the table of ids spills; the last line has an unknown
        // field, whose warning is the known line; then standard input, held open, keeps
        // the build waiting
        let mut lines: Vec<String> = (0..50)
            .map(|i| record(&format!("d{i}"), "Peru condemned Chile."))
            .collect();
        lines.push(r#"{"id":"last","text":"Peru condemned Chile.","lang":"en"}"#.into());
        let input = write(&dir.join("in.jsonl"), lines.join("\n") + "\n");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
            .arg("build")
            .arg(&input)
            .args(["-", "--threads", "1", "--spill-budget", "1", "-o"])
            .arg(&out_dir)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let lines = stderr_lines(&mut child);
        let known = lines.iter().find(|l| l.contains("unknown field \"lang\""));
        assert!(known.is_some(), "the build printed its warning");
        let spill: Vec<String> = names_in(&out_dir)
            .into_iter()
            .filter(|n| n.starts_with(".stancegraph-spill-"))
            .collect();
        assert_eq!(spill.len(), 1, "a spill directory while reading");
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: sends a signal to our own child
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
        let status = child.wait().unwrap();
        drop(stdin);
        assert_eq!(status.code(), Some(code), "signal {sig}");
        let said: Vec<String> = lines.iter().collect();
        assert!(
            said.iter().any(|l| l.starts_with("interrupted (")),
            "{said:?}"
        );
        let left: Vec<String> = names_in(&out_dir)
            .into_iter()
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "signal {sig} left {left:?}");
        assert_eq!(std::fs::read(out_dir.join("graph.json")).unwrap(), before);
    }
}

/// The host part of temporary names, as the crate makes it.
fn host_marker() -> String {
    let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let h: String = raw
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    if h.is_empty() {
        "host".into()
    } else {
        h
    }
}

#[cfg(unix)]
#[test]
fn a_later_run_removes_what_dead_runs_left() {
    let dir = tempdir();
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    // a process that has ended: its id names nothing running
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let host = host_marker();
    let alive = std::process::id();
    let stale_dir = out_dir.join(format!(".stancegraph-spill-{host}-{dead}-0"));
    write(&stale_dir.join("evidence-0"), "x");
    let stale_tmp = write(
        &out_dir.join(format!(".graph.json.stancegraph-tmp-{host}-{dead}-AbC123")),
        "partial",
    );
    let live_tmp = write(
        &out_dir.join(format!(".graph.json.stancegraph-tmp-{host}-{alive}-XyZ789")),
        "a live run's",
    );
    let other_host = write(
        &out_dir.join(format!(
            ".graph.json.stancegraph-tmp-otherhost{host}-{dead}-Q"
        )),
        "another machine's",
    );
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out = build(&[&input], &out_dir, &[]);
    assert_code(&out, 0);
    assert!(
        stderr_of(&out).contains("removed 2 temporary files or directories"),
        "{}",
        stderr_of(&out)
    );
    assert!(!stale_dir.exists() && !stale_tmp.exists());
    assert!(live_tmp.exists() && other_host.exists());
}

// ---- 5. one run's outputs: all replaced, or none ----------------------------------------

#[test]
fn a_failed_build_replaces_none_of_its_outputs() {
    let dir = tempdir();
    let out_dir = dir.join("out");
    let first = write(&dir.join("a.txt"), ARTICLE);
    assert_code(&build(&[&first], &out_dir, &[]), 0);
    let names = ["graph.json", "graph.dot", "graph.graphml"];
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(out_dir.join(n)).unwrap())
        .collect();
    // the last file cannot be written
    std::fs::remove_file(out_dir.join("events.tsv")).unwrap();
    std::fs::create_dir(out_dir.join("events.tsv")).unwrap();
    let second = write(&dir.join("b.txt"), "Peru condemned Chile.\n");
    let out = build(&[&second], &out_dir, &[]);
    assert_code(&out, 1);
    assert!(
        stderr_of(&out).contains("events.tsv"),
        "{}",
        stderr_of(&out)
    );
    for (name, old) in names.iter().zip(&before) {
        assert_eq!(&std::fs::read(out_dir.join(name)).unwrap(), old, "{name}");
    }
    assert!(names_in(&out_dir).iter().all(|n| !n.starts_with('.')));
}

#[test]
fn a_diagram_this_run_does_not_draw_is_removed() {
    let dir = tempdir();
    let out_dir = dir.join("out");
    let input = write(&dir.join("a.txt"), ARTICLE);
    assert_code(&build(&[&input], &out_dir, &["--renderer", "builtin"]), 0);
    assert!(out_dir.join("graph.svg").exists());
    // Graphviz asked for and not found: no diagram this time
    let out = bin()
        .arg("build")
        .arg(&input)
        .args(["--renderer", "graphviz", "-o"])
        .arg(&out_dir)
        .env("PATH", dir.join("no-bin"))
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("no graph.svg"),
        "{}",
        stderr_of(&out)
    );
    assert!(!out_dir.join("graph.svg").exists(), "{}", stderr_of(&out));
}

#[test]
fn neo4j_export_writes_both_files_or_neither() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let neo = dir.join("neo");
    std::fs::create_dir_all(neo.join("relationships.csv")).unwrap();
    let out = bin()
        .args(["export", "--format", "neo4j", "-o"])
        .arg(&neo)
        .arg(&input)
        .output()
        .unwrap();
    assert_code(&out, 1);
    assert!(
        !neo.join("nodes.csv").exists(),
        "nodes.csv without relationships.csv"
    );
    assert_eq!(names_in(&neo), ["relationships.csv"]);
}

#[test]
fn render_leaves_no_temporary_file() {
    let dir = tempdir();
    let out_dir = dir.join("out");
    let input = write(&dir.join("a.txt"), ARTICLE);
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    for ext in ["svg", "png"] {
        let out = bin()
            .arg("render")
            .arg(out_dir.join("graph.json"))
            .arg("-o")
            .arg(dir.join(format!("g.{ext}")))
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        // PNG needs Graphviz: without it the run fails, and still leaves nothing
        if ext == "svg" {
            assert_code(&out, 0);
        }
        assert!(names_in(&tmp).is_empty(), "{ext}: {:?}", names_in(&tmp));
    }
}

// ---- bounded cost and clear errors (14, 15, 18, 19) -------------------------------------

#[test]
fn threads_are_capped_with_a_note() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out = build(&[&input], &dir.join("out"), &["--threads", "100000"]);
    assert_code(&out, 0);
    assert!(
        stderr_of(&out).contains("note: --threads 100000 is more than"),
        "{}",
        stderr_of(&out)
    );
}

#[cfg(unix)]
#[test]
fn an_output_that_is_not_a_directory_is_refused_before_reading() {
    let dir = tempdir();
    // the unknown field warns when the input is read: it must not be
    let input = write(
        &dir.join("in.jsonl"),
        r#"{"text":"Peru condemned Chile.","lang":"en"}"#.to_string() + "\n",
    );
    let file = write(&dir.join("a-file"), "keep me");
    let dangling = dir.join("dangling");
    std::os::unix::fs::symlink("/nonexistent/dir", &dangling).unwrap();
    let cases: &[(&Path, &str)] = &[
        (&file, "it is a file"),
        (&dangling, "a symbolic link to nothing"),
        (Path::new("/dev/null"), "a device or a pipe"),
    ];
    for (out_dir, what) in cases {
        let out = build(&[&input], out_dir, &[]);
        assert_code(&out, 1);
        let err = stderr_of(&out);
        assert!(
            err.contains("not a directory") && err.contains(what),
            "{err}"
        );
        assert!(
            !err.contains("unknown field"),
            "the input was read first: {err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn impossible_dates_are_refused() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let graph = out_dir.join("graph.json");
    // (date, a date of the calendar?)
    let cases = [
        ("2024-02-29", true),
        ("2000-02-29", true),
        ("2024-02-30", false),
        ("2023-02-29", false),
        ("1900-02-29", false),
        ("2024-04-31", false),
        ("2024-12-31", true),
        ("2024-00-10", false),
    ];
    for (date, good) in cases {
        let out = bin()
            .arg("query")
            .arg(&graph)
            .args(["--from", "FRA", "--since", date])
            .output()
            .unwrap();
        assert_code(&out, if good { 0 } else { 2 });
        let record = serde_json::json!({"id": "x", "date": date, "text": "Peru condemned Chile."});
        let jsonl = write(&dir.join("d.jsonl"), format!("{record}\n"));
        let out = bin().arg("extract").arg(&jsonl).output().unwrap();
        assert_code(&out, if good { 0 } else { 1 });
    }
    let out = bin()
        .args(["actors", "--date", "yesterday", "France"])
        .output()
        .unwrap();
    assert_code(&out, 2);
}

#[test]
fn a_huge_bad_value_is_quoted_short() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let name = "x".repeat(100_000);
    let out = bin()
        .arg("query")
        .arg(out_dir.join("graph.json"))
        .args(["--from", &name])
        .output()
        .unwrap();
    assert_code(&out, 1);
    assert!(
        out.stderr.len() < 1_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

#[test]
fn building_a_directory_that_holds_its_own_output_skips_the_output() {
    let dir = tempdir();
    write(&dir.join("a.txt"), ARTICLE);
    for run in 0..2 {
        let out = bin()
            .args(["build", ".", "-o", "output"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_code(&out, 0);
        assert!(
            !stderr_of(&out).contains("skipped"),
            "run {run}: {}",
            stderr_of(&out)
        );
    }
    let g = read_json(&dir.join("output/graph.json"));
    assert_eq!(g["documents"].as_array().unwrap().len(), 1);
}

// ---- 20. smaller: a crashing `dot`, a closed pipe ----------------------------------------

#[cfg(unix)]
#[test]
fn a_crashing_graphviz_is_reported_with_its_signal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &["--renderer", "builtin"]), 0);
    let fake = write(&dir.join("bin/dot"), "#!/bin/sh\nkill -SEGV $$\n");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", dir.join("bin").display());
    let out = bin()
        .arg("render")
        .arg(out_dir.join("graph.json"))
        .args(["--renderer", "graphviz", "-o"])
        .arg(dir.join("g.svg"))
        .env("PATH", path)
        .output()
        .unwrap();
    assert_code(&out, 1);
    let err = stderr_of(&out);
    assert!(err.contains("signal") && err.contains("SIGSEGV"), "{err}");
    assert!(!dir.join("g.svg").exists());
}

#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::process::Stdio;
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    // a pipe whose reader is gone before anything is written: every write fails
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe fills the two descriptors, each then owned once
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (reader, writer) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    };
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
        .arg("export")
        .arg(out_dir.join("graph.json"))
        .args(["--format", "tsv", "-o", "/dev/stdout"])
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_code(&out, 0);
}

#[test]
fn a_damaged_graph_is_named_with_what_is_wrong() {
    let dir = tempdir();
    let input = write(&dir.join("a.txt"), ARTICLE);
    let out_dir = dir.join("out");
    assert_code(&build(&[&input], &out_dir, &[]), 0);
    let good = std::fs::read_to_string(out_dir.join("graph.json")).unwrap();
    // (name, content, what the message says)
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "nan",
            good.replacen("\"weight\": ", "\"weight\": NaN, \"w\": ", 1),
            "not JSON: expected value at line",
        ),
        (
            "truncated",
            good[..good.len() / 2].to_string(),
            "not JSON: EOF while parsing",
        ),
        (
            "trailing",
            format!("{good}garbage"),
            "not JSON: trailing characters at line",
        ),
        (
            "version",
            good.replacen("\"version\": 1", "\"version\": 1.0", 1),
            "\"version\" must be the integer 1, not 1.0",
        ),
    ];
    for (name, content, said) in cases {
        let path = write(&dir.join(format!("{name}.json")), content);
        for cmd in [
            &["query", "--from", "FRA"][..],
            &["export", "--format", "tsv", "-o", "/dev/null"],
        ] {
            let out = bin().args(cmd).arg(&path).output().unwrap();
            assert_code(&out, 1);
            let err = stderr_of(&out);
            assert!(err.contains(said), "{name} {cmd:?}: {err}");
            assert!(!err.contains("not articles"), "{name}: {err}");
        }
    }
    // a byte-order mark is skipped
    let bom = write(&dir.join("bom.json"), format!("\u{feff}{good}"));
    let out = bin()
        .args(["query", "--from", "FRA"])
        .arg(&bom)
        .output()
        .unwrap();
    assert_code(&out, 0);
}
