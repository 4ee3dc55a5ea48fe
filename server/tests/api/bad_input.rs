//! Each bad input ends only the connection that sent it (an `error` message, then close),
//! while another client keeps syncing.

use ciborium::Value;
use domain::{
    protocol::{self, Message, MAX_FRAME_BYTES},
    DocumentId,
};

use crate::helpers::{cbor, Client, RawPeer, TestServer};

/// Two clients syncing one document; `check` makes one more edit round-trip.
struct Bystanders {
    a: Client,
    b: Client,
    doc: DocumentId,
    edits: u32,
}

impl Bystanders {
    async fn start(server: &TestServer) -> Self {
        let a = Client::connect(&server.ws_url()).await;
        let b = Client::connect(&server.ws_url()).await;
        let doc = a.create_doc(|_| {});
        a.put(doc, "edit", "0");
        a.wait_all_on_server().await;
        b.request(doc);
        b.wait_for_value(doc, "edit", "0").await;
        Self {
            a,
            b,
            doc,
            edits: 0,
        }
    }

    async fn still_sync(&mut self) {
        self.edits += 1;
        let value = self.edits.to_string();
        self.a.put(self.doc, "edit", &value);
        self.b.wait_for_value(self.doc, "edit", &value).await;
    }
}

/// A server with two clients already syncing.
async fn setup() -> (TestServer, Bystanders) {
    let server = TestServer::spawn().await;
    let others = Bystanders::start(&server).await;
    (server, others)
}

async fn assert_rejected(peer: RawPeer, others: &mut Bystanders, expected: &str) {
    let rejection = peer.rejection().await;
    assert!(
        rejection.error.to_lowercase().contains(expected),
        "the error {:?} should mention {expected:?}",
        rejection.error
    );
    assert!(rejection.closed);
    others.still_sync().await;
}

fn sync_frame(document: &str, data: Vec<u8>) -> Vec<u8> {
    cbor(vec![
        ("type", Value::Text("sync".into())),
        ("senderId", Value::Text("raw-peer".into())),
        ("targetId", Value::Text("server".into())),
        ("documentId", Value::Text(document.into())),
        ("data", Value::Bytes(data)),
    ])
}

#[tokio::test]
async fn malformed_cbor_gets_an_error_and_closes_only_that_connection() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    peer.send(vec![0xff, 0x00, 0x13]).await;
    assert_rejected(peer, &mut others, "cbor").await;
}

#[tokio::test]
async fn an_unknown_message_type_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    peer.send(cbor(vec![
        ("type", Value::Text("launch-missiles".into())),
        ("senderId", Value::Text("x".into())),
    ]))
    .await;
    assert_rejected(peer, &mut others, "unknown message type").await;
}

#[tokio::test]
async fn an_unparseable_document_id_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    peer.send(sync_frame("not-a-document-id", vec![])).await;
    assert_rejected(peer, &mut others, "invalid document id").await;
}

#[tokio::test]
async fn a_sync_message_automerge_rejects_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    peer.send(sync_frame(
        &DocumentId::random().to_string(),
        b"\x42 garbage, not a sync message".to_vec(),
    ))
    .await;
    assert_rejected(peer, &mut others, "sync message").await;
}

#[tokio::test]
async fn a_frame_over_8_mib_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    peer.send(vec![0u8; MAX_FRAME_BYTES + 1]).await;
    assert_rejected(peer, &mut others, "larger than").await;
}

#[tokio::test]
async fn a_flood_over_the_rate_bound_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    let heads = cbor(vec![
        ("type", Value::Text("remote-heads-changed".into())),
        ("senderId", Value::Text("raw-peer".into())),
    ]);
    peer.send_all(std::iter::repeat_n(heads, 20_000)).await;
    assert_rejected(peer, &mut others, "too many messages").await;
}

#[tokio::test]
async fn a_message_before_join_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::connect(&server.ws_url()).await;
    let request = Message::Request {
        sender: "raw-peer".parse().unwrap(),
        target: "server".parse().unwrap(),
        document: DocumentId::random(),
        data: vec![],
    };
    peer.send(protocol::encode(&request)).await;
    assert_rejected(peer, &mut others, "handshake").await;
}

#[tokio::test]
async fn a_text_frame_gets_an_error() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    peer.send_text("{\"type\":\"join\"}").await;
    assert_rejected(peer, &mut others, "text frames").await;
}

/// Above twice the limit the server stops reading at the frame's header: it cannot promise
/// the peer reads the error (the socket resets under the unread bytes), but it ends that
/// connection and keeps serving everyone else.
#[tokio::test]
async fn a_frame_far_beyond_the_limit_ends_only_that_connection() {
    let (server, mut others) = setup().await;
    let mut peer = RawPeer::join(&server.ws_url()).await;
    let _ = peer.try_send(vec![0u8; 3 * MAX_FRAME_BYTES]).await;
    peer.until_closed().await;
    others.still_sync().await;
}
