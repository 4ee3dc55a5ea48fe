//! The forms for a procedure's related guidance and legislation (a title and an `https://`
//! link), its local contacts and its review date, checked on plain types; a checked form
//! becomes a [`DetailsEdit`], which [`ProcedureDoc::edit_details`] applies to the typed
//! document. The app shows each problem against its field and keeps what was typed.

use super::{Contact, Link, LinkKind, ProcedureDoc, ProcedureError};
use crate::{
    model::{rebased, Date, Rebase},
    ItemId,
};

/// The longest title, name, organisation or contact details.
pub const MAX_DETAIL: usize = 300;

/// The fields of the three forms (the app maps each to its input's id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailsField {
    LinkTitle,
    LinkUrl,
    ContactName,
    ContactOrganisation,
    ContactDetails,
    ReviewDate,
    Title,
    Summary,
    LeadReviewer,
}

/// A problem against one field, in GOV.UK wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsProblem {
    pub field: DetailsField,
    pub message: String,
}

impl DetailsProblem {
    pub(super) fn new(field: DetailsField, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

/// Related guidance or legislation as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkForm {
    pub kind: LinkKind,
    pub title: String,
    pub url: String,
}

/// A checked link: its title with spaces tidied, the URL trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInput {
    pub kind: LinkKind,
    pub title: String,
    pub url: String,
}

/// A local contact as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub name: String,
    pub organisation: String,
    pub details: String,
}

/// A checked contact, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInput {
    pub name: String,
    pub organisation: String,
    pub details: String,
}

/// The review date as typed (a GOV.UK date input); all three blank means no review date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewDateForm {
    pub day: String,
    pub month: String,
    pub year: String,
}

/// One change to the details, made from a checked form (or a Remove button).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailsEdit {
    AddLink(LinkInput),
    ChangeLink(ItemId, LinkInput),
    RemoveLink(ItemId),
    AddContact(ContactInput),
    ChangeContact(ItemId, ContactInput),
    RemoveContact(ItemId),
    SetReviewDate(Option<Date>),
    /// The title, summary and lead reviewer ([`super::AboutForm`]).
    SetAbout(super::AboutInput),
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn too_long(field: DetailsField, what: &str, s: &str, problems: &mut Vec<DetailsProblem>) {
    if s.chars().count() > MAX_DETAIL {
        problems.push(DetailsProblem::new(field, format!("{what} must be {MAX_DETAIL} characters or fewer")));
    }
}

impl LinkForm {
    /// The form filled in with a link, to change it.
    pub fn of(link: &Link) -> Self {
        Self { kind: link.kind, title: link.title.clone(), url: link.url.clone() }
    }

    /// Every problem (at most one a field), or the checked link. A link must start with
    /// `https://` and name a host (as [`Link::new`] checks).
    pub fn check(&self) -> Result<LinkInput, Vec<DetailsProblem>> {
        let mut problems = Vec::new();
        let title = tidy(&self.title);
        if title.is_empty() {
            problems.push(DetailsProblem::new(DetailsField::LinkTitle, "Enter the title of the guidance or legislation"));
        }
        too_long(DetailsField::LinkTitle, "The title", &title, &mut problems);
        let url = self.url.trim().to_owned();
        if url.is_empty() {
            problems.push(DetailsProblem::new(DetailsField::LinkUrl, "Enter the link to the guidance or legislation"));
        } else if !url.starts_with("https://") {
            problems.push(DetailsProblem::new(DetailsField::LinkUrl, "Enter a link starting with https://, like https://www.gov.uk/guidance"));
        } else if Link::new(self.kind, "checked", &url).is_err() {
            problems.push(DetailsProblem::new(DetailsField::LinkUrl, "Enter a link in the correct format, like https://www.gov.uk/guidance, with no spaces"));
        } else if url.chars().count() > 2_000 {
            problems.push(DetailsProblem::new(DetailsField::LinkUrl, "The link must be 2000 characters or fewer"));
        }
        if problems.is_empty() {
            Ok(LinkInput { kind: self.kind, title, url })
        } else {
            Err(problems)
        }
    }
}

impl Rebase for LinkForm {
    /// This form (opened as `base`, the link when "Change" was chosen) on top of `current`,
    /// the form of the link as it is now: each field changed since `base` keeps what was typed;
    /// every other field takes the link's current value, so saving never writes back one
    /// changed on another device meanwhile (see [`crate::model::GroupForm::rebase`]).
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(LinkForm { kind, title, url }, self, base, current)
    }
}

impl ContactForm {
    /// The form filled in with a contact, to change it.
    pub fn of(contact: &Contact) -> Self {
        Self { name: contact.name.clone(), organisation: contact.organisation.clone(), details: contact.details.clone() }
    }

