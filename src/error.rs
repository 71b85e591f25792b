//! Errors of the library: every failure names what it was reading and where.
//!
//! The library never panics on input-derived data and never turns a failure into "no
//! event": it returns one of these. The binary wraps them with `anyhow` for the user.

use std::path::PathBuf;

/// Every error the library can return.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An input that is not text to read: binary data, UTF-16, a device. It is skipped.
    #[error("{path}: {reason}")]
    NotText { path: PathBuf, reason: String },
    /// An input that holds nothing at all (standard input from a command that failed).
    #[error("{path}: it is empty: nothing was read")]
    EmptyInput { path: PathBuf },
    /// One line of a JSON Lines file is not a valid document record.
    #[error("{path}:{line}: {message}")]
    BadRecord {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A resource file (`--actors`, `--lexicon`) is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    BadResource {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A graph file is not a stancegraph graph this version can read.
    #[error("{path}: {message}")]
    BadGraph { path: String, message: String },
    /// Writing an output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Reading or writing a SQLite graph store (`graph.sqlite`) failed.
    #[error("{path}: SQLite: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A diagram could not be drawn (Graphviz missing or failing, or the built-in layout
    /// failing).
    #[error("cannot render the diagram: {0}")]
    Render(String),
    /// The pool of worker threads could not be started.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
    /// A file given where a graph or articles are read is neither: another tool's format
    /// or another output of stancegraph (events.tsv, graph.graphml, neo4j/nodes.csv …).
    #[error(
        "{path}: this is {what}, not a stancegraph graph nor articles; give the graph.json \
         (or graph.sqlite) that build or merge wrote, or articles (.txt, .jsonl, a directory, \
         -)"
    )]
    NotArticles { path: PathBuf, what: &'static str },
    /// A name given on the command line resolves to no actor.
    #[error("no actor is named {} (try `stancegraph actors NAME`)", preview(.0))]
    UnknownActor(String),
}

/// A value quoted in a message: at most 40 characters of it, with `…` when cut.
pub fn preview(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
        None => format!("{s:?}"),
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A TOML file that does not parse, as [`Error::BadResource`] at the line and column
/// the parser points to.
pub fn toml_error(origin: &str, text: &str, e: &toml::de::Error) -> Error {
    let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    Error::BadResource {
        path: origin.to_string(),
        line,
        column,
        message: e.message().to_string(),
    }
}

/// Turns a byte offset into a 1-based (line, column) pair, for error messages.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[col_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
