use automerge::Automerge;

use crate::{ConnectionId, DocumentId};

/// Who may have which document: checked on every message, separately from the
/// announce policy (which only decides what a client offers unprompted).
/// Refusals look exactly like a missing document (`doc-unavailable`) for reads.
pub trait AccessPolicy: Send {
    fn may_read(&self, conn: ConnectionId, doc: DocumentId) -> bool;
    /// May this connection change the document (send changes for it, or create it)?
    fn may_write(&self, conn: ConnectionId, doc: DocumentId) -> bool;
    /// Nobody owns `doc` yet and this connection would become its first owner if it sent
    /// changes for it. A pure question: the engine lets a claimant create the document only
    /// when nothing of it is stored, never shows a claimant stored content, and reports the
    /// claim as [`crate::sync::Event::Claimed`] with the changes that make it, so the server
    /// records the owner in the same commit as the chunks. The default is no.
    fn may_claim(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let _ = (conn, doc);
        false
    }
    /// `conn` would claim `doc` ([`Self::may_claim`]) but not now: it is over a limit that
    /// frees with time (the server's quota of new documents a minute). The engine keeps no
    /// part of its message and answers `doc-unavailable` (it does not hold the document),
    /// but remembers the claim and, once [`Self::claims_open`] allows, asks the connection
    /// to send the document again ([`crate::sync::Engine::invite_deferred_claims`]). The
    /// default is no.
    fn claim_later(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let _ = (conn, doc);
        false
    }
    /// How many documents `conn` may claim now (the room left in its quota). Asked for
    /// connections with claims waiting ([`Self::claim_later`]); the default is none.
    fn claims_open(&self, conn: ConnectionId) -> usize {
        let _ = conn;
        0
    }
    /// Nobody owns `doc` (yet): a reader refused it now may be allowed to read it once its
    /// claimant has created it and its owner is recorded, so a server remembers the reader
    /// and sends it the document then (after [`crate::sync::Engine::owners_known`]). The
    /// default is no (a refusal is final until the reader asks again).
    fn unowned(&self, doc: DocumentId) -> bool {
        let _ = doc;
        false
    }
    /// The engine refused a message `conn` sent about `doc`: a read (`write` false:
    /// answered `doc-unavailable`) or a change (`write` true: answered with an `error`).
    /// For audit logs; the default does nothing.
    fn denied(&self, conn: ConnectionId, doc: DocumentId, write: bool) {
        let _ = (conn, doc, write);
    }
    /// Whether `conn` writes `doc` only as a reader does (e.g. a member's own response to a
    /// written procedure): its sync messages are held to a reader's size
    /// ([`crate::protocol::MAX_READER_SYNC_BYTES`]) before they are decoded. The default is no.
    fn writes_as_reader(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let _ = (conn, doc);
        false
    }
    /// Whether the changes `conn` sends for `doc` are checked by [`Self::change_allowed`]
    /// before they are kept (a check costs a copy of the document). The default is no.
    fn checks_changes(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let _ = (conn, doc);
        false
    }
    /// Whether `conn`, which may write `doc`, may make the change from `before` (the
    /// document as held) to `after` (with the changes of its message applied). `Err` says
    /// why not: the engine answers with an `error`, keeps nothing of the message and closes
    /// the connection. Asked only when [`Self::checks_changes`] says so; the default allows.
    fn change_allowed(&self, conn: ConnectionId, doc: DocumentId, before: &Automerge, after: &Automerge) -> Result<(), String> {
        let _ = (conn, doc, before, after);
        Ok(())
    }
    /// What a server relays of an ephemeral message `conn` (which may read `doc`) sent about
    /// `doc`: the data as sent (the default), rewritten (e.g. presence made to name the
    /// sender's own account), or nothing.
    fn ephemeral_from(&self, conn: ConnectionId, doc: DocumentId, data: Vec<u8>) -> Option<Vec<u8>> {
        let _ = (conn, doc);
        Some(data)
    }
}

/// Everyone may read and write everything: the policy of a client, and of a server
/// before accounts exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct AllowAll;

impl AccessPolicy for AllowAll {
    fn may_read(&self, _: ConnectionId, _: DocumentId) -> bool {
        true
    }
    fn may_write(&self, _: ConnectionId, _: DocumentId) -> bool {
        true
    }
}
