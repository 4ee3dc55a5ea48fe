//! The engine's access gate over a simulated network: every path out of the server asks
//! the policy about the receiving connection, revocation takes effect mid-session, and the
//! server learns which connection delivered which changes.

mod support;

use std::collections::BTreeSet;

use automerge::ChangeHash;
use domain::{
    protocol::{self, Message},
    storage::layout,
    sync::Event,
    ConnectionId, DocumentId,
};
use support::{Access, Grants, Network, PeerIx};

/// A server with an adjustable policy and three clients; `conns[i]` is the server's side
/// of client `clients[i]`'s connection.
struct World {
    net: Network,
    grants: Grants,
    server: PeerIx,
    clients: [PeerIx; 3],
    conns: [ConnectionId; 3],
    /// The clients' side of the same connections.
    client_conns: [ConnectionId; 3],
}

const ALICE: usize = 0;
const BOB: usize = 1;
const CAROL: usize = 2;

impl World {
    fn new() -> Self {
        let grants = Grants::new();
        let (net, server, clients, pairs) = Network::server_with_clients(&grants, ["alice", "bob", "carol"]);
        Self { net, grants, server, clients, conns: pairs.map(|p| p.1), client_conns: pairs.map(|p| p.0) }
    }

    fn grant(&self, who: usize, doc: DocumentId, access: Option<Access>) {
        self.grants.set(self.conns[who], doc, access);
    }

    /// Alice creates a document with `k = v`; she may write it and the others get `access`.
    fn shared_doc(&mut self, others: [Option<Access>; 2]) -> DocumentId {
        let doc = self.net.peers[self.clients[ALICE]].engine.create();
        self.grant(ALICE, doc, Some(Access::Write));
        self.grant(BOB, doc, others[0]);
        self.grant(CAROL, doc, others[1]);
        self.net.change(self.clients[ALICE], doc, "k", "v");
        self.net.run();
        for (who, access) in [(BOB, others[0]), (CAROL, others[1])] {
            if access.is_some() {
                self.net.request(self.clients[who], doc);
                self.net.run();
                assert_eq!(self.get(who, doc, "k").as_deref(), Some("v"), "client {who} reads the document");
            }
        }
        doc
    }

    fn get(&self, who: usize, doc: DocumentId, key: &str) -> Option<String> {
        self.net.get(self.clients[who], doc, key)
    }

    fn change(&mut self, who: usize, doc: DocumentId, key: &str, value: &str) {
        self.net.change(self.clients[who], doc, key, value);
        self.net.run();
    }

    /// Sync messages about `doc` that `who` received from the server since `mark`.
    fn syncs_to(&self, who: usize, doc: DocumentId, mark: usize) -> usize {
        self.net
            .messages(self.server, self.clients[who], mark)
            .iter()
            .filter(|m| matches!(m, Message::Sync { document, .. } if *document == doc))
            .count()
    }

    fn events(&self, who: usize) -> &[Event] {
        &self.net.peers[self.clients[who]].events
    }

    fn changes_received(&self) -> Vec<(ConnectionId, DocumentId, Vec<ChangeHash>)> {
        self.net.peers[self.server]
            .events
            .iter()
            .filter_map(|e| match e {
                Event::ChangesReceived { conn, document, changes } => Some((*conn, *document, changes.clone())),
                _ => None,
            })
            .collect()
    }

    fn ephemeral_from(&mut self, who: usize, doc: DocumentId, data: &[u8]) {
        let client = self.clients[who];
        let frame = protocol::encode(&Message::Ephemeral {
            sender: self.net.peers[client].engine.peer_id().clone(),
            target: "server".parse().unwrap(),
            document: doc,
            session: format!("session-{who}"),
            count: 1,
            data: data.to_vec(),
        });
        self.net.send_raw(client, self.client_conns[who], frame);
        self.net.run();
    }

    fn got_ephemeral(&self, who: usize, doc: DocumentId, data: &[u8]) -> bool {
        self.events(who)
            .iter()
            .any(|e| matches!(e, Event::Ephemeral { document, data: d, .. } if *document == doc && d == data))
    }
}

