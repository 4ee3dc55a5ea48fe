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
        Obligation::AgreementOutdated { .. } | Obligation::AgreementMissing | Obligation::DbsMissing => None,
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
                seat_obligations(s, rules, today).into_iter().map(move |o| SeatFlag {
                    group: id,
                    group_name: g.name.clone(),
                    seat: s.id,
                    role_title: s.role_title.clone(),
                    organisation: s.organisation,
                    holders: s.holders(),
                    due: due(&o, rules),
                    obligation: o,
                })
            })
        })
        .collect();
    // A stable sort keeps group and seat order within equal keys.
    out.sort_by_key(|f| (!f.is_overdue(), f.due));
    out
}
