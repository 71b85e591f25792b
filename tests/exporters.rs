//! The exporters (GraphML, Neo4j CSV, TSV, HTML, SVG) against golden files and hostile
//! text.
//!
//! `tests/golden/fixture.graph.json` is a hand-written graph whose sentences were made up
//! for these tests. One actor has a name full of quotes, `<`, `&`, a newline, a
//! semicolon and a comma, and one sentence holds a tab, a newline, `</script>`, markup
//! and a comment opener. The golden files beside it are the expected exports; to
//! regenerate them after a deliberate format change, run
//! `STANCEGRAPH_BLESS=1 cargo test --test exporters` and review the diff.

use std::path::PathBuf;

use stancegraph::export::render::{builtin_svg, select, Selection};
use stancegraph::export::{graphml, html, neo4j, tsv};
use stancegraph::{Document, Extractor, GraphJson, Pipeline};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn fixture() -> GraphJson {
    let path = golden_dir().join("fixture.graph.json");
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    GraphJson::parse(&path.display().to_string(), &text).expect("fixture is a graph")
}

/// Compares `actual` with the golden file `name`, or rewrites it when blessing.
fn golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("STANCEGRAPH_BLESS").is_some() {
        std::fs::write(&path, actual).expect("golden file is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with STANCEGRAPH_BLESS=1)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its golden file; if the change is deliberate, rerun with STANCEGRAPH_BLESS=1\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

const HOSTILE_NAME: &str = "Northern \"Front\" <b>&amp;</b>\nLtd;, x";

/// The text of every `<data key="KEY">` of the element with attribute `id` = `id`.
fn graphml_data(doc: &roxmltree::Document, element_id: &str, key: &str) -> Option<String> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(element_id) && n.is_element())?
        .children()
        .find(|c| c.attribute("key") == Some(key))
        .map(|c| c.text().unwrap_or("").to_string())
}

#[test]
fn graphml_matches_golden_and_is_well_formed() {
    let g = fixture();
    let out = graphml::to_graphml(&g);
    golden("graph.graphml", &out);

    let doc = roxmltree::Document::parse(&out).expect("GraphML is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    // Every key is declared once, and every data element refers to a declared key.
    let keys: Vec<&str> = root
        .children()
        .filter(|n| n.has_tag_name("key"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "a key is declared twice");
    for name in [
        "actor",
        "name",
        "kind",
        "mentions",
        "type",
        "polarity",
        "symmetric",
        "count",
        "weight",
        "cameo",
        "plover",
        "class",
    ] {
        assert!(
            root.children()
                .any(|n| n.has_tag_name("key") && n.attribute("attr.name") == Some(name)),
            "no key for {name}"
        );
    }
    for d in doc.descendants().filter(|n| n.has_tag_name("data")) {
        assert!(keys.contains(&d.attribute("key").unwrap_or("?")));
    }
    // Hostile values come back exactly (the XML parser undoes the escaping).
    assert_eq!(
        graphml_data(&doc, "NF&CO", "n_name").as_deref(),
        Some(HOSTILE_NAME)
    );
    let evidence = graphml_data(&doc, "e4", "e_evidence").unwrap_or_default();
    assert!(evidence.contains("<b id=\"injected\">Chinese</b> posts & depots;\tofficials"));
    assert!(evidence.contains("</script>"));
    // Edges end at declared nodes; symmetric types say so in data, all edges directed
    // (NetworkX refuses directed="false" in a directed graph).
    let nodes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    for e in doc.descendants().filter(|n| n.has_tag_name("edge")) {
        assert!(nodes.contains(&e.attribute("source").unwrap_or("?")));
        assert!(nodes.contains(&e.attribute("target").unwrap_or("?")));
    }
    let consults = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("e3"))
        .expect("edge e3");
    assert_eq!(consults.attribute("directed"), None);
    assert_eq!(
        graphml_data(&doc, "e3", "e_symmetric").as_deref(),
        Some("true")
    );
}

/// Splits one CSV line as RFC 4180 does (no newlines inside fields).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn neo4j_csv_matches_golden_and_parses() {
    let g = fixture();
    let csv = neo4j::to_neo4j(&g);
    golden("nodes.csv", &csv.nodes);
    golden("relationships.csv", &csv.relationships);

    let nodes: Vec<&str> = csv.nodes.lines().collect();
    assert_eq!(nodes[0], "id:ID,name,kind,mentions:int,:LABEL");
    assert_eq!(
        nodes.len(),
        1 + g.nodes.len(),
        "one line per node, no broken lines"
    );
    for line in &nodes[1..] {
        assert_eq!(csv_fields(line).len(), 5, "{line}");
    }
    let hostile = nodes
        .iter()
        .map(|l| csv_fields(l))
        .find(|f| f[0] == "NF&CO")
        .expect("hostile node");
    // The newline became a space; everything else survives the quoting.
    assert_eq!(hostile[1], HOSTILE_NAME.replace('\n', " "));
    assert_eq!(hostile[4], "Actor;Group");

    let rels: Vec<&str> = csv.relationships.lines().collect();
    assert_eq!(
        rels[0],
        ":START_ID,:END_ID,:TYPE,polarity,count:int,weight:float,cameo,plover"
    );
    assert_eq!(rels.len(), 1 + g.edges.len());
    for line in &rels[1..] {
        let f = csv_fields(line);
        assert_eq!(f.len(), 8, "{line}");
        assert!(f[4].parse::<usize>().is_ok() && f[5].parse::<f64>().is_ok());
    }
    assert!(rels.contains(&"TUR,RUS,MEDIATES,asserted,1,5.0,045,CONSULT"));
}

