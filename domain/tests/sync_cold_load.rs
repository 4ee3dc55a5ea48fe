//! Cold loads: a document stored as a snapshot plus incremental chunks loads whole, in
//! whatever order storage lists the chunks (it lists `incremental/…` before `snapshot/…`).

use automerge::{transaction::Transactable, Automerge, ReadDoc, ROOT};
use domain::storage::layout;

fn changed(doc: &mut Automerge, from: usize, to: usize) {
    for i in from..to {
        let mut tx = doc.transaction();
        tx.put(ROOT, "n", i as i64).unwrap();
        tx.commit();
    }
}

#[test]
fn a_snapshot_listed_after_incremental_chunks_loads_with_them() {
    let mut doc = Automerge::new();
    changed(&mut doc, 0, 300);
    let snapshot = doc.save();
    let at_snapshot = doc.get_heads();
    changed(&mut doc, 300, 305);
    let first = doc.save_after(&at_snapshot);
    let middle = doc.get_heads();
    changed(&mut doc, 305, 310);
    let second = doc.save_after(&middle);

    let loaded = layout::load_chunks([first.as_slice(), second.as_slice(), snapshot.as_slice()]).unwrap();
    assert_eq!(loaded.get_heads(), doc.get_heads());
    assert_eq!(loaded.get_changes(&[]).len(), 310);
    assert_eq!(loaded.get(ROOT, "n").unwrap().unwrap().0, automerge::Value::from(309_i64));
}

#[test]
fn snapshots_and_incremental_chunks_are_told_apart_by_their_chunk_type() {
    // `load_chunks` puts whole-document chunks first by their header: magic, checksum, type.
    let mut doc = Automerge::new();
    changed(&mut doc, 0, 3);
    let snapshot = doc.save();
    let heads = doc.get_heads();
    changed(&mut doc, 3, 4);
    let incremental = doc.save_after(&heads);
    assert_eq!(snapshot[..4], [0x85, 0x6f, 0x4a, 0x83]);
    assert_eq!(snapshot[8], 0, "a snapshot is a document chunk");
    assert_eq!(incremental[..4], [0x85, 0x6f, 0x4a, 0x83]);
    assert_ne!(incremental[8], 0, "an incremental chunk is change chunks");
}
