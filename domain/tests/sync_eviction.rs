//! Memory bounded by the documents in use (issue 13): the server drops a document nobody
//! syncs once it has been settled for two calls of `evict_idle` (every change durable,
//! nothing being saved or synced), and loads it from storage again when a peer asks — with
//! every change. A document a peer is syncing, or that was used between the two calls, stays.

mod support;

use domain::{sync::Role, DocumentId};
use support::{Network, PeerIx};

/// A server, a client that writes document `doc` and has left, and a second client still
/// connected (syncing nothing).
fn written_then_left() -> (Network, PeerIx, PeerIx, DocumentId) {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let a = net.add("alice", Role::Client);
    net.connect(a, s);
    net.run();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "name", "Leicester Safeguarding Children Board");
    net.change(a, doc, "chair", "Independent Chair");
    net.run();
    net.disconnect(a);
    net.run();
    (net, s, a, doc)
}

#[test]
fn a_document_nobody_syncs_leaves_memory_at_the_second_call_and_comes_back_whole() {
    let (mut net, s, _a, doc) = written_then_left();
    let heads = net.peers[s].engine.document(doc).unwrap().get_heads();
    assert_eq!(net.peers[s].engine.evict_idle(), [], "the first call only marks it");
    assert!(net.peers[s].engine.holds(doc));
    assert_eq!(net.peers[s].engine.evict_idle(), [doc]);
    assert!(!net.peers[s].engine.holds(doc), "dropped from memory");
    assert!(net.peers[s].engine.evict_idle().is_empty());

    // A new client asks for it: loaded from storage, every change there.
    let b = net.add("bob", Role::Client);
    net.connect(b, s);
    net.run();
    net.request(b, doc);
    net.run();
    assert_eq!(net.get(b, doc, "name").as_deref(), Some("Leicester Safeguarding Children Board"));
    assert_eq!(net.get(b, doc, "chair").as_deref(), Some("Independent Chair"));
    assert_eq!(net.peers[s].engine.document(doc).unwrap().get_heads(), heads);
    assert_eq!(net.peers[b].engine.document(doc).unwrap().get_heads(), heads);

    // While bob syncs it, it stays however often the server looks.
    for _ in 0..3 {
        assert!(net.peers[s].engine.evict_idle().is_empty());
    }
    net.change(b, doc, "frequency", "quarterly");
    net.run();
    assert_eq!(net.get(s, doc, "frequency").as_deref(), Some("quarterly"));
}

#[test]
fn a_document_used_between_the_two_calls_stays_until_it_is_settled_twice_again() {
    let (mut net, s, _a, doc) = written_then_left();
    assert!(net.peers[s].engine.evict_idle().is_empty());
    // A client comes, syncs it and leaves before the next call.
    let b = net.add("bob", Role::Client);
    net.connect(b, s);
    net.run();
    net.request(b, doc);
    net.run();
    net.change(b, doc, "frequency", "quarterly");
    net.run();
    net.disconnect(b);
    net.run();
    assert!(net.peers[s].engine.evict_idle().is_empty(), "it was used since the last call");
    assert_eq!(net.peers[s].engine.evict_idle(), [doc]);
}

#[test]
fn a_change_not_yet_durable_keeps_its_document_in_memory() {
    let (mut net, s, _a, doc) = written_then_left();
    // A change made on the server whose save never reached storage (applied by hand: the
    // network's adapter would commit it at once).
    let ((), fx) = net.peers[s]
        .engine
        .change(doc, |d| {
            use automerge::{transaction::Transactable, ROOT};
            let mut tx = d.transaction();
            tx.put(ROOT, "note", "server side").unwrap();
            tx.commit();
        })
        .unwrap();
    let mut fx = fx;
    fx.extend(net.peers[s].engine.flush());
    assert!(!fx.store.is_empty(), "the change is handed to storage");
    for _ in 0..3 {
        assert!(net.peers[s].engine.evict_idle().is_empty(), "an unacknowledged save pins it");
    }
    net.peers[s].storage.apply(std::mem::take(&mut fx.store)).unwrap();
    net.peers[s].engine.storage_committed(&fx.saved);
    assert!(net.peers[s].engine.evict_idle().is_empty());
    assert_eq!(net.peers[s].engine.evict_idle(), [doc]);
}
