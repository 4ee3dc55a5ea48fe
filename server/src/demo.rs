//! Demo data from the seed documents (see `../shared/seeds`): three real safeguarding
//! children partnerships with their groups, and the joint LLR procedures group that
//! Leicester and Leicestershire & Rutland share. Seeded once, into an empty root index.

use std::convert::Infallible;

use anyhow::Context;
use automerge::Automerge;
use domain::{
    model::{self, Group, PartnershipDoc, PartnershipError, RootIndex},
    storage::{layout, StoreOp},
    DocumentId, GroupId,
};

use crate::{
    root::{now, snapshot},
    storage::SqliteStorage,
};

const SEEDED: &str = "demo_seeded";

/// The joint group of the Leicester, Leicestershire & Rutland boards (one group id in both).
const JOINT_PROCEDURES_GROUP: &str = "LLR Joint Procedures & Development Sub Group";

struct Seed {
    name: &'static str,
    area: &'static str,
    groups: &'static [&'static str],
    has_joint_group: bool,
}

const PARTNERSHIPS: &[Seed] = &[
    Seed {
        name: "Leicester Safeguarding Children Board",
        area: "Leicester",
        groups: &[
            "Core Business and Chairs Executive",
            "Serious Incident Review Group",
            "Performance Analysis and Assurance Group",
            "LLR Joint Executive Group",
        ],
        has_joint_group: true,
    },
    Seed {
        name: "Leicestershire & Rutland Safeguarding Children Partnership",
        area: "Leicestershire and Rutland",
        groups: &[
            "Planning and Delivery Group",
            "Young People Advisory Group",
            "Policy and Procedures Group",
            "Multi Agency Learning and Development Group",
            "Case Review Group",
            "Child Death Review Panel",
            "Multi Agency Audit Group",
        ],
        has_joint_group: true,
    },
    Seed {
        name: "Derby and Derbyshire Safeguarding Children Partnership",
        area: "Derby and Derbyshire",
        groups: &[
            "Core Business Group",
            "Quality Assurance Group",
            "Child Safeguarding Practice Review Group",
            "Case Review Action Planning Group",
            "Education Subgroups",
            "Exploitation and Vulnerable Young People Group",
            "Policies and Procedures Group",
            "Learning and Organisational Development Group",
            "District Councils' Safeguarding Group (Derbyshire)",
        ],
        has_joint_group: false,
    },
];

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
    let joint = GroupId::random();
    let mut ops = Vec::new();
    let mut ids = Vec::new();
    for seed in PARTNERSHIPS {
        let id = DocumentId::random();
        ops.push(snapshot(id, &partnership(seed, joint)?));
        ids.push(id);
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
    tracing::info!(partnerships = ids.len(), "seeded the demo partnerships");
    Ok(true)
}

fn partnership(seed: &Seed, joint: GroupId) -> anyhow::Result<Automerge> {
    let mut doc = Automerge::new();
    model::update::<PartnershipDoc, _, PartnershipError>(
        &mut doc,
        "Create the partnership from its published terms of reference",
        now(),
        |p| {
            *p = PartnershipDoc::new(seed.name, seed.area)?;
            for group in seed.groups {
                p.add_group(group)?;
            }
            if seed.has_joint_group {
                p.groups.push(Group {
                    id: joint,
                    name: JOINT_PROCEDURES_GROUP.to_owned(),
                });
            }
            Ok(())
        },
    )
    .map_err(|e| anyhow::anyhow!("demo partnership {:?}: {e}", seed.name))?;
    Ok(doc)
}
