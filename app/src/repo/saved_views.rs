//! The [`Repo`]'s saved views (see [`super::view_cache`]): read from storage before the
//! documents at start, read in place of a document still loading, saved in idle time.

use domain::DocumentId;

use super::{
    api::{DocView, Repo},
    platform::LocalStore,
    view_cache::{SavedView, ViewCache},
};

/// Views saved this long after the last one changed (in idle time).
const SAVE_AFTER_MS: u32 = 200;

impl<S: LocalStore + 'static> Repo<S> {
    /// Reads document `id` as the view `T`. While the stored documents are still loading,
    /// a document not loaded yet reads as its saved view (if any); a loaded one is read and,
    /// if it differs from its saved view, saved.
    pub fn read_view<T: SavedView + autosurgeon::Hydrate>(&self, id: DocumentId) -> DocView<T> {
        let view = self.read::<T>(id);
        match &view {
            DocView::Ready(value) => {
                let changed = self.0.views.borrow_mut().put(id, value);
                if changed {
                    self.schedule_views_save();
                }
            }
            DocView::NotOpen | DocView::Loading if !self.is_loaded() => {
                if let Some(saved) = self.0.views.borrow().get::<T>(id) {
                    return DocView::Ready(saved);
                }
            }
            _ => {}
        }
        view
    }

    /// Keeps `value` as document `id`'s view `T` (built by a page, not read through
    /// [`Repo::read_view`]), for at most `keep` documents: the most recently kept.
    pub fn keep_view<T: SavedView>(&self, id: DocumentId, value: &T, keep: usize) {
        let changed = self.0.views.borrow_mut().put_recent(id, value, keep);
        if changed {
            self.schedule_views_save();
        }
    }

    /// Document `id`'s saved view `T`, while the document is not here to read (not loaded
    /// yet, or not on this device); `None` once it is.
    pub fn saved_view<T: SavedView>(&self, id: DocumentId) -> Option<T> {
        if self.is_ready(id) {
            return None;
        }
        self.0.views.borrow().get::<T>(id)
    }

    /// How many saved views are held (the start tells lists when there are any).
    pub fn saved_views(&self) -> usize {
        self.0.views.borrow().len()
    }

    /// Reads the saved views from storage (at start, before the documents).
    pub(super) async fn load_views(&self, storage: &S) {
        match storage.load_views().await {
            Ok(entries) => *self.0.views.borrow_mut() = ViewCache::loaded(entries),
            Err(e) => leptos::logging::warn!("saved views not read (the start is slower): {e}"),
        }
    }

    /// Drops the saved views of documents that left this device.
    pub(super) fn forget_views(&self, ids: &[DocumentId]) {
        self.0.views.borrow_mut().forget(ids);
        self.schedule_views_save();
    }

    fn schedule_views_save(&self) {
        if self.0.views_timer.borrow().is_some() || !self.0.views.borrow().has_unsaved() {
            return;
        }
        let weak = std::rc::Rc::downgrade(&self.0);
        let timer = self.0.platform.when_idle(
            SAVE_AFTER_MS,
            Box::new(move || {
                let Some(inner) = weak.upgrade() else { return };
                let repo = Repo(inner);
                repo.0.views_timer.borrow_mut().take();
                let platform = repo.0.platform.clone();
                platform.spawn(Box::pin(async move { repo.save_views_now().await }));
            }),
        );
        *self.0.views_timer.borrow_mut() = Some(timer);
    }

    /// Writes the views waiting now, in a task of its own (the page is being hidden or left).
    pub fn save_views_soon(&self) {
        if !self.0.views.borrow().has_unsaved() {
            return;
        }
        self.0.views_timer.borrow_mut().take();
        let repo = self.clone();
        self.0.platform.spawn(Box::pin(async move { repo.save_views_now().await }));
    }

    /// Writes the views waiting. A failed write waits for the next change of a view.
    pub async fn save_views_now(&self) {
        let Some(storage) = self.storage() else { return };
        let writes = self.0.views.borrow_mut().take_unsaved();
        if writes.is_empty() {
            return;
        }
        if let Err(e) = storage.save_views(writes.clone()).await {
            leptos::logging::warn!("saved views not written (the next start is slower): {e}");
            self.0.views.borrow_mut().unsaved_again(writes);
        }
    }
}
