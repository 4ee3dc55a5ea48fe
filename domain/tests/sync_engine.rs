//! The sync engine over a simulated network: one server, several clients.

mod support;

use automerge::{sync::SyncDoc, ReadDoc};
use domain::{
    protocol::{self, Message},
    storage::layout,
    sync::{AccessPolicy, Engine, EngineConfig, Event, Role},
    ConnectionId, DocumentId,
};
use support::Network;

fn server_and_two_clients() -> (Network, usize, usize, usize) {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    net.connect(a, s);
    net.connect(b, s);
    net.run();
    (net, s, a, b)
}

#[test]
fn a_document_created_by_one_client_reaches_another_through_the_server() {
    let (mut net, s, a, b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "name", "Leicester Safeguarding Children Board");
    net.run();
    net.request(b, doc);
    net.run();
    assert_eq!(net.get(b, doc, "name").as_deref(), Some("Leicester Safeguarding Children Board"));
    assert_eq!(net.get(s, doc, "name").as_deref(), Some("Leicester Safeguarding Children Board"));
    assert!(
        !net.peers[s].storage.range(&layout::document_prefix(doc)).is_empty(),
        "the server must have stored the document"
    );
}

#[test]
fn concurrent_edits_converge() {
    let (mut net, _s, a, b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "name", "start");
    net.run();
    net.request(b, doc);
    net.run();
    net.change(a, doc, "chair", "Independent Chair");
    net.change(b, doc, "frequency", "quarterly");
    net.change(a, doc, "name", "from alice");
    net.change(b, doc, "name", "from bob");
    net.run();
    let heads_a = net.peers[a].engine.document(doc).unwrap().get_heads();
    let heads_b = net.peers[b].engine.document(doc).unwrap().get_heads();
    assert_eq!(heads_a, heads_b);
    assert_eq!(net.get(a, doc, "chair"), net.get(b, doc, "chair"));
    assert_eq!(net.get(b, doc, "chair").as_deref(), Some("Independent Chair"));
    assert_eq!(net.get(a, doc, "frequency").as_deref(), Some("quarterly"));
    assert_eq!(net.get(a, doc, "name"), net.get(b, doc, "name"), "one name wins on both sides");
}

#[test]
fn edits_made_offline_sync_on_reconnect() {
    let (mut net, s, a, b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "name", "online");
    net.run();
    net.request(b, doc);
    net.run();
    net.disconnect(b);
    net.change(b, doc, "offline-edit", "made on a train");
    net.change(a, doc, "online-edit", "made in the office");
    net.run();
    assert_eq!(net.get(b, doc, "online-edit"), None);
    assert!(!net.peers[b].engine.summary().all_on_server());
    net.connect(b, s);
    net.run();
    for p in [a, b] {
        assert_eq!(net.get(p, doc, "offline-edit").as_deref(), Some("made on a train"));
        assert_eq!(net.get(p, doc, "online-edit").as_deref(), Some("made in the office"));
    }
    assert!(net.peers[b].engine.summary().all_on_server());
}

#[test]
fn a_client_knows_when_the_server_holds_its_changes() {
    let (mut net, _s, a, _b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "v");
    let before = net.peers[a].engine.summary();
    assert_eq!(before.unsaved_on_device, 0, "a local change is committed to storage at once");
    assert_eq!(before.not_on_server, 1);
    net.run();
    let after = net.peers[a].engine.summary();
    assert!(after.all_on_server(), "{after:?}");
}

