//! The repository stands on its own: what a user needs is in it, the documentation agrees
//! with the library, links resolve, the example gold scores, and sharded builds merge to
//! the single build byte for byte (with `--id-prefix` for records fed on stdin).
//!
//! One test compares the documentation with the project's reference specification in
//! `../shared/spec`, which a clone does not have: it is skipped, with a message, when that
//! directory is absent.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{bin, tempdir};
use serde_json::Value;
use stancegraph::stance::StanceType;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The weight as the tables write it: `+3.5`, `−2.5` (a minus sign, U+2212).
fn weight_text(t: StanceType) -> String {
    format!("{:+.1}", t.weight()).replace('-', "−")
}

/// The cells of the rows of the first Markdown table after `heading` whose first cell
/// is a stance type in backticks, keyed by the type.
fn type_rows(md: &str, heading: &str) -> BTreeMap<String, Vec<String>> {
    let start = md.find(heading).unwrap_or(0);
    let mut rows = BTreeMap::new();
    for line in md[start..].lines() {
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if let Some(t) = cells.first().and_then(|c| c.strip_prefix('`')) {
            let t = t.trim_end_matches('`');
            if t.parse::<StanceType>().is_ok() {
                rows.insert(t.to_string(), cells);
            }
        } else if !rows.is_empty() {
            break;
        }
    }
    rows
}

#[test]
fn types_prints_the_library_stance_table() {
    let out = bin().arg("types").assert().success().get_output().clone();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 15, "a header and 14 types:\n{text}");
    assert!(lines[0].starts_with("type\tclass\tsymmetric\tweight\tcameo\t"));
    for (line, t) in lines[1..].iter().zip(StanceType::ALL) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 9, "{line}");
        assert_eq!(cells[0], t.as_str());
        assert_eq!(cells[1], t.class().as_str());
        assert_eq!(cells[2], if t.symmetric() { "yes" } else { "no" });
        assert_eq!(cells[3].parse::<f64>().unwrap(), t.weight());
        assert_eq!(cells[4], t.cameo());
        assert_eq!(cells[5], t.cameo_codes());
        assert_eq!(cells[6], t.plover());
        assert_eq!(cells[7], t.plover_categories());
        assert_eq!(cells[8], t.definition());
    }
    assert!(text.contains("mediates\tmediation\tno\t+5.0\t045\t045, 039\tCONSULT\t"));
}

#[test]
fn docs_stance_table_is_the_library_one() {
    let rows = type_rows(&read("docs/STANCES.md"), "## Summary");
    assert_eq!(rows.len(), 14, "{rows:?}");
    for t in StanceType::ALL {
        let r = &rows[t.as_str()];
        let want = [
            t.class().as_str().to_string(),
            (if t.symmetric() { "yes" } else { "no" }).to_string(),
            weight_text(t),
            t.cameo().to_string(),
            t.cameo_codes().to_string(),
            t.plover_categories().to_string(),
        ];
        assert_eq!(&r[1..], &want, "docs/STANCES.md row of {t}");
        // every type has its own section with at least one example
        let section = format!("### {t} (");
        assert!(
            read("docs/STANCES.md").contains(&section),
            "no section {section}"
        );
    }
    // docs/FORMAT.md's table of the codes written on edges
    let format = type_rows(&read("docs/FORMAT.md"), "| type | class | symmetric");
    assert_eq!(format.len(), 14);
    for t in StanceType::ALL {
        let r = &format[t.as_str()];
        assert_eq!(r[4], t.cameo(), "docs/FORMAT.md cameo of {t}");
        assert_eq!(r[5], t.plover(), "docs/FORMAT.md plover of {t}");
    }
}

