use autosurgeon::{Hydrate, Reconcile};

use autosurgeon::Text;

use super::{ComplianceRules, ListItem, NamedVersion, Organisation, Sector};
use crate::{DocumentId, ItemId, OrganisationId, PersonId};

/// A partnership document: its name, area, organisations, and the group documents it
/// lists (see README, "Document boundaries"). A joint group is one group document listed
/// by every owning partnership.
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
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
    /// The constitution, numbered by position.
    #[autosurgeon(missing = "Default::default")]
    pub constitution: Vec<Section>,
    /// Business plan objectives.
    #[autosurgeon(missing = "Default::default")]
    pub objectives: Vec<ListItem>,
    #[autosurgeon(missing = "Default::default")]
    pub priority_themes: Vec<ListItem>,
    #[autosurgeon(missing = "Default::default")]
    pub versions: Vec<NamedVersion>,
    /// Links with boards outside Quorum (inter-board arrangements).
    #[autosurgeon(missing = "Default::default")]
    pub external_links: Vec<super::ExternalLink>,
    /// The procedures manuals ([`crate::procedure::LibraryDoc`] documents) this partnership
    /// owns or shares, so the app can find and follow them. A new key: missing in older
    /// documents.
    #[autosurgeon(missing = "Default::default")]
    pub libraries: Vec<DocumentId>,
    /// What the partnership expects of its seats' holders (DBS, membership agreement). A new
    /// key: older documents read the defaults drawn from the seed constitution.
    #[autosurgeon(missing = "ComplianceRules::default")]
    pub compliance: ComplianceRules,
}

/// A numbered section of a constitution; its text merges character by character.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct Section {
    #[key]
    pub id: ItemId,
    pub heading: String,
    pub text: Text,
}

