//! A simulated network for the sans-IO engine: peers with in-memory storage, links that
//! deliver frames in order, all driven synchronously (samod-core's test style).

#![allow(dead_code, unused_imports, unreachable_pub)]

mod grants;
pub mod meetings;
pub use grants::{Access, Grants};

use std::collections::{HashMap, VecDeque};

use automerge::{transaction::Transactable, Automerge, ReadDoc, ROOT};
use domain::{
    protocol::{self, Message},
    storage::{layout, MemoryStorage},
    sync::{Direction, Effects, Engine, EngineConfig, Event, Role},
    ConnectionId, DocumentId,
};

pub type PeerIx = usize;

pub struct Peer {
    pub engine: Engine,
    pub storage: MemoryStorage,
    pub events: Vec<Event>,
}

/// One direction of a link: frames from `from` arriving at `to` on `conn`.
struct Wire {
    from: (PeerIx, ConnectionId),
    to: (PeerIx, ConnectionId),
    queue: VecDeque<Vec<u8>>,
}

#[derive(Default)]
pub struct Network {
    pub peers: Vec<Peer>,
    wires: Vec<Wire>,
    /// Frames sent per peer, to count protocol chatter.
    pub sent: HashMap<PeerIx, usize>,
    /// Every frame delivered: (from, to, frame), in order.
    pub delivered: Vec<(PeerIx, PeerIx, Vec<u8>)>,
    /// Called with every peer's effects before they are carried out.
    pub inspect: Option<Box<dyn FnMut(PeerIx, &Effects, &MemoryStorage)>>,
}

