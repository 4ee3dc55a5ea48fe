//! Several tabs of one browser share documents live, and one of them holds the server
//! connection.
//!
//! Every tab keeps its own engine over the same IndexedDB database. After a tab saves chunks
//! it names the documents on a `BroadcastChannel`; the other tabs load those documents' chunks
//! from IndexedDB and merge them (`Engine::document_loaded` merges into a document already in
//! memory). Chunks are content-addressed and a tab only compacts chunks it knows, so concurrent
//! writes from two tabs both survive.
//!
//! The tab that holds the Web Lock `quorum-sync-<database>` is the leader: only it connects to
//! the server (the others' changes reach the server through its merge). It broadcasts its
//! connection status with, per follower tab, the last announcement it has merged, so a
//! follower says "all changes on the server" only once the leader has merged its changes and
//! the server confirmed them. When the leader's tab closes the lock passes to another tab.

use std::{collections::HashMap, rc::Rc};

use js_sys::{Object, Reflect};
use wasm_bindgen::{prelude::*, JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

#[wasm_bindgen(inline_js = "
export function acquire_lock(name, on_acquired) {
  if (!(navigator.locks && navigator.locks.request)) { on_acquired(); return; }
  navigator.locks.request(name, () => { on_acquired(); return new Promise(() => {}); })
    .catch(() => on_acquired());
}")]
extern "C" {
    fn acquire_lock(name: &str, on_acquired: &JsValue);
}

/// Calls `f` once this tab holds the lock `name` (at once where Web Locks are missing).
pub fn when_leader(name: &str, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    acquire_lock(name, &cb);
}

pub use super::leadership::{LeaderStatus, TabMessage};

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value);
}

impl TabMessage {
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        match self {
            TabMessage::Saved { ids, from, seq } => {
                set(&o, "t", "saved".into());
                let arr: js_sys::Array = ids.iter().map(|id| JsValue::from_str(&id.to_string())).collect();
                set(&o, "ids", arr.into());
                set(&o, "from", from.into());
                set(&o, "seq", (*seq).into());
            }
            TabMessage::Status(s) => {
                set(&o, "t", "status".into());
                set(&o, "connected", s.connected.into());
                set(&o, "connecting", s.connecting.into());
                set(&o, "allOnServer", s.all_on_server.into());
                set(&o, "lastSynced", s.last_synced.map(JsValue::from).unwrap_or(JsValue::NULL));
                let m = Object::new();
                for (k, v) in &s.merged {
                    set(&m, k, (*v).into());
                }
                set(&o, "merged", m.into());
            }
            TabMessage::Hello => set(&o, "t", "hello".into()),
            TabMessage::SyncNow => set(&o, "t", "sync-now".into()),
            TabMessage::SignedOut => set(&o, "t", "signed-out".into()),
            TabMessage::Ephemeral { document, data, outgoing } => {
                set(&o, "t", "ephemeral".into());
                set(&o, "document", JsValue::from_str(&document.to_string()));
                set(&o, "data", js_sys::Uint8Array::from(data.as_slice()).into());
                set(&o, "outgoing", (*outgoing).into());
            }
        }
        o.into()
    }

    fn from_js(v: &JsValue) -> Option<Self> {
        match get(v, "t").as_string()?.as_str() {
            "saved" => Some(TabMessage::Saved {
                ids: js_sys::Array::from(&get(v, "ids"))
                    .iter()
                    .filter_map(|v| v.as_string()?.parse().ok())
                    .collect(),
                from: get(v, "from").as_string()?,
                seq: get(v, "seq").as_f64()?,
            }),
            "status" => {
                let merged_js = get(v, "merged");
                let mut merged = HashMap::new();
                if let Some(obj) = merged_js.dyn_ref::<Object>() {
                    for key in Object::keys(obj).iter() {
                        if let (Some(k), Some(n)) = (key.as_string(), get(&merged_js, &key.as_string().unwrap_or_default()).as_f64()) {
                            merged.insert(k, n);
                        }
                    }
                }
                Some(TabMessage::Status(LeaderStatus {
                    connected: get(v, "connected").as_bool().unwrap_or(false),
                    connecting: get(v, "connecting").as_bool().unwrap_or(false),
                    all_on_server: get(v, "allOnServer").as_bool().unwrap_or(false),
                    last_synced: get(v, "lastSynced").as_f64(),
                    merged,
                }))
            }
            "hello" => Some(TabMessage::Hello),
            "sync-now" => Some(TabMessage::SyncNow),
            "signed-out" => Some(TabMessage::SignedOut),
            "ephemeral" => Some(TabMessage::Ephemeral {
                document: get(v, "document").as_string()?.parse().ok()?,
                data: get(v, "data").dyn_into::<js_sys::Uint8Array>().ok()?.to_vec(),
                outgoing: get(v, "outgoing").as_bool()?,
            }),
            _ => None,
        }
    }
}

/// This tab's end of the channel. Closing it (drop) stops both directions.
pub struct TabChannel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl std::fmt::Debug for TabChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TabChannel")
            .field("name", &self.channel.name())
            .finish()
    }
}

impl TabChannel {
    /// Opens channel `name`; `on_message` gets what the other tabs send.
    pub fn open(name: &str, on_message: impl Fn(TabMessage) + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Rc::new(on_message);
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(message) = TabMessage::from_js(&event.data()) {
                on_message(message);
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Some(Self {
            channel,
            _on_message: handler,
        })
    }

    pub fn post(&self, message: &TabMessage) {
        let _ = self.channel.post_message(&message.to_js());
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
