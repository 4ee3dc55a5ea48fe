//! [`DbPool`]: the connections a store (accounts, papers, feeds) runs its statements on.
//! On SQLite one connection (statements of one process take turns, as SQLite's one writer
//! does anyway); on PostgreSQL up to [`POSTGRES_CONNECTIONS`], opened as they are first
//! needed, so one slow query (a paper's bytes, a long sign-in) no longer holds up every
//! other request of the node. A connection is lent for as long as the caller holds the
//! [`PooledDb`] (one statement, or one whole transaction).

use std::sync::{Condvar, Mutex, MutexGuard};

use super::{AuthDb, PooledDb, SqlError};

/// The most PostgreSQL connections one store of one node opens.
pub const POSTGRES_CONNECTIONS: usize = 4;

#[derive(Debug)]
pub struct DbPool {
    state: Mutex<State>,
    returned: Condvar,
    /// Where more connections come from (PostgreSQL only).
    url: Option<String>,
    size: usize,
}

#[derive(Debug)]
struct State {
    idle: Vec<AuthDb>,
    /// Connections open, idle or lent.
    open: usize,
}

impl DbPool {
    /// One connection, taken in turns (SQLite).
    pub fn one(db: AuthDb) -> Self {
        Self { state: Mutex::new(State { idle: vec![db], open: 1 }), returned: Condvar::new(), url: None, size: 1 }
    }

    /// Up to [`POSTGRES_CONNECTIONS`] connections to `url` (the first opened now, and the
    /// schema brought up to date).
    pub fn postgres(url: &str) -> Result<Self, SqlError> {
        Self::postgres_with(url, POSTGRES_CONNECTIONS)
    }

    /// Up to `size` connections to `url` (at least one).
    pub fn postgres_with(url: &str, size: usize) -> Result<Self, SqlError> {
        let first = AuthDb::connect_postgres(url)?;
        Ok(Self {
            state: Mutex::new(State { idle: vec![first], open: 1 }),
            returned: Condvar::new(),
            url: Some(url.to_owned()),
            size: size.max(1),
        })
    }

    /// A connection of its own until the guard drops: an idle one, a new one while fewer
    /// than the most are open, else the next one given back.
    pub fn get(&self) -> PooledDb<'_> {
        let mut state = self.lock();
        loop {
            if let Some(db) = state.idle.pop() {
                return PooledDb::new(self, db);
            }
            if let Some(url) = self.url.as_deref().filter(|_| state.open < self.size) {
                state.open += 1;
                drop(state);
                match AuthDb::connect_postgres(url) {
                    Ok(db) => return PooledDb::new(self, db),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot open another PostgreSQL connection; waiting for one in use");
                        // The first connection is never closed (a lost one reconnects), so
                        // one is always there to wait for.
                        state = self.lock();
                        state.open -= 1;
                        continue;
                    }
                }
            }
            state = self.returned.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// Takes `db` back (its guard dropped).
    pub(super) fn give_back(&self, db: AuthDb) {
        self.lock().idle.push(db);
        self.returned.notify_one();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
