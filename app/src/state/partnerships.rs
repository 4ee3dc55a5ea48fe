use domain::{
    model::{GroupDoc, PartnershipDoc},
    DocumentId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::{
    auth::{use_me, AccessRole, Me, SessionStatus, UseMeReturn},
    repo::DocView,
};

/// A partnership or shared document as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartnershipSummary {
    pub id: DocumentId,
    pub name: String,
    pub role: AccessRole,
}

/// How far the list has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStatus {
    /// Documents are still loading from this device, or the server has not said who this is.
    Starting,
    /// Nobody is signed in on this device and the server cannot be reached.
    NoAccount,
    /// `still_loading` listed documents have not arrived yet (names come from `Me` meanwhile).
    Ready { still_loading: usize },
}

#[derive(Debug, Clone, Copy)]
pub struct UsePartnershipsReturn {
    /// The account's partnerships, sorted by name.
    pub partnerships: Memo<Vec<PartnershipSummary>>,
    /// Documents shared with the account (e.g. a joint group), sorted by name.
    pub shared: Memo<Vec<PartnershipSummary>>,
    pub status: Memo<ListStatus>,
}

pub fn use_partnerships() -> UsePartnershipsReturn {
    let ctx = use_repo();
    let UseMeReturn { me, status: session, .. } = use_me();
    let listing = Memo::new(move |_| {
        let Some(me) = me.get() else {
            let status = match session.get() {
                SessionStatus::Checking => ListStatus::Starting,
                _ => ListStatus::NoAccount,
            };
            return (Vec::new(), Vec::new(), status);
        };
        if !ctx.is_loaded() {
            return (Vec::new(), Vec::new(), ListStatus::Starting);
        }
        list_documents(&me, |id| ctx.read::<PartnershipDoc>(id), |id| ctx.read::<GroupDoc>(id))
    });
    UsePartnershipsReturn {
        partnerships: Memo::new(move |_| listing.with(|(list, _, _)| list.clone())),
        shared: Memo::new(move |_| listing.with(|(_, shared, _)| shared.clone())),
        status: Memo::new(move |_| listing.with(|(_, _, status)| *status)),
    }
}

/// The account's partnerships and shared documents, each named from its document when it
/// has arrived, else from `Me` (partnerships) or as still loading (shared); sorted by name.
pub fn list_documents(
    me: &Me,
    read_partnership: impl Fn(DocumentId) -> DocView<PartnershipDoc>,
    read_group: impl Fn(DocumentId) -> DocView<GroupDoc>,
) -> (Vec<PartnershipSummary>, Vec<PartnershipSummary>, ListStatus) {
    let mut still_loading = 0;
    let mut partnerships = Vec::new();
    for p in &me.partnerships {
        let name = match read_partnership(p.document_id) {
            DocView::Ready(doc) => doc.name,
            DocView::Unavailable | DocView::Damaged(_) => p.name.clone(),
            DocView::NotOpen | DocView::Loading => {
                still_loading += 1;
                p.name.clone()
            }
        };
        partnerships.push(PartnershipSummary { id: p.document_id, name, role: p.role });
    }
    let mut shared = Vec::new();
    for s in &me.shared {
        match read_group(s.document_id) {
            DocView::Ready(doc) => shared.push(PartnershipSummary { id: s.document_id, name: doc.name, role: s.role }),
            DocView::NotOpen | DocView::Loading => still_loading += 1,
            DocView::Unavailable | DocView::Damaged(_) => {}
        }
    }
    let by_name = |a: &PartnershipSummary, b: &PartnershipSummary| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id))
    };
    partnerships.sort_by(by_name);
    shared.sort_by(by_name);
    (partnerships, shared, ListStatus::Ready { still_loading })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Account, PartnershipAccess, SharedDocument};
    use domain::model::GroupKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lists_me_partnerships_by_name_named_from_their_documents_when_loaded() {
        let (a, b, c, shared) = (DocumentId::random(), DocumentId::random(), DocumentId::random(), DocumentId::random());
        let access = |name: &str, doc| PartnershipAccess { id: name.into(), name: name.into(), document_id: doc, role: AccessRole::Editor };
        let me = Me {
            account: Account { id: "x".into(), email: "x@example.org".into(), name: "X".into() },
            partnerships: vec![access("zeta (from me)", a), access("Beta (from me)", b), access("Gamma (from me)", c)],
            shared: vec![SharedDocument { document_id: shared, role: AccessRole::Viewer }],
            two_step_needed: false,
        };
        let (list, shared_list, status) = list_documents(
            &me,
            |id| {
                if id == a {
                    DocView::Ready(PartnershipDoc::new("Alpha Partnership", "").unwrap())
                } else if id == b {
                    DocView::Loading
                } else {
                    DocView::Unavailable
                }
            },
            |id| {
                assert_eq!(id, shared);
                DocView::Ready(GroupDoc::new("LLR Joint Group", GroupKind::Subgroup, a).unwrap())
            },
        );
        let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Alpha Partnership", "Beta (from me)", "Gamma (from me)"]);
        assert_eq!(shared_list[0].name, "LLR Joint Group");
        assert_eq!(shared_list[0].role, AccessRole::Viewer);
        assert_eq!(status, ListStatus::Ready { still_loading: 1 });
    }
}
