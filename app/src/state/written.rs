//! Decisions by written procedure between meetings: the group's list of them
//! (`GroupDoc::written`), one procedure's document, and the commands that open one, record a
//! member's response and close it by the group's rules.

use std::collections::BTreeMap;

use domain::{
    meeting::{CloseWritten, Member, OpenWritten, WrittenProcedureDoc, WrittenRef, WrittenStage},
    model::{Date, GroupDoc, GroupError, PartnershipDoc, PersonDoc},
    rules::{Casting, VoteCast},
    DocumentId, ItemId, PersonId, SeatId,
};
use leptos::prelude::*;

use super::{change_group, meetings::change_by_rule, use_repo};
use crate::{
    auth::use_me,
    error::AppError,
    repo::{DocView, Repo},
};

/// One line of a group's written procedures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenRow {
    pub id: DocumentId,
    pub question: String,
    /// None until the procedure's document is on this device.
    pub stage: Option<WrittenStage>,
    pub closes_on: Option<Date>,
}

/// A question the "Put a question in writing" form checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDraft {
    pub question: String,
    pub closes_on: Date,
    pub special_majority: Option<ItemId>,
}

#[derive(Debug, Clone, Copy)]
pub struct UseWrittenListReturn {
    /// The group's written procedures, newest first.
    pub rows: Memo<Vec<WrittenRow>>,
    /// Opens a written procedure (a document owned like the group) and lists it on the group.
    pub open: Callback<WrittenDraft, Result<DocumentId, String>>,
}

/// Group `group`'s written procedures, opening each so it stays on this device.
pub fn use_written_list(group: DocumentId) -> UseWrittenListReturn {
    let ctx = use_repo();
    let me = use_me().me;
    ctx.repo().open(group);
    let refs = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.read::<GroupDoc>(group) {
            DocView::Ready(g) => g.written,
            _ => Vec::new(),
        })
    };
    let rows = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let today = super::partnership::today();
            let mut rows: Vec<WrittenRow> = refs
                .get()
                .into_iter()
                .map(|r| {
                    ctx.repo().open(r.document);
                    row(&r, &ctx.read::<WrittenProcedureDoc>(r.document), today)
                })
                .collect();
            rows.reverse();
            rows
        })
    };
    let open = Callback::new(move |draft: WrittenDraft| {
        let by = me.with_untracked(|m| m.as_ref().map(|m| m.account.name.clone())).unwrap_or_default();
        open_written(ctx.repo(), group, draft, &by)
    });
    UseWrittenListReturn { rows, open }
}

fn row(r: &WrittenRef, doc: &DocView<WrittenProcedureDoc>, today: Date) -> WrittenRow {
    match doc {
        DocView::Ready(w) => WrittenRow { id: r.document, question: w.question.clone(), stage: Some(w.stage(today)), closes_on: w.closes_on },
        _ => WrittenRow { id: r.document, question: r.question.clone(), stage: None, closes_on: None },
    }
}

