use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use super::{
    rule_for, Actor, Consultation, Consultee, Contact, Delegate, Link, Need, ProcedureError, Publication, Reviewer, Section,
    SignOff, Status, Transition,
};
use crate::{
    model::{Date, Owner},
    DocumentId, ItemId,
};

pub(super) const MAX_TITLE: usize = 200;

/// One procedure's document. Its owners are the partnerships owning its owner group (the
/// joint procedures sub group is owned by every partnership in it); they are listed here
/// too so sign-off rules and access need no other document.
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct ProcedureDoc {
    #[autosurgeon(missing = "Default::default")]
    pub title: String,
    #[autosurgeon(missing = "Default::default")]
    pub summary: String,
    /// The group document that owns the procedure (e.g. the joint procedures sub group).
    #[autosurgeon(missing = "Default::default")]
    pub owner_group: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub owners: Vec<Owner>,
    #[autosurgeon(missing = "Default::default")]
    pub lead_reviewer: Reviewer,
    /// Related guidance and legislation.
    #[autosurgeon(missing = "Default::default")]
    pub links: Vec<Link>,
    #[autosurgeon(missing = "Default::default")]
    pub contacts: Vec<Contact>,
    #[autosurgeon(missing = "Default::default")]
    pub review_date: Option<Date>,
    /// The sections by id (string form); their order is [`ProcedureDoc::order`].
    #[autosurgeon(missing = "Default::default")]
    pub sections: BTreeMap<String, Section>,
    #[autosurgeon(missing = "Default::default")]
    pub order: Vec<ItemId>,
    #[autosurgeon(missing = "Default::default")]
    pub status: Status,
    #[autosurgeon(missing = "Default::default")]
    pub transitions: Vec<Transition>,
    #[autosurgeon(missing = "Default::default")]
    pub consultation: Consultation,
    /// The procedure's comments document ([`super::ProcedureCommentsDoc`]).
    #[autosurgeon(missing = "Default::default")]
    pub comments: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub delegates: Vec<Delegate>,
    #[autosurgeon(missing = "Default::default")]
    pub sign_offs: Vec<SignOff>,
    #[autosurgeon(missing = "Default::default")]
    pub publications: Vec<Publication>,
    /// Versions of the working draft named by its editors ("Draft for consultation"), to
    /// compare against later.
    #[autosurgeon(missing = "Default::default")]
    pub versions: Vec<crate::model::NamedVersion>,
}

impl crate::model::Versioned for ProcedureDoc {
    fn versions_mut(&mut self) -> &mut Vec<crate::model::NamedVersion> {
        &mut self.versions
    }
}

fn clean_title(title: &str) -> Result<String, ProcedureError> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(ProcedureError::EmptyTitle);
    }
    if title.chars().count() > MAX_TITLE {
        return Err(ProcedureError::TitleTooLong);
    }
    Ok(title)
}

impl ProcedureDoc {
    /// A new procedure, identified for review, owned by `owners` (the owner group's owners).
    pub fn new(title: &str, owner_group: Option<DocumentId>, owners: &[DocumentId]) -> Result<Self, ProcedureError> {
        if owners.is_empty() {
            return Err(ProcedureError::NoOwner);
        }
        let mut p = Self { title: clean_title(title)?, owner_group, ..Self::default() };
        for o in owners {
            p.add_owner(*o);
        }
        Ok(p)
    }

    pub fn owner_ids(&self) -> Vec<DocumentId> {
        self.owners.iter().map(|o| o.partnership).collect()
    }

    pub fn owned_by(&self, partnership: DocumentId) -> bool {
        self.owners.iter().any(|o| o.partnership == partnership)
    }

    pub fn add_owner(&mut self, partnership: DocumentId) {
        if !self.owned_by(partnership) {
            self.owners.push(Owner::new(partnership));
        }
    }

    /// Makes the owners those of the owner group now (a partnership joined or left the
    /// group): sign-offs and named signatories of partnerships no longer owning go.
    pub fn set_owners(&mut self, owners: &[DocumentId]) -> Result<(), ProcedureError> {
        if owners.is_empty() {
            return Err(ProcedureError::NoOwner);
        }
        self.owners.retain(|o| owners.contains(&o.partnership));
        for o in owners {
            self.add_owner(*o);
        }
        self.sign_offs.retain(|s| owners.contains(&s.partnership));
        self.delegates.retain(|d| owners.contains(&d.partnership));
        Ok(())
    }

    pub fn set_title(&mut self, title: &str) -> Result<(), ProcedureError> {
        self.title = clean_title(title)?;
        Ok(())
    }

    pub fn set_summary(&mut self, summary: &str) {
        self.summary = summary.trim().to_owned();
    }

    pub fn set_lead_reviewer(&mut self, reviewer: Reviewer) {
        self.lead_reviewer = reviewer;
    }

    pub fn set_review_date(&mut self, date: Option<Date>) {
        self.review_date = date;
    }

    pub fn add_link(&mut self, link: Link) -> ItemId {
        let id = link.id;
        self.links.push(link);
        id
    }

