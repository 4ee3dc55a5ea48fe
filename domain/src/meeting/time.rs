use std::{fmt, str::FromStr};

/// A time of day to the minute, stored in documents as `HH:MM` (24-hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time {
    minutes: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter a time such as 09:30 or 14:00 ({0:?} is not one)")]
pub struct BadTime(String);

impl Time {
    pub fn from_hm(hour: u16, minute: u16) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self { minutes: hour * 60 + minute })
    }

    pub fn hour(self) -> u16 {
        self.minutes / 60
    }

    pub fn minute(self) -> u16 {
        self.minutes % 60
    }

    /// Minutes from `self` to `later` (negative if `later` is earlier).
    pub fn minutes_until(self, later: Time) -> i32 {
        i32::from(later.minutes) - i32::from(self.minutes)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// Accepts `9:30`, `09:30` and `0930`, as people type them.
impl FromStr for Time {
    type Err = BadTime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (h, m) = match t.split_once([':', '.']) {
            Some((h, m)) => (h, m),
            None if t.len() == 4 => t.split_at(2),
            None => return Err(BadTime(s.to_owned())),
        };
        let digits = |x: &str, lens: std::ops::RangeInclusive<usize>| {
            (lens.contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse::<u16>().ok()).flatten()
        };
        digits(h, 1..=2)
            .zip(digits(m, 2..=2))
            .and_then(|(h, m)| Time::from_hm(h, m))
            .ok_or_else(|| BadTime(s.to_owned()))
    }
}

crate::ids::store_as_string!(Time);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_as_people_type_them_and_print_as_hh_mm() {
        for (typed, want) in [("9:30", "09:30"), ("09:30", "09:30"), ("1400", "14:00"), (" 23.59 ", "23:59")] {
            assert_eq!(typed.parse::<Time>().unwrap().to_string(), want, "{typed}");
        }
        for bad in ["24:00", "12:60", "noon", "", "1:2:3", "123", "-1:00"] {
            assert!(bad.parse::<Time>().is_err(), "{bad}");
        }
        let (a, b) = ("09:30".parse::<Time>().unwrap(), "11:00".parse::<Time>().unwrap());
        assert_eq!(a.minutes_until(b), 90);
        assert!(a < b);
    }
}
