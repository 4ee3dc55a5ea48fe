//! Reactive glue between the [`Repo`](crate::repo::Repo) and the pages: hooks that return
//! typed documents and commands. Pages never see automerge paths.

mod context;
mod partnership;
mod partnerships;
mod sync_status;

pub use context::{provide_repo, use_repo, RepoCtx};
pub use partnership::{change_partnership, use_partnership, UsePartnershipReturn};
pub use partnerships::{
    list_partnerships, use_partnerships, ListStatus, PartnershipSummary, UsePartnershipsReturn,
};
pub use sync_status::{use_sync_status, UseSyncStatusReturn};
