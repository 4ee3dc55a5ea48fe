//! A server's answer to a peer that holds nothing of a document stored as one snapshot.
//!
//! Such a peer (a device opening the document for the first time, or again after clearing
//! its storage) would be sent the whole document anyway: automerge answers a V2-capable
//! peer with empty heads with one message carrying `save()` of it. The stored snapshot *is*
//! those bytes, so a server that has yet to load the document sends it as it is and loads
//! it afterwards (for a 10,000-change document the load is tens of milliseconds, the
//! answer well under one). Once loaded, the peer's sync state is what it would be had the
//! answer been generated from the loaded document: we told it the snapshot's heads, it has
//! not replied yet.

use automerge::{
    sync::{self, MessageFlags, MessageVersion, SyncDoc},
    AutomergeError, Automerge, ChangeHash,
};

use crate::ConnectionId;

/// Peers answered with a document's stored snapshot before it was loaded.
#[derive(Debug)]
pub(crate) struct ServedSnapshot {
    /// The snapshot's heads: what those peers now hold.
    pub(crate) heads: Vec<ChangeHash>,
    /// Each peer and the request it was answered for.
    pub(crate) peers: Vec<(ConnectionId, sync::Message)>,
}

/// Whether `request` comes from a peer that holds nothing and takes a whole document in
/// one message (it sent the flags that came with V2 messages).
pub(crate) fn wants_whole_document(request: &sync::Message) -> bool {
    request.heads.is_empty() && request.need.is_empty() && request.changes.is_empty() && request.flags.is_some()
}

/// The answer: our heads, nothing needed, nothing claimed as held (the peer has nothing
/// we could lack), and the whole document.
pub(crate) fn reply(snapshot: &[u8], heads: &[ChangeHash]) -> sync::Message {
    let mut flags = MessageFlags::new();
    flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
    sync::Message {
        heads: heads.to_vec(),
        need: Vec::new(),
        have: Vec::new(),
        changes: snapshot.to_vec().into(),
        flags: Some(flags),
        version: MessageVersion::V2,
    }
}

/// The sync state for a peer sent [`reply`], once `doc` is loaded: as if automerge had
/// received its request and answered it with `heads`, the answer not yet acknowledged.
/// If `doc` has moved past `heads` meanwhile, the peer's reply (its `have` since `heads`)
/// gets it the rest, as after any message.
pub(crate) fn state_after_reply(doc: &mut Automerge, request: sync::Message, heads: &[ChangeHash]) -> Result<sync::State, AutomergeError> {
    let mut state = sync::State::new();
    doc.receive_sync_message(&mut state, request)?;
    state.their_heads = Some(heads.to_vec());
    state.shared_heads = heads.to_vec();
    state.last_sent_heads = heads.to_vec();
    state.their_have = Some(Vec::new());
    state.their_need = Some(Vec::new());
    state.have_responded = true;
    state.in_flight = true;
    Ok(state)
}
