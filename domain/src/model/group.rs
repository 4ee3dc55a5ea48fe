use autosurgeon::{Hydrate, Reconcile};

use super::{Date, Seat, TermsOfReference};
use crate::{DocumentId, PersonId, SeatId};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum GroupKind {
    Board,
    StrategicGroup,
    #[default]
    Subgroup,
    TaskAndFinishGroup,
    Panel,
    Forum,
    LocalCommittee,
    WorkingGroup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub enum ReportingCadence {
    EachMeeting,
    Quarterly,
    Biannual,
    Annual,
    /// "Reports as and when required" (no fixed cycle).
    AsRequired,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum GroupStatus {
    Proposed,
    #[default]
    Active,
    Dissolved,
}

/// An ordered list of the terms of reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermsList {
    Functions,
    StandingItems,
}

/// A partnership owning a group; a joint group has several.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Owner {
    #[key]
    pub partnership: DocumentId,
    /// The partnership's name as the server knew it when it became an owner (or last shared
    /// the group), so people who may not read that partnership still see who owns the group.
    /// Empty in documents written before owners were named.
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
}

impl Owner {
    pub fn new(partnership: DocumentId) -> Self {
        Self { partnership, name: String::new() }
    }

    pub fn named(partnership: DocumentId, name: &str) -> Self {
        Self { partnership, name: name.trim().to_owned() }
    }
}

/// One group's document: what it is, its terms of reference and its membership.
/// A joint group is one such document listed by every owning partnership.
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct GroupDoc {
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub kind: GroupKind,
    #[autosurgeon(missing = "Default::default")]
    pub owners: Vec<Owner>,
    /// The group document this one reports to.
    #[autosurgeon(missing = "Default::default")]
    pub reports_to: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub reporting_cadence: Option<ReportingCadence>,
    #[autosurgeon(missing = "Default::default")]
    pub status: GroupStatus,
    #[autosurgeon(missing = "Default::default")]
    pub established: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub dissolved: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub terms: TermsOfReference,
    #[autosurgeon(missing = "Default::default")]
    pub seats: Vec<Seat>,
    #[autosurgeon(missing = "Default::default")]
    pub versions: Vec<super::NamedVersion>,
    /// Reporting lines beyond `reports_to` (the structure chart draws the main one).
    #[autosurgeon(missing = "Default::default")]
    pub other_reporting_lines: Vec<super::ReportingLine>,
    /// "Replaces" / "run jointly as" another group.
    #[autosurgeon(missing = "Default::default")]
    pub relations: Vec<super::GroupRelation>,
    /// The body this group's work passes to (a group here, or a body outside Quorum).
    #[autosurgeon(missing = "Default::default")]
    pub transfers_to: Option<super::Transfer>,
    /// The group's meetings (one document each), oldest first.
    #[autosurgeon(missing = "Default::default")]
    pub meetings: Vec<crate::meeting::MeetingRef>,
    /// The group's decisions by written procedure between meetings (one document each),
    /// oldest first.
    #[autosurgeon(missing = "Default::default")]
    pub written: Vec<crate::meeting::WrittenRef>,
    /// The procedures manuals the group owns (a joint manual is listed here, so every
    /// owning partnership finds it, and sharing the group shares it).
    #[autosurgeon(missing = "Default::default")]
    pub manuals: Vec<DocumentId>,
    /// The case reviews whose action plans the group oversees (one document each), oldest first.
    #[autosurgeon(missing = "Default::default")]
    pub case_reviews: Vec<crate::meeting::CaseReviewRef>,
}