    pub fn remove_link(&mut self, id: ItemId) -> Result<(), ProcedureError> {
        let before = self.links.len();
        self.links.retain(|l| l.id != id);
        if self.links.len() == before {
            return Err(ProcedureError::NoSuchItem);
        }
        Ok(())
    }

    pub fn add_contact(&mut self, contact: Contact) -> ItemId {
        let id = contact.id;
        self.contacts.push(contact);
        id
    }

    pub fn remove_contact(&mut self, id: ItemId) -> Result<(), ProcedureError> {
        let before = self.contacts.len();
        self.contacts.retain(|c| c.id != id);
        if self.contacts.len() == before {
            return Err(ProcedureError::NoSuchItem);
        }
        Ok(())
    }

    // --- Sections -----------------------------------------------------------------------

    /// The sections a reader sees, in order.
    pub fn visible_sections(&self) -> Vec<&Section> {
        self.order.iter().filter_map(|id| self.sections.get(&id.to_string())).filter(|s| !s.removed).collect()
    }

    pub fn section(&self, id: ItemId) -> Option<&Section> {
        self.sections.get(&id.to_string())
    }

    /// Adds a section after `after` (or at the end).
    pub fn add_section(&mut self, heading: &str, text: &str, after: Option<ItemId>) -> Result<ItemId, ProcedureError> {
        if heading.trim().is_empty() {
            return Err(ProcedureError::EmptyHeading);
        }
        let section = Section::new(heading, text);
        let id = section.id;
        self.sections.insert(id.to_string(), section);
        let at = after.and_then(|a| self.order.iter().position(|o| *o == a)).map_or(self.order.len(), |i| i + 1);
        self.order.insert(at, id);
        Ok(id)
    }

    pub fn rename_section(&mut self, id: ItemId, heading: &str) -> Result<(), ProcedureError> {
        let heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
        if heading.is_empty() {
            return Err(ProcedureError::EmptyHeading);
        }
        let s = self.sections.get_mut(&id.to_string()).ok_or(ProcedureError::NoSuchSection)?;
        s.heading = heading;
        Ok(())
    }

    /// Removes a section from the body. Its text is kept (marked removed) so a concurrent
    /// edit is not lost and [`ProcedureDoc::restore_section`] can bring it back.
    pub fn remove_section(&mut self, id: ItemId) -> Result<(), ProcedureError> {
        let s = self.sections.get_mut(&id.to_string()).ok_or(ProcedureError::NoSuchSection)?;
        s.removed = true;
        self.order.retain(|o| *o != id);
        Ok(())
    }

    /// Brings a removed section back at the end.
    pub fn restore_section(&mut self, id: ItemId) -> Result<(), ProcedureError> {
        let s = self.sections.get_mut(&id.to_string()).ok_or(ProcedureError::NoSuchSection)?;
        s.removed = false;
        if !self.order.contains(&id) {
            self.order.push(id);
        }
        Ok(())
    }

    /// Moves a section to `to` (an index among the visible sections). Only the order list
    /// changes; the section's text object stays where it is.
    pub fn move_section(&mut self, id: ItemId, to: usize) -> Result<(), ProcedureError> {
        let from = self.order.iter().position(|o| *o == id).ok_or(ProcedureError::NoSuchSection)?;
        let id = self.order.remove(from);
        let to = to.min(self.order.len());
        self.order.insert(to, id);
        Ok(())
    }

    // --- Lifecycle ----------------------------------------------------------------------

    /// The status on `today`: a published procedure past its review date is review due.
    pub fn status_on(&self, today: Date) -> Status {
        self.status.on(self.review_date, today)
    }

    /// Whether `actor` may move the procedure to `to` on `today`, by the table in
    /// [`rule_for`].
    pub fn may_move(&self, actor: &Actor, to: Status, today: Date) -> Result<(), ProcedureError> {
        let from = self.status_on(today);
        let need = rule_for(from, to).ok_or(ProcedureError::NoSuchTransition { from, to })?;
        let role = actor.best_role_in(self.owner_ids());
        match need {
            Need::OwnerEditor if role.is_some_and(|r| r.may_write()) => Ok(()),
            Need::OwnerEditor => Err(ProcedureError::NeedsOwnerEditor),
            Need::OwnerAdmin if role.is_some_and(|r| r.is_admin()) => Ok(()),
            Need::OwnerAdmin => Err(ProcedureError::NeedsOwnerAdmin),
            Need::SignOff | Need::Publication => Err(ProcedureError::NotByHand),
        }
    }

    /// Moves the procedure to `to`, recording who and when (`at`, seconds since the epoch).
    /// Going out for consultation needs a consultation set up ([`Self::open_consultation`]).
    pub fn move_to(&mut self, actor: &Actor, to: Status, today: Date, at: i64) -> Result<(), ProcedureError> {
        self.may_move(actor, to, today)?;
        if to == Status::Consultation {
            if self.consultation.closing.is_none_or(|c| c <= today) {
                return Err(ProcedureError::ClosingDateNotInFuture);
            }
            if self.consultation.consulted.is_empty() {
                return Err(ProcedureError::NobodyConsulted);
            }
            self.consultation.open = true;
        } else {
            self.consultation.open = false;
        }
        self.transitions.push(Transition { from: self.status_on(today), to, by: actor.name.clone(), at });
        self.status = to;
        Ok(())
    }

