//! The compliance rules editor as plain data: DBS validity, the seat categories needing a
//! signed agreement, and the agreement's title, text and version. Validated as a whole;
//! what was typed is kept.

use super::{ComplianceRules, SeatCategory, DBS_YEARS};

/// The longest agreement title and version.
pub const MAX_AGREEMENT_TITLE: usize = 200;
pub const MAX_AGREEMENT_VERSION: usize = 40;
/// The longest agreement text, in characters.
pub const MAX_AGREEMENT_TEXT: usize = 50_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplianceForm {
    /// Whole years, as typed.
    pub dbs_years: String,
    /// [`SeatCategory::token`]s of the categories needing a DBS check.
    pub dbs_categories: Vec<String>,
    /// [`SeatCategory::token`]s of the categories needing an agreement.
    pub agreement_categories: Vec<String>,
    pub agreement_title: String,
    /// Markdown.
    pub agreement_text: String,
    pub agreement_version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplianceField {
    DbsYears,
    DbsCategories,
    AgreementCategories,
    AgreementTitle,
    AgreementText,
    AgreementVersion,
}

impl ComplianceField {
    /// The id of the field's input, for the error summary's links.
    pub fn input_id(self) -> &'static str {
        match self {
            ComplianceField::DbsYears => "dbs-years",
            ComplianceField::DbsCategories => "dbs-categories",
            ComplianceField::AgreementCategories => "agreement-categories",
            ComplianceField::AgreementTitle => "agreement-title",
            ComplianceField::AgreementText => "agreement-text",
            ComplianceField::AgreementVersion => "agreement-version",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceProblem {
    pub field: ComplianceField,
    pub message: String,
}

impl ComplianceForm {
    /// This form (opened as `base`) on top of `current`, the form the rules give now: each
    /// field the admin changed keeps their value, every other field takes the current rules'
    /// value, so saving never writes back a field another admin changed meanwhile (see
    /// [`super::GroupForm::rebase`]).
    #[must_use]
    pub fn rebase(&self, base: &ComplianceForm, current: &ComplianceForm) -> ComplianceForm {
        rebased!(ComplianceForm { dbs_years, dbs_categories, agreement_categories, agreement_title, agreement_version } merging { agreement_text }, self, base, current)
    }

    pub fn from_rules(r: &ComplianceRules) -> Self {
        Self {
            dbs_years: r.dbs_years().to_string(),
            dbs_categories: r.dbs_categories().iter().map(|c| c.token().to_owned()).collect(),
            agreement_categories: r.agreement_categories().iter().map(|c| c.token().to_owned()).collect(),
            agreement_title: r.agreement.title.clone(),
            agreement_text: r.agreement.text.as_str().to_owned(),
            agreement_version: r.agreement.version.clone(),
        }
    }

    /// Checks every field; on success changes `rules` to match, leaving values that did not
    /// change alone (so concurrent edits of other values merge).
    pub fn apply(&self, rules: &mut ComplianceRules) -> Result<(), Vec<ComplianceProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, message: String| problems.push(ComplianceProblem { field, message });
        let (lo, hi) = (*DBS_YEARS.start(), *DBS_YEARS.end());
        let years = match self.dbs_years.trim() {
            "" => {
                problem(ComplianceField::DbsYears, "Enter how many years a DBS check stays valid".into());
                None
            }
            s => match s.parse::<u32>() {
                Ok(n) if DBS_YEARS.contains(&n) => Some(n),
                Ok(_) => {
                    problem(ComplianceField::DbsYears, format!("How long a DBS check stays valid must be between {lo} and {hi} years"));
                    None
                }
                Err(_) => {
                    problem(ComplianceField::DbsYears, "How long a DBS check stays valid must be a whole number of years, like 3".into());
                    None
                }
            },
        };
        let dbs_categories = categories(&self.dbs_categories).unwrap_or_else(|| {
            problem(ComplianceField::DbsCategories, "Select the seat categories from the list".into());
            Vec::new()
        });
        let categories = categories(&self.agreement_categories).unwrap_or_else(|| {
            problem(ComplianceField::AgreementCategories, "Select the seat categories from the list".into());
            Vec::new()
        });
        let title = self.agreement_title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            problem(ComplianceField::AgreementTitle, "Enter the agreement's title".into());
        } else if title.chars().count() > MAX_AGREEMENT_TITLE {
            problem(ComplianceField::AgreementTitle, format!("The agreement's title must be {MAX_AGREEMENT_TITLE} characters or fewer"));
        }
        let text = self.agreement_text.trim();
        if text.chars().count() > MAX_AGREEMENT_TEXT {
            problem(ComplianceField::AgreementText, format!("The agreement's text must be {MAX_AGREEMENT_TEXT} characters or fewer"));
        }
        if !categories.is_empty() && text.is_empty() {
            problem(ComplianceField::AgreementText, "Enter the agreement's text, or select no seat categories".into());
        }
        let version = self.agreement_version.trim();
        if version.chars().count() > MAX_AGREEMENT_VERSION {
            problem(ComplianceField::AgreementVersion, format!("The version must be {MAX_AGREEMENT_VERSION} characters or fewer"));
        } else if version.chars().any(char::is_whitespace) {
            problem(ComplianceField::AgreementVersion, "The version must not contain spaces, for example 2.0".into());
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let years = years.unwrap_or_default();
        if rules.dbs_valid_years != years {
            rules.dbs_valid_years = years;
        }
        if rules.dbs_categories() != dbs_categories {
            rules.dbs_categories = dbs_categories;
        }
        // Compare as sets, so a list merged with a duplicate is not rewritten for nothing.
        if rules.agreement_categories() != categories {
            rules.agreement_categories = categories;
        }
        let a = &mut rules.agreement;
        if a.title != title {
            a.title = title;
        }
        if a.text.as_str() != text {
            a.text.update(text);
        }
        if a.version != version {
            a.version = version.to_owned();
        }
        Ok(())
    }
}

/// The categories of these tokens, each once, in [`SeatCategory::ALL`] order; `None` when
/// one is not a category.
fn categories(tokens: &[String]) -> Option<Vec<SeatCategory>> {
    let chosen = tokens.iter().map(|t| SeatCategory::from_token(t.trim())).collect::<Option<Vec<_>>>()?;
    Some(SeatCategory::ALL.into_iter().filter(|c| chosen.contains(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_read_from_the_rules_changes_nothing() {
        let mut r = ComplianceRules::default();
        r.agreement.text.update("Members attend.");
        let before = r.clone();
        ComplianceForm::from_rules(&r).apply(&mut r).unwrap();
        assert_eq!(r, before);
    }

    #[test]
    fn saving_keeps_what_another_admin_changed_while_the_form_was_open() {
        let r = ComplianceRules::default();
        let base = ComplianceForm::from_rules(&r);
        let mut theirs = r.clone();
        theirs.agreement.text.update("Members attend and declare their interests.");
        let mut mine = base.clone();
        mine.dbs_years = "2".into();
        let mut saved = theirs.clone();
        mine.rebase(&base, &ComplianceForm::from_rules(&theirs)).apply(&mut saved).unwrap();
        assert_eq!(saved.dbs_years(), 2);
        assert_eq!(saved.agreement.text.as_str(), "Members attend and declare their interests.");
    }

    #[test]
    fn an_agreement_text_two_admins_changed_in_different_places_keeps_both_changes() {
        let mut r = ComplianceRules::default();
        r.agreement.text.update("Members attend meetings.\nMembers declare their interests.");
        let base = ComplianceForm::from_rules(&r);
        let mut theirs = r.clone();
        theirs.agreement.text.update("Members attend meetings or send a named deputy.\nMembers declare their interests.");
        let mine = ComplianceForm { agreement_text: "Members attend meetings.\nMembers declare their interests every year.".into(), ..base.clone() };
        let mut saved = theirs.clone();
        mine.rebase(&base, &ComplianceForm::from_rules(&theirs)).apply(&mut saved).unwrap();
        assert_eq!(saved.agreement.text.as_str(), "Members attend meetings or send a named deputy.\nMembers declare their interests every year.");
    }
}
