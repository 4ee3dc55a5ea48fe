//! A member's changes (a person who only reads a document through their partnership),
//! judged by the domain's rule ([`domain::meeting::member_response_allowed`]) on the
//! document before and after their sync message: they write only their own seat's response
//! to a written procedure that is still open (by the server's date), in their own account.
//! Anything else is refused with an `error`, and nothing of it is kept.

use automerge::Automerge;
use domain::meeting::{member_response_allowed, Member};

use crate::auth::{AccessControl, AccountId};

/// `Ok` when `account` may make the change from `before` to `after`, else why not.
pub(super) fn allowed(auth: &AccessControl, account: AccountId, before: &Automerge, after: &Automerge) -> Result<(), String> {
    let found = auth.store().account(account).map_err(|e| {
        tracing::error!(error = ?e, "reading an account to check a member's change");
        "the server could not check the change".to_owned()
    })?;
    let a = found.ok_or_else(|| "the account no longer exists".to_owned())?;
    let today = domain::model::Date::of_unix_seconds(auth.clock().now_ms() / 1000);
    member_response_allowed(before, after, &Member::new(&account.to_string(), &a.name, &a.email), today).map_err(|e| e.to_string())
}
