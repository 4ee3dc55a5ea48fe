//! Minutes approved at the next meeting. The draft minutes of meeting N are an item of
//! meeting N+1 ("Minutes of the last meeting"): the group, quorate, agrees them as a true
//! record and the chair signs them off. From then they are the approved minutes — dated, by
//! which meeting, the text and the document's heads pinned — and changing them takes an
//! explicit, recorded amendment.
//!
//! The record lives in meeting N's document ([`MinutesApproval`], [`MinutesAmendment`]); the
//! approving meeting records it as a decision on its minutes item
//! ([`MeetingDoc::record_minutes_sign_off`]) that carries the whole sign-off
//! ([`MinutesSignOff`]: whose minutes, their heads and text, the chair). Approving writes two
//! documents, and no two documents change atomically: the approving meeting is written first,
//! and meeting N's record is derived from its decision ([`MeetingDoc::owed_sign_off`],
//! [`MeetingDoc::repair_sign_off`]) — right after, and again whenever both are loaded, so an
//! approval whose second write never happened (the tab closed, the document was not open) is
//! completed later, once, the same on every device. A note-taker who had not yet seen the approval
//! may still have edited the draft offline: after the merge the approved record stands and
//! the difference shows as an unrecorded change ([`MeetingDoc::unrecorded_change`]).

use autosurgeon::{Hydrate, Reconcile};

use super::{AgendaItem, MeetingDoc, MeetingError, MeetingRef, MeetingStatus, RecordedDecision};
use crate::{
    model::{Date, GroupDoc},
    DocumentId, ItemId,
};

/// The title of the standing item the minutes of the last meeting are approved on.
pub const MINUTES_ITEM: &str = "Minutes of the last meeting";

/// The sign-off of a meeting's minutes, recorded in that meeting's document.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct MinutesApproval {
    /// The meeting that approved them.
    pub at_meeting: DocumentId,
    #[autosurgeon(missing = "Default::default")]
    pub at_date: Option<Date>,
    /// The chair who signed them off, by name.
    pub signed_by: String,
    /// When (unix milliseconds).
    pub approved_at: i64,
    /// The minutes document's heads (hex) when they were approved: the approved version.
    #[autosurgeon(missing = "Default::default")]
    pub heads: Vec<String>,
    /// The approved text itself, so the record stands whatever merges in later.
    pub text: String,
    /// The approving meeting's decision on its minutes item.
    #[autosurgeon(missing = "Default::default")]
    pub decision: Option<ItemId>,
}

/// What the approving meeting's decision signs off: the minutes of meeting `minutes_of`, as
/// they stood (their document's heads, hex, and their text) when the chair signed them.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct MinutesSignOff {
    pub minutes_of: DocumentId,
    #[autosurgeon(missing = "Default::default")]
    pub heads: Vec<String>,
    pub text: String,
    pub signed_by: String,
}

/// A change to approved minutes, recorded with why and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct MinutesAmendment {
    #[key]
    pub id: ItemId,
    pub reason: String,
    /// Who recorded it, by name.
    #[autosurgeon(missing = "Default::default")]
    pub recorded_by: String,
    /// When (unix milliseconds).
    pub recorded_at: i64,
    /// The minutes as amended.
    pub text: String,
}

/// Where a meeting's minutes stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MinutesStatus {
    Draft,
    Approved { at_meeting: DocumentId, at_date: Option<Date>, signed_by: String, amendments: usize },
}

impl MinutesStatus {
    /// "Draft" or "Approved at the meeting of 14 March 2030".
    pub fn label(&self) -> String {
        match self {
            MinutesStatus::Draft => "Draft".to_owned(),
            MinutesStatus::Approved { at_date: Some(d), .. } => format!("Approved at the meeting of {}", d.long()),
            MinutesStatus::Approved { at_date: None, .. } => "Approved at the next meeting".to_owned(),
        }
    }

    pub fn is_approved(&self) -> bool {
        matches!(self, MinutesStatus::Approved { .. })
    }
}

