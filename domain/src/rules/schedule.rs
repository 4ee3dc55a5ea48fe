use crate::model::{Date, MeetingFrequency};

/// The next `n` meeting dates a frequency implies after the meeting on `last`.
/// "At least N a year" gives the latest dates that still satisfy it; "as required" implies
/// none.
pub fn meeting_dates(frequency: MeetingFrequency, last: Date, n: usize) -> Vec<Date> {
    let step = |d: Date| match frequency {
        MeetingFrequency::EveryWeeks(w) => d.add_days(7 * i64::from(w.max(1))),
        MeetingFrequency::EveryMonths(m) => d.add_months(m.max(1)),
        MeetingFrequency::AtLeastPerYear(k) => d.add_months(12 / k.clamp(1, 12)),
        MeetingFrequency::AsRequired => d,
    };
    if frequency == MeetingFrequency::AsRequired {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(n);
    let mut d = last;
    for _ in 0..n {
        d = step(d);
        out.push(d);
    }
    out
}

/// "Plan the year": meeting dates from `first` up to and including `until` at the frequency,
/// each moved to the next working day when it falls on a weekend or bank holiday (the
/// business office then adjusts them). The cycle runs from the unmoved dates, so one moved
/// meeting does not drift the rest. "As required" proposes only `first`.
pub fn plan_meetings(frequency: MeetingFrequency, first: Date, until: Date) -> Vec<Date> {
    let mut out = Vec::new();
    if first > until {
        return out;
    }
    out.push(first.next_working_day());
    if frequency == MeetingFrequency::AsRequired {
        return out;
    }
    for d in meeting_dates(frequency, first, 400) {
        if d > until {
            break;
        }
        let moved = d.next_working_day();
        if out.last() != Some(&moved) {
            out.push(moved);
        }
    }
    out
}

/// "Plan the year" for a group: the meetings its frequency implies over the twelve months
/// after `last` (its latest meeting, past or planned) or after `today`, whichever is later,
/// each on a working day (see [`plan_meetings`]). The first is one cycle after that day. "As
/// required", or no frequency set, proposes nothing: the business office adds meetings one
/// by one.
pub fn propose_year(frequency: Option<MeetingFrequency>, last: Option<Date>, today: Date) -> Vec<Date> {
    let Some(frequency) = frequency.filter(|f| *f != MeetingFrequency::AsRequired) else {
        return Vec::new();
    };
    let from = last.map_or(today, |l| l.max(today));
    let Some(first) = meeting_dates(frequency, from, 1).first().copied() else {
        return Vec::new();
    };
    plan_meetings(frequency, first, from.add_years(1))
}

/// Where a terms of reference's review date stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    NotSet,
    Overdue { since: Date },
    DueSoon { on: Date },
    Scheduled { on: Date },
}

pub fn review_status(review_date: Option<Date>, today: Date) -> ReviewStatus {
    match review_date {
        None => ReviewStatus::NotSet,
        Some(on) if on <= today => ReviewStatus::Overdue { since: on },
        Some(on) if today.days_until(on) <= super::DUE_SOON_DAYS => ReviewStatus::DueSoon { on },
        Some(on) => ReviewStatus::Scheduled { on },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn every_three_months_from_the_last_meeting() {
        let got = meeting_dates(MeetingFrequency::EveryMonths(3), d("2026-01-31"), 3);
        assert_eq!(got, vec![d("2026-04-30"), d("2026-07-30"), d("2026-10-30")]);
    }

    #[test]
    fn every_six_weeks_and_at_least_four_a_year() {
        assert_eq!(meeting_dates(MeetingFrequency::EveryWeeks(6), d("2026-11-02"), 1), vec![d("2026-12-14")]);
        assert_eq!(meeting_dates(MeetingFrequency::AtLeastPerYear(4), d("2026-01-15"), 2), vec![d("2026-04-15"), d("2026-07-15")]);
        assert!(meeting_dates(MeetingFrequency::AsRequired, d("2026-01-15"), 2).is_empty(), "as required sets no dates");
    }

    #[test]
    fn planning_a_year_of_quarterly_meetings_avoids_bank_holidays() {
        // The LLR joint sub group meets quarterly; a first meeting on Good Friday 2027 moves.
        let got = plan_meetings(MeetingFrequency::EveryMonths(3), d("2027-03-26"), d("2028-03-25"));
        assert_eq!(got, vec![d("2027-03-30"), d("2027-06-28"), d("2027-09-27"), d("2027-12-29")]);
        let monthly = plan_meetings(MeetingFrequency::EveryMonths(1), d("2027-01-14"), d("2027-12-31"));
        assert_eq!(monthly.len(), 12);
        assert!(monthly.iter().all(|m| m.is_working_day()));
        assert_eq!(plan_meetings(MeetingFrequency::AtLeastPerYear(4), d("2027-01-14"), d("2027-12-31")).len(), 4);
        assert_eq!(plan_meetings(MeetingFrequency::AsRequired, d("2027-01-14"), d("2027-12-31")), vec![d("2027-01-14")]);
        assert!(plan_meetings(MeetingFrequency::EveryMonths(1), d("2028-01-01"), d("2027-12-31")).is_empty());
    }

    #[test]
    fn the_year_is_planned_after_the_last_planned_meeting_or_today() {
        let today = d("2027-01-11");
        // Quarterly, last met in the past: four meetings from three months after today.
        let got = propose_year(Some(MeetingFrequency::EveryMonths(3)), Some(d("2026-10-05")), today);
        assert_eq!(got, vec![d("2027-04-12"), d("2027-07-12"), d("2027-10-11"), d("2028-01-11")]);
        // A meeting already planned in March: the year runs from it.
        let got = propose_year(Some(MeetingFrequency::EveryMonths(2)), Some(d("2027-03-10")), today);
        assert_eq!(got.first(), Some(&d("2027-05-10")));
        assert_eq!(got.last(), Some(&d("2028-03-10")));
        assert_eq!(got.len(), 6);
        // Monthly, no meeting yet: twelve, each on a working day, none on a bank holiday.
        let monthly = propose_year(Some(MeetingFrequency::EveryMonths(1)), None, d("2027-04-26"));
        assert_eq!(monthly.len(), 12);
        assert_eq!(monthly[0], d("2027-05-26"));
        assert!(monthly.iter().all(|m| m.is_working_day()));
        assert!(!monthly.contains(&d("2027-12-27")) && monthly.contains(&d("2027-12-29")), "Boxing Day substitute and 28 Dec skipped");
        assert_eq!(propose_year(Some(MeetingFrequency::AtLeastPerYear(4)), None, today).len(), 4);
        assert!(propose_year(Some(MeetingFrequency::AsRequired), None, today).is_empty());
        assert!(propose_year(None, Some(d("2026-12-01")), today).is_empty());
    }

    #[test]
    fn review_dates_are_overdue_due_soon_or_scheduled() {
        let today = d("2026-11-22");
        assert_eq!(review_status(Some(d("2026-11-01")), today), ReviewStatus::Overdue { since: d("2026-11-01") });
        assert_eq!(review_status(Some(d("2027-01-01")), today), ReviewStatus::DueSoon { on: d("2027-01-01") });
        assert_eq!(review_status(Some(d("2027-11-01")), today), ReviewStatus::Scheduled { on: d("2027-11-01") });
        assert_eq!(review_status(None, today), ReviewStatus::NotSet);
    }
}
