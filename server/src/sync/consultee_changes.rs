//! A consulted person's changes to a procedure's comments document, judged by the domain's
//! rule ([`domain::procedure::consultee_change_allowed`]) on the document before and after
//! their sync message: they add comments and replies in their own name and change only
//! their own; editing or removing another person's is refused (an `error`, nothing kept).

use automerge::Automerge;
use domain::procedure::{consultee_change_allowed, Author, ProcedureCommentsDoc};

use crate::auth::{AccessControl, AccountId};

/// `Ok` when `account` may make the change from `before` to `after`, else why not.
pub(super) fn allowed(auth: &AccessControl, account: AccountId, before: &Automerge, after: &Automerge) -> Result<(), String> {
    let read = |doc: &Automerge| {
        domain::model::read::<ProcedureCommentsDoc>(doc).map_err(|e| format!("the comments could not be read after the change: {e}"))
    };
    let (before, after) = (read(before)?, read(after)?);
    // The app writes the account's name and id as a comment's author (as `/api/me` gives them).
    let name = auth
        .store()
        .account(account)
        .map_err(|e| {
            tracing::error!(error = ?e, "reading an account to check its comments");
            "the server could not check the change".to_owned()
        })?
        .map(|a| a.name)
        .ok_or_else(|| "the account no longer exists".to_owned())?;
    consultee_change_allowed(&before, &after, Author::new(&name, &account.to_string())).map_err(|e| e.to_string())
}
