//! Named versions ("Version 7.7, CBC review", "Approved April 2007") and the revision table a
//! document's history and named versions produce, instead of a table typed by hand.
//!
//! A version is recorded by a person (the change that named it, which the server attributes
//! to an account) at a time, and may carry an approval: the body that approved it (a group
//! here or a body named in words) and when, to the day, the month or the year, which is not
//! when it was recorded.

use std::str::FromStr;

use automerge::{Automerge, ChangeHash, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{Hydrate, Reconcile};

use super::{history::ChangeEntry, BodyRef, Date, DocError, PartialDate};
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
    /// Who approved this version, if anyone did.
    #[autosurgeon(missing = "Default::default")]
    pub approved_by: Option<BodyRef>,
    /// When it was approved ("April 2007"), not when it was recorded.
    #[autosurgeon(missing = "Default::default")]
    pub approved_on: Option<PartialDate>,
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
    #[error("{0}")]
    Body(super::BodyError),
    #[error("Enter the approval date as a month and year (April 2007), a full date (12 April 2007) or a year")]
    BadApprovalDate,
    #[error("The approval date cannot be after today")]
    ApprovalInFuture,
    #[error("Enter who approved the version, or clear the approval date")]
    ApprovalWithoutBody,
    /// The version could not be saved on this device (said in words).
    #[error("{0}")]
    Unsaved(String),
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
    let form = VersionForm { version: version.to_owned(), note: note.to_owned(), ..VersionForm::default() };
    match name_version_with::<T>(doc, &form, time) {
        Ok(()) => Ok(()),
        Err(DocError::Rule(problems)) => Err(DocError::Rule(problems.into_iter().next().map(|p| p.error).unwrap_or(VersionError::NothingToName))),
        Err(DocError::Shape(e)) => Err(DocError::Shape(e)),
        Err(DocError::Write(e)) => Err(DocError::Write(e)),
    }
}

/// The "Name this version" form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionForm {
    /// e.g. `7.7` or `Approved April 2007`.
    pub version: String,
    pub note: String,
    /// The approving group's id, or empty.
    pub approved_by_group: String,
    /// The approving body's name when it is not a group here, or empty.
    pub approved_by_body: String,
    /// "April 2007", "12 April 2007", "2007", or empty.
    pub approved_on: String,
}

/// Which field of the version form a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionField {
    Version,
    Note,
    /// The approving group or body (one field in the error summary).
    ApprovedBy,
    ApprovedOn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionProblem {
    pub field: VersionField,
    pub error: VersionError,
}

impl VersionProblem {
    pub fn message(&self) -> String {
        self.error.to_string()
    }
}

