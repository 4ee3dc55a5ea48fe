//! What every handler can reach.

use std::{path::PathBuf, sync::Arc};

use super::{PublicOrigin, SessionCookie};
use crate::{
    auth::{AccessControl, SignInLimits},
    shutdown::Lifecycle,
    sync::HubHandle,
};

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) hub: HubHandle,
    /// Who may do what: sessions, tokens, roles, owners, grants.
    pub(crate) auth: AccessControl,
    /// The configured public origin (`None`: requests must match their own `Host`).
    pub(crate) public_origin: Option<Arc<PublicOrigin>>,
    pub(crate) cookie: SessionCookie,
    pub(crate) sign_in_limits: SignInLimits,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub(crate) trusted_proxies: Arc<[std::net::IpAddr]>,
    /// Bounds concurrent password hashing (each argon2 run takes 19 MiB and a core).
    pub(crate) hashing: Arc<tokio::sync::Semaphore>,
    /// The Content-Security-Policy, with the hashes of the app's inline scripts.
    pub(crate) csp: Arc<str>,
    pub(crate) dist_dir: Arc<PathBuf>,
    pub(crate) lifecycle: Lifecycle,
    /// How long `/api` requests may take (and the rest of the connection limits).
    pub(crate) limits: super::ConnectionLimits,
    /// Meeting papers (content-addressed blobs).
    pub(crate) papers: Arc<crate::papers::PaperStore>,
    /// Calendar feeds.
    pub(crate) feeds: Arc<crate::feeds::FeedStore>,
    /// A connection to the documents (for calendar feeds, names in audit logs and
    /// invitations, and new partnerships' documents), wherever the node keeps them.
    pub(crate) documents: Arc<std::sync::Mutex<crate::storage::DocumentStore>>,
    /// The bearer token `/metrics` asks for (no token: no metrics page).
    pub(crate) metrics_token: Option<Arc<str>>,
}
