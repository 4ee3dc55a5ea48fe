//! How many sync messages a change costs when several editors share one document: the
//! server coalesces per peer (one message per peer and flush, covering every change since
//! the last) and never answers with a message that tells the peer nothing.

mod support;

use domain::{
    protocol::Message,
    sync::{Engine, EngineConfig, Role},
    DocumentId,
};
use support::{decoded, Network, PeerIx};

const EDITORS: usize = 5;

/// A server and `EDITORS` clients that all hold one document.
fn room() -> (Network, PeerIx, Vec<PeerIx>, DocumentId) {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let clients: Vec<PeerIx> = (0..EDITORS).map(|i| net.add(&format!("editor{i}"), Role::Client)).collect();
    for c in &clients {
        net.connect(*c, s);
    }
    net.run();
    let doc = net.peers[clients[0]].engine.create();
    net.change(clients[0], doc, "title", "minutes");
    net.run();
    for c in &clients[1..] {
        net.request(*c, doc);
    }
    net.run();
    for c in &clients {
        assert_eq!(net.get(*c, doc, "title").as_deref(), Some("minutes"), "editor {c} holds the document");
    }
    (net, s, clients, doc)
}

/// Sync messages (`sync`/`request`) delivered from `from` to `to` since `since`.
fn sync_messages(net: &Network, from: impl Fn(PeerIx) -> bool, to: impl Fn(PeerIx) -> bool, since: usize) -> usize {
    net.delivered[since..]
        .iter()
        .filter(|(f, t, frame)| {
            from(*f) && to(*t) && matches!(decoded(frame), Message::Sync { .. } | Message::Request { .. })
        })
        .count()
}

fn assert_converged(net: &Network, s: PeerIx, clients: &[PeerIx], doc: DocumentId) {
    let heads = net.peers[s].engine.document(doc).unwrap().get_heads();
    for c in clients {
        assert_eq!(net.peers[*c].engine.document(doc).unwrap().get_heads(), heads, "editor {c} has every change");
    }
    let summary = net.peers[clients[0]].engine.summary();
    assert!(summary.all_on_server(), "the server acknowledged every change: {summary:?}");
}

#[test]
fn one_editor_at_a_time_costs_at_most_two_server_messages_per_change_per_peer() {
    let (mut net, s, clients, doc) = room();
    let since = net.delivered.len();
    let changes = 100;
    for i in 0..changes {
        let who = clients[i % EDITORS];
        net.change(who, doc, &format!("k{}", i % 7), &i.to_string());
        net.run();
    }
    assert_converged(&net, s, &clients, doc);
    let down = sync_messages(&net, |f| f == s, |t| t != s, since);
    let up = sync_messages(&net, |f| f != s, |t| t == s, since);
    let per_peer = down as f64 / changes as f64 / EDITORS as f64;
    assert!(per_peer <= 2.0, "{down} server -> client messages for {changes} changes ({per_peer:.2} per change per peer)");
    // Each change reaches the four others once and is acknowledged to its author once; a
    // little more now and then (a bloom filter's false positive costs a round trip).
    let bound = changes * EDITORS * 11 / 10;
    assert!(down <= bound, "{down} server -> client messages for {changes} changes");
    eprintln!("{changes} changes one at a time: {down} server -> client, {up} client -> server messages");
    assert!(up <= bound, "{up} client -> server messages for {changes} changes");
}

