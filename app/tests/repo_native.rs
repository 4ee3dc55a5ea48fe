//! The repo natively (`cargo test -p quorum-app --test repo_native`): `Repo<MemoryStorage>`
//! on a simulated platform — a real server [`Engine`] with its own `MemoryStorage` behind a
//! simulated socket, a tab bus, a lock, timers fired by the test — in the style of
//! `domain/tests/support` (everything delivered in order, driven by the test).
//!
//! - a change is shown before it is saved, then saved here and on the server, and survives a
//!   reload;
//! - a failing commit is retried and nothing is lost;
//! - two tabs share one connection, and leadership passes when the leader goes;
//! - the follow policy the app passes in opens what a followed document lists, and a change
//!   to one followed document reads that document alone;
//! - a document arriving from the server is shown before it is stored here;
//! - changes queued while a commit is under way are committed together, in one transaction;
//! - a page left while a save is in flight stores every save still queued, and what was
//!   typed, at once;
//! - presence (ephemeral) from a tab without the connection goes out through the leader, and
//!   what another device says reaches every tab.

#![cfg(not(target_arch = "wasm32"))]

use std::{
    any::Any,
    cell::{Cell, RefCell},
    collections::VecDeque,
    rc::Rc,
};

use automerge::{transaction::Transactable, Automerge, ReadDoc, ROOT};
use domain::{
    storage::{layout, MemoryStorage, Storage, StorageError, StorageKey, StoreOp},
    sync::{Direction, Effects, Engine, EngineConfig, Role},
    ConnectionId, DocumentId, PeerId,
};
use futures::{
    executor::{LocalPool, LocalSpawner},
    task::LocalSpawnExt,
};
use quorum_app::repo::{
    api::Repo,
    leadership::TabMessage,
    platform::{LocalStore, Platform, Socket, SocketEvent, TabBus, Task},
    Notice, RepoOptions, SyncState,
};

type TestRepo = Repo<MemoryStorage>;

/// Something to deliver on the next step of the simulation.
enum Delivery {
    ToServer(usize, Vec<u8>),
    ToTab(usize, SocketEvent),
    Tab(usize, TabMessage),
    Call(Box<dyn FnOnce()>),
}

struct Server {
    engine: Engine,
    storage: MemoryStorage,
    /// (tab, the server's end of its connection)
    conns: Vec<(usize, ConnectionId)>,
}

/// Shared by every tab: the executor, the wire, the lock, the tab bus, the timers.
struct World {
    pool: RefCell<LocalPool>,
    spawner: LocalSpawner,
    mail: RefCell<VecDeque<Delivery>>,
    timers: RefCell<Vec<(Rc<Cell<bool>>, Option<Box<dyn FnOnce()>>)>>,
    lock_holder: Cell<Option<usize>>,
    lock_waiting: RefCell<VecDeque<(usize, Box<dyn FnOnce()>)>>,
    buses: RefCell<Vec<(usize, Rc<dyn Fn(TabMessage)>, Rc<Cell<bool>>)>>,
    sockets: RefCell<Vec<(usize, Rc<dyn Fn(SocketEvent)>, Rc<Cell<bool>>)>>,
    server: RefCell<Server>,
    clock: Cell<f64>,
}

impl World {
    fn new() -> Rc<Self> {
        let pool = LocalPool::new();
        let spawner = pool.spawner();
        let mut config = EngineConfig::new("server".parse().unwrap(), Role::Server);
        config.storage_id = Some("server-storage".to_owned());
        Rc::new(Self {
            pool: RefCell::new(pool),
            spawner,
            mail: RefCell::new(VecDeque::new()),
            timers: RefCell::new(Vec::new()),
            lock_holder: Cell::new(None),
            lock_waiting: RefCell::new(VecDeque::new()),
            buses: RefCell::new(Vec::new()),
            sockets: RefCell::new(Vec::new()),
            server: RefCell::new(Server { engine: Engine::new(config), storage: MemoryStorage::new(), conns: Vec::new() }),
            clock: Cell::new(1_700_000_000_000.0),
        })
    }

    fn platform(self: &Rc<Self>, tab: usize) -> Rc<dyn Platform> {
        Rc::new(TestPlatform { world: self.clone(), tab })
    }

    fn post(&self, d: Delivery) {
        self.mail.borrow_mut().push_back(d);
    }

    /// Runs tasks and delivers everything until the world is quiet.
    fn run(&self) {
        for _ in 0..100_000 {
            self.pool.borrow_mut().run_until_stalled();
            let next = self.mail.borrow_mut().pop_front();
            match next {
                None => return,
                Some(d) => self.deliver(d),
            }
        }
        panic!("the simulation did not go quiet");
    }

