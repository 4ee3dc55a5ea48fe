//! Meetings of a group: the group's list of them (`GroupDoc::meetings`), one meeting
//! document, and the commands that create a meeting and record attendance.

use domain::{
    meeting::{Mark, MeetingDoc, MeetingRef, MeetingStatus, Time},
    model::{Date, GroupDoc, GroupError},
    DocumentId, SeatId,
};
use leptos::prelude::*;

use super::{change_group, partnership::change_doc, use_repo};
use crate::{
    error::AppError,
    repo::{DocView, Repo},
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
        Memo::new(move |_| match ctx.read::<GroupDoc>(group) {
            DocView::Ready(g) => g.meetings,
            _ => Vec::new(),
        })
    };
    let rows = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            refs.get()
                .into_iter()
                .map(|r| {
                    ctx.repo().open(r.document);
                    row(&r, &ctx.read::<MeetingDoc>(r.document))
                })
                .collect::<Vec<_>>()
        })
    };
    let add = Callback::new(move |draft: MeetingDraft| create_meeting(ctx.repo(), group, &draft));
    UseMeetingsReturn { rows, add }
}

/// The list entry, with the meeting document's own date, times and status once it is here.
fn row(r: &MeetingRef, doc: &DocView<MeetingDoc>) -> MeetingRow {
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

#[derive(Debug, Clone, Copy)]
pub struct UseMeetingReturn {
    pub meeting: Memo<DocView<MeetingDoc>>,
    /// The meeting's group, once the meeting is here.
    pub group: Memo<Option<DocumentId>>,
    /// Sets (or clears, with `None`) each seat's attendance mark, as one change.
    pub set_attendance: Callback<Vec<(SeatId, Option<Mark>)>, Result<(), AppError>>,
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
    let set_attendance = Callback::new(move |marks: Vec<(SeatId, Option<Mark>)>| {
        change_doc::<MeetingDoc, _, GroupError>(ctx.repo(), id, "Record attendance", |m| {
            for (seat, mark) in marks {
                match mark {
                    Some(mark) => m.attendance.set(seat, mark),
                    None => m.attendance.clear(seat),
                }
            }
            Ok(())
        })
    });
    UseMeetingReturn { meeting, group, set_attendance }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
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
}