impl VersionForm {
    /// Checks every field (recorded at `time`, seconds since the epoch) and returns the
    /// version to add, naming `heads`.
    pub fn check(&self, heads: Vec<String>, time: i64) -> Result<NamedVersion, Vec<VersionProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, error| problems.push(VersionProblem { field, error });
        let version = self.version.split_whitespace().collect::<Vec<_>>().join(" ");
        let note = self.note.split_whitespace().collect::<Vec<_>>().join(" ");
        if version.is_empty() {
            problem(VersionField::Version, VersionError::EmptyVersion);
        } else if version.chars().count() > 40 {
            problem(VersionField::Version, VersionError::VersionTooLong);
        }
        if note.chars().count() > 200 {
            problem(VersionField::Note, VersionError::NoteTooLong);
        }
        let approved_by = BodyRef::from_fields(&self.approved_by_group, &self.approved_by_body).unwrap_or_else(|e| {
            problem(VersionField::ApprovedBy, VersionError::Body(e));
            None
        });
        let approved_on = match self.approved_on.trim() {
            "" => None,
            s => match s.parse::<PartialDate>() {
                Ok(d) if recorded_date(time).is_some_and(|today| d.earliest() > today) => {
                    problem(VersionField::ApprovedOn, VersionError::ApprovalInFuture);
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    problem(VersionField::ApprovedOn, VersionError::BadApprovalDate);
                    None
                }
            },
        };
        if approved_on.is_some() && approved_by.is_none() && self.approved_by_group.trim().is_empty() && self.approved_by_body.trim().is_empty() {
            problem(VersionField::ApprovedBy, VersionError::ApprovalWithoutBody);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if heads.is_empty() {
            problems.push(VersionProblem { field: VersionField::Version, error: VersionError::NothingToName });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(NamedVersion { id: ItemId::random(), version, note, heads, approved_by, approved_on })
    }
}

/// The calendar day of `time` (UTC).
fn recorded_date(time: i64) -> Option<Date> {
    use chrono::Datelike;
    let d = chrono::DateTime::from_timestamp(time, 0)?.date_naive();
    Date::from_ymd(d.year(), d.month(), d.day())
}

/// Names the document's current state from the form, with any approval. The naming itself
/// is a new change after it (its author is the person who recorded the version).
pub fn name_version_with<T: Hydrate + Reconcile + Versioned>(
    doc: &mut Automerge,
    form: &VersionForm,
    time: i64,
) -> Result<(), DocError<Vec<VersionProblem>>> {
    let heads: Vec<String> = doc.get_heads().iter().map(|h| h.to_string()).collect();
    let named = form.check(heads, time).map_err(DocError::Rule)?;
    super::update::<T, _, Vec<VersionProblem>>(doc, &format!("Named version {}", named.version), time, |d| {
        d.versions_mut().push(named);
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
    /// The change that named the version: its author recorded it (the app asks the
    /// server who delivered it, as for the timeline).
    pub recorded: Option<ChangeEntry>,
    pub approved_by: Option<BodyRef>,
    pub approved_on: Option<PartialDate>,
}

impl Revision {
    /// When the version was recorded (named), else when its state was last changed.
    pub fn recorded_time(&self) -> i64 {
        self.recorded.as_ref().map(|c| c.time).unwrap_or(self.time)
    }
}

/// The change that added each named version (by its id), found from the op that created
/// the version's entry in the `versions` list.
fn naming_changes(doc: &Automerge) -> Vec<(String, ChangeEntry)> {
    let Ok(Some((Value::Object(ObjType::List), list))) = doc.get(ROOT, "versions") else {
        return Vec::new();
    };
    let meta = doc.get_changes_meta(&[]);
    let mut out = Vec::new();
    for i in 0..doc.length(&list) {
        let Ok(Some((Value::Object(ObjType::Map), obj))) = doc.get(&list, i) else { continue };
        let automerge::ObjId::Id(counter, actor, _) = &obj else { continue };
        let Ok(Some((Value::Scalar(id), _))) = doc.get(&obj, "id") else { continue };
        let Some(id) = id.as_str().map(str::to_owned) else { continue };
        if let Some(m) = meta.iter().find(|m| m.actor.as_ref() == actor && m.start_op <= *counter && *counter <= m.max_op) {
            out.push((
                id,
                ChangeEntry { hash: m.hash, actor: m.actor.to_hex_string(), time: m.timestamp, message: m.message.as_ref().map(|s| s.to_string()) },
            ));
        }
    }
    out
}

/// The revision table, newest first: each named version with the date and author of the
/// last change it includes and how many changes it adds to the version before it.
pub fn revision_table(doc: &Automerge, named: &[NamedVersion]) -> Vec<Revision> {
    let timeline: Vec<ChangeEntry> = super::timeline(doc);
    let naming = naming_changes(doc);
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
            recorded: naming.iter().find(|(id, _)| *id == n.id.to_string()).map(|(_, c)| c.clone()),
            approved_by: n.approved_by.clone(),
            approved_on: n.approved_on,
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
        assert_eq!((table[0].recorded_time(), table[1].recorded_time()), (300, 150), "recorded when named");
    }

    const APRIL_2026: i64 = 1_776_000_000; // 12 April 2026

    #[test]
    fn a_version_carries_an_approval_separate_from_when_and_by_whom_it_was_recorded() {
        let mut doc = Automerge::new().with_actor(automerge::ActorId::random());
        model::update(&mut doc, "Create", 100, |p: &mut PartnershipDoc| p.rename("Leicester LSCB")).unwrap();
        let namer = automerge::ActorId::random();
        doc.set_actor(namer.clone());
        let form = VersionForm {
            version: "Approved April 2007".into(),
            approved_by_body: " Leicester  Safeguarding Children Board ".into(),
            approved_on: "April 2007".into(),
            ..VersionForm::default()
        };
        name_version_with::<PartnershipDoc>(&mut doc, &form, APRIL_2026).unwrap();
        let p: PartnershipDoc = model::read(&doc).unwrap();
        let row = &revision_table(&doc, &p.versions)[0];
        assert_eq!(row.approved_by, Some(BodyRef::Named("Leicester Safeguarding Children Board".into())));
        assert_eq!(row.approved_on.map(|d| d.to_string()).as_deref(), Some("April 2007"));
        let recorded = row.recorded.as_ref().expect("the naming change is found");
        assert_eq!((recorded.actor.as_str(), recorded.time), (namer.to_hex_string().as_str(), APRIL_2026));
        assert_eq!(recorded.hash, doc.get_heads()[0], "the change that named it, for the server to attribute");
        assert_eq!(row.time, 100, "the named state's last change is not the recording");
    }

    #[test]
    fn every_problem_with_the_version_form_is_named_against_its_field() {
        let mut doc = Automerge::new();
        model::update(&mut doc, "Create", 100, |p: &mut PartnershipDoc| p.rename("LSCB")).unwrap();
        let before = doc.get_heads();
        let form = VersionForm {
            version: " ".into(),
            note: "x".repeat(201),
            approved_by_group: crate::DocumentId::random().to_string(),
            approved_by_body: "LSCB".into(),
            approved_on: "Smarch 2007".into(),
        };
        let Err(DocError::Rule(problems)) = name_version_with::<PartnershipDoc>(&mut doc, &form, APRIL_2026) else { panic!("refused") };
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, [VersionField::Version, VersionField::Note, VersionField::ApprovedBy, VersionField::ApprovedOn]);
        assert_eq!(doc.get_heads(), before, "nothing written");
        let future = VersionForm { version: "8".into(), approved_by_body: "LSCB".into(), approved_on: "May 2026".into(), ..VersionForm::default() };
        assert_eq!(future.check(vec!["h".into()], APRIL_2026).unwrap_err()[0].error, VersionError::ApprovalInFuture);
        let this_month = VersionForm { approved_on: "April 2026".into(), ..future.clone() };
        assert!(this_month.check(vec!["h".into()], APRIL_2026).is_ok(), "this month is not the future");
        let no_body = VersionForm { approved_by_body: String::new(), ..this_month };
        assert_eq!(no_body.check(vec!["h".into()], APRIL_2026).unwrap_err()[0].field, VersionField::ApprovedBy);
        let group = crate::DocumentId::random();
        let by_group = VersionForm { version: "8".into(), approved_by_group: group.to_string(), approved_on: "2007".into(), ..VersionForm::default() };
        let v = by_group.check(vec!["h".into()], APRIL_2026).unwrap();
        assert_eq!((v.approved_by, v.approved_on), (Some(BodyRef::Group(group)), Some(PartialDate::Year(2007))));
    }
}
