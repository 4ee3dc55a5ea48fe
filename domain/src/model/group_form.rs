//! The group edit form as plain data: filled from a group, validated as a whole (every
//! problem named against its field), applied only when valid. What a person typed is kept
//! in the form whatever happens.

use super::{clean_name, ChairArrangement, Date, GroupDoc, GroupKind, MeetingFrequency, Notice, ReportingCadence};
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
    /// A qualifier, e.g. "with extra meetings as required".
    pub frequency_note: String,
    /// The id of the group this one reports to, or empty.
    pub reports_to: String,
    /// `each-meeting`, `quarterly`, `biannual`, `annual`, or empty.
    pub cadence: String,
    /// `independent`, `role`, `co-chairs`, `rotating`, or empty (not recorded).
    pub chair_kind: String,
    /// The chair's role(s), one a line.
    pub chair_roles: String,
    /// For a rotating chair: months each chairs.
    pub rotation_months: String,
    pub vice_chair: String,
    /// `YYYY-MM-DD` (a date input's value), or empty.
    pub review_date: String,
    /// Papers deadline: how many (working) days before a meeting; unit `working-days`,
    /// `days`, or empty (not recorded).
    pub papers_count: String,
    pub papers_unit: String,
    /// Agenda circulation, as the papers deadline.
    pub agenda_count: String,
    pub agenda_unit: String,
    /// Quorum: `share`, `count`, or empty (not recorded); see [`super::QUORUM_KINDS`].
    pub quorum_kind: String,
    pub quorum_numerator: String,
    pub quorum_denominator: String,
    pub quorum_count: String,
    /// Organisation ids that must be present.
    pub quorum_organisations: Vec<String>,
    pub consensus_first: bool,
    /// `simple` or `chair-consent`.
    pub majority: String,
    pub casting_vote: String,
    /// One a line: `2/3 Alter the constitution`.
    pub special_majorities: String,
    /// Attendance: attend `attend` of `of_meetings`; letter after `absences_trigger` missed.
    pub attend: String,
    pub of_meetings: String,
    pub absences_trigger: String,
    /// The month (`1`–`12`) the attendance year starts in; empty: over the last meetings.
    pub attendance_year_from: String,
    /// `proposed`, `active`, `dissolved`.
    pub status: String,
    pub established: String,
    pub dissolved: String,
    pub version: String,
    /// "Transfers to": a group id (or empty), or a body's name (or empty), not both.
    pub transfer_group: String,
    pub transfer_body: String,
    /// When the transfer happens or happened: "April 2019", "2020", "1 April 2019", or empty.
    pub transfer_when: String,
    pub transfer_note: String,
}

fn notice_fields(n: Option<Notice>) -> (String, String) {
    match n {
        None => (String::new(), String::new()),
        Some(Notice::WorkingDaysBefore(d)) => (d.to_string(), "working-days".to_owned()),
        Some(Notice::DaysBefore(d)) => (d.to_string(), "days".to_owned()),
    }
}

fn parse_notice(count: &str, unit: &str) -> Result<Option<Notice>, &'static str> {
    match (unit, count.trim()) {
        ("", "") => Ok(None),
        ("", _) => Err("Select working days or days, or clear the number"),
        (_, "") => Err("Enter how many days before the meeting, as a number"),
        (unit, n) => match n.parse::<u32>() {
            Ok(n) if (1..=60).contains(&n) => match unit {
                "working-days" => Ok(Some(Notice::WorkingDaysBefore(n))),
                "days" => Ok(Some(Notice::DaysBefore(n))),
                _ => Err("Select working days or days"),
            },
            _ => Err("Days before the meeting must be a whole number from 1 to 60"),
        },
    }
}

/// The units a notice offers: (token, label).
pub const NOTICE_UNITS: [(&str, &str); 3] = [("", "Not recorded"), ("working-days", "Working days before"), ("days", "Days before")];

