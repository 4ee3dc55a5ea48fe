use autosurgeon::{Hydrate, Reconcile};

use crate::GroupId;

/// A partnership document (first slice: its name, area and groups; the domain issue
/// adds the constitution, organisations and business plan).
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct PartnershipDoc {
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub area: String,
    #[autosurgeon(missing = "Default::default")]
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Group {
    #[key]
    pub id: GroupId,
    pub name: String,
}

/// A change to a partnership that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartnershipError {
    #[error("Enter a name")]
    EmptyName,
    #[error("Name must be {max} characters or fewer", max = MAX_NAME)]
    NameTooLong,
    #[error("There is already a group called {0:?}")]
    DuplicateGroup(String),
}

pub const MAX_NAME: usize = 200;

fn clean_name(name: &str) -> Result<String, PartnershipError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(PartnershipError::EmptyName);
    }
    if name.chars().count() > MAX_NAME {
        return Err(PartnershipError::NameTooLong);
    }
    Ok(name)
}

impl PartnershipDoc {
    pub fn new(name: &str, area: &str) -> Result<Self, PartnershipError> {
        Ok(Self { name: clean_name(name)?, area: area.trim().to_owned(), groups: Vec::new() })
    }

    pub fn rename(&mut self, name: &str) -> Result<(), PartnershipError> {
        self.name = clean_name(name)?;
        Ok(())
    }

    pub fn add_group(&mut self, name: &str) -> Result<GroupId, PartnershipError> {
        let name = clean_name(name)?;
        if self.groups.iter().any(|g| g.name.eq_ignore_ascii_case(&name)) {
            return Err(PartnershipError::DuplicateGroup(name));
        }
        let id = GroupId::random();
        self.groups.push(Group { id, name });
        Ok(id)
    }

    /// The groups as a person should see them: after a merge, concurrent additions of
    /// the same group id appear once.
    pub fn visible_groups(&self) -> Vec<&Group> {
        let mut seen: Vec<&Group> = Vec::new();
        for g in &self.groups {
            if !seen.iter().any(|s| s.id == g.id) {
                seen.push(g);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_must_not_be_empty() {
        let mut p = PartnershipDoc::new("  Leicester   Safeguarding  Children Board ", "Leicester").unwrap();
        assert_eq!(p.name, "Leicester Safeguarding Children Board");
        assert_eq!(p.rename("   "), Err(PartnershipError::EmptyName));
        assert_eq!(p.rename(&"x".repeat(MAX_NAME + 1)), Err(PartnershipError::NameTooLong));
        assert_eq!(p.name, "Leicester Safeguarding Children Board");
    }

    #[test]
    fn a_group_name_is_used_once() {
        let mut p = PartnershipDoc::new("P", "").unwrap();
        p.add_group("Case Review Group").unwrap();
        assert!(matches!(p.add_group("case review group"), Err(PartnershipError::DuplicateGroup(_))));
        assert_eq!(p.groups.len(), 1);
    }
}
