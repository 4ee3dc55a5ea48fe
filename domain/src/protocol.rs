//! The automerge-repo sync protocol, version 1: the messages and their CBOR codec.
//!
//! Wire format as the JavaScript `@automerge/automerge-repo-network-websocket` writes it:
//! each websocket binary frame is one CBOR map with a `type` key and camelCase fields,
//! binary payloads as CBOR byte strings.

mod codec;
mod message;

pub use codec::{decode, encode, DecodeError, MAX_EPHEMERAL_BYTES, MAX_FRAME_BYTES, MAX_READER_SYNC_BYTES};
pub use message::{Message, PeerMetadata, PROTOCOL_V1};
