//! The form that changes a section of a partnership's constitution.

use super::{Rebase, Section};

/// A constitution section as its form holds it: the heading and the text as typed.
/// [`super::PartnershipDoc::edit_section`] checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionForm {
    pub heading: String,
    pub text: String,
}

impl SectionForm {
    /// The form filled in with a section, to change it.
    pub fn of(s: &Section) -> Self {
        Self { heading: s.heading.clone(), text: s.text.as_str().to_owned() }
    }
}

impl Rebase for SectionForm {
    /// This form (opened as `base`) on top of `current`, the form of the section as it is now:
    /// the heading or text changed since `base` keeps what was typed; the other takes the
    /// section's current value, so saving a new heading never writes back a text changed on
    /// another device meanwhile (see [`super::GroupForm::rebase`]). A text changed on both
    /// sides keeps both changes where they touch different words ([`crate::text::merge`]).
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(SectionForm { heading } merging { text }, self, base, current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartnershipDoc;

    #[test]
    fn changing_a_section_keeps_what_others_changed_while_the_form_was_open() {
        let mut p = PartnershipDoc::new("Leicester", "").unwrap();
        let id = p.add_section("Membership", "The partners are the local authority, the police and health.").unwrap();
        let section = |p: &PartnershipDoc| SectionForm::of(p.constitution.iter().find(|s| s.id == id).unwrap());
        let base = section(&p);
        // Another device adds education to the text meanwhile.
        let mut theirs = p.clone();
        theirs.edit_section(id, &base.heading, "The partners are the local authority, the police, health and education.").unwrap();
        // This person changes only the heading.
        let mine = SectionForm { heading: "Members".into(), ..base.clone() };
        let save = |form: &SectionForm| {
            let mut saved = theirs.clone();
            saved.edit_section(id, &form.heading, &form.text).unwrap();
            section(&saved)
        };
        let saved = save(&mine.rebase(&base, &section(&theirs)));
        assert_eq!(saved.heading, "Members", "their own change is saved");
        assert_eq!(saved.text, "The partners are the local authority, the police, health and education.", "the other device's text stays");
        // Without the rebase, the form's stale text would have been written back.
        assert_eq!(save(&mine).text, base.text);
    }

    #[test]
    fn a_text_changed_in_different_places_on_two_devices_keeps_both_changes() {
        let mut p = PartnershipDoc::new("Leicester", "").unwrap();
        let id = p.add_section("Quorum", "A meeting is quorate with three partners. Deputies count.").unwrap();
        let section = |p: &PartnershipDoc| SectionForm::of(p.constitution.iter().find(|s| s.id == id).unwrap());
        let base = section(&p);
        let mut theirs = p.clone();
        theirs.edit_section(id, &base.heading, "A meeting is quorate with three statutory partners. Deputies count.").unwrap();
        let mine = SectionForm { text: "A meeting is quorate with three partners. Named deputies count.".into(), ..base.clone() };
        let mut saved = theirs.clone();
        let form = mine.rebase(&base, &section(&theirs));
        saved.edit_section(id, &form.heading, &form.text).unwrap();
        assert_eq!(section(&saved).text, "A meeting is quorate with three statutory partners. Named deputies count.");
        // The same words changed on both: what this person typed and saw is saved.
        let clash = SectionForm { text: "A meeting is quorate with most members. Deputies count.".into(), ..base.clone() };
        assert_eq!(clash.rebase(&base, &section(&theirs)).text, clash.text);
    }
}
