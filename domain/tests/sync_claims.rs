//! Claiming a new document over sync (issue "Hold up under attack", items 2 and 6): only
//! changes create a document, the claim travels with those changes (so a server records the
//! owner in the same commit as their chunks), and a claimant never sees or changes anything
//! already stored under the id.

mod support;

use automerge::{sync::SyncDoc, transaction::Transactable, Automerge, ROOT};
use domain::{
    protocol::{self, Message},
    storage::{layout, StoreOp},
    sync::Event,
    ConnectionId, DocumentId,
};
use support::{Grants, Network, PeerIx};

struct World {
    net: Network,
    grants: Grants,
    server: PeerIx,
    /// Alice and Bob: each an editor somewhere, so each may claim ids nobody owns.
    clients: [PeerIx; 2],
    /// The server's side of their connections.
    conns: [ConnectionId; 2],
    /// Their side.
    client_conns: [ConnectionId; 2],
}

const ALICE: usize = 0;
const BOB: usize = 1;

impl World {
    fn new() -> Self {
        let grants = Grants::new();
        let (net, server, clients, pairs) = Network::server_with_clients(&grants, ["alice", "bob"]);
        let conns = pairs.map(|p| p.1);
        for c in conns {
            grants.allow_claims(c);
        }
        Self { net, grants, server, clients, conns, client_conns: pairs.map(|p| p.0) }
    }

    fn claims(&self) -> Vec<(ConnectionId, DocumentId)> {
        self.net.peers[self.server]
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Claimed { conn, document } => Some((*conn, *document)),
                _ => None,
            })
            .collect()
    }

    fn client_events(&self, who: usize) -> &[Event] {
        &self.net.peers[self.clients[who]].events
    }

    fn create(&mut self, who: usize, key: &str, value: &str) -> DocumentId {
        let doc = self.net.peers[self.clients[who]].engine.create();
        self.net.change(self.clients[who], doc, key, value);
        self.net.run();
        doc
    }

    fn server_get(&self, doc: DocumentId, key: &str) -> Option<String> {
        self.net.get(self.server, doc, key)
    }
}

/// A `sync` message that carries no changes (what a flood of random ids looks like).
fn empty_sync(net: &Network, from: PeerIx, document: DocumentId) -> Vec<u8> {
    let data = Automerge::new().generate_sync_message(&mut automerge::sync::State::new()).unwrap().encode();
    protocol::encode(&Message::Sync {
        sender: net.peers[from].engine.peer_id().clone(),
        target: "server".parse().unwrap(),
        document,
        data,
    })
}

#[test]
fn empty_syncs_for_unknown_ids_claim_nothing_and_keep_nothing() {
    let mut w = World::new();
    let ids: Vec<DocumentId> = (0..200).map(|_| DocumentId::random()).collect();
    for id in &ids {
        let frame = empty_sync(&w.net, w.clients[ALICE], *id);
        w.net.send_raw(w.clients[ALICE], w.client_conns[ALICE], frame);
    }
    w.net.run();
    assert!(w.claims().is_empty(), "no claim without changes");
    let server = &w.net.peers[w.server];
    for id in &ids {
        assert!(server.engine.document(*id).is_none(), "nothing kept in memory for {id}");
        assert!(server.storage.range(&layout::document_prefix(*id)).is_empty(), "nothing stored for {id}");
    }
    // Each is answered as an empty document would be ("I have nothing"), so a real creator's
    // next message brings its changes; the connection stays open.
    let answers = w.net.messages(w.server, w.clients[ALICE], 0).iter().filter(|m| matches!(m, Message::Sync { document, .. } if ids.contains(document))).count();
    assert_eq!(answers, ids.len());
    assert!(w.net.errors_received(w.clients[ALICE]).is_empty());
}

#[test]
fn a_claim_travels_with_the_first_changes_and_the_creator_keeps_writing_before_it_is_recorded() {
    let mut w = World::new();
    let doc = w.create(ALICE, "k", "v1");
    assert_eq!(w.server_get(doc, "k").as_deref(), Some("v1"));
    assert_eq!(w.claims(), [(w.conns[ALICE], doc)]);
    let changes = w.net.peers[w.server].events.iter().position(|e| matches!(e, Event::ChangesReceived { document, .. } if *document == doc));
    assert!(changes.is_some(), "the changes that make the claim are reported with it");
    assert!(!w.net.peers[w.server].storage.range(&layout::document_prefix(doc)).is_empty(), "stored");

    // The policy does not know the owner yet (the server records it at commit): the creator
    // still writes, and is answered, without a second claim.
    w.net.change(w.clients[ALICE], doc, "k", "v2");
    w.net.run();
    assert_eq!(w.server_get(doc, "k").as_deref(), Some("v2"));
    assert_eq!(w.claims().len(), 1, "claimed once");
    assert!(w.net.errors_received(w.clients[ALICE]).is_empty());
}

#[test]
fn another_claimant_can_neither_read_nor_change_a_document_just_created() {
    let mut w = World::new();
    let doc = w.create(ALICE, "k", "alice's");
    w.net.request(w.clients[BOB], doc);
    w.net.run();
    assert!(w.client_events(BOB).contains(&Event::DocumentUnavailable(doc)));
    assert_eq!(w.net.get(w.clients[BOB], doc, "k"), None, "bob sees nothing of it");

    // Bob pushes changes under the same id: refused, nothing of his is taken in.
    w.net.change(w.clients[BOB], doc, "k", "bob's");
    w.net.run();
    assert_eq!(w.server_get(doc, "k").as_deref(), Some("alice's"));
    assert_eq!(w.claims(), [(w.conns[ALICE], doc)], "no second claim");
}

#[test]
fn a_claimant_never_opens_a_stored_document_nobody_owns() {
    let mut w = World::new();
    // A document stored with no owner (left from before accounts, or whose owner is gone).
    let id = DocumentId::random();
    let mut stored = Automerge::new();
    let mut tx = stored.transaction();
    tx.put(ROOT, "secret", "minutes of a case review").unwrap();
    tx.commit();
    let key = layout::chunk_key(id, layout::ChunkKind::Snapshot, &stored.get_heads());
    w.net.peers[w.server].storage.apply(vec![StoreOp::Put(key, stored.save())]).unwrap();

    w.net.request(w.clients[BOB], id);
    w.net.run();
    assert!(w.client_events(BOB).contains(&Event::DocumentUnavailable(id)));
    assert_eq!(w.net.get(w.clients[BOB], id, "secret"), None, "a would-be claimant reads nothing");

    w.net.change(w.clients[BOB], id, "k", "squat");
    w.net.run();
    assert!(w.claims().is_empty(), "and cannot take it over");
    assert_eq!(w.server_get(id, "k"), None);
    assert_eq!(w.server_get(id, "secret").as_deref(), Some("minutes of a case review"));
}

#[test]
fn once_the_owner_is_recorded_the_claimant_reads_and_writes_by_the_policy() {
    let mut w = World::new();
    let doc = w.create(ALICE, "k", "v1");
    w.grants.set(w.conns[ALICE], doc, Some(support::Access::Write));
    w.grants.set(w.conns[BOB], doc, Some(support::Access::Read));
    w.net.request(w.clients[BOB], doc);
    w.net.run();
    assert_eq!(w.net.get(w.clients[BOB], doc, "k").as_deref(), Some("v1"), "a reader of the owner reads it");
    w.net.change(w.clients[ALICE], doc, "k", "v2");
    w.net.run();
    assert_eq!(w.net.get(w.clients[BOB], doc, "k").as_deref(), Some("v2"));
}
