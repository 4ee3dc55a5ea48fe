//! Naming a version of a partnership, group or procedure draft, with an optional approval (approved by a
//! group or a body named in words, on a date as precise as known), and the groups that may
//! have approved it.

use domain::{
    model::{name_version_with, DocError, GroupDoc, PartnershipDoc, VersionError, VersionField, VersionForm, VersionProblem},
    DocumentId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::repo::{DocView, Repo};

/// What a version is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionOf {
    Partnership(DocumentId),
    Group(DocumentId),
    /// A procedure's working draft (no approval: owners sign off instead).
    Procedure(DocumentId),
}

impl VersionOf {
    pub fn id(self) -> DocumentId {
        match self {
            VersionOf::Partnership(id) | VersionOf::Group(id) | VersionOf::Procedure(id) => id,
        }
    }

    /// Whether the form asks who approved the version.
    pub fn has_approval(self) -> bool {
        !matches!(self, VersionOf::Procedure(_))
    }
}

/// The "Name this version" form's data and command.
#[derive(Debug, Clone, Copy)]
pub struct UseNameVersionReturn {
    /// Groups that may have approved a version: (id, name), by name. For a partnership its
    /// groups; for a group, its owning partnerships' groups.
    pub groups: Memo<Vec<(DocumentId, String)>>,
    /// Names the current state; problems are named against the form's fields.
    pub save: Callback<VersionForm, Result<(), Vec<VersionProblem>>>,
}

pub fn use_name_version(of: VersionOf) -> UseNameVersionReturn {
    let ctx = use_repo();
    let groups = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            approving_groups(&ctx, of)
        })
    };
    let save = Callback::new(move |form: VersionForm| match of {
        VersionOf::Partnership(id) => name::<PartnershipDoc>(ctx.repo(), id, &form),
        VersionOf::Group(id) => name::<GroupDoc>(ctx.repo(), id, &form),
        VersionOf::Procedure(id) => name::<domain::procedure::ProcedureDoc>(ctx.repo(), id, &form),
    });
    UseNameVersionReturn { groups, save }
}

/// Read through `ctx`, so the memo follows exactly the documents it reads (the owners, their
/// partnerships and the groups they list), each group by its heading only.
fn approving_groups(ctx: &super::RepoCtx, of: VersionOf) -> Vec<(DocumentId, String)> {
    let partnerships: Vec<DocumentId> = match of {
        VersionOf::Partnership(id) => vec![id],
        VersionOf::Group(id) => match ctx.group_heading(id) {
            DocView::Ready(g) => g.owners.iter().map(|o| o.partnership).collect(),
            _ => Vec::new(),
        },
        VersionOf::Procedure(_) => Vec::new(),
    };
    let mut out: Vec<(DocumentId, String)> = Vec::new();
    for p in partnerships {
        let DocView::Ready(p) = ctx.read::<PartnershipDoc>(p) else { continue };
        for g in p.groups() {
            if out.iter().any(|(id, _)| *id == g) {
                continue;
            }
            if let DocView::Ready(doc) = ctx.group_heading(g) {
                out.push((g, doc.name));
            }
        }
    }
    out.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
    out
}

fn failure(message: &str) -> Vec<VersionProblem> {
    // Shown against the version field, the first in the form.
    vec![VersionProblem { field: VersionField::Version, error: VersionError::Unsaved(message.to_owned()) }]
}

fn name<T>(repo: &Repo, id: DocumentId, form: &VersionForm) -> Result<(), Vec<VersionProblem>>
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile + domain::model::Versioned,
{
    if !matches!(repo.read::<T>(id), DocView::Ready(_)) {
        return Err(failure("This document has not loaded on this device yet. Try again in a moment"));
    }
    let time = super::partnership::now();
    match repo.change(id, |doc| name_version_with::<T>(doc, form, time)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(DocError::Rule(problems))) => Err(problems),
        Ok(Err(DocError::Shape(e))) => Err(failure(&format!("The version could not be named: {e}"))),
        Ok(Err(DocError::Write(e))) => Err(failure(&format!("The version could not be named: {e}"))),
        Err(_) => Err(failure("This document is not open on this device")),
    }
}
