//! Attendance rates per seat over a group's held meetings (constitution 15.7 h: "a record of
//! attendance at the Board meetings will be kept, monitoring the attendance of Board members and
//! their substitutes"), with the group's attendance rule applied
//! ([`crate::rules::attendance_breaches`]), and their CSV.

use super::{attendance_record, Mark, MeetingDoc, MeetingStatus};
use crate::{
    model::{AttendanceRule, Seat},
    rules::{attendance_breaches, AttendanceBreach},
    SeatId,
};

/// One seat's attendance over the held meetings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRate {
    pub seat: SeatId,
    /// "Role (Organisation): holder", as the caller names it.
    pub member: String,
    /// Held meetings (cancelled, adjourned and future ones never count).
    pub expected: u32,
    /// Attended by the holder, in the room or online.
    pub attended: u32,
    /// Sent the named deputy or a substitute.
    pub substituted: u32,
    pub apologies: u32,
    /// Breaches of the group's attendance rule, if it has one.
    pub breaches: Vec<AttendanceBreach>,
    /// The dates of the latest held meetings missed one after another, oldest first (for the
    /// chair's letter).
    pub missed_in_a_row: Vec<crate::model::Date>,
}

impl AttendanceRate {
    /// Attended in person or by a deputy or substitute, as a whole percentage (rounded half
    /// up); `None` before any meeting was held.
    pub fn percent(&self) -> Option<u32> {
        (self.expected > 0).then(|| ((self.attended + self.substituted) * 200 + self.expected).div_euclid(2 * self.expected))
    }

    /// "75%", or "No meetings held".
    pub fn percent_text(&self) -> String {
        self.percent().map(|p| format!("{p}%")).unwrap_or_else(|| "No meetings held".to_owned())
    }

