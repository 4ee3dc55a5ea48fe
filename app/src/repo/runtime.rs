//! The document/sync runtime: the only code that drives the sans-IO [`Engine`].
//!
//! A [`Repo`] owns the engine (in a `RefCell`, never borrowed across an `await`) and one
//! ordered queue of [`Effects`], carried out by a single task, one batch after another:
//! 1. commit the batch's store ops to IndexedDB in one transaction, then report the result
//!    ([`Engine::storage_committed`] / [`Engine::storage_failed`]); after a failure the
//!    changes stay in memory and [`Engine::retry_storage`] runs later, with backoff;
//! 2. send its frames on the websocket (also after a failed commit: for a client the server
//!    holding a change is more, not less, safety);
//! 3. tell subscribers which documents changed and what the sync status is.
//!
//! Start-up ([`Repo::start`]) loads every document from IndexedDB *before* touching the
//! network. The account layer ([`crate::auth`]) then says which documents to follow
//! ([`Repo::follow`]: the partnerships of `Me`, their groups, the documents shared with the
//! account) and when to connect ([`Repo::connect`], once the session is known to be good) or
//! stop ([`Repo::disconnect`], signed out). [`Repo::forget`] deletes local copies the account
//! may no longer read; [`Repo::wipe`] deletes this device's database (sign-out).

use std::{
    cell::{Cell, RefCell},
    collections::{BTreeMap, HashMap, HashSet},
    rc::{Rc, Weak},
};

use automerge::Automerge;
use autosurgeon::Hydrate;
use domain::{
    model::PartnershipDoc,
    storage::{layout, Storage, StorageError, StorageKey, StoreOp},
    sync::{Direction, Effects, Engine, EngineConfig, Event, Role, SyncSummary, UnknownDocument},
    ConnectionId, DocumentId, PeerId,
};
use futures::{
    channel::{mpsc, oneshot},
    StreamExt,
};
use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;

use super::{
    indexeddb::{self, IndexedDbStorage},
    tabs::{self, LeaderStatus, TabChannel, TabMessage},
    settings,
    status::{ConnectionPhase, SyncSnapshot},
    websocket::{self, SocketEvent, Transport},
};

/// How a [`Repo`] is set up.
#[derive(Debug, Clone)]
pub struct RepoOptions {
    /// The IndexedDB database.
    pub database: String,
    pub peer_id: PeerId,
    /// Compact a document into one snapshot after this many incremental chunks.
    pub compact_after: usize,
    /// Sync with the page's server (off in storage-only tests).
    pub network: bool,
}

impl RepoOptions {
    /// The app's settings: database `quorum`, this tab's peer id, syncing with the server.
    pub fn browser() -> Self {
        Self {
            database: indexeddb::DATABASE.to_owned(),
            peer_id: settings::tab_peer_id(),
            compact_after: 32,
            network: true,
        }
    }
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
    DocumentsChanged(Vec<DocumentId>),
    Status(SyncSnapshot),
    /// Is the session still good? A websocket closed without ever opening (the server may be
    /// down, or the session may have ended: the upgrade's 401 is invisible to a browser), or
    /// "Sync now" was pressed while not allowed to connect (signed out).
    SessionInDoubt,
    /// Another tab of this browser signed out: this one drops its state.
    SignedOutElsewhere,
}

/// The browser's document repository: engine + IndexedDB + websocket. Cheap to clone.
#[derive(Clone)]
pub struct Repo(Rc<Inner>);

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("engine", &self.0.engine.borrow())
            .finish_non_exhaustive()
    }
}

type Listener = Rc<dyn Fn(&Notice)>;

