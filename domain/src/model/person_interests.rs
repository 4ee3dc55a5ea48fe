//! A person's standing register of interests (the Leicester constitution, 18.1: "personal,
//! professional or family interests"): kept in the person's own document, declared once a
//! year and updated any time, and shown beside the member at every meeting they sit in.
//! An interest that ends is kept, with the date it ended, as registers keep them.

use autosurgeon::{Hydrate, Reconcile};

use super::{Date, PersonDoc};
use crate::ItemId;

/// The longest description an interest may have.
pub const MAX_INTEREST: usize = 500;

/// The kinds of interest the constitution names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum InterestKind {
    #[default]
    Personal,
    Professional,
    Family,
}

impl InterestKind {
    pub const ALL: [InterestKind; 3] = [InterestKind::Personal, InterestKind::Professional, InterestKind::Family];

    pub fn label(self) -> &'static str {
        match self {
            InterestKind::Personal => "Personal",
            InterestKind::Professional => "Professional",
            InterestKind::Family => "Family",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            InterestKind::Personal => "For example, a trustee of a local charity, or shares in a care provider",
            InterestKind::Professional => "For example, a second post, consultancy, or a role with a provider the partnership commissions",
            InterestKind::Family => "For example, a close relative who works for a provider or agency under review",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InterestKind::Personal => "personal",
            InterestKind::Professional => "professional",
            InterestKind::Family => "family",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One interest on a person's register.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct StandingInterest {
    #[key]
    pub id: ItemId,
    pub kind: InterestKind,
    pub description: String,
    /// When it was entered on the register.
    pub registered: Date,
    /// When it ended (the register keeps it, marked as ended).
    #[autosurgeon(missing = "Default::default")]
    pub ended: Option<Date>,
}

impl StandingInterest {
    /// "Professional: Trustee of Leicester Carers' Centre".
    pub fn summary(&self) -> String {
        format!("{}: {}", self.kind.label(), self.description)
    }
}

/// Whether a person's annual declaration is up to date on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationStatus {
    /// Never declared.
    Never,
    /// Declared on the date, and good until the due date.
    Current { declared: Date, due: Date },
    /// Declared on the date, but more than a year ago.
    Overdue { declared: Date, due: Date },
}

impl DeclarationStatus {
    pub fn is_due(self) -> bool {
        !matches!(self, DeclarationStatus::Current { .. })
    }

    /// "Declared on 3 April 2026; next due by 3 April 2027", "Annual declaration overdue
    /// (last made on 2 April 2025)", "No annual declaration recorded".
    pub fn describe(self) -> String {
        match self {
            DeclarationStatus::Never => "No annual declaration recorded".to_owned(),
            DeclarationStatus::Current { declared, due } => format!("Declared on {}; next due by {}", declared.long(), due.long()),
            DeclarationStatus::Overdue { declared, .. } => format!("Annual declaration overdue (last made on {})", declared.long()),
        }
    }
}

/// Why a change to the register was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterestError {
    #[error("Describe the interest")]
    Empty,
    #[error("The description must be {MAX_INTEREST} characters or fewer")]
    TooLong,
    #[error("That interest is no longer on the register")]
    NoSuchInterest,
    #[error("That interest has already ended")]
    AlreadyEnded,
    #[error("The person's details were erased")]
    Erased,
}

impl PersonDoc {
    /// The interests that have not ended, in the order registered.
    pub fn current_interests(&self) -> Vec<&StandingInterest> {
        self.interests.iter().filter(|i| i.ended.is_none()).collect()
    }

    /// The interests that have ended, latest ended first.
    pub fn former_interests(&self) -> Vec<&StandingInterest> {
        let mut out: Vec<&StandingInterest> = self.interests.iter().filter(|i| i.ended.is_some()).collect();
        out.sort_by_key(|i| std::cmp::Reverse(i.ended));
        out
    }

    /// Enters an interest on the register, registered `today`.
    pub fn register_interest(&mut self, kind: InterestKind, description: &str, today: Date) -> Result<ItemId, InterestError> {
        if self.erased {
            return Err(InterestError::Erased);
        }
        let description = super::person::tidy(description);
        if description.is_empty() {
            return Err(InterestError::Empty);
        }
        if description.chars().count() > MAX_INTEREST {
            return Err(InterestError::TooLong);
        }
        let id = ItemId::random();
        self.interests.push(StandingInterest { id, kind, description, registered: today, ended: None });
        Ok(id)
    }

    /// Marks an interest as ended on `today`; the register keeps it.
    pub fn end_interest(&mut self, id: ItemId, today: Date) -> Result<(), InterestError> {
        let i = self.interests.iter_mut().find(|i| i.id == id).ok_or(InterestError::NoSuchInterest)?;
        if i.ended.is_some() {
            return Err(InterestError::AlreadyEnded);
        }
        i.ended = Some(today);
        Ok(())
    }

