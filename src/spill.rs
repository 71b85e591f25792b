//! External sorting: records that do not fit in memory are sorted in runs, written to
//! temporary files, and merged back in order.
//!
//! This module owns the temporary files of a build and their format. A [`SpillDir`] is
//! created on first use and removed, with everything in it, when it is dropped (after
//! success, an error or a panic alike). Records are written in a compact binary form:
//! each is a 4-byte little-endian length followed by its fields, integers as LEB128
//! varints, strings length-prefixed, floats as their 8 bits ([`Enc`], [`Dec`]). A
//! [`Sorter`] holds records until its owner decides to spill them as a sorted run, and
//! [`Merge`] reads all runs and the records still held back in one sorted stream;
//! [`SpanReader`] reads back given stretches of a file, in any order, and
//! [`RunReader::read_raw`] and [`Dec`]'s `*_ref` methods let a reader look at a record's
//! strings without copying them. It knows nothing about graphs: `store.rs` defines the
//! records and their order. Every I/O failure is an [`Error`] naming the temporary file:
//! [`Error::Write`] when writing, [`Error::Io`] when reading.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// A sorter with this many runs merges them into one before writing more, which bounds
/// the files open at once in a merge.
pub const MAX_RUNS: usize = 64;

/// Buffer size of each run being read or written.
const BUF: usize = 64 << 10;

/// A temporary directory, created in `parent` when the first file is asked for and
/// removed with its contents on drop.
#[derive(Debug)]
pub struct SpillDir {
    parent: PathBuf,
    dir: Mutex<Option<(PathBuf, crate::cleanup::Registered)>>,
    files: AtomicUsize,
}

impl SpillDir {
    /// A directory to be created in `parent` (itself created if needed) on first use.
    pub fn new(parent: impl Into<PathBuf>) -> Self {
        SpillDir {
            parent: parent.into(),
            dir: Mutex::new(None),
            files: AtomicUsize::new(0),
        }
    }

    /// The directory, if it has been created.
    pub fn path(&self) -> Option<PathBuf> {
        self.dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(d, _)| d.clone())
    }

    /// The path of a new file in the directory (`{what}-{n}`), creating the directory if
    /// this is the first one.
    pub fn new_file(&self, what: &str) -> Result<PathBuf> {
        let mut dir = self.dir.lock().unwrap_or_else(|e| e.into_inner());
        let (dir, _) = match &mut *dir {
            Some(d) => d,
            none => none.insert(create_unique(&self.parent)?),
        };
        let n = self.files.fetch_add(1, Ordering::Relaxed);
        Ok(dir.join(format!("{what}-{n}")))
    }
}

impl Drop for SpillDir {
    fn drop(&mut self) {
        let dir = self.dir.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some((d, registered)) = dir.take() {
            let _ = std::fs::remove_dir_all(d);
            drop(registered);
        }
    }
}

/// Creates `parent/.stancegraph-spill-HOST-PID-N` for the first N not taken, registered
/// for removal on a signal ([`crate::cleanup`]).
fn create_unique(parent: &Path) -> Result<(PathBuf, crate::cleanup::Registered)> {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(parent).map_err(|source| Error::Write {
        path: parent.to_path_buf(),
        source,
    })?;
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = parent.join(format!(
            "{}{}-{n}",
            crate::cleanup::SPILL_PREFIX,
            crate::cleanup::marker()
        ));
        let made = crate::cleanup::create_registered(true, || {
            std::fs::create_dir(&p).map(|()| ((), p.clone()))
        });
        match made {
            Ok(((), registered)) => return Ok((p, registered)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::Write { path: p, source }),
        }
    }
}

/// Appends the fields of a record.
pub struct Enc<'a>(pub &'a mut Vec<u8>);

impl Enc<'_> {
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }

    pub fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    /// `None` as 0, `Some(s)` as its length plus one, then `s`.
    pub fn opt(&mut self, s: Option<&str>) {
        match s {
            None => self.u64(0),
            Some(s) => {
                self.usize(s.len() + 1);
                self.0.extend_from_slice(s.as_bytes());
            }
        }
    }
}

