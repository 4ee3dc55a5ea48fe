//! The rules part of the group form: quorum, decisions, attendance, status and version.
//! Parsed with the rest of [`GroupForm`] so every problem is named at once.

use super::{
    group_form::{FormProblem, GroupField, GroupForm},
    AttendanceRule, Date, DecisionRules, GroupDoc, GroupStatus, Majority, QuorumRule, SpecialMajority, Threshold,
};
use crate::{ItemId, OrganisationId};

/// The statuses a form offers: (token, label).
pub const STATUSES: [(&str, &str); 3] = [("proposed", "Proposed"), ("active", "Active"), ("dissolved", "Dissolved")];

/// How a quorum is counted: (token, label).
pub const QUORUM_KINDS: [(&str, &str); 3] =
    [("", "Not recorded"), ("share", "A share of the voting members"), ("count", "A number of voting members")];

/// The majorities a form offers: (token, label).
pub const MAJORITIES: [(&str, &str); 2] =
    [("simple", "A simple majority"), ("chair-consent", "A majority that must include the chair's consent")];

/// The rules, parsed and checked, ready to write.
pub(super) struct Rules {
    quorum: Option<QuorumRule>,
    decisions: DecisionRules,
    attendance: Option<AttendanceRule>,
    status: GroupStatus,
    established: Option<Date>,
    dissolved: Option<Date>,
    version: String,
}

pub(super) fn status_token(s: GroupStatus) -> &'static str {
    match s {
        GroupStatus::Proposed => "proposed",
        GroupStatus::Active => "active",
        GroupStatus::Dissolved => "dissolved",
    }
}

fn number(s: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    s.trim().parse::<u32>().ok().filter(|n| range.contains(n))
}

/// `2/3 Alter the constitution` → (2, 3, "Alter the constitution").
fn special_majority(line: &str) -> Option<(u32, u32, String)> {
    let (ratio, matter) = line.trim().split_once(char::is_whitespace)?;
    let (n, d) = ratio.split_once('/')?;
    let (n, d) = (number(n, 1..=100)?, number(d, 2..=100)?);
    let matter = matter.split_whitespace().collect::<Vec<_>>().join(" ");
    (n <= d && !matter.is_empty()).then_some((n, d, matter))
}

impl GroupForm {
    /// Fills the rules fields from `g`.
    pub(super) fn fill_rules(&mut self, g: &GroupDoc) {
        let t = &g.terms;
        match t.quorum.as_ref().map(|q| q.threshold) {
            None => self.quorum_kind = String::new(),
            Some(Threshold::Share { numerator, denominator }) => {
                self.quorum_kind = "share".into();
                self.quorum_numerator = numerator.to_string();
                self.quorum_denominator = denominator.to_string();
            }
            Some(Threshold::Count(n)) => {
                self.quorum_kind = "count".into();
                self.quorum_count = n.to_string();
            }
        }
        self.quorum_organisations =
            t.quorum.iter().flat_map(|q| q.required_organisations.iter().map(|o| o.to_string())).collect();
        self.consensus_first = t.decisions.consensus_first;
        self.majority = match t.decisions.majority {
            Majority::Simple => "simple",
            Majority::WithChairConsent => "chair-consent",
        }
        .into();
        self.casting_vote = t.decisions.casting_vote.clone().unwrap_or_default();
        self.special_majorities = t
            .decisions
            .special_majorities
            .iter()
            .map(|s| format!("{}/{} {}", s.numerator, s.denominator, s.matter))
            .collect::<Vec<_>>()
            .join("\n");
        let a = t.attendance;
        self.attend = a.map(|a| a.attend.to_string()).unwrap_or_default();
        self.of_meetings = a.map(|a| a.of_meetings.to_string()).unwrap_or_default();
        self.absences_trigger = a.and_then(|a| a.consecutive_absences_trigger).map(|n| n.to_string()).unwrap_or_default();
        self.attendance_year_from = a.and_then(|a| a.year_from).map(|n| n.to_string()).unwrap_or_default();
        self.status = status_token(g.status).into();
        self.established = g.established.map(|d| d.to_string()).unwrap_or_default();
        self.dissolved = g.dissolved.map(|d| d.to_string()).unwrap_or_default();
        self.version = t.version.clone();
    }

