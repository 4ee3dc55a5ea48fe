//! Why the database file could not be opened or brought up to date.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("SQLite refused WAL mode (got {0})")]
    NotWal(String),
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error("the database has schema version {found}; this server knows up to {known}")]
    TooNew { found: u32, known: u32 },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl DbError {
    /// Whether the disk is full (the storage port reports that as its own kind).
    pub fn is_disk_full(&self) -> bool {
        let source = match self {
            DbError::Open { source, .. } | DbError::Migration { source, .. } | DbError::Sqlite(source) => source,
            _ => return false,
        };
        source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
    }
}