    fn deliver(&self, d: Delivery) {
        match d {
            Delivery::Call(f) => f(),
            Delivery::ToTab(tab, event) => {
                let handler = self.sockets.borrow().iter().find(|(t, _, _)| *t == tab).map(|(_, h, _)| h.clone());
                if let Some(h) = handler {
                    h(event);
                }
            }
            Delivery::Tab(to, message) => {
                let handler = self.buses.borrow().iter().find(|(t, _, alive)| *t == to && alive.get()).map(|(_, h, _)| h.clone());
                if let Some(h) = handler {
                    h(message);
                }
            }
            Delivery::ToServer(tab, frame) => {
                let conn = self.server.borrow().conns.iter().find(|(t, _)| *t == tab).map(|(_, c)| *c);
                if let Some(conn) = conn {
                    let fx = self.server.borrow_mut().engine.receive(conn, &frame);
                    self.server_effects(fx);
                }
            }
        }
    }

    /// Carries out the server's effects: store first, then send.
    fn server_effects(&self, mut fx: Effects) {
        let mut server = self.server.borrow_mut();
        loop {
            let store = std::mem::take(&mut fx.store);
            let saved = std::mem::take(&mut fx.saved);
            if !store.is_empty() || !saved.is_empty() {
                match server.storage.apply(store) {
                    Ok(()) => server.engine.storage_committed(&saved),
                    Err(_) => {
                        let more = server.engine.storage_failed(&saved);
                        fx.extend(more);
                    }
                }
            }
            for doc in std::mem::take(&mut fx.load) {
                let chunks = server.storage.range(&layout::document_prefix(doc));
                let more = server.engine.document_loaded(doc, chunks);
                fx.extend(more);
            }
            if fx.store.is_empty() && fx.load.is_empty() {
                break;
            }
        }
        for (conn, frame) in fx.send {
            if let Some((tab, _)) = server.conns.iter().find(|(_, c)| *c == conn) {
                self.post(Delivery::ToTab(*tab, SocketEvent::Message(frame)));
            }
        }
        for conn in fx.close {
            if let Some(i) = server.conns.iter().position(|(_, c)| *c == conn) {
                let (tab, _) = server.conns.remove(i);
                self.post(Delivery::ToTab(tab, SocketEvent::Closed));
            }
        }
    }

    fn connect_to_server(&self, tab: usize) {
        let (conn, fx) = self.server.borrow_mut().engine.connect(Direction::Incoming);
        self.server.borrow_mut().conns.push((tab, conn));
        self.server_effects(fx);
        self.post(Delivery::ToTab(tab, SocketEvent::Connecting));
        self.post(Delivery::ToTab(tab, SocketEvent::Open));
    }

    fn disconnect_from_server(&self, tab: usize) {
        let conn = {
            let mut server = self.server.borrow_mut();
            let i = server.conns.iter().position(|(t, _)| *t == tab);
            i.map(|i| server.conns.remove(i).1)
        };
        if let Some(conn) = conn {
            let fx = self.server.borrow_mut().engine.disconnect(conn);
            self.server_effects(fx);
        }
    }

    /// Fires every timer that is due (all of them: the test decides when time passes).
    fn fire_timers(&self) {
        let due: Vec<_> = self.timers.borrow_mut().drain(..).collect();
        for (cancelled, f) in due {
            if !cancelled.get() {
                if let Some(f) = f {
                    f();
                }
            }
        }
    }

    /// The tab is closed: its socket, bus and lock go; the next waiting tab gets the lock.
    fn close_tab(&self, tab: usize, repo: TestRepo) {
        repo.shutdown();
        drop(repo);
        self.disconnect_from_server(tab);
        self.sockets.borrow_mut().retain(|(t, _, _)| *t != tab);
        for (t, _, alive) in self.buses.borrow().iter() {
            if *t == tab {
                alive.set(false);
            }
        }
        if self.lock_holder.get() == Some(tab) {
            self.lock_holder.set(None);
            let next = {
                let mut waiting = self.lock_waiting.borrow_mut();
                waiting.retain(|(t, _)| *t != tab);
                waiting.pop_front()
            };
            if let Some((t, f)) = next {
                self.lock_holder.set(Some(t));
                self.post(Delivery::Call(f));
            }
        }
    }

    fn server_heads(&self, id: DocumentId) -> Option<Vec<automerge::ChangeHash>> {
        self.server.borrow().engine.document(id).map(|d| d.get_heads())
    }
}

struct TestPlatform {
    world: Rc<World>,
    tab: usize,
}

struct Cancel(Rc<Cell<bool>>);

impl Drop for Cancel {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

impl Platform for TestPlatform {
    fn now_ms(&self) -> f64 {
        let t = self.world.clock.get() + 1.0;
        self.world.clock.set(t);
        t
    }

    fn on_line(&self) -> bool {
        true
    }

    fn spawn(&self, task: Task) {
        self.world.spawner.spawn_local(task).expect("spawn");
    }

