//! Writes an invented corpus for benchmarks: articles made by `stancegraph::synth` from
//! the project's own sentence templates, with actor names substituted. No real news text.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- jsonl 200 > /tmp/corpus.jsonl    # ~200 MB of JSON Lines
//! cargo run --release --example gen_corpus -- paragraph 10 > /tmp/para10.txt    # one 10 MB paragraph
//! ```
//!
//! An optional third argument is the seed (default 1); the same seed gives the same bytes.

use std::io::Write;

use stancegraph::synth::Generator;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus (jsonl|paragraph) MEGABYTES [SEED]";
    let (kind, mb) = match (
        args.first(),
        args.get(1).and_then(|m| m.parse::<f64>().ok()),
    ) {
        (Some(k), Some(mb)) if mb >= 0.0 => (k.as_str(), mb),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let bytes = (mb * 1e6) as usize;
    let mut g = Generator::new(seed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match kind {
        "jsonl" => {
            let mut written = 0;
            while written < bytes {
                let line = g.jsonl_line();
                written += line.len();
                out.write_all(line.as_bytes())?;
            }
        }
        "paragraph" => {
            writeln!(out, "{}", g.text(bytes, false))?;
        }
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
    out.flush()
}
