//! Editing a section's text in place, character by character, so concurrent edits merge.
//! Positions in this module's API are in characters (Unicode code points), whatever text
//! encoding the document was opened with; they are converted to the document's own units
//! (code points by default, UTF-8 or UTF-16 units if a build enables those) at the edge.

use automerge::{transaction::CommitOptions, transaction::Transactable, Automerge, ChangeHash, ObjId, ObjType, Patch, PatchAction, ReadDoc, TextEncoding, Value, ROOT};

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

/// The width of `s` in the document's text units.
fn width(encoding: TextEncoding, s: &str) -> usize {
    match encoding {
        TextEncoding::Utf8CodeUnit => s.len(),
        TextEncoding::Utf16CodeUnit => crate::text_index::utf16_len(s),
        // Code points (the default); grapheme indexing is not used by Quorum.
        _ => s.chars().count(),
    }
}

/// Character position `chars` of `text` in the document's units.
pub(crate) fn to_units(encoding: TextEncoding, text: &str, chars: usize) -> usize {
    let byte = crate::text_index::byte_of_char(text, chars).unwrap_or(text.len());
    width(encoding, &text[..byte])
}

/// The byte offset of character `n` of `text` (its length when `n` is its length in
/// characters); `None` past the end.
fn byte_after(text: &str, n: usize) -> Option<usize> {
    crate::text_index::byte_of_char(text, n)
}

/// A position in the document's units as a character position of `text`.
pub(crate) fn to_chars(encoding: TextEncoding, text: &str, units: usize) -> usize {
    match encoding {
        TextEncoding::Utf8CodeUnit => crate::text_index::chars_before_byte(text, units),
        TextEncoding::Utf16CodeUnit => crate::text_index::chars_from_utf16(text, units),
        _ => units.min(text.chars().count()),
    }
}

/// The section's text now.
pub fn section_text(doc: &Automerge, section: ItemId) -> Option<String> {
    section_text_obj(doc, section).and_then(|t| doc.text(&t).ok())
}

/// The section's text now, worked out from `held`, its text at heads `before`, and the text
/// object's patches since (Automerge's diff of that one object): what others' edits did,
/// without reading a text that grows with the section, nor comparing it with `held`.
/// `None` when that cannot be done (the section or its text object is not the one it was
/// at `before`, a patch falls outside `held`, or a patch is not a plain splice): read it
/// then.
pub fn section_text_after(doc: &Automerge, section: ItemId, before: &[ChangeHash], held: &str) -> Option<String> {
    let obj = section_text_obj(doc, section)?;
    if section_text_obj_at(doc, section, before)? != obj {
        return None;
    }
    let patches = doc.diff_obj(&obj, before, &doc.get_heads(), false).ok()?;
    if patches.iter().any(|p| p.obj != obj) {
        return None;
    }
    apply_text_patches(doc.text_encoding(), held, &patches)
}

/// As [`section_text_after`], from `patches`, the document's patches from `before` to now
/// as they were logged when its changes were applied (e.g. [`crate::sync::Engine::patches_since`]):
/// those of the section's text object are applied to `held`, without diffing it (a walk of
/// the whole text).
pub fn section_text_patched<'a>(doc: &Automerge, section: ItemId, before: &[ChangeHash], held: &str, patches: impl IntoIterator<Item = &'a Patch>) -> Option<String> {
    let obj = section_text_obj(doc, section)?;
    if section_text_obj_at(doc, section, before)? != obj {
        return None;
    }
    apply_text_patches(doc.text_encoding(), held, patches.into_iter().filter(|p| p.obj == obj))
}

/// `held` with `patches` (plain splices and deletions of one text, in order) applied.
fn apply_text_patches<'a>(encoding: TextEncoding, held: &str, patches: impl IntoIterator<Item = &'a Patch>) -> Option<String> {
    let mut text = held.to_owned();
    for patch in patches {
        match &patch.action {
            PatchAction::SpliceText { index, value, .. } => {
                let at = byte_of_units(encoding, &text, *index)?;
                text.insert_str(at, &value.make_string());
            }
            PatchAction::DeleteSeq { index, length } => {
                let start = byte_of_units(encoding, &text, *index)?;
                let end = start + byte_of_units(encoding, &text[start..], *length)?;
                text.replace_range(start..end, "");
            }
            _ => return None,
        }
    }
    Some(text)
}

