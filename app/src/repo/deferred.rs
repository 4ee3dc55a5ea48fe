//! Work kept off the input path. A change is shown at once ([`Repo::change`]); what it costs
//! beyond that waits:
//! - saving it (an incremental chunk and its IndexedDB transaction): the engine holds it
//!   ([`EngineConfig::defer_saves`](domain::sync::EngineConfig::defer_saves)) until a flush
//!   after the frame that shows it, one save per frame however many changes it covers, and
//!   at once when the page is hidden or the repo stops (nothing shown is lost to a reload);
//!   its sync message leaves with the change (the server holding it is more safety, not
//!   less);
//! - compacting a document's chunks into one snapshot (a `save()` of the whole document, tens
//!   of milliseconds for a long procedure): in idle time once changes pause for
//!   [`COMPACT_AFTER_QUIET_MS`], one document per idle slot, built from the document in
//!   memory ([`Engine::compaction_from_memory`](domain::sync::Engine::compaction_from_memory)).

use std::rc::Rc;

use super::{api::Repo, platform::LocalStore};

/// Changes pause this long before a document is compacted (a typing burst never is).
pub const COMPACT_AFTER_QUIET_MS: u32 = 2000;

impl<S: LocalStore + 'static> Repo<S> {
    /// Flushes after the frame what the engine holds, unless a flush is already due.
    pub(super) fn schedule_flush(&self) {
        if self.0.flush_scheduled.replace(true) {
            return;
        }
        let weak = Rc::downgrade(&self.0);
        self.0.platform.after_frame(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                Repo(inner).flush_now();
            }
        }));
    }

    /// Saves and sends now what the engine holds (the page is being hidden, or the frame is
    /// drawn). What it saves goes to storage in the effect queue.
    pub fn flush_now(&self) {
        self.0.flush_scheduled.set(false);
        let typed = std::mem::take(&mut *self.0.typed.borrow_mut());
        if !typed.is_empty() {
            super::probe::timed("flush.typed", || self.documents_changed(&typed));
        }
        let start = super::probe::now();
        let fx = self.0.engine.borrow_mut().flush();
        super::probe::elapsed("flush", start);
        let saved = !fx.saved.is_empty();
        self.enqueue_now(fx);
        if saved {
            self.schedule_compaction();
        }
        // Changes made since the last flush are now "saving".
        super::probe::timed("flush.status", || self.publish_status());
    }

    /// [`Repo::flush_now`] for a page being hidden or left, or a repo stopping: what is
    /// saved but not yet stored is issued to storage before this returns, not left to the
    /// queue, which would issue it only after the commit in flight completes, and by then
    /// a page being reloaded is gone with it (and with it the predecessors of what the page
    /// saves last: changes whose predecessors are missing never show). So it takes every
    /// batch queued and not yet started, adds what the engine holds for the next flush, and
    /// commits their store ops at once, keeping them and the commit in flight where the
    /// page's going cannot undo them ([`LocalStore::commit_leaving`]). Chunks are keyed by
    /// their content: one written twice (a later batch writing it again) is harmless. Their
    /// frames and notices go back to the head of the queue, in order.
    pub fn flush_before_leaving(&self) {
        self.0.flush_scheduled.set(false);
        let typed = std::mem::take(&mut *self.0.typed.borrow_mut());
        if !typed.is_empty() {
            self.documents_changed(&typed);
        }
        let (mut fx, taken) = self.take_queued();
        fx.extend(self.0.typed_fx.take());
        fx.extend(self.0.engine.borrow_mut().flush());
        let saved = !fx.saved.is_empty();
        if let (false, Some(storage)) = (fx.store.is_empty(), self.storage()) {
            let in_flight = self.0.in_flight_puts.borrow().clone();
            let written = storage.commit_leaving(std::mem::take(&mut fx.store), &in_flight);
            let what = std::mem::take(&mut fx.saved);
            self.0.pending.set(self.0.pending.get() + 1);
            let repo = self.clone();
            self.0.platform.spawn(Box::pin(async move {
                let more = repo.after_commit(written.await, &what);
                repo.enqueue_now(more);
                repo.batches_done(1);
            }));
        }
        // The rest (frames, notices; store ops only when there is no storage, for the queue
        // to report) goes first in the queue: after the batch it is carrying out, as before.
        if !(fx.is_empty() && fx.saved.is_empty()) {
            self.0.pending.set(self.0.pending.get() + 1);
            self.0.queued.borrow_mut().push_front(fx);
            let _ = self.0.queue.unbounded_send(());
        }
        if taken > 0 {
            self.batches_done(taken);
        }
        if saved {
            self.schedule_compaction();
        }
        self.publish_status();
    }

    /// (Re)arms the compaction: it runs once nothing was saved for
    /// [`COMPACT_AFTER_QUIET_MS`] and the device is idle.
    fn schedule_compaction(&self) {
        let weak = Rc::downgrade(&self.0);
        let timer = self.0.platform.when_idle(
            COMPACT_AFTER_QUIET_MS,
            Box::new(move || {
                if let Some(inner) = weak.upgrade() {
                    Repo(inner).compact_one();
                }
            }),
        );
        *self.0.compaction_timer.borrow_mut() = Some(timer);
    }

    /// Compacts one document due for it, and schedules the next.
    fn compact_one(&self) {
        self.0.compaction_timer.borrow_mut().take();
        if self.0.pending.get() > 0 || self.0.flush_scheduled.get() {
            // Saves are on their way: the chunk list is not yet what storage holds.
            self.schedule_compaction();
            return;
        }
        let due = self.0.engine.borrow_mut().compactions_due();
        self.0.compaction_backlog.borrow_mut().extend(due);
        let Some(id) = self.0.compaction_backlog.borrow_mut().pop() else { return };
        let Some(storage) = self.storage() else {
            self.0.engine.borrow_mut().compacted(id, None);
            return;
        };
        let start = super::probe::now();
        let compaction = self.0.engine.borrow().compaction_from_memory(id);
        super::probe::elapsed("compaction.build", start);
        let Some(compaction) = compaction else {
            self.0.engine.borrow_mut().compacted(id, None);
            self.schedule_compaction();
            return;
        };
        let repo = self.clone();
        self.0.platform.spawn(Box::pin(async move {
            match storage.commit(compaction.ops()).await {
                Ok(()) => repo.0.engine.borrow_mut().compacted(id, Some(&compaction)),
                Err(e) => {
                    leptos::logging::warn!("could not compact {id} on this device: {e}");
                    repo.0.engine.borrow_mut().compacted(id, None);
                }
            }
            if !repo.0.compaction_backlog.borrow().is_empty() {
                repo.schedule_compaction();
            }
        }));
    }
}
