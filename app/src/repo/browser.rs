//! The repo in a browser: IndexedDB storage, the reconnecting websocket, Web Locks and a
//! `BroadcastChannel` for the other tabs, `setTimeout` timers.

use std::{any::Any, rc::Rc};

use domain::storage::{StorageError, StorageKey};
use futures::future::LocalBoxFuture;
use gloo_timers::callback::Timeout;

use super::{
    api::{Repo, RepoOptions},
    indexeddb::{self, IndexedDbStorage},
    leadership::TabMessage,
    platform::{LocalStore, Platform, Socket, SocketEvent, Task, TabBus},
    settings, tabs,
    websocket::{self, Transport},
};

/// A flush after the frame waits no longer than this (a hidden page draws no frames).
const AFTER_FRAME_AT_MOST_MS: u32 = 100;

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

    fn after_frame(&self, f: Box<dyn FnOnce()>) {
        // The next animation frame runs before that frame is drawn; a task queued from it runs
        // after. A hidden page draws no frames: a timer calls `f` then (whichever comes first).
        let once = Rc::new(std::cell::Cell::new(Some(f)));
        let (by_frame, by_timer) = (once.clone(), once);
        leptos::prelude::request_animation_frame(move || {
            Timeout::new(0, move || by_frame.take().map_or((), |f| f())).forget();
        });
        Timeout::new(AFTER_FRAME_AT_MOST_MS, move || by_timer.take().map_or((), |f| f())).forget();
    }

    fn when_idle(&self, ms: u32, f: Box<dyn FnOnce()>) -> Box<dyn Any> {
        Box::new(Timeout::new(ms, move || request_idle_callback(f)))
    }

    fn pause(&self) -> Task {
        Box::pin(gloo_timers::future::TimeoutFuture::new(0))
    }
}

/// Calls `f` in the browser's next idle period (within a second), or now where there is none.
fn request_idle_callback(f: Box<dyn FnOnce()>) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let Some(window) = web_sys::window() else { return f() };
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback")).ok();
    let Some(idle) = idle.and_then(|v| v.dyn_into::<js_sys::Function>().ok()) else { return f() };
    let callback = Closure::once_into_js(f);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeout"), &JsValue::from_f64(1000.0));
    let _ = idle.call2(&window, &callback, &options);
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

    async fn load_views(&self) -> Result<Vec<(String, String)>, StorageError> {
        IndexedDbStorage::load_views(self).await
    }

    async fn save_views(&self, writes: Vec<(String, Option<String>)>) -> Result<(), StorageError> {
        IndexedDbStorage::save_views(self, writes).await
    }

    fn close(&self) {
        IndexedDbStorage::close(self);
    }

    fn commit_leaving(&self, ops: Vec<domain::storage::StoreOp>, in_flight: &[domain::storage::StoreOp]) -> LocalBoxFuture<'static, Result<(), StorageError>> {
        Box::pin(IndexedDbStorage::commit_leaving(self, ops, in_flight))
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
        let repo = Self::with_platform(options, Rc::new(BrowserPlatform));
        repo.flush_when_hidden();
        repo
    }

    /// Saves what is held for the next flush as soon as the page is hidden or left (a reload
    /// right after typing keeps every character), and the saved views waiting.
    fn flush_when_hidden(&self) {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(window) = web_sys::window() else { return };
        let weak = Rc::downgrade(&self.0);
        let flush = Closure::<dyn Fn()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                let repo = Repo(inner);
                repo.flush_before_leaving();
                repo.save_views_soon();
            }
        });
        let handler = flush.as_ref().unchecked_ref();
        let _ = window.add_event_listener_with_callback("pagehide", handler);
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback("visibilitychange", handler);
        }
        flush.forget();
    }

    /// Opens IndexedDB, loads every stored document and starts the effect queue. Returns
    /// once the documents are loaded. The network waits for [`Repo::connect`]. Calling it
    /// twice does nothing.
    pub async fn start(&self) {
        let open = super::probe::now();
        let storage = IndexedDbStorage::open_preloaded(&self.0.options.database).await.map(Rc::new);
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
