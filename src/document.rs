//! Documents and where they come from: `.txt` files, directories, JSON Lines, stdin.
//!
//! This stage owns the one text every later stage points into: a [`Document`] keeps the
//! article text exactly as read (decoded as UTF-8, lossily if need be), and all spans
//! downstream are byte offsets into [`Document::text`]. Reading is per record: a bad
//! JSONL line or an unreadable file becomes an [`Error`] in the stream naming the file
//! and line, and the good documents around it are still delivered.

use std::io::{BufRead, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::bytes;
use crate::error::{Error, Result};
use crate::ids::{First, IdTable};

/// One news article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the JSONL `id`, else the file name without extension.
    pub id: String,
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`; picks office holders.
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The article text; every offset in the pipeline points into it.
    #[serde(skip)]
    pub text: String,
}

impl Document {
    /// A document from bare text, for tests and the library API.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            title: None,
            date: None,
            source: None,
            url: None,
            text: text.into(),
        }
    }

    /// Sets the date (builder style). The date must be `YYYY-MM-DD`.
    pub fn with_date(mut self, date: &str) -> Self {
        self.date = Some(date.to_string());
        self
    }
}

/// Is `s` a `YYYY-MM-DD` date of the calendar (proleptic Gregorian: `2024-02-29` is,
/// `2023-02-29` and `2024-04-31` are not)?
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The fields of a JSON Lines record; any other field is ignored with a warning.
pub const RECORD_FIELDS: &[&str] = &["id", "title", "date", "source", "url", "text"];

/// At most this many characters of a bad value are quoted in an error message.
const PREVIEW_CHARS: usize = 40;

/// `s` cut to a few characters, for error messages about values of any length.
fn preview(s: &str) -> String {
    match s.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
        None => format!("{s:?}"),
    }
}

/// What a JSON value is, for error messages: its kind, and the value itself when short.
fn describe(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {}", preview(&n.to_string()).trim_matches('"')),
        Value::String(s) => format!("the string {}", preview(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Parses one JSON Lines record. `fallback_id` names records without an `id`.
pub fn parse_record(line: &str, fallback_id: &str) -> std::result::Result<Document, String> {
    parse_record_fields(line, fallback_id).map(|(doc, _)| doc)
}

/// Parses one JSON Lines record, and also returns the names of the fields it does not
/// know (they are ignored). A record must be a JSON object with a string `text`; `id` may
/// be a string or a number; `title`, `date`, `source` and `url` must be strings (or null);
/// `date` must start with `YYYY-MM-DD`. Messages never quote more than a few characters of
/// the input.
pub fn parse_record_fields(
    line: &str,
    fallback_id: &str,
) -> std::result::Result<(Document, Vec<String>), String> {
    use serde_json::Value;
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err(format!(
            "a record must be a JSON object, not {}",
            describe(&value)
        ));
    };
    let string = |key: &str| -> std::result::Result<Option<String>, String> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "\"{key}\" must be a string, not {}",
                describe(other)
            )),
        }
    };
    let text = string("text")?.ok_or("the record has no \"text\" field")?;
    let id = match map.get("id") {
        None | Some(Value::Null) => fallback_id.to_string(),
        Some(Value::String(s)) if s.trim().is_empty() => fallback_id.to_string(),
        Some(Value::String(s)) => s.clone(),
        // the number as written: serde_json reads one past 2^64 (or with a fraction or an
        // exponent) as a float, which would round 12345678901234567890123 and make two
        // different ids equal
        Some(Value::Number(n)) => number_literal(line).unwrap_or_else(|| n.to_string()),
        Some(other) => {
            return Err(format!(
                "\"id\" must be a string or a number, not {}",
                describe(other)
            ))
        }
    };
    let date = match string("date")? {
        Some(d) if d.trim().is_empty() => None,
        Some(d) if is_iso_date(&d) => Some(d),
        Some(d) => match d.get(..10) {
            Some(day) if is_iso_date(day) => Some(day.to_string()),
            _ => return Err(format!("\"date\" must be YYYY-MM-DD, not {}", preview(&d))),
        },
        None => None,
    };
    let unknown = map
        .keys()
        .filter(|k| !RECORD_FIELDS.contains(&k.as_str()))
        .cloned()
        .collect();
    let doc = Document {
        id,
        title: string("title")?,
        date,
        source: string("source")?,
        url: string("url")?,
        text,
    };
    Ok((doc, unknown))
}

/// The literal text of a record's numeric `id`, as written in `line`.
fn number_literal(line: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        id: &'a serde_json::value::RawValue,
    }
    let id: Id = serde_json::from_str(line).ok()?;
    Some(id.id.get().trim().to_string())
}

/// A title derived from text is cut to this many characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Builds a document from a plain-text article: the first non-empty line is the title
/// (cut to [`MAX_TITLE_CHARS`] characters, with `…`), and the whole file (title included)
/// is the text. A carriage return alone also ends a line.
pub fn from_plain_text(id: &str, text: String) -> Document {
    let title = text
        .split(['\n', '\r'])
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| match l.char_indices().nth(MAX_TITLE_CHARS) {
            Some((cut, _)) => format!("{}…", l[..cut].trim_end()),
            None => l.to_string(),
        });
    Document {
        id: id.to_string(),
        title,
        date: None,
        source: None,
        url: None,
        text,
    }
}

/// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD, and strips a UTF-8
/// byte-order mark. Returns the text and the byte offset in `bytes` (the mark counted) of
/// the first invalid sequence, if any.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest.to_vec(), 3),
        None => (bytes, 0),
    };
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to() + bom;
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    }
}

/// Is `c` a control character worth a warning? Tab, line feed, vertical tab, form feed
/// and carriage return are ordinary white space in text and are not.
fn is_odd_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// What is unusual in some bytes read as UTF-8 text: invalid sequences and control
/// characters, with the byte offset of the first of each.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ByteStats {
    /// Bytes looked at.
    pub len: usize,
    /// Invalid UTF-8 sequences, and the bytes in them.
    pub invalid: usize,
    pub invalid_bytes: usize,
    /// Offset of the first invalid sequence.
    pub first_invalid: Option<usize>,
    /// NUL bytes.
    pub nul: usize,
    /// Control characters other than tab, LF, VT, FF and CR (NUL and C1 controls included).
    pub control: usize,
    /// The first such control character and its offset.
    pub first_control: Option<(usize, char)>,
}

/// Counts what [`ByteStats`] describes, in one pass.
pub fn byte_stats(bytes: &[u8]) -> ByteStats {
    let mut st = ByteStats {
        len: bytes.len(),
        ..ByteStats::default()
    };
    let mut base = 0;
    for chunk in bytes.utf8_chunks() {
        count_controls(chunk.valid(), base, &mut st);
        base += chunk.valid().len();
        let bad = chunk.invalid().len();
        if bad > 0 {
            st.invalid += 1;
            st.invalid_bytes += bad;
            st.first_invalid.get_or_insert(base);
        }
        base += bad;
    }
    st
}

/// [`byte_stats`] of text already known to be UTF-8 (a JSON string): only the control
/// characters are looked for.
pub fn text_stats(text: &str) -> ByteStats {
    let mut st = ByteStats {
        len: text.len(),
        ..ByteStats::default()
    };
    count_controls(text, 0, &mut st);
    st
}

/// Adds the odd control characters of `text`, which starts at byte `base`, to `st`.
/// Eight bytes are tested at a time for one that may start a control character
/// ([`bytes::has_control_start`]): most words of text have none.
fn count_controls(text: &str, base: usize, st: &mut ByteStats) {
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        while i + 8 <= b.len() && !bytes::has_control_start(bytes::at(b, i)) {
            i += 8;
        }
        if i >= b.len() {
            return;
        }
        let end = (i + 8).min(b.len());
        for j in i..end {
            // `j` is a char boundary: the byte is ASCII or the lead byte 0xC2
            if !bytes::may_start_control(b[j]) {
                continue;
            }
            if let Some(c) = text[j..].chars().next().filter(|&c| is_odd_control(c)) {
                st.control += 1;
                st.nul += usize::from(c == '\0');
                st.first_control.get_or_insert((base + j, c));
            }
        }
        i = end;
    }
}

/// How many leading bytes of an input are looked at to tell text from binary data.
pub const SNIFF_BYTES: usize = 8192;

/// Why the first bytes of an input (up to [`SNIFF_BYTES`]) do not look like text, if they
/// do not: a UTF-16 or UTF-32 byte-order mark, 8 or more NUL bytes, or more than a quarter
/// of the bytes being control characters or invalid UTF-8. Text with a few such bytes is
/// read, with a warning.
pub fn looks_binary(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Some(
            "UTF-16 or UTF-32 text (it starts with a byte-order mark), not UTF-8: convert it first"
                .into(),
        );
    }
    if head.starts_with(b"\x00\x00\xFE\xFF") {
        return Some(
            "UTF-32 text (it starts with a byte-order mark), not UTF-8: convert it first".into(),
        );
    }
    let st = byte_stats(head);
    if st.nul >= 8 {
        return Some(format!(
            "looks like binary data, not text ({} NUL bytes in its first {} bytes)",
            st.nul, st.len
        ));
    }
    let odd = st.control + st.invalid_bytes;
    if odd > 0 && odd * 4 > st.len {
        return Some(format!(
            "looks like binary data, not text ({odd} of its first {} bytes are control characters or invalid UTF-8)",
            st.len
        ));
    }
    None
}

/// Why the head of a `.jsonl`/`.json` file looks like one JSON value over several lines
/// (a JSON array, a pretty-printed `graph.json`) rather than JSON Lines, if it does: its
/// first line is `{` alone or starts with `[`, and no line of the head is a JSON object.
fn jsonl_shape_problem(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if first != "{" && !first.starts_with('[') {
        return None;
    }
    // the last line of a full head may be cut short: only whole lines count
    let whole = if head.len() >= SNIFF_BYTES {
        text.rsplit_once('\n').map_or("", |(w, _)| w)
    } else {
        &text
    };
    let has_record = whole.lines().any(|l| {
        let l = l.trim();
        l.starts_with('{')
            && serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v.is_object())
    });
    if has_record {
        return None;
    }
    Some(if text.contains("\"format\": \"stancegraph\"") {
        format!("{OWN_GRAPH}, not articles (use `merge`, or `eval` with the graph alone)")
    } else if first.starts_with('[') {
        "not JSON Lines: it holds a JSON array; write one article object per line".into()
    } else {
        "not JSON Lines: it holds one JSON value over several lines; write one article object per line".into()
    })
}

/// How [`jsonl_shape_problem`] starts its answer for a graph written by stancegraph.
const OWN_GRAPH: &str = "a stancegraph graph";

/// A problem with one input that did not stop the others: what the user is told.
#[derive(Debug)]
pub enum InputItem {
    /// A document ready for the pipeline.
    Doc(Document),
    /// Something was read with a loss (e.g. invalid UTF-8 replaced) or looks odd; the
    /// document is kept.
    Warning(String),
    /// A record or file that could not be read; nothing from it is kept.
    Bad(Error),
}

/// Reads every input (files, directories, `-` for stdin) in order, calling `sink` for
/// each document, warning and error. Directories are walked recursively in name order;
/// in them only `.txt`, `.jsonl` and `.json` files are read.
pub fn read_inputs(inputs: &[PathBuf], sink: &mut dyn FnMut(InputItem)) {
    read_inputs_with(inputs, &mut |item| {
        sink(item);
        ControlFlow::Continue(())
    });
}

/// [`read_inputs`], stopping as soon as `sink` returns `Break` (e.g. at the first bad
/// record, for `--strict`).
///
/// Every document id is unique in what is delivered: a document whose id was already
/// used (two `x.txt` in different directories, a repeated JSONL `id`) gets `ID#2`,
/// `ID#3`… with a warning, so that no document's evidence is merged into another's.
pub fn read_inputs_with(inputs: &[PathBuf], sink: &mut dyn FnMut(InputItem) -> ControlFlow<()>) {
    read_inputs_counted(inputs, None, IdTable::in_memory(), sink);
}

/// [`read_inputs_with`], also adding to `consumed` the input bytes read so far (file
/// bytes, JSON Lines bytes line by line), for progress and throughput reports. The count
/// is updated before the document read from those bytes is delivered, so another thread
/// may watch it. `ids` is the table of ids delivered, to rename repeated ones: one that
/// spills ([`IdTable::spilling`]) keeps memory flat however many documents are read.
pub fn read_inputs_counted(
    inputs: &[PathBuf],
    consumed: Option<&AtomicU64>,
    ids: IdTable,
    sink: &mut dyn FnMut(InputItem) -> ControlFlow<()>,
) {
    read_inputs_skipping(inputs, consumed, ids, &[], sink);
}

/// [`read_inputs_counted`], passing over the directories `skip` (and all below them)
/// where a directory walk meets them: `build -o DIR` does not read its own outputs when
/// `DIR` lies inside an input directory. Each directory passed over is said once, as a
/// warning. A path of `skip` need not exist yet; it is compared to the walked ones after
/// both are made absolute with symbolic links resolved.
pub fn read_inputs_skipping(
    inputs: &[PathBuf],
    consumed: Option<&AtomicU64>,
    ids: IdTable,
    skip: &[PathBuf],
    sink: &mut dyn FnMut(InputItem) -> ControlFlow<()>,
) {
    let mut r = Reader {
        sink,
        ids,
        stopped: false,
        consumed,
        skip: skip
            .iter()
            .filter_map(|p| resolved(p).map(|abs| (abs, p.clone(), false)))
            .collect(),
    };
    for input in inputs {
        if r.stopped {
            return;
        }
        if input.as_os_str() == "-" {
            let stdin = std::io::stdin();
            read_stdin(stdin.lock(), &mut r);
        } else if input.is_dir() {
            read_dir(input, &mut r);
        } else {
            read_file(input, &mut r);
        }
    }
}

/// The name of standard input in document ids, once set: see [`set_stdin_name`].
static STDIN_NAME: OnceLock<String> = OnceLock::new();

/// Names standard input `name` instead of `stdin` in the ids it gives documents that have
/// none of their own: `NAME-LINE` for a JSON Lines record without an `id`, `NAME` for a
/// text article. Shards of a corpus fed to separate builds on standard input would
/// otherwise all name their records `stdin-1`, `stdin-2`… and, merged, mix the evidence
/// of different documents. With the name of the shard's file (`part-03`), the ids are the
/// ones a build of the file itself gives (`part-03-17`).
///
/// The setting is process-wide and can be made once (it is `build --id-prefix`): it
/// returns false, changing nothing, when a different name was already set.
pub fn set_stdin_name(name: &str) -> bool {
    STDIN_NAME.get_or_init(|| name.to_string()) == name
}

/// The name of standard input in document ids: `stdin` unless [`set_stdin_name`] was called.
fn stdin_name() -> &'static str {
    STDIN_NAME.get().map_or("stdin", String::as_str)
}

/// A stable 64-bit hash of a document id (SipHash with fixed keys).
pub(crate) fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// `file`, or `file:line` for a JSON Lines line (`line` 0 is a whole file).
fn place(file: &str, line: usize) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

/// The state of one [`read_inputs_with`] run.
struct Reader<'s> {
    sink: &'s mut dyn FnMut(InputItem) -> ControlFlow<()>,
    /// Document ids delivered so far, by a 64-bit hash of the id: how many times each was
    /// asked for, and where it was first seen. Two different ids with the same hash (odds
    /// about 1 in 10^8 for a million documents) would be renamed as if equal, with a
    /// warning naming both places.
    ids: IdTable,
    stopped: bool,
    /// Where input bytes read are counted, if anywhere.
    consumed: Option<&'s AtomicU64>,
    /// Directories a walk passes over: (resolved path, path as given, said already).
    skip: Vec<(PathBuf, PathBuf, bool)>,
}

/// `path` made absolute with symbolic links resolved; for a path that does not exist
/// yet, its parent resolved and its name added. `None` when neither can be resolved.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|p| p.join(name))
}

