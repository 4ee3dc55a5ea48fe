//! Websocket keepalive (issue 10, item 4): a connection that sends nothing is pinged, and
//! closed when it does not answer; one that answers stays open. On `tokio::time` paused:
//! the test's clock jumps from timer to timer, nothing sleeps.

use futures::StreamExt;
use quorum_server::sync::{PING_AFTER, PONG_WITHIN};
use tokio::{sync::mpsc, time::Instant};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{RawPeer, Seen, SilentPeer, TestServer};

#[tokio::test]
async fn a_peer_that_answers_no_ping_is_closed_and_one_that_answers_stays_open() {
    let server = TestServer::spawn().await;
    let mut silent = SilentPeer::join(server.addr, &server.token, "silent").await;
    let answering = RawPeer::join(&server.ws_url()).await.into_inner();

    tokio::time::pause();
    let started = Instant::now();
    // The answering peer reads all the time (tungstenite answers each ping as it reads it)
    // and reports the pings it saw.
    let (pings_tx, mut pings) = mpsc::unbounded_channel();
    let answering = tokio::spawn(async move {
        let mut ws = answering;
        while let Some(Ok(message)) = ws.next().await {
            if matches!(message, Message::Ping(_)) {
                let _ = pings_tx.send(Instant::now());
            }
        }
    });

    let full = PING_AFTER + PONG_WITHIN;
    let seen = tokio::time::timeout(full * 2, silent.until_closed())
        .await
        .expect("the silent peer was never closed");
    let waited = started.elapsed();
    assert_eq!(
        seen,
        [
            Seen::Ping,
            Seen::Close(1001, format!("no answer to a ping within {} s", PONG_WITHIN.as_secs())),
        ],
        "the silent peer is pinged once, then closed"
    );
    // Measured from a moment after the join, to when the socket was gone: about the full
    // wait (the paused clock may jump a hub tick or two while the socket closes).
    let slack = std::time::Duration::from_secs(2);
    assert!(
        waited + slack >= full && waited <= full + slack,
        "closed after {waited:?} of silence (expected {full:?})"
    );

    // The answering peer was pinged at the same time, answered, and is still open well after.
    tokio::time::sleep(PING_AFTER * 3).await;
    assert!(!answering.is_finished(), "the answering peer was closed");
    let mut count = 0;
    while pings.try_recv().is_ok() {
        count += 1;
    }
    assert!(count >= 3, "the answering peer saw {count} pings in {:?}", started.elapsed());
    answering.abort();
}
