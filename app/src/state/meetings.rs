//! Meetings of a group: the group's list of them (`GroupDoc::meetings`), one meeting
//! document, and the commands that create a meeting and record attendance.

use domain::{
    meeting::{attendance_rates, AttendanceRate, carry_forward, minutes_text, previous_meeting, splice_minutes, Action, ActionStatus, ItemDraft, Mark, MeetingDoc, MeetingError, MeetingRef, MeetingStatus, Paper, Time},
    model::{Date, GroupDoc, GroupError, Seat},
    rules::Ballot,
    DocumentId, ItemId, SeatId,
};
use leptos::prelude::*;

use super::{change_group, group_meetings::GroupMeetings, meeting_summary::MeetingSummary, use_access, use_repo};
use crate::{
    error::AppError,
    repo::{DocView, Repo},
    text::Splice,
};

/// One line of a group's meetings list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: DocumentId,
    pub date: Option<Date>,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub status: MeetingStatus,
}

/// A new meeting, as the "Add a meeting" form checked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub venue: String,
}

#[derive(Debug, Clone, Copy)]
pub struct UseMeetingsReturn {
    /// The group's meetings, oldest first (times once each meeting document is here).
    pub rows: Memo<Vec<MeetingRow>>,
    /// Creates a meeting document owned like the group and lists it on the group.
    pub add: Callback<MeetingDraft, Result<DocumentId, AppError>>,
}

pub fn use_meetings(group: DocumentId) -> UseMeetingsReturn {
    let ctx = use_repo();
    ctx.repo().open(group);
    let refs = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.view::<GroupMeetings>(group).get() {
            DocView::Ready(g) => g.meetings,
            _ => Vec::new(),
        })
    };
    // Each meeting read once per change of its own (a summary, not the whole document), so
    // the list re-runs cheaply as 120 meetings arrive one by one.
    let rows = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            refs.with(|refs| {
                refs.iter()
                    .map(|r| {
                        ctx.repo().open(r.document);
                        ctx.view::<MeetingSummary>(r.document).with(|m| row(r, m))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let add = Callback::new(move |draft: MeetingDraft| create_meeting(ctx.repo(), group, &draft));
    UseMeetingsReturn { rows, add }
}

/// Each seat's attendance over the group's held meetings on this device, by the group's
/// attendance rule; `group` is the group as its page holds it, `member` names a seat and its
/// holder.
pub fn use_attendance_rates(group: Memo<GroupDoc>, member: Callback<Seat, String>) -> UseAttendanceRates {
    let ctx = use_repo();
    let complete = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            group.with(|g| g.meetings.iter().all(|r| ctx.view::<MeetingSummary>(r.document).with(|m| !matches!(m, DocView::NotOpen | DocView::Loading))))
        })
    };
    let rates = Memo::new(move |_| {
        group.with(|g| {
            let meetings: Vec<MeetingDoc> = g
                .meetings
                .iter()
                .filter_map(|r| {
                    ctx.repo().open(r.document);
                    ctx.view::<MeetingSummary>(r.document).with(|m| match m {
                        DocView::Ready(m) => Some(m.to_meeting()),
                        _ => None,
                    })
                })
                .collect();
            attendance_rates(&g.seats, g.terms.attendance.as_ref(), &meetings, |s| member.run(s.clone()))
        })
    });
    UseAttendanceRates { rates, complete }
}

/// [`use_attendance_rates`]: the rates, and whether every meeting they count is on this
/// device or known to be out of reach (until then they count the meetings that are here).
#[derive(Debug, Clone, Copy)]
pub struct UseAttendanceRates {
    pub rates: Memo<Vec<AttendanceRate>>,
    pub complete: Memo<bool>,
}