fn cadence_token(c: Option<ReportingCadence>) -> &'static str {
    match c {
        None => "",
        Some(ReportingCadence::EachMeeting) => "each-meeting",
        Some(ReportingCadence::Quarterly) => "quarterly",
        Some(ReportingCadence::Biannual) => "biannual",
        Some(ReportingCadence::Annual) => "annual",
        Some(ReportingCadence::AsRequired) => "as-required",
    }
}

/// The reporting cadences a form offers: (token, label).
pub const CADENCES: [(&str, &str); 6] = [
    ("", "Not recorded"),
    ("each-meeting", "At each meeting"),
    ("quarterly", "Quarterly"),
    ("biannual", "Twice a year"),
    ("annual", "Once a year"),
    ("as-required", "As and when required"),
];

/// Reads a [`CADENCES`] token (`None` for an unknown one; `Some(None)` for "not recorded").
pub fn cadence_from_token(token: &str) -> Option<Option<ReportingCadence>> {
    match token {
        "" => Some(None),
        "each-meeting" => Some(Some(ReportingCadence::EachMeeting)),
        "quarterly" => Some(Some(ReportingCadence::Quarterly)),
        "biannual" => Some(Some(ReportingCadence::Biannual)),
        "annual" => Some(Some(ReportingCadence::Annual)),
        "as-required" => Some(Some(ReportingCadence::AsRequired)),
        _ => None,
    }
}

/// The units a meeting frequency offers: (token, label). "As required" takes no number.
pub const FREQUENCY_UNITS: [(&str, &str); 5] = [
    ("", "Not recorded"),
    ("weeks", "Every so many weeks"),
    ("months", "Every so many months"),
    ("per-year", "At least so many times a year"),
    ("as-required", "As and when required"),
];

/// The chairing arrangements a form offers: (token, label).
pub const CHAIR_KINDS: [(&str, &str); 5] = [
    ("", "Not recorded"),
    ("independent", "Independent chair"),
    ("role", "Chaired by a role"),
    ("co-chairs", "Co-chairs"),
    ("rotating", "Rotating among roles"),
];

