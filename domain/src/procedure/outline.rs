//! [`ProcedureOutline`]: a procedure read without its sections' text. Reading a whole
//! [`ProcedureDoc`] walks every section's Automerge text, so its cost grows with the body (a
//! 20,000-word section takes milliseconds); pages that show the title, status, sections'
//! headings, sign-offs or details read the outline instead, and a keystroke in a section
//! (a change to a text only) reads back an equal outline.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, HydrateError, ReadDoc, Text};

use super::{Consultation, Contact, Delegate, Link, ProcedureDoc, Publication, Reviewer, Section, SignOff, Status, Transition};
use crate::{model::{Date, Owner}, DocumentId, ItemId};

/// A [`ProcedureDoc`] whose sections' `text` is left empty (everything else as stored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProcedureOutline(pub ProcedureDoc);

/// The fields of [`ProcedureDoc`], read as it reads them, with [`SectionOutline`]s.
#[derive(Hydrate)]
struct OutlineFields {
    #[autosurgeon(missing = "Default::default")]
    title: String,
    #[autosurgeon(missing = "Default::default")]
    summary: String,
    #[autosurgeon(missing = "Default::default")]
    owner_group: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    owners: Vec<Owner>,
    #[autosurgeon(missing = "Default::default")]
    lead_reviewer: Reviewer,
    #[autosurgeon(missing = "Default::default")]
    links: Vec<Link>,
    #[autosurgeon(missing = "Default::default")]
    contacts: Vec<Contact>,
    #[autosurgeon(missing = "Default::default")]
    review_date: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    sections: BTreeMap<String, SectionOutline>,
    #[autosurgeon(missing = "Default::default")]
    order: Vec<ItemId>,
    #[autosurgeon(missing = "Default::default")]
    status: Status,
    #[autosurgeon(missing = "Default::default")]
    transitions: Vec<Transition>,
    #[autosurgeon(missing = "Default::default")]
    consultation: Consultation,
    #[autosurgeon(missing = "Default::default")]
    comments: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    delegates: Vec<Delegate>,
    #[autosurgeon(missing = "Default::default")]
    sign_offs: Vec<SignOff>,
    #[autosurgeon(missing = "Default::default")]
    publications: Vec<Publication>,
    #[autosurgeon(missing = "Default::default")]
    versions: Vec<crate::model::NamedVersion>,
}

/// A [`Section`] but its text (the key is not read).
#[derive(Hydrate)]
struct SectionOutline {
    id: ItemId,
    heading: String,
    #[autosurgeon(missing = "Default::default")]
    removed: bool,
}

impl Hydrate for ProcedureOutline {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        let f = OutlineFields::hydrate_map(doc, obj)?;
        // Every field named: a field added to ProcedureDoc does not compile here until the
        // outline reads it too.
        Ok(Self(ProcedureDoc {
            title: f.title,
            summary: f.summary,
            owner_group: f.owner_group,
            owners: f.owners,
            lead_reviewer: f.lead_reviewer,
            links: f.links,
            contacts: f.contacts,
            review_date: f.review_date,
            sections: f
                .sections
                .into_iter()
                .map(|(k, s)| (k, Section { id: s.id, heading: s.heading, text: Text::with_value(""), removed: s.removed }))
                .collect(),
            order: f.order,
            status: f.status,
            transitions: f.transitions,
            consultation: f.consultation,
            comments: f.comments,
            delegates: f.delegates,
            sign_offs: f.sign_offs,
            publications: f.publications,
            versions: f.versions,
        }))
    }
}
