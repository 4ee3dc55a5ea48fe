use autosurgeon::{Hydrate, Reconcile};

use super::ProcedureError;
use crate::model::Date;

/// A person or partner agency consulted: a name, and the account email the server grants
/// comment access to (empty for an agency reached outside Quorum).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Consultee {
    #[key]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub email: String,
}

impl Consultee {
    pub fn new(name: &str, email: &str) -> Result<Self, ProcedureError> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(ProcedureError::EmptyConsultee);
        }
        Ok(Self { name, email: email.trim().to_ascii_lowercase() })
    }
}

/// The procedure's consultation: open until its closing date (inclusive), with whom.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Consultation {
    #[autosurgeon(missing = "Default::default")]
    pub open: bool,
    #[autosurgeon(missing = "Default::default")]
    pub closing: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub consulted: Vec<Consultee>,
    /// The message to the people consulted (what to look at, how to respond).
    #[autosurgeon(missing = "Default::default")]
    pub message: String,
    /// When an owner ended it before its closing date.
    #[autosurgeon(missing = "Default::default")]
    pub ended_on: Option<Date>,
}

impl Consultation {
    /// Whether comments are taken on `today`: open, and not past the closing date.
    pub fn is_open_on(&self, today: Date) -> bool {
        self.open && self.closing.is_some_and(|c| today <= c)
    }

    /// Whether the account `email` is consulted.
    pub fn consults(&self, email: &str) -> bool {
        let email = email.trim().to_ascii_lowercase();
        !email.is_empty() && self.consulted.iter().any(|c| c.email == email)
    }
}