#[test]
fn the_server_never_claims_heads_it_has_not_stored() {
    use std::{cell::Cell, rc::Rc};
    let (mut net, s, a, b) = server_and_two_clients();
    let checked = Rc::new(Cell::new(0));
    let counter = checked.clone();
    net.inspect = Some(Box::new(move |ix, fx, storage| {
        if ix != s {
            return;
        }
        // What storage will hold once this effect's ops are committed.
        let after = domain::storage::MemoryStorage::new();
        after.apply(storage.all().into_iter().map(|(k, v)| domain::storage::StoreOp::Put(k, v)).collect()).unwrap();
        after.apply(fx.store.clone()).unwrap();
        for (_, frame) in &fx.send {
            if let Message::Sync { document, data, .. } = support::decoded(frame) {
                let heads = automerge::sync::Message::decode(&data).unwrap().heads;
                let chunks = after.range(&layout::document_prefix(document));
                let stored = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
                for h in heads {
                    assert!(stored.get_change_by_hash(&h).is_some(), "server claimed {h} before storing it");
                    counter.set(counter.get() + 1);
                }
            }
        }
    }));
    let doc = net.peers[a].engine.create();
    for i in 0..5 {
        net.change(a, doc, "k", &i.to_string());
    }
    net.run();
    net.request(b, doc);
    net.run();
    net.change(b, doc, "k", "from b");
    net.run();
    assert!(checked.get() > 0, "the check saw the server's replies");
    assert_eq!(net.get(a, doc, "k").as_deref(), Some("from b"));
}

#[test]
fn when_the_server_cannot_store_it_closes_the_connection_and_forgets_the_change() {
    let (mut net, s, a, _b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "stored");
    net.run();
    net.peers[s].storage.fail_commits.set(true);
    net.change(a, doc, "k", "lost on the server");
    net.run();
    assert!(net.errors_received(a).iter().any(|e| e.contains("could not store")), "{:?}", net.errors_received(a));
    assert!(!net.peers[a].engine.summary().all_on_server(), "the client must not believe the server has it");
    // The server recovers what it had from storage, and the client's change arrives again.
    net.peers[s].storage.fail_commits.set(false);
    net.connect(a, s);
    net.run();
    assert_eq!(net.get(s, doc, "k").as_deref(), Some("lost on the server"));
    assert!(net.peers[a].engine.summary().all_on_server());
}

#[test]
fn a_client_keeps_changes_in_memory_when_its_storage_is_full_and_retries() {
    let (mut net, _s, a, _b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "first", "1");
    net.peers[a].storage.fail_commits.set(true);
    net.change(a, doc, "second", "2");
    net.run();
    assert_eq!(net.peers[a].engine.summary().unsaved_on_device, 1);
    assert!(net.peers[a].events.iter().any(|e| matches!(e, Event::StorageFailed { .. })));
    assert_eq!(net.get(a, doc, "second").as_deref(), Some("2"), "the change stays in memory");
    net.peers[a].storage.fail_commits.set(false);
    let fx = net.peers[a].engine.retry_storage();
    net.apply(a, fx);
    assert_eq!(net.peers[a].engine.summary().unsaved_on_device, 0);
    let chunks = net.peers[a].storage.range(&layout::document_prefix(doc));
    let reloaded = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
    assert_eq!(reloaded.get_heads(), net.peers[a].engine.document(doc).unwrap().get_heads());
}

#[test]
fn requesting_a_missing_document_is_answered_with_doc_unavailable() {
    let (mut net, _s, a, _b) = server_and_two_clients();
    let missing = DocumentId::random();
    net.request(a, missing);
    net.run();
    assert!(net.peers[a].events.contains(&Event::DocumentUnavailable(missing)));
}

#[test]
fn a_client_that_asked_too_early_gets_the_document_when_it_arrives() {
    let (mut net, _s, a, b) = server_and_two_clients();
    let doc = DocumentId::random();
    net.request(b, doc);
    net.run();
    assert!(net.peers[b].events.contains(&Event::DocumentUnavailable(doc)));
    // Alice creates a document under that id later (e.g. she was offline when she made it).
    let fx = net.peers[a].engine.request(doc);
    net.apply(a, fx);
    net.change(a, doc, "name", "made offline");
    net.run();
    assert_eq!(net.get(b, doc, "name").as_deref(), Some("made offline"));
}

