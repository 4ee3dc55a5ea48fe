//! Counters the client benchmark (`tests/bench/client.mjs`) reads from the page: per
//! document id, how often a document was read (hydrated or walked) in
//! `window.__quorumReads`, and how often subscribers were told it changed in
//! `window.__quorumChanges`. A counter is a property increment on a plain object: far
//! cheaper than the read it counts.

use domain::DocumentId;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Adds one to `window[table][id]` (in a browser; nothing natively).
pub fn count(table: &str, id: DocumentId) {
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let key = JsValue::from_str(table);
    let counts = match Reflect::get(&window, &key) {
        Ok(v) if v.is_object() => v,
        _ => {
            let o: JsValue = Object::new().into();
            let _ = Reflect::set(&window, &key, &o);
            o
        }
    };
    let id = JsValue::from_str(&id.to_string());
    let n = Reflect::get(&counts, &id).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let _ = Reflect::set(&counts, &id, &JsValue::from_f64(n + 1.0));
}

/// A read of document `id`.
pub fn read(id: DocumentId) {
    count("__quorumReads", id);
}

/// A change notice for document `id`.
pub fn changed(id: DocumentId) {
    count("__quorumChanges", id);
}
