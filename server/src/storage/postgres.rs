//! The storage port on PostgreSQL (issue "Outgrow one machine"): the same contract as
//! [`super::SqliteStorage`] (checked by the shared conformance suite), for several server
//! nodes on one database. A commit is one transaction with `synchronous_commit` on (the
//! default): once it returns, the chunks survive a crash of the database server too.
//!
//! Relay between nodes: a storage that [announces](PgStorage::announce_as) its commits
//! sends, within the commit's transaction (so only once it is durable, and never for a
//! commit that failed), one `NOTIFY` on [`CHANNEL`] per document written, carrying only
//! `"<node> <document id>"`; other nodes load the document's new chunks themselves.

use std::fmt;

use std::collections::BTreeSet;

use domain::{
    storage::{layout, Storage, StorageError, StorageKey, StoreOp},
    DocumentId,
};
use tokio::sync::Mutex;
use tokio_postgres::{types::ToSql, Client, NoTls, Row};

use super::{AttributedChange, ClaimedDocument};

/// A connection to the database (one client, serialised: the hub commits one batch at a
/// time). The connection's driver task runs on the current tokio runtime.
pub struct PgStorage {
    client: Mutex<Client>,
    /// To connect again when the connection is lost.
    url: String,
    /// The node whose commits are announced on [`CHANNEL`], if any.
    node: Option<String>,
}

/// The `LISTEN`/`NOTIFY` channel that says which documents a node has just written.
pub const CHANNEL: &str = "quorum_documents";

/// A `"<node> <document id>"` notification, parsed: the node that wrote the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentWritten {
    pub node: String,
    pub document: DocumentId,
}

impl DocumentWritten {
    pub fn parse(payload: &str) -> Option<Self> {
        let (node, document) = payload.split_once(' ')?;
        Some(Self { node: node.to_owned(), document: document.parse().ok()? })
    }
}

impl fmt::Debug for PgStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PgStorage")
    }
}

impl PgStorage {
    /// Connects to `url` (`postgres://user@host:port/db`) and applies the migrations.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let mut client = open(url).await.map_err(backend)?;
        crate::db::postgres::migrate(&mut client).await.map_err(backend)?;
        Ok(Self { client: Mutex::new(client), url: url.to_owned(), node: None })
    }

    /// Announces every document a commit writes as written by `node` (a node id without
    /// spaces, like the server's peer id).
    pub fn announce_as(mut self, node: &str) -> Self {
        self.node = Some(node.to_owned());
        self
    }

    pub async fn get(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        // `key` is the primary key: at most one row.
        let rows = self.read("SELECT value FROM chunks WHERE key = $1", &[&key.encode()]).await?;
        Ok(rows.into_iter().next().map(|r| r.get(0)))
    }

    /// Every entry whose key starts with `prefix`'s components, in [`StorageKey`] order.
    pub async fn range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        let (exact, low, high) = prefix_bounds(prefix);
        let rows = self
            .read("SELECT key, value FROM chunks WHERE key = $1 OR (key >= $2 AND key < $3)", &[&exact, &low, &high])
            .await?;
        entries(rows)
    }

    /// The keys under `prefix` (as [`Self::range`], without the values).
    pub async fn keys(&self, prefix: &StorageKey) -> Result<Vec<StorageKey>, StorageError> {
        let (exact, low, high) = prefix_bounds(prefix);
        let rows = self.read("SELECT key FROM chunks WHERE key = $1 OR (key >= $2 AND key < $3)", &[&exact, &low, &high]).await?;
        let mut out = rows.into_iter().map(|r| parse_key(r.get(0))).collect::<Result<Vec<_>, _>>()?;
        out.sort();
        Ok(out)
    }

    /// The entries stored at `keys` (those that still are), in [`StorageKey`] order.
    pub async fn get_many(&self, keys: &[StorageKey]) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        let keys: Vec<String> = keys.iter().map(StorageKey::encode).collect();
        entries(self.read("SELECT key, value FROM chunks WHERE key = ANY($1)", &[&keys]).await?)
    }

    /// Up to `limit` keys after `after` (from the first when `None`), in the byte order of
    /// their string form (the column is `COLLATE "C"`, as SQLite compares).
    pub async fn keys_after(&self, after: Option<&StorageKey>, limit: usize) -> Result<Vec<StorageKey>, StorageError> {
        let after = after.map(StorageKey::encode).unwrap_or_default();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.read("SELECT key FROM chunks WHERE key > $1 ORDER BY key LIMIT $2", &[&after, &limit]).await?;
        rows.into_iter().map(|r| parse_key(r.get(0))).collect()
    }

    /// Whether any chunk is stored at all.
    pub async fn is_empty(&self) -> Result<bool, StorageError> {
        let rows = self.read("SELECT NOT EXISTS (SELECT 1 FROM chunks)", &[]).await?;
        Ok(rows.first().is_none_or(|r| r.get(0)))
    }

    /// Runs a read. A connection found lost (the database restarted, or cut it) is opened
    /// again and the read tried once more.
    async fn read(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, StorageError> {
        let mut client = self.client.lock().await;
        match client.query(sql, params).await {
            Err(e) if lost(&e, &client) => {
                self.reconnect(&mut client, &e).await?;
                client.query(sql, params).await
            }
            other => other,
        }
        .map_err(backend)
    }

    /// Applies `ops` in order in one transaction, all or none. A connection found lost
    /// (the database restarted, or cut it) is opened again and the transaction tried once
    /// more: its puts and deletes are idempotent, so this is safe even when the lost
    /// connection's commit had in fact gone through.
    pub async fn apply(&self, ops: &[StoreOp]) -> Result<(), StorageError> {
        self.apply_claimed(ops, &[], &[]).await
    }

    /// As [`Self::apply`], also recording who delivered which change and the owners of
    /// documents claimed this round, in the same transaction (the accounts store is in this
    /// database too): a document that meanwhile got another owner fails the whole commit,
    /// as on SQLite ([`super::SqliteStorage::apply_claimed`]). Attribution is append-only and
    /// claims idempotent, so the retry after a lost connection stays safe.
    pub async fn apply_claimed(
        &self,
        ops: &[StoreOp],
        attribution: &[AttributedChange],
        claims: &[ClaimedDocument],
    ) -> Result<(), StorageError> {
        let mut client = self.client.lock().await;
        match self.apply_once(&mut client, ops, attribution, claims).await {
            Err(Failed::Db(e)) if lost(&e, &client) => {
                self.reconnect(&mut client, &e).await?;
                self.apply_once(&mut client, ops, attribution, claims).await
            }
            other => other,
        }
        .map_err(|e| match e {
            Failed::Db(e) => backend(e),
            Failed::OwnedByOthers(doc) => StorageError::Backend(format!("document {doc} was given another owner meanwhile")),
        })
    }

    async fn apply_once(
        &self,
        client: &mut Client,
        ops: &[StoreOp],
        attribution: &[AttributedChange],
        claims: &[ClaimedDocument],
    ) -> Result<(), Failed> {
        let tx = client.transaction().await?;
        let put = tx
            .prepare("INSERT INTO chunks (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .await?;
        let delete = tx.prepare("DELETE FROM chunks WHERE key = $1").await?;
        for op in ops {
            match op {
                StoreOp::Put(key, value) => tx.execute(&put, &[&key.encode(), value]).await,
                StoreOp::Delete(key) => tx.execute(&delete, &[&key.encode()]).await,
            }?;
        }
        if let Some(node) = &self.node {
            let documents: BTreeSet<DocumentId> = ops
                .iter()
                .filter_map(|op| match op {
                    StoreOp::Put(key, _) | StoreOp::Delete(key) => layout::document_of(key),
                })
                .collect();
            for document in documents {
                // Delivered at commit, to listeners on every node (this one too: it ignores its own).
                tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &format!("{node} {document}")]).await?;
            }
        }
        if !attribution.is_empty() {
            let attribute = tx
                .prepare(
                    "INSERT INTO attribution (change_hash, document_id, account_id, at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                )
                .await?;
            for a in attribution {
                tx.execute(&attribute, &[&a.change.to_string(), &a.document.to_string(), &a.account, &a.at]).await?;
            }
        }
        for c in claims {
            let doc = c.document.to_string();
            tx.execute(
                "INSERT INTO document_owners (document_id, partnership_id)
                 SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM document_owners WHERE document_id = $1)
                 ON CONFLICT DO NOTHING",
                &[&doc, &c.partnership],
            )
            .await?;
            let owned: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM document_owners WHERE document_id = $1 AND partnership_id = $2)",
                    &[&doc, &c.partnership],
                )
                .await?
                .get(0);
            if !owned {
                return Err(Failed::OwnedByOthers(doc));
            }
        }
        Ok(tx.commit().await?)
    }

    /// Replaces the lost connection in `client` with a new one.
    async fn reconnect(&self, client: &mut Client, why: &tokio_postgres::Error) -> Result<(), StorageError> {
        tracing::warn!(error = %why, "the PostgreSQL connection was lost; connecting again");
        *client = open(&self.url).await.map_err(backend)?;
        Ok(())
    }
}