impl Reader<'_> {
    /// Whether the directory `path` (met walking `root`, resolved as `resolved_root`) is
    /// one to pass over; said the first time.
    fn passes_over(&mut self, root: &Path, resolved_root: &Path, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let abs = resolved_root.join(rel);
        let Some(hit) = self.skip.iter_mut().find(|(s, _, _)| *s == abs) else {
            return false;
        };
        if !std::mem::replace(&mut hit.2, true) {
            let given = hit.1.display().to_string();
            self.warn(format!(
                "{}: not read: it is this build's output directory (-o {given})",
                path.display()
            ));
        }
        true
    }

    /// Where the id hashed `hash` was first delivered, if it was; the document being
    /// read is at `file`, `line`. A spilled table that cannot be read back is a warning
    /// and the answer "not used".
    fn lookup(&mut self, hash: u64, file: &str, line: usize) -> Option<First> {
        match self.ids.get(hash) {
            Ok(found) => found,
            Err(e) => {
                self.warn(format!(
                    "{}: cannot tell whether this document's id was used before: {e}",
                    place(file, line)
                ));
                None
            }
        }
    }

    /// Records the id hashed `hash` as asked for `count` times, first at `file`, `line`.
    /// A spill that cannot be written is a warning (the error names the temporary file):
    /// the table keeps its entries in memory from then on.
    fn remember(&mut self, hash: u64, count: u32, file: &str, line: u32) {
        if let Err(e) = self.ids.insert(hash, count, file, line) {
            self.warn(format!(
                "{e}; the table of document ids is kept in memory from now on"
            ));
        }
    }

    fn count(&self, bytes: usize) {
        if let Some(c) = self.consumed {
            c.fetch_add(bytes as u64, Ordering::Relaxed);
        }
    }

    fn emit(&mut self, item: InputItem) {
        if !self.stopped && (self.sink)(item).is_break() {
            self.stopped = true;
        }
    }

    fn warn(&mut self, message: String) {
        self.emit(InputItem::Warning(message));
    }

    fn bad(&mut self, e: Error) {
        self.emit(InputItem::Bad(e));
    }

    /// Delivers a document read from `file` (at JSON Lines `line`, or 0 for a whole
    /// file), renaming it if its id is taken.
    fn doc(&mut self, file: &str, line: usize, mut doc: Document) {
        if doc.text.trim().is_empty() {
            self.warn(format!("{}: the document is empty", place(file, line)));
        }
        let mut hash = id_hash(&doc.id);
        if let Some(first) = self.lookup(hash, file, line) {
            let mut n = first.count;
            let (renamed, renamed_hash) = loop {
                n = n.saturating_add(1);
                let candidate = format!("{}#{n}", doc.id);
                let h = id_hash(&candidate);
                if self.lookup(h, file, line).is_none() {
                    break (candidate, h);
                }
            };
            self.remember(hash, n, &first.file, first.line);
            self.warn(format!(
                "{}: document id {:?} is already used (by {}); this one is renamed {renamed:?}",
                place(file, line),
                doc.id,
                place(&first.file, first.line as usize)
            ));
            doc.id = renamed;
            hash = renamed_hash;
        }
        self.remember(hash, 1, file, u32::try_from(line).unwrap_or(u32::MAX));
        self.emit(InputItem::Doc(doc));
    }
}

