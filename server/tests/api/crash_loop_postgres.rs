//! Node failure on one PostgreSQL (issue "Outgrow one machine"): two nodes, a writer on
//! each, and thirty rounds of `kill -9` on a node chosen at random while both write. Every
//! change a node acknowledged before it died is then present on every node: the durable-ack
//! rule (commit before any reply) holds across nodes, and a restarted node serves what the
//! other wrote while it was down.

use std::path::Path;

use domain::DocumentId;
use tempfile::TempDir;

use crate::helpers::{postgres::fresh_database, ChildServer, Client};

const ROUNDS: usize = 30;
const WRITES_PER_ROUND: usize = 3;

fn start(dir: &Path, url: &str) -> ChildServer {
    ChildServer::start_with(dir, &["--database-url", url])
}

/// A client of `node` holding `doc` (as the other node or the database has it).
async fn joined(node: &ChildServer, doc: DocumentId) -> Client {
    let client = Client::connect(&node.ws_url()).await;
    client.request(doc);
    client.wait_until("the document", |i| i.document(doc).is_some_and(|d| !d.get_heads().is_empty())).await;
    client
}

/// A small deterministic generator (xorshift), so a failure names the round that lost a
/// change and a rerun repeats it.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % sides as u64) as usize
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_kill_9s_under_write_load_lose_no_acknowledged_change() {
    let Some(url) = fresh_database("crash_loop").await else { return };
    let dirs = [TempDir::new().unwrap(), TempDir::new().unwrap()];
    let mut nodes = [Some(start(dirs[0].path(), &url)), Some(start(dirs[1].path(), &url))];
    let first = Client::connect(&nodes[0].as_ref().unwrap().ws_url()).await;
    let doc = first.create_doc(|_| {});
    first.put(doc, "opened", "yes");
    first.wait_all_on_server().await;
    let mut clients = [Some(first), Some(joined(nodes[1].as_ref().unwrap(), doc).await)];
    let mut acknowledged: Vec<String> = vec!["opened".into()];
    let mut dice = Dice(0x5eed_cafe_f00d_1234);

    for round in 0..ROUNDS {
        // Both nodes take writes; each writer waits for its node's acknowledgement.
        for (n, client) in clients.iter().enumerate() {
            let client = client.as_ref().unwrap();
            for i in 0..WRITES_PER_ROUND {
                client.put(doc, &format!("r{round}-n{n}-{i}"), "kept");
            }
        }
        for (n, client) in clients.iter().enumerate() {
            client.as_ref().unwrap().wait_all_on_server().await;
            acknowledged.extend((0..WRITES_PER_ROUND).map(|i| format!("r{round}-n{n}-{i}")));
        }
        // More writes on their way (not acknowledged: they may be lost), then a node dies.
        let victim = dice.roll(2);
        for (n, client) in clients.iter().enumerate() {
            client.as_ref().unwrap().put(doc, &format!("r{round}-n{n}-in-flight"), "maybe");
        }
        nodes[victim].take().unwrap().kill();
        clients[victim] = None;
        nodes[victim] = Some(start(dirs[victim].path(), &url));
        clients[victim] = Some(joined(nodes[victim].as_ref().unwrap(), doc).await);
    }

    // Every acknowledged change on every node, read by a fresh client of each.
    for node in nodes.iter().flatten() {
        let fresh = joined(node, doc).await;
        let last = acknowledged.last().unwrap().clone();
        fresh.wait_for_value(doc, &last, "kept").await;
        let lost: Vec<&String> = acknowledged.iter().filter(|k| fresh.get(doc, k).is_none()).collect();
        assert!(lost.is_empty(), "acknowledged changes lost on {}: {lost:?}", node.addr);
    }
}
