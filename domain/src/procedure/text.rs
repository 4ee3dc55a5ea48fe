//! Editing a section's text in place, character by character, so concurrent edits merge.
//! Positions are in Unicode code points (Automerge's text positions), not bytes.

use automerge::{transaction::CommitOptions, transaction::Transactable, Automerge, ObjId, ObjType, ReadDoc, Value, ROOT};

use super::ProcedureError;
use crate::ItemId;

/// The Automerge text object of a section (for cursors and splices).
pub fn section_text_obj(doc: &impl ReadDoc, section: ItemId) -> Option<ObjId> {
    let (_, sections) = doc.get(ROOT, "sections").ok()??;
    let (_, s) = doc.get(&sections, section.to_string()).ok()??;
    match doc.get(&s, "text").ok()?? {
        (Value::Object(ObjType::Text), text) => Some(text),
        _ => None,
    }
}

/// The section's text now.
pub fn section_text(doc: &Automerge, section: ItemId) -> Option<String> {
    section_text_obj(doc, section).and_then(|t| doc.text(&t).ok())
}

/// Deletes `delete` characters at `pos` (characters from the start) and inserts `insert`
/// there, as one change carrying `message` and `time`.
pub fn splice_section_text(
    doc: &mut Automerge,
    section: ItemId,
    pos: usize,
    delete: usize,
    insert: &str,
    message: &str,
    time: i64,
) -> Result<(), ProcedureError> {
    let obj = section_text_obj(doc, section).ok_or(ProcedureError::NoSuchSection)?;
    let len = doc.length(&obj);
    if pos > len || pos + delete > len {
        return Err(ProcedureError::BadRange);
    }
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message(message.to_owned()).with_time(time),
        |tx| tx.splice_text(&obj, pos, delete as isize, insert),
    )
    .map_err(|f| ProcedureError::doc(f.error))?;
    Ok(())
}

/// Replaces the section's text with `new` as the smallest character edits (for editors
/// that give the whole new value), in one change. Returns whether anything changed.
pub fn set_section_text(doc: &mut Automerge, section: ItemId, new: &str, message: &str, time: i64) -> Result<bool, ProcedureError> {
    let obj = section_text_obj(doc, section).ok_or(ProcedureError::NoSuchSection)?;
    let old = doc.text(&obj).map_err(ProcedureError::doc)?;
    if old == new {
        return Ok(false);
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut at = 0;
    for op in similar::TextDiff::from_chars(old.as_str(), new).ops() {
        match *op {
            similar::DiffOp::Equal { len, .. } => at += len,
            similar::DiffOp::Delete { old_len, .. } => {
                edits.push((at, old_len, String::new()));
            }
            similar::DiffOp::Insert { new_index, new_len, .. } => {
                edits.push((at, 0, new.chars().skip(new_index).take(new_len).collect()));
                at += new_len;
            }
            similar::DiffOp::Replace { old_len, new_index, new_len, .. } => {
                edits.push((at, old_len, new.chars().skip(new_index).take(new_len).collect()));
                at += new_len;
            }
        }
    }
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message(message.to_owned()).with_time(time),
        |tx| {
            for (pos, delete, insert) in &edits {
                tx.splice_text(&obj, *pos, *delete as isize, insert)?;
            }
            Ok(())
        },
    )
    .map_err(|f| ProcedureError::doc(f.error))?;
    Ok(true)
}
