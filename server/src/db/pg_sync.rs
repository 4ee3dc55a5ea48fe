//! A PostgreSQL connection for code that does not await (the accounts store): its own
//! current-thread runtime drives the connection during each call (as the documents'
//! [`PgBlocking`](crate::storage::PgBlocking) does).

use std::fmt;

use tokio::runtime::Runtime;
use tokio_postgres::{types::ToSql, Client, NoTls};

use super::{pg_value::PgValue, SqlError, SqlRow};
use crate::storage::run_blocking;

pub struct PgSync {
    /// Always `Some` until dropped (taken to shut it down without blocking).
    runtime: Option<Runtime>,
    client: Client,
    url: String,
    /// Inside `BEGIN` … `COMMIT`: a lost connection is not silently replaced.
    in_transaction: bool,
}

impl fmt::Debug for PgSync {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PgSync")
    }
}

impl PgSync {
    /// Connects to `url` and applies the PostgreSQL migrations.
    pub fn connect(url: &str) -> Result<Self, SqlError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SqlError::Connection(format!("cannot start the runtime: {e}")))?;
        let client = run_blocking(&runtime, async {
            let mut client = open(url).await?;
            super::postgres::migrate(&mut client).await?;
            Ok::<_, SqlError>(client)
        })?;
        Ok(Self { runtime: Some(runtime), client, url: url.to_owned(), in_transaction: false })
    }

    pub fn execute(&mut self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<usize, SqlError> {
        self.reconnect_if_lost()?;
        let (sql, values) = prepare(sql, params)?;
        let client = &self.client;
        let n = run_blocking(self.runtime(), async move {
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
            client.execute(sql.as_str(), &refs).await
        })?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub fn query(&mut self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<SqlRow>, SqlError> {
        self.reconnect_if_lost()?;
        let (sql, values) = prepare(sql, params)?;
        let client = &self.client;
        let rows = run_blocking(self.runtime(), async move {
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
            client.query(sql.as_str(), &refs).await
        })?;
        rows.iter()
            .map(|row| (0..row.len()).map(|i| PgValue::column(row, i)).collect::<Result<Vec<_>, _>>().map(SqlRow))
            .collect::<Result<_, _>>()
            .map_err(SqlError::from)
    }

    /// Runs statements without parameters (`BEGIN`, `COMMIT`, …).
    pub fn batch(&mut self, sql: &str) -> Result<(), SqlError> {
        if sql.starts_with("BEGIN") {
            self.reconnect_if_lost()?;
        }
        let client = &self.client;
        run_blocking(self.runtime(), client.batch_execute(sql))?;
        self.in_transaction = sql.starts_with("BEGIN");
        Ok(())
    }

    fn runtime(&self) -> &Runtime {
        self.runtime.as_ref().expect("the runtime lives until drop")
    }

    /// Outside a transaction, a connection that is gone (the database restarted) is
    /// replaced before the next statement.
    fn reconnect_if_lost(&mut self) -> Result<(), SqlError> {
        if self.client.is_closed() && !self.in_transaction {
            tracing::warn!("the accounts store's PostgreSQL connection was lost; connecting again");
            let url = self.url.clone();
            self.client = run_blocking(self.runtime(), async move { open(&url).await })?;
        }
        Ok(())
    }
}

impl Drop for PgSync {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which is refused inside another runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn prepare(sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<(String, Vec<PgValue>), SqlError> {
    let values = params.iter().map(|p| PgValue::of(*p)).collect::<Result<Vec<_>, _>>()?;
    Ok((super::pg_value::placeholders(sql), values))
}

/// A new connection to `url`, its driver running on the current runtime.
async fn open(url: &str) -> Result<Client, SqlError> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "the accounts store's PostgreSQL connection ended");
        }
    });
    Ok(client)
}
