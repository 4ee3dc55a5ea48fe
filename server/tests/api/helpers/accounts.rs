//! People for tests, written straight into a data directory's accounts tables through the
//! library (as the CLI does): partnerships, accounts with roles, API tokens and sessions.
//! Everything is idempotent by name and email, so a restarted server keeps its people.
//! A running server notices rows added here within its 500 ms tick (and tokens at once).

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use domain::DocumentId;
use quorum_server::{
    auth::{AccountId, AuthStore, Email, PartnershipId, Role, Secret, SessionId},
    clock::Clock,
    storage::DatabaseUrl,
};

/// The partnership and account every test server's default token acts for.
pub const DEFAULT_PARTNERSHIP: &str = "Test Safeguarding Partnership";
pub const DEFAULT_EDITOR: &str = "editor@example.org";

/// How a test authenticates to `/sync` and the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API token (`?token=` or `Authorization: Bearer`).
    Token(String),
    /// A session cookie's value (`quorum_session`).
    Session(String),
}

impl Credential {
    /// `(header name, value)` that carries this credential on a request.
    pub fn header(&self) -> (&'static str, String) {
        match self {
            Credential::Token(t) => ("authorization", format!("Bearer {t}")),
            Credential::Session(s) => ("cookie", format!("quorum_session={s}")),
        }
    }
}

/// One person in the accounts tables.
#[derive(Debug, Clone)]
pub struct Person {
    pub account: AccountId,
    pub email: String,
    pub credential: Credential,
    /// The session's public id, for a session credential.
    pub session: Option<SessionId>,
}

/// The accounts tables of one data directory.
pub struct Accounts {
    dir: PathBuf,
    store: AuthStore,
}

impl Accounts {
    pub fn open(data_dir: &Path) -> Self {
        Self::open_with_clock(data_dir, Clock::system())
    }

    /// With times (sessions, links) from `clock`, e.g. a test server's manual clock.
    pub fn open_with_clock(data_dir: &Path, clock: Clock) -> Self {
        Self::open_at(data_dir, None, clock)
    }

    /// The accounts of a server on `data_dir`, in PostgreSQL at `url` when given.
    pub fn open_for(data_dir: &Path, url: Option<&DatabaseUrl>) -> Self {
        Self::open_at(data_dir, url, Clock::system())
    }

    pub fn open_at(data_dir: &Path, url: Option<&DatabaseUrl>, clock: Clock) -> Self {
        Self {
            dir: data_dir.to_owned(),
            store: AuthStore::open_for(data_dir, url).expect("open the accounts tables").with_clock(clock),
        }
    }

    pub fn store(&self) -> &AuthStore {
        &self.store
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The partnership named `name`, created (with a fresh partnership document id) if
    /// missing. Returns its id and its document.
    pub fn partnership(&self, name: &str) -> (PartnershipId, DocumentId) {
        if let Some((id, _, doc)) = self.store.find_partnership(name).unwrap() {
            return (id, doc);
        }
        let doc = DocumentId::random();
        (self.store.create_partnership(name, doc).unwrap(), doc)
    }

    /// The account with `email`, created if missing.
    pub fn account(&self, email: &str) -> AccountId {
        let email = Email::parse(email).unwrap();
        match self.store.account_by_email(&email).unwrap() {
            Some(a) => a.id,
            None => {
                let name = email.as_str().split('@').next().unwrap_or("someone").to_owned();
                self.store.create_account(&email, &name, None).unwrap()
            }
        }
    }

    /// Gives `email` the role `role` in `partnership` (creating both if missing).
    pub fn member(&self, email: &str, partnership: &str, role: Role) -> AccountId {
        let (p, _) = self.partnership(partnership);
        let a = self.account(email);
        self.store.set_role(a, p, role).unwrap();
        a
    }

    /// A new API token for `email` acting in `partnership` (as `role` there).
    pub fn token(&self, email: &str, partnership: &str, role: Role) -> Person {
        let account = self.member(email, partnership, role);
        let (p, _) = self.partnership(partnership);
        let secret = Secret::generate().unwrap();
        self.store.add_api_token(&secret.hash(), account, p).unwrap();
        Person {
            account,
            email: email.to_owned(),
            credential: Credential::Token(secret.expose().to_owned()),
            session: None,
        }
    }

    /// A new signed-in session for the account `email` (which must exist).
    pub fn session(&self, email: &str) -> Person {
        let account = self.account(email);
        let secret = Secret::generate().unwrap();
        let id = self.store.create_session(&secret.hash(), account, "tests").unwrap();
        Person {
            account,
            email: email.to_owned(),
            credential: Credential::Session(secret.expose().to_owned()),
            session: Some(id),
        }
    }

    /// `email` signed in with `role` in `partnership`.
    pub fn signed_in(&self, email: &str, partnership: &str, role: Role) -> Person {
        self.member(email, partnership, role);
        self.session(email)
    }

    /// Records `partnership` as an owner of `doc`.
    pub fn own(&self, doc: DocumentId, partnership: &str) {
        let (p, _) = self.partnership(partnership);
        self.store.record_owner(doc, p).unwrap();
    }

    /// The token every test server hands out by default: an editor of the default
    /// partnership.
    pub fn default_token(&self) -> String {
        match self.token(DEFAULT_EDITOR, DEFAULT_PARTNERSHIP, Role::Editor).credential {
            Credential::Token(t) => t,
            Credential::Session(_) => unreachable!(),
        }
    }

    /// The account a change to `document` was attributed to, through the accounts store
    /// (SQLite or PostgreSQL, wherever the server keeps it).
    pub fn attributed_in(&self, document: domain::DocumentId, change: &automerge::ChangeHash) -> Option<String> {
        let hash = change.to_string();
        self.store.attribution(document).unwrap().into_iter().find(|a| a.change_hash == hash).map(|a| a.account.to_string())
    }

    /// The account a change was attributed to, read straight from the table.
    pub fn attributed_to(&self, change: &automerge::ChangeHash) -> Option<String> {
        let db = rusqlite::Connection::open(self.dir.join(quorum_server::storage::DATABASE_FILE)).unwrap();
        db.query_row(
            "SELECT account_id FROM attribution WHERE change_hash = ?1",
            [change.to_string()],
            |r| r.get(0),
        )
        .ok()
    }
}
