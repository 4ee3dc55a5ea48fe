//! The single owner of the sync [`Engine`] and the store: a dedicated thread fed by a
//! channel. Each round it drains the inputs that are waiting into one batch, answers the
//! engine's loads, flushes the engine (which coalesces: one save per document and at most
//! one sync message per peer and document per round, covering every change of the round;
//! see [`Engine::flush`]), commits every store op of the batch in ONE transaction (of the
//! node's SQLite file, or of PostgreSQL: see [`DocumentStore`]), reports the outcome to the
//! engine, and only then hands the authors of the round's changes their frames. So no reply
//! ever acknowledges a change that a crash right after could lose. Connections that
//! delivered nothing this round get their frames (relays of others' changes) just before the
//! commit, so the commit's fsync is not on the relay path (see
//! `Worker::relay_before_commit`).
//!
//! Access: every connection carries the [`Identity`] it authenticated with; the engine asks
//! [`ServerAccess`] on every message. The changes each connection delivered are attributed
//! to its account in the same transaction as their chunks. When roles, grants or sessions
//! change ([`HubHandle::access_changed`], or another process such as the CLI, noticed by a
//! tick every [`TICK`]), the hub reloads the rules, re-checks every open connection's
//! documents ([`Engine::revalidate`]) and closes connections whose session or token ended.
//!
//! Compaction is off the hub's thread: after a round's commit the hub hands the documents
//! due for it to the [`Compactor`], and commits each snapshot it gets back (with the
//! deletion of the chunks it covers) within a later round's transaction.

use std::{
    collections::{BTreeSet, HashMap},
    panic::{catch_unwind, AssertUnwindSafe},
    thread::JoinHandle,
    time::{Duration, Instant},
};

use axum::body::Bytes;
use domain::{
    storage::{layout, Compaction},
    sync::{Direction, Effects, Engine, EngineConfig, Event},
    ConnectionId, DocumentId,
};
use tokio::sync::{mpsc, oneshot};

use super::{
    access::{Connections, Identity, ServerAccess},
    claim_quota::ClaimQuota,
    compactor::{self, Compactor},
    idle_sweep::IdleSweep,
    metrics::METRICS,
    outbox::{Abort, Outbox},
    Compactions, Rechecks,
};
use crate::{
    auth::{AccessControl, AccountId, PartnershipId, Via},
    storage::{AttributedChange, ClaimedDocument, DocumentStore},
};

/// How often the hub looks for access changes made elsewhere and for ended sessions.
pub(crate) const TICK: Duration = Duration::from_millis(500);

/// At most this many inputs go into one batch (bounds the latency of a busy round).
const MAX_BATCH: usize = 1024;
/// Inputs waiting for the hub; senders wait when it is full (backpressure on sockets).
const INPUT_CAPACITY: usize = 1024;

#[derive(Debug)]
enum Input {
    Connect {
        identity: Identity,
        outgoing: Outbox,
        reply: oneshot::Sender<ConnectionId>,
    },
    Frame {
        conn: ConnectionId,
        bytes: Bytes,
    },
    Reject {
        conn: ConnectionId,
        reason: String,
    },
    Disconnect {
        conn: ConnectionId,
    },
    /// Roles, grants, owners, tokens or sessions changed: reload and re-check.
    AccessChanged,
    /// Time passed: look for changes by other processes and for expired sessions.
    Tick,
    /// A change the server makes itself ([`HubHandle::change_document`]).
    ServerChange(server_change::ServerChange),
    /// Another node on the same PostgreSQL committed changes to this document.
    StoredElsewhere(DocumentId),
    /// The relay (re)started listening: what other nodes wrote meanwhile was not heard.
    RelayResumed,
    /// The compactor is done with a document.
    Compacted {
        document: DocumentId,
        outcome: compactor::Outcome,
    },
    Shutdown,
}

