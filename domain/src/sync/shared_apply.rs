//! Several writers' sync messages for one document, applied with one walk of the document.
//!
//! Automerge 0.12 applies received changes to a list or text by walking every operation of
//! that object, however few the changes (`BatchApply`): a keystroke into a 5,000-word
//! section costs some 30 ms to apply, one into a 1,000-word section some 6 ms (the domain's
//! `text_apply` example prints it). A server receiving every writer's message on its own walks
//! the section once per message, so a room of people typing into one long section would
//! take more of the server than it has. Applied together, the changes of every message that
//! arrived in one round cost one walk.
//!
//! How: every message's changes are applied in one `apply_changes`; then each message goes
//! through automerge's own receive as before, in the order it arrived, which finds its
//! changes already held and only brings its sender's sync state up to date. What each
//! message brought (for the record of who changed what, and the durable-ack rule) is its
//! own changes that were new. Anything that does not fit this (a change chunk that does not
//! parse, automerge refusing the batch) is applied one message at a time, as it always was.

use std::collections::{HashMap, HashSet};

use automerge::{
    sync::{self, SyncDoc},
    Automerge, Change, ChangeHash,
};

use crate::{storage::layout, ConnectionId};

/// A sync message carrying changes, held until the round's messages for its document have
/// all been seen.
#[derive(Debug)]
pub(crate) struct Pending {
    pub(crate) conn: ConnectionId,
    pub(crate) message: sync::Message,
    /// `last_sent_heads` to restore after receiving it (see the engine's `held`).
    pub(crate) held: Option<Vec<ChangeHash>>,
}

/// What one message did: the changes it brought that were new to the document (reported
/// even if automerge then refused the message: they are in the document), and automerge's
/// refusal, if any.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) conn: ConnectionId,
    pub(crate) brought: Vec<ChangeHash>,
    pub(crate) refused: Option<String>,
}

/// Applies `pending` (in arrival order) to `doc` and its peers' sync states: with one walk
/// when there are several and all their changes parse, else one message at a time.
pub(crate) fn apply(doc: &mut Automerge, peers: &mut HashMap<ConnectionId, sync::State>, pending: Vec<Pending>) -> Vec<Outcome> {
    let before = doc.get_heads();
    let parsed = if pending.len() > 1 { parse_all(&pending) } else { None };
    let Some(parsed) = parsed else {
        return pending.into_iter().map(|p| one(doc, peers, p)).collect();
    };
    if doc.apply_changes(parsed.iter().flatten().cloned()).is_err() {
        // Refused as a whole (e.g. one sender reused a sequence number): nothing was
        // applied; each message on its own says whose it was.
        return pending.into_iter().map(|p| one(doc, peers, p)).collect();
    }
    let mut new: HashSet<ChangeHash> = doc.get_changes_meta(&before).into_iter().map(|c| c.hash).collect();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(pending.len());
    for (p, changes) in pending.into_iter().zip(parsed) {
        let conn = p.conn;
        let mut brought: Vec<ChangeHash> = changes.iter().map(Change::hash).filter(|h| new.remove(h)).collect();
        let refused = match receive(doc, peers, p) {
            Ok(also) => {
                // Anything its receive applied that the shared apply had not.
                brought.extend(also.into_iter().filter(|h| new.remove(h)));
                None
            }
            Err(e) => Some(e),
        };
        outcomes.push(Outcome { conn, brought, refused });
    }
    if !new.is_empty() {
        // Changes held back earlier for want of a dependency that this round delivered:
        // delivered, as one message at a time would have it, by the first message that
        // brought anything.
        if let Some(first) = outcomes.iter_mut().find(|o| !o.brought.is_empty()) {
            first.brought.extend(new);
        } else if let Some(first) = outcomes.first_mut() {
            first.brought.extend(new);
        }
    }
    outcomes
}

/// Every message's changes, or `None` if any is not a run of change chunks (e.g. it is a
/// whole document, as automerge sends a peer that lacks a third of it or more).
fn parse_all(pending: &[Pending]) -> Option<Vec<Vec<Change>>> {
    pending
        .iter()
        .map(|p| {
            let mut changes = Vec::new();
            for bytes in p.message.changes.iter() {
                for chunk in layout::split_chunks(bytes)? {
                    changes.push(Change::try_from(chunk).ok()?);
                }
            }
            Some(changes)
        })
        .collect()
}

/// One message on its own, exactly as the engine receives any message.
fn one(doc: &mut Automerge, peers: &mut HashMap<ConnectionId, sync::State>, p: Pending) -> Outcome {
    let conn = p.conn;
    match receive(doc, peers, p) {
        Ok(brought) => Outcome { conn, brought, refused: None },
        Err(e) => Outcome { conn, brought: Vec::new(), refused: Some(e) },
    }
}