#[test]
fn changes_arriving_together_reach_each_peer_in_one_message() {
    let (mut net, s, clients, doc) = room();
    let since = net.delivered.len();
    let bursts = 20;
    for burst in 0..bursts {
        // Every editor changes the document before the server hears of any of it.
        for (i, c) in clients.iter().enumerate() {
            net.change(*c, doc, &format!("by{i}"), &burst.to_string());
        }
        let round_start = net.delivered.len();
        net.run_rounds();
        // The server took the five changes in one round: each peer got one message for them
        // (plus, at most, one answer to what it sent back).
        for c in &clients {
            let to_c = sync_messages(&net, |f| f == s, |t| t == *c, round_start);
            assert!(to_c <= 2, "burst {burst}: editor {c} got {to_c} messages for one round of changes");
        }
    }
    assert_converged(&net, s, &clients, doc);
    let changes = bursts * EDITORS;
    let down = sync_messages(&net, |f| f == s, |t| t != s, since);
    let per_peer = down as f64 / changes as f64 / EDITORS as f64;
    eprintln!("{changes} changes in bursts: {down} server -> client messages");
    assert!(per_peer <= 0.5, "{down} server -> client messages for {changes} changes ({per_peer:.2} per change per peer)");
}

#[test]
fn a_coalescing_engine_holds_messages_and_saves_until_flushed() {
    let mut config = EngineConfig::new("server".parse().unwrap(), Role::Server);
    config.coalesce = true;
    let mut net = Network::new();
    let s = net.add_engine(Engine::new(config));
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    let (_, sa) = net.connect(a, s);
    let (_, sb) = net.connect(b, s);
    net.run();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "0");
    net.run();
    net.request(b, doc);
    net.run();

    // Three changes from alice reach the server without a flush in between.
    let mut frames = Vec::new();
    for i in 1..=3 {
        let ((), fx) = net.peers[a]
            .engine
            .change(doc, |d| {
                use automerge::transaction::Transactable;
                let mut tx = d.transaction();
                tx.put(automerge::ROOT, "k", i.to_string()).unwrap();
                tx.commit();
            })
            .unwrap();
        net.peers[a].storage.apply(fx.store).unwrap();
        net.peers[a].engine.storage_committed(&fx.saved);
        frames.extend(fx.send.into_iter().map(|(_, f)| f));
    }
    assert_eq!(frames.len(), 3, "the client sends each change");
    let mut held = domain::sync::Effects::default();
    for f in &frames {
        held.extend(net.peers[s].engine.receive(sa, f));
    }
    assert!(held.send.is_empty() && held.store.is_empty(), "nothing is sent or saved before the flush: {held:?}");
    let flushed = net.peers[s].engine.flush();
    assert_eq!(flushed.saved.len(), 1, "one save covers the three changes");
    let to_b = flushed.send.iter().filter(|(c, _)| *c == sb).count();
    assert_eq!(to_b, 1, "bob gets one message for the three changes");
    let to_a = flushed.send.iter().filter(|(c, _)| *c == sa).count();
    assert_eq!(to_a, 1, "alice gets one acknowledgement for the three changes");
    assert!(net.peers[s].engine.flush().is_empty(), "a second flush has nothing to do");
    net.apply(s, flushed);
    net.run();
    assert_eq!(net.get(b, doc, "k").as_deref(), Some("3"));
    assert!(net.peers[a].engine.summary().all_on_server());
}

#[test]
fn an_answer_to_a_stale_message_is_not_sent_when_a_newer_one_is_on_its_way() {
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let a = net.add("alice", Role::Client);
    let b = net.add("bob", Role::Client);
    net.connect(a, s);
    net.connect(b, s);
    net.run();
    let doc = net.peers[a].engine.create();
    net.change(a, doc, "k", "0");
    net.run();
    net.request(b, doc);
    net.run();

    let since = net.delivered.len();
    // Alice changes twice; the second change reaches the server while bob's answer to the
    // first is still on its way back.
    net.change(a, doc, "k", "1");
    net.run_rounds_once();
    net.change(a, doc, "k", "2");
    net.run_rounds();
    assert_eq!(net.get(b, doc, "k").as_deref(), Some("2"));
    let to_b = sync_messages(&net, |f| f == s, |t| t == b, since);
    assert_eq!(to_b, 2, "bob gets one message per change and no answer to his stale acknowledgement");
    assert!(net.peers[a].engine.summary().all_on_server());
}

