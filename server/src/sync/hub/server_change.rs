//! Changes the server itself makes to a stored document, through the hub so connected
//! peers get them like any other change (sharing a group: the group's owners and the
//! other partnership's list of groups). The hub loads the document from storage first when
//! it is not in memory; the change is committed in the same round as the hub's other work.

use automerge::Automerge;
use domain::{storage::layout, sync::Effects, DocumentId};
use tokio::sync::oneshot;

use super::{HubHandle, HubStopped, Input, Worker};

/// What the server does to the document; `Err` (a message for logs and people) leaves
/// the document as it was.
pub(crate) type ChangeFn = Box<dyn FnOnce(&mut Automerge) -> Result<(), String> + Send>;

/// Why a server change did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ServerChangeError {
    #[error("the document is not stored on the server")]
    NotStored,
    #[error("{0}")]
    Refused(String),
    #[error("the sync hub has stopped")]
    Stopped,
}

impl From<HubStopped> for ServerChangeError {
    fn from(_: HubStopped) -> Self {
        Self::Stopped
    }
}

pub(super) struct ServerChange {
    document: DocumentId,
    change: ChangeFn,
    reply: oneshot::Sender<Result<(), ServerChangeError>>,
}

impl std::fmt::Debug for ServerChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerChange").field("document", &self.document).finish_non_exhaustive()
    }
}

impl HubHandle {
    /// Changes a stored document on the server's side; its peers are sent the change.
    pub(crate) async fn change_document(&self, document: DocumentId, change: ChangeFn) -> Result<(), ServerChangeError> {
        let (reply, rx) = oneshot::channel();
        self.send(Input::ServerChange(ServerChange { document, change, reply })).await?;
        rx.await.map_err(|_| ServerChangeError::Stopped)?
    }
}

impl Worker {
    pub(super) fn server_change(&mut self, c: ServerChange) -> Effects {
        let ServerChange { document, change, reply } = c;
        let mut fx = Effects::default();
        if self.engine.document(document).is_none() {
            let chunks = match self.storage.range(&layout::document_prefix(document)) {
                Ok(chunks) => chunks,
                Err(e) => {
                    tracing::error!(%document, error = %e, "loading a document for a server change failed");
                    Vec::new()
                }
            };
            if chunks.is_empty() {
                let _ = reply.send(Err(ServerChangeError::NotStored));
                return fx;
            }
            fx.extend(self.engine.document_loaded(document, chunks));
        }
        let outcome = match self.engine.change(document, change) {
            Ok((Ok(()), more)) => {
                fx.extend(more);
                Ok(())
            }
            Ok((Err(message), more)) => {
                fx.extend(more);
                Err(ServerChangeError::Refused(message))
            }
            Err(_) => Err(ServerChangeError::NotStored),
        };
        let _ = reply.send(outcome);
        fx
    }
}
