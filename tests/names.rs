//! The names table: leaders with dates, places, forces and distractors, each with the
//! actor and kind it must resolve to (tests/data/names.tsv; issue 14).

use stancegraph::gazetteer::Gazetteer;

#[test]
fn every_name_of_the_table_resolves_as_listed() {
    let g = Gazetteer::default_set().unwrap();
    let table = include_str!("data/names.tsv");
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, date, want_id, want_kind] = cols[..] else {
            panic!("bad row: {line}");
        };
        rows += 1;
        let date = (date != "-").then_some(date);
        let r = g.resolve(name, date);
        let got_id = r
            .as_ref()
            .and_then(|r| r.actor.as_ref())
            .map_or("-", |a| a.id.as_str());
        let got_kind = r
            .as_ref()
            .and_then(|r| r.kind)
            .map_or("-".to_string(), |k| format!("{k:?}").to_lowercase());
        let kind_ok = want_kind == "-" || got_kind == want_kind;
        if got_id != want_id || !kind_ok {
            failures.push(format!(
                "{name} ({date:?}): want {want_id} {want_kind}, got {got_id} {got_kind}"
            ));
        }
    }
    assert!(rows >= 600, "the table has {rows} rows");
    assert!(
        failures.is_empty(),
        "{} of {rows} rows fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A region's name with its type word is one place mention of its state in running text,
/// however the type word is written; words that only look like regions are no mention.
#[test]
fn region_names_are_one_place_mention() {
    use stancegraph::gazetteer::NameKind;
    use stancegraph::mention::{find_mentions, MentionContext, MentionKind};
    use stancegraph::sentence::Span;

    let g = Gazetteer::default_set().unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("Shells fell on Tavush Province overnight.", &["ARM"]),
        ("Shells fell on Tavush province overnight.", &["ARM"]),
        ("Troops moved into Balkh Province on Sunday.", &["AFG"]),
        ("Troops moved into the Sinnar region on Sunday.", &["SDN"]),
        ("Gunmen raided a village in Plateau State.", &["NGA"]),
        (
            "Floods hit Niger State and the Kidal Region.",
            &["NGA", "MLI"],
        ),
        ("The strike hit a depot in Voronezh Oblast.", &["RUS"]),
        ("Officials in Hakkari Province said nothing.", &["TUR"]),
        // distractors: no region of any state
        ("The Kurdistan Workers' Party said nothing.", &[]),
        ("Ships crossing the Red Sea were warned.", &[]),
        ("Jihadists across the Sahel were warned.", &[]),
        ("Fars news agency reported the talks.", &[]),
    ];
    let mut failures = Vec::new();
    for (text, want) in cases {
        let span = Span {
            start: 0,
            end: text.len(),
        };
        let mentions = find_mentions(text, span, &g, None, &mut MentionContext::default());
        let got: Vec<&str> = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Name(NameKind::Place))
            .map(|m| m.actor.as_str())
            .collect();
        if got != *want {
            failures.push(format!("{text}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
