use autosurgeon::{Hydrate, Reconcile};

use crate::OrganisationId;

/// A person, in a small document of their own, referenced by id from seats, so their
/// details can be erased without rewriting any group's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct PersonDoc {
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub job_title: String,
    #[autosurgeon(missing = "Default::default")]
    pub organisation: Option<OrganisationId>,
    #[autosurgeon(missing = "Default::default")]
    pub email: String,
    #[autosurgeon(missing = "Default::default")]
    pub phone: String,
    /// Set when the person's details were erased: seats still point here, and read
    /// "Person erased".
    #[autosurgeon(missing = "Default::default")]
    pub erased: bool,
    /// The person's standing register of interests ([`super::person_interests`]).
    #[autosurgeon(missing = "Default::default")]
    pub interests: Vec<super::StandingInterest>,
    /// When they last made their annual declaration of interests.
    #[autosurgeon(missing = "Default::default")]
    pub interests_declared: Option<super::Date>,
}

/// Which field of a person a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    Name,
    JobTitle,
    Email,
    Phone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonProblem {
    pub field: PersonField,
    pub message: String,
}

/// A person as the form holds them, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonForm {
    pub name: String,
    pub job_title: String,
    /// An organisation id, or empty.
    pub organisation: String,
    pub email: String,
    pub phone: String,
}

pub const MAX_PERSON_FIELD: usize = 200;

pub(super) fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl PersonForm {
    /// The form with `organisation` (an organisation id, or empty) filled in when the
    /// person typed none: a person added from a seat works for the seat's organisation.
    pub fn or_organisation(mut self, organisation: &str) -> Self {
        if self.organisation.trim().is_empty() {
            self.organisation = organisation.trim().to_owned();
        }
        self
    }

    pub fn from_person(p: &PersonDoc) -> Self {
        Self {
            name: p.name.clone(),
            job_title: p.job_title.clone(),
            organisation: p.organisation.map(|o| o.to_string()).unwrap_or_default(),
            email: p.email.clone(),
            phone: p.phone.clone(),
        }
    }

    /// This form (opened as `base`) on top of `current`, the form the person's document gives
    /// now: each field changed since `base` keeps the typed value; every other field takes the
    /// document's, so saving never writes back a field someone else changed while the form was
    /// open (an email corrected on another device while this person fixed the job title).
    /// The struct literal names every field (see [`super::GroupForm::rebase`]).
    #[must_use]
    pub fn rebase(&self, base: &PersonForm, current: &PersonForm) -> PersonForm {
        rebased!(PersonForm { name, job_title, organisation, email, phone }, self, base, current)
    }

    /// Checks every field; on success, writes them to `p` (which is no longer erased).
    pub fn apply(&self, p: &mut PersonDoc) -> Result<(), Vec<PersonProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, message: &str| problems.push(PersonProblem { field, message: message.to_owned() });
        let name = tidy(&self.name);
        if name.is_empty() {
            problem(PersonField::Name, "Enter the person's full name");
        } else if name.chars().count() > MAX_PERSON_FIELD {
            problem(PersonField::Name, "Name must be 200 characters or fewer");
        }
        let job_title = tidy(&self.job_title);
        if job_title.chars().count() > MAX_PERSON_FIELD {
            problem(PersonField::JobTitle, "Job title must be 200 characters or fewer");
        }
        let email = self.email.trim().to_owned();
        if !email.is_empty() && !is_email(&email) {
            problem(PersonField::Email, "Enter an email address in the correct format, like name@example.org");
        }
        let phone = tidy(&self.phone);
        if !phone.is_empty() && !is_phone(&phone) {
            problem(PersonField::Phone, "Enter a phone number, like 0116 454 1000 or +44 116 454 1000");
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let organisation = self.organisation.trim().parse::<OrganisationId>().ok();
        *p = PersonDoc { name, job_title, organisation, email, phone, erased: false, interests: std::mem::take(&mut p.interests), interests_declared: p.interests_declared };
        Ok(())
    }
}

/// Whether `s` reads as an email address (one `@`-separated name and dotted host, no spaces, at most 254 characters).
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && s.len() <= 254
}

fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c))
}

