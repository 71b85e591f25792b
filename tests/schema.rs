//! Graph JSON written by the library validates against `schema/graph.schema.json`, and
//! documents that break the format do not.

use serde_json::{json, Value};
use stancegraph::{Document, Extractor, Pipeline};

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/graph.schema.json");
    let text = std::fs::read_to_string(path).expect("schema/graph.schema.json is readable");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("the schema is a valid draft 2020-12 schema");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// The validation errors of `instance`, as "path: message" lines.
fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {}", e.instance_path, e))
        .collect()
}

fn build(docs: Vec<Document>) -> Value {
    let pipeline = Pipeline::new(Extractor::with_defaults().expect("default resources load"));
    let graph = pipeline.build(docs).to_json();
    // Validate the text the CLI writes, not just the in-memory value.
    serde_json::from_str(&graph.to_string_pretty()).expect("graph JSON parses")
}

fn sample() -> Value {
    let mut dated = Document::new(
        "t2",
        "Japan did not condemn France. Brazil praised Canada's proposal. \
         Norway offered to mediate between Israel and Egypt. \
         Ghana criticized Togo, Kenya said.",
    )
    .with_date("2024-03-05");
    dated.title = Some("An invented test article".into());
    dated.source = Some("Test Wire".into());
    build(vec![
        Document::new(
            "t1",
            "France condemned Mali's decision. Japan and India held talks.",
        ),
        dated,
    ])
}