impl Input {
    fn conn(&self) -> Option<ConnectionId> {
        match self {
            Input::Frame { conn, .. } | Input::Reject { conn, .. } | Input::Disconnect { conn } => {
                Some(*conn)
            }
            Input::Connect { .. }
            | Input::AccessChanged
            | Input::Tick
            | Input::ServerChange(_)
            | Input::StoredElsewhere(_)
            | Input::RelayResumed
            | Input::Compacted { .. }
            | Input::Shutdown => None,
        }
    }
}

/// The hub stopped (the server is shutting down).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the sync hub has stopped")]
pub(crate) struct HubStopped;

/// A cheap handle for connection tasks.
#[derive(Debug, Clone)]
pub(crate) struct HubHandle {
    tx: mpsc::Sender<Input>,
}

impl HubHandle {
    /// Registers a new incoming connection, authenticated as `identity`, whose frames go
    /// to `outgoing`.
    pub(crate) async fn connect(
        &self,
        identity: Identity,
        outgoing: Outbox,
    ) -> Result<ConnectionId, HubStopped> {
        let (reply, rx) = oneshot::channel();
        self.send(Input::Connect {
            identity,
            outgoing,
            reply,
        })
        .await?;
        rx.await.map_err(|_| HubStopped)
    }

    /// Call after changing roles, grants, owners, tokens or sessions: the hub reloads the
    /// access rules, stops sending documents to connections that may no longer read them
    /// and closes connections whose session ended, before it handles anything queued
    /// after this call.
    pub(crate) async fn access_changed(&self) {
        if self.send(Input::AccessChanged).await.is_err() {
            tracing::debug!("access changed while the sync hub is stopped");
        }
    }

    /// Another node on the same PostgreSQL committed changes to `document` (see
    /// [`super::relay`]): if the hub holds it, it loads the new chunks and syncs its peers.
    pub(crate) async fn stored_elsewhere(&self, document: DocumentId) -> Result<(), HubStopped> {
        self.send(Input::StoredElsewhere(document)).await
    }

    /// The relay (re)started listening: the hub re-reads every document it holds.
    pub(crate) async fn relay_resumed(&self) -> Result<(), HubStopped> {
        self.send(Input::RelayResumed).await
    }

    pub(crate) async fn frame(&self, conn: ConnectionId, bytes: Bytes) -> Result<(), HubStopped> {
        self.send(Input::Frame { conn, bytes }).await
    }

    /// Ends `conn` with an `error` message saying `reason`.
    pub(crate) async fn reject(
        &self,
        conn: ConnectionId,
        reason: impl Into<String>,
    ) -> Result<(), HubStopped> {
        self.send(Input::Reject {
            conn,
            reason: reason.into(),
        })
        .await
    }

    pub(crate) async fn disconnect(&self, conn: ConnectionId) -> Result<(), HubStopped> {
        self.send(Input::Disconnect { conn }).await
    }

    async fn send(&self, input: Input) -> Result<(), HubStopped> {
        self.tx.send(input).await.map_err(|_| HubStopped)
    }
}

/// The running hub thread.
#[derive(Debug)]
pub(crate) struct Hub {
    handle: HubHandle,
    thread: JoinHandle<()>,
}

