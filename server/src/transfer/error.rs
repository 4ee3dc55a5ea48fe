//! Why an export or an import stopped.

use std::path::PathBuf;

use domain::storage::StorageError;

use crate::db::{DbError, SqlError};

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{} already exists: choose a new file (an export never overwrites one)", .0.display())]
    Exists(PathBuf),
    #[error("the database has tables this server does not know how to export: {}", .0.join(", "))]
    UnknownTables(Vec<String>),
    #[error("{} is not a Quorum export: {reason}", path.display())]
    NotAnArchive { path: PathBuf, reason: String },
    #[error("the archive is format version {found}; this server reads version {known}")]
    FormatVersion { found: u32, known: u32 },
    #[error("the archive came from {engine} schema version {found}; this server knows up to {known}: import it with a newer server")]
    NewerSchema { engine: String, found: u32, known: u32 },
    #[error("the archive is malformed at line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("the archive is truncated (it has no end record): export it again")]
    Truncated,
    #[error("the archive's checksum does not match its content: it was altered or damaged")]
    Checksum,
    #[error("the archive's counts do not match its content: {0}")]
    Counts(String),
    #[error("the database is not empty ({}): import only into a freshly migrated, empty database, never over a deployment", .0.join(", "))]
    NotEmpty(Vec<String>),
    #[error("table {table}: {reason}")]
    Schema { table: String, reason: String },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Sql(#[from] SqlError),
    #[error("documents: {0}")]
    Storage(#[from] StorageError),
}

impl TransferError {
    pub(super) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Io { path: path.to_owned(), source }
    }
}
