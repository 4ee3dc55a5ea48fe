//! Counters the client benchmark (`tests/bench/client.mjs`) reads from the page: per
//! document id, how often a document was read (hydrated or walked) in
//! `window.__quorumReads`, and how often subscribers were told it changed in
//! `window.__quorumChanges`, when the page asked for them (`window.__quorumCount = true`
//! before the app starts). A counter is a few property reads and writes on a plain object,
//! but a keystroke counts several: off by default, they cost nothing.

use domain::DocumentId;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Adds one to `window[table][id]` (in a browser; nothing natively).
pub fn count(table: &str, id: DocumentId) {
    if !COUNT.with(|c| *c) {
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

/// Whether the page set `window[flag]` to something truthy (read once per flag).
fn asked_for(flag: &str) -> bool {
    cfg!(target_arch = "wasm32")
        && web_sys::window()
            .and_then(|w| Reflect::get(&w, &JsValue::from_str(flag)).ok())
            .is_some_and(|v| v.is_truthy())
}

thread_local! {
    /// Whether the page asked for the read and change counters (`window.__quorumCount`).
    static COUNT: bool = asked_for("__quorumCount");
    /// Whether the page asked for timings (`window.__quorumProfile = true` before the app
    /// starts; the benchmark sets it), read once.
    static PROFILE: bool = asked_for("__quorumProfile");
}

/// Milliseconds on the page's clock (`performance.now()`), when timings are on.
pub fn now() -> Option<f64> {
    if !PROFILE.with(|p| *p) {
        return None;
    }
    let window = web_sys::window()?;
    let performance = Reflect::get(&window, &JsValue::from_str("performance")).ok()?;
    let now: js_sys::Function = Reflect::get(&performance, &JsValue::from_str("now")).ok()?.into();
    now.call0(&performance).ok()?.as_f64()
}

/// Appends the time since `start` (from [`now`]) to `window.__quorumTimings[label]`.
pub fn elapsed(label: &str, start: Option<f64>) {
    let (Some(start), Some(end)) = (start, now()) else { return };
    let Some(window) = web_sys::window() else { return };
    let key = JsValue::from_str("__quorumTimings");
    let table = match Reflect::get(&window, &key) {
        Ok(v) if v.is_object() => v,
        _ => {
            let o: JsValue = Object::new().into();
            let _ = Reflect::set(&window, &key, &o);
            o
        }
    };
    let label = JsValue::from_str(label);
    let list = match Reflect::get(&table, &label) {
        Ok(v) if js_sys::Array::is_array(&v) => wasm_bindgen::JsCast::unchecked_into::<js_sys::Array>(v),
        _ => {
            let a = js_sys::Array::new();
            let _ = Reflect::set(&table, &label, &a);
            a
        }
    };
    list.push(&JsValue::from_f64(end - start));
}

/// Runs `f`, recording how long it took under `label` when timings are on.
pub fn timed<R>(label: &str, f: impl FnOnce() -> R) -> R {
    let start = now();
    let out = f();
    elapsed(label, start);
    out
}

thread_local! {
    static MARKS: std::cell::RefCell<std::collections::HashMap<&'static str, f64>> = Default::default();
}

/// Remembers now as the start of `what` (e.g. a save), when timings are on.
pub fn mark(what: &'static str) {
    if let Some(t) = now() {
        MARKS.with(|m| m.borrow_mut().insert(what, t));
    }
}

/// Records the time since [`mark`]`(what)` under `label`, if `what` was marked.
pub fn since(what: &'static str, label: &str) {
    let start = MARKS.with(|m| m.borrow().get(what).copied());
    if start.is_some() {
        elapsed(label, start);
    }
}