/// Is `p` named like an input file (`.txt`, `.jsonl`, `.json`)? Only those are read in directories.
pub(crate) fn has_input_extension(p: &Path) -> bool {
    let ext = p
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("txt" | "jsonl" | "json"))
}

/// Why a directory entry named like an input is not read: what it is.
fn special_file_reason(e: &walkdir::DirEntry) -> String {
    let what = |t: std::fs::FileType| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return "a named pipe (FIFO)";
            }
            if t.is_socket() {
                return "a socket";
            }
            if t.is_char_device() || t.is_block_device() {
                return "a device";
            }
        }
        let _ = t;
        "not a regular file"
    };
    if e.file_type().is_symlink() {
        match e.path().metadata() {
            Err(_) => "a dangling symbolic link (what it points to does not exist); skipped".into(),
            Ok(m) => format!("a symbolic link to {}; skipped", what(m.file_type())),
        }
    } else {
        format!("{}, not a regular file; skipped", what(e.file_type()))
    }
}

/// Whether `p` is a file of gold annotations (JSON Lines whose first record has `doc`
/// and `edges` and no `text`, see docs/GOLD.md) rather than of articles. A directory walk
/// leaves such files out, so the gold of a set of articles can sit beside them
/// (`data/examples/gold.jsonl`).
pub fn looks_like_gold(p: &Path) -> bool {
    let is_json = p
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|x| x == "jsonl" || x == "json");
    if !is_json {
        return false;
    }
    let Ok(file) = std::fs::File::open(p) else {
        return false;
    };
    // the first non-blank line, if it ends within 1 MiB
    let mut reader = std::io::BufReader::new(file.take(1 << 20));
    let mut line = Vec::new();
    while line.iter().all(u8::is_ascii_whitespace) {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
    }
    if memchr::memmem::find(&line, b"\"edges\"").is_none() {
        return false;
    }
    match serde_json::from_slice::<serde_json::Value>(&line) {
        Ok(serde_json::Value::Object(o)) => {
            o.get("doc").is_some_and(|d| d.is_string())
                && o.get("edges").is_some_and(|e| e.is_array())
                && !o.contains_key("text")
        }
        _ => false,
    }
}

