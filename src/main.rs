//! The `stancegraph` command line: a thin shell over the library.
//!
//! Exit codes: 0 success; 1 fatal error (nothing written); 2 usage error; 3 finished,
//! but some inputs could not be read (each reported on stderr with its file and line).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use stancegraph::document::read_all;
use stancegraph::eval;
use stancegraph::export::dot::{render_svg, to_dot, DotOptions};
use stancegraph::export::write_atomic;
use stancegraph::extract::{Extractor, Modality};
use stancegraph::gazetteer::GazetteerBuilder;
use stancegraph::lexicon::LexiconBuilder;
use stancegraph::{Document, GraphJson, Pipeline, StanceGraph};

#[derive(Parser)]
#[command(
    name = "stancegraph",
    version,
    about = "Turn news articles into a diplomatic-stance knowledge graph, with the sentences that state every edge."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Resources {
    /// Extra actor file (TOML, see data/README.md); may be repeated.
    #[arg(long = "actors", value_name = "FILE")]
    actors: Vec<PathBuf>,
    /// Use only the --actors files, not the built-in gazetteer.
    #[arg(long)]
    no_default_actors: bool,
    /// Extra stance lexicon (TOML, see data/README.md); may be repeated.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Use only the --lexicon files, not the built-in lexicon.
    #[arg(long)]
    no_default_lexicon: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract stances from articles and write DIR/graph.json, DIR/graph.dot (and graph.svg when Graphviz is installed).
    Build {
        /// .txt files, directories, .jsonl files, or - for standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Draw negated edges in the diagram too.
        #[arg(long)]
        include_negated: bool,
        #[command(flatten)]
        res: Resources,
    },
    /// Print stance events as JSON Lines, one per evidence.
    Extract {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Instead of events, show per sentence the mentions, cues and why each edge was or was not made.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        res: Resources,
    },
    /// Score extraction against gold annotations (as ../shared/tools/score.py does).
    Eval {
        /// Gold JSON Lines file (spec/GOLD.md).
        #[arg(long)]
        gold: PathBuf,
        /// Articles, or a graph.json built from them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// List every false positive, false negative and flip.
        #[arg(long)]
        show_errors: bool,
        #[command(flatten)]
        res: Resources,
    },
    /// Show which actor each name resolves to, and why.
    Actors {
        #[arg(required = true)]
        names: Vec<String>,
        /// Resolve office holders on this date (YYYY-MM-DD); default: their latest office.
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        res: Resources,
    },
    /// Merge graphs built separately into one.
    Merge {
        #[arg(required = true)]
        graphs: Vec<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn load_extractor(res: &Resources) -> Result<Extractor> {
    let mut g = if res.no_default_actors {
        GazetteerBuilder::new()
    } else {
        GazetteerBuilder::with_defaults()?
    };
    for p in &res.actors {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        g.add_toml(&p.display().to_string(), &text)?;
    }
    let mut l = if res.no_default_lexicon {
        LexiconBuilder::new()
    } else {
        LexiconBuilder::with_defaults()?
    };
    for p in &res.lexicon {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        l.add_toml(&p.display().to_string(), &text)?;
    }
    Ok(Extractor {
        gazetteer: g.build()?,
        lexicon: l.build()?,
    })
}

/// Reads inputs, reporting every bad one on stderr. Returns the documents and whether any input was skipped.
fn read_docs(inputs: &[PathBuf]) -> (Vec<Document>, bool) {
    let (docs, warnings, errors) = read_all(inputs);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    for e in &errors {
        eprintln!("skipped: {e}");
    }
    (docs, !errors.is_empty())
}

fn read_graph(path: &Path) -> Result<GraphJson> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(GraphJson::parse(&path.display().to_string(), &text)?)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    let mut skipped = false;
    match cli.command {
        Command::Build {
            inputs,
            output,
            include_negated,
            res,
        } => {
            let pipeline = Pipeline::new(load_extractor(&res)?);
            let (docs, bad) = read_docs(&inputs);
            skipped |= bad;
            if docs.is_empty() {
                bail!("no documents could be read from the inputs");
            }
            let graph = pipeline.build(docs);
            let json = graph.to_json();
            std::fs::create_dir_all(&output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            write_atomic(
                &output.join("graph.json"),
                json.to_string_pretty().as_bytes(),
            )?;
            let dot = to_dot(&json, DotOptions { include_negated });
            write_atomic(&output.join("graph.dot"), dot.as_bytes())?;
            let mut written = vec!["graph.json", "graph.dot"];
            match render_svg(&dot) {
                Ok(svg) => {
                    write_atomic(&output.join("graph.svg"), &svg)?;
                    written.push("graph.svg");
                }
                Err(e) => eprintln!("note: no graph.svg: {e}"),
            }
            eprintln!(
                "{} documents, {} actors, {} edges -> {}/{{{}}}",
                json.documents.len(),
                json.nodes.len(),
                json.edges.len(),
                output.display(),
                written.join(",")
            );
        }
        Command::Extract {
            inputs,
            explain,
            res,
        } => {
            let ex = load_extractor(&res)?;
            let (docs, bad) = read_docs(&inputs);
            skipped |= bad;
            for doc in &docs {
                if explain {
                    explain_doc(&mut stdout, &ex, doc)?;
                } else {
                    for ev in ex.extract(doc) {
                        writeln!(stdout, "{}", serde_json::to_string(&ev)?)?;
                    }
                }
            }
        }
        Command::Eval {
            gold,
            inputs,
            show_errors,
            res,
        } => {
            let gold_text = std::fs::read_to_string(&gold)
                .with_context(|| format!("cannot read {}", gold.display()))?;
            let gold = eval::load_gold(&gold.display().to_string(), &gold_text)?;
            let mut pred: BTreeMap<String, BTreeSet<eval::Predicted>> = BTreeMap::new();
            // Predictions are read from a graph, built here when articles are given, so
            // `eval` scores exactly what `build` writes (symmetric edges stored once).
            let is_graph = inputs.len() == 1 && inputs[0].extension().is_some_and(|e| e == "json");
            let g = if is_graph {
                read_graph(&inputs[0])?
            } else {
                let pipeline = Pipeline::new(load_extractor(&res)?);
                let (docs, bad) = read_docs(&inputs);
                skipped |= bad;
                pipeline.build(docs).to_json()
            };
            for e in &g.edges {
                for ev in &e.evidence {
                    pred.entry(ev.doc.clone()).or_default().insert((
                        e.source.clone(),
                        e.stance,
                        e.target.clone(),
                        e.polarity,
                    ));
                }
            }
            let unknown = pred.keys().filter(|d| !gold.contains_key(*d)).count();
            let (exact, errors) = eval::score(&gold, &pred, false);
            let (coarse, _) = eval::score(&gold, &pred, true);
            writeln!(
                stdout,
                "documents scored: {}   predicted documents without gold: {unknown}",
                gold.len()
            )?;
            writeln!(stdout, "{}", eval::format_line("exact", &exact))?;
            writeln!(stdout, "{}", eval::format_line("coarse", &coarse))?;
            if show_errors {
                for e in errors {
                    writeln!(stdout, "  {:6} {}: {}", e.kind, e.doc, e.edge)?;
                }
            }
        }
        Command::Actors { names, date, res } => {
            let ex = load_extractor(&res)?;
            let mut unknown = false;
            for name in &names {
                match ex.gazetteer.resolve(name, date.as_deref()) {
                    Some(r) => match r.actor {
                        Some(a) => writeln!(stdout, "{name}\t{}\t{}\t{}", a.id, a.name, r.why)?,
                        None => writeln!(stdout, "{name}\t-\t-\t{}", r.why)?,
                    },
                    None => {
                        unknown = true;
                        writeln!(stdout, "{name}\t-\t-\tnot in the gazetteer")?
                    }
                }
            }
            if unknown {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Merge { graphs, output } => {
            let mut merged = StanceGraph::new();
            for p in &graphs {
                merged.merge_json(&read_graph(p)?);
            }
            write_atomic(&output, merged.to_json().to_string_pretty().as_bytes())?;
            eprintln!("merged {} graphs -> {}", graphs.len(), output.display());
        }
    }
    Ok(if skipped {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain_doc(out: &mut impl Write, ex: &Extractor, doc: &Document) -> Result<()> {
    writeln!(
        out,
        "== {} ({})",
        doc.id,
        doc.date.as_deref().unwrap_or("no date")
    )?;
    for t in ex.trace(doc) {
        writeln!(out, "[{}] {}", t.index, &doc.text[t.start..t.end])?;
        for m in &t.mentions {
            writeln!(
                out,
                "    mention {:<10} {:?} {:?}",
                m.actor,
                &doc.text[m.start..m.end],
                m.kind
            )?;
        }
        for e in &t.events {
            let tag = match (e.modality, e.polarity) {
                (Modality::Hypothetical, _) => "hypothetical (not reported)",
                (_, p) => p.as_str(),
            };
            writeln!(
                out,
                "    EDGE    {} {} {} [{}] cue {:?}; {}{}",
                e.source,
                e.stance,
                e.target,
                tag,
                e.cue,
                e.why,
                e.said_by
                    .as_deref()
                    .map(|s| format!("; said by {s}"))
                    .unwrap_or_default()
            )?;
        }
        for r in &t.rejected {
            writeln!(
                out,
                "    no edge {} cue {:?}: {}",
                r.stance, r.cue, r.reason
            )?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
