//! Exporters: the graph written out for people and other tools.
//!
//! Each exporter is a pure function from a [`GraphJson`](crate::graph::GraphJson) to
//! text, so output is deterministic and testable with golden files: DOT ([`dot`]),
//! GraphML ([`graphml`]), Neo4j bulk-import CSV ([`neo4j`]), one TSV row per evidence
//! ([`tsv`]) and a self-contained HTML view ([`html`]). [`render`] turns a graph into a
//! picture (Graphviz, or a pure-Rust fallback). Writing files (atomically) and running
//! Graphviz are the only side effects, kept in [`write_atomic`], [`dot::render_svg`] and
//! [`render`].

pub mod dot;
pub mod graphml;
pub mod html;
pub mod neo4j;
pub mod render;
pub mod tsv;

use std::path::Path;

use crate::error::{Error, Result};

/// Writes `contents` to `path` via a temporary file in the same directory, flushed to
/// disk, and a rename, so a failed or interrupted run never leaves a truncated file
/// behind (the temporary file is removed on failure).
///
/// A symbolic link is followed: the file it points to is replaced. An existing path that
/// is not a regular file cannot be replaced atomically and must not be replaced by one: a
/// device or a pipe (`/dev/stdout`, `/dev/null`) is written in place, and a directory is
/// an error. Every failure, a full disk included, is an [`Error::Write`] naming `path`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// [`write_atomic`], with the contents written by `write` into a buffered writer, so a
/// large output (a `graph.json` of gigabytes) never needs to be one string in memory.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    use std::io::Write;
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let fill = |f: std::fs::File| -> std::io::Result<std::fs::File> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        write(&mut w)?;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory",
            )))
        }
        Ok(m) if !m.is_file() => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(err)?;
            return fill(f).map(drop).map_err(err);
        }
        _ => {}
    }
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(err)?,
        _ => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(fill)
        .and_then(|f| f.sync_all());
    written
        .and_then(|()| std::fs::rename(&tmp, &target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            err(e)
        })
}

/// The files `build` writes with [`write_build_files`], in order.
pub const BUILD_FILES: [&str; 4] = ["graph.json", "graph.dot", "graph.graphml", "events.tsv"];

/// Writes [`BUILD_FILES`] into `dir`, each atomically; the large ones are streamed, never
/// held whole in memory. With `parallel`, `graph.json` (the largest) is written on a
/// thread of its own while the others are written on this one.
pub fn write_build_files(
    dir: &Path,
    g: &crate::graph::GraphJson,
    include_negated: bool,
    parallel: bool,
) -> Result<()> {
    write_four(
        dir,
        &dot::to_dot(g, dot::DotOptions { include_negated }),
        [
            &|w| g.write_pretty(w),
            &|w| graphml::write_graphml(g, w),
            &|w| tsv::write_tsv(g, w),
        ],
        parallel,
    )
}

/// [`write_build_files`] for a graph built by [`SpillingGraph`](crate::store::SpillingGraph):
/// the same files, byte for byte, with the evidence read edge by edge from where it was
/// kept.
pub fn write_built_files(
    dir: &Path,
    g: &crate::store::BuiltGraph,
    include_negated: bool,
    parallel: bool,
) -> Result<()> {
    write_four(
        dir,
        &dot::to_dot(g.skeleton(), dot::DotOptions { include_negated }),
        [&|w| g.write_json(w), &|w| g.write_graphml(w), &|w| {
            g.write_tsv(w)
        }],
        parallel,
    )
}

/// Writes one of the streamed files.
type Writer<'a> = &'a (dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync);

/// Writes [`BUILD_FILES`]: `dot`, and graph.json, graph.graphml and events.tsv with
/// `streamed`, graph.json on a thread of its own with `parallel`.
fn write_four(dir: &Path, dot: &str, streamed: [Writer<'_>; 3], parallel: bool) -> Result<()> {
    let [json, graphml, tsv] = streamed;
    let json = || write_atomic_with(&dir.join(BUILD_FILES[0]), json);
    let rest = || -> Result<()> {
        write_atomic(&dir.join(BUILD_FILES[1]), dot.as_bytes())?;
        write_atomic_with(&dir.join(BUILD_FILES[2]), graphml)?;
        write_atomic_with(&dir.join(BUILD_FILES[3]), tsv)
    };
    if !parallel {
        json()?;
        return rest();
    }
    std::thread::scope(|s| {
        let handle = s.spawn(json);
        let rest = rest();
        match handle.join() {
            Ok(json) => json.and(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Escapes text for XML and HTML, in element content and in quoted attribute values:
/// `&`, `<`, `>`, `"` and `'` become entities, a carriage return becomes `&#13;` (so it
/// survives XML line-end normalisation), and every other control character that XML 1.0
/// forbids becomes U+FFFD. Tabs and newlines are kept.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// [`escape_xml`] for an XML attribute value: tabs and newlines also become character
/// references, since XML turns literal ones in attributes into spaces.
pub fn escape_xml_attr(s: &str) -> String {
    escape_xml(s).replace('\t', "&#9;").replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("a<b & \"c\" 'd'>\r\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;&#13;\n\u{fffd}"
        );
        assert_eq!(escape_xml_attr("a\tb\nc"), "a&#9;b&#10;c");
    }
}