#[test]
fn a_reader_whose_access_is_revoked_mid_session_gets_no_further_changes() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), Some(Access::Read)]);
    w.change(ALICE, doc, "k", "before revocation");
    assert_eq!(w.get(BOB, doc, "k").as_deref(), Some("before revocation"));

    w.grant(BOB, doc, None);
    w.net.revalidate(w.server);
    w.net.run();
    assert!(w.events(BOB).contains(&Event::DocumentUnavailable(doc)), "bob is told the document is gone");

    let mark = w.net.delivered.len();
    w.change(ALICE, doc, "k", "after revocation");
    assert_eq!(w.get(CAROL, doc, "k").as_deref(), Some("after revocation"), "carol still reads it");
    assert_eq!(w.get(BOB, doc, "k").as_deref(), Some("before revocation"));
    assert_eq!(w.syncs_to(BOB, doc, mark), 0, "no sync message about the document reaches bob");

    // Asking again, or pushing a local change, is answered like a missing document.
    w.change(BOB, doc, "own", "edit");
    w.net.request(w.clients[BOB], doc);
    w.net.run();
    assert_eq!(w.syncs_to(BOB, doc, mark), 0);
    assert!(w.net.errors_received(w.clients[BOB]).is_empty(), "a refused read is not an error");
    assert_eq!(w.net.get(w.server, doc, "own"), None, "nothing from bob was taken in");
}

#[test]
fn a_revoked_early_requester_is_not_sent_the_document_when_it_appears() {
    let mut w = World::new();
    let doc = DocumentId::random();
    w.grant(ALICE, doc, Some(Access::Write));
    w.grant(BOB, doc, Some(Access::Read));
    w.grant(CAROL, doc, Some(Access::Read));
    for who in [BOB, CAROL] {
        w.net.request(w.clients[who], doc);
        w.net.run();
        assert!(w.events(who).contains(&Event::DocumentUnavailable(doc)));
    }
    w.grant(BOB, doc, None);
    w.net.revalidate(w.server);
    let fx = w.net.peers[w.clients[ALICE]].engine.request(doc);
    w.net.apply(w.clients[ALICE], fx);
    w.change(ALICE, doc, "k", "late");
    assert_eq!(w.get(CAROL, doc, "k").as_deref(), Some("late"), "a requester who may read gets it");
    assert_eq!(w.get(BOB, doc, "k"), None, "a revoked requester does not");
    assert_eq!(w.syncs_to(BOB, doc, 0), 0, "not even the document's heads reach bob");
}

#[test]
fn an_early_requester_who_lost_access_without_revalidation_is_still_not_sent_it() {
    // The send path itself asks the policy: revalidation only tidies up.
    let mut w = World::new();
    let doc = DocumentId::random();
    w.grant(ALICE, doc, Some(Access::Write));
    w.grant(BOB, doc, Some(Access::Read));
    w.net.request(w.clients[BOB], doc);
    w.net.run();
    w.grant(BOB, doc, None);
    let fx = w.net.peers[w.clients[ALICE]].engine.request(doc);
    w.net.apply(w.clients[ALICE], fx);
    w.change(ALICE, doc, "k", "late");
    assert_eq!(w.net.get(w.server, doc, "k").as_deref(), Some("late"));
    assert_eq!(w.get(BOB, doc, "k"), None);
    assert_eq!(w.syncs_to(BOB, doc, 0), 0, "not even the document's heads reach bob");
}

#[test]
fn ephemeral_messages_reach_only_connections_that_may_read_the_document() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), Some(Access::Read)]);
    // Carol loses access; the relay asks the policy even before revalidation.
    w.grant(CAROL, doc, None);
    w.ephemeral_from(ALICE, doc, b"cursor-1");
    assert!(w.got_ephemeral(BOB, doc, b"cursor-1"), "a reader gets presence");
    assert!(!w.got_ephemeral(CAROL, doc, b"cursor-1"), "a non-reader does not");

    w.net.revalidate(w.server);
    w.net.run();
    w.ephemeral_from(ALICE, doc, b"cursor-2");
    assert!(w.got_ephemeral(BOB, doc, b"cursor-2"));
    assert!(!w.got_ephemeral(CAROL, doc, b"cursor-2"));

    // A non-reader's own presence goes nowhere and is answered as for a missing document.
    let mark = w.net.delivered.len();
    w.ephemeral_from(CAROL, doc, b"lurking");
    assert!(!w.got_ephemeral(ALICE, doc, b"lurking") && !w.got_ephemeral(BOB, doc, b"lurking"));
    assert!(w
        .net
        .messages(w.server, w.clients[CAROL], mark)
        .iter()
        .any(|m| matches!(m, Message::DocUnavailable { document, .. } if *document == doc)));
}

#[test]
fn a_server_relays_what_its_policy_makes_of_an_ephemeral_message() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), Some(Access::Read)]);
    w.ephemeral_from(BOB, doc, b"forged: alice is editing");
    w.ephemeral_from(BOB, doc, b"me: editing section 2");
    w.ephemeral_from(BOB, doc, b"cursor");
    let heard = |who| w.events(who).iter().filter(|e| matches!(e, Event::Ephemeral { .. })).count();
    let bob = format!("{}: editing section 2", w.conns[BOB]);
    for who in [ALICE, CAROL] {
        assert!(w.got_ephemeral(who, doc, bob.as_bytes()), "client {who} hears the rewritten message");
        assert!(w.got_ephemeral(who, doc, b"cursor"), "client {who} hears the message passed as sent");
        assert_eq!(heard(who), 2, "client {who} hears nothing of the dropped message");
    }
}

