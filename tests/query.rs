//! `stancegraph::query` on the hand-written graph `tests/golden/fixture.graph.json`
//! (invented sentences; dates 2024-01-10, 2024-02-05, 2024-03-02 and one undated
//! document).

use stancegraph::query::{self, Filter, Query, Report};
use stancegraph::{Error, Gazetteer, GraphJson, Polarity, StanceType};

fn fixture() -> GraphJson {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/fixture.graph.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    GraphJson::parse(path, &text).expect("fixture is a graph")
}

fn ask(q: Query, filter: Filter) -> Report {
    let gz = Gazetteer::default_set().expect("default gazetteer");
    query::run(&fixture(), Some(&gz), &q, &filter).expect("query runs")
}

fn dyad(from: &str, to: &str) -> Query {
    Query::Dyad {
        from: from.into(),
        to: to.into(),
    }
}

#[test]
fn dyad_summary_score_types_dates_and_evidence_newest_first() {
    let r = ask(dyad("Beijing", "Russia"), Filter::default());
    assert_eq!(r.query.from.as_ref().map(|a| a.id.as_str()), Some("CHN"));
    assert_eq!(r.query.to.as_ref().map(|a| a.id.as_str()), Some("RUS"));
    let d = &r.dyads[0];
    // supports 3.5 ×2 and cooperates 6.0 ×1; the negated denounces is not scored.
    assert_eq!(d.score, Some(4.33));
    assert_eq!((d.asserted, d.negated), (3, 1));
    let types: Vec<(StanceType, Polarity, usize)> = d
        .types
        .iter()
        .map(|t| (t.stance, t.polarity, t.count))
        .collect();
    assert_eq!(
        types,
        [
            (StanceType::Supports, Polarity::Asserted, 2),
            (StanceType::Cooperates, Polarity::Asserted, 1),
            (StanceType::Denounces, Polarity::Negated, 1),
        ]
    );
    assert_eq!(d.first_date.as_deref(), Some("2024-01-10"));
    assert_eq!(d.last_date.as_deref(), Some("2024-03-02"));
    let order: Vec<(&str, Option<&str>)> = d
        .evidence
        .iter()
        .map(|e| (e.doc.as_str(), e.date.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            ("d3", Some("2024-03-02")),
            ("d2", Some("2024-02-05")),
            ("d1", Some("2024-01-10")),
            ("d4", None),
        ]
    );
    let line = query::summary_line(d);
    assert_eq!(
        line,
        "China (CHN) → Russia (RUS): net +4.3 · 3 asserted (supports ×2, cooperates ×1), \
         1 negated (not denounces ×1) · 2024-01-10 … 2024-03-02"
    );
    let text = query::format_text(&r, false);
    assert!(text.contains("2024-02-05  d2 #3  not denounces  cue \"condemn\""));
}

#[test]
fn names_resolve_through_the_gazetteer_and_the_graph() {
    let g = fixture();
    let gz = Gazetteer::default_set().expect("default gazetteer");
    for (name, id) in [
        ("Beijing", "CHN"),
        ("China", "CHN"),
        ("CHN", "CHN"),
        ("chn", "CHN"),
        ("Kyiv", "UKR"),
        ("NF&CO", "NF&CO"),
        ("nf&co", "NF&CO"),
    ] {
        assert_eq!(
            query::resolve_actor(&g, Some(&gz), name)
                .map(|a| a.id)
                .ok()
                .as_deref(),
            Some(id),
            "{name}"
        );
    }
    assert!(matches!(
        query::resolve_actor(&g, Some(&gz), "Atlantis"),
        Err(Error::UnknownActor(_))
    ));
    // Without a gazetteer, graph ids and names still work.
    assert_eq!(
        query::resolve_actor(&g, None, "russia")
            .map(|a| a.id)
            .ok()
            .as_deref(),
        Some("RUS")
    );
}

#[test]
fn symmetric_types_count_in_both_directions() {
    // CHN→RUS cooperates is stored once; it is also RUS's stance toward CHN.
    let r = ask(dyad("RUS", "CHN"), Filter::default());
    assert_eq!(r.dyads[0].score, Some(6.0));
    // UKR→CHN: appeals 3.0, plus consults 1.5 stored as CHN→UKR.
    let r = ask(dyad("UKR", "CHN"), Filter::default());
    assert_eq!(r.dyads[0].score, Some(2.25));
}

