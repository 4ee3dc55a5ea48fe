//! Small per-device settings in `localStorage` (via gloo-storage). Documents never go here:
//! they live in IndexedDB. If `localStorage` is unavailable, settings last for the page only.

use domain::{DocumentId, PeerId};
use gloo_storage::{LocalStorage, Storage as _};

const DEVICE_PEER: &str = "quorum.devicePeerId";
const LAST_PARTNERSHIP: &str = "quorum.lastPartnershipId";

/// This device's peer id, created on first use.
pub fn device_peer_id() -> PeerId {
    if let Some(id) = LocalStorage::get::<String>(DEVICE_PEER)
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return id;
    }
    let id = PeerId::random("browser");
    let _ = LocalStorage::set(DEVICE_PEER, id.as_str());
    id
}

/// The peer id of this tab: the device's id plus a per-tab suffix, so that two tabs of one
/// browser are two peers to the server (each has its own connection and sync state).
pub fn tab_peer_id() -> PeerId {
    PeerId::random(device_peer_id().as_str())
}

/// The partnership this person opened last on this device.
pub fn last_partnership() -> Option<DocumentId> {
    LocalStorage::get::<String>(LAST_PARTNERSHIP)
        .ok()?
        .parse()
        .ok()
}

pub fn set_last_partnership(id: DocumentId) {
    let _ = LocalStorage::set(LAST_PARTNERSHIP, id.to_string());
}