/// The project's reference specification, kept outside the repository: the docs must
/// agree with it. Skipped where it is absent (a clone).
#[test]
fn docs_agree_with_the_reference_spec_when_present() {
    let spec = root().join("../shared/spec");
    if !spec.is_dir() {
        eprintln!("skipped: ../shared/spec is absent (the reference specification is not part of a clone)");
        return;
    }
    let stances = std::fs::read_to_string(spec.join("STANCES.md")).unwrap();
    let rows = type_rows(&stances, "| type |");
    assert_eq!(rows.len(), 14, "the reference has 14 types");
    for t in StanceType::ALL {
        // | type | meaning | CAMEO | PLOVER | class | symmetric | weight |
        let r = &rows[t.as_str()];
        assert_eq!(r[2], t.cameo_codes(), "CAMEO codes of {t}");
        assert_eq!(r[3], t.plover_categories(), "PLOVER of {t}");
        assert_eq!(r[4], t.class().as_str(), "class of {t}");
        assert_eq!(r[5], if t.symmetric() { "yes" } else { "no" }, "{t}");
        assert_eq!(r[6], weight_text(t), "weight of {t}");
    }
    // every organization, bloc and group id of the reference is in docs/ACTORS.md and in
    // the built-in gazetteer
    let actors = std::fs::read_to_string(spec.join("ACTORS.md")).unwrap();
    let docs = read("docs/ACTORS.md");
    let ex = stancegraph::Extractor::with_defaults().unwrap();
    let from = actors.find("## Organizations").unwrap();
    let to = actors.find("## Not actors").unwrap();
    let ids = backticked_ids(&actors[from..to]);
    assert!(ids.len() > 50, "{ids:?}");
    for id in &ids {
        assert!(
            docs.contains(&format!("`{id}`")),
            "{id} missing from docs/ACTORS.md"
        );
        assert!(
            ex.gazetteer.actor(id).is_some(),
            "{id} not in the gazetteer"
        );
    }
}

