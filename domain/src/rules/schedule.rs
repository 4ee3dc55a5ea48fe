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
    fn review_dates_are_overdue_due_soon_or_scheduled() {
        let today = d("2026-11-22");
        assert_eq!(review_status(Some(d("2026-11-01")), today), ReviewStatus::Overdue { since: d("2026-11-01") });
        assert_eq!(review_status(Some(d("2027-01-01")), today), ReviewStatus::DueSoon { on: d("2027-01-01") });
        assert_eq!(review_status(Some(d("2027-11-01")), today), ReviewStatus::Scheduled { on: d("2027-11-01") });
        assert_eq!(review_status(None, today), ReviewStatus::NotSet);
    }
}
