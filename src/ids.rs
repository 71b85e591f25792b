//! The table of document ids that reading has delivered, so that a repeated id can be
//! renamed (`ID#2`) in memory that does not grow with the corpus.
//!
//! This module owns that table. Ids are kept as 64-bit hashes, each with how many times
//! it was asked for and where it was first seen. Up to a budget of entries is held in a
//! hash map; beyond that the entries are written, sorted by hash, as a run in a
//! [`SpillDir`], and memory keeps of each run only a Bloom filter (10 bits per entry) and
//! a sparse index (one hash and file position per [`BLOCK`] entries): about 1.5 bytes per
//! document instead of the 40 a hash map takes. A lookup reads the disk only when a
//! Bloom filter says the id may be there, which is once per repeated id plus about one
//! in a hundred other ids per run. Runs are merged size-tiered, [`FANOUT`] of one size
//! into one of the next, so there are at most `FANOUT - 1` runs of each size and the
//! merges cost O(n log n) in all. A table made with [`IdTable::in_memory`] never spills.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::spill::{Dec, Enc, Record, RunReader, RunWriter, SpanReader, SpillDir};

/// Bytes of memory budget per entry held: [`IdTable::for_budget`] gives a table about a
/// tenth of the budget (an entry takes about 50 bytes with the hash map's slack).
pub const BYTES_PER_ENTRY: usize = 512;
/// Entries of a run per entry of its sparse index.
pub const BLOCK: usize = 64;
/// Runs of one size that are merged into one.
pub const FANOUT: usize = 4;
/// Bloom filter bits per entry, and hashes per lookup: about 1% false positives.
const BLOOM_BITS: usize = 10;
const BLOOM_HASHES: u64 = 7;

/// Where an id was first delivered, and how many times it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct First {
    /// Times the id was asked for, renamed or not.
    pub count: u32,
    /// The file it was first read from.
    pub file: String,
    /// The JSON Lines line, or 0 for a whole file.
    pub line: u32,
}

/// An entry in memory: `file` indexes [`IdTable::files`].
#[derive(Clone, Copy)]
struct Entry {
    count: u32,
    file: u32,
    line: u32,
}

/// A document id hash and its [`First`], as spilled. Records compare by hash alone: a
/// run holds each hash once, and a merge keeps the newest run's record of a hash.
#[derive(Debug)]
struct Rec {
    hash: u64,
    first: First,
}

impl PartialEq for Rec {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
    }
}
impl Eq for Rec {}
impl PartialOrd for Rec {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Rec {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.hash.cmp(&other.hash)
    }
}

impl Record for Rec {
    fn encode(&self, e: &mut Enc<'_>) {
        e.u64(self.hash);
        e.u64(u64::from(self.first.count));
        e.u64(u64::from(self.first.line));
        e.str(&self.first.file);
    }

    fn decode(d: &mut Dec<'_>) -> io::Result<Self> {
        let hash = d.u64()?;
        let small = |v: u64| {
            u32::try_from(v)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "corrupt id record"))
        };
        let count = small(d.u64()?)?;
        let line = small(d.u64()?)?;
        let file = d.string()?;
        Ok(Rec {
            hash,
            first: First { count, file, line },
        })
    }

    fn mem_size(&self) -> usize {
        std::mem::size_of::<Self>() + self.first.file.len()
    }
}

/// A Bloom filter over 64-bit hashes (which are already uniform).
struct Bloom {
    words: Vec<u64>,
}

impl Bloom {
    fn new(entries: usize) -> Self {
        Bloom {
            words: vec![0; (entries * BLOOM_BITS).div_ceil(64).max(1)],
        }
    }

    /// The `i`th bit position of `hash` among `bits`: double hashing, mapped onto the
    /// bits by multiplication rather than division.
    fn bit(hash: u64, i: u64, bits: usize) -> usize {
        let step = hash.rotate_left(32) | 1;
        ((u128::from(hash.wrapping_add(i.wrapping_mul(step))) * bits as u128) >> 64) as usize
    }

