//! A raw protocol peer: sends whatever bytes a test wants and reads the server's frames,
//! for the bad-input tests.

use ciborium::Value;
use domain::protocol::{self, Message as Protocol, PeerMetadata, PROTOCOL_V1};
use futures::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    tungstenite::{client::IntoClientRequest, handshake::client::Request, Message},
    MaybeTlsStream, WebSocketStream,
};

use super::client::WAIT;

pub struct RawPeer {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// How a rejected connection ended.
#[derive(Debug)]
pub struct Rejection {
    pub error: String,
    /// The server closed the socket after the error.
    pub closed: bool,
}

impl RawPeer {
    /// Opens the websocket without joining.
    pub async fn connect(ws_url: &str) -> Self {
        Self::connect_request(ws_url.into_client_request().unwrap()).await
    }

    /// Opens the websocket for `request` (which may carry a cookie) without joining.
    pub async fn connect_request(request: Request) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("websocket connect");
        Self { ws }
    }

    /// Opens the websocket and completes the handshake.
    pub async fn join(ws_url: &str) -> Self {
        Self::join_request(ws_url.into_client_request().unwrap()).await
    }

    /// Opens the websocket for `request` and completes the handshake.
    pub async fn join_request(request: Request) -> Self {
        let mut peer = Self::connect_request(request).await;
        let join = Protocol::Join {
            sender: "raw-peer".parse().unwrap(),
            supported_versions: vec![PROTOCOL_V1.to_owned()],
            metadata: PeerMetadata::default(),
        };
        peer.send(protocol::encode(&join)).await;
        match peer.next_message().await {
            Some(Protocol::Peer { .. }) => peer,
            other => panic!("expected `peer` after `join`, got {other:?}"),
        }
    }

    /// The websocket itself, for a test that reads it its own way.
    pub fn into_inner(self) -> WebSocketStream<MaybeTlsStream<TcpStream>> {
        self.ws
    }

    pub async fn send(&mut self, bytes: Vec<u8>) {
        self.ws
            .send(Message::Binary(bytes.into()))
            .await
            .expect("send");
    }

    /// Sends, tolerating a connection the server already dropped.
    pub async fn try_send(&mut self, bytes: Vec<u8>) -> Result<(), String> {
        self.ws
            .send(Message::Binary(bytes.into()))
            .await
            .map_err(|e| e.to_string())
    }

    /// Reads until the socket ends, whatever arrives first.
    pub async fn until_closed(mut self) {
        while self.ws_next().await.is_some() {}
    }

    async fn ws_next(&mut self) -> Option<Message> {
        match tokio::time::timeout(WAIT, self.ws.next())
            .await
            .expect("timed out reading")
        {
            Some(Ok(m)) => Some(m),
            _ => None,
        }
    }

    /// Queues frames and flushes them at once (a flood).
    pub async fn send_all(&mut self, frames: impl IntoIterator<Item = Vec<u8>>) {
        for f in frames {
            if self.ws.feed(Message::Binary(f.into())).await.is_err() {
                break;
            }
        }
        let _ = self.ws.flush().await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    /// The next protocol message, or None when the socket closed.
    pub async fn next_message(&mut self) -> Option<Protocol> {
        loop {
            let next = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("timed out reading");
            match next {
                Some(Ok(Message::Binary(b))) => {
                    return Some(protocol::decode(&b).expect("server frames decode"))
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_)) => {}
            }
        }
    }

    /// Reads until the server's `error` message, then until the socket closes.
    pub async fn rejection(mut self) -> Rejection {
        let error = loop {
            match self.next_message().await {
                Some(Protocol::Error { message }) => break message,
                Some(_) => continue,
                None => panic!("the connection closed without an `error` message"),
            }
        };
        let closed = match self.next_message().await {
            None => true,
            Some(m) => panic!("a frame after the error: {m:?}"),
        };
        Rejection { error, closed }
    }
}

/// A `sync` message for `document` that carries one new change (`key = value` at the
/// root of a fresh history), as a peer sends it once it knows the server lacks it.
/// Returns the frame and the change's hash.
pub fn sync_carrying_change(
    document: domain::DocumentId,
    key: &str,
    value: &str,
) -> (Vec<u8>, automerge::ChangeHash) {
    use automerge::{sync::SyncDoc, transaction::Transactable, AutoCommit, ROOT};
    let mut ours = AutoCommit::new();
    ours.put(ROOT, key, value).unwrap();
    let hash = ours.get_last_local_change().unwrap().hash();
    let mut theirs = automerge::Automerge::new();
    let (mut s_ours, mut s_theirs) = (Default::default(), Default::default());
    let first = ours.sync().generate_sync_message(&mut s_ours).unwrap();
    theirs.receive_sync_message(&mut s_theirs, first).unwrap();
    let reply = theirs.generate_sync_message(&mut s_theirs).unwrap();
    ours.sync().receive_sync_message(&mut s_ours, reply).unwrap();
    let data = ours.sync().generate_sync_message(&mut s_ours).unwrap();
    assert!(!data.changes.is_empty(), "the message carries the change");
    let frame = protocol::encode(&Protocol::Sync {
        sender: "raw-peer".parse().unwrap(),
        target: "server".parse().unwrap(),
        document,
        data: data.encode(),
    });
    (frame, hash)
}

/// A `request` (or, with `sync`, a `sync` without changes) for `document` from a peer that
/// holds nothing of it.
pub fn ask_for(document: domain::DocumentId, sync: bool) -> Vec<u8> {
    use automerge::sync::SyncDoc;
    let data = automerge::Automerge::new()
        .generate_sync_message(&mut Default::default())
        .unwrap()
        .encode();
    let (sender, target) = ("raw-peer".parse().unwrap(), "server".parse().unwrap());
    protocol::encode(&if sync {
        Protocol::Sync { sender, target, document, data }
    } else {
        Protocol::Request { sender, target, document, data }
    })
}

/// CBOR-encodes a map of text keys.
pub fn cbor(entries: Vec<(&str, Value)>) -> Vec<u8> {
    let map = Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (Value::Text(k.into()), v))
            .collect(),
    );
    let mut out = Vec::new();
    ciborium::into_writer(&map, &mut out).unwrap();
    out
}
