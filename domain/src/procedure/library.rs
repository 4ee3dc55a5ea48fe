use autosurgeon::{Hydrate, Reconcile};

use super::ProcedureError;
use crate::{
    model::{Date, Owner},
    DocumentId, ItemId,
};

/// A chapter of the manual: a title and its procedure documents, in order.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Chapter {
    #[key]
    pub id: ItemId,
    pub title: String,
    #[autosurgeon(missing = "Default::default")]
    pub procedures: Vec<DocumentId>,
}

/// A procedure version published in an update, with its amendment note.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct UpdateItem {
    #[key]
    pub procedure: DocumentId,
    pub version: u32,
    pub amendment: String,
}

/// A batch of procedures published together ("Spring update 2027"), launched on a date,
/// with its own amendments list.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct LibraryUpdate {
    #[key]
    pub id: ItemId,
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub launch: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub items: Vec<UpdateItem>,
    #[autosurgeon(missing = "Default::default")]
    pub amendments: Vec<String>,
}

/// A procedures manual: one document, owned by partnerships like a group document.
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct LibraryDoc {
    #[autosurgeon(missing = "Default::default")]
    pub title: String,
    #[autosurgeon(missing = "Default::default")]
    pub owner_group: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub owners: Vec<Owner>,
    #[autosurgeon(missing = "Default::default")]
    pub chapters: Vec<Chapter>,
    #[autosurgeon(missing = "Default::default")]
    pub updates: Vec<LibraryUpdate>,
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl LibraryDoc {
    pub fn new(title: &str, owner_group: Option<DocumentId>, owners: &[DocumentId]) -> Result<Self, ProcedureError> {
        let title = clean(title);
        if title.is_empty() {
            return Err(ProcedureError::EmptyTitle);
        }
        if owners.is_empty() {
            return Err(ProcedureError::NoOwner);
        }
        let mut owners_list: Vec<Owner> = Vec::new();
        for o in owners {
            if !owners_list.iter().any(|x| x.partnership == *o) {
                owners_list.push(Owner::new(*o));
            }
        }
        Ok(Self { title, owner_group, owners: owners_list, ..Self::default() })
    }

    pub fn add_chapter(&mut self, title: &str) -> Result<ItemId, ProcedureError> {
        let title = clean(title);
        if title.is_empty() {
            return Err(ProcedureError::EmptyTitle);
        }
        let id = ItemId::random();
        self.chapters.push(Chapter { id, title, procedures: Vec::new() });
        Ok(id)
    }

    fn chapter_mut(&mut self, id: ItemId) -> Result<&mut Chapter, ProcedureError> {
        self.chapters.iter_mut().find(|c| c.id == id).ok_or(ProcedureError::NoSuchChapter)
    }

    pub fn rename_chapter(&mut self, id: ItemId, title: &str) -> Result<(), ProcedureError> {
        let title = clean(title);
        if title.is_empty() {
            return Err(ProcedureError::EmptyTitle);
        }
        self.chapter_mut(id)?.title = title;
        Ok(())
    }

    /// Files a procedure in a chapter (taking it out of any other chapter).
    pub fn file_procedure(&mut self, chapter: ItemId, procedure: DocumentId) -> Result<(), ProcedureError> {
        self.chapter_mut(chapter)?;
        for c in &mut self.chapters {
            if c.id != chapter {
                c.procedures.retain(|p| *p != procedure);
            }
        }
        let c = self.chapter_mut(chapter)?;
        if !c.procedures.contains(&procedure) {
            c.procedures.push(procedure);
        }
        Ok(())
    }

    pub fn chapter_of(&self, procedure: DocumentId) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.procedures.contains(&procedure))
    }

    /// Adds an owning partnership (its owner group was shared with it), once.
    pub fn add_owner(&mut self, partnership: DocumentId) {
        if !self.owners.iter().any(|o| o.partnership == partnership) {
            self.owners.push(Owner::new(partnership));
        }
    }

    pub fn procedures(&self) -> Vec<DocumentId> {
        self.chapters.iter().flat_map(|c| c.procedures.iter().copied()).collect()
    }

    /// Starts an update (a batch published together).
    pub fn add_update(&mut self, name: &str, launch: Option<Date>) -> Result<ItemId, ProcedureError> {
        let name = clean(name);
        if name.is_empty() {
            return Err(ProcedureError::EmptyTitle);
        }
        let id = ItemId::random();
        self.updates.push(LibraryUpdate { id, name, launch, items: Vec::new(), amendments: Vec::new() });
        Ok(id)
    }

    fn update_mut(&mut self, id: ItemId) -> Result<&mut LibraryUpdate, ProcedureError> {
        self.updates.iter_mut().find(|u| u.id == id).ok_or(ProcedureError::NoSuchUpdate)
    }

    /// Records that `procedure` version `version` was published in update `update`, and
    /// adds its amendment to the update's amendments list.
    pub fn include(&mut self, update: ItemId, procedure: DocumentId, version: u32, amendment: &str) -> Result<(), ProcedureError> {
        let amendment = amendment.trim().to_owned();
        if amendment.is_empty() {
            return Err(ProcedureError::EmptySummary);
        }
        let u = self.update_mut(update)?;
        u.items.retain(|i| i.procedure != procedure);
        u.items.push(UpdateItem { procedure, version, amendment: amendment.clone() });
        u.amendments.push(amendment);
        Ok(())
    }

    /// Whether version `version` of `procedure` is already in one of the manual's updates.
    pub fn includes(&self, procedure: DocumentId, version: u32) -> bool {
        self.updates.iter().any(|u| u.items.iter().any(|i| i.procedure == procedure && i.version == version))
    }

    /// Publishes an update named `name`, launched on `launch`, of the published versions
    /// `items` (procedure, version, amendment), in one change: its amendments list is theirs,
    /// and readers' "updated in the last update" flags follow. An update needs a name and at
    /// least one procedure filed in this manual; nothing is changed otherwise.
    pub fn publish_update(&mut self, name: &str, launch: Date, items: &[(DocumentId, u32, String)]) -> Result<ItemId, ProcedureError> {
        if items.is_empty() {
            return Err(ProcedureError::EmptyUpdate);
        }
        if items.iter().any(|(p, ..)| self.chapter_of(*p).is_none()) {
            return Err(ProcedureError::NoSuchItem);
        }
        let mut next = self.clone();
        let id = next.add_update(name, Some(launch))?;
        for (procedure, version, amendment) in items {
            next.include(id, *procedure, *version, amendment)?;
        }
        *self = next;
        Ok(id)
    }

    /// Adds a line to an update's amendments list.
    pub fn add_amendment(&mut self, update: ItemId, text: &str) -> Result<(), ProcedureError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ProcedureError::EmptySummary);
        }
        self.update_mut(update)?.amendments.push(text.to_owned());
        Ok(())
    }

    /// The most recent update launched on or before `today` (the one readers' "updated in
    /// the last update" flags are about).
    pub fn last_update(&self, today: Date) -> Option<&LibraryUpdate> {
        self.updates.iter().filter(|u| u.launch.is_some_and(|l| l <= today)).max_by_key(|u| u.launch)
    }

    /// Whether `procedure` was published in the last update.
    pub fn updated_in_last_update(&self, procedure: DocumentId, today: Date) -> bool {
        self.last_update(today).is_some_and(|u| u.items.iter().any(|i| i.procedure == procedure))
    }

    /// The manual's amendments log: its updates, the most recently launched first (updates
    /// not yet launched first of all).
    pub fn updates_log(&self) -> Vec<&LibraryUpdate> {
        let mut out: Vec<&LibraryUpdate> = self.updates.iter().collect();
        out.sort_by(|a, b| match (a.launch, b.launch) {
            (None, None) => a.name.cmp(&b.name),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(&x),
        });
        out
    }

    /// After a merge: a procedure filed in two chapters (concurrent moves) stays in the
    /// first only, and once per chapter; owners once. Returns whether anything changed.
    pub fn repair(&mut self) -> bool {
        let before = self.clone();
        let mut seen = Vec::new();
        for c in &mut self.chapters {
            c.procedures.retain(|p| {
                let new = !seen.contains(p);
                seen.push(*p);
                new
            });
        }
        let mut owners = Vec::new();
        self.owners.retain(|o| {
            let new = !owners.contains(&o.partnership);
            owners.push(o.partnership);
            new
        });
        *self != before
    }
}

