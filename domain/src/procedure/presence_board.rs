//! [`PresenceBoard`]: the receiving side of presence, a plain state machine. It keeps, per
//! other session, what it last said and when, and answers "who is editing this section?".

use std::collections::BTreeMap;

use super::presence::{PresenceIdentity, PresenceMessage, PresenceState, PRESENCE_EXPIRY_MS};
use crate::ItemId;

/// Someone editing a section, as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub person: String,
    pub name: String,
    pub organisation: String,
}

impl Editor {
    /// "Priya Shah (Leicestershire Police)", or the name alone.
    pub fn label(&self) -> String {
        if self.organisation.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.organisation)
        }
    }
}

/// What a message did to the board.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heard {
    /// Who is editing what changed.
    pub changed: bool,
    /// A page just opened: this session should say what it is editing now.
    pub answer: bool,
}

#[derive(Debug, Clone)]
struct Seen {
    who: PresenceIdentity,
    section: Option<ItemId>,
    seq: u64,
    at_ms: f64,
}

/// Other sessions' presence on one procedure.
#[derive(Debug, Clone)]
pub struct PresenceBoard {
    /// The signed-in person: their own sessions (other tabs) are not shown.
    me: String,
    sessions: BTreeMap<String, Seen>,
}

impl PresenceBoard {
    pub fn new(me: &str) -> Self {
        Self { me: me.to_owned(), sessions: BTreeMap::new() }
    }

    /// A message arrived at `now_ms`.
    pub fn receive(&mut self, message: PresenceMessage, now_ms: f64) -> Heard {
        if message.who.person == self.me {
            return Heard::default();
        }
        let before = self.sessions.get(&message.session).and_then(|s| s.section);
        if self.sessions.get(&message.session).is_some_and(|s| message.seq <= s.seq) {
            return Heard::default();
        }
        let PresenceMessage { session, who, state, seq } = message;
        let section = match state {
            PresenceState::Left => {
                self.sessions.remove(&session);
                return Heard { changed: before.is_some(), answer: false };
            }
            PresenceState::Editing(s) => Some(s),
            PresenceState::Hello | PresenceState::Idle => None,
        };
        let changed = before != section;
        self.sessions.insert(session, Seen { who, section, seq, at_ms: now_ms });
        Heard { changed, answer: state == PresenceState::Hello }
    }

    /// Forgets sessions not heard from for [`PRESENCE_EXPIRY_MS`]. Whether who is editing
    /// what changed.
    pub fn expire(&mut self, now_ms: f64) -> bool {
        let mut changed = false;
        self.sessions.retain(|_, s| {
            let keep = now_ms - s.at_ms < PRESENCE_EXPIRY_MS;
            changed |= !keep && s.section.is_some();
            keep
        });
        changed
    }

    /// Everyone else editing `section` (each person once, by name).
    pub fn editors_in(&self, section: ItemId) -> Vec<Editor> {
        self.editing().remove(&section).unwrap_or_default()
    }

    /// Per section, everyone else editing it (each person once per section, by name).
    pub fn editing(&self) -> BTreeMap<ItemId, Vec<Editor>> {
        let mut out: BTreeMap<ItemId, Vec<Editor>> = BTreeMap::new();
        for seen in self.sessions.values() {
            let Some(section) = seen.section else { continue };
            let editors = out.entry(section).or_default();
            if !editors.iter().any(|e| e.person == seen.who.person) {
                editors.push(Editor { person: seen.who.person.clone(), name: seen.who.name.clone(), organisation: seen.who.organisation.clone() });
            }
        }
        for editors in out.values_mut() {
            editors.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.person.cmp(&b.person)));
        }
        out
    }
}