    /// Every problem (at most one a field), or the checked contact: a name is required.
    pub fn check(&self) -> Result<ContactInput, Vec<DetailsProblem>> {
        let mut problems = Vec::new();
        let (name, organisation, details) = (tidy(&self.name), tidy(&self.organisation), self.details.trim().to_owned());
        if name.is_empty() {
            problems.push(DetailsProblem::new(DetailsField::ContactName, "Enter the name of the contact, a team or a role"));
        }
        too_long(DetailsField::ContactName, "The name", &name, &mut problems);
        too_long(DetailsField::ContactOrganisation, "The organisation", &organisation, &mut problems);
        too_long(DetailsField::ContactDetails, "How to contact them", &details, &mut problems);
        if problems.is_empty() {
            Ok(ContactInput { name, organisation, details })
        } else {
            Err(problems)
        }
    }
}

impl Rebase for ContactForm {
    /// This form (opened as `base`) on top of `current`, the form of the contact as it is now:
    /// only the fields changed since `base` keep what was typed (as [`LinkForm::rebase`]).
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(ContactForm { name, organisation, details }, self, base, current)
    }
}

impl ReviewDateForm {
    /// The form filled in with a date (blank for none).
    pub fn of(date: Option<Date>) -> Self {
        match date.map(Date::ymd) {
            Some((y, m, d)) => Self { day: d.to_string(), month: m.to_string(), year: y.to_string() },
            None => Self::default(),
        }
    }

    /// The review date (`None` when all three parts are blank), or the problem with it: a
    /// real date between the years 2000 and 2100.
    pub fn check(&self) -> Result<Option<Date>, Vec<DetailsProblem>> {
        let parts = [&self.day, &self.month, &self.year];
        if parts.iter().all(|s| s.trim().is_empty()) {
            return Ok(None);
        }
        let num = |s: &str| s.trim().parse::<u32>().ok();
        let date = match (num(&self.day), num(&self.month), num(&self.year)) {
            (Some(d), Some(m), Some(y)) if (2000..=2100).contains(&y) => Date::from_ymd(y as i32, m, d),
            _ => None,
        };
        date.map(Some).ok_or_else(|| vec![DetailsProblem::new(DetailsField::ReviewDate, "The review date must be a real date, like 31 3 2027")])
    }

    /// Whether saving this form would change the review date of `opened`, the form as it was
    /// filled ([`ReviewDateForm::of`]). Compared as dates, so "03" for "3" or stray spaces are
    /// no change; a form that does not check counts as changed (its check reports why). An
    /// unchanged form writes nothing, so it never puts back a date changed on another device
    /// while the form was open.
    pub fn changed(&self, opened: &ReviewDateForm) -> bool {
        match (self.check(), opened.check()) {
            (Ok(typed), Ok(was)) => typed != was,
            _ => true,
        }
    }
}

impl DetailsEdit {
    /// The change's message in the document's history.
    pub fn message(&self) -> &'static str {
        match self {
            DetailsEdit::AddLink(_) => "Add related guidance",
            DetailsEdit::ChangeLink(..) => "Change related guidance",
            DetailsEdit::RemoveLink(_) => "Remove related guidance",
            DetailsEdit::AddContact(_) => "Add a local contact",
            DetailsEdit::ChangeContact(..) => "Change a local contact",
            DetailsEdit::RemoveContact(_) => "Remove a local contact",
            DetailsEdit::SetReviewDate(_) => "Set the review date",
            DetailsEdit::SetAbout(_) => "Change the title, summary or lead reviewer",
        }
    }
}

