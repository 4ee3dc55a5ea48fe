//! Reading a document as it was at some heads without replaying its history (a `fork_at`
//! copies every change up to the heads, which is slow on a long history): the shared
//! [`DocReader`] answers autosurgeon's reads with automerge's `*_at` reads.

use automerge::{self as am, ChangeHash};

use crate::model::{CachedReader, DocReader};

/// Hydrates `T` from `doc` as at `heads`. Heads the document does not have are an error.
pub(crate) fn hydrate_at<T: autosurgeon::Hydrate>(doc: &am::Automerge, heads: &[ChangeHash]) -> Result<T, super::ProcedureError> {
    if let Some(missing) = heads.iter().find(|h| doc.get_change_meta_by_hash(h).is_none()) {
        return Err(super::ProcedureError::Doc(format!("this device does not have change {missing}")));
    }
    autosurgeon::hydrate(&CachedReader::new(DocReader::at(doc, heads))).map_err(super::ProcedureError::doc)
}