/// What the approving meeting gives: itself, its date, the chair's name, the time, and the
/// heads of the minutes' document at approval (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproveMinutes {
    pub at_meeting: DocumentId,
    pub at_date: Option<Date>,
    pub signed_by: String,
    pub now_ms: i64,
    pub heads: Vec<String>,
    pub decision: Option<ItemId>,
}

/// Whether `item` is the agenda's "Minutes of the last meeting".
pub fn is_minutes_item(item: &AgendaItem) -> bool {
    item.standing && item.title.trim().eq_ignore_ascii_case(MINUTES_ITEM)
}

/// The meeting whose minutes meeting `this` (on `date`) approves: the latest earlier meeting
/// of the group that was not cancelled.
pub fn previous_meeting(meetings: &[MeetingRef], this: DocumentId, date: Date) -> Option<&MeetingRef> {
    meetings
        .iter()
        .filter(|r| r.document != this && r.status != MeetingStatus::Cancelled && r.date.is_some_and(|d| d < date))
        .max_by_key(|r| r.date)
}

fn signed_by(name: &str) -> Result<String, MeetingError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(MeetingError::NoSignature);
    }
    Ok(name.to_owned())
}

impl MeetingDoc {
    /// Draft, or approved (when, by which meeting, how many amendments since).
    pub fn minutes_status(&self) -> MinutesStatus {
        match &self.minutes_approval {
            None => MinutesStatus::Draft,
            Some(a) => MinutesStatus::Approved {
                at_meeting: a.at_meeting,
                at_date: a.at_date,
                signed_by: a.signed_by.clone(),
                amendments: self.minutes_amendments.len(),
            },
        }
    }

    /// The minutes as they stand on the record: the draft while it is one; once approved,
    /// the approved text as amended (the last amendment's text).
    pub fn minutes_record(&self) -> &str {
        match &self.minutes_approval {
            None => self.minutes.as_str(),
            Some(a) => self.minutes_amendments.last().map_or(a.text.as_str(), |x| x.text.as_str()),
        }
    }

    /// Approved minutes whose text differs from the record: an edit made (offline, before
    /// the approval reached that device) and merged since. The record stands; the edit is
    /// kept in the history and can be made an amendment.
    pub fn unrecorded_change(&self) -> bool {
        self.minutes_approval.is_some() && self.minutes.as_str() != self.minutes_record()
    }

    /// Signs off these minutes as approved at another meeting; refused when they are already
    /// approved, when there is nothing to approve, or without the chair's name.
    pub fn approve_minutes(&mut self, a: ApproveMinutes) -> Result<(), MeetingError> {
        if self.minutes_approval.is_some() {
            return Err(MeetingError::MinutesApproved);
        }
        if self.minutes.as_str().trim().is_empty() {
            return Err(MeetingError::NoMinutes);
        }
        let signed_by = signed_by(&a.signed_by)?;
        self.minutes_approval = Some(MinutesApproval {
            at_meeting: a.at_meeting,
            at_date: a.at_date,
            signed_by,
            approved_at: a.now_ms,
            heads: a.heads,
            text: self.minutes.as_str().to_owned(),
            decision: a.decision,
        });
        Ok(())
    }