impl ProcedureDoc {
    /// Applies one change to the related guidance, local contacts or review date. A link or
    /// contact changed keeps its id (so versions compare it as changed); one no longer in
    /// the procedure (removed on another device meanwhile) is [`ProcedureError::NoSuchItem`].
    pub fn edit_details(&mut self, edit: &DetailsEdit) -> Result<(), ProcedureError> {
        match edit {
            DetailsEdit::AddLink(l) => {
                self.add_link(Link::new(l.kind, &l.title, &l.url)?);
            }
            DetailsEdit::ChangeLink(id, l) => {
                Link::new(l.kind, &l.title, &l.url)?;
                let link = self.links.iter_mut().find(|x| x.id == *id).ok_or(ProcedureError::NoSuchItem)?;
                link.kind = l.kind;
                link.title.clone_from(&l.title);
                link.url.clone_from(&l.url);
            }
            DetailsEdit::RemoveLink(id) => self.remove_link(*id)?,
            DetailsEdit::AddContact(c) => {
                self.add_contact(Contact::new(&c.name, &c.organisation, &c.details)?);
            }
            DetailsEdit::ChangeContact(id, c) => {
                let checked = Contact::new(&c.name, &c.organisation, &c.details)?;
                let contact = self.contacts.iter_mut().find(|x| x.id == *id).ok_or(ProcedureError::NoSuchItem)?;
                contact.name = checked.name;
                contact.organisation = checked.organisation;
                contact.details = checked.details;
            }
            DetailsEdit::RemoveContact(id) => self.remove_contact(*id)?,
            DetailsEdit::SetReviewDate(d) => self.set_review_date(*d),
            DetailsEdit::SetAbout(about) => self.set_about(about)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(title: &str, url: &str) -> LinkForm {
        LinkForm { kind: LinkKind::Legislation, title: title.into(), url: url.into() }
    }

    fn fields<T: std::fmt::Debug>(r: Result<T, Vec<DetailsProblem>>) -> Vec<DetailsField> {
        r.unwrap_err().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_good_link_is_tidied() {
        let l = link("  Children   Act 1989 ", " https://www.legislation.gov.uk/ukpga/1989/41 ").check().unwrap();
        assert_eq!(l, LinkInput { kind: LinkKind::Legislation, title: "Children Act 1989".into(), url: "https://www.legislation.gov.uk/ukpga/1989/41".into() });
    }

    #[test]
    fn a_link_needs_a_title_and_an_https_address() {
        assert_eq!(fields(link(" ", "").check()), [DetailsField::LinkTitle, DetailsField::LinkUrl]);
        for bad in ["http://www.gov.uk/x", "www.gov.uk", "javascript:alert(1)", "https://", "https://localhost/x", "https://www.gov.uk/a b"] {
            let p = link("Working Together", bad).check().unwrap_err();
            assert_eq!(p.len(), 1, "{bad}");
            assert_eq!(p[0].field, DetailsField::LinkUrl, "{bad}");
        }
        assert!(link("Working Together", "http://www.gov.uk").check().unwrap_err()[0].message.contains("https://"));
        assert_eq!(fields(link(&"x".repeat(MAX_DETAIL + 1), "https://www.gov.uk").check()), [DetailsField::LinkTitle]);
    }

    #[test]
    fn a_contact_needs_a_name() {
        let c = ContactForm { name: " ".into(), organisation: "Leicester City Council".into(), details: "0116 454 1004".into() };
        assert_eq!(fields(c.check()), [DetailsField::ContactName]);
        let c = ContactForm { name: " Safeguarding  Unit ".into(), organisation: " LCC ".into(), details: " 0116 454 1004 ".into() };
        assert_eq!(c.check().unwrap(), ContactInput { name: "Safeguarding Unit".into(), organisation: "LCC".into(), details: "0116 454 1004".into() });
    }

    #[test]
    fn the_review_date_is_a_real_date_or_blank() {
        let form = |d: &str, m: &str, y: &str| ReviewDateForm { day: d.into(), month: m.into(), year: y.into() };
        assert_eq!(form(" ", "", "").check(), Ok(None));
        assert_eq!(form("31", "3", "2027").check(), Ok(Date::from_ymd(2027, 3, 31)));
        for (d, m, y) in [("30", "2", "2027"), ("1", "13", "2027"), ("x", "1", "2027"), ("1", "1", "27"), ("", "1", "2027")] {
            assert_eq!(fields(form(d, m, y).check()), [DetailsField::ReviewDate], "{d}/{m}/{y}");
        }
        let date = Date::from_ymd(2027, 3, 31);
        assert_eq!(ReviewDateForm::of(date).check(), Ok(date), "the form of a date checks back to it");
    }

    #[test]
    fn a_review_date_form_saved_as_it_opened_is_unchanged() {
        let form = |d: &str, m: &str, y: &str| ReviewDateForm { day: d.into(), month: m.into(), year: y.into() };
        let opened = ReviewDateForm::of(Date::from_ymd(2027, 3, 31));
        assert!(!opened.changed(&opened));
        assert!(!form(" 31", "03", "2027 ").changed(&opened), "the same date, typed differently");
        assert!(form("30", "3", "2027").changed(&opened));
        assert!(form("", "", "").changed(&opened), "the date cleared");
        assert!(form("31", "3", "").changed(&opened), "a date that does not check is left to the check");
        let blank = ReviewDateForm::of(None);
        assert!(!form(" ", "", "").changed(&blank), "still no review date");
        assert!(form("31", "3", "2027").changed(&blank), "a date set");
    }

    #[test]
    fn changing_a_link_or_contact_keeps_what_others_changed_while_the_form_was_open() {
        let mut p = ProcedureDoc::default();
        p.edit_details(&DetailsEdit::AddLink(link("Children Act 1989", "https://www.legislation.gov.uk/ukpga/1989/41").check().unwrap())).unwrap();
        let c = ContactForm { name: "Safeguarding Unit".into(), organisation: "LCC".into(), details: "0116 454 1004".into() };
        p.edit_details(&DetailsEdit::AddContact(c.check().unwrap())).unwrap();
        let (lid, cid) = (p.links[0].id, p.contacts[0].id);
        let (link_base, contact_base) = (LinkForm::of(&p.links[0]), ContactForm::of(&p.contacts[0]));
        // Another device corrects the link's address and the contact's details meanwhile.
        let mut theirs = p.clone();
        theirs.links[0].url = "https://www.legislation.gov.uk/ukpga/1989/41/contents".into();
        theirs.contacts[0].details = "0116 454 1000".into();
        // This person changes only the link's title and the contact's name.
        let link_mine = LinkForm { title: "Children Act 1989, Part 5".into(), ..link_base.clone() };
        let contact_mine = ContactForm { name: "Safeguarding Hub".into(), ..contact_base.clone() };
        let mut saved = theirs.clone();
        let l = link_mine.rebase(&link_base, &LinkForm::of(&theirs.links[0])).check().unwrap();
        saved.edit_details(&DetailsEdit::ChangeLink(lid, l)).unwrap();
        let c = contact_mine.rebase(&contact_base, &ContactForm::of(&theirs.contacts[0])).check().unwrap();
        saved.edit_details(&DetailsEdit::ChangeContact(cid, c)).unwrap();
        assert_eq!(saved.links[0].title, "Children Act 1989, Part 5", "their own change is saved");
        assert_eq!(saved.links[0].url, "https://www.legislation.gov.uk/ukpga/1989/41/contents", "the other device's address stays");
        assert_eq!((saved.contacts[0].name.as_str(), saved.contacts[0].details.as_str()), ("Safeguarding Hub", "0116 454 1000"));
        // Without the rebase, the form's stale address and details would have been written back.
        let mut stale = theirs.clone();
        stale.edit_details(&DetailsEdit::ChangeLink(lid, link_mine.check().unwrap())).unwrap();
        stale.edit_details(&DetailsEdit::ChangeContact(cid, contact_mine.check().unwrap())).unwrap();
        assert_eq!((stale.links[0].url.as_str(), stale.contacts[0].details.as_str()), ("https://www.legislation.gov.uk/ukpga/1989/41", "0116 454 1004"));
    }

    #[test]
    fn edits_add_change_and_remove_keeping_ids() {
        let mut p = ProcedureDoc::default();
        let l = link("Children Act 1989", "https://www.legislation.gov.uk/ukpga/1989/41").check().unwrap();
        p.edit_details(&DetailsEdit::AddLink(l)).unwrap();
        let id = p.links[0].id;
        let changed = LinkForm { kind: LinkKind::Guidance, ..link("Children Act 2004", "https://www.legislation.gov.uk/ukpga/2004/31") };
        p.edit_details(&DetailsEdit::ChangeLink(id, changed.check().unwrap())).unwrap();
        assert_eq!((p.links[0].id, p.links[0].title.as_str(), p.links[0].kind), (id, "Children Act 2004", LinkKind::Guidance));
        assert_eq!(LinkForm::of(&p.links[0]).check(), changed.check(), "the form of a link checks back to it");

        let c = ContactForm { name: "Safeguarding Unit".into(), ..ContactForm::default() }.check().unwrap();
        p.edit_details(&DetailsEdit::AddContact(c.clone())).unwrap();
        let cid = p.contacts[0].id;
        let c2 = ContactInput { details: "0116 454 1004".into(), ..c };
        p.edit_details(&DetailsEdit::ChangeContact(cid, c2)).unwrap();
        assert_eq!((p.contacts[0].id, p.contacts[0].details.as_str()), (cid, "0116 454 1004"));

        let date = Date::from_ymd(2027, 3, 31);
        p.edit_details(&DetailsEdit::SetReviewDate(date)).unwrap();
        assert_eq!(p.review_date, date);

        p.edit_details(&DetailsEdit::RemoveLink(id)).unwrap();
        p.edit_details(&DetailsEdit::RemoveContact(cid)).unwrap();
        assert!(p.links.is_empty() && p.contacts.is_empty());
        assert_eq!(p.edit_details(&DetailsEdit::RemoveLink(id)), Err(ProcedureError::NoSuchItem));
        let again = ContactInput { name: "x".into(), organisation: String::new(), details: String::new() };
        assert_eq!(p.edit_details(&DetailsEdit::ChangeContact(cid, again)), Err(ProcedureError::NoSuchItem));
    }
}
