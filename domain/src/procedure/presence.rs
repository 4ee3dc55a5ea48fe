//! Presence while online: who else is editing which section of a procedure. Each open draft
//! page is a session that says so in small CBOR maps (as automerge-repo's own clients encode
//! theirs, so the official JS client reads them too), sent as automerge-repo `ephemeral`
//! messages (the server relays them only to connections that may read the procedure and
//! stores nothing). A page sends:
//! - [`PresenceState::Hello`] when it opens (those editing answer with their state at once);
//! - [`PresenceState::Editing`] when its person starts editing a section, and again every
//!   [`PRESENCE_REFRESH_MS`] while they stay;
//! - [`PresenceState::Idle`] when they stop editing (focus left the section's text);
//! - [`PresenceState::Left`] when the page closes.
//!
//! Receivers forget a session not heard from for [`PRESENCE_EXPIRY_MS`]
//! ([`super::PresenceBoard`]); the sender's side is [`super::PresenceBeacon`]. Nothing of it
//! is ever stored.

use serde::{Deserialize, Serialize};

use crate::ItemId;

/// How often a person still editing a section says so again.
pub const PRESENCE_REFRESH_MS: f64 = 12_000.0;
/// A session not heard from for this long is forgotten (its page closed without a word,
/// or its connection dropped).
pub const PRESENCE_EXPIRY_MS: f64 = 30_000.0;
/// Names and organisations longer than this are cut (they are shown inline).
const MAX_NAME_CHARS: usize = 120;
/// The `t` of a presence message, so other kinds of ephemeral message can share the channel.
const KIND: &str = "presence";

/// What a session says about its person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresenceState {
    /// The page just opened: whoever is editing, say so now.
    Hello,
    Editing(ItemId),
    /// On the page, editing nothing.
    Idle,
    /// The page closed.
    Left,
}

/// Who a session belongs to, as others see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceIdentity {
    /// The account id (a person's own sessions are not shown to them).
    pub person: String,
    pub name: String,
    /// Their partnership or agency; empty when unknown.
    pub organisation: String,
}

/// One presence message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceMessage {
    /// The sending page (random per page open): one person may have several.
    pub session: String,
    pub who: PresenceIdentity,
    pub state: PresenceState,
    /// Increases with each message of a session; older or repeated ones are ignored.
    pub seq: u64,
}

/// Bytes that are not a presence message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresenceError {
    #[error("not a presence message: {0}")]
    NotPresence(String),
    #[error("a presence message names no session or person")]
    Anonymous,
    #[error("a presence message for editing names no section")]
    NoSection,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    t: String,
    session: String,
    person: String,
    name: String,
    #[serde(default)]
    org: String,
    state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    seq: u64,
}

fn cut(s: &str) -> String {
    s.trim().chars().take(MAX_NAME_CHARS).collect()
}

impl PresenceMessage {
    pub fn encode(&self) -> Vec<u8> {
        let (state, section) = match self.state {
            PresenceState::Hello => ("hello", None),
            PresenceState::Editing(s) => ("editing", Some(s.to_string())),
            PresenceState::Idle => ("idle", None),
            PresenceState::Left => ("left", None),
        };
        let wire = Wire {
            t: KIND.to_owned(),
            session: self.session.clone(),
            person: self.who.person.clone(),
            name: cut(&self.who.name),
            org: cut(&self.who.organisation),
            state: state.to_owned(),
            section,
            seq: self.seq,
        };
        let mut out = Vec::new();
        ciborium::into_writer(&wire, &mut out).map(|()| out).unwrap_or_default()
    }