    /// The breaches in words ("Missed 2 meetings in a row; attended 1 of the last 4, 3 expected").
    pub fn breaches_text(&self) -> String {
        self.breaches
            .iter()
            .map(|b| match b {
                AttendanceBreach::ConsecutiveAbsences(n) => format!("Missed {n} meetings in a row"),
                AttendanceBreach::BelowExpected { attended, required, of_meetings } => {
                    format!("Attended {attended} of the last {of_meetings}, {required} expected")
                }
                AttendanceBreach::BelowExpectedInYear { attended, held, required, of_meetings, since } => {
                    format!("Attended {attended} of {held} since {}, {required} of {of_meetings} expected in the year", since.long())
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The attendance of every seat of `seats` over the held `meetings`, in seat order.
pub fn attendance_rates<'a>(
    seats: &[Seat],
    rule: Option<&AttendanceRule>,
    meetings: impl IntoIterator<Item = &'a MeetingDoc>,
    member: impl Fn(&Seat) -> String,
) -> Vec<AttendanceRate> {
    let mut held: Vec<&MeetingDoc> = meetings.into_iter().filter(|m| m.status == MeetingStatus::Held).collect();
    held.sort_by_key(|m| m.date);
    let record = attendance_record(held.iter().copied());
    seats
        .iter()
        .map(|s| {
            let count = |f: fn(&Mark) -> bool| held.iter().filter(|m| m.attendance.mark(s.id).is_some_and(f)).count() as u32;
            AttendanceRate {
                seat: s.id,
                member: member(s),
                expected: held.len() as u32,
                attended: count(|k| matches!(k, Mark::Present | Mark::PresentOnline)),
                substituted: count(|k| matches!(k, Mark::Deputy | Mark::Substitute { .. })),
                apologies: count(|k| matches!(k, Mark::Apologies)),
                breaches: rule.map(|r| attendance_breaches(r, &record, s.id)).unwrap_or_default(),
                missed_in_a_row: {
                    let mut run: Vec<crate::model::Date> = held
                        .iter()
                        .rev()
                        .take_while(|m| !m.attendance.mark(s.id).is_some_and(Mark::attended))
                        .filter_map(|m| m.date)
                        .collect();
                    run.reverse();
                    run
                },
            }
        })
        .collect()
}

/// The rates as CSV (formulas neutralised, as every CSV the app writes).
pub fn attendance_csv(rows: &[AttendanceRate]) -> String {
    let mut out = String::from("Member,Meetings expected,Attended,Sent a deputy or substitute,Apologies,Rate,Attendance rule\r\n");
    for r in rows {
        let row = [
            r.member.clone(),
            r.expected.to_string(),
            r.attended.to_string(),
            r.substituted.to_string(),
            r.apologies.to_string(),
            r.percent().map(|p| format!("{p}%")).unwrap_or_default(),
            r.breaches_text(),
        ];
        out.push_str(&super::tracker::csv_row(&row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{model::SeatCategory, DocumentId};

    fn meeting(date: &str, status: MeetingStatus, marks: &[(SeatId, Mark)]) -> MeetingDoc {
        let mut m = MeetingDoc::new(DocumentId::random(), date.parse().unwrap(), &Default::default());
        m.status = status;
        for (s, k) in marks {
            m.attendance.set(*s, k.clone());
        }
        m
    }

    #[test]
    fn rates_count_held_meetings_only_and_substitutes_apart() {
        let seats = [Seat::new("Chief Nurse", None, SeatCategory::Core, true), Seat::new("=HYPERLINK(\"x\")", None, SeatCategory::Core, true)];
        let (a, b) = (seats[0].id, seats[1].id);
        let sub = || Mark::Substitute { name: "Sam Cover".into() };
        let meetings = [
            meeting("2027-01-07", MeetingStatus::Held, &[(a, Mark::Present), (b, Mark::Apologies)]),
            meeting("2027-02-04", MeetingStatus::Cancelled, &[(a, Mark::Absent), (b, Mark::Absent)]),
            meeting("2027-03-04", MeetingStatus::Held, &[(a, sub()), (b, Mark::Absent)]),
            meeting("2027-04-01", MeetingStatus::Held, &[(a, Mark::PresentOnline)]),
            meeting("2027-05-06", MeetingStatus::Scheduled, &[]),
        ];
        let rule = AttendanceRule { attend: 2, of_meetings: 3, consecutive_absences_trigger: Some(2), year_from: None };
        let rows = attendance_rates(&seats, Some(&rule), &meetings, |s| s.role_title.clone());
        assert_eq!((rows[0].expected, rows[0].attended, rows[0].substituted, rows[0].apologies), (3, 2, 1, 0));
        assert_eq!(rows[0].percent_text(), "100%");
        assert!(rows[0].breaches.is_empty());
        assert_eq!((rows[1].attended, rows[1].substituted, rows[1].apologies, rows[1].percent()), (0, 0, 1, Some(0)));
        assert_eq!(rows[1].breaches_text(), "Missed 3 meetings in a row; Attended 0 of the last 3, 2 expected");
        let dates = |v: &[&str]| v.iter().map(|d| d.parse().unwrap()).collect::<Vec<crate::model::Date>>();
        assert_eq!(rows[1].missed_in_a_row, dates(&["2027-01-07", "2027-03-04", "2027-04-01"]), "held meetings only, oldest first");
        assert!(rows[0].missed_in_a_row.is_empty());
        let csv = attendance_csv(&rows);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Member,Meetings expected,Attended,Sent a deputy or substitute,Apologies,Rate,Attendance rule");
        assert_eq!(lines[1], "Chief Nurse,3,2,1,0,100%,");
        assert!(lines[2].starts_with("\"'=HYPERLINK(\"\"x\"\")\",3,0,0,1,0%,"), "a formula is neutralised: {}", lines[2]);
        // Two of three: 67% (rounded half up); before any meeting: no rate.
        let two_of_three = AttendanceRate { expected: 3, attended: 2, substituted: 0, ..rows[0].clone() };
        assert_eq!(two_of_three.percent(), Some(67));
        assert_eq!(attendance_rates(&seats, None, &meetings[4..], |_| String::new())[0].percent_text(), "No meetings held");
    }
}
