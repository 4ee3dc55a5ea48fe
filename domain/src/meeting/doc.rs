use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile, Text};

use super::{standing_agenda, Action, AgendaItem, Attendance, Declaration, MinutesAmendment, MinutesApproval, MinutesSignOff, Time};
use crate::{
    model::{Date, GroupDoc, TermsOfReference},
    rules::{decide, evaluate_quorum, AttendanceRecord, Ballot, Decision, Method, NamedVotes, QuorumOutcome, VoteCast},
    DocumentId, ItemId, SeatId,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub enum MeetingStatus {
    #[default]
    Scheduled,
    Held,
    Cancelled,
    /// Adjourned to another date (e.g. it lost its quorum, constitution 16.1).
    Adjourned,
}

impl MeetingStatus {
    pub fn label(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "Scheduled",
            MeetingStatus::Held => "Held",
            MeetingStatus::Cancelled => "Cancelled",
            MeetingStatus::Adjourned => "Adjourned",
        }
    }
}

/// A decision as the minutes record it: the outcome and who was entitled to vote then.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct RecordedDecision {
    #[key]
    pub id: ItemId,
    pub item: ItemId,
    /// What was proposed.
    pub wording: String,
    pub carried: bool,
    /// The outcome in words ("By majority, 7 to 3").
    pub outcome: String,
    /// Seats entitled to vote at that moment.
    pub entitled: Vec<SeatId>,
    #[autosurgeon(missing = "Default::default")]
    pub to_be_ratified: Option<String>,
    /// When it was recorded (unix milliseconds).
    pub recorded_at: i64,
    /// A recorded vote, keyed by seat (empty for consensus or a vote taken as counts).
    #[autosurgeon(missing = "Default::default")]
    pub votes: BTreeMap<String, VoteCast>,
    /// On an approval of the last meeting's minutes: what was signed off, from which the
    /// approval in that meeting's own document is written (and repaired).
    #[autosurgeon(missing = "Default::default")]
    pub signs_off: Option<MinutesSignOff>,
}

impl RecordedDecision {
    /// The recorded vote, by seat (a key that is not a seat id is skipped).
    pub fn named_votes(&self) -> NamedVotes {
        NamedVotes::new(self.votes.iter().filter_map(|(s, v)| Some((s.parse().ok()?, *v))))
    }

    /// The seats that voted `how` (in seat id order; the minutes list them in the group's order).
    pub fn voted(&self, how: VoteCast) -> Vec<SeatId> {
        self.named_votes().0.into_iter().filter(|(_, v)| *v == how).map(|(s, _)| s).collect()
    }
}

/// A rule of the meeting was broken; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("There is no such agenda item")]
    NoSuchItem,
    #[error("{0}")]
    Undecided(String),
    #[error("A cancelled meeting cannot record decisions")]
    Cancelled,
    #[error("Enter what was proposed")]
    NoWording,
    #[error("Enter the title of the item")]
    NoTitle,
    #[error("A decision is recorded on this item: it cannot be removed")]
    ItemHasDecisions,
    #[error("There is no such action")]
    NoSuchAction,
    #[error("There is no such decision on this item")]
    NoSuchDecision,
    #[error("Enter what the action is")]
    NoDescription,
    #[error("Enter who owns the action")]
    NoOwner,
    #[error("Enter the interest declared")]
    NoInterest,
    #[error("These minutes are already approved: record an amendment to change them")]
    MinutesApproved,
    #[error("The minutes are still a draft: change the draft instead")]
    MinutesNotApproved,
    #[error("There are no minutes to approve: write the minutes first")]
    NoMinutes,
    #[error("Enter the name of the chair who signs the minutes off")]
    NoSignature,
    #[error("The meeting is not quorate: it cannot approve the minutes of the last meeting")]
    NotQuorateForMinutes,
    #[error("Enter why the approved minutes are amended")]
    NoAmendmentReason,
    #[error("Change the minutes to record an amendment")]
    AmendmentUnchanged,
    #[error("Enter the substitute's name")]
    NoSubstituteName(SeatId),
    #[error("Enter the name of the person in attendance")]
    NoAttendeeName,
    #[error("There is no such person in attendance")]
    NoSuchAttendee,
    #[error("{0} of the named votes are from members not entitled to vote on this item: record their attendance first, or remove their votes")]
    NotEntitledToVote(usize),
}

/// One meeting of a group.
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct MeetingDoc {
    /// The group's document (the meeting is owned like it).
    #[autosurgeon(missing = "Default::default")]
    pub group: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub date: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub start: Option<Time>,
    #[autosurgeon(missing = "Default::default")]
    pub end: Option<Time>,
    #[autosurgeon(missing = "Default::default")]
    pub venue: String,
    #[autosurgeon(missing = "Default::default")]
    pub online_link: String,
    #[autosurgeon(missing = "Default::default")]
    pub status: MeetingStatus,
    #[autosurgeon(missing = "Default::default")]
    pub agenda: Vec<AgendaItem>,
    #[autosurgeon(missing = "Default::default")]
    pub attendance: Attendance,
    #[autosurgeon(missing = "Default::default")]
    pub declarations: Vec<Declaration>,
    #[autosurgeon(missing = "Default::default")]
    pub decisions: Vec<RecordedDecision>,
    /// Co-written by the note-takers, merged character by character.
    #[autosurgeon(missing = "Default::default")]
    pub minutes: Text,
    #[autosurgeon(missing = "Default::default")]
    pub actions: Vec<Action>,
    /// Set once the next meeting approved the minutes as a true record.
    #[autosurgeon(missing = "Default::default")]
    pub minutes_approval: Option<MinutesApproval>,
    /// Changes to the approved minutes, oldest first.
    #[autosurgeon(missing = "Default::default")]
    pub minutes_amendments: Vec<MinutesAmendment>,
}

