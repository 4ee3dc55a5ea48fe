//! What needs attention across a partnership's groups, for its home page: seats whose
//! holders owe something (DBS check, agreement, tenure) and terms of reference due for
//! review, counted per group, most pressing first.

use super::{review_status, seat_obligations, Obligation, ReviewStatus};
use crate::{
    model::{ComplianceRules, Date, GroupDoc, GroupStatus},
    DocumentId,
};

/// One kind of thing to act on, in order of how pressing it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttentionKind {
    ReviewOverdue { since: Date },
    DbsExpired,
    DbsMissing,
    AgreementMissing,
    AgreementOutdated,
    TenureEnded,
    TenureOverLimit,
    ReviewDueSoon { on: Date },
    DbsDueSoon,
    TenureEndingSoon,
    /// A seat breaking its group's attendance rule (on the dashboard, from its meetings).
    Attendance,
}

/// A kind and how many seats it applies to (1 for a review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttentionItem {
    pub kind: AttentionKind,
    pub count: usize,
}

impl AttentionKind {
    fn of(o: &Obligation) -> Self {
        match o {
            Obligation::DbsMissing => AttentionKind::DbsMissing,
            Obligation::DbsExpired { .. } => AttentionKind::DbsExpired,
            Obligation::DbsDueSoon { .. } => AttentionKind::DbsDueSoon,
            Obligation::TenureEndingSoon { .. } => AttentionKind::TenureEndingSoon,
            Obligation::TenureEnded { .. } => AttentionKind::TenureEnded,
            Obligation::TenureOverLimit { .. } => AttentionKind::TenureOverLimit,
            Obligation::AgreementMissing => AttentionKind::AgreementMissing,
            Obligation::AgreementOutdated { .. } => AttentionKind::AgreementOutdated,
            Obligation::Attendance(_) => AttentionKind::Attendance,
        }
    }

    /// Whether it needs action now (as opposed to soon).
    pub fn is_overdue(self) -> bool {
        !matches!(self, AttentionKind::ReviewDueSoon { .. } | AttentionKind::DbsDueSoon | AttentionKind::TenureEndingSoon)
    }
}

impl AttentionItem {
    /// How it reads, e.g. "2 DBS checks not recorded", "Review overdue since 1 December 2017".
    pub fn label(&self) -> String {
        let n = self.count;
        let s = |one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
        match self.kind {
            AttentionKind::ReviewOverdue { since } => format!("Terms of reference review overdue since {}", since.long()),
            AttentionKind::ReviewDueSoon { on } => format!("Terms of reference review due by {}", on.long()),
            AttentionKind::DbsExpired => s("DBS check out of date", "DBS checks out of date"),
            AttentionKind::DbsMissing => s("DBS check not recorded", "DBS checks not recorded"),
            AttentionKind::AgreementMissing => s("partner agency agreement not signed", "partner agency agreements not signed"),
            AttentionKind::AgreementOutdated => s("agreement signed in an earlier version", "agreements signed in an earlier version"),
            AttentionKind::TenureEnded => s("tenure ended", "tenures ended"),
            AttentionKind::TenureOverLimit => s("holder over the tenure limit", "holders over the tenure limit"),
            AttentionKind::DbsDueSoon => s("DBS check due within 90 days", "DBS checks due within 90 days"),
            AttentionKind::TenureEndingSoon => s("tenure ending within 90 days", "tenures ending within 90 days"),
            AttentionKind::Attendance => s("member below the attendance rule", "members below the attendance rule"),
        }
    }
}

/// What one group needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupAttention {
    pub group: DocumentId,
    pub name: String,
    /// Most pressing first.
    pub items: Vec<AttentionItem>,
}

impl GroupAttention {
    /// Things to act on now.
    pub fn overdue(&self) -> usize {
        self.items.iter().filter(|i| i.kind.is_overdue()).map(|i| i.count).sum()
    }

    /// Things to act on soon.
    pub fn due_soon(&self) -> usize {
        self.items.iter().filter(|i| !i.kind.is_overdue()).map(|i| i.count).sum()
    }
}