impl Hub {
    /// Starts the hub with a server engine whose every message is checked against `auth`.
    /// An account may have at most `limits.per_account` connections open; one more is
    /// refused. A connection with more than `limits.queued_bytes` waiting to be written to
    /// it is closed.
    pub(crate) fn start(
        mut config: EngineConfig,
        storage: impl Into<DocumentStore>,
        auth: AccessControl,
        rechecks: Rechecks,
        compactions: Compactions,
        limits: Limits,
    ) -> std::io::Result<Self> {
        let storage = storage.into();
        let connections = Connections::default();
        let quota = ClaimQuota::default();
        let policy = ServerAccess::new(auth.clone(), connections.clone(), quota.clone());
        // Every round ends with a flush (in `load_and_commit`).
        config.coalesce = true;
        // Snapshots are built by the compactor thread, not in the round.
        config.background_compaction = true;
        let engine = Engine::with_access(config, Box::new(policy));
        let (tx, rx) = mpsc::channel(INPUT_CAPACITY);
        let compactor = {
            let read = storage.reader().map_err(std::io::Error::other)?;
            let tx = tx.clone();
            Compactor::start(read, compactions.clone(), move |document, outcome| {
                tx.blocking_send(Input::Compacted { document, outcome }).map_err(|_| ())
            })?
        };
        let worker = Worker {
            engine,
            storage,
            outgoing: HashMap::new(),
            auth,
            connections,
            quota,
            departed: Vec::new(),
            rechecks,
            limits,
            compactor,
            compactions,
            snapshots: Vec::new(),
            sweep: IdleSweep::new(limits.evict_idle_after, TICK),
        };
        let thread = std::thread::Builder::new()
            .name("sync-hub".into())
            .spawn(move || worker.run(rx))?;
        tokio::spawn(tick(tx.clone()));
        Ok(Self {
            handle: HubHandle { tx },
            thread,
        })
    }

    pub(crate) fn handle(&self) -> HubHandle {
        self.handle.clone()
    }

    /// Processes and commits what is already queued, then stops the thread.
    pub(crate) async fn shutdown(self) {
        let Self { handle, thread } = self;
        let _ = handle.tx.send(Input::Shutdown).await;
        drop(handle);
        match tokio::task::spawn_blocking(move || thread.join()).await {
            Ok(Ok(())) => {}
            _ => tracing::error!("the sync hub thread ended abnormally"),
        }
    }
}

/// Sends [`Input::Tick`] every [`TICK`] of `tokio::time` (so tests can pause and advance
/// it) until the hub stops. A tick that finds the queue full is skipped: the hub is busy,
/// and the next one comes soon.
async fn tick(tx: mpsc::Sender<Input>) {
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + TICK, TICK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        every.tick().await;
        if let Err(mpsc::error::TrySendError::Closed(_)) = tx.try_send(Input::Tick) {
            return;
        }
    }
}

/// A document created this round by an account that may claim it.
struct Claim {
    document: DocumentId,
    partnership: PartnershipId,
    account: AccountId,
}

struct Worker {
    engine: Engine,
    storage: DocumentStore,
    outgoing: HashMap<ConnectionId, Outbox>,
    auth: AccessControl,
    connections: Connections,
    /// New documents per account (see [`ClaimQuota`]); claims are recorded at commit.
    quota: ClaimQuota,
    /// Connections that ended this round: their identities are kept until the round's
    /// commit has attributed what they delivered.
    departed: Vec<ConnectionId>,
    /// Bumped after each round that re-checked the open connections.
    rechecks: Rechecks,
    limits: Limits,
    compactor: Compactor,
    compactions: Compactions,
    /// Snapshots the compactor built, to commit in this round.
    snapshots: Vec<Compaction>,
    /// When to drop documents nobody uses.
    sweep: IdleSweep,
}

/// Bounds on connections the hub keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The most connections one account may have open.
    pub(crate) per_account: usize,
    /// The most bytes waiting to be written to one connection.
    pub(crate) queued_bytes: usize,
    /// How long a document nobody uses stays in memory (one to two of these).
    pub(crate) evict_idle_after: Duration,
}

