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
        Some("speed") => speed(&args[1..]),
        _ => bail!("usage: tagger train OUT.bin TRAIN.conllu... [--epochs N] [--bits B] | tagger eval [MODEL.bin] TEST.conllu... | tagger speed [MODEL.bin] ARTICLES.jsonl [--rounds N]"),
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
    let epochs = flag(args, "--epochs", 12)?;
    let bits = flag(args, "--bits", 19)?;
    // parts per million of the weights (by magnitude) kept unclipped by the i8 scale
    let clip = f64::from(flag(args, "--clip-ppm", 999_990)?) / 1e6;
    let dev = match args.iter().position(|a| a == "--dev") {
        Some(i) => {
            let f = args.get(i + 1).context("--dev needs a file")?;
            conllu::read(Path::new(f))?
        }
        None => Vec::new(),
    };
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
    // each sentence as the extraction stage cuts it, and also as the treebank does where
    // that differs, so the model knows both "don't" = do n't and do n ' t
    for f in inputs {
        for s in conllu::read(Path::new(f))? {
            let ours = conllu::retokenize(&s);
            if ours != s {
                data.push(s);
            }
            data.push(ours);
        }
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
        let mut line = format!(
            "epoch {epoch}: {:.2}% right while training",
            100.0 * right as f64 / tokens as f64
        );
        if !dev.is_empty() && (epoch == epochs || epoch % 2 == 0) {
            let (r, n) = accuracy(&trainer.finish(clip), &dev);
            line += &format!(", dev {:.2}%", 100.0 * r as f64 / n.max(1) as f64);
        }
        eprintln!("{line}");
    }
    let tagger = trainer.finish(clip);
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

/// Times the default model alone: loading it, then tagging every sentence of a JSON Lines
/// file of articles (`text` fields), cut by the extraction stage's own splitter and tokenizer.
fn speed(args: &[String]) -> Result<()> {
    let rounds = flag(args, "--rounds", 5)?;
    let (model, args) = match args.first() {
        Some(m) if m.ends_with(".bin") => (Some(m), &args[1..]),
        _ => (None, args),
    };
    let Some(path) = args.first() else {
        bail!("speed needs a JSON Lines file");
    };
    let t = std::time::Instant::now();
    let tagger = match model {
        Some(m) => {
            let bytes = std::fs::read(m).with_context(|| format!("cannot read {m}"))?;
            Tagger::from_bytes(m, &bytes)?
        }
        None => Tagger::default_model()?,
    };
    let load = t.elapsed();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            docs.push(t.to_string());
        }
    }
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut bytes = 0usize;
    for d in &docs {
        for s in stancegraph::sentence::split(d) {
            bytes += s.end - s.start;
            let toks = stancegraph::token::tokenize(d, s.start, s.end);
            sentences.push(toks.iter().map(|t| &d[t.start..t.end]).collect());
        }
    }
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let mut tags = Vec::new();
    let mut best = f64::INFINITY;
    let mut check = 0usize;
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        for s in &sentences {
            tagger.tag(s, &mut tags);
            check += tags.iter().filter(|&&t| t == Upos::Verb).count();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "load {:.2} ms; {} sentences, {tokens} tokens, {:.2} MB: best of {rounds} {:.3} s, {:.1} MB/s, {:.2} M tokens/s ({check} verbs)",
        load.as_secs_f64() * 1e3,
        sentences.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best,
        tokens as f64 / 1e6 / best,
    );
    Ok(())
}
