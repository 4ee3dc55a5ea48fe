//! A websocket peer written by hand on a bare TCP stream: it upgrades, joins, and then
//! never answers anything (no pongs, no close handshake) while the test reads what the
//! server sends as raw frames. For the keepalive tests (a websocket library would answer
//! pings by itself) and the idle-memory test (no client-side buffers to speak of).

use std::net::SocketAddr;

use domain::protocol::{self, Message as Protocol, PeerMetadata, PROTOCOL_V1};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

/// A frame the server sent, as the silent peer saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// A binary message, or the first fragment of one.
    Binary(Vec<u8>),
    /// A later fragment of a message; `last` on the final one.
    Continuation { payload: Vec<u8>, last: bool },
    Ping,
    Pong,
    /// The close frame's status code and reason.
    Close(u16, String),
    Other(u8),
}

pub struct SilentPeer {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl SilentPeer {
    /// Opens `/sync?token=…` on `addr` and completes the upgrade (no join yet). The socket's
    /// receive buffer is small, so what the server sends while the test does not read piles
    /// up in the server, not in the kernel.
    pub async fn connect(addr: SocketAddr, token: &str) -> Self {
        let socket = TcpSocket::new_v4().expect("a socket");
        socket.set_recv_buffer_size(16 * 1024).expect("SO_RCVBUF");
        let mut stream = socket.connect(addr).await.expect("tcp connect");
        let request = format!(
            "GET /sync?token={token} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut peer = Self {
            stream,
            buf: Vec::new(),
        };
        let head = loop {
            if let Some(end) = peer.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head: Vec<u8> = peer.buf.drain(..end + 4).collect();
                break String::from_utf8_lossy(&head).into_owned();
            }
            assert!(peer.fill().await, "the server closed during the upgrade");
        };
        assert!(
            head.starts_with("HTTP/1.1 101"),
            "the upgrade was refused: {head}"
        );
        peer
    }

    /// Connects and joins; returns once the server answered `peer`.
    pub async fn join(addr: SocketAddr, token: &str, name: &str) -> Self {
        let mut peer = Self::connect(addr, token).await;
        let join = Protocol::Join {
            sender: name.parse().unwrap(),
            supported_versions: vec![PROTOCOL_V1.to_owned()],
            metadata: PeerMetadata::default(),
        };
        peer.send_binary(&protocol::encode(&join)).await;
        match peer.next().await {
            Some(Seen::Binary(b)) => match protocol::decode(&b) {
                Ok(Protocol::Peer { .. }) => peer,
                other => panic!("expected `peer` after `join`, got {other:?}"),
            },
            other => panic!("expected `peer` after `join`, got {other:?}"),
        }
    }

    /// Sends one masked binary frame (the mask is zero: the payload goes as it is).
    pub async fn send_binary(&mut self, payload: &[u8]) {
        self.try_send_binary(payload).await.expect("send a frame");
    }

    /// [`Self::send_binary`], tolerating a connection the server already closed.
    pub async fn try_send_binary(&mut self, payload: &[u8]) -> std::io::Result<()> {
        let mut frame = vec![0x82];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= usize::from(u16::MAX) => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&[0, 0, 0, 0]);
        frame.extend_from_slice(payload);
        self.stream.write_all(&frame).await
    }

    /// The next frame the server sent, or None once the server closed the TCP stream.
    pub async fn next(&mut self) -> Option<Seen> {
        loop {
            if let Some((frame, used)) = parse(&self.buf) {
                self.buf.drain(..used);
                return Some(frame);
            }
            if !self.fill().await {
                return None;
            }
        }
    }

    /// Every frame until the server closes the TCP stream.
    pub async fn until_closed(&mut self) -> Vec<Seen> {
        let mut seen = Vec::new();
        while let Some(frame) = self.next().await {
            seen.push(frame);
        }
        seen
    }

    async fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 4096];
        match self.stream.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
        }
    }
}

/// One unmasked server frame from the front of `buf`, and its length in bytes.
fn parse(buf: &[u8]) -> Option<(Seen, usize)> {
    let (&b0, &b1) = (buf.first()?, buf.get(1)?);
    let (len, mut at) = match b1 & 0x7f {
        126 => (usize::from(u16::from_be_bytes(buf.get(2..4)?.try_into().ok()?)), 4),
        127 => (
            usize::try_from(u64::from_be_bytes(buf.get(2..10)?.try_into().ok()?)).ok()?,
            10,
        ),
        n => (usize::from(n), 2),
    };
    assert_eq!(b1 & 0x80, 0, "server frames are not masked");
    let payload = buf.get(at..at + len)?.to_vec();
    at += len;
    let seen = match b0 & 0x0f {
        0x0 => Seen::Continuation {
            payload,
            last: b0 & 0x80 != 0,
        },
        0x2 => Seen::Binary(payload),
        0x8 => {
            let code = payload
                .get(..2)
                .map_or(0, |c| u16::from_be_bytes([c[0], c[1]]));
            let reason = String::from_utf8_lossy(payload.get(2..).unwrap_or_default()).into_owned();
            Seen::Close(code, reason)
        }
        0x9 => Seen::Ping,
        0xa => Seen::Pong,
        op => Seen::Other(op),
    };
    Some((seen, at))
}
