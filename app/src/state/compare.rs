//! Comparing two versions of a procedure (issue 11): the versions the person may choose
//! and the comparison of the two the address names, all worked out by
//! `domain::procedure::compare`; the page only renders them.

use domain::{
    procedure::{compare_versions, pick_pair, version_choices, ComparePick, Comparison, ProcedureDoc, VersionChoice, VersionRef},
    DocumentId,
};
use leptos::prelude::*;

use super::{procedures::date_of, use_repo};

#[derive(Debug, Clone, Copy)]
pub struct UseCompareReturn {
    /// The versions to choose from, newest first.
    pub choices: Memo<Vec<VersionChoice>>,
    /// The two versions compared (from the address, or the default pair), or why not.
    pub pair: Memo<Result<(VersionRef, VersionRef), ComparePick>>,
    /// The comparison of the pair; `Err` with a message when it cannot be made on this
    /// device (a version's changes not here yet).
    pub comparison: Memo<Option<Result<Comparison, String>>>,
}

/// `/procedures/<doc>/compare?from=<version>&to=<version>`.
pub fn compare_href(doc: DocumentId, from: Option<&VersionRef>, to: Option<&VersionRef>) -> String {
    let mut query = Vec::new();
    if let Some(f) = from {
        query.push(format!("from={}", super::encode_component(&f.to_string())));
    }
    if let Some(t) = to {
        query.push(format!("to={}", super::encode_component(&t.to_string())));
    }
    if query.is_empty() {
        format!("/procedures/{doc}/compare")
    } else {
        format!("/procedures/{doc}/compare?{}", query.join("&"))
    }
}

/// The versions of procedure `id` and the comparison of `from` with `to` (the address's
/// values); `with_draft` whether the person may read the working draft and sign-offs.
pub fn use_compare(id: DocumentId, doc: Memo<ProcedureDoc>, with_draft: Signal<bool>, from: Signal<Option<String>>, to: Signal<Option<String>>) -> UseCompareReturn {
    let ctx = use_repo();
    let choices = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let with_draft = with_draft.get();
            doc.with(|p| ctx.with_document(id, |d| version_choices(d, p, with_draft, date_of)).unwrap_or_default())
        })
    };
    let pair = Memo::new(move |_| choices.with(|c| pick_pair(c, from.get().as_deref(), to.get().as_deref())));
    let comparison = Memo::new(move |_| {
        let (from, to) = pair.get().ok()?;
        choices.with(|c| ctx.with_document(id, |d| compare_versions(d, c, &from, &to).map_err(|e| e.to_string())))
    });
    UseCompareReturn { choices, pair, comparison }
}
