//! The `stancegraph` command line: a thin shell over the library.
//!
//! Exit codes: 0 success; 1 fatal error (nothing written); 2 usage error; 3 finished,
//! but some inputs could not be read (each reported on stderr with its file and line).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

// mimalloc: extraction and the spill merge allocate many small strings; glibc's malloc
// and free took about a fifth of a build's time (BENCHMARKS.md). Built without
// transparent huge pages (feature `no_thp`): with them, start-up touched 2 MB pages and
// took up to 90 ms instead of about 15 ms.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use stancegraph::document::{read_inputs_with, InputItem};
use stancegraph::eval;
use stancegraph::export::dot::{to_dot, DotOptions};
use stancegraph::export::render::{
    render_png, render_svg, select, too_large_to_draw, too_large_to_render, RenderedBy, Renderer,
    Selection, BUILD_DIAGRAM_MAX_EDGES,
};
use stancegraph::export::sqlite::{self, Store};
use stancegraph::export::{
    commit_all, graphml, html, neo4j, stage, stage_at, stage_built_files, terminal_line,
    terminal_safe, tsv, write_atomic, BUILD_FILES, STORE_FILE,
};
use stancegraph::extract::{Extractor, Modality};
use stancegraph::gazetteer::GazetteerBuilder;
use stancegraph::ingest;
use stancegraph::lexicon::LexiconBuilder;
use stancegraph::progress::Progress;
use stancegraph::query;
use stancegraph::stance::StanceType;
use stancegraph::store::{SpillingGraph, SPILL_BUDGET};
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
    /// Extract stances from articles and write DIR/graph.json, graph.dot, graph.graphml, events.tsv, graph.sqlite and graph.svg.
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
        /// Who draws graph.svg: Graphviz if installed, else the built-in layout (auto).
        #[arg(long, value_enum, default_value = "auto")]
        renderer: RendererArg,
        /// Stop Graphviz's `dot` after this many seconds and write no graph.svg (0: never).
        #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = parse_timeout)]
        dot_timeout: Duration,
        /// Stop at the first bad input or record, with exit code 1, instead of skipping it.
        #[arg(long)]
        strict: bool,
        /// Build (an empty graph) from an empty standard input instead of failing: without
        /// it, `-` holding nothing (an upstream command that failed) is an error, exit 1,
        /// and the previous outputs stay.
        #[arg(long)]
        allow_empty: bool,
        /// Worker threads for extraction (default: one per core; 1: all on one thread).
        /// The output is the same whatever the number.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// At the end, print documents, sentences, mentions, edges, bytes, time and MB/s.
        #[arg(long)]
        stats: bool,
        /// Name standard input PREFIX in the ids of records without an `id`: PREFIX-LINE
        /// instead of stdin-LINE. Give each shard fed on stdin its own (e.g. its file stem).
        #[arg(long, value_name = "PREFIX", value_parser = parse_id_prefix)]
        id_prefix: Option<String>,
        /// Evidence and documents held in memory before they are spilled to a temporary
        /// directory in the output directory (bytes, estimated). For tests.
        #[arg(long, value_name = "BYTES", hide = true, default_value_t = SPILL_BUDGET)]
        spill_budget: usize,
        #[command(flatten)]
        res: Resources,
    },
    /// Print stance events as JSON Lines, one per evidence.
    Extract {
        /// .txt files, directories, .jsonl files, or - for standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Instead of events, show per sentence the mentions, cues and why each edge was or was not made.
        #[arg(long)]
        explain: bool,
        /// Stop at the first bad input or record, with exit code 1, instead of skipping it.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        res: Resources,
    },
    /// Score extraction against gold annotations (docs/GOLD.md): exact and coarse P/R/F1, flips.
    Eval {
        /// Gold JSON Lines file (docs/GOLD.md; data/examples/gold.jsonl is one).
        #[arg(long)]
        gold: PathBuf,
        /// Articles, or a graph.json (or graph.sqlite) built from them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// List every false positive, false negative and flip.
        #[arg(long)]
        show_errors: bool,
        /// Stop at the first bad input or record, with exit code 1, instead of skipping it.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        res: Resources,
    },
    /// Show which actor each name resolves to, and why.
    Actors {
        /// Names to resolve: ids, names, capitals, office holders ("CHN", "Beijing").
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
        /// Resolve office holders on this date (YYYY-MM-DD); default: their latest office.
        #[arg(long, value_parser = parse_date)]
        date: Option<String>,
        #[command(flatten)]
        res: Resources,
    },
    /// List the stance types: class, symmetry, weight, CAMEO and PLOVER codes, meaning.
    Types,
    /// Merge graphs built separately into one.
    Merge {
        /// graph.json (or graph.sqlite) files written by build or merge.
        #[arg(required = true, value_name = "GRAPH")]
        graphs: Vec<PathBuf>,
        /// The merged graph.json to write, or - for standard output.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// A's stance toward B (or toward everyone): net score, types, dates, and the evidence.
    Query(QueryArgs),
    /// Draw the diagram; the format follows the extension of -o: .svg .png .html .graphml .dot .tsv.
    Render(RenderArgs),
    /// Write the graph for other tools: GraphML, Neo4j import CSV (a directory) or an event TSV.
    Export(ExportArgs),
    /// Print the part-of-speech tagger's UPOS accuracy on UD English EWT test and PUD.
    SyntaxEval {
        /// UD English EWT test file (CoNLL-U).
        #[arg(long, value_name = "PATH", default_value = stancegraph::syntax::evaluate::DEFAULT_EWT)]
        ewt: PathBuf,
        /// UD English PUD test file (CoNLL-U).
        #[arg(long, value_name = "PATH", default_value = stancegraph::syntax::evaluate::DEFAULT_PUD)]
        pud: PathBuf,
    },
}

