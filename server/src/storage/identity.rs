//! Who this server is in the sync protocol, stable per data directory.

use domain::{storage::StorageError, PeerId};

use super::SqliteStorage;

const PEER_ID: &str = "peer_id";
const STORAGE_ID: &str = "storage_id";

/// The server's peer id (`server-<uuid>`) and the storage id it announces in `peer`.
#[derive(Debug, Clone)]
pub struct ServerIdentity {
    pub peer_id: PeerId,
    pub storage_id: String,
}

impl ServerIdentity {
    /// Reads the identity from the meta table, creating it on first start.
    pub fn load_or_create(storage: &SqliteStorage) -> Result<Self, StorageError> {
        if let (Some(peer), Some(storage_id)) = (storage.meta(PEER_ID)?, storage.meta(STORAGE_ID)?)
        {
            let peer_id = peer
                .parse()
                .map_err(|e| StorageError::Backend(format!("stored peer id is invalid: {e}")))?;
            return Ok(Self {
                peer_id,
                storage_id,
            });
        }
        let identity = Self {
            peer_id: PeerId::random("server"),
            storage_id: uuid::Uuid::new_v4().to_string(),
        };
        storage.apply(
            &[],
            &[
                (PEER_ID, identity.peer_id.as_str()),
                (STORAGE_ID, &identity.storage_id),
            ],
        )?;
        Ok(identity)
    }
}
