//! A server asked for a document it has not loaded, stored as one snapshot, by a reader
//! that holds nothing: the snapshot goes out as it is, the load follows, and the sync
//! carries on as after any first message.

mod support;

use std::{cell::RefCell, rc::Rc};

use automerge::{transaction::Transactable, Automerge, ChangeHash, ROOT};
use domain::{
    protocol::{self, Message},
    storage::{layout, StoreOp},
    sync::Role,
    DocumentId,
};
use support::{Access, Grants, Network, PeerIx};

/// A document of `n` changes to the root key `k` (the last sets it to `v{n-1}`).
fn document(n: usize) -> Automerge {
    let mut doc = Automerge::new();
    for i in 0..n {
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", format!("v{i}")).unwrap();
        tx.commit();
    }
    doc
}

/// Stores `doc` on `server` as one snapshot, as a compaction leaves it.
fn store_snapshot(net: &Network, server: PeerIx, id: DocumentId, doc: &Automerge) -> Vec<u8> {
    let bytes = doc.save();
    let key = layout::chunk_key(id, layout::ChunkKind::Snapshot, &doc.get_heads());
    net.peers[server].storage.apply(vec![StoreOp::Put(key, bytes.clone())]).unwrap();
    bytes
}

/// Counts the server's effects that sent frames and put a load off until after them.
fn count_deferred_loads(net: &mut Network, server: PeerIx) -> Rc<RefCell<usize>> {
    let count = Rc::new(RefCell::new(0));
    let seen = count.clone();
    net.inspect = Some(Box::new(move |ix, fx, _| {
        if ix == server && !fx.load_after_send.is_empty() && !fx.send.is_empty() {
            *seen.borrow_mut() += 1;
        }
    }));
    count
}

/// The sync messages `from` sent `to` about `id`, decoded, in order.
fn syncs(net: &Network, from: PeerIx, to: PeerIx, id: DocumentId) -> Vec<automerge::sync::Message> {
    net.delivered
        .iter()
        .filter(|(f, t, _)| *f == from && *t == to)
        .filter_map(|(_, _, frame)| match protocol::decode(frame).ok()? {
            Message::Sync { document, data, .. } if document == id => automerge::sync::Message::decode(&data).ok(),
            _ => None,
        })
        .collect()
}

/// A server (its policy lets everyone read and write) with alice and bob connected.
fn server_alice_and_bob() -> (Network, PeerIx, PeerIx, PeerIx) {
    let mut net = Network::new();
    let server = net.add("server", Role::Server);
    let (alice, bob) = (net.add("alice", Role::Client), net.add("bob", Role::Client));
    net.connect(alice, server);
    net.connect(bob, server);
    net.run();
    (net, server, alice, bob)
}

#[test]
fn a_reader_with_nothing_is_sent_the_stored_snapshot_and_syncs_on_as_usual() {
    let (mut net, server, alice, bob) = server_alice_and_bob();
    let (id, doc) = (DocumentId::random(), document(300));
    let snapshot = store_snapshot(&net, server, id, &doc);
    let deferred = count_deferred_loads(&mut net, server);

    net.request(alice, id);
    net.run();

    assert_eq!(*deferred.borrow(), 1, "answered before the load");
    let first = &syncs(&net, server, alice, id)[0];
    assert_eq!(first.heads, doc.get_heads());
    assert_eq!(first.changes.iter().collect::<Vec<_>>(), vec![&snapshot], "the stored bytes, as they are");
    assert_eq!(net.get(alice, id, "k").as_deref(), Some("v299"));
    assert_eq!(net.peers[alice].engine.document(id).unwrap().get_heads(), doc.get_heads());

    // The server loaded it meanwhile: alice's change reaches it and bob, who asks after.
    net.change(alice, id, "k", "from alice");
    net.run();
    assert_eq!(net.get(server, id, "k").as_deref(), Some("from alice"));
    net.request(bob, id);
    net.run();
    assert_eq!(net.get(bob, id, "k").as_deref(), Some("from alice"));
    // And the other way round, to alice, who was sent the snapshot.
    net.change(bob, id, "k", "from bob");
    net.run();
    assert_eq!(net.get(alice, id, "k").as_deref(), Some("from bob"));
    let to_alice = syncs(&net, server, alice, id);
    // Four in the usual run: the snapshot, and one for each change (alice's acknowledged,
    // bob's relayed). Automerge's bloom filters have false positives (about 1% per filter):
    // one costs a message more, as it does to any peer, so the bound allows two.
    assert!(to_alice.len() <= 6, "no extra round trips for alice: {} messages", to_alice.len());
    assert_eq!(*deferred.borrow(), 1, "once loaded, the document is answered from memory");
}

