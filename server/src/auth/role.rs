//! Roles are the shared contract's ([`domain::access::Role`]: `Viewer < Editor < Admin`);
//! this adds their form in SQL columns.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

pub use domain::access::{BadRole, Role};

/// A role as a SQL value (`admin`, `editor` or `viewer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlRole(pub Role);

impl ToSql for SqlRole {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.as_str()))
    }
}

impl FromSql for SqlRole {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        v.as_str()?
            .parse()
            .map(SqlRole)
            .map_err(|e: BadRole| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn roles_round_trip_through_sql() {
        let conn = Connection::open_in_memory().unwrap();
        for r in Role::ALL {
            let back: SqlRole = conn.query_row("SELECT ?1", [SqlRole(r)], |row| row.get(0)).unwrap();
            assert_eq!(back, SqlRole(r));
        }
        let bad: rusqlite::Result<SqlRole> = conn.query_row("SELECT 'owner'", [], |row| row.get(0));
        assert!(bad.is_err());
    }
}