#[test]
fn built_graph_matches_the_schema() {
    let v = validator();
    let g = sample();
    let errs = errors(&v, &g);
    assert!(
        errs.is_empty(),
        "graph JSON fails the schema:\n{}\n{g:#}",
        errs.join("\n")
    );

    let edges = g["edges"].as_array().unwrap();
    let has = |s: &str, t: &str, ty: &str, pol: &str| {
        edges.iter().any(|e| {
            e["source"] == s && e["target"] == t && e["type"] == ty && e["polarity"] == pol
        })
    };
    // The sample covers what the schema has to allow: asserted and negated edges,
    // null and non-null `said_by`, `between` present and absent, null and non-null
    // document metadata.
    assert!(has("FRA", "MLI", "denounces", "asserted"), "{g:#}");
    assert!(has("JPN", "FRA", "denounces", "negated"), "{g:#}");
    let evidence = || edges.iter().flat_map(|e| e["evidence"].as_array().unwrap());
    assert!(evidence().any(|ev| ev["said_by"] == "KEN"), "{g:#}");
    assert!(evidence().any(|ev| ev["between"].is_string()), "{g:#}");
    let docs = g["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["date"].is_null());
    assert_eq!(docs[1]["date"], "2024-03-05");
}

#[test]
fn empty_graph_matches_the_schema() {
    let v = validator();
    let g = build(vec![Document::new("empty", "Nothing happened here.")]);
    let errs = errors(&v, &g);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

fn minimal() -> Value {
    json!({
        "format": "stancegraph",
        "version": 1,
        "documents": [{"id": "d", "title": null, "date": "2024-01-31", "source": null, "url": null}],
        "nodes": [
            {"id": "FRA", "name": "France", "kind": "country", "mentions": 1},
            {"id": "MLI", "name": "Mali", "kind": "country", "mentions": 1}
        ],
        "edges": [{
            "source": "FRA", "target": "MLI", "type": "denounces", "polarity": "asserted",
            "count": 1, "weight": -2.5, "cameo": "111", "plover": "ACCUSE",
            "evidence": [{"doc": "d", "sentence": 0, "start": 0, "end": 33,
                          "text": "France condemned Mali's decision.", "cue": "condemned",
                          "said_by": null, "confidence": 0.8}]
        }]
    })
}

#[test]
fn hand_written_valid_graph_passes() {
    let v = validator();
    let g = minimal();
    assert!(v.is_valid(&g), "{}", errors(&v, &g).join("\n"));
}

/// A named way of breaking a valid graph.
type Breakage = (&'static str, fn(&mut Value));

#[test]
fn invalid_graphs_fail() {
    let v = validator();
    let broken: Vec<Breakage> = vec![
        ("wrong version", |g| g["version"] = json!(2)),
        ("wrong format", |g| g["format"] = json!("graphml")),
        ("unknown type", |g| {
            g["edges"][0]["type"] = json!("befriends")
        }),
        ("unknown polarity", |g| {
            g["edges"][0]["polarity"] = json!("hypothetical")
        }),
        ("unknown kind", |g| g["nodes"][0]["kind"] = json!("city")),
        ("no evidence field", |g| {
            g["edges"][0].as_object_mut().unwrap().remove("evidence");
        }),
        ("empty evidence", |g| g["edges"][0]["evidence"] = json!([])),
        ("count 0", |g| g["edges"][0]["count"] = json!(0)),
        ("negative offset", |g| {
            g["edges"][0]["evidence"][0]["start"] = json!(-1)
        }),
        ("confidence above 1", |g| {
            g["edges"][0]["evidence"][0]["confidence"] = json!(1.5)
        }),
        ("cameo not 3 digits", |g| {
            g["edges"][0]["cameo"] = json!("11")
        }),
        ("bad date", |g| {
            g["documents"][0]["date"] = json!("31/01/2024")
        }),
        ("missing said_by", |g| {
            g["edges"][0]["evidence"][0]
                .as_object_mut()
                .unwrap()
                .remove("said_by");
        }),
        ("unknown edge field", |g| g["edges"][0]["score"] = json!(1)),
        ("unknown top-level field", |g| g["extra"] = json!(true)),
        ("between is null", |g| {
            g["edges"][0]["evidence"][0]["between"] = Value::Null
        }),
    ];
    for (what, breakit) in broken {
        let mut g = minimal();
        breakit(&mut g);
        assert!(!v.is_valid(&g), "{what}: accepted by the schema:\n{g:#}");
    }

    // The three faults of the brief at once: every one is reported.
    let mut g = minimal();
    g["version"] = json!(2);
    g["edges"][0]["type"] = json!("befriends");
    g["edges"][0].as_object_mut().unwrap().remove("evidence");
    let errs = errors(&v, &g);
    assert!(errs.iter().any(|e| e.starts_with("/version:")), "{errs:?}");
    assert!(
        errs.iter().any(|e| e.starts_with("/edges/0/type:")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("/edges/0:") && e.contains("evidence")),
        "{errs:?}"
    );
}

/// The example of docs/FORMAT.md is what the library writes, and it matches the schema.
#[test]
fn format_doc_example_is_real() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md");
    let doc = std::fs::read_to_string(path).expect("docs/FORMAT.md is readable");
    let example: Value = doc
        .split("```json\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .filter_map(|b| serde_json::from_str::<Value>(b).ok())
        .find(|v| v.get("documents").is_some())
        .expect("FORMAT.md has a full graph example that parses as JSON");
    let built = build(vec![Document::new(
        "ex",
        "France condemned Mali's decision. Japan did not condemn France. \
         Japan and India held talks.",
    )]);
    assert_eq!(example, built, "docs/FORMAT.md example is out of date");
    let v = validator();
    assert!(v.is_valid(&example), "{}", errors(&v, &example).join("\n"));
}

/// Same input, byte-identical output; merging separate builds equals one build.
#[test]
fn output_is_deterministic_and_merge_matches_one_build() {
    let pipeline = Pipeline::new(Extractor::with_defaults().unwrap());
    let a = Document::new(
        "a",
        "France condemned Mali's decision. Japan and India held talks.",
    );
    let b = Document::new(
        "b",
        "Japan did not condemn France. Brazil praised Canada's proposal.",
    );
    let both = pipeline
        .build([a.clone(), b.clone()])
        .to_json()
        .to_string_pretty();
    let again = pipeline
        .build([b.clone(), a.clone()])
        .to_json()
        .to_string_pretty();
    assert_eq!(both, again);
    let mut merged = pipeline.build([b]);
    merged.merge(&pipeline.build([a]));
    assert_eq!(merged.to_json().to_string_pretty(), both);
    let v = validator();
    let value: Value = serde_json::from_str(&both).unwrap();
    assert!(v.is_valid(&value), "{}", errors(&v, &value).join("\n"));
}
