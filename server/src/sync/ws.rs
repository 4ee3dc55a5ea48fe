//! One websocket connection: frames in → the hub, the hub's frames → out.
//!
//! Guards applied here, before the engine sees a frame: binary frames only, at most
//! [`MAX_FRAME_BYTES`], and a per-connection message rate ([`rate_limit`]). A connection
//! that breaks one is ended by the engine's `reject` (an `error` message, then close).
//!
//! A connection that sends nothing for a while is pinged, and closed when it does not
//! answer ([`keepalive`](super::keepalive)).
//!
//! The handshake is authenticated before the upgrade ([`handshake`]): a session cookie, or
//! an API token as `Authorization: Bearer` or `?token=`; without one the answer is 401, and
//! a cross-site `Origin` gets 403.

use std::{
    panic::AssertUnwindSafe,
    time::{Duration, Instant},
};

use axum::{
    body::Bytes,
    extract::{Request, State},
    response::{IntoResponse, Response},
};
use domain::{protocol::MAX_FRAME_BYTES, ConnectionId};
use futures::{
    stream::{SplitSink, SplitStream},
    FutureExt, SinkExt, StreamExt,
};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::{
    self,
    protocol::{
        frame::{
            coding::{CloseCode, Data, OpCode},
            Frame,
        },
        CloseFrame, WebSocketConfig,
    },
    Message,
};

use super::{
    access::Identity,
    handshake,
    hub::HubHandle,
    keepalive::{Keepalive, Step},
    outbox::{self, Abort, Control, Next, OutboxReader, Outgoing},
    rate_limit,
    upgrade::{self, Socket},
};
use crate::{
    auth::{AccessControl, SessionId, Via},
    http::{ApiError, AppState},
    shutdown::Lifecycle,
};

/// The websocket layer refuses messages above this outright; frames between
/// [`MAX_FRAME_BYTES`] and this are read whole so the peer can be told why it is closed.
const TRANSPORT_LIMIT: usize = 2 * MAX_FRAME_BYTES;
/// Each connection's read buffer. tungstenite allocates it when the socket opens and
/// zero-fills it on every read: at its default of 128 KiB it was nearly all an idle
/// connection cost (issue 15). A page holds the small frames of a quiet connection; a large
/// frame is still read whole (the buffer grows to the frame's length while it is read, in
/// reads of this size), and the limits above still apply.
const READ_BUFFER: usize = 4 * 1024;
/// Frames are handed to the socket as they are queued instead of collecting up to 128 KiB
/// first (the writer flushes after each batch anyway), so the write buffer only holds what
/// the socket has not taken yet.
const WRITE_BUFFER: usize = 0;
/// A message larger than this goes as fragments of this size: tungstenite formats each
/// frame whole into its write buffer, which then keeps that size for the connection's life,
/// so one large document sent once would otherwise stay on every idle connection that took it.
const FRAGMENT: usize = 4 * 1024;
/// How long a closing connection may take to answer our close frame.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// How often websocket traffic counts as activity on its session (or a quarter of the idle
/// timeout, if that is shorter).
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// `GET /sync`: authenticate, check the origin, then upgrade.
pub(crate) async fn upgrade(State(state): State<AppState>, request: Request) -> Response {
    let identity = match handshake::check(
        request.headers(),
        request.uri().query(),
        &state.auth,
        state.public_origin.as_deref(),
        state.cookie,
    ) {
        Ok(identity) => identity,
        Err(refusal) => return ApiError::from(refusal).into_response(),
    };
    // The connection's place among the open ones goes with the websocket.
    let slot = request.extensions().get::<crate::http::ConnectionSlot>().cloned();
    let ws = match upgrade::accept(request) {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    let (hub, lifecycle, auth) = (state.hub.clone(), state.lifecycle.clone(), state.auth.clone());
    let config = WebSocketConfig::default()
        .max_message_size(Some(TRANSPORT_LIMIT))
        .max_frame_size(Some(TRANSPORT_LIMIT))
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER);
    ws.on_upgrade(config, move |socket| async move {
        run(socket, identity, hub, lifecycle, auth).await;
        drop(slot);
    })
}

