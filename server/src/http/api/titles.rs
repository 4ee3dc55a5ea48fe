//! Names for the ids audit rows carry: a document id becomes the partnership's name (the
//! server keeps those) or the stored document's `name` (a group's, a person's), in quotes.

use std::collections::HashMap;

use automerge::{ReadDoc, ScalarValue, Value, ROOT};
use domain::{storage::layout, DocumentId};

use std::sync::Mutex;

use crate::{auth::AuthStore, storage::DocumentStore};

/// Looks up and remembers document titles for one answer.
pub(super) struct Titles<'a> {
    auth: &'a AuthStore,
    storage: &'a Mutex<DocumentStore>,
    known: HashMap<DocumentId, Option<String>>,
}

impl<'a> Titles<'a> {
    pub(super) fn new(auth: &'a AuthStore, storage: &'a Mutex<DocumentStore>) -> Self {
        Self {
            auth,
            storage,
            known: HashMap::new(),
        }
    }

    /// The document's title, if the server knows it.
    pub(super) fn title(&mut self, doc: DocumentId) -> Option<String> {
        if let Some(t) = self.known.get(&doc) {
            return t.clone();
        }
        let title = self
            .auth
            .partnership_by_document(doc)
            .ok()
            .flatten()
            .or_else(|| stored_name(&self.storage.lock().unwrap_or_else(|p| p.into_inner()), doc));
        self.known.insert(doc, title.clone());
        title
    }

    /// `detail` with every document id in it replaced by the document's title in quotes.
    pub(super) fn name_ids(&mut self, detail: &str) -> String {
        let mut out = String::with_capacity(detail.len());
        for (i, word) in detail.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let named = word.parse::<DocumentId>().ok().and_then(|d| self.title(d));
            match named {
                Some(t) => {
                    out.push('“');
                    out.push_str(&t);
                    out.push('”');
                }
                None => out.push_str(word),
            }
        }
        out
    }
}

/// The `name` at the root of a stored document.
fn stored_name(storage: &DocumentStore, doc: DocumentId) -> Option<String> {
    let chunks = storage.range(&layout::document_prefix(doc)).ok()?;
    if chunks.is_empty() {
        return None;
    }
    let loaded = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).ok()?;
    match loaded.get(ROOT, "name").ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        (Value::Object(_), id) => loaded.text(id).ok(),
    }
    .filter(|n| !n.trim().is_empty())
}