impl Network {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: &str, role: Role) -> PeerIx {
        let mut config = EngineConfig::new(name.parse().unwrap(), role);
        config.compact_after = 4;
        if role == Role::Server {
            config.storage_id = Some(format!("{name}-storage"));
            // As the server's hub runs it: flushed after each batch of inputs.
            config.coalesce = true;
        }
        self.add_engine(Engine::new(config))
    }

    /// A server whose access policy is `grants`.
    pub fn add_server_with(&mut self, name: &str, grants: &Grants) -> PeerIx {
        let mut config = EngineConfig::new(name.parse().unwrap(), Role::Server);
        config.compact_after = 4;
        config.storage_id = Some(format!("{name}-storage"));
        config.coalesce = true;
        self.add_engine(Engine::with_access(config, grants.policy()))
    }

    /// A server whose policy is `grants` and a client for each of `names`, connected to it
    /// and handshaken: the network, the server, the clients, and each client's
    /// (client's side, server's side) of its connection.
    pub fn server_with_clients<const N: usize>(grants: &Grants, names: [&str; N]) -> (Self, PeerIx, [PeerIx; N], [(ConnectionId, ConnectionId); N]) {
        let mut net = Self::new();
        let server = net.add_server_with("server", grants);
        let clients = names.map(|n| net.add(n, Role::Client));
        let pairs = clients.map(|c| net.connect(c, server));
        net.run();
        (net, server, clients, pairs)
    }

    pub fn add_engine(&mut self, engine: Engine) -> PeerIx {
        self.peers.push(Peer { engine, storage: MemoryStorage::new(), events: Vec::new() });
        self.peers.len() - 1
    }

    /// Connects a client to a server; returns (client's conn, server's conn).
    pub fn connect(&mut self, client: PeerIx, server: PeerIx) -> (ConnectionId, ConnectionId) {
        let (cc, cfx) = self.peers[client].engine.connect(Direction::Outgoing);
        let (sc, sfx) = self.peers[server].engine.connect(Direction::Incoming);
        self.wires.push(Wire { from: (client, cc), to: (server, sc), queue: VecDeque::new() });
        self.wires.push(Wire { from: (server, sc), to: (client, cc), queue: VecDeque::new() });
        self.apply(client, cfx);
        self.apply(server, sfx);
        (cc, sc)
    }

    /// Drops every link of `peer` (both ends are told).
    pub fn disconnect(&mut self, peer: PeerIx) {
        let ends: Vec<((PeerIx, ConnectionId), (PeerIx, ConnectionId))> = self
            .wires
            .iter()
            .filter(|w| w.from.0 == peer)
            .map(|w| (w.from, w.to))
            .collect();
        self.wires.retain(|w| w.from.0 != peer && w.to.0 != peer);
        for ((p, c), (q, d)) in ends {
            let fx = self.peers[p].engine.disconnect(c);
            self.apply(p, fx);
            let fx = self.peers[q].engine.disconnect(d);
            self.apply(q, fx);
        }
    }

    /// Carries out effects the way adapters must: flush (a coalescing engine's held saves and
    /// messages), store, then send.
    pub fn apply(&mut self, ix: PeerIx, mut fx: Effects) {
        fx.extend(self.peers[ix].engine.flush());
        if let Some(inspect) = self.inspect.as_mut() {
            inspect(ix, &fx, &self.peers[ix].storage);
        }
        loop {
            let peer = &mut self.peers[ix];
            let store = std::mem::take(&mut fx.store);
            let saved = std::mem::take(&mut fx.saved);
            if !store.is_empty() || !saved.is_empty() {
                match peer.storage.apply(store) {
                    Ok(()) => peer.engine.storage_committed(&saved),
                    Err(_) => {
                        let failed = peer.engine.storage_failed(&saved);
                        fx.extend(failed);

                    }
                }
            }
            let loads = std::mem::take(&mut fx.load);
            for doc in loads {
                let chunks = peer.storage.range(&layout::document_prefix(doc));
                let more = peer.engine.document_loaded(doc, chunks);
                if let Some(inspect) = self.inspect.as_mut() {
                    inspect(ix, &more, &peer.storage);
                }
                fx.extend(more);
            }
            let flushed = peer.engine.flush();
            if let Some(inspect) = self.inspect.as_mut() {
                inspect(ix, &flushed, &peer.storage);
            }
            fx.extend(flushed);
            if fx.store.is_empty() && fx.load.is_empty() {
                break;
            }
        }
        for (conn, frame) in fx.send {
            *self.sent.entry(ix).or_default() += 1;
            if let Some(w) = self.wires.iter_mut().find(|w| w.from == (ix, conn)) {
                w.queue.push_back(frame);
            }
        }
        for conn in fx.close {
            // The closing side forgot the connection; the other side sees the socket close
            // after the frames already queued.
            if let Some(w) = self.wires.iter().find(|w| w.from == (ix, conn)) {
                let other = w.to;
                let pending: Vec<Vec<u8>> = w.queue.iter().cloned().collect();
                self.wires.retain(|w| w.from != (ix, conn) && w.to != (ix, conn));
                for frame in pending {
                    self.delivered.push((ix, other.0, frame.clone()));
                    let fx = self.peers[other.0].engine.receive(other.1, &frame);
                    self.apply(other.0, fx);
                }
                let fx = self.peers[other.0].engine.disconnect(other.1);
                self.apply(other.0, fx);
            }
        }
        self.peers[ix].events.extend(fx.events);
        // A server answered requests with a stored snapshot: it loads the document now that
        // those answers are on their way.
        if !fx.load_after_send.is_empty() {
            let later = Effects { load: std::mem::take(&mut fx.load_after_send), ..Effects::default() };
            self.apply(ix, later);
        }
    }

    /// Delivers frames until the network is quiet; returns how many were delivered.
    pub fn run(&mut self) -> usize {
        let mut delivered = 0;
        for _ in 0..100_000 {
            let Some(i) = self.wires.iter().position(|w| !w.queue.is_empty()) else { return delivered };
            let frame = self.wires[i].queue.pop_front().unwrap();
            let (to, conn) = self.wires[i].to;
            self.delivered.push((self.wires[i].from.0, to, frame.clone()));
            let fx = self.peers[to].engine.receive(conn, &frame);
            self.apply(to, fx);
            delivered += 1;
        }
        panic!("network did not go quiet");
    }

    /// Delivers frames in rounds, as the server's hub takes them, until the network is quiet:
    /// each round, every peer receives every frame already queued for it as one batch, and
    /// its effects (one flush) are carried out after the whole batch. Returns the number of
    /// frames delivered.
    pub fn run_rounds(&mut self) -> usize {
        let mut delivered = 0;
        for _ in 0..10_000 {
            let n = self.run_rounds_once();
            if n == 0 {
                return delivered;
            }
            delivered += n;
        }
        panic!("network did not go quiet");
    }

    /// One round of [`Network::run_rounds`]; returns the number of frames delivered.
    pub fn run_rounds_once(&mut self) -> usize {
        let mut inbox: Vec<(PeerIx, ConnectionId, PeerIx, Vec<u8>)> = Vec::new();
        for w in &mut self.wires {
            inbox.extend(w.queue.drain(..).map(|f| (w.to.0, w.to.1, w.from.0, f)));
        }
        let mut peers: Vec<PeerIx> = inbox.iter().map(|(to, ..)| *to).collect();
        peers.sort();
        peers.dedup();
        for ix in peers {
            let mut frames = Vec::new();
            for (_, conn, from, frame) in inbox.iter().filter(|(to, ..)| *to == ix) {
                self.delivered.push((*from, ix, frame.clone()));
                frames.push((*conn, frame.as_slice()));
            }
            let fx = self.peers[ix].engine.receive_all(frames);
            self.apply(ix, fx);
        }
        inbox.len()
    }

    /// Delivers frames in an order chosen by `seed` until the network is quiet: each step
    /// picks a link with frames waiting and hands its receiver one or several of them as one
    /// batch (a round of the server's hub), then carries out the batch's effects. Returns the
    /// number of frames delivered.
    pub fn run_shuffled(&mut self, seed: u64) -> usize {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut next = move |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        let mut delivered = 0;
        for _ in 0..100_000 {
            let busy: Vec<usize> = (0..self.wires.len()).filter(|i| !self.wires[*i].queue.is_empty()).collect();
            if busy.is_empty() {
                return delivered;
            }
            // A batch for the receiver of one busy link: some frames from each of its links.
            let to = self.wires[busy[next(busy.len())]].to.0;
            let mut links: Vec<usize> = busy.iter().copied().filter(|i| self.wires[*i].to.0 == to).collect();
            let first = links.remove(0);
            links.insert(next(links.len() + 1), first);
            let mut batch: Vec<(ConnectionId, Vec<u8>)> = Vec::new();
            for (k, i) in links.into_iter().enumerate() {
                let len = self.wires[i].queue.len();
                let take = if k == 0 { 1 + next(len) } else { next(len + 1) };
                let (from, conn) = (self.wires[i].from.0, self.wires[i].to.1);
                let frames: Vec<Vec<u8>> = self.wires[i].queue.drain(..take).collect();
                for frame in frames {
                    self.delivered.push((from, to, frame.clone()));
                    batch.push((conn, frame));
                    delivered += 1;
                }
            }
            let fx = self.peers[to].engine.receive_all(batch.iter().map(|(conn, frame)| (*conn, frame.as_slice())));
            self.apply(to, fx);
        }
        panic!("network did not go quiet");
    }

    /// One step of [`Network::run_shuffled`]; false when nothing was waiting.
    pub fn run_shuffled_once(&mut self, seed: u64) -> bool {
        let busy: Vec<usize> = (0..self.wires.len()).filter(|i| !self.wires[*i].queue.is_empty()).collect();
        if busy.is_empty() {
            return false;
        }
        let i = busy[(seed as usize) % busy.len()];
        let (from, (to, conn)) = (self.wires[i].from.0, self.wires[i].to);
        let frame = self.wires[i].queue.pop_front().unwrap();
        self.delivered.push((from, to, frame.clone()));
        let fx = self.peers[to].engine.receive(conn, &frame);
        self.apply(to, fx);
        true
    }

    /// Puts a raw frame on the wire from `from`'s end of `conn`.
    pub fn send_raw(&mut self, from: PeerIx, conn: ConnectionId, frame: Vec<u8>) {
        let w = self.wires.iter_mut().find(|w| w.from == (from, conn)).expect("no such link");
        w.queue.push_back(frame);
    }

    /// Whether `from`'s end of `conn` is still linked (not closed by either side).
    pub fn is_linked(&self, from: PeerIx, conn: ConnectionId) -> bool {
        self.wires.iter().any(|w| w.from == (from, conn))
    }

    /// Injects a raw frame as if `from`'s side of the link sent it.
    pub fn inject(&mut self, to: PeerIx, conn: ConnectionId, frame: &[u8]) {
        let fx = self.peers[to].engine.receive(conn, frame);
        self.apply(to, fx);
    }

    pub fn change(&mut self, ix: PeerIx, doc: DocumentId, key: &str, value: &str) {
        let ((), fx) = self.peers[ix]
            .engine
            .change(doc, |d: &mut Automerge| {
                let mut tx = d.transaction();
                tx.put(ROOT, key, value).unwrap();
                tx.commit();
            })
            .unwrap();
        self.apply(ix, fx);
    }

    pub fn get(&self, ix: PeerIx, doc: DocumentId, key: &str) -> Option<String> {
        let d = self.peers[ix].engine.document(doc)?;
        d.get(ROOT, key).unwrap().map(|(v, _)| v.into_string().unwrap_or_else(|v| v.to_string()))
    }

    pub fn request(&mut self, ix: PeerIx, doc: DocumentId) {
        let fx = self.peers[ix].engine.request(doc);
        self.apply(ix, fx);
    }

    /// Asks `ix`'s engine to re-check access (after the test changed its grants).
    pub fn revalidate(&mut self, ix: PeerIx) {
        let fx = self.peers[ix].engine.revalidate();
        self.apply(ix, fx);
    }

    /// The messages `to` received from `from` since `since` (an index into `delivered`).
    pub fn messages(&self, from: PeerIx, to: PeerIx, since: usize) -> Vec<Message> {
        self.delivered[since..]
            .iter()
            .filter(|(f, t, _)| *f == from && *t == to)
            .map(|(_, _, frame)| decoded(frame))
            .collect()
    }

    pub fn errors_received(&self, ix: PeerIx) -> Vec<String> {
        self.peers[ix]
            .events
            .iter()
            .filter_map(|e| match e {
                Event::PeerDisconnected { error: Some(e), .. } => Some(e.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Decodes a frame for assertions.
pub fn decoded(frame: &[u8]) -> Message {
    protocol::decode(frame).unwrap()
}