    /// Reads a message another session sent (untrusted: names are cut to length).
    pub fn decode(bytes: &[u8]) -> Result<Self, PresenceError> {
        let wire: Wire = ciborium::from_reader(bytes).map_err(|e| PresenceError::NotPresence(e.to_string()))?;
        if wire.t != KIND {
            return Err(PresenceError::NotPresence(format!("kind {:?}", wire.t)));
        }
        if wire.session.is_empty() || wire.person.is_empty() {
            return Err(PresenceError::Anonymous);
        }
        let state = match wire.state.as_str() {
            "hello" => PresenceState::Hello,
            "editing" => {
                let section = wire.section.as_deref().and_then(|s| s.parse().ok()).ok_or(PresenceError::NoSection)?;
                PresenceState::Editing(section)
            }
            "idle" => PresenceState::Idle,
            "left" => PresenceState::Left,
            other => return Err(PresenceError::NotPresence(format!("state {other:?}"))),
        };
        let name = match cut(&wire.name) {
            n if n.is_empty() => "Someone".to_owned(),
            n => n,
        };
        Ok(Self {
            session: wire.session,
            who: PresenceIdentity { person: wire.person, name, organisation: cut(&wire.org) },
            state,
            seq: wire.seq,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CBOR a sender would write for the JSON object `json`.
    fn wire(json: &str) -> Vec<u8> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let mut out = Vec::new();
        ciborium::into_writer(&value, &mut out).unwrap();
        out
    }

    fn message(state: PresenceState) -> PresenceMessage {
        PresenceMessage {
            session: "s1".into(),
            who: PresenceIdentity { person: "a1".into(), name: "Priya Shah".into(), organisation: "Leicestershire Police".into() },
            state,
            seq: 7,
        }
    }

    #[test]
    fn every_state_round_trips() {
        let section = ItemId::random();
        for state in [PresenceState::Hello, PresenceState::Editing(section), PresenceState::Idle, PresenceState::Left] {
            let m = message(state);
            assert_eq!(PresenceMessage::decode(&m.encode()), Ok(m));
        }
    }

    #[test]
    fn other_bytes_are_refused_with_a_reason() {
        assert!(matches!(PresenceMessage::decode(b"cursor"), Err(PresenceError::NotPresence(_))));
        let other_kind = wire(r#"{"t":"cursor","session":"s","person":"p","name":"n","state":"idle","seq":1}"#);
        assert!(matches!(PresenceMessage::decode(&other_kind), Err(PresenceError::NotPresence(_))));
        let anonymous = wire(r#"{"t":"presence","session":"","person":"p","name":"n","state":"idle","seq":1}"#);
        assert_eq!(PresenceMessage::decode(&anonymous), Err(PresenceError::Anonymous));
        let no_section = wire(r#"{"t":"presence","session":"s","person":"p","name":"n","state":"editing","section":"nope","seq":1}"#);
        assert_eq!(PresenceMessage::decode(&no_section), Err(PresenceError::NoSection));
        // The JSON of earlier app versions is not presence (ignored, never misread).
        let json = br#"{"t":"presence","session":"s","person":"p","name":"n","state":"idle","seq":1}"#;
        assert!(matches!(PresenceMessage::decode(json), Err(PresenceError::NotPresence(_))));
    }

    #[test]
    fn long_or_empty_names_are_tamed() {
        let mut m = message(PresenceState::Idle);
        m.who.name = "x".repeat(5000);
        m.who.organisation = "  ".into();
        let raw = format!(
            r#"{{"t":"presence","session":"s","person":"p","name":"{}","org":"{}","state":"idle","seq":1}}"#,
            "y".repeat(5000),
            "z".repeat(300)
        );
        let got = PresenceMessage::decode(&wire(&raw)).unwrap();
        assert_eq!(got.who.name.chars().count(), MAX_NAME_CHARS);
        assert_eq!(got.who.organisation.chars().count(), MAX_NAME_CHARS);
        assert!(m.encode().len() < 400, "a sender cuts its own name too");
        let blank = wire(r#"{"t":"presence","session":"s","person":"p","name":"  ","state":"idle","seq":1}"#);
        assert_eq!(PresenceMessage::decode(&blank).unwrap().who.name, "Someone");
    }

    #[test]
    fn a_message_is_a_cbor_map_that_other_clients_can_read() {
        let bytes = message(PresenceState::Idle).encode();
        let value: ciborium::Value = ciborium::from_reader(bytes.as_slice()).unwrap();
        let map = value.as_map().expect("a CBOR map");
        let get = |k: &str| map.iter().find(|(key, _)| key.as_text() == Some(k)).map(|(_, v)| v.clone());
        assert_eq!(get("t").and_then(|v| v.as_text().map(str::to_owned)).as_deref(), Some("presence"));
        assert_eq!(get("name").and_then(|v| v.as_text().map(str::to_owned)).as_deref(), Some("Priya Shah"));
    }
}