/// The list entry, with the meeting document's own date, times and status once it is here.
fn row(r: &MeetingRef, doc: &DocView<MeetingSummary>) -> MeetingRow {
    match doc {
        DocView::Ready(m) => MeetingRow { id: r.document, date: m.date.or(r.date), start: m.start, end: m.end, status: m.status },
        _ => MeetingRow { id: r.document, date: r.date, start: None, end: None, status: r.status },
    }
}

/// Splits rows into upcoming (soonest first) and past (latest first) on `today`.
pub fn split_rows(rows: &[MeetingRow], today: Date) -> (Vec<MeetingRow>, Vec<MeetingRow>) {
    let (mut upcoming, mut past): (Vec<_>, Vec<_>) =
        rows.iter().cloned().partition(|r| r.date.is_none_or(|d| d >= today) && r.status == MeetingStatus::Scheduled);
    upcoming.sort_by_key(|r| r.date);
    past.sort_by_key(|r| std::cmp::Reverse(r.date));
    (upcoming, past)
}

fn create_meeting(repo: &Repo, group: DocumentId, draft: &MeetingDraft) -> Result<DocumentId, AppError> {
    let DocView::Ready(g) = repo.read::<GroupDoc>(group) else {
        return Err(AppError::NotOpen);
    };
    // Owned like its group: a joint group's meetings belong to every owning partnership.
    let owners: Vec<DocumentId> = g.owners.iter().map(|o| o.partnership).collect();
    let id = super::create_document_like(repo, &owners, group).ok_or(AppError::NotOpen)?;
    let time = super::partnership::now();
    let mut meeting = MeetingDoc::new(group, draft.date, &g.terms);
    meeting.start = draft.start;
    meeting.end = draft.end;
    meeting.venue = draft.venue.trim().to_owned();
    repo.change(id, |doc| {
        domain::model::update::<MeetingDoc, _, GroupError>(doc, "Plan a meeting", time, |m| {
            *m = meeting;
            Ok(())
        })
    })
    .map_err(|_| AppError::NotOpen)??;
    change_group(repo, group, "Add a meeting", |g| {
        g.meetings.push(MeetingRef { document: id, date: Some(draft.date), status: MeetingStatus::Scheduled });
        Ok(())
    })?;
    Ok(id)
}

pub use domain::meeting::DetailsDraft;

/// An edit of the meeting by the business office; each goes through a domain method.
#[derive(Debug, Clone, PartialEq)]
pub enum MeetingEdit {
    /// Adds an item (`None`) or changes one.
    SaveItem(Option<ItemId>, ItemDraft),
    /// Moves an item one place up (`true`) or down.
    MoveItem(ItemId, bool),
    RemoveItem(ItemId),
    Details(DetailsDraft),
    /// An action from an item: description, owner, due date.
    /// An action: its item, the decision on that item it arises from (if any), what, who owns
    /// it, when it is due.
    AddAction(Option<ItemId>, Option<ItemId>, String, String, Option<Date>),
    SetActionStatus(ItemId, ActionStatus),
    AddPaper(ItemId, Paper),
    /// A member's declaration of interest on an item: the seat, the interest, whether the
    /// chair excludes them from it.
    Declare(SeatId, ItemId, String, bool),
    /// Someone in attendance who holds no seat: name, role.
    AddOther(String, String),
    RemoveOther(ItemId),
}

