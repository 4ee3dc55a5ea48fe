use crate::{ConnectionId, DocumentId};

/// Who may have which document: checked on every message, separately from the
/// announce policy (which only decides what a client offers unprompted).
/// Refusals look exactly like a missing document (`doc-unavailable`) for reads.
pub trait AccessPolicy: Send {
    fn may_read(&self, conn: ConnectionId, doc: DocumentId) -> bool;
    /// May this connection change the document (send changes for it, or create it)?
    fn may_write(&self, conn: ConnectionId, doc: DocumentId) -> bool;
    /// The engine refused a message `conn` sent about `doc`: a read (`write` false:
    /// answered `doc-unavailable`) or a change (`write` true: answered with an `error`).
    /// For audit logs; the default does nothing.
    fn denied(&self, conn: ConnectionId, doc: DocumentId, write: bool) {
        let _ = (conn, doc, write);
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
