//! The server compacts a document's incremental chunks into a snapshot in the background,
//! committing the snapshot and the deletion of exactly the chunks it covers in one
//! transaction: nothing is lost (not even a change that arrives while the snapshot is being
//! built), and after a restart the document loads from the snapshot, identical.

use std::collections::BTreeSet;

use domain::{
    storage::{layout, StorageKey},
    DocumentId,
};
use tempfile::TempDir;
use tokio::sync::watch;

use crate::helpers::{server::WAIT, Client, TestServer};

/// The document's chunks as stored now: key → bytes.
fn chunks(server: &TestServer, doc: DocumentId) -> Vec<(StorageKey, Vec<u8>)> {
    let db = server.db();
    let mut stmt = db
        .prepare("SELECT key, value FROM chunks WHERE key LIKE ?1 || '/%'")
        .unwrap();
    let rows = stmt
        .query_map([doc.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)))
        .unwrap();
    rows.map(|r| {
        let (key, value) = r.unwrap();
        (key.parse().unwrap(), value)
    })
    .collect()
}

fn keys(chunks: &[(StorageKey, Vec<u8>)]) -> BTreeSet<StorageKey> {
    chunks.iter().map(|(k, _)| k.clone()).collect()
}

async fn reaches(mut counter: watch::Receiver<u64>, n: u64, what: &str) {
    tokio::time::timeout(WAIT, counter.wait_for(|c| *c >= n))
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
        .expect("the server stopped");
}

#[tokio::test]
async fn a_compacted_document_reloads_identically_after_a_restart_and_keeps_a_change_made_during_compaction() {
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with(data.path(), false).await;
    let client = Client::connect(&server.ws_url()).await;
    let held = server.compactions.hold();

    // One round per change: a snapshot (the first save), then one incremental chunk each,
    // until the document is due for compaction (32 incremental chunks).
    let doc = client.create_doc(|_| {});
    for i in 0..40 {
        client.put(doc, &format!("minute-{i}"), &format!("agreed {i}"));
        client.wait_all_on_server().await;
    }
    // The compactor has read the chunks and built the snapshot; it waits before handing
    // it to the hub. Meanwhile a change arrives and is committed (acknowledged).
    reaches(server.compactions.built(), 1, "the snapshot to be built").await;
    client.put(doc, "decision", "approved during compaction");
    client.wait_all_on_server().await;
    let before = chunks(&server, doc);
    let heads = client.read(|i| i.document(doc).unwrap().get_heads());
    let during = layout::chunk_key(doc, layout::ChunkKind::Incremental, &heads);
    assert!(keys(&before).contains(&during), "the change during compaction has its own chunk");

    drop(held);
    reaches(server.compactions.committed(), 1, "the compaction to be committed").await;
    let after = chunks(&server, doc);
    let snapshots: Vec<&StorageKey> = after
        .iter()
        .map(|(k, _)| k)
        .filter(|k| layout::chunk_kind(k) == Some(layout::ChunkKind::Snapshot))
        .collect();
    assert_eq!(snapshots.len(), 1, "one snapshot replaces the chunks it covers: {after:?}");
    assert!(!keys(&before).contains(snapshots[0]), "the snapshot is new");
    let removed: Vec<_> = keys(&before).difference(&keys(&after)).cloned().collect();
    assert!(removed.len() >= 32, "the covered chunks are gone (removed {})", removed.len());
    assert!(keys(&after).is_subset(&keys(&before).union(&BTreeSet::from([snapshots[0].clone()])).cloned().collect()));
    assert!(keys(&after).contains(&during), "a chunk written after the compactor read is kept");
    let stored = layout::load_chunks(after.iter().map(|(_, b)| b.as_slice())).unwrap();
    assert_eq!(stored.get_heads(), heads, "nothing is lost");

    // After a restart the document loads from the snapshot (and the later chunk), identical.
    drop(client);
    server.stop().await.unwrap();
    let server = TestServer::spawn_with(data.path(), false).await;
    let fresh = Client::connect(&server.ws_url()).await;
    fresh.request(doc);
    fresh
        .wait_for_value(doc, "decision", "approved during compaction")
        .await;
    fresh.wait_until("every change", |i| i.document(doc).is_some_and(|d| d.get_heads() == heads)).await;
    let reloaded = fresh.read(|i| i.document(doc).unwrap().hydrate(None));
    assert_eq!(reloaded, stored.hydrate(None), "the reloaded document is the stored one");
    for i in 0..40 {
        assert_eq!(
            fresh.get(doc, &format!("minute-{i}")).as_deref(),
            Some(format!("agreed {i}").as_str()),
            "change {i} lost"
        );
    }
    server.stop().await.unwrap();
}
