//! Opening and ending a procedure's consultation (issue 11). Both are server calls — the
//! server grants the people consulted read access to the procedure and write access to its
//! comments — followed by the same change to the procedure document, so everyone's copy says
//! who is consulted and until when. Offline, nothing is sent and nothing changes: the page
//! says so and keeps what was typed.

use domain::{
    procedure::{
        review_comments, Actor, ConsultationField, ConsultationRequest, ConsultationReview, Consultee, ProcedureCommentsDoc,
        ProcedureDoc, ProcedureError, Status,
    },
    DocumentId,
};
use leptos::prelude::*;

use super::{procedures::today, use_repo};
use crate::{
    auth::{api, session::flush_registrations, ApiError},
    repo::{DocView, Repo},
};

/// Why opening or ending a consultation did not happen, in words for the person; against a
/// form field when it is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultProblem {
    pub field: Option<ConsultationField>,
    pub message: String,
    /// The server could not be reached (nothing was sent).
    pub offline: bool,
}

impl ConsultProblem {
    fn general(message: impl Into<String>) -> Self {
        Self { field: None, message: message.into(), offline: false }
    }

    fn offline() -> Self {
        Self {
            field: None,
            message: "You are offline. Opening or ending a consultation needs the server: nothing has been sent, and what you typed is kept. Try again when you are back online".into(),
            offline: true,
        }
    }

    fn from_api(e: ApiError) -> Self {
        match e {
            ApiError::Offline => Self::offline(),
            ApiError::Refused(m) if m.to_lowercase().contains("closing date") => {
                Self { field: Some(ConsultationField::ClosingDate), message: m, offline: false }
            }
            ApiError::Refused(m) => Self { field: Some(ConsultationField::Emails), message: m, offline: false },
            e => Self::general(e.to_string()),
        }
    }
}

/// Whether this device thinks it is online (a failed request is reported as offline too).
fn online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

fn not_here() -> ConsultProblem {
    ConsultProblem::general("This procedure has not loaded on this device yet. Try again in a moment")
}

fn rule(e: ProcedureError) -> ConsultProblem {
    ConsultProblem::general(e.to_string())
}

/// The comments document of `procedure`, made (owned like the procedure) when it has none.
fn comments_document(repo: &Repo, procedure: DocumentId, p: &ProcedureDoc) -> Result<DocumentId, ConsultProblem> {
    if let Some(c) = p.comments {
        return Ok(c);
    }
    let c = create_comments_document(repo, procedure, &p.owner_ids()).ok_or_else(not_here)?;
    let time = super::partnership::now();
    repo.change(procedure, |d| {
        domain::model::update(d, "Add a comments document", time, |p: &mut ProcedureDoc| {
            p.comments = Some(c);
            Ok::<_, ProcedureError>(())
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| ConsultProblem::general(e.to_string()))?;
    Ok(c)
}

/// A new comments document for `procedure`, owned like it (by `owners`).
pub fn create_comments_document(repo: &Repo, procedure: DocumentId, owners: &[DocumentId]) -> Option<DocumentId> {
    let c = super::create_document_like(repo, owners, procedure)?;
    let time = super::partnership::now();
    repo.change(c, |d| {
        domain::model::update(d, "Create the comments", time, |doc: &mut ProcedureCommentsDoc| {
            *doc = ProcedureCommentsDoc::new(procedure);
            Ok::<_, ProcedureError>(())
        })
    })
    .ok()?
    .ok()?;
    Some(c)
}

/// Puts `procedure` out for consultation: the server first (its answer names each person),
/// then the procedure document (status, closing date, people, message).
pub async fn open_consultation(repo: Repo, procedure: DocumentId, actor: Actor, request: ConsultationRequest) -> Result<(), ConsultProblem> {
    if !online() {
        return Err(ConsultProblem::offline());
    }
    let DocView::Ready(p) = repo.read::<ProcedureDoc>(procedure) else { return Err(not_here()) };
    let today = today();
    p.may_move(&actor, Status::Consultation, today).map_err(rule)?;
    let comments = comments_document(&repo, procedure, &p)?;
    flush_registrations().await;
    let answer = api::open_consultation(procedure, comments, &request.emails, &request.closes_on.to_string())
        .await
        .map_err(ConsultProblem::from_api)?;
    let consulted = answer
        .people
        .iter()
        .map(|c| Consultee::new(if c.name.trim().is_empty() { &c.email } else { &c.name }, &c.email))
        .collect::<Result<Vec<_>, _>>()
        .map_err(rule)?;
    let time = super::partnership::now();
    repo.change(procedure, |d| {
        domain::model::update(d, "Out for consultation", time, |p: &mut ProcedureDoc| {
            p.open_consultation(&actor, request.closes_on, consulted, today, time)?;
            p.consultation.message = request.message.clone();
            Ok(())
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| match e {
        domain::model::DocError::Rule(e) => rule(e),
        e => ConsultProblem::general(e.to_string()),
    })
}

/// Ends the consultation on `procedure` now: the server (the grants end), then the document.
pub async fn end_consultation(repo: Repo, procedure: DocumentId, actor: Actor) -> Result<(), ConsultProblem> {
    if !online() {
        return Err(ConsultProblem::offline());
    }
    match api::end_consultation(procedure).await {
        Ok(()) | Err(ApiError::NotFound(_)) => {}
        Err(e) => return Err(ConsultProblem::from_api(e)),
    }
    let time = super::partnership::now();
    repo.change(procedure, |d| {
        domain::model::update(d, "End the consultation", time, |p: &mut ProcedureDoc| match p.end_consultation(&actor, today()) {
            Err(ProcedureError::ConsultationClosed) => Ok(()),
            r => r,
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| match e {
        domain::model::DocError::Rule(e) => rule(e),
        e => ConsultProblem::general(e.to_string()),
    })
}

/// Every comment on `procedure`, grouped for the closed-consultation view (`None` until
/// the comments are on this device).
pub fn use_consultation_review(procedure: DocumentId, doc: Memo<ProcedureDoc>) -> Memo<Option<ConsultationReview>> {
    let ctx = use_repo();
    let comments_id = Memo::new(move |_| doc.with(|d| d.comments));
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            if let Some(c) = comments_id.get() {
                ctx.repo().open(c);
            }
        });
    }
    let _ = procedure;
    Memo::new(move |_| {
        let c = comments_id.get()?;
        match ctx.read::<ProcedureCommentsDoc>(c) {
            DocView::Ready(comments) => Some(doc.with(|p| review_comments(p, &comments))),
            _ => None,
        }
    })
}
