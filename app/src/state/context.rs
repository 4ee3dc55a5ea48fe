use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::repo::{Notice, Repo, SyncSnapshot};

/// The repo in context, with the signals its notices drive.
///
/// `revision` moves on every document change (hooks read documents inside memos that
/// track it); `status` is the latest sync status.
#[derive(Clone, Debug)]
pub struct RepoCtx {
    repo: SendWrapper<Repo>,
    revision: RwSignal<u64>,
    status: RwSignal<SyncSnapshot>,
}

impl RepoCtx {
    pub fn repo(&self) -> &Repo {
        &self.repo
    }

    /// Subscribes the running reactive computation to document changes.
    pub fn track_documents(&self) {
        self.revision.track();
    }

    pub fn status(&self) -> ReadSignal<SyncSnapshot> {
        self.status.read_only()
    }
}

/// Puts `repo` in context and connects its notices to signals. Call once, in `App`.
pub fn provide_repo(repo: Repo) -> RepoCtx {
    let revision = RwSignal::new(0u64);
    let status = RwSignal::new(repo.snapshot());
    repo.subscribe(move |notice| match notice {
        Notice::DocumentsChanged(_) => revision.update(|r| *r = r.wrapping_add(1)),
        Notice::Status(snapshot) => status.set(snapshot.clone()),
        Notice::SessionInDoubt | Notice::SignedOutElsewhere => {}
    });
    let ctx = RepoCtx {
        repo: SendWrapper::new(repo),
        revision,
        status,
    };
    provide_context(ctx.clone());
    ctx
}

pub fn use_repo() -> RepoCtx {
    expect_context::<RepoCtx>()
}
