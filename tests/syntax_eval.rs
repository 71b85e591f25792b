//! `stancegraph syntax-eval` and the library function under it, on tiny CoNLL-U files
//! written here (invented sentences, not treebank text).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use stancegraph::syntax::evaluate::{self, Accuracy};
use stancegraph::syntax::Tagger;

fn bin() -> Command {
    Command::cargo_bin("stancegraph").expect("binary is built")
}

/// CoNLL-U lines for `(form, upos)` pairs, one sentence per slice.
fn conllu(sentences: &[&[(&str, &str)]]) -> String {
    let mut out = String::new();
    for s in sentences {
        out.push_str("# sent_id = t\n");
        for (i, (form, tag)) in s.iter().enumerate() {
            out.push_str(&format!(
                "{}\t{form}\t{form}\t{tag}\t_\t_\t0\tdep\t_\t_\n",
                i + 1
            ));
        }
        out.push('\n');
    }
    out
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}

const GOOD: &[(&str, &str)] = &[
    ("The", "DET"),
    ("minister", "NOUN"),
    ("met", "VERB"),
    ("the", "DET"),
    ("envoy", "NOUN"),
    (".", "PUNCT"),
];

#[test]
fn accuracy_counts_right_tokens() {
    let dir = tempdir("counts");
    // (file text, tokens right, tokens) on UD tokens
    let all_wrong: &[(&str, &str)] = &[("the", "X"), ("of", "X"), (",", "X")];
    let half: &[(&str, &str)] = &[("the", "DET"), (".", "X")];
    let with_range = "1-2\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tca\tcan\tAUX\t_\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\t_\t_\t1\tadvmod\t_\t_\n3\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n";
    let cases: [(&str, String, usize, usize); 4] = [
        ("good", conllu(&[GOOD]), 6, 6),
        ("all_wrong", conllu(&[all_wrong]), 0, 3),
        ("half", conllu(&[half, GOOD]), 7, 8),
        ("range_lines_skipped", with_range.to_string(), 3, 3),
    ];
    let tagger = Tagger::default_model().expect("built-in model");
    for (name, text, right, tokens) in cases {
        let path = write(&dir, &format!("{name}.conllu"), &text);
        let r = evaluate::evaluate_file(&tagger, name, &path).expect("valid file");
        assert_eq!(r.ud, Accuracy { right, tokens }, "{name}");
        assert_eq!(r.name, name);
        // the library's count agrees with tagging the sentences directly
        let sents = stancegraph::syntax::conllu::read(&path).expect("valid");
        let mut direct = 0;
        let mut tags = Vec::new();
        for s in &sents {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tagger.tag(&words, &mut tags);
            direct += tags.iter().zip(&s.tags).filter(|(a, b)| a == b).count();
        }
        assert_eq!(direct, right, "{name}: direct count");
    }
    assert_eq!(
        Accuracy {
            right: 1,
            tokens: 4
        }
        .percent(),
        25.0
    );
    assert_eq!(Accuracy::default().percent(), 0.0);
}

#[test]
fn errors_name_the_file() {
    let dir = tempdir("errors");
    let bad = write(
        &dir,
        "bad.conllu",
        "1\tx\tx\tNOTATAG\t_\t_\t0\troot\t_\t_\n",
    );
    let missing = dir.join("missing.conllu");
    let cases: [(&Path, &str); 2] = [(&bad, "bad.conllu:1:1"), (&missing, "missing.conllu")];
    for (path, want) in cases {
        let e = evaluate::evaluate_default(&[("x", path)])
            .expect_err("must fail")
            .to_string();
        assert!(e.contains(want), "{want}: {e}");
    }
}

#[test]
fn the_command_prints_both_test_sets() {
    let dir = tempdir("cli");
    let ewt = write(&dir, "ewt.conllu", &conllu(&[GOOD]));
    let pud = write(
        &dir,
        "pud.conllu",
        &conllu(&[&[("the", "X"), ("envoy", "NOUN")]]),
    );
    let out = bin()
        .arg("syntax-eval")
        .arg("--ewt")
        .arg(&ewt)
        .arg("--pud")
        .arg(&pud)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let want = [("EWT test", "100.00", "6"), ("PUD", "50.00", "2")];
    assert_eq!(rows.len(), want.len(), "{text}");
    for (row, (name, pct, tokens)) in rows.iter().zip(want) {
        assert_eq!((row[0], row[1], row[3]), (name, pct, tokens), "{text}");
    }
    // a missing file is named in the error
    bin()
        .arg("syntax-eval")
        .arg("--ewt")
        .arg(&ewt)
        .arg("--pud")
        .arg(dir.join("nope.conllu"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("nope.conllu"));
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "stancegraph-syntax-eval-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}
