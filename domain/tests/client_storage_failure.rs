//! A client whose storage fails a commit keeps its changes in memory and retries. A later
//! incremental chunk that was written on top of the failed one proves nothing: the document
//! cannot be loaded from storage until the retry writes a snapshot, so the engine must not
//! report it saved on the device before then.

use automerge::{transaction::Transactable, ReadDoc, ROOT};
use domain::{
    storage::{layout, MemoryStorage},
    sync::{Engine, EngineConfig, Role},
};

fn put(doc: &mut automerge::Automerge, key: &str, value: i64) {
    doc.transact::<_, _, automerge::AutomergeError>(|tx| tx.put(ROOT, key, value)).unwrap();
}

fn stored_heads(storage: &MemoryStorage) -> Vec<automerge::ChangeHash> {
    let all = storage.all();
    layout::load_chunks(all.iter().map(|(_, b)| b.as_slice())).unwrap().get_heads()
}

#[test]
fn a_chunk_committed_after_a_failed_one_is_not_reported_durable_until_the_retry() {
    let mut engine = Engine::new(EngineConfig::new("client".parse().unwrap(), Role::Client));
    let storage = MemoryStorage::new();
    let id = engine.create();

    // Two changes, each saved incrementally, before the adapter commits the first.
    let ((), first) = engine.change(id, |d| put(d, "a", 1)).unwrap();
    let ((), second) = engine.change(id, |d| put(d, "b", 2)).unwrap();
    assert!(!first.store.is_empty() && !second.store.is_empty());

    // The adapter carries them out in order: the first commit fails, the second succeeds.
    storage.fail_commits.set(true);
    assert!(storage.apply(first.store).is_err());
    let _ = engine.storage_failed(&first.saved);
    storage.fail_commits.set(false);
    storage.apply(second.store).unwrap();
    engine.storage_committed(&second.saved);

    let heads = engine.document(id).unwrap().get_heads();
    assert_ne!(stored_heads(&storage), heads, "storage cannot give the document back yet");
    assert_eq!(
        engine.summary().unsaved_on_device,
        1,
        "the document must not be reported saved on the device while storage cannot load it"
    );

    // The retry writes a snapshot; now it is durable, and storage holds every change.
    let retry = engine.retry_storage();
    storage.apply(retry.store).unwrap();
    engine.storage_committed(&retry.saved);
    assert_eq!(engine.summary().unsaved_on_device, 0);
    assert_eq!(stored_heads(&storage), heads);
    let all = storage.all();
    let loaded = layout::load_chunks(all.iter().map(|(_, b)| b.as_slice())).unwrap();
    assert!(loaded.get(ROOT, "a").unwrap().is_some() && loaded.get(ROOT, "b").unwrap().is_some());
}
