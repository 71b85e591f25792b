//! Faults and hostile input (issue 17): no file overwritten through a link, nothing
//! injected into a terminal or a spreadsheet, nothing good lost, nothing left behind.
//!
//! Every case builds its own inputs in a fresh temporary directory and checks the files
//! and messages the binary leaves. No case depends on timing: the signal cases send their
//! signal after the process has printed a known line, and wait for it to exit.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use stancegraph::export::{neo4j, terminal_line, terminal_safe, tsv, write_atomic};

// ---- helpers -------------------------------------------------------------------------

fn bin() -> Command {
    Command::cargo_bin("stancegraph").expect("binary is built")
}

fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "stancegraph-faults-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_code(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}\nstderr:\n{}",
        out.status,
        stderr_of(out)
    );
}

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
