//! `graph.sqlite`, the SQLite store: written by `build` beside `graph.json`, read back
//! equal to it, and answering `query` as `graph.json` does, from the edges around the
//! asked actors only.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_code, bin, stderr_of, tempdir};
use stancegraph::export::sqlite::{write_store, Store, SCHEMA_VERSION};
use stancegraph::query::{self, Filter, Query};
use stancegraph::{Gazetteer, GraphJson, StanceType};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The hand-written graph of `tests/query.rs`: dated documents, negated evidence,
/// mediation with `between`.
fn fixture() -> GraphJson {
    let path = root().join("tests/golden/fixture.graph.json");
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    GraphJson::parse(&path.display().to_string(), &text).expect("fixture is a graph")
}

/// The invented examples of `data/examples`, built by the binary into `out`.
fn build_examples(out: &Path) {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(root().join("data/examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 4, "the examples are there");
    let o = bin()
        .arg("build")
        .args(&inputs)
        .arg("-o")
        .arg(out)
        .args(["--renderer", "builtin"])
        .output()
        .expect("run build");
    assert_code(&o, 0);
    assert!(
        stderr_of(&o).contains("graph.sqlite"),
        "build names graph.sqlite among its outputs: {}",
        stderr_of(&o)
    );
}

/// `stancegraph query GRAPH ARGS…`: its exit code, stdout and stderr.
fn query_cli(graph: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = bin()
        .arg("query")
        .arg(graph)
        .args(args)
        .output()
        .expect("run query");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr_of(&o),
    )
}

/// Every query form, as command-line arguments.
const FORMS: &[&[&str]] = &[
    &["--from", "QAT", "--to", "EGY"],
    &["--from", "Norway", "--to", "Russia"],
    &["--between", "SEN", "MLI"],
    &["--between", "EGY", "ETH", "--mediators"],
    &["--between", "GHA", "MLI", "--mediators"],
    &["--from", "JPN"],
    &["--from", "QAT", "--allies"],
    &["--from", "NOR", "--adversaries"],
    &["--to", "RUS"],
    &["--to", "ETH", "--types", "appeals"],
    &["--from", "KEN", "--json"],
    &["--to", "Russia", "--json", "--timeline"],
    &["--between", "EGY", "ETH", "--mediators", "--json"],
    &["--from", "NOWHERE_LAND", "--to", "RUS"],
];

#[test]
fn build_writes_a_store_that_queries_as_graph_json() {
    let dir = tempdir();
    let out = dir.join("out");
    build_examples(&out);
    let (json, store) = (out.join("graph.json"), out.join("graph.sqlite"));
    let head = std::fs::read(&store).expect("graph.sqlite written");
    assert!(head.starts_with(b"SQLite format 3\0"), "a SQLite file");
    // nothing temporary is left beside the outputs
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");

    let mut answered = 0;
    for args in FORMS {
        let from_json = query_cli(&json, args);
        let from_store = query_cli(&store, args);
        assert_eq!(from_json, from_store, "query {args:?}");
        if from_json.0 == Some(0) && from_json.1.lines().count() > 1 {
            answered += 1;
        }
    }
    // the forms are answered with something, not all refused or empty alike
    assert!(answered >= 8, "only {answered} forms had answers");
    let (code, _, err) = query_cli(&store, &["--from", "NOWHERE_LAND", "--to", "RUS"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("NOWHERE_LAND"), "{err}");

    // merge and eval read the store as they read graph.json
    let run = |args: &[&std::ffi::OsStr]| {
        let o = bin().args(args).output().expect("run");
        assert_code(&o, 0);
        o.stdout
    };
    let gold = root().join("data/examples/gold.jsonl");
    let merge = |graph: &Path| {
        run(&[
            "merge".as_ref(),
            graph.as_os_str(),
            "-o".as_ref(),
            "-".as_ref(),
        ])
    };
    let merged = merge(&json);
    assert!(merged.len() > 1000);
    assert_eq!(merged, merge(&store), "merge");
    let eval = |graph: &Path| {
        run(&[
            "eval".as_ref(),
            "--gold".as_ref(),
            gold.as_os_str(),
            graph.as_os_str(),
        ])
    };
    let scored = eval(&json);
    assert!(!scored.is_empty());
    assert_eq!(scored, eval(&store), "eval");

    // the store read whole is the graph of graph.json
    let text = std::fs::read_to_string(&json).expect("graph.json");
    let g = GraphJson::parse("graph.json", &text).expect("graph");
    assert_eq!(Store::open(&store).expect("open").graph().expect("read"), g);
}

#[test]
fn the_store_reads_back_equal_and_answers_every_query_alike() {
    let dir = tempdir();
    let g = fixture();
    let path = dir.join("graph.sqlite");
    write_store(&path, &g).expect("write the store");
    let store = Store::open(&path).expect("open the store");
    assert_eq!(store.graph().expect("read whole"), g);

    let gz = Gazetteer::default_set().expect("gazetteer");
    let dated = Filter {
        since: Some("2024-02-01".into()),
        until: None,
        types: Vec::new(),
    };
    let typed = Filter {
        since: None,
        until: Some("2024-02-28".into()),
        types: vec![StanceType::Supports, StanceType::Mediates],
    };
    let (a, b) = (|s: &str| s.to_string(), |s: &str| s.to_string());
    let queries = [
        (
            Query::Dyad {
                from: a("Beijing"),
                to: b("Russia"),
            },
            vec!["CHN", "RUS"],
        ),
        (
            Query::Between {
                a: a("CHN"),
                b: b("UKR"),
            },
            vec!["CHN", "UKR"],
        ),
        (Query::From { from: a("CHN") }, vec!["CHN"]),
        (Query::Toward { to: a("RUS") }, vec!["RUS"]),
        (Query::Allies { from: a("CHN") }, vec!["CHN"]),
        (Query::Adversaries { from: a("NF&CO") }, vec!["NF&CO"]),
        (
            Query::Mediators {
                a: a("RUS"),
                b: b("UKR"),
            },
            vec!["RUS", "UKR"],
        ),
    ];
    for (q, ids) in &queries {
        let part = store.around(ids).expect("read around");
        for filter in [Filter::default(), dated.clone(), typed.clone()] {
            let whole = query::run(&g, Some(&gz), q, &filter).expect("query the graph");
            let from_store = query::run(&part, Some(&gz), q, &filter).expect("query the store");
            assert_eq!(whole, from_store, "{q:?} {filter:?}");
        }
    }
    // around TUR: only the edges touching it, and only their documents
    let part = store.around(&["TUR"]).expect("around TUR");
    assert_eq!(part.edges.len(), 2);
    assert!(part
        .edges
        .iter()
        .all(|e| e.source == "TUR" || e.target == "TUR"));
    assert!(part.documents.len() < g.documents.len());
    assert_eq!(part.nodes, g.nodes, "every actor, to resolve names");
}

#[test]
fn the_schema_is_versioned_and_indexed() {
    let dir = tempdir();
    let path = dir.join("graph.sqlite");
    write_store(&path, &fixture()).expect("write");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, SCHEMA_VERSION);
    let plan: Vec<String> = conn
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM edges WHERE source = 'CHN' OR target = 'CHN'")
        .expect("plan")
        .query_map([], |r| r.get::<_, String>(3))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    assert!(
        plan.iter().all(|p| !p.starts_with("SCAN")) && plan.iter().any(|p| p.contains("INDEX")),
        "edges are looked up by index: {plan:?}"
    );
    // the example queries of docs/FORMAT.md run, and find what the fixture holds
    let doc = std::fs::read_to_string(root().join("docs/FORMAT.md")).expect("FORMAT.md");
    let section = doc
        .split("\n## graph.sqlite\n")
        .nth(1)
        .expect("a graph.sqlite section");
    let examples = section
        .split("```sql\n")
        .nth(2)
        .and_then(|b| b.split("```").next())
        .expect("a second SQL block: the examples");
    let statements: Vec<&str> = examples
        .split(';')
        .map(str::trim)
        .filter(|q| {
            q.lines()
                .any(|l| !l.trim().is_empty() && !l.starts_with("--"))
        })
        .collect();
    assert_eq!(statements.len(), 2, "{statements:?}");
    let rows: Vec<usize> = statements
        .iter()
        .map(|q| {
            let mut st = conn.prepare(q).expect("the example is SQL");
            let n = st.column_count();
            st.query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("runs")
            .count()
        })
        .collect();
    // toward RUS: CHN supports, cooperates, not denounces, TUR mediates; CHN→RUS: 4
    assert_eq!(rows, [4, 4]);
    // the documented example: evidence toward RUS by type, counted
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM evidence v JOIN edges e ON e.id = v.edge \
             WHERE e.target = 'RUS' AND e.source = 'CHN'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 4);
}