impl Worker {
    fn run(mut self, mut rx: mpsc::Receiver<Input>) {
        let mut stopping = false;
        while !stopping {
            let Some(first) = rx.blocking_recv() else {
                break;
            };
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(input) => batch.push(input),
                    Err(_) => break,
                }
            }
            stopping = batch.iter().any(|i| matches!(i, Input::Shutdown));
            if stopping {
                // Take in everything already queued: it is committed before we stop.
                while let Ok(input) = rx.try_recv() {
                    batch.push(input);
                }
            }
            self.round(batch);
        }
        // The compactor's next hand-back fails at once, and it stops.
        drop(rx);
        tracing::info!("sync hub stopped");
    }

    /// One batch: apply inputs, load, commit once, then deliver.
    fn round(&mut self, batch: Vec<Input>) {
        METRICS.record_batch(batch.len());
        let rechecked = batch.iter().any(|i| matches!(i, Input::Tick | Input::AccessChanged));
        let mut fx = Effects::default();
        let mut relayed = std::collections::HashSet::new();
        let mut inputs = batch.into_iter().peekable();
        while let Some(input) = inputs.next() {
            // A document announced several times this round is read once.
            if let Input::StoredElsewhere(document) = &input {
                if !relayed.insert(*document) {
                    continue;
                }
            }
            if let Input::Frame { conn, bytes } = input {
                // The round's consecutive frames go to the engine together: several writers'
                // changes to one document are applied with one walk of it.
                let mut frames = vec![(conn, bytes)];
                while let Some(Input::Frame { .. }) = inputs.peek() {
                    if let Some(Input::Frame { conn, bytes }) = inputs.next() {
                        frames.push((conn, bytes));
                    }
                }
                fx.extend(self.frames(&frames));
                continue;
            }
            let conn = input.conn();
            match catch_unwind(AssertUnwindSafe(|| self.apply(input))) {
                Ok(more) => {
                    self.count_claims(&more.events);
                    fx.extend(more);
                }
                Err(_) => {
                    tracing::error!(
                        ?conn,
                        "the sync engine panicked on an input; dropping the connection"
                    );
                    if let Some(conn) = conn {
                        if let Ok(more) = catch_unwind(AssertUnwindSafe(|| {
                            self.engine.reject(conn, "internal error")
                        })) {
                            fx.extend(more);
                        }
                    }
                }
            }
        }
        let snapshots = std::mem::take(&mut self.snapshots);
        let abandoned: Vec<DocumentId> = snapshots.iter().map(|c| c.document).collect();
        if catch_unwind(AssertUnwindSafe(|| self.load_and_commit(&mut fx, snapshots))).is_err() {
            for document in abandoned {
                self.engine.compacted(document, None);
            }
            self.abandon(&mut fx);
        }
        let mut later = std::mem::take(&mut fx.load_after_send);
        self.deliver(fx);
        while !later.is_empty() {
            // Peers were sent these documents' stored snapshots (just delivered): load them
            // now, off those answers' path, with whatever waited for them.
            let mut fx = Effects { load: later, ..Effects::default() };
            if catch_unwind(AssertUnwindSafe(|| self.load_and_commit(&mut fx, Vec::new()))).is_err() {
                self.abandon(&mut fx);
            }
            later = std::mem::take(&mut fx.load_after_send);
            self.deliver(fx);
        }
        self.start_compactions();
        for conn in std::mem::take(&mut self.departed) {
            self.connections.remove(conn);
        }
        if rechecked {
            self.rechecks.bump();
        }
    }

    /// Frames that arrived in a row, handed to the engine together. If the engine panics,
    /// every connection whose frame was among them is dropped (its client reconnects and
    /// syncs again), as a panic on one frame drops its own connection.
    fn frames(&mut self, frames: &[(ConnectionId, Bytes)]) -> Effects {
        for _ in frames {
            METRICS.record_frame_in();
        }
        match catch_unwind(AssertUnwindSafe(|| self.engine.receive_all(frames.iter().map(|(conn, bytes)| (*conn, bytes.as_ref()))))) {
            Ok(fx) => {
                self.count_claims(&fx.events);
                fx
            }
            Err(_) => {
                let conns: BTreeSet<ConnectionId> = frames.iter().map(|(conn, _)| *conn).collect();
                tracing::error!(connections = conns.len(), "the sync engine panicked on a round's frames; dropping their connections");
                let mut fx = Effects::default();
                for conn in conns {
                    if let Ok(more) = catch_unwind(AssertUnwindSafe(|| self.engine.reject(conn, "internal error"))) {
                        fx.extend(more);
                    }
                }
                fx
            }
        }
    }

    fn apply(&mut self, input: Input) -> Effects {
        match input {
            Input::Connect {
                identity,
                outgoing,
                reply,
            } => {
                let (conn, mut fx) = self.engine.connect(Direction::Incoming);
                let account = identity.principal.account;
                let open = self.connections.insert(conn, identity);
                if reply.send(conn).is_err() {
                    // The socket task is already gone.
                    self.departed.push(conn);
                    return self.engine.disconnect(conn);
                }
                self.outgoing.insert(conn, outgoing);
                if open > self.limits.per_account {
                    tracing::warn!(%conn, %account, open, "refusing a connection over the account's limit");
                    self.departed.push(conn);
                    fx.extend(self.engine.reject(conn, &too_many_connections(self.limits.per_account)));
                }
                fx
            }
            Input::Frame { conn, bytes } => self.frames(&[(conn, bytes)]),
            Input::Reject { conn, reason } => self.engine.reject(conn, &reason),
            Input::Disconnect { conn } => {
                self.outgoing.remove(&conn);
                self.departed.push(conn);
                self.engine.disconnect(conn)
            }
            Input::AccessChanged => {
                if let Err(e) = self.auth.reload() {
                    tracing::error!(error = ?e, "reloading the access rules failed");
                }
                self.recheck(true)
            }
            Input::Tick => {
                if self.sweep.tick() {
                    let evicted = self.engine.evict_idle();
                    if !evicted.is_empty() {
                        tracing::debug!(documents = evicted.len(), "idle documents left memory");
                    }
                    METRICS.record_evicted(evicted.len());
                }
                METRICS.set_documents(self.engine.documents().count());
                METRICS.set_connections(self.outgoing.len());
                crate::auth::audit::flush_denials(&self.auth);
                let changed = self.auth.reload_if_changed().unwrap_or_else(|e| {
                    tracing::error!(error = ?e, "checking the access rules for changes failed");
                    false
                });
                let mut fx = self.recheck(changed);
                // Claims held back by the quota of new documents: invited again as it frees.
                fx.extend(self.engine.invite_deferred_claims());
                METRICS.set_deferred_claims(self.engine.deferred_claims());
                fx
            }
            Input::ServerChange(change) => self.server_change(change),
            Input::StoredElsewhere(document) => self.stored_elsewhere(document),
            Input::RelayResumed => {
                let held: Vec<DocumentId> = self.engine.documents().map(|(id, _)| id).collect();
                let mut fx = Effects::default();
                for document in held {
                    fx.extend(self.stored_elsewhere(document));
                }
                fx
            }
            Input::Compacted { document, outcome } => {
                match outcome {
                    Ok(Some(snapshot)) => {
                        // Changes it read that this node has not merged (another node's) go
                        // to this node's peers before the chunks that carried them are deleted.
                        let fx = self.engine.compaction_built(&snapshot);
                        if !fx.events.is_empty() {
                            METRICS.record_caught_by_compaction();
                        }
                        self.snapshots.push(snapshot);
                        fx
                    }
                    Ok(None) => {
                        self.engine.compacted(document, None);
                        Effects::default()
                    }
                    Err(error) => {
                        tracing::error!(%document, error, "compacting a document failed");
                        self.engine.compacted(document, None);
                        Effects::default()
                    }
                }
            }
            Input::Shutdown => Effects::default(),
        }
    }

    /// Takes in what another node stored for `document`, if this hub holds it: lists the
    /// document's keys, and reads only the chunks it does not know.
    fn stored_elsewhere(&mut self, document: DocumentId) -> Effects {
        if !self.engine.holds(document) {
            return Effects::default();
        }
        let started = Instant::now();
        let read = self.storage.keys(&layout::document_prefix(document)).and_then(|keys| {
            let unknown = self.engine.unknown_chunks(document, keys);
            if unknown.is_empty() {
                return Ok(Vec::new());
            }
            self.storage.get_many(&unknown)
        });
        match read {
            Ok(chunks) if chunks.is_empty() => Effects::default(),
            Ok(chunks) => {
                let fx = self.engine.stored_elsewhere(document, chunks);
                METRICS.record_relayed(started.elapsed());
                fx
            }
            Err(e) => {
                // The next change announced for it (or the next resume) reads it again.
                tracing::error!(%document, error = %e, "loading a document another node changed failed");
                Effects::default()
            }
        }
    }

    /// Closes connections whose session or API token has ended, then (when the rules
    /// changed) stops syncing documents to connections that may no longer read them.
    fn recheck(&mut self, rules_changed: bool) -> Effects {
        let mut fx = Effects::default();
        let acl = self.auth.snapshot();
        let mut alive: HashMap<_, bool> = HashMap::new();
        for (conn, identity) in self.connections.all() {
            if self.departed.contains(&conn) {
                continue;
            }
            let ended = match identity.principal.via {
                Via::Session(id) => (!*alive
                    .entry(id)
                    .or_insert_with(|| self.auth.session_alive(id)))
                .then_some("your session has ended; sign in again"),
                Via::Token { .. } => identity
                    .token_hash
                    .as_deref()
                    .is_some_and(|h| acl.token(h).is_none())
                    .then_some("your API token is no longer valid"),
            };
            if let Some(reason) = ended {
                tracing::info!(%conn, reason, "closing a connection whose session or token ended");
                self.departed.push(conn);
                fx.extend(self.engine.reject(conn, reason));
            }
        }
        if rules_changed {
            fx.extend(self.engine.revalidate());
        }
        fx
    }

    /// Who delivered each change this round reports, for the round's commit.
    fn attribution(&self, events: &[Event]) -> Vec<AttributedChange> {
        let at = self.auth.clock().now_ms();
        let mut seen = BTreeSet::new();
        let mut rows = Vec::new();
        for event in events {
            let Event::ChangesReceived {
                conn,
                document,
                changes,
            } = event
            else {
                continue;
            };
            let Some(principal) = self.connections.principal(*conn) else {
                tracing::error!(%conn, %document, "changes from a connection with no identity");
                continue;
            };
            for change in changes {
                if seen.insert(*change) {
                    rows.push(AttributedChange {
                        change: *change,
                        document: *document,
                        account: principal.account.to_string(),
                        at,
                    });
                }
            }
        }
        rows
    }

    /// The documents claimed this round, with the partnership each is claimed for.
    fn claims(&self, events: &[Event]) -> Vec<Claim> {
        let acl = self.auth.snapshot();
        events
            .iter()
            .filter_map(|e| match e {
                Event::Claimed { conn, document } => Some((*conn, *document)),
                _ => None,
            })
            .filter_map(|(conn, document)| {
                let principal = self.connections.principal(conn)?;
                match acl.claim_partnership(&principal, document) {
                    Some(partnership) => Some(Claim { document, partnership, account: principal.account }),
                    None => {
                        // Its roles changed within the round: stored without an owner, which
                        // nobody can then claim (it is no longer empty).
                        tracing::warn!(%conn, %document, "a claim lost its partnership before its commit");
                        None
                    }
                }
            })
            .collect()
    }

    /// Counts each claim against its account's quota as soon as the engine reports it, so
    /// a flood within one round is stopped within that round.
    fn count_claims(&self, events: &[Event]) {
        let now = self.auth.clock().now_ms();
        for e in events {
            if let Event::Claimed { conn, .. } = e {
                if let Some(p) = self.connections.principal(*conn) {
                    self.quota.record(p.account, now);
                }
            }
        }
    }

    /// After the commit that recorded `claims`: the access rules learn the owners (without
    /// reloading every table) and the owners' audit logs say who created what.
    fn claims_committed(&self, claims: &[Claim]) {
        for c in claims {
            self.auth.owner_recorded(c.document, c.partnership);
            tracing::info!(document = %c.document, partnership = %c.partnership, "a new document was claimed by its first writer");
            if let Err(e) = self.auth.store().audit(Some(c.partnership), Some(c.account), "document-claimed", &c.document.to_string()) {
                tracing::error!(error = ?e, "writing the audit log");
            }
        }
    }

    /// Hands the documents due for compaction to the compactor (after the round's commit,
    /// so it reads the chunks just written).
    fn start_compactions(&mut self) {
        for document in self.engine.compactions_due() {
            if !self.compactor.request(document) {
                tracing::error!(%document, "the compactor has stopped; not compacting");
                self.engine.compacted(document, None);
            }
        }
    }

    /// Answers loads (which may add store ops), flushes the engine's coalesced saves and
    /// messages, then commits all store ops at once, with the snapshots the compactor built
    /// (each with the deletion of the chunks it covers).
    fn load_and_commit(&mut self, fx: &mut Effects, snapshots: Vec<Compaction>) {
        while !fx.load.is_empty() {
            for doc in std::mem::take(&mut fx.load) {
                let chunks = self
                    .storage
                    .range(&layout::document_prefix(doc))
                    .unwrap_or_else(|e| {
                        // The engine has no "load failed": it treats the document as not stored,
                        // and nothing already stored is overwritten (chunk keys are new).
                        tracing::error!(document = %doc, error = %e, "loading a document failed");
                        Vec::new()
                    });
                let loaded = self.engine.document_loaded(doc, chunks);
                self.count_claims(&loaded.events);
                fx.extend(loaded);
            }
        }
        fx.extend(self.engine.flush());
        let attribution = self.attribution(&fx.events);
        let claims = self.claims(&fx.events);
        if fx.store.is_empty() && fx.saved.is_empty() && attribution.is_empty() && snapshots.is_empty() {
            return;
        }
        self.relay_before_commit(fx);
        let started = Instant::now();
        let rows: Vec<ClaimedDocument> = claims
            .iter()
            .map(|c| ClaimedDocument { document: c.document, partnership: c.partnership.to_string() })
            .collect();
        if !snapshots.is_empty() {
            let mut ops: Vec<_> = snapshots.iter().flat_map(Compaction::ops).collect();
            ops.append(&mut fx.store);
            fx.store = ops;
        }
        match self.storage.apply_claimed(&fx.store, &attribution, &rows) {
            Ok(()) => {
                METRICS.record_commit(started.elapsed());
                self.engine.storage_committed(&fx.saved);
                fx.store.clear();
                fx.saved.clear();
                self.claims_committed(&claims);
                // Readers that asked for these before their owners were known get them now.
                let claimed: Vec<DocumentId> = claims.iter().map(|c| c.document).collect();
                let readers = self.engine.owners_known(&claimed);
                fx.extend(readers);
                for snapshot in &snapshots {
                    self.engine.compacted(snapshot.document, Some(snapshot));
                    self.compactions.committed_one();
                }
            }
            Err(e) => {
                tracing::error!(error = %e, documents = fx.saved.len(), "committing a batch failed");
                for snapshot in &snapshots {
                    self.engine.compacted(snapshot.document, None);
                }
                fx.store.clear();
                let failed = self.engine.storage_failed(&std::mem::take(&mut fx.saved));
                // Frames generated before the failure may claim what was not stored: the
                // connections the engine now closes get only their error message.
                fx.send.retain(|(conn, _)| !failed.close.contains(conn));
                fx.extend(failed);
            }
        }
    }

    /// Sends, before the round's commit, the frames of every connection that delivered no
    /// change this round: relays of others' changes to peers waiting for them. The fsync of
    /// the commit (about 4 ms on a VM's disk) is then off the path from A's change to B's
    /// screen. The durable-ack rule is untouched: a connection that delivered a change gets
    /// nothing (neither the reply that acknowledges it nor any other frame, so its frames
    /// keep their order) until the commit has made it durable. A relayed change that a crash
    /// then loses is still held by its author, who was never told it was stored, and by the
    /// peer it reached: either gives it back on its next sync.
    fn relay_before_commit(&mut self, fx: &mut Effects) {
        let authors: BTreeSet<ConnectionId> = fx
            .events
            .iter()
            .filter_map(|e| match e {
                Event::ChangesReceived { conn, .. } | Event::Claimed { conn, .. } => Some(*conn),
                _ => None,
            })
            .collect();
        let (wait, early): (Vec<_>, Vec<_>) =
            std::mem::take(&mut fx.send).into_iter().partition(|(conn, _)| authors.contains(conn) || fx.close.contains(conn));
        fx.send = wait;
        if !early.is_empty() {
            self.deliver(Effects { send: early, ..Effects::default() });
        }
    }

    /// After a panic while loading or committing: nothing of this round may be claimed.
    /// The engine forgets what it believed saved (a server reloads those documents from
    /// storage), and every connection that was to get a frame is closed; clients resync.
    fn abandon(&mut self, fx: &mut Effects) {
        tracing::error!(
            "the sync engine panicked while loading or committing; closing affected connections"
        );
        let saved = std::mem::take(&mut fx.saved);
        fx.store.clear();
        fx.load.clear();
        let mut conns: Vec<ConnectionId> = fx.send.drain(..).map(|(conn, _)| conn).collect();
        conns.sort();
        conns.dedup();
        let recovered = catch_unwind(AssertUnwindSafe(|| {
            let mut more = self.engine.storage_failed(&saved);
            for conn in conns {
                more.extend(
                    self.engine
                        .reject(conn, "internal error; reconnect to resync"),
                );
            }
            more
        }));
        if let Ok(more) = recovered {
            fx.extend(more);
        }
    }

    fn deliver(&mut self, fx: Effects) {
        let mut slow = Vec::new();
        for (conn, frame) in fx.send {
            let Some(out) = self.outgoing.get(&conn) else {
                continue;
            };
            METRICS.record_frame_out();
            if out.frame(frame, self.limits.queued_bytes).is_err() && !slow.contains(&conn) {
                slow.push(conn);
            }
        }
        for conn in fx.close {
            if let Some(out) = self.outgoing.remove(&conn) {
                out.close();
            }
        }
        for conn in slow {
            // The writer is gone, or the peer stopped reading: close it at once, dropping
            // what waits for it, rather than buffer more.
            if let Some(out) = self.outgoing.remove(&conn) {
                tracing::warn!(%conn, "closing a connection that does not keep up");
                out.abort(Abort::FellBehind);
                let more = self.engine.disconnect(conn);
                log_events(&more.events);
            }
        }
        log_events(&fx.events);
    }
}

