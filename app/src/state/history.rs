//! A document's history, shared by group and partnership pages: its changes, the fields two
//! people set at once, its named versions, and the document as it was at earlier heads.

use automerge::ChangeHash;
use domain::{
    model::{read_at, timeline, ChangeEntry, Conflict, Revision, Versioned},
    DocumentId,
};
use leptos::prelude::*;

use super::{partnership::now, use_repo};
use crate::{
    error::AppError,
    repo::DocView,
};

/// The history of document `id` (a group or a partnership, typed `T`).
#[derive(Debug, Clone, Copy)]
pub struct UseHistoryReturn {
    /// The document's changes, newest first.
    pub history: Memo<Vec<ChangeEntry>>,
    /// Fields two people set differently at the same time.
    pub conflicts: Memo<Vec<Conflict>>,
    /// Keeps one value of a conflicted field: (path, index of the value in the conflict).
    pub resolve: Callback<(Vec<String>, usize), Result<(), AppError>>,
    /// Named versions, newest first.
    pub revisions: Memo<Vec<Revision>>,
    /// Names the current version: (version, note).
    pub name_version: Callback<(String, String), Result<(), String>>,
}

pub fn use_history<T>(id: DocumentId) -> UseHistoryReturn
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile + Versioned + Clone + 'static,
{
    let ctx = use_repo();
    ctx.repo().open(id);
    let history = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            crate::repo::probe::timed("history.timeline", || ctx.with_document(id, timeline).unwrap_or_default())
        })
    };
    let conflicts = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            crate::repo::probe::timed("history.conflicts", || ctx.with_document(id, domain::model::conflicts).unwrap_or_default())
        })
    };
    let revisions = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let named = match ctx.read::<T>(id) {
                DocView::Ready(mut doc) => std::mem::take(doc.versions_mut()),
                _ => Vec::new(),
            };
            crate::repo::probe::timed("history.revisions", || ctx.with_document(id, |d| domain::model::revision_table(d, &named)).unwrap_or_default())
        })
    };
    let name_version = {
        let ctx = ctx.clone();
        Callback::new(move |(version, note): (String, String)| super::name_version::<T>(ctx.repo(), id, &version, &note))
    };
    let resolve = Callback::new(move |(path, index): (Vec<String>, usize)| {
        let value = conflicts
            .get_untracked()
            .into_iter()
            .find(|c| c.path == path)
            .and_then(|c| c.values.get(index).map(|v| v.value.clone()))
            .ok_or_else(|| AppError::Document("That conflict has already been resolved".to_owned()))?;
        let time = now();
        ctx.repo()
            .change(id, |doc| domain::model::resolve(doc, &path, value, time))
            .map_err(|_| AppError::NotOpen)?
            .map_err(|e| AppError::Document(e.to_string()))
    });
    UseHistoryReturn { history, conflicts, resolve, revisions, name_version }
}

/// Document `id` as it was at `heads`, typed `T`, with the time of the latest change those
/// heads include; `None` while the document (or those changes) are not on this device.
pub fn use_version<T>(id: DocumentId, heads: Vec<ChangeHash>) -> Memo<Option<(T, i64)>>
where
    T: autosurgeon::Hydrate + Clone + PartialEq + Send + Sync + 'static,
{
    let ctx = use_repo();
    ctx.repo().open(id);
    Memo::new(move |_| {
        ctx.with_document(id, |d| {
                let value = read_at::<T>(d, &heads).ok()?;
                let time = timeline(d).into_iter().filter(|c| heads.contains(&c.hash)).map(|c| c.time).max().unwrap_or_default();
                Some((value, time))
            })
            .flatten()
    })
}
