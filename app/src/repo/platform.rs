//! What the repo needs from where it runs, as traits: a browser ([`super::browser`]) or a
//! native test's simulation (`app/tests/repo_native.rs`).

use std::{any::Any, future::Future, pin::Pin, rc::Rc};

use domain::storage::{Storage, StorageError, StorageKey, StoreOp};
use futures::future::LocalBoxFuture;

use super::leadership::TabMessage;
pub use super::websocket::SocketEvent;

/// A task the platform runs on this thread.
pub type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Timers, tasks, the network, the other tabs.
pub trait Platform {
    /// Milliseconds since the epoch.
    fn now_ms(&self) -> f64;
    /// Whether the device says it is online.
    fn on_line(&self) -> bool;
    /// Runs `task` on this thread.
    fn spawn(&self, task: Task);
    /// Calls `f` after `ms` unless the returned handle is dropped first.
    fn after(&self, ms: u32, f: Box<dyn FnOnce()>) -> Box<dyn Any>;
    /// Calls `f` once this tab holds the lock `name` (held until the tab goes).
    fn request_leadership(&self, name: &str, f: Box<dyn FnOnce()>);
    /// Opens the bus to the other tabs on `name`; `on_message` gets what they post.
    fn open_tabs(&self, name: &str, on_message: Box<dyn Fn(TabMessage)>) -> Option<Box<dyn TabBus>>;
    /// A socket to the sync server reporting to `on_event`; nothing happens until
    /// [`Socket::start`]. `None` when there is no server to connect to.
    fn open_socket(&self, on_event: Box<dyn Fn(SocketEvent)>) -> Option<Rc<dyn Socket>>;
    /// Something was saved on this device (a browser asks for persistent storage once).
    fn saved_on_device(&self) {}
    /// Calls `f` once the current frame is drawn (a browser: the next animation frame, then a
    /// task), so what it does never shares a frame with the input that asked for it. By
    /// default a task of its own.
    fn after_frame(&self, f: Box<dyn FnOnce()>) {
        self.spawn(Box::pin(async move { f() }));
    }
    /// Calls `f` when the device is idle, `ms` from now at the earliest, unless the returned
    /// handle is dropped first. By default a timer.
    fn when_idle(&self, ms: u32, f: Box<dyn FnOnce()>) -> Box<dyn Any> {
        self.after(ms, f)
    }
    /// Lets the page draw and handle input before a long task goes on (a browser: a task
    /// of its own). By default it goes on at once.
    fn pause(&self) -> Task {
        Box::pin(async {})
    }
}

/// A reconnecting connection to the sync server.
pub trait Socket {
    /// Connects (or waits for the network) and keeps reconnecting until [`Socket::stop`].
    fn start(&self);
    /// Closes it for good.
    fn stop(&self);
    /// Sends a frame if open.
    fn send(&self, frame: &[u8]);
    /// Connects at once, skipping the backoff, unless open.
    fn connect_now(&self);
    /// Closes the current connection (the protocol ended it) and reconnects after a backoff.
    fn reconnect_later(&self);
}

/// This tab's end of the bus to the other tabs. Dropping it closes it.
pub trait TabBus {
    fn post(&self, message: &TabMessage);
}

/// Storage the repo keeps documents in: the storage port plus loading everything at start.
#[allow(async_fn_in_trait)] // single-threaded: the browser, or a native test's executor
pub trait LocalStore: Storage {
    /// Every entry.
    async fn load_all(&self) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError>;
    /// Every saved view of a document (see [`super::view_cache`]): key and JSON. A store
    /// that keeps none has none.
    async fn load_views(&self) -> Result<Vec<(String, String)>, StorageError> {
        Ok(Vec::new())
    }
    /// Writes views (`None` deletes one). Losing them costs only speed, never data.
    async fn save_views(&self, _writes: Vec<(String, Option<String>)>) -> Result<(), StorageError> {
        Ok(())
    }
    /// Closes it (the repo stops).
    fn close(&self) {}
    /// [`Storage::commit`] of `ops` for a page being left: issued to the store before this
    /// returns (the page may be gone before any task runs again), and kept, with the puts of
    /// the commit `in_flight`, where the page's going cannot undo them (IndexedDB:
    /// [`super::journal`]); the future tells when `ops` are durable. A store whose commits
    /// complete at once (memory) commits here.
    fn commit_leaving(&self, ops: Vec<StoreOp>, in_flight: &[StoreOp]) -> LocalBoxFuture<'static, Result<(), StorageError>> {
        use futures::FutureExt;
        let _ = in_flight;
        let done = self
            .commit(ops)
            .now_or_never()
            .unwrap_or_else(|| Err(StorageError::Backend("this store cannot commit at once".into())));
        Box::pin(futures::future::ready(done))
    }
}

impl LocalStore for domain::storage::MemoryStorage {
    async fn load_all(&self) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        Ok(self.all())
    }
}
