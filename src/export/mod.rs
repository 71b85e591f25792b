//! Exporters: the graph written out for people and other tools.
//!
//! Each exporter is a pure function from a [`GraphJson`](crate::graph::GraphJson) to
//! text, so output is deterministic and testable with golden files: graph JSON written
//! by hand, byte for byte serde_json's pretty form but faster ([`json`]), DOT ([`dot`]),
//! GraphML ([`graphml`]), Neo4j bulk-import CSV ([`neo4j`]), one TSV row per evidence
//! ([`tsv`]) and a self-contained HTML view ([`html`]). [`render`] turns a graph into a
//! picture (Graphviz, or a pure-Rust fallback). Writing files (atomically) and running
//! Graphviz are the only side effects, kept in [`write_atomic`], [`dot::render_svg`] and
//! [`render`].

pub mod dot;
pub mod graphml;
pub mod html;
pub mod json;
pub mod neo4j;
pub mod render;
pub mod sqlite;
pub mod tsv;

use std::path::{Path, PathBuf};

use crate::bytes;
use crate::error::{Error, Result};

/// Writes `contents` to `path` via a temporary file in the same directory, flushed to
/// disk, and a rename, so a failed or interrupted run never leaves a truncated file
/// behind (the temporary file is removed on failure). See [`stage`] for how the
/// temporary file is made and what is replaced.
///
/// Every failure, a full disk included, is an [`Error::Write`] naming `path`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// [`write_atomic`], with the contents written by `write` into a buffered writer, so a
/// large output (a `graph.json` of gigabytes) never needs to be one string in memory.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    stage(path, write)?.commit()
}

/// An output written to its temporary file, not yet in place: [`Staged::commit`] (or
/// [`commit_all`]) renames it over its destination; dropping it removes the temporary
/// file.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    /// The temporary file, or `None` for an output written in place (a device).
    tmp: Option<(tempfile::TempPath, crate::cleanup::Registered)>,
}

impl Staged {
    /// The destination.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the temporary file over the destination: the destination itself is
    /// replaced, a symbolic link included (never the file it points to).
    pub fn commit(self) -> Result<()> {
        let Some((tmp, registered)) = self.tmp else {
            return Ok(());
        };
        let done = tmp.persist(&self.path).map_err(|e| Error::Write {
            path: self.path.clone(),
            source: e.error,
        });
        drop(registered);
        done
    }
}

/// Renames every staged output into place, in order: called only once all of them were
/// written, so a run that fails while writing replaces none of its outputs.
pub fn commit_all(staged: Vec<Staged>) -> Result<()> {
    staged.into_iter().try_for_each(Staged::commit)
}

/// Is `path` one the system provides to write into (`/dev/stdout`, `/dev/null`,
/// `/dev/fd/3`, `/proc/self/fd/1`) rather than a file to replace?
fn is_system_path(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc")
}

/// Writes an output to a new temporary file beside `path`, to be renamed over it by
/// [`Staged::commit`].
///
/// The temporary file is created exclusively (`O_EXCL`: never through an existing file
/// or link) with an unpredictable name, `.NAME.stancegraph-tmp-HOST-PID-RANDOM`, and is
/// registered for removal on a signal ([`crate::cleanup`]). It gets the permission bits
/// of the regular file it replaces, or, for a new file, those of a file created as usual
/// (0666 less the umask). A symbolic link at `path` is replaced by the new file, never
/// followed, except under `/dev` and `/proc` (`/dev/stdout`); a device or a pipe there,
/// or anywhere, is written in place (and not replaced), and a directory is an error.
pub fn stage(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<Staged> {
    use std::io::Write;
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let fill = |f: &std::fs::File| -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        write(&mut w)?;
        w.flush()
    };
    let link = std::fs::symlink_metadata(path).ok();
    let is_link = link.as_ref().is_some_and(|m| m.file_type().is_symlink());
    if let Ok(m) = std::fs::metadata(path) {
        if m.is_dir() && (!is_link || is_system_path(path)) {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory",
            )));
        }
        let in_place = if is_link {
            is_system_path(path)
        } else {
            !m.is_file()
        };
        if in_place {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .truncate(m.is_file())
                .open(path)
                .map_err(err)?;
            fill(&f).map_err(err)?;
            return Ok(Staged {
                path: path.to_path_buf(),
                tmp: None,
            });
        }
    }
    let (file, tmp, registered, mode) = create_tmp(path, link.as_ref()).map_err(err)?;
    let written = (|| {
        #[cfg(unix)]
        if let Some(mode) = mode {
            // not narrowed by the umask, as the mode given at creation is
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        fill(&file)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(Staged {
            path: path.to_path_buf(),
            tmp: Some((tmp, registered)),
        }),
        // dropping `tmp` removes the file
        Err(e) => Err(err(e)),
    }
}

/// Creates the temporary file of [`stage`] beside `path` (whose metadata, not followed,
/// is `link`): exclusively, registered for removal on a signal, with the permission bits
/// of the regular file it will replace. Returns the file, its path, its registration and
/// those bits.
#[allow(clippy::type_complexity)]
fn create_tmp(
    path: &Path,
    link: Option<&std::fs::Metadata>,
) -> std::io::Result<(
    std::fs::File,
    tempfile::TempPath,
    crate::cleanup::Registered,
    Option<u32>,
)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    // the mode of the regular file replaced, if it is one
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        link.filter(|m| m.is_file())
            .map(|m| m.permissions().mode() & 0o7777)
    };
    let prefix = format!(
        ".{name}{}{}-",
        crate::cleanup::TMP_INFIX,
        crate::cleanup::marker()
    );
    let (file, registered) = crate::cleanup::create_registered(false, || {
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix).suffix("").rand_bytes(12);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o666)));
        }
        b.tempfile_in(dir).map(|f| {
            let p = f.path().to_path_buf();
            (f, p)
        })
    })?;
    let (file, tmp) = file.into_parts();
    #[cfg(not(unix))]
    let mode = None;
    Ok((file, tmp, registered, mode))
}