/// Why a commit failed.
enum Failed {
    Db(tokio_postgres::Error),
    OwnedByOthers(String),
}

impl From<tokio_postgres::Error> for Failed {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Db(e)
    }
}

/// A new connection to `url`, its driver running on the current tokio runtime.
async fn open(url: &str) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "the PostgreSQL connection ended");
        }
    });
    Ok(client)
}

/// `prefix` itself and the bounds of the keys under it: keys under `a/b` are `a/b/…`,
/// between `a/b/` and `a/b0` ('0' follows '/').
fn prefix_bounds(prefix: &StorageKey) -> (String, String, String) {
    let exact = prefix.encode();
    let (low, high) = (format!("{exact}/"), format!("{exact}0"));
    (exact, low, high)
}

/// `(key, value)` rows as entries in [`StorageKey`] order (component order differs from
/// the database's string order: `a/b` < `a-c` by component).
fn entries(rows: Vec<Row>) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
    let mut out = rows.into_iter().map(|r| Ok((parse_key(r.get(0))?, r.get::<_, Vec<u8>>(1)))).collect::<Result<Vec<_>, StorageError>>()?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn parse_key(key: String) -> Result<StorageKey, StorageError> {
    key.parse().map_err(|e| StorageError::Backend(format!("stored key is not a storage key: {e}")))
}

/// Whether `e` came from a connection that is gone (rather than from the statement).
fn lost(e: &tokio_postgres::Error, client: &Client) -> bool {
    e.is_closed() || client.is_closed()
}

impl Storage for PgStorage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.get(key).await
    }

    async fn load_range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        self.range(prefix).await
    }

    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        self.apply(&ops).await
    }
}

fn backend(e: tokio_postgres::Error) -> StorageError {
    // 53100: disk_full, 53200: out_of_memory: the store is full, not broken.
    match e.code().map(|c| c.code()) {
        Some("53100") => StorageError::QuotaExceeded(e.to_string()),
        _ => StorageError::Backend(e.to_string()),
    }
}
