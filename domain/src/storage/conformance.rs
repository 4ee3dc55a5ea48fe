//! The conformance suite every [`Storage`] adapter must pass (automerge-repo's
//! `runStorageAdapterTests`, in Rust). Adapters call [`run`] from their own test harness
//! (tokio on the server, `wasm-bindgen-test` in the browser) with a fresh, empty store.
//! A failure panics with a message naming the broken rule.

use super::{Storage, StorageKey, StoreOp};
use crate::{
    storage::layout::{self, ChunkKind},
    DocumentId,
};

fn key(s: &str) -> StorageKey {
    s.parse().expect("test keys are valid")
}

/// Runs every check against `storage`, which must start empty.
pub async fn run<S: Storage>(storage: &S) {
    missing_keys_load_as_none(storage).await;
    put_then_load_returns_the_bytes(storage).await;
    put_overwrites(storage).await;
    delete_removes_only_its_key(storage).await;
    ops_in_one_commit_apply_in_order(storage).await;
    ranges_match_whole_components_sorted(storage).await;
    large_and_empty_values_round_trip(storage).await;
    document_chunks_survive_incremental_saves_and_compaction(storage).await;
}

async fn missing_keys_load_as_none<S: Storage>(s: &S) {
    assert_eq!(s.load(&key("absent/x")).await.unwrap(), None, "a missing key must load as None");
    assert!(s.load_range(&key("absent")).await.unwrap().is_empty(), "an empty range must be empty");
}

async fn put_then_load_returns_the_bytes<S: Storage>(s: &S) {
    s.commit(vec![StoreOp::Put(key("put/a"), vec![1, 2, 3])]).await.unwrap();
    assert_eq!(s.load(&key("put/a")).await.unwrap(), Some(vec![1, 2, 3]), "put then load");
}

async fn put_overwrites<S: Storage>(s: &S) {
    s.commit(vec![StoreOp::Put(key("over/a"), vec![1])]).await.unwrap();
    s.commit(vec![StoreOp::Put(key("over/a"), vec![2])]).await.unwrap();
    assert_eq!(s.load(&key("over/a")).await.unwrap(), Some(vec![2]), "a second put must overwrite");
}

async fn delete_removes_only_its_key<S: Storage>(s: &S) {
    s.commit(vec![StoreOp::Put(key("del/a"), vec![1]), StoreOp::Put(key("del/b"), vec![2])])
        .await
        .unwrap();
    s.commit(vec![StoreOp::Delete(key("del/a")), StoreOp::Delete(key("del/never-written"))])
        .await
        .unwrap();
    assert_eq!(s.load(&key("del/a")).await.unwrap(), None, "deleted key must be gone");
    assert_eq!(s.load(&key("del/b")).await.unwrap(), Some(vec![2]), "delete must not touch other keys");
}

async fn ops_in_one_commit_apply_in_order<S: Storage>(s: &S) {
    s.commit(vec![
        StoreOp::Put(key("order/a"), vec![1]),
        StoreOp::Delete(key("order/a")),
        StoreOp::Put(key("order/b"), vec![1]),
        StoreOp::Put(key("order/b"), vec![2]),
    ])
    .await
    .unwrap();
    assert_eq!(s.load(&key("order/a")).await.unwrap(), None, "put then delete in one batch");
    assert_eq!(s.load(&key("order/b")).await.unwrap(), Some(vec![2]), "last put in a batch wins");
}

async fn ranges_match_whole_components_sorted<S: Storage>(s: &S) {
    s.commit(vec![
        StoreOp::Put(key("range/doc/2"), vec![2]),
        StoreOp::Put(key("range/doc/1"), vec![1]),
        StoreOp::Put(key("range/doc/sub/3"), vec![3]),
        StoreOp::Put(key("range/docx/9"), vec![9]),
        StoreOp::Put(key("range/do"), vec![8]),
    ])
    .await
    .unwrap();
    let got = s.load_range(&key("range/doc")).await.unwrap();
    let keys: Vec<String> = got.iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(
        keys,
        ["range/doc/1", "range/doc/2", "range/doc/sub/3"],
        "load_range must return whole-component matches only, sorted"
    );
    assert_eq!(got[2].1, vec![3]);
}

async fn large_and_empty_values_round_trip<S: Storage>(s: &S) {
    let big: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    s.commit(vec![StoreOp::Put(key("big/a"), big.clone()), StoreOp::Put(key("big/empty"), vec![])])
        .await
        .unwrap();
    assert!(s.load(&key("big/a")).await.unwrap() == Some(big), "3 MiB value must round-trip");
    assert_eq!(s.load(&key("big/empty")).await.unwrap(), Some(vec![]), "empty value must round-trip");
}

/// The way the sync engine uses storage: incremental chunks, then a compaction that writes
/// a snapshot and deletes the chunks it covers in one commit. Every change must survive.
async fn document_chunks_survive_incremental_saves_and_compaction<S: Storage>(s: &S) {
    use automerge::{transaction::Transactable, ReadDoc, ROOT};
    let id = DocumentId::random();
    let mut doc = automerge::AutoCommit::new();
    let mut saved_heads = Vec::new();
    let mut written = Vec::new();
    for i in 0..5i64 {
        doc.put(ROOT, format!("k{i}"), i).unwrap();
        let heads = doc.get_heads();
        let bytes = doc.save_after(&saved_heads);
        let k = layout::chunk_key(id, ChunkKind::Incremental, &heads);
        s.commit(vec![StoreOp::Put(k.clone(), bytes)]).await.unwrap();
        written.push(k);
        saved_heads = heads;
    }
    let loaded = load(s, id).await;
    assert_eq!(loaded.get_heads(), doc.get_heads(), "incremental chunks must load to the same heads");

    let snapshot = layout::chunk_key(id, ChunkKind::Snapshot, &doc.get_heads());
    let mut ops = vec![StoreOp::Put(snapshot, doc.save())];
    ops.extend(written.into_iter().map(StoreOp::Delete));
    s.commit(ops).await.unwrap();
    doc.put(ROOT, "after", "compaction").unwrap();
    let k = layout::chunk_key(id, ChunkKind::Incremental, &doc.get_heads());
    s.commit(vec![StoreOp::Put(k, doc.save_after(&saved_heads))]).await.unwrap();

    let chunks = s.load_range(&layout::document_prefix(id)).await.unwrap();
    assert_eq!(chunks.len(), 2, "compaction must leave one snapshot and the newer chunk");
    let loaded = load(s, id).await;
    assert_eq!(loaded.get_heads(), doc.get_heads(), "no change may be lost by compaction");
    assert!(loaded.get(ROOT, "k0").unwrap().is_some() && loaded.get(ROOT, "after").unwrap().is_some());
}

async fn load<S: Storage>(s: &S, id: DocumentId) -> automerge::Automerge {
    let chunks = s.load_range(&layout::document_prefix(id)).await.unwrap();
    layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).expect("chunks must load")
}
