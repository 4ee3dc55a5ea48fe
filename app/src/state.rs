//! Reactive glue between the [`Repo`](crate::repo::Repo) and the pages: hooks that return
//! typed documents and commands. Pages never see automerge paths.

mod access;
mod attribution;
mod context;
mod documents;
mod follow;
mod forms;
mod group;
mod operator;
mod partnership;
mod partnerships;
mod people;
mod sync_status;
mod versions;

pub use access::{use_access, UseAccessReturn};
pub use attribution::{author_of, provide_attribution, use_change_authors, AttributionCache, ChangeAuthors};
pub use context::{provide_repo, use_repo, RepoCtx};
pub use documents::create_document;
pub use follow::{follow_policy, partnership_groups};
pub use forms::name_version;
pub use people::{create_person, open_people, erase_person, people_of, save_person, use_appointments, use_people, PersonSummary};
pub use group::{change_group, owner_organisations, use_group, LinkEdit, ListEdit, OwnerSummary, SeatDraft, UseGroupReturn};
pub use partnership::{change_partnership, list_groups, use_partnership, GroupSummary, PartnershipEdit, UsePartnershipReturn};
pub use partnerships::{
    list_documents, use_partnerships, ListStatus, PartnershipSummary, UsePartnershipsReturn,
};
pub use operator::{use_operator, UseOperatorReturn};
pub use sync_status::{use_sync_status, UseSyncStatusReturn};
pub use versions::{use_name_version, UseNameVersionReturn, VersionOf};
