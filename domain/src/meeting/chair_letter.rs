//! The chair's letter to a member who breaks their group's attendance rule, drafted from the
//! Leicester constitution's own words (14.5: "If a LSCB member misses two consecutive
//! meetings, then the Chair, on behalf of the LSCB, may write to that member. If
//! non-attendance continues, the Chair will write to the senior person of that agency seeking
//! a replacement"; 9.1 on named deputies; 12.3 on attending regularly). The business office
//! copies it into the partnership's own letterhead and adjusts it as the chair wishes.

use super::AttendanceRate;
use crate::{
    model::{AttendanceRule, Date},
    rules::AttendanceBreach,
};

/// What the letter is drafted from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterFacts<'a> {
    /// The group's name.
    pub group: &'a str,
    /// Whom it is addressed to (the seat's holder, by name), or empty for "Dear member".
    pub addressee: &'a str,
    /// Their seat, e.g. "Representative (Leicestershire Police)".
    pub seat: &'a str,
    pub rule: &'a AttendanceRule,
    pub rate: &'a AttendanceRate,
    /// The day it is drafted: the reply is asked for within 10 working days.
    pub today: Date,
}

/// "1 April 2027, 6 May 2027 and 3 June 2027".
fn dates_text(dates: &[Date]) -> String {
    let words: Vec<String> = dates.iter().map(|d| d.long()).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sentence that says what happened, one per breach.
fn what_happened(b: &AttendanceBreach, missed: &[Date]) -> String {
    match b {
        AttendanceBreach::ConsecutiveAbsences(n) if missed.len() == *n as usize && !missed.is_empty() => {
            format!("You have not attended the last {n} meetings, held on {}, and no deputy attended in your place.", dates_text(missed))
        }
        AttendanceBreach::ConsecutiveAbsences(n) => format!("You have not attended the last {n} meetings, and no deputy attended in your place."),
        AttendanceBreach::BelowExpected { of_meetings: 1, .. } => "Neither you nor a deputy attended the last meeting.".to_owned(),
        AttendanceBreach::BelowExpected { attended, of_meetings, .. } => {
            format!("You, or your deputy, attended {attended} of the last {of_meetings} meetings.")
        }
        AttendanceBreach::BelowExpectedInYear { attended, held, since, .. } => {
            format!("You, or your deputy, attended {attended} of the {held} meetings held since {}.", since.long())
        }
    }
}

/// The letter, as plain text; `None` when the rate breaks no rule.
pub fn chair_letter(f: &LetterFacts<'_>) -> Option<String> {
    if f.rate.breaches.is_empty() {
        return None;
    }
    let dear = if f.addressee.trim().is_empty() { "Dear member".to_owned() } else { format!("Dear {}", f.addressee.trim()) };
    let happened: Vec<String> = f.rate.breaches.iter().map(|b| what_happened(b, &f.rate.missed_in_a_row)).collect();
    let reply_by = f.today.working_days_after(10);
    Some(format!(
        "{today}\n\n\
         {dear}\n\n\
         Attendance at the {group}\n\n\
         I am writing, on behalf of the {group}, about your attendance as {seat}. {happened}\n\n\
         The group's terms of reference expect regular attendance: {rule}. Members are accountable to each other, and to the organisation they represent, for the work of the group, and it cannot do that work well without them.\n\n\
         If you cannot attend a meeting, please make sure that your named deputy, of the same or a similar status and authority, attends in your place, fully briefed and with the papers.\n\n\
         Please let me know by {reply_by} whether you will be able to attend the coming meetings, or whether your organisation would like to nominate someone else. If attendance does not improve, I will write to the senior person of your organisation to agree a way forward.\n\n\
         Yours sincerely,\n\n\
         Chair, {group}\n",
        today = f.today.long(),
        group = f.group,
        seat = f.seat,
        happened = happened.join(" "),
        rule = lower_first(&f.rule.label()),
        reply_by = reply_by.long(),
    ))
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeatId;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    fn rate(breaches: Vec<AttendanceBreach>, missed: Vec<Date>) -> AttendanceRate {
        AttendanceRate { seat: SeatId::random(), member: String::new(), expected: 4, attended: 2, substituted: 0, apologies: 0, breaches, missed_in_a_row: missed }
    }

    #[test]
    fn two_missed_meetings_draft_the_letter_the_constitution_describes() {
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: Some(2), year_from: None };
        let r = rate(vec![AttendanceBreach::ConsecutiveAbsences(2)], vec![day(2027, 5, 6), day(2027, 6, 3)]);
        let facts = LetterFacts { group: "Leicester Safeguarding Children Board", addressee: "Detective Superintendent (demo)", seat: "Representative (Leicestershire Police)", rule: &rule, rate: &r, today: day(2027, 6, 7) };
        let letter = chair_letter(&facts).unwrap();
        assert!(letter.starts_with("7 June 2027\n\nDear Detective Superintendent (demo)\n\nAttendance at the Leicester Safeguarding Children Board\n\n"), "{letter}");
        assert!(letter.contains("as Representative (Leicestershire Police). You have not attended the last 2 meetings, held on 6 May 2027 and 3 June 2027, and no deputy attended in your place."), "{letter}");
        assert!(letter.contains("expect regular attendance: members should attend 3 of 4 meetings; missing 2 consecutive meetings triggers a letter from the chair."), "{letter}");
        // Ten working days after the day it is written (the spring bank holiday is not in June).
        assert!(letter.contains("Please let me know by 21 June 2027 whether"), "{letter}");
        assert!(letter.ends_with("Yours sincerely,\n\nChair, Leicester Safeguarding Children Board\n"));
        assert_eq!(chair_letter(&LetterFacts { rate: &rate(Vec::new(), Vec::new()), ..facts.clone() }), None, "no breach, no letter");
    }

    #[test]
    fn a_year_rule_letter_says_what_was_attended_this_year_and_an_unknown_holder_is_a_member() {
        let rule = AttendanceRule { attend: 3, of_meetings: 4, consecutive_absences_trigger: None, year_from: Some(4) };
        let r = rate(vec![AttendanceBreach::BelowExpectedInYear { attended: 1, held: 3, required: 3, of_meetings: 4, since: day(2026, 4, 1) }], Vec::new());
        let letter = chair_letter(&LetterFacts { group: "Board", addressee: " ", seat: "Head teacher", rule: &rule, rate: &r, today: day(2026, 10, 20) }).unwrap();
        assert!(letter.contains("\n\nDear member\n\n"));
        assert!(letter.contains("You, or your deputy, attended 1 of the 3 meetings held since 1 April 2026."), "{letter}");
        assert!(letter.contains("members should attend 3 of 4 meetings each year (April to March)."), "{letter}");
        assert_eq!(dates_text(&[day(2027, 4, 1), day(2027, 5, 6), day(2027, 6, 3)]), "1 April 2027, 6 May 2027 and 3 June 2027");
        let every = AttendanceRule { attend: 1, of_meetings: 1, consecutive_absences_trigger: None, year_from: None };
        let once = rate(vec![AttendanceBreach::BelowExpected { attended: 0, required: 1, of_meetings: 1 }], Vec::new());
        let letter = chair_letter(&LetterFacts { group: "Board", addressee: "A", seat: "Head teacher", rule: &every, rate: &once, today: day(2026, 10, 20) }).unwrap();
        assert!(letter.contains("as Head teacher. Neither you nor a deputy attended the last meeting.\n"), "{letter}");
    }
}
