//! The hub against a real SQLite store, driven by a client engine without sockets.

use std::time::Duration;

use automerge::{transaction::Transactable, ROOT};
use domain::{
    protocol::{self, Message},
    storage::{layout, MemoryStorage},
    sync::{Direction, Effects, Engine, EngineConfig, Role},
    ConnectionId, DocumentId,
};

use super::{
    super::outbox::{self, Next, OutboxReader, Outgoing},
    Hub, HubHandle, Identity,
};
use crate::{
    auth::{AccessControl, AuthStore, Email, Principal, Role as AuthRole, SessionPolicy, Via},
    storage::SqliteStorage,
};

const WAIT: Duration = Duration::from_secs(10);

/// A hub on `dir` with one editor (acting by API token for its partnership), whose
/// identity connections use.
fn start_hub(dir: &std::path::Path, storage: SqliteStorage) -> (Hub, Identity) {
    let store = AuthStore::open_dir(dir).unwrap();
    let partnership = store.create_partnership("Test partnership", DocumentId::random()).unwrap();
    let account = store
        .create_account(&Email::parse("editor@example.org").unwrap(), "Editor", None)
        .unwrap();
    store.set_role(account, partnership, AuthRole::Editor).unwrap();
    let auth = AccessControl::new(store, SessionPolicy::default()).unwrap();
    let config = EngineConfig::new("server".parse().unwrap(), Role::Server);
    let limits = super::Limits {
        per_account: 64,
        queued_bytes: crate::sync::MAX_QUEUED_BYTES,
        evict_idle_after: crate::sync::DEFAULT_EVICT_IDLE_AFTER,
    };
    let hub = Hub::start(config, storage, auth, super::Rechecks::default(), super::Compactions::default(), limits).unwrap();
    let identity = Identity {
        principal: Principal {
            account,
            via: Via::Token { partnership },
        },
        token_hash: None,
    };
    (hub, identity)
}

/// A client engine wired to the hub through channels.
struct Peer {
    engine: Engine,
    storage: MemoryStorage,
    conn: ConnectionId,
    hub: HubHandle,
    hub_conn: ConnectionId,
    rx: OutboxReader,
}

impl Peer {
    async fn connect(hub: HubHandle, identity: Identity) -> Self {
        let engine = Engine::new(EngineConfig::new("client".parse().unwrap(), Role::Client));
        Self::reconnect(hub, identity, engine, MemoryStorage::new()).await
    }

    /// A new connection for an existing client.
    async fn reconnect(
        hub: HubHandle,
        identity: Identity,
        mut engine: Engine,
        storage: MemoryStorage,
    ) -> Self {
        let (tx, _control, rx) = outbox::channel();
        let hub_conn = hub.connect(identity, tx).await.unwrap();
        let (conn, fx) = engine.connect(Direction::Outgoing);
        let mut peer = Self {
            engine,
            storage,
            conn,
            hub,
            hub_conn,
            rx,
        };
        peer.carry_out(fx).await;
        peer
    }

    async fn carry_out(&mut self, fx: Effects) {
        self.storage.apply(fx.store).unwrap();
        self.engine.storage_committed(&fx.saved);
        for (_, frame) in fx.send {
            self.hub.frame(self.hub_conn, frame.into()).await.unwrap();
        }
    }

    /// The next thing the hub sends this connection.
    async fn next(&mut self) -> Option<Outgoing> {
        match tokio::time::timeout(WAIT, self.rx.next())
            .await
            .expect("the hub went quiet")
        {
            Next::Out(out) => Some(out),
            Next::Ended => None,
            other => panic!("the connection was aborted: {other:?}"),
        }
    }

