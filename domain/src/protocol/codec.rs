use serde::{Deserialize, Serialize};

use super::message::{Message, PeerMetadata};
use crate::{BadDocumentId, BadPeerId, DocumentId, PeerId};

/// The largest frame either side accepts (8 MiB). Larger frames are refused before decoding.
pub const MAX_FRAME_BYTES: usize = 8 * 1024 * 1024;

/// The largest `ephemeral` payload relayed (16 KiB): presence (who is editing which section,
/// a caret) is a few hundred bytes; anything larger is refused rather than copied to every
/// reader of the document.
pub const MAX_EPHEMERAL_BYTES: usize = 16 * 1024;

/// The largest `sync` payload taken from a connection that may not change the document
/// (64 KiB): a reader's message holds only heads, needs and a Bloom filter of what it has, so
/// anything larger is refused before it is decoded.
pub const MAX_READER_SYNC_BYTES: usize = 64 * 1024;

/// Why a frame could not be understood. The text is safe to send back to the peer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("frame of {0} bytes is larger than the {MAX_FRAME_BYTES}-byte limit")]
    TooLarge(usize),
    #[error("frame is not a valid CBOR protocol message: {0}")]
    Malformed(String),
    #[error("unknown message type {0:?}")]
    UnknownType(String),
    #[error("{kind} message is missing its {field:?} field")]
    MissingField { kind: &'static str, field: &'static str },
    #[error(transparent)]
    BadDocumentId(#[from] BadDocumentId),
    #[error(transparent)]
    BadPeerId(#[from] BadPeerId),
}

/// Every field any message type may carry; `type` says which are required.
/// Unknown fields are ignored, as the JavaScript implementation does.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Frame {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sender_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "serde_bytes")]
    data: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    peer_metadata: Option<Metadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supported_protocol_versions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    selected_protocol_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    storage_id: Option<String>,
    #[serde(default)]
    is_ephemeral: bool,
}

/// Decodes one websocket frame.
pub fn decode(bytes: &[u8]) -> Result<Message, DecodeError> {
    if bytes.len() > MAX_FRAME_BYTES {
        return Err(DecodeError::TooLarge(bytes.len()));
    }
    let frame: Frame =
        ciborium::from_reader(bytes).map_err(|e| DecodeError::Malformed(short(&e.to_string())))?;
    frame.into_message()
}

