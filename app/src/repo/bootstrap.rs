//! `GET /api/bootstrap`: which document is the root index.

use domain::DocumentId;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Asks the page's server for the root index document's id.
pub async fn fetch_root_document() -> Result<DocumentId, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str("/api/bootstrap"))
        .await
        .map_err(|e| format!("bootstrap request failed: {e:?}"))?
        .dyn_into()
        .map_err(|_| "bootstrap: not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("bootstrap answered {}", response.status()));
    }
    let body = JsFuture::from(response.json().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("bootstrap: invalid JSON: {e:?}"))?;
    Reflect::get(&body, &JsValue::from_str("rootDocumentId"))
        .ok()
        .and_then(|v| v.as_string())
        .ok_or("bootstrap: no rootDocumentId")?
        .parse()
        .map_err(|e| format!("bootstrap: {e}"))
}