    fn after(&self, _ms: u32, f: Box<dyn FnOnce()>) -> Box<dyn Any> {
        let cancelled = Rc::new(Cell::new(false));
        self.world.timers.borrow_mut().push((cancelled.clone(), Some(f)));
        Box::new(Cancel(cancelled))
    }

    fn request_leadership(&self, _name: &str, f: Box<dyn FnOnce()>) {
        if self.world.lock_holder.get().is_none() {
            self.world.lock_holder.set(Some(self.tab));
            self.world.post(Delivery::Call(f));
        } else {
            self.world.lock_waiting.borrow_mut().push_back((self.tab, f));
        }
    }

    fn open_tabs(&self, _name: &str, on_message: Box<dyn Fn(TabMessage)>) -> Option<Box<dyn TabBus>> {
        let alive = Rc::new(Cell::new(true));
        self.world.buses.borrow_mut().push((self.tab, Rc::from(on_message), alive.clone()));
        Some(Box::new(TestBus { world: self.world.clone(), tab: self.tab, alive }))
    }

    fn open_socket(&self, on_event: Box<dyn Fn(SocketEvent)>) -> Option<Rc<dyn Socket>> {
        let open = Rc::new(Cell::new(false));
        self.world.sockets.borrow_mut().push((self.tab, Rc::from(on_event), open.clone()));
        Some(Rc::new(TestSocket { world: self.world.clone(), tab: self.tab, open }))
    }
}

struct TestBus {
    world: Rc<World>,
    tab: usize,
    alive: Rc<Cell<bool>>,
}

impl TabBus for TestBus {
    fn post(&self, message: &TabMessage) {
        if !self.alive.get() {
            return;
        }
        let others: Vec<usize> = self.world.buses.borrow().iter().filter(|(t, _, a)| *t != self.tab && a.get()).map(|(t, _, _)| *t).collect();
        for to in others {
            self.world.post(Delivery::Tab(to, message.clone()));
        }
    }
}

impl Drop for TestBus {
    fn drop(&mut self) {
        self.alive.set(false);
    }
}

struct TestSocket {
    world: Rc<World>,
    tab: usize,
    open: Rc<Cell<bool>>,
}

impl Socket for TestSocket {
    fn start(&self) {
        self.open.set(true);
        self.world.connect_to_server(self.tab);
    }

    fn stop(&self) {
        if self.open.replace(false) {
            self.world.disconnect_from_server(self.tab);
            self.world.post(Delivery::ToTab(self.tab, SocketEvent::Closed));
        }
    }

    fn send(&self, frame: &[u8]) {
        if self.open.get() {
            self.world.post(Delivery::ToServer(self.tab, frame.to_vec()));
        }
    }

    fn connect_now(&self) {}

    fn reconnect_later(&self) {
        self.world.disconnect_from_server(self.tab);
        self.world.connect_to_server(self.tab);
    }
}

fn options(network: bool) -> RepoOptions {
    RepoOptions { database: "test".into(), peer_id: PeerId::random("test"), compact_after: 4, network }
}

/// A tab on `storage`, started (and connected, when `network`).
fn tab(world: &Rc<World>, ix: usize, storage: &Rc<MemoryStorage>, network: bool) -> TestRepo {
    let repo = TestRepo::with_platform(options(network), world.platform(ix));
    let started = repo.clone();
    let storage = storage.clone();
    world.spawner.spawn_local(async move { started.start_with(Ok(storage)).await }).unwrap();
    world.run();
    assert!(repo.is_loaded());
    if network {
        repo.connect();
        world.run();
    }
    repo
}

fn put<S: quorum_app::repo::platform::LocalStore + 'static>(repo: &Repo<S>, id: DocumentId, key: &str, value: &str) {
    repo.change(id, |d: &mut Automerge| {
        let mut tx = d.transaction();
        tx.put(ROOT, key, value).unwrap();
        tx.commit();
    })
    .unwrap();
}

fn get(repo: &TestRepo, id: DocumentId, key: &str) -> Option<String> {
    repo.with_document(id, |d| d.get(ROOT, key).ok().flatten().and_then(|(v, _)| v.into_string().ok())).flatten()
}

fn heads(repo: &TestRepo, id: DocumentId) -> Vec<automerge::ChangeHash> {
    repo.with_document(id, |d| d.get_heads()).unwrap_or_default()
}

/// Every document id `repo`'s subscribers are told changed, from now on, in order.
fn documents_heard(repo: &TestRepo) -> Rc<RefCell<Vec<DocumentId>>> {
    let heard = Rc::new(RefCell::new(Vec::new()));
    let sink = heard.clone();
    repo.subscribe(move |n| {
        if let Notice::DocumentsChanged(ids) = n {
            sink.borrow_mut().extend(ids.iter().copied());
        }
    });
    heard
}