/// "Priya Shah (Leicestershire Police) is editing this section", "A and B are editing
/// this section", "A, B and C are …"; `None` when nobody is.
pub fn editing_sentence(editors: &[Editor]) -> Option<String> {
    let labels: Vec<String> = editors.iter().map(Editor::label).collect();
    let (verb, who) = match labels.as_slice() {
        [] => return None,
        [one] => ("is", one.clone()),
        [init @ .., last] => ("are", format!("{} and {last}", init.join(", "))),
    };
    Some(format!("{who} {verb} editing this section"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(session: &str, person: &str, name: &str, state: PresenceState, seq: u64) -> PresenceMessage {
        PresenceMessage {
            session: session.into(),
            who: PresenceIdentity { person: person.into(), name: name.into(), organisation: "Leicestershire Police".into() },
            state,
            seq,
        }
    }

    fn names(board: &PresenceBoard, section: ItemId) -> Vec<String> {
        board.editors_in(section).into_iter().map(|e| e.name).collect()
    }

    #[test]
    fn an_editor_shows_until_they_leave() {
        let x = ItemId::random();
        let mut board = PresenceBoard::new("me");
        let heard = board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Editing(x), 1), 0.0);
        assert_eq!(heard, Heard { changed: true, answer: false });
        assert_eq!(names(&board, x), ["Priya Shah"]);
        assert_eq!(board.editors_in(ItemId::random()), [], "only in that section");
        assert!(board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Left, 2), 1000.0).changed);
        assert_eq!(names(&board, x), Vec::<String>::new());
    }

    #[test]
    fn idle_and_moving_to_another_section() {
        let (x, y) = (ItemId::random(), ItemId::random());
        let mut board = PresenceBoard::new("me");
        board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Editing(x), 1), 0.0);
        assert!(board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Editing(y), 2), 10.0).changed);
        assert!(board.editors_in(x).is_empty());
        assert_eq!(names(&board, y), ["Priya Shah"]);
        assert!(board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Idle, 3), 20.0).changed);
        assert!(board.editing().is_empty());
    }

    #[test]
    fn a_silent_session_expires_and_a_refresh_keeps_it() {
        let x = ItemId::random();
        let mut board = PresenceBoard::new("me");
        board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Editing(x), 1), 0.0);
        board.receive(msg("s2", "sam", "Sam Okafor", PresenceState::Editing(x), 1), 0.0);
        // Priya's page refreshes; Sam's goes quiet.
        let refresh = board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Editing(x), 2), 12_000.0);
        assert!(!refresh.changed, "a refresh changes nothing shown");
        assert!(!board.expire(29_999.0), "nobody is forgotten before 30 s");
        assert_eq!(names(&board, x), ["Priya Shah", "Sam Okafor"]);
        assert!(board.expire(30_000.0), "Sam was last heard 30 s ago");
        assert_eq!(names(&board, x), ["Priya Shah"]);
        assert!(!board.expire(41_999.0));
        assert!(board.expire(42_000.0));
        assert!(board.editing().is_empty());
    }

    #[test]
    fn own_sessions_and_stale_messages_are_ignored() {
        let x = ItemId::random();
        let mut board = PresenceBoard::new("me");
        assert_eq!(board.receive(msg("other-tab", "me", "Me", PresenceState::Editing(x), 1), 0.0), Heard::default());
        assert!(board.editing().is_empty(), "my own other tab is not shown to me");

        board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Editing(x), 5), 0.0);
        // A late "left" from before (seq 4) and a repeat of 5 change nothing.
        assert_eq!(board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Left, 4), 10.0), Heard::default());
        assert_eq!(board.receive(msg("s1", "priya", "Priya Shah", PresenceState::Idle, 5), 10.0), Heard::default());
        assert_eq!(names(&board, x), ["Priya Shah"]);
    }

    #[test]
    fn several_people_in_one_section_each_once() {
        let x = ItemId::random();
        let mut board = PresenceBoard::new("me");
        board.receive(msg("s1", "sam", "Sam Okafor", PresenceState::Editing(x), 1), 0.0);
        board.receive(msg("s2", "priya", "Priya Shah", PresenceState::Editing(x), 1), 0.0);
        // Priya in a second tab, same section: still one Priya.
        board.receive(msg("s3", "priya", "Priya Shah", PresenceState::Editing(x), 1), 0.0);
        board.receive(msg("s4", "alex", "Alex Brown", PresenceState::Editing(x), 1), 0.0);
        assert_eq!(names(&board, x), ["Alex Brown", "Priya Shah", "Sam Okafor"]);
        // One of Priya's tabs leaves; the other still edits.
        board.receive(msg("s2", "priya", "Priya Shah", PresenceState::Left, 2), 1.0);
        assert_eq!(names(&board, x), ["Alex Brown", "Priya Shah", "Sam Okafor"]);
        assert_eq!(
            editing_sentence(&board.editors_in(x)).unwrap(),
            "Alex Brown (Leicestershire Police), Priya Shah (Leicestershire Police) and Sam Okafor (Leicestershire Police) are editing this section"
        );
    }

    #[test]
    fn a_hello_asks_for_an_answer_and_shows_nothing() {
        let mut board = PresenceBoard::new("me");
        let heard = board.receive(msg("s9", "new", "New Person", PresenceState::Hello, 1), 0.0);
        assert_eq!(heard, Heard { changed: false, answer: true });
        assert!(board.editing().is_empty());
    }

    #[test]
    fn sentences_name_people_with_their_organisation() {
        let e = |name: &str, org: &str| Editor { person: name.into(), name: name.into(), organisation: org.into() };
        assert_eq!(editing_sentence(&[]), None);
        assert_eq!(
            editing_sentence(&[e("Priya Shah", "Leicestershire Police")]).unwrap(),
            "Priya Shah (Leicestershire Police) is editing this section"
        );
        assert_eq!(editing_sentence(&[e("A", ""), e("B", "LRSCP")]).unwrap(), "A and B (LRSCP) are editing this section");
    }
}
