//! How long the server waits for slow clients, and how many connections it keeps open.

use std::time::Duration;

/// The default of [`ConnectionLimits::max_open`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 1000;

/// Bounds on every HTTP connection (issue 10, item 4: slowloris).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once, websockets included; more wait [`Self::slot_wait`] for one
    /// to close, then are closed.
    pub max_open: usize,
    /// How long a connection over [`Self::max_open`] waits for a place.
    pub slot_wait: Duration,
    /// A request's headers (or, on a kept-alive connection, the next request's) must
    /// arrive within this, else the connection is closed.
    pub header_read: Duration,
    /// An `/api` request must be answered within this (its body read included), else it
    /// gets `408 Request Timeout`. Websockets are not cut by it: they have their own pings.
    pub request: Duration,
    /// [`Self::request`] for uploading a meeting paper (large bodies on slow links).
    pub upload: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_open: DEFAULT_MAX_CONNECTIONS,
            slot_wait: Duration::from_secs(1),
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            upload: Duration::from_secs(300),
        }
    }
}
