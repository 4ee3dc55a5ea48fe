//! Terms of reference of a group, as the seeds write them.

use autosurgeon::{Hydrate, Reconcile, Text};

use super::Date;
use crate::{ItemId, OrganisationId};

/// An entry of an ordered list whose text merges character by character.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct ListItem {
    #[key]
    pub id: ItemId,
    pub text: Text,
}

impl ListItem {
    pub fn new(text: &str) -> Self {
        Self { id: ItemId::random(), text: Text::with_value(text) }
    }
}

/// Moves an item within an ordered list, keeping its id. Automerge has no move: the list
/// diff deletes and re-inserts whichever items it cannot keep in place, and autosurgeon
/// refuses to re-insert a text object read from the document. So every item between the
/// two positions gets a fresh text object with the same content (an item kept in place
/// then has its text replaced whole, so a concurrent character edit of one of those items
/// is lost to the reorder). Always reorder through this.
pub fn move_item(items: &mut Vec<ListItem>, from: usize, to: usize) {
    if from >= items.len() || to >= items.len() || from == to {
        return;
    }
    let item = items.remove(from);
    items.insert(to, item);
    for item in &mut items[from.min(to)..=from.max(to)] {
        item.text = Text::with_value(item.text.as_str());
    }
}

/// Who chairs a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum ChairArrangement {
    #[default]
    NotSet,
    /// An independent chair (e.g. the partnership's Independent Advisor).
    Independent,
    /// A role, optionally of a named organisation ("Head of Service, Leicester City Council").
    ByRole { role: String, organisation: Option<OrganisationId> },
    /// Co-chairs, each a role.
    CoChairs { roles: Vec<String> },
    /// Rotation among named roles, each chairing for `period_months`.
    Rotating { roles: Vec<String>, period_months: u32 },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Chairing {
    #[autosurgeon(missing = "Default::default")]
    pub arrangement: ChairArrangement,
    #[autosurgeon(missing = "Default::default")]
    pub vice_chair: Option<String>,
}

/// How often a group meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub enum MeetingFrequency {
    EveryWeeks(u32),
    EveryMonths(u32),
    /// "At least N times a year": the longest allowed gap is 12/N months.
    AtLeastPerYear(u32),
    /// "Meets as and when required": no fixed cycle (task and finish groups, panels).
    AsRequired,
}

/// A deadline before a meeting (papers, agenda circulation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub enum Notice {
    WorkingDaysBefore(u32),
    DaysBefore(u32),
}

impl Notice {
    pub fn before(self, meeting: Date) -> Date {
        match self {
            Notice::WorkingDaysBefore(n) => meeting.working_days_before(n),
            Notice::DaysBefore(n) => meeting.add_days(-i64::from(n)),
        }
    }
}

/// How many voting members make a meeting quorate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub enum Threshold {
    /// A share of the voting members, e.g. 1/2 for "50 %".
    Share { numerator: u32, denominator: u32 },
    Count(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct QuorumRule {
    pub threshold: Threshold,
    /// Organisations that must be present (by a member or their deputy).
    #[autosurgeon(missing = "Default::default")]
    pub required_organisations: Vec<OrganisationId>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum Majority {
    #[default]
    Simple,
    /// "The majority vote must include the consent of the Independent Chair."
    WithChairConsent,
}

/// A decision that needs more than a simple majority, e.g. altering the constitution:
/// two thirds of the members present and voting.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct SpecialMajority {
    #[key]
    pub id: ItemId,
    pub matter: String,
    pub numerator: u32,
    pub denominator: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct DecisionRules {
    #[autosurgeon(missing = "Default::default")]
    pub consensus_first: bool,
    #[autosurgeon(missing = "Default::default")]
    pub majority: Majority,
    /// Who holds a casting vote in a deadlock (a role, e.g. "Independent Chair").
    #[autosurgeon(missing = "Default::default")]
    pub casting_vote: Option<String>,
    #[autosurgeon(missing = "Default::default")]
    pub special_majorities: Vec<SpecialMajority>,
}

/// "Members should attend N of M meetings"; "missing two consecutive meetings triggers a
/// letter from the chair". N of M is judged over the last M meetings held, or, with
/// `year_from`, over each year starting on the first of that month (4: April to March).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct AttendanceRule {
    pub attend: u32,
    pub of_meetings: u32,
    pub consecutive_absences_trigger: Option<u32>,
    /// The month (1 to 12) a year window starts in; `None`: the last `of_meetings` meetings.
    #[autosurgeon(missing = "Default::default")]
    pub year_from: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct TermsOfReference {
    #[autosurgeon(missing = "Default::default")]
    pub purpose: Text,
    #[autosurgeon(missing = "Default::default")]
    pub functions: Vec<ListItem>,
    #[autosurgeon(missing = "Default::default")]
    pub chairing: Chairing,
    #[autosurgeon(missing = "Default::default")]
    pub frequency: Option<MeetingFrequency>,
    /// What the seeds add to a frequency: "with provision for additional meetings as necessary".
    #[autosurgeon(missing = "Default::default")]
    pub frequency_note: String,
    #[autosurgeon(missing = "Default::default")]
    pub papers_deadline: Option<Notice>,
    #[autosurgeon(missing = "Default::default")]
    pub agenda_circulation: Option<Notice>,
    #[autosurgeon(missing = "Default::default")]
    pub standing_items: Vec<ListItem>,
    #[autosurgeon(missing = "Default::default")]
    pub quorum: Option<QuorumRule>,
    #[autosurgeon(missing = "Default::default")]
    pub decisions: DecisionRules,
    #[autosurgeon(missing = "Default::default")]
    pub attendance: Option<AttendanceRule>,
    #[autosurgeon(missing = "Default::default")]
    pub review_date: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub version: String,
}
