//! [`PresenceBeacon`]: the sending side of presence, a plain state machine. The page tells it
//! what its person does (opened the page, focused a section, left it, closed the page) and
//! the time; it answers with the message to send, if any.

use super::presence::{PresenceIdentity, PresenceMessage, PresenceState, PRESENCE_REFRESH_MS};
use crate::ItemId;

/// One page's presence.
#[derive(Debug, Clone)]
pub struct PresenceBeacon {
    session: String,
    who: PresenceIdentity,
    seq: u64,
    editing: Option<ItemId>,
    /// When the current state was last sent (refreshes are due from it).
    last_sent_ms: f64,
    left: bool,
}

impl PresenceBeacon {
    /// The beacon of a page (`session`, random per page open) of `who`.
    pub fn new(session: &str, who: PresenceIdentity) -> Self {
        Self { session: session.to_owned(), who, seq: 0, editing: None, last_sent_ms: f64::NEG_INFINITY, left: false }
    }

    pub fn editing(&self) -> Option<ItemId> {
        self.editing
    }

    fn say(&mut self, state: PresenceState, now_ms: f64) -> Option<PresenceMessage> {
        if self.left {
            return None;
        }
        self.seq += 1;
        self.last_sent_ms = now_ms;
        Some(PresenceMessage { session: self.session.clone(), who: self.who.clone(), state, seq: self.seq })
    }

    /// The page opened: ask those editing to say so.
    pub fn hello(&mut self, now_ms: f64) -> Option<PresenceMessage> {
        self.say(PresenceState::Hello, now_ms)
    }

    /// Their person started editing `section` (a repeat while already on it says nothing).
    pub fn focus(&mut self, section: ItemId, now_ms: f64) -> Option<PresenceMessage> {
        if self.editing == Some(section) {
            return None;
        }
        self.editing = Some(section);
        self.say(PresenceState::Editing(section), now_ms)
    }

    /// Focus left `section`'s text. Nothing if they were not editing it (focus already moved
    /// on to another section).
    pub fn blur(&mut self, section: ItemId, now_ms: f64) -> Option<PresenceMessage> {
        if self.editing != Some(section) {
            return None;
        }
        self.editing = None;
        self.say(PresenceState::Idle, now_ms)
    }

    /// Time passed: while editing, the same state again every [`PRESENCE_REFRESH_MS`].
    pub fn tick(&mut self, now_ms: f64) -> Option<PresenceMessage> {
        let section = self.editing?;
        if now_ms - self.last_sent_ms < PRESENCE_REFRESH_MS {
            return None;
        }
        self.say(PresenceState::Editing(section), now_ms)
    }

    /// Another page said hello: say what this one is editing, if anything.
    pub fn answer(&mut self, now_ms: f64) -> Option<PresenceMessage> {
        let section = self.editing?;
        self.say(PresenceState::Editing(section), now_ms)
    }

    /// The page closes: "left", once; nothing after it.
    pub fn leave(&mut self, now_ms: f64) -> Option<PresenceMessage> {
        let m = self.say(PresenceState::Left, now_ms);
        self.left = true;
        self.editing = None;
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::{PresenceBoard, PRESENCE_EXPIRY_MS};

    fn beacon() -> PresenceBeacon {
        PresenceBeacon::new("s1", PresenceIdentity { person: "priya".into(), name: "Priya Shah".into(), organisation: "Leicestershire Police".into() })
    }

    fn state(m: Option<PresenceMessage>) -> Option<PresenceState> {
        m.map(|m| m.state)
    }

    #[test]
    fn focus_refresh_blur_and_leave() {
        let (x, y) = (ItemId::random(), ItemId::random());
        let mut b = beacon();
        assert_eq!(state(b.hello(0.0)), Some(PresenceState::Hello));
        assert_eq!(state(b.tick(50_000.0)), None, "nothing to refresh while editing nothing");
        assert_eq!(state(b.focus(x, 1_000.0)), Some(PresenceState::Editing(x)));
        assert_eq!(state(b.focus(x, 2_000.0)), None, "refocusing the same section says nothing");
        assert_eq!(state(b.tick(12_999.0)), None);
        assert_eq!(state(b.tick(13_000.0)), Some(PresenceState::Editing(x)), "refreshed 12 s after");
        assert_eq!(state(b.tick(14_000.0)), None);
        // Moving from x to y: the browser blurs x then focuses y.
        assert_eq!(state(b.blur(x, 15_000.0)), Some(PresenceState::Idle));
        assert_eq!(state(b.focus(y, 15_000.0)), Some(PresenceState::Editing(y)));
        assert_eq!(state(b.blur(x, 15_001.0)), None, "a late blur of x does not end editing y");
        assert_eq!(state(b.answer(16_000.0)), Some(PresenceState::Editing(y)));
        assert_eq!(state(b.leave(17_000.0)), Some(PresenceState::Left));
        assert_eq!(state(b.leave(17_001.0)), None);
        assert_eq!(state(b.focus(x, 17_002.0)), None, "nothing after leaving");
        assert_eq!(state(b.tick(90_000.0)), None);
    }

    #[test]
    fn sequence_numbers_increase() {
        let mut b = beacon();
        let x = ItemId::random();
        let seqs: Vec<u64> = [b.hello(0.0), b.focus(x, 1.0), b.blur(x, 2.0), b.leave(3.0)].into_iter().flatten().map(|m| m.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
    }

    #[test]
    fn refreshes_keep_a_receiver_showing_the_editor_and_silence_lets_it_go() {
        let x = ItemId::random();
        let mut sender = beacon();
        let mut board = PresenceBoard::new("sam");
        let mut now = 0.0;
        board.receive(sender.focus(x, now).unwrap(), now);
        // Two minutes of editing, checked every 3 s as the page does.
        while now < 120_000.0 {
            now += 3_000.0;
            if let Some(m) = sender.tick(now) {
                board.receive(m, now);
            }
            board.expire(now);
            assert_eq!(board.editors_in(x).len(), 1, "still shown at {now} ms");
        }
        // The page vanishes without a word (tab killed, connection lost).
        let last = now;
        while now - last < PRESENCE_EXPIRY_MS {
            now += 3_000.0;
            board.expire(now);
        }
        assert!(board.editors_in(x).is_empty(), "forgotten {} ms after its last message", now - last);
    }
}
