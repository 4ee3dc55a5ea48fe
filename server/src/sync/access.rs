//! The sync engine's [`AccessPolicy`] on the server: each connection's [`Principal`]
//! (fixed at the handshake) asked against the current [`Acl`](crate::auth::Acl) snapshot,
//! on every message.
//!
//! A document nobody owns yet may be created by a principal that would claim it (an API
//! token's partnership, or a session's only editable partnership), within a quota of new
//! documents per minute ([`ClaimQuota`]: over it, the claim waits for the quota to free);
//! the engine lets a claimant create only ids with nothing stored, and the hub records the
//! owner in the commit of the first chunks.
//!
//! Refused messages are written to the audit log of the document's owners, once per
//! connection, document and kind, and at most [`MAX_DENIALS_AUDITED`] per connection.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, MutexGuard},
};

use automerge::Automerge;
use domain::{sync::AccessPolicy, ConnectionId, DocumentId};

use super::claim_quota::ClaimQuota;
use crate::auth::{
    audit::{self, AuditKind},
    AccessControl, AccountId, Principal,
};

/// A connection that keeps asking for what it may not have is not allowed to flood the
/// audit log.
const MAX_DENIALS_AUDITED: usize = 32;

/// How a connection authenticated, kept to re-check it while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) principal: Principal,
    /// For an API token: its hash, to notice when the token is deleted.
    pub(crate) token_hash: Option<String>,
}

/// Open connections' identities, shared by the hub (which adds and removes them) and the
/// policy inside the engine, and how many each account has open.
#[derive(Debug, Clone, Default)]
pub(crate) struct Connections(Arc<Mutex<Open>>);

#[derive(Debug, Default)]
struct Open {
    entries: HashMap<ConnectionId, Entry>,
    per_account: HashMap<AccountId, usize>,
}

#[derive(Debug)]
struct Entry {
    identity: Identity,
    /// Refusals already written to the audit log: (document, write).
    audited: HashSet<(DocumentId, bool)>,
}

impl Connections {
    /// Adds a connection; returns how many its account has open now, this one included.
    pub(crate) fn insert(&self, conn: ConnectionId, identity: Identity) -> usize {
        let mut open = self.lock();
        let account = identity.principal.account;
        let entry = Entry {
            identity,
            audited: HashSet::new(),
        };
        if let Some(old) = open.entries.insert(conn, entry) {
            // Connection ids are never reused; keep the count right regardless.
            open.forget_one(old.identity.principal.account);
        }
        let count = open.per_account.entry(account).or_default();
        *count += 1;
        *count
    }

    pub(crate) fn remove(&self, conn: ConnectionId) {
        let mut open = self.lock();
        if let Some(entry) = open.entries.remove(&conn) {
            open.forget_one(entry.identity.principal.account);
        }
    }

    pub(crate) fn principal(&self, conn: ConnectionId) -> Option<Principal> {
        self.lock().entries.get(&conn).map(|e| e.identity.principal)
    }

    /// A copy of every open connection's identity.
    pub(crate) fn all(&self) -> Vec<(ConnectionId, Identity)> {
        self.lock()
            .entries
            .iter()
            .map(|(c, e)| (*c, e.identity.clone()))
            .collect()
    }