fn backticked_ids(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.len() >= 2
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn example_gold_is_well_formed_and_eval_runs_on_it() {
    let text = read("data/examples/gold.jsonl");
    let gold = stancegraph::eval::load_gold("data/examples/gold.jsonl", &text).unwrap();
    let stems: BTreeSet<String> = std::fs::read_dir(root().join("data/examples"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "txt").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    assert_eq!(gold.keys().cloned().collect::<BTreeSet<_>>(), stems);
    let ex = stancegraph::Extractor::with_defaults().unwrap();
    for line in text.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        for e in rec["edges"].as_array().unwrap() {
            for end in ["source", "target"] {
                let ids: Vec<&str> = match &e[end] {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    other => panic!("{end}: {other}"),
                };
                for id in ids {
                    assert!(ex.gazetteer.actor(id).is_some(), "unknown actor {id}");
                }
            }
            assert!(e["type"].as_str().unwrap().parse::<StanceType>().is_ok());
        }
    }
    // the README's eval commands, from the repository root as a user runs them
    let out = bin()
        .current_dir(root())
        .args([
            "eval",
            "--gold",
            "data/examples/gold.jsonl",
            "data/examples",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("documents scored: 4   predicted documents without gold: 0\n"),
        "{text}"
    );
    let f1: f64 = text
        .lines()
        .find(|l| l.starts_with("exact "))
        .and_then(|l| l.split("F1 ").nth(1))
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no exact F1 in {text}"));
    assert!(f1 >= 0.8, "exact F1 {f1} on the invented examples:\n{text}");
    assert!(text.contains("flips 0"), "{text}");
    // and on a graph built from them, with the list of errors
    let dir = tempdir();
    bin()
        .current_dir(root())
        .args(["build", "data/examples", "--renderer", "builtin", "-o"])
        .arg(&dir)
        .assert()
        .success();
    let again = bin()
        .current_dir(root())
        .args([
            "eval",
            "--gold",
            "data/examples/gold.jsonl",
            "--show-errors",
        ])
        .arg(dir.join("graph.json"))
        .assert()
        .success()
        .get_output()
        .clone();
    let again = String::from_utf8(again.stdout).unwrap();
    assert_eq!(
        again.lines().take(3).collect::<Vec<_>>(),
        text.lines().take(3).collect::<Vec<_>>()
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Files the repository holds, as a clone has them (no build or output directories).
fn repository_files() -> Vec<PathBuf> {
    let skip = ["target", ".git", "output"];
    walkdir::WalkDir::new(root())
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || !skip.iter().any(|s| e.file_name() == *s))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn only_ci_skipping_tests_and_the_contributing_note_refer_to_shared() {
    let mut offenders = Vec::new();
    for path in repository_files() {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // binary files
        };
        if !text.contains("../shared") || rel.starts_with(".ci/") {
            continue;
        }
        let allowed = match rel.as_str() {
            "README.md" => {
                let contributing = text.find("\n## Contributing").unwrap_or(text.len());
                !text[..contributing].contains("../shared")
            }
            r if r.starts_with("tests/") => text.contains("skipped: ../shared"),
            _ => false,
        };
        if !allowed {
            offenders.push(rel);
        }
    }
    assert!(
        offenders.is_empty(),
        "files that refer to ../shared, which a clone does not have: {offenders:?}"
    );
}

#[test]
fn markdown_links_resolve_inside_the_repository() {
    let mut broken = Vec::new();
    for path in repository_files() {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let dir = path.parent().unwrap();
        for part in text.split("](").skip(1) {
            let Some(end) = part.find(')') else { continue };
            let target = part[..end].split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = dir.join(target);
            let inside = resolved
                .canonicalize()
                .map(|p| p.starts_with(root().canonicalize().unwrap()))
                .unwrap_or(false);
            if !inside {
                broken.push(format!(
                    "{}: {target}",
                    path.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that do not resolve in the repository: {broken:?}"
    );
}

/// What `build` writes for `input`, read back: graph.json's bytes.
fn build_graph(input: &Path, out: &Path, extra: &[&str]) -> Vec<u8> {
    bin()
        .args(["build", "--threads", "1", "--renderer", "builtin"])
        .args(extra)
        .arg(input)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read(out.join("graph.json")).unwrap()
}

fn doc_ids(graph: &[u8]) -> Vec<String> {
    let g: Value = serde_json::from_slice(graph).unwrap();
    g["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn id_prefix_names_records_read_from_stdin() {
    let dir = tempdir();
    let records = concat!(
        "{\"text\": \"France condemned Mali's decision on Monday.\"}\n",
        "{\"id\": \"own\", \"text\": \"Brazil praised Argentina for its plan.\"}\n",
        "{\"text\": \"Japan sent humanitarian aid to Bolivia.\"}\n",
    );
    let run = |extra: &[&str], out: &str| {
        bin()
            .args(["build", "-", "--renderer", "builtin", "-o"])
            .arg(dir.join(out))
            .args(extra)
            .write_stdin(records)
            .assert()
            .success();
        doc_ids(&std::fs::read(dir.join(out).join("graph.json")).unwrap())
    };
    assert_eq!(run(&[], "plain"), ["own", "stdin-1", "stdin-3"]);
    assert_eq!(
        run(&["--id-prefix", "part-07"], "prefixed"),
        ["own", "part-07-1", "part-07-3"]
    );
    // the ids, and so the graph, of a build of the file part-07.jsonl itself
    std::fs::write(dir.join("part-07.jsonl"), records).unwrap();
    let from_file = build_graph(&dir.join("part-07.jsonl"), &dir.join("file"), &[]);
    assert_eq!(
        from_file,
        std::fs::read(dir.join("prefixed").join("graph.json")).unwrap()
    );
    bin()
        .args(["build", "-", "--id-prefix", "two words", "-o"])
        .arg(dir.join("bad"))
        .write_stdin(records)
        .assert()
        .code(2);
    let _ = std::fs::remove_dir_all(dir);
}

/// The sharding recipes in small: shards built from stdin with their own prefix and
/// merged give graph.json byte for byte as one build of the whole corpus.
#[test]
fn shards_built_from_stdin_merge_to_the_single_build() {
    let dir = tempdir();
    let mut g = stancegraph::synth::Generator::new(11);
    let lines: Vec<String> = (0..240).map(|_| g.jsonl_line()).collect();
    let whole = dir.join("whole.jsonl");
    std::fs::write(&whole, lines.concat()).unwrap();
    let single = build_graph(&whole, &dir.join("single"), &[]);
    let mut graphs = Vec::new();
    // shards of unequal size, in an order other than the corpus's
    for (i, chunk) in lines.chunks(53).enumerate().rev() {
        let out = dir.join(format!("shard-{i}"));
        bin()
            .args(["build", "-", "--threads", "1", "--renderer", "builtin"])
            .args(["--id-prefix", &format!("shard-{i}"), "-o"])
            .arg(&out)
            .write_stdin(chunk.concat())
            .assert()
            .success();
        graphs.push(out.join("graph.json"));
    }
    assert_eq!(graphs.len(), 5);
    let merged = dir.join("merged.json");
    bin()
        .arg("merge")
        .args(&graphs)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success();
    let merged = std::fs::read(&merged).unwrap();
    assert!(doc_ids(&single).len() == 240);
    assert!(
        merged == single,
        "the merge of the shards differs from the single build"
    );
    let _ = std::fs::remove_dir_all(dir);
}