/// A list of the business plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnershipList {
    Objectives,
    PriorityThemes,
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
    #[error("Enter the section heading")]
    EmptyHeading,
    #[error("Enter the text of the item")]
    EmptyItem,
    #[error("There is no such item")]
    NoSuchItem,
    #[error("Enter the organisation's name")]
    EmptyOrganisation,
    #[error("There is already an organisation called {0:?}")]
    DuplicateOrganisation(String),
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

    /// Lists a procedures manual ([`crate::procedure::LibraryDoc`]) this partnership owns or
    /// shares, once.
    pub fn list_library(&mut self, document: DocumentId) {
        if !self.libraries.contains(&document) {
            self.libraries.push(document);
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

    /// Adds a section at the end of the constitution.
    pub fn add_section(&mut self, heading: &str, text: &str) -> Result<ItemId, PartnershipError> {
        let heading = clean_name(heading).map_err(|_| PartnershipError::EmptyHeading)?;
        let id = ItemId::random();
        self.constitution.push(Section { id, heading, text: Text::with_value(text.trim()) });
        Ok(id)
    }

    /// Changes a section's heading and text (the text as a character diff).
    pub fn edit_section(&mut self, id: ItemId, heading: &str, text: &str) -> Result<(), PartnershipError> {
        let heading = clean_name(heading).map_err(|_| PartnershipError::EmptyHeading)?;
        let s = self.constitution.iter_mut().find(|s| s.id == id).ok_or(PartnershipError::NoSuchItem)?;
        if s.heading != heading {
            s.heading = heading;
        }
        if s.text.as_str() != text.trim() {
            s.text.update(text.trim());
        }
        Ok(())
    }

    /// Moves a section by `by` places (−1 up, +1 down), keeping its id.
    pub fn move_section(&mut self, id: ItemId, by: i32) -> Result<(), PartnershipError> {
        let at = self.constitution.iter().position(|s| s.id == id).ok_or(PartnershipError::NoSuchItem)?;
        let to = at as i64 + i64::from(by);
        if to < 0 || to >= self.constitution.len() as i64 {
            return Ok(());
        }
        let to = to as usize;
        let s = self.constitution.remove(at);
        self.constitution.insert(to, s);
        // Fresh text objects between the two places: automerge has no move (see `move_item`).
        for s in &mut self.constitution[at.min(to)..=at.max(to)] {
            s.text = Text::with_value(s.text.as_str());
        }
        Ok(())
    }

    pub fn remove_section(&mut self, id: ItemId) -> Result<(), PartnershipError> {
        let before = self.constitution.len();
        self.constitution.retain(|s| s.id != id);
        if before == self.constitution.len() {
            return Err(PartnershipError::NoSuchItem);
        }
        Ok(())
    }

    fn list_mut(&mut self, which: PartnershipList) -> &mut Vec<ListItem> {
        match which {
            PartnershipList::Objectives => &mut self.objectives,
            PartnershipList::PriorityThemes => &mut self.priority_themes,
        }
    }

    pub fn add_list_item(&mut self, which: PartnershipList, text: &str) -> Result<ItemId, PartnershipError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PartnershipError::EmptyItem);
        }
        let item = ListItem::new(text);
        let id = item.id;
        self.list_mut(which).push(item);
        Ok(id)
    }

    pub fn remove_list_item(&mut self, which: PartnershipList, id: ItemId) -> Result<(), PartnershipError> {
        let list = self.list_mut(which);
        let before = list.len();
        list.retain(|i| i.id != id);
        if before == list.len() {
            return Err(PartnershipError::NoSuchItem);
        }
        Ok(())
    }

    pub fn move_list_item(&mut self, which: PartnershipList, id: ItemId, by: i32) -> Result<(), PartnershipError> {
        let list = self.list_mut(which);
        let at = list.iter().position(|i| i.id == id).ok_or(PartnershipError::NoSuchItem)?;
        let to = at as i64 + i64::from(by);
        if to >= 0 && (to as usize) < list.len() {
            super::move_item(list, at, to as usize);
        }
        Ok(())
    }

    /// Adds an organisation (a name used once, ignoring case).
    pub fn add_organisation(&mut self, name: &str, sector: Sector, statutory: bool) -> Result<OrganisationId, PartnershipError> {
        let name = clean_name(name).map_err(|_| PartnershipError::EmptyOrganisation)?;
        if self.organisations.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            return Err(PartnershipError::DuplicateOrganisation(name));
        }
        let o = Organisation::new(&name, sector, statutory);
        let id = o.id;
        self.organisations.push(o);
        Ok(id)
    }

    pub fn edit_organisation(&mut self, id: OrganisationId, name: &str, sector: Sector, statutory: bool) -> Result<(), PartnershipError> {
        let name = clean_name(name).map_err(|_| PartnershipError::EmptyOrganisation)?;
        if self.organisations.iter().any(|o| o.id != id && o.name.eq_ignore_ascii_case(&name)) {
            return Err(PartnershipError::DuplicateOrganisation(name));
        }
        let o = self.organisations.iter_mut().find(|o| o.id == id).ok_or(PartnershipError::NoSuchItem)?;
        if o.name != name {
            o.name = name;
        }
        o.sector = sector;
        o.statutory_partner = statutory;
        Ok(())
    }

    /// The statutory partners: the organisations marked as such.
    pub fn statutory_partners(&self) -> Vec<&Organisation> {
        self.organisations.iter().filter(|o| o.statutory_partner).collect()
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
    fn constitution_sections_are_added_edited_moved_and_removed_by_id() {
        let mut p = PartnershipDoc::new("P", "").unwrap();
        assert_eq!(p.add_section(" ", "x"), Err(PartnershipError::EmptyHeading));
        let a = p.add_section("Name", "The Board is called…").unwrap();
        let b = p.add_section("Quorum", "50% of voting members").unwrap();
        p.move_section(b, -1).unwrap();
        p.move_section(b, -1).unwrap();
        assert_eq!(p.constitution.iter().map(|s| s.id).collect::<Vec<_>>(), [b, a]);
        p.edit_section(b, "Quorum and voting", "50% of the voting members").unwrap();
        assert_eq!((p.constitution[0].heading.as_str(), p.constitution[0].text.as_str()), ("Quorum and voting", "50% of the voting members"));
        p.remove_section(a).unwrap();
        assert_eq!(p.remove_section(a), Err(PartnershipError::NoSuchItem));
    }

    #[test]
    fn business_plan_lists_and_organisations() {
        let mut p = PartnershipDoc::new("P", "").unwrap();
        let x = p.add_list_item(PartnershipList::Objectives, "Early help").unwrap();
        let y = p.add_list_item(PartnershipList::Objectives, "Neglect").unwrap();
        p.move_list_item(PartnershipList::Objectives, y, -1).unwrap();
        assert_eq!(p.objectives.iter().map(|i| i.id).collect::<Vec<_>>(), [y, x]);
        assert_eq!(p.add_list_item(PartnershipList::PriorityThemes, " "), Err(PartnershipError::EmptyItem));
        let police = p.add_organisation(" Leicestershire  Police ", Sector::Police, true).unwrap();
        assert!(matches!(p.add_organisation("leicestershire police", Sector::Police, true), Err(PartnershipError::DuplicateOrganisation(_))));
        p.add_organisation("Voluntary sector forum", Sector::Voluntary, false).unwrap();
        assert_eq!(p.statutory_partners().len(), 1);
        p.edit_organisation(police, "Leicestershire Police", Sector::Police, false).unwrap();
        assert!(p.statutory_partners().is_empty());
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

impl super::Versioned for PartnershipDoc {
    fn versions_mut(&mut self) -> &mut Vec<NamedVersion> {
        &mut self.versions
    }
}
