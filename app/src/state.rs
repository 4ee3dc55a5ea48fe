//! Reactive glue between the [`Repo`](crate::repo::Repo) and the pages: hooks that return
//! typed documents and commands. Pages never see automerge paths.

mod access;
mod alarm;
mod attribution;
mod case_reviews;
mod comments;
mod compliance;
mod compare;
mod consultation;
mod context;
mod directory;
mod documents;
mod draft_reading;
mod follow;
mod forms;
mod group;
mod group_meetings;
mod history;
mod meeting_summary;
mod meetings;
mod new_procedure;
mod offline_papers;
mod operator;
mod page;
mod partnership;
mod partnerships;
mod people;
mod presence;
mod procedures;
mod seats;
mod settled;
mod sync_status;
mod repair;
mod interests;
mod tracker;
mod versions;
mod written;

pub use access::{use_access, UseAccessReturn};
pub use alarm::{use_alarm, Alarm};
pub use compliance::{use_compliance, use_compliance_dashboard, FlagRow, UseComplianceDashboardReturn, UseComplianceReturn};
pub use comments::{find_quote, use_comments, when_local, CommentCommand, CommentField, CommentProblem, CommentView, ReplyView, SuggestionView, UseCommentsReturn};
pub use attribution::{author_of, provide_attribution, use_change_authors, AttributionCache, ChangeAuthors};
pub use compare::{compare_href, use_compare, UseCompareReturn};
pub use directory::{use_directory, UseDirectoryReturn};
pub use consultation::{create_comments_document, end_consultation, open_consultation, use_consultation_review, ConsultProblem};
pub use new_procedure::{add_chapter, create_library, create_procedure, manual_owners, publish_update, ManualOwner};
pub use offline_papers::{kept_text, size_text, use_offline_papers, KeepReport, PaperLink, UseOfflinePapersReturn};
pub use context::{provide_repo, use_repo, RepoCtx};
pub use documents::{create_document, create_document_like};
pub use draft_reading::{saved_draft_reading, use_keep_draft_reading, DraftReading, ReadingSection};
pub use follow::{follow_policy, group_meetings, partnership_groups};
pub use forms::{name_version, FormErrors};
pub use people::{change_interests, create_person, open_people, erase_person, people_of, save_person, use_appointments, use_people, InterestsEdit, PersonSummary};
pub use group::{change_group, owner_organisations, use_group, LinkEdit, ListEdit, OwnerSummary, UseGroupReturn};
pub use meetings::{carried_actions, minutes_offer, split_rows, use_attendance_rates, use_meeting, use_meetings, CarriedAction, DecisionDraft, DetailsDraft, MeetingDraft, MeetingEdit, MeetingRow, MinutesOffer, PreviousMeeting, UseAttendanceRates, UseMeetingReturn, UseMeetingsReturn};
pub use history::{use_history, use_version, UseHistoryReturn};
pub use seats::{use_seats, SeatDraft, UseSeatsReturn};
pub use settled::use_settled;
pub use partnership::{
    change_partnership, check_new_group, list_groups, use_partnership, GroupHeading, GroupSummary, NewGroupField, NewGroupProblem, PartnershipEdit,
    UsePartnershipReturn,
};
pub use partnerships::{
    list_documents, use_partnerships, ListStatus, PartnershipSummary, UsePartnershipsReturn,
};
pub use procedures::{
    date_of, library_view, today, use_libraries, use_other_procedures, use_procedure, use_search, ChapterEntry, LibraryView, OwnerSignOff, ProcedureHeading,
    ProcedureEdit, ProcedureEntry, UseLibrariesReturn, UseProcedureReturn,
};
pub use operator::{use_operator, UseOperatorReturn};
pub use page::{thousands, Page, PageLink, PAGE_SIZE};
pub use presence::{use_presence, UsePresenceReturn};
pub use sync_status::{use_sync_status, UseSyncStatusReturn};
pub use repair::use_repair_after_merge;
pub use interests::{member_label, use_interests_register};
pub use tracker::{csv_file_name, encode_component, filter_actions, use_action_tracker, Show, TrackerQuery, UseActionTrackerReturn};
pub use versions::{use_name_version, UseNameVersionReturn, VersionOf};
pub use case_reviews::{use_case_review, use_case_reviews, ReviewEdit, ReviewRow, UseCaseReviewReturn, UseCaseReviewsReturn};
pub use written::{use_written, use_written_list, CloseDraft, UseWrittenListReturn, UseWrittenReturn, WrittenDraft, WrittenRow};
