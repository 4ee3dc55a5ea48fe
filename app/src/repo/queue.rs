//! The ordered effect queue: one task carries out the engine's [`Effects`], one batch after
//! another:
//! 1. commit the batch's store ops to storage in one transaction, then report the result
//!    ([`Engine::storage_committed`](domain::sync::Engine::storage_committed) /
//!    [`Engine::storage_failed`](domain::sync::Engine::storage_failed)); after a failure the
//!    changes stay in memory and
//!    [`Engine::retry_storage`](domain::sync::Engine::retry_storage) runs later, with
//!    backoff ([`storage_retry_delay_ms`]);
//! 2. send its frames on the socket (also after a failed commit: for a client the server
//!    holding a change is more, not less, safety);
//! 3. tell subscribers which documents changed and what the sync status is.
//!
//! Batches wait in a deque the task drains; a page being left takes the ones not yet started
//! and commits them at once ([`Repo::flush_before_leaving`]).

use std::{collections::HashSet, rc::Weak};

use domain::{
    storage::{layout, StorageError, StoreOp},
    sync::{Effects, Event, Saved},
    DocumentId,
};
use futures::{channel::mpsc, StreamExt};

use super::{
    api::{Inner, Repo},
    leadership::TabMessage,
    platform::LocalStore,
    status::ConnectionPhase,
};

/// Stored documents load in slices of about this long, the page drawing in between.
const LOAD_SLICE_MS: f64 = 12.0;

/// The wait before retrying a failed commit: 1 s doubling to 64 s.
pub fn storage_retry_delay_ms(attempt: u32) -> u32 {
    1000u32.saturating_mul(1 << attempt.min(6))
}