    /// Records the annual declaration ("my register is complete"), made `today`.
    pub fn declare_interests(&mut self, today: Date) -> Result<(), InterestError> {
        if self.erased {
            return Err(InterestError::Erased);
        }
        self.interests_declared = Some(today);
        Ok(())
    }

    /// Whether the annual declaration is up to date on `today`: it is due a year after the
    /// last one.
    pub fn declaration_status(&self, today: Date) -> DeclarationStatus {
        match self.interests_declared {
            None => DeclarationStatus::Never,
            Some(declared) => {
                let due = declared.add_years(1);
                if today > due {
                    DeclarationStatus::Overdue { declared, due }
                } else {
                    DeclarationStatus::Current { declared, due }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    #[test]
    fn interests_are_registered_tidied_and_ended_but_never_forgotten() {
        let mut p = PersonDoc { name: "Designated Nurse (demo)".into(), ..PersonDoc::default() };
        assert_eq!(p.register_interest(InterestKind::Family, "  ", day(2026, 4, 1)), Err(InterestError::Empty));
        assert_eq!(p.register_interest(InterestKind::Family, &"x".repeat(MAX_INTEREST + 1), day(2026, 4, 1)), Err(InterestError::TooLong));
        let trustee = p.register_interest(InterestKind::Personal, " Trustee of a  local carers' charity ", day(2026, 4, 1)).unwrap();
        let spouse = p.register_interest(InterestKind::Family, "Spouse works for a residential care provider", day(2026, 5, 1)).unwrap();
        assert_eq!(p.current_interests().iter().map(|i| i.summary()).collect::<Vec<_>>(), [
            "Personal: Trustee of a local carers' charity",
            "Family: Spouse works for a residential care provider"
        ]);
        p.end_interest(trustee, day(2026, 9, 30)).unwrap();
        assert_eq!(p.end_interest(trustee, day(2026, 10, 1)), Err(InterestError::AlreadyEnded));
        assert_eq!(p.end_interest(ItemId::random(), day(2026, 10, 1)), Err(InterestError::NoSuchInterest));
        assert_eq!(p.current_interests().len(), 1);
        assert_eq!(p.current_interests()[0].id, spouse);
        assert_eq!(p.former_interests()[0].ended, Some(day(2026, 9, 30)), "an ended interest stays on the register");
        p.erase();
        assert!(p.interests.is_empty(), "erasing a person clears their register too");
        assert_eq!(p.register_interest(InterestKind::Personal, "Anything", day(2026, 10, 1)), Err(InterestError::Erased));
    }

    #[test]
    fn the_annual_declaration_falls_due_a_year_after_the_last() {
        let mut p = PersonDoc::default();
        assert_eq!(p.declaration_status(day(2026, 4, 1)), DeclarationStatus::Never);
        assert!(p.declaration_status(day(2026, 4, 1)).is_due());
        p.declare_interests(day(2026, 4, 3)).unwrap();
        let s = p.declaration_status(day(2027, 4, 3));
        assert!(!s.is_due(), "due on the anniversary, not before");
        assert_eq!(s.describe(), "Declared on 3 April 2026; next due by 3 April 2027");
        let late = p.declaration_status(day(2027, 4, 4));
        assert!(late.is_due());
        assert_eq!(late.describe(), "Annual declaration overdue (last made on 3 April 2026)");
    }

    #[test]
    fn two_officers_updating_one_register_offline_keep_both_changes() {
        use automerge::AutoCommit;
        let mut base = PersonDoc { name: "Head of Service (demo)".into(), ..PersonDoc::default() };
        let kept = base.register_interest(InterestKind::Professional, "Board member of a housing association", day(2026, 4, 1)).unwrap();
        let mut doc = AutoCommit::new();
        autosurgeon::reconcile(&mut doc, &base).unwrap();
        let mut theirs = doc.fork();
        // One officer ends the old interest and records the declaration; another adds a new one.
        let mut mine: PersonDoc = autosurgeon::hydrate(&doc).unwrap();
        mine.end_interest(kept, day(2026, 6, 1)).unwrap();
        mine.declare_interests(day(2026, 6, 1)).unwrap();
        autosurgeon::reconcile(&mut doc, &mine).unwrap();
        let mut other: PersonDoc = autosurgeon::hydrate(&theirs).unwrap();
        other.register_interest(InterestKind::Family, "Brother is a governor of a school in the area", day(2026, 6, 2)).unwrap();
        autosurgeon::reconcile(&mut theirs, &other).unwrap();
        doc.merge(&mut theirs).unwrap();
        let merged: PersonDoc = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(merged.interests.len(), 2);
        assert_eq!(merged.current_interests().iter().map(|i| i.kind).collect::<Vec<_>>(), [InterestKind::Family]);
        assert_eq!(merged.former_interests()[0].id, kept);
        assert_eq!(merged.interests_declared, Some(day(2026, 6, 1)));
    }
}