/// Why a connection over its account's limit is refused.
pub(crate) fn too_many_connections(max: usize) -> String {
    format!(
        "too many open connections for this account (at most {max}); close the app on another \
         device or browser, then reconnect"
    )
}

fn log_events(events: &[Event]) {
    for event in events {
        match event {
            Event::PeerConnected { conn, peer } => tracing::debug!(%conn, %peer, "peer joined"),
            Event::PeerDisconnected { conn, error: None } => tracing::debug!(%conn, "peer left"),
            Event::PeerDisconnected {
                conn,
                error: Some(error),
            } => {
                METRICS.record_refused();
                tracing::debug!(%conn, error, "connection closed with an error")
            }
            Event::DocumentDamaged { document, error } => {
                tracing::error!(%document, error, "a stored document is damaged and is not served")
            }
            Event::StorageFailed { documents } => {
                tracing::error!(
                    documents = documents.len(),
                    "storage failed; affected peers were disconnected"
                )
            }
            Event::DocumentChanged(_)
            | Event::DocumentUnavailable(_)
            | Event::Ephemeral { .. }
            | Event::ChangesReceived { .. }
            | Event::Claimed { .. } => {}
        }
    }
}

mod server_change;
pub(crate) use server_change::{ChangeFn, ServerChangeError};
#[cfg(test)]
mod tests;
