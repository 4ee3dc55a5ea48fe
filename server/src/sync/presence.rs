//! Presence relayed under the sender's own name. A presence message
//! ([`domain::procedure::PresenceMessage`]) is written by the sender's browser, so the
//! server does not take its word for who is speaking: one that claims another account is
//! dropped, and the name and organisation of one that claims the sender's own are replaced
//! by the account's (as `/api/me` gives them to its owner). Other ephemeral messages pass
//! as they are.

use domain::{
    procedure::{PresenceError, PresenceIdentity, PresenceMessage},
    ConnectionId, DocumentId,
};

use crate::auth::{AccessControl, AccountId};

/// What to relay of `data`, sent by `account` on `conn` about `doc`: `None` drops it.
pub(super) fn vouched(
    auth: &AccessControl,
    account: AccountId,
    conn: ConnectionId,
    doc: DocumentId,
    data: Vec<u8>,
) -> Option<Vec<u8>> {
    let mut message = match PresenceMessage::decode(&data) {
        Ok(m) => m,
        Err(PresenceError::NotPresence(_)) => return Some(data),
        Err(e) => {
            tracing::debug!(%conn, %account, document = %doc, error = %e, "dropped a malformed presence message");
            return None;
        }
    };
    if message.who.person != account.to_string() {
        tracing::debug!(%conn, %account, document = %doc, "dropped a presence message claiming another person");
        return None;
    }
    message.who = identity(auth, account, doc)?;
    Some(message.encode())
}

/// The account as others see it on `doc`: its name, and its partnership among `doc`'s
/// owners, else its first by name (the rule of the app's `use_presence`).
fn identity(auth: &AccessControl, account: AccountId, doc: DocumentId) -> Option<PresenceIdentity> {
    let record = auth
        .store()
        .account(account)
        .inspect_err(|e| tracing::error!(error = ?e, "reading an account for presence"))
        .ok()??;
    let acl = auth.snapshot();
    let owners: Vec<_> = acl.owners(doc).collect();
    let mut partnerships = acl.partnerships_of(account);
    partnerships.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let organisation = partnerships
        .iter()
        .find(|(id, _, _)| owners.contains(id))
        .or_else(|| partnerships.first())
        .map(|(_, p, _)| p.name.clone())
        .unwrap_or_default();
    Some(PresenceIdentity {
        person: account.to_string(),
        name: record.name,
        organisation,
    })
}