    /// Puts the procedure out for consultation to `consulted` until `closing` (inclusive).
    pub fn open_consultation(
        &mut self,
        actor: &Actor,
        closing: Date,
        consulted: Vec<Consultee>,
        today: Date,
        at: i64,
    ) -> Result<(), ProcedureError> {
        self.may_move(actor, Status::Consultation, today)?;
        let before = self.consultation.clone();
        self.consultation = Consultation { open: false, closing: Some(closing), consulted, ..Consultation::default() };
        self.move_to(actor, Status::Consultation, today, at).inspect_err(|_| self.consultation = before)
    }

    /// Ends the open consultation on `today`, before its closing date: the people consulted
    /// can no longer comment (the server's grants end with it). The procedure stays out for
    /// consultation until an editor moves it on.
    pub fn end_consultation(&mut self, actor: &Actor, today: Date) -> Result<(), ProcedureError> {
        if !actor.best_role_in(self.owner_ids()).is_some_and(|r| r.may_write()) {
            return Err(ProcedureError::NeedsOwnerEditor);
        }
        if !self.consultation.is_open_on(today) {
            return Err(ProcedureError::ConsultationClosed);
        }
        self.consultation.open = false;
        self.consultation.ended_on = Some(today);
        Ok(())
    }

    /// Whether the account `email` may comment on `today`: a consulted person while the
    /// consultation is open (owners' members comment through their partnership role).
    pub fn consultee_may_comment(&self, email: &str, today: Date) -> bool {
        self.consultation.consults(email) && self.consultation.is_open_on(today)
    }

    /// The procedure's amendments log: its publications, the latest first.
    pub fn amendments(&self) -> Vec<&Publication> {
        let mut out: Vec<&Publication> = self.publications.iter().collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.version));
        out
    }

    /// Whether the consultation has closed by `today` (its closing date has passed or it
    /// was closed): when the lead reviewer goes through every comment and its response.
    pub fn consultation_closed_on(&self, today: Date) -> bool {
        self.consultation.closing.is_some() && !self.consultation.is_open_on(today)
    }

    // --- Repair -------------------------------------------------------------------------

    /// Repairs what concurrent edits can break, after every merge: the order lists each
    /// visible section once (concurrent moves can list it twice; a concurrent add and
    /// remove can drop it), removed and unknown ids leave the order; owners are listed
    /// once; sign-offs come only from owners, one per partnership (the latest);
    /// publications have distinct version numbers (concurrent publications are numbered
    /// by date). Returns whether anything changed.
    pub fn repair(&mut self) -> bool {
        let before = self.clone();
        let mut seen = Vec::new();
        let sections = &self.sections;
        self.order.retain(|id| {
            let keep = !seen.contains(id) && sections.get(&id.to_string()).is_some_and(|s| !s.removed);
            seen.push(*id);
            keep
        });
        for (key, s) in &self.sections {
            if !s.removed && !self.order.contains(&s.id) && key == &s.id.to_string() {
                self.order.push(s.id);
            }
        }
        let mut owners = Vec::new();
        self.owners.retain(|o| {
            let new = !owners.contains(&o.partnership);
            owners.push(o.partnership);
            new
        });
        let owners = self.owner_ids();
        let mut latest: Vec<SignOff> = Vec::new();
        for s in self.sign_offs.iter().filter(|s| owners.contains(&s.partnership)) {
            match latest.iter_mut().find(|l| l.partnership == s.partnership) {
                Some(l) if (s.at, &s.digest, &s.id) > (l.at, &l.digest, &l.id) => *l = s.clone(),
                Some(_) => {}
                None => latest.push(s.clone()),
            }
        }
        self.sign_offs.retain(|s| latest.iter().any(|l| l.id == s.id));
        let mut delegates = Vec::new();
        self.delegates.retain(|d| {
            let new = owners.contains(&d.partnership) && !delegates.contains(&d.partnership);
            delegates.push(d.partnership);
            new
        });
        let mut numbered: Vec<(u32, Date, ItemId)> = self.publications.iter().map(|p| (p.version, p.date, p.id)).collect();
        numbered.sort();
        for (n, (_, _, id)) in numbered.iter().enumerate() {
            if let Some(p) = self.publications.iter_mut().find(|p| p.id == *id) {
                p.version = n as u32 + 1;
            }
        }
        *self != before
    }
}

/// Runs [`ProcedureDoc::repair`] on a document (after receiving changes), writing a change
/// only when something needed repair. Returns whether it did.
pub fn repair_procedure(doc: &mut automerge::Automerge, time: i64) -> Result<bool, crate::model::DocError> {
    crate::model::repair_after_merge::<ProcedureDoc>(doc, time)
}
