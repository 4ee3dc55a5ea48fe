//! Who may do what, as one rule both ends share (the server enforces it, the app shows it).
//!
//! A person's **role on a document** is the best of their roles in the partnerships that
//! own it and their grants on the document itself ([`role_on`]). Any role reads
//! ([`can_read`]); `editor` and `admin` write ([`can_write`]). A grant is given as at most
//! `editor` ([`Role::as_grant`]). A document nobody owns gives nobody a role.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// A role in a partnership (or, at most `Editor`, a grant on one document).
/// Ordered: `Viewer < Editor < Admin`. On the wire: `viewer`, `editor`, `admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Editor,
    Admin,
}

/// A string that is not `admin`, `editor` or `viewer`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a role is admin, editor or viewer")]
pub struct BadRole;

impl Role {
    /// Every role, the most powerful first (the order of role radios).
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    /// Whether this role may change documents.
    pub fn may_write(self) -> bool {
        self >= Role::Editor
    }

    /// The same as [`Role::may_write`].
    pub fn can_edit(self) -> bool {
        self.may_write()
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// The role a grant of `self` gives: grants stop at `Editor`.
    pub fn as_grant(self) -> Role {
        self.min(Role::Editor)
    }

    /// The wire value (`admin`, `editor`, `viewer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// The exact wire value, or `None`.
    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Editor => "Editor",
            Role::Viewer => "Viewer",
        }
    }

    /// A sentence saying what the role allows (the role radios' hints).
    pub fn hint(self) -> &'static str {
        match self {
            Role::Admin => "Can change everything, and manage people and invitations",
            Role::Editor => "Can change documents",
            Role::Viewer => "Can read documents, and change nothing",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lenient: surrounding spaces and case are ignored (`" Admin "` is `Admin`).
impl FromStr for Role {
    type Err = BadRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s.trim().to_ascii_lowercase().as_str()).ok_or(BadRole)
    }
}

/// The person's role on a document: the best of their roles in the document's owning
/// partnerships and their grants on it.
///
/// - `memberships`: the person's partnerships (by whatever key the caller has: a server
///   id, or the partnership's document id) with their role in each;
/// - `owns`: whether a partnership (by that key) owns the document;
/// - `grants`: the person's grants on the document itself.
pub fn role_on<K>(
    memberships: impl IntoIterator<Item = (K, Role)>,
    owns: impl Fn(&K) -> bool,
    grants: impl IntoIterator<Item = Role>,
) -> Option<Role> {
    memberships
        .into_iter()
        .filter(|(k, _)| owns(k))
        .map(|(_, r)| r)
        .chain(grants)
        .max()
}

/// Whether a person with this role on a document may read it.
pub fn can_read(role: Option<Role>) -> bool {
    role.is_some()
}

/// Whether a person with this role on a document may change it.
pub fn can_write(role: Option<Role>) -> bool {
    role.is_some_and(Role::may_write)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEICESTER: &str = "leicester";
    const LRSCP: &str = "lrscp";
    const DERBY: &str = "derby";

    fn role(memberships: &[(&str, Role)], owners: &[&str], grants: &[Role]) -> Option<Role> {
        role_on(memberships.iter().copied(), |p| owners.contains(p), grants.iter().copied())
    }

    #[test]
    fn any_role_in_an_owning_partnership_reads_and_editors_write() {
        for r in Role::ALL {
            let got = role(&[(LEICESTER, r)], &[LEICESTER], &[]);
            assert_eq!(got, Some(r));
            assert!(can_read(got));
            assert_eq!(can_write(got), r != Role::Viewer, "{r}");
        }
        let other = role(&[(LEICESTER, Role::Admin)], &[DERBY], &[]);
        assert_eq!(other, None, "another partnership's document");
        assert!(!can_read(other) && !can_write(other));
    }

    #[test]
    fn the_best_of_owning_roles_and_grants_counts() {
        let joint = [LEICESTER, LRSCP];
        let memberships = [(LEICESTER, Role::Viewer), (LRSCP, Role::Editor), (DERBY, Role::Admin)];
        assert_eq!(role(&memberships, &joint, &[]), Some(Role::Editor), "Derby does not own it");
        assert_eq!(role(&memberships[..1], &joint, &[Role::Editor]), Some(Role::Editor), "the grant beats the role");
        assert_eq!(role(&[], &[DERBY], &[Role::Viewer]), Some(Role::Viewer), "a grant alone reads");
        assert_eq!(role(&[], &[], &[]), None, "an unowned document gives nobody a role");
    }

    #[test]
    fn a_grant_is_given_as_at_most_editor() {
        assert_eq!(Role::Admin.as_grant(), Role::Editor);
        assert_eq!(Role::Viewer.as_grant(), Role::Viewer);
    }

    #[test]
    fn roles_parse_print_and_order() {
        for r in Role::ALL {
            assert_eq!(r.to_string().parse::<Role>().unwrap(), r);
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json_string(r), format!("\"{}\"", r.as_str()));
        }
        assert_eq!(" Admin ".parse::<Role>().unwrap(), Role::Admin);
        assert_eq!(Role::parse("Admin"), None, "the wire value is exact");
        assert!("owner".parse::<Role>().is_err());
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Admin);
        assert!(!Role::Viewer.may_write() && Role::Editor.can_edit() && Role::Admin.is_admin());
    }

    fn serde_json_string(r: Role) -> String {
        serde_json::to_string(&r).unwrap()
    }
}
