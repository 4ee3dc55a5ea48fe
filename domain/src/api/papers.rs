//! Meeting papers: the body of `POST /api/documents/{doc}/papers?name=…` (the file's bytes,
//! with its `Content-Type`) and of `GET /api/documents/{doc}/papers/{blob}` (the bytes).

use serde::{Deserialize, Serialize};

/// The largest paper the server accepts (25 MiB).
pub const MAX_PAPER_BYTES: usize = 25 * 1024 * 1024;

/// `POST /api/documents/{doc}/papers`: the paper as stored; the app records it in the
/// meeting document's agenda item (`meeting::Paper`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaperStored {
    /// `sha256:` and 64 hex digits.
    pub blob: String,
    pub bytes: u64,
    pub name: String,
    pub media_type: String,
    /// Unix milliseconds.
    pub added_at: i64,
}
