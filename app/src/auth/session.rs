//! The signed-in state, in context: [`provide_auth`] once in `App`, [`use_me`] in pages.
//!
//! Local-first: a cached `Me` lets the app start offline with its documents; the network is
//! never waited for. On start, and whenever a websocket fails to open, `GET /api/me` says
//! whether the session is still good:
//! - yes → the cached `Me` is refreshed, new documents are registered, local copies the
//!   account may no longer read are deleted, and the repo connects;
//! - 401 → signed out: the repo stops connecting; with no cached `Me` the pages send the
//!   person to `/sign-in`, with one they keep working locally under a banner;
//! - unreachable → keep working; the repo's reconnects (with their backoff) ask again.

use leptos::{prelude::*, task::spawn_local};

use super::{
    api::{self, ApiError},
    cache::{self, Registration},
    purge, AccessRole, Me,
};
use crate::{
    repo::{ConnectionPhase, Notice},
    state::RepoCtx,
};

/// What the app knows about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    /// The first `GET /api/me` has not answered yet.
    Checking,
    /// The server confirmed the session.
    SignedIn,
    /// The server answered 401: no session, or it ended.
    SignedOut,
    /// The server could not be reached.
    Unreachable,
}

/// The account state in context. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AuthCtx {
    me: RwSignal<Option<Me>>,
    status: RwSignal<SessionStatus>,
    checking: RwSignal<bool>,
    /// Local copies were checked against `POST /api/documents/readable` (once per start).
    purged: RwSignal<bool>,
    repo: RepoCtx,
}

/// What pages read.
#[derive(Debug, Clone, Copy)]
pub struct UseMeReturn {
    /// The account, its partnerships and shared documents (cached or fresh).
    pub me: Signal<Option<Me>>,
    pub status: Signal<SessionStatus>,
    /// Signed out while this device holds the account's documents: work goes on locally,
    /// and a banner asks the person to sign in to sync.
    pub signed_out_with_data: Signal<bool>,
}

pub fn use_me() -> UseMeReturn {
    let auth = expect_context::<AuthCtx>();
    let (me, status) = (auth.me, auth.status);
    UseMeReturn {
        me: me.into(),
        status: status.into(),
        signed_out_with_data: Signal::derive(move || {
            status.get() == SessionStatus::SignedOut && me.with(Option::is_some)
        }),
    }
}

/// Puts the account state in context, from the cached `Me`, and follows its documents.
/// Call once in `App`, after [`crate::state::provide_repo`]; then [`AuthCtx::check`].
pub fn provide_auth(repo: RepoCtx) -> AuthCtx {
    let cached = cache::cached_me();
    if let Some(me) = &cached {
        repo.repo().follow(me.documents());
    }
    let auth = AuthCtx {
        me: RwSignal::new(cached),
        status: RwSignal::new(SessionStatus::Checking),
        checking: RwSignal::new(false),
        purged: RwSignal::new(false),
        repo,
    };
    let listener = auth.clone();
    auth.repo.repo().subscribe(move |notice| match notice {
        Notice::SessionInDoubt => {
            let auth = listener.clone();
            spawn_local(async move { auth.check().await });
        }
        Notice::Status(s) if s.phase == ConnectionPhase::Connected => {
            if listener.status.get_untracked() != SessionStatus::SignedIn {
                let auth = listener.clone();
                spawn_local(async move { auth.check().await });
            } else if !cache::pending_registrations().is_empty() {
                // Back online: documents made offline are registered now.
                spawn_local(flush_registrations());
            }
        }
        Notice::SignedOutElsewhere => go_to("/sign-in"),
        _ => {}
    });
    provide_context(auth.clone());
    auth
}

impl AuthCtx {
    pub fn me(&self) -> Signal<Option<Me>> {
        self.me.into()
    }

    /// The best role on document `doc` owned by partnership documents `owners`.
    pub fn role_for(&self, doc: domain::DocumentId, owners: &[domain::DocumentId]) -> Option<AccessRole> {
        self.me.with(|me| me.as_ref().and_then(|me| me.role_for(doc, owners)))
    }

    /// Asks the server whether the session is good (at most one request at a time).
    pub async fn check(&self) {
        if self.checking.get_untracked() {
            return;
        }
        self.checking.set(true);
        let answer = api::me().await;
        self.checking.set(false);
        match answer {
            Ok(me) => self.signed_in(me).await,
            Err(ApiError::SignedOut(_)) => {
                self.status.set(SessionStatus::SignedOut);
                self.repo.repo().disconnect();
            }
            Err(e) => {
                leptos::logging::warn!("could not check the session: {e}");
                if self.status.get_untracked() != SessionStatus::SignedIn {
                    self.status.set(SessionStatus::Unreachable);
                }
                // The websocket's reconnects (with backoff) ask again when they fail.
                if self.me.with_untracked(Option::is_some) {
                    self.repo.repo().connect();
                }
            }
        }
    }

