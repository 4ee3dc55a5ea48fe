//! Slow clients and connection floods (issue 10, item 4): a client that sends half a header
//! is disconnected after the header read timeout while others are served; an `/api`
//! request whose body never finishes gets `408` after the request timeout, while a
//! websocket outlives it; connections over the cap are closed, not queued for ever, and the
//! server serves again once places free up (a websocket keeps its place until it closes).

use std::time::Duration;

use domain::{protocol::Message as Protocol, DocumentId};
use quorum_server::{http::ConnectionLimits, Config};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    time::Instant,
};

use crate::helpers::{http, raw::ask_for, RawPeer, TestServer};

/// Short limits so that the tests wait on the real timeouts.
fn short(config: &mut Config, max_open: usize, header_read: Duration) {
    config.max_connections = max_open;
    config.connection_limits = ConnectionLimits {
        max_open,
        slot_wait: Duration::from_millis(200),
        header_read,
        request: Duration::from_millis(800),
        upload: Duration::from_secs(60),
    };
}

/// Reads until the server closes the connection (or resets it); what it sent, and when it
/// closed. Fails if it is still open after `within`.
async fn read_until_closed(tcp: &mut TcpStream, within: Duration) -> (String, Instant) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, tcp.read(&mut buf)).await {
            Err(_) => panic!(
                "the connection is still open after {within:?}; it sent {:?}",
                String::from_utf8_lossy(&got)
            ),
            Ok(Ok(0) | Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), Instant::now()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// One whole request on a connection of its own; `None` when the server closed it unanswered.
async fn try_get(addr: std::net::SocketAddr, path: &str) -> Option<String> {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if tcp.write_all(request.as_bytes()).await.is_err() {
        return None;
    }
    let (answer, _) = read_until_closed(&mut tcp, Duration::from_secs(10)).await;
    (!answer.is_empty()).then_some(answer)
}

#[tokio::test]
async fn half_a_header_is_cut_off_after_the_header_timeout_while_others_are_served() {
    let server = TestServer::spawn_configured(|c| short(c, 1000, Duration::from_millis(800))).await;
    let mut slow = Vec::new();
    let started = Instant::now();
    for _ in 0..50 {
        let mut tcp = TcpStream::connect(server.addr).await.unwrap();
        tcp.write_all(b"GET /api/me HTTP/1.1\r\nHost: quorum\r\nX-Slow: ").await.unwrap();
        slow.push(tcp);
    }
    // Meanwhile a normal client is served.
    let res = http::get(server.addr, "/healthz").await;
    assert!(res.status.is_success(), "healthz while slow clients wait: {}", res.status);

    for tcp in &mut slow {
        let (answer, closed) = read_until_closed(tcp, Duration::from_secs(10)).await;
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "a half-sent request got an answer: {answer:?}"
        );
        assert!(
            closed - started >= Duration::from_millis(700),
            "closed after {:?}, before the header timeout",
            closed - started
        );
    }
    let res = http::get(server.addr, "/healthz").await;
    assert!(res.status.is_success(), "healthz after: {}", res.status);
}

#[tokio::test]
async fn an_api_request_whose_body_never_ends_times_out_but_a_websocket_does_not() {
    let server = TestServer::spawn_configured(|c| short(c, 1000, Duration::from_millis(800))).await;
    let mut ws = RawPeer::join(&server.ws_url()).await;

    let mut tcp = TcpStream::connect(server.addr).await.unwrap();
    let origin = format!("http://{}", server.addr);
    let head = format!(
        "POST /api/session HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"email\":",
        server.addr
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let (answer, closed) = read_until_closed(&mut tcp, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "expected 408, got {answer:?}");
    assert!(closed - started >= Duration::from_millis(700), "answered after {:?}", closed - started);

    // The websocket, open longer than the request timeout, still answers.
    ws.send(ask_for(DocumentId::random(), false)).await;
    assert!(
        matches!(ws.next_message().await, Some(Protocol::DocUnavailable { .. })),
        "the websocket did not answer after the request timeout"
    );
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_and_the_server_recovers() {
    let server = TestServer::spawn_configured(|c| short(c, 4, Duration::from_secs(3))).await;
    // Four connections that send nothing take every place.
    let mut hogs = Vec::new();
    for _ in 0..4 {
        hogs.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // (Each place is taken as the server accepts: one request through them all shows they
    // have been.)
    let mut over = TcpStream::connect(server.addr).await.unwrap();
    over.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).as_bytes())
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut over, Duration::from_secs(5)).await;
    assert_eq!(answer, "", "a connection over the cap was served");

    // More over the cap: each closed, none queued for ever, the server still up.
    for _ in 0..5 {
        assert_eq!(try_get(server.addr, "/healthz").await, None, "served over the cap");
    }

    // The hogs are cut off by the header timeout; then the server serves again.
    for hog in &mut hogs {
        read_until_closed(hog, Duration::from_secs(10)).await;
    }
    let answer = try_get(server.addr, "/healthz").await.expect("served after the hogs closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_websocket_keeps_its_place_until_it_closes() {
    let server = TestServer::spawn_configured(|c| short(c, 1, Duration::from_secs(10))).await;
    let ws = RawPeer::join(&server.ws_url()).await;
    assert_eq!(try_get(server.addr, "/healthz").await, None, "served while the websocket holds the only place");
    drop(ws);
    // The server frees the place once it sees the socket end; each try waits for a place
    // (200 ms) at most.
    let mut served = None;
    for _ in 0..25 {
        served = try_get(server.addr, "/healthz").await;
        if served.is_some() {
            break;
        }
    }
    assert!(served.expect("the websocket's place was never freed").starts_with("HTTP/1.1 200"));
}
