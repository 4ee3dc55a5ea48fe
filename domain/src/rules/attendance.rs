use crate::{
    model::{AttendanceRule, Date},
    SeatId,
};

/// Attendance at past meetings, oldest first: for each meeting, the seats that attended
/// (by holder or deputy), and (in `dates`, in the same order) the day it was held, for a
/// rule judged over a year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttendanceRecord {
    pub meetings: Vec<Vec<SeatId>>,
    pub dates: Vec<Option<Date>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceBreach {
    /// Missed this many meetings in a row, reaching the rule's trigger (a letter from the chair).
    ConsecutiveAbsences(u32),
    /// Attended fewer than required in the last `of_meetings`.
    BelowExpected { attended: u32, required: u32, of_meetings: u32 },
    /// Under a rule judged over a year: missed more of this year's meetings (those held since
    /// `since`) than the rule allows, so they can no longer attend `required` of `of_meetings`.
    BelowExpectedInYear { attended: u32, held: u32, required: u32, of_meetings: u32, since: Date },
}

/// The breaches of `rule` by `seat` over `record`.
pub fn attendance_breaches(rule: &AttendanceRule, record: &AttendanceRecord, seat: SeatId) -> Vec<AttendanceBreach> {
    let mut out = Vec::new();
    let attended = |m: &Vec<SeatId>| m.contains(&seat);
    let run = record.meetings.iter().rev().take_while(|m| !attended(m)).count() as u32;
    if let Some(trigger) = rule.consecutive_absences_trigger {
        if trigger > 0 && run >= trigger {
            out.push(AttendanceBreach::ConsecutiveAbsences(run));
        }
    }
    if let Some(since) = record.dates.iter().flatten().max().and_then(|last| rule.year_start(*last)) {
        // This year's meetings: those held on or after the first day of the latest one's year.
        let this_year: Vec<&Vec<SeatId>> =
            record.meetings.iter().zip(&record.dates).filter(|(_, d)| d.is_some_and(|d| d >= since)).map(|(m, _)| m).collect();
        let held = this_year.len() as u32;
        let attended = this_year.iter().filter(|m| attended(m)).count() as u32;
        let allowed = rule.of_meetings.saturating_sub(rule.attend);
        if held - attended > allowed {
            out.push(AttendanceBreach::BelowExpectedInYear { attended, held, required: rule.attend, of_meetings: rule.of_meetings, since });
        }
        return out;
    }
    let window = rule.of_meetings as usize;
    if rule.year_from.is_none() && window > 0 && record.meetings.len() >= window {
        let recent = &record.meetings[record.meetings.len() - window..];
        let n = recent.iter().filter(|m| attended(m)).count() as u32;
        if n < rule.attend {
            out.push(AttendanceBreach::BelowExpected { attended: n, required: rule.attend, of_meetings: rule.of_meetings });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_consecutive_absences_trigger_a_letter() {
        let me = SeatId::random();
        let other = SeatId::random();
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: Some(2), year_from: None };
        let record = AttendanceRecord { meetings: vec![vec![me], vec![me, other], vec![other], vec![other]], dates: Vec::new() };
        assert_eq!(
            attendance_breaches(&rule, &record, me),
            vec![AttendanceBreach::ConsecutiveAbsences(2), AttendanceBreach::BelowExpected { attended: 2, required: 3, of_meetings: 4 }]
        );
        assert!(attendance_breaches(&rule, &record, other).is_empty());
    }

    #[test]
    fn too_few_meetings_to_judge_is_no_breach() {
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: None, year_from: None };
        let record = AttendanceRecord { meetings: vec![vec![], vec![]], dates: Vec::new() };
        assert!(attendance_breaches(&rule, &record, SeatId::random()).is_empty());
    }

    /// "3 of 4 meetings each year, April to March": judged on this year's meetings only, and
    /// flagged as soon as a member can no longer make 3 of the year's 4.
    #[test]
    fn a_year_window_counts_this_years_meetings_and_flags_once_the_commitment_is_out_of_reach() {
        let (me, other) = (SeatId::random(), SeatId::random());
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: None, year_from: Some(4) };
        let day = |y, m, d| Date::from_ymd(y, m, d);
        let record = |meetings: Vec<(Option<Date>, Vec<SeatId>)>| AttendanceRecord {
            dates: meetings.iter().map(|(d, _)| *d).collect(),
            meetings: meetings.into_iter().map(|(_, m)| m).collect(),
        };
        let case = |meetings: Vec<(Option<Date>, Vec<SeatId>)>, seat| attendance_breaches(&rule, &record(meetings), seat);
        // Last year's absences (January and March 2026) do not count in the year from April 2026.
        let last_year = vec![(day(2026, 1, 15), vec![other]), (day(2026, 3, 19), vec![other])];
        let mut year = last_year.clone();
        year.push((day(2026, 4, 16), vec![me, other]));
        assert!(case(year.clone(), me).is_empty(), "one meeting attended this year: in reach");
        year.push((day(2026, 7, 16), vec![other]));
        assert!(case(year.clone(), me).is_empty(), "one missed of four: 3 of 4 still possible");
        year.push((day(2026, 10, 15), vec![other]));
        assert_eq!(
            case(year.clone(), me),
            [AttendanceBreach::BelowExpectedInYear { attended: 1, held: 3, required: 3, of_meetings: 4, since: day(2026, 4, 1).unwrap() }],
            "two missed of four: out of reach"
        );
        assert!(case(year.clone(), other).is_empty());
        // A new year starts with the first meeting held in it.
        year.push((day(2027, 4, 15), vec![me]));
        assert!(case(year, me).is_empty(), "the year from April 2027 starts afresh");
        // Before April 2026, the year was April 2025 to March 2026, in which both were missed.
        assert_eq!(
            case(last_year, me),
            [AttendanceBreach::BelowExpectedInYear { attended: 0, held: 2, required: 3, of_meetings: 4, since: day(2025, 4, 1).unwrap() }]
        );
    }
}