#[test]
fn a_change_in_the_same_batch_as_the_request_reaches_the_reader_sent_the_snapshot() {
    let (mut net, server, alice, bob) = server_alice_and_bob();
    let (id, doc) = (DocumentId::random(), document(50));
    store_snapshot(&net, server, id, &doc);
    // Bob holds the document as stored plus a change of his own; the server has not loaded it.
    let mut his = doc.clone();
    let mut tx = his.transaction();
    tx.put(ROOT, "k", "bob's").unwrap();
    tx.commit();
    let fx = net.peers[bob].engine.document_loaded(id, vec![(layout::chunk_key(id, layout::ChunkKind::Snapshot, &his.get_heads()), his.save())]);
    net.apply(bob, fx);
    net.request(alice, id);
    let deferred = count_deferred_loads(&mut net, server);

    // Bob's announcement and alice's request reach the server in one batch.
    net.run_rounds();

    assert_eq!(net.get(alice, id, "k").as_deref(), Some("bob's"));
    assert_eq!(net.get(server, id, "k").as_deref(), Some("bob's"));
    let theirs: Vec<ChangeHash> = net.peers[alice].engine.document(id).unwrap().get_heads();
    assert_eq!(theirs, his.get_heads());
    assert_eq!(*deferred.borrow(), 1, "alice was answered before the load");
}

#[test]
fn a_peer_that_may_not_read_it_is_not_sent_the_snapshot() {
    let grants = Grants::new();
    let mut net = Network::new();
    let server = net.add_server_with("server", &grants);
    let (alice, mallory) = (net.add("alice", Role::Client), net.add("mallory", Role::Client));
    let (_, alice_conn) = net.connect(alice, server);
    net.connect(mallory, server);
    net.run();
    let (id, doc) = (DocumentId::random(), document(20));
    let snapshot = store_snapshot(&net, server, id, &doc);
    grants.set(alice_conn, id, Some(Access::Read));

    // Both ask in the same batch: only alice is answered with it.
    let deferred = count_deferred_loads(&mut net, server);
    net.request(mallory, id);
    net.request(alice, id);
    net.run_rounds();

    assert_eq!(net.get(alice, id, "k").as_deref(), Some("v19"));
    assert!(net.peers[mallory].engine.document(id).is_none_or(|d| d.get_heads().is_empty()));
    let leaked = net.delivered.iter().any(|(f, t, frame)| *f == server && *t == mallory && frame.windows(snapshot.len()).any(|w| w == snapshot));
    assert!(!leaked, "mallory never sees the snapshot's bytes");
    assert!(syncs(&net, server, mallory, id).is_empty());
    assert_eq!(*deferred.borrow(), 1, "alice was answered before the load");
}

#[test]
fn a_damaged_snapshot_is_not_sent() {
    let mut net = Network::new();
    let server = net.add("server", Role::Server);
    let alice = net.add("alice", Role::Client);
    net.connect(alice, server);
    net.run();
    let (id, doc) = (DocumentId::random(), document(20));
    let mut bytes = doc.save();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    let key = layout::chunk_key(id, layout::ChunkKind::Snapshot, &doc.get_heads());
    net.peers[server].storage.apply(vec![StoreOp::Put(key, bytes)]).unwrap();

    net.request(alice, id);
    net.run();

    assert!(syncs(&net, server, alice, id).is_empty(), "a chunk whose checksum fails is not served");
    assert!(net.get(alice, id, "k").is_none());
}

#[test]
fn snapshot_heads_are_read_from_the_chunk_header() {
    let doc = document(7);
    assert_eq!(layout::snapshot_heads(&doc.save()), Some(doc.get_heads()));
    let mut forked = doc.fork();
    let mut tx = forked.transaction();
    tx.put(ROOT, "k", "fork").unwrap();
    tx.commit();
    let mut merged = doc.clone();
    merged.merge(&mut forked).unwrap();
    let mut other = document(3);
    merged.merge(&mut other).unwrap();
    let mut heads = merged.get_heads();
    heads.sort();
    let mut read = layout::snapshot_heads(&merged.save()).unwrap();
    read.sort();
    assert_eq!(read, heads, "several heads");
    assert_eq!(layout::snapshot_heads(&Automerge::new().save()), Some(Vec::new()));
    assert_eq!(layout::snapshot_heads(&doc.save_after(&[])), None, "change chunks are not a snapshot");
    let whole = doc.save();
    assert_eq!(layout::snapshot_heads(&whole[..whole.len() - 1]), None, "cut short");
    assert_eq!(layout::snapshot_heads(&[whole.clone(), whole].concat()), None, "two chunks");
}
