use autosurgeon::{Hydrate, Reconcile};

use super::ProcedureError;
use crate::{ItemId, PersonId};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Reconcile, Hydrate)]
pub enum LinkKind {
    #[default]
    Guidance,
    Legislation,
}

/// Related guidance or legislation: a title and an http(s) link.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Link {
    #[key]
    pub id: ItemId,
    pub kind: LinkKind,
    pub title: String,
    pub url: String,
}

impl Link {
    /// A checked link: a title, and a URL that starts with `https://` or `http://`, has a
    /// host and no spaces.
    pub fn new(kind: LinkKind, title: &str, url: &str) -> Result<Self, ProcedureError> {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(ProcedureError::EmptyLinkTitle);
        }
        let url = url.trim();
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or(ProcedureError::BadLink)?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || !host.contains('.') || url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>') {
            return Err(ProcedureError::BadLink);
        }
        Ok(Self { id: ItemId::random(), kind, title, url: url.to_owned() })
    }
}

/// A local contact for the procedure (a team, a role or a person), with how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Contact {
    #[key]
    pub id: ItemId,
    pub name: String,
    /// e.g. "Safeguarding Unit, Leicester City Council".
    #[autosurgeon(missing = "Default::default")]
    pub organisation: String,
    /// A telephone number, an email address or both, as typed.
    #[autosurgeon(missing = "Default::default")]
    pub details: String,
}

impl Contact {
    pub fn new(name: &str, organisation: &str, details: &str) -> Result<Self, ProcedureError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ProcedureError::EmptyContact);
        }
        Ok(Self { id: ItemId::random(), name: name.to_owned(), organisation: organisation.trim().to_owned(), details: details.trim().to_owned() })
    }
}

/// The lead reviewer: a name (a role, as the seeds give them) and, when they have a person
/// document, its id (as a group's seats do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Reviewer {
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub person: Option<PersonId>,
}