fn load_extractor(res: &Resources) -> Result<Extractor> {
    let gazetteer = || -> Result<stancegraph::Gazetteer> {
        let mut g = if res.no_default_actors {
            GazetteerBuilder::new()
        } else {
            GazetteerBuilder::with_defaults()?
        };
        for p in &res.actors {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            g.add_toml(&p.display().to_string(), &text)?;
        }
        Ok(g.build()?)
    };
    let lexicon = || -> Result<stancegraph::Lexicon> {
        let mut l = if res.no_default_lexicon {
            LexiconBuilder::new()
        } else {
            LexiconBuilder::with_defaults()?
        };
        for p in &res.lexicon {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            l.add_toml(&p.display().to_string(), &text)?;
        }
        Ok(l.build()?)
    };
    // The two automata are built at the same time: start-up is most of a short run.
    let (gazetteer, lexicon) = std::thread::scope(|s| {
        let g = s.spawn(gazetteer);
        let l = lexicon();
        match g.join() {
            Ok(g) => (g, l),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    Ok(Extractor {
        gazetteer: gazetteer?,
        lexicon: lexicon?,
        tagger: std::sync::Arc::new(stancegraph::syntax::Tagger::default_model()?),
    })
}

/// Reads inputs, reporting every bad one on stderr. Returns the documents and whether any input was skipped.
fn read_docs(inputs: &[PathBuf]) -> (Vec<Document>, bool) {
    // not strict: never fails
    read_docs_strict(inputs, false).unwrap_or_default()
}

/// [`read_docs`]; with `strict`, the first bad input stops the run with an error.
/// Warnings and skipped inputs are reported on stderr as they are met.
fn read_docs_strict(inputs: &[PathBuf], strict: bool) -> Result<(Vec<Document>, bool)> {
    let mut docs = Vec::new();
    let mut skipped = false;
    let mut first_bad = None;
    read_inputs_with(inputs, &mut |item| {
        match item {
            InputItem::Doc(d) => docs.push(d),
            InputItem::Warning(w) => eprintln!("warning: {}", terminal_safe(&w)),
            InputItem::Bad(e) if strict => {
                first_bad = Some(e);
                return ControlFlow::Break(());
            }
            InputItem::Bad(e) => {
                eprintln!("skipped: {}", terminal_safe(&e.to_string()));
                skipped = true;
            }
        }
        ControlFlow::Continue(())
    });
    if let Some(e) = first_bad {
        bail!("stopped at the first bad input (--strict): {e}");
    }
    Ok((docs, skipped))
}

fn read_graph(path: &Path) -> Result<GraphJson> {
    if is_store(path) {
        return Ok(Store::open(path)?.graph()?);
    }
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
            renderer,
            dot_timeout,
            strict,
            allow_empty,
            threads,
            stats,
            id_prefix,
            spill_budget,
            res,
        } => {
            if let Some(p) = &id_prefix {
                stancegraph::document::set_stdin_name(p);
            }
            let started = Instant::now();
            check_output_dir(&output)?;
            sweep_stale(&output);
            let threads = threads.map(cap_threads);
            let pipeline = Pipeline::new(load_extractor(&res)?);
            let load = started.elapsed();
            let progress = Progress::new(ingest::input_size(&inputs));
            let mut first_bad = None;
            let mut empty_stdin = None;
            let opts = ingest::Options {
                threads: threads.unwrap_or(0),
                id_spill: Some((output.clone(), spill_budget)),
                // `build DIR -o DIR/output` does not read its own outputs
                skip_dirs: vec![output.clone()],
                ..ingest::Options::default()
            };
            let spilling = SpillingGraph::new(&output, spill_budget);
            let (graph, st) =
                ingest::build_inputs_into(&pipeline, &inputs, &opts, spilling, &mut |event| {
                    match event {
                        ingest::Event::Progress(st) => {
                            progress.update(st);
                            ControlFlow::Continue(())
                        }
                        ingest::Event::Warning(w) => {
                            progress.println(&format!("warning: {}", terminal_safe(&w)));
                            ControlFlow::Continue(())
                        }
                        ingest::Event::Bad(stancegraph::Error::EmptyInput { path }) => {
                            if allow_empty {
                                progress.println(&format!(
                                    "note: {}: empty; building from nothing (--allow-empty)",
                                    terminal_safe(&path.display().to_string())
                                ));
                            } else {
                                empty_stdin = Some(path);
                            }
                            ControlFlow::Continue(())
                        }
                        ingest::Event::Bad(e) if strict => {
                            first_bad = Some(e);
                            ControlFlow::Break(())
                        }
                        ingest::Event::Bad(e) => {
                            progress
                                .println(&format!("skipped: {}", terminal_safe(&e.to_string())));
                            skipped = true;
                            ControlFlow::Continue(())
                        }
                    }
                })?;
            progress.finish();
            if let Some(e) = first_bad {
                bail!("stopped at the first bad input (--strict): {e}");
            }
            if let Some(path) = empty_stdin {
                bail!(
                    "{}: it is empty: nothing was read (did the command writing it fail?); \
                     nothing was written and the previous outputs are kept \
                     (--allow-empty builds an empty graph)",
                    path.display()
                );
            }
            if st.documents == 0 && !allow_empty {
                bail!("no documents could be read from the inputs");
            }
            let writing = Instant::now();
            let built = graph.finish(st.threads > 1)?;
            let json = built.skeleton();
            std::fs::create_dir_all(&output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            // Every output goes to its temporary file first; they replace the previous
            // ones only when all were written.
            let mut staged = stage_built_files(&output, &built, include_negated, st.threads > 1)?;
            let mut written = BUILD_FILES.to_vec();
            staged.push(stage_at(&output.join(STORE_FILE), |p| {
                built.write_store(p)
            })?);
            written.push(STORE_FILE);
            let diagram = match too_large_to_draw(json, include_negated) {
                Some(why) => Err(why),
                None => render_svg(json, include_negated, renderer.into(), dot_timeout)
                    .map_err(|e| e.to_string()),
            };
            let svg_path = output.join("graph.svg");
            let drawn = match diagram {
                Ok((svg, by)) => {
                    staged.push(stage(&svg_path, |w| w.write_all(&svg))?);
                    written.push("graph.svg");
                    Some(by)
                }
                Err(e) => {
                    eprintln!("note: no graph.svg: {}", terminal_safe(&e));
                    None
                }
            };
            commit_all(staged)?;
            match drawn {
                Some(by) => eprintln!(
                    "graph.svg drawn by {}{}",
                    by.describe(),
                    fallback_note(renderer, by)
                ),
                // the previous run's diagram is not this graph's
                None => match std::fs::symlink_metadata(&svg_path) {
                    Ok(m) if !m.is_dir() => {
                        std::fs::remove_file(&svg_path).with_context(|| {
                            format!("cannot remove the previous {}", svg_path.display())
                        })?;
                        eprintln!("note: the previous graph.svg was removed");
                    }
                    _ => {}
                },
            }
            eprintln!(
                "{}, {}, {} -> {}/{{{}}}",
                counted(built.document_count(), "document"),
                counted(json.nodes.len(), "actor"),
                counted(json.edges.len(), "edge"),
                terminal_safe(&output.display().to_string()),
                written.join(",")
            );
            if stats {
                eprint!("{}", st.report(load, writing.elapsed()));
            }
        }
        Command::Extract {
            inputs,
            explain,
            strict,
            res,
        } => {
            let ex = load_extractor(&res)?;
            let (docs, bad) = read_docs_strict(&inputs, strict)?;
            skipped |= bad;
            if docs.is_empty() {
                bail!("no documents could be read from the inputs");
            }
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
            strict,
            res,
        } => {
            let gold_text = std::fs::read_to_string(&gold)
                .with_context(|| format!("cannot read {}", gold.display()))?;
            let gold = eval::load_gold(&gold.display().to_string(), &gold_text)?;
            let mut pred: BTreeMap<String, BTreeSet<eval::Predicted>> = BTreeMap::new();
            // Predictions are read from a graph, built here when articles are given, so
            // `eval` scores exactly what `build` writes (symmetric edges stored once).
            let is_graph = inputs.len() == 1
                && (inputs[0].extension().is_some_and(|e| e == "json") || is_store(&inputs[0]));
            let g = if is_graph {
                read_graph(&inputs[0])?
            } else {
                let pipeline = Pipeline::new(load_extractor(&res)?);
                let (docs, bad) = read_docs_strict(&inputs, strict)?;
                skipped |= bad;
                if docs.is_empty() {
                    bail!("no documents could be read from the inputs");
                }
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
                    writeln!(
                        stdout,
                        "  {:6} {}: {}",
                        e.kind,
                        terminal_safe(&e.doc),
                        terminal_safe(&e.edge.to_string())
                    )?;
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
        Command::Types => {
            writeln!(
                stdout,
                "type\tclass\tsymmetric\tweight\tcameo\tcameo_codes\tplover\tplover_categories\tmeaning"
            )?;
            for t in StanceType::ALL {
                writeln!(
                    stdout,
                    "{t}\t{}\t{}\t{:+.1}\t{}\t{}\t{}\t{}\t{}",
                    t.class().as_str(),
                    if t.symmetric() { "yes" } else { "no" },
                    t.weight(),
                    t.cameo(),
                    t.cameo_codes(),
                    t.plover(),
                    t.plover_categories(),
                    t.definition()
                )?;
            }
        }
        Command::Merge { graphs, output } => {
            if !is_stdout(&output) {
                sweep_stale(parent_dir(&output));
            }
            let mut merged = StanceGraph::new();
            for p in &graphs {
                let g = read_graph(p)?;
                let report = merged.merge_json_checked(&g);
                report_merge(p, g.documents.len(), &report);
            }
            write_output(&output, merged.to_json().to_string_pretty().as_bytes())?;
            eprintln!(
                "merged {} -> {}",
                counted(graphs.len(), "graph"),
                shown_output(&output)
            );
        }
        Command::Query(args) => skipped |= run_query(&mut stdout, args)?,
        Command::Render(args) => skipped |= run_render(args)?,
        Command::Export(args) => skipped |= run_export(args)?,
        Command::SyntaxEval { ewt, pud } => run_syntax_eval(&mut stdout, &ewt, &pud)?,
    }
    stdout.flush().context("cannot write to standard output")?;
    Ok(if skipped {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// Says on stderr what [`StanceGraph::merge_json_checked`] did with the documents of
/// `path` already merged from an earlier graph.
fn report_merge(path: &Path, documents: usize, report: &stancegraph::graph::MergeReport) {
    let shown = terminal_safe(&path.display().to_string()).into_owned();
    if !report.renamed.is_empty() {
        let some: Vec<String> = report
            .renamed
            .iter()
            .take(3)
            .map(|(old, new)| format!("{:?} -> {:?}", terminal_safe(old), terminal_safe(new)))
            .collect();
        let more = match report.renamed.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        eprintln!(
            "warning: {shown}: {} documents have the id of a different document merged before; \
             renamed ({}{more}). Build shards with --id-prefix to give them unique ids",
            report.renamed.len(),
            some.join(", ")
        );
    }
    if report.mentions_skipped {
        eprintln!(
            "note: {shown}: all its documents ({}) were merged before (the same graph \
             twice?): their evidence is kept once and their mentions are not counted again",
            counted(report.shared, "document")
        );
    } else if report.shared > 0 {
        let (was, its, it) = if report.shared == 1 {
            ("was", "its", "it")
        } else {
            ("were", "their", "them")
        };
        eprintln!(
            "warning: {shown}: {} of its {documents} documents {was} merged before (same id, \
             same text): {its} evidence is kept once, but the actors' mention counts include \
             {it} twice",
            report.shared
        );
    }
}

/// Fails at once, before any input is read, when `dir` exists and is not a directory (a
/// file, a device such as `/dev/null`, or a dangling symbolic link).
fn check_output_dir(dir: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Ok(()); // created when the outputs are written
    }
    let what = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(m) if m.is_file() => "it is a file",
        Ok(_) => "it is a device or a pipe",
        Err(_) => "it is a symbolic link to nothing",
    };
    bail!(
        "cannot create {}: not a directory ({what}); give -o a directory",
        terminal_safe(&dir.display().to_string())
    )
}

/// At most this many worker threads per core: more only costs memory and start-up.
const THREADS_PER_CORE: usize = 4;

/// `--threads N`, capped at [`THREADS_PER_CORE`] per core (and at least 8), with a note.
fn cap_threads(n: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let max = (cores * THREADS_PER_CORE).max(8);
    if n > max {
        eprintln!(
            "note: --threads {n} is more than this machine can use ({cores} cores); using {max}"
        );
        max
    } else {
        n
    }
}

/// The directory `path` is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Removes from `dir` the temporary files and spill directories that runs which died
/// (killed, or the machine lost power) left there, and says so.
fn sweep_stale(dir: &Path) {
    let removed = stancegraph::cleanup::sweep_stale(dir);
    if !removed.is_empty() {
        eprintln!(
            "note: removed {} temporary files or directories left in {} by interrupted runs",
            removed.len(),
            terminal_safe(&dir.display().to_string())
        );
    }
}

/// Handles SIGINT, SIGTERM and SIGHUP: a thread waits for them, removes every temporary
/// file and directory of the run, and exits with 128 + the signal's number (130, 143,
/// 129). Outputs not yet renamed into place are not replaced: the previous ones stay.
fn handle_signals() -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("cannot install the signal handlers")?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            // held until the exit: no temporary file can be made after the clean-up
            let _registry = stancegraph::cleanup::remove_all();
            let name = match sig {
                SIGINT => "SIGINT",
                SIGTERM => "SIGTERM",
                _ => "SIGHUP",
            };
            eprintln!("interrupted ({name}): temporary files removed, outputs not replaced");
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Prints what `extract --explain` shows of one document. Everything taken from the
/// input is made safe for a terminal: the sentence on one line ([`terminal_line`]), ids,
/// names and reasons with their control characters escaped ([`terminal_safe`]); quoted
/// pieces are `{:?}`-escaped.
fn explain_doc(out: &mut impl Write, ex: &Extractor, doc: &Document) -> Result<()> {
    let safe = |s: &str| terminal_safe(s).into_owned();
    writeln!(
        out,
        "== {} ({})",
        safe(&doc.id),
        safe(doc.date.as_deref().unwrap_or("no date"))
    )?;
    for t in ex.trace(doc) {
        let text = doc.text.get(t.start..t.end).unwrap_or_default();
        writeln!(out, "[{}] {}", t.index, terminal_line(text))?;
        for m in &t.mentions {
            writeln!(
                out,
                "    mention {:<10} {:?} {:?}",
                safe(&m.actor),
                doc.text.get(m.start..m.end).unwrap_or_default(),
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
                safe(&e.source),
                e.stance,
                safe(&e.target),
                tag,
                e.cue,
                safe(&e.why.to_string()),
                e.said_by
                    .as_deref()
                    .map(|s| format!("; said by {}", safe(s)))
                    .unwrap_or_default()
            )?;
        }
        for r in &t.rejected {
            writeln!(
                out,
                "    no edge {} cue {:?}: {}",
                r.stance,
                r.cue,
                safe(&r.reason.to_string())
            )?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match handle_signals().and_then(|()| run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // a reader that stopped early (`| head`) is not a failure, wherever the
            // write was (standard output, or `-o /dev/stdout`)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // The chain of causes, each once: library errors already name their cause.
            let mut message = e.to_string();
            for cause in e.chain().skip(1) {
                let cause = cause.to_string();
                if !message.ends_with(&cause) {
                    message = format!("{message}: {cause}");
                }
            }
            eprintln!("error: {}", terminal_safe(&message));
            ExitCode::from(1)
        }
    }
}

// ---- query, render, export -------------------------------------------------------

#[derive(Clone, Copy, clap::ValueEnum)]
enum RendererArg {
    /// Graphviz's dot when installed, else the built-in layout.
    Auto,
    /// Graphviz's dot only (fails without it).
    Graphviz,
    /// The built-in pure-Rust layout only.
    Builtin,
}

impl From<RendererArg> for Renderer {
    fn from(r: RendererArg) -> Self {
        match r {
            RendererArg::Auto => Renderer::Auto,
            RendererArg::Graphviz => Renderer::Graphviz,
            RendererArg::Builtin => Renderer::Builtin,
        }
    }
}

/// Why the built-in layout drew a diagram when the user left the choice to us.
fn fallback_note(asked: RendererArg, by: RenderedBy) -> &'static str {
    match (asked, by) {
        (RendererArg::Auto, RenderedBy::Builtin) => {
            ": Graphviz's `dot` was not found (Debian: apt-get install graphviz)"
        }
        _ => "",
    }
}

fn parse_date(s: &str) -> Result<String, String> {
    stancegraph::document::check_date(s).map(str::to_string)
}

#[derive(Args)]
struct QueryArgs {
    /// A graph.json or graph.sqlite, or articles (.txt, directories, .jsonl, -) to build the graph from. A graph.sqlite given alone is read only around the asked actors.
    #[arg(required = true, value_name = "GRAPH_OR_INPUT")]
    inputs: Vec<PathBuf>,
    /// The actor whose stance is asked (an id, a name, a capital: "CHN", "China", "Beijing").
    #[arg(long, value_name = "A", required_unless_present_any = ["between", "to"])]
    from: Option<String>,
    /// The actor the stance is toward; without it, every target of --from is ranked;
    /// alone, every actor that takes a stance toward B is ranked.
    #[arg(long, value_name = "B", conflicts_with = "between")]
    to: Option<String>,
    /// Both directions between two actors.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "from")]
    between: Option<Vec<String>>,
    /// Only evidence from documents dated on or after DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<String>,
    /// Only evidence from documents dated on or before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<String>,
    /// Only these stance types (comma-separated or repeated; --types is the same).
    #[arg(
        long = "type",
        visible_alias = "types",
        value_name = "TYPE",
        value_delimiter = ',',
        value_parser = parse_type
    )]
    types: Vec<StanceType>,
    /// With --from alone: only targets with a positive net score, highest first.
    #[arg(long, conflicts_with_all = ["to", "between", "adversaries"])]
    allies: bool,
    /// With --from alone: only targets with a negative net score, lowest first.
    #[arg(long, conflicts_with_all = ["to", "between"])]
    adversaries: bool,
    /// With --between A B: actors that mediate toward both.
    #[arg(long, conflicts_with = "from")]
    mediators: bool,
    /// Also print the net score per month.
    #[arg(long)]
    timeline: bool,
    /// Print at most N evidence rows per pair and N actors of a ranking, and say how many
    /// more there are; 0 prints all. --json always holds all.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// Print the answer as one JSON object (docs/FORMAT.md).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    res: Resources,
}

#[derive(Args)]
struct RenderArgs {
    /// A graph.json or graph.sqlite, or articles to build the graph from.
    #[arg(required = true, value_name = "GRAPH_OR_INPUT")]
    inputs: Vec<PathBuf>,
    /// Output file; its extension picks the format (.svg .png .html .graphml .dot .tsv).
    /// Default: graph.svg beside GRAPH, or output/graph.svg when building from articles.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Draw only A's own edges (and, with --depth 2 or more, its neighbours').
    #[arg(long, value_name = "A")]
    focus: Option<String>,
    /// With --focus: rings of edges around A. 1: A's edges only; 2: also the edges among
    /// and out of A's neighbours; and so on.
    #[arg(long, value_name = "N", default_value_t = 1)]
    depth: usize,
    /// Leave out edges with fewer pieces of evidence.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_count: usize,
    /// Draw only these stance types (comma-separated or repeated; --type is the same).
    #[arg(
        long,
        visible_alias = "type",
        value_name = "TYPE",
        value_delimiter = ',',
        value_parser = parse_type
    )]
    types: Vec<StanceType>,
    /// Draw negated edges too (dashed, grey). In .html they are in the page either way.
    #[arg(long)]
    include_negated: bool,
    /// Who draws .svg: Graphviz if installed, else the built-in layout (auto).
    #[arg(long, value_enum, default_value = "auto")]
    renderer: RendererArg,
    /// Draw .svg or .png only with at most N edges (0: no limit); more is refused with
    /// advice on drawing a part: the layout of thousands of edges takes many minutes.
    #[arg(long, value_name = "N", default_value_t = BUILD_DIAGRAM_MAX_EDGES)]
    max_edges: usize,
    /// Stop Graphviz's `dot` after this many seconds (0: never).
    #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = parse_timeout)]
    dot_timeout: Duration,
    #[command(flatten)]
    res: Resources,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    /// GraphML (Gephi, yEd, Cytoscape, NetworkX): one file.
    Graphml,
    /// Neo4j bulk import: a directory with nodes.csv and relationships.csv.
    Neo4j,
    /// One row per evidence, tab-separated: one file.
    Tsv,
}

#[derive(Args)]
struct ExportArgs {
    /// A graph.json or graph.sqlite, or articles to build the graph from.
    #[arg(required = true, value_name = "GRAPH_OR_INPUT")]
    inputs: Vec<PathBuf>,
    /// What to write.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Output file, or - for standard output (a directory for neo4j).
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    #[command(flatten)]
    res: Resources,
}

/// Seconds, whole or not; 0 is no timeout.
fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| "a number of seconds (0: no timeout)".to_string())?;
    if !secs.is_finite() || secs < 0.0 {
        return Err("a number of seconds, 0 or more (0: no timeout)".into());
    }
    Ok(if secs == 0.0 {
        Duration::MAX
    } else {
        Duration::from_secs_f64(secs.min(1e9))
    })
}