impl MeetingDoc {
    /// A meeting of the group on `date`, its agenda prefilled from the terms of reference.
    pub fn new(group: DocumentId, date: Date, terms: &TermsOfReference) -> Self {
        Self { group: Some(group), date: Some(date), agenda: standing_agenda(terms), ..Self::default() }
    }

    /// The papers deadline the terms of reference set (working days skip bank holidays).
    pub fn papers_deadline(&self, terms: &TermsOfReference) -> Option<Date> {
        Some(terms.papers_deadline?.before(self.date?))
    }

    /// When the agenda is circulated.
    pub fn agenda_circulation(&self, terms: &TermsOfReference) -> Option<Date> {
        Some(terms.agenda_circulation?.before(self.date?))
    }

    /// Seats the chair excluded from `item` for an interest.
    pub fn excluded_from(&self, item: ItemId) -> Vec<SeatId> {
        self.declarations.iter().filter(|d| d.excludes_from(item)).map(|d| d.seat).collect()
    }

    /// The live quorum by the group's rule (on an item, less those excluded from it);
    /// `None` when the group has no quorum rule.
    pub fn quorum(&self, group: &GroupDoc, item: Option<ItemId>) -> Option<QuorumOutcome> {
        let rule = group.terms.quorum.as_ref()?;
        let excluded = item.map(|i| self.excluded_from(i)).unwrap_or_default();
        Some(evaluate_quorum(rule, &group.seats, &self.attendance.presence(&group.seats, &excluded)))
    }

    /// Applies the group's decision rules to what happened in the room for `item` and records
    /// the outcome (carried or not) with who was entitled to vote. The ballot's `entitled`
    /// and `quorate` are taken from the attendance, not from the caller. A rule that needs
    /// more from the room (the chair's consent, a casting vote, the inquorate fallback) or a
    /// ballot that cannot be right records nothing and says why.
    pub fn record_decision(
        &mut self,
        group: &GroupDoc,
        item: ItemId,
        wording: &str,
        mut ballot: Ballot,
        now_ms: i64,
    ) -> Result<&RecordedDecision, MeetingError> {
        if self.status == MeetingStatus::Cancelled {
            return Err(MeetingError::Cancelled);
        }
        if !self.agenda.iter().any(|i| i.id == item) {
            return Err(MeetingError::NoSuchItem);
        }
        let wording = wording.trim();
        if wording.is_empty() {
            return Err(MeetingError::NoWording);
        }
        let entitled = self.attendance.entitled_to_vote(&group.seats, &self.excluded_from(item));
        let votes: BTreeMap<String, VoteCast> = match &ballot.method {
            Method::Named(named) => {
                let strangers = named.not_entitled(&entitled);
                if !strangers.is_empty() {
                    return Err(MeetingError::NotEntitledToVote(strangers.len()));
                }
                named.0.iter().map(|(s, v)| (s.to_string(), *v)).collect()
            }
            Method::Consensus | Method::Vote(_) => BTreeMap::new(),
        };
        ballot.entitled = entitled.len() as u32;
        ballot.quorate = self.quorum(group, Some(item)).is_none_or(|q| q.quorate);
        let (carried, outcome, to_be_ratified) = match decide(&group.terms.decisions, &ballot) {
            Decision::Carried { how, to_be_ratified } => (true, how, to_be_ratified),
            Decision::NotCarried { why } => (false, why, None),
            Decision::Deferred { why } => (false, why, None),
            Decision::Needs(what) | Decision::Invalid(what) => return Err(MeetingError::Undecided(what)),
        };
        self.decisions.push(RecordedDecision {
            id: ItemId::random(),
            item,
            wording: wording.to_owned(),
            carried,
            outcome,
            entitled,
            to_be_ratified,
            recorded_at: now_ms,
            votes,
            signs_off: None,
        });
        Ok(self.decisions.last().expect("just pushed"))
    }
}

/// The attendance record of a group's held meetings, oldest first, for the attendance rules
/// ([`crate::rules::attendance_breaches`]). Cancelled, adjourned and future meetings never
/// count against anyone.
pub fn attendance_record<'a>(meetings: impl IntoIterator<Item = &'a MeetingDoc>) -> AttendanceRecord {
    let mut held: Vec<&MeetingDoc> = meetings.into_iter().filter(|m| m.status == MeetingStatus::Held).collect();
    held.sort_by_key(|m| m.date);
    AttendanceRecord {
        dates: held.iter().map(|m| m.date).collect(),
        meetings: held
            .iter()
            .map(|m| {
                m.attendance
                    .marks
                    .iter()
                    .filter(|(_, mark)| mark.attended())
                    .filter_map(|(seat, _)| seat.parse().ok())
                    .collect()
            })
            .collect(),
    }
}