    /// Checks the rules fields, naming each problem.
    pub(super) fn parse_rules(&self, g: &GroupDoc, problems: &mut Vec<FormProblem>) -> Rules {
        let mut problem = |field, message: &str| problems.push(FormProblem { field, message: message.to_owned() });
        let required: Vec<OrganisationId> = self.quorum_organisations.iter().filter_map(|o| o.parse().ok()).collect();
        let threshold = match self.quorum_kind.as_str() {
            "" => {
                if !required.is_empty() {
                    problem(GroupField::Quorum, "Choose how many voting members make a quorum, or clear the required organisations");
                }
                None
            }
            "share" => match (number(&self.quorum_numerator, 1..=100), number(&self.quorum_denominator, 1..=100)) {
                (Some(n), Some(d)) if n <= d => Some(Threshold::Share { numerator: n, denominator: d }),
                _ => {
                    problem(GroupField::Quorum, "Enter the quorum as a share, for example 1 in 2 (whole numbers, the first no larger than the second)");
                    None
                }
            },
            "count" => match number(&self.quorum_count, 1..=200) {
                Some(n) => Some(Threshold::Count(n)),
                None => {
                    problem(GroupField::Quorum, "Enter how many voting members make a quorum, a whole number from 1 to 200");
                    None
                }
            },
            _ => {
                problem(GroupField::Quorum, "Select how the quorum is counted");
                None
            }
        };
        let quorum = threshold.map(|threshold| QuorumRule { threshold, required_organisations: required });
        let majority = match self.majority.as_str() {
            "chair-consent" => Majority::WithChairConsent,
            _ => Majority::Simple,
        };
        let casting = self.casting_vote.split_whitespace().collect::<Vec<_>>().join(" ");
        if casting.chars().count() > 200 {
            problem(GroupField::CastingVote, "Who holds the casting vote must be 200 characters or fewer");
        }
        let mut specials = Vec::new();
        for line in self.special_majorities.lines().filter(|l| !l.trim().is_empty()) {
            match special_majority(line) {
                Some((numerator, denominator, matter)) => {
                    let id = g
                        .terms
                        .decisions
                        .special_majorities
                        .iter()
                        .find(|s| s.matter == matter)
                        .map(|s| s.id)
                        .unwrap_or_else(ItemId::random);
                    specials.push(SpecialMajority { id, matter, numerator, denominator });
                }
                None => {
                    problem(GroupField::SpecialMajorities, "Write each special majority on its own line as a share then the matter, for example 2/3 Alter the constitution");
                    break;
                }
            }
        }
        let attendance = match (self.attend.trim(), self.of_meetings.trim(), self.absences_trigger.trim()) {
            ("", "", "") => None,
            (attend, of, trigger) => {
                let trigger = match trigger {
                    "" => Ok(None),
                    t => number(t, 1..=12).map(Some).ok_or(()),
                };
                match (number(attend, 1..=52), number(of, 1..=52), trigger) {
                    (Some(a), Some(m), Ok(t)) if a <= m => Some(AttendanceRule {
                        attend: a,
                        of_meetings: m,
                        consecutive_absences_trigger: t,
                        year_from: number(self.attendance_year_from.trim(), 1..=12),
                    }),
                    (_, _, Err(())) => {
                        problem(GroupField::Attendance, "Consecutive missed meetings before a letter must be a whole number from 1 to 12");
                        None
                    }
                    _ => {
                        problem(GroupField::Attendance, "Enter how many meetings members should attend out of how many, for example 3 of 4");
                        None
                    }
                }
            }
        };
        let status = match self.status.as_str() {
            "" => g.status,
            "proposed" => GroupStatus::Proposed,
            "active" => GroupStatus::Active,
            "dissolved" => GroupStatus::Dissolved,
            _ => {
                problem(GroupField::Status, "Select the group's status");
                g.status
            }
        };
        let mut date = |field, text: &str, what: &str| match text.trim() {
            "" => None,
            s => s.parse::<Date>().ok().or_else(|| {
                problem(field, &format!("{what} must be a real date, for example 2026-04-01"));
                None
            }),
        };
        let established = date(GroupField::Established, &self.established, "Date established");
        let dissolved = date(GroupField::Dissolved, &self.dissolved, "Date dissolved");
        let mut problem = |field, message: &str| problems.push(FormProblem { field, message: message.to_owned() });
        if status == GroupStatus::Dissolved && self.dissolved.trim().is_empty() {
            problem(GroupField::Dissolved, "Enter the date the group was dissolved");
        }
        if status != GroupStatus::Dissolved && !self.dissolved.trim().is_empty() {
            problem(GroupField::Dissolved, "Clear the date dissolved, or set the status to dissolved");
        }
        if let (Some(e), Some(d)) = (established, dissolved) {
            if d < e {
                problem(GroupField::Dissolved, "Date dissolved must be on or after the date established");
            }
        }
        let version = self.version.trim().to_owned();
        if version.chars().count() > 40 {
            problem(GroupField::Version, "Version must be 40 characters or fewer");
        }
        Rules {
            quorum,
            decisions: DecisionRules {
                consensus_first: self.consensus_first,
                majority,
                casting_vote: Some(casting).filter(|c| !c.is_empty()),
                special_majorities: specials,
            },
            attendance,
            status,
            established,
            dissolved,
            version,
        }
    }
}