#[test]
fn changes_received_lists_exactly_the_changes_each_message_added() {
    let mut w = World::new();
    let doc = w.net.peers[w.clients[ALICE]].engine.create();
    w.grant(ALICE, doc, Some(Access::Write));
    w.grant(BOB, doc, Some(Access::Write));
    for i in 0..3 {
        w.net.change(w.clients[ALICE], doc, "k", &i.to_string());
    }
    w.net.run();
    let alices: BTreeSet<ChangeHash> = hashes(&w.net, w.clients[ALICE], doc);
    assert_eq!(alices.len(), 3);
    let received = w.changes_received();
    assert!(received.iter().all(|(conn, d, c)| *conn == w.conns[ALICE] && *d == doc && !c.is_empty()));
    let mut all: Vec<ChangeHash> = received.iter().flat_map(|(_, _, c)| c.clone()).collect();
    all.sort();
    assert_eq!(all, alices.iter().copied().collect::<Vec<_>>(), "each of alice's changes reported once");

    // Bob reads it (no changes from him), then makes one change.
    w.net.request(w.clients[BOB], doc);
    w.net.run();
    assert_eq!(w.changes_received().len(), received.len(), "a message adding nothing reports nothing");
    w.change(BOB, doc, "k", "bob");
    let bobs: BTreeSet<ChangeHash> = hashes(&w.net, w.clients[BOB], doc).difference(&alices).copied().collect();
    assert_eq!(bobs.len(), 1);
    let latest = &w.changes_received()[received.len()..];
    assert_eq!(latest, [(w.conns[BOB], doc, bobs.into_iter().collect::<Vec<_>>())]);

    // Concurrent changes from both: each is attributed to the connection that delivered it.
    let before = w.changes_received().len();
    w.net.change(w.clients[ALICE], doc, "a", "1");
    w.net.change(w.clients[BOB], doc, "b", "2");
    w.net.run();
    let latest = &w.changes_received()[before..];
    assert_eq!(latest.len(), 2, "{latest:?}");
    let by = |who: usize| latest.iter().find(|(c, _, _)| *c == w.conns[who]).map(|(_, _, h)| h.clone()).unwrap();
    let last = |who: usize| w.net.peers[w.clients[who]].engine.document(doc).unwrap().get_last_local_change().map(|c| c.hash());
    assert_eq!(by(ALICE), vec![last(ALICE).unwrap()]);
    assert_eq!(by(BOB), vec![last(BOB).unwrap()]);
}

#[test]
fn a_readers_change_is_refused_and_neither_stored_nor_relayed() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), Some(Access::Read)]);
    let stored = w.net.peers[w.server].storage.range(&layout::document_prefix(doc));
    let reported = w.changes_received().len();
    let mark = w.net.delivered.len();
    w.change(BOB, doc, "k", "vandalised");
    assert!(
        w.net.errors_received(w.clients[BOB]).iter().any(|e| e.contains("may not change")),
        "{:?}",
        w.net.errors_received(w.clients[BOB])
    );
    assert_eq!(w.net.peers[w.server].storage.range(&layout::document_prefix(doc)), stored, "nothing stored");
    assert_eq!(w.net.get(w.server, doc, "k").as_deref(), Some("v"));
    for who in [ALICE, CAROL] {
        assert_eq!(w.get(who, doc, "k").as_deref(), Some("v"), "client {who} never sees the refused change");
        assert_eq!(w.syncs_to(who, doc, mark), 0, "nothing relayed to client {who}");
    }
    assert_eq!(w.changes_received().len(), reported, "a refused change is not reported as received");
}