#[tracing::instrument(name = "sync", skip_all, fields(conn, account = %identity.principal.account))]
async fn run(
    socket: Socket,
    identity: Identity,
    hub: HubHandle,
    lifecycle: Lifecycle,
    auth: AccessControl,
) {
    let session = match identity.principal.via {
        Via::Session(id) => Some(id),
        Via::Token { .. } => None,
    };
    let (outbox, control, out_rx) = outbox::channel();
    let Ok(conn) = hub.connect(identity, outbox).await else {
        return;
    };
    tracing::Span::current().record("conn", tracing::field::display(conn));
    let (sink, stream) = socket.split();
    let mut writer = tokio::spawn(write(sink, out_rx));
    let activity = Activity::new(auth, session);
    let read = AssertUnwindSafe(read(
        conn,
        stream,
        &hub,
        lifecycle,
        &mut writer,
        activity,
        &control,
    ))
    .catch_unwind();
    let writer_done = read.await.unwrap_or_else(|_| {
        tracing::error!("a sync connection task panicked; closing it");
        false
    });
    // Whatever happened, the hub forgets the connection and drops our sender, so the
    // writer sends a close frame and ends.
    let _ = hub.disconnect(conn).await;
    if !writer_done
        && tokio::time::timeout(CLOSE_GRACE, &mut writer)
            .await
            .is_err()
    {
        writer.abort();
    }
}