impl Rules {
    /// Writes the rules, leaving unchanged values alone (so they do not conflict with
    /// concurrent edits).
    pub(super) fn write(self, g: &mut GroupDoc) {
        if g.terms.quorum != self.quorum {
            g.terms.quorum = self.quorum;
        }
        if g.terms.decisions != self.decisions {
            g.terms.decisions = self.decisions;
        }
        if g.terms.attendance != self.attendance {
            g.terms.attendance = self.attendance;
        }
        g.status = self.status;
        g.established = self.established;
        g.dissolved = self.dissolved;
        if g.terms.version != self.version {
            g.terms.version = self.version;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{model::GroupKind, DocumentId};

    fn group() -> (DocumentId, GroupDoc) {
        (DocumentId::random(), GroupDoc::new("Board", GroupKind::Board, DocumentId::random()).unwrap())
    }

    #[test]
    fn quorum_decisions_attendance_and_status_are_set_and_read_back() {
        let (me, mut g) = group();
        let (city, police) = (OrganisationId::random(), OrganisationId::random());
        let mut form = GroupForm::from_group(&g);
        form.quorum_kind = "share".into();
        form.quorum_numerator = "1".into();
        form.quorum_denominator = "2".into();
        form.quorum_organisations = vec![city.to_string(), police.to_string()];
        form.consensus_first = true;
        form.majority = "chair-consent".into();
        form.casting_vote = " Independent  Chair ".into();
        form.special_majorities = "2/3 Alter the constitution\n\n".into();
        form.attend = "3".into();
        form.of_meetings = "4".into();
        form.absences_trigger = "2".into();
        form.attendance_year_from = "4".into();
        form.status = "dissolved".into();
        form.established = "2016-04-01".into();
        form.dissolved = "2019-03-31".into();
        form.version = "7.7".into();
        form.apply(me, &[], &mut g).unwrap();
        let q = g.terms.quorum.clone().unwrap();
        assert_eq!(q.threshold, Threshold::Share { numerator: 1, denominator: 2 });
        assert_eq!(q.required_organisations, vec![city, police]);
        assert_eq!(g.terms.decisions.casting_vote.as_deref(), Some("Independent Chair"));
        assert_eq!(g.terms.decisions.majority, Majority::WithChairConsent);
        assert_eq!(g.terms.decisions.special_majorities[0].matter, "Alter the constitution");
        assert_eq!(g.terms.attendance, Some(AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: Some(2), year_from: Some(4) }));
        assert_eq!(g.terms.attendance.unwrap().label(), "Members should attend 3 of 4 meetings each year (April to March); missing 2 consecutive meetings triggers a letter from the chair");
        assert_eq!((g.status, g.dissolved), (GroupStatus::Dissolved, Date::from_ymd(2019, 3, 31)));
        let id = g.terms.decisions.special_majorities[0].id;
        let again = GroupForm::from_group(&g);
        let before = g.clone();
        again.apply(me, &[], &mut g).unwrap();
        assert_eq!(g, before, "a form filled from the group changes nothing");
        assert_eq!(g.terms.decisions.special_majorities[0].id, id, "special majorities keep their identity");
    }

    #[test]
    fn each_rules_problem_is_named_against_its_field() {
        let (me, mut g) = group();
        let before = g.clone();
        let form = GroupForm {
            quorum_kind: "share".into(),
            quorum_numerator: "3".into(),
            quorum_denominator: "2".into(),
            special_majorities: "two thirds: alter".into(),
            attend: "5".into(),
            of_meetings: "4".into(),
            status: "dissolved".into(),
            version: "v".repeat(41),
            ..GroupForm::from_group(&g)
        };
        let fields: Vec<_> = form.apply(me, &[], &mut g).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [GroupField::Quorum, GroupField::SpecialMajorities, GroupField::Attendance, GroupField::Dissolved, GroupField::Version]
        );
        assert_eq!(g, before);
        let orgs_only = GroupForm { quorum_organisations: vec![OrganisationId::random().to_string()], ..GroupForm::from_group(&g) };
        assert_eq!(orgs_only.apply(me, &[], &mut g).unwrap_err()[0].field, GroupField::Quorum);
        let count = GroupForm { quorum_kind: "count".into(), quorum_count: "6".into(), ..GroupForm::from_group(&g) };
        count.apply(me, &[], &mut g).unwrap();
        assert_eq!(g.terms.quorum.unwrap().threshold, Threshold::Count(6));
    }
}