/// What each active group of a partnership needs on `today` under its `rules`; groups
/// needing nothing are left out, and groups with something overdue come first (otherwise in
/// the given order).
pub fn partnership_attention<'a>(
    groups: impl IntoIterator<Item = (DocumentId, &'a GroupDoc)>,
    rules: &ComplianceRules,
    today: Date,
) -> Vec<GroupAttention> {
    let mut out: Vec<GroupAttention> = groups
        .into_iter()
        .filter(|(_, g)| g.status != GroupStatus::Dissolved)
        .filter_map(|(id, g)| {
            let mut kinds: Vec<AttentionKind> = g
                .seats
                .iter()
                .flat_map(|s| seat_obligations(s, rules, today))
                .map(|o| AttentionKind::of(&o))
                .collect();
            match review_status(g.terms.review_date, today) {
                ReviewStatus::Overdue { since } => kinds.push(AttentionKind::ReviewOverdue { since }),
                ReviewStatus::DueSoon { on } => kinds.push(AttentionKind::ReviewDueSoon { on }),
                ReviewStatus::NotSet | ReviewStatus::Scheduled { .. } => {}
            }
            kinds.sort();
            let mut items: Vec<AttentionItem> = Vec::new();
            for kind in kinds {
                match items.last_mut() {
                    Some(last) if last.kind == kind => last.count += 1,
                    _ => items.push(AttentionItem { kind, count: 1 }),
                }
            }
            (!items.is_empty()).then(|| GroupAttention { group: id, name: g.name.clone(), items })
        })
        .collect();
    out.sort_by_key(|a| a.overdue() == 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        model::{GroupKind, Seat, SeatCategory},
        PersonId,
    };

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn seat(dbs: Option<&str>, agreement: Option<&str>) -> Seat {
        let mut s = Seat::new("Member", None, SeatCategory::Core, true);
        s.holder = Some(PersonId::random());
        s.dbs_checked = dbs.map(d);
        s.agreement_signed = agreement.map(d);
        s
    }

    fn group(name: &str, seats: Vec<Seat>, review: Option<&str>) -> (DocumentId, GroupDoc) {
        let mut g = GroupDoc::new(name, GroupKind::Subgroup, DocumentId::random()).unwrap();
        g.seats = seats;
        g.terms.review_date = review.map(d);
        (DocumentId::random(), g)
    }

    const TODAY: &str = "2026-11-22";

    #[test]
    fn seats_are_counted_by_what_they_owe_most_pressing_first() {
        let (id, g) = group(
            "Board",
            vec![
                seat(None, Some("2025-01-01")),
                seat(None, None),
                seat(Some("2023-12-01"), Some("2025-01-01")),
                seat(Some("2026-01-01"), Some("2025-01-01")),
            ],
            Some("2027-01-01"),
        );
        let got = partnership_attention([(id, &g)], &ComplianceRules::default(), d(TODAY));
        assert_eq!(got.len(), 1);
        let labels: Vec<String> = got[0].items.iter().map(AttentionItem::label).collect();
        assert_eq!(
            labels,
            [
                "2 DBS checks not recorded",
                "1 partner agency agreement not signed",
                "Terms of reference review due by 1 January 2027",
                "1 DBS check due within 90 days",
            ]
        );
        assert_eq!((got[0].overdue(), got[0].due_soon()), (3, 2));
    }

    #[test]
    fn groups_with_something_overdue_come_first_and_quiet_or_dissolved_groups_are_left_out() {
        let soon = group("Soon", vec![seat(Some("2023-12-01"), Some("2025-01-01"))], None);
        let quiet = group("Quiet", vec![seat(Some("2026-01-01"), Some("2025-01-01"))], Some("2028-01-01"));
        let late = group("Late", vec![], Some("2017-12-01"));
        let mut gone = group("Gone", vec![seat(None, None)], None);
        gone.1.status = GroupStatus::Dissolved;
        let got = partnership_attention([&soon, &quiet, &late, &gone].map(|(id, g)| (*id, g)), &ComplianceRules::default(), d(TODAY));
        let names: Vec<&str> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Late", "Soon"]);
        assert_eq!(got[0].items[0].label(), "Terms of reference review overdue since 1 December 2017");
    }

    #[test]
    fn vacant_seats_owe_nothing() {
        let mut empty = Seat::new("Vacant", None, SeatCategory::Core, true);
        empty.holder = None;
        let g = group("Board", vec![empty], None);
        assert!(partnership_attention([(g.0, &g.1)], &ComplianceRules::default(), d(TODAY)).is_empty());
    }
}