/// Reads back the fields [`Enc`] wrote, in the same order.
pub struct Dec<'a>(&'a [u8]);

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "corrupt temporary record")
}

impl<'a> Dec<'a> {
    pub fn u64(&mut self) -> io::Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.0.split_first().ok_or_else(corrupt)?;
            self.0 = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(corrupt())
    }

    pub fn usize(&mut self) -> io::Result<usize> {
        usize::try_from(self.u64()?).map_err(|_| corrupt())
    }

    pub fn f64(&mut self) -> io::Result<f64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(a)))
    }

    fn bytes(&mut self, n: usize) -> io::Result<&'a [u8]> {
        if n > self.0.len() {
            return Err(corrupt());
        }
        let (b, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(b)
    }

    fn text(&mut self, n: usize) -> io::Result<String> {
        self.text_ref(n).map(str::to_string)
    }

    fn text_ref(&mut self, n: usize) -> io::Result<&'a str> {
        std::str::from_utf8(self.bytes(n)?).map_err(|_| corrupt())
    }

    /// Reads the fields of `record` (the bytes of one record, without its length).
    pub fn new(record: &'a [u8]) -> Self {
        Dec(record)
    }

    /// Checks that every byte of the record was read.
    pub fn end(&self) -> io::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(corrupt())
        }
    }

    /// [`string`](Self::string), borrowed from the record.
    pub fn str_ref(&mut self) -> io::Result<&'a str> {
        let n = self.usize()?;
        self.text_ref(n)
    }

    /// [`opt`](Self::opt), borrowed from the record.
    pub fn opt_ref(&mut self) -> io::Result<Option<&'a str>> {
        match self.usize()? {
            0 => Ok(None),
            n => self.text_ref(n - 1).map(Some),
        }
    }

    pub fn string(&mut self) -> io::Result<String> {
        let n = self.usize()?;
        self.text(n)
    }

    pub fn opt(&mut self) -> io::Result<Option<String>> {
        match self.usize()? {
            0 => Ok(None),
            n => self.text(n - 1).map(Some),
        }
    }
}

