use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{sync, sync::SyncDoc, Automerge};

use super::{
    config::{EngineConfig, Role},
    connection::{Connection, Direction},
    document::DocState,
    effects::{Effects, Event, Saved},
    policy::{AccessPolicy, AllowAll},
    shared_apply::{self, Pending},
    snapshot_reply::{self, ServedSnapshot},
    status::SyncSummary,
};
use crate::{
    protocol::{self, Message, PeerMetadata, PROTOCOL_V1},
    storage::{layout, StorageKey},
    ConnectionId, DocumentId, PeerId,
};

/// The engine has no such document in memory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document {0} is not open")]
pub struct UnknownDocument(pub DocumentId);

/// An ephemeral message too large to send (the server would refuse it and close the
/// connection).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an ephemeral message of {0} bytes is larger than the {max}-byte limit", max = protocol::MAX_EPHEMERAL_BYTES)]
pub struct EphemeralTooLarge(pub usize);

/// Claims a connection may make at most waiting at once ([`AccessPolicy::claim_later`]);
/// one more is refused as before (`doc-unavailable`), so a flood costs bounded memory.
pub const MAX_DEFERRED_CLAIMS: usize = 4096;

/// The most documents a server remembers readers waiting for (asked for before they existed
/// on it, or before their owner was recorded): beyond it a request is only answered
/// `doc-unavailable`, so no peer can grow what the server remembers without bound.
pub const MAX_AWAITED_DOCUMENTS: usize = 16_384;

/// After this many calls of [`Engine::invite_deferred_claims`] without an answer, an
/// invitation is made again (the server calls it every half second: some 15 s, time for a
/// slow link to send a large document).
const INVITE_AGAIN_AFTER: u64 = 30;

/// A claim held back by the policy ([`AccessPolicy::claim_later`]) until it may be made.
#[derive(Debug, Clone, Copy)]
struct DeferredClaim {
    /// Order of arrival: invitations go out first come, first served.
    seq: u64,
    /// The call of [`Engine::invite_deferred_claims`] that invited it, if one did.
    invited_at: Option<u64>,
}

/// Messages waiting for a document to load, with the connection each came on.
type Waiting = Vec<(ConnectionId, Message)>;

/// A document slot: loading from storage, in memory, or unreadable.
#[derive(Debug)]
enum Slot {
    /// `served`: peers already sent its stored snapshot; the load was put off until after
    /// (see [`Engine::document_loaded`]).
    Loading { waiting: Waiting, served: Option<ServedSnapshot> },
    Ready(Box<DocState>),
    Damaged,
}

/// The sans-IO sync engine. See the [module docs](super) for how adapters drive it.
pub struct Engine {
    config: EngineConfig,
    access: Box<dyn AccessPolicy>,
    next_conn: u64,
    conns: BTreeMap<ConnectionId, Connection>,
    docs: HashMap<DocumentId, Slot>,
    /// Server: connections told a document does not exist, to be sent it if it appears
    /// (and, for one nobody owns yet, once its owner is known: [`Engine::owners_known`]).
    wanted: HashMap<DocumentId, Vec<ConnectionId>>,
    /// Server: claims waiting for the policy to allow them ([`AccessPolicy::claim_later`]).
    deferred: BTreeMap<(ConnectionId, DocumentId), DeferredClaim>,
    /// Claims deferred so far (their order), and calls of [`Engine::invite_deferred_claims`].
    deferred_seq: u64,
    invite_calls: u64,
    /// With [`EngineConfig::coalesce`]: documents to save at the next [`Engine::flush`].
    unsaved: BTreeSet<DocumentId>,
    /// With [`EngineConfig::coalesce`]: (document, peer) pairs to sync at the next flush.
    unsynced: BTreeSet<(DocumentId, ConnectionId)>,
    /// With [`EngineConfig::background_compaction`]: documents that may be due for compaction.
    maybe_due: BTreeSet<DocumentId>,
    /// With [`EngineConfig::coalesce`]: (document, peer) pairs that sent a sync message since
    /// the last flush (their messages at the flush are replies; the others' are relays).
    heard: BTreeSet<(DocumentId, ConnectionId)>,
    /// Ephemeral messages sent so far (their `count`, in this engine's session).
    ephemeral_sent: u64,
    /// Documents found settled at the last [`Engine::evict_idle`]: dropped at the next if
    /// they still are.
    idle: BTreeSet<DocumentId>,
    /// While [`Engine::receive_all`] runs: writers' sync messages held per document, to be
    /// applied together (see `shared_apply`) before anything else reads that document.
    round: Option<BTreeMap<DocumentId, Vec<Pending>>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("peer", &self.config.peer_id)
            .field("role", &self.config.role)
            .field("connections", &self.conns.len())
            .field("documents", &self.docs.len())
            .finish()
    }
}

impl Engine {
    pub fn new(config: EngineConfig) -> Self {
        Self::with_access(config, Box::new(AllowAll))
    }

    pub fn with_access(config: EngineConfig, access: Box<dyn AccessPolicy>) -> Self {
        Self {
            config,
            access,
            next_conn: 0,
            conns: BTreeMap::new(),
            docs: HashMap::new(),
            wanted: HashMap::new(),
            deferred: BTreeMap::new(),
            deferred_seq: 0,
            invite_calls: 0,
            unsaved: BTreeSet::new(),
            unsynced: BTreeSet::new(),
            maybe_due: BTreeSet::new(),
            heard: BTreeSet::new(),
            ephemeral_sent: 0,
            idle: BTreeSet::new(),
            round: None,
        }
    }

    pub fn peer_id(&self) -> &PeerId {
        &self.config.peer_id
    }

    // ---- connections -------------------------------------------------------------------

    /// A new connection. Outgoing connections send `join` at once.
    pub fn connect(&mut self, direction: Direction) -> (ConnectionId, Effects) {
        self.next_conn += 1;
        let conn = ConnectionId::new(self.next_conn);
        self.conns.insert(conn, Connection::Handshaking(direction));
        let mut fx = Effects::default();
        if direction == Direction::Outgoing {
            let join = Message::Join {
                sender: self.config.peer_id.clone(),
                supported_versions: vec![PROTOCOL_V1.to_owned()],
                metadata: self.metadata(),
            };
            fx.send.push((conn, protocol::encode(&join)));
        }
        (conn, fx)
    }

    /// The transport closed. Forget the connection's sync state.
    pub fn disconnect(&mut self, conn: ConnectionId) -> Effects {
        let mut fx = Effects::default();
        if self.forget(conn) {
            fx.events.push(Event::PeerDisconnected { conn, error: None });
        }
        fx
    }

    /// Sends transient `data` about `document` (presence: who is editing what) to every
    /// ready connection that may read it; a server relays it to the document's other
    /// readers. Nothing is stored, and nothing is sent while no connection is ready.
    pub fn broadcast_ephemeral(&mut self, document: DocumentId, data: Vec<u8>) -> Result<Effects, EphemeralTooLarge> {
        if data.len() > protocol::MAX_EPHEMERAL_BYTES {
            return Err(EphemeralTooLarge(data.len()));
        }
        let mut fx = Effects::default();
        let ready: Vec<(ConnectionId, PeerId)> =
            self.conns.iter().filter_map(|(id, c)| c.remote().map(|r| (*id, r.clone()))).collect();
        for (conn, remote) in ready {
            if !self.readable(conn, document) {
                continue;
            }
            self.ephemeral_sent += 1;
            let message = Message::Ephemeral {
                sender: self.config.peer_id.clone(),
                target: remote,
                document,
                session: self.config.peer_id.to_string(),
                count: self.ephemeral_sent,
                data: data.clone(),
            };
            fx.send.push((conn, protocol::encode(&message)));
        }
        Ok(fx)
    }

