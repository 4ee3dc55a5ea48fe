use automerge::Automerge;
use autosurgeon::{Hydrate, Reconcile};

use super::{content, content_at, parse_heads, Actor, ProcedureContent, ProcedureDoc, ProcedureError, Status, Transition};
use crate::{access::Role, DocumentId, ItemId};

/// An owning partnership's sign-off of the procedure as it was at `heads`.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct SignOff {
    #[key]
    pub id: ItemId,
    pub partnership: DocumentId,
    /// Who signed (account email or name).
    pub by: String,
    /// Seconds since the epoch.
    pub at: i64,
    /// The exact heads signed off (hex, sorted).
    pub heads: Vec<String>,
    /// The content digest at those heads ([`ProcedureContent::digest`]).
    pub digest: String,
}

/// A person an owning partnership names to sign off for it (besides its admins).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Delegate {
    #[key]
    pub partnership: DocumentId,
    /// Their account email.
    pub person: String,
}

/// Whether a sign-off is for what the procedure says now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOffState {
    /// The content at the signed heads is the content now.
    Current,
    /// The procedure changed after it (show "for an earlier version" with the diff since).
    EarlierVersion,
}

impl ProcedureDoc {
    /// Whether `actor` may sign off for `partnership`: its admin, or the person it named.
    pub fn may_sign_for(&self, actor: &Actor, partnership: DocumentId) -> bool {
        actor.role_in(partnership) == Some(Role::Admin)
            || self.delegates.iter().any(|d| d.partnership == partnership && d.person.eq_ignore_ascii_case(actor.identity()))
    }

    /// The person `partnership` named to sign off for it, if any (their account email).
    pub fn delegate_of(&self, partnership: DocumentId) -> Option<&str> {
        self.delegates.iter().find(|d| d.partnership == partnership).map(|d| d.person.as_str())
    }

    /// An owning partnership's admin names the person who signs off for it (an email
    /// address), replacing whoever it named before; empty names nobody.
    pub fn name_delegate(&mut self, actor: &Actor, partnership: DocumentId, person: &str) -> Result<(), ProcedureError> {
        if !self.owned_by(partnership) {
            return Err(ProcedureError::NotAnOwner);
        }
        if actor.role_in(partnership) != Some(Role::Admin) {
            return Err(ProcedureError::NeedsOwnerAdmin);
        }
        let person = clean_delegate(person)?;
        self.delegates.retain(|d| d.partnership != partnership);
        if !person.is_empty() {
            self.delegates.push(Delegate { partnership, person });
        }
        Ok(())
    }

    /// Records a sign-off of `signed` (the content at `heads`) and, when every owner has
    /// signed off this same content, moves the procedure to signed off.
    pub(crate) fn record_sign_off(
        &mut self,
        actor: &Actor,
        partnership: DocumentId,
        heads: Vec<String>,
        signed: &ProcedureContent,
        at: i64,
    ) -> Result<(), ProcedureError> {
        if !self.owned_by(partnership) {
            return Err(ProcedureError::NotAnOwner);
        }
        if !self.may_sign_for(actor, partnership) {
            return Err(ProcedureError::NotASignatory);
        }
        if !matches!(self.status, Status::AwaitingSignOff | Status::SignedOff) {
            return Err(ProcedureError::NotAwaitingSignOff);
        }
        let digest = signed.digest();
        self.sign_offs.retain(|s| s.partnership != partnership);
        self.sign_offs.push(SignOff { id: ItemId::random(), partnership, by: actor.name.clone(), at, heads, digest: digest.clone() });
        let all = self.owners.iter().all(|o| self.sign_offs.iter().any(|s| s.partnership == o.partnership && s.digest == digest));
        if all && self.status == Status::AwaitingSignOff {
            self.transitions.push(Transition { from: self.status, to: Status::SignedOff, by: actor.name.clone(), at });
            self.status = Status::SignedOff;
        }
        Ok(())
    }
}

/// The email address of a person named to sign off, as kept (trimmed, lower case), or why
/// it is not one; empty stays empty (naming nobody).
pub fn clean_delegate(person: &str) -> Result<String, ProcedureError> {
    let person = person.trim().to_ascii_lowercase();
    if person.is_empty() {
        return Ok(person);
    }
    // The person form's check, and one `@` only (an account email names one account).
    if !crate::model::is_email(&person) || person.matches('@').count() != 1 {
        return Err(ProcedureError::BadDelegate);
    }
    Ok(person)
}

/// `actor` signs off the procedure as it is now for `partnership`, pinning the current
/// heads. Nothing is written when the rules refuse it.
pub fn sign_off(doc: &mut Automerge, actor: &Actor, partnership: DocumentId, time: i64) -> Result<(), ProcedureError> {
    let heads = super::heads_hex(doc);
    let now = content(doc)?;
    crate::model::update(doc, &format!("Sign off for {partnership}"), time, |p: &mut ProcedureDoc| {
        p.record_sign_off(actor, partnership, heads, &now, time)
    })
    .map_err(|e| match e {
        crate::model::DocError::Rule(e) => e,
        e => ProcedureError::doc(e),
    })
}

/// What changed since a sign-off (empty sections list when nothing did): the word diff
/// from its pinned heads to now, for "signed off for an earlier version".
pub fn diff_since_sign_off(doc: &Automerge, sign_off: &SignOff) -> Result<Vec<super::SectionDiff>, ProcedureError> {
    super::diff_versions(doc, &parse_heads(&sign_off.heads)?, &doc.get_heads())
}

/// Every sign-off with its state, judged by the content at its pinned heads (not by what
/// it claims): an edit after the sign-off makes it "for an earlier version". A sign-off
/// whose heads this device has not got yet counts as earlier.
pub fn sign_off_states(doc: &Automerge) -> Result<Vec<(SignOff, SignOffState)>, ProcedureError> {
    let p: ProcedureDoc = crate::model::read(doc).map_err(ProcedureError::doc)?;
    let now = ProcedureContent::of(&p);
    let now_digest = now.digest();
    Ok(p
        .sign_offs
        .iter()
        .map(|s| {
            // A sign-off whose recorded digest differs is for an earlier version without
            // looking further; one that claims the current content is checked at its heads.
            let same = s.digest == now_digest && parse_heads(&s.heads).ok().and_then(|h| content_at(doc, &h).ok()).is_some_and(|c| c == now);
            (s.clone(), if same { SignOffState::Current } else { SignOffState::EarlierVersion })
        })
        .collect())
}
