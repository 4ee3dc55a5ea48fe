//! The form that changes an organisation: what it was filled with, and what was typed.

use super::{Organisation, Rebase, Sector};

/// An organisation as its form holds it: the name as typed, the sector and whether it is a
/// statutory safeguarding partner. [`super::PartnershipDoc::edit_organisation`] checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationForm {
    pub name: String,
    pub sector: Sector,
    pub statutory: bool,
}

impl OrganisationForm {
    /// The form filled in with an organisation, to change it.
    pub fn of(o: &Organisation) -> Self {
        Self { name: o.name.clone(), sector: o.sector, statutory: o.statutory_partner }
    }
}

impl Rebase for OrganisationForm {
    /// This form (opened as `base`) on top of `current`, the form of the organisation as it
    /// is now: each field changed since `base` keeps what was typed; every other field takes
    /// the organisation's current value, so saving never writes back one changed on another
    /// device meanwhile (see [`super::GroupForm::rebase`]).
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(OrganisationForm { name, sector, statutory }, self, base, current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartnershipDoc;

    #[test]
    fn changing_an_organisation_keeps_what_others_changed_while_the_form_was_open() {
        let mut p = PartnershipDoc::new("Leicester", "").unwrap();
        let id = p.add_organisation("Leicestershire Police", Sector::Other, false).unwrap();
        let base = OrganisationForm::of(p.organisation(id).unwrap());
        // Another device marks it a statutory partner and sets its sector meanwhile.
        let mut theirs = p.clone();
        theirs.edit_organisation(id, "Leicestershire Police", Sector::Police, true).unwrap();
        // This person only corrects the name.
        let mine = OrganisationForm { name: "Leicestershire Constabulary".into(), ..base.clone() };
        let save = |form: &OrganisationForm| {
            let mut saved = theirs.clone();
            saved.edit_organisation(id, &form.name, form.sector, form.statutory).unwrap();
            OrganisationForm::of(saved.organisation(id).unwrap())
        };
        let current = OrganisationForm::of(theirs.organisation(id).unwrap());
        assert_eq!(
            save(&mine.rebase(&base, &current)),
            OrganisationForm { name: "Leicestershire Constabulary".into(), sector: Sector::Police, statutory: true },
            "their own change is saved and the other device's stay"
        );
        // Without the rebase, the form's stale sector and statutory mark would have been written back.
        assert_eq!(save(&mine), OrganisationForm { name: "Leicestershire Constabulary".into(), sector: Sector::Other, statutory: false });
    }
}