    /// The server confirmed `me` (`/api/me`, sign-in, an accepted invitation): cache it,
    /// follow its documents, register new documents, delete what it may no longer read,
    /// connect.
    pub async fn signed_in(&self, me: Me) {
        let previous = self.me.get_untracked();
        if previous.as_ref().is_some_and(|p| p.account.id != me.account.id) {
            // Another account's documents are on this device: they go before this one's come.
            let repo = self.repo.repo().clone();
            cache::clear_all();
            cache::set_cached_me(&me);
            if let Err(e) = repo.wipe().await {
                leptos::logging::warn!("could not delete the previous account's data: {e}");
            }
            crate::papers::forget_all_papers().await;
            reload();
            return;
        }
        cache::set_cached_me(&me);
        let repo = self.repo.repo().clone();
        repo.follow(me.documents());
        self.me.set(Some(me));
        self.status.set(SessionStatus::SignedIn);
        flush_registrations().await;
        let held = if self.purged.get_untracked() { Vec::new() } else { repo.held_documents() };
        if !held.is_empty() {
            match api::readable(&held).await {
                Ok(readable) => {
                    let waiting: Vec<_> = cache::pending_registrations()
                        .iter()
                        .chain(cache::refused_registrations().iter())
                        .map(|r| r.document_id)
                        .collect();
                    let gone = purge::unreadable_copies(&held, &readable, &waiting);
                    if !gone.is_empty() {
                        leptos::logging::log!("deleting {} document(s) this account may no longer read", gone.len());
                        repo.forget(&gone).await;
                        crate::papers::forget_papers_of(&gone).await;
                    }
                    self.purged.set(true);
                }
                Err(e) => leptos::logging::warn!("could not check which documents are readable: {e}"),
            }
        }
        repo.connect();
    }

    /// Signs out on the server, then deletes this device's data (the database, the
    /// `localStorage` keys; other tabs are told) and goes to `/sign-in`. When the server
    /// cannot be reached nothing is deleted: the session would stay open.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        match api::sign_out().await {
            Ok(()) | Err(ApiError::SignedOut(_)) => {}
            Err(e) => return Err(e),
        }
        let repo = self.repo.repo().clone();
        repo.disconnect();
        if let Err(e) = repo.wipe().await {
            leptos::logging::warn!("could not delete this device's database: {e}");
        }
        crate::papers::forget_all_papers().await;
        cache::clear_all();
        self.me.set(None);
        self.status.set(SessionStatus::SignedOut);
        go_to("/sign-in");
        Ok(())
    }
}

/// Signs out (see [`AuthCtx::sign_out`]).
pub async fn sign_out() -> Result<(), ApiError> {
    expect_context::<AuthCtx>().sign_out().await
}

/// Queues registering a new document with the server, then tries to send the queue.
pub fn register_document(document: domain::DocumentId, partnership: domain::DocumentId, owned_like: Option<domain::DocumentId>) {
    cache::queue_registration(Registration { document_id: document, partnership, owned_like: owned_like.map(|d| d.to_string()) });
    spawn_local(flush_registrations());
}

thread_local! {
    static FLUSHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sends every queued registration; keeps those that could not be sent (offline, signed out).
/// One flush at a time.
pub async fn flush_registrations() {
    if FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    send_registrations().await;
    FLUSHING.with(|f| f.set(false));
}

async fn send_registrations() {
    let queue = cache::pending_registrations();
    if queue.is_empty() {
        return;
    }
    let Some(me) = cache::cached_me() else { return };
    let mut left = Vec::new();
    for r in &queue {
        let Some(p) = me.partnership_by_document(r.partnership) else {
            leptos::logging::warn!("{} belongs to a partnership this account is not in", r.document_id);
            continue;
        };
        match api::register_document(r.document_id, &p.id, r.owned_like.as_deref().and_then(|d| d.parse().ok())).await {
            Ok(()) => {}
            Err(e @ (ApiError::Conflict(_) | ApiError::Forbidden(_) | ApiError::Refused(_))) => {
                // Never retried, never deleted: the local copy keeps the person's work.
                leptos::logging::warn!("the server refused to register {}: {e}", r.document_id);
                cache::keep_refused(r.clone());
            }
            Err(_) => left.push(r.clone()),
        }
    }
    // Registrations queued while these were sent stay queued.
    left.extend(cache::pending_registrations().into_iter().filter(|r| !queue.contains(r)));
    cache::set_pending_registrations(&left);
}

fn go_to(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