#[test]
fn a_checked_writers_change_is_kept_only_when_the_policy_allows_what_it_makes() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Write), Some(Access::Read)]);
    w.grants.check_changes(w.conns[BOB], doc);
    w.change(BOB, doc, "k", "allowed");
    assert_eq!(w.get(ALICE, doc, "k").as_deref(), Some("allowed"), "an allowed change is kept and relayed");
    assert!(w.net.errors_received(w.clients[BOB]).is_empty());
    let stored = w.net.peers[w.server].storage.range(&layout::document_prefix(doc));
    let reported = w.changes_received().len();
    let mark = w.net.delivered.len();

    w.change(BOB, doc, "k", "forbidden");
    let errors = w.net.errors_received(w.clients[BOB]);
    assert!(errors.iter().any(|e| e.contains("may not make that change") && e.contains("k may not say forbidden")), "{errors:?}");
    assert_eq!(w.net.peers[w.server].storage.range(&layout::document_prefix(doc)), stored, "nothing stored");
    assert_eq!(w.net.get(w.server, doc, "k").as_deref(), Some("allowed"), "the server's copy is as before");
    for who in [ALICE, CAROL] {
        assert_eq!(w.get(who, doc, "k").as_deref(), Some("allowed"), "client {who} never sees the refused change");
        assert_eq!(w.syncs_to(who, doc, mark), 0, "nothing relayed to client {who}");
    }
    assert_eq!(w.changes_received().len(), reported, "a refused change is not reported as received");
    assert_eq!(w.grants.denials().last(), Some(&(w.conns[BOB], doc, true)));
    // Alice's changes are not checked.
    w.change(ALICE, doc, "k", "forbidden");
    assert_eq!(w.net.get(w.server, doc, "k").as_deref(), Some("forbidden"));
}

#[test]
fn a_writer_lowered_to_reader_keeps_reading_and_can_no_longer_write() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Write), None]);
    w.change(BOB, doc, "k", "as editor");
    assert_eq!(w.get(ALICE, doc, "k").as_deref(), Some("as editor"));
    w.grant(BOB, doc, Some(Access::Read));
    w.net.revalidate(w.server);
    w.net.run();
    w.change(ALICE, doc, "k", "still shared");
    assert_eq!(w.get(BOB, doc, "k").as_deref(), Some("still shared"), "a reader keeps receiving");
    w.change(BOB, doc, "k", "as viewer");
    assert!(w.net.errors_received(w.clients[BOB]).iter().any(|e| e.contains("may not change")));
    assert_eq!(w.get(ALICE, doc, "k").as_deref(), Some("still shared"));
}

fn hashes(net: &Network, peer: PeerIx, doc: DocumentId) -> BTreeSet<ChangeHash> {
    net.peers[peer].engine.document(doc).unwrap().get_changes(&[]).iter().map(|c| c.hash()).collect()
}

#[test]
fn refusals_of_incoming_messages_are_reported_to_the_policy_and_nothing_else_is() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), None]);
    assert!(w.grants.denials().is_empty(), "permitted reads are not refusals");
    w.net.request(w.clients[CAROL], doc);
    w.net.run();
    assert_eq!(w.grants.denials(), vec![(w.conns[CAROL], doc, false)], "a read by a non-reader");
    // Relays the policy withholds are not refusals of anything carol sent.
    w.change(ALICE, doc, "k", "relayed to bob only");
    w.ephemeral_from(ALICE, doc, b"cursor");
    assert_eq!(w.grants.denials().len(), 1);
    w.change(BOB, doc, "k", "by a reader");
    assert_eq!(w.grants.denials().last(), Some(&(w.conns[BOB], doc, true)), "a write by a reader");
}

#[test]
fn an_oversized_ephemeral_message_is_refused_and_relayed_to_nobody() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), Some(Access::Read)]);
    let big = vec![7u8; domain::protocol::MAX_EPHEMERAL_BYTES + 1];
    w.ephemeral_from(ALICE, doc, &big);
    assert!(!w.got_ephemeral(BOB, doc, &big), "not copied to another reader");
    let errors = w.net.errors_received(w.clients[ALICE]);
    assert!(errors.iter().any(|e| e.contains("larger than")), "the sender is told why: {errors:?}");
    // A presence message of ordinary size still flows between the others.
    w.ephemeral_from(CAROL, doc, b"editing section 2");
    assert!(w.got_ephemeral(BOB, doc, b"editing section 2"));
}

#[test]
fn a_readers_oversized_sync_message_is_refused_before_it_is_decoded() {
    let mut w = World::new();
    let doc = w.shared_doc([Some(Access::Read), None]);
    // Not even a valid sync message: refused for its size alone, before decoding.
    let frame = protocol::encode(&Message::Sync {
        sender: w.net.peers[w.clients[BOB]].engine.peer_id().clone(),
        target: "server".parse().unwrap(),
        document: doc,
        data: vec![0u8; domain::protocol::MAX_READER_SYNC_BYTES + 1],
    });
    w.net.send_raw(w.clients[BOB], w.client_conns[BOB], frame);
    w.net.run();
    let errors = w.net.errors_received(w.clients[BOB]);
    assert!(errors.iter().any(|e| e.contains("may not change")), "{errors:?}");
    assert!(w.grants.denials().contains(&(w.conns[BOB], doc, true)));
}
