use crate::{access::Role, DocumentId};

/// The person making a change, as the rules see them: who they are (account email or name,
/// recorded in logs and sign-offs) and their role in each of their partnerships (by the
/// partnership's document id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub roles: Vec<(DocumentId, Role)>,
    /// Their account email, when known: a person named to sign off is matched by it.
    pub email: String,
}

impl Actor {
    pub fn new(name: &str, roles: &[(DocumentId, Role)]) -> Self {
        Self { name: name.to_owned(), roles: roles.to_vec(), email: String::new() }
    }

    /// The same actor, with their account email.
    pub fn with_email(mut self, email: &str) -> Self {
        self.email = email.trim().to_owned();
        self
    }

    /// Who they are for matching a named person: their email, or their name when no email
    /// is known.
    pub fn identity(&self) -> &str {
        if self.email.is_empty() { self.name.trim() } else { &self.email }
    }

    /// Their role in `partnership`, if they belong to it.
    pub fn role_in(&self, partnership: DocumentId) -> Option<Role> {
        self.roles.iter().filter(|(p, _)| *p == partnership).map(|(_, r)| *r).max()
    }

    /// Their best role in any of `owners`.
    pub fn best_role_in(&self, owners: impl IntoIterator<Item = DocumentId>) -> Option<Role> {
        owners.into_iter().filter_map(|p| self.role_in(p)).max()
    }
}