/// A record that can be spilled: ordered, written and read back in [`Enc`]'s form.
pub trait Record: Ord + Sized {
    fn encode(&self, e: &mut Enc<'_>);
    fn decode(d: &mut Dec<'_>) -> io::Result<Self>;
    /// About how many bytes the record takes in memory, itself included.
    fn mem_size(&self) -> usize;

    /// Sorts records into their order, as `sort_unstable` does (equal records are equal
    /// in every field that is written). A record type may do it faster with
    /// [`sort_grouped`].
    fn sort(records: &mut [Self]) {
        records.sort_unstable();
    }
}

/// A number that orders as `s` does: the first 15 bytes of `s`, padded with zeros, then
/// its length up to 16, big-endian. Strings with different keys compare as their keys
/// do; strings with equal keys are equal, unless both are longer than 15 bytes (their
/// keys end in 16: [`LONG`]) and only their rest can tell.
pub fn key(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(15);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    b[15] = s.len().min(16) as u8;
    u128::from_be_bytes(b)
}

/// The last byte of the [`key`] of a string longer than 15 bytes.
const LONG: u128 = 16;

/// Whether `k` is the [`key`] of a string longer than 15 bytes, which it does not tell
/// from the other strings of its first 15 bytes.
pub fn is_long(k: u128) -> bool {
    k & 0xff == LONG
}

/// Sorts `records` as `sort_unstable` does, in two steps: by `bucket`, a small number
/// (below `buckets`) that agrees with the order, by counting (records are moved once,
/// and never compared across buckets); then each bucket by the order.
pub fn sort_bucketed<T: Ord>(records: &mut [T], buckets: usize, bucket: impl Fn(&T) -> usize) {
    // start[b]..start[b + 1]: where bucket b goes
    let mut start = vec![0; buckets + 1];
    for r in records.iter() {
        start[bucket(r) + 1] += 1;
    }
    for b in 0..buckets {
        start[b + 1] += start[b];
    }
    // order[k]: the index of the record that goes to position k
    let mut next = start.clone();
    let mut order = vec![0; records.len()];
    for (i, r) in records.iter().enumerate() {
        let b = bucket(r);
        order[next[b]] = i;
        next[b] += 1;
    }
    // Each record to its place, following the cycles of `order` (as sort_by_cached_key
    // does): the record first at `order[k]`, if `order[k] < k`, has been swapped away to
    // `order[order[k]]`, and so on.
    for k in 0..order.len() {
        let mut from = order[k];
        while from < k {
            from = order[from];
        }
        order[k] = from;
        records.swap(k, from);
    }
    for b in 0..buckets {
        records[start[b]..start[b + 1]].sort_unstable();
    }
}

/// Sorts `records` as `sort_unstable` does, in two steps: by `group`, a key that is
/// cheap to compare (records are moved once, not at every step), then each run of
/// records of equal `group` by their order. `group` must agree with the order: a
/// record of a smaller group is the smaller record.
pub fn sort_grouped<T: Ord, K: Ord>(records: &mut [T], group: impl Fn(&T) -> K) {
    records.sort_by_cached_key(&group);
    for run in records.chunk_by_mut(|a, b| group(a) == group(b)) {
        run.sort_unstable();
    }
}

/// The memory a string takes beside its handle: its capacity, plus the allocator's
/// overhead when it has one.
pub fn heap_size(s: &str) -> usize {
    if s.is_empty() {
        0
    } else {
        s.len() + 16
    }
}

/// Writes records to a new file.
pub struct RunWriter {
    path: PathBuf,
    w: BufWriter<File>,
    buf: Vec<u8>,
    position: u64,
}

impl RunWriter {
    pub fn create(path: PathBuf) -> Result<Self> {
        match File::create(&path) {
            Ok(f) => Ok(RunWriter {
                w: BufWriter::with_capacity(BUF, f),
                path,
                buf: Vec::new(),
                position: 0,
            }),
            Err(source) => Err(Error::Write { path, source }),
        }
    }

    /// Bytes written so far: where the next record starts.
    pub fn position(&self) -> u64 {
        self.position
    }

    pub fn write<T: Record>(&mut self, r: &T) -> Result<()> {
        self.buf.clear();
        r.encode(&mut Enc(&mut self.buf));
        let written = u32::try_from(self.buf.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "record over 4 GB"))
            .and_then(|len| {
                self.w.write_all(&len.to_le_bytes())?;
                self.w.write_all(&self.buf)
            });
        written.map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        self.position += 4 + self.buf.len() as u64;
        Ok(())
    }

    /// Flushes the file and returns its path.
    pub fn finish(mut self) -> Result<PathBuf> {
        match self.w.flush() {
            Ok(()) => Ok(self.path),
            Err(source) => Err(Error::Write {
                path: self.path,
                source,
            }),
        }
    }
}

/// Reads records from a file [`RunWriter`] wrote.
pub struct RunReader {
    path: PathBuf,
    r: BufReader<File>,
    buf: Vec<u8>,
}

impl RunReader {
    pub fn open(path: &Path) -> Result<Self> {
        let f = File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(RunReader {
            path: path.to_path_buf(),
            r: BufReader::with_capacity(BUF, f),
            buf: Vec::new(),
        })
    }