    /// Changes approved minutes to `text`, recording why and who; refused for draft minutes
    /// (they are simply edited), without a reason, or when nothing changes.
    pub fn amend_minutes(&mut self, text: &str, reason: &str, recorded_by: &str, now_ms: i64) -> Result<ItemId, MeetingError> {
        if self.minutes_approval.is_none() {
            return Err(MeetingError::MinutesNotApproved);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MeetingError::NoAmendmentReason);
        }
        if text.trim().is_empty() {
            return Err(MeetingError::NoMinutes);
        }
        if text == self.minutes_record() && text == self.minutes.as_str() {
            return Err(MeetingError::AmendmentUnchanged);
        }
        self.minutes.update(text);
        let id = ItemId::random();
        self.minutes_amendments.push(MinutesAmendment {
            id,
            reason: reason.to_owned(),
            recorded_by: recorded_by.trim().to_owned(),
            recorded_at: now_ms,
            text: text.to_owned(),
        });
        Ok(id)
    }

    /// The agenda's "Minutes of the last meeting" item, if it has one.
    pub fn minutes_item(&self) -> Option<ItemId> {
        self.agenda.iter().find(|i| is_minutes_item(i)).map(|i| i.id)
    }

    /// Whether this meeting can approve minutes on `item` now: not cancelled, and quorate on
    /// it by the group's rule (a group with no rule always is).
    pub fn can_approve_minutes(&self, group: &GroupDoc, item: ItemId) -> Result<(), MeetingError> {
        if self.status == MeetingStatus::Cancelled {
            return Err(MeetingError::Cancelled);
        }
        if !self.agenda.iter().any(|i| i.id == item) {
            return Err(MeetingError::NoSuchItem);
        }
        if !self.quorum(group, Some(item)).is_none_or(|q| q.quorate) {
            return Err(MeetingError::NotQuorateForMinutes);
        }
        Ok(())
    }

    /// Records on `item` that the minutes of the meeting on `of_date` were agreed as a true
    /// record and signed by the chair, with who was entitled to vote; refused when the
    /// meeting is not quorate on the item.
    pub fn record_minutes_approval(
        &mut self,
        group: &GroupDoc,
        item: ItemId,
        of_date: Option<Date>,
        signed_by_name: &str,
        now_ms: i64,
    ) -> Result<&RecordedDecision, MeetingError> {
        self.can_approve_minutes(group, item)?;
        let signed = signed_by(signed_by_name)?;
        let of = of_date.map(|d| format!("the meeting on {}", d.long())).unwrap_or_else(|| "the last meeting".to_owned());
        let entitled = self.attendance.entitled_to_vote(&group.seats, &self.excluded_from(item));
        self.decisions.push(RecordedDecision {
            id: ItemId::random(),
            item,
            wording: format!("That the minutes of {of} are approved as a true record"),
            carried: true,
            outcome: format!("Agreed as a true record; signed by {signed}"),
            entitled,
            to_be_ratified: None,
            recorded_at: now_ms,
            votes: Default::default(),
            signs_off: None,
        });
        Ok(self.decisions.last().expect("just pushed"))
    }

    /// Approves the minutes of meeting `prev` (document `prev_id`, whose heads are `heads`)
    /// on `item`: the decision, with the whole sign-off, in this document only. Refused when
    /// this meeting is not quorate on the item, when the minutes are already approved or
    /// empty, or without the chair's name. [`MeetingDoc::repair_sign_off`] then writes the
    /// approval into `prev`'s document.
    #[allow(clippy::too_many_arguments)]
    pub fn record_minutes_sign_off(
        &mut self,
        group: &GroupDoc,
        item: ItemId,
        prev_id: DocumentId,
        prev: &MeetingDoc,
        heads: Vec<String>,
        signed_by_name: &str,
        now_ms: i64,
    ) -> Result<&RecordedDecision, MeetingError> {
        self.can_approve_minutes(group, item)?;
        if prev.minutes_approval.is_some() || self.sign_off_of(prev_id).is_some() {
            return Err(MeetingError::MinutesApproved);
        }
        if prev.minutes.as_str().trim().is_empty() {
            return Err(MeetingError::NoMinutes);
        }
        let signed_by = signed_by(signed_by_name)?;
        let sign_off = MinutesSignOff { minutes_of: prev_id, heads, text: prev.minutes.as_str().to_owned(), signed_by: signed_by.clone() };
        self.record_minutes_approval(group, item, prev.date, &signed_by, now_ms)?;
        let decision = self.decisions.last_mut().expect("just pushed");
        decision.signs_off = Some(sign_off);
        Ok(decision)
    }

    /// This meeting's decision signing off the minutes of meeting `minutes_of`, if it has one
    /// (the first recorded, should two devices have approved at once).
    pub fn sign_off_of(&self, minutes_of: DocumentId) -> Option<&RecordedDecision> {
        self.decisions
            .iter()
            .filter(|d| d.signs_off.as_ref().is_some_and(|s| s.minutes_of == minutes_of))
            .min_by_key(|d| (d.recorded_at, d.id))
    }

    /// The approval that meeting `approving` (document `approving_id`) signed off for these
    /// minutes (document `id`) and that this document does not hold yet: the second write
    /// of an approval, still owed. `None` once they are approved (by this or any sign-off).
    pub fn owed_sign_off(&self, id: DocumentId, approving_id: DocumentId, approving: &MeetingDoc) -> Option<MinutesApproval> {
        if self.minutes_approval.is_some() {
            return None;
        }
        let d = approving.sign_off_of(id)?;
        let s = d.signs_off.as_ref()?;
        Some(MinutesApproval {
            at_meeting: approving_id,
            at_date: approving.date,
            signed_by: s.signed_by.clone(),
            approved_at: d.recorded_at,
            heads: s.heads.clone(),
            text: s.text.clone(),
            decision: Some(d.id),
        })
    }

    /// Writes the owed approval (see [`MeetingDoc::owed_sign_off`]) into these minutes:
    /// whether it did. Idempotent: nothing changes once they are approved.
    pub fn repair_sign_off(&mut self, id: DocumentId, approving_id: DocumentId, approving: &MeetingDoc) -> bool {
        match self.owed_sign_off(id, approving_id, approving) {
            Some(a) => {
                self.minutes_approval = Some(a);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TermsOfReference;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn approve(at: DocumentId) -> ApproveMinutes {
        ApproveMinutes { at_meeting: at, at_date: Some(d("2030-04-11")), signed_by: " Independent Chair ".into(), now_ms: 7, heads: vec![], decision: None }
    }

    #[test]
    fn draft_minutes_are_approved_once_then_only_amended() {
        let mut m = MeetingDoc::new(DocumentId::random(), d("2030-03-14"), &TermsOfReference::default());
        assert_eq!(m.minutes_status(), MinutesStatus::Draft);
        let next = DocumentId::random();
        assert_eq!(m.approve_minutes(approve(next)), Err(MeetingError::NoMinutes));
        m.minutes.update("The Board adopted the policy.");
        assert_eq!(m.approve_minutes(ApproveMinutes { signed_by: " ".into(), ..approve(next) }), Err(MeetingError::NoSignature));
        assert_eq!(m.amend_minutes("x", "typo", "A", 1), Err(MeetingError::MinutesNotApproved));
        m.approve_minutes(approve(next)).unwrap();
        assert_eq!(m.minutes_status().label(), "Approved at the meeting of 11 April 2030");
        assert_eq!(m.minutes_approval.as_ref().unwrap().signed_by, "Independent Chair");
        assert_eq!(m.approve_minutes(approve(next)), Err(MeetingError::MinutesApproved));
        assert_eq!(m.amend_minutes("The Board adopted the policy.", "no change", "A", 2), Err(MeetingError::AmendmentUnchanged));
        assert_eq!(m.amend_minutes("The Board adopted the revised policy.", " ", "A", 2), Err(MeetingError::NoAmendmentReason));
        m.amend_minutes("The Board adopted the revised policy.", "The policy adopted was the revised one", "Business office", 3).unwrap();
        assert_eq!(m.minutes_record(), "The Board adopted the revised policy.");
        assert_eq!(m.minutes.as_str(), m.minutes_record());
        assert!(!m.unrecorded_change());
        assert!(matches!(m.minutes_status(), MinutesStatus::Approved { amendments: 1, .. }));
    }

    #[test]
    fn the_previous_meeting_is_the_latest_earlier_one_not_cancelled() {
        let r = |date: &str, status| MeetingRef { document: DocumentId::random(), date: Some(d(date)), status };
        let list = vec![
            r("2030-01-10", MeetingStatus::Held),
            r("2030-02-10", MeetingStatus::Held),
            r("2030-03-10", MeetingStatus::Cancelled),
            r("2030-04-10", MeetingStatus::Scheduled),
            r("2030-05-10", MeetingStatus::Scheduled),
        ];
        let this = list[3].document;
        assert_eq!(previous_meeting(&list, this, d("2030-04-10")).map(|r| r.document), Some(list[1].document));
        assert_eq!(previous_meeting(&list, list[0].document, d("2030-01-10")), None);
    }
}
