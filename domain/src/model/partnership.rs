use autosurgeon::{Hydrate, Reconcile};

use super::Organisation;
use crate::{DocumentId, PersonId};

/// A partnership document: its name, area, organisations, and the group documents it
/// lists (see README, "Document boundaries"). A joint group is one group document listed
/// by every owning partnership.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct PartnershipDoc {
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub area: String,
    /// The group documents this partnership lists (its own and joint ones). A new key: the
    /// first slice's inline `groups` list is ignored, so old documents still load.
    #[autosurgeon(missing = "Default::default")]
    pub group_documents: Vec<GroupRef>,
    #[autosurgeon(missing = "Default::default")]
    pub organisations: Vec<Organisation>,
    /// The person documents of the partnership's people (see [`super::PersonDoc`]).
    #[autosurgeon(missing = "Default::default")]
    pub people: Vec<PersonRef>,
}

/// A person's document, listed by a partnership; seats refer to the person by id.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct PersonRef {
    #[key]
    pub person: PersonId,
    pub document: DocumentId,
}

/// A group document listed by a partnership.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct GroupRef {
    #[key]
    pub document: DocumentId,
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

/// A name as stored: inner whitespace collapsed, not empty, not too long.
pub fn clean_name(name: &str) -> Result<String, PartnershipError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(PartnershipError::EmptyName);
    }
    if name.chars().count() > MAX_NAME {
        return Err(PartnershipError::NameTooLong);
    }
    Ok(name)
}

/// The name a new group would be stored under, unless one of the partnership's groups
/// (`existing`) already has it (ignoring case).
pub fn new_group_name<'a>(name: &str, existing: impl IntoIterator<Item = &'a str>) -> Result<String, PartnershipError> {
    let name = clean_name(name)?;
    if existing.into_iter().any(|g| g.eq_ignore_ascii_case(&name)) {
        return Err(PartnershipError::DuplicateGroup(name));
    }
    Ok(name)
}

impl PartnershipDoc {
    pub fn new(name: &str, area: &str) -> Result<Self, PartnershipError> {
        Ok(Self { name: clean_name(name)?, area: area.trim().to_owned(), ..Self::default() })
    }

    pub fn rename(&mut self, name: &str) -> Result<(), PartnershipError> {
        self.name = clean_name(name)?;
        Ok(())
    }

    /// Lists a group document once, however often it is added.
    pub fn list_group(&mut self, document: DocumentId) {
        if !self.group_documents.iter().any(|g| g.document == document) {
            self.group_documents.push(GroupRef { document });
        }
    }

    pub fn unlist_group(&mut self, document: DocumentId) {
        self.group_documents.retain(|g| g.document != document);
    }

    /// The listed group documents, each once (concurrent adds of one id merge into
    /// duplicates).
    pub fn groups(&self) -> Vec<DocumentId> {
        let mut seen = Vec::new();
        for g in &self.group_documents {
            if !seen.contains(&g.document) {
                seen.push(g.document);
            }
        }
        seen
    }

    /// Lists a person's document once.
    pub fn list_person(&mut self, person: PersonId, document: DocumentId) {
        if self.person_document(person).is_none() {
            self.people.push(PersonRef { person, document });
        }
    }

    /// The document holding `person`'s details.
    pub fn person_document(&self, person: PersonId) -> Option<DocumentId> {
        self.people.iter().find(|p| p.person == person).map(|p| p.document)
    }

    pub fn organisation(&self, id: crate::OrganisationId) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id == id)
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
        assert_eq!(new_group_name(" Case  Review Group ", ["Panel"]), Ok("Case Review Group".to_owned()));
        assert!(matches!(new_group_name("case review group", ["Case Review Group"]), Err(PartnershipError::DuplicateGroup(_))));
    }

    #[test]
    fn a_person_is_listed_once_and_found_by_id() {
        let mut p = PartnershipDoc::new("P", "").unwrap();
        let (person, doc) = (PersonId::random(), DocumentId::random());
        p.list_person(person, doc);
        p.list_person(person, DocumentId::random());
        assert_eq!(p.people.len(), 1);
        assert_eq!(p.person_document(person), Some(doc));
        assert_eq!(p.person_document(PersonId::random()), None);
    }

    #[test]
    fn a_group_document_is_listed_once() {
        let mut p = PartnershipDoc::new("P", "").unwrap();
        let g = DocumentId::random();
        p.list_group(g);
        p.list_group(g);
        assert_eq!(p.groups(), vec![g]);
        p.unlist_group(g);
        assert!(p.groups().is_empty());
    }

    #[test]
    fn concurrent_listings_of_one_joint_group_show_it_once() {
        use automerge::Automerge;
        let mut a = Automerge::new();
        crate::model::update::<PartnershipDoc, _, PartnershipError>(&mut a, "create", 0, |p| {
            *p = PartnershipDoc::new("P", "")?;
            Ok(())
        })
        .unwrap();
        let mut b = a.fork();
        let g = DocumentId::random();
        for doc in [&mut a, &mut b] {
            crate::model::update::<PartnershipDoc, _, PartnershipError>(doc, "list", 0, |p| {
                p.list_group(g);
                Ok(())
            })
            .unwrap();
        }
        a.merge(&mut b).unwrap();
        let p: PartnershipDoc = crate::model::read(&a).unwrap();
        assert_eq!(p.groups(), vec![g]);
    }

    #[test]
    fn a_first_slice_document_with_inline_groups_still_loads() {
        use automerge::{transaction::Transactable, Automerge, ObjType, ROOT};
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "name", "Old board").unwrap();
        let groups = tx.put_object(ROOT, "groups", ObjType::List).unwrap();
        let g = tx.insert_object(&groups, 0, ObjType::Map).unwrap();
        tx.put(&g, "name", "Case Review Group").unwrap();
        tx.commit();
        let p: PartnershipDoc = crate::model::read(&doc).unwrap();
        assert_eq!(p.name, "Old board");
        assert!(p.groups().is_empty());
    }
}
