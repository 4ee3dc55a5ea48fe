//! [`rebase_typing`]: what a person typed into a text before its document was here, carried
//! over to the document's text. A draft opened on this device before shows its saved reading
//! at once and takes typing while its document loads; once loaded, the reading (`base`) may be
//! older than the document (`current`: others' edits synced since). What was typed is the
//! splices from `base` to `typed`; each is moved past the edits from `base` to `current`, as
//! a caret is ([`super::caret`]), and made there, as Automerge merges concurrent edits: a
//! deletion takes only the characters it deleted that are still there (text others put among
//! them stays), and text typed where others typed goes before theirs.

use super::{splices_between, transform_caret, transform_index, Bias, Selection, Splice};

/// The splices to make in `current`, in order (each on the text the earlier ones left), the
/// text they give, and where `selection` (in `typed`) is in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebased {
    pub splices: Vec<Splice>,
    pub text: String,
    pub selection: Selection,
}

/// Carries what was typed (`base` → `typed`) over to `current`; `selection` is the person's,
/// in `typed` (chars).
pub fn rebase_typing(base: &str, typed: &str, current: &str, selection: Selection) -> Rebased {
    let remote = if base == current { Vec::new() } else { splices_between(base, current) };
    let splices = carried_over(splices_between(base, typed), &remote);
    let text = applied(current, &splices);
    let selection = if text == typed { selection } else { transform_caret(selection, &splices_between(typed, &text)) };
    Rebased { splices, text, selection }
}

/// `local` (the splices from a text to what was typed, in order) made after `remote` (the
/// splices from the same text to its value now, in order), as splices to make in that value,
/// in order: each moved past the others' edits as a caret is (see the module's notes).
pub(super) fn carried_over(local: Vec<Splice>, remote: &[Splice]) -> Vec<Splice> {
    let moved = |i: usize, bias: Bias| remote.iter().fold(i, |i, r| transform_index(i, r, bias));
    // Each typed splice as (position, delete, insert) in `current`, in order.
    let mut placed: Vec<(usize, usize, String)> = Vec::with_capacity(local.len());
    // What the typed splices before this one added (in `typed` against `base`).
    let mut shift = 0isize;
    for s in local {
        let from = offset(s.pos, -shift);
        shift += s.inserted() as isize - s.delete as isize;
        if remote.is_empty() {
            placed.push((from, s.delete, s.insert));
            continue;
        }
        // The inserted text goes where the replaced range starts; of the characters it
        // deleted, those still in `current` go (text others put among them stays).
        placed.push((moved(from, Bias::Before), 0, s.insert));
        for i in from..from + s.delete {
            let (start, end) = (moved(i, Bias::After), moved(i + 1, Bias::Before));
            if end > start {
                match placed.last_mut() {
                    Some((pos, delete, _)) if *pos + *delete == start => *delete += end - start,
                    _ => placed.push((start, end - start, String::new())),
                }
            }
        }
    }
    // As splices in order, each on the text the earlier ones left.
    let mut made = 0isize;
    placed
        .into_iter()
        .filter(|(_, delete, insert)| *delete > 0 || !insert.is_empty())
        .map(|(pos, delete, insert)| {
            let splice = Splice { pos: offset(pos, made), delete, insert };
            made += splice.inserted() as isize - delete as isize;
            splice
        })
        .collect()
}

/// `text` with `splices` made in order.
pub(super) fn applied(text: &str, splices: &[Splice]) -> String {
    let mut out = text.to_owned();
    for s in splices {
        s.apply_in_place(&mut out);
    }
    out
}

/// `at` moved by `by` (never below 0).
pub(super) fn offset(at: usize, by: isize) -> usize {
    at.checked_add_signed(by).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    #[test]
    fn typing_into_an_unchanged_text_is_made_as_typed() {
        let base = "Raise concerns early.";
        let typed = "Raise all concerns early. Record them.";
        let r = rebase_typing(base, typed, base, Selection::caret(chars(typed)));
        assert_eq!(r.text, typed);
        assert_eq!(r.selection, Selection::caret(chars(typed)));
        assert_eq!(r.splices.iter().fold(base.to_owned(), |t, s| s.apply(&t)), typed);
    }

    #[test]
    fn typing_and_others_edits_elsewhere_both_stay() {
        // Typed at the end; meanwhile someone put a word at the start.
        let base = "Raise concerns early.";
        let typed = "Raise concerns early. Record them.";
        let current = "Always raise concerns early.";
        let r = rebase_typing(base, typed, current, Selection::caret(chars(typed)));
        assert_eq!(r.text, "Always raise concerns early. Record them.");
        assert_eq!(r.selection, Selection::caret(chars(&r.text)), "the caret stays after what was typed");
        assert_eq!(r.splices.iter().fold(current.to_owned(), |t, s| s.apply(&t)), r.text);
    }

    #[test]
    fn several_typed_edits_land_on_their_words_after_others_edits() {
        let base = "one two three four";
        // Typed: "one" → "ONE", and "!" after "four"; the caret after "ONE".
        let typed = "ONE two three four!";
        // Others: "two" removed, "five" added at the end.
        let current = "one three four five";
        let r = rebase_typing(base, typed, current, Selection::caret(3));
        assert_eq!(r.text, "ONE three four! five");
        assert_eq!(r.selection, Selection::caret(3));
    }

    #[test]
    fn deleting_what_others_deleted_too_deletes_nothing_more() {
        let base = "keep this drop this keep that";
        let typed = "keep this keep that";
        let current = "keep this keep that and more";
        let r = rebase_typing(base, typed, current, Selection::caret(10));
        assert_eq!(r.text, "keep this keep that and more");
        // Others inserted where the person deleted: both kept.
        let current = "keep this drop NEW this keep that";
        let r = rebase_typing(base, typed, current, Selection::caret(10));
        assert_eq!(r.text, "keep this NEW keep that");
    }

    #[test]
    fn typing_where_others_typed_keeps_both_and_counts_chars() {
        let base = "😀 café";
        let typed = "😀 café au lait";
        let current = "😀 café noir";
        let r = rebase_typing(base, typed, current, Selection::caret(chars(typed)));
        assert_eq!(r.text, "😀 café au lait noir");
        assert_eq!(r.selection, Selection::caret(chars("😀 café au lait")));
    }

    #[test]
    fn nothing_typed_changes_nothing() {
        let r = rebase_typing("a", "a", "ab", Selection::caret(1));
        assert!(r.splices.is_empty());
        assert_eq!(r.text, "ab");
        assert_eq!(r.selection, Selection::caret(1));
    }
}