impl MeetingEdit {
    fn message(&self) -> &'static str {
        match self {
            MeetingEdit::SaveItem(None, _) => "Add an agenda item",
            MeetingEdit::SaveItem(Some(_), _) => "Change an agenda item",
            MeetingEdit::MoveItem(..) => "Move an agenda item",
            MeetingEdit::RemoveItem(_) => "Remove an agenda item",
            MeetingEdit::Details(_) => "Change the meeting's details",
            MeetingEdit::AddAction(..) => "Add an action",
            MeetingEdit::SetActionStatus(..) => "Change an action's status",
            MeetingEdit::AddPaper(..) => "Add a paper",
            MeetingEdit::Declare(..) => "Record a declaration of interest",
            MeetingEdit::AddOther(..) => "Add someone in attendance",
            MeetingEdit::RemoveOther(_) => "Remove someone in attendance",
        }
    }

    /// Applies the edit; returns the item or action it made or changed, if any.
    pub fn apply(self, m: &mut MeetingDoc) -> Result<Option<ItemId>, MeetingError> {
        match self {
            MeetingEdit::SaveItem(item, draft) => m.save_item(item, &draft).map(Some),
            MeetingEdit::MoveItem(item, up) => m.move_item(item, up).map(|_| None),
            MeetingEdit::RemoveItem(item) => m.remove_item(item).map(|_| None),
            MeetingEdit::Details(d) => {
                m.set_details(&d);
                Ok(None)
            }
            MeetingEdit::AddAction(item, decision, description, owner, due) => {
                let action = m.add_action(item, &description, &owner, due)?;
                if let Some(d) = decision {
                    m.link_action_to_decision(action, d)?;
                }
                Ok(Some(action))
            }
            MeetingEdit::SetActionStatus(action, status) => m.set_action_status(action, status).map(|_| None),
            MeetingEdit::AddPaper(item, paper) => m.add_paper(item, paper).map(|_| None),
            MeetingEdit::Declare(seat, item, interest, excluded) => m.declare_interest(seat, Some(item), &interest, excluded).map(Some),
            MeetingEdit::AddOther(name, role) => m.attendance.add_other(&name, &role).map(Some),
            MeetingEdit::RemoveOther(id) => m.attendance.remove_other(id).map(|_| None),
        }
    }
}

/// A decision as the form records it: the item, what was proposed, what happened in the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDraft {
    pub item: ItemId,
    pub wording: String,
    pub ballot: Ballot,
}

/// An open action of an earlier meeting of the group, carried onto this one's action log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedAction {
    pub action: Action,
    pub meeting: DocumentId,
    pub meeting_date: Option<Date>,
}

#[derive(Debug, Clone, Copy)]
pub struct UseMeetingReturn {
    pub meeting: Memo<DocView<MeetingDoc>>,
    /// The meeting's group, once the meeting is here.
    pub group: Memo<Option<DocumentId>>,
    /// Sets (or clears, with `None`) each seat's attendance mark, as one change.
    /// Records every seat's mark at once (a substitute needs a name); the message says why not.
    pub set_attendance: Callback<Vec<(SeatId, Option<Mark>)>, Result<(), String>>,
    /// An edit of the agenda, details, actions or papers; the message says why it was refused.
    pub edit: Callback<MeetingEdit, Result<Option<ItemId>, String>>,
    /// Records a decision by the group's rules; the message is the rule's refusal.
    pub decide: Callback<DecisionDraft, Result<(), String>>,
    /// The minutes as held now.
    pub minutes: Memo<String>,
    /// Applies one note-taker's edit to the minutes.
    pub splice_minutes: Callback<Splice, Result<(), String>>,
    /// Open actions of the group's earlier meetings, overdue first.
    pub carried: Memo<Vec<CarriedAction>>,
    /// The group's previous meeting (whose minutes this one approves) and its document once
    /// it is on this device; `None` when there is none.
    pub previous: Memo<Option<PreviousMeeting>>,
    /// Approves the previous meeting's minutes on this meeting's item, signed off by the
    /// chair named: a decision here, the sign-off there. The message says why not.
    pub approve_previous: Callback<(ItemId, String), Result<(), String>>,
    /// Amends this meeting's approved minutes: the new text, why, and who records it.
    pub amend_minutes: Callback<(String, String, String), Result<(), String>>,
}

/// The group's meeting before this one.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousMeeting {
    pub id: DocumentId,
    pub date: Option<Date>,
    /// Its document, once it is on this device.
    pub doc: Option<MeetingDoc>,
}

