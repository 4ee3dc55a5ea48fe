//! The server sends a message above 4 KiB as websocket fragments of at most 4 KiB (so no
//! connection keeps a large write buffer after a large document), and clients get the whole
//! message back.

use automerge::{transaction::Transactable, ReadDoc, ScalarValue, ROOT};
use domain::protocol::{self, Message as Protocol};

use crate::helpers::{raw::ask_for, Client, Seen, SilentPeer, TestServer};

const FRAGMENT: usize = 4 * 1024;

#[tokio::test]
async fn a_large_message_goes_as_small_fragments_and_arrives_whole() {
    let server = TestServer::spawn().await;
    let writer = Client::connect(&server.ws_url()).await;
    // 100 KB of xorshift noise (nothing to compress).
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let blob: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let doc = writer.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "blob", ScalarValue::Bytes(blob.clone())).unwrap();
        tx.commit();
    });
    writer.wait_all_on_server().await;

    // On the wire: a first fragment, then continuations, none above 4 KiB.
    let mut raw = SilentPeer::join(server.addr, &server.token, "raw-peer").await;
    raw.send_binary(&ask_for(doc, false)).await;
    let mut message = match raw.next().await {
        Some(Seen::Binary(first)) => first,
        other => panic!("expected the first fragment, got {other:?}"),
    };
    assert_eq!(message.len(), FRAGMENT, "the first fragment is a full one");
    let mut fragments = 1;
    loop {
        match raw.next().await {
            Some(Seen::Continuation { payload, last }) => {
                assert!(payload.len() <= FRAGMENT, "a fragment of {} bytes", payload.len());
                message.extend_from_slice(&payload);
                fragments += 1;
                if last {
                    break;
                }
            }
            other => panic!("expected a continuation, got {other:?}"),
        }
    }
    assert!(message.len() > 100_000, "a message of {} bytes", message.len());
    assert_eq!(fragments, message.len().div_ceil(FRAGMENT), "fragments of a {}-byte message", message.len());
    match protocol::decode(&message) {
        Ok(Protocol::Sync { document, .. }) => assert_eq!(document, doc),
        other => panic!("the fragments do not make a sync message: {other:?}"),
    }

    // A websocket client gets the whole message.
    let reader = Client::connect(&server.ws_url()).await;
    reader.request(doc);
    reader
        .wait_until("the large document", |i| {
            i.document(doc).is_some_and(|d| {
                matches!(d.get(ROOT, "blob"), Ok(Some((automerge::Value::Scalar(v), _))) if matches!(v.as_ref(), ScalarValue::Bytes(b) if *b == blob))
            })
        })
        .await;
}
