//! What someone may do in a partnership, or with one document.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// A role in a partnership (or, without `Admin`, a grant on one document).
/// Ordered: `Viewer < Editor < Admin`.
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
    /// Whether this role may change documents.
    pub fn may_write(self) -> bool {
        self >= Role::Editor
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = BadRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Ok(Role::Viewer),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            _ => Err(BadRole),
        }
    }
}

impl rusqlite::ToSql for Role {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
    }
}

impl rusqlite::types::FromSql for Role {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        v.as_str()?
            .parse()
            .map_err(|e: BadRole| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_print_and_order() {
        for r in [Role::Viewer, Role::Editor, Role::Admin] {
            assert_eq!(r.to_string().parse::<Role>().unwrap(), r);
        }
        assert_eq!(" Admin ".parse::<Role>().unwrap(), Role::Admin);
        assert!("owner".parse::<Role>().is_err());
        assert!(!Role::Viewer.may_write());
        assert!(Role::Editor.may_write() && Role::Admin.may_write());
    }
}
