use autosurgeon::{Hydrate, Reconcile};

use super::Date;
use crate::{OrganisationId, PersonId, SeatId};

/// How a seat takes part, as the seeds distinguish them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum SeatCategory {
    #[default]
    Core,
    /// Attends when requested.
    Virtual,
    /// Receives papers only (circulation list).
    PapersOnly,
    Advisor,
    /// e.g. the Lead Member for Children's Services (non-voting).
    ParticipantObserver,
    LayMember,
    CoOpted,
}

impl SeatCategory {
    pub const ALL: [SeatCategory; 7] = [
        SeatCategory::Core,
        SeatCategory::Virtual,
        SeatCategory::PapersOnly,
        SeatCategory::Advisor,
        SeatCategory::ParticipantObserver,
        SeatCategory::LayMember,
        SeatCategory::CoOpted,
    ];

    /// A stable token for form values.
    pub fn token(self) -> &'static str {
        match self {
            SeatCategory::Core => "core",
            SeatCategory::Virtual => "virtual",
            SeatCategory::PapersOnly => "papers-only",
            SeatCategory::Advisor => "advisor",
            SeatCategory::ParticipantObserver => "participant-observer",
            SeatCategory::LayMember => "lay-member",
            SeatCategory::CoOpted => "co-opted",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.token() == token)
    }

    pub fn label(self) -> &'static str {
        match self {
            SeatCategory::Core => "Core member",
            SeatCategory::Virtual => "Virtual member",
            SeatCategory::PapersOnly => "Papers only",
            SeatCategory::Advisor => "Advisor",
            SeatCategory::ParticipantObserver => "Participant observer",
            SeatCategory::LayMember => "Lay member",
            SeatCategory::CoOpted => "Co-opted",
        }
    }
}

/// A term of office: "two years, renewable up to a whole tenure of five years".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Tenure {
    pub start: Date,
    pub end: Option<Date>,
    pub renewable: bool,
    /// The longest total tenure, in years, counted from `first_appointed`.
    pub max_total_years: Option<u32>,
    /// When the holder was first appointed to this seat (for the total limit).
    pub first_appointed: Option<Date>,
}

/// A place on a group, held by a person on behalf of an organisation (or as a lay member).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Seat {
    #[key]
    pub id: SeatId,
    #[autosurgeon(missing = "Default::default")]
    pub organisation: Option<OrganisationId>,
    pub role_title: String,
    #[autosurgeon(missing = "Default::default")]
    pub category: SeatCategory,
    #[autosurgeon(missing = "Default::default")]
    pub voting: bool,
    #[autosurgeon(missing = "Default::default")]
    pub holder: Option<PersonId>,
    #[autosurgeon(missing = "Default::default")]
    pub deputy: Option<PersonId>,
    #[autosurgeon(missing = "Default::default")]
    pub tenure: Option<Tenure>,
    #[autosurgeon(missing = "Default::default")]
    pub dbs_checked: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub agreement_signed: Option<Date>,
}

impl Seat {
    pub fn new(role_title: &str, organisation: Option<OrganisationId>, category: SeatCategory, voting: bool) -> Self {
        Self {
            id: SeatId::random(),
            organisation,
            role_title: role_title.trim().to_owned(),
            category,
            voting,
            holder: None,
            deputy: None,
            tenure: None,
            dbs_checked: None,
            agreement_signed: None,
        }
    }
}