#[test]
fn a_change_is_shown_at_once_then_saved_here_and_on_the_server_and_survives_a_reload() {
    let world = World::new();
    let storage = Rc::new(MemoryStorage::new());
    let repo = tab(&world, 0, &storage, true);
    assert!(repo.is_leader(), "the only tab leads");
    assert_eq!(repo.snapshot().state(), SyncState::SavedServer);

    let heard = documents_heard(&repo);
    let id = repo.create();
    put(&repo, id, "name", "Case Review Group");
    assert_eq!(*heard.borrow(), [id], "subscribers hear of a local change before it is saved");
    assert!(storage.all().is_empty(), "nothing committed yet");
    assert_eq!(repo.snapshot().pending_changes, 1);
    assert_eq!(repo.snapshot().state(), SyncState::Syncing);

    world.run();
    assert_eq!(*heard.borrow(), [id], "and not again when it is saved");
    assert!(!storage.all().is_empty(), "saved on this device");
    assert_eq!(world.server_heads(id), Some(heads(&repo, id)), "the server holds the change");
    let snapshot = repo.snapshot();
    assert_eq!(snapshot.state(), SyncState::SavedServer);
    assert_eq!((snapshot.pending_changes, snapshot.oldest_pending), (0, None));
    assert!(snapshot.last_synced.is_some());

    let expected = heads(&repo, id);
    repo.shutdown();
    let reloaded = tab(&world, 1, &storage, false);
    assert_eq!(heads(&reloaded, id), expected);
    assert_eq!(get(&reloaded, id, "name").as_deref(), Some("Case Review Group"));
}

#[test]
fn typing_is_saved_and_sent_as_any_change_but_subscribers_hear_of_it_after_the_frame_once() {
    let world = World::new();
    let storage = Rc::new(MemoryStorage::new());
    let repo = tab(&world, 0, &storage, true);
    let id = repo.create();
    put(&repo, id, "name", "Case Review Group");
    world.run();
    let heard = documents_heard(&repo);
    for key in ["a", "b", "c"] {
        repo.change_typing(id, |d| {
            use automerge::transaction::Transactable;
            let mut tx = d.transaction();
            tx.put(automerge::ROOT, key, "typed").unwrap();
            tx.commit();
        })
        .unwrap();
    }
    assert!(heard.borrow().is_empty(), "not on the keystroke's path");
    assert_eq!(get(&repo, id, "c").as_deref(), Some("typed"), "the change is made at once");
    world.run();
    assert_eq!(*heard.borrow(), [id], "after the frame, once for the keystrokes made by then");
    assert_eq!(world.server_heads(id), Some(heads(&repo, id)), "the server holds every keystroke");
    repo.shutdown();
    let reloaded = tab(&world, 1, &storage, false);
    assert_eq!(get(&reloaded, id, "a").as_deref(), Some("typed"), "saved on this device");
}

#[test]
fn a_failing_commit_is_retried_and_nothing_is_lost() {
    let world = World::new();
    let storage = Rc::new(MemoryStorage::new());
    let repo = tab(&world, 0, &storage, true);
    let id = repo.create();
    put(&repo, id, "name", "Before");
    world.run();

    storage.fail_commits.set(true);
    for i in 0..3 {
        put(&repo, id, "purpose", &format!("Edit {i}"));
        world.run();
    }
    let snapshot = repo.snapshot();
    assert_eq!(snapshot.storage_problem.as_deref(), Some("This device's storage is full"));
    assert!(snapshot.summary.unsaved_on_device > 0, "the changes wait in memory");
    assert_ne!(snapshot.state(), SyncState::SavedServer);
    assert_eq!(world.server_heads(id), Some(heads(&repo, id)), "the server got them anyway");

    world.fire_timers();
    world.run();
    assert!(repo.snapshot().storage_problem.is_some(), "still failing: still waiting");

    storage.fail_commits.set(false);
    world.fire_timers();
    world.run();
    let snapshot = repo.snapshot();
    assert_eq!(snapshot.storage_problem, None);
    assert_eq!(snapshot.summary.unsaved_on_device, 0);
    assert_eq!(snapshot.state(), SyncState::SavedServer);

    let expected = heads(&repo, id);
    repo.shutdown();
    let reloaded = tab(&world, 1, &storage, false);
    assert_eq!(heads(&reloaded, id), expected, "every change reached this device's storage");
    assert_eq!(get(&reloaded, id, "purpose").as_deref(), Some("Edit 2"));
}

