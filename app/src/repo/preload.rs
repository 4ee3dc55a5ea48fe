//! What `index.html` started reading from IndexedDB at navigation, while the app's code was
//! still downloading (`window.__quorumPreload`): every chunk and every saved view. The app's
//! storage takes it once, at start, instead of reading the database again, so the documents
//! are in memory when the app starts rather than some 50 ms later, and keeps the connection
//! it read them through.
//!
//! A tab that saved meanwhile is heard on the tab bus as before (the bus opens once the
//! documents have loaded, as it did without the preload), and a preload that failed or is
//! missing (another page, a test's database) leaves the ordinary read.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The keys and values of both stores, as `getAllKeys` and `getAll` gave them (the storage
/// reads them as it reads its own), and the connection they were read through, left open for
/// the storage to use.
#[derive(Debug, Default)]
pub struct Preloaded {
    pub db: Option<web_sys::IdbDatabase>,
    pub chunk_keys: Vec<JsValue>,
    pub chunks: Vec<JsValue>,
    pub view_keys: Vec<JsValue>,
    pub views: Vec<JsValue>,
}

/// The preload's result, once (`None` if there was none or it failed).
pub async fn take() -> Option<Preloaded> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("__quorumPreload");
    let promise = Reflect::get(&window, &key).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    let read = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if !read.is_object() {
        return None;
    }
    let db = Reflect::get(&read, &JsValue::from_str("db")).ok().and_then(|v| v.dyn_into::<web_sys::IdbDatabase>().ok());
    let field = |name: &str| Reflect::get(&read, &JsValue::from_str(name)).ok().and_then(|v| v.dyn_into::<Array>().ok());
    match (field("chunkKeys"), field("chunks"), field("viewKeys"), field("views")) {
        (Some(chunk_keys), Some(chunks), Some(view_keys), Some(views))
            if chunk_keys.length() == chunks.length() && view_keys.length() == views.length() =>
        {
            Some(Preloaded { db, chunk_keys: chunk_keys.to_vec(), chunks: chunks.to_vec(), view_keys: view_keys.to_vec(), views: views.to_vec() })
        }
        _ => {
            // Unusable: its connection is not left open (it would hold up another tab's
            // upgrade of the schema).
            if let Some(db) = db {
                db.close();
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn index_html_opens_the_database_the_storage_opens() {
        let html = include_str!("../../web/index.html");
        let open = format!(r#"indexedDB.open("{}", {})"#, super::super::indexeddb::DATABASE, super::super::indexeddb::VERSION);
        assert!(html.contains(&open), "index.html must open the database as the storage does: {open}");
        for store in super::super::indexeddb::STORES {
            assert!(html.contains(&format!("\"{store}\"")), "index.html reads the store {store}");
        }
    }
}
