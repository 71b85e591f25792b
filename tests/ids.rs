//! Repeated document ids are renamed the same way whether the table of ids read stays in
//! memory or spills to disk: the same ids delivered, the same warnings, in the same
//! order, and no temporary file left behind.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use stancegraph::document::{read_inputs_counted, InputItem};
use stancegraph::ids::IdTable;

fn tempdir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("stancegraph-idtest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// What reading `inputs` delivers with the table `ids`: "doc ID" and "warning …" lines.
fn read(inputs: &[PathBuf], ids: IdTable) -> Vec<String> {
    let mut out = Vec::new();
    read_inputs_counted(inputs, None, ids, &mut |item| {
        out.push(match item {
            InputItem::Doc(d) => format!("doc {}", d.id),
            InputItem::Warning(w) => format!("warning {w}"),
            InputItem::Bad(e) => format!("bad {e}"),
        });
        ControlFlow::Continue(())
    });
    out
}

/// Entries of `dir` whose name starts with `.`: temporary directories.
fn hidden(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn repeated_file_names_are_renamed_with_a_spilling_table() {
    let dir = tempdir("files");
    let input = dir.join("in");
    for sub in ["a", "b", "c", "d"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
        std::fs::write(input.join(sub).join("x.txt"), "France met Mali.").unwrap();
        std::fs::write(
            input.join(sub).join(format!("{sub}.txt")),
            "Chad met Niger.",
        )
        .unwrap();
    }
    std::fs::write(input.join("d").join("x#2.txt"), "Chad met Niger.").unwrap();
    let spill = dir.join("spill");
    let got = read(std::slice::from_ref(&input), IdTable::spilling(&spill, 1));
    let first = input.join("a").join("x.txt").display().to_string();
    let docs: Vec<&str> = got.iter().filter_map(|l| l.strip_prefix("doc ")).collect();
    // in d/, `x#2.txt` comes before `x.txt` and finds its id taken by b/x.txt
    let want = ["a", "x", "b", "x#2", "c", "x#3", "d", "x#2#2", "x#4"];
    assert_eq!(docs, want);
    let renamed = got
        .iter()
        .find(|l| l.contains("renamed \"x#3\""))
        .expect("a warning");
    assert!(renamed.contains(&format!("(by {first})")), "{renamed}");
    assert_eq!(got, read(&[input], IdTable::in_memory()));
    assert_eq!(hidden(&spill), 0, "the table's temporary files are removed");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// JSON Lines records with ids from a small set (so that they repeat, and some look
    /// like renamed ids) read with a table of 1 to 6 entries in memory.
    #[test]
    fn a_spilling_table_renames_as_the_in_memory_one(
        ids in proptest::collection::vec(0usize..8, 0..80),
        budget in 1usize..7,
    ) {
        let names = ["a", "b", "a#2", "a#3", "b#2", "c", "c#2#2", "c#2"];
        let dir = tempdir(&format!("prop-{budget}-{}", ids.len()));
        let file = dir.join("in.jsonl");
        let lines: String = ids
            .iter()
            .map(|&i| format!("{{\"id\":\"{}\",\"text\":\"France met Mali.\"}}\n", names[i]))
            .collect();
        std::fs::write(&file, lines).unwrap();
        let spill = dir.join("spill");
        let want = read(std::slice::from_ref(&file), IdTable::in_memory());
        let got = read(&[file], IdTable::spilling(&spill, budget));
        prop_assert_eq!(got, want);
        prop_assert_eq!(hidden(&spill), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
