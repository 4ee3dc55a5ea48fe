//! Meeting papers: files attached to agenda items (issue 12), stored as content-addressed
//! blobs in the same SQLite file as the documents and readable by whoever may read a document
//! that attaches them.
//!
//! - [`MediaType`]: the kinds of file a paper may be (PDF, Word, Excel, PowerPoint,
//!   OpenDocument, images, text, CSV), decided from the declared type and the bytes.
//! - [`PaperStore`]: one transaction per upload (the blob, deduplicated by hash, and the
//!   document's reference to it), committed with `synchronous=FULL` before the server answers,
//!   so an acknowledged upload survives `kill -9` and a cut-off upload leaves nothing.

mod media;
mod store;

pub use media::{MediaType, UnsupportedMedia};
pub use store::{BlobHash, PaperStore, PapersError, StoredPaper, MAX_PAPER_BYTES};
