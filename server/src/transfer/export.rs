//! `quorum-server export`: the configured database (the SQLite file, or PostgreSQL) into
//! one archive file.

use std::path::Path;

use domain::storage::StorageKey;
use rusqlite::types::Value;

use super::{
    exported::Exported,
    archive_writer::ArchiveWriter,
    cell,
    record::{Header, Record, FORMAT_NAME, FORMAT_VERSION},
    tables::{self, Table, CARRIED},
    TransferError,
};
use crate::{
    db::{AuthDb, Begin},
    storage::{DatabaseUrl, DocumentStore},
};

/// Chunks read per query (each up to a document's snapshot).
const CHUNKS_PER_PAGE: usize = 32;

/// Writes everything the deployment in `data_dir` (or at `url`) holds, except per-node and
/// transient state, to a new archive at `to`. Stop the nodes first: the tables are read in
/// one consistent snapshot, the documents after them.
pub fn export(data_dir: &Path, url: Option<&DatabaseUrl>, to: &Path) -> Result<Exported, TransferError> {
    let mut db = open_db(data_dir, url)?;
    let unknown = tables::unknown_tables(&mut db)?;
    if !unknown.is_empty() {
        return Err(TransferError::UnknownTables(unknown));
    }
    let schema = schema_version(&mut db)?;
    let documents = DocumentStore::open(data_dir, url)?;
    let mut out = ArchiveWriter::create(to)?;
    match write_all(&mut db, &documents, &mut out, schema) {
        Ok(documents) => {
            let (rows, chunks) = out.finish()?;
            Ok(Exported { rows, chunks, documents })
        }
        Err(e) => {
            out.abandon();
            Err(e)
        }
    }
}

/// The accounts store's connection to the deployment's database (migrated).
pub(super) fn open_db(data_dir: &Path, url: Option<&DatabaseUrl>) -> Result<AuthDb, TransferError> {
    Ok(match url {
        None => AuthDb::Sqlite(crate::db::open_dir(data_dir)?),
        Some(url) => AuthDb::connect_postgres(url.as_str())?,
    })
}

/// `sqlite` or `postgresql`.
pub(super) fn engine(db: &AuthDb) -> &'static str {
    match db {
        AuthDb::Sqlite(_) => "sqlite",
        AuthDb::Postgres(_) => "postgresql",
    }
}

fn schema_version(db: &mut AuthDb) -> Result<u32, TransferError> {
    let newest: Option<i64> = db.query_one("SELECT MAX(version) FROM schema_migrations", &[])?.get(0)?;
    Ok(newest.and_then(|v| u32::try_from(v).ok()).unwrap_or(0))
}

/// Writes the header, the tables and the documents; returns how many documents.
fn write_all(db: &mut AuthDb, documents: &DocumentStore, out: &mut ArchiveWriter, schema: u32) -> Result<u64, TransferError> {
    out.write(&Record::Header(Header {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        engine: engine(db).to_owned(),
        schema,
        server: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: unix_ms(),
    }))?;
    db.transaction(Begin::Snapshot, |db| {
        for table in CARRIED {
            write_table(db, table, out)?;
        }
        Ok::<_, TransferError>(())
    })?;
    write_documents(documents, out)
}

/// One table's columns, then its rows a page at a time in primary key order.
fn write_table(db: &mut AuthDb, table: &Table, out: &mut ArchiveWriter) -> Result<(), TransferError> {
    let columns = tables::columns(db, table.name)?;
    if columns.is_empty() {
        return Err(TransferError::Schema { table: table.name.to_owned(), reason: "it is missing from the database".into() });
    }
    let key_at: Vec<usize> = table
        .key
        .iter()
        .map(|k| columns.iter().position(|c| c == k))
        .collect::<Option<_>>()
        .ok_or_else(|| TransferError::Schema { table: table.name.to_owned(), reason: "its key columns are missing".into() })?;
    let list = quoted(columns.iter().map(String::as_str));
    let key = quoted(table.key.iter().copied());
    let first = format!("SELECT {list} FROM {} ORDER BY {key} LIMIT {}", table.name, table.page);
    let placeholders = (1..=table.key.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let next = format!("SELECT {list} FROM {} WHERE ({key}) > ({placeholders}) ORDER BY {key} LIMIT {}", table.name, table.page);
    out.write(&Record::Table { name: table.name.to_owned(), columns })?;
    let mut after: Option<Vec<Value>> = None;
    loop {
        let rows = match &after {
            None => db.query(&first, &[])?,
            Some(last) => {
                let params: Vec<&dyn rusqlite::ToSql> = last.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
                db.query(&next, &params)?
            }
        };
        let Some(last) = rows.last() else { return Ok(()) };
        after = Some(key_at.iter().map(|&i| last.0[i].clone()).collect());
        let full = rows.len() == table.page;
        for row in rows {
            out.write(&Record::Row(row.0.iter().map(cell::to_json).collect()))?;
        }
        if !full {
            return Ok(());
        }
    }
}

/// Every stored chunk, through the storage port, a page of keys at a time; returns how
/// many documents they belong to.
fn write_documents(documents: &DocumentStore, out: &mut ArchiveWriter) -> Result<u64, TransferError> {
    let mut after: Option<StorageKey> = None;
    let mut count = 0;
    let mut current: Option<String> = None;
    loop {
        let keys = documents.keys_after(after.as_ref(), CHUNKS_PER_PAGE)?;
        let Some(last) = keys.last().cloned() else { return Ok(count) };
        // In the keys' byte order (a document's chunks are contiguous in it).
        let mut page: Vec<(String, StorageKey, Vec<u8>)> = documents.get_many(&keys)?.into_iter().map(|(k, v)| (k.encode(), k, v)).collect();
        page.sort_by(|a, b| a.0.cmp(&b.0));
        for (encoded, key, value) in page {
            let document = key.parts()[0].clone();
            if current.as_ref() != Some(&document) {
                count += 1;
                current = Some(document);
            }
            out.write(&Record::Chunk { key: encoded, value: cell::encode(&value) })?;
        }
        after = Some(last);
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
