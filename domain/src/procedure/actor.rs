use crate::{access::Role, DocumentId};

/// The person making a change, as the rules see them: who they are (account email or name,
/// recorded in logs and sign-offs) and their role in each of their partnerships (by the
/// partnership's document id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub roles: Vec<(DocumentId, Role)>,
}

impl Actor {
    pub fn new(name: &str, roles: &[(DocumentId, Role)]) -> Self {
        Self { name: name.to_owned(), roles: roles.to_vec() }
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