/// Runs [`LibraryDoc::repair`] on a document (after receiving changes). Returns whether
/// anything needed repair.
pub fn repair_library(doc: &mut automerge::Automerge, time: i64) -> Result<bool, crate::model::DocError> {
    crate::model::repair_after_merge::<LibraryDoc>(doc, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_publishes_its_procedures_amendments_in_one_change() {
        let owner = DocumentId::random();
        let mut lib = LibraryDoc::new("LLR procedures", None, &[owner]).unwrap();
        let chapter = lib.add_chapter("Responding to concerns").unwrap();
        let (a, b, elsewhere) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        lib.file_procedure(chapter, a).unwrap();
        lib.file_procedure(chapter, b).unwrap();
        let launch = Date::from_ymd(2027, 4, 1).unwrap();

        let before = lib.clone();
        assert_eq!(lib.publish_update("Spring update 2027", launch, &[]), Err(ProcedureError::EmptyUpdate));
        assert_eq!(lib.publish_update(" ", launch, &[(a, 1, "New".into())]), Err(ProcedureError::EmptyTitle));
        assert_eq!(lib.publish_update("Spring update 2027", launch, &[(elsewhere, 1, "New".into())]), Err(ProcedureError::NoSuchItem));
        assert_eq!(lib.publish_update("Spring update 2027", launch, &[(a, 2, "Reworded".into()), (b, 1, " ".into())]), Err(ProcedureError::EmptySummary));
        assert_eq!(lib, before, "a refused update changes nothing");

        lib.publish_update("Spring update 2027", launch, &[(a, 2, "Reworded the escalation steps".into()), (b, 1, "New procedure".into())]).unwrap();
        assert!(lib.includes(a, 2) && lib.includes(b, 1) && !lib.includes(a, 1));
        assert!(lib.updated_in_last_update(a, launch));
        assert!(!lib.updated_in_last_update(a, Date::from_ymd(2027, 3, 31).unwrap()), "not launched yet the day before");
        assert_eq!(lib.updates_log()[0].amendments, ["Reworded the escalation steps", "New procedure"]);
    }
}
