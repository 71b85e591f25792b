//! `graph.json` written by hand: byte for byte what `serde_json::to_writer_pretty` gives
//! for a [`GraphJson`], plus the final newline, without going through serde.
//!
//! This module owns the fast path of graph JSON output. serde_json's pretty printer
//! spends most of its time in generic machinery per field; the layout of graph JSON is
//! fixed, so here it is spelled out: two-space indentation, `"key": value`, `[]` for an
//! empty list, `null` for a missing value, fields in the order of the structs in
//! `graph.rs` (`between` only when present). Strings are escaped as serde_json escapes
//! them ([`push_str`]): `"` and `\` with a backslash, `\b \t \n \f \r` by name, every other
//! character below U+0020 as `\u00XX` with lower-case hex, and everything else (U+007F,
//! U+2028, non-ASCII) as is. Floats are formatted by serde_json itself, so they cannot
//! differ. The documents and each edge's evidence are asked for while writing, so a
//! graph whose evidence lives on disk ([`BuiltGraph`](crate::store::BuiltGraph)) is
//! written without holding it. The tests compare the output with serde_json's.

use std::io::{self, Write};

use super::{EvidenceOf, FloatTexts};
use crate::bytes;
use crate::graph::{DocumentRef, EdgeJson, EvidenceRef, GraphJson, Node};

