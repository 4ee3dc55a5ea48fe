use std::{fmt, str::FromStr};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A calendar date (no time zone), stored in documents as `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NaiveDate);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter a real date, for example 27 3 2026 ({0:?} is not one)")]
pub struct BadDate(String);

impl Date {
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(y, m, d).map(Self)
    }

    pub fn add_days(self, days: i64) -> Self {
        if days >= 0 {
            Self(self.0 + Days::new(days as u64))
        } else {
            Self(self.0 - Days::new(days.unsigned_abs()))
        }
    }

    /// Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb).
    pub fn add_months(self, months: u32) -> Self {
        Self(self.0 + Months::new(months))
    }

    pub fn add_years(self, years: u32) -> Self {
        self.add_months(years * 12)
    }

    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }

    pub fn is_weekend(self) -> bool {
        matches!(self.0.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The calendar day (UTC) of a unix time in seconds.
    /// Seconds since the epoch at `hour`:00 UTC on this day.
    pub fn unix_seconds_at(self, hour: u32) -> i64 {
        self.0.and_hms_opt(hour.min(23), 0, 0).map_or(0, |t| t.and_utc().timestamp())
    }

    pub fn of_unix_seconds(secs: i64) -> Self {
        Self::from_ymd(1970, 1, 1).expect("a real date").add_days(secs.div_euclid(86_400))
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        (self.0.year(), self.0.month(), self.0.day())
    }

    /// Monday to Friday and not an England and Wales bank holiday (see
    /// [`super::bank_holidays`] for the years the list covers).
    pub fn is_working_day(self) -> bool {
        !self.is_weekend() && !super::bank_holidays::is_bank_holiday(self)
    }

    /// `n` working days before this date, skipping weekends and bank holidays.
    pub fn working_days_before(self, n: u32) -> Self {
        let mut d = self;
        let mut left = n;
        while left > 0 {
            d = d.add_days(-1);
            if d.is_working_day() {
                left -= 1;
            }
        }
        d
    }

    /// The `n`th working day after this date (weekends and bank holidays skipped).
    pub fn working_days_after(self, n: u32) -> Self {
        let mut d = self;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if d.is_working_day() {
                left -= 1;
            }
        }
        d
    }

    /// The first working day on or after this date.
    pub fn next_working_day(self) -> Self {
        let mut d = self;
        while !d.is_working_day() {
            d = d.add_days(1);
        }
        d
    }

    /// As people read it: `27 March 2026`.
    pub fn long(self) -> String {
        self.0.format("%-d %B %Y").to_string()
    }

    /// With the day of the week: `Friday 27 March 2026`.
    pub fn long_with_weekday(self) -> String {
        self.0.format("%A %-d %B %Y").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl FromStr for Date {
    type Err = BadDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map(Self).map_err(|_| BadDate(s.chars().take(32).collect()))
    }
}

crate::ids::store_as_string!(Date);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn month_arithmetic_clamps_to_the_end_of_the_month() {
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2024-02-29").add_years(1), d("2025-02-28"));
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday 27 Nov 2026; 10 working days before is Friday 13 Nov.
        assert_eq!(d("2026-11-27").working_days_before(10), d("2026-11-13"));
        assert_eq!(d("2026-11-23").working_days_before(1), d("2026-11-20"));
    }

    /// Leicester constitution 15.4: papers "at least ten working days before a meeting".
    #[test]
    fn working_days_skip_england_and_wales_bank_holidays() {
        // Thursday 1 April 2027: Easter Monday 29 and Good Friday 26 March do not count.
        assert_eq!(d("2027-04-01").working_days_before(10), d("2027-03-16"));
        // Thursday 7 January 2027: New Year's Day does not count.
        assert_eq!(d("2027-01-07").working_days_before(5), d("2026-12-30"));
        // Over Christmas 2026 (Boxing Day's substitute is Monday 28th).
        assert_eq!(d("2026-12-30").working_days_before(2), d("2026-12-24"));
        assert_eq!(d("2026-12-25").next_working_day(), d("2026-12-29"));
        assert!(d("2026-12-29").is_working_day() && !d("2026-12-28").is_working_day());
    }

    #[test]
    fn parses_iso_dates_only() {
        assert!("2026-02-30".parse::<Date>().is_err());
        assert!("27/03/2026".parse::<Date>().is_err());
        assert_eq!(d("2026-03-27").long(), "27 March 2026");
    }
}
