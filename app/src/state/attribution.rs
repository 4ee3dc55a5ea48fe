//! Names in history: who delivered each change to the server
//! (`GET /api/documents/{doc}/attribution`), cached per document for the page's life.

use std::collections::HashMap;

use domain::{
    model::{device_label, ChangeEntry},
    DocumentId,
};
use leptos::{prelude::*, task::spawn_local};

use crate::auth::api;

/// Per document: change hash (hex) → the person's name.
#[derive(Debug, Clone, Copy)]
pub struct AttributionCache(RwSignal<HashMap<DocumentId, HashMap<String, String>>>);

/// Puts an empty cache in context (once, in `App`).
pub fn provide_attribution() {
    provide_context(AttributionCache(RwSignal::new(HashMap::new())));
}

/// Who made a document's changes, as far as the server has said.
#[derive(Debug, Clone, Copy)]
pub struct ChangeAuthors {
    names: Memo<HashMap<String, String>>,
}

impl ChangeAuthors {
    /// The person's name when the server knows it, else the device's label.
    pub fn who(&self, entry: &ChangeEntry) -> String {
        author_of(&self.names.read(), entry)
    }
}

/// The name for `entry` from `names` (hash hex → name), else its device's label.
pub fn author_of(names: &HashMap<String, String>, entry: &ChangeEntry) -> String {
    names
        .get(&entry.hash.to_string())
        .cloned()
        .unwrap_or_else(|| device_label(&entry.actor))
}

/// How many times to ask again for changes the server could not name yet (a change made
/// here is named once it reaches the server), waiting a little longer each time.
const RETRIES: u32 = 6;

/// Whether some of `history` has no name in `names` yet.
pub(crate) fn unnamed(names: &HashMap<String, String>, history: &[ChangeEntry]) -> bool {
    history.iter().any(|e| !names.contains_key(&e.hash.to_string()))
}

/// Fetches the attribution of `doc` when the page opens and whenever its history grows; a
/// change the server cannot name yet (made here, still on its way) is asked about again a
/// few times, so a version named here soon reads as its author, not a device.
pub fn use_change_authors(doc: DocumentId, history: Memo<Vec<ChangeEntry>>) -> ChangeAuthors {
    let cache = use_context::<AttributionCache>().unwrap_or_else(|| {
        let c = AttributionCache(RwSignal::new(HashMap::new()));
        provide_context(c);
        c
    });
    let in_flight = RwSignal::new(false);
    let retry = RwSignal::new(0u32);
    let tries = RwSignal::new(0u32);
    Effect::new(move |last_len: Option<usize>| {
        let len = history.with(Vec::len);
        retry.track();
        if last_len != Some(len) {
            tries.set(0);
        }
        if len == 0 || in_flight.get_untracked() {
            return len;
        }
        in_flight.set(true);
        spawn_local(async move {
            match api::attribution(doc).await {
                Ok(changes) => cache.0.update(|all| {
                    let names = all.entry(doc).or_default();
                    names.extend(changes.into_iter().map(|(hash, a)| (hash.to_lowercase(), a.name)));
                }),
                Err(e) => leptos::logging::warn!("no names for the history of {doc}: {e}"),
            }
            // The page may have gone by now: every access below tolerates that.
            let _ = in_flight.try_set(false);
            let missing = history
                .try_with_untracked(|h| cache.0.try_with_untracked(|all| unnamed(all.get(&doc).unwrap_or(&HashMap::new()), h)))
                .flatten()
                .unwrap_or(false);
            let n = tries.try_get_untracked().unwrap_or(RETRIES);
            if missing && n < RETRIES {
                let _ = tries.try_set(n + 1);
                set_timeout(move || { let _ = retry.try_update(|r| *r += 1); }, std::time::Duration::from_millis(500 << n));
            }
        });
        len
    });
    ChangeAuthors {
        names: Memo::new(move |_| cache.0.with(|all| all.get(&doc).cloned().unwrap_or_default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_known_change_is_named_after_its_author_else_its_device() {
        let mut doc = automerge::AutoCommit::new();
        use automerge::transaction::Transactable;
        doc.put(automerge::ROOT, "x", 1).unwrap();
        let entry = domain::model::timeline(doc.document()).remove(0);
        let mut names = HashMap::new();
        assert_eq!(author_of(&names, &entry), device_label(&entry.actor));
        assert!(unnamed(&names, std::slice::from_ref(&entry)));
        names.insert(entry.hash.to_string(), "Lee Admin".to_owned());
        assert_eq!(author_of(&names, &entry), "Lee Admin");
        assert!(!unnamed(&names, &[entry]));
    }
}
