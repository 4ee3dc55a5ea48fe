//! England and Wales bank holidays, for working-day deadlines (papers, agenda circulation).
//!
//! A fixed list, as GOV.UK publishes it, for the years in [`FIRST_YEAR`]..=[`LAST_YEAR`]
//! (including substitute days when a holiday falls on a weekend). Outside those years only
//! weekends are skipped; `tests::the_list_still_covers_next_year` fails once the list runs
//! out, so it is extended before deadlines quietly go wrong.

use super::Date;

/// The first year the list covers.
pub const FIRST_YEAR: i32 = 2024;
/// The last year the list covers.
pub const LAST_YEAR: i32 = 2030;

/// `(year, [(month, day); …])`: New Year's Day, Good Friday, Easter Monday, the early May,
/// spring and summer bank holidays, Christmas Day and Boxing Day (or their substitutes).
const DAYS: [(i32, [(u32, u32); 8]); 7] = [
    (
        2024,
        [
            (1, 1),
            (3, 29),
            (4, 1),
            (5, 6),
            (5, 27),
            (8, 26),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2025,
        [
            (1, 1),
            (4, 18),
            (4, 21),
            (5, 5),
            (5, 26),
            (8, 25),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2026,
        [
            (1, 1),
            (4, 3),
            (4, 6),
            (5, 4),
            (5, 25),
            (8, 31),
            (12, 25),
            (12, 28),
        ],
    ),
    (
        2027,
        [
            (1, 1),
            (3, 26),
            (3, 29),
            (5, 3),
            (5, 31),
            (8, 30),
            (12, 27),
            (12, 28),
        ],
    ),
    (
        2028,
        [
            (1, 3),
            (4, 14),
            (4, 17),
            (5, 1),
            (5, 29),
            (8, 28),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2029,
        [
            (1, 1),
            (3, 30),
            (4, 2),
            (5, 7),
            (5, 28),
            (8, 27),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2030,
        [
            (1, 1),
            (4, 19),
            (4, 22),
            (5, 6),
            (5, 27),
            (8, 26),
            (12, 25),
            (12, 26),
        ],
    ),
];

/// Whether `date` is a bank holiday in England and Wales (as far as the list covers).
pub fn is_bank_holiday(date: Date) -> bool {
    let (y, m, d) = date.ymd();
    DAYS.iter()
        .find(|(year, _)| *year == y)
        .is_some_and(|(_, days)| days.contains(&(m, d)))
}

/// Whether the list covers `year`.
pub fn covers(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn every_listed_day_is_a_weekday_of_its_year_and_years_run_without_gaps() {
        for (i, (year, days)) in DAYS.iter().enumerate() {
            assert_eq!(*year, FIRST_YEAR + i as i32);
            for (m, day) in days {
                let date = Date::from_ymd(*year, *m, *day).expect("a real date");
                assert!(
                    !date.is_weekend(),
                    "{date} falls on a weekend: list its substitute day"
                );
            }
        }
        assert_eq!(DAYS.last().unwrap().0, LAST_YEAR);
    }

    #[test]
    fn easter_christmas_and_substitute_days() {
        assert!(is_bank_holiday(d("2027-03-26")), "Good Friday 2027");
        assert!(is_bank_holiday(d("2027-03-29")), "Easter Monday 2027");
        assert!(
            is_bank_holiday(d("2026-12-28")),
            "Boxing Day 2026 is a Saturday: Monday 28th instead"
        );
        assert!(!is_bank_holiday(d("2026-12-26")));
        assert!(
            is_bank_holiday(d("2028-01-03")),
            "1 January 2028 is a Saturday"
        );
        assert!(!is_bank_holiday(d("2026-12-24")));
        assert!(!is_bank_holiday(d("2031-01-01")), "outside the list");
    }

    /// Fails once the list runs out: extend `DAYS` from GOV.UK's published list.
    #[test]
    fn the_list_still_covers_next_year() {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("a clock after 1970")
            .as_secs();
        let today = Date::of_unix_seconds(secs as i64);
        let (year, _, _) = today.ymd();
        assert!(
            covers(year) && covers(year + 1),
            "bank holidays end in {LAST_YEAR}: add {} and later",
            LAST_YEAR + 1
        );
    }
}
