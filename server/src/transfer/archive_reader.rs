//! Reads an archive line by line, hashing every byte before the end record; the end
//! record's checksum and counts must match and nothing may follow it. The import reads a
//! file twice: once to check it whole ([`ArchiveReader::verify`]) before writing anything,
//! then to write.

use std::{
    collections::BTreeMap,
    fs::File,
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
};

use domain::storage::StorageKey;
use sha2::{Digest, Sha256};

use super::{
    cell,
    record::{End, Header, Record, FORMAT_NAME, FORMAT_VERSION},
    tables, TransferError,
};

pub(super) struct ArchiveReader {
    input: BufReader<File>,
    hash: Sha256,
    path: PathBuf,
    line: u64,
    buf: Vec<u8>,
    ended: bool,
    rows: BTreeMap<String, u64>,
    chunks: u64,
    table: Option<String>,
    /// The columns of the table whose rows are being read.
    width: usize,
}

impl ArchiveReader {
    /// Opens `path` and reads its header.
    pub(super) fn open(path: &Path) -> Result<(Self, Header), TransferError> {
        let file = File::open(path).map_err(TransferError::io(path))?;
        let mut reader = Self {
            input: BufReader::with_capacity(1 << 20, file),
            hash: Sha256::new(),
            path: path.to_owned(),
            line: 0,
            buf: Vec::new(),
            ended: false,
            rows: BTreeMap::new(),
            chunks: 0,
            table: None,
            width: 0,
        };
        let not_archive = |reason: &str| TransferError::NotAnArchive { path: path.to_owned(), reason: reason.to_owned() };
        let header = match reader.next_line().map_err(|e| match e {
            TransferError::Malformed { .. } | TransferError::Truncated => not_archive("its first line is not an export header"),
            other => other,
        })? {
            Some(Record::Header(h)) => h,
            Some(_) => return Err(not_archive("its first line is not an export header")),
            None => return Err(not_archive("it is empty")),
        };
        if header.format != FORMAT_NAME {
            return Err(not_archive(&format!("its format is {:?}", header.format)));
        }
        if header.version != FORMAT_VERSION {
            return Err(TransferError::FormatVersion { found: header.version, known: FORMAT_VERSION });
        }
        Ok((reader, header))
    }

    /// Reads the whole file and checks it: every line a record in its place, rows only of
    /// carried tables and as wide as their columns, every cell, key and chunk readable,
    /// the end record's checksum and counts right, nothing after it.
    pub(super) fn verify(path: &Path) -> Result<Header, TransferError> {
        let (mut reader, header) = Self::open(path)?;
        while reader.next()?.is_some() {}
        Ok(header)
    }

    /// The next record after the header, `None` after the (checked) end record.
    pub(super) fn next(&mut self) -> Result<Option<Record>, TransferError> {
        if self.ended {
            return Ok(None);
        }
        match self.next_line()? {
            None => Err(TransferError::Truncated),
            Some(Record::Header(_)) => Err(self.malformed("a second header")),
            Some(Record::End(end)) => {
                self.check_end(&end)?;
                self.ended = true;
                Ok(None)
            }
            Some(record) => {
                match &record {
                    Record::Table { name, columns } => {
                        if tables::carried(name).is_none() {
                            return Err(self.malformed(&format!("table {name:?} is not one an archive carries")));
                        }
                        if columns.is_empty() || self.rows.contains_key(name) {
                            return Err(self.malformed(&format!("table {name:?} again or without columns")));
                        }
                        if self.chunks > 0 {
                            return Err(self.malformed("a table after the documents"));
                        }
                        self.rows.insert(name.clone(), 0);
                        self.table = Some(name.clone());
                        self.width = columns.len();
                    }
                    Record::Row(cells) => {
                        if cells.len() != self.width {
                            return Err(self.malformed(&format!("a row of {} cells in a table of {} columns", cells.len(), self.width)));
                        }
                        if let Some(bad) = cells.iter().find_map(|c| cell::check(c).err()) {
                            return Err(self.malformed(&bad));
                        }
                        match self.table.as_ref().and_then(|t| self.rows.get_mut(t)) {
                            Some(n) => *n += 1,
                            None => return Err(self.malformed("a row before any table")),
                        }
                    }
                    Record::Chunk { key, value } => {
                        if key.parse::<StorageKey>().is_err() {
                            return Err(self.malformed(&format!("{key:?} is not a storage key")));
                        }
                        if let Err(bad) = cell::decode(value) {
                            return Err(self.malformed(&bad));
                        }
                        self.chunks += 1;
                        self.table = None;
                    }
                    Record::Header(_) | Record::End(_) => {}
                }
                Ok(Some(record))
            }
        }
    }

    /// The line number of the record last read.
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    pub(super) fn malformed(&self, reason: &str) -> TransferError {
        TransferError::Malformed { line: self.line, reason: reason.to_owned() }
    }

    fn check_end(&mut self, end: &End) -> Result<(), TransferError> {
        let digest = hex::encode(std::mem::take(&mut self.hash).finalize());
        if digest != end.sha256 {
            return Err(TransferError::Checksum);
        }
        if end.rows != self.rows || end.chunks != self.chunks {
            return Err(TransferError::Counts(format!(
                "the end record says {} rows and {} chunks, the file holds {} and {}",
                end.rows.values().sum::<u64>(),
                end.chunks,
                self.rows.values().sum::<u64>(),
                self.chunks
            )));
        }
        let mut rest = [0u8; 1];
        match std::io::Read::read(&mut self.input, &mut rest).map_err(TransferError::io(&self.path))? {
            0 => Ok(()),
            _ => Err(self.malformed("bytes after the end record")),
        }
    }

    /// The next line as a record (hashed unless it is the end record), `None` at the end
    /// of the file; a last line without its newline is a truncated file.
    fn next_line(&mut self) -> Result<Option<Record>, TransferError> {
        self.buf.clear();
        let n = self.input.read_until(b'\n', &mut self.buf).map_err(TransferError::io(&self.path))?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        if self.buf.last() != Some(&b'\n') {
            return Err(TransferError::Truncated);
        }
        let record: Record = serde_json::from_slice(&self.buf).map_err(|e| self.malformed(&e.to_string()))?;
        if !matches!(record, Record::End(_)) {
            self.hash.update(&self.buf);
        }
        Ok(Some(record))
    }
}
