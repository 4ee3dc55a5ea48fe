//! What `index.html` started reading from IndexedDB at navigation, while the app's code was
//! still downloading (`window.__quorumPreload`): every chunk and every saved view. The app's
//! storage takes it once, at start, instead of reading the database again, so the documents
//! are in memory when the app starts rather than some 50 ms later.
//!
//! A tab that saved meanwhile is heard on the tab bus as before (the bus opens once the
//! documents have loaded, as it did without the preload), and a preload that failed or is
//! missing (another page, a test's database) leaves the ordinary read.

use domain::storage::StorageKey;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The database, its version and its stores as `index.html` opens them.
pub const PRELOAD_OPEN: &str = r#"indexedDB.open("quorum", 2)"#;

/// Chunks (sorted by key, as a storage scan gives them) and saved views.
#[derive(Debug, Default)]
pub struct Preloaded {
    pub chunks: Vec<(StorageKey, Vec<u8>)>,
    pub views: Vec<(String, String)>,
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
    let field = |name: &str| Reflect::get(&read, &JsValue::from_str(name)).ok().and_then(|v| v.dyn_into::<Array>().ok());
    let (chunk_keys, chunks, view_keys, views) = (field("chunkKeys")?, field("chunks")?, field("viewKeys")?, field("views")?);
    if chunk_keys.length() != chunks.length() || view_keys.length() != views.length() {
        return None;
    }
    let mut out = Preloaded::default();
    for (key, value) in chunk_keys.iter().zip(chunks.iter()) {
        let Some(key) = key.as_string().and_then(|k| k.parse::<StorageKey>().ok()) else { continue };
        let bytes = match (value.dyn_ref::<js_sys::Uint8Array>(), value.dyn_ref::<js_sys::ArrayBuffer>()) {
            (Some(array), _) => array.to_vec(),
            (None, Some(buffer)) => js_sys::Uint8Array::new(buffer).to_vec(),
            // Not bytes: the ordinary read reports it.
            (None, None) => return None,
        };
        out.chunks.push((key, bytes));
    }
    out.chunks.sort_by(|a, b| a.0.cmp(&b.0));
    out.views = view_keys.iter().zip(views.iter()).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect();
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn index_html_opens_the_database_the_storage_opens() {
        let html = include_str!("../../web/index.html");
        assert!(html.contains(super::PRELOAD_OPEN), "index.html must open {}", super::PRELOAD_OPEN);
        let expected = format!(r#"indexedDB.open("{}", {})"#, super::super::indexeddb::DATABASE, super::super::indexeddb::VERSION);
        assert_eq!(super::PRELOAD_OPEN, expected);
        for store in super::super::indexeddb::STORES {
            assert!(html.contains(&format!("\"{store}\"")), "index.html reads the store {store}");
        }
    }
}
