use std::{
    any::{Any, TypeId},
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
};

use autosurgeon::Hydrate;
use automerge::Automerge;
use domain::DocumentId;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::repo::{DocView, Notice, Repo, SavedView, SyncSnapshot};

/// The repo in context, with the signals its notices drive.
///
/// Each document has its own signal, moved only when that document changes; hooks read
/// documents through [`RepoCtx::read`] / [`RepoCtx::with_document`], which subscribe the
/// running memo to exactly the documents it reads. A separate signal moves when the set of
/// documents on this device changes (they have loaded from storage, one arrived or went).
/// `status` is the latest sync status.
#[derive(Clone, Debug)]
pub struct RepoCtx {
    repo: SendWrapper<Repo>,
    signals: DocumentSignals,
    status: RwSignal<SyncSnapshot>,
    partials: Partials,
    ephemeral: EphemeralListeners,
}

/// Who listens to ephemeral messages (presence) about which document. Listeners are
/// removed by the key [`RepoCtx::on_ephemeral`] returns (a page's hook, on cleanup).
#[derive(Clone, Default)]
struct EphemeralListeners(Arc<Mutex<(u64, Vec<(u64, DocumentId, EphemeralListener)>)>>);

type EphemeralListener = SendWrapper<std::rc::Rc<dyn Fn(&[u8])>>;

impl std::fmt::Debug for EphemeralListeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map(|l| l.1.len()).unwrap_or(0);
        f.debug_struct("EphemeralListeners").field("listeners", &n).finish()
    }
}

impl EphemeralListeners {
    fn heard(&self, document: DocumentId, data: &[u8]) {
        let listeners: Vec<EphemeralListener> = {
            let inner = self.0.lock().unwrap_or_else(|e| e.into_inner());
            inner.1.iter().filter(|(_, d, _)| *d == document).map(|(_, _, f)| f.clone()).collect()
        };
        // Called outside the lock: a listener may send at once.
        for f in listeners {
            f(data);
        }
    }
}

/// One memo per document and partial type (a group's heading, a procedure's heading, a
/// meeting's summary or actions), made once under the app's owner and shared by every page: a
/// change to one document re-reads that document alone, and a list re-runs only when a part
/// it shows changed (not when a group's terms, a procedure's text or a meeting's minutes did).
#[derive(Clone, Debug)]
struct Partials {
    owner: Owner,
    memos: Arc<Mutex<HashMap<(TypeId, DocumentId), Box<dyn Any + Send + Sync>>>>,
}

impl RepoCtx {
    pub fn repo(&self) -> &Repo {
        &self.repo
    }

    /// Reads document `id` as `T`, subscribing the running computation to that document.
    pub fn read<T: Hydrate>(&self, id: DocumentId) -> DocView<T> {
        self.track_document(id);
        self.repo.read(id)
    }

    /// Group `id`'s heading (name, kind, owners, reporting lines), subscribing the running
    /// computation to that heading only: it re-runs when the heading changes, not on every
    /// change to the group.
    pub fn group_heading(&self, id: DocumentId) -> DocView<super::GroupHeading> {
        self.partial::<super::GroupHeading>(id).get()
    }

    /// Document `id` read as the partial type `T` (a few of its fields), in a memo shared by
    /// every reader: it re-reads when that document changes, and whoever reads the memo
    /// re-runs only when the part changed. Reading it in a list of many documents costs one
    /// clone (or none, with `Memo::with`) per document instead of one hydrate.
    pub fn partial<T>(&self, id: DocumentId) -> Memo<DocView<T>>
    where
        T: Hydrate + PartialEq + Send + Sync + 'static,
    {
        self.shared_memo(id, |ctx, id| ctx.read::<T>(id))
    }

    /// Document `id` read as the saved view `T`: a [`RepoCtx::partial`] that, while the
    /// stored documents still load at start, reads a document not loaded yet as the view
    /// saved when it was last read (see [`crate::repo::view_cache`]), so a long list draws
    /// before its documents have loaded.
    pub fn view<T>(&self, id: DocumentId) -> Memo<DocView<T>>
    where
        T: SavedView + autosurgeon::Hydrate + PartialEq + Send + Sync + 'static,
    {
        self.shared_memo(id, |ctx, id| {
            ctx.track_document(id);
            ctx.repo.read_view::<T>(id)
        })
    }

