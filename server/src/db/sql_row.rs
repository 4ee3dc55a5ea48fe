//! One result row of the accounts store, engine-neutral: its columns as SQLite values, read
//! with the same `FromSql` conversions on both engines (ids, roles, `Option`, `bool`).

use rusqlite::types::{FromSql, Value};

use super::SqlError;

#[derive(Debug, Clone, PartialEq)]
pub struct SqlRow(pub(crate) Vec<Value>);

impl SqlRow {
    /// Column `i`, converted as SQLite would convert it.
    pub fn get<T: FromSql>(&self, i: usize) -> Result<T, SqlError> {
        let value = self.0.get(i).ok_or(SqlError::Decode { column: i, reason: "no such column".into() })?;
        T::column_result(value.into()).map_err(|e| SqlError::Decode { column: i, reason: e.to_string() })
    }
}
