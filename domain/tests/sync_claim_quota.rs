//! A library of hundreds of new documents made at once (issue 11: a joint group's manual of
//! 300 procedures) reaches the server and a new device, though the server takes at most a
//! quota of new documents a minute: a claim over the quota waits and is invited again as
//! the quota frees, and a reader that asked for a document before it existed gets it once
//! its owner is recorded. Before, the claims over the quota were answered
//! `doc-unavailable`, the creator never sent them again, and the reader stopped at the
//! quota (120 of 300).

mod support;

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use automerge::{sync::SyncDoc, Automerge};
use domain::{
    protocol::Message,
    storage::layout,
    sync::{AccessPolicy, EngineConfig, Engine, Event, Role, MAX_DEFERRED_CLAIMS},
    ConnectionId, DocumentId,
};
use support::{Network, PeerIx};

/// New documents the writer may create per window (the server's is 120 a minute).
const QUOTA: usize = 120;
const DOCUMENTS: usize = 300;
const WORDS: usize = 3000;

#[derive(Debug, Default)]
struct State {
    /// The creator's (an API token's) connection: claims ids nobody owns, within the quota.
    writer: Option<ConnectionId>,
    /// Connections of the same partnership: read what it owns.
    readers: HashSet<ConnectionId>,
    /// Connections that would claim ids nobody owns (the writer's; and a reader's that
    /// holds the same API token).
    claimers: HashSet<ConnectionId>,
    /// Documents whose owner (the partnership) is recorded.
    owned: HashSet<DocumentId>,
    /// Claims in the current window, and the most any window saw.
    used: usize,
    most_in_a_window: usize,
    /// Claimed and not yet recorded (the hub records owners after its commit).
    pending: Vec<DocumentId>,
}

/// The server's rules in small: a quota of claims per window that the test advances.
#[derive(Debug, Clone, Default)]
struct Quota(Arc<Mutex<State>>);

impl Quota {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap()
    }

    fn would_claim(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let s = self.lock();
        s.claimers.contains(&conn) && !s.owned.contains(&doc)
    }
}

impl AccessPolicy for Quota {
    fn may_read(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let s = self.lock();
        s.owned.contains(&doc) && (s.writer == Some(conn) || s.readers.contains(&conn))
    }

    fn may_write(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        let s = self.lock();
        s.owned.contains(&doc) && s.writer == Some(conn)
    }

    fn may_claim(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.would_claim(conn, doc) && self.lock().used < QUOTA
    }

    fn claim_later(&self, conn: ConnectionId, doc: DocumentId) -> bool {
        self.would_claim(conn, doc) && self.lock().used >= QUOTA
    }

    fn claims_open(&self, conn: ConnectionId) -> usize {
        let s = self.lock();
        if s.claimers.contains(&conn) {
            QUOTA.saturating_sub(s.used)
        } else {
            0
        }
    }

    fn unowned(&self, doc: DocumentId) -> bool {
        !self.lock().owned.contains(&doc)
    }
}

struct World {
    net: Network,
    quota: Quota,
    server: PeerIx,
    writer: PeerIx,
    reader: PeerIx,
    /// The server's side of the reader's connection.
    reader_conn: ConnectionId,
    /// A connection of another partnership: may read none of them.
    outsider: PeerIx,
    /// Frames delivered one at a time (each message handled, and its document loaded,
    /// before the next) instead of in the hub's rounds.
    one_by_one: bool,
}

impl World {
    fn new() -> Self {
        let quota = Quota::default();
        let mut net = Network::new();
        let mut config = EngineConfig::new("server".parse().unwrap(), Role::Server);
        config.storage_id = Some("server-storage".into());
        // As the server's hub runs it.
        config.coalesce = true;
        config.background_compaction = true;
        let server = net.add_engine(Engine::with_access(config, Box::new(quota.clone())));
        let [writer, reader, outsider] = ["writer", "reader", "outsider"].map(|n| net.add(n, Role::Client));
        let (_, w) = net.connect(writer, server);
        let (_, r) = net.connect(reader, server);
        net.connect(outsider, server);
        net.run();
        {
            let mut s = quota.lock();
            s.writer = Some(w);
            s.claimers.insert(w);
            s.readers.insert(r);
        }
        // The hub counts a claim against the quota as soon as the engine reports it.
        let counted = quota.clone();
        net.inspect = Some(Box::new(move |ix, fx, _| {
            if ix != server {
                return;
            }
            let mut s = counted.lock();
            for e in &fx.events {
                if let Event::Claimed { document, .. } = e {
                    s.used += 1;
                    s.most_in_a_window = s.most_in_a_window.max(s.used);
                    s.pending.push(*document);
                }
            }
        }));
        Self { net, quota, server, writer, reader, reader_conn: r, outsider, one_by_one: false }
    }

