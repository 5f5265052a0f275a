//! Sorted tables of text lines, looked up on disk without reading them whole.
//!
//! The index keeps two lookup tables beside tantivy's files: the document
//! records and the synonym table. Both can hold tens of thousands of
//! entries, and a search needs only the few its hits or its words name, so
//! each is a file of lines `key TAB value`, sorted by key, after one header
//! line; a lookup binary-searches the file with positioned reads. Opening
//! one costs a file handle, whatever its size.
//!
//! Keys and values must not hold a newline, and keys no tab; the writers
//! here ([`write`]) refuse them rather than corrupt the table.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A table opened for lookups.
#[derive(Debug)]
pub(crate) struct Table {
    file: File,
    path: PathBuf,
    len: u64,
    /// Where the first entry starts, after the header line.
    start: u64,
    header: String,
}

/// The most bytes read at once while scanning for a line's end.
const CHUNK: usize = 1024;

impl Table {
    /// Opens the table at `path`.
    pub(crate) fn open(path: &Path) -> std::io::Result<Table> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        let mut table = Table {
            file,
            path: path.to_path_buf(),
            len,
            start: 0,
            header: String::new(),
        };
        let (header, end) = table.line_at(0)?;
        table.header = String::from_utf8_lossy(&header).into_owned();
        table.start = end;
        Ok(table)
    }

    /// The header line the table was written with.
    pub(crate) fn header(&self) -> &str {
        &self.header
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The value stored under `key`, if any.
    pub(crate) fn get(&self, key: &str) -> Result<Option<String>> {
        self.find(key.as_bytes())
            .map_err(|e| Error::io(&self.path, e))
    }

    fn find(&self, key: &[u8]) -> std::io::Result<Option<String>> {
        // Every line starting in [lo, hi) may still hold the key; `lo` is
        // always the start of a line.
        let (mut lo, mut hi) = (self.start, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = if mid == lo {
                lo
            } else {
                self.next_line_start(mid)?
            };
            if start >= hi {
                hi = mid;
                continue;
            }
            let (line, end) = self.line_at(start)?;
            let split = line.iter().position(|&b| b == b'\t').unwrap_or(line.len());
            match line[..split].cmp(key) {
                std::cmp::Ordering::Equal => {
                    let value = line.get(split + 1..).unwrap_or_default();
                    return Ok(Some(String::from_utf8_lossy(value).into_owned()));
                }
                std::cmp::Ordering::Less => lo = end,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        Ok(None)
    }

    /// The start of the first line that begins after `offset`.
    fn next_line_start(&self, offset: u64) -> std::io::Result<u64> {
        let mut at = offset - 1;
        let mut buf = [0u8; CHUNK];
        loop {
            let n = read_at(&self.file, &mut buf, at)?;
            if n == 0 {
                return Ok(self.len);
            }
            if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
                return Ok(at + i as u64 + 1);
            }
            at += n as u64;
        }
    }

    /// The line starting at `start`, without its newline, and where the next
    /// line starts.
    fn line_at(&self, start: u64) -> std::io::Result<(Vec<u8>, u64)> {
        let mut line = Vec::new();
        let mut at = start;
        let mut buf = [0u8; CHUNK];
        loop {
            let n = read_at(&self.file, &mut buf, at)?;
            if n == 0 {
                return Ok((line, self.len));
            }
            if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
                line.extend_from_slice(&buf[..i]);
                return Ok((line, at + i as u64 + 1));
            }
            line.extend_from_slice(&buf[..n]);
            at += n as u64;
        }
    }

    /// Every entry, in key order.
    pub(crate) fn entries(&self) -> Result<Vec<(String, String)>> {
        let bytes = std::fs::read(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(text
            .lines()
            .skip(1)
            .map(|line| match line.split_once('\t') {
                Some((key, value)) => (key.to_string(), value.to_string()),
                None => (line.to_string(), String::new()),
            })
            .collect())
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// Writes a table of `entries` (sorted here, keys unique) to `path` and
/// flushes it to disk.
pub(crate) fn write(path: &Path, header: &str, mut entries: Vec<(String, String)>) -> Result<()> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for pair in entries.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(Error::Index(format!(
                "{}: the key {:?} is written twice",
                path.display(),
                pair[0].0
            )));
        }
    }
    let bad = |s: &str, key: bool| s.contains('\n') || (key && s.contains('\t'));
    if let Some((key, _)) = entries.iter().find(|(k, v)| bad(k, true) || bad(v, false)) {
        return Err(Error::Index(format!(
            "{}: the entry {key:?} holds a line break or tab",
            path.display()
        )));
    }
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = BufWriter::new(file);
    let result = (|| {
        writeln!(out, "{header}")?;
        for (key, value) in &entries {
            writeln!(out, "{key}\t{value}")?;
        }
        out.flush()?;
        out.get_ref().sync_all()
    })();
    result.map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_found_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tsv");
        let long = "x".repeat(3000);
        let entries: Vec<(String, String)> = (0..500)
            .map(|i| {
                let value = if i % 7 == 0 {
                    long.clone()
                } else {
                    format!("v{i}")
                };
                (format!("k{i:05}"), value)
            })
            .collect();
        write(&path, "header 1", entries.clone()).unwrap();
        let table = Table::open(&path).unwrap();
        assert_eq!(table.header(), "header 1");
        for (key, value) in &entries {
            assert_eq!(table.get(key).unwrap().as_ref(), Some(value), "{key}");
        }
        for missing in ["", "k", "k00000a", "k99999", "a", "z"] {
            assert_eq!(table.get(missing).unwrap(), None, "{missing}");
        }
        assert_eq!(table.entries().unwrap(), entries);
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tsv");
        write(&path, "h", vec![]).unwrap();
        let table = Table::open(&path).unwrap();
        assert_eq!(table.get("a").unwrap(), None);
        assert!(table.entries().unwrap().is_empty());
    }

    #[test]
    fn duplicate_keys_and_line_breaks_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tsv");
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert!(write(&path, "h", vec![pair("a", "1"), pair("a", "2")]).is_err());
        assert!(write(&path, "h", vec![pair("a", "1\n2")]).is_err());
        assert!(write(&path, "h", vec![pair("a\tb", "1")]).is_err());
    }
}
