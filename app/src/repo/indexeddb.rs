//! [`Storage`] on IndexedDB: one object store of key string → bytes.
//!
//! - Keys are [`StorageKey::encode`]d strings, values `Uint8Array`s.
//! - [`Storage::commit`] is one `readwrite` transaction with `durability: "strict"` (Chrome's
//!   default is "relaxed", which may lose the last writes on power loss), awaited until the
//!   browser reports it complete. Any failure aborts the whole transaction: all or nothing.
//!   Saved views are written the same way (one private `write` helper), with the browser's
//!   default durability.
//! - A full disk (`QuotaExceededError`) maps to [`StorageError::QuotaExceeded`], for chunks
//!   and views alike.
//! - [`Storage::load_range`] scans the string range that holds every key under the prefix,
//!   keeps whole-component matches and sorts them by [`StorageKey`] order (which differs from
//!   IndexedDB's string order: `a/b/x` sorts before `a/b-c` by components).

use domain::storage::{Storage, StorageError, StorageKey, StoreOp};
use idb::{Factory, KeyRange, ObjectStoreParams, Query, TransactionResult};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use web_sys::{DomException, IdbDatabase, IdbTransaction};

use super::journal::Journal;

/// The database the app keeps its documents in (see the app contract).
pub const DATABASE: &str = "quorum";
const STORE: &str = "chunks";
/// Saved views of documents (see `super::view_cache`): key string → JSON string.
const VIEWS: &str = "views";
/// 2 added the views store.
pub(crate) const VERSION: u32 = 2;
/// Every store, as `index.html`'s preload reads them too.
pub(crate) const STORES: [&str; 2] = [STORE, VIEWS];

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase` seen through the signature web-sys exposes only behind
    /// `web_sys_unstable_apis`: `transaction(store, mode, options)` (for `durability`).
    #[wasm_bindgen(js_name = IDBDatabase)]
    type DatabaseWithOptions;

    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        store: &str,
        mode: &str,
        options: &Object,
    ) -> Result<IdbTransaction, JsValue>;
}

/// How hard a write transaction asks the browser to keep its writes on power loss.
#[derive(Clone, Copy, Debug)]
enum Durability {
    /// `durability: "strict"`: flushed to disk before the transaction completes.
    Strict,
    /// The browser's default (Chrome's is "relaxed").
    Default,
}

/// An open IndexedDB database holding documents' chunks.
#[derive(Debug)]
pub struct IndexedDbStorage {
    db: IdbDatabase,
    /// What `index.html` read at navigation, for the first [`IndexedDbStorage::load_all`] and
    /// the first [`IndexedDbStorage::load_views`] (see [`super::preload`]).
    preloaded_chunks: std::cell::RefCell<Option<Vec<(StorageKey, Vec<u8>)>>>,
    preloaded_views: std::cell::RefCell<Option<Vec<(String, String)>>>,
    /// What saves on the way out of a page also keep in `localStorage` (see [`Journal`]).
    journal: Journal,
}

impl IndexedDbStorage {
    /// Opens (creating if needed) the database `name`.
    pub async fn open(name: &str) -> Result<Self, StorageError> {
        let factory = Factory::new().map_err(backend)?;
        let mut request = factory.open(name, Some(VERSION)).map_err(backend)?;
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            match event.database() {
                Ok(db) => {
                    for name in STORES {
                        if db.store_names().iter().any(|s| s == name) {
                            continue;
                        }
                        if let Err(e) = db.create_object_store(name, ObjectStoreParams::new()) {
                            leptos::logging::error!("could not create the IndexedDB store {name}: {e}");
                        }
                    }
                }
                Err(e) => leptos::logging::error!("IndexedDB upgrade failed: {e}"),
            }
        });
        let db: IdbDatabase = request.await.map_err(classify_idb)?.into();
        Ok(Self::with_connection(db, name))
    }

    /// The storage over `db`, an open connection to database `name`.
    fn with_connection(db: IdbDatabase, name: &str) -> Self {
        // Another tab upgrading the schema must not be blocked by this connection.
        let on_version_change = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
            |event: web_sys::Event| {
                if let Some(db) = event
                    .target()
                    .and_then(|t| t.dyn_into::<IdbDatabase>().ok())
                {
                    db.close();
                }
            },
        );
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        on_version_change.forget(); // one per opened database, lives as long as the page
        Self { db, preloaded_chunks: Default::default(), preloaded_views: Default::default(), journal: Journal::of(name) }
    }

    /// Opens database `name`, taking what `index.html` already read of it when it is the
    /// app's database (see [`super::preload`]), and the connection it read it through (opened
    /// at navigation, while the app's code was still on its way: opening another one took
    /// some 25 ms of the app's start).
    pub async fn open_preloaded(name: &str) -> Result<Self, StorageError> {
        let mut preloaded = if name == DATABASE { super::preload::take().await } else { None };
        let storage = match preloaded.as_mut().and_then(|p| p.db.take()) {
            Some(db) => Self::with_connection(db, name),
            None => Self::open(name).await?,
        };
        if let Some(p) = preloaded {
            // Read as the storage reads its own stores; a chunk that is not bytes leaves the
            // ordinary read to report it.
            *storage.preloaded_chunks.borrow_mut() = chunk_entries(p.chunk_keys, p.chunks, None).ok();
            *storage.preloaded_views.borrow_mut() = Some(view_entries(p.view_keys, p.views));
        }
        Ok(storage)
    }

    /// Deletes the database `name` (tests; a "forget this device" action later).
    pub async fn delete(name: &str) -> Result<(), StorageError> {
        Journal::of(name).clear();
        let factory = Factory::new().map_err(backend)?;
        factory
            .delete(name)
            .map_err(backend)?
            .await
            .map_err(backend)
    }

    /// Closes the connection (pending transactions still finish).
    pub fn close(&self) {
        self.db.close();
    }

    /// Every entry in the database, sorted by key: how the app loads all documents at start.
    /// Chunks a page being left kept only in the [`Journal`] (its IndexedDB transaction
    /// went with the page) are among them, and are written here now.
    pub async fn load_all(&self) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        let preloaded = self.preloaded_chunks.borrow_mut().take();
        let mut chunks = match preloaded {
            Some(chunks) => chunks,
            None => self.scan(None, None).await?,
        };
        let kept = self.journal.read();
        if !kept.is_empty() {
            let names: Vec<String> = kept.iter().map(|(name, _, _)| name.clone()).collect();
            let ops = kept.iter().map(|(_, key, bytes)| StoreOp::Put(key.clone(), bytes.clone())).collect();
            match self.commit_now(ops).await {
                Ok(()) => self.journal.remove(&names),
                Err(e) => leptos::logging::warn!("could not move the chunks kept on leaving into IndexedDB: {e}"),
            }
            chunks.extend(kept.into_iter().map(|(_, key, bytes)| (key, bytes)));
            chunks.sort_by(|a, b| a.0.cmp(&b.0));
            chunks.dedup_by(|a, b| a.0 == b.0);
        }
        Ok(chunks)
    }

    /// Every saved view: key and JSON. Entries of another shape are skipped.
    pub async fn load_views(&self) -> Result<Vec<(String, String)>, StorageError> {
        let preloaded = self.preloaded_views.borrow_mut().take();
        if let Some(views) = preloaded {
            return Ok(views);
        }
        let tx = self.read_transaction(VIEWS)?;
        let store = tx.object_store(VIEWS).map_err(backend)?;
        let keys = store.get_all_keys(None, None).map_err(backend)?;
        let values = store.get_all(None, None).map_err(backend)?;
        let (keys, values) = (keys.await.map_err(classify_idb)?, values.await.map_err(classify_idb)?);
        Ok(view_entries(keys, values))
    }

    /// Writes views in one transaction (`None` deletes). Default durability: a view lost
    /// on power loss is only a slower start.
    pub async fn save_views(&self, writes: Vec<(String, Option<String>)>) -> Result<(), StorageError> {
        let writes = writes
            .into_iter()
            .map(|(key, json)| (key, json.map(|json| JsValue::from_str(&json))))
            .collect();
        self.write_now(VIEWS, Durability::Default, writes).await
    }

    /// [`Storage::commit`], its transaction issued before this returns (see
    /// [`super::platform::LocalStore::commit_now`]).
    pub fn commit_now(&self, ops: Vec<StoreOp>) -> impl std::future::Future<Output = Result<(), StorageError>> + 'static {
        let writes = ops
            .into_iter()
            .map(|op| match op {
                StoreOp::Put(key, bytes) => (key.encode(), Some(Uint8Array::from(bytes.as_slice()).into())),
                StoreOp::Delete(key) => (key.encode(), None),
            })
            .collect();
        self.write_now(STORE, Durability::Strict, writes)
    }

    /// [`IndexedDbStorage::commit_now`] for a page being left: the puts of `ops`, and those of
    /// the commit `in_flight` (which the page's going may abort), go to the [`Journal`]
    /// first (done when this returns), and leave it once IndexedDB has `ops` (committed
    /// after the one in flight: IndexedDB keeps the order transactions were made in).
    pub fn commit_leaving(
        &self,
        ops: Vec<StoreOp>,
        in_flight: &[StoreOp],
    ) -> impl std::future::Future<Output = Result<(), StorageError>> + 'static {
        let mut kept = self.journal.write(in_flight);
        kept.extend(self.journal.write(&ops));
        let journal = self.journal.clone();
        let committed = self.commit_now(ops);
        async move {
            let result = committed.await;
            if result.is_ok() {
                journal.remove(&kept);
            }
            result
        }
    }

    /// A `readwrite` transaction on `store` with `durability`.
    fn write_transaction(&self, store: &str, durability: Durability) -> Result<idb::Transaction, StorageError> {
        let raw = match durability {
            Durability::Strict => {
                let options = Object::new();
                Reflect::set(&options, &"durability".into(), &"strict".into())
                    .map_err(|e| StorageError::Backend(js_message(&e)))?;
                self.db
                    .unchecked_ref::<DatabaseWithOptions>()
                    .transaction_with_options(store, "readwrite", &options)
            }
            Durability::Default => self
                .db
                .transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite),
        };
        raw.map(idb::Transaction::from).map_err(|e| classify_js(&e))
    }

    /// A `readonly` transaction on `store`.
    fn read_transaction(&self, store: &str) -> Result<idb::Transaction, StorageError> {
        self.db
            .transaction_with_str(store)
            .map(idb::Transaction::from)
            .map_err(|e| classify_js(&e))
    }

    /// Applies `writes` to `store` in one transaction, in order: a value puts it under the
    /// key, `None` deletes the key. All or nothing: a request that cannot be queued aborts
    /// the transaction, and the future gives the outcome the browser reports. Errors are
    /// classified one way for every store (a full disk is [`StorageError::QuotaExceeded`]).
    /// The transaction is issued before this returns: it is the browser's from here on,
    /// whether or not anyone awaits it (a page being left still gets its last writes).
    fn write_now(
        &self,
        store: &str,
        durability: Durability,
        writes: Vec<(String, Option<JsValue>)>,
    ) -> impl std::future::Future<Output = Result<(), StorageError>> + 'static {
        let issued = self.issue(store, durability, writes);
        let store = store.to_owned();
        async move {
            let Some((commit, observer)) = issued? else { return Ok(()) };
            match commit.await {
                Ok(TransactionResult::Committed) => Ok(()),
                Ok(TransactionResult::Aborted) => Err(observer
                    .error()
                    .map(|e| classify_dom(&e))
                    .unwrap_or_else(|| {
                        StorageError::Backend(format!("the IndexedDB transaction on {store} was aborted"))
                    })),
                Err(e) => Err(observer
                    .error()
                    .map(|d| classify_dom(&d))
                    .unwrap_or_else(|| classify_idb(e))),
            }
        }
    }

    /// The transaction of `writes`, its requests queued and its commit asked for (`None`
    /// when there is nothing to write), with a second handle on it to read its `error`
    /// after it ends.
    #[allow(clippy::type_complexity)]
    fn issue(
        &self,
        store: &str,
        durability: Durability,
        writes: Vec<(String, Option<JsValue>)>,
    ) -> Result<Option<(idb::TransactionFuture, idb::Transaction)>, StorageError> {
        if writes.is_empty() {
            return Ok(None);
        }
        let tx = self.write_transaction(store, durability)?;
        let object_store = tx.object_store(store).map_err(backend)?;
        let observer = object_store.transaction();
        for (key, value) in writes {
            let key = JsValue::from_str(&key);
            let queued = match value {
                Some(value) => object_store.put(&value, Some(&key)).map(drop),
                None => object_store.delete(Query::Key(key)).map(drop),
            };
            if let Err(e) = queued {
                let _ = tx.abort();
                return Err(classify_idb(e));
            }
        }
        // Ask the browser to commit now; the future (listening from here on) resolves on
        // `complete`, `abort` or `error`.
        let commit = std::future::IntoFuture::into_future(tx.commit().map_err(classify_idb)?);
        Ok(Some((commit, observer)))
    }

    /// Entries with keys in `range` whose key starts with `prefix` (all if `None`), sorted.
    async fn scan(
        &self,
        range: Option<KeyRange>,
        prefix: Option<&StorageKey>,
    ) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        let tx = self.read_transaction(STORE)?;
        let store = tx.object_store(STORE).map_err(backend)?;
        let query = range.map(Query::from);
        // Two requests in one transaction see the same snapshot, in the same key order.
        let keys = store.get_all_keys(query.clone(), None).map_err(backend)?;
        let values = store.get_all(query, None).map_err(backend)?;
        let (keys, values) = (
            keys.await.map_err(classify_idb)?,
            values.await.map_err(classify_idb)?,
        );
        if keys.len() != values.len() {
            return Err(StorageError::Backend(
                "IndexedDB returned keys and values that differ in number".into(),
            ));
        }
        chunk_entries(keys, values, prefix)
    }
}

impl Storage for IndexedDbStorage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.read_transaction(STORE)?;
        let store = tx.object_store(STORE).map_err(backend)?;
        let value = store
            .get(Query::Key(JsValue::from_str(&key.encode())))
            .map_err(backend)?
            .await
            .map_err(classify_idb)?;
        match value {
            Some(v) if !v.is_undefined() => Ok(Some(bytes_of(&v)?)),
            _ => Ok(None),
        }
    }

    async fn load_range(
        &self,
        prefix: &StorageKey,
    ) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        // Every key under `a/b` (and `a/b` itself) lies in ["a/b", "a/b0"): '0' follows '/'.
        // Keys like "a/b-c" also lie there; `scan` drops them by whole-component matching.
        let lower = prefix.encode();
        let upper = format!("{lower}0");
        let range = KeyRange::bound(
            &JsValue::from_str(&lower),
            &JsValue::from_str(&upper),
            Some(false),
            Some(true),
        )
        .map_err(backend)?;
        self.scan(Some(range), Some(prefix)).await
    }

    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        self.commit_now(ops).await
    }
}

/// A chunks store's keys and values (as `getAllKeys` and `getAll` give them) as entries
/// under `prefix` (all if `None`), sorted by key: keys that are not ours are skipped, a value
/// that is not bytes is an error.
fn chunk_entries(
    keys: impl IntoIterator<Item = JsValue>,
    values: impl IntoIterator<Item = JsValue>,
    prefix: Option<&StorageKey>,
) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
    let mut out = Vec::new();
    for (key, value) in keys.into_iter().zip(values) {
        let Some(key) = key.as_string().and_then(|k| k.parse::<StorageKey>().ok()) else {
            continue; // not ours
        };
        if prefix.is_some_and(|p| !key.starts_with(p)) {
            continue;
        }
        out.push((key, bytes_of(&value)?));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The views store's keys and values as (key, JSON); entries of another shape are skipped.
fn view_entries(keys: impl IntoIterator<Item = JsValue>, values: impl IntoIterator<Item = JsValue>) -> Vec<(String, String)> {
    keys.into_iter().zip(values).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect()
}

fn bytes_of(value: &JsValue) -> Result<Vec<u8>, StorageError> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(StorageError::Backend(
        "IndexedDB holds a value that is not bytes".into(),
    ))
}

fn backend(e: idb::Error) -> StorageError {
    StorageError::Backend(e.to_string())
}

fn classify_idb(e: idb::Error) -> StorageError {
    match &e {
        idb::Error::DomException(d) => classify_dom(d),
        _ => backend(e),
    }
}

fn classify_dom(e: &DomException) -> StorageError {
    let message = format!("{}: {}", e.name(), e.message());
    if e.name() == "QuotaExceededError" {
        StorageError::QuotaExceeded(message)
    } else {
        StorageError::Backend(message)
    }
}

fn classify_js(e: &JsValue) -> StorageError {
    match e.dyn_ref::<DomException>() {
        Some(d) => classify_dom(d),
        None => StorageError::Backend(js_message(e)),
    }
}

fn js_message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown IndexedDB error".into())
}
