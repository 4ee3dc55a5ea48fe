//! A date known to the day, the month or only the year, as governance documents write them:
//! "approved April 2007", "from 2019", "signed off 12 March 2020".

use std::{fmt, str::FromStr};

use super::Date;

/// A year, a month of a year, or a full date. Stored in documents as ISO text
/// (`2007`, `2007-04`, `2007-04-12`); read to people as `2007`, `April 2007`, `12 April 2007`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    /// Year and month (1–12).
    Month(i32, u32),
    Day(Date),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter a date such as April 2007, 12 April 2007 or 2007 ({0:?} is not one)")]
pub struct BadPartialDate(String);

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    // "Sept" is as common as "Sep" in minutes.
    let w = if w == "sept" { "sep".to_owned() } else { w };
    MONTHS.iter().position(|m| m.starts_with(&w)).map(|i| i as u32 + 1)
}

const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| YEARS.contains(y))
}

impl PartialDate {
    /// The first day it can mean, for ordering.
    pub fn earliest(self) -> Date {
        match self {
            PartialDate::Year(y) => Date::from_ymd(y, 1, 1),
            PartialDate::Month(y, m) => Date::from_ymd(y, m, 1),
            PartialDate::Day(d) => Some(d),
        }
        .expect("a valid partial date has a first day")
    }

    /// The stored form: `2007`, `2007-04` or `2007-04-12`.
    pub fn iso(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::Month(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Day(d) => d.to_string(),
        }
    }

    fn parse_iso(s: &str) -> Option<Self> {
        let parts: Vec<&str> = s.split('-').collect();
        match parts.as_slice() {
            [y] => year(y).map(PartialDate::Year),
            [y, m] if m.len() == 2 => {
                let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
                year(y).map(|y| PartialDate::Month(y, m))
            }
            [_, _, _] => s.parse::<Date>().ok().map(PartialDate::Day),
            _ => None,
        }
    }

    /// What people type: `April 2007`, `Apr 2007`, `12 April 2007`, `12/04/2007`,
    /// `04/2007`, `2007`, or the ISO forms.
    fn parse_human(s: &str) -> Option<Self> {
        let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
        match words.as_slice() {
            [one] if one.contains('/') => {
                let nums: Vec<&str> = one.split('/').collect();
                match nums.as_slice() {
                    [m, y] => {
                        let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
                        year(y).map(|y| PartialDate::Month(y, m))
                    }
                    [d, m, y] => {
                        let (d, m): (u32, u32) = (d.parse().ok()?, m.parse().ok()?);
                        Date::from_ymd(year(y)?, m, d).map(PartialDate::Day)
                    }
                    _ => None,
                }
            }
            [one] => Self::parse_iso(one),
            [m, y] => Some(PartialDate::Month(year(y)?, month_number(m)?)),
            [d, m, y] => {
                let d = d.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 1st, 22nd
                let d: u32 = d.parse().ok()?;
                Date::from_ymd(year(y)?, month_number(m)?, d).map(PartialDate::Day)
            }
            _ => None,
        }
    }
}

impl fmt::Display for PartialDate {
    /// As people read it: `2007`, `April 2007`, `12 April 2007`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Year(y) => write!(f, "{y}"),
            PartialDate::Month(y, m) => {
                let name = MONTHS[(*m as usize).clamp(1, 12) - 1];
                write!(f, "{}{} {y}", name[..1].to_uppercase(), &name[1..])
            }
            PartialDate::Day(d) => write!(f, "{}", d.long()),
        }
    }
}

impl FromStr for PartialDate {
    type Err = BadPartialDate;

    /// Reads the stored forms and what people type (see [`PartialDate::parse_human`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Self::parse_human(t).ok_or_else(|| BadPartialDate(t.chars().take(32).collect()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    /// By first day, then the less precise first ("2007" before "January 2007").
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let precision = |p: &PartialDate| match p {
            PartialDate::Year(_) => 0,
            PartialDate::Month(..) => 1,
            PartialDate::Day(_) => 2,
        };
        (self.earliest(), precision(self)).cmp(&(other.earliest(), precision(other)))
    }
}

impl autosurgeon::Reconcile for PartialDate {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: autosurgeon::Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.str(self.iso())
    }
}

impl autosurgeon::Hydrate for PartialDate {
    fn hydrate_string(s: &'_ str) -> Result<Self, autosurgeon::HydrateError> {
        Self::parse_iso(s).ok_or_else(|| autosurgeon::HydrateError::unexpected("a partial date", s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PartialDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn a_month_without_a_day_is_a_date() {
        assert_eq!(p("April 2007"), PartialDate::Month(2007, 4));
        assert_eq!(p(" apr  2007 "), PartialDate::Month(2007, 4));
        assert_eq!(p("Sept 2019"), PartialDate::Month(2019, 9));
        assert_eq!(p("04/2007"), PartialDate::Month(2007, 4));
        assert_eq!(p("2007-04"), PartialDate::Month(2007, 4));
        assert_eq!(p("April 2007").to_string(), "April 2007");
        assert_eq!(p("April 2007").iso(), "2007-04");
    }

    #[test]
    fn a_full_date_or_a_year_reads_too() {
        assert_eq!(p("12 April 2007"), PartialDate::Day(Date::from_ymd(2007, 4, 12).unwrap()));
        assert_eq!(p("1st March 2020").to_string(), "1 March 2020");
        assert_eq!(p("12/04/2007").iso(), "2007-04-12");
        assert_eq!(p("2007-04-12").to_string(), "12 April 2007");
        assert_eq!(p("2007"), PartialDate::Year(2007));
        assert_eq!(p("2007").to_string(), "2007");
    }

    #[test]
    fn nonsense_and_impossible_dates_are_refused() {
        for bad in ["", "April", "Smarch 2007", "31 April 2007", "13/2007", "2007-13", "07", "April 07", "1 2 3 4", "12345"] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad:?} must be refused");
        }
        assert!(PartialDate::parse_iso("April 2007").is_none(), "documents hold the ISO form only");
    }

    #[test]
    fn stored_form_reads_back_and_orders_by_first_day() {
        for s in ["2007", "2007-04", "2007-04-12"] {
            assert_eq!(PartialDate::parse_iso(s).unwrap().iso(), s);
        }
        let mut all = vec![p("12 April 2007"), p("2007"), p("April 2007"), p("March 2007")];
        all.sort();
        assert_eq!(all.iter().map(|d| d.to_string()).collect::<Vec<_>>(), ["2007", "March 2007", "April 2007", "12 April 2007"]);
    }
}
