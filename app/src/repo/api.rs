//! The [`Repo`]'s public API: the only code that drives the sans-IO [`Engine`].
//!
//! A [`Repo`] owns the engine (in a `RefCell`, never borrowed across an `await`) and hands
//! its effects to the ordered effect queue ([`super::queue`]). Its jobs are split:
//! - this module: the API pages and the account layer use, and the status it publishes;
//! - [`super::queue`]: carrying out effects in order, storage retries;
//! - [`super::leadership`]: which tab holds the server connection (a plain state machine);
//! - [`super::status`]: the "not yet on the server" bookkeeping and the states shown;
//! - [`super::platform`]: timers, tasks, socket and tabs, so the repo runs in a browser
//!   ([`super::browser`]) and in native tests on `MemoryStorage` with a simulated socket.
//!
//! A local change ([`Repo::change`]) is shown at once: subscribers hear of it before it is
//! committed to storage and sent; the queue then saves it and syncs it with the server.
//!
//! Start-up ([`Repo::start_with`]) loads every stored document *before* touching the
//! network. The account layer then says which documents to follow ([`Repo::follow`]; the
//! app's [`FollowPolicy`] says which further documents a followed one lists) and when to
//! connect ([`Repo::connect`]) or stop ([`Repo::disconnect`]). [`Repo::forget`] deletes
//! local copies the account may no longer read.

use std::{
    any::Any,
    cell::{Cell, RefCell},
    collections::{HashMap, HashSet},
    rc::Rc,
};

use automerge::Automerge;
use autosurgeon::Hydrate;
use domain::{
    storage::{layout, StorageError, StoreOp},
    sync::{Direction, Effects, Engine, EngineConfig, Event, Role, SyncSummary, UnknownDocument},
    ConnectionId, DocumentId, PeerId,
};
use futures::channel::{mpsc, oneshot};

use super::{
    leadership::{Leadership, TabMessage},
    platform::{LocalStore, Platform, Socket, SocketEvent, TabBus},
    status::{storage_problem_text, ConnectionPhase, PendingChanges, SyncSnapshot},
};

/// How a [`Repo`] is set up.
#[derive(Debug, Clone)]
pub struct RepoOptions {
    /// The IndexedDB database (in a browser); also names the tabs' lock and bus.
    pub database: String,
    pub peer_id: PeerId,
    /// Compact a document into one snapshot after this many incremental chunks.
    pub compact_after: usize,
    /// Sync with the server (off in storage-only tests).
    pub network: bool,
}

/// A document as the UI sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum DocView<T> {
    /// Neither stored here nor requested yet.
    NotOpen,
    /// Requested; no content has arrived yet.
    Loading,
    /// The server has no such document (or will not give it to us).
    Unavailable,
    /// Stored but unreadable, or not of the expected shape.
    Damaged(String),
    Ready(T),
}

/// What subscribers hear about.
#[derive(Debug, Clone)]
pub enum Notice {
    /// These documents changed (none named: every document may have, they loaded).
    DocumentsChanged(Vec<DocumentId>),
    Status(SyncSnapshot),
    /// Is the session still good? A websocket closed without ever opening (the server may be
    /// down, or the session may have ended: the upgrade's 401 is invisible to a browser), or
    /// "Sync now" was pressed while not allowed to connect (signed out).
    SessionInDoubt,
    /// Another tab of this browser signed out: this one drops its state.
    SignedOutElsewhere,
    /// Someone else's ephemeral message (presence) about `document`, relayed by the server.
    Ephemeral { document: DocumentId, data: Vec<u8> },
}

/// Which further documents a followed document lists (e.g. a partnership's groups). The
/// app passes it in ([`Repo::set_follow_policy`]); the repo knows no document types.
pub type FollowPolicy = Rc<dyn Fn(&Automerge) -> Vec<DocumentId>>;

/// The document repository: engine + storage + socket. Cheap to clone.
pub struct Repo<S: LocalStore + 'static>(pub(super) Rc<Inner<S>>);

impl<S: LocalStore + 'static> Clone for Repo<S> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<S: LocalStore + 'static> std::fmt::Debug for Repo<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("engine", &self.0.engine.borrow())
            .finish_non_exhaustive()
    }
}