pub fn use_meeting(id: DocumentId) -> UseMeetingReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    let meeting = {
        let ctx = ctx.clone();
        Memo::new(move |_| ctx.read::<MeetingDoc>(id))
    };
    let group = Memo::new(move |_| meeting.with(|m| match m {
        DocView::Ready(m) => m.group,
        _ => None,
    }));
    let set_attendance = {
        let ctx = ctx.clone();
        Callback::new(move |marks: Vec<(SeatId, Option<Mark>)>| change_meeting(ctx.repo(), id, "Record attendance", |m| m.attendance.record(marks)))
    };
    let edit = {
        let ctx = ctx.clone();
        Callback::new(move |edit: MeetingEdit| {
            let repo = ctx.repo();
            let message = edit.message();
            let refs = matches!(edit, MeetingEdit::Details(_));
            let out = change_meeting(repo, id, message, |m| edit.apply(m))?;
            if refs {
                // The group's list entry follows the meeting's date and status.
                if let (Some(g), DocView::Ready(m)) = (group.get_untracked(), repo.read::<MeetingDoc>(id)) {
                    let _ = change_group(repo, g, "Change a meeting's date or status", |g| {
                        if let Some(r) = g.meetings.iter_mut().find(|r| r.document == id) {
                            r.date = m.date;
                            r.status = m.status;
                        }
                        Ok(())
                    });
                }
            }
            Ok(out)
        })
    };
    let decide = {
        let ctx = ctx.clone();
        Callback::new(move |d: DecisionDraft| {
            let repo = ctx.repo();
            let Some(DocView::Ready(g)) = group.get_untracked().map(|g| repo.read::<GroupDoc>(g)) else {
                return Err(AppError::NotOpen.to_string());
            };
            let now_ms = js_sys::Date::now() as i64;
            change_meeting(repo, id, "Record a decision", |m| m.record_decision(&g, d.item, &d.wording, d.ballot, now_ms).map(|_| ()))
        })
    };
    let minutes = {
        let ctx = ctx.clone();
        Memo::new(move |_| ctx.with_document(id, minutes_text).unwrap_or_default())
    };
    let splice = {
        let ctx = ctx.clone();
        Callback::new(move |s: Splice| {
            let time = super::partnership::now();
            ctx.repo()
                .change_typing(id, |d| splice_minutes(d, s.pos, s.delete, &s.insert, "Write the minutes", time))
                .map_err(|_| AppError::NotOpen.to_string())?
                .map_err(|e| e.to_string())
        })
    };
    let previous = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let g = group.get()?;
            let date = meeting.with(|m| match m {
                DocView::Ready(m) => m.date,
                _ => None,
            })?;
            let DocView::Ready(gd) = ctx.read::<GroupDoc>(g) else { return None };
            let r = previous_meeting(&gd.meetings, id, date)?;
            ctx.repo().open(r.document);
            let doc = match ctx.read::<MeetingDoc>(r.document) {
                DocView::Ready(m) => Some(m),
                _ => None,
            };
            Some(PreviousMeeting { id: r.document, date: doc.as_ref().and_then(|m| m.date).or(r.date), doc })
        })
    };
    let approve_previous = {
        let ctx = ctx.clone();
        Callback::new(move |(item, chair): (ItemId, String)| {
            let repo = ctx.repo();
            let Some(PreviousMeeting { id: prev_id, doc: Some(prev), .. }) = previous.get_untracked() else {
                return Err("The last meeting's minutes are not on this device yet".to_owned());
            };
            let Some(DocView::Ready(g)) = group.get_untracked().map(|g| repo.read::<GroupDoc>(g)) else {
                return Err(AppError::NotOpen.to_string());
            };
            let now_ms = js_sys::Date::now() as i64;
            let heads: Vec<String> = repo
                .change(prev_id, |doc| doc.get_heads().iter().map(|h| h.to_string()).collect())
                .map_err(|_| AppError::NotOpen.to_string())?;
            // The approval is recorded in this meeting's document only (one atomic change);
            // the minutes' own record is derived from it, now and whenever it is still owed.
            change_meeting(repo, id, "Approve the minutes of the last meeting", |m| {
                m.record_minutes_sign_off(&g, item, prev_id, &prev, heads, &chair, now_ms).map(|_| ())
            })?;
            repair_sign_off(repo, prev_id, id);
            Ok(())
        })
    };
    // An approval whose second write did not happen (the tab closed first): completed once
    // both documents are here, by anyone who may edit them. Idempotent, so every device may.
    {
        let owners = {
            let ctx = ctx.clone();
            Signal::derive(move || match group.get().map(|g| ctx.read::<GroupDoc>(g)) {
                Some(DocView::Ready(g)) => g.owners.iter().map(|o| o.partnership).collect(),
                _ => Vec::new(),
            })
        };
        let can_edit = use_access(id, owners).can_edit;
        let ctx = ctx.clone();
        Effect::new(move |_| {
            if !can_edit.get() {
                return;
            }
            let Some(PreviousMeeting { id: prev_id, doc: Some(prev), .. }) = previous.get() else { return };
            let DocView::Ready(this) = meeting.get() else { return };
            if prev.owed_sign_off(prev_id, id, &this).is_some() {
                repair_sign_off(ctx.repo(), prev_id, id);
            }
        });
    }
    let amend_minutes = {
        let ctx = ctx.clone();
        Callback::new(move |(text, reason, by): (String, String, String)| {
            let now_ms = js_sys::Date::now() as i64;
            change_meeting(ctx.repo(), id, "Amend the approved minutes", |m| m.amend_minutes(&text, &reason, &by, now_ms).map(|_| ()))
        })
    };
    let carried = Memo::new(move |_| {
        let Some(g) = group.get() else { return Vec::new() };
        let date = meeting.with(|m| match m {
            DocView::Ready(m) => m.date,
            _ => None,
        });
        let DocView::Ready(gd) = ctx.read::<GroupDoc>(g) else { return Vec::new() };
        let earlier: Vec<(DocumentId, MeetingDoc)> = gd
            .meetings
            .iter()
            .filter(|r| r.document != id && r.date.is_some_and(|d| date.is_some_and(|m| d < m)))
            .filter_map(|r| {
                ctx.repo().open(r.document);
                match ctx.read::<MeetingDoc>(r.document) {
                    DocView::Ready(m) => Some((r.document, m)),
                    _ => None,
                }
            })
            .collect();
        carried_actions(&earlier, super::today())
    });
    UseMeetingReturn { meeting, group, set_attendance, edit, decide, minutes, splice_minutes: splice, carried, previous, approve_previous, amend_minutes }
}

