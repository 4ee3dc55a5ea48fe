use crate::model::{ComplianceRules, Date, Seat};

/// How many days ahead counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 90;

/// Something a seat's holder or the business office must act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obligation {
    /// No DBS check date recorded.
    DbsMissing,
    /// The DBS check is older than the partnership's rules allow (3 years by default,
    /// constitution 4.4).
    DbsExpired { checked: Date },
    /// The DBS check runs out within 90 days.
    DbsDueSoon { due: Date },
    TenureEndingSoon { ends: Date },
    TenureEnded { ended: Date },
    /// The total tenure limit ("renewable up to a whole tenure of five years") is passed.
    TenureOverLimit { limit: Date },
    /// The seat's category needs a signed membership agreement and none is recorded.
    AgreementMissing,
    /// The holder signed an earlier version of the agreement than the current one.
    AgreementOutdated { signed: Date },
    /// The seat breaks its group's attendance rule (from the meetings held).
    Attendance(super::AttendanceBreach),
}

impl Obligation {
    pub fn label(&self) -> String {
        match self {
            Obligation::DbsMissing => "DBS check not recorded".into(),
            Obligation::DbsExpired { checked } => format!("DBS check out of date (checked {})", checked.long()),
            Obligation::DbsDueSoon { due } => format!("DBS check due by {}", due.long()),
            Obligation::TenureEndingSoon { ends } => format!("Tenure ends {}", ends.long()),
            Obligation::TenureEnded { ended } => format!("Tenure ended {}", ended.long()),
            Obligation::TenureOverLimit { limit } => format!("Over the tenure limit since {}", limit.long()),
            Obligation::AgreementMissing => "Partner agency agreement not signed".into(),
            Obligation::AgreementOutdated { signed } => format!("Signed an earlier version of the agreement ({})", signed.long()),
            Obligation::Attendance(super::AttendanceBreach::ConsecutiveAbsences(n)) => {
                format!("Missed the last {n} meetings in a row: the chair writes to them")
            }
            Obligation::Attendance(super::AttendanceBreach::BelowExpected { attended, required, of_meetings }) => {
                let last = if *of_meetings == 1 { "meeting".to_owned() } else { format!("{of_meetings} meetings") };
                format!("Attended {attended} of the last {last} ({required} expected)")
            }
            Obligation::Attendance(super::AttendanceBreach::BelowExpectedInYear { attended, held, required, of_meetings, since }) => {
                format!("Attended {attended} of the {held} meetings since {}: can no longer attend {required} of {of_meetings} this year", since.long())
            }
        }
    }

    /// Whether it needs action now (as opposed to soon).
    pub fn is_overdue(&self) -> bool {
        !matches!(self, Obligation::DbsDueSoon { .. } | Obligation::TenureEndingSoon { .. })
    }
}

/// What is due for a seat on `today` under the partnership's `rules`. Seats nobody holds
/// have no obligations.
pub fn seat_obligations(seat: &Seat, rules: &ComplianceRules, today: Date) -> Vec<Obligation> {
    let mut out = Vec::new();
    if seat.is_vacant() {
        return out;
    }
    match seat.dbs_checked {
        _ if !rules.needs_dbs(seat.category) => {}
        None => out.push(Obligation::DbsMissing),
        Some(checked) => {
            let due = checked.add_years(rules.dbs_years());
            if due <= today {
                out.push(Obligation::DbsExpired { checked });
            } else if today.days_until(due) <= DUE_SOON_DAYS {
                out.push(Obligation::DbsDueSoon { due });
            }
        }
    }
    if let Some(t) = seat.tenure {
        if let Some(end) = t.end {
            if end <= today {
                out.push(Obligation::TenureEnded { ended: end });
            } else if today.days_until(end) <= DUE_SOON_DAYS {
                out.push(Obligation::TenureEndingSoon { ends: end });
            }
        }
        if let Some(years) = t.max_total_years {
            let limit = t.first_appointed.unwrap_or(t.start).add_years(years);
            if limit <= today || t.end.is_some_and(|e| e > limit) {
                out.push(Obligation::TenureOverLimit { limit });
            }
        }
    }
    if rules.needs_agreement(seat.category) {
        match seat.agreement_signed {
            None => out.push(Obligation::AgreementMissing),
            Some(signed) if !rules.is_current(seat.agreement_version.as_deref()) => out.push(Obligation::AgreementOutdated { signed }),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        model::{SeatCategory, Tenure},
        PersonId,
    };

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn held() -> Seat {
        let mut s = Seat::new("Lay member", None, SeatCategory::LayMember, true);
        s.holder = Some(PersonId::random());
        s.agreement_signed = Some(d("2025-01-01"));
        s.dbs_checked = Some(d("2025-06-01"));
        s
    }

    #[test]
    fn a_recent_dbs_check_and_signed_agreement_owe_nothing() {
        assert!(seat_obligations(&held(), &ComplianceRules::default(), d("2026-11-22")).is_empty());
    }

    #[test]
    fn dbs_checks_expire_after_three_years_and_are_flagged_90_days_before() {
        let mut s = held();
        s.dbs_checked = Some(d("2023-12-01"));
        assert_eq!(seat_obligations(&s, &ComplianceRules::default(), d("2026-11-22")), vec![Obligation::DbsDueSoon { due: d("2026-12-01") }]);
        s.dbs_checked = Some(d("2023-11-01"));
        assert_eq!(seat_obligations(&s, &ComplianceRules::default(), d("2026-11-22")), vec![Obligation::DbsExpired { checked: d("2023-11-01") }]);
        s.dbs_checked = None;
        assert_eq!(seat_obligations(&s, &ComplianceRules::default(), d("2026-11-22")), vec![Obligation::DbsMissing]);
    }

    #[test]
    fn tenure_ending_soon_and_over_its_total_limit() {
        let mut s = held();
        // Independent chair: two years, renewable up to five in all.
        s.tenure = Some(Tenure {
            start: d("2025-01-10"),
            end: Some(d("2027-01-10")),
            renewable: true,
            max_total_years: Some(5),
            first_appointed: Some(d("2021-01-10")),
        });
        let got = seat_obligations(&s, &ComplianceRules::default(), d("2026-11-22"));
        assert!(got.contains(&Obligation::TenureEndingSoon { ends: d("2027-01-10") }), "{got:?}");
        assert!(got.contains(&Obligation::TenureOverLimit { limit: d("2026-01-10") }), "{got:?}");
    }

    #[test]
    fn a_missing_agreement_is_flagged_and_empty_seats_owe_nothing() {
        let mut s = held();
        s.agreement_signed = None;
        assert_eq!(seat_obligations(&s, &ComplianceRules::default(), d("2026-11-22")), vec![Obligation::AgreementMissing]);
        s.holder = None;
        assert!(seat_obligations(&s, &ComplianceRules::default(), d("2026-11-22")).is_empty());
    }
}
