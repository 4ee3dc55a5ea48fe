//! Comments anchored to text with Automerge cursors, and accepting a suggested change.

use std::ops::Range;

use automerge::{Automerge, Cursor, MoveCursor, ReadDoc};

use super::text::{to_chars, to_units};
use super::{section_text_obj, splice_section_text, Anchor, Comment, ProcedureCommentsDoc, ProcedureError, SuggestionStatus};
use crate::ItemId;

/// An anchor for characters `range` (code points) of a section's text as it is now: a
/// cursor on the first character (moving on if it is deleted) and one on the last
/// (moving back if it is deleted), so text typed just before or after the range stays
/// outside it.
pub fn anchor_range(procedure: &Automerge, section: ItemId, range: Range<usize>) -> Result<Anchor, ProcedureError> {
    let obj = section_text_obj(procedure, section).ok_or(ProcedureError::NoSuchSection)?;
    let text = procedure.text(&obj).map_err(ProcedureError::doc)?;
    if range.start >= range.end || range.end > text.chars().count() {
        return Err(ProcedureError::BadRange);
    }
    let encoding = procedure.text_encoding();
    let (first, last) = (to_units(encoding, &text, range.start), to_units(encoding, &text, range.end - 1));
    let start = procedure.get_cursor_moving(&obj, first, None, MoveCursor::After).map_err(ProcedureError::doc)?;
    let end = procedure.get_cursor_moving(&obj, last, None, MoveCursor::Before).map_err(ProcedureError::doc)?;
    Ok(Anchor {
        start: start.to_string(),
        end: end.to_string(),
        quote: text.chars().skip(range.start).take(range.end - range.start).collect(),
    })
}

/// The characters (code points) a comment's anchor covers in the procedure now, or `None`
/// when it has no anchor, its section is gone or every anchored character was deleted.
pub fn resolve_anchor(procedure: &Automerge, comment: &Comment) -> Option<Range<usize>> {
    let anchor = comment.anchor.as_ref()?;
    let obj = section_text_obj(procedure, comment.section)?;
    let start = Cursor::try_from(anchor.start.as_str()).ok()?;
    let end = Cursor::try_from(anchor.end.as_str()).ok()?;
    let text = procedure.text(&obj).ok()?;
    let encoding = procedure.text_encoding();
    let start = to_chars(encoding, &text, procedure.get_cursor_position(&obj, &start, None).ok()?);
    let last = to_chars(encoding, &text, procedure.get_cursor_position(&obj, &end, None).ok()?);
    let end = (last + 1).min(text.chars().count());
    (start < end).then_some(start..end)
}

/// Accepts comment `comment`'s suggestion: replaces the anchored words in the procedure's
/// section (one change, its message naming the suggester) and marks the suggestion
/// accepted (by `by`, at `time`). If the anchored words are no longer what was quoted
/// (someone changed them since), nothing is written and the conflict is returned.
pub fn accept_suggestion(
    procedure: &mut Automerge,
    comments: &mut Automerge,
    comment: ItemId,
    by: &str,
    time: i64,
) -> Result<(), ProcedureError> {
    let doc: ProcedureCommentsDoc = crate::model::read(comments).map_err(ProcedureError::doc)?;
    let c = doc.comment(comment).ok_or(ProcedureError::NoSuchComment)?;
    let suggestion = c.suggestion.as_ref().filter(|s| s.status == SuggestionStatus::Open).ok_or(ProcedureError::NoOpenSuggestion)?;
    let quoted = c.anchor.as_ref().map(|a| a.quote.clone()).ok_or(ProcedureError::AnchorLost)?;
    let range = resolve_anchor(procedure, c).ok_or(ProcedureError::AnchorLost)?;
    let text = super::section_text(procedure, c.section).ok_or(ProcedureError::NoSuchSection)?;
    let found: String = text.chars().skip(range.start).take(range.len()).collect();
    if found != quoted {
        // Say what is there now in whole words (a replaced first or last word leaves the
        // cursors beside the new one).
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut end) = (range.start, range.end);
        while start > 0 && chars[start - 1].is_alphanumeric() {
            start -= 1;
        }
        while end < chars.len() && chars[end].is_alphanumeric() {
            end += 1;
        }
        let found = chars[start..end].iter().collect();
        return Err(ProcedureError::SuggestionConflict { quoted, found });
    }
    let message = format!("Accept the suggestion of {} (accepted by {by})", c.author);
    splice_section_text(procedure, c.section, range.start, range.len(), &suggestion.replacement, &message, time)?;
    crate::model::update(comments, "Accept suggestion", time, |d: &mut ProcedureCommentsDoc| {
        d.decide(comment, SuggestionStatus::Accepted, by, time)
    })
    .map_err(ProcedureError::doc)?;
    Ok(())
}
