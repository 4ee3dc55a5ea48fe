//! The root index document: created on the first start (with or without demo data), its id
//! kept in the meta table so `/api/bootstrap` can always name it.

use std::convert::Infallible;

use anyhow::Context;
use automerge::Automerge;
use domain::{
    model::{self, RootIndex},
    storage::{layout, StoreOp},
    DocumentId,
};

use crate::storage::SqliteStorage;

const ROOT_DOCUMENT: &str = "root_document_id";

/// The root index document's id, creating and storing the document on first start.
pub fn ensure(storage: &SqliteStorage) -> anyhow::Result<DocumentId> {
    if let Some(id) = storage.meta(ROOT_DOCUMENT)? {
        return id.parse().context("the stored root document id is invalid");
    }
    let id = DocumentId::random();
    let mut doc = Automerge::new();
    model::update::<RootIndex, _, Infallible>(
        &mut doc,
        "Create the partnership index",
        now(),
        |_| Ok(()),
    )
    .context("creating the root index document")?;
    storage.apply(&[snapshot(id, &doc)], &[(ROOT_DOCUMENT, &id.to_string())])?;
    tracing::info!(document = %id, "created the root index document");
    Ok(id)
}

/// The storage op that writes all of `doc` as one snapshot chunk.
pub(crate) fn snapshot(id: DocumentId, doc: &Automerge) -> StoreOp {
    StoreOp::Put(
        layout::chunk_key(id, layout::ChunkKind::Snapshot, &doc.get_heads()),
        doc.save(),
    )
}

/// Seconds since the epoch, for change metadata.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
