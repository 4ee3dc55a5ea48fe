//! Demo data from the seed documents (see `../shared/seeds`), as built by
//! [`domain::demo`]: three safeguarding children partnerships, one document per group, and
//! the joint LLR groups listed by both Leicester and Leicestershire & Rutland. Seeded once,
//! into an empty root index.

use std::convert::Infallible;

use anyhow::Context;
use automerge::Automerge;
use domain::{
    model::{self, GroupDoc, PartnershipDoc, RootIndex},
    storage::{layout, StoreOp},
    DocumentId,
};

use crate::{
    root::{now, snapshot},
    storage::SqliteStorage,
};

const SEEDED: &str = "demo_seeded";

/// Seeds the demo partnerships if they were never seeded and the root index lists none.
/// Returns whether it seeded. Everything is written in one transaction.
pub fn seed_if_empty(storage: &SqliteStorage, root: DocumentId) -> anyhow::Result<bool> {
    if storage.meta(SEEDED)?.is_some() {
        return Ok(false);
    }
    let chunks = storage.range(&layout::document_prefix(root))?;
    let mut index_doc = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice()))?;
    let index: RootIndex = model::read(&index_doc)?;
    if !index.partnerships.is_empty() {
        return Ok(false);
    }
    let demo = domain::demo::build(DocumentId::random);
    let mut ops = Vec::new();
    let mut ids = Vec::new();
    for (id, p) in &demo.partnerships {
        ops.push(snapshot(*id, &partnership_document(p)?));
        ids.push(*id);
    }
    for (id, g) in &demo.groups {
        ops.push(snapshot(*id, &group_document(g)?));
    }
    let before = index_doc.get_heads();
    model::update::<RootIndex, _, Infallible>(
        &mut index_doc,
        "Add the demo partnerships",
        now(),
        |index| {
            ids.iter().for_each(|id| index.add(*id));
            Ok(())
        },
    )
    .context("listing the demo partnerships")?;
    let heads = index_doc.get_heads();
    ops.push(StoreOp::Put(
        layout::chunk_key(root, layout::ChunkKind::Incremental, &heads),
        index_doc.save_after(&before),
    ));
    storage.apply(&ops, &[(SEEDED, "1")])?;
    tracing::info!(partnerships = ids.len(), groups = demo.groups.len(), "seeded the demo partnerships");
    Ok(true)
}

fn partnership_document(value: &PartnershipDoc) -> anyhow::Result<Automerge> {
    let mut doc = Automerge::new();
    model::update::<PartnershipDoc, _, Infallible>(&mut doc, "Create the partnership from its published documents", now(), |d| {
        *d = value.clone();
        Ok(())
    })
    .context("writing a demo partnership")?;
    Ok(doc)
}

fn group_document(value: &GroupDoc) -> anyhow::Result<Automerge> {
    let mut doc = Automerge::new();
    model::update::<GroupDoc, _, Infallible>(&mut doc, "Create the group from its published terms of reference", now(), |d| {
        *d = value.clone();
        Ok(())
    })
    .context("writing a demo group")?;
    Ok(doc)
}
