//! Storage on the server: the SQLite adapter of the domain's storage port, plus the small
//! meta table that keeps the server's identity and its root document id.

mod attribution;
mod identity;
mod postgres;
mod sqlite;

pub use attribution::{AttributedChange, ClaimedDocument};
pub use identity::ServerIdentity;
pub use crate::db::DATABASE_FILE;
pub use postgres::PgStorage;
pub use sqlite::SqliteStorage;