impl PersonDoc {
    /// Clears every detail of the person. Seats keep pointing at the document, which now
    /// says only that the person was erased. (Earlier versions of this small document
    /// still hold the details until the server compacts it; group histories never did.)
    pub fn erase(&mut self) {
        *self = PersonDoc { erased: true, ..PersonDoc::default() };
    }

    /// How a seat shows the person.
    pub fn display_name(&self) -> String {
        if self.erased {
            "Person erased".to_owned()
        } else if self.job_title.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.job_title)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PersonForm {
        PersonForm {
            name: " Independent  Chair (demo) ".into(),
            job_title: "Independent Chair".into(),
            organisation: String::new(),
            email: "chair@example.org".into(),
            phone: "0116 000 0000".into(),
        }
    }

    #[test]
    fn a_person_needs_a_name_and_well_formed_contact_details() {
        let mut p = PersonDoc::default();
        let bad = PersonForm { name: " ".into(), email: "chair.example.org".into(), phone: "call me".into(), ..form() };
        let fields: Vec<_> = bad.apply(&mut p).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, [PersonField::Name, PersonField::Email, PersonField::Phone]);
        assert_eq!(p, PersonDoc::default(), "nothing is written when a field is wrong");
        form().apply(&mut p).unwrap();
        assert_eq!(p.name, "Independent Chair (demo)");
        assert_eq!(p.display_name(), "Independent Chair (demo) (Independent Chair)");
        assert_eq!(PersonForm::from_person(&p).name, p.name);
    }

    #[test]
    fn saving_a_person_keeps_what_others_changed_while_the_form_was_open() {
        let mut p = PersonDoc::default();
        form().apply(&mut p).unwrap();
        let base = PersonForm::from_person(&p);
        // Another device corrects the email while this form is open.
        let mut theirs = p.clone();
        theirs.email = "independent.chair@example.org".into();
        // This person changes only the job title.
        let mine = PersonForm { job_title: "Independent Chair and Scrutineer".into(), ..base.clone() };
        let mut saved = theirs.clone();
        mine.rebase(&base, &PersonForm::from_person(&theirs)).apply(&mut saved).unwrap();
        assert_eq!(saved.job_title, "Independent Chair and Scrutineer", "their own change is saved");
        assert_eq!(saved.email, "independent.chair@example.org", "the email corrected on another device stays");
        // Without the rebase, the form's stale email would have been written back.
        let mut stale = theirs.clone();
        mine.apply(&mut stale).unwrap();
        assert_eq!(stale.email, "chair@example.org");
        // A field both changed: this person's value wins (they saw the form and saved it).
        let both = PersonForm { email: "chair.office@example.org".into(), ..base.clone() };
        assert_eq!(both.rebase(&base, &PersonForm::from_person(&theirs)).email, "chair.office@example.org");
    }

    #[test]
    fn a_person_added_from_a_seat_gets_the_seats_organisation_unless_one_was_chosen() {
        let seat_org = OrganisationId::random().to_string();
        assert_eq!(form().or_organisation(&seat_org).organisation, seat_org);
        let chosen = OrganisationId::random().to_string();
        let typed = PersonForm { organisation: chosen.clone(), ..form() };
        assert_eq!(typed.or_organisation(&seat_org).organisation, chosen);
        assert_eq!(form().or_organisation("").organisation, "");
    }

    #[test]
    fn erasing_a_person_clears_every_detail() {
        let mut p = PersonDoc::default();
        form().apply(&mut p).unwrap();
        p.erase();
        assert_eq!(p, PersonDoc { erased: true, ..PersonDoc::default() });
        assert_eq!(p.display_name(), "Person erased");
    }

    #[test]
    fn an_erased_person_round_trips_through_automerge_and_old_documents_load() {
        let mut doc = automerge::Automerge::new();
        crate::model::update::<PersonDoc, _, std::convert::Infallible>(&mut doc, "create", 0, |p| {
            p.name = "Lay Member (demo)".into();
            Ok(())
        })
        .unwrap();
        let p: PersonDoc = crate::model::read(&doc).unwrap();
        assert!(!p.erased);
        crate::model::update::<PersonDoc, _, std::convert::Infallible>(&mut doc, "erase", 1, |p| {
            p.erase();
            Ok(())
        })
        .unwrap();
        let p: PersonDoc = crate::model::read(&doc).unwrap();
        assert!(p.erased && p.name.is_empty());
    }
}