impl<S: LocalStore + 'static> Repo<S> {
    /// Queues what the engine asked for, and a flush after the frame of what it holds.
    pub(super) fn enqueue(&self, fx: Effects) {
        self.schedule_flush();
        self.enqueue_now(fx);
    }

    /// Queues what the engine asked for, after what it asked for on keystrokes not queued yet
    /// (see [`Repo::change_typing`]).
    pub(super) fn enqueue_now(&self, fx: Effects) {
        let typed = self.0.typed_fx.take();
        for fx in [typed, fx] {
            if fx.is_empty() && fx.saved.is_empty() {
                continue;
            }
            self.0.pending.set(self.0.pending.get() + 1);
            self.0.queued.borrow_mut().push_back(fx);
            if self.0.queue.unbounded_send(()).is_err() {
                // The queue has ended (the repo is going): nobody will carry it out.
                self.0.queued.borrow_mut().pop_back();
                self.0.pending.set(self.0.pending.get() - 1);
            }
        }
    }

    /// Takes every batch queued and not yet started (for a page being left: see
    /// [`Repo::flush_before_leaving`]), as one, and how many they were. Whoever takes them
    /// calls [`Repo::batches_done`] for them.
    pub(super) fn take_queued(&self) -> (Effects, usize) {
        let batches: Vec<Effects> = self.0.queued.borrow_mut().drain(..).collect();
        let n = batches.len();
        let mut all = Effects::default();
        for b in batches {
            all.extend(b);
        }
        (all, n)
    }

    pub(super) async fn load_documents(&self) {
        let Some(storage) = self.storage() else {
            return;
        };
        let read = super::probe::now();
        let (loaded, ()) = futures::join!(storage.load_all(), self.load_views(&storage));
        super::probe::elapsed("start: storage read", read);
        if self.saved_views() > 0 {
            // Lists can draw from the saved views while the documents load.
            self.notify(&super::api::Notice::DocumentsChanged(Vec::new()));
        }
        super::probe::elapsed("start: views read, since navigation", Some(0.0));
        match loaded {
            Ok(entries) => {
                let start = super::probe::now();
                let mut docs = chunks_by_document(entries);
                let mut rest = load_order(&docs);
                let mut next_opened = 0;
                let mut batch = Vec::new();
                let mut slice = self.0.platform.now_ms();
                // Documents opened before this index have had a frame drawn for them.
                let mut drawn_for = 0;
                let mut waited_for_large = false;
                while let Some(id) = self.next_to_load(&docs, &mut next_opened, &mut rest) {
                    let opened = next_opened > 0 && self.0.deferred_opens.borrow().get(next_opened - 1) == Some(&id);
                    if !waited_for_large && !opened && super::page_code::pending() && is_large(&docs[&id]) {
                        // Only large documents no page has opened are left, and the page's own
                        // code is still on its way: let it arrive and open what it needs first.
                        waited_for_large = true;
                        self.tell_loaded(&mut batch);
                        self.page_opens(LARGE_DOCUMENTS_WAIT_MS).await;
                        rest.push_front(id);
                        slice = self.0.platform.now_ms();
                        continue;
                    }
                    if opened && next_opened > drawn_for && is_large(&docs[&id]) {
                        // A page opened it: let the page draw what it has (a saved view of
                        // it, say) before a large document holds the thread, once for the
                        // documents it opened together. (A small one loads in a few
                        // milliseconds: the page draws once it has.)
                        drawn_for = self.0.deferred_opens.borrow().len();
                        self.tell_loaded(&mut batch);
                        self.frame_drawn().await;
                        slice = self.0.platform.now_ms();
                    }
                    let Some(chunks) = docs.remove(&id) else { break };
                    let one = super::probe::now();
                    let fx = self.0.engine.borrow_mut().document_loaded(id, chunks);
                    super::probe::elapsed("start: one document's load", one);
                    self.enqueue(fx);
                    batch.push(id);
                    // Every document the page has opened so far is here: it draws now, not
                    // after a slice of others it did not ask for.
                    let page_served = opened && next_opened == self.0.deferred_opens.borrow().len();
                    if !docs.is_empty() && (page_served || self.0.platform.now_ms() - slice >= LOAD_SLICE_MS) {
                        // The page draws what has loaded (and opens what it needs next).
                        self.notify(&super::api::Notice::DocumentsChanged(std::mem::take(&mut batch)));
                        super::probe::elapsed("start: a slice told, since navigation", Some(0.0));
                        self.0.platform.pause().await;
                        slice = self.0.platform.now_ms();
                    }
                }
                super::probe::elapsed("start: every document's load", start);
            }
            Err(e) => {
                leptos::logging::error!("could not load documents from storage: {e}");
                *self.0.storage_problem.borrow_mut() = Some(e);
            }
        }
    }

    /// Tells subscribers which documents of `batch` have loaded, if any (an empty
    /// `DocumentsChanged` would have every list read everything again).
    fn tell_loaded(&self, batch: &mut Vec<DocumentId>) {
        if !batch.is_empty() {
            self.notify(&super::api::Notice::DocumentsChanged(std::mem::take(batch)));
        }
    }

    /// Resolves when a page opens a document, or once the page's code has arrived and drawn
    /// (having opened what it needs), or after `ms` at the latest.
    async fn page_opens(&self, ms: u32) {
        use futures::future::{select, Either};
        let (opened_tx, opened_rx) = futures::channel::oneshot::channel();
        *self.0.opened_waiter.borrow_mut() = Some(opened_tx);
        let (timer_tx, timer_rx) = futures::channel::oneshot::channel::<()>();
        let _timer = self.0.platform.after(
            ms,
            Box::new(move || {
                let _ = timer_tx.send(());
            }),
        );
        let code = super::page_code::arrived();
        if let Either::Right((Either::Left(_), _)) = select(opened_rx, select(code, timer_rx)).await {
            // The code is here: the page renders (and opens its documents) before a frame.
            self.frame_drawn().await;
        }
        self.0.opened_waiter.borrow_mut().take();
    }

    /// Resolves once the page has drawn a frame (see [`super::platform::Platform::after_frame`]).
    async fn frame_drawn(&self) {
        let (tx, rx) = futures::channel::oneshot::channel();
        self.0.platform.after_frame(Box::new(move || {
            let _ = tx.send(());
        }));
        let _ = rx.await;
    }

    /// The next stored document to load: one a page has opened (in the order they were
    /// opened), else the next of `rest` (see [`load_order`]) not loaded yet.
    fn next_to_load<T>(
        &self,
        docs: &std::collections::BTreeMap<DocumentId, T>,
        next_opened: &mut usize,
        rest: &mut std::collections::VecDeque<DocumentId>,
    ) -> Option<DocumentId> {
        let opened = self.0.deferred_opens.borrow();
        while let Some(id) = opened.get(*next_opened) {
            *next_opened += 1;
            if docs.contains_key(id) {
                super::probe::elapsed("start: an opened document loads, since navigation", Some(0.0));
                return Some(*id);
            }
        }
        while let Some(id) = rest.pop_front() {
            if docs.contains_key(&id) {
                return Some(id);
            }
        }
        docs.keys().next().copied()
    }

    /// Another tab saved `ids`: merges their chunks from storage.
    pub(super) async fn merge_from_other_tab(&self, ids: Vec<DocumentId>) {
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

    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        match self.storage() {
            Some(storage) => storage.commit(ops).await,
            None => Err(StorageError::Backend("storage is not available on this device".into())),
        }
    }

    /// Tells the engine (and the other tabs) how the commit of `saved` went; what the
    /// engine asks for after a failure is returned, and a retry is scheduled.
    pub(super) fn after_commit(&self, committed: Result<(), StorageError>, saved: &[Saved]) -> Effects {
        match committed {
            Ok(()) => {
                self.0.engine.borrow_mut().storage_committed(saved);
                let docs: HashSet<DocumentId> = saved.iter().map(|s| s.document).collect();
                if !docs.is_empty() {
                    if let Some(tabs) = self.0.tabs.borrow().as_ref() {
                        let own_pending = self.0.changes.borrow().count > 0;
                        let seq = self.0.leadership.borrow_mut().saved(own_pending);
                        tabs.post(&TabMessage::Saved {
                            ids: docs.into_iter().collect(),
                            from: self.0.options.peer_id.to_string(),
                            seq,
                        });
                    }
                }
                self.0.platform.saved_on_device();
                if self.0.storage_problem.borrow_mut().take().is_some() {
                    self.0.storage_retry_attempt.set(0);
                }
                Effects::default()
            }
            Err(e) => {
                leptos::logging::warn!("saving on this device failed: {e}");
                let more = self.0.engine.borrow_mut().storage_failed(saved);
                *self.0.storage_problem.borrow_mut() = Some(e);
                self.schedule_storage_retry();
                more
            }
        }
    }

    /// Carries out one batch of effects, in the order the engine requires.
    async fn carry_out(&self, mut fx: Effects) {
        if !fx.store.is_empty() {
            let ops = std::mem::take(&mut fx.store);
            let saved = std::mem::take(&mut fx.saved);
            *self.0.in_flight_puts.borrow_mut() = small_puts(&ops);
            let start = super::probe::now();
            let committed = self.commit(ops).await;
            super::probe::elapsed("queue.commit", start);
            self.0.in_flight_puts.borrow_mut().clear();
            let more = self.after_commit(committed, &saved);
            fx.extend(more);
        }
        self.deliver(fx);
    }

    /// The rest of a batch once its store ops are done: sends its frames, closes what it
    /// closes, answers loads, tells subscribers.
    fn deliver(&self, mut fx: Effects) {
        let current = self.0.conn.get();
        let socket = self.0.socket.borrow().clone();
        for (conn, frame) in &fx.send {
            if Some(*conn) == current {
                if let Some(s) = &socket {
                    s.send(frame);
                }
            }
        }
        for conn in &fx.close {
            if Some(*conn) == current {
                self.0.conn.set(None);
                if let Some(s) = &socket {
                    s.reconnect_later();
                }
            }
        }
        // Only a server engine asks for loads; answered for completeness (after this
        // batch's frames, which were sent above).
        let mut loads = std::mem::take(&mut fx.load);
        loads.append(&mut fx.load_after_send);
        if !loads.is_empty() {
            let repo = self.clone();
            self.0.platform.spawn(Box::pin(async move {
                for id in loads {
                    let chunks = match repo.storage() {
                        Some(s) => s.load_range(&layout::document_prefix(id)).await.unwrap_or_default(),
                        None => Vec::new(),
                    };
                    let more = repo.0.engine.borrow_mut().document_loaded(id, chunks);
                    repo.enqueue(more);
                }
            }));
        }

        let mut changed = Vec::new();
        for event in fx.events {
            match event {
                Event::DocumentChanged(id) => {
                    self.0.unavailable.borrow_mut().remove(&id);
                    if !changed.contains(&id) {
                        changed.push(id);
                    }
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
                Event::PeerDisconnected { error: Some(error), .. } => {
                    leptos::logging::warn!("the server ended the connection: {error}");
                }
                Event::Ephemeral { document, data, .. } => {
                    if let Some(tabs) = self.0.tabs.borrow().as_ref() {
                        tabs.post(&TabMessage::Ephemeral { document, data: data.clone(), outgoing: false });
                    }
                    self.notify(&super::api::Notice::Ephemeral { document, data });
                }
                Event::PeerDisconnected { error: None, .. }
                | Event::ChangesReceived { .. }
                | Event::Claimed { .. }
                | Event::StorageFailed { .. } => {}
            }
        }
        if !changed.is_empty() {
            self.documents_changed(&changed);
        }
    }

    fn schedule_storage_retry(&self) {
        if self.0.storage_retry.borrow().is_some() {
            return;
        }
        let attempt = self.0.storage_retry_attempt.get();
        self.0.storage_retry_attempt.set(attempt.saturating_add(1));
        let weak = std::rc::Rc::downgrade(&self.0);
        let timer = self.0.platform.after(
            storage_retry_delay_ms(attempt),
            Box::new(move || {
                let Some(inner) = weak.upgrade() else { return };
                let repo = Repo(inner);
                repo.0.storage_retry.borrow_mut().take();
                let fx = repo.0.engine.borrow_mut().retry_storage();
                repo.enqueue(fx);
            }),
        );
        *self.0.storage_retry.borrow_mut() = Some(timer);
    }

    pub(super) fn batches_done(&self, n: usize) {
        let left = self.0.pending.get().saturating_sub(n);
        self.0.pending.set(left);
        self.publish_status();
        if left == 0 {
            for waiter in self.0.idle_waiters.borrow_mut().drain(..) {
                let _ = waiter.send(());
            }
        }
    }
}

