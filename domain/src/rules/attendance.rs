use crate::{model::AttendanceRule, SeatId};

/// Attendance at past meetings, oldest first: for each meeting, the seats that attended
/// (by holder or deputy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttendanceRecord {
    pub meetings: Vec<Vec<SeatId>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceBreach {
    /// Missed this many meetings in a row, reaching the rule's trigger (a letter from the chair).
    ConsecutiveAbsences(u32),
    /// Attended fewer than required in the last `of_meetings`.
    BelowExpected { attended: u32, required: u32, of_meetings: u32 },
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
    let window = rule.of_meetings as usize;
    if window > 0 && record.meetings.len() >= window {
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
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: Some(2) };
        let record = AttendanceRecord { meetings: vec![vec![me], vec![me, other], vec![other], vec![other]] };
        assert_eq!(
            attendance_breaches(&rule, &record, me),
            vec![AttendanceBreach::ConsecutiveAbsences(2), AttendanceBreach::BelowExpected { attended: 2, required: 3, of_meetings: 4 }]
        );
        assert!(attendance_breaches(&rule, &record, other).is_empty());
    }

    #[test]
    fn too_few_meetings_to_judge_is_no_breach() {
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: None };
        let record = AttendanceRecord { meetings: vec![vec![], vec![]] };
        assert!(attendance_breaches(&rule, &record, SeatId::random()).is_empty());
    }
}