fn read_dir(dir: &Path, r: &mut Reader) {
    let mut any = false;
    let resolved_dir = if r.skip.is_empty() {
        None
    } else {
        std::fs::canonicalize(dir).ok()
    };
    let mut walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        if r.stopped {
            return;
        }
        match entry {
            Ok(e) => {
                let p = e.path();
                if let Some(resolved) = &resolved_dir {
                    if e.depth() > 0 && e.file_type().is_dir() && r.passes_over(dir, resolved, p) {
                        walk.skip_current_dir();
                        continue;
                    }
                }
                // a symbolic link to a file counts as that file
                let is_file = e.file_type().is_file()
                    || e.file_type().is_symlink() && p.metadata().is_ok_and(|m| m.is_file());
                if is_file && has_input_extension(p) {
                    any = true;
                    if !looks_like_gold(p) {
                        read_file_in(p, r, true);
                    }
                } else if has_input_extension(p) && !e.file_type().is_dir() {
                    // named like an input but not a file to read: said, not skipped silently
                    let is_link_to_dir = p.metadata().is_ok_and(|m| m.is_dir());
                    if !is_link_to_dir {
                        any = true;
                        r.bad(Error::NotText {
                            path: p.to_path_buf(),
                            reason: special_file_reason(&e),
                        });
                    }
                }
            }
            Err(err) => {
                any = true;
                let path = err.path().unwrap_or(dir).to_path_buf();
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("directory loop"));
                r.bad(Error::Io { path, source });
            }
        }
    }
    if !any {
        r.warn(format!(
            "{}: no .txt, .jsonl or .json file in this directory",
            dir.display()
        ));
    }
}