    /// One frame arrived on `conn`.
    pub fn receive(&mut self, conn: ConnectionId, frame: &[u8]) -> Effects {
        let mut fx = Effects::default();
        if !self.conns.contains_key(&conn) {
            return fx;
        }
        match protocol::decode(frame) {
            Ok(message) => {
                if !matches!(message, Message::Request { .. } | Message::Sync { .. } | Message::Ephemeral { .. } | Message::RemoteHeads { .. }) {
                    // A handshake or a goodbye changes who is connected: what was held first.
                    self.settle_all(&mut fx);
                }
                self.handle(conn, message, &mut fx)
            }
            Err(e) => self.fail(conn, &e.to_string(), &mut fx),
        }
        fx
    }

    /// Frames that arrived together, in order: the same as [`Engine::receive`] on each in
    /// turn, except that on a server the changes several writers sent for one document are
    /// applied with one walk of the document (see `shared_apply`: Automerge walks a whole
    /// text for any change received into it). A server's hub hands it the frames of a round.
    pub fn receive_all<'a>(&mut self, frames: impl IntoIterator<Item = (ConnectionId, &'a [u8])>) -> Effects {
        let mut fx = Effects::default();
        self.round = Some(BTreeMap::new());
        for (conn, frame) in frames {
            fx.extend(self.receive(conn, frame));
        }
        self.settle_all(&mut fx);
        self.round = None;
        fx
    }

    /// Applies every writer's message held this round (see [`Engine::receive_all`]).
    fn settle_all(&mut self, fx: &mut Effects) {
        let documents: Vec<DocumentId> = self.round.as_ref().map(|r| r.keys().copied().collect()).unwrap_or_default();
        for document in documents {
            self.settle(document, fx);
        }
    }

    /// Applies the writers' messages held this round for `document`, together, and then
    /// does for each what receiving it on its own would have done.
    fn settle(&mut self, document: DocumentId, fx: &mut Effects) {
        let Some(pending) = self.round.as_mut().and_then(|r| r.remove(&document)) else { return };
        let Some(Slot::Ready(state)) = self.docs.get_mut(&document) else { return };
        let before = state.heads();
        let outcomes = shared_apply::apply(&mut state.doc, &mut state.peers, pending);
        let changed = state.heads() != before;
        for outcome in outcomes {
            let conn = outcome.conn;
            let brought = !outcome.brought.is_empty();
            if brought {
                fx.events.push(Event::ChangesReceived { conn, document, changes: outcome.brought });
            }
            if let Some(e) = outcome.refused {
                self.fail(conn, &format!("automerge rejected a sync message for {document}: {e}"), fx);
            } else if !brought {
                self.sync_with(document, conn, fx);
            }
        }
        if changed {
            self.after_change(document, fx);
        }
    }

    /// Whether `conn` has a message held this round.
    fn holds_from(&self, conn: ConnectionId) -> bool {
        self.round.as_ref().is_some_and(|r| r.values().flatten().any(|p| p.conn == conn))
    }

    /// Asks the access policy again about every document a connection is syncing or is
    /// waiting for (after roles, grants or sessions changed). A connection that may no
    /// longer read a document loses its sync state for it, so nothing more of it is sent,
    /// and is told the document is unavailable; later requests get `doc-unavailable` as for
    /// any unreadable document.
    pub fn revalidate(&mut self) -> Effects {
        let mut fx = Effects::default();
        let access = &self.access;
        let mut revoked = Vec::new();
        for (id, slot) in &mut self.docs {
            if let Slot::Ready(state) = slot {
                let claimant = state.claimed_by;
                state.peers.retain(|conn, _| {
                    let keep = access.may_read(*conn, *id) || claimant == Some(*conn);
                    if !keep {
                        revoked.push((*conn, *id));
                    }
                    keep
                });
            }
        }
        self.wanted.retain(|id, waiting| {
            let unowned = access.unowned(*id);
            waiting.retain(|conn| unowned || access.may_read(*conn, *id));
            !waiting.is_empty()
        });
        revoked.sort();
        for (conn, document) in revoked {
            self.unavailable(conn, document, &mut fx);
        }
        // Documents held here whose owners the rules now know (recorded by another node, or
        // by another process): their waiting readers get them now, as the claimant's own
        // server gives them theirs after its commit.
        let owned: Vec<DocumentId> = self
            .wanted
            .keys()
            .filter(|id| !self.access.unowned(**id) && matches!(self.docs.get(id), Some(Slot::Ready(_))))
            .copied()
            .collect();
        fx.extend(self.owners_known(&owned));
        fx
    }

    /// How many documents readers are waiting for (at most [`MAX_AWAITED_DOCUMENTS`]).
    pub fn awaited_documents(&self) -> usize {
        self.wanted.len()
    }

    /// Whether the handshake on `conn` is complete.
    pub fn is_ready(&self, conn: ConnectionId) -> bool {
        matches!(self.conns.get(&conn), Some(Connection::Ready { .. }))
    }

    /// Ends a connection from our side with an `error` message (e.g. a rate limit).
    pub fn reject(&mut self, conn: ConnectionId, reason: &str) -> Effects {
        let mut fx = Effects::default();
        self.fail(conn, reason, &mut fx);
        fx
    }

    /// With [`EngineConfig::coalesce`]: saves every document changed since the last flush
    /// (one chunk each) and sends each peer at most one sync message per document, covering
    /// every change since the last flush. Without it there is never anything to flush.
    ///
    /// Timing. When to flush is the adapter's choice; the server's hub flushes once per round
    /// (the inputs that were waiting when the round began), just before the round's commit;
    /// it sends the relays to peers that wrote nothing this round at once and the rest after
    /// the commit (the durable-ack rule). That costs no latency when the server is idle (a
    /// round of one input flushes at once) and coalesces more as load grows (rounds get longer while the hub is busy,
    /// so each peer gets one message per document per round however many changes arrived).
    /// A fixed timer like the JS sync server's 100 ms throttle would add up to 100 ms to
    /// every change and save no message that the rounds do not already save.
    ///
    /// Order: relays first (peers that did not write to the document this round are waiting
    /// for its changes), then the replies to the peers that did (their own changes are not
    /// news to them; the reply acknowledges them). A client that shares a machine, a process
    /// or a network queue with the writer sees the change one reply earlier.
    pub fn flush(&mut self) -> Effects {
        let mut fx = Effects::default();
        for id in std::mem::take(&mut self.unsaved) {
            self.save_now(id, &mut fx);
        }
        let heard = std::mem::take(&mut self.heard);
        let (replies, relays): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.unsynced).into_iter().partition(|pair| heard.contains(pair));
        for (id, conn) in relays.into_iter().chain(replies) {
            self.send_sync(id, conn, &mut fx);
        }
        fx
    }

    // ---- documents ---------------------------------------------------------------------

    /// Creates a new, empty document held here.
    pub fn create(&mut self) -> DocumentId {
        self.create_as(DocumentId::random())
    }

    /// Creates a new, empty document with a chosen id (e.g. one minted for the signed-in
    /// account, [`DocumentId::minted_for`]); an id already held is kept as it is.
    pub fn create_as(&mut self, id: DocumentId) -> DocumentId {
        self.docs.entry(id).or_insert_with(|| Slot::Ready(Box::new(DocState::new_empty())));
        id
    }

    /// Hands the engine a document's stored chunks: the answer to an [`Effects::load`] or
    /// [`Effects::load_after_send`], or (in a client) documents found in storage at start.
    /// Empty `chunks` means "not stored".
    ///
    /// A server whose document is stored as one snapshot answers the requests waiting for it
    /// from readers that hold nothing with that snapshot as it is, and asks for the load
    /// again in [`Effects::load_after_send`]: the answer leaves without waiting for the load
    /// (see `snapshot_reply`). Everything else waits for the load as before.
    pub fn document_loaded(&mut self, id: DocumentId, chunks: Vec<(StorageKey, Vec<u8>)>) -> Effects {
        let mut fx = Effects::default();
        let (mut waiting, served) = match self.docs.remove(&id) {
            Some(Slot::Loading { waiting, served }) => (waiting, served),
            Some(other) => {
                // Already in memory: merge what storage had (another tab may have written it).
                self.docs.insert(id, other);
                if let Some(Slot::Ready(state)) = self.docs.get_mut(&id) {
                    let before = state.heads();
                    for (_, bytes) in &chunks {
                        if let Err(e) = state.doc.load_incremental(bytes) {
                            tracing::warn!(document = %id, error = %e, "ignoring unreadable chunk");
                        }
                    }
                    if state.heads() != before {
                        self.after_change(id, &mut fx);
                    }
                }
                return fx;
            }
            None => (Vec::new(), None),
        };
        if served.is_none() && self.config.role == Role::Server {
            if let Some((snapshot, heads)) = match chunks.as_slice() {
                [(_, chunk)] => layout::snapshot_heads(chunk).map(|heads| (chunk, heads)),
                _ => None,
            } {
                let (answered, rest) = self.answer_with_snapshot(id, snapshot, &heads, waiting, &mut fx);
                if !answered.is_empty() {
                    self.docs.insert(id, Slot::Loading { waiting: rest, served: Some(ServedSnapshot { heads, peers: answered }) });
                    fx.load_after_send.push(id);
                    return fx;
                }
                waiting = rest;
            }
        }
        if chunks.is_empty() {
            // Not stored. A peer that sends changes creates it; a request is answered
            // with doc-unavailable (by `handle_sync`, which finds no slot).
            // A writer's `sync` creates it. A claimant's creates it only when it carries
            // changes: an empty `sync` for an unknown id (e.g. a flood of random ids) is
            // answered without keeping anything, in memory or on disk.
            let pushed = waiting.iter().any(|(c, m)| match m {
                Message::Sync { data, .. } => {
                    self.access.may_write(*c, id)
                        || (self.access.may_claim(*c, id)
                            && sync::Message::decode(data).is_ok_and(|d| !d.changes.is_empty()))
                }
                _ => false,
            });
            if pushed {
                self.docs.insert(id, Slot::Ready(Box::new(DocState::new_empty())));
            }
        } else {
            match layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())) {
                Ok(doc) => {
                    let keys = chunks.into_iter().map(|(k, bytes)| (k, bytes.len())).collect();
                    let mut state = Box::new(DocState::from_storage(doc, keys));
                    if let Some(ServedSnapshot { heads, peers }) = served {
                        for (conn, request) in peers {
                            if !self.conns.contains_key(&conn) || !self.access.may_read(conn, id) {
                                continue;
                            }
                            match snapshot_reply::state_after_reply(&mut state.doc, request, &heads) {
                                Ok(peer) => {
                                    state.peers.insert(conn, peer);
                                }
                                Err(e) => tracing::warn!(document = %id, %conn, error = %e, "a served request did not apply"),
                            }
                        }
                    }
                    self.docs.insert(id, Slot::Ready(state));
                    self.note_compaction(id);
                    fx.events.push(Event::DocumentChanged(id));
                    if self.config.role == Role::Client {
                        self.announce(id, &mut fx);
                    }
                }
                Err(e) => {
                    tracing::error!(document = %id, error = %e, "stored document is damaged");
                    self.docs.insert(id, Slot::Damaged);
                    fx.events.push(Event::DocumentDamaged { document: id, error: e.to_string() });
                }
            }
        }
        for (conn, message) in waiting {
            if !self.conns.contains_key(&conn) {
                continue;
            }
            if self.docs.contains_key(&id) {
                self.handle(conn, message, &mut fx);
            } else if let (Message::Sync { data, .. }, true) = (&message, self.access.may_claim(conn, id)) {
                self.answer_as_empty(conn, id, data, &mut fx);
            } else if matches!(message, Message::Sync { .. }) && self.access.claim_later(conn, id) && self.defer_claim(conn, id) {
                // Its claim came in the same round as others that used up the quota: it
                // waits for the quota as if it had come after them (see `handle_sync`).
                self.unavailable(conn, id, &mut fx);
            } else {
                self.not_found(conn, id, &mut fx);
            }
        }
        fx
    }

    /// Server: another node sharing this server's storage committed changes to `id`;
    /// `chunks` are the document's chunks as stored now. A document in memory takes in the
    /// chunks it did not know (without saving them again) and its peers are synced; one
    /// not in memory is left alone (it is loaded from storage when next asked for).
    pub fn stored_elsewhere(&mut self, id: DocumentId, chunks: Vec<(StorageKey, Vec<u8>)>) -> Effects {
        let mut fx = Effects::default();
        let Some(Slot::Ready(state)) = self.docs.get_mut(&id) else {
            return fx;
        };
        let before = state.heads();
        for error in state.merge_stored(chunks) {
            tracing::warn!(document = %id, error, "ignoring an unreadable chunk stored elsewhere");
        }
        if state.heads() != before {
            self.after_change(id, &mut fx);
        }
        fx
    }

    /// Server: the keys among `keys` (a document's chunks as stored now) that the copy of
    /// `id` in memory does not know, to read and hand to [`Engine::stored_elsewhere`];
    /// none when the document is not in memory.
    pub fn unknown_chunks(&self, id: DocumentId, keys: Vec<StorageKey>) -> Vec<StorageKey> {
        match self.docs.get(&id) {
            Some(Slot::Ready(state)) => keys.into_iter().filter(|k| !state.knows_chunk(k)).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the document is in memory (loaded, or being loaded).
    pub fn holds(&self, id: DocumentId) -> bool {
        self.docs.contains_key(&id)
    }

    /// Memory bounded by the documents in use: drops every document that was settled (no
    /// peer syncing it, every change durable, nothing being saved, compacted, synced or
    /// claimed) at the previous call and still is, and marks the settled ones for the next
    /// call; returns the documents dropped. An adapter calls it on a timer (a document then
    /// leaves memory between one and two periods after its last use); a peer asking for a
    /// dropped document has it loaded from storage again, as after a restart.
    pub fn evict_idle(&mut self) -> Vec<DocumentId> {
        let in_use = |id: &DocumentId| {
            self.unsaved.contains(id) || self.maybe_due.contains(id) || self.wanted.contains_key(id)
                || self.unsynced.iter().any(|(d, _)| d == id) || self.heard.iter().any(|(d, _)| d == id)
        };
        let settled: BTreeSet<DocumentId> = self
            .docs
            .iter()
            .filter(|(id, slot)| matches!(slot, Slot::Ready(state) if state.is_settled()) && !in_use(id))
            .map(|(id, _)| *id)
            .collect();
        let evict: Vec<DocumentId> = settled.intersection(&self.idle).copied().collect();
        for id in &evict {
            self.docs.remove(id);
        }
        self.idle = settled.difference(&evict.iter().copied().collect()).copied().collect();
        evict
    }

    /// Server: asks connections whose claims wait ([`AccessPolicy::claim_later`]) to send
    /// those documents again, as many as the policy now allows each
    /// ([`AccessPolicy::claims_open`], less the invitations not answered yet), first come
    /// first served. An invitation is what an empty document says ("I have nothing"): the
    /// peer answers with every change of the document, and those make the claim. Claims the
    /// connection can no longer make at all (the id was taken, its roles changed) are
    /// dropped. The adapter calls it on a timer; a claim waits at most until its quota
    /// frees, and nothing of it is held meanwhile but its id.
    pub fn invite_deferred_claims(&mut self) -> Effects {
        let mut fx = Effects::default();
        if self.deferred.is_empty() {
            return fx;
        }
        self.invite_calls += 1;
        let call = self.invite_calls;
        let access = &self.access;
        self.deferred.retain(|(conn, document), claim| {
            if claim.invited_at.is_some_and(|at| call - at >= INVITE_AGAIN_AFTER) {
                claim.invited_at = None;
            }
            claim.invited_at.is_some() || access.may_claim(*conn, *document) || access.claim_later(*conn, *document)
        });
        let mut open: BTreeMap<ConnectionId, usize> = BTreeMap::new();
        for ((conn, _), claim) in &self.deferred {
            let room = open.entry(*conn).or_insert_with(|| self.access.claims_open(*conn));
            if claim.invited_at.is_some() {
                *room = room.saturating_sub(1);
            }
        }
        let mut waiting: Vec<(u64, ConnectionId, DocumentId)> =
            self.deferred.iter().filter(|(_, c)| c.invited_at.is_none()).map(|((conn, doc), c)| (c.seq, *conn, *doc)).collect();
        waiting.sort();
        // What an empty document says, the same for every invitation.
        let Some(data) = Automerge::new().generate_sync_message(&mut sync::State::new()).map(|m| m.encode()) else { return fx };
        for (_, conn, document) in waiting {
            let room = open.entry(conn).or_default();
            if *room == 0 || !self.access.may_claim(conn, document) {
                continue;
            }
            let Some(remote) = self.conns.get(&conn).and_then(Connection::remote).cloned() else { continue };
            let invitation = Message::Sync { sender: self.config.peer_id.clone(), target: remote, document, data: data.clone() };
            fx.send.push((conn, protocol::encode(&invitation)));
            *room -= 1;
            if let Some(claim) = self.deferred.get_mut(&(conn, document)) {
                claim.invited_at = Some(call);
            }
        }
        fx
    }

    /// How many claims wait ([`Engine::invite_deferred_claims`]), for metrics and tests.
    pub fn deferred_claims(&self) -> usize {
        self.deferred.len()
    }

    /// Server: the owners of `documents` (just created by their claimants) are now known to
    /// the access policy. Each reader that asked for one before it existed, or before its
    /// owner was recorded, and may read it now is sent it; the others are forgotten.
    pub fn owners_known(&mut self, documents: &[DocumentId]) -> Effects {
        let mut fx = Effects::default();
        for id in documents {
            let Some(waiting) = self.wanted.remove(id) else { continue };
            let Some(Slot::Ready(state)) = self.docs.get_mut(id) else { continue };
            let readers: Vec<ConnectionId> =
                waiting.into_iter().filter(|c| self.conns.contains_key(c) && self.access.may_read(*c, *id)).collect();
            for conn in &readers {
                state.peers.entry(*conn).or_default();
            }
            for conn in readers {
                self.send_sync(*id, conn, &mut fx);
            }
        }
        fx
    }

    /// Holds back a claim the policy allows only later; false when the connection already
    /// has [`MAX_DEFERRED_CLAIMS`] waiting (then refused as before).
    fn defer_claim(&mut self, conn: ConnectionId, document: DocumentId) -> bool {
        if self.deferred.range((conn, DocumentId::from_bytes([0; 16]))..).take_while(|((c, _), _)| *c == conn).count() >= MAX_DEFERRED_CLAIMS {
            return false;
        }
        self.deferred_seq += 1;
        self.deferred.insert((conn, document), DeferredClaim { seq: self.deferred_seq, invited_at: None });
        true
    }

    /// Asks peers for a document this client does not hold yet.
    pub fn request(&mut self, id: DocumentId) -> Effects {
        let mut fx = Effects::default();
        if let std::collections::hash_map::Entry::Vacant(slot) = self.docs.entry(id) {
            slot.insert(Slot::Ready(Box::new(DocState::new_empty())));
            self.announce(id, &mut fx);
        }
        fx
    }

    /// The documents in memory.
    pub fn documents(&self) -> impl Iterator<Item = (DocumentId, &Automerge)> + '_ {
        self.docs.iter().filter_map(|(id, slot)| match slot {
            Slot::Ready(state) => Some((*id, &state.doc)),
            _ => None,
        })
    }

    pub fn document(&self, id: DocumentId) -> Option<&Automerge> {
        match self.docs.get(&id) {
            Some(Slot::Ready(state)) => Some(&state.doc),
            _ => None,
        }
    }

    /// The Automerge patches that took document `id` from heads `from` to its heads now, as
    /// the sync messages that did it were applied (a client's engine logs the last few). `None`
    /// when they are not all known (a local change or a load from storage between, or
    /// `from` too far back): diff or read the document then.
    pub fn patches_since(&self, id: DocumentId, from: &[automerge::ChangeHash]) -> Option<Vec<automerge::Patch>> {
        self.with_patches_since(id, from, |patches| patches.cloned().collect())
    }

    /// As [`Engine::patches_since`], lent to `f` rather than copied.
    pub fn with_patches_since<R>(&self, id: DocumentId, from: &[automerge::ChangeHash], f: impl FnOnce(&mut dyn Iterator<Item = &automerge::Patch>) -> R) -> Option<R> {
        match self.docs.get(&id) {
            Some(Slot::Ready(state)) => state.recent.iter_between(from, &state.doc.get_heads()).map(|mut patches| f(&mut patches)),
            _ => None,
        }
    }

    /// Changes a document locally. If its heads move, the change is saved and synced.
    pub fn change<T>(
        &mut self,
        id: DocumentId,
        f: impl FnOnce(&mut Automerge) -> T,
    ) -> Result<(T, Effects), UnknownDocument> {
        let Some(Slot::Ready(state)) = self.docs.get_mut(&id) else {
            return Err(UnknownDocument(id));
        };
        self.idle.remove(&id);
        let before = state.heads();
        let out = f(&mut state.doc);
        let changed = state.heads() != before;
        let mut fx = Effects::default();
        if changed {
            self.after_change(id, &mut fx);
        }
        Ok((out, fx))
    }

    // ---- storage results ---------------------------------------------------------------

    /// `store` of the effects that carried `saved` is durable.
    pub fn storage_committed(&mut self, saved: &[Saved]) {
        for s in saved {
            if let Some(Slot::Ready(state)) = self.docs.get_mut(&s.document) {
                state.committed(&s.heads);
            }
        }
    }

    /// The commit carrying `saved` failed; nothing of it is stored.
    /// A server forgets those documents (to reload them from storage) and closes the
    /// connections syncing them, so no peer believes the server holds what it lost.
    /// A client keeps the changes in memory; [`Engine::retry_storage`] tries again.
    pub fn storage_failed(&mut self, saved: &[Saved]) -> Effects {
        let mut fx = Effects::default();
        let documents: Vec<DocumentId> = saved.iter().map(|s| s.document).collect();
        for id in &documents {
            match self.config.role {
                Role::Client => {
                    if let Some(Slot::Ready(state)) = self.docs.get_mut(id) {
                        state.commit_failed();
                    }
                }
                Role::Server => {
                    if let Some(Slot::Ready(state)) = self.docs.remove(id) {
                        for conn in state.peers.keys() {
                            self.fail(*conn, "the server could not store a change; retry later", &mut fx);
                        }
                    }
                }
            }
        }
        fx.events.push(Event::StorageFailed { documents });
        fx
    }

    /// Saves again every document with changes not yet stored (after a failed commit).
    pub fn retry_storage(&mut self) -> Effects {
        let mut fx = Effects::default();
        let ids: Vec<DocumentId> = self
            .docs
            .iter()
            .filter(|(_, s)| matches!(s, Slot::Ready(state) if state.needs_save()))
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            self.save_now(id, &mut fx);
        }
        fx
    }

    // ---- compaction (with EngineConfig::background_compaction) -------------------------

    /// The documents to compact now: each is listed once, and not again until
    /// [`Engine::compacted`] reports how its compaction ended. The adapter reads each one's
    /// chunks from storage (what is committed), builds the snapshot with
    /// [`crate::storage::compact`], commits [`crate::storage::Compaction::ops`] atomically,
    /// then calls [`Engine::compacted`]. Nothing is acknowledged by a compaction, so it
    /// needs no particular order with the engine's own commits.
    pub fn compactions_due(&mut self) -> Vec<DocumentId> {
        let (after_chunks, after_bytes) = (self.config.compact_after, self.config.compact_after_bytes);
        let mut due = Vec::new();
        for id in std::mem::take(&mut self.maybe_due) {
            if let Some(Slot::Ready(state)) = self.docs.get_mut(&id) {
                if state.compaction_due(after_chunks, after_bytes) {
                    state.compaction_started();
                    due.push(id);
                }
            }
        }
        due
    }

    /// Builds the compaction of `document` (listed by [`Engine::compactions_due`]) from the
    /// document in memory instead of from its stored chunks: the snapshot holds the document
    /// as it is now (a superset of every chunk it replaces, so nothing is lost whatever is
    /// committed meanwhile) and replaces every chunk known to be stored. Call it when no save
    /// is on its way to storage; `None` otherwise or when there is nothing to gain (then report
    /// `compacted(document, None)`).
    pub fn compaction_from_memory(&self, document: DocumentId) -> Option<crate::storage::Compaction> {
        match self.docs.get(&document) {
            Some(Slot::Ready(state)) => state.compaction_from_memory(document),
            _ => None,
        }
    }

    /// A compaction the adapter built from storage, before it commits it. The compactor may
    /// have read chunks this copy has not merged yet: another writer's (another server node
    /// on the same database) that this node has not been told of, or has been told of but not
    /// yet read. Once committed, those chunks are deleted and the snapshot counts as known
    /// here, so a later notice of them would find nothing new and this node's peers would
    /// never get their changes. So the snapshot's changes this copy lacks are merged now (they
    /// are durable already) and synced as any change stored elsewhere.
    pub fn compaction_built(&mut self, compaction: &crate::storage::Compaction) -> Effects {
        let mut fx = Effects::default();
        let id = compaction.document;
        let Some(Slot::Ready(state)) = self.docs.get_mut(&id) else { return fx };
        if compaction.heads.iter().all(|h| state.doc.get_change_meta_by_hash(h).is_some()) {
            return fx;
        }
        let before = state.heads();
        if let Err(error) = state.merge_durable(&compaction.bytes) {
            tracing::warn!(document = %id, error, "ignoring an unreadable snapshot built from storage");
        }
        if state.heads() != before {
            self.after_change(id, &mut fx);
        }
        fx
    }

    /// How a compaction listed by [`Engine::compactions_due`] ended: `Some` once its ops
    /// are committed, `None` if it failed or there was nothing to compact. A failed one is
    /// tried again after the document's next save.
    pub fn compacted(&mut self, document: DocumentId, committed: Option<&crate::storage::Compaction>) {
        if let Some(Slot::Ready(state)) = self.docs.get_mut(&document) {
            state.compaction_ended(committed.map(|c| (c.covered.as_slice(), &c.snapshot, c.bytes.len())));
            if committed.is_some() {
                // Changes saved while it was being built may already call for the next one.
                self.maybe_due.insert(document);
            }
        }
    }

    fn note_compaction(&mut self, id: DocumentId) {
        if self.config.background_compaction {
            self.maybe_due.insert(id);
        }
    }

    /// Where this client's documents stand, for the sync indicator.
    pub fn summary(&self) -> SyncSummary {
        let server = self.conns.iter().find(|(_, c)| c.remote().is_some()).map(|(id, _)| *id);
        let mut s = SyncSummary { connected: server.is_some(), ..SyncSummary::default() };
        for slot in self.docs.values() {
            if let Slot::Ready(state) = slot {
                s.documents += 1;
                if !state.is_durable() {
                    s.unsaved_on_device += 1;
                }
                if !server.is_some_and(|c| state.peer_has_everything(c)) {
                    s.not_on_server += 1;
                }
            }
        }
        s
    }

    // ---- internals ---------------------------------------------------------------------

    fn metadata(&self) -> PeerMetadata {
        PeerMetadata {
            storage_id: self.config.storage_id.clone(),
            is_ephemeral: self.config.storage_id.is_none(),
        }
    }

    fn handle(&mut self, conn: ConnectionId, message: Message, fx: &mut Effects) {
        let Some(state) = self.conns.get(&conn) else { return };
        match (state, message) {
            (Connection::Handshaking(Direction::Incoming), Message::Join { sender, supported_versions, .. }) => {
                if !supported_versions.iter().any(|v| v == PROTOCOL_V1) {
                    return self.fail(conn, "unsupported protocol version; this server speaks version 1", fx);
                }
                let reply = Message::Peer {
                    sender: self.config.peer_id.clone(),
                    target: sender.clone(),
                    selected_version: PROTOCOL_V1.to_owned(),
                    metadata: self.metadata(),
                };
                fx.send.push((conn, protocol::encode(&reply)));
                self.conns.insert(conn, Connection::Ready { remote: sender.clone() });
                fx.events.push(Event::PeerConnected { conn, peer: sender });
            }
            (Connection::Handshaking(Direction::Outgoing), Message::Peer { sender, .. }) => {
                self.conns.insert(conn, Connection::Ready { remote: sender.clone() });
                fx.events.push(Event::PeerConnected { conn, peer: sender });
                if self.config.role == Role::Client {
                    let ids: Vec<DocumentId> = self.docs.keys().copied().collect();
                    for id in ids {
                        self.sync_with(id, conn, fx);
                    }
                }
            }
            (_, Message::Error { message }) => {
                self.forget(conn);
                fx.close.push(conn);
                fx.events.push(Event::PeerDisconnected { conn, error: Some(message) });
            }
            (_, Message::Leave { .. }) => {
                self.forget(conn);
                fx.close.push(conn);
                fx.events.push(Event::PeerDisconnected { conn, error: None });
            }
            (Connection::Handshaking(_), m) => {
                self.fail(conn, &format!("expected a handshake, got {:?}", m.type_name()), fx)
            }
            (Connection::Ready { .. }, Message::Join { .. } | Message::Peer { .. }) => {
                self.fail(conn, "handshake repeated on an open connection", fx)
            }
            (Connection::Ready { .. }, Message::RemoteHeads { .. }) => {}
            (Connection::Ready { .. }, m @ (Message::Request { .. } | Message::Sync { .. })) => {
                self.handle_sync(conn, m, fx)
            }
            (Connection::Ready { .. }, Message::DocUnavailable { document, .. }) => {
                fx.events.push(Event::DocumentUnavailable(document));
            }
            (Connection::Ready { .. }, m @ Message::Ephemeral { .. }) => self.handle_ephemeral(conn, m, fx),
        }
    }

    fn handle_sync(&mut self, conn: ConnectionId, message: Message, fx: &mut Effects) {
        let (document, data, is_request) = match &message {
            Message::Request { document, data, .. } => (*document, data, true),
            Message::Sync { document, data, .. } => (*document, data, false),
            _ => return,
        };
        // In use: not dropped at the next eviction.
        self.idle.remove(&document);
        // Whatever waited for this claim is settled by this message (or deferred again).
        self.deferred.remove(&(conn, document));
        // A claimant (nobody owns the id; this connection would) is let through to find out
        // whether anything of it is stored: only when nothing is may it create it.
        let readable = self.readable(conn, document);
        // A request (its sender holds nothing of it) claims nothing: over the quota it is
        // answered as within it, and its sender gets the document once it exists and it may
        // read it.
        let claimant = !readable && (self.access.may_claim(conn, document) || (is_request && self.access.claim_later(conn, document)));
        if !claimant && !readable {
            if self.config.role == Role::Server && self.access.claim_later(conn, document) && self.defer_claim(conn, document) {
                // Not now: the server does not hold it (and says so, as before), but the
                // sender is invited to send it again as the quota frees.
                return self.unavailable(conn, document, fx);
            }
            self.access.denied(conn, document, false);
            if self.access.unowned(document) {
                // Its claimant may yet create it: sent to this reader once it may read it.
                return self.not_found(conn, document, fx);
            }
            return self.unavailable(conn, document, fx);
        }
        let reads_only = !self.writable(conn, document) || self.access.writes_as_reader(conn, document);
        if data.len() > protocol::MAX_READER_SYNC_BYTES && !claimant && reads_only {
            // A reader has nothing this large to say: refused before it is decoded.
            self.access.denied(conn, document, true);
            return self.fail(conn, &format!("you may not change document {document}"), fx);
        }
        let decoded = match sync::Message::decode(data) {
            Ok(m) => m,
            Err(e) => return self.fail(conn, &format!("invalid sync message for {document}: {e}"), fx),
        };
        let writes = !decoded.changes.is_empty();
        if writes && !claimant && !self.writable(conn, document) {
            self.access.denied(conn, document, true);
            return self.fail(conn, &format!("you may not change document {document}"), fx);
        }
        match self.docs.get_mut(&document) {
            Some(Slot::Loading { waiting, .. }) => return waiting.push((conn, message)),
            Some(Slot::Damaged) => return self.unavailable(conn, document, fx),
            Some(Slot::Ready(_)) => {}
            None if self.config.role == Role::Server => {
                // Ask storage first; `document_loaded` replays the message.
                self.docs.insert(document, Slot::Loading { waiting: vec![(conn, message)], served: None });
                fx.load.push(document);
                return;
            }
            None if is_request => return self.not_found(conn, document, fx),
            None if !claimant && !self.access.may_write(conn, document) => return self.unavailable(conn, document, fx),
            None => {
                self.docs.insert(document, Slot::Ready(Box::new(DocState::new_empty())));
            }
        }
        // In a round (`receive_all`), a server holds a writer's message whose changes the
        // policy does not check, to apply it with the round's others for the document.
        let joins_round = self.round.is_some()
            && writes
            && !claimant
            && !is_request
            && self.config.role == Role::Server
            && self.config.coalesce
            && !self.access.checks_changes(conn, document);
        if self.round.as_ref().is_some_and(|r| r.contains_key(&document)) {
            // Writers' messages for it are held: one more joins them; a message that only
            // tells us its sender's heads (from a peer with nothing held) does not need them
            // applied; anything else sees the document as one message at a time would.
            let ack = !writes && !is_request && !self.holds_from(conn);
            if !ack && !joins_round {
                self.settle(document, fx);
            }
        }
        let Some(Slot::Ready(state)) = self.docs.get_mut(&document) else { return };
        if claimant && !state.is_empty() {
            // Something of it is stored (or another connection just created it): a claimant
            // never sees it, nor changes it (unless the policy lets it read it once its owner
            // is known: then it is sent it).
            if self.access.unowned(document) {
                return self.not_found(conn, document, fx);
            }
            return self.unavailable(conn, document, fx);
        }
        let before = state.heads();
        if is_request && state.is_empty() && self.config.role == Role::Server {
            // We hold nothing for it (e.g. created by a peer who never sent changes).
            return self.not_found(conn, document, fx);
        }
        if self.config.coalesce {
            self.heard.insert((document, conn));
        }
        let checked = writes && !claimant && self.access.checks_changes(conn, document);
        if joins_round && !before.is_empty() {
            // Held until the round's other messages for it have been seen (`settle`).
            let held = self.unsynced.contains(&(document, conn)).then(|| state.peers.entry(conn).or_default().last_sent_heads.clone());
            let pending = Pending { conn, message: decoded, held };
            self.round.get_or_insert_with(BTreeMap::new).entry(document).or_default().push(pending);
            return;
        }
        let peer_state = state.peers.entry(conn).or_default();
        // A message to this peer is held for the next flush. Automerge takes a message whose
        // heads equal ours as proof that the peer knows our heads (it sets `last_sent_heads`),
        // but the peer has not been told them yet: they are in the held message (e.g. the
        // acknowledgement of a change it sent earlier in this batch). Keep what was really sent.
        let held = self.unsynced.contains(&(document, conn)).then(|| peer_state.last_sent_heads.clone());
        if checked {
            // Applied to a copy first: the policy judges the result, and a refused change
            // leaves nothing behind (not even queued changes).
            let (mut trial, mut trial_peer) = (state.doc.clone(), peer_state.clone());
            if let Err(e) = trial.receive_sync_message(&mut trial_peer, decoded) {
                return self.fail(conn, &format!("automerge rejected a sync message for {document}: {e}"), fx);
            }
            if let Err(reason) = self.access.change_allowed(conn, document, &state.doc, &trial) {
                self.access.denied(conn, document, true);
                return self.fail(conn, &format!("you may not make that change to document {document}: {reason}"), fx);
            }
            state.doc = trial;
            *peer_state = trial_peer;
        } else if self.config.role == Role::Client && !before.is_empty() {
            // A client's views of a large object (a section's text) bring themselves up to
            // date from what the message did ([`Engine::patches_since`]), logged as it is
            // applied, rather than diffing that object again. Not for a document's first
            // content: that would be a patch for everything in it.
            let mut log = automerge::PatchLog::active();
            if let Err(e) = state.doc.receive_sync_message_log_patches(peer_state, decoded, &mut log) {
                return self.fail(conn, &format!("automerge rejected a sync message for {document}: {e}"), fx);
            }
            let after = state.doc.get_heads();
            if after != before {
                let patches = state.doc.make_patches(&mut log);
                state.recent.push(before.clone(), after, patches);
            }
        } else if let Err(e) = state.doc.receive_sync_message(peer_state, decoded) {
            return self.fail(conn, &format!("automerge rejected a sync message for {document}: {e}"), fx);
        }
        if let Some(sent) = held {
            peer_state.last_sent_heads = sent;
        }
        if state.heads() != before {
            // Everything held before is an ancestor of `before`: the rest is what this
            // message added (including queued changes whose dependencies it delivered).
            let changes = state.doc.get_changes_meta(&before).into_iter().map(|c| c.hash).collect();
            fx.events.push(Event::ChangesReceived { conn, document, changes });
            if claimant {
                state.claimed_by = Some(conn);
                fx.events.push(Event::Claimed { conn, document });
            }
            self.after_change(document, fx);
        } else {
            self.sync_with(document, conn, fx);
        }
    }

    fn handle_ephemeral(&mut self, from: ConnectionId, message: Message, fx: &mut Effects) {
        let Message::Ephemeral { sender, document, session, count, data, .. } = message else { return };
        if data.len() > protocol::MAX_EPHEMERAL_BYTES {
            let reason = format!("an ephemeral message of {} bytes is larger than the {}-byte limit", data.len(), protocol::MAX_EPHEMERAL_BYTES);
            return self.fail(from, &reason, fx);
        }
        if !self.readable(from, document) {
            self.access.denied(from, document, false);
            return self.unavailable(from, document, fx);
        }
        if self.config.role == Role::Client {
            fx.events.push(Event::Ephemeral { document, sender, data });
            return;
        }
        let Some(data) = self.access.ephemeral_from(from, document, data) else { return };
        let Some(Slot::Ready(state)) = self.docs.get(&document) else { return };
        for conn in state.peers.keys().filter(|c| **c != from) {
            if !self.access.may_read(*conn, document) && state.claimed_by != Some(*conn) {
                continue;
            }
            if let Some(remote) = self.conns.get(conn).and_then(Connection::remote) {
                let relay = Message::Ephemeral {
                    sender: sender.clone(),
                    target: remote.clone(),
                    document,
                    session: session.clone(),
                    count,
                    data: data.clone(),
                };
                fx.send.push((*conn, protocol::encode(&relay)));
            }
        }
    }

    /// After a document's heads moved: save it, tell the application, sync every peer.
    fn after_change(&mut self, id: DocumentId, fx: &mut Effects) {
        self.save(id, fx);
        fx.events.push(Event::DocumentChanged(id));
        self.announce(id, fx);
        let waiting = self.wanted.remove(&id).unwrap_or_default();
        let Some(Slot::Ready(state)) = self.docs.get_mut(&id) else { return };
        let claimant = state.claimed_by;
        let mut later = Vec::new();
        for conn in waiting {
            if self.conns.contains_key(&conn) && (self.access.may_read(conn, id) || claimant == Some(conn)) {
                state.peers.entry(conn).or_default();
            } else if self.conns.contains_key(&conn) && self.access.unowned(id) {
                // Just created by its claimant: readable once its owner is recorded.
                later.push(conn);
            }
        }
        if !later.is_empty() {
            self.wanted.insert(id, later);
        }
        let conns: Vec<ConnectionId> = state.peers.keys().copied().collect();
        for conn in conns {
            self.sync_with(id, conn, fx);
        }
    }

    fn save(&mut self, id: DocumentId, fx: &mut Effects) {
        if self.config.coalesce || self.config.defer_saves {
            self.unsaved.insert(id);
        } else {
            self.save_now(id, fx);
        }
    }

    fn save_now(&mut self, id: DocumentId, fx: &mut Effects) {
        let inline_compact_after = (!self.config.background_compaction).then_some((self.config.compact_after, self.config.compact_after_bytes));
        if let Some(Slot::Ready(state)) = self.docs.get_mut(&id) {
            if let Some((ops, saved)) = state.save(id, inline_compact_after) {
                fx.store.extend(ops);
                fx.saved.push(saved);
                self.note_compaction(id);
            }
        }
    }

    /// A client offers a document to every ready connection that does not know it yet.
    fn announce(&mut self, id: DocumentId, fx: &mut Effects) {
        if self.config.role != Role::Client {
            return;
        }
        let ready: Vec<ConnectionId> =
            self.conns.iter().filter(|(_, c)| c.remote().is_some()).map(|(id, _)| *id).collect();
        for conn in ready {
            let known = matches!(self.docs.get(&id), Some(Slot::Ready(s)) if s.peers.contains_key(&conn));
            if !known {
                self.sync_with(id, conn, fx);
            }
        }
    }

    /// Sends `conn` whatever sync message it needs for `id`, if any: now, or (with
    /// [`EngineConfig::coalesce`]) at the next [`Engine::flush`].
    fn sync_with(&mut self, id: DocumentId, conn: ConnectionId, fx: &mut Effects) {
        if self.config.coalesce {
            self.unsynced.insert((id, conn));
        } else {
            self.send_sync(id, conn, fx);
        }
    }

    /// Sends `conn` the sync message it needs for `id`, unless it would tell the peer nothing
    /// (see [`carries_news`]).
    fn send_sync(&mut self, id: DocumentId, conn: ConnectionId, fx: &mut Effects) {
        let Some(remote) = self.conns.get(&conn).and_then(Connection::remote).cloned() else { return };
        if !self.readable(conn, id) {
            return;
        }
        let Some(Slot::Ready(state)) = self.docs.get_mut(&id) else { return };
        let is_empty = state.is_empty();
        let peer_state = state.peers.entry(conn).or_default();
        let before = Before::of(&state.doc, peer_state);
        if before.silent(&state.doc.get_heads(), peer_state) {
            return;
        }
        if let Some(msg) = state.doc.generate_sync_message(peer_state) {
            if !carries_news(&before, &msg) {
                // Nothing the peer lacks: what we hold, what we need and our heads are all
                // known to it (or on their way in a message it has not answered yet).
                peer_state.in_flight = before.in_flight;
                return;
            }
            let (sender, target, document, data) = (self.config.peer_id.clone(), remote, id, msg.encode());
            let message = if is_empty && self.config.role == Role::Client {
                Message::Request { sender, target, document, data }
            } else {
                Message::Sync { sender, target, document, data }
            };
            fx.send.push((conn, protocol::encode(&message)));
        }
    }

    /// Sends each waiting request of a reader that holds nothing `snapshot` (the whole of
    /// `id` as stored, whose heads are `heads`); returns those answered (with their decoded
    /// requests) and the messages left waiting.
    fn answer_with_snapshot(
        &mut self,
        id: DocumentId,
        snapshot: &[u8],
        heads: &[automerge::ChangeHash],
        waiting: Waiting,
        fx: &mut Effects,
    ) -> (Vec<(ConnectionId, sync::Message)>, Waiting) {
        let (mut answered, mut rest) = (Vec::new(), Vec::new());
        let mut data: Option<Vec<u8>> = None;
        for (conn, message) in waiting {
            let remote = self.conns.get(&conn).and_then(Connection::remote).cloned();
            let request = match (&message, remote.is_some() && self.access.may_read(conn, id)) {
                (Message::Request { data, .. }, true) => sync::Message::decode(data).ok().filter(snapshot_reply::wants_whole_document),
                _ => None,
            };
            let (Some(remote), Some(request)) = (remote, request) else {
                rest.push((conn, message));
                continue;
            };
            let data = data.get_or_insert_with(|| snapshot_reply::reply(snapshot, heads).encode()).clone();
            let reply = Message::Sync { sender: self.config.peer_id.clone(), target: remote, document: id, data };
            fx.send.push((conn, protocol::encode(&reply)));
            answered.push((conn, request));
        }
        (answered, rest)
    }

    /// Answers a request for a document nobody has stored; a server remembers the requester
    /// and syncs the document to it as soon as another peer pushes it.
    /// Answers a change-less `sync` about a document nobody holds as an empty document
    /// would ("I have nothing"), keeping no state: the peer's next message carries its
    /// changes, and those create the document.
    fn answer_as_empty(&mut self, conn: ConnectionId, document: DocumentId, data: &[u8], fx: &mut Effects) {
        let Some(remote) = self.conns.get(&conn).and_then(Connection::remote).cloned() else { return };
        let mut empty = Automerge::new();
        let mut state = sync::State::new();
        let Ok(decoded) = sync::Message::decode(data) else { return };
        if empty.receive_sync_message(&mut state, decoded).is_err() {
            return self.not_found(conn, document, fx);
        }
        match empty.generate_sync_message(&mut state) {
            Some(reply) => {
                let m = Message::Sync { sender: self.config.peer_id.clone(), target: remote, document, data: reply.encode() };
                fx.send.push((conn, protocol::encode(&m)));
            }
            None => self.not_found(conn, document, fx),
        }
    }

    /// The policy's read rule, or this connection created the document by claiming it.
    fn readable(&self, conn: ConnectionId, document: DocumentId) -> bool {
        self.access.may_read(conn, document) || self.claimed_by(document) == Some(conn)
    }

    /// The policy's write rule, or this connection created the document by claiming it.
    fn writable(&self, conn: ConnectionId, document: DocumentId) -> bool {
        self.access.may_write(conn, document) || self.claimed_by(document) == Some(conn)
    }

    fn claimed_by(&self, document: DocumentId) -> Option<ConnectionId> {
        match self.docs.get(&document) {
            Some(Slot::Ready(state)) => state.claimed_by,
            _ => None,
        }
    }

    fn not_found(&mut self, conn: ConnectionId, document: DocumentId, fx: &mut Effects) {
        if self.config.role == Role::Server {
            let room = self.wanted.len() < MAX_AWAITED_DOCUMENTS;
            match self.wanted.get_mut(&document) {
                Some(waiting) if !waiting.contains(&conn) => waiting.push(conn),
                Some(_) => {}
                None if room => {
                    self.wanted.insert(document, vec![conn]);
                }
                None => {}
            }
        }
        self.unavailable(conn, document, fx);
    }

    fn unavailable(&mut self, conn: ConnectionId, document: DocumentId, fx: &mut Effects) {
        let Some(remote) = self.conns.get(&conn).and_then(Connection::remote).cloned() else { return };
        let m = Message::DocUnavailable { sender: self.config.peer_id.clone(), target: remote, document };
        fx.send.push((conn, protocol::encode(&m)));
    }

    /// Ends a connection because of something it sent: an `error` message, then close.
    fn fail(&mut self, conn: ConnectionId, reason: &str, fx: &mut Effects) {
        if self.holds_from(conn) {
            // Its earlier messages this round count, as they would have one by one.
            self.settle_all(fx);
        }
        if !self.forget(conn) {
            return;
        }
        tracing::warn!(%conn, reason, "closing connection");
        fx.send.push((conn, protocol::encode(&Message::Error { message: reason.to_owned() })));
        fx.close.push(conn);
        fx.events.push(Event::PeerDisconnected { conn, error: Some(reason.to_owned()) });
    }

    /// Removes a connection and its sync states; false if it was already gone.
    fn forget(&mut self, conn: ConnectionId) -> bool {
        if self.conns.remove(&conn).is_none() {
            return false;
        }
        self.wanted.retain(|_, waiting| {
            waiting.retain(|c| *c != conn);
            !waiting.is_empty()
        });
        self.deferred.retain(|(c, _), _| *c != conn);
        for slot in self.docs.values_mut() {
            match slot {
                Slot::Ready(state) => {
                    state.peers.remove(&conn);
                    // The claimant is gone: from now on only the access policy (which knows
                    // the owner once the claim is committed) says who may have it.
                    if state.claimed_by == Some(conn) {
                        state.claimed_by = None;
                    }
                }
                Slot::Loading { waiting, served } => {
                    waiting.retain(|(c, _)| *c != conn);
                    if let Some(served) = served {
                        served.peers.retain(|(c, _)| *c != conn);
                    }
                }
                Slot::Damaged => {}
            }
        }
        true
    }
}

