//! The group edit form as plain data: filled from a group, validated as a whole (every
//! problem named against its field), applied only when valid. What a person typed is kept
//! in the form whatever happens.

use super::{clean_name, GroupDoc, GroupKind, MeetingFrequency};
use crate::DocumentId;

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupForm {
    pub name: String,
    /// A [`GroupKind::token`].
    pub kind: String,
    pub purpose: String,
    /// How many weeks/months, or meetings a year; empty when not set.
    pub frequency_count: String,
    /// `weeks`, `months`, `per-year`, or empty (not set).
    pub frequency_unit: String,
    /// The id of the group this one reports to, or empty.
    pub reports_to: String,
}

/// Which field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupField {
    Name,
    Kind,
    Purpose,
    FrequencyCount,
    ReportsTo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub field: GroupField,
    pub message: String,
}

pub const MAX_PURPOSE: usize = 5000;

impl GroupForm {
    pub fn from_group(g: &GroupDoc) -> Self {
        let (count, unit) = match g.terms.frequency {
            None => (String::new(), String::new()),
            Some(MeetingFrequency::EveryWeeks(n)) => (n.to_string(), "weeks".to_owned()),
            Some(MeetingFrequency::EveryMonths(n)) => (n.to_string(), "months".to_owned()),
            Some(MeetingFrequency::AtLeastPerYear(n)) => (n.to_string(), "per-year".to_owned()),
        };
        Self {
            name: g.name.clone(),
            kind: g.kind.token().to_owned(),
            purpose: g.terms.purpose.as_str().to_owned(),
            frequency_count: count,
            frequency_unit: unit,
            reports_to: g.reports_to.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// Checks every field; on success, changes `g` (the group document `me`) to match.
    /// `may_report_to` lists the groups this one may report to.
    pub fn apply(&self, me: DocumentId, may_report_to: &[DocumentId], g: &mut GroupDoc) -> Result<(), Vec<FormProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, message: &str| problems.push(FormProblem { field, message: message.to_owned() });
        let name = match clean_name(&self.name) {
            Ok(n) => Some(n),
            Err(super::PartnershipError::NameTooLong) => {
                problem(GroupField::Name, "Group name must be 200 characters or fewer");
                None
            }
            Err(_) => {
                problem(GroupField::Name, "Enter the group's name");
                None
            }
        };
        let kind = GroupKind::from_token(&self.kind);
        if kind.is_none() {
            problem(GroupField::Kind, "Select the kind of group");
        }
        if self.purpose.chars().count() > MAX_PURPOSE {
            problem(GroupField::Purpose, "Purpose must be 5000 characters or fewer");
        }
        let count = self.frequency_count.trim();
        let frequency = match (self.frequency_unit.as_str(), count) {
            ("", "") => Ok(None),
            ("", _) => Err("Select how often the group meets, or clear the number"),
            (_, "") => Err("Enter how often the group meets, as a number"),
            (unit, n) => match n.parse::<u32>() {
                Ok(n) if (1..=52).contains(&n) => match unit {
                    "weeks" => Ok(Some(MeetingFrequency::EveryWeeks(n))),
                    "months" => Ok(Some(MeetingFrequency::EveryMonths(n))),
                    "per-year" => Ok(Some(MeetingFrequency::AtLeastPerYear(n))),
                    _ => Err("Select how often the group meets"),
                },
                _ => Err("How often the group meets must be a whole number from 1 to 52"),
            },
        };
        let frequency = frequency.unwrap_or_else(|m| {
            problem(GroupField::FrequencyCount, m);
            None
        });
        let reports_to = match self.reports_to.trim() {
            "" => None,
            s => match s.parse::<DocumentId>() {
                Ok(id) if id == me => {
                    problem(GroupField::ReportsTo, "A group cannot report to itself");
                    None
                }
                Ok(id) if may_report_to.contains(&id) || g.reports_to == Some(id) => Some(id),
                _ => {
                    problem(GroupField::ReportsTo, "Select a group of the same partnership");
                    None
                }
            },
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        g.name = name.unwrap_or_default();
        g.kind = kind.unwrap_or_default();
        if g.terms.purpose.as_str() != self.purpose {
            g.terms.purpose.update(&self.purpose);
        }
        g.terms.frequency = frequency;
        g.reports_to = reports_to;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> (DocumentId, GroupDoc) {
        (DocumentId::random(), GroupDoc::new("Case Review Group", GroupKind::Subgroup, DocumentId::random()).unwrap())
    }

    #[test]
    fn a_form_filled_from_a_group_applies_without_change() {
        let (me, mut g) = group();
        g.terms.frequency = Some(MeetingFrequency::EveryMonths(3));
        let before = g.clone();
        GroupForm::from_group(&g).apply(me, &[], &mut g).unwrap();
        assert_eq!(g, before);
    }

    #[test]
    fn every_problem_is_named_and_nothing_is_changed() {
        let (me, mut g) = group();
        let before = g.clone();
        let form = GroupForm {
            name: "  ".into(),
            kind: "club".into(),
            purpose: "x".repeat(MAX_PURPOSE + 1),
            frequency_count: "three".into(),
            frequency_unit: "months".into(),
            reports_to: me.to_string(),
        };
        let problems = form.apply(me, &[], &mut g).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [GroupField::Name, GroupField::Kind, GroupField::Purpose, GroupField::FrequencyCount, GroupField::ReportsTo]
        );
        assert_eq!(g, before);
    }

    #[test]
    fn a_valid_form_sets_each_field() {
        let (me, mut g) = group();
        let parent = DocumentId::random();
        let form = GroupForm {
            name: "Case  Review Group (CRG)".into(),
            kind: "panel".into(),
            purpose: "Considers referrals for local reviews.".into(),
            frequency_count: "4".into(),
            frequency_unit: "per-year".into(),
            reports_to: parent.to_string(),
        };
        form.apply(me, &[parent], &mut g).unwrap();
        assert_eq!(g.name, "Case Review Group (CRG)");
        assert_eq!(g.kind, GroupKind::Panel);
        assert_eq!(g.terms.purpose.as_str(), "Considers referrals for local reviews.");
        assert_eq!(g.terms.frequency, Some(MeetingFrequency::AtLeastPerYear(4)));
        assert_eq!(g.reports_to, Some(parent));
        let unknown = GroupForm { reports_to: DocumentId::random().to_string(), ..form };
        assert_eq!(unknown.apply(me, &[parent], &mut g).unwrap_err()[0].field, GroupField::ReportsTo);
    }
}
