//! Benchmark: a server's cost for a room of people typing into one long section.
//!
//! Five clients hold one procedure whose section is one text of `words` words. Each round,
//! every client types a character and the server receives their five messages (as its hub
//! takes a round's frames), saves and answers. The server's time for a round (receive, flush
//! and storage) is measured two ways, alternating: each message on its own
//! (`Engine::receive`, as before), and the round's messages together (`Engine::receive_all`,
//! which applies several writers' changes to a document with one walk of it).
//!
//! `cargo run -p quorum-domain --profile server --example room_of_writers` (scripts/bench.sh runs it)
use std::time::{Duration, Instant};

use automerge::{transaction::Transactable, Automerge, ObjType, ReadDoc, ROOT};
use domain::{
    storage::{layout, MemoryStorage},
    sync::{Direction, Effects, Engine, EngineConfig, Role},
    ConnectionId, DocumentId,
};

const WRITERS: usize = 5;
const ROUNDS: usize = 40;

struct Peer {
    engine: Engine,
    storage: MemoryStorage,
}

/// Frames on their way: (to, on connection, frame).
type Wire = Vec<(usize, ConnectionId, Vec<u8>)>;

/// Carries out `fx` for peer `ix` (flush, store, commit) and queues its frames.
fn apply(peers: &mut [Peer], links: &[(usize, ConnectionId, usize, ConnectionId)], wire: &mut Wire, ix: usize, mut fx: Effects) {
    loop {
        fx.extend(peers[ix].engine.flush());
        let store = std::mem::take(&mut fx.store);
        let saved = std::mem::take(&mut fx.saved);
        let mut loads = std::mem::take(&mut fx.load);
        loads.append(&mut fx.load_after_send);
        if store.is_empty() && saved.is_empty() && loads.is_empty() {
            break;
        }
        peers[ix].storage.apply(store).expect("memory storage");
        peers[ix].engine.storage_committed(&saved);
        for doc in loads {
            let chunks = peers[ix].storage.range(&layout::document_prefix(doc));
            fx.extend(peers[ix].engine.document_loaded(doc, chunks));
        }
    }
    for (conn, frame) in fx.send {
        let (to, their) = links
            .iter()
            .find_map(|&(a, ca, b, cb)| if a == ix && ca == conn { Some((b, cb)) } else if b == ix && cb == conn { Some((a, ca)) } else { None })
            .expect("a linked connection");
        wire.push((to, their, frame));
    }
}

/// Delivers until nothing is on the wire, every peer taking what waits for it as one round.
fn settle(peers: &mut [Peer], links: &[(usize, ConnectionId, usize, ConnectionId)], wire: &mut Wire) {
    while !wire.is_empty() {
        let batch = std::mem::take(wire);
        for ix in 0..peers.len() {
            let frames: Vec<(ConnectionId, &[u8])> = batch.iter().filter(|(to, ..)| *to == ix).map(|(_, c, f)| (*c, f.as_slice())).collect();
            if frames.is_empty() {
                continue;
            }
            let fx = peers[ix].engine.receive_all(frames);
            apply(peers, links, wire, ix, fx);
        }
    }
}

fn peer(name: &str, role: Role) -> Peer {
    let mut config = EngineConfig::new(name.parse().unwrap(), role);
    if role == Role::Server {
        config.storage_id = Some(format!("{name}-storage"));
        config.coalesce = true;
    }
    Peer { engine: Engine::new(config), storage: MemoryStorage::new() }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn room(words: usize) -> (Duration, Duration) {
    let mut peers = vec![peer("server", Role::Server)];
    for i in 0..WRITERS {
        peers.push(peer(&format!("writer{i}"), Role::Client));
    }
    let mut links = Vec::new();
    let mut wire = Wire::new();
    for ix in 1..=WRITERS {
        let (cc, cfx) = peers[ix].engine.connect(Direction::Outgoing);
        let (sc, sfx) = peers[0].engine.connect(Direction::Incoming);
        links.push((ix, cc, 0, sc));
        apply(&mut peers, &links, &mut wire, ix, cfx);
        apply(&mut peers, &links, &mut wire, 0, sfx);
    }
    settle(&mut peers, &links, &mut wire);
    // The first writer types the section, a hundred words a change.
    let doc: DocumentId = peers[1].engine.create();
    let mut at = 0;
    for c in 0..words.div_ceil(100) {
        let typed: String = (0..100.min(words - c * 100)).map(|w| format!("word{} ", c * 100 + w)).collect();
        let ((), fx) = peers[1]
            .engine
            .change(doc, |d: &mut Automerge| {
                let text = match d.get(ROOT, "text").unwrap() {
                    Some((_, text)) => text,
                    None => {
                        let mut tx = d.transaction();
                        let text = tx.put_object(ROOT, "text", ObjType::Text).unwrap();
                        tx.commit();
                        text
                    }
                };
                let mut tx = d.transaction();
                tx.splice_text(&text, at, 0, &typed).unwrap();
                tx.commit();
            })
            .unwrap();
        at += typed.len();
        apply(&mut peers, &links, &mut wire, 1, fx);
        settle(&mut peers, &links, &mut wire);
    }
    for ix in 2..=WRITERS {
        let fx = peers[ix].engine.request(doc);
        apply(&mut peers, &links, &mut wire, ix, fx);
        settle(&mut peers, &links, &mut wire);
    }
    let (mut alone, mut together) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Everyone types a character somewhere in the section.
        for ix in 1..=WRITERS {
            let ((), fx) = peers[ix]
                .engine
                .change(doc, |d: &mut Automerge| {
                    let (_, text) = d.get(ROOT, "text").unwrap().unwrap();
                    let len = d.length(&text);
                    let mut tx = d.transaction();
                    tx.splice_text(&text, (len / (WRITERS + 1)) * ix, 0, "x").unwrap();
                    tx.commit();
                })
                .unwrap();
            apply(&mut peers, &links, &mut wire, ix, fx);
        }
        let frames: Wire = std::mem::take(&mut wire);
        assert!(frames.iter().all(|(to, ..)| *to == 0));
        let start = Instant::now();
        let fx = if round % 2 == 0 {
            let mut fx = Effects::default();
            for (_, conn, frame) in &frames {
                fx.extend(peers[0].engine.receive(*conn, frame));
            }
            fx
        } else {
            peers[0].engine.receive_all(frames.iter().map(|(_, c, f)| (*c, f.as_slice())))
        };
        apply(&mut peers, &links, &mut wire, 0, fx);
        let took = start.elapsed();
        if round % 2 == 0 { alone.push(took) } else { together.push(took) }
        settle(&mut peers, &links, &mut wire);
    }
    // Everyone ends with the same section.
    let server = peers[0].engine.document(doc).unwrap().get_heads();
    for p in &peers[1..] {
        assert_eq!(p.engine.document(doc).unwrap().get_heads(), server);
    }
    (median(alone), median(together))
}

fn main() {
    println!("{WRITERS} writers typing into one section, a character each per round: the server's time per round (receive, save, answer), median of {}", ROUNDS / 2);
    for words in [1_000, 5_000, 20_000] {
        let (alone, together) = room(words);
        println!(
            "  {words:>6} words: each message on its own {:>9.2} ms, the round's messages together {:>9.2} ms ({:.1}x)",
            alone.as_secs_f64() * 1e3,
            together.as_secs_f64() * 1e3,
            alone.as_secs_f64() / together.as_secs_f64()
        );
    }
}