#[test]
fn a_restarted_server_serves_documents_from_storage() {
    let (mut net, s, a, _b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    for i in 0..10 {
        net.change(a, doc, &format!("k{i}"), "v");
    }
    net.run();
    let stored = net.peers[s].storage.all();
    assert!(
        stored.iter().filter(|(k, _)| k.parts()[0] == doc.to_string()).count() <= 4,
        "chunks must have been compacted"
    );
    // A new server engine over the same storage.
    let fresh = net.add("server2", Role::Server);
    net.peers[fresh].storage.apply(stored.into_iter().map(|(k, v)| domain::storage::StoreOp::Put(k, v)).collect()).unwrap();
    let c = net.add("carol", Role::Client);
    net.connect(c, fresh);
    net.run();
    net.request(c, doc);
    net.run();
    for i in 0..10 {
        assert_eq!(net.get(c, doc, &format!("k{i}")).as_deref(), Some("v"), "change {i} lost");
    }
}

#[test]
fn a_damaged_stored_document_is_not_served_or_overwritten() {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let a = net.add("alice", Role::Client);
    let doc = DocumentId::random();
    let key = layout::chunk_key(doc, layout::ChunkKind::Snapshot, &[]);
    net.peers[s].storage.apply(vec![domain::storage::StoreOp::Put(key.clone(), b"not automerge".to_vec())]).unwrap();
    net.connect(a, s);
    net.run();
    net.request(a, doc);
    net.run();
    assert!(net.peers[a].events.contains(&Event::DocumentUnavailable(doc)));
    assert_eq!(net.peers[s].storage.range(&layout::document_prefix(doc)), vec![(key, b"not automerge".to_vec())]);
}

fn server_conn_after_join(net: &mut Network, s: usize) -> ConnectionId {
    let a = net.add("mallory", Role::Client);
    let (_, sc) = net.connect(a, s);
    net.run();
    sc
}

#[test]
fn malformed_frames_get_an_error_and_close_the_connection() {
    let doc = DocumentId::random();
    let bad_sync = protocol::encode(&Message::Sync {
        sender: "mallory".parse().unwrap(),
        target: "server".parse().unwrap(),
        document: doc,
        data: b"\x42garbage".to_vec(),
    });
    for (what, frame) in [
        ("not cbor", vec![0xff, 0xfe]),
        ("unknown type", {
            let mut b = Vec::new();
            ciborium::into_writer(&ciborium::Value::Map(vec![("type".into(), "nope".into())]), &mut b).unwrap();
            b
        }),
        ("bad sync data", bad_sync),
    ] {
        let mut net = Network::new();
        let s = net.add("server", Role::Server);
        let sc = server_conn_after_join(&mut net, s);
        let fx = net.peers[s].engine.receive(sc, &frame);
        assert_eq!(fx.close, vec![sc], "{what}: must close");
        assert!(
            matches!(fx.send.last().map(|(_, f)| support::decoded(f)), Some(Message::Error { .. })),
            "{what}: must send an error first"
        );
        assert!(!net.peers[s].engine.is_ready(sc), "{what}: connection forgotten");
    }
}

#[test]
fn messages_before_join_are_refused() {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let (sc, _) = net.peers[s].engine.connect(domain::sync::Direction::Incoming);
    let doc = DocumentId::random();
    let frame = protocol::encode(&Message::Request {
        sender: "x".parse().unwrap(),
        target: "server".parse().unwrap(),
        document: doc,
        data: automerge::Automerge::new().generate_sync_message(&mut Default::default()).unwrap().encode(),
    });
    let fx = net.peers[s].engine.receive(sc, &frame);
    assert_eq!(fx.close, vec![sc]);
}

#[test]
fn unsupported_protocol_versions_are_refused() {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let (sc, _) = net.peers[s].engine.connect(domain::sync::Direction::Incoming);
    let join = protocol::encode(&Message::Join {
        sender: "x".parse().unwrap(),
        supported_versions: vec!["2".into()],
        metadata: Default::default(),
    });
    let fx = net.peers[s].engine.receive(sc, &join);
    assert_eq!(fx.close, vec![sc]);
}

struct ReadOnly(DocumentId);
impl AccessPolicy for ReadOnly {
    fn may_read(&self, _: ConnectionId, doc: DocumentId) -> bool {
        doc == self.0
    }
    fn may_write(&self, _: ConnectionId, _: DocumentId) -> bool {
        false
    }
}

#[test]
fn access_policy_hides_documents_and_refuses_writes() {
    use automerge::transaction::Transactable;
    let mut net = Network::new();
    let public = DocumentId::random();
    let s = net.add_engine(Engine::with_access(
        EngineConfig::new("server".parse().unwrap(), Role::Server),
        Box::new(ReadOnly(public)),
    ));
    let mut seed = automerge::AutoCommit::new();
    seed.put(automerge::ROOT, "k", "published").unwrap();
    let key = layout::chunk_key(public, layout::ChunkKind::Snapshot, &seed.get_heads());
    net.peers[s].storage.apply(vec![domain::storage::StoreOp::Put(key, seed.save())]).unwrap();
    let stored_before = net.peers[s].storage.all();

    let a = net.add("alice", Role::Client);
    net.connect(a, s);
    net.run();
    // A document the policy hides is unavailable, exactly like a missing one...
    let hidden = net.peers[a].engine.create();
    net.change(a, hidden, "k", "v");
    net.run();
    assert!(net.peers[a].events.contains(&Event::DocumentUnavailable(hidden)));
    assert!(net.errors_received(a).is_empty());
    // ...a readable one can be read...
    net.request(a, public);
    net.run();
    assert_eq!(net.get(a, public, "k").as_deref(), Some("published"));
    // ...and writing to it ends the connection.
    net.change(a, public, "k", "vandalised");
    net.run();
    assert!(net.errors_received(a).iter().any(|e| e.contains("may not change")), "{:?}", net.errors_received(a));
    assert_eq!(net.peers[s].storage.all(), stored_before, "nothing from a refused writer is stored");
}

#[test]
fn one_change_costs_few_messages() {
    let (mut net, _s, a, b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "0");
    net.run();
    net.request(b, doc);
    net.run();
    net.sent.clear();
    net.change(a, doc, "k", "1");
    net.run();
    let total: usize = net.sent.values().sum();
    assert!(total <= 6, "one change took {total} messages: {:?}", net.sent);
    assert_eq!(net.get(b, doc, "k").as_deref(), Some("1"));
}

#[test]
fn ephemeral_messages_are_relayed_to_the_documents_other_peers_only() {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    let c = net.add("carol", Role::Client);
    let (ac, _) = net.connect(a, s);
    net.connect(b, s);
    net.connect(c, s);
    net.run();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "v");
    net.run();
    net.request(b, doc);
    net.run();
    let frame = protocol::encode(&Message::Ephemeral {
        sender: "alice".parse().unwrap(),
        target: "server".parse().unwrap(),
        document: doc,
        session: "s1".into(),
        count: 1,
        data: b"cursor".to_vec(),
    });
    net.send_raw(a, ac, frame);
    net.run();
    let got = |p: usize| {
        net.peers[p].events.iter().any(|e| matches!(e, Event::Ephemeral { document, data, .. } if *document == doc && data == b"cursor"))
    };
    assert!(got(b), "bob has the document and gets the presence message");
    assert!(!got(c), "carol does not have the document");
    assert!(!got(a), "the sender does not get its own message back");
}

