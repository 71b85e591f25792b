//! External sorting: records that do not fit in memory are sorted in runs, written to
//! temporary files, and merged back in order.
//!
//! This module owns the temporary files of a build and their format. A [`SpillDir`] is
//! created on first use and removed, with everything in it, when it is dropped (after
//! success, an error or a panic alike). Records are written in a compact binary form:
//! each is a 4-byte little-endian length followed by its fields, integers as LEB128
//! varints, strings length-prefixed, floats as their 8 bits ([`Enc`], [`Dec`]). A
//! [`Sorter`] holds records until its owner decides to spill them as a sorted run, and
//! [`Merge`] reads all runs and the records still held back in one sorted stream. It
//! knows nothing about graphs: `store.rs` defines the records and their order. Every I/O
//! failure is an [`Error`] naming the temporary file: [`Error::Write`] when writing,
//! [`Error::Io`] when reading.

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
    dir: Mutex<Option<PathBuf>>,
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
        self.dir.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The path of a new file in the directory (`{what}-{n}`), creating the directory if
    /// this is the first one.
    pub fn new_file(&self, what: &str) -> Result<PathBuf> {
        let mut dir = self.dir.lock().unwrap_or_else(|e| e.into_inner());
        let dir = match &mut *dir {
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
        if let Some(d) = dir.take() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// Creates `parent/.stancegraph-spill-PID-N` for the first N not taken.
fn create_unique(parent: &Path) -> Result<PathBuf> {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(parent).map_err(|source| Error::Write {
        path: parent.to_path_buf(),
        source,
    })?;
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = parent.join(format!(".stancegraph-spill-{}-{n}", std::process::id()));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
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
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| corrupt())
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
            if self.r.fill_buf()?.is_empty() {
                return Ok(None);
            }
            let mut len = [0u8; 4];
            self.r.read_exact(&mut len)?;
            self.buf.resize(u32::from_le_bytes(len) as usize, 0);
            self.r.read_exact(&mut self.buf)?;
            let mut d = Dec(&self.buf);
            let record = T::decode(&mut d)?;
            if !d.0.is_empty() {
                return Err(corrupt());
            }
            Ok(Some(record))
        })();
        read.map_err(|e| self.err(e))
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
        self.held.sort_unstable();
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
        self.held.sort_unstable();
        Ok(self.held)
    }

    /// Everything pushed, in order: the runs and the records still held.
    pub fn into_merge(mut self) -> Result<Merge<T>> {
        self.held.sort_unstable();
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
