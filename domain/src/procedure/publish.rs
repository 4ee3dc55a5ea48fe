use automerge::Automerge;
use autosurgeon::{Hydrate, Reconcile};

use super::{content_at, parse_heads, sign_off_states, Actor, ProcedureContent, ProcedureDoc, ProcedureError, SignOffState, Status, Transition};
use crate::{model::Date, ItemId};

/// A published version: the signed-off heads pinned as version N.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Publication {
    #[key]
    pub id: ItemId,
    pub version: u32,
    /// The heads every owner signed off (hex, sorted).
    pub heads: Vec<String>,
    pub date: Date,
    /// What changed, for the amendments log.
    pub summary: String,
    /// The library update it was published in, if any.
    #[autosurgeon(missing = "Default::default")]
    pub update: Option<ItemId>,
    pub by: String,
    pub at: i64,
}

/// Publishes the signed-off version as the next version number, on `date`. Only when the
/// procedure is signed off and every owning partnership's sign-off is for the current
/// content; the heads pinned are the signed ones. Returns the version number.
pub fn publish(
    doc: &mut Automerge,
    actor: &Actor,
    date: Date,
    summary: &str,
    update: Option<ItemId>,
    time: i64,
) -> Result<u32, ProcedureError> {
    let states = sign_off_states(doc)?;
    let summary = summary.trim().to_owned();
    crate::model::update(doc, "Publish", time, |p: &mut ProcedureDoc| {
        if actor.best_role_in(p.owner_ids()).is_none_or(|r| !r.may_write()) {
            return Err(ProcedureError::NeedsOwnerEditor);
        }
        if p.status != Status::SignedOff {
            return Err(ProcedureError::NoSuchTransition { from: p.status, to: Status::Published });
        }
        if summary.is_empty() {
            return Err(ProcedureError::EmptySummary);
        }
        let current: Vec<_> = states.iter().filter(|(_, st)| *st == SignOffState::Current).map(|(s, _)| s).collect();
        if !p.owners.iter().all(|o| current.iter().any(|s| s.partnership == o.partnership)) {
            return Err(ProcedureError::NotSignedOffByAll);
        }
        let pinned = current.iter().min_by_key(|s| (s.at, s.heads.clone())).map(|s| s.heads.clone()).unwrap_or_default();
        let version = p.publications.iter().map(|x| x.version).max().unwrap_or(0) + 1;
        p.publications.push(Publication { id: ItemId::random(), version, heads: pinned, date, summary: summary.clone(), update, by: actor.name.clone(), at: time });
        p.transitions.push(Transition { from: p.status, to: Status::Published, by: actor.name.clone(), at: time });
        p.status = Status::Published;
        p.consultation.open = false;
        Ok(version)
    })
    .map_err(|e| match e {
        crate::model::DocError::Rule(e) => e,
        e => ProcedureError::doc(e),
    })
}

/// What version `version` said.
pub fn published_content(doc: &Automerge, version: u32) -> Result<Option<(Publication, ProcedureContent)>, ProcedureError> {
    let p: ProcedureDoc = crate::model::read(doc).map_err(ProcedureError::doc)?;
    let Some(publication) = p.publications.into_iter().find(|x| x.version == version) else {
        return Ok(None);
    };
    let content = content_at(doc, &parse_heads(&publication.heads)?)?;
    Ok(Some((publication, content)))
}

/// The latest published version and what it says: what readers see (never the draft).
pub fn latest_published(doc: &Automerge) -> Result<Option<(Publication, ProcedureContent)>, ProcedureError> {
    let p: ProcedureDoc = crate::model::read(doc).map_err(ProcedureError::doc)?;
    match p.publications.iter().map(|x| x.version).max() {
        Some(v) => published_content(doc, v),
        None => Ok(None),
    }
}
