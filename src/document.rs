//! Documents and where they come from: `.txt` files, directories, JSON Lines, stdin.
//!
//! This stage owns the one text every later stage points into: a [`Document`] keeps the
//! article text exactly as read (decoded as UTF-8, lossily if need be), and all spans
//! downstream are byte offsets into [`Document::text`]. Reading is per record: a bad
//! JSONL line or an unreadable file becomes an [`Error`] in the stream naming the file
//! and line, and the good documents around it are still delivered.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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

/// Is `s` a calendar-shaped `YYYY-MM-DD` date?
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

/// Parses one JSON Lines record. `fallback_id` names records without an `id`.
pub fn parse_record(line: &str, fallback_id: &str) -> std::result::Result<Document, String> {
    let rec: Record = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let text = rec.text.ok_or("the record has no \"text\" field")?;
    let id = match rec.id {
        None | Some(serde_json::Value::Null) => fallback_id.to_string(),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => return Err(format!("\"id\" must be a string or number, not {other}")),
    };
    let date = match rec.date {
        Some(d) if d.trim().is_empty() => None,
        Some(d) if is_iso_date(&d) => Some(d),
        Some(d) if d.len() > 10 && is_iso_date(&d[..10]) => Some(d[..10].to_string()),
        Some(d) => return Err(format!("\"date\" must be YYYY-MM-DD, not {d:?}")),
        None => None,
    };
    Ok(Document {
        id,
        title: rec.title,
        date,
        source: rec.source,
        url: rec.url,
        text,
    })
}

/// Builds a document from a plain-text article: the first non-empty line is the title,
/// and the whole file (title included) is the text.
pub fn from_plain_text(id: &str, text: String) -> Document {
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string);
    Document {
        id: id.to_string(),
        title,
        date: None,
        source: None,
        url: None,
        text,
    }
}

/// Decodes bytes as UTF-8, replacing invalid sequences, and strips a BOM. Returns the text
/// and the byte offset of the first invalid sequence, if any.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    }
}

/// A problem with one input that did not stop the others: what the user is told.
#[derive(Debug)]
pub enum InputItem {
    /// A document ready for the pipeline.
    Doc(Document),
    /// Something was read with a loss (e.g. invalid UTF-8 replaced); the document is kept.
    Warning(String),
    /// A record or file that could not be read; nothing from it is kept.
    Bad(Error),
}

/// Reads every input (files, directories, `-` for stdin) in order, calling `sink` for
/// each document, warning and error. Directories are walked recursively in name order;
/// in them only `.txt`, `.jsonl` and `.json` files are read.
pub fn read_inputs(inputs: &[PathBuf], sink: &mut dyn FnMut(InputItem)) {
    for input in inputs {
        if input.as_os_str() == "-" {
            let stdin = std::io::stdin();
            read_jsonl_or_text(Path::new("-"), stdin.lock(), sink);
        } else if input.is_dir() {
            let walker = walkdir::WalkDir::new(input).sort_by_file_name();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let p = e.path();
                        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
                        if matches!(ext, "txt" | "jsonl" | "json") {
                            read_file(p, sink);
                        }
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let path = err.path().unwrap_or(input).to_path_buf();
                        let source = err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("directory loop"));
                        sink(InputItem::Bad(Error::Io { path, source }));
                    }
                }
            }
        } else {
            read_file(input, sink);
        }
    }
}

fn file_id(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .to_string()
}

fn read_file(path: &Path, sink: &mut dyn FnMut(InputItem)) {
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
    if matches!(ext, "jsonl" | "json") {
        match std::fs::File::open(path) {
            Ok(f) => read_jsonl(path, std::io::BufReader::new(f), sink),
            Err(source) => sink(InputItem::Bad(Error::Io {
                path: path.to_path_buf(),
                source,
            })),
        }
        return;
    }
    match std::fs::read(path) {
        Ok(bytes) => {
            let (text, bad_at) = decode(bytes);
            if let Some(at) = bad_at {
                sink(InputItem::Warning(format!(
                    "{}: invalid UTF-8 at byte {at}, replaced with U+FFFD",
                    path.display()
                )));
            }
            sink(InputItem::Doc(from_plain_text(&file_id(path), text)));
        }
        Err(source) => sink(InputItem::Bad(Error::Io {
            path: path.to_path_buf(),
            source,
        })),
    }
}

/// Standard input: JSON Lines when the first non-blank byte is `{`, else one text article.
fn read_jsonl_or_text(path: &Path, mut reader: impl BufRead, sink: &mut dyn FnMut(InputItem)) {
    let mut all = Vec::new();
    if let Err(source) = reader.read_to_end(&mut all) {
        sink(InputItem::Bad(Error::Io {
            path: path.to_path_buf(),
            source,
        }));
        return;
    }
    let first = all.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') {
        read_jsonl(path, std::io::Cursor::new(all), sink);
    } else {
        let (text, bad_at) = decode(all);
        if let Some(at) = bad_at {
            sink(InputItem::Warning(format!(
                "<stdin>: invalid UTF-8 at byte {at}, replaced with U+FFFD"
            )));
        }
        sink(InputItem::Doc(from_plain_text("stdin", text)));
    }
}

/// JSON Lines, parsed line by line so one bad line costs only itself.
fn read_jsonl(path: &Path, mut reader: impl BufRead, sink: &mut dyn FnMut(InputItem)) {
    let stem = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        file_id(path)
    };
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(source) => {
                sink(InputItem::Bad(Error::Io {
                    path: path.to_path_buf(),
                    source,
                }));
                break;
            }
        }
        line_no += 1;
        let (line, bad_at) = decode(std::mem::take(&mut buf));
        if line.trim().is_empty() {
            continue;
        }
        if let Some(at) = bad_at {
            sink(InputItem::Warning(format!(
                "{}:{line_no}: invalid UTF-8 at byte {at} of the line, replaced with U+FFFD",
                path.display()
            )));
        }
        match parse_record(line.trim(), &format!("{stem}-{line_no}")) {
            Ok(doc) => sink(InputItem::Doc(doc)),
            Err(message) => sink(InputItem::Bad(Error::BadRecord {
                path: path.to_path_buf(),
                line: line_no,
                message,
            })),
        }
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

/// Validates the shape of a date for use as a filter (`--since`), with a clear error.
pub fn check_date(s: &str) -> Result<&str, String> {
    if is_iso_date(s) {
        Ok(s)
    } else {
        Err(format!("{s:?} is not a date of the form YYYY-MM-DD"))
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
            (r#"{"id":"a","text":5}"#, Err("invalid JSON")),
            (r#"{"id":"a","text":"x"#, Err("invalid JSON")),
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
    fn decode_reports_first_bad_byte() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFabc".to_vec()),
            ("abc".to_string(), None)
        );
        let (s, at) = decode(b"ab\xFFc".to_vec());
        assert_eq!((s.as_str(), at), ("ab\u{FFFD}c", Some(2)));
    }
}