    /// Delivers until quiet, in rounds as the server's hub takes its inputs (a round's
    /// documents are loaded together, after its messages), recording after each round the
    /// owners of what it claimed (the hub's commit) and telling the engine.
    fn run(&mut self) {
        loop {
            let delivered = if self.one_by_one { self.net.run() } else { self.net.run_rounds_once() };
            let claimed = std::mem::take(&mut self.quota.lock().pending);
            if claimed.is_empty() {
                if delivered == 0 {
                    return;
                }
                continue;
            }
            self.quota.lock().owned.extend(claimed.iter().copied());
            let fx = self.net.peers[self.server].engine.owners_known(&claimed);
            self.net.apply(self.server, fx);
        }
    }

    /// The quota's window moves on; the hub's timer invites the claims that waited.
    /// Returns how many invitations went out.
    fn next_window(&mut self) -> usize {
        self.quota.lock().used = 0;
        let fx = self.net.peers[self.server].engine.invite_deferred_claims();
        let invitations = fx.send.len();
        self.net.apply(self.server, fx);
        self.run();
        invitations
    }

    fn text(&self, ix: PeerIx, doc: DocumentId) -> Option<String> {
        self.net.get(ix, doc, "text")
    }

    fn held_by(&self, ix: PeerIx, docs: &[(DocumentId, String)]) -> usize {
        docs.iter().filter(|(id, text)| self.text(ix, *id).as_ref() == Some(text)).count()
    }
}

/// About `words` words of procedure text, different for each `seed`.
fn procedure_text(words: usize, seed: usize) -> String {
    const VOCABULARY: [&str; 16] = [
        "child", "family", "referral", "assessment", "risk", "harm", "strategy", "meeting",
        "consent", "agency", "practitioner", "threshold", "escalation", "placement", "review", "plan",
    ];
    let mut x = seed as u64 * 2_654_435_761 + 1;
    let mut out = format!("uniq{seed}x");
    for _ in 1..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push(' ');
        out.push_str(VOCABULARY[(x % 16) as usize]);
    }
    out
}

/// The writer makes `n` procedures at once (as the JS client does in the scale benchmark).
fn make_library(w: &mut World, n: usize) -> Vec<(DocumentId, String)> {
    (0..n)
        .map(|i| {
            let id = w.net.peers[w.writer].engine.create();
            let text = procedure_text(WORDS, i);
            w.net.change(w.writer, id, "text", &text);
            (id, text)
        })
        .collect()
}