/// What this meeting's "Minutes of the last meeting" item can do with the previous meeting's
/// minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MinutesOffer {
    /// The group has no earlier meeting.
    NoPrevious,
    /// The previous meeting's document is not on this device yet.
    Loading { id: DocumentId, date: Option<Date> },
    /// Already approved ("Approved at the meeting of …").
    Approved { id: DocumentId, date: Option<Date>, status: String },
    /// Nothing has been written in them.
    Empty { id: DocumentId, date: Option<Date> },
    /// This meeting is not quorate on the item (or cancelled): they cannot be approved now.
    Blocked { id: DocumentId, date: Option<Date>, why: String },
    /// They can be approved now.
    Ready { id: DocumentId, date: Option<Date> },
}

/// Whether `this` meeting can approve the previous meeting's minutes on `item`, by the
/// group's quorum rule.
pub fn minutes_offer(prev: Option<&PreviousMeeting>, this: &MeetingDoc, g: &GroupDoc, item: ItemId) -> MinutesOffer {
    let Some(p) = prev else { return MinutesOffer::NoPrevious };
    let (id, date) = (p.id, p.date);
    let Some(doc) = &p.doc else { return MinutesOffer::Loading { id, date } };
    let status = doc.minutes_status();
    if status.is_approved() {
        return MinutesOffer::Approved { id, date, status: status.label() };
    }
    if doc.minutes.as_str().trim().is_empty() {
        return MinutesOffer::Empty { id, date };
    }
    match this.can_approve_minutes(g, item) {
        Ok(()) => MinutesOffer::Ready { id, date },
        Err(e) => MinutesOffer::Blocked { id, date, why: e.to_string() },
    }
}

