//! Named versions ("Version 7.7, CBC review") and the revision table a document's history
//! and named versions produce, instead of a table typed by hand.

use std::str::FromStr;

use automerge::{Automerge, ChangeHash};
use autosurgeon::{Hydrate, Reconcile};

use super::{history::ChangeEntry, DocError};
use crate::ItemId;

/// A version someone named: the document's heads when they named it.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct NamedVersion {
    #[key]
    pub id: ItemId,
    /// e.g. `7.7`.
    pub version: String,
    /// e.g. `CBC review`.
    pub note: String,
    /// The heads (change hashes, hex) the name points at.
    pub heads: Vec<String>,
}

/// A document that keeps named versions.
pub trait Versioned {
    fn versions_mut(&mut self) -> &mut Vec<NamedVersion>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("Enter the version, for example 7.7")]
    EmptyVersion,
    #[error("Version must be 40 characters or fewer")]
    VersionTooLong,
    #[error("Note must be 200 characters or fewer")]
    NoteTooLong,
    #[error("There is nothing to name yet")]
    NothingToName,
}

impl NamedVersion {
    pub fn head_hashes(&self) -> Vec<ChangeHash> {
        self.heads.iter().filter_map(|h| ChangeHash::from_str(h).ok()).collect()
    }
}

/// Names the document's current state. The naming itself is a new change after it.
pub fn name_version<T: Hydrate + Reconcile + Versioned>(
    doc: &mut Automerge,
    version: &str,
    note: &str,
    time: i64,
) -> Result<(), DocError<VersionError>> {
    let version = version.split_whitespace().collect::<Vec<_>>().join(" ");
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    let heads: Vec<String> = doc.get_heads().iter().map(|h| h.to_string()).collect();
    super::update::<T, _, VersionError>(doc, &format!("Named version {version}"), time, |d| {
        if version.is_empty() {
            return Err(VersionError::EmptyVersion);
        }
        if version.chars().count() > 40 {
            return Err(VersionError::VersionTooLong);
        }
        if note.chars().count() > 200 {
            return Err(VersionError::NoteTooLong);
        }
        if heads.is_empty() {
            return Err(VersionError::NothingToName);
        }
        d.versions_mut().push(NamedVersion { id: ItemId::random(), version, note, heads });
        Ok(())
    })
}

/// One row of the revision table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub version: String,
    /// When the named state was last changed (seconds since the epoch).
    pub time: i64,
    /// The device that made that change.
    pub actor: String,
    pub note: String,
    pub heads: Vec<ChangeHash>,
    /// Changes in this version since the previous named one.
    pub changes: usize,
}

/// The revision table, newest first: each named version with the date and author of the
/// last change it includes and how many changes it adds to the version before it.
pub fn revision_table(doc: &Automerge, named: &[NamedVersion]) -> Vec<Revision> {
    let timeline: Vec<ChangeEntry> = super::timeline(doc);
    let mut rows = Vec::new();
    let mut counted = 0usize;
    for n in named {
        let heads = n.head_hashes();
        if heads.is_empty() {
            continue;
        }
        let included = doc.get_changes_meta(&[]).len() - doc.get_changes_meta(&heads).len();
        let last = timeline.iter().filter(|e| heads.contains(&e.hash)).max_by_key(|e| e.time);
        rows.push(Revision {
            version: n.version.clone(),
            time: last.map(|e| e.time).unwrap_or_default(),
            actor: last.map(|e| e.actor.clone()).unwrap_or_default(),
            note: n.note.clone(),
            heads,
            changes: included.saturating_sub(counted),
        });
        counted = counted.max(included);
    }
    rows.reverse();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, PartnershipDoc};

    #[test]
    fn named_versions_make_the_revision_table_and_read_back_as_they_were() {
        let mut doc = Automerge::new();
        model::update(&mut doc, "Create", 100, |p: &mut PartnershipDoc| p.rename("LSCB")).unwrap();
        name_version::<PartnershipDoc>(&mut doc, " 7.6 ", "Annual review", 150).unwrap();
        model::update(&mut doc, "Rename", 200, |p: &mut PartnershipDoc| p.rename("Leicester LSCB")).unwrap();
        model::update(&mut doc, "Area", 210, |p: &mut PartnershipDoc| {
            p.area = "Leicester".into();
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap();
        name_version::<PartnershipDoc>(&mut doc, "7.7", "CBC review", 300).unwrap();
        assert_eq!(
            name_version::<PartnershipDoc>(&mut doc, " ", "", 301).unwrap_err().to_string(),
            "Enter the version, for example 7.7"
        );
        let p: PartnershipDoc = model::read(&doc).unwrap();
        let table = revision_table(&doc, &p.versions);
        let shown: Vec<_> = table.iter().map(|r| (r.version.as_str(), r.note.as_str(), r.time, r.changes)).collect();
        assert_eq!(shown, [("7.7", "CBC review", 210, 3), ("7.6", "Annual review", 100, 1)]);
        let old: PartnershipDoc = model::read_at(&doc, &table[1].heads).unwrap();
        assert_eq!(old.name, "LSCB");
        assert!(old.versions.is_empty(), "a version does not contain its own name");
    }
}