/// A stored document this large (its chunks' bytes) takes long enough to load (a
/// 20,000-word procedure: a few hundred milliseconds, in one go) that it waits until a page
/// opens it, or until every smaller document has loaded and the page's code has arrived
/// (see [`super::page_code`]; [`LARGE_DOCUMENTS_WAIT_MS`] at most): before then it would
/// hold the thread while the page's own code and its saved views wait.
pub const LARGE_DOCUMENT_BYTES: usize = 64 * 1024;

/// How long the start waits at most, once only large documents are left and a page's code
/// is on its way, for the page to open one before it loads them anyway.
const LARGE_DOCUMENTS_WAIT_MS: u32 = 1000;

/// Whether a document's stored chunks add up to [`LARGE_DOCUMENT_BYTES`].
fn is_large<T: AsRef<[u8]>>(chunks: &[(domain::storage::StorageKey, T)]) -> bool {
    chunks.iter().map(|(_, b)| b.as_ref().len()).sum::<usize>() >= LARGE_DOCUMENT_BYTES
}

/// The order stored documents load in when no page has asked for one: the small ones first,
/// then the large (each in id order).
pub fn load_order<T: AsRef<[u8]>>(
    docs: &std::collections::BTreeMap<DocumentId, Vec<(domain::storage::StorageKey, T)>>,
) -> std::collections::VecDeque<DocumentId> {
    let (big, small): (Vec<_>, Vec<_>) = docs.iter().partition(|(_, chunks)| is_large(chunks));
    small.into_iter().chain(big).map(|(id, _)| *id).collect()
}