/// Which field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupField {
    Name,
    Kind,
    Purpose,
    FrequencyCount,
    ReportsTo,
    Cadence,
    ChairRoles,
    RotationMonths,
    ReviewDate,
    PapersDeadline,
    AgendaCirculation,
    Quorum,
    CastingVote,
    SpecialMajorities,
    Attendance,
    Status,
    Established,
    Dissolved,
    Version,
    /// The transfer's group or body (the group select and the body name share it).
    TransfersTo,
    TransferWhen,
    TransferNote,
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
            Some(MeetingFrequency::AsRequired) => (String::new(), "as-required".to_owned()),
        };
        let mut form = Self {
            name: g.name.clone(),
            kind: g.kind.token().to_owned(),
            purpose: g.terms.purpose.as_str().to_owned(),
            frequency_count: count,
            frequency_unit: unit,
            frequency_note: g.terms.frequency_note.clone(),
            reports_to: g.reports_to.map(|d| d.to_string()).unwrap_or_default(),
            cadence: cadence_token(g.reporting_cadence).to_owned(),
            chair_kind: match &g.terms.chairing.arrangement {
                ChairArrangement::NotSet => "",
                ChairArrangement::Independent => "independent",
                ChairArrangement::ByRole { .. } => "role",
                ChairArrangement::CoChairs { .. } => "co-chairs",
                ChairArrangement::Rotating { .. } => "rotating",
            }
            .to_owned(),
            chair_roles: match &g.terms.chairing.arrangement {
                ChairArrangement::ByRole { role, .. } => role.clone(),
                ChairArrangement::CoChairs { roles } | ChairArrangement::Rotating { roles, .. } => roles.join("\n"),
                _ => String::new(),
            },
            rotation_months: match &g.terms.chairing.arrangement {
                ChairArrangement::Rotating { period_months, .. } => period_months.to_string(),
                _ => String::new(),
            },
            vice_chair: g.terms.chairing.vice_chair.clone().unwrap_or_default(),
            review_date: g.terms.review_date.map(|d| d.to_string()).unwrap_or_default(),
            papers_count: notice_fields(g.terms.papers_deadline).0,
            papers_unit: notice_fields(g.terms.papers_deadline).1,
            agenda_count: notice_fields(g.terms.agenda_circulation).0,
            agenda_unit: notice_fields(g.terms.agenda_circulation).1,
            ..Self::default()
        };
        form.fill_rules(g);
        let t = g.transfers_to.as_ref();
        (form.transfer_group, form.transfer_body) = super::BodyRef::fields(t.map(|t| &t.to));
        form.transfer_when = t.and_then(|t| t.when).map(|w| w.to_string()).unwrap_or_default();
        form.transfer_note = t.map(|t| t.note.clone()).unwrap_or_default();
        form
    }

    /// This form (opened as `base`) on top of `current`, the form the group gives now: each
    /// field the person changed since `base` keeps their value; every other field takes the
    /// group's current value. Saving it then never writes back, unchanged, a field someone
    /// else changed while the form was open (the group's purpose edited on another device
    /// while this person renamed the group). The purpose is free text: changed on both sides,
    /// both changes are kept where they touch different words ([`crate::text::merge`]). The
    /// struct literal names every field, so a new one will not compile until it is placed here.
    #[must_use]
    pub fn rebase(&self, base: &GroupForm, current: &GroupForm) -> GroupForm {
        rebased!(GroupForm {
            name, kind, frequency_count, frequency_unit, frequency_note, reports_to, cadence, chair_kind, chair_roles,
            rotation_months, vice_chair, review_date, papers_count, papers_unit, agenda_count, agenda_unit, quorum_kind,
            quorum_numerator, quorum_denominator, quorum_count, quorum_organisations, consensus_first, majority, casting_vote,
            special_majorities, attend, of_meetings, absences_trigger, attendance_year_from, status, established, dissolved, version, transfer_group,
            transfer_body, transfer_when, transfer_note,
        } merging { purpose }, self, base, current)
    }

    /// The "transfers to" fields as a [`super::Transfer`], or the problems with them.
    fn parse_transfer(&self, me: DocumentId, may_transfer_to: &[DocumentId], g: &GroupDoc, problems: &mut Vec<FormProblem>) -> Option<super::Transfer> {
        let mut problem = |field, message: String| problems.push(FormProblem { field, message });
        let to = match super::BodyRef::from_fields(&self.transfer_group, &self.transfer_body) {
            Ok(Some(super::BodyRef::Group(id))) if id == me => {
                problem(GroupField::TransfersTo, "A group cannot transfer to itself".to_owned());
                None
            }
            Ok(Some(super::BodyRef::Group(id)))
                if !may_transfer_to.contains(&id) && g.transfers_to.as_ref().and_then(|t| t.to.group()) != Some(id) =>
            {
                problem(GroupField::TransfersTo, "Select a group from the list".to_owned());
                None
            }
            Ok(to) => to,
            Err(e) => {
                problem(GroupField::TransfersTo, e.to_string());
                None
            }
        };
        let when = match self.transfer_when.trim() {
            "" => None,
            s => s.parse::<super::PartialDate>().map_err(|_| problem(GroupField::TransferWhen, "When must be a date such as April 2019, 1 April 2019 or 2019".to_owned())).ok(),
        };
        let note = self.transfer_note.split_whitespace().collect::<Vec<_>>().join(" ");
        if note.chars().count() > 200 {
            problem(GroupField::TransferNote, "The note on the transfer must be 200 characters or fewer".to_owned());
        }
        if to.is_none() && (when.is_some() || !note.is_empty()) && self.transfer_group.trim().is_empty() && self.transfer_body.trim().is_empty() {
            problem(GroupField::TransfersTo, "Select the group or enter the body the group transfers to, or clear when and the note".to_owned());
        }
        to.map(|to| super::Transfer { to, when, note })
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
            ("as-required", "") => Ok(Some(MeetingFrequency::AsRequired)),
            ("as-required", _) => Err("Clear the number: a group that meets as required has no fixed cycle"),
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
        let cadence = cadence_from_token(&self.cadence).unwrap_or_else(|| {
            problem(GroupField::Cadence, "Select how often the group reports");
            None
        });
        let roles: Vec<String> = self.chair_roles.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let chair = match self.chair_kind.as_str() {
            "" => Some(ChairArrangement::NotSet),
            "independent" => Some(ChairArrangement::Independent),
            "role" if roles.len() == 1 => {
                let organisation = match &g.terms.chairing.arrangement {
                    ChairArrangement::ByRole { role, organisation } if *role == roles[0] => *organisation,
                    _ => None,
                };
                Some(ChairArrangement::ByRole { role: roles[0].clone(), organisation })
            }
            "role" => {
                problem(GroupField::ChairRoles, "Enter the chair's role on one line");
                None
            }
            "co-chairs" | "rotating" if roles.len() < 2 => {
                problem(GroupField::ChairRoles, "Enter each chair's role on its own line (at least two)");
                None
            }
            "co-chairs" => Some(ChairArrangement::CoChairs { roles: roles.clone() }),
            "rotating" => match self.rotation_months.trim().parse::<u32>() {
                Ok(n) if (1..=36).contains(&n) => Some(ChairArrangement::Rotating { roles: roles.clone(), period_months: n }),
                _ => {
                    problem(GroupField::RotationMonths, "Enter how many months each chair serves, from 1 to 36");
                    None
                }
            },
            _ => {
                problem(GroupField::ChairRoles, "Select how the group is chaired");
                None
            }
        };
        let review_date = match self.review_date.trim() {
            "" => None,
            s => match s.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    problem(GroupField::ReviewDate, "Review date must be a real date, for example 2026-12-01");
                    None
                }
            },
        };
        let papers = parse_notice(&self.papers_count, &self.papers_unit).unwrap_or_else(|m| {
            problem(GroupField::PapersDeadline, m);
            None
        });
        let agenda = parse_notice(&self.agenda_count, &self.agenda_unit).unwrap_or_else(|m| {
            problem(GroupField::AgendaCirculation, m);
            None
        });
        let frequency_note = self.frequency_note.split_whitespace().collect::<Vec<_>>().join(" ");
        if frequency_note.chars().count() > 200 {
            problems.push(FormProblem { field: GroupField::FrequencyCount, message: "The note on how often it meets must be 200 characters or fewer".to_owned() });
        }
        let rules = self.parse_rules(g, &mut problems);
        let transfer = self.parse_transfer(me, may_report_to, g, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        if g.transfers_to != transfer {
            g.transfers_to = transfer;
        }
        rules.write(g);
        g.terms.papers_deadline = papers;
        g.terms.agenda_circulation = agenda;
        g.reporting_cadence = cadence;
        if let Some(chair) = chair {
            if g.terms.chairing.arrangement != chair {
                g.terms.chairing.arrangement = chair;
            }
        }
        let vice = Some(self.vice_chair.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|v| !v.is_empty());
        if g.terms.chairing.vice_chair != vice {
            g.terms.chairing.vice_chair = vice;
        }
        g.terms.review_date = review_date;
        g.name = name.unwrap_or_default();
        g.kind = kind.unwrap_or_default();
        if g.terms.purpose.as_str() != self.purpose {
            g.terms.purpose.update(&self.purpose);
        }
        g.terms.frequency = frequency;
        if g.terms.frequency_note != frequency_note {
            g.terms.frequency_note = frequency_note;
        }
        g.reports_to = reports_to;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chairing_cadence_and_review_date_are_set_and_checked() {
        let (me, mut g) = group();
        let mut form = GroupForm::from_group(&g);
        form.cadence = "quarterly".into();
        form.chair_kind = "rotating".into();
        form.chair_roles = "Head of Service, Leicester\n\nHead of Service, Leicestershire\nHead of Service, Rutland".into();
        form.rotation_months = "x".into();
        form.review_date = "2017-13-01".into();
        let fields: Vec<_> = form.apply(me, &[], &mut g).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, [GroupField::RotationMonths, GroupField::ReviewDate]);
        form.rotation_months = "3".into();
        form.review_date = "2017-12-01".into();
        form.vice_chair = " Named  GP ".into();
        form.apply(me, &[], &mut g).unwrap();
        assert_eq!(g.reporting_cadence, Some(ReportingCadence::Quarterly));
        assert!(matches!(&g.terms.chairing.arrangement, ChairArrangement::Rotating { roles, period_months: 3 } if roles.len() == 3));
        assert_eq!(g.terms.chairing.vice_chair.as_deref(), Some("Named GP"));
        assert_eq!(g.terms.review_date, Date::from_ymd(2017, 12, 1));
        assert_eq!(GroupForm::from_group(&g).apply(me, &[], &mut g.clone()), Ok(()));
        let mut notice = GroupForm::from_group(&g);
        notice.papers_count = "10".into();
        notice.papers_unit = "working-days".into();
        notice.agenda_count = "7".into();
        let fields: Vec<_> = notice.apply(me, &[], &mut g).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, [GroupField::AgendaCirculation]);
        notice.agenda_unit = "days".into();
        notice.apply(me, &[], &mut g).unwrap();
        assert_eq!((g.terms.papers_deadline, g.terms.agenda_circulation), (Some(Notice::WorkingDaysBefore(10)), Some(Notice::DaysBefore(7))));
        let co = GroupForm { chair_kind: "co-chairs".into(), chair_roles: "Only one".into(), ..GroupForm::from_group(&g) };
        assert_eq!(co.apply(me, &[], &mut g).unwrap_err()[0].field, GroupField::ChairRoles);
    }

    #[test]
    fn saving_a_form_keeps_what_others_changed_while_it_was_open() {
        let (me, g) = group();
        let base = GroupForm::from_group(&g);
        // Another device changes the purpose and the frequency while this form is open.
        let mut theirs = g.clone();
        theirs.terms.purpose.update("Reviews cases, as agreed on another device");
        theirs.terms.frequency = Some(MeetingFrequency::EveryMonths(2));
        // This person changes only the name (and types the frequency they already had).
        let mut mine = base.clone();
        mine.name = "Case Review Sub Group".into();
        let mut saved = theirs.clone();
        mine.rebase(&base, &GroupForm::from_group(&theirs)).apply(me, &[], &mut saved).unwrap();
        assert_eq!(saved.name, "Case Review Sub Group", "their own change is saved");
        assert_eq!(saved.terms.purpose.as_str(), "Reviews cases, as agreed on another device", "the other device's purpose stays");
        assert_eq!(saved.terms.frequency, Some(MeetingFrequency::EveryMonths(2)), "and its frequency");
        // Without the rebase, the form's stale purpose would have been written back.
        let mut stale = theirs.clone();
        mine.apply(me, &[], &mut stale).unwrap();
        assert_eq!(stale.terms.purpose.as_str(), base.purpose);
        // A field both changed: this person's value wins (they saw the form and saved it).
        let mut both = base.clone();
        both.name = "Mine".into();
        let mut renamed = g.clone();
        renamed.name = "Theirs".into();
        assert_eq!(both.rebase(&base, &GroupForm::from_group(&renamed)).name, "Mine");
        // The purpose both rewrote from the start: theirs is replaced by what this person typed.
        both.purpose = "Mine".into();
        assert_eq!(both.rebase(&base, &GroupForm::from_group(&theirs)).purpose, "Mine");
    }

    #[test]
    fn a_purpose_changed_in_different_places_on_two_devices_keeps_both_changes() {
        let (me, mut g) = group();
        g.terms.purpose.update("Reviews serious cases. Reports to the board.");
        let base = GroupForm::from_group(&g);
        // Another device adds to the first sentence while this person adds to the second.
        let mut theirs = g.clone();
        theirs.terms.purpose.update("Reviews serious cases and practice. Reports to the board.");
        let mine = GroupForm { purpose: "Reviews serious cases. Reports to the board twice a year.".into(), ..base.clone() };
        let mut saved = theirs.clone();
        mine.rebase(&base, &GroupForm::from_group(&theirs)).apply(me, &[], &mut saved).unwrap();
        assert_eq!(saved.terms.purpose.as_str(), "Reviews serious cases and practice. Reports to the board twice a year.");
        // Before, this person's purpose was saved whole and the other addition was lost.
        let mut whole = theirs.clone();
        mine.apply(me, &[], &mut whole).unwrap();
        assert_eq!(whole.terms.purpose.as_str(), mine.purpose);
    }

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
            ..GroupForm::default()
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
    fn as_required_meetings_and_reporting_and_a_transfer_are_checked_and_set() {
        let (me, mut g) = group();
        let board = DocumentId::random();
        let bad = GroupForm {
            frequency_unit: "as-required".into(),
            frequency_count: "3".into(),
            cadence: "whenever".into(),
            transfer_group: board.to_string(),
            transfer_body: "Health and Wellbeing Board".into(),
            transfer_when: "Smarch 2019".into(),
            ..GroupForm::from_group(&g)
        };
        let fields: Vec<_> = bad.apply(me, &[board], &mut g).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, [GroupField::FrequencyCount, GroupField::Cadence, GroupField::TransfersTo, GroupField::TransferWhen]);
        let to_self = GroupForm { transfer_group: me.to_string(), ..GroupForm::from_group(&g) };
        assert_eq!(to_self.apply(me, &[board], &mut g).unwrap_err()[0].message, "A group cannot transfer to itself");
        let orphan = GroupForm { transfer_when: "2019".into(), ..GroupForm::from_group(&g) };
        assert_eq!(orphan.apply(me, &[board], &mut g).unwrap_err()[0].field, GroupField::TransfersTo);
        let form = GroupForm {
            frequency_unit: "as-required".into(),
            cadence: "as-required".into(),
            transfer_body: " Leicester Health and  Wellbeing Board ".into(),
            transfer_when: "april 2019".into(),
            ..GroupForm::from_group(&g)
        };
        form.apply(me, &[board], &mut g).unwrap();
        assert_eq!(g.terms.frequency, Some(MeetingFrequency::AsRequired));
        assert_eq!(g.reporting_cadence, Some(ReportingCadence::AsRequired));
        let t = g.transfers_to.clone().unwrap();
        assert_eq!(t.to, crate::model::BodyRef::Named("Leicester Health and Wellbeing Board".into()));
        assert_eq!(t.when.map(|w| w.to_string()).as_deref(), Some("April 2019"));
        let back = GroupForm::from_group(&g);
        assert_eq!((back.frequency_unit.as_str(), back.cadence.as_str(), back.transfer_when.as_str()), ("as-required", "as-required", "April 2019"));
        let before = g.clone();
        back.apply(me, &[board], &mut g).unwrap();
        assert_eq!(g, before, "a form read back applies without change");
        let to_board = GroupForm { transfer_body: String::new(), transfer_group: board.to_string(), ..back };
        to_board.apply(me, &[board], &mut g).unwrap();
        assert_eq!(g.transfers_to.unwrap().to, crate::model::BodyRef::Group(board));
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
            ..GroupForm::default()
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