/// Feeds the peer's frames to the hub until the connection ends (pinging it when it is
/// quiet); returns whether the writer already finished.
async fn read(
    conn: ConnectionId,
    mut stream: SplitStream<Socket>,
    hub: &HubHandle,
    mut lifecycle: Lifecycle,
    writer: &mut JoinHandle<()>,
    mut activity: Activity,
    control: &Control,
) -> bool {
    let mut guard = Guard::new();
    let mut keepalive = Keepalive::new(tokio::time::Instant::now());
    let due = tokio::time::sleep_until(keepalive.first_due());
    tokio::pin!(due);
    loop {
        let reason = tokio::select! {
            _ = &mut *writer => {
                // The hub closed the connection (or the socket broke): let the peer's
                // close handshake finish so it reads our last frames.
                drain(&mut stream).await;
                return true;
            }
            () = lifecycle.stopping() => return false,
            () = &mut due => match keepalive.step(tokio::time::Instant::now()) {
                Step::WaitUntil(at) => {
                    due.as_mut().reset(at);
                    None
                }
                Step::Ping(at) => {
                    control.ping();
                    due.as_mut().reset(at);
                    None
                }
                Step::Close => {
                    tracing::debug!("closing a connection that did not answer a ping");
                    control.abort(Abort::NoPong);
                    return false;
                }
            },
            next = stream.next() => {
                keepalive.heard(tokio::time::Instant::now());
                match next {
                    None | Some(Ok(Message::Close(_))) => return false,
                    Some(Ok(Message::Binary(bytes))) => match guard.check(bytes.len()) {
                        Some(reason) => Some(reason),
                        None if guard.rejected => None,
                        None => {
                            activity.seen().await;
                            if hub.frame(conn, bytes).await.is_err() {
                                return false;
                            }
                            None
                        }
                    },
                    Some(Ok(Message::Text(_))) => {
                        Some("text frames are not part of the protocol; send binary CBOR frames".to_owned())
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => None,
                    Some(Err(e)) if is_capacity(&e) && !guard.rejected => Some(too_large(TRANSPORT_LIMIT + 1)),
                    Some(Err(e)) => {
                        tracing::debug!(error = %e, "websocket read failed");
                        return false;
                    }
                }
            }
        };
        if let Some(reason) = reason {
            if !guard.rejected {
                // The engine answers with an `error` message and closes; meanwhile the
                // peer's further frames are read and dropped.
                guard.rejected = true;
                if hub.reject(conn, reason).await.is_err() {
                    return false;
                }
            }
        }
    }
}

/// Websocket traffic keeps its session alive: recorded at most once per [`TOUCH_EVERY`].
#[derive(Debug)]
struct Activity {
    auth: AccessControl,
    session: Option<SessionId>,
    /// In milliseconds of the access control's clock (the sessions' clock).
    every: i64,
    last: i64,
}

impl Activity {
    fn new(auth: AccessControl, session: Option<SessionId>) -> Self {
        let every = crate::clock::ms(TOUCH_EVERY.min(auth.policy().idle / 4));
        // The handshake just authenticated (and touched) the session.
        let last = auth.clock().now_ms();
        Self {
            auth,
            session,
            every,
            last,
        }
    }

    /// Records the activity (when due) before the message is handled, so whatever the
    /// message causes happens with the session already kept alive.
    async fn seen(&mut self) {
        let Some(id) = self.session else { return };
        let now = self.auth.clock().now_ms();
        if now - self.last < self.every {
            return;
        }
        self.last = now;
        let auth = self.auth.clone();
        // A short write on the accounts connection; off the async threads.
        if tokio::task::spawn_blocking(move || auth.touch_session(id)).await.is_err() {
            tracing::error!("touching a session panicked");
        }
    }
}

/// Per-connection checks on each incoming message.
#[derive(Debug)]
struct Guard {
    bucket: rate_limit::TokenBucket,
    /// Set once the connection was rejected: later frames are read and dropped.
    rejected: bool,
}

impl Guard {
    fn new() -> Self {
        Self {
            bucket: rate_limit::per_connection(Instant::now()),
            rejected: false,
        }
    }

    /// Why this message must end the connection, if it must.
    fn check(&mut self, len: usize) -> Option<String> {
        if len > MAX_FRAME_BYTES {
            return Some(too_large(len));
        }
        if !self.bucket.try_take(Instant::now()) {
            return Some(format!(
                "too many messages: at most {} per second (bursts of {})",
                rate_limit::MESSAGES_PER_SECOND,
                rate_limit::BURST
            ));
        }
        None
    }
}

fn too_large(len: usize) -> String {
    domain::protocol::DecodeError::TooLarge(len).to_string()
}

fn is_capacity(e: &tungstenite::Error) -> bool {
    matches!(e, tungstenite::Error::Capacity(_))
}

/// `frame` as one binary message, in fragments of at most [`FRAGMENT`] bytes.
fn fragments(frame: Vec<u8>) -> impl Iterator<Item = Message> {
    let bytes = Bytes::from(frame);
    let len = bytes.len();
    let count = len.div_ceil(FRAGMENT).max(1);
    (0..count).map(move |i| {
        let chunk = bytes.slice(i * FRAGMENT..((i + 1) * FRAGMENT).min(len));
        let opcode = if i == 0 { Data::Binary } else { Data::Continue };
        Message::Frame(Frame::message(chunk, OpCode::Data(opcode), i + 1 == count))
    })
}

/// Writes the hub's frames (whatever is queued, then one flush) and the reader's pings; on
/// `Close`, when the hub drops us, or on an abort (the peer answered no ping, or fell too
/// far behind), sends a close frame.
async fn write(mut sink: SplitSink<Socket, Message>, mut rx: OutboxReader) {
    let close = 'connection: loop {
        let mut out = match rx.next().await {
            Next::Out(out) => out,
            Next::Ping => {
                if sink.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
                continue;
            }
            Next::Abort(why) => break aborted(why),
            Next::Ended => {
                break CloseFrame {
                    code: CloseCode::from(1001),
                    reason: "going away".into(),
                }
            }
        };
        loop {
            match out {
                Outgoing::Frame(frame) => {
                    for fragment in fragments(frame) {
                        // A peer that stopped reading blocks the write: an abort ends the wait.
                        let fed = tokio::select! {
                            biased;
                            why = rx.until_aborted() => break 'connection aborted(why),
                            fed = sink.feed(fragment) => fed,
                        };
                        if fed.is_err() {
                            return;
                        }
                    }
                }
                // The reason, if any, went in the `error` message before.
                Outgoing::Close => {
                    break 'connection CloseFrame {
                        code: CloseCode::from(1000),
                        reason: "closing".into(),
                    }
                }
            }
            match rx.try_next() {
                Some(next) => out = next,
                None => break,
            }
        }
        let flushed = tokio::select! {
            biased;
            why = rx.until_aborted() => break 'connection aborted(why),
            flushed = sink.flush() => flushed,
        };
        if flushed.is_err() {
            return;
        }
    };
    // A peer that does not read cannot take the close frame either: give up after a while.
    let _ = tokio::time::timeout(CLOSE_GRACE, sink.send(Message::Close(Some(close)))).await;
}

/// The close frame for a connection ended at once.
fn aborted(why: Abort) -> CloseFrame {
    CloseFrame {
        code: CloseCode::from(match why {
            Abort::NoPong => 1001,
            Abort::FellBehind => 1008,
        }),
        reason: why.reason().into(),
    }
}

/// Reads until the peer answers our close frame (or gives up), discarding what it sent,
/// so the socket closes cleanly instead of resetting and losing our last frames.
async fn drain(stream: &mut SplitStream<Socket>) {
    let _ = tokio::time::timeout(CLOSE_GRACE, async {
        while let Some(Ok(_)) = stream.next().await {}
    })
    .await;
}
