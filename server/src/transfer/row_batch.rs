//! Rows of one table waiting to be inserted with one multi-row `INSERT` (a round trip per
//! a few hundred rows, not per row), flushed by count, by parameters or by bytes (papers'
//! blobs go one or two at a time).

use rusqlite::types::Value;

use super::TransferError;
use crate::db::AuthDb;

/// Rows per statement at most.
const ROWS: usize = 250;
/// Parameters per statement at most (SQLite allows 32,766, PostgreSQL 65,535).
const PARAMETERS: usize = 4_000;
/// Bytes of values per statement before it is sent.
const BYTES: usize = 8 << 20;

pub(super) struct RowBatch {
    table: String,
    columns: String,
    width: usize,
    values: Vec<Value>,
    bytes: usize,
    /// The archive line of the first row waiting (for errors).
    first_line: u64,
}

impl RowBatch {
    pub(super) fn new(table: &str, columns: &[String]) -> Self {
        Self {
            table: table.to_owned(),
            columns: columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "),
            width: columns.len(),
            values: Vec::new(),
            bytes: 0,
            first_line: 0,
        }
    }

    pub(super) fn table(&self) -> &str {
        &self.table
    }

    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// Adds a row of [`Self::width`] values (from archive line `line`), inserting the rows
    /// waiting when there are enough.
    pub(super) fn push(&mut self, db: &mut AuthDb, row: Vec<Value>, line: u64) -> Result<(), TransferError> {
        if self.values.is_empty() {
            self.first_line = line;
        }
        self.bytes += row
            .iter()
            .map(|v| match v {
                Value::Text(t) => t.len(),
                Value::Blob(b) => b.len(),
                _ => 8,
            })
            .sum::<usize>();
        self.values.extend(row);
        let rows = self.values.len() / self.width.max(1);
        if rows >= ROWS || self.values.len() + self.width > PARAMETERS || self.bytes >= BYTES {
            self.flush(db, line)?;
        }
        Ok(())
    }

    /// Inserts the rows waiting, if any (`line`: the archive line of the last).
    pub(super) fn flush(&mut self, db: &mut AuthDb, line: u64) -> Result<(), TransferError> {
        if self.values.is_empty() {
            return Ok(());
        }
        let rows = self.values.len() / self.width;
        let tuples = (0..rows)
            .map(|r| {
                let cells = (1..=self.width).map(|c| format!("?{}", r * self.width + c)).collect::<Vec<_>>().join(", ");
                format!("({cells})")
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES {tuples}", self.table, self.columns);
        let params: Vec<&dyn rusqlite::ToSql> = self.values.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
        db.execute(&sql, &params).map_err(|e| TransferError::Schema {
            table: self.table.clone(),
            reason: format!("the rows of lines {} to {line}: {e}", self.first_line),
        })?;
        self.values.clear();
        self.bytes = 0;
        Ok(())
    }
}