/// Writes an output that `fill` makes at a path (the SQLite store) to a new temporary
/// file beside `path`, made as [`stage`] makes it, to be renamed over `path` by
/// [`Staged::commit`]. `fill` is given the temporary file's path, of an empty file; the
/// file is flushed to disk once `fill` returns. A directory or a device at `path` is an
/// error.
pub fn stage_at(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<Staged> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let link = std::fs::symlink_metadata(path).ok();
    if let Some(m) = &link {
        if !m.is_file() && !m.file_type().is_symlink() {
            return Err(err(std::io::Error::other(
                "it is not a regular file (a directory or a device)",
            )));
        }
    }
    let (file, tmp, registered, mode) = create_tmp(path, link.as_ref()).map_err(err)?;
    drop(file);
    fill(&tmp)?;
    let synced = (|| {
        let f = std::fs::OpenOptions::new().write(true).open(&tmp)?;
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        f.sync_all()
    })();
    // on failure, dropping `tmp` removes the file
    synced.map_err(err)?;
    Ok(Staged {
        path: path.to_path_buf(),
        tmp: Some((tmp, registered)),
    })
}

/// The files `build` writes with [`write_build_files`], in order.
pub const BUILD_FILES: [&str; 4] = ["graph.json", "graph.dot", "graph.graphml", "events.tsv"];

/// The SQLite store `build` writes beside [`BUILD_FILES`] ([`sqlite`]), staged with
/// [`stage_at`].
pub const STORE_FILE: &str = "graph.sqlite";

/// Writes [`BUILD_FILES`] into `dir`, each atomically; the large ones are streamed, never
/// held whole in memory. With `parallel`, they are written on two threads.
pub fn write_build_files(
    dir: &Path,
    g: &crate::graph::GraphJson,
    include_negated: bool,
    parallel: bool,
) -> Result<()> {
    commit_all(stage_four(
        dir,
        [
            &|w| g.write_pretty(w),
            &|w| w.write_all(dot::to_dot(g, dot::DotOptions { include_negated }).as_bytes()),
            &|w| graphml::write_graphml(g, w),
            &|w| tsv::write_tsv(g, w),
        ],
        parallel,
    )?)
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
    commit_all(stage_built_files(dir, g, include_negated, parallel)?)
}

/// [`write_built_files`] without the renames: the four files written to their temporary
/// files, for [`commit_all`] with the other outputs of the run.
pub fn stage_built_files(
    dir: &Path,
    g: &crate::store::BuiltGraph,
    include_negated: bool,
    parallel: bool,
) -> Result<Vec<Staged>> {
    let dot = dot::DotOptions { include_negated };
    stage_four(
        dir,
        [
            &|w| g.write_json(w),
            &|w| w.write_all(dot::to_dot(g.skeleton(), dot).as_bytes()),
            &|w| g.write_graphml(w),
            &|w| g.write_tsv(w),
        ],
        parallel,
    )
}