type Listener = Rc<dyn Fn(&Notice)>;

pub(super) struct Inner<S: LocalStore + 'static> {
    pub(super) options: RepoOptions,
    pub(super) platform: Rc<dyn Platform>,
    pub(super) engine: RefCell<Engine>,
    pub(super) storage: RefCell<Option<Rc<S>>>,
    /// Batches of effects waiting for the queue (see [`super::queue`]), and its wake-up.
    pub(super) queued: RefCell<std::collections::VecDeque<Effects>>,
    pub(super) queue: mpsc::UnboundedSender<()>,
    pub(super) queue_rx: RefCell<Option<mpsc::UnboundedReceiver<()>>>,
    /// The chunks of the commit the queue is carrying out, while small enough to keep on
    /// leaving the page (see [`super::journal`]).
    pub(super) in_flight_puts: RefCell<Vec<StoreOp>>,
    /// Batches queued and not yet carried out, and who waits for none.
    pub(super) pending: Cell<usize>,
    pub(super) idle_waiters: RefCell<Vec<oneshot::Sender<()>>>,
    pub(super) loaded: Cell<bool>,
    /// Documents opened before the stored ones loaded: loaded first, requested after.
    pub(super) deferred_opens: RefCell<Vec<DocumentId>>,
    /// Told when a page opens a document while the start waits to load large ones.
    pub(super) opened_waiter: RefCell<Option<futures::channel::oneshot::Sender<()>>>,
    pub(super) socket: RefCell<Option<Rc<dyn Socket>>>,
    pub(super) conn: Cell<Option<ConnectionId>>,
    pub(super) phase: Cell<ConnectionPhase>,
    /// The documents the account layer asked for (partnerships and shared documents).
    followed: RefCell<Vec<DocumentId>>,
    follow_policy: RefCell<Option<FollowPolicy>>,
    /// Local copies deleted because the account may no longer read them.
    revoked: RefCell<HashSet<DocumentId>>,
    /// The session is good: the leader tab may hold a connection.
    wants_network: Cell<bool>,
    lock_requested: Cell<bool>,
    pub(super) unavailable: RefCell<HashSet<DocumentId>>,
    pub(super) damaged: RefCell<HashMap<DocumentId, String>>,
    pub(super) changes: RefCell<PendingChanges>,
    pub(super) storage_problem: RefCell<Option<StorageError>>,
    pub(super) storage_retry_attempt: Cell<u32>,
    pub(super) storage_retry: RefCell<Option<Box<dyn Any>>>,
    published: RefCell<Option<SyncSnapshot>>,
    /// Other tabs of this browser on the same database.
    pub(super) tabs: RefCell<Option<Box<dyn TabBus>>>,
    pub(super) leadership: RefCell<Leadership>,
    listeners: RefCell<Vec<Listener>>,
    /// Saves held by the engine wait for a flush after the frame
    /// ([`super::deferred`]).
    pub(super) flush_scheduled: Cell<bool>,
    /// Documents typed into since the last flush, whose subscribers hear of it then
    /// ([`Repo::change_typing`]).
    pub(super) typed: RefCell<Vec<DocumentId>>,
    /// What the engine asked for on those keystrokes (sync messages, other tabs), queued at
    /// that flush, or before anything queued sooner (the queue's order is kept).
    pub(super) typed_fx: RefCell<Effects>,
    /// The idle-time compaction waiting for a pause in the changes, and the documents due.
    pub(super) compaction_timer: RefCell<Option<Box<dyn Any>>>,
    pub(super) compaction_backlog: RefCell<Vec<DocumentId>>,
    /// Saved views of documents, drawn from while the documents load ([`super::saved_views`]).
    pub(super) views: RefCell<super::view_cache::ViewCache>,
    pub(super) views_timer: RefCell<Option<Box<dyn Any>>>,
}