fn open_written(repo: &Repo, group: DocumentId, draft: WrittenDraft, by: &str) -> Result<DocumentId, String> {
    let DocView::Ready(g) = repo.read::<GroupDoc>(group) else {
        return Err(AppError::NotOpen.to_string());
    };
    let how = OpenWritten {
        question: draft.question,
        closes_on: draft.closes_on,
        special_majority: draft.special_majority,
        opened_by: by.to_owned(),
        today: super::partnership::today(),
        now_ms: js_sys::Date::now() as i64,
    };
    // Checked before any document exists, so a refusal leaves nothing behind.
    let mut written = WrittenProcedureDoc::open(group, &g, how).map_err(|e| e.to_string())?;
    written.name_responders(responder_emails(repo, &g));
    // Owned like its group: a joint group's written procedures belong to every owner.
    let owners: Vec<DocumentId> = g.owners.iter().map(|o| o.partnership).collect();
    let id = super::create_document_like(repo, &owners, group).ok_or_else(|| AppError::NotOpen.to_string())?;
    let question = written.question.clone();
    let time = super::partnership::now();
    repo.change(id, |doc| {
        domain::model::update::<WrittenProcedureDoc, _, GroupError>(doc, "Put a question in writing", time, |w| {
            *w = written;
            Ok(())
        })
    })
    .map_err(|_| AppError::NotOpen.to_string())?
    .map_err(|e| AppError::Document(e.to_string()).to_string())?;
    change_group(repo, group, "List a written procedure", |g| {
        g.written.push(WrittenRef { document: id, question });
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(id)
}

/// The email addresses of each voting seat's holder and deputy, from the people documents
/// of the group's owners on this device: who may respond for the seat themselves.
fn responder_emails(repo: &Repo, g: &GroupDoc) -> Vec<(SeatId, String)> {
    let mut emails: BTreeMap<PersonId, String> = BTreeMap::new();
    for owner in &g.owners {
        let DocView::Ready(p) = repo.read::<PartnershipDoc>(owner.partnership) else { continue };
        for r in &p.people {
            if let DocView::Ready(person) = repo.read::<PersonDoc>(r.document) {
                emails.insert(r.person, person.email);
            }
        }
    }
    g.seats
        .iter()
        .filter(|s| s.voting)
        .flat_map(|s| [s.holder, s.deputy].into_iter().flatten().filter_map(|p| Some((s.id, emails.get(&p)?.clone()))))
        .collect()
}

/// How the chair closes it, as the close form checked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloseDraft {
    pub chair_consents: Option<bool>,
    pub casting: Casting,
}

#[derive(Debug, Clone, Copy)]
pub struct UseWrittenReturn {
    pub doc: Memo<DocView<WrittenProcedureDoc>>,
    /// Records (or changes) a member's response, in the signed-in person's name.
    pub respond: Callback<(SeatId, VoteCast), Result<(), String>>,
    /// The seats the signed-in person may respond for themselves (as holder or deputy).
    pub my_seats: Memo<Vec<SeatId>>,
    /// The signed-in person's own response for one of their seats, with their account.
    pub respond_myself: Callback<(SeatId, VoteCast), Result<(), String>>,
    /// Closes it by the group's rules and records the outcome.
    pub close: Callback<CloseDraft, Result<(), String>>,
}

/// Written procedure `id` and its commands.
pub fn use_written(id: DocumentId) -> UseWrittenReturn {
    let ctx = use_repo();
    let me = use_me().me;
    ctx.repo().open(id);
    let doc = {
        let ctx = ctx.clone();
        Memo::new(move |_| ctx.read::<WrittenProcedureDoc>(id))
    };
    let name = move || me.with_untracked(|m| m.as_ref().map(|m| m.account.name.clone())).unwrap_or_default();
    let respond = {
        let ctx = ctx.clone();
        Callback::new(move |(seat, vote): (SeatId, VoteCast)| {
            let by = name();
            change_by_rule(ctx.repo(), id, "Record a response", |w: &mut WrittenProcedureDoc| w.respond(seat, vote, &by, super::partnership::today(), js_sys::Date::now() as i64))
        })
    };
    let member = move || {
        me.with_untracked(|m| m.as_ref().map(|m| Member::new(&m.account.id, &m.account.name, &m.account.email)))
    };
    let my_seats = Memo::new(move |_| {
        let email = me.with(|m| m.as_ref().map(|m| m.account.email.clone())).unwrap_or_default();
        doc.with(|d| match d {
            DocView::Ready(w) => w.seats_of(&email),
            _ => Vec::new(),
        })
    });
    let respond_myself = {
        let ctx = ctx.clone();
        Callback::new(move |(seat, vote): (SeatId, VoteCast)| {
            let Some(member) = member() else { return Err(AppError::NotOpen.to_string()) };
            change_by_rule(ctx.repo(), id, "Respond to a written procedure", |w: &mut WrittenProcedureDoc| {
                w.respond_as_member(seat, vote, &member, super::partnership::today(), js_sys::Date::now() as i64)
            })
        })
    };
    let close = Callback::new(move |draft: CloseDraft| {
        let DocView::Ready(w) = ctx.repo().read::<WrittenProcedureDoc>(id) else {
            return Err(AppError::NotOpen.to_string());
        };
        let Some(group) = w.group else { return Err(AppError::NotOpen.to_string()) };
        let DocView::Ready(g) = ctx.repo().read::<GroupDoc>(group) else {
            return Err(AppError::NotOpen.to_string());
        };
        let how = CloseWritten {
            closed_by: name(),
            chair_consents: draft.chair_consents,
            casting: draft.casting,
            today: super::partnership::today(),
            now_ms: js_sys::Date::now() as i64,
        };
        change_by_rule(ctx.repo(), id, "Close a written procedure", |w: &mut WrittenProcedureDoc| w.close(&g, how).map(|_| ()))
    });
    UseWrittenReturn { doc, respond, my_seats, respond_myself, close }
}
