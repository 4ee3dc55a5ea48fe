//! `quorum-server import`: an archive into the configured database, which must be empty.
//!
//! Order: the whole file is read and checked first (format version, every record, the
//! counts and the checksum), so a truncated, altered or foreign file writes nothing. Then
//! every table's rows go in one transaction, then the documents' chunks through the
//! storage port in durable batches. A failure part way leaves a database that is not
//! empty, which a second import refuses: drop the database (or remove the SQLite file) and
//! start over.

use std::{collections::BTreeMap, path::Path};

use domain::storage::{StorageKey, StoreOp};
use rusqlite::types::Value;

use super::{
    imported::Imported,
    archive_reader::ArchiveReader,
    cell,
    export::{engine, open_db},
    record::Record,
    row_batch::RowBatch,
    tables, TransferError,
};
use crate::{
    db::{AuthDb, Begin},
    storage::{DatabaseUrl, DocumentStore},
};

/// Bytes of chunks written per commit.
const BATCH_BYTES: usize = 8 << 20;

/// Writes the archive at `from` into the (empty) deployment in `data_dir` or at `url`.
pub fn import(data_dir: &Path, url: Option<&DatabaseUrl>, from: &Path) -> Result<Imported, TransferError> {
    let header = ArchiveReader::verify(from)?;
    let mut db = open_db(data_dir, url)?;
    let documents = DocumentStore::open(data_dir, url)?;
    let known = match db {
        AuthDb::Sqlite(_) => crate::db::latest_version(),
        AuthDb::Postgres(_) => crate::db::postgres::latest_version(),
    };
    if header.engine == engine(&db) && header.schema > known {
        return Err(TransferError::NewerSchema { engine: header.engine, found: header.schema, known });
    }
    let (mut reader, _) = ArchiveReader::open(from)?;
    let (rows, first_chunk) = db.transaction(Begin::Immediate, |db| {
        // Checked inside the writing transaction: nothing slips in between.
        let mut there: Vec<String> = tables::non_empty(db)?.into_iter().map(|t| format!("{t} has rows")).collect();
        if !documents.is_empty()? {
            there.push("documents are stored".into());
        }
        if !there.is_empty() {
            return Err(TransferError::NotEmpty(there));
        }
        write_tables(db, &mut reader)
    })?;
    let (chunks, count) = write_documents(&documents, &mut reader, first_chunk)?;
    Ok(Imported { rows, chunks, documents: count, from_engine: header.engine })
}

/// Inserts every table's rows; returns the counts and the first chunk record, if any.
fn write_tables(db: &mut AuthDb, reader: &mut ArchiveReader) -> Result<(BTreeMap<String, u64>, Option<Record>), TransferError> {
    let mut counts = BTreeMap::new();
    let mut batch: Option<RowBatch> = None;
    let first_chunk = loop {
        let record = reader.next()?;
        if !matches!(record, Some(Record::Row(_))) {
            if let Some(done) = batch.as_mut() {
                done.flush(db, reader.line().saturating_sub(1))?;
            }
        }
        match record {
            None => break None,
            Some(chunk @ Record::Chunk { .. }) => break Some(chunk),
            Some(Record::Table { name, columns }) => {
                let target = tables::columns(db, &name)?;
                if let Some(missing) = columns.iter().find(|c| !target.contains(c)) {
                    return Err(TransferError::Schema { table: name, reason: format!("this database has no column {missing:?}") });
                }
                counts.insert(name.clone(), 0);
                batch = Some(RowBatch::new(&name, &columns));
            }
            Some(Record::Row(cells)) => {
                let Some(rows) = batch.as_mut() else { return Err(reader.malformed("a row before any table")) };
                if cells.len() != rows.width() {
                    return Err(reader.malformed(&format!("a row of {} cells in table {} of {} columns", cells.len(), rows.table(), rows.width())));
                }
                let values = cells.iter().map(cell::from_json).collect::<Result<Vec<Value>, _>>().map_err(|e| reader.malformed(&e))?;
                rows.push(db, values, reader.line())?;
                *counts.get_mut(rows.table()).expect("counted when the table started") += 1;
            }
            Some(Record::Header(_) | Record::End(_)) => return Err(reader.malformed("a header or end record out of place")),
        }
    };
    if let AuthDb::Postgres(_) = db {
        // Rows kept their audit ids: new entries number on from the largest.
        db.query("SELECT setval(pg_get_serial_sequence('audit', 'id'), MAX(id)) FROM audit HAVING MAX(id) IS NOT NULL", &[])?;
    }
    Ok((counts, first_chunk))
}

/// Saves every chunk back under its key, in durable batches; returns the chunks and
/// documents written.
fn write_documents(documents: &DocumentStore, reader: &mut ArchiveReader, first: Option<Record>) -> Result<(u64, u64), TransferError> {
    let (mut chunks, mut count) = (0, 0);
    let mut batch = Vec::new();
    let mut bytes = 0;
    let mut current: Option<String> = None;
    let mut next = first;
    while let Some(record) = next {
        let Record::Chunk { key, value } = record else { return Err(reader.malformed("a table after the documents")) };
        let parsed: StorageKey = key.parse().map_err(|e| reader.malformed(&format!("{e}")))?;
        let value = cell::decode(&value).map_err(|e| reader.malformed(&e))?;
        if current.as_deref() != Some(parsed.parts()[0].as_str()) {
            count += 1;
            current = Some(parsed.parts()[0].clone());
        }
        bytes += value.len();
        batch.push(StoreOp::Put(parsed, value));
        chunks += 1;
        if bytes >= BATCH_BYTES || batch.len() >= 256 {
            documents.apply(&std::mem::take(&mut batch))?;
            bytes = 0;
        }
        next = reader.next()?;
    }
    if !batch.is_empty() {
        documents.apply(&batch)?;
    }
    Ok((chunks, count))
}
