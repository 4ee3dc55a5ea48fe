use autosurgeon::{Hydrate, Reconcile};

use crate::{ItemId, SeatId};

/// A declaration of interest made at a meeting, on one item (or on the whole agenda when
/// `item` is `None`). The chair may exclude the member from the item, which removes their
/// vote on it and their seat from its quorum.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Declaration {
    #[key]
    pub id: ItemId,
    pub seat: SeatId,
    #[autosurgeon(missing = "Default::default")]
    pub item: Option<ItemId>,
    pub interest: String,
    #[autosurgeon(missing = "Default::default")]
    pub excluded: bool,
}

impl Declaration {
    /// Whether it keeps the member out of `item`.
    pub fn excludes_from(&self, item: ItemId) -> bool {
        self.excluded && self.item.is_none_or(|i| i == item)
    }
}
