//! Writes an archive line by line into `<file>.partial`, hashing every byte, and only
//! once the end record is written and synced renames it to `<file>`: an export that fails
//! leaves no file that looks whole.

use std::{
    collections::BTreeMap,
    fs::File,
    io::{BufWriter, Write},
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

use super::{
    record::{End, Record},
    TransferError,
};

pub(super) struct ArchiveWriter {
    out: BufWriter<File>,
    hash: Sha256,
    path: PathBuf,
    partial: PathBuf,
    rows: BTreeMap<String, u64>,
    chunks: u64,
    table: Option<String>,
}

impl ArchiveWriter {
    /// Starts `path` (refused if it exists).
    pub(super) fn create(path: &Path) -> Result<Self, TransferError> {
        if path.exists() {
            return Err(TransferError::Exists(path.to_owned()));
        }
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial).map_err(TransferError::io(&partial))?;
        Ok(Self {
            out: BufWriter::with_capacity(1 << 20, file),
            hash: Sha256::new(),
            path: path.to_owned(),
            partial,
            rows: BTreeMap::new(),
            chunks: 0,
            table: None,
        })
    }

    pub(super) fn write(&mut self, record: &Record) -> Result<(), TransferError> {
        match record {
            Record::Table { name, .. } => {
                self.rows.insert(name.clone(), 0);
                self.table = Some(name.clone());
            }
            Record::Row(_) => {
                if let Some(n) = self.table.as_ref().and_then(|t| self.rows.get_mut(t)) {
                    *n += 1;
                }
            }
            Record::Chunk { .. } => self.chunks += 1,
            Record::Header(_) | Record::End(_) => {}
        }
        // Straight into the file (a paper's line is tens of MiB: never copied whole).
        let mut line = Hashing { out: &mut self.out, hash: &mut self.hash };
        serde_json::to_writer(&mut line, record).map_err(|e| TransferError::Io { path: self.partial.clone(), source: e.into() })?;
        line.write_all(b"\n").map_err(TransferError::io(&self.partial))
    }

    /// Writes the end record, syncs the file and gives it its name; returns the counts.
    pub(super) fn finish(mut self) -> Result<(BTreeMap<String, u64>, u64), TransferError> {
        let end = End { rows: self.rows.clone(), chunks: self.chunks, sha256: hex::encode(self.hash.clone().finalize()) };
        let mut line = serde_json::to_vec(&Record::End(end)).map_err(|e| TransferError::Io { path: self.partial.clone(), source: e.into() })?;
        line.push(b'\n');
        self.out.write_all(&line).map_err(TransferError::io(&self.partial))?;
        let file = self.out.into_inner().map_err(|e| TransferError::Io { path: self.partial.clone(), source: e.into_error() })?;
        file.sync_all().map_err(TransferError::io(&self.partial))?;
        std::fs::rename(&self.partial, &self.path).map_err(TransferError::io(&self.path))?;
        Ok((self.rows, self.chunks))
    }

    /// Removes the unfinished file (an export that failed).
    pub(super) fn abandon(self) {
        let partial = self.partial.clone();
        drop(self.out);
        let _ = std::fs::remove_file(partial);
    }
}

/// Writes to the file and the checksum alike.
struct Hashing<'a> {
    out: &'a mut BufWriter<File>,
    hash: &'a mut Sha256,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
