//! Why a statement of the accounts store failed, on either engine.

/// A failed statement (or a row that did not decode), from SQLite or PostgreSQL.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Postgres(#[from] tokio_postgres::Error),
    #[error("column {column}: {reason}")]
    Decode { column: usize, reason: String },
    #[error("PostgreSQL: {0}")]
    Connection(String),
}

impl SqlError {
    /// Whether a `UNIQUE` or primary key constraint refused the row.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            Self::Sqlite(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation),
            Self::Postgres(e) => e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION),
            _ => false,
        }
    }
}
