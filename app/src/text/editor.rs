//! [`EditorBuffer`]: what a textarea shows, kept in step with a document's text in both
//! directions. The person's input becomes one [`Splice`] for the document; a new text from
//! the document (others' edits, or the echo of the person's own) becomes the textarea's new
//! value with the selection moved to stay on the same characters. The browser's offsets
//! (UTF-16) are converted here; the splices count `char`s.

use domain::text_index::{place_of_utf16, utf16_len};

use super::{
    splice_between, splice_between_near, splices_between, transform_caret,
    units::{chars_from_utf16, utf16_from_chars},
    Selection, Splice,
};

/// What the textarea should show after the document changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refresh {
    pub value: String,
    /// The selection to restore, in UTF-16 code units (`selectionStart`, `selectionEnd`).
    pub selection: (usize, usize),
}

/// The text the textarea shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorBuffer {
    shown: String,
    /// Its length in UTF-16 code units (the browser's `textLength`).
    shown_utf16: usize,
}

/// One input as the browser's events describe it (`beforeinput`'s selection, `input`'s
/// `inputType` and `data`, the textarea's caret and `textLength` after it): enough to know
/// the splice of typing and deleting without reading the textarea's whole value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedInput {
    /// The selection just before the input, in UTF-16 code units.
    pub before: (usize, usize),
    /// What was inserted in place of that selection: `data` of an `insertText`, `"\n"` of
    /// an `insertLineBreak`, nothing for a `delete…`.
    pub inserted: String,
    /// The caret after it (`selectionEnd`), in UTF-16 code units.
    pub caret: usize,
    /// The textarea's `textLength` after it.
    pub length: usize,
}

