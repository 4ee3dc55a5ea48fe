//! The repo in a browser: IndexedDB storage, the reconnecting websocket, Web Locks and a
//! `BroadcastChannel` for the other tabs, `setTimeout` timers.

use std::{any::Any, rc::Rc};

use domain::storage::{StorageError, StorageKey};
use gloo_timers::callback::Timeout;

use super::{
    api::{Repo, RepoOptions},
    indexeddb::{self, IndexedDbStorage},
    leadership::TabMessage,
    platform::{LocalStore, Platform, Socket, SocketEvent, Task, TabBus},
    settings, tabs,
    websocket::{self, Transport},
};

/// The browser as the repo's [`Platform`].
#[derive(Debug, Default)]
pub struct BrowserPlatform;

impl Platform for BrowserPlatform {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn on_line(&self) -> bool {
        web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
    }

    fn spawn(&self, task: Task) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn after(&self, ms: u32, f: Box<dyn FnOnce()>) -> Box<dyn Any> {
        Box::new(Timeout::new(ms, f))
    }

    fn request_leadership(&self, name: &str, f: Box<dyn FnOnce()>) {
        tabs::when_leader(name, f);
    }

    fn open_tabs(&self, name: &str, on_message: Box<dyn Fn(TabMessage)>) -> Option<Box<dyn TabBus>> {
        tabs::TabChannel::open(name, on_message).map(|c| Box::new(c) as Box<dyn TabBus>)
    }

    fn open_socket(&self, on_event: Box<dyn Fn(SocketEvent)>) -> Option<Rc<dyn Socket>> {
        let url = websocket::sync_url()?;
        Some(Rc::new(Transport::new(url, on_event)))
    }

    fn saved_on_device(&self) {
        // After the first save, ask the browser not to evict this site's data.
        crate::pwa::request_persist_once();
    }
}

impl TabBus for tabs::TabChannel {
    fn post(&self, message: &TabMessage) {
        tabs::TabChannel::post(self, message);
    }
}

impl Socket for Transport {
    fn start(&self) {
        Transport::start(self);
    }

    fn stop(&self) {
        Transport::stop(self);
    }

    fn send(&self, frame: &[u8]) {
        Transport::send(self, frame);
    }

    fn connect_now(&self) {
        Transport::connect_now(self);
    }

    fn reconnect_later(&self) {
        Transport::reconnect_later(self);
    }
}

impl LocalStore for IndexedDbStorage {
    async fn load_all(&self) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        IndexedDbStorage::load_all(self).await
    }

    fn close(&self) {
        IndexedDbStorage::close(self);
    }
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

impl Repo<IndexedDbStorage> {
    /// A repo on IndexedDB database `options.database`, in this browser.
    pub fn new(options: RepoOptions) -> Self {
        Self::with_platform(options, Rc::new(BrowserPlatform))
    }

    /// Opens IndexedDB, loads every stored document and starts the effect queue. Returns
    /// once the documents are loaded. The network waits for [`Repo::connect`]. Calling it
    /// twice does nothing.
    pub async fn start(&self) {
        let open = super::probe::now();
        let storage = IndexedDbStorage::open(&self.0.options.database).await.map(Rc::new);
        super::probe::elapsed("start: storage open", open);
        self.start_with(storage).await;
        super::probe::elapsed("start: loaded, since navigation", Some(0.0));
    }

    /// Sign-out on this device: tells the other tabs, stops syncing and deletes the database.
    pub async fn wipe(&self) -> Result<(), StorageError> {
        self.signed_out();
        IndexedDbStorage::delete(&self.0.options.database).await
    }
}
