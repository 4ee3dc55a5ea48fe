//! [`merge`]: a text field of a form (a group's purpose, a constitution section, the
//! membership agreement) that the person changed while someone else changed it elsewhere.
//! Saving the form as typed would take the other change out again; Automerge merges such
//! edits character by character, and so does this, unless the two edits touch the same words.

use super::{
    rebase::{applied, carried_over, offset},
    splices_between, Splice,
};

/// The value to save for a text field of a form opened on `base`, typed as `mine`, when the
/// field is `theirs` now, or `None` when both changed the same words (the caller then keeps
/// what the person typed and saw).
///
/// - the person left it as it was: `theirs`;
/// - nobody else changed it (or changed it the same way): `mine`;
/// - both changed it, in different places: both changes, each where it was made;
/// - an edit of one side overlaps or touches one of the other's (the same word changed
///   twice, a word typed where the other deleted): `None`, never a guess.
pub fn merge(base: &str, mine: &str, theirs: &str) -> Option<String> {
    if mine == base {
        return Some(theirs.to_owned());
    }
    if theirs == base || theirs == mine {
        return Some(mine.to_owned());
    }
    let (ours, others) = (splices_between(base, mine), splices_between(base, theirs));
    let touch = |a: &(usize, usize), b: &(usize, usize)| a.0 <= b.1 && b.0 <= a.1;
    let others_edited = edited(&others);
    if edited(&ours).iter().any(|a| others_edited.iter().any(|b| touch(a, b))) {
        return None;
    }
    Some(applied(theirs, &carried_over(ours, &others)))
}

/// The ranges of the old text (chars, `start..end`; empty where text was only inserted) that
/// `splices` (from it to a new value, in order) replace.
fn edited(splices: &[Splice]) -> Vec<(usize, usize)> {
    // Each splice is on the text the earlier ones left: back to the old text's positions.
    let mut shift = 0isize;
    splices
        .iter()
        .map(|s| {
            let start = offset(s.pos, -shift);
            shift += s.inserted() as isize - s.delete as isize;
            (start, start + s.delete)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BASE: &str = "The board meets quarterly. Members send a deputy when they cannot attend.";

    #[test]
    fn changes_in_different_sentences_are_both_kept() {
        let mine = "The board meets every two months. Members send a deputy when they cannot attend.";
        let theirs = "The board meets quarterly. Members send a named deputy when they cannot attend, and tell the chair.";
        assert_eq!(
            merge(BASE, mine, theirs).as_deref(),
            Some("The board meets every two months. Members send a named deputy when they cannot attend, and tell the chair.")
        );
        // Either way round.
        assert_eq!(merge(BASE, theirs, mine), merge(BASE, mine, theirs));
    }

    #[test]
    fn a_side_that_changed_nothing_takes_the_other() {
        let theirs = "The board meets monthly. Members send a deputy when they cannot attend.";
        assert_eq!(merge(BASE, BASE, theirs).as_deref(), Some(theirs));
        assert_eq!(merge(BASE, theirs, BASE).as_deref(), Some(theirs));
        assert_eq!(merge(BASE, theirs, theirs).as_deref(), Some(theirs), "the same change on both sides");
    }

    #[test]
    fn the_same_words_changed_twice_is_not_guessed() {
        let mine = "The board meets monthly. Members send a deputy when they cannot attend.";
        let theirs = "The board meets termly. Members send a deputy when they cannot attend.";
        assert_eq!(merge(BASE, mine, theirs), None);
        // A word typed right where the other side deleted one.
        let deleted = "The board meets. Members send a deputy when they cannot attend.";
        let typed = "The board meets quarterly at least. Members send a deputy when they cannot attend.";
        assert_eq!(merge(BASE, typed, deleted), None);
    }

    #[test]
    fn counts_characters_not_bytes() {
        let base = "Café – première réunion. Ordre du jour à suivre.";
        let mine = "Café – première réunion 😀. Ordre du jour à suivre.";
        let theirs = "Café – première réunion. Ordre du jour complet à suivre.";
        assert_eq!(merge(base, mine, theirs).as_deref(), Some("Café – première réunion 😀. Ordre du jour complet à suivre."));
    }

    proptest! {
        /// One side edits only before a line both keep, the other only after it: the
        /// merge is both edits, whichever way round.
        #[test]
        fn edits_on_either_side_of_a_kept_line_are_both_made(
            left in "[ab é😀]{0,12}", right in "[ab é😀]{0,12}",
            new_left in "[ab é😀]{0,12}", new_right in "[ab é😀]{0,12}",
        ) {
            let base = format!("{left}\n{right}");
            let mine = format!("{new_left}\n{right}");
            let theirs = format!("{left}\n{new_right}");
            let both = format!("{new_left}\n{new_right}");
            prop_assert_eq!(merge(&base, &mine, &theirs), Some(both.clone()));
            prop_assert_eq!(merge(&base, &theirs, &mine), Some(both));
        }
    }
}
