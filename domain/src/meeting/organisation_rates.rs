//! Attendance rates per organisation across a partnership's groups: the seats' rates
//! ([`super::attendance_rates`]) added up by the organisation each seat is held for, and
//! their CSV.

use super::AttendanceRate;
use crate::OrganisationId;

/// One organisation's attendance over the held meetings of every group it has seats on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRate {
    /// `None` for seats held for no organisation (lay members, independent chairs).
    pub organisation: Option<OrganisationId>,
    /// As the caller names it.
    pub name: String,
    pub seats: u32,
    /// Seat-meetings expected (each seat once per held meeting of its group).
    pub expected: u32,
    pub attended: u32,
    pub substituted: u32,
    pub apologies: u32,
}

impl OrganisationRate {
    /// Attended in person or by a deputy or substitute, as a whole percentage (rounded half
    /// up); `None` before any meeting was held.
    pub fn percent(&self) -> Option<u32> {
        (self.expected > 0).then(|| ((self.attended + self.substituted) * 200 + self.expected).div_euclid(2 * self.expected))
    }

    /// "75%", or "No meetings held".
    pub fn percent_text(&self) -> String {
        self.percent().map(|p| format!("{p}%")).unwrap_or_else(|| "No meetings held".to_owned())
    }
}

/// Adds up seat rates by organisation, ordered by name (seats of no organisation last).
pub fn organisation_rates<'a>(
    rows: impl IntoIterator<Item = (Option<OrganisationId>, &'a AttendanceRate)>,
    name: impl Fn(Option<OrganisationId>) -> String,
) -> Vec<OrganisationRate> {
    let mut out: Vec<OrganisationRate> = Vec::new();
    for (organisation, r) in rows {
        let at = match out.iter().position(|o| o.organisation == organisation) {
            Some(at) => at,
            None => {
                out.push(OrganisationRate {
                    organisation,
                    name: name(organisation),
                    seats: 0,
                    expected: 0,
                    attended: 0,
                    substituted: 0,
                    apologies: 0,
                });
                out.len() - 1
            }
        };
        let o = &mut out[at];
        o.seats += 1;
        o.expected += r.expected;
        o.attended += r.attended;
        o.substituted += r.substituted;
        o.apologies += r.apologies;
    }
    out.sort_by(|a, b| (a.organisation.is_none(), a.name.to_lowercase()).cmp(&(b.organisation.is_none(), b.name.to_lowercase())));
    out
}

/// The organisations' rates as CSV (formulas neutralised, as every CSV the app writes).
pub fn organisation_rates_csv(rows: &[OrganisationRate]) -> String {
    let mut out = String::from("Organisation,Seats,Seat-meetings expected,Attended,Sent a deputy or substitute,Apologies,Rate\r\n");
    for r in rows {
        let row = [
            r.name.clone(),
            r.seats.to_string(),
            r.expected.to_string(),
            r.attended.to_string(),
            r.substituted.to_string(),
            r.apologies.to_string(),
            r.percent().map(|p| format!("{p}%")).unwrap_or_default(),
        ];
        out.push_str(&super::tracker::csv_row(&row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeatId;

    fn rate(expected: u32, attended: u32, substituted: u32, apologies: u32) -> AttendanceRate {
        AttendanceRate { seat: SeatId::random(), member: String::new(), expected, attended, substituted, apologies, breaches: Vec::new(), missed_in_a_row: Vec::new() }
    }

    #[test]
    fn seats_add_up_by_organisation_and_the_csv_neutralises_formulas() {
        let (police, council) = (OrganisationId::random(), OrganisationId::random());
        let rows = [(Some(police), rate(4, 3, 1, 0)), (None, rate(4, 1, 0, 2)), (Some(council), rate(4, 2, 0, 1)), (Some(police), rate(2, 0, 0, 2))];
        let name = |o: Option<OrganisationId>| match o {
            Some(o) if o == police => "Leicestershire Police".to_owned(),
            Some(_) => "=Council".to_owned(),
            None => "No organisation".to_owned(),
        };
        let got = organisation_rates(rows.iter().map(|(o, r)| (*o, r)), name);
        let names: Vec<&str> = got.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["=Council", "Leicestershire Police", "No organisation"]);
        let p = &got[1];
        assert_eq!((p.seats, p.expected, p.attended, p.substituted, p.apologies), (2, 6, 3, 1, 2));
        assert_eq!(p.percent_text(), "67%");
        let csv = organisation_rates_csv(&got);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[2], "Leicestershire Police,2,6,3,1,2,67%");
        assert_eq!(lines[1], "'=Council,1,4,2,0,1,50%", "a formula is neutralised");
        assert_eq!(organisation_rates([(None, &rate(0, 0, 0, 0))], |_| String::new())[0].percent_text(), "No meetings held");
    }
}
