//! Saved views: a few fields of a document (a meeting's date and attendance, its actions; a
//! group's list of meetings), kept as JSON beside the documents so a list can be drawn from
//! them while the documents themselves are still loading at start.
//!
//! - A view is saved whenever a page reads it from a loaded document and it differs from the
//!   saved one; the writes wait for idle time and go in one transaction.
//! - It is only ever read before the documents have loaded ([`super::api::Repo::read_view`]):
//!   once they have, the document is the truth and a stale view is overwritten.
//! - A view that no longer parses (an older app wrote another shape) is a miss, never an
//!   error; each view's [`SavedView::NAME`] carries a version to change with its shape.

use std::collections::{BTreeMap, HashMap};

use domain::DocumentId;
use serde::{de::DeserializeOwned, Serialize};

/// A partial reading of a document that may be saved for a quick start. Views that a list
/// reads through [`super::api::Repo::read_view`] are also [`autosurgeon::Hydrate`]; a page may instead
/// build a view itself and keep it with [`ViewCache::put_recent`].
pub trait SavedView: Serialize + DeserializeOwned {
    /// Unique among views, with a version: `meeting-summary.1`.
    const NAME: &'static str;
}

/// The key a view is saved under: `<name>/<document>`.
pub fn view_key(name: &str, document: DocumentId) -> String {
    format!("{name}/{document}")
}

/// Whether `key` is a view of `document` (of any name).
fn is_view_of(key: &str, document: &str) -> bool {
    key.rsplit_once('/').is_some_and(|(_, d)| d == document)
}

/// The saved views in memory, and the writes not yet made.
#[derive(Debug, Default)]
pub struct ViewCache {
    views: HashMap<String, String>,
    /// Key → the new JSON, or `None` to delete it.
    unsaved: BTreeMap<String, Option<String>>,
    /// Keys put through [`ViewCache::put_recent`] this session, least recent first.
    recent: Vec<String>,
}

impl ViewCache {
    /// The views read from storage at start.
    pub fn loaded(entries: Vec<(String, String)>) -> Self {
        Self { views: entries.into_iter().collect(), ..Self::default() }
    }

    pub fn len(&self) -> usize {
        self.views.len()
    }

    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    /// Document `id`'s saved view `T`, if there is one that parses.
    pub fn get<T: SavedView>(&self, id: DocumentId) -> Option<T> {
        let json = self.views.get(&view_key(T::NAME, id))?;
        serde_json::from_str(json).ok()
    }

    /// Records `value` as document `id`'s view `T`. Returns whether it differed from the
    /// saved one (and so waits to be written).
    pub fn put<T: SavedView>(&mut self, id: DocumentId, value: &T) -> bool {
        let Ok(json) = serde_json::to_string(value) else { return false };
        let key = view_key(T::NAME, id);
        if self.views.get(&key) == Some(&json) {
            return false;
        }
        self.unsaved.insert(key.clone(), Some(json.clone()));
        self.views.insert(key, json);
        true
    }

    /// Records `value` as document `id`'s view `T`, keeping `T` views of at most `keep`
    /// documents: those put most recently in this session, then (in no particular order) those
    /// read from storage at start. For large views a page keeps only for what the person
    /// opened lately (a draft's text). Returns whether anything waits to be written.
    pub fn put_recent<T: SavedView>(&mut self, id: DocumentId, value: &T, keep: usize) -> bool {
        let mut changed = self.put(id, value);
        let key = view_key(T::NAME, id);
        self.recent.retain(|k| *k != key);
        self.recent.push(key);
        let prefix = format!("{}/", T::NAME);
        let mut older: Vec<String> =
            self.views.keys().filter(|k| k.starts_with(&prefix) && !self.recent.contains(k)).cloned().collect();
        older.sort();
        let kept_recent = self.recent.iter().filter(|k| k.starts_with(&prefix)).count();
        // Drop views read at start first, then the least recently put.
        let mut excess = (older.len() + kept_recent).saturating_sub(keep);
        for gone in older.into_iter().take(excess) {
            self.views.remove(&gone);
            self.unsaved.insert(gone, None);
            excess -= 1;
            changed = true;
        }
        while excess > 0 {
            let Some(pos) = self.recent.iter().position(|k| k.starts_with(&prefix)) else { break };
            let gone = self.recent.remove(pos);
            self.views.remove(&gone);
            self.unsaved.insert(gone, None);
            excess -= 1;
            changed = true;
        }
        changed
    }

    /// Drops every view of `ids` (the documents left this device).
    pub fn forget(&mut self, ids: &[DocumentId]) {
        for id in ids {
            let id = id.to_string();
            let gone: Vec<String> = self.views.keys().filter(|k| is_view_of(k, &id)).cloned().collect();
            for key in gone {
                self.recent.retain(|k| *k != key);
                self.views.remove(&key);
                self.unsaved.insert(key, None);
            }
        }
    }

    /// Whether writes are waiting.
    pub fn has_unsaved(&self) -> bool {
        !self.unsaved.is_empty()
    }

    /// The writes waiting, in key order; they are the caller's to make.
    pub fn take_unsaved(&mut self) -> Vec<(String, Option<String>)> {
        std::mem::take(&mut self.unsaved).into_iter().collect()
    }

