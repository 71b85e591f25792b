//! Helpers shared by the test files: the binary, fresh temporary directories, files
//! written in one call, exit codes checked with the stderr shown; and for the table
//! tests, a sentence in, its edges out as short strings.
//!
//! Each test file uses only some of them.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use stancegraph::{Document, Extractor, Polarity};

/// The `stancegraph` binary of this build.
pub fn bin() -> Command {
    Command::cargo_bin("stancegraph").expect("binary is built")
}

/// A fresh, empty directory under the system's temporary directory, named after the
/// test file, the process and a counter (`stancegraph-faults-PID-N`).
pub fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "stancegraph-{}-{}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `bytes` to `path`, creating its directory; returns the path.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the parent directory");
    }
    std::fs::write(path, bytes).expect("write the file");
    path.to_path_buf()
}

/// A process's standard error as text.
pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that the process ended with `code` (and so did not panic: a panic is 101),
/// showing its stderr when not.
pub fn assert_code(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}\nstderr:\n{}",
        out.status,
        stderr_of(out)
    );
}

/// The reported edges of `text` as `"SRC type TGT"` (asserted) or `"SRC !type TGT"`
/// (negated), one string per distinct edge.
pub fn edges(ex: &Extractor, text: &str, date: Option<&str>) -> BTreeSet<String> {
    let mut doc = Document::new("t", text);
    doc.date = date.map(str::to_string);
    ex.extract(&doc)
        .into_iter()
        .map(|e| {
            let neg = if e.polarity == Polarity::Negated {
                "!"
            } else {
                ""
            };
            format!("{} {neg}{} {}", e.source, e.stance, e.target)
        })
        .collect()
}

/// Runs a table of `(sentence, expected edges)` rows and fails with every row that
/// gave a missing or an extra edge.
pub fn check_table(ex: &Extractor, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = edges(ex, text, Some("2023-06-01"));
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        if got != want {
            failures.push(format!("{text}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
