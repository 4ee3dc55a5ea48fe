//! How the typed values read to a person (GOV.UK style: plain, sentence case).

use super::{
    AttendanceRule, ChairArrangement, DecisionRules, GroupKind, GroupStatus, Majority, MeetingFrequency, Notice,
    ReportingCadence, SeatHolding, SubstituteRule, Threshold,
};

impl SubstituteRule {
    /// As a form's option reads.
    pub fn label(self) -> &'static str {
        match self {
            SubstituteRule::NamedDeputy => "A named deputy",
            SubstituteRule::AnyColleague => "Any colleague from the holder's organisation",
            SubstituteRule::NoSubstitute => "No substitutes",
        }
    }

    /// What a seat's substitute arrangement reads as, given the deputy's name if one is named.
    pub fn describe(self, deputy: Option<&str>) -> String {
        match (self, deputy) {
            (SubstituteRule::NamedDeputy, Some(name)) => format!("Deputy: {name}"),
            (SubstituteRule::NamedDeputy, None) => "No deputy named".to_owned(),
            (SubstituteRule::AnyColleague, _) => "Any colleague from the same organisation may attend".to_owned(),
            (SubstituteRule::NoSubstitute, _) => "No substitutes".to_owned(),
        }
    }
}

impl SeatHolding {
    pub fn label(self) -> &'static str {
        match self {
            SeatHolding::Single => "One person",
            SeatHolding::Shared => "Several people (shared seat)",
        }
    }
}

impl GroupKind {
    pub const ALL: [GroupKind; 8] = [
        GroupKind::Board,
        GroupKind::StrategicGroup,
        GroupKind::Subgroup,
        GroupKind::TaskAndFinishGroup,
        GroupKind::Panel,
        GroupKind::Forum,
        GroupKind::LocalCommittee,
        GroupKind::WorkingGroup,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Board => "Board",
            GroupKind::StrategicGroup => "Strategic or executive group",
            GroupKind::Subgroup => "Subgroup",
            GroupKind::TaskAndFinishGroup => "Task and finish group",
            GroupKind::Panel => "Panel",
            GroupKind::Forum => "Forum",
            GroupKind::LocalCommittee => "Local committee",
            GroupKind::WorkingGroup => "Working group",
        }
    }

    /// A stable token for form values.
    pub fn token(self) -> &'static str {
        match self {
            GroupKind::Board => "board",
            GroupKind::StrategicGroup => "strategic",
            GroupKind::Subgroup => "subgroup",
            GroupKind::TaskAndFinishGroup => "task-and-finish",
            GroupKind::Panel => "panel",
            GroupKind::Forum => "forum",
            GroupKind::LocalCommittee => "local-committee",
            GroupKind::WorkingGroup => "working-group",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.token() == token)
    }
}

impl GroupStatus {
    pub fn label(self) -> &'static str {
        match self {
            GroupStatus::Proposed => "Proposed",
            GroupStatus::Active => "Active",
            GroupStatus::Dissolved => "Dissolved",
        }
    }
}

impl ReportingCadence {
    pub fn label(self) -> &'static str {
        match self {
            ReportingCadence::EachMeeting => "at each meeting",
            ReportingCadence::Quarterly => "quarterly",
            ReportingCadence::Biannual => "twice a year",
            ReportingCadence::Annual => "once a year",
            ReportingCadence::AsRequired => "as and when required",
        }
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        format!("{n} {many}")
    }
}

impl MeetingFrequency {
    pub fn label(self) -> String {
        match self {
            MeetingFrequency::EveryWeeks(n) => format!("Every {}", plural(n, "week", "weeks")),
            MeetingFrequency::EveryMonths(n) => format!("Every {}", plural(n, "month", "months")),
            MeetingFrequency::AtLeastPerYear(n) => format!("At least {} a year", plural(n, "once", "times")),
            MeetingFrequency::AsRequired => "As and when required".to_owned(),
        }
    }
}

impl Notice {
    pub fn label(self) -> String {
        match self {
            Notice::WorkingDaysBefore(n) => format!("{} before the meeting", plural(n, "1 working day", "working days")),
            Notice::DaysBefore(7) => "A week before the meeting".to_owned(),
            Notice::DaysBefore(n) => format!("{} before the meeting", plural(n, "1 day", "days")),
        }
    }
}

impl ChairArrangement {
    pub fn label(&self) -> String {
        match self {
            ChairArrangement::NotSet => "Not recorded".to_owned(),
            ChairArrangement::Independent => "Independent chair".to_owned(),
            ChairArrangement::ByRole { role, .. } => role.clone(),
            ChairArrangement::CoChairs { roles } => format!("Co-chairs: {}", roles.join("; ")),
            ChairArrangement::Rotating { roles, period_months } => {
                format!("Rotating every {} among: {}", plural(*period_months, "month", "months"), roles.join("; "))
            }
        }
    }
}