/// Automerge's receive of `p` into its sender's sync state: the changes it applied.
fn receive(doc: &mut Automerge, peers: &mut HashMap<ConnectionId, sync::State>, p: Pending) -> Result<Vec<ChangeHash>, String> {
    let before = doc.get_heads();
    let state = peers.entry(p.conn).or_default();
    doc.receive_sync_message(state, p.message).map_err(|e| e.to_string())?;
    if let Some(sent) = p.held {
        state.last_sent_heads = sent;
    }
    Ok(if doc.get_heads() == before { Vec::new() } else { doc.get_changes_meta(&before).into_iter().map(|c| c.hash).collect() })
}

#[cfg(test)]
mod tests {
    use automerge::{
        sync::{ChunkList, MessageVersion},
        transaction::Transactable,
        ObjType, ReadDoc, ROOT,
    };

    use super::*;

    /// A document with a text "Escalation procedure" at `text`.
    fn base() -> (Automerge, automerge::ObjId) {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let text = tx.put_object(ROOT, "text", ObjType::Text).unwrap();
        tx.splice_text(&text, 0, 0, "Escalation procedure").unwrap();
        tx.commit();
        (doc, text)
    }

    /// A writer's fork of `doc` that inserted `typed` at `at`: its message and its change.
    fn writer(doc: &Automerge, text: &automerge::ObjId, at: usize, typed: &str) -> (sync::Message, Change) {
        let mut fork = doc.fork();
        let mut tx = fork.transaction();
        tx.splice_text(text, at, 0, typed).unwrap();
        tx.commit();
        let change = fork.get_last_local_change().unwrap().clone();
        (message(&fork, vec![change.raw_bytes().to_vec()]), change)
    }

    fn message(from: &Automerge, chunks: Vec<Vec<u8>>) -> sync::Message {
        sync::Message {
            heads: from.get_heads(),
            need: Vec::new(),
            have: Vec::new(),
            changes: ChunkList::from(chunks),
            flags: None,
            version: MessageVersion::V1,
        }
    }

    fn pending(conn: u64, message: sync::Message) -> Pending {
        Pending { conn: ConnectionId::new(conn), message, held: None }
    }

    #[test]
    fn several_writers_are_applied_together_and_each_is_told_apart() {
        let (mut doc, text) = base();
        let (a, ca) = writer(&doc, &text, 0, "Joint ");
        let (b, cb) = writer(&doc, &text, 10, " and disagreement");
        let (c, cc) = writer(&doc, &text, 20, " (LLR)");
        let mut peers = HashMap::new();
        let outcomes = apply(&mut doc, &mut peers, vec![pending(1, a), pending(2, b), pending(3, c)]);
        assert_eq!(doc.text(&text).unwrap(), "Joint Escalation and disagreement procedure (LLR)");
        let told: Vec<(ConnectionId, Vec<ChangeHash>, bool)> =
            outcomes.iter().map(|o| (o.conn, o.brought.clone(), o.refused.is_some())).collect();
        let conn = ConnectionId::new;
        assert_eq!(told, vec![(conn(1), vec![ca.hash()], false), (conn(2), vec![cb.hash()], false), (conn(3), vec![cc.hash()], false)]);
        // Each sender's sync state took its message: we know its heads.
        for conn in 1..=3 {
            assert!(!peers[&ConnectionId::new(conn)].their_heads.as_ref().unwrap().is_empty());
        }
    }

    #[test]
    fn a_message_carrying_several_changes_end_to_end_is_split_into_them() {
        let (mut doc, text) = base();
        let mut fork = doc.fork();
        let mut hashes = Vec::new();
        let mut run = Vec::new();
        for (at, typed) in [(0, "Joint "), (0, "LLR ")] {
            let mut tx = fork.transaction();
            tx.splice_text(&text, at, 0, typed).unwrap();
            tx.commit();
            let change = fork.get_last_local_change().unwrap().clone();
            hashes.push(change.hash());
            run.extend_from_slice(change.raw_bytes());
        }
        // As a V2 message carries them: one run of chunks.
        let several = message(&fork, vec![run]);
        assert_eq!(parse_all(&[pending(1, several.clone())]).map(|p| p[0].len()), Some(2));
        let (b, cb) = writer(&doc, &text, 10, " and disagreement");
        let outcomes = apply(&mut doc, &mut HashMap::new(), vec![pending(1, several), pending(2, b)]);
        assert_eq!(doc.text(&text).unwrap(), "LLR Joint Escalation and disagreement procedure");
        assert_eq!(outcomes[0].brought, hashes);
        assert_eq!(outcomes[1].brought, vec![cb.hash()]);
    }