    fn add(&mut self, hash: u64) {
        let bits = self.words.len() * 64;
        for i in 0..BLOOM_HASHES {
            let b = Self::bit(hash, i, bits);
            self.words[b / 64] |= 1 << (b % 64);
        }
    }

    fn may_hold(&self, hash: u64) -> bool {
        let bits = self.words.len() * 64;
        (0..BLOOM_HASHES).all(|i| {
            let b = Self::bit(hash, i, bits);
            self.words[b / 64] & (1 << (b % 64)) != 0
        })
    }
}

/// A run on disk, with what memory keeps of it.
struct Run {
    path: PathBuf,
    bloom: Bloom,
    /// The first hash of every [`BLOCK`] records, and where that record starts.
    index: Vec<(u64, u64)>,
    /// The file's length.
    end: u64,
    /// Records in the run.
    len: usize,
    /// 0 for a spill of the memory table, k + 1 for a merge of runs of level k.
    level: u32,
    reader: SpanReader,
}

impl Run {
    /// Writes `records` (sorted by hash, each hash once) as a run of `level`.
    fn write(
        dir: &SpillDir,
        level: u32,
        len: usize,
        records: &mut dyn FnMut() -> Result<Option<Rec>>,
    ) -> Result<Run> {
        let mut w = RunWriter::create(dir.new_file("ids")?)?;
        let mut bloom = Bloom::new(len);
        let mut index = Vec::with_capacity(len.div_ceil(BLOCK));
        let mut n = 0;
        while let Some(r) = records()? {
            if n % BLOCK == 0 {
                index.push((r.hash, w.position()));
            }
            bloom.add(r.hash);
            w.write(&r)?;
            n += 1;
        }
        let end = w.position();
        let path = w.finish()?;
        Ok(Run {
            reader: SpanReader::new(&path),
            path,
            bloom,
            index,
            end,
            len: n,
            level,
        })
    }

    fn get(&mut self, hash: u64) -> Result<Option<First>> {
        if !self.bloom.may_hold(hash) {
            return Ok(None);
        }
        let block = self.index.partition_point(|&(h, _)| h <= hash);
        let Some(&(_, start)) = block.checked_sub(1).and_then(|b| self.index.get(b)) else {
            return Ok(None);
        };
        let stop = self.index.get(block).map_or(self.end, |&(_, p)| p);
        let mut found = None;
        let read = self.reader.each(start, stop - start, &mut |bytes| {
            if found.is_none() {
                let mut d = Dec::new(bytes);
                let r = Rec::decode(&mut d)?;
                if r.hash == hash {
                    found = Some(r.first);
                }
            }
            Ok(())
        });
        read.map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(found)
    }
}

/// Document ids delivered so far (see the module documentation).
pub struct IdTable {
    mem: HashMap<u64, Entry>,
    /// The files of the entries in memory.
    files: Vec<String>,
    /// Oldest first; a newer run's record of a hash replaces an older one's.
    runs: Vec<Run>,
    budget: usize,
    /// Where runs go; `None` keeps everything in memory.
    dir: Option<SpillDir>,
}

impl IdTable {
    /// A table that keeps every entry in memory (about 40 bytes per document).
    pub fn in_memory() -> Self {
        IdTable {
            mem: HashMap::new(),
            files: Vec::new(),
            runs: Vec::new(),
            budget: usize::MAX,
            dir: None,
        }
    }

    /// A table that holds up to `budget` entries in memory (at least one) and spills the
    /// rest to a temporary directory created in `parent` when first needed, and removed
    /// with the table.
    pub fn spilling(parent: &Path, budget: usize) -> Self {
        let budget = budget.max(1);
        IdTable {
            mem: HashMap::with_capacity(budget.min(1 << 20)),
            files: Vec::new(),
            runs: Vec::new(),
            budget,
            dir: Some(SpillDir::new(parent)),
        }
    }

