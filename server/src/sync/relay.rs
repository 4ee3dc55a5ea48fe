//! Relay between nodes on one PostgreSQL: a connection that `LISTEN`s on
//! [`CHANNEL`](crate::storage::CHANNEL), where every node's commits say which documents
//! they wrote (`"<node> <document id>"`, sent in the commit's transaction). Each one another
//! node wrote goes to the hub, which, if it holds that document, loads the new chunks from
//! PostgreSQL and syncs its own peers ([`HubHandle::stored_elsewhere`]).
//!
//! It also `LISTEN`s on [`ACCESS_CHANNEL`], which the accounts tables' triggers notify in
//! every transaction that changes what access is built from (a role, grant, owner, token,
//! account or session): the hub reloads the access rules and re-checks its connections at
//! once ([`HubHandle::access_changed`]), so a revocation or sign-out on one node closes the
//! sockets it affects on every node. (The hub's 500 ms poll of `acl_version` catches what
//! is missed while the listener reconnects.)
//!
//! After each (re)connection the hub re-reads every document it holds, since what was
//! announced while the listener was away was not heard. The listener reconnects after a
//! second when its connection ends, until the hub stops.

use std::time::Duration;

use tokio::{sync::mpsc, task::JoinHandle};
use tokio_postgres::{AsyncMessage, NoTls};

use super::{HubHandle, HubStopped};
use crate::{
    db::postgres::ACCESS_CHANNEL,
    storage::{DatabaseUrl, DocumentWritten, CHANNEL},
};

/// How long the listener waits before connecting again.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// Starts listening for other nodes' commits on behalf of `hub`; `node` is this node's id
/// as its own commits announce it (ignored: the hub has those already).
pub(crate) fn start(url: DatabaseUrl, node: String, hub: HubHandle) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match listen(&url, &node, &hub).await {
                Ok(Stopped) => return,
                Err(e) => tracing::warn!(error = %e, "the relay's PostgreSQL connection ended; reconnecting"),
            }
            tokio::time::sleep(RECONNECT_AFTER).await;
        }
    })
}

/// The hub has stopped.
struct Stopped;

/// Listens until the hub stops (`Ok`) or the connection ends (`Err`, saying why).
async fn listen(url: &DatabaseUrl, node: &str, hub: &HubHandle) -> Result<Stopped, String> {
    let (client, mut connection) = tokio_postgres::connect(url.as_str(), NoTls).await.map_err(|e| e.to_string())?;
    let (tx, mut rx) = mpsc::unbounded_channel::<(String, String)>();
    // Drives the connection (the client's queries too), passing notifications on.
    let driver = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(n))) => {
                    if tx.send((n.channel().to_owned(), n.payload().to_owned())).is_err() {
                        return Ok(());
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            }
        }
    });
    if let Err(e) = client.batch_execute(&format!("LISTEN {CHANNEL}; LISTEN {ACCESS_CHANNEL}")).await {
        driver.abort();
        return Err(e.to_string());
    }
    if hub.relay_resumed().await.is_err() {
        driver.abort();
        return Ok(Stopped);
    }
    while let Some((channel, payload)) = rx.recv().await {
        if channel == ACCESS_CHANNEL {
            hub.access_changed().await;
            continue;
        }
        let Some(written) = DocumentWritten::parse(&payload) else {
            tracing::warn!(payload, "ignoring a notification that is not <node> <document>");
            continue;
        };
        if written.node == node {
            continue;
        }
        if let Err(HubStopped) = hub.stored_elsewhere(written.document).await {
            driver.abort();
            return Ok(Stopped);
        }
    }
    drop(client);
    match driver.await {
        Ok(Err(e)) => Err(e.to_string()),
        _ => Err("the database closed the connection".to_owned()),
    }
}