fn file_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_string())
}

/// Opens an input file, refusing devices and sockets (`/dev/zero` would never end).
fn open_input(path: &Path) -> Result<std::fs::File> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_block_device() || t.is_char_device() || t.is_socket() {
            return Err(Error::NotText {
                path: path.to_path_buf(),
                reason: "not a regular file (a device or a socket)".into(),
            });
        }
    }
    if meta.is_dir() {
        return Err(io(std::io::Error::other("is a directory")));
    }
    std::fs::File::open(path).map_err(io)
}

fn read_file(path: &Path, r: &mut Reader) {
    read_file_in(path, r, false);
}

/// Is `path` the `graph.json` of a build's output directory (with `graph.dot` and
/// `events.tsv` beside it)?
fn is_build_output(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "graph.json")
        && path
            .parent()
            .is_some_and(|d| d.join("graph.dot").is_file() && d.join("events.tsv").is_file())
}

/// [`read_file`]; `in_dir` when the file was found by walking a directory: then the
/// `graph.json` of a build's output directory inside the input (as with `build .`) is
/// the tool's own output, and is passed over silently. Another graph is reported.
fn read_file_in(path: &Path, r: &mut Reader, in_dir: bool) {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match open_input(path) {
        Ok(f) => f,
        Err(e) => return r.bad(e),
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(e) = (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut head) {
        return r.bad(io(e));
    }
    let ext = path
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase());
    let is_jsonl = matches!(ext.as_deref(), Some("jsonl" | "json"));
    let binary = looks_binary(&head);
    // JSON Lines are judged line by line (a block of NULs left by a crash costs only its
    // lines), unless the file is UTF-16 or UTF-32
    let has_bom = head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.starts_with(b"\x00\x00\xFE\xFF");
    if let Some(reason) = binary.clone().filter(|_| !is_jsonl || has_bom) {
        return r.bad(Error::NotText {
            path: path.to_path_buf(),
            reason,
        });
    }
    if is_jsonl {
        let shape = jsonl_shape_problem(&head);
        if in_dir
            && shape.as_deref().is_some_and(|s| s.starts_with(OWN_GRAPH))
            && is_build_output(path)
        {
            return;
        }
        let reader = std::io::BufReader::new(std::io::Cursor::new(head).chain(file));
        read_jsonl(path, reader, shape, binary, r);
        return;
    }
    if let Err(e) = file.read_to_end(&mut head) {
        return r.bad(io(e));
    }
    r.count(head.len());
    let origin = path.display().to_string();
    text_document(&origin, file_id(path), head, r);
}