#[test]
fn date_and_type_filters() {
    let since = Filter {
        since: Some("2024-02-01".into()),
        ..Filter::default()
    };
    let d = &ask(dyad("CHN", "RUS"), since).dyads[0];
    assert_eq!((d.asserted, d.negated, d.score), (1, 1, Some(3.5)));
    assert!(
        d.evidence.iter().all(|e| e.date.is_some()),
        "undated evidence is dropped"
    );

    let until = Filter {
        until: Some("2024-01-31".into()),
        ..Filter::default()
    };
    let d = &ask(dyad("CHN", "RUS"), until).dyads[0];
    assert_eq!(d.evidence.len(), 1);
    assert_eq!(d.evidence[0].doc, "d1");

    let coop = Filter {
        types: vec![StanceType::Cooperates, StanceType::Denounces],
        ..Filter::default()
    };
    let d = &ask(dyad("CHN", "RUS"), coop).dyads[0];
    assert_eq!((d.asserted, d.negated, d.score), (1, 1, Some(6.0)));
    assert_eq!(d.first_date.as_deref(), Some("2024-02-05"));

    let nothing = Filter {
        since: Some("2030-01-01".into()),
        ..Filter::default()
    };
    let d = &ask(dyad("CHN", "RUS"), nothing).dyads[0];
    assert_eq!((d.score, d.evidence.len()), (None, 0));
    assert!(query::summary_line(d).ends_with("net n/a · no evidence"));
}

#[test]
fn between_gives_both_directions() {
    let r = ask(
        Query::Between {
            a: "China".into(),
            b: "Ukraine".into(),
        },
        Filter::default(),
    );
    let pairs: Vec<(&str, &str, Option<f64>)> = r
        .dyads
        .iter()
        .map(|d| (d.source.id.as_str(), d.target.id.as_str(), d.score))
        .collect();
    assert_eq!(
        pairs,
        [("CHN", "UKR", Some(1.5)), ("UKR", "CHN", Some(2.25))]
    );
}

#[test]
fn rankings_allies_and_adversaries() {
    let r = ask(Query::From { from: "CHN".into() }, Filter::default());
    let ranked: Vec<(&str, Option<f64>)> = r
        .dyads
        .iter()
        .map(|d| (d.target.id.as_str(), d.score))
        .collect();
    assert_eq!(ranked, [("RUS", Some(4.33)), ("UKR", Some(1.5))]);

    let allies = ask(Query::Allies { from: "UKR".into() }, Filter::default());
    assert_eq!(allies.dyads.len(), 1);
    assert_eq!(allies.dyads[0].target.id, "CHN");

    let adversaries = ask(
        Query::Adversaries {
            from: "NF&CO".into(),
        },
        Filter::default(),
    );
    assert_eq!(adversaries.dyads.len(), 1);
    assert_eq!(adversaries.dyads[0].score, Some(-9.0));
    assert!(ask(
        Query::Allies {
            from: "NF&CO".into()
        },
        Filter::default()
    )
    .dyads
    .is_empty());
    let text = query::format_text(&r, false);
    assert!(text.starts_with("China (CHN) toward 2 actors, by net score:\n   +4.3  Russia (RUS)"));
}

#[test]
fn mediators_between_two_actors() {
    let r = ask(
        Query::Mediators {
            a: "Moscow".into(),
            b: "Ukraine".into(),
        },
        Filter::default(),
    );
    let m = r.mediators.expect("mediators");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].actor.id, "TUR");
    assert_eq!((m[0].to_a, m[0].to_b, m[0].joint), (1, 1, 2));
    assert_eq!(m[0].evidence.len(), 2);
    assert!(ask(
        Query::Mediators {
            a: "CHN".into(),
            b: "RUS".into()
        },
        Filter::default()
    )
    .mediators
    .is_some_and(|m| m.is_empty()));
}

#[test]
fn timeline_per_month_of_asserted_evidence() {
    let d = &ask(dyad("CHN", "RUS"), Filter::default()).dyads[0];
    let months: Vec<(&str, f64, usize)> = d
        .timeline
        .iter()
        .map(|m| (m.month.as_str(), m.score, m.count))
        .collect();
    // February has only the negated statement: no score that month.
    assert_eq!(months, [("2024-01", 3.5, 1), ("2024-03", 3.5, 1)]);
    assert_eq!(d.undated, 1);
}

#[test]
fn json_report_shape() {
    let r = ask(dyad("CHN", "RUS"), Filter::default());
    let v = serde_json::to_value(&r).expect("serializes");
    assert_eq!(v["query"]["kind"], "dyad");
    assert_eq!(v["query"]["from"]["id"], "CHN");
    assert_eq!(v["dyads"][0]["score"], 4.33);
    assert_eq!(v["dyads"][0]["types"][0]["type"], "supports");
    let ev = &v["dyads"][0]["evidence"][1];
    for key in [
        "date",
        "doc",
        "sentence",
        "source",
        "target",
        "type",
        "polarity",
        "weight",
        "cue",
        "said_by",
        "between",
        "confidence",
        "start",
        "end",
        "text",
    ] {
        assert!(ev.get(key).is_some(), "evidence has no {key}");
    }
    assert_eq!(ev["polarity"], "negated");
    assert!(v.get("mediators").is_none());
}
