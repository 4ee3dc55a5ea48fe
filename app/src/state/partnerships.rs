use domain::{
    model::{PartnershipDoc, RootIndex},
    DocumentId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::repo::DocView;

/// A partnership as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnershipSummary {
    pub id: DocumentId,
    pub name: String,
}

/// How far the list has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStatus {
    /// Documents are still loading from this device.
    Starting,
    /// This device does not know the index yet (never connected) or the server lacks it.
    NoIndex,
    /// The index is here; `still_loading` listed partnerships have not arrived yet.
    Ready { still_loading: usize },
}

#[derive(Debug, Clone, Copy)]
pub struct UsePartnershipsReturn {
    /// Loaded partnerships, sorted by name.
    pub partnerships: Memo<Vec<PartnershipSummary>>,
    pub status: Memo<ListStatus>,
}

pub fn use_partnerships() -> UsePartnershipsReturn {
    let ctx = use_repo();
    let listing = Memo::new(move |_| {
        ctx.track_documents();
        let repo = ctx.repo();
        if !repo.is_loaded() {
            return (Vec::new(), ListStatus::Starting);
        }
        let Some(root) = repo.root() else {
            return (Vec::new(), ListStatus::NoIndex);
        };
        match repo.read::<RootIndex>(root) {
            DocView::Ready(index) => {
                list_partnerships(&index, |id| repo.read::<PartnershipDoc>(id))
            }
            DocView::NotOpen | DocView::Loading => (Vec::new(), ListStatus::Starting),
            DocView::Unavailable | DocView::Damaged(_) => (Vec::new(), ListStatus::NoIndex),
        }
    });
    UsePartnershipsReturn {
        partnerships: Memo::new(move |_| listing.with(|(list, _)| list.clone())),
        status: Memo::new(move |_| listing.with(|(_, status)| *status)),
    }
}

/// The index's partnerships that have arrived, sorted by name, and how many have not.
pub fn list_partnerships(
    index: &RootIndex,
    read: impl Fn(DocumentId) -> DocView<PartnershipDoc>,
) -> (Vec<PartnershipSummary>, ListStatus) {
    let mut list = Vec::new();
    let mut still_loading = 0;
    for id in index.documents() {
        match read(id) {
            DocView::Ready(p) => list.push(PartnershipSummary { id, name: p.name }),
            DocView::NotOpen | DocView::Loading => still_loading += 1,
            DocView::Unavailable | DocView::Damaged(_) => {}
        }
    }
    list.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    (list, ListStatus::Ready { still_loading })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lists_arrived_partnerships_by_name_and_counts_the_rest() {
        let (a, b, c, d) = (
            DocumentId::random(),
            DocumentId::random(),
            DocumentId::random(),
            DocumentId::random(),
        );
        let mut index = RootIndex::default();
        for id in [a, b, c, d, a] {
            index.add(id);
        }
        let (list, status) = list_partnerships(&index, |id| {
            if id == a {
                DocView::Ready(PartnershipDoc::new("zeta board", "").unwrap())
            } else if id == b {
                DocView::Ready(PartnershipDoc::new("Alpha Partnership", "").unwrap())
            } else if id == c {
                DocView::Loading
            } else {
                DocView::Unavailable
            }
        });
        let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Alpha Partnership", "zeta board"]);
        assert_eq!(status, ListStatus::Ready { still_loading: 1 });
    }
}
