//! The partnership's rules as pure functions over the typed documents.

mod attendance;
mod attention;
mod decision;
mod flags;
mod named_votes;
mod obligations;
mod quorum;
mod schedule;

pub use attendance::{attendance_breaches, AttendanceBreach, AttendanceRecord};
pub use decision::{decide, Ballot, Casting, Decision, Method, Votes};
pub use named_votes::{NamedVotes, VoteCast};
pub use flags::{attendance_flags, partnership_flags, SeatFlag};
pub use attention::{partnership_attention, AttentionItem, AttentionKind, GroupAttention};
pub use obligations::{seat_obligations, Obligation, DUE_SOON_DAYS};
pub use quorum::{and_list, evaluate_quorum, Presence, QuorumOutcome};
pub use schedule::{meeting_dates, plan_meetings, propose_year, review_status, ReviewStatus};
