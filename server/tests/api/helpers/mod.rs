//! Test support: servers, the native protocol client, a raw peer, an HTTP getter and a
//! browser-like HTTP client.

pub mod accounts;
pub mod browser;
pub mod client;
pub mod http;
pub mod postgres;
pub mod raw;
pub mod server;
pub mod silent;

pub use accounts::Person;
pub use client::Client;
pub use raw::{cbor, RawPeer};
pub use server::{ChildServer, Options, TestServer};
pub use silent::{Seen, SilentPeer};
