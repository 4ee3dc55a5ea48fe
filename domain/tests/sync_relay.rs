//! Two server engines on one shared store (several server nodes on one PostgreSQL): a
//! change committed through one reaches the other's peers when the other is told the
//! document was stored elsewhere, without the other saving it again.

mod support;

use domain::{
    storage::{layout, StorageKey, StoreOp},
    sync::Role,
    DocumentId,
};
use support::{Access, Grants, Network, PeerIx};

/// Two server nodes on one shared store, alice a client of node 1 and bob of node 2, and a
/// document alice created and node 1 stored: `(net, node 1, node 2, alice, bob, document)`.
fn two_nodes() -> (Network, PeerIx, PeerIx, PeerIx, PeerIx, DocumentId) {
    let mut net = Network::new();
    let one = net.add("node-1", Role::Server);
    let two = net.add("node-2", Role::Server);
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    net.connect(a, one);
    net.connect(b, two);
    net.run();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "name", "Leicester Safeguarding Children Board");
    net.run();
    (net, one, two, a, b, doc)
}

/// The shared store: node `to` gets what node `from` committed of `doc`; returns those chunks.
fn share(net: &mut Network, from: PeerIx, to: PeerIx, doc: DocumentId) -> Vec<(StorageKey, Vec<u8>)> {
    let chunks = net.peers[from].storage.range(&layout::document_prefix(doc));
    let puts = chunks.iter().map(|(k, v)| StoreOp::Put(k.clone(), v.clone())).collect();
    net.peers[to].storage.apply(puts).unwrap();
    chunks
}

#[test]
fn a_change_stored_by_another_node_reaches_this_nodes_peers_without_being_saved_again() {
    let (mut net, one, two, a, b, doc) = two_nodes();
    let chunks = share(&mut net, one, two, doc);
    // Node 2 does not hold the document: it is left alone, and loaded when asked for.
    let fx = net.peers[two].engine.stored_elsewhere(doc, chunks);
    assert!(fx.send.is_empty() && fx.store.is_empty());
    net.request(b, doc);
    net.run();
    assert_eq!(net.get(b, doc, "name").as_deref(), Some("Leicester Safeguarding Children Board"));

    // Now node 2 holds it: a later change on node 1 reaches bob through node 2.
    net.change(a, doc, "chair", "Independent Chair");
    net.run();
    assert_eq!(net.get(b, doc, "chair"), None, "not relayed yet");
    let chunks = share(&mut net, one, two, doc);
    let stored_before = net.peers[two].storage.range(&layout::document_prefix(doc)).len();
    let keys: Vec<_> = chunks.iter().map(|(k, _)| k.clone()).collect();
    let unknown = net.peers[two].engine.unknown_chunks(doc, keys.clone());
    assert!(!unknown.is_empty() && unknown.len() < keys.len(), "only the new chunks are read: {unknown:?} of {keys:?}");
    let fx = net.peers[two].engine.stored_elsewhere(doc, chunks.clone());
    net.apply(two, fx);
    net.run();
    assert_eq!(net.get(b, doc, "chair").as_deref(), Some("Independent Chair"));
    assert_eq!(
        net.peers[two].storage.range(&layout::document_prefix(doc)).len(),
        stored_before,
        "node 2 saves nothing: the changes are stored already"
    );
    assert!(net.peers[two].engine.unknown_chunks(doc, keys).is_empty(), "node 2 now knows every chunk");
    // Told again (its own commit's echo, or a duplicate notification): nothing happens.
    let fx = net.peers[two].engine.stored_elsewhere(doc, chunks);
    assert!(fx.send.is_empty() && fx.store.is_empty() && fx.events.is_empty());

    // Bob's own change still goes the usual way, saved by node 2.
    net.change(b, doc, "frequency", "quarterly");
    net.run();
    assert!(net.peers[two].storage.range(&layout::document_prefix(doc)).len() > stored_before);
}

