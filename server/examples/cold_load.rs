//! Where a cold load's time goes on the server (not a test): a document of N changes made
//! like `tests/bench/sync_load.mjs` makes its cold-fetch document, stored as the server
//! stores it, then timed step by step: reading the chunks from SQLite, loading them
//! (incremental chunks change by change vs. one snapshot), the first sync message to a
//! peer that has nothing, and the compaction the server runs in the background.
//!
//!     cargo run -p quorum-server --profile server --example cold_load [changes]

use std::time::{Duration, Instant};

use automerge::{
    sync::{self, SyncDoc},
    transaction::Transactable,
    Automerge, ObjType, ReadDoc, ROOT,
};
use domain::{
    storage::{compact, layout, StoreOp},
    DocumentId,
};
use quorum_server::storage::SqliteStorage;
use tempfile::TempDir;

fn main() -> anyhow::Result<()> {
    let changes: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(10_000);
    let doc = big_document(changes);
    let id = DocumentId::random();
    println!("== cold load of a {changes}-change document (best of 5)");

    let (snapshot, t) = best(|| doc.save());
    report("save() the whole document (a snapshot)", t, snapshot.len());
    let (incremental, t) = best(|| doc.save_after(&[]));
    report("save_after(&[]) (every change, one by one)", t, incremental.len());

    for (name, bytes, kind) in [
        ("incremental", &incremental, layout::ChunkKind::Incremental),
        ("snapshot", &snapshot, layout::ChunkKind::Snapshot),
    ] {
        let dir = TempDir::new()?;
        let storage = SqliteStorage::open_dir(dir.path())?;
        let key = layout::chunk_key(id, kind, &doc.get_heads());
        storage.apply(&[StoreOp::Put(key, bytes.clone())], &[])?;
        let (chunks, t) = best(|| storage.range(&layout::document_prefix(id)).unwrap());
        report(&format!("{name}: read the chunks from SQLite"), t, chunks.len());
        let (loaded, t) = best(|| layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap());
        report(&format!("{name}: load them"), t, loaded.get_heads().len());
        let mut held = loaded.clone();
        let (reply, t) = best(|| first_reply(&mut held));
        report(&format!("{name}: first sync message to a peer with nothing"), t, reply);
        if name == "incremental" {
            let (c, t) = best(|| compact(id, &chunks).unwrap().unwrap());
            report("incremental: compact (load + save), off the hub's thread", t, c.bytes.len());
        }
    }
    Ok(())
}

/// Like the benchmark's document: a counter set N times, a list item every 10 changes.
fn big_document(changes: usize) -> Automerge {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "n", 0_i64).unwrap();
    tx.put_object(ROOT, "items", ObjType::List).unwrap();
    tx.commit();
    let items = doc.get(ROOT, "items").unwrap().unwrap().1;
    for i in 1..=changes as i64 {
        let mut tx = doc.transaction();
        tx.put(ROOT, "n", i).unwrap();
        if i % 10 == 0 {
            let len = tx.length(&items);
            tx.insert(&items, len, format!("item {i}")).unwrap();
        }
        tx.commit();
    }
    doc
}

/// The size of the server's answer to a peer's first message when the peer holds nothing.
fn first_reply(doc: &mut Automerge) -> usize {
    let (empty, mut theirs, mut ours) = (Automerge::new(), sync::State::new(), sync::State::new());
    let request = empty.generate_sync_message(&mut theirs).unwrap();
    doc.receive_sync_message(&mut ours, request).unwrap();
    doc.generate_sync_message(&mut ours).unwrap().encode().len()
}

fn best<T>(mut f: impl FnMut() -> T) -> (T, Duration) {
    let mut out = None;
    let mut fastest = Duration::MAX;
    for _ in 0..5 {
        let t0 = Instant::now();
        let v = f();
        fastest = fastest.min(t0.elapsed());
        out = Some(v);
    }
    (out.unwrap(), fastest)
}

fn report(what: &str, took: Duration, n: usize) {
    println!("{what:<62} {:>8.1} ms   ({n})", took.as_secs_f64() * 1000.0);
}