#[test]
fn two_tabs_share_one_connection_and_leadership_passes_when_the_leader_goes() {
    let world = World::new();
    let storage = Rc::new(MemoryStorage::new());
    let a = tab(&world, 0, &storage, true);
    let b = tab(&world, 1, &storage, true);
    assert!(a.is_leader() && !b.is_leader());
    assert_eq!(world.server.borrow().conns.len(), 1, "one connection for both tabs");

    // A follower's change reaches the server through the leader.
    let id = b.create();
    put(&b, id, "name", "From tab B");
    world.run();
    assert_eq!(get(&a, id, "name").as_deref(), Some("From tab B"), "merged live in tab A");
    assert_eq!(world.server_heads(id), Some(heads(&b, id)));
    assert_eq!(b.snapshot().state(), SyncState::SavedServer, "B knows the server has its change");

    // The leader goes: B takes the lock and connects.
    world.close_tab(0, a);
    world.run();
    assert!(b.is_leader());
    assert_eq!(world.server.borrow().conns.iter().map(|(t, _)| *t).collect::<Vec<_>>(), [1]);
    put(&b, id, "purpose", "After the hand-over");
    world.run();
    assert_eq!(world.server_heads(id), Some(heads(&b, id)));
    assert_eq!(b.snapshot().state(), SyncState::SavedServer);
}

#[test]
fn the_follow_policy_opens_what_a_followed_document_lists() {
    let world = World::new();
    // One device writes an index listing a second document.
    let first = tab(&world, 0, &Rc::new(MemoryStorage::new()), true);
    let listed = first.create();
    put(&first, listed, "name", "Listed");
    let index = first.create();
    put(&first, index, "list", &listed.to_string());
    world.run();
    world.close_tab(0, first);

    // A new device follows the index only.
    let repo = TestRepo::with_platform(options(true), world.platform(1));
    repo.set_follow_policy(Rc::new(|d: &Automerge| {
        d.get(ROOT, "list").ok().flatten().and_then(|(v, _)| v.into_string().ok()).and_then(|s| s.parse().ok()).into_iter().collect()
    }));
    let started = repo.clone();
    world.spawner.spawn_local(async move { started.start_with(Ok(Rc::new(MemoryStorage::new()))).await }).unwrap();
    world.run();
    repo.follow(vec![index]);
    repo.connect();
    world.run();
    assert_eq!(get(&repo, index, "list"), Some(listed.to_string()));
    assert_eq!(get(&repo, listed, "name").as_deref(), Some("Listed"), "the listed document was requested too");
}

#[test]
fn a_change_to_one_followed_document_reads_that_document_alone() {
    let world = World::new();
    let repo = TestRepo::with_platform(options(false), world.platform(0));
    let reads = Rc::new(std::cell::Cell::new(0usize));
    let counted = reads.clone();
    repo.set_follow_policy(Rc::new(move |_: &Automerge| {
        counted.set(counted.get() + 1);
        Vec::new()
    }));
    let started = repo.clone();
    world.spawner.spawn_local(async move { started.start_with(Ok(Rc::new(MemoryStorage::new()))).await }).unwrap();
    world.run();
    let followed: Vec<DocumentId> = (0..5).map(|_| repo.create()).collect();
    repo.follow(followed.clone());
    world.run();
    reads.set(0);
    put(&repo, followed[2], "name", "Changed");
    world.run();
    assert_eq!(reads.get(), 1, "only the followed document that changed is read for what it lists");
}

#[test]
fn a_document_arriving_from_the_server_is_shown_before_it_is_stored_here() {
    let world = World::new();
    let first = tab(&world, 0, &Rc::new(MemoryStorage::new()), true);
    let id = first.create();
    put(&first, id, "name", "Arrives");
    world.run();
    world.close_tab(0, first);

    let storage = Rc::new(MemoryStorage::new());
    let repo = tab(&world, 1, &storage, true);
    // (whether it was stored here when subscribers first heard of it)
    let heard: Rc<RefCell<Vec<bool>>> = Rc::default();
    {
        let (heard, storage) = (heard.clone(), storage.clone());
        repo.subscribe(move |n| {
            if matches!(n, Notice::DocumentsChanged(ids) if ids.contains(&id)) {
                heard.borrow_mut().push(!storage.range(&layout::document_prefix(id)).is_empty());
            }
        });
    }
    repo.open(id);
    assert!(!repo.is_ready(id), "requested, nothing arrived yet");
    world.run();
    assert_eq!(heard.borrow().first(), Some(&false), "heard of before its commit, not after: {:?}", heard.borrow());
    assert!(repo.is_ready(id));
    assert_eq!(get(&repo, id, "name").as_deref(), Some("Arrives"));
    assert!(!storage.range(&layout::document_prefix(id)).is_empty(), "and then stored");
}

/// Memory storage that counts its commits and keeps saved views.
#[derive(Default)]
struct CountingStorage {
    inner: MemoryStorage,
    commits: Cell<usize>,
    views: RefCell<std::collections::BTreeMap<String, String>>,
}

impl Storage for CountingStorage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.inner.load(key).await
    }
    async fn load_range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        self.inner.load_range(prefix).await
    }
    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        self.commits.set(self.commits.get() + 1);
        self.inner.commit(ops).await
    }
}