    /// Whether this refusal is new for the connection (and within its audit budget).
    fn first_denial(&self, conn: ConnectionId, doc: DocumentId, write: bool) -> bool {
        let mut open = self.lock();
        let Some(entry) = open.entries.get_mut(&conn) else {
            return false;
        };
        entry.audited.len() < MAX_DENIALS_AUDITED && entry.audited.insert((doc, write))
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Open {
    fn forget_one(&mut self, account: AccountId) {
        if let Some(count) = self.per_account.get_mut(&account) {
            *count -= 1;
            if *count == 0 {
                self.per_account.remove(&account);
            }
        }
    }
}

/// The policy the server's engine asks.
#[derive(Debug)]
pub(crate) struct ServerAccess {
    auth: AccessControl,
    connections: Connections,
    quota: ClaimQuota,
}

impl ServerAccess {
    pub(crate) fn new(auth: AccessControl, connections: Connections, quota: ClaimQuota) -> Self {
        Self { auth, connections, quota }
    }
}

impl AccessPolicy for ServerAccess {
    fn may_read(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let Some(p) = self.connections.principal(conn) else {
            return false;
        };
        self.auth.snapshot().may_read(&p, doc)
    }

    fn may_write(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let Some(p) = self.connections.principal(conn) else {
            return false;
        };
        let acl = self.auth.snapshot();
        // A member (a reader) writes too, but only their own written-procedure responses:
        // every change of theirs is checked ([`Self::change_allowed`]).
        acl.may_write(&p, doc) || acl.writes_only_as_member(&p, doc)
    }

    /// Nobody owns `doc` and the connection's account would claim it for one partnership
    /// (an API token's, or a session's only editable one), within its quota of new
    /// documents. Records nothing: the hub records the owner with the document's first
    /// chunks ([`domain::sync::Event::Claimed`]).
    fn may_claim(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.claim(conn, doc) == Some(true)
    }

    /// Would claim `doc`, but the account's quota of new documents is spent for now: the
    /// engine holds the claim and invites it again as the quota frees.
    fn claim_later(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let later = self.claim(conn, doc) == Some(false);
        let now = self.auth.clock().now_ms();
        if later {
            if let Some(p) = self.connections.principal(conn) {
                if self.quota.first_refusal(p.account, now) {
                    tracing::warn!(%conn, account = %p.account, document = %doc, "holding back new documents: too many this minute; each is taken as the quota frees");
                }
            }
        }
        later
    }

    fn claims_open(&self, conn: ConnectionId) -> usize {
        let Some(p) = self.connections.principal(conn) else {
            return 0;
        };
        self.quota.remaining(p.account, self.auth.clock().now_ms())
    }

    fn unowned(&self, doc: DocumentId) -> bool {
        !self.auth.snapshot().is_owned(doc)
    }

    fn denied(&self, conn: ConnectionId, doc: DocumentId, write: bool) {
        super::metrics::METRICS.record_refused();
        let Some(p) = self.connections.principal(conn) else {
            return;
        };
        if !self.connections.first_denial(conn, doc, write) {
            return;
        }
        let what = if write { "change" } else { "read" };
        let detail = format!("{what} {doc} over sync");
        tracing::info!(%conn, account = %p.account, document = %doc, what, "refused a sync message");
        let acl = self.auth.snapshot();
        for owner in acl.owners(doc) {
            audit::record(&self.auth, Some(owner), Some(p.account), AuditKind::AccessDenied, &detail);
        }
    }

    /// A member writes only their own written-procedure responses: as small as a reader's.
    fn writes_as_reader(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let Some(p) = self.connections.principal(conn) else {
            return false;
        };
        self.auth.snapshot().writes_only_as_member(&p, doc)
    }

    /// A consulted person's changes to a comments document they write only through the
    /// consultation, and an editor's changes to their partnership's document.
    fn checks_changes(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let Some(p) = self.connections.principal(conn) else {
            return false;
        };
        let acl = self.auth.snapshot();
        acl.writes_only_as_consultee(&p, doc) || acl.edits_partnership_below_admin(&p, doc) || acl.writes_only_as_member(&p, doc)
    }

    /// A consulted person adds and changes only their own comments and replies
    /// ([`super::consultee_changes`]); an editor changes anything of their partnership's
    /// document but its compliance rules ([`domain::model::compliance_unchanged`]); a member
    /// changes only their own seat's response to a written procedure ([`super::member_changes`]).
    fn change_allowed(&self, conn: ConnectionId, doc: DocumentId, before: &Automerge, after: &Automerge) -> Result<(), String> {
        let Some(p) = self.connections.principal(conn) else {
            return Err("the connection has closed".into());
        };
        let acl = self.auth.snapshot();
        if acl.writes_only_as_member(&p, doc) {
            return super::member_changes::allowed(&self.auth, p.account, before, after)
                .inspect_err(|reason| tracing::info!(%conn, account = %p.account, document = %doc, reason, "refused a member's change"));
        }
        if acl.edits_partnership_below_admin(&p, doc) {
            return domain::model::compliance_unchanged(before, after)
                .map_err(|e| e.to_string())
                .inspect_err(|reason| tracing::info!(%conn, account = %p.account, document = %doc, reason, "refused an editor's change to the compliance rules"));
        }
        super::consultee_changes::allowed(&self.auth, p.account, before, after)
            .inspect_err(|reason| tracing::info!(%conn, account = %p.account, document = %doc, reason, "refused a consulted person's change to comments"))
    }

    /// Presence is relayed only as the sender's own account ([`super::presence`]).
    fn ephemeral_from(&self, conn: ConnectionId, doc: DocumentId, data: Vec<u8>) -> Option<Vec<u8>> {
        let p = self.connections.principal(conn)?;
        super::presence::vouched(&self.auth, p.account, conn, doc, data)
    }
}

impl ServerAccess {
    /// Whether `conn` would claim `doc` (nobody owns it, and the connection's account would
    /// own it for one partnership): `Some(true)` within the account's quota of new
    /// documents, `Some(false)` over it, `None` if it would not claim it at all.
    fn claim(&self, conn: ConnectionId, doc: DocumentId) -> Option<bool> {
        let p = self.connections.principal(conn)?;
        self.auth.snapshot().claim_partnership(&p, doc)?;
        if !minted_for_claimant(&p, doc) {
            return None;
        }
        Some(self.quota.allows(p.account, self.auth.clock().now_ms()))
    }
}

/// A person (a session) may claim only ids minted for their own account
/// ([`DocumentId::minted_for`]), so nobody can squat an id another person created offline.
/// An API token, issued by the server's operator to a machine client (which mints random ids
/// as the JavaScript client does), may claim any id nobody owns.
pub(crate) fn minted_for_claimant(p: &Principal, doc: DocumentId) -> bool {
    match p.via {
        crate::auth::Via::Session(_) => doc.is_minted_for(&p.account.to_string()),
        crate::auth::Via::Token { .. } => true,
    }
}
