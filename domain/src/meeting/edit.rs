//! The business office's edits of a meeting: its agenda items (add, change, move, remove),
//! the actions that come out of them, and papers. Each checks what it is given and changes
//! nothing when a rule is broken.

use super::{Action, ActionStatus, AgendaItem, Declaration, MeetingDoc, MeetingError, MeetingStatus, Paper, Purpose, Time};
use crate::{
    model::{rebased, Date, Rebase},
    ItemId, SeatId,
};

/// An agenda item as a form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub title: String,
    pub lead: String,
    pub purpose: Purpose,
    pub minutes: Option<u32>,
}

impl ItemDraft {
    /// The draft of an item as it is, to compare a changed one with.
    pub fn of(item: &AgendaItem) -> Self {
        Self { title: item.title.clone(), lead: item.lead.clone(), purpose: item.purpose, minutes: item.minutes }
    }
}

impl Rebase for ItemDraft {
    /// This draft (from a form opened on the item as `base`) on top of `current`, the item
    /// as it is now: each field changed since `base` keeps the person's value; every other
    /// field takes the item's current one, so saving never writes back one changed on
    /// another device meanwhile (see [`crate::model::GroupForm::rebase`]).
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(ItemDraft { title, lead, purpose, minutes }, self, base, current)
    }
}

/// The meeting's details, as the "Change the meeting's details" form checked them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsDraft {
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub venue: String,
    pub online_link: String,
    pub status: MeetingStatus,
}

impl DetailsDraft {
    /// The meeting's details as they are, to compare a changed draft with (`None` for a
    /// meeting with no date yet).
    pub fn of(m: &MeetingDoc) -> Option<Self> {
        Some(Self { date: m.date?, start: m.start, end: m.end, venue: m.venue.clone(), online_link: m.online_link.clone(), status: m.status })
    }
}

impl Rebase for DetailsDraft {
    /// This draft (from a form opened on the meeting as `base`) on top of `current`, the
    /// meeting's details as they are now: only the fields changed since `base` keep the
    /// person's value (as [`ItemDraft::rebase`]).
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(DetailsDraft { date, start, end, venue, online_link, status }, self, base, current)
    }
}

impl MeetingDoc {
    /// Writes the meeting's date, times, venue, online link and status.
    pub fn set_details(&mut self, d: &DetailsDraft) {
        self.date = Some(d.date);
        self.start = d.start;
        self.end = d.end;
        d.venue.trim().clone_into(&mut self.venue);
        d.online_link.trim().clone_into(&mut self.online_link);
        self.status = d.status;
    }

    fn item_mut(&mut self, id: ItemId) -> Result<&mut AgendaItem, MeetingError> {
        self.agenda.iter_mut().find(|i| i.id == id).ok_or(MeetingError::NoSuchItem)
    }

    /// Adds an item at the end of the agenda (`item` `None`) or changes item `item`.
    pub fn save_item(&mut self, item: Option<ItemId>, draft: &ItemDraft) -> Result<ItemId, MeetingError> {
        let title = draft.title.trim();
        if title.is_empty() {
            return Err(MeetingError::NoTitle);
        }
        let target = match item {
            Some(id) => self.item_mut(id)?,
            None => {
                self.agenda.push(AgendaItem::new(title, draft.purpose));
                self.agenda.last_mut().expect("just pushed")
            }
        };
        title.clone_into(&mut target.title);
        draft.lead.trim().clone_into(&mut target.lead);
        target.purpose = draft.purpose;
        target.minutes = draft.minutes;
        Ok(target.id)
    }

    /// Moves an item one place up (towards the start) or down.
    pub fn move_item(&mut self, item: ItemId, up: bool) -> Result<(), MeetingError> {
        let at = self.agenda.iter().position(|i| i.id == item).ok_or(MeetingError::NoSuchItem)?;
        let to = if up { at.checked_sub(1) } else { Some(at + 1).filter(|&t| t < self.agenda.len()) };
        if let Some(to) = to {
            self.agenda.swap(at, to);
        }
        Ok(())
    }

    /// Removes an item that has no decision recorded on it (a decision stays with its item).
    pub fn remove_item(&mut self, item: ItemId) -> Result<(), MeetingError> {
        if !self.agenda.iter().any(|i| i.id == item) {
            return Err(MeetingError::NoSuchItem);
        }
        if self.decisions.iter().any(|d| d.item == item) {
            return Err(MeetingError::ItemHasDecisions);
        }
        self.agenda.retain(|i| i.id != item);
        for a in self.actions.iter_mut().filter(|a| a.item == Some(item)) {
            a.item = None;
        }
        Ok(())
    }