#[test]
fn tsv_matches_golden_one_line_per_evidence() {
    let g = fixture();
    let out = tsv::to_tsv(&g);
    golden("events.tsv", &out);
    let lines: Vec<&str> = out.lines().collect();
    let evidence: usize = g.edges.iter().map(|e| e.evidence.len()).sum();
    assert_eq!(lines.len(), 1 + evidence);
    for l in &lines {
        assert_eq!(l.split('\t').count(), 13, "{l}");
    }
    // Chronological, undated last.
    let dates: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(dates.first(), Some(&"2024-01-10"));
    assert_eq!(dates.last(), Some(&""));
    let hostile = lines.iter().find(|l| l.contains("shelled")).expect("row");
    assert!(hostile.ends_with(
        "The \"Northern Front\" shelled <b id=\"injected\">Chinese</b> posts & depots; officials said: \"</script><script>window.PWNED=1</script>\" <!-- end"
    ));
}

#[test]
fn html_escapes_names_and_embeds_json_safely() {
    let g = fixture();
    let page = html::to_html(&g, html::HtmlOptions::default());
    // The only script end tags are the two of the page itself.
    assert_eq!(page.matches("</script>").count(), 2);
    assert_eq!(page.matches("<script").count(), 2);
    assert!(!page.contains("<b id=\"injected\">"));
    assert!(!page.contains("<b>&amp;</b>"));
    assert!(page.contains("Northern &quot;Front&quot; &lt;b&gt;&amp;amp;&lt;/b&gt;"));
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
    // The embedded JSON is the graph, exactly.
    let start = page
        .find("<script type=\"application/json\" id=\"stancegraph-data\">")
        .expect("data script")
        + "<script type=\"application/json\" id=\"stancegraph-data\">".len();
    let len = page[start..].find("</script>").expect("end of data");
    let back: GraphJson = serde_json::from_str(&page[start..start + len]).expect("JSON");
    assert_eq!(back, g);
    // One clickable element per edge, in order.
    for i in 0..g.edges.len() {
        assert!(page.contains(&format!("data-edge=\"{i}\"")));
    }
}

#[test]
fn builtin_svg_is_well_formed_with_legend() {
    let g = fixture();
    let sel = Selection {
        include_negated: true,
        ..Selection::default()
    };
    let svg = builtin_svg(&select(&g, &sel), true).expect("built-in layout draws");
    let doc = roxmltree::Document::parse(&svg).expect("SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    for want in [
        "Legend",
        "cooperative",
        "conflictual",
        "mediation",
        "negated",
        "China",
    ] {
        assert!(text.contains(want), "no {want:?} in the SVG text");
    }
    assert!(
        text.contains("Northern \"Front\" <b>&amp;</b>"),
        "hostile name round-trips"
    );
    // Parallel CHN→RUS edges of one class are drawn once, with both types in the label.
    assert!(text.contains("supports ×2, cooperates ×1"), "{text}");
}

#[test]
fn selection_focus_depth_min_count_and_types() {
    let g = fixture();
    let ids = |g: &GraphJson| -> Vec<String> { g.nodes.iter().map(|n| n.id.clone()).collect() };
    let focus = |depth| Selection {
        focus: Some("TUR".into()),
        depth,
        ..Selection::default()
    };
    assert_eq!(ids(&select(&g, &focus(1))), ["RUS", "TUR", "UKR"]);
    let two = select(&g, &focus(2));
    assert_eq!(ids(&two), ["CHN", "RUS", "TUR", "UKR"]);
    assert!(two.edges.iter().all(|e| e.polarity.as_str() == "asserted"));
    let min2 = select(
        &g,
        &Selection {
            min_count: 2,
            ..Selection::default()
        },
    );
    assert_eq!(min2.edges.len(), 1);
    let attacks = select(
        &g,
        &Selection {
            types: vec![stancegraph::StanceType::Attacks],
            ..Selection::default()
        },
    );
    assert_eq!(ids(&attacks), ["CHN", "NF&CO"]);
}

#[test]
fn exporters_survive_hostile_articles_through_the_pipeline() {
    // Invented articles whose text carries markup, quotes, tabs and newlines.
    let docs = [
        Document::new(
            "hostile-1",
            "France condemned Mali's <script>alert(\"x\")</script> decision & more.\n\
             Japan and India held talks on \"trade\"\tin Osaka.",
        )
        .with_date("2024-05-01"),
        Document::new(
            "hostile-2",
            "Germany praised Ghana </script><!-- for its \"calm\" & <b>restraint</b>.",
        ),
    ];
    let pipeline = Pipeline::new(Extractor::with_defaults().expect("default resources"));
    let g = pipeline.build(docs).to_json();
    assert!(!g.edges.is_empty(), "the invented sentences give edges");

    roxmltree::Document::parse(&graphml::to_graphml(&g)).expect("GraphML stays well-formed");
    let csv = neo4j::to_neo4j(&g);
    for line in csv.relationships.lines().skip(1) {
        assert_eq!(csv_fields(line).len(), 8);
    }
    let evidence: usize = g.edges.iter().map(|e| e.evidence.len()).sum();
    let table = tsv::to_tsv(&g);
    assert_eq!(table.lines().count(), 1 + evidence);
    assert!(table.lines().all(|l| l.split('\t').count() == 13));
    let page = html::to_html(&g, html::HtmlOptions::default());
    assert_eq!(page.matches("</script>").count(), 2);
    assert!(!page.contains("<b>restraint</b>"));
    if let Ok(svg) = builtin_svg(&g, false) {
        roxmltree::Document::parse(&svg).expect("SVG stays well-formed");
    }
}
