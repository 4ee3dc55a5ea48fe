//! A partnership's compliance rules: how long a DBS check stays valid, which seat categories
//! need a signed membership agreement, and that agreement's title, text and version. The
//! obligations of each seat ([`crate::rules::seat_obligations`]) are read against them.

use autosurgeon::{Hydrate, Reconcile, Text};

use super::SeatCategory;

/// Only a partnership's admins change its compliance rules; the server checks every change
/// an editor sends to the partnership's document with [`compliance_unchanged`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("only the partnership's admins may change its compliance rules")]
pub struct RulesNeedAdmin;

/// `Ok` when the change from `before` to `after` (a partnership document, as automerge
/// documents) leaves its compliance rules as they were — a document that cannot be read as
/// a partnership's on both sides is the access policy's business, not this rule's.
pub fn compliance_unchanged(before: &automerge::Automerge, after: &automerge::Automerge) -> Result<(), RulesNeedAdmin> {
    // Missing reads as the defaults (as the partnership does), so the first write of an
    // older document, which stores them, changes nothing.
    let rules = |doc: &automerge::Automerge| {
        autosurgeon::hydrate_prop::<_, Option<ComplianceRules>, _, _>(doc, automerge::ROOT, "compliance").ok().flatten().unwrap_or_default()
    };
    if rules(before) == rules(after) { Ok(()) } else { Err(RulesNeedAdmin) }
}

/// The shortest and longest DBS validity a partnership may set, in years.
pub const DBS_YEARS: std::ops::RangeInclusive<u32> = 1..=10;

/// What a partnership expects of the people who hold its seats.
///
/// Documents written before these rules existed read the defaults ([`Default`]), taken from
/// the Leicester constitution:
/// - a DBS check is valid for **3 years** (4.4: "a current (i.e. not more than 3 years old)
///   DBS check");
/// - a signed agreement is owed by **core members and lay members**: section 12 sets the
///   expectations of "Members of the LSCB" (speak and commit for their organisation, attend,
///   hold each other to account), and lay members "are appointed as full Members" (4.3).
///   Advisors and the participant observer are listed apart from the members and staff
///   "shall have no voting rights" (7.3); virtual, papers-only and co-opted seats take part
///   only when asked, so none of those owe the members' agreement unless the partnership
///   says so;
/// - the agreement has no version yet, so any recorded signature counts.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct ComplianceRules {
    /// Years a DBS check stays valid ([`DBS_YEARS`]); read through [`Self::dbs_years`].
    #[autosurgeon(missing = "default_dbs_years")]
    pub dbs_valid_years: u32,
    /// The seat categories whose holders need a current DBS check; read through
    /// [`Self::needs_dbs`]. Documents from before it read every category (as the Leicester
    /// constitution's 4.4 asks of Board members).
    #[autosurgeon(missing = "default_dbs_categories")]
    pub dbs_categories: Vec<SeatCategory>,
    /// The seat categories whose holders owe a signed agreement; read through
    /// [`Self::needs_agreement`] (concurrent additions of one category may list it twice).
    #[autosurgeon(missing = "default_agreement_categories")]
    pub agreement_categories: Vec<SeatCategory>,
    #[autosurgeon(missing = "MembershipAgreement::default")]
    pub agreement: MembershipAgreement,
}

/// The membership agreement members sign.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct MembershipAgreement {
    #[autosurgeon(missing = "default_agreement_title")]
    pub title: String,
    /// Markdown; merges character by character.
    #[autosurgeon(missing = "Default::default")]
    pub text: Text,
    /// e.g. "2.0"; empty when the agreement is not versioned (any signature counts).
    #[autosurgeon(missing = "Default::default")]
    pub version: String,
}

fn default_dbs_years() -> u32 {
    3
}

fn default_dbs_categories() -> Vec<SeatCategory> {
    SeatCategory::ALL.to_vec()
}

fn default_agreement_categories() -> Vec<SeatCategory> {
    vec![SeatCategory::Core, SeatCategory::LayMember]
}

