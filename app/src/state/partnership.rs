use domain::{
    model::{PartnershipDoc, PartnershipError},
    DocumentId, GroupId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::{
    error::AppError,
    repo::{settings, DocView, Repo},
};

/// One partnership document and the commands on it.
#[derive(Debug, Clone, Copy)]
pub struct UsePartnershipReturn {
    pub partnership: Memo<DocView<PartnershipDoc>>,
    /// Renames the partnership (domain rules apply: not empty, not too long).
    pub rename: Callback<String, Result<(), AppError>>,
    /// Adds a group (domain rules apply: a name, used once).
    pub add_group: Callback<String, Result<GroupId, AppError>>,
}

/// Opens partnership `id` (requesting it from the server if this device lacks it).
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
    let rename = {
        let ctx = ctx.clone();
        Callback::new(move |name: String| {
            change_partnership(ctx.repo(), id, "Rename the partnership", |p| {
                p.rename(&name)
            })
        })
    };
    let add_group = Callback::new(move |name: String| {
        change_partnership(ctx.repo(), id, "Add a group", |p| p.add_group(&name))
    });
    UsePartnershipReturn {
        partnership,
        rename,
        add_group,
    }
}

/// Applies a domain change to a partnership as one automerge change, stamped now.
pub fn change_partnership<R>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    f: impl FnOnce(&mut PartnershipDoc) -> Result<R, PartnershipError>,
) -> Result<R, AppError> {
    let time = (js_sys::Date::now() / 1000.0) as i64;
    match repo.read::<PartnershipDoc>(id) {
        DocView::Ready(_) => {}
        _ => return Err(AppError::NotOpen),
    }
    repo.change(id, |doc| domain::model::update(doc, message, time, f))
        .map_err(|_| AppError::NotOpen)?
        .map_err(AppError::from)
}