#[test]
fn a_client_broadcasts_presence_through_the_server_to_the_documents_readers() {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    let c = net.add("carol", Role::Client);
    net.connect(a, s);
    net.connect(b, s);
    net.connect(c, s);
    net.run();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "v");
    net.run();
    net.request(b, doc);
    net.run();

    let fx = net.peers[a].engine.broadcast_ephemeral(doc, b"editing section 2".to_vec()).unwrap();
    assert_eq!(fx.send.len(), 1, "one frame, to the server");
    net.apply(a, fx);
    net.run();
    let got = |p: usize| {
        net.peers[p].events.iter().filter(|e| matches!(e, Event::Ephemeral { document, data, .. } if *document == doc && data == b"editing section 2")).count()
    };
    assert_eq!(got(b), 1, "bob reads the document and gets it once");
    assert_eq!(got(c), 0, "carol does not have the document");
    assert_eq!(got(a), 0, "not echoed to the sender");
    assert!(net.peers[s].storage.all().iter().all(|(_, bytes)| !bytes.windows(7).any(|w| w == b"section")), "nothing stored");

    // Each message of a session has the next count (receivers drop repeats by it).
    let counts: Vec<u64> = (0..2)
        .map(|_| {
            let fx = net.peers[a].engine.broadcast_ephemeral(doc, b"x".to_vec()).unwrap();
            match protocol::decode(&fx.send[0].1).unwrap() {
                Message::Ephemeral { count, session, .. } => {
                    assert_eq!(session, "alice");
                    count
                }
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(counts[1], counts[0] + 1);

    let too_big = vec![0u8; protocol::MAX_EPHEMERAL_BYTES + 1];
    assert!(net.peers[a].engine.broadcast_ephemeral(doc, too_big).is_err(), "refused before sending");

    net.disconnect(a);
    let fx = net.peers[a].engine.broadcast_ephemeral(doc, b"offline".to_vec()).unwrap();
    assert!(fx.send.is_empty(), "nothing is sent, nor queued, while offline");
}

/// A client's engine logs what others' changes did as it applies them, so a view of a large
/// text can take just that: the patches since the heads it saw, and none across its own
/// change (that moves the heads without a logged step).
#[test]
fn a_client_logs_the_patches_of_others_changes_and_not_across_its_own() {
    use automerge::{transaction::Transactable, Automerge, ObjType, PatchAction, ROOT};
    let (mut net, _s, a, b) = server_and_two_clients();
    let doc = net.peers[a].engine.create();
    let edit = |net: &mut Network, ix: usize, f: &dyn Fn(&mut Automerge)| {
        let ((), fx) = net.peers[ix].engine.change(doc, |d| f(d)).unwrap();
        net.apply(ix, fx);
    };
    edit(&mut net, a, &|d| {
        let mut tx = d.transaction();
        let t = tx.put_object(ROOT, "text", ObjType::Text).unwrap();
        tx.splice_text(&t, 0, 0, "hello world").unwrap();
        tx.commit();
    });
    net.run();
    net.request(b, doc);
    net.run();
    let seen = net.peers[a].engine.document(doc).unwrap().get_heads();
    let splice = |at: usize, s: &'static str| {
        move |d: &mut Automerge| {
            let t = d.get(ROOT, "text").unwrap().unwrap().1;
            let mut tx = d.transaction();
            tx.splice_text(&t, at, 0, s).unwrap();
            tx.commit();
        }
    };
    edit(&mut net, b, &splice(5, ","));
    net.run();
    edit(&mut net, b, &splice(0, "Oh, "));
    net.run();
    let patches = net.peers[a].engine.patches_since(doc, &seen).expect("logged");
    let lent = net.peers[a].engine.with_patches_since(doc, &seen, |p| p.cloned().collect::<Vec<_>>());
    assert_eq!(lent.as_ref(), Some(&patches), "lent as they are copied");
    let inserted: Vec<(usize, String)> = patches
        .iter()
        .filter_map(|p| match &p.action {
            PatchAction::SpliceText { index, value, .. } => Some((*index, value.make_string())),
            _ => None,
        })
        .collect();
    assert_eq!(inserted, [(5, ",".to_owned()), (0, "Oh, ".to_owned())]);
    let now = net.peers[a].engine.document(doc).unwrap().get_heads();
    assert_eq!(net.peers[a].engine.patches_since(doc, &now).map(|p| p.len()), Some(0));

    // Alice's own change is not a logged step: nothing chains across it.
    edit(&mut net, a, &splice(0, "!"));
    assert!(net.peers[a].engine.patches_since(doc, &seen).is_none());
    assert!(net.peers[a].engine.patches_since(doc, &now).is_none());
}
