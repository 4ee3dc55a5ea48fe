//! `quorum-server export` / `import`: a whole deployment moved between SQLite and
//! PostgreSQL (issue "Outgrow one machine") through one self-describing archive file.
//!
//! The archive is JSON lines (see `docs/export-format.md`): a header (format version, the
//! engine and schema version it came from), then each carried table's columns and rows,
//! then every stored chunk of every document by its storage key, then an end record with
//! the counts and the SHA-256 of every byte before it, so a truncated or altered file is
//! refused before anything is written. Rows are read a page at a time (papers' blobs one
//! at a time) and chunks a few at a time: neither side holds the deployment in memory.
//!
//! Per node or transient state is deliberately not carried ([`NOT_CARRIED`]): the schema
//! version and migrations (each engine has its own), `meta` (the node's identity),
//! `acl_version`, `sign_in_attempts` and `sign_in_refusals`.

mod archive_reader;
mod archive_writer;
mod cell;
mod error;
mod export;
mod exported;
mod import;
mod imported;
mod record;
mod row_batch;
mod tables;

pub use error::TransferError;
pub use export::export;
pub use exported::Exported;
pub use import::import;
pub use imported::Imported;
pub use record::FORMAT_VERSION;
pub use tables::{columns, row_counts, unknown_tables, Table, CARRIED, NOT_CARRIED};
