//! An access policy the test changes while the engine runs: who may read or write what,
//! per server-side connection (the server's `ConnectionId`s).

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
};

use automerge::{Automerge, ReadDoc, ROOT};
use domain::{sync::AccessPolicy, ConnectionId, DocumentId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Shared between the test and the engine: changes take effect at once for new messages,
/// and for what is already flowing after `Engine::revalidate`.
#[derive(Debug, Clone, Default)]
pub struct Grants(
    Arc<Mutex<HashMap<(ConnectionId, DocumentId), Access>>>,
    Arc<Mutex<Vec<Denial>>>,
    /// Connections that may claim a document nobody has a grant on (as a server lets an
    /// editor's connection create a new document).
    Arc<Mutex<HashSet<ConnectionId>>>,
    /// (connection, document) whose changes are checked: one that makes the root key `k`
    /// say `forbidden` is refused.
    Arc<Mutex<HashSet<(ConnectionId, DocumentId)>>>,
    /// Whether a document nobody has a grant on counts as not owned yet (as a server whose
    /// rules do not yet know a new document's owner), see [`Grants::unowned_without_grants`].
    Arc<Mutex<bool>>,
);

/// A refusal the engine reported: (connection, document, whether it was a write).
pub type Denial = (ConnectionId, DocumentId, bool);

impl Grants {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&self, conn: ConnectionId, doc: DocumentId, access: Option<Access>) {
        let mut map = self.0.lock().unwrap();
        match access {
            Some(a) => map.insert((conn, doc), a),
            None => map.remove(&(conn, doc)),
        };
    }

    /// Lets `conn` claim documents nobody has a grant on.
    pub fn allow_claims(&self, conn: ConnectionId) {
        self.2.lock().unwrap().insert(conn);
    }

    /// Checks `conn`'s changes to `doc` (see the field).
    pub fn check_changes(&self, conn: ConnectionId, doc: DocumentId) {
        self.3.lock().unwrap().insert((conn, doc));
    }

    /// From now on a document nobody has a grant on is one whose owner is not known yet: a
    /// reader refused it is remembered, to be sent it once it may read it.
    pub fn unowned_without_grants(&self) {
        *self.4.lock().unwrap() = true;
    }

    /// What the engine reported refusing, in order.
    pub fn denials(&self) -> Vec<Denial> {
        self.1.lock().unwrap().clone()
    }

    pub fn policy(&self) -> Box<dyn AccessPolicy> {
        Box::new(self.clone())
    }
}

impl AccessPolicy for Grants {
    fn may_read(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.0.lock().unwrap().contains_key(&(conn, doc))
    }

    fn may_write(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.0.lock().unwrap().get(&(conn, doc)) == Some(&Access::Write)
    }

    fn may_claim(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.2.lock().unwrap().contains(&conn) && !self.0.lock().unwrap().keys().any(|(_, d)| *d == doc)
    }

    fn unowned(&self, doc: DocumentId) -> bool {
        *self.4.lock().unwrap() && !self.0.lock().unwrap().keys().any(|(_, d)| *d == doc)
    }

    fn denied(&self, conn: ConnectionId, doc: DocumentId, write: bool) {
        self.1.lock().unwrap().push((conn, doc, write));
    }

    fn checks_changes(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.3.lock().unwrap().contains(&(conn, doc))
    }

    fn change_allowed(&self, _: ConnectionId, _: DocumentId, before: &Automerge, after: &Automerge) -> Result<(), String> {
        let k = |d: &Automerge| d.get(ROOT, "k").unwrap().and_then(|(v, _)| v.as_str().map(str::to_owned));
        match (k(before), k(after)) {
            (_, Some(v)) if v == "forbidden" => Err(format!("k may not say {v}")),
            _ => Ok(()),
        }
    }

    /// As a server vouches for presence: drops payloads starting `forged`, and writes the
    /// sending connection in place of a leading `me:`; others pass as sent.
    fn ephemeral_from(&self, conn: ConnectionId, _: DocumentId, data: Vec<u8>) -> Option<Vec<u8>> {
        if data.starts_with(b"forged") {
            return None;
        }
        match data.strip_prefix(b"me:") {
            Some(rest) => Some([format!("{conn}:").as_bytes(), rest].concat()),
            None => Some(data),
        }
    }
}