impl<S: LocalStore + 'static> Repo<S> {
    /// A repo on `platform`; nothing is loaded or connected until [`Repo::start_with`].
    pub fn with_platform(options: RepoOptions, platform: Rc<dyn Platform>) -> Self {
        let mut config = EngineConfig::new(options.peer_id.clone(), Role::Client);
        config.compact_after = options.compact_after;
        // Saves wait for a flush after the frame that shows a change, and snapshots are built
        // in idle time: neither is on the input path (see super::deferred). Sync messages
        // still leave with the change.
        config.defer_saves = true;
        config.background_compaction = true;
        let (queue, queue_rx) = mpsc::unbounded();
        let phase = match (options.network, platform.on_line()) {
            (false, _) => ConnectionPhase::Disconnected,
            (true, false) => ConnectionPhase::Offline,
            (true, true) => ConnectionPhase::Connecting,
        };
        Self(Rc::new(Inner {
            options,
            platform,
            engine: RefCell::new(Engine::new(config)),
            storage: RefCell::new(None),
            queued: RefCell::new(std::collections::VecDeque::new()),
            queue,
            queue_rx: RefCell::new(Some(queue_rx)),
            in_flight_puts: RefCell::new(Vec::new()),
            pending: Cell::new(0),
            idle_waiters: RefCell::new(Vec::new()),
            loaded: Cell::new(false),
            deferred_opens: RefCell::new(Vec::new()),
            opened_waiter: RefCell::new(None),
            socket: RefCell::new(None),
            conn: Cell::new(None),
            phase: Cell::new(phase),
            followed: RefCell::new(Vec::new()),
            follow_policy: RefCell::new(None),
            revoked: RefCell::new(HashSet::new()),
            wants_network: Cell::new(false),
            lock_requested: Cell::new(false),
            unavailable: RefCell::new(HashSet::new()),
            damaged: RefCell::new(HashMap::new()),
            changes: RefCell::new(PendingChanges::default()),
            storage_problem: RefCell::new(None),
            storage_retry_attempt: Cell::new(0),
            storage_retry: RefCell::new(None),
            published: RefCell::new(None),
            tabs: RefCell::new(None),
            leadership: RefCell::new(Leadership::default()),
            listeners: RefCell::new(Vec::new()),
            flush_scheduled: Cell::new(false),
            typed: RefCell::new(Vec::new()),
            typed_fx: RefCell::new(Effects::default()),
            compaction_timer: RefCell::new(None),
            compaction_backlog: RefCell::new(Vec::new()),
            views: RefCell::new(Default::default()),
            views_timer: RefCell::new(None),
        }))
    }

    /// Loads every document from `storage` (or records why there is none) and starts the
    /// effect queue and the tab bus. Returns once the documents are loaded. The network
    /// waits for [`Repo::connect`]. Calling it twice does nothing.
    pub async fn start_with(&self, storage: Result<Rc<S>, StorageError>) {
        let Some(rx) = self.0.queue_rx.borrow_mut().take() else {
            return;
        };
        match storage {
            Ok(storage) => *self.0.storage.borrow_mut() = Some(storage),
            Err(e) => {
                leptos::logging::error!("storage is not available: {e}");
                *self.0.storage_problem.borrow_mut() = Some(e);
            }
        }
        self.load_documents().await;
        self.0.loaded.set(true);
        self.notify(&Notice::DocumentsChanged(Vec::new()));
        self.0.platform.spawn(Box::pin(super::queue::run_queue(Rc::downgrade(&self.0), rx)));
        self.open_tab_bus();
        let deferred = std::mem::take(&mut *self.0.deferred_opens.borrow_mut());
        for id in deferred {
            self.open(id);
        }
        self.follow_listed();
        self.publish_status();
    }

    /// Which further documents a followed document lists (see [`FollowPolicy`]).
    pub fn set_follow_policy(&self, policy: FollowPolicy) {
        *self.0.follow_policy.borrow_mut() = Some(policy);
        if self.0.loaded.get() {
            self.follow_listed();
        }
    }

    /// Follows these documents (and what the follow policy finds in them): requests those
    /// not held here. Replaces the previous list.
    pub fn follow(&self, ids: Vec<DocumentId>) {
        if *self.0.followed.borrow() == ids {
            return;
        }
        *self.0.followed.borrow_mut() = ids;
        if self.0.loaded.get() {
            self.follow_listed();
        }
    }

    /// The session is good: this device may connect (the tab holding the lock does).
    pub fn connect(&self) {
        if !self.0.options.network || self.0.wants_network.replace(true) {
            return;
        }
        if self.0.leadership.borrow().is_leader() {
            self.start_socket();
        } else if !self.0.lock_requested.replace(true) {
            // Only the tab holding the lock connects; the others share its connection.
            let weak = Rc::downgrade(&self.0);
            let lock = format!("quorum-sync-{}", self.0.options.database);
            self.0.platform.request_leadership(
                &lock,
                Box::new(move || {
                    if let Some(inner) = weak.upgrade() {
                        let repo = Repo(inner);
                        repo.0.leadership.borrow_mut().became_leader();
                        if repo.0.wants_network.get() {
                            repo.start_socket();
                        }
                        repo.publish_status();
                    }
                }),
            );
        }
    }

    /// Signed out: closes the connection and does not reconnect until [`Repo::connect`].
    pub fn disconnect(&self) {
        self.0.wants_network.set(false);
        let socket = self.0.socket.borrow_mut().take();
        if let Some(s) = socket {
            s.stop();
        }
        if let Some(conn) = self.0.conn.take() {
            let fx = self.0.engine.borrow_mut().disconnect(conn);
            self.enqueue(fx);
        }
        self.0.phase.set(ConnectionPhase::Disconnected);
        self.publish_status();
    }

    /// Whether this tab holds the server connection for every tab.
    pub fn is_leader(&self) -> bool {
        self.0.leadership.borrow().is_leader()
    }

    /// The documents held here with content.
    pub fn held_documents(&self) -> Vec<DocumentId> {
        let revoked = self.0.revoked.borrow();
        self.0
            .engine
            .borrow()
            .documents()
            .filter(|(id, doc)| !doc.get_heads().is_empty() && !revoked.contains(id))
            .map(|(id, _)| id)
            .collect()
    }

    /// Deletes the local copies of `ids` (the account may no longer read them): their chunks
    /// leave storage and the pages show them as unavailable.
    pub async fn forget(&self, ids: &[DocumentId]) {
        if ids.is_empty() {
            return;
        }
        self.0.revoked.borrow_mut().extend(ids.iter().copied());
        self.forget_views(ids);
        if let Some(storage) = self.storage() {
            let mut ops = Vec::new();
            for &id in ids {
                match storage.load_range(&layout::document_prefix(id)).await {
                    Ok(chunks) => ops.extend(chunks.into_iter().map(|(key, _)| StoreOp::Delete(key))),
                    Err(e) => leptos::logging::warn!("could not list {id} to delete it: {e}"),
                }
            }
            if let Err(e) = storage.commit(ops).await {
                leptos::logging::warn!("could not delete revoked documents: {e}");
            }
        }
        self.notify(&Notice::DocumentsChanged(ids.to_vec()));
    }

    /// Tells the other tabs this device signed out, and stops.
    pub fn signed_out(&self) {
        if let Some(tabs) = self.0.tabs.borrow().as_ref() {
            tabs.post(&TabMessage::SignedOut);
        }
        self.0.wants_network.set(false);
        self.shutdown();
    }

    /// Stops syncing and closes storage (tests simulate a reload with it).
    pub fn shutdown(&self) {
        // What is shown is saved: changes still held for the next flush go to storage first.
        self.flush_before_leaving();
        self.0.compaction_timer.borrow_mut().take();
        self.0.views_timer.borrow_mut().take();
        let socket = self.0.socket.borrow_mut().take();
        if let Some(s) = socket {
            s.stop();
        }
        self.0.storage_retry.borrow_mut().take();
        self.0.tabs.borrow_mut().take();
        let storage = self.0.storage.borrow_mut().take();
        if let Some(s) = storage {
            s.close();
        }
    }

    /// Calls `f` with every notice from now on.
    pub fn subscribe(&self, f: impl Fn(&Notice) + 'static) {
        self.0.listeners.borrow_mut().push(Rc::new(f));
    }

    /// Resolves once every queued effect has been carried out (and what the engine held for
    /// the next flush, flushed now).
    pub async fn settled(&self) {
        if self.0.flush_scheduled.get() {
            self.flush_now();
        }
        if self.0.pending.get() == 0 {
            return;
        }
        let (tx, rx) = oneshot::channel();
        self.0.idle_waiters.borrow_mut().push(tx);
        let _ = rx.await;
    }

    /// "Sync now": connects to the server at once if no connection is open (no backoff).
    pub fn sync_now(&self) {
        if self.0.options.network && !self.0.wants_network.get() {
            // Signed out (or not yet checked): ask again; a good session connects.
            self.notify(&Notice::SessionInDoubt);
            return;
        }
        if self.is_follower() {
            // The leader tab holds the connection.
            if let Some(tabs) = self.0.tabs.borrow().as_ref() {
                tabs.post(&TabMessage::SyncNow);
            }
            return;
        }
        let socket = self.0.socket.borrow().clone();
        if let Some(s) = socket {
            s.connect_now();
        }
    }

    /// Whether stored documents have been loaded.
    pub fn is_loaded(&self) -> bool {
        self.0.loaded.get()
    }

    pub fn snapshot(&self) -> SyncSnapshot {
        let (summary, phase) = self.summary_and_phase();
        let changes = self.0.changes.borrow();
        SyncSnapshot {
            summary,
            phase,
            local_edits_pending: changes.local_edits_pending,
            pending_changes: changes.count,
            oldest_pending: changes.oldest,
            last_synced: changes.last_synced,
            storage_problem: self.0.storage_problem.borrow().as_ref().map(storage_problem_text),
        }
    }

    /// This tab's engine summary, or for a follower tab, the leader's connection and whether
    /// the leader has merged this tab's changes and the server confirmed them.
    fn summary_and_phase(&self) -> (SyncSummary, ConnectionPhase) {
        let own = self.0.engine.borrow().summary();
        if !self.is_follower() {
            return (own, self.0.phase.get());
        }
        let me = self.0.options.peer_id.to_string();
        let pending = self.0.changes.borrow().count;
        self.0.leadership.borrow().follower_view(&me, own, pending)
    }

    /// Makes sure a document is held here: requests it from the server if it is neither
    /// stored nor requested yet.
    pub fn open(&self, id: DocumentId) {
        if self.0.revoked.borrow().contains(&id) {
            return;
        }
        if !self.0.loaded.get() {
            self.0.deferred_opens.borrow_mut().push(id);
            if let Some(waiter) = self.0.opened_waiter.borrow_mut().take() {
                let _ = waiter.send(());
            }
            return;
        }
        let fx = self.0.engine.borrow_mut().request(id);
        self.enqueue(fx);
    }

    /// A new, empty document held here (it reaches the server with its first change).
    pub fn create(&self) -> DocumentId {
        self.0.engine.borrow_mut().create()
    }

    /// A new, empty document with a chosen id (e.g. minted for the signed-in account).
    pub fn create_as(&self, id: DocumentId) -> DocumentId {
        self.0.engine.borrow_mut().create_as(id)
    }

    /// Changes a document. Subscribers hear of it at once; saving it on this device and
    /// sending it to the server follow in the effect queue (a failed commit is shown and
    /// retried, the change stays in memory meanwhile).
    pub fn change<T>(
        &self,
        id: DocumentId,
        f: impl FnOnce(&mut Automerge) -> T,
    ) -> Result<T, UnknownDocument> {
        let start = super::probe::now();
        let (out, fx, changed) = self.make_change(id, f)?;
        super::probe::elapsed("change.engine", start);
        // Also schedules the flush after the frame, which tells the sync status (not on a
        // keystroke's path: it sums up every document).
        self.enqueue(fx);
        if changed {
            super::probe::timed("change.notify", || self.documents_changed(&[id]));
        }
        Ok(out)
    }

    /// As [`Repo::change`], for a keystroke in a text editor: the change is made at once, but
    /// subscribers hear of it, and it is saved and sent, after the next frame (with every
    /// other keystroke made by then: one sync message for them), so the browser draws the
    /// typed character before the page reads the document again. The editor that made the
    /// change already shows it; anything else may show it a frame later. A page being hidden
    /// flushes it at once, as it does every change held for saving.
    pub fn change_typing<T>(&self, id: DocumentId, f: impl FnOnce(&mut Automerge) -> T) -> Result<T, UnknownDocument> {
        let (out, fx, changed) = self.make_change(id, f)?;
        if changed {
            let mut typed = self.0.typed.borrow_mut();
            if !typed.contains(&id) {
                typed.push(id);
            }
        }
        self.0.typed_fx.borrow_mut().extend(fx);
        self.schedule_flush();
        Ok(out)
    }

    /// Runs `f` on document `id` in the engine: its result, the effects to carry out (without
    /// the "document changed" event, which the caller tells subscribers itself), and whether
    /// it changed the document (then counted as a change not yet saved).
    fn make_change<T>(&self, id: DocumentId, f: impl FnOnce(&mut Automerge) -> T) -> Result<(T, Effects, bool), UnknownDocument> {
        let (out, mut fx) = self.0.engine.borrow_mut().change(id, |doc| super::probe::timed("change.apply", || f(doc)))?;
        let before = fx.events.len();
        fx.events.retain(|e| *e != Event::DocumentChanged(id));
        let changed = fx.events.len() != before;
        if changed {
            let now = self.0.platform.now_ms();
            self.0.changes.borrow_mut().changed(now);
        }
        Ok((out, fx, changed))
    }

    /// Sends transient `data` about `document` (presence) to the server, which relays it to
    /// the document's other readers. Nothing is stored or queued for later: while offline it
    /// goes nowhere. A tab that does not hold the connection hands it to the tab that does.
    pub fn broadcast_ephemeral(&self, document: DocumentId, data: Vec<u8>) {
        if !self.0.options.network {
            return;
        }
        if self.is_follower() {
            if let Some(tabs) = self.0.tabs.borrow().as_ref() {
                tabs.post(&TabMessage::Ephemeral { document, data, outgoing: true });
            }
            return;
        }
        let sent = self.0.engine.borrow_mut().broadcast_ephemeral(document, data);
        match sent {
            Ok(fx) => self.enqueue(fx),
            Err(e) => leptos::logging::warn!("not sent: {e}"),
        }
    }

    /// Reads a document as `T`.
    pub fn read<T: Hydrate>(&self, id: DocumentId) -> DocView<T> {
        super::probe::read(id);
        if self.0.revoked.borrow().contains(&id) {
            return DocView::Unavailable;
        }
        if let Some(e) = self.0.damaged.borrow().get(&id) {
            return DocView::Damaged(e.clone());
        }
        let engine = self.0.engine.borrow();
        match engine.document(id) {
            None => DocView::NotOpen,
            Some(doc) if doc.get_heads().is_empty() => {
                if self.0.unavailable.borrow().contains(&id) {
                    DocView::Unavailable
                } else {
                    DocView::Loading
                }
            }
            Some(doc) => {
                let start = super::probe::now();
                let read = domain::model::read::<T>(doc);
                if start.is_some() {
                    let name = std::any::type_name::<T>().rsplit("::").next().unwrap_or("?");
                    super::probe::elapsed(&format!("read {name}"), start);
                }
                match read {
                    Ok(value) => DocView::Ready(value),
                    Err(e) => DocView::Damaged(e.to_string()),
                }
            }
        }
    }

    /// Whether document `id` is here with content and readable (as [`Repo::read`] would give
    /// `Ready` for a well-shaped document), without reading it.
    pub fn is_ready(&self, id: DocumentId) -> bool {
        if self.0.revoked.borrow().contains(&id) || self.0.damaged.borrow().contains_key(&id) {
            return false;
        }
        self.0.engine.borrow().document(id).is_some_and(|d| !d.get_heads().is_empty())
    }

    /// Runs `f` on a document's automerge value (tests and diagnostics).
    pub fn with_document<R>(&self, id: DocumentId, f: impl FnOnce(&Automerge) -> R) -> Option<R> {
        super::probe::read(id);
        self.0.engine.borrow().document(id).map(f)
    }

    /// The Automerge patches that took document `id` from heads `from` to its heads now, as
    /// the sync engine logged them applying others' changes (`None` when not all are known:
    /// diff or read it then), lent to `f`. A view of a large text takes just what changed from
    /// them.
    pub fn with_patches_since<R>(&self, id: DocumentId, from: &[automerge::ChangeHash], f: impl FnOnce(&mut dyn Iterator<Item = &automerge::Patch>) -> R) -> Option<R> {
        self.0.engine.borrow().with_patches_since(id, from, f)
    }

    /// The websocket reported `event` (a browser's transport, or a test's simulation).
    pub fn on_socket(&self, event: SocketEvent) {
        match event {
            SocketEvent::Connecting => self.0.phase.set(ConnectionPhase::Connecting),
            SocketEvent::Open => {
                let (conn, fx) = self.0.engine.borrow_mut().connect(Direction::Outgoing);
                self.0.conn.set(Some(conn));
                self.enqueue(fx);
            }
            SocketEvent::Message(frame) => {
                if let Some(conn) = self.0.conn.get() {
                    let mut fx = super::probe::timed("engine.receive", || self.0.engine.borrow_mut().receive(conn, &frame));
                    // What arrived is shown at once, as a local change is: subscribers do
                    // not wait for the commits queued before it (a new device fetching every
                    // document would otherwise show each only after all earlier ones were
                    // stored). Saving it and answering the server follow in the queue.
                    let mut arrived = Vec::new();
                    fx.events.retain(|e| match e {
                        Event::DocumentChanged(id) => {
                            if !arrived.contains(id) {
                                arrived.push(*id);
                            }
                            false
                        }
                        _ => true,
                    });
                    self.enqueue(fx);
                    if !arrived.is_empty() {
                        {
                            let mut unavailable = self.0.unavailable.borrow_mut();
                            arrived.iter().for_each(|id| {
                                unavailable.remove(id);
                            });
                        }
                        self.documents_changed(&arrived);
                    }
                }
            }
            SocketEvent::Closed | SocketEvent::Offline => {
                if let Some(conn) = self.0.conn.take() {
                    let fx = self.0.engine.borrow_mut().disconnect(conn);
                    self.enqueue(fx);
                } else if event == SocketEvent::Closed {
                    self.notify(&Notice::SessionInDoubt);
                }
                self.0.phase.set(if event == SocketEvent::Offline {
                    ConnectionPhase::Offline
                } else {
                    ConnectionPhase::Disconnected
                });
            }
        }
        self.publish_status();
    }

    // ---- internals ---------------------------------------------------------------------

    pub(super) fn storage(&self) -> Option<Rc<S>> {
        self.0.storage.borrow().clone()
    }

    /// Tells subscribers; a followed document that changed may list new documents.
    pub(super) fn documents_changed(&self, changed: &[DocumentId]) {
        let changed_follows: Vec<DocumentId> = {
            let followed = self.0.followed.borrow();
            changed.iter().filter(|id| followed.contains(id)).copied().collect()
        };
        // Only the followed documents that changed can list new documents: reading every
        // followed document on each change would hydrate them all on every keystroke.
        self.follow_listed_in(&changed_follows);
        self.notify(&Notice::DocumentsChanged(changed.to_vec()));
    }

    /// Requests every followed document, and every document the follow policy finds in
    /// them, that is not held here yet.
    fn follow_listed(&self) {
        let followed = self.0.followed.borrow().clone();
        self.follow_listed_in(&followed);
    }

    /// Requests these followed documents and what the follow policy finds in them.
    fn follow_listed_in(&self, followed: &[DocumentId]) {
        let policy = self.0.follow_policy.borrow().clone();
        for &id in followed {
            self.open(id);
            let Some(policy) = &policy else { continue };
            let held = !self.0.revoked.borrow().contains(&id) && !self.0.damaged.borrow().contains_key(&id);
            let listed = if held { self.0.engine.borrow().document(id).map(|d| policy(d)) } else { None };
            for other in listed.unwrap_or_default() {
                self.open(other);
            }
        }
    }

    /// Listens for what other tabs say: documents they saved (merged from storage), the
    /// leader's status, "sync now", sign-out.
    fn open_tab_bus(&self) {
        let weak = Rc::downgrade(&self.0);
        let name = format!("quorum-tabs-{}", self.0.options.database);
        let bus = self.0.platform.open_tabs(
            &name,
            Box::new(move |message| {
                let Some(inner) = weak.upgrade() else { return };
                Repo(inner).on_tab_message(message);
            }),
        );
        if let Some(b) = &bus {
            b.post(&TabMessage::Hello);
        }
        *self.0.tabs.borrow_mut() = bus;
    }

    fn on_tab_message(&self, message: TabMessage) {
        match message {
            TabMessage::Saved { ids, from, seq } => {
                let repo = self.clone();
                self.0.platform.spawn(Box::pin(async move {
                    repo.merge_from_other_tab(ids).await;
                    repo.0.leadership.borrow_mut().merged_from(from, seq);
                    repo.publish_status();
                }));
            }
            TabMessage::Status(status) => {
                if self.0.leadership.borrow_mut().leader_said(status) {
                    self.publish_status();
                }
            }
            TabMessage::SyncNow => {
                if self.0.leadership.borrow().is_leader() {
                    self.sync_now();
                }
            }
            TabMessage::Hello => {
                if self.0.leadership.borrow_mut().hello() {
                    self.publish_status();
                }
            }
            TabMessage::SignedOut => {
                self.0.wants_network.set(false);
                self.shutdown();
                self.notify(&Notice::SignedOutElsewhere);
            }
            TabMessage::Ephemeral { document, data, outgoing: true } => {
                if self.0.leadership.borrow().is_leader() {
                    self.broadcast_ephemeral(document, data);
                }
            }
            TabMessage::Ephemeral { document, data, outgoing: false } => {
                if self.is_follower() {
                    self.notify(&Notice::Ephemeral { document, data });
                }
            }
        }
    }

    /// Whether another tab holds the server connection for this one.
    fn is_follower(&self) -> bool {
        self.0.options.network && !self.0.leadership.borrow().is_leader()
    }

    fn start_socket(&self) {
        if self.0.socket.borrow().is_some() || !self.0.wants_network.get() {
            return;
        }
        let weak = Rc::downgrade(&self.0);
        let socket = self.0.platform.open_socket(Box::new(move |event| {
            if let Some(inner) = weak.upgrade() {
                Repo(inner).on_socket(event);
            }
        }));
        let Some(socket) = socket else { return };
        *self.0.socket.borrow_mut() = Some(socket.clone());
        socket.start();
    }

    /// Publishes the sync status if it changed. While everything is on the server, the
    /// time of the last sync moves on and pending local edits are cleared.
    pub(super) fn publish_status(&self) {
        let (summary, _) = self.summary_and_phase();
        if summary.all_on_server() {
            let leader_time = if self.is_follower() { self.0.leadership.borrow().leader_last_synced() } else { None };
            let at = leader_time.unwrap_or_else(|| self.0.platform.now_ms());
            self.0.changes.borrow_mut().all_on_server(at);
        }
        self.post_leader_status();
        let snapshot = self.snapshot();
        let unchanged = self.0.published.borrow().as_ref() == Some(&snapshot);
        if !unchanged {
            *self.0.published.borrow_mut() = Some(snapshot.clone());
            self.notify(&Notice::Status(snapshot));
        }
    }

    /// The leader's view for the other tabs.
    fn post_leader_status(&self) {
        let summary = self.0.engine.borrow().summary();
        let connecting = self.0.phase.get() == ConnectionPhase::Connecting;
        let last_synced = self.0.changes.borrow().last_synced;
        let status = self.0.leadership.borrow_mut().status_to_post(&summary, connecting, last_synced);
        if let (Some(status), Some(tabs)) = (status, self.0.tabs.borrow().as_ref()) {
            tabs.post(&TabMessage::Status(status));
        }
    }

    pub(super) fn notify(&self, notice: &Notice) {
        if let Notice::DocumentsChanged(ids) = notice {
            ids.iter().copied().for_each(super::probe::changed);
        }
        let listeners: Vec<Listener> = self.0.listeners.borrow().clone();
        for listener in listeners {
            listener(notice);
        }
    }
}