/// Encodes one message as a websocket frame.
pub fn encode(message: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing plain maps, strings and byte strings into a Vec cannot fail.
    ciborium::into_writer(&Frame::from_message(message), &mut out)
        .expect("CBOR encoding into memory is infallible");
    out
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

impl Frame {
    fn into_message(self) -> Result<Message, DecodeError> {
        let kind: &'static str = match self.kind.as_str() {
            "join" => "join",
            "peer" => "peer",
            "error" => "error",
            "leave" => "leave",
            "request" => "request",
            "sync" => "sync",
            "doc-unavailable" => "doc-unavailable",
            "ephemeral" => "ephemeral",
            "remote-heads-changed" | "remote-subscription-change" => "remote-heads-changed",
            other => return Err(DecodeError::UnknownType(short(other))),
        };
        let missing = |field| DecodeError::MissingField { kind, field };
        let sender = || -> Result<PeerId, DecodeError> {
            Ok(self.sender_id.as_deref().ok_or(missing("senderId"))?.parse()?)
        };
        // The target is informational on a point-to-point websocket; tolerate its absence.
        let target = || -> Result<PeerId, DecodeError> {
            match self.target_id.as_deref() {
                Some(t) => Ok(t.parse()?),
                None => Err(missing("targetId")),
            }
        };
        let document = || -> Result<DocumentId, DecodeError> {
            Ok(self.document_id.as_deref().ok_or(missing("documentId"))?.parse()?)
        };
        let metadata = || {
            let m = self.peer_metadata.as_ref();
            PeerMetadata {
                storage_id: m.and_then(|m| m.storage_id.clone()),
                is_ephemeral: m.is_some_and(|m| m.is_ephemeral),
            }
        };
        Ok(match kind {
            "join" => Message::Join {
                sender: sender()?,
                supported_versions: self.supported_protocol_versions.clone().unwrap_or_default(),
                metadata: metadata(),
            },
            "peer" => Message::Peer {
                sender: sender()?,
                target: target()?,
                selected_version: self
                    .selected_protocol_version
                    .clone()
                    .ok_or(missing("selectedProtocolVersion"))?,
                metadata: metadata(),
            },
            "error" => Message::Error { message: self.message.clone().unwrap_or_default() },
            "leave" => Message::Leave { sender: sender()? },
            "request" | "sync" => {
                let (sender, target, document) = (sender()?, target()?, document()?);
                let data = self.data.clone().ok_or(missing("data"))?;
                if kind == "request" {
                    Message::Request { sender, target, document, data }
                } else {
                    Message::Sync { sender, target, document, data }
                }
            }
            "doc-unavailable" => Message::DocUnavailable {
                sender: sender()?,
                target: target()?,
                document: document()?,
            },
            "ephemeral" => Message::Ephemeral {
                sender: sender()?,
                target: target()?,
                document: document()?,
                session: self.session_id.clone().ok_or(missing("sessionId"))?,
                count: self.count.unwrap_or_default(),
                data: self.data.clone().ok_or(missing("data"))?,
            },
            _ => Message::RemoteHeads { sender: sender()? },
        })
    }

    fn from_message(message: &Message) -> Self {
        let kind = message.type_name().to_owned();
        let meta = |m: &PeerMetadata| {
            Some(Metadata { storage_id: m.storage_id.clone(), is_ephemeral: m.is_ephemeral })
        };
        match message {
            Message::Join { sender, supported_versions, metadata } => Frame {
                kind,
                sender_id: Some(sender.to_string()),
                supported_protocol_versions: Some(supported_versions.clone()),
                peer_metadata: meta(metadata),
                ..Frame::default()
            },
            Message::Peer { sender, target, selected_version, metadata } => Frame {
                kind,
                sender_id: Some(sender.to_string()),
                target_id: Some(target.to_string()),
                selected_protocol_version: Some(selected_version.clone()),
                peer_metadata: meta(metadata),
                ..Frame::default()
            },
            Message::Error { message } => {
                Frame { kind, message: Some(message.clone()), ..Frame::default() }
            }
            Message::Leave { sender } | Message::RemoteHeads { sender } => {
                Frame { kind, sender_id: Some(sender.to_string()), ..Frame::default() }
            }
            Message::Request { sender, target, document, data }
            | Message::Sync { sender, target, document, data } => Frame {
                kind,
                sender_id: Some(sender.to_string()),
                target_id: Some(target.to_string()),
                document_id: Some(document.to_string()),
                data: Some(data.clone()),
                ..Frame::default()
            },
            Message::DocUnavailable { sender, target, document } => Frame {
                kind,
                sender_id: Some(sender.to_string()),
                target_id: Some(target.to_string()),
                document_id: Some(document.to_string()),
                ..Frame::default()
            },
            Message::Ephemeral { sender, target, document, session, count, data } => Frame {
                kind,
                sender_id: Some(sender.to_string()),
                target_id: Some(target.to_string()),
                document_id: Some(document.to_string()),
                session_id: Some(session.clone()),
                count: Some(*count),
                data: Some(data.clone()),
                ..Frame::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use ciborium::cbor;

    use super::*;

    fn peer(s: &str) -> PeerId {
        s.parse().unwrap()
    }

    fn all_kinds() -> Vec<Message> {
        let doc = DocumentId::random();
        vec![
            Message::Join {
                sender: peer("a"),
                supported_versions: vec!["1".into()],
                metadata: PeerMetadata { storage_id: None, is_ephemeral: true },
            },
            Message::Peer {
                sender: peer("s"),
                target: peer("a"),
                selected_version: "1".into(),
                metadata: PeerMetadata { storage_id: Some("store-1".into()), is_ephemeral: false },
            },
            Message::Error { message: "bad".into() },
            Message::Leave { sender: peer("a") },
            Message::Request { sender: peer("a"), target: peer("s"), document: doc, data: vec![1] },
            Message::Sync { sender: peer("a"), target: peer("s"), document: doc, data: vec![2, 3] },
            Message::DocUnavailable { sender: peer("s"), target: peer("a"), document: doc },
            Message::Ephemeral {
                sender: peer("a"),
                target: peer("s"),
                document: doc,
                session: "sess".into(),
                count: 7,
                data: vec![9],
            },
        ]
    }

    #[test]
    fn every_message_kind_round_trips() {
        for m in all_kinds() {
            assert_eq!(decode(&encode(&m)), Ok(m.clone()), "{}", m.type_name());
        }
    }

    #[test]
    fn payloads_are_cbor_byte_strings_and_keys_camel_case() {
        let doc = DocumentId::random();
        let m = Message::Sync { sender: peer("a"), target: peer("b"), document: doc, data: vec![7; 3] };
        let value: ciborium::Value = ciborium::from_reader(&encode(&m)[..]).unwrap();
        let map = value.as_map().unwrap();
        let get = |k: &str| map.iter().find(|(key, _)| key.as_text() == Some(k)).map(|(_, v)| v);
        assert_eq!(get("type").and_then(|v| v.as_text()), Some("sync"));
        assert_eq!(get("documentId").and_then(|v| v.as_text()), Some(doc.to_string().as_str()));
        assert_eq!(get("data").and_then(|v| v.as_bytes()), Some(&vec![7; 3]));
        assert!(get("senderId").is_some() && get("targetId").is_some());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let value = cbor!({
            "type" => "leave", "senderId" => "a", "somethingNew" => [1, 2, 3]
        })
        .unwrap();
        let mut bytes = Vec::new();
        ciborium::into_writer(&value, &mut bytes).unwrap();
        assert_eq!(decode(&bytes), Ok(Message::Leave { sender: peer("a") }));
    }

    #[test]
    fn bad_frames_give_specific_errors() {
        let cbor = |v: ciborium::Value| {
            let mut b = Vec::new();
            ciborium::into_writer(&v, &mut b).unwrap();
            b
        };
        assert!(matches!(decode(&[0xff, 0x00, 0x13]), Err(DecodeError::Malformed(_))));
        assert!(matches!(decode(b""), Err(DecodeError::Malformed(_))));
        assert!(matches!(
            decode(&cbor(cbor!({"type" => "launch-missiles"}).unwrap())),
            Err(DecodeError::UnknownType(t)) if t == "launch-missiles"
        ));
        assert!(matches!(
            decode(&cbor(cbor!({"type" => "sync", "senderId" => "a", "targetId" => "b", "documentId" => "nope", "data" => ciborium::Value::Bytes(vec![])}).unwrap())),
            Err(DecodeError::BadDocumentId(_))
        ));
        assert!(matches!(
            decode(&cbor(cbor!({"type" => "sync", "senderId" => "a", "targetId" => "b"}).unwrap())),
            Err(DecodeError::MissingField { field: "documentId", .. })
        ));
        assert!(matches!(decode(&vec![0u8; MAX_FRAME_BYTES + 1]), Err(DecodeError::TooLarge(_))));
    }

    #[test]
    fn deeply_nested_cbor_is_refused_not_a_stack_overflow() {
        let mut bytes = vec![0x81; 100_000]; // 100k nested one-element arrays
        bytes.push(0x00);
        assert!(decode(&bytes).is_err());
    }
}
