//! A native protocol client: the domain's sans-IO [`Engine`] as a `Role::Client` over a
//! tokio-tungstenite websocket, with in-memory storage. A background task feeds it the
//! server's frames; tests change documents and wait for conditions with timeouts.
//! (Also compiled into `examples/sync_latency.rs`.)

#![allow(dead_code, unreachable_pub)]

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex, MutexGuard,
    },
    time::Duration,
};

use automerge::{Automerge, ObjType, ReadDoc, Value, ROOT};
use domain::{
    storage::{layout, MemoryStorage},
    sync::{Direction, Effects, Engine, EngineConfig, Event, Role},
    ConnectionId, DocumentId, PeerId,
};
use futures::{SinkExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::{
    client::IntoClientRequest, handshake::client::Request, http::HeaderValue, Message,
};

/// How long any wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

pub struct Client {
    inner: Arc<Mutex<Inner>>,
    changed: watch::Receiver<u64>,
    frames_sent: Arc<AtomicUsize>,
    frames_received: Arc<AtomicUsize>,
    reader: tokio::task::JoinHandle<()>,
}

/// The client's state, readable inside [`Client::wait_until`].
pub struct Inner {
    pub engine: Engine,
    pub storage: MemoryStorage,
    pub conn: ConnectionId,
    pub events: Vec<Event>,
    /// The socket ended (the server closed it, or it broke).
    pub closed: bool,
    out: mpsc::UnboundedSender<Message>,
    frames_sent: Arc<AtomicUsize>,
    changed: watch::Sender<u64>,
}

impl Inner {
    /// Carries out effects as an adapter must: store, then send.
    fn apply(&mut self, mut fx: Effects) {
        loop {
            let store = std::mem::take(&mut fx.store);
            let saved = std::mem::take(&mut fx.saved);
            if !store.is_empty() || !saved.is_empty() {
                match self.storage.apply(store) {
                    Ok(()) => self.engine.storage_committed(&saved),
                    Err(_) => fx.extend(self.engine.storage_failed(&saved)),
                }
            }
            for doc in std::mem::take(&mut fx.load) {
                let chunks = self.storage.range(&layout::document_prefix(doc));
                fx.extend(self.engine.document_loaded(doc, chunks));
            }
            if fx.store.is_empty() && fx.load.is_empty() {
                break;
            }
        }
        for (_, frame) in fx.send {
            self.frames_sent.fetch_add(1, Ordering::Relaxed);
            let _ = self.out.send(Message::Binary(frame.into()));
        }
        if !fx.close.is_empty() {
            let _ = self.out.send(Message::Close(None));
        }
        self.events.extend(fx.events);
        self.changed.send_modify(|v| *v += 1);
    }

    pub fn document(&self, id: DocumentId) -> Option<&Automerge> {
        self.engine.document(id)
    }

    /// The errors the server closed the connection with.
    pub fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::PeerDisconnected { error: Some(e), .. } => Some(e.clone()),
                _ => None,
            })
            .collect()
    }
}

impl Client {
    /// Connects to `ws_url` (…/sync, with its `?token=`) and completes the handshake.
    pub async fn connect(ws_url: &str) -> Self {
        Self::connect_request(ws_url.into_client_request().unwrap()).await
    }

