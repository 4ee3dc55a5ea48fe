use autosurgeon::{Hydrate, Reconcile};

use crate::OrganisationId;

/// The sector an agency belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum Sector {
    LocalAuthority,
    Police,
    Health,
    Education,
    Probation,
    YouthJustice,
    Voluntary,
    #[default]
    Other,
}

impl Sector {
    pub const ALL: [Sector; 8] = [
        Sector::LocalAuthority,
        Sector::Police,
        Sector::Health,
        Sector::Education,
        Sector::Probation,
        Sector::YouthJustice,
        Sector::Voluntary,
        Sector::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sector::LocalAuthority => "Local authority",
            Sector::Police => "Police",
            Sector::Health => "Health",
            Sector::Education => "Education",
            Sector::Probation => "Probation",
            Sector::YouthJustice => "Youth justice",
            Sector::Voluntary => "Voluntary sector",
            Sector::Other => "Other",
        }
    }
}

/// An agency taking part in a partnership.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Organisation {
    #[key]
    pub id: OrganisationId,
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub sector: Sector,
    #[autosurgeon(missing = "Default::default")]
    pub statutory_partner: bool,
}

impl Organisation {
    pub fn new(name: &str, sector: Sector, statutory_partner: bool) -> Self {
        Self { id: OrganisationId::random(), name: name.trim().to_owned(), sector, statutory_partner }
    }
}
