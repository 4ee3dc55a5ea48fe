//! One line of an archive (see `docs/export-format.md`): a JSON object with one key naming
//! the record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The archive format this server writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The value of the header's `format` field.
pub(super) const FORMAT_NAME: &str = "quorum-export";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Record {
    /// The first line.
    Header(Header),
    /// The start of a table's rows, naming its columns in the order rows give them.
    Table { name: String, columns: Vec<String> },
    /// One row of the last table started: its cells (see [`super::cell`]).
    Row(Vec<serde_json::Value>),
    /// One stored chunk of a document: its storage key and its bytes (base64).
    Chunk { key: String, value: String },
    /// The last line.
    End(End),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Header {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// `sqlite` or `postgresql`.
    pub engine: String,
    /// The source database's schema version (each engine numbers its own migrations).
    pub schema: u32,
    /// The server's version that wrote it.
    pub server: String,
    /// When the export started, unix milliseconds.
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct End {
    /// Rows per table, by table name.
    pub rows: BTreeMap<String, u64>,
    /// Chunks in all.
    pub chunks: u64,
    /// Lowercase hex SHA-256 of every byte of the file before this line.
    pub sha256: String,
}