#[test]
fn other_sqlite_files_and_other_versions_are_refused() {
    let dir = tempdir();
    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .and_then(|c| c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);"))
        .expect("another database");
    for cmd in [
        &["query", "--from", "CHN"][..],
        &["export", "--format", "tsv", "-o", "-"],
    ] {
        let o = bin()
            .arg(cmd[0])
            .arg(&other)
            .args(&cmd[1..])
            .output()
            .expect("run");
        assert_code(&o, 1);
        let err = stderr_of(&o);
        assert!(err.contains("not a stancegraph graph store"), "{err}");
    }
    let newer = dir.join("graph.sqlite");
    write_store(&newer, &fixture()).expect("write");
    rusqlite::Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", SCHEMA_VERSION + 1))
        .expect("bump the version");
    let (code, _, err) = query_cli(&newer, &["--from", "CHN"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("schema version"), "{err}");
    // a file named .sqlite that is not SQLite is not read as articles
    let fake = common::write(&dir.join("fake.sqlite"), "China supports Russia.\n");
    let (code, _, err) = query_cli(&fake, &["--from", "CHN"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("not a stancegraph graph nor articles"),
        "{err}"
    );
}

#[test]
fn export_reads_a_store_as_its_graph_json() {
    let dir = tempdir();
    let g = fixture();
    let json = dir.join("graph.json");
    std::fs::write(&json, serde_json::to_string(&g).expect("json")).expect("write json");
    let store = dir.join("graph.sqlite");
    write_store(&store, &g).expect("write store");
    let export = |from: &Path| {
        let o = bin()
            .arg("export")
            .arg(from)
            .args(["--format", "tsv", "-o", "-"])
            .output()
            .expect("run export");
        assert_code(&o, 0);
        o.stdout
    };
    let tsv = export(&json);
    assert!(tsv.len() > 100);
    assert_eq!(tsv, export(&store));
}

#[test]
fn a_store_that_cannot_be_written_replaces_no_output() {
    let dir = tempdir();
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("graph.sqlite")).expect("a directory in the way");
    let input = common::write(
        &dir.join("a.txt"),
        "Norway denounced Russia over the strikes.\n",
    );
    let o = bin()
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--renderer", "builtin"])
        .output()
        .expect("run build");
    assert_code(&o, 1);
    assert!(stderr_of(&o).contains("graph.sqlite"), "{}", stderr_of(&o));
    let left: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["graph.sqlite"],
        "nothing else written, nothing temporary left"
    );
}

#[test]
fn the_documented_schema_is_the_one_written() {
    let doc = std::fs::read_to_string(root().join("docs/FORMAT.md")).expect("FORMAT.md");
    let block = doc
        .split("\n## graph.sqlite\n")
        .nth(1)
        .and_then(|s| s.split("```sql\n").nth(1))
        .and_then(|b| b.split("```").next())
        .expect("the schema block");
    // SQL without its comments, one space between words
    let words = |sql: &str| {
        sql.lines()
            .map(|l| l.split("--").next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let written = format!(
        "{}{}",
        stancegraph::export::sqlite::SCHEMA,
        stancegraph::export::sqlite::INDEXES
    );
    assert_eq!(words(block), words(&written));
}
