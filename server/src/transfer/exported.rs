//! What `quorum-server export` did, for its report.

use std::collections::BTreeMap;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// Rows per carried table.
    pub rows: BTreeMap<String, u64>,
    pub chunks: u64,
    pub documents: u64,
}