    /// [`spilling`](Self::spilling) with entries for a memory budget of `bytes` (the
    /// build's spill budget): 65,536 entries, about 3 MB, for the default 32 MB.
    pub fn for_budget(parent: &Path, bytes: usize) -> Self {
        Self::spilling(parent, bytes / BYTES_PER_ENTRY)
    }

    /// Runs on disk now.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Where `hash` was first delivered, if it was. An error is a temporary file that
    /// could not be read back.
    pub fn get(&mut self, hash: u64) -> Result<Option<First>> {
        if let Some(e) = self.mem.get(&hash) {
            return Ok(Some(First {
                count: e.count,
                file: self.files.get(e.file as usize).cloned().unwrap_or_default(),
                line: e.line,
            }));
        }
        for run in self.runs.iter_mut().rev() {
            if let Some(first) = run.get(hash)? {
                return Ok(Some(first));
            }
        }
        Ok(None)
    }

    /// Sets what is known of `hash`, replacing any earlier entry. An error is a spill
    /// that could not be written: the table then keeps its new entries in memory from
    /// now on, having lost nothing (the memory table is cleared, and runs are removed,
    /// only once what replaces them is written).
    pub fn insert(&mut self, hash: u64, count: u32, file: &str, line: u32) -> Result<()> {
        if self.files.last().map(String::as_str) != Some(file) {
            self.files.push(file.to_string());
        }
        let entry = Entry {
            count,
            file: u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX),
            line,
        };
        self.mem.insert(hash, entry);
        if self.mem.len() >= self.budget {
            if let Err(e) = self.spill() {
                // the runs already written stay readable; nothing more is written
                self.budget = usize::MAX;
                return Err(e);
            }
        }
        Ok(())
    }

    /// Writes the memory table as a run, then merges runs while the newest
    /// [`FANOUT`] have the same level.
    fn spill(&mut self) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        let mut held: Vec<(u64, Entry)> = self.mem.iter().map(|(&h, &e)| (h, e)).collect();
        held.sort_unstable_by_key(|&(h, _)| h);
        let files = &self.files;
        let mut it = held.into_iter();
        let run = Run::write(dir, 0, self.mem.len(), &mut || {
            Ok(it.next().map(|(hash, e)| Rec {
                hash,
                first: First {
                    count: e.count,
                    file: files.get(e.file as usize).cloned().unwrap_or_default(),
                    line: e.line,
                },
            }))
        })?;
        self.runs.push(run);
        self.mem.clear();
        self.files.clear();
        while self.runs.len() >= FANOUT {
            let newest = &self.runs[self.runs.len() - FANOUT..];
            let level = newest[0].level;
            if newest.iter().any(|r| r.level != level) {
                break;
            }
            let len = newest.iter().map(|r| r.len).sum();
            let mut readers = newest
                .iter()
                .map(|r| RunReader::open(&r.path))
                .collect::<Result<Vec<_>>>()?;
            let mut heads = readers
                .iter_mut()
                .map(RunReader::read::<Rec>)
                .collect::<Result<Vec<_>>>()?;
            let merged = Run::write(dir, level + 1, len, &mut || {
                // the smallest hash; of a hash in several runs, the newest run's record
                let Some(min) = heads.iter().flatten().map(|r| r.hash).min() else {
                    return Ok(None);
                };
                let mut newest_record = None;
                for (head, reader) in heads.iter_mut().zip(&mut readers) {
                    if head.as_ref().is_some_and(|r| r.hash == min) {
                        newest_record = head.take();
                        *head = reader.read()?;
                    }
                }
                Ok(newest_record)
            })?;
            // only once the merged run is written are the runs it replaces removed
            for r in newest {
                let _ = std::fs::remove_file(&r.path);
            }
            self.runs.truncate(self.runs.len() - FANOUT);
            self.runs.push(merged);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("stancegraph-ids-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    /// Inserts `0..n` (hash i at line i, asked for i % 3 + 1 times), then checks every
    /// lookup, with a table of budget `budget`.
    fn round_trip(budget: usize, n: u64) -> IdTable {
        let dir = tempdir(&format!("rt{budget}-{n}"));
        let mut t = IdTable::spilling(&dir, budget);
        for i in 0..n {
            let file = format!("f{}", i / 10);
            t.insert(i * 7919, (i % 3 + 1) as u32, &file, i as u32)
                .unwrap();
        }
        for i in 0..n {
            let want = First {
                count: (i % 3 + 1) as u32,
                file: format!("f{}", i / 10),
                line: i as u32,
            };
            assert_eq!(
                t.get(i * 7919).unwrap(),
                Some(want),
                "budget {budget}, id {i}"
            );
            assert_eq!(
                t.get(i * 7919 + 1).unwrap(),
                None,
                "budget {budget}, id {i}+1"
            );
        }
        t
    }

    #[test]
    fn spilled_entries_are_found_as_in_memory() {
        // budget, entries, runs left after the size-tiered merges
        let cases = [
            (1000, 300, 0),
            (1, 3, 3),
            (1, 4, 1),
            (1, 17, 2),
            (10, 1000, 4),
            (7, 200, 4),
        ];
        for (budget, n, runs) in cases {
            let t = round_trip(budget, n);
            assert_eq!(t.runs(), runs, "budget {budget}, {n} entries");
        }
    }

    #[test]
    fn a_newer_entry_replaces_a_spilled_one_through_merges() {
        let dir = tempdir("newer");
        let mut t = IdTable::spilling(&dir, 2);
        t.insert(42, 1, "a", 1).unwrap();
        for i in 0..5 {
            t.insert(1000 + i, 1, "b", 0).unwrap();
        }
        let first = t.get(42).unwrap().unwrap();
        t.insert(42, 5, &first.file, first.line).unwrap();
        for i in 0..40 {
            t.insert(2000 + i, 1, "c", 0).unwrap();
        }
        let want = First {
            count: 5,
            file: "a".into(),
            line: 1,
        };
        assert_eq!(t.get(42).unwrap(), Some(want));
    }

    #[test]
    fn a_spill_that_cannot_be_written_loses_nothing() {
        let dir = tempdir("unwritable");
        std::fs::create_dir_all(&dir).unwrap();
        // a file where the spill directory's parent should be
        let parent = dir.join("not-a-directory");
        std::fs::write(&parent, "x").unwrap();
        let mut t = IdTable::spilling(&parent, 2);
        t.insert(1, 1, "a", 1).unwrap();
        let e = t.insert(2, 1, "a", 2).expect_err("the spill fails");
        assert!(e.to_string().contains("not-a-directory"), "{e}");
        for i in 3..20 {
            t.insert(i, 1, "b", i as u32).expect("kept in memory");
        }
        assert_eq!(t.runs(), 0);
        for i in 1..20 {
            let file = if i < 3 { "a" } else { "b" };
            let want = First {
                count: 1,
                file: file.into(),
                line: i as u32,
            };
            assert_eq!(t.get(i).unwrap(), Some(want), "id {i}");
        }
    }

    #[test]
    fn the_spill_directory_goes_with_the_table() {
        let dir = tempdir("gone");
        let mut t = IdTable::spilling(&dir, 1);
        t.insert(1, 1, "a", 0).unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        drop(t);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }

    #[test]
    fn bloom_filter_has_no_false_negatives_and_few_false_positives() {
        let mut b = Bloom::new(10_000);
        let hash = |i: u64| crate::document::id_hash(&i.to_string());
        for i in 0..10_000 {
            b.add(hash(i));
        }
        assert!((0..10_000).all(|i| b.may_hold(hash(i))));
        let false_pos = (10_000..110_000).filter(|&i| b.may_hold(hash(i))).count();
        assert!(false_pos < 2_000, "{false_pos} false positives in 100,000");
    }
}