fn parse_id_prefix(s: &str) -> Result<String, String> {
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("a prefix is a non-empty word without spaces".into());
    }
    Ok(s.to_string())
}

fn parse_type(s: &str) -> Result<StanceType, String> {
    s.trim().to_lowercase().parse::<StanceType>().map_err(|e| {
        let all: Vec<&str> = StanceType::ALL.iter().map(|t| t.as_str()).collect();
        format!("{e}; one of: {}", all.join(", "))
    })
}

/// Reads graph files (recognised by content) and builds the other inputs as articles;
/// several are merged. Returns the graph, the gazetteer and whether an input was skipped.
fn load_graph_or_inputs(
    inputs: &[PathBuf],
    res: &Resources,
) -> Result<(GraphJson, stancegraph::Gazetteer, bool)> {
    let ex = load_extractor(res)?;
    let mut graphs = Vec::new();
    let mut articles = Vec::new();
    for p in inputs {
        if p.is_file() {
            if is_store(p) {
                graphs.push(Store::open(p)?.graph()?);
                continue;
            }
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            if let Some(what) = query::not_articles(p, &bytes[..bytes.len().min(4096)]) {
                return Err(stancegraph::Error::NotArticles {
                    path: p.clone(),
                    what,
                }
                .into());
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                if query::looks_like_graph(text) {
                    graphs.push(GraphJson::parse(&p.display().to_string(), text)?);
                    continue;
                }
            }
        }
        articles.push(p.clone());
    }
    let mut skipped = false;
    let pipeline = Pipeline::new(ex);
    if !articles.is_empty() {
        let (docs, bad) = read_docs(&articles);
        skipped = bad;
        if docs.is_empty() && graphs.is_empty() {
            bail!("no documents could be read from the inputs");
        }
        graphs.push(pipeline.build(docs).to_json());
    }
    let json = if graphs.len() == 1 {
        graphs.remove(0)
    } else {
        let mut merged = StanceGraph::new();
        for g in &graphs {
            merged.merge_json(g);
        }
        merged.to_json()
    };
    Ok((json, pipeline.extractor.gazetteer, skipped))
}

