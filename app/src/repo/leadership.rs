//! Which tab of a browser holds the server connection, as a plain state machine.
//!
//! Every tab starts as a follower. The platform (Web Locks in a browser) says when a tab
//! becomes the leader; the leader connects to the server for every tab. Tabs talk through a
//! [`TabMessage`] bus (a `BroadcastChannel` in a browser):
//! - after saving chunks a tab announces the documents with a sequence number
//!   ([`Leadership::saved`]); the leader merges them and records, per tab, the last
//!   announcement merged ([`Leadership::merged_from`]);
//! - the leader posts its [`LeaderStatus`] whenever it changes ([`Leadership::status_to_post`]),
//!   and again when a new tab says hello;
//! - a follower says "all changes on the server" only once the leader has merged its last
//!   announcement carrying a change of its own and the server confirmed everything
//!   ([`Leadership::follower_view`]).

use std::collections::HashMap;

use domain::{sync::SyncSummary, DocumentId};

use super::status::ConnectionPhase;

/// What the leader tab tells the others.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderStatus {
    pub connected: bool,
    pub connecting: bool,
    pub all_on_server: bool,
    pub last_synced: Option<f64>,
    /// Per follower tab, the sequence number of its last announcement the leader merged.
    pub merged: HashMap<String, f64>,
}

/// A message between tabs.
#[derive(Debug, Clone, PartialEq)]
pub enum TabMessage {
    /// `from` saved these documents (its announcement number `seq`).
    Saved { ids: Vec<DocumentId>, from: String, seq: f64 },
    Status(LeaderStatus),
    /// A new tab asks the leader for its status.
    Hello,
    /// "Sync now" pressed in a tab that is not the leader.
    SyncNow,
    /// This browser signed out: every tab drops its state (the database is being deleted).
    SignedOut,
    /// An ephemeral message (presence) about `document`: `outgoing` from a tab that does not
    /// hold the connection, for the leader to send; otherwise heard from the server by the
    /// leader, for the other tabs.
    Ephemeral { document: DocumentId, data: Vec<u8>, outgoing: bool },
}

/// One tab's side of the leadership.
#[derive(Debug, Default)]
pub struct Leadership {
    leader: bool,
    /// Follower: the leader's last status.
    leader_status: Option<LeaderStatus>,
    /// Leader: per follower, the last announcement merged.
    merged: HashMap<String, f64>,
    /// This tab's last announcement number, and the one that carried its latest own change.
    seq: f64,
    needed_seq: f64,
    /// Leader: the status last posted (nothing is posted twice).
    last_post: Option<LeaderStatus>,
}

impl Leadership {
    pub fn is_leader(&self) -> bool {
        self.leader
    }

    /// This tab now holds the lock: it leads from now on.
    pub fn became_leader(&mut self) {
        self.leader = true;
        self.leader_status = None;
    }

    /// This tab saved chunks; `own_pending` says whether changes made here are among the
    /// ones the server has not confirmed. Returns the announcement's number.
    pub fn saved(&mut self, own_pending: bool) -> f64 {
        self.seq += 1.0;
        if own_pending {
            self.needed_seq = self.seq;
        }
        self.seq
    }

    /// Leader: the announcement `seq` of tab `from` has been merged.
    pub fn merged_from(&mut self, from: String, seq: f64) {
        if self.leader {
            let e = self.merged.entry(from).or_insert(0.0);
            *e = e.max(seq);
        }
    }

    /// Follower: the leader's status arrived. Whether it matters to this tab.
    pub fn leader_said(&mut self, status: LeaderStatus) -> bool {
        if self.leader {
            return false;
        }
        self.leader_status = Some(status);
        true
    }

    /// A new tab said hello: the leader posts its status again.
    pub fn hello(&mut self) -> bool {
        if self.leader {
            self.last_post = None;
        }
        self.leader
    }

