//! [`AuthDb`]: the handful of primitives the accounts store runs its queries on, on the
//! node's SQLite file (the default) or on PostgreSQL shared by every node
//! (`--database-url`). The queries are written once, in SQL both engines read: numbered
//! placeholders (`?1`, rewritten to `$1` for PostgreSQL), `ON CONFLICT` upserts,
//! `RETURNING`, integer flags and `CAST(? AS BIGINT)` where an operand's type would be
//! unknown. Values go in through `rusqlite::ToSql` and come out through
//! `rusqlite::types::FromSql` on both engines ([`SqlRow`]).

use rusqlite::{types::Value, Connection};

use super::{pg_sync::PgSync, SqlError, SqlRow};

/// How a transaction begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    /// Reads then writes that must not interleave with another writer's (SQLite's
    /// `BEGIN IMMEDIATE`; on PostgreSQL every such transaction of every node takes one
    /// advisory lock, so they run one at a time as they do on one SQLite file).
    Immediate,
    /// Writes that only need to be all or none.
    Deferred,
    /// Several reads of one consistent state (on PostgreSQL `REPEATABLE READ`, read only;
    /// on SQLite any transaction reads one state).
    Snapshot,
}

/// A key for `pg_advisory_xact_lock` that only the accounts store's writing transactions take.
const WRITE_LOCK: i64 = 0x5155_4f52_554d_0002;

#[derive(Debug)]
pub enum AuthDb {
    Sqlite(Connection),
    Postgres(Box<PgSync>),
}

impl AuthDb {
    /// The PostgreSQL database at `url`, brought to the latest schema.
    pub fn connect_postgres(url: &str) -> Result<Self, SqlError> {
        Ok(Self::Postgres(Box::new(PgSync::connect(url)?)))
    }

    /// Runs one statement; how many rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<usize, SqlError> {
        match self {
            Self::Sqlite(c) => Ok(c.execute(sql, params)?),
            Self::Postgres(p) => p.execute(sql, params),
        }
    }

    /// Every row of a query.
    pub fn query(&mut self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<SqlRow>, SqlError> {
        match self {
            Self::Sqlite(c) => {
                let mut s = c.prepare_cached(sql)?;
                let n = s.column_count();
                let rows = s.query_map(params, |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>().map(SqlRow))?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            Self::Postgres(p) => p.query(sql, params),
        }
    }

    /// The first row of a query, if any.
    pub fn query_opt(&mut self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Option<SqlRow>, SqlError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query that always returns one (`COUNT`, `EXISTS`).
    pub fn query_one(&mut self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<SqlRow, SqlError> {
        self.query_opt(sql, params)?.ok_or(SqlError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    pub fn transaction<T, E: From<SqlError>>(&mut self, begin: Begin, f: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E> {
        self.batch(match (&*self, begin) {
            (Self::Sqlite(_), Begin::Immediate) => "BEGIN IMMEDIATE",
            (Self::Postgres(_), Begin::Snapshot) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            (_, Begin::Deferred | Begin::Snapshot) | (Self::Postgres(_), Begin::Immediate) => "BEGIN",
        })?;
        if let (Self::Postgres(_), Begin::Immediate) = (&*self, begin) {
            if let Err(e) = self.execute("SELECT pg_advisory_xact_lock(?1)", &[&WRITE_LOCK]) {
                let _ = self.batch("ROLLBACK");
                return Err(e.into());
            }
        }
        match f(self) {
            Ok(v) => {
                if let Err(e) = self.batch("COMMIT") {
                    let _ = self.batch("ROLLBACK");
                    return Err(e.into());
                }
                Ok(v)
            }
            Err(e) => {
                if let Err(rollback) = self.batch("ROLLBACK") {
                    tracing::error!(error = %rollback, "rolling back an accounts transaction");
                }
                Err(e)
            }
        }
    }

    /// A counter that changes whenever another connection commits (SQLite's
    /// `PRAGMA data_version`). PostgreSQL has none: 0, and the access snapshot's
    /// `acl_version` alone says what changed.
    pub fn data_version(&mut self) -> Result<i64, SqlError> {
        match self {
            Self::Sqlite(c) => Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?),
            Self::Postgres(_) => Ok(0),
        }
    }

    fn batch(&mut self, sql: &str) -> Result<(), SqlError> {
        match self {
            Self::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Self::Postgres(p) => p.batch(sql),
        }
    }
}
