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

/// Who may attend in the holder's place (constitution 9.1: "a named deputy, of the same or
/// a similar status and authority"; some terms of reference: "or any member of their
/// organisation").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum SubstituteRule {
    /// The seat's named deputy (`Seat::deputy`), when one is named. What every seat recorded
    /// before substitute rules existed means.
    #[default]
    NamedDeputy,
    /// Any colleague from the holder's organisation may attend instead.
    AnyColleague,
    /// Nobody may attend in the holder's place.
    NoSubstitute,
}

impl SubstituteRule {
    pub const ALL: [SubstituteRule; 3] = [SubstituteRule::NamedDeputy, SubstituteRule::AnyColleague, SubstituteRule::NoSubstitute];

    pub fn token(self) -> &'static str {
        match self {
            SubstituteRule::NamedDeputy => "named-deputy",
            SubstituteRule::AnyColleague => "any-colleague",
            SubstituteRule::NoSubstitute => "none",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.token() == token)
    }
}

/// Whether a seat is held by one person (a chair, a designated nurse) or shared by several
/// appointed to it together (the trainers, "representatives of the voluntary sector").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum SeatHolding {
    /// One holder, in `Seat::holder`. Two people appointed at the same time on two devices
    /// is a conflict: one is kept and the other is offered to pick instead.
    #[default]
    Single,
    /// Several holders, in `Seat::holders`. People appointed at the same time on two devices
    /// are all kept: nobody appointed to a shared seat is dropped by a merge.
    Shared,
}

impl SeatHolding {
    pub const ALL: [SeatHolding; 2] = [SeatHolding::Single, SeatHolding::Shared];

    pub fn token(self) -> &'static str {
        match self {
            SeatHolding::Single => "single",
            SeatHolding::Shared => "shared",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.token() == token)
    }
}

/// One of the holders of a shared seat, keyed by the person (so the same person appointed
/// on two devices is one holder after repair).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct SeatHolder {
    #[key]
    pub person: PersonId,
    #[autosurgeon(missing = "Default::default")]
    pub appointed: Option<Date>,
}

/// A place on a group, held by a person on behalf of an organisation (or as a lay member).
///
/// A seat is held by one person ([`SeatHolding::Single`], `holder`) or shared by several
/// ([`SeatHolding::Shared`], `holders`); use [`Seat::holders`] to list whoever holds it
/// either way.
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
    /// When the holder signed the partnership's membership agreement.
    #[autosurgeon(missing = "Default::default")]
    pub agreement_signed: Option<Date>,
    /// The agreement's version that was signed (see [`super::ComplianceRules::is_current`]);
    /// `None` for signatures recorded before agreements had versions.
    #[autosurgeon(missing = "Default::default")]
    pub agreement_version: Option<String>,
    /// Who recorded the signature, by name.
    #[autosurgeon(missing = "Default::default")]
    pub agreement_recorded_by: Option<String>,
    /// Who may attend in the holder's place.
    #[autosurgeon(missing = "Default::default")]
    pub substitute: SubstituteRule,
    #[autosurgeon(missing = "Default::default")]
    pub holding: SeatHolding,
    /// The holders of a shared seat, in the order appointed.
    #[autosurgeon(missing = "Default::default")]
    pub holders: Vec<SeatHolder>,
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
            agreement_version: None,
            agreement_recorded_by: None,
            substitute: SubstituteRule::NamedDeputy,
            holding: SeatHolding::Single,
            holders: Vec::new(),
        }
    }

    /// Everyone who holds the seat: the holder of a single seat, or every holder of a
    /// shared one, each once. Reads a merged seat as [`Seat::repair`] would leave it, so
    /// pages show the invariants before any repair is written.
    pub fn holders(&self) -> Vec<PersonId> {
        let mut out: Vec<PersonId> = match self.holding {
            SeatHolding::Single => self.holder.or(self.holders.first().map(|h| h.person)).into_iter().collect(),
            SeatHolding::Shared => self.holder.into_iter().chain(self.holders.iter().map(|h| h.person)).collect(),
        };
        let mut seen = Vec::new();
        out.retain(|p| {
            let new = !seen.contains(p);
            seen.push(*p);
            new
        });
        out
    }

    pub fn is_held_by(&self, person: PersonId) -> bool {
        self.holders().contains(&person)
    }

    pub fn is_vacant(&self) -> bool {
        self.holders().is_empty()
    }

    /// The named deputy, when the substitute rule is a named deputy (and the deputy does
    /// not also hold the seat).
    pub fn named_deputy(&self) -> Option<PersonId> {
        match self.substitute {
            SubstituteRule::NamedDeputy => self.deputy.filter(|d| !self.is_held_by(*d)),
            _ => None,
        }
    }

    /// Makes the seat consistent after a merge (see [`super::GroupDoc::repair`]):
    /// - a single seat has one holder: a holder kept in `holder` wins; if there is none, the
    ///   first listed holder takes the seat; other listed holders are dropped (someone made
    ///   the seat single while someone else appointed to it as shared: the decision that the
    ///   seat has one holder stands, as a board's constitution would have it);
    /// - a shared seat keeps everyone: a holder written to `holder` (appointed as single
    ///   while someone else made the seat shared) joins the list; a person listed twice is
    ///   listed once;
    /// - a deputy is kept only with the named-deputy rule, and is never also a holder.
    pub fn repair(&mut self) {
        match self.holding {
            SeatHolding::Single => {
                if self.holder.is_none() && !self.holders.is_empty() {
                    self.holder = Some(self.holders[0].person);
                }
                self.holders.clear();
            }
            SeatHolding::Shared => {
                if let Some(h) = self.holder.take() {
                    if !self.holders.iter().any(|x| x.person == h) {
                        self.holders.insert(0, SeatHolder { person: h, appointed: None });
                    }
                }
                let mut seen = Vec::new();
                self.holders.retain(|h| {
                    let new = !seen.contains(&h.person);
                    seen.push(h.person);
                    new
                });
            }
        }
        if self.substitute != SubstituteRule::NamedDeputy {
            self.deputy = None;
        }
        if self.deputy.is_some_and(|d| self.is_held_by(d)) {
            self.deputy = None;
        }
    }
}