impl super::Versioned for GroupDoc {
    fn versions_mut(&mut self) -> &mut Vec<super::NamedVersion> {
        &mut self.versions
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error(transparent)]
    Name(#[from] super::PartnershipError),
    #[error("A group cannot report to itself")]
    ReportsToItself,
    #[error("A group needs at least one owning partnership")]
    NoOwner,
    #[error("That person already holds or deputises for this seat")]
    SamePersonTwice,
    #[error("Enter the seat's role, for example Head of Service")]
    EmptyRole,
    #[error("Enter the text of the item")]
    EmptyItem,
    #[error("There is no such item")]
    NoSuchItem,
    #[error("There is no such seat")]
    NoSuchSeat(SeatId),
    #[error("The group already reports to that group")]
    AlreadyReportsTo,
    #[error("A group cannot be related to itself")]
    RelatedToItself,
    #[error("That relation is already recorded")]
    AlreadyRelated,
    #[error("That person already holds this seat")]
    AlreadyHolds,
    #[error("That person does not hold this seat")]
    NotAHolder,
    #[error("A group cannot transfer to itself")]
    TransfersToItself,
}

impl GroupDoc {
    /// A new, active group owned by `owner`.
    pub fn new(name: &str, kind: GroupKind, owner: DocumentId) -> Result<Self, GroupError> {
        Ok(Self {
            name: super::partnership::clean_name(name)?,
            kind,
            owners: vec![Owner::new(owner)],
            ..Self::default()
        })
    }

    pub fn rename(&mut self, name: &str) -> Result<(), GroupError> {
        self.name = super::partnership::clean_name(name)?;
        Ok(())
    }

    /// Adds a seat at the end of the membership.
    pub fn add_seat(
        &mut self,
        role_title: &str,
        organisation: Option<crate::OrganisationId>,
        category: super::SeatCategory,
        voting: bool,
    ) -> Result<SeatId, GroupError> {
        if role_title.trim().is_empty() {
            return Err(GroupError::EmptyRole);
        }
        let seat = Seat::new(role_title, organisation, category, voting);
        let id = seat.id;
        self.seats.push(seat);
        Ok(id)
    }

    pub fn remove_seat(&mut self, seat: SeatId) -> Result<(), GroupError> {
        let before = self.seats.len();
        self.seats.retain(|s| s.id != seat);
        if self.seats.len() == before {
            return Err(GroupError::NoSuchSeat(seat));
        }
        Ok(())
    }

    fn list(&self, which: TermsList) -> &[super::ListItem] {
        match which {
            TermsList::Functions => &self.terms.functions,
            TermsList::StandingItems => &self.terms.standing_items,
        }
    }

    fn list_mut(&mut self, which: TermsList) -> &mut Vec<super::ListItem> {
        match which {
            TermsList::Functions => &mut self.terms.functions,
            TermsList::StandingItems => &mut self.terms.standing_items,
        }
    }

