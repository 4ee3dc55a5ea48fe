//! Graceful shutdown: the OS signal that starts it, and the notice that connection tasks
//! watch so that they close their websockets and let the hub finish.

use std::time::Duration;

use tokio::sync::{mpsc, watch};

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed when this is called
/// (not when the future is first polled), so a signal that arrives while the server is
/// still starting is not lost. Call it inside the runtime.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let listen = |kind: SignalKind, name: &'static str| {
            signal(kind).map_err(|e| tracing::error!(error = %e, "cannot listen for {name}")).ok()
        };
        let mut interrupt = listen(SignalKind::interrupt(), "Ctrl-C");
        let mut terminate = listen(SignalKind::terminate(), "SIGTERM");
        async move {
            let interrupted = async {
                match interrupt.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending().await,
                }
            };
            let terminated = async {
                match terminate.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = interrupted => {},
                () = terminated => {},
            }
            tracing::info!("shutting down");
        }
    }
    #[cfg(not(unix))]
    async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    }
}

/// Held by every live connection task: tells it when to stop, and lets the server wait
/// until all of them have.
#[derive(Debug, Clone)]
pub(crate) struct Lifecycle {
    stopping: watch::Receiver<bool>,
    _alive: mpsc::Sender<()>,
}

impl Lifecycle {
    /// Resolves once shutdown has begun.
    pub(crate) async fn stopping(&mut self) {
        let _ = self.stopping.wait_for(|s| *s).await;
    }
}

/// The server's side of [`Lifecycle`].
#[derive(Debug)]
pub(crate) struct Stopper {
    stop: watch::Sender<bool>,
    alive: mpsc::Receiver<()>,
}

pub(crate) fn lifecycle() -> (Lifecycle, Stopper) {
    let (stop, stopping) = watch::channel(false);
    let (alive_tx, alive) = mpsc::channel(1);
    (
        Lifecycle {
            stopping,
            _alive: alive_tx,
        },
        Stopper { stop, alive },
    )
}

impl Stopper {
    /// Resolves after `signal`, having told every connection task to stop.
    pub(crate) fn stop_after<F>(
        &self,
        signal: F,
    ) -> impl std::future::Future<Output = ()> + Send + 'static
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let stop = self.stop.clone();
        async move {
            signal.await;
            let _ = stop.send(true);
        }
    }

    /// Waits (at most `grace`) until every [`Lifecycle`] clone is dropped.
    pub(crate) async fn wait(mut self, grace: Duration) {
        if tokio::time::timeout(grace, self.alive.recv())
            .await
            .is_err()
        {
            tracing::warn!("some connections did not close in time");
        }
    }
}
