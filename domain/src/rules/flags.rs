//! Every flag across a partnership's groups, one row per seat and thing owed, for the
//! partnership's compliance dashboard.

use super::{seat_obligations, Obligation};
use crate::{
    model::{ComplianceRules, Date, GroupDoc, GroupStatus},
    DocumentId, OrganisationId, PersonId, SeatId,
};

/// One thing a seat's holder owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatFlag {
    pub group: DocumentId,
    pub group_name: String,
    pub seat: SeatId,
    pub role_title: String,
    pub organisation: Option<OrganisationId>,
    /// Whoever holds the seat (several for a shared seat).
    pub holders: Vec<PersonId>,
    pub obligation: Obligation,
    /// When it fell or falls due, where that is known (a missing DBS check or agreement has
    /// no date).
    pub due: Option<Date>,
}

impl SeatFlag {
    /// Seat `seat` of group `group` (`g`) owes `obligation`, due on `due` if known.
    fn new(group: DocumentId, g: &GroupDoc, seat: &crate::model::Seat, obligation: Obligation, due: Option<Date>) -> Self {
        Self {
            group,
            group_name: g.name.clone(),
            seat: seat.id,
            role_title: seat.role_title.clone(),
            organisation: seat.organisation,
            holders: seat.holders(),
            obligation,
            due,
        }
    }

    pub fn is_overdue(&self) -> bool {
        self.obligation.is_overdue()
    }

    /// "Overdue since 1 March 2026", "Due by 1 December 2026", or "Overdue".
    pub fn due_text(&self) -> String {
        match (self.is_overdue(), self.due) {
            (true, Some(d)) => format!("Overdue since {}", d.long()),
            (true, None) => "Overdue".to_owned(),
            (false, Some(d)) => format!("Due by {}", d.long()),
            (false, None) => "Due soon".to_owned(),
        }
    }
}

/// When an obligation fell or falls due.
fn due(o: &Obligation, rules: &ComplianceRules) -> Option<Date> {
    match *o {
        Obligation::DbsExpired { checked } => Some(checked.add_years(rules.dbs_years())),
        Obligation::DbsDueSoon { due } => Some(due),
        Obligation::TenureEndingSoon { ends } => Some(ends),
        Obligation::TenureEnded { ended } => Some(ended),
        Obligation::TenureOverLimit { limit } => Some(limit),
        Obligation::AgreementOutdated { .. } | Obligation::AgreementMissing | Obligation::DbsMissing | Obligation::Attendance(_) => None,
    }
}

/// Every flag of the active groups on `today` under `rules`: overdue ones first, then by
/// when they fall due (undated first: they were never done), then in group and seat order.
pub fn partnership_flags<'a>(
    groups: impl IntoIterator<Item = (DocumentId, &'a GroupDoc)>,
    rules: &ComplianceRules,
    today: Date,
) -> Vec<SeatFlag> {
    let mut out: Vec<SeatFlag> = groups
        .into_iter()
        .filter(|(_, g)| g.status != GroupStatus::Dissolved)
        .flat_map(|(id, g)| {
            g.seats.iter().flat_map(move |s| {
                seat_obligations(s, rules, today).into_iter().map(move |o| SeatFlag::new(id, g, s, o, due(&o, rules)))
            })
        })
        .collect();
    // A stable sort keeps group and seat order within equal keys.
    out.sort_by_key(|f| (!f.is_overdue(), f.due));
    out
}

/// The attendance flags of group `id` (`g`), from each seat's attendance over its held
/// meetings ([`crate::meeting::attendance_rates`] under the group's rule): one flag per
/// breach, for seats someone holds, in seat order. A dissolved group has none.
pub fn attendance_flags(id: DocumentId, g: &GroupDoc, rates: &[crate::meeting::AttendanceRate]) -> Vec<SeatFlag> {
    if g.status == GroupStatus::Dissolved {
        return Vec::new();
    }
    g.seats
        .iter()
        .filter(|s| !s.is_vacant())
        .flat_map(|s| {
            rates
                .iter()
                .filter(move |r| r.seat == s.id)
                .flat_map(|r| r.breaches.iter())
                .map(move |b| SeatFlag::new(id, g, s, Obligation::Attendance(*b), None))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        meeting::AttendanceRate,
        model::{GroupKind, Seat, SeatCategory},
        rules::AttendanceBreach,
    };

    fn rate(seat: SeatId, breaches: Vec<AttendanceBreach>) -> AttendanceRate {
        AttendanceRate { seat, member: String::new(), expected: 4, attended: 1, substituted: 0, apologies: 1, breaches, missed_in_a_row: Vec::new() }
    }

    #[test]
    fn each_attendance_breach_of_a_held_seat_is_a_flag() {
        let mut g = GroupDoc::new("Board", GroupKind::Board, DocumentId::random()).unwrap();
        let mut held = Seat::new("Police", None, SeatCategory::Core, true);
        held.holder = Some(PersonId::random());
        let vacant = Seat::new("Health", None, SeatCategory::Core, true);
        let (h, v) = (held.id, vacant.id);
        g.seats = vec![held, vacant];
        let id = DocumentId::random();
        let two = AttendanceBreach::ConsecutiveAbsences(2);
        let below = AttendanceBreach::BelowExpected { attended: 1, required: 3, of_meetings: 4 };
        let flags = attendance_flags(id, &g, &[rate(h, vec![two, below]), rate(v, vec![two])]);
        assert_eq!(flags.iter().map(|f| (f.seat, f.obligation.label())).collect::<Vec<_>>(), [
            (h, "Missed the last 2 meetings in a row: the chair writes to them".to_owned()),
            (h, "Attended 1 of the last 4 meetings (3 expected)".to_owned()),
        ], "a vacant seat owes nothing");
        assert!(flags.iter().all(|f| f.is_overdue() && f.due.is_none() && f.group == id));
        g.status = GroupStatus::Dissolved;
        assert!(attendance_flags(id, &g, &[rate(h, vec![two])]).is_empty());
    }
}