    /// Adds an item at the end of a list.
    pub fn add_list_item(&mut self, which: TermsList, text: &str) -> Result<crate::ItemId, GroupError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(GroupError::EmptyItem);
        }
        let item = super::ListItem::new(text);
        let id = item.id;
        self.list_mut(which).push(item);
        Ok(id)
    }

    pub fn remove_list_item(&mut self, which: TermsList, id: crate::ItemId) -> Result<(), GroupError> {
        let list = self.list_mut(which);
        let before = list.len();
        list.retain(|i| i.id != id);
        if list.len() == before {
            return Err(GroupError::NoSuchItem);
        }
        Ok(())
    }

    /// Moves an item one place up (keeping its id; see [`super::move_item`]).
    pub fn move_list_item_up(&mut self, which: TermsList, id: crate::ItemId) -> Result<(), GroupError> {
        let list = self.list_mut(which);
        let at = list.iter().position(|i| i.id == id).ok_or(GroupError::NoSuchItem)?;
        if at > 0 {
            super::move_item(list, at, at - 1);
        }
        Ok(())
    }

    /// Moves an item one place down (keeping its id).
    pub fn move_list_item_down(&mut self, which: TermsList, id: crate::ItemId) -> Result<(), GroupError> {
        let list = self.list_mut(which);
        let at = list.iter().position(|i| i.id == id).ok_or(GroupError::NoSuchItem)?;
        if at + 1 < list.len() {
            super::move_item(list, at, at + 1);
        }
        Ok(())
    }

    /// Changes an item's text to `typed`, begun on `base` (the item's text when the person
    /// started editing it): a change someone else made to the item meanwhile stays where it
    /// touches other words than this person's ([`crate::text::merge`]); where both changed
    /// the same words, `typed` is saved, as the person saw it.
    pub fn edit_list_item_from(&mut self, which: TermsList, id: crate::ItemId, base: &str, typed: &str) -> Result<(), GroupError> {
        let typed = typed.trim();
        let current = self.list(which).iter().find(|i| i.id == id).ok_or(GroupError::NoSuchItem)?.text.as_str();
        let text = if typed.is_empty() { None } else { crate::text::merge(base, typed, current) };
        let text = text.unwrap_or_else(|| typed.to_owned());
        self.edit_list_item(which, id, &text)
    }

    /// Changes an item's text in place, as a character diff, so a concurrent edit of the
    /// same item by someone else merges with this one.
    pub fn edit_list_item(&mut self, which: TermsList, id: crate::ItemId, text: &str) -> Result<(), GroupError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(GroupError::EmptyItem);
        }
        let item = self.list_mut(which).iter_mut().find(|i| i.id == id).ok_or(GroupError::NoSuchItem)?;
        if item.text.as_str() != text {
            item.text.update(text);
        }
        Ok(())
    }

    /// Adds an owning partnership (making the group joint), once.
    pub fn add_owner(&mut self, partnership: DocumentId) {
        if !self.owned_by(partnership) {
            self.owners.push(Owner::new(partnership));
        }
    }

    /// Records an owner's name (as the server knows it) for people who may not read that
    /// partnership; a name already recorded is only rewritten when it changed.
    pub fn name_owner(&mut self, partnership: DocumentId, name: &str) {
        let name = name.trim();
        if let Some(o) = self.owners.iter_mut().find(|o| o.partnership == partnership) {
            if !name.is_empty() && o.name != name {
                o.name = name.to_owned();
            }
        }
    }

    pub fn is_joint(&self) -> bool {
        self.owners.len() > 1
    }

    /// Lists a procedures manual the group owns, once.
    pub fn list_manual(&mut self, manual: DocumentId) {
        if !self.manuals.contains(&manual) {
            self.manuals.push(manual);
        }
    }

    /// The group's records owned like it, whose owners follow the group's when it is shared:
    /// its meetings, written resolutions and case reviews. (Its manuals, listed apart in
    /// `manuals`, follow too, with their procedures and comments.)
    pub fn records(&self) -> Vec<DocumentId> {
        self.meetings
            .iter()
            .map(|m| m.document)
            .chain(self.written.iter().map(|w| w.document))
            .chain(self.case_reviews.iter().map(|r| r.document))
            .collect()
    }

    pub fn owned_by(&self, partnership: DocumentId) -> bool {
        self.owners.iter().any(|o| o.partnership == partnership)
    }

    pub fn set_reports_to(&mut self, me: DocumentId, to: Option<DocumentId>) -> Result<(), GroupError> {
        if to == Some(me) {
            return Err(GroupError::ReportsToItself);
        }
        self.reports_to = to;
        Ok(())
    }

    pub fn remove_owner(&mut self, partnership: DocumentId) -> Result<(), GroupError> {
        if self.owners.len() <= 1 && self.owned_by(partnership) {
            return Err(GroupError::NoOwner);
        }
        self.owners.retain(|o| o.partnership != partnership);
        Ok(())
    }

    pub fn appoint(&mut self, seat: SeatId, holder: Option<PersonId>, deputy: Option<PersonId>) -> Result<(), GroupError> {
        if holder.is_some() && holder == deputy {
            return Err(GroupError::SamePersonTwice);
        }
        let seat = self.seats.iter_mut().find(|s| s.id == seat).ok_or(GroupError::NoSuchSeat(seat))?;
        seat.holder = holder;
        seat.deputy = deputy;
        Ok(())
    }

    /// Appoints `person` to a seat as well as whoever holds it: on a shared seat they join
    /// the holders; on a single seat they become the holder.
    pub fn add_holder(&mut self, seat: SeatId, person: PersonId, appointed: Option<super::Date>) -> Result<(), GroupError> {
        let seat = self.seats.iter_mut().find(|s| s.id == seat).ok_or(GroupError::NoSuchSeat(seat))?;
        if seat.is_held_by(person) {
            return Err(GroupError::AlreadyHolds);
        }
        match seat.holding {
            super::SeatHolding::Single => seat.holder = Some(person),
            super::SeatHolding::Shared => seat.holders.push(super::SeatHolder { person, appointed }),
        }
        if seat.deputy == Some(person) {
            seat.deputy = None;
        }
        Ok(())
    }

    /// Ends `person`'s appointment to a seat (the others sharing it keep theirs).
    pub fn remove_holder(&mut self, seat: SeatId, person: PersonId) -> Result<(), GroupError> {
        let seat = self.seats.iter_mut().find(|s| s.id == seat).ok_or(GroupError::NoSuchSeat(seat))?;
        if !seat.is_held_by(person) {
            return Err(GroupError::NotAHolder);
        }
        if seat.holder == Some(person) {
            seat.holder = None;
        }
        seat.holders.retain(|h| h.person != person);
        Ok(())
    }

    /// Repairs what concurrent edits can break, after every merge: a seat listed twice
    /// (concurrent moves) appears once; each seat is made consistent ([`Seat::repair`]: a
    /// single seat has one holder, a shared seat keeps everyone appointed to it, a holder
    /// is never also the deputy); owners are listed once. Returns whether anything changed.
    pub fn repair(&mut self) -> bool {
        let before = self.clone();
        let mut seen = Vec::new();
        self.seats.retain(|s| {
            let new = !seen.contains(&s.id);
            seen.push(s.id);
            new
        });
        for seat in &mut self.seats {
            seat.repair();
        }
        let mut lines = Vec::new();
        let main = self.reports_to;
        self.other_reporting_lines.retain(|l| {
            let new = !lines.contains(&l.to) && Some(l.to) != main;
            lines.push(l.to);
            new
        });
        let mut meetings = Vec::new();
        self.meetings.retain(|m| {
            let new = !meetings.contains(&m.document);
            meetings.push(m.document);
            new
        });
        self.meetings.sort_by_key(|m| (m.date, m.document.to_string()));
        let mut written = Vec::new();
        self.written.retain(|w| {
            let new = !written.contains(&w.document);
            written.push(w.document);
            new
        });
        let mut owners = Vec::new();
        self.owners.retain(|o| {
            let new = !owners.contains(&o.partnership);
            owners.push(o.partnership);
            new
        });
        *self != before
    }
}

