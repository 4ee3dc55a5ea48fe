//! Putting the server together: open the store and the accounts tables (seeding the demo
//! when asked), start the sync hub, serve HTTP until shutdown, then let the hub commit what
//! it has.

use std::{future::Future, sync::Arc, time::Duration};

use anyhow::Context;
use domain::sync::{EngineConfig, Role};
use tokio::net::TcpListener;

use crate::{
    auth::{self, AccessControl, AuthStore, SignInLimits},
    http::{accept_until, headers, router, AppState, ConnectionLimits, PublicOrigin, SessionCookie},
    config::Config,
    demo,
    shutdown,
    storage::{DocumentStore, ServerIdentity, SqliteStorage},
    sync::{self, Hub, Limits},
};

/// How long connections get to close after shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves on `listener` until `shutdown` resolves; then stops accepting, closes the
/// websockets, and returns once the sync hub has committed everything it received.
pub async fn serve<F>(config: Config, listener: TcpListener, shutdown: F) -> anyhow::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let node_file = SqliteStorage::open_dir(&config.data_dir)
        .with_context(|| format!("opening the store in {}", config.data_dir.display()))?;
    let identity = ServerIdentity::load_or_create(&node_file)?;
    let url = config.database_url.as_ref();
    let storage = DocumentStore::with_node(node_file, url, Some(identity.peer_id.as_str()))
        .with_context(|| format!("opening the documents in {}", url.map_or_else(String::new, ToString::to_string)))?;
    let auth = AccessControl::new(
        AuthStore::open_for(&config.data_dir, url)
            .context("opening the accounts tables")?
            .with_clock(config.clock.clone())
            .adopt_secrets_key_in(config.secrets_key.as_deref(), config.secrets_key_file.as_deref(), &config.data_dir)
            .context("the secrets key")?,
        config.sessions,
    )?;
    let papers = Arc::new(crate::papers::PaperStore::open_for(&config.data_dir, url, config.clock.clone()).context("opening the papers tables")?);
    if config.demo {
        demo::seed_if_empty(&storage, auth.store(), &papers).context("seeding the demo data")?;
        auth.reload()?;
    }
    if !config.dist_dir.join("index.html").is_file() {
        tracing::warn!(dist = %config.dist_dir.display(), "no index.html in the dist directory; build the app first");
    }
    let mut engine_config = EngineConfig::new(identity.peer_id.clone(), Role::Server);
    engine_config.storage_id = Some(identity.storage_id.clone());
    let hub = Hub::start(
        engine_config,
        storage,
        auth.clone(),
        config.rechecks.clone(),
        config.compactions.clone(),
        Limits {
            per_account: config.max_connections_per_account,
            queued_bytes: config.max_queued_bytes,
            evict_idle_after: config.evict_idle_after,
        },
    )
        .context("starting the sync hub")?;

    // Several nodes on one PostgreSQL: hear which documents the others change.
    let relay = url.map(|url| sync::start_relay(url.clone(), identity.peer_id.to_string(), hub.handle()));

    let (lifecycle, stopper) = shutdown::lifecycle();
    let limits = ConnectionLimits {
        max_open: config.max_connections,
        ..config.connection_limits
    };
    let sign_in_limits = SignInLimits::shared(config.clock.clone(), auth.shared_store());
    let state = AppState {
        hub: hub.handle(),
        auth,
        cookie: SessionCookie::new(config.public_origin.as_ref().is_some_and(PublicOrigin::is_https)),
        public_origin: config.public_origin.clone().map(Arc::new),
        sign_in_limits,
        trusted_proxies: config.trusted_proxies.clone().into(),
        hashing: Arc::new(tokio::sync::Semaphore::new(crate::http::HASHING_PERMITS)),
        csp: headers::policy_for_dist(&config.dist_dir).into(),
        dist_dir: Arc::new(config.dist_dir.clone()),
        lifecycle: lifecycle.clone(),
        limits,
        feeds: Arc::new(crate::feeds::FeedStore::open_for(&config.data_dir, url, config.clock.clone()).context("opening the feeds table")?),
        documents: Arc::new(std::sync::Mutex::new(
            DocumentStore::open(&config.data_dir, url).context("opening a read connection to the documents")?,
        )),
        papers,
        metrics_token: config.metrics_token.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(Arc::from),
    };
    tracing::info!(peer = %identity.peer_id, max_connections = limits.max_open, documents = %url.map_or_else(|| "sqlite".to_owned(), ToString::to_string), "serving");
    auth::password::warm_up();
    // Stops accepting once `shutdown` resolves; each connection (and websocket) holds a
    // clone of `lifecycle`, and `stopper.wait` waits for them all to close.
    accept_until(listener, router(state), limits, lifecycle, stopper.stop_after(shutdown)).await;
    stopper.wait(SHUTDOWN_GRACE).await;
    if let Some(relay) = relay {
        relay.abort();
    }
    hub.shutdown().await;
    let m = sync::metrics::snapshot();
    tracing::info!(
        frames_in = m.frames_in,
        frames_out = m.frames_out,
        commits = m.commits,
        "stopped"
    );
    Ok(())
}
