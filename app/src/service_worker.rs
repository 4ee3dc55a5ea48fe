//! Registers `/sw.js` (network first, cache fallback) so a reload works offline.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub(crate) fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Absent in insecure contexts (plain http on a non-local host) and some browsers.
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let registration = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(registration).await {
            leptos::logging::warn!("the service worker did not register: {e:?}");
        }
    });
}