    /// Adds an action from `item` (if any), owned by a person or organisation.
    pub fn add_action(&mut self, item: Option<ItemId>, description: &str, owner: &str, due: Option<Date>) -> Result<ItemId, MeetingError> {
        if let Some(i) = item {
            self.item_mut(i)?;
        }
        if description.trim().is_empty() {
            return Err(MeetingError::NoDescription);
        }
        if owner.trim().is_empty() {
            return Err(MeetingError::NoOwner);
        }
        let mut action = Action::new(description, owner, due);
        action.item = item;
        let id = action.id;
        self.actions.push(action);
        Ok(id)
    }

    /// Records that `action` arises from `decision`, a decision on the action's own item
    /// (an action from a decision answers it: the minutes and the log say so).
    pub fn link_action_to_decision(&mut self, action: ItemId, decision: ItemId) -> Result<(), MeetingError> {
        let item = self.actions.iter().find(|a| a.id == action).ok_or(MeetingError::NoSuchAction)?.item;
        if !self.decisions.iter().any(|d| d.id == decision && Some(d.item) == item) {
            return Err(MeetingError::NoSuchDecision);
        }
        if let Some(a) = self.actions.iter_mut().find(|a| a.id == action) {
            a.decision = Some(decision);
        }
        Ok(())
    }

    /// Sets an action's status (done, dropped, or open again).
    pub fn set_action_status(&mut self, action: ItemId, status: ActionStatus) -> Result<(), MeetingError> {
        let a = self.actions.iter_mut().find(|a| a.id == action).ok_or(MeetingError::NoSuchAction)?;
        a.status = status;
        Ok(())
    }

    /// Records a member's declaration of interest on `item` (or the whole agenda); when the
    /// chair excludes them, their seat loses its vote on it and leaves its quorum.
    pub fn declare_interest(&mut self, seat: SeatId, item: Option<ItemId>, interest: &str, excluded: bool) -> Result<ItemId, MeetingError> {
        if let Some(i) = item {
            self.item_mut(i)?;
        }
        let interest = interest.trim();
        if interest.is_empty() {
            return Err(MeetingError::NoInterest);
        }
        let id = ItemId::random();
        self.declarations.push(Declaration { id, seat, item, interest: interest.to_owned(), excluded });
        Ok(id)
    }

