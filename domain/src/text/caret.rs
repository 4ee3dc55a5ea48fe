//! Keeping a person's caret and selection on the same characters while other people's
//! splices arrive (each already applied to the text, in order). Positions count `char`s.
//!
//! The rules, for a splice at `pos` deleting `delete` characters and inserting `n`:
//! - a position before `pos` stays; one after the deleted range moves by `n - delete`;
//! - at the end of a deleted range, it follows the characters after it (to `pos + n`);
//! - inside a deleted range, it goes to where the range was: `pos` ([`Bias::Before`]) or
//!   after the inserted text ([`Bias::After`]);
//! - exactly at `pos` with nothing deleted before it, text inserted there goes after a
//!   [`Bias::Before`] position and before a [`Bias::After`] one.
//!
//! A caret (an empty selection) is [`Bias::Before`]: text someone inserts right at it
//! appears after it, and what the person types next still goes where they were. A
//! selection's start is `After` and its end `Before`, so it never grows to take in what
//! others insert at its edges; it shrinks by what they delete inside it.

use super::Splice;

/// Which side of text inserted exactly at a position the position keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bias {
    Before,
    After,
}

/// A selection in a text, `start <= end` (a caret when they are equal). The caller keeps
/// its direction (the textarea's `selectionDirection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub start: usize,
    pub end: usize,
}

impl Selection {
    pub fn caret(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub fn new(a: usize, b: usize) -> Self {
        Self {
            start: a.min(b),
            end: a.max(b),
        }
    }

    pub fn is_caret(&self) -> bool {
        self.start == self.end
    }
}

/// Where `index` is after `splice`.
pub fn transform_index(index: usize, splice: &Splice, bias: Bias) -> usize {
    let (pos, end, n) = (splice.pos, splice.pos + splice.delete, splice.inserted());
    if index < pos || (index == pos && bias == Bias::Before) {
        index
    } else if index >= end {
        // After the deleted range (or at its end): shift by the net change.
        index - splice.delete + n
    } else {
        // At `pos` with `After`, or inside the deleted range.
        match bias {
            Bias::Before => pos,
            Bias::After => pos + n,
        }
    }
}

/// The person's selection after `remote` splices (in the order they were applied).
pub fn transform_caret(selection: Selection, remote: &[Splice]) -> Selection {
    remote.iter().fold(selection, |sel, splice| {
        if sel.is_caret() {
            return Selection::caret(transform_index(sel.start, splice, Bias::Before));
        }
        let start = transform_index(sel.start, splice, Bias::After);
        let end = transform_index(sel.end, splice, Bias::Before);
        if start <= end {
            Selection { start, end }
        } else {
            // Everything selected was replaced: a caret where it was.
            Selection::caret(end)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::splice_between;

    fn splice(pos: usize, delete: usize, insert: &str) -> Splice {
        Splice {
            pos,
            delete,
            insert: insert.into(),
        }
    }

    /// The characters a selection covers in `text`.
    fn covered(text: &str, s: Selection) -> String {
        text.chars().skip(s.start).take(s.end - s.start).collect()
    }

    /// Applies `remote` to `text`, and checks the selection still covers `want` there.
    fn after(text: &str, sel: Selection, remote: &[Splice], want: &str) -> (String, Selection) {
        let text = remote.iter().fold(text.to_owned(), |t, s| s.apply(&t));
        let sel = transform_caret(sel, remote);
        assert!(sel.start <= sel.end && sel.end <= text.chars().count(), "{sel:?} in {text:?}");
        assert_eq!(covered(&text, sel), want, "{sel:?} in {text:?}");
        (text, sel)
    }

    #[test]
    fn a_caret_keeps_its_place_as_others_type_before_and_after_it() {
        // "hello |world": someone types before the caret, then after it.
        let caret = Selection::caret(6);
        assert_eq!(transform_caret(caret, &[splice(0, 0, "Oh, ")]), Selection::caret(10));
        assert_eq!(transform_caret(caret, &[splice(8, 0, "!!")]), caret);
        assert_eq!(transform_caret(caret, &[splice(0, 0, "Oh, "), splice(14, 0, "!!")]), Selection::caret(10));
        // Text inserted right at the caret goes after it.
        assert_eq!(transform_caret(caret, &[splice(6, 0, "big ")]), caret);
    }

    #[test]
    fn a_caret_inside_or_at_the_end_of_deleted_text_goes_to_where_it_was() {
        // "one two three", caret inside "two" (after "tw").
        let caret = Selection::caret(6);
        assert_eq!(transform_caret(caret, &[splice(4, 4, "")]), Selection::caret(4));
        assert_eq!(transform_caret(caret, &[splice(4, 3, "2")]), Selection::caret(4));
        // At the end of the deleted word: it stays before " three".
        assert_eq!(transform_caret(Selection::caret(7), &[splice(4, 3, "2")]), Selection::caret(5));
        // A delete that spans it from before.
        assert_eq!(transform_caret(Selection::caret(6), &[splice(0, 10, "")]), Selection::caret(0));
        // At the start of deleted text: stays.
        assert_eq!(transform_caret(Selection::caret(4), &[splice(4, 4, "")]), Selection::caret(4));
    }

    #[test]
    fn a_selection_keeps_covering_the_same_words() {
        let text = "Escalate concerns to your manager";
        let sel = Selection::new(9, 17); // "concerns"
        assert_eq!(covered(text, sel), "concerns");
        // Inserts before, after, at both edges.
        after(text, sel, &[splice(0, 0, "Always ")], "concerns");
        after(text, sel, &[splice(33, 0, " first")], "concerns");
        after(text, sel, &[splice(9, 0, "safeguarding ")], "concerns");
        after(text, sel, &[splice(17, 0, " quickly")], "concerns");
        // An insert inside it is inside it.
        after(text, sel, &[splice(13, 0, "-")], "conc-erns");
        // A delete across its start keeps what survives.
        after(text, sel, &[splice(5, 7, "")], "cerns");
        // A delete across its end.
        after(text, sel, &[splice(15, 5, "")], "concer");
        // A replacement of a word before it, of a word after it.
        after(text, sel, &[splice(0, 8, "Raise")], "concerns");
        after(text, sel, &[splice(21, 4, "the")], "concerns");
        // Several in a row.
        after(
            text,
            sel,
            &[splice(0, 8, "Raise"), splice(0, 0, "Please "), splice(30, 0, " line")],
            "concerns",
        );
    }

    #[test]
    fn a_selection_that_was_deleted_becomes_a_caret_where_it_was() {
        let sel = Selection::new(4, 7);
        assert_eq!(transform_caret(sel, &[splice(2, 8, "")]), Selection::caret(2));
        // Replaced exactly: after the replacement, like a caret at its end.
        assert_eq!(transform_caret(sel, &[splice(4, 3, "2")]), Selection::caret(5));
        assert_eq!(transform_caret(sel, &[splice(3, 5, "xy")]), Selection::caret(3));
    }

    #[test]
    fn multi_byte_characters_count_once() {
        // "café 😀 crème": select "crème" (chars 7..12).
        let text = "café 😀 crème";
        let sel = Selection::new(7, 12);
        assert_eq!(covered(text, sel), "crème");
        after(text, sel, &[splice(0, 0, "é")], "crème");
        after(text, sel, &[splice(5, 1, "👩\u{200d}👩\u{200d}👧")], "crème");
        after(text, sel, &[splice(9, 0, "è")], "crèème");
        // Splices found from whole values work the same way.
        let edited = "Le café 😀 crème";
        let remote = splice_between(text, edited).unwrap();
        after(text, sel, &[remote], "crème");
    }
}