/// Is `path` a SQLite database (a `graph.sqlite` store, or another)? Told by its first
/// bytes, whatever its name.
fn is_store(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|f| f.take(16).read_exact(&mut head))
        .is_ok()
        && sqlite::is_sqlite(&head)
}

/// The graph a query over one `graph.sqlite` needs: the edges touching the actors it
/// names (as [`query::resolve_actor`] resolves them), read through the store's indexes.
fn store_graph_for(
    path: &Path,
    gazetteer: &stancegraph::Gazetteer,
    q: &query::Query,
) -> Result<GraphJson> {
    let store = Store::open(path)?;
    let actors = GraphJson {
        format: "stancegraph".into(),
        version: stancegraph::graph::FORMAT_VERSION,
        documents: Vec::new(),
        nodes: store.actors()?,
        edges: Vec::new(),
    };
    let names: Vec<&String> = match q {
        query::Query::Dyad { from, to } => vec![from, to],
        query::Query::Between { a, b } | query::Query::Mediators { a, b } => vec![a, b],
        query::Query::From { from }
        | query::Query::Allies { from }
        | query::Query::Adversaries { from } => vec![from],
        query::Query::Toward { to } => vec![to],
    };
    // a name that resolves to nothing is reported by `query::run`, as for graph JSON
    let ids: Vec<String> = names
        .into_iter()
        .filter_map(|n| query::resolve_actor(&actors, Some(gazetteer), n).ok())
        .map(|a| a.id)
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    Ok(store.around(&ids)?)
}