    /// Attaches a paper (already stored by the server) to an item.
    pub fn add_paper(&mut self, item: ItemId, paper: Paper) -> Result<(), MeetingError> {
        let target = self.item_mut(item)?;
        if !target.papers.iter().any(|p| p.blob == paper.blob) {
            target.papers.push(paper);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TermsOfReference;

    fn meeting() -> MeetingDoc {
        MeetingDoc::new(crate::DocumentId::random(), "2027-03-01".parse().unwrap(), &TermsOfReference::default())
    }

    fn draft(title: &str) -> ItemDraft {
        ItemDraft { title: title.into(), lead: " Chair ".into(), purpose: Purpose::Decision, minutes: Some(15) }
    }

    #[test]
    fn the_business_office_builds_the_agenda() {
        let mut m = meeting();
        let n = m.agenda.len();
        assert_eq!(m.save_item(None, &draft("  ")), Err(MeetingError::NoTitle));
        let id = m.save_item(None, &draft(" Escalation policy ")).unwrap();
        let added = m.agenda.last().unwrap();
        assert_eq!((added.title.as_str(), added.lead.as_str(), added.purpose, added.minutes, added.standing), ("Escalation policy", "Chair", Purpose::Decision, Some(15), false));
        m.save_item(Some(id), &ItemDraft { title: "Escalation".into(), lead: "".into(), purpose: Purpose::Discussion, minutes: None }).unwrap();
        assert_eq!(m.agenda[n].title, "Escalation");
        m.move_item(id, true).unwrap();
        assert_eq!(m.agenda[n - 1].id, id);
        m.move_item(m.agenda[0].id, true).unwrap();
        let last = m.agenda.last().unwrap().id;
        m.move_item(last, false).unwrap();
        assert_eq!(m.agenda.last().unwrap().id, last, "the last item stays last");
        m.remove_item(id).unwrap();
        assert_eq!(m.agenda.len(), n);
        assert_eq!(m.remove_item(id), Err(MeetingError::NoSuchItem));
    }

    #[test]
    fn changing_an_item_keeps_what_others_changed_while_the_form_was_open() {
        let mut m = meeting();
        let id = m.save_item(None, &draft("Escalation policy")).unwrap();
        let item = |m: &MeetingDoc| ItemDraft::of(m.agenda.iter().find(|i| i.id == id).unwrap());
        let base = item(&m);
        // Another device gives the item more time and a new lead meanwhile.
        let mut theirs = m.clone();
        theirs.save_item(Some(id), &ItemDraft { minutes: Some(30), lead: "Vice chair".into(), ..base.clone() }).unwrap();
        // This person changes only the purpose.
        let mine = ItemDraft { purpose: Purpose::Discussion, ..base.clone() };
        let mut saved = theirs.clone();
        saved.save_item(Some(id), &mine.rebase(&base, &item(&theirs))).unwrap();
        assert_eq!(item(&saved), ItemDraft { title: "Escalation policy".into(), lead: "Vice chair".into(), purpose: Purpose::Discussion, minutes: Some(30) });
        // Without the rebase, the form's stale lead and time would have been written back.
        let mut stale = theirs.clone();
        stale.save_item(Some(id), &mine).unwrap();
        assert_eq!((item(&stale).lead.as_str(), item(&stale).minutes), ("Chair", Some(15)));
    }

    #[test]
    fn changing_the_details_keeps_what_others_changed_while_the_form_was_open() {
        let mut m = meeting();
        m.set_details(&DetailsDraft { date: Date::from_ymd(2027, 3, 1).unwrap(), start: "10:00".parse().ok(), end: None, venue: "City Hall".into(), online_link: String::new(), status: MeetingStatus::Scheduled });
        let base = DetailsDraft::of(&m).unwrap();
        // Another device adds the online link and marks the meeting held meanwhile.
        let mut theirs = m.clone();
        theirs.set_details(&DetailsDraft { online_link: "https://meet.example.org/abc".into(), status: MeetingStatus::Held, ..base.clone() });
        // This person changes only the venue.
        let mine = DetailsDraft { venue: "Room 2, City Hall".into(), ..base.clone() };
        let mut saved = theirs.clone();
        saved.set_details(&mine.rebase(&base, &DetailsDraft::of(&theirs).unwrap()));
        assert_eq!((saved.venue.as_str(), saved.online_link.as_str(), saved.status), ("Room 2, City Hall", "https://meet.example.org/abc", MeetingStatus::Held));
        // Without the rebase, the form's stale link and status would have been written back.
        let mut stale = theirs.clone();
        stale.set_details(&mine);
        assert_eq!((stale.online_link.as_str(), stale.status), ("", MeetingStatus::Scheduled));
    }

    #[test]
    fn actions_come_from_an_item_and_are_marked_done() {
        let mut m = meeting();
        let item = m.agenda[3].id;
        assert_eq!(m.add_action(Some(item), " ", "Police", None), Err(MeetingError::NoDescription));
        assert_eq!(m.add_action(Some(item), "Audit", "", None), Err(MeetingError::NoOwner));
        let a = m.add_action(Some(item), "Audit the escalations", "Police", "2027-04-01".parse().ok()).unwrap();
        assert_eq!(m.actions[0].item, Some(item));
        m.set_action_status(a, ActionStatus::Done).unwrap();
        assert!(!m.actions[0].status.is_open());
        assert_eq!(m.set_action_status(ItemId::random(), ActionStatus::Done), Err(MeetingError::NoSuchAction));
    }

    #[test]
    fn an_action_can_arise_from_a_decision_on_its_own_item() {
        use crate::{
            model::{GroupDoc, GroupKind},
            rules::{Ballot, Casting, Method},
        };
        let mut m = meeting();
        let g = GroupDoc::new("Board", GroupKind::Board, crate::DocumentId::random()).unwrap();
        let (item, other) = (m.agenda[3].id, m.agenda[2].id);
        let ballot = Ballot { method: Method::Consensus, entitled: 0, quorate: true, inquorate_fallback: None, chair_consents: Some(true), casting: Casting::NotCast, special_majority: None };
        let decision = m.record_decision(&g, item, "Adopt the escalation policy", ballot, 1).unwrap().id;
        let a = m.add_action(Some(item), "Publish the policy", "Business office", None).unwrap();
        let elsewhere = m.add_action(Some(other), "Audit", "Police", None).unwrap();
        assert_eq!(m.link_action_to_decision(elsewhere, decision), Err(MeetingError::NoSuchDecision), "a decision on another item");
        assert_eq!(m.link_action_to_decision(a, ItemId::random()), Err(MeetingError::NoSuchDecision));
        assert_eq!(m.link_action_to_decision(ItemId::random(), decision), Err(MeetingError::NoSuchAction));
        m.link_action_to_decision(a, decision).unwrap();
        assert_eq!(m.actions.iter().map(|x| x.decision).collect::<Vec<_>>(), [Some(decision), None]);
    }

    #[test]
    fn a_member_excluded_for_an_interest_leaves_that_item_only() {
        let mut m = meeting();
        let (item, other) = (m.agenda[2].id, m.agenda[3].id);
        let seat = SeatId::random();
        assert_eq!(m.declare_interest(seat, Some(item), " ", true), Err(MeetingError::NoInterest));
        m.declare_interest(seat, Some(item), "Employed by the provider", true).unwrap();
        assert_eq!(m.excluded_from(item), [seat]);
        assert!(m.excluded_from(other).is_empty());
    }
}
