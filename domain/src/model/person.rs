use autosurgeon::{Hydrate, Reconcile};

use crate::OrganisationId;

/// A person, in a small document of their own, referenced by id from seats, so their
/// details can be erased without rewriting any group's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct PersonDoc {
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub job_title: String,
    #[autosurgeon(missing = "Default::default")]
    pub organisation: Option<OrganisationId>,
    #[autosurgeon(missing = "Default::default")]
    pub email: String,
    #[autosurgeon(missing = "Default::default")]
    pub phone: String,
}