impl LocalStore for CountingStorage {
    async fn load_all(&self) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        Ok(self.inner.all())
    }
    async fn load_views(&self) -> Result<Vec<(String, String)>, StorageError> {
        Ok(self.views.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
    async fn save_views(&self, writes: Vec<(String, Option<String>)>) -> Result<(), StorageError> {
        let mut views = self.views.borrow_mut();
        for (key, value) in writes {
            match value {
                Some(json) => views.insert(key, json),
                None => views.remove(&key),
            };
        }
        Ok(())
    }
}

#[test]
fn changes_queued_during_a_commit_are_committed_together_and_survive_a_reload() {
    let world = World::new();
    let storage = Rc::new(CountingStorage::default());
    let repo = started_on(&world, 0, &storage, |_| {});
    let id = repo.create();
    put(&repo, id, "name", "Quick edits");
    world.run();
    let before = storage.commits.get();
    for i in 0..5 {
        repo.change(id, |d: &mut Automerge| {
            let mut tx = d.transaction();
            tx.put(ROOT, "purpose", format!("Edit {i}")).unwrap();
            tx.commit();
        })
        .unwrap();
    }
    world.run();
    assert_eq!(storage.commits.get() - before, 1, "five queued saves, one transaction");
    assert_eq!(repo.snapshot().summary.unsaved_on_device, 0);

    // Every chunk (and the compaction among them) reached storage, in order.
    let expected = repo.with_document(id, |d| d.get_heads()).unwrap();
    repo.shutdown();
    let memory = Rc::new(MemoryStorage::new());
    memory.apply(storage.inner.all().into_iter().map(|(k, v)| StoreOp::Put(k, v)).collect()).unwrap();
    let reloaded = tab(&world, 1, &memory, false);
    assert_eq!(heads(&reloaded, id), expected);
    assert_eq!(get(&reloaded, id, "purpose").as_deref(), Some("Edit 4"));
}

/// Another device on its own connection to the server: a bare client engine whose frames the
/// world delivers like a tab's, recording the ephemeral messages it hears.
struct Device {
    engine: RefCell<Engine>,
    conn: ConnectionId,
    heard: RefCell<Vec<Vec<u8>>>,
}

impl Device {
    fn connect(world: &Rc<World>, ix: usize) -> Rc<Self> {
        let mut engine = Engine::new(EngineConfig::new(PeerId::random("device"), Role::Client));
        let (conn, fx) = engine.connect(Direction::Outgoing);
        let device = Rc::new(Self { engine: RefCell::new(engine), conn, heard: RefCell::new(Vec::new()) });
        let (server_conn, sfx) = world.server.borrow_mut().engine.connect(Direction::Incoming);
        world.server.borrow_mut().conns.push((ix, server_conn));
        world.server_effects(sfx);
        let (d, w) = (device.clone(), world.clone());
        let handler: Rc<dyn Fn(SocketEvent)> = Rc::new(move |event| {
            if let SocketEvent::Message(frame) = event {
                let fx = d.engine.borrow_mut().receive(d.conn, &frame);
                d.carry_out(&w, ix, fx);
            }
        });
        world.sockets.borrow_mut().push((ix, handler, Rc::new(Cell::new(true))));
        device.carry_out(world, ix, fx);
        device
    }

    fn carry_out(&self, world: &World, ix: usize, fx: Effects) {
        for (_, frame) in fx.send {
            world.post(Delivery::ToServer(ix, frame));
        }
        for event in fx.events {
            if let domain::sync::Event::Ephemeral { data, .. } = event {
                self.heard.borrow_mut().push(data);
            }
        }
    }
}

#[test]
fn presence_from_a_tab_without_the_connection_goes_through_the_leader_and_what_is_heard_reaches_every_tab() {
    let world = World::new();
    let storage = Rc::new(MemoryStorage::new());
    let a = tab(&world, 0, &storage, true);
    let b = tab(&world, 1, &storage, true);
    assert!(a.is_leader() && !b.is_leader());
    let id = a.create();
    put(&a, id, "title", "Escalation");
    world.run();
    let device = Device::connect(&world, 9);
    world.run();
    let fx = device.engine.borrow_mut().request(id);
    device.carry_out(&world, 9, fx);
    world.run();
    assert!(device.engine.borrow().document(id).is_some_and(|d| !d.get_heads().is_empty()), "the other device reads it");

    // Tab B (no connection of its own) says it is editing: the other device hears it once.
    b.broadcast_ephemeral(id, b"B is editing".to_vec());
    world.run();
    assert_eq!(*device.heard.borrow(), [b"B is editing".to_vec()]);

    // The other device says something: both tabs hear it, each once.
    let heard = |repo: &TestRepo| {
        let log = Rc::new(RefCell::new(Vec::new()));
        let l = log.clone();
        repo.subscribe(move |n| {
            if let Notice::Ephemeral { document, data } = n {
                l.borrow_mut().push((*document, data.clone()));
            }
        });
        log
    };
    let (in_a, in_b) = (heard(&a), heard(&b));
    let fx = device.engine.borrow_mut().broadcast_ephemeral(id, b"device is editing".to_vec()).unwrap();
    device.carry_out(&world, 9, fx);
    world.run();
    assert_eq!(*in_a.borrow(), [(id, b"device is editing".to_vec())], "the leader tab");
    assert_eq!(*in_b.borrow(), [(id, b"device is editing".to_vec())], "the other tab, through the leader");
    assert_eq!(device.heard.borrow().len(), 1, "not echoed back");
    assert!(storage.all().iter().all(|(_, bytes)| !bytes.windows(9).any(|w| w == b"is editing")), "nothing stored");
}

/// A list's view of a document: its name.
#[derive(Debug, Clone, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
struct NameView {
    name: String,
}

impl quorum_app::repo::SavedView for NameView {
    const NAME: &'static str = "name.1";
}

fn started_on<S: quorum_app::repo::platform::LocalStore + 'static>(world: &Rc<World>, ix: usize, storage: &Rc<S>, before_start: impl FnOnce(&Repo<S>)) -> Repo<S> {
    let repo: Repo<S> = Repo::with_platform(options(false), world.platform(ix));
    before_start(&repo);
    let started = repo.clone();
    let s = storage.clone();
    world.spawner.spawn_local(async move { started.start_with(Ok(s)).await }).unwrap();
    world.run();
    assert!(repo.is_loaded());
    repo
}

