//! The minutes, co-written by several note-takers: edited in place, character by character,
//! so concurrent edits (offline ones too) merge. Positions are in characters (Unicode code
//! points), converted to the document's own text units at the edge.

use automerge::{transaction::CommitOptions, transaction::Transactable, Automerge, ObjId, ObjType, ReadDoc, TextEncoding, Value, ROOT};

use crate::procedure::chars_to_units;

/// The minutes could not be changed; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinutesError {
    #[error("The minutes changed under the edit: try again")]
    BadRange,
    #[error("The minutes could not be written: {0}")]
    Doc(String),
    #[error("These minutes are approved: record an amendment to change them")]
    Approved,
}

/// Whether the meeting's minutes were approved (then only a recorded amendment changes them).
pub fn minutes_approved(doc: &impl ReadDoc) -> bool {
    matches!(doc.get(ROOT, "minutes_approval"), Ok(Some((Value::Object(ObjType::Map), _))))
}

/// The Automerge text object of the minutes, if the meeting has one.
pub fn minutes_obj(doc: &impl ReadDoc) -> Option<ObjId> {
    match doc.get(ROOT, "minutes").ok()?? {
        (Value::Object(ObjType::Text), text) => Some(text),
        _ => None,
    }
}

/// The minutes now ("" when none were written).
pub fn minutes_text(doc: &Automerge) -> String {
    minutes_obj(doc).and_then(|t| doc.text(&t).ok()).unwrap_or_default()
}

/// Deletes `delete` characters at `pos` and inserts `insert` there, as one change carrying
/// `message` and `time` (a meeting without minutes yet gets its text object first).
/// Approved minutes are refused: they change only by a recorded amendment.
pub fn splice_minutes(doc: &mut Automerge, pos: usize, delete: usize, insert: &str, message: &str, time: i64) -> Result<(), MinutesError> {
    if minutes_approved(doc) {
        return Err(MinutesError::Approved);
    }
    let encoding = doc.text_encoding();
    let text = minutes_text(doc);
    let len = text.chars().count();
    if pos > len || pos + delete > len {
        return Err(MinutesError::BadRange);
    }
    let (start, end) = if encoding == TextEncoding::UnicodeCodePoint {
        (pos, pos + delete)
    } else {
        (chars_to_units(encoding, &text, pos), chars_to_units(encoding, &text, pos + delete))
    };
    let existing = minutes_obj(doc);
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message(message.to_owned()).with_time(time),
        |tx| {
            let obj = match &existing {
                Some(o) => o.clone(),
                None => tx.put_object(ROOT, "minutes", ObjType::Text)?,
            };
            tx.splice_text(&obj, start, (end - start) as isize, insert)
        },
    )
    .map_err(|f| MinutesError::Doc(f.error.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::MeetingDoc;

    #[test]
    fn note_takers_splice_the_minutes_in_characters() {
        let mut doc = Automerge::new();
        crate::model::update::<MeetingDoc, _, std::convert::Infallible>(&mut doc, "Plan", 0, |_| Ok(())).unwrap();
        splice_minutes(&mut doc, 0, 0, "Café opened.", "Minutes", 1).unwrap();
        splice_minutes(&mut doc, 4, 0, " ✓", "Minutes", 2).unwrap();
        assert_eq!(minutes_text(&doc), "Café ✓ opened.");
        assert_eq!(splice_minutes(&mut doc, 99, 0, "x", "Minutes", 3), Err(MinutesError::BadRange));
        let m: MeetingDoc = crate::model::read(&doc).unwrap();
        assert_eq!(m.minutes.as_str(), "Café ✓ opened.");
        let mut fresh = Automerge::new();
        splice_minutes(&mut fresh, 0, 0, "First line", "Minutes", 1).unwrap();
        assert_eq!(minutes_text(&fresh), "First line");
    }
}