impl EditorBuffer {
    pub fn new(text: impl Into<String>) -> Self {
        let shown = text.into();
        Self { shown_utf16: utf16_len(&shown), shown }
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The person changed the textarea to `value`, leaving the caret at `caret_utf16`
    /// (`selectionEnd`): the splice to make in the document, if anything changed.
    pub fn input(&mut self, value: String, caret_utf16: usize) -> Option<Splice> {
        let caret = chars_from_utf16(&value, caret_utf16);
        let splice = splice_between_near(&self.shown, &value, caret);
        self.shown_utf16 = utf16_len(&value);
        self.shown = value;
        splice
    }

    /// The person typed or deleted as `input` describes: its splice, applied to the text
    /// shown, or `None` when the description does not add up (the caret or the length after
    /// it are not what that edit would leave, or a range splits a character). Then nothing
    /// changed here, and the caller reads the value ([`EditorBuffer::input`]).
    pub fn input_described(&mut self, input: &DescribedInput) -> Option<Splice> {
        let (a, b) = (input.before.0.min(input.before.1), input.before.0.max(input.before.1));
        let inserted = utf16_len(&input.inserted);
        let (start, end) = if input.inserted.is_empty() {
            // A deletion leaves the caret where the deleted text began.
            let gone = self.shown_utf16.checked_sub(input.length)?;
            let start = input.caret;
            let fits = if a < b { start == a && gone == b - a } else { start == a || start + gone == a };
            (fits && gone > 0).then_some((start, start + gone))?
        } else {
            let fits = input.caret == a + inserted && input.length + (b - a) == self.shown_utf16 + inserted;
            fits.then_some((a, b))?
        };
        // One walk to the edit's start; its end is found from there.
        let from = place_of_utf16(&self.shown, start)?;
        let span = place_of_utf16(&self.shown[from.byte..], end - start)?;
        let splice = Splice { pos: from.chars, delete: span.chars, insert: input.inserted.clone() };
        self.shown.replace_range(from.byte..from.byte + span.byte, &splice.insert);
        self.shown_utf16 = input.length;
        Some(splice)
    }

    /// The document's text is now `text`; the textarea's selection is `selection_utf16`.
    /// `None` when the textarea already shows it (the echo of the person's own input).
    ///
    /// The selection follows the splices that turn the old text into the new. When it lies
    /// clear of the one span that changed (between the texts' common start and common end:
    /// the usual case, someone editing elsewhere in the section), that span is all it needs,
    /// found by comparing the texts once; only a selection inside it (edits on both sides of
    /// the caret) needs the character diff, which grows with the text.
    pub fn update(&mut self, text: &str, selection_utf16: (usize, usize)) -> Option<Refresh> {
        self.update_with(text, || selection_utf16)
    }

    /// As [`EditorBuffer::update`], asking for the selection only when the text changed (a
    /// textarea's selection can cost the browser a layout to read: the echo of each
    /// keystroke need not).
    pub fn update_with(&mut self, text: &str, selection_utf16: impl FnOnce() -> (usize, usize)) -> Option<Refresh> {
        let span = splice_between(&self.shown, text)?;
        let (a, b) = selection_utf16();
        let selection = Selection::new(chars_from_utf16(&self.shown, a), chars_from_utf16(&self.shown, b));
        let clear = selection.end < span.pos || selection.start > span.pos + span.delete;
        let remote = if clear { vec![span] } else { splices_between(&self.shown, text) };
        let moved = transform_caret(selection, &remote);
        self.shown = text.to_owned();
        self.shown_utf16 = utf16_len(text);
        Some(Refresh {
            value: text.to_owned(),
            selection: (utf16_from_chars(text, moved.start), utf16_from_chars(text, moved.end)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `input` on `b`, checked against the same edit found from the value after it.
    fn described(b: &EditorBuffer, value: &str, input: DescribedInput) -> Option<Splice> {
        let mut fast = b.clone();
        let got = fast.input_described(&input);
        if got.is_some() {
            let mut slow = b.clone();
            assert_eq!(got, slow.input(value.to_owned(), input.caret), "the same splice as from the value");
            assert_eq!(fast, slow, "the same text shown");
        } else {
            assert_eq!(&fast, b, "nothing changed");
        }
        got
    }

    #[test]
    fn typing_and_deleting_are_known_from_the_events_alone() {
        let b = EditorBuffer::new("Raise concerns");
        let at = |pos, delete, insert: &str| Some(Splice { pos, delete, insert: insert.into() });
        // A letter at the caret, a line break, a letter over a selection ("concerns").
        assert_eq!(described(&b, "Raise all concerns", DescribedInput { before: (6, 6), inserted: "all ".into(), caret: 10, length: 18 }), at(6, 0, "all "));
        assert_eq!(described(&b, "Raise\n concerns", DescribedInput { before: (5, 5), inserted: "\n".into(), caret: 6, length: 15 }), at(5, 0, "\n"));
        assert_eq!(described(&b, "Raise x", DescribedInput { before: (6, 14), inserted: "x".into(), caret: 7, length: 7 }), at(6, 8, "x"));
        // Backspace, delete, a word backwards, a selection deleted.
        assert_eq!(described(&b, "Raise concern", DescribedInput { before: (14, 14), inserted: "".into(), caret: 13, length: 13 }), at(13, 1, ""));
        assert_eq!(described(&b, "aise concerns", DescribedInput { before: (0, 0), inserted: "".into(), caret: 0, length: 13 }), at(0, 1, ""));
        assert_eq!(described(&b, "Raise ", DescribedInput { before: (14, 14), inserted: "".into(), caret: 6, length: 6 }), at(6, 8, ""));
        assert_eq!(described(&b, "concerns", DescribedInput { before: (6, 0), inserted: "".into(), caret: 0, length: 8 }), at(0, 6, ""));
    }

    #[test]
    fn events_that_do_not_add_up_are_left_to_the_value() {
        let b = EditorBuffer::new("Raise concerns");
        // The caret or the length after the edit are not what it would leave.
        assert_eq!(described(&b, "", DescribedInput { before: (6, 6), inserted: "x".into(), caret: 6, length: 15 }), None);
        assert_eq!(described(&b, "", DescribedInput { before: (6, 6), inserted: "x".into(), caret: 7, length: 16 }), None);
        assert_eq!(described(&b, "", DescribedInput { before: (6, 6), inserted: "".into(), caret: 6, length: 14 }), None, "nothing deleted");
        assert_eq!(described(&b, "", DescribedInput { before: (6, 9), inserted: "".into(), caret: 6, length: 12 }), None, "less deleted than selected");
        assert_eq!(described(&b, "", DescribedInput { before: (6, 6), inserted: "".into(), caret: 3, length: 12 }), None, "a gap before the caret");
        assert_eq!(described(&b, "", DescribedInput { before: (20, 20), inserted: "x".into(), caret: 21, length: 15 }), None, "past the end");
        // Half of an emoji's surrogate pair.
        let e = EditorBuffer::new("a😀b");
        assert_eq!(described(&e, "", DescribedInput { before: (3, 3), inserted: "".into(), caret: 2, length: 3 }), None);
        assert_eq!(described(&e, "ab", DescribedInput { before: (3, 3), inserted: "".into(), caret: 1, length: 2 }), Some(Splice { pos: 1, delete: 1, insert: String::new() }));
        assert_eq!(described(&e, "a😀xb", DescribedInput { before: (3, 3), inserted: "x".into(), caret: 4, length: 5 }), Some(Splice { pos: 2, delete: 0, insert: "x".into() }));
    }

    #[test]
    fn typing_gives_a_splice_and_its_echo_changes_nothing() {
        let mut b = EditorBuffer::new("Raise concerns");
        let splice = b.input("Raise all concerns".into(), 10).unwrap();
        assert_eq!(splice, Splice { pos: 6, delete: 0, insert: "all ".into() });
        assert_eq!(b.update("Raise all concerns", (10, 10)), None);
        assert_eq!(b.input("Raise all concerns".into(), 10), None);
    }

    #[test]
    fn others_edits_keep_the_caret_on_its_characters() {
        let mut b = EditorBuffer::new("Raise concerns");
        // The caret after "Raise" (5); someone types at the start, then at the end.
        let r = b.update("Please raise concerns", (5, 5)).unwrap();
        assert_eq!(r.value, "Please raise concerns");
        // "Raise" → "Please raise": one splice replacing "R" with "Please r".
        assert_eq!(r.selection, (12, 12));
        let r = b.update("Please raise concerns early", (12, 12)).unwrap();
        assert_eq!(r.selection, (12, 12));
    }

    #[test]
    fn edits_on_both_sides_of_the_caret_in_one_update_leave_it_between_them() {
        // The caret before "concerns" (6). Two people edit at once: one before it, one after.
        let mut b = EditorBuffer::new("Raise concerns early");
        let r = b.update("Please raise concerns very early", (6, 6)).unwrap();
        assert_eq!(r.value, "Please raise concerns very early");
        assert_eq!(r.selection, (13, 13), "still before \"concerns\"");
        // A selection of "concerns" keeps exactly that word through edits around it.
        let mut b = EditorBuffer::new("Raise concerns early");
        let r = b.update("Do raise your concerns today", (6, 14)).unwrap();
        assert_eq!(&r.value[r.selection.0..r.selection.1], "concerns");
    }

    #[test]
    fn an_edit_far_from_the_caret_in_a_long_text_keeps_the_caret_on_its_characters() {
        let long = "Raise concerns early. ".repeat(5_000);
        let end = long.encode_utf16().count();
        let mut b = EditorBuffer::new(long.clone());
        // Someone types at the start while the caret is at the end, then deletes in the middle.
        let r = b.update(&format!("Note: {long}"), (end, end)).unwrap();
        assert_eq!(r.selection, (end + 6, end + 6));
        let mut shorter = format!("Note: {long}");
        shorter.replace_range(50_000..50_006, "");
        let r = b.update(&shorter, (6, 6)).unwrap();
        assert_eq!(r.selection, (6, 6), "an edit after the caret leaves it");
        assert_eq!(b.shown(), shorter);
    }

    #[test]
    fn a_selection_stays_on_its_words_across_emoji_and_accents() {
        // Select "concerns" in "😀 Raise concerns" (UTF-16: the emoji is two units).
        let mut b = EditorBuffer::new("😀 Raise concerns");
        let (start, end) = (9, 17);
        let r = b.update("😀😀 Raise concerns", (start, end)).unwrap();
        assert_eq!(r.selection, (11, 19));
        let selected: String = r.value.encode_utf16().collect::<Vec<_>>()[11..19]
            .iter()
            .map(|u| char::from_u32(u32::from(*u)).unwrap())
            .collect();
        assert_eq!(selected, "concerns");
        let r = b.update("😀😀 Raise é concerns", r.selection).unwrap();
        assert_eq!(r.selection, (13, 21));
        // Typing with the caret after an emoji counts it as one character.
        assert_eq!(
            b.input("😀😀x Raise é concerns".into(), 5),
            Some(Splice { pos: 2, delete: 0, insert: "x".into() })
        );
    }
}
