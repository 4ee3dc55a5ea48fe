//! [`AccessControl`]: the shared handle every part of the server asks. It holds the
//! current [`Acl`] snapshot and the [`AuthStore`], authenticates cookies and tokens, and
//! answers whether a session is still alive.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, RwLock,
    },
    time::Duration,
};

use domain::DocumentId;

use super::{
    acl::{Acl, Principal, Via},
    secret,
    store::{ms, AclError, AuthStore, Claim, DocumentsError, SessionRecord},
    PartnershipId, SessionId,
};

/// Session lifetimes (the contract: 30 minutes idle, 12 hours in all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
        }
    }
}

impl SessionPolicy {
    /// Whether a session with these times is still valid now.
    pub fn alive(&self, s: &SessionRecord, now: i64) -> bool {
        now - s.last_seen_at < ms(self.idle) && now - s.created_at < ms(self.absolute)
    }

    /// How rarely activity is written back (a tenth of the idle timeout, at most 30 s).
    fn touch_gap_ms(&self) -> i64 {
        (ms(self.idle) / 10).min(30_000)
    }
}

/// Why the access rules could not be reloaded or a document claimed.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error(transparent)]
    Acl(#[from] AclError),
    #[error(transparent)]
    Documents(#[from] DocumentsError),
}

/// The shared access-control handle (cheap to clone).
#[derive(Debug, Clone)]
pub struct AccessControl {
    acl: Arc<RwLock<Arc<Acl>>>,
    store: Arc<AuthStore>,
    policy: SessionPolicy,
    /// The `(data_version, acl_version)` the snapshot was built at.
    seen: Arc<Mutex<(i64, i64)>>,
    /// Set when [`AccessControl::snapshot`] rebuilt a snapshot because a grant of it ended;
    /// the next [`AccessControl::reload_if_changed`] reports it (so open connections are
    /// re-checked).
    lapsed: Arc<AtomicBool>,
    /// Held through each reload, so reloads run one at a time and the last to start is the
    /// last to store its snapshot (with the accounts store's pooled connections, an older
    /// read finishing late would otherwise overwrite a newer one).
    reloading: Arc<Mutex<()>>,
    /// Refusals being counted rather than written one by one (see [`super::audit`]).
    pub(crate) denials: super::audit::Denials,
}

impl AccessControl {
    /// Loads the first snapshot from `store`.
    pub fn new(store: AuthStore, policy: SessionPolicy) -> Result<Self, AclError> {
        let store = Arc::new(store);
        let seen = (store.data_version()?, store.acl_version()?);
        let acl = store.load_acl()?;
        Ok(Self {
            acl: Arc::new(RwLock::new(Arc::new(acl))),
            store,
            policy,
            seen: Arc::new(Mutex::new(seen)),
            lapsed: Arc::new(AtomicBool::new(false)),
            reloading: Arc::new(Mutex::new(())),
            denials: super::audit::Denials::default(),
        })
    }

    /// The current snapshot. Hold it briefly: it does not follow later changes. When a
    /// grant of the current one has ended by the clock (a consultation closed), it is
    /// rebuilt first, so no answer ever counts an ended grant.
    pub fn snapshot(&self) -> Arc<Acl> {
        let acl = self.acl.read().unwrap_or_else(|e| e.into_inner()).clone();
        if !acl.next_expiry().is_some_and(|t| self.store.now_ms() >= t) {
            return acl;
        }
        match self.reload() {
            Ok(()) => {
                self.lapsed.store(true, Ordering::SeqCst);
                self.acl.read().unwrap_or_else(|e| e.into_inner()).clone()
            }
            Err(e) => {
                // Never answer from a snapshot with an ended grant: drop every grant that
                // ends by now until a reload succeeds.
                tracing::error!(error = ?e, "reloading the access rules after a grant ended failed");
                Arc::new(acl.without_grants_ending_by(self.store.now_ms()))
            }
        }
    }

    /// Re-reads the snapshot from the database (call after any role, grant, owner, token
    /// or session change).
    pub fn reload(&self) -> Result<(), AclError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let versions = (self.store.data_version()?, self.store.acl_version()?);
        let acl = Arc::new(self.store.load_acl()?);
        *self.acl.write().unwrap_or_else(|e| e.into_inner()) = acl;
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = versions;
        Ok(())
    }

    /// Reloads only when the access tables changed since the last load (by this process
    /// or another one, such as the CLI). Cheap enough to poll every 500 ms; returns
    /// whether anything changed (then re-check open connections, including their sessions).
    pub fn reload_if_changed(&self) -> Result<bool, AclError> {
        // A grant that ended by the clock rebuilds the snapshot (see `snapshot`).
        drop(self.snapshot());
        let lapsed = self.lapsed.swap(false, Ordering::SeqCst);
        Ok(self.reload_if_tables_changed()? || lapsed)
    }

    fn reload_if_tables_changed(&self) -> Result<bool, AclError> {
        let data_version = self.store.data_version()?;
        let (seen_data, seen_acl) = *self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if data_version == seen_data {
            // Nobody else committed; our own changes bump acl_version, so check it too.
            if self.store.acl_version()? == seen_acl {
                return Ok(false);
            }
        } else if self.store.acl_version()? == seen_acl {
            *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = (data_version, seen_acl);
            return Ok(false);
        }
        self.reload()?;
        Ok(true)
    }

    /// `PRAGMA data_version` of the store's connection (changes when another connection
    /// commits).
    pub fn data_version(&self) -> Result<i64, AclError> {
        self.store.data_version()
    }

    pub fn may_read(&self, p: &Principal, doc: DocumentId) -> bool {
        self.snapshot().may_read(p, doc)
    }

    pub fn may_write(&self, p: &Principal, doc: DocumentId) -> bool {
        self.snapshot().may_write(p, doc)
    }

    /// The signed-in principal of a session cookie's value, if the session is alive; marks
    /// the activity. Expired sessions are deleted.
    pub fn authenticate_session(&self, cookie_value: &str) -> Option<Principal> {
        self.session_of_cookie(cookie_value).map(|s| Principal {
            account: s.account,
            via: Via::Session(s.id),
        })
    }

    /// The live session record of a cookie value (touching it).
    pub(crate) fn session_of_cookie(&self, cookie_value: &str) -> Option<SessionRecord> {
        if !secret::plausible(cookie_value) {
            return None;
        }
        let record = self
            .store
            .session_by_hash(&secret::hash(cookie_value))
            .inspect_err(|e| tracing::error!(error = ?e, "reading a session"))
            .ok()??;
        self.keep_alive(record)
    }

    /// The principal of an API token, if it is known.
    pub fn authenticate_token(&self, token: &str) -> Option<Principal> {
        if !secret::plausible(token) {
            return None;
        }
        self.snapshot().token(&secret::hash(token))
    }

    /// Whether the session still exists and has not timed out. Does not count as activity.
    pub fn session_alive(&self, id: SessionId) -> bool {
        match self.store.session(id) {
            Ok(Some(s)) => self.policy.alive(&s, self.store.now_ms()),
            Ok(None) => false,
            Err(e) => {
                tracing::error!(error = ?e, "reading a session");
                false
            }
        }
    }

    /// Records activity on a session (websocket traffic); returns whether it is alive.
    pub fn touch_session(&self, id: SessionId) -> bool {
        match self.store.session(id) {
            Ok(Some(s)) => self.keep_alive(s).is_some(),
            Ok(None) => false,
            Err(e) => {
                tracing::error!(error = ?e, "reading a session");
                false
            }
        }
    }

    fn keep_alive(&self, s: SessionRecord) -> Option<SessionRecord> {
        if self.policy.alive(&s, self.store.now_ms()) {
            if let Err(e) = self.store.touch_session(s.id, self.policy.touch_gap_ms()) {
                tracing::error!(error = ?e, "touching a session");
            }
            Some(s)
        } else {
            let _ = self.store.delete_session(s.id);
            None
        }
    }

    /// Records that `partnership` owns `doc` (first write of a new document) and reloads.
    /// Returns whether the partnership owns it now.
    pub fn claim(&self, doc: DocumentId, partnership: PartnershipId) -> Result<bool, AccessError> {
        let claim = self.store.claim(doc, partnership)?;
        self.reload()?;
        Ok(claim == Claim::Owned)
    }

    /// A document's first owner was just recorded (with its first chunks, by the sync hub):
    /// the snapshot learns it without re-reading every table, so a flood of new documents
    /// costs no reloads.
    pub(crate) fn owner_recorded(&self, doc: DocumentId, partnership: PartnershipId) {
        let mut acl = self.acl.write().unwrap_or_else(|e| e.into_inner());
        Arc::make_mut(&mut acl).add_owner(doc, partnership);
    }

    pub fn store(&self) -> &AuthStore {
        &self.store
    }

    /// The store, to share with another part of the server (the sign-in limits).
    pub fn shared_store(&self) -> Arc<AuthStore> {
        Arc::clone(&self.store)
    }

    /// The clock sessions, links and invitations are timed by (the store's).
    pub fn clock(&self) -> &crate::clock::Clock {
        self.store.clock()
    }

    pub fn policy(&self) -> SessionPolicy {
        self.policy
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Email, Role, Secret};

    fn open() -> (tempfile::TempDir, AccessControl) {
        let dir = tempfile::TempDir::new().unwrap();
        let store = AuthStore::open_dir(dir.path()).unwrap();
        (dir, AccessControl::new(store, SessionPolicy::default()).unwrap())
    }

    #[test]
    fn changes_from_another_connection_are_noticed_and_loaded() {
        let (dir, ac) = open();
        assert!(!ac.reload_if_changed().unwrap());
        let other = AuthStore::open_dir(dir.path()).unwrap();
        let doc = DocumentId::random();
        let p = other.create_partnership("P", doc).unwrap();
        let a = other.create_account(&Email::parse("a@example.org").unwrap(), "A", None).unwrap();
        other.set_role(a, p, Role::Viewer).unwrap();
        let token = Secret::generate().unwrap();
        other.add_api_token(&token.hash(), a, p).unwrap();
        assert!(ac.reload_if_changed().unwrap());
        assert!(!ac.reload_if_changed().unwrap());
        let principal = ac.authenticate_token(token.expose()).unwrap();
        assert!(ac.may_read(&principal, doc));
        assert!(!ac.may_write(&principal, doc));
    }

    #[test]
    fn a_sign_in_is_not_an_access_change_and_a_sign_out_is() {
        let (dir, ac) = open();
        let other = AuthStore::open_dir(dir.path()).unwrap();
        let a = other.create_account(&Email::parse("a@example.org").unwrap(), "A", None).unwrap();
        assert!(ac.reload_if_changed().unwrap(), "a new account is");
        let session = other.create_session(&Secret::generate().unwrap().hash(), a, "test").unwrap();
        assert!(!ac.reload_if_changed().unwrap(), "a sign-in changes no one's access: no reload, no re-check of connections");
        assert!(other.delete_session(session).unwrap());
        assert!(ac.reload_if_changed().unwrap(), "a sign-out must close the sockets it authenticated");
    }

    #[test]
    fn a_consultation_grants_until_the_clock_passes_its_end_and_then_reports_a_change() {
        use crate::{auth::store::NewConsultation, clock::ManualClock};
        let dir = tempfile::TempDir::new().unwrap();
        let clock = ManualClock::starting_at(1_000_000);
        let store = AuthStore::open_dir(dir.path()).unwrap().with_clock(clock.clock());
        let (doc, comments) = (DocumentId::random(), DocumentId::random());
        let p = store.create_partnership("P", DocumentId::random()).unwrap();
        store.record_owner(doc, p).unwrap();
        let owner = store.create_account(&Email::parse("o@example.org").unwrap(), "O", None).unwrap();
        let a = store.create_account(&Email::parse("c@example.org").unwrap(), "C", None).unwrap();
        store
            .open_consultation(&NewConsultation {
                document: doc,
                comments,
                closes_on: "1970-01-01".into(),
                expires_at: 2_000_000,
                opened_by: owner,
                people: vec![a],
            })
            .unwrap();
        let ac = AccessControl::new(store, SessionPolicy::default()).unwrap();
        let consultee = Principal { account: a, via: Via::Session(SessionId::random()) };
        assert!(ac.may_read(&consultee, doc) && !ac.may_write(&consultee, doc));
        assert!(ac.may_write(&consultee, comments));
        assert!(ac.snapshot().owners(comments).eq([p]), "the comments belong to the document's owners");
        assert!(!ac.reload_if_changed().unwrap());

        clock.advance(Duration::from_millis(999_999));
        assert!(ac.may_read(&consultee, doc), "open until its last millisecond");
        clock.advance(Duration::from_millis(1));
        assert!(!ac.may_read(&consultee, doc) && !ac.may_read(&consultee, comments));
        assert!(ac.snapshot().shared_with(a).is_empty());
        assert!(ac.reload_if_changed().unwrap(), "the hub is told to re-check connections");
        assert!(!ac.reload_if_changed().unwrap());
    }

    #[test]
    fn sessions_authenticate_until_deleted() {
        let (_dir, ac) = open();
        let a = ac.store().create_account(&Email::parse("b@example.org").unwrap(), "B", None).unwrap();
        let cookie = Secret::generate().unwrap();
        let id = ac.store().create_session(&cookie.hash(), a, "test").unwrap();
        let p = ac.authenticate_session(cookie.expose()).unwrap();
        assert_eq!(p, Principal { account: a, via: Via::Session(id) });
        assert!(ac.session_alive(id));
        assert!(ac.authenticate_session("garbage").is_none());
        ac.store().delete_session(id).unwrap();
        assert!(!ac.session_alive(id));
        assert!(ac.authenticate_session(cookie.expose()).is_none());
    }
}