    /// Writes that failed are waiting again (unless a newer write for the key came since).
    pub fn unsaved_again(&mut self, writes: Vec<(String, Option<String>)>) {
        for (key, value) in writes {
            self.unsaved.entry(key).or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autosurgeon::Hydrate;

    #[derive(Debug, Clone, PartialEq, Hydrate, Serialize, serde::Deserialize)]
    struct Title {
        title: String,
    }

    impl SavedView for Title {
        const NAME: &'static str = "title.1";
    }

    #[derive(Debug, Clone, PartialEq, Hydrate, Serialize, serde::Deserialize)]
    struct TitleAndCount {
        title: String,
        count: u32,
    }

    impl SavedView for TitleAndCount {
        const NAME: &'static str = "title.1";
    }

    fn title(s: &str) -> Title {
        Title { title: s.to_owned() }
    }

    #[test]
    fn a_view_put_is_got_back_and_written_once_until_it_changes() {
        let (a, b) = (DocumentId::random(), DocumentId::random());
        let mut cache = ViewCache::default();
        assert!(cache.get::<Title>(a).is_none());
        assert!(cache.put(a, &title("Board")));
        assert!(!cache.put(a, &title("Board")), "the same view is not written again");
        assert!(cache.put(b, &title("Sub group")));
        assert_eq!(cache.get::<Title>(a), Some(title("Board")));
        let writes = cache.take_unsaved();
        assert_eq!(writes.len(), 2);
        assert!(!cache.has_unsaved());
        // What was written reads back after a restart.
        let restarted = ViewCache::loaded(writes.into_iter().map(|(k, v)| (k, v.unwrap())).collect());
        assert_eq!(restarted.get::<Title>(b), Some(title("Sub group")));
    }

    #[test]
    fn a_view_of_another_shape_is_a_miss_not_an_error() {
        let a = DocumentId::random();
        let cache = ViewCache::loaded(vec![(view_key("title.1", a), r#"{"title":"Board"}"#.into())]);
        assert_eq!(cache.get::<Title>(a), Some(title("Board")));
        assert_eq!(cache.get::<TitleAndCount>(a), None, "a field is missing");
        let broken = ViewCache::loaded(vec![(view_key("title.1", a), "{not json".into())]);
        assert_eq!(broken.get::<Title>(a), None);
    }

    #[test]
    fn forgetting_a_document_deletes_its_views_only() {
        let (a, b) = (DocumentId::random(), DocumentId::random());
        let mut cache = ViewCache::loaded(vec![
            (view_key("title.1", a), r#"{"title":"A"}"#.into()),
            (view_key("other.1", a), r#"{"title":"A"}"#.into()),
            (view_key("title.1", b), r#"{"title":"B"}"#.into()),
        ]);
        cache.forget(&[a]);
        assert_eq!(cache.get::<Title>(a), None);
        assert_eq!(cache.get::<Title>(b), Some(title("B")));
        let mut writes = cache.take_unsaved();
        writes.sort();
        assert_eq!(writes, vec![(view_key("other.1", a), None), (view_key("title.1", a), None)]);
    }

    #[test]
    fn a_failed_write_waits_again_behind_a_newer_one() {
        let a = DocumentId::random();
        let mut cache = ViewCache::default();
        cache.put(a, &title("Old"));
        let failed = cache.take_unsaved();
        cache.put(a, &title("New"));
        cache.unsaved_again(failed);
        assert_eq!(cache.take_unsaved(), vec![(view_key("title.1", a), Some(r#"{"title":"New"}"#.to_owned()))]);
    }

    #[test]
    fn recent_views_keep_the_latest_documents_and_drop_those_read_at_start_first() {
        let ids: Vec<DocumentId> = (0..5).map(|_| DocumentId::random()).collect();
        // Two drafts' views from an earlier session, and another kind of view.
        let mut cache = ViewCache::loaded(vec![
            (view_key("title.1", ids[0]), r#"{"title":"A"}"#.into()),
            (view_key("title.1", ids[1]), r#"{"title":"B"}"#.into()),
            (view_key("other.1", ids[0]), r#"{"title":"A"}"#.into()),
        ]);
        assert!(cache.put_recent(ids[2], &title("C"), 2));
        // One of the two read at start went; the one put now stays.
        let left = |c: &ViewCache| ids.iter().filter(|id| c.get::<Title>(**id).is_some()).count();
        assert_eq!(left(&cache), 2);
        assert_eq!(cache.get::<Title>(ids[2]), Some(title("C")));
        assert!(cache.put_recent(ids[3], &title("D"), 2));
        // Now only this session's two: the other view read at start went too.
        assert_eq!(cache.get::<Title>(ids[2]), Some(title("C")));
        assert_eq!(cache.get::<Title>(ids[3]), Some(title("D")));
        assert_eq!(left(&cache), 2);
        // Putting C again makes D the least recent.
        assert!(!cache.put_recent(ids[2], &title("C"), 2), "unchanged and nothing dropped: nothing to write");
        assert!(cache.put_recent(ids[4], &title("E"), 2));
        assert_eq!(cache.get::<Title>(ids[3]), None, "the least recently put went");
        assert_eq!(cache.get::<Title>(ids[2]), Some(title("C")));
        // Views of another name are never touched.
        assert!(cache.views.contains_key(&view_key("other.1", ids[0])));
        let deleted: Vec<String> = cache.take_unsaved().into_iter().filter(|(_, v)| v.is_none()).map(|(k, _)| k).collect();
        assert_eq!(deleted.len(), 3, "{deleted:?}");
    }
}