fn run_query(out: &mut impl Write, args: QueryArgs) -> Result<bool> {
    let q = match (&args.from, &args.to, &args.between) {
        (_, _, Some(ab)) if ab.len() == 2 => {
            let (a, b) = (ab[0].clone(), ab[1].clone());
            if args.mediators {
                query::Query::Mediators { a, b }
            } else {
                query::Query::Between { a, b }
            }
        }
        (Some(from), Some(to), _) => query::Query::Dyad {
            from: from.clone(),
            to: to.clone(),
        },
        (Some(from), None, _) if args.allies => query::Query::Allies { from: from.clone() },
        (Some(from), None, _) if args.adversaries => {
            query::Query::Adversaries { from: from.clone() }
        }
        (Some(from), None, _) => query::Query::From { from: from.clone() },
        (None, Some(to), _) => query::Query::Toward { to: to.clone() },
        _ => bail!("give --from A (with or without --to B) or --between A B"),
    };
    let filter = query::Filter {
        since: args.since,
        until: args.until,
        types: args.types,
    };
    let (g, gazetteer, skipped) = match args.inputs.as_slice() {
        [one] if one.is_file() && is_store(one) => {
            let gazetteer = load_extractor(&args.res)?.gazetteer;
            (store_graph_for(one, &gazetteer, &q)?, gazetteer, false)
        }
        _ => load_graph_or_inputs(&args.inputs, &args.res)?,
    };
    let report = query::run(&g, Some(&gazetteer), &q, &filter)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        let limit = (args.limit > 0).then_some(args.limit);
        write!(
            out,
            "{}",
            query::format_text_limited(&report, args.timeline, limit)
        )?;
    }
    Ok(skipped)
}