impl Threshold {
    pub fn label(self) -> String {
        match self {
            Threshold::Share { numerator, denominator } if denominator > 0 => {
                let pct = f64::from(numerator) * 100.0 / f64::from(denominator);
                format!("{}% of the voting members", (pct * 10.0).round() / 10.0)
            }
            Threshold::Share { .. } => "A share of the voting members".to_owned(),
            Threshold::Count(n) => format!("{} voting members", n),
        }
    }
}

impl DecisionRules {
    /// One sentence per rule, in the order a meeting applies them.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if *self == DecisionRules::default() {
            return out; // nothing recorded
        }
        if self.consensus_first {
            out.push("Decisions are made by consensus wherever possible".to_owned());
        }
        out.push(match self.majority {
            Majority::Simple => "Otherwise by a simple majority vote".to_owned(),
            Majority::WithChairConsent => "Otherwise by a majority vote that must include the chair's consent".to_owned(),
        });
        if let Some(who) = &self.casting_vote {
            out.push(format!("Casting vote in a deadlock: {who}"));
        }
        for s in &self.special_majorities {
            out.push(format!("{}: {} in {} needed", s.matter, s.numerator, s.denominator));
        }
        out
    }
}

/// The months' names, January first.
const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// The first and last months of a year starting in `month` (1 to 12): ("April", "March").
pub fn year_months_from(month: u32) -> Option<(&'static str, &'static str)> {
    let m = (1..=12).contains(&month).then_some(month as usize)?;
    Some((MONTHS[m - 1], MONTHS[(m + 10) % 12]))
}

impl AttendanceRule {
    /// The first and last months of its year window ("April", "March"), if it has one.
    pub fn year_months(self) -> Option<(&'static str, &'static str)> {
        year_months_from(self.year_from?)
    }

    /// The first day of the year window that holds `day` (`None` without a year window).
    pub fn year_start(self, day: super::Date) -> Option<super::Date> {
        let m = self.year_from.filter(|m| (1..=12).contains(m))?;
        let (y, month, _) = day.ymd();
        let year = if month >= m { y } else { y - 1 };
        super::Date::from_ymd(year, m, 1)
    }

    pub fn label(self) -> String {
        let mut s = if self.attend == self.of_meetings {
            "Members are expected at every meeting".to_owned()
        } else {
            format!("Members should attend {} of {} meetings", self.attend, self.of_meetings)
        };
        if let Some((from, to)) = self.year_months() {
            s.push_str(&format!(" each year ({from} to {to})"));
        }
        if let Some(n) = self.consecutive_absences_trigger {
            s.push_str(&format!("; missing {n} consecutive meetings triggers a letter from the chair"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_the_seeds_write_them() {
        assert_eq!(MeetingFrequency::EveryMonths(3).label(), "Every 3 months");
        assert_eq!(MeetingFrequency::AtLeastPerYear(4).label(), "At least 4 times a year");
        assert_eq!(MeetingFrequency::AsRequired.label(), "As and when required");
        assert_eq!(ReportingCadence::AsRequired.label(), "as and when required");
        assert_eq!(SubstituteRule::NamedDeputy.describe(Some("Jo")), "Deputy: Jo");
        assert_eq!(SubstituteRule::AnyColleague.describe(Some("Jo")), "Any colleague from the same organisation may attend");
        for r in SubstituteRule::ALL {
            assert_eq!(SubstituteRule::from_token(r.token()), Some(r));
        }
        assert_eq!(Notice::WorkingDaysBefore(10).label(), "10 working days before the meeting");
        assert_eq!(Notice::DaysBefore(7).label(), "A week before the meeting");
        assert_eq!(Threshold::Share { numerator: 1, denominator: 2 }.label(), "50% of the voting members");
        assert_eq!(
            AttendanceRule { attend: 1, of_meetings: 1, consecutive_absences_trigger: Some(2), year_from: None }.label(),
            "Members are expected at every meeting; missing 2 consecutive meetings triggers a letter from the chair"
        );
        assert_eq!(
            AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: None, year_from: Some(4) }.label(),
            "Members should attend 3 of 4 meetings each year (April to March)"
        );
        assert!(DecisionRules::default().lines().is_empty(), "nothing recorded reads as nothing");
        for k in GroupKind::ALL {
            assert_eq!(GroupKind::from_token(k.token()), Some(k));
        }
    }
}