struct Inner {
    options: RepoOptions,
    engine: RefCell<Engine>,
    storage: RefCell<Option<Rc<IndexedDbStorage>>>,
    queue: mpsc::UnboundedSender<Effects>,
    queue_rx: RefCell<Option<mpsc::UnboundedReceiver<Effects>>>,
    pending: Cell<usize>,
    idle_waiters: RefCell<Vec<oneshot::Sender<()>>>,
    loaded: Cell<bool>,
    deferred_opens: RefCell<Vec<DocumentId>>,
    transport: RefCell<Option<Transport>>,
    conn: Cell<Option<ConnectionId>>,
    phase: Cell<ConnectionPhase>,
    /// The documents the account layer asked for (partnerships and shared documents).
    followed: RefCell<Vec<DocumentId>>,
    /// Local copies deleted because the account may no longer read them.
    revoked: RefCell<HashSet<DocumentId>>,
    /// The session is good: the leader tab may hold a connection.
    wants_network: Cell<bool>,
    lock_requested: Cell<bool>,
    unavailable: RefCell<HashSet<DocumentId>>,
    damaged: RefCell<HashMap<DocumentId, String>>,
    local_edits_pending: Cell<bool>,
    /// Changes made here since the server last confirmed holding everything, and when the
    /// oldest of them was made (ms since the epoch).
    pending_changes: Cell<usize>,
    oldest_pending: Cell<Option<f64>>,
    last_synced: Cell<Option<f64>>,
    storage_problem: RefCell<Option<StorageError>>,
    storage_retry_attempt: Cell<u32>,
    storage_retry: RefCell<Option<Timeout>>,
    published: RefCell<Option<SyncSnapshot>>,
    /// Other tabs of this browser on the same database (see [`super::tabs`]).
    tabs: RefCell<Option<TabChannel>>,
    /// This tab holds the server connection for every tab of the browser.
    leader: Cell<bool>,
    /// Follower: the leader's last status. Leader: per follower, the last announcement merged.
    leader_status: RefCell<Option<LeaderStatus>>,
    merged: RefCell<HashMap<String, f64>>,
    /// This tab's last announcement number, and the one that carried its latest own change.
    tab_seq: Cell<f64>,
    needed_seq: Cell<f64>,
    last_leader_post: RefCell<Option<LeaderStatus>>,
    listeners: RefCell<Vec<Listener>>,
}