fn name_of(repo: &Repo<CountingStorage>, id: DocumentId) -> Option<String> {
    match repo.read_view::<NameView>(id) {
        quorum_app::repo::DocView::Ready(v) => Some(v.name),
        _ => None,
    }
}

#[test]
fn a_list_draws_from_saved_views_while_its_documents_load_and_the_documents_then_win() {
    let world = World::new();
    let storage = Rc::new(CountingStorage::default());
    let repo = started_on(&world, 0, &storage, |_| {});
    let id = repo.create();
    put(&repo, id, "name", "Board");
    world.run();
    assert_eq!(name_of(&repo, id).as_deref(), Some("Board"));
    assert!(storage.views.borrow().is_empty(), "written in idle time, not at once");
    world.fire_timers();
    world.run();
    assert_eq!(storage.views.borrow().len(), 1, "saved: {:?}", storage.views.borrow());
    // Renamed without the list being read: the saved view is now older than the document.
    put(&repo, id, "name", "Safeguarding Board");
    world.run();
    repo.shutdown();
    drop(repo);

    // A reload: before any document has loaded, the list reads the saved view; once the
    // documents have loaded, the document.
    let seen = Rc::new(RefCell::new(Vec::new()));
    let reloaded = started_on(&world, 1, &storage, |repo| {
        let (seen, reader) = (seen.clone(), repo.clone());
        repo.subscribe(move |n| {
            if matches!(n, Notice::DocumentsChanged(_)) {
                seen.borrow_mut().push((reader.is_ready(id), name_of(&reader, id)));
            }
        });
    });
    let seen = seen.borrow().clone();
    assert_eq!(seen.first(), Some(&(false, Some("Board".to_owned()))), "drawn from the saved view first: {seen:?}");
    assert_eq!(seen.last(), Some(&(true, Some("Safeguarding Board".to_owned()))), "then the document: {seen:?}");
    assert_eq!(name_of(&reloaded, id).as_deref(), Some("Safeguarding Board"));
    world.fire_timers();
    world.run();
    assert!(storage.views.borrow().values().any(|v| v.contains("Safeguarding Board")), "the saved view caught up");

    // A document that leaves the device takes its views with it.
    let forgetting = reloaded.clone();
    world.spawner.spawn_local(async move { forgetting.forget(&[id]).await }).unwrap();
    world.run();
    world.fire_timers();
    world.run();
    assert!(storage.views.borrow().is_empty(), "{:?}", storage.views.borrow());
}

#[test]
fn documents_a_page_opened_load_first() {
    let world = World::new();
    let storage = Rc::new(CountingStorage::default());
    let repo = started_on(&world, 0, &storage, |_| {});
    let ids: Vec<DocumentId> = (0..40)
        .map(|i| {
            let id = repo.create();
            repo.change(id, |d: &mut Automerge| {
                let mut tx = d.transaction();
                tx.put(ROOT, "name", format!("Meeting {i}")).unwrap();
                tx.commit();
            })
            .unwrap();
            id
        })
        .collect();
    world.run();
    repo.shutdown();
    drop(repo);
    let last = *ids.iter().max().expect("forty");

    let batches = Rc::new(RefCell::new(Vec::new()));
    let reloaded = started_on(&world, 1, &storage, |repo| {
        let batches = batches.clone();
        repo.subscribe(move |n| {
            if let Notice::DocumentsChanged(ids) = n {
                batches.borrow_mut().push(ids.clone());
            }
        });
        // A page asks for the document that would load last.
        repo.open(last);
    });
    let batches = batches.borrow().clone();
    let first = batches.iter().find(|b| !b.is_empty()).expect("the documents load in slices, each told");
    assert_eq!(first, &vec![last], "the opened document loads first, and the page is told at once");
    assert!(batches.iter().filter(|b| !b.is_empty()).count() > 2, "then the rest, in slices: {batches:?}");
    assert!(ids.iter().all(|id| reloaded.is_ready(*id)), "and then every document");
}

