//! The single owner of the sync [`Engine`] and the store: a dedicated thread fed by a
//! channel. Each round it drains the inputs that are waiting into one batch, answers the
//! engine's loads, commits every store op of the batch in ONE SQLite transaction, reports
//! the outcome to the engine, and only then hands frames to the connections. So no reply
//! ever claims a change that a crash right after could lose.

use std::{
    collections::HashMap,
    panic::{catch_unwind, AssertUnwindSafe},
    thread::JoinHandle,
    time::Instant,
};

use axum::body::Bytes;
use domain::{
    storage::layout,
    sync::{Direction, Effects, Engine, Event},
    ConnectionId,
};
use tokio::sync::{mpsc, oneshot};

use super::metrics::METRICS;
use crate::storage::SqliteStorage;

/// At most this many inputs go into one batch (bounds the latency of a busy round).
const MAX_BATCH: usize = 1024;
/// Inputs waiting for the hub; senders wait when it is full (backpressure on sockets).
const INPUT_CAPACITY: usize = 1024;
/// Frames waiting to be written to one connection; a peer that lets more pile up is dropped.
pub(crate) const OUTGOING_CAPACITY: usize = 8192;

/// What the hub tells a connection's writer.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Frame(Vec<u8>),
    /// Send a close frame and stop: the engine has forgotten the connection.
    Close,
}

#[derive(Debug)]
enum Input {
    Connect {
        outgoing: mpsc::Sender<Outgoing>,
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
    Shutdown,
}

impl Input {
    fn conn(&self) -> Option<ConnectionId> {
        match self {
            Input::Frame { conn, .. } | Input::Reject { conn, .. } | Input::Disconnect { conn } => {
                Some(*conn)
            }
            Input::Connect { .. } | Input::Shutdown => None,
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
    /// Registers a new incoming connection whose frames go to `outgoing`.
    pub(crate) async fn connect(
        &self,
        outgoing: mpsc::Sender<Outgoing>,
    ) -> Result<ConnectionId, HubStopped> {
        let (reply, rx) = oneshot::channel();
        self.send(Input::Connect { outgoing, reply }).await?;
        rx.await.map_err(|_| HubStopped)
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
    pub(crate) fn start(engine: Engine, storage: SqliteStorage) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel(INPUT_CAPACITY);
        let worker = Worker {
            engine,
            storage,
            outgoing: HashMap::new(),
        };
        let thread = std::thread::Builder::new()
            .name("sync-hub".into())
            .spawn(move || worker.run(rx))?;
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

struct Worker {
    engine: Engine,
    storage: SqliteStorage,
    outgoing: HashMap<ConnectionId, mpsc::Sender<Outgoing>>,
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
        tracing::info!("sync hub stopped");
    }

    /// One batch: apply inputs, load, commit once, then deliver.
    fn round(&mut self, batch: Vec<Input>) {
        METRICS.record_batch(batch.len());
        let mut fx = Effects::default();
        for input in batch {
            let conn = input.conn();
            match catch_unwind(AssertUnwindSafe(|| self.apply(input))) {
                Ok(more) => fx.extend(more),
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
        if catch_unwind(AssertUnwindSafe(|| self.load_and_commit(&mut fx))).is_err() {
            self.abandon(&mut fx);
        }
        self.deliver(fx);
    }

    fn apply(&mut self, input: Input) -> Effects {
        match input {
            Input::Connect { outgoing, reply } => {
                let (conn, fx) = self.engine.connect(Direction::Incoming);
                if reply.send(conn).is_err() {
                    // The socket task is already gone.
                    return self.engine.disconnect(conn);
                }
                self.outgoing.insert(conn, outgoing);
                fx
            }
            Input::Frame { conn, bytes } => {
                METRICS.record_frame_in();
                self.engine.receive(conn, &bytes)
            }
            Input::Reject { conn, reason } => self.engine.reject(conn, &reason),
            Input::Disconnect { conn } => {
                self.outgoing.remove(&conn);
                self.engine.disconnect(conn)
            }
            Input::Shutdown => Effects::default(),
        }
    }

    /// Answers loads (which may add store ops), then commits all store ops at once.
    fn load_and_commit(&mut self, fx: &mut Effects) {
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
                fx.extend(self.engine.document_loaded(doc, chunks));
            }
        }
        if fx.store.is_empty() && fx.saved.is_empty() {
            return;
        }
        let started = Instant::now();
        match self.storage.apply(&fx.store, &[]) {
            Ok(()) => {
                METRICS.record_commit(started.elapsed());
                self.engine.storage_committed(&fx.saved);
                fx.store.clear();
                fx.saved.clear();
            }
            Err(e) => {
                tracing::error!(error = %e, documents = fx.saved.len(), "committing a batch failed");
                fx.store.clear();
                let failed = self.engine.storage_failed(&std::mem::take(&mut fx.saved));
                // Frames generated before the failure may claim what was not stored: the
                // connections the engine now closes get only their error message.
                fx.send.retain(|(conn, _)| !failed.close.contains(conn));
                fx.extend(failed);
            }
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
            if out.try_send(Outgoing::Frame(frame)).is_err() && !slow.contains(&conn) {
                slow.push(conn);
            }
        }
        for conn in fx.close {
            if let Some(out) = self.outgoing.remove(&conn) {
                let _ = out.try_send(Outgoing::Close);
            }
        }
        for conn in slow {
            // The writer is gone or far behind: drop the connection (its sender closes it).
            if self.outgoing.remove(&conn).is_some() {
                tracing::warn!(%conn, "dropping a connection that does not keep up");
                let more = self.engine.disconnect(conn);
                log_events(&more.events);
            }
        }
        log_events(&fx.events);
    }
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
            | Event::ChangesReceived { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests;