/// Groups stored entries by the document their chunk key belongs to (other keys ignored).
pub fn chunks_by_document(
    entries: Vec<(domain::storage::StorageKey, Vec<u8>)>,
) -> std::collections::BTreeMap<DocumentId, Vec<(domain::storage::StorageKey, Vec<u8>)>> {
    let mut docs: std::collections::BTreeMap<DocumentId, Vec<_>> = std::collections::BTreeMap::new();
    for (key, bytes) in entries {
        if let Some(id) = layout::document_of(&key) {
            docs.entry(id).or_default().push((key, bytes));
        }
    }
    docs
}

/// The single task that carries out effects in order. It holds the repo weakly, so it ends
/// when the repo is dropped (its sender goes with it).
///
/// Batches queued while one is carried out are carried out together: their store ops go
/// to storage in one transaction (in order), then their frames are sent in order, so each
/// frame still leaves only once what its batch saved is durable. A burst of arrivals (a new
/// device fetching every document) or of quick edits costs one commit, not one each.
pub(super) async fn run_queue<S: LocalStore + 'static>(repo: Weak<Inner<S>>, mut rx: mpsc::UnboundedReceiver<()>) {
    while let Some(()) = rx.next().await {
        while rx.try_recv().is_ok() {}
        let Some(inner) = repo.upgrade() else { break };
        let repo = Repo(inner);
        let (fx, batches) = repo.take_queued();
        if batches == 0 {
            continue; // a page being left took them
        }
        repo.carry_out(fx).await;
        repo.batches_done(batches);
    }
}