fn default_agreement_title() -> String {
    "Membership agreement".to_owned()
}

impl Default for MembershipAgreement {
    fn default() -> Self {
        Self { title: default_agreement_title(), text: Text::with_value(""), version: String::new() }
    }
}

impl Default for ComplianceRules {
    fn default() -> Self {
        Self {
            dbs_valid_years: default_dbs_years(),
            dbs_categories: default_dbs_categories(),
            agreement_categories: default_agreement_categories(),
            agreement: MembershipAgreement::default(),
        }
    }
}

impl ComplianceRules {
    /// Years a DBS check stays valid, kept within [`DBS_YEARS`] whatever a merge or an old
    /// client wrote.
    pub fn dbs_years(&self) -> u32 {
        self.dbs_valid_years.clamp(*DBS_YEARS.start(), *DBS_YEARS.end())
    }

    /// The rules a joint group's seats are read against, from its owners' (in the order the
    /// group lists them): the strictest DBS rule of any owner (the shortest validity, every
    /// category any owner checks), and the first owner's agreement, which is the one its
    /// seats record signatures of. No owners: the defaults.
    pub fn joint<'a>(owners: impl IntoIterator<Item = &'a ComplianceRules>) -> ComplianceRules {
        let mut owners = owners.into_iter();
        let Some(first) = owners.next() else { return ComplianceRules::default() };
        let mut joint = first.clone();
        joint.dbs_valid_years = first.dbs_years();
        joint.dbs_categories = first.dbs_categories();
        for other in owners {
            joint.dbs_valid_years = joint.dbs_valid_years.min(other.dbs_years());
            let either = |c: &SeatCategory| joint.needs_dbs(*c) || other.needs_dbs(*c);
            joint.dbs_categories = SeatCategory::ALL.into_iter().filter(either).collect();
        }
        joint
    }

    /// Whether holders of a seat of this category need a current DBS check.
    pub fn needs_dbs(&self, category: SeatCategory) -> bool {
        self.dbs_categories.contains(&category)
    }

    /// The categories needing a DBS check, each once, in [`SeatCategory::ALL`] order.
    pub fn dbs_categories(&self) -> Vec<SeatCategory> {
        SeatCategory::ALL.into_iter().filter(|c| self.needs_dbs(*c)).collect()
    }

    /// Whether holders of a seat of this category owe a signed agreement.
    pub fn needs_agreement(&self, category: SeatCategory) -> bool {
        self.agreement_categories.contains(&category)
    }

    /// The categories needing an agreement, each once, in [`SeatCategory::ALL`] order.
    pub fn agreement_categories(&self) -> Vec<SeatCategory> {
        SeatCategory::ALL.into_iter().filter(|c| self.needs_agreement(*c)).collect()
    }

    /// The version a signature recorded now is for (`None` when unversioned).
    pub fn current_version(&self) -> Option<&str> {
        Some(self.agreement.version.as_str()).filter(|v| !v.is_empty())
    }

    /// Whether a signature of `version` is for the current agreement: always, when the
    /// agreement is not versioned.
    pub fn is_current(&self, version: Option<&str>) -> bool {
        self.current_version().is_none_or(|v| version == Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_years_are_read_within_range_and_categories_once() {
        let mut r = ComplianceRules { dbs_valid_years: 0, ..ComplianceRules::default() };
        assert_eq!(r.dbs_years(), 1);
        r.dbs_valid_years = 40;
        assert_eq!(r.dbs_years(), 10);
        r.agreement_categories = vec![SeatCategory::LayMember, SeatCategory::Core, SeatCategory::LayMember];
        assert_eq!(r.agreement_categories(), [SeatCategory::Core, SeatCategory::LayMember]);
    }

    #[test]
    fn any_signature_counts_until_the_agreement_has_a_version() {
        let mut r = ComplianceRules::default();
        assert!(r.is_current(None) && r.is_current(Some("1.0")));
        r.agreement.version = "2.0".into();
        assert!(r.is_current(Some("2.0")));
        assert!(!r.is_current(Some("1.0")) && !r.is_current(None));
    }
}