#[test]
fn concurrent_editors_converge_whatever_the_delivery_order() {
    for seed in 0..150 {
        let mut net = Network::new();
        let s = net.add("server", Role::Server);
        let a = net.add("alice", Role::Client);
        let b = net.add("bob", Role::Client);
        let c = net.add("carol", Role::Client);
        for p in [a, b, c] {
            net.connect(p, s);
        }
        net.run();
        let doc = net.peers[a].engine.create();
        net.change(a, doc, "name", "board");
        net.run();
        net.request(b, doc);
        net.request(c, doc);
        net.run();
        for step in 0..6 {
            // Everyone edits, some frames move, everyone edits again before the rest arrive.
            net.change(a, doc, "chair", &format!("a{step}"));
            net.change(b, doc, "frequency", &format!("b{step}"));
            net.change(c, doc, &format!("c{step}"), "c");
            let mut budget = (seed as usize + step) % 5;
            while budget > 0 && net.run_shuffled_once(seed * 31 + step as u64) {
                budget -= 1;
            }
            net.change(a, doc, "name", &format!("from a {step}"));
            net.change(b, doc, "name", &format!("from b {step}"));
        }
        net.run_shuffled(seed);
        assert!(net.peers[s].engine.flush().is_empty(), "seed {seed}: nothing is left to flush");
        let heads = net.peers[s].engine.document(doc).unwrap().get_heads();
        for p in [a, b, c] {
            assert_eq!(
                net.peers[p].engine.document(doc).unwrap().get_heads(),
                heads,
                "seed {seed}: peer {p} converged with the server"
            );
            if !net.peers[p].engine.summary().all_on_server() {
                let log: Vec<String> = net
                    .delivered
                    .iter()
                    .filter(|(f, t, _)| (*f == p && *t == s) || (*f == s && *t == p))
                    .rev()
                    .take(14)
                    .map(|(f, _, frame)| match decoded(frame) {
                        Message::Sync { data, .. } | Message::Request { data, .. } => {
                            let m = automerge::sync::Message::decode(&data).unwrap();
                            format!("{} heads {:?} need {:?} changes {}", if *f == s { "S->P" } else { "P->S" }, m.heads, m.need, m.changes.len())
                        }
                        other => format!("{other:?}"),
                    })
                    .collect();
                panic!("seed {seed}: peer {p} not acknowledged; heads {heads:?}; last messages (newest first):\n{}", log.join("\n"));
            }
        }
    }
}

#[test]
fn the_server_relays_a_change_to_the_other_editors_before_it_replies_to_its_author() {
    use std::{cell::RefCell, rc::Rc};
    let mut net = Network::new();
    let s = net.add("server", Role::Server);
    let clients: Vec<PeerIx> = (0..3).map(|i| net.add(&format!("editor{i}"), Role::Client)).collect();
    // The author connected first: by connection order its reply would go first.
    let author_conn = net.connect(clients[0], s).1;
    for c in &clients[1..] {
        net.connect(*c, s);
    }
    net.run();
    let doc = net.peers[clients[0]].engine.create();
    net.change(clients[0], doc, "title", "minutes");
    net.run();
    for c in &clients[1..] {
        net.request(*c, doc);
    }
    net.run();

    let order = Rc::new(RefCell::new(Vec::new()));
    let seen = order.clone();
    net.inspect = Some(Box::new(move |ix, fx, _| {
        if ix == s {
            seen.borrow_mut().extend(
                fx.send.iter().filter(|(_, f)| matches!(decoded(f), Message::Sync { .. })).map(|(conn, _)| *conn),
            );
        }
    }));
    net.change(clients[0], doc, "title", "minutes of the March meeting");
    net.run();
    let order = order.borrow();
    let reply = order.iter().position(|c| *c == author_conn).expect("the author is acknowledged");
    assert_eq!(reply, order.len() - 1, "relays to the two others first, then the reply: {order:?}");
    assert!(order.len() >= 3, "{order:?}");
}
