//! A member responding to a written procedure themselves (issue 12). Most members read
//! Quorum and change nothing; a written procedure is the one document where a member
//! writes, and only their own seat's response. The server judges every change a member's
//! account sends with [`member_response_allowed`] on the document before and after it:
//! every part it touches must lie under `responses/<seat>` for a seat listed with the
//! member's email when the procedure opened, the procedure must still be open, and the
//! response must carry the member's own account.

use automerge::{Automerge, PatchAction, Prop, ReadDoc};

use super::WrittenProcedureDoc;
use crate::model::Date;

/// A signed-in member: their account id, name and email (as the server knows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub account: String,
    pub name: String,
    pub email: String,
}

impl Member {
    pub fn new(account: &str, name: &str, email: &str) -> Self {
        Self { account: account.to_owned(), name: name.to_owned(), email: email.to_owned() }
    }
}

/// Why a member's change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemberResponseError {
    #[error("a member may not change this document (only their own response to a written procedure)")]
    NotWritten,
    #[error("the written procedure could not be read: {0}")]
    Unreadable(String),
    #[error("the written procedure has closed")]
    Closed,
    #[error("a member may change only their own seat's response")]
    NotTheirs,
    #[error("a member's response must carry their own account")]
    WrongAccount,
}

/// `Ok` when `member` may turn `before` into `after` on `today` (the server's date).
pub fn member_response_allowed(before: &Automerge, after: &Automerge, member: &Member, today: Date) -> Result<(), MemberResponseError> {
    let is_written = |d: &Automerge| {
        d.get(automerge::ROOT, "entitled").ok().flatten().is_some() && d.get(automerge::ROOT, "question").ok().flatten().is_some()
    };
    if !is_written(before) {
        return Err(MemberResponseError::NotWritten);
    }
    let read = |d: &Automerge| crate::model::read::<WrittenProcedureDoc>(d).map_err(|e| MemberResponseError::Unreadable(e.to_string()));
    let (was, now) = (read(before)?, read(after)?);
    if !was.is_open(today) {
        return Err(MemberResponseError::Closed);
    }
    // Judged by what the member was named for before their change, never by what it says.
    let seats: Vec<String> = was.seats_of(&member.email).iter().map(ToString::to_string).collect();
    let mut touched = Vec::new();
    for patch in after.diff(&before.get_heads(), &after.get_heads()) {
        let mut props: Vec<Prop> = patch.path.iter().map(|(_, p)| p.clone()).collect();
        match &patch.action {
            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => props.push(Prop::Map(key.clone())),
            PatchAction::Increment { prop, .. } | PatchAction::Conflict { prop } => props.push(prop.clone()),
            _ => {}
        }
        match props.as_slice() {
            [Prop::Map(top), Prop::Map(seat), ..] if top == "responses" && seats.contains(seat) => touched.push(seat.clone()),
            _ => return Err(MemberResponseError::NotTheirs),
        }
    }
    for seat in touched {
        if let Some(r) = now.responses.get(&seat) {
            if r.account.as_deref() != Some(member.account.as_str()) {
                return Err(MemberResponseError::WrongAccount);
            }
        }
    }
    Ok(())
}
