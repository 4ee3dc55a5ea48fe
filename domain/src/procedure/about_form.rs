//! The form for what a procedure is: its title, its summary and its lead reviewer, checked on
//! plain types. A checked form becomes [`DetailsEdit::SetAbout`], which
//! [`ProcedureDoc::edit_details`] applies.

use super::{procedure_doc::MAX_TITLE, DetailsEdit, DetailsField, DetailsProblem, ProcedureDoc, MAX_DETAIL};
use crate::model::{rebased, Rebase};
/// The longest summary: a paragraph or two, shown above the procedure to its readers.
pub const MAX_SUMMARY: usize = 2_000;

/// The title, summary and lead reviewer as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AboutForm {
    pub title: String,
    pub summary: String,
    pub lead_reviewer: String,
}

/// A checked form: the title and lead reviewer with spaces tidied, the summary trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AboutInput {
    pub title: String,
    pub summary: String,
    pub lead_reviewer: String,
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl AboutForm {
    /// The form filled in from the procedure.
    pub fn of(doc: &ProcedureDoc) -> Self {
        Self { title: doc.title.clone(), summary: doc.summary.clone(), lead_reviewer: doc.lead_reviewer.name.clone() }
    }

    /// Every problem (at most one a field), or the checked form. A title is required; the
    /// summary and lead reviewer may be blank.
    pub fn check(&self) -> Result<AboutInput, Vec<DetailsProblem>> {
        let mut problems = Vec::new();
        let (title, summary, lead_reviewer) = (tidy(&self.title), self.summary.trim().to_owned(), tidy(&self.lead_reviewer));
        if title.is_empty() {
            problems.push(DetailsProblem::new(DetailsField::Title, "Enter the title of the procedure"));
        } else if title.chars().count() > MAX_TITLE {
            problems.push(DetailsProblem::new(DetailsField::Title, format!("The title must be {MAX_TITLE} characters or fewer")));
        }
        if summary.chars().count() > MAX_SUMMARY {
            problems.push(DetailsProblem::new(DetailsField::Summary, format!("The summary must be {MAX_SUMMARY} characters or fewer")));
        }
        if lead_reviewer.chars().count() > MAX_DETAIL {
            problems.push(DetailsProblem::new(DetailsField::LeadReviewer, format!("The lead reviewer must be {MAX_DETAIL} characters or fewer")));
        }
        if problems.is_empty() {
            Ok(AboutInput { title, summary, lead_reviewer })
        } else {
            Err(problems)
        }
    }

    /// The edit that saves this form, or `None` when it changes nothing of `opened` (the
    /// form as it was filled), so saving it unchanged never writes back what someone else
    /// changed meanwhile.
    pub fn edit(&self, opened: &AboutForm) -> Result<Option<DetailsEdit>, Vec<DetailsProblem>> {
        let typed = self.check()?;
        Ok(match opened.check() {
            Ok(was) if was == typed => None,
            _ => Some(DetailsEdit::SetAbout(typed)),
        })
    }
}

impl Rebase for AboutForm {
    /// This form (opened as `base`) on top of `current`, the procedure's form now: a field
    /// changed since `base` keeps what was typed, any other takes its current value; the
    /// summary is free text, so both people's changes to different words are kept.
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(AboutForm { title, lead_reviewer } merging { summary }, self, base, current)
    }
}

impl ProcedureDoc {
    /// Sets the title, summary and lead reviewer. A lead reviewer whose name is unchanged
    /// keeps the person it is linked to; a new name is a new reviewer.
    pub(super) fn set_about(&mut self, about: &AboutInput) -> Result<(), super::ProcedureError> {
        self.set_title(&about.title)?;
        self.set_summary(&about.summary);
        if self.lead_reviewer.name != about.lead_reviewer {
            self.set_lead_reviewer(super::Reviewer { name: about.lead_reviewer.clone(), person: None });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocumentId;

    fn procedure() -> ProcedureDoc {
        let mut p = ProcedureDoc::new("Escalation", None, &[DocumentId::random()]).unwrap();
        p.set_summary("How practitioners resolve disagreements.");
        p.set_lead_reviewer(super::super::Reviewer { name: "Business manager".into(), person: None });
        p
    }

    fn fields(r: Result<AboutInput, Vec<DetailsProblem>>) -> Vec<DetailsField> {
        r.unwrap_err().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_title_is_required_and_everything_is_tidied() {
        let f = AboutForm { title: "  Resolving   disagreements ".into(), summary: "  Escalate early.\n\n".into(), lead_reviewer: " Jo  Bloggs ".into() };
        assert_eq!(f.check().unwrap(), AboutInput { title: "Resolving disagreements".into(), summary: "Escalate early.".into(), lead_reviewer: "Jo Bloggs".into() });
        assert_eq!(fields(AboutForm { title: " ".into(), ..f.clone() }.check()), [DetailsField::Title]);
        let long = AboutForm { title: "t".repeat(MAX_TITLE + 1), summary: "s".repeat(MAX_SUMMARY + 1), lead_reviewer: "r".repeat(MAX_DETAIL + 1) };
        assert_eq!(fields(long.check()), [DetailsField::Title, DetailsField::Summary, DetailsField::LeadReviewer]);
        assert!(AboutForm { title: "T".into(), summary: String::new(), lead_reviewer: String::new() }.check().is_ok(), "summary and reviewer may be blank");
    }

    #[test]
    fn saving_an_unchanged_form_writes_nothing() {
        let p = procedure();
        let opened = AboutForm::of(&p);
        assert_eq!(opened.edit(&opened).unwrap(), None);
        let spaced = AboutForm { title: " Escalation ".into(), ..opened.clone() };
        assert_eq!(spaced.edit(&opened).unwrap(), None, "only spaces differ");
        let renamed = AboutForm { title: "Escalation of concerns".into(), ..opened.clone() };
        assert!(matches!(renamed.edit(&opened).unwrap(), Some(DetailsEdit::SetAbout(_))));
    }

    #[test]
    fn the_reviewer_keeps_their_person_unless_renamed() {
        let mut p = procedure();
        let person = crate::PersonId::random();
        p.lead_reviewer.person = Some(person);
        let opened = AboutForm::of(&p);
        let Some(edit) = AboutForm { title: "Escalation of concerns".into(), ..opened.clone() }.edit(&opened).unwrap() else { panic!("an edit") };
        p.edit_details(&edit).unwrap();
        assert_eq!((p.title.as_str(), p.lead_reviewer.person), ("Escalation of concerns", Some(person)));
        let Some(edit) = AboutForm { lead_reviewer: "Jo Bloggs".into(), ..AboutForm::of(&p) }.edit(&AboutForm::of(&p)).unwrap() else { panic!("an edit") };
        p.edit_details(&edit).unwrap();
        assert_eq!((p.lead_reviewer.name.as_str(), p.lead_reviewer.person), ("Jo Bloggs", None));
    }

    #[test]
    fn another_persons_change_to_other_words_of_the_summary_is_kept() {
        let p = procedure();
        let base = AboutForm { summary: "Escalate early. Record the outcome.".into(), ..AboutForm::of(&p) };
        let mine = AboutForm { summary: "Escalate early, in writing. Record the outcome.".into(), ..base.clone() };
        let theirs = AboutForm { title: "Escalation of concerns".into(), summary: "Escalate early. Record the outcome and tell the family.".into(), ..base.clone() };
        let saved = mine.rebase(&base, &theirs);
        assert_eq!(saved.title, "Escalation of concerns", "their new title stays");
        assert_eq!(saved.summary, "Escalate early, in writing. Record the outcome and tell the family.");
    }
}