/// Calls back with each document, in order.
pub type DocumentsOf<'a> =
    dyn FnMut(&mut dyn FnMut(DocumentRef<'_>) -> io::Result<()>) -> io::Result<()> + 'a;

/// Output is built in a buffer and handed to the writer in pieces of about this size
/// (large enough for a buffered writer of 1 MiB to pass them on without copying).
const CHUNK: usize = 1 << 20;

/// How serde_json escapes each byte: 0 for none, `u` for `\u00XX`, else the letter after
/// the backslash.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `s` as a JSON string, quoted and escaped exactly as serde_json does it.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if i + 8 <= b.len() {
            let w = bytes::at(b, i);
            if !(bytes::has_below(w, 0x20) || bytes::has(w, b'"') || bytes::has(w, b'\\')) {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        let esc = ESCAPE[c as usize];
        if esc != 0 {
            out.extend_from_slice(&b[start..i]);
            if esc == b'u' {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(c >> 4) as usize]);
                out.push(HEX[(c & 0xf) as usize]);
            } else {
                out.push(b'\\');
                out.push(esc);
            }
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// Appends an unsigned integer in decimal.
pub fn push_uint(out: &mut Vec<u8>, v: u64) {
    let (digits, start) = super::decimal(v);
    out.extend_from_slice(&digits[start..]);
}

/// A float as serde_json writes it (`null` when not finite).
fn f64_text(v: f64) -> io::Result<String> {
    serde_json::to_string(&v).map_err(io::Error::from)
}

/// A string, or `null`.
fn push_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

const SPACES: &[u8] = b"                        ";

/// The indentation of a level (two spaces each), as a literal for [`key!`].
macro_rules! indent {
    (1) => {
        "  "
    };
    (3) => {
        "      "
    };
    (5) => {
        "          "
    };
}

/// What starts the field `key` of an object whose fields are at indentation `level`, as
/// one constant: `\n` before the first field (`first`), `,\n` before the others, then the
/// indentation and `"key": `. The keys are the field names of graph JSON, which need no
/// escaping.
macro_rules! key {
    (first, $level:tt, $key:literal) => {
        concat!("\n", indent!($level), "\"", $key, "\": ").as_bytes()
    };
    ($level:tt, $key:literal) => {
        concat!(",\n", indent!($level), "\"", $key, "\": ").as_bytes()
    };
}

/// The buffer being filled, and where it goes.
struct Out<'w> {
    buf: Vec<u8>,
    w: &'w mut dyn Write,
    /// Floats already formatted.
    floats: FloatTexts,
}

impl Out<'_> {
    /// Appends a constant piece, such as a [`key!`].
    fn put(&mut self, piece: &[u8]) {
        self.buf.extend_from_slice(piece);
    }

    /// Starts an element of a list whose elements are at indentation `level`.
    fn element(&mut self, level: usize, first: &mut bool) {
        self.buf
            .extend_from_slice(if *first { b"\n" } else { b",\n" });
        *first = false;
        self.indent(level);
    }

    /// Ends a list or an object at indentation `level` (of its opening line), `empty`
    /// if nothing was written in it.
    fn close(&mut self, level: usize, empty: bool, bracket: u8) {
        if !empty {
            self.buf.push(b'\n');
            self.indent(level);
        }
        self.buf.push(bracket);
    }

    fn indent(&mut self, level: usize) {
        let n = 2 * level;
        if n <= SPACES.len() {
            self.buf.extend_from_slice(&SPACES[..n]);
        } else {
            self.buf.resize(self.buf.len() + n, b' ');
        }
    }

    /// Appends a float as [`f64_text`] writes it, formatting each distinct value once.
    fn float(&mut self, v: f64) -> io::Result<()> {
        let text = self.floats.get(v, f64_text)?;
        self.buf.extend_from_slice(text.as_bytes());
        Ok(())
    }

    /// Hands the buffer to the writer once it is large.
    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// Writes `g` as pretty graph JSON with a final newline, taking the documents from
/// `documents` and each edge's evidence from `evidence` (the `documents` and `evidence`
/// lists of `g` itself are not read).
pub fn write_graph(
    g: &GraphJson,
    documents: &mut DocumentsOf<'_>,
    evidence: &mut EvidenceOf<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut o = Out {
        buf: Vec::with_capacity(CHUNK + (CHUNK >> 3)),
        w,
        floats: FloatTexts::default(),
    };
    o.buf.push(b'{');
    o.put(key!(first, 1, "format"));
    push_str(&mut o.buf, &g.format);
    o.put(key!(1, "version"));
    push_uint(&mut o.buf, u64::from(g.version));

    o.put(key!(1, "documents"));
    o.buf.push(b'[');
    let mut first = true;
    documents(&mut |d| {
        o.element(2, &mut first);
        document(&mut o, d);
        o.spill()
    })?;
    o.close(1, first, b']');

    o.put(key!(1, "nodes"));
    o.buf.push(b'[');
    let mut first = true;
    for n in &g.nodes {
        o.element(2, &mut first);
        node(&mut o, n);
    }
    o.close(1, first, b']');

    o.put(key!(1, "edges"));
    o.buf.push(b'[');
    let mut first = true;
    for (i, e) in g.edges.iter().enumerate() {
        o.element(2, &mut first);
        edge_head(&mut o, e)?;
        o.put(key!(3, "evidence"));
        o.buf.push(b'[');
        let mut first = true;
        evidence(i, &mut |ev| {
            o.element(4, &mut first);
            piece(&mut o, ev)?;
            o.spill()
        })?;
        o.close(3, first, b']');
        o.close(2, false, b'}');
        o.spill()?;
    }
    o.close(1, first, b']');
    o.close(0, false, b'}');
    o.buf.push(b'\n');
    o.w.write_all(&o.buf)
}

/// A document, as an element of the top-level `documents` list.
fn document(o: &mut Out<'_>, d: DocumentRef<'_>) {
    o.buf.push(b'{');
    o.put(key!(first, 3, "id"));
    push_str(&mut o.buf, d.id);
    o.put(key!(3, "title"));
    push_opt(&mut o.buf, d.title);
    o.put(key!(3, "date"));
    push_opt(&mut o.buf, d.date);
    o.put(key!(3, "source"));
    push_opt(&mut o.buf, d.source);
    o.put(key!(3, "url"));
    push_opt(&mut o.buf, d.url);
    o.close(2, false, b'}');
}

fn node(o: &mut Out<'_>, n: &Node) {
    o.buf.push(b'{');
    o.put(key!(first, 3, "id"));
    push_str(&mut o.buf, &n.id);
    o.put(key!(3, "name"));
    push_str(&mut o.buf, &n.name);
    o.put(key!(3, "kind"));
    push_str(&mut o.buf, n.kind.as_str());
    o.put(key!(3, "mentions"));
    push_uint(&mut o.buf, n.mentions as u64);
    o.close(2, false, b'}');
}

/// An edge's opening and its fields up to, not including, `evidence`.
fn edge_head(o: &mut Out<'_>, e: &EdgeJson) -> io::Result<()> {
    o.buf.push(b'{');
    o.put(key!(first, 3, "source"));
    push_str(&mut o.buf, &e.source);
    o.put(key!(3, "target"));
    push_str(&mut o.buf, &e.target);
    o.put(key!(3, "type"));
    push_str(&mut o.buf, e.stance.as_str());
    o.put(key!(3, "polarity"));
    push_str(&mut o.buf, e.polarity.as_str());
    o.put(key!(3, "count"));
    push_uint(&mut o.buf, e.count as u64);
    o.put(key!(3, "weight"));
    o.float(e.weight)?;
    o.put(key!(3, "cameo"));
    push_str(&mut o.buf, &e.cameo);
    o.put(key!(3, "plover"));
    push_str(&mut o.buf, &e.plover);
    Ok(())
}

/// A piece of evidence, as an element of an edge's `evidence` list.
fn piece(o: &mut Out<'_>, ev: EvidenceRef<'_>) -> io::Result<()> {
    o.buf.push(b'{');
    o.put(key!(first, 5, "doc"));
    push_str(&mut o.buf, ev.doc);
    o.put(key!(5, "sentence"));
    push_uint(&mut o.buf, ev.sentence as u64);
    o.put(key!(5, "start"));
    push_uint(&mut o.buf, ev.start as u64);
    o.put(key!(5, "end"));
    push_uint(&mut o.buf, ev.end as u64);
    o.put(key!(5, "text"));
    push_str(&mut o.buf, ev.text);
    o.put(key!(5, "cue"));
    push_str(&mut o.buf, ev.cue);
    o.put(key!(5, "said_by"));
    push_opt(&mut o.buf, ev.said_by);
    o.put(key!(5, "confidence"));
    o.float(ev.confidence)?;
    if let Some(b) = ev.between {
        o.put(key!(5, "between"));
        push_str(&mut o.buf, b);
    }
    o.close(4, false, b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::ActorKind;
    use crate::graph::{DocumentMeta, Evidence};
    use crate::stance::{Polarity, StanceType};

    /// Strings that exercise every escaping rule.
    const TRICKY: [&str; 16] = [
        "",
        "plain text",
        "\"quoted\"",
        "back\\slash \\\" both",
        "tab\there, newline\nthere, return\r, feed\u{c}, bell\u{7}, backspace\u{8}",
        "\u{0}\u{1}\u{1f} and \u{7f} (DEL is not escaped)",
        "line separator \u{2028} and paragraph \u{2029}",
        "non-ASCII: Zürich, Κύπρος, 北京, 🇺🇦",
        "\u{feff}BOM and \u{fffd} replacement",
        "</script> & <b>",
        "'single' quotes",
        "\\u0041 is not unescaped",
        "ends with a backslash \\",
        "\u{1b}[31m escape sequence",
        "\u{80}\u{9f} C1 controls pass",
        "mixed \"\\\n\t\u{0}é\u{2028}",
    ];

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        for s in TRICKY {
            let mut ours = Vec::new();
            push_str(&mut ours, s);
            let theirs = serde_json::to_string(s).expect("serde_json");
            assert_eq!(String::from_utf8_lossy(&ours), theirs, "{s:?}");
        }
        for c in (0u32..0x800).filter_map(char::from_u32) {
            let s = c.to_string();
            let mut ours = Vec::new();
            push_str(&mut ours, &s);
            assert_eq!(
                String::from_utf8_lossy(&ours),
                serde_json::to_string(&s).expect("serde_json"),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn escapes_are_found_at_every_position() {
        for special in [
            "\"", "\\", "\n", "\u{0}", "\u{1f}", "\u{7f}", "é", "\u{2028}",
        ] {
            for len in 0..24 {
                for at in 0..=len {
                    let s = format!("{}{special}{}", "x".repeat(at), "y".repeat(len - at));
                    let mut ours = Vec::new();
                    push_str(&mut ours, &s);
                    let theirs = serde_json::to_string(&s).expect("serde_json");
                    assert_eq!(String::from_utf8_lossy(&ours), theirs, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_does() {
        for v in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            12345,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut ours = Vec::new();
            push_uint(&mut ours, v);
            assert_eq!(String::from_utf8_lossy(&ours), v.to_string());
        }
        // each value twice (the second time from the cache), and more distinct values
        // than the cache keeps
        let mut sink = Vec::new();
        let mut o = Out {
            buf: Vec::new(),
            w: &mut sink,
            floats: FloatTexts::default(),
        };
        let many = (0..40).map(|i| f64::from(i) / 8.0);
        let special = [0.0, -2.5, 6.0, 0.8, 1e21, 1e-7, f64::NAN, f64::INFINITY];
        for v in special.into_iter().chain(many).flat_map(|v| [v, v]) {
            o.buf.clear();
            o.float(v).expect("float");
            assert_eq!(
                String::from_utf8_lossy(&o.buf),
                serde_json::to_string(&v).expect("serde_json")
            );
        }
    }

    fn piece_of(i: usize, text: &str, between: Option<&str>) -> Evidence {
        Evidence {
            doc: TRICKY[i % TRICKY.len()].to_string(),
            sentence: i,
            start: i * 100,
            end: i * 100 + text.len(),
            text: text.to_string(),
            cue: TRICKY[(i + 3) % TRICKY.len()].to_string(),
            said_by: (i % 2 == 0).then(|| TRICKY[(i + 5) % TRICKY.len()].to_string()),
            confidence: [0.8, 1.0, 0.55, -0.0][i % 4],
            between: between.map(str::to_string),
        }
    }

    /// A graph with tricky strings everywhere, empty lists and missing values.
    fn graph(documents: usize, edges: usize) -> GraphJson {
        GraphJson {
            format: "stancegraph".into(),
            version: 1,
            documents: (0..documents)
                .map(|i| DocumentMeta {
                    id: TRICKY[i % TRICKY.len()].to_string(),
                    title: (i % 3 != 0).then(|| TRICKY[(i + 1) % TRICKY.len()].to_string()),
                    date: (i % 2 == 0).then(|| "2023-04-26".to_string()),
                    source: None,
                    url: Some(TRICKY[(i + 7) % TRICKY.len()].to_string()),
                })
                .collect(),
            nodes: (0..edges.min(3))
                .map(|i| Node {
                    id: TRICKY[i + 2].to_string(),
                    name: TRICKY[i + 4].to_string(),
                    kind: [ActorKind::Country, ActorKind::Bloc, ActorKind::Group][i],
                    mentions: i * 7,
                })
                .collect(),
            edges: (0..edges)
                .map(|i| {
                    let stance = StanceType::ALL[i % StanceType::ALL.len()];
                    let evidence: Vec<Evidence> = (0..i % 4)
                        .map(|j| {
                            piece_of(i + j, TRICKY[(i * 3 + j) % TRICKY.len()], {
                                (j == 1).then_some(TRICKY[(i + j) % TRICKY.len()])
                            })
                        })
                        .collect();
                    EdgeJson {
                        source: TRICKY[i % TRICKY.len()].to_string(),
                        target: TRICKY[(i + 9) % TRICKY.len()].to_string(),
                        stance,
                        polarity: if i % 2 == 0 {
                            Polarity::Asserted
                        } else {
                            Polarity::Negated
                        },
                        count: evidence.len(),
                        weight: stance.weight(),
                        cameo: stance.cameo().to_string(),
                        plover: stance.plover().to_string(),
                        evidence,
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn graphs_are_written_as_serde_json_pretty_prints_them() {
        for (documents, edges) in [(0, 0), (1, 0), (0, 1), (1, 1), (5, 2), (20, 40)] {
            let g = graph(documents, edges);
            let mut ours = Vec::new();
            g.write_pretty(&mut ours).expect("write");
            let theirs = g.to_string_pretty();
            assert_eq!(
                String::from_utf8_lossy(&ours),
                theirs,
                "{documents} documents, {edges} edges"
            );
        }
    }
}