/// The open actions of `earlier` meetings, overdue first then by due date.
pub fn carried_actions(earlier: &[(DocumentId, MeetingDoc)], today: Date) -> Vec<CarriedAction> {
    let all: Vec<(&Action, DocumentId, Option<Date>)> =
        earlier.iter().flat_map(|(id, m)| m.actions.iter().map(move |a| (a, *id, m.date))).collect();
    carry_forward(all.iter().map(|(a, _, _)| *a), today)
        .into_iter()
        .filter_map(|a| all.iter().find(|(b, _, _)| b.id == a.id).map(|(a, id, d)| CarriedAction { action: (*a).clone(), meeting: *id, meeting_date: *d }))
        .collect()
}

/// Writes into meeting `minutes_of` the approval that meeting `approving` signed off, if it
/// does not hold it yet (see [`MeetingDoc::repair_sign_off`]).
fn repair_sign_off(repo: &Repo, minutes_of: DocumentId, approving: DocumentId) {
    let DocView::Ready(approver) = repo.read::<MeetingDoc>(approving) else { return };
    let time = super::partnership::now();
    let done = repo.change(minutes_of, |doc| {
        domain::model::update(doc, "Minutes approved as a true record", time, |m: &mut MeetingDoc| {
            Ok::<_, std::convert::Infallible>(m.repair_sign_off(minutes_of, approving, &approver))
        })
    });
    if !matches!(done, Ok(Ok(_))) {
        leptos::logging::warn!("the approval of the minutes of {minutes_of} is still owed; it is written when both meetings are next here");
    }
}

/// Applies a domain change to a meeting as one change, stamped now; the rule's words on refusal.
fn change_meeting<R>(repo: &Repo, id: DocumentId, message: &str, f: impl FnOnce(&mut MeetingDoc) -> Result<R, MeetingError>) -> Result<R, String> {
    change_by_rule(repo, id, message, f)
}