fn run_render(args: RenderArgs) -> Result<bool> {
    let (g, gazetteer, skipped) = load_graph_or_inputs(&args.inputs, &args.res)?;
    let output = match args.output {
        Some(o) => o,
        None => match args.inputs.as_slice() {
            [one] if one.is_file() && one.extension().is_some_and(|e| e == "json") => {
                one.with_extension("svg")
            }
            _ => PathBuf::from("output/graph.svg"),
        },
    };
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let focus = match &args.focus {
        Some(f) => {
            let actor = query::resolve_actor(&g, Some(&gazetteer), f)?;
            if !g.nodes.iter().any(|n| n.id == actor.id) {
                eprintln!(
                    "note: {} ({}) is not in the graph",
                    terminal_safe(&actor.name),
                    terminal_safe(&actor.id)
                );
            }
            Some(actor.id)
        }
        None => None,
    };
    let selection = Selection {
        focus,
        depth: args.depth,
        min_count: args.min_count,
        types: args.types,
        // The HTML view has its own switch for negated edges.
        include_negated: args.include_negated || ext == "html",
    };
    let sub = select(&g, &selection);
    let renderer: Renderer = args.renderer.into();
    if matches!(ext.as_str(), "svg" | "png") {
        if let Some(why) = too_large_to_render(&sub, args.include_negated, args.max_edges) {
            bail!("{why}");
        }
    }
    let bytes: Vec<u8> = match ext.as_str() {
        "svg" => {
            let (svg, by) = render_svg(&sub, args.include_negated, renderer, args.dot_timeout)?;
            eprintln!("drawn by {}{}", by.describe(), fallback_note(args.renderer, by));
            svg
        }
        "png" => {
            if renderer == Renderer::Builtin {
                bail!("PNG needs Graphviz; the built-in layout only writes SVG");
            }
            render_png(&sub, args.include_negated, args.dot_timeout)?
        }
        "html" | "htm" => html::to_html(
            &sub,
            html::HtmlOptions {
                show_negated: args.include_negated,
            },
        )
        .into_bytes(),
        "graphml" => graphml::to_graphml(&sub).into_bytes(),
        "dot" | "gv" => to_dot(
            &sub,
            DotOptions {
                include_negated: args.include_negated,
            },
        )
        .into_bytes(),
        "tsv" => tsv::to_tsv(&sub).into_bytes(),
        other => bail!(
            "cannot tell the format from {:?} (extension {other:?}); use .svg, .png, .html, .graphml, .dot or .tsv",
            output.display().to_string()
        ),
    };
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    sweep_stale(parent_dir(&output));
    write_atomic(&output, &bytes)?;
    eprintln!(
        "{}, {} -> {}",
        counted(sub.nodes.len(), "actor"),
        counted(sub.edges.len(), "edge"),
        terminal_safe(&output.display().to_string())
    );
    Ok(skipped)
}

