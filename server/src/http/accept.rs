//! The accept loop: each TCP connection is served by hyper's HTTP/1 with a header read
//! timeout, upgrades (`/sync`) allowed, and a place among at most
//! [`ConnectionLimits::max_open`] open connections, which a websocket keeps until it closes.

use std::{future::Future, io, net::SocketAddr, pin::pin, sync::Arc, time::Duration};

use axum::{body::Body, extract::ConnectInfo, Router};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore},
};
use tower::ServiceExt;

use super::ConnectionLimits;
use crate::shutdown::Lifecycle;

/// A connection's place among the open ones: in every request's extensions, so that a
/// websocket takes it along when the connection is upgraded.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionSlot(#[allow(dead_code)] Arc<OwnedSemaphorePermit>);

/// Connections waiting for a place at once, per place; more are closed at once.
const WAITING_PER_PLACE: usize = 1;

/// Accepts connections on `listener` until `stop` resolves; each is served by `app` in a
/// task that holds a clone of `lifecycle` (so shutdown can wait for it) and shuts down
/// gracefully once shutdown begins.
pub(crate) async fn accept_until(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    lifecycle: Lifecycle,
    stop: impl Future<Output = ()>,
) {
    let places = Arc::new(Semaphore::new(limits.max_open.max(1)));
    let waiting = Arc::new(Semaphore::new(limits.max_open.max(1) * WAITING_PER_PLACE));
    let mut stop = pin!(stop);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Sync frames are small and latency-bound: no Nagle delay.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let Some(place) = place(&places, &waiting, limits.slot_wait) else {
            // Dropped: closed at once, nothing read from it.
            continue;
        };
        tokio::spawn(serve(tcp, remote, app.clone(), limits, lifecycle.clone(), place));
    }
}

/// A place for a new connection: at once if one is free; else a future that waits at most
/// `wait` for one (`None` when too many already wait: the connection is closed at once).
fn place(
    places: &Arc<Semaphore>,
    waiting: &Arc<Semaphore>,
    wait: Duration,
) -> Option<Place> {
    if let Ok(permit) = places.clone().try_acquire_owned() {
        return Some(Place::Now(permit));
    }
    let Ok(waiter) = waiting.clone().try_acquire_owned() else {
        tracing::warn!("connection closed: too many open and waiting");
        return None;
    };
    Some(Place::Waiting {
        places: places.clone(),
        wait,
        _waiter: waiter,
    })
}

/// A connection's place, had or awaited.
enum Place {
    Now(OwnedSemaphorePermit),
    Waiting {
        places: Arc<Semaphore>,
        wait: Duration,
        _waiter: OwnedSemaphorePermit,
    },
}

impl Place {
    async fn take(self) -> Option<OwnedSemaphorePermit> {
        match self {
            Self::Now(permit) => Some(permit),
            Self::Waiting { places, wait, _waiter } => {
                match tokio::time::timeout(wait, places.acquire_owned()).await {
                    Ok(Ok(permit)) => Some(permit),
                    _ => {
                        tracing::warn!("connection closed: too many open connections");
                        None
                    }
                }
            }
        }
    }
}

async fn serve(
    tcp: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut lifecycle: Lifecycle,
    place: Place,
) {
    let Some(permit) = place.take().await else {
        return;
    };
    let slot = ConnectionSlot(Arc::new(permit));
    let service = app.map_request(move |request: axum::http::Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(remote));
        request.extensions_mut().insert(slot.clone());
        request
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let mut connection = pin!(builder
        .serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service))
        .with_upgrades());
    let mut stopping = pin!(lifecycle.stopping());
    let mut shutting_down = false;
    loop {
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(e) = served {
                    tracing::debug!(error = %e, %remote, "connection ended with an error");
                }
                return;
            }
            () = &mut stopping, if !shutting_down => {
                shutting_down = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// After a failed `accept`: nothing to do when the peer went away; else (out of file
/// descriptors, say) a pause before the next, as hyper and axum do.
async fn accept_failed(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
