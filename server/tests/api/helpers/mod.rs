//! Test support: servers, the native protocol client, a raw peer and an HTTP getter.

pub mod accounts;
pub mod client;
pub mod http;
pub mod raw;
pub mod server;

pub use accounts::Person;
pub use client::Client;
pub use raw::{cbor, RawPeer};
pub use server::{ChildServer, TestServer};