/// Applies a domain change to document `id` read as `T` (a meeting, a written procedure) as
/// one change, stamped now; the rule's words on refusal.
pub(super) fn change_by_rule<T, R, E>(repo: &Repo, id: DocumentId, message: &str, f: impl FnOnce(&mut T) -> Result<R, E>) -> Result<R, String>
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile,
    E: std::fmt::Display,
{
    let time = super::partnership::now();
    if !matches!(repo.read::<T>(id), DocView::Ready(_)) {
        return Err(AppError::NotOpen.to_string());
    }
    repo.change(id, |doc| domain::model::update(doc, message, time, f))
        .map_err(|_| AppError::NotOpen.to_string())?
        .map_err(|e| match e {
            domain::model::DocError::Rule(rule) => rule.to_string(),
            other => AppError::Document(other.to_string()).to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[wasm_bindgen_test]
    fn the_minutes_item_offers_approval_only_when_quorate_and_not_yet_approved() {
        use domain::{
            meeting::ApproveMinutes,
            model::{QuorumRule, Seat, SeatCategory, Threshold},
        };
        let mut g = GroupDoc::default();
        g.seats.push(Seat::new("Chair", None, SeatCategory::Core, true));
        g.seats.push(Seat::new("Member", None, SeatCategory::Core, true));
        g.terms.quorum = Some(QuorumRule { threshold: Threshold::Share { numerator: 1, denominator: 1 }, required_organisations: vec![] });
        let mut this = MeetingDoc::new(DocumentId::random(), d("2030-04-11"), &g.terms);
        let item = this.minutes_item().unwrap();
        let mut prev = PreviousMeeting { id: DocumentId::random(), date: Some(d("2030-03-14")), doc: None };
        assert_eq!(minutes_offer(None, &this, &g, item), MinutesOffer::NoPrevious);
        assert!(matches!(minutes_offer(Some(&prev), &this, &g, item), MinutesOffer::Loading { .. }));
        let mut doc = MeetingDoc::new(DocumentId::random(), d("2030-03-14"), &g.terms);
        prev.doc = Some(doc.clone());
        assert!(matches!(minutes_offer(Some(&prev), &this, &g, item), MinutesOffer::Empty { .. }));
        doc.minutes.update("Minutes.");
        prev.doc = Some(doc.clone());
        assert!(matches!(minutes_offer(Some(&prev), &this, &g, item), MinutesOffer::Blocked { ref why, .. } if why.contains("not quorate")));
        for s in &g.seats {
            this.attendance.set(s.id, Mark::Present);
        }
        assert!(matches!(minutes_offer(Some(&prev), &this, &g, item), MinutesOffer::Ready { .. }));
        doc.approve_minutes(ApproveMinutes { at_meeting: DocumentId::random(), at_date: this.date, signed_by: "Chair".into(), now_ms: 0, heads: vec![], decision: None }).unwrap();
        prev.doc = Some(doc);
        assert_eq!(
            minutes_offer(Some(&prev), &this, &g, item),
            MinutesOffer::Approved { id: prev.id, date: prev.date, status: "Approved at the meeting of 11 April 2030".into() }
        );
    }

    #[wasm_bindgen_test]
    fn upcoming_meetings_come_soonest_first_and_past_ones_latest_first() {
        let r = |date: &str, status| MeetingRow { id: DocumentId::random(), date: Some(d(date)), start: None, end: None, status };
        let rows = vec![
            r("2026-01-10", MeetingStatus::Held),
            r("2026-03-10", MeetingStatus::Cancelled),
            r("2026-06-10", MeetingStatus::Scheduled),
            r("2026-05-10", MeetingStatus::Scheduled),
            r("2026-02-10", MeetingStatus::Held),
        ];
        let (up, past) = split_rows(&rows, d("2026-04-01"));
        assert_eq!(up.iter().map(|r| r.date.unwrap().to_string()).collect::<Vec<_>>(), ["2026-05-10", "2026-06-10"]);
        assert_eq!(past.iter().map(|r| r.date.unwrap().to_string()).collect::<Vec<_>>(), ["2026-03-10", "2026-02-10", "2026-01-10"]);
    }

    #[wasm_bindgen_test]
    fn open_actions_of_earlier_meetings_are_carried_overdue_first_with_their_meeting() {
        let meeting = |date: &str, actions: &[(&str, &str, bool)]| {
            let mut m = MeetingDoc { date: Some(d(date)), ..MeetingDoc::default() };
            for (what, due, done) in actions {
                let id = m.add_action(None, what, "Police", Some(d(due))).unwrap();
                if *done {
                    m.set_action_status(id, ActionStatus::Done).unwrap();
                }
            }
            (DocumentId::random(), m)
        };
        let earlier = vec![
            meeting("2026-01-10", &[("Audit", "2026-05-01", false), ("Letter", "2026-01-20", true)]),
            meeting("2026-02-10", &[("Escalation", "2026-02-20", false)]),
        ];
        let carried = carried_actions(&earlier, d("2026-03-01"));
        let what: Vec<&str> = carried.iter().map(|c| c.action.description.as_str()).collect();
        assert_eq!(what, ["Escalation", "Audit"]);
        assert_eq!(carried[0].meeting, earlier[1].0);
        assert_eq!(carried[1].meeting_date, Some(d("2026-01-10")));
    }
}
