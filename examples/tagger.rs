//! Trains and evaluates stancegraph's part-of-speech tagger.
//!
//! ```text
//! cargo run --release --example tagger -- train OUT.bin TRAIN.conllu... [--epochs N] [--bits B]
//! cargo run --release --example tagger -- eval [MODEL.bin] TEST.conllu...
//! ```
//!
//! The committed model `data/models/pos.bin` is made by (see data/models/README.md):
//! `cargo run --release --example tagger -- train data/models/pos.bin UD_English-EWT/en_ewt-ud-train.conllu`
//! Training text is cut with the extraction stage's tokenizer first
//! ([`stancegraph::syntax::conllu::retokenize`]), so the model sees at training what it
//! sees at run time. Sentences are shuffled with a fixed seed: the same data gives the
//! same file.

use std::path::Path;

use anyhow::{bail, Context, Result};
use stancegraph::syntax::conllu::{self, Sentence};
use stancegraph::syntax::tagger::Trainer;
use stancegraph::syntax::{Tagger, Upos};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") => train(&args[1..]),
        Some("eval") => eval(&args[1..]),
        _ => bail!("usage: tagger train OUT.bin TRAIN.conllu... [--epochs N] [--bits B] | tagger eval [MODEL.bin] TEST.conllu..."),
    }
}

fn flag(args: &[String], name: &str, default: u32) -> Result<u32> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .with_context(|| format!("{name} needs a value"))?
            .parse()
            .with_context(|| format!("{name} needs a number")),
        None => Ok(default),
    }
}

fn train(args: &[String]) -> Result<()> {
    let epochs = flag(args, "--epochs", 8)?;
    let bits = flag(args, "--bits", 18)?;
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[i - 1].starts_with("--")))
        .map(|(_, a)| a)
        .collect();
    let Some((out, inputs)) = files.split_first() else {
        bail!("train needs OUT.bin and at least one CoNLL-U file");
    };
    let mut data: Vec<Sentence> = Vec::new();
    for f in inputs {
        data.extend(conllu::read(Path::new(f))?.iter().map(conllu::retokenize));
    }
    let tokens: usize = data.iter().map(|s| s.words.len()).sum();
    eprintln!("{} sentences, {tokens} tokens", data.len());
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut trainer = Trainer::new(bits);
    let mut seed: u64 = 0x5eed;
    for epoch in 1..=epochs {
        // Fisher-Yates with a fixed linear congruential generator: reproducible
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let batch: Vec<(Vec<&str>, Vec<Upos>)> = order
            .iter()
            .map(|&k| {
                let s = &data[k];
                (s.words.iter().map(String::as_str).collect(), s.tags.clone())
            })
            .collect();
        let right = trainer.epoch(&batch);
        eprintln!(
            "epoch {epoch}: {:.2}% right while training",
            100.0 * right as f64 / tokens as f64
        );
    }
    let tagger = trainer.finish();
    std::fs::write(out, tagger.to_bytes()).with_context(|| format!("cannot write {out}"))?;
    eprintln!("wrote {out}");
    Ok(())
}

fn accuracy(tagger: &Tagger, sentences: &[Sentence]) -> (usize, usize) {
    let mut tags = Vec::new();
    let (mut right, mut all) = (0, 0);
    for s in sentences {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        tagger.tag(&words, &mut tags);
        right += tags.iter().zip(&s.tags).filter(|(a, b)| a == b).count();
        all += s.tags.len();
    }
    (right, all)
}

fn eval(args: &[String]) -> Result<()> {
    let (tagger, files) = match args.first() {
        Some(m) if m.ends_with(".bin") => {
            let bytes = std::fs::read(m).with_context(|| format!("cannot read {m}"))?;
            (Tagger::from_bytes(m, &bytes)?, &args[1..])
        }
        _ => (Tagger::default_model()?, args),
    };
    println!("file\tUPOS (UD tokens)\tUPOS (stancegraph tokens)\ttokens");
    for f in files {
        let ud = conllu::read(Path::new(f))?;
        let ours: Vec<Sentence> = ud.iter().map(conllu::retokenize).collect();
        let (r1, n1) = accuracy(&tagger, &ud);
        let (r2, n2) = accuracy(&tagger, &ours);
        println!(
            "{f}\t{:.2}\t{:.2}\t{n1}",
            100.0 * r1 as f64 / n1.max(1) as f64,
            100.0 * r2 as f64 / n2.max(1) as f64
        );
    }
    Ok(())
}
