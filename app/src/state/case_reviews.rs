//! Case reviews' action plans (issue 12): a group's list of them (`GroupDoc::case_reviews`),
//! one review's document, and the commands that start one, add its recommendations and the
//! actions answering them, and move an action on.

use domain::{
    meeting::{ActionStatus, CaseReviewDoc, CaseReviewError, CaseReviewRef, ReviewKind},
    model::{Date, GroupDoc},
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::{change_group, meetings::change_by_rule, use_repo};
use crate::{
    error::AppError,
    repo::{DocView, Repo},
};

/// One line of a group's case reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: DocumentId,
    pub title: String,
    /// None until the review's document is on this device.
    pub kind: Option<ReviewKind>,
    /// How far the plan has got, in words (empty until the document arrives).
    pub summary: String,
}

#[derive(Debug, Clone, Copy)]
pub struct UseCaseReviewsReturn {
    /// The group's case reviews, newest first.
    pub rows: Memo<Vec<ReviewRow>>,
    /// Starts a review's action plan (a document owned like the group), listed on the group.
    pub start: Callback<(String, ReviewKind), Result<DocumentId, String>>,
}

/// Group `group`'s case reviews, opening each so it stays on this device.
pub fn use_case_reviews(group: DocumentId) -> UseCaseReviewsReturn {
    let ctx = use_repo();
    ctx.repo().open(group);
    let refs = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.read::<GroupDoc>(group) {
            DocView::Ready(g) => g.case_reviews,
            _ => Vec::new(),
        })
    };
    let rows = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let today = super::partnership::today();
            let mut rows: Vec<ReviewRow> = refs
                .get()
                .into_iter()
                .map(|r| {
                    ctx.repo().open(r.document);
                    row(&r, &ctx.read::<CaseReviewDoc>(r.document), today)
                })
                .collect();
            rows.reverse();
            rows
        })
    };
    let start = Callback::new(move |(title, kind): (String, ReviewKind)| start_review(ctx.repo(), group, &title, kind));
    UseCaseReviewsReturn { rows, start }
}

fn row(r: &CaseReviewRef, doc: &DocView<CaseReviewDoc>, today: Date) -> ReviewRow {
    match doc {
        DocView::Ready(d) => ReviewRow { id: r.document, title: d.title.clone(), kind: Some(d.kind), summary: d.summary(today) },
        _ => ReviewRow { id: r.document, title: r.title.clone(), kind: None, summary: String::new() },
    }
}

fn start_review(repo: &Repo, group: DocumentId, title: &str, kind: ReviewKind) -> Result<DocumentId, String> {
    let DocView::Ready(g) = repo.read::<GroupDoc>(group) else {
        return Err(AppError::NotOpen.to_string());
    };
    // Checked before any document exists, so a refusal leaves nothing behind.
    let review = CaseReviewDoc::new(title, kind, group, None).map_err(|e| e.to_string())?;
    // Owned like its group: a joint group's reviews belong to every owner.
    let owners: Vec<DocumentId> = g.owners.iter().map(|o| o.partnership).collect();
    let id = super::create_document_like(repo, &owners, group).ok_or_else(|| AppError::NotOpen.to_string())?;
    let listed = CaseReviewRef { document: id, title: review.title.clone() };
    let time = super::partnership::now();
    repo.change(id, |doc| {
        domain::model::update::<CaseReviewDoc, _, CaseReviewError>(doc, "Start a case review's action plan", time, |r| {
            *r = review;
            Ok(())
        })
    })
    .map_err(|_| AppError::NotOpen.to_string())?
    .map_err(|e| AppError::Document(e.to_string()).to_string())?;
    change_group(repo, group, "List a case review", |g| {
        g.case_reviews.push(listed);
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(id)
}

/// A change to a review's action plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewEdit {
    AddRecommendation(String),
    AddAction { recommendation: ItemId, description: String, owner: String, due: Option<Date> },
    SetStatus(ItemId, ActionStatus),
}

impl ReviewEdit {
    fn message(&self) -> &'static str {
        match self {
            ReviewEdit::AddRecommendation(_) => "Add a recommendation",
            ReviewEdit::AddAction { .. } => "Add an action to the plan",
            ReviewEdit::SetStatus(..) => "Change an action's status",
        }
    }

    /// Applies it to the review: what the domain refuses writes nothing.
    pub fn apply(self, r: &mut CaseReviewDoc) -> Result<(), CaseReviewError> {
        match self {
            ReviewEdit::AddRecommendation(text) => r.add_recommendation(&text).map(|_| ()),
            ReviewEdit::AddAction { recommendation, description, owner, due } => r.add_action(recommendation, &description, &owner, due).map(|_| ()),
            ReviewEdit::SetStatus(action, status) => r.set_status(action, status),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct UseCaseReviewReturn {
    pub doc: Memo<DocView<CaseReviewDoc>>,
    pub change: Callback<ReviewEdit, Result<(), String>>,
}

/// Case review `id` and its commands.
pub fn use_case_review(id: DocumentId) -> UseCaseReviewReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    let doc = {
        let ctx = ctx.clone();
        Memo::new(move |_| ctx.read::<CaseReviewDoc>(id))
    };
    let change = Callback::new(move |edit: ReviewEdit| {
        let message = edit.message();
        change_by_rule(ctx.repo(), id, message, |r: &mut CaseReviewDoc| edit.apply(r))
    });
    UseCaseReviewReturn { doc, change }
}