    #[test]
    fn a_change_sent_twice_in_one_round_is_brought_by_the_first_message_only() {
        let (mut doc, text) = base();
        let (a, ca) = writer(&doc, &text, 0, "Joint ");
        let again = a.clone();
        let (b, cb) = writer(&doc, &text, 10, " and disagreement");
        let outcomes = apply(&mut doc, &mut HashMap::new(), vec![pending(1, a), pending(2, b), pending(3, again)]);
        let brought: Vec<Vec<ChangeHash>> = outcomes.iter().map(|o| o.brought.clone()).collect();
        assert_eq!(brought, vec![vec![ca.hash()], vec![cb.hash()], vec![]]);
    }

    #[test]
    fn a_sequence_number_reused_is_refused_for_its_sender_alone() {
        let (mut doc, text) = base();
        let (a, ca) = writer(&doc, &text, 0, "Joint ");
        // The same actor and sequence number, different content: automerge refuses it.
        let mut forged = doc.fork();
        forged.set_actor(ca.actor_id().clone());
        let mut tx = forged.transaction();
        tx.splice_text(&text, 0, 0, "Forged ").unwrap();
        tx.commit();
        let fc = forged.get_last_local_change().unwrap().clone();
        assert_eq!(fc.seq(), ca.seq());
        let f = message(&forged, vec![fc.raw_bytes().to_vec()]);
        let (b, cb) = writer(&doc, &text, 10, " and disagreement");
        let outcomes = apply(&mut doc, &mut HashMap::new(), vec![pending(1, a), pending(2, f), pending(3, b)]);
        assert_eq!(doc.text(&text).unwrap(), "Joint Escalation and disagreement procedure");
        assert_eq!(outcomes[0].brought, vec![ca.hash()]);
        assert!(outcomes[1].refused.is_some() && outcomes[1].brought.is_empty(), "{outcomes:?}");
        assert_eq!(outcomes[2].brought, vec![cb.hash()]);
    }

    #[test]
    fn a_whole_document_among_the_messages_is_applied_one_message_at_a_time() {
        let (mut doc, text) = base();
        let (a, ca) = writer(&doc, &text, 0, "Joint ");
        let mut other = doc.fork();
        let mut tx = other.transaction();
        tx.splice_text(&text, 10, 0, " and disagreement").unwrap();
        tx.commit();
        let cb = other.get_last_local_change().unwrap().clone();
        let whole = message(&other, vec![other.save()]);
        let outcomes = apply(&mut doc, &mut HashMap::new(), vec![pending(1, a), pending(2, whole)]);
        assert_eq!(doc.text(&text).unwrap(), "Joint Escalation and disagreement procedure");
        assert_eq!(outcomes[0].brought, vec![ca.hash()]);
        assert_eq!(outcomes[1].brought, vec![cb.hash()]);
    }

    #[test]
    fn a_change_completed_by_the_round_is_brought_by_the_message_that_completed_it() {
        let (mut doc, text) = base();
        let mut fork = doc.fork();
        let mut tx = fork.transaction();
        tx.splice_text(&text, 0, 0, "Joint ").unwrap();
        tx.commit();
        let first = fork.get_last_local_change().unwrap().clone();
        let mut tx = fork.transaction();
        tx.splice_text(&text, 0, 0, "LLR ").unwrap();
        tx.commit();
        let second = fork.get_last_local_change().unwrap().clone();
        // The second arrives first, alone: held back for want of the first.
        let mut peers = HashMap::new();
        let early = apply(&mut doc, &mut peers, vec![pending(1, message(&fork, vec![second.raw_bytes().to_vec()]))]);
        assert!(early[0].brought.is_empty());
        let (b, cb) = writer(&doc, &text, 10, " and disagreement");
        let outcomes = apply(&mut doc, &mut peers, vec![pending(2, b), pending(1, message(&fork, vec![first.raw_bytes().to_vec()]))]);
        assert_eq!(doc.text(&text).unwrap(), "LLR Joint Escalation and disagreement procedure");
        let mut brought: Vec<ChangeHash> = outcomes.iter().flat_map(|o| o.brought.clone()).collect();
        brought.sort();
        let mut all = vec![first.hash(), second.hash(), cb.hash()];
        all.sort();
        assert_eq!(brought, all, "every change that came in is reported once");
        assert_eq!(outcomes[1].brought.first(), Some(&first.hash()));
    }
}