/// One plain-text article from its bytes, with warnings for what decoding lost or found.
fn text_document(origin: &str, id: String, bytes: Vec<u8>, r: &mut Reader) {
    let st = byte_stats(&bytes);
    if let Some(at) = st.first_invalid {
        let more = match st.invalid {
            1 => String::new(),
            n => format!(" ({n} places in all)"),
        };
        r.warn(format!(
            "{origin}: invalid UTF-8 at byte {at}, replaced with U+FFFD{more}"
        ));
    }
    if let Some((at, c)) = st.first_control {
        r.warn(format!(
            "{origin}: control character U+{:04X} at byte {at} ({} in all), kept as it is",
            u32::from(c),
            st.control
        ));
    }
    let (text, _) = decode(bytes);
    r.doc(origin, 0, from_plain_text(&id, text));
}

/// Standard input: JSON Lines when the first non-blank byte is `{`, else one text article.
///
/// JSON Lines are streamed line by line, so `cat big.jsonl | stancegraph build -` never
/// holds the whole input; a text article is read whole.
fn read_stdin(mut reader: impl BufRead, r: &mut Reader) {
    let path = Path::new("-");
    let io = |source| Error::Io {
        path: PathBuf::from("<stdin>"),
        source,
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(e) = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
    {
        return r.bad(io(e));
    }
    if let Some(reason) = looks_binary(&head) {
        return r.bad(Error::NotText {
            path: PathBuf::from("<stdin>"),
            reason,
        });
    }
    let first_non_blank = |all: &[u8]| {
        let body = all.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(all);
        body.iter().find(|b| !b.is_ascii_whitespace()).copied()
    };
    let mut first = first_non_blank(&head);
    if first.is_none() {
        // blank so far: the answer is further on (or nowhere)
        if let Err(e) = reader.read_to_end(&mut head) {
            return r.bad(io(e));
        }
        first = first_non_blank(&head);
    }
    if first.is_none() {
        r.count(head.len());
        return r.bad(Error::EmptyInput {
            path: PathBuf::from("<stdin>"),
        });
    }
    if first == Some(b'{') {
        let shape = jsonl_shape_problem(&head[..head.len().min(SNIFF_BYTES)]);
        read_jsonl(
            path,
            std::io::Cursor::new(head).chain(reader),
            shape,
            None,
            r,
        );
    } else {
        if let Err(e) = reader.read_to_end(&mut head) {
            return r.bad(io(e));
        }
        r.count(head.len());
        text_document("<stdin>", stdin_name().into(), head, r);
    }
}

/// Lines of binary data reported one by one in a JSON Lines file; the others are counted.
const BINARY_LINES_SHOWN: usize = 10;

/// JSON Lines, parsed line by line so one bad line costs only itself.
///
/// With `whole_value` (the file looks like one JSON value over several lines, see
/// [`jsonl_shape_problem`]), the bad lines are not reported one by one but as one error
/// for the file with that reason; any line that is a good record is still read.
///
/// A line holding NUL bytes is binary data (a block of NULs is what a crash leaves), and
/// is reported as such. With `binary_head` (the file's first bytes look binary), the bad
/// lines are held back until a good record is met: a file without any is one error with
/// that reason, as any binary file is; a file with some loses only its bad lines.
fn read_jsonl(
    path: &Path,
    mut reader: impl BufRead,
    whole_value: Option<String>,
    binary_head: Option<String>,
    r: &mut Reader,
) {
    let (stem, err_path) = if path.as_os_str() == "-" {
        (stdin_name().to_string(), PathBuf::from("<stdin>"))
    } else {
        (file_id(path), path.to_path_buf())
    };
    let shown = err_path.display().to_string();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut records = 0usize;
    let (mut good, mut bad) = (0usize, 0usize);
    let mut unknown_seen: Vec<String> = Vec::new();
    // bad lines held back while the file may be binary as a whole, and those not shown
    let mut held: Vec<Error> = Vec::new();
    let (mut binary_lines, mut binary_unshown) = (0usize, 0usize);
    while !r.stopped {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(source) => {
                r.bad(Error::Io {
                    path: err_path.clone(),
                    source,
                });
                break;
            }
        }
        line_no += 1;
        r.count(buf.len());
        let nul = memchr::memchr_iter(0, &buf).count();
        if nul > 0 {
            records += 1;
            binary_lines += 1;
            if binary_lines > BINARY_LINES_SHOWN {
                binary_unshown += 1;
                continue;
            }
            let e = Error::BadRecord {
                path: err_path.clone(),
                line: line_no,
                message: format!(
                    "binary data, not a record ({nul} NUL bytes in {} bytes); the line is skipped",
                    buf.len()
                ),
            };
            if binary_head.is_some() && good == 0 {
                held.push(e);
            } else {
                r.bad(e);
            }
            continue;
        }
        let (line, bad_at) = decode(std::mem::take(&mut buf));
        if line.trim().is_empty() {
            continue;
        }
        records += 1;
        if let Some(at) = bad_at {
            r.warn(format!(
                "{shown}:{line_no}: invalid UTF-8 at byte {at} of the line, replaced with U+FFFD"
            ));
        }
        match parse_record_fields(line.trim(), &format!("{stem}-{line_no}")) {
            Ok((doc, unknown)) => {
                for field in unknown {
                    if !unknown_seen.contains(&field) {
                        r.warn(format!(
                            "{shown}:{line_no}: unknown field {} ignored (not reported again for this file)",
                            preview(&field)
                        ));
                        unknown_seen.push(field);
                    }
                }
                let st = text_stats(&doc.text);
                if let Some((at, c)) = st.first_control {
                    r.warn(format!(
                        "{shown}:{line_no}: control character U+{:04X} at byte {at} of the text ({} in all), kept as it is",
                        u32::from(c),
                        st.control
                    ));
                }
                good += 1;
                for e in held.drain(..) {
                    r.bad(e);
                }
                r.doc(&shown, line_no, doc);
            }
            Err(_) if whole_value.is_some() => bad += 1,
            Err(message) => {
                let e = Error::BadRecord {
                    path: err_path.clone(),
                    line: line_no,
                    message,
                };
                if binary_head.is_some() && good == 0 {
                    held.push(e);
                } else {
                    r.bad(e);
                }
            }
        }
    }
    if let Some(reason) = binary_head.filter(|_| good == 0) {
        // binary as a whole: one error, as for any binary file
        if !r.stopped {
            r.bad(Error::NotText {
                path: err_path,
                reason,
            });
        }
        return;
    }
    if binary_unshown > 0 {
        r.bad(Error::BadRecord {
            path: err_path.clone(),
            line: line_no,
            message: format!(
                "{binary_unshown} more lines of binary data skipped (not shown one by one; {binary_lines} in all)"
            ),
        });
    }
    if let Some(reason) = whole_value.filter(|_| bad > 0) {
        let read = match good {
            0 => String::new(),
            n => format!(" ({n} lines that are records were read)"),
        };
        r.bad(Error::NotText {
            path: err_path,
            reason: format!("{reason}{read}"),
        });
    } else if records == 0 && !r.stopped {
        r.warn(format!("{shown}: no records in this file"));
    }
}