#[test]
fn three_hundred_new_procedures_all_reach_the_server_and_a_new_device_at_the_quotas_pace() {
    let mut w = World::new();
    let library = make_library(&mut w, DOCUMENTS);
    // A new device opens the library at once: it asks for every procedure, most of which
    // the server does not hold yet.
    for (id, _) in &library {
        w.net.request(w.reader, *id);
        w.net.request(w.outsider, *id);
    }
    w.run();
    assert_eq!(w.quota.lock().owned.len(), QUOTA, "the first window's quota is taken");
    assert_eq!(w.net.peers[w.server].engine.deferred_claims(), DOCUMENTS - QUOTA, "the rest wait");
    assert_eq!(w.held_by(w.reader, &library), QUOTA, "the reader has what is stored");
    // The creator is told the server does not hold those yet (as before the fix); what
    // changed is that they are not left there.
    let told_unavailable = w.net.peers[w.writer].events.iter().filter(|e| matches!(e, Event::DocumentUnavailable(_))).count();
    assert_eq!(told_unavailable, DOCUMENTS - QUOTA);

    let mut windows = 0;
    while w.held_by(w.reader, &library) < DOCUMENTS {
        windows += 1;
        assert!(windows <= 5, "stalled: {} of {DOCUMENTS} on the new device", w.held_by(w.reader, &library));
        let invitations = w.next_window();
        assert!(invitations <= QUOTA, "{invitations} invitations for a quota of {QUOTA}");
    }
    assert_eq!(windows, 2, "180 waiting documents take two more windows of {QUOTA}");

    let server = &w.net.peers[w.server];
    assert_eq!(server.engine.deferred_claims(), 0);
    assert!(w.quota.lock().most_in_a_window <= QUOTA, "the quota held");
    for (id, text) in &library {
        assert!(!server.storage.range(&layout::document_prefix(*id)).is_empty(), "{id} stored");
        assert_eq!(w.text(w.server, *id).as_ref(), Some(text));
    }
    assert_eq!(w.held_by(w.reader, &library), DOCUMENTS);
    assert_eq!(w.held_by(w.outsider, &library), 0, "another partnership reads none of them");
    for ix in [w.writer, w.reader, w.outsider] {
        assert!(w.net.errors_received(ix).is_empty(), "{:?}", w.net.errors_received(ix));
    }
}

#[test]
fn waiting_claims_are_forgotten_with_their_connection_and_bounded_per_connection() {
    let mut w = World::new();
    make_library(&mut w, QUOTA + 10);
    w.run();
    assert_eq!(w.net.peers[w.server].engine.deferred_claims(), 10);
    w.net.disconnect(w.writer);
    assert_eq!(w.net.peers[w.server].engine.deferred_claims(), 0, "nothing waits for a closed connection");
    assert_eq!(w.next_window(), 0, "and nobody is invited");
    assert!(MAX_DEFERRED_CLAIMS >= 1000, "room for a real manual's worth of new documents");
}

#[test]
fn an_invitation_is_what_an_empty_document_says_and_brings_every_change() {
    // One message at a time: the claim over the quota is held back as it is handled (in
    // rounds, as the document's load is answered).
    let mut w = World { one_by_one: true, ..World::new() };
    let library = make_library(&mut w, QUOTA + 1);
    w.run();
    let (late, text) = library.last().unwrap().clone();
    assert_eq!(w.text(w.server, late), None, "over the quota: not taken yet");
    let since = w.net.delivered.len();
    assert_eq!(w.next_window(), 1);
    let sent = w.net.messages(w.server, w.writer, since);
    let Some(Message::Sync { document, data, .. }) = sent.first() else { panic!("no invitation: {sent:?}") };
    assert_eq!(*document, late);
    let empty = Automerge::new().generate_sync_message(&mut automerge::sync::State::new()).unwrap().encode();
    assert_eq!(*data, empty);
    assert_eq!(w.text(w.server, late), Some(text));
}

#[test]
fn a_reader_that_could_claim_too_is_sent_them_without_taking_any_of_the_quota() {
    // Its requests (it holds nothing of them) come after the writer's claims used the quota.
    let mut w = World::new();
    w.quota.lock().claimers.insert(w.reader_conn);
    let library = make_library(&mut w, QUOTA + 10);
    w.run();
    for (id, _) in &library {
        w.net.request(w.reader, *id);
    }
    w.run();
    assert_eq!(w.held_by(w.reader, &library), QUOTA);
    assert_eq!(w.net.peers[w.server].engine.deferred_claims(), 10, "only the writer's claims wait");
    let since = w.net.delivered.len();
    assert_eq!(w.next_window(), 10, "the writer is invited to send its ten");
    let invitation = Automerge::new().generate_sync_message(&mut automerge::sync::State::new()).unwrap().encode();
    let to_reader = w.net.messages(w.server, w.reader, since);
    assert!(!to_reader.iter().any(|m| matches!(m, Message::Sync { data, .. } if *data == invitation)), "the reader is not invited");
    assert_eq!(w.held_by(w.reader, &library), QUOTA + 10);
    assert!(w.quota.lock().most_in_a_window <= QUOTA);
}
