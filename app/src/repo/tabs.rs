//! Several tabs of one browser share documents live. Every tab keeps its own engine over the
//! same IndexedDB database; after a tab saves chunks it names the documents on a
//! `BroadcastChannel`, and the other tabs load those documents' chunks from IndexedDB and merge
//! them (`Engine::document_loaded` merges into a document already in memory). Chunks are
//! content-addressed and a tab only compacts the chunks it knows, so concurrent writes from
//! two tabs both survive.

use std::rc::Rc;

use domain::DocumentId;
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

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
    /// Opens channel `name`; `on_documents` gets the documents another tab saved.
    pub fn open(name: &str, on_documents: impl Fn(Vec<DocumentId>) + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_documents = Rc::new(on_documents);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let ids: Vec<DocumentId> = js_sys::Array::from(&event.data())
                .iter()
                .filter_map(|v| v.as_string()?.parse().ok())
                .collect();
            if !ids.is_empty() {
                on_documents(ids);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Self {
            channel,
            _on_message: on_message,
        })
    }

    /// Tells the other tabs that these documents have new chunks in IndexedDB.
    pub fn announce(&self, documents: impl IntoIterator<Item = DocumentId>) {
        let ids: js_sys::Array = documents
            .into_iter()
            .map(|id| JsValue::from_str(&id.to_string()))
            .collect();
        if ids.length() > 0 {
            let _ = self.channel.post_message(&ids);
        }
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