    fn err(&self, source: io::Error) -> Error {
        Error::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Moves to byte `position` (a [`RunWriter::position`]).
    pub fn seek(&mut self, position: u64) -> Result<()> {
        self.r
            .seek(SeekFrom::Start(position))
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// The next record, or `None` at the end of the file.
    pub fn read<T: Record>(&mut self) -> Result<Option<T>> {
        let read = (|| -> io::Result<Option<T>> {
            if !self.next_raw()? {
                return Ok(None);
            }
            let mut d = Dec(&self.buf);
            let record = T::decode(&mut d)?;
            d.end()?;
            Ok(Some(record))
        })();
        read.map_err(|e| self.err(e))
    }

    /// The bytes of the next record (without its length, to be read with
    /// [`Dec::new`]), or `None` at the end of the file.
    pub fn read_raw(&mut self) -> Result<Option<&[u8]>> {
        match self.next_raw() {
            Ok(true) => Ok(Some(&self.buf)),
            Ok(false) => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Reads the next record's bytes into `buf`; false at the end of the file.
    fn next_raw(&mut self) -> io::Result<bool> {
        if self.r.fill_buf()?.is_empty() {
            return Ok(false);
        }
        let mut len = [0u8; 4];
        self.r.read_exact(&mut len)?;
        self.buf.resize(u32::from_le_bytes(len) as usize, 0);
        self.r.read_exact(&mut self.buf)?;
        Ok(true)
    }
}

/// Reads spans of consecutive records from a file [`RunWriter`] wrote, each from where
/// it starts (a [`RunWriter::position`]) for as many bytes as it takes: one seek, then
/// reads of only those bytes, however the spans are ordered.
pub struct SpanReader {
    path: PathBuf,
    file: Option<File>,
    buf: Vec<u8>,
}

impl SpanReader {
    /// A reader of `path`, opened when first needed.
    pub fn new(path: &Path) -> Self {
        SpanReader {
            path: path.to_path_buf(),
            file: None,
            buf: Vec::new(),
        }
    }

    /// Calls `f` with the bytes of each record (without its length, to be read with
    /// [`Dec::new`]) of the `len` bytes from `start`. Errors of `f` are returned as they
    /// are; errors reading name the file.
    pub fn each(
        &mut self,
        start: u64,
        len: u64,
        f: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let SpanReader { path, file, buf } = self;
        let named = |source: io::Error| {
            let kind = source.kind();
            let e = Error::Io {
                path: path.clone(),
                source,
            };
            io::Error::new(kind, e.to_string())
        };
        if len == 0 {
            return Ok(());
        }
        let file = match file {
            Some(f) => f,
            none => none.insert(File::open(&*path).map_err(named)?),
        };
        file.seek(SeekFrom::Start(start)).map_err(named)?;
        // `buf[at..]` is read and not yet handed out; `left` bytes are still in the file.
        buf.clear();
        let mut at = 0;
        let mut left = len;
        loop {
            let have = buf.len() - at;
            let need = if have >= 4 {
                let n = u32::from_le_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]]);
                let whole = 4 + n as usize;
                if have >= whole {
                    f(&buf[at + 4..at + whole])?;
                    at += whole;
                    continue;
                }
                whole - have
            } else if have == 0 && left == 0 {
                return Ok(());
            } else {
                4 - have
            };
            if left < need as u64 {
                // the span ends inside a record
                return Err(named(corrupt()));
            }
            buf.drain(..at);
            at = 0;
            let chunk = left.min(need.max(BUF) as u64) as usize;
            let old = buf.len();
            buf.resize(old + chunk, 0);
            file.read_exact(&mut buf[old..]).map_err(named)?;
            left -= chunk as u64;
        }
    }
}

/// Collects records, and writes those it holds as a sorted run when asked to.
pub struct Sorter<T> {
    name: &'static str,
    held: Vec<T>,
    bytes: usize,
    runs: Vec<PathBuf>,
    spills: usize,
}

impl<T: Record> Sorter<T> {
    /// An empty sorter; its runs are named `{name}-N`.
    pub fn new(name: &'static str) -> Self {
        Sorter {
            name,
            held: Vec::new(),
            bytes: 0,
            runs: Vec::new(),
            spills: 0,
        }
    }

    pub fn push(&mut self, item: T) {
        self.bytes += item.mem_size();
        self.held.push(item);
    }

    /// The estimated memory of the records held.
    pub fn held_bytes(&self) -> usize {
        self.bytes
    }

    /// Run files now (runs are merged when there are [`MAX_RUNS`]).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// How many times records were spilled.
    pub fn spills(&self) -> usize {
        self.spills
    }