/// Groups whose reporting line runs in a loop (possible after concurrent edits to
/// different group documents), given each group's `reports_to`.
pub fn reporting_loops(lines: &[(DocumentId, Option<DocumentId>)]) -> Vec<DocumentId> {
    let next = |g: DocumentId| lines.iter().find(|(id, _)| *id == g).and_then(|(_, to)| *to);
    let mut in_loop = Vec::new();
    for (start, _) in lines {
        let mut at = *start;
        for _ in 0..=lines.len() {
            match next(at) {
                Some(n) if n == *start => {
                    in_loop.push(*start);
                    break;
                }
                Some(n) => at = n,
                None => break,
            }
        }
    }
    in_loop
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SeatCategory;

    #[test]
    fn functions_and_standing_items_are_added_moved_and_removed_by_id() {
        let mut g = GroupDoc::new("Panel", GroupKind::Panel, DocumentId::random()).unwrap();
        assert_eq!(g.add_list_item(TermsList::Functions, " "), Err(GroupError::EmptyItem));
        let a = g.add_list_item(TermsList::Functions, "Review procedures").unwrap();
        let b = g.add_list_item(TermsList::Functions, "Sign off procedures").unwrap();
        g.add_list_item(TermsList::StandingItems, "Minutes").unwrap();
        g.move_list_item_up(TermsList::Functions, b).unwrap();
        let ids: Vec<_> = g.terms.functions.iter().map(|i| i.id).collect();
        assert_eq!(ids, [b, a]);
        g.move_list_item_down(TermsList::Functions, b).unwrap();
        g.move_list_item_down(TermsList::Functions, b).unwrap();
        assert_eq!(g.terms.functions.iter().map(|i| i.id).collect::<Vec<_>>(), [a, b]);
        g.move_list_item_up(TermsList::Functions, b).unwrap();
        g.edit_list_item(TermsList::Functions, a, " Review all procedures ").unwrap();
        assert_eq!(g.terms.functions[1].text.as_str(), "Review all procedures");
        assert_eq!(g.edit_list_item(TermsList::Functions, a, " "), Err(GroupError::EmptyItem));
        g.remove_list_item(TermsList::Functions, a).unwrap();
        assert_eq!(g.remove_list_item(TermsList::StandingItems, a), Err(GroupError::NoSuchItem));
        assert_eq!((g.terms.functions.len(), g.terms.standing_items.len()), (1, 1));
    }

    #[test]
    fn an_item_edited_while_another_device_changed_it_keeps_both_changes() {
        let mut g = GroupDoc::new("Panel", GroupKind::Panel, DocumentId::random()).unwrap();
        let a = g.add_list_item(TermsList::Functions, "Review procedures. Sign them off.").unwrap();
        let base = g.terms.functions[0].text.as_str().to_owned();
        // Another device's edit arrives while this person is typing theirs.
        g.edit_list_item(TermsList::Functions, a, "Review multi-agency procedures. Sign them off.").unwrap();
        g.edit_list_item_from(TermsList::Functions, a, &base, " Review procedures. Sign them off together. ").unwrap();
        assert_eq!(g.terms.functions[0].text.as_str(), "Review multi-agency procedures. Sign them off together.");
        // The same words changed on both: what this person typed is saved.
        let base = g.terms.functions[0].text.as_str().to_owned();
        g.edit_list_item(TermsList::Functions, a, "Review multi-agency procedures. Approve them together.").unwrap();
        g.edit_list_item_from(TermsList::Functions, a, &base, "Review multi-agency procedures. Publish them together.").unwrap();
        assert_eq!(g.terms.functions[0].text.as_str(), "Review multi-agency procedures. Publish them together.");
        assert_eq!(g.edit_list_item_from(TermsList::Functions, a, &base, " "), Err(GroupError::EmptyItem));
        assert_eq!(g.edit_list_item_from(TermsList::StandingItems, a, &base, "x"), Err(GroupError::NoSuchItem));
    }

    #[test]
    fn seats_are_added_with_a_role_and_removed_by_id() {
        let mut g = GroupDoc::new("Panel", GroupKind::Panel, DocumentId::random()).unwrap();
        assert_eq!(g.add_seat("  ", None, SeatCategory::Core, true), Err(GroupError::EmptyRole));
        let id = g.add_seat("Head of Service", None, SeatCategory::Virtual, false).unwrap();
        assert_eq!(g.seats.len(), 1);
        g.remove_seat(id).unwrap();
        assert_eq!(g.remove_seat(id), Err(GroupError::NoSuchSeat(id)));
        for c in SeatCategory::ALL {
            assert_eq!(SeatCategory::from_token(c.token()), Some(c));
        }
    }
}
