use domain::{
    model::{new_group_name, GroupDoc, GroupError, GroupKind, PartnershipDoc, PartnershipError},
    DocumentId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::{
    error::AppError,
    repo::{settings, DocView, Repo},
};

/// A group as a partnership page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupSummary {
    pub id: DocumentId,
    pub name: String,
    /// Owned by more than one partnership.
    pub joint: bool,
    pub reports_to: Option<DocumentId>,
}

/// One partnership document and the commands on it.
#[derive(Debug, Clone, Copy)]
pub struct UsePartnershipReturn {
    pub partnership: Memo<DocView<PartnershipDoc>>,
    /// The listed group documents that have arrived, in the partnership's order.
    pub groups: Memo<Vec<GroupSummary>>,
    /// Renames the partnership (domain rules apply: not empty, not too long).
    pub rename: Callback<String, Result<(), AppError>>,
    /// Creates a group document owned by this partnership and lists it (a name, used once
    /// among the partnership's groups).
    pub add_group: Callback<String, Result<DocumentId, AppError>>,
}

/// Opens partnership `id` (requesting it from the server if this device lacks it) and the
/// group documents it lists.
pub fn use_partnership(id: DocumentId) -> UsePartnershipReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    settings::set_last_partnership(id);
    let partnership = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.track_documents();
            ctx.repo().read::<PartnershipDoc>(id)
        })
    };
    let listed = Memo::new(move |_| match partnership.get() {
        DocView::Ready(p) => p.groups(),
        _ => Vec::new(),
    });
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            for g in listed.get() {
                ctx.repo().open(g);
            }
        });
    }
    let groups = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.track_documents();
            list_groups(&listed.get(), |g| ctx.repo().read::<GroupDoc>(g))
        })
    };
    let rename = {
        let ctx = ctx.clone();
        Callback::new(move |name: String| {
            change_partnership(ctx.repo(), id, "Rename the partnership", |p| p.rename(&name))
        })
    };
    let add_group = Callback::new(move |name: String| {
        let existing = groups.get_untracked();
        let name = new_group_name(&name, existing.iter().map(|g| g.name.as_str()))?;
        create_group(ctx.repo(), id, &name)
    });
    UsePartnershipReturn { partnership, groups, rename, add_group }
}

/// The listed groups that have arrived, in order, each once.
pub fn list_groups(listed: &[DocumentId], read: impl Fn(DocumentId) -> DocView<GroupDoc>) -> Vec<GroupSummary> {
    listed
        .iter()
        .filter_map(|&id| match read(id) {
            DocView::Ready(g) => Some(GroupSummary { id, joint: g.is_joint(), reports_to: g.reports_to, name: g.name }),
            _ => None,
        })
        .collect()
}

/// A new group document owned by `partnership`, listed by it.
fn create_group(repo: &Repo, partnership: DocumentId, name: &str) -> Result<DocumentId, AppError> {
    match repo.read::<PartnershipDoc>(partnership) {
        DocView::Ready(_) => {}
        _ => return Err(AppError::NotOpen),
    }
    let group = super::create_document(repo, partnership);
    let time = now();
    repo.change(group, |doc| {
        domain::model::update::<GroupDoc, _, GroupError>(doc, "Create the group", time, |g| {
            *g = GroupDoc::new(name, GroupKind::Subgroup, partnership)?;
            Ok(())
        })
    })
    .map_err(|_| AppError::NotOpen)??;
    change_partnership(repo, partnership, "Add a group", |p| {
        p.list_group(group);
        Ok(())
    })?;
    Ok(group)
}

pub(crate) fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Applies a domain change to an open document of type `T` as one automerge change,
/// stamped now. A document that has not arrived (or is damaged) is not changed.
pub(crate) fn change_doc<T, R, E>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    f: impl FnOnce(&mut T) -> Result<R, E>,
) -> Result<R, AppError>
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile,
    AppError: From<domain::model::DocError<E>>,
{
    let time = now();
    if !matches!(repo.read::<T>(id), DocView::Ready(_)) {
        return Err(AppError::NotOpen);
    }
    repo.change(id, |doc| domain::model::update(doc, message, time, f))
        .map_err(|_| AppError::NotOpen)?
        .map_err(AppError::from)
}

/// Applies a domain change to a partnership as one automerge change, stamped now.
pub fn change_partnership<R>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    f: impl FnOnce(&mut PartnershipDoc) -> Result<R, PartnershipError>,
) -> Result<R, AppError> {
    change_doc(repo, id, message, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lists_arrived_groups_in_order() {
        let p = DocumentId::random();
        let (a, b, c) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let list = list_groups(&[a, b, c], |id| {
            if id == a {
                DocView::Ready(GroupDoc::new("Case Review Group", GroupKind::Subgroup, p).unwrap())
            } else if id == b {
                DocView::Loading
            } else {
                let mut g = GroupDoc::new("LLR Joint Procedures", GroupKind::Subgroup, p).unwrap();
                g.add_owner(DocumentId::random());
                DocView::Ready(g)
            }
        });
        let shown: Vec<_> = list.iter().map(|g| (g.name.as_str(), g.joint)).collect();
        assert_eq!(shown, [("Case Review Group", false), ("LLR Joint Procedures", true)]);
    }
}