    /// Sorts the records held and writes them as a run into `dir`. With [`MAX_RUNS`]
    /// runs, merges them into one.
    pub fn spill(&mut self, dir: &SpillDir) -> Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        T::sort(&mut self.held);
        let mut w = RunWriter::create(dir.new_file(self.name)?)?;
        for r in self.held.drain(..) {
            w.write(&r)?;
        }
        self.runs.push(w.finish()?);
        self.bytes = 0;
        self.spills += 1;
        if self.runs.len() >= MAX_RUNS {
            let runs = std::mem::take(&mut self.runs);
            let mut merge = Merge::<T>::new(&runs, Vec::new())?;
            let mut w = RunWriter::create(dir.new_file(self.name)?)?;
            while let Some(r) = merge.next()? {
                w.write(&r)?;
            }
            self.runs.push(w.finish()?);
        }
        Ok(())
    }

    /// The records pushed, sorted, if none were spilled; else the sorter.
    pub fn into_held(mut self) -> std::result::Result<Vec<T>, Self> {
        if !self.runs.is_empty() {
            return Err(self);
        }
        T::sort(&mut self.held);
        Ok(self.held)
    }

    /// Everything pushed, in order: the runs and the records still held.
    pub fn into_merge(mut self) -> Result<Merge<T>> {
        T::sort(&mut self.held);
        Merge::new(&self.runs, self.held)
    }
}

/// Where a [`Merge`] takes records from.
enum Source<T> {
    Run(RunReader),
    Held(std::vec::IntoIter<T>),
}

/// The records of sorted runs (and of a sorted vector) in one sorted stream. Equal
/// records come in the order of their sources: the runs in the order given, then the
/// vector. A run file is removed once read to its end.
pub struct Merge<T> {
    sources: Vec<Source<T>>,
    heap: BinaryHeap<Reverse<(T, usize)>>,
}

impl<T: Record> Merge<T> {
    /// Merges the run files `runs` and the sorted records `held`.
    pub fn new(runs: &[PathBuf], held: Vec<T>) -> Result<Self> {
        let mut sources = Vec::with_capacity(runs.len() + 1);
        for r in runs {
            sources.push(Source::Run(RunReader::open(r)?));
        }
        sources.push(Source::Held(held.into_iter()));
        let mut m = Merge {
            heap: BinaryHeap::with_capacity(sources.len()),
            sources,
        };
        for i in 0..m.sources.len() {
            m.pull(i)?;
        }
        Ok(m)
    }

    /// Puts the next record of source `i` on the heap.
    fn pull(&mut self, i: usize) -> Result<()> {
        let next = match &mut self.sources[i] {
            Source::Run(r) => {
                let next = r.read()?;
                if next.is_none() {
                    let _ = std::fs::remove_file(&r.path);
                }
                next
            }
            Source::Held(it) => it.next(),
        };
        if let Some(t) = next {
            self.heap.push(Reverse((t, i)));
        }
        Ok(())
    }