/// The Automerge text object of a section at `heads`.
fn section_text_obj_at(doc: &Automerge, section: ItemId, heads: &[ChangeHash]) -> Option<ObjId> {
    let (_, sections) = doc.get_at(ROOT, "sections", heads).ok()??;
    let (_, s) = doc.get_at(&sections, section.to_string(), heads).ok()??;
    match doc.get_at(&s, "text", heads).ok()?? {
        (Value::Object(ObjType::Text), text) => Some(text),
        _ => None,
    }
}

/// The byte offset in `text` of position `units` in the document's text units (`None` past
/// the end or inside a character).
fn byte_of_units(encoding: TextEncoding, text: &str, units: usize) -> Option<usize> {
    match encoding {
        TextEncoding::Utf8CodeUnit => text.is_char_boundary(units).then_some(units),
        _ => {
            let chars = to_chars(encoding, text, units);
            (to_units(encoding, text, chars) == units).then(|| byte_after(text, chars)).flatten()
        }
    }
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
    splice_section_text_in(doc, section, None, pos, delete, insert, message, time)
}

/// As [`splice_section_text`], given `now`: the section's text as the document holds it at
/// its current heads (the caller read it there). Positions are converted to the document's
/// units (UTF-8 bytes in this workspace) on it, so a keystroke does not read back a text
/// that grows with the section. `None` reads the text.
#[allow(clippy::too_many_arguments)]
pub fn splice_section_text_in(
    doc: &mut Automerge,
    section: ItemId,
    now: Option<&str>,
    pos: usize,
    delete: usize,
    insert: &str,
    message: &str,
    time: i64,
) -> Result<(), ProcedureError> {
    let obj = section_text_obj(doc, section).ok_or(ProcedureError::NoSuchSection)?;
    let encoding = doc.text_encoding();
    // Code points need no conversion, so a keystroke never reads the text.
    let (start, end) = if encoding == TextEncoding::UnicodeCodePoint {
        let len = doc.length(&obj);
        if pos > len || pos + delete > len {
            return Err(ProcedureError::BadRange);
        }
        (pos, pos + delete)
    } else {
        let read;
        // A text of another length than the document's is not the one held now: read it.
        let text = match now {
            Some(text) if width(encoding, text) == doc.length(&obj) => text,
            _ => {
                read = doc.text(&obj).map_err(ProcedureError::doc)?;
                read.as_str()
            }
        };
        // One pass up to the end of the range (not the whole text, nor twice).
        let start = byte_after(text, pos).ok_or(ProcedureError::BadRange)?;
        let end = start + byte_after(&text[start..], delete).ok_or(ProcedureError::BadRange)?;
        let start_units = width(encoding, &text[..start]);
        (start_units, start_units + width(encoding, &text[start..end]))
    };
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message(message.to_owned()).with_time(time),
        |tx| tx.splice_text(&obj, start, (end - start) as isize, insert),
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
    let encoding = doc.text_encoding();
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message(message.to_owned()).with_time(time),
        |tx| {
            // Each edit's position is in the text as the earlier edits left it.
            let mut current = old.clone();
            for (pos, delete, insert) in &edits {
                let (start, end) = (to_units(encoding, &current, *pos), to_units(encoding, &current, pos + delete));
                tx.splice_text(&obj, start, (end - start) as isize, insert)?;
                let (b0, b1) = (to_units(TextEncoding::Utf8CodeUnit, &current, *pos), to_units(TextEncoding::Utf8CodeUnit, &current, pos + delete));
                current.replace_range(b0..b1, insert);
            }
            Ok(())
        },
    )
    .map_err(|f| ProcedureError::doc(f.error))?;
    Ok(true)
}
