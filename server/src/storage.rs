//! Storage on the server: the SQLite and PostgreSQL adapters of the domain's storage port,
//! the choice between them ([`DocumentStore`]), plus the small meta table that keeps the
//! server's identity.

mod attribution;
mod database_url;
mod documents;
mod identity;
mod pg_blocking;
mod postgres;
mod sqlite;

pub use attribution::{AttributedChange, ClaimedDocument};
pub use identity::ServerIdentity;
pub use crate::db::DATABASE_FILE;
pub use database_url::{DatabaseUrl, NotPostgres};
pub use documents::{DocumentStore, WriteDocuments};
pub(crate) use pg_blocking::run as run_blocking;
pub use pg_blocking::PgBlocking;
pub use postgres::{DocumentWritten, PgStorage, CHANNEL};
pub use sqlite::SqliteStorage;