/// Node 2's compactor reads the shared store before node 2 has merged a chunk node 1 wrote
/// there: the snapshot it builds covers that chunk, and committing it deletes the chunk. The
/// change still reaches node 2's peers (before, node 2 believed it knew the snapshot and never
/// read the change; its peers waited for the document's next change).
#[test]
fn a_snapshot_built_over_another_nodes_unheard_chunk_brings_its_change_to_this_nodes_peers() {
    let (mut net, one, two, a, b, doc) = two_nodes();
    share(&mut net, one, two, doc);
    net.request(b, doc);
    net.run();
    assert_eq!(net.get(b, doc, "name").as_deref(), Some("Leicester Safeguarding Children Board"));

    // Node 1 commits a change; node 2 is not told (its notice is still on its way).
    net.change(a, doc, "chair", "Independent Chair");
    net.run();
    share(&mut net, one, two, doc);
    // Node 2's compactor reads everything stored, the unheard chunk too.
    let stored = net.peers[two].storage.range(&layout::document_prefix(doc));
    let compaction = domain::storage::compact(doc, &stored).unwrap().expect("several chunks to compact");
    let fx = net.peers[two].engine.compaction_built(&compaction);
    net.apply(two, fx);
    net.run();
    assert_eq!(net.get(b, doc, "chair").as_deref(), Some("Independent Chair"), "bob gets the change at once");

    // The compaction commits; the notice that finally arrives finds nothing new, as it should.
    net.peers[two].storage.apply(compaction.ops()).unwrap();
    net.peers[two].engine.compacted(doc, Some(&compaction));
    let keys: Vec<_> = net.peers[two].storage.range(&layout::document_prefix(doc)).into_iter().map(|(k, _)| k).collect();
    assert!(net.peers[two].engine.unknown_chunks(doc, keys).is_empty());

    // A snapshot of nothing new changes nothing and sends nothing.
    let stored = net.peers[two].storage.range(&layout::document_prefix(doc));
    net.change(b, doc, "frequency", "quarterly");
    net.run();
    if let Some(again) = domain::storage::compact(doc, &stored).unwrap() {
        let fx = net.peers[two].engine.compaction_built(&again);
        assert!(fx.send.is_empty() && fx.store.is_empty() && fx.events.is_empty());
    }
}

/// Node 2 merges node 1's chunk while its own save is on its way to storage. Once that save
/// commits, everything node 2 holds is durable (so the document can leave memory when idle),
/// without saving node 1's change again.
#[test]
fn a_change_merged_while_a_save_is_in_flight_is_durable_once_the_save_commits() {
    let (mut net, one, two, a, b, doc) = two_nodes();
    share(&mut net, one, two, doc);
    net.request(b, doc);
    net.run();
    assert_eq!(net.peers[two].engine.summary().unsaved_on_device, 0);

    // Node 2 changes the document; its save is not committed yet.
    let (_, mut fx) = net.peers[two]
        .engine
        .change(doc, |d| {
            use automerge::transaction::Transactable;
            let mut tx = d.transaction();
            tx.put(automerge::ROOT, "frequency", "quarterly").unwrap();
            tx.commit();
        })
        .unwrap();
    fx.extend(net.peers[two].engine.flush());
    assert!(!fx.saved.is_empty(), "a save on its way");
    // Meanwhile node 1 commits a change, and node 2 merges it.
    net.change(a, doc, "chair", "Independent Chair");
    net.run();
    let chunks = share(&mut net, one, two, doc);
    let merged = net.peers[two].engine.stored_elsewhere(doc, chunks);
    assert!(merged.store.is_empty(), "node 1's change is not saved again");
    // Node 2's save commits: everything it holds is durable.
    net.peers[two].storage.apply(std::mem::take(&mut fx.store)).unwrap();
    net.peers[two].engine.storage_committed(&fx.saved);
    assert_eq!(net.peers[two].engine.summary().unsaved_on_device, 0, "the document counts as durable");
}

/// A reader asks node 2 for a document a writer has just created, before node 2's access
/// rules know its owner (another node records it): told "unavailable" for now, and
/// remembered. Once node 2 reloads its rules, the reader gets the document, without waiting
/// for the document's next change (before, it waited for that change).
#[test]
fn a_reader_who_asked_before_the_owner_was_known_here_gets_the_document_when_the_rules_reload() {
    let grants = Grants::new();
    grants.unowned_without_grants();
    let mut net = Network::new();
    let two = net.add_server_with("node-2", &grants);
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    let (_, alice) = net.connect(a, two);
    let (_, bob) = net.connect(b, two);
    net.run();
    grants.allow_claims(alice);
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "name", "LLR Joint Procedures Sub Group");
    net.run();

    net.request(b, doc);
    net.run();
    assert_eq!(net.get(b, doc, "name"), None, "not readable while its owner is unknown here");
    // The owner is recorded elsewhere; node 2's rules reload and re-check.
    grants.set(alice, doc, Some(Access::Write));
    grants.set(bob, doc, Some(Access::Read));
    let fx = net.peers[two].engine.revalidate();
    net.apply(two, fx);
    net.run();
    assert_eq!(net.get(b, doc, "name").as_deref(), Some("LLR Joint Procedures Sub Group"));
}
