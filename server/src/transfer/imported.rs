//! What `quorum-server import` did, for its report.

use std::collections::BTreeMap;

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
    pub chunks: u64,
    pub documents: u64,
    /// The engine the archive came from (`sqlite` or `postgresql`).
    pub from_engine: String,
}