    /// Connects to `ws_url` sending `header` (a cookie or an `Authorization`).
    pub async fn connect_with(ws_url: &str, header: (&'static str, String)) -> Self {
        Self::connect_request(with_header(ws_url, header)).await
    }

    /// Connects with `request` and completes the handshake.
    pub async fn connect_request(request: Request) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("websocket connect");
        let (mut sink, mut stream) = ws.split();
        let (out, mut out_rx) = mpsc::unbounded_channel::<Message>();
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                let close = matches!(m, Message::Close(_));
                if sink.send(m).await.is_err() || close {
                    break;
                }
            }
        });
        let mut engine = Engine::new(EngineConfig::new(
            PeerId::random("rust-client"),
            Role::Client,
        ));
        let (conn, fx) = engine.connect(Direction::Outgoing);
        let (changed_tx, changed) = watch::channel(0);
        let frames_sent = Arc::new(AtomicUsize::new(0));
        let inner = Arc::new(Mutex::new(Inner {
            engine,
            storage: MemoryStorage::new(),
            conn,
            events: Vec::new(),
            closed: false,
            out,
            frames_sent: frames_sent.clone(),
            changed: changed_tx,
        }));
        inner.lock().unwrap().apply(fx);
        let shared = inner.clone();
        let frames_received = Arc::new(AtomicUsize::new(0));
        let received = frames_received.clone();
        let reader = tokio::spawn(async move {
            while let Some(Ok(m)) = stream.next().await {
                if let Message::Binary(bytes) = m {
                    received.fetch_add(1, Ordering::Relaxed);
                    let mut inner = shared.lock().unwrap();
                    let fx = inner.engine.receive(conn, &bytes);
                    inner.apply(fx);
                }
            }
            let mut inner = shared.lock().unwrap();
            inner.closed = true;
            let fx = inner.engine.disconnect(conn);
            inner.apply(fx);
        });
        let client = Self {
            inner,
            changed,
            frames_sent,
            frames_received,
            reader,
        };
        client
            .wait_until("the handshake", |i| i.engine.is_ready(i.conn))
            .await;
        client
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap()
    }

    /// Creates a document with the content `f` writes; returns its id.
    pub fn create_doc(&self, f: impl FnOnce(&mut Automerge)) -> DocumentId {
        let id = self.lock().engine.create();
        self.change(id, f);
        id
    }

    /// Holds a new, empty document with a chosen id (its first change creates it).
    pub fn lock_create_as(&self, id: DocumentId) {
        self.lock().engine.create_as(id);
    }

    /// Creates a document as the app does for a signed-in person: its id minted for their
    /// account (a session may claim only such ids).
    pub fn create_doc_minted(&self, account: &impl ToString, f: impl FnOnce(&mut Automerge)) -> DocumentId {
        let id = self.lock().engine.create_as(DocumentId::minted_for(&account.to_string()));
        self.change(id, f);
        id
    }

    /// Changes a document this client holds.
    pub fn change(&self, id: DocumentId, f: impl FnOnce(&mut Automerge)) {
        let mut inner = self.lock();
        let ((), fx) = inner.engine.change(id, f).expect("the document is open");
        inner.apply(fx);
    }

    /// Puts `value` at the root key `key` as a plain string.
    pub fn put(&self, id: DocumentId, key: &str, value: &str) {
        self.change(id, |d| {
            use automerge::transaction::Transactable;
            let mut tx = d.transaction();
            tx.put(ROOT, key, value).unwrap();
            tx.commit();
        });
    }

    /// Sends an ephemeral message (presence) about `id` to the server.
    pub fn broadcast_ephemeral(&self, id: DocumentId, data: &[u8]) {
        let mut inner = self.lock();
        let fx = inner.engine.broadcast_ephemeral(id, data.to_vec()).expect("small enough");
        inner.apply(fx);
    }

    /// The ephemeral messages about `id` heard so far, in order.
    pub fn ephemeral_heard(&self, id: DocumentId) -> Vec<Vec<u8>> {
        self.read(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    Event::Ephemeral { document, data, .. } if *document == id => Some(data.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// Asks the server for a document this client does not hold.
    pub fn request(&self, id: DocumentId) {
        let mut inner = self.lock();
        let fx = inner.engine.request(id);
        inner.apply(fx);
    }

    /// Reads the client's state now.
    pub fn read<T>(&self, f: impl FnOnce(&Inner) -> T) -> T {
        f(&self.lock())
    }

    /// A root key of a document as a string, if present.
    pub fn get(&self, id: DocumentId, key: &str) -> Option<String> {
        self.read(|i| i.document(id).and_then(|d| get_str(d, key)))
    }

    /// Waits until `pred` holds; fails the test after [`WAIT`].
    pub async fn wait_until(&self, what: &str, pred: impl FnMut(&Inner) -> bool) {
        if !self.holds_within(WAIT, pred).await {
            let errors = self.lock().errors();
            panic!("timed out after {WAIT:?} waiting for {what} (errors from the server: {errors:?})");
        }
    }

    /// Waits until the root key `key` of `id` reads `value`.
    pub async fn wait_for_value(&self, id: DocumentId, key: &str, value: &str) {
        self.wait_until(&format!("{key} = {value:?} in {id}"), |i| {
            i.document(id).and_then(|d| get_str(d, key)).as_deref() == Some(value)
        })
        .await;
    }

    /// Waits until the server has confirmed holding every change this client has.
    pub async fn wait_all_on_server(&self) {
        self.wait_until("the server to hold every change", |i| {
            i.engine.summary().all_on_server()
        })
        .await;
    }

    /// Waits until `pred` holds, at most `within`; whether it did.
    pub async fn holds_within(&self, within: Duration, mut pred: impl FnMut(&Inner) -> bool) -> bool {
        let mut changed = self.changed.clone();
        let deadline = tokio::time::Instant::now() + within;
        loop {
            changed.borrow_and_update();
            if pred(&self.lock()) {
                return true;
            }
            if tokio::time::timeout_at(deadline, changed.changed()).await.is_err() {
                return false;
            }
        }
    }

    /// Ticks whenever the client's state may have changed (a frame in or out).
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changed.clone()
    }

    /// Binary frames this client has received so far.
    pub fn frames_received(&self) -> usize {
        self.frames_received.load(Ordering::Relaxed)
    }

    /// Frames this client has sent so far.
    pub fn frames_sent(&self) -> usize {
        self.frames_sent.load(Ordering::Relaxed)
    }
}

/// A websocket request for `ws_url` carrying one more header.
pub fn with_header(ws_url: &str, (name, value): (&'static str, String)) -> Request {
    let mut request = ws_url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert(name, HeaderValue::from_str(&value).unwrap());
    request
}

/// The HTTP status of a refused websocket handshake (`None` if it was accepted).
pub async fn refused_status(request: Request) -> Option<u16> {
    use tokio_tungstenite::tungstenite::Error;
    match tokio_tungstenite::connect_async(request).await {
        Ok(_) => None,
        Err(Error::Http(response)) => Some(response.status().as_u16()),
        Err(e) => panic!("the handshake failed without an HTTP answer: {e}"),
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// A root key as a string, whether stored as a plain string or as text (as the JS client
/// writes strings by default).
pub fn get_str(doc: &Automerge, key: &str) -> Option<String> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => s.as_str().map(str::to_owned),
        (Value::Object(ObjType::Text), obj) => doc.text(obj).ok(),
        _ => None,
    }
}
