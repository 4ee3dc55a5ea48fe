//! Invariants re-checked after every merge. Concurrent edits that are each valid can merge
//! into a document that breaks a rule (a seat listed twice after two people moved it, a
//! procedure filed in two chapters); each document type says how to mend itself
//! ([`Repair`]), and [`repair_after_merge`] writes the mend back as one change, only when
//! one is needed.

use autosurgeon::{Hydrate, Reconcile};
use automerge::Automerge;

use super::{read, update, DocError, GroupDoc};
use crate::procedure::{LibraryDoc, ProcedureCommentsDoc, ProcedureDoc};

/// A document type that can mend what concurrent edits broke.
pub trait Repair {
    /// Mends the value in place; whether anything changed.
    fn repair(&mut self) -> bool;
}

impl Repair for GroupDoc {
    fn repair(&mut self) -> bool {
        GroupDoc::repair(self)
    }
}

impl Repair for ProcedureDoc {
    fn repair(&mut self) -> bool {
        ProcedureDoc::repair(self)
    }
}

impl Repair for LibraryDoc {
    fn repair(&mut self) -> bool {
        LibraryDoc::repair(self)
    }
}

impl Repair for ProcedureCommentsDoc {
    fn repair(&mut self) -> bool {
        ProcedureCommentsDoc::repair(self)
    }
}

/// Whether `value` (as read from a document) needs mending.
pub fn needs_repair<T: Repair + Clone>(value: &T) -> bool {
    value.clone().repair()
}

/// Re-checks `T`'s invariants on `doc` (which has just received changes) and writes the
/// mend as one change, "Repair after merge" at `time`, only when something needed it.
/// Nothing is written to a document that is sound, or that does not read as `T` (so a
/// caller that is wrong about a document's type cannot write `T`'s fields into it).
pub fn repair_after_merge<T>(doc: &mut Automerge, time: i64) -> Result<bool, DocError>
where
    T: Hydrate + Reconcile + Repair + Clone,
{
    let Ok(value) = read::<T>(doc) else { return Ok(false) };
    if !needs_repair(&value) {
        return Ok(false);
    }
    update(doc, "Repair after merge", time, |v: &mut T| Ok(v.repair()))
}