/// The puts of `ops` the journal would keep on leaving the page (see
/// [`super::journal::kept_puts`]), as store ops.
fn small_puts(ops: &[StoreOp]) -> Vec<StoreOp> {
    super::journal::kept_puts(ops).into_iter().map(|(key, bytes)| StoreOp::Put(key.clone(), bytes.to_vec())).collect()
}

#[cfg(test)]
mod tests {
    use super::storage_retry_delay_ms;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn small_documents_load_before_large_ones_each_in_id_order() {
        use domain::{storage::layout::{chunk_key, ChunkKind}, DocumentId};
        let mut ids: Vec<DocumentId> = (0..4).map(|_| DocumentId::random()).collect();
        ids.sort();
        let hash = |n: u8| automerge::ChangeHash([n; 32]);
        let chunk = |id: DocumentId, n: usize| (chunk_key(id, ChunkKind::Snapshot, &[hash(1)]), vec![0u8; n]);
        // ids[0] and ids[2] are large (one in a single chunk, one in two that add up).
        let big = super::LARGE_DOCUMENT_BYTES;
        let docs = super::chunks_by_document(vec![
            chunk(ids[0], big),
            chunk(ids[1], 10),
            chunk(ids[2], big / 2),
            (chunk_key(ids[2], ChunkKind::Incremental, &[hash(2)]), vec![0u8; big / 2]),
            chunk(ids[3], 10),
        ]);
        assert_eq!(super::load_order(&docs), [ids[1], ids[3], ids[0], ids[2]]);
    }

    #[wasm_bindgen_test]
    fn storage_retries_back_off_from_one_second_to_a_minute() {
        assert_eq!(storage_retry_delay_ms(0), 1000);
        assert_eq!(storage_retry_delay_ms(1), 2000);
        assert_eq!(storage_retry_delay_ms(6), 64_000);
        assert_eq!(storage_retry_delay_ms(u32::MAX), 64_000);
    }
}