#[test]
fn a_view_a_page_kept_shows_before_its_document_loads_and_the_page_draws_it_first() {
    let world = World::new();
    let storage = Rc::new(CountingStorage::default());
    let repo = started_on(&world, 0, &storage, |_| {});
    let id = repo.create();
    put(&repo, id, "name", "Missing from home");
    world.run();
    // The page builds the view itself (no list reads it) and keeps it.
    repo.keep_view(id, &NameView { name: "Missing from home, as read".into() }, 3);
    assert_eq!(repo.saved_view::<NameView>(id), None, "the document is here: it is the truth");
    world.fire_timers();
    world.run();
    assert_eq!(storage.views.borrow().len(), 1, "saved: {:?}", storage.views.borrow());
    repo.shutdown();
    drop(repo);

    // A reload with a page open on the document: the page is told (so it draws the saved
    // view) before the document loads, and the view goes once the document is here.
    let seen = Rc::new(RefCell::new(Vec::new()));
    let reloaded = started_on(&world, 1, &storage, |repo| {
        let (seen, reader) = (seen.clone(), repo.clone());
        repo.subscribe(move |n| {
            if matches!(n, Notice::DocumentsChanged(_)) {
                seen.borrow_mut().push((reader.is_ready(id), reader.saved_view::<NameView>(id).map(|v| v.name)));
            }
        });
        repo.open(id);
    });
    let seen = seen.borrow().clone();
    assert_eq!(seen.first(), Some(&(false, Some("Missing from home, as read".to_owned()))), "{seen:?}");
    assert_eq!(seen.last(), Some(&(true, None)), "{seen:?}");
    assert_eq!(reloaded.saved_view::<NameView>(id), None);
}

/// Memory storage whose commits, once `hold` is set, never complete (a transaction in flight
/// when the page goes, which the browser may then abort), while a commit issued on leaving
/// the page is written at once, with the puts of the one in flight (as the app's journal
/// keeps them).
#[derive(Default)]
struct LeavingStorage {
    inner: MemoryStorage,
    hold: Cell<bool>,
}

impl Storage for LeavingStorage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.inner.load(key).await
    }
    async fn load_range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        self.inner.load_range(prefix).await
    }
    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        if self.hold.get() {
            futures::future::pending::<()>().await;
        }
        self.inner.commit(ops).await
    }
}

impl LocalStore for LeavingStorage {
    async fn load_all(&self) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        Ok(self.inner.all())
    }
    fn commit_leaving(&self, ops: Vec<StoreOp>, in_flight: &[StoreOp]) -> futures::future::LocalBoxFuture<'static, Result<(), StorageError>> {
        let kept = in_flight.iter().filter(|op| matches!(op, StoreOp::Put(..))).cloned();
        Box::pin(futures::future::ready(self.inner.apply(kept.chain(ops).collect())))
    }
}

#[test]
fn a_page_left_while_a_save_is_in_flight_stores_every_save_still_queued_and_what_was_typed() {
    let world = World::new();
    let storage = Rc::new(LeavingStorage::default());
    let repo = started_on(&world, 0, &storage, |_| {});
    let id = repo.create();
    put(&repo, id, "name", "Saved before");
    world.run();

    // A save goes in flight and never completes; the next waits behind it in the queue.
    storage.hold.set(true);
    put(&repo, id, "purpose", "In flight");
    world.run();
    put(&repo, id, "purpose", "Queued behind it");
    world.run();
    // A keystroke, held for the flush after the frame.
    repo.change_typing(id, |d: &mut Automerge| {
        let mut tx = d.transaction();
        tx.put(ROOT, "purpose", "Typed last").unwrap();
        tx.commit();
    })
    .unwrap();

    // The page is left: nothing runs after the handler.
    repo.flush_before_leaving();
    let expected = repo.with_document(id, |d| d.get_heads()).unwrap();
    let memory = Rc::new(MemoryStorage::new());
    memory.apply(storage.inner.all().into_iter().map(|(k, v)| StoreOp::Put(k, v)).collect()).unwrap();
    let reloaded = tab(&world, 1, &memory, false);
    assert_eq!(heads(&reloaded, id), expected, "every change, its predecessors with it");
    assert_eq!(get(&reloaded, id, "purpose").as_deref(), Some("Typed last"));
}