    /// Exchanges frames until the server confirms holding everything.
    async fn sync_until_on_server(&mut self) {
        while !self.engine.summary().all_on_server() {
            match self.next().await {
                Some(Outgoing::Frame(frame)) => {
                    let fx = self.engine.receive(self.conn, &frame);
                    self.carry_out(fx).await;
                }
                other => panic!("connection ended: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn when_a_commit_fails_the_peer_gets_an_error_and_never_the_unstored_heads() {
    let dir = tempfile::TempDir::new().unwrap();
    let storage = SqliteStorage::open_dir(dir.path()).unwrap();
    storage.set_busy_timeout(Duration::from_millis(50)).unwrap();
    let (hub, identity) = start_hub(dir.path(), storage);
    let identity_account = identity.principal.account.to_string();
    let mut peer = Peer::connect(hub.handle(), identity.clone()).await;
    let doc: DocumentId = peer.engine.create();
    let change = |value: &'static str| {
        move |d: &mut automerge::Automerge| {
            let mut tx = d.transaction();
            tx.put(ROOT, "k", value).unwrap();
            tx.commit();
        }
    };
    let ((), fx) = peer.engine.change(doc, change("stored")).unwrap();
    peer.carry_out(fx).await;
    peer.sync_until_on_server().await;

    // Another writer holds the database: the hub's next commit fails.
    let blocker =
        rusqlite::Connection::open(dir.path().join(crate::storage::DATABASE_FILE)).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let ((), fx) = peer.engine.change(doc, change("not stored")).unwrap();
    let unstored = peer.engine.document(doc).unwrap().get_heads();
    peer.carry_out(fx).await;
    let error = loop {
        match peer.next().await {
            Some(Outgoing::Frame(frame)) => match protocol::decode(&frame).unwrap() {
                Message::Error { message } => break message,
                Message::Sync { data, .. } => {
                    let heads = automerge::sync::Message::decode(&data).unwrap().heads;
                    assert!(
                        !unstored.iter().any(|h| heads.contains(h)),
                        "the hub claimed an unstored change"
                    );
                }
                _ => {}
            },
            other => panic!("expected an error message first, got {other:?}"),
        }
    };
    assert!(error.contains("could not store"), "{error}");
    assert!(
        matches!(peer.next().await, Some(Outgoing::Close)),
        "then the connection is closed"
    );
    assert!(
        attributed(dir.path(), &unstored[0]).is_none(),
        "no attribution for a change whose commit failed"
    );
    blocker.execute_batch("ROLLBACK").unwrap();

    // The store holds only what was acknowledged; a new connection brings the rest.
    let fx = peer.engine.disconnect(peer.conn);
    assert!(fx.send.is_empty());
    let mut again = Peer::reconnect(hub.handle(), identity, peer.engine, peer.storage).await;
    again.sync_until_on_server().await;
    hub.shutdown().await;
    let storage = SqliteStorage::open_dir(dir.path()).unwrap();
    let chunks = storage.range(&layout::document_prefix(doc)).unwrap();
    let stored = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
    assert_eq!(
        stored.get_heads(),
        unstored,
        "after reconnecting, the change is stored"
    );
    for change in stored.get_changes(&[]) {
        assert_eq!(
            attributed(dir.path(), &change.hash()).as_deref(),
            Some(identity_account.as_str()),
            "every stored change is attributed to the account that delivered it"
        );
    }
}

/// The account a change is attributed to, read straight from the database.
fn attributed(dir: &std::path::Path, change: &automerge::ChangeHash) -> Option<String> {
    use rusqlite::OptionalExtension;
    let db = rusqlite::Connection::open(dir.join(crate::storage::DATABASE_FILE)).unwrap();
    db.query_row(
        "SELECT account_id FROM attribution WHERE change_hash = ?1",
        [change.to_string()],
        |r| r.get(0),
    )
    .optional()
    .unwrap()
}

#[tokio::test]
async fn no_reply_leaves_the_hub_before_its_commit_is_durable() {
    let dir = tempfile::TempDir::new().unwrap();
    let storage = SqliteStorage::open_dir(dir.path()).unwrap();
    let (hub, identity) = start_hub(dir.path(), storage);
    let mut peer = Peer::connect(hub.handle(), identity).await;
    let doc = peer.engine.create();
    let ((), fx) = peer
        .engine
        .change(doc, |d| {
            let mut tx = d.transaction();
            tx.put(ROOT, "k", "first").unwrap();
            tx.commit();
        })
        .unwrap();
    peer.carry_out(fx).await;
    peer.sync_until_on_server().await;

    // While another writer holds the database, the hub cannot commit: it must stay silent.
    let blocker =
        rusqlite::Connection::open(dir.path().join(crate::storage::DATABASE_FILE)).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let ((), fx) = peer
        .engine
        .change(doc, |d| {
            let mut tx = d.transaction();
            tx.put(ROOT, "k", "second").unwrap();
            tx.commit();
        })
        .unwrap();
    peer.carry_out(fx).await;
    let early = tokio::time::timeout(Duration::from_millis(300), peer.rx.next()).await;
    assert!(
        early.is_err(),
        "the hub replied before committing: {early:?}"
    );
    blocker.execute_batch("COMMIT").unwrap();
    peer.sync_until_on_server().await;
    hub.shutdown().await;
}