    /// Leader: the status to post, built from its engine's `summary`, unless it was posted
    /// already.
    pub fn status_to_post(&mut self, summary: &SyncSummary, connecting: bool, last_synced: Option<f64>) -> Option<LeaderStatus> {
        if !self.leader {
            return None;
        }
        let status = LeaderStatus {
            connected: summary.connected,
            connecting,
            all_on_server: summary.all_on_server(),
            last_synced,
            merged: self.merged.clone(),
        };
        if self.last_post.as_ref() == Some(&status) {
            return None;
        }
        self.last_post = Some(status.clone());
        Some(status)
    }

    /// The leader's last sync time, as a follower knows it.
    pub fn leader_last_synced(&self) -> Option<f64> {
        self.leader_status.as_ref().and_then(|l| l.last_synced)
    }

    /// A follower's view: the leader's connection, and whether the leader has merged this
    /// tab's changes (`me`) and the server confirmed them. `own` is this tab's engine
    /// summary, `pending_changes` its changes not yet confirmed.
    pub fn follower_view(&self, me: &str, own: SyncSummary, pending_changes: usize) -> (SyncSummary, ConnectionPhase) {
        let Some(ls) = self.leader_status.as_ref() else {
            let summary = SyncSummary { connected: false, ..own };
            return (summary, ConnectionPhase::Connecting);
        };
        let merged = ls.merged.get(me).copied().unwrap_or(0.0);
        let confirmed = ls.all_on_server && merged >= self.needed_seq;
        let mine_pending = pending_changes > 0 || own.unsaved_on_device > 0;
        let summary = SyncSummary {
            documents: own.documents,
            unsaved_on_device: own.unsaved_on_device,
            not_on_server: usize::from((!confirmed && mine_pending) || !ls.all_on_server),
            connected: ls.connected,
        };
        let phase = if ls.connected {
            ConnectionPhase::Connected
        } else if ls.connecting {
            ConnectionPhase::Connecting
        } else {
            ConnectionPhase::Disconnected
        };
        (summary, phase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_server(connected: bool) -> SyncSummary {
        SyncSummary { documents: 1, unsaved_on_device: 0, not_on_server: 0, connected }
    }

    #[test]
    fn a_follower_is_confirmed_only_once_the_leader_merged_its_change() {
        let mut follower = Leadership::default();
        let (s, phase) = follower.follower_view("b", on_server(false), 0);
        assert!(!s.connected);
        assert_eq!(phase, ConnectionPhase::Connecting, "no word from a leader yet");

        let seq = follower.saved(true);
        let mut status = LeaderStatus { connected: true, all_on_server: true, ..LeaderStatus::default() };
        assert!(follower.leader_said(status.clone()));
        let (s, phase) = follower.follower_view("b", on_server(false), 1);
        assert_eq!(phase, ConnectionPhase::Connected);
        assert!(!s.all_on_server(), "the leader has not merged this tab's change");

        status.merged.insert("b".into(), seq);
        follower.leader_said(status);
        let (s, _) = follower.follower_view("b", on_server(false), 1);
        assert!(s.all_on_server());
    }

    #[test]
    fn the_leader_posts_each_status_once_and_again_after_hello() {
        let mut tab = Leadership::default();
        assert_eq!(tab.status_to_post(&on_server(true), false, None), None, "a follower posts nothing");
        tab.became_leader();
        assert!(tab.status_to_post(&on_server(true), false, None).is_some());
        assert_eq!(tab.status_to_post(&on_server(true), false, None), None, "unchanged");
        tab.merged_from("b".into(), 3.0);
        tab.merged_from("b".into(), 2.0);
        let posted = tab.status_to_post(&on_server(true), false, None).unwrap();
        assert_eq!(posted.merged.get("b"), Some(&3.0), "the highest announcement merged");
        assert!(tab.hello());
        assert!(tab.status_to_post(&on_server(true), false, None).is_some(), "posted again for the new tab");
        assert!(!tab.leader_said(LeaderStatus::default()), "a leader ignores other statuses");
    }
}