/// What a peer's sync state said before generating a message for it.
struct Before {
    /// The heads we last advertised to the peer.
    last_sent_heads: Vec<automerge::ChangeHash>,
    /// Whether we ever sent the peer a message (the first one is always sent).
    have_responded: bool,
    in_flight: bool,
    /// The peer's last `have` names changes we do not hold: the message is a reset.
    reset: bool,
}

impl Before {
    fn of(doc: &Automerge, state: &sync::State) -> Self {
        let reset = state
            .their_have
            .as_ref()
            .and_then(|have| have.first())
            .is_some_and(|have| !have.last_sync.iter().all(|h| doc.get_change_meta_by_hash(h).is_some()));
        Self {
            last_sent_heads: state.last_sent_heads.clone(),
            have_responded: state.have_responded,
            in_flight: state.in_flight,
            reset,
        }
    }

    /// Whether `generate_sync_message` would produce nothing for this peer, told without
    /// calling it: it works out what we need and a bloom filter of what we hold (a walk of
    /// the document's history) before it decides, and most of a busy document's peers, at
    /// most flushes, have nothing due. Automerge (0.12) produces nothing, and changes no
    /// state, when the message is not a reset, we have answered the peer before, our heads
    /// are the ones we last sent it, and either a message to it is in flight, or it holds
    /// our heads and needs nothing.
    fn silent(&self, heads: &[automerge::ChangeHash], state: &sync::State) -> bool {
        if self.reset || !self.have_responded || heads.is_empty() || self.last_sent_heads != heads || state.read_only {
            return false;
        }
        self.in_flight
            || (state.their_heads.as_deref() == Some(heads) && state.their_need.as_ref().is_none_or(Vec::is_empty))
    }
}