/// Groups stored entries by the document their chunk key belongs to (other keys ignored).
pub fn chunks_by_document(
    entries: Vec<(StorageKey, Vec<u8>)>,
) -> BTreeMap<DocumentId, Vec<(StorageKey, Vec<u8>)>> {
    let mut docs: BTreeMap<DocumentId, Vec<(StorageKey, Vec<u8>)>> = BTreeMap::new();
    for (key, bytes) in entries {
        if let Some(id) = layout::document_of(&key) {
            docs.entry(id).or_default().push((key, bytes));
        }
    }
    docs
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Repo {
    pub fn new(options: RepoOptions) -> Self {
        let mut config = EngineConfig::new(options.peer_id.clone(), Role::Client);
        config.compact_after = options.compact_after;
        let (queue, queue_rx) = mpsc::unbounded();
        let phase = match (
            options.network,
            web_sys::window().map(|w| w.navigator().on_line()),
        ) {
            (false, _) => ConnectionPhase::Disconnected,
            (true, Some(false)) => ConnectionPhase::Offline,
            (true, _) => ConnectionPhase::Connecting,
        };
        Self(Rc::new(Inner {
            options,
            engine: RefCell::new(Engine::new(config)),
            storage: RefCell::new(None),
            queue,
            queue_rx: RefCell::new(Some(queue_rx)),
            pending: Cell::new(0),
            idle_waiters: RefCell::new(Vec::new()),
            loaded: Cell::new(false),
            deferred_opens: RefCell::new(Vec::new()),
            transport: RefCell::new(None),
            conn: Cell::new(None),
            phase: Cell::new(phase),
            followed: RefCell::new(Vec::new()),
            revoked: RefCell::new(HashSet::new()),
            wants_network: Cell::new(false),
            lock_requested: Cell::new(false),
            unavailable: RefCell::new(HashSet::new()),
            damaged: RefCell::new(HashMap::new()),
            local_edits_pending: Cell::new(false),
            pending_changes: Cell::new(0),
            oldest_pending: Cell::new(None),
            last_synced: Cell::new(None),
            storage_problem: RefCell::new(None),
            storage_retry_attempt: Cell::new(0),
            storage_retry: RefCell::new(None),
            published: RefCell::new(None),
            tabs: RefCell::new(None),
            leader: Cell::new(false),
            leader_status: RefCell::new(None),
            merged: RefCell::new(HashMap::new()),
            tab_seq: Cell::new(0.0),
            needed_seq: Cell::new(0.0),
            last_leader_post: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
        }))
    }

    /// Opens IndexedDB and loads every stored document and starts the effect queue. Returns
    /// once the documents are loaded. The network waits for [`Repo::connect`]. Calling it
    /// twice does nothing.
    pub async fn start(&self) {
        let Some(rx) = self.0.queue_rx.borrow_mut().take() else {
            return;
        };
        match IndexedDbStorage::open(&self.0.options.database).await {
            Ok(storage) => *self.0.storage.borrow_mut() = Some(Rc::new(storage)),
            Err(e) => {
                leptos::logging::error!("IndexedDB is not available: {e}");
                *self.0.storage_problem.borrow_mut() = Some(e);
            }
        }
        self.load_documents().await;
        self.0.loaded.set(true);
        self.notify(&Notice::DocumentsChanged(Vec::new()));
        spawn_local(run_queue(Rc::downgrade(&self.0), rx));
        self.open_tab_channel();
        let deferred = std::mem::take(&mut *self.0.deferred_opens.borrow_mut());
        for id in deferred {
            self.open(id);
        }
        self.follow_index();
        self.publish_status();
    }

    /// Follows these documents (and, for partnerships, their groups): requests those not
    /// held here. Replaces the previous list.
    pub fn follow(&self, ids: Vec<DocumentId>) {
        if *self.0.followed.borrow() == ids {
            return;
        }
        *self.0.followed.borrow_mut() = ids;
        if self.0.loaded.get() {
            self.follow_index();
        }
    }

    /// The session is good: this browser may connect (the tab holding the lock does).
    pub fn connect(&self) {
        if !self.0.options.network || self.0.wants_network.replace(true) {
            return;
        }
        if self.0.leader.get() {
            self.start_transport();
        } else if !self.0.lock_requested.replace(true) {
            // Only the tab holding the lock connects; the others share its connection.
            let weak = Rc::downgrade(&self.0);
            let lock = format!("quorum-sync-{}", self.0.options.database);
            tabs::when_leader(&lock, move || {
                if let Some(inner) = weak.upgrade() {
                    let repo = Repo(inner);
                    repo.0.leader.set(true);
                    repo.0.leader_status.borrow_mut().take();
                    if repo.0.wants_network.get() {
                        repo.start_transport();
                    }
                    repo.publish_status();
                }
            });
        }
    }

    /// Signed out: closes the connection and does not reconnect until [`Repo::connect`].
    pub fn disconnect(&self) {
        self.0.wants_network.set(false);
        if let Some(t) = self.0.transport.borrow_mut().take() {
            t.stop();
        }
        if let Some(conn) = self.0.conn.take() {
            let fx = self.0.engine.borrow_mut().disconnect(conn);
            self.enqueue(fx);
        }
        self.0.phase.set(ConnectionPhase::Disconnected);
        self.publish_status();
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
    /// leave IndexedDB and the pages show them as unavailable.
    pub async fn forget(&self, ids: &[DocumentId]) {
        if ids.is_empty() {
            return;
        }
        self.0.revoked.borrow_mut().extend(ids.iter().copied());
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

    /// Sign-out on this device: tells the other tabs, stops syncing and deletes the database.
    pub async fn wipe(&self) -> Result<(), StorageError> {
        if let Some(tabs) = self.0.tabs.borrow().as_ref() {
            tabs.post(&TabMessage::SignedOut);
        }
        self.0.wants_network.set(false);
        self.shutdown();
        IndexedDbStorage::delete(&self.0.options.database).await
    }

    /// Stops syncing and closes the database (tests simulate a reload with it).
    pub fn shutdown(&self) {
        if let Some(t) = self.0.transport.borrow_mut().take() {
            t.stop();
        }
        self.0.storage_retry.borrow_mut().take();
        self.0.tabs.borrow_mut().take();
        if let Some(s) = self.0.storage.borrow_mut().take() {
            s.close();
        }
    }

    /// Calls `f` with every notice from now on.
    pub fn subscribe(&self, f: impl Fn(&Notice) + 'static) {
        self.0.listeners.borrow_mut().push(Rc::new(f));
    }

    /// Resolves once every queued effect has been carried out.
    pub async fn settled(&self) {
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
        let transport = self.0.transport.borrow().clone();
        if let Some(t) = transport {
            t.connect_now();
        }
    }

    /// Whether stored documents have been loaded.
    pub fn is_loaded(&self) -> bool {
        self.0.loaded.get()
    }

    pub fn snapshot(&self) -> SyncSnapshot {
        let (summary, phase) = self.summary_and_phase();
        SyncSnapshot {
            summary,
            phase,
            local_edits_pending: self.0.local_edits_pending.get(),
            pending_changes: self.0.pending_changes.get(),
            oldest_pending: self.0.oldest_pending.get(),
            last_synced: self.0.last_synced.get(),
            storage_problem: self.0.storage_problem.borrow().as_ref().map(|e| match e {
                StorageError::QuotaExceeded(_) => "This device's storage is full".to_owned(),
                StorageError::Backend(_) => "Changes could not be saved on this device".to_owned(),
            }),
        }
    }

    /// This tab's engine summary, or for a follower tab, the leader's connection and whether
    /// the leader has merged this tab's changes and the server confirmed them.
    fn summary_and_phase(&self) -> (SyncSummary, ConnectionPhase) {
        let own = self.0.engine.borrow().summary();
        if !self.is_follower() {
            return (own, self.0.phase.get());
        }
        let leader = self.0.leader_status.borrow();
        let Some(ls) = leader.as_ref() else {
            let summary = SyncSummary { connected: false, ..own };
            return (summary, ConnectionPhase::Connecting);
        };
        let me = self.0.options.peer_id.to_string();
        let merged = ls.merged.get(&me).copied().unwrap_or(0.0);
        let confirmed = ls.all_on_server && merged >= self.0.needed_seq.get();
        let mine_pending = self.0.pending_changes.get() > 0 || own.unsaved_on_device > 0;
        let summary = SyncSummary {
            documents: own.documents,
            unsaved_on_device: own.unsaved_on_device,
            not_on_server: usize::from((!confirmed && mine_pending) || !ls.all_on_server),
            connected: ls.connected,
        };
        let phase = if ls.connected {
            ConnectionPhase::Connected
        } else if ls.connecting {
            ConnectionPhase::Connecting
        } else {
            ConnectionPhase::Disconnected
        };
        (summary, phase)
    }

    /// Makes sure a document is held here: requests it from the server if it is neither
    /// stored nor requested yet.
    pub fn open(&self, id: DocumentId) {
        if self.0.revoked.borrow().contains(&id) {
            return;
        }
        if !self.0.loaded.get() {
            self.0.deferred_opens.borrow_mut().push(id);
            return;
        }
        let fx = self.0.engine.borrow_mut().request(id);
        self.enqueue(fx);
    }

    /// A new, empty document held here (it reaches the server with its first change).
    pub fn create(&self) -> DocumentId {
        self.0.engine.borrow_mut().create()
    }

    /// Changes a document; the change is saved on this device and synced.
    pub fn change<T>(
        &self,
        id: DocumentId,
        f: impl FnOnce(&mut Automerge) -> T,
    ) -> Result<T, UnknownDocument> {
        let (out, mut fx) = self.0.engine.borrow_mut().change(id, f)?;
        if !fx.store.is_empty() {
            self.0.local_edits_pending.set(true);
            self.0.pending_changes.set(self.0.pending_changes.get() + 1);
            if self.0.oldest_pending.get().is_none() {
                self.0.oldest_pending.set(Some(now_ms()));
            }
        }
        // The page shows a local change at once; saving it on this device and sending it
        // to the server follow in the effect queue (a failed commit is shown and retried,
        // the change stays in memory meanwhile).
        let before = fx.events.len();
        fx.events.retain(|e| *e != Event::DocumentChanged(id));
        let changed = fx.events.len() != before;
        self.enqueue(fx);
        if changed {
            self.after_documents_changed(&[id]);
        }
        self.publish_status();
        Ok(out)
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
            Some(doc) => match domain::model::read::<T>(doc) {
                Ok(value) => DocView::Ready(value),
                Err(e) => DocView::Damaged(e.to_string()),
            },
        }
    }

    /// Runs `f` on a document's automerge value (tests and diagnostics).
    pub fn with_document<R>(&self, id: DocumentId, f: impl FnOnce(&Automerge) -> R) -> Option<R> {
        super::probe::read(id);
        self.0.engine.borrow().document(id).map(f)
    }

    // ---- internals ---------------------------------------------------------------------

    /// Listens for documents other tabs saved, and merges them from IndexedDB.
    fn open_tab_channel(&self) {
        let weak = Rc::downgrade(&self.0);
        let name = format!("quorum-tabs-{}", self.0.options.database);
        let channel = TabChannel::open(&name, move |message| {
            let Some(inner) = weak.upgrade() else { return };
            let repo = Repo(inner);
            match message {
                TabMessage::Saved { ids, from, seq } => spawn_local(async move {
                    repo.merge_from_other_tab(ids).await;
                    if repo.0.leader.get() {
                        let mut merged = repo.0.merged.borrow_mut();
                        let e = merged.entry(from).or_insert(0.0);
                        *e = e.max(seq);
                    }
                    repo.publish_status();
                }),
                TabMessage::Status(status) => {
                    if !repo.0.leader.get() {
                        *repo.0.leader_status.borrow_mut() = Some(status);
                        repo.publish_status();
                    }
                }
                TabMessage::SyncNow => {
                    if repo.0.leader.get() {
                        repo.sync_now();
                    }
                }
                TabMessage::Hello => {
                    if repo.0.leader.get() {
                        repo.0.last_leader_post.borrow_mut().take();
                        repo.publish_status();
                    }
                }
                TabMessage::SignedOut => {
                    repo.0.wants_network.set(false);
                    repo.shutdown();
                    repo.notify(&Notice::SignedOutElsewhere);
                }
            }
        });
        if let Some(c) = &channel {
            c.post(&TabMessage::Hello);
        }
        *self.0.tabs.borrow_mut() = channel;
    }

    /// Whether another tab holds the server connection for this one.
    fn is_follower(&self) -> bool {
        self.0.options.network && !self.0.leader.get()
    }

    /// The leader's view for the other tabs.
    fn post_leader_status(&self) {
        if !self.0.leader.get() {
            return;
        }
        let summary = self.0.engine.borrow().summary();
        let status = LeaderStatus {
            connected: summary.connected,
            connecting: self.0.phase.get() == ConnectionPhase::Connecting,
            all_on_server: summary.all_on_server(),
            last_synced: self.0.last_synced.get(),
            merged: self.0.merged.borrow().clone(),
        };
        if self.0.last_leader_post.borrow().as_ref() == Some(&status) {
            return;
        }
        if let Some(tabs) = self.0.tabs.borrow().as_ref() {
            tabs.post(&TabMessage::Status(status.clone()));
        }
        *self.0.last_leader_post.borrow_mut() = Some(status);
    }

    async fn merge_from_other_tab(&self, ids: Vec<DocumentId>) {
        let Some(storage) = self.storage() else {
            return;
        };
        for id in ids {
            match storage.load_range(&layout::document_prefix(id)).await {
                Ok(chunks) if !chunks.is_empty() => {
                    let fx = self.0.engine.borrow_mut().document_loaded(id, chunks);
                    self.enqueue(fx);
                }
                Ok(_) => {}
                Err(e) => leptos::logging::warn!("could not read {id} saved by another tab: {e}"),
            }
        }
    }

    fn storage(&self) -> Option<Rc<IndexedDbStorage>> {
        self.0.storage.borrow().clone()
    }

    fn enqueue(&self, fx: Effects) {
        if fx.is_empty() && fx.saved.is_empty() {
            return;
        }
        self.0.pending.set(self.0.pending.get() + 1);
        if self.0.queue.unbounded_send(fx).is_err() {
            self.0.pending.set(self.0.pending.get() - 1);
        }
    }

    async fn load_documents(&self) {
        let Some(storage) = self.storage() else {
            return;
        };
        match storage.load_all().await {
            Ok(entries) => {
                for (id, chunks) in chunks_by_document(entries) {
                    let fx = self.0.engine.borrow_mut().document_loaded(id, chunks);
                    self.enqueue(fx);
                }
            }
            Err(e) => {
                leptos::logging::error!("could not load documents from IndexedDB: {e}");
                *self.0.storage_problem.borrow_mut() = Some(e);
            }
        }
    }

    async fn commit(&self, ops: Vec<domain::storage::StoreOp>) -> Result<(), StorageError> {
        match self.storage() {
            Some(storage) => storage.commit(ops).await,
            None => Err(StorageError::Backend(
                "IndexedDB is not available in this browser".into(),
            )),
        }
    }

    /// Carries out one batch of effects, in the order the engine requires.
    async fn carry_out(&self, mut fx: Effects) {
        if !fx.store.is_empty() {
            let ops = std::mem::take(&mut fx.store);
            let saved = std::mem::take(&mut fx.saved);
            match self.commit(ops).await {
                Ok(()) => {
                    self.0.engine.borrow_mut().storage_committed(&saved);
                    if let Some(tabs) = self.0.tabs.borrow().as_ref() {
                        let docs: HashSet<DocumentId> = saved.iter().map(|s| s.document).collect();
                        if !docs.is_empty() {
                            let seq = self.0.tab_seq.get() + 1.0;
                            self.0.tab_seq.set(seq);
                            if self.0.pending_changes.get() > 0 {
                                self.0.needed_seq.set(seq);
                            }
                            tabs.post(&TabMessage::Saved {
                                ids: docs.into_iter().collect(),
                                from: self.0.options.peer_id.to_string(),
                                seq,
                            });
                        }
                    }
                    // After the first save, ask the browser not to evict this site's data.
                    crate::pwa::request_persist_once();
                    if self.0.storage_problem.borrow_mut().take().is_some() {
                        self.0.storage_retry_attempt.set(0);
                    }
                }
                Err(e) => {
                    leptos::logging::warn!("saving on this device failed: {e}");
                    let more = self.0.engine.borrow_mut().storage_failed(&saved);
                    fx.extend(more);
                    *self.0.storage_problem.borrow_mut() = Some(e);
                    self.schedule_storage_retry();
                }
            }
        }

        let current = self.0.conn.get();
        let transport = self.0.transport.borrow().clone();
        for (conn, frame) in &fx.send {
            if Some(*conn) == current {
                if let Some(t) = &transport {
                    t.send(frame);
                }
            }
        }
        for conn in &fx.close {
            if Some(*conn) == current {
                self.0.conn.set(None);
                if let Some(t) = &transport {
                    t.reconnect_later();
                }
            }
        }
        for id in std::mem::take(&mut fx.load) {
            // Only a server engine asks for loads; answered for completeness.
            let chunks = match self.storage() {
                Some(s) => s
                    .load_range(&layout::document_prefix(id))
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let more = self.0.engine.borrow_mut().document_loaded(id, chunks);
            self.enqueue(more);
        }

        let mut changed = Vec::new();
        for event in fx.events {
            match event {
                Event::DocumentChanged(id) => {
                    self.0.unavailable.borrow_mut().remove(&id);
                    changed.push(id);
                }
                Event::DocumentUnavailable(id) => {
                    self.0.unavailable.borrow_mut().insert(id);
                    changed.push(id);
                }
                Event::DocumentDamaged { document, error } => {
                    self.0.damaged.borrow_mut().insert(document, error);
                    changed.push(document);
                }
                Event::PeerConnected { .. } => {
                    self.0.phase.set(ConnectionPhase::Connected);
                }
                Event::PeerDisconnected {
                    error: Some(error), ..
                } => {
                    leptos::logging::warn!("the server ended the connection: {error}");
                }
                Event::PeerDisconnected { error: None, .. }
                | Event::Ephemeral { .. }
                | Event::ChangesReceived { .. }
                | Event::StorageFailed { .. } => {}
            }
        }
        if !changed.is_empty() {
            self.after_documents_changed(&changed);
        }
    }

    /// Tells subscribers; a followed partnership that changed may list new groups.
    fn after_documents_changed(&self, changed: &[DocumentId]) {
        let follows_changed = {
            let followed = self.0.followed.borrow();
            changed.iter().any(|id| followed.contains(id))
        };
        if follows_changed {
            self.follow_index();
        }
        self.notify(&Notice::DocumentsChanged(changed.to_vec()));
    }

    fn schedule_storage_retry(&self) {
        if self.0.storage_retry.borrow().is_some() {
            return;
        }
        let attempt = self.0.storage_retry_attempt.get();
        self.0.storage_retry_attempt.set(attempt.saturating_add(1));
        let delay = 1000u32.saturating_mul(1 << attempt.min(6)); // 1 s … 64 s
        let weak = Rc::downgrade(&self.0);
        let timer = Timeout::new(delay, move || {
            let Some(inner) = weak.upgrade() else { return };
            let repo = Repo(inner);
            repo.0.storage_retry.borrow_mut().take();
            let fx = repo.0.engine.borrow_mut().retry_storage();
            repo.enqueue(fx);
        });
        *self.0.storage_retry.borrow_mut() = Some(timer);
    }

    /// Requests every followed document, and every group document the followed
    /// partnerships list, that is not held here yet.
    fn follow_index(&self) {
        let followed = self.0.followed.borrow().clone();
        for id in followed {
            self.open(id);
            if let DocView::Ready(partnership) = self.read::<PartnershipDoc>(id) {
                for group in partnership.groups() {
                    self.open(group);
                }
            }
        }
    }

    fn start_transport(&self) {
        if self.0.transport.borrow().is_some() || !self.0.wants_network.get() {
            return;
        }
        let Some(url) = websocket::sync_url() else {
            return;
        };
        let weak = Rc::downgrade(&self.0);
        let transport = Transport::new(url, move |event| {
            if let Some(inner) = weak.upgrade() {
                Repo(inner).on_socket(event);
            }
        });
        *self.0.transport.borrow_mut() = Some(transport.clone());
        transport.start();
    }

    fn on_socket(&self, event: SocketEvent) {
        match event {
            SocketEvent::Connecting => self.0.phase.set(ConnectionPhase::Connecting),
            SocketEvent::Open => {
                let (conn, fx) = self.0.engine.borrow_mut().connect(Direction::Outgoing);
                self.0.conn.set(Some(conn));
                self.enqueue(fx);
            }
            SocketEvent::Message(frame) => {
                if let Some(conn) = self.0.conn.get() {
                    let fx = self.0.engine.borrow_mut().receive(conn, &frame);
                    self.enqueue(fx);
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

    /// Publishes the sync status if it changed. While everything is on the server, the
    /// time of the last sync moves on and pending local edits are cleared.
    fn publish_status(&self) {
        let (summary, _) = self.summary_and_phase();
        if summary.all_on_server() {
            self.0.local_edits_pending.set(false);
            self.0.pending_changes.set(0);
            self.0.oldest_pending.set(None);
            let leader_time = if self.is_follower() {
                self.0.leader_status.borrow().as_ref().and_then(|l| l.last_synced)
            } else {
                None
            };
            self.0.last_synced.set(Some(leader_time.unwrap_or_else(now_ms)));
        }
        self.post_leader_status();
        let snapshot = self.snapshot();
        let unchanged = self.0.published.borrow().as_ref() == Some(&snapshot);
        if !unchanged {
            *self.0.published.borrow_mut() = Some(snapshot.clone());
            self.notify(&Notice::Status(snapshot));
        }
    }

    fn notify(&self, notice: &Notice) {
        if let Notice::DocumentsChanged(ids) = notice {
            ids.iter().copied().for_each(super::probe::changed);
        }
        let listeners: Vec<Listener> = self.0.listeners.borrow().clone();
        for listener in listeners {
            listener(notice);
        }
    }

    fn batch_done(&self) {
        let left = self.0.pending.get().saturating_sub(1);
        self.0.pending.set(left);
        self.publish_status();
        if left == 0 {
            for waiter in self.0.idle_waiters.borrow_mut().drain(..) {
                let _ = waiter.send(());
            }
        }
    }
}

/// The single task that carries out effects in order. It holds the repo weakly, so it ends
/// when the repo is dropped (its sender goes with it).
async fn run_queue(repo: Weak<Inner>, mut rx: mpsc::UnboundedReceiver<Effects>) {
    while let Some(fx) = rx.next().await {
        let Some(inner) = repo.upgrade() else { break };
        let repo = Repo(inner);
        repo.carry_out(fx).await;
        repo.batch_done();
    }
}