/// `syntax-eval`: the built-in tagger on each treebank, one row per file.
fn run_syntax_eval(out: &mut impl Write, ewt: &Path, pud: &Path) -> Result<()> {
    let rows = stancegraph::syntax::evaluate::evaluate_default(&[("EWT test", ewt), ("PUD", pud)])
        .context("cannot evaluate the tagger (give the UD files with --ewt PATH and --pud PATH)")?;
    writeln!(
        out,
        "test set\tUPOS (UD tokens)\tUPOS (stancegraph tokens)\ttokens\tsentences\tfile"
    )?;
    for r in rows {
        writeln!(
            out,
            "{}\t{:.2}\t{:.2}\t{}\t{}\t{}",
            r.name,
            r.ud.percent(),
            r.retokenized.percent(),
            r.ud.tokens,
            r.sentences,
            r.path.display()
        )?;
    }
    Ok(())
}

fn run_export(args: ExportArgs) -> Result<bool> {
    let to_stdout = is_stdout(&args.output);
    if to_stdout && matches!(args.format, ExportFormat::Neo4j) {
        bail!("neo4j writes a directory of two files: give -o DIR, not -");
    }
    let (g, _, skipped) = load_graph_or_inputs(&args.inputs, &args.res)?;
    if !to_stdout {
        if let Some(dir) = args.output.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        match args.format {
            ExportFormat::Neo4j => sweep_stale(&args.output),
            _ => sweep_stale(parent_dir(&args.output)),
        }
    }
    match args.format {
        ExportFormat::Graphml => write_output(&args.output, graphml::to_graphml(&g).as_bytes())?,
        ExportFormat::Tsv => write_output(&args.output, tsv::to_tsv(&g).as_bytes())?,
        ExportFormat::Neo4j => neo4j::to_neo4j(&g).write(&args.output)?,
    }
    let what = match args.format {
        ExportFormat::Neo4j => "/{nodes.csv,relationships.csv}",
        _ => "",
    };
    eprintln!(
        "{}, {} -> {}{what}",
        counted(g.nodes.len(), "actor"),
        counted(g.edges.len(), "edge"),
        shown_output(&args.output)
    );
    Ok(skipped)
}

/// `-` as an output: standard output.
fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes `bytes` to `path` in place of what was there, or to standard output for `-`.
fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|()| out.flush())
            .context("cannot write to standard output")?;
        return Ok(());
    }
    Ok(write_atomic(path, bytes)?)
}

/// An output as the closing message names it.
fn shown_output(path: &Path) -> String {
    if is_stdout(path) {
        "standard output".to_string()
    } else {
        terminal_safe(&path.display().to_string()).into_owned()
    }
}

/// "1 document", "2 documents".
fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