/// Calls back with each piece of evidence of edge `i` (an index into a graph's `edges`),
/// in order. Edges are asked for in order, each once.
pub type EvidenceOf<'a> = dyn FnMut(
        usize,
        &mut dyn FnMut(crate::graph::EvidenceRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()>
    + 'a;

/// Writes one of the files.
type Writer<'a> = &'a (dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync);

/// Stages [`BUILD_FILES`] with `writers` (in the same order), in that order. With
/// `parallel`, on two threads: `graph.json` then `graph.graphml` on one, `graph.dot` then
/// `events.tsv` on the other, which splits the work about evenly (`graph.json` is the
/// largest file, `events.tsv` needs a sort).
fn stage_four(dir: &Path, writers: [Writer<'_>; 4], parallel: bool) -> Result<Vec<Staged>> {
    let write = |i: usize| stage(&dir.join(BUILD_FILES[i]), writers[i]);
    if !parallel {
        return (0..writers.len()).map(write).collect();
    }
    std::thread::scope(|s| {
        let handle = s.spawn(|| Ok::<_, Error>((write(0)?, write(2)?)));
        let rest = write(1).and_then(|dot| Ok((dot, write(3)?)));
        match handle.join() {
            Ok(first) => {
                let ((json, graphml), (dot, tsv)) = (first?, rest?);
                Ok(vec![json, dot, graphml, tsv])
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Characters that must not reach a terminal as they are: control characters (C0, DEL
/// and C1, ESC among them: cursor moves, colours, OSC 52 clipboard writes), the line and
/// paragraph separators, and the bidirectional formatting characters that reorder text.
fn is_terminal_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Text made safe for a terminal, for messages (file names, ids, values): each character
/// `is_terminal_unsafe` says must not be printed is written as its escape, `\u{1b}`,
/// so the message shows what the input holds and cannot act on the terminal.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_terminal_unsafe) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_terminal_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Article text made safe for a terminal, on one line: each character
/// `is_terminal_unsafe` says must not be printed (newlines and tabs included) becomes a
/// space.
pub fn terminal_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_terminal_unsafe) {
        return s.into();
    }
    s.chars()
        .map(|c| if is_terminal_unsafe(c) { ' ' } else { c })
        .collect::<String>()
        .into()
}

/// Does a spreadsheet read a cell that starts like `s` as a formula? Cells starting with
/// `=`, `+`, `-` or `@` are, unless they are a plain number (`-2.5`, `+3`, `-1e5`).
pub(crate) fn is_formula_like(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@') {
        return false;
    }
    let numeric = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && s.parse::<f64>().is_ok();
    !numeric
}

/// Escapes text for XML and HTML, in element content and in quoted attribute values:
/// `&`, `<`, `>`, `"` and `'` become entities, a carriage return becomes `&#13;` (so it
/// survives XML line-end normalisation), and every other control character that XML 1.0
/// forbids becomes U+FFFD. Tabs and newlines are kept.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml(&mut out, s, XmlIn::Text);
    out
}

/// [`escape_xml`] for an XML attribute value: tabs and newlines also become character
/// references, since XML turns literal ones in attributes into spaces.
pub fn escape_xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml(&mut out, s, XmlIn::Attr);
    out
}

/// The decimal digits of `v`, as `{}` formats it: `digits[start..]` of `(digits, start)`.
pub(crate) fn decimal(mut v: u64) -> ([u8; 20], usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    (digits, i)
}

/// Appends an unsigned integer in decimal, as `{}` formats it.
pub(crate) fn push_decimal(out: &mut String, v: usize) {
    let (digits, start) = decimal(v as u64);
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

/// Floats already formatted, by their bits, in one format: a graph has few distinct
/// weights and confidences, and formatting a float is slow. Each writer keeps one per
/// format it writes (`{:?}` for TSV and GraphML, serde_json's for graph JSON).
#[derive(Debug, Default)]
pub(crate) struct FloatTexts {
    known: Vec<(u64, String)>,
    /// The text of the last value not kept in `known`.
    spare: String,
}

impl FloatTexts {
    /// Remembers at most this many values.
    const MAX: usize = 16;

    /// The text of `v`: `format`ted the first time `v` is asked for.
    pub(crate) fn get<E>(
        &mut self,
        v: f64,
        format: impl FnOnce(f64) -> Result<String, E>,
    ) -> Result<&str, E> {
        let bits = v.to_bits();
        if let Some(i) = self.known.iter().position(|(b, _)| *b == bits) {
            return Ok(&self.known[i].1);
        }
        let text = format(v)?;
        if self.known.len() < Self::MAX {
            self.known.push((bits, text));
            return Ok(self.known.last().map_or("", |(_, t)| t.as_str()));
        }
        self.spare = text;
        Ok(&self.spare)
    }

    /// Appends `v` as `{:?}` formats it ("6.0", "-2.5": the decimal point is kept).
    pub(crate) fn push_debug(&mut self, out: &mut String, v: f64) {
        match self.get(v, |v| Ok::<_, std::convert::Infallible>(format!("{v:?}"))) {
            Ok(text) => out.push_str(text),
            Err(never) => match never {},
        }
    }
}

/// Where [`push_xml`] puts the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlIn {
    /// Element content: [`escape_xml`].
    Text,
    /// A quoted attribute value: [`escape_xml_attr`].
    Attr,
    /// Element content on one line: [`escape_xml`] of the text with each line feed and
    /// carriage return replaced by a space.
    Line,
}

/// Bytes [`push_xml`] must look at: the ASCII ones it may replace, and the first byte of
/// U+FFFE and U+FFFF.
const XML_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xef] = true;
    t
};

/// Appends `s` escaped for `place` (see [`XmlIn`]), without allocating.
pub fn push_xml(out: &mut String, s: &str, place: XmlIn) {
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if i + 8 <= b.len() {
            let w = bytes::at(b, i);
            if !(bytes::has_below(w, 0x20)
                || bytes::has(w, b'&')
                || bytes::has(w, b'<')
                || bytes::has(w, b'>')
                || bytes::has(w, b'"')
                || bytes::has(w, b'\'')
                || bytes::has(w, 0xef))
            {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        if !XML_SPECIAL[c as usize] {
            i += 1;
            continue;
        }
        let replacement = match (c, place) {
            (b'&', _) => "&amp;",
            (b'<', _) => "&lt;",
            (b'>', _) => "&gt;",
            (b'"', _) => "&quot;",
            (b'\'', _) => "&#39;",
            (b'\n' | b'\r', XmlIn::Line) => " ",
            (b'\r', _) => "&#13;",
            (b'\t', XmlIn::Attr) => "&#9;",
            (b'\n', XmlIn::Attr) => "&#10;",
            (b'\t' | b'\n', _) => {
                i += 1;
                continue;
            }
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF
            (0xef, _) => {
                if b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)) {
                    out.push_str(&s[start..i]);
                    out.push('\u{fffd}');
                    i += 3;
                    start = i;
                } else {
                    i += 1;
                }
                continue;
            }
            _ => "\u{fffd}",
        };
        // `i` is at an ASCII byte
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_texts_are_as_debug_formats_them() {
        let mut floats = FloatTexts::default();
        let many = (0..40).map(|i| f64::from(i) * 0.3 - 4.0);
        let special = [6.0, -2.5, 0.1, 1e21, f64::NAN, -0.0];
        // each value twice: the second time from the cache, or past its size
        for v in special.into_iter().chain(many).flat_map(|v| [v, v]) {
            let mut out = String::from("x");
            floats.push_debug(&mut out, v);
            assert_eq!(out, format!("x{v:?}"));
        }
    }

    /// The escaping as first written, one character at a time: the reference.
    fn escape_xml_by_char(s: &str, place: XmlIn) -> String {
        let mut out = String::new();
        let line: String;
        let s = if place == XmlIn::Line {
            line = s
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            &line
        } else {
            s
        };
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\r' => out.push_str("&#13;"),
                '\t' | '\n' => out.push(c),
                c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                    out.push('\u{fffd}')
                }
                c => out.push(c),
            }
        }
        if place == XmlIn::Attr {
            out = out.replace('\t', "&#9;").replace('\n', "&#10;");
        }
        out
    }

    const PLACES: [XmlIn; 3] = [XmlIn::Text, XmlIn::Attr, XmlIn::Line];

    #[test]
    fn xml_escaping_matches_the_reference() {
        let table = [
            "",
            "plain",
            "a<b & \"c\" 'd'>\r\n\u{1}",
            "tab\tnewline\nreturn\r",
            "\u{0}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{80}\u{9f}",
            "\u{fffe}\u{ffff}\u{fffd}\u{fefe}\u{efbf}\u{ffef}",
            "Zürich 北京 🇺🇦 \u{2028}",
            "&amp; already escaped",
            "ends with <",
            "\u{ffff}",
        ];
        for s in table {
            for place in PLACES {
                let mut ours = String::new();
                push_xml(&mut ours, s, place);
                assert_eq!(ours, escape_xml_by_char(s, place), "{s:?} {place:?}");
            }
        }
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            for place in PLACES {
                let mut ours = String::new();
                push_xml(&mut ours, &s, place);
                let want = escape_xml_by_char(&s, place);
                assert_eq!(ours, want, "U+{:04X} {place:?}", c as u32);
            }
        }
        // every special character at every position of strings long enough to be
        // skipped eight bytes at a time
        for special in [
            "&", "<", ">", "\"", "'", "\r", "\t", "\n", "\u{1}", "\u{ffff}", "\u{fffe}", "é",
        ] {
            for len in 0..24 {
                for at in 0..=len {
                    let s = format!("{}{special}{}", "x".repeat(at), "y".repeat(len - at));
                    for place in PLACES {
                        let mut ours = String::new();
                        push_xml(&mut ours, &s, place);
                        assert_eq!(ours, escape_xml_by_char(&s, place), "{s:?} {place:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("a<b & \"c\" 'd'>\r\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;&#13;\n\u{fffd}"
        );
        assert_eq!(escape_xml_attr("a\tb\nc"), "a&#9;b&#10;c");
    }
}
