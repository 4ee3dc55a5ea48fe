//! Meetings of a group: one document per meeting, owned like its group (issue 12).
//!
//! - [`MeetingDoc`]: when and where, status, the agenda with its papers, attendance per seat,
//!   declarations of interest, decisions, the minutes (text merged character by character)
//!   and the actions that came out of it; the minutes approved at the next meeting, then
//!   changed only by recorded amendments ([`MinutesApproval`]).
//! - The group's own rules are applied from [`crate::rules`]: the live quorum
//!   ([`MeetingDoc::quorum`]), decisions ([`crate::rules::decide`]), deadlines in working days
//!   ([`MeetingDoc::papers_deadline`]).
//! - [`WrittenProcedureDoc`]: a decision by written procedure between meetings, by the same
//!   rules.
//! - [`CaseReviewDoc`]: a case review's recommendations and the action plan answering them.

mod actions;
mod agenda;
mod approval;
mod attendance;
mod case_review;
mod chair_letter;
#[cfg(feature = "demo")]
pub mod demo;
mod doc;
mod edit;
mod ics;
mod interests;
mod member_response;
mod minutes;
mod minutes_items;
mod organisation_rates;
mod rates;
mod reference;
mod time;
mod tracker;
mod written;

pub use organisation_rates::{organisation_rates, organisation_rates_csv, OrganisationRate};
pub use actions::{carry_forward, is_action_log, Action, ActionStatus};
pub use approval::{is_minutes_item, previous_meeting, ApproveMinutes, MinutesAmendment, MinutesApproval, MinutesSignOff, MinutesStatus, MINUTES_ITEM};
pub use agenda::{standing_agenda, AgendaItem, Paper, Purpose};
pub use attendance::{Attendance, Mark, OtherAttendee};
pub use case_review::{CaseReviewDoc, CaseReviewError, CaseReviewRef, Progress as PlanProgress, Recommendation, ReviewKind};
pub use chair_letter::{chair_letter, LetterFacts};
pub use doc::{attendance_record, MeetingDoc, MeetingError, MeetingStatus, RecordedDecision};
pub use edit::{DetailsDraft, ItemDraft};
pub use ics::{calendar, CalendarEvent};
pub use member_response::{member_response_allowed, Member, MemberResponseError};
pub use interests::{interests_choices, interests_csv, register_of_interests, Declaration, InterestsFilter, RegisteredInterest};
pub use minutes_items::{minutes_by_item, minutes_outline, MinutesPart};
pub use minutes::{minutes_approved, minutes_obj, minutes_text, splice_minutes, MinutesError};
pub use rates::{attendance_csv, attendance_rates, AttendanceRate};
pub use reference::{MeetingRef, WrittenRef};
pub use time::{BadTime, Time};
pub use tracker::{to_csv as actions_csv, track as track_actions, track_with_reviews, ReviewSource, TrackedAction, TrackerFilter};
pub use written::{CloseWritten, OpenWritten, WrittenError, WrittenOutcome, WrittenProcedureDoc, WrittenResponse, WrittenStage};