/// Reads all inputs into memory; errors and warnings are returned beside the documents.
pub fn read_all(inputs: &[PathBuf]) -> (Vec<Document>, Vec<String>, Vec<Error>) {
    let (mut docs, mut warnings, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    read_inputs(inputs, &mut |item| match item {
        InputItem::Doc(d) => docs.push(d),
        InputItem::Warning(w) => warnings.push(w),
        InputItem::Bad(e) => errors.push(e),
    });
    (docs, warnings, errors)
}

/// Validates a date for use as a filter (`--since`, `actors --date`), with a clear error
/// that quotes at most a few characters of it.
pub fn check_date(s: &str) -> Result<&str, String> {
    if is_iso_date(s) {
        Ok(s)
    } else {
        Err(format!(
            "{} is not a date of the calendar of the form YYYY-MM-DD",
            preview(s)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Case<'a> = (&'a str, Result<(&'a str, Option<&'a str>), &'a str>);

    #[test]
    fn records() {
        let cases: &[Case] = &[
            (
                r#"{"id":"a","text":"x","date":"2020-01-02"}"#,
                Ok(("a", Some("2020-01-02"))),
            ),
            (r#"{"text":"x"}"#, Ok(("f-3", None))),
            (
                r#"{"id":7,"text":"x","date":"2020-01-02T10:00:00Z"}"#,
                Ok(("7", Some("2020-01-02"))),
            ),
            (r#"{"id":"a"}"#, Err("no \"text\"")),
            (
                r#"{"id":"a","text":"x","date":"yesterday"}"#,
                Err("YYYY-MM-DD"),
            ),
            (
                r#"{"id":"a","text":5}"#,
                Err("\"text\" must be a string, not the number 5"),
            ),
            (r#"{"id":"a","text":"x"#, Err("invalid JSON")),
            (r#"[1,2]"#, Err("must be a JSON object, not an array")),
            (r#""text""#, Err("must be a JSON object")),
            (
                r#"{"id":true,"text":"x"}"#,
                Err("\"id\" must be a string or a number"),
            ),
            (
                r#"{"text":"x","title":["t"]}"#,
                Err("\"title\" must be a string, not an array"),
            ),
            (
                r#"{"text":"x","date":20200101}"#,
                Err("\"date\" must be a string"),
            ),
            // a multi-byte character across byte 10 must not panic
            (r#"{"text":"x","date":"2020-01-1é0"}"#, Err("YYYY-MM-DD")),
            (r#"{"text":"x","date":"2020-13-01"}"#, Err("YYYY-MM-DD")),
            (
                r#"{"id":"","text":"x","date":null,"url":null}"#,
                Ok(("f-3", None)),
            ),
            (r#"{"text":null}"#, Err("no \"text\"")),
        ];
        for (line, want) in cases {
            let got = parse_record(line, "f-3");
            match (got, want) {
                (Ok(d), Ok((id, date))) => {
                    assert_eq!(d.id, *id, "{line}");
                    assert_eq!(d.date.as_deref(), *date, "{line}");
                }
                (Err(e), Err(frag)) => assert!(e.contains(frag), "{line}: {e}"),
                (got, want) => panic!("{line}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn long_values_are_not_quoted_whole() {
        let line = format!(r#"{{"text":"x","date":"{}"}}"#, "9".repeat(10_000));
        let e = parse_record(&line, "f").unwrap_err();
        assert!(e.len() < 200, "{e}");
    }

    #[test]
    fn unknown_fields_are_returned() {
        let (d, unknown) =
            parse_record_fields(r#"{"text":"x","lang":"en","author":null}"#, "f-1").unwrap();
        assert_eq!(d.text, "x");
        assert_eq!(unknown, ["author", "lang"]);
    }

    #[test]
    fn titles_are_first_lines_cut_short() {
        let d = from_plain_text("a", "\r\n  Title here \r\nBody.".into());
        assert_eq!(d.title.as_deref(), Some("Title here"));
        let d = from_plain_text("a", "Old Mac title\rBody.".into());
        assert_eq!(d.title.as_deref(), Some("Old Mac title"));
        let long = "word ".repeat(1000);
        let d = from_plain_text("a", long.clone());
        let t = d.title.unwrap();
        assert!(
            t.chars().count() <= MAX_TITLE_CHARS + 1 && t.ends_with('…'),
            "{t}"
        );
        assert_eq!(d.text, long);
        assert_eq!(from_plain_text("a", " \n\t".into()).title, None);
    }

    #[test]
    fn binary_or_text() {
        assert_eq!(looks_binary(b""), None);
        assert_eq!(looks_binary("Plain text, café.\r\n".as_bytes()), None);
        assert_eq!(looks_binary(b"one NUL\0 in text"), None);
        assert_eq!(looks_binary(b"Latin-1 caf\xE9 text is still text"), None);
        assert!(looks_binary(&[0u8; 100]).unwrap().contains("NUL"));
        assert!(looks_binary(b"\xFF\xFEH\0i\0").unwrap().contains("UTF-16"));
        assert!(looks_binary(b"\x01\x02\x03\x04abc")
            .unwrap()
            .contains("binary"));
        let st = byte_stats(b"a\0b\xFF\x07c\xC2\x85");
        assert_eq!(st.nul, 1);
        assert_eq!(st.control, 3, "NUL, BEL and the C1 control U+0085");
        assert_eq!(st.first_control, Some((1, '\0')));
        assert_eq!((st.invalid, st.first_invalid), (1, Some(3)));
        // multi-byte characters before a control character: offsets stay byte offsets
        let st = byte_stats("Côte “d’Ivoire”\u{7f}\t\u{1b}".as_bytes());
        assert_eq!(
            (st.control, st.nul),
            (2, 0),
            "DEL and ESC; the tab is not odd"
        );
        assert_eq!(st.first_control, Some((22, '\u{7f}')));
        assert_eq!(byte_stats("naïve “quotes” only".as_bytes()).control, 0);
        // every character below U+3000 and a sample above, between two letters
        let chars = (0..0x3000)
            .chain((0x3000..0x11_0000).step_by(97))
            .filter_map(char::from_u32);
        for c in chars {
            let st = byte_stats(format!("a{c}b").as_bytes());
            // and at every place in and across the eight-byte words
            for pad in 0..17 {
                let text = format!("{}{c}{}", "x".repeat(pad), "y".repeat(16 - pad));
                let want = usize::from(is_odd_control(c));
                assert_eq!(
                    text_stats(&text).control,
                    want,
                    "U+{:04X} after {pad}",
                    u32::from(c)
                );
            }
            assert_eq!(
                st.control,
                usize::from(is_odd_control(c)),
                "U+{:04X}",
                u32::from(c)
            );
            let want = is_odd_control(c).then_some((1, c));
            assert_eq!(st.first_control, want, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn decode_reports_first_bad_byte() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFabc".to_vec()),
            ("abc".to_string(), None)
        );
        let (s, at) = decode(b"ab\xFFc".to_vec());
        assert_eq!((s.as_str(), at), ("ab\u{FFFD}c", Some(2)));
        // offsets count the byte-order mark: they are offsets in the file
        let (s, at) = decode(b"\xEF\xBB\xBFab\xFFc".to_vec());
        assert_eq!((s.as_str(), at), ("ab\u{FFFD}c", Some(5)));
    }
}