    /// The next record in order, or `None` when all are read.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<T>> {
        match self.heap.pop() {
            Some(Reverse((t, i))) => {
                self.pull(i)?;
                Ok(Some(t))
            }
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct R(u64, Option<String>);

    impl Record for R {
        fn encode(&self, e: &mut Enc<'_>) {
            e.u64(self.0);
            e.opt(self.1.as_deref());
        }
        fn decode(d: &mut Dec<'_>) -> io::Result<Self> {
            Ok(R(d.u64()?, d.opt()?))
        }
        fn mem_size(&self) -> usize {
            32
        }
    }

    #[test]
    fn sorts_in_steps_give_the_plain_order() {
        let records: Vec<(usize, u64, String)> = (0..500u64)
            .map(|i| {
                let v = (i * 7919) % 263;
                ((v % 17) as usize, v % 5, format!("s{}", v % 11))
            })
            .collect();
        let mut want = records.clone();
        want.sort_unstable();
        let mut bucketed = records.clone();
        sort_bucketed(&mut bucketed, 17, |r| r.0);
        assert_eq!(bucketed, want);
        let mut grouped = records.clone();
        sort_grouped(&mut grouped, |r| (r.0, r.1));
        assert_eq!(grouped, want);
        let mut empty: Vec<(usize, u64, String)> = Vec::new();
        sort_bucketed(&mut empty, 0, |r| r.0);
        sort_grouped(&mut empty, |r| r.0);
        assert!(empty.is_empty());
    }

    #[test]
    fn fields_read_back_as_written() {
        let mut buf = Vec::new();
        let mut e = Enc(&mut buf);
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            e.u64(v);
        }
        e.f64(-2.5);
        e.str("Zürich");
        e.opt(None);
        e.opt(Some(""));
        let mut d = Dec(&buf);
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(d.u64().expect("u64"), v);
        }
        assert_eq!(d.f64().expect("f64"), -2.5);
        assert_eq!(d.string().expect("str"), "Zürich");
        assert_eq!(d.opt().expect("none"), None);
        assert_eq!(d.opt().expect("some"), Some(String::new()));
        assert!(Dec(&[0x80]).u64().is_err());
        assert!(Dec(&[5, b'a']).string().is_err());
    }

    #[test]
    fn spans_read_back_in_any_order() {
        let parent =
            std::env::temp_dir().join(format!("stancegraph-span-test-{}", std::process::id()));
        let dir = SpillDir::new(&parent);
        let path = dir.new_file("spans").expect("file");
        let mut w = RunWriter::create(path).expect("create");
        // Spans of records of 0 bytes to more than the buffer, so that records cross
        // the reads' boundaries and some need a larger buffer.
        let sizes = [0, 1, 7, BUF - 5, BUF + 3, 3 * BUF, 10, 0, 2];
        let mut spans = Vec::new();
        for (i, size) in sizes.iter().enumerate() {
            let start = w.position();
            let records: Vec<R> = (0..=i)
                .map(|j| R(j as u64, Some("é".repeat(size / 2 + j))))
                .collect();
            for r in &records {
                w.write(r).expect("write");
            }
            spans.push((start, w.position() - start, records));
        }
        let path = w.finish().expect("finish");
        let mut reader = SpanReader::new(&path);
        for k in [8, 0, 5, 3, 4, 1, 7, 2, 6, 5] {
            let (start, len, want) = &spans[k];
            let mut got = Vec::new();
            reader
                .each(*start, *len, &mut |b| {
                    let mut d = Dec::new(b);
                    let r = R::decode(&mut d)?;
                    d.end()?;
                    got.push(r);
                    Ok(())
                })
                .expect("read");
            assert_eq!(&got, want, "span {k}");
        }
        // A span that ends inside a record is an error naming the file.
        let (start, len, _) = spans[4];
        let err = reader
            .each(start, len - 1, &mut |_| Ok(()))
            .expect_err("cut short");
        assert!(err.to_string().contains("spans-"), "{err}");
        drop(dir);
        let _ = std::fs::remove_dir_all(&parent);
    }

    #[test]
    fn runs_merge_in_order_and_the_directory_goes_away() {
        let parent =
            std::env::temp_dir().join(format!("stancegraph-spill-test-{}", std::process::id()));
        let dir = SpillDir::new(&parent);
        assert!(dir.path().is_none(), "created only when needed");
        let mut s = Sorter::new("r");
        let n = 50 * MAX_RUNS as u64 / 7;
        for i in 0..n {
            let v = (i * 7919) % n;
            s.push(R(v, (v % 3 == 0).then(|| format!("v{v}"))));
            if i % 7 == 6 {
                s.spill(&dir).expect("spill");
            }
        }
        assert!(
            s.runs() < MAX_RUNS,
            "runs are merged when there are too many"
        );
        let path = dir.path().expect("created");
        let mut m = s.into_merge().expect("merge");
        let mut got = Vec::new();
        while let Some(r) = m.next().expect("read") {
            got.push(r.0);
        }
        assert_eq!(got, (0..n).collect::<Vec<_>>());
        drop(dir);
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&parent);
    }
}