    /// The memo every reader of document `id` as `T` shares, made once with `read`.
    fn shared_memo<T>(&self, id: DocumentId, read: fn(&RepoCtx, DocumentId) -> DocView<T>) -> Memo<DocView<T>>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        let mut memos = self.partials.memos.lock().unwrap_or_else(|e| e.into_inner());
        let memo = memos.entry((TypeId::of::<T>(), id)).or_insert_with(|| {
            let ctx = self.clone();
            Box::new(self.partials.owner.with(|| Memo::new(move |_| read(&ctx, id)))) as Box<dyn Any + Send + Sync>
        });
        *memo.downcast_ref::<Memo<DocView<T>>>().expect("one memo type per TypeId")
    }

    /// Procedure `id`'s heading (title, status, review date, comments document), subscribing
    /// the running computation to that heading only: an edit of the procedure's text, or of
    /// another procedure, does not re-run it.
    pub fn procedure_heading(&self, id: DocumentId) -> DocView<super::ProcedureHeading> {
        self.partial::<super::ProcedureHeading>(id).get()
    }

    /// Runs `f` on document `id`'s automerge value, subscribing the running computation to
    /// that document.
    pub fn with_document<R>(&self, id: DocumentId, f: impl FnOnce(&Automerge) -> R) -> Option<R> {
        self.track_document(id);
        self.repo.with_document(id, f)
    }

    /// Whether stored documents have loaded, subscribing to the set of documents.
    pub fn is_loaded(&self) -> bool {
        self.signals.set.track();
        self.repo.is_loaded()
    }

    /// Subscribes the running computation to changes of document `id` only.
    pub fn track_document(&self, id: DocumentId) {
        self.signals.of(id).track();
    }

    /// Subscribes the running computation to the set of documents held here.
    pub fn track_document_set(&self) {
        self.signals.set.track();
    }

    /// Subscribes the running computation to a change of *any* document. Prefer
    /// [`RepoCtx::read`]: this re-runs on every change anywhere.
    pub fn track_documents(&self) {
        self.signals.any.track();
    }

    pub fn status(&self) -> ReadSignal<SyncSnapshot> {
        self.status.read_only()
    }

    /// Calls `f` with every ephemeral message others send about `document` (presence) until
    /// [`RepoCtx::off_ephemeral`] with the key returned.
    pub fn on_ephemeral(&self, document: DocumentId, f: impl Fn(&[u8]) + 'static) -> u64 {
        let mut inner = self.ephemeral.0.lock().unwrap_or_else(|e| e.into_inner());
        inner.0 += 1;
        let key = inner.0;
        inner.1.push((key, document, SendWrapper::new(std::rc::Rc::new(f))));
        key
    }

    pub fn off_ephemeral(&self, key: u64) {
        let mut inner = self.ephemeral.0.lock().unwrap_or_else(|e| e.into_inner());
        inner.1.retain(|(k, _, _)| *k != key);
    }
}

/// One trigger per document (made when something first reads it), one for the set of
/// documents, one for any change.
#[derive(Clone, Debug, Default)]
struct DocumentSignals {
    inner: Arc<Mutex<Signals>>,
    set: ArcTrigger,
    any: ArcTrigger,
}

#[derive(Debug, Default)]
struct Signals {
    docs: HashMap<DocumentId, ArcTrigger>,
    /// Documents the repo has said anything about (to notice new ones).
    seen: HashSet<DocumentId>,
}

impl DocumentSignals {
    fn of(&self, id: DocumentId) -> ArcTrigger {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.docs.entry(id).or_default().clone()
    }

    /// `ids` changed; none named means "any may have" (documents loaded from storage).
    fn changed(&self, ids: &[DocumentId]) {
        let (triggers, set_changed) = {
            let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            if ids.is_empty() {
                (inner.docs.values().cloned().collect::<Vec<_>>(), true)
            } else {
                let mut new = false;
                for id in ids {
                    new |= inner.seen.insert(*id);
                }
                (ids.iter().filter_map(|id| inner.docs.get(id).cloned()).collect(), new)
            }
        };
        // Notified outside the lock: a subscriber may read documents again at once.
        for t in triggers {
            t.notify();
        }
        if set_changed {
            self.set.notify();
        }
        self.any.notify();
    }
}

/// Puts `repo` in context and connects its notices to signals. Call once, in `App`.
pub fn provide_repo(repo: Repo) -> RepoCtx {
    let signals = DocumentSignals::default();
    let status = RwSignal::new(repo.snapshot());
    repo.set_follow_policy(super::follow::follow_policy());
    let ephemeral = EphemeralListeners::default();
    {
        let signals = signals.clone();
        let ephemeral = ephemeral.clone();
        repo.subscribe(move |notice| match notice {
            Notice::DocumentsChanged(ids) => signals.changed(ids),
            Notice::Status(snapshot) => status.set(snapshot.clone()),
            Notice::Ephemeral { document, data } => ephemeral.heard(*document, data),
            Notice::SessionInDoubt | Notice::SignedOutElsewhere => {}
        });
    }
    let ctx = RepoCtx {
        repo: SendWrapper::new(repo),
        signals,
        status,
        partials: Partials { owner: Owner::current().unwrap_or_default(), memos: Default::default() },
        ephemeral,
    };
    provide_context(ctx.clone());
    ctx
}

pub fn use_repo() -> RepoCtx {
    expect_context::<RepoCtx>()
}
