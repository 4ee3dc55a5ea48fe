//! A peer that stops reading (issue 10, item 3): what the server queues for one connection is
//! bounded in bytes (16 MiB by default; 1 MiB here, so the test moves little data); past the
//! bound the connection is closed at once and what waited for it is dropped, instead of
//! buffered for ever. The writing peer is not affected.

use automerge::{transaction::Transactable, ScalarValue, ROOT};

use crate::helpers::{raw::ask_for, Client, Seen, SilentPeer, TestServer};

const KIB: usize = 1024;
/// The server's bound in this test.
const BOUND: usize = 1024 * KIB;
/// Documents of 256 KiB each, 10 MiB in all: more than the bound and the kernel's buffers.
const DOCUMENTS: usize = 40;
const DOCUMENT: usize = 256 * KIB;

#[tokio::test]
async fn a_peer_that_stops_reading_is_closed_instead_of_buffered_for() {
    let server = TestServer::spawn_configured(|c| c.max_queued_bytes = BOUND).await;
    let writer = Client::connect(&server.ws_url()).await;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut docs = Vec::new();
    // A few at a time: each wait stays well within the client's patience in a debug build.
    for _ in 0..DOCUMENTS / 8 {
        for _ in 0..8 {
            let blob = random_bytes(&mut seed, DOCUMENT);
            docs.push(writer.create_doc(|d| {
                let mut tx = d.transaction();
                tx.put(ROOT, "blob", ScalarValue::Bytes(blob)).unwrap();
                tx.commit();
            }));
        }
        writer.wait_all_on_server().await;
    }

    // The stalled peer asks for every document at once and never reads.
    let mut stalled = SilentPeer::join(server.addr, &server.token, "raw-peer").await;
    for doc in docs {
        if stalled.try_send_binary(&ask_for(doc, false)).await.is_err() {
            break; // already closed for falling behind
        }
    }
    // The writer is not affected.
    let last = writer.create_doc(|_| {});
    writer.put(last, "still", "syncing");
    writer.wait_all_on_server().await;
    let errors = writer.read(|i| i.errors());
    assert!(errors.is_empty(), "{errors:?}");

    // What reaches the stalled peer is what the sockets held when it fell too far behind
    // (the kernel's send buffer takes up to 4 MiB); what waited in the server is dropped and
    // the connection ends.
    let mut received = 0;
    let ended = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Some(frame) = stalled.next().await {
            if let Seen::Binary(bytes) = frame {
                received += bytes.len();
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the stalled peer's connection was not closed");
    let asked = DOCUMENTS * DOCUMENT;
    eprintln!("a stalled peer asked for {asked} bytes, got {received} before it was closed");
    assert!(
        received + 3 * BOUND < asked,
        "the stalled peer got {received} bytes of the {asked} it asked for: the server buffered for it"
    );
}

/// `len` bytes of xorshift noise (nothing to compress).
fn random_bytes(seed: &mut u64, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}
