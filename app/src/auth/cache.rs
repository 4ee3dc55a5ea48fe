//! What this device keeps about the account in `localStorage`: the last `Me` (so the app
//! starts offline with its documents) and new documents waiting to be registered with the
//! server. Signing out removes every `quorum.` key.

use domain::DocumentId;
use gloo_storage::{LocalStorage, Storage as _};
use serde::{Deserialize, Serialize};

use super::Me;

const ME: &str = "quorum.me";
const REGISTRATIONS: &str = "quorum.pendingRegistrations";
const REFUSED: &str = "quorum.refusedRegistrations";
const PREFIX: &str = "quorum.";

/// The last `Me` the server gave this device.
pub fn cached_me() -> Option<Me> {
    let raw = LocalStorage::raw().get_item(ME).ok()??;
    Me::parse(&raw).ok()
}

pub fn set_cached_me(me: &Me) {
    let _ = LocalStorage::raw().set_item(ME, &me.to_json());
}

/// A new document to register with `POST /api/documents` (queued while offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    #[serde(with = "domain::api::document_id")]
    pub document_id: DocumentId,
    /// The owning partnership's document (its server id comes from `Me` when sent).
    #[serde(with = "domain::api::document_id")]
    pub partnership: DocumentId,
    /// Owned like this document (a meeting like its joint group): all its owners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_like: Option<String>,
}

pub fn pending_registrations() -> Vec<Registration> {
    LocalStorage::raw()
        .get_item(REGISTRATIONS)
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

pub fn set_pending_registrations(list: &[Registration]) {
    let storage = LocalStorage::raw();
    if list.is_empty() {
        let _ = storage.remove_item(REGISTRATIONS);
    } else if let Ok(json) = serde_json::to_string(list) {
        let _ = storage.set_item(REGISTRATIONS, &json);
    }
}

/// Adds one registration to the queue (once).
pub fn queue_registration(r: Registration) {
    let mut list = pending_registrations();
    if !list.contains(&r) {
        list.push(r);
        set_pending_registrations(&list);
    }
}

/// New documents the server refused to register (another partnership holds the id, or this
/// account may not create there). Their local copies hold work the server has never had, so
/// they are never deleted by the start-up purge; the person is told (`SyncStatus`).
pub fn refused_registrations() -> Vec<Registration> {
    LocalStorage::raw()
        .get_item(REFUSED)
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// Keeps `r` among the refused registrations (once).
pub fn keep_refused(r: Registration) {
    let mut list = refused_registrations();
    if !list.contains(&r) {
        list.push(r);
        if let Ok(json) = serde_json::to_string(&list) {
            let _ = LocalStorage::raw().set_item(REFUSED, &json);
        }
    }
}

/// Removes every key this app wrote (sign-out).
pub fn clear_all() {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = storage.remove_item(&k);
    }
}
