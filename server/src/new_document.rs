//! Writing a new Automerge document from a model value (the CLI's partnerships, the demo).

use std::convert::Infallible;

use anyhow::Context;
use automerge::Automerge;
use autosurgeon::{Hydrate, Reconcile};
use domain::{
    model,
    storage::{layout, StoreOp},
    DocumentId,
};

/// A document holding `value`, made in one change with `message`.
pub fn create<M>(value: &M, message: &str) -> anyhow::Result<Automerge>
where
    M: Reconcile + Hydrate + Clone,
{
    let mut doc = Automerge::new();
    model::update::<M, _, Infallible>(&mut doc, message, now(), |d| {
        *d = value.clone();
        Ok(())
    })
    .context("writing a new document")?;
    Ok(doc)
}

/// The storage op that writes all of `doc` as one snapshot chunk.
pub fn snapshot(id: DocumentId, doc: &Automerge) -> StoreOp {
    StoreOp::Put(
        layout::chunk_key(id, layout::ChunkKind::Snapshot, &doc.get_heads()),
        doc.save(),
    )
}

/// Seconds since the epoch, for change metadata.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
