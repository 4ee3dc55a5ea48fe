//! Invariants re-checked after every merge, in the app: when others' changes merged into a
//! document this person may edit leave it breaking a rule (a seat listed twice, a procedure
//! in two chapters), the page writes the mend back as one change ("Repair after merge"),
//! which then syncs like any edit. Readers only ever see the mended value; they write
//! nothing (the server would refuse it).

use autosurgeon::{Hydrate, Reconcile};
use domain::{model::Repair, DocumentId};
use leptos::prelude::*;

use super::use_repo;
use crate::repo::DocView;

/// Watches `value` (the page's own read of document `id`) and writes its mend whenever it
/// needs one and `may_edit` holds.
pub fn use_repair_after_merge<T>(id: DocumentId, value: Memo<DocView<T>>, may_edit: Signal<bool>)
where
    T: Hydrate + Reconcile + Repair + Clone + PartialEq + Send + Sync + 'static,
{
    let ctx = use_repo();
    Effect::new(move |_| {
        if !may_edit.get() {
            return;
        }
        if !value.with(|v| matches!(v, DocView::Ready(t) if domain::model::needs_repair(t))) {
            return;
        }
        let time = super::partnership::now();
        match ctx.repo().change(id, |doc| domain::model::repair_after_merge::<T>(doc, time)) {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => leptos::logging::warn!("could not mend {id} after a merge: {e}"),
            Err(_) => {}
        }
    });
}