/// Whether a sync message `generate_sync_message` produced tells the peer anything: changes,
/// changes we need from it, heads we have not advertised to it yet (so new changes, or the
/// acknowledgement that we now hold its changes), or a reset. Automerge also produces a
/// message when our heads differ from the peer's and nothing is in flight, e.g. when the peer
/// answers an earlier message while a newer one is on its way to it; that message repeats what
/// the peer has or is about to get, and answering it would start another round trip, so it is
/// not sent.
fn carries_news(before: &Before, msg: &sync::Message) -> bool {
    !before.have_responded
        || before.reset
        || !msg.changes.is_empty()
        || !msg.need.is_empty()
        || msg.heads != before.last_sent_heads
        || msg.flags.is_some_and(|f| f.contains(sync::MessageFlags::SYNC_RESET))
}

#[cfg(test)]
mod tests {
    use automerge::{sync::SyncDoc, transaction::Transactable, Automerge, ROOT};

    use super::Before;

    fn edit(doc: &mut Automerge, n: u32) {
        let mut tx = doc.transaction();
        tx.put(ROOT, format!("k{}", n % 5), n as i64).unwrap();
        tx.commit();
    }

    /// Whenever `Before::silent` skips a peer, automerge would have produced nothing for it
    /// (and changed nothing): two documents syncing over an ordered channel whose messages
    /// wait a varying number of steps, with edits on both sides between steps. (Skipping is
    /// then exactly calling automerge and getting nothing, so the two converge as they would
    /// without it; the drain below checks that too.)
    #[test]
    fn a_silent_peer_is_one_automerge_would_send_nothing() {
        let mut docs = [
            Automerge::new().with_actor(automerge::ActorId::from([1u8; 16])),
            Automerge::new().with_actor(automerge::ActorId::from([2u8; 16])),
        ];
        edit(&mut docs[0], 0);
        let mut states = [automerge::sync::State::new(), automerge::sync::State::new()];
        let mut wire: [std::collections::VecDeque<automerge::sync::Message>; 2] = Default::default();
        let (mut silent, mut checked) = (0, 0);
        for step in 0u32..400 {
            let side = (step % 2) as usize;
            let pick = step.wrapping_mul(2_654_435_761) >> 28;
            if pick % 7 == 0 {
                edit(&mut docs[side], step);
            }
            // Deliver what is waiting for this side, in order, but not always all of it.
            let take = if pick % 3 == 0 { 0 } else if pick % 3 == 1 { 1 } else { usize::MAX };
            for _ in 0..take.min(wire[side].len()) {
                let m = wire[side].pop_front().unwrap();
                docs[side].receive_sync_message(&mut states[side], m).unwrap();
            }
            let heads = docs[side].get_heads();
            let before = Before::of(&docs[side], &states[side]);
            checked += 1;
            if before.silent(&heads, &states[side]) {
                silent += 1;
                let mut copy = states[side].clone();
                assert!(docs[side].generate_sync_message(&mut copy).is_none(), "step {step}: skipped a message automerge would send");
                assert_eq!(copy.last_sent_heads, states[side].last_sent_heads);
                assert_eq!(copy.in_flight, states[side].in_flight);
                continue;
            }
            if let Some(m) = docs[side].generate_sync_message(&mut states[side]) {
                wire[1 - side].push_back(m);
            }
        }
        assert!(silent > 20 && silent < checked, "the walk skipped {silent} of {checked}");
        // Drain: the two documents converge with the skipping in place.
        for _ in 0..20 {
            for side in 0..2 {
                while let Some(m) = wire[side].pop_front() {
                    docs[side].receive_sync_message(&mut states[side], m).unwrap();
                }
                let heads = docs[side].get_heads();
                if !Before::of(&docs[side], &states[side]).silent(&heads, &states[side]) {
                    if let Some(m) = docs[side].generate_sync_message(&mut states[side]) {
                        wire[1 - side].push_back(m);
                    }
                }
            }
        }
        assert_eq!(docs[0].get_heads(), docs[1].get_heads());
    }
}
